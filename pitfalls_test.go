package hypercare

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var chkBerlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

func chkAt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, chkBerlin)
}

func chkBusiness(tb testing.TB) *Calendar {
	tb.Helper()
	c, err := NewCalendar(chkBerlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// chkClassic is the classic plan from go-live Mon 2026-06-01 09:00 Berlin.
func chkClassic(tb testing.TB, weeks int) Engagement {
	tb.Helper()
	e, err := ClassicPlan("crm", chkAt(2026, 6, 1, 9, 0), chkBusiness(tb), weeks)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func chkIssue(tb testing.TB, id IssueID, events ...Event) Issue {
	tb.Helper()
	is := Issue{ID: id}
	if err := is.Append(events...); err != nil {
		tb.Fatal(err)
	}
	return is
}

func chkCheck(tb testing.TB, e Engagement, in PitfallInput) []Finding {
	tb.Helper()
	fs, err := Pitfalls(pitfallIn(e, in))
	if err != nil {
		tb.Fatal(err)
	}
	return fs
}

func chkRates() Rates {
	return Rates{Currency: "EUR", Hourly: map[Role]decimal.Decimal{
		RoleLead: dec("140.00"), RoleTriage: dec("95.00"), RoleChangeManager: dec("110.00"), RoleAgent: dec("45.00"),
	}}
}

// gateCriterion is a firm's own sign-off: a gate Pitfalls must recognise.
type gateCriterion struct{}

func (gateCriterion) Name() string { return "steering committee sign-off" }
func (gateCriterion) Check(in ExitInput) (Result, error) {
	return Result{Gate: true, NeedsAction: true, Holds: []Interval{{Start: in.AsOf}}, Reason: "not yet"}, nil
}

// Each check's worked cases, computed by hand.
func TestCheckWorkedCases(t *testing.T) {
	classic := chkClassic(t, 2) // Mon 2026-06-01 09:00 to Mon 2026-06-15 09:00, 14 days
	noPhases := classic
	noPhases.Phases = nil
	gap := classic
	gap.Phases = []Phase{classic.Phases[0]}
	gap.PlannedEnd = classic.DayStart(21)
	noSignOff := classic
	noSignOff.Exit = ExitPolicy{Criteria: []Criterion{NoNewIssues{}, Any(SponsorSignOff{}, NoneOpen{})}}
	ownGate := classic
	ownGate.Exit = ExitPolicy{Criteria: []Criterion{NoNewIssues{}, All(gateCriterion{}, NoneOpen{})}}
	anyGate := classic
	anyGate.Exit = ExitPolicy{Criteria: []Criterion{Any(gateCriterion{}, SponsorSignOff{})}}

	friday := chkAt(2026, 6, 12, 17, 0)
	unowned := []Issue{
		chkIssue(t, "INC-1", Event{Type: EventOpened, At: chkAt(2026, 6, 11, 16, 0), Severity: Sev3, Kind: Question}), // 25 h
		chkIssue(t, "INC-2", Event{Type: EventOpened, At: chkAt(2026, 6, 11, 18, 0), Severity: Sev3, Kind: Question}), // 23 h: not yet
		chkIssue(t, "INC-3", Event{Type: EventOpened, At: chkAt(2026, 6, 10, 9, 0), Severity: Sev2, Kind: Defect}),
		chkIssue(t, "INC-4", // owned
			Event{Type: EventOpened, At: chkAt(2026, 6, 9, 9, 0), Severity: Sev3, Kind: Defect},
			Event{Type: EventAssigned, At: chkAt(2026, 6, 9, 10, 0), Team: Project}),
	}
	unownedSev1 := append(slices.Clone(unowned[:1]), chkIssue(t, "INC-9",
		Event{Type: EventOpened, At: chkAt(2026, 6, 11, 17, 0), Severity: Sev1, Kind: Defect}))
	bounce := func(id IssueID, n int) Issue {
		events := []Event{{Type: EventOpened, At: chkAt(2026, 6, 8, 9, 0), Severity: Sev3, Kind: DataFix}}
		for i := range n + 1 {
			team := []Team{Project, SteadyState}[i%2]
			events = append(events, Event{Type: EventAssigned, At: chkAt(2026, 6, 8, 10+i, 0), Team: team})
		}
		return chkIssue(t, id, events...)
	}

	// The 14-day plan with a Sev2 on its last Friday: six questions the
	// steady-state team resolved on Thursday make the takeover hold, and
	// "no new Sev1/2 for 3 days" holds from Mon 06-15 11:00, 2 hours after
	// the planned end: 1 day more. Extending the last phase (week 2:
	// Mon-Fri 08:00-18:00, lead and change manager 4 h a day, 1 triage, 1
	// agent) by Mon 06-15 09:00 to Tue 06-16 09:00 adds Mon 09:00-18:00 and
	// Tue 08:00-09:00 = 10 h of triage (95.00) and agent (45.00) and one
	// more open date of 4 h for the lead (140.00) and change manager
	// (110.00): 950 + 450 + 560 + 440 = 2400.00.
	var late []Issue
	for i := range 6 {
		at := chkAt(2026, 6, 11, 10+i, 0)
		late = append(late, chkIssue(t, IssueID(fmt.Sprintf("Q-%d", i)),
			Event{Type: EventOpened, At: at, Severity: Sev3, Kind: Question},
			Event{Type: EventResolved, At: at.Add(20 * time.Minute), Team: SteadyState}))
	}
	// INC-17, a Sev2 opened Fri 11:00, is fixed by the project team at
	// 12:00 (an open Sev2 would block the exit outright): takeover is 6 of
	// 7, and "no new Sev1/2 for 3 days" holds from Mon 11:00.
	late = append(late, chkIssue(t, "INC-17",
		Event{Type: EventOpened, At: chkAt(2026, 6, 12, 11, 0), Severity: Sev2, Kind: Defect},
		Event{Type: EventAssigned, At: chkAt(2026, 6, 12, 11, 30), Team: Project},
		Event{Type: EventResolved, At: chkAt(2026, 6, 12, 12, 0)}))

	// Hand-made roster over Mon 06-01 09:00 to Fri 06-05 09:00 (96 h): ben
	// on the four 09-17 days (32 h, 33.3%), ana on the four 17-09 nights
	// (64 h, 66.7%: more than twice 25%).
	var heavy Roster
	for d := 1; d <= 4; d++ {
		heavy.Shifts = append(heavy.Shifts,
			Shift{Slot: Slot{Name: "day", Start: chkAt(2026, 6, d, 9, 0), End: chkAt(2026, 6, d, 17, 0)}, People: []PersonID{"ben"}},
			Shift{Slot: Slot{Name: "night", Start: chkAt(2026, 6, d, 17, 0), End: chkAt(2026, 6, d+1, 9, 0), OnCall: true}, People: []PersonID{"ana"}})
	}
	// The last phase of the classic plan is week 2 (Mon 06-08 09:00 to Mon
	// 06-15 09:00); two shifts of project people in it.
	withPeople := classic
	withPeople.People = []Person{{ID: "ana", Team: Project}, {ID: "ben", Team: Project}, {ID: "cy", Team: SteadyState}}
	projectOnly := Roster{Shifts: []Shift{
		{Slot: Slot{Start: chkAt(2026, 6, 2, 9, 0), End: chkAt(2026, 6, 2, 17, 0)}, People: []PersonID{"cy"}},
		{Slot: Slot{Start: chkAt(2026, 6, 9, 9, 0), End: chkAt(2026, 6, 9, 17, 0)}, People: []PersonID{"ben"}},
		{Slot: Slot{Start: chkAt(2026, 6, 10, 9, 0), End: chkAt(2026, 6, 10, 17, 0)}, People: []PersonID{"ana", "ben"}},
	}}
	paired := projectOnly
	paired.Shifts = append(slices.Clone(projectOnly.Shifts),
		Shift{Slot: Slot{Start: chkAt(2026, 6, 15, 8, 0), End: chkAt(2026, 6, 15, 10, 0)}, People: []PersonID{"cy"}})
	noAgents := classic
	noAgents.Phases = slices.Clone(classic.Phases)
	noAgents.Phases[1].Staff = slices.DeleteFunc(slices.Clone(noAgents.Phases[1].Staff), func(s Staffing) bool { return s.Role == RoleAgent })

	cases := []struct {
		name string
		e    Engagement
		in   PitfallInput
		want []Finding
	}{
		{"reference plan, nothing yet", classic, PitfallInput{}, nil},
		{"no phases", noPhases, PitfallInput{}, []Finding{{Pitfall: PitfallNoPlan, Level: LevelAlert,
			Message: `engagement "crm" has no phases: no hypercare is planned after go-live on Mon 2026-06-01 09:00 CEST, so users are left adrift when the project team moves on`}}},
		{"days in no phase", gap, PitfallInput{}, []Finding{{Pitfall: PitfallNoPlan, Level: LevelWarn,
			Message: "days 7-20 after go-live, of the 21 planned to Mon 2026-06-22 09:00 CEST, are in no phase: nobody is planned to be on hand then"}}},
		{"sign-off only one alternative", noSignOff, PitfallInput{}, []Finding{{Pitfall: PitfallNoPlan, Level: LevelWarn,
			Message: "the exit policy (no new Sev1/2 for 3 days; any of (sponsor sign-off; no open Sev1)) can be met with no sponsor signing off: nobody decides that hypercare is over"}}},
		{"a firm's own gate required by All", ownGate, PitfallInput{}, nil},
		{"a gate in every alternative", anyGate, PitfallInput{}, nil},
		{"unowned for a day", classic, PitfallInput{Issues: unowned, AsOf: friday}, []Finding{{Pitfall: PitfallUnclearOwnership, Level: LevelWarn,
			Issues:  []IssueID{"INC-3", "INC-1"},
			Message: "2 open issues no team has owned for 24 h or more: INC-3 (Sev2), INC-1 (Sev3); the oldest was opened on Wed 2026-06-10 09:00 CEST"}}},
		{"unowned Sev1, in the firm's scheme", classic, PitfallInput{Issues: unownedSev1, AsOf: friday,
			Scheme: Scheme{{Sev1, "P1", "down"}, {Sev2, "P2", "pain"}, {Sev3, "P3", "minor"}}}, []Finding{{Pitfall: PitfallUnclearOwnership, Level: LevelAlert,
			Issues:  []IssueID{"INC-1", "INC-9"},
			Message: "2 open issues no team has owned for 24 h or more: INC-1 (P3), INC-9 (P1); the oldest was opened on Thu 2026-06-11 16:00 CEST"}}},
		{"unowned for 12 h under a 12 h rule", classic, PitfallInput{Issues: unowned[1:2], AsOf: chkAt(2026, 6, 12, 6, 0),
			Rules: PitfallRules{UnownedFor: 12 * time.Hour}}, []Finding{{Pitfall: PitfallUnclearOwnership, Level: LevelWarn,
			Issues:  []IssueID{"INC-2"},
			Message: "1 open issue no team has owned for 12 h or more: INC-2 (Sev3), opened on Thu 2026-06-11 18:00 CEST"}}},
		{"bounced three times, twice is fine", classic, PitfallInput{Issues: []Issue{bounce("INC-5", 3), bounce("INC-6", 2)}, AsOf: friday},
			[]Finding{{Pitfall: PitfallUnclearOwnership, Level: LevelWarn, Issues: []IssueID{"INC-5"},
				Message: "1 issue was handed between the project and steady-state teams more than 2 times: INC-5 (3 times)"}}},
		{"events after as-of are ignored", classic, PitfallInput{Issues: []Issue{bounce("INC-5", 3)}, AsOf: chkAt(2026, 6, 8, 12, 30)}, nil},
		{"2400.00 more for one more day", classic, PitfallInput{Issues: late, AsOf: friday, Rates: chkRates()}, []Finding{{
			Pitfall: PitfallUnderestimatedDuration, Level: LevelWarn, Issues: []IssueID{"INC-17"},
			Message: "14 days planned to Mon 2026-06-15 09:00 CEST, but the exit criteria hold at the earliest on Mon 2026-06-15 11:00 CEST: 1 day more, costing EUR 2400.00 more; late: no new Sev1/2 for 3 days (INC-17)"}}},
		{"one more day, no rates", classic, PitfallInput{Issues: late, AsOf: friday}, []Finding{{
			Pitfall: PitfallUnderestimatedDuration, Level: LevelWarn, Issues: []IssueID{"INC-17"},
			Message: "14 days planned to Mon 2026-06-15 09:00 CEST, but the exit criteria hold at the earliest on Mon 2026-06-15 11:00 CEST: 1 day more; late: no new Sev1/2 for 3 days (INC-17)"}}},
		{"sponsor signed: ready, no finding", classic, PitfallInput{Issues: late[:6], AsOf: friday,
			SignOffs: []SignOff{{By: "sam", Role: RoleSponsor, At: chkAt(2026, 6, 12, 16, 0)}}}, nil},
		{"past the planned end with only the sign-off missing", classic, PitfallInput{Issues: late[:6], AsOf: chkAt(2026, 6, 16, 10, 0)}, []Finding{{
			Pitfall: PitfallUnderestimatedDuration, Level: LevelAlert,
			Message: "14 days planned to Mon 2026-06-15 09:00 CEST, but the exit criteria hold at the earliest on Tue 2026-06-16 10:00 CEST: 2 days more"}}},
		{"past the planned end with no exit date", classic, PitfallInput{AsOf: chkAt(2026, 6, 17, 9, 0)}, []Finding{{
			Pitfall: PitfallUnderestimatedDuration, Level: LevelAlert,
			Message: "the 14 days planned ended on Mon 2026-06-15 09:00 CEST, 2 days ago, and no exit date is in sight until someone acts on: steady-state takeover at least 0.8 over 7 days"}}},
		{"on shift too much", withPeople, PitfallInput{Roster: heavy}, []Finding{
			{Pitfall: PitfallHeroCulture, Level: LevelAlert, People: []PersonID{"ana"},
				Message: "ana is on shift 64 h of the roster's 96 h (66.7%, at most 25%)"},
			{Pitfall: PitfallHeroCulture, Level: LevelWarn, People: []PersonID{"ben"},
				Message: "ben is on shift 32 h of the roster's 96 h (33.3%, at most 25%)"},
		}},
		{"on shift 66.7% under a 0.7 rule", withPeople, PitfallInput{Roster: heavy, Rules: PitfallRules{MaxShiftShare: dec("0.7")}}, nil},
		{"project people only in the last phase", withPeople, PitfallInput{Roster: projectOnly}, []Finding{{Pitfall: PitfallNoHandover, Level: LevelAlert,
			People:  []PersonID{"ana", "ben"},
			Message: `the 2 shifts in the last phase "week 2" (Mon 2026-06-08 09:00 CEST to Mon 2026-06-15 09:00 CEST) have no steady-state member on them, only ana, ben: nobody learns to take over`}}},
		{"a steady-state shift overlapping the last phase's last hour", withPeople, PitfallInput{Roster: paired}, nil},
		{"no roster and no agents staffed", noAgents, PitfallInput{}, []Finding{{Pitfall: PitfallNoHandover, Level: LevelAlert,
			Message: `no roster shift falls in the last phase "week 2" (Mon 2026-06-08 09:00 CEST to Mon 2026-06-15 09:00 CEST) and it staffs no steady-state agents: nobody learns to take over`}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := chkCheck(t, c.e, c.in)
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("Pitfalls (-want +got):\n%s", d)
			}
		})
	}
}

// The hero report's flags become hero-culture findings, one each, in its
// order: ana handled all three issues (top share 100%, Gini 0.5 over ana
// and ben: |3-0|·2 / (2·2²·1.5)), within 12 hours. Three issues are below
// the default minimum of 10 for the share and the Gini: the rules lower it.
func TestCheckPassesHeroFlagsOn(t *testing.T) {
	e := chkClassic(t, 2)
	e.People = []Person{{ID: "ana", Team: Project, Roles: []Role{RoleTriage}}, {ID: "ben", Team: SteadyState, Roles: []Role{RoleAgent}}}
	var issues []Issue
	for i := range 3 {
		at := chkAt(2026, 6, 2, 10+i, 0)
		issues = append(issues, chkIssue(t, IssueID(fmt.Sprintf("INC-%d", i+1)),
			Event{Type: EventOpened, At: at, Severity: Sev3, Kind: Question},
			Event{Type: EventResolved, At: at.Add(10 * time.Minute), Person: "ana", Team: Project}))
	}
	got := chkCheck(t, e, PitfallInput{Issues: issues, AsOf: chkAt(2026, 6, 2, 18, 0), Rules: PitfallRules{Heroes: HeroRules{MinHandled: 3}}})
	want := []Finding{
		{Pitfall: PitfallHeroCulture, Level: LevelWarn, People: []PersonID{"ana"},
			Message: "ana handled 3 of 3 issues (100%), the most of anyone (maximum 50% of the issues)"},
		{Pitfall: PitfallHeroCulture, Level: LevelWarn, People: []PersonID{"ana"},
			Message: "ana handled the most issues, 3 of 3, and the issues are spread unevenly over 2 people: Gini coefficient 0.50 (maximum 0.4, where 0 is an even spread and 1 all on one person)"},
		{Pitfall: PitfallHeroCulture, Level: LevelWarn, People: []PersonID{"ana"}, Issues: []IssueID{"INC-1", "INC-2", "INC-3"},
			Message: "ana handled 3 issues within 12 hours (maximum 2 issues in 12 hours)"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Pitfalls (-want +got):\n%s", d)
	}
	// With the default minimum of 10 only the burst is left.
	got = chkCheck(t, e, PitfallInput{Issues: issues, AsOf: chkAt(2026, 6, 2, 18, 0)})
	if d := cmp.Diff(want[2:], got); d != "" {
		t.Errorf("Pitfalls with 3 of the default minimum of 10 issues handled (-want +got):\n%s", d)
	}
}

// Pitfalls' hero report is over the people who handle issues, not over
// everyone in the engagement: a sponsor, a change manager and people off
// the roster who handled nothing do not count as zeros. Worked by hand with
// G = ΣΣ|xi−xj| / (2n²μ); every issue is handled at 10:00 on a day of its
// own, so no other signal fires.
func TestCheckHeroesOverHandlers(t *testing.T) {
	e := chkClassic(t, 2) // Mon 2026-06-01 09:00 to Mon 2026-06-15 09:00
	e.People = []Person{
		{ID: "ana", Team: Project, Roles: []Role{RoleTriage}},
		{ID: "ben", Team: Project, Roles: []Role{RoleTriage}},
		{ID: "cy", Team: SteadyState, Roles: []Role{RoleAgent}},
		{ID: "lea", Team: Project, Roles: []Role{RoleLead}},
		{ID: "sam", Team: Project, Roles: []Role{RoleSponsor}},
		{ID: "max", Team: Project, Roles: []Role{RoleChangeManager}},
	}
	day := func(d int) time.Time { return chkAt(2026, 6, d, 10, 0) }
	var issues []Issue
	handle := func(who PersonID, days ...int) {
		for _, d := range days {
			issues = append(issues, chkIssue(t, IssueID(fmt.Sprintf("INC-%d", len(issues)+1)),
				Event{Type: EventOpened, At: day(d), Severity: Sev3, Kind: Question},
				Event{Type: EventResolved, At: day(d).Add(10 * time.Minute), Person: who, Team: Project}))
		}
	}
	handle("ana", 1, 3, 5, 9, 11) // 5
	handle("ben", 2, 4, 8, 10)    // 4
	handle("cy", 6, 7, 12)        // 3
	asOf := chkAt(2026, 6, 12, 18, 0)
	// A roster of day shifts, ana, ben and cy in turn, each on shift at
	// their issues' hours; lea is on no shift.
	var roster Roster
	for d := 1; d <= 12; d++ {
		who := map[int]PersonID{1: "ana", 3: "ana", 5: "ana", 9: "ana", 11: "ana", 2: "ben", 4: "ben", 8: "ben", 10: "ben", 6: "cy", 7: "cy", 12: "cy"}[d]
		roster.Shifts = append(roster.Shifts, Shift{Slot: Slot{Name: "day", Start: chkAt(2026, 6, d, 9, 0), End: chkAt(2026, 6, d, 17, 0)}, People: []PersonID{who}})
	}
	withLea := append(slices.Clone(issues), chkIssue(t, "INC-13",
		Event{Type: EventOpened, At: chkAt(2026, 6, 12, 11, 0), Severity: Sev3, Kind: Question},
		Event{Type: EventResolved, At: chkAt(2026, 6, 12, 11, 30), Person: "lea", Team: Project}))
	withZed := roster
	withZed.Shifts = append(slices.Clone(roster.Shifts), Shift{Slot: Slot{Name: "night", Start: chkAt(2026, 6, 12, 17, 0), End: chkAt(2026, 6, 13, 1, 0)}, People: []PersonID{"zed"}})
	for _, c := range []struct {
		name     string
		people   []Person
		in       PitfallInput
		wantGini float64
		want     []string // hero-culture messages
	}{
		// No roster: ana, ben, cy and the lead lea (5, 4, 3, 0): pairs
		// 1+2+5+1+4+3 = 16, so 32 / (2·4²·3) = 1/3, under 0.4. Over all
		// six people (5, 4, 3, 0, 0, 0) it would be 80 / (2·6²·2) = 0.56.
		{"no roster: roles other than sponsor and change manager", e.People, PitfallInput{Issues: issues}, 1.0 / 3, nil},
		// No roster and no roles: only those who handled count (ana, ben,
		// cy): 2·(1+2+1) / (2·3²·4) = 1/9.
		{"no roster, no roles: only handlers", nil, PitfallInput{Issues: issues}, 1.0 / 9, nil},
		// With the roster: ana, ben and cy, lea off it: 1/9.
		{"roster: people on shifts", e.People, PitfallInput{Issues: issues, Roster: roster}, 1.0 / 9, nil},
		// lea is on no shift but handled one issue: she counts, 5, 4, 3, 1:
		// pairs 1+2+4+1+3+2 = 13, 26 / (2·4²·13/4) = 0.25.
		{"roster: a lead who handled an issue counts", e.People, PitfallInput{Issues: withLea, Roster: roster}, 0.25, nil},
		// zed, on a shift but not in e.People, counts as a zero: 5, 4, 3,
		// 1, 0: pairs 13 + 13 = 26, 52 / (2·5²·13/5) = 0.4, not above it.
		{"roster: someone on a shift outside the engagement counts", e.People, PitfallInput{Issues: withLea, Roster: withZed}, 0.4, nil},
		// Under a Gini limit of 0.3 the flag names the 4 people it is over.
		{"no roster, Gini limit 0.3", e.People, PitfallInput{Issues: issues, Rules: PitfallRules{Heroes: HeroRules{MaxGini: dec("0.3")}}}, 1.0 / 3,
			[]string{"ana handled the most issues, 5 of 12, and the issues are spread unevenly over 4 people: Gini coefficient 0.33 (maximum 0.3, where 0 is an even spread and 1 all on one person)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := e
			if c.people == nil {
				e.People = nil
				for _, p := range []PersonID{"ana", "ben", "cy", "lea", "sam", "max"} {
					e.People = append(e.People, Person{ID: p, Team: Project})
				}
			}
			in := c.in
			in.AsOf = asOf
			var got []string
			for _, f := range chkCheck(t, e, in) {
				if f.Pitfall == PitfallHeroCulture {
					got = append(got, f.Message)
				}
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("hero-culture findings (-want +got):\n%s", d)
			}
			rep, err := NewReport(ReportInput{Engagement: e, Issues: in.Issues, Roster: in.Roster, AsOf: asOf, Rules: in.Rules}, Weekly)
			if err != nil {
				t.Fatal(err)
			}
			if d := rep.Rota.HandlingGini - c.wantGini; d > 1e-12 || d < -1e-12 {
				t.Errorf("report's handling Gini %v, want %v", rep.Rota.HandlingGini, c.wantGini)
			}
		})
	}
}

func TestCheckRejectsBadInput(t *testing.T) {
	e := chkClassic(t, 2)
	other := chkIssue(t, "X-1", Event{Type: EventOpened, At: chkAt(2026, 6, 2, 9, 0), Severity: Sev3, Kind: Question})
	other.Engagement = "erp"
	noRate := chkRates()
	delete(noRate.Hourly, RoleAgent)
	late := []Issue{chkIssue(t, "INC-17", Event{Type: EventOpened, At: chkAt(2026, 6, 14, 11, 0), Severity: Sev2, Kind: Defect})}
	for i := range 6 { // the steady-state team takes over, so the exit has a date
		at := chkAt(2026, 6, 11, 10+i, 0)
		late = append(late, chkIssue(t, IssueID(fmt.Sprintf("Q-%d", i)),
			Event{Type: EventOpened, At: at, Severity: Sev3, Kind: Question},
			Event{Type: EventResolved, At: at.Add(20 * time.Minute), Team: SteadyState}))
	}
	cases := []struct {
		name string
		e    Engagement
		in   PitfallInput
	}{
		{"invalid engagement", Engagement{ID: "x"}, PitfallInput{}},
		{"issue of another engagement", e, PitfallInput{Issues: []Issue{other}}},
		{"negative unowned-for", e, PitfallInput{Rules: PitfallRules{UnownedFor: -time.Hour}}},
		{"shift share above 1", e, PitfallInput{Rules: PitfallRules{MaxShiftShare: dec("1.5")}}},
		{"negative hero threshold", e, PitfallInput{Rules: PitfallRules{Heroes: HeroRules{MaxGini: dec("-1")}}}},
		{"bad scheme", e, PitfallInput{Scheme: Scheme{{Sev2, "P2", ""}}}},
		{"rates without the agent's", e, PitfallInput{Issues: late, AsOf: chkAt(2026, 6, 14, 12, 0), Rates: noRate}},
		// Rates are checked against the plan even when no extension needs
		// costing, as the doc promises.
		{"rates without the agent's, nothing to cost", e, PitfallInput{Rates: noRate}},
		{"rates in no currency", e, PitfallInput{Rates: Rates{Currency: "euro", Hourly: chkRates().Hourly}}},
		{"hourly rates with no currency", e, PitfallInput{Rates: Rates{Hourly: chkRates().Hourly}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if fs, err := Pitfalls(pitfallIn(c.e, c.in)); err == nil {
				t.Errorf("Pitfalls = %v, want an error", fs)
			}
		})
	}
	// The error names what is missing, and the report fails the same way.
	if _, err := Pitfalls(PitfallInput{Engagement: e, Rates: noRate}); err == nil || !strings.Contains(err.Error(), `"agent"`) {
		t.Errorf("rates without the agent's: err %v, want one naming the role", err)
	}
	if _, err := NewReport(ReportInput{Engagement: e, AsOf: chkAt(2026, 6, 2, 9, 0), Rates: noRate}, Daily); err == nil {
		t.Error("NewReport with rates without the agent's: no error")
	}
	// Rates that cost the plan, and the zero Rates, are fine with nothing
	// to cost.
	for _, r := range []Rates{chkRates(), {}} {
		if fs, err := Pitfalls(PitfallInput{Engagement: e, Rates: r}); err != nil || len(fs) != 0 {
			t.Errorf("reference plan at rates %+v: %v, %v; want no findings, no error", r, fs, err)
		}
	}
}

func TestCheckJSONRoundTrip(t *testing.T) {
	in := PitfallInput{
		Issues: []Issue{chkIssue(t, "INC-1",
			Event{Type: EventOpened, At: chkAt(2026, 6, 2, 9, 0), Severity: Sev2, Kind: Defect},
			Event{Type: EventAssigned, At: chkAt(2026, 6, 2, 9, 30), Team: Project, Person: "ana"})},
		SignOffs: []SignOff{{By: "sam", Role: RoleSponsor, At: chkAt(2026, 6, 12, 16, 0)}},
		Roster:   Roster{Shifts: []Shift{{Slot: Slot{Name: "day", Start: chkAt(2026, 6, 2, 9, 0), End: chkAt(2026, 6, 2, 17, 0)}, People: []PersonID{"ana"}}}},
		AsOf:     chkAt(2026, 6, 3, 9, 0),
		Rates:    chkRates(),
		Scheme:   DefaultScheme(),
		Rules: PitfallRules{UnownedFor: 90 * time.Minute, MaxHandoffs: 3, MaxShiftShare: dec("0.3"),
			Heroes: HeroRules{MaxPer12h: 4, Location: chkBerlin}},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back PitfallInput
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	if d := cmp.Diff(in, back, cmp.AllowUnexported(Issue{}), cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })); d != "" {
		t.Errorf("PitfallInput round trip (-want +got):\n%s", d)
	}
	fs := []Finding{{Pitfall: PitfallHeroCulture, Level: LevelAlert, Message: "m", Issues: []IssueID{"INC-1"}, People: []PersonID{"ana"}},
		{Pitfall: PitfallNoHandover, Level: LevelWarn, Message: "n"}}
	b, err = json.Marshal(fs)
	if err != nil {
		t.Fatal(err)
	}
	var fsBack []Finding
	if err := json.Unmarshal(b, &fsBack); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(fs, fsBack); d != "" {
		t.Errorf("Finding round trip (-want +got):\n%s", d)
	}
	if _, err := json.Marshal(Finding{}); err == nil {
		t.Error("a finding with no pitfall or level encoded without error")
	}
	for p := PitfallNoPlan; p <= PitfallNoHandover; p++ {
		var q Pitfall
		text, err := p.MarshalText()
		if err != nil || q.UnmarshalText(text) != nil || q != p || !p.Valid() {
			t.Errorf("pitfall %d: text %q, back %v, err %v", int(p), text, q, err)
		}
	}
	if s := Pitfall(9).String(); s != "Pitfall(9)" {
		t.Errorf("Pitfall(9).String() = %q", s)
	}
}

// chkWorld is a well-run hypercare: a preset plan; P project and S
// steady-state people taking daily 09:00-17:00 shifts in turn, a project
// and a steady-state member alternating; every person handled exactly two
// Sev3 issues (so no hero signal can fire: none needs more than two of
// anything, and the counts are equal), the project people's in the first
// days, the steady-state people's in the two days before the as-of instant,
// which falls in the last two days before the planned end.
type chkWorld struct {
	e      Engagement
	in     PitfallInput
	steady []PersonID
	proj   []PersonID
}

func drawChkWorld(t *rapid.T) chkWorld {
	business, err := NewCalendar(chkBerlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	goLive := chkAt(2026, 1, 5, 9, 0).AddDate(0, 0, rapid.IntRange(0, 330).Draw(t, "go-live day"))
	var e Engagement
	switch plan := rapid.IntRange(2, 5).Draw(t, "plan"); plan {
	case 5:
		e, err = TaperPlan("crm", goLive, business)
	default:
		e, err = ClassicPlan("crm", goLive, business, plan)
	}
	if err != nil {
		t.Fatal(err)
	}
	w := chkWorld{e: e}
	nP, nS := rapid.IntRange(4, 6).Draw(t, "project people"), rapid.IntRange(4, 6).Draw(t, "steady-state people")
	var turn []PersonID
	for i := range max(nP, nS) {
		if i < nP {
			w.proj = append(w.proj, PersonID(fmt.Sprintf("p%d", i+1)))
			turn = append(turn, w.proj[i])
			e.People = append(e.People, Person{ID: w.proj[i], Team: Project, Roles: []Role{RoleTriage}})
		}
		if i < nS {
			w.steady = append(w.steady, PersonID(fmt.Sprintf("s%d", i+1)))
			turn = append(turn, w.steady[i])
			e.People = append(e.People, Person{ID: w.steady[i], Team: SteadyState, Roles: []Role{RoleAgent}})
		}
	}
	w.e = e
	last := DateOf(e.PlannedEnd.In(chkBerlin))
	for d, i := DateOf(goLive.In(chkBerlin)), 0; !d.After(last); d, i = d.AddDays(1), i+1 {
		start := TimeOfDay{9, 0}.On(d, chkBerlin)
		w.in.Roster.Shifts = append(w.in.Roster.Shifts, Shift{
			Slot:   Slot{Name: "day", Start: start, End: TimeOfDay{17, 0}.On(d, chkBerlin)},
			People: []PersonID{turn[i%len(turn)]}})
	}
	w.in.AsOf = e.PlannedEnd.Add(-time.Duration(rapid.IntRange(60, 47*60).Draw(t, "minutes before the planned end")) * time.Minute)
	handle := func(who PersonID, team Team, at time.Time) {
		id := IssueID(fmt.Sprintf("INC-%d", len(w.in.Issues)+1))
		kind := rapid.SampledFrom([]Kind{Question, TrainingGap, Defect}).Draw(t, "kind")
		w.in.Issues = append(w.in.Issues, chkIssueT(t, id,
			Event{Type: EventOpened, At: at, Severity: Sev3, Kind: kind},
			Event{Type: EventAssigned, At: at.Add(5 * time.Minute), Team: team, Person: who},
			Event{Type: EventResolved, At: at.Add(30 * time.Minute), Team: team, Person: who}))
	}
	for i, p := range w.proj {
		handle(p, Project, e.DayStart(i).Add(time.Hour))
		handle(p, Project, e.DayStart(i).Add(5*time.Hour))
	}
	for j, s := range w.steady {
		at := w.in.AsOf.Add(-time.Duration(j+1) * 8 * time.Hour)
		handle(s, SteadyState, at)
		handle(s, SteadyState, at.Add(-time.Hour))
	}
	return w
}

func chkIssueT(t *rapid.T, id IssueID, events ...Event) Issue {
	is := Issue{ID: id}
	if err := is.Append(events...); err != nil {
		t.Fatal(err)
	}
	return is
}

func chkPitfalls(t *rapid.T, w chkWorld) []Pitfall {
	fs, err := Pitfalls(pitfallIn(w.e, w.in))
	if err != nil {
		t.Fatal(err)
	}
	var ps []Pitfall
	for _, f := range fs {
		if !slices.Contains(ps, f.Pitfall) {
			ps = append(ps, f.Pitfall)
		}
		if f.Message == "" || f.Level != LevelWarn && f.Level != LevelAlert {
			t.Fatalf("finding without a message or level: %+v", f)
		}
	}
	return ps
}

// Every pitfall check is silent on a well-run reference hypercare and
// fires on one broken in exactly its way, and only that check fires.
func TestCheckPropertySilentOnReferenceFiresOnItsBreak(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := drawChkWorld(t)
		if got := chkPitfalls(t, w); len(got) != 0 {
			fs, _ := Pitfalls(pitfallIn(w.e, w.in))
			t.Fatalf("reference plan: findings %v", fs)
		}
		breaks := []struct {
			name  string
			want  Pitfall
			apply func(w *chkWorld)
		}{
			{"no phases", PitfallNoPlan, func(w *chkWorld) { w.e.Phases = nil }},
			{"first phase dropped", PitfallNoPlan, func(w *chkWorld) { w.e.Phases = slices.Clone(w.e.Phases[1:]) }},
			{"no sign-off", PitfallNoPlan, func(w *chkWorld) {
				w.e.Exit = ExitPolicy{Criteria: DefaultExitPolicy().Criteria[:2]}
			}},
			{"an issue nobody owns", PitfallUnclearOwnership, func(w *chkWorld) {
				at := w.in.AsOf.Add(-24*time.Hour - time.Duration(rapid.IntRange(0, 3000).Draw(t, "unowned minutes"))*time.Minute)
				w.in.Issues = append(w.in.Issues, chkIssueT(t, "X-1", Event{Type: EventOpened, At: at, Severity: Sev3, Kind: TrainingGap}))
			}},
			{"an issue bounced three times", PitfallUnclearOwnership, func(w *chkWorld) {
				at := w.in.AsOf.Add(-10 * time.Hour)
				events := []Event{{Type: EventOpened, At: at, Severity: Sev3, Kind: DataFix}}
				for i := range 4 {
					events = append(events, Event{Type: EventAssigned, At: at.Add(time.Duration(i+1) * time.Hour), Team: []Team{Project, SteadyState}[i%2]})
				}
				if rapid.Bool().Draw(t, "resolved") {
					events = append(events, Event{Type: EventResolved, At: at.Add(6 * time.Hour), Team: SteadyState})
				}
				w.in.Issues = append(w.in.Issues, chkIssueT(t, "X-1", events...))
			}},
			{"a Sev2 an hour before", PitfallUnderestimatedDuration, func(w *chkWorld) {
				at := w.in.AsOf.Add(-time.Hour)
				w.in.Issues = append(w.in.Issues, chkIssueT(t, "X-1",
					Event{Type: EventOpened, At: at, Severity: Sev2, Kind: Defect},
					Event{Type: EventAssigned, At: at.Add(10 * time.Minute), Team: SteadyState},
					Event{Type: EventResolved, At: at.Add(30 * time.Minute), Team: SteadyState}))
			}},
			{"judged after the planned end", PitfallUnderestimatedDuration, func(w *chkWorld) {
				w.in.AsOf = w.e.PlannedEnd.Add(time.Duration(rapid.IntRange(1, 72*60).Draw(t, "minutes late")) * time.Minute)
			}},
			{"one person on every shift", PitfallHeroCulture, func(w *chkWorld) {
				hero := rapid.SampledFrom(w.steady).Draw(t, "hero")
				w.in.Roster.Shifts = slices.Clone(w.in.Roster.Shifts)
				for i := range w.in.Roster.Shifts {
					w.in.Roster.Shifts[i].People = []PersonID{hero}
				}
			}},
			{"one person resolved everything", PitfallHeroCulture, func(w *chkWorld) {
				hero := rapid.SampledFrom(append(slices.Clone(w.proj), w.steady...)).Draw(t, "hero")
				for i, is := range w.in.Issues {
					ev := is.Events()
					ev[len(ev)-1].Person = hero
					w.in.Issues[i] = chkIssueT(t, is.ID, ev...)
				}
			}},
			{"project people only in the last phase", PitfallNoHandover, func(w *chkWorld) {
				span := w.e.Span(w.e.Phases[len(w.e.Phases)-1])
				w.in.Roster.Shifts = slices.Clone(w.in.Roster.Shifts)
				for i, sh := range w.in.Roster.Shifts {
					if span.Overlaps(Interval{sh.Start, sh.End}) {
						w.in.Roster.Shifts[i].People = []PersonID{w.proj[i%len(w.proj)]}
					}
				}
			}},
		}
		b := rapid.IntRange(0, len(breaks)-1).Draw(t, "break")
		broken := w
		broken.in.Issues = slices.Clone(w.in.Issues)
		breaks[b].apply(&broken)
		if got := chkPitfalls(t, broken); !slices.Equal(got, []Pitfall{breaks[b].want}) {
			fs, _ := Pitfalls(pitfallIn(broken.e, broken.in))
			t.Fatalf("%s: pitfalls %v, want only %v; findings %v", breaks[b].name, got, breaks[b].want, fs)
		}
	})
}

// pitfallIn puts e into in, for the tables that keep them apart.
func pitfallIn(e Engagement, in PitfallInput) PitfallInput {
	in.Engagement = e
	return in
}
