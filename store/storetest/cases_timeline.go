package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// testDeliveries: events delivered late, twice and out of order are kept —
// on the timeline in the order of their time, or held — and survive a
// reopen; only a repeat with other content is refused.
func (h harness) testDeliveries(t *testing.T) {
	s, dir := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	base := goLive(t)
	opened := hypercare.Event{ID: "w1", Type: hypercare.EventOpened, At: base, Severity: hypercare.Sev2, Kind: hypercare.Defect}
	respond := hypercare.Event{ID: "w2", Type: hypercare.EventResponded, At: base.Add(10 * time.Minute), Person: "ana"}
	resolve := hypercare.Event{ID: "w3", Type: hypercare.EventResolved, At: base.Add(time.Hour), Person: "ana"}

	// The resolution comes first: the issue holds it.
	is := hypercare.Issue{Engagement: "erp", ID: "INC-7"}
	if _, err := is.Insert(resolve); err != nil {
		t.Fatal(err)
	}
	must(t, "CreateIssue with a held event", s.CreateIssue(bg, is))
	got, err := s.AppendEvents(bg, "erp", "INC-7", 1, respond)
	must(t, "AppendEvents of a response before the opening", err)
	if got.Len() != 0 || len(got.Held()) != 2 || got.Version() != 2 {
		t.Fatalf("before the opening: Len %d, held %v, Version %d; want 0, 2 held, 2", got.Len(), got.Held(), got.Version())
	}
	// A repeat is a no-op, at any version check.
	got, err = s.AppendEvents(bg, "erp", "INC-7", 2, resolve)
	must(t, "AppendEvents of a repeat", err)
	if got.Version() != 2 {
		t.Errorf("a repeat moved the version to %d, want 2", got.Version())
	}
	// The opening releases both.
	got, err = s.AppendEvents(bg, "erp", "INC-7", 2, opened)
	must(t, "AppendEvents of the opening", err)
	want := issue(t, "erp", "INC-7", "", opened, respond, resolve)
	if d := diff(want, got); d != "" {
		t.Errorf("after the opening (-want +got):\n%s", d)
	}
	// Other content under a stored ID is a conflict, and changes nothing.
	other := respond
	other.Person = "bo"
	_, err = s.AppendEvents(bg, "erp", "INC-7", 3, other)
	wantErr(t, "AppendEvents of a conflicting event", err, store.ErrConflict)
	var conflict *hypercare.EventConflictError
	if !errors.As(err, &conflict) || conflict.Held.Person != "ana" || conflict.Got.Person != "bo" {
		t.Errorf("AppendEvents of a conflicting event: %v, want a *hypercare.EventConflictError naming both", err)
	}
	// A late pause after the resolution is held, with its reason.
	late := hypercare.Event{ID: "w4", Type: hypercare.EventPaused, At: base.Add(2 * time.Hour)}
	got, err = s.AppendEvents(bg, "erp", "INC-7", 3, late)
	must(t, "AppendEvents of a pause on a resolved issue", err)
	wantHeld := []hypercare.HeldEvent{{Event: late, Reason: "paused event on a resolved issue (reopen it first)"}}
	if d := diff(wantHeld, got.Held()); d != "" {
		t.Errorf("held (-want +got):\n%s", d)
	}
	if h.Durable {
		s = h.reopen(t, s, dir)
	}
	stored, err := s.Issue(bg, "erp", "INC-7")
	must(t, "Issue", err)
	if d := diff(got, stored); d != "" {
		t.Errorf("stored issue (-want +got):\n%s", d)
	}
}

// exportIssue is an issue as a helpdesk's export has it.
func exportIssue(t testing.TB, id hypercare.IssueID, title string, updated time.Time, events ...hypercare.Event) hypercare.Issue {
	t.Helper()
	is := hypercare.Issue{Engagement: "erp", ID: id, Title: title, Updated: updated}
	if _, err := is.Insert(events...); err != nil {
		t.Fatal(err)
	}
	return is
}

// testMergeIssues: an export merged twice changes nothing the second time;
// tomorrow's export adds events, updates fields by Updated and reports it.
func (h harness) testMergeIssues(t *testing.T) {
	s, dir := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	base := goLive(t)
	ev := func(id hypercare.EventID, typ hypercare.EventType, minutes int) hypercare.Event {
		e := hypercare.Event{ID: id, Type: typ, At: base.Add(time.Duration(minutes) * time.Minute)}
		switch typ {
		case hypercare.EventOpened:
			e.Severity, e.Kind = hypercare.Sev2, hypercare.Defect
		case hypercare.EventAssigned:
			e.Team = hypercare.SteadyState
		}
		return e
	}
	day1 := base.Add(24 * time.Hour)
	today := []hypercare.Issue{
		exportIssue(t, "INC-1", "Invoices stuck", day1, ev("1", hypercare.EventOpened, 0), ev("2", hypercare.EventAssigned, 5)),
		exportIssue(t, "INC-2", "Login slow", day1, ev("3", hypercare.EventOpened, 10)),
		// No IDs: the same content is the same event.
		exportIssue(t, "INC-3", "Report empty", day1,
			hypercare.Event{Type: hypercare.EventOpened, At: base, Severity: hypercare.Sev3, Kind: hypercare.Question}),
	}
	rep, err := s.MergeIssues(bg, today)
	must(t, "MergeIssues", err)
	if rep.Changed() != 3 || rep.String() != "3 changed of 3 issues (3 created): 4 events added, fields of 0 updated" {
		t.Errorf("first merge: %s", rep)
	}
	rep, err = s.MergeIssues(bg, today)
	must(t, "MergeIssues again", err)
	if rep.String() != "0 changed of 3 issues" {
		t.Errorf("the same export again: %s, want 0 changed of 3 issues", rep)
	}

	// Tomorrow: INC-1 resolved and retitled; INC-2 with a response dated
	// before its opening (a clock skew at the helpdesk), which is held;
	// INC-3 unchanged; and a stale copy of INC-1 with an older Updated,
	// whose title must lose.
	day2 := day1.Add(24 * time.Hour)
	tomorrow := []hypercare.Issue{
		exportIssue(t, "INC-1", "Invoices stuck at posting", day2, ev("1", hypercare.EventOpened, 0), ev("2", hypercare.EventAssigned, 5), ev("4", hypercare.EventResolved, 600)),
		exportIssue(t, "INC-2", "Login slow", day1, ev("3", hypercare.EventOpened, 10), ev("5", hypercare.EventResponded, 5)),
		today[2],
		exportIssue(t, "INC-1", "an old title", day1),
	}
	rep, err = s.MergeIssues(bg, tomorrow)
	must(t, "MergeIssues tomorrow", err)
	want := []store.IssueChange{
		{Engagement: "erp", ID: "INC-1", EventsAdded: 1, FieldsUpdated: true},
		{Engagement: "erp", ID: "INC-2", EventsAdded: 1, Held: 1},
	}
	if d := diff(want, rep.Changes); d != "" || rep.String() != "2 changed of 4 issues (0 created): 2 events added, fields of 1 updated, 1 events held" {
		t.Errorf("tomorrow's merge: %s (-want +got):\n%s", rep, d)
	}
	// A conflicting export changes nothing, all or none.
	bad := exportIssue(t, "INC-2", "Login slow", day2, ev("6", hypercare.EventResolved, 700))
	clash := exportIssue(t, "INC-1", "", day1, hypercare.Event{ID: "4", Type: hypercare.EventResolved, At: base.Add(601 * time.Minute)})
	_, err = s.MergeIssues(bg, []hypercare.Issue{bad, clash})
	wantErr(t, "MergeIssues of a conflicting event", err, store.ErrConflict)
	_, err = s.MergeIssues(bg, []hypercare.Issue{{Engagement: "crm", ID: "INC-9"}})
	wantErr(t, "MergeIssues into an unknown engagement", err, store.ErrNotFound)
	_, err = s.MergeIssues(bg, []hypercare.Issue{{Engagement: "erp"}})
	wantErr(t, "MergeIssues of an issue without an ID", err, store.ErrInvalid)

	if h.Durable {
		s = h.reopen(t, s, dir)
	}
	inc1, err := s.Issue(bg, "erp", "INC-1")
	must(t, "Issue INC-1", err)
	if d := diff(exportIssue(t, "INC-1", "Invoices stuck at posting", day2, ev("1", hypercare.EventOpened, 0), ev("2", hypercare.EventAssigned, 5), ev("4", hypercare.EventResolved, 600)), inc1); d != "" {
		t.Errorf("INC-1 after the merges (-want +got):\n%s", d)
	}
	inc2, err := s.Issue(bg, "erp", "INC-2")
	must(t, "Issue INC-2", err)
	if held := inc2.Held(); len(held) != 1 || held[0].Event.ID != "5" || held[0].Reason != "responded event before the issue is opened" {
		t.Errorf("INC-2 holds %v, want the response dated before its opening", held)
	}
	rep, err = s.MergeIssues(bg, tomorrow)
	must(t, "MergeIssues tomorrow again", err)
	if rep.Changed() != 0 {
		t.Errorf("tomorrow's export again: %s, want 0 changed", rep)
	}
	// Optimistic versions still hold: a writer that read before the merge
	// is stale.
	_, err = s.AppendEvents(bg, "erp", "INC-1", 2, ev("7", hypercare.EventReopened, 700))
	wantErr(t, "AppendEvents at the version before a merge", err, store.ErrConflict)
}

// testDeleteAndPurge: an issue is deleted at its version; an engagement is
// purged with everything of it, for good (also after a reopen).
func (h harness) testDeleteAndPurge(t *testing.T) {
	s, dir := h.open(t)
	erp, crm := fixtureEngagement(t), otherEngagement(t)
	must(t, "CreateEngagement erp", s.CreateEngagement(bg, erp))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, crm))
	must(t, "ImportIssues", s.ImportIssues(bg, fixtureIssues(t)))
	loose := issue(t, "", "INC-1", "of no engagement", opened(goLive(t), hypercare.Sev3, hypercare.Question))
	must(t, "CreateIssue of no engagement", s.CreateIssue(bg, loose))
	erpIssue, err := s.Issue(bg, "erp", "INC-1")
	must(t, "Issue", err)

	wantErr(t, "DeleteIssue at a stale version", s.DeleteIssue(bg, "erp", "INC-1", erpIssue.Version()+1), store.ErrConflict)
	must(t, "DeleteIssue", s.DeleteIssue(bg, "erp", "INC-1", erpIssue.Version()))
	wantErr(t, "DeleteIssue again", s.DeleteIssue(bg, "erp", "INC-1", erpIssue.Version()), store.ErrNotFound)
	_, err = s.Issue(bg, "erp", "INC-1")
	wantErr(t, "Issue after DeleteIssue", err, store.ErrNotFound)
	must(t, "CreateIssue again after DeleteIssue", s.CreateIssue(bg, erpIssue))
	must(t, "DeleteIssue again", s.DeleteIssue(bg, "erp", "INC-1", erpIssue.Version()))

	must(t, "AddSignOff crm", s.AddSignOff(bg, hypercare.SignOff{Engagement: "crm", By: "sam", Role: hypercare.RoleSponsor, At: crm.GoLive.AddDate(0, 0, 20)}))
	must(t, "AddSignOff erp", s.AddSignOff(bg, hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: erp.GoLive.AddDate(0, 0, 20)}))
	must(t, "AddSamples crm", s.AddSamples(bg, "crm", fixtureSeries()...))
	must(t, "PutRoster crm", s.PutRoster(bg, "crm", "week 1", hypercare.Roster{}))
	must(t, "PurgeEngagement", s.PurgeEngagement(bg, "crm"))
	wantErr(t, "PurgeEngagement again", s.PurgeEngagement(bg, "crm"), store.ErrNotFound)
	if h.Durable {
		s = h.reopen(t, s, dir)
	}
	_, err = s.Engagement(bg, "crm")
	wantErr(t, "Engagement after the purge", err, store.ErrNotFound)
	for what, n := range map[string]int{
		"issues":    len(collect(t, "Issues", s.Issues(bg, store.IssueFilter{Engagement: "crm"}))),
		"sign-offs": len(collect(t, "SignOffs", s.SignOffs(bg, "crm"))),
		"series":    len(collect(t, "Series", s.Series(bg, "crm", store.SeriesFilter{}))),
		"rosters":   len(collect(t, "Rosters", s.Rosters(bg, "crm"))),
	} {
		if n != 0 {
			t.Errorf("after the purge, crm still has %d %s", n, what)
		}
	}
	// The rest is untouched.
	if n := len(collect(t, "SignOffs erp", s.SignOffs(bg, "erp"))); n != 1 {
		t.Errorf("erp has %d sign-offs after crm's purge, want 1", n)
	}
	if _, err := s.Issue(bg, "", "INC-1"); err != nil {
		t.Errorf("the issue of no engagement after the purge: %v", err)
	}
	if n := len(collect(t, "Issues erp", s.Issues(bg, store.IssueFilter{Engagement: "erp"}))); n != 4 {
		t.Errorf("erp has %d issues after crm's purge, want 4", n)
	}
	// The engagement can start afresh.
	must(t, "CreateEngagement crm again", s.CreateEngagement(bg, crm))
}

// testSignOffRules: a sign-off is checked against its engagement's go-live
// by the store, and against the future by SignOff.ValidateFor.
func (h harness) testSignOffRules(t *testing.T) {
	s, _ := h.open(t)
	erp := fixtureEngagement(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, erp))
	at := erp.GoLive.AddDate(0, 0, 27)
	so := hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: at}
	early := so
	early.At = erp.GoLive.Add(-time.Second)
	wantErr(t, "AddSignOff before go-live", s.AddSignOff(bg, early), store.ErrInvalid)
	if err := store.ValidateSignOff(erp, early); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ValidateSignOff before go-live = %v, want ErrInvalid", err)
	}
	if err := so.ValidateFor(erp, at.Add(-time.Minute)); !errors.Is(err, hypercare.ErrInvalid) {
		t.Errorf("ValidateFor a sign-off after asOf = %v, want ErrInvalid", err)
	}
	must(t, "ValidateFor at asOf", so.ValidateFor(erp, at))
	must(t, "AddSignOff at go-live", s.AddSignOff(bg, hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: erp.GoLive}))
}
