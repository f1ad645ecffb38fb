// Command hypercare is the hypercare command — the same subcommands, flags,
// config file and exit codes, documented in
// github.com/hypercare-go/hypercare/cmd/hypercare — with the PostgreSQL
// backend linked in, so that -store (or the config's "store") may be a
// PostgreSQL URL shared by many processes:
//
//	hypercare init -id erp -store 'postgres://hypercare@db.example.com/helpdesk?schema=erp&migrate=true'
//	hypercare status
//
// The URL's query parameters schema and migrate choose the PostgreSQL
// schema and create or migrate its tables (see package
// github.com/hypercare-go/hypercare/store/postgres); migrate=true is what
// the first init needs. Directories and memory: work as with the plain
// command. Install it from a checkout of the repository:
//
//	cd store/postgres && go install ./cmd/hypercare
package main

import (
	"os"

	"github.com/hypercare-go/hypercare/internal/cli"
	_ "github.com/hypercare-go/hypercare/store/postgres" // registers postgres:// with store.Open
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
