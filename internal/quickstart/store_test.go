package quickstart

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/hypercare-go/hypercare/store"
)

// -store memory: walks the same hypercare as a file store does; a
// postgres:// store is refused with where to find the command that has it.
func TestStoreFlag(t *testing.T) {
	var onDisk, inMemory bytes.Buffer
	if err := run(context.Background(), options{store: t.TempDir()}, &onDisk, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), options{store: "memory:"}, &inMemory, io.Discard); err != nil {
		t.Fatalf("-store memory: %v", err)
	}
	if onDisk.String() != inMemory.String() {
		t.Errorf("-store memory: walks another hypercare than a directory does")
	}
	err := run(context.Background(), options{store: "postgres://db.example.com/helpdesk"}, io.Discard, io.Discard)
	if !errors.Is(err, store.ErrUnknownScheme) || !strings.Contains(err.Error(), "cd store/postgres && go run ./examples/quickstart") {
		t.Errorf("-store postgres://...: got %v, want ErrUnknownScheme naming store/postgres/examples/quickstart", err)
	}
}

// Main: the flags, the exit codes, and a store URL's password never shown.
func TestMainFlags(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		inErr    string // what standard error says
		notInErr string
	}{
		{name: "help", args: []string{"-h"}, code: 0, inErr: "usage: go run ./examples/quickstart [-store"},
		{name: "unknown flag", args: []string{"-stroe", "x"}, code: 2, inErr: "flag provided but not defined: -stroe"},
		{name: "an argument", args: []string{"memory:"}, code: 2, inErr: `unexpected argument "memory:"`},
		{name: "-dir and -store differ", args: []string{"-dir", "a", "-store", "postgres://ana:s3cret@db/x"}, code: 2,
			inErr: "-dir a and -store postgres://ana:xxxxx@db/x: give one", notInErr: "s3cret"},
		{name: "backend not linked in", args: []string{"-store", "postgres://ana:s3cret@db/x"}, code: 1,
			inErr: "store: postgres://ana:xxxxx@db/x\n", notInErr: "s3cret"},
		{name: "memory", args: []string{"-store", "memory:"}, code: 0, inErr: "store: memory:\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main("go run ./examples/quickstart", tc.args, &out, &errOut)
			if code != tc.code || !strings.Contains(errOut.String(), tc.inErr) {
				t.Errorf("Main(%q): exit %d, want %d with %q on standard error:\n%s", tc.args, code, tc.code, tc.inErr, errOut.String())
			}
			if tc.notInErr != "" && strings.Contains(errOut.String(), tc.notInErr) {
				t.Errorf("Main(%q): standard error shows %q:\n%s", tc.args, tc.notInErr, errOut.String())
			}
			if code != 0 && out.Len() > 0 {
				t.Errorf("Main(%q) failed but wrote to standard output:\n%s", tc.args, out.String())
			}
		})
	}
}
