package hypercare

import (
	"fmt"
	"testing"
	"time"
)

// benchRota is the benchmark: 60 people, 90 days, 3 shifts a day
// (06-14, 14-22, 22-06 in Berlin), each with 2 seats in each of 3 skill
// queues: 90 × 3 × 3 × 2 = 1,620 seat-slots. Every person has one or two of
// the skills and a week off somewhere; rules: 11 h rest, at most 5 days in a
// row, at most 48 h in any 7 days.
func benchRota(tb testing.TB) Rota {
	berlin := loadZone(tb, "Europe/Berlin")
	skills := []string{"app", "db", "net"}
	from := Date{2025, 3, 3}
	var slots []Slot
	for _, sk := range skills {
		for _, span := range [][2]TimeOfDay{{{6, 0}, {14, 0}}, {{14, 0}, {22, 0}}, {{22, 0}, {6, 0}}} {
			slots = append(slots, mustSlots(tb, Pattern{Name: sk + " " + span[0].String(), Start: span[0], End: span[1], Seats: 2,
				Skills: []string{sk}, OnCall: span[0].Hour == 22}, berlin, from, 90)...)
		}
	}
	var people []Person
	for i := range 60 {
		p := Person{ID: PersonID(fmt.Sprintf("p%02d", i)), Team: Team(1 + i%2), Skills: []string{skills[i%3]}}
		if i%2 == 0 {
			p.Skills = append(p.Skills, skills[(i+1)%3])
		}
		off := from.AddDays(7 + i%80).In(berlin)
		p.TimeOff = []Interval{{off, off.AddDate(0, 0, 7)}}
		people = append(people, p)
	}
	return Rota{People: people, Slots: slots, Rules: RotaRules{
		MinRest: 11 * time.Hour, MaxConsecutiveDays: 5, MaxPer7Days: 48 * time.Hour, Location: berlin,
	}}
}

func BenchmarkPlan(b *testing.B) {
	r := benchRota(b)
	b.ReportAllocs()
	var ro Roster
	for b.Loop() {
		var err error
		if ro, err = r.Plan(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(ro.Fairness.Max.Hours(), "maxload-h")
	b.ReportMetric(ro.Bound.Total.Hours(), "L*-h")
	b.ReportMetric(ro.Fairness.Range.Hours(), "range-h")
}

// benchRotaWindows is benchRota with working hours and history: every
// third person works only 05:00-22:00 on their own clock (so never the
// 22-06 shift), every fifth person lives in London (their windows and days
// an hour behind), and each person has the last two days of the previous
// period on the early or the late shift (so the rest and consecutive-day
// rules bind on the first days).
func benchRotaWindows(tb testing.TB) Rota {
	r := benchRota(tb)
	london := loadZone(tb, "Europe/London")
	berlin := r.Rules.Location
	r.Rules.Limits = map[PersonID]RotaLimits{}
	from := Date{2025, 3, 3}
	for i := range r.People {
		p := &r.People[i]
		if i%3 == 0 {
			r.Rules.Limits[p.ID] = RotaLimits{Hours: "Mon-Sun 05:00-22:00"}
		}
		if i%5 == 0 {
			p.Zone = london
		}
		for d := 1; d <= 2; d++ {
			day := from.AddDays(-d).In(berlin)
			start := day.Add(time.Duration(6+8*(i%2)) * time.Hour)
			r.Rules.History = append(r.Rules.History, Shift{Slot: Slot{Name: "before", Start: start, End: start.Add(8 * time.Hour)}, People: []PersonID{p.ID}})
		}
	}
	return r
}

// BenchmarkPlanWindowsHistory plans the 1,620-seat rota with working hours
// and history; its largest load is reported against L*.
func BenchmarkPlanWindowsHistory(b *testing.B) {
	r := benchRotaWindows(b)
	b.ReportAllocs()
	var ro Roster
	for b.Loop() {
		var err error
		if ro, err = r.Plan(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(ro.Fairness.Max.Hours(), "maxload-h")
	b.ReportMetric(ro.Bound.Total.Hours(), "L*-h")
	b.ReportMetric(ro.Fairness.Range.Hours(), "range-h")
}

// BenchmarkPlanGreedy is the baseline: the same greedy fill (least loaded
// eligible person first, then longest off shift) with the same rule checks,
// and nothing else: no bound, no repair, no local search.
func BenchmarkPlanGreedy(b *testing.B) {
	r := benchRota(b)
	b.ReportAllocs()
	var ro Roster
	for b.Loop() {
		m, err := newRotaModel(r.People, r.Rules, r.Slots)
		if err != nil {
			b.Fatal(err)
		}
		infos, err := m.slotInfos(r.Slots)
		if err != nil {
			b.Fatal(err)
		}
		planned, _, err := m.plannedSlots(infos)
		if err != nil {
			b.Fatal(err)
		}
		v := newRotaSolver(m, planned)
		v.greedy()
		if v.empty() > 0 {
			b.Fatalf("greedy left %d seats empty", v.empty())
		}
		shifts := make([]Shift, len(r.Slots))
		for i, sl := range r.Slots {
			for _, p := range v.seat[i] {
				shifts[i].People = append(shifts[i].People, m.people[p].ID)
			}
			shifts[i].Slot = sl
		}
		ro = m.measure(shifts, Bound{})
	}
	b.StopTimer()
	full, _ := r.Plan()
	b.ReportMetric(ro.Fairness.Max.Hours(), "maxload-h")
	b.ReportMetric(full.Bound.Total.Hours(), "L*-h")
	b.ReportMetric(ro.Fairness.Range.Hours(), "range-h")
}

// TestBenchRotaPlan keeps the benchmark's rota honest: it plans within the
// rules, within a shift of L*, and no worse than the greedy baseline.
func TestBenchRotaPlan(t *testing.T) {
	r := benchRota(t)
	ro := mustPlan(t, r)
	if ro.Fairness.Max > ro.Bound.Total+8*time.Hour {
		t.Errorf("largest load %s, L* %s", ro.Fairness.Max, ro.Bound.Total)
	}
	if n := len(ro.Shifts); n != 810 {
		t.Errorf("%d shifts, want 810 (1,620 seats)", n)
	}
}

// TestBenchRotaWindowsPlan keeps the windows-and-history benchmark honest.
func TestBenchRotaWindowsPlan(t *testing.T) {
	r := benchRotaWindows(t)
	ro := mustPlan(t, r)
	if ro.Fairness.Max > ro.Bound.Total+8*time.Hour {
		t.Errorf("largest load %s, L* %s", ro.Fairness.Max, ro.Bound.Total)
	}
}
