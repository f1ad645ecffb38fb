package hypercare

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// This file is the planner's local search: moves and swaps of shifts between
// people, each kept only if it improves the lexicographic score (largest
// load, spread, sleep-hour and weekend balance, loads in proportion to
// opportunities), scored in constant time from a tally of the roster.

// rotaScore ranks rosters; lower is better, field by field.
type rotaScore struct {
	max, spread  int64   // largest load and range
	squares      int64   // sum of squared loads, in minutes
	nights       int64   // range of sleep-hour time plus range of weekend time
	nightSquares int64   // their sums of squares, in minutes
	share        float64 // sum of squared loads over each person's opportunities
}

func (a rotaScore) less(b rotaScore) bool {
	switch {
	case a.max != b.max:
		return a.max < b.max
	case a.spread != b.spread:
		return a.spread < b.spread
	case a.squares != b.squares:
		return a.squares < b.squares
	case a.nights != b.nights:
		return a.nights < b.nights
	case a.nightSquares != b.nightSquares:
		return a.nightSquares < b.nightSquares
	}
	// The last tier is a float sum: ignore differences at rounding level so
	// rounding can never make the search go round in circles.
	return a.share < b.share-1e-9*max(1, math.Abs(b.share))
}

// rotaTally is the score of the current roster and, per figure (load,
// sleep-hour and weekend time), the three people highest and lowest on it,
// so a change to two people scores in constant time.
type rotaTally struct {
	score     rotaScore
	high, low [3][3]int // -1 where there are fewer than 3 people
}

func (v *rotaSolver) figure(k int) []int64 {
	switch k {
	case 0:
		return v.load
	case 1:
		return v.sleep
	}
	return v.weekend
}

func squaredMinutes(x int64) int64 {
	m := x / int64(time.Minute)
	return m * m
}

func (v *rotaSolver) shareOf(p int, load int64) float64 {
	return float64(squaredMinutes(load)) / float64(max(1, v.opps[p]))
}

// tally scores the current roster from scratch.
func (v *rotaSolver) tally() rotaTally {
	var t rotaTally
	for k := range 3 {
		vals := v.figure(k)
		for i := range 3 {
			t.high[k][i], t.low[k][i] = -1, -1
		}
		for p := range v.n {
			insert := func(list *[3]int, better func(x, y int64) bool) {
				for i := range 3 {
					if list[i] < 0 || better(vals[p], vals[list[i]]) {
						copy(list[i+1:], list[i:2])
						list[i] = p
						return
					}
				}
			}
			insert(&t.high[k], func(x, y int64) bool { return x > y })
			insert(&t.low[k], func(x, y int64) bool { return x < y })
		}
	}
	for p := range v.n {
		t.score.squares += squaredMinutes(v.load[p])
		t.score.nightSquares += squaredMinutes(v.sleep[p]) + squaredMinutes(v.weekend[p])
		t.score.share += v.shareOf(p, v.load[p])
	}
	v.extremes(&t, &t.score, -1, -1, [3]int64{}, [3]int64{})
	return t
}

// extremes sets the max, spread and nights of sc for the roster with a and
// b (if not -1) at the values na and nb.
func (v *rotaSolver) extremes(t *rotaTally, sc *rotaScore, a, b int, na, nb [3]int64) {
	var hi, lo [3]int64
	for k := range 3 {
		h, l := int64(math.MinInt64), int64(math.MaxInt64)
		if a >= 0 {
			h, l = max(na[k], nb[k]), min(na[k], nb[k])
		}
		vals := v.figure(k)
		for _, p := range t.high[k] {
			if p >= 0 && p != a && p != b {
				h = max(h, vals[p])
				break
			}
		}
		for _, p := range t.low[k] {
			if p >= 0 && p != a && p != b {
				l = min(l, vals[p])
				break
			}
		}
		if v.n == 0 {
			h, l = 0, 0
		}
		hi[k], lo[k] = h, l
	}
	sc.max, sc.spread, sc.nights = hi[0], hi[0]-lo[0], (hi[1]-lo[1])+(hi[2]-lo[2])
}

// scoreWith returns the score the roster would have with a and b at the
// load, sleep-hour and weekend values na and nb.
func (v *rotaSolver) scoreWith(t *rotaTally, a, b int, na, nb [3]int64) rotaScore {
	sc := t.score
	v.extremes(t, &sc, a, b, na, nb)
	sc.squares += squaredMinutes(na[0]) + squaredMinutes(nb[0]) - squaredMinutes(v.load[a]) - squaredMinutes(v.load[b])
	sc.nightSquares += squaredMinutes(na[1]) + squaredMinutes(na[2]) + squaredMinutes(nb[1]) + squaredMinutes(nb[2]) -
		squaredMinutes(v.sleep[a]) - squaredMinutes(v.weekend[a]) - squaredMinutes(v.sleep[b]) - squaredMinutes(v.weekend[b])
	sc.share += (v.shareOf(a, na[0]) + v.shareOf(b, nb[0])) - (v.shareOf(a, v.load[a]) + v.shareOf(b, v.load[b]))
	return sc
}

// after returns a's and b's figures if slot s went from a to b, and t
// (if not -1) from b to a.
func (v *rotaSolver) after(a, b, s, t int) (na, nb [3]int64) {
	na = [3]int64{v.load[a], v.sleep[a], v.weekend[a]}
	nb = [3]int64{v.load[b], v.sleep[b], v.weekend[b]}
	give := func(x int, from, to *[3]int64, pf, pt int) {
		sl := &v.slots[x]
		zf, zt := sl.zone[v.m.zone[pf]], sl.zone[v.m.zone[pt]]
		from[0], from[1], from[2] = from[0]-sl.length, from[1]-zf.sleep, from[2]-zf.weekend
		to[0], to[1], to[2] = to[0]+sl.length, to[1]+zt.sleep, to[2]+zt.weekend
	}
	give(s, &na, &nb, a, b)
	if t >= 0 {
		give(t, &nb, &na, b, a)
	}
	return na, nb
}

// closerLoads reports whether loads x, y are no further apart than a, b: moving
// load between two people then cannot raise the sum of squares.
func closerLoads(x, y, a, b int64) bool {
	d, e := x-y, a-b
	return max(d, -d) <= max(e, -e)
}

// improve runs local search until no move or swap improves the score.
func (v *rotaSolver) improve() {
	for range 1000 {
		if !v.moves() && !v.swaps() {
			return
		}
	}
}

// moves tries to hand each shift to someone else; it reports whether any
// move improved the score.
func (v *rotaSolver) moves() bool {
	t := v.tally()
	improved := false
	people := make([]int, v.n)
	for i := range people {
		people[i] = i
	}
	slices.SortStableFunc(people, func(a, b int) int { return cmp.Compare(v.load[b], v.load[a]) })
	for _, a := range people {
		for _, s := range slices.Clone(v.mine[a]) {
			l := v.slots[s].length
			for b := range v.n {
				if b == a || v.elig[s*v.n+b] != 0 || !closerLoads(v.load[a]-l, v.load[b]+l, v.load[a], v.load[b]) {
					continue
				}
				na, nb := v.after(a, b, s, -1)
				if !v.scoreWith(&t, a, b, na, nb).less(t.score) || !v.pairedAfter(s, a, b) {
					continue
				}
				if r, _ := v.check(b, s, false); r != 0 {
					continue
				}
				v.drop(a, s)
				v.take(b, s)
				v.seat[s][slices.Index(v.seat[s], a)] = b
				t, improved = v.tally(), true
				break
			}
		}
	}
	return improved
}

// swaps tries to exchange a shift of the people most loaded (in total,
// sleep-hour or weekend time) with a shift of anyone else; it reports
// whether any swap improved the score.
func (v *rotaSolver) swaps() bool {
	if v.n < 2 {
		return false
	}
	t := v.tally()
	var heads []int
	for k := range 3 {
		for _, p := range t.high[k] {
			if p >= 0 && !slices.Contains(heads, p) {
				heads = append(heads, p)
			}
		}
	}
	improved := false
	for _, a := range heads {
		za := v.m.zone[a]
	next:
		for _, s := range slices.Clone(v.mine[a]) {
			ss := &v.slots[s]
			for b := range v.n {
				if b == a || v.elig[s*v.n+b] != 0 || slices.Contains(v.seat[s], b) {
					continue
				}
				zb := v.m.zone[b]
				for _, u := range v.mine[b] {
					us := &v.slots[u]
					if v.elig[u*v.n+a] != 0 || slices.Contains(v.seat[u], a) {
						continue
					}
					d := ss.length - us.length
					if d == 0 && sameNights(ss.zone[za], us.zone[za]) && sameNights(ss.zone[zb], us.zone[zb]) {
						continue
					}
					if !closerLoads(v.load[a]-d, v.load[b]+d, v.load[a], v.load[b]) {
						continue
					}
					na, nb := v.after(a, b, s, u)
					if !v.scoreWith(&t, a, b, na, nb).less(t.score) || !v.pairedAfter(s, a, b) || !v.pairedAfter(u, b, a) {
						continue
					}
					v.drop(a, s)
					v.drop(b, u)
					ra, _ := v.check(a, u, false)
					rb, _ := v.check(b, s, false)
					if ra != 0 || rb != 0 {
						v.take(a, s)
						v.take(b, u)
						continue
					}
					v.take(a, u)
					v.take(b, s)
					v.seat[s][slices.Index(v.seat[s], a)] = b
					v.seat[u][slices.Index(v.seat[u], b)] = a
					t, improved = v.tally(), true
					continue next
				}
			}
		}
	}
	return improved
}
