package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// TestPurgeRacingCreates: issues have no foreign key (migration 3), so a
// purge racing with writes that create issues — CreateIssue, ImportIssues,
// MergeIssues, from several connections — must still leave no issue or
// event of an engagement that is gone: each create either commits before
// the purge, which then deletes it, or fails with ErrNotFound.
func TestPurgeRacingCreates(t *testing.T) {
	s := openTest(t, Options{Quiet: true})
	ctx := context.Background()
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	opened := hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect}
	for round := range 10 {
		eng := hypercare.EngagementID(fmt.Sprintf("e%d", round))
		if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: eng, Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for w := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					is := hypercare.Issue{Engagement: eng, ID: hypercare.IssueID(fmt.Sprintf("W%d-%d", w, i))}
					if err := is.Append(opened); err != nil {
						t.Error(err)
						return
					}
					var err error
					switch w {
					case 0:
						err = s.CreateIssue(ctx, is)
					case 1:
						err = s.ImportIssues(ctx, []hypercare.Issue{is})
					default:
						_, err = s.MergeIssues(ctx, []hypercare.Issue{is})
					}
					if errors.Is(err, store.ErrNotFound) {
						return // purged
					}
					if err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		time.Sleep(20 * time.Millisecond)
		if err := s.PurgeEngagement(ctx, eng); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		var issues, events int
		err := s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM issues WHERE engagement = $1), (SELECT count(*) FROM events WHERE engagement = $1)`, string(eng)).Scan(&issues, &events)
		if err != nil {
			t.Fatal(err)
		}
		if issues != 0 || events != 0 {
			t.Fatalf("round %d: after the purge of %q, %d issues and %d events of it are left", round, eng, issues, events)
		}
	}
}
