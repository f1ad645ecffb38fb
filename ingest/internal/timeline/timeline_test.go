package timeline

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"pgregory.net/rapid"
)

// Add gives the issue Insert gives, for any batches of events in any order,
// with repeats.
func TestAddIsInsert(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	pool := []hypercare.Event{
		{ID: "1", Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev2, Kind: hypercare.Defect},
		{ID: "2", Type: hypercare.EventPaused, At: t0.Add(time.Hour), Reason: "waiting"},
		{ID: "3", Type: hypercare.EventResumed, At: t0.Add(2 * time.Hour)},
		{ID: "4", Type: hypercare.EventResolved, At: t0.Add(3 * time.Hour)},
		{ID: "5", Type: hypercare.EventReopened, At: t0.Add(4 * time.Hour)},
		{ID: "6", Type: hypercare.EventResponded, At: t0.Add(30 * time.Minute), Person: "ana"},
	}
	rapid.Check(t, func(rt *rapid.T) {
		batches := rapid.SliceOf(rapid.SliceOfN(rapid.SampledFrom(pool), 1, 3)).Draw(rt, "batches")
		var got, want hypercare.Issue
		for _, b := range batches {
			errGot := Add(&got, b...)
			_, errWant := want.Insert(b...)
			if (errGot == nil) != (errWant == nil) {
				rt.Fatalf("Add: %v, Insert: %v", errGot, errWant)
			}
		}
		if diff := cmp.Diff(want.Events(), got.Events()); diff != "" {
			rt.Fatalf("timeline (-Insert +Add):\n%s", diff)
		}
		if diff := cmp.Diff(want.Held(), got.Held()); diff != "" {
			rt.Fatalf("held (-Insert +Add):\n%s", diff)
		}
	})
}
