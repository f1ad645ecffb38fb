package hypercare_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/shopspring/decimal"
)

// A consultant prices hypercare into the SOW: the classic 2 weeks as sold,
// the same plan when hypercare really takes 6 ("2 weeks planned, 6 needed"),
// and the 90-day continuous taper, side by side at the same rates.
func ExampleCompareCosts() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, berlin) // a Monday

	planned, err := hypercare.ClassicPlan("crm", goLive, business, 2)
	if err != nil {
		panic(err)
	}
	extended, err := planned.Extend(28)
	if err != nil {
		panic(err)
	}
	taper, err := hypercare.TaperPlan("crm", goLive, business)
	if err != nil {
		panic(err)
	}
	rates := hypercare.Rates{Currency: "EUR", Hourly: map[hypercare.Role]decimal.Decimal{
		hypercare.RoleLead:          decimal.RequireFromString("140.00"),
		hypercare.RoleTriage:        decimal.RequireFromString("95.00"),
		hypercare.RoleChangeManager: decimal.RequireFromString("110.00"),
		hypercare.RoleAgent:         decimal.RequireFromString("45.00"),
	}}
	costs, err := hypercare.CompareCosts(rates,
		hypercare.Scenario{Name: "planned (2 weeks)", Plan: planned},
		hypercare.Scenario{Name: "extended (6 weeks)", Plan: extended},
		hypercare.Scenario{Name: "90-day taper", Plan: taper},
	)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%-18s %4s %12s %10s %11s\n", "scenario", "days", "person-hours", "EUR", "vs planned")
	for _, c := range costs {
		delta := ""
		if c.Delta.IsPositive() {
			delta = "+" + c.Delta.StringFixed(2)
		}
		line := fmt.Sprintf("%-18s %4d %12d %10s %11s", c.Name, c.Days, c.Cost.Hours()/time.Hour, c.Cost.Total.StringFixed(2), delta)
		fmt.Println(strings.TrimRight(line, " "))
	}
	// Output:
	// scenario           days person-hours        EUR  vs planned
	// planned (2 weeks)    14          612   57960.00
	// extended (6 weeks)   42         1172  105960.00   +48000.00
	// 90-day taper         90         1917  166335.00  +108375.00
}

// The issue's worked case: week 1 around the clock with two triage
// developers, weeks 2-3 on long weekdays with one.
func ExampleEngagement_Cost() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	longDay, err := hypercare.NewCalendar(berlin, "Mon-Fri 08:00-18:00")
	if err != nil {
		panic(err)
	}
	goLive := time.Date(2026, 6, 1, 9, 0, 0, 0, berlin)
	e := hypercare.Engagement{
		ID: "erp", Location: berlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 21),
		Phases: []hypercare.Phase{
			{Name: "week 1", Start: 0, Days: 7, // Coverage nil: around the clock
				Staff: []hypercare.Staffing{{Role: hypercare.RoleTriage, Headcount: 2}}},
			{Name: "weeks 2-3", Start: 7, Days: 14, Coverage: longDay,
				Staff: []hypercare.Staffing{{Role: hypercare.RoleTriage, Headcount: 1}}},
		},
	}
	cost, err := e.Cost(hypercare.Rates{Currency: "EUR", Hourly: map[hypercare.Role]decimal.Decimal{
		hypercare.RoleTriage: decimal.RequireFromString("95.00"),
	}})
	if err != nil {
		panic(err)
	}
	for _, l := range cost.Lines {
		fmt.Printf("%-9s %-6s %4dh x %s = %8s\n", l.Phase, l.Role, l.Hours/time.Hour, l.Rate.StringFixed(2), l.Amount.StringFixed(2))
	}
	fmt.Println("total", cost.Total.StringFixed(2), cost.Currency)
	// Output:
	// week 1    triage  336h x 95.00 = 31920.00
	// weeks 2-3 triage  100h x 95.00 =  9500.00
	// total 41420.00 EUR
}

// The ceremonies of go-live day in the classic plan: go-live at 09:00, so
// the 08:30 triage session of week 1 starts the next day.
func ExampleEngagement_Ceremonies() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	e, err := hypercare.ClassicPlan("crm", time.Date(2026, 6, 1, 9, 0, 0, 0, berlin), business, 2)
	if err != nil {
		panic(err)
	}
	ceremonies, err := e.Ceremonies()
	if err != nil {
		panic(err)
	}
	for _, c := range ceremonies {
		if c.Start.Day() != 1 {
			break
		}
		fmt.Printf("%s %s-%s %s\n", c.Start.Format("Mon"), c.Start.Format("15:04"), c.End.Format("15:04"), c.Title)
	}
	// Output:
	// Mon 09:00-09:15 Stand-up
	// Mon 11:00-11:15 User update
	// Mon 12:30-13:00 Triage Sev2-Sev3
	// Mon 16:00-16:30 Leadership update
	// Mon 16:30-17:00 Triage Sev2-Sev3
	// Mon 17:00-17:15 Sponsor update
	// Mon 18:00-19:00 Patch window
}

// A 09:00 stand-up stays at 09:00 local across the spring-forward change;
// on the change nights, a time in the gap lands after it and a time that
// occurs twice is its first occurrence.
func ExampleTimeOfDay_On() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	standUp := hypercare.TimeOfDay{Hour: 9}
	for _, d := range []hypercare.Date{{Year: 2026, Month: 3, Day: 28}, {Year: 2026, Month: 3, Day: 29}} {
		fmt.Println(d, standUp.On(d, berlin).UTC().Format("15:04Z"))
	}
	patch := hypercare.TimeOfDay{Hour: 2, Minute: 30}
	fmt.Println(patch.On(hypercare.Date{Year: 2026, Month: 3, Day: 29}, berlin).Format("15:04 MST"))
	fmt.Println(patch.On(hypercare.Date{Year: 2026, Month: 10, Day: 25}, berlin).Format("15:04 MST"))
	// Output:
	// 2026-03-28 08:00Z
	// 2026-03-29 07:00Z
	// 03:30 CEST
	// 02:30 CEST
}

// The 90-day taper's phases: coverage narrows and staffing thins as
// adoption settles.
func ExampleTaperPlan() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	e, err := hypercare.TaperPlan("crm", time.Date(2026, 6, 1, 9, 0, 0, 0, berlin), business)
	if err != nil {
		panic(err)
	}
	for _, p := range e.Phases {
		triage := 0
		for _, s := range p.Staff {
			if s.Role == hypercare.RoleTriage {
				triage += s.Headcount
			}
		}
		fmt.Printf("%-10s days %2d-%2d  %-19s  triage x%d\n", p.Name, p.Start, p.Start+p.Days-1, p.Coverage.Spec(), triage)
	}
	fmt.Println("planned end", e.PlannedEnd.Format("Mon 2006-01-02 15:04"))
	// Output:
	// week 1     days  0- 6  Mon-Sun 00:00-24:00  triage x2
	// week 2     days  7-13  Mon-Fri 07:00-20:00  triage x2
	// week 3     days 14-20  Mon-Fri 07:00-20:00  triage x1
	// weeks 4-13 days 21-89  Mon-Fri 09:00-17:00  triage x1
	// planned end Sun 2026-08-30 09:00
}
