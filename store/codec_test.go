package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
)

// TestCodecKnowsEveryField fails when a type the binary codec writes field
// by field gains or loses a field: the codec (codec.go), updateIssue.check
// (changes.go), storetest's issueView and equalSeries name the fields one
// by one and must be extended with it, or the field would be silently
// dropped on disk. A new field goes at the end of its block (details, event,
// series key or sample), where records written before it read it as zero.
func TestCodecKnowsEveryField(t *testing.T) {
	for _, tc := range []struct {
		typ  reflect.Type
		want []string
	}{
		{reflect.TypeFor[hypercare.Issue](), []string{"ID", "Engagement", "Title", "Workaround", "FixExpected", "Updated"}},
		{reflect.TypeFor[hypercare.Event](), []string{"ID", "Type", "At", "Severity", "Kind", "Team", "Person", "Reason"}},
		{reflect.TypeFor[hypercare.Series](), []string{"Metric", "Segment", "Samples"}},
		{reflect.TypeFor[hypercare.AdoptionMetric](), []string{"Kind", "Name"}},
		{reflect.TypeFor[hypercare.Segment](), []string{"Dimension", "Name"}},
		{reflect.TypeFor[hypercare.Sample](), []string{"Date", "Value", "Base"}},
		{reflect.TypeFor[hypercare.Date](), []string{"Year", "Month", "Day"}},
	} {
		var got []string
		for i := range tc.typ.NumField() {
			if f := tc.typ.Field(i); f.IsExported() {
				got = append(got, f.Name)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s has exported fields %v; the codec knows %v: add the new field at the end of its block in codec.go (appendDetails/details, appendEvent/events, appendSeriesKey/appendSample and decodeSamples), to updateIssue.check, storetest's issueView or equalSeries, and this list", tc.typ, got, tc.want)
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

		b, err := appendIssueRecords(nil, &is)
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
			a := &appendEvents{eng: is.Engagement, id: is.ID, version: rapid.IntRange(0, 1<<30).Draw(t, "version"), added: is.Events()} // as check leaves it
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
	b, err := appendIssueRecords(nil, &is)
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
	engJS, err := EncodeEngagement(testEngagement("erp"))
	must(t, err)
	soJS := []byte(`{"engagement":"erp","by":"sam","role":"sponsor","at":"2026-03-30T17:00:00+02:00","note":"exit"}`)
	rosterJS, err := EncodeRoster("erp", "week 1", testRoster())
	must(t, err)
	var b []byte
	for _, c := range []change{
		&createEngagement{id: "erp", json: engJS},
		&updateEngagement{id: "erp", json: engJS},
		&createIssues{issues: []hypercare.Issue{is}},
		&appendEvents{eng: "erp", id: "INC-1", version: 3, added: []hypercare.Event{{Type: hypercare.EventResumed, At: t0.Add(time.Hour)}}},
		&updateIssue{details: is, version: 3},
		&addSignOff{json: soJS},
		&addSamples{eng: "erp", series: []hypercare.Series{
			{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Samples: []hypercare.Sample{{Date: day0, Value: 41, Base: 50}, {Date: day0.AddDays(1), Value: 43.5, Base: 50}}},
			{Metric: hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: "Approvals"}, Segment: hypercare.Segment{Dimension: "team", Name: "Finance"}, Samples: []hypercare.Sample{{Date: day0, Value: 0, Base: 12}}},
		}},
		&putRoster{eng: "erp", name: "week 1", json: rosterJS},
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

// TestCodecBlocksEvolve: details and events are blocks, so a record written
// by a later version with a field added at the end of a block still
// decodes (the field is skipped), and a record written before a field was
// added decodes with the field zero.
func TestCodecBlocksEvolve(t *testing.T) {
	at := t0.Add(time.Hour)
	event := func(extra func([]byte) []byte) []byte {
		b, start := beginBlock(nil)
		b = binary.AppendVarint(b, int64(hypercare.EventPaused))
		b = appendTime(b, at)
		b = binary.AppendVarint(b, 0)
		b = binary.AppendVarint(b, 0)
		b = binary.AppendVarint(b, 0)
		b = extra(b)
		return endBlock(b, start)
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
		{"as written today", event(func(b []byte) []byte { return appendString(appendString(appendString(b, "ana"), "vendor"), "a-1") }),
			hypercare.Event{ID: "a-1", Type: hypercare.EventPaused, At: at, Person: "ana", Reason: "vendor"}},
		{"from a later version, with a field more", event(func(b []byte) []byte {
			return binary.AppendVarint(appendString(appendString(appendString(b, "ana"), "vendor"), "a-1"), 42)
		}), hypercare.Event{ID: "a-1", Type: hypercare.EventPaused, At: at, Person: "ana", Reason: "vendor"}},
		{"from format 1, before the ID existed", event(func(b []byte) []byte { return appendString(appendString(b, "ana"), "vendor") }),
			hypercare.Event{Type: hypercare.EventPaused, At: at, Person: "ana", Reason: "vendor"}},
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

var day0 = hypercare.Date{Year: 2026, Month: time.March, Day: 2}

// testRoster is a day shift and a night on call, with their loads.
func testRoster() hypercare.Roster {
	return hypercare.Roster{
		Shifts: []hypercare.Shift{
			{Slot: hypercare.Slot{Name: "day", Start: t0, End: t0.Add(12 * time.Hour), Seats: 2}, People: []hypercare.PersonID{"ana", "bo"}},
			{Slot: hypercare.Slot{Name: "night", Start: t0.Add(12 * time.Hour), End: t0.Add(24 * time.Hour), OnCall: true}, People: []hypercare.PersonID{"sam"}},
		},
		Loads:    []hypercare.Load{{Person: "ana", Shifts: 1, Total: 12 * time.Hour}, {Person: "sam", Shifts: 1, Total: 12 * time.Hour, Sleep: 10 * time.Hour, OnCall: 12 * time.Hour}},
		Fairness: hypercare.Fairness{Max: 12 * time.Hour, Min: 12 * time.Hour, Gini: 0.1},
		Bound:    hypercare.Bound{Total: 12 * time.Hour, Shifts: 1, Exact: true},
	}
}

// drawSeries draws a valid series: any names (valid UTF-8 or not), dates
// across the years JSON dates hold, any finite counts.
func drawSeries(t *rapid.T, label string) hypercare.Series {
	s := hypercare.Series{
		Metric: hypercare.AdoptionMetric{Kind: hypercare.MetricKind(rapid.IntRange(1, 3).Draw(t, label+" kind")), Name: drawBytes(t, label+" name")},
	}
	if s.Metric.Kind == hypercare.FeatureUse && s.Metric.Name == "" {
		s.Metric.Name = "f"
	}
	if rapid.Bool().Draw(t, label+" segment") {
		s.Segment = hypercare.Segment{Dimension: "d" + drawBytes(t, label+" dimension"), Name: "n" + drawBytes(t, label+" segment name")}
	}
	seen := map[hypercare.Date]bool{}
	for range rapid.IntRange(1, 20).Draw(t, label+" samples") {
		d := hypercare.Date{Year: rapid.IntRange(0, 9999).Draw(t, "year"), Month: time.Month(rapid.IntRange(1, 12).Draw(t, "month")), Day: rapid.IntRange(1, 28).Draw(t, "day")}
		if seen[d] {
			continue
		}
		seen[d] = true
		base := rapid.Float64Range(math.SmallestNonzeroFloat64, math.MaxFloat64).Draw(t, "base")
		s.Samples = append(s.Samples, hypercare.Sample{Date: d, Value: base * rapid.Float64Range(0, 1).Draw(t, "rate"), Base: base})
	}
	return s
}

// TestCodecSamplesRoundTrip: an add-samples change decodes to itself — its
// series merged by metric and segment and sorted by date, as AddSamples
// stores them — for any names, dates and counts the store accepts.
func TestCodecSamplesRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var series []hypercare.Series
		for i := range rapid.IntRange(1, 4).Draw(t, "series") {
			series = append(series, drawSeries(t, fmt.Sprint(i)))
		}
		eng := hypercare.EngagementID("e" + drawBytes(t, "engagement"))
		want, err := prepareSeriesInPlace(eng, series)
		if err != nil {
			t.Skip("two drawn series share a metric, a segment and a date")
		}
		b, err := appendSampleRecords(nil, eng, want)
		if err != nil {
			t.Fatal(err)
		}
		recs := frames(t, b)
		if len(recs) != 1 {
			t.Fatalf("%d records for %d series", len(recs), len(want))
		}
		c, err := decodeChange(recs[0])
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		got := c.(*addSamples)
		if got.eng != eng || !slices.EqualFunc(want, got.series, func(a, b hypercare.Series) bool {
			return a.Metric == b.Metric && a.Segment == b.Segment && slices.Equal(a.Samples, b.Samples)
		}) {
			t.Fatalf("add-samples round trip:\n got %q %+v\nwant %q %+v", got.eng, got.series, eng, want)
		}
	})
}

// TestCodecSplitsLongSeries: samples that do not fit one record continue in
// the next, every record below the limit, and replay to the same series.
func TestCodecSplitsLongSeries(t *testing.T) {
	long := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: strings.Repeat("f", maxWritePayload/2)}}
	for i := range 60000 { // about 20 bytes each: over a record
		long.Samples = append(long.Samples, hypercare.Sample{Date: day0.AddDays(i - 30000), Value: float64(i % 7), Base: 7})
	}
	short := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Samples: []hypercare.Sample{{Date: day0, Value: 1, Base: 2}}}
	if _, err := prepareSeriesInPlace("erp", []hypercare.Series{short, long, short}); !errors.Is(err, ErrExists) {
		t.Fatalf("the same sample twice in one call: %v, want ErrExists", err)
	}
	series, err := prepareSeriesInPlace("erp", []hypercare.Series{short, long})
	must(t, err)
	b, err := appendSampleRecords(nil, "erp", series)
	must(t, err)
	recs := frames(t, b)
	if len(recs) < 3 {
		t.Fatalf("%d records for %d bytes", len(recs), len(b))
	}
	tab := newTables()
	tab.engagements["erp"] = []byte("{}")
	for i, r := range recs {
		if len(r) > maxWritePayload {
			t.Fatalf("record %d has %d bytes, over %d", i, len(r), maxWritePayload)
		}
		c, err := decodeChange(r)
		must(t, err)
		must(t, c.check(&tab))
		c.apply(&tab)
	}
	for _, s := range []hypercare.Series{short, long} {
		if got := tab.samples["erp"][keyOf(s)]; !slices.Equal(got, s.Samples) {
			t.Fatalf("%s decoded with %d samples, want %d", s.Metric.Kind, len(got), len(s.Samples))
		}
	}

	// Names that leave no room for a sample are refused, and nothing is
	// appended.
	huge := short
	huge.Segment = hypercare.Segment{Dimension: "team", Name: strings.Repeat("n", maxWritePayload)}
	b, err = appendSampleRecords([]byte("kept"), "erp", []hypercare.Series{short, huge})
	if !errors.Is(err, ErrTooLarge) || string(b) != "kept" {
		t.Fatalf("a series with huge names: %q, %v; want ErrTooLarge and nothing appended", b[:min(len(b), 8)], err)
	}
}

// TestCodecRosterRecord: a put-roster record decodes to itself, names byte
// for byte (invalid UTF-8 included).
func TestCodecRosterRecord(t *testing.T) {
	js, err := EncodeRoster("erp", "week\xff1", testRoster())
	must(t, err)
	b, err := appendRosterRecord(nil, "erp", "week\xff1", js)
	must(t, err)
	c, err := decodeChange(frames(t, b)[0])
	must(t, err)
	got := c.(*putRoster)
	if got.eng != "erp" || got.name != "week\xff1" || !bytes.Equal(got.json, js) {
		t.Fatalf("put-roster round trip: %q %q %s", got.eng, got.name, got.json)
	}
	for name, payload := range map[string][]byte{
		"no name":  append(appendString(appendString([]byte{opPutRoster}, "erp"), ""), js...),
		"bad JSON": append(appendString(appendString([]byte{opPutRoster}, "erp"), "week 1"), `{"shifts":`...),
	} {
		if _, err := decodeChange(payload); err == nil {
			t.Errorf("a put-roster record with %s decoded", name)
		}
	}
}

// TestBlockLengths: a block is its length as a uvarint, then its bytes,
// whether the length takes one byte (endBlock fills the byte beginBlock
// kept) or several (endBlock moves the bytes up).
func TestBlockLengths(t *testing.T) {
	prefix := []byte("before")
	for _, n := range []int{0, 1, 127, 128, 129, 300, 16383, 16384, 70_000} {
		data := bytes.Repeat([]byte{0xa5}, n)
		for i := range data {
			data[i] = byte(i * 7)
		}
		b, start := beginBlock(bytes.Clone(prefix))
		b = endBlock(append(b, data...), start)
		want := append(binary.AppendUvarint(bytes.Clone(prefix), uint64(n)), data...)
		if !bytes.Equal(b, want) {
			t.Errorf("block of %d bytes: got %d bytes %x..., want %d bytes %x...", n, len(b), b[:min(len(b), 12)], len(want), want[:min(len(want), 12)])
		}
	}
}
