package hypercare

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The README's "Your first hour" program and its output are
// Example_firstHour's body and // Output: block, so the README cannot rot:
// go test runs the example, and this test holds the README to it.
func TestReadmeFirstHour(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("firsthour_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	block := func(marker string) string {
		m := regexp.MustCompile("(?s)<!-- first-hour:" + marker + "[^>]*-->\n```[a-z]*\n(.*?)\n```").FindSubmatch(readme)
		if m == nil {
			t.Fatalf("README.md has no code block after <!-- first-hour:%s -->", marker)
		}
		return string(m[1])
	}
	m := regexp.MustCompile(`(?s)func Example_firstHour\(\) \{\n(.*?)\n\t// Output:\n(.*?)\n\}`).FindSubmatch(example)
	if m == nil {
		t.Fatal("firsthour_example_test.go has no Example_firstHour with an // Output: block")
	}
	var body, output []string
	for _, l := range strings.Split(string(m[1]), "\n") {
		body = append(body, strings.TrimPrefix(l, "\t"))
	}
	for _, l := range strings.Split(string(m[2]), "\n") {
		output = append(output, strings.TrimPrefix(strings.TrimSpace(l), "// "))
	}
	if diff := cmp.Diff(strings.Join(body, "\n"), block("code")); diff != "" {
		t.Errorf("README's first-hour program differs from Example_firstHour (-example +README):\n%s", diff)
	}
	if diff := cmp.Diff(strings.Join(output, "\n"), block("output")); diff != "" {
		t.Errorf("README's first-hour output differs from Example_firstHour's (-example +README):\n%s", diff)
	}
}
