// Package jsm reads Jira Service Management issues, as the REST search API
// returns them with their changelog (GET /rest/api/3/search?expand=changelog
// with the comment field), into hypercare updates and issues.
//
// Each issue gives one update for its creation, one per changelog history
// (its ID is the history's ID) and one per public comment (ID "comment-"
// and the comment's ID). Jira records no initial values, so the creation's
// status, priority, issue type and assignee are the current ones rolled
// back through the changelog: a field's first value is the "from" of its
// earliest change, or its current value if it never changed. Statuses,
// priorities and issue types are read by name (fromString, toString);
// assignees by account ID (from, to). JSM has no assignment group out of
// the box, so the updates carry none.
//
// The package does no I/O of its own: it reads an io.Reader one issue at a
// time, so memory grows with the largest issue, not with the page.
package jsm

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/jsonscan"
	"github.com/hypercare-go/hypercare/ingest/internal/text"
)

// TimeLayout is the layout of Jira's REST times, such as
// "2026-03-28T16:00:00.000+0100".
const TimeLayout = "2006-01-02T15:04:05.000-0700"

// Page is what a page of search results says about paging.
type Page struct {
	StartAt    int `json:"startAt"`
	MaxResults int `json:"maxResults"`
	Total      int `json:"total"`
}

// Next returns the startAt of the next page, and false after the last one.
func (p Page) Next(read int) (int, bool) {
	next := p.StartAt + read
	return next, read > 0 && next < p.Total
}

// Ticket is one issue: its key, its summary with control characters
// removed, and its updates, oldest first.
//
// Trap: a changelog history dated before the issue's creation (a clock
// skew, an issue migrated from another project) is kept at its own time,
// before the creation, which keeps its time: the timeline cannot place
// it and holds it (Issue.Held, with the reason). Its change is then not
// applied: a move to "Waiting for customer" one second before creation
// leaves the issue open and its SLA clock running, and the status it
// moved from is the one the issue opens with. Look for held events after
// an import, and correct the times at the source.
type Ticket struct {
	Key     hypercare.IssueID  `json:"key"`
	Title   string             `json:"title,omitempty"`
	Updates []hypercare.Update `json:"updates"`
}

// Decoder reads the issues of one page of search results, one at a time.
type Decoder struct {
	s        *jsonscan.Scanner
	page     *jsonscan.Page
	pageInfo Page
	err      error
	n        int // issues read
}

// NewDecoder returns a decoder reading a page of search results from r.
func NewDecoder(r io.Reader) *Decoder {
	s := jsonscan.New(r)
	return &Decoder{s: s, page: jsonscan.NewPage(s, "issues")}
}

// Page returns the paging fields read so far: all of them once Next has
// returned io.EOF.
func (d *Decoder) Page() Page { return d.pageInfo }

// Next returns the next issue. It returns io.EOF after the last one, and an
// error wrapping hypercare.ErrInvalid that names the issue for malformed
// JSON, a value of the wrong type, a time that does not parse, a history
// without an ID, or a changelog the page holds only part of (fetch the
// rest from /rest/api/3/issue/{key}/changelog). After an error every call
// returns it.
func (d *Decoder) Next() (Ticket, error) {
	if d.err != nil {
		return Ticket{}, d.err
	}
	t, err := d.next()
	if err != nil {
		if err != io.EOF {
			err = invalidf("jsm: %w", err)
		}
		d.err = err
	}
	return t, err
}

// next reads the page's fields up to the next issue of its issues array,
// and that issue.
func (d *Decoder) next() (Ticket, error) {
	more, err := d.page.Next(d.field)
	if err != nil {
		return Ticket{}, err
	}
	if !more {
		return Ticket{}, io.EOF
	}
	d.n++
	var v issue
	if err := d.s.Record(func() error { return v.decode(d.s) }); err != nil {
		return Ticket{}, fmt.Errorf("issue %d: %w", d.n, err)
	}
	return v.ticket()
}

// field reads the paging field key, if it is one.
func (d *Decoder) field(key string) (bool, error) {
	switch key {
	case "startAt":
		return true, readInt(d.s, &d.pageInfo.StartAt)
	case "maxResults":
		return true, readInt(d.s, &d.pageInfo.MaxResults)
	case "total":
		return true, readInt(d.s, &d.pageInfo.Total)
	}
	return false, nil
}

type named struct {
	Name string `json:"name"`
}

type user struct {
	AccountID string `json:"accountId"`
}

// comment is a Jira comment; JSDPublic is absent on older comments.
type comment struct {
	ID        string `json:"id"`
	Author    *user  `json:"author"`
	Created   string `json:"created"`
	JSDPublic *bool  `json:"jsdPublic"`
}

// update returns the update a public comment is, or false for an internal
// one.
func (k comment) update() (hypercare.Update, bool, error) {
	if k.ID == "" {
		return hypercare.Update{}, false, errors.New("a comment has no id")
	}
	at, err := time.Parse(TimeLayout, k.Created)
	if err != nil {
		return hypercare.Update{}, false, fmt.Errorf("comment %s: created %q is not a Jira time (%s)", k.ID, k.Created, TimeLayout)
	}
	if k.JSDPublic != nil && !*k.JSDPublic { // absent on older comments: public
		return hypercare.Update{}, false, nil
	}
	return hypercare.Update{ID: hypercare.EventID("comment-" + k.ID), At: at, Reply: true, By: k.Author.id()}, true, nil
}

type issue struct {
	Key    string `json:"key"`
	Fields struct {
		Summary   string `json:"summary"`
		Created   string `json:"created"`
		Status    *named `json:"status"`
		Priority  *named `json:"priority"`
		IssueType *named `json:"issuetype"`
		Assignee  *user  `json:"assignee"`
		Reporter  *user  `json:"reporter"`
		Comment   *struct {
			Comments []comment `json:"comments"`
		} `json:"comment"`
	} `json:"fields"`
	Changelog *struct {
		Total     int       `json:"total"`
		Histories []history `json:"histories"`
	} `json:"changelog"`
}

type history struct {
	ID      string `json:"id"`
	Author  *user  `json:"author"`
	Created string `json:"created"`
	Items   []item `json:"items"`
}

// item is one field a history changed.
type item struct {
	Field      string  `json:"field"`
	From       *string `json:"from"`
	FromString *string `json:"fromString"`
	To         *string `json:"to"`
	ToString   *string `json:"toString"`
}

// The keys read of each object, matched as encoding/json matches the
// struct tags above (exactly, else case-insensitively).
var (
	issueKeys     = []string{"key", "fields", "changelog"}
	fieldsKeys    = []string{"summary", "created", "status", "priority", "issuetype", "assignee", "reporter", "comment"}
	commentsKeys  = []string{"comments"}
	commentKeys   = []string{"id", "author", "created", "jsdPublic"}
	changelogKeys = []string{"total", "histories"}
	historyKeys   = []string{"id", "author", "created", "items"}
	itemKeys      = []string{"field", "from", "fromString", "to", "toString"}
	nameKeys      = []string{"name"}
	userKeys      = []string{"accountId"}
)

// decode reads an issue of the search results.
func (is *issue) decode(s *jsonscan.Scanner) error {
	f := &is.Fields
	return s.Object(issueKeys, func(name string) (err error) {
		switch name {
		case "key":
			err = s.Str(&is.Key)
		case "fields":
			err = s.Object(fieldsKeys, func(name string) (err error) {
				switch name {
				case "summary":
					err = s.Str(&f.Summary)
				case "created":
					err = s.Str(&f.Created)
				case "status":
					f.Status, err = decodeNamed(s, f.Status)
				case "priority":
					f.Priority, err = decodeNamed(s, f.Priority)
				case "issuetype":
					f.IssueType, err = decodeNamed(s, f.IssueType)
				case "assignee":
					f.Assignee, err = decodeUser(s, f.Assignee)
				case "reporter":
					f.Reporter, err = decodeUser(s, f.Reporter)
				case "comment":
					if s.Null() {
						f.Comment = nil
						return nil
					}
					if f.Comment == nil {
						f.Comment = &struct {
							Comments []comment `json:"comments"`
						}{}
					}
					err = s.Object(commentsKeys, func(string) error {
						f.Comment.Comments = nil
						return s.Array(func() error {
							var k comment
							err := k.decode(s)
							f.Comment.Comments = append(f.Comment.Comments, k)
							return err
						})
					})
				}
				return err
			})
		case "changelog":
			if s.Null() {
				is.Changelog = nil
				return nil
			}
			if is.Changelog == nil {
				is.Changelog = &struct {
					Total     int       `json:"total"`
					Histories []history `json:"histories"`
				}{}
			}
			cl := is.Changelog
			err = s.Object(changelogKeys, func(name string) (err error) {
				if name == "total" {
					return readInt(s, &cl.Total)
				}
				cl.Histories = nil
				return s.Array(func() error {
					var h history
					err := h.decode(s)
					cl.Histories = append(cl.Histories, h)
					return err
				})
			})
		}
		return err
	})
}

func (k *comment) decode(s *jsonscan.Scanner) error {
	return s.Object(commentKeys, func(name string) (err error) {
		switch name {
		case "id":
			err = s.Str(&k.ID)
		case "author":
			k.Author, err = decodeUser(s, k.Author)
		case "created":
			err = s.Str(&k.Created)
		case "jsdPublic":
			k.JSDPublic = nil
			if !s.Null() {
				var b bool
				b, err = s.Bool()
				k.JSDPublic = &b
			}
		}
		return err
	})
}

func (h *history) decode(s *jsonscan.Scanner) error {
	return s.Object(historyKeys, func(name string) (err error) {
		switch name {
		case "id":
			err = s.Str(&h.ID)
		case "author":
			h.Author, err = decodeUser(s, h.Author)
		case "created":
			err = s.Str(&h.Created)
		case "items":
			h.Items = nil
			err = s.Array(func() error {
				var it item
				err := s.Object(itemKeys, func(name string) (err error) {
					switch name {
					case "field":
						err = s.Word(&it.Field, false)
					case "from":
						it.From, err = wordPtr(s)
					case "fromString":
						it.FromString, err = wordPtr(s)
					case "to":
						it.To, err = wordPtr(s)
					case "toString":
						it.ToString, err = wordPtr(s)
					}
					return err
				})
				h.Items = append(h.Items, it)
				return err
			})
		}
		return err
	})
}

// wordPtr reads a string of a small set (see jsonscan.Scanner.Word), or a
// null as nil.
func wordPtr(s *jsonscan.Scanner) (*string, error) {
	if s.Null() {
		return nil, nil
	}
	var v string
	err := s.Word(&v, false)
	return &v, err
}

// readInt reads an integer into dst; a null leaves dst as it is.
func readInt(s *jsonscan.Scanner, dst *int) error {
	n, null, err := s.Int64()
	if err == nil && !null {
		*dst = int(n)
	}
	return err
}

// decodeNamed reads {"name": ...} into n (a new one if nil), or a null as
// nil, as encoding/json reads into a pointer.
func decodeNamed(s *jsonscan.Scanner, n *named) (*named, error) {
	if s.Null() {
		return nil, nil
	}
	if n == nil {
		n = &named{}
	}
	return n, s.Object(nameKeys, func(string) error { return s.Word(&n.Name, false) })
}

// decodeUser reads {"accountId": ...} as decodeNamed reads its object.
func decodeUser(s *jsonscan.Scanner, u *user) (*user, error) {
	if s.Null() {
		return nil, nil
	}
	if u == nil {
		u = &user{}
	}
	return u, s.Object(userKeys, func(string) error { return s.Word(&u.AccountID, false) })
}

// update returns the update of a history's items, and calls first with
// each field it changes and the value before.
func update(id string, at time.Time, by string, items []item, first func(field, from string)) hypercare.Update {
	u := hypercare.Update{ID: hypercare.EventID(id), At: at, By: by}
	for _, it := range items {
		var dst **hypercare.Change
		from, to := str(it.FromString), str(it.ToString)
		switch it.Field {
		case "status":
			dst = &u.Status
		case "priority":
			dst = &u.Priority
		case "issuetype":
			dst = &u.Type
		case "assignee":
			dst, from, to = &u.Assignee, str(it.From), str(it.To)
		default:
			continue
		}
		first(it.Field, from)
		*dst = &hypercare.Change{From: from, To: to}
	}
	return u
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (n *named) name() string {
	if n == nil {
		return ""
	}
	return n.Name
}

func (u *user) id() string {
	if u == nil {
		return ""
	}
	return u.AccountID
}

func (is issue) ticket() (Ticket, error) {
	if is.Key == "" {
		return Ticket{}, errors.New("issue without a key")
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("issue %s: "+format, append([]any{is.Key}, args...)...)
	}
	created, err := time.Parse(TimeLayout, is.Fields.Created)
	if err != nil {
		return Ticket{}, bad("created %q is not a Jira time (%s)", is.Fields.Created, TimeLayout)
	}
	var hs []history
	if cl := is.Changelog; cl != nil {
		if len(cl.Histories) < cl.Total {
			return Ticket{}, bad("the page holds %d of the changelog's %d histories: fetch the rest from /rest/api/3/issue/%s/changelog", len(cl.Histories), cl.Total, is.Key)
		}
		hs = cl.Histories
	}
	type parsed struct {
		h  history
		at time.Time
	}
	ps := make([]parsed, len(hs))
	for i, h := range hs {
		if h.ID == "" {
			return Ticket{}, bad("history %d has no id", i)
		}
		at, err := time.Parse(TimeLayout, h.Created)
		if err != nil {
			return Ticket{}, bad("history %s: created %q is not a Jira time (%s)", h.ID, h.Created, TimeLayout)
		}
		ps[i] = parsed{h, at}
	}
	// Oldest first; Jira lists histories newest or oldest first by endpoint.
	slices.SortStableFunc(ps, func(a, b parsed) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		ai, aerr := strconv.ParseInt(a.h.ID, 10, 64)
		bi, berr := strconv.ParseInt(b.h.ID, 10, 64)
		if aerr == nil && berr == nil {
			return cmp.Compare(ai, bi)
		}
		return 0
	})
	// The first values: each field's earliest "from", else its current value.
	first := map[string]string{
		"status": is.Fields.Status.name(), "priority": is.Fields.Priority.name(),
		"issuetype": is.Fields.IssueType.name(), "assignee": is.Fields.Assignee.id(),
	}
	seen := map[string]bool{}
	updates := make([]hypercare.Update, 1, 1+len(ps)+commentCount(is)) // [0]: the creation, below
	for _, p := range ps {
		updates = append(updates, update(p.h.ID, p.at, p.h.Author.id(), p.h.Items, func(field, from string) {
			if !seen[field] {
				seen[field], first[field] = true, from
			}
		}))
	}
	c := hypercare.Update{ID: "created", At: created, Created: true, By: is.Fields.Reporter.id(),
		Status: &hypercare.Change{To: first["status"]}, Priority: &hypercare.Change{To: first["priority"]},
		Type: &hypercare.Change{To: first["issuetype"]}}
	if a := first["assignee"]; a != "" {
		c.Assignee = &hypercare.Change{To: a}
	}
	updates[0] = c
	if cm := is.Fields.Comment; cm != nil {
		for _, k := range cm.Comments {
			u, ok, err := k.update()
			if err != nil {
				return Ticket{}, bad("%w", err)
			}
			if ok {
				updates = append(updates, u)
			}
		}
	}
	// Oldest first, the comments among the histories. The creation comes
	// first among updates at its instant; a history dated before it (clock
	// skew, a migrated issue) stays before it, and the timeline holds it.
	slices.SortStableFunc(updates, func(a, b hypercare.Update) int { return a.At.Compare(b.At) })
	return Ticket{Key: hypercare.IssueID(is.Key), Title: text.Clean(is.Fields.Summary), Updates: updates}, nil
}

// Import reads a page of search results from r and builds an issue per
// Jira issue through m, titled with its summary (Updated: its latest
// update's time). It returns the first decoding, mapping or Insert
// error (an ID the issue gives twice with other content: a
// *hypercare.EventConflictError), which wraps hypercare.ErrInvalid and
// names the issue.
func Import(r io.Reader, m hypercare.Mapping) ([]hypercare.Issue, Page, error) {
	d := NewDecoder(r)
	// The issues in chunks, joined once at the end: an Issue is large, and
	// growing one slice of them copies them all again and again.
	var chunks [][]hypercare.Issue
	out := make([]hypercare.Issue, 0, 64)
	var all []hypercare.Event // reused: Insert copies what it keeps
	for {
		t, err := d.Next()
		if err == io.EOF {
			return joinChunks(chunks, out), d.Page(), nil
		}
		if err != nil {
			return nil, Page{}, err
		}
		is := hypercare.Issue{ID: t.Key, Title: t.Title}
		all = all[:0]
		for _, u := range t.Updates {
			if u.At.After(is.Updated) {
				is.Updated = u.At
			}
			events, err := m.Events(t.Key, u)
			if err != nil {
				return nil, Page{}, fmt.Errorf("jsm: %w", err)
			}
			all = append(all, events...)
		}
		// One Insert per issue: the issue depends on the set of events only.
		if _, err := is.Insert(all...); err != nil {
			return nil, Page{}, invalidf("jsm: %w", err) // the page contradicts itself
		}
		if len(out) == cap(out) {
			chunks = append(chunks, out)
			out = make([]hypercare.Issue, 0, min(2*cap(out), 4096))
		}
		out = append(out, is)
	}
}

// joinChunks returns the issues of chunks and then last in one slice (nil
// if there are none).
func joinChunks(chunks [][]hypercare.Issue, last []hypercare.Issue) []hypercare.Issue {
	if len(chunks) == 0 {
		if len(last) == 0 {
			return nil
		}
		return last
	}
	n := len(last)
	for _, c := range chunks {
		n += len(c)
	}
	all := make([]hypercare.Issue, 0, n)
	for _, c := range chunks {
		all = append(all, c...)
	}
	return append(all, last...)
}

type invalidError struct{ err error }

func (e *invalidError) Error() string        { return e.err.Error() }
func (e *invalidError) Unwrap() error        { return e.err }
func (e *invalidError) Is(target error) bool { return target == hypercare.ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{fmt.Errorf(format, args...)}
}

// commentCount returns how many comments the issue carries.
func commentCount(is issue) int {
	if is.Fields.Comment == nil {
		return 0
	}
	return len(is.Fields.Comment.Comments)
}
