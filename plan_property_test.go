package hypercare

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The oracles below are slow and obviously correct: they step through time
// minute by minute and read wall clocks, where the fast code uses calendar
// arithmetic and computes instants. Generated calendars come with an
// independent model of their open minutes, so the oracles do not depend on
// calendar.go's arithmetic either.

// calModel says which minutes a generated calendar is open, independently of
// Calendar: rules of weekdays and [from, to) minutes of the day, minus
// holidays.
type calModel struct {
	loc      *time.Location
	rules    []ruleModel
	holidays map[Date]bool
}

type ruleModel struct {
	days     [7]bool // Monday first
	from, to int     // minutes after midnight, from < to <= 1440
}

func (m calModel) open(t time.Time) bool {
	lt := t.In(m.loc)
	if m.holidays[DateOf(lt)] {
		return false
	}
	wd := (int(lt.Weekday()) + 6) % 7
	minute := lt.Hour()*60 + lt.Minute()
	for _, r := range m.rules {
		if r.days[wd] && r.from <= minute && minute < r.to {
			return true
		}
	}
	return false
}

// openFunc gives the oracles the open minutes of a calendar of the plan (nil
// and Always are open all the time).
type openFunc func(*Calendar) func(time.Time) bool

func alwaysOpen(time.Time) bool { return true }

// calendarOpen is the naive baseline's view: Calendar.Open.
func calendarOpen(c *Calendar) func(time.Time) bool {
	if c.IsAlways() {
		return alwaysOpen
	}
	return c.Open
}

// genPlan is a random engagement and the models of its calendars.
type genPlan struct {
	e      Engagement
	models map[*Calendar]calModel
}

func (g genPlan) open(c *Calendar) func(time.Time) bool {
	if c.IsAlways() {
		return alwaysOpen
	}
	return g.models[c].open
}

var (
	// genZones are the zones of generated plans, with the dates of their DST
	// changes in 2026 (Lord Howe's is 30 minutes) and two dates without.
	genZones = map[string][]Date{
		"Europe/Berlin":       {{2026, 3, 29}, {2026, 10, 25}, {2026, 6, 10}, {2026, 12, 20}},
		"America/New_York":    {{2026, 3, 8}, {2026, 11, 1}, {2026, 6, 10}, {2026, 12, 20}},
		"Australia/Lord_Howe": {{2026, 4, 5}, {2026, 10, 4}, {2026, 6, 10}, {2026, 12, 20}},
		"Asia/Kolkata":        {{2026, 6, 10}, {2026, 12, 20}},
		"UTC":                 {{2026, 6, 10}, {2026, 12, 20}},
	}
	genZoneNames = []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"}
	allRoles     = []Role{RoleLead, RoleTriage, RoleChangeManager, RoleSponsor, RoleAgent}
)

func drawCalendar(t *rapid.T, label string, loc *time.Location, first Date, models map[*Calendar]calModel) *Calendar {
	switch rapid.IntRange(0, 3).Draw(t, label+" kind") {
	case 0:
		return nil
	case 1:
		return Always
	}
	m := calModel{loc: loc, holidays: map[Date]bool{}}
	var parts []string
	for i := range rapid.IntRange(1, 2).Draw(t, label+" rules") {
		var r ruleModel
		var names []string
		for d := range 7 {
			r.days[d] = rapid.Bool().Draw(t, fmt.Sprint(label, " rule ", i, " day ", d))
		}
		if !slices.Contains(r.days[:], true) {
			r.days[rapid.IntRange(0, 6).Draw(t, label+" only day")] = true
		}
		for d, on := range r.days {
			if on {
				names = append(names, dayNames[d])
			}
		}
		q := rapid.IntRange(0, 95).Draw(t, label+" from")
		r.from, r.to = q*15, rapid.IntRange(q+1, 96).Draw(t, label+" to")*15
		m.rules = append(m.rules, r)
		parts = append(parts, fmt.Sprintf("%s %02d:%02d-%02d:%02d", strings.Join(names, ","), r.from/60, r.from%60, r.to/60, r.to%60))
	}
	var hol []Date
	for _, k := range rapid.SliceOfN(rapid.IntRange(0, 30), 0, 3).Draw(t, label+" holidays") {
		d := first.AddDays(k)
		hol = append(hol, d)
		m.holidays[d] = true
	}
	c, err := NewCalendar(loc, strings.Join(parts, "; "), hol...)
	if err != nil {
		t.Fatalf("calendar %q: %v", parts, err)
	}
	models[c] = m
	return c
}

func drawPlan(t *rapid.T) genPlan {
	zone := rapid.SampledFrom(genZoneNames).Draw(t, "zone")
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	// Go live up to 5 days before an anchor date, so most plans cross it.
	day := rapid.SampledFrom(genZones[zone]).Draw(t, "anchor").AddDays(rapid.IntRange(-5, 1).Draw(t, "shift"))
	q := rapid.IntRange(0, 95).Draw(t, "go-live quarter")
	goLive := time.Date(day.Year, day.Month, day.Day, q/4, q%4*15, 0, 0, loc)
	g := genPlan{models: map[*Calendar]calModel{}}
	e := Engagement{ID: "gen", Location: loc, GoLive: goLive}
	next := 0
	for i := range rapid.IntRange(1, 3).Draw(t, "phases") {
		p := Phase{Name: fmt.Sprint("p", i), Start: next + rapid.IntRange(0, 2).Draw(t, "gap"), Days: rapid.IntRange(1, 6).Draw(t, "days")}
		next = p.Start + p.Days
		p.Coverage = drawCalendar(t, "coverage", loc, day, g.models)
		for range rapid.IntRange(0, 3).Draw(t, "staff") {
			s := Staffing{Role: rapid.SampledFrom(allRoles).Draw(t, "role")}
			if rapid.Bool().Draw(t, "by headcount") {
				s.Headcount = rapid.IntRange(1, 3).Draw(t, "headcount")
			} else {
				s.PerDay = time.Duration(rapid.IntRange(1, 40).Draw(t, "per day")) * 15 * time.Minute
			}
			s.Calendar = drawCalendar(t, "staff calendar", loc, day, g.models)
			p.Staff = append(p.Staff, s)
		}
		for range rapid.IntRange(0, 3).Draw(t, "cadences") {
			c := Cadence{Kind: CeremonyKind(rapid.IntRange(1, len(ceremonyNames)-1).Draw(t, "kind"))}
			// Quarter hours of the day, often 01:00-03:00, where DST changes are.
			quarter := rapid.OneOf(rapid.IntRange(0, 95), rapid.IntRange(4, 12))
			for _, q := range rapid.SliceOfNDistinct(quarter, 1, 3, rapid.ID[int]).Draw(t, "at") {
				c.At = append(c.At, TimeOfDay{q / 4, q % 4 * 15})
			}
			c.Every = rapid.IntRange(0, 8).Draw(t, "every")
			c.Length = rapid.SampledFrom([]time.Duration{0, 15 * time.Minute, 45 * time.Minute, 3 * time.Hour}).Draw(t, "length")
			c.Days = drawCalendar(t, "cadence days", loc, day, g.models)
			if c.Kind == CeremonyTriage {
				c.Severities = rapid.SliceOfNDistinct(rapid.SampledFrom([]Severity{Sev1, Sev2, Sev3}), 0, 3, rapid.ID[Severity]).Draw(t, "severities")
			}
			if rapid.IntRange(0, 4).Draw(t, "titled") == 0 {
				c.Title = "custom"
			}
			p.Cadences = append(p.Cadences, c)
		}
		e.Phases = append(e.Phases, p)
	}
	e.PlannedEnd = e.DayStart(next)
	g.e = e
	return g
}

func drawRates(t *rapid.T) Rates {
	r := Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{}}
	for _, role := range allRoles {
		r.Hourly[role] = decimal.New(int64(rapid.IntRange(0, 30000).Draw(t, "rate cents "+role.String())), -2)
	}
	return r
}

// oracleCost steps through each phase minute by minute: a headcount counts
// every open minute, hours per day count every date with an open minute. The
// total is Σ rate × minutes / 60, rounded to cents once.
func oracleCost(e Engagement, r Rates, open openFunc) Cost {
	loc := e.Location
	goLiveDate := DateOf(e.GoLive.In(loc))
	c := Cost{Currency: r.Currency}
	sum := decimal.Zero
	for _, p := range e.Phases {
		minutes := map[Role]int64{}
		for _, s := range p.Staff {
			cal := s.Calendar
			if cal == nil {
				cal = p.Coverage
			}
			isOpen := open(cal)
			minutes[s.Role] += 0 // a staffed role has a line, even of 0 hours
			if s.Headcount > 0 {
				end := e.GoLive.In(loc).AddDate(0, 0, p.Start+p.Days)
				n := int64(0)
				for u := e.GoLive.In(loc).AddDate(0, 0, p.Start); u.Before(end); u = u.Add(time.Minute) {
					if isOpen(u) {
						n++
					}
				}
				minutes[s.Role] += n * int64(s.Headcount)
				continue
			}
			for d := range p.Days {
				if dateHasOpenMinute(goLiveDate.AddDays(p.Start+d), loc, isOpen) {
					minutes[s.Role] += int64(s.PerDay / time.Minute)
				}
			}
		}
		for _, role := range allRoles {
			n, ok := minutes[role]
			if !ok {
				continue
			}
			exact := r.Hourly[role].Mul(decimal.NewFromInt(n))
			sum = sum.Add(exact)
			c.Lines = append(c.Lines, CostLine{Phase: p.Name, Role: role, Hours: time.Duration(n) * time.Minute,
				Rate: r.Hourly[role], Amount: exact.DivRound(decimal.NewFromInt(60), 2)})
		}
	}
	c.Total = sum.DivRound(decimal.NewFromInt(60), 2)
	return c
}

func dateHasOpenMinute(d Date, loc *time.Location, isOpen func(time.Time) bool) bool {
	next := d.AddDays(1)
	end := time.Date(next.Year, next.Month, next.Day, 0, 0, 0, 0, loc)
	for u := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc); u.Before(end); u = u.Add(time.Minute) {
		if isOpen(u) {
			return true
		}
	}
	return false
}

// oracleCeremonies reads the wall clock at every minute from a day before
// each phase to its end. A ceremony is where the clock first shows one of
// the cadence's times; where the clock jumps over a time (a DST gap), it is
// the skipped time read with the offset before the jump (RFC 5545). Then the
// rules: every n days from the go-live date, dates on which the cadence's
// calendar has an open minute, wholly inside the phase.
func oracleCeremonies(e Engagement, open openFunc) []Ceremony {
	loc := e.Location
	goLiveDate := DateOf(e.GoLive.In(loc))
	epoch := Date{1970, 1, 1}
	var out []Ceremony
	for _, p := range e.Phases {
		start := e.GoLive.In(loc).AddDate(0, 0, p.Start)
		end := e.GoLive.In(loc).AddDate(0, 0, p.Start+p.Days)
		for _, c := range p.Cadences {
			days := c.Days
			if days == nil {
				days = p.Coverage
			}
			isOpen := open(days)
			every := max(c.Every, 1)
			length := c.Length
			if length == 0 {
				length = ceremonyLengths[c.Kind]
			}
			sev := slices.Clone(c.Severities)
			slices.Sort(sev)
			seen := map[[2]int64]bool{}
			emit := func(day int64, at TimeOfDay, u time.Time) {
				key := [2]int64{day, at.seconds()}
				if seen[key] {
					return
				}
				seen[key] = true
				d := epoch.AddDays(int(day))
				if n := d.DaysSince(goLiveDate); n < 0 || n%every != 0 || !dateHasOpenMinute(d, loc, isOpen) {
					return
				}
				if u.Before(start) || u.Add(length).After(end) {
					return
				}
				out = append(out, Ceremony{Kind: c.Kind, Title: c.title(), Phase: p.Name, Start: u.In(loc), End: u.Add(length).In(loc), Severities: slices.Clone(sev)})
			}
			var prevWall, prevOff int64
			havePrev := false
			for u := start.Add(-24 * time.Hour); u.Before(end); u = u.Add(time.Minute) {
				_, o := u.In(loc).Zone()
				off := int64(o)
				wall := u.Unix() + off
				for _, at := range c.At {
					day := floorDiv(wall, secPerDay)
					if wall == day*secPerDay+at.seconds() {
						emit(day, at, u)
					}
					if havePrev && wall-prevWall > 60 { // the clock skipped [prevWall+60, wall)
						for day := floorDiv(prevWall+60, secPerDay); day <= floorDiv(wall-1, secPerDay); day++ {
							if tw := day*secPerDay + at.seconds(); tw >= prevWall+60 && tw < wall {
								emit(day, at, time.Unix(tw-prevOff, 0))
							}
						}
					}
				}
				prevWall, prevOff, havePrev = wall, off, true
			}
		}
	}
	slices.SortFunc(out, compareCeremonies)
	return slices.CompactFunc(out, func(a, b Ceremony) bool {
		return a.Start.Equal(b.Start) && a.Kind == b.Kind && a.Title == b.Title
	})
}

func TestCostMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawPlan(t)
		r := drawRates(t)
		got, err := g.e.Cost(r)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(oracleCost(g.e, r, g.open), got, planCmp); diff != "" {
			t.Fatalf("cost mismatch (-oracle +got):\n%s", diff)
		}
	})
}

func TestCeremoniesMatchOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawPlan(t)
		got, err := g.e.Ceremonies()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(oracleCeremonies(g.e, g.open), got, planCmp); diff != "" {
			t.Fatalf("ceremonies mismatch (-oracle +got):\n%s", diff)
		}
	})
}

// The ceremony calendar is sorted, has no event outside its phase's span and
// no two events of the same kind and title at the same start; every event
// starts at one of its cadence's local times (or just after a DST gap).
func TestCeremoniesInsideTheirPhases(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawPlan(t)
		got, err := g.e.Ceremonies()
		if err != nil {
			t.Fatal(err)
		}
		spans := map[string]Interval{}
		for _, p := range g.e.Phases {
			spans[p.Name] = g.e.Span(p)
		}
		for i, c := range got {
			span, ok := spans[c.Phase]
			if !ok {
				t.Fatalf("ceremony %+v names no phase", c)
			}
			if c.Start.Before(span.Start) || c.End.After(span.End) || !c.End.After(c.Start) {
				t.Fatalf("ceremony %s-%s (%s) is outside its phase %s-%s", c.Start, c.End, c.Kind, span.Start, span.End)
			}
			if c.Start.Location() != g.e.Location {
				t.Fatalf("ceremony at %s is not in the engagement's location", c.Start)
			}
			if i > 0 {
				prev := got[i-1]
				if compareCeremonies(prev, c) > 0 {
					t.Fatalf("ceremonies out of order: %+v before %+v", prev, c)
				}
				if prev.Start.Equal(c.Start) && prev.Kind == c.Kind && prev.Title == c.Title {
					t.Fatalf("duplicate ceremony %+v", c)
				}
			}
		}
	})
}

// Cost is additive over phases and roles: costing each phase alone, or each
// role alone, gives the same lines, and the exact amounts add up to the
// whole, from which Total, PhaseTotal and RoleTotal are rounded once.
func TestCostAdditive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawPlan(t)
		r := drawRates(t)
		whole, err := g.e.Cost(r)
		if err != nil {
			t.Fatal(err)
		}
		exact := func(lines []CostLine) decimal.Decimal {
			s := decimal.Zero
			for _, l := range lines {
				s = s.Add(l.exact())
			}
			return s
		}
		var byPhase []CostLine
		sum := decimal.Zero
		for _, p := range g.e.Phases {
			one := g.e
			one.Phases = []Phase{p}
			c, err := one.Cost(r)
			if err != nil {
				t.Fatal(err)
			}
			byPhase = append(byPhase, c.Lines...)
			sum = sum.Add(exact(c.Lines))
			if got, want := whole.PhaseTotal(p.Name), cents(exact(c.Lines)); !got.Equal(want) || !c.Total.Equal(want) {
				t.Fatalf("phase %s: PhaseTotal %s, alone %s, want %s", p.Name, got, c.Total, want)
			}
		}
		if diff := cmp.Diff(whole.Lines, byPhase, planCmp); diff != "" {
			t.Fatalf("lines by phase differ from the whole (-whole +phases):\n%s", diff)
		}
		if !sum.Equal(exact(whole.Lines)) || !whole.Total.Equal(cents(sum)) {
			t.Fatalf("phases sum to %s (total %s), whole is %s", sum, cents(sum), whole.Total)
		}
		sum = decimal.Zero
		var hours time.Duration
		for _, role := range allRoles {
			one := g.e
			one.Phases = slices.Clone(g.e.Phases)
			for i := range one.Phases {
				one.Phases[i].Staff = slices.DeleteFunc(slices.Clone(one.Phases[i].Staff), func(s Staffing) bool { return s.Role != role })
			}
			c, err := one.Cost(r)
			if err != nil {
				t.Fatal(err)
			}
			sum = sum.Add(exact(c.Lines))
			hours += c.Hours()
			if got, want := whole.RoleTotal(role), c.Total; !got.Equal(want) {
				t.Fatalf("role %s: RoleTotal %s, alone %s", role, got, want)
			}
		}
		if !sum.Equal(exact(whole.Lines)) || hours != whole.Hours() {
			t.Fatalf("roles sum to %s and %s, whole is %s and %s", sum, hours, exact(whole.Lines), whole.Hours())
		}
	})
}

// Extending a phase (into the gap before the next one, or the last phase,
// with Extend) never lowers its cost, any line's hours, or the total.
func TestCostExtendingNeverLowers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		g := drawPlan(t)
		r := drawRates(t)
		before, err := g.e.Cost(r)
		if err != nil {
			t.Fatal(err)
		}
		longer := g.e
		longer.Phases = slices.Clone(g.e.Phases)
		i := rapid.IntRange(0, len(longer.Phases)-1).Draw(t, "phase")
		room := 7
		if i+1 < len(longer.Phases) {
			room = longer.Phases[i+1].Start - (longer.Phases[i].Start + longer.Phases[i].Days)
		}
		if room == 0 {
			if longer, err = g.e.Extend(rapid.IntRange(1, 7).Draw(t, "extend last")); err != nil {
				t.Fatal(err)
			}
		} else {
			longer.Phases[i].Days += rapid.IntRange(1, room).Draw(t, "extend")
		}
		after, err := longer.Cost(r)
		if err != nil {
			t.Fatal(err)
		}
		if after.Total.LessThan(before.Total) {
			t.Fatalf("extending lowered the cost from %s to %s", before.Total, after.Total)
		}
		if len(after.Lines) != len(before.Lines) {
			t.Fatalf("extending changed the lines: %d to %d", len(before.Lines), len(after.Lines))
		}
		for k := range after.Lines {
			if after.Lines[k].Hours < before.Lines[k].Hours {
				t.Fatalf("extending lowered %s %s from %s to %s", after.Lines[k].Phase, after.Lines[k].Role, before.Lines[k].Hours, after.Lines[k].Hours)
			}
		}
	})
}

func benchTaper(tb testing.TB) Engagement {
	berlin := mustLoc(tb, "Europe/Berlin")
	business := mustCal(tb, berlin, "Mon-Fri 09:00-17:00", Date{2026, 10, 3}, Date{2026, 12, 25}, Date{2026, 12, 26})
	e, err := TaperPlan("bench", time.Date(2026, 10, 5, 9, 0, 0, 0, berlin), business)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

var benchRates = Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{
	RoleLead: decimal.RequireFromString("140"), RoleTriage: decimal.RequireFromString("95"),
	RoleChangeManager: decimal.RequireFromString("110"), RoleAgent: decimal.RequireFromString("45"),
}}

// BenchmarkCost costs the 90-day taper (4 phases, 16 staffing lines) across
// the October DST change and three holidays.
func BenchmarkCost(b *testing.B) {
	e := benchTaper(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Cost(benchRates); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCostNaive is the baseline: the same cost by stepping minute by
// minute with Calendar.Open.
func BenchmarkCostNaive(b *testing.B) {
	e := benchTaper(b)
	b.ReportAllocs()
	for b.Loop() {
		oracleCost(e, benchRates, calendarOpen)
	}
}

// BenchmarkCeremonies lists the 90-day taper's ceremonies.
func BenchmarkCeremonies(b *testing.B) {
	e := benchTaper(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Ceremonies(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCeremoniesNaive is the baseline: the same list by reading the
// wall clock minute by minute.
func BenchmarkCeremoniesNaive(b *testing.B) {
	e := benchTaper(b)
	b.ReportAllocs()
	for b.Loop() {
		oracleCeremonies(e, calendarOpen)
	}
}

// The naive baselines agree with the fast code on the benchmark plan.
func TestBenchmarkPlanAgrees(t *testing.T) {
	e := benchTaper(t)
	got, err := e.Cost(benchRates)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(oracleCost(e, benchRates, calendarOpen), got, planCmp); diff != "" {
		t.Errorf("cost mismatch (-naive +got):\n%s", diff)
	}
	cer, err := e.Ceremonies()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(oracleCeremonies(e, calendarOpen), cer, planCmp); diff != "" {
		t.Errorf("ceremonies mismatch (-naive +got):\n%s", diff)
	}
}

// oracleWallTime reads the wall clock minute by minute around date d: the
// first minute showing at, or, if the clock jumps over it, at read with the
// offset before the jump.
func oracleWallTime(d Date, at TimeOfDay, loc *time.Location) time.Time {
	target := int64(d.DaysSince(Date{1970, 1, 1}))*secPerDay + at.seconds()
	var prevWall, prevOff int64
	for u := time.Unix(target-30*3600, 0); u.Unix() < target+30*3600; u = u.Add(time.Minute) {
		_, o := u.In(loc).Zone()
		wall := u.Unix() + int64(o)
		if wall == target {
			return u.In(loc)
		}
		if prevWall != 0 && prevWall+60 <= target && target < wall {
			return time.Unix(target-prevOff, 0).In(loc)
		}
		prevWall, prevOff = wall, int64(o)
	}
	panic("no instant found")
}

func TestTimeOfDayOnMatchesOracle(t *testing.T) {
	zones := map[string][]Date{
		"Europe/Berlin":       {{2026, 3, 29}, {2026, 10, 25}},
		"America/New_York":    {{2026, 3, 8}, {2026, 11, 1}},
		"Australia/Lord_Howe": {{2026, 4, 5}, {2026, 10, 4}},
		"America/Sao_Paulo":   {{2018, 11, 4}, {2019, 2, 17}}, // DST began at midnight: 00:00 did not exist
		"Pacific/Apia":        {{2011, 12, 30}},               // a whole day skipped
		"Asia/Kolkata":        {{2026, 6, 10}},
	}
	names := []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo", "Pacific/Apia", "Asia/Kolkata"}
	rapid.Check(t, func(t *rapid.T) {
		zone := rapid.SampledFrom(names).Draw(t, "zone")
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		d := rapid.SampledFrom(zones[zone]).Draw(t, "date").AddDays(rapid.IntRange(-1, 1).Draw(t, "shift"))
		m := rapid.OneOf(rapid.IntRange(0, 1439), rapid.IntRange(0, 239)).Draw(t, "minute")
		at := TimeOfDay{m / 60, m % 60}
		got, want := at.On(d, loc), oracleWallTime(d, at, loc)
		if !got.Equal(want) || got.Location() != loc {
			t.Fatalf("%s on %s in %s = %s, want %s", at, d, zone, got, want)
		}
	})
}
