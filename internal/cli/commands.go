package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
	"github.com/shopspring/decimal"
)

// formats are the renderings of "status -format", by name.
var formats = map[string]func(hypercare.Report) ([]byte, error){
	"text": func(r hypercare.Report) ([]byte, error) { return []byte(r.Text()), nil },
	"md":   func(r hypercare.Report) ([]byte, error) { return []byte(r.Markdown()), nil },
	"json": func(r hypercare.Report) ([]byte, error) { return jsonIndent(r) },
	"html": func(r hypercare.Report) ([]byte, error) { return []byte(r.HTML()), nil },
}

// formatNames returns the names of the formats, sorted.
func formatNames() []string { return slices.Sorted(maps.Keys(formats)) }

func jsonIndent(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	return append(b, '\n'), err
}

// noArgs returns a usage error if the command got arguments it does not take.
func noArgs(rest []string) error {
	if len(rest) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", rest[0])}
	}
	return nil
}

// init writes the config file and creates the store and the engagement.
func (a *app) init(args []string) error {
	f := a.newFlags("init", `
Writes a commented config file (hypercare.json, or -config) for a classic
hypercare of -weeks weeks from -go-live, on the business hours -calendar in
-zone, and creates the store with the engagement in it: the file store
hypercare-store beside the config file, or -store, which the config then
names. Edit the file to taste: people, phases, SLA targets, exit criteria,
rates.`)
	id := f.String("id", "hypercare", "the engagement's `ID`")
	goLive := timeFlag{name: "go-live"}
	f.Var(&goLive, "go-live", "go-live `TIME`, in -zone (default next Monday 08:00)")
	weeks := f.Int("weeks", 4, "planned `N` weeks, 2 to 522: 2 to 4 is the classic plan; more extends its last phase")
	spec := f.String("calendar", "Mon-Fri 09:00-17:00", "business hours `SPEC`, such as \"Mon-Fri 08:00-12:00,13:00-17:00\"")
	zone := f.String("zone", "UTC", "the engagement's home time `ZONE`, an IANA name such as Europe/Berlin")
	force := f.Bool("force", false, "overwrite an existing config file")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArgs(rest); err != nil {
		return err
	}
	if *zone == "" || *zone == "Local" {
		return usageError{fmt.Errorf("-zone %q: give an IANA zone name, such as Europe/Berlin", *zone)}
	}
	loc, err := time.LoadLocation(*zone)
	if err != nil {
		return usageError{fmt.Errorf("-zone %q: %w", *zone, err)}
	}
	business, err := hypercare.NewCalendar(loc, *spec)
	if err != nil {
		return usageError{fmt.Errorf("-calendar: %w", err)}
	}
	if *weeks < minWeeks || *weeks > maxWeeks {
		return usageError{fmt.Errorf("-weeks %d: want %d to %d weeks (a hypercare is planned for at least 2 weeks, and its phases end within ten years)",
			*weeks, minWeeks, maxWeeks)}
	}
	at, err := goLive.at(nextMonday(a.now().In(loc)), loc) // next Monday when left out
	if err != nil {
		return err
	}
	eng, err := hypercare.ClassicPlan(hypercare.EngagementID(*id), at, business, min(*weeks, 4))
	if err == nil && *weeks > 4 {
		eng, err = eng.Extend(7 * (*weeks - 4))
	}
	if err != nil {
		return usageError{err}
	}
	eng.Exit = hypercare.DefaultExitPolicy()
	eng.People = []hypercare.Person{
		{ID: "lead", Name: "The hypercare lead", Team: hypercare.Project, Roles: []hypercare.Role{hypercare.RoleLead}},
		{ID: "sponsor", Name: "The sponsor", Team: hypercare.Project, Roles: []hypercare.Role{hypercare.RoleSponsor}},
	}
	c := config{
		Store: "hypercare-store", Business: business, Engagement: eng, Scheme: hypercare.DefaultScheme(),
		Monitor: hypercare.MonitorConfig{Calendar: business},
		Rates: hypercare.Rates{Currency: "EUR", Hourly: map[hypercare.Role]decimal.Decimal{
			hypercare.RoleLead: decimal.NewFromInt(120), hypercare.RoleTriage: decimal.NewFromInt(95),
			hypercare.RoleChangeManager: decimal.NewFromInt(90), hypercare.RoleAgent: decimal.NewFromInt(55),
		}},
		Roster: "hypercare",
	}
	if c.Store, err = a.configStore(f.config); err != nil {
		return err
	}
	data, err := encodeConfig(c)
	if err != nil {
		return err
	}
	// Read it as every other command will before writing it, so that init
	// never leaves behind a file that does not load.
	if _, err := parseConfig(f.config, data); err != nil {
		return err
	}
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(f.config, mode, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return inputError{fmt.Errorf("%s exists: not overwritten (give -force to replace it)", f.config)}
	}
	if err != nil {
		return err
	}
	_, err = file.Write(data)
	if err := errors.Join(err, file.Close()); err != nil {
		return err
	}
	// Read it back as every other command will, so what init writes loads.
	loaded, err := loadConfig(f.config)
	if err != nil {
		return err
	}
	s, err := openStore(context.Background(), loaded, a)
	if err != nil {
		return err
	}
	if err := s.Close(); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "wrote %s: engagement %q, go-live %s, planned end %s, %d phases\n", f.config, eng.ID,
		eng.GoLive.Format(stamp), eng.PlannedEnd.In(loc).Format(stamp), len(eng.Phases))
	fmt.Fprintf(a.out, "created the store %s\n", a.storeName(loaded))
	return nil
}

// The range of "init -weeks". 522 weeks are 3654 days: the longest plan
// whose phases end within the ten years (3660 days) an engagement may span.
const (
	minWeeks = 2
	maxWeeks = 522
)

// nextMonday returns 08:00 on the first Monday after t, in t's location.
func nextMonday(t time.Time) time.Time {
	d := hypercare.DateOf(t)
	days := (8 - int(d.Weekday())) % 7
	if days == 0 {
		days = 7
	}
	return hypercare.TimeOfDay{Hour: 8}.On(d.AddDays(days), t.Location())
}

const stamp = "Mon 2006-01-02 15:04 MST"

// openStore opens the store (-store, else the config's) with store.Open and
// makes its engagement the config's: created if missing, updated if the
// config changed.
func openStore(ctx context.Context, c config, a *app) (store.Store, error) {
	name := a.storeName(c)
	s, err := store.Open(ctx, cmp.Or(a.store, c.Store))
	if errors.Is(err, store.ErrUnknownScheme) {
		err = fmt.Errorf("%w\n%s", err, unknownSchemeHint)
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", name, err)
	}
	if f, ok := s.(*store.File); ok {
		if r := f.Recovery(); r.Repaired() {
			fmt.Fprintf(a.errOut, "hypercare: store %s: cut off %d bytes of a write a crash interrupted: %s\n", name, r.Dropped, r.Reason)
		}
	}
	err = syncEngagement(ctx, s, c.Engagement)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store %s: %w", name, err), s.Close())
	}
	return s, nil
}

func syncEngagement(ctx context.Context, s store.Store, e hypercare.Engagement) error {
	stored, err := s.Engagement(ctx, e.ID)
	if errors.Is(err, store.ErrNotFound) {
		return s.CreateEngagement(ctx, e)
	}
	if err != nil {
		return err
	}
	old, err1 := json.Marshal(stored)
	now, err2 := json.Marshal(e)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	if string(old) == string(now) {
		return nil
	}
	return s.UpdateEngagement(ctx, e)
}

// hypercareData is everything stored about the engagement.
type hypercareData struct {
	cfg      config
	eng      hypercare.Engagement
	issues   []hypercare.Issue
	signOffs []hypercare.SignOff
	series   []hypercare.Series
	roster   hypercare.Roster
}

// load reads the config at path and what the store holds of its engagement.
func load(path string, a *app) (d hypercareData, err error) {
	ctx := context.Background()
	if d.cfg, err = loadConfig(path); err != nil {
		return d, err
	}
	s, err := openStore(ctx, d.cfg, a)
	if err != nil {
		return d, err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	id := d.cfg.Engagement.ID
	if d.eng, err = s.Engagement(ctx, id); err != nil {
		return d, err
	}
	if d.issues, err = store.Collect(s.Issues(ctx, store.IssueFilter{Engagement: id})); err != nil {
		return d, err
	}
	if d.signOffs, err = store.Collect(s.SignOffs(ctx, id)); err != nil {
		return d, err
	}
	if d.series, err = store.Collect(s.Series(ctx, id, store.SeriesFilter{})); err != nil {
		return d, err
	}
	d.roster, err = s.Roster(ctx, id, d.cfg.Roster)
	if errors.Is(err, store.ErrNotFound) {
		d.roster, err = hypercare.Roster{}, nil // no rota planned yet: nobody listed on call
	}
	return d, err
}

// write writes b to standard output.
func (a *app) write(b []byte) error {
	_, err := a.out.Write(b)
	return err
}

// status prints the status report.
func (a *app) status(args []string) error {
	f := a.newFlags("status", `
Prints the status report at -at from the store's engagement, issues,
sign-offs, adoption samples and roster: the daily report (what is new and
resolved, open issues, SLA clocks at risk, known issues, exit progress,
pitfalls, adoption flags, who is on call), or with -weekly the weekly one for
leadership (trends, SLA compliance, defects against training gaps, the exit
forecast, the rota's fairness). -format json is the report as data.`)
	at := timeFlag{name: "at"}
	f.Var(&at, "at", "the report's `TIME`: RFC 3339, or \"2006-01-02 15:04\" in the engagement's zone (default now)")
	format := f.String("format", "text", "the `format`: "+strings.Join(formatNames(), ", "))
	weekly := f.Bool("weekly", false, "the weekly report for leadership instead of the daily one")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArgs(rest); err != nil {
		return err
	}
	render, ok := formats[*format]
	if !ok {
		return usageError{fmt.Errorf("-format %q: want one of %s", *format, strings.Join(formatNames(), ", "))}
	}
	d, err := load(f.config, a)
	if err != nil {
		return err
	}
	asOf, err := at.at(a.now(), d.eng.Location)
	if err != nil {
		return err
	}
	audience := hypercare.Daily
	if *weekly {
		audience = hypercare.Weekly
	}
	r, err := hypercare.NewReport(hypercare.ReportInput{
		Engagement: d.eng, Issues: d.issues, SignOffs: d.signOffs, Adoption: d.series, Monitor: d.cfg.Monitor,
		Roster: d.roster, AsOf: asOf, Scheme: d.cfg.Scheme, Rates: d.cfg.Rates,
		History: *format == "html", // the page's charts draw it
	}, audience)
	if err != nil {
		return err
	}
	b, err := render(r)
	if err != nil {
		return err
	}
	return a.write(b)
}

// clocks prints the SLA clocks of the open issues.
func (a *app) clocks(args []string) error {
	f := a.newFlags("clocks", `
Prints the SLA clocks of the issues open (or paused) at -at, both metrics,
leaving out the clocks already met: one line per clock, in order of due time
(then issue ID, first response before resolution), no header, the columns
separated by tabs:

  1 issue      the issue ID
  2 severity   its severity now, as the config's scheme names it (one line, as the title)
  3 metric     first-response or resolution
  4 state      running, paused or breached
  5 at-risk    yes when the clock has used its warning share (or is breached), else no
  6 due        when the target is due, RFC 3339 in the engagement's zone
  7 remaining  working time left on the clock's calendar, a Go duration; negative once breached
  8 used       the share of the target used, in percent, rounded down
  9 title      the issue's title (control characters, tabs and line
               breaks among them, become spaces)

-at-risk keeps the lines whose at-risk column is yes.`)
	at := timeFlag{name: "at"}
	f.Var(&at, "at", "the `TIME` to judge the clocks at: RFC 3339, or \"2006-01-02 15:04\" in the engagement's zone (default now)")
	atRisk := f.Bool("at-risk", false, "only the clocks at risk or breached")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArgs(rest); err != nil {
		return err
	}
	d, err := load(f.config, a)
	if err != nil {
		return err
	}
	asOf, err := at.at(a.now(), d.eng.Location)
	if err != nil {
		return err
	}
	lines, err := clockLines(d, asOf)
	if err != nil {
		return err
	}
	var b strings.Builder
	scheme := d.cfg.Scheme
	if scheme == nil {
		scheme = hypercare.DefaultScheme()
	}
	for _, l := range lines {
		c := l.Clock
		risky := c.AtRisk || c.State == hypercare.ClockBreached
		if *atRisk && !risky {
			continue
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", l.Issue, oneLine(scheme.Name(c.Severity)), c.Metric, c.State,
			map[bool]string{true: "yes", false: "no"}[risky], c.Due.In(d.eng.Location).Format(time.RFC3339),
			c.Remaining.Truncate(time.Second), int(min(c.Percent, 1e9)), oneLine(l.Title))
	}
	return a.write([]byte(b.String()))
}

// clockLines returns the clocks "clocks" lists, in its order.
func clockLines(d hypercareData, asOf time.Time) ([]hypercare.ClockLine, error) {
	if asOf.Before(d.eng.GoLive) {
		return nil, usageError{fmt.Errorf("-at %s is before go-live %s", asOf.Format(time.RFC3339), d.eng.GoLive.Format(time.RFC3339))}
	}
	var out []hypercare.ClockLine
	for _, is := range d.issues {
		if !is.StateAt(asOf).IsOpen() {
			continue
		}
		for _, m := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
			c, err := d.eng.Clock(is, m, asOf)
			if err != nil || c.State == hypercare.ClockMet {
				continue // no target for its severity, or nothing left to say
			}
			out = append(out, hypercare.ClockLine{Issue: is.ID, Title: is.Title, Clock: c})
		}
	}
	slices.SortStableFunc(out, func(x, y hypercare.ClockLine) int {
		return cmp.Or(x.Clock.Due.Compare(y.Clock.Due), strings.Compare(string(x.Issue), string(y.Issue)),
			cmp.Compare(x.Clock.Metric, y.Clock.Metric))
	})
	return out, nil
}

// oneLine turns each control character (C0 such as tab, LF, CR, VT, FF and
// ESC; DEL; C1 such as NEL, U+0085) and each Unicode line or paragraph
// separator (U+2028, U+2029) into a space, so a field stays on its line and
// in its column. It is the report renderers' rule (the root package's
// isControl), one space for one character.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}

// exit prints the exit verdict; not ready is exit code 1.
func (a *app) exit(args []string) error {
	f := a.newFlags("exit", `
Judges the engagement's exit criteria at -at over the stored issues and
sign-offs, and prints the verdict: one sentence with the earliest exit and
any extension to ask for, then each criterion, [x] when met, with the
numbers. The exit code is 0 when the hypercare can end, 1 when not.`)
	at := timeFlag{name: "at"}
	f.Var(&at, "at", "the `TIME` to judge at: RFC 3339, or \"2006-01-02 15:04\" in the engagement's zone (default now)")
	rest, err := a.parse(f, args)
	if err != nil {
		return err
	}
	if err := noArgs(rest); err != nil {
		return err
	}
	d, err := load(f.config, a)
	if err != nil {
		return err
	}
	asOf, err := at.at(a.now(), d.eng.Location)
	if err != nil {
		return err
	}
	v, err := hypercare.Evaluate(hypercare.ExitInput{Engagement: d.eng, Issues: d.issues, SignOffs: d.signOffs, AsOf: asOf})
	if err != nil {
		return err
	}
	if err := a.write([]byte(v.String() + "\n")); err != nil {
		return err
	}
	if !v.Ready {
		return errNotReady
	}
	return nil
}
