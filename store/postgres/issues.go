package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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

// The instants this store holds: timestamptz holds more, but pgx's encoding
// of a time wraps beyond year 294246, and the zero time stands for "none".
// An instant outside is refused, never stored as another.
var (
	minInstant = time.Date(1, time.January, 2, 0, 0, 0, 0, time.UTC)
	maxInstant = time.Date(9999, time.December, 31, 23, 59, 59, 999999999, time.UTC)
)

// checkInstant returns an error wrapping store.ErrInvalid, naming what and
// t, if t is neither zero nor between minInstant and maxInstant.
func checkInstant(what func() string, t time.Time) error {
	if t.IsZero() || !t.Before(minInstant) && !t.After(maxInstant) {
		return nil
	}
	return fmt.Errorf("%s: %s is outside 0001-01-02 to 9999-12-31 (UTC), the instants this store holds: %w", what(), t.Format(time.RFC3339Nano), store.ErrInvalid)
}

// checkEvents checks the instants of events of the issue named.
func checkEvents(name string, events []hypercare.Event) error {
	for i := range events {
		if err := checkInstant(func() string { return fmt.Sprintf("%s: event %q at", name, events[i].ID) }, events[i].At); err != nil {
			return err
		}
	}
	return nil
}

// validIssue is store.ValidateIssue, and the check of every instant of is
// (checkInstant).
func validIssue(is hypercare.Issue) error {
	if err := store.ValidateIssue(is); err != nil {
		return err
	}
	name := issueName(is.Engagement, is.ID)
	if err := checkDetails(is); err != nil {
		return err
	}
	for e := range is.Timeline() {
		if err := checkInstant(func() string { return fmt.Sprintf("%s: event %q at", name, e.ID) }, e.At); err != nil {
			return err
		}
	}
	for _, h := range is.Held() {
		if err := checkInstant(func() string { return fmt.Sprintf("%s: held event %q at", name, h.Event.ID) }, h.Event.At); err != nil {
			return err
		}
	}
	return nil
}

// checkDetails checks the instants of is's descriptive fields.
func checkDetails(is hypercare.Issue) error {
	name := func(field string) func() string {
		return func() string { return issueName(is.Engagement, is.ID) + ": " + field }
	}
	if err := checkInstant(name("fix_expected"), is.FixExpected); err != nil {
		return err
	}
	return checkInstant(name("updated"), is.Updated)
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

// storedEvent is an event as a row of table events keeps it: on the
// timeline, or held with the reason.
type storedEvent struct {
	e      hypercare.Event
	held   bool
	reason string
}

// The rows of an issue's events are its timeline, then its held events:
// inserting them in that order into an empty issue gives it again. Row i
// (from 0) is at position seq = i+1, and an issue at version v has v rows.

// sharedRows returns how many rows, from the first, the events of old and
// next share: the rows a write from old to next keeps. It copies old's
// timeline once and nothing else (held events are few, and usually none).
func sharedRows(old, next hypercare.Issue) int {
	before := old.Events()
	k := 0
	for e := range next.Timeline() {
		if k == len(before) || !before[k].Same(e) {
			break
		}
		k++
	}
	if k < len(before) || k < next.Len() {
		// Row k is a timeline row on one side and held (or none) on the
		// other, or two different timeline rows.
		return k
	}
	oldHeld, nextHeld := old.Held(), next.Held()
	j := 0
	for j < len(oldHeld) && j < len(nextHeld) && oldHeld[j].Reason == nextHeld[j].Reason && oldHeld[j].Event.Same(nextHeld[j].Event) {
		j++
	}
	return k + j
}

// rowsFrom appends to dst the rows of is from row k on, and returns it.
func rowsFrom(dst []storedEvent, is hypercare.Issue, k int) []storedEvent {
	i := 0
	for e := range is.Timeline() {
		if i >= k {
			dst = append(dst, storedEvent{e: e})
		}
		i++
	}
	if is.Version() > is.Len() {
		for _, h := range is.Held() {
			if i >= k {
				dst = append(dst, storedEvent{e: h.Event, held: true, reason: h.Reason})
			}
			i++
		}
	}
	return dst
}

// eventColumns holds events as the arrays insertManySQL unnests.
type eventColumns struct {
	types, kinds, teams, persons, reasons, sourceIDs, heldReasons []string
	ats                                                           []time.Time
	ns, severities                                                []int16
	held                                                          []bool
}

func (c *eventColumns) add(r storedEvent) {
	e := r.e
	at, ns := splitTime(e.At)
	c.types = append(c.types, e.Type.String())
	c.ats = append(c.ats, at)
	c.ns = append(c.ns, ns)
	c.severities = append(c.severities, int16(e.Severity))
	c.kinds = append(c.kinds, enumText(e.Kind))
	c.teams = append(c.teams, enumText(e.Team))
	c.persons = append(c.persons, toText(string(e.Person)))
	c.reasons = append(c.reasons, toText(e.Reason))
	c.sourceIDs = append(c.sourceIDs, toText(string(e.ID)))
	c.held = append(c.held, r.held)
	c.heldReasons = append(c.heldReasons, toText(r.reason))
}

// addRows adds the arguments of the statement insertRowsSQL(p, ...)
// returns for rows, which go at positions after+1...: p must be the number
// of the next parameter.
func (p *params) addRows(rows []storedEvent, after int) {
	if len(rows) == 1 {
		p.row(rows[0], after+1)
		return
	}
	var c eventColumns
	for _, r := range rows {
		c.add(r)
	}
	p.int32(after)
	for _, v := range []any{c.types, c.ats, c.ns, c.severities, c.kinds, c.teams, c.persons, c.reasons, c.sourceIDs, c.held, c.heldReasons} {
		p.add(v)
	}
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

// insertRowsSQL returns the part of a statement that inserts event rows of
// the issue ($1, $2), one per row of from (a FROM list such as "target", or
// "" for none), from parameters $p on as params.addRows adds them: one row
// from scalars, else (many is true) rows unnested from arrays.
func insertRowsSQL(p int, from string, many bool) string {
	const into = `INSERT INTO events (engagement, issue, seq, type, at, at_ns, severity, kind, team, person, reason, source_id, held, held_reason)
	`
	if !many {
		if from != "" {
			from = " FROM " + from
		}
		return into + fmt.Sprintf(`SELECT $1::text, $2::text, $%d::integer, $%d::text, $%d::timestamptz, $%d::smallint, NULLIF($%d::smallint, 0),
	       NULLIF($%d::text, ''), NULLIF($%d::text, ''), NULLIF($%d::text, ''), NULLIF($%d::text, ''), NULLIF($%d::text, ''),
	       $%d::boolean, CASE WHEN $%d::boolean THEN $%d::text END`,
			p+11, p, p+1, p+2, p+3, p+4, p+5, p+6, p+7, p+8, p+9, p+9, p+10) + from
	}
	if from != "" {
		from += ", "
	}
	return into + fmt.Sprintf(`SELECT $1::text, $2::text, $%d::integer + e.ord, e.type, e.at, e.ns, NULLIF(e.sev, 0),
	       NULLIF(e.kind, ''), NULLIF(e.team, ''), NULLIF(e.person, ''), NULLIF(e.reason, ''), NULLIF(e.sid, ''),
	       e.held, CASE WHEN e.held THEN e.why END
	FROM %sunnest($%d::text[], $%d::timestamptz[], $%d::smallint[], $%d::smallint[], $%d::text[], $%d::text[], $%d::text[], $%d::text[],
	                    $%d::text[], $%d::boolean[], $%d::text[])
	     WITH ORDINALITY AS e(type, at, ns, sev, kind, team, person, reason, sid, held, why, ord)`,
		p, from, p+1, p+2, p+3, p+4, p+5, p+6, p+7, p+8, p+9, p+10, p+11)
}

// stateSQL sets the issue's derived columns from parameters $p to $p+5
// (params.state).
func stateSQL(p int) string {
	return fmt.Sprintf(`status = NULLIF($%d::text, ''), severity = NULLIF($%d::smallint, 0), kind = NULLIF($%d::text, ''),
	team = NULLIF($%d::text, ''), opened_at = $%d::timestamptz, resolved_at = $%d::timestamptz`, p, p+1, p+2, p+3, p+4, p+5)
}

// detailSQL sets the issue's descriptive columns from parameters $p to
// $p+5 (params.details).
func detailSQL(p int) string {
	return fmt.Sprintf(`title = $%d::text, workaround = $%d::text, fix_expected = $%d::timestamptz, fix_expected_ns = $%d::smallint,
	updated = $%d::timestamptz, updated_ns = $%d::smallint`, p, p+1, p+2, p+3, p+4, p+5)
}

// stateArgs are the issue's derived columns: status, severity, kind,
// team, opened_at, resolved_at.
func stateArgs(is hypercare.Issue) []any {
	st := is.State()
	return []any{name(st.Status), nullInt(int(st.Severity)), name(st.Kind), name(st.Team), nullTime(st.Opened), nullTime(st.Resolved)}
}

// detailArgs are the issue's descriptive columns: title, workaround,
// fix_expected, fix_expected_ns, updated, updated_ns.
func detailArgs(is hypercare.Issue) []any {
	fix, fixNS := optTime(is.FixExpected)
	upd, updNS := optTime(is.Updated)
	return []any{toText(is.Title), toText(is.Workaround), fix, fixNS, upd, updNS}
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

// querier is what the store queries through: the pool, or a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// errNoEngagement: an issue to create names an engagement that is not
// stored.
var errNoEngagement = errors.New("no such engagement")

// The statements of insertIssue, by the number of event rows: one, or any
// other number.
var insertIssueSQL = [2]string{insertIssueStatement(false), insertIssueStatement(true)}

func insertIssueStatement(many bool) string {
	return `WITH eng AS (
		SELECT FROM engagements WHERE id = $1 FOR KEY SHARE
	), target AS (
		INSERT INTO issues (engagement, id, version, title, workaround, fix_expected, fix_expected_ns, updated, updated_ns,
		                    status, severity, kind, team, opened_at, resolved_at)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, NULLIF($10::text, ''), NULLIF($11::smallint, 0), NULLIF($12::text, ''),
		       NULLIF($13::text, ''), $14, $15
		WHERE $1 = '' OR EXISTS (SELECT FROM eng)
		RETURNING uid
	), ins AS (` + insertRowsSQL(16, "target", many) + `)
	SELECT uid FROM target`
}

// insertIssue inserts the new issue is with its events, in one statement,
// and returns the uid of its row. Its engagement, unless "", must exist: it
// is locked FOR KEY SHARE until the transaction ends (see migration 3), and
// errNoEngagement returned if it is not there.
func insertIssue(ctx context.Context, q querier, is hypercare.Issue) (int64, error) {
	var buf [1]storedEvent
	rows := rowsFrom(buf[:0], is, 0)
	p := new(params)
	p.text(toText(string(is.Engagement)))
	p.text(toText(string(is.ID)))
	p.int32(is.Version())
	p.details(is)
	p.state(is)
	p.addRows(rows, 0)
	var uid int64
	err := q.QueryRow(ctx, insertIssueSQL[b2i(len(rows) != 1)], p.list...).Scan(&uid)
	if err == pgx.ErrNoRows {
		return 0, errNoEngagement
	}
	return uid, err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// shareEngagements locks the engagements of issues to create FOR KEY SHARE
// until tx ends (see migration 3), and returns a missingEngagement if one
// is not stored.
func shareEngagements(ctx context.Context, tx pgx.Tx, engs map[hypercare.EngagementID]bool) error {
	var list []string
	for e := range engs {
		if e != "" {
			list = append(list, toText(string(e)))
		}
	}
	if len(list) == 0 {
		return nil
	}
	slices.Sort(list) // one order for every locker
	var found []string
	err := tx.QueryRow(ctx, `SELECT coalesce(array_agg(id), '{}') FROM (
		SELECT id FROM engagements WHERE id = ANY($1::text[]) ORDER BY id FOR KEY SHARE
	) e`, list).Scan(&found)
	if err != nil {
		return err
	}
	for _, e := range list {
		if !slices.Contains(found, e) {
			return missingEngagement(fromText(e))
		}
	}
	return nil
}

// missingEngagement is shareEngagements' error: the engagement of an issue
// to create is not stored.
type missingEngagement hypercare.EngagementID

func (e missingEngagement) Error() string {
	return fmt.Sprintf("engagement %q is not stored", string(e))
}

// firstStored returns the first issue of issues, in key order, that is
// stored, to name it in an error; "" if there is none (any more).
func (s *Store) firstStored(ctx context.Context, issues []hypercare.Issue) string {
	engs, ids := make([]string, len(issues)), make([]string, len(issues))
	for i, is := range issues {
		engs[i], ids[i] = toText(string(is.Engagement)), toText(string(is.ID))
	}
	var eng, id string
	err := s.pool.QueryRow(ctx, `SELECT engagement, id FROM issues
		WHERE (engagement, id) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY engagement, id LIMIT 1`, engs, ids).Scan(&eng, &id)
	if err != nil {
		return ""
	}
	return issueName(hypercare.EngagementID(fromText(eng)), hypercare.IssueID(fromText(id)))
}

// CreateIssue implements store.Store.CreateIssue, in one statement.
func (s *Store) CreateIssue(ctx context.Context, is hypercare.Issue) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if err := validIssue(is); err != nil {
		return fmt.Errorf("postgres: create issue: %w", err)
	}
	ctx = context.WithoutCancel(ctx)
	change := store.Change{Kind: store.ChangeIssue, Engagement: is.Engagement, Issue: is.ID, Version: is.Version()}
	uid, err := insertIssue(ctx, s.pool, is)
	if err == errNoEngagement {
		return fmt.Errorf("postgres: create %s: engagement %q: %w", issueName(is.Engagement, is.ID), is.Engagement, store.ErrNotFound)
	}
	switch pgCode(err) {
	case "":
		s.cache.put(is.Engagement, is.ID, uid, is)
		s.announce(change)
		return nil
	case uniqueViolation:
		return fmt.Errorf("postgres: create %s: %w", issueName(is.Engagement, is.ID), store.ErrExists)
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
	seen := make(map[issueKey]bool, len(issues))
	engs := map[hypercare.EngagementID]bool{}
	for _, is := range issues {
		if err := validIssue(is); err != nil {
			return fmt.Errorf("postgres: import issues: %w", err)
		}
		k := issueKey{is.Engagement, is.ID}
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
	// In key order: imports and merges that create the same issues then
	// wait for each other in one order, never in a cycle (a deadlock); the
	// loser gets ErrExists.
	nth := keyOrder(issues)
	// The rows are made as COPY reads them, into one reused slice.
	i := 0
	issueRow := make([]any, 15)
	issueRows := pgx.CopyFromFunc(func() ([]any, error) {
		if i == len(issues) {
			return nil, nil
		}
		is := nth(i)
		i++
		issueRow[0], issueRow[1], issueRow[2] = toText(string(is.Engagement)), toText(string(is.ID)), int32(is.Version())
		copy(issueRow[3:9], detailArgs(*is))
		copy(issueRow[9:15], stateArgs(*is))
		return issueRow, nil
	})
	j, k := 0, 0 // issue, event
	var (
		events  []hypercare.Event
		held    []hypercare.HeldEvent
		eng, id string
	)
	eventRow := make([]any, 14)
	eventRows := pgx.CopyFromFunc(func() ([]any, error) {
		for k == len(events)+len(held) {
			if j == len(issues) {
				return nil, nil
			}
			is := nth(j)
			events, held, k = is.Events(), is.Held(), 0
			eng, id = toText(string(is.Engagement)), toText(string(is.ID))
			j++
		}
		var (
			e      hypercare.Event
			reason *string
		)
		if k < len(events) {
			e = events[k]
		} else {
			h := held[k-len(events)]
			e, reason = h.Event, nullText(h.Reason)
		}
		k++
		at, ns := splitTime(e.At)
		eventRow[0], eventRow[1], eventRow[2], eventRow[3], eventRow[4], eventRow[5] = eng, id, int32(k), e.Type.String(), at, ns
		eventRow[6], eventRow[7], eventRow[8] = nullInt(int(e.Severity)), name(e.Kind), name(e.Team)
		eventRow[9], eventRow[10], eventRow[11] = nullText(string(e.Person)), nullText(e.Reason), nullText(string(e.ID))
		eventRow[12], eventRow[13] = k > len(events), reason
		return eventRow, nil
	})
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := shareEngagements(ctx, tx, engs); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"issues"},
			[]string{"engagement", "id", "version", "title", "workaround", "fix_expected", "fix_expected_ns", "updated", "updated_ns",
				"status", "severity", "kind", "team", "opened_at", "resolved_at"},
			issueRows); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events"},
			[]string{"engagement", "issue", "seq", "type", "at", "at_ns", "severity", "kind", "team", "person", "reason", "source_id", "held", "held_reason"},
			eventRows); err != nil {
			return err
		}
		return nil
	})
	var missing missingEngagement
	if errors.As(err, &missing) {
		return fmt.Errorf("postgres: import issues: %w: %w", missing, store.ErrNotFound)
	}
	switch pgCode(err) {
	case "":
		for eng := range engs {
			s.announce(store.Change{Kind: store.ChangeIssue, Engagement: eng})
		}
		return nil
	case uniqueViolation:
		if name := s.firstStored(ctx, issues); name != "" {
			return fmt.Errorf("postgres: import issues: %s is already stored: %w", name, store.ErrExists)
		}
		return fmt.Errorf("postgres: import issues: an issue is already stored: %w", store.ErrExists)
	}
	return fmt.Errorf("postgres: import issues: %w", err)
}

// keyOrder returns the i-th of issues in key order (compareKeys).
func keyOrder(issues []hypercare.Issue) func(i int) *hypercare.Issue {
	sorted := true
	for i := 1; i < len(issues) && sorted; i++ {
		sorted = compareKeys(&issues[i-1], &issues[i]) <= 0
	}
	if sorted {
		return func(i int) *hypercare.Issue { return &issues[i] }
	}
	idx := make([]int32, len(issues))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return compareKeys(&issues[a], &issues[b]) })
	return func(i int) *hypercare.Issue { return &issues[idx[i]] }
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	t := toText(s)
	return &t
}

// errStale: the issue row is not the one a write read (another uid or
// version): another writer got there first.
var errStale = errors.New("stale issue")

// rewriteSQL are the statements of rewrite that update the issue and
// insert rows after all those it keeps, in one statement, returning the
// issue's descriptive columns: by details written (0 or 1) and rows
// inserted (none, one, many).
var rewriteSQL = func() (out [2][3]string) {
	for d := range 2 {
		update := `UPDATE issues SET version = $3, ` + stateSQL(6)
		p := 12
		if d == 1 {
			update += `, ` + detailSQL(12)
			p = 18
		}
		update += ` WHERE engagement = $1 AND id = $2 AND version = $4 AND uid = $5
		RETURNING title, workaround, fix_expected, fix_expected_ns, updated, updated_ns`
		out[d][0] = update
		for n, many := range []bool{false, true} {
			out[d][n+1] = `WITH target AS (` + update + `), ins AS (` + insertRowsSQL(p, "target", many) + `)
			SELECT title, workaround, fix_expected, fix_expected_ns, updated, updated_ns FROM target`
		}
	}
	return out
}()

// insertAfterSQL inserts rows after those kept, by rows inserted (one,
// many), parameters as params.addRows adds them from $3.
var insertAfterSQL = [2]string{insertRowsSQL(3, "", false), insertRowsSQL(3, "", true)}

// rewrite writes next over old, the issue with row uid at old.Version(),
// through q: its version and state (and its descriptive fields if
// withDetails), and the rows of events that differ — the rows after those
// they share are deleted and the new ones inserted. It sets next's
// descriptive fields to those of the row written (unless withDetails), and
// returns errStale if the row is not that issue at that version. keep is
// sharedRows(old, *next). Unless all it does is add rows (keep ==
// old.Version()), q must be a transaction.
func rewrite(ctx context.Context, q querier, uid int64, old hypercare.Issue, next *hypercare.Issue, keep int, withDetails bool) error {
	var buf [1]storedEvent
	rows := rowsFrom(buf[:0], *next, keep)
	p := new(params)
	p.text(toText(string(next.Engagement)))
	p.text(toText(string(next.ID)))
	p.int32(next.Version())
	p.int32(old.Version())
	p.int64(uid)
	p.state(*next)
	d := b2i(withDetails)
	// The details come from the row written: another process may have
	// changed them (UpdateIssue) without changing the version.
	set := next
	if withDetails {
		p.details(*next)
		set = nil
	}
	var err error
	switch {
	case keep == old.Version() && len(rows) == 0:
		err = scanDetails(ctx, q, set, rewriteSQL[d][0], p.list)
	case keep == old.Version(): // only new rows: one statement
		p.addRows(rows, keep)
		err = scanDetails(ctx, q, set, rewriteSQL[d][1+b2i(len(rows) > 1)], p.list)
	default:
		err = scanDetails(ctx, q, set, rewriteSQL[d][0], p.list)
		if err != nil {
			break
		}
		if _, err = q.Exec(ctx, `DELETE FROM events WHERE engagement = $1 AND issue = $2 AND seq > $3`, p.list[0], p.list[1], keep); err != nil {
			break
		}
		if len(rows) > 0 {
			ins := new(params)
			ins.add(p.list[0])
			ins.add(p.list[1])
			ins.addRows(rows, keep)
			_, err = q.Exec(ctx, insertAfterSQL[b2i(len(rows) > 1)], ins.list...)
		}
	}
	if err == pgx.ErrNoRows || pgCode(err) == uniqueViolation {
		// Not that issue at that version any more, or another writer
		// took the positions.
		return errStale
	}
	return err
}

// detailRow is the row of descriptive columns a write returns: title,
// workaround, fix_expected, fix_expected_ns, updated, updated_ns.
type detailRow struct {
	title, work  pgtype.DriverBytes
	fix, upd     pgtype.Timestamptz
	fixNS, updNS int16
}

// scanDetails runs the statement sql, which returns one detailRow, sets
// is's descriptive fields to it (unless is is nil), and returns the
// statement's error, or pgx.ErrNoRows for no row. On an error is may be
// changed.
func scanDetails(ctx context.Context, q querier, is *hypercare.Issue, sql string, args []any) error {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	var d detailRow
	if err := rows.Scan(&d.title, &d.work, &d.fix, &d.fixNS, &d.upd, &d.updNS); err != nil {
		return err
	}
	if is != nil {
		// Read before the rows close: the bytes are the driver's.
		d.setOn(is)
	}
	rows.Close()
	return rows.Err() // an error of the insert may come after the row
}

// setOn sets is's descriptive fields to d's, keeping is's strings where
// they are the same.
func (d *detailRow) setOn(is *hypercare.Issue) {
	if string(d.title) != toText(is.Title) {
		is.Title = fromText(string(d.title))
	}
	if string(d.work) != toText(is.Workaround) {
		is.Workaround = fromText(string(d.work))
	}
	is.FixExpected, is.Updated = time.Time{}, time.Time{}
	if d.fix.Valid {
		is.FixExpected = d.fix.Time.Add(time.Duration(d.fixNS))
	}
	if d.upd.Valid {
		is.Updated = d.upd.Time.Add(time.Duration(d.updNS))
	}
}

// AppendEvents implements store.Store.AppendEvents. It inserts the events
// with store.WithEvents into the issue at version — as this store last
// wrote or read it, or else read now — and writes only if the row is still
// that issue at that version: a writer that got there first, in any
// process, makes it fail with ErrConflict. Events that only add rows after
// the stored ones (events in time order, nothing held) are written in one
// statement, so a writer that appends to what it wrote last needs one
// round trip; an event that lands earlier rewrites the rows after it, in a
// transaction.
func (s *Store) AppendEvents(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int, events ...hypercare.Event) (hypercare.Issue, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return hypercare.Issue{}, err
	}
	defer end()
	if err := checkEvents(issueName(eng, id), events); err != nil {
		return hypercare.Issue{}, fmt.Errorf("postgres: append: %w", err)
	}
	ctx = context.WithoutCancel(ctx)
	if c, ok := s.cache.get(eng, id); ok && c.is.Version() == version && len(events) > 0 {
		// Only a success counts: the cache may be stale, so a refusal is
		// decided on the issue read below.
		if next, err := store.WithEvents(c.is, version, events...); err == nil {
			is, err := s.appendAt(ctx, c, version, next)
			if !errors.Is(err, store.ErrConflict) {
				return is, err
			}
			// Someone else wrote, or the issue is another: read it to say.
		}
	}
	stored, uid, err := s.issue(ctx, s.pool, eng, id)
	if err != nil {
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s: %w", issueName(eng, id), err)
	}
	next, err := store.WithEvents(stored, version, events...)
	if err != nil {
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s: %w", issueName(eng, id), err)
	}
	if len(events) == 0 {
		return next, nil
	}
	return s.appendAt(ctx, cachedIssue{uid, stored}, version, next)
}

// appendAt writes next, the issue store.WithEvents made of c.is (the issue
// with uid c.uid at version) and the events appended.
func (s *Store) appendAt(ctx context.Context, c cachedIssue, version int, next hypercare.Issue) (hypercare.Issue, error) {
	eng, id := c.is.Engagement, c.is.ID
	if next.Version() == version {
		// Only events the issue holds: nothing to write, but the version
		// is checked against the row.
		return s.checkAt(ctx, c, version)
	}
	var err error
	if keep := sharedRows(c.is, next); keep == version {
		// Only rows added: one statement.
		err = rewrite(ctx, s.pool, c.uid, c.is, &next, keep, false)
	} else {
		err = s.inTx(ctx, func(tx pgx.Tx) error {
			return rewrite(ctx, tx, c.uid, c.is, &next, keep, false)
		})
	}
	if err == errStale {
		s.cache.drop(eng, id)
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s at version %d: another writer got there first: %w", issueName(eng, id), version, store.ErrConflict)
	}
	if err != nil {
		s.cache.drop(eng, id)
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s: %w", issueName(eng, id), err)
	}
	s.cache.put(eng, id, c.uid, next)
	s.announce(store.Change{Kind: store.ChangeIssue, Engagement: eng, Issue: id, Version: next.Version()})
	return next, nil
}

// checkAt returns the issue stored as c.is's row if it is still at
// version, and ErrConflict if not.
func (s *Store) checkAt(ctx context.Context, c cachedIssue, version int) (hypercare.Issue, error) {
	eng, id := c.is.Engagement, c.is.ID
	stored, uid, err := s.issue(ctx, s.pool, eng, id)
	if err == nil && (uid != c.uid || stored.Version() != version) {
		err = fmt.Errorf("%w: %s is at version %d, not %d", store.ErrConflict, issueName(eng, id), stored.Version(), version)
	}
	if err != nil {
		s.cache.drop(eng, id)
		return hypercare.Issue{}, fmt.Errorf("postgres: append to %s: %w", issueName(eng, id), err)
	}
	s.cache.put(eng, id, uid, stored)
	return stored, nil
}

// UpdateIssue implements store.Store.UpdateIssue: the details are written
// only if the issue is still at version is.Version(), checked in the
// UPDATE.
func (s *Store) UpdateIssue(ctx context.Context, is hypercare.Issue) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if err := checkDetails(is); err != nil {
		return fmt.Errorf("postgres: update: %w", err)
	}
	ctx = context.WithoutCancel(ctx)
	stored, _, err := s.issue(ctx, s.pool, is.Engagement, is.ID)
	if err != nil {
		return fmt.Errorf("postgres: update %s: %w", issueName(is.Engagement, is.ID), err)
	}
	updated, err := store.WithDetails(stored, is)
	if err != nil {
		return fmt.Errorf("postgres: update %s: %w", issueName(is.Engagement, is.ID), err)
	}
	args := []any{toText(string(is.Engagement)), toText(string(is.ID)), is.Version()}
	args = append(args, detailArgs(updated)...)
	change := store.Change{Kind: store.ChangeIssue, Engagement: is.Engagement, Issue: is.ID, Version: is.Version()}
	var n int
	err = s.pool.QueryRow(ctx, `WITH target AS (
		UPDATE issues SET title = $4, workaround = $5, fix_expected = $6, fix_expected_ns = $7, updated = $8, updated_ns = $9
		WHERE engagement = $1 AND id = $2 AND version = $3
		RETURNING engagement, id
	) SELECT (SELECT count(*) FROM target)`, args...).Scan(&n)
	if err != nil {
		return fmt.Errorf("postgres: update %s: %w", issueName(is.Engagement, is.ID), err)
	}
	if n == 0 {
		return fmt.Errorf("postgres: update %s at version %d: another writer got there first: %w", issueName(is.Engagement, is.ID), is.Version(), store.ErrConflict)
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
	is, uid, err := s.issue(ctx, s.pool, eng, id)
	if err != nil {
		return hypercare.Issue{}, fmt.Errorf("postgres: %s: %w", issueName(eng, id), err)
	}
	s.cache.put(eng, id, uid, is)
	return is, nil
}

// selectIssues reads issues with their events, one row per event (or one
// for an issue without events), in key and timeline order.
const selectIssues = `SELECT i.engagement, i.id, i.uid, i.title, i.workaround, i.fix_expected, i.fix_expected_ns, i.updated, i.updated_ns,
	e.type, e.at, e.at_ns, e.severity, e.kind, e.team, e.person, e.reason, e.source_id
	FROM issues i LEFT JOIN events e ON e.engagement = i.engagement AND e.issue = i.id`

// issue reads one issue and its uid, in one statement (one snapshot).
func (s *Store) issue(ctx context.Context, q querier, eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, int64, error) {
	rows, err := q.Query(ctx, selectIssues+` WHERE i.engagement = $1 AND i.id = $2 ORDER BY e.seq`, toText(string(eng)), toText(string(id)))
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
// The rows of an issue's events are its timeline and then its held events:
// inserted in that order into an empty issue, they give it again.
// The columns repeated on every event row are read as bytes the driver
// owns and turned into strings once per issue.
func scanIssues(rows pgx.Rows, fn func(hypercare.Issue, int64) error) error {
	defer rows.Close()
	var (
		cur                  hypercare.Issue
		events               []hypercare.Event
		have                 bool
		eng, id, title, work pgtype.DriverBytes
		fix, upd             pgtype.Timestamptz
		fixNS, updNS         int16
		typ, kind, team      pgtype.DriverBytes
		person, why, sid     pgtype.Text
		at                   pgtype.Timestamptz
		atNS, sev            pgtype.Int2
		lastEng, lastID      []byte
		uid, curUID          int64
	)
	flush := func() error {
		if !have {
			return nil
		}
		if _, err := cur.Insert(events...); err != nil {
			return fmt.Errorf("%w: %s: the stored timeline is invalid: %w", store.ErrCorrupt, issueName(cur.Engagement, cur.ID), err)
		}
		events = events[:0]
		return fn(cur, curUID)
	}
	for rows.Next() {
		if err := rows.Scan(&eng, &id, &uid, &title, &work, &fix, &fixNS, &upd, &updNS, &typ, &at, &atNS, &sev, &kind, &team, &person, &why, &sid); err != nil {
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
			if upd.Valid {
				cur.Updated = upd.Time.Add(time.Duration(updNS))
			}
		}
		if typ == nil {
			continue // an issue without events
		}
		e := hypercare.Event{ID: hypercare.EventID(fromText(sid.String)), Type: eventTypes[string(typ)], At: at.Time.Add(time.Duration(atNS.Int16)),
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

// dropEngagement forgets the issues of engagement eng.
func (c *issueCache) dropEngagement(eng hypercare.EngagementID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.m {
		if k.eng == eng {
			delete(c.m, k)
		}
	}
}
