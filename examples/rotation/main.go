// Command rotation plans a hypercare rota from a small JSON file, prints who
// is on when, each person's load and how fair the rota is against the lower
// bound L*, and writes the shifts as an iCalendar file for calendar apps.
//
//	go run ./examples/rotation                      # the bundled team.json
//	go run ./examples/rotation -team my.json -ics rota.ics
//
// The file (see team.json) is in the library's own JSON forms: the
// engagement ("engagement": location, go-live, phases with their coverage,
// people with team, skills, zone and time off), how each phase is staffed
// ("shifts": hypercare.PhaseShifts, handoffs as ["08:00", "20:00"]) and the
// rules ("rules": hypercare.RotaRules; their location defaults to the
// engagement's). The bundled team goes live
// on Mon 2026-10-19: week 1 around the clock in 12 h shifts with a primary
// and a secondary, week 2 on weekdays 08:00-18:00 in pairs of a project and
// a steady-state member, with one person on call outside those hours.
package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
)

//go:embed team.json
var bundledTeam []byte

// teamFile is the JSON file the rota is planned from.
type teamFile struct {
	Engagement hypercare.Engagement    `json:"engagement"`
	Shifts     []hypercare.PhaseShifts `json:"shifts"`
	Rules      hypercare.RotaRules     `json:"rules"`
}

func main() {
	team := flag.String("team", "", "the team file (JSON); empty means the bundled team.json")
	ics := flag.String("ics", "", "where to write the rota as iCalendar; empty means rota.ics in a fresh temporary directory")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./examples/rotation [-team FILE] [-ics FILE]\n\nPlans a hypercare rota from a team file and writes it as iCalendar.")
		flag.PrintDefaults()
	}
	flag.Parse()
	name, data := "the bundled team.json", bundledTeam
	if *team != "" {
		var err error
		if data, err = os.ReadFile(*team); err != nil {
			log.Fatal(err)
		}
		name = *team
	}
	path := *ics
	if path == "" {
		dir, err := os.MkdirTemp("", "hypercare-rota-")
		if err != nil {
			log.Fatal(err)
		}
		path = filepath.Join(dir, "rota.ics")
	}
	if err := run(os.Stdout, name, data, path, time.Now()); err != nil {
		log.Fatal(err)
	}
}

// run plans the rota of the team file data (read from name), prints it to
// w and writes its iCalendar file to icsPath, stamped with stamp. Every
// error about the file's content names the file.
func run(w io.Writer, name string, data []byte, icsPath string, stamp time.Time) error {
	f, err := readTeam(data)
	if err != nil {
		return fmt.Errorf("team file %s: %w", name, err)
	}
	e := f.Engagement
	if f.Rules.Location == nil {
		f.Rules.Location = e.Location
	}
	slots, err := hypercare.PhaseSlots(e, f.Shifts...)
	if err != nil {
		return fmt.Errorf("team file %s: %w", name, err)
	}
	rota := hypercare.Rota{People: e.People, Slots: slots, Rules: f.Rules}
	roster, err := rota.Plan()
	if err != nil {
		return fmt.Errorf("team file %s: %w", name, err)
	}
	violations, err := rota.Violations(roster.Shifts)
	if err != nil {
		return err
	}

	printSummary(w, e, slots)
	printShifts(w, roster, e.Location)
	printLoads(w, roster, e)
	printFairness(w, roster, violations)
	printWarnings(w, roster)
	if err := printProjectAlone(w, f, slots); err != nil {
		return err
	}
	return writeCalendar(w, roster, e, stamp, icsPath)
}

// printSummary prints the engagement's window and how much staffing its slots demand.
func printSummary(w io.Writer, e hypercare.Engagement, slots []hypercare.Slot) {
	loc := e.Location
	seats, demand := 0, time.Duration(0)
	for _, s := range slots {
		seats += max(s.Seats, 1)
		demand += time.Duration(max(s.Seats, 1)) * s.Duration()
	}
	fmt.Fprintf(w, "%s (%s), %s to %s\n", e.Name, loc, e.GoLive.In(loc).Format("Mon 2006-01-02 15:04"), e.PlannedEnd.In(loc).Format("Mon 2006-01-02 15:04"))
	fmt.Fprintf(w, "%d people, %d slots, %d seats, %s to staff\n", len(e.People), len(slots), seats, hours(demand))
}

// printShifts lists the roster's shifts in loc, primary person first.
func printShifts(w io.Writer, roster hypercare.Roster, loc *time.Location) {
	fmt.Fprintln(w, "\nShifts (primary first):")
	for _, sh := range roster.Shifts {
		start, end := sh.Start.In(loc), sh.End.In(loc)
		names := make([]string, len(sh.People))
		for i, p := range sh.People {
			names[i] = string(p)
		}
		fmt.Fprintf(w, "  %s - %s  %-4s %-15s %s\n", start.Format("Mon 01-02 15:04"), end.Format("Mon 15:04"), hours(sh.Duration()), sh.Name, strings.Join(names, ", "))
	}
}

// printLoads tabulates each person's load.
func printLoads(w io.Writer, roster hypercare.Roster, e hypercare.Engagement) {
	fmt.Fprintln(w, "\nLoads:")
	fmt.Fprintf(w, "  %-4s %-12s %6s %6s %6s %8s %8s\n", "who", "team", "shifts", "total", "sleep", "weekend", "on call")
	for i, l := range roster.Loads {
		fmt.Fprintf(w, "  %-4s %-12s %6d %6s %6s %8s %8s\n", l.Person, e.People[i].Team, l.Shifts, hours(l.Total), hours(l.Sleep), hours(l.Weekend), hours(l.OnCall))
	}
}

// printFairness compares the roster's loads with the lower bound and lists broken rules.
func printFairness(w io.Writer, roster hypercare.Roster, violations []hypercare.Violation) {
	fa, b := roster.Fairness, roster.Bound
	exact := "a lower bound"
	if b.Exact {
		exact = "the optimum"
	}
	fmt.Fprintf(w, "\nFairness against L* = %s (%s: no roster can give its busiest person less):\n", hours(b.Total), exact)
	fmt.Fprintf(w, "  largest load %s = %.2f × L*, smallest %s, range %s (%d shifts), Gini %.3f\n",
		hours(fa.Max), fa.MaxOverBound, hours(fa.Min), hours(fa.Range), fa.ShiftRange, fa.Gini)
	fmt.Fprintf(w, "  sleep-hour range %s, weekend range %s\n", hours(fa.SleepRange), hours(fa.WeekendRange))
	if len(violations) == 0 {
		fmt.Fprintln(w, "  every rule kept (Validate finds nothing)")
	}
	for _, v := range violations {
		fmt.Fprintf(w, "  broken: %s\n", v)
	}
}

// printWarnings lists the roster's warnings, or "none".
func printWarnings(w io.Writer, roster hypercare.Roster) {
	fmt.Fprintln(w, "\nWarnings (the roster keeps the rules, but):")
	if len(roster.Warnings) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, wa := range roster.Warnings {
		fmt.Fprintf(w, "  %s\n", wa)
	}
}

// printProjectAlone plans week 1 for the project team alone and prints its warnings.
func printProjectAlone(w io.Writer, f teamFile, slots []hypercare.Slot) error {
	// What if week 1 had one seat per shift, staffed by the project team
	// alone? The roster keeps the rules, and the warnings say why it should
	// not be used: a third of the fortnight at work each.
	var week1 []hypercare.Slot
	for _, s := range slots {
		if strings.HasSuffix(s.Name, "week 1") {
			s.Seats = 1
			week1 = append(week1, s)
		}
	}
	var project []hypercare.Person
	for _, p := range f.Engagement.People {
		if p.Team == hypercare.Project {
			project = append(project, p)
		}
	}
	alone, err := hypercare.Rota{People: project, Slots: week1, Rules: f.Rules}.Plan()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhat if the %d project people staffed week 1 alone, one seat a shift?\n", len(project))
	for _, wa := range alone.Warnings {
		fmt.Fprintf(w, "  %s\n", wa)
	}
	return nil
}

// writeCalendar writes the roster as an iCalendar file at icsPath and says so.
func writeCalendar(w io.Writer, roster hypercare.Roster, e hypercare.Engagement, stamp time.Time, icsPath string) error {
	cal, err := roster.Calendar(stamp, e.Location)
	if err != nil {
		return err
	}
	cal.Name = e.Name + " rota"
	ics, err := cal.Encode()
	if err != nil {
		return err
	}
	if err := os.WriteFile(icsPath, ics, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWrote %d shifts to %s\n", len(cal.Events), icsPath)
	return nil
}

// readTeam decodes a team file. A key the file's types do not know is an
// error naming it ("engagement.people[1].skils"), so a typo cannot be
// ignored silently: the library's types decode leniently, as encoding/json
// does, so the file is decoded, encoded again, and every key of the file
// must come back. A misspelt key holding a zero value (0, "", false, null,
// [] or {}) cannot be told from a known one left at its default and passes.
func readTeam(data []byte) (teamFile, error) {
	var f teamFile
	if err := json.Unmarshal(data, &f); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line := 1 + bytes.Count(data[:syntax.Offset], []byte("\n"))
			return f, fmt.Errorf("line %d: %w", line, err)
		}
		return f, err
	}
	again, err := json.Marshal(f)
	if err != nil {
		return f, err
	}
	var in, out any
	if err := json.Unmarshal(data, &in); err != nil {
		return f, err
	}
	if err := json.Unmarshal(again, &out); err != nil {
		return f, err
	}
	if key := unknownKey("", in, out); key != "" {
		return f, fmt.Errorf("unknown key %q", key)
	}
	return f, nil
}

// unknownKey returns the path of the first key of in (in sorted order) that
// out lacks while its value in is not zero, or "".
func unknownKey(path string, in, out any) string {
	switch in := in.(type) {
	case map[string]any:
		o, _ := out.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(in)) {
			sub := strings.TrimPrefix(path+"."+k, ".")
			v, ok := o[k]
			if !ok && !zeroJSON(in[k]) {
				return sub
			}
			if ok {
				if key := unknownKey(sub, in[k], v); key != "" {
					return key
				}
			}
		}
	case []any:
		o, _ := out.([]any)
		for i := range min(len(in), len(o)) {
			if key := unknownKey(fmt.Sprintf("%s[%d]", path, i), in[i], o[i]); key != "" {
				return key
			}
		}
	}
	return ""
}

// zeroJSON reports whether v decodes to a zero value: null, false, 0, "",
// [] or {}.
func zeroJSON(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case float64:
		return v == 0
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// hours formats d in hours to at most two decimals, as "12h" or "79.43h".
func hours(d time.Duration) string {
	return strconv.FormatFloat(math.Round(d.Hours()*100)/100, 'f', -1, 64) + "h"
}
