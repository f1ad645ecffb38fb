package hypercare

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var ingestAt = time.Date(2026, 6, 1, 9, 30, 0, 0, time.UTC)

// testMapping is ZendeskMapping with a project group, a listed agent and an
// ignored bot, so every rule of Events can be shown.
func testMapping() Mapping {
	m := ZendeskMapping()
	m.Groups = []TeamTerm{{Value: "361", Team: Project}, {Value: "360", Team: SteadyState}, {Value: "999", Ignore: true}}
	m.Agents = []AgentTerm{{Value: "7", Person: "ana", Team: SteadyState}, {Value: "8", Person: "raj", Team: Project}, {Value: "1", Ignore: true}}
	m.Priorities = append(m.Priorities, LevelTerm{Value: "spam", Ignore: true})
	m.DefaultLevel = "Sev2" // unlike normal (Sev3), so the default shows
	return m
}

func TestMappingEvents(t *testing.T) {
	ch := func(from, to string) *Change { return &Change{From: from, To: to} }
	ev := func(id string, typ EventType) Event { return Event{ID: EventID(id), Type: typ, At: ingestAt} }
	with := func(e Event, f func(*Event)) Event { f(&e); return e }
	tests := []struct {
		name string
		u    Update
		want []Event
	}{
		{name: "created with every field", u: Update{ID: "u1", At: ingestAt, Created: true,
			Status: ch("", "open"), Priority: ch("", "urgent"), Type: ch("", "question"), Group: ch("", "360"), Assignee: ch("", "7")},
			want: []Event{
				with(ev("u1/opened", EventOpened), func(e *Event) { e.Severity, e.Kind = Sev1, Question }),
				with(ev("u1/assigned", EventAssigned), func(e *Event) { e.Team, e.Person = SteadyState, "ana" }),
			}},
		{name: "created on an old ticket without priority or type takes the defaults", u: Update{ID: "u2", At: ingestAt, Created: true, Status: ch("", "new")},
			want: []Event{with(ev("u2/opened", EventOpened), func(e *Event) { e.Severity, e.Kind = Sev2, Defect })}},
		{name: "created pending pauses at once", u: Update{ID: "u3", At: ingestAt, Created: true, Status: ch("", "pending"), Priority: ch("", "high")},
			want: []Event{
				with(ev("u3/opened", EventOpened), func(e *Event) { e.Severity, e.Kind = Sev2, Defect }),
				with(ev("u3/paused", EventPaused), func(e *Event) { e.Reason = "waiting on the requester" }),
			}},
		{name: "created solved resolves at once", u: Update{ID: "u4", At: ingestAt, Created: true, Status: ch("", "solved"), By: "7"},
			want: []Event{
				with(ev("u4/opened", EventOpened), func(e *Event) { e.Severity, e.Kind = Sev2, Defect }),
				with(ev("u4/resolved", EventResolved), func(e *Event) { e.Person = "ana" }),
			}},
		{name: "created with an ignored priority takes the default", u: Update{ID: "u28", At: ingestAt, Created: true, Priority: ch("", "spam")},
			want: []Event{with(ev("u28/opened", EventOpened), func(e *Event) { e.Severity, e.Kind = Sev2, Defect })}},
		{name: "open to pending pauses", u: Update{ID: "u5", At: ingestAt, Status: ch("open", "pending")},
			want: []Event{with(ev("u5/paused", EventPaused), func(e *Event) { e.Reason = "waiting on the requester" })}},
		{name: "hold to open resumes", u: Update{ID: "u6", At: ingestAt, Status: ch("hold", "open")},
			want: []Event{ev("u6/resumed", EventResumed)}},
		{name: "pending to hold resumes and pauses for the new reason", u: Update{ID: "u7", At: ingestAt, Status: ch("pending", "hold")},
			want: []Event{ev("u7/resumed", EventResumed), with(ev("u7/paused", EventPaused), func(e *Event) { e.Reason = "on hold: waiting on a third party" })}},
		{name: "new to open is nothing", u: Update{ID: "u8", At: ingestAt, Status: ch("new", "open")}},
		{name: "solved to closed is nothing", u: Update{ID: "u9", At: ingestAt, Status: ch("solved", "closed")}},
		{name: "hold to solved resolves", u: Update{ID: "u10", At: ingestAt, Status: ch("hold", "solved"), By: "8"},
			want: []Event{with(ev("u10/resolved", EventResolved), func(e *Event) { e.Person = "raj" })}},
		{name: "solved to open reopens", u: Update{ID: "u11", At: ingestAt, Status: ch("solved", "open")},
			want: []Event{ev("u11/reopened", EventReopened)}},
		{name: "closed to pending reopens and pauses", u: Update{ID: "u12", At: ingestAt, Status: ch("closed", "pending")},
			want: []Event{ev("u12/reopened", EventReopened), with(ev("u12/paused", EventPaused), func(e *Event) { e.Reason = "waiting on the requester" })}},
		{name: "open to deleted is ignored", u: Update{ID: "u13", At: ingestAt, Status: ch("open", "deleted")}},
		{name: "priority change reclassifies", u: Update{ID: "u14", At: ingestAt, Priority: ch("normal", "urgent")},
			want: []Event{with(ev("u14/reclassified", EventReclassified), func(e *Event) { e.Severity = Sev1 })}},
		{name: "normal to low is the same severity: nothing", u: Update{ID: "u15", At: ingestAt, Priority: ch("normal", "low")}},
		{name: "priority and type change together: one reclassification", u: Update{ID: "u16", At: ingestAt, Priority: ch("low", "high"), Type: ch("question", "incident")},
			want: []Event{with(ev("u16/reclassified", EventReclassified), func(e *Event) { e.Severity, e.Kind = Sev2, Defect })}},
		{name: "priority set on an old ticket without one", u: Update{ID: "u17", At: ingestAt, Priority: ch("", "urgent")},
			want: []Event{with(ev("u17/reclassified", EventReclassified), func(e *Event) { e.Severity = Sev1 })}},
		{name: "group from steady state to project escalates", u: Update{ID: "u18", At: ingestAt, Group: ch("360", "361"), Assignee: ch("7", "8")},
			want: []Event{with(ev("u18/escalated", EventEscalated), func(e *Event) { e.Person = "raj" })}},
		{name: "group from project to steady state assigns", u: Update{ID: "u19", At: ingestAt, Group: ch("361", "360")},
			want: []Event{with(ev("u19/assigned", EventAssigned), func(e *Event) { e.Team = SteadyState })}},
		{name: "assignee alone assigns to the agent's team", u: Update{ID: "u20", At: ingestAt, Assignee: ch("7", "8")},
			want: []Event{with(ev("u20/assigned", EventAssigned), func(e *Event) { e.Team, e.Person = Project, "raj" })}},
		{name: "an unlisted group and agent fall back to steady state", u: Update{ID: "u21", At: ingestAt, Group: ch("", "5000"), Assignee: ch("", "6000")},
			want: []Event{with(ev("u21/assigned", EventAssigned), func(e *Event) { e.Team, e.Person = SteadyState, "6000" })}},
		{name: "unassigning gives nothing", u: Update{ID: "u22", At: ingestAt, Assignee: ch("7", "")}},
		{name: "an ignored group gives nothing", u: Update{ID: "u23", At: ingestAt, Group: ch("360", "999")}},
		{name: "a reply by a listed agent responds", u: Update{ID: "u24", At: ingestAt, Reply: true, By: "7"},
			want: []Event{with(ev("u24/responded", EventResponded), func(e *Event) { e.Person = "ana" })}},
		{name: "a reply by anyone else may be the requester: nothing", u: Update{ID: "u25", At: ingestAt, Reply: true, By: "4242"}},
		{name: "an ignored agent's reply: nothing", u: Update{ID: "u26", At: ingestAt, Reply: true, By: "1"}},
		{name: "a priority change while on hold and a resume at once", u: Update{ID: "u27", At: ingestAt, Status: ch("hold", "open"), Priority: ch("low", "urgent")},
			want: []Event{ev("u27/resumed", EventResumed), with(ev("u27/reclassified", EventReclassified), func(e *Event) { e.Severity = Sev1 })}},
	}
	m := testMapping()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.Events("ZD-1", tt.u)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMappingEventsErrors(t *testing.T) {
	tests := []struct {
		name string
		m    func(*Mapping)
		u    Update
		want string
	}{
		{name: "unmapped status", u: Update{ID: "a", At: ingestAt, Status: &Change{From: "open", To: "triage"}},
			want: `hypercare: issue "ZD-1": update "a": status "triage" is not mapped (mapped: new, open, pending, hold, solved, closed, deleted)`},
		{name: "unmapped priority", u: Update{ID: "b", At: ingestAt, Priority: &Change{From: "critical", To: "low"}},
			want: `priority "critical" is not mapped`},
		{name: "unmapped type on creation", u: Update{ID: "c", At: ingestAt, Created: true, Type: &Change{To: "bug"}},
			want: `type "bug" is not mapped`},
		{name: "status change without the status before", u: Update{ID: "d", At: ingestAt, Status: &Change{To: "open"}},
			want: `status change to "open" without the status before`},
		{name: "no default level", m: func(m *Mapping) { m.DefaultLevel = "" }, u: Update{ID: "e", At: ingestAt, Created: true},
			want: `no priority and no default level`},
		{name: "unlisted group without a fallback", m: func(m *Mapping) { m.OtherGroups = 0 }, u: Update{ID: "f", At: ingestAt, Group: &Change{To: "77"}},
			want: `group "77" is not mapped`},
		{name: "no time", u: Update{ID: "g", Created: true}, want: `update "g": no time`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ZendeskMapping()
			if tt.m != nil {
				tt.m(&m)
			}
			_, err := m.Events("ZD-1", tt.u)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid) {
				t.Errorf("Events error = %v, want one containing %q and wrapping ErrInvalid", err, tt.want)
			}
		})
	}
}

func TestMappingValidate(t *testing.T) {
	for _, m := range []Mapping{ZendeskMapping(), JSMMapping(), ServiceNowMapping(), testMapping()} {
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Product, err)
		}
	}
	tests := []struct {
		name string
		m    func(*Mapping)
		want string
	}{
		{name: "bad scheme", m: func(m *Mapping) { m.Scheme = nil }, want: `mapping "zendesk": hypercare: scheme has 0 levels`},
		{name: "level the scheme lacks", m: func(m *Mapping) { m.Priorities[0].Level = "P1" }, want: `priority "urgent": level "P1" is not one of Sev1, Sev2, Sev3`},
		{name: "repeated value, any case", m: func(m *Mapping) { m.Statuses[1].Value = "NEW" }, want: `status 1: value "NEW" is empty or repeated`},
		{name: "both a target and ignore", m: func(m *Mapping) { m.Kinds[0].Ignore = true }, want: `type "problem": give a target or ignore, not both or neither`},
		{name: "neither", m: func(m *Mapping) { m.Statuses[6].Ignore = false }, want: `status "deleted": give a target or ignore`},
		{name: "reason without a pause", m: func(m *Mapping) { m.Statuses[0].Reason = "x" }, want: `status "new": a reason on a status that does not pause`},
		{name: "unknown kind", m: func(m *Mapping) { m.Kinds[0].Kind = 42 }, want: `type "problem": unknown kind 42`},
		{name: "agent without a team", m: func(m *Mapping) { m.Agents = []AgentTerm{{Value: "7", Person: "ana"}} }, want: `agent "7": needs a person and a known team`},
		{name: "bad default level", m: func(m *Mapping) { m.DefaultLevel = "P9" }, want: `default level: level "P9" is not one of`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ZendeskMapping()
			tt.m(&m)
			err := m.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "hypercare: mapping") {
				t.Errorf("Validate = %v, want one starting hypercare: mapping, containing %q and wrapping ErrInvalid", err, tt.want)
			}
		})
	}
}

func TestMappingJSONRoundTrip(t *testing.T) {
	for _, m := range []Mapping{ZendeskMapping(), JSMMapping(), ServiceNowMapping(), testMapping()} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back Mapping
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(m, back); diff != "" {
			t.Errorf("%s: round trip (-want +got):\n%s", m.Product, diff)
		}
	}
	// The JSON is what a consultant writes by hand: names, not numbers.
	var m Mapping
	src := `{"product":"acme","scheme":[{"severity":"Sev1","name":"P1","meaning":"down"},{"severity":"Sev2","name":"P2","meaning":"pain"}],
	"priorities":[{"value":"Critical","level":"P1"},{"value":"Major","level":"P2"},{"value":"Spam","ignore":true}],
	"statuses":[{"value":"Open","status":"open"},{"value":"On Hold","status":"paused","reason":"on hold"},{"value":"Done","status":"resolved"}],
	"kinds":[{"value":"Bug","kind":"defect"},{"value":"How-to","kind":"training-gap"}],
	"groups":[{"value":"Apps","team":"project"}],"default_kind":"defect","other_agents":"steady-state"}`
	if err := json.Unmarshal([]byte(src), &m); err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	got, err := m.Events("A-1", Update{ID: "9", At: ingestAt, Status: &Change{From: "Open", To: "on hold"}, Priority: &Change{From: "Major", To: "Critical"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{
		{ID: "9/reclassified", Type: EventReclassified, At: ingestAt, Severity: 1},
		{ID: "9/paused", Type: EventPaused, At: ingestAt, Reason: "on hold"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Events from a hand-written mapping (-want +got):\n%s", diff)
	}
}

// TestMappingEventsInsert checks that the events of a ticket's updates build
// the same issue whichever way round the updates are delivered, and twice.
func TestMappingEventsInsert(t *testing.T) {
	m := testMapping()
	h := func(n int) time.Time { return ingestAt.Add(time.Duration(n) * time.Hour) }
	updates := []Update{
		{ID: "1", At: h(0), Created: true, Status: &Change{To: "new"}, Priority: &Change{To: "normal"}, Group: &Change{To: "360"}},
		{ID: "2", At: h(1), Status: &Change{From: "new", To: "hold"}, Reply: true, By: "7"},
		{ID: "3", At: h(2), Priority: &Change{From: "normal", To: "urgent"}},
		{ID: "4", At: h(3), Status: &Change{From: "hold", To: "open"}, Group: &Change{From: "360", To: "361"}, Assignee: &Change{To: "8"}},
		{ID: "5", At: h(4), Status: &Change{From: "open", To: "solved"}, By: "8"},
		{ID: "6", At: h(5), Status: &Change{From: "solved", To: "open"}},
		{ID: "7", At: h(6), Status: &Change{From: "open", To: "closed"}, By: "8"},
	}
	build := func(order []int) Issue {
		is := Issue{ID: "ZD-1"}
		for _, i := range order {
			ev, err := m.Events(is.ID, updates[i])
			if err != nil {
				t.Fatal(err)
			}
			if _, err := is.Insert(ev...); err != nil {
				t.Fatal(err)
			}
		}
		return is
	}
	inOrder := build([]int{0, 1, 2, 3, 4, 5, 6})
	if n := len(inOrder.Held()); n != 0 {
		t.Fatalf("in order, %d events are held: %v", n, inOrder.Held())
	}
	st := inOrder.State()
	want := State{Status: StatusResolved, Severity: Sev1, Kind: Defect, Team: Project, Assignee: "raj",
		Opened: h(0), Responded: h(1), Resolved: h(6), ResolvedBy: "raj", ResolvedTeam: Project, Escalated: true, Handoffs: 1, Reopens: 1}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("state (-want +got):\n%s", diff)
	}
	shuffled := build([]int{6, 3, 3, 0, 5, 1, 4, 2, 6})
	if diff := cmp.Diff(inOrder.Events(), shuffled.Events()); diff != "" {
		t.Errorf("shuffled with repeats (-in order +shuffled):\n%s", diff)
	}
}
