package hypercare

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Rates are the hourly rates staffing is costed at, in one currency.
type Rates struct {
	// Currency is an ISO 4217 code such as "EUR": three upper-case letters.
	Currency string `json:"currency"`
	// Hourly is the rate per person-hour of each role. A role that is
	// staffed must have a rate, if need be an explicit zero (a steady-state
	// agent paid by the client, say): a missing rate is an error, never 0.
	Hourly map[Role]decimal.Decimal `json:"hourly"`
}

func (r Rates) check() error {
	if len(r.Currency) != 3 || r.Currency[0] < 'A' || r.Currency[0] > 'Z' ||
		r.Currency[1] < 'A' || r.Currency[1] > 'Z' || r.Currency[2] < 'A' || r.Currency[2] > 'Z' {
		return invalidf("rates: currency %q is not an ISO 4217 code (three upper-case letters)", r.Currency)
	}
	for _, role := range slices.Sorted(maps.Keys(r.Hourly)) {
		rate := r.Hourly[role]
		if !role.Valid() {
			return invalidf("rates: unknown role %d", int(role))
		}
		if rate.IsNegative() {
			return invalidf("rates: rate %s for role %q is negative", rate, role)
		}
	}
	return nil
}

// CostLine is what one role costs in one phase: the person-hours of all its
// Staffing entries there, times its rate.
type CostLine struct {
	Phase string          `json:"phase"`
	Role  Role            `json:"role"`
	Hours time.Duration   `json:"-"` // as "hours": "168h0m0s"
	Rate  decimal.Decimal `json:"rate"`
	// Amount is Hours × Rate rounded to cents (see Cost).
	Amount decimal.Decimal `json:"amount"`
}

// exact is Hours × Rate in currency-nanoseconds: exact, with no rounding.
func (l CostLine) exact() decimal.Decimal { return l.Rate.Mul(decimal.NewFromInt(int64(l.Hours))) }

var nanosPerHour = decimal.NewFromInt(int64(time.Hour))

// cents rounds an exact amount in currency-nanoseconds to cents, half away
// from zero.
func cents(exact decimal.Decimal) decimal.Decimal { return exact.DivRound(nanosPerHour, 2) }

// Cost is the staffing cost of an engagement: a line per phase and staffed
// role (phases in order, roles in Role order) and the total.
//
// Money is exact until the end: a line's Amount, and every total (Total,
// PhaseTotal, RoleTotal), is its exact Σ hours × rate rounded once to cents,
// half away from zero. The trap: Total need not equal the sum of the rounded
// line Amounts (it can differ by half a cent per line); it is the right
// figure, and the lines are what the client sees itemised.
type Cost struct {
	Currency string          `json:"currency"`
	Lines    []CostLine      `json:"lines"`
	Total    decimal.Decimal `json:"total"`
}

// total is the sum of the lines that keep, rounded once to cents.
func (c Cost) total(keep func(CostLine) bool) decimal.Decimal {
	sum := decimal.Zero
	for _, l := range c.Lines {
		if keep(l) {
			sum = sum.Add(l.exact())
		}
	}
	return cents(sum)
}

// PhaseTotal returns the cost of the phase with the given name (of all such
// phases, if names repeat), rounded once to cents; 0 if there is none.
func (c Cost) PhaseTotal(name string) decimal.Decimal {
	return c.total(func(l CostLine) bool { return l.Phase == name })
}

// RoleTotal returns the cost of role r over all phases, rounded once to cents.
func (c Cost) RoleTotal(r Role) decimal.Decimal {
	return c.total(func(l CostLine) bool { return l.Role == r })
}

// Hours returns the person-hours of all lines, saturating at the largest
// time.Duration (about 292 years) rather than overflowing.
func (c Cost) Hours() time.Duration {
	var h time.Duration
	for _, l := range c.Lines {
		if h+l.Hours < h {
			return time.Duration(math.MaxInt64)
		}
		h += l.Hours
	}
	return h
}

// Cost returns the staffing cost of e at rates r: for each phase and role, the
// person-hours of its Staffing entries (see Staffing) times the role's hourly
// rate. Person-hours are elapsed time: a 24x7 week with a fall-back night is
// 169 hours.
//
// It returns an error if e is invalid (see Engagement.Validate), if r's
// currency is not an ISO 4217 code or a rate is negative, if a staffed role
// has no rate, or if a phase's person-hours overflow time.Duration (about 292
// years). Each of these errors wraps ErrInvalid.
func (e Engagement) Cost(r Rates) (Cost, error) {
	c, err := e.cost(r)
	return c, prefixed(err)
}

// cost is Cost's core; its errors are bare ("engagement %q: ...").
func (e Engagement) cost(r Rates) (Cost, error) {
	if err := e.validate(); err != nil {
		return Cost{}, err
	}
	if err := r.check(); err != nil {
		return Cost{}, err
	}
	c := Cost{Currency: r.Currency}
	for i, p := range e.Phases {
		hours := make([]time.Duration, len(roleNames))
		staffed := make([]bool, len(roleNames))
		for _, s := range p.Staff {
			h, ok := e.staffHours(p, s)
			if sum := hours[s.Role] + h; ok && sum >= h {
				hours[s.Role], staffed[s.Role] = sum, true
			} else {
				return Cost{}, invalidf("engagement %q: phase %d (%q): person-hours of role %q overflow", e.ID, i, p.Name, s.Role)
			}
		}
		for role, ok := range staffed {
			if !ok {
				continue
			}
			rate, ok := r.Hourly[Role(role)]
			if !ok {
				return Cost{}, invalidf("rates: no hourly rate for role %q (staffed in phase %q)", Role(role), p.Name)
			}
			l := CostLine{Phase: p.Name, Role: Role(role), Hours: hours[role], Rate: rate}
			l.Amount = cents(l.exact())
			c.Lines = append(c.Lines, l)
		}
	}
	c.Total = c.total(func(CostLine) bool { return true })
	return c, nil
}

// staffHours returns the person-hours of s in phase p, and false on overflow.
func (e Engagement) staffHours(p Phase, s Staffing) (time.Duration, bool) {
	cal := s.Calendar
	if cal == nil {
		cal = p.Coverage
	}
	if s.Headcount > 0 {
		span := e.Span(p)
		return mulDuration(cal.Between(span.Start, span.End), s.Headcount)
	}
	loc := e.loc()
	first := DateOf(e.GoLive.In(loc)).AddDays(p.Start)
	open := 0
	for d := range p.Days {
		if openOn(cal, first.AddDays(d), loc) {
			open++
		}
	}
	return mulDuration(s.PerDay, open)
}

// Extend returns a copy of e whose last phase runs days days longer and whose
// planned end is days calendar days later: "2 weeks planned, 6 needed" is
// Extend(28) on the 2-week plan. Hypercare that overruns goes on at its last,
// lowest intensity, so that is the phase that grows. The copy shares
// calendars, policies and staffing slices with e; only Phases is new.
//
// It returns an error if e has no phases, or days is negative or so large
// that the last phase's end overflows an int.
func (e Engagement) Extend(days int) (Engagement, error) {
	switch {
	case len(e.Phases) == 0:
		return Engagement{}, invalidf("hypercare: engagement %q: no phase to extend", e.ID)
	case days < 0:
		return Engagement{}, invalidf("hypercare: engagement %q: cannot extend by %d days", e.ID, days)
	case e.Phases[len(e.Phases)-1].Start+e.Phases[len(e.Phases)-1].Days > math.MaxInt-days:
		return Engagement{}, invalidf("hypercare: engagement %q: cannot extend by %d days: the last phase's end overflows", e.ID, days)
	}
	e.Phases = slices.Clone(e.Phases)
	e.Phases[len(e.Phases)-1].Days += days
	if !e.PlannedEnd.IsZero() {
		e.PlannedEnd = e.PlannedEnd.In(e.loc()).AddDate(0, 0, days)
	}
	return e, nil
}

// Scenario is a named plan to cost side by side with others.
type Scenario struct {
	Name string     `json:"name"`
	Plan Engagement `json:"plan"`
}

// ScenarioCost is a scenario's cost and how it compares with the first
// scenario of a comparison (the baseline, usually what was planned).
type ScenarioCost struct {
	Name string `json:"name"`
	// Days is how long the plan runs: from go-live to the end of its last
	// phase, in days.
	Days int  `json:"days"`
	Cost Cost `json:"cost"`
	// Delta is Cost.Total minus the baseline's Cost.Total (0 for the
	// baseline itself): a difference of two rounded totals, so it adds up
	// with what is printed.
	Delta decimal.Decimal `json:"delta"`
}

// CompareCosts costs each scenario at the same rates, in the order given, the
// first being the baseline for Delta. A typical comparison is the plan as
// sold, the same plan extended to what hypercare really took (see Extend), and
// a 90-day taper (see TaperPlan).
//
// It returns an error naming the scenario if one cannot be costed (see
// Engagement.Cost).
func CompareCosts(r Rates, scenarios ...Scenario) ([]ScenarioCost, error) {
	out := make([]ScenarioCost, 0, len(scenarios))
	for _, s := range scenarios {
		c, err := s.Plan.cost(r)
		if err != nil {
			return nil, fmt.Errorf("hypercare: scenario %q: %w", s.Name, err)
		}
		days := 0
		for _, p := range s.Plan.Phases {
			days = max(days, p.Start+p.Days)
		}
		sc := ScenarioCost{Name: s.Name, Days: days, Cost: c, Delta: decimal.Zero}
		if len(out) > 0 {
			sc.Delta = c.Total.Sub(out[0].Cost.Total)
		}
		out = append(out, sc)
	}
	return out, nil
}
