package hypercare

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// Worked cases for working hours, the previous period, pins, the sleep
// window, the default on-call cap and the plan's warnings.

// Follow the sun: Singapore, London and New York, each only 07:00-21:00 on
// their own clock, staff 8 h shifts round the clock in UTC. 00-08 UTC is
// 08-16 in Singapore (and night elsewhere), 08-16 UTC is 08-16 in London
// (GMT in March), 16-24 UTC is 12-20 in New York (EDT since 9 March): each
// slot has exactly one person who may take it.
func TestPlanFollowTheSun(t *testing.T) {
	people := []Person{
		{ID: "sg", Team: Project, Zone: loadZone(t, "Asia/Singapore")},
		{ID: "ldn", Team: Project, Zone: loadZone(t, "Europe/London")},
		{ID: "ny", Team: Project, Zone: loadZone(t, "America/New_York")},
	}
	var slots []Slot
	for _, start := range []TimeOfDay{{0, 0}, {8, 0}, {16, 0}} {
		slots = append(slots, mustSlots(t, Pattern{Name: "follow " + start.String(), Start: start, End: TimeOfDay{(start.Hour + 8) % 24, 0}}, time.UTC, Date{2025, 3, 10}, 7)...)
	}
	r := Rota{People: people, Slots: slots, Rules: RotaRules{Hours: "Mon-Sun 07:00-21:00"}}
	ro := mustPlan(t, r)
	want := map[int]PersonID{0: "sg", 8: "ldn", 16: "ny"}
	for _, sh := range ro.Shifts {
		if diff := cmp.Diff([]PersonID{want[sh.Start.Hour()]}, sh.People); diff != "" {
			t.Errorf("%s (-want +got):\n%s", sh.Slot, diff)
		}
	}
	if diff := cmp.Diff([]int{7, 7, 7}, sortedCounts(ro)); diff != "" {
		t.Errorf("shift counts (-want +got):\n%s", diff)
	}
}

// Hours follow the wall clock across DST: 06:00-07:00 UTC is 06:00-07:00 in
// London on Friday 28 March 2025 (GMT), outside 07:00-21:00, and
// 07:00-08:00 on Monday 31 March (BST), inside.
func TestHoursAcrossDST(t *testing.T) {
	london := loadZone(t, "Europe/London")
	slot := func(d Date) Slot {
		start := d.In(time.UTC).Add(6 * time.Hour)
		return Slot{Name: "early", Start: start, End: start.Add(time.Hour)}
	}
	r := Rota{People: []Person{{ID: "ana", Team: Project, Zone: london}},
		Rules: RotaRules{Limits: map[PersonID]RotaLimits{"ana": {Hours: "Mon-Sun 07:00-21:00"}}}}
	shifts := []Shift{{Slot: slot(Date{2025, 3, 28}), People: []PersonID{"ana"}}, {Slot: slot(Date{2025, 3, 31}), People: []PersonID{"ana"}}}
	vs, err := r.Violations(shifts)
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{{Rule: RotaAvailability, Person: "ana", Shift: 0,
		Reason: "on early Fri 2025-03-28 06:00 UTC to Fri 2025-03-28 07:00 UTC outside their hours Mon-Sun 07:00-21:00 Europe/London"}}
	if diff := cmp.Diff(want, vs); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}

// The previous period's last shifts count for rest and consecutive days.
// Without history both cases would give Monday's day shift to ana (the
// first of two equally loaded people).
func TestPlanHonoursHistory(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	monday := Date{2025, 6, 2}
	days := mustSlots(t, Pattern{Name: "day", Start: TimeOfDay{8, 0}, End: TimeOfDay{20, 0}}, berlin, monday, 2)
	at := func(d Date, h int) time.Time { return d.In(berlin).Add(time.Duration(h) * time.Hour) }
	for _, tc := range []struct {
		name    string
		rules   RotaRules
		wantMon PersonID
	}{
		{name: "no history", rules: RotaRules{MinRest: 11 * time.Hour, Location: berlin}, wantMon: "ana"},
		{name: "rest after Sunday night", wantMon: "bo", rules: RotaRules{MinRest: 11 * time.Hour, Location: berlin,
			History: []Shift{{Slot: Slot{Name: "night", Start: at(Date{2025, 6, 1}, 20), End: at(monday, 8)}, People: []PersonID{"ana"}}}}},
		{name: "fourth day in a row", wantMon: "bo", rules: RotaRules{MaxConsecutiveDays: 3, Location: berlin,
			History: []Shift{
				{Slot: Slot{Name: "day", Start: at(Date{2025, 5, 30}, 8), End: at(Date{2025, 5, 30}, 20)}, People: []PersonID{"ana"}},
				{Slot: Slot{Name: "day", Start: at(Date{2025, 5, 31}, 8), End: at(Date{2025, 5, 31}, 20)}, People: []PersonID{"ana"}},
				{Slot: Slot{Name: "day", Start: at(Date{2025, 6, 1}, 8), End: at(Date{2025, 6, 1}, 20)}, People: []PersonID{"ana"}},
			}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Rota{People: rotaTeam("ana", "bo"), Slots: days, Rules: tc.rules}
			ro := mustPlan(t, r)
			if diff := cmp.Diff([]PersonID{tc.wantMon}, ro.Shifts[0].People); diff != "" {
				t.Errorf("Monday (-want +got):\n%s", diff)
			}
			// Putting ana on Monday breaks the rule history makes binding.
			hand := []Shift{{Slot: days[0], People: []PersonID{"ana"}}, {Slot: days[1], People: []PersonID{"bo"}}}
			vs, err := r.Violations(hand)
			if err != nil {
				t.Fatal(err)
			}
			if broken := len(vs) > 0; broken != (tc.wantMon == "bo") {
				t.Errorf("ana on Monday: violations %v", vs)
			}
		})
	}
}

// A history shift that starts after a roster's shift (the previous period's
// roster ran into this one) is too little rest, not an overlap, when the
// two do not meet; the violation is reported at the roster's shift.
func TestViolationsRestBeforeAHistoryShift(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	at := func(h int) time.Time { return time.Date(2025, 6, 2, h, 0, 0, 0, berlin) } // Mon
	early := Slot{Name: "early", Start: at(6), End: at(10)}
	late := Slot{Name: "late", Start: at(14), End: at(22)}
	r := Rota{People: rotaTeam("ana"), Slots: []Slot{early},
		Rules: RotaRules{MinRest: 11 * time.Hour, Location: berlin, History: []Shift{{Slot: late, People: []PersonID{"ana"}}}}}
	got, err := r.Violations([]Shift{{Slot: early, People: []PersonID{"ana"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{{Rule: RotaRest, Person: "ana", Shift: 0,
		Reason: "4h0m0s between early Mon 2025-06-02 06:00 CEST to Mon 2025-06-02 10:00 CEST and late Mon 2025-06-02 14:00 CEST to Mon 2025-06-02 22:00 CEST (minimum 11h0m0s)"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}

// A pinned person gets the slot; a pin that breaks a rule makes the rota
// infeasible and says so.
func TestPlanPins(t *testing.T) {
	slots := mustSlots(t, Pattern{Name: "day", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}, Seats: 2}, time.UTC, Date{2025, 6, 2}, 3)
	people := rotaTeam("ana", "bo", "cy", "dee")
	ro := mustPlan(t, Rota{People: people, Slots: slots, Rules: RotaRules{Pinned: []Pin{{Slot: 0, Person: "dee"}, {Slot: 2, Person: "dee"}}}})
	for _, i := range []int{0, 2} {
		if ro.Shifts[i].People[0] != "dee" {
			t.Errorf("slot %d: %v, want dee first", i, ro.Shifts[i].People)
		}
	}
	if diff := cmp.Diff([]int{1, 1, 2, 2}, sortedCounts(ro)); diff != "" {
		t.Errorf("shift counts (-want +got):\n%s", diff)
	}

	away := people[3]
	away.TimeOff = []Interval{{slots[0].Start, slots[0].End}}
	_, err := Rota{People: []Person{people[0], people[1], people[2], away}, Slots: slots,
		Rules: RotaRules{Pinned: []Pin{{Slot: 0, Person: "dee"}}}}.Plan()
	var inf *InfeasibleError
	if !errors.As(err, &inf) || !inf.Proven || len(inf.Unfilled) != 1 || inf.Unfilled[0].Index != 0 || inf.Unfilled[0].Empty != 1 {
		t.Fatalf("err %v, want slot 0 proven infeasible with one empty seat", err)
	}
	got := map[PersonID]RotaRule{}
	for _, b := range inf.Unfilled[0].Blocked {
		got[b.Person] = b.Rule
	}
	if diff := cmp.Diff(map[PersonID]RotaRule{"bo": RotaPinned, "cy": RotaPinned, "dee": RotaAvailability}, got); diff != "" {
		t.Errorf("blocked (-want +got):\n%s", diff)
	}

	vs, err := Rota{People: people, Slots: slots, Rules: RotaRules{Pinned: []Pin{{Slot: 1, Person: "ana"}}}}.Violations(
		[]Shift{{Slot: slots[0], People: []PersonID{"ana", "bo"}}, {Slot: slots[1], People: []PersonID{"bo", "cy"}}, {Slot: slots[2], People: []PersonID{"cy", "dee"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Violation{{Rule: RotaPinned, Person: "ana", Shift: -1, Reason: "pinned to " + slots[1].String() + " but not on it"}}
	if diff := cmp.Diff(want, vs); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}

// The sleep window is configurable: a 20:00-08:00 night has 10 h in
// 22:00-08:00 and 6 h in 00:00-06:00.
func TestSleepWindow(t *testing.T) {
	night := mustSlots(t, Pattern{Name: "night", Start: TimeOfDay{20, 0}, End: TimeOfDay{8, 0}}, time.UTC, Date{2025, 6, 2}, 1)
	for _, tc := range []struct {
		name, sleep string
		want        time.Duration
	}{{name: "default", want: 10 * time.Hour}, {name: "00-06", sleep: "Mon-Sun 00:00-06:00", want: 6 * time.Hour}} {
		t.Run(tc.name, func(t *testing.T) {
			ro, err := Rota{People: rotaTeam("ana"), Slots: night, Rules: RotaRules{Sleep: tc.sleep}}.Measure([]Shift{{Slot: night[0], People: []PersonID{"ana"}}})
			if err != nil {
				t.Fatal(err)
			}
			if got := ro.Loads[0].Sleep; got != tc.want {
				t.Errorf("sleep %s, want %s", got, tc.want)
			}
		})
	}
	if _, err := (Rota{People: rotaTeam("ana"), Slots: night, Rules: RotaRules{Sleep: "nightly"}}).Plan(); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `sleep window "nightly"`) {
		t.Errorf("bad sleep window: err %v", err)
	}
}

// Three people cannot share a 24 h on-call rotation under the default 25%
// cap (each needs a third): the error says the default is what blocks. A
// cap the caller set is named as theirs.
func TestInfeasibleNamesDefaultOnCallCap(t *testing.T) {
	slots := mustSlots(t, Pattern{Name: "on-call", Start: TimeOfDay{9, 0}, End: TimeOfDay{9, 0}, OnCall: true}, time.UTC, Date{2025, 6, 2}, 7)
	for _, tc := range []struct {
		name        string
		share       decimal.Decimal
		wantDefault bool
	}{{name: "default", wantDefault: true}, {name: "set", share: dec("0.3")}} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Rota{People: rotaTeam("ana", "bo", "cy"), Slots: slots, Rules: RotaRules{MaxOnCallShare: tc.share}}.Plan()
			var inf *InfeasibleError
			if !errors.As(err, &inf) {
				t.Fatalf("err %v, want an *InfeasibleError", err)
			}
			if inf.DefaultOnCallCap != tc.wantDefault || strings.Contains(err.Error(), "default on-call cap") != tc.wantDefault {
				t.Errorf("DefaultOnCallCap %v, error %q", inf.DefaultOnCallCap, err)
			}
		})
	}
	ro := mustPlan(t, Rota{People: rotaTeam("ana", "bo", "cy"), Slots: slots, Rules: RotaRules{MaxOnCallShare: dec("1")}})
	if diff := cmp.Diff([]int{2, 2, 3}, sortedCounts(ro)); diff != "" {
		t.Errorf("with the cap lifted, shift counts (-want +got):\n%s", diff)
	}
}

// The plan's warnings, each on a case computed by hand. Shares are not
// judged on a horizon shorter than a week (the one-day and three-day cases).
func TestPlanWarnings(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	monday := Date{2025, 6, 2}
	dayNight := func(days int, onCall bool) []Slot {
		return append(mustSlots(t, Pattern{Name: "day", Start: TimeOfDay{8, 0}, End: TimeOfDay{20, 0}, OnCall: onCall}, berlin, monday, days),
			mustSlots(t, Pattern{Name: "night", Start: TimeOfDay{20, 0}, End: TimeOfDay{8, 0}, OnCall: onCall}, berlin, monday, days)...)
	}
	dbDay := mustSlots(t, Pattern{Name: "db", Start: TimeOfDay{9, 0}, End: TimeOfDay{17, 0}, Skills: []string{"db"}}, berlin, monday, 1)
	skilled := rotaTeam("ana", "bo", "cy")
	skilled[0].Skills, skilled[1].Skills = []string{"db"}, []string{"db"}
	nightOwls := rotaTeam("ana", "bo", "cy")
	for _, tc := range []struct {
		name string
		r    Rota
		want []RotaWarning
	}{{
		name: "two holders of a skill",
		r:    Rota{People: skilled, Slots: dbDay, Rules: RotaRules{Location: berlin}},
		want: []RotaWarning{{Kind: WarnFewHolders, Skill: "db", People: []PersonID{"ana", "bo"},
			Reason: `skill "db" is held by 2 (ana, bo): one absence or departure leaves its slots short`}},
	}, {
		// 14 shifts of 12 h for 3 people: 5, 5 and 4, so 60 h of the 168 h
		// horizon, 36%; 168 h / (25% × 168 h) = 4 people.
		name: "three people on day and night for a week",
		r:    Rota{People: rotaTeam("ana", "bo", "cy"), Slots: dayNight(7, false), Rules: RotaRules{MinRest: 11 * time.Hour, Location: berlin}},
		want: []RotaWarning{{Kind: WarnWorkShare, People: []PersonID{"ana", "bo", "cy"}, Share: 60.0 / 168, HeadCount: 4,
			Reason: "ana, bo, cy: at work up to 36% of the horizon, above the sustainable 25%; 4 people would bring the average to it (the rota has 3)"}},
	}, {
		name: "the same on call, at a sustainable 30%",
		r: Rota{People: rotaTeam("ana", "bo", "cy"), Slots: dayNight(7, true),
			Rules: RotaRules{MinRest: 11 * time.Hour, MaxOnCallShare: dec("1"), SustainableShare: dec("0.3"), Location: berlin}},
		// Only the two with 5 shifts (60 h, 36%) are above 30%; 4 shifts are
		// 29%. 168 h / (30% × 168 h) = 3.3, so 4 people.
		want: []RotaWarning{{Kind: WarnOnCallShare, People: []PersonID{"ana", "bo"}, Share: 60.0 / 168, HeadCount: 4,
			Reason: "ana, bo: on call up to 36% of the horizon, above the sustainable 30%; 4 people would bring the average to it (the rota has 3)"}},
	}, {
		// Two people alternate: the night person cannot take the next day
		// (no rest), so one does all three nights of 10 sleep hours.
		name: "two people on day and night",
		r: Rota{People: rotaTeam("ana", "bo"), Slots: dayNight(3, false),
			Rules: RotaRules{MinRest: 11 * time.Hour, SustainableShare: dec("1"), Location: berlin}},
		want: []RotaWarning{{Kind: WarnNightImbalance, Gap: 30 * time.Hour,
			Reason: "every roster under the rules gives someone at least 30h0m0s more sleep-hour time than someone else (all rosters tried)"}},
	}, {
		name: "one person only by day",
		r: Rota{People: nightOwls, Slots: dayNight(2, false),
			Rules: RotaRules{SustainableShare: dec("1"), Location: berlin, Limits: map[PersonID]RotaLimits{"cy": {Hours: "Mon-Sun 07:00-21:00"}}}},
		want: []RotaWarning{{Kind: WarnNightImbalance, People: []PersonID{"cy"}, Gap: 10 * time.Hour,
			Reason: "cy may take no slot in sleep hours (availability, hours or skills), so the others carry all of them"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			ro := mustPlan(t, tc.r)
			if diff := cmp.Diff(tc.want, ro.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// A person listed twice on one shift of a hand-made roster (a copy-paste
// slip) counts once towards their share of the horizon: the double booking
// is Violations' to report, not a second person's hours.
func TestMeasureWorkShareCountsEachPersonOncePerShift(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	monday := Date{2025, 6, 2}
	slots := append(mustSlots(t, Pattern{Name: "day", Start: TimeOfDay{8, 0}, End: TimeOfDay{20, 0}}, berlin, monday, 7),
		mustSlots(t, Pattern{Name: "night", Start: TimeOfDay{20, 0}, End: TimeOfDay{8, 0}}, berlin, monday, 7)...)
	shifts := make([]Shift, len(slots))
	for i, s := range slots {
		shifts[i] = Shift{Slot: s, People: []PersonID{"cy"}}
		if i < 3 {
			shifts[i].People = []PersonID{"ana", "bo", "ana"}
		}
	}
	ro, err := Rota{People: rotaTeam("ana", "bo", "cy"), Rules: RotaRules{Location: berlin}}.Measure(shifts)
	if err != nil {
		t.Fatal(err)
	}
	// ana and bo 3 × 12 h = 36 h of 168 h (21%); cy 11 × 12 h = 132 h (79%).
	// 14 seats of 12 h are 168 h; 168 h / (25% × 168 h) = 4 people.
	want := []RotaWarning{{Kind: WarnWorkShare, People: []PersonID{"cy"}, Share: 132.0 / 168, HeadCount: 4,
		Reason: "cy: at work up to 79% of the horizon, above the sustainable 25%; 4 people would bring the average to it (the rota has 3)"}}
	if diff := cmp.Diff(want, ro.Warnings, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
