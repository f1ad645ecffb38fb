package store

import (
	"context"
	"iter"

	"github.com/hypercare-go/hypercare"
)

// Memory is a Store that keeps everything in memory, for tests and
// short-lived tools: it is lost when the process ends. It is safe for
// concurrent use. Engagements go through a JSON round trip on the way in and
// out, exactly as with the file backend, so a program tested against Memory
// meets the same rules on disk.
type Memory struct {
	base
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	m := &Memory{}
	m.t = newTables()
	m.commit = m.apply
	return m
}

func (m *Memory) apply(c change) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	if err := c.check(&m.t); err != nil {
		return err
	}
	c.apply(&m.t)
	return nil
}

// Close implements Store.Close, dropping everything the store held.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	m.closed, m.t = true, tables{}
	return nil
}

// CreateEngagement implements Store.CreateEngagement.
func (m *Memory) CreateEngagement(ctx context.Context, e hypercare.Engagement) error {
	return m.createEngagement(ctx, e)
}

// UpdateEngagement implements Store.UpdateEngagement.
func (m *Memory) UpdateEngagement(ctx context.Context, e hypercare.Engagement) error {
	return m.updateEngagement(ctx, e)
}

// Engagement implements Store.Engagement.
func (m *Memory) Engagement(ctx context.Context, id hypercare.EngagementID) (hypercare.Engagement, error) {
	return m.engagement(ctx, id)
}

// Engagements implements Store.Engagements.
func (m *Memory) Engagements(ctx context.Context) iter.Seq2[hypercare.Engagement, error] {
	return m.engagements(ctx)
}

// CreateIssue implements Store.CreateIssue.
func (m *Memory) CreateIssue(ctx context.Context, is hypercare.Issue) error {
	return m.createIssues(ctx, []hypercare.Issue{is})
}

// ImportIssues implements Store.ImportIssues.
func (m *Memory) ImportIssues(ctx context.Context, issues []hypercare.Issue) error {
	return m.createIssues(ctx, issues)
}

// AppendEvents implements Store.AppendEvents.
func (m *Memory) AppendEvents(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID, version int, events ...hypercare.Event) (hypercare.Issue, error) {
	return m.appendEvents(ctx, eng, id, version, events)
}

// UpdateIssue implements Store.UpdateIssue.
func (m *Memory) UpdateIssue(ctx context.Context, is hypercare.Issue) error {
	return m.updateIssue(ctx, is)
}

// Issue implements Store.Issue.
func (m *Memory) Issue(ctx context.Context, eng hypercare.EngagementID, id hypercare.IssueID) (hypercare.Issue, error) {
	return m.issue(ctx, eng, id)
}

// Issues implements Store.Issues.
func (m *Memory) Issues(ctx context.Context, f IssueFilter) iter.Seq2[hypercare.Issue, error] {
	return m.issues(ctx, f)
}

// AddSignOff implements Store.AddSignOff.
func (m *Memory) AddSignOff(ctx context.Context, s hypercare.SignOff) error {
	return m.addSignOff(ctx, s)
}

// SignOffs implements Store.SignOffs.
func (m *Memory) SignOffs(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[hypercare.SignOff, error] {
	return m.signOffs(ctx, eng)
}

// AddSamples implements Store.AddSamples.
func (m *Memory) AddSamples(ctx context.Context, eng hypercare.EngagementID, series ...hypercare.Series) error {
	return m.addSamples(ctx, eng, series)
}

// Series implements Store.Series.
func (m *Memory) Series(ctx context.Context, eng hypercare.EngagementID, flt SeriesFilter) iter.Seq2[hypercare.Series, error] {
	return m.series(ctx, eng, flt)
}

// PutRoster implements Store.PutRoster.
func (m *Memory) PutRoster(ctx context.Context, eng hypercare.EngagementID, name string, r hypercare.Roster) error {
	return m.putRoster(ctx, eng, name, r)
}

// Roster implements Store.Roster.
func (m *Memory) Roster(ctx context.Context, eng hypercare.EngagementID, name string) (hypercare.Roster, error) {
	return m.roster(ctx, eng, name)
}

// Rosters implements Store.Rosters.
func (m *Memory) Rosters(ctx context.Context, eng hypercare.EngagementID) iter.Seq2[NamedRoster, error] {
	return m.rosters(ctx, eng)
}
