package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hypercare-go/hypercare/store"
)

// opened records the targets the test scheme's opener got.
var opened []string

func init() {
	store.Register("Open-Test", func(_ context.Context, target string) (store.Store, error) {
		opened = append(opened, target)
		return store.NewMemory(), nil
	})
}

func TestOpen(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		target string
		want   string // the type of store, or "" for an error
		err    error
		msg    []string // in the error
		opened string   // what the test scheme's opener got
	}{
		{name: "memory", target: "memory:", want: "*store.Memory"},
		{name: "memory in capitals", target: "MEMORY:", want: "*store.Memory"},
		{name: "memory with more", target: "memory:x", err: store.ErrInvalid, msg: []string{`"memory:x"`, `nothing after "memory:"`}},
		{name: "directory", target: filepath.Join(dir, "a"), want: "*store.File"},
		{name: "relative directory that looks like a URL", target: "./" + filepath.Join(strings.TrimPrefix(dir, "/"), "db:1"), want: "*store.File"},
		{name: "drive-letter path is a path", target: filepath.Join(dir, "c") + "/C:", want: "*store.File"},
		{name: "registered scheme, any case", target: "open-TEST://host/x?y=1", want: "*store.Memory", opened: "open-TEST://host/x?y=1"},
		{name: "empty", target: "", err: store.ErrInvalid, msg: []string{"empty target"}},
		{name: "postgres not linked in", target: "postgres://ana:s3cret@db.example.com/helpdesk", err: store.ErrUnknownScheme,
			msg: []string{`scheme "postgres"`, `import _ "github.com/hypercare-go/hypercare/store/postgres"`}},
		{name: "postgresql not linked in", target: "postgresql://db.example.com/helpdesk", err: store.ErrUnknownScheme,
			msg: []string{`scheme "postgresql"`, `store/postgres"`}},
		{name: "file URL", target: "file:///var/lib/hypercare", err: store.ErrUnknownScheme, msg: []string{`scheme "file"`, "as a path, not as a file: URL"}},
		{name: "unknown scheme", target: "mongodb://x", err: store.ErrUnknownScheme, msg: []string{`scheme "mongodb"`, "mongodb"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opened = nil
			if tc.name == "relative directory that looks like a URL" {
				t.Chdir("/")
			}
			s, err := store.Open(context.Background(), tc.target)
			if tc.want == "" {
				if !errors.Is(err, tc.err) || !errors.Is(err, store.ErrInvalid) {
					t.Fatalf("Open(%q): got %v, want an error wrapping %v and ErrInvalid", tc.target, err, tc.err)
				}
				for _, m := range tc.msg {
					if !strings.Contains(err.Error(), m) {
						t.Errorf("Open(%q): error %q lacks %q", tc.target, err, m)
					}
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("Open(%q): the error shows the password: %v", tc.target, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open(%q): %v", tc.target, err)
			}
			defer s.Close()
			if got := fmt.Sprintf("%T", s); got != tc.want {
				t.Errorf("Open(%q): got a %s, want a %s", tc.target, got, tc.want)
			}
			if tc.opened != "" && (len(opened) != 1 || opened[0] != tc.opened) {
				t.Errorf("Open(%q): the opener got %q, want [%q]", tc.target, opened, tc.opened)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := store.Open(ctx, "memory:"); !errors.Is(err, context.Canceled) {
		t.Errorf("Open with a cancelled context: got %v, want context.Canceled", err)
	}
}

func TestRegisterRefuses(t *testing.T) {
	open := func(context.Context, string) (store.Store, error) { return store.NewMemory(), nil }
	for _, tc := range []struct {
		name   string
		scheme string
		open   store.Opener
		msg    string
	}{
		{name: "nil opener", scheme: "nil-opener", msg: "nil Opener"},
		{name: "empty scheme", scheme: "", open: open, msg: "not a URL scheme"},
		{name: "one letter", scheme: "c", open: open, msg: "not a URL scheme"},
		{name: "colon", scheme: "pg:", open: open, msg: "not a URL scheme"},
		{name: "digit first", scheme: "9p", open: open, msg: "not a URL scheme"},
		{name: "memory", scheme: "Memory", open: open, msg: "built in"},
		{name: "twice", scheme: "OPEN-TEST", open: open, msg: "registered twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, tc.msg) || !strings.Contains(s, fmt.Sprintf("%q", tc.scheme)) {
					t.Errorf("Register(%q): got panic %v, want one naming it and saying %q", tc.scheme, r, tc.msg)
				}
			}()
			store.Register(tc.scheme, tc.open)
		})
	}
}
