package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/hypercare-go/hypercare"
)

// base is what both backends share: the tables behind a read-write lock, the
// reads, and the preparation of writes. A backend supplies commit, which
// checks a change against the tables and applies it, durably or not.
type base struct {
	mu     sync.RWMutex // guards t and closed
	t      tables
	closed bool
	commit func(c change) error
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

func (b *base) createEngagement(ctx context.Context, e hypercare.Engagement) error {
	return b.write(ctx, func() (change, error) {
		js, err := encodeEngagement(e)
		return &createEngagement{id: e.ID, json: js}, err
	})
}

func (b *base) updateEngagement(ctx context.Context, e hypercare.Engagement) error {
	return b.write(ctx, func() (change, error) {
		js, err := encodeEngagement(e)
		return &updateEngagement{id: e.ID, json: js}, err
	})
}

func (b *base) createIssues(ctx context.Context, issues []hypercare.Issue) error {
	// The slice is only read until the write returns, and the Issue values
	// are stored by value (an Issue's timeline only grows by copying), so
	// nothing the caller holds is kept.
	return b.write(ctx, func() (change, error) { return &createIssues{issues: issues}, nil })
}

func (b *base) appendEvents(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int, events []hypercare.Event) (hypercare.Issue, error) {
	c := &appendEvents{eng: eng, id: id, version: version, events: events} // Append copies them
	err := b.write(ctx, func() (change, error) { return c, nil })
	if err != nil {
		return hypercare.Issue{}, err
	}
	return c.result, nil
}

func (b *base) updateIssue(ctx context.Context, is hypercare.Issue) error {
	return b.write(ctx, func() (change, error) {
		return &updateIssue{details: is, version: is.Len()}, nil
	})
}

func (b *base) addSignOff(ctx context.Context, s hypercare.SignOff) error {
	return b.write(ctx, func() (change, error) {
		if err := validSignOff(s); err != nil {
			return nil, err
		}
		js, err := json.Marshal(s)
		if err != nil {
			return nil, fmt.Errorf("%w: sign-off by %q: %w", ErrInvalid, s.By, err)
		}
		return &addSignOff{signOff: s, json: js}, nil
	})
}

func (b *base) engagement(ctx context.Context, id hypercare.EngagementID) (hypercare.Engagement, error) {
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

func (b *base) engagements(ctx context.Context) iter.Seq2[hypercare.Engagement, error] {
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

func (b *base) issue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, error) {
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

func (b *base) issues(ctx context.Context, f IssueFilter) iter.Seq2[hypercare.Issue, error] {
	return func(yield func(hypercare.Issue, error) bool) {
		var list []hypercare.Issue
		err := f.Validate()
		if err == nil {
			err = b.read(ctx, func(t *tables) error {
				add := func(m map[hypercare.IssueID]hypercare.Issue) {
					for _, is := range m {
						if f.Match(is) {
							list = append(list, is)
						}
					}
				}
				if f.Engagement != "" {
					add(t.issues[f.Engagement])
				} else {
					for _, m := range t.issues {
						add(m)
					}
				}
				return nil
			})
		}
		slices.SortFunc(list, func(a, b hypercare.Issue) int {
			return cmp.Or(cmp.Compare(a.Engagement, b.Engagement), cmp.Compare(a.ID, b.ID))
		})
		yieldAll(ctx, list, err, yield)
	}
}

func (b *base) signOffs(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[hypercare.SignOff, error] {
	return func(yield func(hypercare.SignOff, error) bool) {
		var list []hypercare.SignOff
		err := b.read(ctx, func(t *tables) error {
			list = slices.Clone(t.signOffs[eng])
			return nil
		})
		yieldAll(ctx, list, err, yield)
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
