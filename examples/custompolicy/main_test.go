package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"github.com/shopspring/decimal"
)

// wantOutput is the program's output, every number worked out by hand from
// the scenario (business hours Mon–Fri 09:00–17:00 in Berlin, CEST):
//
//   - T-102 opened P3 Tue 10:00, raised to P2 at 14:00. Retroactive: the P2
//     target (8 business hours) counts from 10:00, so it is due Tue 17:00 +
//     1 h = Wed 10:00; resolved Wed 16:00 after Tue 10–17 + Wed 09–16 = 14 h.
//     Its first response (30 min) stopped while P3, so it stays a P3 clock.
//   - T-104's resolution clock is cycle 2, from the reopen Wed 14:00 to Thu
//     10:00: Wed 14–17 + Thu 09–10 = 4 h of 8.
//   - T-105 used Thu 10:30–11:30 = 1 h of 24 before the pause.
//   - T-107 opened Fri 09:00: 7 business hours by 16:00, 87.5% of the P4
//     first response (8 h), at risk from 80%, due 17:00. Its 80 h resolution:
//     Fri 8 h + two weeks less a day (5 × 8 + 4 × 8 = 72 h) ends Thu
//     2026-07-02 17:00.
//   - No new P1/P2 for 5 days: T-106, P1 on Mon 06-15 07:30, stays in the
//     window until Sat 06-20 07:30 (T-104's reopen on Wed 06-10 14:00 left
//     it on Mon 06-15 14:00).
//   - Stale: T-105 opened Thu 06-11 10:30; its 5th business day after is Thu
//     06-18 (Fri, Mon, Tue, Wed, Thu), so it is stale from 10:30 that day.
//   - If T-105 is resolved at 16:30, the stale rule holds again until T-107
//     turns stale (Fri 06-26 09:00), so the exit waits only for the P1
//     window: Sat 06-20 07:30, after the planned end Fri 18:00: 1 day.
//   - Warehouse logins (of 40): 65% in week 1, 60% on Mon 06-08, then 47.5%,
//     45%, 42.5% (3 days below 50%: warn Thu 06-11), 40%, 40% (5 days:
//     alert Mon 06-15). Below-target judges from the 11th business day (ramp-up
//     10), Mon 06-15: Tue–Mon 19+18+17+16+16 = 86 of 200 = 43%, 17 points
//     under 60%, 10 or more: alert. Office, 85%, raises nothing.
const wantOutput = `The firm's exit criterion after a trip through the store (JSON):
  before Bind: custom criterion "no open issue older than 5 business days" was read from JSON and not supplied again in code (see ExitPolicy.Bind)
  after Bind:  main.NoStaleIssues, the firm's code again

The firm's priorities on hypercare's severities:
  P1 = Sev1  production stopped, no workaround; fix in hours
  P2 = Sev2  a key process impaired for many users; fix within a business day
  P3 = Sev3  one user or a minor process impaired, with a workaround; fix in 3 business days
  P4 = Sev4  cosmetic, a question or a wish; fix in 10 business days

SLA clocks at Fri 2026-06-19 16:00 CEST:
  T-101  P1  defect          first-response  met       10m of 15m
  T-101  P1  defect          resolution      met       2h30m of 4h
  T-102  P3  defect          first-response  met       30m of 4h
  T-102  P2  defect          resolution      breached  14h of 8h, breached Wed 2026-06-03 10:00
  T-103  P4  training-gap    first-response  met       2h of 8h
  T-103  P4  training-gap    resolution      met       2h of 80h
  T-104  P2  defect          first-response  met       30m of 1h
  T-104  P2  defect          resolution      met       4h of 8h (cycle 2)
  T-105  P3  question        first-response  met       30m of 4h
  T-105  P3  question        resolution      paused    1h of 24h, waiting on the customer
  T-106  P1  defect          first-response  met       10m of 15m
  T-106  P1  defect          resolution      met       3h of 4h
  T-107  P4  change-request  first-response  running   7h of 8h, AT RISK, due Fri 2026-06-19 17:00
  T-107  P4  change-request  resolution      running   7h of 80h, due Thu 2026-07-02 17:00

Exit verdict:
  Not ready, and no exit date until someone acts on: no open issue older than 5 business days
  [ ] no new P1/P2 for 5 days: 1 P1 issue opened in the last 5 days: T-106; met from Sat 2026-06-20 07:30 CEST if nothing new happens
  [x] no open P1/P2: no P1/P2 issue open
  [ ] no open issue older than 5 business days: 1 issue open too long: T-105 (P3 question, open since Thu 2026-06-11 10:30 CEST, now paused); needs action: resolve it
  [ ] sponsor sign-off: no sponsor sign-off recorded; needs action: the sponsor signs off

If T-105 is resolved at 16:30:
  Not ready: earliest exit Sat 2026-06-20 07:30 CEST if nothing new happens and sponsor sign-off is then given, after the planned end Fri 2026-06-19 18:00 CEST: ask for a 1-day extension

Adoption flags (login rate, target 60%):
  2026-06-11 warn low-login-streak: login rate for team Warehouse below 50% on 3 business days in a row, latest 42.5%
  2026-06-15 alert below-target: login rate for team Warehouse was 43% over the 7 days to 2026-06-15, 17 points below the 60% target
  2026-06-15 alert low-login-streak: login rate for team Warehouse below 50% on 5 business days in a row, latest 40%
`

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantOutput, b.String()); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

var berlin = mustLocation("Europe/Berlin")

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func mustCalendar(t *testing.T, spec string, holidays ...hypercare.Date) *hypercare.Calendar {
	t.Helper()
	c, err := hypercare.NewCalendar(berlin, spec, holidays...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func local(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, berlin)
}

func TestStaleAt(t *testing.T) {
	corpusChristi := hypercare.Date{Year: 2026, Month: time.June, Day: 4} // a Thursday
	business := mustCalendar(t, "Mon-Fri 09:00-17:00", corpusChristi)
	tests := []struct {
		name   string
		cal    *hypercare.Calendar
		days   int
		opened time.Time
		want   time.Time
	}{
		{"a week later", business, 5, local(2026, 6, 11, 10, 30), local(2026, 6, 18, 10, 30)},
		{"over a holiday", business, 5, local(2026, 6, 1, 9, 0), local(2026, 6, 9, 9, 0)},
		{"opened on a Saturday", business, 5, local(2026, 6, 13, 12, 0), local(2026, 6, 19, 12, 0)},
		{"Friday night, one day", business, 1, local(2026, 6, 5, 20, 0), local(2026, 6, 8, 20, 0)},
		{"every day counts without a calendar", nil, 2, local(2026, 6, 5, 20, 0), local(2026, 6, 7, 20, 0)},
		// Over the October DST change: the same wall-clock time, 73 h later.
		{"across DST", nil, 3, local(2026, 10, 23, 10, 0), local(2026, 10, 26, 10, 0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := NoStaleIssues{Days: tc.days, Business: tc.cal}.staleAt(tc.opened, berlin)
			if !got.Equal(tc.want) {
				t.Errorf("staleAt(%s) = %s, want %s", tc.opened, got, tc.want)
			}
		})
	}
}

// issue builds an issue from (type, instant) pairs; opened is a Sev2 defect.
func issue(t *testing.T, id string, steps ...any) hypercare.Issue {
	t.Helper()
	is := hypercare.Issue{ID: hypercare.IssueID(id)}
	for i := 0; i < len(steps); i += 2 {
		e := hypercare.Event{Type: steps[i].(hypercare.EventType), At: steps[i+1].(time.Time)}
		if e.Type == hypercare.EventOpened {
			e.Severity, e.Kind = hypercare.Sev2, hypercare.Defect
		}
		if err := is.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	return is
}

func TestNoStaleIssues(t *testing.T) {
	business := mustCalendar(t, "Mon-Fri 09:00-17:00")
	goLive := local(2026, 6, 1, 8, 0)
	e := hypercare.Engagement{ID: "x", Location: berlin, GoLive: goLive, PlannedEnd: local(2026, 6, 30, 18, 0)}
	const (
		opened, resolved, reopened = hypercare.EventOpened, hypercare.EventResolved, hypercare.EventReopened
	)
	tests := []struct {
		name     string
		issues   []hypercare.Issue
		asOf     time.Time
		met      bool
		evidence []hypercare.IssueID
		holds    []hypercare.Interval
		reason   string
	}{
		{"nothing open", nil, local(2026, 6, 12, 12, 0), true, nil,
			[]hypercare.Interval{{Start: goLive}}, "no issue open"},
		{"open, not yet stale", []hypercare.Issue{issue(t, "A", opened, local(2026, 6, 8, 10, 0))},
			local(2026, 6, 12, 12, 0), true, nil,
			[]hypercare.Interval{{Start: goLive, End: local(2026, 6, 15, 10, 0)}},
			"no open issue is too old; the oldest, A, turns stale on Mon 2026-06-15 10:00 CEST"},
		{"stale from the instant", []hypercare.Issue{issue(t, "A", opened, local(2026, 6, 8, 10, 0))},
			local(2026, 6, 15, 10, 0), false, []hypercare.IssueID{"A"},
			[]hypercare.Interval{{Start: goLive, End: local(2026, 6, 15, 10, 0)}},
			"1 issue open too long: A (Sev2 defect, open since Mon 2026-06-08 10:00 CEST); needs action: resolve it"},
		{"stale once, resolved since", []hypercare.Issue{issue(t, "A", opened, local(2026, 6, 1, 9, 0), resolved, local(2026, 6, 10, 9, 0))},
			local(2026, 6, 12, 12, 0), true, nil,
			[]hypercare.Interval{{Start: goLive, End: local(2026, 6, 8, 9, 0)}, {Start: local(2026, 6, 10, 9, 0)}},
			"no issue open"},
		{"a reopen restarts the age", []hypercare.Issue{issue(t, "A", opened, local(2026, 6, 1, 9, 0), resolved, local(2026, 6, 2, 9, 0), reopened, local(2026, 6, 10, 9, 0))},
			local(2026, 6, 15, 12, 0), true, nil,
			[]hypercare.Interval{{Start: goLive, End: local(2026, 6, 17, 9, 0)}},
			"no open issue is too old; the oldest, A, turns stale on Wed 2026-06-17 09:00 CEST"},
		{"a later resolution is not seen", []hypercare.Issue{issue(t, "A", opened, local(2026, 6, 1, 9, 0), resolved, local(2026, 6, 12, 12, 0))},
			local(2026, 6, 10, 12, 0), false, []hypercare.IssueID{"A"},
			[]hypercare.Interval{{Start: goLive, End: local(2026, 6, 8, 9, 0)}},
			"1 issue open too long: A (Sev2 defect, open since Mon 2026-06-01 09:00 CEST); needs action: resolve it"},
		{"two stale, oldest first, one fresh", []hypercare.Issue{
			issue(t, "B", opened, local(2026, 6, 2, 9, 0)),
			issue(t, "C", opened, local(2026, 6, 10, 9, 0)),
			issue(t, "A", opened, local(2026, 6, 1, 9, 0)),
		}, local(2026, 6, 10, 12, 0), false, []hypercare.IssueID{"A", "B"},
			[]hypercare.Interval{{Start: goLive, End: local(2026, 6, 8, 9, 0)}},
			"2 issues open too long: A (Sev2 defect, open since Mon 2026-06-01 09:00 CEST), B (Sev2 defect, open since Tue 2026-06-02 09:00 CEST); needs action: resolve them"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := hypercare.ExitInput{Engagement: e, Issues: tc.issues, AsOf: tc.asOf}
			r, err := NoStaleIssues{Days: 5, Business: business}.Check(in)
			if err != nil {
				t.Fatal(err)
			}
			if r.Met != tc.met || r.Reason != tc.reason {
				t.Errorf("met %v, reason %q\nwant %v, %q", r.Met, r.Reason, tc.met, tc.reason)
			}
			if diff := cmp.Diff(tc.evidence, r.Evidence); diff != "" {
				t.Errorf("evidence (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.holds, r.Holds); diff != "" {
				t.Errorf("holds (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNoStaleIssuesInEvaluate checks how Evaluate finishes the rule's
// result: needing action when stale, met since go-live otherwise.
func TestNoStaleIssuesInEvaluate(t *testing.T) {
	goLive := local(2026, 6, 1, 8, 0)
	rule := NoStaleIssues{Days: 5, Business: mustCalendar(t, "Mon-Fri 09:00-17:00")}
	e := hypercare.Engagement{ID: "x", Location: berlin, GoLive: goLive, PlannedEnd: local(2026, 6, 30, 18, 0),
		Policy: hypercare.DefaultPolicy(nil), Exit: hypercare.ExitPolicy{Criteria: []hypercare.Criterion{rule}}}
	issues := []hypercare.Issue{issue(t, "A", hypercare.EventOpened, local(2026, 6, 8, 10, 0))}

	v, err := hypercare.Evaluate(hypercare.ExitInput{Engagement: e, Issues: issues, AsOf: local(2026, 6, 12, 12, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if r := v.Results[0]; !r.Met || !r.MetSince.Equal(goLive) || !v.Ready {
		t.Errorf("before A turns stale: %+v, want met since go-live", r)
	}
	v, err = hypercare.Evaluate(hypercare.ExitInput{Engagement: e, Issues: issues, AsOf: local(2026, 6, 16, 12, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if r := v.Results[0]; r.Met || !r.NeedsAction || !r.MetAt.IsZero() || !v.EarliestExit.IsZero() {
		t.Errorf("after A turned stale: %+v, want needs action and no exit date", r)
	}
}

func TestComplement(t *testing.T) {
	at := func(h int) time.Time { return local(2026, 6, 1, h, 0) }
	tests := []struct {
		name string
		bad  []hypercare.Interval
		want []hypercare.Interval
	}{
		{"none", nil, []hypercare.Interval{{Start: at(1)}}},
		{"one closed", []hypercare.Interval{{Start: at(3), End: at(5)}}, []hypercare.Interval{{Start: at(1), End: at(3)}, {Start: at(5)}}},
		{"overlapping, unsorted", []hypercare.Interval{{Start: at(6), End: at(9)}, {Start: at(3), End: at(7)}},
			[]hypercare.Interval{{Start: at(1), End: at(3)}, {Start: at(9)}}},
		{"nested", []hypercare.Interval{{Start: at(3), End: at(9)}, {Start: at(4), End: at(5)}},
			[]hypercare.Interval{{Start: at(1), End: at(3)}, {Start: at(9)}}},
		{"open-ended", []hypercare.Interval{{Start: at(3), End: at(5)}, {Start: at(7)}, {Start: at(8), End: at(10)}},
			[]hypercare.Interval{{Start: at(1), End: at(3)}, {Start: at(5), End: at(7)}}},
		{"before from", []hypercare.Interval{{Start: at(0), End: at(2)}}, []hypercare.Interval{{Start: at(2)}}},
		{"touching from", []hypercare.Interval{{Start: at(1), End: at(2)}}, []hypercare.Interval{{Start: at(2)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, complement(tc.bad, at(1))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoginStreak(t *testing.T) {
	rule := LoginStreak{Below: decimal.RequireFromString("0.5"), WarnAfter: 3, AlertAfter: 5}
	start := hypercare.Date{Year: 2026, Month: time.June, Day: 1}
	series := func(kind hypercare.MetricKind, rates ...float64) hypercare.Series {
		s := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: kind, Name: "x"}, Segment: hypercare.Segment{Dimension: "team", Name: "Ops"}}
		for i, r := range rates {
			s.Samples = append(s.Samples, hypercare.Sample{Date: start.AddDays(i), Value: 100 * r, Base: 100})
		}
		return s
	}
	type flag struct {
		Day   int
		Level hypercare.Level
	}
	tests := []struct {
		name string
		s    hypercare.Series
		want []flag
	}{
		{"warn at 3, alert at 5, again after a good day",
			series(hypercare.LoginRate, 0.6, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.6, 0.4, 0.4, 0.4),
			[]flag{{3, hypercare.LevelWarn}, {5, hypercare.LevelAlert}, {10, hypercare.LevelWarn}}},
		{"exactly half is not below", series(hypercare.LoginRate, 0.5, 0.5, 0.5, 0.5, 0.5), nil},
		{"a good day breaks the streak", series(hypercare.LoginRate, 0.4, 0.4, 0.7, 0.4, 0.4), nil},
		{"other metrics are not judged", series(hypercare.FeatureUse, 0.1, 0.1, 0.1, 0.1, 0.1), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flags, err := rule.Check(tc.s)
			if err != nil {
				t.Fatal(err)
			}
			var got []flag
			for _, f := range flags {
				got = append(got, flag{f.Date.DaysSince(start), f.Level})
				if f.Message == "" {
					t.Errorf("flag on %s has no message", f.Date)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoginStreakWeekends runs the rule through Monitor: on business days a
// quiet weekend is no part of a streak; counting every day, it is.
func TestLoginStreakWeekends(t *testing.T) {
	fri := hypercare.Date{Year: 2026, Month: time.June, Day: 5}
	s := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Segment: hypercare.Segment{Dimension: "team", Name: "Ops"}}
	for i, v := range []float64{40, 2, 1, 40, 40} { // Fri, Sat, Sun, Mon, Tue, of 100
		s.Samples = append(s.Samples, hypercare.Sample{Date: fri.AddDays(i), Value: v, Base: 100})
	}
	rule := LoginStreak{Below: decimal.RequireFromString("0.5"), WarnAfter: 3, AlertAfter: 5}
	for _, tc := range []struct {
		name string
		cal  *hypercare.Calendar
		want []string
	}{
		{"business days", mustCalendar(t, "Mon-Fri 09:00-17:00"), []string{"2026-06-09 warn low-login-streak: login rate for team Ops below 50% on 3 business days in a row, latest 40%"}},
		{"every day", hypercare.Always, []string{
			"2026-06-07 warn low-login-streak: login rate for team Ops below 50% on 3 business days in a row, latest 1%",
			"2026-06-09 alert low-login-streak: login rate for team Ops below 50% on 5 business days in a row, latest 40%",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			flags, err := hypercare.Monitor([]hypercare.Series{s}, hypercare.MonitorConfig{
				Calendar: tc.cal, Rules: []hypercare.FlagRule{hypercare.RuleBelowTarget}, Custom: []hypercare.AdoptionRule{rule},
			})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range flags {
				got = append(got, f.String())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFirmRules checks that the firm's scheme, policy and exit policy are
// valid hypercare values, and that the exit policy survives JSON with Bind.
func TestFirmRules(t *testing.T) {
	business := mustCalendar(t, "Mon-Fri 09:00-17:00")
	if err := FirmScheme().Validate(); err != nil {
		t.Error(err)
	}
	if err := FirmPolicy(business).Validate(); err != nil {
		t.Error(err)
	}
	for _, name := range []string{"P1", "p4"} {
		if _, err := FirmScheme().Parse(name); err != nil {
			t.Errorf("Parse(%q): %v", name, err)
		}
	}
	stale := NoStaleIssues{Days: 5, Business: business, Scheme: FirmScheme()}
	e := hypercare.Engagement{ID: "x", Location: berlin, GoLive: local(2026, 6, 1, 8, 0), PlannedEnd: local(2026, 6, 19, 18, 0),
		Policy: FirmPolicy(business), Exit: FirmExitPolicy(stale)}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}

	b, err := json.Marshal(e.Exit)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"criteria":[{"kind":"no-new-issues","at_least":"Sev2","days":5},{"kind":"none-open","at_least":"Sev2"},{"kind":"custom","name":"no open issue older than 5 business days"},{"kind":"sponsor-sign-off"}]}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
	var read hypercare.ExitPolicy
	if err := json.Unmarshal(b, &read); err != nil {
		t.Fatal(err)
	}
	if read, err = read.Bind(stale); err != nil {
		t.Fatal(err)
	}
	if got, ok := read.Criteria[2].(NoStaleIssues); !ok || got.Days != 5 {
		t.Errorf("bound criterion %#v, want the firm's NoStaleIssues", read.Criteria[2])
	}

	e.Exit = FirmExitPolicy(NoStaleIssues{Days: 0})
	if err := e.Validate(); err == nil || !strings.Contains(err.Error(), "days 0") {
		t.Errorf("Days 0: error %v, want one naming days 0", err)
	}
}
