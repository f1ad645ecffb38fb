package hypercare

import (
	"encoding/json"
	"testing"
	"time"
)

// benchTimeline returns a valid timeline of n events, one minute apart:
// opened, then responded, assigned and pause/resume pairs, resolved last.
func benchTimeline(n int) []Event {
	at := time.Date(2026, time.March, 9, 8, 0, 0, 0, time.UTC)
	tick := func(i int) time.Time { return at.Add(time.Duration(i) * time.Minute) }
	out := []Event{{Type: EventOpened, At: tick(0), Severity: Sev2, Kind: Defect}}
	for i := 1; len(out) < n-1; i++ {
		switch i % 4 {
		case 1:
			out = append(out, Event{Type: EventResponded, At: tick(len(out)), Person: "ana"})
		case 2:
			out = append(out, Event{Type: EventAssigned, At: tick(len(out)), Team: SteadyState, Person: "bo"})
		case 3:
			out = append(out, Event{Type: EventPaused, At: tick(len(out)), Reason: "waiting on the customer"})
		case 0:
			out = append(out, Event{Type: EventResumed, At: tick(len(out))})
		}
	}
	if out[len(out)-1].Type == EventPaused {
		out = append(out, Event{Type: EventResumed, At: tick(len(out))})
	}
	for len(out) < n {
		out = append(out, Event{Type: EventResolved, At: tick(len(out)), Person: "bo"})
		if len(out) < n {
			out = append(out, Event{Type: EventReopened, At: tick(len(out))})
		}
	}
	return out[:n]
}

// BenchmarkIssueAppend appends a 50-event timeline one event at a time, in
// time order: the in-order path every helpdesk feed takes.
func BenchmarkIssueAppend(b *testing.B) {
	events := benchTimeline(50)
	b.ReportAllocs()
	for b.Loop() {
		var is Issue
		for _, e := range events {
			if err := is.Append(e); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkIssueUnmarshalJSON decodes an issue of 50 events: what a tool
// reading issues as JSON pays per issue.
func BenchmarkIssueUnmarshalJSON(b *testing.B) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	is := Issue{ID: "INC-1", Engagement: "erp", Title: "Invoices fail to post"}
	events := []Event{{Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect}}
	for k := 1; k < 50; k++ {
		at := t0.Add(time.Duration(k) * time.Hour)
		if k%2 == 1 {
			events = append(events, Event{Type: EventPaused, At: at})
		} else {
			events = append(events, Event{Type: EventResumed, At: at})
		}
	}
	if err := is.Append(events...); err != nil {
		b.Fatal(err)
	}
	js, err := json.Marshal(is)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var back Issue
		if err := json.Unmarshal(js, &back); err != nil {
			b.Fatal(err)
		}
	}
}
