package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
)

// TestPurgeIsGoneFromDiskAfterCompact: a purged engagement's data is still
// in the journal until the next Compact, and in no file of the directory
// after it.
func TestPurgeIsGoneFromDiskAfterCompact(t *testing.T) {
	dir := t.TempDir()
	f, err := OpenFile(dir)
	must(t, err)
	defer func() { f.Close() }()
	secret := []byte("Acme's secret ledger")
	must(t, f.CreateEngagement(bg, testEngagement("acme")))
	must(t, f.CreateEngagement(bg, testEngagement("other")))
	is := testIssue("acme", "INC-1", t0)
	is.Title = string(secret)
	must(t, f.CreateIssue(bg, is))
	must(t, f.AddSignOff(bg, hypercare.SignOff{Engagement: "acme", By: "sam", Role: hypercare.RoleSponsor, At: t0.Add(time.Hour), Note: string(secret)}))
	must(t, f.CreateIssue(bg, testIssue("other", "INC-1", t0)))
	must(t, f.PurgeEngagement(bg, "acme"))
	if !dirHolds(t, dir, secret) {
		t.Fatal("the journal does not hold the data before the purge is compacted: the test proves nothing")
	}
	must(t, f.Compact(bg))
	if dirHolds(t, dir, secret) {
		t.Error("a file of the store still holds the purged data after Compact")
	}
	must(t, f.Close())
	f, err = OpenFile(dir)
	must(t, err)
	if _, err := f.Issue(bg, "other", "INC-1"); err != nil {
		t.Errorf("the other engagement's issue after the purge and a reopen: %v", err)
	}
	if _, err := f.Engagement(bg, "acme"); err == nil {
		t.Error("the purged engagement is back after a reopen")
	}
}

func dirHolds(t *testing.T, dir string, b []byte) bool {
	t.Helper()
	entries, err := os.ReadDir(dir)
	must(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		must(t, err)
		if bytes.Contains(data, b) {
			return true
		}
	}
	return false
}

// drawExport draws an export of up to 4 issues whose events come from a
// pool where an ID always has the same content, some events without an ID,
// and descriptive fields with an Updated.
func drawExport(t *rapid.T, label string) []hypercare.Issue {
	var out []hypercare.Issue
	for _, id := range rapid.SliceOfNDistinct(rapid.SampledFrom([]hypercare.IssueID{"INC-1", "INC-2", "INC-3", "INC-4"}), 0, 4, rapid.ID).Draw(t, label+" issues") {
		is := hypercare.Issue{Engagement: "erp", ID: id,
			Title:   rapid.SampledFrom([]string{"a", "b", "c"}).Draw(t, label+" title"),
			Updated: t0.Add(time.Duration(rapid.IntRange(0, 2).Draw(t, label+" updated")) * time.Hour),
		}
		for _, n := range rapid.SliceOfN(rapid.IntRange(0, 9), 0, 5).Draw(t, label+" events") {
			if _, err := is.Insert(poolEvent(n)); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, is)
	}
	return out
}

// poolEvent is event n of the pool: the same n, the same event.
func poolEvent(n int) hypercare.Event {
	at := t0.Add(time.Duration(n) * time.Minute)
	e := []hypercare.Event{
		{ID: "o", Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev2, Kind: hypercare.Defect},
		{ID: "r", Type: hypercare.EventResponded, At: at, Person: "ana"},
		{ID: "p", Type: hypercare.EventPaused, At: at},
		{ID: "q", Type: hypercare.EventResumed, At: at},
		{ID: "x", Type: hypercare.EventResolved, At: at},
		{Type: hypercare.EventAssigned, At: at, Team: hypercare.SteadyState},
		{Type: hypercare.EventResponded, At: at},
		{ID: "y", Type: hypercare.EventReopened, At: at},
		{Type: hypercare.EventPaused, At: at, Reason: "vendor"},
		{Type: hypercare.EventResumed, At: at},
	}[n]
	return e
}

// mergeAll merges the exports in order, from an empty store, as
// MergeIssues would.
func mergeAll(t *rapid.T, exports ...[]hypercare.Issue) map[string]hypercare.Issue {
	out := map[string]hypercare.Issue{}
	for _, ex := range exports {
		for _, in := range ex {
			k := string(in.ID)
			stored, ok := out[k]
			merged, _, err := MergeIssue(stored, ok, in)
			if err != nil {
				t.Fatal(err)
			}
			out[k] = merged
		}
	}
	return out
}

var cmpIssues = cmp.Comparer(func(a, b hypercare.Issue) bool {
	return fmt.Sprint(a.ID, a.Engagement, a.Title, a.Workaround, a.Updated.UnixNano(), a.FixExpected.UnixNano(), a.Events(), a.Held()) ==
		fmt.Sprint(b.ID, b.Engagement, b.Title, b.Workaround, b.Updated.UnixNano(), b.FixExpected.UnixNano(), b.Events(), b.Held())
})

// TestMergeIssueLaws: merging is idempotent, commutative and associative:
// merge(A then B) = merge(B then A), and merging A again changes nothing.
func TestMergeIssueLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := drawExport(t, "A"), drawExport(t, "B"), drawExport(t, "C")
		ab, ba := mergeAll(t, a, b), mergeAll(t, b, a)
		if d := cmp.Diff(ab, ba, cmpIssues); d != "" {
			t.Fatalf("merge(A then B) != merge(B then A) (-AB +BA):\n%s", d)
		}
		if d := cmp.Diff(mergeAll(t, a, b, c), mergeAll(t, c, b, a), cmpIssues); d != "" {
			t.Fatalf("merge(A, B, C) != merge(C, B, A) (-ABC +CBA):\n%s", d)
		}
		if d := cmp.Diff(ab, mergeAll(t, a, b, a, b), cmpIssues); d != "" {
			t.Fatalf("merging again changed the result (-AB +ABAB):\n%s", d)
		}
		// And MergeIssue reports no change for what it holds already.
		for _, in := range a {
			stored := ab[string(in.ID)]
			if _, ch, err := MergeIssue(stored, true, in); err != nil || ch.Changed() {
				t.Fatalf("merging %s into the result again: %+v, %v; want no change", in.ID, ch, err)
			}
		}
	})
}
