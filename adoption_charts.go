package hypercare

// Control charts for the adoption flags: the EWMA and tabular CUSUM charts
// and Nelson's run tests (Western Electric as a preset).

import (
	"math"
)

// EWMAChart configures an exponentially weighted moving average chart
// (NIST/SEMATECH e-Handbook 6.3.2.4): z_t = λx_t + (1−λ)z_{t−1} with
// z_0 = Target, and limits Target ± L·Sigma·√(λ/(2−λ)·[1−(1−λ)^{2t}]).
type EWMAChart struct {
	// Target is the centre line μ0 and the start value z_0.
	Target float64 `json:"target"`
	// Sigma is the standard deviation of a single value; it must be > 0.
	Sigma float64 `json:"sigma"`
	// Lambda is the weight of the newest value, in (0, 1]; 0 means 0.2.
	Lambda float64 `json:"lambda,omitempty"`
	// L is the width of the limits in units of the EWMA's σ; 0 means 3.
	L float64 `json:"l,omitempty"`
	// SteadyState drops the bracket [1−(1−λ)^{2t}], giving the constant
	// asymptotic limits; the default is the exact time-varying limits,
	// narrower for the first points.
	SteadyState bool `json:"steady_state,omitempty"`
}

// EWMAPoint is the EWMA chart at one value.
type EWMAPoint struct {
	Z   float64 `json:"z"`   // the moving average after this value
	LCL float64 `json:"lcl"` // the lower control limit
	UCL float64 `json:"ucl"` // the upper control limit
	// Signal is Downward when Z < LCL, Upward when Z > UCL, and zero (no
	// signal) otherwise; a point on a limit is no signal.
	Signal Direction `json:"signal,omitempty"`
}

func (c EWMAChart) withDefaults() (EWMAChart, error) {
	if c.Lambda == 0 {
		c.Lambda = 0.2
	}
	if c.L == 0 {
		c.L = 3
	}
	switch {
	case !isFinite(c.Target):
		return c, invalidf("EWMA chart: target %v, want a finite value", c.Target)
	case !(c.Sigma > 0) || math.IsInf(c.Sigma, 0):
		return c, invalidf("EWMA chart: sigma %v, want a finite value > 0", c.Sigma)
	case !(c.Lambda > 0 && c.Lambda <= 1):
		return c, invalidf("EWMA chart: lambda %v, want 0 < lambda <= 1", c.Lambda)
	case !(c.L > 0) || math.IsInf(c.L, 0):
		return c, invalidf("EWMA chart: L %v, want a finite value > 0", c.L)
	}
	return c, nil
}

// EWMA runs the chart over xs, observed values in time order, and returns
// one point per value.
//
// It returns an error for an invalid chart (sigma not > 0, lambda outside
// (0, 1], L not > 0, a non-finite target) or naming the position of a value
// that is not finite (a chart takes observations only, so drop missing days
// first) or at which the average or the limits overflow float64.
// Each of its errors wraps ErrInvalid.
func EWMA(xs []float64, c EWMAChart) ([]EWMAPoint, error) {
	c, err := c.withDefaults()
	if err != nil {
		return nil, prefixed(err)
	}
	if err := checkFinite("EWMA chart", xs); err != nil {
		return nil, err
	}
	out := make([]EWMAPoint, len(xs))
	e := newEWMA(c)
	for i, x := range xs {
		out[i] = e.next(x)
		if p := out[i]; !isFinite(p.Z) || !isFinite(p.LCL) || !isFinite(p.UCL) {
			return nil, overflowError("EWMA chart", i, x)
		}
	}
	return out, nil
}

// overflowError reports a chart whose sums or limits left float64's range
// at value i: values, a σ or an L near ±1.8e308.
func overflowError(what string, i int, x float64) error {
	return invalidf("hypercare: %s: value %d (%v) overflows float64: the chart's sums or limits pass ±1.8e308", what, i, x)
}

// ewma is the incremental EWMA chart.
type ewma struct {
	c     EWMAChart
	z     float64
	decay float64 // (1−λ)^{2t}
	extra float64 // variance added to the chart's, in units of σ²
}

func newEWMA(c EWMAChart) ewma { return ewma{c: c, z: c.Target, decay: 1} }

// newEWMAEstimated is an EWMA chart whose target is estimated from a
// baseline rather than a known μ0: the limits widen by the variance of that
// estimate, σ²/m for the mean of m points, so an unlucky baseline does not
// make the chart cry wolf.
func newEWMAEstimated(c EWMAChart, m float64) ewma {
	e := newEWMA(c)
	e.extra = 1 / m
	return e
}

func (e *ewma) next(x float64) EWMAPoint {
	e.z += e.c.Lambda * (x - e.z) // exact when x == z, so a flat series stays on target
	v := e.c.Lambda / (2 - e.c.Lambda)
	if !e.c.SteadyState {
		e.decay *= (1 - e.c.Lambda) * (1 - e.c.Lambda)
		v *= 1 - e.decay
	}
	w := e.c.L * e.c.Sigma * math.Sqrt(v+e.extra)
	p := EWMAPoint{Z: e.z, LCL: e.c.Target - w, UCL: e.c.Target + w}
	switch {
	case p.Z < p.LCL:
		p.Signal = Downward
	case p.Z > p.UCL:
		p.Signal = Upward
	}
	return p
}

// CUSUMChart configures a tabular CUSUM chart (NIST/SEMATECH e-Handbook
// 6.3.2.3): S_hi,t = max(0, S_hi,t−1 + x_t − Target − K) and
// S_lo,t = max(0, S_lo,t−1 + Target − K − x_t). All fields are in the units
// of the data; there are no defaults (the usual choice is K = σ/2 and
// H = 4σ or 5σ).
type CUSUMChart struct {
	// Target is the in-control mean μ0.
	Target float64 `json:"target"`
	// K is the reference value (allowance), >= 0.
	K float64 `json:"k"`
	// H is the decision interval, > 0: a sum above H signals.
	H float64 `json:"h"`
	// HeadStart is the fast-initial-response start of both sums (Lucas and
	// Crosier), in [0, H); 0 means none, H/2 is the common choice.
	HeadStart float64 `json:"head_start,omitempty"`
}

// CUSUMPoint is the CUSUM chart at one value.
type CUSUMPoint struct {
	High float64 `json:"high"` // S_hi, the upper cumulative sum
	Low  float64 `json:"low"`  // S_lo, the lower cumulative sum (>= 0)
	// Signal is Downward when Low > H, Upward when High > H (Downward wins
	// if both), zero otherwise.
	Signal Direction `json:"signal,omitempty"`
}

func (c CUSUMChart) check() error {
	switch {
	case !isFinite(c.Target):
		return invalidf("CUSUM chart: target %v, want a finite value", c.Target)
	case !(c.K >= 0) || math.IsInf(c.K, 0):
		return invalidf("CUSUM chart: K %v, want a finite value >= 0", c.K)
	case !(c.H > 0) || math.IsInf(c.H, 0):
		return invalidf("CUSUM chart: H %v, want a finite value > 0", c.H)
	case !(c.HeadStart >= 0 && c.HeadStart < c.H):
		return invalidf("CUSUM chart: head start %v, want 0 <= head start < H", c.HeadStart)
	}
	return nil
}

// CUSUM runs the chart over xs, observed values in time order, and returns
// one point per value. The sums are not reset after a signal.
//
// It returns an error for an invalid chart or naming the position of a value
// that is not finite (drop missing days first) or at which a sum overflows
// float64.
// Each of its errors wraps ErrInvalid.
func CUSUM(xs []float64, c CUSUMChart) ([]CUSUMPoint, error) {
	if err := c.check(); err != nil {
		return nil, prefixed(err)
	}
	if err := checkFinite("CUSUM chart", xs); err != nil {
		return nil, err
	}
	out := make([]CUSUMPoint, len(xs))
	hi, lo := c.HeadStart, c.HeadStart
	for i, x := range xs {
		hi = max(0, hi+x-c.Target-c.K)
		lo = max(0, lo+c.Target-c.K-x)
		if !isFinite(hi) || !isFinite(lo) {
			return nil, overflowError("CUSUM chart", i, x)
		}
		out[i] = CUSUMPoint{High: hi, Low: lo}
		switch {
		case lo > c.H:
			out[i].Signal = Downward
		case hi > c.H:
			out[i].Signal = Upward
		}
	}
	return out, nil
}

// Direction is the side of a chart signal. The zero Direction is invalid and,
// in a point or signal, means "no signal".
type Direction int

const (
	// Downward: below the centre line or lower limit, or decreasing.
	Downward Direction = 1 + iota
	// Upward: above the centre line or upper limit, or increasing.
	Upward
	// Unsided: a pattern with no side (Nelson tests 4, 7 and 8).
	Unsided
)

var directionNames = []string{"", "downward", "upward", "unsided"}

// String returns "downward", "upward" or "unsided".
func (d Direction) String() string { return enumString("Direction", int(d), directionNames) }

// Valid reports whether d is one of the defined directions.
func (d Direction) Valid() bool { return validEnum(int(d), directionNames) }

// MarshalText encodes d as its String; the zero Direction is an error.
func (d Direction) MarshalText() ([]byte, error) {
	return marshalEnum("direction", int(d), directionNames)
}

// UnmarshalText decodes what MarshalText encodes, and rejects anything else.
func (d *Direction) UnmarshalText(b []byte) error {
	return unmarshalEnum("direction", b, directionNames, (*int)(d))
}

// RunTest is one of Nelson's eight run tests, numbered as Nelson (1984) and
// Minitab number them. The zero RunTest is invalid.
type RunTest int

const (
	Nelson1 RunTest = 1 + iota // one point more than K σ from the centre line (K = 3)
	Nelson2                    // K points in a row on the same side of the centre line (K = 9)
	Nelson3                    // K points in a row all increasing or all decreasing (K = 6)
	Nelson4                    // K points in a row alternating up and down (K = 14)
	Nelson5                    // K of K+1 points more than 2σ from the centre line, same side (K = 2)
	Nelson6                    // K of K+1 points more than 1σ from the centre line, same side (K = 4)
	Nelson7                    // K points in a row within 1σ of the centre line, either side (K = 15)
	Nelson8                    // K points in a row more than 1σ from the centre line, on both sides (K = 8)
)

var runTestNames = []string{"", "nelson-1", "nelson-2", "nelson-3", "nelson-4", "nelson-5", "nelson-6", "nelson-7", "nelson-8"}

// String returns "nelson-1" to "nelson-8".
func (r RunTest) String() string { return enumString("RunTest", int(r), runTestNames) }

// Valid reports whether r is one of the defined run tests.
func (r RunTest) Valid() bool { return validEnum(int(r), runTestNames) }

// MarshalText encodes r as its String; the zero RunTest is an error.
func (r RunTest) MarshalText() ([]byte, error) { return marshalEnum("run test", int(r), runTestNames) }

// UnmarshalText decodes what MarshalText encodes, and rejects anything else.
func (r *RunTest) UnmarshalText(b []byte) error {
	return unmarshalEnum("run test", b, runTestNames, (*int)(r))
}

// RunRules configures Nelson's run tests on individual values against a
// centre line and σ. Each count is Minitab's K for its test; a zero field
// means Nelson's value. NelsonRules and WesternElectric are the presets.
//
// Conventions: a point exactly on the centre line breaks a same-side run; a
// zero step breaks an increasing, decreasing or alternating run; "beyond"
// and "within" are strict; tests 5 and 6 signal only at a point that is
// itself beyond the line, so one pattern is not reported again at the next
// ordinary point; test 8 needs points on both sides, as in Nelson's paper.
type RunRules struct {
	// Tests lists the tests to apply; nil or empty means all eight.
	Tests       []RunTest `json:"tests,omitempty"`
	Limit       float64   `json:"limit,omitempty"`       // test 1: σ multiple (3)
	SameSide    int       `json:"same_side,omitempty"`   // test 2 (9)
	Trend       int       `json:"trend,omitempty"`       // test 3: points, so K−1 steps (6)
	Alternating int       `json:"alternating,omitempty"` // test 4 (14)
	Beyond2     int       `json:"beyond2,omitempty"`     // test 5: K of K+1 beyond 2σ (2)
	Beyond1     int       `json:"beyond1,omitempty"`     // test 6: K of K+1 beyond 1σ (4)
	Within1     int       `json:"within1,omitempty"`     // test 7 (15)
	Outside1    int       `json:"outside1,omitempty"`    // test 8 (8)
}

// NelsonRules returns all eight tests with Nelson's (and Minitab's default)
// parameters written out.
func NelsonRules() RunRules {
	return RunRules{
		Tests: []RunTest{Nelson1, Nelson2, Nelson3, Nelson4, Nelson5, Nelson6, Nelson7, Nelson8},
		Limit: 3, SameSide: 9, Trend: 6, Alternating: 14, Beyond2: 2, Beyond1: 4, Within1: 15, Outside1: 8,
	}
}

// WesternElectric returns the four Western Electric (1956) rules in Nelson's
// terms: one point beyond 3σ (test 1), 2 of 3 beyond 2σ (test 5), 4 of 5
// beyond 1σ (test 6), and 8 in a row on one side (test 2 with K = 8).
func WesternElectric() RunRules {
	return RunRules{Tests: []RunTest{Nelson1, Nelson2, Nelson5, Nelson6}, Limit: 3, SameSide: 8, Beyond2: 2, Beyond1: 4}
}

func (r RunRules) withDefaults() (RunRules, error) {
	d := NelsonRules()
	if len(r.Tests) == 0 {
		r.Tests = d.Tests
	}
	for _, t := range r.Tests {
		if t < Nelson1 || t > Nelson8 {
			return r, invalidf("run rules: unknown test %d", int(t))
		}
	}
	if r.Limit == 0 {
		r.Limit = d.Limit
	}
	if !(r.Limit > 0) || math.IsInf(r.Limit, 0) {
		return r, invalidf("run rules: limit %v, want a finite σ multiple > 0", r.Limit)
	}
	for _, f := range []struct {
		name string
		v    *int
		def  int
		min  int
	}{
		{"same side", &r.SameSide, d.SameSide, 1},
		{"trend", &r.Trend, d.Trend, 2},
		{"alternating", &r.Alternating, d.Alternating, 3},
		{"beyond 2σ", &r.Beyond2, d.Beyond2, 1},
		{"beyond 1σ", &r.Beyond1, d.Beyond1, 1},
		{"within 1σ", &r.Within1, d.Within1, 1},
		{"outside 1σ", &r.Outside1, d.Outside1, 2},
	} {
		if *f.v == 0 {
			*f.v = f.def
		}
		if *f.v < f.min {
			return r, invalidf("run rules: %s count %d, want at least %d", f.name, *f.v, f.min)
		}
	}
	return r, nil
}

// RunSignal is a run test that holds at a point: the point that completes
// the pattern, and each further point while it goes on.
type RunSignal struct {
	Index int     `json:"index"` // position in the values
	Test  RunTest `json:"test"`
	// Direction is Downward for a pattern below the centre line (or
	// decreasing, test 3), Upward above (or increasing), Unsided for tests
	// 4, 7 and 8.
	Direction Direction `json:"direction"`
}

// RunRuleSignals applies the run tests r to xs, observed values in time
// order, against centre and sigma, in one pass. Signals are ordered by
// index, then by test.
//
// It returns an error for invalid rules, a centre that is not finite, a
// sigma that is not a finite value > 0, or naming the position of a value
// that is not finite (drop missing days first).
// Each of its errors wraps ErrInvalid.
func RunRuleSignals(xs []float64, centre, sigma float64, r RunRules) ([]RunSignal, error) {
	r, err := r.withDefaults()
	if err != nil {
		return nil, prefixed(err)
	}
	switch {
	case !isFinite(centre):
		return nil, invalidf("hypercare: run rules: centre %v, want a finite value", centre)
	case !(sigma > 0) || math.IsInf(sigma, 0):
		return nil, invalidf("hypercare: run rules: sigma %v, want a finite value > 0", sigma)
	}
	if err := checkFinite("run rules", xs); err != nil {
		return nil, err
	}
	var out []RunSignal
	rs := newRunState(r, centre, sigma, len(xs))
	for i, x := range xs {
		out = rs.next(i, x, out)
	}
	return out, nil
}

// runState evaluates the run tests incrementally, in O(1) per point.
type runState struct {
	r                RunRules
	on               [9]bool
	c, s             float64
	prev             float64
	prevStep         int // sign of the last step, 0 if none or zero
	side             int // sign of the current same-side run
	sideRun          int // length of the same-side run
	trendRun         int // consecutive steps of the same nonzero sign
	altRun           int // consecutive nonzero steps alternating in sign
	withinRun        int // consecutive points within 1σ
	outsideRun       int // consecutive points beyond 1σ
	lastAbove1       int // index of the last point above +1σ
	lastBelow1       int // index of the last point below −1σ
	beyond2, beyond1 window
}

// window counts, over the last k+1 points, those above and below a line.
type window struct {
	ring         []int8
	above, below int
}

// newWindow returns the window for a series of n points: a ring of k+1
// entries, or of n when the series is shorter (then nothing ever leaves it),
// so a huge count cannot size a huge buffer.
func newWindow(k, n int) window { return window{ring: make([]int8, min(k, max(n, 1)-1)+1)} }

func (w *window) push(i int, v int8) {
	j := i % len(w.ring)
	switch w.ring[j] {
	case 1:
		w.above--
	case -1:
		w.below--
	}
	w.ring[j] = v
	switch v {
	case 1:
		w.above++
	case -1:
		w.below++
	}
}

// newRunState returns the run tests' state for a series of n points.
func newRunState(r RunRules, centre, sigma float64, n int) *runState {
	rs := &runState{r: r, c: centre, s: sigma, lastAbove1: -1 << 30, lastBelow1: -1 << 30,
		beyond2: newWindow(r.Beyond2, n), beyond1: newWindow(r.Beyond1, n)}
	for _, t := range r.Tests {
		rs.on[t] = true
	}
	return rs
}

func sgn(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func sideDirection(s int) Direction {
	if s < 0 {
		return Downward
	}
	return Upward
}

// next takes the point x at index i and appends its signals to out.
func (rs *runState) next(i int, x float64, out []RunSignal) []RunSignal {
	d := x - rs.c
	side := sgn(d)
	// Test 1.
	if rs.on[Nelson1] && math.Abs(d) > rs.r.Limit*rs.s {
		out = append(out, RunSignal{i, Nelson1, sideDirection(side)})
	}
	// Test 2.
	if side != 0 && side == rs.side {
		rs.sideRun++
	} else {
		rs.side, rs.sideRun = side, 0
		if side != 0 {
			rs.sideRun = 1
		}
	}
	if rs.on[Nelson2] && rs.sideRun >= rs.r.SameSide {
		out = append(out, RunSignal{i, Nelson2, sideDirection(side)})
	}
	// Tests 3 and 4.
	step := 0
	if i > 0 {
		step = sgn(x - rs.prev)
	}
	switch {
	case step == 0:
		rs.trendRun, rs.altRun = 0, 0
	case step == rs.prevStep:
		rs.trendRun++
		rs.altRun = 1
	case rs.prevStep == -step:
		rs.trendRun = 1
		rs.altRun++
	default: // the previous step was zero or absent
		rs.trendRun, rs.altRun = 1, 1
	}
	rs.prev, rs.prevStep = x, step
	if rs.on[Nelson3] && rs.trendRun >= rs.r.Trend-1 {
		out = append(out, RunSignal{i, Nelson3, sideDirection(step)})
	}
	if rs.on[Nelson4] && rs.altRun >= rs.r.Alternating-1 {
		out = append(out, RunSignal{i, Nelson4, Unsided})
	}
	// Tests 5 and 6.
	var b2, b1 int8
	if math.Abs(d) > 2*rs.s {
		b2 = int8(side)
	}
	if math.Abs(d) > rs.s {
		b1 = int8(side)
	}
	rs.beyond2.push(i, b2)
	rs.beyond1.push(i, b1)
	if rs.on[Nelson5] && (b2 > 0 && rs.beyond2.above >= rs.r.Beyond2 || b2 < 0 && rs.beyond2.below >= rs.r.Beyond2) {
		out = append(out, RunSignal{i, Nelson5, sideDirection(int(b2))})
	}
	if rs.on[Nelson6] && (b1 > 0 && rs.beyond1.above >= rs.r.Beyond1 || b1 < 0 && rs.beyond1.below >= rs.r.Beyond1) {
		out = append(out, RunSignal{i, Nelson6, sideDirection(int(b1))})
	}
	// Test 7.
	if math.Abs(d) < rs.s {
		rs.withinRun++
	} else {
		rs.withinRun = 0
	}
	if rs.on[Nelson7] && rs.withinRun >= rs.r.Within1 {
		out = append(out, RunSignal{i, Nelson7, Unsided})
	}
	// Test 8.
	if b1 != 0 {
		rs.outsideRun++
		if b1 > 0 {
			rs.lastAbove1 = i
		} else {
			rs.lastBelow1 = i
		}
	} else {
		rs.outsideRun = 0
	}
	k := rs.r.Outside1
	if rs.on[Nelson8] && rs.outsideRun >= k && rs.lastAbove1 > i-k && rs.lastBelow1 > i-k {
		out = append(out, RunSignal{i, Nelson8, Unsided})
	}
	return out
}
