package hypercare

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestInsertHoldsAndReleases(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	opened := Event{ID: "a1", Type: EventOpened, At: at(0), Severity: Sev2, Kind: Defect}
	responded := Event{ID: "a2", Type: EventResponded, At: at(5), Person: "ana"}
	resolved := Event{ID: "a3", Type: EventResolved, At: at(30), Person: "ana"}

	is := Issue{ID: "INC-7"}
	// The resolution and the response arrive before the opening.
	ins, err := is.Insert(resolved)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Insertion{Added: 1, Held: 1}); ins != want {
		t.Errorf("Insert(resolved) = %+v, want %+v", ins, want)
	}
	if _, err := is.Insert(responded); err != nil {
		t.Fatal(err)
	}
	wantHeld := []HeldEvent{
		{responded, "responded event before the issue is opened"},
		{resolved, "resolved event before the issue is opened"},
	}
	if diff := cmp.Diff(wantHeld, is.Held()); diff != "" {
		t.Errorf("Held (-want +got):\n%s", diff)
	}
	if is.Len() != 0 || is.Version() != 2 || is.State() != (State{}) {
		t.Errorf("with only held events: Len %d, Version %d, State %+v; want 0, 2, the zero State", is.Len(), is.Version(), is.State())
	}
	// The opening releases both.
	ins, err = is.Insert(opened)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Insertion{Added: 1, Released: 2}); ins != want {
		t.Errorf("Insert(opened) = %+v, want %+v", ins, want)
	}
	if diff := cmp.Diff([]Event{opened, responded, resolved}, is.Events()); diff != "" {
		t.Errorf("Events (-want +got):\n%s", diff)
	}
	if len(is.Held()) != 0 || is.State().Status != StatusResolved || !is.State().Responded.Equal(at(5)) {
		t.Errorf("after the opening: held %v, state %+v; want nothing held, resolved, responded at %s", is.Held(), is.State(), at(5))
	}
	// A repeat is a no-op; a different event under a held ID a conflict.
	before := is
	ins, err = is.Insert(responded, resolved)
	if err != nil || ins != (Insertion{Duplicates: 2}) {
		t.Errorf("Insert(repeats) = %+v, %v; want 2 duplicates", ins, err)
	}
	other := resolved
	other.Person = "ben"
	_, err = is.Insert(Event{ID: "a9", Type: EventAssigned, At: at(10), Team: Project}, other)
	var conflict *EventConflictError
	if !errors.As(err, &conflict) || errors.Is(err, ErrInvalid) || !conflict.Held.Same(resolved) || !conflict.Got.Same(other) {
		t.Errorf("Insert(a conflicting event) = %v; want an *EventConflictError naming both, not ErrInvalid", err)
	}
	if diff := cmp.Diff(before, is, cmpHypercare); diff != "" {
		t.Errorf("a refused Insert changed the issue (-want +got):\n%s", diff)
	}
	// A late pause displaces the resolution? No: it is valid; a late second
	// opening is held, with the reason.
	if _, err := is.Insert(Event{Type: EventOpened, At: at(1), Severity: Sev1, Kind: Defect}); err != nil {
		t.Fatal(err)
	}
	if h := is.Held(); len(h) != 1 || h[0].Reason != "issue is already opened (use a reopened event)" {
		t.Errorf("a second opening: held %v, want it held as already opened", h)
	}
	// A malformed event is refused, and wraps ErrInvalid.
	if _, err := is.Insert(Event{Type: EventAssigned, At: at(2)}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Insert(assigned without a team) = %v, want ErrInvalid", err)
	}
}

func TestInsertAtOneInstantIgnoresArrivalOrder(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	cases := []struct {
		name   string
		events []Event
		want   []EventType
	}{
		{"pause and resume at one instant", []Event{
			{Type: EventOpened, At: t0, Severity: Sev3, Kind: Defect},
			{Type: EventResumed, At: t0.Add(time.Minute)},
			{Type: EventPaused, At: t0.Add(time.Minute)},
		}, []EventType{EventOpened, EventPaused, EventResumed}},
		{"resume and pause again (a new reason)", []Event{
			{Type: EventOpened, At: t0, Severity: Sev3, Kind: Defect},
			{Type: EventPaused, At: t0, Reason: "customer"},
			{Type: EventPaused, At: t0.Add(time.Minute), Reason: "vendor"},
			{Type: EventResumed, At: t0.Add(time.Minute)},
		}, []EventType{EventOpened, EventPaused, EventResumed, EventPaused}},
		{"resolve and reopen at the opening", []Event{
			{Type: EventReopened, At: t0, Severity: Sev1},
			{Type: EventResolved, At: t0},
			{Type: EventOpened, At: t0, Severity: Sev3, Kind: Defect},
		}, []EventType{EventOpened, EventResolved, EventReopened}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, order := range [][]Event{c.events, reversedEvents(c.events)} {
				var is Issue
				if err := is.Append(order...); err != nil {
					t.Fatalf("Append(%v): %v", order, err)
				}
				var got []EventType
				for _, e := range is.Events() {
					got = append(got, e.Type)
				}
				if diff := cmp.Diff(c.want, got); diff != "" {
					t.Errorf("timeline types (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestEscalationThenAssigneeAtOneInstant: one save moves an issue from the
// steady-state team to the project team and names who on the project team
// took it, as two events at one instant (ServiceNow audits each field on
// its own row). The escalation hands the issue over and the assignment
// names the taker, in whichever order the events come; an assignment to a
// steady-state agent at that instant comes before the escalation, which
// presupposes the issue is with the steady-state team. Worked by hand from
// State's rules: one handoff (steady state to project), escalated, and the
// assignee is the person named.
func TestEscalationThenAssigneeAtOneInstant(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	t1 := t0.Add(time.Hour)
	cases := []struct {
		name   string
		events []Event
		want   State
	}{
		{"escalated and assigned to a project agent", []Event{
			{ID: "c", Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect},
			{ID: "a1", Type: EventAssigned, At: t0, Team: SteadyState, Person: "ana"},
			{ID: "g", Type: EventEscalated, At: t1},
			{ID: "p", Type: EventAssigned, At: t1, Team: Project, Person: "raj"},
		}, State{Status: StatusOpen, Severity: Sev2, Kind: Defect, Team: Project, Assignee: "raj",
			Opened: t0, Escalated: true, Handoffs: 1}},
		{"assigned to steady state and escalated at the opening", []Event{
			{ID: "c", Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect},
			{ID: "z", Type: EventAssigned, At: t0, Team: SteadyState, Person: "ana"},
			{ID: "a", Type: EventEscalated, At: t0, Person: "raj"},
		}, State{Status: StatusOpen, Severity: Sev2, Kind: Defect, Team: Project, Assignee: "raj",
			Opened: t0, Escalated: true, Handoffs: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, order := range [][]Event{c.events, reversedEvents(c.events)} {
				var is Issue
				if err := is.Append(order...); err != nil {
					t.Fatalf("Append(%v): %v", order, err)
				}
				if diff := cmp.Diff(c.want, is.State()); diff != "" {
					t.Errorf("state (-want +got):\n%s", diff)
				}
				if got := rebuild(is.ID, order); !cmp.Equal(got.State(), c.want) {
					t.Errorf("the oracle gives %+v", got.State())
				}
			}
		})
	}
}

func reversedEvents(events []Event) []Event {
	out := slices.Clone(events)
	slices.Reverse(out)
	return out
}

func TestLateResponseTurnsBreachIntoMet(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	p := DefaultPolicy(nil)
	is := mustTimeline(t, "INC-7",
		Event{ID: "1", Type: EventOpened, At: t0, Severity: Sev1, Kind: Defect},
		Event{ID: "3", Type: EventResolved, At: t0.Add(3 * time.Hour), Person: "ana"})
	asOf := t0.Add(5 * time.Hour)
	before, err := p.Clock(is, FirstResponse, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if before.State != ClockBreached {
		t.Fatalf("first response before the late event: %s, want breached", before.State)
	}
	if _, err := is.Insert(Event{ID: "2", Type: EventResponded, At: t0.Add(10 * time.Minute), Person: "ana"}); err != nil {
		t.Fatal(err)
	}
	after, err := p.Clock(is, FirstResponse, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if after.State != ClockMet || !after.Stopped.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("first response after the late event: %s stopped %s, want met at %s", after.State, after.Stopped, t0.Add(10*time.Minute))
	}
}

func TestIssueJSONKeepsHeldEvents(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	var is Issue
	is.ID = "INC-7"
	if _, err := is.Insert(
		Event{ID: "x1", Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect},
		Event{ID: "x2", Type: EventResumed, At: t0.Add(time.Minute)},
	); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(is)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"INC-7","events":[{"id":"x1","type":"opened","at":"2026-06-01T10:00:00+02:00","severity":"Sev2","kind":"defect"}],` +
		`"held":[{"event":{"id":"x2","type":"resumed","at":"2026-06-01T10:01:00+02:00"},"reason":"resumed event on an issue that is not paused"}]}`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
	var back Issue
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(is, back, cmpHypercare); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// rebuild is the slow, obvious way to the issue a set of events makes: sort
// them all by time and the order of one instant, and place them from
// scratch with the greedy rule written out plainly.
func rebuild(id IssueID, events []Event) Issue {
	all := slices.Clone(events)
	slices.SortStableFunc(all, func(a, b Event) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return compareAtInstant(a, b)
	})
	is := Issue{ID: id}
	var s State
	used := make([]bool, len(all))
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].At.Equal(all[i].At) {
			j++
		}
		for progress := true; progress; {
			progress = false
			for k := i; k < j; k++ {
				if used[k] {
					continue
				}
				if next, err := s.apply(all[k]); err == nil {
					s, used[k], progress = next, true, true
					is.events = append(is.events, all[k])
					break
				}
			}
		}
		for k := i; k < j; k++ {
			if !used[k] {
				_, err := s.apply(all[k])
				is.held = append(is.held, HeldEvent{all[k], err.Error()})
			}
		}
		i = j
	}
	is.state = s
	return is
}

// TestInsertAnyOrderGivesTheSameTimeline: any permutation of a valid
// timeline's events, delivered one at a time with random repeats, gives the
// timeline, the held events (none) and every clock of in-order delivery;
// and any events at all, in any order, give what rebuilding from scratch
// gives.
func TestInsertAnyOrderGivesTheSameTimeline(t *testing.T) {
	p := DefaultPolicy(nil)
	rapid.Check(t, func(t *rapid.T) {
		start := berlinWall("2026-03-26 08:00")
		events := drawTimeline(t, start, Sev3)
		for i := range events {
			events[i].ID = EventID(fmt.Sprint(i))
		}
		inOrder := Issue{ID: "P"}
		if err := inOrder.Append(events...); err != nil {
			t.Fatalf("in order: %v", err)
		}
		perm := rapid.Permutation(events).Draw(t, "delivery order")
		got := Issue{ID: "P"}
		for i, e := range perm {
			if _, err := got.Insert(e); err != nil {
				t.Fatalf("Insert(%v): %v", e, err)
			}
			if i > 0 && rapid.IntRange(0, 3).Draw(t, "repeat") == 0 {
				again := perm[rapid.IntRange(0, i).Draw(t, "which")]
				if ins, err := got.Insert(again); err != nil || ins.Duplicates != 1 {
					t.Fatalf("repeat of %v: %+v, %v; want one duplicate", again, ins, err)
				}
			}
		}
		if diff := cmp.Diff(inOrder, got, cmpHypercare); diff != "" {
			t.Fatalf("out-of-order delivery (-in order +got):\n%s", diff)
		}
		last := events[len(events)-1].At
		for _, asOf := range []time.Time{start, events[0].At.Add(time.Hour), last, last.Add(72 * time.Hour)} {
			for _, m := range []Metric{FirstResponse, Resolution} {
				want, werr := p.Cycles(inOrder, m, asOf)
				have, herr := p.Cycles(got, m, asOf)
				if diff := cmp.Diff(want, have, cmpHypercare); diff != "" || (werr == nil) != (herr == nil) {
					t.Fatalf("clocks %s at %s (-in order +got):\n%s", m, asOf, diff)
				}
			}
		}

		// Any events, valid or not, in any order.
		wild := slices.Clone(events)
		for range rapid.IntRange(0, 4).Draw(t, "wild") {
			e := Event{
				ID:   EventID(fmt.Sprint("w", len(wild))),
				Type: EventType(rapid.IntRange(1, len(eventNames)-1).Draw(t, "wild type")),
				At:   start.Add(time.Duration(rapid.IntRange(0, 3*24*60).Draw(t, "wild minute")) * time.Minute),
			}
			switch e.Type {
			case EventOpened:
				e.Severity, e.Kind = Sev2, Defect
			case EventReclassified:
				e.Severity = Sev1
			case EventAssigned:
				e.Team = Project
			}
			wild = append(wild, e)
		}
		perm = rapid.Permutation(wild).Draw(t, "wild order")
		got = Issue{ID: "P"}
		for _, e := range perm {
			if _, err := got.Insert(e); err != nil {
				t.Fatalf("Insert(%v): %v", e, err)
			}
		}
		if diff := cmp.Diff(rebuild("P", wild), got, cmpHypercare); diff != "" {
			t.Fatalf("incremental inserts vs a rebuild (-rebuild +got):\n%s", diff)
		}
	})
}

// BenchmarkInsertLate inserts one late event, in the middle, into an issue
// of 50 events; BenchmarkInsertLateRebuild is the naive baseline that builds
// the issue again from scratch.
func BenchmarkInsertLate(b *testing.B) {
	events := benchTimeline(51)
	late := events[25]
	base := Issue{ID: "B"}
	if err := base.Append(slices.Delete(slices.Clone(events), 25, 26)...); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		is := base
		if _, err := is.Insert(late); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInsertLateRebuild(b *testing.B) {
	events := benchTimeline(51)
	late := events[25]
	rest := slices.Delete(slices.Clone(events), 25, 26)
	b.ReportAllocs()
	for b.Loop() {
		all := append(slices.Clone(rest), late)
		_ = rebuild("B", all)
	}
}

func TestIssueKnows(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	opened := Event{ID: "1", Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect}
	respond := Event{ID: "2", Type: EventResponded, At: t0.Add(time.Minute)}
	stored := mustTimeline(t, "I", opened, respond)
	for _, c := range []struct {
		name   string
		events []Event
		want   bool
	}{
		{"nothing", nil, true},
		{"a part", []Event{opened}, true},
		{"all, in another zone", []Event{{ID: "1", Type: EventOpened, At: t0.UTC(), Severity: Sev2, Kind: Defect}, respond}, true},
		{"a new ID", []Event{opened, {ID: "3", Type: EventResolved, At: t0.Add(time.Hour)}}, false},
		{"an ID with other content", []Event{{ID: "2", Type: EventResponded, At: t0.Add(2 * time.Minute)}}, false},
		{"an event without an ID", []Event{{Type: EventResponded, At: t0.Add(time.Minute)}}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var other Issue
			if _, err := other.Insert(c.events...); err != nil {
				t.Fatal(err)
			}
			if got := stored.Knows(other); got != c.want {
				t.Errorf("Knows = %v, want %v", got, c.want)
			}
		})
	}
}

// drawSameInstantBatch draws well-formed events of every type, a few at
// each of the instants given, with or without IDs, in random order: valid
// or not on the timeline they join.
func drawSameInstantBatch(t *rapid.T, instants []time.Time) []Event {
	n := rapid.IntRange(0, 6).Draw(t, "batch size")
	batch := make([]Event, n)
	for i := range batch {
		e := Event{
			Type: EventType(rapid.IntRange(1, len(eventNames)-1).Draw(t, "batch type")),
			At:   rapid.SampledFrom(instants).Draw(t, "batch instant"),
		}
		if rapid.Bool().Draw(t, "batch id") {
			e.ID = EventID(fmt.Sprint("b", i))
		}
		switch e.Type {
		case EventOpened:
			e.Severity, e.Kind = Severity(rapid.IntRange(1, 3).Draw(t, "batch sev")), Defect
		case EventReclassified:
			e.Severity = Severity(rapid.IntRange(1, 3).Draw(t, "batch sev"))
		case EventAssigned:
			e.Team = Team(rapid.IntRange(1, len(teamNames)-1).Draw(t, "batch team"))
			e.Person = rapid.SampledFrom([]PersonID{"", "ana"}).Draw(t, "batch person")
		case EventPaused:
			e.Reason = rapid.SampledFrom([]string{"", "customer"}).Draw(t, "batch reason")
		}
		batch[i] = e
	}
	return batch
}

// TestAppendFastAgreesWithInsert: on random batches of events at the
// instant of a timeline's last event and just after it, in time order, the
// fast path either declines, leaving the issue unchanged, or gives exactly
// what the general path and a rebuild from scratch give.
func TestAppendFastAgreesWithInsert(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := berlinWall("2026-03-26 08:00")
		var base Issue
		base.ID = "P"
		if rapid.Bool().Draw(t, "non-empty") {
			events := drawTimeline(t, start, Sev3)
			for i := range events {
				events[i].ID = EventID(fmt.Sprint(i))
			}
			if err := base.Append(events...); err != nil {
				t.Fatalf("base: %v", err)
			}
		}
		last := start
		if n := base.Len(); n > 0 {
			last = base.events[n-1].At
		}
		batch := drawSameInstantBatch(t, []time.Time{last, last, last.UTC(), last.Add(time.Minute)})
		slices.SortStableFunc(batch, func(a, b Event) int { return a.At.Compare(b.At) })

		fast := base
		took := fast.appendFast(batch)
		slow, ins, err := base.insert(batch)
		if !took {
			if diff := cmp.Diff(base, fast, cmpHypercare); diff != "" {
				t.Fatalf("a declined fast path changed the issue (-before +after):\n%s", diff)
			}
			return
		}
		if err != nil || ins != (Insertion{Added: len(batch)}) {
			t.Fatalf("fast path took %v, the general path says %+v, %v", batch, ins, err)
		}
		if diff := cmp.Diff(slow, fast, cmpHypercare); diff != "" {
			t.Fatalf("fast path vs the general path (-general +fast):\n%s", diff)
		}
		if diff := cmp.Diff(rebuild("P", append(base.Events(), batch...)), fast, cmpHypercare); diff != "" {
			t.Fatalf("fast path vs a rebuild (-rebuild +fast):\n%s", diff)
		}
	})
}

// TestAppendFastTakesOneInstant: the batches a helpdesk update gives —
// several events at one instant, in any order — take the fast path; a
// batch that would reorder the events already at that instant does not.
func TestAppendFastTakesOneInstant(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	opened := Event{ID: "1/opened", Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect}
	assigned := Event{ID: "1/assigned", Type: EventAssigned, At: t0, Team: SteadyState, Person: "ana"}
	paused := Event{ID: "1/paused", Type: EventPaused, At: t0, Reason: "customer"}
	reclassified := Event{ID: "2/reclassified", Type: EventReclassified, At: t0, Severity: Sev1}
	resolved := Event{ID: "3/resolved", Type: EventResolved, At: t0.Add(time.Hour)}
	cases := []struct {
		name   string
		before []Event
		batch  []Event
		want   bool
	}{
		{"a creation, in any order, into an empty issue", nil, []Event{paused, assigned, opened}, true},
		{"a creation and a later resolution", nil, []Event{assigned, opened, resolved}, true},
		{"after the events of the instant in the order of one instant", []Event{opened}, []Event{paused, assigned}, true},
		{"before an event of the instant in that order", []Event{opened, assigned}, []Event{reclassified}, false},
		{"an event the state refuses", []Event{opened, resolved}, []Event{{Type: EventResolved, At: t0.Add(time.Hour)}}, false},
		{"out of time order", nil, []Event{resolved, opened}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			is := mustTimeline(t, "I", c.before...)
			got := is
			if took := got.appendFast(c.batch); took != c.want {
				t.Errorf("appendFast = %v, want %v", took, c.want)
			}
			want := rebuild("I", append(slices.Clone(c.before), c.batch...))
			if _, err := is.Insert(c.batch...); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, is, cmpHypercare); diff != "" {
				t.Errorf("Insert vs a rebuild (-rebuild +got):\n%s", diff)
			}
		})
	}
}

// helpdeskTicket returns the events of one helpdesk ticket as an adapter
// gives them, one update after another: opened with its assignment and a
// pause at one instant, a reply, a reclassification, a resume and the
// resolution at one instant.
func helpdeskTicket() []Event {
	t0 := time.Date(2026, time.June, 1, 8, 0, 0, 0, time.UTC)
	return []Event{
		{ID: "1/opened", Type: EventOpened, At: t0, Severity: Sev3, Kind: Defect},
		{ID: "1/paused", Type: EventPaused, At: t0, Reason: "customer"},
		{ID: "1/assigned", Type: EventAssigned, At: t0, Team: SteadyState, Person: "ana"},
		{ID: "2/responded", Type: EventResponded, At: t0.Add(time.Hour), Person: "ana"},
		{ID: "3/reclassified", Type: EventReclassified, At: t0.Add(2 * time.Hour), Severity: Sev1},
		{ID: "4/resumed", Type: EventResumed, At: t0.Add(3 * time.Hour)},
		{ID: "4/resolved", Type: EventResolved, At: t0.Add(3 * time.Hour), Person: "ana"},
	}
}

// BenchmarkInsertTicket inserts one helpdesk ticket's events, several at
// one instant, into an empty issue in one call, as the adapters do;
// BenchmarkInsertTicketGeneral takes the general path (merge and replay)
// and BenchmarkInsertTicketRebuild is the naive baseline.
func BenchmarkInsertTicket(b *testing.B) {
	events := helpdeskTicket()
	b.ReportAllocs()
	for b.Loop() {
		is := Issue{ID: "T"}
		if _, err := is.Insert(events...); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInsertTicketGeneral(b *testing.B) {
	events := helpdeskTicket()
	b.ReportAllocs()
	for b.Loop() {
		is := Issue{ID: "T"}
		if _, _, err := is.insert(events); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkInsertTicketRebuild(b *testing.B) {
	events := helpdeskTicket()
	b.ReportAllocs()
	for b.Loop() {
		_ = rebuild("T", events)
	}
}

// TestAppendMalformedAtOneInstant: malformed events at one instant (an
// unknown type among them) are refused with an error naming the event,
// by Append and by Insert, never a panic (fuzzing the store's records
// found the panic: the in-order fast path ordered the events of one
// instant by type before checking the types).
func TestAppendMalformedAtOneInstant(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	for _, events := range [][]Event{
		{{Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect}, {Type: EventType(24), At: t0}},
		{{Type: EventType(24), At: t0}, {Type: EventType(25), At: t0}},
	} {
		var a Issue
		if err := a.Append(events...); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "unknown event type") {
			t.Errorf("Append(%v) = %v, want ErrInvalid naming the unknown type", events, err)
		}
		var b Issue
		if _, err := b.Insert(events...); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "unknown event type") {
			t.Errorf("Insert(%v) = %v, want ErrInvalid naming the unknown type", events, err)
		}
	}
}

// TestInsertCountsAReleasedTwin: Insertion.Released "counts the events
// held before that are on the timeline now".
//
// Input: an issue opened at 09:00 UTC; two identical "resumed" events at
// 11:00 (no ID; events without an ID are all kept) are inserted and both
// held (the issue is not paused). Then a "paused" at 10:00 is inserted.
//
// By hand: the timeline becomes opened 09:00, paused 10:00, resumed 11:00
// (one of the two held events is released; the other stays held because
// the issue is no longer paused). So Released must be 1, Held 1. It matched
// held events by content (Event.Same), found the remaining twin, and
// reported Released 0.
func TestInsertCountsAReleasedTwin(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	var is Issue
	if _, err := is.Insert(Event{Type: EventOpened, At: t0, Severity: Sev2, Kind: Defect}); err != nil {
		t.Fatal(err)
	}
	resumed := Event{Type: EventResumed, At: t0.Add(2 * time.Hour)}
	if _, err := is.Insert(resumed, resumed); err != nil {
		t.Fatal(err)
	}
	if n := len(is.Held()); n != 2 {
		t.Fatalf("held %d events, want 2", n)
	}
	ins, err := is.Insert(Event{Type: EventPaused, At: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if is.Len() != 3 || len(is.Held()) != 1 {
		t.Fatalf("timeline %d, held %d; want 3 and 1", is.Len(), len(is.Held()))
	}
	if ins.Released != 1 || ins.Held != 1 || ins.Added != 1 {
		t.Errorf("Insertion %+v, want Added 1, Held 1, Released 1", ins)
	}
}

// TestAppendRefusesToDisplaceATwinOfAHeldEvent: Issue.Append's doc: it "returns an error, and leaves the issue unchanged,
// if an event would be held or would put an event of the timeline on hold".
//
// Input (all UTC, no IDs): opened 09:00, paused 10:00, and two identical
// "resumed" at 12:00, put in with Insert: one resumed joins the timeline,
// its twin is held (the issue is no longer paused). Then Append a
// "resumed" at 11:00.
//
// By hand: with the 11:00 resume the issue is open again at 12:00, so the
// resumed at 12:00 that was on the timeline can no longer be placed: it is
// put on hold. Append must refuse and leave the issue as it was (3 events on
// the timeline, 1 held). It checked "was it held before?" by content, found
// the twin, and accepted: the timeline's event was silently displaced.
func TestAppendRefusesToDisplaceATwinOfAHeldEvent(t *testing.T) {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	var is Issue
	resumed := Event{Type: EventResumed, At: h(3)}
	if _, err := is.Insert(
		Event{Type: EventOpened, At: h(0), Severity: Sev2, Kind: Defect},
		Event{Type: EventPaused, At: h(1)}, resumed, resumed,
	); err != nil {
		t.Fatal(err)
	}
	if is.Len() != 3 || len(is.Held()) != 1 {
		t.Fatalf("setup: timeline %d, held %d; want 3 and 1", is.Len(), len(is.Held()))
	}
	err := is.Append(Event{Type: EventResumed, At: h(2)})
	if err == nil {
		t.Errorf("Append accepted an event that put the timeline's resumed at 12:00 on hold (timeline %d, held %d)", is.Len(), len(is.Held()))
	}
	if is.Len() != 3 || len(is.Held()) != 1 {
		t.Errorf("after the refused Append: timeline %d, held %d; want the issue unchanged (3 and 1)", is.Len(), len(is.Held()))
	}
}
