package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/hypercare-go/hypercare"
)

// ChangeKind says what a Change changed. The zero ChangeKind is invalid.
type ChangeKind int

// The kinds of change.
const (
	// ChangeEngagement: an engagement was created, updated, or purged with
	// everything of it (PurgeEngagement).
	ChangeEngagement ChangeKind = 1 + iota
	// ChangeIssue: an issue was created, appended to, updated, merged or
	// deleted (re-read it to tell); with an empty Issue, issues of
	// Engagement were imported (ImportIssues: re-read them all).
	ChangeIssue
	// ChangeSignOff: a sign-off was added to Engagement.
	ChangeSignOff
	// ChangeSamples: adoption samples were added to Engagement.
	ChangeSamples
	// ChangeRoster: the roster named Roster of Engagement was put.
	ChangeRoster
	// ChangeUnknown: something changed that the backend could not name (a
	// PostgreSQL notification too long for its keys, say): re-read
	// everything you keep.
	ChangeUnknown
)

var changeKindNames = []string{"", "engagement", "issue", "sign-off", "samples", "roster", "unknown"}

// String returns the kind's name, such as "issue", or "ChangeKind(9)" for
// an invalid kind.
func (k ChangeKind) String() string {
	if k.Valid() {
		return changeKindNames[k]
	}
	return "ChangeKind(" + strconv.Itoa(int(k)) + ")"
}

// Valid reports whether k is one of the kinds above.
func (k ChangeKind) Valid() bool { return k >= 1 && int(k) < len(changeKindNames) }

// MarshalText returns the kind's name; it fails, wrapping ErrInvalid and
// hypercare.ErrInvalid, for an invalid kind.
func (k ChangeKind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, also{fmt.Errorf("%w: change kind %d", ErrInvalid, int(k)), hypercare.ErrInvalid}
	}
	return []byte(changeKindNames[k]), nil
}

// UnmarshalText sets k to the kind named b (any case); an unknown name is an
// error naming it and wrapping ErrInvalid and hypercare.ErrInvalid.
func (k *ChangeKind) UnmarshalText(b []byte) error {
	s := strings.ToLower(string(b))
	for i := 1; i < len(changeKindNames); i++ {
		if changeKindNames[i] == s {
			*k = ChangeKind(i)
			return nil
		}
	}
	return also{fmt.Errorf("%w: unknown change kind %q (want one of %s)", ErrInvalid, b, strings.Join(changeKindNames[1:], ", ")), hypercare.ErrInvalid}
}

// also is err that is the sentinel is too (errors.Is), without saying so in
// its message.
type also struct{ err, is error }

func (e also) Error() string        { return e.err.Error() }
func (e also) Unwrap() error        { return e.err }
func (e also) Is(target error) bool { return target == e.is }

// Change is one committed write, as Watch reports it: a hint of what to
// read again, not the data itself.
type Change struct {
	// Kind says what was written.
	Kind ChangeKind `json:"kind"`
	// Engagement is the engagement written to ("" for an issue of none).
	Engagement hypercare.EngagementID `json:"engagement,omitempty"`
	// Issue is the issue written (ChangeIssue; "" after ImportIssues).
	Issue hypercare.IssueID `json:"issue,omitempty"`
	// Version is the issue's version after the write (ChangeIssue; 0 after
	// DeleteIssue or ImportIssues).
	Version int `json:"version,omitempty"`
	// Roster is the roster's name (ChangeRoster).
	Roster string `json:"roster,omitempty"`
}

// Watcher is the optional capability of a Store that reports the writes
// committed to it, so that a report server or a second worker learns of
// them without polling. Test for it with a type assertion:
//
//	if w, ok := s.(store.Watcher); ok { changes, err := w.Watch(ctx) ... }
//
// Memory and File implement it in process: they report the writes made
// through the same store value, which for a File is every write (a
// directory has one File at a time, see OpenFile). The PostgreSQL backend
// (module store/postgres) reports the writes of every process on the same
// schema.
type Watcher interface {
	// Watch reports the changes committed from now on, each store's in the
	// order it made them, after they are visible to reads. A write that
	// fails reports nothing; a write that changes nothing (an identical
	// sign-off, events already held) may be reported. ImportIssues reports
	// one Change per engagement with an empty Issue.
	//
	// The channel closes when ctx is done, the store is closed, or the
	// watcher fell too far behind (the in-process backends keep up to
	// 65,536 unread changes; PostgreSQL's limit is the server's
	// notification queue). Then changes may have been missed: watch again
	// and re-read what you keep. Watch returns ErrClosed after Close and
	// ctx.Err() if ctx is done. Trap: keep receiving; a watcher that stops
	// reading without cancelling ctx costs memory until it is dropped.
	Watch(ctx context.Context) (<-chan Change, error)
}

var (
	_ Watcher = (*Memory)(nil)
	_ Watcher = (*File)(nil)
)

// maxPending bounds the changes a watcher of an in-process backend has not
// read yet; past it, the watcher is dropped (its channel closes).
const maxPending = 1 << 16

// Watch implements Watcher.Watch for Memory and File.
func (b *base) Watch(ctx context.Context) (<-chan Change, error) {
	if err := b.start(ctx); err != nil {
		return nil, err
	}
	return b.feed.watch(ctx)
}

// feed hands the changes a backend commits to its watchers. Its zero value
// is ready; close ends every watch.
type feed struct {
	mu       sync.Mutex
	watchers map[*watcher]bool
	closed   bool
}

// watcher is one Watch: a queue the committing writer appends to without
// ever blocking, drained into the channel by a goroutine of its own.
type watcher struct {
	ch     chan Change
	cancel context.CancelFunc
	wake   chan struct{} // one token: the queue grew

	mu    sync.Mutex
	queue []Change
}

func (f *feed) watch(ctx context.Context) (<-chan Change, error) {
	ctx, cancel := context.WithCancel(ctx)
	w := &watcher{ch: make(chan Change, 64), cancel: cancel, wake: make(chan struct{}, 1)}
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		cancel()
		return nil, ErrClosed
	}
	if f.watchers == nil {
		f.watchers = map[*watcher]bool{}
	}
	f.watchers[w] = true
	f.mu.Unlock()
	go func() {
		defer close(w.ch)
		w.run(ctx)
		f.mu.Lock()
		delete(f.watchers, w)
		f.mu.Unlock()
	}()
	return w.ch, nil
}

// run sends the queued changes until ctx is done.
func (w *watcher) run(ctx context.Context) {
	for {
		w.mu.Lock()
		q := w.queue
		w.queue = nil
		w.mu.Unlock()
		for _, c := range q {
			select {
			case w.ch <- c:
			case <-ctx.Done():
				return
			}
		}
		select {
		case <-w.wake:
		case <-ctx.Done():
			return
		}
	}
}

// publish reports what the committed change c did to every watcher. The
// backend calls it once per change, in commit order, after the change is
// visible to reads. Without watchers it costs a lock.
func (f *feed) publish(c change) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.watchers) == 0 {
		return
	}
	cs := changesOf(c)
	if len(cs) == 0 {
		return
	}
	for w := range f.watchers {
		w.mu.Lock()
		w.queue = append(w.queue, cs...)
		over := len(w.queue) > maxPending
		w.mu.Unlock()
		if over {
			delete(f.watchers, w)
			w.cancel()
			continue
		}
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// close ends every watch and refuses new ones.
func (f *feed) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	for w := range f.watchers {
		w.cancel()
	}
	clear(f.watchers)
}

// importIssues is ImportIssues' change: createIssues, reported once per
// engagement rather than once per issue.
type importIssues struct{ *createIssues }

// changesOf returns what the committed change c reports to watchers.
func changesOf(c change) []Change {
	switch c := c.(type) {
	case *createEngagement:
		return []Change{{Kind: ChangeEngagement, Engagement: c.id}}
	case *updateEngagement:
		return []Change{{Kind: ChangeEngagement, Engagement: c.id}}
	case *purgeEngagement:
		return []Change{{Kind: ChangeEngagement, Engagement: c.eng}}
	case *createIssues:
		out := make([]Change, len(c.issues))
		for i, is := range c.issues {
			out[i] = Change{Kind: ChangeIssue, Engagement: is.Engagement, Issue: is.ID, Version: is.Version()}
		}
		return out
	case importIssues:
		var out []Change
		seen := map[hypercare.EngagementID]bool{}
		for _, is := range c.issues {
			if !seen[is.Engagement] {
				seen[is.Engagement] = true
				out = append(out, Change{Kind: ChangeIssue, Engagement: is.Engagement})
			}
		}
		return out
	case *appendEvents:
		return []Change{{Kind: ChangeIssue, Engagement: c.eng, Issue: c.id, Version: c.result.Version()}}
	case *updateIssue:
		return []Change{{Kind: ChangeIssue, Engagement: c.result.Engagement, Issue: c.result.ID, Version: c.result.Version()}}
	case *mergeIssues:
		out := make([]Change, len(c.results))
		for i, is := range c.results {
			out[i] = Change{Kind: ChangeIssue, Engagement: is.Engagement, Issue: is.ID, Version: is.Version()}
		}
		return out
	case *deleteIssue:
		return []Change{{Kind: ChangeIssue, Engagement: c.eng, Issue: c.id}}
	case *addSignOff:
		if c.dup {
			return nil
		}
		return []Change{{Kind: ChangeSignOff, Engagement: c.signOff.Engagement}}
	case *addSamples:
		return []Change{{Kind: ChangeSamples, Engagement: c.eng}}
	case *putRoster:
		return []Change{{Kind: ChangeRoster, Engagement: c.eng, Roster: c.name}}
	}
	return []Change{{Kind: ChangeUnknown}}
}
