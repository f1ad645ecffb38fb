package hypercare

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file is the rota against hero culture: the slots to staff (Slot), the
// rules (RotaRules, RotaLimits), the planning problem (Rota) and what comes out of it
// (Roster, Load, Fairness, Bound, Violation, InfeasibleError). Slots from
// patterns and phases are in rotation_demand.go; the planner in
// rotation_solve.go (construction and search), rotation_improve.go (local
// search) and rotation_flow.go (the bound L*); the shared checks in
// rotation_model.go; the hero report in rotation_hero.go; the iCalendar
// writer in ical.go.
//
// Slots are assigned directly, never by masking a clock rotation: masking
// starves people whenever the mask and the roster size share a factor
// (GoAlert #55, where 4 of 14 people on a weekday-only rotation never served).

// Slot is one shift to staff: Seats people on hand in [Start, End).
//
// A slot with two seats is how a shift gets a primary and a secondary; the
// roster lists them in seat order. A person never holds two seats of one slot,
// nor two slots that overlap in time.
type Slot struct {
	// Name is shown in rosters, errors and calendars ("day", "night",
	// "on-call").
	Name  string    `json:"name,omitempty"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Seats is how many people the slot needs; zero means 1.
	Seats int `json:"seats,omitempty"`
	// Skills must all be held by every person on the slot (Person.HasSkill).
	Skills []string `json:"skills,omitempty"`
	// Pair asks for at least one Project and at least one SteadyState member
	// among the seats: hand-over by pairing. It needs two seats or more.
	Pair bool `json:"pair,omitempty"`
	// OnCall marks a slot spent on call (paged from home) rather than at work;
	// on-call slots count towards RotaRules.MaxOnCallShare.
	OnCall bool `json:"on_call,omitempty"`
}

// Duration returns End - Start in elapsed time (23 h for a 09:00-09:00 slot
// across a spring-forward night), or 0 when End is not after Start.
func (s Slot) Duration() time.Duration { return Interval{s.Start, s.End}.Duration() }

// seats returns the number of seats, zero meaning 1.
func (s Slot) seats() int { return max(s.Seats, 1) }

// String describes the slot by name and local start and end, as in
// "night Sat 2025-03-29 21:00 CET to Sun 2025-03-30 09:00 CEST".
func (s Slot) String() string {
	name := s.Name
	if name == "" {
		name = "slot"
	}
	const layout = "Mon 2006-01-02 15:04 MST"
	return name + " " + s.Start.Format(layout) + " to " + s.End.Format(layout)
}

// check reports what is wrong with s as a slot to staff.
func (s Slot) check() error {
	switch {
	case s.Start.IsZero() || s.End.IsZero():
		return invalidf("slot %q has a zero start or end", s.Name)
	case !s.End.After(s.Start):
		return invalidf("slot %s does not end after it starts", s)
	case s.Seats < 0:
		return invalidf("slot %s has %d seats", s, s.Seats)
	case s.Pair && s.seats() < 2:
		return invalidf("slot %s pairs a project and a steady-state member but has %d seat", s, s.seats())
	}
	for _, k := range s.Skills {
		if k == "" {
			return invalidf("slot %s requires an empty skill", s)
		}
	}
	return nil
}

// Shift is a slot with the people on its seats, in seat order (the first is
// the primary).
type Shift struct {
	Slot
	People []PersonID `json:"people"`
}

// Roster is a staffed rota: the shifts and, when made by Rota.Plan or
// Rota.Measure, each person's load, the fairness figures and the lower bound
// L* they are judged against.
type Roster struct {
	// Shifts are in the order of Rota.Slots when made by Rota.Plan.
	Shifts []Shift `json:"shifts"`
	// Loads has one entry per Rota.People, in that order. Loads include the
	// load carried from earlier periods (RotaRules.Carried).
	Loads    []Load   `json:"loads,omitempty"`
	Fairness Fairness `json:"fairness"`
	Bound    Bound    `json:"bound"`
	// Warnings are what Plan and Measure found fragile or unsustainable in
	// a roster that may keep every rule (see RotaWarning), sorted by kind.
	Warnings []RotaWarning `json:"warnings,omitempty"`
}

// Load is what a person carries: shifts and time on them.
type Load struct {
	Person PersonID `json:"person"`
	Shifts int      `json:"shifts"`
	// Total is the time on shifts, in elapsed time (a 23 h DST shift is 23 h).
	Total time.Duration `json:"total"`
	// Sleep is the part of Total between 22:00 and 08:00 on the person's own
	// clock (Person.Zone), as in PagerDuty's sleep-hour interruptions.
	Sleep time.Duration `json:"sleep"`
	// Weekend is the part of Total on a Saturday or Sunday on the person's
	// own clock.
	Weekend time.Duration `json:"weekend"`
	// OnCall is the part of Total on on-call slots.
	OnCall time.Duration `json:"on_call"`
}

// add returns l plus o, keeping l's person.
func (l Load) add(o Load) Load {
	l.Shifts += o.Shifts
	l.Total += o.Total
	l.Sleep += o.Sleep
	l.Weekend += o.Weekend
	l.OnCall += o.OnCall
	return l
}

// Fairness sums up how evenly the loads are spread.
type Fairness struct {
	// Max and Min are the largest and smallest Load.Total; Range is the
	// difference (the spread), ShiftRange the same in shifts.
	Max        time.Duration `json:"max"`
	Min        time.Duration `json:"min"`
	Range      time.Duration `json:"range"`
	ShiftRange int           `json:"shift_range"`
	// Gini is the Gini coefficient of Load.Total, G = ΣΣ|xi−xj| / (2n²μ):
	// 0 when everyone carries the same, towards 1 when one person carries all.
	Gini float64 `json:"gini"`
	// MaxOverBound is Max divided by the lower bound L* (Bound.Total): 1 means
	// no roster could have a smaller largest load. It is 0 when L* is 0.
	MaxOverBound float64 `json:"max_over_bound"`
	// SleepRange and WeekendRange are the spreads of Load.Sleep and
	// Load.Weekend.
	SleepRange   time.Duration `json:"sleep_range"`
	WeekendRange time.Duration `json:"weekend_range"`
}

// Bound is the lower bound L* on the largest load: no roster of the rota can
// give its busiest person less than this.
type Bound struct {
	// Total is L* in time: at least ⌈total/people⌉, tightened by who may take
	// which slot (skills, time off, pairing, at most one seat per slot and
	// per simultaneous slots), by what each person can hold under their own
	// rest, 7-day and on-call limits, and by the shortest shifts the busiest
	// person must take. It includes carried load. When Plan's exhaustive
	// search (small rotas) proves its roster optimal, Total is raised to that
	// roster's largest load: then the consecutive-day and rest rules, which
	// the flow cannot see, are accounted for too.
	Total time.Duration `json:"total"`
	// Shifts is the flow bound counted in shifts.
	Shifts int `json:"shifts"`
	// Exact reports that Total is the optimum: the rota is eligibility-only
	// (all slots the same length, any two either at the same time or not
	// overlapping, no pairing and no rest, consecutive-day, 7-day or on-call
	// limit in force), where the flow is exact; or Plan's roster reaches
	// Total; or Plan's exhaustive search proved it.
	Exact bool `json:"exact,omitempty"`
}

// RotaRules are the hard limits every roster of a rota must keep (the hero
// report's thresholds are HeroRules, Pitfalls' PitfallRules). The zero
// RotaRules keep only availability, skills and "no two shifts at once", and
// cap on-call time at 25% of the horizon (the trap: a plain 24 h on-call
// rotation of three people needs MaxOnCallShare set; the InfeasibleError
// says so when that cap is what blocks).
//
// In JSON, durations are Go duration strings ("11h0m0s").
type RotaRules struct {
	// MinRest is the least time between the end of one shift and the start of
	// the next for the same person; zero means none (back-to-back allowed).
	MinRest time.Duration `json:"min_rest,omitempty"`
	// MaxConsecutiveDays is the most days in a row a person may work, on the
	// person's own clock; zero means no limit. A shift works on the date it
	// starts and on each later date it runs into except the one it ends on,
	// so an overnight shift counts once (as in nurse rostering) and a 7-day
	// on-call week counts seven.
	MaxConsecutiveDays int `json:"max_consecutive_days,omitempty"`
	// MaxPer7Days is the most time a person may be on shift in any window of
	// 7×24 hours; zero means no limit.
	MaxPer7Days time.Duration `json:"max_per_7_days,omitempty"`
	// MaxOnCallShare is the largest share of the horizon (from the first
	// slot's start to the last slot's end) a person may spend on on-call
	// slots; zero means 0.25, the SRE practice. Set 1 to lift it.
	MaxOnCallShare decimal.Decimal `json:"max_on_call_share,omitzero"`
	// Limits override the rules for some people (a part-timer, a lead).
	Limits map[PersonID]RotaLimits `json:"limits,omitempty"`
	// Carried is the load people bring from earlier periods and swaps (their
	// fairness debt): the planner balances Carried + this roster, so whoever
	// carried more gets less now. Person fields of the values are ignored.
	Carried map[PersonID]Load `json:"carried,omitempty"`
	// Hours are the weekly windows in which people may be on shift, on each
	// person's own clock (Person.Zone), in NewCalendar's spec syntax
	// ("Mon-Sun 07:00-21:00"); a shift must lie wholly inside them, so DST
	// moves the windows with the wall clock. Empty means any time;
	// RotaLimits.Hours overrides it per person.
	Hours string `json:"hours,omitempty"`
	// Sleep is the sleep window on each person's own clock, in NewCalendar's
	// spec syntax, for Load.Sleep and the balance of night work; empty means
	// "Mon-Sun 22:00-08:00".
	Sleep string `json:"sleep,omitempty"`
	// History lists the last shifts of the previous period. They count
	// towards the overlap, rest, consecutive-day and 7-day rules of the people
	// on them, so the new roster does not start someone the morning after
	// their last night; they do not count towards load (Carried does) nor
	// towards coverage. A history shift naming someone outside the rota is
	// an error.
	History []Shift `json:"history,omitempty"`
	// Pinned are assignments agreed before planning (a swap, a lead on
	// go-live night): the roster puts each pinned person on the pinned slot,
	// first in seat order, or Plan fails. Pins keep every other rule,
	// pairing included.
	Pinned []Pin `json:"pinned,omitempty"`
	// SustainableShare is the share of the horizon on shift, and separately
	// on call, above which Rota.Plan and Rota.Measure warn
	// (RotaWarnShare); zero means 0.25 (about 42 hours of work a week). It
	// must be between 0 and 1.
	SustainableShare decimal.Decimal `json:"sustainable_share,omitzero"`
	// Location is the home zone of people whose Zone is nil, for sleep hours,
	// weekends and days; nil means UTC. Planning an engagement, set it to
	// Engagement.Location.
	Location *time.Location `json:"-"`
}

// Pin puts a person on a slot before planning.
type Pin struct {
	// Slot is the slot's index in Rota.Slots.
	Slot   int      `json:"slot"`
	Person PersonID `json:"person"`
}

// RotaLimits override RotaRules for one person. A zero field keeps the rule; a
// negative one lifts it (no minimum rest, no day or hour limit, no on-call
// cap).
type RotaLimits struct {
	MinRest            time.Duration   `json:"min_rest,omitempty"`
	MaxConsecutiveDays int             `json:"max_consecutive_days,omitempty"`
	MaxPer7Days        time.Duration   `json:"max_per_7_days,omitempty"`
	MaxOnCallShare     decimal.Decimal `json:"max_on_call_share,omitzero"`
	// Hours replaces RotaRules.Hours for the person; "Mon-Sun 00:00-24:00"
	// lifts it.
	Hours string `json:"hours,omitempty"`
}

// defaultOnCallShare is the on-call cap when RotaRules.MaxOnCallShare is zero: at
// most 25% of the time on call (Google SRE book, "Being On-Call").
func defaultOnCallShare() decimal.Decimal { return decimal.New(25, -2) }

// check reports what is wrong with the rules themselves.
func (r RotaRules) check(known map[PersonID]int) error {
	switch {
	case r.MinRest < 0:
		return invalidf("rules: negative minimum rest %s", r.MinRest)
	case r.MaxConsecutiveDays < 0:
		return invalidf("rules: negative maximum of %d consecutive days", r.MaxConsecutiveDays)
	case r.MaxPer7Days < 0:
		return invalidf("rules: negative maximum of %s per 7 days", r.MaxPer7Days)
	case r.MaxOnCallShare.IsNegative() || r.MaxOnCallShare.GreaterThan(decimal.NewFromInt(1)):
		return invalidf("rules: on-call share %s is outside 0 to 1", r.MaxOnCallShare)
	case r.SustainableShare.IsNegative() || r.SustainableShare.GreaterThan(decimal.NewFromInt(1)):
		return invalidf("rules: sustainable share %s is outside 0 to 1", r.SustainableShare)
	}
	for _, id := range sortedPersonIDs(r.Limits) {
		if _, ok := known[id]; !ok {
			return invalidf("rules: limits for unknown person %q", id)
		}
		if r.Limits[id].MaxOnCallShare.GreaterThan(decimal.NewFromInt(1)) {
			return invalidf("rules: on-call share %s for %q is above 1", r.Limits[id].MaxOnCallShare, id)
		}
	}
	for _, id := range sortedPersonIDs(r.Carried) {
		if _, ok := known[id]; !ok {
			return invalidf("rules: carried load for unknown person %q", id)
		}
		c := r.Carried[id]
		if c.Shifts < 0 || c.Total < 0 || c.Sleep < 0 || c.Weekend < 0 || c.OnCall < 0 {
			return invalidf("rules: negative carried load for %q", id)
		}
		if c.Shifts > 1e6 || c.Total > 10*maxRotaSpan || c.Sleep > c.Total || c.Weekend > c.Total || c.OnCall > c.Total {
			return invalidf("rules: carried load for %q is implausible (%d shifts, %s; sleep, weekend and on-call time are parts of the total)", id, c.Shifts, c.Total)
		}
	}
	return nil
}

func sortedPersonIDs[V any](m map[PersonID]V) []PersonID {
	keys := make([]PersonID, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Rota is a rota to plan: who, what to staff, and under which rules.
type Rota struct {
	People []Person  `json:"people"`
	Slots  []Slot    `json:"slots"`
	Rules  RotaRules `json:"rules"`
}

// Plan staffs every seat of every slot and returns the roster with its loads,
// fairness figures and lower bound L*. The shifts are in the order of
// r.Slots, and the roster keeps every rule: r.Validate finds nothing in it.
//
// The objective, in order: the smallest largest load (Load.Total including
// carried load), then the smallest spread (range, then sum of squares), then
// the most even sleep-hour and weekend time, then loads in proportion to how
// many seats each person may take. Plan is deterministic: the same rota gives
// the same roster.
//
// Eligibility-only rotas (see Bound.Exact) get a roster whose largest load
// is L*. Rotas of up to 40 seats are searched exhaustively, within a fixed
// budget, for a smaller largest load; when that search completes, the result
// is optimal and L* is raised to it. Elsewhere the largest load is a
// heuristic's, and Fairness.MaxOverBound says how far it can at most be from
// the optimum. The algorithm is described in rotation_solve.go.
//
// Plan returns an error naming the bad input for a person with an empty or
// repeated ID, an invalid slot (zero times, not ending after its start,
// negative seats, pairing on one seat) or invalid rules. If some seats cannot
// be filled it returns an *InfeasibleError listing each such slot and, for
// every person, the rule that kept them off it — never a roster with a gap.
// The trap: unless the error's Proven field is set, it means the planner
// found no roster within its search budget (on a large or very tightly
// ruled rota), not that none exists.
// Every error wraps ErrInvalid, an *InfeasibleError included.
func (r Rota) Plan() (Roster, error) {
	m, err := newRotaModel(r.People, r.Rules, r.Slots)
	if err != nil {
		return Roster{}, err
	}
	infos, err := m.slotInfos(r.Slots)
	if err != nil {
		return Roster{}, err
	}
	planned, orig, err := m.plannedSlots(infos)
	if err != nil {
		return Roster{}, err
	}
	s := newRotaSolver(m, planned)
	if err := s.solve(); err != nil {
		var inf *InfeasibleError
		if errors.As(err, &inf) {
			inf.Unfilled = unsplit(inf.Unfilled, orig, r.Slots)
		}
		return Roster{}, err
	}
	shifts := make([]Shift, len(r.Slots))
	for i, sl := range r.Slots {
		shifts[i] = Shift{Slot: sl, People: []PersonID{}}
	}
	for i, people := range s.seat {
		sh := &shifts[orig[i]]
		for _, p := range people {
			sh.People = append(sh.People, m.people[p].ID)
		}
	}
	ro := m.measure(shifts, s.bound)
	ro.Warnings = m.warnings(ro, planned, s.elig)
	return ro, nil
}

// unsplit maps the planner's unfilled slots back to the rota's: one entry
// per slot of the rota, with the empty seats of its parts added up and, per
// person, the first reason found.
func unsplit(us []UnfilledSlot, orig []int, slots []Slot) []UnfilledSlot {
	var out []UnfilledSlot
	for _, u := range us {
		i := orig[u.Index]
		if n := len(out); n > 0 && out[n-1].Index == i {
			last := &out[n-1]
			last.Empty += u.Empty
			for _, b := range u.Blocked {
				k := slices.IndexFunc(last.Blocked, func(x Blocked) bool { return x.Person == b.Person })
				switch {
				case k < 0:
					last.Blocked = append(last.Blocked, b)
				case last.Blocked[k].Rule == RotaPinned:
					last.Blocked[k] = b
				}
			}
			continue
		}
		u.Index, u.Slot = i, slots[i]
		out = append(out, u)
	}
	return out
}

// Measure returns the roster of shifts with each person's load, the fairness
// figures and the lower bound L* of r (from r.Slots, or from the shifts'
// slots when r.Slots is empty). A shift that matches a slot of r.Slots is
// measured, and returned, with that slot (its on call, say), as Violations
// judges it. It does not check the rules (see Violations);
// shifts naming people outside r.People count for nobody.
//
// It returns an error naming the bad input for invalid people, slots, shifts
// or rules, as Plan does.
func (r Rota) Measure(shifts []Shift) (Roster, error) {
	slots := r.Slots
	if len(slots) == 0 {
		slots = shiftSlots(shifts)
	}
	m, err := newRotaModel(r.People, r.Rules, slots)
	if err != nil {
		return Roster{}, err
	}
	infos, err := m.slotInfos(slots)
	if err != nil {
		return Roster{}, err
	}
	if _, err := m.slotInfos(shiftSlots(shifts)); err != nil {
		return Roster{}, err
	}
	planned, _, err := m.plannedSlots(infos)
	if err != nil {
		return Roster{}, err
	}
	elig := m.eligibility(planned)
	b, _, _ := m.lowerBound(planned, elig)
	ro := m.measure(judgedShifts(r.Slots, shifts), b)
	ro.Warnings = m.warnings(ro, planned, elig)
	return ro, nil
}

func shiftSlots(shifts []Shift) []Slot {
	out := make([]Slot, len(shifts))
	for i, sh := range shifts {
		out[i] = sh.Slot
	}
	return out
}

// RotaRule names a hard rule of a rota, as found broken by Validate or as
// the reason a person could not take a slot. Its constants are named Rota*
// (RotaCoverage, RotaRest, ...); the Rule* constants are adoption's
// FlagRule.
type RotaRule int

// The rota rules. The zero RotaRule is invalid.
const (
	RotaCoverage        RotaRule = 1 + iota // a seat is empty, a slot is missing, or a shift has more people than seats
	RotaUnknownPerson                       // a shift names someone outside Rota.People
	RotaAvailability                        // the person has time off during the shift
	RotaSkill                               // the person lacks a skill the slot requires
	RotaOverlap                             // the person holds two seats or two shifts at once
	RotaRest                                // less than the minimum rest between two shifts
	RotaConsecutiveDays                     // more consecutive working days than allowed
	RotaHoursPer7Days                       // more time on shift in some 7×24 h window than allowed
	RotaOnCallShare                         // more of the horizon on call than allowed
	RotaPairing                             // a paired slot lacks a Project or a SteadyState member
	RotaPinned                              // a pinned person is not on their slot, or the seat is pinned to someone else
)

var rotaRuleNames = []string{"", "coverage", "unknown-person", "availability", "skill", "overlap",
	"rest", "consecutive-days", "hours-per-7-days", "on-call-share", "pairing", "pinned"}

// String returns the rule's name, such as "consecutive-days".
func (r RotaRule) String() string { return enumString("RotaRule", int(r), rotaRuleNames) }

// Valid reports whether r is one of the defined rules.
func (r RotaRule) Valid() bool { return validEnum(int(r), rotaRuleNames) }

// MarshalText encodes r by name; an invalid rule is an error.
func (r RotaRule) MarshalText() ([]byte, error) {
	return marshalEnum("rota rule", int(r), rotaRuleNames)
}

// UnmarshalText decodes a rule by name (case-insensitive).
func (r *RotaRule) UnmarshalText(b []byte) error {
	return unmarshalEnum("rota rule", b, rotaRuleNames, (*int)(r))
}

// Violation is one broken rule in a roster.
type Violation struct {
	Rule RotaRule `json:"rule"`
	// Person is who breaks it; empty for coverage and pairing.
	Person PersonID `json:"person,omitempty"`
	// Shift is the index in Roster.Shifts of the shift concerned (the later
	// one for rest and overlap), or -1 for a slot missing from the roster and
	// for limits broken by several shifts together (consecutive days, time
	// per 7 days, on-call share), one violation per run of days or window.
	Shift int `json:"shift"`
	// Reason says what is wrong, with the numbers.
	Reason string `json:"reason"`
}

// String returns the rule and the reason, as in "rest: ana: 4h0m0s between
// ... (minimum 11h0m0s)".
func (v Violation) String() string {
	if v.Person != "" {
		return v.Rule.String() + ": " + string(v.Person) + ": " + v.Reason
	}
	return v.Rule.String() + ": " + v.Reason
}

// Violations checks a roster, hand-made or planned, against r and returns every
// violation: empty seats, slots of r.Slots missing from the roster (matched
// by name, start and end), more people than seats, unknown people, time off,
// missing skills, double bookings, too little rest, too many consecutive
// days, too much time in a 7×24 h window, too much on call and unpaired
// shifts. A shift that matches a slot of r.Slots is judged by that slot's
// seats, skills, pairing and on call, not by the shift's copy of them (a
// roster kept in a spreadsheet may have lost them); slots of one name and
// times go to the shifts with that name and times in order. The violations
// are sorted by shift, then person, then rule; a roster that keeps every
// rule gives none. The on-call share is measured against the horizon of
// r.Slots, or of the shifts when r.Slots is empty, so a hand-made roster
// for part of the rota is judged against the whole rota's horizon.
//
// It returns an error, and no violations, when r itself is invalid (see
// Plan) or a shift's slot is (zero times, not ending after its start).
func (r Rota) Violations(shifts []Shift) ([]Violation, error) {
	slots := r.Slots
	if len(slots) == 0 {
		slots = shiftSlots(shifts)
	}
	m, err := newRotaModel(r.People, r.Rules, slots)
	if err != nil {
		return nil, err
	}
	if _, err := m.slotInfos(r.Slots); err != nil {
		return nil, err
	}
	return m.validate(r.Slots, judgedShifts(r.Slots, shifts))
}

// judgedShifts returns shifts with the slot of each shift that matches a
// slot of slots (by name, start and end) replaced by that slot, so the
// rota's requirements judge it rather than the roster's copy of them. Like
// the coverage check, it counts slots of one name and times as many: the
// shifts with that key take them in order, and any more shifts the first.
func judgedShifts(slots []Slot, shifts []Shift) []Shift {
	if len(slots) == 0 {
		return shifts
	}
	type key struct {
		name       string
		start, end int64
	}
	byKey := make(map[key][]Slot, len(slots))
	for _, s := range slots {
		k := key{s.Name, s.Start.UnixNano(), s.End.UnixNano()}
		byKey[k] = append(byKey[k], s)
	}
	taken := make(map[key]int, len(slots))
	out := make([]Shift, len(shifts))
	for i, sh := range shifts {
		out[i] = sh
		k := key{sh.Name, sh.Start.UnixNano(), sh.End.UnixNano()}
		if same := byKey[k]; len(same) > 0 {
			out[i].Slot = same[min(taken[k], len(same)-1)]
			out[i].Skills = slices.Clone(out[i].Skills) // the roster Measure returns is the caller's
			taken[k]++
		}
	}
	return out
}

// InfeasibleError is Plan's answer when some seats cannot be filled: each
// such slot, with what blocked every person from it in the planner's best
// attempt. errors.Is(err, ErrInvalid) holds for it, as for other bad input.
type InfeasibleError struct {
	Unfilled []UnfilledSlot `json:"unfilled"`
	// Proven reports that no roster exists: the max-flow relaxation cannot
	// fill every seat, or the exhaustive search tried every roster. When
	// false, the planner found no roster within its search budget; relaxing
	// the rules named in Unfilled or adding people is the way out either way.
	Proven bool `json:"proven"`
	// DefaultOnCallCap reports that the on-call cap kept someone off an
	// unfilled slot and that the cap was the default 25% (RotaRules.MaxOnCallShare
	// left zero), not one the caller set: setting MaxOnCallShare, to 1 to
	// lift it, is then the fix.
	DefaultOnCallCap bool `json:"default_on_call_cap,omitempty"`
}

// UnfilledSlot is a slot Plan could not fill.
type UnfilledSlot struct {
	// Index is the slot's index in Rota.Slots.
	Index int  `json:"index"`
	Slot  Slot `json:"slot"`
	// Empty is how many of its seats stayed empty.
	Empty int `json:"empty"`
	// Blocked says, for each person not on the slot, which rule kept them
	// off it, in the order of Rota.People.
	Blocked []Blocked `json:"blocked"`
}

// Blocked is why one person could not take a slot.
type Blocked struct {
	Person PersonID `json:"person"`
	Rule   RotaRule `json:"rule"`
	Reason string   `json:"reason"`
}

// Is reports target == ErrInvalid: the rota as asked cannot be filled, and
// the fix (more people or looser rules) is the caller's, as for any bad input
// (see errors.go).
func (e *InfeasibleError) Is(target error) bool { return target == ErrInvalid }

// Error lists the unfilled slots and, per rule, who it blocked.
func (e *InfeasibleError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "hypercare: rota: %d slot", len(e.Unfilled))
	if len(e.Unfilled) != 1 {
		b.WriteString("s")
	}
	b.WriteString(" cannot be filled")
	if !e.Proven {
		b.WriteString(" (none found within the search budget)")
	}
	if e.DefaultOnCallCap {
		b.WriteString("; the default on-call cap of 25% of the horizon blocks: set RotaRules.MaxOnCallShare (1 lifts it)")
	}
	for _, u := range e.Unfilled {
		fmt.Fprintf(&b, "; slot %d (%s): %d of %d seats empty", u.Index, u.Slot, u.Empty, u.Slot.seats())
		byRule := map[RotaRule][]string{}
		for _, bl := range u.Blocked {
			byRule[bl.Rule] = append(byRule[bl.Rule], string(bl.Person)+" ("+bl.Reason+")")
		}
		if len(u.Blocked) == 0 {
			b.WriteString(", nobody else to ask")
		}
		for rule := RotaCoverage; rule <= RotaPinned; rule++ {
			if who := byRule[rule]; len(who) > 0 {
				fmt.Fprintf(&b, ", %s: %s", rule, strings.Join(who, ", "))
			}
		}
	}
	return b.String()
}
