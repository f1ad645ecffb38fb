package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

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

// dump renders everything a store holds canonically (times in UTC), so two
// stores can be compared as strings.
// fataler is what helpers need of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

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
		for _, e := range is.Events() {
			e.At = e.At.UTC()
			if err := n.Append(e); err != nil {
				t.Fatal(err)
			}
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
	}
	return b.String()
}

// op is one step of a workload, run on the store under test and on a
// Memory reference alike.
type op struct {
	name string
	run  func(s Store) error
}

var compactOp = op{"Compact", func(s Store) error {
	if f, ok := s.(*File); ok {
		return f.Compact(bg)
	}
	return nil
}}

// drawOp draws a write against the reference's current state: usually one
// that succeeds, sometimes one that fails with a sentinel.
func drawOp(t *rapid.T, ref *Memory, clock *time.Time, compact bool) op {
	tick := func() time.Time { *clock = clock.Add(time.Minute); return *clock }
	engs := []hypercare.EngagementID{"erp", "crm"}
	ids := []hypercare.IssueID{"INC-1", "INC-2", "INC-3"}
	kinds := []string{"engagement", "issue", "import", "append", "append", "append", "update", "sign-off"}
	if compact {
		kinds = append(kinds, "compact")
	}
	var stored []hypercare.Issue
	for is, err := range ref.Issues(bg, IssueFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, is)
	}
	kind := rapid.SampledFrom(kinds).Draw(t, "op")
	if len(stored) == 0 && (kind == "append" || kind == "update") {
		kind = "issue"
	}
	switch kind {
	case "engagement":
		e := testEngagement(rapid.SampledFrom(engs).Draw(t, "engagement"))
		e.Name = rapid.StringN(0, 8, -1).Draw(t, "name")
		if _, err := ref.Engagement(bg, e.ID); err == nil {
			return op{"UpdateEngagement " + string(e.ID), func(s Store) error { return s.UpdateEngagement(bg, e) }}
		}
		return op{"CreateEngagement " + string(e.ID), func(s Store) error { return s.CreateEngagement(bg, e) }}
	case "issue":
		is := testIssue(rapid.SampledFrom(engs).Draw(t, "engagement"), rapid.SampledFrom(ids).Draw(t, "issue"), tick())
		return op{fmt.Sprintf("CreateIssue %s/%s", is.Engagement, is.ID), func(s Store) error { return s.CreateIssue(bg, is) }}
	case "import":
		var batch []hypercare.Issue
		for i := range rapid.IntRange(1, 3).Draw(t, "batch") {
			batch = append(batch, testIssue(rapid.SampledFrom(engs).Draw(t, "engagement"), hypercare.IssueID(fmt.Sprintf("IMP-%d-%d", clock.Unix(), i)), tick()))
		}
		return op{fmt.Sprintf("ImportIssues %d", len(batch)), func(s Store) error { return s.ImportIssues(bg, batch) }}
	case "append", "update":
		is := rapid.SampledFrom(stored).Draw(t, "target")
		version := is.Len()
		if rapid.IntRange(0, 5).Draw(t, "stale") == 0 {
			version--
		}
		if rapid.Bool().Draw(t, "details") {
			is.Workaround = rapid.StringN(0, 8, -1).Draw(t, "workaround")
			return op{fmt.Sprintf("UpdateIssue %s/%s@%d", is.Engagement, is.ID, version), func(s Store) error {
				if version != is.Len() {
					return s.UpdateIssue(bg, hypercare.Issue{ID: is.ID, Engagement: is.Engagement})
				}
				return s.UpdateIssue(bg, is)
			}}
		}
		e := nextEvent(is, tick())
		return op{fmt.Sprintf("AppendEvents %s/%s@%d %s", is.Engagement, is.ID, version, e.Type), func(s Store) error {
			_, err := s.AppendEvents(bg, is.Engagement, is.ID, version, e)
			return err
		}}
	case "sign-off":
		so := hypercare.SignOff{Engagement: rapid.SampledFrom(engs).Draw(t, "engagement"), By: "sam", Role: hypercare.RoleSponsor, At: tick()}
		return op{"AddSignOff " + string(so.Engagement), func(s Store) error { return s.AddSignOff(bg, so) }}
	}
	return compactOp
}

func sameOutcome(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	for _, s := range []error{ErrNotFound, ErrExists, ErrConflict, ErrInvalid, ErrTooLarge} {
		if errors.Is(a, s) != errors.Is(b, s) {
			return false
		}
	}
	return true
}

// TestFileCrash runs random workloads, compactions included, on a simulated
// disk that crashes at a random operation and then keeps only what a power
// cut would. Reopening must always succeed (a crash is not corruption) and
// find every acknowledged write, and at most the one write that was under
// way besides: the state after a prefix of the writes issued.
func TestFileCrash(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fsys := newMemFS()
		f, err := openFile(memDir, fsys)
		if err != nil {
			t.Fatal(err)
		}
		fsys.mu.Lock()
		fsys.crashAt = fsys.ops + rapid.IntRange(1, 120).Draw(t, "crash at")
		fsys.mu.Unlock()
		ref := NewMemory()
		clock := t0
		allowed := []string{dump(t, ref)}
		for range rapid.IntRange(1, 25).Draw(t, "ops") {
			o := drawOp(t, ref, &clock, true)
			before := dump(t, ref)
			want := o.run(ref)
			got := o.run(f)
			if errors.Is(got, errCrashed) {
				allowed = []string{before, dump(t, ref)}
				break
			}
			if !sameOutcome(want, got) {
				t.Fatalf("%s: got %v, want %v", o.name, got, want)
			}
			allowed = []string{dump(t, ref)}
		}
		f.Close()
		fsys.crash(func(n int) int { return rapid.IntRange(0, n-1).Draw(t, "disk") })

		f, err = openFile(memDir, fsys)
		if err != nil {
			t.Fatalf("reopen after a crash: %v", err)
		}
		got := dump(t, f)
		if got != allowed[0] && (len(allowed) == 1 || got != allowed[1]) {
			t.Fatalf("after the crash the store holds\n%s\nwant\n%s", got, strings.Join(allowed, "\nor\n"))
		}
		// The recovered journal takes writes, and keeps them.
		must(t, f.CreateEngagement(bg, testEngagement("after")))
		must(t, f.Close())
		f, err = openFile(memDir, fsys)
		if err != nil {
			t.Fatalf("reopen after recovery: %v", err)
		}
		if _, err := f.Engagement(bg, "after"); err != nil {
			t.Fatalf("write after recovery lost: %v", err)
		}
		if r := f.Recovery(); r.Repaired() {
			t.Fatalf("second reopen repaired again: %+v", r)
		}
		f.Close()
	})
}

func must(t interface{ Fatalf(string, ...any) }, err error) {
	if err != nil {
		t.Fatalf("%v", err)
	}
}

// TestFileDamage writes a journal, damages it — truncated, or zero-filled
// over a range — at random offsets, and checks the one right outcome:
//   - damage in the header: ErrCorrupt;
//   - damage in group k with a later group intact: ErrCorrupt, naming an
//     offset inside group k, and the file untouched;
//   - otherwise the tail from group k is cut, reported, and the state is
//     exactly the first k writes (all of them if the cut falls on a group
//     boundary, which looks like a complete journal).
func TestFileDamage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fsys := newMemFS()
		f, err := openFile(memDir, fsys)
		if err != nil {
			t.Fatal(err)
		}
		ref := NewMemory()
		clock := t0
		states := []string{dump(t, ref)}
		ends := []int64{headerSize} // ends[k]: where the group of write k ends
		for i := range rapid.IntRange(3, 12).Draw(t, "ops") {
			o := drawOp(t, ref, &clock, false)
			if i == 0 {
				o = op{"CreateEngagement erp", func(s Store) error { return s.CreateEngagement(bg, testEngagement("erp")) }}
			}
			want := o.run(ref)
			got := o.run(f)
			if !sameOutcome(want, got) {
				t.Fatalf("%s: got %v, want %v", o.name, got, want)
			}
			if f.off > ends[len(ends)-1] {
				ends = append(ends, f.off)
				states = append(states, dump(t, ref))
			}
		}
		must(t, f.Close())
		path := filepath.Join(memDir, journalName)
		orig := fsys.bytesOf(path)
		size := int64(len(orig))
		// Aim at the header or at one of the groups, then at a byte in it.
		region := rapid.IntRange(0, len(ends)-1).Draw(t, "region")
		lo, hi := int64(0), int64(headerSize)
		if region < len(ends)-1 {
			lo, hi = ends[region], ends[region+1]
		}
		at := lo + rapid.Int64Range(0, hi-lo-1).Draw(t, "offset in region")
		damaged := slices.Clone(orig)
		if rapid.Bool().Draw(t, "truncate") {
			damaged = damaged[:at]
		} else {
			clear(damaged[at:min(size, at+rapid.Int64Range(1, 64).Draw(t, "zeros"))])
		}
		fsys.setBytes(path, damaged)

		first := int64(-1) // the first byte that changed
		for i := range size {
			if i >= int64(len(damaged)) || damaged[i] != orig[i] {
				first = i
				break
			}
		}
		g, err := openFile(memDir, fsys)
		if first < 0 {
			if err != nil || dump(t, g) != states[len(states)-1] || g.Recovery().Repaired() {
				t.Fatalf("undamaged journal: err %v, recovery %+v", err, g.Recovery())
			}
			g.Close()
			return
		}
		if first < headerSize {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("damage at %d in the header: got %v, want ErrCorrupt", first, err)
			}
			return
		}
		k := 0 // the damage is in group k, [ends[k], ends[k+1])
		for ends[k+1] <= first {
			k++
		}
		laterIntact := false
		for j := k + 1; j+1 < len(ends); j++ {
			if int64(len(damaged)) >= ends[j+1] && bytes.Equal(damaged[ends[j]:ends[j+1]], orig[ends[j]:ends[j+1]]) {
				laterIntact = true
			}
		}
		if laterIntact {
			var ce *CorruptError
			if !errors.As(err, &ce) || !errors.Is(err, ErrCorrupt) {
				t.Fatalf("damage at %d in group %d with a later group intact: got %v, want a *CorruptError", first, k, err)
			}
			if ce.File != path || ce.Offset < ends[k] || ce.Offset > first {
				t.Fatalf("CorruptError %+v: want file %s and an offset in [%d, %d]", ce, path, ends[k], first)
			}
			if !bytes.Equal(fsys.bytesOf(path), damaged) {
				t.Fatalf("a corrupt journal was changed")
			}
			return
		}
		if err != nil {
			t.Fatalf("damage at %d in the last groups (group %d of %d): %v", first, k, len(ends)-1, err)
		}
		defer g.Close()
		if got := dump(t, g); got != states[k] {
			t.Fatalf("after damage at %d: state\n%s\nwant the first %d writes\n%s", first, got, k, states[k])
		}
		rec := g.Recovery()
		wantCut := int64(len(damaged)) > ends[k]
		if rec.Repaired() != wantCut || wantCut && (rec.Offset != ends[k] || rec.Dropped != int64(len(damaged))-ends[k] || rec.File != path) {
			t.Fatalf("recovery %+v; want a cut at %d of %d bytes: %v", rec, ends[k], int64(len(damaged))-ends[k], wantCut)
		}
		if n := int64(len(fsys.bytesOf(path))); n != ends[k] {
			t.Fatalf("journal is %d bytes after recovery, want %d", n, ends[k])
		}
	})
}

// TestFileWriteFailure: when a write or fsync fails, the write fails, the
// store refuses every later write (the disk can no longer be trusted) but
// still serves reads, and a reopen finds the state before or after the
// failed write.
func TestFileWriteFailure(t *testing.T) {
	for _, failSync := range []bool{false, true} {
		t.Run(fmt.Sprintf("failSync=%v", failSync), func(t *testing.T) {
			fsys := newMemFS()
			f, err := openFile(memDir, fsys)
			must(t, err)
			must(t, f.CreateEngagement(bg, testEngagement("erp")))
			must(t, f.CreateIssue(bg, testIssue("erp", "INC-1", t0)))
			before := dump(t, f)
			fsys.mu.Lock()
			if failSync {
				fsys.failSync = 1
			} else {
				fsys.failWrite = 1
			}
			fsys.mu.Unlock()
			is, _ := f.Issue(bg, "erp", "INC-1")
			_, err = f.AppendEvents(bg, "erp", "INC-1", 1, nextEvent(is, t0.Add(time.Minute)))
			if err == nil || errors.Is(err, ErrConflict) {
				t.Fatalf("AppendEvents on a failing disk: %v, want an I/O error", err)
			}
			if got := dump(t, f); got != before {
				t.Fatalf("a failed write is visible:\n%s", got)
			}
			err = f.CreateIssue(bg, testIssue("erp", "INC-2", t0))
			if err == nil || !strings.Contains(err.Error(), "reopen") {
				t.Fatalf("write after a failure: %v, want a refusal", err)
			}
			err = f.Compact(bg)
			if err == nil {
				t.Fatalf("Compact after a failure succeeded")
			}
			must(t, f.Close())
			f, err = openFile(memDir, fsys)
			must(t, err)
			defer f.Close()
			got, err := f.Issue(bg, "erp", "INC-1")
			must(t, err)
			if got.Len() != 1 && got.Len() != 2 {
				t.Fatalf("after reopen the issue has %d events, want 1 or 2", got.Len())
			}
			if _, err := f.Issue(bg, "erp", "INC-2"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("a refused write was stored: %v", err)
			}
		})
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
	rec, err := appendIssueRecords(nil, testIssue("erp", "INC-2", t0))
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
		group, err = appendIssueRecords(group, testIssue("erp", id, t0))
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
		}, false, "format version 2"},
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

// TestCompact checks compaction keeps the state, empties the journal, and
// that a crash at each of its steps reopens to the same state.
func TestCompact(t *testing.T) {
	fill := func(t *testing.T, s Store) {
		must(t, s.CreateEngagement(bg, testEngagement("erp")))
		must(t, s.CreateEngagement(bg, testEngagement("crm")))
		var batch []hypercare.Issue
		for i := range 20 {
			batch = append(batch, testIssue("erp", hypercare.IssueID(fmt.Sprintf("INC-%02d", i)), t0))
		}
		must(t, s.ImportIssues(bg, batch))
		is := batch[3]
		for i := range 5 {
			var err error
			is, err = s.AppendEvents(bg, "erp", is.ID, is.Len(), nextEvent(is, t0.Add(time.Duration(i)*time.Minute)))
			must(t, err)
		}
		is.Workaround = "use the old screen"
		must(t, s.UpdateIssue(bg, is))
		must(t, s.AddSignOff(bg, hypercare.SignOff{Engagement: "crm", By: "sam", Role: hypercare.RoleSponsor, At: t0}))
	}
	ref := NewMemory()
	fill(t, ref)
	want := dump(t, ref)

	t.Run("reopen", func(t *testing.T) {
		fsys := newMemFS()
		f := mustOpen(t, fsys)
		fill(t, f)
		must(t, f.Compact(bg))
		if n := len(fsys.bytesOf(filepath.Join(memDir, journalName))); n != headerSize {
			t.Fatalf("journal is %d bytes after compaction, want %d", n, headerSize)
		}
		must(t, f.Compact(bg)) // twice in a row is fine
		if got := dump(t, f); got != want {
			t.Fatalf("state changed by compaction:\n%s", got)
		}
		must(t, f.Close())
		if got := dump(t, mustOpen(t, fsys)); got != want {
			t.Fatalf("after compaction and reopen:\n%s\nwant\n%s", got, want)
		}
	})

	// Crash at every operation of the compaction, keeping random parts of
	// what was not synced, and reopen.
	for step := 1; ; step++ {
		var err error
		for seed := range uint64(16) {
			fsys := newMemFS()
			f, oerr := openFile(memDir, fsys)
			must(t, oerr)
			fill(t, f)
			fsys.mu.Lock()
			fsys.crashAt = fsys.ops + step
			fsys.mu.Unlock()
			err = f.Compact(bg)
			f.Close()
			fsys.crash(rand.New(rand.NewPCG(uint64(step), seed)).IntN)
			g, oerr := openFile(memDir, fsys)
			if oerr != nil {
				t.Fatalf("crash at step %d of compaction (seed %d): reopen: %v", step, seed, oerr)
			}
			if got := dump(t, g); got != want {
				t.Fatalf("crash at step %d of compaction (seed %d): state\n%s\nwant\n%s", step, seed, got, want)
			}
			g.Close()
		}
		if err == nil {
			t.Logf("compaction takes %d filesystem operations; a crash at each reopens to the same state", step-1)
			break
		}
	}
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
