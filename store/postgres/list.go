package postgres

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// A listing reads the issues and their events as two queries, each in
// primary-key order, in one read-only REPEATABLE READ transaction (one
// snapshot), and merges them here: a join would send an issue's columns
// again with each of its events. Both queries return their columns in
// binary format, decoded straight from the driver's bytes (timeCol, int2Col),
// and the strings that repeat are made once per listing (text).

// Issues implements store.Store.Issues. The listing is read in one
// snapshot before the first issue is yielded.
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

const (
	listIssues = `SELECT engagement, id, title, workaround, fix_expected, fix_expected_ns, updated, updated_ns FROM issues`
	listEvents = `SELECT engagement, issue, type, at, at_ns, severity, kind, team, person, reason, source_id FROM events`
)

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
	where, args := "", []any{pgx.QueryResultFormats{pgx.BinaryFormatCode}}
	if f.Engagement != "" {
		where, args = ` WHERE engagement = $1`, append(args, toText(string(f.Engagement)))
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // read-only: nothing to commit
	var l issueListing
	if err := l.readIssues(ctx, tx, listIssues+where+` ORDER BY engagement, id`, args); err != nil {
		return nil, err
	}
	if err := l.readEvents(ctx, tx, listEvents+where+` ORDER BY engagement, issue, seq`, args); err != nil {
		return nil, err
	}
	out := l.issues[:0]
	for _, is := range l.issues {
		if f.Match(*is) {
			out = append(out, is)
		}
	}
	// The escaped keys of strings that text cannot hold sort elsewhere than
	// their bytes; the order is CompareIssues'.
	byKey := func(a, b *hypercare.Issue) int { return store.CompareIssues(*a, *b) }
	if !slices.IsSortedFunc(out, byKey) {
		slices.SortFunc(out, byKey)
	}
	return out, nil
}

// issueListing is a listing of issues being read.
type issueListing struct {
	issues []*hypercare.Issue
	keys   []byte // the issues' keys as stored, each engagement then id
	ends   []int  // where each issue's id ends in keys, after its engagement's end
	memo   map[string]string
}

// key returns the stored engagement and id of issue i.
func (l *issueListing) key(i int) (eng, id []byte) {
	start := 0
	if i > 0 {
		start = l.ends[2*i-1]
	}
	return l.keys[start:l.ends[2*i]], l.keys[l.ends[2*i]:l.ends[2*i+1]]
}

// issueChunk is the most issues allocated at once: a chunk is as large as
// the issues read so far, from 16 up to issueChunk.
const issueChunk = 1024

func (l *issueListing) readIssues(ctx context.Context, tx pgx.Tx, sql string, args []any) error {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var chunk []hypercare.Issue
	for rows.Next() {
		v := rows.RawValues()
		if len(v) != 8 {
			return fmt.Errorf("%w: issues: %d columns, want 8", store.ErrCorrupt, len(v))
		}
		if len(chunk) == 0 {
			chunk = make([]hypercare.Issue, min(max(16, len(l.issues)), issueChunk))
		}
		is := &chunk[0]
		chunk = chunk[1:]
		is.Engagement, is.ID = hypercare.EngagementID(l.text(v[0])), hypercare.IssueID(fromText(string(v[1])))
		is.Title, is.Workaround = l.text(v[2]), l.text(v[3])
		var err error
		if is.FixExpected, err = optTimeCol(v[4], v[5]); err == nil {
			is.Updated, err = optTimeCol(v[6], v[7])
		}
		if err != nil {
			return fmt.Errorf("%w: %s: %w", store.ErrCorrupt, issueName(is.Engagement, is.ID), err)
		}
		l.keys = append(l.keys, v[0]...)
		l.ends = append(l.ends, len(l.keys))
		l.keys = append(l.keys, v[1]...)
		l.ends = append(l.ends, len(l.keys))
		l.issues = append(l.issues, is)
	}
	return rows.Err()
}

// readEvents reads the events of the issues read, merging the rows with
// them in key order; rows without an issue (which no write of the store
// leaves) are skipped. The rows of an issue's events are its timeline and then its
// held events: inserted in that order into an empty issue, they give it
// again.
func (l *issueListing) readEvents(ctx context.Context, tx pgx.Tx, sql string, args []any) error {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var events []hypercare.Event
	i := -1 // the issue whose events are in events
	flush := func() error {
		if i < 0 || len(events) == 0 {
			return nil
		}
		is := l.issues[i]
		if _, err := is.Insert(events...); err != nil {
			return fmt.Errorf("%w: %s: the stored timeline is invalid: %w", store.ErrCorrupt, issueName(is.Engagement, is.ID), err)
		}
		events = events[:0]
		return nil
	}
	next := 0 // the first issue the rows have not reached
	for rows.Next() {
		v := rows.RawValues()
		if len(v) != 11 {
			return fmt.Errorf("%w: events: %d columns, want 11", store.ErrCorrupt, len(v))
		}
		if i >= 0 {
			if eng, id := l.key(i); !bytes.Equal(eng, v[0]) || !bytes.Equal(id, v[1]) {
				if err := flush(); err != nil {
					return err
				}
				i = -1
			}
		}
		for i < 0 && next < len(l.issues) {
			eng, id := l.key(next)
			c := bytes.Compare(eng, v[0])
			if c == 0 {
				c = bytes.Compare(id, v[1])
			}
			if c > 0 {
				break // a row without an issue
			}
			if c == 0 {
				i = next
			}
			next++
		}
		if i < 0 {
			continue
		}
		e, err := l.event(v)
		if err != nil {
			is := l.issues[i]
			return fmt.Errorf("%w: %s: %w", store.ErrCorrupt, issueName(is.Engagement, is.ID), err)
		}
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// event decodes the columns of listEvents after the key.
func (l *issueListing) event(v [][]byte) (hypercare.Event, error) {
	at, err := timeCol(v[3], v[4])
	if err != nil {
		return hypercare.Event{}, err
	}
	sev, err := int2Col(v[5])
	if err != nil {
		return hypercare.Event{}, err
	}
	e := hypercare.Event{
		Type: eventTypes[string(v[2])], At: at, Severity: hypercare.Severity(sev),
		Kind: kinds[string(v[6])], Team: teams[string(v[7])],
		Person: hypercare.PersonID(l.text(v[8])), Reason: l.text(v[9]), ID: hypercare.EventID(fromText(string(v[10]))),
	}
	if e.Type == 0 || v[6] != nil && e.Kind == 0 || v[7] != nil && e.Team == 0 {
		return hypercare.Event{}, fmt.Errorf("an event with an unknown type, kind or team")
	}
	return e, nil
}

// memoMax bounds the strings a listing remembers.
const memoMax = 4096

// text returns the string a text column b keeps (fromText), made once per
// listing for the first memoMax strings: engagements, people, reasons and
// often titles repeat.
func (l *issueListing) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := l.memo[string(b)]; ok {
		return s
	}
	s := fromText(string(b))
	if l.memo == nil {
		l.memo = make(map[string]string)
	}
	if len(l.memo) < memoMax {
		l.memo[string(b)] = s
	}
	return s
}

// y2k is where PostgreSQL's binary timestamps count from, in Unix
// microseconds.
const y2k = 946684800 * 1000000

// timeCol decodes a timestamptz column in binary format (microseconds
// since 2000-01-01 UTC) and the nanoseconds column beside it, as pgx would
// (a time in time.Local).
func timeCol(at, ns []byte) (time.Time, error) {
	if len(at) != 8 {
		return time.Time{}, fmt.Errorf("a timestamptz of %d bytes", len(at))
	}
	us := int64(binary.BigEndian.Uint64(at))
	if us == math.MaxInt64 || us == math.MinInt64 || us > math.MaxInt64-y2k {
		return time.Time{}, fmt.Errorf("an infinite or out-of-range time")
	}
	n, err := int2Col(ns)
	if err != nil {
		return time.Time{}, err
	}
	us += y2k
	return time.Unix(us/1000000, (us%1000000)*1000+int64(n)), nil
}

// optTimeCol is timeCol for a column that may be NULL: the zero time.
func optTimeCol(at, ns []byte) (time.Time, error) {
	if at == nil {
		return time.Time{}, nil
	}
	return timeCol(at, ns)
}

// int2Col decodes a smallint column in binary format; NULL is 0.
func int2Col(b []byte) (int16, error) {
	switch len(b) {
	case 0:
		if b == nil {
			return 0, nil
		}
	case 2:
		return int16(binary.BigEndian.Uint16(b)), nil
	}
	return 0, fmt.Errorf("a smallint of %d bytes", len(b))
}
