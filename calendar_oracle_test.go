package hypercare_test

// The oracle: a slow, obviously correct model of a business calendar that
// shares no code with calendar.go. It keeps the calendar as a plain structured
// description (which it can render into a spec string, or read back from one
// with its own small parser) and answers every question by walking through
// time one minute at a time, converting each instant with t.In(loc) and
// checking its wall weekday, wall time and local date directly.
//
// Stepping by minutes is exact, not an approximation: window edges are whole
// wall minutes, and every zone the tests use has whole-minute UTC offsets
// (open checks this), so openness is constant on each UTC minute [m, m+1min).
// Partial minutes at the ends of a range are handled exactly.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
)

// oracleCalendar is a calendar as plain data. The zero value with always set
// is the 24x7 elapsed-time calendar.
type oracleCalendar struct {
	always   bool
	loc      *time.Location
	rules    []oracleRule
	holidays map[civilDate]bool
}

// civilDate is the oracle's own date type (it does not use hypercare.Date).
type civilDate struct {
	y int
	m time.Month
	d int
}

// oracleRule is "first-last spans": the days from first to last inclusive,
// wrapping past Sunday (Fri-Mon is Fri, Sat, Sun, Mon).
type oracleRule struct {
	first, last time.Weekday
	spans       []oracleSpan
}

// oracleSpan is a wall-clock span in minutes after midnight. When to <= from
// it is overnight: from `from` on its start day to `to` on the next day.
// to may be 1440 (24:00).
type oracleSpan struct{ from, to int }

var oracleDayNames = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

func (r oracleRule) has(wd time.Weekday) bool {
	for d := r.first; ; d = (d + 1) % 7 {
		if d == wd {
			return true
		}
		if d == r.last {
			return false
		}
	}
}

// spec renders the description as a spec string for NewCalendar.
func (o *oracleCalendar) spec() string {
	var rules []string
	for _, r := range o.rules {
		days := oracleDayNames[r.first]
		if r.last != r.first {
			days += "-" + oracleDayNames[r.last]
		}
		var spans []string
		for _, s := range r.spans {
			spans = append(spans, fmt.Sprintf("%02d:%02d-%02d:%02d", s.from/60, s.from%60, s.to/60, s.to%60))
		}
		rules = append(rules, days+" "+strings.Join(spans, ","))
	}
	return strings.Join(rules, "; ")
}

var (
	oracleRuleRE = regexp.MustCompile(`^([A-Za-z]{3})(?:-([A-Za-z]{3}))? +(.+)$`)
	oracleSpanRE = regexp.MustCompile(`^(\d\d):(\d\d)-(\d\d):(\d\d)$`)
)

// parseOracle reads the subset of the spec language the tests use:
// "Day[-Day] HH:MM-HH:MM[,HH:MM-HH:MM...]" rules joined by ";".
func parseOracle(loc *time.Location, spec string, holidays ...civilDate) (*oracleCalendar, error) {
	o := &oracleCalendar{loc: loc, holidays: map[civilDate]bool{}}
	for _, h := range holidays {
		o.holidays[h] = true
	}
	for _, rule := range strings.Split(spec, ";") {
		m := oracleRuleRE.FindStringSubmatch(strings.TrimSpace(rule))
		if m == nil {
			return nil, fmt.Errorf("oracle: bad rule %q", rule)
		}
		first, ok := oracleDay(m[1])
		if !ok {
			return nil, fmt.Errorf("oracle: bad day %q", m[1])
		}
		last := first
		if m[2] != "" {
			if last, ok = oracleDay(m[2]); !ok {
				return nil, fmt.Errorf("oracle: bad day %q", m[2])
			}
		}
		r := oracleRule{first: first, last: last}
		for _, tok := range strings.Split(m[3], ",") {
			sm := oracleSpanRE.FindStringSubmatch(strings.TrimSpace(tok))
			if sm == nil {
				return nil, fmt.Errorf("oracle: bad span %q", tok)
			}
			n := make([]int, 4)
			for i := range n {
				n[i], _ = strconv.Atoi(sm[i+1])
			}
			r.spans = append(r.spans, oracleSpan{from: n[0]*60 + n[1], to: n[2]*60 + n[3]})
		}
		o.rules = append(o.rules, r)
	}
	return o, nil
}

func oracleDay(name string) (time.Weekday, bool) {
	for i, n := range oracleDayNames {
		if strings.EqualFold(n, name) {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// mustOracle is parseOracle for fixed specs in tests and benchmarks.
func mustOracle(loc *time.Location, spec string, holidays ...civilDate) *oracleCalendar {
	o, err := parseOracle(loc, spec, holidays...)
	if err != nil {
		panic(err)
	}
	return o
}

// open reports whether the instant t is working time, straight from the
// definition: its local date is not a holiday, and its local wall weekday and
// time fall in a window (an overnight window counting for its start day).
func (o *oracleCalendar) open(t time.Time) bool {
	if o.always {
		return true
	}
	lt := t.In(o.loc)
	if _, off := lt.Zone(); off%60 != 0 {
		panic(fmt.Sprintf("oracle: %v has a UTC offset that is not whole minutes", lt))
	}
	y, m, d := lt.Date()
	if o.holidays[civilDate{y, m, d}] {
		return false
	}
	wd := lt.Weekday()
	yesterday := (wd + 6) % 7
	minute := lt.Hour()*60 + lt.Minute()
	for _, r := range o.rules {
		for _, s := range r.spans {
			if s.from < s.to {
				if r.has(wd) && s.from <= minute && minute < s.to {
					return true
				}
				continue
			}
			if r.has(wd) && minute >= s.from { // the evening part, on its start day
				return true
			}
			if r.has(yesterday) && minute < s.to { // the morning part, started yesterday
				return true
			}
		}
	}
	return false
}

// nextMinute returns the first whole UTC minute after t.
func nextMinute(t time.Time) time.Time { return t.Truncate(time.Minute).Add(time.Minute) }

// between sums the open time in [a, b), one minute (or partial minute) at a time.
func (o *oracleCalendar) between(a, b time.Time) time.Duration {
	if !a.Before(b) {
		return 0
	}
	if o.always {
		return b.Sub(a)
	}
	var sum time.Duration
	for t := a; t.Before(b); {
		next := nextMinute(t)
		if next.After(b) {
			next = b
		}
		if o.open(t) {
			sum += next.Sub(t)
		}
		t = next
	}
	return sum
}

// oracleMaxSteps bounds the oracle's walk (about 3 years of minutes).
const oracleMaxSteps = 3 * 366 * 24 * 60

// add walks forward from t until d of open time has passed and returns the
// first instant at which it has (so it stops at the end of a window, not at
// the next opening).
func (o *oracleCalendar) add(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	if o.always {
		return t.Add(d)
	}
	rem := d
	cur := t
	for range oracleMaxSteps {
		next := nextMinute(cur)
		if o.open(cur) {
			if step := next.Sub(cur); rem <= step {
				return cur.Add(rem).In(t.Location())
			} else {
				rem -= step
			}
		}
		cur = next
	}
	panic(fmt.Sprintf("oracle: Add(%v, %v) did not finish", t, d))
}

// intervals returns the maximal open intervals within [a, b).
func (o *oracleCalendar) intervals(a, b time.Time) []hypercare.Interval {
	var out []hypercare.Interval
	if !a.Before(b) {
		return out
	}
	if o.always {
		return append(out, hypercare.Interval{Start: a, End: b})
	}
	for t := a; t.Before(b); {
		next := nextMinute(t)
		if next.After(b) {
			next = b
		}
		if o.open(t) {
			if n := len(out); n > 0 && out[n-1].End.Equal(t) {
				out[n-1].End = next
			} else {
				out = append(out, hypercare.Interval{Start: t, End: next})
			}
		}
		t = next
	}
	return out
}
