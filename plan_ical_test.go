package hypercare

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// ceremoniesFromICal turns events read back from a ceremony calendar into
// ceremonies again: the kind from CATEGORIES, the title from SUMMARY, the
// phase and severities from the DESCRIPTION lines "Phase: ..." and
// "Severities: ...".
func ceremoniesFromICal(t icalTB, events []ICalEvent) []Ceremony {
	t.Helper()
	var out []Ceremony
	for _, ev := range events {
		c := Ceremony{Title: ev.Summary, Start: ev.Start, End: ev.End}
		if len(ev.Categories) != 1 {
			t.Fatalf("event %q: categories %q, want just the kind", ev.UID, ev.Categories)
		}
		if err := c.Kind.UnmarshalText([]byte(ev.Categories[0])); err != nil {
			t.Fatalf("event %q: %v", ev.UID, err)
		}
		rest := ev.Description
		if i := strings.LastIndex("\n"+rest, "\nSeverities: "); i >= 0 {
			for name := range strings.SplitSeq(("\n" + rest)[i+len("\nSeverities: "):], ", ") {
				var s Severity
				if err := s.UnmarshalText([]byte(name)); err != nil {
					t.Fatalf("event %q: %v", ev.UID, err)
				}
				c.Severities = append(c.Severities, s)
			}
			rest = rest[:max(i-1, 0)]
		}
		if rest != "" {
			phase, ok := strings.CutPrefix(rest, "Phase: ")
			if !ok {
				t.Fatalf("event %q: description %q", ev.UID, ev.Description)
			}
			c.Phase = phase
		}
		out = append(out, c)
	}
	return out
}

// ceremonyICalCmp compares ceremonies read back from a file: instants by
// Equal (the reader gives UTC), no severities the same as an empty list.
var ceremonyICalCmp = cmp.Options{icalOpts, cmpopts.EquateEmpty()}

// The worked case, exported: daily 09:00 stand-ups for the first 10
// days of a go-live on Thu 2026-03-26 in Berlin are at 08:00Z until the DST
// change of Sun 2026-03-29 and at 07:00Z from it, and every client shows
// them at 09:00 local (TZID times). A triage session every 5 days at 14:00
// (engagement days 0 and 5: Thu 03-26 13:00Z, Tue 03-31 12:00Z) has a title
// and phase that need escaping and folding.
func TestCeremonyCalendarAcrossDST(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	goLive := time.Date(2026, 3, 26, 8, 0, 0, 0, berlin)
	const (
		phase = `Woche 1–10: Übergabe, Stabilisierung; Hypercare "intensiv" \ Projekt & Betrieb`
		title = `Triage: Sev2, Sev3; backlog \ Übergabe`
	)
	e := Engagement{ID: "erp-2026", Name: "ERP go-live", Location: berlin, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 10),
		Phases: []Phase{{Name: phase, Days: 10, Cadences: []Cadence{
			{Kind: CeremonyStandUp, At: []TimeOfDay{{9, 0}}},
			{Kind: CeremonyTriage, Title: title, At: []TimeOfDay{{14, 0}}, Every: 5, Severities: []Severity{Sev3, Sev2}},
		}}}}
	stamp := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	cal, err := e.CeremonyCalendar(stamp)
	if err != nil {
		t.Fatal(err)
	}
	data, err := cal.Encode()
	if err != nil {
		t.Fatal(err)
	}

	var want []Ceremony
	standUp := func(day, hour int) {
		start := time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) // day 32 is April 1
		want = append(want, Ceremony{Kind: CeremonyStandUp, Title: "Stand-up", Phase: phase, Start: start, End: start.Add(15 * time.Minute)})
	}
	triage := func(day, hour int) {
		start := time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC)
		want = append(want, Ceremony{Kind: CeremonyTriage, Title: title, Phase: phase, Start: start, End: start.Add(30 * time.Minute),
			Severities: []Severity{Sev2, Sev3}})
	}
	standUp(26, 8)
	triage(26, 13)
	standUp(27, 8)
	standUp(28, 8)
	standUp(29, 7)
	standUp(30, 7)
	standUp(31, 7)
	triage(31, 12)
	for day := 32; day <= 35; day++ {
		standUp(day, 7)
	}
	got := ceremoniesFromICal(t, readICal(t, data))
	if diff := cmp.Diff(want, got, ceremonyICalCmp); diff != "" {
		t.Errorf("ceremonies read back from the file (-want +got):\n%s\n%s", diff, data)
	}
	direct, err := e.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(direct, got, ceremonyICalCmp); diff != "" {
		t.Errorf("file vs Ceremonies (-want +got):\n%s", diff)
	}

	text := string(data)
	for _, lines := range [][]string{
		{"X-WR-CALNAME:ERP go-live ceremonies"},
		// CET from the fall-back of 2025-10-26, CEST from 2026-03-29 02:00;
		// the next change (October) is after the last ceremony.
		{"BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
			"BEGIN:STANDARD", "DTSTART:20251026T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "END:STANDARD",
			"BEGIN:DAYLIGHT", "DTSTART:20260329T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "END:DAYLIGHT",
			"END:VTIMEZONE"},
		{"BEGIN:VEVENT", "UID:20260328T080000Z-stand-up-Stand-up@erp-2026.hypercare", "DTSTAMP:20260320T120000Z",
			"DTSTART;TZID=Europe/Berlin:20260328T090000", "DTEND;TZID=Europe/Berlin:20260328T091500", "SUMMARY:Stand-up"},
		{"UID:20260329T070000Z-stand-up-Stand-up@erp-2026.hypercare", "DTSTAMP:20260320T120000Z",
			"DTSTART;TZID=Europe/Berlin:20260329T090000", "DTEND;TZID=Europe/Berlin:20260329T091500"},
		{"DTSTART;TZID=Europe/Berlin:20260331T140000", "DTEND;TZID=Europe/Berlin:20260331T143000",
			`SUMMARY:Triage: Sev2\, Sev3\; backlog \\ Übergabe`},
		{"CATEGORIES:stand-up", "END:VEVENT"},
		{"CATEGORIES:triage", "END:VEVENT"},
	} {
		if block := strings.Join(lines, "\r\n") + "\r\n"; !strings.Contains(text, block) {
			t.Errorf("the file lacks\n%s\n%s", block, text)
		}
	}
	// The UID (108 octets) and the description (128) are escaped and folded.
	unfolded := strings.ReplaceAll(text, "\r\n ", "")
	for _, line := range []string{
		"UID:20260331T120000Z-triage-Triage_3a_20Sev2_2c_20Sev3_3b_20backlog_20_5c_20_c3_9cbergabe@erp-2026.hypercare",
		`DESCRIPTION:Phase: Woche 1–10: Übergabe\, Stabilisierung\; Hypercare "intensiv" \\ Projekt & Betrieb\nSeverities: Sev2\, Sev3`,
	} {
		if !strings.Contains(unfolded, line+"\r\n") {
			t.Errorf("the unfolded file lacks %q:\n%s", line, unfolded)
		}
		if strings.Contains(text, line+"\r\n") {
			t.Errorf("%q is not folded:\n%s", line, text)
		}
	}
	if n := strings.Count(text, "BEGIN:VEVENT"); n != 12 {
		t.Errorf("%d events, want 12", n)
	}
}

// Only the kinds asked for are kept, in the same order, and an engagement
// without cadences exports an empty calendar.
func TestCeremonyCalendarOnly(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	business := mustCal(t, berlin, "Mon-Fri 09:00-17:00")
	e, err := ClassicPlan("crm", time.Date(2026, 6, 1, 9, 0, 0, 0, berlin), business, 2)
	if err != nil {
		t.Fatal(err)
	}
	stamp := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	cal, err := e.CeremonyCalendar(stamp, CeremonyLeadershipUpdate, CeremonySponsorUpdate)
	if err != nil {
		t.Fatal(err)
	}
	all, err := e.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	var want []Ceremony
	for _, c := range all {
		if c.Kind == CeremonySponsorUpdate || c.Kind == CeremonyLeadershipUpdate {
			want = append(want, c)
		}
	}
	if len(want) == 0 {
		t.Fatal("the classic plan has no status updates")
	}
	if diff := cmp.Diff(want, ceremoniesFromICal(t, cal.Events), ceremonyICalCmp); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if cal.Zone != berlin || cal.Name != "crm ceremonies" || !cal.Stamp.Equal(stamp) {
		t.Errorf("calendar zone %v, name %q, stamp %s", cal.Zone, cal.Name, cal.Stamp)
	}

	bare := Engagement{ID: "bare", Location: berlin, GoLive: stamp, PlannedEnd: stamp.AddDate(0, 0, 14), Phases: []Phase{{Name: "all", Days: 14}}}
	cal, err = bare.CeremonyCalendar(stamp)
	if err != nil || len(cal.Events) != 0 {
		t.Fatalf("no cadences: %d events, %v", len(cal.Events), err)
	}
	if data, err := cal.Encode(); err != nil || strings.Contains(string(data), "VEVENT") {
		t.Errorf("no cadences: %q, %v", data, err)
	}
}

func TestCeremonyCalendarErrors(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, berlin)
	ok := Engagement{ID: "ok", Location: berlin, GoLive: at, PlannedEnd: at.AddDate(0, 0, 7)}
	for _, c := range []struct {
		e    Engagement
		only []CeremonyKind
		want string
	}{
		{Engagement{Location: berlin, GoLive: at, PlannedEnd: at.AddDate(0, 0, 7)}, nil, `engagement "": empty ID`},
		{Engagement{ID: "x", Location: berlin, GoLive: at, PlannedEnd: at}, nil, `engagement "x": planned end`},
		{ok, []CeremonyKind{CeremonyPatch, 0}, `engagement "ok": ceremony calendar: unknown ceremony kind 0`},
		{ok, []CeremonyKind{CeremonyLeadershipUpdate + 1}, "unknown ceremony kind 7"},
	} {
		cal, err := c.e.CeremonyCalendar(at, c.only...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err %v, want one containing %q", err, c.want)
		}
		if cal.Name != "" || cal.Zone != nil || cal.Events != nil {
			t.Errorf("calendar %+v with the error, want none", cal)
		}
	}
	// A zero stamp is Encode's to reject, as for any calendar.
	cal, err := ok.CeremonyCalendar(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cal.Encode(); err == nil || !strings.Contains(err.Error(), "zero stamp") {
		t.Errorf("zero stamp: %v", err)
	}
}

// The UID part of a string is injective and safe: only letters, digits, '-'
// and '_' escapes.
func TestUIDPart(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Stand-up", "Stand-up"},
		{"Triage Sev2-Sev3", "Triage_20Sev2-Sev3"},
		{"a_b", "a_5fb"},
		{"a.b@c", "a_2eb_40c"},
		{"Ü", "_c3_9c"},
		{"", ""},
	} {
		if got := uidPart(c.in); got != c.want {
			t.Errorf("uidPart(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b := rapid.String().Draw(t, "a"), rapid.String().Draw(t, "b")
		pa, pb := uidPart(a), uidPart(b)
		if (a == b) != (pa == pb) {
			t.Fatalf("uidPart(%q) = %q, uidPart(%q) = %q", a, pa, b, pb)
		}
		if strings.Trim(pa, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			t.Fatalf("uidPart(%q) = %q has other characters", a, pa)
		}
	})
}

// icalRunes are the characters of generated names: plain ones and the ones
// iCalendar escapes, multi-byte ones and newlines (no carriage returns and
// no control characters, which TEXT cannot carry, and no capital S, so no
// name contains the "Severities: " line).
var icalRunes = []rune("abc xyz-09,;:\\\"\n\tÜß€😀@._")

// A ceremony calendar reads back to exactly the ceremonies, in every
// generated plan (zones with DST changes, fall-back and gap times, custom
// titles, phases and IDs with characters to escape and fold), and its UIDs
// never repeat (Encode would fail).
func TestCeremonyCalendarRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawPlan(t)
		name := func(label string, min int) string {
			return rapid.StringOfN(rapid.SampledFrom(icalRunes), min, 90, -1).Draw(t, label)
		}
		e := g.e
		// An engagement ID holds no control character (EngagementID.Validate).
		e.ID = EngagementID(rapid.StringOfN(rapid.SampledFrom(slices.DeleteFunc(slices.Clone(icalRunes), unicode.IsControl)), 1, 90, -1).Draw(t, "id"))
		e.Name = name("name", 0)
		e.Phases = slices.Clone(e.Phases)
		for i := range e.Phases {
			p := &e.Phases[i]
			p.Name = name("phase", 0)
			p.Cadences = slices.Clone(p.Cadences)
			for k := range p.Cadences {
				if p.Cadences[k].Title != "" {
					p.Cadences[k].Title = name("title", 1)
				}
			}
		}
		only := rapid.SliceOfNDistinct(rapid.IntRange(1, len(ceremonyNames)-1), 0, 3, rapid.ID[int]).Draw(t, "only")
		var kinds []CeremonyKind
		for _, k := range only {
			kinds = append(kinds, CeremonyKind(k))
		}
		all, err := e.Ceremonies()
		if err != nil {
			t.Fatal(err)
		}
		var want []Ceremony
		for _, c := range all {
			if len(kinds) == 0 || slices.Contains(kinds, c.Kind) {
				want = append(want, c)
			}
		}
		stamp := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		cal, err := e.CeremonyCalendar(stamp, kinds...)
		if err != nil {
			t.Fatal(err)
		}
		data, err := cal.Encode()
		if err != nil {
			t.Fatal(err)
		}
		got := ceremoniesFromICal(t, readICal(t, data))
		if diff := cmp.Diff(want, got, ceremonyICalCmp); diff != "" {
			t.Fatalf("ceremonies read back (-want +got):\n%s\n%s", diff, data)
		}
	})
}
