package hypercare

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// benchInput is 1,000 series of 365 days: 10 metrics (login rate, active
// rate, 8 features) × 100 teams, weekends low, some teams declining after
// day 200, one feature never used, about 3% of days missing.
func benchInput() ([]Series, MonitorConfig) {
	r := rand.New(rand.NewPCG(1, 2))
	metrics := []AdoptionMetric{{Kind: LoginRate}, {Kind: ActiveRate}}
	for i := range 8 {
		metrics = append(metrics, AdoptionMetric{Kind: FeatureUse, Name: fmt.Sprintf("feature %d", i)})
	}
	start := Date{2026, time.January, 5}
	var series []Series
	cfg := MonitorConfig{Rules: AllRules()}
	for mi, m := range metrics {
		cfg.Targets = append(cfg.Targets, RateTarget{Metric: m, Rate: 0.7})
		for ti := range 100 {
			s := Series{Metric: m, Segment: Segment{Dimension: "team", Name: fmt.Sprintf("T%03d", ti)}}
			base := float64(20 + r.IntN(400))
			level := 0.5 + 0.45*r.Float64()
			if mi == 9 {
				level = 0
			}
			declining := r.IntN(5) == 0
			for d := range 365 {
				if r.IntN(33) == 0 {
					continue
				}
				date := start.AddDays(d)
				rate := level + 0.03*r.NormFloat64()
				if declining && d > 200 {
					rate -= 0.002 * float64(d-200)
				}
				if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
					rate *= 0.2
				}
				rate = min(max(rate, 0), 1)
				s.Samples = append(s.Samples, Sample{Date: date, Value: math.Round(rate * base), Base: base})
			}
			series = append(series, s)
		}
	}
	return series, cfg
}

func benchmarkMonitor(b *testing.B, k kernels) {
	series, cfg := benchInput()
	b.ReportAllocs()
	var flags []Flag
	for b.Loop() {
		var err error
		flags, err = monitor(series, cfg, k)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(flags)), "flags")
}

// BenchmarkMonitor runs every rule over 1,000 series of 365 days.
func BenchmarkMonitor(b *testing.B) { benchmarkMonitor(b, fastKernels()) }

// BenchmarkMonitorNaive is the baseline: the same rules with the windowed
// Mann–Kendall recomputed from scratch every day, Sen's median by a full
// sort and the run tests checked point by point against their definitions.
func BenchmarkMonitorNaive(b *testing.B) { benchmarkMonitor(b, naiveKernels()) }

func series365() []float64 {
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 365)
	for i := range xs {
		xs[i] = math.Round(100*(0.8-0.0003*float64(i)+0.03*r.NormFloat64())) / 100 // ties, as rounded rates have
	}
	return xs
}

// BenchmarkMannKendall365 counts S with the merge sort, O(n log n).
func BenchmarkMannKendall365(b *testing.B) {
	xs := series365()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MannKendall(xs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMannKendallNaive365 is the O(n²) baseline.
func BenchmarkMannKendallNaive365(b *testing.B) {
	xs := series365()
	b.ReportAllocs()
	for b.Loop() {
		naiveMK(xs).result()
	}
}

// BenchmarkSenSlope365 selects the median of the 66,430 slopes.
func BenchmarkSenSlope365(b *testing.B) {
	xs := series365()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SenSlope(xs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSenSlopeSort365 is the baseline that sorts every slope.
func BenchmarkSenSlopeSort365(b *testing.B) {
	xs := series365()
	b.ReportAllocs()
	for b.Loop() {
		naiveSen(xs)
	}
}

// Mann–Kendall and Sen over 365 points allocate one buffer each, never per
// pair.
func TestStatsAllocations(t *testing.T) {
	xs := series365()
	if n := testing.AllocsPerRun(10, func() { _, _ = MannKendall(xs) }); n > 1 {
		t.Errorf("MannKendall: %v allocations, want 1", n)
	}
	if n := testing.AllocsPerRun(10, func() { _, _ = SenSlope(xs) }); n > 1 {
		t.Errorf("SenSlope: %v allocations, want 1", n)
	}
}
