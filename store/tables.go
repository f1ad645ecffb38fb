package store

import (
	"cmp"
	"encoding/json"
	"slices"

	"github.com/hypercare-go/hypercare"
)

// tables is everything a store holds, in memory. Both backends keep one; the
// file backend rebuilds it from disk when it opens.
//
// Values in the tables are never changed in place, only replaced, so a value
// read under the lock may be used after it is released:
//   - an engagement is kept as its JSON, decoded afresh on every read, which
//     deep-copies it (and any field added to Engagement later) for free;
//   - an Issue is held by pointer to a value that is never changed, only
//     replaced (a fresh copy, or a change's own result): a listing collects and sorts
//     the pointers under the lock and copies each Issue as it yields it. An
//     Issue's timeline can only grow through Append, which never writes to
//     an array another copy shares;
//   - a sign-off list is only ever appended to, and readers copy the slice;
//   - a series' samples are kept sorted by date and may be changed in place
//     under the write lock (a sample added in the middle), so readers copy
//     the samples they keep while they hold the read lock;
//   - a roster is kept as its JSON, like an engagement.
//
// To add an entity kind: a map here, a lookup in view (and overlay) if
// writes must check it, a change type in changes.go, an op code appended
// (never renumbered) with its codec in codec.go, its records in
// File.writeSnapshot, its validation in backend.go, the methods on Store and
// base, and storetest cases and a model action.
type tables struct {
	engagements map[hypercare.EngagementID][]byte
	issues      map[hypercare.EngagementID]map[hypercare.IssueID]*hypercare.Issue
	signOffs    map[hypercare.EngagementID][]hypercare.SignOff
	samples     map[hypercare.EngagementID]map[seriesKey][]hypercare.Sample
	rosters     map[hypercare.EngagementID]map[string][]byte
}

func newTables() tables {
	return tables{
		engagements: map[hypercare.EngagementID][]byte{},
		issues:      map[hypercare.EngagementID]map[hypercare.IssueID]*hypercare.Issue{},
		signOffs:    map[hypercare.EngagementID][]hypercare.SignOff{},
		samples:     map[hypercare.EngagementID]map[seriesKey][]hypercare.Sample{},
		rosters:     map[hypercare.EngagementID]map[string][]byte{},
	}
}

// seriesKey names an adoption series within its engagement.
type seriesKey struct {
	metric  hypercare.AdoptionMetric
	segment hypercare.Segment
}

func keyOf(s hypercare.Series) seriesKey { return seriesKey{s.Metric, s.Segment} }

func compareSeriesKeys(a, b seriesKey) int {
	return cmp.Or(
		cmp.Compare(a.metric.Kind, b.metric.Kind), cmp.Compare(a.metric.Name, b.metric.Name),
		cmp.Compare(a.segment.Dimension, b.segment.Dimension), cmp.Compare(a.segment.Name, b.segment.Name))
}

// addSamples merges samples, sorted by date and none of them stored, into
// the engagement's series. Samples after the last stored one, the daily
// case, are appended.
func (t *tables) addSamples(eng hypercare.EngagementID, s hypercare.Series) {
	m := t.samples[eng]
	if m == nil {
		m = map[seriesKey][]hypercare.Sample{}
		t.samples[eng] = m
	}
	k := keyOf(s)
	old := m[k]
	if len(old) == 0 || old[len(old)-1].Date.Before(s.Samples[0].Date) {
		m[k] = append(old, s.Samples...)
		return
	}
	merged := make([]hypercare.Sample, 0, len(old)+len(s.Samples))
	i, j := 0, 0
	for i < len(old) && j < len(s.Samples) {
		if old[i].Date.Before(s.Samples[j].Date) {
			merged = append(merged, old[i])
			i++
		} else {
			merged = append(merged, s.Samples[j])
			j++
		}
	}
	m[k] = append(append(merged, old[i:]...), s.Samples[j:]...)
}

// putIssuePtr stores the issue p points to, replacing the issue of its key
// (never changing it in place: listings may still hold the old one). Nothing
// may change *p from now on: it is a change's own result or copy, never a
// value its caller holds.
func (t *tables) putIssuePtr(p *hypercare.Issue) {
	m := t.issues[p.Engagement]
	if m == nil {
		m = map[hypercare.IssueID]*hypercare.Issue{}
		t.issues[p.Engagement] = m
	}
	m[p.ID] = p
}

// purge removes an engagement and everything of it.
func (t *tables) purge(eng hypercare.EngagementID) {
	delete(t.engagements, eng)
	delete(t.issues, eng)
	delete(t.signOffs, eng)
	delete(t.samples, eng)
	delete(t.rosters, eng)
}

// view is what a change checks itself against: the tables, or the tables
// plus the changes staged earlier in the same group commit.
type view interface {
	hasEngagement(id hypercare.EngagementID) bool
	// engagement returns the engagement's JSON.
	engagement(id hypercare.EngagementID) ([]byte, bool)
	// hasSignOff reports whether a sign-off equal to s (sameSignOff) is
	// stored.
	hasSignOff(s hypercare.SignOff) bool
	issue(eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, bool)
	// holdsIssues reports whether the engagement may hold an issue: if
	// not, issue(eng, id) finds none, whatever the id.
	holdsIssues(eng hypercare.EngagementID) bool
	// storedDate returns the first of the samples (sorted by date) whose
	// date the series k already has.
	storedDate(eng hypercare.EngagementID, k seriesKey, samples []hypercare.Sample) (hypercare.Date, bool)
}

func (t *tables) hasEngagement(id hypercare.EngagementID) bool {
	_, ok := t.engagements[id]
	return ok
}

func (t *tables) engagement(id hypercare.EngagementID) ([]byte, bool) {
	js, ok := t.engagements[id]
	return js, ok
}

func (t *tables) hasSignOff(s hypercare.SignOff) bool {
	return slices.ContainsFunc(t.signOffs[s.Engagement], func(x hypercare.SignOff) bool { return sameSignOff(x, s) })
}

// sameSignOff reports whether a and b are the same sign-off: equal in every
// field, their instants compared with Equal.
func sameSignOff(a, b hypercare.SignOff) bool {
	return a.Engagement == b.Engagement && a.By == b.By && a.Role == b.Role && a.At.Equal(b.At) && a.Note == b.Note
}

func (t *tables) issue(eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, bool) {
	if p := t.issues[eng][id]; p != nil {
		return *p, true
	}
	return hypercare.Issue{}, false
}

func (t *tables) holdsIssues(eng hypercare.EngagementID) bool { return len(t.issues[eng]) > 0 }

func (t *tables) storedDate(eng hypercare.EngagementID, k seriesKey, samples []hypercare.Sample) (hypercare.Date, bool) {
	return commonDate(t.samples[eng][k], samples)
}

// commonDate returns the first date of b found in a; both are sorted by
// date.
func commonDate(a, b []hypercare.Sample) (hypercare.Date, bool) {
	if len(a) == 0 || len(b) == 0 || a[len(a)-1].Date.Before(b[0].Date) {
		return hypercare.Date{}, false // the daily case: new dates after the last
	}
	byDate := func(x hypercare.Sample, d hypercare.Date) int { return x.Date.Compare(d) }
	for _, x := range b {
		if _, found := slices.BinarySearchFunc(a, x.Date, byDate); found {
			return x.Date, true
		}
	}
	return hypercare.Date{}, false
}

type issueKey struct {
	eng hypercare.EngagementID
	id  hypercare.IssueID
}

// overlay is the tables as they will be once the changes staged in it are
// committed. The file backend checks each change of a group commit against
// it, so readers of the tables never see a write before it is durable.
type overlay struct {
	base        *tables
	engagements map[hypercare.EngagementID][]byte // nil: purged
	issues      map[issueKey]stagedIssue
	purged      map[hypercare.EngagementID]bool       // purged in this group
	samples     map[engSeriesKey][][]hypercare.Sample // runs sorted by date
	signOffs    []hypercare.SignOff
}

// stagedIssue is an issue as a staged change leaves it: deleted, or is.
type stagedIssue struct {
	is      hypercare.Issue
	deleted bool
}

type engSeriesKey struct {
	eng hypercare.EngagementID
	seriesKey
}

func (o *overlay) hasEngagement(id hypercare.EngagementID) bool {
	_, ok := o.engagement(id)
	return ok
}

func (o *overlay) engagement(id hypercare.EngagementID) ([]byte, bool) {
	if js, ok := o.engagements[id]; ok {
		return js, js != nil
	}
	return o.base.engagement(id)
}

func (o *overlay) hasSignOff(s hypercare.SignOff) bool {
	if slices.ContainsFunc(o.signOffs, func(x hypercare.SignOff) bool { return sameSignOff(x, s) }) {
		return true
	}
	return !o.purged[s.Engagement] && o.base.hasSignOff(s)
}

func (o *overlay) issue(eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, bool) {
	if st, ok := o.issues[issueKey{eng, id}]; ok {
		return st.is, !st.deleted
	}
	if o.purged[eng] {
		return hypercare.Issue{}, false
	}
	return o.base.issue(eng, id)
}

func (o *overlay) holdsIssues(eng hypercare.EngagementID) bool {
	if len(o.issues) > 0 {
		return true // staged by the group's earlier writes: look them up
	}
	return !o.purged[eng] && o.base.holdsIssues(eng)
}

func (o *overlay) storedDate(eng hypercare.EngagementID, k seriesKey, samples []hypercare.Sample) (hypercare.Date, bool) {
	for _, run := range o.samples[engSeriesKey{eng, k}] {
		if d, ok := commonDate(run, samples); ok {
			return d, true
		}
	}
	if o.purged[eng] {
		return hypercare.Date{}, false
	}
	return o.base.storedDate(eng, k, samples)
}

func (o *overlay) stageDelete(k issueKey) {
	if o.issues == nil {
		o.issues = map[issueKey]stagedIssue{}
	}
	o.issues[k] = stagedIssue{deleted: true}
}

// stagePurge forgets what the group staged for eng, and hides what the
// tables hold of it.
func (o *overlay) stagePurge(eng hypercare.EngagementID) {
	if o.engagements == nil {
		o.engagements = map[hypercare.EngagementID][]byte{}
	}
	if o.purged == nil {
		o.purged = map[hypercare.EngagementID]bool{}
	}
	o.engagements[eng], o.purged[eng] = nil, true
	for k := range o.issues {
		if k.eng == eng {
			delete(o.issues, k)
		}
	}
	for k := range o.samples {
		if k.eng == eng {
			delete(o.samples, k)
		}
	}
	o.signOffs = slices.DeleteFunc(o.signOffs, func(s hypercare.SignOff) bool { return s.Engagement == eng })
}

func (o *overlay) stageSignOff(s hypercare.SignOff) { o.signOffs = append(o.signOffs, s) }

func (o *overlay) stageSamples(eng hypercare.EngagementID, s hypercare.Series) {
	if o.samples == nil {
		o.samples = map[engSeriesKey][][]hypercare.Sample{}
	}
	k := engSeriesKey{eng, keyOf(s)}
	o.samples[k] = append(o.samples[k], s.Samples)
}

func (o *overlay) stageEngagement(id hypercare.EngagementID, js []byte) {
	if o.engagements == nil {
		o.engagements = map[hypercare.EngagementID][]byte{}
	}
	o.engagements[id] = js
}

func (o *overlay) stageIssue(is hypercare.Issue) {
	if o.issues == nil {
		o.issues = map[issueKey]stagedIssue{}
	}
	o.issues[issueKey{is.Engagement, is.ID}] = stagedIssue{is: is}
}

func decodeEngagement(b []byte) (hypercare.Engagement, error) {
	var e hypercare.Engagement
	err := json.Unmarshal(b, &e)
	return e, err
}

func decodeRoster(b []byte) (hypercare.Roster, error) {
	var r hypercare.Roster
	err := json.Unmarshal(b, &r)
	return r, err
}
