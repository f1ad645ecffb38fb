package hypercare

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

var monday = Date{2026, time.March, 2} // a Monday

// weekdays returns one sample per business day (Mon–Fri) from monday, n of
// them, with value(i) out of base.
func weekdays(n int, base float64, value func(i int) float64) []Sample {
	var out []Sample
	for d := monday; len(out) < n; d = d.AddDays(1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		out = append(out, Sample{Date: d, Value: value(len(out)), Base: base})
	}
	return out
}

func constant(v float64) func(int) float64 { return func(int) float64 { return v } }

var (
	login = AdoptionMetric{Kind: LoginRate}
	team  = func(name string) Segment { return Segment{Dimension: "team", Name: name} }
)

// brief is a flag without its numbers, for comparing rule, date and level.
type brief struct {
	Segment string
	Date    string
	Rule    string
	Level   string
	Message string // checked when not empty
}

func briefs(flags []Flag, withMessage map[string]bool) []brief {
	var out []brief
	for _, f := range flags {
		b := brief{Segment: f.Segment.String(), Date: f.Date.String(), Rule: f.Rule.String(), Level: f.Level.String()}
		if f.Rule == RuleRunTest {
			b.Rule = f.Test.String()
		}
		if withMessage[b.Date+" "+b.Rule] {
			b.Message = f.Message
		}
		out = append(out, b)
	}
	return out
}

// Worked cases for each rule, derived by hand in the comments.
func TestMonitorWorkedCases(t *testing.T) {
	cases := []struct {
		name   string
		series []Series
		cfg    MonitorConfig
		want   []brief
	}{
		{
			// Ramp-up of 10 business days: Mon 03-02 + 10 = Mon 03-16.
			// Team A is 10 points below the 80% target (an alert, the gap is
			// 0.10), team B 5 (a warning). Overall 72.5%: nobody lags.
			name: "below target",
			series: []Series{
				{Metric: login, Segment: team("A"), Samples: weekdays(20, 100, constant(70))},
				{Metric: login, Segment: team("B"), Samples: weekdays(20, 100, constant(75))},
			},
			cfg: MonitorConfig{Targets: []RateTarget{{Metric: login, Rate: 0.8}}},
			want: []brief{
				{"team A", "2026-03-16", "below-target", "alert", "login rate for team A was 70% over the 7 days to 2026-03-16, 10 points below the 80% target"},
				{"team B", "2026-03-16", "below-target", "warn", "login rate for team B was 75% over the 7 days to 2026-03-16, 5 points below the 80% target"},
			},
		},
		{
			// Overall (50+80+160)/(100+100+200) = 72.5%; team A is 22.5
			// points below (alert at 20), B and C are above.
			name: "lagging",
			series: []Series{
				{Metric: login, Segment: team("A"), Samples: weekdays(15, 100, constant(50))},
				{Metric: login, Segment: team("B"), Samples: weekdays(15, 100, constant(80))},
				{Metric: login, Segment: team("C"), Samples: weekdays(15, 200, constant(160))},
			},
			want: []brief{
				{"team A", "2026-03-16", "lagging", "alert", "login rate for team A was 50% over the 7 days to 2026-03-16, 22.5 points below the overall 72.5% across 3 team segments"},
			},
		},
		{
			// Hysteresis. Teams A and B of 1000 each, B at 80%: the gap is
			// (80 − a)/2, 10 points when A's 7-day rate is 60%, 5 when it is
			// 70%. A is 58% in week 1 (warned Wed 03-04, the first day
			// with 3 samples: gap 11 points), 64% in week 2 (gap 8: under
			// the threshold but no clear recovery), 58% in week 3 (gap 11
			// again: the same episode, no new warning, where Rearm alone
			// would warn again), 72% in week 4 (gap 4 on Fri 03-27: the
			// recovery), 58% in week 5: the 7-day rate reaches 58% on Fri
			// 04-03 (Thu is (72 + 4·58)/5 = 60.8%, gap 9.6): a new warning.
			name: "lagging once per episode",
			series: []Series{
				{Metric: login, Segment: team("A"), Samples: weekdays(25, 1000, func(i int) float64 { return []float64{580, 640, 580, 720, 580}[i/5] })},
				{Metric: login, Segment: team("B"), Samples: weekdays(25, 1000, constant(800))},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleLagging}, RampUp: -1, Rearm: 1},
			want: []brief{
				{"team A", "2026-03-04", "lagging", "warn", "login rate for team A was 58% over the 7 days to 2026-03-04, 11 points below the overall 69% across 2 team segments"},
				{"team A", "2026-04-03", "lagging", "warn", ""},
			},
		},
		{
			// Below target with the same hysteresis: target 80%, the 7-day
			// rate 78% in week 1 (warned Wed 03-04), 82% in week 2 (above
			// the target but under 85%, target + 5 points: no recovery),
			// 78% in week 3 (the same episode), 86% in week 4 (recovered on
			// Fri 03-27, Thu being (78 + 4·86)/5 = 84.4%), 78% in week 5:
			// the 7-day rate is 84.4% on Mon, 82.8% Tue, 81.2% Wed and
			// 79.6% on Thu 04-02: a new warning.
			name: "below target once per episode",
			series: []Series{
				{Metric: login, Samples: weekdays(25, 1000, func(i int) float64 { return []float64{780, 820, 780, 860, 780}[i/5] })},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleBelowTarget}, RampUp: -1, Rearm: 1, Targets: []RateTarget{{Metric: login, Rate: 0.8}}},
			want: []brief{
				{"all users", "2026-03-04", "below-target", "warn", "login rate was 78% over the 7 days to 2026-03-04, 2 points below the 80% target"},
				{"all users", "2026-04-02", "below-target", "warn", ""},
			},
		},
		{
			// Warning 10 business days after 03-02 (03-16), alert after 20
			// (03-30).
			name: "never used",
			series: []Series{
				{Metric: AdoptionMetric{Kind: FeatureUse, Name: "Approvals"}, Samples: weekdays(25, 40, constant(0))},
			},
			want: []brief{
				{"all users", "2026-03-16", "never-used", "warn", "nobody has used Approvals in the 10 business days since 2026-03-02 (40 users enabled)"},
				{"all users", "2026-03-30", "never-used", "alert", ""},
			},
		},
		{
			// Used once, on a Saturday: a use is a use.
			name: "used on a weekend",
			series: []Series{
				{Metric: AdoptionMetric{Kind: FeatureUse, Name: "Approvals"}, Samples: append(weekdays(25, 40, constant(0)),
					Sample{Date: Date{2026, time.March, 7}, Value: 1, Base: 40})},
			},
		},
		{
			// Falling 2 points a business day from 90%. The window of 15
			// needs 10 samples: at the 10th (Fri 03-13) S = −45,
			// Var = 10·9·25/18 = 125, Z = −44/√125 = −3.94, p < 0.001;
			// Sen −2 points/day over 9 days is 18 points: an alert at once,
			// which goes on.
			name: "declining",
			series: []Series{
				{Metric: login, Samples: weekdays(20, 100, func(i int) float64 { return 90 - 2*float64(i) })},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleDeclining}},
			want: []brief{
				{"all users", "2026-03-13", "declining", "alert", "login rate (7-day share) fell from 90% to 72% over 9 business days; Mann–Kendall p < 0.001, Sen slope −2 points/business day"},
			},
		},
		{
			// Baseline 80% of 10000: binomial σ 0.4 points, so the 1-point
			// floor. At 60%: z_t = 0.8 − 0.2(1−0.8^t); LCL at t=1 is
			// 0.8 − 0.03·√(0.2/1.8·0.36 + 1/10) = 78.8% (the 1/10 is the
			// variance of a 10-point baseline mean), and z = 76% is below it
			// on the 11th sample (Mon 03-16), but 4 points is under the
			// 5-point MinFall; at t=2, z = 0.8 − 0.2·0.36 = 72.8% below LCL
			// 0.8 − 0.03·√(0.2/1.8·(1−0.8^4) + 1/10) = 78.8%: a warning
			// (Tue 03-17); the fall reaches 10 points when 0.8^t <= 0.5,
			// t = 4 (Thu 03-19): an alert.
			name: "EWMA drop",
			series: []Series{
				{Metric: login, Samples: weekdays(16, 10000, func(i int) float64 { return map[bool]float64{true: 8000, false: 6000}[i < 10] })},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleDropEWMA}},
			want: []brief{
				{"all users", "2026-03-17", "drop-ewma", "warn", "login rate (7-day share) dropped: its EWMA fell to 72.8%, below the lower control limit 78.8% around the 80% baseline (σ = 1 point, λ = 0.2, L = 3)"},
				{"all users", "2026-03-19", "drop-ewma", "alert", ""},
			},
		},
		{
			// An outage day (5%) in a baseline of 80% and 81% on alternate
			// days, then a fall to 65%. The baseline's median is 80.5%, its
			// robust σ the larger of 1.4826 × MAD (0.5 points) = 0.74 and
			// the median moving range (1 point) / 0.954 = 1.05 points: the
			// outage, 75 points off, is beyond 5 × 1.05 and set aside. The
			// other 9 give the mean (4·80 + 5·81)/9 = 80.56% and the mean
			// moving range 7/8 point / 1.128 = 0.78, under the 1-point
			// floor: σ = 1 point. At t=1, z = 80.56 − 0.2·15.56 = 77.4%,
			// only 3.1 points down; at t=2 (Tue 03-17), z = 80.56 −
			// 15.56·0.36 = 75%, below LCL 80.56 − 3·√(0.2/1.8·0.5904 + 1/9)
			// = 79.3%: a warning; 10 points down when 0.8^t <= 0.357, t = 5
			// (Fri 03-20): an alert. Keeping the outage, the mean (73%) and
			// moving range (σ 15.7 points) would have flagged nothing.
			name: "EWMA drop after an outage in the baseline",
			series: []Series{
				{Metric: login, Samples: weekdays(16, 10000, func(i int) float64 {
					switch {
					case i == 2:
						return 500
					case i >= 10:
						return 6500
					}
					return 8000 + 100*float64(i%2)
				})},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleDropEWMA}},
			want: []brief{
				{"all users", "2026-03-17", "drop-ewma", "warn", "login rate (7-day share) dropped: its EWMA fell to 75%, below the lower control limit 79.3% around the 80.6% baseline (σ = 1 point, λ = 0.2, L = 3)"},
				{"all users", "2026-03-20", "drop-ewma", "alert", ""},
			},
		},
		{
			// A release on Mon 03-16 changes what counts as a login: 80%
			// before, 60% after, and MonitorConfig.Rebaseline says so. The
			// new baseline is 03-16 to 03-27 (10 samples at 60%: σ the
			// 1-point floor); a fall to 45% from Mon 03-30: at t=2 (Tue
			// 03-31) z = 60 − 15·0.36 = 54.6%, 5.4 points down, below LCL
			// 60 − 3·√(0.2/1.8·0.5904 + 1/10) = 58.8%: a warning; 10 points
			// down when 0.8^t <= 1/3, t = 5 (Fri 04-03): an alert. The
			// 20-point step of the release itself is not flagged.
			name: "EWMA after re-baselining",
			series: []Series{
				{Metric: login, Samples: weekdays(25, 10000, func(i int) float64 { return []float64{8000, 8000, 6000, 6000, 4500}[i/5] })},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleDropEWMA}, Rebaseline: []Date{{2026, 3, 16}}},
			want: []brief{
				{"all users", "2026-03-31", "drop-ewma", "warn", "login rate (7-day share) dropped: its EWMA fell to 54.6%, below the lower control limit 58.8% around the 60% baseline (σ = 1 point, λ = 0.2, L = 3)"},
				{"all users", "2026-04-03", "drop-ewma", "alert", ""},
			},
		},
		{
			// Same baseline, σ = 1 point, k = 0.5, h = 5 points. At 70%,
			// S_lo = 0.8 − 0.005 − 0.7 = 9.5 points > 5 on the first day;
			// the new level is 0.8 − 0.005 − 0.095 = 70%, 10 points down.
			name: "CUSUM drop",
			series: []Series{
				{Metric: login, Samples: weekdays(12, 10000, func(i int) float64 { return map[bool]float64{true: 8000, false: 7000}[i < 10] })},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleDropCUSUM}},
			want: []brief{
				{"all users", "2026-03-16", "drop-cusum", "alert", "login rate (7-day share) dropped below its 80% baseline: the lower CUSUM is 9.5 points, above h = 5 points (k = 0.5 points); estimated level 70%"},
			},
		},
		{
			// The baseline grows: 10 samples at 80%, then 20 at 82%. Each
			// joins 10 samples after it, so from the 30th sample (Fri
			// 04-10) the baseline is all 20 first samples: mean 81%, σ the
			// 1-point floor (one 2-point moving range in 19). At 75% on
			// Mon 04-13, S_lo = 81 − 0.5 − 75 = 5.5 points > h = 5: the
			// new level 81 − 0.5 − 5.5 = 75%, 6 points down, a warning.
			name: "CUSUM drop against a grown baseline",
			series: []Series{
				{Metric: login, Samples: weekdays(32, 10000, grownThenFall)},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleDropCUSUM}},
			want: []brief{
				{"all users", "2026-04-13", "drop-cusum", "warn", "login rate (7-day share) dropped below its 81% baseline: the lower CUSUM is 5.5 points, above h = 5 points (k = 0.5 points); estimated level 75%"},
			},
		},
		{
			// The same series with a fixed baseline (BaselineMax at most
			// Baseline): the first 10 samples, 80%. On 04-13 S_lo = 80 −
			// 0.5 − 75 = 4.5 points, under h; on Tue 04-14 it is 9 points
			// over 2 samples: the new level 80 − 0.5 − 9/2 = 75%, 5 points
			// down, a warning a day later.
			name: "CUSUM drop against a fixed baseline",
			series: []Series{
				{Metric: login, Samples: weekdays(32, 10000, grownThenFall)},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleDropCUSUM}, BaselineMax: 10},
			want: []brief{
				{"all users", "2026-04-14", "drop-cusum", "warn", "login rate (7-day share) dropped below its 80% baseline: the lower CUSUM is 9 points, above h = 5 points (k = 0.5 points); estimated level 75%"},
			},
		},
		{
			// Same baseline, σ = 1 point. Four points at 78.5% (1.5σ below)
			// meet test 6 on the fourth (Thu 03-19); then 76% (4σ below)
			// meets test 1 (Fri 03-20); test 6 goes on without a new flag.
			name: "run tests",
			series: []Series{
				{Metric: login, Samples: weekdays(15, 10000, func(i int) float64 {
					return []float64{8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 7850, 7850, 7850, 7850, 7600}[i]
				})},
			},
			cfg: MonitorConfig{Rules: []FlagRule{RuleRunTest}},
			want: []brief{
				{"all users", "2026-03-19", "nelson-6", "warn", "login rate (7-day share) was more than 1σ below its 80% baseline on 4 of the last 5 business-day samples, latest 78.5% (σ = 1 point); Nelson test 6"},
				{"all users", "2026-03-20", "nelson-1", "alert", "login rate (7-day share) was 76%, more than 3σ below its 80% baseline (σ = 1 point); Nelson test 1"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			flags, err := Monitor(c.series, c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			withMessage := map[string]bool{}
			for _, w := range c.want {
				if w.Message != "" {
					withMessage[w.Date+" "+w.Rule] = true
				}
			}
			if diff := cmp.Diff(c.want, briefs(flags, withMessage)); diff != "" {
				t.Errorf("flags mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// An episode flags its start and its rise to alert, and ends only after
// rearm clear evaluations in a row: with rearm 5, the warning at 3 belongs
// to the episode of 1 (one clear day between), the clear days 4–8 end it,
// so 9 starts a new one, 10 rises to alert, and 11–12 stay inside it.
// grownThenFall is 10 samples at 80% of 10000, 20 at 82%, then 75%.
func grownThenFall(i int) float64 {
	switch {
	case i < 10:
		return 8000
	case i < 30:
		return 8200
	}
	return 7500
}

// The baseline steps of a short series, by hand: Baseline 3, growing to 5.
// The first three samples (80, 82, 80%) give the mean 80.67% and σ the mean
// moving range 2 points / 1.128 = 1.773 points (above the 1-point floor),
// from the 4th sample (index 3). Sample 3 (78%) joins 3 samples after it
// (index 6): mean 80%, moving ranges still 2 points each. Sample 4 (80%)
// joins at index 7: mean 80%, 5 samples. Then the baseline is full.
func TestBaselineSteps(t *testing.T) {
	rates := []float64{0.80, 0.82, 0.80, 0.78, 0.80, 0.80, 0.80, 0.80, 0.80}
	p := &prepared{rates: rates, bases: make([]float64, len(rates))}
	for i := range p.bases {
		p.bases[i] = 10000
	}
	s, err := MonitorConfig{Baseline: 3, BaselineMax: 5}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	sigma := 0.02 / 1.128
	want := []baselineStep{
		{from: 3, mu: 2.42 / 3, sigma: sigma, m: 3},
		{from: 6, mu: 0.80, sigma: sigma, m: 4},
		{from: 7, mu: 0.80, sigma: sigma, m: 5},
	}
	got := s.baselineSteps(p, &scratch{})
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(baselineStep{}), cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("baseline steps (-want +got):\n%s", diff)
	}
	p.rates, p.bases = rates[:3], p.bases[:3]
	if got := s.baselineSteps(p, &scratch{}); len(got) != 0 {
		t.Errorf("a series no longer than its baseline: steps %v, want none", got)
	}
}

// The outlier limit of a flat baseline is 5 times the σ floor, not 5 times
// a robust σ of 0: ten samples at 80% of 10000 (binomial σ 0.4 points, so
// the 1-point floor) keep a sample 4 points off (the mean of 9 × 80 and 76
// is 79.6%) and set aside one 6 points off (80%, 9 samples kept).
func TestBaselineOutlierLimitUsesTheSigmaFloor(t *testing.T) {
	s, err := MonitorConfig{}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	bases := slices.Repeat([]float64{10000}, 10)
	for _, tc := range []struct {
		odd    float64
		wantMu float64
		wantM  int
	}{{0.76, 0.796, 10}, {0.74, 0.80, 9}} {
		rates := slices.Repeat([]float64{0.80}, 10)
		rates[4] = tc.odd
		mu, _, m := s.estimate(rates, bases, &scratch{})
		if math.Abs(mu-tc.wantMu) > 1e-12 || m != tc.wantM {
			t.Errorf("one sample at %v: level %v from %d samples, want %v from %d", tc.odd, mu, m, tc.wantMu, tc.wantM)
		}
	}
}

func TestEpisode(t *testing.T) {
	levels := []Level{0, LevelWarn, 0, LevelWarn, 0, 0, 0, 0, 0, LevelWarn, LevelAlert, LevelWarn, LevelAlert}
	ep := episode{rearm: 5}
	var got []int
	for i, l := range levels {
		if ep.rise(l) {
			got = append(got, i)
		}
	}
	if diff := cmp.Diff([]int{1, 9, 10}, got); diff != "" {
		t.Errorf("flags mismatch (-want +got):\n%s", diff)
	}
}

// A holiday is not a business day: a dip on it is no flag, and the 7-day
// window and the ramp-up skip it.
func TestMonitorHoliday(t *testing.T) {
	holiday := Date{2026, time.March, 18} // a Wednesday
	cal, err := NewCalendar(time.UTC, "Mon-Fri 09:00-17:00", holiday)
	if err != nil {
		t.Fatal(err)
	}
	samples := weekdays(40, 100, constant(80))
	for i := range samples {
		if samples[i].Date == holiday {
			samples[i].Value = 5
		}
	}
	flags, err := Monitor([]Series{{Metric: login, Samples: samples}}, MonitorConfig{
		Calendar: cal, Rules: AllRules(), Targets: []RateTarget{{Metric: login, Rate: 0.8}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(flags) != 0 {
		t.Errorf("a holiday dip raised %d flags, the first: %v", len(flags), flags[0])
	}
	// Without the holiday in the calendar the same dip is flagged.
	flags, _ = Monitor([]Series{{Metric: login, Samples: samples}}, MonitorConfig{Rules: AllRules()})
	if len(flags) == 0 {
		t.Error("a 75-point dip on a business day raised no flag")
	}
}

func TestMonitorErrors(t *testing.T) {
	good := Series{Metric: login, Samples: weekdays(3, 10, constant(5))}
	with := func(f func(*Series)) []Series {
		s := good
		s.Samples = append([]Sample(nil), good.Samples...)
		f(&s)
		return []Series{s}
	}
	for _, c := range []struct {
		name   string
		series []Series
		cfg    MonitorConfig
		want   string
	}{
		{"no samples", with(func(s *Series) { s.Samples = nil }), MonitorConfig{}, `series "login rate, all users": no samples`},
		{"negative base", with(func(s *Series) { s.Samples[1].Base = -3 }), MonitorConfig{}, "sample 2026-03-03: base -3"},
		{"zero base", with(func(s *Series) { s.Samples[1].Base = 0 }), MonitorConfig{}, "base 0"},
		{"NaN value", with(func(s *Series) { s.Samples[0].Value = math.NaN() }), MonitorConfig{}, "value NaN"},
		{"infinite base", with(func(s *Series) { s.Samples[0].Base = math.Inf(1) }), MonitorConfig{}, "base +Inf"},
		{"value above base", with(func(s *Series) { s.Samples[0].Value = 11 }), MonitorConfig{}, "value 11 exceeds base 10"},
		{"duplicate date", with(func(s *Series) { s.Samples[2].Date = s.Samples[0].Date }), MonitorConfig{}, "two samples on 2026-03-02"},
		{"invalid date", with(func(s *Series) { s.Samples[0].Date = Date{2026, 2, 30} }), MonitorConfig{}, "sample 2026-02-30: invalid date"},
		{"unknown kind", with(func(s *Series) { s.Metric.Kind = 9 }), MonitorConfig{}, "unknown metric kind 9"},
		{"feature without name", with(func(s *Series) { s.Metric = AdoptionMetric{Kind: FeatureUse} }), MonitorConfig{}, "feature use needs the feature's name"},
		{"half a segment", with(func(s *Series) { s.Segment = Segment{Dimension: "team"} }), MonitorConfig{}, `segment "team"/""`},
		{"series twice", []Series{good, good}, MonitorConfig{}, `series "login rate, all users": given twice`},
		{"unknown rule", nil, MonitorConfig{Rules: []FlagRule{0}}, "unknown rule 0"},
		{"target above 1", nil, MonitorConfig{Targets: []RateTarget{{Metric: login, Rate: 1.5}}}, "rate 1.5"},
		{"two targets", nil, MonitorConfig{Targets: []RateTarget{{Metric: login, Rate: 0.5}, {Metric: login, Rate: 0.6}}}, "two targets"},
		{"negative gap", nil, MonitorConfig{Lagging: LaggingRule{Gap: -0.1}}, "lagging gap -0.1"},
		{"small window", nil, MonitorConfig{Declining: DecliningRule{Window: 3}}, "declining window 3"},
		{"alert p above warn p", nil, MonitorConfig{Declining: DecliningRule{AlertP: 0.1}}, "alert p 0.1"},
		{"lambda", nil, MonitorConfig{EWMA: EWMARule{Lambda: 2}}, "lambda 2"},
		{"CUSUM h", nil, MonitorConfig{CUSUM: CUSUMRule{H: -1}}, "H -1"},
		{"baseline", nil, MonitorConfig{Baseline: 2}, "baseline 2"},
		{"week samples", nil, MonitorConfig{MinWeekSamples: 8}, "min week samples 8"},
		{"never used", nil, MonitorConfig{NeverUsed: NeverUsedRule{After: 30}}, "never used after 30"},
		{"run test", nil, MonitorConfig{Runs: RunRules{Tests: []RunTest{0}}}, "unknown test 0"},
		{"rearm", nil, MonitorConfig{Rearm: -2}, "rearm -2"},
		{"alert fall below min fall", nil, MonitorConfig{Declining: DecliningRule{MinFall: 0.2, AlertFall: 0.15}}, "declining alert fall 0.15 is below the declining min fall 0.2"},
		{"CUSUM alert below warning", nil, MonitorConfig{CUSUM: CUSUMRule{MinFall: 0.2, AlertFall: 0.1}}, "CUSUM alert fall 0.1 is below the CUSUM min fall 0.2"},
		{"lagging alert below gap", nil, MonitorConfig{Lagging: LaggingRule{Gap: 0.3, AlertGap: 0.2}}, "lagging alert gap 0.2 is below the lagging gap 0.3"},
	} {
		_, err := Monitor(c.series, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "hypercare: ") {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	if flags, err := Monitor(nil, MonitorConfig{}); err != nil || flags != nil {
		t.Errorf("no series: %v, %v; want no flags and no error", flags, err)
	}
	// A warning threshold above the default alert one lifts the alert's.
	if _, err := Monitor(nil, MonitorConfig{Lagging: LaggingRule{Gap: 0.3}, Declining: DecliningRule{MinFall: 0.2}}); err != nil {
		t.Errorf("gap 0.3 and min fall 0.2 with default alert thresholds: %v", err)
	}
}

// Monitor never changes its input.
func TestMonitorLeavesInputAlone(t *testing.T) {
	s := []Series{{Metric: login, Samples: weekdays(30, 100, func(i int) float64 { return float64(90 - i) })}}
	s[0].Samples[0], s[0].Samples[29] = s[0].Samples[29], s[0].Samples[0]
	before := cloneSeries(s)
	if _, err := Monitor(s, MonitorConfig{Rules: AllRules()}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, s); diff != "" {
		t.Errorf("input changed (-before +after):\n%s", diff)
	}
}

func cloneSeries(s []Series) []Series {
	out := make([]Series, len(s))
	for i := range s {
		out[i] = s[i]
		out[i].Samples = append([]Sample(nil), s[i].Samples...)
	}
	return out
}

// Every exported type round-trips through JSON.
func TestAdoptionJSON(t *testing.T) {
	cal, _ := NewCalendar(time.UTC, "Mon-Fri 09:00-17:00", Date{2026, 12, 25})
	values := []any{
		Sample{Date: monday, Value: 41, Base: 50},
		Series{Metric: AdoptionMetric{Kind: FeatureUse, Name: "Approvals"}, Segment: team("Finance"), Samples: weekdays(3, 50, constant(4))},
		AdoptionMetric{Kind: ActiveRate, Name: "CRM"},
		Segment{Dimension: "region", Name: "EMEA"},
		Flag{Metric: login, Segment: team("A"), Date: monday, Rule: RuleRunTest, Test: Nelson5, Level: LevelWarn, Value: 0.7, Reference: 0.8, Message: "m"},
		Flag{Metric: login, Date: monday, Rule: RuleDeclining, Level: LevelAlert},
		RateTarget{Metric: login, Rate: 0.85},
		MonitorConfig{Calendar: cal, Rules: AllRules(), Targets: []RateTarget{{Metric: login, Rate: 0.8}}, RampUp: -1,
			Baseline: 12, BaselineMax: 25, SigmaFloor: 0.02, MinWeekSamples: 4, Rearm: 3,
			BelowTarget: BelowTargetRule{AlertGap: 0.15},
			Declining:   DecliningRule{Window: 20, WarnP: 0.1, AlertP: 0.02, MinFall: 0.03, AlertFall: 0.2, Seasonal: true},
			EWMA:        EWMARule{Lambda: 0.3, L: 2.8, SteadyState: true, AlertFall: 0.05},
			CUSUM:       CUSUMRule{K: 0.25, H: 4, HeadStart: 2, AlertFall: 0.05},
			Runs:        WesternElectric(),
			Lagging:     LaggingRule{Gap: 0.05, AlertGap: 0.3},
			NeverUsed:   NeverUsedRule{After: 5, AlertAfter: 15}},
		MonitorConfig{},
		MannKendallResult{N: 14, S: 54, VarS: 332.5, Z: 2.9, P: 0.0036, Tau: 0.59, TauB: 0.6},
		SenFit{N: 3, Slope: 0.5, Intercept: -1},
		EWMAChart{Target: 50, Sigma: 2, Lambda: 0.3, L: 3, SteadyState: true},
		EWMAPoint{Z: 49, LCL: 47, UCL: 53, Signal: Upward},
		CUSUMChart{Target: 325, K: 0.3175, H: 4.1959, HeadStart: 2},
		CUSUMPoint{High: 1, Low: 5, Signal: Downward},
		NelsonRules(),
		RunSignal{Index: 3, Test: Nelson8, Direction: Unsided},
		LinearFit{N: 36, Slope: 1.002, Intercept: -0.26, SlopeSE: 4e-4, InterceptSE: 0.23, ResidualSD: 0.88, RSquared: 0.99},
		LoginRate, FeatureUse, RuleNeverUsed, LevelAlert, Nelson3, Downward,
	}
	for _, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			t.Errorf("%T: marshal: %v", v, err)
			continue
		}
		p := reflect.New(reflect.TypeOf(v))
		if err := json.Unmarshal(b, p.Interface()); err != nil {
			t.Errorf("%T: unmarshal %s: %v", v, b, err)
			continue
		}
		if diff := cmp.Diff(v, p.Elem().Interface()); diff != "" {
			t.Errorf("%T round trip via %s (-want +got):\n%s", v, b, diff)
		}
	}
	// Enums reject unknown names and refuse to encode the zero value.
	for _, c := range []struct {
		p   any
		txt string
	}{{new(MetricKind), `"login"`}, {new(FlagRule), `"drop"`}, {new(Level), `"info"`}, {new(RunTest), `"nelson-9"`}, {new(Direction), `""`}} {
		if err := json.Unmarshal([]byte(c.txt), c.p); err == nil {
			t.Errorf("%T accepted %s", c.p, c.txt)
		}
	}
	for _, z := range []any{MetricKind(0), FlagRule(0), Level(0), RunTest(0), Direction(0)} {
		if _, err := json.Marshal(z); err == nil {
			t.Errorf("the zero %T encoded", z)
		}
	}
}

// --- Properties ---------------------------------------------------------

func naiveKernels() kernels {
	return kernels{trend: naiveWindowTrend, median: sortedMedian, runs: naiveRuns}
}

// genSeries draws a daily series (weekends included) from start: a random
// walk of the rate with some days missing.
func genSeries(t *rapid.T, m AdoptionMetric, seg Segment, start Date) Series {
	n := rapid.IntRange(1, 90).Draw(t, "days")
	base := float64(rapid.IntRange(1, 400).Draw(t, "base"))
	rate := rapid.Float64Range(0, 1).Draw(t, "rate0")
	s := Series{Metric: m, Segment: seg}
	for i := range n {
		rate = min(max(rate+rapid.Float64Range(-0.08, 0.06).Draw(t, "step"), 0), 1)
		if rapid.IntRange(0, 9).Draw(t, "missing") == 0 {
			continue
		}
		s.Samples = append(s.Samples, Sample{Date: start.AddDays(i), Value: math.Round(rate * base), Base: base})
	}
	if len(s.Samples) == 0 {
		s.Samples = []Sample{{Date: start, Value: 0, Base: base}}
	}
	return s
}

func genInput(t *rapid.T) ([]Series, MonitorConfig) {
	metrics := []AdoptionMetric{login, {Kind: FeatureUse, Name: "Approvals"}}
	var series []Series
	for _, m := range metrics {
		for _, seg := range []Segment{{}, team("A"), team("B"), {Dimension: "region", Name: "EMEA"}} {
			if rapid.Bool().Draw(t, "present") {
				series = append(series, genSeries(t, m, seg, monday.AddDays(rapid.IntRange(0, 6).Draw(t, "offset"))))
			}
		}
	}
	cfg := MonitorConfig{
		Rules:     AllRules(),
		Targets:   []RateTarget{{Metric: login, Rate: 0.6}},
		RampUp:    rapid.IntRange(-1, 12).Draw(t, "rampUp"),
		Baseline:  rapid.IntRange(3, 12).Draw(t, "baseline"),
		Declining: DecliningRule{Window: rapid.IntRange(4, 20).Draw(t, "window"), Seasonal: rapid.Bool().Draw(t, "seasonal")},
		CUSUM:     CUSUMRule{HeadStart: rapid.SampledFrom([]float64{0, 2.5}).Draw(t, "headStart")},
	}
	return series, cfg
}

// The fast kernels and the slow ones raise exactly the same flags.
func TestMonitorAgreesWithNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		series, cfg := genInput(t)
		fast, err := monitor(series, cfg, fastKernels())
		if err != nil {
			t.Fatal(err)
		}
		slow, err := monitor(series, cfg, naiveKernels())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(slow, fast); diff != "" {
			t.Fatalf("flags mismatch (-naive +fast):\n%s", diff)
		}
	})
}

// The same input gives the same flags, whatever the order of the series
// and of their samples, and the flags are sorted and on business days.
func TestMonitorDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		series, cfg := genInput(t)
		first, err := Monitor(series, cfg)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := Monitor(series, cfg)
		if diff := cmp.Diff(first, again); diff != "" {
			t.Fatalf("second run differs (-first +second):\n%s", diff)
		}
		shuffled := cloneSeries(series)
		r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1))
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for _, s := range shuffled {
			r.Shuffle(len(s.Samples), func(i, j int) { s.Samples[i], s.Samples[j] = s.Samples[j], s.Samples[i] })
		}
		got, _ := Monitor(shuffled, cfg)
		if diff := cmp.Diff(first, got); diff != "" {
			t.Fatalf("shuffled input differs (-ordered +shuffled):\n%s", diff)
		}
		for i, f := range first {
			if i > 0 && compareFlags(first[i-1], f) >= 0 {
				t.Fatalf("flags %d and %d out of order: %v, %v", i-1, i, first[i-1], f)
			}
			if wd := f.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Fatalf("flag on a %v: %v", wd, f)
			}
			if !isFinite(f.Value) || !isFinite(f.Reference) || f.Message == "" {
				t.Fatalf("flag without finite numbers or a sentence: %+v", f)
			}
		}
	})
}

// A constant series (at or above its target, and above 0 for a feature)
// raises no flag, with every rule on, days missing at random.
func TestMonitorConstantSeriesIsQuiet(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := float64(rapid.IntRange(1, 1000).Draw(t, "base"))
		value := float64(rapid.IntRange(1, int(base)).Draw(t, "value"))
		kind := rapid.SampledFrom([]MetricKind{LoginRate, ActiveRate, FeatureUse}).Draw(t, "kind")
		m := AdoptionMetric{Kind: kind, Name: "X"}
		s := Series{Metric: m}
		for i := range rapid.IntRange(1, 150).Draw(t, "days") {
			if rapid.IntRange(0, 5).Draw(t, "missing") > 0 {
				s.Samples = append(s.Samples, Sample{Date: monday.AddDays(i), Value: value, Base: base})
			}
		}
		if len(s.Samples) == 0 {
			t.Skip("no samples")
		}
		cfg := MonitorConfig{Rules: AllRules(), Declining: DecliningRule{Seasonal: rapid.Bool().Draw(t, "seasonal")}}
		if rapid.Bool().Draw(t, "target") {
			cfg.Targets = []RateTarget{{Metric: m, Rate: value / base}}
		}
		flags, err := Monitor([]Series{s}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(flags) > 0 {
			t.Fatalf("a constant %v/%v series raised %d flags, the first: %v", value, base, len(flags), flags[0])
		}
	})
}

// Weekend dips of an otherwise flat business-day series are never flags,
// however deep and however they change from week to week.
func TestMonitorIgnoresWeekendDips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := float64(rapid.IntRange(1, 1000).Draw(t, "base"))
		value := float64(rapid.IntRange(1, int(base)).Draw(t, "value"))
		m := AdoptionMetric{Kind: rapid.SampledFrom([]MetricKind{LoginRate, ActiveRate, FeatureUse}).Draw(t, "kind"), Name: "X"}
		var segs []Series
		for _, seg := range []Segment{team("A"), team("B")} {
			s := Series{Metric: m, Segment: seg}
			for i := range rapid.IntRange(1, 120).Draw(t, "days") {
				d := monday.AddDays(i)
				v := value
				if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
					v = float64(rapid.IntRange(0, int(value)).Draw(t, "dip"))
				}
				s.Samples = append(s.Samples, Sample{Date: d, Value: v, Base: base})
			}
			segs = append(segs, s)
		}
		flags, err := Monitor(segs, MonitorConfig{Rules: AllRules(),
			Targets: []RateTarget{{Metric: segs[0].Metric, Rate: value / base}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(flags) > 0 {
			t.Fatalf("weekend dips raised %d flags, the first: %v", len(flags), flags[0])
		}
	})
}

// ruleFunc adapts a function to AdoptionRule, for tests.
type ruleFunc struct {
	name  string
	check func(Series) ([]Flag, error)
}

func (r ruleFunc) Name() string                   { return r.name }
func (r ruleFunc) Check(s Series) ([]Flag, error) { return r.check(s) }

func TestMonitorCustomRules(t *testing.T) {
	start := Date{2026, time.June, 1} // a Monday
	var ser Series
	ser.Metric = login
	ser.Segment = team("Ops")
	for i := range 14 {
		ser.Samples = append(ser.Samples, Sample{Date: start.AddDays(i), Value: 10, Base: 20})
	}
	var seen []Date
	spy := ruleFunc{"spy", func(s Series) ([]Flag, error) {
		seen = nil
		for _, x := range s.Samples {
			seen = append(seen, x.Date)
		}
		// Metric and Segment are filled in by Monitor, whatever the rule says.
		// So are Test and Ongoing, which custom rules never set.
		return []Flag{{Date: Date{2026, time.June, 10}, Level: LevelWarn, Message: "looked", Metric: AdoptionMetric{Kind: FeatureUse, Name: "x"},
			Test: Nelson2, Ongoing: true}}, nil
	}}
	flags, err := Monitor([]Series{ser}, MonitorConfig{Rules: []FlagRule{RuleBelowTarget}, Custom: []AdoptionRule{spy}})
	if err != nil {
		t.Fatal(err)
	}
	// Only the ten weekdays reach the rule.
	var want []Date
	for i := range 14 {
		if d := start.AddDays(i); d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			want = append(want, d)
		}
	}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("dates a custom rule sees (-want +got):\n%s", diff)
	}
	wantFlags := []Flag{{Metric: login, Segment: team("Ops"), Date: Date{2026, time.June, 10}, Rule: RuleCustom, Custom: "spy", Level: LevelWarn, Message: "looked"}}
	if diff := cmp.Diff(wantFlags, flags); diff != "" {
		t.Errorf("custom flags (-want +got):\n%s", diff)
	}
	if got, want := flags[0].String(), "2026-06-10 warn spy: looked"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}

	returning := func(f Flag, err error) AdoptionRule {
		return ruleFunc{"bad", func(Series) ([]Flag, error) { return []Flag{f}, err }}
	}
	ok := Flag{Date: Date{2026, time.June, 10}, Level: LevelWarn, Message: "m"}
	saturday, noLevel, noMessage := ok, ok, ok
	saturday.Date = Date{2026, time.June, 6}
	noLevel.Level = 0
	noMessage.Message = ""
	cases := []struct {
		name  string
		rules []AdoptionRule
		want  string
	}{
		{"weekend date", []AdoptionRule{returning(saturday, nil)}, "flag dated 2026-06-06, not a business day"},
		{"no level", []AdoptionRule{returning(noLevel, nil)}, "invalid level 0"},
		{"no message", []AdoptionRule{returning(noMessage, nil)}, "without a message"},
		{"rule error", []AdoptionRule{returning(ok, errBoom)}, `adoption rule "bad" on series`},
		{"unnamed", []AdoptionRule{ruleFunc{"", nil}}, "monitor config: custom rule 0 has an empty name"},
		{"twice", []AdoptionRule{returning(ok, nil), returning(ok, nil)}, `monitor config: custom rule 1 is named "bad", as custom rule 0 is`},
		{"nil", []AdoptionRule{nil}, "monitor config: custom rule 0 is nil"},
	}
	for _, c := range cases {
		_, err := Monitor([]Series{ser}, MonitorConfig{Custom: c.rules})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Monitor error = %v, want one containing %q", c.name, err, c.want)
		}
	}
}

var errBoom = errors.New("boom")

// The declining rule needs two thirds of its window present, however long
// the window: a window too long for the series raises nothing. Before the
// fix, Window = math.MaxInt overflowed the "two thirds" to 0, so 3 samples
// were enough and a 30-day fall raised declining flags "over 5 business
// days".
func TestMonitorDecliningHugeWindow(t *testing.T) {
	s := Series{Metric: login, Samples: weekdays(30, 30, func(i int) float64 { return float64(30 - i) })}
	for _, w := range []int{46, 1 << 40, math.MaxInt/2 + 1, math.MaxInt} {
		flags, err := Monitor([]Series{s}, MonitorConfig{Rules: []FlagRule{RuleDeclining}, Declining: DecliningRule{Window: w}})
		if err != nil {
			t.Fatal(err)
		}
		if len(flags) > 0 {
			t.Errorf("window %d: %d flags on 30 samples, want none; the first: %v", w, len(flags), flags[0])
		}
	}
	// Control: a window the series fills does flag the fall.
	if flags, _ := Monitor([]Series{s}, MonitorConfig{Rules: []FlagRule{RuleDeclining}, Declining: DecliningRule{Window: 30}}); len(flags) == 0 {
		t.Error("window 30: no flag on a steady fall")
	}
}

// The defaults are for flags a change manager can trust: on stationary
// noise — a steady rate with binomial scatter and quiet weekends — they stay
// almost silent. (Run tests and CUSUM, opt-in, raise about 2 false flags per
// series a year here; the defaults before they became opt-in raised 2.7.)
func TestMonitorDefaultsRarelyFlagNoise(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 2026))
	var series []Series
	start := Date{2026, time.January, 5} // a Monday
	for k := range 100 {
		p := 0.3 + 0.6*float64(k%7)/6 // 30% to 90%
		base := float64(40 + 40*(k%9))
		s := Series{Metric: login, Segment: Segment{"team", fmt.Sprintf("T%03d", k)}}
		for d := range 365 {
			date := start.AddDays(d)
			q := p
			if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
				q *= 0.15
			}
			v := 0.0
			for range int(base) {
				if r.Float64() < q {
					v++
				}
			}
			s.Samples = append(s.Samples, Sample{Date: date, Value: v, Base: base})
		}
		series = append(series, s)
	}
	flags, err := Monitor(series, MonitorConfig{})
	if err != nil {
		t.Fatal(err)
	}
	// Segments differ in level, so lagging may speak for the low ones; the
	// other rules must stay under 0.1 flags per series-year.
	var noise []Flag
	for _, f := range flags {
		if f.Rule != RuleLagging {
			noise = append(noise, f)
		}
	}
	if len(noise) > 10 {
		t.Errorf("%d false flags on 100 series-years of noise (want at most 10); first: %v", len(noise), noise[:min(len(noise), 5)])
	}
}

// Every day-by-day rule's sentence says what one sample counts: a 7-day
// share for a login rate, a daily share for an active-user rate and for
// feature use. The 7-day rules pool a week of samples and say so ("over the
// 7 days to") instead. The numbers are those of the worked cases above.
func TestDailyRuleSentencesNameTheShare(t *testing.T) {
	active := AdoptionMetric{Kind: ActiveRate, Name: "CRM"}
	approvals := AdoptionMetric{Kind: FeatureUse, Name: "Approvals"}
	fall := func(i int) float64 { return map[bool]float64{true: 8000, false: 7000}[i < 10] }
	cases := []struct {
		name   string
		series Series
		cfg    MonitorConfig
		want   string // the first flag's sentence
	}{
		{
			name:   "CUSUM, login rate",
			series: Series{Metric: login, Samples: weekdays(12, 10000, fall)},
			cfg:    MonitorConfig{Rules: []FlagRule{RuleDropCUSUM}},
			want:   "login rate (7-day share) dropped below its 80% baseline: the lower CUSUM is 9.5 points, above h = 5 points (k = 0.5 points); estimated level 70%",
		},
		{
			name:   "CUSUM, active-user rate of a team",
			series: Series{Metric: active, Segment: team("Sales"), Samples: weekdays(12, 10000, fall)},
			cfg:    MonitorConfig{Rules: []FlagRule{RuleDropCUSUM}},
			want:   "active-user rate of CRM (daily share) for team Sales dropped below its 80% baseline: the lower CUSUM is 9.5 points, above h = 5 points (k = 0.5 points); estimated level 70%",
		},
		{
			name:   "CUSUM, feature use",
			series: Series{Metric: approvals, Samples: weekdays(12, 10000, fall)},
			cfg:    MonitorConfig{Rules: []FlagRule{RuleDropCUSUM}},
			want:   "use of Approvals (daily share) dropped below its 80% baseline: the lower CUSUM is 9.5 points, above h = 5 points (k = 0.5 points); estimated level 70%",
		},
		{
			name:   "EWMA, active-user rate",
			series: Series{Metric: AdoptionMetric{Kind: ActiveRate}, Samples: weekdays(16, 10000, func(i int) float64 { return map[bool]float64{true: 8000, false: 6000}[i < 10] })},
			cfg:    MonitorConfig{Rules: []FlagRule{RuleDropEWMA}},
			want:   "active-user rate (daily share) dropped: its EWMA fell to 72.8%, below the lower control limit 78.8% around the 80% baseline (σ = 1 point, λ = 0.2, L = 3)",
		},
		{
			name:   "declining, feature use of a team",
			series: Series{Metric: approvals, Segment: team("Ops"), Samples: weekdays(20, 100, func(i int) float64 { return 90 - 2*float64(i) })},
			cfg:    MonitorConfig{Rules: []FlagRule{RuleDeclining}},
			want:   "use of Approvals (daily share) for team Ops fell from 90% to 72% over 9 business days; Mann–Kendall p < 0.001, Sen slope −2 points/business day",
		},
		{
			name: "run test, login rate",
			series: Series{Metric: login, Samples: weekdays(15, 10000, func(i int) float64 {
				return []float64{8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 7600}[min(i, 10)]
			})},
			cfg:  MonitorConfig{Rules: []FlagRule{RuleRunTest}, Runs: RunRules{Tests: []RunTest{Nelson1}}},
			want: "login rate (7-day share) was 76%, more than 3σ below its 80% baseline (σ = 1 point); Nelson test 1",
		},
		{
			// 60 of 100 against an 80% target, from the 11th business day
			// (Mon 03-16, after the ramp-up): a 7-day rule, no share named.
			name:   "below target, active-user rate: the 7-day wording",
			series: Series{Metric: AdoptionMetric{Kind: ActiveRate}, Samples: weekdays(11, 100, constant(60))},
			cfg:    MonitorConfig{Rules: []FlagRule{RuleBelowTarget}, Targets: []RateTarget{{Metric: AdoptionMetric{Kind: ActiveRate}, Rate: 0.8}}},
			want:   "active-user rate was 60% over the 7 days to 2026-03-16, 20 points below the 80% target",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			flags, err := Monitor([]Series{c.series}, c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if len(flags) == 0 {
				t.Fatalf("no flags, want one saying %q", c.want)
			}
			if diff := cmp.Diff(c.want, flags[0].Message); diff != "" {
				t.Errorf("sentence (-want +got):\n%s", diff)
			}
		})
	}
}

// The drop charts never look ahead, however their baseline grows: the
// flags dated up to a day are the same whether or not the later samples
// are given (Ongoing aside, which speaks of the last evaluation).
func TestDropChartsDoNotLookAhead(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSeries(t, login, Segment{}, monday)
		b := rapid.IntRange(3, 8).Draw(t, "baseline")
		cfg := MonitorConfig{Rules: []FlagRule{RuleDropEWMA, RuleDropCUSUM}, Baseline: b,
			BaselineMax: rapid.IntRange(0, 25).Draw(t, "baseline max")}
		cut := s.Samples[rapid.IntRange(0, len(s.Samples)-1).Draw(t, "cut")].Date
		early := s
		early.Samples = slices.DeleteFunc(slices.Clone(s.Samples), func(x Sample) bool { return x.Date.After(cut) })
		full, err := Monitor([]Series{s}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Monitor([]Series{early}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		full = slices.DeleteFunc(full, func(f Flag) bool { return f.Date.After(cut) })
		for _, fs := range [][]Flag{full, got} {
			for i := range fs {
				fs[i].Ongoing = false
			}
		}
		if diff := cmp.Diff(full, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("flags up to %s (-all samples +samples up to then):\n%s", cut, diff)
		}
	})
}

// An alert never fires below the warning threshold: with MinFall raised to
// 25 points and AlertFall left at its default (10 points), a steady fall is
// flagged first when it reaches 25 points, as an alert, not at 18 points.
// Falling 2 points a business day from 90%, the declining window's fall is
// 2 points × (n−1) over n samples, 25 points or more from n = 14 (Thu
// 03-19: 90% to 64% over 13 business days); p is far below 0.0001.
func TestMonitorAlertsNoEarlierThanTheWarningThreshold(t *testing.T) {
	s := Series{Metric: login, Samples: weekdays(20, 100, func(i int) float64 { return 90 - 2*float64(i) })}
	flags, err := Monitor([]Series{s}, MonitorConfig{Rules: []FlagRule{RuleDeclining}, Declining: DecliningRule{MinFall: 0.25}})
	if err != nil {
		t.Fatal(err)
	}
	want := []brief{{"all users", "2026-03-19", "declining", "alert", ""}}
	if diff := cmp.Diff(want, briefs(flags, nil)); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
}

// A re-baselining ends the control charts' episodes: a drop flagged before
// it is not Ongoing, since the series goes on under a new baseline and its
// last evaluation is after it. 80% for two weeks, 60% for the third (EWMA
// and CUSUM flag the drop), then a re-baselining on Mon 03-23 and 60% for
// 12 more business days: nothing to flag after it.
func TestMonitorRebaselineEndsOngoing(t *testing.T) {
	s := Series{Metric: login, Samples: weekdays(27, 10000, func(i int) float64 {
		if i < 10 {
			return 8000
		}
		return 6000
	})}
	flags, err := Monitor([]Series{s}, MonitorConfig{Rules: []FlagRule{RuleDropEWMA, RuleDropCUSUM, RuleRunTest}, Rebaseline: []Date{{2026, 3, 23}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(flags) == 0 {
		t.Fatal("no flag for the drop from 80% to 60%")
	}
	for _, f := range flags {
		if f.Date.After(Date{2026, 3, 20}) {
			t.Errorf("flag after the re-baselining: %v", f)
		}
		if f.Ongoing {
			t.Errorf("%s flag of %s is Ongoing, but the re-baselining on 2026-03-23 ended its episode", f.Rule, f.Date)
		}
	}
}
