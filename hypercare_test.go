package hypercare

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zone tests must not depend on the machine's zone database

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// Helpers shared by hypercare_test.go, severity_test.go and
// clock_oracle_test.go. Their names are deliberately specific, since other
// internal test files of the package share the namespace.

func loadZoneForTest(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var (
	berlinZone   = loadZoneForTest("Europe/Berlin")
	lordHoweZone = loadZoneForTest("Australia/Lord_Howe")
	tokyoZone    = loadZoneForTest("Asia/Tokyo")
)

// wallIn parses "2026-06-01 10:00" (optionally with ":SS" and an explicit
// offset such as "+0200") as a wall time in loc. With an offset it checks
// that loc really uses that offset then, so a DST slip in a hand-written case
// shows up as a panic rather than a wrong expectation.
func wallIn(loc *time.Location, s string) time.Time {
	layouts := []string{"2006-01-02 15:04 -0700", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04", "2006-01-02 15:04:05"}
	for _, l := range layouts {
		if strings.HasSuffix(l, "-0700") {
			t, err := time.Parse(l, s)
			if err != nil {
				continue
			}
			in := t.In(loc)
			_, want := t.Zone()
			if _, got := in.Zone(); got != want {
				panic(fmt.Sprintf("wallIn(%s, %q): the zone's offset then is %d s, not %d s", loc, s, got, want))
			}
			return in
		}
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t
		}
	}
	panic(fmt.Sprintf("wallIn: cannot parse %q", s))
}

func mustCalendarForTest(loc *time.Location, spec string, holidays ...Date) *Calendar {
	c, err := NewCalendar(loc, spec, holidays...)
	if err != nil {
		panic(err)
	}
	return c
}

// berlinWall is wallIn(Europe/Berlin, s).
func berlinWall(s string) time.Time { return wallIn(berlinZone, s) }

// cmpHypercare compares the package's values: calendars by Equal, zones by
// name, and issues with their unexported timeline and state.
var cmpHypercare = cmp.Options{
	cmp.Comparer(func(a, b *Calendar) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b *time.Location) bool { return zoneName(a) == zoneName(b) }),
	cmp.AllowUnexported(Issue{}),
}

// mustTimeline returns an issue with the events appended, failing t if any
// is rejected.
func mustTimeline(t testing.TB, id IssueID, events ...Event) Issue {
	t.Helper()
	is := Issue{ID: id}
	if err := is.Append(events...); err != nil {
		t.Fatalf("building issue %s: %v", id, err)
	}
	return is
}

// drawTimeline draws a valid timeline opened at or after start: every event
// on a whole minute, gaps from zero (several events at one instant) to days,
// and each event type in the states where it is allowed. Severities run from
// Sev1 to maxSev.
func drawTimeline(t *rapid.T, start time.Time, maxSev Severity) []Event {
	persons := []PersonID{"", "ana", "ben"}
	draw := func(label string, lo, hi int) int { return rapid.IntRange(lo, hi).Draw(t, label) }
	at := start.Add(time.Duration(draw("openAfter", 0, 24*60)) * time.Minute)
	sev := Severity(draw("sev", 1, int(maxSev)))
	kind := Kind(draw("kind", 1, len(kindNames)-1))
	events := []Event{{Type: EventOpened, At: at, Severity: sev, Kind: kind}}
	status := StatusOpen
	n := draw("events", 0, 9)
	for range n {
		scale := rapid.SampledFrom([]int{0, 1, 45, 8 * 60, 2 * 24 * 60}).Draw(t, "gapScale")
		at = at.Add(time.Duration(draw("gap", 0, scale)) * time.Minute)
		var choices []EventType
		switch status {
		case StatusOpen:
			choices = []EventType{EventResponded, EventReclassified, EventPaused, EventAssigned, EventEscalated, EventResolved}
		case StatusPaused:
			choices = []EventType{EventResponded, EventReclassified, EventResumed, EventAssigned, EventEscalated, EventResolved}
		case StatusResolved:
			choices = []EventType{EventReopened}
		}
		e := Event{Type: rapid.SampledFrom(choices).Draw(t, "type"), At: at}
		switch e.Type {
		case EventResponded:
			e.Person = rapid.SampledFrom(persons).Draw(t, "person")
		case EventReclassified:
			e.Severity = Severity(draw("newSev", 0, int(maxSev)))
			e.Kind = Kind(draw("newKind", 0, len(kindNames)-1))
			if (e.Severity == 0 || e.Severity == sev) && (e.Kind == 0 || e.Kind == kind) {
				e.Severity = sev%maxSev + 1 // change something
				if e.Severity == sev {
					e.Kind = kind%Kind(len(kindNames)-1) + 1
				}
			}
			if e.Severity != 0 {
				sev = e.Severity
			}
			if e.Kind != 0 {
				kind = e.Kind
			}
		case EventPaused:
			e.Reason = rapid.SampledFrom([]string{"", "waiting on customer"}).Draw(t, "reason")
			status = StatusPaused
		case EventResumed:
			status = StatusOpen
		case EventAssigned:
			e.Team = Team(draw("team", 1, len(teamNames)-1))
			e.Person = rapid.SampledFrom(persons).Draw(t, "person")
		case EventEscalated:
			e.Person = rapid.SampledFrom(persons).Draw(t, "person")
		case EventResolved:
			e.Team = Team(draw("resolvedTeam", 0, len(teamNames)-1))
			e.Person = rapid.SampledFrom(persons).Draw(t, "person")
			status = StatusResolved
		case EventReopened:
			e.Severity = Severity(draw("reopenSev", 0, int(maxSev)))
			if e.Severity != 0 {
				sev = e.Severity
			}
			status = StatusOpen
		}
		events = append(events, e)
	}
	// Events at one instant replay in the order of their types, not the
	// order drawn: keep the ones the timeline places, in its order.
	var is Issue
	if _, err := is.Insert(events...); err != nil {
		t.Fatalf("drawn events rejected: %v", err)
	}
	return is.Events()
}

// naiveState is the timeline oracle: it reads each field of State straight
// off the events at or before t, without a state machine.
func naiveState(events []Event, t time.Time) State {
	var evs []Event
	for _, e := range events {
		if !e.At.After(t) {
			evs = append(evs, e)
		}
	}
	if len(evs) == 0 {
		return State{}
	}
	var s State
	var teams []Team // the owning team after each assignment or escalation
	teamBefore := func(i int) Team {
		team := Team(0)
		for _, e := range evs[:i] {
			switch e.Type {
			case EventAssigned:
				team = e.Team
			case EventEscalated:
				team = Project
			}
		}
		return team
	}
	for i, e := range evs {
		switch e.Type {
		case EventOpened:
			s.Status, s.Opened = StatusOpen, e.At
		case EventPaused:
			s.Status, s.PauseReason = StatusPaused, e.Reason
		case EventResumed, EventReopened:
			s.Status = StatusOpen
		case EventResolved:
			s.Status = StatusResolved
			s.Resolved, s.ResolvedBy, s.ResolvedTeam = e.At, e.Person, e.Team
			if e.Team == 0 {
				s.ResolvedTeam = teamBefore(i)
			}
		}
		if e.Type == EventOpened || e.Type == EventReclassified || e.Type == EventReopened {
			if e.Severity != 0 {
				s.Severity = e.Severity
			}
			if e.Kind != 0 {
				s.Kind = e.Kind
			}
		}
		switch e.Type {
		case EventAssigned:
			teams = append(teams, e.Team)
			s.Assignee = e.Person
		case EventEscalated:
			teams = append(teams, Project)
			s.Assignee = e.Person
			s.Escalated = true
		case EventReopened:
			s.Reopens++
		}
		if (e.Type == EventResponded || e.Type == EventResolved) && s.Responded.IsZero() {
			s.Responded = e.At
		}
	}
	for i := 1; i < len(teams); i++ {
		if teams[i] != teams[i-1] {
			s.Handoffs++
		}
	}
	if len(teams) > 0 {
		s.Team = teams[len(teams)-1]
	}
	if s.Status != StatusPaused {
		s.PauseReason = ""
	}
	if s.Status != StatusResolved {
		s.Resolved, s.ResolvedBy, s.ResolvedTeam = time.Time{}, "", 0
	}
	return s
}

func TestAppendEveryEventType(t *testing.T) {
	at := func(h int) time.Time { return berlinWall("2026-06-01 09:00").Add(time.Duration(h) * time.Hour) }
	steps := []struct {
		e    Event
		want State
	}{
		{Event{Type: EventOpened, At: at(0), Severity: Sev2, Kind: Defect},
			State{Status: StatusOpen, Severity: Sev2, Kind: Defect, Opened: at(0)}},
		{Event{Type: EventAssigned, At: at(1), Team: SteadyState, Person: "sam"},
			State{Status: StatusOpen, Severity: Sev2, Kind: Defect, Opened: at(0), Team: SteadyState, Assignee: "sam"}},
		{Event{Type: EventResponded, At: at(1), Person: "sam"},
			State{Status: StatusOpen, Severity: Sev2, Kind: Defect, Opened: at(0), Team: SteadyState, Assignee: "sam", Responded: at(1)}},
		{Event{Type: EventPaused, At: at(2), Reason: "waiting on customer"},
			State{Status: StatusPaused, Severity: Sev2, Kind: Defect, Opened: at(0), Team: SteadyState, Assignee: "sam", Responded: at(1), PauseReason: "waiting on customer"}},
		{Event{Type: EventResumed, At: at(3)},
			State{Status: StatusOpen, Severity: Sev2, Kind: Defect, Opened: at(0), Team: SteadyState, Assignee: "sam", Responded: at(1)}},
		{Event{Type: EventReclassified, At: at(4), Severity: Sev1},
			State{Status: StatusOpen, Severity: Sev1, Kind: Defect, Opened: at(0), Team: SteadyState, Assignee: "sam", Responded: at(1)}},
		{Event{Type: EventReclassified, At: at(4), Kind: TrainingGap},
			State{Status: StatusOpen, Severity: Sev1, Kind: TrainingGap, Opened: at(0), Team: SteadyState, Assignee: "sam", Responded: at(1)}},
		{Event{Type: EventEscalated, At: at(5), Person: "pia"},
			State{Status: StatusOpen, Severity: Sev1, Kind: TrainingGap, Opened: at(0), Team: Project, Assignee: "pia", Responded: at(1), Escalated: true, Handoffs: 1}},
		{Event{Type: EventResponded, At: at(6), Person: "pia"}, // a later response keeps the first
			State{Status: StatusOpen, Severity: Sev1, Kind: TrainingGap, Opened: at(0), Team: Project, Assignee: "pia", Responded: at(1), Escalated: true, Handoffs: 1}},
		{Event{Type: EventResolved, At: at(7), Person: "pia"},
			State{Status: StatusResolved, Severity: Sev1, Kind: TrainingGap, Opened: at(0), Team: Project, Assignee: "pia", Responded: at(1), Escalated: true, Handoffs: 1,
				Resolved: at(7), ResolvedBy: "pia", ResolvedTeam: Project}},
		{Event{Type: EventReopened, At: at(8), Severity: Sev2},
			State{Status: StatusOpen, Severity: Sev2, Kind: TrainingGap, Opened: at(0), Team: Project, Assignee: "pia", Responded: at(1), Escalated: true, Handoffs: 1, Reopens: 1}},
		{Event{Type: EventAssigned, At: at(9), Team: SteadyState},
			State{Status: StatusOpen, Severity: Sev2, Kind: TrainingGap, Opened: at(0), Team: SteadyState, Responded: at(1), Escalated: true, Handoffs: 2, Reopens: 1}},
		{Event{Type: EventResolved, At: at(10), Person: "sam", Team: SteadyState},
			State{Status: StatusResolved, Severity: Sev2, Kind: TrainingGap, Opened: at(0), Team: SteadyState, Responded: at(1), Escalated: true, Handoffs: 2, Reopens: 1,
				Resolved: at(10), ResolvedBy: "sam", ResolvedTeam: SteadyState}},
		{Event{Type: EventReopened, At: at(11)}, // no severity: keeps Sev2
			State{Status: StatusOpen, Severity: Sev2, Kind: TrainingGap, Opened: at(0), Team: SteadyState, Responded: at(1), Escalated: true, Handoffs: 2, Reopens: 2}},
	}
	is := Issue{ID: "INC-1"}
	for i, s := range steps {
		if err := is.Append(s.e); err != nil {
			t.Fatalf("step %d (%s): %v", i, s.e.Type, err)
		}
		if diff := cmp.Diff(s.want, is.State()); diff != "" {
			t.Errorf("step %d (%s): State() (-want +got):\n%s", i, s.e.Type, diff)
		}
		if diff := cmp.Diff(s.want, naiveState(is.Events(), s.e.At)); diff != "" {
			t.Errorf("step %d (%s): the naive replay disagrees with the hand-written state (-want +got):\n%s", i, s.e.Type, diff)
		}
	}
	if is.Len() != len(steps) || !is.Opened().Equal(at(0)) {
		t.Errorf("Len() = %d, Opened() = %s; want %d, %s", is.Len(), is.Opened(), len(steps), at(0))
	}
	// The resolution with no team falls back to the owning team, and a
	// resolution answers the reporter when nobody responded first.
	quick := mustTimeline(t, "INC-2",
		Event{Type: EventOpened, At: at(0), Severity: Sev3, Kind: Question},
		Event{Type: EventAssigned, At: at(1), Team: SteadyState},
		Event{Type: EventResolved, At: at(2)})
	if got := quick.State(); got.ResolvedTeam != SteadyState || !got.Responded.Equal(at(2)) || got.Handoffs != 0 {
		t.Errorf("quick resolution: ResolvedTeam %s, Responded %s, Handoffs %d; want steady-state, %s, 0", got.ResolvedTeam, got.Responded, got.Handoffs, at(2))
	}
}

func TestAppendRejects(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	opened := Event{Type: EventOpened, At: at(0), Severity: Sev2, Kind: Defect}
	fresh := func() Issue { return Issue{ID: "INC-9", Title: "Invoices stuck"} }
	open := func() Issue { return mustTimeline(t, "INC-9", opened, Event{Type: EventResponded, At: at(10)}) }
	paused := func() Issue {
		return mustTimeline(t, "INC-9", opened, Event{Type: EventPaused, At: at(10), Reason: "waiting"})
	}
	resolved := func() Issue { return mustTimeline(t, "INC-9", opened, Event{Type: EventResolved, At: at(10)}) }
	cases := []struct {
		name   string
		issue  Issue
		events []Event
		want   string // a fragment of the error
	}{
		{"resolve before open", fresh(), []Event{{Type: EventResolved, At: at(0)}}, "before the issue is opened"},
		{"respond before open", fresh(), []Event{{Type: EventResponded, At: at(0)}}, "before the issue is opened"},
		{"reopen before open", fresh(), []Event{{Type: EventReopened, At: at(0)}}, "before the issue is opened"},
		{"open twice", open(), []Event{{Type: EventOpened, At: at(20), Severity: Sev1, Kind: Defect}}, "already opened"},
		{"reopen an open issue", open(), []Event{{Type: EventReopened, At: at(20)}}, "reopened event on an issue that is open"},
		{"reopen a paused issue", paused(), []Event{{Type: EventReopened, At: at(20)}}, "reopened event on an issue that is paused"},
		{"resolve a resolved issue", resolved(), []Event{{Type: EventResolved, At: at(20)}}, "on a resolved issue"},
		{"pause a resolved issue", resolved(), []Event{{Type: EventPaused, At: at(20)}}, "on a resolved issue"},
		{"reclassify a resolved issue", resolved(), []Event{{Type: EventReclassified, At: at(20), Severity: Sev1}}, "on a resolved issue"},
		{"pause a paused issue", paused(), []Event{{Type: EventPaused, At: at(20)}}, "already paused"},
		{"resume an unpaused issue", open(), []Event{{Type: EventResumed, At: at(20)}}, "not paused"},
		{"unknown severity on open", fresh(), []Event{{Type: EventOpened, At: at(0), Severity: MaxSeverity + 1, Kind: Defect}}, "unknown severity 10"},
		{"negative severity on reclassify", open(), []Event{{Type: EventReclassified, At: at(20), Severity: -1}}, "unknown severity -1"},
		{"unknown severity on reopen", resolved(), []Event{{Type: EventReopened, At: at(20), Severity: 42}}, "unknown severity 42"},
		{"unknown kind", fresh(), []Event{{Type: EventOpened, At: at(0), Severity: Sev2, Kind: 6}}, "unknown kind 6"},
		{"unknown kind on reclassify", open(), []Event{{Type: EventReclassified, At: at(20), Kind: -2}}, "unknown kind -2"},
		{"unknown team", open(), []Event{{Type: EventAssigned, At: at(20), Team: 3}}, "unknown team 3"},
		{"unknown team on resolve", open(), []Event{{Type: EventResolved, At: at(20), Team: -1}}, "unknown team -1"},
		{"unknown event type", open(), []Event{{Type: 0, At: at(20)}}, "unknown event type 0"},
		{"unknown event type past the end", open(), []Event{{Type: EventReopened + 1, At: at(20)}}, "unknown event type 10"},
		{"no time", fresh(), []Event{{Type: EventOpened, Severity: Sev2, Kind: Defect}}, "has no time"},
		{"open without severity", fresh(), []Event{{Type: EventOpened, At: at(0), Kind: Defect}}, "needs a severity and a kind"},
		{"open without kind", fresh(), []Event{{Type: EventOpened, At: at(0), Severity: Sev1}}, "needs a severity and a kind"},
		{"assign without team", open(), []Event{{Type: EventAssigned, At: at(20), Person: "ana"}}, "needs a team"},
		{"no-op reclassification", open(), []Event{{Type: EventReclassified, At: at(20), Severity: Sev2, Kind: Defect}}, "changes neither"},
		{"empty reclassification", open(), []Event{{Type: EventReclassified, At: at(20)}}, "changes neither"},
		{"open with a team", fresh(), []Event{{Type: EventOpened, At: at(0), Severity: Sev2, Kind: Defect, Team: Project}}, "cannot carry a team"},
		{"respond with a severity", open(), []Event{{Type: EventResponded, At: at(20), Severity: Sev1}}, "cannot carry"},
		{"pause with a team", open(), []Event{{Type: EventPaused, At: at(20), Team: Project}}, "cannot carry"},
		{"resume with a kind", paused(), []Event{{Type: EventResumed, At: at(20), Kind: Defect}}, "cannot carry"},
		{"reclassify with a team", open(), []Event{{Type: EventReclassified, At: at(20), Severity: Sev1, Team: Project}}, "cannot carry a team"},
		{"assign with a severity", open(), []Event{{Type: EventAssigned, At: at(20), Team: Project, Severity: Sev1}}, "cannot carry"},
		{"escalate with a team", open(), []Event{{Type: EventEscalated, At: at(20), Team: SteadyState}}, "cannot carry"},
		{"resolve with a kind", open(), []Event{{Type: EventResolved, At: at(20), Kind: Defect}}, "cannot carry"},
		{"reopen with a kind", resolved(), []Event{{Type: EventReopened, At: at(20), Kind: Defect}}, "cannot carry"},
		{"valid then invalid: all or nothing", open(), []Event{
			{Type: EventAssigned, At: at(20), Team: Project},
			{Type: EventResolved, At: at(30)},
			{Type: EventResolved, At: at(40)},
		}, "event 4: resolved event on a resolved issue"},
		{"valid then before the opening: all or nothing", fresh(), []Event{opened, {Type: EventResponded, At: at(-1)}}, "event 1: responded event before the issue is opened"},
		{"a late event that puts a later one on hold", resolved(), []Event{{Type: EventPaused, At: at(5)}, {Type: EventResumed, At: at(5)}, {Type: EventResolved, At: at(7)}}, "resolved at"},
		{"an ID held with other content", mustTimeline(t, "INC-9", Event{ID: "a1", Type: EventOpened, At: at(0), Severity: Sev2, Kind: Defect}), []Event{{ID: "a1", Type: EventOpened, At: at(0), Severity: Sev1, Kind: Defect}}, `event "a1" conflicts with the one held`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := c.issue
			beforeEvents := c.issue.Events()
			err := c.issue.Append(c.events...)
			if err == nil {
				t.Fatalf("Append(%v) = nil, want an error containing %q", c.events, c.want)
			}
			if !strings.HasPrefix(err.Error(), `hypercare: issue "INC-9": `) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Append error %q, want the issue named and %q", err, c.want)
			}
			if diff := cmp.Diff(before, c.issue, cmpHypercare); diff != "" {
				t.Errorf("a rejected Append changed the issue (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(beforeEvents, c.issue.Events()); diff != "" {
				t.Errorf("a rejected Append changed the timeline (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppendEqualInstantsKeepOrder(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	is := mustTimeline(t, "INC-3",
		Event{Type: EventOpened, At: t0, Severity: Sev3, Kind: Defect},
		Event{Type: EventPaused, At: t0},
		Event{Type: EventResumed, At: t0},
		Event{Type: EventResolved, At: t0},
		Event{Type: EventReopened, At: t0, Severity: Sev1})
	if got := is.StateAt(t0); got.Status != StatusOpen || got.Severity != Sev1 || got.Reopens != 1 {
		t.Errorf("StateAt(t0) = %+v, want open Sev1 reopened once", got)
	}
	if got := is.StateAt(t0.Add(-time.Nanosecond)); got != (State{}) {
		t.Errorf("StateAt(just before opening) = %+v, want the zero State", got)
	}
}

func TestIssueCopiesAreIndependent(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	orig := mustTimeline(t, "INC-4",
		Event{Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect},
		Event{Type: EventResponded, At: t0.Add(time.Minute)})
	// Give the timeline spare capacity, as a longer history or an append
	// that grew the array would.
	orig.events = slices.Grow(orig.events, 8)
	if cap(orig.events) == len(orig.events) {
		t.Fatal("setup: no spare capacity")
	}
	snapshot := orig.Events()
	wantState := orig.State()

	copyA := orig
	if err := copyA.Append(Event{Type: EventResolved, At: t0.Add(time.Hour), Person: "a"}); err != nil {
		t.Fatal(err)
	}
	copyB := orig
	if err := copyB.Append(Event{Type: EventPaused, At: t0.Add(time.Hour), Reason: "b"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(snapshot, orig.Events()); diff != "" {
		t.Errorf("appending to copies changed the original (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantState, orig.State()); diff != "" {
		t.Errorf("appending to copies changed the original's state (-want +got):\n%s", diff)
	}
	if got := copyA.Events()[2]; got.Type != EventResolved || got.Person != "a" {
		t.Errorf("copy A's last event = %+v, want its own resolution (copy B overwrote it?)", got)
	}
	if got := copyB.Events()[2]; got.Type != EventPaused || got.Reason != "b" {
		t.Errorf("copy B's last event = %+v, want its own pause", got)
	}
	// The original can still grow independently of both copies.
	if err := orig.Append(Event{Type: EventAssigned, At: t0.Add(2 * time.Hour), Team: Project}); err != nil {
		t.Fatal(err)
	}
	if copyA.Len() != 3 || copyB.Len() != 3 || copyA.Events()[2].Type != EventResolved {
		t.Errorf("appending to the original changed a copy: A %v, B %v", copyA.Events(), copyB.Events())
	}
	// Events returns a copy: writing to it changes nothing.
	evs := orig.Events()
	evs[0].Severity = Sev1
	if orig.Events()[0].Severity != Sev2 {
		t.Error("writing to the slice Events returned changed the issue")
	}
}

func TestStateAtAgreesWithNaiveReplay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := berlinWall("2026-03-26 08:00")
		events := drawTimeline(t, start, Sev3)
		is := Issue{ID: "P"}
		if err := is.Append(events...); err != nil {
			t.Fatalf("drawn timeline rejected: %v", err)
		}
		// Every event instant, a nanosecond either side, and midpoints.
		var instants []time.Time
		for i, e := range events {
			instants = append(instants, e.At.Add(-time.Nanosecond), e.At, e.At.Add(time.Nanosecond))
			if i > 0 {
				instants = append(instants, events[i-1].At.Add(e.At.Sub(events[i-1].At)/2))
			}
		}
		instants = append(instants, events[len(events)-1].At.Add(1000*time.Hour))
		for _, at := range instants {
			if diff := cmp.Diff(naiveState(events, at), is.StateAt(at)); diff != "" {
				t.Fatalf("StateAt(%s) (-naive +got):\n%s", at, diff)
			}
		}
		// The state after each prefix is StateAt the prefix's last instant,
		// when no later event shares that instant.
		prefix := Issue{ID: "P"}
		for i, e := range events {
			if err := prefix.Append(e); err != nil {
				t.Fatalf("prefix %d rejected: %v", i, err)
			}
			if i+1 < len(events) && events[i+1].At.Equal(e.At) {
				continue
			}
			if diff := cmp.Diff(prefix.State(), is.StateAt(e.At)); diff != "" {
				t.Fatalf("StateAt(%s) vs state of the prefix (-prefix +got):\n%s", e.At, diff)
			}
		}
		if diff := cmp.Diff(naiveState(events, events[len(events)-1].At), is.State()); diff != "" {
			t.Fatalf("State() (-naive +got):\n%s", diff)
		}
	})
}

func TestIssueJSONRoundTrip(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	is := mustTimeline(t, "INC-5",
		Event{Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect},
		Event{Type: EventAssigned, At: t0.Add(time.Minute), Team: SteadyState, Person: "sam"},
		Event{Type: EventPaused, At: t0.Add(time.Hour), Reason: "waiting on customer"},
		Event{Type: EventResumed, At: t0.Add(2 * time.Hour)},
		Event{Type: EventReclassified, At: t0.Add(3 * time.Hour), Severity: Sev1, Kind: DataFix},
		Event{Type: EventEscalated, At: t0.Add(3 * time.Hour), Person: "pia"},
		Event{Type: EventResolved, At: t0.Add(4*time.Hour + 123456789), Person: "pia", Team: Project},
		Event{Type: EventReopened, At: t0.Add(5 * time.Hour), Severity: Sev3},
		Event{Type: EventResponded, At: t0.Add(6 * time.Hour), Person: "sam"})
	is.Engagement = "go-live-2026"
	is.Title = "Invoices stuck in approval"
	is.Workaround = "approve from the list view"
	is.FixExpected = t0.Add(48 * time.Hour)

	b, err := json.Marshal(is)
	if err != nil {
		t.Fatal(err)
	}
	var back Issue
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if diff := cmp.Diff(is, back, cmpHypercare); diff != "" {
		t.Errorf("Issue round trip (-want +got):\n%s\nJSON: %s", diff, b)
	}
	for _, frag := range []string{`"events":[`, `"type":"opened"`, `"severity":"Sev2"`, `"kind":"defect"`, `"team":"steady-state"`, `"type":"reclassified"`, `"reason":"waiting on customer"`} {
		if !strings.Contains(string(b), frag) {
			t.Errorf("JSON %s lacks %s", b, frag)
		}
	}

	// A zero Issue round-trips too (no events).
	b, err = json.Marshal(Issue{ID: "EMPTY"})
	if err != nil {
		t.Fatal(err)
	}
	var empty Issue
	if err := json.Unmarshal(b, &empty); err != nil || empty.ID != "EMPTY" || empty.Len() != 0 {
		t.Errorf("empty issue round trip: %+v, %v (JSON %s)", empty, err, b)
	}
}

func TestIssueJSONRejectsInvalidTimeline(t *testing.T) {
	cases := map[string]string{
		"out of order":      `{"id":"X","events":[{"type":"opened","at":"2026-06-01T10:00:00+02:00","severity":"Sev2","kind":"defect"},{"type":"responded","at":"2026-06-01T09:00:00+02:00"}]}`,
		"resolved first":    `{"id":"X","events":[{"type":"resolved","at":"2026-06-01T10:00:00+02:00"}]}`,
		"reopen open issue": `{"id":"X","events":[{"type":"opened","at":"2026-06-01T10:00:00+02:00","severity":"Sev2","kind":"defect"},{"type":"reopened","at":"2026-06-01T11:00:00+02:00"}]}`,
		"unknown severity":  `{"id":"X","events":[{"type":"opened","at":"2026-06-01T10:00:00+02:00","severity":"Sev12","kind":"defect"}]}`,
		"unknown type":      `{"id":"X","events":[{"type":"exploded","at":"2026-06-01T10:00:00+02:00"}]}`,
		"unknown kind":      `{"id":"X","events":[{"type":"opened","at":"2026-06-01T10:00:00+02:00","severity":"Sev2","kind":"bug"}]}`,
		"missing kind":      `{"id":"X","events":[{"type":"opened","at":"2026-06-01T10:00:00+02:00","severity":"Sev2"}]}`,
		"missing time":      `{"id":"X","events":[{"type":"opened","severity":"Sev2","kind":"defect"}]}`,
		"not an object":     `["X"]`,
	}
	for name, in := range cases {
		prev := mustTimeline(t, "PREV", Event{Type: EventOpened, At: berlinWall("2026-01-05 10:00"), Severity: Sev3, Kind: Question})
		is := prev
		if err := json.Unmarshal([]byte(in), &is); err == nil {
			t.Errorf("%s: Unmarshal(%s) = nil, want an error", name, in)
		}
		if diff := cmp.Diff(prev, is, cmpHypercare); diff != "" {
			t.Errorf("%s: a failed Unmarshal changed the issue (-want +got):\n%s", name, diff)
		}
	}
}

// jsonRoundTripCheck marshals v, unmarshals into a new T and compares.
func jsonRoundTripCheck[T any](t *testing.T, name string, v T) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Errorf("%s: Marshal: %v", name, err)
		return
	}
	var back T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Errorf("%s: Unmarshal(%s): %v", name, b, err)
		return
	}
	if diff := cmp.Diff(v, back, cmpHypercare); diff != "" {
		t.Errorf("%s round trip (-want +got):\n%s\nJSON: %s", name, diff, b)
	}
}

func TestJSONRoundTripEveryType(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	c, err := NewCalendar(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 12, 25}, Date{2026, 12, 26})
	if err != nil {
		t.Fatal(err)
	}
	night, err := NewCalendar(lordHoweZone, "Mon-Fri 22:00-06:00")
	if err != nil {
		t.Fatal(err)
	}
	policy := DefaultPolicy(c)
	policy.WarnAt = 0.8
	policy.OnReclassify = ReclassifyProportional
	policy.OnReopen = ReopenFromCreation
	tight := Policy{Name: "week 1", Targets: []Target{
		{Sev1, FirstResponse, 10 * time.Minute, Always},
		{Sev2, Resolution, 8*time.Hour + 30*time.Minute, night},
	}, OnReclassify: ReclassifyRetroactive, OnReopen: ReopenResume}
	people := []Person{
		{ID: "ana", Name: "Ana", Team: Project, Roles: []Role{RoleLead, RoleTriage}, Skills: []string{"billing"}, Zone: lordHoweZone,
			TimeOff: []Interval{{t0, t0.Add(48 * time.Hour)}}},
		{ID: "sam", Team: SteadyState, Roles: []Role{RoleAgent}},
		{ID: "sia", Team: Project, Roles: []Role{RoleSponsor, RoleChangeManager}, Zone: time.UTC},
	}
	eng := Engagement{
		ID: "erp-2026", Name: "ERP go-live", Location: berlinZone,
		GoLive: t0, PlannedEnd: t0.AddDate(0, 0, 28),
		Policy: policy,
		Phases: []Phase{
			{Name: "week 1", Start: 0, Days: 7, Coverage: Always, Policy: &tight},
			{Name: "weeks 2-4", Start: 7, Days: 21, Coverage: c},
		},
		People: people,
	}
	is := mustTimeline(t, "INC-6",
		Event{Type: EventOpened, At: t0, Severity: Sev2, Kind: ChangeRequest},
		Event{Type: EventResponded, At: t0.Add(time.Hour), Person: "sam"})
	clk, err := policy.Clock(is, Resolution, t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	breached, err := DefaultPolicy(nil).Clock(mustTimeline(t, "INC-7",
		Event{Type: EventOpened, At: t0, Severity: Sev1, Kind: Defect},
		Event{Type: EventResolved, At: t0.Add(5 * time.Hour)}), Resolution, t0.Add(6*time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	jsonRoundTripCheck(t, "Issue", is)
	jsonRoundTripCheck(t, "Event", Event{Type: EventResolved, At: t0, Team: Project, Person: "ana"})
	jsonRoundTripCheck(t, "Event reopened", Event{Type: EventReopened, At: t0, Severity: Sev3})
	jsonRoundTripCheck(t, "State", is.State())
	jsonRoundTripCheck(t, "resolved State", mustTimeline(t, "S",
		Event{Type: EventOpened, At: t0, Severity: Sev1, Kind: DataFix},
		Event{Type: EventEscalated, At: t0, Person: "ana"},
		Event{Type: EventResolved, At: t0.Add(time.Hour), Person: "ana"}).State())
	jsonRoundTripCheck(t, "zero State", State{})
	jsonRoundTripCheck(t, "Engagement", eng)
	jsonRoundTripCheck(t, "Phase", eng.Phases[0])
	jsonRoundTripCheck(t, "Person with zone", people[0])
	jsonRoundTripCheck(t, "Person without zone", people[1])
	jsonRoundTripCheck(t, "SignOff", SignOff{Engagement: "erp-2026", By: "sia", Role: RoleSponsor, At: t0.AddDate(0, 0, 30), Note: "exit agreed"})
	jsonRoundTripCheck(t, "Policy", policy)
	jsonRoundTripCheck(t, "Policy with rules", tight)
	jsonRoundTripCheck(t, "Target", Target{Sev2, Resolution, 16 * time.Hour, c})
	jsonRoundTripCheck(t, "Target on Always", Target{Sev1, FirstResponse, 15 * time.Minute, nil})
	jsonRoundTripCheck(t, "Clock", clk)
	jsonRoundTripCheck(t, "breached Clock", breached)
	jsonRoundTripCheck(t, "Level", DefaultScheme()[0])
	jsonRoundTripCheck(t, "Scheme", DefaultScheme())
	jsonRoundTripCheck(t, "Symptoms", Symptoms{Blocked: true, Workaround: true})
	for _, k := range []Kind{Defect, TrainingGap, Question, ChangeRequest, DataFix} {
		jsonRoundTripCheck(t, "Kind", k)
	}
	for _, v := range []Team{Project, SteadyState} {
		jsonRoundTripCheck(t, "Team", v)
	}
	for _, v := range []Role{RoleLead, RoleTriage, RoleChangeManager, RoleSponsor, RoleAgent} {
		jsonRoundTripCheck(t, "Role", v)
	}
	for v := EventOpened; v <= EventReopened; v++ {
		jsonRoundTripCheck(t, "EventType", v)
	}
	for _, v := range []Status{StatusOpen, StatusPaused, StatusResolved} {
		jsonRoundTripCheck(t, "Status", v)
	}
	for v := Sev1; v <= MaxSeverity; v++ {
		jsonRoundTripCheck(t, "Severity", v)
	}
	for _, v := range []Metric{FirstResponse, Resolution} {
		jsonRoundTripCheck(t, "Metric", v)
	}
	for _, v := range []Reclassify{ReclassifyRestart, ReclassifyRetroactive, ReclassifyProportional} {
		jsonRoundTripCheck(t, "Reclassify", v)
	}
	for _, v := range []Reopen{ReopenNewCycle, ReopenResume, ReopenFromCreation} {
		jsonRoundTripCheck(t, "Reopen", v)
	}
	for _, v := range []ClockState{ClockRunning, ClockPaused, ClockMet, ClockBreached} {
		jsonRoundTripCheck(t, "ClockState", v)
	}

	// The wire form names zones and spells durations.
	b, _ := json.Marshal(eng)
	for _, frag := range []string{`"location":"Europe/Berlin"`, `"zone":"Australia/Lord_Howe"`, `"within":"16h0m0s"`, `"on_reclassify":"proportional"`, `"on_reopen":"from-creation"`, `"spec":"always"`} {
		if !strings.Contains(string(b), frag) {
			t.Errorf("Engagement JSON lacks %s:\n%s", frag, b)
		}
	}
}

func TestJSONRejectsBadInput(t *testing.T) {
	bad := []struct {
		name string
		into any
		in   string
	}{
		{"Engagement with unknown zone", &Engagement{}, `{"id":"e","location":"Mars/Olympus"}`},
		{"Person with unknown zone", &Person{}, `{"id":"p","team":"project","zone":"Nowhere/Land"}`},
		{"Person with bad team", &Person{}, `{"id":"p","team":"sales"}`},
		{"Target with bad duration", &Target{}, `{"severity":"Sev1","metric":"resolution","within":"four hours"}`},
		{"Target with bad metric", &Target{}, `{"severity":"Sev1","metric":"speed","within":"4h"}`},
		{"Policy with bad rule", &Policy{}, `{"targets":[],"on_reclassify":"sometimes"}`},
		{"Clock with bad state", &Clock{}, `{"metric":"resolution","severity":"Sev1","state":"late"}`},
		{"SignOff with bad role", &SignOff{}, `{"by":"x","role":"king","at":"2026-06-01T10:00:00Z"}`},
	}
	for _, c := range bad {
		if err := json.Unmarshal([]byte(c.in), c.into); err == nil {
			t.Errorf("%s: Unmarshal(%s) = nil, want an error", c.name, c.in)
		}
	}
	// Values with invalid enums refuse to marshal rather than write garbage.
	for name, v := range map[string]any{
		"Event with type 0":      Event{At: time.Unix(0, 0)},
		"Person with team 0":     Person{ID: "p"},
		"SignOff with role 0":    SignOff{By: "x"},
		"Target with severity 0": Target{Metric: Resolution, Within: time.Hour},
		"zero Clock":             Clock{},
	} {
		if b, err := json.Marshal(v); err == nil {
			t.Errorf("%s: Marshal = %s, want an error", name, b)
		}
	}
}

// TestJSONNullLeavesValuesAlone: as encoding/json does for its own types,
// a JSON null decodes into a value without touching it.
func TestJSONNullLeavesValuesAlone(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	is := mustTimeline(t, "KEEP", Event{Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect})
	person := Person{ID: "ana", Team: Project, Zone: lordHoweZone}
	eng := Engagement{ID: "e", Location: berlinZone, GoLive: t0, PlannedEnd: t0.AddDate(0, 0, 14)}
	target := Target{Sev1, Resolution, 4 * time.Hour, mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00")}
	cal := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00")
	kept := *cal
	if err := json.Unmarshal([]byte("null"), &kept); err != nil || !kept.Equal(cal) {
		t.Errorf("Calendar: Unmarshal(null) = %v and changed the value to %v", err, &kept)
	}
	for name, pair := range map[string][2]any{
		"Issue":      {&is, is},
		"Person":     {&person, person},
		"Engagement": {&eng, eng},
		"Target":     {&target, target},
	} {
		if err := json.Unmarshal([]byte("null"), pair[0]); err != nil {
			t.Errorf("%s: Unmarshal(null): %v", name, err)
		}
		if diff := cmp.Diff(pair[1], reflectValue(pair[0]), cmpHypercare); diff != "" {
			t.Errorf("%s: Unmarshal(null) changed the value (-want +got):\n%s", name, diff)
		}
	}
	// A null target is left as the zero Target, which does not encode: the
	// policy that holds it does not decode either (what decodes encodes).
	var p Policy
	err := json.Unmarshal([]byte(`{"targets":[null,{"severity":"Sev1","metric":"resolution","within":"4h0m0s"}]}`), &p)
	if want := `hypercare: JSON field "targets[0]": invalid severity 0`; err == nil || err.Error() != want || !errors.Is(err, ErrInvalid) {
		t.Errorf("a policy with a null target: %v\nwant %s, wrapping ErrInvalid", err, want)
	}
}

// reflectValue returns what p points to.
func reflectValue(p any) any {
	switch v := p.(type) {
	case *Issue:
		return *v
	case *Person:
		return *v
	case *Engagement:
		return *v
	case *Target:
		return *v
	}
	panic(fmt.Sprintf("reflectValue: %T", p))
}

// enumWithText is what every enum of the package offers.
type enumWithText interface {
	String() string
	MarshalText() ([]byte, error)
}

func TestEnumTextForms(t *testing.T) {
	cases := []struct {
		v    enumWithText
		want string
	}{
		{Defect, "defect"}, {TrainingGap, "training-gap"}, {Question, "question"}, {ChangeRequest, "change-request"}, {DataFix, "data-fix"},
		{Project, "project"}, {SteadyState, "steady-state"},
		{RoleLead, "lead"}, {RoleTriage, "triage"}, {RoleChangeManager, "change-manager"}, {RoleSponsor, "sponsor"}, {RoleAgent, "agent"},
		{EventOpened, "opened"}, {EventResponded, "responded"}, {EventReclassified, "reclassified"}, {EventPaused, "paused"},
		{EventResumed, "resumed"}, {EventAssigned, "assigned"}, {EventEscalated, "escalated"}, {EventResolved, "resolved"}, {EventReopened, "reopened"},
		{StatusOpen, "open"}, {StatusPaused, "paused"}, {StatusResolved, "resolved"},
		{Sev1, "Sev1"}, {Sev2, "Sev2"}, {Sev3, "Sev3"}, {MaxSeverity, "Sev9"},
		{FirstResponse, "first-response"}, {Resolution, "resolution"},
		{ReclassifyRestart, "restart"}, {ReclassifyRetroactive, "retroactive"}, {ReclassifyProportional, "proportional"},
		{ReopenNewCycle, "new-cycle"}, {ReopenResume, "resume"}, {ReopenFromCreation, "from-creation"},
		{ClockRunning, "running"}, {ClockPaused, "paused"}, {ClockMet, "met"}, {ClockBreached, "breached"},
	}
	for _, c := range cases {
		if got := c.v.String(); got != c.want {
			t.Errorf("%T(%v).String() = %q, want %q", c.v, c.v, got, c.want)
		}
		b, err := c.v.MarshalText()
		if err != nil || string(b) != c.want {
			t.Errorf("%T %s MarshalText = %q, %v; want %q", c.v, c.want, b, err, c.want)
		}
	}

	// The zero value (and one past the end) of every enum is invalid.
	invalid := []struct {
		v    enumWithText
		want string
	}{
		{Kind(0), "Kind(0)"}, {Kind(6), "Kind(6)"},
		{Team(0), "Team(0)"}, {Team(3), "Team(3)"},
		{Role(0), "Role(0)"}, {Role(-1), "Role(-1)"},
		{EventType(0), "EventType(0)"}, {EventType(10), "EventType(10)"},
		{Status(0), "Status(0)"}, {Status(4), "Status(4)"},
		{Severity(0), "Severity(0)"}, {Severity(10), "Severity(10)"}, {Severity(-3), "Severity(-3)"},
		{Metric(0), "Metric(0)"}, {Metric(3), "Metric(3)"},
		{Reclassify(0), "Reclassify(0)"}, {Reclassify(4), "Reclassify(4)"},
		{Reopen(0), "Reopen(0)"}, {Reopen(4), "Reopen(4)"},
		{ClockState(0), "ClockState(0)"}, {ClockState(6), "ClockState(6)"},
	}
	for _, c := range invalid {
		if got := c.v.String(); got != c.want {
			t.Errorf("String() = %q, want %q", got, c.want)
		}
		if b, err := c.v.MarshalText(); err == nil {
			t.Errorf("%s.MarshalText() = %q, want an error", c.want, b)
		}
	}
	valid := []struct {
		name  string
		valid func(int) bool
		n     int // values 1..n are valid
	}{
		{"Kind", func(i int) bool { return Kind(i).Valid() }, 5},
		{"Team", func(i int) bool { return Team(i).Valid() }, 2},
		{"Role", func(i int) bool { return Role(i).Valid() }, 5},
		{"EventType", func(i int) bool { return EventType(i).Valid() }, 9},
		{"Severity", func(i int) bool { return Severity(i).Valid() }, 9},
		{"Metric", func(i int) bool { return Metric(i).Valid() }, 2},
		{"ClockState", func(i int) bool { return ClockState(i).Valid() }, 5},
	}
	for _, c := range valid {
		for i := -1; i <= c.n+1; i++ {
			if got, want := c.valid(i), i >= 1 && i <= c.n; got != want {
				t.Errorf("%s(%d).Valid() = %v, want %v", c.name, i, got, want)
			}
		}
	}
}

func TestEnumUnmarshalText(t *testing.T) {
	good := []struct {
		in   string
		into interface{ UnmarshalText([]byte) error }
		want any
	}{
		{"training-gap", new(Kind), TrainingGap},
		{"DATA-FIX", new(Kind), DataFix},
		{"Steady-State", new(Team), SteadyState},
		{"sponsor", new(Role), RoleSponsor},
		{"Reclassified", new(EventType), EventReclassified},
		{"paused", new(Status), StatusPaused},
		{"Sev2", new(Severity), Sev2},
		{"sev3", new(Severity), Sev3},
		{"SEV9", new(Severity), MaxSeverity},
		{"1", new(Severity), Sev1},
		{"First-Response", new(Metric), FirstResponse},
		{"proportional", new(Reclassify), ReclassifyProportional},
		{"FROM-CREATION", new(Reopen), ReopenFromCreation},
		{"met", new(ClockState), ClockMet},
	}
	for _, c := range good {
		if err := c.into.UnmarshalText([]byte(c.in)); err != nil {
			t.Errorf("%T.UnmarshalText(%q): %v", c.into, c.in, err)
			continue
		}
		got := enumValueOf(c.into)
		if got != c.want {
			t.Errorf("%T.UnmarshalText(%q) = %v, want %v", c.into, c.in, got, c.want)
		}
	}
	bad := []struct {
		in   string
		into interface{ UnmarshalText([]byte) error }
	}{
		{"", new(Kind)}, {"bug", new(Kind)}, {"Kind(1)", new(Kind)}, {"1", new(Kind)},
		{"", new(Team)}, {"sales", new(Team)},
		{"boss", new(Role)},
		{"created", new(EventType)},
		{"", new(Status)}, {"closed", new(Status)},
		{"", new(Severity)}, {"Sev", new(Severity)}, {"Sev0", new(Severity)}, {"Sev10", new(Severity)}, {"0", new(Severity)},
		{"-1", new(Severity)}, {"+2", new(Severity)}, {"Sev+2", new(Severity)}, {"Sev-2", new(Severity)}, {"Sev 2", new(Severity)}, {"P1", new(Severity)},
		{"latency", new(Metric)},
		{"never", new(Reclassify)},
		{"new cycle", new(Reopen)},
		{"late", new(ClockState)},
	}
	for _, c := range bad {
		before := enumValueOf(c.into)
		err := c.into.UnmarshalText([]byte(c.in))
		if err == nil {
			t.Errorf("%T.UnmarshalText(%q) = nil, want an error", c.into, c.in)
			continue
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("%q", c.in)) {
			t.Errorf("%T.UnmarshalText(%q) error %q does not name the input", c.into, c.in, err)
		}
		if after := enumValueOf(c.into); after != before {
			t.Errorf("%T.UnmarshalText(%q) failed but changed the value to %v", c.into, c.in, after)
		}
	}
}

// enumValueOf returns the value an enum pointer points to.
func enumValueOf(p any) any {
	switch v := p.(type) {
	case *Kind:
		return *v
	case *Team:
		return *v
	case *Role:
		return *v
	case *EventType:
		return *v
	case *Status:
		return *v
	case *Severity:
		return *v
	case *Metric:
		return *v
	case *Reclassify:
		return *v
	case *Reopen:
		return *v
	case *ClockState:
		return *v
	}
	panic(fmt.Sprintf("enumValueOf: %T", p))
}

func TestEngagementValidate(t *testing.T) {
	goLive := berlinWall("2026-03-27 10:00 +0100")
	valid := func() Engagement {
		p := DefaultPolicy(nil)
		return Engagement{
			ID: "e1", Location: berlinZone, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 28),
			Phases: []Phase{{Name: "w1", Start: 0, Days: 7, Policy: &p}, {Name: "rest", Start: 7, Days: 21}},
			People: []Person{{ID: "ana", Team: Project}, {ID: "sam", Team: SteadyState}},
		}
	}
	if err := valid().Validate(); err != nil {
		t.Fatalf("valid engagement: %v", err)
	}
	withGap := valid()
	withGap.Phases[1].Start = 10 // gaps between phases are allowed
	if err := withGap.Validate(); err != nil {
		t.Errorf("phases with a gap: %v", err)
	}
	noTargets := valid()
	noTargets.Policy = Policy{Name: "none"} // allowed: phases carry the targets
	if err := noTargets.Validate(); err != nil {
		t.Errorf("engagement policy without targets: %v", err)
	}
	badPolicy := Policy{Name: "bad", Targets: []Target{{Sev1, Resolution, 0, nil}}}
	cases := []struct {
		name   string
		change func(*Engagement)
		want   string
	}{
		{"empty ID", func(e *Engagement) { e.ID = "" }, "empty ID"},
		{"nil location", func(e *Engagement) { e.Location = nil }, "nil location"},
		{"zero go-live", func(e *Engagement) { e.GoLive = time.Time{} }, "zero go-live"},
		{"end at go-live", func(e *Engagement) { e.PlannedEnd = e.GoLive }, "not after go-live"},
		{"end before go-live", func(e *Engagement) { e.PlannedEnd = e.GoLive.Add(-time.Hour) }, "not after go-live"},
		{"negative start", func(e *Engagement) { e.Phases[0].Start = -1 }, `phase 0 ("w1"): negative start -1`},
		{"zero days", func(e *Engagement) { e.Phases[1].Days = 0 }, `phase 1 ("rest"): length 0 days`},
		{"negative days", func(e *Engagement) { e.Phases[1].Days = -3 }, "length -3 days"},
		{"overlap", func(e *Engagement) { e.Phases[1].Start = 6 }, `phase 1 ("rest") starts on day 6, before the previous phase ends (day 7)`},
		{"out of order", func(e *Engagement) { e.Phases[0], e.Phases[1] = e.Phases[1], e.Phases[0] }, "before the previous phase ends"},
		{"bad engagement policy", func(e *Engagement) { e.Policy = badPolicy }, "duration 0s is not positive"},
		{"bad phase policy", func(e *Engagement) { e.Phases[1].Policy = &badPolicy }, `phase 1 ("rest")`},
		{"bad warn fraction", func(e *Engagement) { e.Policy = DefaultPolicy(nil); e.Policy.WarnAt = 1.5 }, "warn fraction 1.5"},
		{"empty person ID", func(e *Engagement) { e.People = append(e.People, Person{Team: Project}) }, `person ID ""`},
		{"repeated person", func(e *Engagement) { e.People = append(e.People, Person{ID: "ana"}) }, `person ID "ana"`},
		{"person without team", func(e *Engagement) { e.People = append(e.People, Person{ID: "kim"}) }, `person "kim": unknown team 0`},
		{"person with bad role", func(e *Engagement) { e.People[0].Roles = []Role{RoleLead, 0} }, `person "ana": unknown role 0`},
		{"person with backwards time off", func(e *Engagement) { e.People[0].TimeOff = []Interval{{e.GoLive, e.GoLive}} }, `person "ana": time off 0`},
	}
	for _, c := range cases {
		e := valid()
		c.change(&e)
		err := e.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), `hypercare: engagement "`) {
			t.Errorf("%s: Validate() = %v, want an error naming the engagement and %q", c.name, err, c.want)
		}
	}
}

func TestEngagementDaysAcrossDST(t *testing.T) {
	weekOne := Policy{Name: "week 1", Targets: []Target{{Sev1, Resolution, 2 * time.Hour, nil}}}
	later := Policy{Name: "later", Targets: []Target{{Sev1, Resolution, 8 * time.Hour, nil}}}
	// Go-live on the Friday before Berlin springs forward (Sun 2026-03-29 02:00 CET -> 03:00 CEST).
	spring := Engagement{
		ID: "spring", Location: berlinZone,
		GoLive:     berlinWall("2026-03-27 10:00 +0100"),
		PlannedEnd: berlinWall("2026-04-24 10:00 +0200"),
		Policy:     later,
		Phases: []Phase{
			{Name: "week 1", Start: 0, Days: 7, Policy: &weekOne},
			{Name: "weeks 2-3", Start: 7, Days: 14},
		},
	}
	if err := spring.Validate(); err != nil {
		t.Fatal(err)
	}
	dayStarts := []struct {
		n    int
		want string
	}{
		{0, "2026-03-27 10:00 +0100"},
		{1, "2026-03-28 10:00 +0100"},
		{2, "2026-03-29 10:00 +0200"}, // 23 h after day 1: the same wall time
		{7, "2026-04-03 10:00 +0200"},
		{-1, "2026-03-26 10:00 +0100"},
	}
	for _, c := range dayStarts {
		if got, want := spring.DayStart(c.n), berlinWall(c.want); !got.Equal(want) {
			t.Errorf("DayStart(%d) = %s, want %s", c.n, got, want)
		}
	}
	if got := spring.DayStart(2).Sub(spring.DayStart(1)); got != 23*time.Hour {
		t.Errorf("day 1 of the spring engagement lasts %s, want 23h", got)
	}
	dayOf := []struct {
		at   time.Time
		want int
	}{
		{berlinWall("2026-03-27 00:00 +0100"), 0}, // go-live date, before the go-live hour
		{berlinWall("2026-03-27 23:59 +0100"), 0},
		{berlinWall("2026-03-28 00:00 +0100"), 1},
		{time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC), 2}, // Saturday in UTC, Sunday 00:30 in Berlin
		{berlinWall("2026-03-29 01:59 +0100"), 2},
		{berlinWall("2026-03-29 03:00 +0200"), 2},
		{berlinWall("2026-03-29 23:59 +0200"), 2},
		{berlinWall("2026-03-30 00:00 +0200"), 3},
		{berlinWall("2026-03-26 23:59 +0100"), -1},
	}
	for _, c := range dayOf {
		if got := spring.DayOf(c.at); got != c.want {
			t.Errorf("DayOf(%s) = %d, want %d", c.at, got, c.want)
		}
	}
	span := spring.Span(spring.Phases[0])
	if want := (Interval{berlinWall("2026-03-27 10:00 +0100"), berlinWall("2026-04-03 10:00 +0200")}); !span.Start.Equal(want.Start) || !span.End.Equal(want.End) {
		t.Errorf("Span(week 1) = %v, want %v", span, want)
	}
	if got := span.Duration(); got != 7*24*time.Hour-time.Hour {
		t.Errorf("week 1 lasts %s, want 167h (one DST hour short)", got)
	}
	phaseAt := []struct {
		at   time.Time
		want string // "" for none
	}{
		{berlinWall("2026-03-27 09:59 +0100"), ""},
		{berlinWall("2026-03-27 10:00 +0100"), "week 1"},
		{berlinWall("2026-04-03 09:59 +0200"), "week 1"},
		{berlinWall("2026-04-03 10:00 +0200"), "weeks 2-3"},
		{berlinWall("2026-04-17 09:59 +0200"), "weeks 2-3"},
		{berlinWall("2026-04-17 10:00 +0200"), ""},
	}
	for _, c := range phaseAt {
		p, ok := spring.PhaseAt(c.at)
		if got := map[bool]string{true: p.Name, false: ""}[ok]; got != c.want {
			t.Errorf("PhaseAt(%s) = %q, %v; want %q", c.at, p.Name, ok, c.want)
		}
		wantPolicy := "later"
		if c.want == "week 1" {
			wantPolicy = "week 1"
		}
		if got := spring.PolicyAt(c.at).Name; got != wantPolicy {
			t.Errorf("PolicyAt(%s) = %q, want %q", c.at, got, wantPolicy)
		}
	}

	// Falling back (Sun 2026-10-25 03:00 CEST -> 02:00 CET) makes a 25 h day.
	autumn := spring
	autumn.GoLive, autumn.PlannedEnd = berlinWall("2026-10-23 10:00 +0200"), berlinWall("2026-11-20 10:00 +0100")
	if got, want := autumn.DayStart(3), berlinWall("2026-10-26 10:00 +0100"); !got.Equal(want) {
		t.Errorf("autumn DayStart(3) = %s, want %s", got, want)
	}
	if got := autumn.DayStart(3).Sub(autumn.GoLive); got != 73*time.Hour {
		t.Errorf("three autumn days last %s, want 73h", got)
	}
	for _, c := range []struct {
		at   time.Time
		want int
	}{
		{berlinWall("2026-10-25 02:30 +0200"), 2},
		{berlinWall("2026-10-25 02:30 +0100"), 2}, // the repeated hour is still day 2
		{berlinWall("2026-10-25 23:59 +0100"), 2},
		{berlinWall("2026-10-26 00:00 +0100"), 3},
	} {
		if got := autumn.DayOf(c.at); got != c.want {
			t.Errorf("autumn DayOf(%s) = %d, want %d", c.at, got, c.want)
		}
	}

	// Lord Howe shifts by 30 minutes (Sun 2026-10-04 02:00 +1030 -> 02:30 +1100).
	howe := Engagement{ID: "howe", Location: lordHoweZone,
		GoLive: wallIn(lordHoweZone, "2026-10-03 08:00 +1030"), PlannedEnd: wallIn(lordHoweZone, "2026-10-31 08:00 +1100")}
	if got := howe.DayStart(1).Sub(howe.GoLive); got != 23*time.Hour+30*time.Minute {
		t.Errorf("Lord Howe's spring day lasts %s, want 23h30m", got)
	}
	if got := howe.DayOf(wallIn(lordHoweZone, "2026-10-04 02:30 +1100")); got != 1 {
		t.Errorf("Lord Howe DayOf(just after the shift) = %d, want 1", got)
	}

	// Engagement.Clock uses the policy in effect when the issue was opened,
	// even when asked after the phase ended.
	is := mustTimeline(t, "INC-8", Event{Type: EventOpened, At: berlinWall("2026-04-03 09:00 +0200"), Severity: Sev1, Kind: Defect})
	clk, err := spring.Clock(is, Resolution, berlinWall("2026-04-03 10:30 +0200"))
	if err != nil {
		t.Fatal(err)
	}
	if clk.Target != 2*time.Hour || !clk.Due.Equal(berlinWall("2026-04-03 11:00 +0200")) {
		t.Errorf("Engagement.Clock = target %s, due %s; want week 1's 2h, due 11:00", clk.Target, clk.Due)
	}
	if _, err := spring.Clock(is, FirstResponse, berlinWall("2026-04-03 10:30 +0200")); err == nil {
		t.Error("Engagement.Clock without a first-response target in week 1: want an error")
	}
}

func TestEngagementPerson(t *testing.T) {
	e := Engagement{People: []Person{{ID: "ana", Team: Project, Skills: []string{"sql"}, Roles: []Role{RoleTriage}}, {ID: "sam", Team: SteadyState}}}
	p, ok := e.Person("ana")
	if !ok || p.Team != Project || !p.HasSkill("sql") || p.HasSkill("SQL") || !p.HasRole(RoleTriage) || p.HasRole(RoleLead) {
		t.Errorf("Person(ana) = %+v, %v", p, ok)
	}
	if _, ok := e.Person("nobody"); ok {
		t.Error("Person(nobody) found someone")
	}
	t0 := berlinWall("2026-06-01 10:00")
	away := Person{ID: "x", TimeOff: []Interval{{t0, t0.Add(time.Hour)}}}
	if away.Available(Interval{t0.Add(30 * time.Minute), t0.Add(2 * time.Hour)}) || !away.Available(Interval{t0.Add(time.Hour), t0.Add(2 * time.Hour)}) {
		t.Error("Available: time off is the half-open [start, end)")
	}
}

func TestSignOffValidate(t *testing.T) {
	at := berlinWall("2026-06-12 17:00")
	if err := (SignOff{By: "sam", Role: RoleSponsor, At: at}).Validate(); err != nil {
		t.Errorf("valid sign-off: %v", err)
	}
	cases := []struct {
		so   SignOff
		want string
	}{
		{SignOff{Role: RoleSponsor, At: at}, "no signer"},
		{SignOff{By: "sam", At: at}, `sign-off by "sam": unknown role 0`},
		{SignOff{By: "sam", Role: RoleSponsor}, `sign-off by "sam": zero instant`},
	}
	for _, c := range cases {
		if err := c.so.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: Validate() = %v, want an error containing %q", c.so, err, c.want)
		}
	}
}

func TestAppendFirstEventBeforeYearOne(t *testing.T) {
	var is Issue
	early := time.Date(0, time.December, 31, 12, 0, 0, 0, time.UTC)
	if err := is.Append(Event{Type: EventOpened, At: early, Severity: Sev3, Kind: Question}); err != nil {
		t.Errorf("a first event before year 1: %v", err)
	}
}

func TestIssueAsOf(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	is := mustTimeline(t, "INC-1",
		Event{Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect},
		Event{Type: EventAssigned, At: t0.Add(time.Hour), Team: SteadyState, Person: "eli"},
		Event{Type: EventResolved, At: t0.Add(3 * time.Hour), Person: "eli"},
	)
	for _, c := range []struct {
		at   time.Time
		want int // events kept
	}{{t0.Add(-time.Minute), 0}, {t0, 1}, {t0.Add(2 * time.Hour), 2}, {t0.Add(3 * time.Hour), 3}, {t0.Add(time.Hour * 24), 3}} {
		got := is.AsOf(c.at)
		if got.Len() != c.want {
			t.Errorf("AsOf(%s) has %d events, want %d", c.at.Format(time.Kitchen), got.Len(), c.want)
		}
		if diff := cmp.Diff(is.StateAt(c.at), got.State()); diff != "" {
			t.Errorf("AsOf(%s).State() differs from StateAt (-want +got):\n%s", c.at.Format(time.Kitchen), diff)
		}
		if diff := cmp.Diff(is.Events()[:c.want], got.Events(), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("AsOf(%s).Events() (-want +got):\n%s", c.at.Format(time.Kitchen), diff)
		}
	}
	// Appending to the earlier view never writes into the original.
	view := is.AsOf(t0.Add(2 * time.Hour))
	if err := view.Append(Event{Type: EventEscalated, At: t0.Add(2 * time.Hour), Person: "ben"}); err != nil {
		t.Fatal(err)
	}
	if got := is.Events()[2].Type; got != EventResolved {
		t.Errorf("the original's third event became %s after appending to a view", got)
	}
}

// Timeline yields what Events returns, stops when the loop does, and
// copies nothing.
func TestIssueTimeline(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	is := mustTimeline(t, "INC-5",
		Event{Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect},
		Event{Type: EventResponded, At: t0.Add(time.Minute), Person: "ana"},
		Event{Type: EventResolved, At: t0.Add(time.Hour), Person: "ana"})
	if diff := cmp.Diff(is.Events(), slices.Collect(is.Timeline())); diff != "" {
		t.Errorf("Timeline differs from Events (-want +got):\n%s", diff)
	}
	var first []EventType
	for e := range is.Timeline() {
		first = append(first, e.Type)
		if len(first) == 2 {
			break
		}
	}
	if diff := cmp.Diff([]EventType{EventOpened, EventResponded}, first); diff != "" {
		t.Errorf("Timeline after a break (-want +got):\n%s", diff)
	}
	if got := slices.Collect(Issue{}.Timeline()); got != nil {
		t.Errorf("the zero Issue's Timeline yields %v, want nothing", got)
	}
	n := 0
	if allocs := testing.AllocsPerRun(100, func() {
		for range is.Timeline() {
			n++
		}
	}); allocs != 0 {
		t.Errorf("ranging over Timeline allocates %v times, want 0", allocs)
	}
}
