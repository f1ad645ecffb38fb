package hypercare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// rptScenario is weeks 1 and 2 of a classic 3-week hypercare (go-live Mon
// 2026-06-01 09:00 Berlin; week 1 on WeekOnePolicy, later weeks on
// DefaultPolicy, both on Mon-Fri 09:00-17:00):
//
//	INC-1  Sev2 defect         Mon 06-08 10:00, ana (project) responds 10:30, resolves Tue 12:00; reopened Wed 09:00; workaround
//	INC-2  Sev2 defect         Tue 06-09 18:00, nobody responds
//	INC-3  Sev3 training gap   Wed 06-10 09:00, cy (steady-state) resolves 10:00
//	INC-4  Sev3 question       Fri 06-05 09:00, dan responds 09:05; fix expected Thu 06-11 12:00
//	INC-5  Sev2 defect         Thu 06-04 10:00, ben responds 10:10, resolves Fri 09:00
//	INC-6  Sev1 defect         Wed 06-10 13:30, ana responds 13:35
//	INC-7  Sev3 change request Mon 06-08 09:00, dan responds 09:30, resolves Tue 10:00; workaround
//	INC-8  Sev3 question       Wed 06-10 18:00
//	INC-9  Sev3 data fix       Tue 06-09 09:00, cy responds 09:30; paused 10:00
//
// The roster has four shifts: cy Wed 09-17, ana on call Wed 17:00-Thu 09:00,
// ben and cy Thu 09-17, dan on call Thu 17:00-Fri 09:00. Adoption: nobody in
// team Ops uses Approvals, sampled daily from Wed 05-27 to Fri 06-12.
func rptScenario(tb testing.TB) ReportInput {
	tb.Helper()
	e := chkClassic(tb, 3)
	e.Name = "CRM rollout"
	e.People = []Person{{ID: "ana", Team: Project}, {ID: "ben", Team: Project}, {ID: "cy", Team: SteadyState}, {ID: "dan", Team: SteadyState}}
	at := func(d, hh, mm int) time.Time { return chkAt(2026, 6, d, hh, mm) }
	opened := func(d, hh, mm int, s Severity, k Kind) Event {
		return Event{Type: EventOpened, At: at(d, hh, mm), Severity: s, Kind: k}
	}
	owned := func(d, hh, mm int, team Team, who PersonID) []Event {
		return []Event{{Type: EventAssigned, At: at(d, hh, mm), Team: team, Person: who}, {Type: EventResponded, At: at(d, hh, mm), Person: who}}
	}
	resolved := func(d, hh, mm int, team Team, who PersonID) Event {
		return Event{Type: EventResolved, At: at(d, hh, mm), Team: team, Person: who}
	}
	issue := func(id IssueID, title string, events ...[]Event) Issue {
		is := chkIssue(tb, id, slices.Concat(events...)...)
		is.Title = title
		return is
	}
	one := func(e Event) []Event { return []Event{e} }
	in := ReportInput{Engagement: e, History: true, Issues: []Issue{
		issue("INC-1", "Quotes lose their discount", one(opened(8, 10, 0, Sev2, Defect)), owned(8, 10, 30, Project, "ana"),
			one(resolved(9, 12, 0, Project, "ana")), one(Event{Type: EventReopened, At: at(10, 9, 0)})),
		issue("INC-2", "Report export times out", one(opened(9, 18, 0, Sev2, Defect))),
		issue("INC-3", "Where is my dashboard?", one(opened(10, 9, 0, Sev3, TrainingGap)),
			one(Event{Type: EventAssigned, At: at(10, 9, 10), Team: SteadyState, Person: "cy"}), one(resolved(10, 10, 0, SteadyState, "cy"))),
		issue("INC-4", "How do I merge accounts?", one(opened(5, 9, 0, Sev3, Question)), owned(5, 9, 5, SteadyState, "dan")),
		issue("INC-5", "Invoices cannot be posted", one(opened(4, 10, 0, Sev2, Defect)), owned(4, 10, 10, Project, "ben"),
			one(resolved(5, 9, 0, Project, "ben"))),
		issue("INC-6", "Orders fail to sync", one(opened(10, 13, 30, Sev1, Defect)), owned(10, 13, 35, Project, "ana")),
		issue("INC-7", "Add a region field", one(opened(8, 9, 0, Sev3, ChangeRequest)), owned(8, 9, 30, SteadyState, "dan"),
			one(resolved(9, 10, 0, SteadyState, "dan"))),
		issue("INC-8", "Where are my reports?", one(opened(10, 18, 0, Sev3, Question))),
		issue("INC-9", "Customer addresses imported twice", one(opened(9, 9, 0, Sev3, DataFix)), owned(9, 9, 30, SteadyState, "cy"),
			one(Event{Type: EventPaused, At: at(9, 10, 0), Reason: "waiting on customer"})),
	}}
	in.Issues[0].Workaround = "use the old quote screen"
	in.Issues[3].FixExpected = at(11, 12, 0)
	in.Issues[6].Workaround = "put the region in the notes"
	shift := func(name string, from, to time.Time, onCall bool, who ...PersonID) Shift {
		return Shift{Slot: Slot{Name: name, Start: from, End: to, OnCall: onCall}, People: who}
	}
	in.Roster.Shifts = []Shift{
		shift("day", at(10, 9, 0), at(10, 17, 0), false, "cy"),
		shift("night", at(10, 17, 0), at(11, 9, 0), true, "ana"),
		shift("day", at(11, 9, 0), at(11, 17, 0), false, "ben", "cy"),
		shift("night", at(11, 17, 0), at(12, 9, 0), true, "dan"),
	}
	ops := Series{Metric: AdoptionMetric{Kind: FeatureUse, Name: "Approvals"}, Segment: Segment{"team", "Ops"}}
	for d := (Date{2026, 5, 27}); !d.After(Date{2026, 6, 12}); d = d.AddDays(1) {
		ops.Samples = append(ops.Samples, Sample{Date: d, Value: 0, Base: 10})
	}
	in.Adoption = []Series{ops}
	in.Monitor = MonitorConfig{Calendar: chkBusiness(tb)}
	return in
}

func rptBuild(tb testing.TB, in ReportInput, a Audience) Report {
	tb.Helper()
	r, err := NewReport(in, a)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func rptIDs(ls []IssueLine) []IssueID {
	var ids []IssueID
	for _, l := range ls {
		ids = append(ids, l.ID)
	}
	return ids
}

// The daily status on Wed 2026-06-10 at 17:00, section by section, worked
// by hand from the scenario.
func TestReportDailySections(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	r := rptBuild(t, in, Daily)
	at := func(d, hh, mm int) time.Time { return chkAt(2026, 6, d, hh, mm) }

	t.Run("frame", func(t *testing.T) {
		got := []any{r.Audience, r.Engagement, r.Since, r.Day, r.PlannedDays, r.Phase, r.Headline}
		want := []any{Daily, EngagementID("crm"), at(9, 17, 0), 10, 21, "week 2",
			`Day 10 of 21, phase "week 2": 4 new and 1 resolved since Tue 2026-06-09 17:00 CEST; 5 open (1 Sev1, 2 Sev2, 2 Sev3); SLA clocks: 2 breached, 1 at risk.`}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("frame (-want +got):\n%s", d)
		}
	})
	t.Run("new since the last report", func(t *testing.T) {
		// INC-6 (Sev1), INC-1 (Sev2, reopened Wed), INC-2 (Sev2, opened Tue 18:00), INC-3 (Sev3).
		want := []IssueLine{
			{ID: "INC-6", Title: "Orders fail to sync", Severity: Sev1, Kind: Defect, Status: StatusOpen, Team: Project, Opened: at(10, 13, 30)},
			{ID: "INC-1", Title: "Quotes lose their discount", Severity: Sev2, Kind: Defect, Status: StatusOpen, Team: Project, Opened: at(8, 10, 0),
				Reopened: true, Workaround: "use the old quote screen"},
			{ID: "INC-2", Title: "Report export times out", Severity: Sev2, Kind: Defect, Status: StatusOpen, Opened: at(9, 18, 0)},
			{ID: "INC-3", Title: "Where is my dashboard?", Severity: Sev3, Kind: TrainingGap, Status: StatusResolved, Team: SteadyState,
				Opened: at(10, 9, 0), Resolved: at(10, 10, 0), ResolvedBy: "cy"},
		}
		if d := cmp.Diff(want, r.New); d != "" {
			t.Errorf("New (-want +got):\n%s", d)
		}
	})
	t.Run("resolved since the last report", func(t *testing.T) {
		// INC-7 was resolved Tue 10:00, before the last report; INC-1's
		// resolution was undone by its reopening.
		if d := cmp.Diff([]IssueID{"INC-3"}, rptIDs(r.Resolved)); d != "" {
			t.Errorf("Resolved (-want +got):\n%s", d)
		}
	})
	t.Run("open by severity and kind", func(t *testing.T) {
		want := []OpenCount{{Sev1, Defect, 1}, {Sev2, Defect, 2}, {Sev3, Question, 1}, {Sev3, DataFix, 1}}
		if d := cmp.Diff(want, r.Open); d != "" {
			t.Errorf("Open (-want +got):\n%s", d)
		}
	})
	t.Run("SLA clocks at risk and breached", func(t *testing.T) {
		// INC-4 (week 1: Sev3 resolution 20 business hours from Fri 09:00):
		// Fri 8 + Mon 8 + Tue 4 = due Tue 13:00, still unmet; 32 h used by
		// Wed 17:00 = 160%. INC-2: first response 2 business hours from Wed
		// 09:00 = due 11:00; 8 h used = 400%. INC-6: Sev1 resolution 4 h
		// from 13:30 = due 17:30, 3.5 h used = 87.5% >= 75%. Not listed:
		// INC-5's resolution breached Thu 06-04 18:00, resolved long ago;
		// INC-1's new cycle at 50%.
		type line struct {
			Issue      IssueID
			Metric     Metric
			State      ClockState
			Due        time.Time
			BreachedAt time.Time
			Percent    float64
		}
		var got []line
		for _, c := range r.Clocks {
			got = append(got, line{c.Issue, c.Clock.Metric, c.Clock.State, c.Clock.Due, c.Clock.BreachedAt, c.Clock.Percent})
		}
		want := []line{
			{"INC-4", Resolution, ClockBreached, at(9, 13, 0), at(9, 13, 0), 160},
			{"INC-2", FirstResponse, ClockBreached, at(10, 11, 0), at(10, 11, 0), 400},
			{"INC-6", Resolution, ClockRunning, at(10, 17, 30), time.Time{}, 87.5},
		}
		if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); d != "" {
			t.Errorf("Clocks (-want +got):\n%s", d)
		}
	})
	t.Run("known issues", func(t *testing.T) {
		// The open Sev1 without a workaround, the reopened INC-1 with one,
		// INC-4 with a fix date; not INC-7 (resolved).
		if d := cmp.Diff([]IssueID{"INC-6", "INC-1", "INC-4"}, rptIDs(r.Known)); d != "" {
			t.Errorf("Known (-want +got):\n%s", d)
		}
		if r.Known[2].FixExpected != at(11, 12, 0) {
			t.Errorf("INC-4 fix expected %v", r.Known[2].FixExpected)
		}
	})
	t.Run("exit progress is Evaluate's", func(t *testing.T) {
		v, err := Evaluate(ExitInput{Engagement: in.Engagement, Issues: in.Issues, AsOf: in.AsOf})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(v, r.Exit); d != "" {
			t.Errorf("Exit (-want +got):\n%s", d)
		}
	})
	t.Run("pitfalls are Pitfalls'", func(t *testing.T) {
		fs, err := Pitfalls(PitfallInput{Engagement: in.Engagement, Issues: in.Issues, Roster: in.Roster, AsOf: in.AsOf})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(fs, r.Findings); d != "" {
			t.Errorf("Findings (-want +got):\n%s", d)
		}
		if len(fs) == 0 {
			t.Error("the scenario should have pitfalls (ana is on call 16 h of the roster's 48 h)")
		}
	})
	t.Run("adoption flags of the day", func(t *testing.T) {
		// Approvals unused for 10 business days from Wed 05-27: Thu, Fri,
		// Mon-Fri, Mon, Tue, Wed 06-10.
		if len(r.Adoption) != 1 || r.Adoption[0].Rule != RuleNeverUsed || r.Adoption[0].Date != (Date{2026, 6, 10}) || r.Adoption[0].Level != LevelWarn {
			t.Errorf("Adoption = %v, want one never-used warning on 2026-06-10", r.Adoption)
		}
	})
	t.Run("on call in the next 24 hours", func(t *testing.T) {
		// Not cy's day shift ending at 17:00, nor dan's night starting Thu 17:00.
		var got []string
		for _, sh := range r.OnCall {
			got = append(got, fmt.Sprintf("%s %s %v", sh.Name, sh.Start.Format("Mon 15:04"), sh.People))
		}
		want := []string{"night Wed 17:00 [ana]", "day Thu 09:00 [ben cy]"}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("OnCall (-want +got):\n%s", d)
		}
	})
	t.Run("no weekly sections", func(t *testing.T) {
		if !r.Trend.This.End.IsZero() || r.Rota.Shifts != 0 || r.Segments != nil {
			t.Errorf("daily report has weekly sections: %+v %+v %v", r.Trend, r.Rota, r.Segments)
		}
	})
}

// Which SLA clocks the daily lists, on Wed 2026-06-10 12:00 since Tue
// 12:00, under DefaultPolicy (Sev1 15 min and 4 h around the clock, Sev2 2
// and 16 business hours on Mon-Fri 09:00-17:00):
//
//	X1  Sev1 Tue 20:00, resolved Wed 01:00: resolution breached Wed 00:00, since the last report   listed
//	X2  Sev1 Tue 06:00, resolved Tue 13:00: resolution breached Tue 10:00, before it               not listed
//	X3  Sev1 Mon 10:00, resolved Mon 16:00: breached Mon 14:00                                     not listed
//	X4  Sev2 Mon 10:00, responded Tue 10:00: first response breached Mon 12:00 but met since;      not listed
//	    resolution 7 + 8 + 1 business hours: breached Wed 10:00, still unmet                        listed
//	X5  Sev2 Mon 15:00, nobody responds: first response breached Mon 17:00, still unmet            listed
//	    resolution 2 + 8 + 3 = 13 of 16 business hours used: 81%, at risk (due Wed 15:00)          listed
//	X6  Sev2 Mon 13:00, responded, paused Wed 11:30: 4 + 8 + 2.5 = 14.5 of 16 h: 91%, paused at   listed
//	    risk (due 1.5 business hours from now, 13:30)
func TestReportClockSelection(t *testing.T) {
	e := chkClassic(t, 2)
	at := func(d, hh, mm int) time.Time { return chkAt(2026, 6, d, hh, mm) }
	ev := func(typ EventType, d, hh, mm int) Event { return Event{Type: typ, At: at(d, hh, mm)} }
	open := func(d, hh, mm int, s Severity) Event {
		return Event{Type: EventOpened, At: at(d, hh, mm), Severity: s, Kind: Defect}
	}
	issues := []Issue{
		chkIssue(t, "X1", open(9, 20, 0, Sev1), ev(EventResponded, 9, 20, 5), ev(EventResolved, 10, 1, 0)),
		chkIssue(t, "X2", open(9, 6, 0, Sev1), ev(EventResponded, 9, 6, 5), ev(EventResolved, 9, 13, 0)),
		chkIssue(t, "X3", open(8, 10, 0, Sev1), ev(EventResponded, 8, 10, 5), ev(EventResolved, 8, 16, 0)),
		chkIssue(t, "X4", open(8, 10, 0, Sev2), ev(EventResponded, 9, 10, 0)),
		chkIssue(t, "X5", open(8, 15, 0, Sev2)),
		chkIssue(t, "X6", open(8, 13, 0, Sev2), ev(EventResponded, 8, 13, 10), ev(EventPaused, 10, 11, 30)),
	}
	r := rptBuild(t, ReportInput{Engagement: e, Issues: issues, AsOf: at(10, 12, 0)}, Daily)
	var got []string
	for _, c := range r.Clocks {
		got = append(got, fmt.Sprintf("%s %s %s due %s", c.Issue, c.Clock.Metric, c.Clock.State, c.Clock.Due.Format("Mon 15:04")))
	}
	want := []string{
		"X5 first-response breached due Mon 17:00",
		"X1 resolution breached due Wed 00:00",
		"X4 resolution breached due Wed 10:00",
		"X6 resolution paused due Wed 13:30",
		"X5 resolution running due Wed 15:00",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Clocks (-want +got):\n%s", d)
	}
	if !strings.Contains(r.Text(), "X6     Sev2      resolution      paused, at risk           Wed 06-10 13:30  91%") {
		t.Errorf("paused clock not shown as paused and at risk:\n%s", r.Text())
	}
}

// An issue resolved before a period counts in it again once reopened: the
// weekly over Tue 06-09 16:00 to Fri 06-12 16:00 (3 days; the period before
// from Sat 06-06 16:00). Y, a Sev1 of go-live day resolved within the hour,
// reopened Sun 06-07 10:00 and resolved Mon 09:00: its new cycle (4 h, week
// 1's policy) breached Sun 14:00, the period before. Z, resolved on go-live
// day, reopened Wed 06-10 10:00 and resolved 11:00: met, this period.
func TestReportWeeklyReopenedClocks(t *testing.T) {
	e := chkClassic(t, 2)
	at := func(d, hh int) time.Time { return chkAt(2026, 6, d, hh, 0) }
	ev := func(typ EventType, t time.Time) Event { return Event{Type: typ, At: t} }
	issues := []Issue{
		chkIssue(t, "Y", Event{Type: EventOpened, At: at(1, 10), Severity: Sev1, Kind: Defect}, ev(EventResponded, at(1, 10).Add(5*time.Minute)),
			ev(EventResolved, at(1, 11)), ev(EventReopened, at(7, 10)), ev(EventResolved, at(8, 9))),
		chkIssue(t, "Z", Event{Type: EventOpened, At: at(1, 12), Severity: Sev1, Kind: Defect}, ev(EventResponded, at(1, 12).Add(5*time.Minute)),
			ev(EventResolved, at(1, 13)), ev(EventReopened, at(10, 10)), ev(EventResolved, at(10, 11))),
	}
	r := rptBuild(t, ReportInput{Engagement: e, Issues: issues, AsOf: at(12, 16), Since: at(9, 16)}, Weekly)
	got := [4]int{r.Trend.Last.SLAMet, r.Trend.Last.SLADecided, r.Trend.This.SLAMet, r.Trend.This.SLADecided}
	if want := [4]int{0, 1, 1, 1}; got != want {
		t.Errorf("SLA met/decided before and this period: %v, want %v", got, want)
	}
	if r.Trend.Last.Reopened != 1 || r.Trend.This.Reopened != 1 || r.Trend.Last.Resolved != 1 || r.Trend.This.Resolved != 1 {
		t.Errorf("reopened/resolved: %+v %+v", r.Trend.Last, r.Trend.This)
	}
}

// The adoption flags of a report are those dated after the last report's
// date, up to the report's, from samples up to the report's date, and the
// older ones still holding: nobody in Ops has used Approvals by 06-12 either,
// so the never-used flag of 06-10 stays on the page, marked as ongoing.
func TestReportAdoptionWindow(t *testing.T) {
	in := rptScenario(t)
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{chkAt(2026, 6, 9, 17, 0), 0},  // the flag is due on the 10th business day, 06-10
		{chkAt(2026, 6, 10, 8, 0), 1},  // the 06-10 sample counts from midnight
		{chkAt(2026, 6, 11, 17, 0), 1}, // since Wed 06-10 17:00: a flag of 06-10 may have come in after that report
		{chkAt(2026, 6, 12, 17, 0), 1}, // since Thu 06-11 17:00: the flag of 06-10 still holds
	} {
		in.AsOf = c.at
		if got := rptBuild(t, in, Daily).Adoption; len(got) != c.want {
			t.Errorf("at %s: flags %v, want %d", c.at, got, c.want)
		}
	}
	in.AsOf = chkAt(2026, 6, 12, 16, 0)
	in.Since = chkAt(2026, 6, 11, 0, 0)
	r := rptBuild(t, in, Daily)
	if got := r.Adoption; len(got) != 1 || !got[0].Ongoing {
		t.Errorf("since Thu 00:00 (date 06-10 before it): flags %v, want the 06-10 flag, ongoing", got)
	}
	if !strings.Contains(r.Text(), "- warn still holding, flagged 2026-06-10 team Ops, never-used: nobody in team Ops has used") {
		t.Errorf("the text does not show the flag as still holding, with its date:\n%s", r.Text())
	}
	in.Since = chkAt(2026, 6, 10, 23, 0)
	if got := rptBuild(t, in, Daily).Adoption; len(got) != 1 {
		t.Errorf("since Wed 23:00 (date 06-10 included): flags %v, want the 06-10 flag", got)
	}
}

// The weekly status on Fri 2026-06-12 at 16:00, worked by hand.
func TestReportWeeklySections(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 12, 16, 0)
	r := rptBuild(t, in, Weekly)
	at := func(d, hh int) time.Time { return chkAt(2026, 6, d, hh, 0) }

	t.Run("frame", func(t *testing.T) {
		// 8/14 = 57.1%, 2/3 = 66.7%.
		want := `Day 12 of 21, phase "week 2": 7 opened and 3 resolved since Fri 2026-06-05 16:00 CEST (2 and 1 in the 7 days before); backlog 6 (was 1); SLA clocks met 57% (67% before).`
		if r.Headline != want || r.Since != at(5, 16) {
			t.Errorf("headline %q since %s", r.Headline, r.Since)
		}
	})
	t.Run("this week", func(t *testing.T) {
		// Opened: INC-1, 2, 3, 6, 7, 8, 9 (defects 1, 2, 6; training gap 3;
		// others 7, 8, 9). Resolutions: INC-7 Tue 10:00, INC-1 Tue 12:00,
		// INC-3 Wed 10:00; reopened: INC-1. Open at the end: INC-1, 2, 4, 6,
		// 8, 9. SLA clocks decided: first responses met of INC-1, 3, 6, 7,
		// 9, breached of INC-2 (Wed 11:00) and INC-8 (Thu 17:00);
		// resolutions met of INC-3, 7 and INC-1's first cycle (10 of its 16
		// business hours, closed by the reopen), breached of INC-4 (Tue
		// 13:00), INC-6 (Wed 17:30), INC-1's new cycle and INC-2 (16
		// business hours from Wed 09:00: Thu 17:00): 8 of 14.
		want := Period{Start: at(5, 16), End: at(12, 16), Opened: 7, Resolved: 3, Reopened: 1, Backlog: 6,
			SLAMet: 8, SLADecided: 14, Defects: 3, TrainingGaps: 1, OtherKinds: 3}
		if d := cmp.Diff(want, r.Trend.This); d != "" {
			t.Errorf("This (-want +got):\n%s", d)
		}
	})
	t.Run("the week before", func(t *testing.T) {
		// Opened INC-5 (defect) and INC-4 (question); INC-5 resolved Fri
		// 09:00; INC-4 open at Fri 16:00. Clocks at Fri 16:00: first
		// responses of INC-4 and INC-5 met, INC-5's resolution (8 h 24x7
		// from Thu 10:00) breached Thu 18:00; INC-4's resolution runs.
		want := Period{Start: chkAt(2026, 5, 29, 16, 0), End: at(5, 16), Opened: 2, Resolved: 1, Backlog: 1,
			SLAMet: 2, SLADecided: 3, Defects: 1, OtherKinds: 1}
		if d := cmp.Diff(want, r.Trend.Last); d != "" {
			t.Errorf("Last (-want +got):\n%s", d)
		}
	})
	t.Run("day by day", func(t *testing.T) {
		want := []DayCount{
			{at(5, 16), at(6, 16), 0, 0},
			{at(6, 16), at(7, 16), 0, 0},
			{at(7, 16), at(8, 16), 2, 0},   // INC-7, INC-1
			{at(8, 16), at(9, 16), 1, 2},   // INC-9; INC-7, INC-1 resolved
			{at(9, 16), at(10, 16), 3, 1},  // INC-2 (Tue 18:00), INC-3, INC-6; INC-3 resolved
			{at(10, 16), at(11, 16), 1, 0}, // INC-8
			{at(11, 16), at(12, 16), 0, 0},
		}
		if d := cmp.Diff(want, r.Trend.Days); d != "" {
			t.Errorf("Days (-want +got):\n%s", d)
		}
	})
	t.Run("open", func(t *testing.T) {
		want := []OpenCount{{Sev1, Defect, 1}, {Sev2, Defect, 2}, {Sev3, Question, 2}, {Sev3, DataFix, 1}}
		if d := cmp.Diff(want, r.Open); d != "" {
			t.Errorf("Open (-want +got):\n%s", d)
		}
	})
	t.Run("adoption per segment", func(t *testing.T) {
		want := []SegmentFlags{{Segment: Segment{"team", "Ops"}, Warnings: 1, Rules: []string{"never-used"}}}
		if d := cmp.Diff(want, r.Segments); d != "" {
			t.Errorf("Segments (-want +got):\n%s", d)
		}
	})
	t.Run("rota and heroes", func(t *testing.T) {
		// Horizon Wed 09:00 to Fri 09:00, 48 h: ana, cy, dan 16 h each, ben
		// 8 h; Gini of (16, 16, 16, 8) = 3·8·2 / (2·4²·14) = 3/28.
		// Handled (at Fri 16:00): ana INC-1 and INC-6, ben INC-5, cy INC-3
		// and INC-9, dan INC-4 and INC-7; INC-2 and INC-8 nobody's: 7,
		// top share 2/7 (ana first), Gini of (2, 1, 2, 2) = 3·1·2 / (2·4²·1.75) = 3/28.
		want := RotaSummary{
			Horizon: Interval{at(10, 9), at(12, 9)}, Shifts: 4,
			People: []ShiftShare{{"ana", 16 * time.Hour, 1.0 / 3}, {"cy", 16 * time.Hour, 1.0 / 3}, {"dan", 16 * time.Hour, 1.0 / 3}, {"ben", 8 * time.Hour, 1.0 / 6}},
			Gini:   3.0 / 28, Handled: 7, TopHandler: "ana", TopShare: 2.0 / 7, HandlingGini: 3.0 / 28,
		}
		if d := cmp.Diff(want, r.Rota, cmpopts.EquateApprox(0, 1e-12)); d != "" {
			t.Errorf("Rota (-want +got):\n%s", d)
		}
	})
	t.Run("no daily sections", func(t *testing.T) {
		if r.New != nil || r.Resolved != nil || r.Clocks != nil || r.Known != nil || r.Adoption != nil || r.OnCall != nil {
			t.Errorf("weekly report has daily sections")
		}
	})
}

// Periods and days are (Start, End]: an event at a boundary belongs to the
// period or day it ends. At Fri 06-12 09:00, the days end at 09:00: INC-7
// (Mon 09:00), INC-9 (Tue 09:00) and INC-3 (Wed 09:00) open on the day
// ending then; INC-4 (Fri 06-05 09:00, opened) and INC-5 (resolved then)
// belong to the period before.
func TestReportBoundaries(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 12, 9, 0)
	r := rptBuild(t, in, Weekly)
	var got [][2]int
	for _, d := range r.Trend.Days {
		got = append(got, [2]int{d.Opened, d.Resolved})
	}
	// Sat, Sun; Mon: INC-7; Tue: INC-1, INC-9; Wed: INC-2, INC-3, and INC-7
	// and INC-1 resolved; Thu: INC-6, INC-8, and INC-3 resolved; Fri.
	want := [][2]int{{0, 0}, {0, 0}, {1, 0}, {2, 0}, {2, 2}, {2, 1}, {0, 0}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("days (-want +got):\n%s", d)
	}
	if l := r.Trend.Last; l.Opened != 2 || l.Resolved != 1 {
		t.Errorf("the week before: %d opened, %d resolved; want INC-4 and INC-5 opened, INC-5 resolved", l.Opened, l.Resolved)
	}
	in.AsOf, in.Since = chkAt(2026, 6, 10, 12, 0), chkAt(2026, 6, 10, 9, 0)
	d := rptBuild(t, in, Daily)
	if ids := rptIDs(d.New); len(ids) != 0 {
		t.Errorf("new since Wed 09:00: %v, want none (INC-3 opened and INC-1 reopened at 09:00)", ids)
	}
	if ids := rptIDs(d.Resolved); !slices.Equal(ids, []IssueID{"INC-3"}) {
		t.Errorf("resolved since Wed 09:00: %v, want INC-3", ids)
	}
}

// A weekly with a longer period since the last report compares it with a
// period as long before it; its first day is a short one.
func TestReportWeeklyLongerPeriod(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 12, 16, 0)
	in.Since = chkAt(2026, 6, 3, 18, 0) // 8 days and 22 hours: 9 days, the first from Wed 18:00 to Thu 16:00
	r := rptBuild(t, in, Weekly)
	if n := len(r.Trend.Days); n != 9 || r.Trend.Days[0].Start != in.Since || r.Trend.Days[0].End != chkAt(2026, 6, 4, 16, 0) {
		t.Fatalf("%d days, first %v", n, r.Trend.Days[0])
	}
	if r.Trend.Last.Start != chkAt(2026, 5, 25, 20, 0) {
		t.Errorf("the period before starts %s, want 8 days and 22 hours before Wed 06-03 18:00", r.Trend.Last.Start)
	}
	if !strings.Contains(r.Text(), "The last 9 days and the 9 days before") {
		t.Errorf("text does not name the period:\n%s", r.Text())
	}
	in.Since = in.AsOf.AddDate(-2, 0, 0)
	if _, err := NewReport(in, Weekly); err == nil {
		t.Error("a weekly over two years built without error")
	}
}

func TestReportHeadlineAfterThePlannedEnd(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 24, 10, 0) // day 24 of 21
	r := rptBuild(t, in, Daily)
	// Still unmet and breached: INC-1's new resolution cycle, INC-2's first
	// response and resolution, INC-4's and INC-6's resolutions, INC-8's
	// first response (Thu 06-11 17:00) and resolution (40 business hours
	// from Thu 06-11 09:00: Wed 06-17 17:00). INC-9 is paused.
	want := "Day 24, 3 days past the 21 planned: 0 new and 0 resolved since Tue 2026-06-23 10:00 CEST; 6 open (1 Sev1, 2 Sev2, 3 Sev3); SLA clocks: 7 breached, 0 at risk."
	if r.Headline != want {
		t.Errorf("headline\n got %q\nwant %q", r.Headline, want)
	}
	if r.Phase != "" {
		t.Errorf("phase %q after the last phase", r.Phase)
	}
}

// The day of hypercare counts 24-hour days from go-live (Mon 06-01 09:00),
// so the headline says "of 21" up to the planned end (Mon 06-22 09:00) and
// "past" only after it. With a planned end at another time of day (Sun 06-21
// 17:00: 20 days 8 hours, so 21 planned days), the rest of day 21 after it
// is still day 21, and day 22 is past.
func TestReportDayAgainstThePlannedEnd(t *testing.T) {
	for _, tc := range []struct {
		end  time.Time // zero: the scenario's
		asOf time.Time
		want string
	}{
		{asOf: chkAt(2026, 6, 1, 9, 0), want: "Day 1 of 21"},
		{asOf: chkAt(2026, 6, 1, 17, 0), want: "Day 1 of 21"},
		{asOf: chkAt(2026, 6, 2, 8, 59), want: "Day 1 of 21"}, // the first 24 hours
		{asOf: chkAt(2026, 6, 2, 9, 0), want: "Day 2 of 21"},
		{asOf: chkAt(2026, 6, 21, 17, 0), want: "Day 21 of 21"},
		{asOf: chkAt(2026, 6, 22, 8, 0), want: "Day 21 of 21"}, // before the planned end, the last day
		{asOf: chkAt(2026, 6, 22, 9, 0), want: "Day 22, 1 day past the 21 planned"},
		{end: chkAt(2026, 6, 21, 17, 0), asOf: chkAt(2026, 6, 21, 18, 0), want: "Day 21 of 21"},
		{end: chkAt(2026, 6, 21, 17, 0), asOf: chkAt(2026, 6, 22, 9, 0), want: "Day 22, 1 day past the 21 planned"},
	} {
		in := rptScenario(t)
		if !tc.end.IsZero() {
			in.Engagement.PlannedEnd = tc.end
		}
		in.AsOf = tc.asOf
		if h := rptBuild(t, in, Daily).Headline; !strings.HasPrefix(h, tc.want+",") && !strings.HasPrefix(h, tc.want+":") {
			t.Errorf("at %s: headline %q, want it to start %q", tc.asOf, h, tc.want)
		}
	}
}

// The period before is as long as the one since the last report: 7 days
// and 5 minutes since Fri 06-05 15:55 compare with the 7 days and 5
// minutes before it, from Fri 05-29 15:50, not 8 days.
func TestReportWeeklyLastPeriodIsAsLong(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 12, 16, 0)
	in.Since = chkAt(2026, 6, 5, 15, 55)
	tr := rptBuild(t, in, Weekly).Trend
	if want := chkAt(2026, 5, 29, 15, 50); !tr.Last.Start.Equal(want) || !tr.Last.End.Equal(in.Since) {
		t.Errorf("last period %s to %s, want %s to %s", tr.Last.Start, tr.Last.End, want, in.Since)
	}
	if len(tr.Days) != 8 || tr.Days[0].End.Sub(tr.Days[0].Start) != 5*time.Minute {
		t.Errorf("%d days, the first %s long; want 8, the first 5 minutes", len(tr.Days), tr.Days[0].End.Sub(tr.Days[0].Start))
	}
}

func TestReportRejectsBadInput(t *testing.T) {
	good := rptScenario(t)
	good.AsOf = chkAt(2026, 6, 10, 17, 0)
	bad := func(change func(in *ReportInput)) ReportInput {
		in := good
		change(&in)
		return in
	}
	for _, c := range []struct {
		name string
		in   ReportInput
		a    Audience
	}{
		{"unknown audience", good, Audience(0)},
		{"invalid engagement", bad(func(in *ReportInput) { in.Engagement.Location = nil }), Daily},
		{"zero at", bad(func(in *ReportInput) { in.AsOf = time.Time{} }), Daily},
		{"at before go-live", bad(func(in *ReportInput) { in.AsOf = chkAt(2026, 5, 31, 9, 0) }), Daily},
		{"since after at", bad(func(in *ReportInput) { in.Since = chkAt(2026, 6, 11, 9, 0) }), Weekly},
		{"since equal to at", bad(func(in *ReportInput) { in.Since = in.AsOf }), Daily},
		{"bad scheme", bad(func(in *ReportInput) { in.Scheme = Scheme{{Sev1, "", ""}} }), Daily},
		{"invalid series", bad(func(in *ReportInput) {
			in.Adoption = []Series{{Metric: AdoptionMetric{Kind: LoginRate}, Samples: []Sample{{Date: Date{2026, 6, 1}, Base: 0}}}}
		}), Daily},
		{"bad monitor config", bad(func(in *ReportInput) { in.Monitor.Baseline = 2 }), Weekly},
		{"bad monitor config without series", bad(func(in *ReportInput) { in.Adoption, in.Monitor.Baseline = nil, 2 }), Weekly},
		{"bad monitor config with only later samples", bad(func(in *ReportInput) {
			in.Adoption = []Series{{Metric: AdoptionMetric{Kind: LoginRate}, Samples: []Sample{{Date: Date{2026, 6, 30}, Value: 1, Base: 2}}}}
			in.Monitor.Baseline = 2
		}), Daily},
		{"bad check rules", bad(func(in *ReportInput) { in.Rules.UnownedFor = -time.Hour }), Daily},
	} {
		t.Run(c.name, func(t *testing.T) {
			if r, err := NewReport(c.in, c.a); err == nil {
				t.Errorf("NewReport = %s, want an error", r.Headline)
			}
		})
	}
}

// Issue text cannot break the layout: Markdown escapes its markup and both
// renderers fold line breaks.
func TestReportRendersUserTextSafely(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	in.Issues[5].Title = "Orders | fail *to* sync\n# not a heading"
	in.Issues[0].Workaround = "use <the> old [screen]\r\nthen ~save~ & close\fnow"
	r := rptBuild(t, in, Daily)
	md, txt := r.Markdown(), r.Text()
	squeezed := regexp.MustCompile(` {2,}`).ReplaceAllString(md, " ") // table cells are padded
	for _, want := range []string{
		`| INC-6 | Sev1 | defect | open | project | Orders \| fail \*to\* sync \# not a heading |`,
		`- **INC-1** Quotes lose their discount (Sev2 defect, open). Workaround: use \<the\> old \[screen\] then \~save\~ &amp; close now. No fix date yet.`,
	} {
		if !strings.Contains(squeezed, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	for _, want := range []string{
		"INC-6  Sev1      defect        open      project       Orders | fail *to* sync # not a heading",
		"- INC-1 Quotes lose their discount (Sev2 defect, open). Workaround: use <the> old [screen] then\n  ~save~ & close now. No fix date yet.",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("Text lacks %q:\n%s", want, txt)
		}
	}
	for _, out := range []string{md, txt} {
		for line := range strings.SplitSeq(out, "\n") {
			if strings.HasPrefix(line, "# not") {
				t.Errorf("user text started a line: %q", line)
			}
		}
	}
}

// Plain text stays under 100 columns and neither rendering carries a raw
// control character, whatever the titles hold: an escape sequence, a NUL, a
// tab, a line separator, a very long word.
func TestReportTextWidthAndControls(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	in.Issues[5].Title = "Orders \x1b[31mfail\x1b[0m\tto\x00sync\u2028again " + strings.Repeat("x", 150)
	in.Issues[0].Workaround = strings.Repeat("use the old screen, ", 12)
	for _, a := range []Audience{Daily, Weekly} {
		r := rptBuild(t, in, a)
		for name, out := range map[string]string{"Text": r.Text(), "Markdown": r.Markdown()} {
			for i, line := range strings.Split(out, "\n") {
				if name == "Text" && utf8.RuneCountInString(line) > 99 {
					t.Errorf("%s %s line %d has %d columns: %q", a, name, i+1, utf8.RuneCountInString(line), line)
				}
				if strings.ContainsFunc(line, func(r rune) bool { return unicode.IsControl(r) || r == '\u2028' }) {
					t.Errorf("%s %s line %d holds a control character: %q", a, name, i+1, line)
				}
			}
		}
	}
	// Markdown tables are aligned in the source: every row of a table as
	// wide as its header.
	for _, a := range []Audience{Daily, Weekly} {
		width := 0
		for i, line := range strings.Split(rptBuild(t, in, a).Markdown(), "\n") {
			if !strings.HasPrefix(line, "|") {
				width = 0
				continue
			}
			if n := utf8.RuneCountInString(line); width == 0 {
				width = n
			} else if n != width {
				t.Errorf("%s Markdown line %d is %d wide, its table's header %d: %q", a, i+1, n, width, line)
			}
		}
	}
	if txt := rptBuild(t, in, Daily).Text(); !strings.Contains(txt, "Orders [31mfail [0m to sync again") {
		t.Errorf("the title's control characters should become spaces, its text stay:\n%s", txt)
	}
}

// Golden-ish checks of the renderings of the weekly report: every section
// in order, and the numbers worked out in TestReportWeeklySections.
func TestReportWeeklyRendering(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 12, 16, 0)
	r := rptBuild(t, in, Weekly)
	md := r.Markdown()
	wantMD := []string{
		"# Weekly status: CRM rollout, Fri 2026-06-12 16:00 CEST\n\nDay 12 of 21, phase \"week 2\": 7 opened",
		"\n## Exit forecast\n\n",
		"\n## This week and the week before\n\n|                      | Since Fri 06-05 16:00 | The 7 days before |\n| -------------------- | --------------------: | ----------------: |\n| Opened               |                     7 |                 2 |\n| Resolved             |                     3 |                 1 |\n| Reopened             |                     1 |                 0 |\n| Open at the end      |                     6 |                 1 |\n| SLA clocks met       |         8 of 14 (57%) |      2 of 3 (67%) |\n| Defects opened       |               3 (43%) |           1 (50%) |\n| Training gaps opened |               1 (14%) |            0 (0%) |\n| Other issues opened  |               3 (43%) |           1 (50%) |\n",
		"\n## Day by day\n\n| Day (to 16:00) | Opened | Resolved |\n| -------------- | -----: | -------: |\n| Sat 06-06      |      0 |        0 |\n| Sun 06-07      |      0 |        0 |\n| Mon 06-08      |      2 |        0 |\n| Tue 06-09      |      1 |        2 |\n| Wed 06-10      |      3 |        1 |\n| Thu 06-11      |      1 |        0 |\n| Fri 06-12      |      0 |        0 |\n",
		"\n## Open issues\n\n| Severity | Defects | Training gaps | Questions | Change requests | Data fixes | Total |\n| -------- | ------: | ------------: | --------: | --------------: | ---------: | ----: |\n| Sev1     |       1 |             0 |         0 |               0 |          0 |     1 |\n| Sev2     |       2 |             0 |         0 |               0 |          0 |     2 |\n| Sev3     |       0 |             0 |         2 |               0 |          1 |     3 |\n| All      |       3 |             0 |         2 |               0 |          1 |     6 |\n",
		"\n## Pitfalls\n\n- **",
		"\n## Adoption by segment\n\n| Segment  | Alerts | Warnings | Rules      |\n| -------- | -----: | -------: | ---------- |\n| team Ops |      0 |        1 | never-used |\n",
		"\n## Rota and load\n\n4 shifts from Wed 2026-06-10 09:00 CEST to Fri 2026-06-12 09:00 CEST; busiest: ana, 16 h on shift (33.3% of the time); Gini of time on shift 0.11 over 4 people.\n\n| Person | On shift | Share |\n| ------ | -------: | ----: |\n| ana    |     16 h | 33.3% |\n| cy     |     16 h | 33.3% |\n| dan    |     16 h | 33.3% |\n| ben    |      8 h | 16.7% |\n\n7 issues handled: ana handled the most (29%); Gini of issues handled 0.11. Hero signals are among the pitfalls.\n",
	}
	rptInOrder(t, "Markdown", md, wantMD)
	wantText := []string{
		"Weekly status: CRM rollout, Fri 2026-06-12 16:00 CEST\n=====================================================\nDay 12 of 21",
		"\nThis week and the week before\n-----------------------------\n                      Since Fri 06-05 16:00  The 7 days before\nOpened                7                      2\n",
		"SLA clocks met        8 of 14 (57%)          2 of 3 (67%)\n",
		"\nAdoption by segment\n-------------------\nSegment   Alerts  Warnings  Rules\nteam Ops  0       1         never-used\n",
	}
	rptInOrder(t, "Text", r.Text(), wantText)
}

func rptInOrder(t *testing.T, what, out string, parts []string) {
	t.Helper()
	rest := out
	for _, p := range parts {
		i := strings.Index(rest, p)
		if i < 0 {
			t.Errorf("%s lacks, in order:\n%q\nin:\n%s", what, p, out)
			return
		}
		rest = rest[i+len(p):]
	}
}

func TestReportJSONRoundTrip(t *testing.T) {
	in := rptScenario(t)
	in.Roster.Warnings = []RotaWarning{{Kind: WarnNightImbalance, People: []PersonID{"ana"}, Gap: 10 * time.Hour, Reason: "r"}}
	locs := cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })
	for _, a := range []Audience{Daily, Weekly} {
		if a == Daily {
			in.AsOf = chkAt(2026, 6, 10, 17, 0) // every daily section has something
		}
		r := rptBuild(t, in, a)
		if a == Daily && (r.New == nil || r.Resolved == nil || r.Clocks == nil || r.Known == nil || r.Adoption == nil || r.OnCall == nil || r.Findings == nil) {
			t.Fatalf("a daily section is empty: %+v", r)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%v in %s", err, b)
		}
		if d := cmp.Diff(r, back, locs); d != "" {
			t.Errorf("%s report round trip (-want +got):\n%s", a, d)
		}
		if again, err := json.Marshal(back); err != nil || !bytes.Equal(again, b) {
			t.Errorf("%s report does not round-trip byte for byte (%v):\n first %s\nsecond %s", a, err, b, again)
		}
		if back.Markdown() != r.Markdown() || back.Text() != r.Text() {
			t.Errorf("%s report renders differently after a JSON round trip", a)
		}
		in.AsOf = chkAt(2026, 6, 12, 16, 0)
	}
	in.Since = chkAt(2026, 6, 8, 0, 0)
	in.Scheme = DefaultScheme()
	in.Rates = chkRates()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back ReportInput
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	if d := cmp.Diff(in, back, locs, cmp.AllowUnexported(Issue{})); d != "" {
		t.Errorf("ReportInput round trip (-want +got):\n%s", d)
	}
	for _, a := range []Audience{Daily, Weekly} {
		var x Audience
		text, err := a.MarshalText()
		if err != nil || x.UnmarshalText(text) != nil || x != a {
			t.Errorf("audience %v: text %q, back %v, err %v", a, text, x, err)
		}
	}
	if _, err := Audience(3).MarshalText(); err == nil {
		t.Error("Audience(3) encoded")
	}
}

// rptDrawInput draws a valid engagement, timelines, sign-offs, roster,
// adoption series and instants, with no other care.
func rptDrawInput(t *rapid.T) ReportInput {
	business, err := NewCalendar(chkBerlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	goLive := chkAt(2026, 1, 1, 0, 0).Add(time.Duration(rapid.IntRange(0, 365*24*4).Draw(t, "go-live quarter hours")) * 15 * time.Minute)
	var e Engagement
	switch plan := rapid.IntRange(0, 3).Draw(t, "plan"); plan {
	case 0:
		e, err = TaperPlan("crm", goLive, business)
	case 1:
		e = Engagement{ID: "crm", Location: chkBerlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 14), Policy: DefaultPolicy(business)}
	default:
		e, err = ClassicPlan("crm", goLive, business, plan+1)
	}
	if err != nil {
		t.Fatal(err)
	}
	people := []PersonID{"ana", "ben", "cy", "dan", "eve"}
	for i, id := range people[:rapid.IntRange(0, len(people)).Draw(t, "people")] {
		e.People = append(e.People, Person{ID: id, Team: Team(1 + i%2)})
	}
	span := time.Duration(rapid.IntRange(3, 30).Draw(t, "days")) * 24 * time.Hour
	instant := func(label string) time.Time {
		return goLive.Add(time.Duration(rapid.Int64Range(int64(-2*24*time.Hour), int64(span)).Draw(t, label)))
	}
	in := ReportInput{Engagement: e, History: true}
	for i := range rapid.IntRange(0, 12).Draw(t, "issues") {
		is := Issue{ID: IssueID(fmt.Sprintf("INC-%d", i)), Title: rapid.SampledFrom([]string{"", "A | b", "x\ny"}).Draw(t, "title")}
		at := instant("opened")
		kinds := []Kind{Defect, TrainingGap, Question, ChangeRequest, DataFix}
		_ = is.Append(Event{Type: EventOpened, At: at, Severity: Severity(rapid.IntRange(1, 4).Draw(t, "severity")), Kind: rapid.SampledFrom(kinds).Draw(t, "kind")})
		for range rapid.IntRange(0, 8).Draw(t, "events") {
			at = at.Add(time.Duration(rapid.Int64Range(0, int64(rapid.SampledFrom([]time.Duration{time.Hour, 12 * time.Hour, 72 * time.Hour}).Draw(t, "scale"))).Draw(t, "gap")))
			ev := Event{Type: EventType(rapid.IntRange(2, 9).Draw(t, "type")), At: at}
			switch ev.Type {
			case EventReclassified:
				ev.Severity = Severity(rapid.IntRange(1, 4).Draw(t, "new severity"))
			case EventAssigned:
				ev.Team = Team(rapid.IntRange(1, 2).Draw(t, "team"))
				ev.Person = rapid.SampledFrom(append(people, "")).Draw(t, "assignee")
			case EventResolved:
				ev.Team = Team(rapid.IntRange(0, 2).Draw(t, "resolving team"))
				ev.Person = rapid.SampledFrom(append(people, "")).Draw(t, "resolver")
			case EventResponded, EventEscalated:
				ev.Person = rapid.SampledFrom(append(people, "")).Draw(t, "person")
			}
			_ = is.Append(ev) // an event invalid for the state is dropped: the timeline stays valid
		}
		if rapid.Bool().Draw(t, "workaround") {
			is.Workaround = "do it by hand"
		}
		if rapid.Bool().Draw(t, "fix expected") {
			is.FixExpected = instant("fix")
		}
		in.Issues = append(in.Issues, is)
	}
	for range rapid.IntRange(0, 10).Draw(t, "shifts") {
		start := instant("shift")
		sh := Shift{Slot: Slot{Name: "s", Start: start, End: start.Add(time.Duration(rapid.IntRange(0, 24).Draw(t, "hours")) * time.Hour), OnCall: rapid.Bool().Draw(t, "on call")}}
		for range rapid.IntRange(0, 2).Draw(t, "seats") {
			sh.People = append(sh.People, rapid.SampledFrom(people).Draw(t, "on shift"))
		}
		in.Roster.Shifts = append(in.Roster.Shifts, sh)
	}
	if rapid.Bool().Draw(t, "signed off") {
		in.SignOffs = []SignOff{{By: "sam", Role: RoleSponsor, At: instant("sign-off")}}
	}
	for i := range rapid.IntRange(0, 2).Draw(t, "series") {
		s := Series{Metric: AdoptionMetric{Kind: FeatureUse, Name: "Approvals"}, Segment: Segment{"team", fmt.Sprint(i)}}
		first := DateOf(goLive.In(chkBerlin)).AddDays(rapid.IntRange(-5, 10).Draw(t, "first sample"))
		for d := range rapid.IntRange(1, 30).Draw(t, "samples") {
			s.Samples = append(s.Samples, Sample{Date: first.AddDays(d), Value: float64(rapid.IntRange(0, 10).Draw(t, "value")), Base: 10})
		}
		in.Adoption = append(in.Adoption, s)
	}
	in.AsOf = goLive.Add(time.Duration(rapid.Int64Range(0, int64(span)).Draw(t, "at")))
	if rapid.Bool().Draw(t, "since given") {
		in.Since = in.AsOf.Add(-time.Duration(rapid.Int64Range(1, int64(20*24*time.Hour)).Draw(t, "since")))
	}
	if rapid.Bool().Draw(t, "rates") {
		in.Rates = chkRates()
	}
	return in
}

// rptNaive computes the counting sections the slow, obvious way: StateAt
// at each instant, and the events one by one.
type rptNaive struct {
	newIDs, resolvedIDs, knownIDs []IssueID
	open                          map[[2]int]int
	clocks                        []string
	this, last                    [5]int // opened, resolutions, backlog, SLA clocks met, decided
	days                          [][2]int
}

func rptOracle(in ReportInput, r Report) rptNaive {
	var n rptNaive
	n.open = map[[2]int]int{}
	for _, is := range in.Issues {
		now, before := is.StateAt(r.AsOf), is.StateAt(r.Since)
		if now.Status == 0 {
			continue
		}
		if now.Opened.After(r.Since) || now.IsOpen() && now.Reopens > before.Reopens {
			n.newIDs = append(n.newIDs, is.ID)
		}
		if now.Status == StatusResolved && now.Resolved.After(r.Since) {
			n.resolvedIDs = append(n.resolvedIDs, is.ID)
		}
		for _, m := range []Metric{FirstResponse, Resolution} {
			clk, err := in.Engagement.Clock(is, m, r.AsOf)
			if err == nil && (clk.AtRisk || clk.State == ClockBreached && (now.IsOpen() && clk.Stopped.IsZero() || clk.BreachedAt.After(r.Since))) {
				n.clocks = append(n.clocks, fmt.Sprint(is.ID, m))
			}
		}
		if now.IsOpen() {
			n.open[[2]int{int(now.Severity), int(now.Kind)}]++
			if is.Workaround != "" || !is.FixExpected.IsZero() || now.Severity == Sev1 {
				n.knownIDs = append(n.knownIDs, is.ID)
			}
		}
	}
	if r.Audience == Weekly {
		period := func(from, to time.Time) [5]int {
			var c [5]int
			for _, is := range in.Issues {
				s := is.StateAt(to)
				for _, m := range []Metric{FirstResponse, Resolution} {
					// Every cycle: the clocks of the timeline cut before each
					// reopen (a NewCycle policy closes a cycle there), then now.
					var clocks []Clock
					events := is.Events()
					for i, ev := range events {
						if m == Resolution && ev.Type == EventReopened && !ev.At.After(to) {
							before := Issue{ID: is.ID}
							if err := before.Append(events[:i]...); err == nil {
								if clk, err := in.Engagement.Clock(before, m, ev.At); err == nil {
									clocks = append(clocks, clk)
								}
							}
						}
					}
					if clk, err := in.Engagement.Clock(is, m, to); err == nil {
						clocks = append(clocks, clk)
					}
					for _, clk := range clocks {
						at := clk.Stopped
						if clk.State == ClockBreached {
							at = clk.BreachedAt
						}
						if (clk.State == ClockMet || clk.State == ClockBreached) && at.After(from) && !at.After(to) {
							c[4]++
							if clk.State == ClockMet {
								c[3]++
							}
						}
					}
				}
				if s.Opened.After(from) && !s.Opened.After(to) {
					c[0]++
				}
				if s.IsOpen() {
					c[2]++
				}
				for _, ev := range is.Events() {
					if ev.Type == EventResolved && ev.At.After(from) && !ev.At.After(to) {
						c[1]++
					}
				}
			}
			return c
		}
		n.this, n.last = period(r.Trend.This.Start, r.Trend.This.End), period(r.Trend.Last.Start, r.Trend.Last.End)
		for _, d := range r.Trend.Days {
			c := period(d.Start, d.End)
			n.days = append(n.days, [2]int{c[0], c[1]})
		}
	}
	return n
}

// The builder never fails or panics on valid timelines, agrees with the
// slow counts, is deterministic, and its reports round-trip through JSON.
func TestReportPropertyAnyValidInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := rptDrawInput(t)
		a := rapid.SampledFrom([]Audience{Daily, Weekly}).Draw(t, "audience")
		r, err := NewReport(in, a)
		if err != nil {
			t.Fatalf("NewReport: %v", err)
		}
		n := rptOracle(in, r)
		sorted := func(ids []IssueID) []IssueID { return slices.Sorted(slices.Values(ids)) }
		open := map[[2]int]int{}
		for _, c := range r.Open {
			open[[2]int{int(c.Severity), int(c.Kind)}] += c.Count
		}
		if d := cmp.Diff(n.open, open, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("open counts (-naive +report):\n%s", d)
		}
		if a == Daily {
			var clocks []string
			for _, c := range r.Clocks {
				clocks = append(clocks, fmt.Sprint(c.Issue, c.Clock.Metric))
			}
			if d := cmp.Diff(slices.Sorted(slices.Values(n.clocks)), slices.Sorted(slices.Values(clocks))); d != "" {
				t.Fatalf("clocks (-naive +report):\n%s", d)
			}
			for _, c := range []struct {
				what        string
				naive, fast []IssueID
			}{{"new", n.newIDs, rptIDs(r.New)}, {"resolved", n.resolvedIDs, rptIDs(r.Resolved)}, {"known", n.knownIDs, rptIDs(r.Known)}} {
				if d := cmp.Diff(sorted(c.naive), sorted(c.fast)); d != "" {
					t.Fatalf("%s (-naive +report):\n%s", c.what, d)
				}
			}
		} else {
			th, la := r.Trend.This, r.Trend.Last
			fast := [2][5]int{{th.Opened, th.Resolved, th.Backlog, th.SLAMet, th.SLADecided}, {la.Opened, la.Resolved, la.Backlog, la.SLAMet, la.SLADecided}}
			if d := cmp.Diff([2][5]int{n.this, n.last}, fast); d != "" {
				t.Fatalf("periods (-naive +report):\n%s", d)
			}
			var days [][2]int
			sum := [2]int{}
			for _, d := range r.Trend.Days {
				days = append(days, [2]int{d.Opened, d.Resolved})
				sum[0], sum[1] = sum[0]+d.Opened, sum[1]+d.Resolved
			}
			if d := cmp.Diff(n.days, days); d != "" {
				t.Fatalf("days (-naive +report):\n%s", d)
			}
			if sum != [2]int{th.Opened, th.Resolved} || th.Defects+th.TrainingGaps+th.OtherKinds != th.Opened || th.SLAMet > th.SLADecided {
				t.Fatalf("the days do not add up to the period: %v vs %+v", sum, th)
			}
		}
		again, err := NewReport(in, a)
		if err != nil || again.Markdown() != r.Markdown() || again.Text() != r.Text() {
			t.Fatalf("not deterministic: %v", err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%v in %s", err, b)
		}
		if back.Text() != r.Text() {
			t.Fatalf("text differs after a JSON round trip")
		}
		for _, out := range []string{r.Markdown(), r.Text()} {
			if strings.Contains(out, "\n\n\n") || math.IsNaN(r.Rota.Gini) {
				t.Fatalf("malformed rendering:\n%s", out)
			}
		}
	})
}

// statesAt agrees with StateAt at every instant.
func TestStatesAtMatchesStateAt(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := rptDrawInput(t)
		var ts []time.Time
		for range rapid.IntRange(0, 6).Draw(t, "instants") {
			ts = append(ts, in.Engagement.GoLive.Add(time.Duration(rapid.Int64Range(int64(-3*24*time.Hour), int64(40*24*time.Hour)).Draw(t, "instant"))))
		}
		slices.SortFunc(ts, time.Time.Compare)
		for i := range in.Issues {
			got := statesAt(&in.Issues[i], ts, nil)
			for k, at := range ts {
				if d := cmp.Diff(in.Issues[i].StateAt(at), got[k]); d != "" {
					t.Fatalf("issue %s at %s (-StateAt +statesAt):\n%s", in.Issues[i].ID, at, d)
				}
			}
		}
	})
}

// rptBenchIssues is n issues over 4 weeks, each opened, assigned, responded
// and resolved, the resolution the next day.
func rptBenchIssues(b testing.TB, e Engagement, n int) []Issue {
	issues := make([]Issue, n)
	step := 28 * 24 * time.Hour / time.Duration(n) // i*28*24h overflows for n of 100,000
	for i := range issues {
		at := e.GoLive.Add(time.Duration(i) * step)
		issues[i] = chkIssue(b, IssueID(fmt.Sprintf("INC-%d", i)),
			Event{Type: EventOpened, At: at, Severity: Severity(1 + i%3), Kind: Kind(1 + i%5)},
			Event{Type: EventAssigned, At: at.Add(time.Minute), Team: Team(1 + i%2), Person: "ana"},
			Event{Type: EventResponded, At: at.Add(2 * time.Minute), Person: "ana"},
			Event{Type: EventResolved, At: at.Add(26 * time.Hour), Person: "ana"})
	}
	return issues
}

func rptWeekBounds(e Engagement) []time.Time {
	at := e.DayStart(21)
	var ts []time.Time
	for k := 14; k >= 0; k-- {
		ts = append(ts, at.AddDate(0, 0, -k))
	}
	return ts
}

// BenchmarkStatesAt takes an issue's state at the 15 instants of a weekly
// report in one pass; BenchmarkStatesAtNaive calls StateAt at each.
func BenchmarkStatesAt(b *testing.B) {
	e := chkClassic(b, 4)
	issues, ts := rptBenchIssues(b, e, 500), rptWeekBounds(e)
	var st []State
	b.ReportAllocs()
	for b.Loop() {
		for i := range issues {
			st = statesAt(&issues[i], ts, st)
		}
	}
}

func BenchmarkStatesAtNaive(b *testing.B) {
	e := chkClassic(b, 4)
	issues, ts := rptBenchIssues(b, e, 500), rptWeekBounds(e)
	st := make([]State, len(ts))
	b.ReportAllocs()
	for b.Loop() {
		for i := range issues {
			for k, t := range ts {
				st[k] = issues[i].StateAt(t)
			}
		}
	}
}

func BenchmarkNewReport(b *testing.B) {
	e := chkClassic(b, 4)
	in := ReportInput{Engagement: e, Issues: rptBenchIssues(b, e, 500), AsOf: e.DayStart(21)}
	for _, a := range []Audience{Daily, Weekly} {
		b.Run(a.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewReport(in, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestDailyReportListsHeldEvents(t *testing.T) {
	e := Engagement{ID: "erp", Location: berlinZone, GoLive: berlinWall("2026-06-01 08:00"), PlannedEnd: berlinWall("2026-06-29 08:00"), Policy: DefaultPolicy(nil)}
	t0 := berlinWall("2026-06-02 10:00")
	// INC-7's resolution and response came; its opening did not yet.
	var inc7 Issue
	inc7.ID = "INC-7"
	if _, err := inc7.Insert(
		Event{ID: "3", Type: EventResolved, At: t0.Add(time.Hour)},
		Event{ID: "2", Type: EventResponded, At: t0.Add(time.Minute)},
	); err != nil {
		t.Fatal(err)
	}
	inc8 := mustTimeline(t, "INC-8", Event{Type: EventOpened, At: t0, Severity: Sev3, Kind: Question})
	r, err := NewReport(ReportInput{Engagement: e, Issues: []Issue{inc8, inc7}, AsOf: t0.Add(2 * time.Hour)}, Daily)
	if err != nil {
		t.Fatal(err)
	}
	want := []HeldLine{{ID: "INC-7", Events: 2, Reasons: []string{"responded event before the issue is opened", "resolved event before the issue is opened"}}}
	if diff := cmp.Diff(want, r.Held); diff != "" {
		t.Errorf("Held (-want +got):\n%s", diff)
	}
	if md := r.Markdown(); !strings.Contains(md, "2 events held on INC-7: responded event before the issue is opened; resolved event before the issue is opened.") {
		t.Errorf("Markdown does not say what is held:\n%s", md)
	}
	// Before the events came, nothing is held.
	r, err = NewReport(ReportInput{Engagement: e, Issues: []Issue{inc8, inc7}, AsOf: t0}, Daily)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Held) != 0 {
		t.Errorf("Held at %s = %v, want none", t0, r.Held)
	}
}

// An issue opened after the as-of instant is a state, not an error: clocks
// say it has not started, the report and the exit verdict leave it out.
func TestBatchesTakeIssuesNotOpenedYet(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 12, 0) // before INC-6 (13:30) and INC-8 (18:00) are opened
	for _, is := range in.Issues {
		for _, m := range []Metric{FirstResponse, Resolution} {
			c, err := in.Engagement.Clock(is, m, in.AsOf)
			if err != nil {
				t.Fatalf("%s %s clock: %v", is.ID, m, err)
			}
			if later := is.ID == "INC-6" || is.ID == "INC-8"; later != (c.State == ClockNotStarted) {
				t.Errorf("%s %s clock is %s", is.ID, m, c.State)
			}
		}
	}
	for _, a := range []Audience{Daily, Weekly} {
		r := rptBuild(t, in, a)
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{`"INC-6"`, `"INC-8"`} {
			if strings.Contains(string(b), id) {
				t.Errorf("%s report names %s, opened after its as-of instant", a, id)
			}
		}
	}
	if _, err := Evaluate(ExitInput{Engagement: in.Engagement, Issues: in.Issues, AsOf: in.AsOf}); err != nil {
		t.Errorf("Evaluate: %v", err)
	}
}

// With no Monitor calendar, the business days are Monday to Friday without
// the holidays of the engagement's SLA calendars: with Thursday 06-04 a
// holiday, the never-used flag of Approvals (due 10 business days after
// Wed 05-27) moves from Wed 06-10 to Thu 06-11. A Monitor calendar given
// explicitly wins.
func TestReportAdoptionUsesEngagementHolidays(t *testing.T) {
	holiday, err := NewCalendar(chkBerlin, "Mon-Fri 09:00-17:00", Date{2026, 6, 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		monitor MonitorConfig
		want    string
	}{
		{name: "engagement holidays", monitor: MonitorConfig{}, want: "2026-06-11"},
		{name: "explicit calendar", monitor: MonitorConfig{Calendar: chkBusiness(t)}, want: "2026-06-10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := rptScenario(t)
			e, err := ClassicPlan("crm", chkAt(2026, 6, 1, 9, 0), holiday, 3)
			if err != nil {
				t.Fatal(err)
			}
			e.People = in.Engagement.People
			in.Engagement = e
			in.Monitor = tc.monitor
			in.AsOf = chkAt(2026, 6, 12, 8, 0)
			in.Since = chkAt(2026, 6, 1, 0, 0)
			got := rptBuild(t, in, Daily).Adoption
			if len(got) != 1 || got[0].Date.String() != tc.want {
				t.Errorf("flags %v, want one dated %s", got, tc.want)
			}
		})
	}
}

// The roster's warnings appear in the weekly report's rota section, in
// every rendering, between the load table and the handling sentence; a
// roster without warnings renders no warnings paragraph.
func TestReportRendersRotaWarnings(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 12, 16, 0)
	in.Roster.Warnings = []RotaWarning{
		{Kind: WarnFewHolders, Skill: "sap", People: []PersonID{"ana", "ben"}, Reason: "only ana and ben hold sap"},
		{Kind: WarnWorkShare, People: []PersonID{"ana"}, Share: 0.36, HeadCount: 4, Reason: "ana at work 36% of the horizon, above the sustainable 25%"},
	}
	r := rptBuild(t, in, Weekly)
	if diff := cmp.Diff(in.Roster.Warnings, r.Rota.Warnings); diff != "" {
		t.Errorf("Rota.Warnings (-want +got):\n%s", diff)
	}
	rptInOrder(t, "Markdown", r.Markdown(), []string{
		"\n## Rota and load\n\n",
		"| ben    |      8 h | 16.7% |\n\nWarnings: the roster keeps the rules, but\n\n" +
			"- **few-holders** only ana and ben hold sap\n" +
			"- **work-share** ana at work 36% of the horizon, above the sustainable 25%\n\n7 issues handled:",
	})
	rptInOrder(t, "Text", r.Text(), []string{
		"\nRota and load\n-------------\n",
		"\nWarnings: the roster keeps the rules, but\n\n" +
			"- few-holders only ana and ben hold sap\n" +
			"- work-share ana at work 36% of the horizon, above the sustainable 25%\n\n7 issues handled:",
	})
	rptInOrder(t, "HTML", r.HTML(), []string{
		"<p>Warnings: the roster keeps the rules, but</p>\n<ul class=\"items\">\n" +
			"<li><strong>few-holders</strong> only ana and ben hold sap</li>\n" +
			"<li><strong>work-share</strong> ana at work 36% of the horizon, above the sustainable 25%</li>\n</ul>\n",
	})

	in.Roster.Warnings = nil
	for name, out := range map[string]string{"Markdown": rptBuild(t, in, Weekly).Markdown(), "Text": rptBuild(t, in, Weekly).Text()} {
		if strings.Contains(out, "Warnings: the roster") {
			t.Errorf("%s of a roster without warnings mentions them:\n%s", name, out)
		}
	}
}

// A result nested deeper than a line is wide still renders: the indent stops
// growing instead of leaving no room (or negative room) for the words.
func TestReportTextDeeplyNestedCriteria(t *testing.T) {
	in := rptScenario(t)
	in.AsOf = chkAt(2026, 6, 10, 17, 0)
	r := rptBuild(t, in, Weekly)
	leaf := Result{Criterion: "leaf", Reason: strings.Repeat("word ", 40)}
	for range 40 {
		leaf = Result{Criterion: "all", Reason: "every part holds", Parts: []Result{leaf}}
	}
	r.Exit.Results = []Result{leaf}
	txt := r.Text()
	for i, line := range strings.Split(txt, "\n") {
		if n := utf8.RuneCountInString(line); n > 99 {
			t.Errorf("line %d has %d columns: %q", i+1, n, line)
		}
	}
	if got := strings.Count(txt, "word"); got != 40 {
		t.Errorf("the innermost reason shows %d of its 40 words:\n%s", got, txt)
	}
}
