package hypercare

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Worked cases for the deadline rule, by hand. Berlin business hours
// Mon-Fri 09:00-17:00 with Whit Monday 2026-05-25 off; Berlin springs
// forward on Sun 2026-03-29 (02:00 CET to 03:00 CEST).
func TestDeadlineFrom(t *testing.T) {
	b, utc := berlinWall, func(s string) time.Time { return wallIn(time.UTC, s) }
	business := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 5, 25})
	berlinAlways := mustCalendarForTest(berlinZone, "Mon-Sun 00:00-24:00")
	next10 := Deadline{Days: 1, By: TimeOfDay{10, 0}}
	cases := []struct {
		name  string
		rule  Deadline
		cal   *Calendar
		start time.Time
		want  time.Time
	}{
		{"Friday afternoon: Monday 10:00 (weekend)", next10, business, b("2026-05-29 15:00"), b("2026-06-01 10:00")},
		{"Friday before Whit Monday: Tuesday 10:00 (holiday)", next10, business, b("2026-05-22 15:00"), b("2026-05-26 10:00")},
		{"Monday before opening: still the next day", next10, business, b("2026-06-01 07:00"), b("2026-06-02 10:00")},
		{"second business day over the holiday", Deadline{Days: 2, By: TimeOfDay{12, 0}}, business, b("2026-05-22 15:00"), b("2026-05-27 12:00")},
		{"end of the next business day", Deadline{Days: 1, EndOfDay: true}, business, b("2026-05-29 15:00"), b("2026-06-01 17:00")},
		{"a By outside the hours skips days it is closed just before: 08:00", Deadline{Days: 1, By: TimeOfDay{8, 0}}, business, b("2026-06-01 12:00"), time.Time{}},
		{"DST: 09:00 the next day, 20 h after Saturday noon", Deadline{Days: 1, By: TimeOfDay{9, 0}}, berlinAlways, b("2026-03-28 12:00"), utc("2026-03-29 07:00")},
		{"DST: 02:30 skipped, resolved later: 03:30 CEST", Deadline{Days: 1, By: TimeOfDay{2, 30}}, berlinAlways, b("2026-03-28 12:00"), utc("2026-03-29 01:30")},
		{"end of the next day on Always in Berlin: midnight", Deadline{Days: 1, EndOfDay: true}, berlinAlways, b("2026-03-28 12:00"), utc("2026-03-29 22:00")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.rule.From(c.start, c.cal)
			if c.want.IsZero() {
				if err == nil {
					t.Errorf("From = %s, want an error: 08:00 is never open just before", got)
				}
				return
			}
			if err != nil || !got.Equal(c.want) {
				t.Errorf("From = %s, %v; want %s", got, err, c.want)
			}
		})
	}
}

// deadlinePolicy: first response by 10:00 on the next business day for
// Sev1, by the end of the second business day for Sev2.
func deadlinePolicy(cal *Calendar, rule Reclassify) Policy {
	return Policy{Name: "deadlines", OnReclassify: rule, Deadlines: []DeadlineTarget{
		{Sev1, FirstResponse, Deadline{Days: 1, By: TimeOfDay{10, 0}}, cal},
		{Sev2, FirstResponse, Deadline{Days: 2, EndOfDay: true}, cal},
	}}
}

func TestDeadlineClockWorkedCases(t *testing.T) {
	b := berlinWall
	business := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 5, 25})
	p := deadlinePolicy(business, 0)
	for _, c := range []clockCase{
		// Fri 15:00 to Mon 10:00: 2 h on Friday and 1 h on Monday.
		{"over a weekend", p, []Event{openedEvent(b("2026-05-29 15:00"), Sev1)}, FirstResponse, b("2026-05-29 16:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 3 * time.Hour, Calendar: business,
			Started: b("2026-05-29 15:00"), Due: b("2026-06-01 10:00"), OriginalDue: b("2026-06-01 10:00"), WarnAt: b("2026-06-01 09:15"),
			Elapsed: time.Hour,
		}},
		// Paused Fri 16:00 to Mon 09:30: 1 h used, 2 h left from 09:30.
		{"paused over the weekend: the deadline moves out", p, []Event{
			openedEvent(b("2026-05-29 15:00"), Sev1), bareEvent(EventPaused, b("2026-05-29 16:00")), bareEvent(EventResumed, b("2026-06-01 09:30")),
		}, FirstResponse, b("2026-06-01 09:30"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 3 * time.Hour, Calendar: business,
			Started: b("2026-05-29 15:00"), Due: b("2026-06-01 11:30"), OriginalDue: b("2026-06-01 10:00"), WarnAt: b("2026-06-01 10:45"),
			Elapsed: time.Hour,
		}},
		// Fri 05-22 15:00, Whit Monday off: end of the 2nd business day is
		// Wed 05-27 17:00: 2 h + 8 h + 8 h = 18 h.
		{"over a holiday", p, []Event{openedEvent(b("2026-05-22 15:00"), Sev2)}, FirstResponse, b("2026-05-26 09:00"), Clock{
			Severity: Sev2, State: ClockRunning, Cycle: 1, Target: 18 * time.Hour, Calendar: business,
			Started: b("2026-05-22 15:00"), Due: b("2026-05-27 17:00"), OriginalDue: b("2026-05-27 17:00"), WarnAt: b("2026-05-27 12:30"),
			Elapsed: 2 * time.Hour,
		}},
		// Restart: Sev2 opened Mon 06-01 09:00 (due at the end of the 2nd
		// business day after Monday: Wed 17:00), Sev1 from Mon 14:00: by
		// 10:00 on Tue, 4 business hours after the change, warning after
		// 3 of them: Mon 17:00.
		{"reclassified to Sev1 under Restart: the rule from the change", p, []Event{
			openedEvent(b("2026-06-01 09:00"), Sev2), {Type: EventReclassified, At: b("2026-06-01 14:00"), Severity: Sev1},
		}, FirstResponse, b("2026-06-01 15:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 4 * time.Hour, Calendar: business,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 10:00"), OriginalDue: b("2026-06-03 17:00"), WarnAt: b("2026-06-01 17:00"),
			Elapsed: time.Hour,
		}},
		// Retroactive: the Sev1 rule from the opening: Tue 10:00, 9 h of
		// allowance, 6 h used by 15:00.
		{"reclassified to Sev1, Retroactive: the rule from the opening", deadlinePolicy(business, ReclassifyRetroactive), []Event{
			openedEvent(b("2026-06-01 09:00"), Sev2), {Type: EventReclassified, At: b("2026-06-01 14:00"), Severity: Sev1},
		}, FirstResponse, b("2026-06-01 15:00"), Clock{
			Severity: Sev1, State: ClockRunning, Cycle: 1, Target: 9 * time.Hour, Calendar: business,
			Started: b("2026-06-01 09:00"), Due: b("2026-06-02 10:00"), OriginalDue: b("2026-06-03 17:00"), WarnAt: b("2026-06-01 15:45"),
			Elapsed: 6 * time.Hour,
		}},
	} {
		checkClockCase(t, c)
	}
}

// DST: on Always in Berlin, Saturday 12:00 CET to Sunday 09:00 CEST is 20 h.
func TestDeadlineClockAcrossDST(t *testing.T) {
	b := berlinWall
	cal := mustCalendarForTest(berlinZone, "Mon-Sun 00:00-24:00")
	p := Policy{Deadlines: []DeadlineTarget{{Sev1, Resolution, Deadline{Days: 1, By: TimeOfDay{9, 0}}, cal}}}
	is := mustTimeline(t, "D", openedEvent(b("2026-03-28 12:00"), Sev1))
	c, err := p.Clock(is, Resolution, b("2026-03-28 12:00"))
	if err != nil || c.Target != 20*time.Hour || !c.Due.Equal(b("2026-03-29 09:00")) {
		t.Errorf("clock %+v, %v; want a 20 h allowance due Sun 09:00 CEST", c, err)
	}
}

// Laws for the deadline kind, on random timelines: the clock agrees with the
// oracle; pausing never makes the deadline earlier than without the pauses; under Restart, a
// reclassification with no pause after it is due exactly at the rule
// applied at the change; the clock laws hold (WarnAt <= Due, zones).
func TestDeadlineClockLaws(t *testing.T) {
	business := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 5, 25}, Date{2026, 10, 3})
	rapid.Check(t, func(t *rapid.T) {
		start := rapid.SampledFrom([]time.Time{berlinWall("2026-03-26 08:00"), berlinWall("2026-05-21 08:00"), berlinWall("2026-10-22 08:00")}).Draw(t, "start")
		cal := rapid.SampledFrom([]*Calendar{nil, business}).Draw(t, "calendar")
		p := Policy{OnReclassify: Reclassify(rapid.IntRange(0, 3).Draw(t, "rule"))}
		for s := Sev1; s <= Sev3; s++ {
			for _, m := range []Metric{FirstResponse, Resolution} {
				d := Deadline{Days: rapid.IntRange(1, 3).Draw(t, "days")}
				if rapid.Bool().Draw(t, "endOfDay") {
					d.EndOfDay = true
				} else {
					d.By = TimeOfDay{rapid.IntRange(10, 16).Draw(t, "hour"), 0}
				}
				p.Deadlines = append(p.Deadlines, DeadlineTarget{s, m, d, cal})
			}
		}
		events := drawTimeline(t, start, Sev3)
		is := Issue{ID: "D"}
		if err := is.Append(events...); err != nil {
			t.Fatal(err)
		}
		var unpaused []Event
		for _, e := range events {
			if e.Type != EventPaused && e.Type != EventResumed {
				unpaused = append(unpaused, e)
			}
		}
		plain := Issue{ID: "D"}
		if err := plain.Append(unpaused...); err != nil {
			t.Fatal(err)
		}
		for _, now := range drawClockNows(t, events) {
			for _, m := range []Metric{FirstResponse, Resolution} {
				c, err := p.Clock(is, m, now)
				if err != nil {
					t.Fatal(err)
				}
				checkClockLaws(t, c, now)
				o, err := oracleClock(p, events, m, now)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(o, c, cmpHypercare); d != "" {
					t.Fatalf("%s clock at %s (-oracle +got):\n%s", m, now, d)
				}
				without, err := p.Clock(plain, m, now)
				if err != nil {
					t.Fatal(err)
				}
				if c.State != ClockBreached && without.State != ClockBreached && c.Cycle == without.Cycle && c.Due.Before(without.Due) {
					t.Fatalf("%s: paused due %s before the unpaused %s", m, c.Due, without.Due)
				}
			}
		}
		// Restart: the last reclassification's rule, if no pause follows it.
		if p.OnReclassify != 0 && p.OnReclassify != ReclassifyRestart {
			return
		}
		last := events[len(events)-1]
		if last.Type != EventReclassified || len(events) < 2 || is.StateAt(events[len(events)-2].At).Severity == is.StateAt(last.At).Severity {
			return // not a change of severity
		}
		st := is.StateAt(last.At)
		if !st.IsOpen() || st.Status == StatusPaused || !st.Responded.IsZero() {
			return
		}
		c, err := p.Clock(is, FirstResponse, last.At)
		if err != nil || c.State == ClockBreached {
			return
		}
		d, _ := p.deadlineTarget(st.Severity, FirstResponse)
		want, err := d.Deadline.From(last.At, d.Calendar)
		if err != nil || !c.Due.Equal(want) {
			t.Fatalf("after a Restart reclassification at %s: due %s, want the rule's %s (%v)", last.At, c.Due, want, err)
		}
	})
}

// Worked cases for the update clock, by hand: Sev2 every 4 business hours
// (Mon-Fri 09:00-17:00, Whit Monday off), Sev3 every 8, Sev1 every hour
// around the clock.
func TestUpdateClockWorkedCases(t *testing.T) {
	b, utc := berlinWall, func(s string) time.Time { return wallIn(time.UTC, s) }
	business := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 5, 25})
	p := Policy{Updates: []UpdateTarget{{Sev1, time.Hour, nil}, {Sev2, 4 * time.Hour, business}, {Sev3, 8 * time.Hour, business}}}
	always4 := Policy{Updates: []UpdateTarget{{Sev2, 4 * time.Hour, mustCalendarForTest(berlinZone, "Mon-Sun 00:00-24:00")}}}
	opened := func(s string, sev Severity) Event { return openedEvent(b(s), sev) }
	at := func(typ EventType, s string) Event { return bareEvent(typ, b(s)) }
	cases := []struct {
		name   string
		policy Policy
		events []Event
		asOf   time.Time
		want   UpdateClock
	}{
		{"a reply restarts the interval", p, []Event{opened("2026-06-01 10:00", Sev2), at(EventResponded, "2026-06-01 13:00")}, b("2026-06-01 14:00"),
			UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: business, Since: b("2026-06-01 13:00"), Due: b("2026-06-01 17:00")}},
		{"silence past the due: one miss, the next due 4 h on", p, []Event{opened("2026-06-01 10:00", Sev2), at(EventResponded, "2026-06-01 13:00")}, b("2026-06-02 12:00"),
			UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: business, Since: b("2026-06-01 17:00"), Due: b("2026-06-02 13:00"),
				Missed: []time.Time{b("2026-06-01 17:00")}}},
		{"four intervals of silence: four misses", p, []Event{opened("2026-06-01 09:00", Sev2)}, b("2026-06-02 17:30"),
			UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: business, Since: b("2026-06-02 17:00"), Due: b("2026-06-03 13:00"),
				Missed: []time.Time{b("2026-06-01 13:00"), b("2026-06-01 17:00"), b("2026-06-02 13:00"), b("2026-06-02 17:00")}}},
		{"over a weekend", p, []Event{opened("2026-05-29 15:00", Sev2)}, b("2026-05-30 12:00"),
			UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: business, Since: b("2026-05-29 15:00"), Due: b("2026-06-01 11:00")}},
		{"over a holiday", p, []Event{opened("2026-05-22 15:00", Sev2)}, b("2026-05-25 12:00"),
			UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: business, Since: b("2026-05-22 15:00"), Due: b("2026-05-26 11:00")}},
		{"across the spring DST change: 4 h elapsed is 5 on the wall", always4, []Event{opened("2026-03-28 23:00", Sev2)}, b("2026-03-29 01:00"),
			UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: always4.Updates[0].Calendar, Since: b("2026-03-28 23:00"), Due: utc("2026-03-29 02:00")}},
		{"a pause stops the count", p, []Event{opened("2026-06-01 10:00", Sev2), at(EventPaused, "2026-06-01 11:00"), at(EventResumed, "2026-06-01 15:00")}, b("2026-06-01 15:00"),
			UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: business, Since: b("2026-06-01 10:00"), Due: b("2026-06-02 10:00")}},
		{"while paused: due if resumed now", p, []Event{opened("2026-06-01 10:00", Sev2), at(EventPaused, "2026-06-01 11:00")}, b("2026-06-01 16:00"),
			UpdateClock{Severity: Sev2, State: ClockPaused, Every: 4 * time.Hour, Calendar: business, Since: b("2026-06-01 10:00"), Due: b("2026-06-02 11:00")}},
		{"to a stricter severity: the earlier of the old due and the new Every", p, []Event{opened("2026-06-01 10:00", Sev3), {Type: EventReclassified, At: b("2026-06-01 12:00"), Severity: Sev1}}, b("2026-06-01 12:30"),
			UpdateClock{Severity: Sev1, State: ClockRunning, Every: time.Hour, Since: b("2026-06-01 10:00"), Due: b("2026-06-01 13:00")}},
		{"to a laxer severity: the old due stands", p, []Event{opened("2026-06-01 10:00", Sev2), {Type: EventReclassified, At: b("2026-06-01 12:00"), Severity: Sev3}}, b("2026-06-01 12:30"),
			UpdateClock{Severity: Sev3, State: ClockRunning, Every: 8 * time.Hour, Calendar: business, Since: b("2026-06-01 10:00"), Due: b("2026-06-01 14:00")}},
		{"resolved: nothing due, misses kept", p, []Event{opened("2026-06-01 09:00", Sev2), at(EventResolved, "2026-06-01 14:00")}, b("2026-06-02 12:00"),
			UpdateClock{Severity: Sev2, State: ClockMet, Every: 4 * time.Hour, Calendar: business, Since: b("2026-06-01 13:00"),
				Missed: []time.Time{b("2026-06-01 13:00")}}},
		{"reopened: a new interval", p, []Event{opened("2026-06-01 09:00", Sev2), at(EventResolved, "2026-06-01 12:00"), at(EventReopened, "2026-06-02 10:00")}, b("2026-06-02 11:00"),
			UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: business, Since: b("2026-06-02 10:00"), Due: b("2026-06-02 14:00")}},
		{"not opened yet", p, []Event{opened("2026-06-01 09:00", Sev2)}, b("2026-06-01 08:00"), UpdateClock{State: ClockNotStarted}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.policy.UpdateClock(mustTimeline(t, "U", c.events...), c.asOf)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(c.want, got, cmpHypercare); d != "" {
				t.Errorf("UpdateClock (-want +got):\n%s", d)
			}
		})
	}
}

// Laws for the update kind: pausing never makes the next update due
// earlier than without the pauses, before any miss or reply changes the
// interval; the due instant is never before the interval began; misses are
// in order and each was a due instant passed.
func TestUpdateClockLaws(t *testing.T) {
	business := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 5, 25})
	rapid.Check(t, func(t *rapid.T) {
		start := rapid.SampledFrom([]time.Time{berlinWall("2026-03-26 08:00"), berlinWall("2026-05-21 08:00")}).Draw(t, "start")
		var p Policy
		for s := Sev1; s <= Sev3; s++ {
			every := time.Duration(rapid.IntRange(1, 16*60).Draw(t, "everyMinutes")) * time.Minute
			p.Updates = append(p.Updates, UpdateTarget{s, every, rapid.SampledFrom([]*Calendar{nil, business}).Draw(t, "calendar")})
		}
		events := drawTimeline(t, start, Sev3)
		is, plain := Issue{ID: "U"}, Issue{ID: "U"}
		if err := is.Append(events...); err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Type != EventPaused && e.Type != EventResumed {
				if err := plain.Append(e); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, now := range drawClockNows(t, events) {
			c, err := p.UpdateClock(is, now)
			if err != nil {
				t.Fatal(err)
			}
			without, err := p.UpdateClock(plain, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Missed) == 0 && len(without.Missed) == 0 && c.Since.Equal(without.Since) &&
				!c.Due.IsZero() && !without.Due.IsZero() && c.Due.Before(without.Due) {
				t.Fatalf("paused: next update due %s, before %s without the pauses", c.Due, without.Due)
			}
			if (c.State == ClockRunning || c.State == ClockPaused) && (c.Due.IsZero() || c.Due.Before(c.Since)) {
				t.Fatalf("due %s before the interval's start %s", c.Due, c.Since)
			}
			for i, m := range c.Missed {
				if m.After(now) || i > 0 && !m.After(c.Missed[i-1]) {
					t.Fatalf("misses %v at %s", c.Missed, now)
				}
			}
		}
	})
}

func TestTargetKindsJSONRoundTrip(t *testing.T) {
	business := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 5, 25})
	roundTrip(t, Policy{Name: "kinds",
		Targets:   []Target{{Sev3, Resolution, 40 * time.Hour, business}},
		Deadlines: []DeadlineTarget{{Sev1, FirstResponse, Deadline{Days: 1, By: TimeOfDay{10, 0}}, business}, {Sev2, Resolution, Deadline{Days: 2, EndOfDay: true}, nil}},
		Updates:   []UpdateTarget{{Sev1, time.Hour, nil}, {Sev2, 4 * time.Hour, business}},
	})
	roundTrip(t, UpdateClock{Severity: Sev2, State: ClockRunning, Every: 4 * time.Hour, Calendar: business,
		Since: berlinWall("2026-06-01 17:00"), Due: berlinWall("2026-06-02 13:00"), Missed: []time.Time{berlinWall("2026-06-01 17:00")}})
	roundTrip(t, UpdateClock{State: ClockNotStarted})
	roundTrip(t, WallLater)
}

func TestPolicyValidateTargetKinds(t *testing.T) {
	// Each case breaks a policy that is valid without it (one Sev3 target).
	cases := []struct {
		name string
		p    Policy
		want string
	}{
		{"a deadline of 0 business days", Policy{Deadlines: []DeadlineTarget{{Sev1, Resolution, Deadline{}, nil}}}, "0 business days"},
		{"a deadline and an open-time target for one severity and metric", Policy{
			Targets: []Target{{Sev1, Resolution, time.Hour, nil}}, Deadlines: []DeadlineTarget{{Sev1, Resolution, Deadline{Days: 1}, nil}}},
			"two resolution targets for Sev1"},
		{"an update every 0", Policy{Updates: []UpdateTarget{{Sev1, 0, nil}}}, "every 0s is not positive"},
		// A nanosecond interval listed a missed update per nanosecond: an
		// hour open made UpdateClock build a list of 3.6e12 instants.
		{"an update every nanosecond", Policy{Updates: []UpdateTarget{{Sev1, time.Nanosecond, nil}}}, "every 1ns is under a minute"},
		{"an update every 59 s", Policy{Updates: []UpdateTarget{{Sev1, 59 * time.Second, nil}}}, "every 59s is under a minute"},
		{"two updates for Sev1", Policy{Updates: []UpdateTarget{{Sev1, time.Hour, nil}, {Sev1, 2 * time.Hour, nil}}}, "two update targets for Sev1"},
	}
	base := Target{Sev3, Resolution, time.Hour, nil}
	if err := (Policy{Name: "p", Targets: []Target{base}}).Validate(); err != nil {
		t.Fatalf("the base policy: %v", err)
	}
	ok := Policy{Name: "p", Targets: []Target{base}, Updates: []UpdateTarget{{Sev1, time.Minute, nil}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("an update every minute: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.p.Name, c.p.Targets = "p", append(c.p.Targets, base)
			if err := c.p.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// TestUpdateClockRefusesATinyInterval: UpdateClock with an unvalidated
// policy refuses an interval under a minute, naming it, rather than listing
// a missed update per nanosecond.
func TestUpdateClockRefusesATinyInterval(t *testing.T) {
	at := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	var is Issue
	if err := is.Append(Event{Type: EventOpened, At: at, Severity: Sev1, Kind: Defect}); err != nil {
		t.Fatal(err)
	}
	p := Policy{Name: "p", Updates: []UpdateTarget{{Sev1, time.Nanosecond, nil}}}
	_, err := p.UpdateClock(is, at.Add(time.Microsecond)) // (a thousand misses before)
	if want := "every 1ns is under a minute"; err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, ErrInvalid) {
		t.Errorf("error = %v, want one containing %q and wrapping ErrInvalid", err, want)
	}
}

// TestUpdateClockIgnoresAReclassificationUndoneAtTheSameInstant: as Clock
// does, UpdateClock judges a run of reclassifications at one instant once,
// by the severity after it. Input: updates every 4 h for Sev2 on an
// always-open calendar, and no update target for Sev1; opened Sev2 at
// 10:00, reclassified to Sev1 and back to Sev2 at 10:00, asked at 10:30.
// By hand: the Sev2 interval from 10:00 runs on, due at 14:00. (The
// replay that judged each event alone took the Sev1 interval, or failed
// for want of a Sev1 target.)
func TestUpdateClockIgnoresAReclassificationUndoneAtTheSameInstant(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2026, 6, 1, h, m, 0, 0, time.UTC) }
	p := Policy{Updates: []UpdateTarget{{Sev2, 4 * time.Hour, nil}}}
	var is Issue
	if err := is.Append(
		Event{Type: EventOpened, At: at(10, 0), Severity: Sev2, Kind: Defect},
		Event{ID: "a", Type: EventReclassified, At: at(10, 0), Severity: Sev1},
		Event{ID: "b", Type: EventReclassified, At: at(10, 0), Severity: Sev2},
	); err != nil {
		t.Fatal(err)
	}
	u, err := p.UpdateClock(is, at(10, 30))
	if err != nil {
		t.Fatal(err)
	}
	if !u.Due.Equal(at(14, 0)) || u.Severity != Sev2 {
		t.Errorf("update due %s for %s, want 14:00 for Sev2", u.Due, u.Severity)
	}
}
