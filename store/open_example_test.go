package store_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// A program takes where its store is as one string — a directory, memory:,
// or the URL of a registered backend — and opens it with Open.
func ExampleOpen() {
	tmp, err := os.MkdirTemp("", "hypercare-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	ctx := context.Background()
	at := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	e := hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}

	for _, target := range []string{filepath.Join(tmp, "store"), "memory:"} {
		s, err := store.Open(ctx, target)
		if err != nil {
			log.Fatal(err)
		}
		if err := s.CreateEngagement(ctx, e); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%T\n", s)
		s.Close()
	}

	// PostgreSQL registers itself when its module's package is imported;
	// without it:
	_, err = store.Open(ctx, "postgres://hypercare@db.example.com/helpdesk")
	fmt.Println(errors.Is(err, store.ErrUnknownScheme))
	fmt.Println(err)
	// Output:
	// *store.File
	// *store.Memory
	// true
	// store: no backend registered for the scheme "postgres": import _ "github.com/hypercare-go/hypercare/store/postgres", a module of its own, to register it
}
