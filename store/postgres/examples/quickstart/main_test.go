package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/internal/quickstart"
	"github.com/hypercare-go/hypercare/store"
	"github.com/hypercare-go/hypercare/store/postgres/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// golden is the walk the root module's quickstart prints on a file store,
// checked there (internal/quickstart's TestGolden).
const golden = "../../../../internal/quickstart/testdata/quickstart.golden"

// On a PostgreSQL schema the quickstart walks the same hypercare as on a
// directory: its output is the file store's, byte for byte, and the
// hypercare is then in the database, where a fresh store.Open finds it.
// A second run into the same schema is refused.
func TestQuickstartOnPostgres(t *testing.T) {
	url := pgtest.SchemaURL(t)
	quickstartRun := func(target string) (string, string, int) {
		var out, errOut bytes.Buffer
		code := quickstart.Main("go run ./examples/quickstart", []string{"-store", target}, &out, &errOut)
		return out.String(), errOut.String(), code
	}
	onPostgres, log, code := quickstartRun(url)
	if code != 0 {
		t.Fatalf("quickstart -store postgres://...: exit %d:\n%s", code, log)
	}
	if want := "store: postgres://"; !strings.HasPrefix(log, want) {
		t.Errorf("the log does not start with %q:\n%s", want, log)
	}
	onDisk, log, code := quickstartRun(filepath.Join(t.TempDir(), "store"))
	if code != 0 {
		t.Fatalf("quickstart -store DIR: exit %d:\n%s", code, log)
	}
	lines := func(s string) []string { return strings.Split(s, "\n") }
	if diff := cmp.Diff(lines(onDisk), lines(onPostgres)); diff != "" {
		t.Errorf("the walk on PostgreSQL differs from the walk on a directory (-directory +postgres):\n%s", diff)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lines(string(want)), lines(onPostgres)); diff != "" {
		t.Errorf("the walk on PostgreSQL differs from %s (-want +got):\n%s", golden, diff)
	}

	// What the walk stored, read by a process of its own would: a fresh
	// store.Open of the URL, without migrating.
	ctx := context.Background()
	s, err := store.Open(ctx, strings.Replace(url, "migrate=true", "migrate=false", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := s.Engagement(ctx, "acme-crm")
	if err != nil {
		t.Fatalf("the walk's engagement: %v", err)
	}
	if e.Name != "Acme CRM go-live" {
		t.Errorf("the stored engagement's name: %q", e.Name)
	}
	issues, err := store.Collect(s.Issues(ctx, store.IssueFilter{Engagement: e.ID}))
	if err != nil {
		t.Fatal(err)
	}
	events := 0
	for _, is := range issues {
		events += len(is.Events())
	}
	// The walk's first lines say how many events the exports delivered.
	if want := "delivered " + strconv.Itoa(events) + " events"; !strings.Contains(onPostgres, want) {
		t.Errorf("PostgreSQL holds %d events in %d issues; the walk says otherwise:\n%.600s", events, len(issues), onPostgres)
	}
	signOffs, err := store.Collect(s.SignOffs(ctx, e.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(signOffs) != 1 || signOffs[0].Role != hypercare.RoleSponsor {
		t.Errorf("the stored sign-offs: %v, want the sponsor's", signOffs)
	}

	_, log, code = quickstartRun(url)
	if code != 1 || !strings.Contains(log, `already holds engagement "acme-crm"`) {
		t.Errorf("a second run into the schema: exit %d, want 1 saying it holds the engagement:\n%s", code, log)
	}
}
