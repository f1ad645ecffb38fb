package hypercare_test

import (
	"fmt"
	"time"

	"github.com/hypercare-go/hypercare"
)

func ExampleNewCalendar() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	christmas := hypercare.Date{Year: 2026, Month: time.December, Day: 25}
	cal, err := hypercare.NewCalendar(berlin, "Mon-Fri 08:00-12:00,13:00-17:00; Sat 10:00-14:00", christmas)
	if err != nil {
		panic(err)
	}
	fmt.Println(cal)
	fmt.Println(cal.Open(time.Date(2026, time.June, 6, 11, 0, 0, 0, berlin)))     // Saturday morning
	fmt.Println(cal.Open(time.Date(2026, time.December, 25, 9, 0, 0, 0, berlin))) // a holiday

	// Errors name the bad token.
	_, err = hypercare.NewCalendar(berlin, "Mon-Fry 09:00-17:00")
	fmt.Println(err)
	// Output:
	// Mon-Fri 08:00-12:00,13:00-17:00; Sat 10:00-14:00 in Europe/Berlin, 1 holiday
	// true
	// false
	// hypercare: calendar "Mon-Fry 09:00-17:00": unknown day "Fry" (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)
}

func ExampleCalendar_Add() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	christmas := hypercare.Date{Year: 2026, Month: time.December, Day: 25}
	cal, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00", christmas)
	if err != nil {
		panic(err)
	}
	const layout = "Mon 2006-01-02 15:04 MST"

	// 16 business hours from Christmas Eve afternoon: 1 h on Thursday, none on
	// the holiday or the weekend, 8 h on Monday, 7 h on Tuesday.
	opened := time.Date(2026, time.December, 24, 16, 0, 0, 0, berlin)
	fmt.Println(cal.Add(opened, 16*time.Hour).Format(layout))

	// The last hour of a day ends at closing time, not at the next opening.
	fmt.Println(cal.Add(time.Date(2026, time.June, 1, 16, 0, 0, 0, berlin), time.Hour).Format(layout))

	// Always counts elapsed time: 4 hours across the spring-forward night.
	fmt.Println(hypercare.Always.Add(time.Date(2026, time.March, 29, 0, 30, 0, 0, berlin), 4*time.Hour).Format(layout))
	// Output:
	// Tue 2026-12-29 16:00 CET
	// Mon 2026-06-01 17:00 CEST
	// Sun 2026-03-29 05:30 CEST
}

func ExampleCalendar_Between() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	office, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	monday := time.Date(2026, time.June, 1, 10, 0, 0, 0, berlin)
	friday := time.Date(2026, time.June, 5, 12, 0, 0, 0, berlin)
	fmt.Println(office.Between(monday, friday))

	// Windows are wall-clock: a 22:00-06:00 night shift is 7 h on the night
	// the clocks spring forward and 9 h on the night they fall back.
	nights, err := hypercare.NewCalendar(berlin, "Sat 22:00-06:00")
	if err != nil {
		panic(err)
	}
	fmt.Println(nights.Between(time.Date(2026, time.March, 28, 12, 0, 0, 0, berlin), time.Date(2026, time.March, 29, 12, 0, 0, 0, berlin)))
	fmt.Println(nights.Between(time.Date(2026, time.October, 24, 12, 0, 0, 0, berlin), time.Date(2026, time.October, 25, 12, 0, 0, 0, berlin)))
	// Output:
	// 34h0m0s
	// 7h0m0s
	// 9h0m0s
}

func ExampleCalendar_Intervals() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	cal, err := hypercare.NewCalendar(berlin, "Mon-Fri 08:00-12:00,13:00-17:00")
	if err != nil {
		panic(err)
	}
	from := time.Date(2026, time.June, 5, 10, 0, 0, 0, berlin) // a Friday
	to := time.Date(2026, time.June, 8, 9, 0, 0, 0, berlin)    // the Monday after
	for iv := range cal.Intervals(from, to) {
		fmt.Println(iv.Start.Format("Mon 15:04"), "-", iv.End.Format("Mon 15:04"), iv.Duration())
	}
	// Output:
	// Fri 10:00 - Fri 12:00 2h0m0s
	// Fri 13:00 - Fri 17:00 4h0m0s
	// Mon 08:00 - Mon 09:00 1h0m0s
}
