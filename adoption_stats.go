package hypercare

// The statistics behind the adoption flags: Mann–Kendall (plain, seasonal
// and over a sliding window), Sen's slope and least squares. All float64,
// standard library only; the control charts are in adoption_charts.go.

import (
	"math"
	"math/bits"
	"slices"
)

// MannKendallResult is the outcome of a Mann–Kendall trend test.
type MannKendallResult struct {
	// N is the number of values tested: missing values are excluded, and
	// so is, in the seasonal test, a season with a single value.
	N int `json:"n"`
	// S is Σ sgn(x_j − x_i) over the pairs i < j (within a season, for
	// the seasonal test): positive for an upward trend.
	S int64 `json:"s"`
	// VarS is the variance of S under no trend, with the tie correction
	// [n(n−1)(2n+5) − Σ t(t−1)(2t+5)]/18 over the groups of t equal values
	// (summed over the seasons for the seasonal test).
	VarS float64 `json:"var_s"`
	// Z is the normal score with continuity correction: (S−1)/√VarS when
	// S > 0, (S+1)/√VarS when S < 0, and 0 when S = 0 or VarS = 0.
	Z float64 `json:"z"`
	// P is the two-sided p-value 2(1 − Φ(|Z|)), computed as erfc(|Z|/√2).
	P float64 `json:"p"`
	// Tau is Kendall's τ_a, S over the number of pairs compared (as
	// pyMannKendall reports it).
	Tau float64 `json:"tau"`
	// TauB is Kendall's τ_b, S/√(n0(n0−n1)) with n0 the pairs compared and
	// n1 the tied pairs (as R's Kendall package reports it); 0 when every
	// value is tied.
	TauB float64 `json:"tau_b"`
}

// mkCounts are the integer sufficient statistics of a Mann–Kendall test,
// summed over seasons. Every path (fast, windowed, naive) produces these,
// and one function turns them into a result, so the paths agree exactly.
type mkCounts struct {
	n     int
	s     int64
	pairs int64   // Σ n(n−1)/2
	ties  int64   // Σ t(t−1)/2 over tie groups
	vnum  float64 // 18·Var(S) = Σ n(n−1)(2n+5) − Σ t(t−1)(2t+5)
}

func (c mkCounts) result() MannKendallResult {
	r := MannKendallResult{N: c.n, S: c.s, VarS: c.vnum / 18}
	if r.VarS > 0 {
		sd := math.Sqrt(r.VarS)
		switch {
		case c.s > 0:
			r.Z = float64(c.s-1) / sd
		case c.s < 0:
			r.Z = float64(c.s+1) / sd
		}
	}
	r.P = math.Erfc(math.Abs(r.Z) / math.Sqrt2)
	if c.pairs > 0 {
		r.Tau = float64(c.s) / float64(c.pairs)
		if d := float64(c.pairs) * float64(c.pairs-c.ties); d > 0 {
			r.TauB = float64(c.s) / math.Sqrt(d)
		}
	}
	return r
}

// groupTerm returns t(t−1)(2t+5), the variance term of a group of t values.
func groupTerm(t int64) float64 { return float64(t) * float64(t-1) * float64(2*t+5) }

// MannKendall tests xs, values in time order, for a monotonic trend.
// NaN marks a missing value and is left out. It counts S in O(n log n) with
// a merge sort and allocates two buffers of n values, never per pair.
//
// It returns an error naming the position of an infinite value, or when
// fewer than two values are present.
func MannKendall(xs []float64) (MannKendallResult, error) {
	c, err := mannKendallCounts(xs, nil)
	if err != nil {
		return MannKendallResult{}, err
	}
	return c.result(), nil
}

// SeasonalMannKendall is the seasonal Mann–Kendall test (Hirsch, Slack and
// Smith): xs is a regular series in time order, value i belongs to season
// i mod period, S and Var(S) are computed within each season and summed,
// and Z and P come from the sums; Tau is ΣS over Σ n_s(n_s−1)/2. For daily
// data, period 7 makes each weekday its own season. NaN marks a missing
// value and keeps its place, so the seasons stay aligned.
//
// It returns an error for a period below 1, an infinite value, or when no
// season holds two values.
func SeasonalMannKendall(xs []float64, period int) (MannKendallResult, error) {
	if period < 1 {
		return MannKendallResult{}, invalidf("hypercare: seasonal Mann–Kendall: period %d, want at least 1", period)
	}
	if err := checkNoInf("seasonal Mann–Kendall", xs); err != nil {
		return MannKendallResult{}, err
	}
	var total mkCounts
	buf := make([]float64, 0, len(xs)/period+1)
	for s := range min(period, len(xs)) {
		buf = buf[:0]
		for i := s; i < len(xs); {
			buf = append(buf, xs[i])
			if period >= len(xs)-i { // the next value would be past the end (and i+period may overflow)
				break
			}
			i += period
		}
		c, err := mannKendallCounts(buf, nil)
		if err != nil {
			continue // a season with fewer than two values adds nothing
		}
		total.n += c.n
		total.s += c.s
		total.pairs += c.pairs
		total.ties += c.ties
		total.vnum += c.vnum
	}
	if total.pairs == 0 {
		return MannKendallResult{}, invalidf("hypercare: seasonal Mann–Kendall: no season of period %d holds two values", period)
	}
	return total.result(), nil
}

func checkNoInf(what string, xs []float64) error {
	for i, x := range xs {
		if math.IsInf(x, 0) {
			return invalidf("hypercare: %s: value %d is %v; want a finite value or NaN for missing", what, i, x)
		}
	}
	return nil
}

// mannKendallCounts computes the counts of xs with a merge sort. scratch, if
// it has capacity 2·len(xs), is used instead of allocating.
func mannKendallCounts(xs []float64, scratch []float64) (mkCounts, error) {
	if err := checkNoInf("Mann–Kendall", xs); err != nil {
		return mkCounts{}, err
	}
	if cap(scratch) < 2*len(xs) {
		scratch = make([]float64, 2*len(xs))
	}
	a := scratch[:0]
	for _, x := range xs {
		if !math.IsNaN(x) {
			a = append(a, x)
		}
	}
	n := len(a)
	if n < 2 {
		return mkCounts{}, invalidf("hypercare: Mann–Kendall: %d values present, want at least 2", n)
	}
	tmp := scratch[n : 2*n]
	q := sortCountInversions(a, tmp) // a is now sorted
	c := mkCounts{n: n, pairs: int64(n) * int64(n-1) / 2}
	c.vnum = groupTerm(int64(n))
	for i := 0; i < n; {
		j := i + 1
		for j < n && a[j] == a[i] {
			j++
		}
		if t := int64(j - i); t > 1 {
			c.ties += t * (t - 1) / 2
			c.vnum -= groupTerm(t)
		}
		i = j
	}
	// Pairs split into concordant P, discordant Q and tied; S = P − Q.
	c.s = c.pairs - c.ties - 2*q
	return c, nil
}

// sortCountInversions sorts a ascending (bottom-up merge sort, using tmp of
// the same length) and returns the number of pairs i < j with a[i] > a[j]
// in the original order; equal values are not inversions.
func sortCountInversions(a, tmp []float64) int64 {
	n := len(a)
	var inv int64
	src, dst := a, tmp
	for width := 1; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if src[i] <= src[j] {
					dst[k] = src[i]
					i++
				} else {
					dst[k] = src[j]
					inv += int64(mid - i)
					j++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
	return inv
}

// windowTrend is the fast trend kernel: it slides the window along the
// series and updates S and the tie groups as samples enter and leave, in
// O(w) per sample instead of O(w²).
func windowTrend(ords []int, xs []float64, seasons []int8, w, minN int, out []mkCounts) {
	var st [7]seasonState
	var S int64
	lo := 0
	for e := range xs {
		for ords[lo] <= ords[e]-w {
			x := xs[lo]
			if seasons == nil {
				for _, v := range xs[lo+1 : e] {
					S -= b2i(v > x) - b2i(v < x)
				}
				st[0].remove(x)
			} else {
				sl := seasons[lo]
				for j := lo + 1; j < e; j++ {
					if seasons[j] == sl {
						S -= b2i(xs[j] > x) - b2i(xs[j] < x)
					}
				}
				st[sl].remove(x)
			}
			lo++
		}
		x := xs[e]
		if seasons == nil {
			for _, v := range xs[lo:e] {
				S += b2i(x > v) - b2i(x < v)
			}
			st[0].insert(x)
		} else {
			se := seasons[e]
			for i := lo; i < e; i++ {
				if seasons[i] == se {
					S += b2i(x > xs[i]) - b2i(x < xs[i])
				}
			}
			st[se].insert(x)
		}
		out[e] = mkCounts{}
		if e-lo+1 < minN {
			continue
		}
		c := mkCounts{s: S}
		for i := range st {
			q := &st[i]
			n := int64(len(q.sorted))
			if n < 2 {
				continue
			}
			c.n += int(n)
			c.pairs += n * (n - 1) / 2
			c.ties += q.tiePairs
			c.vnum += groupTerm(n) - float64(q.tieTerms)
		}
		out[e] = c
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// seasonState is the sorted values of one season in the window, with their
// tie sums.
type seasonState struct {
	sorted   []float64
	tiePairs int64 // Σ t(t−1)/2
	tieTerms int64 // Σ t(t−1)(2t+5)
}

func term(t int64) int64 { return t * (t - 1) * (2*t + 5) }

func (q *seasonState) insert(x float64) {
	i, _ := slices.BinarySearch(q.sorted, x)
	j := i
	for j < len(q.sorted) && q.sorted[j] == x {
		j++
	}
	t := int64(j - i) // equal values already there
	q.tiePairs += t
	q.tieTerms += term(t+1) - term(t)
	q.sorted = slices.Insert(q.sorted, i, x)
}

func (q *seasonState) remove(x float64) {
	i, _ := slices.BinarySearch(q.sorted, x)
	j := i
	for j < len(q.sorted) && q.sorted[j] == x {
		j++
	}
	t := int64(j - i) // equal values, x included
	q.tiePairs -= t - 1
	q.tieTerms -= term(t) - term(t-1)
	q.sorted = slices.Delete(q.sorted, i, i+1)
}

// SenFit is Sen's (Theil–Sen) robust line: the median of the pairwise
// slopes and an intercept through the medians.
type SenFit struct {
	// N is the number of values used (missing values excluded).
	N int `json:"n"`
	// Slope is the true median (the mean of the two middle values when the
	// count is even) of (x_j − x_i)/(j − i) over all pairs i < j, per step
	// of the index.
	Slope float64 `json:"slope"`
	// Intercept is median(x) − median(t)·Slope with t the index of each
	// present value counted from 0, so the line is Intercept + Slope·t.
	Intercept float64 `json:"intercept"`
}

// SenSlope fits Sen's slope to xs, values at steps 0, 1, 2, ... A NaN marks a
// missing value: it is left out but keeps its step, so slopes across a gap
// are divided by the true distance. It allocates one buffer for the
// n(n−1)/2 slopes and finds the median by selection, not a full sort.
//
// It returns an error naming the position of an infinite value, when fewer
// than two values are present, or when the values are so large that a slope
// overflows.
func SenSlope(xs []float64) (SenFit, error) {
	if err := checkNoInf("Sen slope", xs); err != nil {
		return SenFit{}, err
	}
	m := 0
	for _, x := range xs {
		if !math.IsNaN(x) {
			m++
		}
	}
	if m < 2 {
		return SenFit{}, invalidf("hypercare: Sen slope: %d values present, want at least 2", m)
	}
	f := senFit(xs, nil, make([]float64, 0, m*(m-1)/2+m), medianSelect)
	if math.IsInf(f.Slope, 0) || math.IsNaN(f.Slope) || math.IsInf(f.Intercept, 0) {
		return SenFit{}, invalidf("hypercare: Sen slope: values too large, the slope overflows")
	}
	return f, nil
}

// senFit fits Sen's line to xs at steps ts (or 0, 1, 2, ... when ts is nil),
// skipping NaN. buf is the slope buffer (its capacity is reused); median
// returns the true median of its argument and may reorder it.
func senFit(xs []float64, ts []int, buf []float64, median func([]float64) float64) SenFit {
	at := func(i int) float64 {
		if ts == nil {
			return float64(i)
		}
		return float64(ts[i])
	}
	buf = buf[:0]
	n := 0
	for j := range xs {
		if math.IsNaN(xs[j]) {
			continue
		}
		n++
		for i := range j {
			if !math.IsNaN(xs[i]) {
				buf = append(buf, (xs[j]-xs[i])/(at(j)-at(i)))
			}
		}
	}
	slope := median(buf)
	// Medians of the present values and of their steps, reusing buf.
	buf = buf[:0]
	for _, x := range xs {
		if !math.IsNaN(x) {
			buf = append(buf, x)
		}
	}
	mx := median(buf)
	buf = buf[:0]
	for i, x := range xs {
		if !math.IsNaN(x) {
			buf = append(buf, at(i))
		}
	}
	mt := median(buf)
	return SenFit{N: n, Slope: slope, Intercept: mx - mt*slope}
}

// medianSelect returns the true median of a (reordering it) in expected
// linear time: quickselect with a median-of-three pivot, falling back to a
// sort when the partitions degrade.
func medianSelect(a []float64) float64 {
	n := len(a)
	k := n / 2
	selectKth(a, k)
	if n%2 == 1 {
		return a[k]
	}
	lo := a[0] // the largest of a[:k] is the other middle value
	for _, v := range a[1:k] {
		lo = max(lo, v)
	}
	return lo/2 + a[k]/2 // symmetric under negation, and no overflow
}

// selectKth reorders a so that a[k] is the value a sorted a would hold there,
// with a[:k] <= a[k] <= a[k+1:].
func selectKth(a []float64, k int) {
	lo, hi := 0, len(a)-1
	budget := 2 * bits.Len(uint(len(a)))
	for hi > lo {
		if budget == 0 {
			slices.Sort(a[lo : hi+1])
			return
		}
		budget--
		mid := lo + (hi-lo)/2
		// Median of three into a[mid].
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		p := a[mid]
		// Three-way partition of a[lo..hi] around p.
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch {
			case a[i] < p:
				a[lt], a[i] = a[i], a[lt]
				lt++
				i++
			case a[i] > p:
				a[i], a[gt] = a[gt], a[i]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return
		}
	}
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func checkFinite(what string, xs []float64) error {
	for i, x := range xs {
		if !isFinite(x) {
			return invalidf("hypercare: %s: value %d is %v; want a finite value", what, i, x)
		}
	}
	return nil
}

// LinearFit is an ordinary least-squares line y = Intercept + Slope·x.
type LinearFit struct {
	N           int     `json:"n"`
	Slope       float64 `json:"slope"`
	Intercept   float64 `json:"intercept"`
	SlopeSE     float64 `json:"slope_se"`     // √(SSE/(n−2)/Sxx)
	InterceptSE float64 `json:"intercept_se"` // √(SSE/(n−2)·(1/n + x̄²/Sxx))
	ResidualSD  float64 `json:"residual_sd"`  // √(SSE/(n−2))
	// RSquared is 1 − SSE/SST, and 1 when the fit is perfect (including
	// constant y).
	RSquared float64 `json:"r_squared"`
}

// LeastSquares fits a straight line to the points (x[i], y[i]) by ordinary
// least squares, with centred sums for accuracy (it reproduces NIST StRD
// Norris to 1e-9). With daily adoption data the residuals are autocorrelated,
// so read SlopeSE as descriptive, not as a test.
//
// It returns an error when x and y differ in length, hold fewer than three
// points, hold a value that is not finite, when every x is the same, or when
// the values are so large that the fit overflows.
func LeastSquares(x, y []float64) (LinearFit, error) {
	n := len(x)
	switch {
	case len(y) != n:
		return LinearFit{}, invalidf("hypercare: least squares: %d x values and %d y values", n, len(y))
	case n < 3:
		return LinearFit{}, invalidf("hypercare: least squares: %d points, want at least 3", n)
	}
	if err := checkFinite("least squares x", x); err != nil {
		return LinearFit{}, err
	}
	if err := checkFinite("least squares y", y); err != nil {
		return LinearFit{}, err
	}
	mx, my := mean(x), mean(y)
	var sxx, sxy, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxx += dx * dx
		sxy += dx * dy
		syy += dy * dy
	}
	if sxx == 0 {
		return LinearFit{}, invalidf("hypercare: least squares: every x is %v; the slope is undefined", x[0])
	}
	f := LinearFit{N: n, Slope: sxy / sxx}
	f.Intercept = my - f.Slope*mx
	var sse float64
	for i := range x {
		r := y[i] - f.Intercept - f.Slope*x[i]
		sse += r * r
	}
	s2 := sse / float64(n-2)
	f.ResidualSD = math.Sqrt(s2)
	f.SlopeSE = math.Sqrt(s2 / sxx)
	f.InterceptSE = math.Sqrt(s2 * (1/float64(n) + mx*mx/sxx))
	f.RSquared = 1
	if syy > 0 {
		f.RSquared = 1 - sse/syy
	}
	for _, v := range []float64{f.Slope, f.Intercept, f.SlopeSE, f.InterceptSE, f.ResidualSD, f.RSquared} {
		if !isFinite(v) {
			return LinearFit{}, invalidf("hypercare: least squares: values too large, the fit overflows")
		}
	}
	return f, nil
}

// mean is exact for constant input: x0 + Σ(x−x0)/n.
func mean(xs []float64) float64 {
	x0 := xs[0]
	var s float64
	for _, x := range xs {
		s += x - x0
	}
	return x0 + s/float64(len(xs))
}
