package hypercare

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"time"
)

// This file computes the lower bound L* of a rota with a max-flow over the
// network source -> slot (its seats) -> person (1 each, only if eligible) ->
// sink (the load L), where L* is the least L whose flow fills every seat.
// Slots at exactly the same time go through one node per (time, person) so
// nobody holds two of them; a paired slot splits into a Project seat, a
// SteadyState seat and the rest.

// flowNet is a max-flow network solved with Dinic's algorithm.
type flowNet struct {
	head        []int32
	next, to    []int32
	cap, orig   []int64
	level, iter []int32
	queue       []int32
}

func newFlowNet(nodes int) *flowNet {
	g := &flowNet{}
	for range nodes {
		g.node()
	}
	return g
}

func (g *flowNet) node() int {
	g.head = append(g.head, -1)
	return len(g.head) - 1
}

// add adds the edge u->v with capacity c and returns its index; its reverse
// is the index xor 1.
func (g *flowNet) add(u, v int, c int64) int {
	e := len(g.to)
	g.to = append(g.to, int32(v), int32(u))
	g.next = append(g.next, g.head[u], g.head[v])
	g.head[u], g.head[v] = int32(e), int32(e+1)
	g.orig = append(g.orig, c, 0)
	return e
}

// flow returns the flow on edge e after maxFlow.
func (g *flowNet) flow(e int) int64 { return g.orig[e] - g.cap[e] }

// maxFlow returns the value of a maximum flow from s to t, from scratch.
func (g *flowNet) maxFlow(s, t int) int64 {
	g.cap = append(g.cap[:0], g.orig...)
	n := len(g.head)
	if len(g.level) < n {
		g.level, g.iter, g.queue = make([]int32, n), make([]int32, n), make([]int32, 0, n)
	}
	var total int64
	for g.bfs(s, t) {
		copy(g.iter, g.head)
		for {
			f := g.push(s, t, math.MaxInt64)
			if f == 0 {
				break
			}
			total += f
		}
	}
	return total
}

func (g *flowNet) bfs(s, t int) bool {
	for i := range g.level[:len(g.head)] {
		g.level[i] = -1
	}
	g.level[s] = 0
	g.queue = append(g.queue[:0], int32(s))
	for i := 0; i < len(g.queue); i++ {
		u := g.queue[i]
		for e := g.head[u]; e >= 0; e = g.next[e] {
			if v := g.to[e]; g.cap[e] > 0 && g.level[v] < 0 {
				g.level[v] = g.level[u] + 1
				g.queue = append(g.queue, v)
			}
		}
	}
	return g.level[t] >= 0
}

// push sends one augmenting path of the level graph (paths here have at
// most five edges, so the recursion is shallow).
func (g *flowNet) push(u, t int, f int64) int64 {
	if u == t {
		return f
	}
	for ; g.iter[u] >= 0; g.iter[u] = g.next[g.iter[u]] {
		e := g.iter[u]
		v := int(g.to[e])
		if g.cap[e] > 0 && g.level[v] == g.level[u]+1 {
			if d := g.push(v, t, min(f, g.cap[e])); d > 0 {
				g.cap[e] -= d
				g.cap[e^1] += d
				return d
			}
		}
	}
	return 0
}

// boundNet is the rota's flow network, weighted by seats (unit) or by time.
type boundNet struct {
	g         *flowNet
	src, sink int
	person    []int       // edge person -> sink
	uses      [][]flowUse // per slot: its edges towards people
	demand    int64
}

type flowUse struct{ edge, person int }

// newBoundNet builds the network. weight(s) is what one seat of slot s
// weighs (1, or its length in seconds).
func newBoundNet(slots []rotaSlot, people []Person, elig []uint8, weight func(s int) int64) *boundNet {
	n := len(people)
	g := newFlowNet(2 + n)
	b := &boundNet{g: g, src: 0, sink: 1, person: make([]int, n), uses: make([][]flowUse, len(slots))}
	for p := range n {
		b.person[p] = g.add(2+p, b.sink, 0)
	}
	groups := 0
	for _, s := range slots {
		groups = max(groups, s.group+1)
	}
	size, paired, heaviest := make([]int, groups), make([]bool, groups), make([]int64, groups)
	for i, s := range slots {
		size[s.group]++
		paired[s.group] = paired[s.group] || s.pair
		heaviest[s.group] = max(heaviest[s.group], weight(i))
	}
	gadget := map[int]int{} // group*n+person -> node
	target := func(grp, p int) int {
		if size[grp] == 1 && !paired[grp] {
			return 2 + p
		}
		k := grp*n + p
		v, ok := gadget[k]
		if !ok {
			v = g.node()
			gadget[k] = v
			g.add(v, 2+p, heaviest[grp])
		}
		return v
	}
	for i, s := range slots {
		w := weight(i)
		if w <= 0 {
			continue
		}
		b.demand += int64(s.seats) * w
		link := func(from int, team Team) {
			for p := range n {
				if elig[i*n+p] == 0 && (team == 0 || people[p].Team == team) {
					b.uses[i] = append(b.uses[i], flowUse{g.add(from, target(s.group, p), w), p})
				}
			}
		}
		if !s.pair {
			x := g.node()
			g.add(b.src, x, int64(s.seats)*w)
			link(x, 0)
			continue
		}
		for _, team := range []Team{Project, SteadyState} {
			x := g.node()
			g.add(b.src, x, w)
			link(x, team)
		}
		if s.seats > 2 {
			x := g.node()
			g.add(b.src, x, int64(s.seats-2)*w)
			link(x, 0)
		}
	}
	return b
}

// fills reports whether every seat is filled when person p may take at most
// capacity(p).
func (b *boundNet) fills(capacity func(p int) int64) bool {
	for p, e := range b.person {
		b.g.orig[e] = max(0, capacity(p))
	}
	return b.g.maxFlow(b.src, b.sink) == b.demand
}

// assignment reads who holds which slot from the last (unit) flow.
func (b *boundNet) assignment() [][]int {
	out := make([][]int, len(b.uses))
	for s, uses := range b.uses {
		for _, u := range uses {
			if b.g.flow(u.edge) > 0 {
				out[s] = append(out[s], u.person)
			}
		}
	}
	return out
}

// leastFeasible returns the least x in [lo, hi] with ok(x), assuming ok is
// monotone and ok(hi) holds. It gallops up from lo (lo, lo+1, lo+3, ...)
// before bisecting, since the answer is usually close to the lower bound.
func leastFeasible(lo, hi int64, ok func(int64) bool) int64 {
	for step := int64(1); lo < hi; step *= 2 {
		x := min(lo+step-1, hi)
		if ok(x) {
			hi = x
			break
		}
		lo = x + 1
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// lowerBound returns L* for the slots, whether every seat can be filled on
// eligibility alone (when not, no roster exists), and, for an exact rota,
// an assignment whose largest load is L*.
func (m *rotaModel) lowerBound(slots []rotaSlot, elig []uint8) (Bound, bool, [][]int) {
	n := len(m.people)
	var seats, seatTime int64
	for _, s := range slots {
		seats += int64(s.seats)
		seatTime += int64(s.seats) * s.length
	}
	var maxCS, sumCS, maxCT, sumCT int64
	minCT := int64(math.MaxInt64)
	for _, c := range m.carried {
		maxCS, sumCS = max(maxCS, int64(c.Shifts)), sumCS+int64(c.Shifts)
		maxCT, sumCT, minCT = max(maxCT, int64(c.Total)), sumCT+int64(c.Total), min(minCT, int64(c.Total))
	}
	if seats == 0 || n == 0 {
		return Bound{Total: time.Duration(maxCT), Shifts: int(maxCS), Exact: seats == 0}, seats == 0, make([][]int, len(slots))
	}
	capTime, capCount := m.capacities(slots, elig)
	unit := newBoundNet(slots, m.people, elig, func(int) int64 { return 1 })
	carriedShifts := func(k int64) func(int) int64 {
		return func(p int) int64 { return min(k-int64(m.carried[p].Shifts), capCount[p]) }
	}
	if !unit.fills(carriedShifts(seats + maxCS)) {
		return Bound{Total: time.Duration(max(maxCT, ceilDivide(seatTime+sumCT, int64(n)))), Shifts: int(max(maxCS, ceilDivide(seats+sumCS, int64(n))))}, false, nil
	}
	b := Bound{}
	b.Shifts = int(leastFeasible(max(maxCS, ceilDivide(seats+sumCS, int64(n))), seats+maxCS, func(k int64) bool {
		return unit.fills(carriedShifts(k))
	}))
	k0 := int64(b.Shifts)
	if sumCS > 0 {
		k0 = leastFeasible(ceilDivide(seats, int64(n)), seats, func(k int64) bool {
			return unit.fills(func(p int) int64 { return min(k, capCount[p]) })
		})
	}
	// Bounds that hold whatever the lengths: nobody carries less than they
	// brought, the average, someone holds k0 shifts (at least the k0 shortest
	// slots), and someone holds each slot.
	total := m.anyLengthTotal(slots, elig, k0, max(maxCT, ceilDivide(seatTime+sumCT, int64(n))), minCT)

	equal := !slices.ContainsFunc(slots, func(s rotaSlot) bool { return s.length != slots[0].length })
	if equal {
		l := slots[0].length
		total = m.equalLengthTotal(unit, l, capCount, total, k0, seats, sumCT)
		b.Total = time.Duration(total)
		if b.Exact = m.eligibilityOnly(slots); b.Exact {
			unit.fills(m.shiftCapacity(l, total, capCount))
			return b, true, unit.assignment()
		}
		return b, true, nil
	}
	// Unequal lengths: the flow weighted by seconds is a relaxation (a slot
	// may be split between people), so its least load is a lower bound.
	timed := newBoundNet(slots, m.people, elig, func(s int) int64 { return slots[s].length / 1e9 })
	hi := maxCT/1e9 + timed.demand
	secs := leastFeasible(min(total/1e9, hi), hi, func(x int64) bool {
		return timed.fills(func(p int) int64 { return min(x-int64(m.carried[p].Total)/1e9, capTime[p]/1e9) })
	})
	b.Total = time.Duration(max(total, secs*1e9))
	return b, true, nil
}

// anyLengthTotal raises total, a lower bound on the largest load, to what
// holds whatever the slots' lengths: someone holds k0 shifts, so at least
// the k0 shortest slots on top of the least carried time minCT, and someone
// holds each slot, on top of the least carried time of those who may take it.
func (m *rotaModel) anyLengthTotal(slots []rotaSlot, elig []uint8, k0, total, minCT int64) int64 {
	n := len(m.people)
	lengths := make([]int64, len(slots))
	for i, s := range slots {
		lengths[i] = s.length
		least := int64(math.MaxInt64)
		for p := range n {
			if elig[i*n+p] == 0 {
				least = min(least, int64(m.carried[p].Total))
			}
		}
		if least != math.MaxInt64 {
			total = max(total, s.length+least)
		}
	}
	slices.Sort(lengths)
	var shortest int64
	for _, l := range lengths[:min(int(k0), len(lengths))] {
		shortest += l
	}
	return max(total, shortest+minCT)
}

// equalLengthTotal returns L* in time when every slot lasts l, given total,
// a lower bound: k0 shifts when nobody carries time (sumCT is 0), else the
// least load of the form carried time plus whole shifts, at least total,
// under which the flow fills every seat.
func (m *rotaModel) equalLengthTotal(unit *boundNet, l int64, capCount []int64, total, k0, seats, sumCT int64) int64 {
	if sumCT == 0 {
		return max(total, k0*l)
	}
	var cands []int64
	for _, c := range m.carried {
		for j := int64(0); j <= seats; j++ {
			if v := int64(c.Total) + j*l; v >= total {
				cands = append(cands, v)
			}
		}
	}
	slices.Sort(cands)
	cands = slices.Compact(cands)
	i := leastFeasible(0, int64(len(cands)-1), func(i int64) bool { return unit.fills(m.shiftCapacity(l, cands[i], capCount)) })
	return max(total, cands[i])
}

// shiftCapacity returns how many shifts of length l each person may take
// without their load passing total, at most capCount.
func (m *rotaModel) shiftCapacity(l, total int64, capCount []int64) func(int) int64 {
	return func(p int) int64 {
		if rest := total - int64(m.carried[p].Total); rest > 0 {
			return min(rest/l, capCount[p])
		}
		return 0
	}
}

// capacities returns, per person, the most time and the most shifts they
// could hold under their own limits if nobody else were there: the best
// choice of eligible slots kept apart by their minimum rest (weighted
// interval scheduling), at most their 7-day maximum in each 7 days of the
// horizon, and at most their on-call cap when every slot they may take is on
// call. No roster gives anyone more, so the flow may cap people there.
func (m *rotaModel) capacities(slots []rotaSlot, elig []uint8) (capTime, capCount []int64) {
	n := len(m.people)
	capTime, capCount = make([]int64, n), make([]int64, n)
	weeks := ceilDivide(int64(m.horizon.Duration()), week7)
	var mine []int
	for p := range n {
		lim := m.lim[p]
		mine = mine[:0]
		allOnCall, shortest := true, int64(math.MaxInt64)
		for s := range slots {
			if elig[s*n+p] == 0 {
				mine = append(mine, s)
				allOnCall = allOnCall && slots[s].onCall
				shortest = min(shortest, slots[s].length)
			}
		}
		if len(mine) == 0 {
			continue
		}
		slices.SortFunc(mine, func(a, b int) int { return cmp.Compare(slots[a].end, slots[b].end) })
		// best[i]: the most time from mine[:i]; count[i]: the most shifts.
		best, count := make([]int64, len(mine)+1), make([]int64, len(mine)+1)
		for i, s := range mine {
			j := sort.Search(i, func(k int) bool { return slots[mine[k]].end+lim.rest > slots[s].start })
			best[i+1] = max(best[i], best[j]+slots[s].length)
			count[i+1] = max(count[i], count[j]+1)
		}
		capTime[p], capCount[p] = best[len(mine)], count[len(mine)]
		if lim.week > 0 {
			capTime[p] = min(capTime[p], lim.week*weeks)
		}
		if allOnCall && lim.onCall >= 0 {
			capTime[p] = min(capTime[p], lim.onCall)
		}
		capCount[p] = min(capCount[p], capTime[p]/shortest)
	}
	return capTime, capCount
}

// eligibilityOnly reports whether only availability and skills restrict who
// takes which slot: no pairing, no limit in force, and slots either at the
// same time or not overlapping (the caller checked equal lengths).
func (m *rotaModel) eligibilityOnly(slots []rotaSlot) bool {
	onCall := slices.ContainsFunc(slots, func(s rotaSlot) bool { return s.onCall })
	for _, l := range m.lim {
		if l.rest > 0 || l.days > 0 || l.week > 0 || (onCall && l.onCall >= 0) {
			return false
		}
	}
	order := make([]int, len(slots))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(slots[a].group - slots[b].group) })
	end := int64(math.MinInt64)
	for k, i := range order {
		s := slots[i]
		if s.pair {
			return false
		}
		if k > 0 && s.group == slots[order[k-1]].group {
			continue
		}
		if s.start < end {
			return false
		}
		end = max(end, s.end)
	}
	return true
}

func ceilDivide(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}
