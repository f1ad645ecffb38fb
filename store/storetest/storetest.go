// Package storetest is the conformance suite every store.Store runs: the
// memory and file backends of this module, and any backend a user writes.
//
// A backend author runs Run from one test of the backend's package, with a
// Backend that opens the store on a directory the suite gives (a database
// backend would open a fresh, empty database or schema there instead), and
// Durable set if what is written survives Close:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, storetest.Backend{
//			Open:    func(dir string) (store.Store, error) { return mystore.Open(dir) },
//			Durable: true,
//		})
//	}
//
// It checks worked cases for every method and sentinel error — engagements
// with an exit policy that differs from the default in every field (and a
// custom criterion, which must come back as its placeholder), issues and
// their timelines, events delivered late, twice and out of order (held
// until they can be placed), merges of exports (idempotent, reporting what
// changed), deletes and purges, sign-offs checked against go-live and
// stored once, adoption samples and their filters, named rosters — that
// values are copied in and out, concurrent writers under optimistic
// concurrency, and a rapid state-machine test that drives the store with
// random writes and reads — including stale versions, redelivered events in
// any order, merges applied twice, deletes, purges, repeated samples and,
// for durable backends, closing and reopening — against a plain in-memory
// model, compared with cmp.Diff. A backend that implements the optional
// change feed, store.Watcher, has it checked too (each write reported once,
// in order, after it is visible; failed writes not at all); one that does
// not sees its Watch test skipped, with the reason in the test output.
//
// Its Contract tests check the backend against the shared semantics the
// store package exports for backends (see "Writing a backend" there): each
// write fails as its function (EncodeEngagement, ValidateIssue, WithEvents
// and CheckVersion, WithDetails, EncodeSignOff, PrepareSeries, EncodeRoster)
// says, the store keeps what that function returns, and listings keep what
// IssueFilter.Match and SeriesFilter.Apply keep, ordered by CompareIssues
// and CompareSeries.
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// Backend is the store under test.
type Backend struct {
	// Open opens the store kept in dir. Each test gets a fresh, empty
	// directory (a backend that keeps nothing on disk may ignore it); a
	// durable backend is opened again on the same directory after Close.
	Open func(dir string) (store.Store, error)
	// Durable says that what was written before Close is there again when
	// Open is called on the same directory. The suite then checks it.
	Durable bool
}

// Run runs the conformance suite against b as subtests of t. Its model test
// takes rapid's flags (-rapid.checks, -rapid.steps, -rapid.seed); with the
// defaults it runs in seconds for an in-process backend.
func Run(t *testing.T, b Backend) {
	if b.Open == nil {
		t.Fatal("storetest: Backend.Open is nil")
	}
	h := harness{b}
	t.Run("Engagements", h.testEngagements)
	t.Run("Issues", h.testIssues)
	t.Run("AppendEvents", h.testAppendEvents)
	t.Run("UpdateIssue", h.testUpdateIssue)
	t.Run("ImportIssues", h.testImportIssues)
	t.Run("Filter", h.testFilter)
	t.Run("SignOffs", h.testSignOffs)
	t.Run("AddSamples", h.testAddSamples)
	t.Run("SeriesFilter", h.testSeriesFilter)
	t.Run("Rosters", h.testRosters)
	t.Run("ExitPolicy", h.testExitPolicy)
	t.Run("Copies", h.testCopies)
	t.Run("Closed", h.testClosed)
	t.Run("Context", h.testContext)
	t.Run("ConcurrentAppends", h.testConcurrentAppends)
	t.Run("Deliveries", h.testDeliveries)
	t.Run("MergeIssues", h.testMergeIssues)
	t.Run("DeleteAndPurge", h.testDeleteAndPurge)
	t.Run("SignOffRules", h.testSignOffRules)
	t.Run("Watch", h.testWatch)
	if b.Durable {
		t.Run("Reopen", h.testReopen)
	}
	t.Run("Contract", h.testContract)
	t.Run("Model", h.testModel)
}

type harness struct{ Backend }

// open opens a store on a fresh directory, closed when the test ends.
func (h harness) open(t *testing.T) (store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	return h.openAt(t, dir), dir
}

func (h harness) openAt(t *testing.T, dir string) store.Store {
	t.Helper()
	s, err := h.Open(dir)
	if err != nil {
		t.Fatalf("Open(%q): %v", dir, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil && !errors.Is(err, store.ErrClosed) {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// reopen closes s and opens the store in dir again.
func (h harness) reopen(t *testing.T, s store.Store, dir string) store.Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return h.openAt(t, dir)
}

// cmpOpts compares what stores hold: issues by their exported fields and
// timeline, locations by name, times with Equal (cmp's default, so the
// location a backend returns times in does not matter), empty like nil.
var cmpOpts = cmp.Options{
	cmp.Transformer("Issue", viewIssue),
	cmpOpts0,
}

// fastOpts decides equality the same way, with issues compared by hand:
// cmp's transformers are slow on long lists, and the model test compares
// everything after every step.
var fastOpts = cmp.Options{
	cmp.Comparer(func(a, b hypercare.Issue) bool { return equalIssues(viewIssue(a), viewIssue(b)) }),
	cmpOpts0,
}

var cmpOpts0 = cmp.Options{
	cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() }),
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmpopts.EquateEmpty(),
}

// issueView is an Issue as cmp can see it. A field added to hypercare.Issue
// must be added here (the store package's TestCodecKnowsEveryField fails
// until it is).
type issueView struct {
	ID          hypercare.IssueID
	Engagement  hypercare.EngagementID
	Title       string
	Workaround  string
	FixExpected time.Time
	Updated     time.Time
	Events      []hypercare.Event
	Held        []hypercare.HeldEvent
}

func viewIssue(is hypercare.Issue) issueView {
	return issueView{is.ID, is.Engagement, is.Title, is.Workaround, is.FixExpected, is.Updated, is.Events(), is.Held()}
}

func equalIssues(a, b issueView) bool {
	if a.ID != b.ID || a.Engagement != b.Engagement || a.Title != b.Title || a.Workaround != b.Workaround ||
		!a.FixExpected.Equal(b.FixExpected) || !a.Updated.Equal(b.Updated) || len(a.Events) != len(b.Events) || len(a.Held) != len(b.Held) {
		return false
	}
	for i, e := range a.Events {
		if !e.Same(b.Events[i]) {
			return false
		}
	}
	for i, h := range a.Held {
		if !h.Event.Same(b.Held[i].Event) || h.Reason != b.Held[i].Reason {
			return false
		}
	}
	return true
}

// equalSeries compares series field by field. A field added to
// hypercare.Series or Sample must be added here (the store package's
// TestCodecKnowsEveryField fails until it is).
func equalSeries(a, b hypercare.Series) bool {
	return a.Metric == b.Metric && a.Segment == b.Segment && slices.Equal(a.Samples, b.Samples)
}

// diff returns cmp.Diff(want, got) under cmpOpts, or "" if they are equal.
// Issues and lists of issues are compared by hand first: cmp is slow on long
// lists, and the model test compares everything after every step.
func diff(want, got any) string {
	var equal bool
	switch w := want.(type) {
	case hypercare.Issue:
		g, ok := got.(hypercare.Issue)
		equal = ok && equalIssues(viewIssue(w), viewIssue(g))
	case []hypercare.Issue:
		g, ok := got.([]hypercare.Issue)
		equal = ok && len(w) == len(g)
		for i := 0; equal && i < len(w); i++ {
			equal = equalIssues(viewIssue(w[i]), viewIssue(g[i]))
		}
	case []hypercare.Series:
		g, ok := got.([]hypercare.Series)
		equal = ok && slices.EqualFunc(w, g, equalSeries)
	case hypercare.Roster, []store.NamedRoster, []hypercare.SignOff:
		// These are JSON to the store: equal JSON is equal values.
		wj, werr := json.Marshal(want)
		gj, gerr := json.Marshal(got)
		equal = werr == nil && gerr == nil && bytes.Equal(wj, gj)
	}
	if !equal {
		equal = cmp.Equal(want, got, fastOpts)
	}
	if equal {
		return ""
	}
	return cmp.Diff(want, got, cmpOpts)
}

// wantErr fails t unless err matches target: nil, or a sentinel checked with
// errors.Is.
func wantErr(t fataler, what string, err, target error) {
	t.Helper()
	switch {
	case target == nil && err != nil:
		t.Fatalf("%s: unexpected error %v", what, err)
	case target != nil && !errors.Is(err, target):
		t.Fatalf("%s: got error %v, want one wrapping %v", what, err, target)
	}
}

// collect drains a listing, failing t on an error.
func collect[T any](t fataler, what string, seq func(yield func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		out = append(out, v)
	}
	return out
}

// firstErr returns the error a listing yields, or nil.
func firstErr[T any](seq func(yield func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

var bg = context.Background()

// fataler is what the helpers need of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func must(t fataler, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}
