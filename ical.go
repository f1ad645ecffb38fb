package hypercare

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// This file writes iCalendar (RFC 5545) so people can subscribe to their
// shifts, and a plan to its ceremonies: VCALENDAR with VEVENTs, times in UTC
// or with a TZID and its VTIMEZONE, CRLF line ends, lines folded at 75
// octets, and escaped text.

// ICalendar is an iCalendar calendar of timed events.
type ICalendar struct {
	// ProdID identifies the product that made it (PRODID); empty means
	// "-//hypercare-go//hypercare//EN".
	ProdID string `json:"prod_id,omitempty"`
	// Name is the calendar's display name (X-WR-CALNAME), optional.
	Name string `json:"name,omitempty"`
	// Zone, when set, writes times as local times with a TZID and adds the
	// VTIMEZONE that defines it (with every DST change the events span);
	// nil writes them in UTC.
	Zone *time.Location `json:"-"`
	// Stamp is when the calendar was made (each event's DTSTAMP). Required:
	// the library never reads the clock.
	Stamp  time.Time   `json:"stamp"`
	Events []ICalEvent `json:"events"`
}

// ICalEvent is one timed event. Times are written to the second.
type ICalEvent struct {
	// UID identifies the event for good: a client updates the event with
	// the same UID instead of adding a new one. Required and unique.
	UID         string    `json:"uid"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Summary     string    `json:"summary,omitempty"`
	Description string    `json:"description,omitempty"`
	Location    string    `json:"location,omitempty"`
	Categories  []string  `json:"categories,omitempty"`
}

const (
	icalUTC   = "20060102T150405Z"
	icalLocal = "20060102T150405"
)

// Encode returns the calendar as an iCalendar object (RFC 5545): CRLF line
// ends, lines longer than 75 octets folded (never inside a UTF-8 character),
// and TEXT values escaped (backslash, semicolon, comma, newline; other
// control characters are dropped). A local time that occurs twice on a
// fall-back night is written in UTC when it is the second occurrence, since
// a TZID time means the first. Times are written to the second, as RFC
// 5545 has no fractions: a fraction of a second is dropped.
//
// It returns an error for a zero Stamp, or an event with an empty or
// repeated UID, a zero Start, or an End not after its Start once both are
// cut to the second.
func (c ICalendar) Encode() ([]byte, error) {
	if c.Stamp.IsZero() {
		return nil, invalidf("hypercare: icalendar %q: zero stamp", c.Name)
	}
	seen := map[string]bool{}
	var first, last time.Time
	for i, e := range c.Events {
		switch {
		case e.UID == "" || seen[e.UID]:
			return nil, invalidf("hypercare: icalendar %q: event %d: UID %q is empty or repeated", c.Name, i, e.UID)
		case e.Start.IsZero():
			return nil, invalidf("hypercare: icalendar %q: event %q: zero start", c.Name, e.UID)
		case !e.End.Truncate(time.Second).After(e.Start.Truncate(time.Second)):
			return nil, invalidf("hypercare: icalendar %q: event %q: end %s is not after start %s (to the second)",
				c.Name, e.UID, e.End.Format(time.RFC3339Nano), e.Start.Format(time.RFC3339Nano))
		}
		seen[e.UID] = true
		if i == 0 || e.Start.Before(first) {
			first = e.Start
		}
		if i == 0 || e.End.After(last) {
			last = e.End
		}
	}
	var b strings.Builder
	line := func(name, value string) { foldLine(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", icalText(cmp.Or(c.ProdID, "-//hypercare-go//hypercare//EN")))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", icalText(c.Name))
	}
	if c.Zone != nil && len(c.Events) > 0 {
		writeTimezone(&b, c.Zone, first, last)
	}
	stamp := c.Stamp.UTC().Format(icalUTC)
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", icalText(e.UID))
		line("DTSTAMP", stamp)
		foldLine(&b, "DTSTART"+icalTime(e.Start, c.Zone))
		foldLine(&b, "DTEND"+icalTime(e.End, c.Zone))
		if e.Summary != "" {
			line("SUMMARY", icalText(e.Summary))
		}
		if e.Description != "" {
			line("DESCRIPTION", icalText(e.Description))
		}
		if e.Location != "" {
			line("LOCATION", icalText(e.Location))
		}
		if len(e.Categories) > 0 {
			cats := make([]string, len(e.Categories))
			for i, k := range e.Categories {
				cats[i] = icalText(k)
			}
			line("CATEGORIES", strings.Join(cats, ","))
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return []byte(b.String()), nil
}

// icalTime returns ":20250324T080000Z" or ";TZID=Europe/Berlin:20250324T090000",
// for t cut to the second.
func icalTime(t time.Time, zone *time.Location) string {
	t = t.Truncate(time.Second)
	if zone == nil || secondOccurrence(t.In(zone)) {
		return ":" + t.UTC().Format(icalUTC)
	}
	return ";TZID=" + zone.String() + ":" + t.In(zone).Format(icalLocal)
}

// secondOccurrence reports whether the wall time of t also happened earlier,
// just before a fall-back change.
func secondOccurrence(t time.Time) bool {
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return false
	}
	_, now := t.Zone()
	_, before := start.Add(-time.Second).Zone()
	return before > now && t.Sub(start) < time.Duration(before-now)*time.Second
}

// writeTimezone writes the VTIMEZONE for zone from the observance in effect
// at first through every change up to last, one observance per change.
func writeTimezone(b *strings.Builder, zone *time.Location, first, last time.Time) {
	foldLine(b, "BEGIN:VTIMEZONE")
	foldLine(b, "TZID:"+zone.String())
	observance := func(t time.Time, from int) {
		name, to := t.Zone()
		kind := "STANDARD"
		if t.IsDST() {
			kind = "DAYLIGHT"
		}
		onset := "19700101T000000"
		if start, _ := t.ZoneBounds(); !start.IsZero() {
			onset = start.UTC().Add(time.Duration(from) * time.Second).Format(icalLocal)
		}
		foldLine(b, "BEGIN:"+kind)
		foldLine(b, "DTSTART:"+onset)
		foldLine(b, "TZOFFSETFROM:"+icalOffset(from))
		foldLine(b, "TZOFFSETTO:"+icalOffset(to))
		if name != "" && !strings.ContainsAny(name, "+-") {
			foldLine(b, "TZNAME:"+icalText(name))
		}
		foldLine(b, "END:"+kind)
	}
	t := first.In(zone)
	_, off := t.Zone()
	from := off
	if start, _ := t.ZoneBounds(); !start.IsZero() {
		_, from = start.Add(-time.Second).In(zone).Zone()
	}
	for {
		observance(t, from)
		_, from = t.Zone()
		end, ok := zoneEnd(t)
		for ok && !end.After(last) && sameZone(end.In(zone), t) { // an end ZoneBounds misreports
			end, ok = zoneEnd(end.In(zone))
		}
		if !ok || end.After(last) {
			break
		}
		t = end.In(zone)
	}
	foldLine(b, "END:VTIMEZONE")
}

// icalOffset formats a UTC offset in seconds as +HHMM (or +HHMMSS).
func icalOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
	if sec%60 != 0 {
		s += fmt.Sprintf("%02d", sec%60)
	}
	return s
}

// icalText escapes a TEXT value (RFC 5545 section 3.3.11).
func icalText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// control characters are not allowed in TEXT
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldLine writes one content line, folded so no line exceeds 75 octets
// (continuation lines start with a space), and ends it with CRLF.
func foldLine(b *strings.Builder, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

var uidUnsafe = regexp.MustCompile(`[^A-Za-z0-9-]+`)
