package servicenow

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/jsonscan"
	"pgregory.net/rapid"
)

// testMapping lists the fixture's groups and agents. sys_audit names a
// user by user name and assigned_to by sys_id, so each agent is listed
// under both.
func testMapping() hypercare.Mapping {
	m := hypercare.ServiceNowMapping()
	m.Groups = []hypercare.TeamTerm{{Value: "grp-sd", Team: hypercare.SteadyState}, {Value: "grp-apps", Team: hypercare.Project}}
	m.Agents = []hypercare.AgentTerm{
		{Value: "usr-ana", Person: "ana", Team: hypercare.SteadyState}, {Value: "ana", Person: "ana", Team: hypercare.SteadyState},
		{Value: "usr-raj", Person: "raj", Team: hypercare.Project}, {Value: "raj", Person: "raj", Team: hypercare.Project},
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

func TestImport(t *testing.T) {
	issues, err := Import(bytes.NewReader(readFixture(t, "incident.json")), bytes.NewReader(readFixture(t, "sys_audit.json")), testMapping())
	if err != nil {
		t.Fatal(err)
	}
	got := map[hypercare.IssueID]hypercare.State{}
	for _, is := range issues {
		got[is.ID] = is.State()
		if h := is.Held(); len(h) > 0 {
			t.Errorf("%s holds %v", is.ID, h)
		}
	}
	// Worked by hand. INC0010001 opened New, Moderate (3: Sev3), software,
	// in grp-sd (the earliest oldvalue of each, or the current category);
	// in progress; on hold; Critical while on hold; back in progress and
	// moved to grp-apps (an escalation); resolved by raj (which is also the
	// first response); reopened; assigned to raj; resolved; closed.
	want := map[hypercare.IssueID]hypercare.State{
		"INC0010001": {Status: hypercare.StatusResolved, Severity: hypercare.Sev1, Kind: hypercare.Defect, Team: hypercare.Project,
			Assignee: "raj", Opened: utc("2026-06-01T07:00:00Z"), Responded: utc("2026-06-01T12:00:00Z"),
			Resolved: utc("2026-06-02T15:00:00Z"), ResolvedBy: "raj", ResolvedTeam: hypercare.Project,
			Escalated: true, Handoffs: 1, Reopens: 1},
		// an older incident: no category, no priority, no group (defaults).
		"INC0010002": {Status: hypercare.StatusOpen, Severity: hypercare.Sev3, Kind: hypercare.Defect, Opened: utc("2026-06-01T09:30:00Z")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
	if n := issues[0].Len(); n != 10 {
		t.Errorf("INC0010001 has %d events, want 10: %v", n, issues[0].Events())
	}
}

func TestImportErrors(t *testing.T) {
	inc := `{"result": [{"sys_id": "a", "number": "INC1", "sys_created_on": "2026-06-01 07:00:00", "state": "1", "priority": "3"}]}`
	tests := []struct{ name, incidents, audits, want string }{
		{"no result", `{"records": []}`, `{"result": []}`, `servicenow: incidents: no result array`},
		{"not an object", `[]`, `{"result": []}`, `servicenow: incidents: want a JSON object with a result array`},
		{"no number", `{"result": [{"sys_id": "a"}]}`, `{"result": []}`, `servicenow: incidents: incident 0: no sys_id or number`},
		{"bad time", `{"result": [{"sys_id": "a", "number": "INC1", "sys_created_on": "01/06/2026"}]}`, `{"result": []}`, `servicenow: incident INC1: sys_created_on "01/06/2026" is not 2006-01-02 15:04:05`},
		{"bad reference", `{"result": [{"sys_id": "a", "number": "INC1", "assigned_to": 7}]}`, `{"result": []}`, `servicenow: incidents: result 0: assigned_to: want a reference or a string, got 7`},
		{"audit bad time", inc, `{"result": [{"sys_id": "s1", "documentkey": "a", "fieldname": "state", "oldvalue": "1", "newvalue": "2", "sys_created_on": "x"}]}`, `servicenow: audit: audit row s1: sys_created_on "x"`},
		{"unmapped state", inc, `{"result": [{"sys_id": "s1", "documentkey": "a", "fieldname": "state", "oldvalue": "1", "newvalue": "99", "sys_created_on": "2026-06-01 08:00:00"}]}`, `servicenow: hypercare: issue "INC1": update "s1": status "99" is not mapped`},
		{"trailing data", inc, `{"result": []} x`, `servicenow: audit: data after the response's object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(strings.NewReader(tt.incidents), strings.NewReader(tt.audits), testMapping())
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, hypercare.ErrInvalid) {
				t.Errorf("error = %v, want one containing %q and wrapping ErrInvalid", err, tt.want)
			}
		})
	}
}

// TestDeliveryOrderProperty: the export gives the same timelines and clocks
// as its audit rows exported in any order, some twice, and as its events
// delivered one at a time, shuffled.
func TestDeliveryOrderProperty(t *testing.T) {
	m := testMapping()
	inc, aud := readFixture(t, "incident.json"), readFixture(t, "sys_audit.json")
	exported, err := Import(bytes.NewReader(inc), bytes.NewReader(aud), m)
	if err != nil {
		t.Fatal(err)
	}
	type delivery struct {
		id    hypercare.IssueID
		event hypercare.Event
	}
	var all []delivery
	for _, is := range exported {
		for _, e := range is.Events() {
			all = append(all, delivery{is.ID, e})
		}
	}
	rows := strings.Split(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(string(aud)), "{\n  \"result\": [\n"), "\n  ]\n}"), ",\n")
	policy := hypercare.DefaultPolicy(nil)
	asOfs := []time.Time{utc("2026-06-01T08:30:00Z"), utc("2026-06-01T11:00:00Z"), utc("2026-06-03T00:00:00Z")}
	rapid.Check(t, func(rt *rapid.T) {
		shuffled := rapid.Permutation(rows).Draw(rt, "audit rows")
		shuffled = append(shuffled, shuffled[:rapid.IntRange(0, 3).Draw(rt, "repeated rows")]...)
		reexported, err := Import(bytes.NewReader(inc), strings.NewReader(`{"result": [`+strings.Join(shuffled, ",")+`]}`), m)
		if err != nil {
			rt.Fatal(err)
		}
		order := all
		for range rapid.IntRange(0, 6).Draw(rt, "repeats") {
			order = append(order, all[rapid.IntRange(0, len(all)-1).Draw(rt, "repeat")])
		}
		order = rapid.Permutation(order).Draw(rt, "order")
		got := map[hypercare.IssueID]hypercare.Issue{}
		for _, d := range order {
			is := got[d.id]
			is.ID = d.id
			if _, err := is.Insert(d.event); err != nil {
				rt.Fatal(err)
			}
			got[d.id] = is
		}
		for i, want := range exported {
			for _, is := range []hypercare.Issue{got[want.ID], reexported[i]} {
				if diff := cmp.Diff(want.Events(), is.Events()); diff != "" {
					rt.Fatalf("%s timeline (-export +other):\n%s", want.ID, diff)
				}
				for _, asOf := range asOfs {
					for _, metric := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
						wc, werr := policy.Clock(want, metric, asOf)
						gc, gerr := policy.Clock(is, metric, asOf)
						if diff := cmp.Diff(wc, gc); diff != "" || (werr == nil) != (gerr == nil) {
							rt.Fatalf("%s %s clock at %s (-export +other):\n%s", want.ID, metric, asOf, diff)
						}
					}
				}
			}
		}
	})
}

// TestDecodeWebhookInsertRows: a rule that runs on insert posts the
// incident with the audit rows of the insert (at its sys_created_on). The
// delivery reports the insert, exactly as a delivery of the incident
// without rows does: losing it would leave the opened event missing and
// every later update held.
func TestDecodeWebhookInsertRows(t *testing.T) {
	const incident = `{"sys_id": "x1", "number": "INC1", "short_description": "Posting fails",
	  "sys_created_on": "2026-06-01 08:00:00", "sys_updated_on": "2026-06-01 08:00:00", "state": "1", "priority": "2",
	  "category": "software", "assignment_group": "grp-sd", "assigned_to": ""}`
	withRows, err := DecodeWebhook(strings.NewReader(`{"incident": ` + incident + `, "audit": [
	  {"sys_id": "r0", "documentkey": "x1", "tablename": "incident", "fieldname": "state", "oldvalue": "", "newvalue": "1", "sys_created_on": "2026-06-01 08:00:00", "user": "ana"},
	  {"sys_id": "r1", "documentkey": "x1", "tablename": "incident", "fieldname": "priority", "oldvalue": "", "newvalue": "2", "sys_created_on": "2026-06-01 08:00:00", "user": "ana"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	without, err := DecodeWebhook(strings.NewReader(`{"incident": ` + incident + `}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(withRows.Updates) != 1 || withRows.Updates[0].ID != "created" || !withRows.Updates[0].Created ||
		!withRows.Updates[0].At.Equal(utc("2026-06-01T08:00:00Z")) {
		t.Fatalf("updates %+v, want the creation only (ID \"created\", at 08:00)", withRows.Updates)
	}
	if diff := cmp.Diff(without, withRows); diff != "" {
		t.Errorf("delivery with the insert's rows (-without rows +with):\n%s", diff)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(readFixture(f, "incident.json"), readFixture(f, "sys_audit.json"))
	f.Add([]byte(`{"result": [{"sys_id": "a", "number": "INC1", "sys_created_on": "2026-06-01 07:00:00", "assigned_to": {"value": null}}]}`), []byte(`{"result": null}`))
	f.Fuzz(func(t *testing.T, incidents, audits []byte) {
		issues, err := Import(bytes.NewReader(incidents), bytes.NewReader(audits), testMapping())
		if err != nil {
			if !errors.Is(err, hypercare.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		for _, is := range issues {
			if is.ID == "" {
				t.Fatalf("issue without an ID")
			}
		}
	})
}

func FuzzDecodeWebhook(f *testing.F) {
	f.Add([]byte(`{"incident": {"sys_id": "a", "number": "INC1", "short_description": "x\u0007", "sys_created_on": "2026-06-01 07:00:00", "state": "1", "assignment_group": {"value": "grp"}}}`))
	f.Add([]byte(`{"incident": {"sys_id": "a", "number": "INC1", "sys_created_on": "2026-06-01 07:00:00"}, "audit": [{"sys_id": "s1", "documentkey": "a", "fieldname": "state", "oldvalue": "1", "newvalue": "3", "sys_created_on": "2026-06-01 08:00:00"}, {"documentkey": "b"}]}`))
	f.Add([]byte(`{"incident": {"sys_id": "a", "number": "INC1", "sys_created_on": "2026-06-01 07:00:00"}, "audit": [{"documentkey": "a", "fieldname": "priority", "sys_created_on": "never"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := DecodeWebhook(bytes.NewReader(body))
		if err != nil {
			if !errors.Is(err, hypercare.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if d.Number == "" || len(d.Updates) == 0 && d.Updated.IsZero() {
			t.Fatalf("delivery without a number or time: %+v", d)
		}
		for _, u := range d.Updates {
			if u.ID == "" || u.At.IsZero() {
				t.Fatalf("update without an ID or time: %+v", u)
			}
		}
	})
}

// resultsSlowly is the oracle for results: the response walked by
// encoding/json's tokenizer and each result unmarshalled by encoding/json
// into the struct whose tags say what the Table API gives.
func resultsSlowly[T any](data []byte) ([]T, error) {
	var out []T
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return out, fmt.Errorf("want a JSON object with a result array")
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return out, err
		}
		if tok != "result" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return out, err
			}
			continue
		}
		found = true
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return out, fmt.Errorf("result is not an array")
		}
		for dec.More() {
			var v T
			if err := dec.Decode(&v); err != nil {
				return out, err
			}
			out = append(out, v)
		}
		if _, err := dec.Token(); err != nil {
			return out, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return out, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return out, errors.New("data after the response's object")
	}
	if !found {
		return out, errors.New("no result array")
	}
	return out, nil
}

// agree checks that results reads data as resultsSlowly does.
func agree[T any](t *testing.T, data []byte, decode func(*T, *jsonscan.Scanner) error) {
	want, werr := resultsSlowly[T](data)
	var got []T
	err := results(bytes.NewReader(data), decode, func(_ int, v T) error { got = append(got, v); return nil })
	if (err == nil) != (werr == nil) {
		t.Fatalf("results error %v, encoding/json error %v", err, werr)
	}
	if err == nil {
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("results (-encoding/json +jsonscan):\n%s", diff)
		}
	}
}

// FuzzResultsAgree: the hand-walked decoders read every response as
// encoding/json does — the same incidents and audit rows, or an error for
// both.
func FuzzResultsAgree(f *testing.F) {
	f.Add(readFixture(f, "incident.json"))
	f.Add(readFixture(f, "sys_audit.json"))
	f.Add([]byte(`{"x": [1], "result": [{"SYS_ID": "a", "number": null, "assigned_to": {"Value": "u\u00e9", "link": 1}, "assignment_group": "g"}, null, {}], "y": null}`))
	f.Add([]byte(`{"result": [{"sys_id": "a", "assigned_to": 7}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		agree(t, data, (*incident).decode)
		agree(t, data, (*audit).decode)
	})
}

// TestGroupAndAssigneeOfOneSave: one save moves an incident from the
// service desk's group to the project's and assigns raj; sys_audit records
// it as two rows at one instant. Worked by hand: the move is an escalation
// (one handoff) and raj, on the project team, took it.
func TestGroupAndAssigneeOfOneSave(t *testing.T) {
	inc := `{"result": [{"sys_id": "a", "number": "INC1", "sys_created_on": "2026-06-01 07:00:00", "state": "2", "priority": "2",
		"category": "software", "assignment_group": "grp-apps", "assigned_to": "usr-raj"}]}`
	aud := `{"result": [
		{"sys_id": "s1", "documentkey": "a", "fieldname": "assignment_group", "oldvalue": "grp-sd", "newvalue": "grp-apps", "sys_created_on": "2026-06-01 09:00:00", "user": "ana"},
		{"sys_id": "s2", "documentkey": "a", "fieldname": "assigned_to", "oldvalue": "", "newvalue": "usr-raj", "sys_created_on": "2026-06-01 09:00:00", "user": "ana"}]}`
	issues, err := Import(strings.NewReader(inc), strings.NewReader(aud), testMapping())
	if err != nil {
		t.Fatal(err)
	}
	st := issues[0].State()
	if st.Team != hypercare.Project || st.Assignee != "raj" || !st.Escalated || st.Handoffs != 1 {
		t.Errorf("state = team %v, assignee %q, escalated %v, %d handoffs; want project, raj, true, 1 (events %v)",
			st.Team, st.Assignee, st.Escalated, st.Handoffs, issues[0].Events())
	}
}
