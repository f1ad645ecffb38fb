package hypercare

import (
	"strings"
	"time"
)

// How a helpdesk's words become events.
//
// A Mapping says, declaratively, what each value of a helpdesk's fields
// means here: a priority is a level of the mapping's Scheme, a status is
// open, paused or resolved, a ticket type is a Kind, an assignment group a
// Team, an agent a Person. An adapter (see the ingest packages) reads a
// helpdesk's export into Updates, each a change the helpdesk recorded with
// its own ID, and Mapping.Events turns one Update into events. Events
// depends on the Update alone, never on what came before, because an
// Update carries each field's value before and after: so any delivery
// order of the same Updates, through Issue.Insert, gives the same issue.

// LevelTerm maps a helpdesk priority (or urgency) to a level of the
// mapping's scheme, by the level's name ("P1", "Sev2"), or ignores it.
type LevelTerm struct {
	Value  string `json:"value"`
	Level  string `json:"level,omitempty"`
	Ignore bool   `json:"ignore,omitempty"`
}

// StatusTerm maps a helpdesk status to StatusOpen, StatusPaused (with the
// pause reason recorded on the timeline) or StatusResolved, or ignores it.
type StatusTerm struct {
	Value  string `json:"value"`
	Status Status `json:"status,omitzero"`
	Reason string `json:"reason,omitempty"`
	Ignore bool   `json:"ignore,omitempty"`
}

// KindTerm maps a helpdesk ticket type or category to a Kind, or ignores it.
type KindTerm struct {
	Value  string `json:"value"`
	Kind   Kind   `json:"kind,omitzero"`
	Ignore bool   `json:"ignore,omitempty"`
}

// TeamTerm maps a helpdesk assignment group to a Team, or ignores it.
type TeamTerm struct {
	Value  string `json:"value"`
	Team   Team   `json:"team,omitzero"`
	Ignore bool   `json:"ignore,omitempty"`
}

// AgentTerm maps a helpdesk agent to a Person and the Team the agent works
// in, or ignores the agent.
type AgentTerm struct {
	Value  string   `json:"value"`
	Person PersonID `json:"person,omitempty"`
	Team   Team     `json:"team,omitzero"`
	Ignore bool     `json:"ignore,omitempty"`
}

// Mapping translates a helpdesk's vocabulary into the domain's. Values are
// compared case-insensitively; an empty helpdesk value (a field absent on
// an older ticket, a cleared priority) takes the default for its field.
// A value no term names is an error that names it and wraps ErrInvalid —
// except groups and agents when OtherGroups or OtherAgents is set.
//
// The zero Mapping maps nothing; start from ZendeskMapping, JSMMapping or
// ServiceNowMapping and change what differs.
type Mapping struct {
	// Product names the helpdesk, for messages: "zendesk".
	Product string `json:"product,omitempty"`
	// Scheme holds the severity levels Priorities name.
	Scheme     Scheme       `json:"scheme"`
	Priorities []LevelTerm  `json:"priorities"`
	Statuses   []StatusTerm `json:"statuses"`
	Kinds      []KindTerm   `json:"kinds"`
	Groups     []TeamTerm   `json:"groups,omitempty"`
	Agents     []AgentTerm  `json:"agents,omitempty"`
	// DefaultLevel is the level of a ticket without a priority; empty: such
	// a ticket is an error.
	DefaultLevel string `json:"default_level,omitempty"`
	// DefaultKind is the kind of a ticket without a type; zero: an error.
	DefaultKind Kind `json:"default_kind,omitzero"`
	// OtherGroups is the team of any group Groups does not list; zero: an
	// unlisted group is an error.
	OtherGroups Team `json:"other_groups,omitzero"`
	// OtherAgents is the team of any agent Agents does not list, who
	// becomes the Person with the agent's value as ID; zero: an unlisted
	// agent is an error. Trap: a reply counts as the first response only
	// from an agent Agents lists, since a helpdesk's export does not say
	// whether the author of a reply was staff or the requester.
	OtherAgents Team `json:"other_agents,omitzero"`
}

// Change is a field's value before and after an update, in the helpdesk's
// words. From is empty on a ticket's creation.
type Change struct {
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// Update is one change a helpdesk recorded on a ticket — an audit, a
// changelog entry — in its own words: the fields it set, each with the
// value before and after. A nil field was not changed. ID is the source's
// identity for the change, from which the events' IDs are made.
type Update struct {
	ID EventID   `json:"id"`
	At time.Time `json:"at"`
	// Created says the update created the ticket: the To values are its
	// first values, and an absent priority or type takes the default.
	Created  bool    `json:"created,omitempty"`
	Status   *Change `json:"status,omitempty"`
	Priority *Change `json:"priority,omitempty"`
	Type     *Change `json:"type,omitempty"`
	Group    *Change `json:"group,omitempty"`
	Assignee *Change `json:"assignee,omitempty"`
	// Reply says the update added a public reply, written by By.
	Reply bool `json:"reply,omitempty"`
	// By is the helpdesk user who made the update (optional).
	By string `json:"by,omitempty"`
}

// Validate reports the first problem with the mapping: an invalid scheme, a
// term with an empty or repeated value, a term that both maps and ignores or
// does neither, a level the scheme does not name, an unknown status, kind or
// team, a pause reason on a status that does not pause, or an invalid
// default. Each of its errors wraps ErrInvalid.
func (m Mapping) Validate() error { return prefixed(m.validate()) }

func (m Mapping) validate() error {
	bad := func(format string, args ...any) error {
		return invalidf("mapping %q: "+format, append([]any{m.Product}, args...)...)
	}
	if err := m.Scheme.Validate(); err != nil {
		return bad("%w", err)
	}
	check := func(field string, values []string, maps []bool, ignores []bool) error {
		seen := map[string]bool{}
		for i, v := range values {
			key := strings.ToLower(v)
			switch {
			case v == "" || seen[key]:
				return bad("%s %d: value %q is empty or repeated", field, i, v)
			case maps[i] == ignores[i]:
				return bad("%s %q: give a target or ignore, not both or neither", field, v)
			}
			seen[key] = true
		}
		return nil
	}
	var vs []string
	var ms, is []bool
	reset := func() { vs, ms, is = vs[:0], ms[:0], is[:0] }
	for _, t := range m.Priorities {
		vs, ms, is = append(vs, t.Value), append(ms, t.Level != ""), append(is, t.Ignore)
		if t.Level != "" {
			if _, err := m.Scheme.level(t.Level); err != nil {
				return bad("priority %q: %w", t.Value, err)
			}
		}
	}
	if err := check("priority", vs, ms, is); err != nil {
		return err
	}
	reset()
	for _, t := range m.Statuses {
		vs, ms, is = append(vs, t.Value), append(ms, t.Status != 0), append(is, t.Ignore)
		switch {
		case t.Status != 0 && !t.Status.Valid():
			return bad("status %q: unknown status %d", t.Value, int(t.Status))
		case t.Reason != "" && t.Status != StatusPaused:
			return bad("status %q: a reason on a status that does not pause", t.Value)
		}
	}
	if err := check("status", vs, ms, is); err != nil {
		return err
	}
	reset()
	for _, t := range m.Kinds {
		vs, ms, is = append(vs, t.Value), append(ms, t.Kind != 0), append(is, t.Ignore)
		if t.Kind != 0 && !t.Kind.Valid() {
			return bad("type %q: unknown kind %d", t.Value, int(t.Kind))
		}
	}
	if err := check("type", vs, ms, is); err != nil {
		return err
	}
	reset()
	for _, t := range m.Groups {
		vs, ms, is = append(vs, t.Value), append(ms, t.Team != 0), append(is, t.Ignore)
		if t.Team != 0 && !t.Team.Valid() {
			return bad("group %q: unknown team %d", t.Value, int(t.Team))
		}
	}
	if err := check("group", vs, ms, is); err != nil {
		return err
	}
	reset()
	for _, t := range m.Agents {
		vs, ms, is = append(vs, t.Value), append(ms, t.Person != "" || t.Team != 0), append(is, t.Ignore)
		if !t.Ignore && (t.Person == "" || !t.Team.Valid()) {
			return bad("agent %q: needs a person and a known team", t.Value)
		}
	}
	if err := check("agent", vs, ms, is); err != nil {
		return err
	}
	switch {
	case m.DefaultLevel != "":
		if _, err := m.Scheme.level(m.DefaultLevel); err != nil {
			return bad("default level: %w", err)
		}
	}
	switch {
	case m.DefaultKind != 0 && !m.DefaultKind.Valid():
		return bad("unknown default kind %d", int(m.DefaultKind))
	case m.OtherGroups != 0 && !m.OtherGroups.Valid():
		return bad("unknown team %d for other groups", int(m.OtherGroups))
	case m.OtherAgents != 0 && !m.OtherAgents.Valid():
		return bad("unknown team %d for other agents", int(m.OtherAgents))
	}
	return nil
}

// find returns the index of the term whose value is v, or an error naming v
// and the values there are.
func find(field string, n int, value func(int) string, v string) (int, error) {
	for i := range n {
		if strings.EqualFold(value(i), v) {
			return i, nil
		}
	}
	names := make([]string, n)
	for i := range n {
		names[i] = value(i)
	}
	return -1, invalidf("%s %q is not mapped (mapped: %s)", field, v, strings.Join(names, ", "))
}

// severity returns the severity of priority v; ok is false if it is ignored.
func (m Mapping) severity(v string) (s Severity, ok bool, err error) {
	if v == "" {
		if m.DefaultLevel == "" {
			return 0, false, invalidf("no priority and no default level")
		}
		s, err = m.Scheme.level(m.DefaultLevel)
		return s, err == nil, err
	}
	i, err := find("priority", len(m.Priorities), func(i int) string { return m.Priorities[i].Value }, v)
	if err != nil || m.Priorities[i].Ignore {
		return 0, false, err
	}
	s, err = m.Scheme.level(m.Priorities[i].Level)
	return s, err == nil, err
}

func (m Mapping) kind(v string) (Kind, bool, error) {
	if v == "" {
		if m.DefaultKind == 0 {
			return 0, false, invalidf("no type and no default kind")
		}
		return m.DefaultKind, true, nil
	}
	i, err := find("type", len(m.Kinds), func(i int) string { return m.Kinds[i].Value }, v)
	if err != nil || m.Kinds[i].Ignore {
		return 0, false, err
	}
	return m.Kinds[i].Kind, true, nil
}

// status returns the status term of v; ok is false if it is ignored. An
// empty status is open.
func (m Mapping) status(v string) (StatusTerm, bool, error) {
	if v == "" {
		return StatusTerm{Status: StatusOpen}, true, nil
	}
	i, err := find("status", len(m.Statuses), func(i int) string { return m.Statuses[i].Value }, v)
	if err != nil || m.Statuses[i].Ignore {
		return StatusTerm{}, false, err
	}
	return m.Statuses[i], true, nil
}

// team returns the team of group v; ok is false if v is empty or ignored.
func (m Mapping) team(v string) (Team, bool, error) {
	if v == "" {
		return 0, false, nil
	}
	i, err := find("group", len(m.Groups), func(i int) string { return m.Groups[i].Value }, v)
	switch {
	case err != nil && m.OtherGroups != 0:
		return m.OtherGroups, true, nil
	case err != nil || m.Groups[i].Ignore:
		return 0, false, err
	}
	return m.Groups[i].Team, true, nil
}

// agent returns the agent term of v; ok is false if v is empty or ignored;
// listed reports whether Agents lists v.
func (m Mapping) agent(v string) (t AgentTerm, ok, listed bool, err error) {
	if v == "" {
		return AgentTerm{}, false, false, nil
	}
	i, err := find("agent", len(m.Agents), func(i int) string { return m.Agents[i].Value }, v)
	switch {
	case err != nil && m.OtherAgents != 0:
		return AgentTerm{Value: v, Person: PersonID(v), Team: m.OtherAgents}, true, false, nil
	case err != nil || m.Agents[i].Ignore:
		return AgentTerm{}, false, err == nil, err
	}
	return m.Agents[i], true, true, nil
}

// Events returns the events update u of issue id means under the mapping,
// in the order of the package's rule for one instant (see timeline.go).
// Each event's ID is u.ID, "/" and the event's type ("4711/paused"), so
// delivering the same update twice adds nothing, and one update gives at
// most one event of each type.
//
// Created gives an opened event (with the default level or kind for an
// absent priority or type), then a pause or resolution if the first status
// says so, then an assignment. A status change gives what the move between
// the two statuses means: open to paused a pause (with the term's reason),
// paused to open a resume, into resolved a resolution, out of resolved a
// reopen, paused to paused with another reason a resume and a pause; a move
// within open or within resolved gives nothing. A priority or type change
// that changes the severity or kind gives a reclassification. A group
// change gives an assignment to the group's team, or an escalation when the
// group moves from a steady-state team to the project team; an assignee
// change alone gives an assignment to the agent's team (unassigning gives
// nothing). A reply from a listed agent gives a response. Ignored values
// give nothing.
//
// It returns an error naming the value for a value the mapping does not
// map, and for a status change without its previous status; each wraps
// ErrInvalid. Trap: it does not validate the mapping (see Validate).
func (m Mapping) Events(id IssueID, u Update) ([]Event, error) {
	ev, err := m.events(u)
	if err != nil {
		return nil, invalidf("hypercare: issue %q: update %q: %w", id, u.ID, err)
	}
	return ev, nil
}

func (m Mapping) events(u Update) ([]Event, error) {
	if u.At.IsZero() {
		return nil, invalidf("no time")
	}
	var out []Event
	add := func(e Event) {
		if out == nil {
			out = make([]Event, 0, 4) // most updates give one to four events
		}
		e.ID, e.At = u.ID+"/"+EventID(e.Type.String()), u.At
		out = append(out, e)
	}
	if u.Created {
		if err := m.createdEvents(u, add); err != nil {
			return nil, err
		}
		return out, nil
	}
	st, changed, err := m.statusChange(u.Status, add)
	if err != nil {
		return nil, err
	}
	if err := m.reclassification(u, add); err != nil {
		return nil, err
	}
	if err := m.assignment(u, add); err != nil {
		return nil, err
	}
	if err := m.reply(u, add); err != nil {
		return nil, err
	}
	if changed && st.Status == StatusPaused {
		add(Event{Type: EventPaused, Reason: st.Reason})
	}
	if changed && st.Status == StatusResolved {
		add(Event{Type: EventResolved, Person: m.person(u.By)})
	}
	return out, nil
}

// changeTo returns the value change c changes to, or "" for no change.
func changeTo(c *Change) string {
	if c == nil {
		return ""
	}
	return c.To
}

// createdEvents adds the events of an update that creates its issue.
func (m Mapping) createdEvents(u Update, add func(Event)) error {
	sev, ok, err := m.severity(changeTo(u.Priority))
	if err == nil && !ok {
		sev, _, err = m.severity("")
	}
	if err != nil {
		return err
	}
	kind, ok, err := m.kind(changeTo(u.Type))
	if err == nil && !ok {
		kind, _, err = m.kind("")
	}
	if err != nil {
		return err
	}
	add(Event{Type: EventOpened, Severity: sev, Kind: kind})
	st, ok, err := m.status(changeTo(u.Status))
	if err != nil {
		return err
	}
	if ok && st.Status == StatusPaused {
		add(Event{Type: EventPaused, Reason: st.Reason})
	}
	if err := m.assignment(u, add); err != nil {
		return err
	}
	if err := m.reply(u, add); err != nil {
		return err
	}
	if ok && st.Status == StatusResolved {
		add(Event{Type: EventResolved, Person: m.person(u.By)})
	}
	return nil
}

// statusChange adds the resume and reopen events of status change c and returns the status it changed to, if it changed.
func (m Mapping) statusChange(c *Change, add func(Event)) (st StatusTerm, changed bool, err error) {
	if c == nil {
		return StatusTerm{}, false, nil
	}
	if c.From == "" {
		return StatusTerm{}, false, invalidf("status change to %q without the status before", c.To)
	}
	from, okFrom, err := m.status(c.From)
	if err != nil {
		return StatusTerm{}, false, err
	}
	st, okTo, err := m.status(c.To)
	if err != nil {
		return StatusTerm{}, false, err
	}
	if !okFrom || !okTo || from.Status == st.Status && from.Reason == st.Reason {
		return StatusTerm{}, false, nil
	}
	if from.Status == StatusPaused && st.Status == StatusOpen ||
		from.Status == StatusPaused && st.Status == StatusPaused {
		add(Event{Type: EventResumed})
	}
	if from.Status == StatusResolved && st.Status != StatusResolved {
		add(Event{Type: EventReopened})
	}
	return st, true, nil
}

// reclassification adds the reclassified event of a priority or type change.
func (m Mapping) reclassification(u Update, add func(Event)) error {
	var re Event
	if c := u.Priority; c != nil {
		from, okFrom, err := m.severity(c.From)
		if err != nil {
			return err
		}
		sev, okTo, err := m.severity(c.To)
		if err != nil {
			return err
		}
		if okFrom && okTo && from != sev {
			re.Severity = sev
		}
	}
	if c := u.Type; c != nil {
		from, okFrom, err := m.kind(c.From)
		if err != nil {
			return err
		}
		kind, okTo, err := m.kind(c.To)
		if err != nil {
			return err
		}
		if okFrom && okTo && from != kind {
			re.Kind = kind
		}
	}
	if re.Severity != 0 || re.Kind != 0 {
		re.Type = EventReclassified
		add(re)
	}
	return nil
}

// person returns the person agent v is, or none if v is not a known agent.
func (m Mapping) person(v string) PersonID {
	t, ok, _, err := m.agent(v)
	if err != nil || !ok {
		return ""
	}
	return t.Person
}

// assignment adds the assignment or escalation u's group and assignee
// changes mean.
func (m Mapping) assignment(u Update, add func(Event)) error {
	var person PersonID
	var agentTeam Team
	if c := u.Assignee; c != nil {
		t, ok, _, err := m.agent(c.To)
		if err != nil {
			return err
		}
		if ok {
			person, agentTeam = t.Person, t.Team
		}
	}
	if c := u.Group; c != nil {
		from, okFrom, err := m.team(c.From)
		if err != nil {
			return err
		}
		team, ok, err := m.team(c.To)
		if err != nil {
			return err
		}
		if ok {
			if okFrom && from == SteadyState && team == Project {
				add(Event{Type: EventEscalated, Person: person})
			} else {
				add(Event{Type: EventAssigned, Team: team, Person: person})
			}
			return nil
		}
	}
	if person != "" {
		add(Event{Type: EventAssigned, Team: agentTeam, Person: person})
	}
	return nil
}

// reply adds the response a public reply by a listed agent is.
func (m Mapping) reply(u Update, add func(Event)) error {
	if !u.Reply {
		return nil
	}
	if t, ok, listed, _ := m.agent(u.By); ok && listed { // anyone else may be the requester
		add(Event{Type: EventResponded, Person: t.Person})
	}
	return nil
}

// ZendeskMapping returns the mapping of Zendesk Support's out-of-the-box
// values onto DefaultScheme: priorities urgent, high, normal and low (Sev1,
// Sev2, Sev3, Sev3; none: Sev3), statuses new, open, pending and hold (paused),
// solved and closed (resolved) and deleted (ignored), ticket types problem and
// incident (defect), question and task (change request; none: defect).
// Zendesk groups and agents are numeric IDs particular to each account, so
// every group and agent is steady-state until Groups names the project's.
func ZendeskMapping() Mapping {
	return Mapping{
		Product: "zendesk",
		Scheme:  DefaultScheme(),
		Priorities: []LevelTerm{
			{Value: "urgent", Level: "Sev1"}, {Value: "high", Level: "Sev2"},
			{Value: "normal", Level: "Sev3"}, {Value: "low", Level: "Sev3"},
		},
		Statuses: []StatusTerm{
			{Value: "new", Status: StatusOpen}, {Value: "open", Status: StatusOpen},
			{Value: "pending", Status: StatusPaused, Reason: "waiting on the requester"},
			{Value: "hold", Status: StatusPaused, Reason: "on hold: waiting on a third party"},
			{Value: "solved", Status: StatusResolved}, {Value: "closed", Status: StatusResolved},
			{Value: "deleted", Ignore: true},
		},
		Kinds: []KindTerm{
			{Value: "problem", Kind: Defect}, {Value: "incident", Kind: Defect},
			{Value: "question", Kind: Question}, {Value: "task", Kind: ChangeRequest},
		},
		DefaultLevel: "Sev3",
		DefaultKind:  Defect,
		OtherGroups:  SteadyState,
		OtherAgents:  SteadyState,
	}
}

// JSMMapping returns the mapping of Jira Service Management's out-of-the-box
// values onto DefaultScheme: priorities Highest, High, Medium, Low and Lowest
// (Sev1, Sev2, Sev3, Sev3, Sev3; none: Sev3); statuses Open, Waiting for
// support, In Progress, Escalated, Work in progress, Reopened and To Do
// (open), Waiting for customer and Pending (paused), Resolved, Closed, Done and
// Canceled (resolved); issue types Incident, Problem and Bug (defect),
// Service request and Get IT help (question), Change and Service request
// with approvals (change request; none: defect). Groups and agents are
// steady-state until Groups names the project's.
func JSMMapping() Mapping {
	return Mapping{
		Product: "jsm",
		Scheme:  DefaultScheme(),
		Priorities: []LevelTerm{
			{Value: "Highest", Level: "Sev1"}, {Value: "High", Level: "Sev2"},
			{Value: "Medium", Level: "Sev3"}, {Value: "Low", Level: "Sev3"}, {Value: "Lowest", Level: "Sev3"},
		},
		Statuses: []StatusTerm{
			{Value: "Open", Status: StatusOpen}, {Value: "Waiting for support", Status: StatusOpen},
			{Value: "In Progress", Status: StatusOpen}, {Value: "Escalated", Status: StatusOpen},
			{Value: "Work in progress", Status: StatusOpen}, {Value: "Reopened", Status: StatusOpen},
			{Value: "To Do", Status: StatusOpen},
			{Value: "Waiting for customer", Status: StatusPaused, Reason: "waiting for customer"},
			{Value: "Pending", Status: StatusPaused, Reason: "pending"},
			{Value: "Resolved", Status: StatusResolved}, {Value: "Closed", Status: StatusResolved},
			{Value: "Done", Status: StatusResolved}, {Value: "Canceled", Status: StatusResolved},
		},
		Kinds: []KindTerm{
			{Value: "Incident", Kind: Defect}, {Value: "Problem", Kind: Defect}, {Value: "Bug", Kind: Defect},
			{Value: "Service request", Kind: Question}, {Value: "Get IT help", Kind: Question},
			{Value: "Change", Kind: ChangeRequest}, {Value: "Service request with approvals", Kind: ChangeRequest},
		},
		DefaultLevel: "Sev3",
		DefaultKind:  Defect,
		OtherGroups:  SteadyState,
		OtherAgents:  SteadyState,
	}
}

// ServiceNowMapping returns the mapping of ServiceNow's out-of-the-box
// incident values, as the Table API gives them (codes, not labels), onto
// DefaultScheme: priority 1 Critical (Sev1), 2 High (Sev2), 3 Moderate,
// 4 Low and 5 Planning (Sev3; none: Sev3); state 1 New and 2 In Progress
// (open), 3 On Hold (paused), 6 Resolved, 7 Closed and 8 Canceled (resolved);
// category inquiry (question), software, hardware, network and database
// (defect; none: defect). Groups and agents (sys_ids) are steady-state until
// Groups names the project's.
func ServiceNowMapping() Mapping {
	return Mapping{
		Product: "servicenow",
		Scheme:  DefaultScheme(),
		Priorities: []LevelTerm{
			{Value: "1", Level: "Sev1"}, {Value: "2", Level: "Sev2"},
			{Value: "3", Level: "Sev3"}, {Value: "4", Level: "Sev3"}, {Value: "5", Level: "Sev3"},
		},
		Statuses: []StatusTerm{
			{Value: "1", Status: StatusOpen}, {Value: "2", Status: StatusOpen},
			{Value: "3", Status: StatusPaused, Reason: "on hold"},
			{Value: "6", Status: StatusResolved}, {Value: "7", Status: StatusResolved},
			{Value: "8", Status: StatusResolved},
		},
		Kinds: []KindTerm{
			{Value: "inquiry", Kind: Question}, {Value: "software", Kind: Defect},
			{Value: "hardware", Kind: Defect}, {Value: "network", Kind: Defect},
			{Value: "database", Kind: Defect},
		},
		DefaultLevel: "Sev3",
		DefaultKind:  Defect,
		OtherGroups:  SteadyState,
		OtherAgents:  SteadyState,
	}
}
