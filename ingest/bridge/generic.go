package bridge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/text"
	"github.com/hypercare-go/hypercare/store"
)

// webhook is the JSON a helpdesk posts to /webhooks, one ticket event each:
//
//	{"event":"created","ticket":"T-17","at":"2026-06-01T10:00:00+02:00",
//	 "priority":"high","type":"incident","title":"Invoices cannot be posted"}
//
// Which fields an event needs (all need event, ticket and at):
//
//	event              needs       may carry    records
//	created            priority,   title        opened
//	                   type
//	priority_changed   priority                 reclassified (nothing if the severity stays)
//	type_changed       type                     reclassified (nothing if the kind stays)
//	status_changed     status                   paused or resumed (nothing if the clocks stay)
//	assigned           group       agent        assigned, or escalated (see groups)
//	replied            agent                    responded (each reply: an update, the first a response)
//	resolved                       group,       resolved
//	                               agent
//	reopened                       priority     reopened
//
// A field an event does not take, or an unknown field, is an error rather
// than silently dropped. At is an RFC 3339 instant with its offset. Any
// event may carry id, the helpdesk's ID of the event (its audit or webhook
// event ID): a repeat of an id is recorded once.
type webhook struct {
	ID       string `json:"id,omitempty"`
	Event    string `json:"event"`
	Ticket   string `json:"ticket"`
	At       string `json:"at"`
	Priority string `json:"priority,omitempty"`
	Type     string `json:"type,omitempty"`
	Title    string `json:"title,omitempty"`
	Status   string `json:"status,omitempty"`
	Group    string `json:"group,omitempty"`
	Agent    string `json:"agent,omitempty"`
}

// eventFields lists, per event, the fields beyond event, ticket and at that
// it needs and those it may carry.
var eventFields = map[string]struct{ needs, may []string }{
	"created":          {needs: []string{"priority", "type"}, may: []string{"title"}},
	"priority_changed": {needs: []string{"priority"}},
	"type_changed":     {needs: []string{"type"}},
	"status_changed":   {needs: []string{"status"}},
	"assigned":         {needs: []string{"group"}, may: []string{"agent"}},
	"replied":          {needs: []string{"agent"}},
	"resolved":         {may: []string{"group", "agent"}},
	"reopened":         {may: []string{"priority"}},
}

var eventNames = []string{"created", "priority_changed", "type_changed", "status_changed", "assigned", "replied", "resolved", "reopened"}

// maxSkew is how far in the future (by the server's clock) an event may be
// dated: helpdesk and server clocks differ by seconds, not minutes.
const maxSkew = 5 * time.Minute

// delivery is a webhook checked and mapped to hypercare's words.
type delivery struct {
	id       hypercare.EventID
	event    string
	ticket   hypercare.IssueID
	at       time.Time
	severity hypercare.Severity // created, priority_changed, reopened (zero: unchanged)
	kind     hypercare.Kind     // created, type_changed
	title    string
	status   pause
	team     hypercare.Team // assigned, resolved (zero: the owning team)
	agent    hypercare.PersonID
}

// parseWebhook checks w and maps it through the tables in mapping.go. Every
// error names the bad value.
func parseWebhook(w webhook, now time.Time) (delivery, error) {
	fields, ok := eventFields[w.Event]
	if !ok {
		if w.Event == "" {
			return delivery{}, badRequest("missing event (want one of %s)", strings.Join(eventNames, ", "))
		}
		return delivery{}, badRequest("event %q is not one of %s", w.Event, strings.Join(eventNames, ", "))
	}
	if err := checkTicket(w.Ticket); err != nil {
		return delivery{}, err
	}
	d := delivery{id: hypercare.EventID(w.ID), event: w.Event, ticket: hypercare.IssueID(w.Ticket), title: w.Title, agent: hypercare.PersonID(w.Agent)}
	if w.ID != "" && !printable(w.ID, 128) {
		return delivery{}, badRequest("id %q: want 1 to 128 characters, no spaces or control characters", w.ID)
	}
	var err error
	if d.at, err = parseInstant("at", w.At); err != nil {
		return delivery{}, err
	}
	if d.at.After(now.Add(maxSkew)) {
		return delivery{}, badRequest("at %q is in the future (server time %s)", w.At, now.Format(time.RFC3339))
	}
	given := map[string]string{"priority": w.Priority, "type": w.Type, "title": w.Title, "status": w.Status, "group": w.Group, "agent": w.Agent}
	for _, f := range []string{"priority", "type", "title", "status", "group", "agent"} {
		switch {
		case slices.Contains(fields.needs, f):
			if given[f] == "" {
				article := "a"
				if strings.ContainsRune("aeiou", rune(f[0])) {
					article = "an"
				}
				return delivery{}, badRequest("%s event for ticket %q needs %s %s", w.Event, w.Ticket, article, f)
			}
		case !slices.Contains(fields.may, f) && given[f] != "":
			return delivery{}, badRequest("%s event takes no %s (got %q)", w.Event, f, given[f])
		}
	}
	if w.Priority != "" {
		if d.severity, err = priorities.lookup("priority", w.Priority); err != nil {
			return delivery{}, badRequest("%v", err)
		}
	}
	if w.Type != "" {
		if d.kind, err = ticketTypes.lookup("type", w.Type); err != nil {
			return delivery{}, badRequest("%v", err)
		}
	}
	if w.Status != "" {
		if d.status, err = statuses.lookup("status", w.Status); err != nil {
			if w.Status == "solved" || w.Status == "closed" {
				err = fmt.Errorf("%w; a solved ticket is a resolved event", err)
			}
			return delivery{}, badRequest("%v", err)
		}
	}
	if w.Group != "" {
		if d.team, err = groups.lookup("group", w.Group); err != nil {
			return delivery{}, badRequest("%v", err)
		}
	}
	if w.Agent != "" && !printable(w.Agent, 128) {
		return delivery{}, badRequest("agent %q: want 1 to 128 characters, no spaces or control characters", w.Agent)
	}
	return d, nil
}

// checkTicket accepts helpdesk ticket IDs such as "T-17", "INC0012345" or
// "12345": 1 to 64 letters, digits and . _ : -, so an ID is safe in a URL path.
func checkTicket(id string) error {
	if id == "" {
		return badRequest("missing ticket")
	}
	ok := len(id) <= 64
	for _, r := range id {
		ok = ok && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:-", r))
	}
	if !ok {
		return badRequest("ticket %q: want 1 to 64 letters, digits and . _ : -", id)
	}
	return nil
}

// printable reports whether s has 1 to max bytes and no space or control
// character.
func printable(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}

// parseInstant reads an RFC 3339 instant; the field is named in the error.
func parseInstant(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, badRequest("missing %s (want an RFC 3339 instant such as 2026-06-01T10:00:00+02:00)", field)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, badRequest("%s %q is not an RFC 3339 instant such as 2026-06-01T10:00:00+02:00", field, s)
	}
	return t, nil
}

// plan returns the events that record d on an issue whose state at d's
// instant is st (as far as the events received so far tell), or none and a
// note saying why nothing changes. It never refuses an event for the state:
// what the timeline cannot place yet — a change to a solved ticket, a
// reopening of an open one, anything before the ticket's creation arrived —
// is recorded and held by the issue, and joins the timeline when the
// events that make it valid arrive.
func plan(d delivery, st hypercare.State) ([]hypercare.Event, string) {
	at := d.at
	known := st.Status != 0 // the state is known only once the ticket is opened
	switch d.event {
	case "created":
		return []hypercare.Event{{Type: hypercare.EventOpened, At: at, Severity: d.severity, Kind: d.kind}}, ""
	case "replied":
		// Every reply, whatever the state: each is an update
		// (UpdateClock), and a reply to a solved ticket is held until a
		// reopen releases it, as the adapters' replies are. Judging it on
		// the events received so far made the timeline depend on the order
		// of delivery.
		return []hypercare.Event{{Type: hypercare.EventResponded, At: at, Person: d.agent}}, ""
	case "reopened":
		return []hypercare.Event{{Type: hypercare.EventReopened, At: at, Severity: d.severity}}, ""
	case "resolved":
		return []hypercare.Event{{Type: hypercare.EventResolved, At: at, Team: d.team, Person: d.agent}}, ""
	case "priority_changed":
		if known && d.severity == st.Severity {
			return nil, "the priority maps to " + st.Severity.String() + ", which the ticket already has"
		}
		return []hypercare.Event{{Type: hypercare.EventReclassified, At: at, Severity: d.severity}}, ""
	case "type_changed":
		if known && d.kind == st.Kind {
			return nil, "the type maps to " + st.Kind.String() + ", which the ticket already is"
		}
		return []hypercare.Event{{Type: hypercare.EventReclassified, At: at, Kind: d.kind}}, ""
	case "status_changed":
		paused := st.Status == hypercare.StatusPaused
		switch {
		case known && !d.status.paused && !paused:
			return nil, "the ticket's clocks are already running"
		case !d.status.paused:
			return []hypercare.Event{{Type: hypercare.EventResumed, At: at}}, ""
		case !paused:
			return []hypercare.Event{{Type: hypercare.EventPaused, At: at, Reason: d.status.reason}}, ""
		case st.PauseReason == d.status.reason:
			return nil, "the ticket is already paused: " + st.PauseReason
		}
		// Paused for another reason: record the new reason; the clocks stay stopped.
		return []hypercare.Event{{Type: hypercare.EventResumed, At: at}, {Type: hypercare.EventPaused, At: at, Reason: d.status.reason}}, ""
	case "assigned":
		if d.team == hypercare.Project && st.Team == hypercare.SteadyState {
			return []hypercare.Event{{Type: hypercare.EventEscalated, At: at, Person: d.agent}}, ""
		}
		if known && d.team == st.Team && d.agent == st.Assignee {
			return nil, "the ticket is already assigned so"
		}
		return []hypercare.Event{{Type: hypercare.EventAssigned, At: at, Team: d.team, Person: d.agent}}, ""
	}
	return nil, "no event for " + d.event // parseWebhook admits no other
}

// duplicate reports whether the issue holds d already: the event with d's
// id, or without an id, an event at d's instant that d maps to (see
// recorded). The same id with other content is an *EventConflictError.
func duplicate(is hypercare.Issue, d delivery) (bool, error) {
	if d.id == "" {
		return recorded(append(is.Events(), heldEvents(is)...), d), nil
	}
	e, ok := is.Event(d.id)
	if !ok {
		return false, nil
	}
	if e.At.Equal(d.at) && matches(e, d) {
		return true, nil
	}
	got := hypercare.Event{ID: d.id, At: d.at}
	if events, _ := plan(d, hypercare.State{}); len(events) > 0 {
		got = events[0]
		got.ID = d.id
	}
	return false, &hypercare.EventConflictError{Issue: is.ID, Held: e, Got: got}
}

func heldEvents(is hypercare.Issue) []hypercare.Event {
	var out []hypercare.Event
	for _, h := range is.Held() {
		out = append(out, h.Event)
	}
	return out
}

// recorded reports whether the timeline already holds, at d's instant, the
// event d maps to: a webhook delivered twice is recorded once. Webhooks that
// record nothing are harmless to repeat anyway.
func recorded(events []hypercare.Event, d delivery) bool {
	for _, e := range events {
		if e.At.Equal(d.at) && matches(e, d) {
			return true
		}
	}
	return false
}

func matches(e hypercare.Event, d delivery) bool {
	switch d.event {
	case "created":
		return e.Type == hypercare.EventOpened && e.Severity == d.severity && e.Kind == d.kind
	case "priority_changed":
		return e.Type == hypercare.EventReclassified && e.Severity == d.severity
	case "type_changed":
		return e.Type == hypercare.EventReclassified && e.Kind == d.kind
	case "status_changed":
		if !d.status.paused {
			return e.Type == hypercare.EventResumed
		}
		if e.Type == hypercare.EventResumed && d.id != "" {
			return true // the first of a resume-and-pause pair
		}
		return e.Type == hypercare.EventPaused && e.Reason == d.status.reason
	case "assigned":
		return e.Type == hypercare.EventAssigned && e.Team == d.team && e.Person == d.agent ||
			e.Type == hypercare.EventEscalated && d.team == hypercare.Project && e.Person == d.agent
	case "replied":
		return e.Type == hypercare.EventResponded && e.Person == d.agent
	case "resolved":
		return e.Type == hypercare.EventResolved && e.Team == d.team && e.Person == d.agent
	case "reopened":
		return e.Type == hypercare.EventReopened && e.Severity == d.severity
	}
	return false
}

// eventTypes returns the types of events, for replies.
func eventTypes(events []hypercare.Event) []hypercare.EventType {
	out := make([]hypercare.EventType, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}

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

// recordGeneric writes d, retrying on a fresh read while another write gets in
// first. It reports whether it created the ticket.
func (h *Handler) recordGeneric(ctx context.Context, d delivery) (webhookReply, bool, error) {
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
	is, err := h.cfg.Store.Issue(ctx, h.cfg.Engagement, d.ticket)
	fresh := errors.Is(err, store.ErrNotFound)
	switch {
	case fresh:
		is = hypercare.Issue{ID: d.ticket, Engagement: h.cfg.Engagement}
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
		if err := h.cfg.Store.CreateIssue(ctx, is); err != nil {
			return rep, false, err // ErrExists: created meanwhile; record retries
		}
		rep.Recorded, rep.Version, rep.State, rep.Held = eventTypes(add), is.Version(), is.State(), is.Held()
		return rep, true, nil
	}
	if retitle {
		read.Title, read.Updated = d.title, d.at // at the version read
		if err := h.cfg.Store.UpdateIssue(ctx, read); err != nil {
			return rep, false, err
		}
	}
	got, err := h.cfg.Store.AppendEvents(ctx, h.cfg.Engagement, d.ticket, version, add...)
	if err != nil {
		return rep, false, err // ErrConflict: record retries
	}
	rep.Recorded, rep.Version, rep.State, rep.Held = eventTypes(add), got.Version(), got.State(), got.Held()
	return rep, false, nil
}

// signOffForm is the JSON posted to /signoffs; At defaults to now.
type signOffForm struct {
	By   string `json:"by"`
	Role string `json:"role"`
	At   string `json:"at,omitempty"`
	Note string `json:"note,omitempty"`
}

func (h *Handler) signOff(ctx context.Context, r *http.Request, body []byte) (int, any, error) {
	if err := verifyBearer(r, h.cfg.SignOffToken); err != nil {
		return 0, nil, err
	}
	var in signOffForm
	if err := decodeStrict(body, &in); err != nil {
		return 0, nil, err
	}
	now := h.cfg.Now()
	so := hypercare.SignOff{Engagement: h.cfg.Engagement, By: hypercare.PersonID(in.By), At: now, Note: in.Note}
	if in.By != "" && !printable(in.By, 128) {
		return 0, nil, badRequest("by %q: want 1 to 128 characters, no spaces or control characters", in.By)
	}
	if in.Role == "" {
		return 0, nil, badRequest("missing role (want sponsor, lead, ...)")
	}
	if err := so.Role.UnmarshalText([]byte(in.Role)); err != nil {
		return 0, nil, err // ErrInvalid: 400
	}
	if in.At != "" {
		at, err := parseInstant("at", in.At)
		if err != nil {
			return 0, nil, err
		}
		if at.After(now.Add(maxSkew)) {
			return 0, nil, badRequest("at %q is in the future (server time %s)", in.At, now.Format(time.RFC3339))
		}
		so.At = at
	}
	if err := so.Validate(); err != nil {
		return 0, nil, err // ErrInvalid: 400
	}
	if err := h.cfg.Store.AddSignOff(ctx, so); err != nil {
		return 0, nil, storeError(err)
	}
	return http.StatusCreated, so, nil
}

// generic records one delivery of the generic form.
func (h *Handler) generic(ctx context.Context, r *http.Request, body []byte) (int, any, error) {
	if err := verifyBearer(r, h.cfg.Generic.Secret); err != nil {
		return 0, nil, err
	}
	var wh webhook
	if err := decodeStrict(body, &wh); err != nil {
		return 0, nil, err
	}
	wh.Title = text.Clean(wh.Title)
	if len(wh.Title) > h.cfg.MaxTitle {
		return 0, nil, badRequest("ticket %q: title of %d bytes, longer than %d", wh.Ticket, len(wh.Title), h.cfg.MaxTitle)
	}
	d, err := parseWebhook(wh, h.cfg.Now())
	if err != nil {
		return 0, nil, err
	}
	rep, created, err := h.recordGeneric(ctx, d)
	if err != nil {
		if errors.As(err, new(*httpError)) || errors.Is(err, hypercare.ErrInvalid) {
			return 0, nil, err
		}
		return 0, nil, storeError(err)
	}
	if created {
		return http.StatusCreated, rep, nil
	}
	return http.StatusOK, rep, nil
}

// decodeStrict reads one JSON object from body into v, rejecting unknown
// fields and trailing data.
func decodeStrict(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return badRequest("empty body: want a JSON object")
		}
		return badRequest("malformed JSON: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("malformed JSON: data after the object")
	}
	return nil
}
