package cli

import (
	"errors"
	"fmt"
	"time"
)

// localLayout is the local form of a TIME flag, read in the engagement's zone.
const localLayout = "2006-01-02 15:04"

// parseTime reads a TIME flag: RFC 3339 ("2026-03-09T08:00:00+01:00"), or
// "2026-03-09 08:00" on the wall clock of loc. A local time that a DST change
// skips, or that happens twice, is an error naming it: an instant should not
// depend on a guess.
func parseTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.In(loc), nil
	}
	wall, err := time.Parse(localLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad time %q: want RFC 3339 (2026-03-09T08:00:00+01:00) or %q in %s", s, localLayout, loc)
	}
	var found []time.Time
	for _, t := range readings(wall, loc) {
		if !containsInstant(found, t) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return time.Time{}, fmt.Errorf("time %q does not exist in %s (the clocks skip it for daylight saving time)", s, loc)
	case 1:
		return found[0], nil
	}
	return time.Time{}, fmt.Errorf("time %q happens twice in %s (the clocks go back): give it in RFC 3339 with its offset, %s or %s",
		s, loc, found[0].Format(time.RFC3339), found[1].Format(time.RFC3339))
}

// readings returns the instants at which loc's wall clock reads wall (given
// in UTC): one per UTC offset in effect around then that gives that reading.
func readings(wall time.Time, loc *time.Location) []time.Time {
	var out []time.Time
	for _, h := range []time.Duration{-48 * time.Hour, 0, 48 * time.Hour} {
		_, off := wall.Add(h).In(loc).Zone()
		t := wall.Add(-time.Duration(off) * time.Second).In(loc)
		y, m, d := t.Date()
		wy, wm, wd := wall.Date()
		if y == wy && m == wm && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute() {
			out = append(out, t)
		}
	}
	return out
}

func containsInstant(ts []time.Time, t time.Time) bool {
	for _, u := range ts {
		if u.Equal(t) {
			return true
		}
	}
	return false
}

// timeFlag is a TIME flag, read once the config (and so the zone) is known.
// Left out, it means now (for -go-live, next Monday); given, it must be a
// time: an empty value is refused when the flag is parsed, so that
// "-at $UNSET_VAR" is not taken for now.
type timeFlag struct {
	name string // the flag's name, without the dash, for errors
	s    string // the value given; "" when the flag was left out
}

func (f *timeFlag) String() string { return f.s }

// Set refuses an empty value; the flag package names the flag in its error.
func (f *timeFlag) Set(s string) error {
	if s == "" {
		return errors.New("empty TIME: give RFC 3339 (2026-03-09T08:00:00+01:00) or \"2006-01-02 15:04\", or leave the flag out")
	}
	f.s = s
	return nil
}

// given reports whether the flag was given.
func (f *timeFlag) given() bool { return f.s != "" }

// at returns the flag's instant in loc, or, when the flag was left out,
// otherwise in loc (now, for -at). A bad time is a usage error naming the
// flag.
func (f *timeFlag) at(otherwise time.Time, loc *time.Location) (time.Time, error) {
	if !f.given() {
		return otherwise.In(loc), nil
	}
	t, err := parseTime(f.s, loc)
	if err != nil {
		return time.Time{}, usageError{fmt.Errorf("-%s: %w", f.name, err)}
	}
	return t, nil
}
