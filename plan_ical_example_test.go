package hypercare_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
)

// Export the ceremony calendar for the team's calendar app: the 09:00
// stand-up stays at 09:00 local on the night Berlin moves to summer time
// (08:00Z on Saturday, 07:00Z on Sunday), as the UIDs show.
func ExampleEngagement_CeremonyCalendar() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	goLive := time.Date(2026, time.March, 28, 8, 0, 0, 0, berlin)
	e := hypercare.Engagement{
		ID: "erp", Name: "ERP go-live", Location: berlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 2),
		Phases: []hypercare.Phase{{Name: "week 1", Days: 2, Cadences: []hypercare.Cadence{
			{Kind: hypercare.CeremonyStandUp, At: []hypercare.TimeOfDay{{Hour: 9}}},
			{Kind: hypercare.CeremonyTriage, At: []hypercare.TimeOfDay{{Hour: 14}}, Every: 2, Severities: []hypercare.Severity{hypercare.Sev2, hypercare.Sev3}},
		}}},
	}
	cal, err := e.CeremonyCalendar(time.Date(2026, time.March, 20, 12, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	data, err := cal.Encode()
	if err != nil {
		panic(err)
	}
	// The file has CRLF line ends; print it with plain ones.
	fmt.Print(strings.ReplaceAll(string(data), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//hypercare-go//hypercare//EN
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// X-WR-CALNAME:ERP go-live ceremonies
	// BEGIN:VTIMEZONE
	// TZID:Europe/Berlin
	// BEGIN:STANDARD
	// DTSTART:20251026T030000
	// TZOFFSETFROM:+0200
	// TZOFFSETTO:+0100
	// TZNAME:CET
	// END:STANDARD
	// BEGIN:DAYLIGHT
	// DTSTART:20260329T020000
	// TZOFFSETFROM:+0100
	// TZOFFSETTO:+0200
	// TZNAME:CEST
	// END:DAYLIGHT
	// END:VTIMEZONE
	// BEGIN:VEVENT
	// UID:20260328T080000Z-stand-up-Stand-up@erp.hypercare
	// DTSTAMP:20260320T120000Z
	// DTSTART;TZID=Europe/Berlin:20260328T090000
	// DTEND;TZID=Europe/Berlin:20260328T091500
	// SUMMARY:Stand-up
	// DESCRIPTION:Phase: week 1
	// CATEGORIES:stand-up
	// END:VEVENT
	// BEGIN:VEVENT
	// UID:20260328T130000Z-triage-Triage_20Sev2-Sev3@erp.hypercare
	// DTSTAMP:20260320T120000Z
	// DTSTART;TZID=Europe/Berlin:20260328T140000
	// DTEND;TZID=Europe/Berlin:20260328T143000
	// SUMMARY:Triage Sev2-Sev3
	// DESCRIPTION:Phase: week 1\nSeverities: Sev2\, Sev3
	// CATEGORIES:triage
	// END:VEVENT
	// BEGIN:VEVENT
	// UID:20260329T070000Z-stand-up-Stand-up@erp.hypercare
	// DTSTAMP:20260320T120000Z
	// DTSTART;TZID=Europe/Berlin:20260329T090000
	// DTEND;TZID=Europe/Berlin:20260329T091500
	// SUMMARY:Stand-up
	// DESCRIPTION:Phase: week 1
	// CATEGORIES:stand-up
	// END:VEVENT
	// END:VCALENDAR
}
