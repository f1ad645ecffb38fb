// Command custompolicy shows a consulting firm's own rules plugged into
// hypercare through its public interfaces, with no change to the library:
// a P1–P4 severity scheme with its own SLA targets, an exit criterion of its
// own ("no open issue older than 5 business days") that survives a trip
// through the store's JSON, and an adoption rule of its own ("login rate
// below 50% on 5 business days in a row") run by Monitor.
//
//	go run ./examples/custompolicy [-h]
//
// The firm's rules are in firm.go; this file is a three-week warehouse
// go-live to run them on, and prints what a consultant would look at on the
// last Friday afternoon.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
	"github.com/shopspring/decimal"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./examples/custompolicy\n\n"+
			"Runs a three-week warehouse go-live on a consulting firm's own severity scheme,\n"+
			"exit criterion and adoption rule, and prints what a consultant would look at.\n"+
			"It takes no flags.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// demo is the go-live the firm's rules run on.
type demo struct {
	berlin   *time.Location
	business *hypercare.Calendar
	june     func(day, hh, mm int) time.Time
	scheme   hypercare.Scheme
	stale    NoStaleIssues
	eng      hypercare.Engagement
	asOf     time.Time // the last Friday afternoon
}

// run plays the scenario and writes the report to w, one step at a time.
func run(w io.Writer) error {
	ctx := context.Background()
	d, err := newDemo()
	if err != nil {
		return err
	}
	// The engagement and its issues go into a store, as in a firm's tool.
	s := store.NewMemory()
	defer s.Close()
	if err := d.storeAndBind(ctx, w, s); err != nil {
		return err
	}
	d.printScheme(w)
	issues, err := d.printClocks(ctx, w, s)
	if err != nil {
		return err
	}
	if err := d.printVerdicts(w, issues); err != nil {
		return err
	}
	return d.printAdoption(w)
}

// newDemo sets up the warehouse go-live: business hours in Berlin, the
// firm's scheme, policy and exit policy.
func newDemo() (demo, error) {
	var d demo
	var err error
	if d.berlin, err = time.LoadLocation("Europe/Berlin"); err != nil {
		return d, err
	}
	if d.business, err = hypercare.NewCalendar(d.berlin, "Mon-Fri 09:00-17:00"); err != nil {
		return d, err
	}
	d.june = func(day, hh, mm int) time.Time { return time.Date(2026, time.June, day, hh, mm, 0, 0, d.berlin) }
	d.scheme = FirmScheme()
	if err := d.scheme.Validate(); err != nil {
		return d, err
	}
	d.stale = NoStaleIssues{Days: 5, Business: d.business, Scheme: d.scheme}
	d.eng = hypercare.Engagement{
		ID:         "wms",
		Name:       "warehouse management go-live",
		Location:   d.berlin,
		GoLive:     d.june(1, 8, 0),
		PlannedEnd: d.june(19, 18, 0),
		Policy:     FirmPolicy(d.business),
		Exit:       FirmExitPolicy(d.stale),
		Scheme:     d.scheme, // verdicts, reports and JSON say P1/P2
	}
	d.asOf = d.june(19, 16, 0)
	return d, nil
}

// storeAndBind stores the engagement and its issues and reads the
// engagement back. The store keeps engagements as JSON, so the firm's
// criterion comes back as a placeholder that Bind replaces with the code;
// it prints the criterion before and after.
func (d *demo) storeAndBind(ctx context.Context, w io.Writer, s store.Store) error {
	if err := s.CreateEngagement(ctx, d.eng); err != nil {
		return err
	}
	issues, err := scenario(d.eng.ID, d.june)
	if err != nil {
		return err
	}
	if err := s.ImportIssues(ctx, issues); err != nil {
		return err
	}
	if d.eng, err = s.Engagement(ctx, d.eng.ID); err != nil {
		return err
	}
	fmt.Fprintln(w, "The firm's exit criterion after a trip through the store (JSON):")
	for _, c := range d.eng.Exit.Criteria {
		if c.Name() == d.stale.Name() {
			r, err := c.Check(hypercare.ExitInput{Engagement: d.eng, AsOf: d.asOf})
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  before Bind: %s\n", r.Reason)
		}
	}
	if d.eng.Exit, err = d.eng.Exit.Bind(d.stale); err != nil {
		return err
	}
	for _, c := range d.eng.Exit.Criteria {
		if c.Name() == d.stale.Name() {
			fmt.Fprintf(w, "  after Bind:  %T, the firm's code again\n", c)
		}
	}
	return nil
}

// printScheme prints the firm's priorities against hypercare's severities.
func (d *demo) printScheme(w io.Writer) {
	fmt.Fprintln(w, "\nThe firm's priorities on hypercare's severities:")
	for _, l := range d.scheme {
		fmt.Fprintf(w, "  %s = %-4s  %s\n", l.Name, l.Severity, l.Meaning)
	}
}

// printClocks prints every stored issue's two SLA clocks at asOf and
// returns the issues.
func (d *demo) printClocks(ctx context.Context, w io.Writer, s store.Store) ([]hypercare.Issue, error) {
	fmt.Fprintf(w, "\nSLA clocks at %s:\n", d.asOf.Format("Mon 2006-01-02 15:04 MST"))
	var issues []hypercare.Issue
	for is, err := range s.Issues(ctx, store.IssueFilter{Engagement: d.eng.ID}) {
		if err != nil {
			return nil, err
		}
		issues = append(issues, is)
		for _, m := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
			c, err := d.eng.Clock(is, m, d.asOf)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(w, "  %-6s %-3s %-15s %-15s %-9s %s\n", is.ID, d.scheme.Name(c.Severity), is.StateAt(d.asOf).Kind, m, c.State, clockNote(c, is, d.asOf, d.berlin))
		}
	}
	return issues, nil
}

// printVerdicts prints the exit verdict at asOf, and what it would be if
// the paused question T-105 were answered at 16:30.
func (d *demo) printVerdicts(w io.Writer, issues []hypercare.Issue) error {
	v, err := hypercare.Evaluate(hypercare.ExitInput{Engagement: d.eng, Issues: issues, AsOf: d.asOf})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nExit verdict:\n%s\n", indent(v.String()))

	answered := d.june(19, 16, 30)
	issues = slices.Clone(issues)
	for i := range issues {
		if issues[i].ID == "T-105" {
			if err := issues[i].Append(hypercare.Event{Type: hypercare.EventResolved, At: answered, Person: "cem", Team: hypercare.SteadyState}); err != nil {
				return err
			}
		}
	}
	if v, err = hypercare.Evaluate(hypercare.ExitInput{Engagement: d.eng, Issues: issues, AsOf: answered}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nIf T-105 is resolved at 16:30:\n%s\n", indent(v.Summary))
	return nil
}

// printAdoption runs the firm's adoption rule with the built-in
// below-target rule over the login rates and prints the flags.
func (d *demo) printAdoption(w io.Writer) error {
	flags, err := hypercare.Monitor(logins(), hypercare.MonitorConfig{
		Calendar: d.business,
		Rules:    []hypercare.FlagRule{hypercare.RuleBelowTarget},
		Targets: []hypercare.RateTarget{{
			Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate},
			Rate:   0.6,
		}},
		Custom: []hypercare.AdoptionRule{LoginStreak{Below: decimal.RequireFromString("0.5"), WarnAfter: 3, AlertAfter: 5}},
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nAdoption flags (login rate, target 60%):")
	for _, f := range flags {
		fmt.Fprintf(w, "  %s\n", f)
	}
	return nil
}

// clockNote describes a clock in a few words: time used of the target, and
// what matters for its state.
func clockNote(c hypercare.Clock, is hypercare.Issue, asOf time.Time, loc *time.Location) string {
	day := func(t time.Time) string { return t.In(loc).Format("Mon 2006-01-02 15:04") }
	note := duration(c.Elapsed) + " of " + duration(c.Target)
	if c.Cycle > 1 {
		note += fmt.Sprintf(" (cycle %d)", c.Cycle)
	}
	switch c.State {
	case hypercare.ClockBreached:
		note += ", breached " + day(c.BreachedAt)
	case hypercare.ClockPaused:
		note += ", " + is.StateAt(asOf).PauseReason
	case hypercare.ClockRunning:
		if c.AtRisk {
			note += ", AT RISK"
		}
		note += ", due " + day(c.Due)
	}
	return note
}

// duration formats d as "2h30m", "15m" or "80h".
func duration(d time.Duration) string {
	s := d.Round(time.Minute).String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

// scenario returns the issues of the go-live: seven tickets over three
// weeks, using the firm's priorities as Severity 1..4.
func scenario(eng hypercare.EngagementID, june func(day, hh, mm int) time.Time) ([]hypercare.Issue, error) {
	type ev = hypercare.Event
	const (
		opened, responded, reclassified = hypercare.EventOpened, hypercare.EventResponded, hypercare.EventReclassified
		paused, resolved, reopened      = hypercare.EventPaused, hypercare.EventResolved, hypercare.EventReopened
		project, steady                 = hypercare.Project, hypercare.SteadyState
	)
	tickets := []struct {
		id     hypercare.IssueID
		title  string
		events []ev
	}{
		{"T-101", "Pick lists do not print", []ev{
			{Type: opened, At: june(1, 9, 10), Severity: 1, Kind: hypercare.Defect},
			{Type: responded, At: june(1, 9, 20), Person: "ana"},
			{Type: resolved, At: june(1, 11, 40), Person: "ana", Team: project},
		}},
		{"T-102", "Stock lookup is slow", []ev{
			{Type: opened, At: june(2, 10, 0), Severity: 3, Kind: hypercare.Defect},
			{Type: responded, At: june(2, 10, 30), Person: "ben"},
			{Type: reclassified, At: june(2, 14, 0), Severity: 2}, // whole warehouse affected
			{Type: resolved, At: june(3, 16, 0), Person: "ben", Team: steady},
		}},
		{"T-103", "Where is the returns screen?", []ev{
			{Type: opened, At: june(3, 11, 0), Severity: 4, Kind: hypercare.TrainingGap},
			{Type: resolved, At: june(3, 13, 0), Person: "cem", Team: steady},
		}},
		{"T-104", "Label printer drops barcodes", []ev{
			{Type: opened, At: june(8, 9, 30), Severity: 2, Kind: hypercare.Defect},
			{Type: responded, At: june(8, 10, 0), Person: "ben"},
			{Type: resolved, At: june(9, 12, 0), Person: "ben", Team: steady},
			{Type: reopened, At: june(10, 14, 0)}, // the fix did not hold
			{Type: resolved, At: june(11, 10, 0), Person: "ana", Team: project},
		}},
		{"T-105", "Cannot export the cycle count", []ev{
			{Type: opened, At: june(11, 10, 30), Severity: 3, Kind: hypercare.Question},
			{Type: responded, At: june(11, 11, 0), Person: "cem"},
			{Type: paused, At: june(11, 11, 30), Reason: "waiting on the customer"},
		}},
		{"T-106", "Goods receipt posts twice", []ev{
			{Type: opened, At: june(15, 7, 30), Severity: 1, Kind: hypercare.Defect},
			{Type: responded, At: june(15, 7, 40), Person: "ana"},
			{Type: resolved, At: june(15, 10, 30), Person: "ana", Team: project},
		}},
		{"T-107", "Add a column to the dispatch report", []ev{
			{Type: opened, At: june(19, 9, 0), Severity: 4, Kind: hypercare.ChangeRequest},
		}},
	}
	var out []hypercare.Issue
	for _, tk := range tickets {
		is := hypercare.Issue{ID: tk.id, Engagement: eng, Title: tk.title}
		if err := is.Append(tk.events...); err != nil {
			return nil, err
		}
		out = append(out, is)
	}
	return out, nil
}

// logins returns the daily login rate of two teams from go-live to the last
// Friday, weekends included (Monitor drops them): the office steady at 85%,
// the warehouse at 65% in week 1, then falling below half.
func logins() []hypercare.Series {
	start := hypercare.Date{Year: 2026, Month: time.June, Day: 1} // a Monday
	warehouse := []float64{
		26, 26, 26, 26, 26, 3, 3, // week 1, Mon–Sun, of 40 users
		24, 19, 18, 17, 16, 2, 2, // week 2
		16, 15, 22, 18, 17, // week 3, Mon–Fri
	}
	series := []hypercare.Series{
		{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Segment: hypercare.Segment{Dimension: "team", Name: "Office"}},
		{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Segment: hypercare.Segment{Dimension: "team", Name: "Warehouse"}},
	}
	for i, v := range warehouse {
		d := start.AddDays(i)
		office := 17.0 // of 20 users
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			office = 2
		}
		series[0].Samples = append(series[0].Samples, hypercare.Sample{Date: d, Value: office, Base: 20})
		series[1].Samples = append(series[1].Samples, hypercare.Sample{Date: d, Value: v, Base: 40})
	}
	return series
}
