package hypercare

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file is the hero report: who actually carried the hypercare, from the
// issue timelines and the roster. The pitfall it watches for is hero culture:
// burning out a few people to cover the hypercare.

// HeroSignal is one sign of hero culture.
type HeroSignal int

// The signals. The zero HeroSignal is invalid.
const (
	HeroTopShare        HeroSignal = 1 + iota // one person handled too large a share of the issues
	HeroGini                                  // issues handled are too unevenly spread (flagged on the top handler)
	HeroOffShift                              // issues handled while not on shift
	HeroSleepHours                            // issues handled in sleep hours while not at work on a shift
	HeroBurst                                 // more than the SRE's 2 incidents in some 12 h window
	HeroConsecutiveDays                       // handling issues too many days in a row
	HeroSoleSkill                             // the only person with a skill: bus factor 1
	HeroTeamBurst                             // the whole team handled more issues in some 12 h window than it can absorb
)

var heroSignalNames = []string{"", "top-share", "gini", "off-shift", "sleep-hours", "burst", "consecutive-days", "sole-skill", "team-burst"}

// String returns the signal's name, such as "off-shift".
func (s HeroSignal) String() string { return enumString("HeroSignal", int(s), heroSignalNames) }

// Valid reports whether s is one of the defined signals.
func (s HeroSignal) Valid() bool { return validEnum(int(s), heroSignalNames) }

// MarshalText encodes s by name; an invalid signal is an error.
func (s HeroSignal) MarshalText() ([]byte, error) {
	return marshalEnum("hero signal", int(s), heroSignalNames)
}

// UnmarshalText decodes a signal by name (case-insensitive).
func (s *HeroSignal) UnmarshalText(b []byte) error {
	return unmarshalEnum("hero signal", b, heroSignalNames, (*int)(s))
}

// HeroRules are the thresholds of the hero report. A zero field takes its
// default; for the counts, a negative value means 0 (flag any occurrence).
type HeroRules struct {
	// MaxTopShare: flag the top handler when their share of the issues
	// handled is above it; zero means 0.5 (one person handled most), 1
	// never flags, and above 1 is an error.
	MaxTopShare decimal.Decimal `json:"max_top_share,omitzero"`
	// MaxGini: flag the top handler when the Gini coefficient of issues
	// handled is above it; zero means 0.4; it must be at most 1.
	MaxGini decimal.Decimal `json:"max_gini,omitzero"`
	// MinHandled is how many issues must have been handled in all before
	// the top-share and Gini flags are raised (3 issues all handled by one
	// person is chance, not a hero); zero means 10, a negative value 0.
	// HeroReport.TopShare and Gini are measured either way.
	MinHandled int `json:"min_handled,omitempty"`
	// MaxOffShift: flag a person who handled more issues than this while not
	// on shift; zero means 2.
	MaxOffShift int `json:"max_off_shift,omitempty"`
	// MaxSleepHours: flag a person who handled more issues than this in
	// the sleep window (Sleep) on their own clock while not at work on a
	// shift (off shift, or paged on an on-call slot); zero means 2.
	MaxSleepHours int `json:"max_sleep_hours,omitempty"`
	// Sleep is the sleep window on each person's own clock, in
	// NewCalendar's spec syntax, as RotaRules.Sleep: empty means
	// "Mon-Sun 22:00-08:00". An overnight span belongs to the day it starts
	// on, so "Mon-Fri 23:00-07:00" leaves Saturday and Sunday mornings out
	// and Monday morning in only after a Sunday span. The trap: it is a
	// window of wall-clock times, so across a DST change a night is an hour
	// shorter or longer, as people sleep.
	Sleep string `json:"sleep,omitempty"`
	// MaxPer12h: flag a person who handled more issues than this within some
	// 12 h window; zero means 2, the SRE book's cap per 12-hour shift.
	MaxPer12h int `json:"max_per_12h,omitempty"`
	// MaxTeamPer12h: flag the team (HeroTeamBurst, no person) when everyone
	// together handled more issues than this within some 12 h window;
	// zero means twice the personal cap MaxPer12h (what a primary and a
	// secondary absorb), so 4 by default. It sees a storm spread thinly over many people, which no
	// personal burst flag shows.
	MaxTeamPer12h int `json:"max_team_per_12h,omitempty"`
	// MaxConsecutiveDays: flag a person who handled issues on more days in a
	// row than this, on their own clock; zero means 5.
	MaxConsecutiveDays int `json:"max_consecutive_days,omitempty"`
	// Location is the zone of people with no Zone (and of handlers outside
	// the people given); nil means UTC.
	Location *time.Location `json:"-"`
}

// Handling is one issue credited to the person who handled it.
type Handling struct {
	Issue  IssueID  `json:"issue"`
	Person PersonID `json:"person"`
	// At is when the person first acted on the issue (the first event of its
	// timeline naming them): the interruption.
	At time.Time `json:"at"`
	// OnShift reports whether the person was on a roster shift at At; Sleep
	// whether At was in their sleep hours while not at work on a shift.
	OnShift bool `json:"on_shift"`
	Sleep   bool `json:"sleep"`
}

// HeroStats are one person's figures in the hero report.
type HeroStats struct {
	Person  PersonID `json:"person"`
	Handled int      `json:"handled"`
	// Share is Handled over all issues handled.
	Share           float64 `json:"share"`
	OffShift        int     `json:"off_shift"`
	SleepHours      int     `json:"sleep_hours"`
	MaxPer12h       int     `json:"max_per_12h"`
	ConsecutiveDays int     `json:"consecutive_days"`
}

// HeroFlag is one sign of hero culture: who, and why, with the numbers.
type HeroFlag struct {
	Signal HeroSignal `json:"signal"`
	Person PersonID   `json:"person"`
	// Value is the figure measured (a share, a Gini coefficient, a count or
	// days) and Limit the threshold it is above.
	Value float64 `json:"value"`
	Limit float64 `json:"limit"`
	// Issues are the evidence, when the signal is about issues.
	Issues []IssueID `json:"issues,omitempty"`
	Reason string    `json:"reason"`
}

// HeroReport says who actually carried the load.
type HeroReport struct {
	// Handled counts the issues credited to someone; Unattributed lists those
	// nobody resolved, was assigned or responded to.
	Handled      int       `json:"handled"`
	Unattributed []IssueID `json:"unattributed,omitempty"`
	// TopShare is the largest share of issues handled by one person; Gini
	// the Gini coefficient of issues handled, G = ΣΣ|xi−xj| / (2n²μ), over
	// People.
	TopShare float64 `json:"top_share"`
	Gini     float64 `json:"gini"`
	// TeamMaxPer12h is the most issues the whole team handled within any
	// 12 h window (each person's own figure is HeroStats.MaxPer12h).
	TeamMaxPer12h int `json:"team_max_per_12h"`
	// People has the people given, in order, then other handlers by ID.
	People    []HeroStats `json:"people"`
	Handlings []Handling  `json:"handlings,omitempty"`
	// Flags are sorted by signal, then in the order of People.
	Flags []HeroFlag `json:"flags,omitempty"`
}

// Heroes returns the hero report of the issues against the people and their
// roster.
//
// Each issue is credited to one person, who "handled" it: whoever resolved
// it last (EventResolved.Person); if it is not resolved, or resolved by no
// one named, its assignee (the Person of the latest EventAssigned or
// EventEscalated); failing that, the last person who responded
// (EventResponded.Person). The handling happened when that person first
// appears in the timeline. It was off shift when no shift of ro.Shifts that
// names the person contains that instant; with no shifts at all nothing
// counts as off shift. Sole holders of a skill are looked for among people.
// The top-share and Gini flags need HeroRules.MinHandled issues handled in
// all: with fewer, one busy afternoon would make a hero.
//
// The trap: the top share and the Gini are over people, in which everyone
// who handled nothing counts as a zero, so a sponsor or a lead who never
// takes issues makes the handling look uneven. Pass the people who handle
// issues — those on the roster's shifts — as Pitfalls does.
//
// It returns an error for an empty or repeated person ID, a negative share
// or Gini threshold, or a sleep window that is not a calendar spec.
func Heroes(people []Person, ro Roster, issues []Issue, rules HeroRules) (HeroReport, error) {
	index := map[PersonID]int{}
	for i, p := range people {
		if p.ID == "" {
			return HeroReport{}, invalidf("hypercare: hero report: person %d has an empty ID", i)
		}
		if _, dup := index[p.ID]; dup {
			return HeroReport{}, invalidf("hypercare: hero report: person ID %q is repeated", p.ID)
		}
		index[p.ID] = i
	}
	one := decimal.NewFromInt(1)
	for _, th := range []struct {
		name string
		v    decimal.Decimal
	}{{"top share", rules.MaxTopShare}, {"Gini", rules.MaxGini}} {
		if th.v.IsNegative() || th.v.GreaterThan(one) {
			return HeroReport{}, invalidf("hypercare: hero report: %s threshold %s is outside 0 to 1 (a share, not a percentage)", th.name, th.v)
		}
	}
	sleep := cmp.Or(rules.Sleep, defaultSleep)
	if _, err := parseSpec(sleep); err != nil {
		return HeroReport{}, invalidf("hypercare: hero report: sleep window %q: %w", sleep, err)
	}
	h := heroes{people: people, index: index, ro: ro, lim: rules.limits(), sleep: map[*time.Location]*Calendar{}}
	h.credit(issues)
	h.orderPeople()
	counts, top := h.measurePeople()
	h.flagConcentration(counts, top)
	h.flagSoleSkills()
	h.flagTeamBurst()
	h.sortFlags()
	return h.rep, nil
}

// heroLimits are HeroRules with the defaults applied.
type heroLimits struct {
	minHandled              int
	top, gini               decimal.Decimal
	off, sleep, burst, days int
	teamBurst               int
	home                    *time.Location
	sleepSpec               string // the sleep window
}

func (r HeroRules) limits() heroLimits {
	return heroLimits{
		minHandled: orCount(r.MinHandled, 10),
		top:        orDecimal(r.MaxTopShare, decimal.New(5, -1)),
		gini:       orDecimal(r.MaxGini, decimal.New(4, -1)),
		off:        orCount(r.MaxOffShift, 2),
		sleep:      orCount(r.MaxSleepHours, 2),
		burst:      orCount(r.MaxPer12h, 2),
		teamBurst:  orCount(r.MaxTeamPer12h, 2*orCount(r.MaxPer12h, 2)),
		days:       orCount(r.MaxConsecutiveDays, 5),
		home:       cmp.Or(r.Location, time.UTC),
		sleepSpec:  cmp.Or(r.Sleep, defaultSleep),
	}
}

// heroes is the hero report being built: Heroes' input, checked, and the
// report so far.
type heroes struct {
	people   []Person
	index    map[PersonID]int
	ro       Roster
	lim      heroLimits
	rep      HeroReport
	byPerson map[PersonID][]Handling
	ids      []PersonID                   // the people given, then other handlers by ID
	sleep    map[*time.Location]*Calendar // the sleep window in each zone met
}

// asleep reports whether t is in the sleep window on the clock of zone.
func (h *heroes) asleep(t time.Time, zone *time.Location) bool {
	cal, ok := h.sleep[zone]
	if !ok {
		cal, _ = NewCalendar(zone, h.lim.sleepSpec) // the spec was checked by Heroes
		h.sleep[zone] = cal
	}
	return cal.Open(t)
}

// zone returns the zone of the person with the given ID: their Zone, or the
// rules' Location.
func (h *heroes) zone(id PersonID) *time.Location {
	if i, ok := h.index[id]; ok && h.people[i].Zone != nil {
		return h.people[i].Zone
	}
	return h.lim.home
}

// credit credits each issue to its handler, in rep.Handlings (by time) and
// byPerson, or lists it as unattributed.
func (h *heroes) credit(issues []Issue) {
	rep := &h.rep
	h.byPerson = map[PersonID][]Handling{}
	for _, is := range issues {
		who := issueHandler(is)
		if who == "" {
			if is.Len() > 0 {
				rep.Unattributed = append(rep.Unattributed, is.ID)
			}
			continue
		}
		var at time.Time
		for _, e := range is.events {
			if e.Person == who {
				at = e.At
				break
			}
		}
		hd := Handling{Issue: is.ID, Person: who, At: at}
		zone := h.zone(who)
		atWork := false
		for _, sh := range h.ro.Shifts {
			if slices.Contains(sh.People, who) && (Interval{sh.Start, sh.End}).Contains(at) {
				hd.OnShift = true
				atWork = atWork || !sh.OnCall
			}
		}
		if len(h.ro.Shifts) == 0 {
			hd.OnShift = true // nothing to judge against
		}
		hd.Sleep = !atWork && h.asleep(at, zone)
		rep.Handlings = append(rep.Handlings, hd)
		h.byPerson[who] = append(h.byPerson[who], hd)
	}
	rep.Handled = len(rep.Handlings)
	slices.SortStableFunc(rep.Handlings, func(a, b Handling) int { return a.At.Compare(b.At) })
}

// orderPeople sets ids: the people given, in order, then other handlers by ID.
func (h *heroes) orderPeople() {
	ids := make([]PersonID, 0, len(h.people)+len(h.byPerson))
	for _, p := range h.people {
		ids = append(ids, p.ID)
	}
	var others []PersonID
	for id := range h.byPerson {
		if _, ok := h.index[id]; !ok {
			others = append(others, id)
		}
	}
	slices.Sort(others)
	h.ids = append(ids, others...)
}

// measurePeople fills rep.People and flags each person's off-shift, sleep
// hours, burst and consecutive days. It returns the issues handled per
// person of ids, and the index in ids of the first who handled the most
// (-1 with nobody).
func (h *heroes) measurePeople() (counts []int64, top int) {
	rep, lim := &h.rep, h.lim
	counts = make([]int64, len(h.ids))
	top = -1
	for i, id := range h.ids {
		hs := h.byPerson[id]
		slices.SortStableFunc(hs, func(a, b Handling) int { return a.At.Compare(b.At) })
		zone := h.zone(id)
		st := HeroStats{Person: id, Handled: len(hs)}
		if rep.Handled > 0 {
			st.Share = float64(len(hs)) / float64(rep.Handled)
		}
		var off, night []IssueID
		for _, hd := range hs {
			if !hd.OnShift {
				off = append(off, hd.Issue)
			}
			if hd.Sleep {
				night = append(night, hd.Issue)
			}
		}
		st.OffShift, st.SleepHours = len(off), len(night)
		burst, burstIssues := busiest12h(hs)
		st.MaxPer12h = burst
		streak, from, to := longestStreak(hs, zone)
		st.ConsecutiveDays = streak
		rep.People = append(rep.People, st)
		counts[i] = int64(len(hs))
		if top < 0 || len(hs) > rep.People[top].Handled {
			top = i
		}
		if len(h.ro.Shifts) > 0 {
			h.flagOver(HeroOffShift, id, st.OffShift, lim.off, off, offShiftSentence(st.OffShift, st.Handled, lim.off))
		}
		h.flagOver(HeroSleepHours, id, st.SleepHours, lim.sleep, night, sleepHoursSentence(st.SleepHours, lim.sleep, lim.sleepSpec))
		h.flagOver(HeroBurst, id, burst, lim.burst, burstIssues, burstSentence(burst, lim.burst))
		h.flagOver(HeroConsecutiveDays, id, streak, lim.days, nil, streakSentence(streak, from, to, lim.days))
	}
	return counts, top
}

// flagTeamBurst sets the team's busiest 12 h and flags it above the limit.
func (h *heroes) flagTeamBurst() {
	var all []Handling
	for _, id := range h.ids {
		all = append(all, h.byPerson[id]...)
	}
	slices.SortStableFunc(all, func(a, b Handling) int { return a.At.Compare(b.At) })
	n, issues := busiest12h(all)
	h.rep.TeamMaxPer12h = n
	h.flagOver(HeroTeamBurst, "", n, h.lim.teamBurst, issues,
		fmt.Sprintf("the team handled %d issues within 12 hours (maximum %d)", n, h.lim.teamBurst))
}

// flagOver flags the person when value is above limit.
func (h *heroes) flagOver(sig HeroSignal, id PersonID, value, limit int, evidence []IssueID, reason string) {
	if value > limit {
		h.rep.Flags = append(h.rep.Flags, HeroFlag{Signal: sig, Person: id, Value: float64(value), Limit: float64(limit),
			Issues: evidence, Reason: reason})
	}
}

// flagConcentration sets the top share and the Gini coefficient and flags
// the top handler when either is above its limit and enough issues were
// handled.
func (h *heroes) flagConcentration(counts []int64, top int) {
	rep, topLimit, giniLimit := &h.rep, h.lim.top, h.lim.gini
	if rep.Handled > 0 && top >= 0 {
		t := rep.People[top]
		rep.TopShare = t.Share
		enough := rep.Handled >= h.lim.minHandled
		if enough && decimal.NewFromInt(int64(t.Handled)).GreaterThan(topLimit.Mul(decimal.NewFromInt(int64(rep.Handled)))) {
			rep.Flags = append(rep.Flags, HeroFlag{Signal: HeroTopShare, Person: t.Person, Value: t.Share, Limit: topLimit.InexactFloat64(),
				Reason: topShareSentence(t.Handled, rep.Handled, h.tiedWith(top), topLimit)})
		}
		num, den := giniParts(counts)
		rep.Gini = float64(num) / float64(den)
		if enough && decimal.NewFromInt(num).GreaterThan(giniLimit.Mul(decimal.NewFromInt(den))) {
			rep.Flags = append(rep.Flags, HeroFlag{Signal: HeroGini, Person: t.Person, Value: rep.Gini, Limit: giniLimit.InexactFloat64(),
				Reason: giniSentence(t.Handled, rep.Handled, h.tiedWith(top), rep.Gini, len(h.ids), giniLimit)})
		}
	}
}

// tiedWith returns the other people who handled as many issues as
// rep.People[top], in the order of People.
func (h *heroes) tiedWith(top int) []PersonID {
	var out []PersonID
	for i, st := range h.rep.People {
		if i != top && st.Handled == h.rep.People[top].Handled {
			out = append(out, st.Person)
		}
	}
	return out
}

// The hero flags' sentences follow the person's ID ("ben handled ..."). Each
// ends with its limit in the same unit as the figure: "(maximum 2 issues off
// shift)", never a bare "(maximum 2)".

// topShareSentence: "handled 12 of 20 issues (60%), the most of anyone
// (maximum 50% of the issues)".
func topShareSentence(mine, all int, tied []PersonID, limit decimal.Decimal) string {
	return fmt.Sprintf("handled %d of %s (%s), %s (maximum %s of the issues)",
		mine, plural(all, "issue", "issues"), percentOfCount(mine, all), mostOfAnyone(tied), decimalPercent(limit))
}

// giniSentence: "handled the most issues, 40 of 103, and the issues are
// spread unevenly over 8 people: Gini coefficient 0.41 (maximum 0.4, where 0
// is an even spread and 1 all on one person)".
func giniSentence(mine, all int, tied []PersonID, gini float64, people int, limit decimal.Decimal) string {
	most := "the most issues"
	if len(tied) > 0 {
		most = "the most issues (as many as " + joinAnd(idStrings(tied)) + ")"
	}
	return fmt.Sprintf("handled %s, %d of %d, and the issues are spread unevenly over %s: Gini coefficient %.2f (maximum %s, where 0 is an even spread and 1 all on one person)",
		most, mine, all, plural(people, "person", "people"), gini, limit)
}

// mostOfAnyone is "the most of anyone", or "as many as bo, the most of
// anyone" on a tie.
func mostOfAnyone(tied []PersonID) string {
	if len(tied) == 0 {
		return "the most of anyone"
	}
	return "as many as " + joinAnd(idStrings(tied)) + ", the most of anyone"
}

func idStrings[ID ~string](ids []ID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

// offShiftSentence: "handled 40 issues, 29 of them while not on shift
// (maximum 2 issues off shift)".
func offShiftSentence(off, handled, limit int) string {
	var what string
	switch {
	case handled == 1:
		what = "handled 1 issue, while not on shift"
	case off == handled:
		what = fmt.Sprintf("handled %d issues, all while not on shift", handled)
	default:
		what = fmt.Sprintf("handled %d issues, %d of them while not on shift", handled, off)
	}
	return what + " " + limitText(limit, "issue off shift", "issues off shift")
}

// sleepHoursSentence: "handled 3 issues between 22:00 and 08:00 while not
// at work on a shift (maximum 2 issues in sleep hours)". The window is
// "between A and B" when spec is one span every day ("Mon-Sun A-B"), and
// "in the sleep window <spec>" otherwise.
func sleepHoursSentence(n, limit int, spec string) string {
	window := "in the sleep window " + spec
	if a, b, ok := everyDaySpan(spec); ok {
		window = "between " + a + " and " + b
	}
	return "handled " + plural(n, "issue", "issues") + " " + window + " while not at work on a shift " +
		limitText(limit, "issue in sleep hours", "issues in sleep hours")
}

// everyDaySpan returns A and B when spec is "Mon-Sun A-B", one span on
// every day.
func everyDaySpan(spec string) (a, b string, ok bool) {
	days, span, found := strings.Cut(strings.TrimSpace(spec), " ")
	span = strings.TrimSpace(span)
	if !found || days != "Mon-Sun" || strings.ContainsAny(span, ",; ") {
		return "", "", false
	}
	return strings.Cut(span, "-")
}

// burstSentence: "handled 9 issues within 12 hours (maximum 8 issues in 12
// hours)".
func burstSentence(n, limit int) string {
	return "handled " + plural(n, "issue", "issues") + " within 12 hours " + limitText(limit, "issue in 12 hours", "issues in 12 hours")
}

// streakSentence: "handled issues 6 days in a row, 2026-03-09 to 2026-03-14
// (maximum 5 days in a row)".
func streakSentence(days int, from, to Date, limit int) string {
	return fmt.Sprintf("handled issues %d days in a row, %s to %s %s", days, from, to, limitText(limit, "day in a row", "days in a row"))
}

// limitText is "(maximum 2 issues off shift)", or "(none allowed)" for 0.
func limitText(limit int, one, many string) string {
	if limit <= 0 {
		return "(none allowed)"
	}
	return "(maximum " + plural(limit, one, many) + ")"
}

// flagSoleSkills flags bus factor 1: skills only one person has.
func (h *heroes) flagSoleSkills() {
	people, ro, rep := h.people, h.ro, &h.rep
	holders := map[string][]int{}
	for i, p := range people {
		for _, k := range slices.Compact(slices.Sorted(slices.Values(p.Skills))) {
			holders[k] = append(holders[k], i)
		}
	}
	skills := make([]string, 0, len(holders))
	for k := range holders {
		skills = append(skills, k)
	}
	slices.Sort(skills)
	for _, k := range skills {
		if len(holders[k]) != 1 {
			continue
		}
		needed := 0
		for _, sh := range ro.Shifts {
			if slices.Contains(sh.Skills, k) {
				needed++
			}
		}
		reason := fmt.Sprintf("is the only one with skill %q", k)
		switch {
		case needed == 1:
			reason += ", required by 1 shift of the roster"
		case needed > 1:
			reason += fmt.Sprintf(", required by %d shifts of the roster", needed)
		}
		rep.Flags = append(rep.Flags, HeroFlag{Signal: HeroSoleSkill, Person: people[holders[k][0]].ID, Value: 1, Limit: 1, Reason: reason})
	}
}

// sortFlags sorts the flags by signal, then in the order of People.
func (h *heroes) sortFlags() {
	order := map[PersonID]int{}
	for i, id := range h.ids {
		order[id] = i
	}
	slices.SortStableFunc(h.rep.Flags, func(a, b HeroFlag) int {
		return cmp.Or(cmp.Compare(a.Signal, b.Signal), cmp.Compare(order[a.Person], order[b.Person]))
	})
}

// issueHandler returns who handled the issue (see Heroes), or "".
func issueHandler(is Issue) PersonID {
	st := is.state
	if st.Status == StatusResolved && st.ResolvedBy != "" {
		return st.ResolvedBy
	}
	var assignee, responder PersonID
	for _, e := range is.events {
		switch e.Type {
		case EventAssigned, EventEscalated:
			assignee = e.Person // an assignment without a person clears it
		case EventResponded:
			if e.Person != "" {
				responder = e.Person
			}
		}
	}
	return cmp.Or(assignee, responder)
}

// busiest12h returns the most handlings within any 12 h window, and their
// issues (handlings sorted by time).
func busiest12h(hs []Handling) (int, []IssueID) {
	best, from := 0, 0
	j := 0
	for i := range hs {
		for hs[i].At.Sub(hs[j].At) >= 12*time.Hour {
			j++
		}
		if n := i - j + 1; n > best {
			best, from = n, j
		}
	}
	var ids []IssueID
	for _, h := range hs[from : from+best] {
		ids = append(ids, h.Issue)
	}
	return best, ids
}

// longestStreak returns the longest run of consecutive dates in zone with a
// handling, and its first and last date.
func longestStreak(hs []Handling, zone *time.Location) (int, Date, Date) {
	var days []int64
	for _, h := range hs {
		days = append(days, DateOf(h.At.In(zone)).days())
	}
	slices.Sort(days)
	days = slices.Compact(days)
	best, bestFrom, bestTo := 0, int64(0), int64(0)
	for a := 0; a < len(days); {
		b := a
		for b+1 < len(days) && days[b+1] == days[b]+1 {
			b++
		}
		if n := b - a + 1; n > best {
			best, bestFrom, bestTo = n, days[a], days[b]
		}
		a = b + 1
	}
	if best == 0 {
		return 0, Date{}, Date{}
	}
	return best, dateFromDays(bestFrom), dateFromDays(bestTo)
}

// giniParts returns the numerator ΣΣ|xi−xj| and denominator 2n·Σx of the
// Gini coefficient of xs (1 when the denominator would be 0, so the
// coefficient reads 0).
func giniParts(xs []int64) (num, den int64) {
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	n := int64(len(sorted))
	var sum int64
	for i, x := range sorted {
		sum += x
		num += 2 * (2*int64(i) - n + 1) * x
	}
	if sum == 0 {
		return 0, 1
	}
	return num, 2 * n * sum
}

func orDecimal(d, def decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return def
	}
	return d
}

func orCount(n, def int) int {
	switch {
	case n < 0:
		return 0
	case n == 0:
		return def
	}
	return n
}

// String renders the report as plain text: the totals, one line per person
// who handled anything, and the flags.
func (h HeroReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s handled; the busiest person handled %.0f%% of them; Gini coefficient %.2f (0 is an even spread, 1 all on one person)\n",
		plural(h.Handled, "issue", "issues"), 100*h.TopShare, h.Gini)
	for _, st := range h.People {
		if st.Handled == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %s: %s (%.0f%%), %d off shift, %d in sleep hours, at most %d in any 12 h, longest run %s\n",
			st.Person, plural(st.Handled, "issue", "issues"), 100*st.Share, st.OffShift, st.SleepHours, st.MaxPer12h, plural(st.ConsecutiveDays, "day", "days"))
	}
	for _, f := range h.Flags {
		if f.Person == "" {
			fmt.Fprintf(&b, "flag %s: %s\n", f.Signal, f.Reason)
			continue
		}
		fmt.Fprintf(&b, "flag %s: %s %s\n", f.Signal, f.Person, f.Reason)
	}
	if len(h.Unattributed) > 0 {
		fmt.Fprintf(&b, "%s handled by nobody named\n", plural(len(h.Unattributed), "issue", "issues"))
	}
	return b.String()
}
