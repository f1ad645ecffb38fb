package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

func TestChangeKindText(t *testing.T) {
	for _, tc := range []struct {
		kind store.ChangeKind
		name string
	}{
		{kind: store.ChangeEngagement, name: "engagement"},
		{kind: store.ChangeIssue, name: "issue"},
		{kind: store.ChangeSignOff, name: "sign-off"},
		{kind: store.ChangeSamples, name: "samples"},
		{kind: store.ChangeRoster, name: "roster"},
		{kind: store.ChangeUnknown, name: "unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.kind.String(); got != tc.name {
				t.Errorf("String: got %q, want %q", got, tc.name)
			}
			b, err := tc.kind.MarshalText()
			if err != nil || string(b) != tc.name {
				t.Errorf("MarshalText: got %q, %v; want %q", b, err, tc.name)
			}
			var back store.ChangeKind
			if err := back.UnmarshalText([]byte(tc.name)); err != nil || back != tc.kind {
				t.Errorf("UnmarshalText(%q): got %v, %v; want %v", tc.name, back, err, tc.kind)
			}
		})
	}
	for _, bad := range []store.ChangeKind{0, 7, -1} {
		if bad.Valid() {
			t.Errorf("ChangeKind(%d).Valid() = true", int(bad))
		}
		if got, want := bad.String(), fmt.Sprintf("ChangeKind(%d)", int(bad)); got != want {
			t.Errorf("String: got %q, want %q", got, want)
		}
		if _, err := bad.MarshalText(); !errors.Is(err, store.ErrInvalid) || !errors.Is(err, hypercare.ErrInvalid) {
			t.Errorf("MarshalText of ChangeKind(%d): got %v, want ErrInvalid", int(bad), err)
		}
	}
	var k store.ChangeKind
	err := k.UnmarshalText([]byte("ISSUE"))
	if err != nil || k != store.ChangeIssue {
		t.Errorf(`UnmarshalText("ISSUE"): got %v, %v; want issue`, k, err)
	}
	err = k.UnmarshalText([]byte("issues"))
	if !errors.Is(err, store.ErrInvalid) || !errors.Is(err, hypercare.ErrInvalid) {
		t.Errorf(`UnmarshalText("issues"): got %v, want ErrInvalid`, err)
	}
	if want := `store: invalid: unknown change kind "issues" (want one of engagement, issue, sign-off, samples, roster, unknown)`; err == nil || err.Error() != want {
		t.Errorf("error: got %v, want %s", err, want)
	}
}

// TestChangeJSON: a Change's JSON, worked out by hand, and the round trip
// of any Change as a law.
func TestChangeJSON(t *testing.T) {
	c := store.Change{Kind: store.ChangeIssue, Engagement: "erp", Issue: "INC-7", Version: 3}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"kind":"issue","engagement":"erp","issue":"INC-7","version":3}`; string(b) != want {
		t.Errorf("JSON: got %s, want %s", b, want)
	}
	rapid.Check(t, func(t *rapid.T) {
		c := store.Change{
			Kind:       store.ChangeKind(rapid.IntRange(1, 6).Draw(t, "kind")),
			Engagement: hypercare.EngagementID(rapid.String().Draw(t, "engagement")),
			Issue:      hypercare.IssueID(rapid.String().Draw(t, "issue")),
			Version:    rapid.IntRange(0, 1<<20).Draw(t, "version"),
			Roster:     rapid.String().Draw(t, "roster"),
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back store.Change
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("unmarshal %s: %v", b, err)
		}
		// JSON keeps valid UTF-8 only; rapid.String draws valid strings.
		if d := cmp.Diff(c, back); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
	})
}

// TestWatchConcurrentWriters: with writers racing, each watcher sees every
// successful write once, and each writer's writes in the order it made
// them, on both in-process backends.
func TestWatchConcurrentWriters(t *testing.T) {
	const writers, appends = 4, 40
	for _, backend := range []struct {
		name string
		open func(t *testing.T) store.Store
	}{
		{"memory", func(*testing.T) store.Store { return store.NewMemory() }},
		{"file", func(t *testing.T) store.Store {
			f, err := store.OpenFile(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return f
		}},
	} {
		t.Run(backend.name, func(t *testing.T) {
			s := backend.open(t)
			defer s.Close()
			ctx := context.Background()
			changes, err := s.(store.Watcher).Watch(ctx)
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
			var wg sync.WaitGroup
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					id := hypercare.IssueID(fmt.Sprintf("INC-%d", w))
					if err := s.CreateIssue(ctx, hypercare.Issue{ID: id}); err != nil {
						t.Error(err)
						return
					}
					for v := range appends {
						e := hypercare.Event{Type: hypercare.EventPaused, At: at.Add(time.Duration(v) * time.Minute), Reason: "waiting"}
						if v%2 == 1 {
							e = hypercare.Event{Type: hypercare.EventResumed, At: e.At}
						}
						if v == 0 {
							e = hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect}
						}
						if _, err := s.AppendEvents(ctx, "", id, v, e); err != nil {
							t.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			next := map[hypercare.IssueID]int{} // the version each issue must report next
			for range writers * (appends + 1) {
				select {
				case c := <-changes:
					if c.Kind != store.ChangeIssue || c.Version != next[c.Issue] {
						t.Fatalf("got %+v, want issue %s at version %d", c, c.Issue, next[c.Issue])
					}
					next[c.Issue]++
				case <-time.After(10 * time.Second):
					t.Fatalf("changes missing after %v", next)
				}
			}
			select {
			case c := <-changes:
				t.Fatalf("a change more than the writes: %+v", c)
			default:
			}
		})
	}
}

// TestWatchSlowWatcher: a watcher that does not read is dropped, its
// channel closed, once more than 65,536 changes wait for it; the writers
// never wait for it.
func TestWatchSlowWatcher(t *testing.T) {
	s := store.NewMemory()
	defer s.Close()
	ctx := context.Background()
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}); err != nil {
		t.Fatal(err)
	}
	changes, err := s.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Beyond what the watcher can hold in any timing: its queue (1<<16), the
	// batch its goroutine took from the queue and is sending (up to 1<<16)
	// and the channel's buffer.
	const writes = 3 << 16
	for i := range writes {
		if err := s.PutRoster(ctx, "erp", "week 1", hypercare.Roster{}); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	n := 0
	timeout := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-changes:
			if !ok {
				if n >= writes {
					t.Fatalf("received all %d changes, want the watcher dropped", n)
				}
				return
			}
			n++
		case <-timeout:
			t.Fatalf("channel still open after %d changes", n)
		}
	}
}
