package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hypercare-go/hypercare"
)

// teamFile is the file "rota plan" plans from: the format of
// examples/rotation's team.json.
type teamFile struct {
	Engagement hypercare.Engagement    `json:"engagement"`
	Shifts     []hypercare.PhaseShifts `json:"shifts"`
	Rules      hypercare.RotaRules     `json:"rules"`
}

// loadTeam reads and checks a team file.
func loadTeam(path string) (teamFile, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return teamFile{}, inputError{err}
	}
	if err != nil {
		return teamFile{}, err
	}
	data := stripComments(raw)
	var t teamFile
	decode := func(b []byte, strict bool) error {
		t = teamFile{}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		if strict {
			dec.DisallowUnknownFields()
		}
		return dec.Decode(&t)
	}
	if err := decodeFile(path, data, decode, func() ([]byte, error) { return json.Marshal(t) }); err != nil {
		return teamFile{}, err
	}
	if err := decode(data, true); err != nil {
		return teamFile{}, &fileError{file: path, err: inputError{err}}
	}
	if err := t.Engagement.Validate(); err != nil {
		return teamFile{}, &fileError{file: path, line: keyLine(data, "engagement"), field: "engagement", err: inputError{err}}
	}
	if t.Rules.Location == nil {
		t.Rules.Location = t.Engagement.Location
	}
	return t, nil
}

// rota plans a rota from a team file.
func (a *app) rota(args []string) error {
	f := a.newFlags("rota", `
"rota plan TEAM.json" plans the shifts of the team file (the format of
examples/rotation/team.json: "engagement" with its phases and people, "shifts"
per phase, "rules"), prints each person's load and the rota's fairness against
the lower bound L* (no roster can give its busiest person less), and with -ics
writes the shifts as an iCalendar file. -save stores the roster in the config's
store under its "roster" name, for status to show who is on call; the team
file's engagement ID must then be the config's.`)
	ics := f.String("ics", "", "write the shifts as iCalendar to `FILE`")
	save := f.Bool("save", false, "store the roster as the config's roster")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 || rest[0] != "plan" {
		return usageError{errors.New("want: hypercare rota plan TEAM.json")}
	}
	t, err := loadTeam(rest[1])
	if err != nil {
		return err
	}
	e := t.Engagement
	slots, err := hypercare.PhaseSlots(e, t.Shifts...)
	if err != nil {
		return inputError{fmt.Errorf("%s: %w", rest[1], err)}
	}
	rota := hypercare.Rota{People: e.People, Slots: slots, Rules: t.Rules}
	roster, err := rota.Plan()
	if err != nil {
		return inputError{fmt.Errorf("%s: %w", rest[1], err)}
	}
	violations, err := rota.Violations(roster.Shifts)
	if err != nil {
		return err
	}
	loc := e.Location
	fmt.Fprintf(a.out, "%s: %d people, %d shifts from %s to %s\n\n", cmpOr(e.Name, string(e.ID)), len(e.People), len(roster.Shifts),
		e.GoLive.In(loc).Format(stamp), e.PlannedEnd.In(loc).Format(stamp))
	tw := tabwriter.NewWriter(a.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "person\tteam\tshifts\ttotal\tsleep\tweekend\ton call\t")
	for i, l := range roster.Loads {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t\n", l.Person, e.People[i].Team, l.Shifts, hours(l.Total), hours(l.Sleep), hours(l.Weekend), hours(l.OnCall))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fa, b := roster.Fairness, roster.Bound
	exact := "a lower bound"
	if b.Exact {
		exact = "the optimum"
	}
	fmt.Fprintf(a.out, "\nL* = %s (%s): largest load %s = %.2f × L*, smallest %s, range %s, Gini %.3f\n",
		hours(b.Total), exact, hours(fa.Max), fa.MaxOverBound, hours(fa.Min), hours(fa.Range), fa.Gini)
	fmt.Fprintf(a.out, "sleep-hour range %s, weekend range %s\n", hours(fa.SleepRange), hours(fa.WeekendRange))
	if len(violations) == 0 {
		fmt.Fprintln(a.out, "every rule kept")
	}
	for _, v := range violations {
		fmt.Fprintf(a.out, "broken: %s\n", v)
	}
	if *ics != "" {
		cal, err := roster.Calendar(a.now(), loc)
		if err != nil {
			return err
		}
		cal.Name = cmpOr(e.Name, string(e.ID)) + " rota"
		if err := writeICS(*ics, cal); err != nil {
			return err
		}
		fmt.Fprintf(a.out, "wrote %d shifts to %s\n", len(cal.Events), *ics)
	}
	if *save {
		return a.saveRoster(f.config, e.ID, roster)
	}
	return nil
}

// saveRoster stores the roster under the config's roster name.
func (a *app) saveRoster(path string, id hypercare.EngagementID, ro hypercare.Roster) error {
	c, err := loadConfig(path)
	if err != nil {
		return err
	}
	if c.Engagement.ID != id {
		return inputError{fmt.Errorf("-save: the team file plans engagement %q, but %s configures %q", id, path, c.Engagement.ID)}
	}
	ctx := context.Background()
	s, err := openStore(ctx, c, a)
	if err != nil {
		return err
	}
	err = s.PutRoster(ctx, id, c.Roster, ro)
	if err := errors.Join(err, s.Close()); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "stored the roster as %q in %s\n", c.Roster, a.storeName(c))
	return nil
}

func writeICS(path string, cal hypercare.ICalendar) error {
	b, err := cal.Encode()
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// hours formats d in hours to at most one decimal, as "12h" or "79.4h".
func hours(d time.Duration) string {
	return strconv.FormatFloat(math.Round(d.Hours()*10)/10, 'f', -1, 64) + "h"
}

func cmpOr(s, t string) string {
	if s != "" {
		return s
	}
	return t
}

// plan prints the plan for the statement of work.
func (a *app) plan(args []string) error {
	f := a.newFlags("plan", `
Prints the engagement's plan for a statement of work: its phases (coverage,
SLA policy), its ceremonies per phase (-ics writes every one to a calendar
file), the staffing cost at the config's rates, and three scenarios side by
side: as planned, extended by -extend days, and the 90-day taper on the
config's business calendar.`)
	ics := f.String("ics", "", "write the ceremonies as iCalendar to `FILE`")
	extend := f.Int("extend", 14, "the extended scenario's extra `DAYS`")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArgs(rest); err != nil {
		return err
	}
	if *extend < 0 {
		return usageError{fmt.Errorf("-extend %d: want 0 or more days", *extend)}
	}
	c, err := loadConfig(f.config)
	if err != nil {
		return err
	}
	e := c.Engagement
	tw := tabwriter.NewWriter(a.out, 0, 0, 2, ' ', 0)
	if err := a.printPhases(tw, e); err != nil {
		return err
	}
	if err := a.printCeremonies(tw, e); err != nil {
		return err
	}
	cost, err := a.printCost(tw, e, c.Rates)
	if err != nil {
		return err
	}
	if err := a.printScenarios(tw, c, *extend, cost.Currency); err != nil {
		return err
	}
	if *ics != "" {
		return a.writeCeremonies(e, *ics)
	}
	return nil
}

// printPhases prints the engagement's heading and each phase's span, coverage and SLA policy.
func (a *app) printPhases(tw *tabwriter.Writer, e hypercare.Engagement) error {
	loc := e.Location
	fmt.Fprintf(a.out, "%s: go-live %s, planned end %s\n\nPhases:\n", cmpOr(e.Name, string(e.ID)), e.GoLive.In(loc).Format(stamp), e.PlannedEnd.In(loc).Format(stamp))
	for _, p := range e.Phases {
		span := e.Span(p)
		policy := e.Policy
		if p.Policy != nil {
			policy = *p.Policy
		}
		fmt.Fprintf(tw, "  %s\t%s to %s\tcoverage %s\tSLA %s\n", p.Name, span.Start.Format("Mon 01-02"), span.End.Format("Mon 01-02"),
			p.Coverage, cmpOr(policy.Name, "(unnamed policy)"))
	}
	return tw.Flush()
}

// printCeremonies counts the engagement's ceremonies by phase and title, in phase order.
func (a *app) printCeremonies(tw *tabwriter.Writer, e hypercare.Engagement) error {
	ceremonies, err := e.Ceremonies()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "\nCeremonies (%d):\n", len(ceremonies))
	type key struct {
		phase string
		title string
	}
	var order []key
	count := map[key]int{}
	for _, cer := range ceremonies {
		k := key{cer.Phase, cer.Title}
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
	}
	slices.SortStableFunc(order, func(x, y key) int {
		return slices.IndexFunc(e.Phases, func(p hypercare.Phase) bool { return p.Name == x.phase }) -
			slices.IndexFunc(e.Phases, func(p hypercare.Phase) bool { return p.Name == y.phase })
	})
	for _, k := range order {
		fmt.Fprintf(tw, "  %s\t%s\t%3d×\n", k.phase, k.title, count[k])
	}
	return tw.Flush()
}

// printCost prints the staffing cost per phase and in total, and returns the cost.
func (a *app) printCost(tw *tabwriter.Writer, e hypercare.Engagement, rates hypercare.Rates) (hypercare.Cost, error) {
	cost, err := e.Cost(rates)
	if err != nil {
		return cost, err
	}
	fmt.Fprintf(a.out, "\nStaffing cost (%s):\n", cost.Currency)
	for _, p := range e.Phases {
		fmt.Fprintf(tw, "  %s\t%12s\n", p.Name, cost.PhaseTotal(p.Name).StringFixed(2))
	}
	fmt.Fprintf(tw, "  total\t%12s\n", cost.Total.StringFixed(2))
	return cost, tw.Flush()
}

// printScenarios compares the planned, extended and 90-day taper scenarios' costs.
func (a *app) printScenarios(tw *tabwriter.Writer, c config, extend int, currency string) error {
	e := c.Engagement
	extended, err := e.Extend(extend)
	if err != nil {
		return usageError{err}
	}
	taper, err := hypercare.TaperPlan(e.ID, e.GoLive, c.Business)
	if err != nil {
		return err
	}
	scenarios, err := hypercare.CompareCosts(c.Rates,
		hypercare.Scenario{Name: "planned", Plan: e},
		hypercare.Scenario{Name: fmt.Sprintf("extended by %d days", extend), Plan: extended},
		hypercare.Scenario{Name: "90-day taper", Plan: taper})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "\nScenarios (%s):\n", currency)
	fmt.Fprintf(tw, "  scenario\t%4s\t%12s\t%16s\n", "days", "cost", "against planned")
	for _, s := range scenarios {
		fmt.Fprintf(tw, "  %s\t%4d\t%12s\t%16s\n", s.Name, s.Days, s.Cost.Total.StringFixed(2), signed(s.Delta.StringFixed(2)))
	}
	return tw.Flush()
}

// writeCeremonies writes every ceremony as iCalendar to path and says so.
func (a *app) writeCeremonies(e hypercare.Engagement, path string) error {
	cal, err := e.CeremonyCalendar(a.now())
	if err != nil {
		return err
	}
	if err := writeICS(path, cal); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "\nwrote %d ceremonies to %s\n", len(cal.Events), path)
	return nil
}

// signed puts a + before a positive amount.
func signed(s string) string {
	if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}
