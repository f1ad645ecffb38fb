package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// bin is the command (cmd/hypercare, a few lines around Main), built once
// by TestMain.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hypercare-cmd-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "hypercare")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/hypercare-go/hypercare/cmd/hypercare").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what a run of the binary gave.
type result struct {
	out, err string
	code     int
}

// run runs the built command in dir.
func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("hypercare %s: %v", strings.Join(args, " "), err)
	}
	return result{out.String(), errOut.String(), cmd.ProcessState.ExitCode()}
}

// want fails the test unless r has the exit code and its output and error
// output contain the given strings.
func (r result) want(t *testing.T, code int, inOut, inErr []string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.err)
	}
	for _, s := range inOut {
		if !strings.Contains(r.out, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.out)
		}
	}
	for _, s := range inErr {
		if !strings.Contains(r.err, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.err)
		}
	}
}

var berlin = mustLoad("Europe/Berlin")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a wall time in Berlin in March 2026 (CET, +01:00).
func at(day, hour, minute int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, 0, 0, berlin)
}

// initAcme runs "hypercare init" for a 4-week hypercare of engagement acme
// going live on Mon 2026-03-09 08:00 in Berlin, in a new directory.
func initAcme(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	run(t, dir, "init", "-id", "acme", "-zone", "Europe/Berlin", "-go-live", "2026-03-09 08:00").want(t, 0,
		[]string{`engagement "acme"`, "go-live Mon 2026-03-09 08:00 CET", "planned end Mon 2026-04-06 08:00 CEST"}, nil)
	return dir
}

// withStore opens the store of the config in dir and calls f with it; the
// command must not be running (the store takes a lock).
func withStore(t *testing.T, dir string, f func(s store.Store)) {
	t.Helper()
	s, err := store.OpenFile(filepath.Join(dir, "hypercare-store"))
	if err != nil {
		t.Fatal(err)
	}
	f(s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// issue returns an issue of acme with the given timeline.
func issue(t *testing.T, id, title string, events ...hypercare.Event) hypercare.Issue {
	t.Helper()
	is := hypercare.Issue{ID: hypercare.IssueID(id), Engagement: "acme", Title: title}
	if err := is.Append(events...); err != nil {
		t.Fatal(err)
	}
	return is
}

// addIssues stores a day-0 hypercare: INC-1, Sev1 opened at 10:12 and not
// responded to; INC-2, Sev2 opened at 09:00 and responded to at 09:30;
// INC-3, Sev3 opened at 09:05 and resolved at 11:00. Week 1 runs
// WeekOnePolicy: Sev1 15 min / 4 h, Sev2 1 h / 8 h, both 24x7.
func addIssues(t *testing.T, dir string) {
	t.Helper()
	opened := func(tm time.Time, s hypercare.Severity) hypercare.Event {
		return hypercare.Event{Type: hypercare.EventOpened, At: tm, Severity: s, Kind: hypercare.Defect}
	}
	withStore(t, dir, func(s store.Store) {
		err := s.ImportIssues(context.Background(), []hypercare.Issue{
			issue(t, "INC-1", "Order sync\tis down", opened(at(9, 10, 12), hypercare.Sev1)),
			issue(t, "INC-2", "Quote PDF shows wrong VAT", opened(at(9, 9, 0), hypercare.Sev2),
				hypercare.Event{Type: hypercare.EventResponded, At: at(9, 9, 30), Person: "lead"}),
			issue(t, "INC-3", "Typo on the login page", opened(at(9, 9, 5), hypercare.Sev3),
				hypercare.Event{Type: hypercare.EventResolved, At: at(9, 11, 0), Team: hypercare.Project, Person: "lead"}),
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestInit(t *testing.T) {
	dir := initAcme(t)
	data, err := os.ReadFile(filepath.Join(dir, "hypercare.json"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if !strings.HasPrefix(text, "// hypercare.json: the configuration") {
		t.Errorf("the config does not open with its comment:\n%s", text[:min(200, len(text))])
	}
	// Every comment sits above its key.
	for _, path := range configPaths() {
		key := path[strings.LastIndex(path, ".")+1:]
		if !regexp.MustCompile(`(?m)^\s*// .*\n\s*"` + key + `":`).MatchString(text) {
			t.Errorf("no comment right above key %q", path)
		}
	}
	withStore(t, dir, func(s store.Store) {
		e, err := s.Engagement(context.Background(), "acme")
		if err != nil {
			t.Fatal(err)
		}
		if !e.GoLive.Equal(at(9, 8, 0)) || len(e.Phases) != 3 {
			t.Errorf("stored engagement: go-live %s, %d phases; want %s, 3", e.GoLive, len(e.Phases), at(9, 8, 0))
		}
	})
	run(t, dir, "init", "-id", "acme").want(t, 2, nil, []string{"hypercare.json exists", "-force"})
	if again, _ := os.ReadFile(filepath.Join(dir, "hypercare.json")); !bytes.Equal(again, data) {
		t.Error("init without -force changed the config")
	}
	run(t, dir, "init", "-id", "acme", "-zone", "Europe/Berlin", "-go-live", "2026-03-09 08:00", "-weeks", "6", "-force").want(t, 0,
		[]string{"planned end Mon 2026-04-20 08:00 CEST"}, nil)

	for _, tc := range []struct {
		name string
		args []string
		err  string
	}{
		{name: "unknown zone", args: []string{"-zone", "Mars/Olympus"}, err: `-zone "Mars/Olympus"`},
		{name: "bad calendar", args: []string{"-calendar", "Mon-Fri 9-5"}, err: `-calendar: hypercare: calendar "Mon-Fri 9-5"`},
		{name: "one week", args: []string{"-weeks", "1"}, err: "-weeks 1: want 2 to 522 weeks"},
		{name: "one week past ten years", args: []string{"-weeks", "523"}, err: "-weeks 523: want 2 to 522 weeks"},
		{name: "600 weeks", args: []string{"-weeks", "600"}, err: "-weeks 600: want 2 to 522 weeks"},
		{name: "weeks past year 9999", args: []string{"-weeks", "100000000000"}, err: "-weeks 100000000000: want 2 to 522 weeks"},
		{name: "negative weeks", args: []string{"-weeks", "-3"}, err: "-weeks -3: want 2 to 522 weeks"},
		{name: "go-live in the DST gap", args: []string{"-zone", "Europe/Berlin", "-go-live", "2026-03-29 02:30"},
			err: `time "2026-03-29 02:30" does not exist in Europe/Berlin`},
		{name: "argument", args: []string{"extra"}, err: `unexpected argument "extra"`},
		{name: "go-live given empty", args: []string{"-go-live", ""}, err: `invalid value "" for flag -go-live: empty TIME`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			run(t, dir, append([]string{"init"}, tc.args...)...).want(t, 2, nil, []string{tc.err})
			if _, err := os.Stat(filepath.Join(dir, "hypercare.json")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a failed init left hypercare.json behind (stat: %v)", err)
			}
		})
	}
	// 522 weeks are 3654 days, the most within the ten years a plan may
	// span: from Mon 2026-03-09 that is ten years (3653 days, with the leap
	// days of 2028, 2032 and 2036) and one day.
	run(t, t.TempDir(), "init", "-zone", "Europe/Berlin", "-go-live", "2026-03-09 08:00", "-weeks", "522").want(t, 0,
		[]string{"planned end Mon 2036-03-10 08:00 CET"}, nil)
}

func TestStatus(t *testing.T) {
	dir := initAcme(t)
	addIssues(t, dir)
	run(t, dir, "status", "-at", "2026-03-09 12:00").want(t, 0, []string{
		"Daily status: acme, Mon 2026-03-09 12:00 CET",
		"INC-1", "Order sync", "INC-3", "Typo on the login page",
	}, nil)
	run(t, dir, "status", "-at", "2026-03-09T12:00:00+01:00", "-format", "md").want(t, 0, []string{"# Daily status: acme"}, nil)
	run(t, dir, "status", "-at", "2026-03-16 12:00", "-weekly").want(t, 0, []string{"Weekly status: acme, Mon 2026-03-16 12:00 CET"}, nil)

	r := run(t, dir, "status", "-at", "2026-03-09 12:00", "-format", "json")
	r.want(t, 0, nil, nil)
	var rep hypercare.Report
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("-format json: %v\n%s", err, r.out)
	}
	var ids []hypercare.IssueID
	for _, l := range rep.New {
		ids = append(ids, l.ID)
	}
	if diff := cmp.Diff([]hypercare.IssueID{"INC-1", "INC-2", "INC-3"}, ids); diff != "" {
		t.Errorf("new issues (-want +got):\n%s", diff)
	}
	if !rep.AsOf.Equal(at(9, 12, 0)) || rep.Audience != hypercare.Daily {
		t.Errorf("report as of %s for %s, want %s, daily", rep.AsOf, rep.Audience, at(9, 12, 0))
	}

	// The list grows with the formats (html, say): one entry in formats.
	page := run(t, dir, "status", "-at", "2026-03-09 12:00", "-format", "html")
	if page.code != 0 || !strings.HasPrefix(page.out, "<!DOCTYPE html>") || !strings.Contains(page.out, "<svg") {
		t.Errorf("status -format html: exit %d, want a page with charts; stderr %s", page.code, page.err)
	}
	run(t, dir, "status", "-format", "pdf").want(t, 2, nil, []string{`-format "pdf": want one of ` + strings.Join(formatNames(), ", ")})
	if !slices.Contains(formatNames(), "text") || !slices.Contains(formatNames(), "md") || !slices.Contains(formatNames(), "json") {
		t.Errorf("formats %v lack text, md or json", formatNames())
	}
	run(t, dir, "status", "-at", "2026-03-08 12:00").want(t, 2, nil, []string{"before go-live"})
	run(t, dir, "status", "-at", "2026-10-25 02:30").want(t, 2, nil, []string{`time "2026-10-25 02:30" happens twice in Europe/Berlin`})
	run(t, dir, "status", "-at", "noon").want(t, 2, nil, []string{`-at: bad time "noon"`})
	// An -at given empty is a mistake, not "now" (leaving -at out is now).
	for _, cmd := range []string{"status", "clocks", "exit"} {
		run(t, dir, cmd, "-at", "").want(t, 2, nil, []string{`hypercare ` + cmd + `: invalid value "" for flag -at: empty TIME`})
	}

	// A second holder of the store (a helpdesk bridge, say) locks it: exit 3.
	withStore(t, dir, func(store.Store) {
		run(t, dir, "status", "-at", "2026-03-09 12:00").want(t, 3, nil, []string{"store", "locked"})
	})
}

func TestClocks(t *testing.T) {
	dir := initAcme(t)
	addIssues(t, dir)
	// At 10:30: INC-1's 15-minute first response was due 10:27 (breached,
	// 18 of 15 minutes used: 120%); its 4-hour resolution is due 14:12 (18
	// of 240 minutes: 7%). INC-2 was responded to (met: left out); its
	// 8-hour resolution is due 17:00 (90 of 480 minutes: 18%). INC-3, not
	// resolved until 11:00, runs on business hours (Mon-Fri 09:00-17:00)
	// since 09:05: 4 hours to respond, due 13:05 (85 of 240 minutes: 35%),
	// 20 hours to resolve: 7h55m on Monday, 8h on Tuesday and 4h05m on
	// Wednesday, due Wednesday 13:05 (85 of 1200 minutes: 7%).
	want := "INC-1\tSev1\tfirst-response\tbreached\tyes\t2026-03-09T10:27:00+01:00\t-3m0s\t120\tOrder sync is down\n" +
		"INC-3\tSev3\tfirst-response\trunning\tno\t2026-03-09T13:05:00+01:00\t2h35m0s\t35\tTypo on the login page\n" +
		"INC-1\tSev1\tresolution\trunning\tno\t2026-03-09T14:12:00+01:00\t3h42m0s\t7\tOrder sync is down\n" +
		"INC-2\tSev2\tresolution\trunning\tno\t2026-03-09T17:00:00+01:00\t6h30m0s\t18\tQuote PDF shows wrong VAT\n" +
		"INC-3\tSev3\tresolution\trunning\tno\t2026-03-11T13:05:00+01:00\t18h35m0s\t7\tTypo on the login page\n"
	r := run(t, dir, "clocks", "-at", "2026-03-09 10:30")
	r.want(t, 0, nil, nil)
	if diff := cmp.Diff(want, r.out); diff != "" {
		t.Errorf("clocks (-want +got):\n%s", diff)
	}
	r = run(t, dir, "clocks", "-at", "2026-03-09 10:30", "-at-risk")
	if diff := cmp.Diff(strings.SplitAfter(want, "\n")[0], r.out); diff != "" {
		t.Errorf("clocks -at-risk (-want +got):\n%s", diff)
	}
	// At 13:30 INC-1's resolution has used 198 of 240 minutes (82%): at
	// risk past the 75% warning; INC-2's 270 of 480 (56%) is not; INC-3 is
	// resolved.
	r = run(t, dir, "clocks", "-at", "2026-03-09 13:30", "-at-risk")
	want = "INC-1\tSev1\tfirst-response\tbreached\tyes\t2026-03-09T10:27:00+01:00\t-3h3m0s\t1320\tOrder sync is down\n" +
		"INC-1\tSev1\tresolution\trunning\tyes\t2026-03-09T14:12:00+01:00\t42m0s\t82\tOrder sync is down\n"
	if diff := cmp.Diff(want, r.out); diff != "" {
		t.Errorf("clocks -at-risk at 13:30 (-want +got):\n%s", diff)
	}

	// A severity's name from the config's scheme keeps to its column too.
	editConfig(t, dir, func(c *config) { c.Scheme[0].Name = "Sev\u20281\tcritical" })
	r = run(t, dir, "clocks", "-at", "2026-03-09 10:30", "-at-risk")
	want = "INC-1\tSev 1 critical\tfirst-response\tbreached\tyes\t2026-03-09T10:27:00+01:00\t-3m0s\t120\tOrder sync is down\n"
	if diff := cmp.Diff(want, r.out); diff != "" {
		t.Errorf("clocks -at-risk with a scheme name holding breaks (-want +got):\n%s", diff)
	}
}

// setExit replaces the exit policy in the config of dir.
func setExit(t *testing.T, dir string, p hypercare.ExitPolicy) {
	t.Helper()
	editConfig(t, dir, func(c *config) { c.Engagement.Exit = p })
}

// editConfig loads the config of dir, lets edit change it and writes it
// back.
func editConfig(t *testing.T, dir string, edit func(*config)) {
	t.Helper()
	path := filepath.Join(dir, "hypercare.json")
	c, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	edit(&c)
	c.Store = "hypercare-store"
	data, err := encodeConfig(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExit(t *testing.T) {
	dir := initAcme(t)
	addIssues(t, dir)
	// The default criteria: INC-1 and INC-2 are Sev1/2 opened on day 0, and
	// nobody from the steady-state team has resolved anything.
	run(t, dir, "exit", "-at", "2026-03-20 17:00").want(t, 1, []string{
		"[x] no new Sev1/2 for 3 days",
		"[ ] steady-state takeover at least 0.8 over 7 days",
		"[ ] sponsor sign-off",
	}, nil)

	// Editing the config changes what exit judges: the store follows it.
	setExit(t, dir, hypercare.ExitPolicy{Criteria: []hypercare.Criterion{hypercare.SponsorSignOff{}}})
	run(t, dir, "exit", "-at", "2026-03-20 17:00").want(t, 1, []string{"[ ] sponsor sign-off"}, nil)
	withStore(t, dir, func(s store.Store) {
		so := hypercare.SignOff{Engagement: "acme", By: "sponsor", Role: hypercare.RoleSponsor, At: at(20, 9, 0)}
		if err := s.AddSignOff(context.Background(), so); err != nil {
			t.Fatal(err)
		}
	})
	r := run(t, dir, "exit", "-at", "2026-03-20 17:00")
	r.want(t, 0, []string{"[x] sponsor sign-off"}, nil)
	if strings.Contains(r.out, "[ ]") {
		t.Errorf("ready, yet a criterion is not met:\n%s", r.out)
	}
	// Judged before the sign-off, it was not ready.
	run(t, dir, "exit", "-at", "2026-03-20 08:59").want(t, 1, []string{"[ ] sponsor sign-off"}, nil)
}

func TestRotaPlan(t *testing.T) {
	team, err := filepath.Abs("../../examples/rotation/team.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := run(t, dir, "rota", "plan", team, "-ics", "rota.ics")
	r.want(t, 0, []string{"ERP go-live: 7 people", "L* = ", "× L*", "wrote "}, nil)
	ics, err := os.ReadFile(filepath.Join(dir, "rota.ics"))
	if err != nil {
		t.Fatal(err)
	}
	var shifts int
	if _, err := fmt.Sscanf(r.out[strings.Index(r.out, "wrote "):], "wrote %d shifts", &shifts); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(ics), "BEGIN:VEVENT"); n != shifts || !strings.HasPrefix(string(ics), "BEGIN:VCALENDAR\r\n") {
		t.Errorf("rota.ics has %d events, the output says %d", n, shifts)
	}
	// Each person's load is listed, with the header.
	for _, who := range []string{"person", "ana", "ben", "cem", "dia", "eli", "fay", "gus"} {
		if !regexp.MustCompile(`(?m)^\s*` + who + `\s`).MatchString(r.out) {
			t.Errorf("no load line for %s:\n%s", who, r.out)
		}
	}

	// -save needs the config of the same engagement; then status shows who
	// is on call.
	run(t, dir, "init", "-id", "acme", "-zone", "Europe/Berlin", "-go-live", "2026-10-19 08:00").want(t, 0, nil, nil)
	run(t, dir, "rota", "plan", team, "-save").want(t, 2, nil, []string{`the team file plans engagement "erp"`})
	run(t, dir, "init", "-id", "erp", "-zone", "Europe/Berlin", "-go-live", "2026-10-19 08:00", "-force").want(t, 0, nil, nil)
	run(t, dir, "rota", "plan", "-save", team).want(t, 0, []string{`stored the roster as "hypercare"`}, nil)
	r = run(t, dir, "status", "-at", "2026-10-19 09:00")
	r.want(t, 0, []string{"On call, next 24 hours"}, nil)
	if strings.Contains(r.out, "Nobody on the roster") {
		t.Errorf("the saved roster is not on call:\n%s", r.out)
	}

	run(t, dir, "rota", "plan").want(t, 2, nil, []string{"want: hypercare rota plan TEAM.json"})
	run(t, dir, "rota", "plan", "missing.json").want(t, 2, nil, []string{"missing.json"})
	bad := strings.Replace(mustRead(t, team), `"seats": 2,`, `"seats": 2, "sits": 1,`, 1)
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	line := strings.Count(bad[:strings.Index(bad, `"sits"`)], "\n") + 1
	run(t, dir, "rota", "plan", "bad.json").want(t, 2, nil, []string{fmt.Sprintf(`bad.json:%d: shifts[1].sits: unknown key "sits"`, line)})
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPlan(t *testing.T) {
	dir := initAcme(t)
	r := run(t, dir, "plan", "-ics", "ceremonies.ics")
	r.want(t, 0, []string{
		"acme: go-live Mon 2026-03-09 08:00 CET, planned end Mon 2026-04-06 08:00 CEST",
		"week 1", "week 2", "weeks 3-4", "Stand-up",
		"Staffing cost (EUR):", "Scenarios (EUR):", "planned", "extended by 14 days", "90-day taper",
	}, nil)
	// The scenarios run 28, 42 and 90 days, the planned one costing what
	// the staffing section says.
	c, err := loadConfig(filepath.Join(dir, "hypercare.json"))
	if err != nil {
		t.Fatal(err)
	}
	cost, err := c.Engagement.Cost(c.Rates)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		`(?m)^\s+total\s+` + regexp.QuoteMeta(cost.Total.StringFixed(2)) + `\s*$`,
		`(?m)^\s+planned\s+28\s+` + regexp.QuoteMeta(cost.Total.StringFixed(2)) + `\s+0\.00\s*$`,
		`(?m)^\s+extended by 14 days\s+42\s+\d+\.\d\d\s+\+\d+\.\d\d\s*$`,
		`(?m)^\s+90-day taper\s+90\s+\d+\.\d\d\s+\+\d+\.\d\d\s*$`,
	} {
		if !regexp.MustCompile(line).MatchString(r.out) {
			t.Errorf("no line matching %s:\n%s", line, r.out)
		}
	}
	var n int
	if _, err := fmt.Sscanf(r.out[strings.Index(r.out, "Ceremonies ("):], "Ceremonies (%d)", &n); err != nil {
		t.Fatal(err)
	}
	ics := mustRead(t, filepath.Join(dir, "ceremonies.ics"))
	if got := strings.Count(ics, "BEGIN:VEVENT"); got != n || n == 0 {
		t.Errorf("ceremonies.ics has %d events, the output says %d", got, n)
	}
	if !strings.Contains(r.out, fmt.Sprintf("wrote %d ceremonies to ceremonies.ics", n)) {
		t.Errorf("plan does not say where the calendar went:\n%s", r.out)
	}
	run(t, dir, "plan", "-extend", "-1").want(t, 2, nil, []string{"-extend -1"})
}

func TestHelp(t *testing.T) {
	dir := t.TempDir()
	names := []string{"init", "status", "clocks", "exit", "rota", "plan", "import"}
	r := run(t, dir, "help")
	r.want(t, 0, append(names, "import", "Exit codes"), nil)
	run(t, dir).want(t, 2, nil, []string{"Commands:"})
	run(t, dir, "frobnicate").want(t, 2, nil, []string{`unknown command "frobnicate"`})
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			run(t, dir, name, "-h").want(t, 0, []string{"usage: hypercare " + name, "-config FILE"}, nil)
			run(t, dir, "help", name).want(t, 0, []string{"usage: hypercare " + name}, nil)
			run(t, dir, name, "-no-such-flag").want(t, 2, nil, []string{"flag provided but not defined: -no-such-flag"})
		})
	}
}

// smallConfig is a config written by hand, so its line numbers are known.
const smallConfig = `// A small hypercare.
{
  "store": "store",
  "business": {"location": "Europe/Berlin", "spec": "Mon-Fri 09:00-17:00"},
  "engagement": {
    "id": "small",
    "location": "Europe/Berlin",
    // Go-live and the planned end.
    "go_live": "2026-03-09T08:00:00+01:00",
    "planned_end": "2026-03-23T08:00:00+01:00",
    "policy": {"targets": [
      {"severity": "Sev1", "metric": "resolution", "within": "4h"},
      {"severity": "Sev2", "metric": "resolution", "within": "16h",
       "calendar": {"location": "Europe/Berlin", "spec": "Mon-Fri 09:00-17:00"}}
    ]},
    "phases": [{"name": "all", "start": 0, "days": 14}]
  },
  "rates": {"currency": "EUR", "hourly": {"lead": "120", "triage": "95", "change-manager": "90", "agent": "55"}},
  "roster": "main"
}
`

func TestBadConfig(t *testing.T) {
	good := t.TempDir()
	if err := os.WriteFile(filepath.Join(good, "hypercare.json"), []byte(smallConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, good, "status", "-at", "2026-03-10 09:00").want(t, 0, []string{"Daily status: small"}, nil)

	for _, tc := range []struct {
		name     string
		old, new string // the edit to smallConfig
		every    bool   // edit every occurrence, not just the first
		err      string
	}{
		{name: "syntax error", old: `"id": "small",`, new: `"id": "small"`,
			err: `hypercare.json:7: invalid character '"' after object key:value pair`},
		{name: "unknown top-level key", old: `"roster": "main"`, new: `"roster": "main", "colour": "red"`,
			err: `hypercare.json:19: colour: unknown key "colour"`},
		{name: "unknown key in the engagement", old: `"phases": [{"name": "all",`, new: `"phases": [{"nmae": "all",`,
			err: `hypercare.json:16: engagement.phases[0].nmae: unknown key "nmae"`},
		{name: "unknown key in a calendar", old: `"spec": "Mon-Fri 09:00-17:00"}}`, new: `"spec": "Mon-Fri 09:00-17:00", "tz": 1}}`,
			err: `hypercare.json:14: engagement.policy.targets[1].calendar.tz: unknown key "tz"`},
		{name: "bad time", old: `"2026-03-09T08:00:00+01:00"`, new: `"2026-03-09 08:00"`,
			err: `hypercare.json:9: engagement.go_live: "2026-03-09 08:00" is not an RFC 3339 time string`},
		{name: "bad calendar spec", old: `"Mon-Fri 09:00-17:00"}}`, new: `"Mon-Fry 09:00-17:00"}}`,
			err: `hypercare.json:14: engagement.policy.targets[1].calendar.spec: calendar "Mon-Fry 09:00-17:00": unknown day "Fry"`},
		{name: "two bad specs: the first is named", old: `Mon-Fri`, new: `Mon-Fry`, every: true,
			err: `hypercare.json:4: business.spec: calendar "Mon-Fry 09:00-17:00": unknown day "Fry"`},
		{name: "wrong type", old: `"days": 14`, new: `"days": "14"`,
			err: `hypercare.json:16: engagement.phases[0].days: got a string, want an integer`},
		{name: "unknown severity", old: `"Sev2"`, new: `"P1"`,
			err: `hypercare.json:13: engagement.policy.targets[1].severity: unknown severity "P1"`},
		{name: "invalid engagement", old: `"planned_end": "2026-03-23T08:00:00+01:00"`, new: `"planned_end": "2026-03-01T08:00:00+01:00"`,
			err: `hypercare.json:10: engagement.planned_end: engagement "small": planned end 2026-03-01T08:00:00+01:00 is not after go-live`},
		{name: "negative rate", old: `"agent": "55"`, new: `"agent": "-55"`,
			err: `hypercare.json:18: rates.hourly.agent: rates: rate -55 for role "agent" is negative`},
		{name: "bad currency", old: `"currency": "EUR"`, new: `"currency": "euro"`,
			err: `hypercare.json:18: rates.currency: rates: currency "euro" is not an ISO 4217 code`},
		{name: "no roster name", old: `"roster": "main"`, new: `"roster": ""`,
			err: `hypercare.json:19: roster: missing`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(smallConfig, tc.old) {
				t.Fatalf("smallConfig lacks %q", tc.old)
			}
			dir := t.TempDir()
			n := 1
			if tc.every {
				n = -1
			}
			bad := strings.Replace(smallConfig, tc.old, tc.new, n)
			if err := os.WriteFile(filepath.Join(dir, "hypercare.json"), []byte(bad), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, cmd := range []string{"status", "clocks", "exit", "plan"} {
				run(t, dir, cmd).want(t, 2, nil, []string{"hypercare " + cmd + ": " + tc.err})
			}
		})
	}
	run(t, t.TempDir(), "status").want(t, 2, nil, []string{`hypercare.json: no such file: run "hypercare init"`})
	run(t, good, "status", "-config", "other.json").want(t, 2, nil, []string{`other.json: no such file`})
}

// TestOneLine checks that the clocks' title column cannot break a line:
// every control character (C0, DEL, C1) and the Unicode line and paragraph
// separators become one space each, as the report's renderers treat them.
func TestOneLine(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{name: "plain", in: "Order sync is down", want: "Order sync is down"},
		{name: "tab", in: "a\tb", want: "a b"},
		{name: "LF and CR", in: "a\r\nb", want: "a  b"},
		{name: "vertical tab", in: "a\vb", want: "a b"},
		{name: "form feed", in: "a\fb", want: "a b"},
		{name: "next line U+0085", in: "a\u0085b", want: "a b"},
		{name: "line separator U+2028", in: "a\u2028b", want: "a b"},
		{name: "paragraph separator U+2029", in: "a\u2029b", want: "a b"},
		{name: "escape and DEL", in: "a\x1b[2Jb\x7f", want: "a [2Jb "},
		{name: "C1 CSI U+009B", in: "a\u009bb", want: "a b"},
		{name: "NUL", in: "a\x00b", want: "a b"},
		{name: "letters, no-break space and emoji stay", in: "Café\u00a0Zürich 🚨", want: "Café\u00a0Zürich 🚨"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := oneLine(tc.in); got != tc.want {
				t.Errorf("oneLine(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
