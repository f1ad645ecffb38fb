package hypercare

import (
	"fmt"
	"iter"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"
)

// IssueID identifies an issue within an engagement, for example "INC-17".
type IssueID string

// PersonID identifies a person, for example "ana".
type PersonID string

// EngagementID identifies an engagement (one hypercare).
type EngagementID string

// Validate returns an error wrapping ErrInvalid if id is empty or holds a
// control character or a line break (IDs are written into reports, logs
// and file names, where a newline would forge a line).
func (id IssueID) Validate() error { return prefixed(checkID("issue ID", string(id))) }

// Validate returns an error wrapping ErrInvalid if id is empty or holds a
// control character or a line break.
func (id PersonID) Validate() error { return prefixed(checkID("person ID", string(id))) }

// Validate returns an error wrapping ErrInvalid if id is empty or holds a
// control character or a line break.
func (id EngagementID) Validate() error { return prefixed(checkID("engagement ID", string(id))) }

// checkID is the IDs' Validate core: "issue ID "a\nb": line break or control
// character U+000A at byte 1".
func checkID(field, id string) error {
	if id == "" {
		return invalidf("empty %s", field)
	}
	return checkIDChars(field, id)
}

// checkIDChars rejects control characters, line and paragraph separators and
// invalid UTF-8 in a non-empty id; the empty id passes.
func checkIDChars(field, id string) error {
	if !utf8.ValidString(id) {
		return invalidf("%s %q is not valid UTF-8", field, id)
	}
	for i, r := range id {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return invalidf("%s %q: line break or control character %U at byte %d", field, id, r, i)
		}
	}
	return nil
}

// Kind says what an issue really is. Many issues raised in
// hypercare are not bugs but training gaps, so defect-based exit criteria count
// Defect only, and training gaps feed the change manager and adoption work.
type Kind int

// The kinds of issue. The zero Kind is invalid.
const (
	Defect        Kind = 1 + iota // the system does not behave as specified
	TrainingGap                   // the system works; the user did not know how
	Question                      // a how-to or where-is question
	ChangeRequest                 // a wish for new or different behaviour
	DataFix                       // data to correct (migration, import), not code
)

var kindNames = []string{"", "defect", "training-gap", "question", "change-request", "data-fix"}

// String returns the kind's name, such as "training-gap".
func (k Kind) String() string { return enumString("Kind", int(k), kindNames) }

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool { return validEnum(int(k), kindNames) }

// MarshalText encodes k by name; an invalid kind is an error.
func (k Kind) MarshalText() ([]byte, error) { return marshalEnum("kind", int(k), kindNames) }

// UnmarshalText decodes a kind by name (case-insensitive).
func (k *Kind) UnmarshalText(b []byte) error { return unmarshalEnum("kind", b, kindNames, (*int)(k)) }

// Team is who owns or resolves an issue: the project team that built the
// system, or the steady-state team that will run it after hypercare.
type Team int

// The teams. The zero Team means "none" in a state and is invalid in an event
// that needs a team.
const (
	Project Team = 1 + iota
	SteadyState
)

var teamNames = []string{"", "project", "steady-state"}

// String returns the team's name: "project" or "steady-state".
func (t Team) String() string { return enumString("Team", int(t), teamNames) }

// Valid reports whether t is Project or SteadyState.
func (t Team) Valid() bool { return validEnum(int(t), teamNames) }

// MarshalText encodes t by name; an invalid team is an error.
func (t Team) MarshalText() ([]byte, error) { return marshalEnum("team", int(t), teamNames) }

// UnmarshalText decodes a team by name (case-insensitive).
func (t *Team) UnmarshalText(b []byte) error { return unmarshalEnum("team", b, teamNames, (*int)(t)) }

// Role is a person's part in a hypercare.
type Role int

// The roles. The zero Role is invalid.
const (
	RoleLead          Role = 1 + iota // the hypercare lead, who owns the period
	RoleTriage                        // a developer or admin on the triage team
	RoleChangeManager                 // handles user communication and adoption
	RoleSponsor                       // gets the daily status and signs off the exit
	RoleAgent                         // a steady-state support agent
)

var roleNames = []string{"", "lead", "triage", "change-manager", "sponsor", "agent"}

// String returns the role's name, such as "change-manager".
func (r Role) String() string { return enumString("Role", int(r), roleNames) }

// Valid reports whether r is one of the defined roles.
func (r Role) Valid() bool { return validEnum(int(r), roleNames) }

// MarshalText encodes r by name; an invalid role is an error.
func (r Role) MarshalText() ([]byte, error) { return marshalEnum("role", int(r), roleNames) }

// UnmarshalText decodes a role by name (case-insensitive).
func (r *Role) UnmarshalText(b []byte) error { return unmarshalEnum("role", b, roleNames, (*int)(r)) }

// Person is someone who works on the hypercare.
type Person struct {
	ID     PersonID `json:"id"`
	Name   string   `json:"name,omitempty"`
	Team   Team     `json:"team"`
	Roles  []Role   `json:"roles,omitempty"`
	Skills []string `json:"skills,omitempty"`
	// Zone is the person's home time zone, for sleep hours and weekends; nil
	// means the engagement's location.
	Zone *time.Location `json:"-"`
	// TimeOff lists the intervals the person is away; each must have both
	// bounds and end after it starts.
	TimeOff []Interval `json:"time_off,omitempty"`
}

// checkTimeOff reports a time-off interval with a zero bound or not ending
// after it starts: Available would ignore it, so the person would be
// planned during an absence they had entered.
func (p Person) checkTimeOff() error {
	for i, off := range p.TimeOff {
		switch {
		case off.Start.IsZero() || off.End.IsZero():
			return fmt.Errorf("person %q: time off %d (%s to %s) has a zero start or end", p.ID, i, off.Start.Format(time.RFC3339), off.End.Format(time.RFC3339))
		case !off.End.After(off.Start):
			return fmt.Errorf("person %q: time off %d (%s to %s) does not end after it starts", p.ID, i, off.Start.Format(time.RFC3339), off.End.Format(time.RFC3339))
		}
	}
	return nil
}

// HasSkill reports whether p lists skill (compared exactly).
func (p Person) HasSkill(skill string) bool { return slices.Contains(p.Skills, skill) }

// HasRole reports whether p has role r.
func (p Person) HasRole(r Role) bool { return slices.Contains(p.Roles, r) }

// Available reports whether no time-off interval of p overlaps iv.
func (p Person) Available(iv Interval) bool {
	for _, off := range p.TimeOff {
		if off.Overlaps(iv) {
			return false
		}
	}
	return true
}

// EventType says what happened to an issue.
type EventType int

// The event types. The zero EventType is invalid.
const (
	EventOpened       EventType = 1 + iota // reported, with a Severity and a Kind
	EventResponded                         // a first or later human response
	EventReclassified                      // new Severity and/or Kind
	EventPaused                            // waiting (on the customer, a vendor...): SLA clocks stop; Reason says why
	EventResumed                           // the wait is over: clocks run again
	EventAssigned                          // handed to a Team (and optionally a Person)
	EventEscalated                         // the steady-state team hands it to the project team: a "rescue"
	EventResolved                          // fixed or answered, by a Person and Team
	EventReopened                          // the fix did not hold; optionally with a new Severity
)

var eventNames = []string{"", "opened", "responded", "reclassified", "paused", "resumed", "assigned", "escalated", "resolved", "reopened"}

// String returns the event type's name, such as "reclassified".
func (e EventType) String() string { return enumString("EventType", int(e), eventNames) }

// Valid reports whether e is one of the defined event types.
func (e EventType) Valid() bool { return validEnum(int(e), eventNames) }

// MarshalText encodes e by name; an invalid type is an error.
func (e EventType) MarshalText() ([]byte, error) {
	return marshalEnum("event type", int(e), eventNames)
}

// UnmarshalText decodes an event type by name (case-insensitive).
func (e *EventType) UnmarshalText(b []byte) error {
	return unmarshalEnum("event type", b, eventNames, (*int)(e))
}

// Event is one entry of an issue's timeline. Which fields matter depends on
// Type:
//
//	EventOpened        Severity and Kind (both required)
//	EventReclassified  Severity and/or Kind (zero = unchanged; at least one changes)
//	EventAssigned      Team (required), Person (optional)
//	EventEscalated     Person (optional): who on the project team took it
//	EventResolved      Team and Person (optional; Team defaults to the owning team)
//	EventReopened      Severity (optional: zero keeps the current one)
//	EventPaused        Reason (optional)
//
// Person and Reason may be set on any event: who acted (the reporter, the
// responder, the assignee, the resolver...) and why, or a note. Severity, Kind
// and Team must be zero on events that do not use them.
//
// ID is the event's identity at its source, such as a helpdesk's audit or
// webhook event ID; it is optional. An issue holds at most one event per ID:
// a second delivery with the same ID and content is a no-op, and one with
// the same ID and other content is an *EventConflictError (see Issue.Insert).
// Events without an ID are never taken for one another.
type Event struct {
	ID       EventID   `json:"id,omitempty"`
	Type     EventType `json:"type"`
	At       time.Time `json:"at"`
	Severity Severity  `json:"severity,omitzero"`
	Kind     Kind      `json:"kind,omitzero"`
	Team     Team      `json:"team,omitzero"`
	Person   PersonID  `json:"person,omitempty"`
	Reason   string    `json:"reason,omitempty"`
}

// Status is where an issue stands at an instant.
type Status int

// The statuses. The zero Status means "not opened yet".
const (
	StatusOpen     Status = 1 + iota // being worked on
	StatusPaused                     // waiting; SLA clocks stopped
	StatusResolved                   // resolved (until reopened)
)

var statusNames = []string{"", "open", "paused", "resolved"}

// String returns the status's name, such as "paused".
func (s Status) String() string { return enumString("Status", int(s), statusNames) }

// Valid reports whether s is one of the defined statuses.
func (s Status) Valid() bool { return validEnum(int(s), statusNames) }

// MarshalText encodes s by name; the zero Status is an error.
func (s Status) MarshalText() ([]byte, error) { return marshalEnum("status", int(s), statusNames) }

// UnmarshalText decodes a status by name (case-insensitive).
func (s *Status) UnmarshalText(b []byte) error {
	return unmarshalEnum("status", b, statusNames, (*int)(s))
}

// State is an issue as it stood at one instant, derived from its timeline.
// The zero State (Status 0) means the issue was not opened yet.
type State struct {
	Status   Status   `json:"status,omitzero"`
	Severity Severity `json:"severity,omitzero"`
	Kind     Kind     `json:"kind,omitzero"`
	// Team owns the issue: set by EventAssigned, turned to Project by
	// EventEscalated; zero if never assigned.
	Team     Team     `json:"team,omitzero"`
	Assignee PersonID `json:"assignee,omitempty"`
	// Opened is when the issue was first opened; Responded when it first got
	// a response (zero if never).
	Opened    time.Time `json:"opened,omitzero"`
	Responded time.Time `json:"responded,omitzero"`
	// Resolved, ResolvedBy and ResolvedTeam describe the latest resolution;
	// they are zero unless Status is StatusResolved.
	Resolved     time.Time `json:"resolved,omitzero"`
	ResolvedBy   PersonID  `json:"resolved_by,omitempty"`
	ResolvedTeam Team      `json:"resolved_team,omitzero"`
	// Escalated reports whether the issue was ever escalated to the project team.
	Escalated bool `json:"escalated,omitempty"`
	// Handoffs counts changes of owning team between Project and SteadyState
	// (by assignment or escalation); the first assignment is not a handoff.
	Handoffs int `json:"handoffs,omitempty"`
	// Reopens counts EventReopened events.
	Reopens int `json:"reopens,omitempty"`
	// PauseReason is the reason of the current pause, if paused.
	PauseReason string `json:"pause_reason,omitempty"`
}

// IsOpen reports whether the issue is open or paused (opened and not resolved).
func (s State) IsOpen() bool { return s.Status == StatusOpen || s.Status == StatusPaused }

// apply returns the state after e, or an error naming what is wrong with e.
// It is the one place that says which timelines are valid.
func (s State) apply(e Event) (State, error) {
	if err := e.malformed(); err != nil {
		return s, err
	}
	if e.Type == EventOpened {
		if s.Status != 0 {
			return s, fmt.Errorf("issue is already opened (use a reopened event)")
		}
		return State{Status: StatusOpen, Severity: e.Severity, Kind: e.Kind, Opened: e.At}, nil
	}
	if s.Status == 0 {
		return s, fmt.Errorf("%s event before the issue is opened", e.Type)
	}
	switch e.Type {
	case EventReopened:
		if s.Status != StatusResolved {
			return s, fmt.Errorf("reopened event on an issue that is %s", s.Status)
		}
		s.Status, s.Resolved, s.ResolvedBy, s.ResolvedTeam = StatusOpen, time.Time{}, "", 0
		s.Reopens++
		if e.Severity != 0 {
			s.Severity = e.Severity
		}
		return s, nil
	}
	if s.Status == StatusResolved {
		return s, fmt.Errorf("%s event on a resolved issue (reopen it first)", e.Type)
	}
	switch e.Type {
	case EventResponded:
		if s.Responded.IsZero() {
			s.Responded = e.At
		}
	case EventReclassified:
		if (e.Severity == 0 || e.Severity == s.Severity) && (e.Kind == 0 || e.Kind == s.Kind) {
			return s, fmt.Errorf("reclassified event changes neither severity nor kind")
		}
		if e.Severity != 0 {
			s.Severity = e.Severity
		}
		if e.Kind != 0 {
			s.Kind = e.Kind
		}
	case EventPaused:
		if s.Status == StatusPaused {
			return s, fmt.Errorf("paused event on an issue that is already paused")
		}
		s.Status, s.PauseReason = StatusPaused, e.Reason
	case EventResumed:
		if s.Status != StatusPaused {
			return s, fmt.Errorf("resumed event on an issue that is not paused")
		}
		s.Status, s.PauseReason = StatusOpen, ""
	case EventAssigned:
		s = s.own(e.Team)
		s.Assignee = e.Person
	case EventEscalated:
		s = s.own(Project)
		s.Escalated = true
		s.Assignee = e.Person
	case EventResolved:
		team := e.Team
		if team == 0 {
			team = s.Team
		}
		s.Status, s.PauseReason = StatusResolved, ""
		s.Resolved, s.ResolvedBy, s.ResolvedTeam = e.At, e.Person, team
		if s.Responded.IsZero() {
			s.Responded = e.At // a resolution answers the reporter too
		}
	}
	return s, nil
}

// own hands the issue to team, counting a handoff when the team changes.
func (s State) own(team Team) State {
	if s.Team != 0 && s.Team != team {
		s.Handoffs++
	}
	s.Team = team
	return s
}

// Issue is one hypercare issue: an ID, a title and a timeline of events
// ordered by their own time, not by their arrival. Everything else —
// severity, kind, status, owner, when it was responded to and resolved — is
// derived from the timeline, at any instant (see StateAt).
//
// Events that the timeline cannot place yet (a "resolved" before the
// "opened" arrived) are not dropped: they are held on the issue with the
// reason (see Held and Insert), and join the timeline once the events that
// make them valid arrive. State, clocks and exit criteria read the timeline
// only.
//
// Issue is a value: copies are independent, and Append or Insert on one
// never changes another. The zero Issue has no events (it was never opened).
type Issue struct {
	ID         IssueID      `json:"id"`
	Engagement EngagementID `json:"engagement,omitempty"`
	Title      string       `json:"title,omitempty"`
	// Workaround tells users how to get on while the issue is open; known
	// issues with a workaround appear in the daily status.
	Workaround string `json:"workaround,omitempty"`
	// FixExpected is when a fix is expected to ship (zero if unknown).
	FixExpected time.Time `json:"fix_expected,omitzero"`
	// Updated is when the source (a helpdesk, an export) last changed the
	// descriptive fields above: merging two copies of an issue keeps the
	// fields of the later one (zero: unknown, the earliest).
	Updated time.Time `json:"updated,omitzero"`

	events []Event     // the timeline: valid, in replay order
	held   []HeldEvent // events the timeline cannot place, in time order
	state  State       // state after the last event of the timeline
}

// Events returns a copy of the timeline.
func (is Issue) Events() []Event { return slices.Clone(is.events) }

// Timeline yields the events of the timeline in order without copying
// them: the way to read long timelines, or many issues', when Events' copy
// would cost more than the reading. Held events are not on the timeline
// (see Held).
func (is Issue) Timeline() iter.Seq[Event] {
	return func(yield func(Event) bool) {
		for _, e := range is.events {
			if !yield(e) {
				return
			}
		}
	}
}

// Len returns the number of events in the timeline.
func (is Issue) Len() int { return len(is.events) }

// State returns the issue's state after its last event.
func (is Issue) State() State { return is.state }

// StateAt returns the issue's state at t, from the events at or before t. It
// is the zero State if the issue was not opened by t.
func (is Issue) StateAt(t time.Time) State {
	if n := len(is.events); n == 0 || !is.events[n-1].At.After(t) {
		return is.state
	}
	var s State
	for _, e := range is.events {
		if e.At.After(t) {
			break
		}
		s, _ = s.apply(e) // the timeline was validated by Append
	}
	return s
}

// AsOf returns the issue as it stood at t: the same issue with only its
// events, timeline and held, at or before t (none if it was not opened by t). Use it to give
// functions that read whole timelines, such as Heroes, a view without
// hindsight. The result shares no writable memory with is.
func (is Issue) AsOf(t time.Time) Issue {
	is.held = heldUntil(is.held, t)
	n := len(is.events)
	if n == 0 || !is.events[n-1].At.After(t) {
		return is
	}
	k, _ := slices.BinarySearchFunc(is.events, t, func(e Event, t time.Time) int {
		if e.At.After(t) {
			return 1
		}
		return -1
	})
	is.state = is.StateAt(t)
	is.events = slices.Clip(is.events[:k])
	return is
}

// Opened returns when the issue was first opened (zero if never).
func (is Issue) Opened() time.Time { return is.state.Opened }

// SignOff is a recorded decision by a named person, such as the sponsor
// signing off the end of hypercare.
type SignOff struct {
	Engagement EngagementID `json:"engagement,omitempty"`
	By         PersonID     `json:"by"`
	Role       Role         `json:"role"`
	At         time.Time    `json:"at"`
	Note       string       `json:"note,omitempty"`
}

// Validate reports the first problem with the sign-off: no signer, an
// unknown role or a zero instant.
// Each of its errors wraps ErrInvalid.
func (so SignOff) Validate() error {
	switch {
	case so.By == "":
		return invalidf("hypercare: sign-off at %s: no signer", so.At.Format(time.RFC3339))
	case !so.Role.Valid():
		return invalidf("hypercare: sign-off by %q: unknown role %d", so.By, int(so.Role))
	case so.At.IsZero():
		return invalidf("hypercare: sign-off by %q: zero instant", so.By)
	}
	return nil
}

// ValidateFor reports the first problem with the sign-off as one of
// engagement e: what Validate reports, another engagement's ID (an empty
// one is taken as e's), an instant before e's go-live, or, when asOf is not
// zero, an instant after asOf (a sign-off cannot be dated in the future of
// the moment it is recorded). Each of its errors wraps ErrInvalid.
func (so SignOff) ValidateFor(e Engagement, asOf time.Time) error {
	if err := so.Validate(); err != nil {
		return err
	}
	switch {
	case so.Engagement != "" && so.Engagement != e.ID:
		return invalidf("hypercare: sign-off by %q: for engagement %q, not %q", so.By, so.Engagement, e.ID)
	case so.At.Before(e.GoLive):
		return invalidf("hypercare: sign-off by %q: at %s, before go-live %s", so.By, so.At.Format(time.RFC3339), e.GoLive.Format(time.RFC3339))
	case !asOf.IsZero() && so.At.After(asOf):
		return invalidf("hypercare: sign-off by %q: at %s, in the future of %s", so.By, so.At.Format(time.RFC3339), asOf.Format(time.RFC3339))
	}
	return nil
}

// Phase is a stretch of an engagement with its own intensity: coverage hours,
// SLA targets, staffing and the cadence of its ceremonies. Phases run from
// go-live + Start days for Days days, in the engagement's location (so a day
// is 23 or 25 hours across DST).
type Phase struct {
	Name  string `json:"name"`
	Start int    `json:"start"` // first day, counted from go-live (0 = go-live)
	Days  int    `json:"days"`
	// Coverage is when the hypercare team is on hand; nil means Always.
	Coverage *Calendar `json:"coverage,omitempty"`
	// Policy holds the SLA targets in this phase; nil means the engagement's.
	Policy *Policy `json:"policy,omitempty"`
	// Staff is who is paid to be on hand, per role (see Staffing and
	// Engagement.Cost); a role may appear more than once.
	Staff []Staffing `json:"staff,omitempty"`
	// Cadences are the recurring ceremonies: stand-ups, triage sessions,
	// patch windows and status updates (see Cadence and
	// Engagement.Ceremonies).
	Cadences []Cadence `json:"cadences,omitempty"`
}

// Engagement is one hypercare: a go-live in a home location, a planned end,
// phases of decreasing intensity, a default SLA policy and the people.
type Engagement struct {
	ID   EngagementID `json:"id"`
	Name string       `json:"name,omitempty"`
	// Location is the home zone: "a day" of the engagement is a calendar day
	// there. Required.
	Location   *time.Location `json:"-"`
	GoLive     time.Time      `json:"go_live"`
	PlannedEnd time.Time      `json:"planned_end"`
	// Policy is the SLA policy used outside any phase that sets its own.
	Policy Policy   `json:"policy"`
	Phases []Phase  `json:"phases,omitempty"`
	People []Person `json:"people,omitempty"`
	// Exit is the exit policy Evaluate judges; the zero value means
	// DefaultExitPolicy.
	Exit ExitPolicy `json:"exit,omitzero"`
	// Scheme names the severities in the verdicts, reports and JSON about
	// the engagement ("no new P1/P2 for 3 days"); nil means the canonical
	// Sev1, Sev2, ... (see Scheme).
	Scheme Scheme `json:"scheme,omitempty"`
}

// Validate reports the first problem with e: a missing ID or location, a
// zero go-live, a planned end not after go-live, a phase with a negative start,
// a non-positive length or overlapping the previous phase (phases must be in
// order), an invalid policy (see Policy.Validate; an engagement policy with no
// targets is allowed), invalid staffing or cadence in a phase (see Staffing and
// Cadence), an engagement or person ID with a control character or a line
// break, a person with an empty or duplicate ID, no valid team or an
// unknown role, an invalid exit policy
// (see ExitPolicy.Validate), or an invalid scheme (see Scheme.Validate).
// Every such error wraps ErrInvalid.
func (e Engagement) Validate() error { return prefixed(e.validate()) }

// validate is Validate's bare core, "engagement %q: ...", for the exported
// functions that check an engagement under their own subject.
func (e Engagement) validate() error {
	bad := func(format string, args ...any) error {
		return invalidf("engagement %q: "+format, append([]any{e.ID}, args...)...)
	}
	const maxDays = 3660 // ten years, the rota's horizon: beyond it a plan is a typo
	if err := checkIDChars("engagement ID", string(e.ID)); err != nil {
		return err
	}
	switch {
	case e.ID == "":
		return bad("empty ID")
	case e.Location == nil:
		return bad("nil location")
	case e.GoLive.IsZero():
		return bad("zero go-live")
	case !e.PlannedEnd.After(e.GoLive):
		return bad("planned end %s is not after go-live %s", e.PlannedEnd.Format(time.RFC3339), e.GoLive.Format(time.RFC3339))
	}
	next := 0
	for i, p := range e.Phases {
		switch {
		case p.Start < 0:
			return bad("phase %d (%q): negative start %d", i, p.Name, p.Start)
		case p.Days <= 0:
			return bad("phase %d (%q): length %d days is not positive", i, p.Name, p.Days)
		case p.Start < next:
			return bad("phase %d (%q) starts on day %d, before the previous phase ends (day %d)", i, p.Name, p.Start, next)
		case p.Start > maxDays || p.Days > maxDays-p.Start:
			return bad("phase %d (%q) ends more than %d days (ten years) after go-live", i, p.Name, maxDays)
		}
		next = p.Start + p.Days
	}
	if len(e.Policy.Targets) > 0 {
		if err := e.Policy.validate(); err != nil {
			return bad("%w", err)
		}
	}
	for i, p := range e.Phases {
		if p.Policy != nil {
			if err := p.Policy.validate(); err != nil {
				return bad("phase %d (%q): %w", i, p.Name, err)
			}
		}
		if err := p.checkPlan(); err != nil {
			return bad("phase %d (%q): %w", i, p.Name, err)
		}
	}
	seen := map[PersonID]bool{}
	for _, p := range e.People {
		if p.ID == "" || seen[p.ID] {
			return bad("person ID %q is empty or repeated", p.ID)
		}
		if err := checkIDChars("person ID", string(p.ID)); err != nil {
			return bad("%w", err)
		}
		seen[p.ID] = true
		if !p.Team.Valid() {
			return bad("person %q: unknown team %d", p.ID, int(p.Team))
		}
		for _, r := range p.Roles {
			if !r.Valid() {
				return bad("person %q: unknown role %d", p.ID, int(r))
			}
		}
		if err := p.checkTimeOff(); err != nil {
			return bad("%w", err)
		}
	}
	if err := e.Exit.validate(); err != nil {
		return bad("%w", err)
	}
	if e.Scheme != nil {
		if err := e.Scheme.validate(); err != nil {
			return bad("%w", err)
		}
	}
	return nil
}

// DayStart returns the instant n days after go-live: go-live plus n calendar
// days in the engagement's location (AddDate), so the same wall-clock time.
func (e Engagement) DayStart(n int) time.Time {
	return e.GoLive.In(e.loc()).AddDate(0, 0, n)
}

// DayOf returns the engagement day of t: 0 on the go-live date, 1 the next
// calendar day, and so on (negative before go-live), in the engagement's
// location.
func (e Engagement) DayOf(t time.Time) int {
	return DateOf(t.In(e.loc())).DaysSince(DateOf(e.GoLive.In(e.loc())))
}

// Span returns the interval a phase covers.
func (e Engagement) Span(p Phase) Interval {
	return Interval{e.DayStart(p.Start), e.DayStart(p.Start + p.Days)}
}

// PhaseAt returns the phase in effect at t, and false if none is.
func (e Engagement) PhaseAt(t time.Time) (Phase, bool) {
	for _, p := range e.Phases {
		if e.Span(p).Contains(t) {
			return p, true
		}
	}
	return Phase{}, false
}

// PolicyAt returns the SLA policy in effect at t: the policy of the phase in
// effect, or the engagement's policy.
func (e Engagement) PolicyAt(t time.Time) Policy {
	if p, ok := e.PhaseAt(t); ok && p.Policy != nil {
		return *p.Policy
	}
	return e.Policy
}

// Clock returns the SLA clock of metric m for the issue at asOf, under the
// policy in effect when the issue was opened (see PolicyAt and Policy.Clock).
// Its instants are in the target calendar's location, or the engagement's
// for a target on Always.
func (e Engagement) Clock(is Issue, m Metric, asOf time.Time) (Clock, error) {
	c, err := e.PolicyAt(is.Opened()).Clock(is, m, asOf)
	return e.shown(c), err
}

// Cycles returns every cycle of metric m's clock for the issue at asOf, under
// the policy in effect when the issue was opened (see Policy.Cycles), with
// instants located as Clock locates them.
func (e Engagement) Cycles(is Issue, m Metric, asOf time.Time) ([]Clock, error) {
	cs, err := e.PolicyAt(is.Opened()).Cycles(is, m, asOf)
	for i := range cs {
		cs[i] = e.shown(cs[i])
	}
	return cs, err
}

// shown puts a clock on Always in the engagement's location.
func (e Engagement) shown(c Clock) Clock {
	if c.Calendar.IsAlways() {
		return c.In(e.loc())
	}
	return c
}

// decidedCycles returns the cycles of metric m's clock for the issue at asOf
// (see Cycles); when the current cycle cannot be judged (no target for its
// severity), the cycles closed before it still count.
func decidedCycles(e Engagement, is Issue, m Metric, asOf time.Time) []Clock {
	var out []Clock
	last, err := e.PolicyAt(is.Opened()).replay(is, m, asOf, func(c Clock) { out = append(out, c) })
	if err != nil {
		return out
	}
	return append(out, last)
}

// Person returns the person with the given ID, and false if there is none.
func (e Engagement) Person(id PersonID) (Person, bool) {
	for _, p := range e.People {
		if p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}

func (e Engagement) loc() *time.Location {
	if e.Location == nil {
		return time.UTC
	}
	return e.Location
}
