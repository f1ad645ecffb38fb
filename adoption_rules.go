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

// bizDays tells business days apart over a span of dates.
type bizDays struct {
	start Date
	open  []bool
	ord   []int // ord[i]: business days in [start, start+i)
}

func newBizDays(cal *Calendar, from, to Date) *bizDays {
	n := to.DaysSince(from) + 1
	b := &bizDays{start: from, open: make([]bool, n), ord: make([]int, n+1)}
	loc := cal.Location()
	for i := range n {
		d := from.AddDays(i)
		b.open[i] = cal.Between(d.In(loc), d.AddDays(1).In(loc)) > 0
		b.ord[i+1] = b.ord[i]
		if b.open[i] {
			b.ord[i+1]++
		}
	}
	return b
}

func (b *bizDays) isOpen(d Date) bool { return b.open[d.DaysSince(b.start)] }
func (b *bizDays) ordinal(d Date) int { return b.ord[d.DaysSince(b.start)] }

// prepared is a validated series: its samples sorted, and its business-day
// samples as parallel slices.
type prepared struct {
	metric  Metric
	segment Segment
	all     []Sample // every sample, by date
	dates   []Date   // business-day samples from here on
	ords    []int
	values  []float64
	bases   []float64
	rates   []float64
	seasons []int8 // weekday of each business-day sample
	ord0    int    // ordinal of the first sample (of any day)
}

// episode turns a per-day level (0 for none) into flags: it reports a rise.
type episode struct{ level Level }

func (e *episode) rise(l Level) bool {
	up := l > e.level
	e.level = l
	return up
}

type scratch struct {
	counts  []mkCounts
	buf     []float64
	signals []RunSignal
}

func monitor(series []Series, cfg MonitorConfig, k kernels) ([]Flag, error) {
	s, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	if len(series) == 0 {
		return nil, nil
	}
	type key struct {
		m   Metric
		seg Segment
	}
	seen := make(map[key]bool, len(series))
	ps := make([]prepared, len(series))
	var from, to Date
	for i, ser := range series {
		if err := ser.Validate(); err != nil {
			return nil, err
		}
		kk := key{ser.Metric, ser.Segment}
		if seen[kk] {
			return nil, fmt.Errorf("hypercare: series %q: given twice", ser.String())
		}
		seen[kk] = true
		all := slices.SortedFunc(slices.Values(ser.Samples), func(a, b Sample) int { return a.Date.Compare(b.Date) })
		ps[i] = prepared{metric: ser.Metric, segment: ser.Segment, all: all}
		if i == 0 || all[0].Date.Before(from) {
			from = all[0].Date
		}
		if last := all[len(all)-1].Date; i == 0 || last.After(to) {
			to = last
		}
	}
	slices.SortFunc(ps, func(a, b prepared) int {
		return cmp.Or(compareMetrics(a.metric, b.metric), compareSegments(a.segment, b.segment))
	})
	biz := newBizDays(s.cal, from, to)
	for i := range ps {
		p := &ps[i]
		p.ord0 = biz.ordinal(p.all[0].Date)
		for _, x := range p.all {
			if !biz.isOpen(x.Date) {
				continue
			}
			p.dates = append(p.dates, x.Date)
			p.ords = append(p.ords, biz.ordinal(x.Date))
			p.values = append(p.values, x.Value)
			p.bases = append(p.bases, x.Base)
			p.rates = append(p.rates, x.Rate())
			p.seasons = append(p.seasons, int8(x.Date.Weekday()))
		}
	}

	var flags []Flag
	sc := &scratch{}
	for i := range ps {
		p := &ps[i]
		if s.on[RuleBelowTarget] {
			flags = s.belowTarget(p, flags)
		}
		if s.on[RuleDeclining] {
			flags = s.declining(p, k, sc, flags)
		}
		if mu, sigma, ok := s.baselineOf(p); ok {
			if s.on[RuleDropEWMA] {
				flags = s.dropEWMA(p, mu, sigma, flags)
			}
			if s.on[RuleDropCUSUM] {
				flags = s.dropCUSUM(p, mu, sigma, flags)
			}
			if s.on[RuleRunTest] {
				flags = s.runTests(p, mu, sigma, k, sc, flags)
			}
		}
		if s.on[RuleNeverUsed] && p.metric.Kind == FeatureUse {
			flags = s.neverUsed(p, flags)
		}
	}
	if s.on[RuleLagging] {
		flags = s.lagging(ps, flags)
	}
	slices.SortFunc(flags, compareFlags)
	return flags, nil
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

// pooled returns ΣValue/ΣBase.
func pooled(values, bases []float64) float64 {
	var v, b float64
	for i := range values {
		v += values[i]
		b += bases[i]
	}
	return v / b
}

// weekStart returns the first index of the 7-day window (dates[e]−6 to
// dates[e]) ending at e, advancing lo.
func weekStart(dates []Date, lo, e int) int {
	for dates[e].DaysSince(dates[lo]) >= 7 {
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
	var ep episode
	lo := 0
	for e := range p.dates {
		lo = weekStart(p.dates, lo, e)
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
		if ep.rise(l) {
			out = append(out, p.flag(e, RuleBelowTarget, l, rate, target, fmt.Sprintf(
				"%s was %s over the 7 days to %s, %s below the %s target",
				p.subject(), percent(rate), p.dates[e], pointsWord(short), percent(target))))
		}
	}
	return out
}

func (s *settings) declining(p *prepared, k kernels, sc *scratch, out []Flag) []Flag {
	w := s.decl.Window
	minN := max((2*w+2)/3, 3)
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
	var ep episode
	lo := 0
	for e := range m {
		for p.ords[lo] <= p.ords[e]-w {
			lo++
		}
		c := sc.counts[e]
		if c.pairs == 0 {
			continue
		}
		r := c.result()
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
				p.subject(), percent(from), percent(to), p.ords[e]-p.ords[lo], test, pValue(r.P), slopePoints(fit.Slope))))
		}
	}
	return out
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }

// baselineOf returns the baseline mean and σ of p's first business-day
// samples, and false when p has no sample after its baseline.
func (s *settings) baselineOf(p *prepared) (mu, sigma float64, ok bool) {
	b := s.baseline
	if len(p.rates) <= b {
		return 0, 0, false
	}
	base := p.rates[:b]
	mu = mean(base)
	var mr float64
	for i := 1; i < b; i++ {
		mr += math.Abs(base[i] - base[i-1])
	}
	sigma = mr / float64(b-1) / 1.128
	n := mean(p.bases[:b])
	binom := math.Sqrt(max(mu*(1-mu), 0) / n)
	return mu, max(sigma, binom, s.sigmaFloor), true
}

func (s *settings) dropEWMA(p *prepared, mu, sigma float64, out []Flag) []Flag {
	e := newEWMA(EWMAChart{Target: mu, Sigma: sigma, Lambda: s.ewma.Lambda, L: s.ewma.L, SteadyState: s.ewma.SteadyState})
	var ep episode
	for i := s.baseline; i < len(p.rates); i++ {
		pt := e.next(p.rates[i])
		var l Level
		if pt.Signal == Downward {
			l = LevelWarn
			if mu-pt.Z >= s.ewmaAlertFall-eps {
				l = LevelAlert
			}
		}
		if ep.rise(l) {
			out = append(out, p.flag(i, RuleDropEWMA, l, pt.Z, mu, fmt.Sprintf(
				"%s dropped: its EWMA fell to %s, below the lower control limit %s around the %s baseline (σ = %s, λ = %s, L = %s)",
				p.subject(), percent(pt.Z), percent(pt.LCL), percent(mu), pointsWord(sigma), num(s.ewma.Lambda), num(s.ewma.L))))
		}
	}
	return out
}

func (s *settings) dropCUSUM(p *prepared, mu, sigma float64, out []Flag) []Flag {
	k, h := s.cusum.K*sigma, s.cusum.H*sigma
	lo, n := s.cusum.HeadStart*sigma, 0
	var ep episode
	for i := s.baseline; i < len(p.rates); i++ {
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
			l = LevelWarn
			if mu-est >= s.cusumAlertFall-eps {
				l = LevelAlert
			}
		}
		if ep.rise(l) {
			out = append(out, p.flag(i, RuleDropCUSUM, l, est, mu, fmt.Sprintf(
				"%s dropped below its %s baseline: the lower CUSUM is %s, above h = %s (k = %s); estimated level %s",
				p.subject(), percent(mu), pointsWord(lo), pointsWord(h), pointsWord(k), percent(est))))
		}
	}
	return out
}

func (s *settings) runTests(p *prepared, mu, sigma float64, k kernels, sc *scratch, out []Flag) []Flag {
	xs := p.rates[s.baseline:]
	sc.signals = k.runs(xs, mu, sigma, s.runs, sc.signals[:0])
	var last [9]int
	for i := range last {
		last[i] = -2
	}
	for _, g := range sc.signals {
		if g.Direction != Downward || g.Test == Nelson4 || g.Test == Nelson7 || g.Test == Nelson8 {
			continue
		}
		onset := last[g.Test] != g.Index-1
		last[g.Test] = g.Index
		if !onset {
			continue
		}
		i := s.baseline + g.Index
		x := p.rates[i]
		l, ref := LevelWarn, mu
		var msg string
		switch g.Test {
		case Nelson1:
			l = LevelAlert
			msg = fmt.Sprintf("%s was %s, more than %sσ below its %s baseline (σ = %s)",
				p.subject(), percent(x), num(s.runs.Limit), percent(mu), pointsWord(sigma))
		case Nelson2:
			msg = fmt.Sprintf("%s stayed below its %s baseline on %d business-day samples in a row, latest %s",
				p.subject(), percent(mu), s.runs.SameSide, percent(x))
		case Nelson3:
			ref = p.rates[i-(s.runs.Trend-1)]
			msg = fmt.Sprintf("%s fell on %d business-day samples in a row, from %s to %s",
				p.subject(), s.runs.Trend, percent(ref), percent(x))
		case Nelson5, Nelson6:
			kk, z := s.runs.Beyond2, 2
			if g.Test == Nelson6 {
				kk, z = s.runs.Beyond1, 1
			}
			msg = fmt.Sprintf("%s was more than %dσ below its %s baseline on %d of the last %d business-day samples, latest %s (σ = %s)",
				p.subject(), z, percent(mu), kk, kk+1, percent(x), pointsWord(sigma))
		}
		f := p.flag(i, RuleRunTest, l, x, ref, msg+"; Nelson test "+strconv.Itoa(int(g.Test)))
		f.Test = g.Test
		out = append(out, f)
	}
	return out
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func (s *settings) neverUsed(p *prepared, out []Flag) []Flag {
	var ep episode
	used := false
	a := 0
	for e := range p.dates {
		for a < len(p.all) && !p.all[a].Date.After(p.dates[e]) {
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
	var days []Date
	for i := range group {
		days = append(days, group[i].dates...)
	}
	slices.SortFunc(days, Date.Compare)
	days = slices.Compact(days)
	n := len(group)
	lo, hi := make([]int, n), make([]int, n)
	episodes := make([]episode, n)
	for _, d := range days {
		var v, b float64
		present := 0
		for i := range group {
			p := &group[i]
			for hi[i] < len(p.dates) && !p.dates[hi[i]].After(d) {
				hi[i]++
			}
			for lo[i] < hi[i] && d.DaysSince(p.dates[lo[i]]) >= 7 {
				lo[i]++
			}
			if hi[i] > lo[i] {
				present++
				for j := lo[i]; j < hi[i]; j++ {
					v += p.values[j]
					b += p.bases[j]
				}
			}
		}
		if present < 2 {
			continue
		}
		overall := v / b
		for i := range group {
			p := &group[i]
			e := hi[i] - 1
			if e < 0 || p.dates[e] != d || !s.rampedUp(p, e) || e-lo[i]+1 < s.minWeek {
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
			if episodes[i].rise(l) {
				out = append(out, p.flag(e, RuleLagging, l, rate, overall, fmt.Sprintf(
					"%s was %s over the 7 days to %s, %s below the overall %s across %d %s segments",
					p.subject(), percent(rate), d, pointsWord(gap), percent(overall), present, p.segment.Dimension)))
			}
		}
	}
	return out
}
