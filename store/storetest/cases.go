package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

func (h harness) testEngagements(t *testing.T) {
	s, _ := h.open(t)
	erp, crm := fixtureEngagement(t), otherEngagement(t)

	_, err := s.Engagement(bg, "erp")
	wantErr(t, "Engagement before create", err, store.ErrNotFound)
	wantErr(t, "UpdateEngagement before create", s.UpdateEngagement(bg, erp), store.ErrNotFound)
	must(t, "CreateEngagement erp", s.CreateEngagement(bg, erp))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, crm))
	wantErr(t, "CreateEngagement twice", s.CreateEngagement(bg, erp), store.ErrExists)

	got, err := s.Engagement(bg, "erp")
	must(t, "Engagement", err)
	if d := diff(erp, got); d != "" {
		t.Errorf("Engagement mismatch (-want +got):\n%s", d)
	}
	if d := diff([]hypercare.Engagement{crm, erp}, collect(t, "Engagements", s.Engagements(bg))); d != "" {
		t.Errorf("Engagements mismatch (-want +got):\n%s", d)
	}

	// Extending the hypercare: the planned end moves, the last update wins.
	erp.PlannedEnd = erp.PlannedEnd.AddDate(0, 0, 14)
	erp.Name = "ERP go-live (extended)"
	must(t, "UpdateEngagement", s.UpdateEngagement(bg, erp))
	got, err = s.Engagement(bg, "erp")
	must(t, "Engagement after update", err)
	if d := diff(erp, got); d != "" {
		t.Errorf("Engagement after update mismatch (-want +got):\n%s", d)
	}

	bad := erp
	bad.Location = nil
	wantErr(t, "UpdateEngagement with no location", s.UpdateEngagement(bg, bad), store.ErrInvalid)
	bad = crm
	bad.ID = "hr"
	bad.PlannedEnd = bad.GoLive
	wantErr(t, "CreateEngagement ending at go-live", s.CreateEngagement(bg, bad), store.ErrInvalid)
	bad = crm
	bad.ID = "fixed"
	bad.Location = time.FixedZone("NOWHERE", 3600)
	wantErr(t, "CreateEngagement with a zone that does not load by name", s.CreateEngagement(bg, bad), store.ErrInvalid)
	bad = crm
	bad.ID = "crm\xff" // JSON would make it "crm\uFFFD"
	wantErr(t, "CreateEngagement with an ID that is not UTF-8", s.CreateEngagement(bg, bad), store.ErrInvalid)
	_, err = s.Engagement(bg, "hr")
	wantErr(t, "Engagement refused", err, store.ErrNotFound)
}

func (h harness) testIssues(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	issues := fixtureIssues(t)
	wantErr(t, "CreateIssue of an unknown engagement", s.CreateIssue(bg, issues[0]), store.ErrNotFound)
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	for _, is := range issues {
		must(t, "CreateIssue "+string(is.ID), s.CreateIssue(bg, is))
	}
	wantErr(t, "CreateIssue twice", s.CreateIssue(bg, issues[1]), store.ErrExists)
	wantErr(t, "CreateIssue with an empty ID", s.CreateIssue(bg, hypercare.Issue{Engagement: "erp"}), store.ErrInvalid)

	// IDs are unique within an engagement: the same ID elsewhere is another issue.
	twin := issues[1]
	twin.Engagement, twin.Title = "crm", "a different issue"
	must(t, "CreateIssue of the same ID in another engagement", s.CreateIssue(bg, twin))
	// An issue may belong to no engagement, and may have no events yet.
	loose := hypercare.Issue{ID: "INC-1", Title: "not triaged yet"}
	must(t, "CreateIssue with no engagement and no events", s.CreateIssue(bg, loose))

	for _, want := range append(issues, twin, loose) {
		got, err := s.Issue(bg, want.Engagement, want.ID)
		must(t, "Issue "+string(want.ID), err)
		if d := diff(want, got); d != "" {
			t.Errorf("Issue %s/%s mismatch (-want +got):\n%s", want.Engagement, want.ID, d)
		}
		if d := diff(want.State(), got.State()); d != "" {
			t.Errorf("Issue %s/%s state mismatch (-want +got):\n%s", want.Engagement, want.ID, d)
		}
	}
	_, err := s.Issue(bg, "erp", "INC-99")
	wantErr(t, "Issue unknown", err, store.ErrNotFound)
	_, err = s.Issue(bg, "hr", "INC-1")
	wantErr(t, "Issue of an unknown engagement", err, store.ErrNotFound)
}

func (h harness) testAppendEvents(t *testing.T) {
	s, _ := h.openWithIssue(t)
	base := goLive(t)

	respond := hypercare.Event{Type: hypercare.EventResponded, At: base.Add(10 * time.Minute), Person: "ana"}
	escalate := hypercare.Event{Type: hypercare.EventEscalated, At: base.Add(20 * time.Minute), Person: "ana"}
	got, err := s.AppendEvents(bg, "erp", "INC-7", 1, respond, escalate)
	must(t, "AppendEvents", err)
	if got.Len() != 3 || got.State().Team != hypercare.Project || !got.State().Escalated {
		t.Errorf("AppendEvents returned len %d, state %+v; want 3 events, escalated to the project team", got.Len(), got.State())
	}

	// A writer that read version 1 is now stale, and so is one from the future.
	resolve := hypercare.Event{Type: hypercare.EventResolved, At: base.Add(time.Hour), Person: "ana", Team: hypercare.Project}
	_, err = s.AppendEvents(bg, "erp", "INC-7", 1, resolve)
	wantErr(t, "AppendEvents at a stale version", err, store.ErrConflict)
	_, err = s.AppendEvents(bg, "erp", "INC-7", 4, resolve)
	wantErr(t, "AppendEvents at a future version", err, store.ErrConflict)
	_, err = s.AppendEvents(bg, "erp", "INC-8", 0, resolve)
	wantErr(t, "AppendEvents to an unknown issue", err, store.ErrNotFound)

	// A malformed event leaves the timeline unchanged, all or none.
	noTeam := hypercare.Event{Type: hypercare.EventAssigned, At: base.Add(-time.Hour)}
	_, err = s.AppendEvents(bg, "erp", "INC-7", 3, resolve, noTeam)
	wantErr(t, "AppendEvents of an assignment without a team", err, store.ErrInvalid)
	_, err = s.AppendEvents(bg, "erp", "INC-7", 3, hypercare.Event{Type: hypercare.EventResolved, At: base.Add(time.Hour), Severity: hypercare.Sev1})
	wantErr(t, "AppendEvents of a resolution with a severity", err, store.ErrInvalid)

	// No events: only the version is checked.
	_, err = s.AppendEvents(bg, "erp", "INC-7", 2)
	wantErr(t, "AppendEvents of nothing at a stale version", err, store.ErrConflict)
	_, err = s.AppendEvents(bg, "erp", "INC-7", 3)
	must(t, "AppendEvents of nothing", err)

	got, err = s.AppendEvents(bg, "erp", "INC-7", 3, resolve)
	must(t, "AppendEvents resolve", err)
	stored, err := s.Issue(bg, "erp", "INC-7")
	must(t, "Issue", err)
	want := issue(t, "erp", "INC-7", "cannot log in", opened(base, hypercare.Sev2, hypercare.Defect), respond, escalate, resolve)
	for what, is := range map[string]hypercare.Issue{"returned": got, "stored": stored} {
		if d := diff(want, is); d != "" {
			t.Errorf("%s issue mismatch (-want +got):\n%s", what, d)
		}
	}
	if st := stored.State(); st.Status != hypercare.StatusResolved || st.ResolvedBy != "ana" {
		t.Errorf("state = %+v, want resolved by ana", st)
	}
}

func (h harness) testUpdateIssue(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	is := fixtureIssues(t)[2] // INC-2, 3 events
	must(t, "CreateIssue", s.CreateIssue(bg, is))

	is.Title = "approval flow: users need a walkthrough"
	is.Workaround = "the quick guide on the intranet, page 4"
	is.FixExpected = goLive(t).AddDate(0, 0, 5)
	must(t, "UpdateIssue", s.UpdateIssue(bg, is))
	got, err := s.Issue(bg, "erp", "INC-2")
	must(t, "Issue", err)
	if d := diff(is, got); d != "" {
		t.Errorf("after UpdateIssue (-want +got):\n%s", d)
	}

	// Someone appends an event: the copy read before is stale.
	_, err = s.AppendEvents(bg, "erp", "INC-2", 3, hypercare.Event{Type: hypercare.EventResolved, At: goLive(t).AddDate(0, 0, 1), Person: "bo"})
	must(t, "AppendEvents", err)
	is.Workaround = "stale"
	wantErr(t, "UpdateIssue at a stale version", s.UpdateIssue(bg, is), store.ErrConflict)
	ghost := is
	ghost.ID = "INC-404"
	wantErr(t, "UpdateIssue of an unknown issue", s.UpdateIssue(bg, ghost), store.ErrNotFound)

	// The descriptive fields move, the timeline does not: an issue with
	// other events but the right length only changes its details.
	got, err = s.Issue(bg, "erp", "INC-2")
	must(t, "Issue", err)
	if got.Workaround != "the quick guide on the intranet, page 4" || got.Len() != 4 {
		t.Errorf("after a refused update: workaround %q, %d events; want the earlier workaround and 4 events", got.Workaround, got.Len())
	}
}

func (h harness) testImportIssues(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	issues := fixtureIssues(t)

	// All or none: a duplicate inside the batch, or one already stored, or an
	// unknown engagement, and nothing is stored.
	dup := append(append([]hypercare.Issue{}, issues...), issues[3])
	wantErr(t, "ImportIssues with a duplicate", s.ImportIssues(bg, dup), store.ErrExists)
	orphan := append(append([]hypercare.Issue{}, issues...), hypercare.Issue{ID: "X-1", Engagement: "hr"})
	wantErr(t, "ImportIssues with an unknown engagement", s.ImportIssues(bg, orphan), store.ErrNotFound)
	if got := collect(t, "Issues", s.Issues(bg, store.IssueFilter{})); len(got) != 0 {
		t.Fatalf("a refused import stored %d issues", len(got))
	}

	must(t, "ImportIssues", s.ImportIssues(bg, issues))
	must(t, "ImportIssues of nothing", s.ImportIssues(bg, nil))
	if d := diff(issues, collect(t, "Issues", s.Issues(bg, store.IssueFilter{}))); d != "" {
		t.Errorf("Issues after import (-want +got):\n%s", d)
	}
	wantErr(t, "ImportIssues again", s.ImportIssues(bg, issues[4:]), store.ErrExists)
}

func (h harness) testFilter(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	must(t, "ImportIssues", s.ImportIssues(bg, fixtureIssues(t)))
	berlinDay := func(n int) time.Time {
		g := goLive(t)
		return time.Date(g.Year(), g.Month(), g.Day()+n, 0, 0, 0, 0, g.Location())
	}
	for _, tc := range []struct {
		name string
		f    store.IssueFilter
		want []hypercare.IssueID
	}{
		{"everything", store.IssueFilter{}, []hypercare.IssueID{"CRM-1", "INC-1", "INC-2", "INC-3", "INC-4", "INC-5"}},
		{"one engagement", store.IssueFilter{Engagement: "erp"}, []hypercare.IssueID{"INC-1", "INC-2", "INC-3", "INC-4", "INC-5"}},
		{"the other engagement", store.IssueFilter{Engagement: "crm"}, []hypercare.IssueID{"CRM-1"}},
		{"an unknown engagement", store.IssueFilter{Engagement: "hr"}, nil},
		{"Sev1, including by reclassification", store.IssueFilter{Severities: []hypercare.Severity{hypercare.Sev1}}, []hypercare.IssueID{"INC-1", "INC-4"}},
		{"defects", store.IssueFilter{Kinds: []hypercare.Kind{hypercare.Defect}}, []hypercare.IssueID{"INC-1", "INC-4"}},
		{"training gaps and questions", store.IssueFilter{Kinds: []hypercare.Kind{hypercare.TrainingGap, hypercare.Question}}, []hypercare.IssueID{"CRM-1", "INC-2", "INC-3"}},
		{"open or paused", store.IssueFilter{Engagement: "erp", Statuses: []hypercare.Status{hypercare.StatusOpen, hypercare.StatusPaused}}, []hypercare.IssueID{"INC-2", "INC-3", "INC-4", "INC-5"}},
		{"resolved", store.IssueFilter{Statuses: []hypercare.Status{hypercare.StatusResolved}}, []hypercare.IssueID{"INC-1"}},
		{"open Sev2/3, not paused", store.IssueFilter{Engagement: "erp", Severities: []hypercare.Severity{hypercare.Sev2, hypercare.Sev3}, Statuses: []hypercare.Status{hypercare.StatusOpen}}, []hypercare.IssueID{"INC-2", "INC-5"}},
		{"opened on days 1 and 2", store.IssueFilter{OpenedFrom: berlinDay(1), OpenedBefore: berlinDay(3)}, []hypercare.IssueID{"INC-3", "INC-4"}},
		{"opened from day 3", store.IssueFilter{Engagement: "erp", OpenedFrom: berlinDay(3)}, []hypercare.IssueID{"INC-5"}},
		{"opened before day 0 10:00, exclusive", store.IssueFilter{OpenedBefore: berlinDay(0).Add(10 * time.Hour)}, []hypercare.IssueID{"INC-1"}},
		{"opened from day 0 10:00, inclusive", store.IssueFilter{Engagement: "erp", OpenedFrom: berlinDay(0).Add(10 * time.Hour), OpenedBefore: berlinDay(1)}, []hypercare.IssueID{"INC-2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []hypercare.IssueID
			for _, is := range collect(t, "Issues", s.Issues(bg, tc.f)) {
				got = append(got, is.ID)
			}
			if d := diff(tc.want, got); d != "" {
				t.Errorf("Issues(%+v) mismatch (-want +got):\n%s", tc.f, d)
			}
		})
	}
	for _, f := range []store.IssueFilter{
		{Severities: []hypercare.Severity{0}},
		{Kinds: []hypercare.Kind{99}},
		{Statuses: []hypercare.Status{0}},
	} {
		wantErr(t, fmt.Sprintf("Issues(%+v)", f), firstErr(s.Issues(bg, f)), store.ErrInvalid)
	}

	// Stopping early is allowed, and a listing can be ranged twice.
	seq := s.Issues(bg, store.IssueFilter{})
	for range seq {
		break
	}
	if n := len(collect(t, "Issues again", seq)); n != 6 {
		t.Errorf("ranging a listing again gave %d issues, want 6", n)
	}
}

func (h harness) testSignOffs(t *testing.T) {
	s, _ := h.open(t)
	at := goLive(t).AddDate(0, 0, 27)
	first := hypercare.SignOff{Engagement: "erp", By: "ana", Role: hypercare.RoleLead, At: at, Note: "all exit criteria met"}
	wantErr(t, "AddSignOff before the engagement", s.AddSignOff(bg, first), store.ErrNotFound)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	second := hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: at.Add(time.Hour)}
	other := hypercare.SignOff{Engagement: "crm", By: "sam", Role: hypercare.RoleSponsor, At: otherEngagement(t).GoLive.AddDate(0, 0, 20)}
	must(t, "AddSignOff", s.AddSignOff(bg, first))
	must(t, "AddSignOff crm", s.AddSignOff(bg, other))
	must(t, "AddSignOff", s.AddSignOff(bg, second))
	// An identical sign-off is stored once; one that differs is another.
	must(t, "AddSignOff the same again", s.AddSignOff(bg, second))
	again := second
	again.At = second.At.UTC()
	must(t, "AddSignOff the same in another zone", s.AddSignOff(bg, again))
	third := second
	third.Note = "and again, with a note"
	must(t, "AddSignOff with a note", s.AddSignOff(bg, third))
	if d := diff([]hypercare.SignOff{first, second, third}, collect(t, "SignOffs", s.SignOffs(bg, "erp"))); d != "" {
		t.Errorf("SignOffs mismatch (-want +got):\n%s", d)
	}
	if got := collect(t, "SignOffs of an unknown engagement", s.SignOffs(bg, "hr")); len(got) != 0 {
		t.Errorf("SignOffs of an unknown engagement = %v, want none", got)
	}
	for name, bad := range map[string]hypercare.SignOff{
		"no engagement":  {By: "sam", Role: hypercare.RoleSponsor, At: at},
		"nobody":         {Engagement: "erp", Role: hypercare.RoleSponsor, At: at},
		"no role":        {Engagement: "erp", By: "sam", At: at},
		"no time":        {Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor},
		"before go-live": {Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: goLive(t).Add(-time.Minute)},
	} {
		wantErr(t, "AddSignOff with "+name, s.AddSignOff(bg, bad), store.ErrInvalid)
	}
}

// testCopies checks that values are copied in and out: changing what was
// passed in, or what came out, never changes the store.
func (h harness) testCopies(t *testing.T) {
	s, _ := h.open(t)
	e := fixtureEngagement(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, e))
	want := fixtureEngagement(t)
	e.People[0].Name = "changed after create"
	e.People[0].Roles[0] = hypercare.RoleAgent
	e.Policy.Targets[0].Within = time.Nanosecond
	e.Phases[0].Policy.Targets[0].Within = time.Nanosecond
	got, err := s.Engagement(bg, "erp")
	must(t, "Engagement", err)
	if d := diff(want, got); d != "" {
		t.Fatalf("changing the engagement passed in changed the store (-want +got):\n%s", d)
	}
	got.People[1].Skills = append(got.People[1].Skills, "changed after get")
	got.People[0].Roles[0] = hypercare.RoleAgent
	got.Phases[0].Policy.Name = "changed after get"
	got.Policy.Targets[1].Within = time.Nanosecond
	for g, err := range s.Engagements(bg) {
		must(t, "Engagements", err)
		g.People[0].Name = "changed while listing"
	}
	if got, err = s.Engagement(bg, "erp"); err != nil || diff(want, got) != "" {
		t.Fatalf("changing an engagement read back changed the store (-want +got):\n%s", diff(want, got))
	}

	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	issues := fixtureIssues(t)
	wantIssues := fixtureIssues(t)
	must(t, "ImportIssues", s.ImportIssues(bg, issues[:3]))
	must(t, "CreateIssue", s.CreateIssue(bg, issues[3]))
	must(t, "CreateIssue", s.CreateIssue(bg, issues[4]))
	late := goLive(t).AddDate(0, 0, 20)
	issues[0].Title = "changed after import"
	must(t, "Append to the slice passed in", issues[1].Append(hypercare.Event{Type: hypercare.EventReopened, At: late}))
	must(t, "Append to the issue passed in", issues[3].Append(hypercare.Event{Type: hypercare.EventResponded, At: late}))
	issues[3].Workaround = "changed after create"

	events := []hypercare.Event{{Type: hypercare.EventResponded, At: late, Person: "ana"}}
	is4, err := s.AppendEvents(bg, "erp", "INC-4", 2, events...)
	must(t, "AppendEvents", err)
	wantIssues[4] = issue(t, "erp", "INC-4", wantIssues[4].Title, append(wantIssues[4].Events(), events[0])...)
	events[0].Person = "changed after append"
	must(t, "Append to the issue returned", is4.Append(hypercare.Event{Type: hypercare.EventResolved, At: late}))
	for is, err := range s.Issues(bg, store.IssueFilter{}) {
		must(t, "Issues", err)
		is.Title = "changed while listing"
		if is.State().IsOpen() {
			must(t, "Append to a listed issue", is.Append(hypercare.Event{Type: hypercare.EventResolved, At: late.AddDate(1, 0, 0)}))
		}
	}
	for _, want := range wantIssues[:5] {
		got, err := s.Issue(bg, want.Engagement, want.ID)
		must(t, "Issue", err)
		if d := diff(want, got); d != "" {
			t.Errorf("changing issues passed in or read back changed %s (-want +got):\n%s", want.ID, d)
		}
	}

	so := hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: late, Note: "ok"}
	must(t, "AddSignOff", s.AddSignOff(bg, so))
	for got, err := range s.SignOffs(bg, "erp") {
		must(t, "SignOffs", err)
		got.Note = "changed while listing"
	}
	if d := diff([]hypercare.SignOff{so}, collect(t, "SignOffs", s.SignOffs(bg, "erp"))); d != "" {
		t.Errorf("SignOffs (-want +got):\n%s", d)
	}

	series := fixtureSeries()
	must(t, "AddSamples", s.AddSamples(bg, "erp", series...))
	series[0].Samples[0].Value = 119
	series[1].Samples = append(series[1].Samples[:1], hypercare.Sample{Date: day(30), Value: 1, Base: 40})
	series[2].Segment.Name = "changed after add"
	for got, err := range s.Series(bg, "erp", store.SeriesFilter{}) {
		must(t, "Series", err)
		got.Samples[0].Base = 1e9
		got.Metric.Name = "changed while listing"
	}
	if d := diff(fixtureSeries(), collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{}))); d != "" {
		t.Errorf("changing samples passed in or read back changed the store (-want +got):\n%s", d)
	}

	r := fixtureRoster(t)
	must(t, "PutRoster", s.PutRoster(bg, "erp", "week 1", r))
	r.Shifts[0].People[0] = "changed after put"
	r.Shifts[0].Skills[0] = "changed after put"
	r.Loads[0].Total = time.Nanosecond
	gotR, err := s.Roster(bg, "erp", "week 1")
	must(t, "Roster", err)
	gotR.Shifts[1].People[0] = "changed after get"
	for nr, err := range s.Rosters(bg, "erp") {
		must(t, "Rosters", err)
		nr.Roster.Shifts[0].Skills[0] = "changed while listing"
	}
	gotR, err = s.Roster(bg, "erp", "week 1")
	must(t, "Roster", err)
	if d := diff(fixtureRoster(t), gotR); d != "" {
		t.Errorf("changing a roster passed in or read back changed the store (-want +got):\n%s", d)
	}
}

func (h harness) testClosed(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "Close", s.Close())
	is := fixtureIssues(t)[1]
	_, errGet := s.Engagement(bg, "erp")
	_, errIssue := s.Issue(bg, "erp", "INC-1")
	_, errAppend := s.AppendEvents(bg, "erp", "INC-1", 3)
	_, errRoster := s.Roster(bg, "erp", "week 1")
	for what, err := range map[string]error{
		"Close":            s.Close(),
		"CreateEngagement": s.CreateEngagement(bg, otherEngagement(t)),
		"UpdateEngagement": s.UpdateEngagement(bg, fixtureEngagement(t)),
		"Engagement":       errGet,
		"Engagements":      firstErr(s.Engagements(bg)),
		"CreateIssue":      s.CreateIssue(bg, is),
		"ImportIssues":     s.ImportIssues(bg, []hypercare.Issue{is}),
		"AppendEvents":     errAppend,
		"UpdateIssue":      s.UpdateIssue(bg, is),
		"Issue":            errIssue,
		"Issues":           firstErr(s.Issues(bg, store.IssueFilter{})),
		"AddSignOff":       s.AddSignOff(bg, hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: goLive(t)}),
		"SignOffs":         firstErr(s.SignOffs(bg, "erp")),
		"AddSamples":       s.AddSamples(bg, "erp", fixtureSeries()...),
		"Series":           firstErr(s.Series(bg, "erp", store.SeriesFilter{})),
		"PutRoster":        s.PutRoster(bg, "erp", "week 1", fixtureRoster(t)),
		"Roster":           errRoster,
		"Rosters":          firstErr(s.Rosters(bg, "erp")),
	} {
		wantErr(t, what+" after Close", err, store.ErrClosed)
	}
}

func (h harness) testContext(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateIssue", s.CreateIssue(bg, fixtureIssues(t)[2]))
	ctx, cancel := context.WithCancel(bg)
	cancel()
	is := fixtureIssues(t)[1]
	_, errGet := s.Engagement(ctx, "erp")
	_, errIssue := s.Issue(ctx, "erp", "INC-2")
	_, errAppend := s.AppendEvents(ctx, "erp", "INC-2", 3, hypercare.Event{Type: hypercare.EventResolved, At: goLive(t).AddDate(0, 0, 2)})
	_, errRoster := s.Roster(ctx, "erp", "week 1")
	for what, err := range map[string]error{
		"CreateEngagement": s.CreateEngagement(ctx, otherEngagement(t)),
		"UpdateEngagement": s.UpdateEngagement(ctx, fixtureEngagement(t)),
		"Engagement":       errGet,
		"Engagements":      firstErr(s.Engagements(ctx)),
		"CreateIssue":      s.CreateIssue(ctx, is),
		"ImportIssues":     s.ImportIssues(ctx, []hypercare.Issue{is}),
		"AppendEvents":     errAppend,
		"UpdateIssue":      s.UpdateIssue(ctx, is),
		"Issue":            errIssue,
		"Issues":           firstErr(s.Issues(ctx, store.IssueFilter{})),
		"AddSignOff":       s.AddSignOff(ctx, hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: goLive(t)}),
		"SignOffs":         firstErr(s.SignOffs(ctx, "erp")),
		"AddSamples":       s.AddSamples(ctx, "erp", fixtureSeries()...),
		"Series":           firstErr(s.Series(ctx, "erp", store.SeriesFilter{})),
		"PutRoster":        s.PutRoster(ctx, "erp", "week 1", fixtureRoster(t)),
		"Roster":           errRoster,
		"Rosters":          firstErr(s.Rosters(ctx, "erp")),
	} {
		wantErr(t, what+" with a cancelled context", err, context.Canceled)
	}
	if n := len(collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{}))); n != 0 {
		t.Errorf("%d series after a cancelled AddSamples, want none", n)
	}
	if n := len(collect(t, "Rosters", s.Rosters(bg, "erp"))); n != 0 {
		t.Errorf("%d rosters after a cancelled PutRoster, want none", n)
	}
	// Nothing was written.
	if n := len(collect(t, "Engagements", s.Engagements(bg))); n != 1 {
		t.Errorf("%d engagements after cancelled writes, want 1", n)
	}
	got, err := s.Issue(bg, "erp", "INC-2")
	must(t, "Issue", err)
	if got.Len() != 3 {
		t.Errorf("issue has %d events after a cancelled append, want 3", got.Len())
	}
}

// testConcurrentAppends has writers race to append to one issue, each
// retrying on ErrConflict: no append may be lost or applied twice.
func (h harness) testConcurrentAppends(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	base := goLive(t)
	must(t, "CreateIssue", s.CreateIssue(bg, issue(t, "erp", "INC-9", "flaky sync", opened(base, hypercare.Sev2, hypercare.Defect))))
	const writers, each = 8, 6
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		conflicts int
	)
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < each; {
				is, err := s.Issue(bg, "erp", "INC-9")
				if err != nil {
					errs <- err
					return
				}
				// Pause and resume alternate; the version orders the times.
				v := is.Len()
				e := hypercare.Event{Type: hypercare.EventPaused, At: base.Add(time.Duration(v) * time.Minute), Reason: fmt.Sprintf("writer %d", w)}
				if is.State().Status == hypercare.StatusPaused {
					e = hypercare.Event{Type: hypercare.EventResumed, At: e.At}
				}
				_, err = s.AppendEvents(bg, "erp", "INC-9", v, e)
				switch {
				case errors.Is(err, store.ErrConflict):
					mu.Lock()
					conflicts++
					mu.Unlock()
				case err != nil:
					errs <- err
					return
				default:
					done++
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent append: %v", err)
	}
	is, err := s.Issue(bg, "erp", "INC-9")
	must(t, "Issue", err)
	if got, want := is.Len(), 1+writers*each; got != want {
		t.Fatalf("issue has %d events, want %d: appends were lost or doubled", got, want)
	}
	for i, e := range is.Events()[1:] {
		if want := base.Add(time.Duration(i+1) * time.Minute); !e.At.Equal(want) {
			t.Fatalf("event %d at %s, want %s", i+1, e.At, want)
		}
	}
	t.Logf("%d conflicts retried", conflicts)
}

// testReopen checks a durable backend keeps everything across Close and Open.
func (h harness) testReopen(t *testing.T) {
	s, dir := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	issues := fixtureIssues(t)
	must(t, "ImportIssues", s.ImportIssues(bg, issues[:4]))
	must(t, "CreateIssue", s.CreateIssue(bg, issues[4]))
	so := hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: goLive(t).AddDate(0, 0, 27)}
	must(t, "AddSignOff", s.AddSignOff(bg, so))
	series := fixtureSeries()
	week2 := make([]hypercare.Series, len(series))
	for i, sr := range series {
		week1 := sr
		week1.Samples, week2[i].Samples = sr.Samples[:5], sr.Samples[5:]
		week2[i].Metric, week2[i].Segment = sr.Metric, sr.Segment
		must(t, "AddSamples", s.AddSamples(bg, "erp", week1))
	}
	must(t, "PutRoster", s.PutRoster(bg, "erp", "week 1", hypercare.Roster{}))
	s = h.reopen(t, s, dir)

	// Keep writing after the reopen, and reopen again.
	must(t, "AddSamples after reopen", s.AddSamples(bg, "erp", week2...))
	must(t, "PutRoster after reopen", s.PutRoster(bg, "erp", "week 1", fixtureRoster(t)))
	must(t, "PutRoster steady state", s.PutRoster(bg, "erp", "steady state", hypercare.Roster{}))
	ev := hypercare.Event{Type: hypercare.EventResolved, At: goLive(t).AddDate(0, 0, 6), Person: "ana"}
	_, err := s.AppendEvents(bg, "erp", "INC-4", 2, ev)
	must(t, "AppendEvents after reopen", err)
	must(t, "CreateIssue after reopen", s.CreateIssue(bg, issues[5]))
	issues[4] = issue(t, "erp", "INC-4", issues[4].Title, append(issues[4].Events(), ev)...)
	e := fixtureEngagement(t)
	e.Name = "renamed"
	must(t, "UpdateEngagement", s.UpdateEngagement(bg, e))
	s = h.reopen(t, s, dir)

	if d := diff(issues, collect(t, "Issues", s.Issues(bg, store.IssueFilter{}))); d != "" {
		t.Errorf("Issues after reopen (-want +got):\n%s", d)
	}
	if d := diff([]hypercare.Engagement{otherEngagement(t), e}, collect(t, "Engagements", s.Engagements(bg))); d != "" {
		t.Errorf("Engagements after reopen (-want +got):\n%s", d)
	}
	if d := diff([]hypercare.SignOff{so}, collect(t, "SignOffs", s.SignOffs(bg, "erp"))); d != "" {
		t.Errorf("SignOffs after reopen (-want +got):\n%s", d)
	}
	if d := diff(series, collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{}))); d != "" {
		t.Errorf("Series after reopen (-want +got):\n%s", d)
	}
	rosters := []store.NamedRoster{{Engagement: "erp", Name: "steady state"}, {Engagement: "erp", Name: "week 1", Roster: fixtureRoster(t)}}
	if d := diff(rosters, collect(t, "Rosters", s.Rosters(bg, "erp"))); d != "" {
		t.Errorf("Rosters after reopen (-want +got):\n%s", d)
	}
	// Stored and reopened, the series still satisfy Monitor.
	if _, err := hypercare.Monitor(collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{})), hypercare.MonitorConfig{}); err != nil {
		t.Errorf("Monitor after reopen: %v", err)
	}
}
