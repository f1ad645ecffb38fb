package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sync"

	"github.com/hypercare-go/hypercare"
)

// base is what both backends share: the tables behind a read-write lock, the
// reads, and the preparation of writes. A backend supplies commit, which
// checks a change against the tables and applies it, durably or not, and
// Close.
//
// File and Memory embed it, so its exported methods are theirs: each Store
// method is written once, here, and go doc lists it on both types (go doc
// shows the methods promoted from an unexported embedded type, with their
// doc comments; it would only link to an exported one). The contract of each
// method is on the Store interface; a backend's own behaviour is in its type's
// doc comment.
type base struct {
	mu     sync.RWMutex // guards t and closed
	t      tables
	closed bool
	commit func(c change) error
	feed   feed // the watchers (watch.go)
}

// start returns the error a call must fail with before doing anything:
// ctx.Err() or ErrClosed.
func (b *base) start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.mu.RLock()
	closed := b.closed
	b.mu.RUnlock()
	if closed {
		return ErrClosed
	}
	return nil
}

func (b *base) write(ctx context.Context, prepare func() (change, error)) error {
	if err := b.start(ctx); err != nil {
		return err
	}
	c, err := prepare()
	if err != nil {
		return err
	}
	return b.commit(c)
}

// CreateEngagement implements Store.CreateEngagement.
func (b *base) CreateEngagement(ctx context.Context, e hypercare.Engagement) error {
	return b.write(ctx, func() (change, error) {
		js, err := EncodeEngagement(e)
		return &createEngagement{id: e.ID, json: js}, err
	})
}

// UpdateEngagement implements Store.UpdateEngagement.
func (b *base) UpdateEngagement(ctx context.Context, e hypercare.Engagement) error {
	return b.write(ctx, func() (change, error) {
		js, err := EncodeEngagement(e)
		return &updateEngagement{id: e.ID, json: js}, err
	})
}

// CreateIssue implements Store.CreateIssue.
func (b *base) CreateIssue(ctx context.Context, is hypercare.Issue) error {
	return b.write(ctx, func() (change, error) { return &createIssues{issues: []hypercare.Issue{is}}, nil })
}

// ImportIssues implements Store.ImportIssues.
func (b *base) ImportIssues(ctx context.Context, issues []hypercare.Issue) error {
	// The slice is only read until the write returns, and the Issue values
	// are stored by value (an Issue's timeline only grows by copying), so
	// nothing the caller holds is kept.
	return b.write(ctx, func() (change, error) { return importChange(issues), nil })
}

// importChange is ImportIssues' change.
func importChange(issues []hypercare.Issue) change {
	return importIssues{&createIssues{issues: issues}}
}

// AppendEvents implements Store.AppendEvents.
func (b *base) AppendEvents(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int, events ...hypercare.Event) (hypercare.Issue, error) {
	c := &appendEvents{eng: eng, id: id, version: version, events: events} // Append copies them
	err := b.write(ctx, func() (change, error) { return c, nil })
	if err != nil {
		return hypercare.Issue{}, err
	}
	return c.result, nil
}

// UpdateIssue implements Store.UpdateIssue.
func (b *base) UpdateIssue(ctx context.Context, is hypercare.Issue) error {
	return b.write(ctx, func() (change, error) {
		return &updateIssue{details: is, version: is.Version()}, nil
	})
}

// MergeIssues implements Store.MergeIssues.
func (b *base) MergeIssues(ctx context.Context, issues []hypercare.Issue) (MergeReport, error) {
	c := &mergeIssues{issues: issues} // read until the write returns; Issues are values
	if err := b.write(ctx, func() (change, error) { return c, nil }); err != nil {
		return MergeReport{}, err
	}
	return c.report, nil
}

// DeleteIssue implements Store.DeleteIssue.
func (b *base) DeleteIssue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int) error {
	return b.write(ctx, func() (change, error) { return &deleteIssue{eng: eng, id: id, version: version}, nil })
}

// PurgeEngagement implements Store.PurgeEngagement.
func (b *base) PurgeEngagement(ctx context.Context, eng hypercare.EngagementID) error {
	return b.write(ctx, func() (change, error) { return &purgeEngagement{eng: eng}, nil })
}

// AddSignOff implements Store.AddSignOff.
func (b *base) AddSignOff(ctx context.Context, s hypercare.SignOff) error {
	return b.write(ctx, func() (change, error) {
		// Keep what the file backend replays, in memory too.
		back, js, err := encodeSignOff(s)
		if err != nil {
			return nil, err
		}
		return &addSignOff{signOff: back, json: js, live: true}, nil
	})
}

// Engagement implements Store.Engagement.
func (b *base) Engagement(ctx context.Context, id hypercare.EngagementID) (hypercare.Engagement, error) {
	if err := ctx.Err(); err != nil {
		return hypercare.Engagement{}, err
	}
	b.mu.RLock()
	js, ok := b.t.engagements[id]
	closed := b.closed
	b.mu.RUnlock()
	switch {
	case closed:
		return hypercare.Engagement{}, ErrClosed
	case !ok:
		return hypercare.Engagement{}, fmt.Errorf("%w: engagement %q", ErrNotFound, id)
	}
	e, err := decodeEngagement(js)
	if err != nil {
		return hypercare.Engagement{}, fmt.Errorf("store: engagement %q: %w", id, err)
	}
	return e, nil
}

// Engagements implements Store.Engagements.
func (b *base) Engagements(ctx context.Context) iter.Seq2[hypercare.Engagement, error] {
	return func(yield func(hypercare.Engagement, error) bool) {
		type entry struct {
			id hypercare.EngagementID
			js []byte
		}
		var list []entry
		err := b.read(ctx, func(t *tables) error {
			for id, js := range t.engagements {
				list = append(list, entry{id, js})
			}
			return nil
		})
		if err != nil {
			yield(hypercare.Engagement{}, err)
			return
		}
		slices.SortFunc(list, func(a, b entry) int { return cmp.Compare(a.id, b.id) })
		for _, en := range list {
			if err := ctx.Err(); err != nil {
				yield(hypercare.Engagement{}, err)
				return
			}
			e, err := decodeEngagement(en.js)
			if err != nil {
				yield(hypercare.Engagement{}, fmt.Errorf("store: engagement %q: %w", en.id, err))
				return
			}
			if !yield(e, nil) {
				return
			}
		}
	}
}

// Issue implements Store.Issue.
func (b *base) Issue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, error) {
	var is hypercare.Issue
	err := b.read(ctx, func(t *tables) error {
		var ok bool
		if is, ok = t.issue(eng, id); !ok {
			return fmt.Errorf("%w: %s", ErrNotFound, issueName(eng, id))
		}
		return nil
	})
	return is, err
}

// Issues implements Store.Issues. Under the read lock it collects the
// matching issues by pointer (stored values are never changed in place, see
// tables), an engagement at a time in ID order; each Issue is copied as it
// is yielded.
func (b *base) Issues(ctx context.Context, f IssueFilter) iter.Seq2[hypercare.Issue, error] {
	return func(yield func(hypercare.Issue, error) bool) {
		var list []*hypercare.Issue
		err := f.Validate()
		if err == nil {
			err = b.read(ctx, func(t *tables) error {
				if f.Engagement != "" {
					list = appendSorted(list, t.issues[f.Engagement], f)
					return nil
				}
				for _, eng := range sortedKeys(t.issues) {
					list = appendSorted(list, t.issues[eng], f)
				}
				return nil
			})
		}
		if err != nil {
			yield(hypercare.Issue{}, err)
			return
		}
		for _, is := range list {
			if err := ctx.Err(); err != nil {
				yield(hypercare.Issue{}, err)
				return
			}
			if !yield(*is, nil) {
				return
			}
		}
	}
}

// appendSorted appends the issues of m that f matches to list, by ID.
func appendSorted(list []*hypercare.Issue, m map[hypercare.IssueID]*hypercare.Issue, f IssueFilter) []*hypercare.Issue {
	keys := make([]idKey, 0, len(m))
	for id, is := range m {
		if f.Match(*is) {
			keys = append(keys, newIDKey(id, is))
		}
	}
	slices.SortFunc(keys, compareIDKeys)
	list = slices.Grow(list, len(keys))
	for _, k := range keys {
		list = append(list, k.is)
	}
	return list
}

// idKey sorts issues by ID without touching the ID's bytes in most
// comparisons: its first 16 bytes, big-endian, decide unless they tie, and
// the array of keys is small and contiguous (sorting pointers to the issues,
// or their IDs, is dominated by cache misses).
type idKey struct {
	hi, lo uint64
	id     hypercare.IssueID
	is     *hypercare.Issue
}

func newIDKey(id hypercare.IssueID, is *hypercare.Issue) idKey {
	var p [16]byte
	copy(p[:], id)
	return idKey{binary.BigEndian.Uint64(p[:8]), binary.BigEndian.Uint64(p[8:]), id, is}
}

func compareIDKeys(a, b idKey) int {
	if a.hi != b.hi {
		return cmp.Compare(a.hi, b.hi)
	}
	if a.lo != b.lo {
		return cmp.Compare(a.lo, b.lo)
	}
	return cmp.Compare(a.id, b.id)
}

// SignOffs implements Store.SignOffs.
func (b *base) SignOffs(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[hypercare.SignOff, error] {
	return func(yield func(hypercare.SignOff, error) bool) {
		var list []hypercare.SignOff
		err := b.read(ctx, func(t *tables) error {
			list = slices.Clone(t.signOffs[eng])
			return nil
		})
		yieldAll(ctx, list, err, yield)
	}
}

// AddSamples implements Store.AddSamples.
func (b *base) AddSamples(ctx context.Context, eng hypercare.EngagementID, series ...hypercare.Series) error {
	return b.write(ctx, func() (change, error) {
		prepared, err := PrepareSeries(eng, series)
		return &addSamples{eng: eng, series: prepared}, err
	})
}

// Series implements Store.Series.
func (b *base) Series(ctx context.Context, eng hypercare.EngagementID, f SeriesFilter) iter.Seq2[hypercare.Series, error] {
	return func(yield func(hypercare.Series, error) bool) {
		var list []hypercare.Series
		err := f.Validate()
		if err == nil {
			err = b.read(ctx, func(t *tables) error {
				for k, samples := range t.samples[eng] {
					if s, ok := cutSeries(f, k, samples); ok {
						list = append(list, s)
					}
				}
				return nil
			})
		}
		slices.SortFunc(list, CompareSeries)
		yieldAll(ctx, list, err, yield)
	}
}

// cutSeries returns the series of key k with a copy of its samples, sorted
// by date, that f keeps; false if there are none.
func cutSeries(f SeriesFilter, k seriesKey, samples []hypercare.Sample) (hypercare.Series, bool) {
	if len(f.Metrics) > 0 && !slices.Contains(f.Metrics, k.metric) ||
		len(f.Segments) > 0 && !slices.Contains(f.Segments, k.segment) {
		return hypercare.Series{}, false
	}
	byDate := func(x hypercare.Sample, d hypercare.Date) int { return x.Date.Compare(d) }
	lo, hi := 0, len(samples)
	if !f.From.IsZero() {
		lo, _ = slices.BinarySearchFunc(samples, f.From, byDate)
	}
	if !f.Before.IsZero() {
		hi, _ = slices.BinarySearchFunc(samples, f.Before, byDate)
	}
	if lo >= hi {
		return hypercare.Series{}, false
	}
	return hypercare.Series{Metric: k.metric, Segment: k.segment, Samples: slices.Clone(samples[lo:hi])}, true
}

// PutRoster implements Store.PutRoster.
func (b *base) PutRoster(ctx context.Context, eng hypercare.EngagementID, name string, r hypercare.Roster) error {
	return b.write(ctx, func() (change, error) {
		js, err := EncodeRoster(eng, name, r)
		return &putRoster{eng: eng, name: name, json: js}, err
	})
}

// Roster implements Store.Roster.
func (b *base) Roster(ctx context.Context, eng hypercare.EngagementID, name string) (hypercare.Roster, error) {
	var js []byte
	err := b.read(ctx, func(t *tables) error {
		var ok bool
		if js, ok = t.rosters[eng][name]; !ok {
			return fmt.Errorf("%w: roster %q of engagement %q", ErrNotFound, name, eng)
		}
		return nil
	})
	if err != nil {
		return hypercare.Roster{}, err
	}
	r, err := decodeRoster(js)
	if err != nil {
		return hypercare.Roster{}, fmt.Errorf("store: roster %q of engagement %q: %w", name, eng, err)
	}
	return r, nil
}

// Rosters implements Store.Rosters.
func (b *base) Rosters(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[NamedRoster, error] {
	return func(yield func(NamedRoster, error) bool) {
		var (
			names []string
			jsons map[string][]byte
		)
		err := b.read(ctx, func(t *tables) error {
			jsons = maps.Clone(t.rosters[eng]) // the JSON itself is never changed in place
			return nil
		})
		if err != nil {
			yield(NamedRoster{}, err)
			return
		}
		names = sortedKeys(jsons)
		for _, name := range names {
			if err := ctx.Err(); err != nil {
				yield(NamedRoster{}, err)
				return
			}
			r, err := decodeRoster(jsons[name])
			if err != nil {
				yield(NamedRoster{}, fmt.Errorf("store: roster %q of engagement %q: %w", name, eng, err))
				return
			}
			if !yield(NamedRoster{Engagement: eng, Name: name, Roster: r}, nil) {
				return
			}
		}
	}
}

// read runs f on the tables under the read lock, after the checks of start.
func (b *base) read(ctx context.Context, f func(t *tables) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		return ErrClosed
	}
	return f(&b.t)
}

// yieldAll yields the list, then err if it is not nil, stopping early if the
// consumer does or ctx is done.
func yieldAll[T any](ctx context.Context, list []T, err error, yield func(T, error) bool) {
	var zero T
	if err != nil {
		yield(zero, err)
		return
	}
	for _, v := range list {
		if err := ctx.Err(); err != nil {
			yield(zero, err)
			return
		}
		if !yield(v, nil) {
			return
		}
	}
}
