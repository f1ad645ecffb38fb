package hypercare

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// A roster's shifts come back from its iCalendar file unchanged, in UTC and
// in a zone with DST changes.
func TestICalRoundTrip(t *testing.T) {
	rapid.Check(t, func(t2 *rapid.T) {
		r := rotaGen{maxPeople: 5, maxSlots: 10, maxSeats: 12, rules: true}.draw(t2)
		var shifts []Shift
		for i, s := range r.Slots {
			sh := Shift{Slot: s}
			for k := range max(s.Seats, 1) {
				sh.People = append(sh.People, r.People[(i+k)%len(r.People)].ID)
			}
			shifts = append(shifts, sh)
		}
		zone := []*time.Location{nil, testZones[1], testZones[2]}[rapid.IntRange(0, 2).Draw(t2, "zone")]
		cal, err := Roster{Shifts: shifts}.Calendar(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), zone)
		if err != nil {
			t2.Fatal(err)
		}
		cal.Name = "Rota, \"week 1\"; ops"
		want := cal.Events
		if len(want) != len(shifts) {
			t2.Fatalf("%d events for %d shifts", len(want), len(shifts))
		}
		data, err := cal.Encode()
		if err != nil {
			t2.Fatal(err)
		}
		got := readICal(t2, data)
		if diff := cmp.Diff(want, got, icalOpts); diff != "" {
			t2.Fatalf("events after a round trip (-want +got):\n%s\n%s", diff, data)
		}
	})
}

func TestICalGolden(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	start := time.Date(2025, 3, 29, 9, 0, 0, 0, berlin)
	ro := Roster{Shifts: []Shift{
		{Slot: Slot{Name: "day", Start: start, End: start.AddDate(0, 0, 1), Seats: 2, Skills: []string{"db"}}, People: []PersonID{"ana", "bo"}},
		{Slot: Slot{Name: "on-call", Start: start.AddDate(0, 0, 1), End: start.AddDate(0, 0, 2), OnCall: true}, People: []PersonID{"cy"}},
	}}
	cal, err := ro.Calendar(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), berlin, "ana")
	if err != nil {
		t.Fatal(err)
	}
	cal.Name = "Hypercare rota"
	data, err := cal.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//hypercare-go//hypercare//EN",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"X-WR-CALNAME:Hypercare rota",
		"BEGIN:VTIMEZONE",
		"TZID:Europe/Berlin",
		"BEGIN:STANDARD",
		"DTSTART:20241027T030000",
		"TZOFFSETFROM:+0200",
		"TZOFFSETTO:+0100",
		"TZNAME:CET",
		"END:STANDARD",
		"BEGIN:DAYLIGHT",
		"DTSTART:20250330T020000",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0200",
		"TZNAME:CEST",
		"END:DAYLIGHT",
		"END:VTIMEZONE",
		"BEGIN:VEVENT",
		"UID:20250329T080000Z-0-day@hypercare",
		"DTSTAMP:20250301T120000Z",
		"DTSTART;TZID=Europe/Berlin:20250329T090000",
		"DTEND;TZID=Europe/Berlin:20250330T090000",
		"SUMMARY:day: ana\\, bo",
		"DESCRIPTION:Primary: ana\\nAlso on: bo\\nSkills: db",
		"CATEGORIES:shift",
		"END:VEVENT",
		"END:VCALENDAR",
		"",
	}, "\r\n")
	if diff := cmp.Diff(want, string(data)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	cyCal, err := ro.Calendar(cal.Stamp, nil, "cy")
	if err != nil {
		t.Fatal(err)
	}
	utc, err := cyCal.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"DTSTART:20250330T070000Z", "DTEND:20250331T070000Z", "CATEGORIES:on-call", "DESCRIPTION:On call"} {
		if !strings.Contains(string(utc), line+"\r\n") {
			t.Errorf("UTC calendar lacks %q:\n%s", line, utc)
		}
	}
	if strings.Contains(string(utc), "VTIMEZONE") {
		t.Error("UTC calendar has a VTIMEZONE")
	}
}

// Roster.Calendar keeps the shifts of the people asked for, in roster
// order with their roster indexes in the UIDs, names the calendar after
// them, writes in the zone given, and rejects what Encode could not write.
func TestRosterCalendar(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	stamp := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(d, h int) time.Time { return time.Date(2025, 3, d, h, 0, 0, 0, berlin) }
	ro := Roster{Shifts: []Shift{
		{Slot: Slot{Name: "day", Start: at(3, 9), End: at(3, 17)}, People: []PersonID{"ana"}},
		{Slot: Slot{Name: "day", Start: at(4, 9), End: at(4, 17), Seats: 2}, People: []PersonID{"bo", "cy"}},
		{Slot: Slot{Name: "", Start: at(5, 9), End: at(5, 17)}, People: []PersonID{"cy"}},
	}}
	for _, c := range []struct {
		only     []PersonID
		wantName string
		wantUIDs []string
	}{
		{nil, "rota", []string{"20250303T080000Z-0-day@hypercare", "20250304T080000Z-1-day@hypercare", "20250305T080000Z-2-shift@hypercare"}},
		{[]PersonID{"cy"}, "rota: cy", []string{"20250304T080000Z-1-day@hypercare", "20250305T080000Z-2-shift@hypercare"}},
		{[]PersonID{"ana", "bo"}, "rota: ana, bo", []string{"20250303T080000Z-0-day@hypercare", "20250304T080000Z-1-day@hypercare"}},
		{[]PersonID{"dee"}, "rota: dee", nil},
	} {
		cal, err := ro.Calendar(stamp, berlin, c.only...)
		if err != nil {
			t.Fatalf("only %v: %v", c.only, err)
		}
		var uids []string
		for _, e := range cal.Events {
			uids = append(uids, e.UID)
		}
		if diff := cmp.Diff(c.wantUIDs, uids); diff != "" || cal.Name != c.wantName || cal.Zone != berlin || !cal.Stamp.Equal(stamp) {
			t.Errorf("only %v: name %q, zone %v, stamp %s; want %q, Europe/Berlin, %s; UIDs (-want +got):\n%s",
				c.only, cal.Name, cal.Zone, cal.Stamp, c.wantName, stamp, diff)
		}
	}
	cal, err := ro.Calendar(stamp, nil, "bo")
	if err != nil {
		t.Fatal(err)
	}
	want := []ICalEvent{{UID: "20250304T080000Z-1-day@hypercare", Start: at(4, 9), End: at(4, 17), Summary: "day: bo, cy",
		Description: "Primary: bo\nAlso on: cy", Categories: []string{"shift"}}}
	if diff := cmp.Diff(want, cal.Events); diff != "" || cal.Zone != nil {
		t.Errorf("zone %v, want nil (UTC); events (-want +got):\n%s", cal.Zone, diff)
	}
	if _, err := (Roster{}).Calendar(stamp, nil, "ana", ""); err == nil || !strings.Contains(err.Error(), "person 1 of only has an empty ID") {
		t.Errorf("empty ID in only: err %v", err)
	}
	bad := Roster{Shifts: append(slices.Clone(ro.Shifts), Shift{Slot: Slot{Name: "late", Start: at(6, 17), End: at(6, 9)}, People: []PersonID{"ana"}})}
	if _, err := bad.Calendar(stamp, berlin); err == nil || !strings.Contains(err.Error(), "shift 3 (late ") {
		t.Errorf("shift ending before it starts: err %v, want one naming shift 3", err)
	}
	if cal, err := bad.Calendar(stamp, berlin, "bo"); err != nil || len(cal.Events) != 1 {
		t.Errorf("a bad shift of someone else: %d events, err %v; want 1 event, no error", len(cal.Events), err)
	}
	if cal, err := (Roster{Shifts: ro.Shifts[:1]}).Calendar(time.Time{}, nil); err != nil {
		t.Errorf("zero stamp: err %v, want none (Encode rejects it)", err)
	} else if _, err := cal.Encode(); err == nil || !strings.Contains(err.Error(), "zero stamp") {
		t.Errorf("zero stamp: Encode err %v, want one about the stamp", err)
	}
}

// Long lines fold at 75 octets without splitting a character, and TEXT is
// escaped.
func TestICalFoldingAndEscaping(t *testing.T) {
	at := time.Date(2025, 5, 5, 9, 0, 0, 0, time.UTC)
	ev := ICalEvent{
		UID: "x@test", Start: at, End: at.Add(time.Hour),
		Summary:     strings.Repeat("Übergabe größer ", 12),
		Description: "a,b;c\\d\r\nnext\tline\x07",
		Location:    "Room 1, Berlin",
		Categories:  []string{"on-call", "a,b"},
	}
	data, err := ICalendar{Stamp: at, Events: []ICalEvent{ev}}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `DESCRIPTION:a\,b\;c\\d\nnext`+"\t"+"line\r\n") {
		t.Errorf("escaping:\n%s", data)
	}
	got := readICal(t, data)
	ev.Description = "a,b;c\\d\nnext\tline"
	if diff := cmp.Diff([]ICalEvent{ev}, got, icalOpts); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	folded := 0
	for _, line := range strings.Split(string(data), "\r\n") {
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded < 2 {
		t.Errorf("expected the summary folded over several lines:\n%s", data)
	}
}

// A time that happens twice is written in UTC when it is the second one, as
// a TZID time means the first.
func TestICalFallBackSecondOccurrence(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	first := time.Date(2025, 10, 26, 0, 30, 0, 0, time.UTC)  // 02:30 CEST
	second := time.Date(2025, 10, 26, 1, 30, 0, 0, time.UTC) // 02:30 CET
	events := []ICalEvent{{UID: "1", Start: first, End: second}, {UID: "2", Start: second, End: second.Add(time.Hour)}}
	data, err := ICalendar{Zone: berlin, Stamp: first, Events: events}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"DTSTART;TZID=Europe/Berlin:20251026T023000", "DTEND:20251026T013000Z", "DTSTART:20251026T013000Z", "DTEND;TZID=Europe/Berlin:20251026T033000"} {
		if !strings.Contains(string(data), line+"\r\n") {
			t.Errorf("lacks %q:\n%s", line, data)
		}
	}
	if diff := cmp.Diff(events, readICal(t, data), icalOpts, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Categories" }, cmp.Ignore())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestICalRejectsBadInput(t *testing.T) {
	at := time.Date(2025, 5, 5, 9, 0, 0, 0, time.UTC)
	ok := ICalEvent{UID: "a", Start: at, End: at.Add(time.Hour)}
	for _, c := range []struct {
		cal  ICalendar
		want string
	}{
		{ICalendar{Events: []ICalEvent{ok}}, "zero stamp"},
		{ICalendar{Stamp: at, Events: []ICalEvent{{Start: at, End: at.Add(time.Hour)}}}, `UID "" is empty or repeated`},
		{ICalendar{Stamp: at, Events: []ICalEvent{ok, ok}}, `UID "a" is empty or repeated`},
		{ICalendar{Stamp: at, Events: []ICalEvent{{UID: "z", End: at}}}, "zero start"},
		{ICalendar{Stamp: at, Events: []ICalEvent{{UID: "b", Start: at, End: at}}}, "is not after start"},
		// Written to the second, 09:00:00.2 to 09:00:00.7 would end as it starts.
		{ICalendar{Stamp: at, Events: []ICalEvent{{UID: "c", Start: at.Add(200 * time.Millisecond), End: at.Add(700 * time.Millisecond)}}},
			`end 2025-05-05T09:00:00.7Z is not after start 2025-05-05T09:00:00.2Z (to the second)`},
	} {
		if _, err := c.cal.Encode(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err %v, want one containing %q", err, c.want)
		}
	}
	data, err := ICalendar{Stamp: at}.Encode()
	if err != nil || !strings.HasSuffix(string(data), "METHOD:PUBLISH\r\nEND:VCALENDAR\r\n") {
		t.Errorf("empty calendar: %q, %v", data, err)
	}
}

func TestICalJSONRoundTrip(t *testing.T) {
	at := time.Date(2025, 5, 5, 9, 0, 0, 0, time.UTC)
	jsonRoundTrip(t, ICalendar{ProdID: "-//x//y//EN", Name: "n", Zone: loadZone(t, "Europe/Berlin"), Stamp: at,
		Events: []ICalEvent{{UID: "a", Start: at, End: at.Add(time.Hour), Summary: "s", Description: "d", Location: "l", Categories: []string{"c"}}}})
	jsonRoundTrip(t, ICalendar{Stamp: at})
}

// TestICalEncodeEndsOnTheLastDayOfALeapYear: ICalendar.Encode with a Zone must end for any valid events.
//
// Input: one event on Mon 2040-12-31 12:00-13:00 in Europe/Berlin, written
// with Zone Europe/Berlin. By hand, the VTIMEZONE needs one observance: CET
// (+0100), in effect from 2040-10-28 to 2041-03-31; the file is a few
// hundred bytes.
//
// Go's Time.ZoneBounds reports a zone end at or before the instant on the
// last day of a leap year served by a zone's TZ footer rule (zoneEnd works
// around it): 2040-12-31 12:00 CET gets the end 2040-12-31 01:00.
// writeTimezone stepped t = end and never got past it, writing observances
// forever (about 100 MB a second). The encoding runs in a child process so that the hang
// is cut off and its memory freed: the limit below is not a speed
// requirement, only a bound on a loop that never ends (a normal encoding
// takes well under a millisecond).
func TestICalEncodeEndsOnTheLastDayOfALeapYear(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2040, 12, 31, 12, 0, 0, 0, berlin)
	cal := ICalendar{Zone: berlin, Stamp: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC),
		Events: []ICalEvent{{UID: "shift-1", Start: start, End: start.Add(time.Hour), Summary: "on call"}}}
	if os.Getenv("HYPERCARE_ICAL_CHILD") == "1" {
		b, err := cal.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "BEGIN:STANDARD") + strings.Count(string(b), "BEGIN:DAYLIGHT"); n != 1 {
			t.Fatalf("%d observances, want 1 (CET)", n)
		}
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestICalEncodeEndsOnTheLastDayOfALeapYear$")
	cmd.Env = append(os.Environ(), "HYPERCARE_ICAL_CHILD=1")
	out, err := cmd.CombinedOutput()
	switch {
	case ctx.Err() != nil:
		t.Errorf("Encode of one event on 2040-12-31 in Europe/Berlin did not return within 5 s (endless VTIMEZONE loop)")
	case err != nil:
		t.Errorf("Encode in the child failed: %v\n%s", err, out)
	}
}
