package storetest

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// model is what a store should hold, kept the plainest way.
type model struct {
	engagements map[hypercare.EngagementID]hypercare.Engagement
	issues      map[key]hypercare.Issue
	signOffs    map[hypercare.EngagementID][]hypercare.SignOff
	samples     map[hypercare.EngagementID]map[seriesID]map[hypercare.Date]hypercare.Sample
	rosters     map[hypercare.EngagementID]map[string]hypercare.Roster
	clock       time.Time // the latest instant handed to an event
}

type key struct {
	eng hypercare.EngagementID
	id  hypercare.IssueID
}

// The pools IDs are drawn from: small, so that writes collide.
var (
	engagementIDs = []hypercare.EngagementID{"erp", "crm", "hr"}
	issueEngs     = []hypercare.EngagementID{"", "erp", "erp", "crm", "hr"}
	issueIDs      = []hypercare.IssueID{"INC-1", "INC-2", "INC-3", "INC-4"}
	personIDs     = []hypercare.PersonID{"", "ana", "bo", "sam"}
	severities    = []hypercare.Severity{hypercare.Sev1, hypercare.Sev2, hypercare.Sev3}
	kinds         = []hypercare.Kind{hypercare.Defect, hypercare.TrainingGap, hypercare.Question, hypercare.ChangeRequest, hypercare.DataFix}
	statuses      = []hypercare.Status{hypercare.StatusOpen, hypercare.StatusPaused, hypercare.StatusResolved}
	zones         = []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"}
	eventIDs      = []hypercare.EventID{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"}
	allTypes      = []hypercare.EventType{hypercare.EventOpened, hypercare.EventResponded, hypercare.EventReclassified, hypercare.EventPaused, hypercare.EventResumed, hypercare.EventAssigned, hypercare.EventEscalated, hypercare.EventResolved, hypercare.EventReopened}
)

// machine drives a store and the model with the same random operations.
type machine struct {
	h      harness
	dir    string
	s      store.Store
	m      model
	berlin *time.Location
	// engJSON caches the model's engagements as JSON; nil when they changed.
	engJSON []byte
}

func (h harness) testModel(t *testing.T) {
	root := t.TempDir()
	berlin := zone(t, "Europe/Berlin")
	rapid.Check(t, func(rt *rapid.T) {
		dir, err := os.MkdirTemp(root, "model")
		if err != nil {
			rt.Fatal(err)
		}
		defer os.RemoveAll(dir)
		s, err := h.Open(dir)
		if err != nil {
			rt.Fatalf("Open: %v", err)
		}
		sm := &machine{h: h, dir: dir, s: s, berlin: berlin, m: model{
			engagements: map[hypercare.EngagementID]hypercare.Engagement{},
			issues:      map[key]hypercare.Issue{},
			signOffs:    map[hypercare.EngagementID][]hypercare.SignOff{},
			samples:     map[hypercare.EngagementID]map[seriesID]map[hypercare.Date]hypercare.Sample{},
			rosters:     map[hypercare.EngagementID]map[string]hypercare.Roster{},
			clock:       time.Date(2026, time.March, 2, 8, 0, 0, 0, berlin),
		}}
		defer func() { sm.s.Close() }()
		actions := map[string]func(*rapid.T){
			"CreateEngagement": sm.createEngagement,
			"UpdateEngagement": sm.updateEngagement,
			"CreateIssue":      sm.createIssue,
			"ImportIssues":     sm.importIssues,
			"AppendEvents":     sm.appendEvents,
			"StaleAppend":      sm.staleAppend,
			"Redeliver":        sm.redeliver,
			"MergeIssues":      sm.mergeIssues,
			"DeleteIssue":      sm.deleteIssue,
			"PurgeEngagement":  sm.purgeEngagement,
			"UpdateIssue":      sm.updateIssue,
			"AddSignOff":       sm.addSignOff,
			"ListIssues":       sm.listIssues,
			"AddSamples":       sm.addSamples,
			"ListSeries":       sm.listSeries,
			"PutRoster":        sm.putRoster,
			"":                 sm.check,
		}
		if h.Durable {
			actions["Reopen"] = sm.reopen
		}
		rt.Repeat(actions)
	})
}

// now hands out the next event time: the model's clock moves forward by a
// drawn amount, and now and then an event is drawn from the past.
func (sm *machine) now(t *rapid.T) time.Time {
	if rapid.IntRange(0, 19).Draw(t, "late") == 0 {
		return sm.m.clock.Add(-time.Hour)
	}
	sm.m.clock = sm.m.clock.Add(time.Duration(rapid.IntRange(0, 180).Draw(t, "minutes")) * time.Minute)
	return sm.m.clock
}

// drawEvent draws an event for an issue in state st: usually one the
// timeline accepts, sometimes any at all.
func (sm *machine) drawEvent(t *rapid.T, st hypercare.State) hypercare.Event {
	var types []hypercare.EventType
	switch st.Status {
	case 0:
		types = []hypercare.EventType{hypercare.EventOpened}
	case hypercare.StatusOpen:
		types = []hypercare.EventType{hypercare.EventResponded, hypercare.EventReclassified, hypercare.EventPaused, hypercare.EventAssigned, hypercare.EventEscalated, hypercare.EventResolved}
	case hypercare.StatusPaused:
		types = []hypercare.EventType{hypercare.EventResumed, hypercare.EventResponded, hypercare.EventAssigned, hypercare.EventResolved}
	case hypercare.StatusResolved:
		types = []hypercare.EventType{hypercare.EventReopened}
	}
	if rapid.IntRange(0, 9).Draw(t, "wild") == 0 {
		types = allTypes
	}
	e := hypercare.Event{Type: rapid.SampledFrom(types).Draw(t, "type"), At: sm.now(t)}
	if rapid.Bool().Draw(t, "identified") {
		// A small pool, so that IDs collide: a repeat with other content
		// is a conflict.
		e.ID = rapid.SampledFrom(eventIDs).Draw(t, "event ID")
	}
	switch e.Type {
	case hypercare.EventOpened:
		e.Severity = rapid.SampledFrom(severities).Draw(t, "severity")
		e.Kind = rapid.SampledFrom(kinds).Draw(t, "kind")
	case hypercare.EventReclassified:
		e.Severity = rapid.SampledFrom(severities).Draw(t, "severity")
		if rapid.Bool().Draw(t, "new kind") {
			e.Kind = rapid.SampledFrom(kinds).Draw(t, "kind")
		}
	case hypercare.EventPaused:
		e.Reason = rapid.SampledFrom([]string{"", "waiting on the customer", "vendor ticket open"}).Draw(t, "reason")
	case hypercare.EventAssigned:
		e.Team = rapid.SampledFrom([]hypercare.Team{hypercare.Project, hypercare.SteadyState}).Draw(t, "team")
		e.Person = rapid.SampledFrom(personIDs).Draw(t, "person")
	case hypercare.EventResolved:
		e.Team = rapid.SampledFrom([]hypercare.Team{0, hypercare.Project, hypercare.SteadyState}).Draw(t, "team")
		e.Person = rapid.SampledFrom(personIDs).Draw(t, "person")
	case hypercare.EventReopened:
		e.Severity = rapid.SampledFrom(append([]hypercare.Severity{0}, severities...)).Draw(t, "severity")
	case hypercare.EventResponded, hypercare.EventEscalated:
		e.Person = rapid.SampledFrom(personIDs).Draw(t, "person")
	}
	return e
}

// drawEvents draws up to max events, each for the state the ones before it
// lead to (when the timeline accepts them).
func (sm *machine) drawEvents(t *rapid.T, is hypercare.Issue, min, max int) []hypercare.Event {
	n := rapid.IntRange(min, max).Draw(t, "events")
	var out []hypercare.Event
	for range n {
		e := sm.drawEvent(t, is.State())
		is.Insert(e) // only to move the state on; the model decides validity later
		out = append(out, e)
	}
	return out
}

func (sm *machine) drawEngagement(t *rapid.T) hypercare.Engagement {
	loc, err := time.LoadLocation(rapid.SampledFrom(zones).Draw(t, "zone"))
	if err != nil {
		t.Fatal(err)
	}
	live := time.Date(2026, time.March, 1+rapid.IntRange(0, 60).Draw(t, "go-live day"), rapid.IntRange(0, 23).Draw(t, "go-live hour"), 0, 0, 0, loc)
	e := hypercare.Engagement{
		ID:         rapid.SampledFrom(engagementIDs).Draw(t, "engagement"),
		Name:       rapid.StringMatching(`[A-Za-z0-9 ]{0,12}`).Draw(t, "name"),
		Location:   loc,
		GoLive:     live,
		PlannedEnd: live.AddDate(0, 0, rapid.IntRange(1, 90).Draw(t, "planned days")),
	}
	var cal *hypercare.Calendar
	if rapid.Bool().Draw(t, "business hours") {
		var holidays []hypercare.Date
		if rapid.Bool().Draw(t, "holiday") {
			holidays = append(holidays, hypercare.DateOf(live.AddDate(0, 0, 3)))
		}
		spec := rapid.SampledFrom([]string{"Mon-Fri 09:00-17:00", "Mon-Fri 08:00-12:00,13:00-17:00; Sat 10:00-14:00", "Mon-Fri 22:00-06:00"}).Draw(t, "spec")
		if cal, err = hypercare.NewCalendar(loc, spec, holidays...); err != nil {
			t.Fatal(err)
		}
	}
	if rapid.Bool().Draw(t, "policy") {
		e.Policy = hypercare.DefaultPolicy(cal)
	}
	start := 0
	for i := range rapid.IntRange(0, 2).Draw(t, "phases") {
		p := hypercare.Phase{Name: fmt.Sprintf("phase %d", i), Start: start, Days: rapid.IntRange(1, 14).Draw(t, "phase days")}
		if rapid.Bool().Draw(t, "coverage") {
			p.Coverage = cal
		}
		if rapid.Bool().Draw(t, "phase policy") {
			pol := hypercare.DefaultPolicy(nil)
			pol.WarnAt = 0.5
			p.Policy = &pol
		}
		e.Phases = append(e.Phases, p)
		start += p.Days + rapid.IntRange(0, 3).Draw(t, "gap")
	}
	if rapid.Bool().Draw(t, "exit policy") {
		e.Exit = drawExit(t)
	}
	for i := range rapid.IntRange(0, 3).Draw(t, "people") {
		p := hypercare.Person{
			ID:     hypercare.PersonID(fmt.Sprintf("p%d", i)),
			Team:   rapid.SampledFrom([]hypercare.Team{hypercare.Project, hypercare.SteadyState}).Draw(t, "team"),
			Roles:  rapid.SliceOfN(rapid.SampledFrom([]hypercare.Role{hypercare.RoleLead, hypercare.RoleTriage, hypercare.RoleSponsor, hypercare.RoleAgent}), 0, 2).Draw(t, "roles"),
			Skills: rapid.SliceOfN(rapid.SampledFrom([]string{"sql", "finance", "sap"}), 0, 2).Draw(t, "skills"),
		}
		if rapid.Bool().Draw(t, "own zone") {
			p.Zone = time.UTC
		}
		e.People = append(e.People, p)
	}
	return e
}

func (sm *machine) drawIssue(t *rapid.T) hypercare.Issue {
	is := hypercare.Issue{
		Engagement: rapid.SampledFrom(issueEngs).Draw(t, "issue engagement"),
		ID:         rapid.SampledFrom(issueIDs).Draw(t, "issue"),
		Title:      rapid.StringN(0, 16, -1).Draw(t, "title"),
	}
	for _, e := range sm.drawEvents(t, is, 0, 3) {
		is.Insert(e) // keep what Insert keeps (on the timeline or held)
	}
	return is
}

// pick returns the key of a stored issue (usually) or any key.
func (sm *machine) pick(t *rapid.T) key {
	keys := sm.keys()
	if len(keys) > 0 && rapid.IntRange(0, 4).Draw(t, "known") > 0 {
		return rapid.SampledFrom(keys).Draw(t, "key")
	}
	return key{rapid.SampledFrom(issueEngs).Draw(t, "issue engagement"), rapid.SampledFrom(issueIDs).Draw(t, "issue")}
}

func (sm *machine) keys() []key {
	keys := make([]key, 0, len(sm.m.issues))
	for k := range sm.m.issues {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.eng, b.eng), cmp.Compare(a.id, b.id)) })
	return keys
}

// expect fails t unless err wraps one of wants, or is nil when wants is empty.
func expect(t *rapid.T, what string, err error, wants ...error) {
	t.Helper()
	if len(wants) == 0 {
		if err != nil {
			t.Fatalf("%s: unexpected error %v", what, err)
		}
		return
	}
	for _, w := range wants {
		if errors.Is(err, w) {
			return
		}
	}
	t.Fatalf("%s: got error %v, want one wrapping one of %v", what, err, wants)
}

func (sm *machine) createEngagement(t *rapid.T) {
	e := sm.drawEngagement(t)
	err := sm.s.CreateEngagement(t.Context(), e)
	if _, ok := sm.m.engagements[e.ID]; ok {
		expect(t, "CreateEngagement", err, store.ErrExists)
		return
	}
	expect(t, "CreateEngagement", err)
	sm.m.engagements[e.ID], sm.engJSON = e, nil
}

func (sm *machine) updateEngagement(t *rapid.T) {
	e := sm.drawEngagement(t)
	err := sm.s.UpdateEngagement(t.Context(), e)
	if _, ok := sm.m.engagements[e.ID]; !ok {
		expect(t, "UpdateEngagement", err, store.ErrNotFound)
		return
	}
	expect(t, "UpdateEngagement", err)
	sm.m.engagements[e.ID], sm.engJSON = e, nil
}

// create applies a batch to the model, all or none, and returns the errors
// the store may answer with (any one of the problems found).
func (sm *machine) create(issues []hypercare.Issue) []error {
	var problems []error
	seen := map[key]bool{}
	for _, is := range issues {
		k := key{is.Engagement, is.ID}
		if _, ok := sm.m.engagements[is.Engagement]; is.Engagement != "" && !ok {
			problems = append(problems, store.ErrNotFound)
		}
		if _, ok := sm.m.issues[k]; ok || seen[k] {
			problems = append(problems, store.ErrExists)
		}
		seen[k] = true
	}
	if len(problems) == 0 {
		for _, is := range issues {
			sm.m.issues[key{is.Engagement, is.ID}] = is
		}
	}
	return problems
}

func (sm *machine) createIssue(t *rapid.T) {
	is := sm.drawIssue(t)
	err := sm.s.CreateIssue(t.Context(), is)
	expect(t, "CreateIssue", err, sm.create([]hypercare.Issue{is})...)
}

func (sm *machine) importIssues(t *rapid.T) {
	var batch []hypercare.Issue
	for range rapid.IntRange(0, 4).Draw(t, "batch") {
		batch = append(batch, sm.drawIssue(t))
	}
	err := sm.s.ImportIssues(t.Context(), batch)
	expect(t, "ImportIssues", err, sm.create(batch)...)
}

func (sm *machine) appendEvents(t *rapid.T) {
	k := sm.pick(t)
	is, ok := sm.m.issues[k]
	events := sm.drawEvents(t, is, 1, 3)
	sm.deliver(t, k, ok, is, events)
}

// deliver appends events to the issue k (ok: the model has it, as is) in
// the store and the model, and compares what the store returns.
func (sm *machine) deliver(t *rapid.T, k key, ok bool, is hypercare.Issue, events []hypercare.Event) {
	got, err := sm.s.AppendEvents(t.Context(), k.eng, k.id, is.Version(), events...)
	if !ok {
		expect(t, "AppendEvents to an unknown issue", err, store.ErrNotFound)
		return
	}
	if _, ierr := is.Insert(events...); ierr != nil {
		var conflict *hypercare.EventConflictError
		if errors.As(ierr, &conflict) {
			expect(t, fmt.Sprintf("AppendEvents of a conflicting event (%v)", ierr), err, store.ErrConflict)
			if !errors.As(err, &conflict) {
				t.Fatalf("AppendEvents of a conflicting event: %v does not wrap a *hypercare.EventConflictError", err)
			}
			return
		}
		expect(t, fmt.Sprintf("AppendEvents of a malformed event (%v)", ierr), err, store.ErrInvalid)
		return
	}
	expect(t, "AppendEvents", err)
	sm.m.issues[k] = is
	if d := diff(is, got); d != "" {
		t.Fatalf("AppendEvents returned (-want +got):\n%s", d)
	}
}

// redeliver delivers again events the issue holds, in any order, with a
// late or new one now and then: a helpdesk retrying its webhooks.
func (sm *machine) redeliver(t *rapid.T) {
	keys := sm.keys()
	if len(keys) == 0 {
		t.Skip("no issues")
	}
	k := rapid.SampledFrom(keys).Draw(t, "key")
	is := sm.m.issues[k]
	held := is.Events()
	for _, h := range is.Held() {
		held = append(held, h.Event)
	}
	if len(held) == 0 {
		t.Skip("no events")
	}
	events := rapid.SliceOfN(rapid.SampledFrom(held), 1, 3).Draw(t, "repeats")
	if rapid.Bool().Draw(t, "with a new one") {
		events = append(events, sm.drawEvent(t, is.State()))
	}
	events = rapid.Permutation(events).Draw(t, "order")
	sm.deliver(t, k, true, is, events)
}

// mergeIssues merges a batch of drawn issues and stored issues changed a
// little (an export of today), then the same batch again, which must change
// nothing.
func (sm *machine) mergeIssues(t *rapid.T) {
	var batch []hypercare.Issue
	for range rapid.IntRange(0, 3).Draw(t, "new in export") {
		batch = append(batch, sm.drawIssue(t))
	}
	for _, k := range sm.keys() {
		if !rapid.Bool().Draw(t, "exported") {
			continue
		}
		is := sm.m.issues[k]
		if rapid.Bool().Draw(t, "changed since") {
			for _, e := range sm.drawEvents(t, is, 1, 2) {
				is.Insert(e)
			}
			// Another copy of an event without an ID: the merge adds it (a
			// file store must replay that to the same issue).
			var noID []hypercare.Event
			for e := range is.Timeline() {
				if e.ID == "" {
					noID = append(noID, e)
				}
			}
			if len(noID) > 0 && rapid.Bool().Draw(t, "repeats an event without an ID") {
				is.Insert(rapid.SampledFrom(noID).Draw(t, "repeated"))
			}
			if rapid.Bool().Draw(t, "retitled") {
				is.Title = rapid.StringN(0, 16, -1).Draw(t, "title")
				is.Updated = sm.m.clock
			}
		}
		batch = append(batch, is)
	}
	batch = rapid.Permutation(batch).Draw(t, "export order")
	rep, err := sm.s.MergeIssues(t.Context(), batch)

	// The model: each issue merged in turn, all or none.
	next := map[key]hypercare.Issue{}
	var problems []error
	changed := map[key]bool{}
	for _, in := range batch {
		k := key{in.Engagement, in.ID}
		if _, ok := sm.m.engagements[in.Engagement]; in.Engagement != "" && !ok {
			problems = append(problems, store.ErrNotFound)
			continue
		}
		stored, ok := next[k]
		if !ok {
			stored, ok = sm.m.issues[k]
		}
		merged, ch, merr := store.MergeIssue(stored, ok, in)
		if merr != nil {
			problems = append(problems, merr)
			continue
		}
		if ch.Changed() {
			changed[k] = true
		}
		next[k] = merged
	}
	if len(problems) > 0 {
		expect(t, "MergeIssues", err, store.ErrNotFound, store.ErrConflict, store.ErrInvalid)
		return
	}
	expect(t, "MergeIssues", err)
	for k, is := range next {
		sm.m.issues[k] = is
	}
	if rep.Issues != len(batch) || rep.Changed() != len(changed) {
		t.Fatalf("MergeIssues reported %s, want %d changed of %d issues", rep, len(changed), len(batch))
	}
	again, err := sm.s.MergeIssues(t.Context(), batch)
	expect(t, "MergeIssues again", err)
	if again.Changed() != 0 {
		t.Fatalf("MergeIssues of the same batch again reported %s, want 0 changed", again)
	}
}

func (sm *machine) deleteIssue(t *rapid.T) {
	k := sm.pick(t)
	is, ok := sm.m.issues[k]
	version := is.Version()
	stale := ok && rapid.IntRange(0, 3).Draw(t, "stale") == 0
	if stale {
		version++
	}
	err := sm.s.DeleteIssue(t.Context(), k.eng, k.id, version)
	switch {
	case !ok:
		expect(t, "DeleteIssue of an unknown issue", err, store.ErrNotFound)
	case stale:
		expect(t, "DeleteIssue at a stale version", err, store.ErrConflict)
	default:
		expect(t, "DeleteIssue", err)
		delete(sm.m.issues, k)
	}
}

func (sm *machine) purgeEngagement(t *rapid.T) {
	eng := rapid.SampledFrom(engagementIDs).Draw(t, "engagement")
	err := sm.s.PurgeEngagement(t.Context(), eng)
	if _, ok := sm.m.engagements[eng]; !ok {
		expect(t, "PurgeEngagement of an unknown engagement", err, store.ErrNotFound)
		return
	}
	expect(t, "PurgeEngagement", err)
	delete(sm.m.engagements, eng)
	sm.engJSON = nil
	for k := range sm.m.issues {
		if k.eng == eng {
			delete(sm.m.issues, k)
		}
	}
	delete(sm.m.signOffs, eng)
	delete(sm.m.samples, eng)
	delete(sm.m.rosters, eng)
}

func (sm *machine) staleAppend(t *rapid.T) {
	keys := sm.keys()
	if len(keys) == 0 {
		t.Skip("no issues")
	}
	k := rapid.SampledFrom(keys).Draw(t, "key")
	is := sm.m.issues[k]
	version := is.Version() + rapid.SampledFrom([]int{-2, -1, 1, 2}).Draw(t, "off by")
	if version < 0 {
		version = is.Version() + 1
	}
	// An event the stored issue accepts, so that only the version is wrong.
	var events []hypercare.Event
	if e := sm.drawEvent(t, is.State()); is.Append(e) == nil {
		events = append(events, e)
	}
	_, err := sm.s.AppendEvents(t.Context(), k.eng, k.id, version, events...)
	expect(t, "AppendEvents at a stale version", err, store.ErrConflict)
}

func (sm *machine) updateIssue(t *rapid.T) {
	k := sm.pick(t)
	stored, ok := sm.m.issues[k]
	is := stored
	is.Engagement, is.ID = k.eng, k.id
	is.Title = rapid.StringN(0, 16, -1).Draw(t, "title")
	is.Workaround = rapid.SampledFrom([]string{"", "use the old screen", "restart the client"}).Draw(t, "workaround")
	if rapid.Bool().Draw(t, "fix expected") {
		is.FixExpected = sm.m.clock.AddDate(0, 0, 2)
	}
	if rapid.Bool().Draw(t, "updated") {
		is.Updated = sm.m.clock
	}
	stale := ok && rapid.IntRange(0, 4).Draw(t, "stale") == 0
	if stale {
		// The same details at another version.
		is = hypercare.Issue{ID: is.ID, Engagement: is.Engagement, Title: is.Title, Workaround: is.Workaround, FixExpected: is.FixExpected, Updated: is.Updated}
		if stored.Version() == 0 {
			is.Append(hypercare.Event{Type: hypercare.EventOpened, At: sm.m.clock, Severity: hypercare.Sev3, Kind: hypercare.Question})
		}
	}
	err := sm.s.UpdateIssue(t.Context(), is)
	switch {
	case !ok:
		expect(t, "UpdateIssue of an unknown issue", err, store.ErrNotFound)
	case stale:
		expect(t, "UpdateIssue at a stale version", err, store.ErrConflict)
	default:
		expect(t, "UpdateIssue", err)
		stored.Title, stored.Workaround, stored.FixExpected, stored.Updated = is.Title, is.Workaround, is.FixExpected, is.Updated
		sm.m.issues[k] = stored
	}
}

func (sm *machine) addSignOff(t *rapid.T) {
	s := hypercare.SignOff{
		Engagement: rapid.SampledFrom(engagementIDs).Draw(t, "engagement"),
		By:         rapid.SampledFrom(personIDs[1:]).Draw(t, "by"),
		Role:       rapid.SampledFrom([]hypercare.Role{hypercare.RoleLead, hypercare.RoleSponsor}).Draw(t, "role"),
		At:         sm.m.clock,
		Note:       rapid.SampledFrom([]string{"", "exit criteria met", "extend by two weeks"}).Draw(t, "note"),
	}
	if rapid.IntRange(0, 3).Draw(t, "repeat") == 0 && len(sm.m.signOffs[s.Engagement]) > 0 {
		s = rapid.SampledFrom(sm.m.signOffs[s.Engagement]).Draw(t, "repeated sign-off")
	}
	err := sm.s.AddSignOff(t.Context(), s)
	e, ok := sm.m.engagements[s.Engagement]
	switch {
	case !ok:
		expect(t, "AddSignOff to an unknown engagement", err, store.ErrNotFound)
	case s.At.Before(e.GoLive):
		expect(t, "AddSignOff before go-live", err, store.ErrInvalid)
	default:
		expect(t, "AddSignOff", err)
		for _, x := range sm.m.signOffs[s.Engagement] {
			if x.By == s.By && x.Role == s.Role && x.At.Equal(s.At) && x.Note == s.Note {
				return // stored once
			}
		}
		sm.m.signOffs[s.Engagement] = append(sm.m.signOffs[s.Engagement], s)
	}
}

// matches is the model's reading of IssueFilter, written from its doc.
func matches(f store.IssueFilter, is hypercare.Issue) bool {
	st := is.State()
	in := func(n int, has func(i int) bool) bool {
		if n == 0 {
			return true
		}
		for i := range n {
			if has(i) {
				return true
			}
		}
		return false
	}
	return (f.Engagement == "" || f.Engagement == is.Engagement) &&
		in(len(f.Severities), func(i int) bool { return f.Severities[i] == st.Severity }) &&
		in(len(f.Kinds), func(i int) bool { return f.Kinds[i] == st.Kind }) &&
		in(len(f.Statuses), func(i int) bool { return f.Statuses[i] == st.Status }) &&
		(f.OpenedFrom.IsZero() || !st.Opened.IsZero() && !st.Opened.Before(f.OpenedFrom)) &&
		(f.OpenedBefore.IsZero() || !st.Opened.IsZero() && st.Opened.Before(f.OpenedBefore))
}

func (sm *machine) listIssues(t *rapid.T) {
	f := store.IssueFilter{
		Engagement: rapid.SampledFrom(append([]hypercare.EngagementID{""}, engagementIDs...)).Draw(t, "filter engagement"),
		Severities: rapid.SliceOfN(rapid.SampledFrom(severities), 0, 2).Draw(t, "filter severities"),
		Kinds:      rapid.SliceOfN(rapid.SampledFrom(kinds), 0, 2).Draw(t, "filter kinds"),
		Statuses:   rapid.SliceOfN(rapid.SampledFrom(statuses), 0, 2).Draw(t, "filter statuses"),
	}
	start := time.Date(2026, time.March, 2, 8, 0, 0, 0, sm.berlin)
	if rapid.Bool().Draw(t, "from") {
		f.OpenedFrom = start.Add(time.Duration(rapid.IntRange(0, 48).Draw(t, "from hours")) * time.Hour)
	}
	if rapid.Bool().Draw(t, "before") {
		f.OpenedBefore = start.Add(time.Duration(rapid.IntRange(0, 48).Draw(t, "before hours")) * time.Hour)
	}
	var want []hypercare.Issue
	for _, k := range sm.keys() {
		if is := sm.m.issues[k]; matches(f, is) {
			want = append(want, is)
		}
	}
	if d := diff(want, collect(t, "Issues", sm.s.Issues(t.Context(), f))); d != "" {
		t.Fatalf("Issues(%+v) mismatch (-want +got):\n%s", f, d)
	}
}

func (sm *machine) reopen(t *rapid.T) {
	if err := sm.s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	s, err := sm.h.Open(sm.dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	sm.s = s
}

// check compares everything the store holds with the model.
func (sm *machine) check(t *rapid.T) {
	ctx := t.Context()
	var engs []hypercare.Engagement
	for _, id := range sortedIDs(sm.m.engagements) {
		engs = append(engs, sm.m.engagements[id])
	}
	// Engagements are compared by their JSON first, which is much faster than
	// cmp and exact for them (they are stored as JSON); cmp has the last word.
	gotEngs := collect(t, "Engagements", sm.s.Engagements(ctx))
	if sm.engJSON == nil {
		js, err := json.Marshal(engs)
		if err != nil {
			t.Fatalf("model engagements: %v", err)
		}
		sm.engJSON = js
	}
	gotJS, err := json.Marshal(gotEngs)
	if err != nil || !bytes.Equal(sm.engJSON, gotJS) {
		if d := diff(engs, gotEngs); d != "" {
			t.Fatalf("engagements mismatch (-want +got):\n%s", d)
		}
	}
	var issues []hypercare.Issue
	for _, k := range sm.keys() {
		issues = append(issues, sm.m.issues[k])
	}
	if d := diff(issues, collect(t, "Issues", sm.s.Issues(ctx, store.IssueFilter{}))); d != "" {
		t.Fatalf("issues mismatch (-want +got):\n%s", d)
	}
	for _, eng := range issueEngs {
		for _, id := range issueIDs {
			want, ok := sm.m.issues[key{eng, id}]
			got, err := sm.s.Issue(ctx, eng, id)
			if !ok {
				expect(t, "Issue of an unknown issue", err, store.ErrNotFound)
				continue
			}
			expect(t, "Issue", err)
			if d := diff(want, got); d != "" {
				t.Fatalf("Issue(%q, %q) mismatch (-want +got):\n%s", eng, id, d)
			}
		}
	}
	for _, eng := range engagementIDs {
		if d := diff(sm.m.signOffs[eng], collect(t, "SignOffs", sm.s.SignOffs(ctx, eng))); d != "" {
			t.Fatalf("sign-offs of %q mismatch (-want +got):\n%s", eng, d)
		}
	}
	sm.checkMore(t)
}

func sortedIDs[V any](m map[hypercare.EngagementID]V) []hypercare.EngagementID {
	ids := make([]hypercare.EngagementID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
