package zendesk

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
)

// testMapping is ZendeskMapping with the fixture's project group (361),
// its steady-state group (360) and its two agents, ana (7) and raj (8).
func testMapping() hypercare.Mapping {
	m := hypercare.ZendeskMapping()
	m.Groups = []hypercare.TeamTerm{{Value: "360", Team: hypercare.SteadyState}, {Value: "361", Team: hypercare.Project}}
	m.Agents = []hypercare.AgentTerm{
		{Value: "7", Person: "ana", Team: hypercare.SteadyState},
		{Value: "8", Person: "raj", Team: hypercare.Project},
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

// importPages imports the pages in turn and merges each ticket's events
// into one issue per ticket, as a store's merge would.
func importPages(t testing.TB, m hypercare.Mapping, pages ...[]byte) (map[hypercare.IssueID]hypercare.Issue, []Cursor) {
	t.Helper()
	issues := map[hypercare.IssueID]hypercare.Issue{}
	var cursors []Cursor
	for _, p := range pages {
		ex, err := Import(bytes.NewReader(p), m)
		if err != nil {
			t.Fatal(err)
		}
		cursors = append(cursors, ex.Cursor)
		for _, is := range ex.Issues {
			have := issues[is.ID]
			have.ID = is.ID
			if _, err := have.Insert(append(is.Events(), heldEvents(is)...)...); err != nil {
				t.Fatal(err)
			}
			issues[is.ID] = have
		}
	}
	return issues, cursors
}

func heldEvents(is hypercare.Issue) []hypercare.Event {
	var out []hypercare.Event
	for _, h := range is.Held() {
		out = append(out, h.Event)
	}
	return out
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestImportFixture(t *testing.T) {
	issues, cursors := importPages(t, testMapping(), readFixture(t, "page1.json"), readFixture(t, "page2.json"))
	wantCursors := []Cursor{
		{NextPage: "https://acme.zendesk.com/api/v2/incremental/ticket_events.json?start_time=1780320600", EndTime: 1780320600, Count: 10},
		{NextPage: "https://acme.zendesk.com/api/v2/incremental/ticket_events.json?start_time=1780408800", EndTime: 1780408800, EndOfStream: true, Count: 6},
	}
	if diff := cmp.Diff(wantCursors, cursors); diff != "" {
		t.Errorf("cursors (-want +got):\n%s", diff)
	}
	// Worked by hand from the fixture, event by event.
	want := map[hypercare.IssueID]hypercare.State{
		// opened normal (Sev3) incident in group 360; replied and assigned
		// to ana; on hold; urgent while on hold; back open and escalated
		// to raj in group 361; solved; reopened by the requester; solved
		// again at high (Sev2).
		"155": {Status: hypercare.StatusResolved, Severity: hypercare.Sev2, Kind: hypercare.Defect, Team: hypercare.Project,
			Assignee: "raj", Opened: utc("2026-06-01T09:00:00Z"), Responded: utc("2026-06-01T09:30:00Z"),
			Resolved: utc("2026-06-02T14:00:00Z"), ResolvedBy: "raj", ResolvedTeam: hypercare.Project,
			Escalated: true, Handoffs: 1, Reopens: 1},
		// an older ticket: no created_at, null priority and type (the
		// defaults, Sev3 and defect); replied to and pending.
		"156": {Status: hypercare.StatusPaused, Severity: hypercare.Sev3, Kind: hypercare.Defect,
			Opened: utc("2026-06-01T09:30:00Z"), Responded: utc("2026-06-01T12:00:00Z"), PauseReason: "waiting on the requester"},
		// merged into 158: closed with a public comment by ana.
		"157": {Status: hypercare.StatusResolved, Severity: hypercare.Sev2, Kind: hypercare.Question,
			Opened: utc("2026-06-01T10:00:00Z"), Responded: utc("2026-06-01T13:30:00Z"),
			Resolved: utc("2026-06-01T13:30:00Z"), ResolvedBy: "ana"},
		"158": {Status: hypercare.StatusOpen, Severity: hypercare.Sev2, Kind: hypercare.Question, Team: hypercare.SteadyState,
			Assignee: "ana", Opened: utc("2026-06-01T13:30:00Z"), Responded: utc("2026-06-01T13:30:00Z")},
		// deleted: its only event is ignored.
		"159": {},
		// created on page 1, solved on page 2.
		"160": {Status: hypercare.StatusResolved, Severity: hypercare.Sev3, Kind: hypercare.ChangeRequest,
			Opened: utc("2026-06-01T10:10:00Z"), Responded: utc("2026-06-01T15:00:00Z"),
			Resolved: utc("2026-06-01T15:00:00Z"), ResolvedBy: "raj"},
	}
	got := map[hypercare.IssueID]hypercare.State{}
	for id, is := range issues {
		got[id] = is.State()
		if h := is.Held(); len(h) > 0 {
			t.Errorf("ticket %s holds %d events: %v", id, len(h), h)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
	if n := issues["155"].Len(); n != 12 {
		t.Errorf("ticket 155 has %d events, want 12: %v", n, issues["155"].Events())
	}
}

func TestImportMergedAndHeld(t *testing.T) {
	ex, err := Import(bytes.NewReader(readFixture(t, "page1.json")), testMapping())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[hypercare.IssueID][]hypercare.IssueID{"158": {"157"}}, ex.Merged); diff != "" {
		t.Errorf("merged (-want +got):\n%s", diff)
	}
	var order []hypercare.IssueID
	for _, is := range ex.Issues {
		order = append(order, is.ID)
	}
	if diff := cmp.Diff([]hypercare.IssueID{"155", "156", "157", "160", "158"}, order); diff != "" {
		t.Errorf("issue order (-want +got):\n%s", diff)
	}
	// Page 2 alone: ticket 160's solve has no opening yet, so it is held.
	ex, err = Import(bytes.NewReader(readFixture(t, "page2.json")), testMapping())
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range ex.Issues {
		if is.ID == "160" {
			h := is.Held()
			if len(h) != 1 || h[0].Event.ID != "5012/resolved" {
				t.Errorf("ticket 160 on page 2 alone holds %v, want its resolution 5012/resolved", h)
			}
		}
	}
}

func TestImportTwiceAddsNothing(t *testing.T) {
	p1, p2 := readFixture(t, "page1.json"), readFixture(t, "page2.json")
	once, _ := importPages(t, testMapping(), p1, p2)
	twice, _ := importPages(t, testMapping(), p1, p2, p2, p1)
	for id, is := range once {
		if diff := cmp.Diff(is.Events(), twice[id].Events()); diff != "" {
			t.Errorf("ticket %s imported twice (-once +twice):\n%s", id, diff)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, page, want string
	}{
		{"not an object", `[]`, `zendesk: got [, want "{"`},
		{"truncated", `{"ticket_events": [{"id": 1, "ticket_id": 2, "timestamp": 3}`, `zendesk: unexpected end of the page`},
		{"wrong type", `{"ticket_events": [{"id": {"x": 1}, "ticket_id": 2}]}`, `zendesk: ticket event 1: id: want a string, number or null, got {"x": 1}`},
		{"no id", `{"ticket_events": [{"ticket_id": 2, "timestamp": 3}]}`, `zendesk: ticket event "" of ticket "2": missing id or ticket_id`},
		{"bad time", `{"ticket_events": [{"id": 1, "ticket_id": 2, "created_at": "yesterday"}]}`, `zendesk: ticket event 1 of ticket 2: created_at "yesterday" is not an RFC 3339 time`},
		{"no time", `{"ticket_events": [{"id": 1, "ticket_id": 2}]}`, `zendesk: ticket event 1 of ticket 2: no created_at or timestamp`},
		{"child without type", `{"ticket_events": [{"id": 1, "ticket_id": 2, "timestamp": 3, "child_events": [{"status": "open"}]}]}`, `child event 0 has no event_type`},
		{"trailing data", `{"ticket_events": []} {}`, `zendesk: data after the page's object`},
		{"ticket_events not an array", `{"ticket_events": {}}`, `zendesk: ticket_events: got {, want "["`},
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
			if _, again := d.Next(); again != err {
				t.Errorf("after an error Next returns %v, want the same error", again)
			}
		})
	}
}

func TestImportUnmappedStatus(t *testing.T) {
	page := `{"ticket_events": [{"id": 1, "ticket_id": 2, "timestamp": 3, "child_events": [{"event_type": "Change", "status": "triage", "previous_value": "open"}]}]}`
	_, err := Import(strings.NewReader(page), hypercare.ZendeskMapping())
	want := `zendesk: hypercare: issue "2": update "1": status "triage" is not mapped`
	if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, hypercare.ErrInvalid) {
		t.Errorf("error = %v, want one containing %q and wrapping ErrInvalid", err, want)
	}
}

func TestEmptyPage(t *testing.T) {
	ex, err := Import(strings.NewReader(`{"ticket_events": [], "end_of_stream": true, "count": 0}`), hypercare.ZendeskMapping())
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Issues) != 0 || !ex.Cursor.EndOfStream {
		t.Errorf("empty page gives %+v", ex)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(readFixture(f, "page1.json"))
	f.Add(readFixture(f, "page2.json"))
	f.Add([]byte(`{"ticket_events": [{"id": 1, "ticket_id": 2, "timestamp": 3, "child_events": [{"event_type": "Change", "status": "open", "previous_value": null}]}]}`))
	f.Add([]byte(`{"ticket_events": [{"id": 1e400, "ticket_id": "x\u0000", "created_at": "2026-06-01T10:00:00+14:00"}]}`))
	f.Add([]byte(`{"count": -1, "ticket_events": null}`))
	f.Fuzz(func(t *testing.T, page []byte) {
		d := NewDecoder(bytes.NewReader(page))
		for range 10000 {
			rec, err := d.Next()
			if err != nil {
				if err != io.EOF && !errors.Is(err, hypercare.ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				break
			}
			if rec.Ticket == "" || rec.Update.ID == "" || rec.Update.At.IsZero() {
				t.Fatalf("record without ticket, ID or time: %+v", rec)
			}
		}
		if _, err := Import(bytes.NewReader(page), hypercare.ZendeskMapping()); err != nil && !errors.Is(err, hypercare.ErrInvalid) {
			t.Fatalf("Import error %v does not wrap ErrInvalid", err)
		}
	})
}

// The subject a Create child event sets is the issue's title, with its line
// break folded and its bell character dropped; a Notification's subject is
// an email's, not the ticket's.
func TestImportTitles(t *testing.T) {
	ex, err := Import(bytes.NewReader(readFixture(t, "page1.json")), testMapping())
	if err != nil {
		t.Fatal(err)
	}
	got := map[hypercare.IssueID]string{}
	for _, is := range ex.Issues {
		got[is.ID] = is.Title
	}
	want := map[hypercare.IssueID]string{"155": "Payroll run fails for part-timers", "156": "Where is my payslip?", "157": ""}
	for id, title := range want {
		if got[id] != title {
			t.Errorf("ticket %s: title %q, want %q", id, got[id], title)
		}
	}
}

// decodeSlowly is the oracle for Decoder: the page walked by encoding/json's
// tokenizer and each ticket event unmarshalled by encoding/json into the
// struct whose tags say what the export holds.
func decodeSlowly(page []byte) ([]Record, Cursor, error) {
	dec := json.NewDecoder(bytes.NewReader(page))
	dec.UseNumber()
	var c Cursor
	r := jsonpage.New(dec, "ticket_events", "ticket event", func(key string) any {
		switch key {
		case "next_page":
			return &c.NextPage
		case "end_time":
			return &c.EndTime
		case "end_of_stream":
			return &c.EndOfStream
		case "count":
			return &c.Count
		}
		return nil
	})
	var out []Record
	for {
		var te ticketEvent
		if err := r.Next(&te); err == io.EOF {
			return out, c, nil
		} else if err != nil {
			return out, c, err
		}
		rec, err := te.record()
		if err != nil {
			return out, c, err
		}
		out = append(out, rec)
	}
}

// FuzzDecodeAgrees: the hand-walked Decoder reads every page as
// encoding/json does — the same records and cursor, or an error for both.
func FuzzDecodeAgrees(f *testing.F) {
	f.Add(readFixture(f, "page1.json"))
	f.Add(readFixture(f, "page2.json"))
	f.Add([]byte(`{"ticket_events": [{"ID": 1, "Ticket_Id": 2, "timestamp": 3, "child_events": [{"event_type": "Change", "status": null, "Priority": 7, "previous_value": null}]}, null], "next_page": null}`))
	f.Add([]byte(`{"ticket_events": [{"id": "a\u00e9\ud800", "ticket_id": 2, "timestamp": 3.5}]}`))
	f.Add([]byte(`{"end_time": 17, "count": 2, "end_of_stream": true, "ticket_events": [], "x": [1, {"y": null}]}`))
	f.Fuzz(func(t *testing.T, page []byte) {
		want, wantCursor, werr := decodeSlowly(page)
		d := NewDecoder(bytes.NewReader(page))
		var got []Record
		var err error
		for {
			var rec Record
			if rec, err = d.Next(); err != nil {
				break
			}
			got = append(got, rec)
		}
		if err == io.EOF {
			err = nil
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("Decoder error %v, encoding/json error %v", err, werr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("records (-encoding/json +Decoder):\n%s", diff)
		}
		if err == nil && d.Cursor() != wantCursor {
			t.Fatalf("cursor %+v, encoding/json %+v", d.Cursor(), wantCursor)
		}
	})
}
