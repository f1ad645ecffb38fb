package store_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// Open a file store, write an engagement and an issue, close it, open it
// again and read the issue back; then see optimistic concurrency refuse a
// write based on a stale read.
func ExampleOpenFile() {
	dir, err := os.MkdirTemp("", "hypercare-store")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	s, err := store.OpenFile(dir)
	if err != nil {
		log.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		log.Fatal(err)
	}
	goLive := time.Date(2026, time.March, 2, 8, 0, 0, 0, berlin)
	err = s.CreateEngagement(ctx, hypercare.Engagement{ID: "erp", Location: berlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 28)})
	if err != nil {
		log.Fatal(err)
	}
	is := hypercare.Issue{ID: "INC-1", Engagement: "erp", Title: "invoices cannot be posted"}
	if err := is.Append(hypercare.Event{Type: hypercare.EventOpened, At: goLive.Add(time.Hour), Severity: hypercare.Sev1, Kind: hypercare.Defect}); err != nil {
		log.Fatal(err)
	}
	if err := s.CreateIssue(ctx, is); err != nil {
		log.Fatal(err)
	}
	// A write names the version it read: the issue's number of events.
	respond := hypercare.Event{Type: hypercare.EventResponded, At: goLive.Add(70 * time.Minute), Person: "ana"}
	if _, err := s.AppendEvents(ctx, "erp", "INC-1", is.Len(), respond); err != nil {
		log.Fatal(err)
	}
	if err := s.Close(); err != nil {
		log.Fatal(err)
	}

	s, err = store.OpenFile(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	got, err := s.Issue(ctx, "erp", "INC-1")
	if err != nil {
		log.Fatal(err)
	}
	st := got.State()
	fmt.Printf("%s %q: %s, %s, %d events, responded at %s\n", got.ID, got.Title, st.Severity, st.Status, got.Len(), st.Responded.In(berlin).Format("15:04"))

	// A writer still holding the version-1 issue is refused.
	escalate := hypercare.Event{Type: hypercare.EventEscalated, At: goLive.Add(2 * time.Hour)}
	_, err = s.AppendEvents(ctx, "erp", "INC-1", is.Len(), escalate)
	fmt.Println("stale write refused:", errors.Is(err, store.ErrConflict))
	// Output:
	// INC-1 "invoices cannot be posted": Sev1, open, 2 events, responded at 09:10
	// stale write refused: true
}

// List the open Sev1 and Sev2 issues of an engagement: open issues are
// those open or paused.
func ExampleNewMemory() {
	ctx := context.Background()
	s := store.NewMemory()
	defer s.Close()

	goLive := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 28)}); err != nil {
		log.Fatal(err)
	}
	var issues []hypercare.Issue
	for i, sev := range []hypercare.Severity{hypercare.Sev1, hypercare.Sev3, hypercare.Sev2, hypercare.Sev1} {
		is := hypercare.Issue{ID: hypercare.IssueID(fmt.Sprintf("INC-%d", i+1)), Engagement: "erp"}
		at := goLive.Add(time.Duration(i) * time.Hour)
		events := []hypercare.Event{{Type: hypercare.EventOpened, At: at, Severity: sev, Kind: hypercare.Defect}}
		switch i {
		case 2:
			events = append(events, hypercare.Event{Type: hypercare.EventPaused, At: at.Add(time.Minute), Reason: "waiting on the customer"})
		case 3:
			events = append(events, hypercare.Event{Type: hypercare.EventResolved, At: at.Add(time.Hour), Person: "ana"})
		}
		if err := is.Append(events...); err != nil {
			log.Fatal(err)
		}
		issues = append(issues, is)
	}
	if err := s.ImportIssues(ctx, issues); err != nil {
		log.Fatal(err)
	}

	for is, err := range s.Issues(ctx, store.IssueFilter{
		Engagement: "erp",
		Severities: []hypercare.Severity{hypercare.Sev1, hypercare.Sev2},
		Statuses:   []hypercare.Status{hypercare.StatusOpen, hypercare.StatusPaused},
	}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(is.ID, is.State().Severity, is.State().Status)
	}
	// Output:
	// INC-1 Sev1 open
	// INC-3 Sev2 paused
}

// A daily adoption feed stores each day's samples as they come, one call a
// day; the change manager's dashboard lists the engagement's series with
// Collect and hands them to hypercare.Monitor. Nobody in Finance has used
// the new approval flow in three weeks.
func ExampleCollect() {
	ctx := context.Background()
	s := store.NewMemory()
	defer s.Close()
	goLive := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC) // a Monday
	if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 28)}); err != nil {
		log.Fatal(err)
	}
	finance := hypercare.Segment{Dimension: "team", Name: "Finance"}
	login := hypercare.AdoptionMetric{Kind: hypercare.LoginRate}
	approvals := hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: "Approvals"}
	for d := range 21 { // three weeks, weekends included
		date := hypercare.DateOf(goLive).AddDays(d)
		active := 36.0
		if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			active = 2
		}
		err := s.AddSamples(ctx, "erp",
			hypercare.Series{Metric: login, Segment: finance, Samples: []hypercare.Sample{{Date: date, Value: active, Base: 40}}},
			hypercare.Series{Metric: approvals, Segment: finance, Samples: []hypercare.Sample{{Date: date, Value: 0, Base: 40}}})
		if err != nil {
			log.Fatal(err)
		}
	}
	// The feed runs twice for one day: the repeat is refused, whole.
	again := hypercare.Series{Metric: login, Segment: finance, Samples: []hypercare.Sample{{Date: hypercare.DateOf(goLive), Value: 36, Base: 40}}}
	fmt.Println("repeat refused:", errors.Is(s.AddSamples(ctx, "erp", again), store.ErrExists))

	series, err := store.Collect(s.Series(ctx, "erp", store.SeriesFilter{}))
	if err != nil {
		log.Fatal(err)
	}
	for _, sr := range series {
		fmt.Printf("%s: %d samples, %s to %s\n", sr, len(sr.Samples), sr.Samples[0].Date, sr.Samples[len(sr.Samples)-1].Date)
	}
	flags, err := hypercare.Monitor(series, hypercare.MonitorConfig{})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range flags {
		fmt.Println(f)
	}
	// Output:
	// repeat refused: true
	// login rate, team Finance: 21 samples, 2026-03-02 to 2026-03-22
	// use of Approvals, team Finance: 21 samples, 2026-03-02 to 2026-03-22
	// 2026-03-16 warn never-used: nobody in team Finance has used Approvals in the 10 business days since 2026-03-02 (40 users enabled)
}

// Plan week 1's rota, keep the roster under a name, and read it back; a
// second roster of the engagement is kept beside it.
func ExampleMemory_PutRoster() {
	ctx := context.Background()
	s := store.NewMemory()
	defer s.Close()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		log.Fatal(err)
	}
	monday := hypercare.Date{Year: 2026, Month: time.March, Day: 2}
	goLive := monday.In(berlin).Add(8 * time.Hour)
	if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: "erp", Location: berlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 28)}); err != nil {
		log.Fatal(err)
	}
	days, err := hypercare.Pattern{Name: "day", Days: "Mon-Fri", Start: hypercare.TimeOfDay{Hour: 8}, End: hypercare.TimeOfDay{Hour: 20}}.Slots(berlin, monday, 7)
	if err != nil {
		log.Fatal(err)
	}
	rota := hypercare.Rota{
		People: []hypercare.Person{{ID: "ana", Team: hypercare.Project}, {ID: "bo", Team: hypercare.SteadyState}},
		Slots:  days,
		Rules:  hypercare.RotaRules{Location: berlin},
	}
	week1, err := rota.Plan()
	if err != nil {
		log.Fatal(err)
	}
	if err := s.PutRoster(ctx, "erp", "week 1", week1); err != nil {
		log.Fatal(err)
	}
	if err := s.PutRoster(ctx, "erp", "steady state", hypercare.Roster{}); err != nil {
		log.Fatal(err)
	}

	got, err := s.Roster(ctx, "erp", "week 1")
	if err != nil {
		log.Fatal(err)
	}
	for _, sh := range got.Shifts {
		// Times come back with their offset, not their zone: move them home.
		fmt.Printf("%s %s %s\n", sh.Name, sh.Start.In(berlin).Format("Mon 15:04 MST"), sh.People[0])
	}
	for r, err := range s.Rosters(ctx, "erp") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%q: %d shifts\n", r.Name, len(r.Roster.Shifts))
	}
	// Output:
	// day Mon 08:00 CET ana
	// day Tue 08:00 CET ana
	// day Wed 08:00 CET bo
	// day Thu 08:00 CET bo
	// day Fri 08:00 CET bo
	// "steady state": 0 shifts
	// "week 1": 5 shifts
}
