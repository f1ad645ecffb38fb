package bridge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// Each signing product: a valid delivery is recorded; a tampered body, a
// wrong secret, a stale or future timestamp and a missing header are 401
// with the reason, and nothing is stored.
func TestSignatures(t *testing.T) {
	ts := testNow.Format(time.RFC3339)
	zendesk := func(secret, ts, signedBody, sentBody string, headers ...string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/zendesk", strings.NewReader(sentBody))
		r.Header.Set(ZendeskTimestampHeader, ts)
		r.Header.Set(ZendeskSignatureHeader, zendeskSignature(secret, ts, signedBody))
		for _, h := range headers {
			r.Header.Del(h)
		}
		return r
	}
	jsm := func(secret, signedBody, sentBody string, drop bool) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/jsm", strings.NewReader(sentBody))
		if !drop {
			r.Header.Set(HubSignatureHeader, hubSignature(secret, signedBody))
		}
		return r
	}
	tampered := strings.Replace(zendeskOK, "urgent", "low", 1)
	jsmTampered := strings.Replace(jsmOK, "High", "Highest", 1)
	stale := testNow.Add(-DefaultReplayWindow - time.Second).Format(time.RFC3339)
	future := testNow.Add(DefaultReplayWindow + time.Second).Format(time.RFC3339)
	edge := testNow.Add(-DefaultReplayWindow).Format(time.RFC3339)
	for _, tc := range []struct {
		name   string
		req    *http.Request
		status int
		reason string
	}{
		{name: "zendesk valid", req: zendesk(zendeskSecret, ts, zendeskOK, zendeskOK), status: 200},
		{name: "zendesk at the edge of the window", req: zendesk(zendeskSecret, edge, zendeskOK, zendeskOK), status: 200},
		{name: "zendesk tampered body", req: zendesk(zendeskSecret, ts, zendeskOK, tampered), status: 401, reason: "does not match the body and timestamp"},
		{name: "zendesk wrong secret", req: zendesk("guessed", ts, zendeskOK, zendeskOK), status: 401, reason: "does not match"},
		{name: "zendesk stale timestamp", req: zendesk(zendeskSecret, stale, zendeskOK, zendeskOK), status: 401, reason: "stale or replayed"},
		{name: "zendesk future timestamp", req: zendesk(zendeskSecret, future, zendeskOK, zendeskOK), status: 401, reason: "stale or replayed"},
		{name: "zendesk missing signature", req: zendesk(zendeskSecret, ts, zendeskOK, zendeskOK, ZendeskSignatureHeader), status: 401, reason: "missing X-Zendesk-Webhook-Signature"},
		{name: "zendesk missing timestamp", req: zendesk(zendeskSecret, ts, zendeskOK, zendeskOK, ZendeskTimestampHeader), status: 401, reason: "missing"},
		{name: "jsm valid", req: jsm(jsmSecret, jsmOK, jsmOK, false), status: 200},
		{name: "jsm tampered body", req: jsm(jsmSecret, jsmOK, jsmTampered, false), status: 401, reason: "does not match the body"},
		{name: "jsm wrong secret", req: jsm("guessed", jsmOK, jsmOK, false), status: 401, reason: "does not match the body"},
		{name: "jsm missing header", req: jsm(jsmSecret, jsmOK, jsmOK, true), status: 401, reason: "missing X-Hub-Signature"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			h := newBridge(t, testConfig(s))
			status, reason := serve(h, tc.req)
			if status != tc.status || !strings.Contains(reason, tc.reason) {
				t.Fatalf("got %d %q, want %d with %q", status, reason, tc.status, tc.reason)
			}
			if n := len(issues(t, s)); (tc.status == 200) != (n == 1) {
				t.Errorf("%d issues stored after %d", n, status)
			}
		})
	}
}

// A signed Jira delivery carries no signed time: a replay of it is
// recorded once, by the identity of its events.
func TestJSMReplayIsIdempotent(t *testing.T) {
	s := newStore(t)
	h := newBridge(t, testConfig(s))
	for range 3 {
		if status, reason := serve(h, signed("jsm", jsmOK)); status != 200 {
			t.Fatalf("got %d %q", status, reason)
		}
	}
	is := issues(t, s)["HD-11"]
	if is.Version() != 1 {
		t.Errorf("version %d after three deliveries of one event, want 1", is.Version())
	}
}

// Bearer-token sources and sign-offs: a missing header, another scheme or
// a wrong token is 401; each source's token opens its endpoint only.
func TestBearerTokens(t *testing.T) {
	for _, tc := range []struct {
		name, path, auth string
		status           int
	}{
		{name: "servicenow valid", path: "/servicenow", auth: "Bearer " + servicenowToken, status: 200},
		{name: "servicenow missing", path: "/servicenow", status: 401},
		{name: "servicenow basic", path: "/servicenow", auth: "Basic " + servicenowToken, status: 401},
		{name: "servicenow wrong", path: "/servicenow", auth: "Bearer " + genericToken, status: 401},
		{name: "generic valid", path: "/generic", auth: "Bearer " + genericToken, status: 201},
		{name: "generic with the sign-off token", path: "/generic", auth: "Bearer " + signOffTestToken, status: 401},
		{name: "sign-off with a source's token", path: "/signoffs", auth: "Bearer " + genericToken, status: 401},
		{name: "sign-off valid", path: "/signoffs", auth: "Bearer " + signOffTestToken, status: 201},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			h := newBridge(t, testConfig(s))
			body := okBody[strings.TrimPrefix(tc.path, "/")]
			if tc.path == "/signoffs" {
				body = `{"by": "sofia", "role": "sponsor", "at": "2026-06-30T10:00:00Z"}`
			}
			r := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(body))
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			status, reason := serve(h, r)
			if status != tc.status {
				t.Fatalf("got %d %q, want %d", status, reason, tc.status)
			}
			if status == 401 && !strings.Contains(reason, "bearer token") && !strings.Contains(reason, "Authorization") {
				t.Errorf("reason %q does not say what is wrong", reason)
			}
			signOffs := 0
			for _, err := range s.SignOffs(bg, "erp") {
				if err != nil {
					t.Fatal(err)
				}
				signOffs++
			}
			if stored := len(issues(t, s)) + signOffs; (status < 300) != (stored == 1) {
				t.Errorf("%d things stored after %d", stored, status)
			}
		})
	}
}

// Sign-offs are refused unless enabled with a token of their own.
func TestSignOffsNeedTheirOwnToken(t *testing.T) {
	s := newStore(t)
	cfg := testConfig(s)
	cfg.SignOffToken = ""
	h := newBridge(t, cfg)
	r := httptest.NewRequest(http.MethodPost, "/signoffs", strings.NewReader(`{"by": "sofia", "role": "sponsor"}`))
	r.Header.Set("Authorization", "Bearer "+genericToken)
	if status, reason := serve(h, r); status != 404 || !strings.Contains(reason, "sign-offs are not accepted") {
		t.Errorf("sign-off with sign-offs disabled: %d %q, want 404", status, reason)
	}
	cfg.SignOffToken = genericToken
	if _, err := New(cfg); !errors.Is(err, hypercare.ErrInvalid) || !strings.Contains(err.Error(), "sign-off token must differ") {
		t.Errorf("New with the sign-off token equal to a source's secret: %v", err)
	}
}

func TestNewRejects(t *testing.T) {
	s := newStore(t)
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{name: "no store", change: func(c *Config) { c.Store = nil }, want: "no store"},
		{name: "no engagement", change: func(c *Config) { c.Engagement = "" }, want: "no engagement"},
		{name: "no source", change: func(c *Config) { c.Zendesk, c.JSM, c.ServiceNow, c.Generic = nil, nil, nil, nil }, want: "no source"},
		{name: "empty secret", change: func(c *Config) { c.JSM.Secret = "" }, want: "JSM: empty secret"},
		{name: "bad mapping", change: func(c *Config) { c.Zendesk.Mapping.DefaultLevel = "P9" }, want: "Zendesk: hypercare: mapping"},
		{name: "negative limit", change: func(c *Config) { c.MaxBody = -1 }, want: "negative limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(s)
			tc.change(&cfg)
			_, err := New(cfg)
			if !errors.Is(err, hypercare.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New: %v, want ErrInvalid with %q", err, tc.want)
			}
		})
	}
}

// Bad input to each endpoint is a 4xx naming what is wrong, and nothing is
// stored.
func TestBadInput(t *testing.T) {
	big := `{"ticket_events": [], "pad": "` + strings.Repeat("x", 2<<20) + `"}`
	longTitle := strings.Repeat("t", DefaultMaxTitle+1)
	for _, tc := range []struct {
		name, source, body string
		status             int
		reason             string
	}{
		{name: "zendesk malformed JSON", source: "zendesk", body: `{"ticket_events": [{"id": 1,`, status: 400, reason: "zendesk"},
		{name: "zendesk wrong type", source: "zendesk", body: `{"ticket_events": [{"id": 1, "ticket_id": 2, "created_at": 17}]}`, status: 400, reason: "created_at: want a string, got 17"},
		{name: "zendesk unknown status", source: "zendesk", body: strings.Replace(zendeskOK, `"new"`, `"limbo"`, 1), status: 400, reason: `status "limbo" is not mapped`},
		{name: "zendesk 2 MiB body", source: "zendesk", body: big, status: 413, reason: "body larger than 1048576 bytes"},
		{name: "zendesk NUL byte", source: "zendesk", body: strings.Replace(zendeskOK, `"new"`, "\"n\x00ew\"", 1), status: 400, reason: "invalid character"},
		{name: "zendesk escaped NUL in a status", source: "zendesk", body: strings.Replace(zendeskOK, `"new"`, `"new\u0000"`, 1), status: 400, reason: "control character"},
		{name: "zendesk second event of a page bad", source: "zendesk", body: strings.Replace(zendeskOK, `]}]}`, `]}, {"id": 5002, "ticket_id": 156}]}`, 1), status: 400, reason: "no created_at or timestamp"},
		{name: "zendesk too long a title", source: "zendesk", body: strings.Replace(zendeskOK, "Payroll run fails", longTitle, 1), status: 400, reason: "longer than 1024"},
		{name: "jsm malformed JSON", source: "jsm", body: `{"webhookEvent": `, status: 400, reason: "jsm: webhook"},
		{name: "jsm wrong type", source: "jsm", body: strings.Replace(jsmOK, `"timestamp": 1780304400000`, `"timestamp": "soon"`, 1), status: 400, reason: "cannot unmarshal string"},
		{name: "jsm unknown status", source: "jsm", body: strings.Replace(jsmOK, "Waiting for support", "Limbo", 1), status: 400, reason: `status "Limbo" is not mapped`},
		{name: "jsm other event", source: "jsm", body: strings.Replace(jsmOK, "jira:issue_created", "sprint_started", 1), status: 400, reason: `webhookEvent "sprint_started" is not one of`},
		{name: "jsm 2 MiB body", source: "jsm", body: big, status: 413, reason: "body larger"},
		{name: "jsm NUL in the key", source: "jsm", body: strings.Replace(jsmOK, `"HD-11"`, `"HD-\u000011"`, 1), status: 400, reason: "control character"},
		{name: "servicenow malformed JSON", source: "servicenow", body: `{"incident": {"sys_id": }`, status: 400, reason: "servicenow: webhook"},
		{name: "servicenow wrong type", source: "servicenow", body: strings.Replace(servicenowOK, `"state": "1"`, `"state": 1`, 1), status: 400, reason: "cannot unmarshal number"},
		{name: "servicenow unknown state", source: "servicenow", body: strings.Replace(servicenowOK, `"state": "1"`, `"state": "42"`, 1), status: 400, reason: `status "42" is not mapped`},
		{name: "servicenow no incident", source: "servicenow", body: `{"audit": []}`, status: 400, reason: "no incident"},
		{name: "servicenow 2 MiB body", source: "servicenow", body: big, status: 413, reason: "body larger"},
		{name: "servicenow NUL byte", source: "servicenow", body: "\x00" + servicenowOK, status: 400, reason: "invalid character"},
		{name: "servicenow too long a value", source: "servicenow", body: strings.Replace(servicenowOK, `"grp-sd"`, `"`+strings.Repeat("g", DefaultMaxField+1)+`"`, 1), status: 400, reason: "longer than 256 bytes"},
		{name: "generic malformed JSON", source: "generic", body: `{"event": "created"`, status: 400, reason: "malformed JSON"},
		{name: "generic wrong type", source: "generic", body: strings.Replace(genericOK, `"priority": "high"`, `"priority": 1`, 1), status: 400, reason: "cannot unmarshal number"},
		{name: "generic unknown status", source: "generic", body: `{"event": "status_changed", "ticket": "T-1", "at": "2026-06-01T10:00:00Z", "status": "limbo"}`, status: 400, reason: `status "limbo" is not one of`},
		{name: "generic 2 MiB body", source: "generic", body: big, status: 413, reason: "body larger"},
		{name: "generic NUL in the ticket", source: "generic", body: strings.Replace(genericOK, `"T-1"`, `"T-\u00001"`, 1), status: 400, reason: "want 1 to 64 letters"},
		{name: "generic too long a title", source: "generic", body: strings.Replace(genericOK, "Invoices fail", longTitle, 1), status: 400, reason: "longer than 1024"},
		{name: "generic future instant", source: "generic", body: strings.Replace(genericOK, "2026-06-01T10:00:00+02:00", "2027-01-01T00:00:00Z", 1), status: 400, reason: "in the future"},
		{name: "signoffs unknown role", source: "signoffs", body: `{"by": "sofia", "role": "king"}`, status: 400, reason: "king"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			h := newBridge(t, testConfig(s))
			status, reason := serve(h, signed(tc.source, tc.body))
			if status != tc.status || !strings.Contains(reason, tc.reason) {
				t.Fatalf("got %d %q, want %d with %q", status, reason, tc.status, tc.reason)
			}
			if n := len(issues(t, s)); n != 0 {
				t.Errorf("%d issues stored", n)
			}
		})
	}
}

// Limits of Config: more events than MaxEvents is 400.
func TestEventLimit(t *testing.T) {
	s := newStore(t)
	cfg := testConfig(s)
	cfg.MaxEvents = 1
	h := newBridge(t, cfg)
	body := strings.Replace(zendeskOK, `"status": "new"`, `"status": "pending"`, 1) // opened and paused: 2 events
	if status, reason := serve(h, signed("zendesk", body)); status != 400 || !strings.Contains(reason, "more than 1 events") {
		t.Errorf("got %d %q, want 400 naming the limit", status, reason)
	}
	if n := len(issues(t, s)); n != 0 {
		t.Errorf("%d issues stored", n)
	}
}

// Titles lose their control characters before they are stored.
func TestTitlesCleaned(t *testing.T) {
	for _, tc := range []struct{ source, body, id string }{
		{"zendesk", strings.Replace(zendeskOK, "Payroll run fails", `Payroll\u0000 run\u001b[31m\nfails`, 1), "155"},
		{"jsm", strings.Replace(jsmOK, "Payroll run fails", `Payroll\u0000 run\u001b[31m\nfails`, 1), "HD-11"},
		{"servicenow", strings.Replace(servicenowOK, "Payroll run fails", `Payroll\u0000 run\u001b[31m\nfails`, 1), "INC0010001"},
		{"generic", strings.Replace(genericOK, "Invoices fail", `Payroll\u0000 run\u001b[31m\nfails`, 1), "T-1"},
	} {
		t.Run(tc.source, func(t *testing.T) {
			s := newStore(t)
			h := newBridge(t, testConfig(s))
			if status, reason := serve(h, signed(tc.source, tc.body)); status >= 300 {
				t.Fatalf("got %d %q", status, reason)
			}
			if got, want := issues(t, s)[hypercare.IssueID(tc.id)].Title, "Payroll run[31m fails"; got != want {
				t.Errorf("title %q, want %q", got, want)
			}
		})
	}
}

// brokenStore fails every write, as a full disk would.
type brokenStore struct{ store.Store }

var errDisk = errors.New("write journal: no space left on device")

func (brokenStore) MergeIssues(context.Context, []hypercare.Issue) (store.MergeReport, error) {
	return store.MergeReport{}, errDisk
}

func (brokenStore) CreateIssue(context.Context, hypercare.Issue) error { return errDisk }

func (brokenStore) AppendEvents(context.Context, hypercare.EngagementID, hypercare.IssueID, int, ...hypercare.Event) (hypercare.Issue, error) {
	return hypercare.Issue{}, errDisk
}

// Only a failing store answers 5xx.
func TestStoreFailureIs5xx(t *testing.T) {
	s := newStore(t)
	cfg := testConfig(brokenStore{s})
	h := newBridge(t, cfg)
	for _, source := range []string{"zendesk", "jsm", "servicenow", "generic"} {
		status, reason := serve(h, signed(source, okBody[source]))
		if status != 500 || !strings.Contains(reason, "no space left") {
			t.Errorf("%s: got %d %q, want 500 with the store's error", source, status, reason)
		}
	}
	// A closed store is 503: retry later.
	s.Close()
	if status, _ := serve(newBridge(t, testConfig(s)), signed("zendesk", zendeskOK)); status != 503 {
		t.Errorf("closed store: %d, want 503", status)
	}
}

// TestGenericRepliesAreUpdates: every reply is recorded, whatever the order
// of delivery. Each reply counts for an update target (UpdateClock):
// recording only the first, as the events received so far told, dropped a
// later reply delivered in order and kept it delivered first, so the
// timelines differed.
//
// Input: created at 10:00, replied by ana at 11:00 and at 12:00 (UTC),
// delivered in that order and with the two replies swapped. Expected (by
// hand): opened at 10:00, responded at 11:00 and at 12:00, either way.
// Then a ticket solved at 11:00, replied to at 13:00 and reopened at 12:00:
// the reply is on the timeline whether it arrives before the reopen (held,
// then released) or after it.
func TestGenericRepliesAreUpdates(t *testing.T) {
	created := `{"id": "ev-1", "event": "created", "ticket": "T-1", "at": "2026-06-01T10:00:00Z", "priority": "high", "type": "incident"}`
	first := `{"id": "ev-2", "event": "replied", "ticket": "T-1", "at": "2026-06-01T11:00:00Z", "agent": "ana"}`
	second := `{"id": "ev-3", "event": "replied", "ticket": "T-1", "at": "2026-06-01T12:00:00Z", "agent": "ana"}`
	deliver := func(bodies ...string) hypercare.Issue {
		s := newStore(t)
		h := newBridge(t, testConfig(s))
		for _, b := range bodies {
			if status, reason := serve(h, signed("generic", b)); status != 200 && status != 201 {
				t.Fatalf("delivery answered %d %q:\n%s", status, reason, b)
			}
		}
		return issues(t, s)["T-1"]
	}
	for _, order := range [][]string{{created, first, second}, {created, second, first}} {
		var got []string
		for e := range deliver(order...).Timeline() {
			got = append(got, fmt.Sprintf("%s@%s", e.Type, e.At.UTC().Format("15:04")))
		}
		want := []string{"opened@10:00", "responded@11:00", "responded@12:00"}
		if !slices.Equal(got, want) {
			t.Errorf("timeline %v, want %v", got, want)
		}
	}
	solved := `{"id": "ev-4", "event": "resolved", "ticket": "T-1", "at": "2026-06-01T11:00:00Z"}`
	reopened := `{"id": "ev-5", "event": "reopened", "ticket": "T-1", "at": "2026-06-01T12:00:00Z"}`
	late := `{"id": "ev-6", "event": "replied", "ticket": "T-1", "at": "2026-06-01T13:00:00Z", "agent": "ana"}`
	for _, order := range [][]string{{created, solved, reopened, late}, {created, solved, late, reopened}} {
		is := deliver(order...)
		var got []string
		for e := range is.Timeline() {
			got = append(got, fmt.Sprintf("%s@%s", e.Type, e.At.UTC().Format("15:04")))
		}
		want := []string{"opened@10:00", "resolved@11:00", "reopened@12:00", "responded@13:00"}
		if !slices.Equal(got, want) || len(is.Held()) != 0 {
			t.Errorf("timeline %v, held %v; want %v and nothing held", got, is.Held(), want)
		}
	}
}

// TestJSMSummaryChangeRetitles: a Jira issue_updated whose changelog
// changes only the summary renames the issue. Its update maps to no event,
// but dates the title (as the export's history does); without it the new
// title was dated the zero time and lost to the stored one.
//
// Input: jira:issue_created for HD-11 (jsmOK), then jira:issue_updated at
// 2026-06-01 10:00 UTC (timestamp 1780308000000) with one changelog item,
// summary -> "Payroll run fails for contractors only".
func TestJSMSummaryChangeRetitles(t *testing.T) {
	s := newStore(t)
	h := newBridge(t, testConfig(s))
	if status, reason := serve(h, signed("jsm", jsmOK)); status != 200 {
		t.Fatalf("issue_created answered %d %q", status, reason)
	}
	const renamed = `{"timestamp": 1780308000000, "webhookEvent": "jira:issue_updated", "user": {"accountId": "ana-acct"},
  "issue": {"key": "HD-11", "fields": {"summary": "Payroll run fails for contractors only"}},
  "changelog": {"id": "20001", "items": [{"field": "summary", "fromString": "Payroll run fails", "toString": "Payroll run fails for contractors only"}]}}`
	for range 2 { // a redelivery changes nothing
		if status, reason := serve(h, signed("jsm", renamed)); status != 200 {
			t.Fatalf("issue_updated answered %d %q", status, reason)
		}
	}
	is := issues(t, s)["HD-11"]
	if is.Title != "Payroll run fails for contractors only" {
		t.Errorf("title %q after the summary changed at 10:00, want the new summary", is.Title)
	}
	if want := time.UnixMilli(1780308000000); !is.Updated.Equal(want) {
		t.Errorf("Updated %s, want %s", is.Updated, want.UTC())
	}
}
