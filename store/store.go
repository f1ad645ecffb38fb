// Package store keeps what a hypercare is made of — engagements, issues with
// their timelines, sign-offs, adoption samples and rosters — beyond the life
// of a process, and lets helpdesks and tools plug in their own storage behind
// one interface.
//
// Two backends ship with it: [NewMemory], for tests and short-lived tools,
// and [OpenFile], the embedded default: a directory holding an append-only,
// checksummed journal that survives crashes and refuses a second writer. Any
// other backend proves itself by passing the conformance suite in
// [github.com/hypercare-go/hypercare/store/storetest].
//
// [Open] opens a store from one string, as a flag or a config file gives
// it: a directory (a File), "memory:", or the URL of a backend registered
// with [Register], as database/sql drivers are — the PostgreSQL backend
// (module store/postgres) registers postgres:// when imported. A backend
// may also offer a change feed, the optional [Watcher]: Memory and File
// report the writes made through them, PostgreSQL those of every process.
//
// Every method that reads or writes takes a context first, copies values in
// and out (a caller changing what it passed or got never changes the store),
// and reports failures with the sentinel errors below, wrapped with %w: test
// them with errors.Is. Issues use optimistic concurrency: a write names the
// version it read, failing with ErrConflict if another writer got there
// first. Engagements and rosters are replaced whole, the last write winning;
// sign-offs and adoption samples are only ever added. An issue's version is
// the number of events it holds (Issue.Version: its timeline and the events
// held because the timeline cannot place them yet). Listings are
// iter.Seq2 sequences; [Collect] drains one into a slice, which is how an
// engagement's adoption series reach hypercare.Monitor:
//
//	series, err := store.Collect(s.Series(ctx, "erp", store.SeriesFilter{}))
//	...
//	flags, err := hypercare.Monitor(series, cfg)
//
// The file backend's directory holds a LOCK file, a journal and, once
// compacted, a snapshot. Both are a header with a format version, then
// records [length][CRC32C][payload], written in groups — one group per
// fsync, closed by a commit record with the group's CRC — which is how a
// torn tail is told from damage (see OpenFile). Engagements, sign-offs and
// rosters are stored as JSON; issues and adoption samples, the bulk, in a
// compact binary form.
//
// # Writing a backend
//
// As database/sql stands over database/sql/driver, Store is the user face
// and a backend's contract is smaller. A backend, in this module or another,
// implements Store, and reuses the rules it would otherwise write again
// subtly differently: each write is validated and encoded by its function
// ([EncodeEngagement], [ValidateIssue], [WithEvents], [WithDetails],
// [MergeIssue], [EncodeSignOff], [ValidateSignOff], [PrepareSeries],
// [EncodeRoster]), an issue's version is
// checked by [CheckVersion]'s rule, listings filter with [IssueFilter.Match]
// and [SeriesFilter.Apply] and are ordered by [CompareIssues] and
// [CompareSeries]. What is left to the backend is what only it can see:
// whether an engagement, issue or sample exists, all or none for a batch,
// and a snapshot per listing. It proves itself with storetest.Run, which
// also checks that it agrees with those functions. The file backend.go says
// which function serves which method.
package store

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/hypercare-go/hypercare"
)

// The sentinel errors. Backends wrap them with %w and context ("issue "INC-7"
// of engagement "erp""); check them with errors.Is.
var (
	// ErrNotFound: the engagement, issue or roster does not exist.
	ErrNotFound = errors.New("store: not found")
	// ErrExists: an engagement or issue with that ID already exists, or an
	// adoption sample of that metric and segment on that date.
	ErrExists = errors.New("store: already exists")
	// ErrConflict: the issue's version is not the one the write expected;
	// someone else wrote first. Read it again and retry.
	ErrConflict = errors.New("store: version conflict")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("store: closed")
	// ErrLocked: another store, in this process or another, holds the
	// directory.
	ErrLocked = errors.New("store: locked by another store")
	// ErrCorrupt: the data on disk is damaged (see CorruptError for where).
	ErrCorrupt = errors.New("store: corrupt")
	// ErrInvalid: the value cannot be stored (an engagement or adoption
	// series that does not validate, an event its timeline rejects, an empty
	// ID...), or a filter is invalid. The wrapped error says what is wrong.
	ErrInvalid = errors.New("store: invalid")
	// ErrTooLarge: the value would make a record larger than the backend
	// accepts (for the file backend, MaxRecordSize).
	ErrTooLarge = errors.New("store: record too large")
)

// Store persists engagements, issues with their timelines, sign-offs,
// adoption samples and rosters. It is safe for concurrent use.
//
// Issues are keyed by engagement and ID together (an IssueID is unique within
// its engagement); an issue with an empty Engagement belongs to none.
// Sign-offs, adoption samples and rosters always belong to an engagement.
// Writes that name an engagement need it to exist. A timeline only ever
// gains events; what is deleted is deleted whole: an issue (DeleteIssue), or
// an engagement with everything of it (PurgeEngagement), for retention.
//
// Listings are iter.Seq2 sequences: each iteration reads a snapshot taken
// when it starts, so writes made while ranging are not seen (and cannot
// deadlock). A sequence yields at most one error, as its last pair.
//
// Instants come back equal (time.Time.Equal) to those stored, but not
// always in the same location: the file backend returns event times in
// UTC, and both return the times of engagements, sign-offs and rosters as
// their JSON keeps them, with their offset but not their zone. Compare times
// with Equal, not ==.
//
// Every method returns ErrClosed after Close, and ctx.Err() if ctx is done
// before it starts. A write whose ctx is cancelled after it started still
// completes. Any write may also return ErrTooLarge on a backend that limits
// its records (the file backend: MaxRecordSize). An error other than those
// listed (an I/O error of the file backend, say) leaves the outcome of a
// write unknown: read back to find out.
type Store interface {
	// CreateEngagement stores a new engagement. It returns ErrExists if one
	// with that ID is stored, and ErrInvalid if e does not validate
	// (Engagement.Validate) or does not survive a JSON round trip (its
	// location must load by name with time.LoadLocation, its ID must be
	// valid UTF-8). Trap: the other strings go through JSON too, so invalid
	// UTF-8 in them comes back as U+FFFD.
	CreateEngagement(ctx context.Context, e hypercare.Engagement) error
	// UpdateEngagement replaces the stored engagement with ID e.ID: the last
	// update wins. It returns ErrNotFound if there is none, and ErrInvalid as
	// CreateEngagement does.
	UpdateEngagement(ctx context.Context, e hypercare.Engagement) error
	// Engagement returns the engagement with the given ID, or ErrNotFound.
	Engagement(ctx context.Context, id hypercare.EngagementID) (hypercare.Engagement, error)
	// Engagements lists the engagements by ID.
	Engagements(ctx context.Context) iter.Seq2[hypercare.Engagement, error]

	// CreateIssue stores a new issue with its timeline so far (possibly
	// empty). It returns ErrExists if the engagement already has an issue
	// with that ID, ErrNotFound if is.Engagement is set but not stored, and
	// ErrInvalid for an empty ID or one with a control character or a line
	// break (ValidateIssue).
	CreateIssue(ctx context.Context, is hypercare.Issue) error
	// ImportIssues stores many new issues at once, all or none, as
	// CreateIssue would one by one (ErrExists also for an issue listed
	// twice). It is the fast way to load a helpdesk's history.
	ImportIssues(ctx context.Context, issues []hypercare.Issue) error
	// AppendEvents inserts events into the issue, in the order of their
	// time whatever the order they come in (Issue.Insert): an event the
	// timeline cannot place yet is held, not refused, and an event whose ID
	// the issue holds with the same content is skipped. It does so provided
	// the issue is still at version (the Version of the issue the caller
	// read), and returns the issue as stored. It returns ErrNotFound if there
	// is no such issue; ErrConflict if the version is not the stored one, or
	// — wrapping a *hypercare.EventConflictError too — if an event comes with
	// the ID of a stored event but other content; and ErrInvalid for a
	// malformed event (an unknown type, no time, a missing field: see
	// hypercare.Event). On any error the issue is unchanged. With no events
	// it only checks the version.
	AppendEvents(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int, events ...hypercare.Event) (hypercare.Issue, error)
	// UpdateIssue replaces the descriptive fields of the stored issue (Title,
	// Workaround, FixExpected, Updated) with those of is; the timeline is not
	// written (use AppendEvents). is.Version() is the expected version:
	// ErrConflict if events were added since is was read. Trap: two updates
	// at the same version both succeed, and the last one wins. It returns
	// ErrNotFound if there is no such issue.
	UpdateIssue(ctx context.Context, is hypercare.Issue) error
	// MergeIssues merges a batch of issues — a helpdesk's export, say —
	// into the store, all or none, and reports what changed: each issue is
	// merged into the stored one, or created, as MergeIssue says (events by
	// identity, descriptive fields by the later Updated). Merging is
	// idempotent: the same batch again changes nothing and reports 0
	// changed; the order of merges does not matter. An issue listed twice
	// is merged twice. It takes no version: a merge never loses what
	// another writer added, and the versions of the issues it changes move
	// on, so a concurrent AppendEvents at the old version gets ErrConflict.
	// It returns ErrNotFound if an issue names an engagement that is not
	// stored, ErrInvalid for an empty ID or a malformed event, and
	// ErrConflict (with a *hypercare.EventConflictError) for an event whose
	// ID the stored issue holds with other content. The file backend writes
	// only what changed: merging an export where 1% changed writes about 1%
	// of it.
	MergeIssues(ctx context.Context, issues []hypercare.Issue) (MergeReport, error)
	// DeleteIssue deletes the issue, provided it is still at version
	// (Issue.Version). It returns ErrNotFound if there is no such issue and
	// ErrConflict if the version is not the stored one. Trap: merging an
	// export that still lists the issue creates it again.
	DeleteIssue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int) error
	// PurgeEngagement deletes the engagement and everything of it: its
	// issues, sign-offs, adoption samples and rosters, for retention. It
	// returns ErrNotFound if the engagement is not stored. Issues of no
	// engagement are not touched. On the file backend the purge is durable
	// when it returns, and the data is gone from the directory's files once
	// the next File.Compact returns (see there).
	PurgeEngagement(ctx context.Context, eng hypercare.EngagementID) error
	// Issue returns the issue, or ErrNotFound.
	Issue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, error)
	// Issues lists the issues that match f, ordered by engagement and then
	// ID (byte-wise, so "INC-10" comes before "INC-9"). It yields ErrInvalid
	// if f does not validate.
	Issues(ctx context.Context, f IssueFilter) iter.Seq2[hypercare.Issue, error]

	// AddSignOff appends a sign-off to its engagement's record; a sign-off
	// identical to one stored (every field, At compared with Equal) is
	// stored once, and adding it again returns nil. It returns ErrNotFound
	// if s.Engagement is not stored, and ErrInvalid for an empty engagement
	// or By, an invalid Role, a zero At or an At before the engagement's
	// go-live (ValidateSignOff). The store does not read the clock: check
	// that a sign-off is not in the future with
	// SignOff.ValidateFor(engagement, asOf) before adding it.
	AddSignOff(ctx context.Context, s hypercare.SignOff) error
	// SignOffs lists the engagement's sign-offs in the order they were added
	// (none, not an error, for an unknown engagement).
	SignOffs(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[hypercare.SignOff, error]

	// AddSamples adds the engagement's adoption samples: each series' samples
	// join the stored series of the same metric and segment, all or none. It
	// returns ErrNotFound if eng is not stored; ErrInvalid for an empty eng, a
	// series that does not validate (Series.Validate: no samples, a bad
	// metric or segment, a value above its base, two samples on one date) or
	// a date outside the years 0 to 9999 that a Date's JSON can hold; and
	// ErrExists if a sample's metric, segment and date is already stored, or
	// comes in two series of the call (twice in one series is ErrInvalid, by
	// Series.Validate). Trap: a stored sample is never replaced, so a
	// feed that sends a day again must skip what the store holds (list the
	// last days with Series).
	AddSamples(ctx context.Context, eng hypercare.EngagementID, series ...hypercare.Series) error
	// Series lists the engagement's adoption series that f selects, one per
	// metric and segment, ordered by metric (kind, then name) and segment
	// (dimension, then name), with their samples in date order and cut to
	// f's dates; a series none of whose samples f keeps is not listed. It
	// yields ErrInvalid if f does not validate, and nothing, not an error,
	// for an unknown engagement. The series are ready for hypercare.Monitor
	// (see Collect).
	Series(ctx context.Context, eng hypercare.EngagementID, f SeriesFilter) iter.Seq2[hypercare.Series, error]

	// PutRoster stores r as the engagement's roster called name (an
	// engagement may keep several: "week 1", "steady state"), replacing the
	// roster of that name if there is one: the last put wins. It returns
	// ErrNotFound if eng is not stored, and ErrInvalid for an empty eng or
	// name, or a roster that does not survive a JSON round trip (a time
	// outside the years 0 to 9999, a Gini that is not a number). Trap:
	// rosters travel as JSON, so slot times come back with their offset but
	// not their location: compare them with Equal, and move them with In.
	PutRoster(ctx context.Context, eng hypercare.EngagementID, name string, r hypercare.Roster) error
	// Roster returns the engagement's roster called name, or ErrNotFound.
	Roster(ctx context.Context, eng hypercare.EngagementID, name string) (hypercare.Roster, error)
	// Rosters lists the engagement's rosters ordered by name (byte-wise);
	// none, not an error, for an unknown engagement.
	Rosters(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[NamedRoster, error]

	// Close releases the store; writes already acknowledged are kept. Every
	// later call, Close included, returns ErrClosed. Close takes no context:
	// it is io.Closer, and it only waits for writes already under way.
	Close() error
}

// IssueFilter selects issues by their current state (after their last
// event). Zero fields select everything; set fields must all match.
type IssueFilter struct {
	// Engagement keeps the issues of one engagement; "" keeps all.
	Engagement hypercare.EngagementID `json:"engagement,omitempty"`
	// Severities keeps the issues whose current severity is one of these.
	Severities []hypercare.Severity `json:"severities,omitempty"`
	// Kinds keeps the issues whose current kind is one of these.
	Kinds []hypercare.Kind `json:"kinds,omitempty"`
	// Statuses keeps the issues whose current status is one of these. Trap:
	// the open issues are StatusOpen and StatusPaused (State.IsOpen), so list
	// both to get them.
	Statuses []hypercare.Status `json:"statuses,omitempty"`
	// OpenedFrom and OpenedBefore keep the issues first opened in
	// [OpenedFrom, OpenedBefore); a zero bound is no bound. Issues never
	// opened have no opening time and are dropped by either bound.
	OpenedFrom   time.Time `json:"opened_from,omitzero"`
	OpenedBefore time.Time `json:"opened_before,omitzero"`
}

// Validate returns an error wrapping ErrInvalid if f names an invalid
// severity, kind or status.
func (f IssueFilter) Validate() error {
	for _, s := range f.Severities {
		if !s.Valid() {
			return fmt.Errorf("%w: issue filter: unknown severity %d", ErrInvalid, int(s))
		}
	}
	for _, k := range f.Kinds {
		if !k.Valid() {
			return fmt.Errorf("%w: issue filter: unknown kind %d", ErrInvalid, int(k))
		}
	}
	for _, s := range f.Statuses {
		if !s.Valid() {
			return fmt.Errorf("%w: issue filter: unknown status %d", ErrInvalid, int(s))
		}
	}
	return nil
}

// Match reports whether is passes f. Backends that cannot filter natively
// may filter with it.
func (f IssueFilter) Match(is hypercare.Issue) bool {
	if f.Engagement != "" && is.Engagement != f.Engagement {
		return false
	}
	s := is.State()
	switch {
	case len(f.Severities) > 0 && !slices.Contains(f.Severities, s.Severity),
		len(f.Kinds) > 0 && !slices.Contains(f.Kinds, s.Kind),
		len(f.Statuses) > 0 && !slices.Contains(f.Statuses, s.Status):
		return false
	case !f.OpenedFrom.IsZero() && (s.Opened.IsZero() || s.Opened.Before(f.OpenedFrom)),
		!f.OpenedBefore.IsZero() && (s.Opened.IsZero() || !s.Opened.Before(f.OpenedBefore)):
		return false
	}
	return true
}

// SeriesFilter selects adoption samples. Zero fields select everything; set
// fields must all match.
type SeriesFilter struct {
	// Metrics keeps the series of these metrics (kind and name, as ==).
	Metrics []hypercare.AdoptionMetric `json:"metrics,omitempty"`
	// Segments keeps the series of these segments. Trap: the zero Segment
	// is the series of all users, so listing it keeps that series only, not
	// every segment.
	Segments []hypercare.Segment `json:"segments,omitempty"`
	// From and Before keep the samples dated in [From, Before); a zero
	// bound is no bound. A week is From: Monday, Before: the next Monday.
	From   hypercare.Date `json:"from,omitzero"`
	Before hypercare.Date `json:"before,omitzero"`
}

// Validate returns an error wrapping ErrInvalid if f names a metric or
// segment that no series can have (by Series.Validate), or a bound that is
// not a valid date.
func (f SeriesFilter) Validate() error {
	probe := []hypercare.Sample{{Date: hypercare.Date{Year: 2000, Month: time.January, Day: 1}, Base: 1}}
	for _, m := range f.Metrics {
		if err := (hypercare.Series{Metric: m, Samples: probe}).Validate(); err != nil {
			return fmt.Errorf("%w: series filter: %w", ErrInvalid, err)
		}
	}
	for _, sg := range f.Segments {
		if err := (hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Segment: sg, Samples: probe}).Validate(); err != nil {
			return fmt.Errorf("%w: series filter: %w", ErrInvalid, err)
		}
	}
	for _, d := range []hypercare.Date{f.From, f.Before} {
		if !d.IsZero() && !d.Valid() {
			return fmt.Errorf("%w: series filter: invalid date %s", ErrInvalid, d)
		}
	}
	return nil
}

// Apply returns the series s as f selects it: false if f does not keep its
// metric and segment or none of its samples, and otherwise s with only the
// samples in f's dates, in date order, in a new slice. Backends that cannot
// filter natively may filter with it.
func (f SeriesFilter) Apply(s hypercare.Series) (hypercare.Series, bool) {
	if len(f.Metrics) > 0 && !slices.Contains(f.Metrics, s.Metric) ||
		len(f.Segments) > 0 && !slices.Contains(f.Segments, s.Segment) {
		return hypercare.Series{}, false
	}
	var kept []hypercare.Sample
	for _, x := range s.Samples {
		if f.keeps(x.Date) {
			kept = append(kept, x)
		}
	}
	if len(kept) == 0 {
		return hypercare.Series{}, false
	}
	slices.SortStableFunc(kept, func(a, b hypercare.Sample) int { return a.Date.Compare(b.Date) })
	s.Samples = kept
	return s, true
}

func (f SeriesFilter) keeps(d hypercare.Date) bool {
	return (f.From.IsZero() || !d.Before(f.From)) && (f.Before.IsZero() || d.Before(f.Before))
}

// NamedRoster is a roster as the store lists it: the engagement it belongs
// to, the name it is kept under, and the roster.
type NamedRoster struct {
	Engagement hypercare.EngagementID `json:"engagement"`
	Name       string                 `json:"name"`
	Roster     hypercare.Roster       `json:"roster"`
}

// Collect drains a listing into a slice: every value it yields, or the
// values before its error and the error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// CorruptError says where a store file is damaged. errors.Is(err, ErrCorrupt)
// holds for it; use errors.As to read the place.
type CorruptError struct {
	// File is the path of the damaged file.
	File string `json:"file"`
	// Offset is the byte offset of the first damaged record (0 for the
	// header or a file missing altogether).
	Offset int64 `json:"offset"`
	// Reason says what is wrong there.
	Reason string `json:"reason"`
}

// Error returns "store: corrupt: FILE at offset N: REASON".
func (e *CorruptError) Error() string {
	return fmt.Sprintf("store: corrupt: %s at offset %d: %s", e.File, e.Offset, e.Reason)
}

// Unwrap returns ErrCorrupt.
func (e *CorruptError) Unwrap() error { return ErrCorrupt }
