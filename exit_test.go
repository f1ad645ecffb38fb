package hypercare

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// Helpers are prefixed "ex" so they never collide with other test files of
// the package. The tests use only the exported API (the oracle especially),
// so they check the contract, not the implementation.

var exBerlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// exAt returns the Berlin wall time y-m-d hh:mm.
func exAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, exBerlin)
}

// exEngagement is the issue's worked engagement: go-live Mon 2026-06-01 09:00
// Berlin, planned end Fri 2026-06-12 18:00, with the given exit criteria.
func exEngagement(cs ...Criterion) Engagement {
	return Engagement{
		ID: "E1", Location: exBerlin,
		GoLive:     exAt(2026, 6, 1, 9, 0),
		PlannedEnd: exAt(2026, 6, 12, 18, 0),
		Policy:     DefaultPolicy(nil),
		Exit:       ExitPolicy{Criteria: cs},
	}
}

func exIssue(t testing.TB, id IssueID, events ...Event) Issue {
	t.Helper()
	is := Issue{ID: id}
	if err := is.Append(events...); err != nil {
		t.Fatal(err)
	}
	return is
}

func exOpened(at time.Time, s Severity, k Kind) Event {
	return Event{Type: EventOpened, At: at, Severity: s, Kind: k}
}

func exEvaluate(t testing.TB, e Engagement, issues []Issue, signOffs []SignOff, asOf time.Time) Verdict {
	t.Helper()
	v, err := Evaluate(e, issues, signOffs, asOf)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func exDiff(t testing.TB, what string, want, got any) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, diff)
	}
}

// The issue's first worked case: a Sev2 defect on Wednesday keeps "no new
// Sev1/2 for 3 days" from holding at the planned end; the exit moves to
// Saturday 11:00, one day of extension.
func TestEvaluateWorkedSev2BeforePlannedEnd(t *testing.T) {
	e := exEngagement(NoNewIssues{AtLeast: Sev2, Days: 3})
	issues := []Issue{exIssue(t, "INC-1", exOpened(exAt(2026, 6, 10, 11, 0), Sev2, Defect))}
	v := exEvaluate(t, e, issues, nil, e.PlannedEnd)
	sat := exAt(2026, 6, 13, 11, 0)
	want := Verdict{
		AsOf:    e.PlannedEnd,
		Summary: "Not ready: earliest exit Sat 2026-06-13 11:00 CEST if nothing new happens, after the planned end Fri 2026-06-12 18:00 CEST: ask for a 1-day extension",
		Results: []Result{{
			Criterion: "no new Sev1/2 for 3 days",
			MetAt:     sat,
			Reason:    "1 Sev2 issue opened in the last 3 days: INC-1; met from Sat 2026-06-13 11:00 CEST if nothing new happens",
			Evidence:  []IssueID{"INC-1"},
			// Held from go-live + 3 days until the defect; holds again 3 days after it.
			Holds: []Interval{{Start: exAt(2026, 6, 4, 9, 0), End: exAt(2026, 6, 10, 11, 0)}, {Start: sat}},
		}},
		EarliestExit:    sat,
		PlannedEnd:      e.PlannedEnd,
		ExtensionDays:   1,
		ExtensionReason: "no new Sev1/2 for 3 days is met only from Sat 2026-06-13 11:00 CEST (INC-1), after the planned end Fri 2026-06-12 18:00 CEST; extend by 1 day to Sat 2026-06-13 18:00 CEST",
	}
	exDiff(t, "verdict", want, v)

	// At Saturday 11:00 exactly, with nothing new, it holds: the window
	// (Wed 11:00, Sat 11:00] no longer holds the opening.
	v = exEvaluate(t, e, issues, nil, sat)
	if !v.Ready || !v.Results[0].MetSince.Equal(sat) {
		t.Errorf("at %s: ready %v since %s, want ready since then", sat, v.Ready, v.Results[0].MetSince)
	}
	if v := exEvaluate(t, e, issues, nil, sat.Add(-time.Nanosecond)); v.Ready {
		t.Errorf("1 ns before %s: ready, want not", sat)
	}
}

// A Sev3 reclassified to Sev1 on Thu 16:00 resets the window exactly as a
// new Sev1 opened then would; a Sev1 reclassified down to Sev3 does not.
func TestEvaluateWorkedReclassification(t *testing.T) {
	e := exEngagement(NoNewIssues{AtLeast: Sev2, Days: 3})
	thu := exAt(2026, 6, 11, 16, 0)
	up := exIssue(t, "INC-2",
		exOpened(exAt(2026, 6, 5, 10, 0), Sev3, Defect),
		Event{Type: EventReclassified, At: thu, Severity: Sev1})
	fresh := exIssue(t, "INC-2", exOpened(thu, Sev1, Defect))
	vUp := exEvaluate(t, e, []Issue{up}, nil, e.PlannedEnd)
	vFresh := exEvaluate(t, e, []Issue{fresh}, nil, e.PlannedEnd)
	if want := exAt(2026, 6, 14, 16, 0); !vUp.EarliestExit.Equal(want) {
		t.Errorf("reclassified up: earliest exit %s, want %s", vUp.EarliestExit, want)
	}
	exDiff(t, "earliest exit and extension (reclassified vs new)",
		[]any{vFresh.EarliestExit, vFresh.ExtensionDays, vFresh.Results[0].Holds},
		[]any{vUp.EarliestExit, vUp.ExtensionDays, vUp.Results[0].Holds})
	if want := "1 Sev1/2 issue new in the last 3 days: INC-2 (reclassified to Sev1); met from Sun 2026-06-14 16:00 CEST if nothing new happens"; vUp.Results[0].Reason != want {
		t.Errorf("reason %q, want %q", vUp.Results[0].Reason, want)
	}
	if vUp.ExtensionDays != 2 {
		t.Errorf("extension %d days, want 2 (Fri 18:00 + 2 days >= Sun 16:00)", vUp.ExtensionDays)
	}

	down := exIssue(t, "INC-3",
		exOpened(exAt(2026, 6, 5, 10, 0), Sev1, Defect),
		Event{Type: EventReclassified, At: thu, Severity: Sev3})
	v := exEvaluate(t, e, []Issue{down}, nil, e.PlannedEnd)
	if !v.Ready || !v.Results[0].MetSince.Equal(exAt(2026, 6, 8, 10, 0)) {
		t.Errorf("reclassified down: ready %v since %s, want ready since Mon 2026-06-08 10:00 (opening + 3 days)", v.Ready, v.Results[0].MetSince)
	}
}

// A window that spans the change from CEST to CET on 2026-10-25 is 3
// calendar days (73 hours), not 72 hours.
func TestEvaluateWorkedWindowAcrossDST(t *testing.T) {
	e := exEngagement(NoNewIssues{AtLeast: Sev2, Days: 3})
	e.GoLive, e.PlannedEnd = exAt(2026, 10, 19, 9, 0), exAt(2026, 10, 30, 18, 0)
	opened := exAt(2026, 10, 24, 10, 0) // Sat, CEST
	issues := []Issue{exIssue(t, "INC-4", exOpened(opened, Sev2, Defect))}
	tue := exAt(2026, 10, 27, 10, 0) // Tue, CET
	if got := tue.Sub(opened); got != 73*time.Hour {
		t.Fatalf("test setup: %s between opening and Tue 10:00, want 73h", got)
	}
	if v := exEvaluate(t, e, issues, nil, opened.Add(72*time.Hour)); v.Ready {
		t.Errorf("72 h after the opening: ready, want not (the window is 3 calendar days)")
	} else if !v.EarliestExit.Equal(tue) {
		t.Errorf("earliest exit %s, want %s", v.EarliestExit, tue)
	}
	if v := exEvaluate(t, e, issues, nil, tue); !v.Ready {
		t.Errorf("at Tue 10:00 CET: not ready, want ready")
	}
}

// 10 issues resolved in the last 7 days, 9 by the steady-state team, one of
// those escalated to the project team first: takeover share 8/10 = 0.8.
func TestEvaluateWorkedTakeover(t *testing.T) {
	asOf := exAt(2026, 6, 12, 18, 0)
	var issues []Issue
	for i := range 10 {
		id := IssueID("INC-" + string(rune('A'+i)))
		opened := exAt(2026, 6, 6+i/2, 9, 0)
		evs := []Event{exOpened(opened, Sev3, Question), {Type: EventAssigned, At: opened.Add(time.Hour), Team: SteadyState}}
		switch i {
		case 3: // escalated, then resolved by the steady-state team
			evs = append(evs, Event{Type: EventEscalated, At: opened.Add(2 * time.Hour)},
				Event{Type: EventResolved, At: opened.Add(5 * time.Hour), Team: SteadyState})
		case 7: // resolved by the project team
			evs = append(evs, Event{Type: EventResolved, At: opened.Add(5 * time.Hour), Team: Project})
		default:
			evs = append(evs, Event{Type: EventResolved, At: opened.Add(5 * time.Hour)}) // owning team: steady-state
		}
		issues = append(issues, exIssue(t, id, evs...))
	}
	// An 11th resolved 8 days ago is outside the window.
	issues = append(issues, exIssue(t, "OLD",
		exOpened(exAt(2026, 6, 4, 9, 0), Sev3, Question),
		Event{Type: EventResolved, At: exAt(2026, 6, 4, 12, 0), Team: Project}))

	for _, tc := range []struct {
		share string
		met   bool
	}{{"0.8", true}, {"0.81", false}, {"0.79", true}} {
		e := exEngagement(Takeover{Days: 7, MinShare: decimal.RequireFromString(tc.share), MinResolved: 5})
		r := exEvaluate(t, e, issues, nil, asOf).Results[0]
		if r.Met != tc.met {
			t.Errorf("share %s: met %v, want %v (%s)", tc.share, r.Met, tc.met, r.Reason)
		}
		if !strings.HasPrefix(r.Reason, "8 of 10 issues resolved in the last 7 days were taken over by the steady-state team (0.8, at least "+tc.share+" needed); escalated or resolved by another team: INC-D, INC-H") {
			t.Errorf("share %s: reason %q", tc.share, r.Reason)
		}
		exDiff(t, "evidence", []IssueID{"INC-D", "INC-H"}, r.Evidence)
	}
}
