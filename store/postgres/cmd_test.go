package postgres

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommand builds the hypercare command with PostgreSQL linked in
// (cmd/hypercare) and runs it against the tests' server: init creates the
// schema and the engagement from the URL given as -store and writes the
// URL into the config, status reads it back through the config, and the
// engagement is in the database.
func TestCommand(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "hypercare")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/hypercare").CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/hypercare: %v\n%s", err, out)
	}
	dir := t.TempDir()
	run := func(args ...string) (string, string, int) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatalf("hypercare %s: %v", strings.Join(args, " "), err)
		}
		return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
	}
	schema := testSchema(dir)
	url := asURL(t, fastURL()) + "&schema=" + schema

	// Without migrate=true a fresh schema is not there: a store failure.
	if _, errOut, code := run("init", "-id", "acme", "-zone", "Europe/Berlin", "-go-live", "2026-03-09 08:00", "-store", url); code != 3 || !strings.Contains(errOut, "schema version") {
		t.Fatalf("init on an unmigrated schema: exit %d, want 3 and a schema version error:\n%s", code, errOut)
	}
	out, errOut, code := run("init", "-force", "-id", "acme", "-zone", "Europe/Berlin", "-go-live", "2026-03-09 08:00", "-store", url+"&migrate=true")
	if code != 0 || !strings.Contains(out, `engagement "acme"`) || !strings.Contains(out, "created the store postgres://") {
		t.Fatalf("init: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	out, errOut, code = run("status", "-at", "2026-03-09 12:00")
	if code != 0 || !strings.Contains(out, "acme") {
		t.Fatalf("status: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	out, errOut, code = run("clocks", "-store", url, "-at", "2026-03-09 12:00")
	if code != 0 {
		t.Fatalf("clocks -store URL: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	s, err := Open(context.Background(), fastURL(), Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := s.Engagement(context.Background(), "acme")
	if err != nil {
		t.Fatalf("the engagement init stored: %v", err)
	}
	if got := e.Location.String(); got != "Europe/Berlin" {
		t.Errorf("the stored engagement's zone: got %s, want Europe/Berlin", got)
	}
}
