package storetest

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// The model of adoption samples and rosters, and the exit policies drawn for
// engagements.

// seriesID names a series in the model.
type seriesID struct {
	metric  hypercare.AdoptionMetric
	segment hypercare.Segment
}

// The pools samples and rosters are drawn from: small, so that writes
// collide.
var (
	metricPool  = []hypercare.AdoptionMetric{loginRate, approvals, {Kind: hypercare.ActiveRate, Name: "CRM"}}
	segmentPool = []hypercare.Segment{allUsers, finance, {Dimension: "region", Name: "EMEA"}}
	rosterNames = []string{"week 1", "steady state"}
)

func (sm *machine) drawSample(t *rapid.T) hypercare.Sample {
	x := hypercare.Sample{Date: day(rapid.IntRange(0, 13).Draw(t, "sample day"))}
	x.Base = rapid.SampledFrom([]float64{1, 40, 50}).Draw(t, "base")
	x.Value = float64(rapid.IntRange(0, int(x.Base)).Draw(t, "value"))
	switch rapid.IntRange(0, 29).Draw(t, "bad sample") {
	case 0:
		x.Value = x.Base + 1
	case 1:
		x.Date = hypercare.Date{Year: 2026, Month: time.February, Day: 30}
	case 2:
		x.Value = 0.25 // a fraction is fine
	}
	return x
}

func (sm *machine) drawSeries(t *rapid.T) hypercare.Series {
	s := hypercare.Series{
		Metric:  rapid.SampledFrom(metricPool).Draw(t, "metric"),
		Segment: rapid.SampledFrom(segmentPool).Draw(t, "segment"),
	}
	for range rapid.IntRange(0, 4).Draw(t, "samples") {
		s.Samples = append(s.Samples, sm.drawSample(t))
	}
	return s
}

func (sm *machine) addSamples(t *rapid.T) {
	eng := rapid.SampledFrom(append([]hypercare.EngagementID{""}, engagementIDs...)).Draw(t, "engagement")
	var series []hypercare.Series
	for range rapid.IntRange(0, 3).Draw(t, "series") {
		series = append(series, sm.drawSeries(t))
	}
	err := sm.s.AddSamples(t.Context(), eng, series...)

	// The answers the store may give: any one of the problems, read from
	// AddSamples' doc.
	var problems []error
	if eng == "" {
		problems = append(problems, store.ErrInvalid)
	}
	if _, ok := sm.m.engagements[eng]; !ok {
		problems = append(problems, store.ErrNotFound)
	}
	stored := sm.m.samples[eng]
	seen := map[seriesID]map[hypercare.Date]bool{}
	for _, s := range series {
		if s.Validate() != nil {
			problems = append(problems, store.ErrInvalid)
		}
		id := seriesID{s.Metric, s.Segment}
		for _, x := range s.Samples {
			if _, ok := stored[id][x.Date]; ok || seen[id][x.Date] {
				problems = append(problems, store.ErrExists)
			}
		}
		if seen[id] == nil {
			seen[id] = map[hypercare.Date]bool{}
		}
		for _, x := range s.Samples {
			seen[id][x.Date] = true
		}
	}
	expect(t, fmt.Sprintf("AddSamples(%q, %v)", eng, series), err, problems...)
	if len(problems) > 0 {
		return
	}
	if sm.m.samples[eng] == nil {
		sm.m.samples[eng] = map[seriesID]map[hypercare.Date]hypercare.Sample{}
	}
	for _, s := range series {
		id := seriesID{s.Metric, s.Segment}
		if sm.m.samples[eng][id] == nil {
			sm.m.samples[eng][id] = map[hypercare.Date]hypercare.Sample{}
		}
		for _, x := range s.Samples {
			sm.m.samples[eng][id][x.Date] = x
		}
	}
}

// series is the model's reading of Series, written from its doc.
func (sm *machine) series(eng hypercare.EngagementID, f store.SeriesFilter) []hypercare.Series {
	var out []hypercare.Series
	for id, samples := range sm.m.samples[eng] {
		if len(f.Metrics) > 0 && !slices.Contains(f.Metrics, id.metric) || len(f.Segments) > 0 && !slices.Contains(f.Segments, id.segment) {
			continue
		}
		s := hypercare.Series{Metric: id.metric, Segment: id.segment}
		for d, x := range samples {
			if (f.From.IsZero() || !d.Before(f.From)) && (f.Before.IsZero() || d.Before(f.Before)) {
				s.Samples = append(s.Samples, x)
			}
		}
		if len(s.Samples) > 0 {
			slices.SortFunc(s.Samples, func(a, b hypercare.Sample) int { return a.Date.Compare(b.Date) })
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b hypercare.Series) int {
		return cmp.Or(cmp.Compare(a.Metric.Kind, b.Metric.Kind), cmp.Compare(a.Metric.Name, b.Metric.Name),
			cmp.Compare(a.Segment.Dimension, b.Segment.Dimension), cmp.Compare(a.Segment.Name, b.Segment.Name))
	})
	return out
}

func (sm *machine) listSeries(t *rapid.T) {
	eng := rapid.SampledFrom(engagementIDs).Draw(t, "engagement")
	f := store.SeriesFilter{
		Metrics:  rapid.SliceOfN(rapid.SampledFrom(metricPool), 0, 2).Draw(t, "filter metrics"),
		Segments: rapid.SliceOfN(rapid.SampledFrom(segmentPool), 0, 2).Draw(t, "filter segments"),
	}
	if rapid.Bool().Draw(t, "from") {
		f.From = day(rapid.IntRange(0, 14).Draw(t, "from day"))
	}
	if rapid.Bool().Draw(t, "before") {
		f.Before = day(rapid.IntRange(0, 14).Draw(t, "before day"))
	}
	if d := diff(sm.series(eng, f), collect(t, "Series", sm.s.Series(t.Context(), eng, f))); d != "" {
		t.Fatalf("Series(%q, %+v) mismatch (-want +got):\n%s", eng, f, d)
	}
}

func (sm *machine) drawRoster(t *rapid.T) hypercare.Roster {
	var r hypercare.Roster
	start := sm.m.clock.Truncate(time.Hour)
	people := map[hypercare.PersonID]bool{}
	for i := range rapid.IntRange(0, 3).Draw(t, "shifts") {
		sl := hypercare.Slot{
			Name:   rapid.SampledFrom([]string{"", "day", "night"}).Draw(t, "slot"),
			Start:  start.Add(time.Duration(12*i) * time.Hour),
			End:    start.Add(time.Duration(12*i+12) * time.Hour),
			Seats:  rapid.IntRange(0, 2).Draw(t, "seats"),
			Skills: rapid.SliceOfN(rapid.SampledFrom([]string{"sql", "finance"}), 0, 2).Draw(t, "skills"),
			Pair:   rapid.Bool().Draw(t, "pair"),
			OnCall: rapid.Bool().Draw(t, "on call"),
		}
		who := rapid.SliceOfNDistinct(rapid.SampledFrom(personIDs[1:]), 1, 2, rapid.ID).Draw(t, "people")
		for _, p := range who {
			people[p] = true
		}
		r.Shifts = append(r.Shifts, hypercare.Shift{Slot: sl, People: who})
	}
	hours := func(label string) time.Duration {
		return time.Duration(rapid.IntRange(0, 48).Draw(t, label)) * time.Hour
	}
	for _, p := range personIDs[1:] {
		if people[p] {
			r.Loads = append(r.Loads, hypercare.Load{Person: p, Shifts: rapid.IntRange(1, 3).Draw(t, "load shifts"),
				Total: hours("total"), Sleep: hours("sleep"), Weekend: hours("weekend"), OnCall: hours("on-call")})
		}
	}
	if len(r.Shifts) > 0 {
		r.Fairness = hypercare.Fairness{Max: hours("max"), Min: hours("min"), Range: hours("range"), ShiftRange: rapid.IntRange(0, 2).Draw(t, "shift range"),
			Gini: rapid.Float64Range(0, 1).Draw(t, "gini"), MaxOverBound: rapid.Float64Range(1, 2).Draw(t, "max over bound"),
			SleepRange: hours("sleep range"), WeekendRange: hours("weekend range")}
		r.Bound = hypercare.Bound{Total: hours("bound"), Shifts: rapid.IntRange(0, 3).Draw(t, "bound shifts"), Exact: rapid.Bool().Draw(t, "exact")}
	}
	return r
}

func (sm *machine) putRoster(t *rapid.T) {
	eng := rapid.SampledFrom(append([]hypercare.EngagementID{""}, engagementIDs...)).Draw(t, "engagement")
	name := rapid.SampledFrom(append([]string{""}, rosterNames...)).Draw(t, "roster")
	r := sm.drawRoster(t)
	err := sm.s.PutRoster(t.Context(), eng, name, r)
	_, known := sm.m.engagements[eng]
	switch {
	case eng == "" || name == "":
		expect(t, "PutRoster with no engagement or name", err, store.ErrInvalid)
	case !known:
		expect(t, "PutRoster to an unknown engagement", err, store.ErrNotFound)
	default:
		expect(t, "PutRoster", err)
		if sm.m.rosters[eng] == nil {
			sm.m.rosters[eng] = map[string]hypercare.Roster{}
		}
		sm.m.rosters[eng][name] = r
	}
}

// checkMore compares the samples and rosters the store holds with the
// model.
func (sm *machine) checkMore(t *rapid.T) {
	ctx := t.Context()
	for _, eng := range engagementIDs {
		if d := diff(sm.series(eng, store.SeriesFilter{}), collect(t, "Series", sm.s.Series(ctx, eng, store.SeriesFilter{}))); d != "" {
			t.Fatalf("series of %q mismatch (-want +got):\n%s", eng, d)
		}
		var want []store.NamedRoster
		for _, name := range sortedNames(sm.m.rosters[eng]) {
			want = append(want, store.NamedRoster{Engagement: eng, Name: name, Roster: sm.m.rosters[eng][name]})
		}
		if d := diff(want, collect(t, "Rosters", sm.s.Rosters(ctx, eng))); d != "" {
			t.Fatalf("rosters of %q mismatch (-want +got):\n%s", eng, d)
		}
		for _, name := range rosterNames {
			want, ok := sm.m.rosters[eng][name]
			got, err := sm.s.Roster(ctx, eng, name)
			if !ok {
				expect(t, "Roster of an unknown name", err, store.ErrNotFound)
				continue
			}
			expect(t, "Roster", err)
			if d := diff(want, got); d != "" {
				t.Fatalf("Roster(%q, %q) mismatch (-want +got):\n%s", eng, name, d)
			}
		}
	}
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// drawExit draws an exit policy of built-in criteria, nested in All and Any,
// with every field drawn (zero included: the defaults).
func drawExit(t *rapid.T) hypercare.ExitPolicy {
	var p hypercare.ExitPolicy
	for range rapid.IntRange(0, 3).Draw(t, "criteria") {
		p.Criteria = append(p.Criteria, drawCriterion(t, 0))
	}
	return p
}

func drawCriterion(t *rapid.T, depth int) hypercare.Criterion {
	kinds := 6
	if depth < 2 {
		kinds = 8
	}
	sev := func() hypercare.Severity {
		return rapid.SampledFrom(append([]hypercare.Severity{0}, severities...)).Draw(t, "at least")
	}
	days := func() int { return rapid.IntRange(0, 14).Draw(t, "days") }
	share := func() decimal.Decimal { return decimal.New(int64(rapid.IntRange(0, 100).Draw(t, "share")), -2) }
	switch rapid.IntRange(0, kinds-1).Draw(t, "criterion") {
	case 0:
		return hypercare.NoNewIssues{AtLeast: sev(), Days: days()}
	case 1:
		return hypercare.DefectRate{Days: days(), Max: decimal.New(int64(rapid.IntRange(0, 30).Draw(t, "max")), -1)}
	case 2:
		return hypercare.Takeover{Days: days(), MinShare: share(), MinResolved: rapid.IntRange(0, 9).Draw(t, "min resolved")}
	case 3:
		return hypercare.NoneOpen{AtLeast: sev()}
	case 4:
		return hypercare.SLACompliance{Days: days(), MinShare: share(), MinClocks: rapid.IntRange(0, 9).Draw(t, "min clocks"),
			Metric: rapid.SampledFrom([]hypercare.Metric{0, hypercare.FirstResponse, hypercare.Resolution}).Draw(t, "metric"), AtLeast: sev()}
	case 5:
		return hypercare.SponsorSignOff{By: rapid.SampledFrom(personIDs).Draw(t, "by")}
	}
	var parts []hypercare.Criterion
	for range rapid.IntRange(1, 3).Draw(t, "parts") {
		parts = append(parts, drawCriterion(t, depth+1))
	}
	if rapid.Bool().Draw(t, "all") {
		return hypercare.All(parts...)
	}
	return hypercare.Any(parts...)
}
