package hypercare

import (
	"time"
)

// The target kinds beyond an amount of open time (Target): a deadline rule
// (DeadlineTarget, "by 17:00 on the next business day") and a recurring
// update (UpdateTarget, "update the customer every 4 business hours").
//
// A deadline clock is an open-time clock whose allowance is fixed when its
// target takes effect: the open time on the target's calendar from that
// instant to the deadline the rule gives. From then on it behaves as an
// open-time clock, so pauses push the deadline out by the open time they
// cover (never earlier), and WarnAt, AtRisk, reclassification and reopening
// follow the policy's rules:
//
//   - the target takes effect at the cycle's start (the opening, or a
//     NewCycle reopen), and at a reclassification under ReclassifyRestart,
//     whose new deadline is the rule applied at the change: the clock is
//     then due exactly there, if nothing is paused after;
//   - under ReclassifyRetroactive and ReclassifyProportional the new
//     severity's rule is applied at the cycle's start, and the clock
//     recounts or scales as for open time;
//   - ReopenResume and ReopenFromCreation keep the cycle's allowance.
//
// An update clock (Policy.UpdateClock) is different in kind: it restarts at
// every public reply. See UpdateTarget.

// Deadline is a rule that gives a due instant from a start: By on the Days-th
// business day after the start's date, or the close of that day when
// EndOfDay is set. A business day is a date on which the target's calendar
// is open just before By (EndOfDay: open at all), in the calendar's
// location; on Always every date is one.
//
// The trap: Days counts business days after the start's date, so "the next
// business day" is Days 1 even when the issue was opened before opening
// time.
type Deadline struct {
	// Days is how many business days after the start's date; at least 1.
	Days int `json:"days"`
	// By is the wall time on that day. A By that a DST change skips or
	// repeats resolves to its later instant (WallLater): a deadline never
	// comes early.
	By TimeOfDay `json:"by,omitzero"`
	// EndOfDay, when set, puts the deadline at the end of that day's last
	// open stretch instead of By ("end of the next business day").
	EndOfDay bool `json:"end_of_day,omitempty"`
}

// maxDeadlineDays bounds the search for business days: ten years.
const maxDeadlineDays = 3660

// validate returns the bare error of a bad rule.
func (d Deadline) validate() error {
	switch {
	case d.Days < 1 || d.Days > maxDeadlineDays:
		return invalidf("deadline: %d business days is not between 1 and %d", d.Days, maxDeadlineDays)
	case !d.By.Valid():
		return invalidf("deadline: bad time %s", d.By)
	}
	return nil
}

// From returns the due instant the rule gives for a start at t on cal (nil
// means Always), in the calendar's location. It returns an error if the rule
// is invalid or the calendar has fewer than Days business days in the ten
// years after t.
func (d Deadline) From(t time.Time, cal *Calendar) (time.Time, error) {
	due, err := d.from(t, cal)
	return due, prefixed(err)
}

func (d Deadline) from(t time.Time, cal *Calendar) (time.Time, error) {
	if err := d.validate(); err != nil {
		return time.Time{}, err
	}
	loc := cal.Location()
	day, left := DateOf(t.In(loc)), d.Days
	for range maxDeadlineDays {
		day = day.AddDays(1)
		at, ok := d.on(day, cal, loc)
		if !ok {
			continue
		}
		if left--; left == 0 {
			return at, nil
		}
	}
	return time.Time{}, invalidf("deadline: calendar %s has fewer than %d business days in the ten years after %s",
		cal, d.Days, t.Format(time.RFC3339))
}

// on returns the deadline on date day, and false if day is not a business
// day.
func (d Deadline) on(day Date, cal *Calendar, loc *time.Location) (time.Time, bool) {
	if d.EndOfDay {
		var end time.Time
		for iv := range cal.Intervals(day.In(loc), day.AddDays(1).In(loc)) {
			end = iv.End
		}
		return end, !end.IsZero()
	}
	at, err := d.By.Resolve(day, loc, WallLater)
	if err != nil {
		return time.Time{}, false
	}
	return at, cal.Open(at.Add(-time.Nanosecond))
}

// DeadlineTarget is an SLA target whose metric must be met by a deadline
// rule on a calendar: "respond by 10:00 on the next business day", "resolve
// by the end of the next business day".
type DeadlineTarget struct {
	Severity Severity `json:"severity"`
	Metric   Metric   `json:"metric"`
	Deadline Deadline `json:"deadline"`
	// Calendar gives the business days and measures pauses; nil means
	// Always.
	Calendar *Calendar `json:"calendar,omitempty"`
}

// UpdateTarget is a recurring target: while an issue is open, a public
// reply (EventResponded) is due every Every of open time on Calendar since
// the opening, the last reply or the reopening ("update the customer every
// 4 business hours", Zendesk's periodic update, JSM's time to next reply).
// Each Every that passes without a reply counts one missed update, and the
// next is due Every later. Pauses stop the count; resolution ends it.
//
// Every EventResponded counts as a public reply: record internal notes as
// something else (or not at all). On a reclassification, the open time left
// until the next update is the lesser of what the old target left and Every
// of the new severity, counted on the new severity's Calendar from the
// change. A stricter target therefore never makes it later. Where both
// targets have one calendar, the next update is due at the earlier of the
// old due instant and Every after the change. Across calendars the time
// left moves to the new one: a Sev1 due every hour around the clock,
// reclassified to Sev2 on business hours at 17:00 with 50 minutes left, is
// due at 09:50 the next business day. That keeps a pause from ever making
// an update due sooner. A reopen starts a new interval.
type UpdateTarget struct {
	Severity Severity `json:"severity"`
	// Every is at least MinUpdateEvery.
	Every time.Duration `json:"every"`
	// Calendar is when the count runs; nil means Always.
	Calendar *Calendar `json:"calendar,omitempty"`
}

// MinUpdateEvery is the shortest UpdateTarget.Every: a reply due more
// often than each minute is no target a team keeps, and each interval
// missed is listed (UpdateClock.Missed).
const MinUpdateEvery = time.Minute

// everyProblem says what is wrong with every, an UpdateTarget.Every under
// MinUpdateEvery.
func everyProblem(every time.Duration) string {
	if every <= 0 {
		return "every " + every.String() + " is not positive"
	}
	return "every " + every.String() + " is under a minute"
}

// UpdateClock is an issue's update clock at an instant (see UpdateTarget).
type UpdateClock struct {
	Severity Severity `json:"severity,omitzero"` // whose target applies now; zero when not started
	// State is ClockRunning (counting), ClockPaused, ClockMet (the issue is
	// resolved: no update is due) or ClockNotStarted.
	State    ClockState    `json:"state"`
	Every    time.Duration `json:"every"`
	Calendar *Calendar     `json:"calendar,omitempty"`
	// Since is when the current interval began: the opening, the last
	// reply, the reopening or the last missed update.
	Since time.Time `json:"since,omitzero"`
	// Due is when the next update is due, if nothing new happens (while
	// paused: if the count resumed at the asked instant); zero unless
	// running or paused.
	Due time.Time `json:"due,omitzero"`
	// Missed lists the instants at which an update was due and none came,
	// oldest first: each is one breach.
	Missed []time.Time `json:"missed,omitempty"`
}

// updateTarget returns the update target for s.
func (p Policy) updateTarget(s Severity) (UpdateTarget, bool) {
	for _, t := range p.Updates {
		if t.Severity == s {
			return t, true
		}
	}
	return UpdateTarget{}, false
}

// deadlineTarget returns the deadline target for s and m.
func (p Policy) deadlineTarget(s Severity, m Metric) (DeadlineTarget, bool) {
	for _, t := range p.Deadlines {
		if t.Severity == s && t.Metric == m {
			return t, true
		}
	}
	return DeadlineTarget{}, false
}

// UpdateClock returns the issue's update clock at asOf, from the events at
// or before asOf (see UpdateTarget). An issue not opened by asOf gives a
// clock in ClockNotStarted. It returns an error if p has no update target,
// or one with an Every under MinUpdateEvery, for a severity the issue held
// while the clock ran.
func (p Policy) UpdateClock(is Issue, asOf time.Time) (UpdateClock, error) {
	if len(is.events) == 0 || is.events[0].At.After(asOf) {
		return UpdateClock{State: ClockNotStarted}, nil
	}
	var u updateRun
	var st State
	for i, e := range is.events {
		if e.At.After(asOf) {
			break
		}
		u.advance(e.At)
		st, _ = st.apply(e) // the timeline was validated by Append
		var err error
		switch e.Type {
		case EventOpened, EventReopened:
			err = u.start(p, st.Severity, e.At)
		case EventReclassified:
			// Once per run of reclassifications at one instant, as Clock
			// does: a severity held only within the run never counts.
			if !lastOfReclassifications(is.events, i) {
				break
			}
			if st.Severity != u.c.Severity && u.c.State != ClockMet {
				err = u.reclassify(p, st.Severity, e.At)
			}
		case EventResponded:
			u.reply(e.At)
		case EventPaused:
			u.pause(e.At)
		case EventResumed:
			u.resume(e.At)
		case EventResolved:
			u.c.State, u.c.Due = ClockMet, time.Time{}
		}
		if err != nil {
			return UpdateClock{}, invalidf("hypercare: update clock for issue %q: %w", is.ID, err)
		}
	}
	u.advance(asOf)
	c := u.c
	if c.State == ClockPaused {
		c.Due = c.Calendar.Add(asOf, c.Every-u.used)
	}
	if !c.Calendar.IsAlways() {
		loc := c.Calendar.Location()
		c.Since, c.Due = c.Since.In(loc), inLoc(c.Due, loc)
		for i := range c.Missed {
			c.Missed[i] = c.Missed[i].In(loc)
		}
	}
	return c, nil
}

func inLoc(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	return t.In(loc)
}

// updateRun replays an update clock.
type updateRun struct {
	c        UpdateClock
	segStart time.Time     // when the count last started running
	used     time.Duration // open time counted in the interval before segStart
}

func (u *updateRun) setTarget(p Policy, s Severity) error {
	t, ok := p.updateTarget(s)
	switch {
	case !ok:
		return invalidf("policy %q has no update target for %s", p.Name, s)
	case t.Every < MinUpdateEvery:
		return invalidf("policy %q: update target for %s: %s", p.Name, s, everyProblem(t.Every))
	}
	u.c.Severity, u.c.Every, u.c.Calendar = s, t.Every, t.Calendar
	return nil
}

func (u *updateRun) start(p Policy, s Severity, at time.Time) error {
	if err := u.setTarget(p, s); err != nil {
		return err
	}
	u.c.State = ClockRunning
	u.restart(at)
	return nil
}

// restart begins a new interval at t.
func (u *updateRun) restart(t time.Time) {
	u.c.Since, u.segStart, u.used = t, t, 0
	if u.c.State == ClockRunning {
		u.c.Due = u.c.Calendar.Add(t, u.c.Every)
	}
}

// advance counts the updates missed before t: each due instant passed
// while running.
func (u *updateRun) advance(t time.Time) {
	for u.c.State == ClockRunning && u.c.Due.Before(t) {
		u.c.Missed = append(u.c.Missed, u.c.Due)
		u.restart(u.c.Due)
	}
}

func (u *updateRun) reply(t time.Time) {
	if u.c.State == ClockRunning || u.c.State == ClockPaused {
		u.restart(t)
	}
}

func (u *updateRun) pause(t time.Time) {
	if u.c.State == ClockRunning {
		u.used += u.c.Calendar.Between(u.segStart, t)
		u.c.State = ClockPaused
	}
}

func (u *updateRun) resume(t time.Time) {
	if u.c.State == ClockPaused {
		u.c.State, u.segStart = ClockRunning, t
		u.c.Due = u.c.Calendar.Add(t, u.c.Every-u.used)
	}
}

// reclassify re-bases the interval at t on the new severity's Every: what
// is left is the lesser of what the old target left and the new Every.
func (u *updateRun) reclassify(p Policy, s Severity, t time.Time) error {
	used := u.used
	if u.c.State == ClockRunning {
		used += u.c.Calendar.Between(u.segStart, t)
	}
	left := u.c.Every - used
	if err := u.setTarget(p, s); err != nil {
		return err
	}
	left = min(left, u.c.Every)
	u.used, u.segStart = u.c.Every-left, t
	if u.c.State == ClockRunning {
		u.c.Due = u.c.Calendar.Add(t, left)
	}
	return nil
}
