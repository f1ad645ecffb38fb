package hypercare

import (
	"slices"
	"strings"
	"time"
)

// This file is the demand side of the rota: slots from recurring wall-clock
// patterns (Pattern) and from an engagement's phases (PhaseSlots), with
// handoffs that stay at local wall-clock times across DST.

// Pattern is a recurring slot in wall-clock time, such as "Mon-Fri
// 09:00-17:00" or "every day 09:00-09:00" (a 24 h shift with a 09:00
// handoff). Handoffs stay at the same local time across DST, so a daily
// 09:00-09:00 slot lasts 23 h or 25 h over a DST change.
//
// In JSON, Start and End are "HH:MM" strings (see TimeOfDay).
type Pattern struct {
	Name string `json:"name,omitempty"`
	// Days lists the weekdays the slot starts on, as in a Calendar spec:
	// "Mon-Fri", "Sat,Sun", "Fri-Mon" (wraps). Empty means every day.
	Days string `json:"days,omitempty"`
	// Start and End are the local wall-clock times the slot starts and ends.
	// An End at or before Start is on the next day, so a night slot is
	// 20:00 to 08:00, a slot up to midnight ends at 00:00 (there is no
	// 24:00), and Start == End is a 24 h slot. The zero values are 00:00, so
	// the zero Pattern is a 24 h slot from midnight every day.
	Start TimeOfDay `json:"start"`
	End   TimeOfDay `json:"end"`
	// Seats, Skills, Pair and OnCall are copied to every slot.
	Seats  int      `json:"seats,omitempty"`
	Skills []string `json:"skills,omitempty"`
	Pair   bool     `json:"pair,omitempty"`
	OnCall bool     `json:"on_call,omitempty"`
}

// maxPatternDays is the most days Pattern.Slots generates: the rota's
// 10-year horizon (maxRotaSpan) in days, 3660.
const maxPatternDays = int(maxRotaSpan / (24 * time.Hour))

// Slots returns the pattern's slots that start on the days dates from,
// from+1, ..., in loc, in order. Wall-clock times follow RFC 5545: a time
// that occurs twice on a fall-back night is its first occurrence, and one
// skipped by a spring-forward gap is read with the offset before the gap
// (02:30 becomes 03:30); a slot left with no time at all is dropped.
//
// It returns an error naming the bad field for an unknown day, an invalid
// Start or End (outside 00:00 to 23:59), a nil location, negative days or
// more than 3660 (the rota's 10-year horizon), negative seats, pairing on
// one seat, or an empty skill.
// Each of its errors wraps ErrInvalid.
func (p Pattern) Slots(loc *time.Location, from Date, days int) ([]Slot, error) {
	bad := func(format string, args ...any) error {
		return invalidf("hypercare: pattern %q: "+format, append([]any{p.Name}, args...)...)
	}
	switch {
	case loc == nil:
		return nil, bad("nil location")
	case days < 0:
		return nil, bad("negative number of days %d", days)
	case days > maxPatternDays:
		return nil, bad("%d days is more than the rota's horizon of %d days (10 years)", days, maxPatternDays)
	case !from.Valid():
		return nil, bad("invalid start date %s", from)
	case !p.Start.Valid():
		return nil, bad("start %02d:%02d is not a time of day from 00:00 to 23:59", p.Start.Hour, p.Start.Minute)
	case !p.End.Valid():
		return nil, bad("end %02d:%02d is not a time of day from 00:00 to 23:59", p.End.Hour, p.End.Minute)
	}
	week, err := patternDays(p.Days)
	if err != nil {
		return nil, bad("%w", err)
	}
	start, end := p.Start.seconds(), p.End.seconds()
	if end <= start {
		end += secPerDay
	}
	switch {
	case p.Seats < 0:
		return nil, bad("%d seats", p.Seats)
	case p.Pair && max(p.Seats, 1) < 2:
		return nil, bad("pairs a project and a steady-state member but has %d seat", max(p.Seats, 1))
	}
	if i := slices.Index(p.Skills, ""); i >= 0 {
		return nil, bad("skill %d is empty", i)
	}
	tmpl := Slot{Name: p.Name, Seats: p.Seats, Pair: p.Pair, OnCall: p.OnCall}
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
	// engagement's location: {{8, 0}, {20, 0}} (in JSON ["08:00","20:00"])
	// for 12 h shifts around the clock. Slots are also cut where coverage
	// opens and closes and where the phase starts and ends. Empty means no
	// other cuts.
	Handoffs []TimeOfDay `json:"handoffs,omitempty"`
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
// clock with handoffs at 08:00 and 20:00 and 2 seats gives 12 h shifts with
// a primary and a secondary, and a later phase with business-hours coverage,
// a 09:00 handoff and 1 on-call seat gives day shifts plus on-call slots
// from closing time to 09:00 (weekends as 24 h slots). Wall-clock handoffs
// follow Pattern.Slots' DST rules. Phases not named get no slots.
//
// It returns an error for an invalid engagement (see Engagement.Validate), a
// PhaseShifts naming no phase or a phase named twice, a handoff outside
// 00:00 to 23:59, negative seats or an empty skill.
// Each of its errors wraps ErrInvalid.
func PhaseSlots(e Engagement, shifts ...PhaseShifts) ([]Slot, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	loc := e.loc()
	var out []Slot
	for _, ps := range shifts {
		bad := func(format string, args ...any) error {
			return invalidf("hypercare: engagement %q: phase shifts %q: "+format, append([]any{e.ID, ps.Phase}, args...)...)
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
		if i := slices.Index(ps.Skills, ""); i >= 0 {
			return nil, bad("skill %d is empty", i)
		}
		if i := slices.Index(ps.OnCallSkills, ""); i >= 0 {
			return nil, bad("on-call skill %d is empty", i)
		}
		for _, h := range ps.Handoffs {
			if !h.Valid() {
				return nil, bad("handoff %02d:%02d is not a time of day from 00:00 to 23:59", h.Hour, h.Minute)
			}
		}
		span := e.Span(phase)
		var cuts []time.Time
		first, last := DateOf(span.Start.In(loc)), DateOf(span.End.In(loc))
		for d := first; !d.After(last); d = d.AddDays(1) {
			for _, h := range ps.Handoffs {
				if t := h.On(d, loc); t.After(span.Start) && t.Before(span.End) {
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

// patternDays parses a Pattern's Days ("Mon-Fri", "Sat, Sun", "Fri-Mon") with
// the Calendar's day parser into a week indexed Monday = 0; blank means every
// day. Spaces are ignored.
func patternDays(s string) ([7]bool, error) {
	var week [7]bool
	tok := strings.Join(strings.Fields(s), "")
	if tok == "" {
		for i := range week {
			week[i] = true
		}
		return week, nil
	}
	days, err := parseDays(tok)
	if err != nil {
		return week, err
	}
	for _, d := range days {
		week[d] = true
	}
	return week, nil
}
