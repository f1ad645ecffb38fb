package hypercare

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// This file is the planner behind Rota.Plan, and this comment is where its
// algorithm is described.
//
// The lower bound L* comes from a max-flow with binary search on the load
// (rotation_flow.go). Eligibility-only rotas are staffed from that flow, so
// their largest load is L*. Other rotas are filled greedily, each seat in
// time order going to the least loaded eligible person, then the one longest
// off shift, as linkedin/oncall does. If seats stay empty, other slot orders
// (the slots with the fewest eligible people first, then constructRestarts
// shuffled ones from a fixed seed) and packing shifts into fewer working
// days are tried, and blocked seats are freed by ejection chains: moving
// shifts along chains of up to three people. The roster is
// then improved by local search, moves and swaps of shifts kept only when
// they improve the lexicographic score (rotation_improve.go). Rotas of up to
// searchMaxSeats seats are then searched exhaustively, within searchBudget
// nodes, for a smaller largest load; a search that completes proves its
// roster optimal, and L* is raised to that roster's largest load.
//
// Nothing here depends on map order or the clock, so the same rota always
// gives the same roster.

// Budgets of the exhaustive search and of the ejection chains, in search
// nodes (so the same rota always gets the same effort), the size in seats
// up to which the search looks for a smaller largest load, and how many
// shuffled slot orders construct tries when the fixed ones leave seats
// empty.
const (
	searchBudget      = 20_000
	searchMaxSeats    = 40
	ejectBudget       = 20_000
	constructRestarts = 64
)

// rotaSolver holds a roster being built: who sits where, and each person's
// shifts and running totals.
type rotaSolver struct {
	m     *rotaModel
	slots []rotaSlot
	n     int
	elig  []uint8 // slot*n+person: 0, or the RotaRule that keeps the person off
	opps  []int   // per person: slots they may take on eligibility
	order []int   // slots by start, end, index

	seat    [][]int // per slot: people in seat order
	mine    [][]int // per person: slots, sorted by start
	load    []int64 // per person: time on shift, carried included
	sleep   []int64 // carried included
	weekend []int64 // carried included
	onCall  []int64 // this roster only
	days    [][]int32
	dayBase int64

	bound    Bound
	feasible bool    // the flow relaxation fills every seat
	proven   bool    // the exhaustive search showed no roster exists
	exact    [][]int // the flow's roster, on an eligibility-only rota
}

func newRotaSolver(m *rotaModel, slots []rotaSlot) *rotaSolver {
	n := len(m.people)
	v := &rotaSolver{m: m, slots: slots, n: n, elig: m.eligibility(slots), opps: make([]int, n),
		seat: make([][]int, len(slots)), mine: make([][]int, n),
		load: make([]int64, n), sleep: make([]int64, n), weekend: make([]int64, n), onCall: make([]int64, n),
		days: make([][]int32, n)}
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, s := range slots {
		for _, z := range s.zone {
			lo, hi = min(lo, z.day0), max(hi, z.day1)
		}
	}
	for p, h := range m.history {
		for _, s := range h {
			z := s.zone[m.zone[p]]
			lo, hi = min(lo, z.day0), max(hi, z.day1)
		}
	}
	v.dayBase = lo
	for p := range n {
		v.load[p] = int64(m.carried[p].Total)
		v.sleep[p] = int64(m.carried[p].Sleep)
		v.weekend[p] = int64(m.carried[p].Weekend)
		if len(slots) > 0 && m.lim[p].days > 0 {
			v.days[p] = make([]int32, hi-lo+1)
			// The previous period's days stay counted: restore and
			// search only undo this roster's shifts.
			for _, s := range m.history[p] {
				z := s.zone[m.zone[p]]
				for d := z.day0; d <= z.day1; d++ {
					v.days[p][d-lo]++
				}
			}
		}
		for s := range slots {
			if v.elig[s*n+p] == 0 {
				v.opps[p]++
			}
		}
	}
	v.order = make([]int, len(slots))
	for i := range v.order {
		v.order[i] = i
	}
	slices.SortFunc(v.order, func(a, b int) int {
		return cmp.Or(cmp.Compare(slots[a].start, slots[b].start), cmp.Compare(slots[a].end, slots[b].end), cmp.Compare(a, b))
	})
	return v
}

// eligibility returns, per slot and person, 0 or the rule that keeps the
// person off the slot on availability and skills alone.
func (m *rotaModel) eligibility(slots []rotaSlot) []uint8 {
	n := len(m.people)
	out := make([]uint8, len(slots)*n)
	for s := range slots {
		for p := range n {
			r, _ := m.eligible(p, &slots[s])
			out[s*n+p] = uint8(r)
		}
	}
	return out
}

// solve fills every seat or returns an *InfeasibleError.
func (v *rotaSolver) solve() error {
	v.bound, v.feasible, v.exact = v.m.lowerBound(v.slots, v.elig)
	if v.exact != nil {
		for s, people := range v.exact {
			for _, p := range people {
				v.sit(p, s)
			}
		}
	} else {
		v.construct()
		if v.feasible && v.empty() > 0 {
			_, v.proven = v.search(math.MaxInt64, true, searchBudget)
		}
	}
	if v.empty() > 0 {
		return v.infeasible(v.proven || !v.feasible)
	}
	v.improve()
	if seats := v.seats(); seats <= searchMaxSeats && v.maxLoad() > int64(v.bound.Total) {
		found, complete := v.search(v.maxLoad(), false, searchBudget)
		if found {
			v.improve()
		}
		if complete {
			// No roster does better: this largest load is the optimum.
			v.bound.Total = time.Duration(v.maxLoad())
		}
	}
	if v.maxLoad() == int64(v.bound.Total) {
		v.bound.Exact = true
	}
	return nil
}

func (v *rotaSolver) seats() int {
	total := 0
	for _, s := range v.slots {
		total += s.seats
	}
	return total
}

// empty returns the number of empty seats.
func (v *rotaSolver) empty() int {
	total := 0
	for s, sl := range v.slots {
		total += sl.seats - len(v.seat[s])
	}
	return total
}

func (v *rotaSolver) maxLoad() int64 {
	mx := int64(math.MinInt64)
	for _, l := range v.load {
		mx = max(mx, l)
	}
	return mx
}

// sit puts p on a new seat of s.
func (v *rotaSolver) sit(p, s int) {
	v.seat[s] = append(v.seat[s], p)
	v.take(p, s)
}

// unsit takes p off s.
func (v *rotaSolver) unsit(p, s int) {
	i := slices.Index(v.seat[s], p)
	v.seat[s] = slices.Delete(v.seat[s], i, i+1)
	v.drop(p, s)
}

// take records slot s in p's shifts and totals (not in the seats).
func (v *rotaSolver) take(p, s int) {
	i, _ := slices.BinarySearchFunc(v.mine[p], s, v.byStart)
	v.mine[p] = slices.Insert(v.mine[p], i, s)
	v.count(p, s, +1)
}

// drop removes slot s from p's shifts and totals.
func (v *rotaSolver) drop(p, s int) {
	i, _ := slices.BinarySearchFunc(v.mine[p], s, v.byStart)
	v.mine[p] = slices.Delete(v.mine[p], i, i+1)
	v.count(p, s, -1)
}

func (v *rotaSolver) byStart(a, b int) int {
	return cmp.Or(cmp.Compare(v.slots[a].start, v.slots[b].start), cmp.Compare(a, b))
}

func (v *rotaSolver) count(p, s int, sign int64) {
	sl := &v.slots[s]
	z := sl.zone[v.m.zone[p]]
	v.load[p] += sign * sl.length
	v.sleep[p] += sign * z.sleep
	v.weekend[p] += sign * z.weekend
	if sl.onCall {
		v.onCall[p] += sign * sl.length
	}
	if v.days[p] != nil {
		for d := z.day0; d <= z.day1; d++ {
			v.days[p][d-v.dayBase] += int32(sign)
		}
	}
}

// check returns 0 if p may take a seat of s now (pairing aside), or the rule
// that blocks it; with explain, also why, with the numbers.
func (v *rotaSolver) check(p, s int, explain bool) (RotaRule, string) {
	if r := RotaRule(v.elig[s*v.n+p]); r != 0 {
		if explain {
			return v.m.eligible(p, &v.slots[s])
		}
		return r, ""
	}
	sl, lim := &v.slots[s], &v.m.lim[p]
	if slices.Contains(v.seat[s], p) {
		return RotaOverlap, "already on it"
	}
	mine := v.mine[p]
	i, _ := slices.BinarySearchFunc(mine, s, v.byStart)
	near := func(o *rotaSlot, gap int64) (RotaRule, string) {
		if !explain {
			if gap < 0 {
				return RotaOverlap, ""
			}
			return RotaRest, ""
		}
		if gap < 0 {
			return RotaOverlap, "on " + o.slot.String() + " at the same time"
		}
		return RotaRest, fmt.Sprintf("only %s after or before %s (minimum %s)", time.Duration(gap), o.slot, time.Duration(lim.rest))
	}
	if i > 0 {
		if o := &v.slots[mine[i-1]]; o.end+lim.rest > sl.start {
			return near(o, sl.start-o.end)
		}
	}
	if i < len(mine) {
		if o := &v.slots[mine[i]]; sl.end+lim.rest > o.start {
			return near(o, o.start-sl.end)
		}
	}
	for k := range v.m.history[p] {
		o := &v.m.history[p][k]
		if o.end+lim.rest > sl.start && sl.end+lim.rest > o.start {
			if o.start < sl.start {
				return near(o, sl.start-o.end)
			}
			return near(o, o.start-sl.end)
		}
	}
	if lim.days > 0 {
		z := sl.zone[v.m.zone[p]]
		days := v.days[p]
		a, b := z.day0-v.dayBase, z.day1-v.dayBase
		for a > 0 && days[a-1] > 0 && b-a < int64(lim.days) {
			a--
		}
		for b+1 < int64(len(days)) && days[b+1] > 0 && b-a < int64(lim.days) {
			b++
		}
		if b-a+1 > int64(lim.days) {
			if !explain {
				return RotaConsecutiveDays, ""
			}
			return RotaConsecutiveDays, fmt.Sprintf("would work more than %d days in a row", lim.days)
		}
	}
	if lim.week > 0 {
		if sum, at := v.busiestWeek(p, s, lim.week); sum > lim.week {
			if !explain {
				return RotaHoursPer7Days, ""
			}
			return RotaHoursPer7Days, fmt.Sprintf("would be on shift %s in the 7 days from %s (maximum %s)", time.Duration(sum),
				time.Unix(0, at).In(v.m.zones[v.m.zone[p]]).Format("2006-01-02 15:04 MST"), time.Duration(lim.week))
		}
	}
	if sl.onCall && lim.onCall >= 0 && v.onCall[p]+sl.length > lim.onCall {
		if !explain {
			return RotaOnCallShare, ""
		}
		limit := decimalPercent(lim.share)
		if lim.byDefault {
			limit += ", the default cap"
		}
		return RotaOnCallShare, fmt.Sprintf("would be on call %s of a %s horizon (maximum %s)",
			time.Duration(v.onCall[p]+sl.length), v.m.horizon.Duration(), limit)
	}
	return 0, ""
}

// ok reports whether p may take a seat of s now, pairing included.
func (v *rotaSolver) ok(p, s int) bool {
	r, _ := v.check(p, s, false)
	return r == 0 && v.pairOK(p, s)
}

// busiestWeek returns the most time p would be on shift in a 7×24 h window
// touching slot s if p took it, stopping early once above limit.
func (v *rotaSolver) busiestWeek(p, s int, limit int64) (int64, int64) {
	sl := &v.slots[s]
	if sl.length > limit {
		return sl.length, sl.start
	}
	mine := v.mine[p]
	// p's shifts are sorted by start and do not overlap, so by end too.
	lo, _ := slices.BinarySearchFunc(mine, sl.start-week7, func(x int, t int64) int { return cmp.Compare(v.slots[x].end, t+1) })
	hi, _ := slices.BinarySearchFunc(mine, sl.end+week7, func(x int, t int64) int { return cmp.Compare(v.slots[x].start, t) })
	near := mine[lo:hi]
	var past []*rotaSlot // history shifts within reach
	for k := range v.m.history[p] {
		if h := &v.m.history[p][k]; h.end > sl.start-week7 && h.start < sl.end+week7 {
			past = append(past, h)
		}
	}
	all := sl.length
	for _, x := range near {
		all += v.slots[x].length
	}
	for _, h := range past {
		all += h.length
	}
	if all <= limit {
		return all, sl.start
	}
	sum := func(t int64) int64 {
		total := overlapNanos(sl.start, sl.end, t, t+week7)
		for _, x := range near {
			total += overlapNanos(v.slots[x].start, v.slots[x].end, t, t+week7)
		}
		for _, h := range past {
			total += overlapNanos(h.start, h.end, t, t+week7)
		}
		return total
	}
	best, at := sum(sl.start), sl.start
	try := func(t int64) {
		if t > sl.start-week7 && t < sl.end {
			if w := sum(t); w > best {
				best, at = w, t
			}
		}
	}
	try(sl.end - week7)
	for _, x := range near {
		try(v.slots[x].start)
		try(v.slots[x].end - week7)
	}
	for _, h := range past {
		try(h.start)
		try(h.end - week7)
	}
	return best, at
}

// pairOK reports whether p taking the next seat of s still lets the slot
// hold a Project and a SteadyState member.
func (v *rotaSolver) pairOK(p, s int) bool {
	sl := &v.slots[s]
	if !sl.pair {
		return true
	}
	proj, steady := v.teams(v.seat[s], -1, -1)
	missing := 0
	if !proj {
		missing++
	}
	if !steady {
		missing++
	}
	if left := sl.seats - len(v.seat[s]); left > missing {
		return true
	}
	t := v.m.people[p].Team
	return (t == Project && !proj) || (t == SteadyState && !steady)
}

// teams reports which teams sit in seats, with out replaced by in (-1: none).
func (v *rotaSolver) teams(seats []int, out, in int) (proj, steady bool) {
	see := func(p int) {
		switch v.m.people[p].Team {
		case Project:
			proj = true
		case SteadyState:
			steady = true
		}
	}
	for _, p := range seats {
		if p != out {
			see(p)
		}
	}
	if in >= 0 {
		see(in)
	}
	return proj, steady
}

// pairedAfter reports whether slot s keeps its pairing with out replaced by in.
func (v *rotaSolver) pairedAfter(s, out, in int) bool {
	if !v.slots[s].pair {
		return true
	}
	proj, steady := v.teams(v.seat[s], out, in)
	return proj && steady
}

// lastEnd returns the end of p's last shift before s starts.
func (v *rotaSolver) lastEnd(p, s int) int64 {
	i, _ := slices.BinarySearchFunc(v.mine[p], s, v.byStart)
	if i == 0 {
		return math.MinInt64
	}
	return v.slots[v.mine[p][i-1]].end
}

// greedy fills the seats in time order, each with the least loaded person who
// may take it, then the one longest off shift.
func (v *rotaSolver) greedy() { v.fillInOrder(v.order, false) }

// fillInOrder fills the empty seats of the slots in the given order. Each
// goes to the least loaded person who may take it, then the one longest off
// shift; with stack, first to someone already working every day the slot
// touches (packing shifts into fewer working days).
func (v *rotaSolver) fillInOrder(order []int, stack bool) {
	for _, s := range order {
		for len(v.seat[s]) < v.slots[s].seats {
			best := -1
			var bestKey [3]int64
			for p := range v.n {
				if !v.ok(p, s) {
					continue
				}
				key := [3]int64{0, v.load[p], v.lastEnd(p, s)}
				if stack {
					key[0] = v.newDays(p, s)
				}
				if best < 0 || key[0] < bestKey[0] || (key[0] == bestKey[0] && (key[1] < bestKey[1] || (key[1] == bestKey[1] && key[2] < bestKey[2]))) {
					best, bestKey = p, key
				}
			}
			if best < 0 {
				break
			}
			v.sit(best, s)
		}
	}
}

// newDays returns how many days slot s would add to p's working days (0
// when p has no day limit: the days are not counted then).
func (v *rotaSolver) newDays(p, s int) int64 {
	z := v.slots[s].zone[v.m.zone[p]]
	var n int64
	if v.days[p] == nil {
		return 0
	}
	for d := z.day0; d <= z.day1; d++ {
		if v.days[p][d-v.dayBase] == 0 {
			n++
		}
	}
	return n
}

// construct fills every seat if it can: the greedy fill in time order, then
// other orders (the slots with the fewest eligible people first) and keys
// (stacking shifts on days already worked), each repaired by ejection chains
// with a budget of its own, then constructRestarts shuffled orders sharing
// one budget. It keeps the first complete roster, or the first attempt.
func (v *rotaSolver) construct() {
	constrained := slices.Clone(v.order)
	eligible := make([]int, len(v.slots))
	for s := range v.slots {
		for p := range v.n {
			if v.elig[s*v.n+p] == 0 {
				eligible[s]++
			}
		}
	}
	slices.SortStableFunc(constrained, func(a, b int) int { return cmp.Compare(eligible[a]-v.slots[a].seats, eligible[b]-v.slots[b].seats) })
	var first [][]int
	// attempt fills the seats in order and repairs them; it reports whether
	// construct is done: every seat filled, or no roster can exist.
	attempt := func(order []int, stack bool, budget *int) bool {
		v.restore(make([][]int, len(v.slots)))
		v.fillInOrder(order, stack)
		if v.feasible && v.empty() > 0 {
			v.repair(budget)
		}
		if v.empty() == 0 || !v.feasible {
			return true
		}
		if first == nil {
			first = v.snapshot()
		}
		return false
	}
	for _, a := range []struct {
		order []int
		stack bool
	}{{v.order, false}, {v.order, true}, {constrained, false}, {constrained, true}} {
		budget := ejectBudget
		if attempt(a.order, a.stack, &budget) {
			return
		}
	}
	// A rare rota (a scarce skill under a tight weekly cap, say) defeats
	// every fixed order but few random ones. The seed is fixed, so Plan
	// stays deterministic.
	rng := rand.New(rand.NewPCG(1, 2))
	budget := ejectBudget
	for range constructRestarts {
		order := slices.Clone(v.order)
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		if attempt(order, false, &budget) {
			return
		}
	}
	v.restore(first)
}

// repair fills empty seats by moving a blocking shift of a candidate to
// someone else, along chains of up to three people (ejection chains), within
// budget search nodes.
func (v *rotaSolver) repair(budget *int) {
	for _, s := range v.order {
		for len(v.seat[s]) < v.slots[s].seats {
			if !v.eject(s, 3, budget) {
				break
			}
		}
	}
}

// fill seats the least loaded person who may take s, if any.
func (v *rotaSolver) fill(s int) bool {
	best := -1
	for p := range v.n {
		if v.ok(p, s) && (best < 0 || v.load[p] < v.load[best]) {
			best = p
		}
	}
	if best >= 0 {
		v.sit(best, s)
	}
	return best >= 0
}

// eject fills one seat of s, directly or by moving one of a candidate's
// shifts to someone else, up to depth moves deep.
func (v *rotaSolver) eject(s, depth int, budget *int) bool {
	if v.fill(s) {
		return true
	}
	if depth == 0 {
		return false
	}
	sl := &v.slots[s]
	for p := range v.n {
		if v.elig[s*v.n+p] != 0 || slices.Contains(v.seat[s], p) || !v.pairOK(p, s) {
			continue
		}
		reach := week7 + int64(v.m.lim[p].days+1)*int64(24*time.Hour) + v.m.lim[p].rest
		for _, c := range slices.Clone(v.mine[p]) {
			if *budget <= 0 {
				return false
			}
			if v.slots[c].end <= sl.start-reach || v.slots[c].start >= sl.end+reach {
				continue
			}
			*budget--
			v.unsit(p, c)
			if v.ok(p, s) {
				v.sit(p, s)
				if v.eject(c, depth-1, budget) {
					return true
				}
				v.unsit(p, s)
			}
			v.sit(p, c)
		}
	}
	return false
}

func (v *rotaSolver) snapshot() [][]int {
	out := make([][]int, len(v.seat))
	for s, ps := range v.seat {
		out[s] = slices.Clone(ps)
	}
	return out
}

func (v *rotaSolver) restore(seats [][]int) {
	for s := range v.seat {
		for _, p := range slices.Clone(v.seat[s]) {
			v.unsit(p, s)
		}
	}
	for s, ps := range seats {
		for _, p := range ps {
			v.sit(p, s)
		}
	}
}

// search runs a depth-first search over all rosters, seats in time order,
// each seat tried with the least loaded people first, keeping only rosters
// whose largest load is below limit. With first it stops at the first
// complete roster; otherwise it keeps lowering limit to the best found until
// the bound is reached or the budget runs out. It reports whether it found a
// roster and whether it looked at every roster it had to (so none better
// exists), and leaves the best one found in place (or the state it started
// from).
func (v *rotaSolver) search(limit int64, first bool, budget int) (found, complete bool) {
	keep := v.snapshot()
	var seats []int
	for _, s := range v.order {
		for range v.slots[s].seats {
			seats = append(seats, s)
		}
	}
	// remain[i] is the time of seats i.., shortest[i] their shortest slot.
	remain, shortest := make([]int64, len(seats)+1), make([]int64, len(seats)+1)
	shortest[len(seats)] = math.MaxInt64
	for i := len(seats) - 1; i >= 0; i-- {
		remain[i] = remain[i+1] + v.slots[seats[i]].length
		shortest[i] = min(shortest[i+1], v.slots[seats[i]].length)
	}
	v.restore(make([][]int, len(v.slots)))
	var best [][]int
	nodes, exhausted := 0, false
	cands := make([][]int, len(seats))
	var dfs func(i int) bool // true: stop
	dfs = func(i int) bool {
		if nodes >= budget {
			exhausted = true
			return true
		}
		nodes++
		if i == len(seats) {
			best, limit = v.snapshot(), v.maxLoad()
			return first || limit <= int64(v.bound.Total)
		}
		if limit != math.MaxInt64 {
			// Everyone must stay below limit: is there room for the rest,
			// in time and in seats of at least the shortest length?
			var room, places int64
			for p := range v.n {
				r := max(0, limit-1-v.load[p])
				room += r
				places += r / shortest[i]
			}
			if room < remain[i] || places < int64(len(seats)-i) {
				return false
			}
		}
		s := seats[i]
		after := -1
		if k := len(v.seat[s]); k > 0 {
			after = v.seat[s][k-1]
		}
		cs := cands[i][:0]
		for p := after + 1; p < v.n; p++ {
			if v.load[p]+v.slots[s].length < limit && v.ok(p, s) {
				cs = append(cs, p)
			}
		}
		slices.SortStableFunc(cs, func(a, b int) int { return cmp.Compare(v.load[a], v.load[b]) })
		cands[i] = cs
		for _, p := range cs {
			if v.load[p]+v.slots[s].length >= limit {
				continue
			}
			v.sit(p, s)
			stop := dfs(i + 1)
			v.seat[s] = v.seat[s][:len(v.seat[s])-1]
			v.drop(p, s)
			if stop {
				return true
			}
		}
		return false
	}
	dfs(0)
	if best == nil {
		v.restore(keep)
		return false, !exhausted
	}
	v.restore(best)
	return true, !exhausted
}

// infeasible explains every slot with empty seats.
func (v *rotaSolver) infeasible(proven bool) error {
	e := &InfeasibleError{Proven: proven}
	for s, sl := range v.slots {
		empty := sl.seats - len(v.seat[s])
		if empty == 0 {
			continue
		}
		u := UnfilledSlot{Index: s, Slot: sl.slot, Empty: empty}
		for p := range v.n {
			if v.seatedOn(p, s) {
				continue
			}
			rule, why := v.check(p, s, true)
			if rule == 0 && !v.pairOK(p, s) {
				need := Project
				if proj, _ := v.teams(v.seat[s], -1, -1); proj {
					need = SteadyState
				}
				rule, why = RotaPairing, fmt.Sprintf("is not on the %s team, which the empty seats need", need)
			}
			if rule == 0 {
				rule, why = RotaCoverage, "free, but needed to fill other seats"
			}
			if rule == RotaOnCallShare && v.m.lim[p].byDefault {
				e.DefaultOnCallCap = true
			}
			u.Blocked = append(u.Blocked, Blocked{Person: v.m.people[p].ID, Rule: rule, Reason: why})
		}
		e.Unfilled = append(e.Unfilled, u)
	}
	return e
}

// seatedOn reports whether p sits on slot s or on another part of the same
// rota slot (plannedSlots puts the parts next to each other).
func (v *rotaSolver) seatedOn(p, s int) bool {
	a, b := s, s
	for a > 0 && v.slots[a-1].origin == v.slots[s].origin {
		a--
	}
	for b+1 < len(v.slots) && v.slots[b+1].origin == v.slots[s].origin {
		b++
	}
	for x := a; x <= b; x++ {
		if slices.Contains(v.seat[x], p) {
			return true
		}
	}
	return false
}

// sameNights reports whether two slots give the same sleep-hour and weekend
// time in one zone.
func sameNights(a, b rotaSlotZone) bool { return a.sleep == b.sleep && a.weekend == b.weekend }
