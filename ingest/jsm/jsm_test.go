package jsm

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/jsonpage"
	"pgregory.net/rapid"
)

func testMapping() hypercare.Mapping {
	m := hypercare.JSMMapping()
	m.Agents = []hypercare.AgentTerm{
		{Value: "ana-acct", Person: "ana", Team: hypercare.SteadyState},
		{Value: "raj-acct", Person: "raj", Team: hypercare.Project},
	}
	return m
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestImportSearch(t *testing.T) {
	issues, page, err := Import(bytes.NewReader(readFixture(t, "search.json")), testMapping())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Page{StartAt: 0, MaxResults: 2, Total: 3}, page); diff != "" {
		t.Errorf("page (-want +got):\n%s", diff)
	}
	if next, more := page.Next(len(issues)); next != 2 || !more {
		t.Errorf("Next = %d, %v; want 2, true", next, more)
	}
	got := map[hypercare.IssueID]hypercare.State{}
	for _, is := range issues {
		got[is.ID] = is.State()
		if h := is.Held(); len(h) > 0 {
			t.Errorf("%s holds %v", is.ID, h)
		}
	}
	// Worked by hand. HD-11 started Waiting for support, Medium and
	// unassigned (the earliest "from" of each), was waiting for the customer
	// with ana's public reply, turned High while waiting, went to raj (a
	// project agent: a handoff, not an escalation, since no group moved),
	// was resolved, reopened and closed. Its internal comment is no reply.
	want := map[hypercare.IssueID]hypercare.State{
		"HD-11": {Status: hypercare.StatusResolved, Severity: hypercare.Sev2, Kind: hypercare.Defect, Team: hypercare.Project,
			Assignee: "raj", Opened: utc("2026-03-28T15:00:00Z"), Responded: utc("2026-03-29T00:30:00Z"),
			Resolved: utc("2026-03-31T10:00:00Z"), ResolvedBy: "raj", ResolvedTeam: hypercare.Project, Handoffs: 1, Reopens: 1},
		// an older issue: no priority (the default, Sev3), no changelog, no comments.
		"HD-12": {Status: hypercare.StatusOpen, Severity: hypercare.Sev3, Kind: hypercare.Question, Opened: utc("2026-06-01T13:00:00Z")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
	if n := issues[0].Len(); n != 10 {
		t.Errorf("HD-11 has %d events, want 10: %v", n, issues[0].Events())
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct{ name, page, want string }{
		{"truncated changelog", `{"issues": [{"key": "HD-1", "fields": {"created": "2026-03-28T16:00:00.000+0100"}, "changelog": {"total": 120, "histories": []}}]}`,
			`jsm: issue HD-1: the page holds 0 of the changelog's 120 histories: fetch the rest from /rest/api/3/issue/HD-1/changelog`},
		{"bad time", `{"issues": [{"key": "HD-1", "fields": {"created": "2026-03-28 16:00"}}]}`,
			`jsm: issue HD-1: created "2026-03-28 16:00" is not a Jira time`},
		{"history without id", `{"issues": [{"key": "HD-1", "fields": {"created": "2026-03-28T16:00:00.000+0100"}, "changelog": {"total": 1, "histories": [{"created": "2026-03-28T16:00:00.000+0100"}]}}]}`,
			`jsm: issue HD-1: history 0 has no id`},
		{"no key", `{"issues": [{"fields": {}}]}`, `jsm: issue without a key`},
		{"wrong type", `{"issues": [{"key": 7}]}`, `jsm: issue 1: key: want a string, got 7`},
		{"not an object", `"x"`, `jsm: got x, want "{"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tt.page))
			var err error
			for err == nil {
				_, err = d.Next()
			}
			if err == io.EOF || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, hypercare.ErrInvalid) {
				t.Errorf("error = %v, want one containing %q and wrapping ErrInvalid", err, tt.want)
			}
		})
	}
}

// TestDeliveryOrderProperty: the page imported whole gives the same
// timelines and clocks as its events delivered one at a time, shuffled,
// some twice.
func TestDeliveryOrderProperty(t *testing.T) {
	m := testMapping()
	data := readFixture(t, "search.json")
	exported, _, err := Import(bytes.NewReader(data), m)
	if err != nil {
		t.Fatal(err)
	}
	type delivery struct {
		key   hypercare.IssueID
		event hypercare.Event
	}
	var all []delivery
	d := NewDecoder(bytes.NewReader(data))
	for {
		tk, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range tk.Updates {
			events, err := m.Events(tk.Key, u)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range events {
				all = append(all, delivery{tk.Key, e})
			}
		}
	}
	policy := hypercare.DefaultPolicy(nil)
	asOfs := []time.Time{utc("2026-03-29T00:45:00Z"), utc("2026-03-30T08:00:00Z"), utc("2026-06-02T00:00:00Z")}
	rapid.Check(t, func(rt *rapid.T) {
		order := all
		for range rapid.IntRange(0, 6).Draw(rt, "repeats") {
			order = append(order, all[rapid.IntRange(0, len(all)-1).Draw(rt, "repeat")])
		}
		order = rapid.Permutation(order).Draw(rt, "order")
		got := map[hypercare.IssueID]hypercare.Issue{}
		for _, d := range order {
			is := got[d.key]
			is.ID = d.key
			if _, err := is.Insert(d.event); err != nil {
				rt.Fatal(err)
			}
			got[d.key] = is
		}
		for _, want := range exported {
			is := got[want.ID]
			if diff := cmp.Diff(want.Events(), is.Events()); diff != "" {
				rt.Fatalf("%s timeline (-export +deliveries):\n%s", want.ID, diff)
			}
			for _, asOf := range asOfs {
				for _, metric := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
					wc, werr := policy.Clock(want, metric, asOf)
					gc, gerr := policy.Clock(is, metric, asOf)
					if diff := cmp.Diff(wc, gc); diff != "" || (werr == nil) != (gerr == nil) {
						rt.Fatalf("%s %s clock at %s (-export +deliveries):\n%s", want.ID, metric, asOf, diff)
					}
				}
			}
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add(readFixture(f, "search.json"))
	f.Add([]byte(`{"issues": [{"key": "HD-1", "fields": {"created": "2026-03-28T16:00:00.000+0100", "status": {"name": "Nope"}}, "changelog": {"total": 1, "histories": [{"id": "1", "created": "2026-03-28T16:00:00.000+0100", "items": [{"field": "status", "fromString": null}]}]}}]}`))
	f.Add([]byte(`{"startAt": -1, "issues": null}`))
	f.Fuzz(func(t *testing.T, page []byte) {
		d := NewDecoder(bytes.NewReader(page))
		for range 10000 {
			tk, err := d.Next()
			if err != nil {
				if err != io.EOF && !errors.Is(err, hypercare.ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				break
			}
			// A key, one creation, the updates oldest first. The creation
			// need not be the first: a history dated before it (clock skew,
			// a migrated issue) is kept in its place, and the timeline
			// holds what comes before an issue's opening.
			created := 0
			for i, u := range tk.Updates {
				if u.Created {
					created++
				}
				if i > 0 && u.At.Before(tk.Updates[i-1].At) {
					t.Fatalf("updates out of time order: %+v", tk)
				}
			}
			if tk.Key == "" || created != 1 {
				t.Fatalf("issue without key or with %d creations: %+v", created, tk)
			}
		}
		if _, _, err := Import(bytes.NewReader(page), testMapping()); err != nil && !errors.Is(err, hypercare.ErrInvalid) {
			t.Fatalf("Import error %v does not wrap ErrInvalid", err)
		}
	})
}

func FuzzDecodeWebhook(f *testing.F) {
	f.Add([]byte(`{"timestamp": 1780304400000, "webhookEvent": "jira:issue_created", "issue": {"key": "HD-1", "fields": {"summary": "x\u0000", "created": "2026-06-01T11:00:00.000+0200", "status": {"name": "Open"}}}}`))
	f.Add([]byte(`{"timestamp": 1780304400000, "webhookEvent": "jira:issue_updated", "user": {"accountId": "a"}, "issue": {"key": "HD-1"}, "changelog": {"id": "10100", "items": [{"field": "status", "fromString": "Open", "toString": "Pending"}]}, "comment": {"id": "1", "created": "2026-06-01T11:00:00.000+0200"}}`))
	f.Add([]byte(`{"webhookEvent": "comment_created", "issue": {"key": "HD-1"}, "comment": {"id": "", "jsdPublic": false}}`))
	f.Add([]byte(`{"webhookEvent": "jira:issue_updated", "issue": {"key": "HD-1"}, "changelog": {"items": [{"field": "priority"}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		tk, err := DecodeWebhook(bytes.NewReader(body))
		if err != nil {
			if !errors.Is(err, hypercare.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if tk.Key == "" {
			t.Fatalf("ticket without a key: %+v", tk)
		}
		for _, u := range tk.Updates {
			if u.ID == "" || u.At.IsZero() {
				t.Fatalf("update without an ID or time: %+v", u)
			}
		}
	})
}

// decodeSlowly is the oracle for Decoder: the page walked by encoding/json's
// tokenizer and each issue unmarshalled by encoding/json into the struct
// whose tags say what the search results hold.
func decodeSlowly(page []byte) ([]Ticket, Page, error) {
	var p Page
	r := jsonpage.New(json.NewDecoder(bytes.NewReader(page)), "issues", "issue", func(key string) any {
		switch key {
		case "startAt":
			return &p.StartAt
		case "maxResults":
			return &p.MaxResults
		case "total":
			return &p.Total
		}
		return nil
	})
	var out []Ticket
	for {
		var v issue
		if err := r.Next(&v); err == io.EOF {
			return out, p, nil
		} else if err != nil {
			return out, p, err
		}
		t, err := v.ticket()
		if err != nil {
			return out, p, err
		}
		out = append(out, t)
	}
}

// FuzzDecodeAgrees: the hand-walked Decoder reads every page as
// encoding/json does — the same issues and paging fields, or an error for
// both.
func FuzzDecodeAgrees(f *testing.F) {
	f.Add(readFixture(f, "search.json"))
	f.Add([]byte(`{"issues": [{"KEY": "HD-1", "fields": {"created": "2026-03-28T16:00:00.000+0100", "status": null, "Comment": {"comments": [{"id": "1", "created": "2026-03-28T16:00:00.000+0100", "jsdPublic": null}]}}, "changelog": {"total": 1, "histories": [{"id": "1", "created": "2026-03-28T16:00:00.000+0100", "items": [{"field": "status", "fromString": null, "toString": "Open"}]}]}}, null], "total": 3}`))
	f.Add([]byte(`{"startAt": 1, "maxResults": 2, "issues": [{"key": "a\u00e9", "fields": {"created": "2026-03-28T16:00:00.000+0100", "assignee": {"accountId": 5}}}]}`))
	f.Fuzz(func(t *testing.T, page []byte) {
		want, wantPage, werr := decodeSlowly(page)
		d := NewDecoder(bytes.NewReader(page))
		var got []Ticket
		var err error
		for {
			var tk Ticket
			if tk, err = d.Next(); err != nil {
				break
			}
			got = append(got, tk)
		}
		if err == io.EOF {
			err = nil
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("Decoder error %v, encoding/json error %v", err, werr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("issues (-encoding/json +Decoder):\n%s", diff)
		}
		if err == nil && d.Page() != wantPage {
			t.Fatalf("page %+v, encoding/json %+v", d.Page(), wantPage)
		}
	})
}

// TestHistoryBeforeCreation: a history dated before the issue's creation
// (clock skew, a migrated issue) stays before the creation among the
// updates, and the timeline holds its event, with the reason, rather than
// dropping it or moving the creation.
func TestHistoryBeforeCreation(t *testing.T) {
	page := []byte(`{"issues": [{"key": "HD-1", "fields": {"created": "2026-03-28T16:00:00.000+0100", "status": {"name": "Open"}, "priority": {"name": "High"}, "issuetype": {"name": "Bug"}},
		"changelog": {"total": 1, "histories": [{"id": "1", "created": "2026-03-28T15:59:00.000+0100", "items": [{"field": "status", "fromString": "Open", "toString": "Waiting for customer"}]}]}}]}`)
	tk, err := NewDecoder(bytes.NewReader(page)).Next()
	if err != nil {
		t.Fatal(err)
	}
	if len(tk.Updates) != 2 || tk.Updates[0].ID != "1" || !tk.Updates[1].Created {
		t.Fatalf("updates = %+v, want the history, then the creation", tk.Updates)
	}
	issues, _, err := Import(bytes.NewReader(page), testMapping())
	if err != nil {
		t.Fatal(err)
	}
	if len(issues) != 1 {
		t.Fatalf("got %d issues, want 1", len(issues))
	}
	is := issues[0]
	if got := is.State().Opened; !got.Equal(utc("2026-03-28T15:00:00Z")) {
		t.Errorf("opened at %v, want the creation's 15:00 UTC", got)
	}
	held := is.Held()
	if len(held) != 1 || held[0].Event.Type != hypercare.EventPaused || !held[0].Event.At.Equal(utc("2026-03-28T14:59:00Z")) {
		t.Fatalf("held = %+v, want the pause at 14:59 UTC", held)
	}
}
