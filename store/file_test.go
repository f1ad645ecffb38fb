package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
)

var bg = context.Background()

const memDir = "/store"

var t0 = time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)

func testEngagement(id hypercare.EngagementID) hypercare.Engagement {
	return hypercare.Engagement{ID: id, Location: time.UTC, GoLive: t0, PlannedEnd: t0.AddDate(0, 0, 28)}
}

func testIssue(eng hypercare.EngagementID, id hypercare.IssueID, at time.Time) hypercare.Issue {
	is := hypercare.Issue{ID: id, Engagement: eng, Title: "issue " + string(id)}
	if err := is.Append(hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect}); err != nil {
		panic(err)
	}
	return is
}

// nextEvent is an event the timeline accepts after is: pause and resume
// alternate forever.
func nextEvent(is hypercare.Issue, at time.Time) hypercare.Event {
	if is.State().Status == hypercare.StatusPaused {
		return hypercare.Event{Type: hypercare.EventResumed, At: at}
	}
	return hypercare.Event{Type: hypercare.EventPaused, At: at, Reason: "waiting on the customer"}
}

// fataler is what helpers need of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// dump renders everything a store holds canonically (times in UTC), so two
// stores can be compared as strings.
func dump(t fataler, s Store) string {
	t.Helper()
	var b strings.Builder
	enc := func(v any) {
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(js)
		b.WriteByte('\n')
	}
	var ids []hypercare.EngagementID
	for e, err := range s.Engagements(bg) {
		if err != nil {
			t.Fatalf("dump: %v", err)
		}
		ids = append(ids, e.ID)
		enc(e)
	}
	for is, err := range s.Issues(bg, IssueFilter{}) {
		if err != nil {
			t.Fatalf("dump: %v", err)
		}
		n := hypercare.Issue{ID: is.ID, Engagement: is.Engagement, Title: is.Title, Workaround: is.Workaround, FixExpected: is.FixExpected.UTC()}
		events := is.Events()
		for i := range events {
			events[i].At = events[i].At.UTC()
		}
		if err := n.Append(events...); err != nil { // at once: Append copies the timeline
			t.Fatal(err)
		}
		enc(n)
	}
	for _, id := range ids {
		for so, err := range s.SignOffs(bg, id) {
			if err != nil {
				t.Fatalf("dump: %v", err)
			}
			so.At = so.At.UTC()
			enc(so)
		}
		for sr, err := range s.Series(bg, id, SeriesFilter{}) {
			if err != nil {
				t.Fatalf("dump: %v", err)
			}
			enc(sr)
		}
		for r, err := range s.Rosters(bg, id) {
			if err != nil {
				t.Fatalf("dump: %v", err)
			}
			for i := range r.Roster.Shifts {
				r.Roster.Shifts[i].Start, r.Roster.Shifts[i].End = r.Roster.Shifts[i].Start.UTC(), r.Roster.Shifts[i].End.UTC()
			}
			enc(r)
		}
	}
	return b.String()
}

func must(t interface{ Fatalf(string, ...any) }, err error) {
	if err != nil {
		t.Fatalf("%v", err)
	}
}

// TestFileTornTail is the worked case of a torn write on a real disk: the
// first bytes of a record, then the crash.
func TestFileTornTail(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFile(dir)
	must(t, err)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	must(t, f.CreateIssue(bg, testIssue("erp", "INC-1", t0)))
	want := dump(t, f)
	must(t, f.Close())

	path := filepath.Join(dir, journalName)
	info, err := os.Stat(path)
	must(t, err)
	good := info.Size()
	is := testIssue("erp", "INC-2", t0)
	rec, err := appendIssueRecords(nil, &is)
	must(t, err)
	j, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = j.Write(rec[:len(rec)-3]) // the last 3 bytes never made it
	must(t, err)
	must(t, j.Close())

	f, err = OpenFile(dir)
	must(t, err)
	r := f.Recovery()
	wantRec := Recovery{File: path, Offset: good, Dropped: int64(len(rec) - 3)}
	if r.File != wantRec.File || r.Offset != wantRec.Offset || r.Dropped != wantRec.Dropped || !strings.Contains(r.Reason, "runs past the end") {
		t.Fatalf("Recovery() = %+v, want %+v and a reason", r, wantRec)
	}
	if got := dump(t, f); got != want {
		t.Fatalf("after recovery:\n%s\nwant\n%s", got, want)
	}
	must(t, f.CreateIssue(bg, testIssue("erp", "INC-2", t0)))
	must(t, f.Close())
	f, err = OpenFile(dir)
	must(t, err)
	defer f.Close()
	if f.Recovery().Repaired() {
		t.Fatalf("clean reopen reports %+v", f.Recovery())
	}
	if _, err := f.Issue(bg, "erp", "INC-2"); err != nil {
		t.Fatalf("write after recovery: %v", err)
	}
}

// TestFileTornGroup is the worked case of a write persisted out of order
// when the power went: the group's commit record reached the disk, a page
// in its first record did not (zeros). Every record after the hole checks
// out, but the group's CRC does not: the write was never acknowledged, so it
// is a torn tail, cut, and not corruption.
func TestFileTornGroup(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFile(dir)
	must(t, err)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	want := dump(t, f)
	must(t, f.Close())

	var group []byte
	for _, id := range []hypercare.IssueID{"INC-1", "INC-2", "INC-3"} {
		is := testIssue("erp", id, t0)
		group, err = appendIssueRecords(group, &is)
		must(t, err)
	}
	group = appendCommit(group, 0)
	clear(group[10:30])
	path := filepath.Join(dir, journalName)
	info, err := os.Stat(path)
	must(t, err)
	j, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	must(t, err)
	_, err = j.Write(group)
	must(t, err)
	must(t, j.Close())

	f, err = OpenFile(dir)
	if err != nil {
		t.Fatalf("OpenFile = %v, want the torn group cut", err)
	}
	defer f.Close()
	if r := f.Recovery(); r.Offset != info.Size() || r.Dropped != int64(len(group)) {
		t.Fatalf("Recovery() = %+v, want %d bytes cut at %d", r, len(group), info.Size())
	}
	if got := dump(t, f); got != want {
		t.Fatalf("after recovery:\n%s\nwant\n%s", got, want)
	}
}

// TestFileCorrupt is the worked case of damage before acknowledged data: a
// flipped bit in the first issue's record, with more written after it.
func TestFileCorrupt(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFile(dir)
	must(t, err)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	issueAt := f.off
	must(t, f.CreateIssue(bg, testIssue("erp", "INC-1", t0)))
	must(t, f.CreateIssue(bg, testIssue("erp", "INC-2", t0)))
	must(t, f.Close())

	path := filepath.Join(dir, journalName)
	data, err := os.ReadFile(path)
	must(t, err)
	data[issueAt+frameHeaderSize+5] ^= 0x10
	must(t, os.WriteFile(path, data, 0o600))

	_, err = OpenFile(dir)
	var ce *CorruptError
	if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ce) {
		t.Fatalf("OpenFile = %v, want a *CorruptError", err)
	}
	if ce.File != path || ce.Offset != issueAt || !strings.Contains(ce.Reason, "checksum") {
		t.Fatalf("CorruptError = %+v, want file %s, offset %d, a checksum mismatch", ce, path, issueAt)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), fmt.Sprint(issueAt)) {
		t.Fatalf("error %q does not name the file and offset", err)
	}
	after, err := os.ReadFile(path)
	must(t, err)
	if !bytes.Equal(after, data) {
		t.Fatalf("OpenFile changed a corrupt journal")
	}
	// The lock was released: fixing the file lets the store open.
	data[issueAt+frameHeaderSize+5] ^= 0x10
	must(t, os.WriteFile(path, data, 0o600))
	f, err = OpenFile(dir)
	must(t, err)
	must(t, f.Close())
}

// TestFileHeaders covers files that are not what they should be.
func TestFileHeaders(t *testing.T) {
	build := func(t *testing.T) *memFS {
		fsys := newMemFS()
		f, err := openFile(memDir, fsys)
		must(t, err)
		must(t, f.CreateEngagement(bg, testEngagement("erp")))
		must(t, f.Compact(bg))
		must(t, f.CreateEngagement(bg, testEngagement("crm")))
		must(t, f.Close())
		return fsys
	}
	journal, snapshot := filepath.Join(memDir, journalName), filepath.Join(memDir, snapshotName)
	for _, tc := range []struct {
		name    string
		damage  func(fsys *memFS)
		corrupt bool // else some other error
		want    string
	}{
		{"newer format version", func(fsys *memFS) {
			b := fsys.bytesOf(journal)
			b[8] = formatVersion + 1
			fixHeaderCRC(b)
			fsys.setBytes(journal, b)
		}, false, "format version 3"},
		{"bad magic", func(fsys *memFS) {
			b := fsys.bytesOf(journal)
			b[0] = 'X'
			fsys.setBytes(journal, b)
		}, true, "bad magic"},
		{"header checksum", func(fsys *memFS) {
			b := fsys.bytesOf(journal)
			b[17] ^= 1
			fsys.setBytes(journal, b)
		}, true, "header checksum"},
		{"journal shorter than its header", func(fsys *memFS) {
			fsys.setBytes(journal, fsys.bytesOf(journal)[:10])
		}, true, "shorter than"},
		{"snapshot and journal swapped", func(fsys *memFS) {
			j, s := fsys.bytesOf(journal), fsys.bytesOf(snapshot)
			fsys.setBytes(journal, s)
			fsys.setBytes(snapshot, j)
		}, true, "kind"},
		{"damaged snapshot tail", func(fsys *memFS) {
			b := fsys.bytesOf(snapshot)
			fsys.setBytes(snapshot, b[:len(b)-1])
		}, true, "snapshot"},
		{"journal missing", func(fsys *memFS) {
			fsys.mu.Lock()
			delete(fsys.files, journal)
			fsys.mu.Unlock()
		}, true, "missing"},
		{"snapshot missing", func(fsys *memFS) {
			fsys.mu.Lock()
			delete(fsys.files, snapshot)
			fsys.mu.Unlock()
		}, true, "snapshot is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := build(t)
			tc.damage(fsys)
			_, err := openFile(memDir, fsys)
			if err == nil || errors.Is(err, ErrCorrupt) != tc.corrupt || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("openFile = %v; want an error saying %q, ErrCorrupt: %v", err, tc.want, tc.corrupt)
			}
		})
	}
}

// fixHeaderCRC makes a doctored header's checksum right again.
func fixHeaderCRC(h []byte) {
	binary.LittleEndian.PutUint32(h[24:], crc32.Checksum(h[:24], castagnoli))
}

func mustOpen(t *testing.T, fsys *memFS) *File {
	t.Helper()
	f, err := openFile(memDir, fsys)
	must(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// reopenLikeMemory runs fill on a memory store and on a file store on a
// new memFS, closes and reopens the file store, and fails unless the
// reopened store holds what the memory store holds. It returns the reopened
// store (closed at the test's end), its memFS and the memory store's dump.
func reopenLikeMemory(t *testing.T, fill func(*testing.T, Store)) (*File, *memFS, string) {
	t.Helper()
	ref := NewMemory()
	fill(t, ref)
	want := dump(t, ref)
	fsys := newMemFS()
	f := mustOpen(t, fsys)
	fill(t, f)
	must(t, f.Close())
	g := mustOpen(t, fsys)
	if got := dump(t, g); got != want {
		t.Fatalf("after reopen the store differs from the memory backend")
	}
	return g, fsys, want
}

// TestFileLocked: one File per directory, in this process or another.
func TestFileLocked(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFile(dir)
	must(t, err)
	start := time.Now()
	_, err = OpenFile(dir)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second OpenFile = %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("second OpenFile took %s; it must not wait", d)
	}
	must(t, f.Close())
	f, err = OpenFile(dir)
	must(t, err)
	must(t, f.Close())
}

// TestRecordLimit: records above the limit are refused on write, and the
// store carries on; a timeline longer than a record is split over several.
func TestRecordLimit(t *testing.T) {
	fsys := newMemFS()
	f := mustOpen(t, fsys)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	big := testEngagement("big")
	big.Name = strings.Repeat("x", MaxRecordSize)
	if err := f.CreateEngagement(bg, big); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("CreateEngagement of %d bytes = %v, want ErrTooLarge", len(big.Name), err)
	}
	is := testIssue("erp", "INC-1", t0)
	must(t, f.CreateIssue(bg, is))
	_, err := f.AppendEvents(bg, "erp", "INC-1", 1, hypercare.Event{Type: hypercare.EventPaused, At: t0, Reason: strings.Repeat("r", MaxRecordSize)})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("AppendEvents of a huge event = %v, want ErrTooLarge", err)
	}
	huge := is
	huge.Title = strings.Repeat("t", MaxRecordSize)
	if err := f.UpdateIssue(bg, huge); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("UpdateIssue with a huge title = %v, want ErrTooLarge", err)
	}

	// A long timeline: about 60 000 events of ~30 bytes, well over a record.
	long := hypercare.Issue{ID: "INC-2", Engagement: "erp", Title: strings.Repeat("t", MaxRecordSize-100)}
	events := []hypercare.Event{{Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev3, Kind: hypercare.Question}}
	for i := range 60000 {
		events = append(events, nextEventFor(events, t0.Add(time.Duration(i)*time.Second)))
	}
	must(t, long.Append(events...))
	must(t, f.CreateIssue(bg, long))
	must(t, f.Close())
	g := mustOpen(t, fsys)
	got, err := g.Issue(bg, "erp", "INC-2")
	must(t, err)
	if got.Len() != long.Len() || got.Title != long.Title {
		t.Fatalf("long issue reopened with %d events, want %d", got.Len(), long.Len())
	}
	must(t, g.Compact(bg))
	must(t, g.Close())
	g = mustOpen(t, fsys)
	if got, err = g.Issue(bg, "erp", "INC-2"); err != nil || got.Len() != long.Len() {
		t.Fatalf("long issue after compaction: %d events, %v", got.Len(), err)
	}
	if _, err := g.Engagement(bg, "big"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("refused engagement: %v", err)
	}
}

// TestRecordLimitSamplesAndRosters: a roster whose JSON is over the limit
// is refused; a year of samples for many series is not, being split over
// records; a series whose names alone fill a record is refused. Refused
// writes leave nothing behind.
func TestRecordLimitSamplesAndRosters(t *testing.T) {
	fsys := newMemFS()
	f := mustOpen(t, fsys)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))

	big := testRoster()
	big.Shifts[0].Skills = []string{strings.Repeat("s", MaxRecordSize)}
	if err := f.PutRoster(bg, "erp", "week 1", big); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("PutRoster of a huge roster = %v, want ErrTooLarge", err)
	}
	var year []hypercare.Series
	for i := range 150 {
		s := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: fmt.Sprintf("feature %03d", i)}}
		for d := range 365 {
			s.Samples = append(s.Samples, hypercare.Sample{Date: day0.AddDays(d), Value: float64(d % 10), Base: 10})
		}
		year = append(year, s)
	}
	must(t, f.AddSamples(bg, "erp", year...)) // about 1.2 MB
	named := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: strings.Repeat("f", MaxRecordSize)},
		Samples: []hypercare.Sample{{Date: day0, Value: 1, Base: 1}}}
	if err := f.AddSamples(bg, "erp", named); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("AddSamples of a series with a huge name = %v, want ErrTooLarge", err)
	}
	same := func(what string, s Store) {
		t.Helper()
		got, err := Collect(s.Series(bg, "erp", SeriesFilter{}))
		must(t, err)
		if !slices.EqualFunc(year, got, func(a, b hypercare.Series) bool {
			return a.Metric == b.Metric && a.Segment == b.Segment && slices.Equal(a.Samples, b.Samples)
		}) {
			t.Fatalf("%s: %d series, want the %d added", what, len(got), len(year))
		}
		if _, err := s.Roster(bg, "erp", "week 1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s: the refused roster: %v", what, err)
		}
	}
	must(t, f.Close())
	g := mustOpen(t, fsys)
	same("after reopen", g)
	must(t, g.Compact(bg))
	must(t, g.Close())
	same("after compaction and reopen", mustOpen(t, fsys))
}

// TestRecordLimitLongAppend: one AppendEvents call with more events than
// fit in a record is split over several records in one group commit, as a
// long timeline is for CreateIssue and as MaxRecordSize promises, rather
// than refused; the memory backend takes the same call. Crashing before the
// group's commit drops the whole call, never part of it.
func TestRecordLimitLongAppend(t *testing.T) {
	is := testIssue("erp", "INC-1", t0)
	events := is.Events()
	for i := range 12000 { // about 1.2 MB of records
		e := nextEventFor(events, t0.Add(time.Duration(i)*time.Second))
		if e.Type == hypercare.EventPaused {
			e.Reason = strings.Repeat("waiting on the customer ", 8)
		}
		events = append(events, e)
	}
	events = events[1:]
	fill := func(t *testing.T, s Store) {
		t.Helper()
		must(t, s.CreateEngagement(bg, testEngagement("erp")))
		must(t, s.CreateIssue(bg, is))
		got, err := s.AppendEvents(bg, "erp", "INC-1", 1, events...)
		if err != nil {
			t.Fatalf("AppendEvents of %d events in one call: %v, want it stored", len(events), err)
		}
		if got.Len() != 1+len(events) {
			t.Fatalf("AppendEvents returned %d events, want %d", got.Len(), 1+len(events))
		}
	}
	g, fsys, want := reopenLikeMemory(t, fill)
	must(t, g.Compact(bg))
	must(t, g.Close())
	if got := dump(t, mustOpen(t, fsys)); got != want {
		t.Fatalf("after compaction and reopen the store differs from the memory backend")
	}

	// The records of the call are one group: cut its commit record off and
	// the whole call is gone.
	fsys = newMemFS()
	f := mustOpen(t, fsys)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	must(t, f.CreateIssue(bg, is))
	before := dump(t, f)
	_, err := f.AppendEvents(bg, "erp", "INC-1", 1, events...)
	must(t, err)
	must(t, f.Close())
	path := filepath.Join(memDir, journalName)
	b := fsys.bytesOf(path)
	fsys.setBytes(path, b[:len(b)-commitFrameSize])
	g = mustOpen(t, fsys)
	if got := dump(t, g); got != before {
		t.Fatalf("a torn multi-record append was kept in part")
	}
	if r := g.Recovery(); !r.Repaired() {
		t.Fatalf("Recovery() = %+v, want the uncommitted append cut", r)
	}
}

func nextEventFor(events []hypercare.Event, at time.Time) hypercare.Event {
	if events[len(events)-1].Type == hypercare.EventPaused {
		return hypercare.Event{Type: hypercare.EventResumed, At: at}
	}
	return hypercare.Event{Type: hypercare.EventPaused, At: at}
}

// TestRecordLimitOnRead: a record whose length is above the limit is damage.
func TestRecordLimitOnRead(t *testing.T) {
	fsys := newMemFS()
	f := mustOpen(t, fsys)
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	must(t, f.Close())
	path := filepath.Join(memDir, journalName)
	good := fsys.bytesOf(path)
	tail := binary.LittleEndian.AppendUint32(nil, MaxRecordSize+1)
	tail = append(tail, 0, 0, 0, 0) // a CRC
	fsys.setBytes(path, append(append([]byte(nil), good...), append(tail, make([]byte, 100)...)...))
	g := mustOpen(t, fsys)
	if r := g.Recovery(); r.Offset != int64(len(good)) || !strings.Contains(r.Reason, "out of range") {
		t.Fatalf("Recovery() = %+v, want the oversized record cut at %d", r, len(good))
	}
}

// TestImportCopies: the store keeps copies of an import's issues, not the
// caller's values: changing the slice passed in, after the import, changes
// nothing stored. The batches are large enough to be checked beside their
// encoding and to fill several copy blocks and a part of one, into an
// engagement without issues (its table installed whole) and into one with
// issues (the table merged in).
func TestImportCopies(t *testing.T) {
	const n = 2*parallelUnits + copyBlock/2 + 1
	f := mustOpen(t, newMemFS())
	must(t, f.CreateEngagement(bg, testEngagement("erp")))
	must(t, f.CreateEngagement(bg, testEngagement("crm")))
	must(t, f.CreateIssue(bg, testIssue("crm", "OLD-1", t0)))
	later := hypercare.Event{Type: hypercare.EventResponded, At: t0.Add(time.Hour), Person: "ana"}
	for _, eng := range []hypercare.EngagementID{"erp", "crm"} {
		issues := manyIssues(eng, "IMP", n)
		must(t, f.ImportIssues(bg, issues))
		for i := range issues {
			switch i % 3 {
			case 0:
				issues[i].Title = "changed after import"
			case 1:
				must(t, issues[i].Append(later))
			default:
				issues[i] = hypercare.Issue{}
			}
		}
		for i, want := range manyIssues(eng, "IMP", n) {
			got, err := f.Issue(bg, eng, want.ID)
			must(t, err)
			if d := cmp.Diff(want, got, cmpIssues); d != "" {
				t.Fatalf("%s: issue %d of %d changed with the slice passed in (-want +got):\n%s", eng, i, n, d)
			}
		}
	}
}

// TestLargeImportRefused: an import large enough to be encoded while it
// is checked, and to be written out in chunks before it is refused (by
// the check, or for a record too large), leaves nothing: not in memory,
// not in the journal, not after the next write or a reopen (no torn tail
// to repair).
func TestLargeImportRefused(t *testing.T) {
	const n = 12_000 // over parallelUnits, and over chunkSize of records
	batch := func(eng hypercare.EngagementID, prefix string) []hypercare.Issue {
		out := make([]hypercare.Issue, n)
		for i := range out {
			out[i] = testIssue(eng, hypercare.IssueID(fmt.Sprintf("%s-%05d", prefix, i)), t0.Add(time.Duration(i)*time.Second))
			out[i].Title = strings.Repeat("t", 100)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		issues func() []hypercare.Issue
		want   error
	}{
		{"duplicate at the end", func() []hypercare.Issue {
			b := batch("erp", "NEW")
			b[n-1].ID = b[0].ID
			return b
		}, ErrExists},
		{"stored already, at the end", func() []hypercare.Issue {
			b := batch("erp", "NEW")
			b[n-1].ID = "OLD-1"
			return b
		}, ErrExists},
		{"invalid ID in the middle", func() []hypercare.Issue {
			b := batch("erp", "NEW")
			b[n/2].ID = "bad\nid"
			return b
		}, ErrInvalid},
		{"unknown engagement", func() []hypercare.Issue { return batch("crm", "NEW") }, ErrNotFound},
		{"too large at the end", func() []hypercare.Issue {
			b := batch("erp", "NEW")
			b[n-1].Title = strings.Repeat("t", MaxRecordSize)
			return b
		}, ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := newMemFS()
			f := mustOpen(t, fsys)
			must(t, f.CreateEngagement(bg, testEngagement("erp")))
			must(t, f.CreateIssue(bg, testIssue("erp", "OLD-1", t0)))
			path := filepath.Join(memDir, journalName)
			before := len(fsys.bytesOf(path))
			if err := f.ImportIssues(bg, tc.issues()); !errors.Is(err, tc.want) {
				t.Fatalf("ImportIssues = %v, want %v", err, tc.want)
			}
			if got := len(fsys.bytesOf(path)); got != before {
				t.Errorf("journal holds %d bytes after the refusal, want the %d it held before", got, before)
			}
			must(t, f.CreateIssue(bg, testIssue("erp", "OLD-2", t0)))
			want := dump(t, f)
			must(t, f.Close())
			g := mustOpen(t, fsys)
			if r := g.Recovery(); r != (Recovery{}) {
				t.Errorf("reopen repaired %+v, want a clean journal", r)
			}
			if got := dump(t, g); got != want {
				t.Errorf("reopened store differs from the store before closing:\n%s\nwant\n%s", got, want)
			}
			ids, err := Collect(g.Issues(bg, IssueFilter{}))
			must(t, err)
			if len(ids) != 2 {
				t.Errorf("reopened store holds %d issues, want 2 (OLD-1, OLD-2)", len(ids))
			}
			must(t, g.Close())
		})
	}
}
