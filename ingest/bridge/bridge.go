// Package bridge takes a helpdesk's webhooks over HTTP and records them as
// issue timelines in a store: an http.Handler an integrator mounts in an
// existing service.
//
// It serves one endpoint per source, each a POST at the handler's root
// (mount it under a prefix with http.StripPrefix):
//
//	/zendesk     Zendesk ticket events (see package zendesk), signed
//	/jsm         Jira Service Management webhooks (see jsm.DecodeWebhook), signed
//	/servicenow  ServiceNow incident deliveries (see servicenow.DecodeWebhook), bearer token
//	/generic     the bridge's own ticket-event form (see Config.Generic), bearer token
//	/signoffs    sign-offs, only if Config.SignOffToken is set, with that token
//
// Every delivery is authenticated before it is read: Zendesk's signature
// (base64 HMAC-SHA256 of the X-Zendesk-Webhook-Signature-Timestamp header
// and the body, in X-Zendesk-Webhook-Signature) with a replay window on the
// signed timestamp, Jira's (X-Hub-Signature: sha256=<hex HMAC-SHA256 of
// the body>), or "Authorization: Bearer <token>"; each compared in
// constant time. A delivery is then decoded by the source's adapter,
// checked against the limits of Config, its text cleaned of control
// characters, mapped through the source's hypercare.Mapping and merged
// into the store (store.Store.MergeIssues) as one batch.
//
// The answers: 200 with the store.MergeReport when the delivery is
// recorded (a redelivery too: the events' IDs come from the helpdesk, so a
// second delivery adds nothing); 401 when it is not authenticated; 413
// when the body is too large; 400 for anything else wrong with it, and 409
// when an event contradicts one stored under its ID; each with
// {"error": "<reason>"} and nothing stored. Only a failing store answers
// 5xx, so the helpdesk retries exactly when retrying can help.
package bridge

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/text"
	"github.com/hypercare-go/hypercare/ingest/jsm"
	"github.com/hypercare-go/hypercare/ingest/servicenow"
	"github.com/hypercare-go/hypercare/ingest/zendesk"
	"github.com/hypercare-go/hypercare/store"
)

// The headers the bridge reads.
const (
	// ZendeskSignatureHeader holds Zendesk's signature: base64 of the
	// HMAC-SHA256 of the timestamp header's value followed by the body.
	ZendeskSignatureHeader = "X-Zendesk-Webhook-Signature"
	// ZendeskTimestampHeader holds the signed timestamp, RFC 3339.
	ZendeskTimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp"
	// HubSignatureHeader holds Jira's signature: "sha256=" and the hex
	// HMAC-SHA256 of the body.
	HubSignatureHeader = "X-Hub-Signature"
)

// The defaults of Config's limits.
const (
	DefaultReplayWindow = 5 * time.Minute
	DefaultMaxBody      = 1 << 20
	DefaultMaxEvents    = 1000
	DefaultMaxField     = 256
	DefaultMaxTitle     = 1024
)

// Source is how one helpdesk's deliveries are authenticated and read.
type Source struct {
	// Secret is the signing secret (Zendesk, JSM) or the bearer token
	// (ServiceNow, generic); it must not be empty.
	Secret string
	// Mapping turns the helpdesk's values into events (unused by the
	// generic form, whose vocabulary is fixed: see Config.Generic). It must
	// validate (hypercare.Mapping.Validate).
	Mapping hypercare.Mapping
}

// Config configures a Handler. Store and Engagement are required, and at
// least one source; a nil source has no endpoint (404). Zero limits take
// the defaults.
type Config struct {
	Store store.Store
	// Engagement is the engagement the issues belong to; it must be stored
	// before the first delivery (until then deliveries answer 500).
	Engagement hypercare.EngagementID

	// Zendesk's deliveries are pages of the incremental ticket event
	// export (see package zendesk) holding the ticket events delivered:
	// the body a relay forwards, or a trigger's webhook renders.
	Zendesk *Source
	// JSM's deliveries are Jira webhooks (jsm.DecodeWebhook).
	JSM *Source
	// ServiceNow's deliveries are an incident and its audit rows
	// (servicenow.DecodeWebhook).
	ServiceNow *Source
	// Generic's deliveries are one ticket event each in the bridge's own
	// form, for a helpdesk without an adapter:
	//
	//	{"id":"ev-1","event":"created","ticket":"T-17","at":"2026-06-01T10:00:00+02:00",
	//	 "priority":"high","type":"incident","title":"Invoices cannot be posted"}
	//
	// with a fixed vocabulary: priorities urgent, high, normal, low
	// (Sev1, Sev2, Sev3, Sev3); types incident, problem (defect), question,
	// how-to (training gap), request (change request), data (data fix);
	// statuses open, pending, on-hold (paused); groups service-desk,
	// app-support (steady state) and project. Events: created (needs
	// priority and type, may carry title), priority_changed,
	// type_changed, status_changed, assigned (group, may carry agent),
	// replied (agent), resolved (may carry group, agent), reopened (may
	// carry priority). An unknown field is an error. What an event records
	// can depend on the ticket's state at its instant (an assignment of a
	// steady-state ticket to the project group is an escalation), judged
	// on the events received so far; so a generic delivery reads the issue
	// and appends at its version, retrying a few times on a conflict, and
	// answers 201 when it creates the ticket.
	Generic *Source

	// SignOffToken enables POST /signoffs, authenticated with this bearer
	// token, which must differ from every source's secret. Empty: sign-offs
	// are not accepted at all (404), whatever a delivery says.
	SignOffToken string

	// Now is the clock, for the replay window and for refusing instants in
	// the future; nil: time.Now.
	Now func() time.Time
	// ReplayWindow is how far a signed timestamp may be from Now, either
	// way (default DefaultReplayWindow).
	ReplayWindow time.Duration
	// MaxBody is the largest body accepted, in bytes (default
	// DefaultMaxBody): a larger one is answered 413.
	MaxBody int64
	// MaxEvents is the most events one delivery may record (default
	// DefaultMaxEvents).
	MaxEvents int
	// MaxField is the longest ticket ID, event ID or helpdesk value
	// (status, priority, agent...) accepted, in bytes (default
	// DefaultMaxField).
	MaxField int
	// MaxTitle is the longest title accepted, in bytes, after control
	// characters are removed (default DefaultMaxTitle).
	MaxTitle int
}

// Handler is the bridge. It keeps no state of its own beyond its Config,
// so any number of them may share a store.
type Handler struct {
	cfg Config
	mux *http.ServeMux
}

var _ http.Handler = (*Handler)(nil)

// New returns a Handler for cfg. It returns an error wrapping
// hypercare.ErrInvalid for a nil Store, an empty Engagement, no source, a
// source with an empty Secret or a mapping that does not validate, a
// sign-off token equal to a source's secret, or a negative limit.
func New(cfg Config) (*Handler, error) {
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("hypercare: bridge: %w", err)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	setDefault(&cfg.ReplayWindow, DefaultReplayWindow)
	setDefault(&cfg.MaxBody, DefaultMaxBody)
	setDefault(&cfg.MaxEvents, DefaultMaxEvents)
	setDefault(&cfg.MaxField, DefaultMaxField)
	setDefault(&cfg.MaxTitle, DefaultMaxTitle)
	h := &Handler{cfg: cfg, mux: http.NewServeMux()}
	route := func(path string, enabled bool, why string, f func(context.Context, *http.Request, []byte) (int, any, error)) {
		h.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			if !enabled {
				writeError(w, &httpError{http.StatusNotFound, fmt.Sprintf("no endpoint %s: %s", path, why)})
				return
			}
			if r.Method != http.MethodPost {
				w.Header().Set("Allow", http.MethodPost)
				writeError(w, &httpError{http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed on %s: use POST", r.Method, path)})
				return
			}
			body, err := h.readBody(w, r)
			if err != nil {
				writeError(w, err)
				return
			}
			status, v, err := f(r.Context(), r, body)
			if err != nil {
				writeError(w, err)
				return
			}
			writeJSON(w, status, v)
		})
	}
	route("/zendesk", cfg.Zendesk != nil, "Zendesk is not configured", h.zendesk)
	route("/jsm", cfg.JSM != nil, "Jira Service Management is not configured", h.jsm)
	route("/servicenow", cfg.ServiceNow != nil, "ServiceNow is not configured", h.servicenow)
	route("/generic", cfg.Generic != nil, "the generic form is not configured", h.generic)
	route("/signoffs", cfg.SignOffToken != "", "sign-offs are not accepted from webhooks", h.signOff)
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &httpError{http.StatusNotFound, fmt.Sprintf("no endpoint %s (want /zendesk, /jsm, /servicenow, /generic or /signoffs)", r.URL.Path)})
	})
	return h, nil
}

func setDefault[T int | int64 | time.Duration](v *T, def T) {
	if *v == 0 {
		*v = def
	}
}

func (cfg Config) check() error {
	bad := func(format string, args ...any) error {
		return &invalidError{fmt.Errorf(format, args...)}
	}
	switch {
	case cfg.Store == nil:
		return bad("no store")
	case cfg.Engagement == "":
		return bad("no engagement")
	case cfg.Zendesk == nil && cfg.JSM == nil && cfg.ServiceNow == nil && cfg.Generic == nil:
		return bad("no source: configure Zendesk, JSM, ServiceNow or Generic")
	case cfg.ReplayWindow < 0 || cfg.MaxBody < 0 || cfg.MaxEvents < 0 || cfg.MaxField < 0 || cfg.MaxTitle < 0:
		return bad("a negative limit")
	}
	for _, s := range []struct {
		name    string
		src     *Source
		mapping bool
	}{{"Zendesk", cfg.Zendesk, true}, {"JSM", cfg.JSM, true}, {"ServiceNow", cfg.ServiceNow, true}, {"Generic", cfg.Generic, false}} {
		if s.src == nil {
			continue
		}
		if s.src.Secret == "" {
			return bad("%s: empty secret", s.name)
		}
		if s.src.Secret == cfg.SignOffToken {
			return bad("%s: the sign-off token must differ from every source's secret", s.name)
		}
		if s.mapping {
			if err := s.src.Mapping.Validate(); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
	}
	return nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// readBody reads the whole body, up to MaxBody bytes.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", h.cfg.MaxBody)}
	case err != nil:
		return nil, badRequest("reading the body: %v", err)
	}
	return body, nil
}

// The authentication of each kind of source.

func unauthorized(format string, args ...any) error {
	return &httpError{http.StatusUnauthorized, fmt.Sprintf(format, args...)}
}

func mac(secret string, parts ...[]byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// verifyZendesk checks Zendesk's signature and the replay window.
func (h *Handler) verifyZendesk(r *http.Request, body []byte) error {
	sig, ts := r.Header.Get(ZendeskSignatureHeader), r.Header.Get(ZendeskTimestampHeader)
	if sig == "" || ts == "" {
		return unauthorized("missing %s or %s header", ZendeskSignatureHeader, ZendeskTimestampHeader)
	}
	got, err := base64.StdEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, mac(h.cfg.Zendesk.Secret, []byte(ts), body)) {
		return unauthorized("%s does not match the body and timestamp: wrong secret or altered delivery", ZendeskSignatureHeader)
	}
	at, err := time.Parse(time.RFC3339, ts)
	if err != nil {
		return unauthorized("%s %q is not an RFC 3339 time", ZendeskTimestampHeader, ts)
	}
	if now := h.cfg.Now(); at.Before(now.Add(-h.cfg.ReplayWindow)) || at.After(now.Add(h.cfg.ReplayWindow)) {
		return unauthorized("%s %s is more than %s from the server's time %s: stale or replayed", ZendeskTimestampHeader, ts, h.cfg.ReplayWindow, now.UTC().Format(time.RFC3339))
	}
	return nil
}

// verifyHub checks Jira's X-Hub-Signature.
func (h *Handler) verifyHub(r *http.Request, body []byte) error {
	sig := r.Header.Get(HubSignatureHeader)
	if sig == "" {
		return unauthorized("missing %s header", HubSignatureHeader)
	}
	hexSig, ok := strings.CutPrefix(sig, "sha256=")
	if !ok {
		return unauthorized("%s is not sha256=<hex>", HubSignatureHeader)
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil || !hmac.Equal(got, mac(h.cfg.JSM.Secret, body)) {
		return unauthorized("%s does not match the body: wrong secret or altered delivery", HubSignatureHeader)
	}
	return nil
}

// verifyBearer checks an "Authorization: Bearer <token>" header.
func verifyBearer(r *http.Request, token string) error {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return unauthorized("missing Authorization header (want Bearer <token>)")
	}
	got, ok := strings.CutPrefix(auth, "Bearer ")
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(token))
	if !ok || subtle.ConstantTimeCompare(a[:], b[:]) != 1 {
		return unauthorized("wrong bearer token")
	}
	return nil
}

// ticket is what a delivery says about one ticket, in the helpdesk's
// words.
type ticket struct {
	id      hypercare.IssueID
	title   string
	updated time.Time
	updates []hypercare.Update
}

func (h *Handler) zendesk(ctx context.Context, r *http.Request, body []byte) (int, any, error) {
	if err := h.verifyZendesk(r, body); err != nil {
		return 0, nil, err
	}
	d := zendesk.NewDecoder(bytes.NewReader(body))
	var tickets []ticket
	for {
		rec, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, nil, err // ErrInvalid: 400
		}
		t := ticket{id: rec.Ticket, updates: []hypercare.Update{rec.Update}}
		if rec.Title != "" {
			t.title, t.updated = rec.Title, rec.Update.At
		}
		tickets = append(tickets, t)
		if len(tickets) > h.cfg.MaxEvents {
			return 0, nil, badRequest("more than %d ticket events in one delivery", h.cfg.MaxEvents)
		}
	}
	return h.merge(ctx, h.cfg.Zendesk.Mapping, tickets)
}

func (h *Handler) jsm(ctx context.Context, r *http.Request, body []byte) (int, any, error) {
	if err := h.verifyHub(r, body); err != nil {
		return 0, nil, err
	}
	t, err := jsm.DecodeWebhook(bytes.NewReader(body))
	if err != nil {
		return 0, nil, err // ErrInvalid: 400
	}
	var updated time.Time
	for _, u := range t.Updates {
		if u.At.After(updated) {
			updated = u.At
		}
	}
	return h.merge(ctx, h.cfg.JSM.Mapping, []ticket{{id: t.Key, title: t.Title, updated: updated, updates: t.Updates}})
}

func (h *Handler) servicenow(ctx context.Context, r *http.Request, body []byte) (int, any, error) {
	if err := verifyBearer(r, h.cfg.ServiceNow.Secret); err != nil {
		return 0, nil, err
	}
	d, err := servicenow.DecodeWebhook(bytes.NewReader(body))
	if err != nil {
		return 0, nil, err // ErrInvalid: 400
	}
	return h.merge(ctx, h.cfg.ServiceNow.Mapping, []ticket{{id: d.Number, title: d.Title, updated: d.Updated, updates: d.Updates}})
}

// checkField rejects a value too long or holding a control character.
func (h *Handler) checkField(what, v string) error {
	switch {
	case len(v) > h.cfg.MaxField:
		return badRequest("%s %.40q...: longer than %d bytes", what, v, h.cfg.MaxField)
	case text.HasControl(v):
		return badRequest("%s %q: control character or invalid UTF-8", what, v)
	}
	return nil
}

// checkTicket checks the limits of one ticket's delivery.
func (h *Handler) checkTicket(t ticket) error {
	if t.id == "" {
		return badRequest("a ticket without an ID")
	}
	if err := h.checkField("ticket", string(t.id)); err != nil {
		return err
	}
	if len(t.title) > h.cfg.MaxTitle {
		return badRequest("ticket %q: title of %d bytes, longer than %d", t.id, len(t.title), h.cfg.MaxTitle)
	}
	for _, u := range t.updates {
		if err := h.checkField("event ID", string(u.ID)); err != nil {
			return err
		}
		if err := h.checkField("user", u.By); err != nil && u.By != "" {
			return err
		}
		for _, c := range []*hypercare.Change{u.Status, u.Priority, u.Type, u.Group, u.Assignee} {
			if c == nil {
				continue
			}
			for _, v := range []string{c.From, c.To} {
				if err := h.checkField("value", v); err != nil && v != "" {
					return err
				}
			}
		}
	}
	return nil
}

// merge maps the tickets through m and merges them into the store as one
// batch.
func (h *Handler) merge(ctx context.Context, m hypercare.Mapping, tickets []ticket) (int, any, error) {
	var issues []hypercare.Issue
	index := map[hypercare.IssueID]int{}
	n := 0
	for _, t := range tickets {
		if err := h.checkTicket(t); err != nil {
			return 0, nil, err
		}
		i, ok := index[t.id]
		if !ok {
			i = len(issues)
			index[t.id] = i
			issues = append(issues, hypercare.Issue{ID: t.id, Engagement: h.cfg.Engagement})
		}
		is := &issues[i]
		if t.title != "" && !t.updated.Before(is.Updated) {
			is.Title, is.Updated = t.title, t.updated
		}
		for _, u := range t.updates {
			events, err := m.Events(t.id, u)
			if err != nil {
				return 0, nil, err // ErrInvalid: 400
			}
			if n += len(events); n > h.cfg.MaxEvents {
				return 0, nil, badRequest("more than %d events in one delivery", h.cfg.MaxEvents)
			}
			if _, err := is.Insert(events...); err != nil {
				return 0, nil, err // the delivery contradicts itself: 400 or 409
			}
		}
	}
	if len(issues) == 0 {
		return http.StatusOK, store.MergeReport{}, nil
	}
	rep, err := h.cfg.Store.MergeIssues(ctx, issues)
	if err != nil {
		return 0, nil, storeError(err)
	}
	return http.StatusOK, rep, nil
}

// storeError gives a store's error the status it answers with: 400, 409 or
// 413 for what the delivery got wrong, else 500 (or 503 when the store is
// closed), so the helpdesk retries.
func storeError(err error) error {
	switch {
	case errors.Is(err, store.ErrInvalid):
		return &httpError{http.StatusBadRequest, err.Error()}
	case errors.Is(err, store.ErrConflict):
		return &httpError{http.StatusConflict, err.Error()}
	case errors.Is(err, store.ErrTooLarge):
		return &httpError{http.StatusRequestEntityTooLarge, err.Error()}
	case errors.Is(err, store.ErrClosed):
		return &httpError{http.StatusServiceUnavailable, "store: " + err.Error()}
	}
	return &httpError{http.StatusInternalServerError, "store: " + err.Error()}
}

// httpError is an error with the status it answers with.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// invalidError marks an error as hypercare.ErrInvalid.
type invalidError struct{ err error }

func (e *invalidError) Error() string        { return e.err.Error() }
func (e *invalidError) Unwrap() error        { return e.err }
func (e *invalidError) Is(target error) bool { return target == hypercare.ErrInvalid }

// writeError answers err as {"error": ...}: with its status for an
// httpError, 409 for an event conflict, 400 for the library's bad input
// (hypercare.ErrInvalid), else 500.
func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var he *httpError
	switch {
	case errors.As(err, &he):
		status = he.status
	case errors.As(err, new(*hypercare.EventConflictError)):
		status = http.StatusConflict
	case errors.Is(err, hypercare.ErrInvalid):
		status = http.StatusBadRequest
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
