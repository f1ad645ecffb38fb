package hypercare

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// businessC is the issue's C: Mon-Fri 09:00-17:00 in Europe/Berlin.
var businessC = mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00")

// percentOf is Clock.Percent's definition: elapsed / target * 100.
func percentOf(elapsed, target time.Duration) float64 {
	return 100 * float64(elapsed) / float64(target)
}

// clockCase is a worked case: a clock computed by hand.
type clockCase struct {
	name   string
	policy Policy
	events []Event
	metric Metric
	now    time.Time
	want   Clock
}

// checkClockCase compares the hand-computed clock with Policy.Clock and, when
// every instant is on a whole minute, with the oracle: a mistake in either,
// or in the hand computation, shows up.
func checkClockCase(t *testing.T, c clockCase) {
	t.Helper()
	is := mustTimeline(t, "CASE", c.events...)
	c.want.Metric = c.metric
	c.want.Percent = percentOf(c.want.Elapsed, c.want.Target)
	c.want.Remaining = c.want.Target - c.want.Elapsed
	got, err := c.policy.Clock(is, c.metric, c.now)
	if err != nil {
		t.Errorf("%s: Clock: %v", c.name, err)
		return
	}
	if diff := cmp.Diff(c.want, got, cmpHypercare); diff != "" {
		t.Errorf("%s: Clock (-want +got):\n%s", c.name, diff)
	}
	aligned := c.now.Truncate(time.Minute).Equal(c.now)
	for _, e := range c.events {
		aligned = aligned && e.At.Truncate(time.Minute).Equal(e.At)
	}
	if !aligned {
		return
	}
	o, err := oracleClock(c.policy, c.events, c.metric, c.now)
	if err != nil {
		t.Errorf("%s: oracle: %v", c.name, err)
		return
	}
	if diff := cmp.Diff(c.want, o, cmpHypercare); diff != "" {
		t.Errorf("%s: oracle (-want +oracle):\n%s", c.name, diff)
	}
}

func openedEvent(at time.Time, s Severity) Event {
	return Event{Type: EventOpened, At: at, Severity: s, Kind: Defect}
}

func bareEvent(typ EventType, at time.Time) Event { return Event{Type: typ, At: at} }

func policyWithRules(p Policy, onReclassify Reclassify, onReopen Reopen) Policy {
	p.OnReclassify, p.OnReopen = onReclassify, onReopen
	return p
}

func TestClockIssueWorkedCases(t *testing.T) {
	b := berlinWall
	p := DefaultPolicy(businessC)
	pausedSev2 := []Event{
		openedEvent(b("2026-06-01 10:00"), Sev2),
		bareEvent(EventPaused, b("2026-06-01 15:00")),
		bareEvent(EventResumed, b("2026-06-03 11:00")),
	}
	reclassified := []Event{
		openedEvent(b("2026-06-01 09:00"), Sev3),
		{Type: EventReclassified, At: b("2026-06-02 10:00"), Severity: Sev1},
	}
	for _, c := range []clockCase{
		{"Sev2 paused Mon 15:00 until Wed 11:00", p, pausedSev2, Resolution, b("2026-06-03 11:00"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-04 14:00"), OriginalDue: b("2026-06-03 10:00"), WarnAt: b("2026-06-04 10:00"),
			Elapsed: 5 * time.Hour,
		}},
		{"Sev2 while paused: due if resumed now", p, pausedSev2, Resolution, b("2026-06-02 12:00"), Clock{
			Severity: Sev2, State: ClockPaused, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-03 15:00"), OriginalDue: b("2026-06-03 10:00"), WarnAt: b("2026-06-03 11:00"),
			Elapsed: 5 * time.Hour,
		}},
		{"Sev2 without the pause", p, pausedSev2[:1], Resolution, b("2026-06-01 12:00"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-03 10:00"), OriginalDue: b("2026-06-03 10:00"), WarnAt: b("2026-06-02 14:00"),
			Elapsed: 2 * time.Hour,
		}},
		{"Sev3 to Sev1 Retroactive: breached at once", policyWithRules(p, ReclassifyRetroactive, 0), reclassified, Resolution, b("2026-06-02 10:00"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-01 13:00"), OriginalDue: b("2026-06-05 17:00"),
			Elapsed: 25 * time.Hour, BreachedAt: b("2026-06-02 10:00"),
		}},
		{"Sev3 a minute before the Retroactive change", policyWithRules(p, ReclassifyRetroactive, 0), reclassified, Resolution, b("2026-06-02 09:59"), Clock{
			Severity: Sev3, State: ClockRunning, Cycle: 1, Target: 40 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-05 17:00"), OriginalDue: b("2026-06-05 17:00"), WarnAt: b("2026-06-04 15:00"),
			Elapsed: 8*time.Hour + 59*time.Minute,
		}},
		{"Sev3 to Sev1 Restart", policyWithRules(p, ReclassifyRestart, 0), reclassified, Resolution, b("2026-06-02 10:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 14:00"), OriginalDue: b("2026-06-05 17:00"), WarnAt: b("2026-06-02 13:00"),
		}},
		{"Sev3 to Sev1 Restart is the default", p, reclassified, Resolution, b("2026-06-02 10:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 14:00"), OriginalDue: b("2026-06-05 17:00"), WarnAt: b("2026-06-02 13:00"),
		}},
		{"Sev3 to Sev1 Proportional: 9 of 40 h used, 3h06m of 4 h left", policyWithRules(p, ReclassifyProportional, 0), reclassified, Resolution, b("2026-06-02 10:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 13:06"), OriginalDue: b("2026-06-05 17:00"), WarnAt: b("2026-06-02 12:06"),
			Elapsed: 54 * time.Minute,
		}},
		{"Proportional at its due: running, at risk", policyWithRules(p, ReclassifyProportional, 0), reclassified, Resolution, b("2026-06-02 13:06"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 13:06"), OriginalDue: b("2026-06-05 17:00"), WarnAt: b("2026-06-02 12:06"),
			Elapsed: 4 * time.Hour, AtRisk: true,
		}},
		{"Proportional a minute past its due", policyWithRules(p, ReclassifyProportional, 0), reclassified, Resolution, b("2026-06-02 13:07"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 13:06"), OriginalDue: b("2026-06-05 17:00"),
			Elapsed: 4*time.Hour + time.Minute, BreachedAt: b("2026-06-02 13:06"),
		}},
	} {
		checkClockCase(t, c)
	}
}

func TestClockWorkedCases(t *testing.T) {
	b := berlinWall
	p := DefaultPolicy(businessC)
	sev1 := func(s string) Event { return openedEvent(b(s), Sev1) }
	sev2 := func(s string) Event { return openedEvent(b(s), Sev2) }
	at := func(typ EventType, s string) Event { return bareEvent(typ, b(s)) }
	whitMonday := Date{2026, time.May, 25}
	withHoliday := DefaultPolicy(mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", whitMonday))
	reopened := []Event{sev1("2026-06-01 10:00"), at(EventResolved, "2026-06-01 12:00"), at(EventReopened, "2026-06-01 20:00")}
	warnHalf := p
	warnHalf.WarnAt = 0.5
	howeCal := mustCalendarForTest(lordHoweZone, "Sat-Sun 01:00-04:00")
	howePolicy := Policy{Name: "night shift", Targets: []Target{{Sev1, FirstResponse, 2 * time.Hour, howeCal}}}
	howe := func(s string) time.Time { return wallIn(lordHoweZone, s) }

	for _, c := range []clockCase{
		// First response.
		{"first response met", p, []Event{sev2("2026-06-01 16:00"), at(EventResponded, "2026-06-02 09:30")}, FirstResponse, b("2026-06-02 12:00"), Clock{
			Severity: Sev2, State: ClockMet, Cycle: 1, Target: 2 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 16:00"), Due: b("2026-06-02 10:00"), OriginalDue: b("2026-06-02 10:00"), Stopped: b("2026-06-02 09:30"),
			Elapsed: 90 * time.Minute,
		}},
		{"first response breached", p, []Event{sev2("2026-06-01 16:00"), at(EventResponded, "2026-06-02 10:30")}, FirstResponse, b("2026-06-02 12:00"), Clock{
			Severity: Sev2, State: ClockBreached, Cycle: 1, Target: 2 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 16:00"), Due: b("2026-06-02 10:00"), OriginalDue: b("2026-06-02 10:00"), Stopped: b("2026-06-02 10:30"),
			Elapsed: 150 * time.Minute, BreachedAt: b("2026-06-02 10:00"),
		}},
		{"Sev1 first response at night, 24x7", p, []Event{sev1("2026-06-06 03:00"), at(EventResponded, "2026-06-06 03:20")}, FirstResponse, b("2026-06-06 04:00"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 15 * time.Minute,
			Started: b("2026-06-06 03:00"), Due: b("2026-06-06 03:15"), OriginalDue: b("2026-06-06 03:15"), Stopped: b("2026-06-06 03:20"),
			Elapsed: 20 * time.Minute, BreachedAt: b("2026-06-06 03:15"),
		}},
		{"a resolution is also the first response", p, []Event{sev2("2026-06-01 10:00"), at(EventResolved, "2026-06-01 11:00")}, FirstResponse, b("2026-06-01 12:00"), Clock{
			Severity: Sev2, State: ClockMet, Cycle: 1, Target: 2 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 12:00"), OriginalDue: b("2026-06-01 12:00"), Stopped: b("2026-06-01 11:00"),
			Elapsed: time.Hour,
		}},
		// Met exactly at the due time; breached a nanosecond later.
		{"resolved exactly at due", p, []Event{sev1("2026-06-01 10:00"), at(EventResolved, "2026-06-01 14:00")}, Resolution, b("2026-06-01 15:00"), Clock{
			Severity: Sev1, State: ClockMet, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 14:00"), OriginalDue: b("2026-06-01 14:00"), Stopped: b("2026-06-01 14:00"),
			Elapsed: 4 * time.Hour,
		}},
		{"resolved 1 ns late", p, []Event{sev1("2026-06-01 10:00"), {Type: EventResolved, At: b("2026-06-01 14:00").Add(time.Nanosecond)}}, Resolution, b("2026-06-01 15:00"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 14:00"), OriginalDue: b("2026-06-01 14:00"), Stopped: b("2026-06-01 14:00").Add(time.Nanosecond),
			Elapsed: 4*time.Hour + time.Nanosecond, BreachedAt: b("2026-06-01 14:00"),
		}},
		{"asked exactly at due: still running", p, []Event{sev1("2026-06-01 10:00")}, Resolution, b("2026-06-01 14:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 14:00"), OriginalDue: b("2026-06-01 14:00"), WarnAt: b("2026-06-01 13:00"),
			Elapsed: 4 * time.Hour, AtRisk: true,
		}},
		{"business hours: resolved at the 17:00 due", p, []Event{sev2("2026-06-01 09:00"), at(EventResolved, "2026-06-02 17:00")}, Resolution, b("2026-06-03 12:00"), Clock{
			Severity: Sev2, State: ClockMet, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 17:00"), OriginalDue: b("2026-06-02 17:00"), Stopped: b("2026-06-02 17:00"),
			Elapsed: 16 * time.Hour,
		}},
		{"business hours: 1 ns after the 17:00 due, with no business time used", p, []Event{sev2("2026-06-01 09:00"), {Type: EventResolved, At: b("2026-06-02 17:00").Add(time.Nanosecond)}}, Resolution, b("2026-06-03 12:00"), Clock{
			Severity: Sev2, State: ClockBreached, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 17:00"), OriginalDue: b("2026-06-02 17:00"), Stopped: b("2026-06-02 17:00").Add(time.Nanosecond),
			Elapsed: 16 * time.Hour, BreachedAt: b("2026-06-02 17:00"),
		}},
		{"business hours: open overnight past the due", p, []Event{sev2("2026-06-01 09:00")}, Resolution, b("2026-06-03 08:00"), Clock{
			Severity: Sev2, State: ClockBreached, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 17:00"), OriginalDue: b("2026-06-02 17:00"),
			Elapsed: 16 * time.Hour, BreachedAt: b("2026-06-02 17:00"),
		}},
		// At risk from 75% of the target.
		{"at risk at 75%", p, []Event{sev2("2026-06-01 09:00")}, Resolution, b("2026-06-02 13:00"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 17:00"), OriginalDue: b("2026-06-02 17:00"), WarnAt: b("2026-06-02 13:00"),
			Elapsed: 12 * time.Hour, AtRisk: true,
		}},
		{"not at risk a minute before 75%", p, []Event{sev2("2026-06-01 09:00")}, Resolution, b("2026-06-02 12:59"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 17:00"), OriginalDue: b("2026-06-02 17:00"), WarnAt: b("2026-06-02 13:00"),
			Elapsed: 11*time.Hour + 59*time.Minute,
		}},
		{"at risk at 50% with WarnAt 0.5", warnHalf, []Event{sev2("2026-06-01 09:00")}, Resolution, b("2026-06-01 17:00"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 17:00"), OriginalDue: b("2026-06-02 17:00"), WarnAt: b("2026-06-01 17:00"),
			Elapsed: 8 * time.Hour, AtRisk: true,
		}},
		{"paused and at risk", p, []Event{sev2("2026-06-01 09:00"), at(EventPaused, "2026-06-02 13:00")}, Resolution, b("2026-06-02 15:00"), Clock{
			Severity: Sev2, State: ClockPaused, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-03 11:00"), OriginalDue: b("2026-06-02 17:00"), WarnAt: b("2026-06-02 13:00"),
			Elapsed: 12 * time.Hour, AtRisk: true,
		}},
		// Reopening under the three rules: Sev1 (4 h, 24x7) used 2 h, resolved for 8 h.
		{"reopen NewCycle: a fresh cycle", p, reopened, Resolution, b("2026-06-01 21:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 2, Target: 4 * time.Hour,
			Started: b("2026-06-01 20:00"), Due: b("2026-06-02 00:00"), OriginalDue: b("2026-06-02 00:00"), WarnAt: b("2026-06-01 23:00"),
			Elapsed: time.Hour,
		}},
		{"reopen Resume: continues from 2 h used", policyWithRules(p, 0, ReopenResume), reopened, Resolution, b("2026-06-01 21:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 22:00"), OriginalDue: b("2026-06-01 14:00"), WarnAt: b("2026-06-01 21:00"),
			Elapsed: 3 * time.Hour, AtRisk: true,
		}},
		{"reopen FromCreation: the old issue breaches at once", policyWithRules(p, 0, ReopenFromCreation), reopened, Resolution, b("2026-06-01 20:00"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 14:00"), OriginalDue: b("2026-06-01 14:00"),
			Elapsed: 10 * time.Hour, BreachedAt: b("2026-06-01 20:00"),
		}},
		{"reopen FromCreation, an hour later", policyWithRules(p, 0, ReopenFromCreation), reopened, Resolution, b("2026-06-01 21:00"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 14:00"), OriginalDue: b("2026-06-01 14:00"),
			Elapsed: 11 * time.Hour, BreachedAt: b("2026-06-01 20:00"),
		}},
		{"before the reopen the clock is met", policyWithRules(p, 0, ReopenFromCreation), reopened, Resolution, b("2026-06-01 15:00"), Clock{
			Severity: Sev1, State: ClockMet, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 14:00"), OriginalDue: b("2026-06-01 14:00"), Stopped: b("2026-06-01 12:00"),
			Elapsed: 2 * time.Hour,
		}},
		{"reopening does not touch the first-response clock", p, reopened, FirstResponse, b("2026-06-01 21:00"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 15 * time.Minute,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 10:15"), OriginalDue: b("2026-06-01 10:15"), Stopped: b("2026-06-01 12:00"),
			Elapsed: 2 * time.Hour, BreachedAt: b("2026-06-01 10:15"),
		}},
		{"reopen Resume as Sev2: the severity change restarts the clock", policyWithRules(p, 0, ReopenResume),
			[]Event{reopened[0], reopened[1], {Type: EventReopened, At: b("2026-06-01 20:00"), Severity: Sev2}}, Resolution, b("2026-06-01 21:00"), Clock{
				Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
				Started: b("2026-06-01 10:00"), Due: b("2026-06-03 17:00"), OriginalDue: b("2026-06-01 14:00"), WarnAt: b("2026-06-03 13:00"),
			}},
		// A breach is counted once: reclassifying afterwards keeps it.
		{"breached Sev1 restarted as Sev3 stays breached", p, []Event{sev1("2026-06-01 09:00"), {Type: EventReclassified, At: b("2026-06-01 14:00"), Severity: Sev3}}, Resolution, b("2026-06-01 15:00"), Clock{
			Severity: Sev3, State: ClockBreached, Cycle: 1, Target: 40 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-08 14:00"), OriginalDue: b("2026-06-01 13:00"),
			Elapsed: time.Hour, BreachedAt: b("2026-06-01 13:00"),
		}},
		{"... and keeps its first BreachedAt past the new due", p, []Event{sev1("2026-06-01 09:00"), {Type: EventReclassified, At: b("2026-06-01 14:00"), Severity: Sev3}}, Resolution, b("2026-06-08 15:00"), Clock{
			Severity: Sev3, State: ClockBreached, Cycle: 1, Target: 40 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-08 14:00"), OriginalDue: b("2026-06-01 13:00"),
			Elapsed: 41 * time.Hour, BreachedAt: b("2026-06-01 13:00"),
		}},
		{"breached Sev1 scaled to Sev3 keeps its due", policyWithRules(p, ReclassifyProportional, 0), []Event{sev1("2026-06-01 09:00"), {Type: EventReclassified, At: b("2026-06-01 14:00"), Severity: Sev3}}, Resolution, b("2026-06-01 15:00"), Clock{
			Severity: Sev3, State: ClockBreached, Cycle: 1, Target: 40 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-01 13:00"), OriginalDue: b("2026-06-01 13:00"),
			Elapsed: 51 * time.Hour, BreachedAt: b("2026-06-01 13:00"), // 5 h of 4 h is 50 h of 40 h, plus an hour
		}},
		// Pauses over a weekend and a holiday (Whit Monday 2026-05-25).
		{"pause over a weekend and a holiday", withHoliday, []Event{
			sev2("2026-05-21 10:00"), at(EventPaused, "2026-05-22 12:00"), at(EventResumed, "2026-05-26 10:00"),
		}, Resolution, b("2026-05-26 10:00"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: withHoliday.Targets[3].Calendar,
			Started: b("2026-05-21 10:00"), Due: b("2026-05-26 16:00"), OriginalDue: b("2026-05-26 10:00"), WarnAt: b("2026-05-26 12:00"),
			Elapsed: 10 * time.Hour,
		}},
		{"paused on the Saturday: due skips the holiday", withHoliday, []Event{
			sev2("2026-05-21 10:00"), at(EventPaused, "2026-05-22 12:00"),
		}, Resolution, b("2026-05-23 12:00"), Clock{
			Severity: Sev2, State: ClockPaused, Cycle: 1, Target: 16 * time.Hour, Calendar: withHoliday.Targets[3].Calendar,
			Started: b("2026-05-21 10:00"), Due: b("2026-05-26 15:00"), OriginalDue: b("2026-05-26 10:00"), WarnAt: b("2026-05-26 11:00"),
			Elapsed: 10 * time.Hour,
		}},
		{"a pause over closed time costs nothing", withHoliday, []Event{
			sev2("2026-05-21 10:00"), at(EventPaused, "2026-05-22 17:00"), at(EventResumed, "2026-05-26 09:00"),
		}, Resolution, b("2026-05-26 09:30"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: withHoliday.Targets[3].Calendar,
			Started: b("2026-05-21 10:00"), Due: b("2026-05-26 10:00"), OriginalDue: b("2026-05-26 10:00"), WarnAt: b("2026-05-22 14:00"),
			Elapsed: 15*time.Hour + 30*time.Minute, AtRisk: true,
		}},
		// Regressions: each of these was wrong before the fix named.
		{"resolved while paused: Due frozen at the resolution (fix: freeze a clock's due at a stop during a pause)", p, []Event{
			sev2("2026-06-01 10:00"), at(EventPaused, "2026-06-01 15:00"), at(EventResolved, "2026-06-03 12:00"),
		}, Resolution, b("2026-06-03 13:00"), Clock{
			Severity: Sev2, State: ClockMet, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-04 15:00"), OriginalDue: b("2026-06-03 10:00"), Stopped: b("2026-06-03 12:00"),
			Elapsed: 5 * time.Hour,
		}},
		{"paused after a 17:00 due, resumed: Due stays the breach time (fix: keep the due of an overdue clock)", p, []Event{
			sev2("2026-06-01 09:00"), at(EventPaused, "2026-06-02 18:00"), at(EventResumed, "2026-06-03 08:00"),
		}, Resolution, b("2026-06-03 08:30"), Clock{
			Severity: Sev2, State: ClockBreached, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 17:00"), OriginalDue: b("2026-06-02 17:00"),
			Elapsed: 16 * time.Hour, BreachedAt: b("2026-06-02 17:00"),
		}},
		{"paused after a 17:00 due, asked while paused", p, []Event{sev2("2026-06-01 09:00"), at(EventPaused, "2026-06-02 18:00")}, Resolution, b("2026-06-03 07:00"), Clock{
			Severity: Sev2, State: ClockBreached, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 17:00"), OriginalDue: b("2026-06-02 17:00"),
			Elapsed: 16 * time.Hour, BreachedAt: b("2026-06-02 17:00"),
		}},
		{"Retroactive change corrected at the same instant: no breach (fix: judge a breach per instant)", policyWithRules(p, ReclassifyRetroactive, 0), []Event{
			openedEvent(b("2026-06-01 09:00"), Sev3),
			{Type: EventReclassified, At: b("2026-06-02 10:00"), Severity: Sev1},
			{Type: EventReclassified, At: b("2026-06-02 10:00"), Severity: Sev3},
		}, Resolution, b("2026-06-02 10:00"), Clock{
			Severity: Sev3, State: ClockRunning, Cycle: 1, Target: 40 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-05 17:00"), OriginalDue: b("2026-06-05 17:00"), WarnAt: b("2026-06-04 15:00"),
			Elapsed: 9 * time.Hour,
		}},
		{"FromCreation reopen and Restart to Sev2 at the same instant: no breach", policyWithRules(p, 0, ReopenFromCreation), []Event{
			reopened[0], reopened[1], reopened[2], {Type: EventReclassified, At: b("2026-06-01 20:00"), Severity: Sev2},
		}, Resolution, b("2026-06-01 21:00"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 16 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-03 17:00"), OriginalDue: b("2026-06-01 14:00"), WarnAt: b("2026-06-03 13:00"),
		}},
		{"FromCreation reopen and resolved at the same instant: still breached", policyWithRules(p, 0, ReopenFromCreation), []Event{
			reopened[0], reopened[1], reopened[2], at(EventResolved, "2026-06-01 20:00"),
		}, Resolution, b("2026-06-01 21:00"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 4 * time.Hour,
			Started: b("2026-06-01 10:00"), Due: b("2026-06-01 14:00"), OriginalDue: b("2026-06-01 14:00"), Stopped: b("2026-06-01 20:00"),
			Elapsed: 10 * time.Hour, BreachedAt: b("2026-06-01 20:00"),
		}},
		{"Retroactive recount exactly at the target, used up in closed hours (fix: Retroactive recount that uses the target up)", policyWithRules(p, ReclassifyRetroactive, 0), []Event{
			openedEvent(b("2026-06-01 15:00"), Sev3),
			{Type: EventReclassified, At: b("2026-06-01 18:00"), Severity: Sev2},
			at(EventResponded, "2026-06-01 18:00"),
		}, FirstResponse, b("2026-06-02 09:00"), Clock{
			Severity: Sev2, State: ClockBreached, Cycle: 1, Target: 2 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 15:00"), Due: b("2026-06-01 17:00"), OriginalDue: b("2026-06-02 15:00"), Stopped: b("2026-06-01 18:00"),
			Elapsed: 2 * time.Hour, BreachedAt: b("2026-06-01 18:00"),
		}},
		{"... asked at the change", policyWithRules(p, ReclassifyRetroactive, 0), []Event{
			openedEvent(b("2026-06-01 15:00"), Sev3),
			{Type: EventReclassified, At: b("2026-06-01 18:00"), Severity: Sev2},
		}, FirstResponse, b("2026-06-01 18:00"), Clock{
			Severity: Sev2, State: ClockBreached, Cycle: 1, Target: 2 * time.Hour, Calendar: businessC,
			Started: b("2026-06-01 15:00"), Due: b("2026-06-01 17:00"), OriginalDue: b("2026-06-02 15:00"),
			Elapsed: 2 * time.Hour, BreachedAt: b("2026-06-01 18:00"),
		}},
		// Lord Howe springs forward by 30 minutes at 02:00 on Sun 2026-10-04:
		// the 01:00-04:00 window holds 2.5 h that night.
		{"Lord Howe's 30-minute shift inside the window", howePolicy, []Event{openedEvent(howe("2026-10-04 01:00 +1030"), Sev1)}, FirstResponse, howe("2026-10-04 05:00 +1100"), Clock{
			Severity: Sev1, State: ClockBreached, Cycle: 1, Target: 2 * time.Hour, Calendar: howeCal,
			Started: howe("2026-10-04 01:00 +1030"), Due: howe("2026-10-04 03:30 +1100"), OriginalDue: howe("2026-10-04 03:30 +1100"),
			Elapsed: 150 * time.Minute, BreachedAt: howe("2026-10-04 03:30 +1100"),
		}},
	} {
		checkClockCase(t, c)
	}
}

// An issue not opened at the asked instant has a clock that has not
// started, not an error, so batches need no filter; the oracle agrees.
func TestClockNotStarted(t *testing.T) {
	b := berlinWall
	sev2 := mustTimeline(t, "E1", openedEvent(b("2026-06-01 10:00"), Sev2))
	cases := []struct {
		name  string
		issue Issue
		asOf  time.Time
	}{
		{"asked a minute before the opening", sev2, b("2026-06-01 09:59")},
		{"never opened", Issue{ID: "E0"}, b("2026-06-01 12:00")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, m := range []Metric{FirstResponse, Resolution} {
				want := Clock{Metric: m, State: ClockNotStarted}
				got, err := DefaultPolicy(businessC).Clock(c.issue, m, c.asOf)
				if err != nil {
					t.Fatalf("Clock: %v", err)
				}
				if d := cmp.Diff(want, got, cmpHypercare); d != "" {
					t.Errorf("Clock (-want +got):\n%s", d)
				}
				o, err := oracleClock(DefaultPolicy(businessC), c.issue.Events(), m, c.asOf)
				if err != nil {
					t.Fatalf("oracle: %v", err)
				}
				if d := cmp.Diff(want, o, cmpHypercare); d != "" {
					t.Errorf("oracle (-want +oracle):\n%s", d)
				}
				cycles, err := DefaultPolicy(businessC).Cycles(c.issue, m, c.asOf)
				if err != nil || len(cycles) != 1 || cycles[0].State != ClockNotStarted {
					t.Errorf("Cycles = %+v, %v; want one clock not started", cycles, err)
				}
			}
		})
	}
}

func TestClockErrors(t *testing.T) {
	b := berlinWall
	sev1Only := Policy{Name: "sev1 only", Targets: []Target{{Sev1, Resolution, 4 * time.Hour, nil}}}
	sev2 := mustTimeline(t, "E1", openedEvent(b("2026-06-01 10:00"), Sev2))
	toSev3 := mustTimeline(t, "E2", openedEvent(b("2026-06-01 10:00"), Sev1), Event{Type: EventReclassified, At: b("2026-06-01 11:00"), Severity: Sev3})
	cases := []struct {
		name   string
		policy Policy
		issue  Issue
		metric Metric
		now    time.Time
		want   string
	}{
		{"no target for the opening severity", sev1Only, sev2, Resolution, b("2026-06-01 12:00"), `policy "sev1 only" has no resolution target for Sev2`},
		{"no target for a later severity", sev1Only, toSev3, Resolution, b("2026-06-01 12:00"), `no resolution target for Sev3`},
		{"no first-response target", sev1Only, toSev3, FirstResponse, b("2026-06-01 10:30"), `no first-response target for Sev1`},
		{"empty policy", Policy{}, sev2, Resolution, b("2026-06-01 12:00"), `no resolution target for Sev2`},
		{"metric 0", DefaultPolicy(nil), sev2, 0, b("2026-06-01 12:00"), "unknown metric 0"},
		{"metric 3", DefaultPolicy(nil), sev2, 3, b("2026-06-01 12:00"), "unknown metric 3"},
	}
	for _, c := range cases {
		_, err := c.policy.Clock(c.issue, c.metric, c.now)
		if err == nil || !strings.HasPrefix(err.Error(), "hypercare: clock") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Clock error = %v, want one containing %q", c.name, err, c.want)
		}
		if _, err := oracleClock(c.policy, c.issue.Events(), c.metric, c.now); err == nil {
			t.Errorf("%s: the oracle found no error", c.name)
		}
	}
	// The severity held after the first response was achieved does not matter
	// to the first-response clock; before opening, the severity does not either.
	p := Policy{Targets: []Target{{Sev1, FirstResponse, time.Hour, nil}}}
	answered := mustTimeline(t, "E3", openedEvent(b("2026-06-01 10:00"), Sev1),
		bareEvent(EventResponded, b("2026-06-01 10:10")),
		Event{Type: EventReclassified, At: b("2026-06-01 11:00"), Severity: Sev3})
	if c, err := p.Clock(answered, FirstResponse, b("2026-06-01 12:00")); err != nil || c.State != ClockMet || c.Severity != Sev1 {
		t.Errorf("first response after a later reclassification: %+v, %v; want met as Sev1", c, err)
	}
	if c, err := DefaultPolicy(nil).Clock(sev2, Resolution, b("2026-06-01 10:00")); err != nil || c.State != ClockRunning || c.Elapsed != 0 {
		t.Errorf("asked at the opening instant: %+v, %v; want running with nothing elapsed", c, err)
	}
}

// A target of zero or negative time, which Policy.Validate rejects, is an
// error from Clock too, naming the target, rather than a clock with an
// infinite Percent (which encoding/json refuses) or a zero Due.
func TestClockRejectsNonPositiveTarget(t *testing.T) {
	b := berlinWall
	is := mustTimeline(t, "Z", openedEvent(b("2026-06-01 10:00"), Sev1), Event{Type: EventReclassified, At: b("2026-06-01 10:30"), Severity: Sev2})
	for _, c := range []struct {
		name   string
		policy Policy
		metric Metric
		want   string
	}{
		{"zero at the opening", Policy{Name: "z", Targets: []Target{{Sev1, Resolution, 0, nil}, {Sev2, Resolution, time.Hour, nil}}}, Resolution,
			`hypercare: clock for issue "Z": policy "z": resolution target for Sev1: duration 0s is not positive`},
		{"negative after a reclassification", Policy{Name: "n", Targets: []Target{{Sev1, FirstResponse, time.Hour, nil}, {Sev2, FirstResponse, -time.Hour, nil}}}, FirstResponse,
			`hypercare: clock for issue "Z": policy "n": first-response target for Sev2: duration -1h0m0s is not positive`},
	} {
		got, err := c.policy.Clock(is, c.metric, b("2026-06-01 11:00"))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: Clock = %+v, %v; want the error %q", c.name, got, err, c.want)
		}
	}
}

func TestDefaultPolicy(t *testing.T) {
	p := DefaultPolicy(businessC)
	want := []Target{
		{Sev1, FirstResponse, 15 * time.Minute, nil},
		{Sev1, Resolution, 4 * time.Hour, nil},
		{Sev2, FirstResponse, 2 * time.Hour, businessC},
		{Sev2, Resolution, 16 * time.Hour, businessC},
		{Sev3, FirstResponse, 8 * time.Hour, businessC},
		{Sev3, Resolution, 40 * time.Hour, businessC},
	}
	if diff := cmp.Diff(want, p.Targets, cmpHypercare); diff != "" {
		t.Errorf("DefaultPolicy targets (-want +got):\n%s", diff)
	}
	if p.Name == "" || p.WarnAt != 0 || p.OnReclassify != 0 || p.OnReopen != 0 {
		t.Errorf("DefaultPolicy = %+v; want a name and the zero (default) rules", p)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("DefaultPolicy.Validate: %v", err)
	}
	for _, tg := range DefaultPolicy(nil).Targets {
		if !tg.Calendar.IsAlways() {
			t.Errorf("DefaultPolicy(nil) target %v is not on Always", tg)
		}
	}
	if tg, ok := p.Target(Sev2, Resolution); !ok || tg.Within != 16*time.Hour {
		t.Errorf("Target(Sev2, Resolution) = %v, %v", tg, ok)
	}
	if _, ok := p.Target(Severity(4), Resolution); ok {
		t.Error("Target(Severity(4)) found a target")
	}
	if DefaultWarnAt != 0.75 {
		t.Errorf("DefaultWarnAt = %v, want 0.75", DefaultWarnAt)
	}
}

func TestPolicyValidate(t *testing.T) {
	good := []Policy{
		DefaultPolicy(nil),
		{Targets: []Target{{MaxSeverity, Resolution, time.Nanosecond, nil}}, WarnAt: 1, OnReclassify: ReclassifyProportional, OnReopen: ReopenFromCreation},
	}
	for _, p := range good {
		if err := p.Validate(); err != nil {
			t.Errorf("Validate(%+v): %v", p, err)
		}
	}
	one := []Target{{Sev1, Resolution, time.Hour, nil}}
	bad := []struct {
		name string
		p    Policy
		want string
	}{
		{"severity 0", Policy{Name: "x", Targets: []Target{{0, Resolution, time.Hour, nil}}}, `policy "x": target 0: unknown severity 0`},
		{"severity 10", Policy{Targets: []Target{{10, Resolution, time.Hour, nil}}}, "unknown severity 10"},
		{"metric 0", Policy{Targets: []Target{{Sev1, 0, time.Hour, nil}}}, "unknown metric 0"},
		{"zero duration", Policy{Targets: []Target{{Sev1, Resolution, 0, nil}}}, "duration 0s is not positive"},
		{"negative duration", Policy{Targets: []Target{{Sev2, FirstResponse, -time.Minute, nil}}}, "(Sev2 first-response): duration -1m0s is not positive"},
		{"duplicate", Policy{Targets: []Target{{Sev1, Resolution, time.Hour, nil}, {Sev1, Resolution, 2 * time.Hour, nil}}}, "two resolution targets for Sev1"},
		{"the zero policy", Policy{}, `hypercare: policy "": no targets`},
		{"named, no targets", Policy{Name: "week 1", WarnAt: 0.5}, `policy "week 1": no targets`},
		{"warn negative", Policy{Targets: one, WarnAt: -0.1}, "warn fraction -0.1"},
		{"warn above 1", Policy{Targets: one, WarnAt: 1.01}, "warn fraction 1.01"},
		{"warn NaN", Policy{Targets: one, WarnAt: notANumber()}, "warn fraction NaN"},
		{"reclassify rule", Policy{Targets: one, OnReclassify: 4}, "unknown reclassify rule 4"},
		{"reopen rule", Policy{Targets: one, OnReopen: -1}, "unknown reopen rule -1"},
	}
	for _, c := range bad {
		err := c.p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Validate() = %v, want an error containing %q wrapping ErrInvalid", c.name, err, c.want)
		}
	}
}

func notANumber() float64 {
	zero := 0.0
	return zero / zero
}

func TestTriage(t *testing.T) {
	cases := []struct {
		s    Symptoms
		want Severity
	}{
		{Symptoms{Blocked: true}, Sev1},                    // system down, no workaround
		{Symptoms{Blocked: true, Cosmetic: true}, Sev1},    // blocked wins over cosmetic
		{Symptoms{Blocked: true, Workaround: true}, Sev2},  // blocked but a workaround exists
		{Symptoms{Workaround: true}, Sev2},                 // significant pain with a workaround
		{Symptoms{}, Sev2},                                 // pain, nothing else known
		{Symptoms{Cosmetic: true}, Sev3},                   // minor or cosmetic
		{Symptoms{Cosmetic: true, Workaround: true}, Sev3}, // still cosmetic
		{Symptoms{Blocked: true, Workaround: true, Cosmetic: true}, Sev2},
	}
	for _, c := range cases {
		if got := Triage(c.s); got != c.want {
			t.Errorf("Triage(%+v) = %s, want %s", c.s, got, c.want)
		}
	}
}

func TestSeverityAndScheme(t *testing.T) {
	if !Sev1.AtLeast(Sev2) || !Sev2.AtLeast(Sev2) || Sev3.AtLeast(Sev2) || Severity(0).AtLeast(Sev2) || Severity(-1).AtLeast(Sev3) {
		t.Error("AtLeast: Sev1 and Sev2 are at least Sev2; Sev3 and invalid values are not")
	}
	def := DefaultScheme()
	if err := def.Validate(); err != nil {
		t.Errorf("DefaultScheme().Validate: %v", err)
	}
	if got := def.Name(Sev2); got != "Sev2" {
		t.Errorf("Name(Sev2) = %q", got)
	}
	p := Scheme{{1, "P1", "outage"}, {2, "P2", "degraded"}, {3, "P3", "minor"}, {4, "P4", "request"}}
	if err := p.Validate(); err != nil {
		t.Errorf("P1-P4 scheme: %v", err)
	}
	if s, err := p.Parse("p4"); err != nil || s != Severity(4) {
		t.Errorf("Parse(p4) = %v, %v", s, err)
	}
	if _, err := p.Parse("P5"); err == nil || !strings.Contains(err.Error(), `"P5"`) {
		t.Errorf("Parse(P5) error = %v, want one naming P5", err)
	}
	if got := p.Name(Severity(7)); got != "Sev7" {
		t.Errorf("Name beyond the scheme = %q, want Sev7 (its String)", got)
	}
	bad := map[string]Scheme{
		"empty":      {},
		"gap":        {{1, "A", ""}, {3, "C", ""}},
		"not first":  {{2, "B", ""}},
		"empty name": {{1, "", ""}},
		"repeated":   {{1, "P1", ""}, {2, "p1", ""}},
		"too many":   {{1, "a", ""}, {2, "b", ""}, {3, "c", ""}, {4, "d", ""}, {5, "e", ""}, {6, "f", ""}, {7, "g", ""}, {8, "h", ""}, {9, "i", ""}, {10, "j", ""}},
	}
	for name, sc := range bad {
		if err := sc.Validate(); err == nil {
			t.Errorf("%s scheme: Validate() = nil, want an error", name)
		}
	}
}

// Speed.

// benchmarkIssues returns n issues of a four-week hypercare with realistic
// timelines (about five events each, on whole minutes), the Berlin business
// calendar with its holidays, and the instant to ask their clocks at.
func benchmarkIssues(n int) ([]Issue, *Calendar, time.Time) {
	cal := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00",
		Date{2026, 12, 24}, Date{2026, 12, 25}, Date{2026, 12, 26}, Date{2026, 12, 31}, Date{2027, 1, 1})
	rng := rand.New(rand.NewPCG(2026, 12))
	goLive := berlinWall("2026-12-07 08:00")
	now := goLive.AddDate(0, 0, 28)
	minutes := func(lo, hi int) time.Duration { return time.Duration(lo+rng.IntN(hi-lo+1)) * time.Minute }
	issues := make([]Issue, n)
	for i := range issues {
		at := goLive.Add(minutes(0, 27*24*60))
		sev := Sev3
		switch r := rng.IntN(10); {
		case r == 0:
			sev = Sev1
		case r < 5:
			sev = Sev2
		}
		evs := []Event{{Type: EventOpened, At: at, Severity: sev, Kind: Kind(1 + rng.IntN(5))}}
		add := func(e Event) { evs = append(evs, e) }
		at = at.Add(minutes(1, 180))
		add(Event{Type: EventResponded, At: at, Person: "agent"})
		if rng.IntN(5) == 0 {
			at = at.Add(minutes(10, 600))
			add(Event{Type: EventReclassified, At: at, Severity: Severity(1 + (int(sev)+rng.IntN(2))%3)})
		}
		if rng.IntN(3) == 0 {
			at = at.Add(minutes(10, 600))
			add(Event{Type: EventPaused, At: at, Reason: "waiting on customer"})
			at = at.Add(minutes(30, 3*24*60))
			add(Event{Type: EventResumed, At: at})
		}
		at = at.Add(minutes(10, 4*24*60))
		add(Event{Type: EventAssigned, At: at, Team: SteadyState})
		if rng.IntN(5) != 0 {
			at = at.Add(minutes(10, 3*24*60))
			add(Event{Type: EventResolved, At: at, Team: SteadyState})
			if rng.IntN(10) == 0 {
				at = at.Add(minutes(60, 3*24*60))
				add(Event{Type: EventReopened, At: at})
			}
		}
		issues[i] = Issue{ID: "B"}
		if err := issues[i].Append(eventsUpTo(evs, now)...); err != nil {
			panic(err)
		}
	}
	return issues, cal, now
}

var benchClockSink Clock

// BenchmarkClocks100k evaluates both clocks of 100,000 issues per op; the
// ns/issue metric is what one issue costs.
func BenchmarkClocks100k(b *testing.B) {
	issues, cal, now := benchmarkIssues(100_000)
	p := DefaultPolicy(cal)
	b.ReportAllocs()
	b.ResetTimer()
	ops := 0
	for b.Loop() {
		for _, is := range issues {
			for _, m := range []Metric{FirstResponse, Resolution} {
				c, err := p.Clock(is, m, now)
				if err != nil {
					b.Fatal(err)
				}
				benchClockSink = c
			}
		}
		ops++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(ops*len(issues)), "ns/issue")
}

// BenchmarkClocks100kOracle is the baseline: the oracle on the first 100 of
// the same issues, normalised per issue.
func BenchmarkClocks100kOracle(b *testing.B) {
	issues, cal, now := benchmarkIssues(100_000)
	issues = issues[:100]
	p := DefaultPolicy(cal)
	b.ReportAllocs()
	b.ResetTimer()
	ops := 0
	for b.Loop() {
		for _, is := range issues {
			for _, m := range []Metric{FirstResponse, Resolution} {
				c, err := oracleClock(p, is.events, m, now)
				if err != nil {
					b.Fatal(err)
				}
				benchClockSink = c
			}
		}
		ops++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(ops*len(issues)), "ns/issue")
}

// Durations read the same in every JSON form of the package: Go duration
// strings, negative ones too.
func TestDurationsInJSONAreGoStrings(t *testing.T) {
	cases := []struct {
		v    any
		want []string
	}{
		{Clock{Metric: Resolution, Severity: Sev1, State: ClockBreached, Target: 4 * time.Hour, Elapsed: 5*time.Hour + 30*time.Minute, Remaining: -90 * time.Minute},
			[]string{`"target":"4h0m0s"`, `"elapsed":"5h30m0s"`, `"remaining":"-1h30m0s"`}},
		{Target{Sev2, Resolution, 16 * time.Hour, nil}, []string{`"within":"16h0m0s"`}},
		{Load{Person: "ana", Total: 36 * time.Hour, Sleep: 10 * time.Hour}, []string{`"total":"36h0m0s"`, `"sleep":"10h0m0s"`, `"weekend":"0s"`}},
		{Fairness{Max: 36 * time.Hour, Range: 12 * time.Hour}, []string{`"max":"36h0m0s"`, `"range":"12h0m0s"`}},
		{Bound{Total: 24 * time.Hour, Shifts: 2}, []string{`"total":"24h0m0s"`, `"shifts":2`}},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.v)
		if err != nil {
			t.Fatalf("%T: %v", c.v, err)
		}
		for _, w := range c.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%T encodes as %s, want it to contain %s", c.v, b, w)
			}
		}
		back := reflect.New(reflect.TypeOf(c.v))
		if err := json.Unmarshal(b, back.Interface()); err != nil {
			t.Fatalf("%T: decoding %s: %v", c.v, b, err)
		}
		if diff := cmp.Diff(c.v, back.Elem().Interface()); diff != "" {
			t.Errorf("%T round trip (-want +got):\n%s", c.v, diff)
		}
	}
	var c Clock
	if err := json.Unmarshal([]byte(`{"target":"4 hours"}`), &c); err == nil || !strings.Contains(err.Error(), `"4 hours"`) {
		t.Errorf("a bad duration: error %v, want one naming \"4 hours\"", err)
	}
}

func TestPolicyCycles(t *testing.T) {
	p := Policy{Targets: []Target{{Sev1, Resolution, 4 * time.Hour, nil}}}
	is := mustTimeline(t, "A",
		Event{Type: EventOpened, At: berlinWall("2026-06-08 10:00"), Severity: Sev1, Kind: Defect},
		Event{Type: EventResolved, At: berlinWall("2026-06-08 15:00")},
		Event{Type: EventReopened, At: berlinWall("2026-06-09 10:00")},
	)
	now := berlinWall("2026-06-09 10:30")
	cycles, err := p.Cycles(is, Resolution, now)
	if err != nil {
		t.Fatal(err)
	}
	type view struct {
		Cycle             int
		State             ClockState
		Due, Stopped, Brk time.Time
	}
	var got []view
	for _, c := range cycles {
		got = append(got, view{c.Cycle, c.State, c.Due, c.Stopped, c.BreachedAt})
	}
	want := []view{
		// Due Mon 14:00, resolved 15:00: breached at 14:00, closed by the reopen.
		{1, ClockBreached, berlinWall("2026-06-08 14:00"), berlinWall("2026-06-08 15:00"), berlinWall("2026-06-08 14:00")},
		// A fresh 4 h from the reopen.
		{2, ClockRunning, berlinWall("2026-06-09 14:00"), time.Time{}, time.Time{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Cycles (-want +got):\n%s", diff)
	}
	if last, _ := p.Clock(is, Resolution, now); !cmp.Equal(last, cycles[len(cycles)-1]) {
		t.Errorf("the last cycle differs from Clock")
	}
	// Under Resume a reopen continues the same cycle: one clock.
	p.OnReopen = ReopenResume
	if cycles, err := p.Cycles(is, Resolution, now); err != nil || len(cycles) != 1 || cycles[0].State != ClockBreached {
		t.Errorf("Resume: %d cycles, %v; want one breached cycle", len(cycles), err)
	}
	// A metric without a target is an error, as it is for Clock.
	if cycles, err := p.Cycles(is, FirstResponse, now); err == nil || cycles != nil {
		t.Errorf("no first-response target: %v, %v; want an error", cycles, err)
	}
}

// A clock's instants are in its calendar's location, whatever zone the
// timeline was written in: a Tokyo customer reads Tokyo times. On Always,
// Engagement.Clock uses the engagement's location.
func TestClockInstantsInTheCalendarsLocation(t *testing.T) {
	tokyoHours := mustCalendarForTest(tokyoZone, "Mon-Fri 09:00-18:00")
	p := Policy{Targets: []Target{{Sev2, Resolution, 4 * time.Hour, tokyoHours}, {Sev1, Resolution, 4 * time.Hour, nil}}}
	// Mon 2026-06-01 01:00 UTC is 10:00 in Tokyo: 4 business hours later is 14:00 there.
	opened := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	is := mustTimeline(t, "T1", openedEvent(opened, Sev2))
	c, err := p.Clock(is, Resolution, opened.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Due.Format("2006-01-02 15:04 MST"), "2026-06-01 14:00 JST"; got != want {
		t.Errorf("Due %s, want %s", got, want)
	}
	if got, want := c.WarnAt.Format("15:04 MST"), "13:00 JST"; got != want {
		t.Errorf("WarnAt %s, want %s (75%% of 4 h is 3 h)", got, want)
	}
	if got, want := c.Started.Format("15:04 MST"), "10:00 JST"; got != want {
		t.Errorf("Started %s, want %s", got, want)
	}
	e := Engagement{ID: "E", Location: berlinZone, GoLive: opened.Add(-time.Hour), PlannedEnd: opened.Add(24 * time.Hour), Policy: p}
	sev1 := mustTimeline(t, "T2", openedEvent(opened, Sev1))
	c, err = e.Clock(sev1, Resolution, opened)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Due.Format("15:04 MST"), "07:00 CEST"; got != want {
		t.Errorf("on Always, Engagement.Clock's Due %s, want %s in the engagement's location", got, want)
	}
}

// TestRestartIgnoresAReclassificationUndoneAtTheSameInstant: a
// reclassification corrected at the same instant never shows in the
// issue's state (StateAt), and replay's own rule is that "a state undone at
// the same instant (a reclassification corrected at once) never counts".
// Under ReclassifyRestart "the new target counts from the change": with no
// change of severity visible at any instant, there is nothing to restart.
//
// Input: DefaultPolicy on Mon-Fri 09:00-17:00 Berlin (Sev2 resolution 16
// business hours), OnReclassify Restart. Opened Sev2 Mon 2026-06-01 09:00;
// at Tue 09:00 two reclassifications at the same instant, to Sev1 (ID "a")
// and back to Sev2 (ID "b"): the state is Sev2 before, at and after Tue
// 09:00. Asked at Tue 10:00.
//
// By hand: Mon 09:00-17:00 is 8 h, Tue 09:00-10:00 is 1 h: Elapsed 9 h of
// 16 h, due Tue 17:00. The clock restarted at Tue 09:00 (Elapsed 1 h, due
// Wed 17:00): a same-second Sev1-and-back in a helpdesk export wiped 8
// business hours off the SLA.
func TestRestartIgnoresAReclassificationUndoneAtTheSameInstant(t *testing.T) {
	berlin := berlinZone
	biz := mustCalendarForTest(berlin, "Mon-Fri 09:00-17:00")
	at := func(d, h int) time.Time { return time.Date(2026, 6, d, h, 0, 0, 0, berlin) }
	p := DefaultPolicy(biz)
	p.OnReclassify = ReclassifyRestart
	var is Issue
	if err := is.Append(
		Event{Type: EventOpened, At: at(1, 9), Severity: Sev2, Kind: Defect},
		Event{ID: "a", Type: EventReclassified, At: at(2, 9), Severity: Sev1},
		Event{ID: "b", Type: EventReclassified, At: at(2, 9), Severity: Sev2},
	); err != nil {
		t.Fatal(err)
	}
	if s := is.StateAt(at(2, 9)).Severity; s != Sev2 {
		t.Fatalf("setup: severity at Tue 09:00 is %s, want Sev2", s)
	}
	c, err := p.Clock(is, Resolution, at(2, 10))
	if err != nil {
		t.Fatal(err)
	}
	if c.Elapsed != 9*time.Hour || !c.Due.Equal(at(2, 17)) {
		t.Errorf("Elapsed %v, Due %s; want 9h0m0s and Tue 17:00 (no visible change of severity, nothing to restart)", c.Elapsed, c.Due)
	}
}
