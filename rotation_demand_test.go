package hypercare

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The demand side: slots from wall-clock patterns and from an engagement's
// phases (rotation_demand.go).

func TestPatternSlots(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, berlin) }
	for _, c := range []struct {
		name string
		p    Pattern
		from Date
		days int
		want []Interval
	}{
		{"weekend wraps", Pattern{Days: "Sat-Mon", Start: TimeOfDay{22, 0}, End: TimeOfDay{0, 0}}, Date{2025, 5, 2}, 4,
			[]Interval{{at(2025, 5, 3, 22, 0), at(2025, 5, 4, 0, 0)}, {at(2025, 5, 4, 22, 0), at(2025, 5, 5, 0, 0)}, {at(2025, 5, 5, 22, 0), at(2025, 5, 6, 0, 0)}}},
		{"comma days", Pattern{Days: "mon, wed", Start: TimeOfDay{9, 0}, End: TimeOfDay{10, 30}}, Date{2025, 5, 5}, 7,
			[]Interval{{at(2025, 5, 5, 9, 0), at(2025, 5, 5, 10, 30)}, {at(2025, 5, 7, 9, 0), at(2025, 5, 7, 10, 30)}}},
		// 02:30 does not exist on 2025-03-30: read with the offset before the
		// gap it is 03:30 CEST (RFC 5545), so the slot lasts 1 h not 2 h.
		{"spring gap", Pattern{Start: TimeOfDay{2, 30}, End: TimeOfDay{4, 30}}, Date{2025, 3, 30}, 1,
			[]Interval{{at(2025, 3, 30, 3, 30), at(2025, 3, 30, 4, 30)}}},
		// 02:00-03:00 that night has no time at all: dropped.
		{"slot inside the gap", Pattern{Start: TimeOfDay{2, 0}, End: TimeOfDay{3, 0}}, Date{2025, 3, 30}, 1, nil},
		// 02:30 happens twice on 2025-10-26: the first, in CEST.
		{"fall-back overlap", Pattern{Start: TimeOfDay{2, 30}, End: TimeOfDay{3, 30}}, Date{2025, 10, 26}, 1,
			[]Interval{{time.Date(2025, 10, 26, 0, 30, 0, 0, time.UTC), time.Date(2025, 10, 26, 2, 30, 0, 0, time.UTC)}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			slots := mustSlots(t, c.p, berlin, c.from, c.days)
			var got []Interval
			for _, s := range slots {
				got = append(got, Interval{s.Start, s.End})
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	for _, c := range []struct {
		p    Pattern
		loc  *time.Location
		days int
		want string
	}{
		{Pattern{Name: "x", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, nil, 1, `pattern "x": nil location`},
		{Pattern{Days: "Mon-Fry", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, 1, `unknown day "Fry"`},
		{Pattern{Days: "Mon,,Fri", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, 1, `unknown day ""`},
		{Pattern{Start: TimeOfDay{24, 0}, End: TimeOfDay{17, 0}}, berlin, 1, "start 24:00 is not a time of day"},
		{Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{9, 60}}, berlin, 1, "end 09:60 is not a time of day"},
		{Pattern{Start: TimeOfDay{-1, 0}, End: TimeOfDay{9, 0}}, berlin, 1, "start -1:00 is not a time of day"},
		{Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, -1, "negative number of days -1"},
		{Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, 3661, "3661 days is more than the rota's horizon of 3660 days"},
		{Pattern{Name: "db", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}, Pair: true}, berlin, 1, `pattern "db": pairs a project and a steady-state member but has 1 seat`},
		{Pattern{Name: "db", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}, Seats: -2}, berlin, 1, `pattern "db": -2 seats`},
		{Pattern{Name: "db", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}, Skills: []string{"sap", ""}}, berlin, 1, `pattern "db": skill 1 is empty`},
	} {
		_, err := c.p.Slots(c.loc, Date{2025, 5, 5}, c.days)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err %v, want one containing %q", c.p, err, c.want)
		}
		// No made-up slot in the message: the pattern has no dates yet.
		if err != nil && strings.Contains(err.Error(), "1970") {
			t.Errorf("%+v: err %v names a slot of 1970", c.p, err)
		}
	}
	// The day list is read by the Calendar's parser, and its error speaks of
	// the pattern, not of a calendar.
	_, err := Pattern{Name: "day", Days: "Mon-Fry"}.Slots(berlin, Date{2025, 5, 5}, 1)
	if want := `hypercare: pattern "day": unknown day "Fry" (want Mon, Tue, Wed, Thu, Fri, Sat or Sun)`; err == nil || err.Error() != want {
		t.Errorf("unknown day: err %v, want %q", err, want)
	}
	// The horizon: 3660 days is the most, and gives one slot a day.
	if slots := mustSlots(t, Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, Date{2025, 5, 5}, 3660); len(slots) != 3660 {
		t.Errorf("3660 days: %d slots, want 3660", len(slots))
	}
}

// Pattern's wall-clock times: Start == End is 24 h (23 h or 25 h on a DST
// day), an End at or before Start is the next day, and 00:00 ends a slot at
// midnight (there is no 24:00); the zero Pattern is 24 h from midnight.
func TestPatternTimesOfDay(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	at := func(m time.Month, d, h int) time.Time { return time.Date(2025, m, d, h, 0, 0, 0, berlin) }
	for _, c := range []struct {
		name string
		p    Pattern
		from Date
		want Interval
	}{
		{"24 h", Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{9, 0}}, Date{2025, 5, 5}, Interval{at(5, 5, 9), at(5, 6, 9)}},
		{"23 h on spring-forward", Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{9, 0}}, Date{2025, 3, 29}, Interval{at(3, 29, 9), at(3, 30, 9)}},
		{"night", Pattern{Start: TimeOfDay{20, 0}, End: TimeOfDay{8, 0}}, Date{2025, 5, 5}, Interval{at(5, 5, 20), at(5, 6, 8)}},
		{"to midnight", Pattern{Start: TimeOfDay{17, 0}, End: TimeOfDay{0, 0}}, Date{2025, 5, 5}, Interval{at(5, 5, 17), at(5, 6, 0)}},
		{"zero pattern", Pattern{}, Date{2025, 10, 26}, Interval{at(10, 26, 0), at(10, 27, 0)}},
	} {
		slots := mustSlots(t, c.p, berlin, c.from, 1)
		if len(slots) != 1 {
			t.Errorf("%s: %d slots, want 1", c.name, len(slots))
			continue
		}
		if got := (Interval{slots[0].Start, slots[0].End}); !got.Start.Equal(c.want.Start) || !got.End.Equal(c.want.End) {
			t.Errorf("%s: %s to %s, want %s to %s", c.name, got.Start, got.End, c.want.Start, c.want.End)
		}
	}
	if d := mustSlots(t, Pattern{}, berlin, Date{2025, 10, 26}, 1)[0].Duration(); d != 25*time.Hour {
		t.Errorf("zero pattern on the fall-back day: %s, want 25h0m0s", d)
	}
	// In JSON the times are "HH:MM"; "24:00" is not a time of day.
	var p Pattern
	if err := json.Unmarshal([]byte(`{"days":"Mon-Fri","start":"20:00","end":"08:00"}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.Start != (TimeOfDay{20, 0}) || p.End != (TimeOfDay{8, 0}) {
		t.Errorf("decoded %+v, want start 20:00, end 08:00", p)
	}
	if err := json.Unmarshal([]byte(`{"start":"22:00","end":"24:00"}`), &p); err == nil || !strings.Contains(err.Error(), `"24:00"`) {
		t.Errorf("end 24:00 decoded, err %v; want an error naming it", err)
	}
}

// Week 1 around the clock in 12 h shifts with a primary and a secondary,
// then business hours with on-call slots outside them.
func TestPhaseSlots(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	business, err := NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h int) time.Time { return time.Date(2025, 3, d, h, 0, 0, 0, berlin) }
	e := Engagement{
		ID: "erp", Location: berlin, GoLive: at(24, 8), PlannedEnd: at(24, 8).AddDate(0, 0, 14),
		Phases: []Phase{{Name: "week 1", Start: 0, Days: 7}, {Name: "business", Start: 7, Days: 7, Coverage: business}},
	}
	slots, err := PhaseSlots(e,
		PhaseShifts{Phase: "week 1", Handoffs: []TimeOfDay{{8, 0}, {20, 0}}, Seats: 2},
		PhaseShifts{Phase: "business", Handoffs: []TimeOfDay{{9, 0}}, OnCallSeats: 1})
	if err != nil {
		t.Fatal(err)
	}
	var week1, rest []Slot
	for _, s := range slots {
		if s.Name == "week 1" {
			week1 = append(week1, s)
		} else {
			rest = append(rest, s)
		}
	}
	if len(week1) != 14 {
		t.Fatalf("%d week-1 slots, want 14", len(week1))
	}
	for _, s := range week1 {
		want := 12 * time.Hour
		if s.Start.Equal(at(29, 20)) {
			want = 11 * time.Hour // the spring-forward night
		}
		if s.Duration() != want || s.Seats != 2 || s.OnCall {
			t.Errorf("week-1 slot %s: %s, %d seats, on call %v; want %s, 2 seats, not on call", s, s.Duration(), s.Seats, s.OnCall, want)
		}
	}
	apr := func(d, h int) time.Time { return time.Date(2025, 4, d, h, 0, 0, 0, berlin) }
	onCall := func(from, to time.Time) Slot {
		return Slot{Name: "business on-call", Start: from, End: to, Seats: 1, OnCall: true}
	}
	day := func(d int) Slot { return Slot{Name: "business", Start: at(d, 9), End: at(d, 17)} }
	dayApr := func(d int) Slot { return Slot{Name: "business", Start: apr(d, 9), End: apr(d, 17)} }
	want := []Slot{
		onCall(at(31, 8), at(31, 9)), day(31), onCall(at(31, 17), apr(1, 9)),
		dayApr(1), onCall(apr(1, 17), apr(2, 9)),
		dayApr(2), onCall(apr(2, 17), apr(3, 9)),
		dayApr(3), onCall(apr(3, 17), apr(4, 9)),
		dayApr(4), onCall(apr(4, 17), apr(5, 9)),
		onCall(apr(5, 9), apr(6, 9)), onCall(apr(6, 9), apr(7, 8)),
	}
	if diff := cmp.Diff(want, rest); diff != "" {
		t.Errorf("business-phase slots (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		ps   PhaseShifts
		want string
	}{
		{PhaseShifts{Phase: "nope"}, "no phase of that name"},
		{PhaseShifts{Phase: "week 1", Handoffs: []TimeOfDay{{8, 0}, {8, 60}}}, "handoff 08:60 is not a time of day"},
		{PhaseShifts{Phase: "week 1", Seats: -1}, "negative seats"},
		{PhaseShifts{Phase: "week 1", Pair: true}, "pairing needs two seats"},
		{PhaseShifts{Phase: "week 1", Skills: []string{"sap", ""}}, "skill 1 is empty"},
		{PhaseShifts{Phase: "week 1", OnCallSeats: 1, OnCallSkills: []string{""}}, "on-call skill 0 is empty"},
	} {
		if _, err := PhaseSlots(e, c.ps); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err %v, want one containing %q", c.ps, err, c.want)
		}
	}
	if _, err := PhaseSlots(Engagement{}); err == nil {
		t.Error("invalid engagement: no error")
	}
}
