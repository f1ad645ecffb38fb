package servicenow_test

import (
	"fmt"
	"strings"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/servicenow"
)

// A delivery with an audit row gives its update; the mapping turns it into
// events (on hold: a pause).
func ExampleDecodeWebhook() {
	body := `{"incident": {"sys_id": "a1", "number": "INC0010001", "short_description": "Payroll run fails",
	    "sys_created_on": "2026-06-01 07:00:00", "state": "3", "priority": "3"},
	  "audit": [{"sys_id": "s03", "documentkey": "a1", "tablename": "incident", "fieldname": "state",
	    "oldvalue": "2", "newvalue": "3", "sys_created_on": "2026-06-01 09:00:00", "user": "ana"}]}`
	d, err := servicenow.DecodeWebhook(strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	for _, u := range d.Updates {
		events, err := hypercare.ServiceNowMapping().Events(d.Number, u)
		if err != nil {
			panic(err)
		}
		for _, e := range events {
			fmt.Println(d.Number, e.ID, e.Type, e.At.Format("2006-01-02 15:04"), e.Reason)
		}
	}
	// Output:
	// INC0010001 s03/paused paused 2026-06-01 09:00 on hold
}
