// Package csv reads helpdesk events from CSV, one row per event (an audit
// or history line), with the columns and the time layout given explicitly.
//
// Each row becomes one hypercare.Update: the ticket column names the
// ticket, the event-ID column the update's identity (so re-reading a file
// adds nothing), the time column its instant, and the field columns the
// values after the event and, where the file has them, before it. A
// Mapping (hypercare.Mapping) turns the updates into events.
//
// A time without an offset is read in Config.Zone, which must then be set;
// a local time that does not exist there (skipped by a DST change) or
// exists twice (repeated by one) is an error naming the row, never a guess.
// A zone abbreviation (CET, CEST) is read as Zone's, and one Zone does not
// have is an error: abbreviations are ambiguous (IST is three zones). UTC
// and GMT ("GMT+3" too) need no Zone.
//
// The package does no I/O of its own: it reads an io.Reader a row at a
// time, so memory does not grow with the file.
package csv

import (
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
)

// Columns names the header of each column the reader uses; an empty name
// means the file has no such column. Ticket, EventID and At are required.
type Columns struct {
	Ticket  string `json:"ticket"`
	EventID string `json:"event_id"`
	At      string `json:"at"`
	// Created holds true on the row that created the ticket (any value
	// strconv.ParseBool accepts; empty is false).
	Created string `json:"created,omitempty"`
	// Status, Priority, Type, Group and Assignee hold a field's value after
	// the event, empty if the event did not set it; the *From columns its
	// value before.
	Status       string `json:"status,omitempty"`
	StatusFrom   string `json:"status_from,omitempty"`
	Priority     string `json:"priority,omitempty"`
	PriorityFrom string `json:"priority_from,omitempty"`
	Type         string `json:"type,omitempty"`
	TypeFrom     string `json:"type_from,omitempty"`
	Group        string `json:"group,omitempty"`
	GroupFrom    string `json:"group_from,omitempty"`
	Assignee     string `json:"assignee,omitempty"`
	AssigneeFrom string `json:"assignee_from,omitempty"`
	// Reply holds true on a row that is a public reply; By who acted.
	Reply string `json:"reply,omitempty"`
	By    string `json:"by,omitempty"`
}

// Config says how to read a file.
type Config struct {
	Columns Columns `json:"columns"`
	// Layout is the time layout of the At column, as for time.Parse, such
	// as "2006-01-02 15:04" or time.RFC3339. Required.
	Layout string `json:"layout"`
	// Zone is where a time without an offset is read; required when
	// Layout has no offset, and then the only zone used. A Layout with a
	// zone abbreviation ("MST") reads it as one of Zone's; UTC and GMT need
	// no Zone.
	Zone *time.Location `json:"-"`
	// Comma is the field separator; zero means ','.
	Comma rune `json:"comma,omitempty"`
}

// Record is one row: the ticket and the update the row is, and its line in
// the file (1 is the header).
type Record struct {
	Ticket hypercare.IssueID `json:"ticket"`
	Update hypercare.Update  `json:"update"`
	Line   int               `json:"line"`
}

// Reader reads the rows of a file.
type Reader struct {
	r    *stdcsv.Reader
	c    Config
	col  map[string]int // column name -> index
	line int
	err  error
}

// NewReader reads the header from r and returns a reader of its rows. It
// returns an error wrapping hypercare.ErrInvalid for a config without
// Ticket, EventID, At or Layout, a layout without an offset or zone
// abbreviation and no Zone, or
// a header that lacks a named column or names one twice.
func NewReader(r io.Reader, c Config) (*Reader, error) {
	cols := c.Columns
	switch {
	case cols.Ticket == "" || cols.EventID == "" || cols.At == "":
		return nil, invalidf("csv: config: the ticket, event ID and time columns are required")
	case c.Layout == "":
		return nil, invalidf("csv: config: no time layout")
	case !hasOffset(c.Layout) && !strings.Contains(c.Layout, "MST") && c.Zone == nil:
		return nil, invalidf("csv: config: layout %q has no offset: give the zone its times are in", c.Layout)
	}
	cr := stdcsv.NewReader(r)
	if c.Comma != 0 {
		cr.Comma = c.Comma
	}
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, invalidf("csv: no header")
		}
		return nil, invalidf("csv: header: %w", err)
	}
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimPrefix(h, "\ufeff") // a byte-order mark before the first name
		if _, dup := idx[h]; dup {
			return nil, invalidf("csv: header names column %q twice", h)
		}
		idx[h] = i
	}
	for _, name := range cols.names() {
		if name == "" {
			continue
		}
		if _, ok := idx[name]; !ok {
			return nil, invalidf("csv: header has no column %q", name)
		}
	}
	return &Reader{r: cr, c: c, col: idx, line: 1}, nil
}

func (c Columns) names() []string {
	return []string{c.Ticket, c.EventID, c.At, c.Created, c.Status, c.StatusFrom, c.Priority, c.PriorityFrom,
		c.Type, c.TypeFrom, c.Group, c.GroupFrom, c.Assignee, c.AssigneeFrom, c.Reply, c.By}
}

// hasOffset reports whether layout reads a numeric zone offset. (A zone
// abbreviation does not count: time.Parse gives one it does not know an
// offset of zero, silently.)
func hasOffset(layout string) bool {
	return strings.Contains(layout, "Z07") || strings.Contains(layout, "-07")
}

// Next returns the next row. It returns io.EOF after the last one, and an
// error wrapping hypercare.ErrInvalid that names the line, the column and
// the value for a malformed row: no ticket or event ID, a time that does
// not parse or does not exist, or exists twice, in Zone, a created or reply
// value that is not a boolean. After an error every call returns it.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	rec, err := r.next()
	if err != nil {
		if err != io.EOF {
			err = invalidf("csv: line %d: %w", r.line, err)
		}
		r.err = err
	}
	return rec, err
}

func (r *Reader) next() (Record, error) {
	row, err := r.r.Read()
	if err != nil {
		var pe *stdcsv.ParseError
		if errors.As(err, &pe) {
			r.line = pe.Line
			return Record{}, pe.Err
		}
		return Record{}, err
	}
	r.line, _ = r.r.FieldPos(0)
	get := func(name string) string {
		if name == "" {
			return ""
		}
		return strings.TrimSpace(row[r.col[name]])
	}
	cols := r.c.Columns
	rec := Record{Ticket: hypercare.IssueID(get(cols.Ticket)), Line: r.line}
	u := hypercare.Update{ID: hypercare.EventID(get(cols.EventID)), By: get(cols.By)}
	switch {
	case rec.Ticket == "":
		return Record{}, fmt.Errorf("column %q: no ticket", cols.Ticket)
	case u.ID == "":
		return Record{}, fmt.Errorf("column %q: no event ID", cols.EventID)
	}
	if u.At, err = r.parseTime(get(cols.At)); err != nil {
		return Record{}, fmt.Errorf("column %q: %w", cols.At, err)
	}
	for _, b := range []struct {
		col string
		dst *bool
	}{{cols.Created, &u.Created}, {cols.Reply, &u.Reply}} {
		if v := get(b.col); v != "" {
			if *b.dst, err = strconv.ParseBool(v); err != nil {
				return Record{}, fmt.Errorf("column %q: %q is not true or false", b.col, v)
			}
		}
	}
	for _, f := range []struct {
		to, from string
		dst      **hypercare.Change
	}{
		{cols.Status, cols.StatusFrom, &u.Status}, {cols.Priority, cols.PriorityFrom, &u.Priority},
		{cols.Type, cols.TypeFrom, &u.Type}, {cols.Group, cols.GroupFrom, &u.Group},
		{cols.Assignee, cols.AssigneeFrom, &u.Assignee},
	} {
		to, from := get(f.to), get(f.from)
		if to != "" || from != "" {
			*f.dst = &hypercare.Change{From: from, To: to}
		}
	}
	rec.Update = u
	return rec, nil
}

// parseTime reads s with the layout, in Zone when the layout has no offset,
// and rejects a local time Zone skips or repeats, and a zone abbreviation
// Zone does not have.
func (r *Reader) parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, errors.New("no time")
	}
	if !hasOffset(r.c.Layout) && strings.Contains(r.c.Layout, "MST") {
		zone := r.c.Zone
		if zone == nil {
			zone = time.UTC
		}
		t, err := time.ParseInLocation(r.c.Layout, s, zone)
		if err != nil {
			return time.Time{}, fmt.Errorf("time %q does not match layout %q", s, r.c.Layout)
		}
		if name, _ := t.Zone(); t.Location() != r.c.Zone && !universal(name) {
			if r.c.Zone == nil {
				return time.Time{}, fmt.Errorf("time %q: zone abbreviation %q is ambiguous: give the zone it belongs to, or the offset", s, name)
			}
			return time.Time{}, fmt.Errorf("time %q: zone abbreviation %q is not one of %s's: give the offset", s, name, r.c.Zone)
		}
		return t, nil
	}
	if hasOffset(r.c.Layout) {
		t, err := time.Parse(r.c.Layout, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("time %q does not match layout %q", s, r.c.Layout)
		}
		return t, nil
	}
	wall, err := time.Parse(r.c.Layout, s) // the wall clock, read as UTC
	if err != nil {
		return time.Time{}, fmt.Errorf("time %q does not match layout %q", s, r.c.Layout)
	}
	zone := r.c.Zone
	t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), zone)
	if !sameWall(t, wall) {
		return time.Time{}, fmt.Errorf("time %q does not exist in %s (skipped by a clock change)", s, zone)
	}
	for _, d := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
		if sameWall(t.Add(d).In(zone), wall) || sameWall(t.Add(-d).In(zone), wall) {
			return time.Time{}, fmt.Errorf("time %q happens twice in %s (repeated by a clock change): give the offset", s, zone)
		}
	}
	return t, nil
}

// universal reports whether a zone abbreviation time.Parse read names its
// own offset: UTC, UT, Z, and GMT with or without hours ("GMT+3").
func universal(name string) bool {
	return name == "UTC" || name == "UT" || name == "Z" || strings.HasPrefix(name, "GMT")
}

func sameWall(t, wall time.Time) bool {
	y, m, d := t.Date()
	wy, wm, wd := wall.Date()
	return y == wy && m == wm && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute() &&
		t.Second() == wall.Second() && t.Nanosecond() == wall.Nanosecond()
}

// Import reads the rows of r and builds an issue per ticket, in the order
// their tickets first appear, through m and hypercare.Issue.Insert, so an
// event the timeline cannot place yet is held, not lost. It returns the
// first error of NewReader, Next, the mapping or Insert (an event ID the
// file gives twice with other content: a *hypercare.EventConflictError),
// naming the line; each wraps hypercare.ErrInvalid.
func Import(r io.Reader, c Config, m hypercare.Mapping) ([]hypercare.Issue, error) {
	rd, err := NewReader(r, c)
	if err != nil {
		return nil, err
	}
	// The issues in chunks of a fixed size, joined once at the end: an Issue
	// is large, and growing one slice of them copies them all again and
	// again.
	const chunk = 1024
	var chunks [][]hypercare.Issue
	n := 0
	index := map[hypercare.IssueID]int{}
	// Each issue's events, with the line of each, inserted once at the end:
	// an issue depends on the set of its events only, and inserting row by
	// row copied each timeline once per row.
	var pending [][]hypercare.Event
	var lines [][]int
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		i, ok := index[rec.Ticket]
		if !ok {
			i, n = n, n+1
			index[rec.Ticket] = i
			if i%chunk == 0 {
				chunks = append(chunks, make([]hypercare.Issue, chunk))
			}
			chunks[i/chunk][i%chunk].ID = rec.Ticket
			pending, lines = append(pending, nil), append(lines, nil)
		}
		events, err := m.Events(rec.Ticket, rec.Update)
		if err != nil {
			return nil, fmt.Errorf("csv: line %d: %w", rec.Line, err)
		}
		pending[i] = append(pending[i], events...)
		for range events {
			lines[i] = append(lines[i], rec.Line)
		}
	}
	if n == 0 {
		return nil, nil
	}
	for i := range n {
		if err := insertAll(&chunks[i/chunk][i%chunk], pending[i], lines[i]); err != nil {
			return nil, err
		}
		pending[i], lines[i] = nil, nil
	}
	issues := make([]hypercare.Issue, 0, n)
	for _, c := range chunks {
		issues = append(issues, c[:min(chunk, n-len(issues))]...)
	}
	return issues, nil
}

// insertAll inserts events, read from the given lines, into is at once. If
// that fails, it inserts them one by one into a fresh issue to name the
// line of the first that fails: a conflict here is the file contradicting
// itself (one event ID with two contents), which is bad input, unlike a
// conflict with what a store holds.
func insertAll(is *hypercare.Issue, events []hypercare.Event, lines []int) error {
	if _, err := is.Insert(events...); err == nil {
		return nil
	}
	one := hypercare.Issue{ID: is.ID}
	for k, e := range events {
		if _, err := one.Insert(e); err != nil {
			return invalidf("csv: line %d: %w", lines[k], err)
		}
	}
	_, err := is.Insert(events...) // fails again: say so without a line
	return invalidf("csv: %w", err)
}

// invalidError marks an input error as hypercare.ErrInvalid without
// changing its message.
type invalidError struct{ err error }

func (e *invalidError) Error() string        { return e.err.Error() }
func (e *invalidError) Unwrap() error        { return e.err }
func (e *invalidError) Is(target error) bool { return target == hypercare.ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{fmt.Errorf(format, args...)}
}
