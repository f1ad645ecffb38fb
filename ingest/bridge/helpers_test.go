package bridge

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// The secrets of the test bridge.
const (
	zendeskSecret    = "zendesk-signing-secret"
	jsmSecret        = "jira-webhook-secret"
	servicenowToken  = "servicenow-token"
	genericToken     = "generic-token"
	signOffTestToken = "sponsor-only-token"
)

var bg = context.Background()

// testNow is the bridge's clock in tests: within a day of every fixture's
// events, all in June 2026 or before.
var testNow = time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)

func testEngagement() hypercare.Engagement {
	goLive := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	business, err := hypercare.NewCalendar(time.UTC, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	return hypercare.Engagement{ID: "erp", Name: "erp", Location: time.UTC, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 180), Policy: hypercare.DefaultPolicy(business)}
}

// The mappings of the adapters' fixtures: their groups and agents.
func zendeskMapping() hypercare.Mapping {
	m := hypercare.ZendeskMapping()
	m.Groups = []hypercare.TeamTerm{{Value: "360", Team: hypercare.SteadyState}, {Value: "361", Team: hypercare.Project}}
	m.Agents = []hypercare.AgentTerm{
		{Value: "7", Person: "ana", Team: hypercare.SteadyState},
		{Value: "8", Person: "raj", Team: hypercare.Project},
	}
	return m
}

func jsmMapping() hypercare.Mapping {
	m := hypercare.JSMMapping()
	m.Agents = []hypercare.AgentTerm{
		{Value: "ana-acct", Person: "ana", Team: hypercare.SteadyState},
		{Value: "raj-acct", Person: "raj", Team: hypercare.Project},
	}
	return m
}

func servicenowMapping() hypercare.Mapping {
	m := hypercare.ServiceNowMapping()
	m.Groups = []hypercare.TeamTerm{{Value: "grp-sd", Team: hypercare.SteadyState}, {Value: "grp-apps", Team: hypercare.Project}}
	m.Agents = []hypercare.AgentTerm{
		{Value: "usr-ana", Person: "ana", Team: hypercare.SteadyState}, {Value: "ana", Person: "ana", Team: hypercare.SteadyState},
		{Value: "usr-raj", Person: "raj", Team: hypercare.Project}, {Value: "raj", Person: "raj", Team: hypercare.Project},
	}
	return m
}

func testConfig(s store.Store) Config {
	return Config{
		Store:        s,
		Engagement:   "erp",
		Zendesk:      &Source{Secret: zendeskSecret, Mapping: zendeskMapping()},
		JSM:          &Source{Secret: jsmSecret, Mapping: jsmMapping()},
		ServiceNow:   &Source{Secret: servicenowToken, Mapping: servicenowMapping()},
		Generic:      &Source{Secret: genericToken},
		SignOffToken: signOffTestToken,
		Now:          func() time.Time { return testNow },
	}
}

// newStore returns a memory store holding the test engagement.
func newStore(t testing.TB) store.Store {
	t.Helper()
	s := store.NewMemory()
	t.Cleanup(func() { s.Close() })
	if err := s.CreateEngagement(bg, testEngagement()); err != nil {
		t.Fatal(err)
	}
	return s
}

func newBridge(t testing.TB, cfg Config) *Handler {
	t.Helper()
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// signed returns a delivery of body to the source's endpoint, authenticated
// as the source does it (Zendesk signed at testNow).
func signed(source, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/"+source, strings.NewReader(body))
	switch source {
	case "zendesk":
		ts := testNow.Format(time.RFC3339)
		r.Header.Set(ZendeskTimestampHeader, ts)
		r.Header.Set(ZendeskSignatureHeader, zendeskSignature(zendeskSecret, ts, body))
	case "jsm":
		r.Header.Set(HubSignatureHeader, hubSignature(jsmSecret, body))
	case "servicenow":
		r.Header.Set("Authorization", "Bearer "+servicenowToken)
	case "generic":
		r.Header.Set("Authorization", "Bearer "+genericToken)
	case "signoffs":
		r.Header.Set("Authorization", "Bearer "+signOffTestToken)
	}
	return r
}

func zendeskSignature(secret, ts, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + body))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func hubSignature(secret, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// serve answers r and returns the status and the error reason, if any.
func serve(h http.Handler, r *http.Request) (int, string) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &e)
	return w.Code, e.Error
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// issues returns every issue of the test engagement in s, by ID.
func issues(t testing.TB, s store.Store) map[hypercare.IssueID]hypercare.Issue {
	t.Helper()
	out := map[hypercare.IssueID]hypercare.Issue{}
	for is, err := range s.Issues(bg, store.IssueFilter{Engagement: "erp"}) {
		if err != nil {
			t.Fatal(err)
		}
		out[is.ID] = is
	}
	return out
}

// One delivery of each source, valid.
const (
	zendeskOK = `{"ticket_events": [{"id": 5001, "ticket_id": 155, "created_at": "2026-06-01T09:00:00Z", "updater_id": 9001,
  "child_events": [{"event_type": "Create", "status": "new"}, {"event_type": "Create", "priority": "urgent"},
    {"event_type": "Create", "type": "incident"}, {"event_type": "Create", "subject": "Payroll run fails"}]}]}`
	jsmOK = `{"timestamp": 1780304400000, "webhookEvent": "jira:issue_created", "user": {"accountId": "alice-acct"},
  "issue": {"key": "HD-11", "fields": {"summary": "Payroll run fails", "created": "2026-06-01T11:00:00.000+0200",
    "status": {"name": "Waiting for support"}, "priority": {"name": "High"}, "issuetype": {"name": "Incident"},
    "reporter": {"accountId": "alice-acct"}}}}`
	servicenowOK = `{"incident": {"sys_id": "a1", "number": "INC0010001", "short_description": "Payroll run fails",
  "sys_created_on": "2026-06-01 07:00:00", "sys_created_by": "priya", "state": "1", "priority": "1", "category": "software",
  "assignment_group": "grp-sd", "assigned_to": ""}}`
	genericOK = `{"id": "ev-1", "event": "created", "ticket": "T-1", "at": "2026-06-01T10:00:00+02:00", "priority": "high", "type": "incident", "title": "Invoices fail"}`
)

// okBody is the valid delivery of each source.
var okBody = map[string]string{"zendesk": zendeskOK, "jsm": jsmOK, "servicenow": servicenowOK, "generic": genericOK}
