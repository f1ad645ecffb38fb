package hypercare_test

import (
	"fmt"
	"math"
	"time"

	"github.com/hypercare-go/hypercare"
)

// A daily active-user series for 200 licensed users (each sample is the
// share active that day, so ActiveRate, not the 7-day LoginRate): steady at
// about 82% for two weeks, then falling to about 61%. Weekend days are much
// lower, as they always are, and raise nothing.
func ExampleMonitor() {
	counts := []float64{
		164, 166, 163, 165, 164, 40, 38, // week 1, Mon–Sun
		165, 163, 164, 166, 165, 41, 39, // week 2
		162, 158, 155, 151, 148, 37, 35, // week 3
		144, 140, 137, 133, 130, 33, 31, // week 4
		127, 125, 124, 123, 122, 30, 29, // week 5
	}
	start := hypercare.Date{Year: 2026, Month: 3, Day: 2} // a Monday
	active := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.ActiveRate}}
	for i, a := range counts {
		active.Samples = append(active.Samples, hypercare.Sample{Date: start.AddDays(i), Value: a, Base: 200})
	}
	flags, err := hypercare.Monitor([]hypercare.Series{active}, hypercare.MonitorConfig{
		Targets: []hypercare.RateTarget{{Metric: active.Metric, Rate: 0.75}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range flags {
		fmt.Println(f)
	}
	// Output:
	// 2026-03-23 warn declining: active-user rate (daily share) fell from 83% to 72% over 14 business days; Mann–Kendall p < 0.001, Sen slope −0.62 points/business day
	// 2026-03-23 warn drop-ewma: active-user rate (daily share) dropped: its EWMA fell to 77.2%, below the lower control limit 78.6% around the 82.2% baseline (σ = 2.7 points, λ = 0.2, L = 3)
	// 2026-03-24 warn below-target: active-user rate was 73.8% over the 7 days to 2026-03-24, 1.2 points below the 75% target
	// 2026-03-25 alert declining: active-user rate (daily share) fell from 82.5% to 68.5% over 14 business days; Mann–Kendall p < 0.001, Sen slope −1.1 points/business day
	// 2026-03-27 alert drop-ewma: active-user rate (daily share) dropped: its EWMA fell to 71.2%, below the lower control limit 78.5% around the 82.2% baseline (σ = 2.7 points, λ = 0.2, L = 3)
	// 2026-04-01 alert below-target: active-user rate was 63.9% over the 7 days to 2026-04-01, 11.1 points below the 75% target
}

// quietWeek is a firm's own adoption rule: alert when fewer than half of a
// segment's users logged in on 5 business days in a row.
type quietWeek struct{}

func (quietWeek) Name() string { return "quiet-week" }

func (quietWeek) Check(s hypercare.Series) ([]hypercare.Flag, error) {
	var flags []hypercare.Flag
	run := 0
	for _, x := range s.Samples { // business days only: no weekend dips here
		if x.Rate() >= 0.5 {
			run = 0
			continue
		}
		if run++; run == 5 {
			flags = append(flags, hypercare.Flag{Date: x.Date, Level: hypercare.LevelAlert,
				Message: fmt.Sprintf("under half of %s logged in on 5 business days in a row", s.Segment)})
		}
	}
	return flags, nil
}

// A firm's own rule runs next to the built-in ones. The Ops team logs in
// rarely from its second week; weekend days (all near zero) never count.
func ExampleAdoptionRule() {
	start := hypercare.Date{Year: 2026, Month: 6, Day: 1} // a Monday
	ops := hypercare.Series{
		Metric:  hypercare.AdoptionMetric{Kind: hypercare.LoginRate},
		Segment: hypercare.Segment{Dimension: "team", Name: "Ops"},
	}
	for i := range 21 {
		d := start.AddDays(i)
		active := 30.0
		switch {
		case d.Weekday() == time.Saturday || d.Weekday() == time.Sunday:
			active = 1
		case i >= 7:
			active = 12
		}
		ops.Samples = append(ops.Samples, hypercare.Sample{Date: d, Value: active, Base: 40})
	}
	flags, err := hypercare.Monitor([]hypercare.Series{ops}, hypercare.MonitorConfig{
		Rules:  []hypercare.FlagRule{hypercare.RuleBelowTarget}, // no target set: only the custom rule speaks
		Custom: []hypercare.AdoptionRule{quietWeek{}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range flags {
		fmt.Println(f)
	}
	// Output:
	// 2026-06-12 alert quiet-week: under half of team Ops logged in on 5 business days in a row
}

// The Mann–Kendall test and Sen's slope on 14 values with one tie (a worked
// case done by hand).
func ExampleMannKendall() {
	xs := []float64{12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7}
	mk, err := hypercare.MannKendall(xs)
	if err != nil {
		fmt.Println(err)
		return
	}
	sen, _ := hypercare.SenSlope(xs)
	fmt.Printf("S = %d, Var(S) = %.3f, Z = %.4f, p = %.5f, τ = %.4f\n", mk.S, mk.VarS, mk.Z, mk.P, mk.Tau)
	fmt.Printf("Sen slope = %.6f per step\n", sen.Slope)
	// Output:
	// S = 54, Var(S) = 332.667, Z = 2.9058, p = 0.00366, τ = 0.5934
	// Sen slope = 0.566667 per step
}

// Seasonal Mann–Kendall with each weekday its own season: a Monday-heavy
// pattern is no trend, and a missing day (NaN) keeps its place.
func ExampleSeasonalMannKendall() {
	week := []float64{90, 80, 80, 78, 70, 20, 15}
	var xs []float64
	for w := range 4 {
		for d, x := range week {
			if w == 2 && d == 3 {
				x = math.NaN() // no sample that Thursday
			}
			xs = append(xs, x)
		}
	}
	mk, _ := hypercare.SeasonalMannKendall(xs, 7)
	fmt.Printf("S = %d, p = %.2f\n", mk.S, mk.P)
	// Output:
	// S = 0, p = 1.00
}

// The NIST/SEMATECH EWMA example with steady-state limits.
func ExampleEWMA() {
	data := []float64{52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5}
	pts, err := hypercare.EWMA(data, hypercare.EWMAChart{Target: 50, Sigma: 2.0539, Lambda: 0.3, L: 3, SteadyState: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("limits %.2f to %.2f\n", pts[0].LCL, pts[0].UCL)
	for _, p := range pts[:3] {
		fmt.Printf("%.2f %v\n", p.Z, p.Signal != 0)
	}
	// Output:
	// limits 47.41 to 52.59
	// 50.60 false
	// 49.52 false
	// 50.56 false
}

// The Western Electric rules on a login rate with centre 80% and σ 2 points:
// four of the last five points are more than 1σ below (Western Electric rule 3,
// Nelson's test 6).
func ExampleRunRuleSignals() {
	rates := []float64{0.80, 0.81, 0.79, 0.77, 0.775, 0.81, 0.77, 0.77}
	sigs, err := hypercare.RunRuleSignals(rates, 0.80, 0.02, hypercare.WesternElectric())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sigs {
		fmt.Println(s.Index, s.Test, s.Direction)
	}
	// Output:
	// 7 nelson-6 downward
}
