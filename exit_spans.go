package hypercare

import (
	"cmp"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// The machinery behind the built-in exit criteria: each criterion turns the
// issues into deltas of running counts, one sweep over the sorted deltas
// gives the spans in which it holds, and All and Any intersect and unite
// spans.

// Spans: sorted, disjoint intervals in which a zero End means "never ends".

// endsBefore reports whether a span ending at a ends before one ending at b.
func endsBefore(a, b time.Time) bool {
	switch {
	case a.IsZero():
		return false
	case b.IsZero():
		return true
	}
	return a.Before(b)
}

// reaches reports whether the span iv contains instants after t.
func reaches(iv Interval, t time.Time) bool { return iv.End.IsZero() || iv.End.After(t) }

// spanAt returns the span containing t.
func spanAt(spans []Interval, t time.Time) (Interval, bool) {
	for _, iv := range spans {
		if !iv.Start.After(t) && reaches(iv, t) {
			return iv, true
		}
	}
	return Interval{}, false
}

// spanFrom returns the first span that contains t or starts after it.
func spanFrom(spans []Interval, t time.Time) (Interval, bool) {
	for _, iv := range spans {
		if reaches(iv, t) {
			return iv, true
		}
	}
	return Interval{}, false
}

// mergeHolds drops empty spans, sorts and merges overlapping or touching
// ones. It returns spans itself when they are already in that form.
func mergeHolds(spans []Interval) []Interval {
	ok := true
	for i, iv := range spans {
		if !iv.End.IsZero() && !iv.End.After(iv.Start) ||
			i > 0 && (spans[i-1].End.IsZero() || !spans[i-1].End.Before(iv.Start)) {
			ok = false
			break
		}
	}
	if ok {
		return spans
	}
	var s []Interval
	for _, iv := range spans {
		if iv.End.IsZero() || iv.End.After(iv.Start) {
			s = append(s, iv)
		}
	}
	slices.SortFunc(s, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	var out []Interval
	for _, iv := range s {
		if n := len(out); n > 0 && !endsBefore(out[n-1].End, iv.Start) {
			if endsBefore(out[n-1].End, iv.End) {
				out[n-1].End = iv.End
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}

func intersectHolds(a, b []Interval) []Interval {
	var out []Interval
	for i, j := 0, 0; i < len(a) && j < len(b); {
		start, end := later(a[i].Start, b[j].Start), a[i].End
		if endsBefore(b[j].End, end) {
			end = b[j].End
		}
		if end.IsZero() || end.After(start) {
			out = append(out, Interval{start, end})
		}
		if endsBefore(a[i].End, b[j].End) {
			i++
		} else {
			j++
		}
	}
	return out
}

func unionHolds(a, b []Interval) []Interval {
	return mergeHolds(append(slices.Clone(a), b...))
}

// delta is a change of two running counts at an instant, kept as Unix
// seconds and nanoseconds so that sorting compares integers.
type delta struct {
	sec  int64
	nsec int32
	a, b int32
}

// deltas collects the changes a criterion's sweep runs over.
type deltas []delta

func (ds *deltas) add(at time.Time, a, b int) {
	*ds = append(*ds, delta{at.Unix(), int32(at.Nanosecond()), int32(a), int32(b)})
}

// span adds an item counted (a, b) during [start, end).
func (ds *deltas) span(start, end time.Time, a, b int) {
	ds.add(start, a, b)
	ds.add(end, -a, -b)
}

func (d delta) compare(e delta) int {
	if c := cmp.Compare(d.sec, e.sec); c != 0 {
		return c
	}
	return cmp.Compare(d.nsec, e.nsec)
}

// sort sorts ds by instant (the order of deltas at one instant does not
// matter to a sweep). It is a least-significant-digit radix sort, byte by
// byte over the nanoseconds and then the seconds, that skips the bytes all
// deltas share: linear time, where a comparison sort was most of the cost of
// judging 10^5 issues. Short lists use a comparison sort. Both are stable.
func (ds deltas) sort() {
	if len(ds) < 512 {
		slices.SortStableFunc(ds, delta.compare)
		return
	}
	src, dst := ds, make(deltas, len(ds))
	for p := range 12 { // 4 bytes of nanoseconds, then 8 of seconds
		var count [256]int
		for _, d := range src {
			count[d.digit(p)]++
		}
		if count[src[0].digit(p)] == len(src) {
			continue // every delta has this digit: the order stays
		}
		pos := 0
		for i, c := range count {
			count[i], pos = pos, pos+c
		}
		for _, d := range src {
			k := d.digit(p)
			dst[count[k]] = d
			count[k]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ds[0] {
		copy(ds, src)
	}
}

// digit returns byte p of d's instant as an unsigned key, least significant
// first: bytes 0-3 of the nanoseconds (0 <= nsec < 1e9), then bytes 0-7 of
// the seconds with the sign bit flipped, so that negative seconds sort
// first.
func (d delta) digit(p int) uint8 {
	if p < 4 {
		return uint8(uint32(d.nsec) >> (8 * p))
	}
	return uint8((uint64(d.sec) ^ 1<<63) >> (8 * (p - 4)))
}

// sweep returns the spans from `from` on in which ok holds of the running
// sums of ds, with instants in loc. It sorts ds.
func sweep(ds deltas, from time.Time, loc *time.Location, ok func(a, b int) bool) []Interval {
	ds.sort()
	first := delta{sec: from.Unix(), nsec: int32(from.Nanosecond())}
	a, b, i := 0, 0, 0
	for ; i < len(ds) && ds[i].compare(first) <= 0; i++ {
		a, b = a+int(ds[i].a), b+int(ds[i].b)
	}
	var out []Interval
	on, start := ok(a, b), from
	for i < len(ds) {
		d := ds[i]
		for ; i < len(ds) && ds[i].compare(d) == 0; i++ {
			a, b = a+int(ds[i].a), b+int(ds[i].b)
		}
		if now := ok(a, b); now != on {
			t := time.Unix(d.sec, int64(d.nsec)).In(loc)
			if on {
				out = append(out, Interval{start, t})
			}
			on, start = now, t
		}
	}
	if on {
		out = append(out, Interval{Start: start})
	}
	return out
}

// share decides good/total >= x exactly, without allocating for the usual
// thresholds (up to 18 decimal places).
type share struct {
	x        decimal.Decimal
	num, den uint64 // x = num/den, when fast
	fast     bool
}

func newShare(x decimal.Decimal) share {
	s := share{x: x}
	if exp := x.Exponent(); x.Sign() >= 0 && exp <= 0 && exp >= -18 && x.Coefficient().IsUint64() {
		s.num, s.den, s.fast = x.Coefficient().Uint64(), 1, true
		for range -exp {
			s.den *= 10
		}
	}
	return s
}

// met reports whether good/total >= x, for 0 <= good <= total and total > 0.
func (s share) met(good, total int) bool {
	if !s.fast {
		return decimal.NewFromInt(int64(good)).GreaterThanOrEqual(s.x.Mul(decimal.NewFromInt(int64(total))))
	}
	gh, gl := bits.Mul64(uint64(good), s.den)
	th, tl := bits.Mul64(uint64(total), s.num)
	return gh > th || gh == th && gl >= tl
}
