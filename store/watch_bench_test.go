package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// BenchmarkWatchedAppend measures what the change feed costs a writer: the
// same in-memory appends (where nothing else hides it, unlike a file
// store's fsync) with no watcher — the baseline, where publishing is one
// uncontended lock — and with one and four watchers draining their
// channels.
func BenchmarkWatchedAppend(b *testing.B) {
	for _, watchers := range []int{0, 1, 4} {
		b.Run(fmt.Sprintf("watchers=%d", watchers), func(b *testing.B) {
			s := store.NewMemory()
			defer s.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			for range watchers {
				changes, err := s.Watch(ctx)
				if err != nil {
					b.Fatal(err)
				}
				go func() {
					for range changes {
					}
				}()
			}
			at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
			var is hypercare.Issue
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				if is.Len() == 0 || is.Len() >= 32 {
					n++
					is = hypercare.Issue{ID: hypercare.IssueID(fmt.Sprintf("INC-%d", n))}
					if err := s.CreateIssue(ctx, is); err != nil {
						b.Fatal(err)
					}
				}
				e := hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect}
				if is.Len() > 0 {
					e = hypercare.Event{Type: hypercare.EventPaused, At: at.Add(time.Duration(is.Len()) * time.Minute), Reason: "waiting"}
					if is.State().Status == hypercare.StatusPaused {
						e = hypercare.Event{Type: hypercare.EventResumed, At: e.At}
					}
				}
				var err error
				if is, err = s.AppendEvents(ctx, "", is.ID, is.Version(), e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
