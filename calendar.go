package hypercare

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Date is a civil date: a day on a wall calendar, with no time and no zone.
// Holidays, the days of an engagement and adoption samples are Dates.
//
// The zero Date is not a valid date; IsZero reports it. A Date is
// comparable with ==, but only valid (normalized) dates compare meaningfully.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a date in the form YYYY-MM-DD.
// It returns an error naming s if s is not a valid date in that form.
// Each of its errors wraps ErrInvalid.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, invalidf("hypercare: date %q: want a valid YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// String returns the date as YYYY-MM-DD, for example 2026-12-25.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d names a real day (2026-02-30 does not) in the
// years 0000 to 9999, the dates the YYYY-MM-DD text form can carry.
func (d Date) Valid() bool {
	return d.Year >= 0 && d.Year <= 9999 &&
		d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(floorMod(d.days()+4, 7))
}

// AddDays returns the date n days after d (before d when n < 0).
func (d Date) AddDays(n int) Date { return dateFromDays(d.days() + int64(n)) }

// DaysSince returns the number of days from s to d: positive when d is after s.
func (d Date) DaysSince(s Date) int { return int(d.days() - s.days()) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch a, b := d.days(), e.days(); {
	case a < b:
		return -1
	case a > b:
		return +1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// In returns the first instant of d in loc: local midnight, or the end of the
// DST gap on the rare days whose midnight does not exist in loc. A nil loc
// means UTC.
func (d Date) In(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	n := d.AddDays(0) // normalize 2026-02-30 to 2026-03-02, as time.Date would
	t := time.Date(n.Year, n.Month, n.Day, 0, 0, 0, 0, loc)
	if DateOf(t) != n { // midnight is in a gap and landed on the day before
		_, end := t.ZoneBounds()
		return end
	}
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 { // landed after the gap
		start, _ := t.ZoneBounds()
		return start
	}
	return t
}

// MarshalText encodes d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes a YYYY-MM-DD date, as ParseDate does, and also
// 0000-00-00, which MarshalText makes of the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if string(b) == (Date{}).String() {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// days returns the number of days from 1970-01-01 to d (days_from_civil).
func (d Date) days() int64 {
	y, m := int64(d.Year), int64(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dateFromDays is the inverse of Date.days (civil_from_days).
func dateFromDays(z int64) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{int(y), time.Month(m), int(day)}
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Interval is the half-open span of instants [Start, End). Where a zero End
// means "never ends" (Result.Holds), JSON leaves "end" out rather than
// write 0001-01-01T00:00:00Z; an absent or null "end" reads as zero.
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end,omitzero"`
}

// Duration returns End - Start in elapsed time, or 0 when End is not after Start.
func (iv Interval) Duration() time.Duration {
	if !iv.End.After(iv.Start) {
		return 0
	}
	return iv.End.Sub(iv.Start)
}

// Contains reports whether Start <= t < End.
func (iv Interval) Contains(t time.Time) bool {
	return !t.Before(iv.Start) && t.Before(iv.End)
}

// Overlaps reports whether iv and o share at least one instant.
func (iv Interval) Overlaps(o Interval) bool {
	return iv.Start.Before(o.End) && o.Start.Before(iv.End)
}

const (
	secPerDay  = 86400
	secPerWeek = 7 * secPerDay
	// mondayEpoch is 1970-01-05 00:00, a Monday, in wall seconds.
	mondayEpoch = 4 * secPerDay
	nanosPerSec = int64(time.Second)
	// noLimit marks a zone that never ends.
	noLimit = int64(math.MaxInt64)
)

// A span is a half-open range of wall seconds [start, end), measured from
// Monday 00:00 of a week.
type span struct{ start, end int64 }

// Calendar is a set of working hours in a location: weekly wall-clock windows
// minus whole-day holidays. Durations "on" a calendar count only the time it is
// open; Between and Add are its arithmetic.
//
// Windows are wall-clock: 09:00-17:00 stays 09:00-17:00 local across DST, so a
// window that contains a DST change is shorter or longer in elapsed time (a
// 22:00-06:00 night is 7 h on a spring-forward night in Europe/Berlin and 9 h
// on a fall-back night). Precisely, an instant is open when its local wall
// date and time fall in a window and its local date is not a holiday.
//
// A Calendar is immutable and safe for concurrent use. A nil *Calendar and
// the zero Calendar behave as Always. Compare calendars with Equal, not ==.
type Calendar struct {
	loc      *time.Location
	spec     string
	always   bool
	week     []span  // merged, sorted windows within one week
	cum      []int64 // cum[i] = open seconds in week[:i]; len(week)+1 entries
	weekly   int64   // open seconds per week
	holidays []int64 // wall second of each holiday's 00:00, sorted, unique
	holCum   []int64 // holCum[i] = open seconds removed by holidays[:i]
	holDates []Date
}

// Always is the 24x7 calendar, counted in elapsed (absolute) time: an hour on
// Always is 60 minutes of real time, whatever the zone or DST.
var Always = &Calendar{always: true, loc: time.UTC, spec: alwaysSpec}

const alwaysSpec = "always"

var dayNames = [7]string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// NewCalendar returns the calendar open during the weekly windows of spec in
// loc, except on the holidays, each of which removes its whole local date
// (00:00-24:00, including the part of an overnight window that falls on it).
//
// spec is a list of rules joined by ";". A rule is DAYS SPANS: DAYS is a day
// (Mon), a range (Mon-Fri; Fri-Mon wraps) or a comma list (Mon,Wed,Fri) of
// English three-letter names in any case; SPANS is a comma list of
// HH:MM-HH:MM wall-clock spans, with 24:00 allowed as an end. A span whose end
// is at or before its start is overnight and belongs to the day it starts on.
// Overlapping spans are merged. Examples: "Mon-Fri 09:00-17:00",
// "Mon-Fri 08:00-12:00,13:00-17:00; Sat 10:00-14:00", "Mon-Sun 00:00-24:00",
// "Mon-Fri 22:00-06:00".
//
// NewCalendar returns an error naming the bad token for an empty spec, an
// unknown day, a bad time, an empty span (09:00-09:00), an invalid holiday
// date or a nil location.
// Each of its errors wraps ErrInvalid.
func NewCalendar(loc *time.Location, spec string, holidays ...Date) (*Calendar, error) {
	if loc == nil {
		return nil, invalidf("hypercare: calendar %q: nil location", spec)
	}
	raw, err := parseSpec(spec)
	if err != nil {
		return nil, fmt.Errorf("hypercare: calendar %q: %w", spec, err)
	}
	c := &Calendar{loc: loc, spec: strings.TrimSpace(spec)}
	c.week = mergeSpans(raw)
	c.cum = make([]int64, len(c.week)+1)
	for i, s := range c.week {
		c.cum[i+1] = c.cum[i] + s.end - s.start
	}
	c.weekly = c.cum[len(c.week)]
	if c.weekly == 0 { // unreachable with valid spans; kept so Add can never loop
		return nil, invalidf("hypercare: calendar %q: never open", spec)
	}
	days := make([]int64, 0, len(holidays))
	for _, h := range holidays {
		if !h.Valid() {
			return nil, invalidf("hypercare: calendar %q: invalid holiday %s", spec, h)
		}
		days = append(days, h.days())
	}
	slices.Sort(days)
	days = slices.Compact(days)
	c.holidays = make([]int64, len(days))
	c.holCum = make([]int64, len(days)+1)
	c.holDates = make([]Date, len(days))
	for i, d := range days {
		h := d * secPerDay
		c.holidays[i] = h
		c.holCum[i+1] = c.holCum[i] + c.periodic(h+secPerDay) - c.periodic(h)
		c.holDates[i] = dateFromDays(d)
	}
	return c, nil
}

// parseSpec turns a spec into weekly spans (not yet merged). It and the
// parsers below return bare errors; NewCalendar names the spec.
func parseSpec(spec string) ([]span, error) {
	var out []span
	for rule := range strings.SplitSeq(spec, ";") {
		rule = strings.TrimSpace(rule)
		if rule == "" {
			continue
		}
		fields := strings.Fields(rule) // days, then spans (spaces around "," and "-" allowed)
		daysTok, spansTok := fields[0], strings.Join(fields[1:], "")
		if spansTok == "" {
			return nil, invalidf("rule %q: want DAYS SPANS, as in Mon-Fri 09:00-17:00", rule)
		}
		for i := 2; i < len(fields); i++ { // so that errors name tokens as written
			joined := func(s string) bool { return s == "," || s == "-" }
			if prev, next := fields[i-1], fields[i]; !joined(prev[len(prev)-1:]) && !joined(next[:1]) {
				return nil, invalidf("rule %q: %q follows %q without a comma (join spans with \",\" and rules with \";\")", rule, next, prev)
			}
		}
		days, err := parseDays(daysTok)
		if err != nil {
			return nil, err
		}
		for tok := range strings.SplitSeq(spansTok, ",") {
			from, to, err := parseSpan(tok)
			if err != nil {
				return nil, err
			}
			if to <= from {
				to += secPerDay // overnight: belongs to its start day
			}
			for _, d := range days {
				s := span{int64(d)*secPerDay + from, int64(d)*secPerDay + to}
				if s.end > secPerWeek { // Sunday night wraps into Monday
					out = append(out, span{s.start, secPerWeek}, span{0, s.end - secPerWeek})
				} else {
					out = append(out, s)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, invalidf("empty spec")
	}
	return out, nil
}

// parseDays returns day indexes, Monday = 0.
func parseDays(tok string) ([]int, error) {
	var out []int
	for part := range strings.SplitSeq(tok, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, err := dayIndex(from)
		if err != nil {
			return nil, err
		}
		b := a
		if isRange {
			if b, err = dayIndex(to); err != nil {
				return nil, err
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			out = append(out, d)
			if d == b {
				break
			}
		}
	}
	return out, nil
}

func dayIndex(name string) (int, error) {
	if i := slices.Index(dayNames[:], strings.ToLower(name)); i >= 0 {
		return i, nil
	}
	return 0, invalidf("unknown day %q (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)", name)
}

// parseSpan parses HH:MM-HH:MM into seconds after midnight. The end is never
// equal to the start; 24:00 is allowed only as an end.
func parseSpan(tok string) (from, to int64, err error) {
	a, b, ok := strings.Cut(tok, "-")
	if !ok {
		return 0, 0, invalidf("bad span %q: want HH:MM-HH:MM", tok)
	}
	if from, err = parseClock(a, false); err != nil {
		return 0, 0, err
	}
	if to, err = parseClock(b, true); err != nil {
		return 0, 0, err
	}
	if from == to {
		return 0, 0, invalidf("empty span %q", tok)
	}
	return from, to, nil
}

// parseClock parses H:MM or HH:MM; 24:00 only when end is true.
func parseClock(tok string, end bool) (int64, error) {
	bad := invalidf("bad time %q: want HH:MM from 00:00 to 23:59 (24:00 as an end)", tok)
	hs, ms, ok := strings.Cut(tok, ":")
	if !ok || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 || !digits(hs) || !digits(ms) {
		return 0, bad
	}
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	if m > 59 {
		return 0, bad
	}
	switch {
	case h < 24:
	case h == 24 && m == 0 && end:
	default:
		return 0, bad
	}
	return int64(h*3600 + m*60), nil
}

// digits reports whether s is all ASCII digits.
func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// mergeSpans sorts spans and merges those that overlap or touch.
func mergeSpans(in []span) []span {
	slices.SortFunc(in, func(a, b span) int {
		if a.start != b.start {
			return int(a.start - b.start)
		}
		return int(a.end - b.end)
	})
	var out []span
	for _, s := range in {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Location returns the calendar's location (UTC for Always, a nil calendar
// and the zero Calendar); never nil.
func (c *Calendar) Location() *time.Location {
	if c.IsAlways() {
		return time.UTC
	}
	return c.loc
}

// Spec returns the spec the calendar was made from ("always" for Always, a
// nil calendar and the zero Calendar).
func (c *Calendar) Spec() string {
	if c.IsAlways() {
		return alwaysSpec
	}
	return c.spec
}

// Holidays returns the calendar's holidays, sorted and without duplicates.
func (c *Calendar) Holidays() []Date {
	if c == nil {
		return nil
	}
	return slices.Clone(c.holDates)
}

// IsAlways reports whether c counts elapsed time around the clock: c is
// Always, a copy of it, nil, or the zero Calendar.
func (c *Calendar) IsAlways() bool { return c == nil || c.always || c.loc == nil }

// String describes the calendar, as in "Mon-Fri 09:00-17:00 in Europe/Berlin,
// 2 holidays".
func (c *Calendar) String() string {
	if c.IsAlways() {
		return alwaysSpec
	}
	s := c.spec + " in " + c.loc.String()
	switch n := len(c.holDates); n {
	case 0:
	case 1:
		s += ", 1 holiday"
	default:
		s += fmt.Sprintf(", %d holidays", n)
	}
	return s
}

// Equal reports whether c and o were built alike: the same location name, the
// same weekly windows (after merging) and the same holidays. It compares
// structure, not instants: a UTC "Mon-Sun 00:00-24:00" calendar is not Equal
// to Always, and a Saturday holiday makes two Mon-Fri calendars unequal. A nil
// calendar equals Always.
func (c *Calendar) Equal(o *Calendar) bool {
	if c.IsAlways() || o.IsAlways() {
		return c.IsAlways() == o.IsAlways()
	}
	return c.loc.String() == o.loc.String() && slices.Equal(c.week, o.week) && slices.Equal(c.holidays, o.holidays)
}

// loadLocation loads a zone by name; the empty name is an error rather than
// UTC, so a missing field is never silently read as UTC.
func loadLocation(name string) (*time.Location, error) {
	if name == "" {
		return nil, invalidf("hypercare: missing location name")
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, invalidf("hypercare: location %q: %w", name, err)
	}
	return loc, nil
}

// Open reports whether the calendar is open at t.
func (c *Calendar) Open(t time.Time) bool {
	if c.IsAlways() {
		return true
	}
	_, off := t.In(c.loc).Zone()
	return c.in(t.Unix() + int64(off))
}

// Between returns the open time in [a, b): 0 when b is not after a, and never
// more than b - a. An answer beyond the largest Duration (about 292 years of
// open time) is capped at it. It is additive: Between(a, m) + Between(m, b) ==
// Between(a, b) for any a <= m <= b.
//
// Between does constant work per whole week and per DST change crossed, up
// to the cap (so a far-future b such as time.Unix(1<<62, 0) returns
// quickly), and does not allocate.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !a.Before(b) {
		return 0
	}
	if c.IsAlways() {
		return b.Sub(a)
	}
	const maxSecs = (math.MaxInt64 - nanosPerSec) / nanosPerSec
	var secs, nanos int64
	for t := a; t.Before(b); {
		off, end, ok := c.zone(t)
		segEnd := b
		if ok && end.Before(b) {
			segEnd = end
		}
		ws, we := t.Unix()+off, segEnd.Unix()+off
		secs += c.f(we) - c.f(ws)
		if secs > maxSecs { // secs only grows: the answer is the cap already
			return time.Duration(math.MaxInt64)
		}
		if n := int64(segEnd.Nanosecond()); n > 0 && c.in(we) {
			nanos += n
		}
		if n := int64(t.Nanosecond()); n > 0 && c.in(ws) {
			nanos -= n
		}
		t = segEnd
	}
	return time.Duration(secs*nanosPerSec + nanos)
}

// Add returns the earliest instant u >= t with Between(t, u) == d: the moment
// d of open time has passed since t. So Add(t, 0) == t, and 8 open hours from
// the start of a 09:00-17:00 day end at 17:00 that day, not at the next
// opening. Add counts forward only: a negative d returns t. The result is in
// t's location.
//
// Add does constant work per whole week, holiday and DST change crossed and
// does not allocate.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	if c.IsAlways() {
		return t.Add(d)
	}
	loc := t.Location()
	rem := int64(d)
	cur := t
	// The open time left in t's own second, if t is not on a whole second.
	if n := int64(t.Nanosecond()); n > 0 {
		off, _, _ := c.zone(t)
		if c.in(t.Unix() + off) {
			left := nanosPerSec - n
			if rem <= left {
				return t.Add(time.Duration(rem))
			}
			rem -= left
		}
		cur = time.Unix(t.Unix()+1, 0)
	}
	// Whole open seconds needed: the last one is partly used when rem has nanoseconds.
	need, frac := rem/nanosPerSec, rem%nanosPerSec
	if frac > 0 {
		need++
	}
	for {
		off, end, ok := c.zone(cur)
		limit := noLimit
		if ok {
			limit = end.Unix() + off
		}
		u, left := c.consume(cur.Unix()+off, limit, need)
		if left == 0 {
			res := time.Unix(u-off, 0)
			if frac > 0 {
				res = res.Add(time.Duration(frac - nanosPerSec))
			}
			return res.In(loc)
		}
		need = left
		cur = end
	}
}

// Intervals yields the open intervals within [a, b) in order, each as long as
// possible (touching pieces are joined, also across DST changes).
func (c *Calendar) Intervals(a, b time.Time) iter.Seq[Interval] {
	return func(yield func(Interval) bool) {
		if !a.Before(b) {
			return
		}
		if c.IsAlways() {
			yield(Interval{a, b})
			return
		}
		var pending Interval
		emit := func(iv Interval) bool {
			if !pending.End.IsZero() {
				if pending.End.Equal(iv.Start) {
					pending.End = iv.End
					return true
				}
				if !yield(pending) {
					return false
				}
			}
			pending = iv
			return true
		}
		for t := a; t.Before(b); {
			off, end, ok := c.zone(t)
			segEnd := b
			if ok && end.Before(b) {
				segEnd = end
			}
			ws, we := t.Unix()+off, segEnd.Unix()+off
			if segEnd.Nanosecond() > 0 {
				we++
			}
			for s, e := range c.runs(ws, we) {
				iv := Interval{time.Unix(s-off, 0).In(a.Location()), time.Unix(e-off, 0).In(a.Location())}
				if iv.Start.Before(t) {
					iv.Start = t
				}
				if iv.End.After(segEnd) {
					iv.End = segEnd
				}
				if iv.Start.Before(iv.End) && !emit(iv) {
					return
				}
			}
			t = segEnd
		}
		if !pending.End.IsZero() {
			yield(pending)
		}
	}
}

// runs yields the open runs of wall seconds within [from, to).
func (c *Calendar) runs(from, to int64) iter.Seq2[int64, int64] {
	return func(yield func(int64, int64) bool) {
		h := c.holidayEndingAfter(from)
		for pos := from; pos < to; {
			for h < len(c.holidays) && c.holidays[h]+secPerDay <= pos {
				h++
			}
			if h < len(c.holidays) && c.holidays[h] <= pos { // on a holiday: skip it
				pos = c.holidays[h] + secPerDay
				continue
			}
			r := floorMod(pos-mondayEpoch, secPerWeek)
			weekStart := pos - r
			i := c.spanAfter(r)
			if i == len(c.week) { // nothing more this week
				pos = weekStart + secPerWeek
				continue
			}
			s, e := max(pos, weekStart+c.week[i].start), weekStart+c.week[i].end
			if h < len(c.holidays) && c.holidays[h] < e { // a holiday cuts the window
				if c.holidays[h] <= s {
					pos = max(pos, c.holidays[h])
					continue
				}
				e = c.holidays[h]
			}
			if s >= to {
				return
			}
			e = min(e, to)
			if !yield(s, e) {
				return
			}
			pos = e
		}
	}
}

// wallTime returns the instant the wall clock in loc reads sec seconds after
// the start of date d (sec may pass a day: 33 h is 09:00 the next day), by
// RFC 5545's rules (section 3.3.5): a time that occurs twice on a fall-back
// night is its first occurrence; a time skipped by a spring-forward gap is
// read with the offset before the gap (02:30 on Berlin's spring-forward night
// is 03:30). time.Date leaves the fall-back choice unspecified, so handoffs,
// ceremonies and other recurring wall times go through here.
func wallTime(d Date, sec int64, loc *time.Location) time.Time {
	return wallInstant(d.days()*secPerDay+sec, loc)
}

// wallInstant is wallTime for the wall second w (seconds since 1970 as if in
// UTC).
func wallInstant(w int64, loc *time.Location) time.Time {
	// Offsets lie within ±26 h, so every instant that could show w is in
	// [w-26h, w+26h]. Walk the zones in effect there in time order: the first
	// zone whose offset maps w into itself holds the earliest instant.
	const reach = 26 * 3600
	cur := time.Unix(w-reach, 0).In(loc)
	prevOff, havePrev := int64(0), false
	for range 16 {
		_, o := cur.Zone()
		off := int64(o)
		start, end := cur.ZoneBounds()
		u := w - off
		if (start.IsZero() || u >= start.Unix()) && (end.IsZero() || u < end.Unix()) {
			return time.Unix(u, 0).In(loc)
		}
		if havePrev && !start.IsZero() {
			if s := start.Unix(); s+prevOff <= w && w < s+off { // in the gap the clock jumped over at s
				return time.Unix(w-prevOff, 0).In(loc)
			}
		}
		if end.IsZero() || !end.After(cur) || end.Unix() > w+reach {
			break
		}
		prevOff, havePrev = off, true
		cur = end.In(loc)
	}
	// Reached only where ZoneBounds misreports (golang/go#81583); time.Date is
	// a sane answer there.
	return time.Date(1970, time.January, 1, 0, 0, int(w), 0, loc)
}

// zone returns the UTC offset in seconds in effect at t in the calendar's
// location, and the instant that zone ends (ok is false if it never does).
// The end is always after t, so loops over zones make progress.
func (c *Calendar) zone(t time.Time) (off int64, end time.Time, ok bool) {
	lt := t.In(c.loc)
	_, o := lt.Zone()
	end, ok = zoneEnd(lt)
	return int64(o), end, ok
}

// zoneEnd returns when the zone in effect at t (in t's location) ends, as
// Time.ZoneBounds does, and false if it never ends; the end is always after
// t, so loops over zones make progress. Where ZoneBounds reports an end at or
// before t (golang/go#81583: the last days of a leap year served by the
// zone's TZ footer rule, e.g. 2040-12-31 in Europe/Berlin, where it ends CET
// on 2040-12-31 01:00), it returns the first whole second within a day after
// t whose offset differs, or the second a day after t if there is none:
// ending a zone early only costs one more step, and the zone there is the
// same (see sameZone).
func zoneEnd(t time.Time) (time.Time, bool) {
	_, end := t.ZoneBounds()
	if end.IsZero() {
		return end, false
	}
	if end.After(t) {
		return end, true
	}
	loc := t.Location()
	_, off := t.Zone()
	lo, hi := t.Unix(), t.Unix()+secPerDay
	if _, o := time.Unix(hi, 0).In(loc).Zone(); o == off {
		return time.Unix(hi, 0), true
	}
	for hi-lo > 1 { // offset(lo) == off, offset(hi) != off
		mid := lo + (hi-lo)/2
		if _, o := time.Unix(mid, 0).In(loc).Zone(); o == off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return time.Unix(hi, 0), true
}

// sameZone reports whether a and b are in the same zone of their location:
// the same name and offset.
func sameZone(a, b time.Time) bool {
	an, ao := a.Zone()
	bn, bo := b.Zone()
	return an == bn && ao == bo
}

// in reports whether the wall second w is open.
func (c *Calendar) in(w int64) bool {
	if c.onHoliday(w) {
		return false
	}
	r := floorMod(w-mondayEpoch, secPerWeek)
	i := c.spanAfter(r)
	return i < len(c.week) && c.week[i].start <= r
}

// periodic returns the open seconds of the weekly windows (ignoring holidays)
// from mondayEpoch to the wall second w; negative before it.
func (c *Calendar) periodic(w int64) int64 {
	x := w - mondayEpoch
	k := floorDiv(x, secPerWeek)
	r := x - k*secPerWeek
	i := c.spanAfter(r)
	sum := k*c.weekly + c.cum[i]
	if i < len(c.week) && c.week[i].start < r {
		sum += r - c.week[i].start
	}
	return sum
}

// f is periodic minus the time removed by holidays before w: the calendar's
// cumulative open seconds, up to a constant.
func (c *Calendar) f(w int64) int64 {
	j := c.holidayEndingAfter(w)
	// Holidays[:j] end at or before w and are removed whole.
	removed := c.holCum[j]
	if j < len(c.holidays) && c.holidays[j] < w {
		removed += c.periodic(w) - c.periodic(c.holidays[j])
	}
	return c.periodic(w) - removed
}

// consume finds the earliest wall second u in (pos, limit] at which need open
// seconds have passed since pos. If fewer than need open seconds lie in
// [pos, limit), it returns limit and what is still needed.
func (c *Calendar) consume(pos, limit, need int64) (u, left int64) {
	h := c.holidayEndingAfter(pos)
	for pos < limit {
		if h < len(c.holidays) && c.holidays[h] <= pos { // on a holiday: skip it
			pos = c.holidays[h] + secPerDay
			h++
			continue
		}
		next := limit
		if h < len(c.holidays) && c.holidays[h] < next {
			next = c.holidays[h]
		}
		p := c.periodic(pos)
		if next == noLimit {
			return c.periodicInverse(p + need), 0
		}
		if avail := c.periodic(next) - p; avail >= need {
			return c.periodicInverse(p + need), 0
		} else {
			need -= avail
		}
		pos = next
	}
	return limit, need
}

// periodicInverse returns the earliest wall second w with periodic(w) == v.
func (c *Calendar) periodicInverse(v int64) int64 {
	k := floorDiv(v-1, c.weekly) // v lies in (k*weekly, (k+1)*weekly]
	r := v - k*c.weekly
	// The span i with cum[i] < r <= cum[i+1].
	lo, hi := 0, len(c.week)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if c.cum[mid+1] >= r {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return mondayEpoch + k*secPerWeek + c.week[lo].start + (r - c.cum[lo])
}

// spanAfter returns the index of the first weekly span ending after r.
func (c *Calendar) spanAfter(r int64) int {
	lo, hi := 0, len(c.week)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if c.week[mid].end > r {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// holidayEndingAfter returns the index of the first holiday that ends after
// the wall second w (it may contain w).
func (c *Calendar) holidayEndingAfter(w int64) int { return c.holidayAfter(w - secPerDay + 1) }

// onHoliday reports whether the wall second w falls on a holiday.
func (c *Calendar) onHoliday(w int64) bool {
	h := c.holidayEndingAfter(w)
	return h < len(c.holidays) && c.holidays[h] <= w
}

// holidayAfter returns the index of the first holiday starting at or after w.
func (c *Calendar) holidayAfter(w int64) int {
	lo, hi := 0, len(c.holidays)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if c.holidays[mid] >= w {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

func addDays(t time.Time, n int, loc *time.Location) time.Time {
	return t.In(loc).AddDate(0, 0, n)
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// TimeOfDay is a local wall-clock time, such as 09:00. It has no date and no
// zone: "09:00" in a cadence means 09:00 on the engagement's local clock on
// every day the cadence runs, also on DST days. The zero TimeOfDay is 00:00.
type TimeOfDay struct {
	Hour   int // 0 to 23
	Minute int // 0 to 59
}

// ParseTimeOfDay parses H:MM or HH:MM, from 00:00 to 23:59. It returns an
// error naming s for anything else (24:00 included: a time of day starts
// something, it does not end a day).
// Each of its errors wraps ErrInvalid.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	bad := invalidf("hypercare: time of day %q: want HH:MM from 00:00 to 23:59", s)
	hs, ms, ok := strings.Cut(s, ":")
	if !ok || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 {
		return TimeOfDay{}, bad
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || hs[0] == '+' || hs[0] == '-' || ms[0] == '+' || ms[0] == '-' {
		return TimeOfDay{}, bad
	}
	t := TimeOfDay{h, m}
	if !t.Valid() {
		return TimeOfDay{}, bad
	}
	return t, nil
}

// Valid reports whether t is between 00:00 and 23:59.
func (t TimeOfDay) Valid() bool { return t.Hour >= 0 && t.Hour < 24 && t.Minute >= 0 && t.Minute < 60 }

// String returns t as HH:MM, such as "09:00".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute) }

// MarshalText encodes t as HH:MM; an invalid time is an error.
func (t TimeOfDay) MarshalText() ([]byte, error) {
	if !t.Valid() {
		return nil, invalidf("hypercare: invalid time of day %02d:%02d", t.Hour, t.Minute)
	}
	return []byte(t.String()), nil
}

// UnmarshalText decodes HH:MM, as ParseTimeOfDay does.
func (t *TimeOfDay) UnmarshalText(b []byte) error {
	v, err := ParseTimeOfDay(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

func (t TimeOfDay) seconds() int64 { return int64(t.Hour*3600 + t.Minute*60) }

// On returns the instant the wall clock in loc reads t on date d. A time that
// occurs twice on a fall-back night is its first occurrence; a time skipped by
// a spring-forward gap is read with the UTC offset in effect before the gap,
// so it lands as far after the gap as it was into it (02:30 on the night
// Berlin jumps from 02:00 to 03:00 is 03:30). These are RFC 5545's rules
// (section 3.3.5), so an iCalendar client shows the same instants.
//
// A nil loc means UTC. An invalid t counts on from midnight (24:30 is 00:30
// the next day) rather than failing.
//
// The trap: time.Date leaves the fall-back choice unspecified (in practice it
// picks the second 02:30 in Berlin), so do not use it for this. On is for
// recurrences; for a one-off local time read from input, use Resolve and
// choose.
func (t TimeOfDay) On(d Date, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return t.onDay(d.days(), loc)
}

// WallChoice says which instant a local wall time means when a DST change
// makes it occur twice (an overlap, on a fall-back night) or skips it (a
// gap, on a spring-forward night). Elsewhere a wall time has one instant and
// every choice gives it. The choices are those of JavaScript's Temporal
// ("earlier", "later", "reject"). The zero WallChoice is invalid.
type WallChoice int

// The choices.
const (
	// WallEarlier: in an overlap, the first occurrence; in a gap, the wall
	// time read with the offset after the gap, so it lands as far before
	// the gap as it was into it (02:30 on Berlin's spring-forward night is
	// 01:30 CET).
	WallEarlier WallChoice = 1 + iota
	// WallLater: in an overlap, the second occurrence; in a gap, read with
	// the offset before the gap, landing after it (02:30 is 03:30 CEST).
	WallLater
	// WallReject: an error naming the wall time, the zone and the reason.
	WallReject
)

var wallChoiceNames = []string{"", "earlier", "later", "reject"}

// String returns "earlier", "later" or "reject".
func (c WallChoice) String() string { return enumString("WallChoice", int(c), wallChoiceNames) }

// Valid reports whether c is one of the defined choices.
func (c WallChoice) Valid() bool { return validEnum(int(c), wallChoiceNames) }

// MarshalText encodes c by name; an invalid choice is an error.
func (c WallChoice) MarshalText() ([]byte, error) {
	return marshalEnum("wall choice", int(c), wallChoiceNames)
}

// UnmarshalText decodes a choice by name (case-insensitive).
func (c *WallChoice) UnmarshalText(b []byte) error {
	return unmarshalEnum("wall choice", b, wallChoiceNames, (*int)(c))
}

// Resolve returns the instant the wall clock in loc reads t on date d, with
// an explicit choice for a time a DST change repeats or skips (see
// WallChoice). It is the resolver for local times read from input, such as
// a helpdesk export's; On keeps RFC 5545's fixed choice for recurrences.
//
// It returns an error, wrapping ErrInvalid, for an invalid t or choice, and
// under WallReject for an ambiguous or skipped time, naming it:
// `hypercare: wall time 2026-10-25 02:30 in Europe/Berlin: occurs twice
// (fall-back overlap)`. A nil loc means UTC.
func (t TimeOfDay) Resolve(d Date, loc *time.Location, how WallChoice) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	bad := func(format string, args ...any) (time.Time, error) {
		return time.Time{}, invalidf("hypercare: wall time %s %s in %s: "+format, append([]any{d, t, loc}, args...)...)
	}
	switch {
	case !t.Valid():
		return bad("not a time of day")
	case !how.Valid():
		return bad("unknown choice %d", int(how))
	}
	first, second, gapAfter, gapBefore := wallCandidates(d.days()*secPerDay+t.seconds(), loc)
	switch {
	case !first.IsZero() && second.IsZero():
		return first, nil
	case !second.IsZero() && how == WallReject:
		return bad("occurs twice (fall-back overlap)")
	case !second.IsZero() && how == WallEarlier:
		return first, nil
	case !second.IsZero():
		return second, nil
	case how == WallReject:
		return bad("does not occur (spring-forward gap)")
	case how == WallEarlier:
		return gapAfter, nil
	}
	return gapBefore, nil
}

// wallCandidates returns the instants at which the wall clock in loc reads
// the wall second w: first (and second, in an overlap), or, in a gap, none
// and the readings of w with the offset after the gap and before it.
func wallCandidates(w int64, loc *time.Location) (first, second, gapAfter, gapBefore time.Time) {
	const reach = 26 * 3600 // offsets lie within ±26 h
	cur := time.Unix(w-reach, 0).In(loc)
	prevOff, havePrev := int64(0), false
	for range 16 {
		_, o := cur.Zone()
		off := int64(o)
		start, end := cur.ZoneBounds()
		u := w - off
		if (start.IsZero() || u >= start.Unix()) && (end.IsZero() || u < end.Unix()) {
			if first.IsZero() {
				first = time.Unix(u, 0).In(loc)
			} else if second.IsZero() && !time.Unix(u, 0).Equal(first) {
				second = time.Unix(u, 0).In(loc)
			}
		}
		if havePrev && !start.IsZero() && first.IsZero() {
			if s := start.Unix(); s+prevOff <= w && w < s+off { // in the gap the clock jumped over at s
				return time.Time{}, time.Time{}, time.Unix(w-off, 0).In(loc), time.Unix(w-prevOff, 0).In(loc)
			}
		}
		if end.IsZero() || !end.After(cur) || end.Unix() > w+reach {
			break
		}
		prevOff, havePrev = off, true
		cur = end.In(loc)
	}
	if first.IsZero() { // where ZoneBounds misreports (golang/go#81583)
		first = time.Date(1970, time.January, 1, 0, 0, int(w), 0, loc)
	}
	return first, second, time.Time{}, time.Time{}
}

// onDay is On for the date day days after 1970-01-01.
func (t TimeOfDay) onDay(day int64, loc *time.Location) time.Time {
	return wallInstant(day*secPerDay+t.seconds(), loc)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
