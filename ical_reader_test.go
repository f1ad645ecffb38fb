package hypercare

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// The iCalendar reader the tests of both exports (the rota's shifts in
// ical_test.go, the ceremonies in plan_ical_test.go) parse their output with.

// icalTB is what readICal needs of a test: *testing.T and *rapid.T both
// have it, so a rapid property can fail (and shrink) through its own T.
type icalTB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// icalObservance is one STANDARD or DAYLIGHT part of a VTIMEZONE.
type icalObservance struct {
	onset    time.Time // the instant it starts
	offsetTo time.Duration
}

// readICal is a small iCalendar reader for the tests: it checks the line
// format, unfolds, unescapes, and resolves TZID times through the VTIMEZONE
// in the file itself (not through Go's zone database), taking the first of
// two occurrences as RFC 5545 says.
func readICal(t icalTB, data []byte) []ICalEvent {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatal("output does not end with CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i, len(line), line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a UTF-8 character: %q", i, line)
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, line)
		}
	}
	unfolded := strings.ReplaceAll(string(data), "\r\n ", "")
	zones := map[string][]icalObservance{}
	var (
		events   []ICalEvent
		ev       *ICalEvent
		tzid     string
		obs      *icalObservance
		obsStart string
		obsFrom  time.Duration
	)
	offset := func(s string) time.Duration {
		sign := time.Duration(1)
		if s[0] == '-' {
			sign = -1
		}
		var h, m int
		if _, err := fmt.Sscanf(s[1:5], "%02d%02d", &h, &m); err != nil {
			t.Fatalf("bad offset %q", s)
		}
		return sign * (time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	parseTime := func(params, value string) time.Time {
		if strings.HasSuffix(value, "Z") {
			u, err := time.Parse(icalUTC, value)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		id, ok := strings.CutPrefix(params, ";TZID=")
		if !ok {
			t.Fatalf("floating time %q", value)
		}
		wall, err := time.Parse(icalLocal, value)
		if err != nil {
			t.Fatal(err)
		}
		list := zones[id]
		for i, o := range list {
			u := wall.Add(-o.offsetTo)
			if !u.Before(o.onset) && (i+1 == len(list) || u.Before(list[i+1].onset)) {
				return u
			}
		}
		t.Fatalf("time %s in %s matches no observance", value, id)
		return time.Time{}
	}
	unescape := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) {
				i++
				if s[i] == 'n' || s[i] == 'N' {
					b.WriteByte('\n')
				} else {
					b.WriteByte(s[i])
				}
				continue
			}
			b.WriteByte(s[i])
		}
		return b.String()
	}
	splitList := func(s string) []string {
		var out []string
		cur := ""
		for i := 0; i < len(s); i++ {
			switch {
			case s[i] == '\\' && i+1 < len(s):
				cur += s[i : i+2]
				i++
			case s[i] == ',':
				out = append(out, unescape(cur))
				cur = ""
			default:
				cur += s[i : i+1]
			}
		}
		return append(out, unescape(cur))
	}
	for _, line := range strings.Split(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("line without a colon: %q", line)
		}
		params := ""
		if i := strings.IndexByte(name, ';'); i >= 0 {
			name, params = name[:i], name[i:]
		}
		switch {
		case name == "BEGIN" && value == "VEVENT":
			ev = &ICalEvent{}
		case name == "END" && value == "VEVENT":
			events = append(events, *ev)
			ev = nil
		case name == "TZID" && ev == nil:
			tzid = value
		case name == "BEGIN" && (value == "STANDARD" || value == "DAYLIGHT"):
			obs = &icalObservance{}
		case obs != nil && name == "DTSTART":
			obsStart = value
		case obs != nil && name == "TZOFFSETFROM":
			obsFrom = offset(value)
		case obs != nil && name == "TZOFFSETTO":
			obs.offsetTo = offset(value)
		case name == "END" && (value == "STANDARD" || value == "DAYLIGHT"):
			wall, err := time.Parse(icalLocal, obsStart)
			if err != nil {
				t.Fatal(err)
			}
			obs.onset = wall.Add(-obsFrom)
			zones[tzid] = append(zones[tzid], *obs)
			obs = nil
		case ev == nil:
		case name == "UID":
			ev.UID = unescape(value)
		case name == "DTSTART":
			ev.Start = parseTime(params, value)
		case name == "DTEND":
			ev.End = parseTime(params, value)
		case name == "SUMMARY":
			ev.Summary = unescape(value)
		case name == "DESCRIPTION":
			ev.Description = unescape(value)
		case name == "LOCATION":
			ev.Location = unescape(value)
		case name == "CATEGORIES":
			ev.Categories = splitList(value)
		}
	}
	for id := range zones {
		slices.SortFunc(zones[id], func(a, b icalObservance) int { return a.onset.Compare(b.onset) })
	}
	return events
}

// icalOpts compares events by instant, not by location.
var icalOpts = cmp.Options{cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })}
