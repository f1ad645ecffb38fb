// Command helpdesk is the helpdesk bridge server of the repository
// (github.com/hypercare-go/hypercare/examples/helpdesk: the same routes and
// flags) with the PostgreSQL backend linked in, so that -store may be a
// PostgreSQL URL shared by any number of these servers — webhook workers
// behind a load balancer — and by a report server or the hypercare command.
// Run it from store/postgres in a checkout of the repository:
//
//	go run ./examples/helpdesk -addr :8080 -token s3cret \
//	  -store 'postgres://hypercare@db.example.com/helpdesk?schema=erp&migrate=true'
//
// migrate=true creates or migrates the schema's tables on start (under a
// lock, so workers may start together); the first worker creates the
// engagement, the others find it.
package main

import (
	"os"

	"github.com/hypercare-go/hypercare/internal/helpdesk"
	_ "github.com/hypercare-go/hypercare/store/postgres" // registers postgres:// with store.Open
)

func main() {
	os.Exit(helpdesk.Main("go run ./examples/helpdesk", os.Args[1:], os.Stdout, os.Stderr))
}
