package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// fixture is the path of a helpdesk adapter's test file.
func fixture(source, name string) string {
	p, err := filepath.Abs(filepath.Join("..", "..", "ingest", source, "testdata", name))
	if err != nil {
		panic(err)
	}
	return p
}

// storedIDs returns the IDs of acme's issues in the store of dir, sorted.
func storedIDs(t *testing.T, dir string) []hypercare.IssueID {
	t.Helper()
	var ids []hypercare.IssueID
	withStore(t, dir, func(s store.Store) {
		issues, err := store.Collect(s.Issues(context.Background(), store.IssueFilter{Engagement: "acme"}))
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range issues {
			ids = append(ids, is.ID)
		}
	})
	slices.Sort(ids)
	return ids
}

func TestImport(t *testing.T) {
	dir := initAcme(t)
	// The fixtures' tickets, read off the files: Zendesk page 1 has tickets
	// 155-158 and 160, page 2 155, 159 and 160; the JSM search HD-11 and
	// HD-12; ServiceNow INC0010001 and INC0010002.
	run(t, dir, "import", "-from", "zendesk", fixture("zendesk", "page1.json")).want(t, 0,
		[]string{"page1.json: 5 changed of 5 issues (5 created)"}, nil)
	run(t, dir, "import", "-from", "zendesk", fixture("zendesk", "page2.json")).want(t, 0,
		[]string{"page2.json: 3 changed of 3 issues (1 created)"}, nil)
	r := run(t, dir, "import", "-from", "zendesk", fixture("zendesk", "page1.json"))
	r.want(t, 0, []string{"page1.json: 0 changed of 5 issues\n"}, nil)
	if r.err != "" {
		t.Errorf("piped, import wrote to standard error:\n%s", r.err)
	}
	run(t, dir, "import", "-from", "jsm", fixture("jsm", "search.json")).want(t, 0,
		[]string{"search.json: 2 changed of 2 issues (2 created)"}, nil)
	run(t, dir, "import", "-from", "servicenow", "-audit", fixture("servicenow", "sys_audit.json"), fixture("servicenow", "incident.json")).want(t, 0,
		[]string{"incident.json: 2 changed of 2 issues (2 created)"}, nil)

	want := []hypercare.IssueID{"155", "156", "157", "158", "159", "160", "HD-11", "HD-12", "INC0010001", "INC0010002"}
	if diff := cmp.Diff(want, storedIDs(t, dir)); diff != "" {
		t.Errorf("stored issues (-want +got):\n%s", diff)
	}
	// What was imported is what the other commands see.
	run(t, dir, "clocks", "-at", "2026-06-30 12:00").want(t, 0, []string{"158\tSev2\tfirst-response\tbreached"}, nil)
}

// TestImportCSV: a CSV file is read as the config's "import" section says,
// with the mapping it gives.
func TestImportCSV(t *testing.T) {
	dir := initAcme(t)
	csvFile := fixture("csv", "events.csv")
	run(t, dir, "import", "-from", "csv", csvFile).want(t, 2, nil,
		[]string{"hypercare.json: import.mappings.csv: missing"})

	m := hypercare.JSMMapping() // its statuses include the file's "Open"
	m.Groups = []hypercare.TeamTerm{{Value: "Service Desk", Team: hypercare.SteadyState}}
	m.OtherAgents = hypercare.SteadyState
	setImport(t, dir, map[string]any{
		"mappings": map[string]any{"csv": m},
		"csv": map[string]any{
			"columns": map[string]string{
				"ticket": "Issue key", "event_id": "History ID", "at": "Changed", "created": "Created",
				"status": "Status", "status_from": "Old status", "priority": "Priority", "priority_from": "Old priority",
				"type": "Issue Type", "type_from": "Old type", "group": "Assignment group", "group_from": "Old group",
				"assignee": "Assignee", "assignee_from": "Old assignee", "reply": "Public reply", "by": "Author",
			},
			"layout": "02/01/2006 15:04",
		},
		"csv_zone": "Europe/Berlin",
	})
	r := run(t, dir, "import", "-from", "csv", csvFile)
	r.want(t, 0, []string{"events.csv: "}, nil)
	if ids := storedIDs(t, dir); !slices.Contains(ids, "HD-1") || !slices.Contains(ids, "HD-2") {
		t.Errorf("stored issues %v, want HD-1 and HD-2 among them", ids)
	}
	run(t, dir, "import", "-from", "csv", csvFile).want(t, 0, []string{"events.csv: 0 changed of"}, nil)
}

// setImport sets the "import" section of the config in dir.
func setImport(t *testing.T, dir string, section map[string]any) {
	t.Helper()
	path := filepath.Join(dir, "hypercare.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(stripComments(raw), &c); err != nil {
		t.Fatal(err)
	}
	c["import"] = section
	out, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportErrors(t *testing.T) {
	dir := initAcme(t)
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"issues": [{"key": 5`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		err  string
	}{
		{"no source", []string{"x.json"}, `-from "": want one of csv, jsm, servicenow, zendesk`},
		{"unknown source", []string{"-from", "remedy", "x.json"}, `-from "remedy": want one of csv, jsm, servicenow, zendesk`},
		{"no file", []string{"-from", "jsm"}, "want one export FILE, got 0 arguments"},
		{"audit for another source", []string{"-from", "jsm", "-audit", "a.json", "x.json"}, "-audit is for -from servicenow, not jsm"},
		{"missing file", []string{"-from", "jsm", "nope.json"}, "open nope.json: no such file or directory"},
		{"malformed export", []string{"-from", "jsm", "bad.json"}, "bad.json: jsm: issue 1: unexpected EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run(t, dir, append([]string{"import"}, tc.args...)...).want(t, 2, nil, []string{"hypercare import: " + tc.err})
		})
	}
	if ids := storedIDs(t, dir); len(ids) != 0 {
		t.Errorf("failed imports stored %v", ids)
	}
}

// TestImportProgress: on a terminal (here, standard error is one only if the
// test runs on one, so the progress file is checked directly) the progress
// line names the file and the share read, and is wiped at the end.
func TestImportProgress(t *testing.T) {
	var term bytes.Buffer
	a := &app{out: &bytes.Buffer{}, errOut: &term}
	p, err := a.openProgress(fixture("jsm", "search.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.terminal = &term // as if standard error were a terminal
	if _, err := io.ReadAll(p); err != nil {
		t.Fatal(err)
	}
	p.done()
	got := term.String()
	if !bytes.Contains([]byte(got), []byte("% of ")) || !bytes.Contains([]byte(got), []byte("search.json")) || got[len(got)-1] != '\r' {
		t.Errorf("progress output %q: want the file, a share read and a wiped line", got)
	}
	if isTerminal(&term) {
		t.Error("a buffer counts as a terminal")
	}
}

// TestImportRefusesInvalidMapping: the config's mappings are validated
// before anything is read. A status term repeated to override the
// product's (JSM's "Waiting for customer" made an open status, clocks
// running) would otherwise be ignored silently, since the first term of a
// value wins; a mapping under a source that does not exist would never be
// used.
func TestImportRefusesInvalidMapping(t *testing.T) {
	dir := initAcme(t)
	m := hypercare.JSMMapping()
	m.Statuses = append(m.Statuses, hypercare.StatusTerm{Value: "Waiting for customer", Status: hypercare.StatusOpen})
	setImport(t, dir, map[string]any{"mappings": map[string]any{"jsm": m}})
	run(t, dir, "import", "-from", "jsm", fixture("jsm", "search.json")).want(t, 2, nil,
		[]string{"import.mappings.jsm", `"Waiting for customer"`})

	setImport(t, dir, map[string]any{"mappings": map[string]any{"jira": hypercare.JSMMapping()}})
	run(t, dir, "import", "-from", "jsm", fixture("jsm", "search.json")).want(t, 2, nil,
		[]string{`import.mappings.jira: unknown source "jira"`})
	if ids := storedIDs(t, dir); len(ids) != 0 {
		t.Errorf("imports with invalid mappings stored %v", ids)
	}
}
