package hypercare

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// remEngagement is an engagement in Berlin on DefaultPolicy(businessC).
func remEngagement(p Policy) Engagement {
	b := berlinWall
	return Engagement{ID: "E", Location: berlinZone, GoLive: b("2026-05-01 09:00"), PlannedEnd: b("2026-07-01 09:00"), Policy: p}
}

func TestRemindersWorkedCases(t *testing.T) {
	b := berlinWall
	e := remEngagement(DefaultPolicy(businessC))
	// Mon 2026-06-01. A: Sev2 opened 10:00, not responded: first response
	// (2 business hours) warns at 11:30 and is due 12:00; resolution (16 h)
	// warns after 12 h, Tue 14:00, and is due Wed 10:00.
	// B: Sev1 opened 10:30 (24x7), responded 10:40: resolution (4 h) warns
	// 13:30, due 14:30.
	// C: Sev2 paused: no reminders. D: opened Tuesday: not started.
	issues := []Issue{
		mustTimeline(t, "A", openedEvent(b("2026-06-01 10:00"), Sev2)),
		mustTimeline(t, "B", openedEvent(b("2026-06-01 10:30"), Sev1), bareEvent(EventResponded, b("2026-06-01 10:40"))),
		mustTimeline(t, "C", openedEvent(b("2026-06-01 09:00"), Sev2), bareEvent(EventPaused, b("2026-06-01 09:10"))),
		mustTimeline(t, "D", openedEvent(b("2026-06-02 09:00"), Sev1)),
	}
	asOf := b("2026-06-01 11:00")
	all := []Reminder{
		{"A", FirstResponse, ReminderWarn, b("2026-06-01 11:30")},
		{"A", FirstResponse, ReminderDue, b("2026-06-01 12:00")},
		{"B", Resolution, ReminderWarn, b("2026-06-01 13:30")},
		{"B", Resolution, ReminderDue, b("2026-06-01 14:30")},
		{"A", Resolution, ReminderWarn, b("2026-06-02 14:00")},
		{"A", Resolution, ReminderDue, b("2026-06-03 10:00")},
	}
	cases := []struct {
		name string
		asOf time.Time
		n    int
		want []Reminder
	}{
		{"all of them", asOf, 10, all},
		{"the first three", asOf, 3, all[:3]},
		{"none asked", asOf, 0, nil},
		{"a reminder at asOf is returned", b("2026-06-01 11:30"), 1, all[:1]},
		{"past warnings are not", b("2026-06-01 11:31"), 2, all[1:3]},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := e.Reminders(issues, c.asOf, c.n)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(c.want, got, cmpHypercare); d != "" {
				t.Errorf("Reminders (-want +got):\n%s", d)
			}
		})
	}
	if _, err := e.Reminders(issues, asOf, -1); err == nil {
		t.Error("a negative count gave no error")
	}
}

// naiveReminders is the obvious scheduler: recompute every clock at each
// minute tick after asOf, with the issues frozen at asOf, and note the tick at
// which a running clock starts to warn (AtRisk) or has no time left. It stops
// at the first tick by which n reminders are found, or after horizon; a
// reminder's At is that tick.
func naiveReminders(e Engagement, issues []Issue, asOf time.Time, n int, horizon time.Duration) []Reminder {
	frozen := make([]Issue, len(issues))
	prev := make([][2]Clock, len(issues))
	metrics := [2]Metric{FirstResponse, Resolution}
	for i, is := range issues {
		frozen[i] = is.AsOf(asOf)
		for k, m := range metrics {
			prev[i][k], _ = e.Clock(frozen[i], m, asOf)
		}
	}
	var out []Reminder
	for t := asOf.Add(time.Minute); !t.After(asOf.Add(horizon)) && len(out) < n; t = t.Add(time.Minute) {
		for i := range frozen {
			for k, m := range metrics {
				c, err := e.Clock(frozen[i], m, t)
				if err != nil {
					continue
				}
				p := prev[i][k]
				// A clock that ran past its due within the tick has reached
				// its warning fraction too, though it is no longer at risk.
				if p.State == ClockRunning && !p.AtRisk && (c.AtRisk || c.State == ClockBreached) {
					out = append(out, Reminder{frozen[i].ID, m, ReminderWarn, t})
				}
				if p.State == ClockRunning && p.Remaining > 0 && (c.Remaining <= 0 || c.State == ClockBreached) {
					out = append(out, Reminder{frozen[i].ID, m, ReminderDue, t})
				}
				prev[i][k] = c
			}
		}
	}
	slices.SortFunc(out, Reminder.compare)
	return out[:min(n, len(out))]
}

// ceilMinute rounds t up to asOf plus a whole number of minutes.
func ceilMinute(t, asOf time.Time) time.Time {
	d := t.Sub(asOf)
	return asOf.Add((d + time.Minute - 1) / time.Minute * time.Minute)
}

// The fast reminders agree with the naive scheduler, at its minute
// resolution, on random timelines and policies.
func TestRemindersMatchNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		setup := drawnClockSetups[rapid.IntRange(0, len(drawnClockSetups)-1).Draw(t, "zone")]
		start := setup.starts[rapid.IntRange(0, len(setup.starts)-1).Draw(t, "start")]
		p := drawClockPolicy(t, setup.cals, Sev3)
		e := Engagement{ID: "E", Location: setup.starts[0].Location(), GoLive: start.AddDate(0, 0, -1), PlannedEnd: start.AddDate(0, 1, 0), Policy: p}
		var issues []Issue
		for i := range rapid.IntRange(1, 4).Draw(t, "issues") {
			is := Issue{ID: IssueID(fmt.Sprintf("I%d", i))}
			if err := is.Append(drawTimeline(t, start, Sev3)...); err != nil {
				t.Fatal(err)
			}
			issues = append(issues, is)
		}
		asOf := start.Add(time.Duration(rapid.IntRange(0, 3*24*60).Draw(t, "asOfMinutes")) * time.Minute)
		n := rapid.IntRange(1, 6).Draw(t, "n")
		horizon := 36 * time.Hour
		fast, err := e.Reminders(issues, asOf, 4*len(issues))
		if err != nil {
			t.Fatal(err)
		}
		var want []Reminder
		for _, r := range fast {
			if r.At.After(asOf) && !r.At.After(asOf.Add(horizon)) {
				r.At = ceilMinute(r.At, asOf)
				want = append(want, r)
			}
		}
		slices.SortFunc(want, Reminder.compare)
		want = want[:min(n, len(want))]
		got := naiveReminders(e, issues, asOf, n, horizon)
		if d := cmp.Diff(want, got, cmpHypercare); d != "" {
			t.Fatalf("fast, rounded up to the minute (-fast +naive):\n%s", d)
		}
	})
}

func TestReminderJSONRoundTrip(t *testing.T) {
	r := Reminder{"INC-1", Resolution, ReminderDue, berlinWall("2026-06-01 14:30")}
	roundTrip(t, r)
}

// remBenchIssues returns n issues opened a minute apart before asOf, of
// every severity, a third responded, a tenth paused: most clocks run.
func remBenchIssues(b *testing.B, n int, asOf time.Time) []Issue {
	out := make([]Issue, n)
	for i := range out {
		opened := asOf.Add(-time.Duration(i+1) * time.Minute)
		events := []Event{openedEvent(opened, Severity(i%3+1))}
		switch {
		case i%3 == 0:
			events = append(events, bareEvent(EventResponded, opened.Add(10*time.Second)))
		case i%10 == 1:
			events = append(events, bareEvent(EventPaused, opened.Add(20*time.Second)))
		}
		is := Issue{ID: IssueID(fmt.Sprintf("INC-%06d", i))}
		if err := is.Append(events...); err != nil {
			b.Fatal(err)
		}
		out[i] = is
	}
	return out
}

const remBenchIssuesN, remBenchN = 100_000, 100

func BenchmarkReminders(b *testing.B) {
	asOf := berlinWall("2026-06-01 10:00")
	e := remEngagement(DefaultPolicy(businessC))
	issues := remBenchIssues(b, remBenchIssuesN, asOf)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Reminders(issues, asOf, remBenchN); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRemindersNaive is the baseline: recompute every clock per minute
// tick until the first remBenchN reminders are found.
func BenchmarkRemindersNaive(b *testing.B) {
	asOf := berlinWall("2026-06-01 10:00")
	e := remEngagement(DefaultPolicy(businessC))
	issues := remBenchIssues(b, remBenchIssuesN, asOf)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if got := naiveReminders(e, issues, asOf, remBenchN, 24*time.Hour); len(got) < remBenchN {
			b.Fatalf("naive found %d reminders", len(got))
		}
	}
}

func TestClockJSONRoundTripWithNewFields(t *testing.T) {
	b := berlinWall
	roundTrip(t, Clock{Metric: Resolution, Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
		Started: b("2026-06-01 10:00"), Due: b("2026-06-03 10:00"), OriginalDue: b("2026-06-03 10:00"), WarnAt: b("2026-06-02 14:00"),
		Elapsed: 2 * time.Hour, Remaining: 14 * time.Hour, Percent: 12.5})
	roundTrip(t, Clock{Metric: FirstResponse, State: ClockNotStarted})
	roundTrip(t, ReminderWarn)
}
