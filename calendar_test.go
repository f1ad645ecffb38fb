package hypercare_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the zone tests must not depend on the machine's zone database

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
)

// The worked cases below are computed by hand; each is checked against both
// the Calendar and the oracle (calendar_oracle_test.go), so a mistake in
// either, or in the hand computation, shows up.

const (
	specC     = "Mon-Fri 09:00-17:00"
	specLunch = "Mon-Fri 08:00-12:00,13:00-17:00; Sat 10:00-14:00"
	specNight = "Mon-Fri 22:00-06:00"
)

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var (
	berlin   = mustLoadLocation("Europe/Berlin")
	newYork  = mustLoadLocation("America/New_York")
	lordHowe = mustLoadLocation("Australia/Lord_Howe")
	kolkata  = mustLoadLocation("Asia/Kolkata")
	santiago = mustLoadLocation("America/Santiago")
	tokyo    = mustLoadLocation("Asia/Tokyo")
)

// at parses "2026-12-24 16:00 +0100" (seconds and fractions optional) and
// returns that instant in loc. It panics if the written offset is not the one
// loc has at that instant, so an expected value cannot name a wall time that
// does not exist or pick the wrong side of a fall-back hour by accident.
func at(loc *time.Location, s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700", s)
	if err != nil {
		t, err = time.Parse("2006-01-02 15:04 -0700", s)
	}
	if err != nil {
		panic(err)
	}
	_, written := t.Zone()
	lt := t.In(loc)
	if _, off := lt.Zone(); off != written {
		panic(fmt.Sprintf("at(%s, %q): %s has offset %d s there, not %d s", loc, s, lt, off, written))
	}
	return lt
}

func date(s string) hypercare.Date {
	d, err := hypercare.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// calendars returns the Calendar and the oracle for one spec ("always" for
// Always) in loc with the holidays (YYYY-MM-DD).
func calendars(tb testing.TB, loc *time.Location, spec string, holidays ...string) (*hypercare.Calendar, *oracleCalendar) {
	tb.Helper()
	if spec == "always" {
		return hypercare.Always, &oracleCalendar{always: true}
	}
	var dates []hypercare.Date
	var civil []civilDate
	for _, h := range holidays {
		d := date(h)
		dates = append(dates, d)
		civil = append(civil, civilDate{d.Year, d.Month, d.Day})
	}
	cal, err := hypercare.NewCalendar(loc, spec, dates...)
	if err != nil {
		tb.Fatalf("NewCalendar(%s, %q): %v", loc, spec, err)
	}
	o, err := parseOracle(loc, spec, civil...)
	if err != nil {
		tb.Fatal(err)
	}
	return cal, o
}

func TestCalendarAddWorkedCases(t *testing.T) {
	xmasWeek := []string{"2026-12-24", "2026-12-25", "2026-12-28", "2026-12-31", "2027-01-01"}
	cases := []struct {
		name     string
		loc      *time.Location
		spec     string
		holidays []string
		from     string
		d        time.Duration
		want     string
	}{
		// Worked by hand: a holiday, and elapsed time across spring-forward.
		{"issue2/holiday", berlin, specC, []string{"2026-12-25"}, "2026-12-24 16:00 +0100", 16 * time.Hour, "2026-12-29 16:00 +0100"},
		{"issue2/always is elapsed time", berlin, "always", nil, "2026-03-29 00:30 +0100", 4 * time.Hour, "2026-03-29 05:30 +0200"},
		{"issue2/overnight", berlin, specNight, nil, "2026-06-05 05:00 +0200", 4 * time.Hour, "2026-06-06 01:00 +0200"},

		{"zero", berlin, specC, nil, "2026-06-01 12:34 +0200", 0, "2026-06-01 12:34 +0200"},
		{"zero while closed", berlin, specC, nil, "2026-06-06 12:00 +0200", 0, "2026-06-06 12:00 +0200"},
		{"negative returns t", berlin, specC, nil, "2026-06-01 12:00 +0200", -time.Hour, "2026-06-01 12:00 +0200"},
		{"a day ends at closing, not at the next opening", berlin, specC, nil, "2026-06-01 09:00 +0200", 8 * time.Hour, "2026-06-01 17:00 +0200"},
		{"last hour of a day", berlin, specC, nil, "2026-06-01 16:00 +0200", time.Hour, "2026-06-01 17:00 +0200"},
		{"last hour of the week", berlin, specC, nil, "2026-06-05 16:00 +0200", time.Hour, "2026-06-05 17:00 +0200"},
		{"one nanosecond after closing", berlin, specC, nil, "2026-06-01 17:00 +0200", time.Nanosecond, "2026-06-02 09:00:00.000000001 +0200"},
		{"from a closed weekend", berlin, specC, nil, "2026-06-06 10:00 +0200", time.Hour, "2026-06-08 10:00 +0200"},
		{"a full week", berlin, specC, nil, "2026-06-01 09:00 +0200", 40 * time.Hour, "2026-06-05 17:00 +0200"},
		{"a week and a minute", berlin, specC, nil, "2026-06-01 09:00 +0200", 40*time.Hour + time.Minute, "2026-06-08 09:01 +0200"},
		{"across spring forward", berlin, specC, nil, "2026-03-27 16:00 +0100", 2 * time.Hour, "2026-03-30 10:00 +0200"},
		{"across fall back", berlin, specC, nil, "2026-10-23 16:00 +0200", 2 * time.Hour, "2026-10-26 10:00 +0100"},
		{"christmas week", berlin, specC, xmasWeek, "2026-12-23 16:00 +0100", 2 * time.Hour, "2026-12-29 10:00 +0100"},
		{"christmas week, to the end of the year", berlin, specC, xmasWeek, "2026-12-23 16:00 +0100", 17 * time.Hour, "2026-12-30 17:00 +0100"},
		{"christmas week, into the new year", berlin, specC, xmasWeek, "2026-12-23 16:00 +0100", 18 * time.Hour, "2027-01-04 10:00 +0100"},

		{"lunch/before lunch ends at noon", berlin, specLunch, nil, "2026-06-01 11:00 +0200", time.Hour, "2026-06-01 12:00 +0200"},
		{"lunch/skips lunch", berlin, specLunch, nil, "2026-06-01 11:00 +0200", 2 * time.Hour, "2026-06-01 14:00 +0200"},
		{"lunch/Friday into Saturday", berlin, specLunch, nil, "2026-06-05 16:30 +0200", time.Hour, "2026-06-06 10:30 +0200"},
		{"lunch/Saturday into Monday", berlin, specLunch, nil, "2026-06-06 13:00 +0200", 2 * time.Hour, "2026-06-08 09:00 +0200"},

		{"Fri-Mon wraps/Mon to Fri", berlin, "Fri-Mon 10:00-12:00", nil, "2026-06-01 11:00 +0200", 2 * time.Hour, "2026-06-05 11:00 +0200"},
		{"Fri-Mon wraps/ends Friday noon", berlin, "Fri-Mon 10:00-12:00", nil, "2026-06-01 11:00 +0200", 3 * time.Hour, "2026-06-05 12:00 +0200"},
		{"Fri-Mon wraps/into Saturday", berlin, "Fri-Mon 10:00-12:00", nil, "2026-06-01 11:00 +0200", 4 * time.Hour, "2026-06-06 11:00 +0200"},

		{"24:00/ends at midnight", berlin, "Mon-Fri 20:00-24:00", nil, "2026-06-01 23:00 +0200", time.Hour, "2026-06-02 00:00 +0200"},
		{"24:00/Friday into Monday", berlin, "Mon-Fri 20:00-24:00", nil, "2026-06-05 23:30 +0200", time.Hour, "2026-06-08 20:30 +0200"},

		{"overnight/Sunday night wraps into Monday", berlin, "Sun 22:00-06:00", nil, "2026-06-07 23:00 +0200", 3 * time.Hour, "2026-06-08 02:00 +0200"},
		{"spring night/elapsed", berlin, "Sat-Sun 22:00-06:00", nil, "2026-03-28 22:00 +0100", 5 * time.Hour, "2026-03-29 04:00 +0200"},
		{"spring night/whole night is 7h", berlin, "Sat-Sun 22:00-06:00", nil, "2026-03-28 22:00 +0100", 7 * time.Hour, "2026-03-29 06:00 +0200"},
		{"spring night/then Sunday night", berlin, "Sat-Sun 22:00-06:00", nil, "2026-03-28 22:00 +0100", 7*time.Hour + time.Minute, "2026-03-29 22:01 +0200"},
		{"fall night/first 02:30", berlin, "Sat-Sun 22:00-06:00", nil, "2026-10-24 22:00 +0200", 4*time.Hour + 30*time.Minute, "2026-10-25 02:30 +0200"},
		{"fall night/second 02:00", berlin, "Sat-Sun 22:00-06:00", nil, "2026-10-24 22:00 +0200", 5 * time.Hour, "2026-10-25 02:00 +0100"},
		{"fall night/whole night is 9h", berlin, "Sat-Sun 22:00-06:00", nil, "2026-10-24 22:00 +0200", 9 * time.Hour, "2026-10-25 06:00 +0100"},
		{"fall-back hour inside a window", berlin, "Sun 00:00-02:30", nil, "2026-10-25 00:00 +0200", 150 * time.Minute, "2026-10-25 02:30 +0200"},
		{"fall-back hour inside a window, twice", berlin, "Sun 00:00-02:30", nil, "2026-10-25 00:00 +0200", 160 * time.Minute, "2026-10-25 02:10 +0100"},

		{"holiday/removes the after-midnight part", berlin, specNight, []string{"2026-06-02"}, "2026-06-01 23:00 +0200", 2 * time.Hour, "2026-06-03 01:00 +0200"},
		{"holiday/window cut at midnight", berlin, specNight, []string{"2026-06-02"}, "2026-06-01 23:00 +0200", time.Hour, "2026-06-02 00:00 +0200"},
		{"holiday/keeps the morning after", berlin, specNight, []string{"2026-06-05"}, "2026-06-04 23:00 +0200", 3 * time.Hour, "2026-06-06 02:00 +0200"},

		{"sub-second/rest of a second, then next day", berlin, specC, nil, "2026-06-01 16:59:59.5 +0200", time.Second, "2026-06-02 09:00:00.5 +0200"},
		{"sub-second/from just before opening", berlin, specC, nil, "2026-06-01 08:59:59.9 +0200", 200 * time.Millisecond, "2026-06-01 09:00:00.2 +0200"},
		{"sub-second/inside a window", berlin, specC, nil, "2026-06-01 10:00:00.3 +0200", 1500 * time.Millisecond, "2026-06-01 10:00:01.8 +0200"},
		{"sub-second/last nanosecond", berlin, specC, nil, "2026-06-01 16:59:59.999999999 +0200", time.Nanosecond, "2026-06-01 17:00 +0200"},
		{"sub-second/fraction of d past a closing", berlin, specC, nil, "2026-06-01 16:00 +0200", time.Hour + 250*time.Millisecond, "2026-06-02 09:00:00.25 +0200"},

		{"Lord Howe/spring night to the gap", lordHowe, "Sat 22:00-06:00", nil, "2026-10-03 22:00 +1030", 4 * time.Hour, "2026-10-04 02:30 +1100"},
		{"Lord Howe/spring night past the gap", lordHowe, "Sat 22:00-06:00", nil, "2026-10-03 22:00 +1030", 4*time.Hour + 30*time.Minute, "2026-10-04 03:00 +1100"},
		{"Lord Howe/spring night is 7h30", lordHowe, "Sat 22:00-06:00", nil, "2026-10-03 22:00 +1030", 7*time.Hour + 30*time.Minute, "2026-10-04 06:00 +1100"},
		{"Lord Howe/spring night, then next week", lordHowe, "Sat 22:00-06:00", nil, "2026-10-03 22:00 +1030", 7*time.Hour + 31*time.Minute, "2026-10-10 22:01 +1100"},
		{"Lord Howe/fall night to the repeat", lordHowe, "Sat 22:00-06:00", nil, "2026-04-04 22:00 +1100", 4 * time.Hour, "2026-04-05 01:30 +1030"},
		{"Lord Howe/fall night is 8h30", lordHowe, "Sat 22:00-06:00", nil, "2026-04-04 22:00 +1100", 8*time.Hour + 30*time.Minute, "2026-04-05 06:00 +1030"},
		{"Lord Howe/business days", lordHowe, specC, nil, "2026-10-02 16:00 +1030", 2 * time.Hour, "2026-10-05 10:00 +1100"},

		{"Tokyo/no DST", tokyo, specC, nil, "2026-03-27 16:00 +0900", 2 * time.Hour, "2026-03-30 10:00 +0900"},
		{"Tokyo/night", tokyo, "Sat-Sun 22:00-06:00", nil, "2026-03-28 22:00 +0900", 8 * time.Hour, "2026-03-29 06:00 +0900"},
		{"Kolkata/half-hour offset", kolkata, specC, nil, "2026-06-05 16:30 +0530", time.Hour, "2026-06-08 09:30 +0530"},
		{"New York/across spring forward", newYork, specC, nil, "2026-03-06 16:00 -0500", 2 * time.Hour, "2026-03-09 10:00 -0400"},
		{"Santiago/holiday whose midnight does not exist", santiago, "Mon-Sun 00:00-24:00", []string{"2026-09-06"}, "2026-09-05 23:00 -0400", 2 * time.Hour, "2026-09-07 01:00 -0300"},
		{"Santiago/gap at midnight", santiago, "Mon-Sun 00:00-24:00", nil, "2026-09-05 23:00 -0400", 2 * time.Hour, "2026-09-06 02:00 -0300"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cal, o := calendars(t, tc.loc, tc.spec, tc.holidays...)
			from, want := at(tc.loc, tc.from), at(tc.loc, tc.want)
			if got := cal.Add(from, tc.d); !got.Equal(want) {
				t.Errorf("Add(%v, %v) mismatch (-want +got):\n%s", from, tc.d, cmp.Diff(want, got))
			} else if got.Location() != from.Location() {
				t.Errorf("Add(%v, %v) = %v: location %v, want t's location %v", from, tc.d, got, got.Location(), from.Location())
			}
			if got := o.add(from, tc.d); !got.Equal(want) {
				t.Errorf("oracle add(%v, %v) mismatch (-want +got):\n%s", from, tc.d, cmp.Diff(want, got))
			}
		})
	}
}

func TestCalendarBetweenWorkedCases(t *testing.T) {
	xmasWeek := []string{"2026-12-24", "2026-12-25", "2026-12-28", "2026-12-31", "2027-01-01"}
	cases := []struct {
		name     string
		loc      *time.Location
		spec     string
		holidays []string
		a, b     string
		want     time.Duration
	}{
		{"issue2/34h", berlin, specC, nil, "2026-06-01 10:00 +0200", "2026-06-05 12:00 +0200", 34 * time.Hour},
		{"b before a", berlin, specC, nil, "2026-06-05 12:00 +0200", "2026-06-01 10:00 +0200", 0},
		{"a equals b", berlin, specC, nil, "2026-06-01 10:00 +0200", "2026-06-01 10:00 +0200", 0},
		{"closed weekend", berlin, specC, nil, "2026-06-05 17:00 +0200", "2026-06-08 09:00 +0200", 0},
		{"a week across spring forward", berlin, specC, nil, "2026-03-23 00:00 +0100", "2026-03-30 00:00 +0200", 40 * time.Hour},
		{"spring night is 7h", berlin, "Sat-Sun 22:00-06:00", nil, "2026-03-28 12:00 +0100", "2026-03-29 12:00 +0200", 7 * time.Hour},
		{"fall night is 9h", berlin, "Sat-Sun 22:00-06:00", nil, "2026-10-24 12:00 +0200", "2026-10-25 12:00 +0100", 9 * time.Hour},
		{"fall night, first pass of the repeated hour", berlin, "Sat-Sun 22:00-06:00", nil, "2026-10-24 22:00 +0200", "2026-10-25 02:30 +0200", 4*time.Hour + 30*time.Minute},
		{"fall night, inside the repeated hour", berlin, "Sat-Sun 22:00-06:00", nil, "2026-10-25 02:30 +0200", "2026-10-25 02:30 +0100", time.Hour},
		{"spring night with Mon-Sun", berlin, "Mon-Sun 22:00-06:00", nil, "2026-03-28 12:00 +0100", "2026-03-29 12:00 +0200", 7 * time.Hour},
		{"24h wall day on spring forward is 23h", berlin, "Mon-Sun 00:00-24:00", nil, "2026-03-29 00:00 +0100", "2026-03-30 00:00 +0200", 23 * time.Hour},
		{"24h wall day on fall back is 25h", berlin, "Mon-Sun 00:00-24:00", nil, "2026-10-25 00:00 +0200", "2026-10-26 00:00 +0100", 25 * time.Hour},
		{"always on spring forward", berlin, "always", nil, "2026-03-29 00:00 +0100", "2026-03-30 00:00 +0200", 23 * time.Hour},
		{"always on fall back", berlin, "always", nil, "2026-10-25 00:00 +0200", "2026-10-26 00:00 +0100", 25 * time.Hour},
		{"always reversed", berlin, "always", nil, "2026-10-26 00:00 +0100", "2026-10-25 00:00 +0200", 0},

		{"lunch/a week", berlin, specLunch, nil, "2026-06-01 00:00 +0200", "2026-06-08 00:00 +0200", 44 * time.Hour},
		{"lunch/weekend", berlin, specLunch, nil, "2026-06-05 16:00 +0200", "2026-06-08 09:00 +0200", 6 * time.Hour},
		{"lunch/across lunch", berlin, specLunch, nil, "2026-06-01 11:30 +0200", "2026-06-01 13:30 +0200", time.Hour},
		{"Fri-Mon wraps", berlin, "Fri-Mon 10:00-12:00", nil, "2026-06-01 00:00 +0200", "2026-06-08 00:00 +0200", 8 * time.Hour},
		{"Tue-Mon is every day", berlin, "Tue-Mon 10:00-12:00", nil, "2026-06-01 00:00 +0200", "2026-06-08 00:00 +0200", 14 * time.Hour},
		{"24:00 end", berlin, "Mon-Fri 20:00-24:00", nil, "2026-06-01 00:00 +0200", "2026-06-06 00:00 +0200", 20 * time.Hour},
		{"00:00 end is overnight to midnight", berlin, "Mon-Fri 20:00-00:00", nil, "2026-06-01 00:00 +0200", "2026-06-06 00:00 +0200", 20 * time.Hour},
		{"overlapping spans merged", berlin, "Mon 09:00-12:00,11:00-14:00; Mon 13:00-15:00", nil, "2026-06-01 00:00 +0200", "2026-06-02 00:00 +0200", 6 * time.Hour},
		{"overlapping rules merged", berlin, "Mon-Fri 09:00-17:00; Wed 10:00-18:00", nil, "2026-06-01 00:00 +0200", "2026-06-08 00:00 +0200", 41 * time.Hour},
		{"same window twice counts once", berlin, "Mon-Fri 09:00-17:00; Mon-Fri 09:00-17:00", nil, "2026-06-01 00:00 +0200", "2026-06-08 00:00 +0200", 40 * time.Hour},
		{"overnight overlapping the next morning", berlin, "Mon 22:00-10:00; Tue 09:00-12:00", nil, "2026-06-01 00:00 +0200", "2026-06-03 00:00 +0200", 14 * time.Hour},
		{"Sunday night wraps into Monday", berlin, "Sun 22:00-06:00", nil, "2026-06-01 00:00 +0200", "2026-06-08 00:00 +0200", 8 * time.Hour},

		{"night without holiday", berlin, specNight, nil, "2026-06-01 12:00 +0200", "2026-06-03 12:00 +0200", 16 * time.Hour},
		{"holiday removes the after-midnight part", berlin, specNight, []string{"2026-06-02"}, "2026-06-01 12:00 +0200", "2026-06-03 12:00 +0200", 8 * time.Hour},
		{"holiday on a closed day changes nothing", berlin, specC, []string{"2026-06-06"}, "2026-06-01 00:00 +0200", "2026-06-08 00:00 +0200", 40 * time.Hour},
		{"holidays over two weeks", berlin, specC, xmasWeek, "2026-12-21 00:00 +0100", "2027-01-04 00:00 +0100", 40 * time.Hour},
		{"holiday, range starting inside it", berlin, specC, []string{"2026-06-03"}, "2026-06-03 12:00 +0200", "2026-06-04 12:00 +0200", 3 * time.Hour},

		{"sub-second/across closing", berlin, specC, nil, "2026-06-01 16:59:59.25 +0200", "2026-06-01 17:00:00.5 +0200", 750 * time.Millisecond},
		{"sub-second/across opening", berlin, specC, nil, "2026-06-01 08:59:59.9 +0200", "2026-06-01 09:00:00.2 +0200", 200 * time.Millisecond},
		{"sub-second/same second, open", berlin, specC, nil, "2026-06-01 10:00:00.2 +0200", "2026-06-01 10:00:00.7 +0200", 500 * time.Millisecond},
		{"sub-second/same second, closed", berlin, specC, nil, "2026-06-06 10:00:00.2 +0200", "2026-06-06 10:00:00.7 +0200", 0},
		{"sub-second/over days", berlin, specC, nil, "2026-06-01 10:00:00.000000001 +0200", "2026-06-02 16:59:59.999999999 +0200", 15*time.Hour - 2*time.Nanosecond},

		{"Lord Howe/fall night is 8h30", lordHowe, "Sat-Sun 22:00-06:00", nil, "2026-04-04 12:00 +1100", "2026-04-05 12:00 +1030", 8*time.Hour + 30*time.Minute},
		{"Lord Howe/spring night is 7h30", lordHowe, "Sat-Sun 22:00-06:00", nil, "2026-10-03 12:00 +1030", "2026-10-04 12:00 +1100", 7*time.Hour + 30*time.Minute},
		{"Lord Howe/business days across spring", lordHowe, specC, nil, "2026-10-02 09:00 +1030", "2026-10-05 17:00 +1100", 16 * time.Hour},
		{"Tokyo/night without DST", tokyo, "Sat-Sun 22:00-06:00", nil, "2026-03-28 12:00 +0900", "2026-03-29 12:00 +0900", 8 * time.Hour},
		{"Tokyo/a week", tokyo, specC, nil, "2026-10-19 00:00 +0900", "2026-10-26 00:00 +0900", 40 * time.Hour},
		{"Santiago/holiday with no midnight", santiago, "Mon-Sun 00:00-24:00", []string{"2026-09-06"}, "2026-09-05 00:00 -0400", "2026-09-08 00:00 -0300", 48 * time.Hour},
		{"Santiago/23h day", santiago, "Mon-Sun 00:00-24:00", nil, "2026-09-05 00:00 -0400", "2026-09-08 00:00 -0300", 71 * time.Hour},
		{"Santiago/fall back at midnight", santiago, "Sat 22:00-02:00", nil, "2026-04-04 12:00 -0300", "2026-04-05 12:00 -0400", 5 * time.Hour},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cal, o := calendars(t, tc.loc, tc.spec, tc.holidays...)
			a, b := at(tc.loc, tc.a), at(tc.loc, tc.b)
			if got := cal.Between(a, b); got != tc.want {
				t.Errorf("Between(%v, %v) mismatch (-want +got):\n%s", a, b, cmp.Diff(tc.want, got))
			}
			if got := o.between(a, b); got != tc.want {
				t.Errorf("oracle between(%v, %v) mismatch (-want +got):\n%s", a, b, cmp.Diff(tc.want, got))
			}
			// Inputs in another location name the same instants.
			if got := cal.Between(a.UTC(), b.In(tokyo)); got != tc.want {
				t.Errorf("Between(%v, %v) mismatch (-want +got):\n%s", a.UTC(), b.In(tokyo), cmp.Diff(tc.want, got))
			}
		})
	}
}

func TestCalendarOpenWorkedCases(t *testing.T) {
	cases := []struct {
		loc      *time.Location
		spec     string
		holidays []string
		t        string
		want     bool
	}{
		{berlin, specC, nil, "2026-06-01 09:00 +0200", true},
		{berlin, specC, nil, "2026-06-01 08:59:59.999999999 +0200", false},
		{berlin, specC, nil, "2026-06-01 16:59:59.999999999 +0200", true},
		{berlin, specC, nil, "2026-06-01 17:00 +0200", false},
		{berlin, specC, nil, "2026-06-06 12:00 +0200", false},
		{berlin, specC, []string{"2026-06-03"}, "2026-06-03 12:00 +0200", false},
		{berlin, specNight, nil, "2026-06-06 05:59 +0200", true}, // Friday's night
		{berlin, specNight, nil, "2026-06-06 22:00 +0200", false},
		{berlin, specNight, nil, "2026-06-01 03:00 +0200", false}, // Sunday night is not in Mon-Fri
		{berlin, specNight, nil, "2026-06-01 22:00 +0200", true},
		{berlin, specNight, []string{"2026-06-02"}, "2026-06-01 23:00 +0200", true},
		{berlin, specNight, []string{"2026-06-02"}, "2026-06-02 03:00 +0200", false},
		{berlin, specNight, []string{"2026-06-02"}, "2026-06-02 23:00 +0200", false},
		{berlin, specNight, []string{"2026-06-02"}, "2026-06-03 03:00 +0200", true},
		{berlin, "Sun 22:00-06:00", nil, "2026-06-08 03:00 +0200", true},
		{berlin, "Sun 22:00-06:00", nil, "2026-06-08 06:00 +0200", false},
		{berlin, "Mon-Fri 20:00-24:00", nil, "2026-06-01 23:59:59.999999999 +0200", true},
		{berlin, "Mon-Fri 20:00-24:00", nil, "2026-06-02 00:00 +0200", false},
		{berlin, "Fri-Mon 10:00-12:00", nil, "2026-06-07 11:00 +0200", true},
		{berlin, "Fri-Mon 10:00-12:00", nil, "2026-06-02 11:00 +0200", false},
		{berlin, "Sun 02:00-03:00", nil, "2026-03-29 01:59 +0100", false},
		{berlin, "Sun 02:00-03:00", nil, "2026-03-29 03:00 +0200", false},
		{berlin, "Sun 02:00-03:00", nil, "2026-10-25 02:30 +0200", true},
		{berlin, "Sun 02:00-03:00", nil, "2026-10-25 02:30 +0100", true},
		{lordHowe, "Sun 01:45-02:00", nil, "2026-04-05 01:50 +1100", true},
		{lordHowe, "Sun 01:45-02:00", nil, "2026-04-05 01:50 +1030", true},
		{kolkata, specC, nil, "2026-06-01 09:00 +0530", true},
		{berlin, "always", nil, "2026-06-06 03:00 +0200", true},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%s %s %v %s", tc.loc, tc.spec, tc.holidays, tc.t)
		t.Run(name, func(t *testing.T) {
			cal, o := calendars(t, tc.loc, tc.spec, tc.holidays...)
			ti := at(tc.loc, tc.t)
			if got := cal.Open(ti); got != tc.want {
				t.Errorf("Open(%v) = %v, want %v", ti, got, tc.want)
			}
			if got := o.open(ti); got != tc.want {
				t.Errorf("oracle open(%v) = %v, want %v", ti, got, tc.want)
			}
		})
	}
}

func TestCalendarIntervalsWorkedCases(t *testing.T) {
	cases := []struct {
		name string
		loc  *time.Location
		spec string
		a, b string
		want [][2]string
	}{
		{"lunch day", berlin, specLunch, "2026-06-01 00:00 +0200", "2026-06-02 00:00 +0200",
			[][2]string{{"2026-06-01 08:00 +0200", "2026-06-01 12:00 +0200"}, {"2026-06-01 13:00 +0200", "2026-06-01 17:00 +0200"}}},
		{"clipped to the range", berlin, specC, "2026-06-01 10:30 +0200", "2026-06-02 12:00 +0200",
			[][2]string{{"2026-06-01 10:30 +0200", "2026-06-01 17:00 +0200"}, {"2026-06-02 09:00 +0200", "2026-06-02 12:00 +0200"}}},
		{"overnight joined across midnight", berlin, specNight, "2026-06-05 00:00 +0200", "2026-06-07 00:00 +0200",
			[][2]string{{"2026-06-05 00:00 +0200", "2026-06-05 06:00 +0200"}, {"2026-06-05 22:00 +0200", "2026-06-06 06:00 +0200"}}},
		{"joined across spring forward", berlin, "Sat-Sun 22:00-06:00", "2026-03-28 12:00 +0100", "2026-03-29 12:00 +0200",
			[][2]string{{"2026-03-28 22:00 +0100", "2026-03-29 06:00 +0200"}}},
		{"joined across fall back", berlin, "Sat-Sun 22:00-06:00", "2026-10-24 12:00 +0200", "2026-10-25 12:00 +0100",
			[][2]string{{"2026-10-24 22:00 +0200", "2026-10-25 06:00 +0100"}}},
		{"24x7 is one interval", berlin, "Mon-Sun 00:00-24:00", "2026-10-20 12:00 +0200", "2026-10-30 12:00 +0100",
			[][2]string{{"2026-10-20 12:00 +0200", "2026-10-30 12:00 +0100"}}},
		{"joined across the week end", berlin, "Sun 22:00-24:00; Mon 00:00-02:00", "2026-06-07 00:00 +0200", "2026-06-09 00:00 +0200",
			[][2]string{{"2026-06-07 22:00 +0200", "2026-06-08 02:00 +0200"}}},
		{"always", berlin, "always", "2026-06-01 10:00 +0200", "2026-06-01 11:00 +0200",
			[][2]string{{"2026-06-01 10:00 +0200", "2026-06-01 11:00 +0200"}}},
		{"empty range", berlin, specC, "2026-06-01 11:00 +0200", "2026-06-01 10:00 +0200", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cal, o := calendars(t, tc.loc, tc.spec)
			a, b := at(tc.loc, tc.a), at(tc.loc, tc.b)
			var want []hypercare.Interval
			for _, iv := range tc.want {
				want = append(want, hypercare.Interval{Start: at(tc.loc, iv[0]), End: at(tc.loc, iv[1])})
			}
			if diff := cmp.Diff(want, collect(cal.Intervals(a, b))); diff != "" {
				t.Errorf("Intervals(%v, %v) mismatch (-want +got):\n%s", a, b, diff)
			}
			if diff := cmp.Diff(want, o.intervals(a, b)); diff != "" {
				t.Errorf("oracle intervals(%v, %v) mismatch (-want +got):\n%s", a, b, diff)
			}
		})
	}
}

func collect(seq func(func(hypercare.Interval) bool)) []hypercare.Interval {
	var out []hypercare.Interval
	for iv := range seq {
		out = append(out, iv)
	}
	return out
}

func TestCalendarIntervalsStopsEarly(t *testing.T) {
	cal, _ := calendars(t, berlin, specC)
	a, b := at(berlin, "2026-06-01 00:00 +0200"), at(berlin, "2026-07-01 00:00 +0200")
	n := 0
	for range cal.Intervals(a, b) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("broke out after %d intervals, want 2", n)
	}
}

// within fails the test if f has not returned after limit: the calendar's
// walks over zones must always make progress.
func within(t *testing.T, limit time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("%s did not return within %v", what, limit)
	}
}

// In the last day of a leap year served by a zone's TZ footer rule, Go's
// ZoneBounds reports a zone end at or before the instant (golang/go#81583);
// Between, Add and Intervals once looped forever there.
func TestCalendarLeapYearEndAfterZoneTables(t *testing.T) {
	// By hand: Fri 2040-12-28 16:00 CET, then Mon 12-31 and Tue 2041-01-01 are
	// working days (no holidays given).
	cal, o := calendars(t, berlin, specC)
	within(t, 10*time.Second, "Between across 2040-12-31", func() {
		a, b := at(berlin, "2040-12-28 00:00 +0100"), at(berlin, "2041-01-04 00:00 +0100")
		if got, want := cal.Between(a, b), 40*time.Hour; got != want {
			t.Errorf("Between(%v, %v) mismatch (-want +got):\n%s", a, b, cmp.Diff(want, got))
		}
	})
	within(t, 10*time.Second, "Add across 2040-12-31", func() {
		from, want := at(berlin, "2040-12-28 16:00 +0100"), at(berlin, "2041-01-01 10:00 +0100")
		if got := cal.Add(from, 10*time.Hour); !got.Equal(want) {
			t.Errorf("Add(%v, 10h) mismatch (-want +got):\n%s", from, cmp.Diff(want, got))
		}
		if got := o.add(from, 10*time.Hour); !got.Equal(want) {
			t.Errorf("oracle add(%v, 10h) mismatch (-want +got):\n%s", from, cmp.Diff(want, got))
		}
	})
	for _, loc := range []*time.Location{berlin, newYork, lordHowe, santiago} {
		for _, spec := range []string{specC, "Mon-Sun 22:00-02:00"} {
			cal, o := calendars(t, loc, spec)
			for _, end := range []time.Time{leapYearEnds[0], leapYearEnds[2]} {
				a := end.Add(-30 * time.Hour)
				b := end.Add(30 * time.Hour)
				within(t, 10*time.Second, fmt.Sprintf("%v around %v", cal, end), func() {
					if got, want := cal.Between(a, b), o.between(a, b); got != want {
						t.Errorf("%v: Between(%v, %v) mismatch (-oracle +got):\n%s", cal, a, b, cmp.Diff(want, got))
					}
					d := o.between(a, b) / 2
					if got, want := cal.Add(a, d), o.add(a, d); !got.Equal(want) {
						t.Errorf("%v: Add(%v, %v) mismatch (-oracle +got):\n%s", cal, a, d, cmp.Diff(want, got))
					}
					if diff := cmp.Diff(o.intervals(a, b), collect(cal.Intervals(a, b))); diff != "" {
						t.Errorf("%v: Intervals(%v, %v) mismatch (-oracle +got):\n%s", cal, a, b, diff)
					}
				})
			}
		}
	}
}

func TestNilCalendarIsAlways(t *testing.T) {
	var cal *hypercare.Calendar
	a, b := at(berlin, "2026-03-29 00:00 +0100"), at(berlin, "2026-03-30 00:00 +0200")
	if got, want := cal.Between(a, b), 23*time.Hour; got != want {
		t.Errorf("nil Between = %v, want %v", got, want)
	}
	if got, want := cal.Add(a, 23*time.Hour), b; !got.Equal(want) {
		t.Errorf("nil Add mismatch (-want +got):\n%s", cmp.Diff(want, got))
	}
	if !cal.Open(a) {
		t.Errorf("nil Open = false, want true")
	}
	if !cal.Equal(hypercare.Always) || !hypercare.Always.Equal(cal) || !cal.IsAlways() {
		t.Errorf("nil calendar is not Always")
	}
	if diff := cmp.Diff([]hypercare.Interval{{Start: a, End: b}}, collect(cal.Intervals(a, b))); diff != "" {
		t.Errorf("nil Intervals mismatch (-want +got):\n%s", diff)
	}
}

func TestZeroCalendarIsAlways(t *testing.T) {
	var cal hypercare.Calendar
	a, b := at(berlin, "2026-03-29 00:00 +0100"), at(berlin, "2026-03-30 00:00 +0200")
	if got, want := cal.Between(a, b), 23*time.Hour; got != want {
		t.Errorf("zero Between = %v, want %v", got, want)
	}
	if got, want := cal.Add(a, 23*time.Hour), b; !got.Equal(want) {
		t.Errorf("zero Add mismatch (-want +got):\n%s", cmp.Diff(want, got))
	}
	if !cal.Open(a) || !cal.IsAlways() {
		t.Errorf("zero calendar is not Always")
	}
	// It describes itself as Always does, like a nil calendar.
	if got := cal.Location(); got != time.UTC {
		t.Errorf("zero Location() = %v, want UTC (as for Always)", got)
	}
	if got, want := cal.Spec(), hypercare.Always.Spec(); got != want {
		t.Errorf("zero Spec() = %q, want %q (as for Always)", got, want)
	}
}

func TestNewCalendarErrors(t *testing.T) {
	cases := []struct {
		name     string
		loc      *time.Location
		spec     string
		holidays []hypercare.Date
		want     []string // substrings of the error
	}{
		{"nil location", nil, specC, nil, []string{"nil location"}},
		{"empty spec", berlin, "", nil, []string{"empty spec"}},
		{"blank spec", berlin, "   ", nil, []string{"empty spec"}},
		{"only separators", berlin, " ; ;", nil, []string{"empty spec"}},
		{"unknown day in a range", berlin, "Mon-Fry 09:00-17:00", nil, []string{`unknown day "Fry"`}},
		{"long day name", berlin, "Monday 09:00-17:00", nil, []string{`unknown day "Monday"`}},
		{"unknown day in the second rule", berlin, "Mon 09:00-17:00; Sab 10:00-12:00", nil, []string{`unknown day "Sab"`}},
		{"short minutes", berlin, "Mon-Fri 9:0-17:00", nil, []string{`bad time "9:0"`}},
		{"hour 25", berlin, "Mon-Fri 25:00-26:00", nil, []string{`bad time "25:00"`}},
		{"24:00 as a start", berlin, "Mon-Fri 24:00-06:00", nil, []string{`bad time "24:00"`}},
		{"past 24:00", berlin, "Mon-Fri 09:00-24:01", nil, []string{`bad time "24:01"`}},
		{"minute 60", berlin, "Mon-Fri 09:60-17:00", nil, []string{`bad time "09:60"`}},
		{"no colon", berlin, "Mon-Fri 0900-1700", nil, []string{`"0900"`}},
		{"signed minutes", berlin, "Mon-Fri 09:00-17:-0", nil, []string{`bad time "17:-0"`}},
		{"signed hours", berlin, "Mon-Fri 09:00--0:00", nil, []string{`bad time "-0:00"`}},
		{"plus sign", berlin, "Mon-Fri +9:00-17:00", nil, []string{`bad time "+9:00"`}},
		{"empty span", berlin, "Mon-Fri 09:00-09:00", nil, []string{`empty span "09:00-09:00"`}},
		{"empty span at midnight", berlin, "Mon 00:00-00:00", nil, []string{`empty span "00:00-00:00"`}},
		{"no end", berlin, "Mon-Fri 09:00", nil, []string{`"09:00"`}},
		{"no spans", berlin, "Mon-Fri", nil, []string{`"Mon-Fri"`}},
		// The tokens named are the ones written, not spans glued together.
		{"spans without a comma", berlin, "Mon-Fri 08:00-12:00 13:00-17:00", nil, []string{`"13:00-17:00" follows "08:00-12:00"`}},
		{"rules without a semicolon", berlin, "Mon 09:00-17:00 Tue 10:00-12:00", nil, []string{`"Tue" follows "09:00-17:00"`}},
		{"invalid holiday", berlin, specC, []hypercare.Date{{Year: 2026, Month: time.February, Day: 30}}, []string{"2026-02-30"}},
		{"zero holiday", berlin, specC, []hypercare.Date{{}}, []string{"holiday"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cal, err := hypercare.NewCalendar(tc.loc, tc.spec, tc.holidays...)
			if err == nil {
				t.Fatalf("NewCalendar(%v, %q) = %v, want an error containing %q", tc.loc, tc.spec, cal, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "hypercare: ") {
				t.Errorf("error %q does not start with %q", err, "hypercare: ")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestNewCalendarAccepts(t *testing.T) {
	// Spellings the doc comment allows, each with its weekly open hours.
	cases := []struct {
		spec string
		want time.Duration
	}{
		{"Mon-Fri 09:00-17:00", 40 * time.Hour},
		{"mon-fri 09:00-17:00", 40 * time.Hour},
		{"MON-FRI 9:00-17:00", 40 * time.Hour},
		{"  Mon-Fri   09:00-17:00  ", 40 * time.Hour},
		{"Mon-Fri 08:00-12:00, 13:00-17:00", 40 * time.Hour},
		{"Mon-Fri 08:00-12:00 ,13:00-17:00", 40 * time.Hour},
		{"Mon-Fri 08:00-12:00 , 13:00-17:00", 40 * time.Hour},
		{"Mon-Fri 09:00 - 17:00", 40 * time.Hour},
		{"Mon-Fri 09:00-17:00;", 40 * time.Hour},
		{"Mon-Fri\t09:00-17:00", 40 * time.Hour},
		{"Mon,Wed,Fri 09:00-17:00", 24 * time.Hour},
		{"Mon-Sun 00:00-24:00", 168 * time.Hour},
		{"Mon-Fri 22:00-06:00", 40 * time.Hour},
		{"Sun 00:00-23:59", 23*time.Hour + 59*time.Minute},
		{"Sun 00:01-00:00", 23*time.Hour + 59*time.Minute},
	}
	a, b := at(tokyo, "2026-06-01 00:00 +0900"), at(tokyo, "2026-06-08 00:00 +0900")
	for _, tc := range cases {
		cal, err := hypercare.NewCalendar(tokyo, tc.spec)
		if err != nil {
			t.Errorf("NewCalendar(%q): %v", tc.spec, err)
			continue
		}
		// A week with the overnight spill of the week before: Mon 00:00 to Mon 00:00.
		if got := cal.Between(a, b); got != tc.want {
			t.Errorf("NewCalendar(%q): a week is %v, want %v", tc.spec, got, tc.want)
		}
	}
}

func TestCalendarAccessors(t *testing.T) {
	cal, err := hypercare.NewCalendar(berlin, " Mon-Fri 09:00-17:00 ", date("2026-12-25"), date("2026-12-24"), date("2026-12-25"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cal.Location(), berlin; got != want {
		t.Errorf("Location() = %v, want %v", got, want)
	}
	if got, want := cal.Spec(), specC; got != want {
		t.Errorf("Spec() = %q, want %q", got, want)
	}
	wantHol := []hypercare.Date{date("2026-12-24"), date("2026-12-25")}
	hol := cal.Holidays()
	if diff := cmp.Diff(wantHol, hol); diff != "" {
		t.Errorf("Holidays() mismatch (-want +got):\n%s", diff)
	}
	hol[0] = date("2000-01-01")
	if diff := cmp.Diff(wantHol, cal.Holidays()); diff != "" {
		t.Errorf("Holidays() shares its slice with the calendar (-want +got):\n%s", diff)
	}
	if got, want := cal.String(), "Mon-Fri 09:00-17:00 in Europe/Berlin, 2 holidays"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if cal.IsAlways() {
		t.Errorf("IsAlways() = true for %v", cal)
	}
	if got, want := hypercare.Always.String(), "always"; got != want {
		t.Errorf("Always.String() = %q, want %q", got, want)
	}
	if got, want := hypercare.Always.Spec(), "always"; got != want {
		t.Errorf("Always.Spec() = %q, want %q", got, want)
	}
}

func TestCalendarEqual(t *testing.T) {
	mk := func(loc *time.Location, spec string, holidays ...string) *hypercare.Calendar {
		c, _ := calendars(t, loc, spec, holidays...)
		return c
	}
	c := mk(berlin, specC, "2026-12-25")
	cases := []struct {
		name string
		a, b *hypercare.Calendar
		want bool
	}{
		{"itself", c, c, true},
		{"same spec", c, mk(berlin, specC, "2026-12-25"), true},
		{"same windows, other spelling", c, mk(berlin, "Mon-Wed 09:00-17:00; thu-fri 09:00-12:00,12:00-17:00", "2026-12-25"), true},
		{"duplicate holidays", c, mk(berlin, specC, "2026-12-25", "2026-12-25"), true},
		{"other holidays", c, mk(berlin, specC, "2026-12-24"), false},
		{"no holidays", c, mk(berlin, specC), false},
		{"other windows", c, mk(berlin, "Mon-Fri 09:00-17:30", "2026-12-25"), false},
		{"other location", c, mk(newYork, specC, "2026-12-25"), false},
		{"always", c, hypercare.Always, false},
		{"nil", c, nil, false},
		{"always and nil", hypercare.Always, nil, true},
	}
	for _, tc := range cases {
		if got := tc.a.Equal(tc.b); got != tc.want {
			t.Errorf("%s: %v.Equal(%v) = %v, want %v", tc.name, tc.a, tc.b, got, tc.want)
		}
		if got := tc.b.Equal(tc.a); got != tc.want {
			t.Errorf("%s: %v.Equal(%v) = %v, want %v", tc.name, tc.b, tc.a, got, tc.want)
		}
	}
}

// Decoding JSON into a struct whose *Calendar field points at Always (a
// default, say) must not rewrite the package's shared Always: encoding/json
// decodes into the existing pointee.
func TestCalendarJSONNeverRewritesAlways(t *testing.T) {
	saved := *hypercare.Always
	defer func() { *hypercare.Always = saved }() // so that a failure here spoils no other test
	type settings struct {
		Hours *hypercare.Calendar `json:"hours"`
	}
	s := settings{Hours: hypercare.Always}
	err := json.Unmarshal([]byte(`{"hours":{"location":"Europe/Berlin","spec":"Mon-Fri 09:00-17:00"}}`), &s)
	if err == nil || !strings.Contains(err.Error(), "Always") {
		t.Errorf("decoding a business calendar into Always: error %v, want one naming Always", err)
	}
	if !hypercare.Always.IsAlways() || hypercare.Always.String() != "always" {
		t.Fatalf("Always is now %v", hypercare.Always)
	}
	// Always decoded into Always changes nothing and is fine.
	s = settings{Hours: hypercare.Always}
	if err := json.Unmarshal([]byte(`{"hours":{"spec":"always"}}`), &s); err != nil || !s.Hours.IsAlways() {
		t.Errorf("decoding Always into Always: %v, %v", s.Hours, err)
	}
}

func TestCalendarJSON(t *testing.T) {
	type holder struct {
		Cal *hypercare.Calendar `json:"cal"`
	}
	for _, cal := range []*hypercare.Calendar{
		hypercare.Always,
		nil,
		mustCal(t, berlin, specC),
		mustCal(t, berlin, specLunch, date("2026-12-25"), date("2026-12-24")),
		mustCal(t, lordHowe, "Fri-Mon 22:00-06:00, 10:00-12:00; Wed 00:00-24:00", date("2027-01-01")),
	} {
		b, err := json.Marshal(holder{cal})
		if err != nil {
			t.Fatalf("Marshal(%v): %v", cal, err)
		}
		var got holder
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if !got.Cal.Equal(cal) {
			t.Errorf("%s decodes to %v, want %v", b, got.Cal, cal)
		}
		if got.Cal.Spec() != cal.Spec() || got.Cal.Location().String() != cal.Location().String() {
			t.Errorf("%s decodes to spec %q in %v, want %q in %v", b, got.Cal.Spec(), got.Cal.Location(), cal.Spec(), cal.Location())
		}
		if diff := cmp.Diff(cal.Holidays(), got.Cal.Holidays()); diff != "" {
			t.Errorf("%s: holidays mismatch (-want +got):\n%s", b, diff)
		}
	}

	b, err := json.Marshal(hypercare.Always)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"spec":"always"}`; got != want {
		t.Errorf("Marshal(Always) = %s, want %s", got, want)
	}

	for _, bad := range []string{
		`{"location":"Europe/Berlin","spec":"Mon-Fry 09:00-17:00"}`,
		`{"location":"Europe/Nowhere","spec":"Mon-Fri 09:00-17:00"}`,
		`{"spec":"Mon-Fri 09:00-17:00"}`,
		`{"location":"Europe/Berlin","spec":"Mon-Fri 09:00-17:00","holidays":["2026-02-30"]}`,
		`{"location":"Europe/Berlin","spec":""}`,
		`"Mon-Fri 09:00-17:00"`,
	} {
		var c hypercare.Calendar
		if err := json.Unmarshal([]byte(bad), &c); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", bad, &c)
		}
	}
}

func mustCal(tb testing.TB, loc *time.Location, spec string, holidays ...hypercare.Date) *hypercare.Calendar {
	tb.Helper()
	c, err := hypercare.NewCalendar(loc, spec, holidays...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestDateJSON(t *testing.T) {
	type holder struct {
		D hypercare.Date   `json:"d"`
		L []hypercare.Date `json:"l"`
	}
	in := holder{D: date("2026-12-25"), L: []hypercare.Date{date("2024-02-29"), date("0001-01-01"), date("9999-12-31")}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"d":"2026-12-25","l":["2024-02-29","0001-01-01","9999-12-31"]}`; got != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	var out holder
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`{"d":"2026-02-30"}`, `{"d":"2026-1-5"}`, `{"d":"yesterday"}`, `{"d":""}`} {
		var h holder
		if err := json.Unmarshal([]byte(bad), &h); err == nil {
			t.Errorf("Unmarshal(%s) = %v, want an error", bad, h.D)
		}
	}
}

// The zero Date is the "no date" value of a struct field (Date has IsZero for
// it), so it must survive a JSON round trip like time.Time's zero does.
func TestDateJSONZero(t *testing.T) {
	type holder struct {
		D hypercare.Date `json:"d"`
	}
	b, err := json.Marshal(holder{})
	if err != nil {
		t.Fatal(err)
	}
	var out holder
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("Unmarshal(%s) of Marshal(zero Date): %v", b, err)
	}
	if !out.D.IsZero() {
		t.Errorf("Unmarshal(%s) = %v, want the zero Date", b, out.D)
	}
}

func TestIntervalJSON(t *testing.T) {
	in := hypercare.Interval{Start: at(berlin, "2026-10-25 02:30:00.5 +0200"), End: at(berlin, "2026-10-25 02:30 +0100")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out hypercare.Interval
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip of %s mismatch (-want +got):\n%s", b, diff)
	}
	if got, want := out.Duration(), time.Hour-500*time.Millisecond; got != want {
		t.Errorf("Duration() = %v, want %v", got, want)
	}
}

func TestInterval(t *testing.T) {
	a, b, c := at(berlin, "2026-06-01 10:00 +0200"), at(berlin, "2026-06-01 11:00 +0200"), at(berlin, "2026-06-01 12:00 +0200")
	iv := hypercare.Interval{Start: a, End: b}
	if got := iv.Duration(); got != time.Hour {
		t.Errorf("Duration() = %v, want 1h", got)
	}
	if got := (hypercare.Interval{Start: b, End: a}).Duration(); got != 0 {
		t.Errorf("reversed Duration() = %v, want 0", got)
	}
	if !iv.Contains(a) || iv.Contains(b) || !iv.Contains(b.Add(-time.Nanosecond)) || iv.Contains(a.Add(-time.Nanosecond)) {
		t.Errorf("Contains is not [Start, End)")
	}
	if iv.Overlaps(hypercare.Interval{Start: b, End: c}) {
		t.Errorf("touching intervals overlap")
	}
	if !iv.Overlaps(hypercare.Interval{Start: b.Add(-time.Nanosecond), End: c}) {
		t.Errorf("intervals sharing one nanosecond do not overlap")
	}
}

func TestDateWorkedCases(t *testing.T) {
	d := date("2026-12-25")
	if got, want := d.String(), "2026-12-25"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := d.Weekday(), time.Friday; got != want {
		t.Errorf("Weekday() = %v, want %v", got, want)
	}
	if got, want := d.AddDays(7), date("2027-01-01"); got != want {
		t.Errorf("AddDays(7) = %v, want %v", got, want)
	}
	if got, want := date("2027-03-01").DaysSince(date("2026-03-01")), 365; got != want {
		t.Errorf("DaysSince = %d, want %d", got, want)
	}
	if got, want := date("2028-03-01").DaysSince(date("2028-02-28")), 2; got != want {
		t.Errorf("DaysSince over a leap day = %d, want %d", got, want)
	}
	if (hypercare.Date{Year: 2026, Month: time.February, Day: 29}).Valid() || !date("2028-02-29").Valid() {
		t.Errorf("Valid wrong on leap days")
	}
	for _, d := range []hypercare.Date{{Year: 10000, Month: 1, Day: 1}, {Year: -1, Month: 12, Day: 31}} {
		if d.Valid() {
			t.Errorf("%v.Valid() = true, but its text form %q cannot be read back", d, d.String())
		}
	}
	if !(hypercare.Date{Year: 9999, Month: 12, Day: 31}).Valid() || !(hypercare.Date{Year: 0, Month: 1, Day: 1}).Valid() {
		t.Errorf("Valid rejects the ends of 0000-9999")
	}
	if !(hypercare.Date{}).IsZero() || (hypercare.Date{}).Valid() {
		t.Errorf("zero Date: IsZero false or Valid true")
	}
	for _, bad := range []string{"2026-02-29", "2026-13-01", "26-01-01", "2026/01/01", ""} {
		if _, err := hypercare.ParseDate(bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", bad)) {
			t.Errorf("ParseDate(%q) error = %v, want one naming %q", bad, err, bad)
		}
	}
	// In: local midnight, or the end of the gap where midnight does not exist.
	ins := []struct {
		d    string
		loc  *time.Location
		want string
	}{
		{"2026-03-29", berlin, "2026-03-29 00:00 +0100"},
		{"2026-10-25", berlin, "2026-10-25 00:00 +0200"},
		{"2026-09-06", santiago, "2026-09-06 01:00 -0300"},
		{"2026-04-05", santiago, "2026-04-05 00:00 -0400"},
		{"2026-10-04", lordHowe, "2026-10-04 00:00 +1030"},
	}
	for _, tc := range ins {
		want := at(tc.loc, tc.want)
		if got := date(tc.d).In(tc.loc); !got.Equal(want) {
			t.Errorf("%s.In(%v) mismatch (-want +got):\n%s", tc.d, tc.loc, cmp.Diff(want, got))
		}
	}
}

// Date's arithmetic agrees with the time package's civil calendar.
func TestDateMatchesTimePackage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		day := rapid.IntRange(-200000, 200000).Draw(t, "daysFrom2000")
		n := rapid.IntRange(-5000, 5000).Draw(t, "n")
		tm := time.Date(2000, 1, 1+day, 0, 0, 0, 0, time.UTC)
		d := hypercare.DateOf(tm)
		if y, m, dd := tm.Date(); d != (hypercare.Date{Year: y, Month: m, Day: dd}) {
			t.Fatalf("DateOf(%v) = %v", tm, d)
		}
		if !d.Valid() {
			t.Fatalf("%v.Valid() = false", d)
		}
		if got, want := d.Weekday(), tm.Weekday(); got != want {
			t.Fatalf("%v.Weekday() = %v, want %v", d, got, want)
		}
		e := d.AddDays(n)
		if want := hypercare.DateOf(tm.AddDate(0, 0, n)); e != want {
			t.Fatalf("%v.AddDays(%d) = %v, want %v", d, n, e, want)
		}
		if got := e.DaysSince(d); got != n {
			t.Fatalf("%v.DaysSince(%v) = %d, want %d", e, d, got, n)
		}
		wantCmp := 0
		switch {
		case n > 0:
			wantCmp = 1
		case n < 0:
			wantCmp = -1
		}
		if got := e.Compare(d); got != wantCmp || e.After(d) != (n > 0) || e.Before(d) != (n < 0) {
			t.Fatalf("%v.Compare(%v) = %d, want %d", e, d, got, wantCmp)
		}
		if tm.Year() >= 1 && tm.Year() <= 9999 {
			back, err := hypercare.ParseDate(d.String())
			if err != nil || back != d {
				t.Fatalf("ParseDate(%q) = %v, %v; want %v", d.String(), back, err, d)
			}
		}
	})
}

// --- Properties ----------------------------------------------------------

var propZones = []*time.Location{berlin, newYork, lordHowe, kolkata, time.UTC, santiago, tokyo}

// transitions holds each property zone's changes of offset from 2024 to 2028.
var transitions = sync.OnceValue(func() map[*time.Location][]time.Time {
	m := map[*time.Location][]time.Time{}
	for _, loc := range propZones {
		end := time.Date(2029, 1, 1, 0, 0, 0, 0, loc)
		for t := time.Date(2024, 1, 1, 0, 0, 0, 0, loc); ; {
			_, next := t.ZoneBounds()
			if next.IsZero() || !next.Before(end) {
				break
			}
			m[loc] = append(m[loc], next)
			t = next
		}
	}
	return m
})

// leapYearEnds are the last days of leap years after the zones' explicit
// transitions, where Go's ZoneBounds misreports zone ends (golang/go#81583).
var leapYearEnds = []time.Time{
	time.Date(2040, 12, 31, 12, 0, 0, 0, time.UTC),
	time.Date(2044, 12, 31, 12, 0, 0, 0, time.UTC),
	time.Date(2096, 12, 31, 12, 0, 0, 0, time.UTC),
}

// drawInstant draws an instant from 2024 to 2028, often within days of a
// change of offset in loc (sometimes near the end of a far leap year), at
// minute, second or nanosecond precision, in loc or UTC.
func drawInstant(t *rapid.T, loc *time.Location, label string) time.Time {
	var base time.Time
	switch tr := transitions()[loc]; {
	case rapid.IntRange(0, 9).Draw(t, label+"Far") == 0:
		base = rapid.SampledFrom(leapYearEnds).Draw(t, label+"YearEnd").In(loc)
		base = base.Add(time.Duration(rapid.IntRange(-72, 24).Draw(t, label+"Hours")) * time.Hour)
	case len(tr) > 0 && rapid.Bool().Draw(t, label+"NearChange"):
		base = rapid.SampledFrom(tr).Draw(t, label+"Change")
		base = base.Add(time.Duration(rapid.IntRange(-96, 24).Draw(t, label+"Hours")) * time.Hour)
	default:
		base = time.Date(rapid.IntRange(2024, 2028).Draw(t, label+"Year"), time.Month(rapid.IntRange(1, 12).Draw(t, label+"Month")),
			rapid.IntRange(1, 31).Draw(t, label+"Day"), rapid.IntRange(0, 23).Draw(t, label+"Hour"), 0, 0, 0, loc)
	}
	base = base.Add(time.Duration(rapid.IntRange(0, 59).Draw(t, label+"Minute")) * time.Minute)
	switch rapid.IntRange(0, 2).Draw(t, label+"Precision") {
	case 1:
		base = base.Add(time.Duration(rapid.IntRange(0, 59).Draw(t, label+"Seconds")) * time.Second)
	case 2:
		base = base.Add(time.Duration(rapid.Int64Range(0, int64(time.Minute)-1).Draw(t, label+"Nanos")))
	}
	if rapid.Bool().Draw(t, label+"InUTC") {
		return base.UTC()
	}
	return base.In(loc)
}

// drawSpan draws a span of up to maxDays days and a day's minutes,
// sometimes with a sub-minute part.
func drawSpan(t *rapid.T, maxDays int, label string) time.Duration {
	d := time.Duration(rapid.IntRange(0, maxDays).Draw(t, label+"Days"))*24*time.Hour +
		time.Duration(rapid.IntRange(0, 24*60).Draw(t, label+"Minutes"))*time.Minute
	if rapid.Bool().Draw(t, label+"Sub") {
		d += time.Duration(rapid.Int64Range(0, int64(time.Minute)-1).Draw(t, label+"SubNanos"))
	}
	return d
}

var interestingMinutes = []int{0, 30, 60, 90, 120, 150, 180, 360, 480, 540, 720, 1020, 1080, 1320, 1380, 1410, 1439}

func drawMinute(t *rapid.T, maxMinute int, label string) int {
	if rapid.Bool().Draw(t, label+"Round") {
		m := rapid.SampledFrom(interestingMinutes).Draw(t, label)
		if maxMinute == 1440 && m == 1439 {
			m = 1440
		}
		return m
	}
	return rapid.IntRange(0, maxMinute).Draw(t, label)
}

// drawCalendar draws a calendar and its oracle in loc: usually 1 to 3 rules
// of 1 to 3 spans each (overnight, 24:00 and wrapping day ranges included)
// and up to 3 holidays within days of near; sometimes Always or nil.
func drawCalendar(t *rapid.T, loc *time.Location, near time.Time) (*hypercare.Calendar, *oracleCalendar) {
	if rapid.IntRange(0, 15).Draw(t, "always") == 0 {
		return rapid.SampledFrom([]*hypercare.Calendar{hypercare.Always, nil}).Draw(t, "alwaysOrNil"), &oracleCalendar{always: true}
	}
	o := &oracleCalendar{loc: loc, holidays: map[civilDate]bool{}}
	for range rapid.IntRange(1, 3).Draw(t, "rules") {
		first := time.Weekday(rapid.IntRange(0, 6).Draw(t, "first"))
		last := first
		if rapid.Bool().Draw(t, "isRange") {
			last = time.Weekday(rapid.IntRange(0, 6).Draw(t, "last"))
		}
		r := oracleRule{first: first, last: last}
		for range rapid.IntRange(1, 3).Draw(t, "spans") {
			s := oracleSpan{from: drawMinute(t, 1439, "from"), to: drawMinute(t, 1440, "to")}
			if s.to == s.from {
				s.to++ // an empty span is an error; tested elsewhere
			}
			r.spans = append(r.spans, s)
		}
		o.rules = append(o.rules, r)
	}
	var holidays []hypercare.Date
	for range rapid.IntRange(0, 3).Draw(t, "holidays") {
		y, m, d := near.In(loc).AddDate(0, 0, rapid.IntRange(-3, 14).Draw(t, "holiday")).Date()
		holidays = append(holidays, hypercare.Date{Year: y, Month: m, Day: d})
		o.holidays[civilDate{y, m, d}] = true
	}
	cal, err := hypercare.NewCalendar(loc, o.spec(), holidays...)
	if err != nil {
		t.Fatalf("NewCalendar(%v, %q): %v", loc, o.spec(), err)
	}
	return cal, o
}

func drawSetup(t *rapid.T) (*hypercare.Calendar, *oracleCalendar, time.Time) {
	loc := rapid.SampledFrom(propZones).Draw(t, "zone")
	a := drawInstant(t, loc, "a")
	cal, o := drawCalendar(t, loc, a)
	t.Logf("calendar: %v %v", cal, cal.Holidays())
	return cal, o, a
}

func TestCalendarBetweenMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, o, a := drawSetup(t)
		b := a.Add(drawSpan(t, 10, "ab"))
		if rapid.IntRange(0, 9).Draw(t, "swap") == 0 {
			a, b = b, a
		}
		want := o.between(a, b)
		if got := cal.Between(a, b); got != want {
			t.Fatalf("Between(%v, %v) mismatch (-oracle +got):\n%s", a, b, cmp.Diff(want, got))
		}
	})
}

func TestCalendarAddMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, o, a := drawSetup(t)
		// d is the open time up to b, so the oracle's walk stops by b; a
		// smaller d lands anywhere within that time.
		b := a.Add(drawSpan(t, 7, "ab"))
		d := o.between(a, b)
		if rapid.Bool().Draw(t, "smaller") {
			d = time.Duration(rapid.Int64Range(0, int64(d)).Draw(t, "d"))
		}
		want := o.add(a, d)
		got := cal.Add(a, d)
		if !got.Equal(want) {
			t.Fatalf("Add(%v, %v) mismatch (-oracle +got):\n%s", a, d, cmp.Diff(want, got))
		}
		if got.Location() != a.Location() {
			t.Fatalf("Add(%v, %v) = %v in %v, want t's location %v", a, d, got, got.Location(), a.Location())
		}
	})
}

func TestCalendarOpenMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, o, a := drawSetup(t)
		for i := range 20 {
			u := a.Add(drawSpan(t, 14, fmt.Sprint("u", i)))
			if got, want := cal.Open(u), o.open(u); got != want {
				t.Fatalf("Open(%v) = %v, oracle says %v", u, got, want)
			}
		}
	})
}

func TestCalendarIntervalsMatchOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, o, a := drawSetup(t)
		b := a.Add(drawSpan(t, 10, "ab"))
		got := collect(cal.Intervals(a, b))
		if diff := cmp.Diff(o.intervals(a, b), got); diff != "" {
			t.Fatalf("Intervals(%v, %v) mismatch (-oracle +got):\n%s", a, b, diff)
		}
		// The laws, on the fast code alone.
		var sum time.Duration
		prev := a
		for i, iv := range got {
			if !iv.Start.Before(iv.End) || iv.Start.Before(prev) || iv.End.After(b) || (i > 0 && !iv.Start.After(prev)) {
				t.Fatalf("interval %d %v is empty, out of order, touching the one before or outside [%v, %v)", i, iv, a, b)
			}
			if !cal.Open(iv.Start) || !cal.Open(iv.End.Add(-time.Nanosecond)) {
				t.Fatalf("interval %d %v is not open at its ends", i, iv)
			}
			if gap := cal.Between(prev, iv.Start); gap != 0 {
				t.Fatalf("gap [%v, %v) before interval %d has %v open", prev, iv.Start, i, gap)
			}
			sum += iv.Duration()
			prev = iv.End
		}
		if gap := cal.Between(prev, b); gap != 0 {
			t.Fatalf("gap [%v, %v) at the end has %v open", prev, b, gap)
		}
		if want := cal.Between(a, b); sum != want {
			t.Fatalf("intervals sum to %v, Between says %v", sum, want)
		}
	})
}

// The laws below need no oracle, so they range over longer spans.

func drawDuration(t *rapid.T, label string) time.Duration {
	return time.Duration(rapid.OneOf(
		rapid.Int64Range(0, int64(48*time.Hour)),
		rapid.Int64Range(0, int64(3000*time.Hour)),
		rapid.Map(rapid.IntRange(0, 3000*60), func(m int) int64 { return int64(m) * int64(time.Minute) }),
	).Draw(t, label))
}

func TestCalendarAddBetweenInverse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, _, a := drawSetup(t)
		d := drawDuration(t, "d")
		u := cal.Add(a, d)
		if u.Before(a) {
			t.Fatalf("Add(%v, %v) = %v, before t", a, d, u)
		}
		if got := cal.Between(a, u); got != d {
			t.Fatalf("Between(t, Add(t, d)) mismatch for t=%v, Add=%v (-d +got):\n%s", a, u, cmp.Diff(d, got))
		}
		// Add is the earliest such instant.
		if d > 0 {
			before := u.Add(-time.Nanosecond)
			if got := cal.Between(a, before); got >= d {
				t.Fatalf("Add(%v, %v) = %v is not the earliest: Between(t, %v) = %v", a, d, u, before, got)
			}
			if !cal.Open(before) {
				t.Fatalf("Add(%v, %v) = %v, but the nanosecond before it is closed", a, d, u)
			}
		}
	})
}

func TestCalendarAddComposes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, _, a := drawSetup(t)
		d1, d2 := drawDuration(t, "d1"), drawDuration(t, "d2")
		want := cal.Add(a, d1+d2)
		if got := cal.Add(cal.Add(a, d1), d2); !got.Equal(want) {
			t.Fatalf("Add(Add(t, d1), d2) != Add(t, d1+d2) (-want +got):\n%s", cmp.Diff(want, got))
		}
	})
}

func TestCalendarBetweenAdditive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, _, a := drawSetup(t)
		m := a.Add(drawSpan(t, 200, "am"))
		b := m.Add(drawSpan(t, 200, "mb"))
		ab, am, mb := cal.Between(a, b), cal.Between(a, m), cal.Between(m, b)
		if am+mb != ab {
			t.Fatalf("Between(a, m) + Between(m, b) = %v + %v, Between(a, b) = %v", am, mb, ab)
		}
		if ab < 0 || ab > b.Sub(a) {
			t.Fatalf("Between(a, b) = %v, outside [0, b-a = %v]", ab, b.Sub(a))
		}
		if rev := cal.Between(b, a); rev != 0 && a.Before(b) {
			t.Fatalf("Between(b, a) = %v for a < b, want 0", rev)
		}
	})
}

func TestCalendarJSONRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, _, _ := drawSetup(t)
		b, err := json.Marshal(cal)
		if err != nil {
			t.Fatal(err)
		}
		var got *hypercare.Calendar
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if !got.Equal(cal) {
			t.Fatalf("%s decodes to %v, want %v", b, got, cal)
		}
	})
}

// Between to a far-future "never" caps its answer instead of walking every
// DST change up to it: the zone's yearly rule goes on forever, and one
// change at a time to the year 146 billion takes days.
func TestCalendarBetweenFarFutureIsCapped(t *testing.T) {
	cal := benchCalendar()
	never := time.Unix(1<<62, 0)
	done := make(chan time.Duration, 1)
	go func() { done <- cal.Between(benchStart, never) }()
	select {
	case got := <-done:
		if want := time.Duration(1<<63 - 1); got != want {
			t.Errorf("Between(%v, %v) = %v, want the cap %v", benchStart, never, got, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("Between(%v, %v) still running after 20 s", benchStart, never)
	}
}

// --- Allocation and speed ------------------------------------------------

func TestCalendarDoesNotAllocate(t *testing.T) {
	cal := benchCalendar()
	start := at(berlin, "2026-06-01 10:00 +0200")
	end := at(berlin, "2027-06-01 10:00 +0200")
	var sinkT time.Time
	var sinkD time.Duration
	if n := testing.AllocsPerRun(20, func() { sinkT = cal.Add(start, 2000*time.Hour) }); n != 0 {
		t.Errorf("Add allocates %v times per call", n)
	}
	if n := testing.AllocsPerRun(20, func() { sinkD = cal.Between(start, end) }); n != 0 {
		t.Errorf("Between allocates %v times per call", n)
	}
	var sinkB bool
	if n := testing.AllocsPerRun(20, func() { sinkB = cal.Open(start) }); n != 0 {
		t.Errorf("Open allocates %v times per call", n)
	}
	_, _, _ = sinkT, sinkD, sinkB
}

// benchHolidays are about ten German public holidays a year, 2026 to 2028.
var benchHolidays = []string{
	"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25", "2026-10-03", "2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31",
	"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-17", "2027-10-03", "2027-12-24", "2027-12-25", "2027-12-26", "2027-12-31",
	"2028-01-01", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-25", "2028-06-05", "2028-10-03", "2028-12-24", "2028-12-25", "2028-12-26", "2028-12-31",
}

var benchCals = sync.OnceValues(func() (*hypercare.Calendar, *oracleCalendar) {
	var dates []hypercare.Date
	var civil []civilDate
	for _, h := range benchHolidays {
		d := date(h)
		dates = append(dates, d)
		civil = append(civil, civilDate{d.Year, d.Month, d.Day})
	}
	cal, err := hypercare.NewCalendar(berlin, specC, dates...)
	if err != nil {
		panic(err)
	}
	return cal, mustOracle(berlin, specC, civil...)
})

func benchCalendar() *hypercare.Calendar { c, _ := benchCals(); return c }

var benchSizes = []struct {
	name string
	d    time.Duration
}{
	{"16h", 16 * time.Hour},
	{"2000h", 2000 * time.Hour},
}

// benchStart is a Monday morning in Berlin; the ends of the Between
// benchmarks are found by the oracle, once.
var (
	benchStart = at(berlin, "2026-06-01 10:00 +0200")
	benchEnds  = sync.OnceValue(func() map[time.Duration]time.Time {
		_, o := benchCals()
		m := map[time.Duration]time.Time{}
		for _, s := range benchSizes {
			m[s.d] = o.add(benchStart, s.d)
		}
		return m
	})
	sinkTime     time.Time
	sinkDuration time.Duration
)

func BenchmarkCalendarAdd(b *testing.B) {
	cal := benchCalendar()
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkTime = cal.Add(benchStart, s.d)
			}
		})
	}
}

func BenchmarkCalendarAddOracle(b *testing.B) {
	_, o := benchCals()
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkTime = o.add(benchStart, s.d)
			}
		})
	}
}

func BenchmarkCalendarBetween(b *testing.B) {
	cal := benchCalendar()
	for _, s := range benchSizes {
		end := benchEnds()[s.d]
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkDuration = cal.Between(benchStart, end)
			}
		})
	}
}

func BenchmarkCalendarBetweenOracle(b *testing.B) {
	_, o := benchCals()
	for _, s := range benchSizes {
		end := benchEnds()[s.d]
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkDuration = o.between(benchStart, end)
			}
		})
	}
}
