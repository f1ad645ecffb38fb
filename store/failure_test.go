package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
)

// crashSeeds is how many random power cuts each failure test follows with:
// each keeps a different part of what was not synced.
const crashSeeds = 8

// reopenAfterCrash closes f, cuts the power of fsys (keeping, at random,
// parts of what was not synced), reopens the store and checks it holds
// want: nothing acknowledged missing, nothing unacknowledged present, and
// no torn tail left to repair. The reopened store must take writes.
func reopenAfterCrash(t *testing.T, f *File, fsys *memFS, seed uint64, want string) {
	t.Helper()
	f.Close()
	fsys.crash(rand.New(rand.NewPCG(seed, 1)).IntN)
	g, err := openFile(memDir, fsys)
	if err != nil {
		t.Fatalf("seed %d: reopen: %v", seed, err)
	}
	defer g.Close()
	if got := dump(t, g); got != want {
		t.Fatalf("seed %d: after reopening the store holds\n%s\nwant\n%s", seed, got, want)
	}
	if r := g.Recovery(); r.Repaired() {
		t.Fatalf("seed %d: reopen repaired a torn tail: %+v", seed, r)
	}
	must(t, g.CreateEngagement(bg, testEngagement("after")))
}

// TestFileWriteFailure injects a failure into the write of an append — a
// short write, a failed fsync, a full disk — and checks that the append
// fails with an error naming it and its cause, that it leaves no trace in
// memory or on disk (the journal is cut back before the error returns), and
// that the store then refuses writes until reopened.
func TestFileWriteFailure(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inject func(fsys *memFS)
		cause  error
	}{
		{name: "short write", inject: func(fsys *memFS) { fsys.failWrite = 1 }, cause: syscall.EIO},
		{name: "failed fsync", inject: func(fsys *memFS) { fsys.failSync = 1 }, cause: syscall.EIO},
		{name: "full disk", inject: func(fsys *memFS) { fsys.capacity = fsys.used() + 10 }, cause: syscall.ENOSPC},
		{name: "full disk, nothing written", inject: func(fsys *memFS) { fsys.capacity = fsys.used() }, cause: syscall.ENOSPC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(crashSeeds) {
				fsys := newMemFS()
				f, err := openFile(memDir, fsys)
				must(t, err)
				must(t, f.CreateEngagement(bg, testEngagement("erp")))
				must(t, f.CreateIssue(bg, testIssue("erp", "INC-1", t0)))
				acked := dump(t, f)

				fsys.mu.Lock()
				tc.inject(fsys)
				fsys.mu.Unlock()
				is, _ := f.Issue(bg, "erp", "INC-1")
				_, err = f.AppendEvents(bg, "erp", "INC-1", 1, nextEvent(is, t0.Add(time.Minute)))
				if !errors.Is(err, tc.cause) {
					t.Fatalf("AppendEvents on a failing disk: %v, want an error wrapping %v", err, tc.cause)
				}
				if msg := err.Error(); !strings.Contains(msg, `append events to issue "INC-1" of engagement "erp"`) || strings.Contains(msg, "earlier") {
					t.Fatalf("AppendEvents on a failing disk: %q, want the error to name the append, not an earlier write", msg)
				}
				if got := dump(t, f); got != acked {
					t.Fatalf("a failed write is visible:\n%s", got)
				}
				fsys.mu.Lock()
				fsys.capacity = 0
				fsys.mu.Unlock()
				err = f.CreateIssue(bg, testIssue("erp", "INC-2", t0))
				if err == nil || !strings.Contains(err.Error(), `create issue "INC-2" of engagement "erp": refused: an earlier write failed`) {
					t.Fatalf("write after a failure: %v, want a refusal naming it", err)
				}
				if err := f.Compact(bg); err == nil {
					t.Fatalf("Compact after a failure succeeded")
				}
				reopenAfterCrash(t, f, fsys, seed, acked)
			}
		})
	}
}

// TestFileWriteFailureGroup: when the write of a group commit fails, each
// write of the group fails with an error naming it, and none is stored.
func TestFileWriteFailureGroup(t *testing.T) {
	fsys := newMemFS()
	f, err := openFileGroup(memDir, fsys, 64)
	must(t, err)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	acked := dump(t, f)
	fsys.mu.Lock()
	fsys.failSync = 1
	fsys.mu.Unlock()
	// Queue the writes behind a job, so that they share one group.
	release := make(chan struct{})
	jobDone := make(chan error)
	go func() { jobDone <- f.submit(&request{job: func() error { <-release; return nil }}) }()
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- f.CreateIssue(bg, testIssue("erp", hypercare.IssueID(fmt.Sprintf("INC-%d", i)), t0)) }()
	}
	time.Sleep(10 * time.Millisecond) // let the writes queue up
	close(release)
	must(t, <-jobDone)
	seen := map[string]bool{}
	for range n {
		err := <-errs
		if err == nil {
			t.Fatalf("a write of the failed group succeeded")
		}
		msg := err.Error()
		for i := range n {
			if name := fmt.Sprintf(`issue "INC-%d"`, i); strings.Contains(msg, name) {
				seen[name] = true
			}
		}
		if !errors.Is(err, syscall.EIO) && !strings.Contains(msg, "refused") {
			t.Fatalf("write of the failed group: %v, want EIO or a refusal", err)
		}
	}
	if len(seen) != n {
		t.Fatalf("errors named %d of the %d writes", len(seen), n)
	}
	reopenAfterCrash(t, f, fsys, 0, acked)
}

// TestCompactFailure injects a failure at each step of a compaction —
// writing the snapshot (full disk), its fsync, its rename, the directory
// fsync, the new journal's fsync — and checks that Compact fails naming the
// cause; that the store either carries on (the failure came before the
// snapshot was in place) or refuses writes; and that a reopen after a power
// cut holds exactly what was acknowledged.
func TestCompactFailure(t *testing.T) {
	for _, tc := range []struct {
		name        string
		inject      func(fsys *memFS)
		cause       error
		carriesOn   bool
		errContains string
	}{
		{name: "full disk", inject: func(fsys *memFS) { fsys.capacity = fsys.used() + 100 }, cause: syscall.ENOSPC, carriesOn: true, errContains: "snapshot.tmp"},
		{name: "failed snapshot fsync", inject: func(fsys *memFS) { fsys.failSync = 1 }, cause: syscall.EIO, carriesOn: true, errContains: "snapshot.tmp"},
		{name: "failed rename", inject: func(fsys *memFS) { fsys.failRename = 1 }, cause: syscall.EIO, carriesOn: true, errContains: "rename"},
		{name: "failed directory fsync", inject: func(fsys *memFS) { fsys.failSyncDir = 1 }, cause: syscall.EIO, errContains: "sync " + memDir},
		{name: "failed fsync of the new journal", inject: func(fsys *memFS) { fsys.failSync = 2 }, cause: syscall.EIO, errContains: "journal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(crashSeeds) {
				fsys := newMemFS()
				f, err := openFile(memDir, fsys)
				must(t, err)
				must(t, f.CreateEngagement(bg, testEngagement("erp")))
				for i := range 5 {
					must(t, f.CreateIssue(bg, testIssue("erp", hypercare.IssueID(fmt.Sprintf("INC-%d", i)), t0)))
				}
				acked := dump(t, f)

				fsys.mu.Lock()
				tc.inject(fsys)
				fsys.mu.Unlock()
				err = f.Compact(bg)
				if !errors.Is(err, tc.cause) || !strings.Contains(err.Error(), tc.errContains) {
					t.Fatalf("Compact: %v, want an error wrapping %v and naming %q", err, tc.cause, tc.errContains)
				}
				fsys.mu.Lock()
				fsys.capacity = 0
				fsys.mu.Unlock()
				if got := dump(t, f); got != acked {
					t.Fatalf("state changed by a failed compaction:\n%s", got)
				}
				err = f.CreateIssue(bg, testIssue("erp", "INC-after", t0))
				switch {
				case tc.carriesOn && err != nil:
					t.Fatalf("write after a compaction that failed before the snapshot was in place: %v", err)
				case tc.carriesOn:
					acked = dump(t, f)
				case err == nil || !strings.Contains(err.Error(), "refused"):
					t.Fatalf("write after a compaction that failed once the snapshot was in place: %v, want a refusal", err)
				}
				reopenAfterCrash(t, f, fsys, seed, acked)
			}
		})
	}
}
