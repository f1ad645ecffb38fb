package helpdesk

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/bridge"
	"github.com/hypercare-go/hypercare/store"
)

// The engagement of every test: a CRM going live in Berlin on Monday
// 2026-06-01 at 08:00, two weeks planned (to Friday 2026-06-12 18:00), with
// the default SLA policy on Mon–Fri 09:00–17:00 and the default exit policy.
var berlin = mustLocation("Europe/Berlin")

const engID = "crm"

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// june returns 2026-06-<day> hh:mm in Berlin (CEST, +02:00).
func june(day, hh, mm int) time.Time { return time.Date(2026, time.June, day, hh, mm, 0, 0, berlin) }

// at formats june(day, hh, mm) as a webhook's at.
func at(day, hh, mm int) string { return june(day, hh, mm).Format(time.RFC3339) }

func engagement(t *testing.T) hypercare.Engagement {
	t.Helper()
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	return hypercare.Engagement{
		ID: engID, Location: berlin,
		GoLive: june(1, 8, 0), PlannedEnd: june(12, 18, 0),
		Policy: hypercare.DefaultPolicy(business),
	}
}

// fixture is a Handler on a store holding the engagement, with a clock the
// test sets between requests.
type fixture struct {
	t   *testing.T
	s   store.Store
	h   http.Handler
	now time.Time
}

func newFixture(t *testing.T, s store.Store) *fixture {
	t.Helper()
	if err := s.CreateEngagement(context.Background(), engagement(t)); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, s: s, now: june(12, 18, 0)}
	h, err := NewHandler(s, engID, func() time.Time { return f.now }, testAuth)
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	return f
}

func newMemoryFixture(t *testing.T) *fixture {
	s := store.NewMemory()
	t.Cleanup(func() { s.Close() })
	return newFixture(t, s)
}

// testAuth holds the tokens of every test.
var testAuth = Auth{Token: "helpdesk-token", SignOffToken: "sponsor-token"}

// authorize adds the bearer token of req's path.
func authorize(req *http.Request) {
	switch req.URL.Path {
	case "/webhooks":
		req.Header.Set("Authorization", "Bearer "+testAuth.Token)
	case "/signoffs":
		req.Header.Set("Authorization", "Bearer "+testAuth.SignOffToken)
	}
}

// webhookReply is the bridge's answer to a webhook of the generic form.
type webhookReply struct {
	Ticket    hypercare.IssueID     `json:"ticket"`
	Recorded  []hypercare.EventType `json:"recorded"`
	Duplicate bool                  `json:"duplicate,omitempty"`
	Note      string                `json:"note,omitempty"`
	Version   int                   `json:"version"`
	State     hypercare.State       `json:"state"`
	Held      []hypercare.HeldEvent `json:"held,omitempty"`
}

// maxAttempts is how often the bridge tries a generic webhook's write
// while other writes to the ticket come first.
const maxAttempts = 8

// do sends a request, with the path's token, and returns the status and
// body.
func (f *fixture) do(method, path, body string) (int, string) {
	f.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	authorize(req)
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		f.t.Errorf("%s %s: Content-Type %q, want application/json", method, path, ct)
	}
	return rec.Code, rec.Body.String()
}

// send posts a webhook that must succeed, and returns the reply.
func (f *fixture) send(body string) webhookReply {
	f.t.Helper()
	code, out := f.do("POST", "/webhooks", body)
	if code != http.StatusOK && code != http.StatusCreated {
		f.t.Fatalf("POST /webhooks %s: %d %s", body, code, out)
	}
	var rep webhookReply
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		f.t.Fatalf("reply %s: %v", out, err)
	}
	return rep
}

// get fetches path, which must answer 200, into v.
func (f *fixture) get(path string, v any) {
	f.t.Helper()
	code, out := f.do("GET", path, "")
	if code != http.StatusOK {
		f.t.Fatalf("GET %s: %d %s", path, code, out)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		f.t.Fatalf("GET %s: %v in %s", path, err, out)
	}
}

// events returns the ticket's timeline as stored.
func (f *fixture) events(ticket string) []hypercare.Event {
	f.t.Helper()
	is, err := f.s.Issue(context.Background(), engID, hypercare.IssueID(ticket))
	if err != nil {
		f.t.Fatal(err)
	}
	return is.Events()
}

// dump returns everything the store holds for the engagement, as JSON, to
// tell whether a request changed it.
func (f *fixture) dump() string {
	f.t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for is, err := range f.s.Issues(ctx, store.IssueFilter{}) {
		if err != nil {
			f.t.Fatal(err)
		}
		js, _ := json.Marshal(is)
		b.Write(append(js, '\n'))
	}
	for so, err := range f.s.SignOffs(ctx, engID) {
		if err != nil {
			f.t.Fatal(err)
		}
		js, _ := json.Marshal(so)
		b.Write(append(js, '\n'))
	}
	return b.String()
}

// hook builds a webhook body from the event, ticket, at and field pairs.
func hook(event, ticket, at string, fields ...string) string {
	m := map[string]string{"event": event, "ticket": ticket, "at": at}
	for i := 0; i+1 < len(fields); i += 2 {
		m[fields[i]] = fields[i+1]
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// equalInstants compares times with Equal: the file store returns UTC.
var equalInstants = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// TestWebhookKinds sends each kind of webhook after a prelude and checks
// the events it appends, worked out by hand from the mapping table.
func TestWebhookKinds(t *testing.T) {
	created := hook("created", "T-1", at(1, 9, 0), "priority", "high", "type", "incident", "title", "Invoices fail")
	pending := hook("status_changed", "T-1", at(1, 10, 0), "status", "pending")
	toDesk := hook("assigned", "T-1", at(1, 9, 5), "group", "service-desk", "agent", "ana")
	solved := hook("resolved", "T-1", at(1, 11, 0), "group", "service-desk", "agent", "ana")
	ev := func(typ hypercare.EventType, hh, mm int) hypercare.Event {
		return hypercare.Event{Type: typ, At: june(1, hh, mm)}
	}
	tests := []struct {
		name    string
		prelude []string
		hook    string
		code    int
		want    []hypercare.Event // appended by hook
		note    string            // substring of the note when nothing is appended
	}{
		{"created incident high", nil, created, 201,
			[]hypercare.Event{{Type: hypercare.EventOpened, At: june(1, 9, 0), Severity: hypercare.Sev2, Kind: hypercare.Defect}}, ""},
		{"created how-to low is a training gap", nil,
			hook("created", "T-1", at(1, 9, 0), "priority", "low", "type", "how-to"), 201,
			[]hypercare.Event{{Type: hypercare.EventOpened, At: june(1, 9, 0), Severity: hypercare.Sev3, Kind: hypercare.TrainingGap}}, ""},
		{"created urgent request", nil,
			hook("created", "T-1", at(1, 9, 0), "priority", "urgent", "type", "request"), 201,
			[]hypercare.Event{{Type: hypercare.EventOpened, At: june(1, 9, 0), Severity: hypercare.Sev1, Kind: hypercare.ChangeRequest}}, ""},
		{"created normal data", nil,
			hook("created", "T-1", at(1, 9, 0), "priority", "normal", "type", "data"), 201,
			[]hypercare.Event{{Type: hypercare.EventOpened, At: june(1, 9, 0), Severity: hypercare.Sev3, Kind: hypercare.DataFix}}, ""},
		{"priority high to urgent", []string{created},
			hook("priority_changed", "T-1", at(1, 9, 30), "priority", "urgent"), 200,
			[]hypercare.Event{{Type: hypercare.EventReclassified, At: june(1, 9, 30), Severity: hypercare.Sev1}}, ""},
		{"priority normal to low keeps Sev3",
			[]string{hook("created", "T-1", at(1, 9, 0), "priority", "normal", "type", "question")},
			hook("priority_changed", "T-1", at(1, 9, 30), "priority", "low"), 200, nil, "already has"},
		{"type incident to how-to", []string{created},
			hook("type_changed", "T-1", at(1, 9, 30), "type", "how-to"), 200,
			[]hypercare.Event{{Type: hypercare.EventReclassified, At: june(1, 9, 30), Kind: hypercare.TrainingGap}}, ""},
		{"type incident to problem keeps defect", []string{created},
			hook("type_changed", "T-1", at(1, 9, 30), "type", "problem"), 200, nil, "already is"},
		{"status pending pauses", []string{created}, pending, 200,
			[]hypercare.Event{{Type: hypercare.EventPaused, At: june(1, 10, 0), Reason: "waiting on the requester"}}, ""},
		{"status on-hold while pending changes the reason", []string{created, pending},
			hook("status_changed", "T-1", at(1, 11, 0), "status", "on-hold"), 200,
			[]hypercare.Event{ev(hypercare.EventResumed, 11, 0), {Type: hypercare.EventPaused, At: june(1, 11, 0), Reason: "waiting on a third party"}}, ""},
		{"status open while pending resumes", []string{created, pending},
			hook("status_changed", "T-1", at(1, 11, 0), "status", "open"), 200,
			[]hypercare.Event{ev(hypercare.EventResumed, 11, 0)}, ""},
		{"status open while open", []string{created},
			hook("status_changed", "T-1", at(1, 11, 0), "status", "open"), 200, nil, "already running"},
		{"status pending while pending", []string{created, pending},
			hook("status_changed", "T-1", at(1, 11, 0), "status", "pending"), 200, nil, "already paused"},
		{"assigned to the service desk", []string{created}, toDesk, 200,
			[]hypercare.Event{{Type: hypercare.EventAssigned, At: june(1, 9, 5), Team: hypercare.SteadyState, Person: "ana"}}, ""},
		{"assigned to the project from the service desk escalates", []string{created, toDesk},
			hook("assigned", "T-1", at(1, 9, 30), "group", "project", "agent", "bo"), 200,
			[]hypercare.Event{{Type: hypercare.EventEscalated, At: june(1, 9, 30), Person: "bo"}}, ""},
		{"assigned to the project first is no escalation", []string{created},
			hook("assigned", "T-1", at(1, 9, 30), "group", "project"), 200,
			[]hypercare.Event{{Type: hypercare.EventAssigned, At: june(1, 9, 30), Team: hypercare.Project}}, ""},
		{"assigned to another steady-state group and agent", []string{created, toDesk},
			hook("assigned", "T-1", at(1, 9, 30), "group", "app-support", "agent", "cem"), 200,
			[]hypercare.Event{{Type: hypercare.EventAssigned, At: june(1, 9, 30), Team: hypercare.SteadyState, Person: "cem"}}, ""},
		{"assigned again as it is", []string{created, toDesk},
			hook("assigned", "T-1", at(1, 9, 30), "group", "app-support", "agent", "ana"), 200, nil, "already assigned"},
		{"first reply responds", []string{created},
			hook("replied", "T-1", at(1, 9, 20), "agent", "ana"), 200,
			[]hypercare.Event{{Type: hypercare.EventResponded, At: june(1, 9, 20), Person: "ana"}}, ""},
		{"later reply is an update", []string{created, hook("replied", "T-1", at(1, 9, 20), "agent", "ana")},
			hook("replied", "T-1", at(1, 9, 40), "agent", "bo"), 200,
			[]hypercare.Event{{Type: hypercare.EventResponded, At: june(1, 9, 40), Person: "bo"}}, ""},
		{"resolved by a group and agent", []string{created}, solved, 200,
			[]hypercare.Event{{Type: hypercare.EventResolved, At: june(1, 11, 0), Team: hypercare.SteadyState, Person: "ana"}}, ""},
		{"resolved with no group: the owning team", []string{created, toDesk},
			hook("resolved", "T-1", at(1, 11, 0)), 200,
			[]hypercare.Event{ev(hypercare.EventResolved, 11, 0)}, ""},
		{"resolved while paused", []string{created, pending},
			hook("resolved", "T-1", at(1, 11, 0), "agent", "ana"), 200,
			[]hypercare.Event{{Type: hypercare.EventResolved, At: june(1, 11, 0), Person: "ana"}}, ""},
		{"reopened", []string{created, solved},
			hook("reopened", "T-1", at(2, 9, 0)), 200,
			[]hypercare.Event{{Type: hypercare.EventReopened, At: june(2, 9, 0)}}, ""},
		{"reopened as urgent", []string{created, solved},
			hook("reopened", "T-1", at(2, 9, 0), "priority", "urgent"), 200,
			[]hypercare.Event{{Type: hypercare.EventReopened, At: june(2, 9, 0), Severity: hypercare.Sev1}}, ""},
		{"same instant as the last event", []string{created},
			hook("resolved", "T-1", at(1, 9, 0), "group", "project"), 200,
			[]hypercare.Event{{Type: hypercare.EventResolved, At: june(1, 9, 0), Team: hypercare.Project}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newMemoryFixture(t)
			for _, p := range tc.prelude {
				f.send(p)
			}
			before := 0
			if len(tc.prelude) > 0 {
				before = len(f.events("T-1"))
			}
			code, out := f.do("POST", "/webhooks", tc.hook)
			if code != tc.code {
				t.Fatalf("status %d, want %d: %s", code, tc.code, out)
			}
			var rep webhookReply
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			got := f.events("T-1")[before:]
			if diff := cmp.Diff(tc.want, got, equalInstants, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("appended events (-want +got):\n%s", diff)
			}
			var types []hypercare.EventType
			for _, e := range tc.want {
				types = append(types, e.Type)
			}
			if diff := cmp.Diff(types, rep.Recorded, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("reply's recorded (-want +got):\n%s", diff)
			}
			if rep.Version != before+len(tc.want) || rep.Ticket != "T-1" || rep.Duplicate {
				t.Errorf("reply %+v, want version %d, ticket T-1, no duplicate", rep, before+len(tc.want))
			}
			if len(tc.want) == 0 && !strings.Contains(rep.Note, tc.note) {
				t.Errorf("note %q, want it to contain %q", rep.Note, tc.note)
			}

			// The same webhook delivered again records nothing more.
			snap := f.dump()
			again := f.send(tc.hook)
			if f.dump() != snap {
				t.Errorf("a second delivery changed the store")
			}
			if len(tc.want) > 0 && !again.Duplicate {
				t.Errorf("second delivery: %+v, want a duplicate", again)
			}
		})
	}
}

// TestBadPayloads sends a malformed or impossible webhook of every class
// and checks the status, that the message names the bad value, and that the
// store is unchanged.
func TestBadPayloads(t *testing.T) {
	prelude := []string{
		hook("created", "T-1", at(1, 9, 0), "priority", "high", "type", "incident"),
		hook("status_changed", "T-1", at(1, 10, 0), "status", "pending"),
		hook("created", "T-2", at(1, 9, 0), "priority", "low", "type", "question"),
		hook("resolved", "T-2", at(1, 9, 30), "group", "service-desk", "agent", "ana"),
	}
	ok := func(fields ...string) string {
		return hook("priority_changed", "T-1", at(1, 11, 0), append([]string{"priority", "urgent"}, fields...)...)
	}
	tests := []struct {
		name, body string
		code       int
		msg        string // substring of the error
	}{
		{"malformed JSON", `{"event":"created",`, 400, "malformed JSON"},
		{"empty body", ``, 400, "empty body"},
		{"not an object", `["created"]`, 400, "malformed JSON"},
		{"a number for a string", `{"event":"created","ticket":17}`, 400, "malformed JSON"},
		{"data after the object", ok() + ` {}`, 400, "data after the object"},
		{"unknown field", strings.Replace(ok(), `"priority"`, `"prority"`, 1), 400, `unknown field "prority"`},
		{"missing event", `{"ticket":"T-1","at":"` + at(1, 11, 0) + `"}`, 400, "missing event"},
		{"unknown event", hook("deleted", "T-1", at(1, 11, 0)), 400, `event "deleted" is not one of created,`},
		{"missing ticket", hook("priority_changed", "", at(1, 11, 0), "priority", "urgent"), 400, "missing ticket"},
		{"ticket with a space", hook("priority_changed", "T 1", at(1, 11, 0), "priority", "urgent"), 400, `ticket "T 1"`},
		{"ticket with a slash", hook("priority_changed", "../T-1", at(1, 11, 0), "priority", "urgent"), 400, `ticket "../T-1"`},
		{"missing at", hook("priority_changed", "T-1", "", "priority", "urgent"), 400, "missing at"},
		{"at not an instant", hook("priority_changed", "T-1", "yesterday", "priority", "urgent"), 400, `at "yesterday" is not an RFC 3339 instant`},
		{"at without offset", hook("priority_changed", "T-1", "2026-06-01T11:00:00", "priority", "urgent"), 400, `at "2026-06-01T11:00:00"`},
		{"at in the future", hook("priority_changed", "T-1", at(12, 18, 6), "priority", "urgent"), 400, "in the future"},
		{"unknown priority", hook("priority_changed", "T-1", at(1, 11, 0), "priority", "critical"), 400, `priority "critical" is not one of urgent, high, normal, low`},
		{"priority in upper case", hook("priority_changed", "T-1", at(1, 11, 0), "priority", "Urgent"), 400, `priority "Urgent"`},
		{"unknown type", hook("type_changed", "T-1", at(1, 11, 0), "type", "bug"), 400, `type "bug" is not one of incident,`},
		{"unknown status", hook("status_changed", "T-1", at(1, 11, 0), "status", "waiting"), 400, `status "waiting" is not one of open, pending, on-hold`},
		{"solved is no status", hook("status_changed", "T-1", at(1, 11, 0), "status", "solved"), 400, "a solved ticket is a resolved event"},
		{"unknown group", hook("assigned", "T-1", at(1, 11, 0), "group", "finance"), 400, `group "finance" is not one of service-desk,`},
		{"agent with a space", hook("assigned", "T-1", at(1, 11, 0), "group", "project", "agent", "ana b"), 400, `agent "ana b"`},
		{"created without priority", hook("created", "T-3", at(1, 11, 0), "type", "incident"), 400, "needs a priority"},
		{"created without type", hook("created", "T-3", at(1, 11, 0), "priority", "high"), 400, "needs a type"},
		{"replied without agent", hook("replied", "T-1", at(1, 11, 0)), 400, "needs an agent"},
		{"a field the event does not take", ok("title", "new title"), 400, `priority_changed event takes no title (got "new title")`},
		{"id with a space", `{"id":"a 1",` + ok()[1:], 400, `id "a 1"`},
		{"body too large", `{"event":"created","title":"` + strings.Repeat("x", bridge.DefaultMaxBody) + `"}`, 413, "body larger than"},
	}
	f := newMemoryFixture(t)
	for _, p := range prelude {
		f.send(p)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := f.dump()
			code, out := f.do("POST", "/webhooks", tc.body)
			if code != tc.code {
				t.Errorf("status %d, want %d: %s", code, tc.code, out)
			}
			var e struct{ Error string }
			if err := json.Unmarshal([]byte(out), &e); err != nil || !strings.Contains(e.Error, tc.msg) {
				t.Errorf("error %q (%v), want it to contain %q", e.Error, err, tc.msg)
			}
			if diff := cmp.Diff(before, f.dump()); diff != "" {
				t.Errorf("store changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestRoutes checks the answers that are not about a webhook's content:
// wrong methods, unknown paths and tickets, bad queries, sign-offs.
func TestRoutes(t *testing.T) {
	f := newMemoryFixture(t)
	f.send(hook("created", "T-1", at(1, 9, 0), "priority", "high", "type", "incident"))
	tests := []struct {
		method, path, body string
		code               int
		allow, msg         string
	}{
		{"GET", "/webhooks", "", 405, "POST", "method GET not allowed on /webhooks"},
		{"PUT", "/signoffs", "", 405, "POST", "use POST"},
		{"DELETE", "/exit", "", 405, "GET", "method DELETE"},
		{"POST", "/clocks", "{}", 405, "GET", ""},
		{"POST", "/issues/T-1/clocks", "", 405, "GET", ""},
		{"PATCH", "/issues/T-1", "", 405, "GET", ""},
		{"GET", "/nowhere", "", 404, "", "no route /nowhere"},
		{"GET", "/issues/T-9", "", 404, "", `unknown ticket "T-9"`},
		{"GET", "/issues/T-9/clocks", "", 404, "", `unknown ticket "T-9"`},
		{"GET", "/issues/T%201/clocks", "", 400, "", `ticket "T 1"`},
		{"GET", "/issues/T-1/clocks?at=2026-06-01T08:59:00%2B02:00", "", 400, "", "not opened yet"},
		{"GET", "/issues/T-1/clocks?at=noon", "", 400, "", `at "noon"`},
		{"GET", "/clocks?state=late", "", 400, "", `state "late" is not one of running, paused, met, breached, at-risk`},
		{"GET", "/clocks?metric=speed", "", 400, "", `unknown metric "speed"`},
		{"GET", "/exit?at=2026-06-01T07:00:00%2B02:00", "", 400, "", "before go-live"},
		{"POST", "/signoffs", `{"by":"sofia","role":"king"}`, 400, "", `unknown role "king"`},
		{"POST", "/signoffs", `{"by":"sofia"}`, 400, "", "missing role"},
		{"POST", "/signoffs", `{"role":"sponsor"}`, 400, "", "no signer"},
		{"POST", "/signoffs", `{"by":"sofia","role":"sponsor","at":"` + at(13, 9, 0) + `"}`, 400, "", "in the future"},
		{"POST", "/signoffs", `{"by":"sofia","role":"sponsor","when":"now"}`, 400, "", `unknown field "when"`},
		{"POST", "/hooks/zendesk", `{}`, 404, "", "Zendesk is not configured"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			before := f.dump()
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			authorize(req)
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			if rec.Code != tc.code {
				t.Errorf("status %d, want %d: %s", rec.Code, tc.code, rec.Body)
			}
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
			var e struct{ Error string }
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || !strings.Contains(e.Error, tc.msg) {
				t.Errorf("error %q (%v), want it to contain %q", e.Error, err, tc.msg)
			}
			if f.dump() != before {
				t.Errorf("store changed")
			}
		})
	}
}

// TestFullFlow runs two weeks of a hypercare through the webhooks, from the
// first ticket to the sponsor's sign-off, checking the clocks and the exit
// verdict on the way against values worked out by hand.
func TestFullFlow(t *testing.T) {
	for _, backend := range []string{"memory", "file"} {
		t.Run(backend, func(t *testing.T) {
			var s store.Store = store.NewMemory()
			if backend == "file" {
				fs, err := store.OpenFile(t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				s = fs
			}
			t.Cleanup(func() { s.Close() })
			fullFlow(t, newFixture(t, s))
		})
	}
}

func fullFlow(t *testing.T, f *fixture) {
	// Week 1. T-1: a Sev1 the project team fixes in two hours.
	f.send(hook("created", "T-1", at(1, 9, 0), "priority", "urgent", "type", "incident", "title", "Invoices cannot be posted"))
	f.send(hook("assigned", "T-1", at(1, 9, 5), "group", "project", "agent", "ana"))
	f.send(hook("replied", "T-1", at(1, 9, 10), "agent", "ana"))

	// At 10:00 the first response (10 min of 15) is met and the 4 h
	// resolution clock (24x7) has 1 h used: due 13:00.
	var c1 issueClocks
	f.get("/issues/T-1/clocks?at="+urlTime(1, 10, 0), &c1)
	wantClocks(t, "T-1 at Mon 10:00", c1.Clocks, []clockView{
		{hypercare.FirstResponse, hypercare.ClockMet, 10 * time.Minute, 15 * time.Minute, june(1, 9, 15), false},
		{hypercare.Resolution, hypercare.ClockRunning, time.Hour, 4 * time.Hour, june(1, 13, 0), false},
	})
	f.send(hook("resolved", "T-1", at(1, 11, 0), "group", "project", "agent", "ana"))

	// T-2: a Sev2 that waits on the requester from Monday 16:00 to
	// Wednesday 10:00, solved on Thursday by the service desk.
	f.send(hook("created", "T-2", at(1, 14, 0), "priority", "high", "type", "incident", "title", "Report export times out"))
	f.send(hook("assigned", "T-2", at(1, 14, 30), "group", "service-desk", "agent", "cem"))
	f.send(hook("replied", "T-2", at(1, 15, 0), "agent", "cem"))
	f.send(hook("status_changed", "T-2", at(1, 16, 0), "status", "pending"))

	// Tuesday noon: the resolution clock is paused with 2 business hours of
	// 16 used (Mon 14:00-16:00); resumed now, the 14 h left would run Tue
	// 12-17 (5 h), Wed 09-17 (8 h) and Thu 09-10 (1 h): due Thursday 10:00.
	var paused clockList
	f.get("/clocks?state=paused&at="+urlTime(2, 12, 0), &paused)
	if len(paused.Clocks) != 1 || paused.Clocks[0].Ticket != "T-2" || paused.Clocks[0].Clock.Metric != hypercare.Resolution ||
		paused.Clocks[0].Clock.Elapsed != 2*time.Hour || !paused.Clocks[0].Clock.Due.Equal(june(4, 10, 0)) {
		t.Errorf("paused clocks on Tue 12:00: %+v, want T-2 resolution with 2h used, due Thu 10:00", paused.Clocks)
	}
	f.send(hook("status_changed", "T-2", at(3, 10, 0), "status", "open"))

	f.send(hook("created", "T-3", at(2, 9, 30), "priority", "normal", "type", "how-to", "title", "Where is my dashboard?"))
	f.send(hook("assigned", "T-3", at(2, 9, 31), "group", "service-desk", "agent", "dan"))
	f.send(hook("resolved", "T-3", at(2, 10, 0), "group", "service-desk", "agent", "dan"))
	f.send(hook("created", "T-4", at(3, 11, 0), "priority", "low", "type", "question"))
	f.send(hook("resolved", "T-4", at(3, 11, 20), "group", "service-desk", "agent", "dan"))

	// Thursday 14:00: T-2 has used 14 of 16 business hours (Mon 14-16,
	// Wed 10-17, Thu 09-14): 87.5%, at risk (from 75%), due Thu 16:00. It is
	// the only clock at risk.
	var risky clockList
	f.get("/clocks?state=at-risk&at="+urlTime(4, 14, 0), &risky)
	if len(risky.Clocks) != 1 {
		t.Fatalf("at-risk clocks on Thu 14:00: %+v, want T-2's resolution only", risky.Clocks)
	}
	wantClocks(t, "at risk on Thu 14:00", []hypercare.Clock{risky.Clocks[0].Clock}, []clockView{
		{hypercare.Resolution, hypercare.ClockRunning, 14 * time.Hour, 16 * time.Hour, june(4, 16, 0), true},
	})
	if risky.Clocks[0].Ticket != "T-2" || risky.Clocks[0].Title != "Report export times out" {
		t.Errorf("at-risk clock is %q %q, want T-2", risky.Clocks[0].Ticket, risky.Clocks[0].Title)
	}
	f.send(hook("resolved", "T-2", at(4, 15, 30), "group", "service-desk", "agent", "cem"))
	var c2 issueClocks
	f.get("/issues/T-2/clocks?at="+urlTime(4, 16, 0), &c2)
	wantClocks(t, "T-2 solved", c2.Clocks, []clockView{
		{hypercare.FirstResponse, hypercare.ClockMet, time.Hour, 2 * time.Hour, june(1, 16, 0), false},
		{hypercare.Resolution, hypercare.ClockMet, 15*time.Hour + 30*time.Minute, 16 * time.Hour, june(4, 16, 0), false},
	})

	// Week 2: five tickets the steady-state team handles, one of them
	// escalated to the project team (T-8), one raised to Sev2 (T-7).
	f.send(hook("created", "T-5", at(8, 9, 0), "priority", "normal", "type", "question"))
	f.send(hook("assigned", "T-5", at(8, 9, 5), "group", "service-desk", "agent", "dan"))
	f.send(hook("resolved", "T-5", at(8, 9, 30), "group", "service-desk", "agent", "dan"))
	f.send(hook("created", "T-6", at(8, 11, 0), "priority", "normal", "type", "how-to"))
	f.send(hook("resolved", "T-6", at(8, 11, 45), "group", "service-desk", "agent", "eva"))
	f.send(hook("created", "T-7", at(9, 9, 0), "priority", "normal", "type", "incident"))
	f.send(hook("assigned", "T-7", at(9, 9, 10), "group", "service-desk", "agent", "cem"))
	f.send(hook("priority_changed", "T-7", at(9, 10, 0), "priority", "high"))
	f.send(hook("replied", "T-7", at(9, 10, 15), "agent", "cem"))
	f.send(hook("resolved", "T-7", at(9, 15, 0), "group", "service-desk", "agent", "cem"))
	f.send(hook("created", "T-8", at(10, 9, 0), "priority", "normal", "type", "incident"))
	f.send(hook("assigned", "T-8", at(10, 9, 10), "group", "service-desk", "agent", "dan"))
	if rep := f.send(hook("assigned", "T-8", at(10, 11, 0), "group", "project", "agent", "ana")); !rep.State.Escalated {
		t.Errorf("T-8 handed to the project: state %+v, want escalated", rep.State)
	}
	f.send(hook("resolved", "T-8", at(10, 14, 0), "group", "project", "agent", "ana"))
	f.send(hook("created", "T-9", at(10, 13, 0), "priority", "low", "type", "request"))
	f.send(hook("assigned", "T-9", at(10, 13, 5), "group", "app-support", "agent", "eva"))
	f.send(hook("resolved", "T-9", at(10, 16, 0), "group", "app-support", "agent", "eva"))

	// Thursday noon: T-7 became Sev2 on Tuesday 10:00, so "no new Sev1/2
	// for 3 days" holds from Friday 10:00. Takeover: 6 resolved in the last
	// 7 days (T-2 Thu 15:30, T-5..T-9), all but T-8 by the steady-state
	// team: 5 of 6 ≥ 0.8, and still 4 of 5 once T-2 leaves the window. So
	// the earliest exit is Friday 10:00, with the sign-off then, within the
	// planned end.
	var v hypercare.Verdict
	f.get("/exit?at="+urlTime(11, 12, 0), &v)
	if v.Ready || v.ReadyForSignOff || !v.EarliestExit.Equal(june(12, 10, 0)) || v.ExtensionDays != 0 {
		t.Errorf("verdict on Thu 12:00: %s\nearliest exit %s, want not ready, earliest exit Fri 10:00, no extension", v, v.EarliestExit)
	}
	if got := metList(v); got != "no new Sev1/2 for 3 days=false no open Sev1/2=true takeover=true sponsor=false" {
		t.Errorf("criteria on Thu 12:00: %s", got)
	}

	// Friday 16:00: every criterion but the sponsor's holds.
	f.get("/exit?at="+urlTime(12, 16, 0), &v)
	if v.Ready || !v.ReadyForSignOff || !v.EarliestExit.Equal(june(12, 16, 0)) {
		t.Errorf("verdict on Fri 16:00: %s, want ready for sign-off", v)
	}
	if want := "Ready for sponsor sign-off: every other criterion is met"; v.Summary != want {
		t.Errorf("summary %q, want %q", v.Summary, want)
	}
	if code, out := f.do("POST", "/signoffs", `{"by":"sofia","role":"sponsor","at":"`+at(12, 16, 30)+`","note":"go"}`); code != 201 {
		t.Fatalf("sign-off: %d %s", code, out)
	}
	f.get("/exit?at="+urlTime(12, 17, 0), &v)
	if !v.Ready || v.Summary != "Ready to exit: all 4 criteria are met" {
		t.Errorf("verdict after the sign-off: %s, want ready", v)
	}
	// Without at, the verdict is now's (Fri 18:00): still ready.
	f.get("/exit", &v)
	if !v.Ready || !v.AsOf.Equal(f.now) {
		t.Errorf("verdict now: ready %v as of %s, want ready as of %s", v.Ready, v.AsOf, f.now)
	}

	// The timeline of T-2 as the store has it.
	var is hypercare.Issue
	f.get("/issues/T-2", &is)
	var types []string
	for _, e := range is.Events() {
		types = append(types, e.Type.String())
	}
	if got, want := strings.Join(types, " "), "opened assigned responded paused resumed resolved"; got != want {
		t.Errorf("T-2 timeline %q, want %q", got, want)
	}
}

// urlTime is at(day, hh, mm) escaped for a query.
func urlTime(day, hh, mm int) string { return strings.Replace(at(day, hh, mm), "+", "%2B", 1) }

// clockView is what a test checks of a clock.
type clockView struct {
	Metric  hypercare.Metric
	State   hypercare.ClockState
	Elapsed time.Duration
	Target  time.Duration
	Due     time.Time
	AtRisk  bool
}

func wantClocks(t *testing.T, what string, got []hypercare.Clock, want []clockView) {
	t.Helper()
	var views []clockView
	for _, c := range got {
		views = append(views, clockView{c.Metric, c.State, c.Elapsed, c.Target, c.Due, c.AtRisk})
	}
	if diff := cmp.Diff(want, views, equalInstants); diff != "" {
		t.Errorf("%s: clocks (-want +got):\n%s", what, diff)
	}
}

// metList summarises which criteria of a verdict are met.
func metList(v hypercare.Verdict) string {
	var parts []string
	for _, r := range v.Results {
		name := r.Criterion
		switch {
		case strings.HasPrefix(name, "steady-state takeover"):
			name = "takeover"
		case strings.HasPrefix(name, "sponsor"):
			name = "sponsor"
		}
		parts = append(parts, fmt.Sprintf("%s=%v", name, r.Met))
	}
	return strings.Join(parts, " ")
}

// TestConcurrentWebhooks posts webhooks for one ticket from many
// goroutines, each delivered twice, over real HTTP, as a helpdesk with
// parallel workers would; a 409 is sent again, as helpdesks do. Nothing may
// be lost or recorded twice. Run it under -race.
func TestConcurrentWebhooks(t *testing.T) {
	for _, backend := range []string{"memory", "file"} {
		t.Run(backend, func(t *testing.T) {
			var s store.Store = store.NewMemory()
			if backend == "file" {
				fs, err := store.OpenFile(t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				s = fs
			}
			t.Cleanup(func() { s.Close() })
			f := newFixture(t, s)
			srv := httptest.NewServer(f.h)
			defer srv.Close()

			const agents = 12
			bodies := []string{hook("created", "T-1", at(1, 9, 0), "priority", "high", "type", "incident")}
			for i := range agents {
				// All at one instant, so any order of arrival is in order.
				bodies = append(bodies, hook("assigned", "T-1", at(1, 10, 0), "group", "service-desk", "agent", fmt.Sprintf("agent-%02d", i)))
			}
			var conflicts atomic.Int64 // 409s sent again, for the log
			post := func(body string) (int, string) {
				for range 50 {
					req, err := http.NewRequest(http.MethodPost, srv.URL+"/webhooks", strings.NewReader(body))
					if err != nil {
						return 0, err.Error()
					}
					authorize(req)
					resp, err := srv.Client().Do(req)
					if err != nil {
						return 0, err.Error()
					}
					out, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusConflict {
						return resp.StatusCode, string(out)
					}
					conflicts.Add(1)
				}
				return http.StatusConflict, "gave up"
			}
			// The ticket is created twice at once, then every assignment
			// twice at once.
			var wg sync.WaitGroup
			errs := make(chan string, 4*len(bodies))
			for i, b := range bodies {
				if i == 1 {
					wg.Wait()
				}
				for range 2 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if code, out := post(b); code != http.StatusOK && code != http.StatusCreated {
							errs <- fmt.Sprintf("%s: %d %s", b, code, out)
						}
					}()
				}
			}
			wg.Wait()
			close(errs)
			for e := range errs {
				t.Error(e)
			}
			t.Logf("%d requests answered 409 and were sent again", conflicts.Load())
			events := f.events("T-1")
			seen := map[hypercare.PersonID]int{}
			for _, e := range events[1:] {
				seen[e.Person]++
			}
			if len(events) != 1+agents || len(seen) != agents {
				t.Errorf("%d events for %d agents, want 1 opened + %d assigned, each agent once: %v", len(events), len(seen), agents, seen)
			}
		})
	}
}

// TestEnsureEngagement checks main's wiring: it creates the engagement
// once and leaves an existing one alone.
func TestEnsureEngagement(t *testing.T) {
	ctx := context.Background()
	s := store.NewMemory()
	defer s.Close()
	if err := ensureEngagement(ctx, io.Discard, s, "demo", "Europe/Berlin", "Mon-Fri 09:00-17:00"); err != nil {
		t.Fatal(err)
	}
	first, err := s.Engagement(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if err := ensureEngagement(ctx, io.Discard, s, "demo", "Asia/Tokyo", "Mon-Sun 00:00-24:00"); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Engagement(ctx, "demo")
	if !again.GoLive.Equal(first.GoLive) || again.Location.String() != "Europe/Berlin" {
		t.Errorf("second call changed the engagement: %v in %v", again.GoLive, again.Location)
	}
	if err := ensureEngagement(ctx, io.Discard, s, "bad", "Europe/Berlin", "Mon-Fri 9-17"); err == nil {
		t.Errorf("bad business hours accepted")
	}
}

// racingStore is a store in which another writer gets in just before each
// of the first n writes of the handler, so that they conflict.
type racingStore struct {
	store.Store
	mu sync.Mutex
	n  int
}

// AppendEvents lets another agent reply first.
func (r *racingStore) AppendEvents(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int, events ...hypercare.Event) (hypercare.Issue, error) {
	r.mu.Lock()
	if r.n > 0 {
		r.n--
		cur, err := r.Store.Issue(ctx, eng, id)
		if err != nil {
			panic(err)
		}
		reply := hypercare.Event{Type: hypercare.EventResponded, At: june(1, 9, 30), Person: "zed"}
		if _, err := r.Store.AppendEvents(ctx, eng, id, cur.Len(), reply); err != nil {
			panic(err)
		}
	}
	r.mu.Unlock()
	return r.Store.AppendEvents(ctx, eng, id, version, events...)
}

// CreateIssue lets another delivery of the same created webhook in first.
func (r *racingStore) CreateIssue(ctx context.Context, is hypercare.Issue) error {
	r.mu.Lock()
	if r.n > 0 {
		r.n--
		if err := r.Store.CreateIssue(ctx, is); err != nil {
			panic(err)
		}
	}
	r.mu.Unlock()
	return r.Store.CreateIssue(ctx, is)
}

// TestRetryOnConflict checks that a write losing a race is retried once on
// a fresh read, and that losing twice is a 409 that stores nothing.
func TestRetryOnConflict(t *testing.T) {
	pending := hook("status_changed", "T-1", at(1, 10, 0), "status", "pending")
	for _, tc := range []struct {
		races int
		code  int
		want  string // the timeline's event types
	}{
		{0, 200, "opened paused"},
		{1, 200, "opened responded paused"},
		{2, 200, "opened responded responded paused"},
		{maxAttempts, 409, "opened" + strings.Repeat(" responded", maxAttempts)},
	} {
		t.Run(fmt.Sprint(tc.races, " races"), func(t *testing.T) {
			rs := &racingStore{Store: store.NewMemory()}
			defer rs.Close()
			f := newFixture(t, rs)
			f.send(hook("created", "T-1", at(1, 9, 0), "priority", "high", "type", "incident"))
			rs.n = tc.races
			code, out := f.do("POST", "/webhooks", pending)
			if code != tc.code {
				t.Errorf("status %d, want %d: %s", code, tc.code, out)
			}
			var types []string
			for _, e := range f.events("T-1") {
				types = append(types, e.Type.String())
			}
			if got := strings.Join(types, " "); got != tc.want {
				t.Errorf("timeline %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("created twice at once", func(t *testing.T) {
		rs := &racingStore{Store: store.NewMemory(), n: 1}
		defer rs.Close()
		f := newFixture(t, rs)
		rep := f.send(hook("created", "T-1", at(1, 9, 0), "priority", "high", "type", "incident"))
		if !rep.Duplicate || rep.Version != 1 {
			t.Errorf("reply %+v, want a duplicate at version 1", rep)
		}
	})
}

// TestOutOfOrderDeliveries sends a ticket's webhooks in reverse, twice, and
// concurrently: every valid event is accepted (201 or 200, never 400), held
// while its timeline cannot place it, and the timeline ends as in order; a
// repeat of an id with other content is the one 409.
func TestOutOfOrderDeliveries(t *testing.T) {
	inOrder := []string{
		hook("created", "T-7", at(1, 9, 0), "id", "e1", "priority", "urgent", "type", "incident", "title", "Orders stuck"),
		hook("assigned", "T-7", at(1, 9, 5), "id", "e2", "group", "project", "agent", "dora"),
		hook("replied", "T-7", at(1, 9, 10), "id", "e3", "agent", "eli"),
		hook("assigned", "T-7", at(1, 9, 20), "id", "e4", "group", "project", "agent", "ben"),
		hook("resolved", "T-7", at(1, 11, 0), "id", "e5", "group", "project", "agent", "ben"),
	}
	want := newMemoryFixture(t)
	for _, b := range inOrder {
		want.send(b)
	}

	f := newMemoryFixture(t)
	// The resolution first: the ticket is created with the event held.
	code, out := f.do("POST", "/webhooks", inOrder[4])
	if code != http.StatusCreated || !strings.Contains(out, `"reason": "resolved event before the issue is opened"`) {
		t.Fatalf("the resolution first: %d %s; want 201 with it held", code, out)
	}
	var is hypercare.Issue
	f.get("/issues/T-7", &is)
	if h := is.Held(); len(h) != 1 || h[0].Event.ID != "e5" {
		t.Errorf("GET /issues/T-7 holds %v, want the resolution", h)
	}
	// The rest in reverse, each twice, the repeats at once.
	var wg sync.WaitGroup
	for i := 3; i >= 0; i-- {
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if code, out := f.do("POST", "/webhooks", inOrder[i]); code != http.StatusOK {
					t.Errorf("%s: %d %s, want 200", inOrder[i], code, out)
				}
			}()
		}
		wg.Wait()
	}
	if d := cmp.Diff(want.events("T-7"), f.events("T-7"), equalInstants); d != "" {
		t.Errorf("timeline after out-of-order delivery (-in order +got):\n%s", d)
	}
	f.get("/issues/T-7", &is)
	if len(is.Held()) != 0 || is.Title != "Orders stuck" || is.State().Status != hypercare.StatusResolved || is.State().ResolvedBy != "ben" {
		t.Errorf("after every event: held %v, title %q, state %+v; want nothing held, the title, resolved by ben", is.Held(), is.Title, is.State())
	}
	// A repeat is a duplicate; the same id with other content a conflict.
	if rep := f.send(inOrder[2]); !rep.Duplicate {
		t.Errorf("a repeat: %+v, want a duplicate", rep)
	}
	before := f.dump()
	code, out = f.do("POST", "/webhooks", hook("replied", "T-7", at(1, 9, 11), "id", "e3", "agent", "eli"))
	if code != http.StatusConflict || !strings.Contains(out, `event \"e3\" conflicts`) {
		t.Errorf("the same id with other content: %d %s, want 409", code, out)
	}
	if d := cmp.Diff(before, f.dump()); d != "" {
		t.Errorf("a conflict changed the store (-before +after):\n%s", d)
	}
}

// Webhooks and sign-offs need their own tokens: nothing is stored without.
func TestTokens(t *testing.T) {
	f := newMemoryFixture(t)
	for _, tc := range []struct{ path, body, auth string }{
		{"/webhooks", hook("created", "T-1", at(1, 9, 0), "priority", "high", "type", "incident"), ""},
		{"/webhooks", hook("created", "T-1", at(1, 9, 0), "priority", "high", "type", "incident"), "Bearer " + testAuth.SignOffToken},
		{"/signoffs", `{"by":"sofia","role":"sponsor"}`, "Bearer " + testAuth.Token},
	} {
		req := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(tc.body))
		if tc.auth != "" {
			req.Header.Set("Authorization", tc.auth)
		}
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("%s with %q: %d, want 401: %s", tc.path, tc.auth, rec.Code, rec.Body)
		}
	}
	if d := f.dump(); d != "" {
		t.Errorf("stored without a token:\n%s", d)
	}
}
