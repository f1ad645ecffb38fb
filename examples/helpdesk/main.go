// Command helpdesk bridges a helpdesk to hypercare: it mounts the webhook
// bridge (package ingest/bridge) on a store and serves the SLA clocks and
// the exit verdict as JSON.
//
//	go run ./examples/helpdesk -addr localhost:8080 -store ./hypercare-data -token s3cret
//
// On first use it creates the engagement: going live today, four weeks
// planned, the default SLA policy on Mon–Fri 09:00–17:00 business hours. Then:
//
//	curl -X POST localhost:8080/webhooks -H 'Authorization: Bearer s3cret' \
//	  -d '{"event":"created","ticket":"T-1","at":"2026-06-01T10:00:00+02:00",
//	  "priority":"high","type":"incident","title":"Invoices fail"}'
//	curl localhost:8080/issues/T-1/clocks
//	curl 'localhost:8080/clocks?state=at-risk'
//	curl localhost:8080/exit
//
// -store is opened with store.Open: a directory for the file store
// (default: a fresh temporary directory), or memory:; -dir DIR is the same
// as -store DIR. Without -token it makes one up and prints it. Sign-offs
// (POST /signoffs) are accepted only with -signoff-token. Zendesk, Jira and
// ServiceNow webhooks (POST /hooks/zendesk, /hooks/jsm, /hooks/servicenow)
// are served when the environment holds their secrets:
// HYPERCARE_ZENDESK_SECRET, HYPERCARE_JSM_SECRET, HYPERCARE_SERVICENOW_TOKEN.
//
// The file store admits one process. For several servers behind a load
// balancer, sharing one hypercare, run the same program with PostgreSQL
// linked in, from a checkout of the repository:
//
//	cd store/postgres && go run ./examples/helpdesk -store 'postgres://...?schema=erp&migrate=true'
//
// The program is package internal/helpdesk (its Handler, in handler.go, is
// the reference); this file only runs it.
package main

import (
	"os"

	"github.com/hypercare-go/hypercare/internal/helpdesk"
)

func main() {
	os.Exit(helpdesk.Main("go run ./examples/helpdesk", os.Args[1:], os.Stdout, os.Stderr))
}
