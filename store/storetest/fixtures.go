package storetest

import (
	"testing"
	"time"

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
			{Name: "war room", Start: 0, Days: 7, Coverage: hypercare.Always, Policy: &week1},
			{Name: "taper", Start: 7, Days: 21, Coverage: cal},
		},
		People: []hypercare.Person{
			{ID: "ana", Name: "Ana", Team: hypercare.Project, Roles: []hypercare.Role{hypercare.RoleLead, hypercare.RoleTriage}, Skills: []string{"finance", "sql"}},
			{ID: "bo", Name: "Bo", Team: hypercare.SteadyState, Roles: []hypercare.Role{hypercare.RoleAgent}, Zone: zone(t, "America/New_York"),
				TimeOff: []hypercare.Interval{{Start: goLive(t).AddDate(0, 0, 10), End: goLive(t).AddDate(0, 0, 12)}}},
			{ID: "sam", Name: "Sam", Team: hypercare.Project, Roles: []hypercare.Role{hypercare.RoleSponsor}},
		},
	}
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
