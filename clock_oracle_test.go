package hypercare

import (
	"fmt"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// The clock oracle: a slow SLA clock, written from the definitions and
// sharing no code with severity.go's replay. It steps through time a minute at
// a time, so it needs every event and now on a whole minute, and calendars
// whose windows and DST changes fall on whole minutes (all real ones do):
// then each minute is wholly open or wholly closed.
//
// The definitions, taken literally:
//
//   - The clock counts during a minute when the issue is open (not paused) and
//     the metric is not achieved yet. Under FromCreation a resolved spell counts
//     too, once the issue has been reopened after it. A counting minute adds a
//     minute of elapsed time when the calendar is open.
//   - A change of severity while the clock is not stopped applies the policy's
//     rule to the elapsed time: Restart forgets it, Proportional scales it by
//     new target / old target (rounded down), Retroactive counts the cycle's
//     counting minutes again on the new calendar.
//   - Due is the first counting instant at which the elapsed time has reached
//     the target; if there is none, the instant it would be reached if the
//     clock counted on from now (from the stop, for a stopped clock).
//   - An observer at instant τ knows the events at or before τ, all of them
//     (a state undone at the instant it arose is never seen). The clock is
//     overdue at τ when, as far as that observer knows, it counted at or after
//     its due time before τ. It is breached from the first instant an observer
//     finds it overdue, and stays breached for the rest of the cycle whatever
//     happens later (a breach is counted once). For a clock that simply runs
//     past its due time, that first instant is the due time itself; for one
//     that a retroactive change reveals to be overdue, it is the change.
//
// Everything is recomputed from scratch for each observer, which makes the
// oracle quadratic and plainly correct.

// oracleMaxMinutes bounds the oracle's search for a due time: two years.
const oracleMaxMinutes = 2 * 366 * 24 * 60

// oracleOpenCache remembers Calendar.Open per calendar and minute (counted
// from origin), so the oracle's many passes over the same minutes stay
// affordable. Nothing before origin is ever asked.
type oracleOpenCache struct {
	origin time.Time
	byCal  map[*Calendar][]int8 // 0 unknown, 1 closed, 2 open
}

func newOracleOpenCache(origin time.Time) *oracleOpenCache {
	return &oracleOpenCache{origin: origin, byCal: map[*Calendar][]int8{}}
}

func (o *oracleOpenCache) open(cal *Calendar, t time.Time) bool {
	i := int(t.Sub(o.origin) / time.Minute)
	known := o.byCal[cal]
	for len(known) <= i {
		known = append(known, make([]int8, len(known)+1024)...)
	}
	o.byCal[cal] = known
	if known[i] == 0 {
		known[i] = 1
		if cal.Open(t) {
			known[i] = 2
		}
	}
	return known[i] == 2
}

// oracleTarget looks up the policy's target for s and m; a deadline
// target's allowance is the open time from `from` to its deadline.
func oracleTarget(p Policy, s Severity, m Metric, from time.Time) (time.Duration, *Calendar, error) {
	for _, t := range p.Targets {
		if t.Severity == s && t.Metric == m {
			return t.Within, t.Calendar, nil
		}
	}
	for _, t := range p.Deadlines {
		if t.Severity == s && t.Metric == m {
			due, err := t.Deadline.From(from, t.Calendar)
			return t.Calendar.Between(from, due), t.Calendar, err
		}
	}
	return 0, nil, fmt.Errorf("oracle: no %s target for %s", m, s)
}

// oracleIssue is the little the oracle needs to know of an issue as events
// arrive: its status, its severity and whether it was ever responded to or
// resolved.
type oracleIssue struct {
	status   Status
	sev      Severity
	answered bool // responded or resolved at least once: the first response is achieved
}

func (o *oracleIssue) apply(e Event) {
	switch e.Type {
	case EventOpened:
		o.status, o.sev = StatusOpen, e.Severity
	case EventReclassified:
		if e.Severity != 0 {
			o.sev = e.Severity
		}
	case EventPaused:
		o.status = StatusPaused
	case EventResumed:
		o.status = StatusOpen
	case EventResponded:
		o.answered = true
	case EventResolved:
		o.status, o.answered = StatusResolved, true
	case EventReopened:
		o.status = StatusOpen
		if e.Severity != 0 {
			o.sev = e.Severity
		}
	}
}

// stopped reports whether the metric is achieved: for the first response,
// ever answered; for the resolution, resolved now.
func (o *oracleIssue) stopped(m Metric) bool {
	if m == FirstResponse {
		return o.answered
	}
	return o.status == StatusResolved
}

func eventsUpTo(events []Event, t time.Time) []Event {
	n := 0
	for n < len(events) && !events[n].At.After(t) {
		n++
	}
	return events[:n]
}

// oracleClock returns the clock of metric m at now, from the definitions above.
func oracleClock(p Policy, events []Event, m Metric, now time.Time) (Clock, error) {
	if m != FirstResponse && m != Resolution {
		return Clock{}, fmt.Errorf("oracle: unknown metric %d", int(m))
	}
	if !now.Truncate(time.Minute).Equal(now) {
		panic("oracle: now is not on a whole minute")
	}
	evs := eventsUpTo(events, now)
	if len(evs) == 0 { // not opened yet: nothing has started
		return Clock{Metric: m, State: ClockNotStarted}, nil
	}
	for _, e := range evs {
		if !e.At.Truncate(time.Minute).Equal(e.At) {
			panic("oracle: an event is not on a whole minute")
		}
	}
	if err := oracleCheckTargets(p, evs, m); err != nil {
		return Clock{}, err
	}
	cache := newOracleOpenCache(evs[0].At)
	final, err := oracleObserve(p, evs, m, now, cache)
	if err != nil {
		return Clock{}, err
	}

	// Ask an observer at every instant of the cycle when something happened,
	// and at now; between two such instants nothing changes but the time.
	var instants []time.Time
	for _, e := range evs {
		if e.At.Before(final.started) {
			continue
		}
		if n := len(instants); n == 0 || !instants[n-1].Equal(e.At) {
			instants = append(instants, e.At)
		}
	}
	if !instants[len(instants)-1].Equal(now) {
		instants = append(instants, now)
	}
	var breachedAt time.Time
	for k, tau := range instants {
		seen, err := oracleObserve(p, eventsUpTo(evs, tau), m, tau, cache)
		if err != nil {
			return Clock{}, err
		}
		if seen.overdue {
			breachedAt = tau // revealed by what happened at tau
			break
		}
		if k+1 < len(instants) && seen.running && seen.due.Before(instants[k+1]) {
			breachedAt = seen.due // ran past its due time before the next event
			break
		}
	}

	c := Clock{
		Metric: m, Severity: final.sev, Cycle: final.cycle,
		Target: final.target, Calendar: final.cal,
		Started: final.started, Due: final.due, OriginalDue: final.originalDue, Stopped: final.stopped,
		Elapsed: final.elapsed, Remaining: final.target - final.elapsed,
		Percent:    100 * float64(final.elapsed) / float64(final.target),
		BreachedAt: breachedAt,
	}
	switch {
	case !breachedAt.IsZero():
		c.State = ClockBreached
	case !final.stopped.IsZero():
		c.State = ClockMet
	case final.paused:
		c.State = ClockPaused
	default:
		c.State = ClockRunning
	}
	warn := p.WarnAt
	if warn == 0 {
		warn = 0.75
	}
	c.AtRisk = (c.State == ClockRunning || c.State == ClockPaused) && float64(c.Elapsed) >= warn*float64(c.Target)
	if c.State == ClockRunning || c.State == ClockPaused {
		if c.WarnAt, err = oracleWarnAt(p, evs, m, instants, final, warn, cache); err != nil {
			return Clock{}, err
		}
		if c.WarnAt.After(c.Due) {
			c.WarnAt = c.Due
		}
	}
	if !c.Calendar.IsAlways() {
		c = c.In(c.Calendar.Location())
	}
	return c, nil
}

// oracleWarnAt returns when the warning of a running or paused clock starts,
// from the definition: the warning budget is the least duration at least
// warn × target. If the final view has not used it up, it is the instant the
// budget is reached counting on from now. If it has, it is the start of the
// last run of observers (at the cycle's instants) who all saw the budget used
// up: the crossing between the observer before and the first of the run, if
// the clock ran there and reached its budget then; otherwise that first
// observer's instant (a reclassification or a reopen revealed it).
func oracleWarnAt(p Policy, evs []Event, m Metric, instants []time.Time, final oracleView, warn float64, cache *oracleOpenCache) (time.Time, error) {
	budget := func(v oracleView) time.Duration { return time.Duration(math.Ceil(warn * float64(v.target))) }
	if final.elapsed < budget(final) {
		return oracleProject(cache, final.cal, instants[len(instants)-1], final.elapsed, budget(final))
	}
	var since time.Time
	var prev oracleView
	for k, tau := range instants {
		v, err := oracleObserve(p, eventsUpTo(evs, tau), m, tau, cache)
		if err != nil {
			return time.Time{}, err
		}
		switch {
		case v.elapsed < budget(v):
			since = time.Time{}
		case !since.IsZero():
		case k > 0 && prev.running && prev.elapsed < budget(prev):
			at, err := oracleProject(cache, prev.cal, instants[k-1], prev.elapsed, budget(prev))
			if err != nil {
				return time.Time{}, err
			}
			since = at
			if at.After(tau) {
				since = tau
			}
		default:
			since = tau
		}
		prev = v
	}
	return since, nil
}

// oracleCheckTargets returns an error if the policy lacks a target for a
// severity the issue held while the clock ran, in any cycle.
func oracleCheckTargets(p Policy, evs []Event, m Metric) error {
	var is oracleIssue
	var clockSev Severity
	for k, e := range evs {
		is.apply(e)
		starts := e.Type == EventOpened || m == Resolution && e.Type == EventReopened
		if !starts && e.Type == EventReclassified && k+1 < len(evs) && evs[k+1].Type == EventReclassified && evs[k+1].At.Equal(e.At) {
			continue // a severity held only within a run of reclassifications at one instant never runs a clock
		}
		if !starts && (is.stopped(m) || is.sev == clockSev) {
			continue
		}
		clockSev = is.sev
		if _, _, err := oracleTarget(p, clockSev, m, e.At); err != nil {
			return err
		}
	}
	return nil
}

// oracleView is the clock as an observer at tau sees it.
type oracleView struct {
	sev         Severity
	target      time.Duration
	cal         *Calendar
	cycle       int
	started     time.Time
	originalDue time.Time
	elapsed     time.Duration
	due         time.Time
	overdue     bool // due is a counting instant before tau
	stopped     time.Time
	paused      bool
	running     bool
}

// oracleObserve returns the clock as an observer at tau sees it, replaying evs
// (the events at or before tau) minute by minute.
func oracleObserve(p Policy, evs []Event, m Metric, tau time.Time, cache *oracleOpenCache) (oracleView, error) {
	rule, reopenRule := p.OnReclassify, p.OnReopen
	if rule == 0 {
		rule = ReclassifyRestart
	}
	if reopenRule == 0 {
		reopenRule = ReopenNewCycle
	}
	// The cycle: under NewCycle the resolution clock starts again at each reopen.
	first, cycle := 0, 1
	if m == Resolution && reopenRule == ReopenNewCycle {
		for i, e := range evs {
			if e.Type == EventReopened {
				first, cycle = i, cycle+1
			}
		}
	}
	var lastReopen time.Time
	for _, e := range evs {
		if e.Type == EventReopened {
			lastReopen = e.At
		}
	}
	var is oracleIssue
	for _, e := range evs[:first] {
		is.apply(e)
	}
	base := evs[first].At
	minute := func(i int) time.Time { return base.Add(time.Duration(i) * time.Minute) }
	n := int(tau.Sub(base) / time.Minute)

	var (
		clockSev Severity
		target   time.Duration
		cal      *Calendar
		elapsed  time.Duration
		counting = make([]bool, n) // the clock counted during minute i
		over     = make([]bool, n) // elapsed had reached the target when minute i began
		cross    = make([]time.Time, n)
		stopped  time.Time
		// the target and calendar at the start of the cycle, for OriginalDue
		startTarget time.Duration
		startCal    *Calendar
	)
	// account adds minute i to the elapsed time, noting when it reaches the target.
	account := func(i int) {
		over[i], cross[i] = elapsed >= target, time.Time{}
		if cache.open(cal, minute(i)) {
			if elapsed < target && elapsed+time.Minute > target {
				cross[i] = minute(i).Add(target - elapsed)
			}
			elapsed += time.Minute
		}
	}
	k := first
	for i := 0; i <= n; i++ {
		for ; k < len(evs) && !evs[k].At.After(minute(i)); k++ {
			e := evs[k]
			is.apply(e)
			if (e.Type == EventResponded || e.Type == EventResolved) && stopped.IsZero() && is.stopped(m) {
				stopped = e.At
			}
			if e.Type == EventReopened && m == Resolution {
				stopped = time.Time{}
			}
			if k == first { // the event that starts the cycle
				clockSev = is.sev
				var err error
				if target, cal, err = oracleTarget(p, clockSev, m, base); err != nil {
					return oracleView{}, err
				}
				startTarget, startCal = target, cal
				continue
			}
			if e.Type == EventReclassified && k+1 < len(evs) && evs[k+1].Type == EventReclassified && evs[k+1].At.Equal(e.At) {
				continue // judge a run of reclassifications at one instant once, after its last
			}
			if is.stopped(m) || is.sev == clockSev {
				continue
			}
			from := base // a deadline rule applies from the cycle's start, or under Restart from the change
			if rule == ReclassifyRestart {
				from = e.At
			}
			newTarget, newCal, err := oracleTarget(p, is.sev, m, from)
			if err != nil {
				return oracleView{}, err
			}
			switch rule {
			case ReclassifyRestart: // the new target counts from the change
				elapsed = 0
				for j := range i {
					over[j], cross[j] = false, time.Time{}
				}
			case ReclassifyProportional: // the fraction used carries over
				scaled := new(big.Int).Mul(big.NewInt(int64(elapsed)), big.NewInt(int64(newTarget)))
				elapsed = time.Duration(scaled.Div(scaled, big.NewInt(int64(target))).Int64())
			case ReclassifyRetroactive: // count the cycle again with the new target and calendar
				target, cal, elapsed = newTarget, newCal, 0
				for j := range i {
					if counting[j] {
						account(j)
					}
				}
			}
			clockSev, target, cal = is.sev, newTarget, newCal
		}
		if i == n {
			break
		}
		switch {
		case m == FirstResponse:
			counting[i] = is.status == StatusOpen && !is.answered
		default:
			counting[i] = is.status == StatusOpen ||
				is.status == StatusResolved && reopenRule == ReopenFromCreation && lastReopen.After(minute(i))
		}
		if counting[i] {
			account(i)
		}
	}

	view := oracleView{
		sev: clockSev, target: target, cal: cal, cycle: cycle,
		started: base, elapsed: elapsed,
		paused:  !is.stopped(m) && is.status == StatusPaused,
		running: !is.stopped(m) && is.status == StatusOpen,
	}
	if is.stopped(m) {
		view.stopped = stopped
	}
	for i := range n {
		if !counting[i] {
			continue
		}
		if over[i] {
			view.due, view.overdue = minute(i), true
			break
		}
		if !cross[i].IsZero() {
			view.due, view.overdue = cross[i], true
			break
		}
	}
	if !view.overdue {
		from := tau
		if is.stopped(m) {
			from = stopped
		}
		due, err := oracleProject(cache, cal, from, elapsed, target)
		if err != nil {
			return oracleView{}, err
		}
		view.due = due
	}
	var err error
	if view.originalDue, err = oracleProject(cache, startCal, base, 0, startTarget); err != nil {
		return oracleView{}, err
	}
	return view, nil
}

// oracleProject returns the instant at which elapsed reaches target if the
// clock counts from `from` on.
func oracleProject(cache *oracleOpenCache, cal *Calendar, from time.Time, elapsed, target time.Duration) (time.Time, error) {
	t := from
	for range oracleMaxMinutes {
		if elapsed >= target {
			return t, nil
		}
		if cache.open(cal, t) {
			if elapsed+time.Minute > target {
				return t.Add(target - elapsed), nil
			}
			elapsed += time.Minute
		}
		t = t.Add(time.Minute)
	}
	return time.Time{}, fmt.Errorf("oracle: no due time within %d minutes of %s", oracleMaxMinutes, from)
}

// Properties: the clock against the oracle on random policies and
// timelines, and the laws every clock obeys.

// clockSetup is a zone with the calendars drawn targets may use and the
// instants timelines start near (DST changes, holidays).
type clockSetup struct {
	cals   []*Calendar
	starts []time.Time
}

func clockSetups() []clockSetup {
	germanHolidays := []Date{{2026, 4, 3}, {2026, 4, 6}, {2026, 5, 1}, {2026, 5, 14}, {2026, 5, 25}, {2026, 10, 3}, {2026, 12, 25}, {2026, 12, 26}}
	return []clockSetup{{
		cals: []*Calendar{
			nil, Always,
			mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", germanHolidays...),
			mustCalendarForTest(berlinZone, "Mon-Fri 08:00-12:00,13:00-17:00; Sat 10:00-14:00", germanHolidays...),
			mustCalendarForTest(berlinZone, "Mon-Fri 22:00-06:00"),
			mustCalendarForTest(berlinZone, "Mon-Sun 00:00-24:00", germanHolidays...),
		},
		starts: []time.Time{
			berlinWall("2026-03-26 08:00"), berlinWall("2026-10-22 08:00"),
			berlinWall("2026-05-21 08:00"), berlinWall("2026-12-23 08:00"),
		},
	}, {
		cals: []*Calendar{
			nil,
			mustCalendarForTest(lordHoweZone, "Mon-Sun 00:00-24:00"),
			mustCalendarForTest(lordHoweZone, "Sat-Sun 01:00-04:00; Mon-Fri 09:00-17:00", Date{2026, 10, 5}),
			mustCalendarForTest(lordHoweZone, "Mon-Fri 09:00-17:00", Date{2026, 4, 6}, Date{2026, 10, 5}),
		},
		starts: []time.Time{wallIn(lordHoweZone, "2026-04-03 20:00"), wallIn(lordHoweZone, "2026-10-02 20:00")},
	}}
}

var drawnClockSetups = clockSetups()

// drawClockPolicy draws a policy with a target for every severity up to maxSev and
// both metrics, on the setup's calendars, with any rules.
func drawClockPolicy(t *rapid.T, cals []*Calendar, maxSev Severity) Policy {
	p := Policy{Name: "drawn"}
	for s := Sev1; s <= maxSev; s++ {
		for _, m := range []Metric{FirstResponse, Resolution} {
			scale := rapid.SampledFrom([]int{1, 30, 4 * 60, 16 * 60}).Draw(t, "targetScale")
			within := time.Duration(rapid.IntRange(1, scale).Draw(t, "targetMinutes")) * time.Minute
			cal := cals[rapid.IntRange(0, len(cals)-1).Draw(t, "calendar")]
			p.Targets = append(p.Targets, Target{s, m, within, cal})
		}
	}
	p.OnReclassify = Reclassify(rapid.IntRange(0, 3).Draw(t, "onReclassify"))
	p.OnReopen = Reopen(rapid.IntRange(0, 3).Draw(t, "onReopen"))
	if rapid.Bool().Draw(t, "customWarn") {
		p.WarnAt = rapid.Float64Range(0.01, 1).Draw(t, "warnAt")
	}
	return p
}

// drawClockCase draws a setup, a policy and a timeline on whole minutes.
func drawClockCase(t *rapid.T) (Policy, Issue, []Event) {
	setup := drawnClockSetups[rapid.IntRange(0, len(drawnClockSetups)-1).Draw(t, "zone")]
	start := setup.starts[rapid.IntRange(0, len(setup.starts)-1).Draw(t, "start")]
	p := drawClockPolicy(t, setup.cals, Sev3)
	events := drawTimeline(t, start, Sev3)
	is := Issue{ID: "DRAWN"}
	if err := is.Append(events...); err != nil {
		t.Fatalf("drawn timeline rejected: %v", err)
	}
	return p, is, events
}

// drawClockNows draws a few instants to ask a clock at: event instants, instants
// between and after them, all on whole minutes.
func drawClockNows(t *rapid.T, events []Event) []time.Time {
	var nows []time.Time
	for range rapid.IntRange(1, 4).Draw(t, "nows") {
		e := events[rapid.IntRange(0, len(events)-1).Draw(t, "nowEvent")]
		after := rapid.SampledFrom([]int{0, 1, 60, 24 * 60, 7 * 24 * 60}).Draw(t, "nowScale")
		nows = append(nows, e.At.Add(time.Duration(rapid.IntRange(0, after).Draw(t, "nowAfter"))*time.Minute))
	}
	return nows
}

// checkClockLaws checks what every clock must satisfy, whatever the timeline.
func checkClockLaws(t *rapid.T, c Clock, now time.Time) {
	switch {
	case c.Elapsed+c.Remaining != c.Target:
		t.Fatalf("Elapsed %s + Remaining %s != Target %s", c.Elapsed, c.Remaining, c.Target)
	case c.Percent != percentOf(c.Elapsed, c.Target):
		t.Fatalf("Percent %v, want %v", c.Percent, percentOf(c.Elapsed, c.Target))
	case (c.State == ClockBreached) != !c.BreachedAt.IsZero():
		t.Fatalf("State %s with BreachedAt %s", c.State, c.BreachedAt)
	case c.BreachedAt.After(now) || (!c.BreachedAt.IsZero() && c.BreachedAt.Before(c.Started)):
		t.Fatalf("BreachedAt %s outside [Started %s, now %s]", c.BreachedAt, c.Started, now)
	case c.Elapsed > c.Target && c.State != ClockBreached:
		t.Fatalf("over target (%s of %s) but %s", c.Elapsed, c.Target, c.State)
	case c.State == ClockMet && (c.Stopped.IsZero() || c.Stopped.After(c.Due)):
		t.Fatalf("met with Stopped %s after Due %s", c.Stopped, c.Due)
	case c.Due.Before(c.Started) || c.OriginalDue.Before(c.Started):
		t.Fatalf("Due %s or OriginalDue %s before Started %s", c.Due, c.OriginalDue, c.Started)
	case c.AtRisk && c.State != ClockRunning && c.State != ClockPaused:
		t.Fatalf("at risk while %s", c.State)
	case c.Elapsed < 0 || c.Cycle < 1:
		t.Fatalf("Elapsed %s, Cycle %d", c.Elapsed, c.Cycle)
	case c.WarnAt.After(c.Due):
		t.Fatalf("WarnAt %s after Due %s", c.WarnAt, c.Due)
	case (c.State == ClockRunning || c.State == ClockPaused) == c.WarnAt.IsZero():
		t.Fatalf("State %s with WarnAt %s", c.State, c.WarnAt)
	case c.AtRisk && c.State == ClockRunning && c.WarnAt.After(now):
		t.Fatalf("at risk at %s but the warning starts at %s", now, c.WarnAt)
	case !c.Calendar.IsAlways() && c.Due.Location() != c.Calendar.Location():
		t.Fatalf("Due in %s, not in the calendar's %s", c.Due.Location(), c.Calendar.Location())
	}
	// Showing the clock in another zone changes no instant.
	tokyo := c.In(tokyoZone)
	for _, pair := range [][2]time.Time{{c.Started, tokyo.Started}, {c.Due, tokyo.Due}, {c.OriginalDue, tokyo.OriginalDue},
		{c.WarnAt, tokyo.WarnAt}, {c.Stopped, tokyo.Stopped}, {c.BreachedAt, tokyo.BreachedAt}} {
		if !pair[0].Equal(pair[1]) || pair[0].IsZero() != pair[1].IsZero() {
			t.Fatalf("In(Asia/Tokyo) moved %s to %s", pair[0], pair[1])
		}
	}
}

func TestClockMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, is, events := drawClockCase(t)
		for _, now := range drawClockNows(t, events) {
			for _, m := range []Metric{FirstResponse, Resolution} {
				got, err := p.Clock(is, m, now)
				if err != nil {
					t.Fatalf("Clock(%s, %s): %v", m, now, err)
				}
				want, err := oracleClock(p, events, m, now)
				if err != nil {
					t.Fatalf("oracle(%s, %s): %v", m, now, err)
				}
				if diff := cmp.Diff(want, got, cmpHypercare); diff != "" {
					t.Fatalf("%s clock at %s (-oracle +got):\n%s", m, now, diff)
				}
				checkClockLaws(t, got, now)
			}
		}
	})
}

func TestClockMissingTargetsMatchOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, is, events := drawClockCase(t)
		drop := rapid.IntRange(0, len(p.Targets)-1).Draw(t, "drop")
		p.Targets = append(p.Targets[:drop:drop], p.Targets[drop+1:]...)
		for _, now := range drawClockNows(t, events) {
			for _, m := range []Metric{FirstResponse, Resolution} {
				_, err := p.Clock(is, m, now)
				_, oerr := oracleClock(p, events, m, now)
				if (err == nil) != (oerr == nil) {
					t.Fatalf("%s clock at %s: Clock error %v, oracle error %v", m, now, err, oerr)
				}
			}
		}
	})
}

// TestClockNeverFails: with a target for every severity, any valid timeline
// gives a clock at any instant from the opening on, whole minute or not.
func TestClockNeverFails(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		setup := drawnClockSetups[rapid.IntRange(0, len(drawnClockSetups)-1).Draw(t, "zone")]
		start := setup.starts[rapid.IntRange(0, len(setup.starts)-1).Draw(t, "start")]
		maxSev := Severity(rapid.IntRange(1, int(MaxSeverity)).Draw(t, "maxSev"))
		p := drawClockPolicy(t, setup.cals, maxSev)
		events := drawTimeline(t, start, maxSev)
		// Shift events by nanoseconds, keeping the order.
		shift := time.Duration(0)
		for i := range events {
			shift += time.Duration(rapid.IntRange(0, 999).Draw(t, "nanos"))
			events[i].At = events[i].At.Add(shift)
		}
		is := Issue{ID: "ANY"}
		if err := is.Append(events...); err != nil {
			t.Fatalf("timeline rejected: %v", err)
		}
		last := events[len(events)-1].At
		// Up to ten years on: past 2037 Go's zone data hits golang/go#81583
		// (ZoneBounds ends before the instant on 31 December of leap years),
		// and Calendar's arithmetic never returns there.
		nows := []time.Time{events[0].At, last, last.Add(time.Duration(rapid.Int64Range(0, int64(10*365*24*time.Hour)).Draw(t, "later")))}
		for _, now := range nows {
			for _, m := range []Metric{FirstResponse, Resolution} {
				c, err := p.Clock(is, m, now)
				if err != nil {
					t.Fatalf("Clock(%s, %s): %v", m, now, err)
				}
				checkClockLaws(t, c, now)
			}
		}
	})
}

// TestClockElapsedPlusRemaining: while running, the used and the left time
// add up to the target, and the due time is when Remaining runs out.
func TestClockElapsedPlusRemaining(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, is, events := drawClockCase(t)
		for _, now := range drawClockNows(t, events) {
			for _, m := range []Metric{FirstResponse, Resolution} {
				c, err := p.Clock(is, m, now)
				if err != nil {
					t.Fatal(err)
				}
				if c.Elapsed+c.Remaining != c.Target {
					t.Fatalf("%s clock at %s: Elapsed %s + Remaining %s != Target %s", m, now, c.Elapsed, c.Remaining, c.Target)
				}
				if c.State == ClockRunning && c.Remaining >= 0 && !c.Calendar.Add(now, c.Remaining).Equal(c.Due) {
					t.Fatalf("%s clock at %s: running with %s left, but due %s, not %s", m, now, c.Remaining, c.Due, c.Calendar.Add(now, c.Remaining))
				}
			}
		}
	})
}

// TestClockPausingNeverShortensDue: the same timeline with an extra pause and
// resume has a due time no earlier, at any instant.
func TestClockPausingNeverShortensDue(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, is, events := drawClockCase(t)
		// Insert the pair after an event that leaves the issue open and
		// before the next one.
		var spots []int
		for i := range events {
			if is.StateAt(events[i].At).Status == StatusOpen && (i+1 == len(events) || events[i+1].At.After(events[i].At)) {
				spots = append(spots, i)
			}
		}
		if len(spots) == 0 {
			return
		}
		i := spots[rapid.IntRange(0, len(spots)-1).Draw(t, "spot")]
		limit := events[i].At.Add(7 * 24 * time.Hour)
		if i+1 < len(events) {
			limit = events[i+1].At
		}
		span := int(limit.Sub(events[i].At) / time.Minute)
		// After event i, not at its instant: events of one instant replay in
		// the order of their types, so a pause there could come before it.
		a := rapid.IntRange(min(1, span), span).Draw(t, "pauseAt")
		z := rapid.IntRange(a, span).Draw(t, "resumeAt")
		pause := events[i].At.Add(time.Duration(a) * time.Minute)
		resume := events[i].At.Add(time.Duration(z) * time.Minute)
		withPause := append(append(append([]Event{}, events[:i+1]...),
			Event{Type: EventPaused, At: pause}, Event{Type: EventResumed, At: resume}), events[i+1:]...)
		paused := Issue{ID: "PAUSED"}
		if err := paused.Append(withPause...); err != nil {
			t.Fatalf("timeline with the pause rejected: %v", err)
		}
		for _, now := range append(drawClockNows(t, events), resume) {
			for _, m := range []Metric{FirstResponse, Resolution} {
				c0, err0 := p.Clock(is, m, now)
				c1, err1 := p.Clock(paused, m, now)
				if err0 != nil || err1 != nil {
					t.Fatal(err0, err1)
				}
				if c1.Due.Before(c0.Due) {
					t.Fatalf("%s clock at %s: pausing [%s, %s) moved Due from %s to %s", m, now, pause, resume, c0.Due, c1.Due)
				}
			}
		}
	})
}

// TestClockBreachCountedOnce: as now advances through a cycle, a breach once
// recorded never moves and never goes away.
func TestClockBreachCountedOnce(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, is, events := drawClockCase(t)
		start := events[0].At
		end := events[len(events)-1].At.Add(3 * 24 * time.Hour)
		step := time.Duration(rapid.IntRange(1, 6*60).Draw(t, "stepMinutes")) * time.Minute
		for _, m := range []Metric{FirstResponse, Resolution} {
			var prev Clock
			for now := start; !now.After(end); now = now.Add(step) {
				c, err := p.Clock(is, m, now)
				if err != nil {
					t.Fatal(err)
				}
				if c.Cycle == prev.Cycle && !prev.BreachedAt.IsZero() && (c.State != ClockBreached || !c.BreachedAt.Equal(prev.BreachedAt)) {
					t.Fatalf("%s clock: breached at %s when asked earlier, but at %s: %s, BreachedAt %s", m, prev.BreachedAt, now, c.State, c.BreachedAt)
				}
				if c.Cycle < prev.Cycle {
					t.Fatalf("%s clock: cycle went back from %d to %d at %s", m, prev.Cycle, c.Cycle, now)
				}
				prev = c
			}
		}
	})
}

// TestClockDependsOnlyOnThePast: the clock at now is the same for the issue
// and for its timeline cut at now.
func TestClockDependsOnlyOnThePast(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, is, events := drawClockCase(t)
		for _, now := range drawClockNows(t, events) {
			cut := Issue{ID: is.ID}
			if err := cut.Append(eventsUpTo(events, now)...); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(cut.State(), is.StateAt(now)); diff != "" {
				t.Fatalf("StateAt(%s) depends on later events (-cut +full):\n%s", now, diff)
			}
			for _, m := range []Metric{FirstResponse, Resolution} {
				full, err := p.Clock(is, m, now)
				if err != nil {
					t.Fatal(err)
				}
				past, err := p.Clock(cut, m, now)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(past, full, cmpHypercare); diff != "" {
					t.Fatalf("%s clock at %s depends on later events (-cut +full):\n%s", m, now, diff)
				}
			}
		}
	})
}

// TestReclassifyNeverLaterThanTheBound: right after a change of severity, a
// running clock is due no later than the new target counted from the change
// (cal.Add(change, target)), whatever the rule: Restart is due exactly
// there, Proportional and Retroactive have used some of it.
func TestReclassifyNeverLaterThanTheBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, is, events := drawClockCase(t)
		for i, e := range events {
			if e.Type != EventReclassified || i == 0 || events[i-1].At.Equal(e.At) || i+1 < len(events) && events[i+1].At.Equal(e.At) {
				continue
			}
			if is.StateAt(events[i-1].At).Severity == is.StateAt(e.At).Severity {
				continue
			}
			for _, m := range []Metric{FirstResponse, Resolution} {
				c, err := p.Clock(is, m, e.At)
				if err != nil {
					t.Fatal(err)
				}
				if c.State != ClockRunning {
					continue
				}
				bound := c.Calendar.Add(e.At, c.Target)
				if c.Due.After(bound) {
					t.Fatalf("%s: after the change at %s due %s, after the bound %s", m, e.At, c.Due, bound)
				}
				if rule := p.OnReclassify; (rule == 0 || rule == ReclassifyRestart) && !c.Due.Equal(bound) {
					t.Fatalf("%s: under Restart due %s, want %s", m, c.Due, bound)
				}
			}
		}
	})
}
