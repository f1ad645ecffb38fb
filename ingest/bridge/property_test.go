package bridge

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/jsm"
	"github.com/hypercare-go/hypercare/ingest/servicenow"
	"github.com/hypercare-go/hypercare/ingest/zendesk"
	"github.com/hypercare-go/hypercare/store"
	"pgregory.net/rapid"
)

// The adapters' fixtures, read as exports (the adapter's Import) and as
// webhooks (one delivery per ticket event, history, comment or audit row),
// give the same timelines, titles and clocks, whatever the order the
// webhooks come in and however often each comes.
func TestExportAndWebhooksAgree(t *testing.T) {
	for _, p := range []struct {
		source     string
		export     func(t testing.TB) []hypercare.Issue
		deliveries func(t testing.TB) []string
	}{
		{"zendesk", zendeskExport, zendeskDeliveries},
		{"jsm", jsmExport, jsmDeliveries},
		{"servicenow", servicenowExport, servicenowDeliveries},
	} {
		t.Run(p.source, func(t *testing.T) {
			exported := newStore(t)
			batch := p.export(t)
			for i := range batch {
				batch[i].Engagement = "erp"
			}
			if _, err := exported.MergeIssues(bg, batch); err != nil {
				t.Fatal(err)
			}
			want := issues(t, exported)
			deliveries := p.deliveries(t)
			rapid.Check(t, func(rt *rapid.T) {
				order := rapid.Permutation(deliveries).Draw(rt, "order")
				repeats := rapid.SliceOfN(rapid.IntRange(0, len(deliveries)-1), 0, len(deliveries)).Draw(rt, "repeats")
				for _, k := range repeats {
					at := rapid.IntRange(0, len(order)).Draw(rt, "at")
					order = slices.Insert(order, at, deliveries[k])
				}
				s := store.NewMemory()
				defer s.Close()
				if err := s.CreateEngagement(bg, testEngagement()); err != nil {
					rt.Fatal(err)
				}
				h := newBridge(t, testConfig(s))
				for _, body := range order {
					if status, reason := serve(h, signed(p.source, body)); status != 200 {
						rt.Fatalf("delivery answered %d %q:\n%s", status, reason, body)
					}
				}
				got := issues(t, s)
				if diff := cmp.Diff(summaries(want), summaries(got)); diff != "" {
					rt.Fatalf("timelines (-export +webhooks):\n%s", diff)
				}
				e := testEngagement()
				for id, is := range want {
					for _, at := range instants(is) {
						for _, m := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
							wc, werr := e.Clock(is, m, at)
							gc, gerr := e.Clock(got[id], m, at)
							if diff := cmp.Diff(wc, gc); diff != "" || (werr == nil) != (gerr == nil) {
								rt.Fatalf("%s %s clock at %s (-export +webhooks):\n%s\nerrors %v, %v", id, m, at, diff, werr, gerr)
							}
						}
					}
				}
			})
		})
	}
}

// summary is what the property compares of an issue.
type summary struct {
	Title  string
	Events []hypercare.Event
	Held   []hypercare.Event
}

func summaries(m map[hypercare.IssueID]hypercare.Issue) map[hypercare.IssueID]summary {
	out := map[hypercare.IssueID]summary{}
	for id, is := range m {
		s := summary{Title: is.Title, Events: is.Events()}
		for _, h := range is.Held() {
			s.Held = append(s.Held, h.Event)
		}
		out[id] = s
	}
	return out
}

// instants are the times of an issue's events, a minute after each, and
// testNow: where its clocks change.
func instants(is hypercare.Issue) []time.Time {
	out := []time.Time{testNow}
	for _, e := range is.Events() {
		out = append(out, e.At, e.At.Add(time.Minute))
	}
	return out
}

func zendeskExport(t testing.TB) []hypercare.Issue {
	var out []hypercare.Issue
	for _, page := range []string{"page1.json", "page2.json"} {
		ex, err := zendesk.Import(bytes.NewReader(readFile(t, "../zendesk/testdata/"+page)), zendeskMapping())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ex.Issues...)
	}
	return out
}

// zendeskDeliveries is each ticket event of the fixture's pages as a page
// of its own.
func zendeskDeliveries(t testing.TB) []string {
	var out []string
	for _, page := range []string{"page1.json", "page2.json"} {
		var p struct {
			Events []json.RawMessage `json:"ticket_events"`
		}
		if err := json.Unmarshal(readFile(t, "../zendesk/testdata/"+page), &p); err != nil {
			t.Fatal(err)
		}
		for _, e := range p.Events {
			out = append(out, `{"ticket_events": [`+string(e)+`], "end_of_stream": true}`)
		}
	}
	return out
}

func jsmExport(t testing.TB) []hypercare.Issue {
	issues, _, err := jsm.Import(bytes.NewReader(readFile(t, "../jsm/testdata/search.json")), jsmMapping())
	if err != nil {
		t.Fatal(err)
	}
	return issues
}

// jsmDeliveries is what Jira sends as webhooks for the fixture's issues:
// issue_created with the first values, an issue_updated per history and a
// comment_created per public comment.
func jsmDeliveries(t testing.TB) []string {
	d := jsm.NewDecoder(bytes.NewReader(readFile(t, "../jsm/testdata/search.json")))
	var out []string
	j := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	type obj = map[string]any
	named := func(name string) any {
		if name == "" {
			return nil
		}
		return obj{"name": name}
	}
	for {
		tk, err := d.Next()
		if err != nil {
			break
		}
		for _, u := range tk.Updates {
			issue := obj{"key": tk.Key, "fields": obj{"summary": tk.Title}}
			switch {
			case u.Created:
				fields := obj{"summary": tk.Title, "created": u.At.Format(jsm.TimeLayout), "status": named(u.Status.To),
					"priority": named(u.Priority.To), "issuetype": named(u.Type.To), "reporter": obj{"accountId": u.By}}
				if u.Assignee != nil {
					fields["assignee"] = obj{"accountId": u.Assignee.To}
				}
				out = append(out, j(obj{"webhookEvent": jsm.WebhookIssueCreated, "timestamp": u.At.UnixMilli(), "issue": obj{"key": tk.Key, "fields": fields}}))
			case strings.HasPrefix(string(u.ID), "comment-"):
				out = append(out, j(obj{"webhookEvent": jsm.WebhookCommentCreated, "timestamp": u.At.UnixMilli(), "issue": issue,
					"comment": obj{"id": strings.TrimPrefix(string(u.ID), "comment-"), "author": obj{"accountId": u.By}, "created": u.At.Format(jsm.TimeLayout), "jsdPublic": true}}))
			default:
				var items []obj
				for _, f := range []struct {
					field string
					c     *hypercare.Change
				}{{"status", u.Status}, {"priority", u.Priority}, {"issuetype", u.Type}} {
					if f.c != nil {
						items = append(items, obj{"field": f.field, "fromString": f.c.From, "toString": f.c.To})
					}
				}
				if u.Assignee != nil {
					items = append(items, obj{"field": "assignee", "from": u.Assignee.From, "to": u.Assignee.To})
				}
				out = append(out, j(obj{"webhookEvent": jsm.WebhookIssueUpdated, "timestamp": u.At.UnixMilli(), "user": obj{"accountId": u.By},
					"issue": issue, "changelog": obj{"id": string(u.ID), "items": items}}))
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no JSM deliveries")
	}
	return out
}

func servicenowExport(t testing.TB) []hypercare.Issue {
	issues, err := servicenow.Import(bytes.NewReader(readFile(t, "../servicenow/testdata/incident.json")),
		bytes.NewReader(readFile(t, "../servicenow/testdata/sys_audit.json")), servicenowMapping())
	if err != nil {
		t.Fatal(err)
	}
	return issues
}

// servicenowDeliveries is what a business rule sends for the fixture: each
// incident at its insert (its values rolled back through its audit rows,
// worked out here independently of the adapter), then one delivery per
// audit row with the incident as it is now.
func servicenowDeliveries(t testing.TB) []string {
	var incs, audits struct {
		Result []map[string]any `json:"result"`
	}
	if err := json.Unmarshal(readFile(t, "../servicenow/testdata/incident.json"), &incs); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(readFile(t, "../servicenow/testdata/sys_audit.json"), &audits); err != nil {
		t.Fatal(err)
	}
	str := func(v any) string {
		if m, ok := v.(map[string]any); ok {
			v = m["value"]
		}
		s, _ := v.(string)
		return s
	}
	parse := func(s string) time.Time {
		at, err := time.Parse(servicenow.TimeLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	var out []string
	for _, in := range incs.Result {
		created := parse(str(in["sys_created_on"]))
		first := map[string]map[string]any{} // field: the earliest audit row
		for _, a := range audits.Result {
			field := str(a["fieldname"])
			if str(a["documentkey"]) != str(in["sys_id"]) || !slices.Contains([]string{"state", "priority", "category", "assignment_group", "assigned_to"}, field) {
				continue
			}
			at := parse(str(a["sys_created_on"]))
			if !at.After(created) {
				continue
			}
			b, err := json.Marshal(map[string]any{"incident": in, "audit": []any{a}})
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, string(b))
			if e, ok := first[field]; !ok || at.Before(parse(str(e["sys_created_on"]))) ||
				at.Equal(parse(str(e["sys_created_on"]))) && str(a["sys_id"]) < str(e["sys_id"]) {
				first[field] = a
			}
		}
		insert := map[string]any{}
		for k, v := range in {
			insert[k] = v
		}
		for field, a := range first {
			insert[field] = str(a["oldvalue"])
		}
		b, err := json.Marshal(map[string]any{"incident": insert})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	if len(out) < 3 {
		t.Fatalf("only %d ServiceNow deliveries", len(out))
	}
	return out
}
