package store

// Writing a backend
//
// A backend is any type that implements Store; it may live in another module
// (a PostgreSQL backend in store/postgres, with its own go.mod, say). Like
// database/sql over database/sql/driver, the user face is Store and the
// contract a backend meets is smaller: the functions in this file hold the
// semantics that are easy to get subtly wrong, so every backend shares them
// instead of writing them again. A backend:
//
//   - validates and encodes each write with the function for it, before it
//     touches storage, and stores what that function returns:
//     CreateEngagement and UpdateEngagement with EncodeEngagement, CreateIssue
//     and ImportIssues with ValidateIssue for each issue, AppendEvents with
//     WithEvents, UpdateIssue with WithDetails, MergeIssues with MergeIssue
//     for each issue (in batch order, an issue listed twice merged into the
//     result of the first), AddSignOff with EncodeSignOff and, against the
//     stored engagement, ValidateSignOff (an identical stored sign-off makes
//     it a no-op), AddSamples with PrepareSeries, PutRoster with EncodeRoster;
//   - checks itself what only it can see, inside the write's transaction:
//     ErrNotFound for a missing engagement or issue, ErrExists for a taken
//     engagement ID, issue key or sample date (also within one ImportIssues
//     call), and the issue version (CheckVersion's rule: the version is
//     Issue.Version, the number of events held, for AppendEvents, UpdateIssue
//     and DeleteIssue), all or none for a batch; PurgeEngagement deletes the
//     engagement and everything keyed by it;
//   - lists with the filters' own methods (IssueFilter.Validate and Match,
//     SeriesFilter.Validate and Apply) and orders with CompareIssues and
//     CompareSeries; engagements are ordered by ID and rosters by name (both
//     byte-wise, cmp.Compare), sign-offs in the order they were added;
//   - copies values in and out: nothing the caller passed or got may be kept
//     or shared. Issues are values whose timeline only grows by copying, so an
//     Issue may be kept as it is; PrepareSeries copies the samples;
//     engagements, sign-offs and rosters decode afresh from their JSON with
//     encoding/json on every read;
//   - runs storetest.Run from its tests, which checks all of the above
//     against the backend, including that it agrees with these functions.

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hypercare-go/hypercare"
)

// EncodeEngagement returns the JSON a backend stores for e: the value
// CreateEngagement and UpdateEngagement keep, which json.Unmarshal turns
// back into e. It returns an error wrapping ErrInvalid if e does not validate
// (Engagement.Validate) or would not decode again: a location that does not
// load by name (time.LoadLocation), an ID that is not valid UTF-8. Refusing
// it now beats a store that cannot be read. Trap: the other strings go
// through JSON too, so invalid UTF-8 in them comes back as U+FFFD.
func EncodeEngagement(e hypercare.Engagement) ([]byte, error) {
	if err := e.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("%w: engagement %q: %w", ErrInvalid, e.ID, err)
	}
	back, err := decodeEngagement(b)
	if err != nil {
		return nil, fmt.Errorf("%w: engagement %q does not survive a JSON round trip: %w", ErrInvalid, e.ID, err)
	}
	if back.ID != e.ID {
		// Invalid UTF-8: a backend would keep it under another ID.
		return nil, fmt.Errorf("%w: engagement ID %q is not valid UTF-8, which JSON cannot keep", ErrInvalid, e.ID)
	}
	return b, nil
}

// ValidateIssue returns an error wrapping both ErrInvalid and
// hypercare.ErrInvalid if is cannot be stored by CreateIssue or
// ImportIssues: its ID is empty or holds a control character or a line
// break (hypercare.IssueID.Validate). Whether its engagement is stored
// (ErrNotFound) and its key free (ErrExists) is the backend's to check.
func ValidateIssue(is hypercare.Issue) error {
	if err := is.ID.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}

// CheckVersion returns an error wrapping ErrConflict unless version is the
// version of the stored issue, stored.Version() (the number of events it
// holds, on its timeline and held): the rule of optimistic concurrency for
// AppendEvents, UpdateIssue and DeleteIssue.
func CheckVersion(stored hypercare.Issue, version int) error {
	if stored.Version() != version {
		return fmt.Errorf("%w: %s is at version %d, not %d", ErrConflict, issueName(stored.Engagement, stored.ID), stored.Version(), version)
	}
	return nil
}

// WithEvents returns the issue AppendEvents stores: stored with events
// inserted by Issue.Insert — in the order of their time, an event the
// timeline cannot place yet held, an event whose ID stored holds with the
// same content skipped — provided stored is at version (CheckVersion,
// ErrConflict). It returns an error wrapping ErrInvalid for a malformed
// event, and one wrapping ErrConflict and a *hypercare.EventConflictError
// for an event whose ID stored holds with other content. stored itself is
// never changed, so a backend may pass the value it keeps.
func WithEvents(stored hypercare.Issue, version int, events ...hypercare.Event) (hypercare.Issue, error) {
	if err := CheckVersion(stored, version); err != nil {
		return hypercare.Issue{}, err
	}
	if _, err := stored.Insert(events...); err != nil {
		return hypercare.Issue{}, insertError(err)
	}
	return stored, nil
}

// insertError marks an error of Issue.Insert with the store's sentinel:
// ErrConflict for an event conflict, ErrInvalid otherwise.
func insertError(err error) error {
	var conflict *hypercare.EventConflictError
	if errors.As(err, &conflict) {
		return fmt.Errorf("%w: %w", ErrConflict, err)
	}
	return fmt.Errorf("%w: %w", ErrInvalid, err)
}

// WithDetails returns the issue UpdateIssue stores: stored with the
// descriptive fields of is (Title, Workaround, FixExpected, Updated),
// provided stored is at version is.Version() (CheckVersion, ErrConflict).
// The key and timeline are stored's: it does not compare keys.
func WithDetails(stored, is hypercare.Issue) (hypercare.Issue, error) {
	return withDetails(stored, is.Version(), is)
}

// IssueChange says what a merge did to one issue.
type IssueChange struct {
	Engagement hypercare.EngagementID `json:"engagement,omitempty"`
	ID         hypercare.IssueID      `json:"id"`
	// Created: the issue was not stored before.
	Created bool `json:"created,omitempty"`
	// EventsAdded counts the events new to the issue (on its timeline or
	// held); FieldsUpdated says that its descriptive fields were replaced.
	EventsAdded   int  `json:"events_added,omitempty"`
	FieldsUpdated bool `json:"fields_updated,omitempty"`
	// Held counts the events the issue holds but cannot place after the
	// merge; Released those it held before that are on its timeline now.
	Held     int `json:"held,omitempty"`
	Released int `json:"released,omitempty"`
}

// Changed reports whether the merge changed the issue.
func (c IssueChange) Changed() bool { return c.Created || c.EventsAdded > 0 || c.FieldsUpdated }

// MergeReport says what MergeIssues did.
type MergeReport struct {
	// Issues counts the issues of the batch.
	Issues int `json:"issues"`
	// Changes lists the issues the merge changed, in the order of the batch
	// (an issue listed twice, once).
	Changes []IssueChange `json:"changes,omitempty"`
}

// Changed returns the number of issues the merge changed.
func (r MergeReport) Changed() int { return len(r.Changes) }

// String sums the report up: "0 changed of 3 issues", or "2 changed of 3
// issues (1 created): 4 events added, fields of 1 updated, 2 events held".
func (r MergeReport) String() string {
	var created, added, fields, held int
	for _, c := range r.Changes {
		if c.Created {
			created++
		}
		added += c.EventsAdded
		if c.FieldsUpdated {
			fields++
		}
		held += c.Held
	}
	out := fmt.Sprintf("%d changed of %d issues", len(r.Changes), r.Issues)
	if len(r.Changes) == 0 {
		return out
	}
	out += fmt.Sprintf(" (%d created): %d events added, fields of %d updated", created, added, fields)
	if held > 0 {
		out += fmt.Sprintf(", %d events held", held)
	}
	return out
}

// MergeIssue returns the issue MergeIssues stores for incoming, given the
// stored issue (found reports whether there is one; if not, stored is
// ignored), and what changed. The merge is a union that any order of
// merges reaches alike — idempotent, commutative and associative:
//
//   - events by identity: an event whose ID the stored issue holds is the
//     same event (an *hypercare.EventConflictError, wrapped with
//     ErrConflict, if its content differs); an event without an ID is the
//     same as a stored one equal in every field (Event.Same), as many times
//     as the incoming issue repeats it; every other event is inserted
//     (Issue.Insert: by its time, held if the timeline cannot place it);
//   - descriptive fields (Title, Workaround, FixExpected, Updated): the
//     incoming ones replace the stored ones if incoming.Updated is after
//     stored.Updated — last writer wins by the source's own timestamp, not
//     by arrival; at equal Updated and different fields, the fields that
//     compare greater (Title, then Workaround, then FixExpected) win, so
//     that the order of merges does not matter.
//
// It returns an error wrapping ErrInvalid if incoming fails ValidateIssue
// or holds a malformed event. stored is never changed.
func MergeIssue(stored hypercare.Issue, found bool, incoming hypercare.Issue) (hypercare.Issue, IssueChange, error) {
	ch := IssueChange{Engagement: incoming.Engagement, ID: incoming.ID}
	if err := ValidateIssue(incoming); err != nil {
		return hypercare.Issue{}, ch, err
	}
	if found && stored.Knows(incoming) && !newerDetails(incoming, stored) {
		ch.Held = len(stored.Held())
		return stored, ch, nil // the daily case: nothing new
	}
	events := allEvents(incoming)
	if !found {
		out := hypercare.Issue{ID: incoming.ID, Engagement: incoming.Engagement}
		setDetails(&out, incoming)
		ins, err := out.Insert(events...)
		if err != nil {
			return hypercare.Issue{}, ch, insertError(err)
		}
		ch.Created, ch.EventsAdded, ch.Held = true, ins.Added, ins.Held
		return out, ch, nil
	}
	out := stored
	// Events without an ID: add as many of each as incoming has beyond
	// what stored holds.
	var have map[hypercare.Event]int
	add := events[:0:0]
	for _, e := range events {
		if e.ID != "" {
			add = append(add, e)
			continue
		}
		if have == nil {
			have = map[hypercare.Event]int{}
			for _, s := range allEvents(stored) {
				if s.ID == "" {
					have[sameKey(s)]++
				}
			}
		}
		if k := sameKey(e); have[k] > 0 {
			have[k]--
			continue
		}
		add = append(add, e)
	}
	ins, err := out.Insert(add...)
	if err != nil {
		return hypercare.Issue{}, ch, insertError(err)
	}
	ch.EventsAdded, ch.Held, ch.Released = ins.Added, ins.Held, ins.Released
	if newerDetails(incoming, stored) {
		setDetails(&out, incoming)
		ch.FieldsUpdated = true
	}
	return out, ch, nil
}

// sameKey is e as a map key under Event.Same: its instant in UTC without
// a monotonic reading.
func sameKey(e hypercare.Event) hypercare.Event {
	e.At = e.At.UTC().Round(0)
	return e
}

// newerDetails reports whether a's descriptive fields win over b's (see
// MergeIssue).
func newerDetails(a, b hypercare.Issue) bool {
	if c := a.Updated.Compare(b.Updated); c != 0 {
		return c > 0
	}
	return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.Workaround, b.Workaround), a.FixExpected.Compare(b.FixExpected)) > 0
}

func setDetails(dst *hypercare.Issue, src hypercare.Issue) {
	dst.Title, dst.Workaround, dst.FixExpected, dst.Updated = src.Title, src.Workaround, src.FixExpected, src.Updated
}

// withDetails is WithDetails at an explicit version, for a journal record,
// whose details carry no timeline.
func withDetails(stored hypercare.Issue, version int, details hypercare.Issue) (hypercare.Issue, error) {
	if err := CheckVersion(stored, version); err != nil {
		return hypercare.Issue{}, err
	}
	setDetails(&stored, details)
	return stored, nil
}

// EncodeSignOff returns the JSON a backend stores for s, which json.Unmarshal
// turns back into the sign-off AddSignOff keeps. It returns an error wrapping
// ErrInvalid for an empty engagement, a sign-off that does not validate
// (SignOff.Validate: an empty By, an invalid Role, a zero At), or one that
// does not survive a JSON round trip.
func EncodeSignOff(s hypercare.SignOff) ([]byte, error) {
	_, js, err := encodeSignOff(s)
	return js, err
}

// encodeSignOff returns s as it comes back from its JSON, and the JSON.
func encodeSignOff(s hypercare.SignOff) (hypercare.SignOff, []byte, error) {
	if err := validSignOff(s); err != nil {
		return hypercare.SignOff{}, nil, err
	}
	js, err := json.Marshal(s)
	if err != nil {
		return hypercare.SignOff{}, nil, fmt.Errorf("%w: sign-off by %q: %w", ErrInvalid, s.By, err)
	}
	var back hypercare.SignOff
	if err := json.Unmarshal(js, &back); err != nil {
		return hypercare.SignOff{}, nil, fmt.Errorf("%w: sign-off by %q does not survive a JSON round trip: %w", ErrInvalid, s.By, err)
	}
	return back, js, nil
}

// PrepareSeries returns the series of an AddSamples call for eng ready to
// store: copied (the caller's slices are neither changed nor kept), each
// validated, its samples sorted by date, and the series of one metric and
// segment merged into one, in the order they first come. It returns an error
// wrapping ErrInvalid for an empty eng, a series that fails Series.Validate
// or a date outside the years 0 to 9999 that a Date's JSON can hold; and
// ErrExists if two series of the call share a metric, segment and date.
// Whether eng is stored (ErrNotFound) and a date already stored (ErrExists)
// is the backend's to check.
func PrepareSeries(eng hypercare.EngagementID, series []hypercare.Series) ([]hypercare.Series, error) {
	// Copy the samples in, into one array, before they are sorted.
	n := 0
	for _, s := range series {
		n += len(s.Samples)
	}
	all := make([]hypercare.Sample, 0, n)
	own := make([]hypercare.Series, len(series))
	for i, s := range series {
		all = append(all, s.Samples...)
		s.Samples = all[len(all)-len(s.Samples) : len(all) : len(all)]
		own[i] = s
	}
	return prepareSeriesInPlace(eng, own)
}

// EncodeRoster returns the JSON a backend stores for r as the roster called
// name of engagement eng, which json.Unmarshal turns back into r. It returns
// an error wrapping ErrInvalid for an empty eng or name, or a roster that
// does not survive a JSON round trip (a time outside the years 0 to 9999, a
// Gini that is not a number).
func EncodeRoster(eng hypercare.EngagementID, name string, r hypercare.Roster) ([]byte, error) {
	if eng == "" || name == "" {
		return nil, fmt.Errorf("%w: roster %q of engagement %q: want an engagement and a name", ErrInvalid, name, eng)
	}
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("%w: roster %q of engagement %q: %w", ErrInvalid, name, eng, err)
	}
	if _, err := decodeRoster(b); err != nil {
		return nil, fmt.Errorf("%w: roster %q of engagement %q does not survive a JSON round trip: %w", ErrInvalid, name, eng, err)
	}
	return b, nil
}

// CompareIssues orders issues as Issues lists them: by engagement, then ID,
// byte-wise ("INC-10" before "INC-9"). It returns -1, 0 or +1, as
// cmp.Compare does, for slices.SortFunc.
func CompareIssues(a, b hypercare.Issue) int {
	return cmp.Or(cmp.Compare(a.Engagement, b.Engagement), cmp.Compare(a.ID, b.ID))
}

// CompareSeries orders adoption series as Series lists them: by metric kind,
// metric name, segment dimension, then segment name; the samples are not
// compared. It returns -1, 0 or +1, as cmp.Compare does, for
// slices.SortFunc.
func CompareSeries(a, b hypercare.Series) int {
	return compareSeriesKeys(keyOf(a), keyOf(b))
}

// ValidateSignOff returns an error wrapping ErrInvalid if AddSignOff must
// refuse s for engagement e: s names no engagement or fails
// SignOff.ValidateFor(e, zero asOf) (a signer, a role, an instant not before
// go-live). A caller that knows "now" checks the future too, with
// SignOff.ValidateFor(e, asOf), before it stores.
func ValidateSignOff(e hypercare.Engagement, s hypercare.SignOff) error {
	if err := validSignOff(s); err != nil {
		return err
	}
	if err := s.ValidateFor(e, time.Time{}); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}
