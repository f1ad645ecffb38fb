package hypercare

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// planCmp compares plan values: decimals by value, locations by name (times
// and calendars have Equal methods cmp uses on its own).
var planCmp = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
}

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustCal(t testing.TB, loc *time.Location, spec string, holidays ...Date) *Calendar {
	t.Helper()
	c, err := NewCalendar(loc, spec, holidays...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// threeWeekPlan is the worked case: week 1 24x7 with 2 triage
// developers, weeks 2-3 Mon-Fri 08:00-18:00 with 1, going live at goLive.
func threeWeekPlan(t testing.TB, goLive time.Time, week1 *Calendar) Engagement {
	loc := goLive.Location()
	return Engagement{
		ID: "three-weeks", Location: loc, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 21),
		Phases: []Phase{
			{Name: "week 1", Start: 0, Days: 7, Coverage: week1,
				Staff: []Staffing{{Role: RoleTriage, Headcount: 2}}},
			{Name: "weeks 2-3", Start: 7, Days: 14, Coverage: mustCal(t, loc, "Mon-Fri 08:00-18:00"),
				Staff: []Staffing{{Role: RoleTriage, Headcount: 1}}},
		},
	}
}

var triageRate = Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{RoleTriage: dec("95.00")}}

// The worked cases: 168 h x 2 x 95.00 = 31,920.00 and 100 h x 95.00 =
// 9,500.00 (total 41,420.00) for a go-live on Mon 2026-06-01 in Berlin; a
// go-live on Mon 2026-10-19 puts the fall-back night of 2026-10-25 in week 1,
// which is then 169 h: 169 x 2 x 95.00 = 32,110.00, total 41,610.00.
func TestCostThreeWeekPlan(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	allWeek := mustCal(t, berlin, "Mon-Sun 00:00-24:00")
	tests := []struct {
		name               string
		goLive             time.Time
		week1              *Calendar
		week1Hours         time.Duration
		week1Cost, weeks23 string
		total              string
	}{
		{"june, 24x7 calendar", time.Date(2026, 6, 1, 0, 0, 0, 0, berlin), allWeek, 336 * time.Hour, "31920.00", "9500.00", "41420.00"},
		{"june, Always, 09:00 go-live", time.Date(2026, 6, 1, 9, 0, 0, 0, berlin), nil, 336 * time.Hour, "31920.00", "9500.00", "41420.00"},
		{"october, 24x7 calendar", time.Date(2026, 10, 19, 0, 0, 0, 0, berlin), allWeek, 338 * time.Hour, "32110.00", "9500.00", "41610.00"},
		{"october, Always, 09:00 go-live", time.Date(2026, 10, 19, 9, 0, 0, 0, berlin), nil, 338 * time.Hour, "32110.00", "9500.00", "41610.00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := threeWeekPlan(t, tc.goLive, tc.week1).Cost(triageRate)
			if err != nil {
				t.Fatal(err)
			}
			want := Cost{
				Currency: "EUR",
				Lines: []CostLine{
					{Phase: "week 1", Role: RoleTriage, Hours: tc.week1Hours, Rate: dec("95"), Amount: dec(tc.week1Cost)},
					{Phase: "weeks 2-3", Role: RoleTriage, Hours: 100 * time.Hour, Rate: dec("95"), Amount: dec(tc.weeks23)},
				},
				Total: dec(tc.total),
			}
			if diff := cmp.Diff(want, got, planCmp); diff != "" {
				t.Errorf("cost mismatch (-want +got):\n%s", diff)
			}
			if got, want := got.PhaseTotal("week 1"), dec(tc.week1Cost); !got.Equal(want) {
				t.Errorf("PhaseTotal(week 1) = %s, want %s", got, want)
			}
			if got, want := got.RoleTotal(RoleTriage), dec(tc.total); !got.Equal(want) {
				t.Errorf("RoleTotal(triage) = %s, want %s", got, want)
			}
			if got, want := got.Total.StringFixed(2), tc.total; got != want {
				t.Errorf("Total = %s, want %s", got, want)
			}
		})
	}
}

// Money is rounded once, at the end: three lines of half an hour at 0.01/h
// are 0.005 each, shown as 0.01 each (half away from zero), while the total
// is 0.015 rounded once: 0.02, not 0.03.
func TestCostRoundsOnceAtTheEnd(t *testing.T) {
	goLive := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	e := Engagement{ID: "cents", Location: time.UTC, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 3)}
	for i := range 3 {
		e.Phases = append(e.Phases, Phase{Name: fmt.Sprint("day ", i), Start: i, Days: 1,
			Staff: []Staffing{{Role: RoleLead, PerDay: 30 * time.Minute}}})
	}
	c, err := e.Cost(Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{RoleLead: dec("0.01")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range c.Lines {
		if !l.Amount.Equal(dec("0.01")) {
			t.Errorf("line %s amount = %s, want 0.01", l.Phase, l.Amount)
		}
	}
	if !c.Total.Equal(dec("0.02")) {
		t.Errorf("total = %s, want 0.02", c.Total)
	}
	if got := c.RoleTotal(RoleLead); !got.Equal(dec("0.02")) {
		t.Errorf("RoleTotal = %s, want 0.02", got)
	}
}

// Hand-computed hours for both ways of staffing, on a business-hours phase
// with a holiday, going live on Mon 2026-06-01 09:00 Berlin for 14 days
// (Mon 06-01 09:00 to Mon 06-15 09:00), holiday Thu 06-04:
//
//	Mon-Fri 09:00-17:00: 10 weekdays - 1 holiday = 9 days x 8 h = 72 h
//	headcount 3 over it: 216 h
//	6 h per open date: 9 open dates (06-01..06-14) = 54 h
//	agent on Mon-Fri 08:00-18:00 (no holiday): 06-01 09-18 = 9 h, 9 more
//	  weekdays x 10 h = 90 h, 06-15 08-09 = 1 h: 100 h
//	sponsor 1 h per open date of Always: 14 h
func TestCostStaffingHours(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, berlin)
	business := mustCal(t, berlin, "Mon-Fri 09:00-17:00", Date{2026, 6, 4})
	e := Engagement{
		ID: "hours", Location: berlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 14),
		Phases: []Phase{{Name: "two weeks", Start: 0, Days: 14, Coverage: business, Staff: []Staffing{
			{Role: RoleAgent, Headcount: 1, Calendar: mustCal(t, berlin, "Mon-Fri 08:00-18:00")},
			{Role: RoleTriage, Headcount: 3},
			{Role: RoleLead, PerDay: 6 * time.Hour},
			{Role: RoleSponsor, PerDay: time.Hour, Calendar: Always},
			{Role: RoleTriage, PerDay: 30 * time.Minute}, // adds to the triage line
		}}},
	}
	rates := Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{
		RoleAgent: dec("40"), RoleTriage: dec("100"), RoleLead: dec("150"), RoleSponsor: dec("0"),
	}}
	got, err := e.Cost(rates)
	if err != nil {
		t.Fatal(err)
	}
	want := []CostLine{
		{Phase: "two weeks", Role: RoleLead, Hours: 54 * time.Hour, Rate: dec("150"), Amount: dec("8100")},
		// 216 h + 9 dates x 30 min = 220.5 h at 100.
		{Phase: "two weeks", Role: RoleTriage, Hours: 220*time.Hour + 30*time.Minute, Rate: dec("100"), Amount: dec("22050")},
		{Phase: "two weeks", Role: RoleSponsor, Hours: 14 * time.Hour, Rate: dec("0"), Amount: dec("0")},
		{Phase: "two weeks", Role: RoleAgent, Hours: 100 * time.Hour, Rate: dec("40"), Amount: dec("4000")},
	}
	if diff := cmp.Diff(want, got.Lines, planCmp); diff != "" {
		t.Errorf("lines mismatch (-want +got):\n%s", diff)
	}
	if !got.Total.Equal(dec("34150")) {
		t.Errorf("total = %s, want 34150", got.Total)
	}
	if got.Hours() != 388*time.Hour+30*time.Minute {
		t.Errorf("Hours() = %s, want 388h30m", got.Hours())
	}
}

func TestCostErrors(t *testing.T) {
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	base := Engagement{ID: "e", Location: time.UTC, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 7),
		Phases: []Phase{{Name: "p", Days: 7, Staff: []Staffing{{Role: RoleTriage, Headcount: 1}}}}}
	ok := Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{RoleTriage: dec("1")}}
	withStaff := func(s ...Staffing) Engagement {
		e := base
		e.Phases = []Phase{{Name: "p", Days: 7, Staff: s}}
		return e
	}
	tests := []struct {
		name string
		e    Engagement
		r    Rates
		want string
	}{
		{"missing rate", withStaff(Staffing{Role: RoleLead, PerDay: time.Hour}), ok, `no hourly rate for role "lead"`},
		{"lower-case currency", base, Rates{Currency: "eur", Hourly: ok.Hourly}, `currency "eur"`},
		{"empty currency", base, Rates{Hourly: ok.Hourly}, `currency ""`},
		{"negative rate", base, Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{RoleTriage: dec("-1")}}, `rate -1 for role "triage" is negative`},
		{"invalid role rate", base, Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{RoleTriage: dec("1"), 0: dec("1")}}, "unknown role 0"},
		{"neither", withStaff(Staffing{Role: RoleTriage}), ok, "neither a headcount nor hours per day"},
		{"both", withStaff(Staffing{Role: RoleTriage, Headcount: 1, PerDay: time.Hour}), ok, "both a headcount (1) and hours per day (1h0m0s)"},
		{"negative headcount", withStaff(Staffing{Role: RoleTriage, Headcount: -1}), ok, "headcount -1 is outside 0 to 10000"},
		{"huge headcount", withStaff(Staffing{Role: RoleTriage, Headcount: maxHeadcount + 1}), ok, "headcount 10001"},
		{"25h a day", withStaff(Staffing{Role: RoleTriage, PerDay: 25 * time.Hour}), ok, "25h0m0s per day is outside 0 to 24h"},
		{"no role", withStaff(Staffing{Headcount: 1}), ok, "unknown role 0"},
		{"invalid engagement", Engagement{}, ok, "empty ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.e.Cost(tc.r)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Cost error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	// With several bad rates, the error names the first by role, every time.
	many := Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{RoleLead: dec("-1"), RoleTriage: dec("-2"), RoleSponsor: dec("-3"), RoleAgent: dec("-4")}}
	for range 20 {
		if _, err := base.Cost(many); err == nil || !strings.Contains(err.Error(), `rate -1 for role "lead"`) {
			t.Fatalf("Cost with four negative rates: error = %v, want the lead's", err)
		}
	}
	// A phase of 10 years at the headcount limit (8.76e8 person-hours) overflows
	// time.Duration (2.56e6 hours).
	long := withStaff(Staffing{Role: RoleTriage, Headcount: maxHeadcount})
	long.Phases[0].Days = 3650
	long.PlannedEnd = goLive.AddDate(11, 0, 0)
	if _, err := long.Cost(ok); err == nil || !strings.Contains(err.Error(), "overflow") {
		t.Errorf("Cost of a 10-year phase: error = %v, want an overflow", err)
	}
	// Longer than ten years is a typo, refused up front.
	long.Phases[0].Days = 3661
	if _, err := long.Cost(ok); err == nil || !strings.Contains(err.Error(), "ends more than 3660 days (ten years) after go-live") {
		t.Errorf("Cost of an 11-year phase: error = %v, want the ten-year limit", err)
	}
}

// TimeOfDay.On follows RFC 5545: the first of two occurrences, and the
// offset from before a gap. Expected instants worked out by hand from the
// zones' transitions (zdump): Berlin 2026-03-29 01:00Z CET->CEST and
// 2026-10-25 01:00Z CEST->CET; New York 2026-03-08 07:00Z and 2026-11-01
// 06:00Z; Lord Howe (a 30-minute DST) 2026-04-04 15:00Z +11->+10:30 and
// 2026-10-03 15:30Z +10:30->+11; Apia skipped 2011-12-30 (-10 -> +14 at
// 2011-12-30 10:00Z).
func TestTimeOfDayOn(t *testing.T) {
	utc := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		zone string
		date Date
		at   TimeOfDay
		want time.Time
	}{
		{"Europe/Berlin", Date{2026, 3, 28}, TimeOfDay{9, 0}, utc(2026, 3, 28, 8, 0)},
		{"Europe/Berlin", Date{2026, 3, 29}, TimeOfDay{9, 0}, utc(2026, 3, 29, 7, 0)},
		{"Europe/Berlin", Date{2026, 3, 29}, TimeOfDay{1, 59}, utc(2026, 3, 29, 0, 59)},
		{"Europe/Berlin", Date{2026, 3, 29}, TimeOfDay{2, 0}, utc(2026, 3, 29, 1, 0)},   // gap: 03:00 CEST
		{"Europe/Berlin", Date{2026, 3, 29}, TimeOfDay{2, 30}, utc(2026, 3, 29, 1, 30)}, // gap: 03:30 CEST
		{"Europe/Berlin", Date{2026, 3, 29}, TimeOfDay{3, 0}, utc(2026, 3, 29, 1, 0)},
		{"Europe/Berlin", Date{2026, 10, 25}, TimeOfDay{2, 0}, utc(2026, 10, 25, 0, 0)},   // twice: first, CEST
		{"Europe/Berlin", Date{2026, 10, 25}, TimeOfDay{2, 30}, utc(2026, 10, 25, 0, 30)}, // twice: first, CEST
		{"Europe/Berlin", Date{2026, 10, 25}, TimeOfDay{3, 0}, utc(2026, 10, 25, 2, 0)},
		{"America/New_York", Date{2026, 3, 8}, TimeOfDay{2, 30}, utc(2026, 3, 8, 7, 30)},
		{"America/New_York", Date{2026, 11, 1}, TimeOfDay{1, 30}, utc(2026, 11, 1, 5, 30)},
		{"America/New_York", Date{2026, 11, 1}, TimeOfDay{9, 0}, utc(2026, 11, 1, 14, 0)},
		{"Australia/Lord_Howe", Date{2026, 4, 5}, TimeOfDay{1, 45}, utc(2026, 4, 4, 14, 45)},
		{"Australia/Lord_Howe", Date{2026, 10, 4}, TimeOfDay{2, 15}, utc(2026, 10, 3, 15, 45)},
		{"Australia/Lord_Howe", Date{2026, 10, 4}, TimeOfDay{9, 0}, utc(2026, 10, 3, 22, 0)},
		{"Pacific/Apia", Date{2011, 12, 30}, TimeOfDay{9, 0}, utc(2011, 12, 30, 19, 0)},
		{"Pacific/Apia", Date{2011, 12, 31}, TimeOfDay{9, 0}, utc(2011, 12, 30, 19, 0)},
		{"UTC", Date{2026, 2, 28}, TimeOfDay{23, 59}, utc(2026, 2, 28, 23, 59)},
		{"UTC", Date{2026, 2, 28}, TimeOfDay{24, 30}, utc(2026, 3, 1, 0, 30)}, // invalid: counts on
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.zone, " ", tc.date, " ", tc.at), func(t *testing.T) {
			loc := mustLoc(t, tc.zone)
			got := tc.at.On(tc.date, loc)
			if !got.Equal(tc.want) {
				t.Errorf("On = %s, want %s", got.UTC().Format(time.RFC3339), tc.want.Format(time.RFC3339))
			}
			if got.Location() != loc {
				t.Errorf("On returned location %s, want %s", got.Location(), loc)
			}
		})
	}
}

func TestParseTimeOfDay(t *testing.T) {
	for s, want := range map[string]TimeOfDay{"09:00": {9, 0}, "9:05": {9, 5}, "00:00": {0, 0}, "23:59": {23, 59}} {
		got, err := ParseTimeOfDay(s)
		if err != nil || got != want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "24:00", "9", "09:60", "-1:00", "+9:00", "09:+5", "009:00", "09:5", "ab:cd", "09:00:00"} {
		if _, err := ParseTimeOfDay(s); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
			t.Errorf("ParseTimeOfDay(%q) error = %v, want one naming the input", s, err)
		}
	}
	if got := (TimeOfDay{7, 5}).String(); got != "07:05" {
		t.Errorf("String = %q, want 07:05", got)
	}
}

// The worked case: daily stand-ups at 09:00 Berlin for the first 10
// days of a go-live on Thu 2026-03-26 (at 08:00) stay at 09:00 local across
// the DST change of Sun 2026-03-29: 08:00Z before it, 07:00Z after it.
func TestCeremoniesStandUpsAcrossDST(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	goLive := time.Date(2026, 3, 26, 8, 0, 0, 0, berlin)
	e := Engagement{ID: "dst", Location: berlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 10),
		Phases: []Phase{{Name: "first 10 days", Days: 10, Cadences: []Cadence{
			{Kind: CeremonyStandUp, At: []TimeOfDay{{9, 0}}},
		}}}}
	got, err := e.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	var want []Ceremony
	for _, d := range []struct {
		day, hour int
	}{{26, 8}, {27, 8}, {28, 8}, {29, 7}, {30, 7}, {31, 7}, {32, 7}, {33, 7}, {34, 7}, {35, 7}} {
		start := time.Date(2026, 3, d.day, d.hour, 0, 0, 0, time.UTC) // day 32 is April 1
		want = append(want, Ceremony{Kind: CeremonyStandUp, Title: "Stand-up", Phase: "first 10 days",
			Start: start, End: start.Add(15 * time.Minute)})
	}
	if diff := cmp.Diff(want, got, planCmp); diff != "" {
		t.Errorf("stand-ups mismatch (-want +got):\n%s", diff)
	}
	for _, c := range got {
		if l := c.Start.In(berlin); l.Hour() != 9 || l.Minute() != 0 || c.Start.Location() != berlin {
			t.Errorf("stand-up at %s, want 09:00 in Europe/Berlin", c.Start)
		}
	}
}

// A business-hours phase skips weekends and holidays; weekly and every-other-
// day cadences count from the go-live date; ceremonies outside the phase's
// span (before a 10:00 go-live, after the end) are dropped. Go-live Wed
// 2026-04-01 10:00 UTC for 14 days (to Wed 04-15 10:00); Mon-Fri 09:00-17:00
// with Good Friday 04-03 and Easter Monday 04-06 off:
//
//	open dates: 04-01, 02, 07, 08, 09, 10, 13, 14, 15
//	stand-up 09:00: 04-01's is before go-live; 04-15's ends at 09:15, inside
//	  the span: 02, 07, 08, 09, 10, 13, 14, 15
//	patch 18:00 every other day (engagement days 0, 2, ...: 04-01, 03, 05, 07,
//	  09, 11, 13, 15): open and in span: 01, 07, 09, 13 (15's 18:00 is after
//	  the end)
//	leadership 16:00 weekly (days 0, 7, 14: 04-01, 08, 15): 01, 08
//	sponsor 17:00 on Always (every date, weekends and holidays too): 04-01 to
//	  04-14 (04-15 17:00 is after the end): 14
func TestCeremoniesBusinessPhase(t *testing.T) {
	utc := time.UTC
	goLive := time.Date(2026, 4, 1, 10, 0, 0, 0, utc)
	business := mustCal(t, utc, "Mon-Fri 09:00-17:00", Date{2026, 4, 3}, Date{2026, 4, 6})
	e := Engagement{ID: "biz", Location: utc, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 14),
		Phases: []Phase{{Name: "business", Days: 14, Coverage: business, Cadences: []Cadence{
			{Kind: CeremonyStandUp, At: []TimeOfDay{{9, 0}}},
			{Kind: CeremonyPatch, At: []TimeOfDay{{18, 0}}, Every: 2},
			{Kind: CeremonyLeadershipUpdate, At: []TimeOfDay{{16, 0}}, Every: 7},
			{Kind: CeremonySponsorUpdate, At: []TimeOfDay{{17, 0}}, Days: Always, Title: "Status"},
		}}}}
	got, err := e.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	count := map[CeremonyKind][]int{}
	for _, c := range got {
		count[c.Kind] = append(count[c.Kind], c.Start.Day())
	}
	want := map[CeremonyKind][]int{
		CeremonyStandUp:          {2, 7, 8, 9, 10, 13, 14, 15},
		CeremonyPatch:            {1, 7, 9, 13},
		CeremonyLeadershipUpdate: {1, 8},
		CeremonySponsorUpdate:    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
	}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("ceremony days mismatch (-want +got):\n%s", diff)
	}
	// 04-01: leadership 16:00 (30 min), sponsor 17:00, patch 18:00 (1 h).
	if got[0].Kind != CeremonyLeadershipUpdate || got[0].Title != "Leadership update" || got[0].End.Sub(got[0].Start) != 30*time.Minute {
		t.Errorf("first ceremony = %+v, want a 30-minute leadership update", got[0])
	}
	if got[2].Title != "Patch window" || got[2].End.Sub(got[2].Start) != time.Hour {
		t.Errorf("third ceremony = %+v, want a 1-hour patch window", got[2])
	}
	if !slices.IsSortedFunc(got, compareCeremonies) {
		t.Error("ceremonies are not sorted")
	}
	for _, c := range got {
		if c.Kind == CeremonySponsorUpdate && c.Title != "Status" {
			t.Errorf("sponsor update titled %q, want the cadence's title", c.Title)
		}
	}
}

// Ceremonies at the same start, kind and title are listed once; the 09:00
// on the second of Apia's dates maps to the same instant as the skipped day's.
func TestCeremoniesNoDuplicates(t *testing.T) {
	apia := mustLoc(t, "Pacific/Apia")
	goLive := time.Date(2011, 12, 29, 0, 0, 0, 0, apia)
	standUp := Cadence{Kind: CeremonyStandUp, At: []TimeOfDay{{9, 0}}}
	e := Engagement{ID: "apia", Location: apia, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 4),
		Phases: []Phase{{Name: "p", Days: 3, Cadences: []Cadence{standUp, standUp,
			{Kind: CeremonyTriage, At: []TimeOfDay{{9, 0}}, Severities: []Severity{Sev3, Sev2}},
			{Kind: CeremonyTriage, At: []TimeOfDay{{9, 0}}, Severities: []Severity{Sev1, Sev3}},
		}}}}
	got, err := e.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	// The span is 12-29 00:00 -10 (10:00Z) to 2012-01-01 00:00 +14
	// (12-31 10:00Z). 12-29 09:00 is 19:00Z; 12-30 does not exist, so its
	// 09:00 is read at -10 (12-30 19:00Z, which shows as 12-31 09:00 +14),
	// the same instant as 12-31 09:00; 01-01 09:00 is after the end.
	d29 := time.Date(2011, 12, 29, 19, 0, 0, 0, time.UTC)
	d31 := time.Date(2011, 12, 30, 19, 0, 0, 0, time.UTC)
	var want []Ceremony
	for _, at := range []time.Time{d29, d31} {
		want = append(want,
			Ceremony{Kind: CeremonyStandUp, Title: "Stand-up", Phase: "p", Start: at, End: at.Add(15 * time.Minute)},
			Ceremony{Kind: CeremonyTriage, Title: "Triage Sev1, Sev3", Phase: "p", Start: at, End: at.Add(30 * time.Minute), Severities: []Severity{Sev1, Sev3}},
			Ceremony{Kind: CeremonyTriage, Title: "Triage Sev2-Sev3", Phase: "p", Start: at, End: at.Add(30 * time.Minute), Severities: []Severity{Sev2, Sev3}},
		)
	}
	if diff := cmp.Diff(want, got, planCmp); diff != "" {
		t.Errorf("ceremonies mismatch (-want +got):\n%s", diff)
	}
}

func TestCadenceValidation(t *testing.T) {
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	at := []TimeOfDay{{9, 0}}
	tests := []struct {
		c    Cadence
		want string
	}{
		{Cadence{At: at}, "unknown ceremony kind 0"},
		{Cadence{Kind: CeremonyStandUp}, "stand-up cadence: no times"},
		{Cadence{Kind: CeremonyStandUp, At: []TimeOfDay{{24, 0}}}, "invalid time 24:00"},
		{Cadence{Kind: CeremonyStandUp, At: []TimeOfDay{{9, 0}, {9, 0}}}, "time 09:00 given twice"},
		{Cadence{Kind: CeremonyStandUp, At: at, Every: -1}, "every -1 days"},
		{Cadence{Kind: CeremonyStandUp, At: at, Every: maxEvery + 1}, "every 367 days"},
		{Cadence{Kind: CeremonyStandUp, At: at, Length: -time.Minute}, "length -1m0s"},
		{Cadence{Kind: CeremonyStandUp, At: at, Length: 25 * time.Hour}, "length 25h0m0s"},
		{Cadence{Kind: CeremonyPatch, At: at, Severities: []Severity{Sev1}}, "severities are for triage cadences only"},
		{Cadence{Kind: CeremonyTriage, At: at, Severities: []Severity{0}}, "unknown severity 0"},
		{Cadence{Kind: CeremonyTriage, At: at, Severities: []Severity{Sev2, Sev2}}, "severity Sev2 given twice"},
	}
	for _, tc := range tests {
		e := Engagement{ID: "e", Location: time.UTC, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 7),
			Phases: []Phase{{Name: "p", Days: 7, Cadences: []Cadence{{Kind: CeremonyStandUp, At: at}, tc.c}}}}
		_, err := e.Ceremonies()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `phase 0 ("p"): cadence 1`) {
			t.Errorf("Ceremonies with %+v: error = %v, want one naming the cadence and %q", tc.c, err, tc.want)
		}
	}
}

func TestExtend(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	goLive := time.Date(2026, 10, 12, 9, 0, 0, 0, berlin)
	e := threeWeekPlan(t, goLive, nil)
	x, err := e.Extend(28)
	if err != nil {
		t.Fatal(err)
	}
	if x.Phases[1].Days != 42 || e.Phases[1].Days != 14 {
		t.Errorf("Extend(28): last phase %d days (original now %d), want 42 (and 14)", x.Phases[1].Days, e.Phases[1].Days)
	}
	// The planned end moves by 28 calendar days, across the fall-back of
	// 2026-10-25: still 09:00 local.
	if want := time.Date(2026, 11, 30, 9, 0, 0, 0, berlin); !x.PlannedEnd.Equal(want) {
		t.Errorf("planned end = %s, want %s", x.PlannedEnd, want)
	}
	if _, err := e.Extend(-1); err == nil || !strings.Contains(err.Error(), "-1 days") {
		t.Errorf("Extend(-1) error = %v", err)
	}
	if _, err := (Engagement{ID: "none"}).Extend(1); err == nil || !strings.Contains(err.Error(), "no phase") {
		t.Errorf("Extend with no phases: error = %v", err)
	}
	// An extension whose day count overflows is an error, not a phase of
	// negative length (before the fix, Extend(math.MaxInt) returned one,
	// and no error).
	if x, err := e.Extend(math.MaxInt); err == nil || !strings.Contains(err.Error(), fmt.Sprint(math.MaxInt)) {
		t.Errorf("Extend(math.MaxInt): phases %+v, error %v; want an error naming the days", x.Phases, err)
	}
}

func TestPresets(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	business := mustCal(t, berlin, "Mon-Fri 09:00-17:00", Date{2026, 6, 4})
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, berlin)
	type shape struct {
		Name        string
		Start, Days int
		Coverage    string
		Standup     int
	}
	shapes := func(e Engagement) []shape {
		var out []shape
		for _, p := range e.Phases {
			out = append(out, shape{p.Name, p.Start, p.Days, p.Coverage.Spec(), p.Cadences[0].Every})
		}
		return out
	}
	tests := []struct {
		name string
		make func() (Engagement, error)
		want []shape
		end  time.Time
	}{
		{"classic 2", func() (Engagement, error) { return ClassicPlan("c2", goLive, business, 2) }, []shape{
			{"week 1", 0, 7, "Mon-Sun 00:00-24:00", 1},
			{"week 2", 7, 7, "Mon-Fri 08:00-18:00", 1},
		}, time.Date(2026, 6, 15, 9, 0, 0, 0, berlin)},
		{"classic 3", func() (Engagement, error) { return ClassicPlan("c3", goLive, business, 3) }, []shape{
			{"week 1", 0, 7, "Mon-Sun 00:00-24:00", 1},
			{"week 2", 7, 7, "Mon-Fri 08:00-18:00", 1},
			{"week 3", 14, 7, "Mon-Fri 09:00-17:00", 7},
		}, time.Date(2026, 6, 22, 9, 0, 0, 0, berlin)},
		{"classic 4", func() (Engagement, error) { return ClassicPlan("c4", goLive, business, 4) }, []shape{
			{"week 1", 0, 7, "Mon-Sun 00:00-24:00", 1},
			{"week 2", 7, 7, "Mon-Fri 08:00-18:00", 1},
			{"weeks 3-4", 14, 14, "Mon-Fri 09:00-17:00", 7},
		}, time.Date(2026, 6, 29, 9, 0, 0, 0, berlin)},
		{"taper", func() (Engagement, error) { return TaperPlan("t", goLive, business) }, []shape{
			{"week 1", 0, 7, "Mon-Sun 00:00-24:00", 1},
			{"week 2", 7, 7, "Mon-Fri 07:00-20:00", 1},
			{"week 3", 14, 7, "Mon-Fri 07:00-20:00", 7},
			{"weeks 4-13", 21, 69, "Mon-Fri 09:00-17:00", 7},
		}, time.Date(2026, 8, 30, 9, 0, 0, 0, berlin)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := tc.make()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, shapes(e)); diff != "" {
				t.Errorf("phases mismatch (-want +got):\n%s", diff)
			}
			if !e.PlannedEnd.Equal(tc.end) {
				t.Errorf("planned end = %s, want %s", e.PlannedEnd, tc.end)
			}
			if e.Location != berlin || e.Phases[0].Policy == nil || e.Phases[0].Policy.Name != "hypercare week 1" {
				t.Errorf("location %s, week-1 policy %v", e.Location, e.Phases[0].Policy)
			}
			// Extended and long-day coverage keep the business holidays;
			// 24x7 has none.
			if got := e.Phases[1].Coverage.Holidays(); !slices.Equal(got, []Date{{2026, 6, 4}}) {
				t.Errorf("week 2 holidays = %v, want [2026-06-04]", got)
			}
			if got := e.Phases[0].Coverage.Holidays(); len(got) != 0 {
				t.Errorf("week 1 holidays = %v, want none", got)
			}
			if _, err := e.Ceremonies(); err != nil {
				t.Error(err)
			}
		})
	}
	for _, weeks := range []int{0, 1, 5} {
		if _, err := ClassicPlan("c", goLive, business, weeks); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%d weeks", weeks)) {
			t.Errorf("ClassicPlan(%d weeks) error = %v", weeks, err)
		}
	}
	for _, cal := range []*Calendar{nil, Always} {
		if _, err := TaperPlan("t", goLive, cal); err == nil || !strings.Contains(err.Error(), "needs a business calendar") {
			t.Errorf("TaperPlan(%v) error = %v", cal, err)
		}
		if _, err := ClassicPlan("c", goLive, cal, 2); err == nil || !strings.Contains(err.Error(), "needs a business calendar") {
			t.Errorf("ClassicPlan(%v) error = %v", cal, err)
		}
	}
	if _, err := TaperPlan("", goLive, business); err == nil || !strings.Contains(err.Error(), "empty ID") {
		t.Errorf("TaperPlan with no id: error = %v", err)
	}
	if _, err := TaperPlan("t", time.Time{}, business); err == nil || !strings.Contains(err.Error(), "zero go-live") {
		t.Errorf("TaperPlan with zero go-live: error = %v", err)
	}
}

// The classic 2-week plan's week 1 ceremonies, counted by hand from the
// table in plan_presets.go for a go-live on Mon 2026-06-01 09:00 Berlin (week
// 1 is 06-01 09:00 to 06-08 09:00, 24x7):
//
//	stand-up 09:00: 06-01 .. 06-07 = 7 (06-08 09:00 is the end: week 2's)
//	triage 08:30/12:30/16:30: 06-01 12:30, 16:30; then 3 a day for 06-02..06-07;
//	  06-08 08:30 (before the end): 2 + 18 + 1 = 21
//	patch 18:00 daily: 7; user update 11:00: 7; sponsor 17:00: 7
//	leadership 16:00 every 7 days: 06-01 only: 1
//
// Week 2 (06-08 09:00 to 06-15 09:00, Mon-Fri 08:00-18:00; the holiday Thu
// 06-04 is not in it): stand-ups 06-08..06-12 = 5 (06-15's would end after
// the end), triage 09:30/15:30 on 5 days = 10, patch every other day (days 8,
// 10, 12, 14: Tue 06-09, Thu 06-11, Sat 06-13 closed, Mon 06-15 after the
// end) = 2, user 5, sponsor 5, leadership (days 7 and 14: Mon 06-08 16:00;
// 06-15 is after the end) = 1.
func TestClassicCeremonies(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	business := mustCal(t, berlin, "Mon-Fri 09:00-17:00", Date{2026, 6, 4})
	e, err := ClassicPlan("c2", time.Date(2026, 6, 1, 9, 0, 0, 0, berlin), business, 2)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]map[CeremonyKind]int{}
	for _, c := range got {
		if count[c.Phase] == nil {
			count[c.Phase] = map[CeremonyKind]int{}
		}
		count[c.Phase][c.Kind]++
	}
	want := map[string]map[CeremonyKind]int{
		"week 1": {CeremonyStandUp: 7, CeremonyTriage: 21, CeremonyPatch: 7, CeremonyUserUpdate: 7, CeremonySponsorUpdate: 7, CeremonyLeadershipUpdate: 1},
		"week 2": {CeremonyStandUp: 5, CeremonyTriage: 10, CeremonyPatch: 2, CeremonyUserUpdate: 5, CeremonySponsorUpdate: 5, CeremonyLeadershipUpdate: 1},
	}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("ceremony counts mismatch (-want +got):\n%s", diff)
	}
	// Go-live day: stand-up 09:00 (at go-live), user update 11:00, triage 12:30.
	if got[0].Kind != CeremonyStandUp || !got[0].Start.Equal(time.Date(2026, 6, 1, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("first ceremony = %+v, want the 09:00 Berlin stand-up on go-live day", got[0])
	}
	if got[2].Title != "Triage Sev2-Sev3" || !got[2].Start.Equal(time.Date(2026, 6, 1, 10, 30, 0, 0, time.UTC)) {
		t.Errorf("third ceremony = %+v, want the 12:30 Berlin triage on go-live day", got[2])
	}
}

func TestCompareCostsErrors(t *testing.T) {
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	good := threeWeekPlan(t, goLive, nil)
	_, err := CompareCosts(triageRate, Scenario{"fine", good}, Scenario{"broken", Engagement{ID: "x"}})
	if err == nil || !strings.Contains(err.Error(), `scenario "broken"`) {
		t.Errorf("CompareCosts error = %v, want one naming the scenario", err)
	}
	got, err := CompareCosts(triageRate)
	if err != nil || len(got) != 0 {
		t.Errorf("CompareCosts() = %v, %v; want nothing", got, err)
	}
}

// roundTrip marshals v to JSON, unmarshals it into a new T and compares.
func roundTrip[T any](t *testing.T, v T) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal %T: %v", v, err)
	}
	var got T
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("unmarshal %T from %s: %v", v, b, err)
	}
	if diff := cmp.Diff(v, got, planCmp); diff != "" {
		t.Errorf("%T round trip mismatch (-want +got):\n%s\njson: %s", v, diff, b)
	}
}

func TestPlanJSON(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	business := mustCal(t, berlin, "Mon-Fri 09:00-17:00", Date{2026, 6, 4})
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, berlin)
	taper, err := TaperPlan("taper", goLive, business)
	if err != nil {
		t.Fatal(err)
	}
	rates := Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{
		RoleLead: dec("140.00"), RoleTriage: dec("95.50"), RoleChangeManager: dec("110"), RoleAgent: dec("0"),
	}}
	cost, err := taper.Cost(rates)
	if err != nil {
		t.Fatal(err)
	}
	ceremonies, err := taper.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	compared, err := CompareCosts(rates, Scenario{"taper", taper}, Scenario{"taper again", taper})
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, TimeOfDay{9, 30})
	roundTrip(t, CeremonyTriage)
	roundTrip(t, Staffing{Role: RoleLead, PerDay: 90 * time.Minute, Calendar: business})
	roundTrip(t, Staffing{Role: RoleTriage, Headcount: 2})
	roundTrip(t, Cadence{Kind: CeremonyTriage, Title: "T", At: []TimeOfDay{{8, 30}, {16, 0}}, Every: 2,
		Length: 45 * time.Minute, Days: business, Severities: []Severity{Sev2}})
	roundTrip(t, taper.Phases)
	roundTrip(t, taper)
	roundTrip(t, rates)
	roundTrip(t, cost)
	roundTrip(t, cost.Lines[0])
	roundTrip(t, ceremonies)
	roundTrip(t, Scenario{"taper", taper})
	roundTrip(t, compared)

	// The wire form a helpdesk sees: names, HH:MM, duration strings, and
	// decimals as strings.
	b, err := json.Marshal(taper.Phases[1].Cadences[1])
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"kind":"triage","at":["09:30","15:30"],"severities":["Sev2","Sev3"]}`; string(b) != want {
		t.Errorf("cadence JSON = %s, want %s", b, want)
	}
	b, err = json.Marshal(Staffing{Role: RoleLead, PerDay: 4 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"role":"lead","per_day":"4h0m0s"}`; string(b) != want {
		t.Errorf("staffing JSON = %s, want %s", b, want)
	}
	b, err = json.Marshal(CostLine{Phase: "p", Role: RoleTriage, Hours: 100 * time.Hour, Rate: dec("95.00"), Amount: dec("9500.00")})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"phase":"p","role":"triage","rate":"95","amount":"9500","hours":"100h0m0s"}`; string(b) != want {
		t.Errorf("cost line JSON = %s, want %s", b, want)
	}

	for _, bad := range []string{
		`{"kind":"coffee","at":["09:00"]}`,
		`{"kind":"triage","at":["25:00"]}`,
		`{"kind":"triage","at":["09:00"],"length":"forever"}`,
	} {
		var c Cadence
		if err := json.Unmarshal([]byte(bad), &c); err == nil {
			t.Errorf("unmarshal cadence %s: no error", bad)
		}
	}
	var s Staffing
	if err := json.Unmarshal([]byte(`{"role":"lead","per_day":"4 hours"}`), &s); err == nil {
		t.Error("unmarshal staffing with a bad per_day: no error")
	}
	var r Rates
	if err := json.Unmarshal([]byte(`{"currency":"EUR","hourly":{"janitor":"1"}}`), &r); err == nil {
		t.Error("unmarshal rates with an unknown role: no error")
	}
	if _, err := CeremonyKind(0).MarshalText(); err == nil {
		t.Error("marshal of the zero CeremonyKind: no error")
	}
	if _, err := (TimeOfDay{24, 0}).MarshalText(); err == nil {
		t.Error("marshal of 24:00: no error")
	}
}

// The presets' costs per phase, by hand from the table in plan_presets.go,
// for a go-live on Mon 2026-06-01 09:00 Berlin, business Mon-Fri 09:00-17:00
// with a holiday on Thu 06-04 (in week 1), at lead 140, triage 95, change
// manager 110, agent 45:
//
//	week 1 (24x7, 168 h; 7 dates, 4 business dates, 32 business hours):
//	  lead 8 h x 7 = 56 h: 7,840; triage 2 x 168 = 336 h: 31,920;
//	  change manager 8 h x 4 = 32 h: 3,520; agent 32 h: 1,440     = 44,720
//	classic week 2 (Mon-Fri 08-18 from Mon 09:00: 9 + 40 + 1 = 50 h, 5 dates):
//	  lead 20 h: 2,800; triage 50 h: 4,750; cm 20 h: 2,200; agent 50 h: 2,250 = 12,000
//	taper week 2 (Mon-Fri 07-20: 11 + 52 + 2 = 65 h, 5 dates, high staffing):
//	  lead 40 h: 5,600; triage 130 h: 12,350; cm 40 h: 4,400; agent 65 h: 2,925 = 25,275
//	taper week 3 (65 h, middle): 2,800 + 6,175 + 2,200 + 2,925              = 14,100
//	taper weeks 4-13 (06-22 09:00 to 08-30 09:00: 50 weekdays, 400 h, low):
//	  lead 100 h: 14,000; triage 400 h: 38,000; cm 100 h: 11,000; agent 400 h: 18,000 = 81,000
func TestPresetCosts(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	business := mustCal(t, berlin, "Mon-Fri 09:00-17:00", Date{2026, 6, 4})
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, berlin)
	rates := Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{
		RoleLead: dec("140"), RoleTriage: dec("95"), RoleChangeManager: dec("110"), RoleAgent: dec("45"),
	}}
	classic, err := ClassicPlan("c", goLive, business, 2)
	if err != nil {
		t.Fatal(err)
	}
	taper, err := TaperPlan("t", goLive, business)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		e      Engagement
		phases map[string]string
		total  string
	}{
		{classic, map[string]string{"week 1": "44720", "week 2": "12000"}, "56720"},
		{taper, map[string]string{"week 1": "44720", "week 2": "25275", "week 3": "14100", "weeks 4-13": "81000"}, "165095"},
	} {
		c, err := tc.e.Cost(rates)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for name := range tc.phases {
			got[name] = c.PhaseTotal(name).String()
		}
		if diff := cmp.Diff(tc.phases, got); diff != "" {
			t.Errorf("%s: phase totals mismatch (-want +got):\n%s", tc.e.ID, diff)
		}
		if !c.Total.Equal(dec(tc.total)) {
			t.Errorf("%s: total %s, want %s", tc.e.ID, c.Total, tc.total)
		}
	}
}

// The presets' weekly cadences (stand-ups after the intense weeks and the
// leadership update) happen every week whatever day hypercare goes live.
// Counting from the go-live weekday, a weekend go-live put them on days the
// business-hours phases are closed, so they were all skipped: before the
// fix, TaperPlan going live on Sat 2026-06-06 had no stand-up in weeks 3-13
// and one leadership update in 13 weeks (on go-live day), and ClassicPlan
// had one leadership update in 2 to 4 weeks. After a weekend go-live they
// fall on the first business weekday after it (Monday here); after a
// weekday go-live nothing changes.
func TestPresetsWeeklyCadencesAfterWeekendGoLive(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	business := mustCal(t, berlin, "Mon-Fri 09:00-17:00")
	count := func(e Engagement, phase string, kind CeremonyKind) (n int, days []time.Weekday) {
		cs, err := e.Ceremonies()
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.Kind == kind && (phase == "" || c.Phase == phase) {
				n++
				if !slices.Contains(days, c.Start.Weekday()) {
					days = append(days, c.Start.Weekday())
				}
			}
		}
		return n, days
	}
	for _, day := range []int{6, 7} { // Saturday, Sunday
		goLive := time.Date(2026, 6, day, 8, 0, 0, 0, berlin)
		taper, err := TaperPlan("t", goLive, business)
		if err != nil {
			t.Fatal(err)
		}
		// Weeks 4-13 run from day 21 to day 89: ten Mondays (06-29 to
		// 08-31 after a Saturday go-live, 06-29 to 08-31 after a Sunday one).
		for _, c := range []struct {
			phase string
			kind  CeremonyKind
			want  int
		}{
			{"week 3", CeremonyStandUp, 1},
			{"weeks 4-13", CeremonyStandUp, 10},
			{"weeks 4-13", CeremonyLeadershipUpdate, 10},
			{"", CeremonyLeadershipUpdate, 13},
		} {
			n, days := count(taper, c.phase, c.kind)
			if n != c.want || !slices.Equal(days, []time.Weekday{time.Monday}) {
				t.Errorf("taper from %s: %d %s in %q on %v, want %d on Mondays", goLive.Weekday(), n, c.kind, c.phase, days, c.want)
			}
		}
		for weeks := 2; weeks <= 4; weeks++ {
			classic, err := ClassicPlan("c", goLive, business, weeks)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := count(classic, "", CeremonyLeadershipUpdate); n != weeks {
				t.Errorf("classic %d weeks from %s: %d leadership updates, want %d", weeks, goLive.Weekday(), n, weeks)
			}
		}
	}
	// A weekday go-live keeps the go-live weekday.
	taper, err := TaperPlan("t", time.Date(2026, 6, 3, 8, 0, 0, 0, berlin), business)
	if err != nil {
		t.Fatal(err)
	}
	if n, days := count(taper, "", CeremonyLeadershipUpdate); n != 13 || !slices.Equal(days, []time.Weekday{time.Wednesday}) {
		t.Errorf("taper from a Wednesday: %d leadership updates on %v, want 13 on Wednesdays", n, days)
	}
}

// On a Sunday-to-Thursday business week (Israel), the presets' extended and
// long-day coverage keep the business calendar's days: a Sunday go-live
// holds its weekly leadership update every Sunday, week 2 included, and no
// phase covers a Friday.
func TestPresetsFollowASundayToThursdayWeek(t *testing.T) {
	jerusalem := mustLoc(t, "Asia/Jerusalem")
	business := mustCal(t, jerusalem, "Sun-Thu 08:00-17:00")
	goLive := time.Date(2026, 6, 7, 8, 0, 0, 0, jerusalem) // a Sunday
	taper, err := TaperPlan("t", goLive, business)
	if err != nil {
		t.Fatal(err)
	}
	classic, err := ClassicPlan("c", goLive, business, 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		e    Engagement
		want int
	}{{taper, 13}, {classic, 4}} {
		cs, err := tc.e.Ceremonies()
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range cs {
			if c.Kind != CeremonyLeadershipUpdate {
				continue
			}
			n++
			if c.Start.Weekday() != time.Sunday {
				t.Errorf("%s: leadership update in %q on a %s", tc.e.ID, c.Phase, c.Start.Weekday())
			}
		}
		if n != tc.want {
			t.Errorf("%s: %d leadership updates, want one a week, %d", tc.e.ID, n, tc.want)
		}
		for _, p := range tc.e.Phases[1:] {
			friday := time.Date(2026, 6, 19, 12, 0, 0, 0, jerusalem)
			sunday := time.Date(2026, 6, 21, 12, 0, 0, 0, jerusalem)
			if p.Coverage.Open(friday) || !p.Coverage.Open(sunday) {
				t.Errorf("%s: phase %q covered by %q: open Friday noon %v, Sunday noon %v, want false and true",
					tc.e.ID, p.Name, p.Coverage.Spec(), p.Coverage.Open(friday), p.Coverage.Open(sunday))
			}
		}
	}
}

func TestWorkDays(t *testing.T) {
	for spec, want := range map[string]string{
		"Mon-Fri 09:00-17:00":                  "Mon-Fri",
		"Sun-Thu 08:00-17:00":                  "Sun-Thu",
		"Mon-Sun 00:00-24:00":                  "Mon-Sun",
		"Mon,Wed,Fri 09:00-12:00":              "Mon,Wed,Fri",
		"Fri-Mon 10:00-11:00":                  "Fri-Mon",
		"Mon-Fri 08:00-12:00; Sat 10:00-14:00": "Mon-Sat",
		"Sun 22:00-06:00":                      "Sun",
		"sat,SUN 09:00-10:00; tue 09:00-10:00": "Tue,Sat-Sun",
	} {
		if got := workDays(mustCal(t, time.UTC, spec)); got != want {
			t.Errorf("workDays(%q) = %q, want %q", spec, got, want)
		}
	}
}
