package hypercare_test

import (
	"fmt"
	"time"

	"github.com/hypercare-go/hypercare"
)

// A lead checks the classic 2-week hypercare on its second Thursday: two
// project developers carry the whole rota (12-hour shifts around the clock
// in week 1, business days in week 2), the steady-state agent cy is on no
// shift of the last week, and a training gap reported on Wednesday still has
// no owner.
func ExamplePitfalls() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	june := func(day, hh int) time.Time { return time.Date(2026, time.June, day, hh, 0, 0, 0, berlin) }
	plan, err := hypercare.ClassicPlan("crm", june(1, 9), business, 2)
	if err != nil {
		panic(err)
	}
	plan.People = []hypercare.Person{
		{ID: "ana", Team: hypercare.Project}, {ID: "ben", Team: hypercare.Project}, {ID: "cy", Team: hypercare.SteadyState},
	}
	var roster hypercare.Roster
	shift := func(name string, from, to time.Time, who hypercare.PersonID) {
		roster.Shifts = append(roster.Shifts, hypercare.Shift{
			Slot: hypercare.Slot{Name: name, Start: from, End: to}, People: []hypercare.PersonID{who}})
	}
	for d := 1; d <= 7; d++ { // week 1: ana by day, ben by night
		shift("day", june(d, 9), june(d, 21), "ana")
		shift("night", june(d, 21), june(d+1, 9), "ben")
	}
	for i, d := range []int{8, 9, 10, 11, 12} { // week 2: business days in turn
		shift("day", june(d, 9), june(d, 17), []hypercare.PersonID{"ana", "ben"}[i%2])
	}
	gap := hypercare.Issue{ID: "INC-7", Title: "Export to Excel is greyed out"}
	if err := gap.Append(hypercare.Event{Type: hypercare.EventOpened, At: june(10, 10),
		Severity: hypercare.Sev2, Kind: hypercare.TrainingGap}); err != nil {
		panic(err)
	}

	findings, err := hypercare.Pitfalls(hypercare.PitfallInput{Engagement: plan,
		Issues: []hypercare.Issue{gap},
		Roster: roster,
		AsOf:   june(11, 12),
	})
	if err != nil {
		panic(err)
	}
	for _, f := range findings {
		fmt.Println(f)
	}
	// Output:
	// warn unclear-ownership: 1 open issue no team has owned for 24 h or more: INC-7 (Sev2), opened on Wed 2026-06-10 10:00 CEST
	// warn hero-culture: ana is on shift 108 h of the roster's 272 h (39.7%, at most 25%)
	// warn hero-culture: ben is on shift 100 h of the roster's 272 h (36.8%, at most 25%)
	// alert no-hand-over: the 5 shifts in the last phase "week 2" (Mon 2026-06-08 09:00 CEST to Mon 2026-06-15 09:00 CEST) have no steady-state member on them, only ana, ben: nobody learns to take over
}
