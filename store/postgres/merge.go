package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// mergeAttempts bounds how often MergeIssues starts again when another
// writer creates an issue the batch creates too.
const mergeAttempts = 5

// errCreatedMeanwhile: an issue the merge creates was created by another
// writer after the merge read it; the merge starts again.
var errCreatedMeanwhile = errors.New("issue created meanwhile")

// MergeIssues implements store.Store.MergeIssues in one transaction: it
// locks the stored issues of the batch (SELECT ... FOR UPDATE), reads them,
// merges each incoming issue with store.MergeIssue, and writes only the
// issues that changed, each as the rows that differ. Another writer that
// creates an issue of the batch meanwhile makes it start again.
func (s *Store) MergeIssues(ctx context.Context, issues []hypercare.Issue) (store.MergeReport, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return store.MergeReport{}, err
	}
	defer end()
	for _, in := range issues {
		if err := validIssue(in); err != nil {
			return store.MergeReport{}, fmt.Errorf("postgres: merge issues: %w", err)
		}
	}
	if len(issues) == 0 {
		return store.MergeReport{}, nil
	}
	ctx = context.WithoutCancel(ctx)
	var m merge
	for range mergeAttempts {
		err = s.inTx(ctx, func(tx pgx.Tx) error { return m.run(ctx, tx, issues) })
		// A merge takes no version, so it may start again after losing a
		// race; a deadlock should not happen (locks and inserts are taken
		// in key order), but is one too.
		if err != errCreatedMeanwhile && pgCode(err) != deadlockDetected {
			break
		}
	}
	if err != nil {
		return store.MergeReport{}, fmt.Errorf("postgres: merge issues: %w", err)
	}
	for _, w := range m.written {
		s.cache.put(w.is.Engagement, w.is.ID, w.uid, w.is)
		s.announce(store.Change{Kind: store.ChangeIssue, Engagement: w.is.Engagement, Issue: w.is.ID, Version: w.is.Version()})
	}
	return m.report, nil
}

// merge is one attempt of MergeIssues.
type merge struct {
	report  store.MergeReport
	written []cachedIssue // the issues written, as stored, with their uids
}

// mergeResult is an issue the batch changed: as stored before (if found),
// and after the merges so far.
type mergeResult struct {
	stored cachedIssue
	found  bool
	result hypercare.Issue
}

func (m *merge) run(ctx context.Context, tx pgx.Tx, issues []hypercare.Issue) error {
	m.report, m.written = store.MergeReport{Issues: len(issues)}, nil
	var engs, ids []string
	for _, in := range issues {
		engs, ids = append(engs, toText(string(in.Engagement))), append(ids, toText(string(in.ID)))
	}
	haveEng, err := lockEngagements(ctx, tx, issues)
	if err != nil {
		return err
	}
	stored, err := lockIssues(ctx, tx, engs, ids)
	if err != nil {
		return err
	}
	results, err := m.mergeAll(issues, haveEng, stored)
	if err != nil {
		return err
	}
	return m.writeResults(ctx, tx, results)
}

// lockEngagements locks the batch's engagements against a purge until the
// merge commits, and returns those that exist.
func lockEngagements(ctx context.Context, tx pgx.Tx, issues []hypercare.Issue) (map[hypercare.EngagementID]bool, error) {
	engSet := map[hypercare.EngagementID]bool{}
	for _, in := range issues {
		if in.Engagement != "" {
			engSet[in.Engagement] = true
		}
	}
	var engList []string
	for e := range engSet {
		engList = append(engList, toText(string(e)))
	}
	rows, err := tx.Query(ctx, `SELECT id FROM engagements WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE`, engList)
	if err != nil {
		return nil, err
	}
	haveEng := map[hypercare.EngagementID]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		haveEng[hypercare.EngagementID(fromText(id))] = true
	}
	if rows.Close(); rows.Err() != nil {
		return nil, rows.Err()
	}
	return haveEng, nil
}

// lockIssues locks the stored issues with the given keys, then reads them in
// a statement that starts after the locks are held, so that it sees the last
// committed rows. If it reads an issue it did not lock (created by another
// writer between the two statements), it returns errCreatedMeanwhile.
func lockIssues(ctx context.Context, tx pgx.Tx, engs, ids []string) (map[issueKey]cachedIssue, error) {
	keys := `(SELECT * FROM unnest($1::text[], $2::text[]))`
	tag, err := tx.Exec(ctx, `SELECT 1 FROM issues WHERE (engagement, id) IN `+keys+` ORDER BY engagement, id FOR UPDATE`, engs, ids)
	if err != nil {
		return nil, err
	}
	stored := map[issueKey]cachedIssue{}
	rows, err := tx.Query(ctx, selectIssues+` WHERE (i.engagement, i.id) IN `+keys+` ORDER BY i.engagement, i.id, e.seq`, engs, ids)
	if err != nil {
		return nil, err
	}
	err = scanIssues(rows, func(is hypercare.Issue, uid int64) error {
		stored[issueKey{is.Engagement, is.ID}] = cachedIssue{uid, is}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if int64(len(stored)) != tag.RowsAffected() { // locked rows cannot go: more were read
		return nil, errCreatedMeanwhile
	}
	return stored, nil
}

// mergeAll merges the batch in order, an issue listed twice into the result
// of the first (as store.MergeIssue's contract says), and returns the issues
// changed, recording each change in m.report.
func (m *merge) mergeAll(issues []hypercare.Issue, haveEng map[hypercare.EngagementID]bool, stored map[issueKey]cachedIssue) ([]mergeResult, error) {
	changed := map[issueKey]int{}
	var results []mergeResult
	for _, in := range issues {
		if in.Engagement != "" && !haveEng[in.Engagement] {
			return nil, fmt.Errorf("engagement %q of issue %q: %w", in.Engagement, in.ID, store.ErrNotFound)
		}
		k := issueKey{in.Engagement, in.ID}
		i, again := changed[k]
		var into hypercare.Issue
		st, found := stored[k]
		if again {
			into, found = results[i].result, true
		} else {
			into = st.is
		}
		result, ch, err := store.MergeIssue(into, found, in)
		if err != nil {
			return nil, err
		}
		if !ch.Changed() {
			if again {
				m.report.Changes[i].Held = ch.Held
			}
			continue
		}
		if !again {
			i = len(results)
			changed[k] = i
			_, wasStored := stored[k]
			results = append(results, mergeResult{stored: st, found: wasStored})
			m.report.Changes = append(m.report.Changes, store.IssueChange{Engagement: k.eng, ID: k.id})
		}
		results[i].result = result
		sum := &m.report.Changes[i]
		sum.Created = sum.Created || ch.Created
		sum.EventsAdded += ch.EventsAdded
		sum.FieldsUpdated = sum.FieldsUpdated || ch.FieldsUpdated
		sum.Held, sum.Released = ch.Held, sum.Released+ch.Released
	}
	return results, nil
}

// writeResults inserts or rewrites each changed issue, recording it in
// m.written. It writes them in key order: a merge that creates issues
// another writer creates too then waits for it in the order the other
// waits too, never in a cycle (a deadlock).
func (m *merge) writeResults(ctx context.Context, tx pgx.Tx, results []mergeResult) error {
	order := make([]int, len(results))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return compareKeys(&results[a].result, &results[b].result) })
	for _, i := range order {
		r := &results[i]
		is := r.result
		if !r.found {
			uid, err := insertIssue(ctx, tx, is)
			if err == errNoEngagement {
				return fmt.Errorf("engagement %q of issue %q: %w", is.Engagement, is.ID, store.ErrNotFound)
			}
			switch pgCode(err) {
			case "":
			case uniqueViolation:
				return errCreatedMeanwhile
			default:
				return fmt.Errorf("create %s: %w", issueName(is.Engagement, is.ID), err)
			}
			m.written = append(m.written, cachedIssue{uid, is})
			continue
		}
		if err := rewrite(ctx, tx, r.stored.uid, r.stored.is, &is, sharedRows(r.stored.is, is), true); err != nil {
			// The row is locked: errStale cannot happen, short of a
			// write that bypasses the store.
			return fmt.Errorf("write %s: %w", issueName(is.Engagement, is.ID), err)
		}
		m.written = append(m.written, cachedIssue{r.stored.uid, is})
	}
	return nil
}

// DeleteIssue implements store.Store.DeleteIssue: one statement deletes
// the issue if it is at version, and says whether there was one; a
// trigger deletes its events.
func (s *Store) DeleteIssue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	ctx = context.WithoutCancel(ctx)
	var deleted, found int
	var stored int32
	// The outer SELECT sees the rows as they were before the DELETE.
	err = s.pool.QueryRow(ctx, `WITH gone AS (
		DELETE FROM issues WHERE engagement = $1 AND id = $2 AND version = $3 RETURNING 1
	) SELECT (SELECT count(*) FROM gone), count(*), coalesce(max(version), 0) FROM issues WHERE engagement = $1 AND id = $2`,
		toText(string(eng)), toText(string(id)), version).Scan(&deleted, &found, &stored)
	s.cache.drop(eng, id)
	switch {
	case err != nil:
		return fmt.Errorf("postgres: delete %s: %w", issueName(eng, id), err)
	case deleted == 1:
		s.announce(store.Change{Kind: store.ChangeIssue, Engagement: eng, Issue: id})
		return nil
	case found == 0:
		return fmt.Errorf("postgres: delete %s: %w", issueName(eng, id), store.ErrNotFound)
	}
	return fmt.Errorf("postgres: delete %s: it is at version %d, not %d: %w", issueName(eng, id), stored, version, store.ErrConflict)
}

// PurgeEngagement implements store.Store.PurgeEngagement: one statement
// deletes the engagement; its issues, sign-offs, samples and rosters go
// with it by ON DELETE CASCADE, and the issues' events by trigger.
func (s *Store) PurgeEngagement(ctx context.Context, eng hypercare.EngagementID) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	ctx = context.WithoutCancel(ctx)
	tag, err := s.pool.Exec(ctx, `DELETE FROM engagements WHERE id = $1`, toText(string(eng)))
	s.cache.dropEngagement(eng)
	if err != nil {
		return fmt.Errorf("postgres: purge engagement %q: %w", eng, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: purge engagement %q: %w", eng, store.ErrNotFound)
	}
	s.announce(store.Change{Kind: store.ChangeEngagement, Engagement: eng})
	return nil
}
