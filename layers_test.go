package hypercare

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layerOf places each non-test file of the package in its layer (see the
// package comment): plumbing 0, calendar 1, the engagement core 2, the
// leaves rotation and adoption 3 (independent of each other), pitfalls and
// the report 4. A file may name identifiers of its own layer and below.
func layerOf(file string) (layer int, leaf string, ok bool) {
	switch {
	case slices.Contains([]string{"doc.go", "text.go", "enum.go", "json.go", "json_decode.go", "errors.go"}, file):
		return 0, "", true
	case file == "calendar.go" || file == "ical.go":
		return 1, "", true
	case file == "hypercare.go", file == "timeline.go", file == "ingest.go", strings.HasPrefix(file, "severity"),
		strings.HasPrefix(file, "exit"), strings.HasPrefix(file, "plan"):
		return 2, "", true
	case strings.HasPrefix(file, "rotation"):
		return 3, "rotation", true
	case strings.HasPrefix(file, "adoption"):
		return 3, "adoption", true
	case file == "pitfalls.go" || strings.HasPrefix(file, "report"):
		return 4, "", true
	}
	return 0, "", false
}

// TestLayers fails when a file names a package-level identifier declared in
// a file of a higher layer, or when one leaf names the other's. The JSON
// plumbing is exempt from the rule for the types it encodes: json.go holds
// every layer's MarshalJSON by design, json_decode.go their plain decoders.
func TestLayers(t *testing.T) {
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	declared := map[string]string{} // package-level name -> file
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		if _, _, ok := layerOf(p); !ok {
			t.Errorf("%s is in no layer: add it to layerOf and to the package comment", p)
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, p, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = f
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					declared[d.Name.Name] = p
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						declared[s.Name.Name] = p
					case *ast.ValueSpec:
						for _, n := range s.Names {
							declared[n.Name] = p
						}
					}
				}
			}
		}
	}
	for p, f := range files {
		layer, leaf, _ := layerOf(p)
		if p == "json.go" || p == "json_decode.go" {
			continue
		}
		skip := map[*ast.Ident]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				skip[n.Sel] = true
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					skip[id] = true // a struct literal's field name
				}
			case *ast.Field:
				for _, id := range n.Names {
					skip[id] = true
				}
			case *ast.Ident:
				if skip[n] || n.Obj != nil || n.Name == "_" { // resolved within the file: local
					return true
				}
				home, ok := declared[n.Name]
				if !ok || home == p {
					return true
				}
				hl, hleaf, _ := layerOf(home)
				if hl > layer || (hl == layer && leaf != "" && hleaf != leaf) {
					t.Errorf("%s (layer %d) names %s from %s (layer %d)", fset.Position(n.Pos()), layer, n.Name, home, hl)
				}
			}
			return true
		})
	}
}
