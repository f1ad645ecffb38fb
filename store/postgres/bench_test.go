package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// The benchmarks write durably: synchronous_commit stays on (the server's
// default), as in bench/pgbench.sh's floor. Run them side by side with that
// floor with bench/pgbench.sh.

// openBench opens a migrated store on a fresh schema with durable commits
// and a pool large enough for 8 workers.
func openBench(b *testing.B, quiet bool) *Store {
	b.Helper()
	s, err := Open(context.Background(), withParams(serverURL, "pool_max_conns=16"),
		Options{Schema: testSchema(b.TempDir()), Migrate: true, Quiet: quiet})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// openFileBench opens a file store (store.OpenFile) on a fresh directory,
// for the same workloads on the embedded default: durable too (one fsync
// per group commit), on the same disk as the benchmark cluster when
// HYPERCARE_PG_URL is unset (both in the temporary directory).
func openFileBench(b *testing.B) *store.File {
	b.Helper()
	f, err := store.OpenFile(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

// benchBackends are the stores the benchmarks compare, by name: PostgreSQL
// (with notifications, and Quiet), and the file store.
var benchBackends = []struct {
	name string
	open func(b *testing.B) store.Store
}{
	{"postgres", func(b *testing.B) store.Store { return openBench(b, false) }},
	{"postgres-quiet", func(b *testing.B) store.Store { return openBench(b, true) }},
	{"file", func(b *testing.B) store.Store { return openFileBench(b) }},
}

func benchEngagement(b *testing.B, s store.Store) {
	b.Helper()
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	e := hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}
	if err := s.CreateEngagement(context.Background(), e); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAppend measures durable event appends (AppendEvents: a read and
// one conditional write) by 1 and 8 concurrent workers, each on its own
// connection and its own issues, on each backend (postgres-quiet: with
// Options.Quiet, no notifications). A worker starts a new issue
// (CreateIssue, also a durable write, counted as one) every 32 events so
// that timelines stay short. writes/s is the figure to compare with
// pgbench's tps.
func BenchmarkAppend(b *testing.B) {
	for _, backend := range benchBackends {
		for _, workers := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/workers=%d", backend.name, workers), func(b *testing.B) {
				s := backend.open(b)
				benchEngagement(b, s)
				benchAppend(b, s, workers)
			})
		}
	}
}

func benchAppend(b *testing.B, s store.Store, workers int) {
	ctx := context.Background()
	start := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var is hypercare.Issue
			issues := 0
			for next.Add(1) <= int64(b.N) {
				if is.Len() == 0 || is.Len() >= 32 {
					issues++
					is = hypercare.Issue{Engagement: "erp", ID: hypercare.IssueID(fmt.Sprintf("W%d-%d", w, issues)), Title: "benchmark"}
					if err := is.Append(hypercare.Event{Type: hypercare.EventOpened, At: start, Severity: hypercare.Sev2, Kind: hypercare.Defect}); err != nil {
						b.Error(err)
						return
					}
					if err := s.CreateIssue(ctx, is); err != nil {
						b.Error(err)
						return
					}
					continue
				}
				e := hypercare.Event{Type: hypercare.EventPaused, At: start.Add(time.Duration(is.Len()) * time.Minute), Reason: "waiting on the customer"}
				if is.State().Status == hypercare.StatusPaused {
					e = hypercare.Event{Type: hypercare.EventResumed, At: e.At, Person: "ana"}
				}
				var err error
				if is, err = s.AppendEvents(ctx, "erp", is.ID, is.Len(), e); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
}

// benchIssues returns n issues of engagement "erp" with 5 events each.
func benchIssues(n int) []hypercare.Issue {
	start := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	out := make([]hypercare.Issue, n)
	for i := range out {
		at := start.Add(time.Duration(i) * time.Second)
		is := hypercare.Issue{Engagement: "erp", ID: hypercare.IssueID(fmt.Sprintf("INC-%06d", i)), Title: "cannot post invoices"}
		err := is.Append(
			hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect, Person: "reporter"},
			hypercare.Event{Type: hypercare.EventResponded, At: at.Add(10 * time.Minute), Person: "ana"},
			hypercare.Event{Type: hypercare.EventAssigned, At: at.Add(20 * time.Minute), Team: hypercare.SteadyState, Person: "bo"},
			hypercare.Event{Type: hypercare.EventPaused, At: at.Add(30 * time.Minute), Reason: "waiting on the customer"},
			hypercare.Event{Type: hypercare.EventResolved, At: at.Add(90 * time.Minute), Team: hypercare.SteadyState, Person: "bo"},
		)
		if err != nil {
			panic(err)
		}
		out[i] = is
	}
	return out
}

// importBackends are the backends of the import and read-back benchmarks:
// notifications cost nothing there (one per import).
var importBackends = []struct {
	name string
	open func(b *testing.B) store.Store
}{benchBackends[0], benchBackends[2]}

// BenchmarkImport measures ImportIssues of 100,000 issues × 5 events into
// an empty store: on PostgreSQL COPY in one transaction, on the file store
// one group commit.
func BenchmarkImport(b *testing.B) {
	issues := benchIssues(100_000)
	for _, backend := range importBackends {
		b.Run(backend.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				s := backend.open(b)
				benchEngagement(b, s)
				b.StartTimer()
				if err := s.ImportIssues(context.Background(), issues); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkReopenRead measures opening the store and reading back all
// 500,000 events (100,000 issues × 5) with Issues: on PostgreSQL a new pool
// and two queries in one snapshot (list.go), on the file store the replay
// of its journal.
func BenchmarkReopenRead(b *testing.B) {
	ctx := context.Background()
	issues := benchIssues(100_000)
	b.Run("postgres", func(b *testing.B) {
		s := openBench(b, false)
		benchEngagement(b, s)
		if err := s.ImportIssues(ctx, issues); err != nil {
			b.Fatal(err)
		}
		for _, table := range []string{"issues", "events"} {
			if _, err := s.pool.Exec(ctx, "VACUUM ANALYZE "+table); err != nil {
				b.Fatal(err)
			}
		}
		benchReopenRead(b, func() (store.Store, error) { return Open(ctx, serverURL, Options{Schema: s.schema}) })
	})
	b.Run("file", func(b *testing.B) {
		dir := b.TempDir()
		f, err := store.OpenFile(dir)
		if err != nil {
			b.Fatal(err)
		}
		benchEngagement(b, f)
		err = f.ImportIssues(ctx, issues)
		if err := errors.Join(err, f.Close()); err != nil {
			b.Fatal(err)
		}
		benchReopenRead(b, func() (store.Store, error) { return store.OpenFile(dir) })
	})
}

func benchReopenRead(b *testing.B, open func() (store.Store, error)) {
	b.ReportAllocs()
	for b.Loop() {
		r, err := open()
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for is, err := range r.Issues(context.Background(), store.IssueFilter{}) {
			if err != nil {
				b.Fatal(err)
			}
			n += is.Len()
		}
		r.Close()
		if n != 500_000 {
			b.Fatalf("read %d events, want 500000", n)
		}
	}
}
