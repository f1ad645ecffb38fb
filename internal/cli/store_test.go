package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hypercare-go/hypercare/store"
)

// TestStoreFlag: -store names the store instead of the config's — a
// directory (relative to the working directory), memory:, or a URL — and a
// URL whose backend this binary lacks is an input error that says which
// command has it and never shows the password.
func TestStoreFlag(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, "init", "-id", "acme", "-zone", "Europe/Berlin", "-go-live", "2026-03-09 08:00", "-store", "elsewhere").want(t, 0,
		[]string{"created the store elsewhere\n"}, nil)
	if _, err := os.Stat(filepath.Join(dir, "elsewhere", "journal")); err != nil {
		t.Errorf("init -store elsewhere made no store there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "hypercare-store")); err == nil {
		t.Errorf("init -store elsewhere made the default store too")
	}
	if cfg := mustRead(t, filepath.Join(dir, "hypercare.json")); !strings.Contains(cfg, `"store": "elsewhere"`) {
		t.Errorf("init -store elsewhere: the config does not name it:\n%s", cfg)
	}
	s, err := store.OpenFile(filepath.Join(dir, "elsewhere"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Engagement(t.Context(), "acme"); err != nil {
		t.Errorf("the engagement in the -store store: %v", err)
	}
	s.Close()

	run(t, dir, "status", "-at", "2026-03-09 12:00").want(t, 0, []string{"acme"}, nil)
	run(t, dir, "status", "-store", "memory:", "-at", "2026-03-09 12:00").want(t, 0, []string{"acme"}, nil)

	pg := "postgres://ana:s3cret@db.example.com/helpdesk"
	for _, args := range [][]string{
		{"status", "-store", pg},
		{"clocks", "-store", pg},
	} {
		r := run(t, dir, args...)
		r.want(t, 2, nil, []string{`scheme "postgres"`, "store/postgres/cmd/hypercare", "postgres://ana:xxxxx@db.example.com/helpdesk"})
		if strings.Contains(r.err+r.out, "s3cret") {
			t.Errorf("hypercare %s shows the password:\n%s", strings.Join(args, " "), r.err)
		}
	}

	// init -store URL writes the URL into the config, where it is not a
	// path relative to the config file; without the backend it then fails.
	other := t.TempDir()
	if err := os.Mkdir(filepath.Join(other, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, other, "init", "-config", "sub/hc.json", "-store", pg).want(t, 2, nil, []string{`scheme "postgres"`})
	if cfg := mustRead(t, filepath.Join(other, "sub", "hc.json")); !strings.Contains(cfg, `"store": "`+pg+`"`) {
		t.Errorf("init -store %s: the config does not name it:\n%s", pg, cfg)
	}
	run(t, other, "status", "-config", "sub/hc.json").want(t, 2, nil,
		[]string{"store postgres://ana:xxxxx@db.example.com/helpdesk:", `scheme "postgres"`})
	// A relative -store directory is made relative to the config file.
	run(t, other, "init", "-force", "-go-live", "2026-03-09 08:00", "-config", "sub/hc.json", "-store", "there").want(t, 0, []string{"created the store there\n"}, nil)
	if cfg := mustRead(t, filepath.Join(other, "sub", "hc.json")); !strings.Contains(cfg, `"store": "../there"`) {
		t.Errorf("init -config sub/hc.json -store there: the config does not name ../there:\n%s", cfg)
	}
	run(t, other, "status", "-config", "sub/hc.json", "-at", "2026-03-09 12:00").want(t, 0, nil, nil)
	if _, err := os.Stat(filepath.Join(other, "there", "journal")); err != nil {
		t.Errorf("the store ../there of sub/hc.json: %v", err)
	}
}
