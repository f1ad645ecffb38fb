package store_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// A report server watches the store and re-reads what changed. Watch is an
// optional capability: test for it with a type assertion.
func ExampleWatcher() {
	var s store.Store = store.NewMemory()
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, ok := s.(store.Watcher)
	if !ok {
		log.Fatal("this backend has no change feed: poll instead")
	}
	changes, err := w.Watch(ctx)
	if err != nil {
		log.Fatal(err)
	}

	at := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	e := hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}
	if err := s.CreateEngagement(ctx, e); err != nil {
		log.Fatal(err)
	}
	if err := s.CreateIssue(ctx, hypercare.Issue{Engagement: "erp", ID: "INC-7", Title: "cannot post invoices"}); err != nil {
		log.Fatal(err)
	}
	opened := hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev1, Kind: hypercare.Defect}
	if _, err := s.AppendEvents(ctx, "erp", "INC-7", 0, opened); err != nil {
		log.Fatal(err)
	}

	for range 3 {
		c := <-changes
		switch c.Kind {
		case store.ChangeIssue:
			// A hint: re-read the issue (it may have moved on since).
			is, err := s.Issue(ctx, c.Engagement, c.Issue)
			if err != nil {
				log.Fatal(err)
			}
			fmt.Printf("issue %s %s: version %d (now %d)\n", c.Engagement, c.Issue, c.Version, is.Version())
		default:
			fmt.Println(c.Kind, c.Engagement)
		}
	}
	// Output:
	// engagement erp
	// issue erp INC-7: version 0 (now 1)
	// issue erp INC-7: version 1 (now 1)
}
