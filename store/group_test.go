package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
)

// manyIssues returns n one-event issues of engagement eng, enough of them
// (n ≥ 20,000) to fill several chunks of a group commit.
func manyIssues(eng hypercare.EngagementID, prefix string, n int) []hypercare.Issue {
	out := make([]hypercare.Issue, n)
	for i := range out {
		out[i] = testIssue(eng, hypercare.IssueID(fmt.Sprintf("%s-%06d", prefix, i)), t0)
	}
	return out
}

// inOneGroup runs the writes concurrently behind a job, so that they queue
// up and share one group commit, and returns their errors in order.
func inOneGroup(t *testing.T, f *File, writes ...func() error) []error {
	t.Helper()
	release := make(chan struct{})
	jobDone := make(chan error)
	go func() { jobDone <- f.submit(&request{job: func() error { <-release; return nil }}) }()
	time.Sleep(5 * time.Millisecond)
	errs := make([]chan error, len(writes))
	for i, w := range writes {
		errs[i] = make(chan error, 1)
		go func() { errs[i] <- w() }()
		time.Sleep(time.Millisecond) // keep the order
	}
	time.Sleep(5 * time.Millisecond)
	close(release)
	must(t, <-jobDone)
	out := make([]error, len(writes))
	for i := range errs {
		out[i] = <-errs[i]
	}
	return out
}

// TestImportStreamed: an import larger than a chunk is written out as it is
// encoded, with one fsync, and reads back whole.
func TestImportStreamed(t *testing.T) {
	fsys := newMemFS()
	f := mustOpen(t, fsys)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	batch := manyIssues("erp", "INC", 30_000)
	before := fsys.ops
	must(t, f.ImportIssues(bg, batch))
	// One write per chunk, the commit, one fsync: about 2 MB of records.
	if ops := fsys.ops - before; ops < 3 || ops > 6 {
		t.Errorf("import took %d filesystem operations, want a write per 1 MB chunk and one fsync", ops)
	}
	if cap(f.buf) > 2*chunkSize {
		t.Errorf("the group buffer grew to %d bytes, want about %d", cap(f.buf), chunkSize)
	}
	want := dump(t, f)
	must(t, f.Close())
	g := mustOpen(t, fsys)
	defer g.Close()
	if got := dump(t, g); got != want {
		t.Fatalf("the streamed import did not read back")
	}
}

// TestImportStreamedTooLarge: an import whose last issue is too large for a
// record fails with ErrTooLarge after its first chunks were written out;
// it is rewound, and the writes sharing its group commit, before and after
// it, are stored as if it had never been.
func TestImportStreamedTooLarge(t *testing.T) {
	fsys := newMemFS()
	f := mustOpen(t, fsys)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	batch := manyIssues("erp", "IMP", 30_000)
	huge := testIssue("erp", "HUGE", t0)
	huge.Title = strings.Repeat("x", MaxRecordSize)
	batch = append(batch, huge)
	errs := inOneGroup(t, f,
		func() error { return f.CreateIssue(bg, testIssue("erp", "INC-1", t0)) },
		func() error { return f.ImportIssues(bg, batch) },
		func() error { return f.CreateIssue(bg, testIssue("erp", "INC-2", t0)) },
	)
	if errs[0] != nil || errs[2] != nil || !errors.Is(errs[1], ErrTooLarge) {
		t.Fatalf("writes: %v, want nil, ErrTooLarge, nil", errs)
	}
	ref := NewMemory()
	must(t, ref.CreateEngagement(bg, testEngagement("erp")))
	must(t, ref.CreateIssue(bg, testIssue("erp", "INC-1", t0)))
	must(t, ref.CreateIssue(bg, testIssue("erp", "INC-2", t0)))
	want := dump(t, ref)
	if got := dump(t, f); got != want {
		t.Fatalf("store holds\n%s\nwant\n%s", got, want)
	}
	if n := int64(len(fsys.bytesOf(filepath.Join(memDir, journalName)))); n != f.off {
		t.Fatalf("journal is %d bytes, want %d: the rewound records were not cut", n, f.off)
	}
	must(t, f.Close())
	g := mustOpen(t, fsys)
	defer g.Close()
	if got := dump(t, g); got != want {
		t.Fatalf("after reopening the store holds\n%s\nwant\n%s", got, want)
	}
	if r := g.Recovery(); r.Repaired() {
		t.Fatalf("reopen repaired: %+v", r)
	}
}

// TestImportStreamedCrash cuts the power at each filesystem operation of a
// streamed import: a reopen finds none of it or all of it.
func TestImportStreamedCrash(t *testing.T) {
	batch := manyIssues("erp", "INC", 30_000)
	ref := NewMemory()
	must(t, ref.CreateEngagement(bg, testEngagement("erp")))
	without := dump(t, ref)
	must(t, ref.ImportIssues(bg, batch))
	with := dump(t, ref)
	for step := 1; ; step++ {
		fsys := newMemFS()
		f := mustOpen(t, fsys)
		must(t, f.CreateEngagement(bg, testEngagement("erp")))
		fsys.mu.Lock()
		fsys.crashAt = fsys.ops + step
		fsys.mu.Unlock()
		err := f.ImportIssues(bg, batch)
		f.Close()
		fsys.crash(rand.New(rand.NewPCG(uint64(step), 2)).IntN)
		g := mustOpen(t, fsys)
		got := dump(t, g)
		g.Close()
		switch {
		case err == nil && got != with:
			t.Fatalf("crash at step %d, after the import was acknowledged: it is missing", step)
		case got != with && got != without:
			t.Fatalf("crash at step %d: a part of the import is stored", step)
		}
		if err == nil {
			break
		}
	}
}

// TestFileLeaders runs writers, compactions and a Close concurrently: each
// write returns nil, a conflict (another writer appended first) or
// ErrClosed; every acknowledged append is there after reopening, and
// nothing else.
func TestFileLeaders(t *testing.T) {
	fsys := newMemFS()
	f, err := openFileGroup(memDir, fsys, 4) // small groups: more handoffs
	must(t, err)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	const writers, each = 8, 40
	for w := range writers {
		must(t, f.CreateIssue(bg, testIssue("erp", hypercare.IssueID(fmt.Sprintf("INC-%d", w)), t0)))
	}
	acked := make([]int, writers) // appends acknowledged per writer's issue
	done := make(chan struct{})
	for w := range writers {
		go func() {
			defer func() { done <- struct{}{} }()
			id := hypercare.IssueID(fmt.Sprintf("INC-%d", w))
			is := testIssue("erp", id, t0)
			for i := range each {
				next, err := f.AppendEvents(bg, "erp", id, is.Len(), nextEvent(is, t0.Add(time.Duration(i+1)*time.Minute)))
				if errors.Is(err, ErrClosed) {
					return
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				is, acked[w] = next, acked[w]+1
			}
		}()
	}
	go func() {
		defer func() { done <- struct{}{} }()
		for range 5 {
			if err := f.Compact(bg); err != nil && !errors.Is(err, ErrClosed) {
				t.Errorf("Compact: %v", err)
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	must(t, f.Close())
	for range writers + 1 {
		<-done
	}
	if err := f.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Close: %v, want ErrClosed", err)
	}
	g := mustOpen(t, fsys)
	defer g.Close()
	for w := range writers {
		is, err := g.Issue(bg, "erp", hypercare.IssueID(fmt.Sprintf("INC-%d", w)))
		must(t, err)
		if is.Len() != 1+acked[w] {
			t.Errorf("issue of writer %d has %d events after reopening, want %d", w, is.Len(), 1+acked[w])
		}
	}
}

// TestImportStreamedFullDisk: the disk fills up after the first chunks of
// a streamed import were written out: the import fails naming itself and
// ENOSPC, its chunks are cut from the journal, and a reopen after a power
// cut holds what was there before it.
func TestImportStreamedFullDisk(t *testing.T) {
	for seed := range uint64(crashSeeds) {
		fsys := newMemFS()
		f := mustOpen(t, fsys)
		must(t, f.CreateEngagement(bg, testEngagement("erp")))
		acked := dump(t, f)
		fsys.mu.Lock()
		fsys.capacity = fsys.used() + 3*chunkSize/2
		fsys.mu.Unlock()
		err := f.ImportIssues(bg, manyIssues("erp", "INC", 30_000))
		if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "import of 30000 issues: not stored") {
			t.Fatalf("import on a disk filling up: %v, want ENOSPC naming the import", err)
		}
		if n := int64(len(fsys.bytesOf(filepath.Join(memDir, journalName)))); n != f.off {
			t.Fatalf("journal is %d bytes after the failed import, want %d", n, f.off)
		}
		reopenAfterCrash(t, f, fsys, seed, acked)
	}
}

// TestRefusedImportOnFullDiskSharesGroup: a large import refused by its
// check shares a group commit with a write that passes, while the disk
// fills up under the import's streamed chunks. Whatever the race between
// the check and the encoding, the passing write's answer is the truth: if
// it was acknowledged, it is there after a reopen; if it failed, it is
// not, and nothing of the import is.
func TestRefusedImportOnFullDiskSharesGroup(t *testing.T) {
	for _, tc := range []struct {
		name  string
		batch func() []hypercare.Issue
		want  error
	}{
		{"duplicate at the end", func() []hypercare.Issue {
			b := manyIssues("erp", "IMP", 100_000)
			b[len(b)-1].ID = b[0].ID
			return b
		}, ErrExists},
		{"unknown engagement", func() []hypercare.Issue { return manyIssues("crm", "IMP", 100_000) }, ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newMemFS()
			f := mustOpen(t, fsys)
			must(t, f.CreateEngagement(bg, testEngagement("erp")))
			before := dump(t, f)
			batch := tc.batch() // built before the group, or the import would start it alone
			fsys.mu.Lock()
			fsys.capacity = fsys.used() + 3*chunkSize/2
			fsys.mu.Unlock()
			errs := inOneGroup(t, f,
				func() error { return f.ImportIssues(bg, batch) },
				func() error { return f.CreateIssue(bg, testIssue("erp", "INC-1", t0)) })
			if !errors.Is(errs[0], tc.want) {
				t.Fatalf("refused import = %v, want %v", errs[0], tc.want)
			}
			_, found := f.Issue(bg, "erp", "INC-1")
			if (errs[1] == nil) != (found == nil) {
				t.Fatalf("CreateIssue answered %v, but reading INC-1 back gives %v", errs[1], found)
			}
			want := before
			if errs[1] == nil {
				want = dump(t, f)
			}
			fsys.mu.Lock()
			fsys.capacity = 0
			fsys.mu.Unlock()
			reopenAfterCrash(t, f, fsys, 1, want)
		})
	}
}

// TestRefusedImportStopsEncoding: an import its check refuses at once
// (an unknown engagement) stops being encoded and written out: the
// journal never holds more than a few of its chunks. Its first chunk is
// written only once the check has answered (the test's hooks), so the
// encoding cannot race ahead, as it could on a loaded machine: at most
// that chunk is written, then cut.
func TestRefusedImportStopsEncoding(t *testing.T) {
	fsys := newMemFS()
	f := mustOpen(t, fsys)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	batch := manyIssues("crm", "IMP", 100_000) // 6 chunks of records and more
	checked := make(chan struct{})
	testHookChecked = func() { close(checked) }
	t.Cleanup(func() { testHookChecked = nil })
	fsys.mu.Lock()
	fsys.beforeWrite = func() { <-checked }
	fsys.mu.Unlock()
	before := fsys.ops
	if err := f.ImportIssues(bg, batch); !errors.Is(err, ErrNotFound) {
		t.Fatalf("import into an unknown engagement = %v, want ErrNotFound", err)
	}
	if ops := fsys.ops - before; ops > 2 {
		t.Errorf("the refused import took %d filesystem operations, want it stopped within a few chunks", ops)
	}
	must(t, f.Close())
}

// TestRefusedImportCutRetried: the cut of a refused import's streamed
// bytes fails once; the next group, or else Close, cuts them, so that a
// reopen finds a clean journal, not a torn tail to repair as after a crash.
func TestRefusedImportCutRetried(t *testing.T) {
	for _, next := range []string{"Close", "a write"} {
		t.Run("then "+next, func(t *testing.T) {
			fsys := newMemFS()
			f := mustOpen(t, fsys)
			must(t, f.CreateEngagement(bg, testEngagement("erp")))
			batch := manyIssues("erp", "IMP", 30_000)
			batch[len(batch)-1].Title = strings.Repeat("t", MaxRecordSize) // refused after its chunks went out
			fsys.mu.Lock()
			fsys.failTruncate = 1
			fsys.mu.Unlock()
			if err := f.ImportIssues(bg, batch); !errors.Is(err, ErrTooLarge) {
				t.Fatalf("import with a too-large issue = %v, want ErrTooLarge", err)
			}
			if next == "a write" {
				must(t, f.CreateIssue(bg, testIssue("erp", "INC-1", t0)))
			}
			want := dump(t, f)
			must(t, f.Close())
			g := mustOpen(t, fsys)
			defer g.Close()
			if r := g.Recovery(); r != (Recovery{}) {
				t.Errorf("reopen repaired %+v, want a clean journal", r)
			}
			if got := dump(t, g); got != want {
				t.Errorf("reopened store holds\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestImportTakesParallelPath: checkAndAdd recognises the changes of
// ImportIssues and CreateIssue as imports it may encode while it checks
// them; a wrapper it does not see through would silently make every large
// import check, then encode, one after the other.
func TestImportTakesParallelPath(t *testing.T) {
	issues := manyIssues("erp", "IMP", 2)
	if issuesToCreate(importChange(issues)) == nil {
		t.Error("ImportIssues' change is not seen as issues to create")
	}
	if issuesToCreate(&createIssues{issues: issues}) == nil {
		t.Error("CreateIssue's change is not seen as issues to create")
	}
	if issuesToCreate(&appendEvents{}) != nil {
		t.Error("an append is seen as issues to create")
	}
}

// TestImportDuplicatesEarlierWriteOfGroup: a large import into an empty
// engagement is refused when it repeats an issue that an earlier write of
// the same group commit creates: the check looks at what the group staged,
// not only at what is stored.
func TestImportDuplicatesEarlierWriteOfGroup(t *testing.T) {
	fsys := newMemFS()
	f := mustOpen(t, fsys)
	defer f.Close()
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	batch := manyIssues("erp", "IMP", 2*parallelUnits)
	errs := inOneGroup(t, f,
		func() error { return f.CreateIssue(bg, batch[len(batch)-1]) },
		func() error { return f.ImportIssues(bg, batch) })
	if errs[0] != nil {
		t.Fatalf("CreateIssue: %v", errs[0])
	}
	if !errors.Is(errs[1], ErrExists) {
		t.Fatalf("import repeating an issue the group created = %v, want ErrExists", errs[1])
	}
	if got, err := Collect(f.Issues(bg, IssueFilter{})); err != nil || len(got) != 1 {
		t.Fatalf("store holds %d issues (%v), want the one CreateIssue created", len(got), err)
	}
}
