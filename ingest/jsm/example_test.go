package jsm_test

import (
	"fmt"
	"strings"

	"github.com/hypercare-go/hypercare/ingest/jsm"
)

// A jira:issue_updated webhook gives the update of its changelog, at the
// delivery's timestamp.
func ExampleDecodeWebhook() {
	body := `{"timestamp": 1780311600000, "webhookEvent": "jira:issue_updated", "user": {"accountId": "ana-acct"},
	  "issue": {"key": "HD-11", "fields": {"summary": "Payroll run fails\u0007"}},
	  "changelog": {"id": "10100", "items": [
	    {"field": "status", "fromString": "Waiting for support", "toString": "Waiting for customer"},
	    {"field": "resolution", "fromString": null, "toString": null}]}}`
	t, err := jsm.DecodeWebhook(strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	u := t.Updates[0]
	fmt.Printf("%s %q: update %s at %s by %s: status %s -> %s\n", t.Key, t.Title, u.ID, u.At.Format("2006-01-02 15:04Z07:00"), u.By, u.Status.From, u.Status.To)
	// Output:
	// HD-11 "Payroll run fails": update 10100 at 2026-06-01 11:00Z by ana-acct: status Waiting for support -> Waiting for customer
}
