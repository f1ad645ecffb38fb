package storetest

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// This file holds the cases for what came after issues: adoption samples,
// rosters, and the exit policy an engagement carries.

func (h harness) testAddSamples(t *testing.T) {
	s, _ := h.open(t)
	series := fixtureSeries()
	wantErr(t, "AddSamples to an unknown engagement", s.AddSamples(bg, "erp", series...), store.ErrNotFound)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	wantErr(t, "AddSamples with no engagement", s.AddSamples(bg, "", series...), store.ErrInvalid)

	// Week 2 first, then week 1, each series' samples handed over in reverse:
	// the store lists them in date order.
	week := func(from, before hypercare.Date, reverse bool) []hypercare.Series {
		var out []hypercare.Series
		for _, sr := range series {
			var kept []hypercare.Sample
			for _, x := range sr.Samples {
				if !x.Date.Before(from) && x.Date.Before(before) {
					kept = append(kept, x)
				}
			}
			if reverse {
				for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
					kept[i], kept[j] = kept[j], kept[i]
				}
			}
			out = append(out, hypercare.Series{Metric: sr.Metric, Segment: sr.Segment, Samples: kept})
		}
		return out
	}
	must(t, "AddSamples week 2", s.AddSamples(bg, "erp", week(day(7), day(14), true)...))
	must(t, "AddSamples week 1", s.AddSamples(bg, "erp", week(day(0), day(7), false)...))
	must(t, "AddSamples of nothing", s.AddSamples(bg, "erp"))
	if d := diff(series, collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{}))); d != "" {
		t.Errorf("Series mismatch (-want +got):\n%s", d)
	}

	// All or none: one new day (Saturday 14 March) with one already stored.
	sat := hypercare.Sample{Date: day(12), Value: 3, Base: 40}
	again := hypercare.Series{Metric: loginRate, Segment: finance, Samples: []hypercare.Sample{sat, {Date: day(11), Value: 1, Base: 40}}}
	wantErr(t, "AddSamples of a stored date", s.AddSamples(bg, "erp", again), store.ErrExists)
	// The same metric and segment in two series of one call: merged, unless
	// they share a date.
	one := hypercare.Series{Metric: loginRate, Segment: finance, Samples: []hypercare.Sample{sat}}
	wantErr(t, "AddSamples of one date in two series", s.AddSamples(bg, "erp", one, one), store.ErrExists)
	if d := diff(series, collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{}))); d != "" {
		t.Errorf("refused writes changed the series (-want +got):\n%s", d)
	}
	sun := hypercare.Sample{Date: day(13), Value: 2, Base: 40}
	must(t, "AddSamples of two series of one metric and segment", s.AddSamples(bg, "erp",
		hypercare.Series{Metric: loginRate, Segment: finance, Samples: []hypercare.Sample{sun}}, one))
	got := collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{Segments: []hypercare.Segment{finance}}))
	want := []hypercare.Series{{Metric: loginRate, Segment: finance, Samples: append(series[1].Samples[:10:10], sat, sun)}}
	if d := diff(want, got); d != "" {
		t.Errorf("after the weekend (-want +got):\n%s", d)
	}

	// Samples the root package refuses are ErrInvalid.
	ok := hypercare.Sample{Date: day(20), Value: 1, Base: 2}
	for name, bad := range map[string]hypercare.Series{
		"no samples":           {Metric: loginRate},
		"value above base":     {Metric: loginRate, Samples: []hypercare.Sample{{Date: day(20), Value: 3, Base: 2}}},
		"zero base":            {Metric: loginRate, Samples: []hypercare.Sample{{Date: day(20)}}},
		"NaN value":            {Metric: loginRate, Samples: []hypercare.Sample{{Date: day(20), Value: math.NaN(), Base: 2}}},
		"30 February":          {Metric: loginRate, Samples: []hypercare.Sample{{Date: hypercare.Date{Year: 2026, Month: time.February, Day: 30}, Value: 1, Base: 2}}},
		"year 10000":           {Metric: loginRate, Samples: []hypercare.Sample{{Date: hypercare.Date{Year: 10000, Month: time.January, Day: 1}, Value: 1, Base: 2}}},
		"one date twice":       {Metric: loginRate, Samples: []hypercare.Sample{ok, ok}},
		"unknown metric":       {Samples: []hypercare.Sample{ok}},
		"unnamed feature":      {Metric: hypercare.AdoptionMetric{Kind: hypercare.FeatureUse}, Samples: []hypercare.Sample{ok}},
		"segment with no name": {Metric: loginRate, Segment: hypercare.Segment{Dimension: "team"}, Samples: []hypercare.Sample{ok}},
	} {
		good := hypercare.Series{Metric: loginRate, Segment: sales, Samples: []hypercare.Sample{ok}}
		wantErr(t, "AddSamples with "+name, s.AddSamples(bg, "erp", good, bad), store.ErrInvalid)
	}
	if n := len(collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{From: day(20)}))); n != 0 {
		t.Errorf("refused writes stored %d series", n)
	}
	if got := collect(t, "Series of an unknown engagement", s.Series(bg, "hr", store.SeriesFilter{})); len(got) != 0 {
		t.Errorf("Series of an unknown engagement = %v, want none", got)
	}

	// What the store lists is what Monitor takes.
	got = collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{}))
	if _, err := hypercare.Monitor(got, hypercare.MonitorConfig{}); err != nil {
		t.Errorf("Monitor of the stored series: %v", err)
	}
}

func (h harness) testSeriesFilter(t *testing.T) {
	s, _ := h.open(t)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	must(t, "AddSamples", s.AddSamples(bg, "erp", fixtureSeries()...))
	crm := hypercare.Series{Metric: loginRate, Samples: []hypercare.Sample{{Date: day(63), Value: 5, Base: 9}}}
	must(t, "AddSamples crm", s.AddSamples(bg, "crm", crm))

	type view struct {
		Name  string
		Dates []string // first and last
		N     int
	}
	for _, tc := range []struct {
		name string
		f    store.SeriesFilter
		want []view
	}{
		{"everything", store.SeriesFilter{}, []view{
			{"login rate, all users", []string{"2026-03-02", "2026-03-13"}, 10},
			{"login rate, team Finance", []string{"2026-03-02", "2026-03-13"}, 10},
			{"login rate, team Sales", []string{"2026-03-02", "2026-03-13"}, 10},
			{"use of Approvals, all users", []string{"2026-03-02", "2026-03-13"}, 10}}},
		{"one metric", store.SeriesFilter{Metrics: []hypercare.AdoptionMetric{approvals}}, []view{
			{"use of Approvals, all users", []string{"2026-03-02", "2026-03-13"}, 10}}},
		{"a feature not sampled", store.SeriesFilter{Metrics: []hypercare.AdoptionMetric{{Kind: hypercare.FeatureUse, Name: "Reports"}}}, nil},
		{"login rate of another application", store.SeriesFilter{Metrics: []hypercare.AdoptionMetric{{Kind: hypercare.LoginRate, Name: "CRM"}}}, nil},
		{"one segment", store.SeriesFilter{Segments: []hypercare.Segment{sales}}, []view{
			{"login rate, team Sales", []string{"2026-03-02", "2026-03-13"}, 10}}},
		{"the zero segment is all users, not any", store.SeriesFilter{Segments: []hypercare.Segment{allUsers}}, []view{
			{"login rate, all users", []string{"2026-03-02", "2026-03-13"}, 10},
			{"use of Approvals, all users", []string{"2026-03-02", "2026-03-13"}, 10}}},
		{"metric and segment", store.SeriesFilter{Metrics: []hypercare.AdoptionMetric{loginRate}, Segments: []hypercare.Segment{finance, allUsers}}, []view{
			{"login rate, all users", []string{"2026-03-02", "2026-03-13"}, 10},
			{"login rate, team Finance", []string{"2026-03-02", "2026-03-13"}, 10}}},
		{"week 2, from Monday inclusive", store.SeriesFilter{Segments: []hypercare.Segment{sales}, From: day(7)}, []view{
			{"login rate, team Sales", []string{"2026-03-09", "2026-03-13"}, 5}}},
		{"until Thursday of week 1, exclusive", store.SeriesFilter{Segments: []hypercare.Segment{sales}, Before: day(3)}, []view{
			{"login rate, team Sales", []string{"2026-03-02", "2026-03-04"}, 3}}},
		{"Wednesday to Wednesday across the weekend", store.SeriesFilter{Metrics: []hypercare.AdoptionMetric{approvals}, From: day(2), Before: day(9)}, []view{
			{"use of Approvals, all users", []string{"2026-03-04", "2026-03-10"}, 5}}},
		{"a weekend has no samples, and no series", store.SeriesFilter{From: day(5), Before: day(7)}, nil},
		{"an empty range", store.SeriesFilter{From: day(7), Before: day(7)}, nil},
		{"a reversed range", store.SeriesFilter{From: day(9), Before: day(2)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []view
			for _, sr := range collect(t, "Series", s.Series(bg, "erp", tc.f)) {
				got = append(got, view{sr.String(), []string{sr.Samples[0].Date.String(), sr.Samples[len(sr.Samples)-1].Date.String()}, len(sr.Samples)})
			}
			if d := diff(tc.want, got); d != "" {
				t.Errorf("Series(%+v) mismatch (-want +got):\n%s", tc.f, d)
			}
		})
	}
	// The samples themselves, on one case worked by hand: Sales had 10+i
	// users of 25 on the i-th business day.
	got := collect(t, "Series", s.Series(bg, "erp", store.SeriesFilter{Segments: []hypercare.Segment{sales}, From: day(8), Before: day(10)}))
	want := []hypercare.Series{{Metric: loginRate, Segment: sales, Samples: []hypercare.Sample{{Date: day(8), Value: 16, Base: 25}, {Date: day(9), Value: 17, Base: 25}}}}
	if d := diff(want, got); d != "" {
		t.Errorf("Sales on 10 and 11 March (-want +got):\n%s", d)
	}
	if d := diff([]hypercare.Series{crm}, collect(t, "Series crm", s.Series(bg, "crm", store.SeriesFilter{}))); d != "" {
		t.Errorf("Series of crm (-want +got):\n%s", d)
	}

	for _, f := range []store.SeriesFilter{
		{Metrics: []hypercare.AdoptionMetric{{}}},
		{Metrics: []hypercare.AdoptionMetric{{Kind: hypercare.FeatureUse}}},
		{Segments: []hypercare.Segment{{Name: "Finance"}}},
		{From: hypercare.Date{Year: 2026, Month: time.February, Day: 30}},
		{Before: hypercare.Date{Year: 2026, Month: 13, Day: 1}},
	} {
		wantErr(t, fmt.Sprintf("Series(%+v)", f), firstErr(s.Series(bg, "erp", f)), store.ErrInvalid)
	}
}

func (h harness) testRosters(t *testing.T) {
	s, _ := h.open(t)
	week1 := fixtureRoster(t)
	wantErr(t, "PutRoster to an unknown engagement", s.PutRoster(bg, "erp", "week 1", week1), store.ErrNotFound)
	must(t, "CreateEngagement", s.CreateEngagement(bg, fixtureEngagement(t)))
	must(t, "CreateEngagement crm", s.CreateEngagement(bg, otherEngagement(t)))
	_, err := s.Roster(bg, "erp", "week 1")
	wantErr(t, "Roster before put", err, store.ErrNotFound)

	must(t, "PutRoster week 1", s.PutRoster(bg, "erp", "week 1", week1))
	got, err := s.Roster(bg, "erp", "week 1")
	must(t, "Roster", err)
	if d := diff(week1, got); d != "" {
		t.Errorf("Roster mismatch (-want +got):\n%s", d)
	}
	for i, sh := range got.Shifts {
		if !sh.Start.Equal(week1.Shifts[i].Start) || !sh.End.Equal(week1.Shifts[i].End) {
			t.Errorf("shift %d runs %s to %s, want %s to %s", i, sh.Start, sh.End, week1.Shifts[i].Start, week1.Shifts[i].End)
		}
	}

	// Several rosters per engagement, listed by name; a roster with no
	// shifts yet is a roster.
	steady := hypercare.Roster{Shifts: []hypercare.Shift{{Slot: hypercare.Slot{Name: "on-call", Start: goLive(t).AddDate(0, 0, 7), End: goLive(t).AddDate(0, 0, 14), OnCall: true}, People: []hypercare.PersonID{"bo"}}}}
	must(t, "PutRoster steady state", s.PutRoster(bg, "erp", "steady state", steady))
	must(t, "PutRoster crm", s.PutRoster(bg, "crm", "week 1", hypercare.Roster{}))
	// A swap: the last put wins.
	swapped := fixtureRoster(t)
	swapped.Shifts[1].People = []hypercare.PersonID{"ana"}
	must(t, "PutRoster week 1 again", s.PutRoster(bg, "erp", "week 1", swapped))
	want := []store.NamedRoster{{Engagement: "erp", Name: "steady state", Roster: steady}, {Engagement: "erp", Name: "week 1", Roster: swapped}}
	if d := diff(want, collect(t, "Rosters", s.Rosters(bg, "erp"))); d != "" {
		t.Errorf("Rosters mismatch (-want +got):\n%s", d)
	}
	if d := diff([]store.NamedRoster{{Engagement: "crm", Name: "week 1"}}, collect(t, "Rosters crm", s.Rosters(bg, "crm"))); d != "" {
		t.Errorf("Rosters of crm mismatch (-want +got):\n%s", d)
	}
	if got := collect(t, "Rosters of an unknown engagement", s.Rosters(bg, "hr")); len(got) != 0 {
		t.Errorf("Rosters of an unknown engagement = %v, want none", got)
	}
	_, err = s.Roster(bg, "erp", "week 2")
	wantErr(t, "Roster of an unknown name", err, store.ErrNotFound)
	_, err = s.Roster(bg, "hr", "week 1")
	wantErr(t, "Roster of an unknown engagement", err, store.ErrNotFound)

	nan := fixtureRoster(t)
	nan.Fairness.Gini = math.NaN()
	far := fixtureRoster(t)
	far.Shifts[0].End = time.Date(10000, time.January, 1, 0, 0, 0, 0, time.UTC)
	for what, err := range map[string]error{
		"no name":          s.PutRoster(bg, "erp", "", week1),
		"no engagement":    s.PutRoster(bg, "", "week 1", week1),
		"a NaN Gini":       s.PutRoster(bg, "erp", "week 1", nan),
		"a time past 9999": s.PutRoster(bg, "erp", "week 1", far),
	} {
		wantErr(t, "PutRoster with "+what, err, store.ErrInvalid)
	}
	got, err = s.Roster(bg, "erp", "week 1")
	must(t, "Roster", err)
	if d := diff(swapped, got); d != "" {
		t.Errorf("refused puts changed the roster (-want +got):\n%s", d)
	}
}

// testExitPolicy checks the engagement's exit policy survives: built-in
// criteria with every field (the fixture), and a firm's own criterion,
// which comes back as a placeholder of the same name that ExitPolicy.Bind
// replaces.
func (h harness) testExitPolicy(t *testing.T) {
	s, dir := h.open(t)
	e := fixtureEngagement(t)
	streak := loginStreak{Days: 5}
	e.Exit.Criteria = append(e.Exit.Criteria, streak, hypercare.Any(hypercare.NoneOpen{}, streak))
	must(t, "CreateEngagement", s.CreateEngagement(bg, e))

	check := func(what string, got hypercare.Engagement) {
		t.Helper()
		n := len(e.Exit.Criteria)
		if len(got.Exit.Criteria) != n {
			t.Fatalf("%s: %d exit criteria, want %d", what, len(got.Exit.Criteria), n)
		}
		placeholder := got.Exit.Criteria[n-2]
		if placeholder.Name() != streak.Name() {
			t.Errorf("%s: custom criterion came back named %q, want %q", what, placeholder.Name(), streak.Name())
		}
		if r, err := placeholder.Check(hypercare.ExitInput{Engagement: got, AsOf: got.PlannedEnd}); err != nil || r.Met {
			t.Errorf("%s: the placeholder is met (%v, %v); it must never be", what, r.Met, err)
		}
		bound, err := got.Exit.Bind(streak)
		if err != nil {
			t.Fatalf("%s: Bind: %v", what, err)
		}
		got.Exit = bound
		if d := diff(e, got); d != "" {
			t.Errorf("%s: engagement with the custom criterion bound again (-want +got):\n%s", what, d)
		}
	}
	got, err := s.Engagement(bg, "erp")
	must(t, "Engagement", err)
	check("Engagement", got)
	must(t, "UpdateEngagement", s.UpdateEngagement(bg, e))
	for got, err := range s.Engagements(bg) {
		must(t, "Engagements", err)
		check("Engagements after an update", got)
	}
	if h.Durable {
		s = h.reopen(t, s, dir)
		got, err := s.Engagement(bg, "erp")
		must(t, "Engagement after reopen", err)
		check("Engagement after reopen", got)
	}

	// A policy the root package rejects is ErrInvalid.
	bad := otherEngagement(t)
	bad.Exit = hypercare.ExitPolicy{Criteria: []hypercare.Criterion{hypercare.All()}}
	wantErr(t, "CreateEngagement with All of nothing", s.CreateEngagement(bg, bad), store.ErrInvalid)
}
