package hypercare

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The built-in exit criteria. Each is a plain struct whose zero fields mean
// the documented defaults, and each judges its windows in calendar days of
// the engagement's location: an event at instant q counts in the N-day
// window ending at t when q <= t < q + N days (AddDate), so the window of an
// event on the Saturday before the October DST change lasts 73 hours.
// Built-ins never report a criterion met before go-live; the windowed ones
// that count issues against the exit (NoNewIssues, DefectRate) are not met
// before go-live + N days, so "0 new Sev1/2 for 3 days" needs 3 days of
// hypercare behind it.

var (
	_ Criterion = NoNewIssues{}
	_ Criterion = DefectRate{}
	_ Criterion = Takeover{}
	_ Criterion = NoneOpen{}
	_ Criterion = SLACompliance{}
	_ Criterion = SponsorSignOff{}
)

// NoNewIssues is met when no issue of severity AtLeast or more severe has
// become new in the last Days days. An issue becomes new when it is opened
// with such a severity, reclassified into one from a lesser one, or reopened
// while holding one (with or without a new severity); a reclassification
// between two qualifying severities, or down out of them, is not new. All
// kinds of issue count. Each instant of a timeline is judged once, by the
// severity after all its events: a severity held only within one instant
// (Sev3 to Sev2 and back at one second) never shows in the issue's state
// and makes nothing new.
//
// If nothing new happens it is met from the last such event plus Days days;
// it never needs action.
type NoNewIssues struct {
	// AtLeast is the least severe qualifying severity; zero means Sev2
	// ("Sev1/2").
	AtLeast Severity `json:"at_least,omitzero"`
	// Days is the window; zero means 3.
	Days int `json:"days,omitzero"`
}

func (c NoNewIssues) atLeast() Severity { return cmp.Or(c.AtLeast, Sev2) }
func (c NoNewIssues) days() int         { return cmp.Or(c.Days, 3) }
func (NoNewIssues) exitKind() string    { return "no-new-issues" }

// Name returns, for example, "no new Sev1/2 for 3 days".
func (c NoNewIssues) Name() string { return c.nameIn(nil) }

func (c NoNewIssues) nameIn(sc Scheme) string {
	return "no new " + sc.Label(c.atLeast()) + " for " + plural(c.days(), "day", "days")
}

// Validate reports a negative Days or an unknown severity.
func (c NoNewIssues) Validate() error { return prefixed(c.validate()) }

func (c NoNewIssues) validate() error {
	return firstError(checkDays(c.Name(), c.Days), checkSeverity(c.Name(), c.AtLeast))
}

// Check judges c at in.AsOf; see NoNewIssues.
func (c NoNewIssues) Check(in ExitInput) (Result, error) { return checkValid(c, in) }

func (c NoNewIssues) judge(in ExitInput) (Result, error) {
	k, n, loc, asOf, sc := c.atLeast(), c.days(), in.Engagement.loc(), in.AsOf, in.Engagement.Scheme
	ds := make(deltas, 0, len(in.Issues))
	var recent []hit
	var last hit
	for i := range in.Issues {
		is := &in.Issues[i]
		var sev, mineSev Severity
		var mine, mineEnd time.Time
		how := ""
		evs := is.events
		for i := 0; i < len(evs) && !evs[i].At.After(asOf); {
			// Judge each instant once, by the severity after it: a severity
			// undone at the same instant never shows in the issue's state.
			at, before, now := evs[i].At, sev, ""
			for ; i < len(evs) && evs[i].At.Equal(at); i++ {
				e := evs[i]
				if e.Severity != 0 { // only opened, reclassified and reopened carry one
					sev = e.Severity
				}
				switch {
				case e.Type == EventOpened:
					now = "opened as "
				case e.Type == EventReopened && now != "opened as ":
					now = "reopened as "
				case e.Type == EventReclassified && now == "" && !before.AtLeast(k):
					now = "reclassified to "
				}
			}
			if now == "" || !sev.AtLeast(k) {
				continue
			}
			end := addDays(at, n, loc)
			ds.span(at, end, 1, 0)
			how, mine, mineEnd, mineSev = now, at, end, sev
		}
		if mine.IsZero() {
			continue
		}
		inWindow := asOf.Before(mineEnd)
		isLast := last.at.IsZero() || mine.After(last.at) || mine.Equal(last.at) && is.ID > last.id
		if inWindow || isLast { // the note is built only for the few hits named
			h := hit{mine, is.ID, how + sc.Name(mineSev)}
			if inWindow {
				recent = append(recent, h)
			}
			if isLast {
				last = h
			}
		}
	}
	holds := sweep(ds, addDays(in.Engagement.GoLive, n, loc), loc, func(a, _ int) bool { return a == 0 })
	r := Result{Met: spanHas(holds, asOf), Holds: holds}
	r.finish(asOf)
	sortHits(recent)
	r.Evidence = hitIDs(recent)
	label, window := sc.Label(k), "in the last "+plural(n, "day", "days")
	switch {
	case len(recent) > 0:
		sev, opened := strings.CutPrefix(recent[0].note, "opened as ")
		for _, h := range recent {
			opened = opened && h.note == recent[0].note
		}
		if opened { // the common case reads "2 Sev2 issues opened in the last 3 days: INC-17, INC-21"
			r.Reason = fmt.Sprintf("%s opened %s: %s", plural(len(recent), sev+" issue", sev+" issues"), window, hitList(recent, false))
		} else {
			r.Reason = fmt.Sprintf("%s new %s: %s", plural(len(recent), label+" issue", label+" issues"), window, hitList(recent, true))
		}
	case !r.Met:
		r.Reason = fmt.Sprintf("hypercare is younger than %s (go-live %s)", plural(n, "day", "days"), stamp(in.Engagement.GoLive, loc))
	default:
		r.Reason = fmt.Sprintf("no %s issue new %s", label, window)
		if !last.at.IsZero() {
			r.Reason += fmt.Sprintf("; last: %s, %s on %s", last.id, last.note, stamp(last.at, loc))
		}
	}
	r.Reason += outlook(r, loc, "")
	return r, nil
}

// DefectRate is met when the defects opened in the last Days days, per
// day, are at most Max. Only issues of Kind Defect count — training gaps,
// questions, change requests and data fixes never do — judged by their kind
// at the as-of instant (an issue reclassified to Defect counts at its
// opening; one reclassified away does not count). Each issue counts once,
// at its first opening; reopening is not a new defect (NoNewIssues watches
// reopened Sev1/2s).
//
// If nothing new happens, defects leave the window and it is met from the
// first instant the count is low enough; it never needs action.
type DefectRate struct {
	// Days is the window; zero means 7.
	Days int `json:"days,omitzero"`
	// Max is the highest acceptable rate in defects per day; the zero value
	// means no defect at all in the window.
	Max decimal.Decimal `json:"max"`
}

func (c DefectRate) days() int      { return cmp.Or(c.Days, 7) }
func (DefectRate) exitKind() string { return "defect-rate" }

// Name returns, for example, "at most 0.5 defects a day over 7 days".
func (c DefectRate) Name() string {
	return "at most " + c.Max.String() + " defects a day over " + plural(c.days(), "day", "days")
}

// Validate reports a negative Days or Max.
func (c DefectRate) Validate() error { return prefixed(c.validate()) }

func (c DefectRate) validate() error {
	if c.Max.Sign() < 0 {
		return criterionError(c.Name(), "negative rate %s", c.Max)
	}
	return checkDays(c.Name(), c.Days)
}

// limit is the most defects allowed in the window: floor(Max * Days).
func (c DefectRate) limit() int {
	m := c.Max.Mul(decimal.NewFromInt(int64(c.days()))).Floor()
	switch {
	case m.Sign() < 0:
		return -1
	case m.GreaterThan(decimal.NewFromInt(math.MaxInt32)):
		return math.MaxInt32
	}
	return int(m.IntPart())
}

// Check judges c at in.AsOf; see DefectRate.
func (c DefectRate) Check(in ExitInput) (Result, error) { return checkValid(c, in) }

func (c DefectRate) judge(in ExitInput) (Result, error) {
	n, loc, asOf, limit := c.days(), in.Engagement.loc(), in.AsOf, c.limit()
	ds := make(deltas, 0, 2*len(in.Issues))
	var recent []hit
	for i := range in.Issues {
		is := &in.Issues[i]
		if len(is.events) == 0 || is.events[0].At.After(asOf) {
			continue
		}
		kind := Kind(0)
		for _, e := range is.events {
			if e.At.After(asOf) {
				break
			}
			if e.Kind != 0 { // only opened and reclassified carry one
				kind = e.Kind
			}
		}
		if kind != Defect {
			continue
		}
		opened := is.events[0].At
		end := addDays(opened, n, loc)
		ds.span(opened, end, 1, 0)
		if asOf.Before(end) {
			recent = append(recent, hit{at: opened, id: is.ID})
		}
	}
	holds := sweep(ds, addDays(in.Engagement.GoLive, n, loc), loc, func(a, _ int) bool { return a <= limit })
	r := Result{Met: spanHas(holds, asOf), Holds: holds}
	r.finish(asOf)
	sortHits(recent)
	r.Evidence = hitIDs(recent)
	rate := decimal.NewFromInt(int64(len(recent))).DivRound(decimal.NewFromInt(int64(n)), 2)
	verdict := "at most"
	if len(recent) > limit {
		verdict = "above"
	}
	r.Reason = fmt.Sprintf("%s opened in the last %s (%s a day, %s %s)",
		plural(len(recent), "defect", "defects"), plural(n, "day", "days"), rate, verdict, c.Max)
	if len(recent) > 0 {
		r.Reason += ": " + hitList(recent, false)
	}
	if len(recent) <= limit && !r.Met {
		r.Reason += fmt.Sprintf("; hypercare is younger than %s (go-live %s)", plural(n, "day", "days"), stamp(in.Engagement.GoLive, loc))
	}
	r.Reason += outlook(r, loc, "")
	return r, nil
}

// Takeover is met when, of the issues resolved in the last Days days (at
// least MinResolved of them), the share resolved by the SteadyState team
// with no escalation to the Project team is at least MinShare: the
// "steady-state team handles new issues without project-team rescue".
//
// An issue counts by its latest resolution, until it is reopened; it is
// taken over when that resolution is by SteadyState (the resolving team, or
// the owning team if the event names none) and it was never escalated. With
// fewer than MinResolved resolutions in the window it is not met, for want of
// evidence. If nothing new happens resolutions only leave the window, so a
// criterion lacking evidence needs action (more resolutions).
type Takeover struct {
	// Days is the window; zero means 7.
	Days int `json:"days,omitzero"`
	// MinShare is the least share taken over, in [0, 1]; zero means 0.8.
	MinShare decimal.Decimal `json:"min_share,omitzero"`
	// MinResolved is the least number of resolutions in the window; zero
	// means 5.
	MinResolved int `json:"min_resolved,omitzero"`
}

func (c Takeover) days() int        { return cmp.Or(c.Days, 7) }
func (c Takeover) minResolved() int { return cmp.Or(c.MinResolved, 5) }
func (c Takeover) minShare() decimal.Decimal {
	if c.MinShare.IsZero() {
		return decimal.New(8, -1)
	}
	return c.MinShare
}
func (Takeover) exitKind() string { return "takeover" }

// Name returns, for example, "steady-state takeover at least 0.8 over 7 days".
func (c Takeover) Name() string {
	return "steady-state takeover at least " + c.minShare().String() + " over " + plural(c.days(), "day", "days")
}

// Validate reports a negative Days or MinResolved, or a MinShare outside [0, 1].
func (c Takeover) Validate() error { return prefixed(c.validate()) }

func (c Takeover) validate() error {
	return firstError(checkDays(c.Name(), c.Days), checkShare(c.Name(), c.MinShare), checkCount(c.Name(), "resolved issues", c.MinResolved))
}

// Check judges c at in.AsOf; see Takeover.
func (c Takeover) Check(in ExitInput) (Result, error) { return checkValid(c, in) }

func (c Takeover) judge(in ExitInput) (Result, error) {
	n, loc, asOf, least, sh := c.days(), in.Engagement.loc(), in.AsOf, c.minResolved(), newShare(c.minShare())
	ds := make(deltas, 0, 2*len(in.Issues))
	var rescued []hit
	good, total := 0, 0
	for i := range in.Issues {
		is := &in.Issues[i]
		// Follow the owning team and the escalation as State.apply does,
		// without copying a whole State per event.
		var owner Team
		escalated := false
		var resolved time.Time // start of the open resolution segment
		taken := 0
		for _, e := range is.events {
			if e.At.After(asOf) {
				break
			}
			switch e.Type {
			case EventAssigned:
				owner = e.Team
			case EventEscalated:
				owner, escalated = Project, true
			case EventResolved:
				team := e.Team
				if team == 0 {
					team = owner
				}
				resolved, taken = e.At, 0
				if team == SteadyState && !escalated {
					taken = 1
				}
			case EventReopened:
				ds.span(resolved, earlier(e.At, addDays(resolved, n, loc)), taken, 1)
				resolved = time.Time{}
			}
		}
		if resolved.IsZero() {
			continue
		}
		end := addDays(resolved, n, loc)
		ds.span(resolved, end, taken, 1)
		if asOf.Before(end) {
			good, total = good+taken, total+1
			if taken == 0 {
				rescued = append(rescued, hit{at: resolved, id: is.ID})
			}
		}
	}
	holds := sweep(ds, in.Engagement.GoLive, loc, func(good, total int) bool { return total >= least && sh.met(good, total) })
	r := Result{Met: spanHas(holds, asOf), Holds: holds}
	r.finish(asOf) // not met with no span ahead: needs action
	sortHits(rescued)
	r.Evidence = hitIDs(rescued)
	window := "in the last " + plural(n, "day", "days")
	if total < least {
		r.Reason = fmt.Sprintf("%s resolved %s, at least %d needed: not enough evidence", plural(total, "issue", "issues"), window, least)
	} else {
		r.Reason = fmt.Sprintf("%d of %d issues resolved %s were taken over by the steady-state team (%s, at least %s needed)",
			good, total, window, ratioText(good, total), c.minShare())
	}
	if len(rescued) > 0 {
		r.Reason += "; escalated or resolved by another team: " + hitList(rescued, false)
	}
	r.Reason += outlook(r, loc, "more issues resolved by the steady-state team without escalation")
	return r, nil
}

// NoneOpen is met when no issue of severity AtLeast or more severe is open
// (open or paused). An open one stays open if nothing new happens, so when
// not met it needs action: resolve (or reclassify) the issues it names.
type NoneOpen struct {
	// AtLeast is the least severe severity that blocks; zero means Sev1.
	AtLeast Severity `json:"at_least,omitzero"`
}

func (c NoneOpen) atLeast() Severity { return cmp.Or(c.AtLeast, Sev1) }
func (NoneOpen) exitKind() string    { return "none-open" }

// Name returns, for example, "no open Sev1".
func (c NoneOpen) Name() string { return c.nameIn(nil) }

func (c NoneOpen) nameIn(sc Scheme) string { return "no open " + sc.Label(c.atLeast()) }

// Validate reports an unknown severity.
func (c NoneOpen) Validate() error { return prefixed(c.validate()) }

func (c NoneOpen) validate() error { return checkSeverity(c.Name(), c.AtLeast) }

// Check judges c at in.AsOf; see NoneOpen.
func (c NoneOpen) Check(in ExitInput) (Result, error) { return checkValid(c, in) }

func (c NoneOpen) judge(in ExitInput) (Result, error) {
	k, loc, asOf, sc := c.atLeast(), in.Engagement.loc(), in.AsOf, in.Engagement.Scheme
	ds := make(deltas, 0, len(in.Issues))
	var open []hit
	for i := range in.Issues {
		is := &in.Issues[i]
		var sev Severity
		var since time.Time
		unresolved, blocking := false, false
		for _, e := range is.events {
			if e.At.After(asOf) {
				break
			}
			if e.Severity != 0 { // only opened, reclassified and reopened carry one
				sev = e.Severity
			}
			switch e.Type {
			case EventOpened, EventReopened:
				unresolved = true
			case EventResolved:
				unresolved = false
			}
			if now := unresolved && sev.AtLeast(k); now != blocking {
				blocking, since = now, e.At
				if now {
					ds.add(e.At, 1, 0)
				} else {
					ds.add(e.At, -1, 0)
				}
			}
		}
		if blocking {
			open = append(open, hit{since, is.ID, sc.Name(sev)})
		}
	}
	holds := sweep(ds, in.Engagement.GoLive, loc, func(a, _ int) bool { return a == 0 })
	r := Result{Met: spanHas(holds, asOf), Holds: holds}
	r.finish(asOf) // an open issue stays open: needs action
	sortHits(open)
	r.Evidence = hitIDs(open)
	label := sc.Label(k)
	if len(open) == 0 {
		r.Reason = "no " + label + " issue open"
	} else {
		r.Reason = fmt.Sprintf("%s open: %s", plural(len(open), label+" issue", label+" issues"), hitList(open, false))
	}
	r.Reason += outlook(r, loc, "resolve "+itThem(len(open) == 1))
	return r, nil
}

// SLACompliance is met when, of the SLA clocks decided in the last Days
// days (at least MinClocks of them), the share met is at least MinShare.
//
// Each issue contributes, per metric, every cycle of its clock as
// Engagement.Cycles gives them at the as-of instant, so a breach before a
// reopen still counts: a cycle is decided when it stopped within target
// (met) or when it breached. Paused clocks are not decided; a running clock,
// if nothing new happens, breaches at its due time, so the forecast counts
// that breach. A cycle whose clock cannot be computed (the policy has no
// target for a severity the issue held) does not count; the cycles closed
// before it still do.
type SLACompliance struct {
	// Days is the window; zero means 7.
	Days int `json:"days,omitzero"`
	// MinShare is the least share of clocks met, in [0, 1]; zero means 0.9.
	MinShare decimal.Decimal `json:"min_share,omitzero"`
	// MinClocks is the least number of clocks decided in the window; zero
	// means 1.
	MinClocks int `json:"min_clocks,omitzero"`
	// Metric limits it to one metric; zero means both.
	Metric Metric `json:"metric,omitzero"`
	// AtLeast limits it to clocks of this severity or more severe; zero
	// means every severity.
	AtLeast Severity `json:"at_least,omitzero"`
}

func (c SLACompliance) days() int      { return cmp.Or(c.Days, 7) }
func (c SLACompliance) minClocks() int { return cmp.Or(c.MinClocks, 1) }
func (c SLACompliance) minShare() decimal.Decimal {
	if c.MinShare.IsZero() {
		return decimal.New(9, -1)
	}
	return c.MinShare
}
func (SLACompliance) exitKind() string { return "sla-compliance" }

// Name returns, for example, "SLA compliance at least 0.9 over 7 days".
func (c SLACompliance) Name() string { return c.nameIn(nil) }

func (c SLACompliance) nameIn(sc Scheme) string {
	s := "SLA compliance"
	if c.Metric != 0 {
		s += " (" + c.Metric.String() + ")"
	}
	if c.AtLeast != 0 {
		s += " for " + sc.Label(c.AtLeast)
	}
	return s + " at least " + c.minShare().String() + " over " + plural(c.days(), "day", "days")
}

// Validate reports a negative Days or MinClocks, a MinShare outside [0, 1],
// or an unknown metric or severity.
func (c SLACompliance) Validate() error { return prefixed(c.validate()) }

func (c SLACompliance) validate() error {
	var err error
	if c.Metric != 0 && !c.Metric.Valid() {
		err = criterionError(c.Name(), "unknown metric %d", int(c.Metric))
	}
	return firstError(checkDays(c.Name(), c.Days), checkShare(c.Name(), c.MinShare),
		checkCount(c.Name(), "clocks", c.MinClocks), checkSeverity(c.Name(), c.AtLeast), err)
}

// Check judges c at in.AsOf; see SLACompliance.
func (c SLACompliance) Check(in ExitInput) (Result, error) { return checkValid(c, in) }

func (c SLACompliance) judge(in ExitInput) (Result, error) {
	n, loc, asOf, least, sh := c.days(), in.Engagement.loc(), in.AsOf, c.minClocks(), newShare(c.minShare())
	k := cmp.Or(c.AtLeast, MaxSeverity)
	metrics := []Metric{FirstResponse, Resolution}
	if c.Metric != 0 {
		metrics = []Metric{c.Metric}
	}
	ds := make(deltas, 0, len(in.Issues))
	var breached []hit
	good, total := 0, 0
	for i := range in.Issues {
		is := &in.Issues[i]
		if len(is.events) == 0 || is.events[0].At.After(asOf) {
			continue
		}
		for _, m := range metrics {
			for _, clk := range decidedCycles(in.Engagement, *is, m, asOf) { // a reopen does not undo a breach
				if !clk.Severity.AtLeast(k) {
					continue
				}
				var at time.Time
				met := 0
				switch clk.State {
				case ClockMet:
					at, met = clk.Stopped, 1
				case ClockBreached:
					at = clk.BreachedAt
				case ClockRunning:
					at = clk.Due // it breaches then if nothing new happens
				default:
					continue
				}
				end := addDays(at, n, loc)
				ds.span(at, end, met, 1)
				if !at.After(asOf) && asOf.Before(end) {
					good, total = good+met, total+1
					if met == 0 {
						breached = append(breached, hit{at, is.ID, m.String()})
					}
				}
			}
		}
	}
	holds := sweep(ds, in.Engagement.GoLive, loc, func(good, total int) bool { return total >= least && sh.met(good, total) })
	r := Result{Met: spanHas(holds, asOf), Holds: holds}
	r.finish(asOf) // not met with no span ahead: needs action
	sortHits(breached)
	r.Evidence = uniqueIDs(hitIDs(breached))
	window := "in the last " + plural(n, "day", "days")
	if total < least {
		r.Reason = fmt.Sprintf("%s decided %s, at least %d needed: not enough evidence", plural(total, "SLA clock", "SLA clocks"), window, least)
	} else {
		r.Reason = fmt.Sprintf("%d of %d SLA clocks decided %s were met (%s, at least %s needed)",
			good, total, window, ratioText(good, total), c.minShare())
	}
	if len(breached) > 0 {
		r.Reason += "; breached: " + hitList(breached, true)
	}
	r.Reason += outlook(r, loc, "more issues handled within their SLA")
	return r, nil
}

// SponsorSignOff is the last gate: met from the earliest SignOff, at or
// before the as-of instant, with Role RoleSponsor by a named person (By set;
// By equal to the criterion's By, when that is set). When the engagement
// lists its People, the signer must be one of them with RoleSponsor: a
// sign-off that merely claims the role is ignored, and the reason says so.
// When none is recorded
// it is a pending gate: it needs action, and the verdict says "ready for
// sponsor sign-off" once every other criterion holds. A sign-off is not
// withdrawn by later issues: the other criteria judge those.
type SponsorSignOff struct {
	// By names the one sponsor whose sign-off counts; empty means any named
	// sponsor.
	By PersonID `json:"by,omitempty"`
}

func (SponsorSignOff) exitKind() string { return "sponsor-sign-off" }

// Name returns "sponsor sign-off", or "sponsor sign-off by ana" when By is set.
func (c SponsorSignOff) Name() string {
	if c.By != "" {
		return "sponsor sign-off by " + string(c.By)
	}
	return "sponsor sign-off"
}

// Check judges c at in.AsOf; see SponsorSignOff.
func (c SponsorSignOff) Check(in ExitInput) (Result, error) {
	loc, asOf := in.Engagement.loc(), in.AsOf
	var first SignOff
	var ignored []string
	for _, s := range in.SignOffs {
		if s.Role != RoleSponsor || s.By == "" || c.By != "" && s.By != c.By || s.At.IsZero() || s.At.After(asOf) {
			continue
		}
		if len(in.Engagement.People) > 0 {
			if p, ok := in.Engagement.Person(s.By); !ok || !p.HasRole(RoleSponsor) {
				ignored = append(ignored, string(s.By))
				continue
			}
		}
		if first.At.IsZero() || s.At.Before(first.At) || s.At.Equal(first.At) && s.By < first.By {
			first = s
		}
	}
	r := Result{Gate: true}
	if first.At.IsZero() {
		r.NeedsAction = true
		r.Holds = []Interval{{Start: asOf}}
		r.Reason = "no sign-off by " + strings.TrimPrefix(c.Name(), "sponsor sign-off by ") + " recorded"
		if c.By == "" {
			r.Reason = "no sponsor sign-off recorded"
		}
		if len(ignored) > 0 {
			r.Reason += " (ignored: " + strings.Join(slices.Compact(slices.Sorted(slices.Values(ignored))), ", ") + ", not a sponsor of the engagement)"
		}
		r.Reason += "; needs action: the sponsor signs off"
	} else {
		r.Met = true
		r.Holds = []Interval{{Start: later(first.At, in.Engagement.GoLive)}}
		r.Reason = fmt.Sprintf("signed off by %s on %s", first.By, stamp(first.At, loc))
	}
	r.finish(asOf)
	return r, nil
}

// uniqueIDs drops repeated IDs, keeping the first of each.
func uniqueIDs(ids []IssueID) []IssueID {
	seen := map[IssueID]bool{}
	return slices.DeleteFunc(ids, func(id IssueID) bool {
		dup := seen[id]
		seen[id] = true
		return dup
	})
}

func spanHas(spans []Interval, t time.Time) bool {
	_, ok := spanAt(spans, t)
	return ok
}

// NameIn returns c's name with its severities named by sc, as a verdict on
// an engagement with that scheme shows it: NoNewIssues{}'s is "no new P1/P2
// for 3 days" under a P1–P4 scheme. A criterion without severities, or
// written outside the package, has its Name; a nil sc gives Name.
func NameIn(c Criterion, sc Scheme) string {
	if n, ok := c.(interface{ nameIn(Scheme) string }); ok {
		return n.nameIn(sc)
	}
	if c == nil {
		return ""
	}
	return c.Name()
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// criterionError returns the bare input error "exit criterion <name>: <message>".
func criterionError(name, format string, args ...any) error {
	return invalidf("exit criterion %q: "+format, append([]any{name}, args...)...)
}

// maxWindowDays bounds a criterion's window: a century, far beyond any
// hypercare, and far from where AddDate overflows.
const maxWindowDays = 36600

func checkDays(name string, days int) error {
	switch {
	case days < 0:
		return criterionError(name, "negative days %d", days)
	case days > maxWindowDays:
		return criterionError(name, "window of %d days is longer than %d", days, maxWindowDays)
	}
	return nil
}

func checkCount(name, what string, n int) error {
	if n < 0 {
		return criterionError(name, "negative minimum of %s %d", what, n)
	}
	return nil
}

func checkShare(name string, x decimal.Decimal) error {
	if x.Sign() < 0 || x.GreaterThan(decimal.NewFromInt(1)) {
		return criterionError(name, "share %s is outside [0, 1]", x)
	}
	return nil
}

func checkSeverity(name string, s Severity) error {
	if s != 0 && !s.Valid() {
		return criterionError(name, "unknown severity %d", int(s))
	}
	return nil
}
