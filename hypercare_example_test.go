package hypercare_test

import (
	"fmt"
	"time"

	"github.com/hypercare-go/hypercare"
)

// An issue is its timeline: append what happens, and read the state at any
// instant. An append that breaks the timeline's rules is rejected whole.
func ExampleIssue_Append() {
	t0 := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	issue := hypercare.Issue{ID: "INC-1", Title: "Cannot find the export button"}
	err := issue.Append(
		hypercare.Event{Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev3, Kind: hypercare.TrainingGap},
		hypercare.Event{Type: hypercare.EventAssigned, At: t0.Add(5 * time.Minute), Team: hypercare.SteadyState, Person: "sam"},
		hypercare.Event{Type: hypercare.EventResolved, At: t0.Add(time.Hour), Person: "sam"},
	)
	fmt.Println(err)
	s := issue.State()
	fmt.Println(s.Status, s.Severity, s.Kind, "by", s.ResolvedBy, "of the", s.ResolvedTeam, "team")

	// Reopening twice in a row is invalid: neither event is appended.
	err = issue.Append(
		hypercare.Event{Type: hypercare.EventReopened, At: t0.Add(2 * time.Hour)},
		hypercare.Event{Type: hypercare.EventReopened, At: t0.Add(3 * time.Hour)},
	)
	fmt.Println(err)
	fmt.Println(issue.Len(), "events, still", issue.State().Status)

	// Earlier states are derived from the same timeline.
	fmt.Println("at 10:30 it was", issue.StateAt(t0.Add(30*time.Minute)).Status)
	// Output:
	// <nil>
	// resolved Sev3 training-gap by sam of the steady-state team
	// hypercare: issue "INC-1": event 4: reopened event on an issue that is open
	// 3 events, still resolved
	// at 10:30 it was open
}
