package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// splitTime returns t as a timestamptz keeps it (whole microseconds) and the
// nanoseconds below the microsecond, which at_ns columns keep.
func splitTime(t time.Time) (time.Time, int16) {
	ns := t.Nanosecond() % 1000
	return t.Add(-time.Duration(ns)), int16(ns)
}

// optTime returns t split, or NULL for the zero time.
func optTime(t time.Time) (*time.Time, int16) {
	if t.IsZero() {
		return nil, 0
	}
	at, ns := splitTime(t)
	return &at, ns
}

func issueName(eng hypercare.EngagementID, id hypercare.IssueID) string {
	if eng == "" {
		return fmt.Sprintf("issue %q", id)
	}
	return fmt.Sprintf("issue %q of engagement %q", id, eng)
}

// eventColumns holds events as the arrays the insert statements unnest.
type eventColumns struct {
	types, kinds, teams, persons, reasons []string
	ats                                   []time.Time
	ns, severities                        []int16
}

func (c *eventColumns) add(e hypercare.Event) {
	at, ns := splitTime(e.At)
	c.types = append(c.types, e.Type.String())
	c.ats = append(c.ats, at)
	c.ns = append(c.ns, ns)
	c.severities = append(c.severities, int16(e.Severity))
	c.kinds = append(c.kinds, enumText(e.Kind))
	c.teams = append(c.teams, enumText(e.Team))
	c.persons = append(c.persons, toText(string(e.Person)))
	c.reasons = append(c.reasons, toText(e.Reason))
}

func enumText[E interface {
	~int
	String() string
}](e E) string {
	if e == 0 {
		return ""
	}
	return e.String()
}

// insertEvents is the part of a statement that inserts the events of
// arrays $5 to $12 after position $4 of the issue that CTE "target" returns.
const insertEvents = `INSERT INTO events (engagement, issue, seq, type, at, at_ns, severity, kind, team, person, reason)
	SELECT target.engagement, target.id, $4 + e.ord, e.type, e.at, e.ns, NULLIF(e.sev, 0),
	       NULLIF(e.kind, ''), NULLIF(e.team, ''), NULLIF(e.person, ''), NULLIF(e.reason, '')
	FROM target, unnest($5::text[], $6::timestamptz[], $7::smallint[], $8::smallint[], $9::text[], $10::text[], $11::text[], $12::text[])
	     WITH ORDINALITY AS e(type, at, ns, sev, kind, team, person, reason, ord)`

// stateArgs are the issue's derived columns: status, severity, kind,
// team, opened_at, resolved_at.
func stateArgs(is hypercare.Issue) []any {
	st := is.State()
	return []any{name(st.Status), nullInt(int(st.Severity)), name(st.Kind), name(st.Team), nullTime(st.Opened), nullTime(st.Resolved)}
}

func nullInt(n int) *int16 {
	if n == 0 {
		return nil
	}
	v := int16(n)
	return &v
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// CreateIssue implements store.Store.CreateIssue, in one statement.
func (s *Store) CreateIssue(ctx context.Context, is hypercare.Issue) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if err := store.ValidateIssue(is); err != nil {
		return fmt.Errorf("postgres: create issue: %w", err)
	}
	ctx = context.WithoutCancel(ctx)
	var c eventColumns
	for _, e := range is.Events() {
		c.add(e)
	}
	fix, fixNS := optTime(is.FixExpected)
	args := []any{toText(string(is.Engagement)), toText(string(is.ID)), is.Len(), 0,
		c.types, c.ats, c.ns, c.severities, c.kinds, c.teams, c.persons, c.reasons,
		toText(is.Title), toText(is.Workaround), fix, fixNS}
	args = append(args, stateArgs(is)...)
	change := Change{Kind: ChangeIssue, Engagement: is.Engagement, Issue: is.ID, Version: is.Len()}
	var uid int64
	err = s.pool.QueryRow(ctx, `WITH target AS (
		INSERT INTO issues (engagement, id, version, title, workaround, fix_expected, fix_expected_ns,
		                    status, severity, kind, team, opened_at, resolved_at)
		VALUES ($1, $2, $3, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
		RETURNING engagement, id, uid
	), ins AS (`+insertEvents+`)
	SELECT uid FROM target`, args...).Scan(&uid)
	switch pgCode(err) {
	case "":
		s.cache.put(is.Engagement, is.ID, uid, is)
		s.announce(change)
		return nil
	case uniqueViolation:
		return fmt.Errorf("postgres: create %s: %w", issueName(is.Engagement, is.ID), store.ErrExists)
	case foreignKeyViolation:
		return fmt.Errorf("postgres: create %s: engagement %q: %w", issueName(is.Engagement, is.ID), is.Engagement, store.ErrNotFound)
	}
	return fmt.Errorf("postgres: create %s: %w", issueName(is.Engagement, is.ID), err)
}

// ImportIssues implements store.Store.ImportIssues: the issues and their
// events are copied in with COPY, in one transaction.
func (s *Store) ImportIssues(ctx context.Context, issues []hypercare.Issue) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	type key struct {
		eng hypercare.EngagementID
		id  hypercare.IssueID
	}
	seen := make(map[key]bool, len(issues))
	engs := map[hypercare.EngagementID]bool{}
	for _, is := range issues {
		if err := store.ValidateIssue(is); err != nil {
			return fmt.Errorf("postgres: import issues: %w", err)
		}
		k := key{is.Engagement, is.ID}
		if seen[k] {
			return fmt.Errorf("postgres: import issues: %s listed twice: %w", issueName(is.Engagement, is.ID), store.ErrExists)
		}
		seen[k] = true
		engs[is.Engagement] = true
	}
	if len(issues) == 0 {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	// The rows are made as COPY reads them, into one reused slice.
	i := 0
	issueRow := make([]any, 13)
	issueRows := pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(issues) {
			return nil, nil
		}
		is := issues[i]
		i++
		fix, fixNS := optTime(is.FixExpected)
		st := is.State()
		issueRow[0], issueRow[1], issueRow[2] = toText(string(is.Engagement)), toText(string(is.ID)), int32(is.Len())
		issueRow[3], issueRow[4], issueRow[5], issueRow[6] = toText(is.Title), toText(is.Workaround), fix, fixNS
		issueRow[7], issueRow[8], issueRow[9], issueRow[10] = name(st.Status), nullInt(int(st.Severity)), name(st.Kind), name(st.Team)
		issueRow[11], issueRow[12] = nullTime(st.Opened), nullTime(st.Resolved)
		return issueRow, nil
	})
	j, k := 0, 0 // issue, event
	var events []hypercare.Event
	var eng, id string
	eventRow := make([]any, 11)
	eventRows := pgx.CopyFromFunc(func() ([]any, error) {
		for k == len(events) {
			if j == len(issues) {
				return nil, nil
			}
			events, k = issues[j].Events(), 0
			eng, id = toText(string(issues[j].Engagement)), toText(string(issues[j].ID))
			j++
		}
		e := events[k]
		k++
		at, ns := splitTime(e.At)
		eventRow[0], eventRow[1], eventRow[2], eventRow[3], eventRow[4], eventRow[5] = eng, id, int32(k), e.Type.String(), at, ns
		eventRow[6], eventRow[7], eventRow[8] = nullInt(int(e.Severity)), name(e.Kind), name(e.Team)
		eventRow[9], eventRow[10] = nullText(string(e.Person)), nullText(e.Reason)
		return eventRow, nil
	})
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"issues"},
			[]string{"engagement", "id", "version", "title", "workaround", "fix_expected", "fix_expected_ns",
				"status", "severity", "kind", "team", "opened_at", "resolved_at"},
			issueRows); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events"},
			[]string{"engagement", "issue", "seq", "type", "at", "at_ns", "severity", "kind", "team", "person", "reason"},
			eventRows); err != nil {
			return err
		}
		return nil
	})
	switch pgCode(err) {
	case "":
		for eng := range engs {
			s.announce(Change{Kind: ChangeIssue, Engagement: eng})
		}
		return nil
	case uniqueViolation:
		return fmt.Errorf("postgres: import issues: an issue is already stored: %w", store.ErrExists)
	case foreignKeyViolation:
		return fmt.Errorf("postgres: import issues: an engagement is not stored: %w", store.ErrNotFound)
	}
	return fmt.Errorf("postgres: import issues: %w", err)
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	t := toText(s)
	return &t
}

// AppendEvents implements store.Store.AppendEvents. It validates the
// events with store.WithEvents against the issue at version — as this
// store last wrote or read it, or else read now — and writes in one
// statement that updates the issue only if it is still that issue at that
// version, and inserts the events at positions version+1...: a writer that
// got there first, in any process, makes it fail with ErrConflict. So a
// writer that appends to what it wrote last needs one round trip.
func (s *Store) AppendEvents(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int, events ...hypercare.Event) (hypercare.Issue, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return hypercare.Issue{}, err
	}
	defer end()
	ctx = context.WithoutCancel(ctx)
	if c, ok := s.cache.get(eng, id); ok && c.is.Len() == version && len(events) > 0 {
		// Only a success counts: the cache may be stale, so a refusal is
		// decided on the issue read below.
		if _, err := store.WithEvents(c.is, version, events...); err == nil {
			is, err := s.appendAt(ctx, c, version, events)
			if !errors.Is(err, store.ErrConflict) {
				return is, err
			}
			// Someone else wrote, or the issue is another: read it to say.
		}
	}
	stored, uid, err := s.issue(ctx, eng, id)
	if err != nil {
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s: %w", issueName(eng, id), err)
	}
	if len(events) == 0 {
		is, err := store.WithEvents(stored, version)
		if err != nil {
			return hypercare.Issue{}, fmt.Errorf("postgres: append to %s: %w", issueName(eng, id), err)
		}
		return is, nil
	}
	return s.appendAt(ctx, cachedIssue{uid, stored}, version, events)
}

// appendAt appends events to c.is, the issue with uid c.uid at version.
func (s *Store) appendAt(ctx context.Context, c cachedIssue, version int, events []hypercare.Event) (hypercare.Issue, error) {
	eng, id := c.is.Engagement, c.is.ID
	is, err := store.WithEvents(c.is, version, events...)
	if err != nil {
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s: %w", issueName(eng, id), err)
	}
	var cols eventColumns
	for _, e := range events {
		cols.add(e)
	}
	args := []any{toText(string(eng)), toText(string(id)), is.Len(), version,
		cols.types, cols.ats, cols.ns, cols.severities, cols.kinds, cols.teams, cols.persons, cols.reasons}
	args = append(args, stateArgs(is)...)
	args = append(args, c.uid)
	var (
		title, work string
		fix         pgtype.Timestamptz
		fixNS       int16
	)
	// The details come from the row written: another process may have
	// changed them (UpdateIssue) without changing the version.
	err = s.pool.QueryRow(ctx, `WITH target AS (
		UPDATE issues SET version = $3, status = $13, severity = $14, kind = $15, team = $16, opened_at = $17, resolved_at = $18
		WHERE engagement = $1 AND id = $2 AND version = $4 AND uid = $19
		RETURNING engagement, id, title, workaround, fix_expected, fix_expected_ns
	), ins AS (`+insertEvents+`)
	SELECT title, workaround, fix_expected, fix_expected_ns FROM target`, args...).Scan(&title, &work, &fix, &fixNS)
	if err == pgx.ErrNoRows || pgCode(err) == uniqueViolation {
		// Not that issue at that version any more, or another writer
		// took the positions: a conflict.
		s.cache.drop(eng, id)
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s at version %d: another writer got there first: %w", issueName(eng, id), version, store.ErrConflict)
	}
	if err != nil {
		s.cache.drop(eng, id)
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s: %w", issueName(eng, id), err)
	}
	is.Title, is.Workaround, is.FixExpected = fromText(title), fromText(work), time.Time{}
	if fix.Valid {
		is.FixExpected = fix.Time.Add(time.Duration(fixNS))
	}
	s.cache.put(eng, id, c.uid, is)
	s.announce(Change{Kind: ChangeIssue, Engagement: eng, Issue: id, Version: is.Len()})
	return is, nil
}

// UpdateIssue implements store.Store.UpdateIssue: the details are written
// only if the issue is still at version is.Len(), checked in the UPDATE.
func (s *Store) UpdateIssue(ctx context.Context, is hypercare.Issue) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	ctx = context.WithoutCancel(ctx)
	stored, _, err := s.issue(ctx, is.Engagement, is.ID)
	if err != nil {
		return fmt.Errorf("postgres: update %s: %w", issueName(is.Engagement, is.ID), err)
	}
	updated, err := store.WithDetails(stored, is)
	if err != nil {
		return fmt.Errorf("postgres: update %s: %w", issueName(is.Engagement, is.ID), err)
	}
	fix, fixNS := optTime(updated.FixExpected)
	args := []any{toText(string(is.Engagement)), toText(string(is.ID)), is.Len(),
		toText(updated.Title), toText(updated.Workaround), fix, fixNS}
	change := Change{Kind: ChangeIssue, Engagement: is.Engagement, Issue: is.ID, Version: is.Len()}
	var n int
	err = s.pool.QueryRow(ctx, `WITH target AS (
		UPDATE issues SET title = $4, workaround = $5, fix_expected = $6, fix_expected_ns = $7
		WHERE engagement = $1 AND id = $2 AND version = $3
		RETURNING engagement, id
	) SELECT (SELECT count(*) FROM target)`, args...).Scan(&n)
	if err != nil {
		return fmt.Errorf("postgres: update %s: %w", issueName(is.Engagement, is.ID), err)
	}
	if n == 0 {
		return fmt.Errorf("postgres: update %s at version %d: another writer got there first: %w", issueName(is.Engagement, is.ID), is.Len(), store.ErrConflict)
	}
	s.announce(change)
	return nil
}

// Issue implements store.Store.Issue.
func (s *Store) Issue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return hypercare.Issue{}, err
	}
	defer end()
	is, uid, err := s.issue(ctx, eng, id)
	if err != nil {
		return hypercare.Issue{}, fmt.Errorf("postgres: %s: %w", issueName(eng, id), err)
	}
	s.cache.put(eng, id, uid, is)
	return is, nil
}

// selectIssues reads issues with their events, one row per event (or one
// for an issue without events), in key and timeline order.
const selectIssues = `SELECT i.engagement, i.id, i.uid, i.title, i.workaround, i.fix_expected, i.fix_expected_ns,
	e.type, e.at, e.at_ns, e.severity, e.kind, e.team, e.person, e.reason
	FROM issues i LEFT JOIN events e ON e.engagement = i.engagement AND e.issue = i.id`

// issue reads one issue and its uid, in one statement (one snapshot).
func (s *Store) issue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, int64, error) {
	rows, err := s.pool.Query(ctx, selectIssues+` WHERE i.engagement = $1 AND i.id = $2 ORDER BY e.seq`, toText(string(eng)), toText(string(id)))
	if err != nil {
		return hypercare.Issue{}, 0, err
	}
	var found *cachedIssue
	err = scanIssues(rows, func(is hypercare.Issue, uid int64) error { found = &cachedIssue{uid, is}; return nil })
	if err != nil {
		return hypercare.Issue{}, 0, err
	}
	if found == nil {
		return hypercare.Issue{}, 0, store.ErrNotFound
	}
	return found.is, found.uid, nil
}

// scanIssues turns rows of selectIssues into issues, calling fn for each.
// The columns repeated on every event row are read as bytes the driver
// owns and turned into strings once per issue.
func scanIssues(rows pgx.Rows, fn func(hypercare.Issue, int64) error) error {
	defer rows.Close()
	var (
		cur                  hypercare.Issue
		events               []hypercare.Event
		have                 bool
		eng, id, title, work pgtype.DriverBytes
		fix                  pgtype.Timestamptz
		fixNS                int16
		typ, kind, team      pgtype.DriverBytes
		person, why          pgtype.Text
		at                   pgtype.Timestamptz
		atNS, sev            pgtype.Int2
		lastEng, lastID      []byte
		uid, curUID          int64
	)
	flush := func() error {
		if !have {
			return nil
		}
		if err := cur.Append(events...); err != nil {
			return fmt.Errorf("%w: %s: the stored timeline is invalid: %w", store.ErrCorrupt, issueName(cur.Engagement, cur.ID), err)
		}
		events = events[:0]
		return fn(cur, curUID)
	}
	for rows.Next() {
		if err := rows.Scan(&eng, &id, &uid, &title, &work, &fix, &fixNS, &typ, &at, &atNS, &sev, &kind, &team, &person, &why); err != nil {
			return err
		}
		if !have || !bytes.Equal(eng, lastEng) || !bytes.Equal(id, lastID) {
			if err := flush(); err != nil {
				return err
			}
			have, curUID = true, uid
			lastEng, lastID = append(lastEng[:0], eng...), append(lastID[:0], id...)
			cur = hypercare.Issue{Engagement: hypercare.EngagementID(fromText(string(eng))), ID: hypercare.IssueID(fromText(string(id))),
				Title: fromText(string(title)), Workaround: fromText(string(work))}
			if fix.Valid {
				cur.FixExpected = fix.Time.Add(time.Duration(fixNS))
			}
		}
		if typ == nil {
			continue // an issue without events
		}
		e := hypercare.Event{Type: eventTypes[string(typ)], At: at.Time.Add(time.Duration(atNS.Int16)),
			Severity: hypercare.Severity(sev.Int16), Kind: kinds[string(kind)], Team: teams[string(team)],
			Person: hypercare.PersonID(fromText(person.String)), Reason: fromText(why.String)}
		if e.Type == 0 || kind != nil && e.Kind == 0 || team != nil && e.Team == 0 {
			return fmt.Errorf("%w: %s: an event with an unknown type, kind or team", store.ErrCorrupt, issueName(cur.Engagement, cur.ID))
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// Issues implements store.Store.Issues. The listing is read in one
// statement (one snapshot) before the first issue is yielded.
func (s *Store) Issues(ctx context.Context, f store.IssueFilter) iter.Seq2[hypercare.Issue, error] {
	return func(yield func(hypercare.Issue, error) bool) {
		list, err := s.issues(ctx, f)
		if err != nil {
			yield(hypercare.Issue{}, fmt.Errorf("postgres: issues: %w", err))
			return
		}
		for _, is := range list {
			if !yield(*is, nil) {
				return
			}
		}
	}
}

// issues reads the issues f keeps, as pointers: a slice of 100,000 issue
// values grown by append costs more than the reading.
func (s *Store) issues(ctx context.Context, f store.IssueFilter) ([]*hypercare.Issue, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	if err := f.Validate(); err != nil {
		return nil, err
	}
	q, args := selectIssues, []any{}
	if f.Engagement != "" {
		q, args = q+` WHERE i.engagement = $1`, append(args, toText(string(f.Engagement)))
	}
	rows, err := s.pool.Query(ctx, q+` ORDER BY i.engagement, i.id, e.seq`, args...)
	if err != nil {
		return nil, err
	}
	var out []*hypercare.Issue
	err = scanIssues(rows, func(is hypercare.Issue, _ int64) error {
		if f.Match(is) {
			out = append(out, &is)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The escaped keys of strings that text cannot hold sort elsewhere than
	// their bytes; the order is CompareIssues'.
	byKey := func(a, b *hypercare.Issue) int { return store.CompareIssues(*a, *b) }
	if !slices.IsSortedFunc(out, byKey) {
		slices.SortFunc(out, byKey)
	}
	return out, nil
}

// cachedIssue is an issue as this store last wrote or read it, with the
// uid of its row.
type cachedIssue struct {
	uid int64
	is  hypercare.Issue
}

type issueKey struct {
	eng hypercare.EngagementID
	id  hypercare.IssueID
}

// issueCache keeps the issues this store last wrote or read, to validate
// appends without reading them again. It is never read as the truth: the
// append statement checks that the row is still that uid at that version.
type issueCache struct {
	mu sync.Mutex
	m  map[issueKey]cachedIssue
}

// cacheMax bounds the cache; when full, it starts again empty.
const cacheMax = 8192

func (c *issueCache) get(eng hypercare.EngagementID, id hypercare.IssueID) (cachedIssue, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ci, ok := c.m[issueKey{eng, id}]
	return ci, ok
}

func (c *issueCache) put(eng hypercare.EngagementID, id hypercare.IssueID, uid int64, is hypercare.Issue) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= cacheMax {
		c.m = make(map[issueKey]cachedIssue)
	}
	c.m[issueKey{eng, id}] = cachedIssue{uid, is}
}

func (c *issueCache) drop(eng hypercare.EngagementID, id hypercare.IssueID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, issueKey{eng, id})
}
