package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
)

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
	kinds := []string{"engagement", "issue", "import", "append", "append", "append", "update", "sign-off", "samples", "roster"}
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
	case "samples":
		eng := rapid.SampledFrom(engs).Draw(t, "engagement")
		var series []hypercare.Series
		for range rapid.IntRange(1, 3).Draw(t, "series") {
			s := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate, Name: rapid.SampledFrom([]string{"", "CRM"}).Draw(t, "metric")}}
			for range rapid.IntRange(1, 3).Draw(t, "samples") {
				d := day0.AddDays(rapid.IntRange(0, 20).Draw(t, "day"))
				if !slices.ContainsFunc(s.Samples, func(x hypercare.Sample) bool { return x.Date == d }) {
					s.Samples = append(s.Samples, hypercare.Sample{Date: d, Value: float64(rapid.IntRange(0, 9).Draw(t, "value")), Base: 9})
				}
			}
			series = append(series, s)
		}
		return op{fmt.Sprintf("AddSamples %s %d", eng, len(series)), func(s Store) error { return s.AddSamples(bg, eng, series...) }}
	case "roster":
		eng := rapid.SampledFrom(engs).Draw(t, "engagement")
		name := rapid.SampledFrom([]string{"week 1", "steady state"}).Draw(t, "roster")
		r := testRoster()
		r.Shifts[0].People = []hypercare.PersonID{rapid.SampledFrom([]hypercare.PersonID{"ana", "bo"}).Draw(t, "who"), "sam"}
		r.Shifts[1].Start = tick()
		return op{fmt.Sprintf("PutRoster %s %q", eng, name), func(s Store) error { return s.PutRoster(bg, eng, name, r) }}
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
		login := hypercare.AdoptionMetric{Kind: hypercare.LoginRate}
		must(t, s.AddSamples(bg, "erp", hypercare.Series{Metric: login, Samples: []hypercare.Sample{{Date: day0.AddDays(1), Value: 3, Base: 4}}}))
		must(t, s.AddSamples(bg, "erp", hypercare.Series{Metric: login, Samples: []hypercare.Sample{{Date: day0, Value: 2, Base: 4}}},
			hypercare.Series{Metric: login, Segment: hypercare.Segment{Dimension: "team", Name: "Finance"}, Samples: []hypercare.Sample{{Date: day0, Value: 1, Base: 2}}}))
		must(t, s.PutRoster(bg, "erp", "week 1", hypercare.Roster{}))
		must(t, s.PutRoster(bg, "erp", "week 1", testRoster()))
		must(t, s.PutRoster(bg, "crm", "week 1", testRoster()))
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
