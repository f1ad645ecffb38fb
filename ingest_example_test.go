package hypercare_test

import (
	"fmt"
	"time"

	"github.com/hypercare-go/hypercare"
)

// A Zendesk ticket moves from "open" to "hold" and its priority from normal
// to urgent in one update: the mapping turns that into a reclassification
// and a pause, each with an ID made from the update's.
func ExampleMapping_Events() {
	m := hypercare.ZendeskMapping()
	at := time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)
	events, err := m.Events("ZD-155", hypercare.Update{
		ID: "926256957613", At: at,
		Status:   &hypercare.Change{From: "open", To: "hold"},
		Priority: &hypercare.Change{From: "normal", To: "urgent"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range events {
		fmt.Printf("%s %s %s %q\n", e.ID, e.Type, e.Severity, e.Reason)
	}
	_, err = m.Events("ZD-155", hypercare.Update{ID: "926256957614", At: at, Status: &hypercare.Change{From: "hold", To: "triage"}})
	fmt.Println(err)
	// Output:
	// 926256957613/reclassified reclassified Sev1 ""
	// 926256957613/paused paused Severity(0) "on hold: waiting on a third party"
	// hypercare: issue "ZD-155": update "926256957614": status "triage" is not mapped (mapped: new, open, pending, hold, solved, closed, deleted)
}
