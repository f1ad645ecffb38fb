package hypercare

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file is the rota against hero culture: the demand (Slot, Pattern,
// PhaseSlots), the rules (Rules, Limits), the planning problem (Rota) and
// what comes out of it (Roster, Load, Fairness, Bound, Violation,
// InfeasibleError). The planner is in rotation_solve.go, the hero report in
// rotation_hero.go and the iCalendar writer in ical.go.
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
	// on-call slots count towards Rules.MaxOnCallShare.
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
		return fmt.Errorf("slot %q has a zero start or end", s.Name)
	case !s.End.After(s.Start):
		return fmt.Errorf("slot %s does not end after it starts", s)
	case s.Seats < 0:
		return fmt.Errorf("slot %s has %d seats", s, s.Seats)
	case s.Pair && s.seats() < 2:
		return fmt.Errorf("slot %s pairs a project and a steady-state member but has %d seat", s, s.seats())
	}
	for _, k := range s.Skills {
		if k == "" {
			return fmt.Errorf("slot %s requires an empty skill", s)
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
	// load carried from earlier periods (Rules.Carried).
	Loads    []Load   `json:"loads,omitempty"`
	Fairness Fairness `json:"fairness"`
	Bound    Bound    `json:"bound"`
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
	// per simultaneous slots) through a max-flow with binary search on the
	// load, by what each person can hold under their own rest, 7-day and
	// on-call limits, and by the shortest shifts the busiest person must
	// take. It includes carried load. When Plan's exhaustive search (small
	// rotas) proves its roster optimal, Total is raised to that roster's
	// largest load: then the consecutive-day and rest rules, which the flow
	// cannot see, are accounted for too.
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

// Rules are the hard limits every roster must keep. The zero Rules keep only
// availability, skills and "no two shifts at once", and cap on-call time at
// 25% of the horizon.
//
// In JSON, durations are Go duration strings ("11h0m0s").
type Rules struct {
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
	Limits map[PersonID]Limits `json:"limits,omitempty"`
	// Carried is the load people bring from earlier periods and swaps (their
	// fairness debt): the planner balances Carried + this roster, so whoever
	// carried more gets less now. Person fields of the values are ignored.
	Carried map[PersonID]Load `json:"carried,omitempty"`
	// Location is the home zone of people whose Zone is nil, for sleep hours,
	// weekends and days; nil means UTC. Planning an engagement, set it to
	// Engagement.Location.
	Location *time.Location `json:"-"`
}

// Limits override Rules for one person. A zero field keeps the rule; a
// negative one lifts it (no minimum rest, no day or hour limit, no on-call
// cap).
type Limits struct {
	MinRest            time.Duration   `json:"min_rest,omitempty"`
	MaxConsecutiveDays int             `json:"max_consecutive_days,omitempty"`
	MaxPer7Days        time.Duration   `json:"max_per_7_days,omitempty"`
	MaxOnCallShare     decimal.Decimal `json:"max_on_call_share,omitzero"`
}

// defaultOnCallShare is the on-call cap when Rules.MaxOnCallShare is zero: at
// most 25% of the time on call (Google SRE book, "Being On-Call").
func defaultOnCallShare() decimal.Decimal { return decimal.New(25, -2) }

type rulesJSON struct {
	MinRest            string              `json:"min_rest,omitempty"`
	MaxConsecutiveDays int                 `json:"max_consecutive_days,omitempty"`
	MaxPer7Days        string              `json:"max_per_7_days,omitempty"`
	MaxOnCallShare     decimal.Decimal     `json:"max_on_call_share,omitzero"`
	Limits             map[PersonID]Limits `json:"limits,omitempty"`
	Carried            map[PersonID]Load   `json:"carried,omitempty"`
}

// MarshalJSON encodes r with its durations as Go duration strings ("11h0m0s")
// and its location as an IANA name under "location".
func (r Rules) MarshalJSON() ([]byte, error) {
	return jsonWithZone(rulesJSON{rotaDuration(r.MinRest), r.MaxConsecutiveDays, rotaDuration(r.MaxPer7Days),
		r.MaxOnCallShare, r.Limits, r.Carried}, r.Location)
}

// UnmarshalJSON decodes what MarshalJSON encodes; the location is loaded with
// time.LoadLocation.
func (r *Rules) UnmarshalJSON(b []byte) error {
	var v rulesJSON
	loc, err := jsonWithoutZone(b, &v)
	if err != nil {
		return err
	}
	rest, err := parseRotaDuration("min_rest", v.MinRest)
	if err != nil {
		return err
	}
	week, err := parseRotaDuration("max_per_7_days", v.MaxPer7Days)
	if err != nil {
		return err
	}
	*r = Rules{MinRest: rest, MaxConsecutiveDays: v.MaxConsecutiveDays, MaxPer7Days: week,
		MaxOnCallShare: v.MaxOnCallShare, Limits: v.Limits, Carried: v.Carried, Location: loc}
	return nil
}

type limitsJSON struct {
	MinRest            string          `json:"min_rest,omitempty"`
	MaxConsecutiveDays int             `json:"max_consecutive_days,omitempty"`
	MaxPer7Days        string          `json:"max_per_7_days,omitempty"`
	MaxOnCallShare     decimal.Decimal `json:"max_on_call_share,omitzero"`
}

// MarshalJSON encodes l with its durations as Go duration strings.
func (l Limits) MarshalJSON() ([]byte, error) {
	return json.Marshal(limitsJSON{rotaDuration(l.MinRest), l.MaxConsecutiveDays, rotaDuration(l.MaxPer7Days), l.MaxOnCallShare})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (l *Limits) UnmarshalJSON(b []byte) error {
	var v limitsJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	rest, err := parseRotaDuration("min_rest", v.MinRest)
	if err != nil {
		return err
	}
	week, err := parseRotaDuration("max_per_7_days", v.MaxPer7Days)
	if err != nil {
		return err
	}
	*l = Limits{MinRest: rest, MaxConsecutiveDays: v.MaxConsecutiveDays, MaxPer7Days: week, MaxOnCallShare: v.MaxOnCallShare}
	return nil
}

// rotaDuration is d as a Go duration string, or "" for 0 (omitted in JSON).
func rotaDuration(d time.Duration) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func parseRotaDuration(what, s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("hypercare: rules: %s %q: %w", what, s, err)
	}
	return d, nil
}

// jsonWithZone encodes the struct v (whose own location field is hidden
// from JSON) with loc's IANA name added under "location" when loc is set.
func jsonWithZone(v any, loc *time.Location) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || loc == nil {
		return b, err
	}
	name, err := json.Marshal(loc.String())
	if err != nil {
		return nil, err
	}
	out := append([]byte(`{"location":`), name...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}

// jsonWithoutZone decodes b into v and returns the location named under
// "location" (nil when absent), loaded with time.LoadLocation.
func jsonWithoutZone(b []byte, v any) (*time.Location, error) {
	if err := json.Unmarshal(b, v); err != nil {
		return nil, err
	}
	var z struct {
		Location string `json:"location"`
	}
	if err := json.Unmarshal(b, &z); err != nil || z.Location == "" {
		return nil, err
	}
	return loadLocation(z.Location)
}

// check reports what is wrong with the rules themselves.
func (r Rules) check(known map[PersonID]int) error {
	switch {
	case r.MinRest < 0:
		return fmt.Errorf("rules: negative minimum rest %s", r.MinRest)
	case r.MaxConsecutiveDays < 0:
		return fmt.Errorf("rules: negative maximum of %d consecutive days", r.MaxConsecutiveDays)
	case r.MaxPer7Days < 0:
		return fmt.Errorf("rules: negative maximum of %s per 7 days", r.MaxPer7Days)
	case r.MaxOnCallShare.IsNegative() || r.MaxOnCallShare.GreaterThan(decimal.NewFromInt(1)):
		return fmt.Errorf("rules: on-call share %s is outside 0 to 1", r.MaxOnCallShare)
	}
	for _, id := range sortedKeys(r.Limits) {
		if _, ok := known[id]; !ok {
			return fmt.Errorf("rules: limits for unknown person %q", id)
		}
		if r.Limits[id].MaxOnCallShare.GreaterThan(decimal.NewFromInt(1)) {
			return fmt.Errorf("rules: on-call share %s for %q is above 1", r.Limits[id].MaxOnCallShare, id)
		}
	}
	for _, id := range sortedKeys(r.Carried) {
		if _, ok := known[id]; !ok {
			return fmt.Errorf("rules: carried load for unknown person %q", id)
		}
		c := r.Carried[id]
		if c.Shifts < 0 || c.Total < 0 || c.Sleep < 0 || c.Weekend < 0 || c.OnCall < 0 {
			return fmt.Errorf("rules: negative carried load for %q", id)
		}
	}
	return nil
}

func sortedKeys[V any](m map[PersonID]V) []PersonID {
	keys := make([]PersonID, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Rota is a rota to plan: who, what to staff, and under which rules.
type Rota struct {
	People []Person `json:"people"`
	Slots  []Slot   `json:"slots"`
	Rules  Rules    `json:"rules"`
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
// How: L* comes from a max-flow with binary search on the load (see Bound).
// Eligibility-only rotas are staffed from that flow, so their largest load
// is L*. Other rotas are filled greedily — least loaded eligible person
// first, then the one longest off shift, as linkedin/oncall does; if seats
// stay empty, other slot orders and packing shifts into fewer working days
// are tried, and blocked seats are freed by moving shifts along chains of up
// to three people — then improved by moves and swaps. Rotas of up to 40
// seats are then searched exhaustively, within a fixed budget, for a smaller
// largest load; when that search completes, the result is optimal and L* is
// raised to it. Elsewhere the largest load is a heuristic's, and
// Fairness.MaxOverBound says how far it can at most be from the optimum.
//
// Plan returns an error naming the bad input for a person with an empty or
// repeated ID, an invalid slot (zero times, not ending after its start,
// negative seats, pairing on one seat) or invalid rules. If some seats cannot
// be filled it returns an *InfeasibleError listing each such slot and, for
// every person, the rule that kept them off it — never a roster with a gap.
// The trap: unless the error's Proven field is set, it means the planner
// found no roster within its search budget (on a large or very tightly
// ruled rota), not that none exists.
func (r Rota) Plan() (Roster, error) {
	m, err := newRotaModel(r.People, r.Rules, r.Slots)
	if err != nil {
		return Roster{}, err
	}
	infos, err := m.slotInfos(r.Slots)
	if err != nil {
		return Roster{}, err
	}
	s := newRotaSolver(m, infos)
	if err := s.solve(r.Slots); err != nil {
		return Roster{}, err
	}
	shifts := make([]Shift, len(r.Slots))
	for i, sl := range r.Slots {
		ids := make([]PersonID, len(s.seat[i]))
		for k, p := range s.seat[i] {
			ids[k] = m.people[p].ID
		}
		shifts[i] = Shift{Slot: sl, People: ids}
	}
	return m.measure(shifts, s.bound), nil
}

// Measure returns the roster of shifts with each person's load, the fairness
// figures and the lower bound L* of r (from r.Slots, or from the shifts'
// slots when r.Slots is empty). It does not check the rules (see Validate);
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
	return m.measure(shifts, m.bound(infos)), nil
}

func shiftSlots(shifts []Shift) []Slot {
	out := make([]Slot, len(shifts))
	for i, sh := range shifts {
		out[i] = sh.Slot
	}
	return out
}

// RotaRule names a hard rule of a rota, as found broken by Validate or as
// the reason a person could not take a slot.
type RotaRule int

// The rules. The zero RotaRule is invalid.
const (
	RuleCoverage        RotaRule = 1 + iota // a seat is empty, a slot is missing, or a shift has more people than seats
	RuleUnknownPerson                       // a shift names someone outside Rota.People
	RuleAvailability                        // the person has time off during the shift
	RuleSkill                               // the person lacks a skill the slot requires
	RuleOverlap                             // the person holds two seats or two shifts at once
	RuleRest                                // less than the minimum rest between two shifts
	RuleConsecutiveDays                     // more consecutive working days than allowed
	RuleHoursPer7Days                       // more time on shift in some 7×24 h window than allowed
	RuleOnCallShare                         // more of the horizon on call than allowed
	RulePairing                             // a paired slot lacks a Project or a SteadyState member
)

var rotaRuleNames = []string{"", "coverage", "unknown-person", "availability", "skill", "overlap",
	"rest", "consecutive-days", "hours-per-7-days", "on-call-share", "pairing"}

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

// Validate checks a roster, hand-made or planned, against r and returns every
// violation: empty seats, slots of r.Slots missing from the roster (matched
// by name, start and end), more people than seats, unknown people, time off,
// missing skills, double bookings, too little rest, too many consecutive
// days, too much time in a 7×24 h window, too much on call and unpaired
// shifts. Only ro.Shifts is read. The violations are sorted by shift, then
// person, then rule; a roster that keeps every rule gives none. The on-call
// share is measured against the horizon of r.Slots, or of the shifts when
// r.Slots is empty, so a hand-made roster for part of the rota is judged
// against the whole rota's horizon.
//
// It returns an error, and no violations, when r itself is invalid (see
// Plan) or a shift's slot is (zero times, not ending after its start).
func (r Rota) Validate(ro Roster) ([]Violation, error) {
	slots := r.Slots
	if len(slots) == 0 {
		slots = shiftSlots(ro.Shifts)
	}
	m, err := newRotaModel(r.People, r.Rules, slots)
	if err != nil {
		return nil, err
	}
	if _, err := m.slotInfos(r.Slots); err != nil {
		return nil, err
	}
	return m.validate(r.Slots, ro.Shifts)
}

// InfeasibleError is Plan's answer when some seats cannot be filled: each
// such slot, with what blocked every person from it in the planner's best
// attempt.
type InfeasibleError struct {
	Unfilled []UnfilledSlot `json:"unfilled"`
	// Proven reports that no roster exists: the max-flow relaxation cannot
	// fill every seat, or the exhaustive search tried every roster. When
	// false, the planner found no roster within its search budget; relaxing
	// the rules named in Unfilled or adding people is the way out either way.
	Proven bool `json:"proven"`
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
	for _, u := range e.Unfilled {
		fmt.Fprintf(&b, "; slot %d (%s): %d of %d seats empty", u.Index, u.Slot, u.Empty, u.Slot.seats())
		byRule := map[RotaRule][]string{}
		for _, bl := range u.Blocked {
			byRule[bl.Rule] = append(byRule[bl.Rule], string(bl.Person)+" ("+bl.Reason+")")
		}
		if len(u.Blocked) == 0 {
			b.WriteString(", nobody else to ask")
		}
		for rule := RuleCoverage; rule <= RulePairing; rule++ {
			if who := byRule[rule]; len(who) > 0 {
				fmt.Fprintf(&b, ", %s: %s", rule, strings.Join(who, ", "))
			}
		}
	}
	return b.String()
}

// Pattern is a recurring slot in wall-clock time, such as "Mon-Fri
// 09:00-17:00" or "every day 09:00-09:00" (a 24 h shift with a 09:00
// handoff). Handoffs stay at the same local time across DST, so a daily
// 09:00-09:00 slot lasts 23 h or 25 h over a DST change.
type Pattern struct {
	Name string `json:"name,omitempty"`
	// Days lists the weekdays the slot starts on: "Mon-Fri", "Sat,Sun",
	// "Fri-Mon" (wraps). Empty means every day.
	Days string `json:"days,omitempty"`
	// Start and End are wall-clock times HH:MM; End may be 24:00. An End at or
	// before Start means the next day, so Start == End is a 24 h slot.
	Start string `json:"start"`
	End   string `json:"end"`
	// Seats, Skills, Pair and OnCall are copied to every slot.
	Seats  int      `json:"seats,omitempty"`
	Skills []string `json:"skills,omitempty"`
	Pair   bool     `json:"pair,omitempty"`
	OnCall bool     `json:"on_call,omitempty"`
}

// Slots returns the pattern's slots that start on the days dates from,
// from+1, ..., in loc, in order. Wall-clock times follow RFC 5545: a time
// that occurs twice on a fall-back night is its first occurrence, and one
// skipped by a spring-forward gap is read with the offset before the gap
// (02:30 becomes 03:30); a slot left with no time at all is dropped.
//
// It returns an error naming the bad field for an unknown day, a bad time, a
// nil location, negative days or seats, or pairing on one seat.
func (p Pattern) Slots(loc *time.Location, from Date, days int) ([]Slot, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("hypercare: pattern %q: "+format, append([]any{p.Name}, args...)...)
	}
	if loc == nil {
		return nil, bad("nil location")
	}
	if days < 0 {
		return nil, bad("negative number of days %d", days)
	}
	if !from.IsValid() {
		return nil, bad("invalid start date %s", from)
	}
	week, err := parseWeekdays(p.Days)
	if err != nil {
		return nil, bad("%v", err)
	}
	start, err := parseWallClock(p.Start, false)
	if err != nil {
		return nil, bad("start: %v", err)
	}
	end, err := parseWallClock(p.End, true)
	if err != nil {
		return nil, bad("end: %v", err)
	}
	if end <= start {
		end += secPerDay
	}
	tmpl := Slot{Name: p.Name, Seats: p.Seats, Skills: slices.Clone(p.Skills), Pair: p.Pair, OnCall: p.OnCall,
		Start: time.Unix(1, 0), End: time.Unix(2, 0)}
	if err := tmpl.check(); err != nil {
		return nil, bad("%v", err)
	}
	var out []Slot
	for i := range days {
		d := from.AddDays(i)
		if !week[(int(d.Weekday())+6)%7] {
			continue
		}
		s := tmpl
		s.Skills = slices.Clone(p.Skills)
		s.Start = wallTime(d, start, loc)
		s.End = wallTime(d, end, loc)
		if s.End.After(s.Start) {
			out = append(out, s)
		}
	}
	return out, nil
}

// PhaseShifts says how to staff one phase of an engagement: shifts cover the
// phase's Coverage, cut at the handoff times, and optional on-call slots
// cover the rest of the phase.
type PhaseShifts struct {
	// Phase is the name of the phase (Phase.Name).
	Phase string `json:"phase"`
	// Handoffs are the wall-clock times at which shifts change hands, in the
	// engagement's location, as "08:00,20:00" for 12 h shifts around the
	// clock. Slots are also cut where coverage opens and closes and where
	// the phase starts and ends. Empty means no other cuts.
	Handoffs string `json:"handoffs,omitempty"`
	// Seats, Skills and Pair are for the covered shifts; zero Seats means 1.
	Seats  int      `json:"seats,omitempty"`
	Skills []string `json:"skills,omitempty"`
	Pair   bool     `json:"pair,omitempty"`
	// OnCallSeats staff the time outside coverage with on-call slots (zero:
	// that time is not staffed), which need OnCallSkills.
	OnCallSeats  int      `json:"on_call_seats,omitempty"`
	OnCallSkills []string `json:"on_call_skills,omitempty"`
}

// PhaseSlots turns an engagement's phases into slots, sorted by start: for
// each PhaseShifts, the phase's coverage windows (Phase.Coverage, nil meaning
// around the clock) cut at the handoffs become slots named after the phase,
// and the time outside coverage, cut the same way, becomes on-call slots
// named "<phase> on-call" when OnCallSeats is set. So week 1 around the
// clock with Handoffs "08:00,20:00" and 2 seats gives 12 h shifts with a
// primary and a secondary, and a later phase with business-hours coverage,
// Handoffs "09:00" and 1 on-call seat gives day shifts plus on-call slots
// from closing time to 09:00 (weekends as 24 h slots). Wall-clock handoffs
// follow Pattern.Slots' DST rules. Phases not named get no slots.
//
// It returns an error for an invalid engagement (see Engagement.Validate), a
// PhaseShifts naming no phase or a phase named twice, a bad handoff time, or
// negative seats.
func PhaseSlots(e Engagement, shifts ...PhaseShifts) ([]Slot, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	loc := e.loc()
	var out []Slot
	for _, ps := range shifts {
		bad := func(format string, args ...any) error {
			return fmt.Errorf("hypercare: engagement %q: phase shifts %q: "+format, append([]any{e.ID, ps.Phase}, args...)...)
		}
		var phase Phase
		found := 0
		for _, p := range e.Phases {
			if p.Name == ps.Phase {
				phase = p
				found++
			}
		}
		switch {
		case found == 0:
			return nil, bad("no phase of that name")
		case found > 1:
			return nil, bad("%d phases have that name", found)
		case ps.Seats < 0 || ps.OnCallSeats < 0:
			return nil, bad("negative seats")
		case ps.Pair && max(ps.Seats, 1) < 2:
			return nil, bad("pairing needs two seats or more")
		}
		var handoffs []int64
		if strings.TrimSpace(ps.Handoffs) != "" {
			for tok := range strings.SplitSeq(ps.Handoffs, ",") {
				h, err := parseWallClock(strings.TrimSpace(tok), false)
				if err != nil {
					return nil, bad("handoffs: %v", err)
				}
				handoffs = append(handoffs, h)
			}
		}
		span := e.Span(phase)
		var cuts []time.Time
		first, last := DateOf(span.Start.In(loc)), DateOf(span.End.In(loc))
		for d := first; !d.After(last); d = d.AddDays(1) {
			for _, h := range handoffs {
				if t := wallTime(d, h, loc); t.After(span.Start) && t.Before(span.End) {
					cuts = append(cuts, t)
				}
			}
		}
		slices.SortFunc(cuts, time.Time.Compare)
		emit := func(iv Interval, covered bool) {
			tmpl := Slot{Name: phase.Name, Seats: ps.Seats, Skills: ps.Skills, Pair: ps.Pair}
			if !covered {
				if ps.OnCallSeats == 0 {
					return
				}
				tmpl = Slot{Name: phase.Name + " on-call", Seats: ps.OnCallSeats, Skills: ps.OnCallSkills, OnCall: true}
			}
			from := iv.Start
			for _, c := range cuts {
				if c.After(from) && c.Before(iv.End) {
					s := tmpl
					s.Skills = slices.Clone(tmpl.Skills)
					s.Start, s.End = from.In(loc), c.In(loc)
					out = append(out, s)
					from = c
				}
			}
			s := tmpl
			s.Skills = slices.Clone(tmpl.Skills)
			s.Start, s.End = from.In(loc), iv.End.In(loc)
			out = append(out, s)
		}
		at := span.Start
		for iv := range phase.Coverage.Intervals(span.Start, span.End) {
			if iv.Start.After(at) {
				emit(Interval{at, iv.Start}, false)
			}
			emit(iv, true)
			at = iv.End
		}
		if span.End.After(at) {
			emit(Interval{at, span.End}, false)
		}
	}
	slices.SortStableFunc(out, func(a, b Slot) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

// parseWeekdays parses "Mon-Fri", "Sat,Sun", "Fri-Mon" into a week indexed
// Monday = 0; empty means every day.
func parseWeekdays(s string) ([7]bool, error) {
	var week [7]bool
	if strings.TrimSpace(s) == "" {
		for i := range week {
			week[i] = true
		}
		return week, nil
	}
	index := func(name string) (int, error) {
		if i := slices.Index(dayNames[:], strings.ToLower(strings.TrimSpace(name))); i >= 0 {
			return i, nil
		}
		return 0, fmt.Errorf("unknown day %q (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)", name)
	}
	for part := range strings.SplitSeq(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, err := index(from)
		if err != nil {
			return week, err
		}
		b := a
		if isRange {
			if b, err = index(to); err != nil {
				return week, err
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			week[d] = true
			if d == b {
				break
			}
		}
	}
	return week, nil
}

// parseWallClock parses H:MM or HH:MM into seconds after midnight; 24:00 is
// allowed only when end is true.
func parseWallClock(s string, end bool) (int64, error) {
	bad := fmt.Errorf("bad time %q: want HH:MM from 00:00 to 23:59 (24:00 as an end)", s)
	hs, ms, ok := strings.Cut(s, ":")
	if !ok || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 || hs[0] == '+' || hs[0] == '-' || ms[0] == '+' || ms[0] == '-' {
		return 0, bad
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	switch {
	case err1 != nil || err2 != nil || m > 59:
		return 0, bad
	case h < 24:
	case h == 24 && m == 0 && end:
	default:
		return 0, bad
	}
	return int64(h*3600 + m*60), nil
}

// wallTime returns the instant the wall clock in loc reads sec seconds after
// the midnight starting d (sec may exceed a day). As in RFC 5545 section
// 3.3.5, a wall time that occurs twice is its first occurrence, and one in a
// spring-forward gap is read with the offset in effect before the gap.
func wallTime(d Date, sec int64, loc *time.Location) time.Time {
	w := d.days()*secPerDay + sec // the wall time as seconds since 1970 "in UTC"
	// Every instant showing w lies within [w-15h, w+15h]; walk the zone
	// periods there in order and take the first that maps w into itself.
	cur := time.Unix(w-15*3600, 0).In(loc)
	prevOff, havePrev := int64(0), false
	for range 8 {
		_, o := cur.Zone()
		off := int64(o)
		start, end := cur.ZoneBounds()
		u := w - off
		if (start.IsZero() || u >= start.Unix()) && (end.IsZero() || u < end.Unix()) {
			return time.Unix(u, 0).In(loc)
		}
		if havePrev && !start.IsZero() && start.Unix()+prevOff <= w && w < start.Unix()+off {
			return time.Unix(w-prevOff, 0).In(loc) // in the gap the clock jumped over
		}
		if end.IsZero() || end.Unix() > w+15*3600 {
			break
		}
		prevOff, havePrev = off, true
		cur = end.In(loc)
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, int(sec), 0, loc) // unreachable for real zones
}
