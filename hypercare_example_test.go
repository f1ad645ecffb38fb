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

// Engagement.Clock is the SLA front door: it picks the policy of the phase
// the issue was opened in, so a Sev2 opened in week 1 runs on week 1's
// tighter target and one opened in week 3 on the steady one.
func ExampleEngagement_Clock() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	goLive := time.Date(2026, 6, 1, 8, 0, 0, 0, berlin) // a Monday
	erp, err := hypercare.ClassicPlan("erp", goLive, business, 4)
	if err != nil {
		panic(err)
	}
	for _, opened := range []time.Time{goLive.Add(2 * time.Hour), goLive.AddDate(0, 0, 14).Add(2 * time.Hour)} {
		issue := hypercare.Issue{ID: "INC-1", Title: "Invoices stuck in approval"}
		if err := issue.Append(hypercare.Event{Type: hypercare.EventOpened, At: opened, Severity: hypercare.Sev2, Kind: hypercare.Defect}); err != nil {
			panic(err)
		}
		c, err := erp.Clock(issue, hypercare.Resolution, opened.Add(time.Hour))
		if err != nil {
			panic(err)
		}
		phase, _ := erp.PhaseAt(opened)
		fmt.Printf("opened %s in %q: target %v, due %s\n", opened.Format("Mon 01-02 15:04"), phase.Name, c.Target, c.Due.Format("Mon 01-02 15:04"))
	}
	// Output:
	// opened Mon 06-01 10:00 in "week 1": target 8h0m0s, due Mon 06-01 18:00
	// opened Mon 06-15 10:00 in "weeks 3-4": target 16h0m0s, due Wed 06-17 10:00
}

// Timeline reads the events in order without copying them, as a report
// over many issues wants; Events returns a copy to keep or change.
func ExampleIssue_Timeline() {
	t0 := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	issue := hypercare.Issue{ID: "INC-1"}
	if err := issue.Append(
		hypercare.Event{Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev2, Kind: hypercare.Defect},
		hypercare.Event{Type: hypercare.EventResponded, At: t0.Add(10 * time.Minute), Person: "sam"},
	); err != nil {
		fmt.Println(err)
		return
	}
	for e := range issue.Timeline() {
		fmt.Println(e.At.Format("15:04"), e.Type)
	}
	// Output:
	// 10:00 opened
	// 10:10 responded
}
