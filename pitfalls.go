package hypercare

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file is the pitfall check of a hypercare plan: the
// common pitfalls — no hypercare planned, unclear ownership,
// underestimated duration, hero culture — and the missing hand-over to the
// steady-state team, found in an engagement, its roster and its issues.

// Pitfall is one of the common pitfalls of a hypercare, as Pitfalls finds it.
type Pitfall int

// The pitfalls, in the order Pitfalls reports them. The zero Pitfall is invalid.
const (
	// PitfallNoPlan: "no hypercare planned" — no phases, days of the planned
	// period in no phase, or an exit policy nobody signs off.
	PitfallNoPlan Pitfall = 1 + iota
	// PitfallUnclearOwnership: issues fall between the project and the
	// steady-state team — open issues no team owns, or issues bounced
	// between the teams.
	PitfallUnclearOwnership
	// PitfallUnderestimatedDuration: "2 weeks planned; actual need is 6" —
	// the exit criteria hold only after the planned end.
	PitfallUnderestimatedDuration
	// PitfallHeroCulture: "burning out the team to cover hypercare" —
	// someone on shift too much of the time, or a sign from the hero report
	// (see Heroes).
	PitfallHeroCulture
	// PitfallNoHandover: no steady-state member works the last phase, so
	// nobody has learnt to take over when hypercare ends.
	PitfallNoHandover
)

var pitfallNames = []string{"", "no-plan", "unclear-ownership", "underestimated-duration", "hero-culture", "no-hand-over"}

// String returns the pitfall's name, such as "unclear-ownership".
func (p Pitfall) String() string { return enumString("Pitfall", int(p), pitfallNames) }

// Valid reports whether p is one of the defined pitfalls.
func (p Pitfall) Valid() bool { return validEnum(int(p), pitfallNames) }

// MarshalText encodes p by name; an invalid pitfall is an error.
func (p Pitfall) MarshalText() ([]byte, error) { return marshalEnum("pitfall", int(p), pitfallNames) }

// UnmarshalText decodes a pitfall by name (case-insensitive).
func (p *Pitfall) UnmarshalText(b []byte) error {
	return unmarshalEnum("pitfall", b, pitfallNames, (*int)(p))
}

// Finding is one pitfall found by Pitfalls: which, how urgent (LevelWarn: worth
// watching; LevelAlert: act now), and one sentence with the numbers, naming
// the issues and people involved, who are also listed.
type Finding struct {
	Pitfall Pitfall `json:"pitfall"`
	Level   Level   `json:"level"`
	Message string  `json:"message"`
	// Issues are the issues the message is about, oldest first.
	Issues []IssueID `json:"issues,omitempty"`
	// People are the people the message is about.
	People []PersonID `json:"people,omitempty"`
}

// String returns the finding as one line: level, pitfall and message, as in
// "warn unclear-ownership: 2 open issues ...".
func (f Finding) String() string {
	return f.Level.String() + " " + f.Pitfall.String() + ": " + f.Message
}

// PitfallRules are the thresholds of Pitfalls. Every zero field means its default.
type PitfallRules struct {
	// UnownedFor is how long an open issue may go without an owning team
	// before it counts as unowned; zero means 24 hours (with triage several
	// times a day, an issue nobody owns after a day has fallen between the
	// teams). Negative is an error.
	UnownedFor time.Duration `json:"-"` // as "unowned_for": "24h0m0s"
	// MaxHandoffs is how many times an issue may change owning team (see
	// State.Handoffs) before it counts as bounced; zero means 2, a negative
	// value 0.
	MaxHandoffs int `json:"max_handoffs,omitempty"`
	// MaxShiftShare is the largest share of the roster's horizon (from its
	// first shift's start to its last shift's end) one person may spend on
	// shift, in [0, 1]; zero means 0.25, the SRE practice. Above twice the
	// share, the finding is an alert.
	MaxShiftShare decimal.Decimal `json:"max_shift_share,omitzero"`
	// Heroes are the hero report's thresholds; a nil Heroes.Location means
	// the engagement's location.
	Heroes HeroRules `json:"heroes"`
}

func (r PitfallRules) unownedFor() time.Duration { return cmp.Or(r.UnownedFor, 24*time.Hour) }

func (r PitfallRules) maxShiftShare() decimal.Decimal {
	return orDecimal(r.MaxShiftShare, defaultOnCallShare())
}

func (r PitfallRules) check() error {
	switch {
	case r.UnownedFor < 0:
		return invalidf("hypercare: check rules: negative unowned-for %s", r.UnownedFor)
	case r.MaxShiftShare.IsNegative() || r.MaxShiftShare.GreaterThan(decimal.NewFromInt(1)):
		return invalidf("hypercare: check rules: shift share %s is outside 0 to 1", r.MaxShiftShare)
	}
	return nil
}

// PitfallInput is what Pitfalls judges: an engagement with its evidence.
type PitfallInput struct {
	Engagement Engagement `json:"engagement"`
	Issues     []Issue    `json:"issues,omitempty"`
	SignOffs   []SignOff  `json:"sign_offs,omitempty"`
	// Roster is who is on shift when: planned (Rota.Plan) or hand-made.
	Roster Roster `json:"roster"`
	// AsOf is the instant judged; events and sign-offs after it are
	// ignored. Zero, or any instant before go-live, judges the plan as it
	// stands at go-live, before any evidence: how to check a plan for the
	// statement of work.
	AsOf time.Time `json:"as_of,omitzero"`
	// Rates, when set (a Currency or any Hourly rate), cost the extension an
	// underestimated duration needs (see Engagement.Extend and
	// Engagement.Cost). Pitfalls costs the plan with them first, so rates that
	// cannot cost it (a bad currency, a staffed role with no rate) are an
	// error even when no extension is needed. The zero Rates leave the
	// extension uncosted.
	Rates Rates `json:"rates,omitzero"`
	// Scheme names severities in the messages; nil means the engagement's
	// Scheme, or DefaultScheme() if it has none.
	Scheme Scheme       `json:"scheme,omitempty"`
	Rules  PitfallRules `json:"rules"`
}

// Pitfalls looks for the classic pitfalls in in.Engagement (e below), its roster and its issues at
// in.AsOf, and returns what it finds, sorted by pitfall (in the order of the
// constants), each with a level and a sentence:
//
//   - PitfallNoPlan: e has no phases (alert); some days between go-live and
//     the planned end are in no phase (warn); or the exit policy can be met
//     without anyone signing off (warn). The trap: the zero Engagement.Exit
//     is not "no exit policy" — it means DefaultExitPolicy, which ends with
//     the sponsor's sign-off — so "no exit policy" is a policy whose
//     criteria can all hold with no gate passed: no SponsorSignOff, and no
//     criterion of a firm's own that marks its results Gate, that All
//     requires (inside Any, a gate counts only if every alternative has one).
//   - PitfallUnclearOwnership: open issues that have had no owning team for
//     Rules.UnownedFor or longer (warn; alert if one is Sev1); issues handed
//     between the teams more than Rules.MaxHandoffs times (warn).
//   - PitfallUnderestimatedDuration: Evaluate's earliest exit is after the
//     planned end (warn; alert once the planned end has passed), with the
//     days to add and, given Rates, what they cost; or the planned end has
//     passed and no exit date is in sight because a criterion needs action
//     (alert).
//   - PitfallHeroCulture: a person on shift more than Rules.MaxShiftShare
//     of the roster's horizon (warn; alert above twice the share), and each
//     flag of the hero report (Heroes over the roster and the issues as at
//     AsOf; warn). The report is over the people who handle issues: those
//     on any roster shift or, with no shifts, the people of e.People with a
//     role other than sponsor or change manager; plus anyone who handled an
//     issue. So a sponsor who never takes an issue does not count as a zero
//     in the Gini, and sole holders of a skill are looked for among them.
//   - PitfallNoHandover: no steady-state member (Person.Team of e.People) on
//     any roster shift overlapping the last phase (alert); when no shift
//     overlaps it, the last phase must staff steady-state agents (RoleAgent)
//     instead (alert if not).
//
// A well-run hypercare gives no findings. Pitfalls returns an error if e is
// invalid (see Engagement.Validate), an issue or sign-off names another
// engagement, a criterion fails (see Evaluate), the rules or scheme are
// invalid, the hero rules have a negative threshold, or Rates is set and
// cannot cost e (see Engagement.Cost), whether or not an extension needs
// costing.
// Errors caused by the input wrap ErrInvalid; an error of a custom
// criterion or rule is passed on, wrapped, as it is.
func Pitfalls(in PitfallInput) ([]Finding, error) {
	c, err := newChecker(in.Engagement, in)
	if err != nil {
		return nil, err
	}
	return c.findings()
}

// checker holds what the checks share: the engagement, the instant judged,
// the issues as they stood then, the verdict and the hero report, so the
// status report can compute each once.
type checker struct {
	e      Engagement
	in     PitfallInput
	loc    *time.Location
	at     time.Time
	issues []Issue // as at `at`, only those opened by then
	scheme Scheme
	v      Verdict
	cost   *Cost // the plan's cost at in.Rates; nil when Rates are not set
	heroes HeroReport
	shares []ShiftShare
	span   Interval // the roster's horizon
}

func newChecker(e Engagement, in PitfallInput) (*checker, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if err := in.Rules.check(); err != nil {
		return nil, err
	}
	scheme, err := schemeOrDefault(in.Scheme, e.Scheme)
	if err != nil {
		return nil, err
	}
	e.Scheme = scheme // the verdict names severities as the messages do
	var cost *Cost
	if in.Rates.Currency != "" || len(in.Rates.Hourly) > 0 {
		planned, err := e.Cost(in.Rates)
		if err != nil {
			return nil, err
		}
		cost = &planned
	}
	at := later(in.AsOf, e.GoLive)
	v, err := Evaluate(ExitInput{Engagement: e, Issues: in.Issues, SignOffs: in.SignOffs, AsOf: at})
	if err != nil {
		return nil, err
	}
	c := &checker{e: e, in: in, loc: e.loc(), at: at, issues: issuesAt(in.Issues, at), scheme: scheme, v: v, cost: cost}
	hr := in.Rules.Heroes
	if hr.Location == nil {
		hr.Location = c.loc
	}
	if c.heroes, err = Heroes(handlers(e, in.Roster, c.issues), in.Roster, c.issues, hr); err != nil {
		return nil, invalid(err) // each of Heroes' errors is about the input
	}
	c.shares, c.span = shiftShares(in.Roster)
	return c, nil
}

// handlers returns the people the hero report of Pitfalls is over, those who
// handle issues: the people on any shift of ro (those of e.People in their
// order, then others by ID); with no shifts, those of e.People with a role
// other than sponsor or change manager. Either way, people of e.People who
// handled one of the issues are kept too, so their zone counts; Heroes adds
// handlers from outside e.People itself.
func handlers(e Engagement, ro Roster, issues []Issue) []Person {
	keep := map[PersonID]bool{}
	for _, sh := range ro.Shifts {
		for _, id := range sh.People {
			keep[id] = true
		}
	}
	if len(ro.Shifts) == 0 {
		for _, p := range e.People {
			keep[p.ID] = slices.ContainsFunc(p.Roles, func(r Role) bool { return r != RoleSponsor && r != RoleChangeManager })
		}
	}
	for _, is := range issues {
		if id := issueHandler(is); id != "" {
			if _, ok := e.Person(id); ok {
				keep[id] = true
			}
		}
	}
	var out []Person
	for _, p := range e.People {
		if keep[p.ID] {
			out = append(out, p)
			delete(keep, p.ID)
		}
	}
	for _, id := range sortedPersonIDs(keep) { // on shifts, not in e.People
		if keep[id] && id != "" {
			out = append(out, Person{ID: id})
		}
	}
	return out
}

// schemeOrDefault returns the first non-nil of schemes, or DefaultScheme()
// when all are nil, and an error if it is invalid.
func schemeOrDefault(schemes ...Scheme) (Scheme, error) {
	for _, sc := range schemes {
		if sc != nil {
			return sc, sc.Validate()
		}
	}
	return DefaultScheme(), nil
}

func (c *checker) findings() ([]Finding, error) {
	var out []Finding
	out = c.noPlan(out)
	out = c.ownership(out)
	out, err := c.duration(out)
	if err != nil {
		return nil, err
	}
	out = c.heroCulture(out)
	return c.handover(out), nil
}

// noPlan finds "no hypercare planned".
func (c *checker) noPlan(out []Finding) []Finding {
	e := c.e
	if len(e.Phases) == 0 {
		out = append(out, Finding{Pitfall: PitfallNoPlan, Level: LevelAlert,
			Message: fmt.Sprintf("engagement %q has no phases: no hypercare is planned after go-live on %s, so users are left adrift when the project team moves on",
				e.ID, stamp(e.GoLive, c.loc))})
	} else {
		planned := extensionDays(e.GoLive, e.PlannedEnd, c.loc) // days from go-live to the planned end, rounded up
		var gaps []string
		next := 0
		for _, p := range e.Phases {
			if p.Start > next && next < planned {
				gaps = append(gaps, dayRange(next, min(p.Start, planned)-1))
			}
			next = max(next, p.Start+p.Days)
		}
		if next < planned {
			gaps = append(gaps, dayRange(next, planned-1))
		}
		if len(gaps) > 0 {
			out = append(out, Finding{Pitfall: PitfallNoPlan, Level: LevelWarn,
				Message: fmt.Sprintf("%s after go-live, of the %d planned to %s, %s in no phase: nobody is planned to be on hand then",
					joinAnd(gaps), planned, stamp(e.PlannedEnd, c.loc), isAre(len(gaps) == 1 && !strings.Contains(gaps[0], "-")))})
		}
	}
	if !c.gated() {
		out = append(out, Finding{Pitfall: PitfallNoPlan, Level: LevelWarn,
			Message: fmt.Sprintf("the exit policy (%s) can be met with no sponsor signing off: nobody decides that hypercare is over",
				joinNames(e.Exit.criteria(), c.scheme))})
	}
	return out
}

// gated reports whether every way of meeting the exit policy passes a gate.
func (c *checker) gated() bool {
	cs := c.e.Exit.criteria()
	for i, cr := range cs {
		if i < len(c.v.Results) && requiresGate(cr, c.v.Results[i]) {
			return true
		}
	}
	return false
}

// requiresGate reports whether criterion cr, whose result is r, can only be
// met by passing a gate.
func requiresGate(cr Criterion, r Result) bool {
	switch cr := cr.(type) {
	case allOf:
		for i, p := range cr {
			if i < len(r.Parts) && requiresGate(p, r.Parts[i]) {
				return true
			}
		}
		return false
	case anyOf:
		for i, p := range cr {
			if i >= len(r.Parts) || !requiresGate(p, r.Parts[i]) {
				return false
			}
		}
		return len(cr) > 0
	}
	return r.Gate
}

// ownership finds "unclear ownership".
func (c *checker) ownership(out []Finding) []Finding {
	limit := c.in.Rules.unownedFor()
	maxHandoffs := orCount(c.in.Rules.MaxHandoffs, 2)
	var unowned, bounced []*Issue
	level := LevelWarn
	for i := range c.issues {
		is := &c.issues[i]
		st := is.state
		if st.IsOpen() && st.Team == 0 && c.at.Sub(st.Opened) >= limit {
			unowned = append(unowned, is)
			if st.Severity == Sev1 {
				level = LevelAlert
			}
		}
		if st.Handoffs > maxHandoffs {
			bounced = append(bounced, is)
		}
	}
	if len(unowned) > 0 {
		sortByOpened(unowned)
		oldest := "; the oldest was opened on "
		if len(unowned) == 1 {
			oldest = ", opened on "
		}
		out = append(out, Finding{Pitfall: PitfallUnclearOwnership, Level: level, Issues: issueIDs(unowned),
			Message: fmt.Sprintf("%s no team has owned for %s or more: %s%s%s",
				plural(len(unowned), "open issue", "open issues"), spanText(limit),
				listed(len(unowned), func(i int) string {
					return string(unowned[i].ID) + " (" + c.scheme.Name(unowned[i].state.Severity) + ")"
				}), oldest, stamp(unowned[0].state.Opened, c.loc))})
	}
	if len(bounced) > 0 {
		sortByOpened(bounced)
		out = append(out, Finding{Pitfall: PitfallUnclearOwnership, Level: LevelWarn, Issues: issueIDs(bounced),
			Message: fmt.Sprintf("%s handed between the project and steady-state teams more than %s: %s",
				plural(len(bounced), "issue was", "issues were"), plural(maxHandoffs, "time", "times"),
				listed(len(bounced), func(i int) string {
					return fmt.Sprintf("%s (%d times)", bounced[i].ID, bounced[i].state.Handoffs)
				}))})
	}
	return out
}

// duration finds "underestimating duration".
func (c *checker) duration(out []Finding) ([]Finding, error) {
	e, v := c.e, c.v
	if v.Ready {
		return out, nil
	}
	planned := extensionDays(e.GoLive, e.PlannedEnd, c.loc)
	overrun := c.at.After(e.PlannedEnd)
	level := LevelWarn
	if overrun {
		level = LevelAlert
	}
	switch {
	case v.ExtensionDays > 0:
		var late []string
		var evidence []IssueID
		for _, r := range v.Results {
			if r.MetAt.After(e.PlannedEnd) {
				s := r.Criterion
				if len(r.Evidence) > 0 {
					s += " (" + idList(r.Evidence) + ")"
				}
				late = append(late, s)
				evidence = append(evidence, r.Evidence...)
			}
		}
		msg := fmt.Sprintf("%s planned to %s, but the exit criteria hold at the earliest on %s: %s more",
			plural(planned, "day", "days"), stamp(e.PlannedEnd, c.loc), stamp(v.EarliestExit, c.loc), plural(v.ExtensionDays, "day", "days"))
		if c.cost != nil && len(e.Phases) > 0 {
			more, err := extensionCost(e, v.ExtensionDays, c.in.Rates, *c.cost)
			if err != nil {
				return nil, err
			}
			msg += fmt.Sprintf(", costing %s %s more", c.in.Rates.Currency, more.StringFixed(2))
		}
		if len(late) > 0 {
			msg += "; late: " + strings.Join(late, "; ")
		}
		out = append(out, Finding{Pitfall: PitfallUnderestimatedDuration, Level: level, Message: msg, Issues: uniqueIDs(evidence)})
	case overrun && v.EarliestExit.IsZero():
		var blocked []string
		var evidence []IssueID
		for _, r := range v.Results {
			if r.NeedsAction && !r.Gate {
				s := r.Criterion
				if len(r.Evidence) > 0 {
					s += " (" + idList(r.Evidence) + ")"
				}
				blocked = append(blocked, s)
				evidence = append(evidence, r.Evidence...)
			}
		}
		ago := extensionDays(e.PlannedEnd, c.at, c.loc)
		msg := fmt.Sprintf("the %s planned ended on %s, %s ago, and no exit date is in sight",
			plural(planned, "day", "days"), stamp(e.PlannedEnd, c.loc), plural(ago, "day", "days"))
		if len(blocked) > 0 {
			msg += " until someone acts on: " + strings.Join(blocked, "; ")
		}
		out = append(out, Finding{Pitfall: PitfallUnderestimatedDuration, Level: LevelAlert, Message: msg, Issues: uniqueIDs(evidence)})
	}
	return out, nil
}

// extensionCost returns what extending e, which costs before at rates r, by
// days costs.
func extensionCost(e Engagement, days int, r Rates, before Cost) (decimal.Decimal, error) {
	longer, err := e.Extend(days)
	if err != nil {
		return decimal.Zero, err
	}
	after, err := longer.Cost(r)
	if err != nil {
		return decimal.Zero, err
	}
	return after.Total.Sub(before.Total), nil
}

// heroCulture finds "hero culture".
func (c *checker) heroCulture(out []Finding) []Finding {
	limit := c.in.Rules.maxShiftShare()
	horizon := decimal.NewFromInt(int64(c.span.Duration()))
	for _, s := range c.shares {
		on := decimal.NewFromInt(int64(s.OnShift))
		if !on.GreaterThan(limit.Mul(horizon)) {
			continue
		}
		level := LevelWarn
		if on.GreaterThan(limit.Mul(horizon).Mul(decimal.NewFromInt(2))) {
			level = LevelAlert
		}
		out = append(out, Finding{Pitfall: PitfallHeroCulture, Level: level, People: []PersonID{s.Person},
			Message: fmt.Sprintf("%s is on shift %s of the roster's %s (%s, at most %s)",
				s.Person, hoursText(s.OnShift), hoursText(c.span.Duration()),
				percentText(int64(s.OnShift), int64(c.span.Duration())), decimalPercent(limit))})
	}
	for _, f := range c.heroes.Flags {
		if f.Person == "" { // a team-wide signal
			out = append(out, Finding{Pitfall: PitfallHeroCulture, Level: LevelWarn, Issues: slices.Clone(f.Issues), Message: f.Reason})
			continue
		}
		out = append(out, Finding{Pitfall: PitfallHeroCulture, Level: LevelWarn, People: []PersonID{f.Person},
			Issues: slices.Clone(f.Issues), Message: string(f.Person) + " " + f.Reason})
	}
	return out
}

// handover finds the missing hand-over in the last phase.
func (c *checker) handover(out []Finding) []Finding {
	e := c.e
	if len(e.Phases) == 0 {
		return out
	}
	last := e.Phases[len(e.Phases)-1]
	span := e.Span(last)
	shifts, steady := 0, false
	var seen []PersonID
	for _, sh := range c.in.Roster.Shifts {
		if !span.Overlaps(Interval{sh.Start, sh.End}) {
			continue
		}
		shifts++
		for _, id := range sh.People {
			if p, ok := e.Person(id); ok && p.Team == SteadyState {
				steady = true
			}
			if !slices.Contains(seen, id) {
				seen = append(seen, id)
			}
		}
	}
	when := fmt.Sprintf("the last phase %q (%s to %s)", last.Name, stamp(span.Start, c.loc), stamp(span.End, c.loc))
	switch {
	case shifts > 0 && !steady:
		slices.Sort(seen)
		who := "nobody"
		if len(seen) > 0 {
			who = listed(len(seen), func(i int) string { return string(seen[i]) })
		}
		out = append(out, Finding{Pitfall: PitfallNoHandover, Level: LevelAlert, People: seen,
			Message: fmt.Sprintf("the %s in %s %s no steady-state member on %s, only %s: nobody learns to take over",
				plural(shifts, "shift", "shifts"), when, hasHave(shifts == 1), itThem(shifts == 1), who)})
	case shifts == 0 && !slices.ContainsFunc(last.Staff, func(s Staffing) bool { return s.Role == RoleAgent }):
		out = append(out, Finding{Pitfall: PitfallNoHandover, Level: LevelAlert,
			Message: fmt.Sprintf("no roster shift falls in %s and it staffs no steady-state agents: nobody learns to take over", when)})
	}
	return out
}

// ShiftShare is a person's time on shift in a roster and its share of the
// roster's horizon, from the first shift's start to the last shift's end.
type ShiftShare struct {
	Person PersonID `json:"person"`
	// OnShift is the time on the person's shifts, overlapping shifts
	// counted once, in elapsed time.
	OnShift time.Duration `json:"on_shift"`
	// Share is OnShift over the horizon, in [0, 1].
	Share float64 `json:"share"`
}

// shiftShares returns each person's time on shift in ro, most first (then by
// ID), and the roster's horizon. Shifts that do not end after they start
// count for nothing.
func shiftShares(ro Roster) ([]ShiftShare, Interval) {
	var span Interval
	byPerson := map[PersonID][]Interval{}
	for _, sh := range ro.Shifts {
		iv := Interval{sh.Start, sh.End}
		if iv.Duration() == 0 {
			continue
		}
		if span.Start.IsZero() || iv.Start.Before(span.Start) {
			span.Start = iv.Start
		}
		if span.End.IsZero() || iv.End.After(span.End) {
			span.End = iv.End
		}
		for _, id := range sh.People {
			byPerson[id] = append(byPerson[id], iv)
		}
	}
	out := make([]ShiftShare, 0, len(byPerson))
	for id, ivs := range byPerson {
		slices.SortFunc(ivs, func(a, b Interval) int { return a.Start.Compare(b.Start) })
		var on time.Duration
		cur := ivs[0]
		for _, iv := range ivs[1:] {
			if iv.Start.After(cur.End) {
				on += cur.Duration()
				cur = iv
			} else if iv.End.After(cur.End) {
				cur.End = iv.End
			}
		}
		on += cur.Duration()
		out = append(out, ShiftShare{Person: id, OnShift: on, Share: float64(on) / float64(span.Duration())})
	}
	slices.SortFunc(out, func(a, b ShiftShare) int {
		return cmp.Or(cmp.Compare(b.OnShift, a.OnShift), strings.Compare(string(a.Person), string(b.Person)))
	})
	return out, span
}

// issuesAt returns the issues opened by t as they stood at t (Issue.AsOf).
func issuesAt(issues []Issue, t time.Time) []Issue {
	out := make([]Issue, 0, len(issues))
	for _, is := range issues {
		if o := is.Opened(); !o.IsZero() && !o.After(t) {
			out = append(out, is.AsOf(t))
		}
	}
	return out
}

func sortByOpened(is []*Issue) {
	slices.SortFunc(is, func(a, b *Issue) int {
		return cmp.Or(a.state.Opened.Compare(b.state.Opened), strings.Compare(string(a.ID), string(b.ID)))
	})
}

func issueIDs(is []*Issue) []IssueID {
	ids := make([]IssueID, len(is))
	for i, x := range is {
		ids[i] = x.ID
	}
	return ids
}

// dayRange names engagement days a to b: "day 7" or "days 7-13".
func dayRange(a, b int) string {
	if a == b {
		return fmt.Sprintf("day %d", a)
	}
	return fmt.Sprintf("days %d-%d", a, b)
}
