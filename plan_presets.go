package hypercare

import (
	"fmt"
	"strings"
	"time"
)

// The presets lay out a plan a consultant can put in a statement of work and
// then edit: every number below is a stated starting point, not a benchmark.
//
// Coverage, the hours the hypercare team is on hand:
//
//	24x7      Mon-Sun 00:00-24:00 (holidays included: go-live week has none)
//	extended  07:00-20:00 on the business calendar's days (Mon-Fri, or Sun-Thu, ...), its holidays off
//	long day  08:00-18:00 on the business calendar's days, its holidays off
//	business  the business calendar given
//
// Staffing per phase (Headcount over the phase's coverage unless said):
//
//	                 triage  lead      change manager          agents
//	week 1 (24x7)    2       8 h/day   8 h/business day        1 over business hours (shadowing)
//	high (extended)  2       8 h/day   8 h/day                 1
//	middle           1       4 h/day   4 h/day                 1
//	low (business)   1       2 h/day   2 h/day                 1
//
// "h/day" is PerDay on each date the coverage is open (7 in a 24x7 week, 5 in
// a Mon-Fri week without holidays). Agents are the steady-state team, staffed
// from week 1 so the hand-over is by pairing, not by a document.
//
// Cadences (every phase; times local):
//
//	stand-up           09:00, 15 min: daily while hypercare is intense, weekly (every 7 days) after
//	triage Sev2-Sev3   08:30, 12:30, 16:30 in week 1; 09:30, 15:30 in high and middle phases; 10:00 after; 30 min
//	                   (Sev1 waits for no session: its 15-minute first response pages someone)
//	patch window       18:00, 1 h: daily in week 1, every other day after
//	user update        11:00, 15 min, daily: known issues, fixes coming, workarounds
//	sponsor update     17:00, 15 min, daily
//	leadership update  16:00, 30 min, weekly (every 7 days from go-live: the go-live weekday)
//
// Daily cadences run on the dates the phase's coverage is open, so a
// business-hours phase has no weekend or holiday ceremonies. Weekly ones run
// on the go-live weekday when the business calendar is open on it; after a
// go-live on a day it is closed (a weekend cut-over), they run on the first
// business weekday after go-live instead, so they are not all skipped.
//
// SLA: week 1 runs WeekOnePolicy; later phases the engagement's
// DefaultPolicy(business).

// WeekOnePolicy returns the SLA policy of a preset's first week: DefaultPolicy
// with Sev2 and Sev3 twice as fast and Sev2 on a 24x7 clock, for the week the
// whole team is on hand:
//
//	       first response          resolution
//	Sev1   15 min, 24x7             4 h, 24x7
//	Sev2   1 h, 24x7                8 h, 24x7
//	Sev3   4 business hours         20 business hours
func WeekOnePolicy(business *Calendar) Policy {
	return Policy{
		Name: "hypercare week 1",
		Targets: []Target{
			{Sev1, FirstResponse, 15 * time.Minute, nil},
			{Sev1, Resolution, 4 * time.Hour, nil},
			{Sev2, FirstResponse, time.Hour, nil},
			{Sev2, Resolution, 8 * time.Hour, nil},
			{Sev3, FirstResponse, 4 * time.Hour, business},
			{Sev3, Resolution, 20 * time.Hour, business},
		},
	}
}

// ClassicPlan returns the classic hypercare of 2 to 4 weeks from goLive, in
// the business calendar's location (see the table above):
//
//	week 1         days 0-6     24x7 coverage, WeekOnePolicy, daily stand-ups, 3 triage sessions a day, daily patches
//	week 2         days 7-13    long-day coverage (08:00-18:00 on business days), middle staffing, daily stand-ups
//	weeks 3-N      days 14-     business coverage, low staffing, weekly stand-ups (when weeks >= 3)
//
// The engagement's policy is DefaultPolicy(business) and its planned end the
// end of the last phase. It returns an error if weeks is not 2, 3 or 4, if
// business is nil or Always (a business calendar gives the location and the
// holidays), or if the engagement is invalid (an empty id, a zero goLive).
func ClassicPlan(id EngagementID, goLive time.Time, business *Calendar, weeks int) (Engagement, error) {
	if weeks < 2 || weeks > 4 {
		return Engagement{}, invalidf("hypercare: classic plan %q: %d weeks (want 2 to 4; for longer, use TaperPlan or Extend)", id, weeks)
	}
	cov, err := newCoverage("classic plan", id, business, goLive)
	if err != nil {
		return Engagement{}, err
	}
	phases := []Phase{
		cov.weekOne(),
		cov.phase("week 2", 7, 7, cov.longDay, middleStaff, daily, twiceDaily),
	}
	if weeks > 2 {
		name := "week 3"
		if weeks > 3 {
			name = fmt.Sprintf("weeks 3-%d", weeks)
		}
		phases = append(phases, cov.phase(name, 14, 7*(weeks-2), business, lowStaff, weekly, onceDaily))
	}
	return presetEngagement(id, goLive, business, phases)
}

// TaperPlan returns the 90-day continuous hypercare of decreasing intensity
// from goLive, in the business calendar's location (see the table above):
// more expensive than the classic plan, with smoother adoption.
//
//	week 1       days 0-6     24x7 coverage, WeekOnePolicy, daily stand-ups, 3 triage sessions a day, daily patches
//	week 2       days 7-13    extended coverage (07:00-20:00 on business days), high staffing, daily stand-ups
//	week 3       days 14-20   extended coverage, middle staffing, weekly stand-ups
//	weeks 4-13   days 21-89   business coverage, low staffing, weekly stand-ups, one triage session a day
//
// The engagement's policy is DefaultPolicy(business) and its planned end the
// end of day 89. It returns an error if business is nil or Always, or if the
// engagement is invalid (an empty id, a zero goLive).
func TaperPlan(id EngagementID, goLive time.Time, business *Calendar) (Engagement, error) {
	cov, err := newCoverage("taper plan", id, business, goLive)
	if err != nil {
		return Engagement{}, err
	}
	return presetEngagement(id, goLive, business, []Phase{
		cov.weekOne(),
		cov.phase("week 2", 7, 7, cov.extended, highStaff, daily, twiceDaily),
		cov.phase("week 3", 14, 7, cov.extended, middleStaff, weekly, twiceDaily),
		cov.phase("weeks 4-13", 21, 69, business, lowStaff, weekly, onceDaily),
	})
}

// presetCoverage holds the coverage calendars of the presets, all in the
// business calendar's location, with its holidays except for 24x7, and the
// day of the weekly cadences: nil for the go-live weekday, or a calendar open
// on one weekday when the go-live weekday is not a business day.
type presetCoverage struct {
	business, allWeek, extended, longDay *Calendar
	weekly                               *Calendar
}

func newCoverage(what string, id EngagementID, business *Calendar, goLive time.Time) (presetCoverage, error) {
	if business.IsAlways() {
		return presetCoverage{}, invalidf("hypercare: %s %q: needs a business calendar (nil and Always have no location or holidays)", what, id)
	}
	loc, hol := business.Location(), business.Holidays()
	c := presetCoverage{business: business}
	var err error
	if c.allWeek, err = NewCalendar(loc, "Mon-Sun 00:00-24:00"); err != nil {
		return c, err
	}
	days := workDays(business)
	if c.extended, err = NewCalendar(loc, days+" 07:00-20:00", hol...); err != nil {
		return c, err
	}
	if c.longDay, err = NewCalendar(loc, days+" 08:00-18:00", hol...); err != nil {
		return c, err
	}
	if day, moved := weeklyDay(business, goLive); moved {
		c.weekly, err = NewCalendar(loc, day.String()[:3]+" 00:00-24:00", hol...)
	}
	return c, err
}

// workDays returns the days the rules of business's spec name, as a DAYS
// token of a calendar spec: "Mon-Fri" for "Mon-Fri 09:00-17:00", "Sun-Thu"
// for "Sun-Thu 08:00-17:00". The days named, not the days open, so an
// overnight window does not add the morning it ends on.
func workDays(business *Calendar) string {
	var on [7]bool // Monday = 0
	for rule := range strings.SplitSeq(business.Spec(), ";") {
		if fields := strings.Fields(rule); len(fields) > 0 {
			days, _ := parseDays(fields[0]) // parsed when business was made
			for _, d := range days {
				on[d] = true
			}
		}
	}
	first := 0 // the first day from Monday that follows a day off, so no run is cut in two
	for d := range 7 {
		if on[d] && !on[(d+6)%7] {
			first = d
			break
		}
	}
	name := func(d int) string { return strings.ToUpper(dayNames[d][:1]) + dayNames[d][1:] }
	var runs []string
	for k := 0; k < 7; k++ {
		d := (first + k) % 7
		if !on[d] {
			continue
		}
		n := 1
		for k+n < 7 && on[(first+k+n)%7] {
			n++
		}
		run := name(d)
		if n > 1 {
			run += "-" + name((d+n-1)%7)
		}
		runs = append(runs, run)
		k += n - 1
	}
	return strings.Join(runs, ",")
}

// weeklyDay returns the weekday of the presets' weekly cadences: the go-live
// weekday if the business calendar is open on it (on that date or one of the
// next two weeks, so a holiday does not count), else the first such weekday
// after it, reported as moved.
func weeklyDay(business *Calendar, goLive time.Time) (time.Weekday, bool) {
	loc := business.Location()
	first := DateOf(goLive.In(loc))
	for k := range 7 {
		d := first.AddDays(k)
		for w := range 3 {
			if openOn(business, d.AddDays(7*w), loc) {
				return d.Weekday(), k > 0
			}
		}
	}
	return first.Weekday(), false
}

// The staffing levels of the presets' phases after week 1.
type staffLevel struct {
	triage          int
	lead, changeMgr time.Duration
}

var (
	highStaff   = staffLevel{2, 8 * time.Hour, 8 * time.Hour}
	middleStaff = staffLevel{1, 4 * time.Hour, 4 * time.Hour}
	lowStaff    = staffLevel{1, 2 * time.Hour, 2 * time.Hour}
)

// Stand-up periods and triage times of the presets.
const (
	daily  = 1
	weekly = 7
)

var (
	thriceDaily = []TimeOfDay{{8, 30}, {12, 30}, {16, 30}}
	twiceDaily  = []TimeOfDay{{9, 30}, {15, 30}}
	onceDaily   = []TimeOfDay{{10, 0}}
)

func (c presetCoverage) weekOne() Phase {
	pol := WeekOnePolicy(c.business)
	return Phase{
		Name: "week 1", Start: 0, Days: 7, Coverage: c.allWeek, Policy: &pol,
		Staff: []Staffing{
			{Role: RoleLead, PerDay: 8 * time.Hour},
			{Role: RoleTriage, Headcount: 2},
			{Role: RoleChangeManager, PerDay: 8 * time.Hour, Calendar: c.business},
			{Role: RoleAgent, Headcount: 1, Calendar: c.business},
		},
		Cadences: presetCadences(daily, thriceDaily, daily, c.weekly),
	}
}

func (c presetCoverage) phase(name string, start, days int, cover *Calendar, s staffLevel, standUp int, triage []TimeOfDay) Phase {
	return Phase{
		Name: name, Start: start, Days: days, Coverage: cover,
		Staff: []Staffing{
			{Role: RoleLead, PerDay: s.lead},
			{Role: RoleTriage, Headcount: s.triage},
			{Role: RoleChangeManager, PerDay: s.changeMgr},
			{Role: RoleAgent, Headcount: 1},
		},
		Cadences: presetCadences(standUp, triage, 2, c.weekly),
	}
}

// presetCadences returns a phase's cadences; the weekly ones run every 7
// days from go-live, or, when weeklyOn is set, on the days it is open.
func presetCadences(standUp int, triage []TimeOfDay, patch int, weeklyOn *Calendar) []Cadence {
	cs := []Cadence{
		{Kind: CeremonyStandUp, At: []TimeOfDay{{9, 0}}, Every: standUp},
		{Kind: CeremonyTriage, At: triage, Severities: []Severity{Sev2, Sev3}},
		{Kind: CeremonyPatch, At: []TimeOfDay{{18, 0}}, Every: patch},
		{Kind: CeremonyUserUpdate, At: []TimeOfDay{{11, 0}}},
		{Kind: CeremonySponsorUpdate, At: []TimeOfDay{{17, 0}}},
		{Kind: CeremonyLeadershipUpdate, At: []TimeOfDay{{16, 0}}, Every: weekly},
	}
	if weeklyOn != nil {
		for i := range cs {
			if cs[i].Every == weekly {
				cs[i].Every, cs[i].Days = daily, weeklyOn
			}
		}
	}
	return cs
}

func presetEngagement(id EngagementID, goLive time.Time, business *Calendar, phases []Phase) (Engagement, error) {
	e := Engagement{
		ID:       id,
		Location: business.Location(),
		GoLive:   goLive,
		Policy:   DefaultPolicy(business),
		Phases:   phases,
	}
	if !goLive.IsZero() {
		last := phases[len(phases)-1]
		e.PlannedEnd = e.DayStart(last.Start + last.Days)
	}
	if err := e.Validate(); err != nil {
		return Engagement{}, err
	}
	return e, nil
}
