package hypercare

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// This file simulates a change manager's year to measure the default
// Monitor: daily login shares of 200 users with weekday effects and
// day-to-day overdispersion (beta-binomial), fixed seeds. The small run is
// always on and checks loose bounds; HYPERCARE_SIM=1 runs 1,000 series per
// scenario and logs the figures quoted in the changelog:
//
//	HYPERCARE_SIM=1 go test -run TestMonitorSimulation -v .

const simUsers = 200

// simWeekday is the weekday effect on the share, Monday to Friday: busy
// Mondays, quiet Fridays.
var simWeekday = [5]float64{0.02, 0.01, 0, -0.01, -0.02}

// simRho is the intra-day correlation of the beta-binomial: the variance of
// a day's share is p(1−p)(1 + (n−1)ρ)/n, 1.4× binomial with n = 200.
const simRho = 0.002

// simGamma draws Gamma(a, 1) (Marsaglia and Tsang 2000; a >= 1).
func simGamma(r *rand.Rand, a float64) float64 {
	d := a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// simDay draws one day's logins out of simUsers at mean share p.
func simDay(r *rand.Rand, p float64) float64 {
	p = min(max(p, 0.001), 0.999)
	k := 1/simRho - 1 // α + β
	x, y := simGamma(r, p*k), simGamma(r, (1-p)*k)
	q := x / (x + y)
	n := 0
	for range simUsers {
		if r.Float64() < q {
			n++
		}
	}
	return float64(n)
}

// simSeries draws days business days (Monday first) of login counts:
// level(i) is the mean share on business day i before the weekday effect.
func simSeries(r *rand.Rand, days int, level func(i int) float64) Series {
	var samples []Sample
	d := Date{2026, 1, 5} // a Monday
	for i := 0; i < days; i++ {
		samples = append(samples, Sample{Date: d, Value: simDay(r, level(i)+simWeekday[i%5]), Base: simUsers})
		d = d.AddDays(1)
		if i%5 == 4 {
			d = d.AddDays(2)
		}
	}
	return Series{Metric: AdoptionMetric{Kind: ActiveRate}, Samples: samples}
}

// simDetect returns, for n series with a sustained fall of fall points
// after at business days at 80% (outage: business day 3 at 5%), the delay
// in business days from the fall to the first flag (1: on its first day),
// or 0 when none came within 30 days, and the flags raised before the fall.
func simDetect(seed uint64, n, at int, fall float64, outage bool) (delays []int, early int) {
	return simDetectWith(seed, n, at, fall, outage, MonitorConfig{})
}

func simDetectWith(seed uint64, n, at int, fall float64, outage bool, cfg MonitorConfig) (delays []int, early int) {
	r := rand.New(rand.NewPCG(seed, 1))
	for range n {
		s := simSeries(r, at+30, func(i int) float64 {
			switch {
			case outage && i == 3:
				return 0.05 - simWeekday[i%5]
			case i >= at:
				return 0.80 - fall
			}
			return 0.80
		})
		flags, err := Monitor([]Series{s}, cfg)
		if err != nil {
			panic(err)
		}
		delay := 0
		for _, f := range flags {
			k := slices.IndexFunc(s.Samples, func(x Sample) bool { return x.Date == f.Date })
			if k < at {
				early++
				continue
			}
			if delay == 0 || k-at+1 < delay {
				delay = k - at + 1
			}
		}
		delays = append(delays, delay)
	}
	return delays, early
}

// simFalse returns the flags on n series-years (260 business days) of a
// steady 80% share.
func simFalse(seed uint64, n int, outage bool) int {
	return simFalseWith(seed, n, outage, MonitorConfig{})
}

func simFalseWith(seed uint64, n int, outage bool, cfg MonitorConfig) int {
	r := rand.New(rand.NewPCG(seed, 2))
	total := 0
	for range n {
		s := simSeries(r, 260, func(i int) float64 {
			if outage && i == 3 {
				return 0.05 - simWeekday[i%5]
			}
			return 0.80
		})
		flags, err := Monitor([]Series{s}, cfg)
		if err != nil {
			panic(err)
		}
		total += len(flags)
	}
	return total
}

// within returns the share of delays in 1..days.
func within(delays []int, days int) float64 {
	k := 0
	for _, d := range delays {
		if d >= 1 && d <= days {
			k++
		}
	}
	return float64(k) / float64(len(delays))
}

// histogram is "delay: count" for every delay seen, 0 meaning never.
func histogram(delays []int) string {
	counts := map[int]int{}
	for _, d := range delays {
		counts[d]++
	}
	keys := make([]int, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := ""
	for _, k := range keys {
		out += fmt.Sprintf(" %d:%d", k, counts[k])
	}
	return out
}

// TestMonitorSimulation measures the default Monitor on the simulated
// year and logs the delay distribution and the false flags per
// series-year. On this noise (σ ≈ 3.3 points a day plus ±2 points of
// weekday effect) a 10-point fall is about 3σ. The full run holds the
// package's targets: a 10-point fall flagged within 5 business days in at
// least 90% of series at most 0.1 false flags per series-year, and with an
// outage day in the baseline a 15-point fall flagged within 5 business days
// in at least 95%, false flags still within 0.1. It measured 93.8% at 0.069
// and 100% at 0.071 (with a fixed 10-sample baseline: 85.2% at 0.119 and
// 99.2% at 0.153; the baseline growing to 20 samples made the difference).
// A fall after 15 business days is judged against the first 10 samples
// only (the baseline has not grown yet): the full run measured 82.4% within
// 5 business days; it is logged, with a bound of its own.
// The small run checks loose bounds that leave room for its sampling error.
func TestMonitorSimulation(t *testing.T) {
	n, years := 60, 30
	full := os.Getenv("HYPERCARE_SIM") != ""
	if full {
		n, years = 1000, 1000
	}
	for _, tc := range []struct {
		name     string
		at       int // business days before the fall
		fall     float64
		outage   bool
		min5     float64 // flagged within 5 business days, at least
		minEver  float64 // flagged within the 30 days, at least
		maxFalse float64 // false flags per series-year, at most
	}{
		{name: "10-point fall", at: 40, fall: 0.10, min5: 0.75, minEver: 0.9, maxFalse: 0.3},
		{name: "15-point fall, outage in the baseline", at: 40, fall: 0.15, outage: true, min5: 0.9, minEver: 0.95, maxFalse: 0.3},
		{name: "10-point fall after three weeks", at: 15, fall: 0.10, min5: 0.7, minEver: 0.9, maxFalse: 0.3},
	} {
		if full && tc.at == 40 {
			tc.maxFalse = 0.1
			tc.min5 = map[bool]float64{false: 0.90, true: 0.95}[tc.outage]
		}
		t.Run(tc.name, func(t *testing.T) {
			delays, early := simDetect(14, n, tc.at, tc.fall, tc.outage)
			falseFlags := simFalse(14, years, tc.outage)
			perYear := float64(falseFlags) / float64(years)
			t.Logf("%d series: flagged within 5 business days %.1f%%, within 30 %.1f%%; delays (business days: series, 0 = not within 30)%s; flags before the fall %d; false flags %.3f per series-year (%d in %d)",
				n, 100*within(delays, 5), 100*within(delays, 30), histogram(delays), early, perYear, falseFlags, years)
			if got := within(delays, 5); got < tc.min5 {
				t.Errorf("flagged within 5 business days in %.1f%%, want at least %.0f%%", 100*got, 100*tc.min5)
			}
			if got := within(delays, 30); got < tc.minEver {
				t.Errorf("flagged within 30 business days in %.1f%%, want at least %.0f%%", 100*got, 100*tc.minEver)
			}
			if perYear > tc.maxFalse {
				t.Errorf("%.3f false flags per series-year, want at most %.2f", perYear, tc.maxFalse)
			}
		})
	}
}
