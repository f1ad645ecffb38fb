package hypercare

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func loadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustSlots(t testing.TB, p Pattern, loc *time.Location, from Date, days int) []Slot {
	t.Helper()
	slots, err := p.Slots(loc, from, days)
	if err != nil {
		t.Fatal(err)
	}
	return slots
}

func mustPlan(t testing.TB, r Rota) Roster {
	t.Helper()
	ro, err := r.Plan()
	if err != nil {
		t.Fatal(err)
	}
	vs, err := r.Violations(ro.Shifts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) > 0 {
		t.Fatalf("plan breaks rules: %v", vs)
	}
	return ro
}

func shiftCounts(ro Roster) map[PersonID]int {
	out := map[PersonID]int{}
	for _, l := range ro.Loads {
		out[l.Person] = l.Shifts
	}
	return out
}

func sortedCounts(ro Roster) []int {
	var out []int
	for _, l := range ro.Loads {
		out = append(out, l.Shifts)
	}
	slices.Sort(out)
	return out
}

func rotaTeam(ids ...string) []Person {
	var out []Person
	for _, id := range ids {
		out = append(out, Person{ID: PersonID(id), Team: Project})
	}
	return out
}

// The first case (GoAlert #55): 14 people on a weekday-only daily
// rotation for 4 weeks. Masking a daily clock rotation left 4 of them
// without a shift; assigning the 20 slots directly gives 6 people 2 shifts
// and 8 people 1, nobody 0.
func TestPlanWeekdayOnlyFourteenPeople(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	var ids []string
	for i := range 14 {
		ids = append(ids, fmt.Sprintf("p%02d", i+1))
	}
	for _, p := range []Pattern{
		{Name: "day", Days: "Mon-Fri", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}},
		{Name: "daily", Days: "Mon-Fri", Start: TimeOfDay{9, 0}, End: TimeOfDay{9, 0}},
	} {
		t.Run(p.Name, func(t *testing.T) {
			slots := mustSlots(t, p, berlin, Date{2025, 1, 6}, 28)
			if len(slots) != 20 {
				t.Fatalf("%d slots, want 20", len(slots))
			}
			ro := mustPlan(t, Rota{People: rotaTeam(ids...), Slots: slots})
			want := []int{1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2}
			if diff := cmp.Diff(want, sortedCounts(ro)); diff != "" {
				t.Errorf("shift counts (-want +got):\n%s", diff)
			}
			if ro.Bound.Shifts != 2 || !ro.Bound.Exact || ro.Fairness.ShiftRange != 1 {
				t.Errorf("bound %+v, shift range %d; want 2 shifts, exact, range 1", ro.Bound, ro.Fairness.ShiftRange)
			}
		})
	}
}

// The second case: A, B, C on daily 24 h shifts with a 09:00 Berlin
// handoff from Monday 2025-03-24 for 14 days. Europe springs forward on
// 2025-03-30, so the Saturday 29th to Sunday 30th shift is 23 h and the
// total 14×24 − 1 = 335 h; 14 shifts over 3 people is {5, 5, 4}. The flow
// bound is 23 + 4×24 = 119 h (the busiest person holds at least the 5
// shortest shifts); the least possible largest load is 120 h (two people hold
// 5 shifts, only one of which can be the short one), which Plan's exhaustive
// search proves, raising L* to it. The best spread puts the 23 h shift with a
// 5-shift person: loads {96, 119, 120} h.
func TestPlanDailyHandoffAcrossSpringForward(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	slots := mustSlots(t, Pattern{Name: "day", Start: TimeOfDay{9, 0}, End: TimeOfDay{9, 0}}, berlin, Date{2025, 3, 24}, 14)
	if len(slots) != 14 {
		t.Fatalf("%d slots, want 14", len(slots))
	}
	var total time.Duration
	for i, s := range slots {
		for _, at := range []time.Time{s.Start, s.End} {
			if local := at.In(berlin); local.Hour() != 9 || local.Minute() != 0 {
				t.Errorf("slot %d: handoff at %s, want 09:00 local", i, local)
			}
		}
		want := 24 * time.Hour
		if DateOf(s.Start.In(berlin)) == (Date{2025, 3, 29}) {
			want = 23 * time.Hour
		}
		if s.Duration() != want {
			t.Errorf("slot %s lasts %s, want %s", s, s.Duration(), want)
		}
		total += s.Duration()
	}
	if total != 335*time.Hour {
		t.Errorf("total %s, want 335h", total)
	}
	ro := mustPlan(t, Rota{People: rotaTeam("A", "B", "C"), Slots: slots})
	if diff := cmp.Diff([]int{4, 5, 5}, sortedCounts(ro)); diff != "" {
		t.Errorf("shift counts (-want +got):\n%s", diff)
	}
	var totals []time.Duration
	var sum time.Duration
	for _, l := range ro.Loads {
		totals = append(totals, l.Total)
		sum += l.Total
	}
	slices.Sort(totals)
	if diff := cmp.Diff([]time.Duration{96 * time.Hour, 119 * time.Hour, 120 * time.Hour}, totals); diff != "" {
		t.Errorf("loads (-want +got):\n%s", diff)
	}
	if sum != 335*time.Hour {
		t.Errorf("loads add up to %s, want 335h", sum)
	}
	if want := (Bound{Total: 120 * time.Hour, Shifts: 5, Exact: true}); ro.Bound != want {
		t.Errorf("bound %+v, want %+v", ro.Bound, want)
	}
	// Measure has only the flow bound.
	measured, err := Rota{People: rotaTeam("A", "B", "C"), Slots: slots}.Measure(ro.Shifts)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Bound{Total: 119 * time.Hour, Shifts: 5}); measured.Bound != want {
		t.Errorf("flow bound %+v, want %+v", measured.Bound, want)
	}
	if got, want := measured.Fairness.MaxOverBound, 120.0/119.0; got != want {
		t.Errorf("max over bound %v, want %v", got, want)
	}
	if diff := cmp.Diff(ro.Loads, measured.Loads); diff != "" {
		t.Errorf("Measure's loads differ from Plan's (-plan +measure):\n%s", diff)
	}
}

// Falling back on 2025-10-26 makes the Saturday 25th to Sunday 26th shift
// 25 h.
func TestPatternDailyHandoffAcrossFallBack(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	slots := mustSlots(t, Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{9, 0}}, berlin, Date{2025, 10, 20}, 14)
	var total time.Duration
	for _, s := range slots {
		total += s.Duration()
		if DateOf(s.Start.In(berlin)) == (Date{2025, 10, 25}) && s.Duration() != 25*time.Hour {
			t.Errorf("slot %s lasts %s, want 25h", s, s.Duration())
		}
	}
	if total != 337*time.Hour {
		t.Errorf("total %s, want 337h", total)
	}
}

// The third case: A to D on Mon-Fri 09:00-17:00 for two weeks, D
// away in week 1 and C in week 2. Nobody works inside an absence; L* is
// ⌈10/4⌉ = 3 shifts and the loads {3, 3, 2, 2}. Of the plans with that
// spread, the planner gives the extra shifts to A and B, who may take all 10
// slots, rather than to C or D, who may take 5 each.
func TestPlanWithAbsences(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	week := func(d Date) []Interval { return []Interval{{d.In(berlin), d.AddDays(7).In(berlin)}} }
	people := rotaTeam("A", "B", "C", "D")
	people[2].TimeOff = week(Date{2025, 3, 10})
	people[3].TimeOff = week(Date{2025, 3, 3})
	slots := mustSlots(t, Pattern{Name: "day", Days: "Mon-Fri", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, Date{2025, 3, 3}, 14)
	ro := mustPlan(t, Rota{People: people, Slots: slots})
	for _, sh := range ro.Shifts {
		for _, id := range sh.People {
			i := slices.IndexFunc(people, func(p Person) bool { return p.ID == id })
			if !people[i].Available(Interval{sh.Start, sh.End}) {
				t.Errorf("%s works %s during an absence", id, sh.Slot)
			}
		}
	}
	if diff := cmp.Diff(map[PersonID]int{"A": 3, "B": 3, "C": 2, "D": 2}, shiftCounts(ro)); diff != "" {
		t.Errorf("shift counts (-want +got):\n%s", diff)
	}
	if want := (Bound{Total: 24 * time.Hour, Shifts: 3, Exact: true}); ro.Bound != want {
		t.Errorf("bound %+v, want %+v", ro.Bound, want)
	}
}

// SRE practice: at most 25% of the time on call, so a 24x7 primary and
// secondary rotation needs at least 8 people. With 6 h on-call shifts for a
// week (28 slots, 56 seats of 6 h) each person may hold 168 h × 25% = 42 h,
// 7 shifts: 8 people hold exactly 56 seats, 7 people only 49.
func TestPlanOnCallShareNeedsEightPeople(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	var slots []Slot
	for h := 0; h < 24; h += 6 {
		start, end := TimeOfDay{h, 0}, TimeOfDay{(h + 6) % 24, 0}
		slots = append(slots, mustSlots(t, Pattern{Name: "on-call " + start.String(), Start: start, End: end, Seats: 2, OnCall: true}, berlin, Date{2025, 2, 3}, 7)...)
	}
	var ids []string
	for i := range 8 {
		ids = append(ids, fmt.Sprintf("p%d", i+1))
	}
	ro := mustPlan(t, Rota{People: rotaTeam(ids...), Slots: slots})
	for _, l := range ro.Loads {
		if l.OnCall != 42*time.Hour || l.Shifts != 7 {
			t.Errorf("%s: %d shifts, %s on call; want 7 and 42h", l.Person, l.Shifts, l.OnCall)
		}
	}
	_, err := Rota{People: rotaTeam(ids[:7]...), Slots: slots}.Plan()
	var inf *InfeasibleError
	if !errors.As(err, &inf) || !inf.Proven {
		t.Fatalf("7 people: err %v, want a proven *InfeasibleError", err)
	}
	for _, u := range inf.Unfilled {
		for _, b := range u.Blocked {
			if b.Rule != RotaOnCallShare && b.Rule != RotaOverlap {
				t.Errorf("slot %d: %s blocked by %s (%s), want on-call share or overlap", u.Index, b.Person, b.Rule, b.Reason)
			}
		}
	}
	if !strings.Contains(err.Error(), "on-call-share") {
		t.Errorf("error %q does not name the on-call share", err)
	}
}

// A slot nobody may take is reported with the rule that keeps each person
// off it: never a roster with a gap.
func TestPlanInfeasibleNamesEachSlotAndRule(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	day := Date{2025, 5, 5}
	people := []Person{
		{ID: "ana", Team: Project, Skills: []string{"db"}, TimeOff: []Interval{{day.In(berlin), day.AddDays(1).In(berlin)}}},
		{ID: "bo", Team: SteadyState},
	}
	slots := []Slot{
		{Name: "db", Start: day.In(berlin).Add(9 * time.Hour), End: day.In(berlin).Add(17 * time.Hour), Skills: []string{"db"}},
		{Name: "easy", Start: day.AddDays(1).In(berlin).Add(9 * time.Hour), End: day.AddDays(1).In(berlin).Add(17 * time.Hour)},
		{Name: "pair", Start: day.AddDays(2).In(berlin).Add(9 * time.Hour), End: day.AddDays(2).In(berlin).Add(17 * time.Hour), Seats: 3, Pair: true},
	}
	_, err := Rota{People: people, Slots: slots}.Plan()
	var inf *InfeasibleError
	if !errors.As(err, &inf) || !inf.Proven {
		t.Fatalf("err %v, want a proven *InfeasibleError", err)
	}
	type blocked struct {
		Index, Empty int
		Who          []Blocked
	}
	var got []blocked
	for _, u := range inf.Unfilled {
		var who []Blocked
		for _, b := range u.Blocked {
			who = append(who, Blocked{Person: b.Person, Rule: b.Rule})
		}
		got = append(got, blocked{u.Index, u.Empty, who})
	}
	want := []blocked{
		{0, 1, []Blocked{{Person: "ana", Rule: RotaAvailability}, {Person: "bo", Rule: RotaSkill}}},
		{2, 1, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("unfilled (-want +got):\n%s", diff)
	}
	for _, s := range []string{"2 slots cannot be filled", `bo (lacks skill "db")`, "ana (time off", "1 of 3 seats empty"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q lacks %q", err, s)
		}
	}
}

// Pairing a Project and a SteadyState member on every slot puts the only
// Project member on all of them, and L* knows it.
func TestPlanPairingTightensBound(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	people := []Person{{ID: "pro", Team: Project}, {ID: "s1", Team: SteadyState}, {ID: "s2", Team: SteadyState}, {ID: "s3", Team: SteadyState}}
	slots := mustSlots(t, Pattern{Name: "handover", Days: "Mon-Thu", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}, Seats: 2, Pair: true}, berlin, Date{2025, 5, 5}, 7)
	r := Rota{People: people, Slots: slots}
	ro := mustPlan(t, r)
	if got := shiftCounts(ro)["pro"]; got != 4 {
		t.Errorf("pro holds %d shifts, want 4", got)
	}
	if ro.Bound.Shifts != 4 || ro.Bound.Total != 32*time.Hour {
		t.Errorf("bound %+v, want 4 shifts, 32h", ro.Bound)
	}
	if diff := cmp.Diff([]int{1, 1, 2, 4}, sortedCounts(ro)); diff != "" {
		t.Errorf("shift counts (-want +got):\n%s", diff)
	}
}

// Carried load is fairness debt: whoever did more before gets less now.
func TestPlanCarriedLoad(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	slots := mustSlots(t, Pattern{Days: "Mon-Thu", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, Date{2025, 5, 5}, 7)
	r := Rota{People: rotaTeam("A", "B"), Slots: slots, Rules: RotaRules{Carried: map[PersonID]Load{"A": {Shifts: 2, Total: 16 * time.Hour}}}}
	ro := mustPlan(t, r)
	if diff := cmp.Diff(map[PersonID]int{"A": 3, "B": 3}, shiftCounts(ro)); diff != "" {
		t.Errorf("shift counts with carried (-want +got):\n%s", diff)
	}
	if ro.Loads[0].Total != 24*time.Hour || ro.Loads[1].Total != 24*time.Hour {
		t.Errorf("loads %v, want 24h each", ro.Loads)
	}
	if want := (Bound{Total: 24 * time.Hour, Shifts: 3, Exact: true}); ro.Bound != want {
		t.Errorf("bound %+v, want %+v", ro.Bound, want)
	}
}

// The rules and per-person limits hold on a week of 12 h shifts around the
// clock with a primary and a secondary.
func TestPlanRulesAndLimits(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	slots := append(
		mustSlots(t, Pattern{Name: "day", Start: TimeOfDay{8, 0}, End: TimeOfDay{20, 0}, Seats: 2}, berlin, Date{2025, 3, 24}, 14),
		mustSlots(t, Pattern{Name: "night", Start: TimeOfDay{20, 0}, End: TimeOfDay{8, 0}, Seats: 2, OnCall: true}, berlin, Date{2025, 3, 24}, 14)...)
	var ids []string
	for i := range 8 {
		ids = append(ids, fmt.Sprintf("p%d", i+1))
	}
	r := Rota{People: rotaTeam(ids...), Slots: slots, Rules: RotaRules{
		MinRest: 12 * time.Hour, MaxConsecutiveDays: 4, MaxPer7Days: 48 * time.Hour,
		Limits:   map[PersonID]RotaLimits{"p1": {MaxPer7Days: 24 * time.Hour}, "p2": {MinRest: -1}},
		Location: berlin,
	}}
	ro := mustPlan(t, r)
	if got := naiveViolations(r, ro.Shifts); len(got) > 0 {
		t.Fatalf("naive checker finds %v", got)
	}
	if ro.Loads[0].Total > 48*time.Hour {
		t.Errorf("p1 works %s over two weeks, more than 2×24h", ro.Loads[0].Total)
	}
	if ro.Fairness.Max > ro.Bound.Total+12*time.Hour {
		t.Errorf("largest load %s is more than a shift above L* %s", ro.Fairness.Max, ro.Bound.Total)
	}
}

// Sleep-hour and weekend time are counted on each person's own clock.
func TestMeasureSleepAndWeekendByZone(t *testing.T) {
	berlin, york := loadZone(t, "Europe/Berlin"), loadZone(t, "America/New_York")
	start := time.Date(2025, 2, 8, 20, 0, 0, 0, berlin) // Saturday 20:00 CET = 14:00 EST
	shift := Shift{Slot: Slot{Name: "night", Start: start, End: start.Add(12 * time.Hour)}, People: []PersonID{"ber"}}
	other := shift
	other.People = []PersonID{"ny"}
	r := Rota{People: []Person{{ID: "ber", Zone: berlin}, {ID: "ny", Zone: york}}}
	ro, err := r.Measure([]Shift{shift, other})
	if err != nil {
		t.Fatal(err)
	}
	want := []Load{
		{Person: "ber", Shifts: 1, Total: 12 * time.Hour, Sleep: 10 * time.Hour, Weekend: 12 * time.Hour},
		{Person: "ny", Shifts: 1, Total: 12 * time.Hour, Sleep: 4 * time.Hour, Weekend: 12 * time.Hour},
	}
	if diff := cmp.Diff(want, ro.Loads); diff != "" {
		t.Errorf("loads (-want +got):\n%s", diff)
	}
	if ro.Fairness.SleepRange != 6*time.Hour || ro.Fairness.Gini != 0 {
		t.Errorf("fairness %+v, want sleep range 6h and Gini 0", ro.Fairness)
	}
}

// Validate finds every broken rule in a hand-made roster.
func TestValidateHandMadeRoster(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	at := func(d, h int) time.Time { return time.Date(2025, 5, d, h, 0, 0, 0, berlin) } // Mon 5 May 2025
	people := []Person{
		{ID: "ana", Team: Project, Skills: []string{"db"}, TimeOff: []Interval{{at(9, 0), at(10, 0)}}},
		{ID: "bo", Team: Project},
		{ID: "cy", Team: SteadyState, Skills: []string{"db"}},
	}
	slot := func(name string, d, from, hours int) Slot {
		return Slot{Name: name, Start: at(d, from), End: at(d, from).Add(time.Duration(hours) * time.Hour)}
	}
	demand := []Slot{slot("mon", 5, 9, 8), slot("missing", 5, 20, 4)}
	r := Rota{People: people, Slots: demand, Rules: RotaRules{MinRest: 11 * time.Hour, MaxConsecutiveDays: 1, MaxPer7Days: 30 * time.Hour, Location: berlin}}
	dbSlot := slot("db", 6, 9, 8)
	dbSlot.Skills = []string{"db"}
	pair := slot("pair", 11, 9, 8)
	pair.Seats, pair.Pair = 2, true
	shifts := []Shift{
		{Slot: demand[0], People: []PersonID{"ana"}},                       // 0
		{Slot: slot("late", 5, 15, 4), People: []PersonID{"ana"}},          // 1: overlaps 0
		{Slot: slot("early", 6, 2, 4), People: []PersonID{"ana", "ghost"}}, // 2: 9 h after 0, 7 h after 1; 2 people on 1 seat
		{Slot: dbSlot, People: []PersonID{"bo", "bo"}},                     // 3: no skill; twice
		{Slot: slot("thu", 8, 9, 8), People: []PersonID{"ana"}},            // 4: 2nd run of days
		{Slot: slot("fri", 9, 9, 8), People: []PersonID{"ana"}},            // 5: time off
		{Slot: pair, People: []PersonID{"ana", "bo"}},                      // 6: no steady-state member
		{Slot: slot("empty", 12, 9, 8), People: nil},                       // 7
	}
	got, err := r.Violations(shifts)
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{
		{Rule: RotaCoverage, Shift: -1, Reason: "slot missing Mon 2025-05-05 20:00 CEST to Tue 2025-05-06 00:00 CEST is missing from the roster"},
		{Rule: RotaConsecutiveDays, Person: "ana", Shift: -1, Reason: "works 2 days in a row, 2025-05-05 to 2025-05-06 (maximum 1 day in a row)"},
		{Rule: RotaConsecutiveDays, Person: "ana", Shift: -1, Reason: "works 2 days in a row, 2025-05-08 to 2025-05-09 (maximum 1 day in a row)"},
		// mon 8 + late 4 + early 4 + thu 8 + fri 8 + pair 8 h, all in the 7 days to the end of pair.
		{Rule: RotaHoursPer7Days, Person: "ana", Shift: -1, Reason: "40h0m0s on shift in the 7 days from 2025-05-04 17:00 CEST (maximum 30h0m0s)"},
		{Rule: RotaOverlap, Person: "ana", Shift: 1, Reason: "on mon Mon 2025-05-05 09:00 CEST to Mon 2025-05-05 17:00 CEST and late Mon 2025-05-05 15:00 CEST to Mon 2025-05-05 19:00 CEST at once"},
		{Rule: RotaCoverage, Shift: 2, Reason: "early Tue 2025-05-06 02:00 CEST to Tue 2025-05-06 06:00 CEST: 2 people on 1 seats"},
		{Rule: RotaRest, Person: "ana", Shift: 2, Reason: "9h0m0s between mon Mon 2025-05-05 09:00 CEST to Mon 2025-05-05 17:00 CEST and early Tue 2025-05-06 02:00 CEST to Tue 2025-05-06 06:00 CEST (minimum 11h0m0s)"},
		{Rule: RotaRest, Person: "ana", Shift: 2, Reason: "7h0m0s between late Mon 2025-05-05 15:00 CEST to Mon 2025-05-05 19:00 CEST and early Tue 2025-05-06 02:00 CEST to Tue 2025-05-06 06:00 CEST (minimum 11h0m0s)"},
		{Rule: RotaUnknownPerson, Person: "ghost", Shift: 2, Reason: "early Tue 2025-05-06 02:00 CEST to Tue 2025-05-06 06:00 CEST names someone who is not in the rota"},
		{Rule: RotaCoverage, Shift: 3, Reason: "db Tue 2025-05-06 09:00 CEST to Tue 2025-05-06 17:00 CEST: 2 people on 1 seats"},
		{Rule: RotaSkill, Person: "bo", Shift: 3, Reason: `on db Tue 2025-05-06 09:00 CEST to Tue 2025-05-06 17:00 CEST without skill "db"`},
		{Rule: RotaOverlap, Person: "bo", Shift: 3, Reason: "holds two seats of db Tue 2025-05-06 09:00 CEST to Tue 2025-05-06 17:00 CEST"},
		{Rule: RotaAvailability, Person: "ana", Shift: 5, Reason: "on fri Fri 2025-05-09 09:00 CEST to Fri 2025-05-09 17:00 CEST during time off 2025-05-09 00:00 CEST to 2025-05-10 00:00 CEST"},
		{Rule: RotaPairing, Shift: 6, Reason: "pair Sun 2025-05-11 09:00 CEST to Sun 2025-05-11 17:00 CEST has no steady-state member"},
		{Rule: RotaCoverage, Shift: 7, Reason: "empty Mon 2025-05-12 09:00 CEST to Mon 2025-05-12 17:00 CEST: 1 of 1 seats empty"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(naiveViolations(r, shifts), keysOf(got)); diff != "" {
		t.Errorf("naive checker disagrees (-naive +Validate):\n%s", diff)
	}
}

// A shift of a hand-made roster that copies a slot of the rota without its
// requirements (a spreadsheet that kept name and times only) is judged by
// the rota's slot: its skills, seats, pairing and on call.
func TestViolationsJudgeByTheRotasSlot(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	at := func(d, h int) time.Time { return time.Date(2025, 5, d, h, 0, 0, 0, berlin) } // Mon 5 May 2025
	people := []Person{{ID: "ana", Team: Project}, {ID: "bo", Team: Project, Skills: []string{"db"}}}
	db := Slot{Name: "db", Start: at(5, 9), End: at(5, 17), Skills: []string{"db"}, Seats: 2, Pair: true}
	night := Slot{Name: "night", Start: at(5, 17), End: at(6, 9), OnCall: true}
	r := Rota{People: people, Slots: []Slot{db, night}, Rules: RotaRules{MaxOnCallShare: decimal.New(25, -2), Location: berlin}}
	bare := func(s Slot) Slot { return Slot{Name: s.Name, Start: s.Start, End: s.End} }
	shifts := []Shift{{Slot: bare(db), People: []PersonID{"ana"}}, {Slot: bare(night), People: []PersonID{"bo"}}}
	got, err := r.Violations(shifts)
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{
		// Horizon Mon 09:00 to Tue 09:00: bo on call 16 of 24 h.
		{Rule: RotaOnCallShare, Person: "bo", Shift: -1, Reason: "16h0m0s on call is 66.7% of the 24h0m0s horizon (maximum 25%)"},
		{Rule: RotaCoverage, Shift: 0, Reason: "db Mon 2025-05-05 09:00 CEST to Mon 2025-05-05 17:00 CEST: 1 of 2 seats empty"},
		{Rule: RotaPairing, Shift: 0, Reason: "db Mon 2025-05-05 09:00 CEST to Mon 2025-05-05 17:00 CEST has no steady-state member"},
		{Rule: RotaSkill, Person: "ana", Shift: 0, Reason: `on db Mon 2025-05-05 09:00 CEST to Mon 2025-05-05 17:00 CEST without skill "db"`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(naiveViolations(r, shifts), keysOf(got)); diff != "" {
		t.Errorf("naive checker disagrees (-naive +Validate):\n%s", diff)
	}
}

func TestRotaRejectsBadInput(t *testing.T) {
	now := time.Date(2025, 5, 5, 9, 0, 0, 0, time.UTC)
	ok := Slot{Name: "ok", Start: now, End: now.Add(time.Hour)}
	for _, c := range []struct {
		name string
		r    Rota
		want string
	}{
		{"empty ID", Rota{People: []Person{{}}}, "person 0 has an empty ID"},
		{"repeated ID", Rota{People: rotaTeam("a", "a")}, `person ID "a" is repeated`},
		{"backwards slot", Rota{People: rotaTeam("a"), Slots: []Slot{{Name: "x", Start: now, End: now}}}, "does not end after it starts"},
		{"zero slot", Rota{People: rotaTeam("a"), Slots: []Slot{{Name: "x"}}}, `slot "x" has a zero start or end`},
		{"negative seats", Rota{People: rotaTeam("a"), Slots: []Slot{{Name: "x", Start: now, End: now.Add(time.Hour), Seats: -1}}}, "has -1 seats"},
		{"lonely pair", Rota{People: rotaTeam("a"), Slots: []Slot{{Name: "x", Start: now, End: now.Add(time.Hour), Pair: true}}}, "has 1 seat"},
		{"empty skill", Rota{People: rotaTeam("a"), Slots: []Slot{{Name: "x", Start: now, End: now.Add(time.Hour), Skills: []string{""}}}}, "requires an empty skill"},
		{"negative rest", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{MinRest: -time.Hour}}, "negative minimum rest"},
		{"negative days", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{MaxConsecutiveDays: -1}}, "negative maximum of -1 consecutive days"},
		{"negative week", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{MaxPer7Days: -time.Hour}}, "negative maximum of -1h0m0s per 7 days"},
		{"share above 1", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{MaxOnCallShare: decimal.New(2, 0)}}, "on-call share 2 is outside 0 to 1"},
		{"unknown limits", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{Limits: map[PersonID]RotaLimits{"z": {}}}}, `limits for unknown person "z"`},
		{"unknown carried", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{Carried: map[PersonID]Load{"z": {}}}}, `carried load for unknown person "z"`},
		{"negative carried", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{Carried: map[PersonID]Load{"a": {Total: -1}}}}, `negative carried load for "a"`},
		{"implausible carried", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{Carried: map[PersonID]Load{"a": {Total: time.Hour, Sleep: 2 * time.Hour}}}}, `carried load for "a" is implausible`},
		{"backwards time off", Rota{People: []Person{{ID: "a", TimeOff: []Interval{{now.Add(time.Hour), now}}}}, Slots: []Slot{ok}}, `person "a": time off 0 (2025-05-05T10:00:00Z to 2025-05-05T09:00:00Z) does not end after it starts`},
		{"open-ended time off", Rota{People: []Person{{ID: "a", TimeOff: []Interval{{Start: now}}}}, Slots: []Slot{ok}}, `person "a": time off 0 (2025-05-05T09:00:00Z to 0001-01-01T00:00:00Z) has a zero start or end`},
		{"negative sustainable share", Rota{People: rotaTeam("a"), Slots: []Slot{ok}, Rules: RotaRules{SustainableShare: decimal.New(-1, -1)}}, "sustainable share -0.1 is outside 0 to 1"},
		{"400,000 seats", Rota{People: rotaTeam("a"), Slots: []Slot{{Name: "x", Start: now, End: now.Add(8 * time.Hour), Seats: 400_000}}}, "slot 0 (x Mon 2025-05-05 09:00 UTC to Mon 2025-05-05 17:00 UTC): its 400000 seats of 8h0m0s bring the rota's shift time, with the carried loads, past 146 years"},
		{"centuries", Rota{People: rotaTeam("a"), Slots: []Slot{ok, {Name: "far", Start: now.AddDate(200, 0, 0), End: now.AddDate(200, 0, 1)}}}, "more than 10 years"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.r.Plan()
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "hypercare: ") {
				t.Errorf("Plan: err %v, want one containing %q", err, c.want)
			}
			if _, err := c.r.Violations(nil); err == nil {
				t.Errorf("Validate: no error, want one containing %q", c.want)
			}
			if _, err := c.r.Measure(nil); err == nil {
				t.Errorf("Measure: no error, want one containing %q", c.want)
			}
		})
	}
}

// An empty rota plans to an empty roster.
func TestPlanEmpty(t *testing.T) {
	ro, err := Rota{}.Plan()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Roster{Shifts: []Shift{}, Loads: []Load{}, Bound: Bound{Exact: true}}, ro); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = Rota{Slots: []Slot{{Start: time.Unix(0, 0), End: time.Unix(60, 0)}}}.Plan()
	var inf *InfeasibleError
	if !errors.As(err, &inf) || !strings.Contains(err.Error(), "nobody else to ask") {
		t.Errorf("a slot and no people: err %v, want an *InfeasibleError", err)
	}
}

// The planner staffs the phase slots of a real engagement within the rules.
func TestPlanPhaseSlots(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	business, _ := NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	start := time.Date(2025, 3, 24, 8, 0, 0, 0, berlin)
	e := Engagement{ID: "erp", Location: berlin, GoLive: start, PlannedEnd: start.AddDate(0, 0, 28),
		Phases: []Phase{{Name: "week 1", Days: 7}, {Name: "later", Start: 7, Days: 21, Coverage: business}}}
	slots, err := PhaseSlots(e,
		PhaseShifts{Phase: "week 1", Handoffs: []TimeOfDay{{8, 0}, {20, 0}}, Seats: 2, Pair: true},
		PhaseShifts{Phase: "later", Handoffs: []TimeOfDay{{9, 0}}, OnCallSeats: 1})
	if err != nil {
		t.Fatal(err)
	}
	var people []Person
	for i := range 10 {
		tm := Project
		if i%2 == 1 {
			tm = SteadyState
		}
		people = append(people, Person{ID: PersonID(fmt.Sprintf("p%d", i)), Team: tm})
	}
	r := Rota{People: people, Slots: slots, Rules: RotaRules{MinRest: 11 * time.Hour, MaxConsecutiveDays: 5, MaxPer7Days: 60 * time.Hour, Location: berlin}}
	ro := mustPlan(t, r)
	if ro.Fairness.Max > ro.Bound.Total+longestSlot(slots) {
		t.Errorf("largest load %s, L* %s", ro.Fairness.Max, ro.Bound.Total)
	}
}

func TestRotaRuleText(t *testing.T) {
	for r := RotaCoverage; r <= RotaPairing; r++ {
		b, err := r.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back RotaRule
		if err := back.UnmarshalText([]byte(strings.ToUpper(string(b)))); err != nil || back != r {
			t.Errorf("%s: round trip gave %v, %v", r, back, err)
		}
	}
	if _, err := RotaRule(0).MarshalText(); err == nil {
		t.Error("zero rule marshals")
	}
	if RotaRule(0).Valid() || RotaRule(99).String() != "RotaRule(99)" {
		t.Error("invalid rule looks valid")
	}
	var r RotaRule
	if err := r.UnmarshalText([]byte("nap")); err == nil {
		t.Error("unknown rule decodes")
	}
}

func jsonRoundTrip[T any](t *testing.T, v T) {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var back T
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	again, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Errorf("JSON round trip of %T changed:\n%s\n%s", v, data, again)
	}
}

func TestRotationJSONRoundTrip(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	slots := mustSlots(t, Pattern{Name: "day", Days: "Mon-Fri", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}, Seats: 2, Skills: []string{"db"}, Pair: true}, berlin, Date{2025, 5, 5}, 7)
	people := []Person{{ID: "a", Team: Project, Skills: []string{"db"}, Zone: berlin}, {ID: "b", Team: SteadyState, Skills: []string{"db"}}, {ID: "c", Team: SteadyState, Skills: []string{"db"}}}
	r := Rota{People: people, Slots: slots, Rules: RotaRules{
		MinRest: time.Hour, MaxConsecutiveDays: 5, MaxPer7Days: 40 * time.Hour, MaxOnCallShare: decimal.New(3, -1),
		Limits:  map[PersonID]RotaLimits{"a": {MaxPer7Days: -1, MaxOnCallShare: decimal.New(1, -1), Hours: "Mon-Sun 00:00-24:00"}},
		Carried: map[PersonID]Load{"b": {Shifts: 1, Total: 8 * time.Hour}},
		Hours:   "Mon-Fri 08:00-18:00", Sleep: "Mon-Sun 23:00-07:00", SustainableShare: decimal.New(3, -1),
		History:  []Shift{{Slot: Slot{Name: "before", Start: slots[0].Start.Add(-24 * time.Hour), End: slots[0].End.Add(-24 * time.Hour)}, People: []PersonID{"c"}}},
		Pinned:   []Pin{{Slot: 1, Person: "b"}},
		Location: berlin,
	}}
	jsonRoundTrip(t, r)
	ro := mustPlan(t, r)
	jsonRoundTrip(t, ro)
	w := RotaWarning{Kind: WarnNightImbalance, People: []PersonID{"a"}, Gap: 30 * time.Hour, Reason: "r"}
	jsonRoundTrip(t, w)
	if data, err := json.Marshal(w); err != nil || !strings.Contains(string(data), `"gap":"30h0m0s"`) || !strings.Contains(string(data), `"kind":"night-imbalance"`) {
		t.Errorf("warning JSON: %s, %v", data, err)
	}
	vs, _ := r.Violations([]Shift{{Slot: slots[0]}})
	jsonRoundTrip(t, vs)
	jsonRoundTrip(t, Pattern{Name: "n", Days: "Sat", Start: TimeOfDay{20, 0}, End: TimeOfDay{8, 0}, Seats: 2, Skills: []string{"x"}, OnCall: true})
	jsonRoundTrip(t, PhaseShifts{Phase: "p", Handoffs: []TimeOfDay{{8, 0}, {20, 0}}, Seats: 2, Skills: []string{"x"}, Pair: true, OnCallSeats: 1, OnCallSkills: []string{"y"}})
	if data, err := json.Marshal(PhaseShifts{Phase: "p", Handoffs: []TimeOfDay{{8, 0}, {20, 0}}}); err != nil || string(data) != `{"phase":"p","handoffs":["08:00","20:00"]}` {
		t.Errorf("PhaseShifts JSON: %s, %v; want handoffs as [\"08:00\",\"20:00\"]", data, err)
	}
	_, err := Rota{People: rotaTeam("x"), Slots: slots}.Plan()
	var inf *InfeasibleError
	if !errors.As(err, &inf) {
		t.Fatalf("err %v", err)
	}
	jsonRoundTrip(t, *inf)

	var back RotaRules
	data, _ := json.Marshal(r.Rules)
	if err := json.Unmarshal(data, &back); err != nil || back.Location.String() != "Europe/Berlin" {
		t.Errorf("rules location after round trip: %v, %v", back.Location, err)
	}
	if err := json.Unmarshal([]byte(`{"location":"Mars/Olympus"}`), &back); err == nil {
		t.Error("unknown location decodes")
	}
	if !strings.Contains(string(data), `"min_rest":"1h0m0s"`) || !strings.Contains(string(data), `"max_per_7_days":"-1ns"`) {
		t.Errorf("durations are not Go duration strings: %s", data)
	}
	for _, bad := range []string{`{"min_rest":"11 hours"}`, `{"limits":{"a":{"max_per_7_days":"x"}}}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s decodes", bad)
		}
	}
}

// Infeasibility is proven when the flow or the exhaustive search shows it;
// beyond the search's reach the error says no roster was found.
func TestPlanInfeasibleProven(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	// One person may not work two days in a row, and every day has a slot:
	// the search proves it at once.
	slots := mustSlots(t, Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, Date{2025, 5, 5}, 5)
	_, err := Rota{People: rotaTeam("solo"), Slots: slots, Rules: RotaRules{MaxConsecutiveDays: 1}}.Plan()
	var inf *InfeasibleError
	if !errors.As(err, &inf) || !inf.Proven || inf.Unfilled[0].Blocked[0].Rule != RotaConsecutiveDays {
		t.Errorf("solo: err %v, want a proven *InfeasibleError naming consecutive days", err)
	}
	// Two people may each be on call 20% of a 121 h horizon, 24.2 h, but 60
	// one-hour on-call slots need 60 h. The flow cannot see the cap (both may
	// also take a slot not on call), and the search cannot try every roster.
	start := time.Date(2025, 5, 5, 0, 0, 0, 0, berlin)
	slots = nil
	for i := range 60 {
		at := start.Add(time.Duration(2*i) * time.Hour)
		slots = append(slots, Slot{Name: "page", Start: at, End: at.Add(time.Hour), OnCall: true})
	}
	slots = append(slots, Slot{Name: "desk", Start: start.Add(120 * time.Hour), End: start.Add(121 * time.Hour)})
	_, err = Rota{People: rotaTeam("a", "b"), Slots: slots, Rules: RotaRules{MaxOnCallShare: decimal.New(2, -1)}}.Plan()
	if !errors.As(err, &inf) || inf.Proven || !strings.Contains(err.Error(), "(none found within the search budget)") {
		t.Errorf("on-call cap: err %v, want an unproven *InfeasibleError", err)
	}
	if inf != nil && inf.Unfilled[0].Blocked[0].Rule != RotaOnCallShare {
		t.Errorf("on-call cap: blocked by %+v, want the on-call share", inf.Unfilled[0].Blocked)
	}
}

// Rule durations far beyond the horizon mean the same as the horizon and do
// not overflow: with endless rest everyone takes at most one shift.
func TestPlanEndlessRest(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	slots := mustSlots(t, Pattern{Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}}, berlin, Date{2025, 5, 5}, 3)
	r := Rota{People: rotaTeam("a", "b", "c"), Slots: slots, Rules: RotaRules{MinRest: time.Duration(math.MaxInt64), MaxPer7Days: time.Duration(math.MaxInt64)}}
	ro := mustPlan(t, r)
	if diff := cmp.Diff([]int{1, 1, 1}, sortedCounts(ro)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	r.People = r.People[:2]
	if _, err := r.Plan(); err == nil || !strings.Contains(err.Error(), "rest") {
		t.Errorf("two people, three days, endless rest: err %v", err)
	}
}

// Rota.Slots may hold two slots with one name, start and end (Violations'
// coverage check counts them as a multiset: each needs its own shift). Plan
// staffs each by its own requirements: here "support" Mon 09:00-17:00 once
// with the skill "db" (ana) and once with "net" (bo). Violations of Plan's
// own roster must be empty ("a roster that keeps every rule gives none"),
// so the shifts with that key must take the slots in order, not all the
// first (which judged bo's shift as needing "db").
func TestViolationsSlotsOfOneNameAndTime(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	start := time.Date(2025, 5, 5, 9, 0, 0, 0, berlin) // Mon
	end := start.Add(8 * time.Hour)
	r := Rota{
		People: []Person{{ID: "ana", Team: Project, Skills: []string{"db"}}, {ID: "bo", Team: Project, Skills: []string{"net"}}},
		Slots: []Slot{
			{Name: "support", Start: start, End: end, Skills: []string{"db"}},
			{Name: "support", Start: start, End: end, Skills: []string{"net"}},
		},
		Rules: RotaRules{Location: berlin},
	}
	ro, err := r.Plan()
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.Violations(ro.Shifts)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("Violations of Plan's own roster %v: %v, want none", ro.Shifts, got)
	}
	// The same holds for the hand-made roster that copies each slot.
	hand := []Shift{{Slot: r.Slots[0], People: []PersonID{"ana"}}, {Slot: r.Slots[1], People: []PersonID{"bo"}}}
	if got, err := r.Violations(hand); err != nil || len(got) != 0 {
		t.Errorf("Violations of the hand-made roster: %v, %v; want none", got, err)
	}
}

// Violations now judges a spreadsheet roster's shift by the rota's slot
// (here the on-call night that the export lost), but Measure, which the
// same user calls on the same roster for the loads, still reads the
// shift's copy: Violations says bo is on call 16 h (all of the 16 h
// horizon, above the 25% cap) while Measure's Loads say bo has 0 h on
// call, and no on-call warning can fire. Both should read the roster the
// same way: bo's load has 16 h on call.
func TestMeasureUsesTheRotasSlot(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	at := func(d, h int) time.Time { return time.Date(2025, 5, d, h, 0, 0, 0, berlin) } // Mon 5 May 2025
	night := Slot{Name: "night", Start: at(5, 17), End: at(6, 9), OnCall: true}
	r := Rota{People: rotaTeam("bo"), Slots: []Slot{night}, Rules: RotaRules{MaxOnCallShare: decimal.New(25, -2), Location: berlin}}
	shifts := []Shift{{Slot: Slot{Name: night.Name, Start: night.Start, End: night.End}, People: []PersonID{"bo"}}}
	vs, err := r.Violations(shifts)
	if err != nil {
		t.Fatal(err)
	}
	onCallViolation := false
	for _, v := range vs {
		onCallViolation = onCallViolation || v.Rule == RotaOnCallShare
	}
	ro, err := r.Measure(shifts)
	if err != nil {
		t.Fatal(err)
	}
	if got := ro.Loads[0].OnCall; onCallViolation && got != 16*time.Hour {
		t.Errorf("Violations finds bo on call too long (%v), but Measure's load has %v on call, want 16h0m0s", vs, got)
	}
}

// A scarce skill under a tight weekly cap, found by CI's random seeds: p4
// is the only Project member with the db skill, so p4 must take both paired
// db slots, Monday 00:00-12:00 and Sunday 05:00-17:00 (the day the clocks
// go forward), 24 h inside the 7 days from Monday 00:00 and so all of the
// cap; and p0, the only other Project member, must take the paired slot on
// Friday. Every fixed slot order the planner tries hands one of them
// another shift first, and no ejection chain of three moves undoes it; a
// shuffled order does. The witness shows a roster exists, on the naive
// rule check.
func TestPlanScarceSkillUnderWeeklyCap(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, berlin) }
	people := []Person{
		{ID: "p0", Team: Project},
		{ID: "p1", Team: SteadyState, Skills: []string{"db"}},
		{ID: "p2", Team: SteadyState, Skills: []string{"db"}},
		{ID: "p3", Team: SteadyState, Skills: []string{"db"}, TimeOff: []Interval{{day(35), day(37)}}},
		{ID: "p4", Team: Project, Skills: []string{"db"}},
		{ID: "p5", Team: SteadyState, TimeOff: []Interval{{day(26), day(27)}}},
		{ID: "p6", Team: SteadyState},
		{ID: "p7", Team: SteadyState, Skills: []string{"db"}},
		{ID: "p8", Team: SteadyState, Skills: []string{"db"}, TimeOff: []Interval{{day(37), day(40)}}},
	}
	type row struct {
		name             string
		day, hour, hours int
		seats            int
		db, pair, onCall bool
		witness          []PersonID
	}
	rows := []row{
		{"0", 24, 10, 8, 2, false, false, true, []PersonID{"p6", "p5"}},
		{"1", 30, 5, 12, 2, true, true, false, []PersonID{"p7", "p4"}},
		{"2", 27, 9, 8, 1, true, false, true, []PersonID{"p7"}},
		{"5", 25, 4, 8, 2, false, false, false, []PersonID{"p2", "p6"}},
		{"6", 24, 1, 4, 1, true, false, false, []PersonID{"p2"}},
		{"7", 24, 0, 12, 2, true, true, false, []PersonID{"p3", "p4"}},
		{"8", 24, 0, 8, 1, false, false, false, []PersonID{"p5"}},
		{"9", 24, 0, 12, 1, false, false, false, []PersonID{"p8"}},
		{"10", 25, 13, 8, 2, false, false, false, []PersonID{"p5", "p2"}},
		{"12", 24, 1, 12, 1, false, false, false, []PersonID{"p1"}},
		{"13", 28, 7, 12, 2, false, true, false, []PersonID{"p1", "p0"}},
		{"14", 27, 3, 8, 2, false, false, false, []PersonID{"p0", "p6"}},
		{"16", 29, 10, 8, 2, false, false, false, []PersonID{"p3", "p8"}},
		{"19", 25, 0, 4, 1, false, false, false, []PersonID{"p7"}},
	}
	r := Rota{People: people, Rules: RotaRules{MaxConsecutiveDays: 5, MaxPer7Days: 24 * time.Hour,
		MaxOnCallShare: decimal.New(1, 0), Location: berlin}}
	var witness []Shift
	for _, w := range rows {
		start := time.Date(2025, 3, w.day, w.hour, 0, 0, 0, berlin)
		s := Slot{Name: w.name, Start: start, End: start.Add(time.Duration(w.hours) * time.Hour), Seats: w.seats, Pair: w.pair, OnCall: w.onCall}
		if w.db {
			s.Skills = []string{"db"}
		}
		r.Slots = append(r.Slots, s)
		witness = append(witness, Shift{Slot: s, People: w.witness})
	}
	if vs := naiveViolations(r, witness); len(vs) > 0 {
		t.Fatalf("the witness breaks rules: %v", vs)
	}
	ro, err := r.Plan()
	if err != nil {
		t.Fatalf("a roster exists, but Plan failed: %v", err)
	}
	if vs, _ := r.Violations(ro.Shifts); len(vs) > 0 {
		t.Errorf("plan breaks rules: %v", vs)
	}
	if vs := naiveViolations(r, ro.Shifts); len(vs) > 0 {
		t.Errorf("plan breaks rules on the naive check: %v", vs)
	}
}
