package hypercare

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file holds what Plan, Measure and Validate share: the people and
// rules resolved into numbers (rotaModel), the facts of each slot
// (rotaSlot), loads and fairness, and the batch rule check behind Validate.
// Times inside are Unix nanoseconds.

const week7 = int64(7 * 24 * time.Hour)

// maxRotaSpan bounds a rota's horizon (and the rule durations that matter
// within it); with maxRotaWork, it keeps every sum of times from overflowing.
const maxRotaSpan = 10 * 366 * 24 * time.Hour

// rotaModel is a rota's people and rules, checked and resolved.
type rotaModel struct {
	people  []Person
	index   map[PersonID]int
	zone    []int // person -> index in zones
	zones   []*time.Location
	sleep   []*Calendar // per zone: 22:00-08:00 every day
	weekend []*Calendar // per zone: Saturday and Sunday
	lim     []rotaLimits
	carried []Load          // per person, Person set
	hours   []*Calendar     // per person: when they may be on shift; nil means any time
	history [][]rotaSlot    // per person: shifts of the previous period, by start
	pins    [][]int         // per slot: the people pinned to it, in pin order
	share   decimal.Decimal // the sustainable share, for warnings
	horizon Interval
}

// rotaLimits are one person's limits; zero means none, except onCall where
// -1 means none.
type rotaLimits struct {
	rest   int64
	days   int
	week   int64
	onCall int64
	share  decimal.Decimal
	// byDefault: share is the default cap, not one the caller set.
	byDefault bool
}

// rotaSlot is what the planner and the checks need to know about a slot.
type rotaSlot struct {
	start, end, length int64
	seats              int
	pair, onCall       bool
	skills             []string
	slot               Slot
	zone               []rotaSlotZone // per zone of the model
	group              int            // slots with the same start and end share a group
	// only, when not nil, are the only people who may take the slot (the
	// pinned part of a slot, or the team a paired slot still needs); the
	// others are kept off by onlyRule, for onlyWhy.
	only     []int
	onlyRule RotaRule
	onlyWhy  string
	origin   int // the index of the rota's slot this is (a part of)
}

// rotaSlotZone is a slot seen from one zone: its sleep-hour and weekend time
// and its working days (day numbers since 1970, inclusive).
type rotaSlotZone struct {
	sleep, weekend int64
	day0, day1     int64
}

func newRotaModel(people []Person, rules RotaRules, slots []Slot) (*rotaModel, error) {
	m := &rotaModel{people: people, index: make(map[PersonID]int, len(people))}
	if err := m.indexPeople(); err != nil {
		return nil, err
	}
	if err := rules.check(m.index); err != nil {
		return nil, invalidf("hypercare: rota: %w", err)
	}
	if err := m.calendars(rules); err != nil {
		return nil, err
	}
	if err := m.spanSlots(slots); err != nil {
		return nil, err
	}
	m.limits(rules)
	if err := m.checkWork(slots); err != nil {
		return nil, err
	}
	m.share = rules.SustainableShare
	if m.share.IsZero() {
		m.share = defaultOnCallShare()
	}
	if err := m.past(rules.History); err != nil {
		return nil, invalidf("hypercare: rota: rules: %w", err)
	}
	if err := m.pin(rules.Pinned, len(slots)); err != nil {
		return nil, invalidf("hypercare: rota: rules: %w", err)
	}
	return m, nil
}

// indexPeople indexes the people by ID, rejecting empty and repeated IDs.
func (m *rotaModel) indexPeople() error {
	for i, p := range m.people {
		if p.ID == "" {
			return invalidf("hypercare: rota: person %d has an empty ID", i)
		}
		if _, dup := m.index[p.ID]; dup {
			return invalidf("hypercare: rota: person ID %q is repeated", p.ID)
		}
		if err := p.checkTimeOff(); err != nil {
			return invalidf("hypercare: rota: %w", err)
		}
		m.index[p.ID] = i
	}
	return nil
}

// calendars builds each person's working hours and each zone's sleep and weekend calendars.
func (m *rotaModel) calendars(rules RotaRules) error {
	home := rules.Location
	if home == nil {
		home = time.UTC
	}
	sleep := cmp.Or(rules.Sleep, defaultSleep)
	if _, err := parseSpec(sleep); err != nil {
		return invalidf("hypercare: rota: rules: sleep window %q: %w", sleep, err)
	}
	m.hours = make([]*Calendar, len(m.people))
	for i, p := range m.people {
		z := p.Zone
		if z == nil {
			z = home
		}
		if spec := cmp.Or(rules.Limits[p.ID].Hours, rules.Hours); spec != "" {
			cal, err := NewCalendar(z, spec)
			if err != nil {
				return invalidf("hypercare: rota: rules: hours of %q: %w", p.ID, err)
			}
			m.hours[i] = cal
		}
		k := slices.Index(m.zones, z)
		if k < 0 {
			k = len(m.zones)
			m.zones = append(m.zones, z)
			night, err := NewCalendar(z, sleep)
			if err != nil {
				return err
			}
			weekend, err := NewCalendar(z, "Sat-Sun 00:00-24:00")
			if err != nil {
				return err
			}
			m.sleep, m.weekend = append(m.sleep, night), append(m.weekend, weekend)
		}
		m.zone = append(m.zone, k)
	}
	return nil
}

// spanSlots sets the horizon to the span of the valid slots, at most 10 years.
func (m *rotaModel) spanSlots(slots []Slot) error {
	for _, s := range slots {
		if s.Start.IsZero() || !s.End.After(s.Start) {
			continue // reported by slotInfos
		}
		if m.horizon.Start.IsZero() || s.Start.Before(m.horizon.Start) {
			m.horizon.Start = s.Start
		}
		if s.End.After(m.horizon.End) {
			m.horizon.End = s.End
		}
	}
	if d := m.horizon.Duration(); d > maxRotaSpan || m.horizon.End.Sub(m.horizon.Start) < 0 {
		return invalidf("hypercare: rota: slots span %s to %s, more than 10 years",
			m.horizon.Start.Format(time.RFC3339), m.horizon.End.Format(time.RFC3339))
	}
	return nil
}

// maxRotaWork bounds the shift time of a rota, its seats' and the carried
// loads together (about 146 years), so the sums of the lower bound and the
// loads cannot overflow.
const maxRotaWork = time.Duration(1 << 62)

// checkWork refuses a rota whose seats and carried loads add up to more
// than maxRotaWork: 400,000 seats of 8 hours, say, overflow time.Duration.
// The error names the slot, or the person's carried load, that passes it.
func (m *rotaModel) checkWork(slots []Slot) error {
	var total time.Duration
	years := int64(maxRotaWork / (8766 * time.Hour))
	add := func(d time.Duration, n int64) bool {
		if d <= 0 || n <= 0 {
			return true
		}
		if int64(d) > int64(maxRotaWork-total)/n {
			return false
		}
		total += d * time.Duration(n)
		return true
	}
	for i, s := range slots {
		if !add(s.Duration(), int64(s.seats())) {
			return invalidf("hypercare: rota: slot %d (%s): its %d seats of %s bring the rota's shift time, with the carried loads, past %d years",
				i, s, s.seats(), s.Duration(), years)
		}
	}
	for i, c := range m.carried {
		if !add(c.Total, 1) {
			return invalidf("hypercare: rota: the carried load of %q (%s) brings the rota's shift time past %d years", m.people[i].ID, c.Total, years)
		}
	}
	return nil
}

// limits sets each person's limits and carried load from the rules.
func (m *rotaModel) limits(rules RotaRules) {
	span := decimal.NewFromInt(int64(m.horizon.Duration()))
	m.lim = make([]rotaLimits, len(m.people))
	m.carried = make([]Load, len(m.people))
	for i, p := range m.people {
		m.lim[i] = personLimits(rules, rules.Limits[p.ID], span)
		m.carried[i] = rules.Carried[p.ID]
		m.carried[i].Person = p.ID
	}
}

// personLimits returns the limits of a person with own limits l over a horizon of span.
func personLimits(rules RotaRules, l RotaLimits, span decimal.Decimal) rotaLimits {
	share, byDefault := rules.MaxOnCallShare, false
	if share.IsZero() {
		share, byDefault = defaultOnCallShare(), true
	}
	switch {
	case l.MaxOnCallShare.IsNegative():
		share = decimal.NewFromInt(1)
	case !l.MaxOnCallShare.IsZero():
		share, byDefault = l.MaxOnCallShare, false
	}
	lim := rotaLimits{ // beyond the horizon a duration means the same as the horizon
		rest:      min(pickLimit(int64(rules.MinRest), int64(l.MinRest)), int64(maxRotaSpan)),
		days:      int(min(pickLimit(int64(rules.MaxConsecutiveDays), int64(l.MaxConsecutiveDays)), 1<<20)),
		week:      min(pickLimit(int64(rules.MaxPer7Days), int64(l.MaxPer7Days)), int64(maxRotaSpan)),
		onCall:    -1,
		share:     share,
		byDefault: byDefault,
	}
	if share.LessThan(decimal.NewFromInt(1)) {
		lim.onCall = share.Mul(span).Floor().IntPart()
	}
	return lim
}

// pickLimit returns a person's own limit over the rule's: none if negative, the rule's if zero.
func pickLimit(rule, own int64) int64 {
	switch {
	case own < 0:
		return 0
	case own > 0:
		return own
	}
	return rule
}

// defaultSleep is the sleep window when RotaRules.Sleep is empty.
const defaultSleep = "Mon-Sun 22:00-08:00"

// past records the history shifts per person, sorted by start.
func (m *rotaModel) past(history []Shift) error {
	m.history = make([][]rotaSlot, len(m.people))
	for i, sh := range history {
		if err := sh.Slot.check(); err != nil {
			return fmt.Errorf("history shift %d: %w", i, err)
		}
	}
	infos, _ := m.slotInfos(shiftSlots(history)) // checked above
	for i, sh := range history {
		for _, id := range sh.People {
			p, ok := m.index[id]
			if !ok {
				return fmt.Errorf("history shift %d (%s) names unknown person %q", i, sh.Slot, id)
			}
			m.history[p] = append(m.history[p], infos[i])
		}
	}
	for _, h := range m.history {
		slices.SortFunc(h, func(a, b rotaSlot) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
	}
	return nil
}

// pin records the pinned people per slot of n.
func (m *rotaModel) pin(pins []Pin, n int) error {
	m.pins = make([][]int, n)
	for _, pn := range pins {
		p, ok := m.index[pn.Person]
		switch {
		case !ok:
			return fmt.Errorf("pin of unknown person %q", pn.Person)
		case pn.Slot < 0 || pn.Slot >= n:
			return fmt.Errorf("pin of %q to slot %d, outside the %d slots", pn.Person, pn.Slot, n)
		case slices.Contains(m.pins[pn.Slot], p):
			return fmt.Errorf("pin of %q to slot %d is repeated", pn.Person, pn.Slot)
		}
		m.pins[pn.Slot] = append(m.pins[pn.Slot], p)
	}
	return nil
}

// slotInfos checks the slots and works out their facts.
func (m *rotaModel) slotInfos(slots []Slot) ([]rotaSlot, error) {
	out := make([]rotaSlot, len(slots))
	for i, s := range slots {
		if err := s.check(); err != nil {
			return nil, invalidf("hypercare: rota: slot %d: %w", i, err)
		}
		r := rotaSlot{
			start: s.Start.UnixNano(), end: s.End.UnixNano(),
			seats: s.seats(), pair: s.Pair, onCall: s.OnCall, skills: s.Skills, slot: s,
			zone: make([]rotaSlotZone, len(m.zones)),
		}
		r.length = r.end - r.start
		for z, loc := range m.zones {
			d0 := DateOf(s.Start.In(loc)).days()
			d1 := max(d0, DateOf(s.End.In(loc)).days()-1)
			r.zone[z] = rotaSlotZone{
				sleep:   int64(m.sleep[z].Between(s.Start, s.End)),
				weekend: int64(m.weekend[z].Between(s.Start, s.End)),
				day0:    d0, day1: d1,
			}
		}
		out[i] = r
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(out[a].start, out[b].start), cmp.Compare(out[a].end, out[b].end), cmp.Compare(a, b))
	})
	g := -1
	for k, i := range order {
		if k == 0 || out[i].start != out[order[k-1]].start || out[i].end != out[order[k-1]].end {
			g++
		}
		out[i].group = g
	}
	return out, nil
}

// plannedSlots returns the slots the planner staffs: each of infos, split
// when people are pinned to it (a part only they may take, then on a paired
// slot whose pins hold one team a seat for the other team, then the other
// seats), and for each the index of its slot in infos. The parts of a slot
// are next to each other. It returns an
// error for more pins than seats.
func (m *rotaModel) plannedSlots(infos []rotaSlot) ([]rotaSlot, []int, error) {
	out, orig := make([]rotaSlot, 0, len(infos)), make([]int, 0, len(infos))
	for i, s := range infos {
		s.origin = i
		pins := m.pins[i]
		if len(pins) == 0 {
			out, orig = append(out, s), append(orig, i)
			continue
		}
		if len(pins) > s.seats {
			return nil, nil, invalidf("hypercare: rota: %d people pinned to slot %d (%s) of %d seats", len(pins), i, s.slot, s.seats)
		}
		names := make([]string, len(pins))
		teams := map[Team]bool{}
		for k, p := range pins {
			names[k] = string(m.people[p].ID)
			teams[m.people[p].Team] = true
		}
		held := s
		held.seats, held.pair = len(pins), s.pair && len(pins) == s.seats // all pinned: they must pair among themselves
		held.only, held.onlyRule, held.onlyWhy = pins, RotaPinned, "the seat is pinned to "+strings.Join(names, ", ")
		out, orig = append(out, held), append(orig, i)
		rest := s
		rest.seats -= len(pins)
		if rest.seats == 0 {
			continue
		}
		if s.pair && teams[Project] != teams[SteadyState] {
			// The pins hold one team: one more seat must go to the other,
			// and the rest to anyone.
			need := Project
			if teams[Project] {
				need = SteadyState
			}
			team := rest
			team.seats, team.pair = 1, false
			team.only, team.onlyRule, team.onlyWhy = []int{}, RotaPairing, fmt.Sprintf("is not on the %s team, which the slot needs", need)
			for p, person := range m.people {
				if person.Team == need {
					team.only = append(team.only, p)
				}
			}
			out, orig = append(out, team), append(orig, i)
			rest.seats--
			if rest.seats == 0 {
				continue
			}
			rest.pair = false
		} else if s.pair && teams[Project] && teams[SteadyState] {
			rest.pair = false
		} else if s.pair && rest.seats < 2 {
			return nil, nil, invalidf("hypercare: rota: slot %d (%s) is paired but its pins hold neither team and leave one seat", i, s.slot)
		}
		out, orig = append(out, rest), append(orig, i)
	}
	return out, orig, nil
}

// eligible says whether person p may take slot s on availability and skills
// alone: 0, or the rule that blocks it and why.
func (m *rotaModel) eligible(p int, s *rotaSlot) (RotaRule, string) {
	if s.only != nil && !slices.Contains(s.only, p) {
		return s.onlyRule, s.onlyWhy
	}
	iv := Interval{s.slot.Start, s.slot.End}
	for _, off := range m.people[p].TimeOff {
		if off.Overlaps(iv) {
			return RotaAvailability, "time off " + formatSpan(off.Start, off.End)
		}
	}
	if !m.inHours(p, s) {
		return RotaAvailability, "outside their hours " + m.hours[p].Spec() + " " + m.zones[m.zone[p]].String()
	}
	for _, h := range m.history[p] {
		if h.start < s.end && s.start < h.end {
			return RotaOverlap, "on " + h.slot.String() + " of the previous period at the same time"
		}
	}
	for _, k := range s.skills {
		if !m.people[p].HasSkill(k) {
			return RotaSkill, fmt.Sprintf("lacks skill %q", k)
		}
	}
	return 0, ""
}

// inHours reports whether slot s lies wholly inside person p's hours.
func (m *rotaModel) inHours(p int, s *rotaSlot) bool {
	return m.hours[p] == nil || int64(m.hours[p].Between(s.slot.Start, s.slot.End)) == s.length
}

// measure returns the roster of shifts with loads and fairness against the
// bound.
func (m *rotaModel) measure(shifts []Shift, bound Bound) Roster {
	infos, _ := m.slotInfos(shiftSlots(shifts)) // checked by the caller
	loads := slices.Clone(m.carried)
	for i, sh := range shifts {
		seen := map[int]bool{}
		for _, id := range sh.People {
			p, ok := m.index[id]
			if !ok || seen[p] {
				continue
			}
			seen[p] = true
			loads[p] = loads[p].add(infos[i].loadFor(m.zone[p]))
		}
	}
	ro := Roster{Shifts: shifts, Loads: loads, Bound: bound}
	if len(loads) == 0 {
		return ro
	}
	f := Fairness{Min: loads[0].Total, Max: loads[0].Total}
	minShifts, maxShifts := loads[0].Shifts, loads[0].Shifts
	minSleep, maxSleep, minWeekend, maxWeekend := loads[0].Sleep, loads[0].Sleep, loads[0].Weekend, loads[0].Weekend
	totals := make([]float64, len(loads))
	for i, l := range loads {
		f.Min, f.Max = min(f.Min, l.Total), max(f.Max, l.Total)
		minShifts, maxShifts = min(minShifts, l.Shifts), max(maxShifts, l.Shifts)
		minSleep, maxSleep = min(minSleep, l.Sleep), max(maxSleep, l.Sleep)
		minWeekend, maxWeekend = min(minWeekend, l.Weekend), max(maxWeekend, l.Weekend)
		totals[i] = l.Total.Seconds()
	}
	f.Range, f.ShiftRange = f.Max-f.Min, maxShifts-minShifts
	f.SleepRange, f.WeekendRange = maxSleep-minSleep, maxWeekend-minWeekend
	f.Gini = giniOf(totals)
	if bound.Total > 0 {
		f.MaxOverBound = float64(f.Max) / float64(bound.Total)
	}
	ro.Fairness = f
	return ro
}

// loadFor is the load one seat of the slot gives a person in zone z.
func (s *rotaSlot) loadFor(z int) Load {
	l := Load{Shifts: 1, Total: time.Duration(s.length), Sleep: time.Duration(s.zone[z].sleep), Weekend: time.Duration(s.zone[z].weekend)}
	if s.onCall {
		l.OnCall = l.Total
	}
	return l
}

// giniOf returns ΣΣ|xi−xj| / (2n²μ) for non-negative xs, and 0 when they sum
// to 0.
func giniOf(xs []float64) float64 {
	n := len(xs)
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	var sum, weighted float64
	for i, x := range sorted {
		sum += x
		weighted += float64(2*i-n+1) * x // each x counted against those below minus those above
	}
	if sum <= 0 || n == 0 {
		return 0
	}
	return weighted / (float64(n) * sum)
}

// validate checks shifts against the rules and, when slots is not empty,
// against the demand.
func (m *rotaModel) validate(slots []Slot, shifts []Shift) ([]Violation, error) {
	infos, err := m.slotInfos(shiftSlots(shifts))
	if err != nil {
		return nil, err
	}
	c := rotaCheck{m: m, infos: infos, n: len(shifts)}
	c.demand(slots, shifts)
	c.pinned(slots, shifts)
	mine := c.seats(shifts)
	for p, list := range mine {
		for _, h := range m.history[p] {
			list = append(list, len(c.infos))
			c.infos = append(c.infos, h)
		}
		c.person(p, list)
	}
	slices.SortStableFunc(c.out, func(a, b Violation) int {
		return cmp.Or(cmp.Compare(a.Shift, b.Shift), strings.Compare(string(a.Person), string(b.Person)), cmp.Compare(a.Rule, b.Rule))
	})
	return c.out, nil
}

// rotaCheck is one run of validate: the model, the facts of each shift's
// slot (by shift index) and the violations found so far.
type rotaCheck struct {
	m     *rotaModel
	infos []rotaSlot // the roster's shifts, then the history shifts checked with them
	n     int        // the number of the roster's shifts
	out   []Violation
}

// pinned checks that each pinned person is on their slot (matched by name,
// start and end among the shifts; by index when slots is empty).
func (c *rotaCheck) pinned(slots []Slot, shifts []Shift) {
	for i, ps := range c.m.pins {
		var on []PersonID
		var slot Slot
		if len(slots) == 0 {
			on, slot = shifts[i].People, shifts[i].Slot
		} else {
			slot = slots[i]
			for _, sh := range shifts {
				if sh.Name == slot.Name && sh.Start.Equal(slot.Start) && sh.End.Equal(slot.End) {
					on = append(on, sh.People...)
				}
			}
		}
		for _, p := range ps {
			if id := c.m.people[p].ID; !slices.Contains(on, id) {
				c.add(RotaPinned, id, -1, "pinned to %s but not on it", slot)
			}
		}
	}
}

func (c *rotaCheck) add(rule RotaRule, who PersonID, shift int, format string, args ...any) {
	c.out = append(c.out, Violation{Rule: rule, Person: who, Shift: shift, Reason: fmt.Sprintf(format, args...)})
}

// demand checks that every slot of the rota appears in the roster.
func (c *rotaCheck) demand(slots []Slot, shifts []Shift) {
	type key struct {
		name       string
		start, end int64
	}
	have := map[key]int{}
	for _, sh := range shifts {
		have[key{sh.Name, sh.Start.UnixNano(), sh.End.UnixNano()}]++
	}
	for _, s := range slots {
		k := key{s.Name, s.Start.UnixNano(), s.End.UnixNano()}
		if have[k] > 0 {
			have[k]--
			continue
		}
		c.add(RotaCoverage, "", -1, "slot %s is missing from the roster", s)
	}
}

// seats checks each shift's seats: their number, who holds them (known,
// once, available, skilled) and the pairing. It returns the shifts of each
// person of the model.
func (c *rotaCheck) seats(shifts []Shift) [][]int {
	m := c.m
	mine := make([][]int, len(m.people))
	for i, sh := range shifts {
		s := &c.infos[i]
		switch n := len(sh.People); {
		case n < s.seats:
			c.add(RotaCoverage, "", i, "%s: %d of %d seats empty", sh.Slot, s.seats-n, s.seats)
		case n > s.seats:
			c.add(RotaCoverage, "", i, "%s: %d people on %d seats", sh.Slot, n, s.seats)
		}
		seen := map[PersonID]bool{}
		haveTeam := map[Team]bool{}
		for _, id := range sh.People {
			if seen[id] {
				c.add(RotaOverlap, id, i, "holds two seats of %s", sh.Slot)
				continue
			}
			seen[id] = true
			p, ok := m.index[id]
			if !ok {
				c.add(RotaUnknownPerson, id, i, "%s names someone who is not in the rota", sh.Slot)
				continue
			}
			haveTeam[m.people[p].Team] = true
			mine[p] = append(mine[p], i)
			iv := Interval{sh.Start, sh.End}
			for _, off := range m.people[p].TimeOff {
				if off.Overlaps(iv) {
					c.add(RotaAvailability, id, i, "on %s during time off %s", sh.Slot, formatSpan(off.Start, off.End))
				}
			}
			if !m.inHours(p, s) {
				c.add(RotaAvailability, id, i, "on %s outside their hours %s %s", sh.Slot, m.hours[p].Spec(), m.zones[m.zone[p]])
			}
			for _, k := range s.skills {
				if !m.people[p].HasSkill(k) {
					c.add(RotaSkill, id, i, "on %s without skill %q", sh.Slot, k)
				}
			}
		}
		if s.pair {
			for _, t := range []Team{Project, SteadyState} {
				if !haveTeam[t] {
					c.add(RotaPairing, "", i, "%s has no %s member", sh.Slot, t)
				}
			}
		}
	}
	return mine
}

// person checks person p's own limits over list, their shifts: overlap and
// rest, consecutive days, time in 7 days and on-call share.
func (c *rotaCheck) person(p int, list []int) {
	infos := c.infos
	id, lim, z := c.m.people[p].ID, c.m.lim[p], c.m.zone[p]
	slices.SortFunc(list, func(a, b int) int {
		return cmp.Or(cmp.Compare(infos[a].start, infos[b].start), cmp.Compare(infos[a].end, infos[b].end), cmp.Compare(a, b))
	})
	c.rest(id, lim, list)
	if lim.days > 0 {
		c.consecutiveDays(id, lim, z, list)
	}
	if lim.week > 0 {
		c.hoursPer7Days(id, lim, z, list)
	}
	if lim.onCall >= 0 {
		c.onCallShare(id, lim, list)
	}
}

// rest flags overlap and rest between every pair of shifts too close
// together; list is sorted by start.
func (c *rotaCheck) rest(id PersonID, lim rotaLimits, list []int) {
	for x, i := range list {
		for _, j := range list[x+1:] {
			a, b := &c.infos[i], &c.infos[j]
			if b.start >= a.end+lim.rest {
				break
			}
			if i >= c.n && j >= c.n {
				continue // both from the previous period
			}
			at := j
			if j >= c.n {
				at = i // report at the roster's shift
			}
			if b.start < a.end {
				c.add(RotaOverlap, id, at, "on %s and %s at once", a.slot, b.slot)
			} else {
				c.add(RotaRest, id, at, "%s between %s and %s (minimum %s)",
					time.Duration(b.start-a.end), a.slot, b.slot, time.Duration(lim.rest))
			}
		}
	}
}

// consecutiveDays flags each run of working days in zone z longer than the
// limit.
func (c *rotaCheck) consecutiveDays(id PersonID, lim rotaLimits, z int, list []int) {
	infos := c.infos
	var days []int64
	now := map[int64]bool{} // days worked in this roster
	for _, i := range list {
		for d := infos[i].zone[z].day0; d <= infos[i].zone[z].day1; d++ {
			days = append(days, d)
			if i < c.n {
				now[d] = true
			}
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)
	for a := 0; a < len(days); {
		b := a
		mine := now[days[a]]
		for b+1 < len(days) && days[b+1] == days[b]+1 {
			b++
			mine = mine || now[days[b]]
		}
		if n := b - a + 1; n > lim.days && mine {
			c.add(RotaConsecutiveDays, id, -1, "works %d days in a row, %s to %s (maximum %s)",
				n, dateFromDays(days[a]), dateFromDays(days[b]), plural(lim.days, "day in a row", "days in a row"))
		}
		a = b + 1
	}
}

// hoursPer7Days flags time on shift in any 7×24 h window above the limit,
// once per cluster of overlapping windows, with the worst. The most is
// reached by a window that starts where a shift starts or ends where one
// ends.
func (c *rotaCheck) hoursPer7Days(id PersonID, lim rotaLimits, z int, list []int) {
	infos := c.infos
	type win struct{ t, sum int64 }
	var over []win
	for _, i := range list {
		for _, t := range []int64{infos[i].start, infos[i].end - week7} {
			var sum, now int64
			for _, j := range list {
				o := overlapNanos(infos[j].start, infos[j].end, t, t+week7)
				sum += o
				if j < c.n {
					now += o
				}
			}
			if sum > lim.week && now > 0 { // a window must touch the roster's shifts
				over = append(over, win{t, sum})
			}
		}
	}
	slices.SortFunc(over, func(a, b win) int { return cmp.Compare(a.t, b.t) })
	for a := 0; a < len(over); {
		worst, b := over[a], a
		for b+1 < len(over) && over[b+1].t < over[b].t+week7 {
			b++
			if over[b].sum > worst.sum {
				worst = over[b]
			}
		}
		c.add(RotaHoursPer7Days, id, -1, "%s on shift in the 7 days from %s (maximum %s)",
			time.Duration(worst.sum), time.Unix(0, worst.t).In(c.m.zones[z]).Format("2006-01-02 15:04 MST"), time.Duration(lim.week))
		a = b + 1
	}
}

// onCallShare flags on-call time above the person's share of the horizon.
func (c *rotaCheck) onCallShare(id PersonID, lim rotaLimits, list []int) {
	var on int64
	for _, i := range list {
		if i < c.n && c.infos[i].onCall {
			on += c.infos[i].length
		}
	}
	if on > lim.onCall {
		c.add(RotaOnCallShare, id, -1, "%s on call is %s of the %s horizon (maximum %s)",
			time.Duration(on), percentText(on, int64(c.m.horizon.Duration())), c.m.horizon.Duration(), decimalPercent(lim.share))
	}
}

// overlapNanos is the length of [a, b) ∩ [c, d).
func overlapNanos(a, b, c, d int64) int64 {
	return max(0, min(b, d)-max(a, c))
}
