package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// watchWait is how long the Watch test waits for a change or for a channel
// to close: generous, for a database that notifies after its commit.
const watchWait = 10 * time.Second

// testWatch checks the optional change feed (store.Watcher): every write
// that succeeds is reported once, in order, after it is visible to reads,
// with the key and version the Change promises; a write that fails reports
// nothing; two watchers both see everything; the channel closes when the
// watch's context is done and when the store is closed; Watch after Close is
// ErrClosed. A backend that does not implement store.Watcher is reported as
// skipped, by name.
func (h harness) testWatch(t *testing.T) {
	s, _ := h.open(t)
	w, ok := s.(store.Watcher)
	if !ok {
		t.Skipf("storetest: %T does not implement store.Watcher: its change feed is not tested", s)
	}
	wctx, cancel := context.WithCancel(bg)
	defer cancel()
	changes, err := w.Watch(wctx)
	must(t, "Watch", err)
	second, err := w.Watch(wctx)
	must(t, "second Watch", err)

	e := otherEngagement(t)
	at := e.GoLive.Add(time.Hour)
	inc7 := hypercare.Issue{Engagement: e.ID, ID: "INC-7", Title: "cannot post invoices"}
	so := hypercare.SignOff{Engagement: e.ID, By: "sam", Role: hypercare.RoleSponsor, At: at}
	series := hypercare.Series{Metric: loginRate, Segment: allUsers,
		Samples: []hypercare.Sample{{Date: hypercare.DateOf(at), Value: 3, Base: 10}}}
	responded := hypercare.Event{ID: "r1", Type: hypercare.EventResponded, At: at.Add(time.Minute), Person: "ana"}
	merged := issue(t, e.ID, "INC-7", "cannot post invoices", opened(at, hypercare.Sev2, hypercare.Defect), responded)
	renamed := inc7
	renamed.Title = "invoices cannot be posted"

	// Each step is one write, the error it must return and the change it
	// must report; the zero Change: none (a failed write).
	steps := []struct {
		name  string
		write func() error
		err   error
		want  store.Change
	}{
		{"CreateEngagement", func() error { return s.CreateEngagement(bg, e) }, nil,
			store.Change{Kind: store.ChangeEngagement, Engagement: "crm"}},
		{"CreateIssue", func() error { return s.CreateIssue(bg, inc7) }, nil,
			store.Change{Kind: store.ChangeIssue, Engagement: "crm", Issue: "INC-7"}},
		{"AppendEvents at a stale version", func() error {
			_, err := s.AppendEvents(bg, e.ID, "INC-7", 1, opened(at, hypercare.Sev2, hypercare.Defect))
			return err
		}, store.ErrConflict, store.Change{}},
		{"AppendEvents", func() error {
			_, err := s.AppendEvents(bg, e.ID, "INC-7", 0, opened(at, hypercare.Sev2, hypercare.Defect))
			return err
		}, nil, store.Change{Kind: store.ChangeIssue, Engagement: "crm", Issue: "INC-7", Version: 1}},
		{"UpdateIssue", func() error {
			r := renamed
			if err := r.Append(opened(at, hypercare.Sev2, hypercare.Defect)); err != nil {
				return err
			}
			return s.UpdateIssue(bg, r)
		}, nil, store.Change{Kind: store.ChangeIssue, Engagement: "crm", Issue: "INC-7", Version: 1}},
		{"CreateIssue of an engagement not stored", func() error {
			return s.CreateIssue(bg, hypercare.Issue{Engagement: "nope", ID: "INC-1"})
		}, store.ErrNotFound, store.Change{}},
		{"ImportIssues", func() error {
			return s.ImportIssues(bg, []hypercare.Issue{{Engagement: e.ID, ID: "INC-8"}, {Engagement: e.ID, ID: "INC-9"}})
		}, nil, store.Change{Kind: store.ChangeIssue, Engagement: "crm"}},
		{"MergeIssues", func() error { _, err := s.MergeIssues(bg, []hypercare.Issue{merged}); return err }, nil,
			store.Change{Kind: store.ChangeIssue, Engagement: "crm", Issue: "INC-7", Version: 2}},
		{"AddSignOff", func() error { return s.AddSignOff(bg, so) }, nil,
			store.Change{Kind: store.ChangeSignOff, Engagement: "crm"}},
		{"AddSamples", func() error { return s.AddSamples(bg, e.ID, series) }, nil,
			store.Change{Kind: store.ChangeSamples, Engagement: "crm"}},
		{"AddSamples again", func() error { return s.AddSamples(bg, e.ID, series) }, store.ErrExists, store.Change{}},
		{"PutRoster", func() error { return s.PutRoster(bg, e.ID, "week 1", hypercare.Roster{}) }, nil,
			store.Change{Kind: store.ChangeRoster, Engagement: "crm", Roster: "week 1"}},
		{"DeleteIssue", func() error { return s.DeleteIssue(bg, e.ID, "INC-9", 0) }, nil,
			store.Change{Kind: store.ChangeIssue, Engagement: "crm", Issue: "INC-9"}},
		{"PurgeEngagement", func() error { return s.PurgeEngagement(bg, e.ID) }, nil,
			store.Change{Kind: store.ChangeEngagement, Engagement: "crm"}},
		{"PurgeEngagement again", func() error { return s.PurgeEngagement(bg, e.ID) }, store.ErrNotFound, store.Change{}},
		{"CreateEngagement after the purge", func() error { return s.CreateEngagement(bg, e) }, nil,
			store.Change{Kind: store.ChangeEngagement, Engagement: "crm"}},
	}
	var all []store.Change
	for _, st := range steps {
		wantErr(t, st.name, st.write(), st.err)
		if st.want == (store.Change{}) {
			continue // a failed write: the next step's change must come next
		}
		all = append(all, st.want)
		got := receive(t, st.name, changes)
		if d := cmp.Diff(st.want, got); d != "" {
			t.Fatalf("%s: Watch reported (-want +got):\n%s", st.name, d)
		}
		checkVisible(t, st.name, s, got)
	}
	// The second watcher saw the same, in the same order.
	for i, want := range all {
		if got := receive(t, "second watcher", second); got != want {
			t.Fatalf("second watcher, change %d: got %+v, want %+v", i, got, want)
		}
	}

	// Cancelling the context closes the channel.
	cancel()
	drainClosed(t, "Watch after its context was cancelled", changes)
	drainClosed(t, "second Watch after its context was cancelled", second)
	done, stop := context.WithCancel(bg)
	stop()
	if _, err := w.Watch(done); !errors.Is(err, context.Canceled) {
		t.Errorf("Watch with a cancelled context: got %v, want context.Canceled", err)
	}

	// Closing the store closes the channel; Watch after Close is ErrClosed.
	changes, err = w.Watch(bg)
	must(t, "Watch", err)
	must(t, "Close", s.Close())
	drainClosed(t, "Watch after Close", changes)
	if _, err := w.Watch(bg); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Watch after Close: got %v, want ErrClosed", err)
	}
}

// receive returns the next change, failing t if none comes in time or the
// channel closes.
func receive(t *testing.T, what string, changes <-chan store.Change) store.Change {
	t.Helper()
	select {
	case c, ok := <-changes:
		if !ok {
			t.Fatalf("%s: the Watch channel closed, want a change", what)
		}
		return c
	case <-time.After(watchWait):
		t.Fatalf("%s: no change reported within %s", what, watchWait)
	}
	return store.Change{}
}

// drainClosed fails t unless the channel closes in time; changes still
// buffered before the close are allowed.
func drainClosed(t *testing.T, what string, changes <-chan store.Change) {
	t.Helper()
	deadline := time.After(watchWait)
	for {
		select {
		case _, ok := <-changes:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatalf("%s: the channel is still open after %s", what, watchWait)
		}
	}
}

// checkVisible fails t unless what c reports can be read: a watcher that
// re-reads on a change must find the write.
func checkVisible(t *testing.T, what string, s store.Store, c store.Change) {
	t.Helper()
	switch {
	case c.Kind == store.ChangeIssue && c.Issue != "" && c.Version > 0:
		is, err := s.Issue(bg, c.Engagement, c.Issue)
		must(t, what+": Issue", err)
		if is.Version() < c.Version {
			t.Fatalf("%s: reported version %d, but the store holds version %d", what, c.Version, is.Version())
		}
	case c.Kind == store.ChangeIssue && c.Issue != "":
		if _, err := s.Issue(bg, c.Engagement, c.Issue); c.Version == 0 && errors.Is(err, store.ErrNotFound) {
			return // deleted
		} else if err != nil {
			t.Fatalf("%s: Issue: %v", what, err)
		}
	case c.Kind == store.ChangeRoster:
		_, err := s.Roster(bg, c.Engagement, c.Roster)
		must(t, what+": Roster", err)
	}
}
