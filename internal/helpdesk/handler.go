package helpdesk

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
	"github.com/hypercare-go/hypercare/ingest/bridge"
	"github.com/hypercare-go/hypercare/store"
)

// Handler serves the helpdesk bridge (package bridge) beside the SLA
// clocks and the exit verdict of one engagement. Its routes:
//
//	POST /webhooks             a ticket event in the bridge's generic form
//	                           (bridge.Config.Generic), with Auth.Token as bearer
//	                           token; 201 when it creates the ticket, 200 otherwise
//	POST /signoffs             a sign-off: {"by":"sofia","role":"sponsor","at":...},
//	                           with Auth.SignOffToken; 404 if that is empty
//	POST /hooks/zendesk, /hooks/jsm, /hooks/servicenow
//	                           the products' webhooks, when their secrets are set
//	GET  /issues/{ticket}      the ticket's issue: its timeline
//	GET  /issues/{ticket}/clocks   its state and first-response and resolution clocks
//	GET  /clocks?state=at-risk     every clock in that state (running, paused, met,
//	                           breached or at-risk; none: all), most urgent first;
//	                           metric=first-response|resolution narrows it
//	GET  /exit                 the exit verdict
//
// The GET routes take at=<RFC 3339 instant> to look at another instant than
// now. Every answer is JSON; an error is {"error": "..."} with 400 for a bad
// request (nothing is stored), 401 for a missing or wrong token, 404 for an
// unknown ticket or path, 405 for a wrong method, 409 when the ticket kept
// changing under a write (send it again) and 500 for a store failure.
//
// Webhooks may arrive late, twice and in any order, as helpdesks send them:
// the bridge places a late event by its time and holds what the timeline
// cannot place yet (GET /issues/{ticket} lists it with the reason).
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

// Auth holds the secrets of the bridge's endpoints; an empty one disables
// its endpoint, except Token, which is required.
type Auth struct {
	Token        string // bearer token of POST /webhooks
	SignOffToken string // bearer token of POST /signoffs
	Zendesk      string // Zendesk's signing secret
	JSM          string // the Jira webhook's secret
	ServiceNow   string // bearer token of /hooks/servicenow
}

// NewHandler returns a Handler recording into engagement eng of s, which
// must be stored there before the first request. now is the clock: time.Now
// in a server, a fixed instant in tests. The products' webhooks use
// their default mappings, every group and agent steady-state. It returns
// the bridge's error for an empty Token or a sign-off token equal to
// another secret.
func NewHandler(s store.Store, eng hypercare.EngagementID, now func() time.Time, auth Auth) (*Handler, error) {
	cfg := bridge.Config{Store: s, Engagement: eng, Now: now, SignOffToken: auth.SignOffToken,
		Generic: &bridge.Source{Secret: auth.Token}}
	if auth.Zendesk != "" {
		cfg.Zendesk = &bridge.Source{Secret: auth.Zendesk, Mapping: hypercare.ZendeskMapping()}
	}
	if auth.JSM != "" {
		cfg.JSM = &bridge.Source{Secret: auth.JSM, Mapping: hypercare.JSMMapping()}
	}
	if auth.ServiceNow != "" {
		cfg.ServiceNow = &bridge.Source{Secret: auth.ServiceNow, Mapping: hypercare.ServiceNowMapping()}
	}
	b, err := bridge.New(cfg)
	if err != nil {
		return nil, err
	}
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
	bridgeAt := func(path string) func(http.ResponseWriter, *http.Request) error {
		return func(w http.ResponseWriter, r *http.Request) error {
			r.URL.Path = path
			b.ServeHTTP(w, r)
			return nil
		}
	}
	route(http.MethodPost, "/webhooks", bridgeAt("/generic"))
	route(http.MethodPost, "/signoffs", bridgeAt("/signoffs"))
	h.mux.Handle("/hooks/", http.StripPrefix("/hooks", b))
	route(http.MethodGet, "/issues/{ticket}", h.getIssue)
	route(http.MethodGet, "/issues/{ticket}/clocks", h.getIssueClocks)
	route(http.MethodGet, "/clocks", h.getClocks)
	route(http.MethodGet, "/exit", h.getExit)
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &httpError{http.StatusNotFound, fmt.Sprintf("no route %s", r.URL.Path)})
	})
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

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

// checkTicket accepts the ticket IDs the generic form accepts: 1 to 64
// letters, digits and . _ : -, so an ID is safe in a URL path.
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

// parseInstant reads an RFC 3339 instant; the field is named in the error.
func parseInstant(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, badRequest("%s %q is not an RFC 3339 instant such as 2026-06-01T10:00:00+02:00", field, s)
	}
	return t, nil
}
