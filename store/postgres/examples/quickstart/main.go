// Command quickstart is the quickstart of the repository
// (github.com/hypercare-go/hypercare/examples/quickstart: the same walk,
// flags and output) with the PostgreSQL backend linked in, so that -store
// may be a PostgreSQL URL. Run it from store/postgres in a checkout of the
// repository, on a new schema (migrate=true creates its tables):
//
//	go run ./examples/quickstart -store 'postgres://hypercare@db.example.com/helpdesk?schema=quickstart&migrate=true'
//
// It prints the same walk as on a directory or memory:, which work here too.
// The schema keeps the hypercare afterwards, for SQL: a second run into the
// same schema is refused.
package main

import (
	"os"

	"github.com/hypercare-go/hypercare/internal/quickstart"
	_ "github.com/hypercare-go/hypercare/store/postgres" // registers postgres:// with store.Open
)

func main() {
	os.Exit(quickstart.Main("go run ./examples/quickstart", os.Args[1:], os.Stdout, os.Stderr))
}
