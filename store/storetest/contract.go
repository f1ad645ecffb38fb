package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// testContract checks that the backend agrees with the shared semantics of
// the store package (its backend.go): a write is refused with the error its
// function gives, what the store keeps is what the function returns, and
// listings follow the filters' methods and the Compare functions. A backend
// that reuses those functions passes it; one that wrote its own rules finds
// out here where they differ.
func (h harness) testContract(t *testing.T) {
	t.Run("EncodeEngagement", h.testEncodeEngagement)
	t.Run("ValidateIssue", h.testValidateIssue)
	t.Run("WithEvents", h.testWithEvents)
	t.Run("WithDetails", h.testWithDetails)
	t.Run("EncodeSignOff", h.testEncodeSignOff)
	t.Run("PrepareSeries", h.testPrepareSeries)
	t.Run("EncodeRoster", h.testEncodeRoster)
	t.Run("IssueOrderAndFilter", h.testIssueOrderAndFilter)
	t.Run("SeriesOrderAndFilter", h.testSeriesOrderAndFilter)
}

// contractErrors are the sentinels a contract function may return.
var contractErrors = []error{store.ErrInvalid, store.ErrExists, store.ErrConflict}

// agree fails t unless the store's error got matches the contract
// function's error want: both nil, or both wrapping the same sentinels.
func agree(t fataler, what string, want, got error) {
	t.Helper()
	if (want == nil) != (got == nil) {
		t.Fatalf("%s: the store says %v, the contract function %v", what, got, want)
	}
	for _, sentinel := range contractErrors {
		if errors.Is(want, sentinel) != errors.Is(got, sentinel) {
			t.Fatalf("%s: the store says %v, the contract function %v", what, got, want)
		}
	}
}

// decoded returns what json.Unmarshal makes of js.
func decoded[T any](t fataler, what string, js []byte) T {
	t.Helper()
	var v T
	must(t, what+": decode its JSON", json.Unmarshal(js, &v))
	return v
}

func (h harness) testEncodeEngagement(t *testing.T) {
	s, _ := h.open(t)
	erp, crm := fixtureEngagement(t), otherEngagement(t)
	noLocation, fixedZone, notUTF8, ending := crm, crm, crm, crm
	noLocation.ID, noLocation.Location = "no-location", nil
	fixedZone.ID, fixedZone.Location = "fixed", time.FixedZone("NOWHERE", 3600)
	notUTF8.ID = "crm\xff"
	ending.ID, ending.PlannedEnd = "ending", ending.GoLive
	for _, tc := range []struct {
		name string
		e    hypercare.Engagement
	}{
		{name: "every field set", e: erp},
		{name: "the defaults", e: crm},
		{name: "no location", e: noLocation},
		{name: "a zone that does not load by name", e: fixedZone},
		{name: "an ID that is not UTF-8", e: notUTF8},
		{name: "ending at go-live", e: ending},
	} {
		js, want := store.EncodeEngagement(tc.e)
		agree(t, "CreateEngagement with "+tc.name, want, s.CreateEngagement(bg, tc.e))
		agree(t, "UpdateEngagement with "+tc.name, want, s.UpdateEngagement(bg, tc.e))
		if want != nil {
			continue
		}
		got, err := s.Engagement(bg, tc.e.ID)
		must(t, "Engagement", err)
		if d := diff(decoded[hypercare.Engagement](t, tc.name, js), got); d != "" {
			t.Errorf("Engagement with %s is not what EncodeEngagement's JSON holds (-want +got):\n%s", tc.name, d)
		}
	}
}

func (h harness) testValidateIssue(t *testing.T) {
	s, _ := h.open(t)
	batch, _ := h.open(t) // ImportIssues gets a store of its own
	for _, s := range []store.Store{s, batch} {
		must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	}
	for _, tc := range []struct {
		name string
		is   hypercare.Issue
	}{
		{name: "an empty ID", is: hypercare.Issue{Engagement: "erp", Title: "no ID"}},
		{name: "an empty ID and no engagement", is: hypercare.Issue{}},
		{name: "an empty timeline", is: hypercare.Issue{Engagement: "erp", ID: "INC-1"}},
		{name: "a line break in the ID", is: issue(t, "erp", "INC-1\nINC-2", "forged", opened(goLive(t), hypercare.Sev3, hypercare.Question))},
		{name: "a control character in the ID", is: hypercare.Issue{Engagement: "erp", ID: "INC-\x1b[31m1"}},
		{name: "no engagement", is: issue(t, "", "INC-1", "loose", opened(goLive(t), hypercare.Sev3, hypercare.Question))},
	} {
		want := store.ValidateIssue(tc.is)
		agree(t, "CreateIssue with "+tc.name, want, s.CreateIssue(bg, tc.is))
		agree(t, "ImportIssues with "+tc.name, want, batch.ImportIssues(bg, []hypercare.Issue{tc.is}))
	}
}

// openWithIssue opens a store holding the fixture engagement and its issue
// INC-7, opened at go-live, and returns the issue too.
func (h harness) openWithIssue(t *testing.T) (store.Store, hypercare.Issue) {
	t.Helper()
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	is := issue(t, "erp", "INC-7", "cannot log in", opened(goLive(t), hypercare.Sev2, hypercare.Defect))
	must(t, "CreateIssue", s.CreateIssue(bg, is))
	return s, is
}

// wantStored fails t unless the store holds want as issue INC-7 of "erp".
func wantStored(t *testing.T, s store.Store, what string, want hypercare.Issue) {
	t.Helper()
	got, err := s.Issue(bg, "erp", "INC-7")
	must(t, what+": Issue", err)
	if d := diff(want, got); d != "" {
		t.Errorf("%s: the store keeps another issue than the contract function returns (-want +got):\n%s", what, d)
	}
}

func (h harness) testWithEvents(t *testing.T) {
	s, _ := h.openWithIssue(t)
	at := goLive(t)
	respond := hypercare.Event{Type: hypercare.EventResponded, At: at.Add(10 * time.Minute), Person: "ana"}
	resolve := hypercare.Event{Type: hypercare.EventResolved, At: at.Add(time.Hour), Person: "ana", Team: hypercare.Project}
	early := hypercare.Event{Type: hypercare.EventResponded, At: at.Add(-time.Hour)}
	for _, tc := range []struct {
		name    string
		version int
		events  []hypercare.Event
	}{
		{name: "a response", version: 1, events: []hypercare.Event{respond}},
		{name: "a stale version", version: 1, events: []hypercare.Event{resolve}},
		{name: "a version from the future", version: 5, events: []hypercare.Event{resolve}},
		{name: "an event out of order", version: 2, events: []hypercare.Event{resolve, early}},
		{name: "nothing at a stale version", version: 1},
		{name: "nothing", version: 2},
		{name: "a resolution", version: 2, events: []hypercare.Event{resolve}},
	} {
		stored, err := s.Issue(bg, "erp", "INC-7")
		must(t, "Issue", err)
		what := "AppendEvents of " + tc.name
		want, werr := store.WithEvents(stored, tc.version, tc.events...)
		got, err := s.AppendEvents(bg, "erp", "INC-7", tc.version, tc.events...)
		agree(t, what, werr, err)
		if (store.CheckVersion(stored, tc.version) != nil) != errors.Is(err, store.ErrConflict) {
			t.Fatalf("%s: the store says %v, but CheckVersion(issue at version %d, %d) = %v", what, err, stored.Len(), tc.version, store.CheckVersion(stored, tc.version))
		}
		if werr != nil {
			continue
		}
		if d := diff(want, got); d != "" {
			t.Errorf("%s: the store returned another issue than WithEvents (-want +got):\n%s", what, d)
		}
		wantStored(t, s, what, want)
	}
}

func (h harness) testWithDetails(t *testing.T) {
	s, first := h.openWithIssue(t)
	at := goLive(t)
	respond := hypercare.Event{Type: hypercare.EventResponded, At: at.Add(10 * time.Minute), Person: "ana"}
	current, err := s.AppendEvents(bg, "erp", "INC-7", 1, respond)
	must(t, "AppendEvents", err)
	current.Title, current.Workaround, current.FixExpected = "cannot log in after the upgrade", "use the old portal", at.Add(48*time.Hour)
	stale := first
	stale.Title = "stale"
	for _, tc := range []struct {
		name string
		is   hypercare.Issue
	}{
		{name: "the current version", is: current},
		{name: "a stale version", is: stale},
	} {
		stored, err := s.Issue(bg, "erp", "INC-7")
		must(t, "Issue", err)
		what := "UpdateIssue at " + tc.name
		want, werr := store.WithDetails(stored, tc.is)
		agree(t, what, werr, s.UpdateIssue(bg, tc.is))
		if werr != nil {
			continue
		}
		wantStored(t, s, what, want)
	}
}

func (h harness) testEncodeSignOff(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	at := goLive(t).AddDate(0, 0, 27)
	var want []hypercare.SignOff
	for _, tc := range []struct {
		name string
		s    hypercare.SignOff
	}{
		{name: "a lead's", s: hypercare.SignOff{Engagement: "erp", By: "ana", Role: hypercare.RoleLead, At: at, Note: "all exit criteria met"}},
		{name: "no engagement", s: hypercare.SignOff{By: "sam", Role: hypercare.RoleSponsor, At: at}},
		{name: "nobody", s: hypercare.SignOff{Engagement: "erp", Role: hypercare.RoleSponsor, At: at}},
		{name: "no role", s: hypercare.SignOff{Engagement: "erp", By: "sam", At: at}},
		{name: "no time", s: hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor}},
		{name: "a sponsor's", s: hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: at.Add(time.Hour)}},
	} {
		js, err := store.EncodeSignOff(tc.s)
		agree(t, "AddSignOff with "+tc.name, err, s.AddSignOff(bg, tc.s))
		if err == nil {
			want = append(want, decoded[hypercare.SignOff](t, tc.name, js))
		}
	}
	if d := diff(want, collect(t, "SignOffs", s.SignOffs(bg, "erp"))); d != "" {
		t.Errorf("SignOffs are not what EncodeSignOff's JSON holds (-want +got):\n%s", d)
	}
}

func (h harness) testPrepareSeries(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	// The fixture in another order, one series split in two and reversed:
	// PrepareSeries sorts and merges.
	mixed := fixtureSeries()
	slices.Reverse(mixed)
	head, tail := mixed[1], mixed[1]
	head.Samples, tail.Samples = slices.Clone(head.Samples[:4]), slices.Clone(head.Samples[4:])
	slices.Reverse(tail.Samples)
	mixed = append(mixed[:1], append([]hypercare.Series{tail}, append(mixed[2:], head)...)...)
	twice := []hypercare.Series{fixtureSeries()[0], fixtureSeries()[0]}
	late := hypercare.Series{Metric: loginRate, Samples: []hypercare.Sample{{Date: hypercare.Date{Year: 10000, Month: time.January, Day: 3}, Value: 1, Base: 2}}}
	for _, tc := range []struct {
		name   string
		eng    hypercare.EngagementID
		series []hypercare.Series
	}{
		{name: "no engagement", series: fixtureSeries()},
		{name: "no samples", eng: "erp", series: []hypercare.Series{{Metric: loginRate}}},
		{name: "a value above its base", eng: "erp", series: []hypercare.Series{{Metric: loginRate, Samples: []hypercare.Sample{{Date: day(0), Value: 3, Base: 2}}}}},
		{name: "the year 10000", eng: "erp", series: []hypercare.Series{late}},
		{name: "one series twice", eng: "erp", series: twice},
		{name: "series out of order, one split", eng: "erp", series: mixed},
		{name: "the fixture", eng: "crm", series: fixtureSeries()},
	} {
		what := "AddSamples with " + tc.name
		before := deepCopySeries(tc.series)
		prepared, werr := store.PrepareSeries(tc.eng, tc.series)
		if d := diff(before, tc.series); d != "" {
			t.Fatalf("%s: PrepareSeries changed its argument (-before +after):\n%s", what, d)
		}
		agree(t, what, werr, s.AddSamples(bg, tc.eng, tc.series...))
		if werr != nil {
			continue
		}
		slices.SortFunc(prepared, store.CompareSeries)
		if d := diff(prepared, collect(t, "Series", s.Series(bg, tc.eng, store.SeriesFilter{}))); d != "" {
			t.Errorf("%s: the store keeps other series than PrepareSeries returns (-want +got):\n%s", what, d)
		}
	}
}

func deepCopySeries(series []hypercare.Series) []hypercare.Series {
	out := slices.Clone(series)
	for i := range out {
		out[i].Samples = slices.Clone(out[i].Samples)
	}
	return out
}

func (h harness) testEncodeRoster(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	week1 := fixtureRoster(t)
	notANumber := fixtureRoster(t)
	notANumber.Fairness.Gini = math.NaN()
	farOff := fixtureRoster(t)
	farOff.Shifts[0].Slot.Start = time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, eng, roster string
		r                 hypercare.Roster
	}{
		{name: "week 1", eng: "erp", roster: "week 1", r: week1},
		{name: "no shifts yet", eng: "erp", roster: "steady state"},
		{name: "no name", eng: "erp", r: week1},
		{name: "no engagement", roster: "week 1", r: week1},
		{name: "a Gini that is not a number", eng: "erp", roster: "nan", r: notANumber},
		{name: "a slot in the year 10000", eng: "erp", roster: "far off", r: farOff},
	} {
		what := fmt.Sprintf("PutRoster of %s", tc.name)
		js, werr := store.EncodeRoster(hypercare.EngagementID(tc.eng), tc.roster, tc.r)
		agree(t, what, werr, s.PutRoster(bg, hypercare.EngagementID(tc.eng), tc.roster, tc.r))
		if werr != nil {
			continue
		}
		got, err := s.Roster(bg, hypercare.EngagementID(tc.eng), tc.roster)
		must(t, "Roster", err)
		if d := diff(decoded[hypercare.Roster](t, tc.name, js), got); d != "" {
			t.Errorf("%s: the store keeps another roster than EncodeRoster's JSON holds (-want +got):\n%s", what, d)
		}
	}
}

func (h harness) testIssueOrderAndFilter(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	issues := fixtureIssues(t)
	slices.Reverse(issues)
	must(t, "ImportIssues", s.ImportIssues(bg, issues))
	loose := issue(t, "", "INC-10", "belongs to no engagement", opened(goLive(t), hypercare.Sev2, hypercare.Question))
	must(t, "CreateIssue", s.CreateIssue(bg, loose))

	all := collect(t, "Issues", s.Issues(bg, store.IssueFilter{}))
	if len(all) != len(issues)+1 {
		t.Fatalf("Issues listed %d issues, want %d", len(all), len(issues)+1)
	}
	for i := 1; i < len(all); i++ {
		if store.CompareIssues(all[i-1], all[i]) >= 0 {
			t.Errorf("Issues lists %q of %q before %q of %q, against CompareIssues", all[i-1].ID, all[i-1].Engagement, all[i].ID, all[i].Engagement)
		}
	}
	for _, f := range []store.IssueFilter{
		{Engagement: "erp"},
		{Engagement: "hr"},
		{Severities: []hypercare.Severity{hypercare.Sev1, hypercare.Sev2}},
		{Kinds: []hypercare.Kind{hypercare.Question}, Statuses: []hypercare.Status{hypercare.StatusOpen}},
		{OpenedFrom: goLive(t).Add(24 * time.Hour), OpenedBefore: goLive(t).Add(72 * time.Hour)},
		{Severities: []hypercare.Severity{0}},
		{Statuses: []hypercare.Status{99}},
	} {
		what := fmt.Sprintf("Issues(%+v)", f)
		agree(t, what, f.Validate(), firstErr(s.Issues(bg, f)))
		if f.Validate() != nil {
			continue
		}
		var want []hypercare.Issue
		for _, is := range all {
			if f.Match(is) {
				want = append(want, is)
			}
		}
		if d := diff(want, collect(t, what, s.Issues(bg, f))); d != "" {
			t.Errorf("%s is not what IssueFilter.Match keeps (-want +got):\n%s", what, d)
		}
	}
}

func (h harness) testSeriesOrderAndFilter(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	series := fixtureSeries()
	slices.Reverse(series)
	must(t, "AddSamples", s.AddSamples(bg, "erp", series...))

	all := collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{}))
	if len(all) != len(series) {
		t.Fatalf("Series listed %d series, want %d", len(all), len(series))
	}
	for i := 1; i < len(all); i++ {
		if store.CompareSeries(all[i-1], all[i]) >= 0 {
			t.Errorf("Series lists %s before %s, against CompareSeries", all[i-1], all[i])
		}
	}
	for _, f := range []store.SeriesFilter{
		{Metrics: []hypercare.AdoptionMetric{approvals}},
		{Segments: []hypercare.Segment{allUsers}},
		{Metrics: []hypercare.AdoptionMetric{loginRate}, Segments: []hypercare.Segment{sales, finance}, From: day(2), Before: day(9)},
		{From: day(5), Before: day(7)},
		{Metrics: []hypercare.AdoptionMetric{{Kind: hypercare.FeatureUse}}},
		{Before: hypercare.Date{Year: 2026, Month: 13, Day: 1}},
	} {
		what := fmt.Sprintf("Series(%+v)", f)
		agree(t, what, f.Validate(), firstErr(s.Series(bg, "erp", f)))
		if f.Validate() != nil {
			continue
		}
		var want []hypercare.Series
		for _, sr := range all {
			if kept, ok := f.Apply(sr); ok {
				want = append(want, kept)
			}
		}
		if d := diff(want, collect(t, what, s.Series(bg, "erp", f))); d != "" {
			t.Errorf("%s is not what SeriesFilter.Apply keeps (-want +got):\n%s", what, d)
		}
	}
}
