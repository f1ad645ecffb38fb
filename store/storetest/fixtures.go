package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hypercare-go/hypercare"
)

func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

// goLive is the go-live of the fixture engagement: Monday 2 March 2026,
// 08:00 in Berlin.
func goLive(t testing.TB) time.Time {
	return time.Date(2026, time.March, 2, 8, 0, 0, 0, zone(t, "Europe/Berlin"))
}

// fixtureEngagement is a realistic engagement: a home zone with DST ahead,
// business hours with a holiday, phases of decreasing intensity, people.
func fixtureEngagement(t testing.TB) hypercare.Engagement {
	t.Helper()
	loc := zone(t, "Europe/Berlin")
	cal, err := hypercare.NewCalendar(loc, "Mon-Fri 09:00-17:00", hypercare.Date{Year: 2026, Month: time.April, Day: 3})
	if err != nil {
		t.Fatal(err)
	}
	week1 := hypercare.DefaultPolicy(hypercare.Always)
	week1.Name = "war room"
	return hypercare.Engagement{
		ID:         "erp",
		Name:       "ERP go-live",
		Location:   loc,
		GoLive:     goLive(t),
		PlannedEnd: goLive(t).AddDate(0, 0, 28),
		Policy:     hypercare.DefaultPolicy(cal),
		Phases: []hypercare.Phase{
			{Name: "war room", Start: 0, Days: 7, Coverage: hypercare.Always, Policy: &week1,
				Staff: []hypercare.Staffing{{Role: hypercare.RoleTriage, Headcount: 2}, {Role: hypercare.RoleLead, PerDay: 4 * time.Hour}},
				Cadences: []hypercare.Cadence{
					{Kind: hypercare.CeremonyStandUp, At: []hypercare.TimeOfDay{{Hour: 9}}},
					{Kind: hypercare.CeremonyTriage, At: []hypercare.TimeOfDay{{Hour: 11}, {Hour: 15, Minute: 30}}, Length: 45 * time.Minute, Severities: []hypercare.Severity{hypercare.Sev2, hypercare.Sev3}},
				}},
			{Name: "taper", Start: 7, Days: 21, Coverage: cal,
				Cadences: []hypercare.Cadence{{Kind: hypercare.CeremonyStandUp, Title: "weekly stand-up", At: []hypercare.TimeOfDay{{Hour: 10}}, Every: 7}}},
		},
		Exit: fixtureExit(),
		People: []hypercare.Person{
			{ID: "ana", Name: "Ana", Team: hypercare.Project, Roles: []hypercare.Role{hypercare.RoleLead, hypercare.RoleTriage}, Skills: []string{"finance", "sql"}},
			{ID: "bo", Name: "Bo", Team: hypercare.SteadyState, Roles: []hypercare.Role{hypercare.RoleAgent}, Zone: zone(t, "America/New_York"),
				TimeOff: []hypercare.Interval{{Start: goLive(t).AddDate(0, 0, 10), End: goLive(t).AddDate(0, 0, 12)}}},
			{ID: "sam", Name: "Sam", Team: hypercare.Project, Roles: []hypercare.Role{hypercare.RoleSponsor}},
		},
	}
}

// fixtureExit is an exit policy unlike the default in every field, built-ins
// nested in All and Any, so that a store losing any part of it is caught.
func fixtureExit() hypercare.ExitPolicy {
	return hypercare.ExitPolicy{Criteria: []hypercare.Criterion{
		hypercare.NoNewIssues{AtLeast: hypercare.Sev1, Days: 5},
		hypercare.All(
			hypercare.DefectRate{Days: 5, Max: decimal.RequireFromString("0.4")},
			hypercare.Any(
				hypercare.Takeover{Days: 10, MinShare: decimal.RequireFromString("0.75"), MinResolved: 4},
				hypercare.SLACompliance{Days: 6, MinShare: decimal.RequireFromString("0.95"), MinClocks: 3, Metric: hypercare.Resolution, AtLeast: hypercare.Sev2},
			),
		),
		hypercare.NoneOpen{AtLeast: hypercare.Sev2},
		hypercare.SponsorSignOff{By: "sam"},
	}}
}

// loginStreak is a firm's own exit criterion, written outside the hypercare
// package: JSON keeps only its name, and a placeholder comes back.
type loginStreak struct{ Days int }

func (c loginStreak) Name() string {
	return fmt.Sprintf("login rate at 80%% or more for %d days", c.Days)
}

func (c loginStreak) Check(hypercare.ExitInput) (hypercare.Result, error) {
	return hypercare.Result{Met: true, Reason: "logins are up"}, nil
}

// otherEngagement is a second, plain engagement.
func otherEngagement(t testing.TB) hypercare.Engagement {
	return hypercare.Engagement{
		ID:         "crm",
		Location:   time.UTC,
		GoLive:     time.Date(2026, time.May, 4, 6, 0, 0, 0, time.UTC),
		PlannedEnd: time.Date(2026, time.June, 1, 6, 0, 0, 0, time.UTC),
	}
}

// issue builds an issue from its events, failing t if the timeline is
// invalid.
func issue(t testing.TB, eng hypercare.EngagementID, id hypercare.IssueID, title string, events ...hypercare.Event) hypercare.Issue {
	t.Helper()
	is := hypercare.Issue{ID: id, Engagement: eng, Title: title}
	if err := is.Append(events...); err != nil {
		t.Fatal(err)
	}
	return is
}

func opened(at time.Time, sev hypercare.Severity, kind hypercare.Kind) hypercare.Event {
	return hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: sev, Kind: kind}
}

// fixtureIssues are five issues of "erp" and one of "crm", in the order the
// store lists them. Their current states, worked out by hand:
//
//	CRM-1  Sev3  question       open      opened 4 May
//	INC-1  Sev1  defect         resolved  opened day 0 09:00
//	INC-2  Sev2  training-gap   open      opened day 0 10:00
//	INC-3  Sev3  question       paused    opened day 1 10:00
//	INC-4  Sev1  defect         open      opened day 2 11:00 as Sev2, reclassified
//	INC-5  Sev3  data-fix       open      opened day 3 09:30, resolved, reopened day 4
func fixtureIssues(t testing.TB) []hypercare.Issue {
	t.Helper()
	d := func(day, hour, min int) time.Time {
		g := goLive(t)
		return time.Date(g.Year(), g.Month(), g.Day()+day, hour, min, 0, 0, g.Location())
	}
	crm := time.Date(2026, time.May, 4, 7, 0, 0, 0, time.UTC)
	return []hypercare.Issue{
		issue(t, "crm", "CRM-1", "where is the export button?",
			opened(crm, hypercare.Sev3, hypercare.Question)),
		issue(t, "erp", "INC-1", "invoices cannot be posted",
			opened(d(0, 9, 0), hypercare.Sev1, hypercare.Defect),
			hypercare.Event{Type: hypercare.EventResponded, At: d(0, 9, 5), Person: "ana"},
			hypercare.Event{Type: hypercare.EventResolved, At: d(0, 11, 0), Person: "ana", Team: hypercare.Project}),
		issue(t, "erp", "INC-2", "users do not know the new approval flow",
			opened(d(0, 10, 0), hypercare.Sev2, hypercare.TrainingGap),
			hypercare.Event{Type: hypercare.EventResponded, At: d(0, 10, 30), Person: "bo"},
			hypercare.Event{Type: hypercare.EventAssigned, At: d(0, 10, 31), Team: hypercare.SteadyState, Person: "bo"}),
		issue(t, "erp", "INC-3", "how do I print a delivery note?",
			opened(d(1, 10, 0), hypercare.Sev3, hypercare.Question),
			hypercare.Event{Type: hypercare.EventPaused, At: d(1, 10, 20), Reason: "waiting on the user"}),
		issue(t, "erp", "INC-4", "month-end report times out",
			opened(d(2, 11, 0), hypercare.Sev2, hypercare.Defect),
			hypercare.Event{Type: hypercare.EventReclassified, At: d(2, 14, 0), Severity: hypercare.Sev1}),
		issue(t, "erp", "INC-5", "migrated customer addresses are swapped",
			opened(d(3, 9, 30), hypercare.Sev3, hypercare.DataFix),
			hypercare.Event{Type: hypercare.EventResolved, At: d(3, 16, 0), Person: "bo", Team: hypercare.SteadyState},
			hypercare.Event{Type: hypercare.EventReopened, At: d(4, 8, 15)}),
	}
}

// day returns the date n days after go-live (Monday 2 March 2026).
func day(n int) hypercare.Date {
	return hypercare.Date{Year: 2026, Month: time.March, Day: 2}.AddDays(n)
}

var (
	loginRate = hypercare.AdoptionMetric{Kind: hypercare.LoginRate}
	approvals = hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: "Approvals"}
	finance   = hypercare.Segment{Dimension: "team", Name: "Finance"}
	sales     = hypercare.Segment{Dimension: "team", Name: "Sales"}
	allUsers  = hypercare.Segment{}
)

// businessDays returns a sample on each weekday of the first two weeks
// (2-6 and 9-13 March), value(i) users out of base on the i-th of them.
func businessDays(base float64, value func(i int) float64) []hypercare.Sample {
	var out []hypercare.Sample
	for _, n := range []int{0, 1, 2, 3, 4, 7, 8, 9, 10, 11} {
		out = append(out, hypercare.Sample{Date: day(n), Value: value(len(out)), Base: base})
	}
	return out
}

// fixtureSeries are the adoption series of "erp", in the order the store
// lists them: by metric kind (login rate before feature use), metric name,
// then segment (all users, whose dimension is empty, first).
func fixtureSeries() []hypercare.Series {
	return []hypercare.Series{
		{Metric: loginRate, Segment: allUsers, Samples: businessDays(120, func(i int) float64 { return float64(60 + 4*i) })},
		{Metric: loginRate, Segment: finance, Samples: businessDays(40, func(i int) float64 { return float64(20 + 2*i) })},
		{Metric: loginRate, Segment: sales, Samples: businessDays(25, func(i int) float64 { return float64(10 + i) })},
		{Metric: approvals, Segment: allUsers, Samples: businessDays(60, func(i int) float64 { return 0.5 * float64(i) })},
	}
}

// fixtureRoster is the first two shifts of week 1: a paired day shift and
// a night on call. Every field is set, the load figures illustrative.
func fixtureRoster(t testing.TB) hypercare.Roster {
	g := goLive(t)
	day := hypercare.Slot{Name: "day", Start: g, End: g.Add(12 * time.Hour), Seats: 2, Skills: []string{"finance"}, Pair: true}
	night := hypercare.Slot{Name: "night", Start: g.Add(12 * time.Hour), End: g.Add(24 * time.Hour), OnCall: true}
	return hypercare.Roster{
		Shifts: []hypercare.Shift{{Slot: day, People: []hypercare.PersonID{"ana", "bo"}}, {Slot: night, People: []hypercare.PersonID{"sam"}}},
		Loads: []hypercare.Load{
			{Person: "ana", Shifts: 1, Total: 12 * time.Hour},
			{Person: "bo", Shifts: 1, Total: 12 * time.Hour, Sleep: 2 * time.Hour},
			{Person: "sam", Shifts: 1, Total: 12 * time.Hour, Sleep: 10 * time.Hour, Weekend: time.Hour, OnCall: 12 * time.Hour},
		},
		Fairness: hypercare.Fairness{Max: 12 * time.Hour, Min: 11 * time.Hour, Range: time.Hour, ShiftRange: 1, Gini: 0.125,
			MaxOverBound: 1.5, SleepRange: 10 * time.Hour, WeekendRange: time.Hour},
		Bound: hypercare.Bound{Total: 8 * time.Hour, Shifts: 1, Exact: true},
	}
}
