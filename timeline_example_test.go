package hypercare_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/hypercare-go/hypercare"
)

// Webhooks arrive late, twice and out of order: Insert keeps every event,
// holds what the timeline cannot place yet, and releases it when the
// missing event arrives.
func ExampleIssue_Insert() {
	t0 := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	opened := hypercare.Event{ID: "a-1", Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev1, Kind: hypercare.Defect}
	resolved := hypercare.Event{ID: "a-3", Type: hypercare.EventResolved, At: t0.Add(2 * time.Hour), Person: "ben"}
	responded := hypercare.Event{ID: "a-2", Type: hypercare.EventResponded, At: t0.Add(10 * time.Minute), Person: "ben"}

	issue := hypercare.Issue{ID: "INC-7"}
	issue.Insert(resolved) // the resolution comes first
	for _, h := range issue.Held() {
		fmt.Printf("held: %s (%s)\n", h.Event.Type, h.Reason)
	}
	ins, _ := issue.Insert(opened, responded, resolved) // and the rest, with a repeat
	fmt.Printf("%+v\n", ins)
	fmt.Println(issue.State().Status, "responded at", issue.State().Responded.Format(time.Kitchen))

	other := responded
	other.Person = "eli"
	_, err := issue.Insert(other)
	var conflict *hypercare.EventConflictError
	fmt.Println(errors.As(err, &conflict), errors.Is(err, hypercare.ErrInvalid))
	// Output:
	// held: resolved (resolved event before the issue is opened)
	// {Added:2 Duplicates:1 Held:0 Released:1 Displaced:0}
	// resolved responded at 10:10AM
	// true false
}
