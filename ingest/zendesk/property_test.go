package zendesk

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"pgregory.net/rapid"
)

// delivery is one event for one ticket, as a webhook would bring it.
type delivery struct {
	ticket hypercare.IssueID
	event  hypercare.Event
}

// deliveries returns every event of the pages, one per delivery.
func deliveries(t testing.TB, m hypercare.Mapping, pages ...[]byte) []delivery {
	var out []delivery
	for _, p := range pages {
		d := NewDecoder(bytes.NewReader(p))
		for {
			rec, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			events, err := m.Events(rec.Ticket, rec.Update)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				out = append(out, delivery{rec.Ticket, e})
			}
		}
	}
	return out
}

// TestDeliveryOrderProperty: the fixture imported as an export gives the
// same timelines, held events and SLA clocks as its events delivered one at
// a time, shuffled, some of them twice.
func TestDeliveryOrderProperty(t *testing.T) {
	m := testMapping()
	p1, p2 := readFixture(t, "page1.json"), readFixture(t, "page2.json")
	exported, _ := importPages(t, m, p1, p2)
	all := deliveries(t, m, p1, p2)
	policy := hypercare.DefaultPolicy(nil)
	asOfs := []time.Time{utc("2026-06-01T10:30:00Z"), utc("2026-06-01T13:15:00Z"), utc("2026-06-02T12:00:00Z"), utc("2026-06-09T00:00:00Z")}
	rapid.Check(t, func(rt *rapid.T) {
		order := rapid.Permutation(all).Draw(rt, "order")
		for range rapid.IntRange(0, 8).Draw(rt, "repeats") {
			again := all[rapid.IntRange(0, len(all)-1).Draw(rt, "repeat")]
			at := rapid.IntRange(0, len(order)).Draw(rt, "where")
			order = append(order[:at], append([]delivery{again}, order[at:]...)...)
		}
		got := map[hypercare.IssueID]hypercare.Issue{}
		for _, d := range order {
			is := got[d.ticket]
			is.ID = d.ticket
			if _, err := is.Insert(d.event); err != nil {
				rt.Fatal(err)
			}
			got[d.ticket] = is
		}
		for id, want := range exported {
			if want.Len() == 0 {
				continue // a deleted ticket: nothing is delivered
			}
			is := got[id]
			if diff := cmp.Diff(want.Events(), is.Events()); diff != "" {
				rt.Fatalf("ticket %s timeline (-export +deliveries):\n%s", id, diff)
			}
			if diff := cmp.Diff(want.Held(), is.Held()); diff != "" {
				rt.Fatalf("ticket %s held (-export +deliveries):\n%s", id, diff)
			}
			for _, asOf := range asOfs {
				for _, metric := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
					wc, werr := policy.Clock(want, metric, asOf)
					gc, gerr := policy.Clock(is, metric, asOf)
					if diff := cmp.Diff(wc, gc); diff != "" || (werr == nil) != (gerr == nil) {
						rt.Fatalf("ticket %s %s clock at %s (-export +deliveries):\n%s\nerrors %v, %v", id, metric, asOf, diff, werr, gerr)
					}
				}
			}
		}
	})
}
