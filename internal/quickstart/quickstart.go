// Package quickstart is the quickstart program: a whole hypercare, run
// well — a 4-week hypercare after a CRM go-live, generated from a fixed
// seed, stored in a store, then read back and reported on. It lives here,
// importable, so that examples/quickstart (the root module, without
// PostgreSQL) and store/postgres/examples/quickstart (with it) are the same
// program through Main.
package quickstart

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Berlin on any machine, even without a zone database

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/internal/storeflag"
	"github.com/hypercare-go/hypercare/store"
	"github.com/shopspring/decimal"
)

// Main runs the quickstart with args (without the program name), writing
// the walk to stdout and the store, the pages and any error to stderr, and
// returns the exit code: 0 success (and for -h), 1 failure, 2 bad flags.
// name is how the user runs the program, for the usage line ("go run
// ./examples/quickstart"). The flags:
//
//	-store STORE  the store, as store.Open takes it: a directory (default: a
//	              new temporary one), memory:, or a URL of a backend linked
//	              into the program (postgres://...); it must not hold the
//	              engagement yet
//	-dir DIR      the same as -store DIR
//	-html FILE    also write the final daily status as a self-contained HTML
//	              page with charts to FILE, and the weekly status for the week
//	              before it to FILE with "-weekly" before its extension
//
// Standard output is the same on every run and for every store.
func Main(name string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("store", "", "the `STORE`, as store.Open takes it: a directory (default: a new temporary one), memory:, or a URL (postgres://... where PostgreSQL is linked in)")
	dir := fs.String("dir", "", "the same as -store `DIR`")
	page := fs.String("html", "", "write the daily status page to `FILE`, and the weekly one beside it (FILE-weekly.html)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: "+name+" [-store DIR|memory:|URL] [-html FILE]\n\n"+
			"Walks through a whole 4-week hypercare after a CRM go-live, run well: the plan\n"+
			"and its cost, the exit progress day by day, the daily status, the rota and\n"+
			"the hero report, and the adoption flags. With -html, the status as a page\n"+
			"with charts as well.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "quickstart: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if *target != "" && *dir != "" && *target != *dir {
		fmt.Fprintf(stderr, "quickstart: -dir %s and -store %s: give one (-dir is the same as -store)\n", *dir, storeflag.Redact(*target))
		return 2
	}
	if *target == "" {
		*target = *dir
	}
	if err := run(context.Background(), options{store: *target, html: *page}, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	return 0
}

// options are the command's flags.
type options struct {
	store string // the store, as store.Open takes it; empty means a new temporary directory
	html  string // the daily status page's file; empty means none
}

// run generates the hypercare, stores it in the store, reads it back and
// prints the walk to out (and where the store and the pages are to log).
func run(ctx context.Context, opt options, out, log io.Writer) (err error) {
	target := opt.store
	if target == "" {
		if target, err = os.MkdirTemp("", "hypercare-quickstart-"); err != nil {
			return err
		}
	}
	fmt.Fprintln(log, "store:", storeflag.Redact(target))
	s, err := openStore(ctx, target)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	sc, err := newScenario()
	if err != nil {
		return err
	}
	sum, err := save(ctx, s, target, sc)
	if err != nil {
		return err
	}
	w := &printer{out: out}
	w.plan(sc.eng)
	w.line("  the helpdesk's nightly exports delivered %d events in %d batches: %d a day or two late, %d twice; %d held at the end",
		sum.events, sum.batches, sum.late, sum.twice, sum.held)
	// From here on, the hypercare as it happened, read back from the store.
	st, err := load(ctx, s, sc.eng.ID)
	if err != nil {
		return err
	}
	eng, issues := st.eng, st.issues
	signOffs, readyDay, err := w.progress(ctx, s, eng, issues)
	if err != nil {
		return err
	}
	// The last daily status before the exit: the afternoon the criteria
	// first held, when the sponsor is asked to sign off.
	at := readyDay.Add(-time.Hour)
	in := hypercare.ReportInput{
		Engagement: eng, Issues: issues, SignOffs: signOffs,
		Adoption: st.series, Monitor: sc.monitor, Roster: st.roster,
		AsOf: at, Rules: hypercare.PitfallRules{Heroes: heroRules},
		History: opt.html != "", // the page's charts; text needs none
	}
	status, err := hypercare.NewReport(in, hypercare.Daily)
	if err != nil {
		return err
	}
	if opt.html != "" {
		if err := writePages(in, status, opt.html, log); err != nil {
			return err
		}
	}
	w.section("The daily status for the sponsor, " + at.Format(stamp))
	w.line("%s", strings.TrimRight(status.Text(), "\n"))
	if err := w.rota(sc.rota, st.roster, eng, issues); err != nil {
		return err
	}
	flags, err := hypercare.Monitor(st.series, sc.monitor)
	if err != nil {
		return err
	}
	w.adoption(flags)
	return w.err
}

// writePages writes the daily status page to file and the weekly status,
// for the week up to the same instant, to weeklyFile(file), and says where
// to log.
func writePages(in hypercare.ReportInput, daily hypercare.Report, file string, log io.Writer) error {
	weekly, err := hypercare.NewReport(in, hypercare.Weekly)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, []byte(daily.HTML()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(weeklyFile(file), []byte(weekly.HTML()), 0o644); err != nil {
		return err
	}
	fmt.Fprintln(log, "daily status page:", file)
	fmt.Fprintln(log, "weekly status page:", weeklyFile(file))
	return nil
}

// weeklyFile names the weekly page after the daily one: status.html gives
// status-weekly.html, and a name without an extension gets "-weekly".
func weeklyFile(file string) string {
	ext := filepath.Ext(file)
	return strings.TrimSuffix(file, ext) + "-weekly" + ext
}

// openStore opens the store at target with store.Open. A URL of a backend
// this program is built without (postgres://) is an error that says which
// program has it.
func openStore(ctx context.Context, target string) (store.Store, error) {
	s, err := store.Open(ctx, target)
	if errors.Is(err, store.ErrUnknownScheme) {
		return nil, fmt.Errorf("%w\nThis quickstart is built without that backend: give -store a directory or memory:. "+
			"For PostgreSQL, run the one built with it, in a checkout of the repository: "+
			"cd store/postgres && go run ./examples/quickstart -store 'postgres://...'", err)
	}
	return s, err
}

// save stores the engagement, its issues (delivered as a helpdesk's
// exports would: see deliver), the adoption samples and the planned roster
// in s, the store at target, which must not hold the engagement yet.
func save(ctx context.Context, s store.Store, target string, sc scenario) (deliveries, error) {
	var sum deliveries
	err := s.CreateEngagement(ctx, sc.eng)
	if errors.Is(err, store.ErrExists) {
		err = fmt.Errorf("%s already holds engagement %q: give -store an empty directory, memory:, or a new PostgreSQL schema (schema=...&migrate=true)", storeflag.Redact(target), sc.eng.ID)
	}
	if err == nil {
		sum, err = deliver(ctx, s, sc.eng, sc.issues)
	}
	if err == nil {
		err = s.AddSamples(ctx, sc.eng.ID, sc.series...)
	}
	if err == nil {
		err = s.PutRoster(ctx, sc.eng.ID, rosterName, sc.roster)
	}
	return sum, err
}

// stored is the hypercare as read back from the store.
type stored struct {
	eng    hypercare.Engagement
	issues []hypercare.Issue
	series []hypercare.Series
	roster hypercare.Roster
}

// load reads the hypercare back from the store.
func load(ctx context.Context, s store.Store, id hypercare.EngagementID) (st stored, err error) {
	if st.eng, err = s.Engagement(ctx, id); err != nil {
		return st, err
	}
	if st.issues, err = store.Collect(s.Issues(ctx, store.IssueFilter{Engagement: id})); err != nil {
		return st, err
	}
	if st.series, err = store.Collect(s.Series(ctx, id, store.SeriesFilter{})); err != nil {
		return st, err
	}
	st.roster, err = s.Roster(ctx, id, rosterName)
	return st, err
}

const rosterName = "hypercare"

// printer writes the walk, keeping the first write error.
type printer struct {
	out io.Writer
	err error
}

func (w *printer) line(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.out, format+"\n", args...)
	}
}

func (w *printer) section(title string) {
	w.line("\n== %s", title)
}

// plan prints the phases and what they cost.
func (w *printer) plan(e hypercare.Engagement) {
	w.line("%s: go-live %s, planned end %s", e.Name, e.GoLive.Format(stamp), e.PlannedEnd.Format(stamp))
	for _, p := range e.Phases {
		span := e.Span(p)
		w.line("  %-10s %s to %s  coverage %s", p.Name, span.Start.Format(day), span.End.Format(day), p.Coverage)
	}
	rates := hypercare.Rates{Currency: "EUR", Hourly: map[hypercare.Role]decimal.Decimal{
		hypercare.RoleLead: decimalOf("120"), hypercare.RoleTriage: decimalOf("95"),
		hypercare.RoleChangeManager: decimalOf("90"), hypercare.RoleAgent: decimalOf("55"),
	}}
	cost, err := e.Cost(rates)
	if err != nil {
		w.err = err
		return
	}
	w.line("  staffing cost %s %s (hourly rates in EUR: lead 120, triage 95, change manager 90, agents 55)", cost.Total.StringFixed(2), cost.Currency)
}

// progress evaluates the exit criteria at 18:00 every day, records the
// sponsor's sign-off the morning after the verdict first says "ready for
// sponsor sign-off", and prints a line a day, numbered as the daily status
// numbers days (the go-live date is day 1), then what the columns mean and
// the actions the table asked for. It returns the sign-offs and the
// evaluation that first said so.
func (w *printer) progress(ctx context.Context, s store.Store, e hypercare.Engagement, issues []hypercare.Issue) ([]hypercare.SignOff, time.Time, error) {
	w.section("Exit progress, every day at 18:00")
	w.line("day  date       new  defects  open  open Sev1/2  met  exit forecast, if nothing new happens")
	var signOffs []hypercare.SignOff
	var ready time.Time
	var criteria []string       // the criteria's names, in order
	actions := map[int]string{} // criterion number -> the action it asked for
	for d := range days {
		date := hypercare.DateOf(e.DayStart(d))
		at := time.Date(date.Year, date.Month, date.Day, 18, 0, 0, 0, berlin)
		v, err := hypercare.Evaluate(hypercare.ExitInput{Engagement: e, Issues: issues, SignOffs: signOffs, AsOf: at})
		if err != nil {
			return nil, ready, err
		}
		newToday, defects, open, severe := 0, 0, 0, 0
		for _, is := range issues {
			st := is.StateAt(at)
			if opened := is.Opened(); hypercare.DateOf(opened.In(berlin)) == date && !opened.After(at) {
				newToday++
				if st.Kind == hypercare.Defect {
					defects++
				}
			}
			if st.IsOpen() {
				open++
				if st.Severity.AtLeast(hypercare.Sev2) {
					severe++
				}
			}
		}
		marks := ""
		criteria = criteria[:0]
		var blocking []string
		for i, r := range v.Results {
			marks += map[bool]string{true: "x", false: "."}[r.Met]
			criteria = append(criteria, r.Criterion)
			if r.NeedsAction && !r.Gate {
				blocking = append(blocking, strconv.Itoa(i+1))
				if _, action, ok := strings.Cut(r.Reason, "needs action: "); ok {
					actions[i+1] = action
				}
			}
		}
		var exit string
		switch {
		case v.Ready:
			exit = "READY: signed off, every criterion met"
		case v.ReadyForSignOff:
			exit = "ready for sponsor sign-off"
		case !v.EarliestExit.IsZero():
			exit = v.EarliestExit.Format(day)
		default:
			exit = "no date until criterion " + blocking[0] + " is acted on"
			if len(blocking) > 1 {
				exit = "no date until criteria " + strings.Join(blocking[:len(blocking)-1], ", ") + " and " + blocking[len(blocking)-1] + " are acted on"
			}
		}
		w.line("%3d  %s  %3d  %7d  %4d  %11d  %-3s  %s", d+1, at.Format("Mon 01-02"), newToday, defects, open, severe, marks, exit)
		if v.ReadyForSignOff && len(signOffs) == 0 {
			so := hypercare.SignOff{Engagement: e.ID, By: sponsorID, Role: hypercare.RoleSponsor,
				At: at.Add(16 * time.Hour), Note: "steady-state team has it"}
			if err := s.AddSignOff(ctx, so); err != nil {
				return nil, ready, err
			}
			signOffs, ready = append(signOffs, so), at
		}
	}
	if ready.IsZero() {
		return nil, ready, errors.New("the exit criteria never held: no sign-off")
	}
	w.line("")
	w.line("new: issues opened that day, defects: how many of them were defects; open: issues")
	w.line("open at 18:00, open Sev1/2: how many of them were Sev1 or Sev2.")
	w.line("met: one mark per exit criterion, x met, . not met:")
	for i, c := range criteria {
		w.line("  %d  %s", i+1, c)
	}
	w.line("exit forecast: the earliest exit if nothing new happens after that evening (no new")
	w.line("issue, no more resolutions). Each row is a fresh forecast, so it moves both ways:")
	w.line("issues the project team had to resolve push the takeover later (day 22), issues the")
	w.line("steady-state team resolves bring it earlier again (day 23). It is not a slipping plan.")
	w.line("\"no date\": waiting will not meet that criterion; someone has to act:")
	for _, n := range slices.Sorted(maps.Keys(actions)) {
		w.line("  %d  %s", n, actions[n])
	}
	return signOffs, ready, nil
}

// rota prints the planned rota's fairness against the bound and the hero
// report of what actually happened.
func (w *printer) rota(r hypercare.Rota, ro hypercare.Roster, e hypercare.Engagement, issues []hypercare.Issue) error {
	w.section(fmt.Sprintf("Rota: %d shifts for %d people", len(ro.Shifts), len(r.People)))
	var span time.Duration
	if n := len(ro.Shifts); n > 0 {
		span = ro.Shifts[n-1].End.Sub(ro.Shifts[0].Start)
	}
	w.line("person  team          shifts  hours  sleep h  weekend h  on-call h  on-call %%")
	for i, l := range ro.Loads {
		p := r.People[i]
		w.line("%-6s  %-12s  %6d  %5.0f  %7.0f  %9.0f  %9.0f  %8.0f%%", l.Person, p.Team, l.Shifts, l.Total.Hours(),
			l.Sleep.Hours(), l.Weekend.Hours(), l.OnCall.Hours(), 100*l.OnCall.Hours()/span.Hours())
	}
	w.line("hours: time on shift, of which sleep h between 22:00 and 08:00, weekend h on Saturdays")
	w.line("and Sundays, on-call h on call (reachable, not at work); on-call %% is that share of")
	w.line("the %.0f h the rota spans (SRE practice: at most 25%%).", span.Hours())
	f := ro.Fairness
	w.line("L* = %.0f h is the lower bound: no rota can give its busiest person less. Largest load",
		ro.Bound.Total.Hours())
	w.line("%.0f h = %.2f × L*; range %.0f h between the most and least loaded; Gini %.2f (0 is an",
		f.Max.Hours(), f.MaxOverBound, f.Range.Hours(), f.Gini)
	w.line("even spread, 1 all on one person).")
	// Over the people who handle issues, the rota's, as Pitfalls does: the
	// sponsor, who takes none, would count as a zero in the Gini.
	heroes, err := hypercare.Heroes(r.People, ro, issues, heroRules)
	if err != nil {
		return err
	}
	w.section("Who carried the load (hero report)")
	w.line("%s", strings.TrimRight(heroes.String(), "\n"))
	return nil
}

// adoption prints the adoption flags, the latest per series and rule.
func (w *printer) adoption(flags []hypercare.Flag) {
	w.section(fmt.Sprintf("Adoption flags (%d raised over the four weeks; the latest of each kind)", len(flags)))
	type key struct {
		metric  hypercare.AdoptionMetric
		segment hypercare.Segment
		rule    hypercare.FlagRule
	}
	latest := map[key]hypercare.Flag{}
	for _, f := range flags {
		latest[key{f.Metric, f.Segment, f.Rule}] = f // flags come sorted by date
	}
	var keep []hypercare.Flag
	for _, f := range latest {
		keep = append(keep, f)
	}
	slices.SortFunc(keep, func(a, b hypercare.Flag) int { return strings.Compare(a.String(), b.String()) })
	for _, f := range keep {
		w.line("%s", f)
	}
}

// heroRules count tickets, not pages: a dozen a day is a normal hypercare
// shift, so the burst rule (the SRE book's 2 incidents per 12 h counts
// pages) is set to 8.
var heroRules = hypercare.HeroRules{MaxPer12h: 8, Location: berlin}

const (
	stamp = "Mon 2006-01-02 15:04 MST"
	day   = "Mon 01-02"
)

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }
