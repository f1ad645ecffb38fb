package hypercare

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The history of the scenario's daily report on Wed 2026-06-10 at 17:00,
// worked by hand from the issue list in rptScenario.
func TestReportHistory(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	r := rptBuild(t, in, Daily)
	h := r.History
	sev := func(counts ...int) []SeverityCount { // Sev1, Sev2, Sev3
		var out []SeverityCount
		for i, n := range counts {
			if n > 0 {
				out = append(out, SeverityCount{Severity: Severity(i + 1), Count: n})
			}
		}
		return out
	}
	day := func(d, opened, resolved, defects, gaps int, open []SeverityCount) HistoryDay {
		return HistoryDay{Date: Date{2026, 6, d}, Opened: opened, Resolved: resolved, Defects: defects, TrainingGaps: gaps, Open: open}
	}
	want := []HistoryDay{
		day(1, 0, 0, 0, 0, nil),
		day(2, 0, 0, 0, 0, nil),
		day(3, 0, 0, 0, 0, nil),
		day(4, 1, 0, 1, 0, sev(0, 1)),     // INC-5 opened
		day(5, 1, 1, 0, 0, sev(0, 0, 1)),  // INC-4 opened, INC-5 resolved
		day(6, 0, 0, 0, 0, sev(0, 0, 1)),  // weekend
		day(7, 0, 0, 0, 0, sev(0, 0, 1)),  //
		day(8, 2, 0, 1, 0, sev(0, 1, 2)),  // INC-1, INC-7 opened
		day(9, 2, 2, 1, 0, sev(0, 1, 2)),  // INC-2, INC-9 opened; INC-1, INC-7 resolved
		day(10, 2, 1, 1, 1, sev(1, 2, 2)), // INC-3, INC-6 opened, INC-3 resolved; INC-1 reopened; INC-8 comes at 18:00
	}
	if d := cmp.Diff(want, h.Days, cmpopts.IgnoreFields(HistoryDay{}, "End", "SLA", "EarliestExit", "Ready")); d != "" {
		t.Errorf("history days (-want +got):\n%s", d)
	}
	if !h.Days[9].End.Equal(in.AsOf) || !h.Days[0].End.Equal(chkAt(2026, 6, 2, 0, 0)) {
		t.Errorf("days end %s and %s, want the next midnight and the report's instant", h.Days[0].End, h.Days[9].End)
	}
	// The last day's open counts are the report's, by severity.
	bySev := map[Severity]int{}
	for _, c := range r.Open {
		bySev[c.Severity] += c.Count
	}
	for _, c := range h.Days[9].Open {
		if bySev[c.Severity] != c.Count {
			t.Errorf("last day: %d open %v, the report says %d", c.Count, c.Severity, bySev[c.Severity])
		}
	}
	// The last day's exit forecast is the report's verdict.
	if !h.Days[9].EarliestExit.Equal(r.Exit.EarliestExit) || h.Days[9].Ready != r.Exit.Ready {
		t.Errorf("last day's forecast %s (ready %v), the verdict's %s (ready %v)", h.Days[9].EarliestExit, h.Days[9].Ready, r.Exit.EarliestExit, r.Exit.Ready)
	}
	wantLoad := []Load{
		{Person: "ana", Shifts: 1, Total: 16 * time.Hour},
		{Person: "ben", Shifts: 1, Total: 8 * time.Hour},
		{Person: "cy", Shifts: 2, Total: 16 * time.Hour},
		{Person: "dan", Shifts: 1, Total: 16 * time.Hour},
	}
	if d := cmp.Diff(wantLoad, h.Load); d != "" {
		t.Errorf("load (-want +got):\n%s", d)
	}
	// On shift on the report's date: cy 09-17, then ana on call from 17:00.
	var wantHours []HourOnShift
	for hr := 9; hr < 24; hr++ {
		who := PersonID("cy")
		if hr >= 17 {
			who = "ana"
		}
		wantHours = append(wantHours, HourOnShift{Date: Date{2026, 6, 10}, Hour: hr, People: []PersonID{who}})
	}
	if d := cmp.Diff(wantHours, h.OnShift); d != "" {
		t.Errorf("on shift (-want +got):\n%s", d)
	}
	if len(h.Adoption) != 1 || h.Adoption[0].Segment != (Segment{"team", "Ops"}) || len(h.Adoption[0].Points) == 0 {
		t.Errorf("adoption traces: %+v, want the Ops series flagged as never used", h.Adoption)
	}
	if len(h.Phases) != 3 || !h.Phases[0].Span.Start.Equal(in.Engagement.GoLive) {
		t.Errorf("phases: %+v", h.Phases)
	}
}
