package store

import (
	"encoding/json"
	"fmt"

	"github.com/hypercare-go/hypercare"
)

// tables is everything a store holds, in memory. Both backends keep one; the
// file backend rebuilds it from disk when it opens.
//
// Values in the tables are never changed in place, only replaced, so a value
// read under the lock may be used after it is released:
//   - an engagement is kept as its JSON, decoded afresh on every read, which
//     deep-copies it (and any field added to Engagement later) for free;
//   - an Issue is a value whose timeline can only grow through Append, which
//     never writes to an array another copy shares;
//   - a sign-off list is only ever appended to, and readers copy the slice.
//
// To add an entity kind (rosters, adoption samples): a map here, a lookup in
// view (and overlay) if writes must check it, a change type in changes.go, an
// op code with its codec in codec.go, its records in appendSnapshot, and the
// methods on base and Store.
type tables struct {
	engagements map[hypercare.EngagementID][]byte
	issues      map[hypercare.EngagementID]map[hypercare.IssueID]hypercare.Issue
	signOffs    map[hypercare.EngagementID][]hypercare.SignOff
}

func newTables() tables {
	return tables{
		engagements: map[hypercare.EngagementID][]byte{},
		issues:      map[hypercare.EngagementID]map[hypercare.IssueID]hypercare.Issue{},
		signOffs:    map[hypercare.EngagementID][]hypercare.SignOff{},
	}
}

func (t *tables) putIssue(is hypercare.Issue) {
	m := t.issues[is.Engagement]
	if m == nil {
		m = map[hypercare.IssueID]hypercare.Issue{}
		t.issues[is.Engagement] = m
	}
	m[is.ID] = is
}

// view is what a change checks itself against: the tables, or the tables
// plus the changes staged earlier in the same group commit.
type view interface {
	hasEngagement(id hypercare.EngagementID) bool
	issue(eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, bool)
}

func (t *tables) hasEngagement(id hypercare.EngagementID) bool {
	_, ok := t.engagements[id]
	return ok
}

func (t *tables) issue(eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, bool) {
	is, ok := t.issues[eng][id]
	return is, ok
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
	engagements map[hypercare.EngagementID]bool
	issues      map[issueKey]hypercare.Issue
}

func (o *overlay) hasEngagement(id hypercare.EngagementID) bool {
	return o.engagements[id] || o.base.hasEngagement(id)
}

func (o *overlay) issue(eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, bool) {
	if is, ok := o.issues[issueKey{eng, id}]; ok {
		return is, true
	}
	return o.base.issue(eng, id)
}

func (o *overlay) stageEngagement(id hypercare.EngagementID) {
	if o.engagements == nil {
		o.engagements = map[hypercare.EngagementID]bool{}
	}
	o.engagements[id] = true
}

func (o *overlay) stageIssue(is hypercare.Issue) {
	if o.issues == nil {
		o.issues = map[issueKey]hypercare.Issue{}
	}
	o.issues[issueKey{is.Engagement, is.ID}] = is
}

// encodeEngagement returns e's JSON, or an error wrapping ErrInvalid if e
// does not validate or would not decode again (a location that does not
// load by name): refusing it now beats a store that cannot be read.
func encodeEngagement(e hypercare.Engagement) ([]byte, error) {
	if err := e.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("%w: engagement %q: %w", ErrInvalid, e.ID, err)
	}
	if _, err := decodeEngagement(b); err != nil {
		return nil, fmt.Errorf("%w: engagement %q does not survive a JSON round trip: %w", ErrInvalid, e.ID, err)
	}
	return b, nil
}

func decodeEngagement(b []byte) (hypercare.Engagement, error) {
	var e hypercare.Engagement
	err := json.Unmarshal(b, &e)
	return e, err
}
