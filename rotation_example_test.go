package hypercare_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
)

// Plan a week: day shifts at work and on-call nights, with 11 h rest, at
// most 5 days in a row and (by default) at most 25% of the time on call,
// which over this 120 h horizon allows one 16 h night each: five nights need
// five people.
func ExampleRota_Plan() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	monday := hypercare.Date{Year: 2025, Month: time.May, Day: 5}
	days, _ := hypercare.Pattern{Name: "day", Days: "Mon-Fri", Start: hypercare.TimeOfDay{Hour: 9}, End: hypercare.TimeOfDay{Hour: 17}}.Slots(berlin, monday, 7)
	nights, _ := hypercare.Pattern{Name: "on-call", Days: "Mon-Fri", Start: hypercare.TimeOfDay{Hour: 17}, End: hypercare.TimeOfDay{Hour: 9}, OnCall: true}.Slots(berlin, monday, 7)
	rota := hypercare.Rota{
		People: []hypercare.Person{
			{ID: "ana", Team: hypercare.Project},
			{ID: "ben", Team: hypercare.Project},
			{ID: "cho", Team: hypercare.SteadyState},
			{ID: "dev", Team: hypercare.SteadyState, TimeOff: []hypercare.Interval{{Start: monday.In(berlin), End: monday.AddDays(2).In(berlin)}}},
			{ID: "eve", Team: hypercare.SteadyState},
		},
		Slots: append(days, nights...),
		Rules: hypercare.RotaRules{MinRest: 11 * time.Hour, MaxConsecutiveDays: 5, Location: berlin},
	}
	roster, err := rota.Plan()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sh := range roster.Shifts {
		fmt.Printf("%-7s %s %3.0fh %s\n", sh.Name, sh.Start.Format("Mon 15:04"), sh.Duration().Hours(), sh.People[0])
	}
	for _, l := range roster.Loads {
		fmt.Printf("%s: %d shifts, %.0fh, %.0fh on call\n", l.Person, l.Shifts, l.Total.Hours(), l.OnCall.Hours())
	}
	fmt.Printf("largest load %.0fh, L* %.0fh\n", roster.Fairness.Max.Hours(), roster.Bound.Total.Hours())
	// Output:
	// day     Mon 09:00   8h ana
	// day     Tue 09:00   8h cho
	// day     Wed 09:00   8h dev
	// day     Thu 09:00   8h eve
	// day     Fri 09:00   8h ben
	// on-call Mon 17:00  16h ben
	// on-call Tue 17:00  16h eve
	// on-call Wed 17:00  16h ana
	// on-call Thu 17:00  16h dev
	// on-call Fri 17:00  16h cho
	// ana: 2 shifts, 24h, 16h on call
	// ben: 2 shifts, 24h, 16h on call
	// cho: 2 shifts, 24h, 16h on call
	// dev: 2 shifts, 24h, 16h on call
	// eve: 2 shifts, 24h, 16h on call
	// largest load 24h, L* 24h
}

// Validate a hand-made roster: every broken rule, with the numbers.
func ExampleRota_Violations() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(day, hour int) time.Time { return time.Date(2025, time.May, day, hour, 0, 0, 0, berlin) }
	rota := hypercare.Rota{
		People: []hypercare.Person{{ID: "ana", Skills: []string{"sap"}}, {ID: "ben"}},
		Rules:  hypercare.RotaRules{MinRest: 11 * time.Hour},
	}
	roster := hypercare.Roster{Shifts: []hypercare.Shift{
		{Slot: hypercare.Slot{Name: "late", Start: at(5, 14), End: at(5, 22)}, People: []hypercare.PersonID{"ana"}},
		{Slot: hypercare.Slot{Name: "early", Start: at(6, 6), End: at(6, 14), Skills: []string{"sap"}}, People: []hypercare.PersonID{"ana"}},
		{Slot: hypercare.Slot{Name: "sap", Start: at(7, 9), End: at(7, 17), Skills: []string{"sap"}, Seats: 2}, People: []hypercare.PersonID{"ben"}},
	}}
	violations, err := rota.Violations(roster.Shifts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range violations {
		fmt.Println(v)
	}
	// Output:
	// rest: ana: 8h0m0s between late Mon 2025-05-05 14:00 CEST to Mon 2025-05-05 22:00 CEST and early Tue 2025-05-06 06:00 CEST to Tue 2025-05-06 14:00 CEST (minimum 11h0m0s)
	// coverage: sap Wed 2025-05-07 09:00 CEST to Wed 2025-05-07 17:00 CEST: 1 of 2 seats empty
	// skill: ben: on sap Wed 2025-05-07 09:00 CEST to Wed 2025-05-07 17:00 CEST without skill "sap"
}

// When no roster can keep the rules, Plan says which slot and what blocked
// each person.
func ExampleInfeasibleError() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2025, time.May, 5, 9, 0, 0, 0, berlin)
	rota := hypercare.Rota{
		People: []hypercare.Person{
			{ID: "ana", Skills: []string{"db"}, TimeOff: []hypercare.Interval{{Start: start.Add(-time.Hour), End: start.Add(24 * time.Hour)}}},
			{ID: "ben"},
		},
		Slots: []hypercare.Slot{{Name: "db migration", Start: start, End: start.Add(8 * time.Hour), Skills: []string{"db"}}},
	}
	_, err := rota.Plan()
	var inf *hypercare.InfeasibleError
	if errors.As(err, &inf) {
		for _, u := range inf.Unfilled {
			for _, b := range u.Blocked {
				fmt.Printf("%s: %s: %s\n", u.Slot.Name, b.Person, b.Rule)
			}
		}
	}
	// Output:
	// db migration: ana: availability
	// db migration: ben: skill
}

// A daily 09:00 handoff stays at 09:00 across the spring-forward night, so
// that shift is 23 hours.
func ExamplePattern_Slots() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	slots, _ := hypercare.Pattern{Name: "24h", Start: hypercare.TimeOfDay{Hour: 9}, End: hypercare.TimeOfDay{Hour: 9}}.Slots(berlin, hypercare.Date{Year: 2025, Month: time.March, Day: 28}, 3)
	for _, s := range slots {
		fmt.Println(s, s.Duration())
	}
	// Output:
	// 24h Fri 2025-03-28 09:00 CET to Sat 2025-03-29 09:00 CET 24h0m0s
	// 24h Sat 2025-03-29 09:00 CET to Sun 2025-03-30 09:00 CEST 23h0m0s
	// 24h Sun 2025-03-30 09:00 CEST to Mon 2025-03-31 09:00 CEST 24h0m0s
}

// Turn phases into slots: week 1 around the clock in 12 h shifts with a
// primary and a secondary, then business hours with on-call slots.
func ExamplePhaseSlots() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	business, _ := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	goLive := time.Date(2025, time.May, 5, 8, 0, 0, 0, berlin)
	e := hypercare.Engagement{
		ID: "erp", Location: berlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 21),
		Phases: []hypercare.Phase{{Name: "week 1", Days: 7}, {Name: "taper", Start: 7, Days: 14, Coverage: business}},
	}
	slots, err := hypercare.PhaseSlots(e,
		hypercare.PhaseShifts{Phase: "week 1", Handoffs: []hypercare.TimeOfDay{{Hour: 8}, {Hour: 20}}, Seats: 2},
		hypercare.PhaseShifts{Phase: "taper", Handoffs: []hypercare.TimeOfDay{{Hour: 9}}, OnCallSeats: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	count := map[string]int{}
	for _, s := range slots {
		count[fmt.Sprintf("%s: %.0fh, seats %d", s.Name, s.Duration().Hours(), max(s.Seats, 1))]++
	}
	for _, k := range []string{"week 1: 12h, seats 2", "taper: 8h, seats 1", "taper on-call: 16h, seats 1", "taper on-call: 24h, seats 1", "taper on-call: 23h, seats 1", "taper on-call: 1h, seats 1"} {
		fmt.Printf("%2d × %s\n", count[k], k)
	}
	// Output:
	// 14 × week 1: 12h, seats 2
	// 10 × taper: 8h, seats 1
	// 10 × taper on-call: 16h, seats 1
	//  3 × taper on-call: 24h, seats 1
	//  1 × taper on-call: 23h, seats 1
	//  1 × taper on-call: 1h, seats 1
}

// Who carried the hypercare: 20 issues, ana handled 12 (5 of them on other
// people's days), ben 5, cho 3.
func ExampleHeroes() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := func(d, h int) time.Time { return time.Date(2025, time.May, d, h, 0, 0, 0, berlin) }
	var shifts []hypercare.Shift
	for i, d := range []int{5, 6, 7, 8, 9, 12, 13, 14, 15, 16} {
		who := []hypercare.PersonID{"ana", "ben", "cho"}[i%3]
		shifts = append(shifts, hypercare.Shift{Slot: hypercare.Slot{Name: "day", Start: day(d, 9), End: day(d, 17)}, People: []hypercare.PersonID{who}})
	}
	var issues []hypercare.Issue
	resolve := func(who hypercare.PersonID, d, h int) {
		is := hypercare.Issue{ID: hypercare.IssueID(fmt.Sprintf("INC-%d", len(issues)+1))}
		_ = is.Append(
			hypercare.Event{Type: hypercare.EventOpened, At: day(d, h), Severity: hypercare.Sev2, Kind: hypercare.Defect},
			hypercare.Event{Type: hypercare.EventResolved, At: day(d, h).Add(30 * time.Minute), Person: who, Team: hypercare.Project})
		issues = append(issues, is)
	}
	for _, at := range [][2]int{{5, 10}, {5, 14}, {8, 10}, {8, 14}, {13, 10}, {13, 14}, {16, 10}, {6, 11}, {7, 11}, {9, 15}, {12, 15}, {14, 11}} {
		resolve("ana", at[0], at[1])
	}
	for _, at := range [][2]int{{6, 10}, {6, 14}, {9, 10}, {14, 10}, {14, 14}} {
		resolve("ben", at[0], at[1])
	}
	for _, at := range [][2]int{{7, 10}, {12, 10}, {15, 10}} {
		resolve("cho", at[0], at[1])
	}
	people := []hypercare.Person{{ID: "ana"}, {ID: "ben"}, {ID: "cho"}}
	report, err := hypercare.Heroes(people, hypercare.Roster{Shifts: shifts}, issues, hypercare.HeroRules{Location: berlin})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(report)
	// Output:
	// 20 issues handled; the busiest person handled 60% of them; Gini coefficient 0.30 (0 is an even spread, 1 all on one person)
	//   ana: 12 issues (60%), 5 off shift, 0 in sleep hours, at most 2 in any 12 h, longest run 5 days
	//   ben: 5 issues (25%), 0 off shift, 0 in sleep hours, at most 2 in any 12 h, longest run 1 day
	//   cho: 3 issues (15%), 0 off shift, 0 in sleep hours, at most 1 in any 12 h, longest run 1 day
	// flag top-share: ana handled 12 of 20 issues (60%), the most of anyone (maximum 50% of the issues)
	// flag off-shift: ana handled 12 issues, 5 of them while not on shift (maximum 2 issues off shift)
}

// Export a person's shifts for their calendar app, in local time.
func ExampleRoster_Calendar() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2025, time.May, 5, 20, 0, 0, 0, berlin)
	roster := hypercare.Roster{Shifts: []hypercare.Shift{
		{Slot: hypercare.Slot{Name: "night", Start: start, End: start.Add(12 * time.Hour), Seats: 2, OnCall: true}, People: []hypercare.PersonID{"ana", "ben"}},
		{Slot: hypercare.Slot{Name: "day", Start: start.Add(12 * time.Hour), End: start.Add(24 * time.Hour)}, People: []hypercare.PersonID{"ben"}},
	}}
	stamp := time.Date(2025, time.May, 1, 0, 0, 0, 0, time.UTC)
	cal, err := roster.Calendar(stamp, berlin, "ana")
	if err != nil {
		fmt.Println(err)
		return
	}
	data, err := cal.Encode()
	if err != nil {
		fmt.Println(err)
		return
	}
	// The file has CRLF line ends; print it with plain ones.
	fmt.Print(strings.ReplaceAll(string(data), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//hypercare-go//hypercare//EN
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// X-WR-CALNAME:rota: ana
	// BEGIN:VTIMEZONE
	// TZID:Europe/Berlin
	// BEGIN:DAYLIGHT
	// DTSTART:20250330T020000
	// TZOFFSETFROM:+0100
	// TZOFFSETTO:+0200
	// TZNAME:CEST
	// END:DAYLIGHT
	// END:VTIMEZONE
	// BEGIN:VEVENT
	// UID:20250505T180000Z-0-night@hypercare
	// DTSTAMP:20250501T000000Z
	// DTSTART;TZID=Europe/Berlin:20250505T200000
	// DTEND;TZID=Europe/Berlin:20250506T080000
	// SUMMARY:night: ana\, ben
	// DESCRIPTION:Primary: ana\nAlso on: ben\nOn call
	// CATEGORIES:on-call
	// END:VEVENT
	// END:VCALENDAR
}
