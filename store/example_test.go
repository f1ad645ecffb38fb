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
