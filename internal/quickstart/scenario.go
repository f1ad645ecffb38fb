package quickstart

import (
	"fmt"
	"math"
	"time"

	"github.com/hypercare-go/hypercare"
)

// The scenario: Acme's CRM goes live on Monday 2026-03-09 in Berlin with the
// classic 4-week hypercare. Issues arrive fast after go-live and decay; a bad
// patch on day 15 brings a second bump of defects. One Sev1 (order sync
// down) hits on day 0. The project team carries weeks 1-2, and one of its
// developers, Ben, picks up far more than his share; the steady-state team
// takes over from week 3. Logins ramp up, but Finance lags, and nobody
// touches the new forecasting screen. Everything is generated from a fixed
// seed, so every run prints the same.

const (
	days      = 28 // the planned hypercare: 4 weeks
	badPatch  = 15 // the day the bad patch ships
	lastSev2  = 20 // no Sev2 is opened after this day
	sponsorID = hypercare.PersonID("sam")
)

var (
	berlin = mustLocation("Europe/Berlin")
	goLive = time.Date(2026, time.March, 9, 8, 0, 0, 0, berlin)
	// German public holidays in the period: Good Friday and Easter Monday.
	holidays = []hypercare.Date{{Year: 2026, Month: time.April, Day: 3}, {Year: 2026, Month: time.April, Day: 6}}
)

// scenario is the generated hypercare, before it is stored.
type scenario struct {
	business *hypercare.Calendar
	eng      hypercare.Engagement
	rota     hypercare.Rota
	roster   hypercare.Roster
	issues   []hypercare.Issue
	series   []hypercare.Series
	monitor  hypercare.MonitorConfig
}

func newScenario() (scenario, error) {
	var sc scenario
	var err error
	if sc.business, err = hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00", holidays...); err != nil {
		return sc, err
	}
	if sc.eng, err = hypercare.ClassicPlan("acme-crm", goLive, sc.business, 4); err != nil {
		return sc, err
	}
	sc.eng.Name = "Acme CRM go-live"
	sc.eng.People = team()
	if sc.rota, err = planRota(sc.eng); err != nil {
		return sc, err
	}
	if sc.roster, err = sc.rota.Plan(); err != nil {
		return sc, err
	}
	sc.issues, err = newIssues(sc.eng, sc.business, sc.roster)
	if err != nil {
		return sc, err
	}
	sc.series, sc.monitor = adoption(sc.business)
	return sc, nil
}

// team returns the eight people of the rota and the sponsor.
func team() []hypercare.Person {
	p := func(id hypercare.PersonID, name string, t hypercare.Team, role hypercare.Role, skills ...string) hypercare.Person {
		return hypercare.Person{ID: id, Name: name, Team: t, Roles: []hypercare.Role{role}, Skills: skills}
	}
	people := []hypercare.Person{
		p("ana", "Ana (hypercare lead)", hypercare.Project, hypercare.RoleLead, "crm", "integration"),
		p("ben", "Ben", hypercare.Project, hypercare.RoleTriage, "crm", "billing"),
		p("chen", "Chen", hypercare.Project, hypercare.RoleTriage, "integration", "billing"),
		p("dora", "Dora", hypercare.Project, hypercare.RoleTriage, "crm"),
		p("eli", "Eli", hypercare.SteadyState, hypercare.RoleAgent, "crm", "billing", "service-desk"),
		p("fay", "Fay", hypercare.SteadyState, hypercare.RoleAgent, "crm", "service-desk"),
		p("gus", "Gus", hypercare.SteadyState, hypercare.RoleAgent, "crm", "integration", "service-desk"),
		p("hana", "Hana", hypercare.SteadyState, hypercare.RoleAgent, "crm", "service-desk"),
		p(sponsorID, "Sam (sponsor)", hypercare.Project, hypercare.RoleSponsor),
	}
	away := func(from, to hypercare.Date) []hypercare.Interval {
		return []hypercare.Interval{{Start: from.In(berlin), End: to.AddDays(1).In(berlin)}}
	}
	people[2].TimeOff = away(hypercare.Date{Year: 2026, Month: 3, Day: 16}, hypercare.Date{Year: 2026, Month: 3, Day: 20})
	people[7].TimeOff = away(hypercare.Date{Year: 2026, Month: 3, Day: 30}, hypercare.Date{Year: 2026, Month: 4, Day: 3})
	return people
}

// planRota plans the shifts: week 1 around the clock in 12-hour shifts with a
// primary and a secondary, one from each team; week 2 a pair over coverage
// hours; then the service desk alone; outside coverage one person on call.
func planRota(e hypercare.Engagement) (hypercare.Rota, error) {
	slots, err := hypercare.PhaseSlots(e,
		hypercare.PhaseShifts{Phase: e.Phases[0].Name, Handoffs: []hypercare.TimeOfDay{{Hour: 8}, {Hour: 20}}, Seats: 2, Pair: true},
		hypercare.PhaseShifts{Phase: e.Phases[1].Name, Handoffs: []hypercare.TimeOfDay{{Hour: 8}}, Seats: 2, Pair: true, OnCallSeats: 1},
		// From week 3 the service desk staffs the day: hand-over done.
		hypercare.PhaseShifts{Phase: e.Phases[2].Name, Handoffs: []hypercare.TimeOfDay{{Hour: 9}}, Seats: 1, Skills: []string{"service-desk"}, OnCallSeats: 1},
	)
	if err != nil {
		return hypercare.Rota{}, err
	}
	return hypercare.Rota{
		People: e.People[:8],
		Slots:  slots,
		Rules: hypercare.RotaRules{
			MinRest:            11 * time.Hour,
			MaxConsecutiveDays: 6,
			MaxPer7Days:        60 * time.Hour,
			Location:           berlin,
		},
	}, nil
}

// rng is a small deterministic generator (splitmix64), so the scenario does
// not depend on how a Go release implements math/rand.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// between returns a duration in [lo, hi), to the minute.
func (r *rng) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.float()*float64(hi-lo)).Truncate(time.Minute)
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// arrivals is the number of issues opened on engagement day d: a decay from
// go-live, a bump after the bad patch, and quieter weekends.
func arrivals(d int, weekday time.Weekday) int {
	n := 11 * math.Exp(-float64(d)/6)
	if d >= badPatch {
		n += 7 * math.Exp(-float64(d-badPatch)/1.5)
	}
	n += 1.2 // the steady trickle
	if weekday == time.Saturday || weekday == time.Sunday {
		n /= 4
	}
	return int(math.Round(n))
}

var titles = map[hypercare.Kind][]string{
	hypercare.Defect: {"Quote PDF shows wrong VAT", "Lead import drops phone numbers", "Invoice sync retries forever",
		"Dashboard tiles time out", "Duplicate contacts after merge", "Approval e-mail has broken link",
		"Discount over 20% not blocked", "Territory rules skip new accounts"},
	hypercare.TrainingGap: {"Where do I find my old opportunities?", "How do I log a call?", "Cannot find the export button",
		"How do I reassign a case?", "What does 'stage probability' mean?"},
	hypercare.Question:      {"Is the mobile app supported?", "When is the next release?", "Who approves discounts now?"},
	hypercare.ChangeRequest: {"Add region to the account list view", "Default close date to end of quarter"},
	hypercare.DataFix:       {"Migrated accounts lost their owner", "Contacts imported with wrong country"},
}

// newIssues generates the issue timelines; whoever is on shift picks an
// issue up, unless Ben grabs it first.
func newIssues(e hypercare.Engagement, business *hypercare.Calendar, ro hypercare.Roster) ([]hypercare.Issue, error) {
	team := map[hypercare.PersonID]hypercare.Team{}
	for _, p := range e.People {
		team[p.ID] = p.Team
	}
	g := generator{e: e, business: business, roster: ro, team: team, r: rng(20260309)}
	var out []hypercare.Issue
	n := 0
	add := func(is hypercare.Issue, events ...hypercare.Event) error {
		if err := is.Append(events...); err != nil {
			return err
		}
		out = append(out, is)
		return nil
	}
	// Day 0, 10:12: order sync to the ERP is down. Ben fixes it in 2h40m.
	t0 := time.Date(2026, time.March, 9, 10, 12, 0, 0, berlin)
	n++
	if err := add(hypercare.Issue{ID: "INC-1", Engagement: e.ID, Title: "Order sync to ERP is down"},
		hypercare.Event{Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev1, Kind: hypercare.Defect},
		hypercare.Event{Type: hypercare.EventAssigned, At: t0.Add(4 * time.Minute), Team: hypercare.Project, Person: "ben"},
		hypercare.Event{Type: hypercare.EventResponded, At: t0.Add(6 * time.Minute), Person: "ben"},
		hypercare.Event{Type: hypercare.EventResolved, At: t0.Add(2*time.Hour + 40*time.Minute), Team: hypercare.Project, Person: "ben"},
	); err != nil {
		return nil, err
	}
	for d := range days {
		date := hypercare.DateOf(e.DayStart(d))
		count := arrivals(d, date.Weekday())
		for range count {
			n++
			is, events := g.issue(d, n)
			if err := add(is, events...); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// generator makes issues up.
type generator struct {
	e        hypercare.Engagement
	business *hypercare.Calendar
	roster   hypercare.Roster
	team     map[hypercare.PersonID]hypercare.Team
	r        rng
}

// onShift returns who is on a shift at t, of the team if any is.
func (g *generator) onShift(t time.Time, team hypercare.Team) []hypercare.PersonID {
	var all, mine []hypercare.PersonID
	for _, sh := range g.roster.Shifts {
		if !sh.Start.After(t) && t.Before(sh.End) {
			for _, p := range sh.People {
				all = append(all, p)
				if g.team[p] == team {
					mine = append(mine, p)
				}
			}
		}
	}
	if len(mine) > 0 {
		return mine
	}
	return all
}

// pick chooses who picks up an issue at t on day d: Ben, the hero, grabs many
// whether on shift or not; otherwise someone on shift, from the project team
// early on and from the steady-state team later.
func (g *generator) pick(t time.Time, d int, team hypercare.Team) hypercare.PersonID {
	r := &g.r
	if team == hypercare.Project && r.chance(heroShare(d)) {
		return "ben"
	}
	on := g.onShift(t, team)
	if len(on) == 0 {
		return "ana"
	}
	return on[r.next()%uint64(len(on))]
}

// issue generates one issue opened on day d.
func (g *generator) issue(d, n int) (hypercare.Issue, []hypercare.Event) {
	r, e, business := &g.r, g.e, g.business
	date := hypercare.DateOf(e.DayStart(d))
	opened := date.In(berlin).Add(8*time.Hour + r.between(0, 10*time.Hour))
	end := e.PlannedEnd

	kind := pickKind(r, d)
	sev := hypercare.Sev3
	switch {
	case d > lastSev2:
	case kind == hypercare.Defect && r.chance(0.3):
		sev = hypercare.Sev2
	case kind == hypercare.DataFix && r.chance(0.5):
		sev = hypercare.Sev2
	}
	list := titles[kind]
	is := hypercare.Issue{
		ID:         hypercare.IssueID(fmt.Sprintf("INC-%d", n)),
		Engagement: e.ID,
		Title:      list[int(r.next()%uint64(len(list)))],
	}
	events := []hypercare.Event{{Type: hypercare.EventOpened, At: opened, Severity: sev, Kind: kind}}
	at := opened
	push := func(ev hypercare.Event) bool {
		if !ev.At.Before(end) {
			return false // beyond the story: the issue is still open
		}
		events, at = append(events, ev), ev.At
		return true
	}

	// Who picks it up: the project team in week 1, the steady-state team from
	// week 3. Ben takes half of the project team's issues, often at night.
	team := hypercare.SteadyState
	if r.chance(projectShare(d)) {
		team = hypercare.Project
	}
	person := g.pick(opened, d, team)
	team = g.team[person]
	if !push(hypercare.Event{Type: hypercare.EventAssigned, At: at.Add(r.between(2*time.Minute, 20*time.Minute)), Team: team, Person: person}) {
		return is, events
	}
	respond := business.Add(at, r.between(10*time.Minute, 90*time.Minute))
	if sev == hypercare.Sev2 {
		respond = at.Add(r.between(10*time.Minute, 50*time.Minute))
	}
	if !push(hypercare.Event{Type: hypercare.EventResponded, At: respond, Person: person}) {
		return is, events
	}
	// Some wait on the user.
	if r.chance(0.15) {
		if !push(hypercare.Event{Type: hypercare.EventPaused, At: at.Add(r.between(30*time.Minute, 2*time.Hour)), Reason: "waiting on the user"}) {
			return is, events
		}
		if !push(hypercare.Event{Type: hypercare.EventResumed, At: business.Add(at, r.between(2*time.Hour, 12*time.Hour))}) {
			return is, events
		}
	}
	// The steady-state team escalates what it cannot fix: often at first, rarely later.
	if team == hypercare.SteadyState && kind == hypercare.Defect && r.chance(escalation(d)) {
		person = g.pick(at, d, hypercare.Project)
		if g.team[person] != hypercare.Project {
			person = "ben" // nobody from the project on shift: Ben steps in
		}
		if !push(hypercare.Event{Type: hypercare.EventEscalated, At: business.Add(at, r.between(time.Hour, 6*time.Hour)), Person: person}) {
			return is, events
		}
		team = hypercare.Project
	}
	work := r.between(2*time.Hour, 30*time.Hour)
	switch {
	case sev == hypercare.Sev2:
		work = r.between(3*time.Hour, 19*time.Hour)
	case kind == hypercare.TrainingGap || kind == hypercare.Question:
		work = r.between(30*time.Minute, 8*time.Hour)
	}
	if !push(hypercare.Event{Type: hypercare.EventResolved, At: business.Add(at, work), Team: team, Person: person}) {
		is.Workaround, is.FixExpected = workaround(kind), business.Add(at, 16*time.Hour)
		return is, events
	}
	// A few fixes do not hold.
	if kind == hypercare.Defect && r.chance(0.06) {
		if push(hypercare.Event{Type: hypercare.EventReopened, At: at.Add(r.between(4*time.Hour, 30*time.Hour))}) {
			push(hypercare.Event{Type: hypercare.EventResolved, At: business.Add(at, r.between(2*time.Hour, 10*time.Hour)), Team: team, Person: person})
		}
	}
	return is, events
}

func pickKind(r *rng, d int) hypercare.Kind {
	x := r.float()
	if d >= badPatch && d < badPatch+4 && x < 0.5 {
		return hypercare.Defect // the bad patch
	}
	switch x = r.float(); {
	case x < 0.42:
		return hypercare.Defect
	case x < 0.78:
		return hypercare.TrainingGap
	case x < 0.88:
		return hypercare.Question
	case x < 0.94:
		return hypercare.ChangeRequest
	}
	return hypercare.DataFix
}

// projectShare is the share of new issues the project team picks up on day d.
func projectShare(d int) float64 {
	switch {
	case d < 7:
		return 0.75
	case d < 14:
		return 0.4
	}
	return 0.02
}

// escalation is the chance the steady-state team escalates a defect on day d.
func escalation(d int) float64 {
	switch {
	case d < 7:
		return 0.5
	case d < 14:
		return 0.3
	case d < 21:
		return 0.08
	}
	return 0
}

// heroShare is the chance Ben grabs a project issue on day d.
func heroShare(d int) float64 {
	if d < 14 {
		return 0.45
	}
	return 0.2
}

func workaround(k hypercare.Kind) string {
	if k == hypercare.Defect {
		return "use the classic screen until the fix ships"
	}
	return ""
}

// adoption returns four weeks of daily active-user rates per team (the
// share of licensed users active each day: ActiveRate, as weekends are
// quiet), ramping after go-live with Finance lagging, and the use of two
// new features by Sales, one of which nobody touches.
func adoption(business *hypercare.Calendar) ([]hypercare.Series, hypercare.MonitorConfig) {
	r := rng(42)
	login := hypercare.AdoptionMetric{Kind: hypercare.ActiveRate}
	teams := []struct {
		name        string
		licensed    float64
		start, goal float64
	}{
		{"Sales", 120, 0.35, 0.88},
		{"Service", 80, 0.40, 0.90},
		{"Finance", 40, 0.20, 0.52},
		{"Ops", 30, 0.50, 0.86},
	}
	var series []hypercare.Series
	first := hypercare.DateOf(goLive)
	for _, t := range teams {
		s := hypercare.Series{Metric: login, Segment: hypercare.Segment{Dimension: "team", Name: t.name}}
		for d := range days {
			date := first.AddDays(d)
			rate := t.goal - (t.goal-t.start)*math.Exp(-float64(d)/4) + 0.03*(r.float()-0.5)
			if wd := date.Weekday(); wd == time.Saturday || wd == time.Sunday {
				rate *= 0.15
			}
			s.Samples = append(s.Samples, hypercare.Sample{Date: date, Value: math.Round(rate * t.licensed), Base: t.licensed})
		}
		series = append(series, s)
	}
	for _, f := range []struct {
		name string
		goal float64
	}{{"Quotes", 0.6}, {"Forecasts", 0}} {
		s := hypercare.Series{
			Metric:  hypercare.AdoptionMetric{Kind: hypercare.FeatureUse, Name: f.name},
			Segment: hypercare.Segment{Dimension: "team", Name: "Sales"},
		}
		for d := range days {
			used := math.Round(120 * f.goal * (1 - math.Exp(-float64(d)/5)))
			s.Samples = append(s.Samples, hypercare.Sample{Date: first.AddDays(d), Value: used, Base: 120})
		}
		series = append(series, s)
	}
	cfg := hypercare.MonitorConfig{
		Calendar: business,
		Targets:  []hypercare.RateTarget{{Metric: login, Rate: 0.75}},
	}
	return series, cfg
}

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // the zone database is part of every Go install (time/tzdata)
	}
	return loc
}
