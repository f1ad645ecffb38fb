// Command quickstart walks through a whole hypercare, run well: a 4-week
// hypercare after a CRM go-live, generated from a fixed seed, stored in a
// store, then read back and reported on.
//
//	go run ./examples/quickstart [-store DIR|memory:] [-html FILE]
//
// It prints the plan and its cost, the day-by-day exit progress, the final
// daily status, the rota's fairness and the hero report, and the adoption
// flags. -store is opened with store.Open: a directory for the file store
// (default: a new temporary directory), or memory:; -dir DIR is the same as
// -store DIR. The store goes to standard error; standard output is the same
// on every run. This program is built without PostgreSQL: for a postgres://
// store, run the same quickstart with it linked in, from a checkout of the
// repository:
//
//	cd store/postgres && go run ./examples/quickstart -store 'postgres://...?schema=quickstart&migrate=true'
//
// With -html FILE it also writes the final daily status as a self-contained
// HTML page with charts to FILE, and the weekly status for the week before it
// to FILE with "-weekly" added before its extension (status.html and
// status-weekly.html), and says where on standard error.
//
// The program is package internal/quickstart; this file only runs it.
package main

import (
	"os"

	"github.com/hypercare-go/hypercare/internal/quickstart"
)

func main() {
	os.Exit(quickstart.Main("go run ./examples/quickstart", os.Args[1:], os.Stdout, os.Stderr))
}
