package csv

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zone tests must not depend on the machine's zone database

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"pgregory.net/rapid"
)

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// jsmConfig reads testdata/events.csv, a Jira Service Management history
// exported with local times in Berlin.
func jsmConfig() Config {
	return Config{
		Columns: Columns{
			Ticket: "Issue key", EventID: "History ID", At: "Changed", Created: "Created",
			Status: "Status", StatusFrom: "Old status", Priority: "Priority", PriorityFrom: "Old priority",
			Type: "Issue Type", TypeFrom: "Old type", Group: "Assignment group", GroupFrom: "Old group",
			Assignee: "Assignee", AssigneeFrom: "Old assignee", Reply: "Public reply", By: "Author",
		},
		Layout: "02/01/2006 15:04",
		Zone:   berlin,
	}
}

func jsmMapping() hypercare.Mapping {
	m := hypercare.JSMMapping()
	m.Groups = []hypercare.TeamTerm{{Value: "Service Desk", Team: hypercare.SteadyState}, {Value: "Apps", Team: hypercare.Project}}
	m.Agents = []hypercare.AgentTerm{
		{Value: "ana", Person: "ana", Team: hypercare.SteadyState},
		{Value: "raj", Person: "raj", Team: hypercare.Project},
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

func TestImportEvents(t *testing.T) {
	issues, err := Import(bytes.NewReader(readFixture(t, "events.csv")), jsmConfig(), jsmMapping())
	if err != nil {
		t.Fatal(err)
	}
	got := map[hypercare.IssueID]hypercare.State{}
	var order []hypercare.IssueID
	for _, is := range issues {
		got[is.ID] = is.State()
		order = append(order, is.ID)
	}
	if diff := cmp.Diff([]hypercare.IssueID{"HD-1", "HD-2", "HD-3"}, order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	// Worked by hand: Berlin is UTC+1 until 02:00 on 29 March 2026, UTC+2
	// after.
	want := map[hypercare.IssueID]hypercare.State{
		// opened Medium (Sev3) in Service Desk; waiting for customer with
		// ana's reply; High while waiting; in progress and escalated to raj
		// in Apps; resolved; reopened; closed.
		"HD-1": {Status: hypercare.StatusResolved, Severity: hypercare.Sev2, Kind: hypercare.Defect, Team: hypercare.Project,
			Assignee: "raj", Opened: utc("2026-03-28T15:00:00Z"), Responded: utc("2026-03-29T00:30:00Z"),
			Resolved: utc("2026-03-31T10:00:00Z"), ResolvedBy: "raj", ResolvedTeam: hypercare.Project,
			Escalated: true, Handoffs: 1, Reopens: 1},
		// blank priority and type (the defaults); typed later.
		"HD-2": {Status: hypercare.StatusOpen, Severity: hypercare.Sev3, Kind: hypercare.Question, Opened: utc("2026-03-28T17:00:00Z")},
		// a reply to a ticket created before the file: held.
		"HD-3": {},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("states (-want +got):\n%s", diff)
	}
	hd1 := issues[0]
	if n := hd1.Len(); n != 10 {
		t.Errorf("HD-1 has %d events, want 10: %v", n, hd1.Events())
	}
	paused, _ := hd1.Event("h2/paused")
	reclassified, _ := hd1.Event("h3/reclassified")
	if d := reclassified.At.Sub(paused.At); d != time.Hour {
		t.Errorf("01:30 and 03:30 on the night of the change are %s apart, want 1h", d)
	}
	if h := issues[2].Held(); len(h) != 1 || h[0].Event.ID != "h10/responded" {
		t.Errorf("HD-3 holds %v, want its response h10/responded", h)
	}
}

func TestImportOffsets(t *testing.T) {
	c := Config{
		Columns: Columns{Ticket: "ticket", EventID: "id", At: "at", Created: "created", Status: "status", StatusFrom: "status_before",
			Priority: "priority", PriorityFrom: "priority_before", By: "by"},
		Layout: time.RFC3339, Comma: ';',
	}
	issues, err := Import(bytes.NewReader(readFixture(t, "offsets.csv")), c, jsmMapping())
	if err != nil {
		t.Fatal(err)
	}
	// 09:00+05:30 is 03:30Z; 00:30-05:00 is 05:30Z; 07:00Z; 10:00+02:00 is 08:00Z.
	is := issues[0]
	var got []string
	for _, e := range is.Events() {
		got = append(got, e.At.UTC().Format("15:04")+" "+e.Type.String())
	}
	// At one instant a reclassification replays before a resume (timeline.go).
	want := []string{"03:30 opened", "05:30 paused", "07:00 reclassified", "07:00 resumed", "08:00 resolved"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("timeline (-want +got):\n%s", diff)
	}
}

func TestReaderErrors(t *testing.T) {
	header := "Issue key,History ID,Changed,Created,Status,Old status,Priority,Old priority,Issue Type,Old type,Assignment group,Old group,Assignee,Old assignee,Public reply,Author\n"
	tests := []struct {
		name string
		c    func(*Config)
		file string
		want string
	}{
		{name: "no zone for a layout without offset", c: func(c *Config) { c.Zone = nil }, file: header,
			want: `csv: config: layout "02/01/2006 15:04" has no offset: give the zone its times are in`},
		{name: "no layout", c: func(c *Config) { c.Layout = "" }, file: header, want: `csv: config: no time layout`},
		{name: "missing column", file: "Issue key,History ID,Changed\n", want: `csv: header has no column "Created"`},
		{name: "repeated column", file: strings.Replace(header, "Author", "Status", 1), want: `csv: header names column "Status" twice`},
		{name: "empty file", file: "", want: `csv: no header`},
		{name: "time skipped by the spring change", file: header + "HD-1,h1,29/03/2026 02:30,true,Open,,,,,,,,,,,\n",
			want: `csv: line 2: column "Changed": time "29/03/2026 02:30" does not exist in Europe/Berlin`},
		{name: "time repeated by the autumn change", file: header + "HD-1,h1,25/10/2026 02:30,true,Open,,,,,,,,,,,\n",
			want: `csv: line 2: column "Changed": time "25/10/2026 02:30" happens twice in Europe/Berlin (repeated by a clock change): give the offset`},
		{name: "bad time", file: header + "HD-1,h1,2026-03-29,true,Open,,,,,,,,,,,\n",
			want: `csv: line 2: column "Changed": time "2026-03-29" does not match layout "02/01/2006 15:04"`},
		{name: "bad boolean", file: header + "HD-1,h1,28/03/2026 16:00,yes please,Open,,,,,,,,,,,\n",
			want: `csv: line 2: column "Created": "yes please" is not true or false`},
		{name: "no ticket", file: header + ",h1,28/03/2026 16:00,true,Open,,,,,,,,,,,\n", want: `csv: line 2: column "Issue key": no ticket`},
		{name: "no event ID", file: header + "HD-1,,28/03/2026 16:00,true,Open,,,,,,,,,,,\n", want: `csv: line 2: column "History ID": no event ID`},
		{name: "wrong number of fields", file: header + "HD-1,h1\n", want: `csv: line 2: wrong number of fields`},
		{name: "bare quote", file: header + "HD-1,h\"1,28/03/2026 16:00,true,Open,,,,,,,,,,,\n", want: `csv: line 2: bare " in non-quoted-field`},
		{name: "unmapped status, with its line", file: header + "HD-1,h1,28/03/2026 16:00,true,Open,,,,,,,,,,,\nHD-1,h2,28/03/2026 17:00,,Triage,Open,,,,,,,,,,\n",
			want: `csv: line 3: hypercare: issue "HD-1": update "h2": status "Triage" is not mapped`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := jsmConfig()
			if tt.c != nil {
				tt.c(&c)
			}
			_, err := Import(strings.NewReader(tt.file), c, jsmMapping())
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, hypercare.ErrInvalid) {
				t.Errorf("error = %v, want one containing %q and wrapping ErrInvalid", err, tt.want)
			}
		})
	}
}

func TestImportConflict(t *testing.T) {
	header := "Issue key,History ID,Changed,Created,Status,Old status,Priority,Old priority,Issue Type,Old type,Assignment group,Old group,Assignee,Old assignee,Public reply,Author\n"
	file := header + "HD-1,h1,28/03/2026 16:00,true,Open,,,,,,,,,,,\n" +
		"HD-1,h2,28/03/2026 17:00,,Pending,Open,,,,,,,,,,\n" +
		"HD-1,h2,28/03/2026 18:00,,Pending,Open,,,,,,,,,,\n"
	_, err := Import(strings.NewReader(file), jsmConfig(), jsmMapping())
	var conflict *hypercare.EventConflictError
	if !errors.As(err, &conflict) || !errors.Is(err, hypercare.ErrInvalid) || !strings.HasPrefix(err.Error(), "csv: line 4: ") {
		t.Errorf("error = %v, want a conflict on line 4 that wraps ErrInvalid", err)
	}
	// The same row twice is no conflict: it adds nothing.
	if _, err := Import(strings.NewReader(file[:strings.LastIndex(file, "HD-1,h2")]+"HD-1,h2,28/03/2026 17:00,,Pending,Open,,,,,,,,,,\n"), jsmConfig(), jsmMapping()); err != nil {
		t.Errorf("a repeated row: %v", err)
	}
}

// TestDeliveryOrderProperty: the file imported whole gives the same
// timelines, held events and clocks as its events delivered one at a time,
// shuffled, some twice.
func TestDeliveryOrderProperty(t *testing.T) {
	m := jsmMapping()
	data := readFixture(t, "events.csv")
	exported, err := Import(bytes.NewReader(data), jsmConfig(), m)
	if err != nil {
		t.Fatal(err)
	}
	type delivery struct {
		ticket hypercare.IssueID
		event  hypercare.Event
	}
	var all []delivery
	rd, err := NewReader(bytes.NewReader(data), jsmConfig())
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		events, err := m.Events(rec.Ticket, rec.Update)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			all = append(all, delivery{rec.Ticket, e})
		}
	}
	policy := hypercare.DefaultPolicy(nil)
	asOfs := []time.Time{utc("2026-03-29T00:45:00Z"), utc("2026-03-30T08:00:00Z"), utc("2026-04-02T00:00:00Z")}
	rapid.Check(t, func(rt *rapid.T) {
		order := rapid.Permutation(all).Draw(rt, "order")
		for range rapid.IntRange(0, 6).Draw(rt, "repeats") {
			order = append(order, all[rapid.IntRange(0, len(all)-1).Draw(rt, "repeat")])
		}
		order = rapid.Permutation(order).Draw(rt, "order with repeats")
		got := map[hypercare.IssueID]hypercare.Issue{}
		for _, d := range order {
			is := got[d.ticket]
			is.ID = d.ticket
			if _, err := is.Insert(d.event); err != nil {
				rt.Fatal(err)
			}
			got[d.ticket] = is
		}
		for _, want := range exported {
			is := got[want.ID]
			if diff := cmp.Diff(want.Events(), is.Events()); diff != "" {
				rt.Fatalf("%s timeline (-export +deliveries):\n%s", want.ID, diff)
			}
			if diff := cmp.Diff(want.Held(), is.Held()); diff != "" {
				rt.Fatalf("%s held (-export +deliveries):\n%s", want.ID, diff)
			}
			for _, asOf := range asOfs {
				for _, metric := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
					wc, werr := policy.Clock(want, metric, asOf)
					gc, gerr := policy.Clock(is, metric, asOf)
					if diff := cmp.Diff(wc, gc); diff != "" || (werr == nil) != (gerr == nil) {
						rt.Fatalf("%s %s clock at %s (-export +deliveries):\n%s\nerrors %v, %v", want.ID, metric, asOf, diff, werr, gerr)
					}
				}
			}
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add(readFixture(f, "events.csv"))
	f.Add([]byte("Issue key,History ID,Changed,Created,Status,Old status,Priority,Old priority,Issue Type,Old type,Assignment group,Old group,Assignee,Old assignee,Public reply,Author\nHD-1,h1,25/10/2026 02:30,true,Open,,,,,,,,,,,\n"))
	f.Add([]byte("\ufeffIssue key,History ID,Changed,Created,Status,Old status,Priority,Old priority,Issue Type,Old type,Assignment group,Old group,Assignee,Old assignee,Public reply,Author\n\"HD\x00\",h1,28/03/2026 16:00,1,Open,,,,,,,,,,,\n"))
	f.Fuzz(func(t *testing.T, file []byte) {
		rd, err := NewReader(bytes.NewReader(file), jsmConfig())
		if err != nil {
			if !errors.Is(err, hypercare.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		for {
			rec, err := rd.Next()
			if err != nil {
				if err != io.EOF && !errors.Is(err, hypercare.ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				break
			}
			if rec.Ticket == "" || rec.Update.ID == "" || rec.Update.At.IsZero() {
				t.Fatalf("row without ticket, ID or time: %+v", rec)
			}
		}
		if _, err := Import(bytes.NewReader(file), jsmConfig(), jsmMapping()); err != nil && !errors.Is(err, hypercare.ErrInvalid) {
			t.Fatalf("Import error %v does not wrap ErrInvalid", err)
		}
	})
}

// TestZoneAbbreviations: a layout with a zone abbreviation reads it as one
// of Zone's, whatever the machine's zone (set to UTC here: time.Parse
// alone would read an abbreviation the machine does not know as UTC+0,
// and in Europe/Berlin would hide that). Expected instants by hand: CET is
// UTC+1, CEST is UTC+2.
func TestZoneAbbreviations(t *testing.T) {
	saved := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = saved })

	const abbrev = "2006-01-02 15:04 MST"
	for _, tc := range []struct {
		zone    *time.Location // nil: none given
		layout  string
		at      string
		want    time.Time
		wantErr string
	}{
		{zone: berlin, layout: abbrev, at: "2026-01-15 10:00 CET", want: time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)},
		{zone: berlin, layout: abbrev, at: "2026-07-15 10:00 CEST", want: time.Date(2026, 7, 15, 8, 0, 0, 0, time.UTC)},
		{zone: berlin, layout: abbrev, at: "2026-07-15 10:00 UTC", want: time.Date(2026, 7, 15, 10, 0, 0, 0, time.UTC)},
		{zone: berlin, layout: abbrev, at: "2026-07-15 10:00 IST", wantErr: `line 2: column "at": time "2026-07-15 10:00 IST": zone abbreviation "IST" is not one of Europe/Berlin's`},
		// Without Zone only the abbreviations that name their offset read.
		{layout: abbrev, at: "2026-07-15 10:00 GMT", want: time.Date(2026, 7, 15, 10, 0, 0, 0, time.UTC)},
		{layout: abbrev, at: "2026-07-15 10:00 UTC", want: time.Date(2026, 7, 15, 10, 0, 0, 0, time.UTC)},
		{layout: abbrev, at: "2026-07-15 10:00 CEST", wantErr: `zone abbreviation "CEST" is ambiguous`},
		// HTTP dates (RFC 1123) end in GMT.
		{layout: time.RFC1123, at: `"Mon, 01 Jun 2026 10:00:00 GMT"`, want: time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)},
	} {
		c := Config{Columns: Columns{Ticket: "ticket", EventID: "id", At: "at"}, Layout: tc.layout, Zone: tc.zone}
		rd, err := NewReader(strings.NewReader("ticket,id,at\nT-1,e1,"+tc.at+"\n"), c)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := rd.Next()
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, hypercare.ErrInvalid) {
				t.Errorf("zone %v, %s: error %v, want one containing %q and wrapping ErrInvalid", tc.zone, tc.at, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("zone %v, %s: %v", tc.zone, tc.at, err)
		case !rec.Update.At.Equal(tc.want):
			t.Errorf("zone %v, %s: read %s, want %s", tc.zone, tc.at, rec.Update.At.UTC(), tc.want)
		}
	}
}
