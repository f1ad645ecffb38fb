package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// Handler is the helpdesk bridge: it records ticket webhooks on the issue
// timelines of one engagement and serves the SLA clocks and the exit
// verdict. Its routes:
//
//	POST /webhooks             a ticket event (see webhook); 201 when it creates
//	                           the ticket, 200 otherwise, with what was recorded
//	POST /signoffs             a sign-off: {"by":"sofia","role":"sponsor","at":...}
//	GET  /issues/{ticket}      the ticket's issue: its timeline
//	GET  /issues/{ticket}/clocks   its state and first-response and resolution clocks
//	GET  /clocks?state=at-risk     every clock in that state (running, paused, met,
//	                           breached or at-risk; none: all), most urgent first;
//	                           metric=first-response|resolution narrows it
//	GET  /exit                 the exit verdict
//
// The GET routes take at=<RFC 3339 instant> to look at another instant than
// now. Every answer is JSON; an error is {"error": "..."} with 400 for a bad
// request (nothing is stored), 404 for an unknown ticket or path, 405 for a
// wrong method, 409 when the ticket kept changing under a write (send it
// again) and 500 for a store failure.
//
// Webhooks may arrive late, twice and in any order, as helpdesks send them:
// a late event takes its place on the timeline by its time, an event the
// timeline cannot place yet (a "resolved" before the "created") is kept
// held on the issue — GET /issues/{ticket} lists it with the reason — and
// a ticket's first webhook creates it, whatever the event. A webhook with
// an id (the helpdesk's event ID) is recorded once: a repeat answers 200
// with duplicate set, and the same id with other content 409. Without an
// id, a repeat is recognised by its instant and content (see recorded). So
// a valid event is never answered 400 for arriving late, and 5xx means the
// store failed and the helpdesk should retry. Trap: what a webhook maps to
// can depend on the ticket's state at its instant (an assignment to the
// project group is an escalation if a steady-state group owned the ticket),
// and that is judged on the events received so far.
//
// Writes use the store's optimistic concurrency: a write names the version
// it read and is retried, on a fresh read, while other writes come first
// (up to maxAttempts times).
//
// Handler keeps no state of its own, so any number of them in one process
// can share a store (several processes only with a store built for that: the
// file store admits one process at a time).
type Handler struct {
	store store.Store
	eng   hypercare.EngagementID
	now   func() time.Time
	mux   *http.ServeMux
}

// NewHandler returns a Handler recording into engagement eng of s, which
// must be stored there before the first request. now is the clock: time.Now
// in a server, a fixed instant in tests.
func NewHandler(s store.Store, eng hypercare.EngagementID, now func() time.Time) *Handler {
	h := &Handler{store: s, eng: eng, now: now, mux: http.NewServeMux()}
	route := func(method, path string, f func(http.ResponseWriter, *http.Request) error) {
		h.mux.HandleFunc(method+" "+path, func(w http.ResponseWriter, r *http.Request) {
			if err := f(w, r); err != nil {
				writeError(w, err)
			}
		})
		h.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", method)
			writeError(w, &httpError{http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed on %s: use %s", r.Method, path, method)})
		})
	}
	route(http.MethodPost, "/webhooks", h.postWebhook)
	route(http.MethodPost, "/signoffs", h.postSignOff)
	route(http.MethodGet, "/issues/{ticket}", h.getIssue)
	route(http.MethodGet, "/issues/{ticket}/clocks", h.getIssueClocks)
	route(http.MethodGet, "/clocks", h.getClocks)
	route(http.MethodGet, "/exit", h.getExit)
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &httpError{http.StatusNotFound, fmt.Sprintf("no route %s", r.URL.Path)})
	})
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// webhookReply is the answer to a webhook.
type webhookReply struct {
	Ticket hypercare.IssueID `json:"ticket"`
	// Recorded lists the events recorded (none for a duplicate or a change
	// that means nothing to the clocks); they are on the timeline or held.
	Recorded  []hypercare.EventType `json:"recorded"`
	Duplicate bool                  `json:"duplicate,omitempty"`
	// Note says why nothing was recorded.
	Note string `json:"note,omitempty"`
	// Version is the number of events the issue holds now, on its timeline
	// or held.
	Version int             `json:"version"`
	State   hypercare.State `json:"state"`
	// Held lists the events the ticket holds that its timeline cannot place
	// yet, with the reason.
	Held []hypercare.HeldEvent `json:"held,omitempty"`
}

// maxAttempts bounds how often a write is tried on a fresh read when other
// writes to the ticket keep coming first.
const maxAttempts = 8

func (h *Handler) postWebhook(w http.ResponseWriter, r *http.Request) error {
	var wh webhook
	if err := decodeStrict(w, r, &wh); err != nil {
		return err
	}
	d, err := parseWebhook(wh, h.now())
	if err != nil {
		return err
	}
	rep, created, err := h.record(r.Context(), d)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, rep)
	return nil
}

// record writes d, retrying on a fresh read while another write gets in
// first. It reports whether it created the ticket.
func (h *Handler) record(ctx context.Context, d delivery) (webhookReply, bool, error) {
	var (
		rep     webhookReply
		created bool
		err     error
	)
	for range maxAttempts {
		rep, created, err = h.recordOnce(ctx, d)
		var conflict *hypercare.EventConflictError
		if errors.As(err, &conflict) {
			return rep, false, &httpError{http.StatusConflict, err.Error()}
		}
		if !errors.Is(err, store.ErrConflict) && !errors.Is(err, store.ErrExists) {
			return rep, created, err
		}
	}
	return rep, false, &httpError{http.StatusConflict, fmt.Sprintf("ticket %q kept changing while its %s event was recorded: send it again", d.ticket, d.event)}
}

func (h *Handler) recordOnce(ctx context.Context, d delivery) (webhookReply, bool, error) {
	rep := webhookReply{Ticket: d.ticket, Recorded: []hypercare.EventType{}}
	is, err := h.store.Issue(ctx, h.eng, d.ticket)
	fresh := errors.Is(err, store.ErrNotFound)
	switch {
	case fresh:
		is = hypercare.Issue{ID: d.ticket, Engagement: h.eng}
	case err != nil:
		return rep, false, err
	}
	rep.Version, rep.State, rep.Held = is.Version(), is.State(), is.Held()
	if dup, err := duplicate(is, d); err != nil || dup {
		if dup {
			rep.Duplicate, rep.Note = true, "this event was already recorded"
		}
		return rep, false, err
	}
	add, note := plan(d, is.StateAt(d.at))
	if d.id != "" {
		for i := range add {
			add[i].ID = d.id
			if i > 0 {
				add[i].ID = hypercare.EventID(fmt.Sprintf("%s/%d", d.id, i+1))
			}
		}
	}
	// The title comes with the ticket's creation, which may arrive after
	// other events; the helpdesk's instant orders competing titles.
	retitle := d.event == "created" && d.title != "" && is.Title != d.title && !d.at.Before(is.Updated)
	if len(add) == 0 && !retitle {
		rep.Note = note
		return rep, false, nil
	}
	read, version := is, is.Version()
	if _, err := is.Insert(add...); err != nil { // the library's rules, checked before the store's
		return rep, false, fmt.Errorf("%s event for ticket %q: %w", d.event, d.ticket, err) // ErrInvalid: 400
	}
	if retitle {
		is.Title, is.Updated = d.title, d.at
	}
	if fresh {
		if err := h.store.CreateIssue(ctx, is); err != nil {
			return rep, false, err // ErrExists: created meanwhile; record retries
		}
		rep.Recorded, rep.Version, rep.State, rep.Held = eventTypes(add), is.Version(), is.State(), is.Held()
		return rep, true, nil
	}
	if retitle {
		read.Title, read.Updated = d.title, d.at // at the version read
		if err := h.store.UpdateIssue(ctx, read); err != nil {
			return rep, false, err
		}
	}
	got, err := h.store.AppendEvents(ctx, h.eng, d.ticket, version, add...)
	if err != nil {
		return rep, false, err // ErrConflict: record retries
	}
	rep.Recorded, rep.Version, rep.State, rep.Held = eventTypes(add), got.Version(), got.State(), got.Held()
	return rep, false, nil
}

// signOff is the JSON posted to /signoffs; At defaults to now.
type signOff struct {
	By   string `json:"by"`
	Role string `json:"role"`
	At   string `json:"at,omitempty"`
	Note string `json:"note,omitempty"`
}

func (h *Handler) postSignOff(w http.ResponseWriter, r *http.Request) error {
	var in signOff
	if err := decodeStrict(w, r, &in); err != nil {
		return err
	}
	now := h.now()
	so := hypercare.SignOff{Engagement: h.eng, By: hypercare.PersonID(in.By), At: now, Note: in.Note}
	if in.By != "" && !printable(in.By, 128) {
		return badRequest("by %q: want 1 to 128 characters, no spaces or control characters", in.By)
	}
	if in.Role == "" {
		return badRequest("missing role (want sponsor, lead, ...)")
	}
	if err := so.Role.UnmarshalText([]byte(in.Role)); err != nil {
		return err // ErrInvalid: 400
	}
	if in.At != "" {
		at, err := parseInstant("at", in.At)
		if err != nil {
			return err
		}
		if at.After(now.Add(maxSkew)) {
			return badRequest("at %q is in the future (server time %s)", in.At, now.Format(time.RFC3339))
		}
		so.At = at
	}
	if err := so.Validate(); err != nil {
		return err // ErrInvalid: 400
	}
	if err := h.store.AddSignOff(r.Context(), so); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, so)
	return nil
}

func (h *Handler) getIssue(w http.ResponseWriter, r *http.Request) error {
	is, err := h.issue(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, is)
	return nil
}

// issueClocks is the answer to GET /issues/{ticket}/clocks.
type issueClocks struct {
	Ticket hypercare.IssueID `json:"ticket"`
	Title  string            `json:"title,omitempty"`
	AsOf   time.Time         `json:"as_of"`
	State  hypercare.State   `json:"state"`
	// Clocks are the first-response and resolution clocks, in that order.
	Clocks []hypercare.Clock `json:"clocks"`
}

func (h *Handler) getIssueClocks(w http.ResponseWriter, r *http.Request) error {
	is, err := h.issue(r)
	if err != nil {
		return err
	}
	at, err := h.asOf(r)
	if err != nil {
		return err
	}
	e, err := h.store.Engagement(r.Context(), h.eng)
	if err != nil {
		return err
	}
	out := issueClocks{Ticket: is.ID, Title: is.Title, AsOf: at, State: is.StateAt(at), Clocks: []hypercare.Clock{}}
	if out.State.Status == 0 {
		return badRequest("ticket %q was not opened yet at %s", is.ID, at.Format(time.RFC3339))
	}
	for _, m := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
		c, err := e.Clock(is, m, at)
		if err != nil {
			return err
		}
		out.Clocks = append(out.Clocks, c)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// ticketClock is one clock of one ticket in GET /clocks. (The clock is a
// named field: embedding it would promote its MarshalJSON and drop the
// ticket.)
type ticketClock struct {
	Ticket hypercare.IssueID `json:"ticket"`
	Title  string            `json:"title,omitempty"`
	Clock  hypercare.Clock   `json:"clock"`
}

// clockList is the answer to GET /clocks.
type clockList struct {
	AsOf   time.Time     `json:"as_of"`
	Clocks []ticketClock `json:"clocks"`
}

// clockStates are the values of GET /clocks?state=.
var clockStates = []string{"running", "paused", "met", "breached", "at-risk"}

func (h *Handler) getClocks(w http.ResponseWriter, r *http.Request) error {
	at, err := h.asOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	state := q.Get("state")
	if state != "" && !slices.Contains(clockStates, state) {
		return badRequest("state %q is not one of %s", state, strings.Join(clockStates, ", "))
	}
	metrics := []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution}
	if m := q.Get("metric"); m != "" {
		var one hypercare.Metric
		if err := one.UnmarshalText([]byte(m)); err != nil {
			return err // ErrInvalid: 400
		}
		metrics = []hypercare.Metric{one}
	}
	e, err := h.store.Engagement(r.Context(), h.eng)
	if err != nil {
		return err
	}
	issues, err := h.issues(r.Context())
	if err != nil {
		return err
	}
	out := clockList{AsOf: at, Clocks: []ticketClock{}}
	for _, is := range issues {
		if is.StateAt(at).Status == 0 {
			continue // not opened yet
		}
		for _, m := range metrics {
			c, err := e.Clock(is, m, at)
			if err != nil {
				return err
			}
			if state == "" || state == "at-risk" && c.AtRisk || state == c.State.String() {
				out.Clocks = append(out.Clocks, ticketClock{is.ID, is.Title, c})
			}
		}
	}
	slices.SortStableFunc(out.Clocks, func(a, b ticketClock) int { return cmp.Compare(a.Clock.Due.UnixNano(), b.Clock.Due.UnixNano()) })
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) getExit(w http.ResponseWriter, r *http.Request) error {
	at, err := h.asOf(r)
	if err != nil {
		return err
	}
	e, err := h.store.Engagement(r.Context(), h.eng)
	if err != nil {
		return err
	}
	if at.Before(e.GoLive) {
		return badRequest("at %s is before go-live %s: there is no hypercare to exit yet", at.Format(time.RFC3339), e.GoLive.Format(time.RFC3339))
	}
	issues, err := h.issues(r.Context())
	if err != nil {
		return err
	}
	var signOffs []hypercare.SignOff
	for so, err := range h.store.SignOffs(r.Context(), h.eng) {
		if err != nil {
			return err
		}
		signOffs = append(signOffs, so)
	}
	v, err := hypercare.Evaluate(hypercare.ExitInput{Engagement: e, Issues: issues, SignOffs: signOffs, AsOf: at})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// issue reads the ticket named in the path: 400 for a malformed ID, 404 for
// an unknown one.
func (h *Handler) issue(r *http.Request) (hypercare.Issue, error) {
	id := r.PathValue("ticket")
	if err := checkTicket(id); err != nil {
		return hypercare.Issue{}, err
	}
	is, err := h.store.Issue(r.Context(), h.eng, hypercare.IssueID(id))
	if errors.Is(err, store.ErrNotFound) {
		return hypercare.Issue{}, &httpError{http.StatusNotFound, fmt.Sprintf("unknown ticket %q", id)}
	}
	return is, err
}

// issues reads every issue of the engagement, ordered by ID.
func (h *Handler) issues(ctx context.Context) ([]hypercare.Issue, error) {
	var out []hypercare.Issue
	for is, err := range h.store.Issues(ctx, store.IssueFilter{Engagement: h.eng}) {
		if err != nil {
			return nil, err
		}
		out = append(out, is)
	}
	return out, nil
}

// asOf returns the instant of the query's at parameter, or now.
func (h *Handler) asOf(r *http.Request) (time.Time, error) {
	s := r.URL.Query().Get("at")
	if s == "" {
		return h.now(), nil
	}
	return parseInstant("at", s)
}

// httpError is an error with the HTTP status it answers with.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// writeError answers err as {"error": ...}: with its status for an
// httpError, 400 for the library's bad input (hypercare.ErrInvalid), else by
// the store's sentinel.
func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var he *httpError
	switch {
	case errors.As(err, &he):
		status = he.status
	case errors.As(err, new(*hypercare.EventConflictError)), errors.Is(err, store.ErrConflict):
		status = http.StatusConflict
	case errors.Is(err, hypercare.ErrInvalid), errors.Is(err, store.ErrInvalid):
		status = http.StatusBadRequest
	case errors.Is(err, store.ErrTooLarge):
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, store.ErrClosed):
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, struct {
		Error string `json:"error"`
	}{err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(map[string]string{"error": "encoding the answer: " + err.Error()})
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
