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
//     WithEvents, UpdateIssue with WithDetails, AddSignOff with EncodeSignOff,
//     AddSamples with PrepareSeries, PutRoster with EncodeRoster;
//   - checks itself what only it can see, inside the write's transaction:
//     ErrNotFound for a missing engagement or issue, ErrExists for a taken
//     engagement ID, issue key or sample date (also within one ImportIssues
//     call), and the issue version (CheckVersion's rule: the version is
//     Issue.Len, the number of events), all or none for a batch;
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
	"fmt"

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
// version of the stored issue, stored.Len(): the rule of optimistic
// concurrency for AppendEvents and UpdateIssue.
func CheckVersion(stored hypercare.Issue, version int) error {
	if stored.Len() != version {
		return fmt.Errorf("%w: %s is at version %d, not %d", ErrConflict, issueName(stored.Engagement, stored.ID), stored.Len(), version)
	}
	return nil
}

// WithEvents returns the issue AppendEvents stores: stored with events
// appended to its timeline, provided it is at version (CheckVersion,
// ErrConflict); an error wrapping ErrInvalid if the timeline rejects the
// events (Issue.Append). stored itself is never changed, so a backend may
// pass the value it keeps.
func WithEvents(stored hypercare.Issue, version int, events ...hypercare.Event) (hypercare.Issue, error) {
	if err := CheckVersion(stored, version); err != nil {
		return hypercare.Issue{}, err
	}
	if err := stored.Append(events...); err != nil {
		return hypercare.Issue{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return stored, nil
}

// WithDetails returns the issue UpdateIssue stores: stored with the
// descriptive fields of is (Title, Workaround, FixExpected), provided stored
// is at version is.Len() (CheckVersion, ErrConflict). The key and timeline
// are stored's: it does not compare keys.
func WithDetails(stored, is hypercare.Issue) (hypercare.Issue, error) {
	return withDetails(stored, is.Len(), is)
}

// withDetails is WithDetails at an explicit version, for a journal record,
// whose details carry no timeline.
func withDetails(stored hypercare.Issue, version int, details hypercare.Issue) (hypercare.Issue, error) {
	if err := CheckVersion(stored, version); err != nil {
		return hypercare.Issue{}, err
	}
	stored.Title, stored.Workaround, stored.FixExpected = details.Title, details.Workaround, details.FixExpected
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
