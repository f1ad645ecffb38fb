package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
)

// benchIssues returns n issues of engagement "erp" with events each
// (opened, responded, assigned, paused, resumed, then pause/resume).
func benchIssues(tb testing.TB, n, events int) []hypercare.Issue {
	tb.Helper()
	out := make([]hypercare.Issue, n)
	for i := range out {
		at := t0.Add(time.Duration(i) * time.Second)
		is := hypercare.Issue{ID: hypercare.IssueID(fmt.Sprintf("INC-%06d", i)), Engagement: "erp", Title: "cannot post invoices in the new ERP"}
		evs := []hypercare.Event{
			{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect},
			{Type: hypercare.EventResponded, At: at.Add(time.Minute), Person: "ana"},
			{Type: hypercare.EventAssigned, At: at.Add(2 * time.Minute), Team: hypercare.SteadyState, Person: "bo"},
		}
		for len(evs) < events {
			evs = append(evs, nextEventFor(evs, at.Add(time.Duration(len(evs))*time.Minute)))
		}
		if err := is.Append(evs[:events]...); err != nil {
			tb.Fatal(err)
		}
		out[i] = is
	}
	return out
}

// openBench opens a store in a fresh directory holding engagement "erp" and
// n one-event issues.
func openBench(b *testing.B, file bool, maxGroup, n int) Store {
	return openBenchOn(b, file, osFS{}, maxGroup, n)
}

// noSyncFS is the operating system's filesystem with fsync a no-op: what a
// write costs besides the disk's flush, which is the same for the store as
// for its raw floor.
type noSyncFS struct{ osFS }

func (noSyncFS) OpenFile(name string, flag int, perm fs.FileMode) (file, error) {
	f, err := osFS{}.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return noSyncFile{f.(osFile)}, nil
}

func (noSyncFS) SyncDir(string) error { return nil }

type noSyncFile struct{ osFile }

func (noSyncFile) Sync() error { return nil }

// countingFS counts the fsyncs of the files it opens.
type countingFS struct {
	fsys
	syncs *atomic.Int64
}

func (c countingFS) OpenFile(name string, flag int, perm fs.FileMode) (file, error) {
	f, err := c.fsys.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return countingFile{f, c.syncs}, nil
}

type countingFile struct {
	file
	syncs *atomic.Int64
}

func (f countingFile) Sync() error { f.syncs.Add(1); return f.file.Sync() }

func openBenchOn(b *testing.B, file bool, fsys fsys, maxGroup, n int) Store {
	b.Helper()
	var s Store = NewMemory()
	if file {
		f, err := openFileGroup(b.TempDir(), fsys, maxGroup)
		if err != nil {
			b.Fatal(err)
		}
		s = f
	}
	b.Cleanup(func() { s.Close() })
	must(b, s.CreateEngagement(bg, testEngagement("erp")))
	must(b, s.ImportIssues(bg, benchIssues(b, n, 1)))
	return s
}

// appendOne appends the second event to issue i.
func appendOne(b *testing.B, s Store, ids []hypercare.IssueID, i int) {
	e := hypercare.Event{Type: hypercare.EventResponded, At: t0.Add(time.Duration(i)*time.Second + time.Minute), Person: "ana"}
	if _, err := s.AppendEvents(bg, "erp", ids[i], 1, e); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkAppendEvent appends one event per operation, with the fsync, one
// writer after another (Sequential) and from 8 goroutines (Parallel8), where
// group commit lets concurrent writes share an fsync. NoGroupCommit is the
// naive baseline (one fsync per write); Memory is the ceiling. NoFsync runs
// on a filesystem whose fsync does nothing: the cost of a commit besides
// the disk's flush, to set beside BenchmarkAppendEventRawFloor/NoFsync,
// steadier than timings that include an fsync on a shared disk.
func BenchmarkAppendEvent(b *testing.B) {
	for _, bc := range []struct {
		name     string
		file     bool
		parallel bool
		maxGroup int
		nosync   bool
	}{
		{"File/Sequential", true, false, defaultMaxGroup, false},
		{"File/Sequential/NoFsync", true, false, defaultMaxGroup, true},
		{"File/Parallel8", true, true, defaultMaxGroup, false},
		{"File/Parallel8/NoFsync", true, true, defaultMaxGroup, true},
		{"File/Parallel8/NoGroupCommit", true, true, 1, false},
		{"Memory/Sequential", false, false, 0, false},
		{"Memory/Parallel8", false, true, 0, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var syncs atomic.Int64
			fsys := countingFS{osFS{}, &syncs}
			if bc.nosync {
				fsys.fsys = noSyncFS{}
			}
			s := openBenchOn(b, bc.file, fsys, bc.maxGroup, b.N)
			if bc.file {
				// writes per fsync: how well group commit groups
				syncs.Store(0)
				defer func() { b.ReportMetric(float64(b.N)/float64(syncs.Load()), "writes/fsync") }()
			}
			ids := make([]hypercare.IssueID, b.N)
			for i := range ids {
				ids[i] = hypercare.IssueID(fmt.Sprintf("INC-%06d", i))
			}
			b.ReportAllocs()
			b.ResetTimer()
			if !bc.parallel {
				for i := range b.N {
					appendOne(b, s, ids, i)
				}
				return
			}
			var next atomic.Int64
			procs := runtime.GOMAXPROCS(0)
			b.SetParallelism((8 + procs - 1) / procs) // 8 goroutines
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					appendOne(b, s, ids, int(next.Add(1)-1))
				}
			})
		})
	}
}

// BenchmarkAppendEventRawFloor is the floor under File/Sequential of
// BenchmarkAppendEvent: the bytes of one append's group commit (its
// record and the commit record) written at the end of a file and fsynced,
// with no encoding, no checks and no handshake.
func BenchmarkAppendEventRawFloor(b *testing.B) {
	e := hypercare.Event{Type: hypercare.EventResponded, At: t0.Add(time.Minute), Person: "ana"}
	rec, err := (&appendEvents{eng: "erp", id: "INC-000001", version: 1, added: []hypercare.Event{e}}).appendRecords(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec = appendCommit(rec, 0)
	for _, sync := range []bool{true, false} {
		b.Run(map[bool]string{true: "Fsync", false: "NoFsync"}[sync], func(b *testing.B) {
			f, err := os.Create(filepath.Join(b.TempDir(), "raw"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			off := int64(0)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.WriteAt(rec, off); err != nil {
					b.Fatal(err)
				}
				if sync {
					must(b, f.Sync())
				}
				off += int64(len(rec))
			}
		})
	}
}

// BenchmarkImport100k imports 100,000 issues of 5 events (500,000 events)
// in one ImportIssues call, one group commit and one fsync, into a new file
// store: the time is the call's. peak-heap-MB is the most the heap grew
// above what it held before the call (the issues themselves), sampled
// every millisecond. BenchmarkImport100kRawFloor is the floor: the same
// bytes written and fsynced, with no encoding.
func BenchmarkImport100k(b *testing.B) {
	issues := benchIssues(b, 100_000, 5)
	b.ReportAllocs()
	var peak float64
	for b.Loop() {
		b.StopTimer()
		f := newERPStore(b)
		runtime.GC()
		stop := watchHeap()
		b.StartTimer()
		must(b, f.ImportIssues(bg, issues))
		b.StopTimer()
		peak = max(peak, stop())
		must(b, f.Close())
		b.StartTimer()
	}
	b.ReportMetric(peak/(1<<20), "peak-heap-MB")
}

// newERPStore opens a file store in a new directory, holding engagement
// "erp".
func newERPStore(b *testing.B) *File {
	b.Helper()
	f, err := OpenFile(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	must(b, f.CreateEngagement(bg, testEngagement("erp")))
	return f
}

// watchHeap samples the heap every millisecond until the returned stop is
// called, which returns how far it grew above where it started.
func watchHeap() (stop func() float64) {
	read := heapBytes
	start := read()
	done := make(chan float64)
	quit := make(chan struct{})
	go func() {
		peak := start
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				done <- max(peak, read()) - start
				return
			case <-tick.C:
				peak = max(peak, read())
			}
		}
	}()
	return func() float64 { close(quit); return <-done }
}

func BenchmarkImport100kRawFloor(b *testing.B) {
	group := importGroup(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(group)))
	for b.Loop() {
		b.StopTimer()
		f, err := os.Create(filepath.Join(b.TempDir(), "raw"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		writeGroup(b, f, group)
		b.StopTimer()
		must(b, f.Close())
		b.StartTimer()
	}
}

// BenchmarkEncode100k encodes the records of an import of 100,000 issues
// of 5 events into a buffer kept between operations: the encoding an
// import does on its own goroutine, without the writes. JSONBaseline is the
// naive baseline: each issue's own MarshalJSON form, one line each.
func BenchmarkEncode100k(b *testing.B) {
	issues := benchIssues(b, 100_000, 5)
	b.Run("Records", func(b *testing.B) {
		c := &createIssues{issues: issues}
		var buf []byte
		b.ReportAllocs()
		for b.Loop() {
			var err error
			if buf, err = c.appendRecords(buf[:0]); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("JSONBaseline", func(b *testing.B) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			for i := range issues {
				if err := enc.Encode(&issues[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.SetBytes(int64(buf.Len()))
	})
}

// importGroup returns the group commit of an import of benchIssues'
// 100,000 issues of 5 events: the bytes a file store writes for it.
func importGroup(b *testing.B) []byte {
	c := &createIssues{issues: benchIssues(b, 100_000, 5)}
	group, err := c.appendRecords(nil)
	if err != nil {
		b.Fatal(err)
	}
	return appendCommit(group, 0)
}

// writeGroup writes group at the start of f a chunk at a time, as the
// store does, and fsyncs f: the raw floor of an import.
func writeGroup(tb testing.TB, f *os.File, group []byte) {
	tb.Helper()
	for off := 0; off < len(group); off += chunkSize {
		_, err := f.WriteAt(group[off:min(off+chunkSize, len(group))], int64(off))
		must(tb, err)
	}
	must(tb, f.Sync())
}

// BenchmarkImport100kPaired measures the import as a user runs it, end to
// end, beside its floor under the same conditions, op by op: build the
// 100,000 issues of 5 events through the public API (Issue.Append), then
// either import them into a new file store (store) or write the bytes
// the store writes for them, encoded beforehand and untimed, at the end of
// a new file and fsync it (raw). It reports each side's mean time, their
// ratio (store/raw), and the ratio of the parts after the build: the
// ImportIssues call alone over the write and fsync alone (call/write).
//
// A third side (enc) is the floor of anything that stores Go values: the
// build, then the store's encoding of each issue, on one goroutine, into a
// reused buffer written out a chunk at a time, and the fsync; no check and
// no table. store/enc is the ratio to it.
//
// A fourth side (keep) is the floor of a store that keeps its own copy of
// the batch, as ImportIssues' contract asks: the build, the store's copy of
// the issues (its issueKeeper, a pointer to each kept), and the raw write
// and fsync; no encoding, no check, no table. keep/raw is what the copy
// alone costs, store/keep how far the store is above that floor.
func BenchmarkImport100kPaired(b *testing.B) {
	group := importGroup(b)
	var store, raw, enc, keep, call, write time.Duration
	buf := make([]byte, 0, 2*chunkSize)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		f, err := OpenFile(filepath.Join(dir, "store"))
		if err != nil {
			b.Fatal(err)
		}
		must(b, f.CreateEngagement(bg, testEngagement("erp")))
		rawFile, err := os.Create(filepath.Join(dir, "raw"))
		if err != nil {
			b.Fatal(err)
		}
		encFile, err := os.Create(filepath.Join(dir, "enc"))
		if err != nil {
			b.Fatal(err)
		}
		keepFile, err := os.Create(filepath.Join(dir, "keep"))
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		b.StartTimer()

		start := time.Now()
		issues := benchIssues(b, 100_000, 5)
		built := time.Now()
		must(b, f.ImportIssues(bg, issues))
		done := time.Now()
		store, call = store+done.Sub(start), call+done.Sub(built)

		b.StopTimer()
		issues = nil
		must(b, f.Close())
		runtime.GC()
		b.StartTimer()

		start = time.Now()
		issues = benchIssues(b, 100_000, 5)
		built = time.Now()
		writeGroup(b, rawFile, group)
		done = time.Now()
		raw, write = raw+done.Sub(start), write+done.Sub(built)
		runtime.KeepAlive(issues)

		b.StopTimer()
		issues = nil
		must(b, rawFile.Close())
		runtime.GC()
		b.StartTimer()

		start = time.Now()
		issues = benchIssues(b, 100_000, 5)
		var at int64
		for i := range issues {
			if buf, err = appendIssueRecords(buf, &issues[i]); err != nil {
				b.Fatal(err)
			}
			if len(buf) >= chunkSize || i == len(issues)-1 {
				if _, err := encFile.WriteAt(buf, at); err != nil {
					b.Fatal(err)
				}
				at, buf = at+int64(len(buf)), buf[:0]
			}
		}
		must(b, encFile.Sync())
		enc += time.Since(start)

		b.StopTimer()
		issues = nil
		must(b, encFile.Close())
		runtime.GC()
		b.StartTimer()

		start = time.Now()
		issues = benchIssues(b, 100_000, 5)
		kept := make([]*hypercare.Issue, len(issues))
		k := (&createIssues{issues: issues}).keeper()
		for i := range issues {
			kept[i] = k.issue(i)
		}
		writeGroup(b, keepFile, group)
		keep += time.Since(start)
		runtime.KeepAlive(issues)
		runtime.KeepAlive(kept)

		b.StopTimer()
		issues, kept = nil, nil
		must(b, keepFile.Close())
		runtime.GC()
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(float64(store.Nanoseconds())/n, "store-ns/op")
	b.ReportMetric(float64(raw.Nanoseconds())/n, "raw-ns/op")
	b.ReportMetric(float64(enc.Nanoseconds())/n, "enc-ns/op")
	b.ReportMetric(float64(keep.Nanoseconds())/n, "keep-ns/op")
	b.ReportMetric(float64(store)/float64(raw), "store/raw")
	b.ReportMetric(float64(store)/float64(enc), "store/enc")
	b.ReportMetric(float64(keep)/float64(raw), "keep/raw")
	b.ReportMetric(float64(store)/float64(keep), "store/keep")
	b.ReportMetric(float64(call)/float64(write), "call/write")
}

// BenchmarkImport100kColdProcess measures the import the way a one-off bulk
// import runs it (the hypercare command's import): each side runs in a
// fresh process, so both pay for first touching their memory. Per op, one
// child builds the 100,000 issues of 5 events and imports them into a new
// file store (store); another builds them and writes the store's bytes for
// them, encoded beforehand by the parent, to a new file and fsyncs it
// (raw). Each child reports the time from the start of the build to the
// end; the benchmark reports the means and store/raw.
//
// BenchmarkImport100kPaired runs both sides in one warm process, where
// the build reuses memory but the store's own copy of the batch is new;
// on a machine where a first touch of a page is dear (10 µs on a 2-core
// VM), the two ratios differ most.
func BenchmarkImport100kColdProcess(b *testing.B) {
	dir := b.TempDir()
	group := importGroup(b)
	must(b, os.WriteFile(filepath.Join(dir, "group"), group, 0o600))
	group = nil
	child := func(side string) time.Duration {
		b.Helper()
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportColdChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), coldChildEnv+"="+side+":"+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%s child: %v\n%s%s", side, err, out, stderr.Bytes())
		}
		var ns int64
		if _, err := fmt.Sscanf(string(out), "elapsed %d", &ns); err != nil {
			b.Fatalf("%s child: %v in %q", side, err, out)
		}
		must(b, os.RemoveAll(filepath.Join(dir, side))) // the next op's starts anew
		return time.Duration(ns)
	}
	var store, raw time.Duration
	for b.Loop() {
		store += child("store")
		raw += child("raw")
	}
	n := float64(b.N)
	b.ReportMetric(float64(store.Nanoseconds())/n, "store-ns/op")
	b.ReportMetric(float64(raw.Nanoseconds())/n, "raw-ns/op")
	b.ReportMetric(float64(store)/float64(raw), "store/raw")
}

// coldChildEnv holds "side:dir" in a child of
// BenchmarkImport100kColdProcess.
const coldChildEnv = "HYPERCARE_IMPORT_COLD_CHILD"

// TestImportColdChild is one side of BenchmarkImport100kColdProcess, run in
// a child process; without coldChildEnv it does nothing. It prints
// "elapsed <ns>".
func TestImportColdChild(t *testing.T) {
	side, dir, ok := strings.Cut(os.Getenv(coldChildEnv), ":")
	if !ok {
		return
	}
	var elapsed time.Duration
	switch side {
	case "store":
		f, err := OpenFile(filepath.Join(dir, "store"))
		must(t, err)
		must(t, f.CreateEngagement(bg, testEngagement("erp")))
		start := time.Now()
		issues := benchIssues(t, 100_000, 5)
		must(t, f.ImportIssues(bg, issues))
		elapsed = time.Since(start)
		must(t, f.Close())
	case "raw":
		group, err := os.ReadFile(filepath.Join(dir, "group"))
		must(t, err)
		raw, err := os.Create(filepath.Join(dir, "raw"))
		must(t, err)
		start := time.Now()
		issues := benchIssues(t, 100_000, 5)
		writeGroup(t, raw, group)
		elapsed = time.Since(start)
		runtime.KeepAlive(issues)
		must(t, raw.Close())
	default:
		t.Fatalf("%s=%q: side is neither store nor raw", coldChildEnv, side)
	}
	fmt.Printf("elapsed %d\n", elapsed.Nanoseconds())
}

// BenchmarkImportThenList100k is a sync as a user runs it: build 100,000
// issues of 5 events, import them into a new file store, let them go, and
// list every issue. It reports the two steps' mean times (import-ms,
// list-ms) and the heap the store holds for the issues once the caller has
// let them go (held-MB; the journal holds 15 MB). A store that keeps less
// at the import and decodes on read moves time from the first to the
// second: this is the benchmark that shows it.
func BenchmarkImportThenList100k(b *testing.B) {
	var imported, listed time.Duration
	var held float64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		f := newERPStore(b)
		runtime.GC()
		before := heapBytes()
		issues := benchIssues(b, 100_000, 5)
		b.StartTimer()

		start := time.Now()
		must(b, f.ImportIssues(bg, issues))
		imported += time.Since(start)

		b.StopTimer()
		issues = nil
		runtime.GC()
		held += heapBytes() - before
		b.StartTimer()

		start = time.Now()
		n := 0
		for _, err := range f.Issues(bg, IssueFilter{}) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		listed += time.Since(start)
		if n != 100_000 {
			b.Fatalf("listed %d issues, want 100000", n)
		}

		b.StopTimer()
		must(b, f.Close())
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(float64(imported)/1e6/n, "import-ms")
	b.ReportMetric(float64(listed)/1e6/n, "list-ms")
	b.ReportMetric(held/n/(1<<20), "held-MB")
}

// heapBytes returns the bytes of the heap's live and not yet swept objects:
// after runtime.GC, the live ones.
func heapBytes() float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	return float64(sample[0].Value.Uint64())
}

// BenchmarkReopen100k opens a file store holding 100,000 issues of 5
// events, replaying them all into memory: from the journal the import
// wrote, and from a compacted snapshot: the replay alone.
// BenchmarkOpenListRead100k is what a user waits for: the open, then the
// listing and reading of every issue.
func BenchmarkReopen100k(b *testing.B) {
	for _, compacted := range []bool{false, true} {
		b.Run(map[bool]string{false: "Journal", true: "Snapshot"}[compacted], func(b *testing.B) {
			dir := b.TempDir()
			f, err := OpenFile(dir)
			if err != nil {
				b.Fatal(err)
			}
			must(b, f.CreateEngagement(bg, testEngagement("erp")))
			must(b, f.ImportIssues(bg, benchIssues(b, 100_000, 5)))
			if compacted {
				must(b, f.Compact(bg))
			}
			must(b, f.Close())
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				f, err := OpenFile(dir)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if n := len(f.t.issues["erp"]); n != 100_000 {
					b.Fatalf("reopened with %d issues", n)
				}
				must(b, f.Close())
				b.StartTimer()
			}
		})
	}
}

// BenchmarkReopen100kJSONBaseline is the naive baseline for a reopen: the
// same 100,000 issues decoded from JSON (their own MarshalJSON form), as a
// store keeping JSON lines would, without even reading a file.
func BenchmarkReopen100kJSONBaseline(b *testing.B) {
	issues := benchIssues(b, 100_000, 5)
	lines := make([][]byte, len(issues))
	for i, is := range issues {
		js, err := json.Marshal(is)
		if err != nil {
			b.Fatal(err)
		}
		lines[i] = js
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m := make(map[hypercare.IssueID]hypercare.Issue, len(lines))
		for _, js := range lines {
			var is hypercare.Issue
			if err := json.Unmarshal(js, &is); err != nil {
				b.Fatal(err)
			}
			m[is.ID] = is
		}
	}
}

// BenchmarkImport1k compares one ImportIssues call (one group commit, one
// fsync) with the naive baseline of a CreateIssue, and an fsync, per issue,
// for 1,000 issues of 5 events.
func BenchmarkImport1k(b *testing.B) {
	issues := benchIssues(b, 1000, 5)
	for _, batch := range []bool{true, false} {
		b.Run(map[bool]string{true: "ImportIssues", false: "CreateIssueEach"}[batch], func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				b.StopTimer()
				f := newERPStore(b)
				b.StartTimer()
				if batch {
					must(b, f.ImportIssues(bg, issues))
				} else {
					for _, is := range issues {
						must(b, f.CreateIssue(bg, is))
					}
				}
				b.StopTimer()
				must(b, f.Close())
				b.StartTimer()
			}
		})
	}
}

// BenchmarkIssues100k lists the open Sev1 issues of an engagement among
// 100,000: a dashboard's question.
func BenchmarkIssues100k(b *testing.B) {
	s := NewMemory()
	must(b, s.CreateEngagement(bg, testEngagement("erp")))
	issues := benchIssues(b, 100_000, 5)
	for i := range issues {
		if i%100 == 0 { // one in a hundred is a Sev1
			is := issues[i]
			must(b, is.Append(hypercare.Event{Type: hypercare.EventReclassified, At: is.Events()[is.Len()-1].At, Severity: hypercare.Sev1}))
			issues[i] = is
		}
	}
	must(b, s.ImportIssues(bg, issues))
	f := IssueFilter{Engagement: "erp", Severities: []hypercare.Severity{hypercare.Sev1}, Statuses: []hypercare.Status{hypercare.StatusOpen, hypercare.StatusPaused}}
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range s.Issues(bg, f) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 1000 {
			b.Fatalf("%d issues, want 1000", n)
		}
	}
}

// yearSeries is the adoption feed the sample benchmarks use: n series (a
// feature-use metric per feature, 1,000 features), and the samples of day d
// of each, one series per feature with one sample.
func daySeries(n, d int) []hypercare.Series {
	out := make([]hypercare.Series, n)
	for i := range out {
		out[i] = hypercare.Series{
			Metric:  hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: fmt.Sprintf("feature %04d", i)},
			Segment: hypercare.Segment{Dimension: "team", Name: "Finance"},
			Samples: []hypercare.Sample{{Date: day0.AddDays(d), Value: float64((i + d) % 37), Base: 40}},
		}
	}
	return out
}

const benchSeries = 1000

// BenchmarkAddSamplesDay adds one day of samples for 1,000 series per
// operation, with its fsync: in one AddSamples call (OneCall), and, as the
// naive baseline, one call per series (CallPerSeries). Memory is the
// ceiling.
func BenchmarkAddSamplesDay(b *testing.B) {
	days := make([][]hypercare.Series, 400)
	for d := range days {
		days[d] = daySeries(benchSeries, d)
	}
	for _, bc := range []struct {
		name    string
		file    bool
		perCall bool
	}{
		{"File/OneCall", true, false},
		{"File/CallPerSeries", true, true},
		{"Memory/OneCall", false, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := openBench(b, bc.file, defaultMaxGroup, 0)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				day := days[i%len(days)]
				if i >= len(days) { // a new engagement once the days run out
					b.StopTimer()
					eng := hypercare.EngagementID(fmt.Sprintf("erp-%d", i/len(days)))
					must(b, s.CreateEngagement(bg, testEngagement(eng)))
					b.StartTimer()
					must(b, s.AddSamples(bg, eng, day...))
					continue
				}
				if !bc.perCall {
					must(b, s.AddSamples(bg, "erp", day...))
					continue
				}
				for _, sr := range day {
					must(b, s.AddSamples(bg, "erp", sr))
				}
			}
		})
	}
}

// BenchmarkReopenSamplesYear opens a file store holding a year of daily
// samples for 1,000 series (365,000 samples), written as 365 daily
// AddSamples calls: from that journal, and from a compacted snapshot.
func BenchmarkReopenSamplesYear(b *testing.B) {
	dir := b.TempDir()
	f, err := OpenFile(dir)
	if err != nil {
		b.Fatal(err)
	}
	must(b, f.CreateEngagement(bg, testEngagement("erp")))
	for d := range 365 {
		must(b, f.AddSamples(bg, "erp", daySeries(benchSeries, d)...))
	}
	must(b, f.Close())
	for _, compacted := range []bool{false, true} {
		b.Run(map[bool]string{false: "Journal", true: "Snapshot"}[compacted], func(b *testing.B) {
			if compacted {
				f, err := OpenFile(dir)
				if err != nil {
					b.Fatal(err)
				}
				must(b, f.Compact(bg))
				must(b, f.Close())
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				f, err := OpenFile(dir)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if n := len(f.t.samples["erp"]); n != benchSeries {
					b.Fatalf("reopened with %d series", n)
				}
				must(b, f.Close())
				b.StartTimer()
			}
		})
	}
}

// BenchmarkReopenSamplesYearJSONBaseline is the naive baseline for a reopen:
// the same 365 days of 1,000 series decoded from JSON (a []Series per day,
// their own JSON form) and merged by metric and segment, without even
// reading a file.
func BenchmarkReopenSamplesYearJSONBaseline(b *testing.B) {
	lines := make([][]byte, 365)
	for d := range lines {
		js, err := json.Marshal(daySeries(benchSeries, d))
		if err != nil {
			b.Fatal(err)
		}
		lines[d] = js
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m := make(map[seriesKey][]hypercare.Sample, benchSeries)
		for _, js := range lines {
			var day []hypercare.Series
			if err := json.Unmarshal(js, &day); err != nil {
				b.Fatal(err)
			}
			for _, s := range day {
				m[keyOf(s)] = append(m[keyOf(s)], s.Samples...)
			}
		}
	}
}

// BenchmarkSeriesYear lists the series of an engagement holding a year of
// 1,000 series, all of them (what Monitor takes) and the last 4 weeks of
// one segment's 10 features.
func BenchmarkSeriesYear(b *testing.B) {
	s := NewMemory()
	must(b, s.CreateEngagement(bg, testEngagement("erp")))
	for d := range 365 {
		must(b, s.AddSamples(bg, "erp", daySeries(benchSeries, d)...))
	}
	var ten []hypercare.AdoptionMetric
	for i := range 10 {
		ten = append(ten, hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: fmt.Sprintf("feature %04d", i)})
	}
	for _, bc := range []struct {
		name    string
		f       SeriesFilter
		samples int
	}{
		{"All", SeriesFilter{}, 365 * benchSeries},
		{"TenFeatures4Weeks", SeriesFilter{Metrics: ten, From: day0.AddDays(365 - 28)}, 10 * 28},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				for sr, err := range s.Series(bg, "erp", bc.f) {
					if err != nil {
						b.Fatal(err)
					}
					n += len(sr.Samples)
				}
				if n != bc.samples {
					b.Fatalf("%d samples, want %d", n, bc.samples)
				}
			}
		})
	}
}

// syncExport returns the export of 100,000 issues × 5 events, each event
// with an ID, where every 100th issue gained a resolution since yesterday.
func syncExport(b *testing.B, changed bool) []hypercare.Issue {
	issues := benchIssues(b, 100_000, 5)
	for i := range issues {
		is := hypercare.Issue{ID: issues[i].ID, Engagement: issues[i].Engagement, Title: issues[i].Title}
		evs := issues[i].Events()
		for k := range evs {
			evs[k].ID = hypercare.EventID(fmt.Sprint(k))
		}
		if changed && i%100 == 0 {
			evs = append(evs, hypercare.Event{ID: "r", Type: hypercare.EventResolved, At: evs[len(evs)-1].At.Add(time.Hour), Person: "bo"})
		}
		if _, err := is.Insert(evs...); err != nil {
			b.Fatal(err)
		}
		issues[i] = is
	}
	return issues
}

// BenchmarkSync100k merges today's export of 100,000 issues × 5 events,
// where 1% changed, into a file store holding yesterday's: the work is
// proportional to the export in memory, and the bytes written to the change.
// BenchmarkSync100kReimport is the naive baseline: delete every issue and
// import the export again (a purge of the engagement and an import, two
// writes).
func BenchmarkSync100k(b *testing.B) {
	yesterday, today := syncExport(b, false), syncExport(b, true)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		f, err := OpenFile(dir)
		must(b, err)
		must(b, f.CreateEngagement(bg, testEngagement("erp")))
		_, err = f.MergeIssues(bg, yesterday)
		must(b, err)
		before := f.off
		b.StartTimer()
		rep, err := f.MergeIssues(bg, today)
		b.StopTimer()
		must(b, err)
		if rep.Changed() != 1000 {
			b.Fatalf("merge reported %s, want 1000 changed", rep)
		}
		b.ReportMetric(float64(f.off-before), "bytes-written")
		f.Close()
		b.StartTimer()
	}
}

func BenchmarkSync100kReimport(b *testing.B) {
	yesterday, today := syncExport(b, false), syncExport(b, true)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		f := newERPStore(b)
		must(b, f.ImportIssues(bg, yesterday))
		before := f.off
		b.StartTimer()
		must(b, f.PurgeEngagement(bg, "erp"))
		must(b, f.CreateEngagement(bg, testEngagement("erp")))
		must(b, f.ImportIssues(bg, today))
		b.StopTimer()
		b.ReportMetric(float64(f.off-before), "bytes-written")
		f.Close()
		b.StartTimer()
	}
}

// BenchmarkOpenListRead100k is what a user of a file store holding 100,000
// issues of 5 events does on start: open it, then list every issue and read
// every event (through Issue.Timeline, which copies nothing) — from the
// journal an import wrote, and from a compacted snapshot.
func BenchmarkOpenListRead100k(b *testing.B) {
	for _, compacted := range []bool{false, true} {
		b.Run(map[bool]string{false: "Journal", true: "Snapshot"}[compacted], func(b *testing.B) {
			dir := b.TempDir()
			f, err := OpenFile(dir)
			if err != nil {
				b.Fatal(err)
			}
			must(b, f.CreateEngagement(bg, testEngagement("erp")))
			must(b, f.ImportIssues(bg, benchIssues(b, 100_000, 5)))
			if compacted {
				must(b, f.Compact(bg))
			}
			must(b, f.Close())
			b.ReportAllocs()
			for b.Loop() {
				f, err := OpenFile(dir)
				if err != nil {
					b.Fatal(err)
				}
				issues, events := 0, 0
				for is, err := range f.Issues(bg, IssueFilter{}) {
					if err != nil {
						b.Fatal(err)
					}
					issues++
					for e := range is.Timeline() {
						if !e.At.IsZero() {
							events++
						}
					}
				}
				if issues != 100_000 || events != 500_000 {
					b.Fatalf("read %d issues, %d events", issues, events)
				}
				must(b, f.Close())
			}
		})
	}
}

// BenchmarkAppendEventPaired alternates, op by op, one append to a file
// store (File/Sequential's operation) and one raw append+fsync of the same
// bytes to a file beside it (BenchmarkAppendEventRawFloor's), and reports
// each one's mean time and their ratio, alternating which goes first. On a
// shared disk whose fsync
// latency drifts by a factor of ten from one second to the next, the
// pairing compares both under the same conditions, which separate runs do
// not.
func BenchmarkAppendEventPaired(b *testing.B) {
	s := openBench(b, true, defaultMaxGroup, b.N)
	ids := make([]hypercare.IssueID, b.N)
	for i := range ids {
		ids[i] = hypercare.IssueID(fmt.Sprintf("INC-%06d", i))
	}
	e := hypercare.Event{Type: hypercare.EventResponded, At: t0.Add(time.Minute), Person: "ana"}
	rec, err := (&appendEvents{eng: "erp", id: "INC-000001", version: 1, added: []hypercare.Event{e}}).appendRecords(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec = appendCommit(rec, 0)
	raw, err := os.Create(filepath.Join(b.TempDir(), "raw"))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	var store, floor time.Duration
	off := int64(0)
	b.ResetTimer()
	rawOne := func() time.Duration {
		start := time.Now()
		if _, err := raw.WriteAt(rec, off); err != nil {
			b.Fatal(err)
		}
		must(b, raw.Sync())
		off += int64(len(rec))
		return time.Since(start)
	}
	for i := range b.N {
		// Alternate which goes first, so that neither always follows the
		// other's flush.
		if i%2 == 1 {
			floor += rawOne()
		}
		start := time.Now()
		appendOne(b, s, ids, i)
		store += time.Since(start)
		if i%2 == 0 {
			floor += rawOne()
		}
	}
	b.ReportMetric(float64(store.Nanoseconds())/float64(b.N), "store-ns/op")
	b.ReportMetric(float64(floor.Nanoseconds())/float64(b.N), "raw-ns/op")
	b.ReportMetric(float64(store)/float64(floor), "store/raw")
}
