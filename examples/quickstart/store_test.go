package main

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
	if !errors.Is(err, store.ErrUnknownScheme) || !strings.Contains(err.Error(), "store/postgres/cmd/hypercare") {
		t.Errorf("-store postgres://...: got %v, want ErrUnknownScheme naming store/postgres/cmd/hypercare", err)
	}
}
