package hypercare

// The flag rules behind Monitor.

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// eps absorbs float rounding when a shortfall is compared with a threshold,
// so a 30% segment is 10 points below a 40% overall rate.
const eps = 1e-9

// kernels are the hot loops of Monitor. Tests swap in slow, obviously
// correct versions and check that the flags are the same.
type kernels struct {
	// trend fills out[e] with the Mann–Kendall counts of the samples whose
	// ordinals lie in (ords[e]−w, ords[e]], when there are at least minN of
	// them (pairs == 0 otherwise). seasons is nil for the plain test.
	trend func(ords []int, xs []float64, seasons []int8, w, minN int, out []mkCounts)
	// median returns the true median of its argument and may reorder it.
	median func([]float64) float64
	// runs appends the run-test signals of xs to out.
	runs func(xs []float64, centre, sigma float64, r RunRules, out []RunSignal) []RunSignal
}

func fastKernels() kernels {
	return kernels{trend: windowTrend, median: medianSelect, runs: runSignals}
}

func runSignals(xs []float64, centre, sigma float64, r RunRules, out []RunSignal) []RunSignal {
	rs := newRunState(r, centre, sigma, len(xs))
	for i, x := range xs {
		out = rs.next(i, x, out)
	}
	return out
}

// bizDays tells business days apart over a span of day numbers.
type bizDays struct {
	start int64
	open  []bool
	ord   []int // ord[i]: business days in [start, start+i)
}

func newBizDays(cal *Calendar, from, to int64) *bizDays {
	n := int(to-from) + 1
	b := &bizDays{start: from, open: make([]bool, n), ord: make([]int, n+1)}
	loc := cal.Location()
	for i := range n {
		d := dateFromDays(from + int64(i))
		b.open[i] = cal.Between(d.In(loc), d.AddDays(1).In(loc)) > 0
		b.ord[i+1] = b.ord[i]
		if b.open[i] {
			b.ord[i+1]++
		}
	}
	return b
}

// prepared is a validated series: its samples sorted, and its business-day
// samples as parallel slices.
type prepared struct {
	metric  AdoptionMetric
	segment Segment
	all     []daySample // every sample, by date
	days    []int64     // business-day samples from here on
	dates   []Date
	ords    []int
	values  []float64
	bases   []float64
	rates   []float64
	seasons []int8 // weekday of each business-day sample
	ord0    int    // ordinal of the first sample (of any day)
}

// slice returns the business-day samples a to b of p as a series of their
// own, for the charts of one baseline period.
func (p *prepared) slice(a, b int) prepared {
	q := *p
	q.days, q.dates, q.ords = p.days[a:b], p.dates[a:b], p.ords[a:b]
	q.values, q.bases, q.rates, q.seasons = p.values[a:b], p.bases[a:b], p.rates[a:b], p.seasons[a:b]
	return q
}

// rebaselines reports whether a re-baselining date falls after business
// day prev and on or before next.
func (s *settings) rebaselines(prev, next Date) bool {
	for _, d := range s.rebaseline {
		if prev.Before(d) && !next.Before(d) {
			return true
		}
	}
	return false
}

// episode turns a per-day level (0 for none) into flags. It reports the
// start of an episode and a rise from warn to alert within it; the episode
// ends once the condition has been clear on rearm evaluations in a row, so a
// rate hovering at a threshold does not flag every other day.
type episode struct {
	level Level
	quiet int
	rearm int
}

// markOngoing marks the last flag of out[from:] that match accepts as
// Ongoing when the episode has not ended: the condition still held at the
// series' last evaluation.
func (e *episode) markOngoing(out []Flag, from int, match func(Flag) bool) {
	if e.level == 0 {
		return
	}
	for i := len(out) - 1; i >= from; i-- {
		if match(out[i]) {
			out[i].Ongoing = true
			return
		}
	}
}

func (e *episode) rise(l Level) bool { return e.riseClear(l, l == 0) }

// riseClear is rise for rules with hysteresis: a day with no level counts
// towards the end of the episode only when clear says the condition is
// clearly gone (a recovery past the threshold by a margin), not merely
// below the threshold.
func (e *episode) riseClear(l Level, clear bool) bool {
	if l == 0 && !clear {
		e.quiet = 0
		return false
	}
	if l == 0 {
		if e.level != 0 {
			e.quiet++
			if e.quiet >= e.rearm {
				e.level, e.quiet = 0, 0
			}
		}
		return false
	}
	e.quiet = 0
	if l > e.level {
		e.level = l
		return true
	}
	return false
}

type scratch struct {
	steps   []baselineStep
	counts  []mkCounts
	buf     []float64
	signals []RunSignal
}

func monitor(series []Series, cfg MonitorConfig, k kernels) ([]Flag, error) {
	s, err := cfg.resolve()
	if err != nil {
		return nil, prefixed(err)
	}
	if len(series) == 0 {
		return nil, nil
	}
	ps := make([]prepared, len(series))
	from, to, err := prepareSeries(series, ps)
	if err != nil {
		return nil, err
	}
	biz := newBizDays(s.cal, from, to)
	for i := range ps {
		ps[i].businessDays(biz)
	}

	var flags []Flag
	sc := &scratch{}
	for i := range ps {
		flags = s.seriesFlags(&ps[i], k, sc, flags)
	}
	if s.on[RuleLagging] {
		flags = s.lagging(ps, flags)
	}
	for i := range ps {
		if flags, err = customFlags(&ps[i], cfg.Custom, flags); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(flags, compareFlags)
	return flags, nil
}

// prepareSeries fills ps with the sorted, distinct series and returns the first and last day of any sample.
func prepareSeries(series []Series, ps []prepared) (from, to int64, err error) {
	type key struct {
		m   AdoptionMetric
		seg Segment
	}
	seen := make(map[key]bool, len(series))
	for i, ser := range series {
		all, err := ser.sorted()
		if err != nil {
			return 0, 0, err
		}
		kk := key{ser.Metric, ser.Segment}
		if seen[kk] {
			return 0, 0, invalidf("hypercare: series %q: given twice", ser.String())
		}
		seen[kk] = true
		ps[i] = prepared{metric: ser.Metric, segment: ser.Segment, all: all}
		if first := all[0].day; i == 0 || first < from {
			from = first
		}
		if last := all[len(all)-1].day; i == 0 || last > to {
			to = last
		}
	}
	slices.SortFunc(ps, func(a, b prepared) int {
		return cmp.Or(compareMetrics(a.metric, b.metric), compareSegments(a.segment, b.segment))
	})
	return from, to, nil
}

// businessDays keeps the samples that fall on business days, as columns.
func (p *prepared) businessDays(biz *bizDays) {
	p.ord0 = biz.ord[p.all[0].day-biz.start]
	n := len(p.all)
	p.days, p.dates, p.ords = make([]int64, 0, n), make([]Date, 0, n), make([]int, 0, n)
	p.values, p.bases, p.rates, p.seasons = make([]float64, 0, n), make([]float64, 0, n), make([]float64, 0, n), make([]int8, 0, n)
	for _, x := range p.all {
		j := x.day - biz.start
		if !biz.open[j] {
			continue
		}
		p.days = append(p.days, x.day)
		p.dates = append(p.dates, x.Date)
		p.ords = append(p.ords, biz.ord[j])
		p.values = append(p.values, x.Value)
		p.bases = append(p.bases, x.Base)
		p.rates = append(p.rates, x.Rate())
		p.seasons = append(p.seasons, int8(floorMod(x.day+4, 7))) // the weekday, as Date.Weekday
	}
}

// seriesFlags appends the flags of the built-in rules on one series.
func (s *settings) seriesFlags(p *prepared, k kernels, sc *scratch, flags []Flag) []Flag {
	if s.on[RuleBelowTarget] {
		flags = s.belowTarget(p, flags)
	}
	if s.on[RuleDeclining] {
		flags = s.declining(p, k, sc, flags)
	}
	for a := 0; a < len(p.dates); {
		// The charts restart at each re-baselining date.
		b := a + 1
		for b < len(p.dates) && !s.rebaselines(p.dates[b-1], p.dates[b]) {
			b++
		}
		q := p.slice(a, b)
		a = b
		from := len(flags)
		flags = s.chartFlags(&q, k, sc, flags)
		if a < len(p.dates) { // a re-baselining ends the stretch's episodes
			for i := from; i < len(flags); i++ {
				flags[i].Ongoing = false
			}
		}
	}
	if s.on[RuleNeverUsed] && p.metric.Kind == FeatureUse {
		flags = s.neverUsed(p, flags)
	}
	return flags
}

// chartFlags appends the flags of the control-chart rules on one stretch between re-baselinings.
func (s *settings) chartFlags(q *prepared, k kernels, sc *scratch, flags []Flag) []Flag {
	steps := s.baselineSteps(q, sc)
	if len(steps) == 0 {
		return flags
	}
	if s.on[RuleDropEWMA] {
		flags = s.dropEWMA(q, steps, flags)
	}
	if s.on[RuleDropCUSUM] {
		flags = s.dropCUSUM(q, steps, flags)
	}
	if s.on[RuleRunTest] {
		mu, sigma := steps[0].mu, steps[0].sigma
		flags = s.runTests(q, mu, sigma, k, sc, flags)
	}
	return flags
}

// customFlags runs the custom rules on one series' business-day samples and
// checks what they return.
func customFlags(p *prepared, rules []AdoptionRule, out []Flag) ([]Flag, error) {
	if len(rules) == 0 {
		return out, nil
	}
	ser := Series{Metric: p.metric, Segment: p.segment, Samples: make([]Sample, len(p.dates))}
	for i, d := range p.dates {
		ser.Samples[i] = Sample{Date: d, Value: p.values[i], Base: p.bases[i]}
	}
	for _, r := range rules {
		got, err := r.Check(ser)
		if err != nil {
			return nil, fmt.Errorf("hypercare: adoption rule %q on series %q: %w", r.Name(), ser.String(), err)
		}
		for _, f := range got {
			f.Metric, f.Segment, f.Rule, f.Custom = p.metric, p.segment, RuleCustom, r.Name()
			f.Test, f.Ongoing = 0, false // a built-in's fields, never a custom rule's
			switch _, found := slices.BinarySearchFunc(p.dates, f.Date, Date.Compare); {
			case !found:
				return nil, fmt.Errorf("hypercare: adoption rule %q on series %q: flag dated %s, not a business day with a sample", r.Name(), ser.String(), f.Date)
			case !f.Level.Valid():
				return nil, fmt.Errorf("hypercare: adoption rule %q on series %q: flag with invalid level %d", r.Name(), ser.String(), int(f.Level))
			case f.Message == "":
				return nil, fmt.Errorf("hypercare: adoption rule %q on series %q: flag on %s without a message", r.Name(), ser.String(), f.Date)
			}
			out = append(out, f)
		}
	}
	return out, nil
}

func (p *prepared) flag(e int, r FlagRule, l Level, value, ref float64, msg string) Flag {
	return Flag{Metric: p.metric, Segment: p.segment, Date: p.dates[e], Rule: r, Level: l,
		Value: value, Reference: ref, Message: msg}
}

// subject is the start of a sentence: "login rate for team Finance".
func (p *prepared) subject() string {
	if p.segment.IsZero() {
		return p.metric.String()
	}
	return p.metric.String() + " for " + p.segment.String()
}

// dailySubject is the start of a day-by-day rule's sentence, naming what
// each sample is: "login rate (7-day share) for team Finance", "active-user
// rate (daily share)".
func (p *prepared) dailySubject() string {
	s := p.metric.String() + " (" + shareDefinition(p.metric.Kind) + ")"
	if p.segment.IsZero() {
		return s
	}
	return s + " for " + p.segment.String()
}

// shareDefinition says what one sample of a metric kind counts: "7-day
// share" for LoginRate, "daily share" for ActiveRate and FeatureUse.
func shareDefinition(k MetricKind) string {
	if k == LoginRate {
		return "7-day share"
	}
	return "daily share"
}

// pooled returns ΣValue/ΣBase.
func pooled(values, bases []float64) float64 {
	var v, b float64
	for i := range values {
		v += values[i]
		b += bases[i]
	}
	return v / b
}

// weekStart returns the first index of the 7-day window (days[e]−6 to
// days[e]) ending at e, advancing lo.
func weekStart(days []int64, lo, e int) int {
	for days[e]-days[lo] >= 7 {
		lo++
	}
	return lo
}

func (s *settings) rampedUp(p *prepared, e int) bool { return p.ords[e]-p.ord0 >= s.rampUp }

func (s *settings) belowTarget(p *prepared, out []Flag) []Flag {
	target, ok := s.targets[p.metric]
	if !ok {
		return out
	}
	ep := episode{rearm: s.rearm}
	from := len(out)
	lo := 0
	for e := range p.dates {
		lo = weekStart(p.days, lo, e)
		if !s.rampedUp(p, e) || e-lo+1 < s.minWeek {
			continue
		}
		rate := pooled(p.values[lo:e+1], p.bases[lo:e+1])
		short := target - rate
		var l Level
		switch {
		case short >= s.belowAlertGap-eps:
			l = LevelAlert
		case short > eps:
			l = LevelWarn
		}
		if ep.riseClear(l, rate >= min(target+s.recovery, 1)-eps) {
			out = append(out, p.flag(e, RuleBelowTarget, l, rate, target, fmt.Sprintf(
				"%s was %s over the 7 days to %s, %s below the %s target",
				p.subject(), percent(rate), p.dates[e], pointsWord(short), percent(target))))
		}
	}
	ep.markOngoing(out, from, func(Flag) bool { return true })
	return out
}

func (s *settings) declining(p *prepared, k kernels, sc *scratch, out []Flag) []Flag {
	w := s.decl.Window
	minN := max(2*(w/3)+(2*(w%3)+2)/3, 3) // ⌈2w/3⌉, without overflowing for a huge w
	m := len(p.rates)
	if m < minN {
		return out
	}
	sc.counts = slices.Grow(sc.counts[:0], m)[:m]
	var seasons []int8
	if s.decl.Seasonal {
		seasons = p.seasons
	}
	k.trend(p.ords, p.rates, seasons, w, minN, sc.counts)
	ep := episode{rearm: s.rearm}
	from := len(out)
	lo := 0
	for e := range m {
		for p.ords[lo] <= p.ords[e]-w {
			lo++
		}
		c := sc.counts[e]
		if c.pairs == 0 {
			continue
		}
		var r MannKendallResult
		if c.s < 0 { // no need for the p-value of a rise
			r = c.result()
		}
		var l Level
		var fit SenFit
		var fall float64
		if r.S < 0 && r.P < s.decl.WarnP {
			n := e - lo + 1
			sc.buf = slices.Grow(sc.buf[:0], n*(n-1)/2+n)
			fit = senFit(p.rates[lo:e+1], p.ords[lo:e+1], sc.buf, k.median)
			fall = -fit.Slope * float64(p.ords[e]-p.ords[lo])
			switch {
			case p.rates[e] >= p.rates[lo]: // the window ends no lower than it starts
			case r.P < s.decl.AlertP && fall >= s.declAlertFall-eps:
				l = LevelAlert
			case fall >= s.declMinFall-eps:
				l = LevelWarn
			}
		}
		if ep.rise(l) {
			from, to := p.rates[lo], p.rates[e]
			test := "Mann–Kendall"
			if s.decl.Seasonal {
				test = "seasonal Mann–Kendall"
			}
			out = append(out, p.flag(e, RuleDeclining, l, to, from, fmt.Sprintf(
				"%s fell from %s to %s over %d business days; %s %s, Sen slope %s points/business day",
				p.dailySubject(), percent(from), percent(to), p.ords[e]-p.ords[lo], test, pValue(r.P), slopePoints(fit.Slope))))
		}
	}
	ep.markOngoing(out, from, func(Flag) bool { return true })
	return out
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }

// baselineStep is the baseline in force from the business-day sample at
// index from on: its level, σ and the number of samples kept.
type baselineStep struct {
	from      int
	mu, sigma float64
	m         int
}

// baselineSteps returns the baselines of p's charts, in order: the first
// s.baseline samples, in force from the sample after them, then one step
// each time a sample joins (s.baseline samples after it) until the
// baseline holds s.baselineMax samples. Nil when p has no sample after its
// first baseline.
func (s *settings) baselineSteps(p *prepared, sc *scratch) []baselineStep {
	b := s.baseline
	if len(p.rates) <= b {
		return nil
	}
	steps := sc.steps[:0]
	for n := b; n <= s.baselineMax; n++ {
		from := b // the first baseline, then each sample b samples after it joined
		if n > b {
			from = n - 1 + b
		}
		if from >= len(p.rates) {
			break
		}
		mu, sigma, m := s.estimate(p.rates[:n], p.bases[:n], sc)
		steps = append(steps, baselineStep{from: from, mu: mu, sigma: sigma, m: m})
	}
	sc.steps = steps
	return steps
}

// estimate returns the level and σ of the baseline rates (with their
// bases), and how many of them count (outliers set aside).
func (s *settings) estimate(base, bases []float64, sc *scratch) (mu, sigma float64, m int) {
	n := mean(bases)
	floor := func(mu float64) float64 {
		return max(math.Sqrt(max(mu*(1-mu), 0)/n), s.sigmaFloor)
	}
	// Phase I: set aside the points far from the median on a robust σ (an
	// outage day), then estimate from the rest as usual.
	var buf []float64
	if sc != nil {
		buf = sc.buf
	}
	buf = slices.Grow(buf[:0], len(base))[:len(base)]
	centre, spread := robustCentre(base, buf)
	limit := outlierLimit * max(spread, floor(centre))
	// The sum of deviations from the median, as mean computes it, so a
	// flat baseline gives exactly its value.
	var sum, mr, last float64
	for _, x := range base {
		if math.Abs(x-centre) > limit {
			continue
		}
		if m > 0 {
			mr += math.Abs(x - last)
		}
		sum += x - centre
		last = x
		m++
	}
	mu = centre + sum/float64(m)
	if m > 1 {
		sigma = mr / float64(m-1) / 1.128
	}
	if sc != nil {
		sc.buf = buf
	}
	return mu, max(sigma, floor(mu)), m
}

// outlierLimit is how many robust σ from the baseline's median a point may
// be and still count: 5, above the 3.5 Iglewicz and Hoaglin ("How to Detect
// and Handle Outliers", 1993) suggest for the MAD's modified z-score, so
// only gross outliers (an outage day) are set aside and a baseline without
// one gives exactly the mean and moving range it always did.
const outlierLimit = 5

// madScale makes the median absolute deviation a consistent estimator of σ
// for normal data: 1/Φ⁻¹(3/4) (Rousseeuw and Croux, "Alternatives to the
// median absolute deviation", JASA 88, 1993).
const madScale = 1.4826

// medianMRScale turns the median moving range of normal data into σ:
// σ ≈ median |x_i − x_{i−1}| / 0.954 (Montgomery, Introduction to
// Statistical Quality Control, 6th ed., section 6.4).
const medianMRScale = 0.954

// robustCentre returns the median of xs and σ as the larger of two robust
// estimates: 1.4826 times the median absolute deviation from the median,
// and the median moving range over 0.954. One or two wild points (an
// outage day at 5%) move neither much.
//
// buf must hold len(xs) values; robustCentre overwrites them.
func robustCentre(xs, buf []float64) (centre, sigma float64) {
	copy(buf, xs)
	centre = medianSelect(buf)
	for i, x := range xs {
		buf[i] = math.Abs(x - centre)
	}
	mad := madScale * medianSelect(buf)
	buf = buf[:len(xs)-1]
	for i := 1; i < len(xs); i++ {
		buf[i-1] = math.Abs(xs[i] - xs[i-1])
	}
	return centre, max(mad, medianSelect(buf)/medianMRScale)
}

// ewmaOver runs the EWMA chart of p's rates from its first baseline on,
// calling visit with each sample's index, point and the baseline in force.
// The average runs on through each new baseline; only its target, σ and
// the variance of the target's estimate change.
func (s *settings) ewmaOver(p *prepared, steps []baselineStep, visit func(i int, pt EWMAPoint, b baselineStep)) {
	b := steps[0]
	e := newEWMAEstimated(EWMAChart{Target: b.mu, Sigma: b.sigma, Lambda: s.ewma.Lambda, L: s.ewma.L, SteadyState: s.ewma.SteadyState}, float64(b.m))
	next := 1
	for i := b.from; i < len(p.rates); i++ {
		if next < len(steps) && steps[next].from == i {
			b = steps[next]
			e.c.Target, e.c.Sigma, e.extra = b.mu, b.sigma, 1/float64(b.m)
			next++
		}
		visit(i, e.next(p.rates[i]), b)
	}
}

func (s *settings) dropEWMA(p *prepared, steps []baselineStep, out []Flag) []Flag {
	ep := episode{rearm: s.rearm}
	from := len(out)
	s.ewmaOver(p, steps, func(i int, pt EWMAPoint, b baselineStep) {
		mu := b.mu
		var l Level
		if pt.Signal == Downward && mu-pt.Z >= s.ewmaMinFall-eps {
			l = LevelWarn
			if mu-pt.Z >= s.ewmaAlertFall-eps {
				l = LevelAlert
			}
		}
		if ep.rise(l) {
			out = append(out, p.flag(i, RuleDropEWMA, l, pt.Z, mu, fmt.Sprintf(
				"%s dropped: its EWMA fell to %s, below the lower control limit %s around the %s baseline (σ = %s, λ = %s, L = %s)",
				p.dailySubject(), percent(pt.Z), percent(pt.LCL), percent(mu), pointsWord(b.sigma), num(s.ewma.Lambda), num(s.ewma.L))))
		}
	})
	ep.markOngoing(out, from, func(Flag) bool { return true })
	return out
}

func (s *settings) dropCUSUM(p *prepared, steps []baselineStep, out []Flag) []Flag {
	b := steps[0]
	lo, n := s.cusum.HeadStart*b.sigma, 0
	ep := episode{rearm: s.rearm}
	from := len(out)
	next := 1
	for i := b.from; i < len(p.rates); i++ {
		if next < len(steps) && steps[next].from == i {
			b = steps[next]
			next++
		}
		mu, k, h := b.mu, s.cusum.K*b.sigma, s.cusum.H*b.sigma
		lo = max(0, lo+mu-k-p.rates[i])
		if lo > 0 {
			n++
		} else {
			n = 0
		}
		var l Level
		var est float64
		if lo > h {
			est = clamp01(mu - k - lo/float64(max(n, 1)))
			if mu-est >= s.cusumMinFall-eps {
				l = LevelWarn
			}
			if mu-est >= s.cusumAlertFall-eps {
				l = LevelAlert
			}
		}
		if ep.rise(l) {
			out = append(out, p.flag(i, RuleDropCUSUM, l, est, mu, fmt.Sprintf(
				"%s dropped below its %s baseline: the lower CUSUM is %s, above h = %s (k = %s); estimated level %s",
				p.dailySubject(), percent(mu), pointsWord(lo), pointsWord(h), pointsWord(k), percent(est))))
		}
	}
	ep.markOngoing(out, from, func(Flag) bool { return true })
	return out
}

func (s *settings) runTests(p *prepared, mu, sigma float64, k kernels, sc *scratch, out []Flag) []Flag {
	xs := p.rates[s.baseline:]
	sc.signals = k.runs(xs, mu, sigma, s.runs, sc.signals[:0])
	var eps [9]episode
	from := len(out)
	for i := range eps {
		eps[i].rearm = s.rearm
	}
	next := 0
	for j := range xs {
		var hit [9]bool
		for ; next < len(sc.signals) && sc.signals[next].Index == j; next++ {
			if g := sc.signals[next]; g.Direction == Downward && g.Test != Nelson4 && g.Test != Nelson7 && g.Test != Nelson8 {
				hit[g.Test] = true
			}
		}
		for _, t := range []RunTest{Nelson1, Nelson2, Nelson3, Nelson5, Nelson6} {
			l := LevelWarn
			if t == Nelson1 {
				l = LevelAlert
			}
			if !hit[t] {
				l = 0
			}
			if eps[t].rise(l) {
				out = append(out, s.runFlag(p, j, t, mu, sigma))
			}
		}
	}
	for t := range eps {
		eps[t].markOngoing(out, from, func(f Flag) bool { return f.Test == RunTest(t) })
	}
	return out
}

func (s *settings) runFlag(p *prepared, j int, test RunTest, mu, sigma float64) Flag {
	i := s.baseline + j
	x := p.rates[i]
	l, ref := LevelWarn, mu
	var msg string
	switch test {
	case Nelson1:
		l = LevelAlert
		msg = fmt.Sprintf("%s was %s, more than %sσ below its %s baseline (σ = %s)",
			p.dailySubject(), percent(x), num(s.runs.Limit), percent(mu), pointsWord(sigma))
	case Nelson2:
		msg = fmt.Sprintf("%s stayed below its %s baseline on %d business-day samples in a row, latest %s",
			p.dailySubject(), percent(mu), s.runs.SameSide, percent(x))
	case Nelson3:
		ref = p.rates[i-(s.runs.Trend-1)]
		msg = fmt.Sprintf("%s fell on %d business-day samples in a row, from %s to %s",
			p.dailySubject(), s.runs.Trend, percent(ref), percent(x))
	case Nelson5, Nelson6:
		k, z := s.runs.Beyond2, 2
		if test == Nelson6 {
			k, z = s.runs.Beyond1, 1
		}
		msg = fmt.Sprintf("%s was more than %dσ below its %s baseline on %d of the last %d business-day samples, latest %s (σ = %s)",
			p.dailySubject(), z, percent(mu), k, k+1, percent(x), pointsWord(sigma))
	}
	f := p.flag(i, RuleRunTest, l, x, ref, msg+"; Nelson test "+strconv.Itoa(int(test)))
	f.Test = test
	return f
}

func (s *settings) neverUsed(p *prepared, out []Flag) []Flag {
	ep := episode{rearm: s.rearm}
	from := len(out)
	used := false
	a := 0
	for e := range p.dates {
		for a < len(p.all) && p.all[a].day <= p.days[e] {
			used = used || p.all[a].Value > 0
			a++
		}
		var l Level
		elapsed := p.ords[e] - p.ord0
		switch {
		case used:
		case elapsed >= s.never.AlertAfter:
			l = LevelAlert
		case elapsed >= s.never.After:
			l = LevelWarn
		}
		if ep.rise(l) {
			who := "nobody"
			if !p.segment.IsZero() {
				who += " in " + p.segment.String()
			}
			out = append(out, p.flag(e, RuleNeverUsed, l, 0, 0, fmt.Sprintf(
				"%s has used %s in the %d business days since %s (%s users enabled)",
				who, p.metric.Name, elapsed, p.all[0].Date, num(p.bases[e]))))
		}
	}
	ep.markOngoing(out, from, func(Flag) bool { return true })
	return out
}

// lagging compares each segment with the pooled rate of its dimension.
func (s *settings) lagging(ps []prepared, out []Flag) []Flag {
	// ps is sorted by metric, then dimension: groups are runs.
	for g := 0; g < len(ps); {
		h := g + 1
		for h < len(ps) && ps[h].metric == ps[g].metric && ps[h].segment.Dimension == ps[g].segment.Dimension {
			h++
		}
		if ps[g].segment.Dimension != "" && h-g >= 2 {
			out = s.laggingGroup(ps[g:h], out)
		}
		g = h
	}
	return out
}

func (s *settings) laggingGroup(group []prepared, out []Flag) []Flag {
	first, last := group[0].all[0].day, group[0].all[0].day
	for i := range group {
		if len(group[i].days) > 0 {
			first, last = min(first, group[i].days[0]), max(last, group[i].days[len(group[i].days)-1])
		}
	}
	n := len(group)
	lo, hi := make([]int, n), make([]int, n)
	episodes := make([]episode, n)
	from := len(out)
	for i := range episodes {
		episodes[i].rearm = s.rearm
	}
	for d := first; d <= last; d++ {
		var v, b float64
		present, today := 0, false
		for i := range group {
			p := &group[i]
			for hi[i] < len(p.days) && p.days[hi[i]] <= d {
				hi[i]++
			}
			for lo[i] < hi[i] && d-p.days[lo[i]] >= 7 {
				lo[i]++
			}
			if hi[i] > lo[i] {
				present++
				today = today || p.days[hi[i]-1] == d
				for j := lo[i]; j < hi[i]; j++ {
					v += p.values[j]
					b += p.bases[j]
				}
			}
		}
		if present < 2 || !today {
			continue
		}
		overall := v / b
		for i := range group {
			p := &group[i]
			e := hi[i] - 1
			if e < 0 || p.days[e] != d || !s.rampedUp(p, e) || e-lo[i]+1 < s.minWeek {
				continue
			}
			rate := pooled(p.values[lo[i]:e+1], p.bases[lo[i]:e+1])
			gap := overall - rate
			var l Level
			switch {
			case gap >= s.lagAlertGap-eps:
				l = LevelAlert
			case gap >= s.lagGap-eps:
				l = LevelWarn
			}
			if episodes[i].riseClear(l, gap <= s.lagGap-s.recovery+eps) {
				out = append(out, p.flag(e, RuleLagging, l, rate, overall, fmt.Sprintf(
					"%s was %s over the 7 days to %s, %s below the overall %s across %d %s segments",
					p.subject(), percent(rate), p.dates[e], pointsWord(gap), percent(overall), present, p.segment.Dimension)))
			}
		}
	}
	for i := range episodes {
		seg := group[i].segment
		episodes[i].markOngoing(out, from, func(f Flag) bool { return f.Segment == seg })
	}
	return out
}
