package store

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
)

// TestCodecKnowsEveryField fails when hypercare.Issue or hypercare.Event
// gains or loses a field: the binary codec (codec.go), updateIssue.check
// (changes.go) and storetest's issueView name the fields one by one and must
// be extended with it, or the field would be silently dropped on disk. A new
// field goes at the end of its block (details or event), where records
// written before it read it as zero.
func TestCodecKnowsEveryField(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want []string
	}{
		{reflect.TypeFor[hypercare.Issue](), []string{"ID", "Engagement", "Title", "Workaround", "FixExpected"}},
		{reflect.TypeFor[hypercare.Event](), []string{"Type", "At", "Severity", "Kind", "Team", "Person", "Reason"}},
	} {
		var got []string
		for i := range tc.typ.NumField() {
			if f := tc.typ.Field(i); f.IsExported() {
				got = append(got, f.Name)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s has exported fields %v; the codec knows %v: add the new field at the end of its block in codec.go (appendDetails/details or appendEvent/events), to updateIssue.check, storetest's issueView and this list", tc.typ, got, tc.want)
		}
	}
}

// frames splits encoded records, checking each frame's length and CRC.
func frames(t fataler, b []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for len(b) > 0 {
		if len(b) < frameHeaderSize {
			t.Fatalf("%d bytes left, less than a frame header", len(b))
		}
		n := int(binary.LittleEndian.Uint32(b))
		if n > len(b)-frameHeaderSize || n > MaxRecordSize {
			t.Fatalf("frame of %d bytes, %d left", n, len(b)-frameHeaderSize)
		}
		if frameCRC(b[:4], b[frameHeaderSize:frameHeaderSize+n]) != binary.LittleEndian.Uint32(b[4:]) {
			t.Fatalf("frame CRC mismatch")
		}
		out = append(out, b[frameHeaderSize:frameHeaderSize+n])
		b = b[frameHeaderSize+n:]
	}
	return out
}

// drawTime draws any instant time.Time can hold, in some location.
func drawTime(t *rapid.T, label string) time.Time {
	var at time.Time
	switch rapid.IntRange(0, 2).Draw(t, label+" range") {
	case 0: // around the hypercare
		at = t0.Add(time.Duration(rapid.Int64Range(-1e15, 1e15).Draw(t, label)))
	case 1: // anywhere Unix seconds reach
		at = time.Unix(rapid.Int64().Draw(t, label), rapid.Int64Range(0, 999999999).Draw(t, label+" ns"))
	case 2: // the extremes of time.Time itself
		at = time.Time{}.Add(time.Duration(rapid.Int64().Draw(t, label)))
		if rapid.Bool().Draw(t, label+" far") {
			at = at.AddDate(rapid.IntRange(-1e9, 1e9).Draw(t, label+" years"), 0, 0)
		}
	}
	return at.In(rapid.SampledFrom([]*time.Location{time.UTC, time.FixedZone("", 3600), time.FixedZone("X", -5*3600)}).Draw(t, label+" zone"))
}

func drawBytes(t *rapid.T, label string) string {
	if rapid.Bool().Draw(t, label+" utf8") {
		return rapid.StringN(0, 12, -1).Draw(t, label)
	}
	return string(rapid.SliceOfN(rapid.Byte(), 0, 12).Draw(t, label)) // any bytes, valid UTF-8 or not
}

// drawTimeline draws events, keeping those the timeline accepts.
func drawTimeline(t *rapid.T, is *hypercare.Issue) {
	at := drawTime(t, "start")
	for range rapid.IntRange(0, 8).Draw(t, "events") {
		at = at.Add(time.Duration(rapid.Int64Range(0, 1e12).Draw(t, "step")))
		e := hypercare.Event{
			Type:     hypercare.EventType(rapid.IntRange(1, 9).Draw(t, "type")),
			At:       at,
			Severity: hypercare.Severity(rapid.IntRange(0, 9).Draw(t, "severity")),
			Kind:     hypercare.Kind(rapid.IntRange(0, 5).Draw(t, "kind")),
			Team:     hypercare.Team(rapid.IntRange(0, 2).Draw(t, "team")),
			Person:   hypercare.PersonID(drawBytes(t, "person")),
			Reason:   drawBytes(t, "reason"),
		}
		is.Append(e) // an event the timeline rejects is simply not kept
	}
}

// sameIssue compares issues field by field, instants with Equal.
func sameIssue(a, b hypercare.Issue) bool {
	ea, eb := a.Events(), b.Events()
	if a.ID != b.ID || a.Engagement != b.Engagement || a.Title != b.Title || a.Workaround != b.Workaround ||
		!a.FixExpected.Equal(b.FixExpected) || len(ea) != len(eb) || a.State().Status != b.State().Status {
		return false
	}
	for i := range ea {
		if !ea[i].At.Equal(eb[i].At) {
			return false
		}
		ea[i].At, eb[i].At = time.Time{}, time.Time{}
		if ea[i] != eb[i] {
			return false
		}
	}
	return true
}

// TestCodecRoundTrip: every change the store writes decodes to itself, for
// any strings (valid UTF-8 or not) and any instant time.Time holds.
func TestCodecRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		is := hypercare.Issue{
			ID:          hypercare.IssueID(drawBytes(t, "id")),
			Engagement:  hypercare.EngagementID(drawBytes(t, "engagement")),
			Title:       drawBytes(t, "title"),
			Workaround:  drawBytes(t, "workaround"),
			FixExpected: drawTime(t, "fix expected"),
		}
		if rapid.Bool().Draw(t, "no fix date") {
			is.FixExpected = time.Time{}
		}
		drawTimeline(t, &is)

		b, err := appendIssueRecords(nil, is)
		if err != nil {
			t.Fatal(err)
		}
		recs := frames(t, b)
		if len(recs) != 1 {
			t.Fatalf("%d records for a short issue", len(recs))
		}
		c, err := decodeChange(recs[0])
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		got := c.(*createIssues).issues[0]
		if !sameIssue(is, got) {
			t.Fatalf("create-issue round trip:\n got %#v\nwant %#v", got, is)
		}
		if !got.FixExpected.IsZero() && got.FixExpected.Location() != time.UTC || is.FixExpected.IsZero() != got.FixExpected.IsZero() {
			t.Fatalf("fix-expected %v decoded as %v", is.FixExpected, got.FixExpected)
		}

		if is.Len() > 0 {
			a := &appendEvents{eng: is.Engagement, id: is.ID, version: rapid.IntRange(0, 1<<30).Draw(t, "version"), events: is.Events()}
			b, err := a.appendRecords(nil)
			if err != nil {
				t.Fatal(err)
			}
			c, err := decodeChange(frames(t, b)[0])
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			d := c.(*appendEvents)
			back := hypercare.Issue{ID: d.id, Engagement: d.eng, Title: is.Title, Workaround: is.Workaround, FixExpected: is.FixExpected}
			if err := back.Append(d.events...); err != nil || d.version != a.version || !sameIssue(is, back) {
				t.Fatalf("append-events round trip: version %d, want %d; %v", d.version, a.version, err)
			}
		}

		u := &updateIssue{details: is, version: rapid.IntRange(0, 1<<30).Draw(t, "version")}
		b, err = u.appendRecords(nil)
		if err != nil {
			t.Fatal(err)
		}
		c, err = decodeChange(frames(t, b)[0])
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		v := c.(*updateIssue)
		d := v.details
		if v.version != u.version || d.ID != is.ID || d.Engagement != is.Engagement || d.Title != is.Title || d.Workaround != is.Workaround || !d.FixExpected.Equal(is.FixExpected) {
			t.Fatalf("update-issue round trip: got %+v at %d", d, v.version)
		}
	})
}

// TestCodecSplitsLongTimelines: an issue whose timeline does not fit one
// record is written as a create record and append records, each below the
// limit, that decode to the same issue.
func TestCodecSplitsLongTimelines(t *testing.T) {
	is := hypercare.Issue{ID: "INC-1", Title: strings.Repeat("t", maxWritePayload-3000)}
	events := []hypercare.Event{{Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev2, Kind: hypercare.Defect}}
	for i := range 200000 {
		events = append(events, nextEventFor(events, t0.Add(time.Duration(i)*time.Second)))
	}
	must(t, is.Append(events...))
	b, err := appendIssueRecords(nil, is)
	must(t, err)
	recs := frames(t, b)
	if len(recs) < 2 {
		t.Fatalf("%d records for %d bytes", len(recs), len(b))
	}
	tab := newTables()
	for i, r := range recs {
		if len(r) > maxWritePayload {
			t.Fatalf("record %d has %d bytes, over %d", i, len(r), maxWritePayload)
		}
		c, err := decodeChange(r)
		must(t, err)
		must(t, c.check(&tab))
		c.apply(&tab)
	}
	if got, _ := tab.issue("", "INC-1"); !sameIssue(is, got) {
		t.Fatalf("split issue decoded with %d events, want %d", got.Len(), is.Len())
	}
}

// seedRecords returns one valid payload of every op.
func seedRecords(t testing.TB) [][]byte {
	is := testIssue("erp", "INC-1", t0)
	must(t, is.Append(hypercare.Event{Type: hypercare.EventAssigned, At: t0.Add(time.Minute), Team: hypercare.SteadyState, Person: "bo"},
		hypercare.Event{Type: hypercare.EventPaused, At: t0.Add(2 * time.Minute), Reason: "waiting on the customer"}))
	is.Workaround, is.FixExpected = "use the old screen", t0.AddDate(0, 0, 3)
	engJS, err := encodeEngagement(testEngagement("erp"))
	must(t, err)
	soJS := []byte(`{"engagement":"erp","by":"sam","role":"sponsor","at":"2026-03-30T17:00:00+02:00","note":"exit"}`)
	var b []byte
	for _, c := range []change{
		&createEngagement{id: "erp", json: engJS},
		&updateEngagement{id: "erp", json: engJS},
		&createIssues{issues: []hypercare.Issue{is}},
		&appendEvents{eng: "erp", id: "INC-1", version: 3, events: []hypercare.Event{{Type: hypercare.EventResumed, At: t0.Add(time.Hour)}}},
		&updateIssue{details: is, version: 3},
		&addSignOff{json: soJS},
	} {
		b, err = c.appendRecords(b)
		must(t, err)
	}
	b = appendCommit(b, 0)
	return frames(t, b)
}

// FuzzDecodeRecord feeds any payload to the record decoder: it must never
// panic, and what it accepts must encode back to a payload that decodes to
// the same change (encode∘decode is a fixed point). The seeds — a valid
// record of every op, and testdata/fuzz/FuzzDecodeRecord — run in every
// go test.
func FuzzDecodeRecord(f *testing.F) {
	for _, r := range seedRecords(f) {
		f.Add(r)
		f.Add(r[:len(r)/2])
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		c, err := decodeChange(payload)
		if err != nil {
			return
		}
		once, err := c.appendRecords(nil)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		var twice []byte
		for _, r := range frames(t, once) {
			c2, err := decodeChange(r)
			if err != nil {
				t.Fatalf("decode of a re-encoded record: %v", err)
			}
			if twice, err = c2.appendRecords(twice); err != nil {
				t.Fatalf("re-encode: %v", err)
			}
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("encode(decode(x)) is not stable:\n%q\n%q", once, twice)
		}
	})
}

// FuzzReplay opens a journal holding any bytes after a valid header: it
// must never panic, and either open (cutting a tail) or fail with an error.
func FuzzReplay(f *testing.F) {
	var journal []byte
	recs := seedRecords(f)
	for _, r := range recs[:len(recs)-1] { // all but the commit
		journal, _ = appendRecord(journal, r[0], func(p []byte) []byte { return append(p, r[1:]...) })
	}
	f.Add(appendCommit(slices.Clone(journal), 0)) // a valid group
	f.Add(journal)                                // the same, not committed
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		fsys := newMemFS()
		f, err := openFile(memDir, fsys)
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		path := memDir + "/" + journalName
		fsys.setBytes(path, append(fsys.bytesOf(path), body...))
		g, err := openFile(memDir, fsys)
		if err != nil {
			return
		}
		for _, err := range g.Issues(bg, IssueFilter{}) {
			if err != nil {
				t.Fatal(err)
			}
		}
		g.Close()
	})
}

// TestCodecBlocksEvolve: details and events are blocks, so a record written
// by a later version with a field added at the end of a block still
// decodes (the field is skipped), and a record written before a field was
// added decodes with the field zero.
func TestCodecBlocksEvolve(t *testing.T) {
	at := t0.Add(time.Hour)
	event := func(extra func([]byte) []byte) []byte {
		start := 0
		b := binary.AppendVarint(nil, int64(hypercare.EventPaused))
		b = appendTime(b, at)
		b = binary.AppendVarint(b, 0)
		b = binary.AppendVarint(b, 0)
		b = binary.AppendVarint(b, 0)
		b = extra(b)
		return prefixLength(b, start)
	}
	record := func(ev []byte) []byte {
		p := appendKey([]byte{opAppendEvents}, "erp", "INC-1", 1)
		return append(p, ev...)
	}
	for _, tc := range []struct {
		name string
		ev   []byte
		want hypercare.Event
	}{
		{"as written today", event(func(b []byte) []byte { return appendString(appendString(b, "ana"), "vendor") }),
			hypercare.Event{Type: hypercare.EventPaused, At: at, Person: "ana", Reason: "vendor"}},
		{"from a later version, with a field more", event(func(b []byte) []byte {
			return binary.AppendVarint(appendString(appendString(b, "ana"), "vendor"), 42)
		}), hypercare.Event{Type: hypercare.EventPaused, At: at, Person: "ana", Reason: "vendor"}},
		{"from before reason existed", event(func(b []byte) []byte { return appendString(b, "ana") }),
			hypercare.Event{Type: hypercare.EventPaused, At: at, Person: "ana"}},
		{"from before person and reason existed", event(func(b []byte) []byte { return b }),
			hypercare.Event{Type: hypercare.EventPaused, At: at}},
	} {
		c, err := decodeChange(record(tc.ev))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		got := c.(*appendEvents).events
		if len(got) != 1 || !got[0].At.Equal(tc.want.At) {
			t.Errorf("%s: decoded %+v, want %+v", tc.name, got, tc.want)
			continue
		}
		got[0].At = tc.want.At
		if got[0] != tc.want {
			t.Errorf("%s: decoded %+v, want %+v", tc.name, got[0], tc.want)
		}
	}
	// A block that claims more bytes than the record holds is damage.
	bad := record(event(func(b []byte) []byte { return b }))
	bad[len(bad)-len(event(func(b []byte) []byte { return b }))]++
	if _, err := decodeChange(bad); err == nil {
		t.Errorf("a block running past the record decoded")
	}
}
