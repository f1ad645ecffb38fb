package hypercare

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// handled returns an issue opened at "at" and resolved half an hour later by
// who.
func handledIssue(t interface {
	Helper()
	Fatal(...any)
}, id string, at time.Time, who PersonID) Issue {
	t.Helper()
	is := Issue{ID: IssueID(id)}
	if err := is.Append(
		Event{Type: EventOpened, At: at, Severity: Sev2, Kind: Defect},
		Event{Type: EventResolved, At: at.Add(30 * time.Minute), Person: who, Team: Project},
	); err != nil {
		t.Fatal(err)
	}
	return is
}

// The issue's fourth case: 20 incidents over two weeks of day shifts, A
// handled 12 (5 of them on other people's days), B 5 and C 3. Top-1 share
// 12/20 = 0.60; Gini ΣΣ|xi−xj| / (2n²μ) = 2·(7+9+2) / (2·9·20/3) = 36/120 =
// 0.30; A is flagged for the share (above 0.5) and for handling 5 issues off
// shift (above 2).
func TestHeroesWorkedCase(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	day := func(d, h int) time.Time { return time.Date(2025, 5, d, h, 0, 0, 0, berlin) }
	workdays := []int{5, 6, 7, 8, 9, 12, 13, 14, 15, 16}
	var shifts []Shift
	for i, d := range workdays {
		who := []PersonID{"A", "B", "C"}[i%3] // A: 5, 8, 13, 16; B: 6, 9, 14; C: 7, 12, 15
		shifts = append(shifts, Shift{Slot: Slot{Name: "day", Start: day(d, 9), End: day(d, 17)}, People: []PersonID{who}})
	}
	var issues []Issue
	add := func(who PersonID, d, h int) {
		issues = append(issues, handledIssue(t, fmt.Sprintf("INC-%d", len(issues)+1), day(d, h), who))
	}
	for _, at := range [][2]int{{5, 10}, {5, 14}, {8, 10}, {8, 14}, {13, 10}, {13, 14}, {16, 10}} {
		add("A", at[0], at[1]) // on shift
	}
	for _, at := range [][2]int{{6, 11}, {7, 11}, {9, 15}, {12, 15}, {14, 11}} {
		add("A", at[0], at[1]) // INC-8..12, on someone else's shift
	}
	for _, at := range [][2]int{{6, 10}, {6, 14}, {9, 10}, {14, 10}, {14, 14}} {
		add("B", at[0], at[1])
	}
	for _, at := range [][2]int{{7, 10}, {12, 10}, {15, 10}} {
		add("C", at[0], at[1])
	}
	rep, err := Heroes(rotaTeam("A", "B", "C"), Roster{Shifts: shifts}, issues, HeroRules{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Handled != 20 || rep.TopShare != 0.60 || rep.Gini != 0.30 {
		t.Errorf("handled %d, top share %v, Gini %v; want 20, 0.60, 0.30", rep.Handled, rep.TopShare, rep.Gini)
	}
	wantPeople := []HeroStats{
		{Person: "A", Handled: 12, Share: 0.6, OffShift: 5, MaxPer12h: 2, ConsecutiveDays: 5},
		{Person: "B", Handled: 5, Share: 0.25, MaxPer12h: 2, ConsecutiveDays: 1},
		{Person: "C", Handled: 3, Share: 0.15, MaxPer12h: 1, ConsecutiveDays: 1},
	}
	if diff := cmp.Diff(wantPeople, rep.People); diff != "" {
		t.Errorf("people (-want +got):\n%s", diff)
	}
	wantFlags := []HeroFlag{
		{Signal: HeroTopShare, Person: "A", Value: 0.6, Limit: 0.5, Reason: "handled 12 of 20 issues (60%), the most of anyone (maximum 50% of the issues)"},
		{Signal: HeroOffShift, Person: "A", Value: 5, Limit: 2, Issues: []IssueID{"INC-8", "INC-9", "INC-10", "INC-11", "INC-12"},
			Reason: "handled 12 issues, 5 of them while not on shift (maximum 2 issues off shift)"},
	}
	if diff := cmp.Diff(wantFlags, rep.Flags); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
	// A stricter Gini limit flags the spread too, on the top handler.
	rep, err = Heroes(rotaTeam("A", "B", "C"), Roster{Shifts: shifts}, issues, HeroRules{MaxGini: decimal.New(25, -2)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rep.Flags); n != 3 || rep.Flags[1].Signal != HeroGini || rep.Flags[1].Person != "A" || rep.Flags[1].Value != 0.3 {
		t.Errorf("flags with Gini limit 0.25: %+v", rep.Flags)
	}
}

// The top-share and Gini flags need HeroRules.MinHandled issues handled in
// all (default 10): A handling 9 of 9 issues, one a day, with B handling
// none, is a top share of 1 and a Gini of 2·9 / (2·2²·4.5) = 0.5, measured
// but not flagged; the tenth issue raises both flags.
func TestHeroesMinHandled(t *testing.T) {
	start := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	var issues []Issue
	for i := range 10 {
		issues = append(issues, handledIssue(t, fmt.Sprintf("INC-%d", i+1), start.AddDate(0, 0, 2*i), "A"))
	}
	shareFlags := func(rep HeroReport) []HeroSignal {
		var out []HeroSignal
		for _, f := range rep.Flags {
			if f.Signal == HeroTopShare || f.Signal == HeroGini {
				out = append(out, f.Signal)
			}
		}
		return out
	}
	both := []HeroSignal{HeroTopShare, HeroGini}
	for _, c := range []struct {
		issues     int
		minHandled int
		want       []HeroSignal
	}{
		{9, 0, nil},
		{10, 0, both},
		{9, 9, both},
		{9, 10, nil},
		{1, -1, both},
		{1, 1, both},
		{1, 2, nil},
	} {
		rep, err := Heroes(rotaTeam("A", "B"), Roster{}, issues[:c.issues], HeroRules{MinHandled: c.minHandled})
		if err != nil {
			t.Fatal(err)
		}
		if rep.TopShare != 1 || rep.Gini != 0.5 {
			t.Errorf("%d issues: top share %v, Gini %v; want 1, 0.5 whatever the minimum", c.issues, rep.TopShare, rep.Gini)
		}
		if diff := cmp.Diff(c.want, shareFlags(rep)); diff != "" {
			t.Errorf("%d issues, MinHandled %d: share flags (-want +got):\n%s", c.issues, c.minHandled, diff)
		}
	}
}

// Sleep hours, bursts, streaks and sole skills, each with its numbers.
func TestHeroesSignals(t *testing.T) {
	berlin, york := loadZone(t, "Europe/Berlin"), loadZone(t, "America/New_York")
	at := func(d, h, m int) time.Time { return time.Date(2025, 6, d, h, m, 0, 0, berlin) } // Mon 2 June 2025
	people := []Person{
		{ID: "owl"},               // handles at night, off shift
		{ID: "pager"},             // handles at night on an on-call slot
		{ID: "nurse"},             // handles at night on a night shift at work
		{ID: "rush"},              // three in one afternoon
		{ID: "daily", Zone: york}, // one a day for six days, on New York's clock
		{ID: "basis", Skills: []string{"sap-basis", "db"}},
		{ID: "dba", Skills: []string{"db"}},
	}
	shifts := []Shift{
		{Slot: Slot{Name: "on-call", Start: at(2, 22, 0), End: at(3, 8, 0), OnCall: true}, People: []PersonID{"pager"}},
		{Slot: Slot{Name: "on-call", Start: at(3, 22, 0), End: at(4, 8, 0), OnCall: true}, People: []PersonID{"pager"}},
		{Slot: Slot{Name: "night", Start: at(2, 20, 0), End: at(3, 8, 0)}, People: []PersonID{"nurse"}},
		{Slot: Slot{Name: "night", Start: at(3, 20, 0), End: at(4, 8, 0)}, People: []PersonID{"nurse"}},
		{Slot: Slot{Name: "day", Start: at(5, 9, 0), End: at(5, 17, 0), Skills: []string{"sap-basis"}}, People: []PersonID{"rush", "basis"}},
	}
	var issues []Issue
	add := func(who PersonID, when time.Time) {
		issues = append(issues, handledIssue(t, fmt.Sprintf("%s-%d", who, len(issues)), when, who))
	}
	add("owl", at(2, 23, 0))
	add("owl", at(4, 2, 0))
	add("owl", at(6, 3, 0))
	add("pager", at(2, 23, 30))
	add("pager", at(3, 4, 0))
	add("pager", at(3, 23, 0))
	add("nurse", at(2, 23, 0))
	add("nurse", at(3, 2, 0))
	add("nurse", at(4, 1, 0))
	add("rush", at(5, 9, 0))
	add("rush", at(5, 12, 0))
	add("rush", at(5, 16, 0))
	for d := range 6 {
		add("daily", time.Date(2025, 6, 2+d, 21, 0, 0, 0, york)) // 03:00 the next day in Berlin
	}
	rep, err := Heroes(people, Roster{Shifts: shifts}, issues, HeroRules{Location: berlin})
	if err != nil {
		t.Fatal(err)
	}
	type flag struct {
		Signal HeroSignal
		Person PersonID
		Value  float64
		Reason string
	}
	var got []flag
	for _, f := range rep.Flags {
		got = append(got, flag{f.Signal, f.Person, f.Value, f.Reason})
	}
	want := []flag{
		{HeroOffShift, "owl", 3, "handled 3 issues, all while not on shift (maximum 2 issues off shift)"},
		{HeroOffShift, "daily", 6, "handled 6 issues, all while not on shift (maximum 2 issues off shift)"},
		{HeroSleepHours, "owl", 3, "handled 3 issues between 22:00 and 08:00 while not at work on a shift (maximum 2 issues in sleep hours)"},
		{HeroSleepHours, "pager", 3, "handled 3 issues between 22:00 and 08:00 while not at work on a shift (maximum 2 issues in sleep hours)"},
		{HeroBurst, "rush", 3, "handled 3 issues within 12 hours (maximum 2 issues in 12 hours)"},
		{HeroConsecutiveDays, "daily", 6, "handled issues 6 days in a row, 2025-06-02 to 2025-06-07 (maximum 5 days in a row)"},
		{HeroSoleSkill, "basis", 1, `is the only one with skill "sap-basis", required by 1 shift of the roster`},
		// The night of 2 to 3 June in Berlin: owl and nurse at 23:00, pager
		// 23:30, nurse 02:00, daily 03:00 (21:00 in New York), pager 04:00.
		{HeroTeamBurst, "", 6, "the team handled 6 issues within 12 hours (maximum 4)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
	wantStats := []HeroStats{
		{Person: "owl", Handled: 3, Share: 3.0 / 18, OffShift: 3, SleepHours: 3, MaxPer12h: 1, ConsecutiveDays: 1},
		{Person: "pager", Handled: 3, Share: 3.0 / 18, SleepHours: 3, MaxPer12h: 2, ConsecutiveDays: 1},
		{Person: "nurse", Handled: 3, Share: 3.0 / 18, MaxPer12h: 2, ConsecutiveDays: 3},
		{Person: "rush", Handled: 3, Share: 3.0 / 18, MaxPer12h: 3, ConsecutiveDays: 1},
		{Person: "daily", Handled: 6, Share: 6.0 / 18, OffShift: 6, MaxPer12h: 1, ConsecutiveDays: 6},
		{Person: "basis"},
		{Person: "dba"},
	}
	if diff := cmp.Diff(wantStats, rep.People); diff != "" {
		t.Errorf("people (-want +got):\n%s", diff)
	}
	if !strings.Contains(rep.String(), "flag burst: rush handled 3 issues within 12 hours") {
		t.Errorf("String lacks the burst flag:\n%s", rep.String())
	}
	// Counts of -1 flag every occurrence.
	rep, _ = Heroes(people, Roster{Shifts: shifts}, issues[:1], HeroRules{MaxOffShift: -1, MaxSleepHours: 5, MaxPer12h: 5, MaxConsecutiveDays: 5})
	if !slices.ContainsFunc(rep.Flags, func(f HeroFlag) bool { return f.Signal == HeroOffShift && f.Person == "owl" && f.Limit == 0 }) {
		t.Errorf("flags with MaxOffShift -1: %+v", rep.Flags)
	}
}

// Who handled an issue: its last resolver, else its assignee, else its last
// responder; issues nobody touched are listed apart.
func TestHeroesHandler(t *testing.T) {
	t0 := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	mk := func(id string, events ...Event) Issue {
		is := Issue{ID: IssueID(id)}
		all := append([]Event{{Type: EventOpened, At: t0, Severity: Sev1, Kind: Defect}}, events...)
		for i := range all {
			all[i].At = t0.Add(time.Duration(i) * time.Minute)
		}
		if err := is.Append(all...); err != nil {
			t.Fatal(err)
		}
		return is
	}
	issues := []Issue{
		mk("resolved", Event{Type: EventResponded, Person: "amy"}, Event{Type: EventAssigned, Team: SteadyState, Person: "ben"},
			Event{Type: EventResolved, Person: "cat"}),
		mk("reopened", Event{Type: EventResolved, Person: "amy"}, Event{Type: EventReopened},
			Event{Type: EventResolved, Person: "ben"}),
		mk("assigned", Event{Type: EventResponded, Person: "amy"}, Event{Type: EventAssigned, Team: SteadyState, Person: "ben"}),
		mk("escalated", Event{Type: EventAssigned, Team: SteadyState, Person: "ben"}, Event{Type: EventEscalated, Person: "dan"}),
		mk("unassigned", Event{Type: EventResponded, Person: "amy"}, Event{Type: EventAssigned, Team: SteadyState, Person: "ben"},
			Event{Type: EventAssigned, Team: Project}),
		mk("anonymous", Event{Type: EventResolved}),
		mk("untouched"),
		{ID: "never-opened"},
	}
	rep, err := Heroes([]Person{{ID: "amy"}, {ID: "ben"}}, Roster{}, issues, HeroRules{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range rep.Handlings {
		got = append(got, fmt.Sprintf("%s:%s@%d", h.Issue, h.Person, h.At.Sub(t0)/time.Minute))
	}
	want := []string{"reopened:ben@3", "assigned:ben@2", "escalated:dan@2", "unassigned:amy@1", "resolved:cat@3"}
	if diff := cmp.Diff(want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("handlings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]IssueID{"anonymous", "untouched"}, rep.Unattributed); diff != "" {
		t.Errorf("unattributed (-want +got):\n%s", diff)
	}
	var order []PersonID
	for _, st := range rep.People {
		order = append(order, st.Person)
	}
	if diff := cmp.Diff([]PersonID{"amy", "ben", "cat", "dan"}, order); diff != "" {
		t.Errorf("people order (-want +got):\n%s", diff)
	}
	for _, h := range rep.Handlings {
		if !h.OnShift {
			t.Errorf("%s counts as off shift with no roster", h.Issue)
		}
	}
}

func TestHeroesRejectsBadInput(t *testing.T) {
	for _, c := range []struct {
		people []Person
		rules  HeroRules
		want   string
	}{
		{[]Person{{}}, HeroRules{}, "person 0 has an empty ID"},
		{rotaTeam("a", "a"), HeroRules{}, `person ID "a" is repeated`},
		{rotaTeam("a"), HeroRules{MaxTopShare: decimal.New(-1, 0)}, "top share threshold -1 is outside 0 to 1"},
		{rotaTeam("a"), HeroRules{MaxTopShare: decimal.New(50, 0)}, "top share threshold 50 is outside 0 to 1"},
		{rotaTeam("a"), HeroRules{MaxGini: decimal.New(11, -1)}, "Gini threshold 1.1 is outside 0 to 1"},
	} {
		if _, err := Heroes(c.people, Roster{}, nil, c.rules); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err %v, want one containing %q", err, c.want)
		}
	}
	rep, err := Heroes(nil, Roster{}, nil, HeroRules{})
	if err != nil || rep.Handled != 0 || rep.Gini != 0 || len(rep.Flags) != 0 {
		t.Errorf("empty report: %+v, %v", rep, err)
	}
}

func TestHeroJSONRoundTrip(t *testing.T) {
	berlin := loadZone(t, "Europe/Berlin")
	jsonRoundTrip(t, HeroRules{MaxTopShare: decimal.New(4, -1), MaxGini: decimal.New(3, -1), MinHandled: 5, MaxOffShift: 1, MaxSleepHours: 1,
		MaxPer12h: 3, MaxConsecutiveDays: 4, Sleep: "Mon-Fri 23:00-07:00", Location: berlin})
	start := time.Date(2025, 6, 2, 10, 0, 0, 0, berlin)
	rep, err := Heroes(rotaTeam("a", "b"), Roster{Shifts: []Shift{{Slot: Slot{Start: start, End: start.Add(time.Hour)}, People: []PersonID{"b"}}}},
		[]Issue{handledIssue(t, "1", start, "a"), handledIssue(t, "2", start.Add(time.Hour), "a"), handledIssue(t, "3", start.Add(2*time.Hour), "a")}, HeroRules{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Flags) == 0 {
		t.Fatal("no flags to round-trip")
	}
	jsonRoundTrip(t, rep)
	for s := HeroTopShare; s <= HeroTeamBurst; s++ {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back HeroSignal
		if err := back.UnmarshalText(b); err != nil || back != s || !s.Valid() {
			t.Errorf("%s: round trip gave %v, %v", s, back, err)
		}
	}
	if _, err := HeroSignal(0).MarshalText(); err == nil {
		t.Error("zero signal marshals")
	}
}

// TestHeroesAgreeWithNaive: on random issues and rosters, each person's
// figures match the plainest way to count them: every window that starts at
// a handling, every date, every pair for the Gini coefficient.
func TestHeroesAgreeWithNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		zone := testZones[rapid.IntRange(0, len(testZones)-1).Draw(t, "zone")]
		base := time.Date(2025, 3, 27, 0, 0, 0, 0, zone)
		ids := []PersonID{"a", "b", "c", "d"}
		people := rotaTeam("a", "b", "c")
		var shifts []Shift
		for i := range rapid.IntRange(0, 8).Draw(t, "shifts") {
			start := base.Add(time.Duration(rapid.IntRange(0, 240).Draw(t, "shift start")) * time.Hour)
			shifts = append(shifts, Shift{Slot: Slot{Name: fmt.Sprint(i), Start: start, End: start.Add(time.Duration(rapid.IntRange(1, 24).Draw(t, "hours")) * time.Hour),
				OnCall: rapid.Bool().Draw(t, "on call")}, People: []PersonID{rapid.SampledFrom(ids).Draw(t, "on shift")}})
		}
		var issues []Issue
		when := map[IssueID]time.Time{}
		who := map[IssueID]PersonID{}
		for i := range rapid.IntRange(0, 25).Draw(t, "issues") {
			at := base.Add(time.Duration(rapid.IntRange(0, 240*60).Draw(t, "minute")) * time.Minute)
			p := rapid.SampledFrom(ids).Draw(t, "handler")
			is := handledIssue(t, fmt.Sprint(i), at, p)
			issues = append(issues, is)
			when[is.ID], who[is.ID] = at.Add(30*time.Minute), p
		}
		minHandled := rapid.SampledFrom([]int{-1, 0, 3, 30}).Draw(t, "min handled")
		// The sleep window: the default 22 to 8, or any nightly or daytime
		// span of whole hours.
		from, to, spec := 22, 8, ""
		if rapid.Bool().Draw(t, "own sleep window") {
			from, to = rapid.IntRange(0, 23).Draw(t, "sleep from"), rapid.IntRange(0, 23).Draw(t, "sleep to")
			if from == to {
				to = (to + 1) % 24
			}
			spec = fmt.Sprintf("Mon-Sun %02d:00-%02d:00", from, to)
		}
		inSleep := func(h int) bool {
			if from < to {
				return h >= from && h < to
			}
			return h >= from || h < to
		}
		rep, err := Heroes(people, Roster{Shifts: shifts}, issues, HeroRules{Location: zone, MinHandled: minHandled, Sleep: spec})
		if err != nil {
			t.Fatal(err)
		}
		var counts []float64
		for _, st := range rep.People {
			var mine []time.Time
			off, sleep := 0, 0
			for id, p := range who {
				if p != st.Person {
					continue
				}
				at := when[id]
				mine = append(mine, at)
				on, atWork := false, false
				for _, sh := range shifts {
					if sh.People[0] == p && !at.Before(sh.Start) && at.Before(sh.End) {
						on, atWork = true, atWork || !sh.OnCall
					}
				}
				if !on && len(shifts) > 0 {
					off++
				}
				if inSleep(at.In(zone).Hour()) && !atWork {
					sleep++
				}
			}
			burst := 0
			for _, from := range mine {
				n := 0
				for _, x := range mine {
					if !x.Before(from) && x.Before(from.Add(12*time.Hour)) {
						n++
					}
				}
				burst = max(burst, n)
			}
			days := map[Date]bool{}
			for _, x := range mine {
				days[DateOf(x.In(zone))] = true
			}
			streak := 0
			for d := range days {
				n := 0
				for days[d.AddDays(n)] {
					n++
				}
				streak = max(streak, n)
			}
			got := [5]int{st.Handled, st.OffShift, st.SleepHours, st.MaxPer12h, st.ConsecutiveDays}
			if want := [5]int{len(mine), off, sleep, burst, streak}; got != want {
				t.Fatalf("%s: handled, off shift, sleep, per 12 h, days = %v, want %v", st.Person, got, want)
			}
			counts = append(counts, float64(len(mine)))
		}
		var num, sum float64
		for _, x := range counts {
			sum += x
			for _, y := range counts {
				num += absFloat(x - y)
			}
		}
		want := 0.0
		if sum > 0 {
			want = num / (2 * float64(len(counts)) * sum)
		}
		if d := rep.Gini - want; d > 1e-12 || d < -1e-12 {
			t.Fatalf("Gini %v, want %v", rep.Gini, want)
		}
		// The share and Gini flags: above 0.5 and 0.4, with enough issues.
		enough := len(issues) >= map[int]int{-1: 0, 0: 10, 3: 3, 30: 30}[minHandled]
		top := 0.0
		for _, x := range counts {
			top = max(top, x)
		}
		wantTop := enough && len(issues) > 0 && top/float64(len(issues)) > 0.5
		wantGini := enough && want > 0.4
		gotTop := slices.ContainsFunc(rep.Flags, func(f HeroFlag) bool { return f.Signal == HeroTopShare })
		gotGini := slices.ContainsFunc(rep.Flags, func(f HeroFlag) bool { return f.Signal == HeroGini })
		if gotTop != wantTop || gotGini != wantGini {
			t.Fatalf("%d issues, MinHandled %d, top %v of %d, Gini %v: flags top-share %v, gini %v; want %v, %v",
				len(issues), minHandled, top, len(issues), want, gotTop, gotGini, wantTop, wantGini)
		}
	})
}

// A storm spread thinly: five people handle one issue each within three
// hours. Nobody is above the personal cap of 2 per 12 h; the team, at 5, is
// above 4. With MaxTeamPer12h 5 nothing is flagged.
func TestHeroesTeamBurst(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2025, 6, 2, h, 0, 0, 0, time.UTC) }
	var people []Person
	var issues []Issue
	for i, id := range []PersonID{"a", "b", "c", "d", "e"} {
		people = append(people, Person{ID: id})
		issues = append(issues, handledIssue(t, fmt.Sprintf("storm-%d", i), at(9).Add(time.Duration(i)*45*time.Minute), id))
	}
	for _, tc := range []struct {
		name  string
		limit int
		want  []HeroSignal
	}{{name: "default", want: []HeroSignal{HeroTeamBurst}}, {name: "five allowed", limit: 5}} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Heroes(people, Roster{}, issues, HeroRules{MaxTeamPer12h: tc.limit})
			if err != nil {
				t.Fatal(err)
			}
			var got []HeroSignal
			for _, f := range rep.Flags {
				got = append(got, f.Signal)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" || rep.TeamMaxPer12h != 5 {
				t.Errorf("team max %d, signals (-want +got):\n%s", rep.TeamMaxPer12h, diff)
			}
		})
	}
}

// The sleep window is configurable, on each person's own clock. owl (on
// the rules' Berlin clock) handles issues at Mon 2 June 2025 22:30, Tue
// 06:45, Tue 23:30, Sat 06:00 and Sun 06:00; kiwi (New York) at Berlin's
// Mon 23:30 (17:30 in New York) and Tue 06:00 (midnight in New York). With
// no roster nobody is at work, so each handling in the window counts.
// Overnight spans belong to the day they start on: "Mon-Fri 23:00-07:00"
// covers Saturday 06:00 (Friday's night) but not Sunday 06:00.
func TestHeroesSleepWindow(t *testing.T) {
	berlin, york := loadZone(t, "Europe/Berlin"), loadZone(t, "America/New_York")
	at := func(d, h, m int) time.Time { return time.Date(2025, 6, d, h, m, 0, 0, berlin) }
	people := []Person{{ID: "owl"}, {ID: "kiwi", Zone: york}}
	var issues []Issue
	for i, when := range []time.Time{at(2, 22, 30), at(3, 6, 45), at(3, 23, 30), at(7, 6, 0), at(8, 6, 0)} {
		issues = append(issues, handledIssue(t, fmt.Sprint("owl-", i), when.Add(-30*time.Minute), "owl"))
	}
	for i, when := range []time.Time{at(2, 23, 30), at(3, 6, 0)} {
		issues = append(issues, handledIssue(t, fmt.Sprint("kiwi-", i), when.Add(-30*time.Minute), "kiwi"))
	}
	for _, c := range []struct {
		name      string
		sleep     string
		owl, kiwi int
		owlReason string
	}{
		{name: "default, 22:00 to 08:00", sleep: "", owl: 5, kiwi: 1,
			owlReason: "handled 5 issues between 22:00 and 08:00 while not at work on a shift (maximum 2 issues in sleep hours)"},
		{name: "every night, 23:00 to 07:00", sleep: "Mon-Sun 23:00-07:00", owl: 4, kiwi: 1,
			owlReason: "handled 4 issues between 23:00 and 07:00 while not at work on a shift (maximum 2 issues in sleep hours)"},
		{name: "weeknights only", sleep: "Mon-Fri 23:00-07:00", owl: 3, kiwi: 1,
			owlReason: "handled 3 issues in the sleep window Mon-Fri 23:00-07:00 while not at work on a shift (maximum 2 issues in sleep hours)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Heroes(people, Roster{}, issues, HeroRules{Location: berlin, Sleep: c.sleep})
			if err != nil {
				t.Fatal(err)
			}
			got := map[PersonID]int{}
			for _, st := range rep.People {
				got[st.Person] = st.SleepHours
			}
			if diff := cmp.Diff(map[PersonID]int{"owl": c.owl, "kiwi": c.kiwi}, got); diff != "" {
				t.Errorf("sleep-hour handlings (-want +got):\n%s", diff)
			}
			var reason string
			for _, f := range rep.Flags {
				if f.Signal == HeroSleepHours && f.Person == "owl" {
					reason = f.Reason
				}
			}
			if diff := cmp.Diff(c.owlReason, reason); diff != "" {
				t.Errorf("owl's sleep-hours flag (-want +got):\n%s", diff)
			}
		})
	}
	_, err := Heroes(people, Roster{}, issues, HeroRules{Sleep: "Mon-Sun 25:00-08:00"})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `hero report: sleep window "Mon-Sun 25:00-08:00"`) {
		t.Errorf("bad sleep window: err %v, want ErrInvalid naming the window", err)
	}
}
