package hypercare

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// round rounds x to d decimals, for comparing with printed tables.
func round(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}

// NIST/SEMATECH e-Handbook 6.3.2.4, the EWMA example.
func TestEWMANIST(t *testing.T) {
	data := []float64{52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5, 49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1}
	want := []float64{50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33, 50.11, 49.36, 49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99}
	pts, err := EWMA(data, EWMAChart{Target: 50, Sigma: 2.0539, Lambda: 0.3, L: 3, SteadyState: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for i, p := range pts {
		got = append(got, round(p.Z, 2))
		if round(p.UCL, 2) != 52.59 || round(p.LCL, 2) != 47.41 {
			t.Errorf("point %d: limits %.4f, %.4f; want 47.41, 52.59", i, p.LCL, p.UCL)
		}
		if p.Signal != 0 {
			t.Errorf("point %d: signal %v; NIST finds none", i, p.Signal)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EWMA mismatch (-want +got):\n%s", diff)
	}
}

// The time-varying limits start narrow and approach the steady state:
// at t = 1 the width is Lσ√(λ/(2−λ)·(1−(1−λ)²)) = Lσλ.
func TestEWMATimeVaryingLimits(t *testing.T) {
	pts, err := EWMA([]float64{10, 10, 10}, EWMAChart{Target: 10, Sigma: 2, Lambda: 0.5, L: 3})
	if err != nil {
		t.Fatal(err)
	}
	// t=1: 3·2·0.5 = 3. t=2: 6·√(1/3·(1−1/16)) = 6·√(5/16) = 3.3541.
	if got := pts[0].UCL - 10; math.Abs(got-3) > 1e-12 {
		t.Errorf("width at t=1 = %v, want 3", got)
	}
	if got := pts[1].UCL - 10; math.Abs(got-6*math.Sqrt(5.0/16)) > 1e-12 {
		t.Errorf("width at t=2 = %v, want %v", got, 6*math.Sqrt(5.0/16))
	}
	for _, p := range pts {
		if p.Z != 10 {
			t.Errorf("flat series on target: Z = %v, want exactly 10", p.Z)
		}
	}
}

// Mann–Kendall by hand: 14 values with one tie (12.9 twice).
// Var(S) = (14·13·33 − 2·1·9)/18 = 5988/18; Z = 53/√Var(S).
func TestMannKendallByHand(t *testing.T) {
	xs := []float64{12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7}
	r, err := MannKendall(xs)
	if err != nil {
		t.Fatal(err)
	}
	got := MannKendallResult{N: r.N, S: r.S, VarS: round(r.VarS, 3), Z: round(r.Z, 4), P: round(r.P, 5), Tau: round(r.Tau, 6), TauB: round(r.TauB, 6)}
	want := MannKendallResult{N: 14, S: 54, VarS: 332.667, Z: 2.9058, P: 0.00366,
		Tau:  0.593407,                      // 54/91
		TauB: round(54/math.Sqrt(91*90), 6)} // n0 = 91 pairs, n1 = 1 tied pair
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Mann–Kendall mismatch (-want +got):\n%s", diff)
	}
	f, err := SenSlope(xs)
	if err != nil {
		t.Fatal(err)
	}
	if round(f.Slope, 6) != 0.566667 {
		t.Errorf("Sen slope = %v, want 0.566667", f.Slope)
	}
	// Intercept = median(x) − median(t)·slope = 15.65 − 6.5·0.5666…
	if want := 15.65 - 6.5*f.Slope; math.Abs(f.Intercept-want) > 1e-12 {
		t.Errorf("Sen intercept = %v, want %v", f.Intercept, want)
	}
}

// Seasonal Mann–Kendall by hand, period 2 on 1,3,2,4,3,5: each season is
// increasing with 3 values (S = 3, Var = 3·2·11/18 = 11/3), so S = 6,
// Var = 22/3, Z = 5/√(22/3), Tau = 6/6.
func TestSeasonalMannKendallByHand(t *testing.T) {
	r, err := SeasonalMannKendall([]float64{1, 3, 2, 4, 3, 5}, 2)
	if err != nil {
		t.Fatal(err)
	}
	z := 5 / math.Sqrt(22.0/3)
	want := MannKendallResult{N: 6, S: 6, VarS: 22.0 / 3, Z: z, P: math.Erfc(z / math.Sqrt2), Tau: 1, TauB: 1}
	if diff := cmp.Diff(want, r, cmp.Comparer(approx(1e-12))); diff != "" {
		t.Errorf("seasonal Mann–Kendall mismatch (-want +got):\n%s", diff)
	}
	// Period 1 is the plain test.
	plain, _ := MannKendall([]float64{1, 3, 2, 4, 3, 5})
	one, _ := SeasonalMannKendall([]float64{1, 3, 2, 4, 3, 5}, 1)
	if diff := cmp.Diff(plain, one); diff != "" {
		t.Errorf("period 1 differs from the plain test (-plain +seasonal):\n%s", diff)
	}
	// A missing value keeps its place: season 0 is 1, 2, 3 and season 1 is
	// 3, 5 (S = 3 + 1).
	r, err = SeasonalMannKendall([]float64{1, 3, 2, math.NaN(), 3, 5}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.S != 4 || r.N != 5 {
		t.Errorf("with a missing value: S = %d, N = %d; want 4, 5", r.S, r.N)
	}
}

func approx(tol float64) func(a, b float64) bool {
	return func(a, b float64) bool { return math.Abs(a-b) <= tol*max(1, math.Abs(a), math.Abs(b)) }
}

// NIST StRD linear regression, Norris (certified values).
func TestLeastSquaresNorris(t *testing.T) {
	x := []float64{0.2, 337.4, 118.2, 884.6, 10.1, 226.5, 666.3, 996.3, 448.6, 777.0, 558.2, 0.4, 0.6, 775.5, 666.9, 338.0, 447.5, 11.6, 556.0, 228.1, 995.8, 887.6, 120.2, 0.3, 0.3, 556.8, 339.1, 887.2, 999.0, 779.0, 11.1, 118.3, 229.2, 669.1, 448.9, 0.5}
	y := []float64{0.1, 338.8, 118.1, 888.0, 9.2, 228.1, 668.5, 998.5, 449.1, 778.9, 559.2, 0.3, 0.1, 778.1, 668.8, 339.3, 448.9, 10.8, 557.7, 228.3, 998.0, 888.8, 119.6, 0.3, 0.6, 557.6, 339.3, 888.0, 998.5, 778.9, 10.2, 117.6, 228.9, 668.4, 449.2, 0.2}
	f, err := LeastSquares(x, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"slope", f.Slope, 1.00211681802045},
		{"intercept", f.Intercept, -0.262323073774029},
		{"SE(slope)", f.SlopeSE, 4.29796848199937e-4},
		{"SE(intercept)", f.InterceptSE, 0.232818234301152},
		{"residual SD", f.ResidualSD, 0.884796396144373},
		{"R²", f.RSquared, 0.999993745883712},
	} {
		if rel := math.Abs(c.got-c.want) / math.Abs(c.want); rel > 1e-9 {
			t.Errorf("%s = %.15g, want %.15g (relative error %.1e)", c.name, c.got, c.want, rel)
		}
	}
}

// CUSUM by hand: target 10, k = 0.5, h = 2.
//
//	x:    10   9    8    8     12   13
//	S_lo: 0    0.5  2    3.5   1    0
//	S_hi: 0    0    0    0     1.5  4
func TestCUSUMByHand(t *testing.T) {
	pts, err := CUSUM([]float64{10, 9, 8, 8, 12, 13}, CUSUMChart{Target: 10, K: 0.5, H: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := []CUSUMPoint{
		{High: 0, Low: 0}, {High: 0, Low: 0.5}, {High: 0, Low: 2},
		{High: 0, Low: 3.5, Signal: Downward}, {High: 1.5, Low: 1}, {High: 4, Low: 0, Signal: Upward},
	}
	if diff := cmp.Diff(want, pts); diff != "" {
		t.Errorf("CUSUM mismatch (-want +got):\n%s", diff)
	}
	// A head start of h/2 = 1 signals one step sooner.
	pts, _ = CUSUM([]float64{10, 9, 8}, CUSUMChart{Target: 10, K: 0.5, H: 2, HeadStart: 1})
	if pts[2].Low != 2.5 || pts[2].Signal != Downward {
		t.Errorf("with head start: %+v, want Low 2.5 and a downward signal", pts[2])
	}
}

// Each Nelson test on a sequence built to meet it, centre 0 and σ 1.
func TestRunRuleSignals(t *testing.T) {
	rep := func(x float64, n int) []float64 { return slices.Repeat([]float64{x}, n) }
	cases := []struct {
		name string
		test RunTest
		xs   []float64
		want []RunSignal
	}{
		{"1 beyond 3σ", Nelson1, []float64{0.5, -3.5, 3, 3.01},
			[]RunSignal{{1, Nelson1, Downward}, {3, Nelson1, Upward}}},
		{"2 nine below", Nelson2, append(rep(-0.5, 9), 0, -0.5),
			[]RunSignal{{8, Nelson2, Downward}}},
		{"2 broken by the centre line", Nelson2, append(append(rep(0.5, 5), 0), rep(0.5, 5)...), nil},
		{"3 six decreasing", Nelson3, []float64{0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0},
			[]RunSignal{{5, Nelson3, Downward}, {6, Nelson3, Downward}}},
		{"3 broken by a zero step", Nelson3, []float64{0.6, 0.5, 0.4, 0.4, 0.3, 0.2, 0.1}, nil},
		{"4 fourteen alternating", Nelson4, []float64{0, 0.1, 0, 0.1, 0, 0.1, 0, 0.1, 0, 0.1, 0, 0.1, 0, 0.1},
			[]RunSignal{{13, Nelson4, Unsided}}},
		{"5 two of three below 2σ", Nelson5, []float64{-2.5, 0, -2.1, -1},
			[]RunSignal{{2, Nelson5, Downward}}},
		{"5 on opposite sides", Nelson5, []float64{-2.5, 2.5, -1}, nil},
		{"6 four of five above 1σ", Nelson6, []float64{1.5, 1.5, 0, 1.5, 1.2},
			[]RunSignal{{4, Nelson6, Upward}}},
		{"7 fifteen within 1σ", Nelson7, append(rep(0.5, 15), 1),
			[]RunSignal{{14, Nelson7, Unsided}}},
		{"8 eight outside 1σ on both sides", Nelson8, []float64{1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5},
			[]RunSignal{{7, Nelson8, Unsided}}},
		{"8 all on one side", Nelson8, rep(1.5, 8), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := RunRuleSignals(c.xs, 0, 1, RunRules{Tests: []RunTest{c.test}})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("signals mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Western Electric rule 4 is eight in a row on one side.
	got, _ := RunRuleSignals(rep(-0.5, 8), 0, 1, WesternElectric())
	if diff := cmp.Diff([]RunSignal{{7, Nelson2, Downward}}, got); diff != "" {
		t.Errorf("Western Electric mismatch (-want +got):\n%s", diff)
	}
}

func TestStatsErrors(t *testing.T) {
	inf := math.Inf(1)
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"MK infinite", second(MannKendall([]float64{1, inf})), "value 1 is +Inf"},
		{"MK one value", second(MannKendall([]float64{1, math.NaN()})), "1 values present"},
		{"MK empty", second(MannKendall(nil)), "0 values present"},
		{"seasonal period", second(SeasonalMannKendall([]float64{1, 2}, 0)), "period 0"},
		{"seasonal no pairs", second(SeasonalMannKendall([]float64{1, 2}, 7)), "no season"},
		{"Sen one value", second(SenSlope([]float64{3})), "1 values present"},
		{"Sen overflow", second(SenSlope([]float64{-math.MaxFloat64, math.MaxFloat64})), "overflows"},
		{"EWMA sigma", second(EWMA([]float64{1}, EWMAChart{})), "sigma 0"},
		{"EWMA lambda", second(EWMA([]float64{1}, EWMAChart{Sigma: 1, Lambda: 1.5})), "lambda 1.5"},
		{"EWMA NaN", second(EWMA([]float64{1, math.NaN()}, EWMAChart{Sigma: 1})), "value 1 is NaN"},
		{"EWMA overflow", second(EWMA([]float64{1.7e308, -1.7e308}, EWMAChart{Sigma: 1, Lambda: 1})), "EWMA chart: value 1 (-1.7e+308) overflows float64"},
		{"EWMA limits overflow", second(EWMA([]float64{1}, EWMAChart{Sigma: 1e300, L: 1e10})), "EWMA chart: value 0 (1) overflows float64"},
		{"CUSUM overflow", second(CUSUM([]float64{1.7e308, 1.7e308}, CUSUMChart{H: 1})), "CUSUM chart: value 1 (1.7e+308) overflows float64"},
		{"CUSUM h", second(CUSUM([]float64{1}, CUSUMChart{K: 1})), "H 0"},
		{"CUSUM head start", second(CUSUM([]float64{1}, CUSUMChart{H: 1, HeadStart: 1})), "head start 1"},
		{"runs sigma", second(RunRuleSignals([]float64{1}, 0, -1, RunRules{})), "sigma -1"},
		{"runs test", second(RunRuleSignals([]float64{1}, 0, 1, RunRules{Tests: []RunTest{9}})), "unknown test 9"},
		{"runs count", second(RunRuleSignals([]float64{1}, 0, 1, RunRules{Trend: 1})), "trend count 1"},
		{"LS lengths", second(LeastSquares([]float64{1, 2, 3}, []float64{1, 2})), "3 x values and 2 y values"},
		{"LS two points", second(LeastSquares([]float64{1, 2}, []float64{1, 2})), "2 points"},
		{"LS equal x", second(LeastSquares([]float64{2, 2, 2}, []float64{1, 2, 3})), "every x is 2"},
		{"LS NaN", second(LeastSquares([]float64{1, 2, 3}, []float64{1, math.NaN(), 3})), "value 1 is NaN"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// --- Slow, obviously correct oracles -------------------------------------

// naiveMK counts S over all pairs and the tie groups by sorting.
func naiveMK(xs []float64) mkCounts {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	n := int64(len(v))
	c := mkCounts{n: len(v), pairs: n * (n - 1) / 2, vnum: float64(n * (n - 1) * (2*n + 5))}
	for i := range v {
		for j := i + 1; j < len(v); j++ {
			switch {
			case v[j] > v[i]:
				c.s++
			case v[j] < v[i]:
				c.s--
			}
		}
	}
	s := slices.Clone(v)
	slices.Sort(s)
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		t := int64(j - i)
		c.ties += t * (t - 1) / 2
		c.vnum -= float64(t * (t - 1) * (2*t + 5))
		i = j
	}
	return c
}

// naiveSen sorts every pairwise slope and takes the middle.
func naiveSen(xs []float64) SenFit {
	var slopes, vals, ts []float64
	for j := range xs {
		if math.IsNaN(xs[j]) {
			continue
		}
		vals = append(vals, xs[j])
		ts = append(ts, float64(j))
		for i := range j {
			if !math.IsNaN(xs[i]) {
				slopes = append(slopes, (xs[j]-xs[i])/float64(j-i))
			}
		}
	}
	slope := sortedMedian(slopes)
	return SenFit{N: len(vals), Slope: slope, Intercept: sortedMedian(vals) - sortedMedian(ts)*slope}
}

func sortedMedian(a []float64) float64 {
	s := slices.Clone(a)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// naiveRuns checks every test's definition at every point.
func naiveRuns(xs []float64, c, sigma float64, r RunRules, out []RunSignal) []RunSignal {
	r, _ = r.withDefaults()
	on := map[RunTest]bool{}
	for _, t := range r.Tests {
		on[t] = true
	}
	all := func(lo, hi int, f func(j int) bool) bool {
		for j := lo; j <= hi; j++ {
			if !f(j) {
				return false
			}
		}
		return true
	}
	step := func(j int) float64 { return xs[j] - xs[j-1] }
	for i, x := range xs {
		d := x - c
		side := Upward
		if d < 0 {
			side = Downward
		}
		if on[Nelson1] && math.Abs(d) > r.Limit*sigma {
			out = append(out, RunSignal{i, Nelson1, side})
		}
		if k := r.SameSide; on[Nelson2] && i >= k-1 {
			if all(i-k+1, i, func(j int) bool { return xs[j] > c }) || all(i-k+1, i, func(j int) bool { return xs[j] < c }) {
				out = append(out, RunSignal{i, Nelson2, side})
			}
		}
		if k := r.Trend; on[Nelson3] && i >= k-1 {
			if all(i-k+2, i, func(j int) bool { return step(j) > 0 }) {
				out = append(out, RunSignal{i, Nelson3, Upward})
			} else if all(i-k+2, i, func(j int) bool { return step(j) < 0 }) {
				out = append(out, RunSignal{i, Nelson3, Downward})
			}
		}
		if k := r.Alternating; on[Nelson4] && i >= k-1 {
			if all(i-k+2, i, func(j int) bool { return step(j) != 0 }) &&
				all(i-k+3, i, func(j int) bool { return (step(j) > 0) != (step(j-1) > 0) }) {
				out = append(out, RunSignal{i, Nelson4, Unsided})
			}
		}
		for _, z := range []struct {
			test RunTest
			k    int
			m    float64
		}{{Nelson5, r.Beyond2, 2}, {Nelson6, r.Beyond1, 1}} {
			if !on[z.test] || math.Abs(d) <= z.m*sigma {
				continue
			}
			n := 0
			for j := max(0, i-z.k); j <= i; j++ {
				if dj := xs[j] - c; math.Abs(dj) > z.m*sigma && (dj < 0) == (d < 0) {
					n++
				}
			}
			if n >= z.k {
				out = append(out, RunSignal{i, z.test, side})
			}
		}
		if k := r.Within1; on[Nelson7] && i >= k-1 && all(i-k+1, i, func(j int) bool { return math.Abs(xs[j]-c) < sigma }) {
			out = append(out, RunSignal{i, Nelson7, Unsided})
		}
		if k := r.Outside1; on[Nelson8] && i >= k-1 && all(i-k+1, i, func(j int) bool { return math.Abs(xs[j]-c) > sigma }) &&
			!all(i-k+1, i, func(j int) bool { return xs[j] > c }) && !all(i-k+1, i, func(j int) bool { return xs[j] < c }) {
			out = append(out, RunSignal{i, Nelson8, Unsided})
		}
	}
	return out
}

// naiveWindowTrend recomputes each window's counts from scratch.
func naiveWindowTrend(ords []int, xs []float64, seasons []int8, w, minN int, out []mkCounts) {
	for e := range xs {
		out[e] = mkCounts{}
		lo := e
		for lo > 0 && ords[lo-1] > ords[e]-w {
			lo--
		}
		if e-lo+1 < minN {
			continue
		}
		var c mkCounts
		for s := int8(0); s < 7; s++ {
			var v []float64
			for i := lo; i <= e; i++ {
				if seasons == nil && s == 0 || seasons != nil && seasons[i] == s {
					v = append(v, xs[i])
				}
			}
			if len(v) < 2 {
				continue
			}
			q := naiveMK(v)
			c.n += q.n
			c.s += q.s
			c.pairs += q.pairs
			c.ties += q.ties
			c.vnum += q.vnum
		}
		out[e] = c
	}
}

// --- Oracle agreement and laws (rapid) ----------------------------------

// values draws a series of small integers as floats, so ties are common
// and arithmetic on them is exact; some are missing when missing is true.
func values(t *rapid.T, minLen, maxLen int, missing bool) []float64 {
	n := rapid.IntRange(minLen, maxLen).Draw(t, "n")
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(rapid.IntRange(-20, 20).Draw(t, "x"))
		if missing && rapid.IntRange(0, 9).Draw(t, "gap") == 0 {
			xs[i] = math.NaN()
		}
	}
	return xs
}

func present(xs []float64) int {
	n := 0
	for _, x := range xs {
		if !math.IsNaN(x) {
			n++
		}
	}
	return n
}

func TestMannKendallAgreesWithNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := values(t, 0, 60, true)
		got, err := mannKendallCounts(xs, nil)
		if present(xs) < 2 {
			if err == nil {
				t.Fatalf("no error with %d values present", present(xs))
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(naiveMK(xs), got, cmp.AllowUnexported(mkCounts{})); diff != "" {
			t.Fatalf("counts mismatch (-naive +fast):\n%s", diff)
		}
	})
}

func TestSenAgreesWithSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := values(t, 2, 60, true)
		if present(xs) < 2 {
			return
		}
		got, err := SenSlope(xs)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(naiveSen(xs), got); diff != "" {
			t.Fatalf("Sen mismatch (-sort +select):\n%s", diff)
		}
	})
}

func TestRunRulesAgreeWithNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 80).Draw(t, "n")
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(rapid.IntRange(-7, 7).Draw(t, "x")) / 2 // steps of σ/2, on the lines too
		}
		r := RunRules{SameSide: rapid.IntRange(0, 5).Draw(t, "k2"), Trend: rapid.IntRange(0, 5).Draw(t, "k3"),
			Alternating: rapid.IntRange(0, 6).Draw(t, "k4"), Beyond2: rapid.IntRange(0, 3).Draw(t, "k5"),
			Beyond1: rapid.IntRange(0, 4).Draw(t, "k6"), Within1: rapid.IntRange(0, 5).Draw(t, "k7"),
			Outside1: rapid.IntRange(0, 5).Draw(t, "k8")}
		if r.Trend == 1 || r.Alternating == 1 || r.Alternating == 2 || r.Outside1 == 1 {
			t.Skip("below the minimum count")
		}
		got, err := RunRuleSignals(xs, 0, 1, r)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(naiveRuns(xs, 0, 1, r, nil), got); diff != "" {
			t.Fatalf("signals mismatch (-naive +fast):\n%s", diff)
		}
	})
}

func TestWindowTrendAgreesWithNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := values(t, 1, 80, false)
		ords := make([]int, len(xs))
		var seasons []int8
		seasonal := rapid.Bool().Draw(t, "seasonal")
		if seasonal {
			seasons = make([]int8, len(xs))
		}
		o := 0
		for i := range xs {
			o += rapid.IntRange(1, 3).Draw(t, "step")
			ords[i] = o
			if seasonal {
				seasons[i] = int8(o % 5)
			}
		}
		w := rapid.IntRange(2, 20).Draw(t, "w")
		minN := rapid.IntRange(2, w).Draw(t, "minN")
		want, got := make([]mkCounts, len(xs)), make([]mkCounts, len(xs))
		naiveWindowTrend(ords, xs, seasons, w, minN, want)
		windowTrend(ords, xs, seasons, w, minN, got)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(mkCounts{})); diff != "" {
			t.Fatalf("window counts mismatch (-naive +fast):\n%s", diff)
		}
	})
}

func reversed(xs []float64) []float64 {
	r := slices.Clone(xs)
	slices.Reverse(r)
	return r
}

func TestMannKendallLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := values(t, 2, 40, false)
		mk, _ := MannKendall(xs)
		sen, _ := SenSlope(xs)

		// Reversed in time: S and the slope flip sign.
		rmk, _ := MannKendall(reversed(xs))
		rsen, _ := SenSlope(reversed(xs))
		if rmk.S != -mk.S || rsen.Slope != -sen.Slope {
			t.Fatalf("reversed: S %d→%d, slope %v→%v; want the signs flipped", mk.S, rmk.S, sen.Slope, rsen.Slope)
		}

		// Adding a constant changes neither.
		c := float64(rapid.IntRange(-1000, 1000).Draw(t, "c"))
		shifted := make([]float64, len(xs))
		for i, x := range xs {
			shifted[i] = x + c
		}
		smk, _ := MannKendall(shifted)
		ssen, _ := SenSlope(shifted)
		if diff := cmp.Diff(mk, smk); diff != "" || ssen.Slope != sen.Slope {
			t.Fatalf("shifted by %v: slope %v→%v, result (-before +after):\n%s", c, sen.Slope, ssen.Slope, diff)
		}

		// Scaling by a positive factor keeps S, Z and p and scales the slope.
		a := rapid.Float64Range(1e-3, 1e3).Draw(t, "a")
		scaled := make([]float64, len(xs))
		for i, x := range xs {
			scaled[i] = a * x
		}
		amk, _ := MannKendall(scaled)
		asen, _ := SenSlope(scaled)
		if amk.S != mk.S || amk.Z != mk.Z || amk.P != mk.P {
			t.Fatalf("scaled by %v: (S, Z, p) (%d, %v, %v) → (%d, %v, %v)", a, mk.S, mk.Z, mk.P, amk.S, amk.Z, amk.P)
		}
		if !approx(1e-12)(asen.Slope, a*sen.Slope) {
			t.Fatalf("scaled by %v: slope %v, want %v", a, asen.Slope, a*sen.Slope)
		}
	})
}

func TestMannKendallStrictlyIncreasing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 200).Draw(t, "n")
		xs := make([]float64, n)
		x := rapid.Float64Range(-1e6, 1e6).Draw(t, "x0")
		for i := range xs {
			xs[i] = x
			x += rapid.Float64Range(1e-3, 1e3).Draw(t, "step")
		}
		r, err := MannKendall(xs)
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(n * (n - 1) / 2); r.S != want || r.Tau != 1 {
			t.Fatalf("n = %d: S = %d, τ = %v; want %d, 1", n, r.S, r.Tau, want)
		}
	})
}

// Run-test counts larger than the series (up to math.MaxInt) are valid and
// simply never met: they must not size a buffer by the count. Before the
// fix, RunRuleSignals with Beyond2 = math.MaxInt panicked with "makeslice:
// len out of range" (and 1<<40 tried to allocate a terabyte), and Monitor
// with such run rules crashed the same way.
func TestRunRulesHugeCounts(t *testing.T) {
	xs := []float64{0, -3, -3, -3, -3, -3, -3, -3, -3, -3}
	all := NelsonRules().Tests
	for _, c := range []struct {
		rules RunRules
		never []RunTest // the tests whose count cannot be met
	}{
		{RunRules{Beyond2: math.MaxInt}, []RunTest{Nelson5}},
		{RunRules{Beyond1: math.MaxInt}, []RunTest{Nelson6}},
		{RunRules{Beyond2: 1 << 40, Beyond1: 1 << 40}, []RunTest{Nelson5, Nelson6}},
	} {
		got, err := RunRuleSignals(xs, 0, 1, c.rules)
		if err != nil {
			t.Fatal(err)
		}
		others := slices.DeleteFunc(slices.Clone(all), func(r RunTest) bool { return slices.Contains(c.never, r) })
		want, err := RunRuleSignals(xs, 0, 1, RunRules{Tests: others})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%+v: signals (-want +got):\n%s", c.rules, diff)
		}
	}
	var s Series
	s.Metric = AdoptionMetric{Kind: LoginRate}
	for i := range 40 {
		s.Samples = append(s.Samples, Sample{Date: Date{2026, 1, 5}.AddDays(i), Value: 10, Base: 20})
	}
	if _, err := Monitor([]Series{s}, MonitorConfig{Runs: RunRules{Beyond1: math.MaxInt}}); err != nil {
		t.Fatal(err)
	}
}

// A period longer than the series leaves every season with one value: an
// error, whatever the period. Before the fix, SeasonalMannKendall with
// period math.MaxInt panicked with "index out of range" (i += period
// overflowed to a negative index).
func TestSeasonalMannKendallHugePeriod(t *testing.T) {
	for _, period := range []int{3, 1 << 40, math.MaxInt - 1, math.MaxInt} {
		_, err := SeasonalMannKendall([]float64{1, 2, 3}, period)
		if err == nil || !strings.Contains(err.Error(), "no season") {
			t.Errorf("period %d: error %v, want no season holding two values", period, err)
		}
	}
}

// Finite values whose sums overflow are an error, as for SenSlope, never a
// fit of NaNs. Before the fix, LeastSquares([-1e308, 1e308, 0], [1, 2, 3])
// returned Slope, SlopeSE and RSquared NaN and no error (and the result then
// failed to encode as JSON).
func TestLeastSquaresOverflow(t *testing.T) {
	for _, c := range []struct{ x, y []float64 }{
		{[]float64{-1e308, 1e308, 0}, []float64{1, 2, 3}},
		{[]float64{1, 2, 3}, []float64{-1e308, 1e308, 0}},
		{[]float64{1, 2, 3}, []float64{math.MaxFloat64, -math.MaxFloat64, math.MaxFloat64}},
	} {
		f, err := LeastSquares(c.x, c.y)
		if err == nil || !strings.Contains(err.Error(), "overflows") {
			t.Errorf("x %v, y %v: fit %+v, error %v; want an error saying the fit overflows", c.x, c.y, f, err)
		}
	}
	// Large but tame values still fit.
	f, err := LeastSquares([]float64{1e150, 2e150, 3e150}, []float64{1e150, 2e150, 3e150})
	if err != nil || f.Slope != 1 {
		t.Errorf("large values: fit %+v, error %v; want slope 1", f, err)
	}
}
