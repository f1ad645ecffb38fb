package hypercare

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Helpers are prefixed "ex" so they never collide with other test files of
// the package. The tests use only the exported API (the oracle especially),
// so they check the contract, not the implementation.

// exT is what the helpers need of *testing.T, *testing.B and *rapid.T.
type exT interface {
	Helper()
	Fatal(args ...any)
	Errorf(format string, args ...any)
}

var exBerlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// exAt returns the Berlin wall time y-m-d hh:mm.
func exAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, exBerlin)
}

// exEngagement is the issue's worked engagement: go-live Mon 2026-06-01 09:00
// Berlin, planned end Fri 2026-06-12 18:00, with the given exit criteria.
func exEngagement(cs ...Criterion) Engagement {
	return Engagement{
		ID: "E1", Location: exBerlin,
		GoLive:     exAt(2026, 6, 1, 9, 0),
		PlannedEnd: exAt(2026, 6, 12, 18, 0),
		Policy:     DefaultPolicy(nil),
		Exit:       ExitPolicy{Criteria: cs},
	}
}

func exIssue(t exT, id IssueID, events ...Event) Issue {
	t.Helper()
	is := Issue{ID: id}
	if err := is.Append(events...); err != nil {
		t.Fatal(err)
	}
	return is
}

func exOpened(at time.Time, s Severity, k Kind) Event {
	return Event{Type: EventOpened, At: at, Severity: s, Kind: k}
}

func exEvaluate(t exT, e Engagement, issues []Issue, signOffs []SignOff, asOf time.Time) Verdict {
	t.Helper()
	v, err := Evaluate(ExitInput{Engagement: e, Issues: issues, SignOffs: signOffs, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func exDiff(t exT, what string, want, got any) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, diff)
	}
}

// The issue's first worked case: a Sev2 defect on Wednesday keeps "no new
// Sev1/2 for 3 days" from holding at the planned end; the exit moves to
// Saturday 11:00, one day of extension.
func TestEvaluateWorkedSev2BeforePlannedEnd(t *testing.T) {
	e := exEngagement(NoNewIssues{AtLeast: Sev2, Days: 3})
	issues := []Issue{exIssue(t, "INC-1", exOpened(exAt(2026, 6, 10, 11, 0), Sev2, Defect))}
	v := exEvaluate(t, e, issues, nil, e.PlannedEnd)
	sat := exAt(2026, 6, 13, 11, 0)
	want := Verdict{
		AsOf:    e.PlannedEnd,
		Summary: "Not ready: earliest exit Sat 2026-06-13 11:00 CEST if nothing new happens, after the planned end Fri 2026-06-12 18:00 CEST: ask for a 1-day extension",
		Results: []Result{{
			Criterion: "no new Sev1/2 for 3 days",
			MetAt:     sat,
			Reason:    "1 Sev2 issue opened in the last 3 days: INC-1; met from Sat 2026-06-13 11:00 CEST if nothing new happens",
			Evidence:  []IssueID{"INC-1"},
			// Held from go-live + 3 days until the defect; holds again 3 days after it.
			Holds: []Interval{{Start: exAt(2026, 6, 4, 9, 0), End: exAt(2026, 6, 10, 11, 0)}, {Start: sat}},
		}},
		EarliestExit:    sat,
		PlannedEnd:      e.PlannedEnd,
		ExtensionDays:   1,
		ExtensionReason: "no new Sev1/2 for 3 days is met only from Sat 2026-06-13 11:00 CEST (INC-1), after the planned end Fri 2026-06-12 18:00 CEST; extend by 1 day to Sat 2026-06-13 18:00 CEST",
	}
	exDiff(t, "verdict", want, v)

	// At Saturday 11:00 exactly, with nothing new, it holds: the window
	// (Wed 11:00, Sat 11:00] no longer holds the opening.
	v = exEvaluate(t, e, issues, nil, sat)
	if !v.Ready || !v.Results[0].MetSince.Equal(sat) {
		t.Errorf("at %s: ready %v since %s, want ready since then", sat, v.Ready, v.Results[0].MetSince)
	}
	if v := exEvaluate(t, e, issues, nil, sat.Add(-time.Nanosecond)); v.Ready {
		t.Errorf("1 ns before %s: ready, want not", sat)
	}
}

// A Sev3 reclassified to Sev1 on Thu 16:00 resets the window exactly as a
// new Sev1 opened then would; a Sev1 reclassified down to Sev3 does not.
func TestEvaluateWorkedReclassification(t *testing.T) {
	e := exEngagement(NoNewIssues{AtLeast: Sev2, Days: 3})
	thu := exAt(2026, 6, 11, 16, 0)
	up := exIssue(t, "INC-2",
		exOpened(exAt(2026, 6, 5, 10, 0), Sev3, Defect),
		Event{Type: EventReclassified, At: thu, Severity: Sev1})
	fresh := exIssue(t, "INC-2", exOpened(thu, Sev1, Defect))
	vUp := exEvaluate(t, e, []Issue{up}, nil, e.PlannedEnd)
	vFresh := exEvaluate(t, e, []Issue{fresh}, nil, e.PlannedEnd)
	if want := exAt(2026, 6, 14, 16, 0); !vUp.EarliestExit.Equal(want) {
		t.Errorf("reclassified up: earliest exit %s, want %s", vUp.EarliestExit, want)
	}
	exDiff(t, "earliest exit and extension (reclassified vs new)",
		[]any{vFresh.EarliestExit, vFresh.ExtensionDays, vFresh.Results[0].Holds},
		[]any{vUp.EarliestExit, vUp.ExtensionDays, vUp.Results[0].Holds})
	if want := "1 Sev1/2 issue new in the last 3 days: INC-2 (reclassified to Sev1); met from Sun 2026-06-14 16:00 CEST if nothing new happens"; vUp.Results[0].Reason != want {
		t.Errorf("reason %q, want %q", vUp.Results[0].Reason, want)
	}
	if vUp.ExtensionDays != 2 {
		t.Errorf("extension %d days, want 2 (Fri 18:00 + 2 days >= Sun 16:00)", vUp.ExtensionDays)
	}

	down := exIssue(t, "INC-3",
		exOpened(exAt(2026, 6, 5, 10, 0), Sev1, Defect),
		Event{Type: EventReclassified, At: thu, Severity: Sev3})
	v := exEvaluate(t, e, []Issue{down}, nil, e.PlannedEnd)
	if !v.Ready || !v.Results[0].MetSince.Equal(exAt(2026, 6, 8, 10, 0)) {
		t.Errorf("reclassified down: ready %v since %s, want ready since Mon 2026-06-08 10:00 (opening + 3 days)", v.Ready, v.Results[0].MetSince)
	}
}

// A severity held only within one instant never shows in the issue's state
// (replay's rule for one instant), so it makes no issue new: a Sev3 raised
// to Sev2 and lowered back at the same second, or opened as Sev2 and
// triaged down to Sev3 at its opening. Worked by hand: neither issue is
// ever new, so the criterion holds from go-live + 3 days (Thu 2026-06-04
// 09:00) on. A Sev3 raised to Sev1 and lowered to Sev2 at one second is
// new once, as a Sev2.
func TestEvaluateIgnoresASeverityUndoneAtTheSameInstant(t *testing.T) {
	e := exEngagement(NoNewIssues{AtLeast: Sev2, Days: 3})
	thu := exAt(2026, 6, 11, 16, 0)
	roundTrip := exIssue(t, "INC-5",
		exOpened(exAt(2026, 6, 5, 10, 0), Sev3, Defect),
		Event{ID: "a", Type: EventReclassified, At: thu, Severity: Sev2},
		Event{ID: "b", Type: EventReclassified, At: thu, Severity: Sev3})
	triaged := exIssue(t, "INC-6",
		Event{ID: "a", Type: EventOpened, At: thu, Severity: Sev2, Kind: Defect},
		Event{ID: "b", Type: EventReclassified, At: thu, Severity: Sev3})
	for _, is := range []Issue{roundTrip, triaged} {
		if got := is.State().Severity; got != Sev3 {
			t.Fatalf("test setup: %s ends %v, want Sev3", is.ID, got)
		}
		v := exEvaluate(t, e, []Issue{is}, nil, e.PlannedEnd)
		if since := exAt(2026, 6, 4, 9, 0); !v.Ready || !v.Results[0].MetSince.Equal(since) {
			t.Errorf("%s: ready %v since %s (%s), want ready since %s", is.ID, v.Ready, v.Results[0].MetSince, v.Results[0].Reason, since)
		}
	}

	settled := exIssue(t, "INC-7",
		exOpened(exAt(2026, 6, 5, 10, 0), Sev3, Defect),
		Event{ID: "a", Type: EventReclassified, At: thu, Severity: Sev1},
		Event{ID: "b", Type: EventReclassified, At: thu, Severity: Sev2})
	v := exEvaluate(t, e, []Issue{settled}, nil, e.PlannedEnd)
	if want := "1 Sev1/2 issue new in the last 3 days: INC-7 (reclassified to Sev2); met from Sun 2026-06-14 16:00 CEST if nothing new happens"; v.Results[0].Reason != want {
		t.Errorf("reason %q, want %q", v.Results[0].Reason, want)
	}
}

// A window that spans the change from CEST to CET on 2026-10-25 is 3
// calendar days (73 hours), not 72 hours.
func TestEvaluateWorkedWindowAcrossDST(t *testing.T) {
	e := exEngagement(NoNewIssues{AtLeast: Sev2, Days: 3})
	e.GoLive, e.PlannedEnd = exAt(2026, 10, 19, 9, 0), exAt(2026, 10, 30, 18, 0)
	opened := exAt(2026, 10, 24, 10, 0) // Sat, CEST
	issues := []Issue{exIssue(t, "INC-4", exOpened(opened, Sev2, Defect))}
	tue := exAt(2026, 10, 27, 10, 0) // Tue, CET
	if got := tue.Sub(opened); got != 73*time.Hour {
		t.Fatalf("test setup: %s between opening and Tue 10:00, want 73h", got)
	}
	if v := exEvaluate(t, e, issues, nil, opened.Add(72*time.Hour)); v.Ready {
		t.Errorf("72 h after the opening: ready, want not (the window is 3 calendar days)")
	} else if !v.EarliestExit.Equal(tue) {
		t.Errorf("earliest exit %s, want %s", v.EarliestExit, tue)
	}
	if v := exEvaluate(t, e, issues, nil, tue); !v.Ready {
		t.Errorf("at Tue 10:00 CET: not ready, want ready")
	}
}

// 10 issues resolved in the last 7 days, 9 by the steady-state team, one of
// those escalated to the project team first: takeover share 8/10 = 0.8.
func TestEvaluateWorkedTakeover(t *testing.T) {
	asOf := exAt(2026, 6, 12, 18, 0)
	var issues []Issue
	for i := range 10 {
		id := IssueID("INC-" + string(rune('A'+i)))
		opened := exAt(2026, 6, 6+i/2, 9, 0)
		evs := []Event{exOpened(opened, Sev3, Question), {Type: EventAssigned, At: opened.Add(time.Hour), Team: SteadyState}}
		switch i {
		case 3: // escalated, then resolved by the steady-state team
			evs = append(evs, Event{Type: EventEscalated, At: opened.Add(2 * time.Hour)},
				Event{Type: EventResolved, At: opened.Add(5 * time.Hour), Team: SteadyState})
		case 7: // resolved by the project team
			evs = append(evs, Event{Type: EventResolved, At: opened.Add(5 * time.Hour), Team: Project})
		default:
			evs = append(evs, Event{Type: EventResolved, At: opened.Add(5 * time.Hour)}) // owning team: steady-state
		}
		issues = append(issues, exIssue(t, id, evs...))
	}
	// An 11th resolved 8 days ago is outside the window.
	issues = append(issues, exIssue(t, "OLD",
		exOpened(exAt(2026, 6, 4, 9, 0), Sev3, Question),
		Event{Type: EventResolved, At: exAt(2026, 6, 4, 12, 0), Team: Project}))

	for _, tc := range []struct {
		share string
		met   bool
	}{{"0.8", true}, {"0.81", false}, {"0.79", true}} {
		e := exEngagement(Takeover{Days: 7, MinShare: decimal.RequireFromString(tc.share), MinResolved: 5})
		r := exEvaluate(t, e, issues, nil, asOf).Results[0]
		if r.Met != tc.met {
			t.Errorf("share %s: met %v, want %v (%s)", tc.share, r.Met, tc.met, r.Reason)
		}
		if !strings.HasPrefix(r.Reason, "8 of 10 issues resolved in the last 7 days were taken over by the steady-state team (0.8, at least "+tc.share+" needed); escalated or resolved by another team: INC-D, INC-H") {
			t.Errorf("share %s: reason %q", tc.share, r.Reason)
		}
		exDiff(t, "evidence", []IssueID{"INC-D", "INC-H"}, r.Evidence)
	}
}

// The oracle: each built-in criterion judged from scratch at any instant t,
// straight from its definition, with the events at or before min(t, asOf)
// ("nothing new happens" after asOf). exOracle turns it into the spans in
// which the criterion holds by asking at every instant where the answer can
// change. Evaluate's one pass over the data must agree with it.

func exAddDays(t time.Time, n int) time.Time { return t.In(exBerlin).AddDate(0, 0, n) }

func exOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func exOrSev(v, def Severity) Severity {
	if v == 0 {
		return def
	}
	return v
}

func exShare(v decimal.Decimal, def string) decimal.Decimal {
	if v.IsZero() {
		return decimal.RequireFromString(def)
	}
	return v
}

// exBecameNew reports the instants at or before limit at which the issue
// became new for "no new issues of severity k or worse".
func exBecameNew(is Issue, k Severity, limit time.Time) []time.Time {
	var out []time.Time
	evs := is.Events()
	for _, e := range evs {
		if e.At.After(limit) {
			break
		}
		if len(out) > 0 && out[len(out)-1].Equal(e.At) {
			continue
		}
		// An instant is judged by the states just before and just after it.
		before := is.StateAt(e.At.Add(-time.Nanosecond))
		after := is.StateAt(e.At)
		if !after.Severity.AtLeast(k) {
			continue
		}
		for _, f := range evs {
			if f.At.Equal(e.At) && (f.Type == EventOpened || f.Type == EventReopened ||
				f.Type == EventReclassified && !before.Severity.AtLeast(k)) {
				out = append(out, e.At)
				break
			}
		}
	}
	return out
}

// exDecided is an SLA clock decision: when, whether met, for which issue.
type exDecided struct {
	at  time.Time
	met bool
	id  IssueID
}

func exDecisions(in ExitInput, c SLACompliance) []exDecided {
	metrics := []Metric{FirstResponse, Resolution}
	if c.Metric != 0 {
		metrics = []Metric{c.Metric}
	}
	var out []exDecided
	for _, is := range in.Issues {
		if is.Opened().IsZero() || is.Events()[0].At.After(in.AsOf) {
			continue
		}
		for _, m := range metrics {
			// The cycles a NewCycle reopen closed: the clock of the timeline
			// cut just before each reopen, judged at the reopen.
			var clocks []Clock
			events := is.Events()
			if pol := in.Engagement.PolicyAt(is.Opened()); m == Resolution && (pol.OnReopen == 0 || pol.OnReopen == ReopenNewCycle) {
				for i, e := range events {
					if e.Type != EventReopened || e.At.After(in.AsOf) {
						continue
					}
					before := Issue{ID: is.ID, Engagement: is.Engagement}
					if err := before.Append(events[:i]...); err != nil {
						panic(err)
					}
					if clk, err := in.Engagement.Clock(before, m, e.At); err == nil {
						clocks = append(clocks, clk)
					}
				}
			}
			if clk, err := in.Engagement.Clock(is, m, in.AsOf); err == nil {
				clocks = append(clocks, clk)
			}
			for _, clk := range clocks {
				if !clk.Severity.AtLeast(exOrSev(c.AtLeast, MaxSeverity)) {
					continue
				}
				switch clk.State {
				case ClockMet:
					out = append(out, exDecided{clk.Stopped, true, is.ID})
				case ClockBreached:
					out = append(out, exDecided{clk.BreachedAt, false, is.ID})
				case ClockRunning:
					out = append(out, exDecided{clk.Due, false, is.ID})
				}
			}
		}
	}
	return out
}

func exSponsorSignedBy(in ExitInput, c SponsorSignOff, t time.Time) bool {
	for _, s := range in.SignOffs {
		listed := true
		if len(in.Engagement.People) > 0 {
			p, ok := in.Engagement.Person(s.By)
			listed = ok && slices.Contains(p.Roles, RoleSponsor)
		}
		if listed && s.Role == RoleSponsor && s.By != "" && (c.By == "" || s.By == c.By) && !s.At.After(t) && !s.At.After(in.AsOf) {
			return true
		}
	}
	return false
}

// exNaive reports whether c holds at t and, at t == asOf, the issues its
// reason is about.
func exNaive(t exT, c Criterion, in ExitInput, at time.Time) (bool, []IssueID) {
	tt := at
	if tt.After(in.AsOf) {
		tt = in.AsOf
	}
	golive := in.Engagement.GoLive
	var ids []IssueID
	switch c := c.(type) {
	case NoNewIssues:
		n := exOr(c.Days, 3)
		for _, is := range in.Issues {
			for _, q := range exBecameNew(is, exOrSev(c.AtLeast, Sev2), tt) {
				if at.Before(exAddDays(q, n)) {
					ids = append(ids, is.ID)
					break
				}
			}
		}
		return !at.Before(exAddDays(golive, n)) && len(ids) == 0, ids
	case DefectRate:
		n := exOr(c.Days, 7)
		for _, is := range in.Issues {
			evs := is.Events()
			if len(evs) == 0 || evs[0].At.After(tt) || is.StateAt(in.AsOf).Kind != Defect {
				continue
			}
			if at.Before(exAddDays(evs[0].At, n)) {
				ids = append(ids, is.ID)
			}
		}
		ok := decimal.NewFromInt(int64(len(ids))).LessThanOrEqual(c.Max.Mul(decimal.NewFromInt(int64(n))))
		return ok && !at.Before(exAddDays(golive, n)), ids
	case Takeover:
		n, good, total := exOr(c.Days, 7), 0, 0
		for _, is := range in.Issues {
			s := is.StateAt(tt)
			if s.Status != StatusResolved || !at.Before(exAddDays(s.Resolved, n)) {
				continue
			}
			total++
			if s.ResolvedTeam == SteadyState && !s.Escalated {
				good++
			} else {
				ids = append(ids, is.ID)
			}
		}
		share := exShare(c.MinShare, "0.8")
		return total >= exOr(c.MinResolved, 5) &&
			decimal.NewFromInt(int64(good)).GreaterThanOrEqual(share.Mul(decimal.NewFromInt(int64(total)))), ids
	case NoneOpen:
		for _, is := range in.Issues {
			if s := is.StateAt(tt); s.IsOpen() && s.Severity.AtLeast(exOrSev(c.AtLeast, Sev1)) {
				ids = append(ids, is.ID)
			}
		}
		return len(ids) == 0, ids
	case SLACompliance:
		n, good, total := exOr(c.Days, 7), 0, 0
		for _, d := range exDecisions(in, c) {
			if d.at.After(at) || !at.Before(exAddDays(d.at, n)) {
				continue
			}
			total++
			if d.met {
				good++
			} else if !slices.Contains(ids, d.id) {
				ids = append(ids, d.id)
			}
		}
		share := exShare(c.MinShare, "0.9")
		return total >= exOr(c.MinClocks, 1) &&
			decimal.NewFromInt(int64(good)).GreaterThanOrEqual(share.Mul(decimal.NewFromInt(int64(total)))), ids
	case SponsorSignOff:
		// A pending gate is assumed passed when asked, at asOf.
		return exSponsorSignedBy(in, c, at) || !at.Before(in.AsOf) && !exSponsorSignedBy(in, c, in.AsOf), nil
	}
	// All and Any, told apart by name.
	parts := exParts(c)
	all := strings.HasPrefix(c.Name(), "all of")
	holds := all
	for _, p := range parts {
		h, pids := exNaive(t, p, in, at)
		if all {
			holds = holds && h
		} else {
			holds = holds || h
		}
		for _, id := range pids {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return holds, ids
}

// exNaiveMet reports whether c is met at asOf: as exNaive, except that a
// pending gate is not met.
func exNaiveMet(t exT, c Criterion, in ExitInput) bool {
	if s, ok := c.(SponsorSignOff); ok {
		return exSponsorSignedBy(in, s, in.AsOf)
	}
	parts := exParts(c)
	if parts == nil {
		met, _ := exNaive(t, c, in, in.AsOf)
		return met
	}
	all := strings.HasPrefix(c.Name(), "all of")
	met := all
	for _, p := range parts {
		if all {
			met = met && exNaiveMet(t, p, in)
		} else {
			met = met || exNaiveMet(t, p, in)
		}
	}
	return met
}

// exParts recovers the parts of an All or Any through its JSON form; nil
// for any other criterion.
func exParts(c Criterion) []Criterion {
	if !strings.HasPrefix(c.Name(), "all of") && !strings.HasPrefix(c.Name(), "any of") {
		return nil
	}
	b, err := json.Marshal(ExitPolicy{Criteria: []Criterion{c}})
	if err != nil {
		panic(err)
	}
	var v struct {
		Criteria []struct {
			Of json.RawMessage `json:"of"`
		} `json:"criteria"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	var p ExitPolicy
	if err := json.Unmarshal([]byte(`{"criteria":`+string(v.Criteria[0].Of)+`}`), &p); err != nil {
		panic(err)
	}
	return p.Criteria
}

// exCandidates returns every instant at or after go-live where a criterion's
// answer can change: go-live, asOf, every event, clock decision and sign-off
// instant, and each of those plus every window length in days.
func exCandidates(in ExitInput, windows []int) []time.Time {
	base := []time.Time{in.Engagement.GoLive, in.AsOf}
	for _, is := range in.Issues {
		for _, e := range is.Events() {
			if !e.At.After(in.AsOf) {
				base = append(base, e.At)
			}
		}
	}
	for _, d := range exDecisions(in, SLACompliance{}) {
		base = append(base, d.at)
	}
	for _, s := range in.SignOffs {
		base = append(base, s.At)
	}
	all := slices.Clone(base)
	for _, b := range base {
		for _, n := range windows {
			all = append(all, exAddDays(b, n))
		}
	}
	all = slices.DeleteFunc(all, func(t time.Time) bool { return t.Before(in.Engagement.GoLive) })
	slices.SortFunc(all, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(all, func(a, b time.Time) bool { return a.Equal(b) })
}

// exOracle returns the spans in which c holds, from go-live on, by asking
// exNaive at every candidate instant.
func exOracle(t exT, c Criterion, in ExitInput, windows []int) []Interval {
	var out []Interval
	on := false
	var start time.Time
	for _, at := range exCandidates(in, windows) {
		h, _ := exNaive(t, c, in, at)
		switch {
		case h && !on:
			on, start = true, at
		case !h && on:
			on = false
			out = append(out, Interval{Start: start, End: at})
		}
	}
	if on {
		out = append(out, Interval{Start: start})
	}
	return out
}

// exGen draws engagements, issues, sign-offs and criteria for properties.
// Go-live is Mon 2026-10-19 09:00 Berlin, so windows cross the DST change
// of 2026-10-25; instants fall on a 30-minute grid so that many coincide.
type exGen struct {
	golive time.Time
}

var exG = exGen{golive: exAt(2026, 10, 19, 9, 0)}

func (g exGen) instant(t *rapid.T, label string, from, to int) time.Time {
	return g.golive.Add(time.Duration(rapid.IntRange(from, to).Draw(t, label)) * 30 * time.Minute)
}

func (g exGen) engagement(t *rapid.T) Engagement {
	business, err := NewCalendar(exBerlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	return Engagement{
		ID: "E", Location: exBerlin, GoLive: g.golive,
		PlannedEnd: exAddDays(g.golive, rapid.IntRange(1, 20).Draw(t, "plannedDays")),
		Policy:     DefaultPolicy(business), // no Sev4 targets: such clocks are skipped
	}
}

func (g exGen) asOf(t *rapid.T) time.Time { return g.instant(t, "asOf", 0, 48*20) }

// issue draws a valid timeline of up to 9 events, from 2 days before go-live
// to about 22 days after; events that the timeline rejects are dropped.
func (g exGen) issue(t *rapid.T, id IssueID) Issue {
	is := Issue{ID: id}
	at := g.instant(t, "opened", -96, 48*20)
	sev := func() Severity { return Severity(rapid.IntRange(1, 4).Draw(t, "sev")) }
	kind := func() Kind { return Kind(rapid.IntRange(1, 5).Draw(t, "kind")) }
	team := func() Team { return Team(rapid.IntRange(0, 2).Draw(t, "team")) }
	if err := is.Append(Event{Type: EventOpened, At: at, Severity: sev(), Kind: kind()}); err != nil {
		t.Fatal(err)
	}
	for range rapid.IntRange(0, 8).Draw(t, "events") {
		at = at.Add(time.Duration(rapid.IntRange(0, 96).Draw(t, "step")) * 30 * time.Minute)
		e := Event{At: at}
		// Resolutions and reopens are drawn more often: they drive takeover.
		switch rapid.SampledFrom([]int{0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 8, 8}).Draw(t, "type") {
		case 0:
			e.Type = EventResponded
		case 1:
			e.Type, e.Severity = EventReclassified, sev()
		case 2:
			e.Type, e.Kind = EventReclassified, kind()
		case 3:
			e.Type = EventPaused
		case 4:
			e.Type = EventResumed
		case 5:
			e.Type, e.Team = EventAssigned, Team(rapid.IntRange(1, 2).Draw(t, "assignee"))
		case 6:
			e.Type = EventEscalated
		case 7:
			e.Type, e.Team = EventResolved, team()
		case 8:
			e.Type = EventReopened
			if rapid.Bool().Draw(t, "reopenSev") {
				e.Severity = sev()
			}
		}
		_ = is.Append(e) // an invalid step is simply not taken
	}
	return is
}

func (g exGen) issues(t *rapid.T) []Issue {
	var out []Issue
	for i := range rapid.IntRange(0, 10).Draw(t, "issues") {
		out = append(out, g.issue(t, IssueID("INC-"+string(rune('A'+i)))))
	}
	return out
}

func (g exGen) signOffs(t *rapid.T) []SignOff {
	var out []SignOff
	for range rapid.IntRange(0, 2).Draw(t, "signOffs") {
		out = append(out, SignOff{
			By:   rapid.SampledFrom([]PersonID{"", "ana", "bo"}).Draw(t, "by"),
			Role: rapid.SampledFrom([]Role{RoleSponsor, RoleLead}).Draw(t, "role"),
			At:   g.instant(t, "signedAt", 0, 48*20),
		})
	}
	return out
}

func exDecimal(t *rapid.T, label string, max int64) decimal.Decimal {
	return decimal.New(rapid.Int64Range(0, max).Draw(t, label), -1)
}

// The kinds of built-in criterion the generator draws.
const (
	exNoNew = iota
	exDefectRate
	exTakeover
	exNoneOpen
	exSLA
	exSignOff
	exCombined
)

var exKindNames = []string{"no-new-issues", "defect-rate", "takeover", "none-open", "sla-compliance", "sponsor-sign-off", "all-any"}

// leaf draws a built-in criterion of the given kind (not exCombined).
func (g exGen) leaf(t *rapid.T, kind int) Criterion {
	switch kind {
	case exNoNew:
		return NoNewIssues{AtLeast: Severity(rapid.IntRange(0, 3).Draw(t, "atLeast")), Days: rapid.IntRange(0, 4).Draw(t, "days")}
	case exDefectRate:
		return DefectRate{Days: rapid.IntRange(0, 4).Draw(t, "days"), Max: exDecimal(t, "max", 20)}
	case exTakeover:
		return Takeover{Days: rapid.IntRange(0, 4).Draw(t, "days"), MinShare: exDecimal(t, "share", 10), MinResolved: rapid.IntRange(0, 3).Draw(t, "min")}
	case exNoneOpen:
		return NoneOpen{AtLeast: Severity(rapid.IntRange(0, 3).Draw(t, "atLeast"))}
	case exSLA:
		return SLACompliance{Days: rapid.IntRange(0, 4).Draw(t, "days"), MinShare: exDecimal(t, "share", 10),
			MinClocks: rapid.IntRange(0, 3).Draw(t, "min"), Metric: Metric(rapid.IntRange(0, 2).Draw(t, "metric")),
			AtLeast: Severity(rapid.IntRange(0, 4).Draw(t, "atLeast"))}
	}
	return SponsorSignOff{By: rapid.SampledFrom([]PersonID{"", "ana"}).Draw(t, "sponsor")}
}

// anyLeaf draws a leaf of any kind below `below` (exSignOff: no gates).
func (g exGen) anyLeaf(t *rapid.T, below int) Criterion {
	return g.leaf(t, rapid.IntRange(0, below-1).Draw(t, "kind"))
}

// criterion draws a criterion of the given kind; exCombined draws All or
// Any of two or three leaves of any kind below `below`.
func (g exGen) criterion(t *rapid.T, kind, below int) Criterion {
	if kind != exCombined {
		return g.leaf(t, kind)
	}
	if rapid.Bool().Draw(t, "all") {
		return All(g.anyLeaf(t, below), g.anyLeaf(t, below), g.anyLeaf(t, below))
	}
	return Any(g.anyLeaf(t, below), g.anyLeaf(t, below))
}

// exWindows lists every window length (days) a criterion can use.
var exWindows = []int{1, 2, 3, 4, 7}

func TestEvaluateAgreesWithOracle(t *testing.T) {
	for kind, name := range exKindNames {
		t.Run(name, func(t *testing.T) { rapid.Check(t, func(t *rapid.T) { exCheckOracle(t, kind) }) })
	}
}

func exCheckOracle(t *rapid.T, kind int) {
	e := exG.engagement(t)
	c := exG.criterion(t, kind, exCombined)
	e.Exit = ExitPolicy{Criteria: []Criterion{c}}
	in := ExitInput{Engagement: e, Issues: exG.issues(t), SignOffs: exG.signOffs(t), AsOf: exG.asOf(t)}
	v, err := Evaluate(ExitInput{Engagement: e, Issues: in.Issues, SignOffs: in.SignOffs, AsOf: in.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	got := v.Results[0]
	wantHolds := exOracle(t, c, in, exWindows)
	exDiff(t, "holds", wantHolds, got.Holds)
	_, ids := exNaive(t, c, in, in.AsOf)
	if met := exNaiveMet(t, c, in); got.Met != met {
		t.Fatalf("met %v, oracle %v (%s)", got.Met, met, got.Reason)
	}
	if got.Met {
		var since time.Time
		for _, iv := range wantHolds {
			if !iv.Start.After(in.AsOf) && (iv.End.IsZero() || iv.End.After(in.AsOf)) {
				since = iv.Start
			}
		}
		if !got.MetSince.Equal(since) {
			t.Fatalf("met since %s, oracle %s", got.MetSince, since)
		}
	} else {
		var at time.Time // the first instant the oracle holds, from asOf on
		for _, iv := range wantHolds {
			if iv.End.IsZero() || iv.End.After(in.AsOf) {
				at = iv.Start
				if at.Before(in.AsOf) {
					at = in.AsOf
				}
				break
			}
		}
		var action bool
		switch c.(type) {
		case NoNewIssues, DefectRate:
			action = false // waiting always helps
		case NoneOpen, SponsorSignOff:
			action = true // an open issue stays open; a sign-off is given
		case Takeover, SLACompliance:
			action = at.IsZero()
		default:
			action = got.NeedsAction // a combination: judged through its parts
		}
		if got.NeedsAction != action {
			t.Fatalf("needs action %v, oracle %v (%s)", got.NeedsAction, action, got.Reason)
		}
		if action {
			at = time.Time{} // no forecast when action is needed
		}
		if !got.MetAt.Equal(at) {
			t.Fatalf("met at %s, oracle %s", got.MetAt, at)
		}
	}
	slices.Sort(ids)
	gotIDs := slices.Clone(got.Evidence)
	slices.Sort(gotIDs)
	if strings.HasPrefix(c.Name(), "all of") || strings.HasPrefix(c.Name(), "any of") {
		return // a combination's evidence is its parts'; checked through them
	}
	exDiff(t, "evidence", ids, gotIDs)
}

// exPolicy draws 1 to 3 criteria of any kind, with at most a top-level
// sign-off as gate.
func (g exGen) policy(t *rapid.T) ExitPolicy {
	var cs []Criterion
	for range rapid.IntRange(1, 3).Draw(t, "criteria") {
		cs = append(cs, g.criterion(t, rapid.SampledFrom([]int{exNoNew, exDefectRate, exTakeover, exNoneOpen, exSLA, exCombined}).Draw(t, "kind"), exSignOff))
	}
	if rapid.Bool().Draw(t, "gate") {
		cs = append(cs, g.leaf(t, exSignOff))
	}
	return ExitPolicy{Criteria: cs}
}

// truncate returns the issue with only its events at or before t.
func exTruncate(t exT, is Issue, at time.Time) Issue {
	out := Issue{ID: is.ID}
	for _, e := range is.Events() {
		if e.At.After(at) {
			break
		}
		if err := out.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// Adding an issue that qualifies for no criterion never changes a verdict:
// a training gap, question, change request or data fix that only ever holds
// Sev3 or Sev4 and is never resolved.
func TestExitPropertyNonQualifyingIssueChangesNothing(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := exG.engagement(t)
		e.Exit = ExitPolicy{Criteria: []Criterion{
			NoNewIssues{AtLeast: Severity(rapid.IntRange(1, 2).Draw(t, "noNew")), Days: rapid.IntRange(0, 4).Draw(t, "days")},
			exG.leaf(t, exDefectRate), exG.leaf(t, exTakeover),
			NoneOpen{AtLeast: Severity(rapid.IntRange(1, 2).Draw(t, "noneOpen"))},
			exG.leaf(t, exSignOff),
		}}
		issues, signOffs, asOf := exG.issues(t), exG.signOffs(t), exG.asOf(t)
		before, err := Evaluate(ExitInput{Engagement: e, Issues: issues, SignOffs: signOffs, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		minor := func() Severity { return Severity(rapid.IntRange(3, 4).Draw(t, "minorSev")) }
		notDefect := func() Kind { return Kind(rapid.IntRange(2, 5).Draw(t, "notDefect")) }
		extra := Issue{ID: "EXTRA"}
		at := exG.instant(t, "extraOpened", -96, 48*20)
		if err := extra.Append(Event{Type: EventOpened, At: at, Severity: minor(), Kind: notDefect()}); err != nil {
			t.Fatal(err)
		}
		for range rapid.IntRange(0, 6).Draw(t, "extraEvents") {
			at = at.Add(time.Duration(rapid.IntRange(0, 96).Draw(t, "extraStep")) * 30 * time.Minute)
			e := Event{At: at}
			switch rapid.IntRange(0, 6).Draw(t, "extraType") {
			case 0:
				e.Type = EventResponded
			case 1:
				e.Type, e.Severity = EventReclassified, minor()
			case 2:
				e.Type, e.Kind = EventReclassified, notDefect()
			case 3:
				e.Type = EventPaused
			case 4:
				e.Type = EventResumed
			case 5:
				e.Type, e.Team = EventAssigned, Team(rapid.IntRange(1, 2).Draw(t, "extraTeam"))
			case 6:
				e.Type = EventEscalated
			}
			_ = extra.Append(e)
		}
		pos := rapid.IntRange(0, len(issues)).Draw(t, "at")
		after, err := Evaluate(ExitInput{Engagement: e, Issues: slices.Insert(slices.Clone(issues), pos, extra), SignOffs: signOffs, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		exDiff(t, "verdict", before, after)
	})
}

// Adding an issue never makes a criterion that counts issues against the
// exit (no new issues, defect rate, none open) met, nor its forecast earlier;
// nor does adding a rescued resolution make takeover met (with a minimum of
// one resolution: with a larger minimum, a rescued issue can supply the
// missing evidence, so the law does not hold there).
func TestExitPropertyQualifyingIssueNeverHelps(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := exG.engagement(t)
		takeover := Takeover{Days: rapid.IntRange(0, 4).Draw(t, "days"), MinShare: exDecimal(t, "share", 10), MinResolved: 1}
		rescued := rapid.Bool().Draw(t, "rescued")
		e.Exit = ExitPolicy{Criteria: []Criterion{exG.leaf(t, exNoNew), exG.leaf(t, exDefectRate), exG.leaf(t, exNoneOpen), takeover}}
		issues, asOf := exG.issues(t), exG.asOf(t)
		extra := exG.issue(t, "EXTRA")
		if rescued {
			at := exG.instant(t, "rescueOpened", -96, 48*20)
			extra = exIssue(t, "EXTRA", exOpened(at, Sev2, Question),
				Event{Type: EventEscalated, At: at.Add(time.Hour)},
				Event{Type: EventResolved, At: at.Add(time.Duration(rapid.IntRange(1, 200).Draw(t, "rescueHours")) * time.Hour),
					Team: Team(rapid.IntRange(0, 2).Draw(t, "rescueTeam"))})
		}
		before := exEvaluate(t, e, issues, nil, asOf)
		after := exEvaluate(t, e, append(slices.Clone(issues), extra), nil, asOf)
		for i, b := range before.Results {
			a := after.Results[i]
			if i == 3 && !rescued {
				continue // an arbitrary issue may be a steady-state resolution
			}
			if !b.Met && a.Met {
				t.Fatalf("%s: not met before the extra issue, met after: %s", b.Criterion, a.Reason)
			}
			if !b.Met && a.MetAt.Before(b.MetAt) && !a.MetAt.IsZero() {
				t.Fatalf("%s: forecast moved earlier, from %s to %s", b.Criterion, b.MetAt, a.MetAt)
			}
			if !b.Met && b.MetAt.IsZero() && !a.MetAt.IsZero() {
				t.Fatalf("%s: needed action before the extra issue, forecast %s after", b.Criterion, a.MetAt)
			}
		}
	})
}

// The earliest exit is never before the as-of instant, and evaluating at
// the earliest exit with no new events finds every criterion but the gates
// met (the gates being what is still to be given).
func TestExitPropertyEarliestExitHolds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := exG.engagement(t)
		e.Exit = exG.policy(t)
		asOf := exG.asOf(t)
		var issues []Issue
		for _, is := range exG.issues(t) {
			issues = append(issues, exTruncate(t, is, asOf))
		}
		signOffs := slices.DeleteFunc(exG.signOffs(t), func(s SignOff) bool { return s.At.After(asOf) })
		v := exEvaluate(t, e, issues, signOffs, asOf)
		if v.EarliestExit.IsZero() {
			for _, r := range v.Results {
				if r.NeedsAction && !r.Gate {
					return
				}
			}
			if !strings.HasPrefix(v.Summary, "Not ready: the criteria never hold together") {
				t.Fatalf("no earliest exit, yet no criterion needs action: %s", v)
			}
			return
		}
		if v.EarliestExit.Before(asOf) {
			t.Fatalf("earliest exit %s is before the as-of instant %s", v.EarliestExit, asOf)
		}
		if v.Ready != v.EarliestExit.Equal(asOf) && !v.ReadyForSignOff {
			t.Fatalf("ready %v, earliest exit %s, as of %s", v.Ready, v.EarliestExit, asOf)
		}
		later := exEvaluate(t, e, issues, signOffs, v.EarliestExit)
		for _, r := range later.Results {
			if !r.Met && !r.Gate {
				t.Fatalf("at the earliest exit %s, %s is not met: %s", v.EarliestExit, r.Criterion, r.Reason)
			}
		}
	})
}

// All is met iff every part is; Any iff some part is.
func TestExitPropertyAllAny(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := exG.engagement(t)
		var parts []Criterion
		for range rapid.IntRange(1, 4).Draw(t, "parts") {
			parts = append(parts, exG.anyLeaf(t, exCombined))
		}
		e.Exit = ExitPolicy{Criteria: append([]Criterion{All(parts...), Any(parts...)}, parts...)}
		v := exEvaluate(t, e, exG.issues(t), exG.signOffs(t), exG.asOf(t))
		all, some := true, false
		for _, r := range v.Results[2:] {
			all, some = all && r.Met, some || r.Met
		}
		if v.Results[0].Met != all || v.Results[1].Met != some {
			t.Fatalf("all met %v (parts: %v), any met %v (parts: %v)", v.Results[0].Met, all, v.Results[1].Met, some)
		}
		exDiff(t, "parts of All", v.Results[2:], v.Results[0].Parts)
	})
}

// Verdicts are deterministic and do not depend on the order of issues and
// sign-offs.
func TestExitPropertyOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		e := exG.engagement(t)
		e.Exit = exG.policy(t)
		issues, signOffs, asOf := exG.issues(t), exG.signOffs(t), exG.asOf(t)
		want := exEvaluate(t, e, issues, signOffs, asOf)
		shuffled := rapid.Permutation(issues).Draw(t, "shuffledIssues")
		got := exEvaluate(t, e, shuffled, rapid.Permutation(signOffs).Draw(t, "shuffledSignOffs"), asOf)
		exDiff(t, "verdict", want, got)
	})
}

// exResolvedBySteadyState returns n Sev3 questions resolved by the
// steady-state team on Thu 2026-06-11.
func exResolvedBySteadyState(t exT, n int) []Issue {
	var out []Issue
	for i := range n {
		at := exAt(2026, 6, 11, 9+i%8, 0)
		out = append(out, exIssue(t, IssueID("Q-"+string(rune('A'+i))), exOpened(at, Sev3, Question),
			Event{Type: EventResolved, At: at.Add(30 * time.Minute), Team: SteadyState}))
	}
	return out
}

// The default policy with every condition met but no sign-off: "ready for
// sponsor sign-off"; a sign-off counts only by a named sponsor at or before
// the as-of instant.
// With the engagement's people listed, only a listed sponsor signs off: a
// sign-off that merely claims the role is ignored, and the reason says so.
func TestEvaluateSponsorSignOffNeedsAListedSponsor(t *testing.T) {
	e := exEngagement(SponsorSignOff{})
	e.People = []Person{{ID: "sam", Team: Project, Roles: []Role{RoleSponsor}}, {ID: "kit", Team: Project, Roles: []Role{RoleTriage}}}
	claimed := []SignOff{{By: "kit", Role: RoleSponsor, At: exAt(2026, 6, 12, 9, 0)}, {By: "zoe", Role: RoleSponsor, At: exAt(2026, 6, 12, 9, 0)}}
	r := exEvaluate(t, e, nil, claimed, e.PlannedEnd).Results[0]
	want := "no sponsor sign-off recorded (ignored: kit, zoe, not a sponsor of the engagement); needs action: the sponsor signs off"
	if r.Met || r.Reason != want {
		t.Errorf("met %v, reason %q; want not met, %q", r.Met, r.Reason, want)
	}
	real := append(claimed, SignOff{By: "sam", Role: RoleSponsor, At: exAt(2026, 6, 12, 10, 0)})
	v := exEvaluate(t, e, nil, real, e.PlannedEnd)
	if r := v.Results[0]; !r.Met || r.Reason != "signed off by sam on Fri 2026-06-12 10:00 CEST" {
		t.Errorf("with the sponsor's sign-off: met %v, reason %q", r.Met, r.Reason)
	}
	if v.Summary != "Ready to exit: the criterion is met" {
		t.Errorf("summary %q for one criterion met", v.Summary)
	}
}

func TestEvaluateSponsorSignOff(t *testing.T) {
	e := exEngagement()
	asOf := e.PlannedEnd
	issues := exResolvedBySteadyState(t, 5)
	notYet := []SignOff{
		{By: "lee", Role: RoleLead, At: exAt(2026, 6, 12, 9, 0)},
		{Role: RoleSponsor, At: exAt(2026, 6, 12, 9, 0)},
		{By: "ana", Role: RoleSponsor, At: asOf.Add(time.Minute)},
	}
	v := exEvaluate(t, e, issues, notYet, asOf)
	if v.Ready || !v.ReadyForSignOff || !v.EarliestExit.Equal(asOf) || v.ExtensionDays != 0 {
		t.Errorf("ready %v, ready for sign-off %v, earliest exit %s, extension %d; want false, true, %s, 0",
			v.Ready, v.ReadyForSignOff, v.EarliestExit, v.ExtensionDays, asOf)
	}
	if want := "Ready for sponsor sign-off: every other criterion is met"; v.Summary != want {
		t.Errorf("summary %q, want %q", v.Summary, want)
	}
	if r := v.Results[3]; r.Met || !r.NeedsAction || !r.Gate || r.Reason != "no sponsor sign-off recorded; needs action: the sponsor signs off" {
		t.Errorf("sign-off result %+v", r)
	}

	signed := append(notYet, SignOff{By: "ana", Role: RoleSponsor, At: exAt(2026, 6, 12, 17, 0)})
	v = exEvaluate(t, e, issues, signed, asOf)
	if !v.Ready || v.Summary != "Ready to exit: all 4 criteria are met" {
		t.Errorf("ready %v, summary %q; want ready", v.Ready, v.Summary)
	}
	if r := v.Results[3]; r.Reason != "signed off by ana on Fri 2026-06-12 17:00 CEST" || !r.MetSince.Equal(exAt(2026, 6, 12, 17, 0)) {
		t.Errorf("sign-off reason %q since %s", r.Reason, r.MetSince)
	}
	e.Exit = ExitPolicy{Criteria: []Criterion{SponsorSignOff{By: "bo"}}}
	if v := exEvaluate(t, e, issues, signed, asOf); v.Ready || v.Results[0].Reason != "no sign-off by bo recorded; needs action: the sponsor signs off" {
		t.Errorf("sign-off by bo: ready %v, reason %q", v.Ready, v.Results[0].Reason)
	}
}

// An open Sev1 cannot end by waiting: the verdict says what needs action and
// gives no exit date and no extension, while the other criteria still show
// their forecasts.
func TestEvaluateOpenSev1NeedsAction(t *testing.T) {
	e := exEngagement(NoneOpen{}, NoNewIssues{})
	issues := []Issue{exIssue(t, "INC-9", exOpened(exAt(2026, 6, 10, 11, 0), Sev1, Defect))}
	v := exEvaluate(t, e, issues, nil, e.PlannedEnd)
	want := Verdict{
		AsOf:       e.PlannedEnd,
		Summary:    "Not ready, and no exit date until someone acts on: no open Sev1",
		PlannedEnd: e.PlannedEnd,
		Results: []Result{{
			Criterion: "no open Sev1", NeedsAction: true,
			Reason:   "1 Sev1 issue open: INC-9; needs action: resolve it",
			Evidence: []IssueID{"INC-9"},
			Holds:    []Interval{{Start: e.GoLive, End: exAt(2026, 6, 10, 11, 0)}},
		}, {
			Criterion: "no new Sev1/2 for 3 days", MetAt: exAt(2026, 6, 13, 11, 0),
			Reason:   "1 Sev1 issue opened in the last 3 days: INC-9; met from Sat 2026-06-13 11:00 CEST if nothing new happens",
			Evidence: []IssueID{"INC-9"},
			Holds:    []Interval{{Start: exAt(2026, 6, 4, 9, 0), End: exAt(2026, 6, 10, 11, 0)}, {Start: exAt(2026, 6, 13, 11, 0)}},
		}},
	}
	exDiff(t, "verdict", want, v)
}

// Defects only, by their kind as known at the as-of instant: 4 defects in 7
// days is 0.57 a day, above 0.5 (at most 3 allowed); the first leaves the
// window on Mon 06-15 10:00.
func TestEvaluateDefectRate(t *testing.T) {
	e := exEngagement(DefectRate{Days: 7, Max: decimal.RequireFromString("0.5")})
	var issues []Issue
	for i, day := range []int{8, 9, 10, 11} {
		issues = append(issues, exIssue(t, IssueID("D-"+string(rune('1'+i))), exOpened(exAt(2026, 6, day, 10, 0), Sev3, Defect)))
	}
	issues = append(issues,
		exIssue(t, "TG", exOpened(exAt(2026, 6, 11, 12, 0), Sev2, TrainingGap)),
		// A question found to be a defect counts at its opening, which is
		// more than 7 days before the as-of instant.
		exIssue(t, "Q", exOpened(exAt(2026, 6, 5, 9, 0), Sev3, Question),
			Event{Type: EventReclassified, At: exAt(2026, 6, 12, 8, 0), Kind: Defect}),
		// A "defect" that turned out to be a training gap does not count.
		exIssue(t, "NOT", exOpened(exAt(2026, 6, 11, 9, 0), Sev3, Defect),
			Event{Type: EventReclassified, At: exAt(2026, 6, 12, 9, 0), Kind: TrainingGap}),
	)
	v := exEvaluate(t, e, issues, nil, e.PlannedEnd)
	mon := exAt(2026, 6, 15, 10, 0)
	r := v.Results[0]
	if want := "4 defects opened in the last 7 days (0.57 a day, above 0.5): D-1, D-2, D-3, D-4; met from Mon 2026-06-15 10:00 CEST if nothing new happens"; r.Reason != want {
		t.Errorf("reason %q, want %q", r.Reason, want)
	}
	if r.Met || !r.MetAt.Equal(mon) || !v.EarliestExit.Equal(mon) || v.ExtensionDays != 3 {
		t.Errorf("met %v at %s, earliest exit %s, extension %d; want not met, %s, %s, 3 days", r.Met, r.MetAt, v.EarliestExit, v.ExtensionDays, mon, mon)
	}
}

// SLA compliance counts clocks as they are decided (met at the stop, breached
// at the breach) and, if nothing new happens, a running clock breaches at its
// due time.
func TestEvaluateSLACompliance(t *testing.T) {
	e := exEngagement(SLACompliance{Days: 7, MinShare: decimal.RequireFromString("0.5"), Metric: Resolution})
	e.Policy = Policy{Targets: []Target{{Severity: Sev1, Metric: Resolution, Within: 4 * time.Hour}}}
	issues := []Issue{
		exIssue(t, "A", exOpened(exAt(2026, 6, 8, 10, 0), Sev1, Defect), Event{Type: EventResolved, At: exAt(2026, 6, 8, 12, 0)}),
		exIssue(t, "B", exOpened(exAt(2026, 6, 9, 10, 0), Sev1, Defect), Event{Type: EventResolved, At: exAt(2026, 6, 9, 15, 0)}),
		exIssue(t, "C", exOpened(exAt(2026, 6, 12, 16, 0), Sev1, Defect)),
		exIssue(t, "S3", exOpened(exAt(2026, 6, 9, 10, 0), Sev3, Defect)), // no Sev3 target: not counted
	}
	r := exEvaluate(t, e, issues, nil, e.PlannedEnd).Results[0]
	want := Result{
		Criterion: "SLA compliance (resolution) at least 0.5 over 7 days",
		Met:       true, MetSince: exAt(2026, 6, 8, 12, 0),
		Reason:   "1 of 2 SLA clocks decided in the last 7 days were met (0.5, at least 0.5 needed); breached: B (resolution)",
		Evidence: []IssueID{"B"},
		// C breaches at Fri 20:00: 1 of 3 from then on.
		Holds: []Interval{{Start: exAt(2026, 6, 8, 12, 0), End: exAt(2026, 6, 12, 20, 0)}},
	}
	exDiff(t, "result", want, r)
}

// A reopen under NewCycle starts a fresh clock, but the breach of the cycle
// before it still counts: a breach is counted once, and never undone.
func TestEvaluateSLAComplianceRemembersBreachAcrossReopen(t *testing.T) {
	e := exEngagement(SLACompliance{Days: 7, Metric: Resolution})
	e.Policy = Policy{Targets: []Target{{Severity: Sev1, Metric: Resolution, Within: 4 * time.Hour}}}
	// Opened Mon 10:00, due 14:00, resolved 15:00 (breached at 14:00);
	// reopened Tue 10:00, resolved 11:00 (met).
	a := exIssue(t, "A", exOpened(exAt(2026, 6, 8, 10, 0), Sev1, Defect),
		Event{Type: EventResolved, At: exAt(2026, 6, 8, 15, 0)},
		Event{Type: EventReopened, At: exAt(2026, 6, 9, 10, 0)},
		Event{Type: EventResolved, At: exAt(2026, 6, 9, 11, 0)})
	for _, c := range []struct {
		at     time.Time
		reason string
	}{
		{exAt(2026, 6, 9, 9, 0), "0 of 1 SLA clocks decided in the last 7 days were met (0, at least 0.9 needed); breached: A (resolution)"},
		{exAt(2026, 6, 9, 10, 30), "0 of 1 SLA clocks decided in the last 7 days were met (0, at least 0.9 needed); breached: A (resolution)"},
		{exAt(2026, 6, 9, 12, 0), "1 of 2 SLA clocks decided in the last 7 days were met (0.5, at least 0.9 needed); breached: A (resolution)"},
	} {
		r := exEvaluate(t, e, []Issue{a}, nil, c.at).Results[0]
		if r.Met || !strings.HasPrefix(r.Reason, c.reason) {
			t.Errorf("at %s: met %v, reason %q, want not met and %q", c.at.Format(time.Kitchen), r.Met, r.Reason, c.reason)
		}
	}
}

func TestEvaluateZeroPolicyIsDefault(t *testing.T) {
	e := exEngagement()
	issues := append(exResolvedBySteadyState(t, 6), exIssue(t, "INC-1", exOpened(exAt(2026, 6, 10, 11, 0), Sev2, Defect)))
	zero := exEvaluate(t, e, issues, nil, e.PlannedEnd)
	e.Exit = DefaultExitPolicy()
	exDiff(t, "verdict", exEvaluate(t, e, issues, nil, e.PlannedEnd), zero)
	var names []string
	for _, c := range DefaultExitPolicy().Criteria {
		names = append(names, c.Name())
	}
	exDiff(t, "default criteria", []string{"no new Sev1/2 for 3 days", "no open Sev1/2", "steady-state takeover at least 0.8 over 7 days", "sponsor sign-off"}, names)
}

func TestEvaluateNamesAtMostTenIssues(t *testing.T) {
	e := exEngagement(NoNewIssues{})
	var issues []Issue
	for i := range 12 {
		issues = append(issues, exIssue(t, IssueID(string(rune('A'+i))), exOpened(exAt(2026, 6, 12, 6, i), Sev2, Defect)))
	}
	r := exEvaluate(t, e, issues, nil, e.PlannedEnd).Results[0]
	if want := "12 Sev2 issues opened in the last 3 days: A, B, C, D, E, F, G, H, I, J and 2 more; met from Mon 2026-06-15 06:11 CEST if nothing new happens"; r.Reason != want {
		t.Errorf("reason %q, want %q", r.Reason, want)
	}
	if len(r.Evidence) != 12 {
		t.Errorf("%d evidence IDs, want 12", len(r.Evidence))
	}
}

// exFirmRule is a custom criterion for tests: it returns what it is given.
type exFirmRule struct {
	Label   string
	Result  Result
	Err     error // from Check
	Invalid error // from Validate
}

func (f exFirmRule) Name() string                    { return f.Label }
func (f exFirmRule) Check(ExitInput) (Result, error) { return f.Result, f.Err }
func (f exFirmRule) Validate() error                 { return f.Invalid }

// A custom criterion's spans are sorted and merged, and MetSince and MetAt
// derived, by Evaluate.
func TestEvaluateCustomCriterionIsFinished(t *testing.T) {
	e := exEngagement()
	mon, wed, fri := exAt(2026, 6, 8, 0, 0), exAt(2026, 6, 10, 0, 0), exAt(2026, 6, 12, 0, 0)
	rule := exFirmRule{Label: "firm rule", Result: Result{
		Met:    true,
		Reason: "fine",
		Holds:  []Interval{{Start: wed, End: fri}, {Start: mon, End: wed}, {Start: fri, End: fri}, {Start: exAt(2026, 6, 11, 0, 0)}},
	}}
	e.Exit = ExitPolicy{Criteria: []Criterion{rule}}
	r := exEvaluate(t, e, nil, nil, e.PlannedEnd).Results[0]
	exDiff(t, "result", Result{Criterion: "firm rule", Met: true, MetSince: mon, Reason: "fine", Holds: []Interval{{Start: mon}}}, r)
}

func TestEvaluateErrors(t *testing.T) {
	e := exEngagement(NoNewIssues{})
	noLoc := e
	noLoc.Location = nil
	badPolicy := exEngagement(NoNewIssues{Days: -1})
	boom := exEngagement(exFirmRule{Label: "flaky rule", Err: fmtError("the firm's database is down")})
	for _, tc := range []struct {
		name     string
		e        Engagement
		issues   []Issue
		signOffs []SignOff
		asOf     time.Time
		want     string
	}{
		{"before go-live", e, nil, nil, e.GoLive.Add(-time.Second), `hypercare: engagement "E1": as-of 2026-06-01T08:59:59+02:00 is before go-live 2026-06-01T09:00:00+02:00`},
		{"zero as-of", e, nil, nil, time.Time{}, `hypercare: engagement "E1": as-of 0001-01-01T00:00:00Z is before go-live 2026-06-01T09:00:00+02:00`},
		{"invalid engagement", noLoc, nil, nil, e.PlannedEnd, `hypercare: engagement "E1": nil location`},
		{"invalid exit policy", badPolicy, nil, nil, e.PlannedEnd, `hypercare: engagement "E1": exit criterion "no new Sev1/2 for -1 days": negative days -1`},
		{"issue of another engagement", e, []Issue{{ID: "X", Engagement: "E2"}}, nil, e.PlannedEnd, `hypercare: engagement "E1": issue "X" belongs to engagement "E2"`},
		{"sign-off of another engagement", e, nil, []SignOff{{Engagement: "E2", By: "ana"}}, e.PlannedEnd, `hypercare: engagement "E1": sign-off by "ana" belongs to engagement "E2"`},
		{"criterion fails", boom, nil, nil, e.PlannedEnd, `hypercare: exit criterion "flaky rule": the firm's database is down`},
		// Nested in All and Any, the error names the part that failed, once.
		{"nested criterion fails", exEngagement(All(NoNewIssues{}, Any(exFirmRule{Label: "flaky rule", Err: fmtError("the firm's database is down")}))),
			nil, nil, e.PlannedEnd, `hypercare: exit criterion "flaky rule": the firm's database is down`},
	} {
		_, err := Evaluate(ExitInput{Engagement: tc.e, Issues: tc.issues, SignOffs: tc.signOffs, AsOf: tc.asOf})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

type fmtError string

func (e fmtError) Error() string { return string(e) }

func TestExitPolicyValidate(t *testing.T) {
	one := decimal.NewFromInt(1)
	for _, tc := range []struct {
		c    Criterion
		want string // "" for valid
	}{
		{NoNewIssues{}, ""},
		{NoNewIssues{AtLeast: 10}, `hypercare: exit criterion "no new Severity(10) for 3 days": unknown severity 10`},
		{DefectRate{Max: decimal.RequireFromString("-0.1")}, `hypercare: exit criterion "at most -0.1 defects a day over 7 days": negative rate -0.1`},
		{DefectRate{Days: -2}, `hypercare: exit criterion "at most 0 defects a day over -2 days": negative days -2`},
		{NoNewIssues{Days: 40000}, `hypercare: exit criterion "no new Sev1/2 for 40000 days": window of 40000 days is longer than 36600`},
		{Takeover{MinShare: one}, ""},
		{Takeover{MinShare: decimal.RequireFromString("1.1")}, `hypercare: exit criterion "steady-state takeover at least 1.1 over 7 days": share 1.1 is outside [0, 1]`},
		{Takeover{MinResolved: -1}, `hypercare: exit criterion "steady-state takeover at least 0.8 over 7 days": negative minimum of resolved issues -1`},
		{NoneOpen{AtLeast: -1}, `hypercare: exit criterion "no open Severity(-1)": unknown severity -1`},
		{SLACompliance{Metric: 7}, `hypercare: exit criterion "SLA compliance (Metric(7)) at least 0.9 over 7 days": unknown metric 7`},
		{SLACompliance{MinClocks: -3}, `hypercare: exit criterion "SLA compliance at least 0.9 over 7 days": negative minimum of clocks -3`},
		{All(), `hypercare: exit criterion "all of ()": all of no criteria`},
		{Any(NoneOpen{}, All(NoNewIssues{Days: -1})), `hypercare: exit criterion "no new Sev1/2 for -1 days": negative days -1`},
		{nil, `hypercare: exit policy: nil criterion`},
		{exFirmRule{Label: "firm rule", Invalid: fmtError("no threshold set")}, `hypercare: exit criterion "firm rule": no threshold set`},
	} {
		err := ExitPolicy{Criteria: []Criterion{tc.c}}.Validate()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%#v: error %q, want %q", tc.c, got, tc.want)
		}
	}
}

// exEveryCriterion uses every built-in, with non-default fields, nested.
func exEveryCriterion() []Criterion {
	return []Criterion{
		NoNewIssues{AtLeast: Sev1, Days: 5},
		DefectRate{Days: 14, Max: decimal.RequireFromString("1.25")},
		Takeover{Days: 10, MinShare: decimal.RequireFromString("0.75"), MinResolved: 8},
		NoneOpen{AtLeast: Sev2},
		SLACompliance{Days: 5, MinShare: decimal.RequireFromString("0.95"), MinClocks: 3, Metric: FirstResponse, AtLeast: Sev2},
		Any(All(NoNewIssues{}, SponsorSignOff{By: "ana"}), SponsorSignOff{}),
		NoNewIssues{},
	}
}

func TestExitPolicyJSON(t *testing.T) {
	p := ExitPolicy{Criteria: exEveryCriterion()}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"criteria":[` +
		`{"kind":"no-new-issues","at_least":"Sev1","days":5},` +
		`{"kind":"defect-rate","days":14,"max":"1.25"},` +
		`{"kind":"takeover","days":10,"min_share":"0.75","min_resolved":8},` +
		`{"kind":"none-open","at_least":"Sev2"},` +
		`{"kind":"sla-compliance","days":5,"min_share":"0.95","min_clocks":3,"metric":"first-response","at_least":"Sev2"},` +
		`{"kind":"any","of":[{"kind":"all","of":[{"kind":"no-new-issues"},{"kind":"sponsor-sign-off","by":"ana"}]},{"kind":"sponsor-sign-off"}]},` +
		`{"kind":"no-new-issues"}]}`
	if string(b) != want {
		t.Errorf("JSON\n%s\nwant\n%s", b, want)
	}
	var got ExitPolicy
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	exDiff(t, "policy", p, got)

	for _, bad := range []string{`{"criteria":[{"kind":"vibes"}]}`, `{"criteria":[{"kind":"takeover","days":"x"}]}`, `{"criteria":[7]}`} {
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// JSON null leaves an ExitPolicy alone, as it does every other value of the
// package (and encoding/json's own types).
func TestExitPolicyJSONNull(t *testing.T) {
	p := ExitPolicy{Criteria: []Criterion{NoNewIssues{Days: 5}}}
	if err := json.Unmarshal([]byte("null"), &p); err != nil {
		t.Fatal(err)
	}
	exDiff(t, "policy after Unmarshal(null)", ExitPolicy{Criteria: []Criterion{NoNewIssues{Days: 5}}}, p)
}

// A custom criterion survives JSON as a placeholder that is never met and
// says why; Bind puts the real one back.
func TestExitPolicyCustomJSONAndBind(t *testing.T) {
	rule := exFirmRule{Label: "firm rule", Result: Result{Met: true, Reason: "fine"}}
	p := ExitPolicy{Criteria: []Criterion{NoNewIssues{}, Any(rule, NoneOpen{})}}
	e := exEngagement()
	e.Exit = p
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"exit":{"criteria":[{"kind":"no-new-issues"},{"kind":"any","of":[{"kind":"custom","name":"firm rule"},{"kind":"none-open"}]}]}`) {
		t.Errorf("engagement JSON %s", b)
	}
	var got Engagement
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}
	placeholder := exEvaluate(t, got, nil, nil, e.PlannedEnd).Results[1].Parts[0]
	exDiff(t, "placeholder", Result{Criterion: "firm rule", NeedsAction: true,
		Reason: `custom criterion "firm rule" was read from JSON and not supplied again in code (see ExitPolicy.Bind)`}, placeholder)

	bound, err := got.Exit.Bind(rule)
	if err != nil {
		t.Fatal(err)
	}
	exDiff(t, "bound policy", p, bound)
	if _, err := got.Exit.Bind(exFirmRule{Label: "other rule"}); err == nil || err.Error() != `hypercare: exit policy: bind: no custom criterion named "other rule" to replace` {
		t.Errorf("bind of an unknown name: error %v", err)
	}
	if _, err := got.Exit.Bind(rule, rule); err == nil {
		t.Errorf("bind of a name twice: no error")
	}

	var zero Engagement
	b, err = json.Marshal(exEngagement())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"exit"`) {
		t.Errorf("zero exit policy is encoded: %s", b)
	}
	if err := json.Unmarshal(b, &zero); err != nil || !zero.Exit.IsZero() {
		t.Errorf("zero exit policy round trip: %v, %+v", err, zero.Exit)
	}
}

func TestVerdictJSON(t *testing.T) {
	e := exEngagement(NoNewIssues{}, Any(NoneOpen{}, SponsorSignOff{}))
	issues := []Issue{exIssue(t, "INC-1", exOpened(exAt(2026, 6, 10, 11, 0), Sev2, Defect))}
	v := exEvaluate(t, e, issues, nil, e.PlannedEnd)
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var got Verdict
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	exDiff(t, "verdict", v, got)
}

func TestVerdictString(t *testing.T) {
	e := exEngagement(NoNewIssues{}, Any(NoneOpen{}, SponsorSignOff{}))
	issues := []Issue{exIssue(t, "INC-1", exOpened(exAt(2026, 6, 10, 11, 0), Sev2, Defect))}
	got := exEvaluate(t, e, issues, nil, e.PlannedEnd).String()
	want := `Not ready: earliest exit Sat 2026-06-13 11:00 CEST if nothing new happens, after the planned end Fri 2026-06-12 18:00 CEST: ask for a 1-day extension
Extension: no new Sev1/2 for 3 days is met only from Sat 2026-06-13 11:00 CEST (INC-1), after the planned end Fri 2026-06-12 18:00 CEST; extend by 1 day to Sat 2026-06-13 18:00 CEST
[ ] no new Sev1/2 for 3 days: 1 Sev2 issue opened in the last 3 days: INC-1; met from Sat 2026-06-13 11:00 CEST if nothing new happens
[x] any of (no open Sev1; sponsor sign-off): met by no open Sev1
    [x] no open Sev1: no Sev1 issue open
    [ ] sponsor sign-off: no sponsor sign-off recorded; needs action: the sponsor signs off`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// exBenchData returns an engagement with the default exit policy and n
// issues opened over its first 30 days, and the as-of instant (day 30).
// About 20% are Sev1/2, half are defects; most are assigned to and resolved
// by the steady-state team, some escalated, some reopened.
func exBenchData(b *testing.B, n int) (Engagement, []Issue, time.Time) {
	e := exEngagement()
	asOf := exAddDays(e.GoLive, 30)
	r := rand.New(rand.NewPCG(1, 2))
	minute := func(max int) time.Duration { return time.Duration(r.IntN(max)) * time.Minute }
	issues := make([]Issue, 0, n)
	for i := range n {
		at := e.GoLive.Add(minute(30 * 24 * 60))
		sev := Sev3
		switch p := r.IntN(100); {
		case p < 3:
			sev = Sev1
		case p < 20:
			sev = Sev2
		}
		kind := []Kind{Defect, Defect, Defect, Defect, Defect, Question, Question, Question, TrainingGap, TrainingGap}[r.IntN(10)]
		team := SteadyState
		if r.IntN(5) == 0 {
			team = Project
		}
		evs := []Event{exOpened(at, sev, kind)}
		at = at.Add(minute(240))
		evs = append(evs, Event{Type: EventResponded, At: at}, Event{Type: EventAssigned, At: at, Team: team})
		if r.IntN(20) == 0 {
			at = at.Add(minute(600))
			evs = append(evs, Event{Type: EventEscalated, At: at})
		}
		if r.IntN(100) < 85 {
			at = at.Add(minute(72 * 60))
			evs = append(evs, Event{Type: EventResolved, At: at})
			if r.IntN(100) < 3 {
				at = at.Add(minute(48 * 60))
				evs = append(evs, Event{Type: EventReopened, At: at}, Event{Type: EventResolved, At: at.Add(minute(600))})
			}
		}
		issues = append(issues, exIssue(b, IssueID(fmt.Sprintf("INC-%d", i)), evs...))
	}
	return e, issues, asOf
}

// BenchmarkEvaluate judges the default exit policy over 100,000 issues: one
// pass over the timelines per criterion, then a sort of the window changes.
func BenchmarkEvaluate(b *testing.B) {
	e, issues, asOf := exBenchData(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Evaluate(ExitInput{Engagement: e, Issues: issues, AsOf: asOf}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateNaive is the baseline: the same policy judged the way one
// would without the sweep, re-scanning every issue for every day from go-live
// to a week past the as-of instant (and still only to day precision).
func BenchmarkEvaluateNaive(b *testing.B) {
	e, issues, asOf := exBenchData(b, 100_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for d := 0; ; d++ {
			at := exAddDays(e.GoLive, d)
			if at.After(exAddDays(asOf, 7)) {
				break
			}
			exNaiveDefaultPolicy(e, issues, asOf, at)
		}
	}
}

// exNaiveDefaultPolicy judges the default policy at t by re-scanning every
// issue, with the events up to min(t, asOf).
func exNaiveDefaultPolicy(e Engagement, issues []Issue, asOf, t time.Time) (noNew, takeover bool) {
	tt := t
	if tt.After(asOf) {
		tt = asOf
	}
	noNew = !t.Before(exAddDays(e.GoLive, 3))
	good, total := 0, 0
	for _, is := range issues {
		sev := Severity(0)
		for _, ev := range is.Events() {
			if ev.At.After(tt) {
				break
			}
			was := sev.AtLeast(Sev2)
			if ev.Severity != 0 {
				sev = ev.Severity
			}
			isNew := ev.Type == EventOpened || ev.Type == EventReopened || ev.Type == EventReclassified && !was
			if isNew && sev.AtLeast(Sev2) && t.Before(exAddDays(ev.At, 3)) {
				noNew = false
			}
		}
		if s := is.StateAt(tt); s.Status == StatusResolved && t.Before(exAddDays(s.Resolved, 7)) {
			total++
			if s.ResolvedTeam == SteadyState && !s.Escalated {
				good++
			}
		}
	}
	takeover = total >= 5 && decimal.NewFromInt(int64(good)).GreaterThanOrEqual(decimal.RequireFromString("0.8").Mul(decimal.NewFromInt(int64(total))))
	return noNew, takeover
}

// The least a custom criterion returns is Met and a Reason: met, it is taken
// to hold from the as-of instant on; not met with no forecast, it needs
// action.
func TestEvaluateCustomCriterionMinimal(t *testing.T) {
	issues := []Issue{exIssue(t, "INC-1", exOpened(exAt(2026, 6, 10, 11, 0), Sev2, Defect))}
	e := exEngagement(NoNewIssues{}, exFirmRule{Label: "firm rule", Result: Result{Met: true, Reason: "fine"}})
	v := exEvaluate(t, e, issues, nil, e.PlannedEnd)
	if want := exAt(2026, 6, 13, 11, 0); !v.EarliestExit.Equal(want) {
		t.Errorf("with a met custom criterion: earliest exit %s, want %s", v.EarliestExit, want)
	}
	e = exEngagement(NoNewIssues{}, exFirmRule{Label: "firm rule", Result: Result{Reason: "the firm says no"}})
	v = exEvaluate(t, e, issues, nil, e.PlannedEnd)
	if r := v.Results[1]; !r.NeedsAction || !r.MetAt.IsZero() || !v.EarliestExit.IsZero() {
		t.Errorf("with an unmet custom criterion: needs action %v, met at %s, earliest exit %s", r.NeedsAction, r.MetAt, v.EarliestExit)
	}
	if want := "Not ready, and no exit date until someone acts on: firm rule"; v.Summary != want {
		t.Errorf("summary %q, want %q", v.Summary, want)
	}
}

func TestExitInputJSON(t *testing.T) {
	e := exEngagement(exEveryCriterion()...)
	in := ExitInput{
		Engagement: e,
		Issues:     []Issue{exIssue(t, "INC-1", exOpened(exAt(2026, 6, 10, 11, 0), Sev2, Defect), Event{Type: EventResolved, At: exAt(2026, 6, 10, 15, 0), Team: SteadyState})},
		SignOffs:   []SignOff{{By: "ana", Role: RoleSponsor, At: exAt(2026, 6, 12, 17, 0)}},
		AsOf:       e.PlannedEnd,
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var got ExitInput
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	exDiff(t, "JSON after a round trip", string(b), string(again))
	exDiff(t, "exit policy", in.Engagement.Exit, got.Engagement.Exit)
	want := exEvaluate(t, in.Engagement, in.Issues, in.SignOffs, in.AsOf)
	exDiff(t, "verdict", want, exEvaluate(t, got.Engagement, got.Issues, got.SignOffs, got.AsOf))
}

func TestExitPolicyValidateNamesCustomCriteriaOnce(t *testing.T) {
	twice := ExitPolicy{Criteria: []Criterion{exFirmRule{Label: "no stale issues"}, exFirmRule{Label: "no stale issues"}}}
	if err := twice.Validate(); err == nil || !strings.Contains(err.Error(), `two custom criteria named "no stale issues"`) {
		t.Errorf("two custom criteria with one name: %v", err)
	}
	// Two equal built-ins judge alike: allowed.
	if err := (ExitPolicy{Criteria: []Criterion{NoneOpen{}, NoneOpen{}}}).Validate(); err != nil {
		t.Errorf("two equal built-ins: %v", err)
	}
}

// TestDeltasSortAgreesWithComparisonSort: the radix sort orders deltas by
// instant as a comparison sort does, over negative seconds, shared bytes
// and lists on both sides of the cut-over.
func TestDeltasSortAgreesWithComparisonSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 3000).Draw(t, "n")
		base := rapid.Int64Range(-1<<40, 1<<40).Draw(t, "base")
		spread := rapid.SampledFrom([]int64{1, 60, 86400, 1 << 33}).Draw(t, "spread")
		ds := make(deltas, n)
		for i := range ds {
			ds[i] = delta{sec: base + rapid.Int64Range(-spread, spread).Draw(t, "sec"),
				nsec: int32(rapid.SampledFrom([]int{0, 0, 1, 999_999_999, 500_000_000}).Draw(t, "nsec")), a: int32(i)}
		}
		want := slices.Clone(ds)
		slices.SortStableFunc(want, delta.compare) // the radix sort is stable too
		ds.sort()
		if !slices.Equal(ds, want) {
			t.Fatalf("sorted %d deltas differently from the comparison sort", n)
		}
	})
}

// BenchmarkDeltasSort sorts 200,000 deltas of four weeks at second
// resolution: the radix sort against the comparison sort (naive) it replaced.
func BenchmarkDeltasSort(b *testing.B) {
	ds := make(deltas, 200_000)
	for i := range ds {
		ds[i] = delta{sec: 1_780_000_000 + int64((i*7919)%(28*86400)), a: 1}
	}
	work := make(deltas, len(ds))
	b.Run("radix", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			copy(work, ds)
			work.sort()
		}
	})
	b.Run("naive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			copy(work, ds)
			slices.SortFunc(work, delta.compare)
		}
	})
}

// Check called directly, outside Evaluate, refuses a criterion Validate
// refuses: a negative window judged nothing and said "met".
func TestCheckRefusesAnInvalidCriterion(t *testing.T) {
	e := exEngagement()
	in := ExitInput{Engagement: e, AsOf: e.PlannedEnd}
	for _, tc := range []struct {
		c    Criterion
		want string
	}{
		{NoNewIssues{Days: -3}, `hypercare: exit criterion "no new Sev1/2 for -3 days": negative days -3`},
		{DefectRate{Days: -7}, `hypercare: exit criterion "at most 0 defects a day over -7 days": negative days -7`},
		{DefectRate{Max: decimal.NewFromInt(-1)}, `hypercare: exit criterion "at most -1 defects a day over 7 days": negative rate -1`},
		{Takeover{Days: -1}, `negative days -1`},
		{SLACompliance{Days: -1}, `negative days -1`},
		{NoneOpen{AtLeast: 10}, `unknown severity 10`},
		{All(NoNewIssues{Days: -3}), `negative days -3`},
	} {
		_, err := tc.c.Check(in)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Check error %v, want ErrInvalid containing %q", tc.c.Name(), err, tc.want)
		}
	}
}

// A custom criterion that needs action keeps the verdict from forecasting
// an exit, even if it also gave spans in the future: "waiting alone will
// not make it hold".
func TestEvaluateNeedsActionOutweighsACustomForecast(t *testing.T) {
	e := exEngagement(NoNewIssues{}, exFirmRule{Label: "firm rule", Result: Result{
		Reason: "the firm's auditor must approve", NeedsAction: true,
		Holds: []Interval{{Start: exAt(2026, 6, 30, 9, 0)}},
	}})
	v := exEvaluate(t, e, nil, nil, exAt(2026, 6, 10, 9, 0))
	if r := v.Results[1]; !r.NeedsAction || !r.MetAt.IsZero() || !v.EarliestExit.IsZero() {
		t.Errorf("needs action %v, met at %s, earliest exit %s; want true, zero, zero", r.NeedsAction, r.MetAt, v.EarliestExit)
	}
	if want := "Not ready, and no exit date until someone acts on: firm rule"; v.Summary != want {
		t.Errorf("summary %q, want %q", v.Summary, want)
	}
}

// Any is met since go-live at the earliest, like the built-ins, even when a
// custom part says it held from before.
func TestEvaluateAnyMetNoEarlierThanGoLive(t *testing.T) {
	e := exEngagement(Any(exFirmRule{Label: "firm rule", Result: Result{Met: true, Reason: "fine",
		Holds: []Interval{{Start: exAt(2026, 5, 1, 9, 0)}}}}))
	v := exEvaluate(t, e, nil, nil, exAt(2026, 6, 10, 9, 0))
	if got := v.Results[0].MetSince; !got.Equal(e.GoLive) {
		t.Errorf("any: met since %s, want go-live %s", got, e.GoLive)
	}
}

// Result's contract: "a result not met that sets NeedsAction itself (not a
// gate) loses its spans after the as-of instant, so no exit is forecast past
// it". That holds for a custom criterion that returns its own Parts (a
// firm's composite rule); only All and Any derive their spans from parts.
func TestEvaluateNeedsActionWithPartsForecastsNothing(t *testing.T) {
	e := exEngagement(NoNewIssues{}, exFirmRule{Label: "firm rule", Result: Result{
		Reason: "the firm's auditor must approve", NeedsAction: true,
		Holds: []Interval{{Start: exAt(2026, 6, 30, 9, 0)}},
		Parts: []Result{{Criterion: "auditor", Reason: "not yet approved", NeedsAction: true}},
	}})
	v := exEvaluate(t, e, nil, nil, exAt(2026, 6, 10, 9, 0))
	if r := v.Results[1]; !r.NeedsAction || !r.MetAt.IsZero() || !v.EarliestExit.IsZero() {
		t.Errorf("needs action %v, met at %s, earliest exit %s; want true, zero, zero", r.NeedsAction, r.MetAt, v.EarliestExit)
	}
}
