package hypercare

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file holds the plan's warnings: what a roster that keeps every rule
// should still not be left as is (a skill with too few holders, a share of
// time above the sustainable level, a night imbalance no roster avoids).

// RotaWarningKind says what a RotaWarning is about.
type RotaWarningKind int

// The warning kinds. The zero RotaWarningKind is invalid.
const (
	WarnFewHolders     RotaWarningKind = 1 + iota // a required skill is held by two people or fewer
	WarnWorkShare                                 // someone works more of the horizon than the sustainable share
	WarnOnCallShare                               // someone is on call more of the horizon than the sustainable share
	WarnNightImbalance                            // no roster under the rules spreads sleep-hour time evenly
)

var rotaWarningNames = []string{"", "few-holders", "work-share", "on-call-share", "night-imbalance"}

// String returns the kind's name, such as "few-holders".
func (k RotaWarningKind) String() string {
	return enumString("RotaWarningKind", int(k), rotaWarningNames)
}

// Valid reports whether k is one of the defined kinds.
func (k RotaWarningKind) Valid() bool { return validEnum(int(k), rotaWarningNames) }

// MarshalText encodes k by name; an invalid kind is an error.
func (k RotaWarningKind) MarshalText() ([]byte, error) {
	return marshalEnum("rota warning kind", int(k), rotaWarningNames)
}

// UnmarshalText decodes a kind by name (case-insensitive).
func (k *RotaWarningKind) UnmarshalText(b []byte) error {
	return unmarshalEnum("rota warning kind", b, rotaWarningNames, (*int)(k))
}

// RotaWarning is a fact about a roster that keeps the rules but is fragile
// or unsustainable. Roster.Warnings lists them, sorted by kind, then skill.
//
// The conditions, exactly:
//   - WarnFewHolders: a skill some slot requires is held by at most two of
//     Rota.People (the rota's own bus factor); People are the holders.
//   - WarnWorkShare: the horizon is at least 7 days and someone's time on
//     slots that are not on call, in this roster (carried load aside), is
//     above RotaRules.SustainableShare of the horizon; People are those above it, Share the largest share, and
//     HeadCount the people needed for the average to be at or below the
//     share: ⌈work time of all seats / (share × horizon)⌉.
//   - WarnOnCallShare: the same for time on on-call slots.
//   - WarnNightImbalance: the roster's sleep-hour time (carried included)
//     is uneven and that cannot be helped: either some people on the roster
//     may take no slot with sleep-hour time in their zone (availability,
//     hours, skills) while such slots exist — People are they, Gap the
//     roster's range — or, on rotas of up to 40 seats, trying every roster
//     within a fixed budget finds none more even than Gap > 0.
type RotaWarning struct {
	Kind      RotaWarningKind `json:"kind"`
	Skill     string          `json:"skill,omitempty"`
	People    []PersonID      `json:"people,omitempty"`
	Share     float64         `json:"share,omitempty"`
	HeadCount int             `json:"head_count,omitempty"`
	Gap       time.Duration   `json:"gap,omitempty"`
	Reason    string          `json:"reason"`
}

// String returns the kind and the reason.
func (w RotaWarning) String() string { return w.Kind.String() + ": " + w.Reason }

// warnings returns the warnings for the roster ro of the planned slots
// (their eligibility elig, as the solver saw it); shifts are ro's.
func (m *rotaModel) warnings(ro Roster, planned []rotaSlot, elig []uint8) []RotaWarning {
	infos, _ := m.slotInfos(shiftSlots(ro.Shifts)) // checked by the caller
	var out []RotaWarning
	out = append(out, m.fewHolders(planned)...)
	horizon := int64(m.horizon.Duration())
	if horizon >= week7 { // a shorter horizon says nothing about what is sustainable
		work, onCall := make([]int64, len(m.people)), make([]int64, len(m.people))
		var allWork, allOnCall int64
		for i, sh := range ro.Shifts {
			s := &infos[i]
			if s.onCall {
				allOnCall += s.length * int64(s.seats)
			} else {
				allWork += s.length * int64(s.seats)
			}
			for _, id := range slices.Compact(slices.Sorted(slices.Values(sh.People))) {
				p, ok := m.index[id]
				if !ok {
					continue
				}
				if s.onCall {
					onCall[p] += s.length
				} else {
					work[p] += s.length
				}
			}
		}
		if w, ok := m.overShare(WarnWorkShare, "at work", work, allWork, horizon); ok {
			out = append(out, w)
		}
		if w, ok := m.overShare(WarnOnCallShare, "on call", onCall, allOnCall, horizon); ok {
			out = append(out, w)
		}
	}
	if w, ok := m.nightImbalance(ro, planned, elig); ok {
		out = append(out, w)
	}
	return out
}

// fewHolders warns for each required skill with at most two holders.
func (m *rotaModel) fewHolders(infos []rotaSlot) []RotaWarning {
	var skills []string
	for _, s := range infos {
		skills = append(skills, s.skills...)
	}
	slices.Sort(skills)
	var out []RotaWarning
	for _, k := range slices.Compact(skills) {
		var holders []PersonID
		for _, p := range m.people {
			if p.HasSkill(k) {
				holders = append(holders, p.ID)
			}
		}
		if len(holders) > 2 {
			continue
		}
		names := "nobody"
		if len(holders) > 0 {
			names = joinIDs(holders)
		}
		out = append(out, RotaWarning{Kind: WarnFewHolders, Skill: k, People: holders,
			Reason: fmt.Sprintf("skill %q is held by %d (%s): one absence or departure leaves its slots short", k, len(holders), names)})
	}
	return out
}

// overShare warns when someone's time is above the sustainable share of
// the horizon, with the head count that brings the average under it.
func (m *rotaModel) overShare(kind RotaWarningKind, verb string, mine []int64, all, horizon int64) (RotaWarning, bool) {
	level := m.share.InexactFloat64()
	limit := m.share.Mul(decimal.NewFromInt(horizon))
	var over []PersonID
	var most int64
	for p, t := range mine {
		if decimal.NewFromInt(t).GreaterThan(limit) {
			over = append(over, m.people[p].ID)
		}
		most = max(most, t)
	}
	if len(over) == 0 {
		return RotaWarning{}, false
	}
	heads := int(decimal.NewFromInt(all).Div(limit).Ceil().IntPart())
	share := float64(most) / float64(horizon)
	return RotaWarning{Kind: kind, People: over, Share: share, HeadCount: heads,
		Reason: fmt.Sprintf("%s: %s up to %.0f%% of the horizon, above the sustainable %.0f%%; %d people would bring the average to it (the rota has %d)",
			joinIDs(over), verb, 100*share, 100*level, heads, len(m.people))}, true
}

// nightImbalance warns when no roster under the rules spreads sleep-hour
// time evenly: some people on the roster may take no slot with sleep-hour
// time while others must, or (small rotas) trying every roster finds none
// with an even spread.
func (m *rotaModel) nightImbalance(ro Roster, planned []rotaSlot, elig []uint8) (RotaWarning, bool) {
	n := len(m.people)
	if n < 2 || len(ro.Loads) != n {
		return RotaWarning{}, false
	}
	lo, hi := ro.Loads[0].Sleep, ro.Loads[0].Sleep
	for _, l := range ro.Loads {
		lo, hi = min(lo, l.Sleep), max(hi, l.Sleep)
	}
	if hi == lo {
		return RotaWarning{}, false
	}
	// People who work but may take no slot with sleep-hour time.
	var day []PersonID
	nights := false
	for p := range n {
		if ro.Loads[p].Shifts == m.carried[p].Shifts {
			continue // not on this roster
		}
		may := false
		for s := range planned {
			if planned[s].zone[m.zone[p]].sleep > 0 {
				nights = true
				if elig[s*n+p] == 0 {
					may = true
				}
			}
		}
		if !may {
			day = append(day, m.people[p].ID)
		}
	}
	if nights && len(day) > 0 {
		return RotaWarning{Kind: WarnNightImbalance, People: day, Gap: hi - lo,
			Reason: fmt.Sprintf("%s may take no slot in sleep hours (availability, hours or skills), so the others carry all of them", joinIDs(day))}, true
	}
	seats := 0
	for _, s := range planned {
		seats += s.seats
	}
	if seats > searchMaxSeats {
		return RotaWarning{}, false
	}
	v := newRotaSolver(m, planned)
	v.elig = elig
	gap, complete := v.evenestNights(searchBudget)
	if !complete || gap <= 0 {
		return RotaWarning{}, false
	}
	return RotaWarning{Kind: WarnNightImbalance, Gap: time.Duration(gap),
		Reason: fmt.Sprintf("every roster under the rules gives someone at least %s more sleep-hour time than someone else (all rosters tried)", time.Duration(gap))}, true
}

// evenestNights tries every roster, seats in time order, and returns the
// smallest range of sleep-hour time (carried included) any of them has, and
// whether it tried them all within budget nodes. It leaves no seat taken.
func (v *rotaSolver) evenestNights(budget int) (int64, bool) {
	var seats []int
	for _, s := range v.order {
		for range v.slots[s].seats {
			seats = append(seats, s)
		}
	}
	best := int64(math.MaxInt64)
	nodes := 0
	var dfs func(i int) bool // true: stop
	dfs = func(i int) bool {
		if nodes >= budget {
			return true
		}
		nodes++
		if i == len(seats) {
			lo, hi := v.sleep[0], v.sleep[0]
			for _, x := range v.sleep {
				lo, hi = min(lo, x), max(hi, x)
			}
			best = min(best, hi-lo)
			return best == 0
		}
		s := seats[i]
		after := -1
		if k := len(v.seat[s]); k > 0 {
			after = v.seat[s][k-1]
		}
		for p := after + 1; p < v.n; p++ {
			if !v.ok(p, s) {
				continue
			}
			v.sit(p, s)
			stop := dfs(i + 1)
			v.unsit(p, s)
			if stop {
				return true
			}
		}
		return false
	}
	dfs(0)
	complete := nodes < budget
	if best == math.MaxInt64 {
		return 0, complete
	}
	return best, complete
}

func joinIDs(ids []PersonID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return strings.Join(s, ", ")
}
