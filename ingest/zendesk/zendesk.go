// Package zendesk reads Zendesk Support's incremental ticket event export
// (GET /api/v2/incremental/ticket_events) into hypercare updates and issues.
//
// Each ticket event (an audit) becomes one hypercare.Update whose ID is the
// ticket event's ID; its child events say what changed: a Create or Change
// child event names the field it sets (status, priority, type, group_id or
// assignee_id) with previous_value before it, and a Comment child event
// with comment_public true is a public reply by the updater. A Mapping
// (hypercare.ZendeskMapping) turns the updates into events, so re-reading
// an export adds nothing to the issues it built.
//
// The package does no I/O of its own: it reads an io.Reader, one ticket
// event at a time, so memory does not grow with the export.
package zendesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/jsonscan"
	"github.com/hypercare-go/hypercare/ingest/internal/text"
)

// Cursor is what a page of the export says about the next one.
type Cursor struct {
	// NextPage is the URL of the next page (next_page), empty if none.
	NextPage string `json:"next_page,omitempty"`
	// EndTime is the start_time to ask for next (end_time, Unix seconds).
	EndTime int64 `json:"end_time,omitempty"`
	// EndOfStream reports that the page brought everything up to the
	// export's end (end_of_stream): stop paging.
	EndOfStream bool `json:"end_of_stream"`
	// Count is the number of ticket events the page claims (count).
	Count int `json:"count"`
}

// Record is one ticket event: the ticket it belongs to and the update it
// is. Merged lists the tickets merged into this one by the event (their
// own closing is an event of theirs). Title is the subject the event set
// (a Create or Change child event of the subject field), with control
// characters removed (see Clean); empty if it set none.
type Record struct {
	Ticket hypercare.IssueID   `json:"ticket"`
	Update hypercare.Update    `json:"update"`
	Merged []hypercare.IssueID `json:"merged,omitempty"`
	Title  string              `json:"title,omitempty"`
}

// Decoder reads the ticket events of one page of the export, in order,
// without reading the whole page into memory.
type Decoder struct {
	s      *jsonscan.Scanner
	page   *jsonscan.Page
	cursor Cursor
	err    error
	n      int // ticket events read
	// children is the child events' array, reused from one ticket event
	// to the next: record copies out what it keeps.
	children []childEvent
}

// NewDecoder returns a decoder reading a page of the export from r.
func NewDecoder(r io.Reader) *Decoder {
	s := jsonscan.New(r)
	return &Decoder{s: s, page: jsonscan.NewPage(s, "ticket_events")}
}

// Next returns the next ticket event. It returns io.EOF after the last one,
// once the whole page is read (then Cursor is complete), and an error that
// wraps hypercare.ErrInvalid and names the ticket event for malformed JSON,
// a value of the wrong type or a time that does not parse; after an error
// every call returns it.
func (d *Decoder) Next() (Record, error) {
	if d.err != nil {
		return Record{}, d.err
	}
	rec, err := d.next()
	if err != nil {
		if err != io.EOF {
			err = invalidf("zendesk: %w", err)
		}
		d.err = err
	}
	return rec, err
}

// Cursor returns the page's paging fields read so far: all of them once
// Next has returned io.EOF.
func (d *Decoder) Cursor() Cursor { return d.cursor }

// next reads the page's fields up to the next ticket event of its
// ticket_events array, and that event.
func (d *Decoder) next() (Record, error) {
	more, err := d.page.Next(d.field)
	if err != nil {
		return Record{}, err
	}
	if !more {
		return Record{}, io.EOF
	}
	d.n++
	v := ticketEvent{ChildEvents: d.children[:0]}
	if err := d.s.Record(func() error { return v.decode(d.s) }); err != nil {
		return Record{}, fmt.Errorf("ticket event %d: %w", d.n, err)
	}
	d.children = v.ChildEvents[:0]
	return v.record()
}

// field reads the cursor's field key, if it is one.
func (d *Decoder) field(key string) (bool, error) {
	s := d.s
	var err error
	switch key {
	case "next_page":
		err = s.Str(&d.cursor.NextPage)
	case "end_time":
		var n int64
		var null bool
		if n, null, err = s.Int64(); !null {
			d.cursor.EndTime = n
		}
	case "end_of_stream":
		if !s.Null() {
			d.cursor.EndOfStream, err = s.Bool()
		}
	case "count":
		var n int64
		var null bool
		if n, null, err = s.Int64(); !null {
			d.cursor.Count = int(n)
		}
	default:
		return false, nil
	}
	return true, err
}

// ticketEvent is a ticket event as the export gives it.
type ticketEvent struct {
	ID              scalar       `json:"id"`
	TicketID        scalar       `json:"ticket_id"`
	Timestamp       *int64       `json:"timestamp"`
	CreatedAt       string       `json:"created_at"`
	UpdaterID       scalar       `json:"updater_id"`
	EventType       string       `json:"event_type"`
	MergedTicketIDs []scalar     `json:"merged_ticket_ids"`
	ChildEvents     []childEvent `json:"child_events"`
}

// childEvent is a child event: one field set, or a comment.
type childEvent struct {
	EventType     string  `json:"event_type"`
	PreviousValue scalar  `json:"previous_value"`
	Status        *scalar `json:"status"`
	Priority      *scalar `json:"priority"`
	Type          *scalar `json:"type"`
	GroupID       *scalar `json:"group_id"`
	AssigneeID    *scalar `json:"assignee_id"`
	Subject       *scalar `json:"subject"`
	CommentPublic bool    `json:"comment_public"`
}

// decode reads a ticket event, matching its keys as encoding/json matches
// the struct tags above (exactly, else case-insensitively); a null is an
// empty ticket event.
func (te *ticketEvent) decode(s *jsonscan.Scanner) error {
	if s.Null() {
		return nil
	}
	if err := s.Begin('{'); err != nil {
		return err
	}
	for {
		key, more, err := s.Key()
		if err != nil || !more {
			return err
		}
		name := jsonscan.Match(key, "id", "ticket_id", "timestamp", "created_at", "updater_id", "event_type", "merged_ticket_ids", "child_events")
		switch name {
		case "id":
			te.ID.s, err = s.Scalar()
		case "ticket_id":
			te.TicketID.s, err = s.Scalar()
		case "timestamp":
			var n int64
			var null bool
			n, null, err = s.Int64()
			te.Timestamp = nil
			if !null {
				te.Timestamp = &n
			}
		case "created_at":
			err = s.Str(&te.CreatedAt)
		case "updater_id":
			err = s.Word(&te.UpdaterID.s, true)
		case "event_type":
			err = s.Word(&te.EventType, false)
		case "merged_ticket_ids":
			te.MergedTicketIDs = nil
			err = array(s, func() error {
				v, err := s.Scalar()
				te.MergedTicketIDs = append(te.MergedTicketIDs, scalar{v})
				return err
			})
		case "child_events":
			te.ChildEvents = te.ChildEvents[:0] // (nil for a null: the same to record)
			err = array(s, func() error {
				var c childEvent
				err := c.decode(s)
				te.ChildEvents = append(te.ChildEvents, c)
				return err
			})
		default:
			err = s.Skip()
		}
		if err != nil {
			return named(name, err)
		}
	}
}

// decode reads a child event as decode reads a ticket event.
func (c *childEvent) decode(s *jsonscan.Scanner) error {
	if s.Null() {
		return nil
	}
	if err := s.Begin('{'); err != nil {
		return err
	}
	for {
		key, more, err := s.Key()
		if err != nil || !more {
			return err
		}
		var field **scalar
		name := jsonscan.Match(key, "event_type", "previous_value", "status", "priority", "type", "group_id", "assignee_id", "subject", "comment_public")
		switch name {
		case "event_type":
			err = s.Word(&c.EventType, false)
		case "previous_value":
			err = s.Word(&c.PreviousValue.s, true)
		case "status":
			field = &c.Status
		case "priority":
			field = &c.Priority
		case "type":
			field = &c.Type
		case "group_id":
			field = &c.GroupID
		case "assignee_id":
			field = &c.AssigneeID
		case "subject":
			field = &c.Subject
		case "comment_public":
			if !s.Null() {
				c.CommentPublic, err = s.Bool()
			}
		default:
			err = s.Skip()
		}
		if field != nil {
			*field = nil
			if !s.Null() {
				var v string
				err = s.Word(&v, true)
				*field = &scalar{v}
			}
		}
		if err != nil {
			return named(name, err)
		}
	}
}

// named prefixes err with the name of the field whose value it is about,
// if any (a field skipped has none).
func named(name string, err error) error {
	if name == "" {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// array calls elem for each element of an array, or reads a null.
func array(s *jsonscan.Scanner, elem func() error) error {
	if s.Null() {
		return nil
	}
	if err := s.Begin('['); err != nil {
		return err
	}
	for {
		more, err := s.Elem()
		if err != nil || !more {
			return err
		}
		if err := elem(); err != nil {
			return err
		}
	}
}

func (te ticketEvent) record() (Record, error) {
	if te.ID.s == "" || te.TicketID.s == "" {
		return Record{}, fmt.Errorf("ticket event %q of ticket %q: missing id or ticket_id", te.ID.s, te.TicketID.s)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("ticket event %s of ticket %s: "+format, append([]any{te.ID.s, te.TicketID.s}, args...)...)
	}
	u := hypercare.Update{ID: hypercare.EventID(te.ID.s), By: te.UpdaterID.s}
	switch {
	case te.CreatedAt != "":
		at, err := time.Parse(time.RFC3339, te.CreatedAt)
		if err != nil {
			return Record{}, bad("created_at %q is not an RFC 3339 time", te.CreatedAt)
		}
		u.At = at
	case te.Timestamp != nil:
		u.At = time.Unix(*te.Timestamp, 0).UTC()
	default:
		return Record{}, bad("no created_at or timestamp")
	}
	title := ""
	for i, c := range te.ChildEvents {
		switch c.EventType {
		case "Create", "Change":
			if c.EventType == "Create" {
				u.Created = true
			}
			if c.Subject != nil {
				title = text.Clean(c.Subject.s)
			}
			for _, f := range []struct {
				v   *scalar
				dst **hypercare.Change
			}{{c.Status, &u.Status}, {c.Priority, &u.Priority}, {c.Type, &u.Type}, {c.GroupID, &u.Group}, {c.AssigneeID, &u.Assignee}} {
				if f.v == nil {
					continue
				}
				ch := &hypercare.Change{To: f.v.s}
				if c.EventType == "Change" {
					ch.From = c.PreviousValue.s
				}
				*f.dst = ch
			}
		case "Comment":
			u.Reply = u.Reply || c.CommentPublic
		case "":
			return Record{}, bad("child event %d has no event_type", i)
		}
	}
	rec := Record{Ticket: hypercare.IssueID(te.TicketID.s), Update: u, Title: title}
	for _, m := range te.MergedTicketIDs {
		rec.Merged = append(rec.Merged, hypercare.IssueID(m.s))
	}
	return rec, nil
}

// scalar is a JSON string, number or null read as text ("" for null). Its
// UnmarshalJSON reads it as the scanner does, for encoding/json.
type scalar struct{ s string }

func (v *scalar) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		v.s = ""
	case len(b) > 1 && b[0] == '"' && bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b):
		v.s = string(b[1 : len(b)-1]) // the decoder checked the JSON; no escapes, valid UTF-8: as json.Unmarshal reads it
	case len(b) > 0 && b[0] == '"':
		return json.Unmarshal(b, &v.s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		if _, err := strconv.ParseFloat(string(b), 64); err != nil {
			return fmt.Errorf("bad number %s", b)
		}
		v.s = string(b)
	default:
		return fmt.Errorf("want a string, number or null, got %.20s", b)
	}
	return nil
}

// Export is what Import read: the issues, in the order their tickets first
// appeared, and the page's cursor.
type Export struct {
	Issues []hypercare.Issue `json:"issues"`
	Cursor Cursor            `json:"cursor"`
	// Merged maps a ticket to the tickets merged into it.
	Merged map[hypercare.IssueID][]hypercare.IssueID `json:"merged,omitempty"`
}

// Import reads a page of the export from r and builds an issue per ticket
// through m and hypercare.Issue.Insert, so an event the timeline cannot
// place yet (a ticket whose creation is on an earlier page) is held, not
// lost. An issue's Title is the subject its latest subject-setting event
// set, and its Updated that event's time. It returns the first decoding, mapping or Insert error (an event
// ID the page gives twice with other content: a
// *hypercare.EventConflictError), which wraps hypercare.ErrInvalid and
// names the ticket event.
func Import(r io.Reader, m hypercare.Mapping) (Export, error) {
	d := NewDecoder(r)
	var ex Export
	// The tickets, gathered first: an Issue is large, and growing a slice of
	// them copies them all again and again.
	type ticket struct {
		id      hypercare.IssueID
		title   string
		updated time.Time
		events  []hypercare.Event // inserted at the end
	}
	var tickets []ticket
	index := map[hypercare.IssueID]int{}
	for {
		rec, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Export{}, err
		}
		i, ok := index[rec.Ticket]
		if !ok {
			i = len(tickets)
			index[rec.Ticket] = i
			tickets = append(tickets, ticket{id: rec.Ticket})
		}
		if len(rec.Merged) > 0 {
			if ex.Merged == nil {
				ex.Merged = map[hypercare.IssueID][]hypercare.IssueID{}
			}
			ex.Merged[rec.Ticket] = append(ex.Merged[rec.Ticket], rec.Merged...)
		}
		events, err := m.Events(rec.Ticket, rec.Update)
		if err != nil {
			return Export{}, fmt.Errorf("zendesk: %w", err)
		}
		t := &tickets[i]
		if rec.Title != "" && !rec.Update.At.Before(t.updated) {
			t.title, t.updated = rec.Title, rec.Update.At
		}
		if t.events == nil {
			t.events = make([]hypercare.Event, 0, 8) // a ticket's usual events, in one allocation
		}
		t.events = append(t.events, events...)
	}
	// One Insert per issue: the issue depends on the set of events only.
	if len(tickets) > 0 {
		ex.Issues = make([]hypercare.Issue, len(tickets))
	}
	for i, t := range tickets {
		is := &ex.Issues[i]
		is.ID, is.Title, is.Updated = t.id, t.title, t.updated
		if _, err := is.Insert(t.events...); err != nil {
			return Export{}, invalidf("zendesk: %w", err) // the page contradicts itself
		}
	}
	ex.Cursor = d.Cursor()
	return ex, nil
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
