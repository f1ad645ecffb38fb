package hypercare

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// How a timeline is built from the events an issue holds.
//
// An issue holds a set of events; its timeline and its held events are a
// function of that set alone, never of the order in which the events
// arrived, so any delivery order of the same events gives the same issue.
// The events are replayed in the order of their time (At). Events at the
// same instant are tried in a fixed order of their types — opened, reopened,
// reclassified, assigned, escalated, responded, resumed, paused, resolved,
// with an assignment to the project team after the escalation (which hands
// the issue over, while the assignment names who took it) — then of their
// ID and fields, and the first one the state accepts is
// applied, again and again, until none of that instant is left that the
// state accepts: so "resumed" then "paused" at one instant both apply,
// whichever way round they come. An event the state does not accept at its
// instant is held, with the reason; it takes no part in the state, and
// joins the timeline when a change to the set makes it valid.

// EventID is an event's identity at its source, such as a helpdesk's audit
// ID ("1937744"), unique within an issue. The empty EventID means none.
type EventID string

// HeldEvent is an event an issue holds but cannot place on its timeline
// yet, with the reason, such as "resolved event before the issue is opened".
// It joins the timeline when the events that make it valid arrive.
type HeldEvent struct {
	Event  Event  `json:"event"`
	Reason string `json:"reason"`
}

// EventConflictError says that an event came with the ID of an event the
// issue already holds, but with other content. Nothing was changed. It is
// a conflict with what is stored, not malformed input: it does not wrap
// ErrInvalid (a server answers 409, not 400). Use errors.As to read it.
type EventConflictError struct {
	Issue IssueID `json:"issue"`
	// Held is the event the issue holds; Got the one that came.
	Held Event `json:"held"`
	Got  Event `json:"got"`
}

// Error returns `hypercare: issue "INC-7": event "a-19" conflicts with the
// one held: ...`.
func (e *EventConflictError) Error() string {
	return fmt.Sprintf("hypercare: issue %q: event %q conflicts with the one held: %s, not %s",
		e.Issue, e.Held.ID, describeEvent(e.Held), describeEvent(e.Got))
}

// describeEvent returns "resolved at 2026-06-01T10:00:00Z by ana".
func describeEvent(e Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s at %s", e.Type, e.At.Format(time.RFC3339Nano))
	if e.Severity != 0 {
		fmt.Fprintf(&b, " %s", e.Severity)
	}
	if e.Kind != 0 {
		fmt.Fprintf(&b, " %s", e.Kind)
	}
	if e.Team != 0 {
		fmt.Fprintf(&b, " to %s", e.Team)
	}
	if e.Person != "" {
		fmt.Fprintf(&b, " by %s", e.Person)
	}
	if e.Reason != "" {
		fmt.Fprintf(&b, " (%s)", e.Reason)
	}
	return b.String()
}

// Same reports whether e and f are the same event: equal in every field,
// with their instants compared by time.Time.Equal.
func (e Event) Same(f Event) bool {
	if !e.At.Equal(f.At) {
		return false
	}
	e.At, f.At = time.Time{}, time.Time{}
	return e == f
}

// Insertion says what Insert did.
type Insertion struct {
	// Added counts the events new to the issue, on the timeline or held.
	Added int `json:"added"`
	// Duplicates counts the events the issue already held (same ID and
	// content): nothing was done with them.
	Duplicates int `json:"duplicates,omitempty"`
	// Held counts the events held after the insert (see Issue.Held).
	Held int `json:"held,omitempty"`
	// Released counts the events held before that are on the timeline now;
	// Displaced the events on the timeline before that are held now.
	Released  int `json:"released,omitempty"`
	Displaced int `json:"displaced,omitempty"`
}

// Append adds events to the issue, all or none, in the order of their time
// (see Insert): an event earlier than the last one is put in its place and
// the timeline is replayed. It returns an error, and leaves the issue
// unchanged, if an event would be held or would put an event of the
// timeline on hold — it opens an issue twice, comes before the opening,
// resolves an unopened or resolved issue, reopens an open one, pauses a
// paused one, resumes one that is not paused, reclassifies to nothing new —
// or is malformed: it names an unknown type, severity, kind or team, has no
// time, or leaves out a field its type requires or sets one it cannot carry
// (see Event). Each of those errors wraps ErrInvalid. An event whose ID the
// issue holds with the same content is skipped; with other content it is an
// *EventConflictError. Use Append to build a timeline that must be valid,
// and Insert for deliveries from the outside world, which must never be
// lost.
//
// The trap: Append does not judge the issue's ID (an empty ID is fine for a
// scratch timeline, and a stored timeline must always read back); check it
// with IssueID.Validate where issues enter, as the store does.
func (is *Issue) Append(events ...Event) error {
	if is.appendFast(events) {
		return nil
	}
	next, ins, err := is.insert(events)
	if err != nil {
		return err
	}
	if ins.Displaced > 0 || len(next.held) > len(is.held)-ins.Released {
		// Name the first event of the call that is held, or the event put
		// on hold.
		for k, e := range events {
			if h, ok := next.heldOne(e); ok {
				return invalidf("hypercare: issue %q: event %d: %s", is.ID, len(is.events)+k, h.Reason)
			}
		}
		// Else an event of the timeline would be held: the first held
		// beyond the count of its content held before.
		before := heldCounts(is.held)
		for _, h := range next.held {
			k := sameKey(h.Event)
			if before[k] == 0 {
				return invalidf("hypercare: issue %q: %s would be held: %s", is.ID, describeEvent(h.Event), h.Reason)
			}
			before[k]--
		}
	}
	*is = next
	return nil
}

// appendFast appends events that all come at or after the last one, in
// time order, to an issue with nothing held, when that needs no replay: the
// common, in-order case, in constant time per event. Events at one instant
// are placed by the rule for one instant (placeInstant); events at the
// instant of the timeline's last event only if each comes after every
// event of that instant already on the timeline in that rule's order, so
// that the replay would place the ones on the timeline as they are. It
// reports false, with the issue unchanged, when the general path must
// decide: a malformed event, an event out of time order, a repeated ID,
// or an event the state does not accept.
func (is *Issue) appendFast(events []Event) bool {
	if len(is.held) > 0 {
		return false
	}
	n := len(is.events)
	// Check the order and the IDs before allocating anything.
	for k, e := range events {
		switch {
		case e.malformed() != nil, // the general path names what is wrong
			k > 0 && e.At.Before(events[k-1].At),
			e.ID != "" && is.hasID(e.ID, events[:k]):
			return false
		case n == 0 || k > 0 && !e.At.Equal(events[0].At):
			continue
		}
		last := is.events[n-1].At
		if e.At.Before(last) {
			return false
		}
		for i := n - 1; i >= 0 && is.events[i].At.Equal(e.At); i-- {
			if compareAtInstant(is.events[i], e) >= 0 {
				return false
			}
		}
	}
	// Clip first so a copy of this Issue sharing the array never sees the write.
	timeline := append(slices.Clip(is.events), events...)
	s := is.state
	for i := n; i < len(timeline); {
		j := i + 1
		for j < len(timeline) && timeline[j].At.Equal(timeline[i].At) {
			j++
		}
		var placed int
		if s, placed = placeInstant(s, timeline[i:j]); placed < j-i {
			return false
		}
		i = j
	}
	is.events, is.state = timeline, s
	return true
}

// hasID reports whether the issue's timeline, or more, holds an event with
// the given ID.
func (is *Issue) hasID(id EventID, more []Event) bool {
	for _, e := range is.events {
		if e.ID == id {
			return true
		}
	}
	for _, e := range more {
		if e.ID == id {
			return true
		}
	}
	return false
}

// heldOne returns the held event that is e, if e is held.
func (is Issue) heldOne(e Event) (HeldEvent, bool) {
	for _, h := range is.held {
		if h.Event.Same(e) {
			return h, true
		}
	}
	return HeldEvent{}, false
}

// Insert adds events to the issue in the order of their time, whatever the
// order they come in, and never drops one: an event the timeline cannot
// place is held with the reason (see Held) and the rest of the timeline is
// replayed without it; an insert that makes a held event valid releases it
// onto the timeline. An event whose ID the issue already holds is skipped
// if its content is the same, and is an *EventConflictError if not. Events
// without an ID are all kept, a repeat too.
//
// It returns an error, and changes nothing, for a malformed event (an
// unknown type, severity, kind or team, no time, a field its type needs
// missing or one it cannot carry: see Event), which wraps ErrInvalid, and
// for a conflict. Otherwise it reports what it did.
//
// Inserting one event into a timeline of n events costs O(n) (appending
// after the last event, with nothing held, costs O(1)). The resulting issue
// depends only on the set of events it holds, never on their arrival order
// (see the package's rule for events at the same instant, in timeline.go).
func (is *Issue) Insert(events ...Event) (Insertion, error) {
	if is.appendFast(events) {
		return Insertion{Added: len(events)}, nil
	}
	next, ins, err := is.insert(events)
	if err != nil {
		return Insertion{}, err
	}
	*is = next
	return ins, nil
}

// insert returns the issue with events inserted, and what changed.
func (is Issue) insert(events []Event) (Issue, Insertion, error) {
	var ins Insertion
	for k, e := range events {
		if err := e.malformed(); err != nil {
			return is, ins, invalidf("hypercare: issue %q: event %d: %w", is.ID, len(is.events)+k, err)
		}
	}
	// Drop the events the issue holds already, and find conflicts.
	var byID map[EventID]Event
	fresh := make([]Event, 0, len(events))
	for _, e := range events {
		if e.ID == "" {
			fresh = append(fresh, e)
			continue
		}
		if byID == nil {
			byID = is.idIndex()
		}
		if old, ok := byID[e.ID]; ok {
			if !old.Same(e) {
				return is, Insertion{}, &EventConflictError{Issue: is.ID, Held: old, Got: e}
			}
			ins.Duplicates++
			continue
		}
		byID[e.ID] = e
		fresh = append(fresh, e)
	}
	ins.Added = len(fresh)
	if len(fresh) == 0 {
		ins.Held = len(is.held)
		return is, ins, nil
	}
	slices.SortStableFunc(fresh, func(a, b Event) int { return a.At.Compare(b.At) })
	held := make([]Event, len(is.held))
	for i, h := range is.held {
		held[i] = h.Event
	}
	all := mergeByTime(mergeByTime(is.events, held), fresh)
	next := is
	next.events, next.held, next.state = place(all)
	ins.Held = len(next.held)
	// Count the moves between the timeline and the held list, by content
	// (events without an ID may be identical twins, so as multisets): of
	// each content, the held events fewer now were released, the more now
	// are fresh ones held or, beyond those, events of the timeline
	// displaced.
	if len(is.held) == 0 && len(next.held) == 0 {
		return next, ins, nil // the common case: nothing held, nothing moved
	}
	before, after, freshN := heldCounts(is.held), heldCounts(next.held), map[Event]int{}
	for _, e := range fresh {
		freshN[sameKey(e)]++
	}
	for k, n := range after {
		if more := n - before[k]; more > 0 {
			ins.Displaced += max(more-freshN[k], 0)
		}
	}
	for k, o := range before {
		ins.Released += max(o-after[k], 0)
	}
	return next, ins, nil
}

// sameKey is e as a map key under Event.Same: its instant in UTC without a
// monotonic reading.
func sameKey(e Event) Event {
	e.At = e.At.UTC().Round(0)
	return e
}

// heldCounts counts the held events by content (sameKey).
func heldCounts(held []HeldEvent) map[Event]int {
	m := make(map[Event]int, len(held))
	for _, h := range held {
		m[sameKey(h.Event)]++
	}
	return m
}

// idIndex returns the issue's events by ID.
func (is Issue) idIndex() map[EventID]Event {
	m := make(map[EventID]Event)
	for _, e := range is.events {
		if e.ID != "" {
			m[e.ID] = e
		}
	}
	for _, h := range is.held {
		if h.Event.ID != "" {
			m[h.Event.ID] = h.Event
		}
	}
	return m
}

// mergeByTime merges two lists sorted by time into a new one, a's events
// first at equal instants.
func mergeByTime(a, b []Event) []Event {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make([]Event, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if b[j].At.Before(a[i].At) {
			out = append(out, b[j])
			j++
		} else {
			out = append(out, a[i])
			i++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// typeRank is the order in which events of one instant are tried.
var typeRank = [...]int{
	EventOpened: 0, EventReopened: 1, EventReclassified: 2, EventAssigned: 3, EventEscalated: 4,
	EventResponded: 5, EventResumed: 6, EventPaused: 7, EventResolved: 8,
}

// instantRank is e's place in the order of one instant: its type's rank,
// except that an assignment to the project team comes after an
// escalation. An escalation hands the issue over, and an assignment at the
// same instant names who on the project team took it (ServiceNow audits
// the group and the assignee of one save on two rows).
func instantRank(e Event) int {
	if e.Type == EventAssigned && e.Team == Project {
		return 2*typeRank[EventEscalated] + 1
	}
	return 2 * typeRank[e.Type]
}

// compareAtInstant orders events of one instant: by instantRank, then ID,
// then the other fields.
func compareAtInstant(a, b Event) int {
	return cmp.Or(
		cmp.Compare(instantRank(a), instantRank(b)),
		cmp.Compare(a.ID, b.ID),
		cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Team, b.Team),
		cmp.Compare(a.Person, b.Person), cmp.Compare(a.Reason, b.Reason))
}

// place replays all, well-formed events sorted by time, into a timeline and
// the held events (see the rule at the top of this file), and returns the
// state after the timeline.
func place(all []Event) ([]Event, []HeldEvent, State) {
	var (
		s        State
		timeline = make([]Event, 0, len(all))
		held     []HeldEvent
		group    []Event
	)
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].At.Equal(all[i].At) {
			j++
		}
		group = append(group[:0], all[i:j]...)
		var placed int
		s, placed = placeInstant(s, group)
		timeline = append(timeline, group[:placed]...)
		for _, e := range group[placed:] {
			_, err := s.apply(e)
			held = append(held, HeldEvent{e, err.Error()})
		}
		i = j
	}
	return timeline, held, s
}

// placeInstant applies the events of one instant to s by the rule for one
// instant: sorted by compareAtInstant, the first one s accepts is applied,
// again and again. It reorders group in place so that group[:placed] are
// the events applied, in the order applied, and group[placed:] the ones
// left, still sorted; it returns the state after them.
func placeInstant(s State, group []Event) (State, int) {
	if len(group) == 1 {
		next, err := s.apply(group[0])
		if err != nil {
			return s, 0
		}
		return next, 1
	}
	slices.SortFunc(group, compareAtInstant)
	placed := 0
	for placed < len(group) {
		k := placed
		var next State
		for ; k < len(group); k++ {
			var err error
			if next, err = s.apply(group[k]); err == nil {
				break
			}
		}
		if k == len(group) {
			break
		}
		// Move the event applied to the front of the rest, which stays sorted.
		e := group[k]
		copy(group[placed+1:k+1], group[placed:k])
		group[placed] = e
		s = next
		placed++
	}
	return s, placed
}

// heldUntil returns the held events at or before t, sharing no writable
// memory with held.
func heldUntil(held []HeldEvent, t time.Time) []HeldEvent {
	k := len(held)
	for k > 0 && held[k-1].Event.At.After(t) {
		k--
	}
	return slices.Clip(held[:k])
}

// Held returns a copy of the events the issue holds but cannot place on its
// timeline yet, in time order, each with the reason. They take no part in
// the issue's state, clocks or exit criteria until the events that make
// them valid arrive (see Insert).
func (is Issue) Held() []HeldEvent { return slices.Clone(is.held) }

// Version returns the number of events the issue holds, on its timeline and
// held: it grows with every insert that adds an event, and is the version a
// store checks for optimistic concurrency. With nothing held it is Len.
func (is Issue) Version() int { return len(is.events) + len(is.held) }

// Event returns the event with the given ID, on the timeline or held, and
// whether there is one. The empty ID finds nothing.
func (is Issue) Event(id EventID) (Event, bool) {
	if id == "" {
		return Event{}, false
	}
	for _, e := range is.events {
		if e.ID == id {
			return e, true
		}
	}
	for _, h := range is.held {
		if h.Event.ID == id {
			return h.Event, true
		}
	}
	return Event{}, false
}

// malformed returns what is wrong with e whatever the timeline: an unknown
// type, severity, kind or team, no time, a field its type needs missing or
// one it cannot carry.
func (e Event) malformed() error {
	if !e.Type.Valid() {
		return fmt.Errorf("unknown event type %d", int(e.Type))
	}
	if e.At.IsZero() {
		return fmt.Errorf("%s event has no time", e.Type)
	}
	if e.Severity != 0 && !e.Severity.Valid() {
		return fmt.Errorf("%s event: unknown severity %d", e.Type, int(e.Severity))
	}
	if e.Kind != 0 && !e.Kind.Valid() {
		return fmt.Errorf("%s event: unknown kind %d", e.Type, int(e.Kind))
	}
	if e.Team != 0 && !e.Team.Valid() {
		return fmt.Errorf("%s event: unknown team %d", e.Type, int(e.Team))
	}
	unused := func(what string, set bool) error {
		if set {
			return fmt.Errorf("%s event cannot carry a %s", e.Type, what)
		}
		return nil
	}
	switch e.Type {
	case EventOpened:
		if e.Severity == 0 || e.Kind == 0 {
			return fmt.Errorf("opened event needs a severity and a kind")
		}
		return unused("team", e.Team != 0)
	case EventReopened:
		return unused("kind or team", e.Kind != 0 || e.Team != 0)
	case EventReclassified:
		if e.Severity == 0 && e.Kind == 0 {
			return fmt.Errorf("reclassified event changes neither severity nor kind")
		}
		return unused("team", e.Team != 0)
	case EventAssigned:
		if e.Team == 0 {
			return fmt.Errorf("assigned event needs a team")
		}
		return unused("severity or kind", e.Severity != 0 || e.Kind != 0)
	case EventResolved:
		return unused("severity or kind", e.Severity != 0 || e.Kind != 0)
	default: // responded, paused, resumed, escalated
		return unused("severity, kind or team", e.Severity != 0 || e.Kind != 0 || e.Team != 0)
	}
}

// Knows reports whether the issue holds every event of other — on its
// timeline or held — by ID: each event of other has an ID, and the issue
// holds an event of that ID with the same content (Event.Same). It does not
// allocate; a merge uses it to see that an export brings nothing new. An
// event without an ID makes it report false.
func (is Issue) Knows(other Issue) bool {
	known := func(e Event) bool {
		if e.ID == "" {
			return false
		}
		s, ok := is.Event(e.ID)
		return ok && s.Same(e)
	}
	for _, e := range other.events {
		if !known(e) {
			return false
		}
	}
	for _, h := range other.held {
		if !known(h.Event) {
			return false
		}
	}
	return true
}
