package quickstart

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/quickstart.golden from the program's output")

// The walk's output is the README's main job: it must not change by accident.
// After an intended change, run go test ./internal/quickstart -update and
// read the diff before committing it.
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), options{store: t.TempDir()}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "quickstart.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(out.String(), "\n")); diff != "" {
		t.Errorf("quickstart output changed (-want +got):\n%s", diff)
	}
}

// The story the walk tells, checked against the scenario's design rather
// than against the golden file.
func TestStory(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), options{store: t.TempDir()}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if rows := len(dayRow.FindAllString(text, -1)); rows != days {
		t.Errorf("the progress table has %d day rows, want %d", rows, days)
	}
	for _, want := range []string{
		"ready for sponsor sign-off",              // the criteria hold before the planned end...
		"READY",                                   // ...and the sponsor signs off
		"hero-culture: ben",                       // Ben grabbed issues off shift
		"active-user rate for team Finance",       // Finance lags
		"nobody in team Sales has used Forecasts", // a feature nobody touches
		"Day 26 of 28",                            // the daily status is on the ready day
		// What a sponsor needs to read the numbers right:
		"exit forecast, if nothing new happens",              // a forecast says it is one
		"It is not a slipping plan.",                         // why it moves both ways
		"  3  more issues resolved by the steady-state team", // the action, named
		"met: one mark per exit criterion",                   // the marks decoded
		"sleep h  weekend h  on-call h  on-call %",           // units on the rota table
		"L* = 111 h is the lower bound",                      // L* explained
		"still holding, flagged 2026-03-23 team Finance",     // a persisting flag stays on the page
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// A row of the progress table never says a bare "needs action": it names
// the criterion to act on, and the action is listed under the table.
func TestNoBareNeedsAction(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), options{store: t.TempDir()}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasSuffix(line, "needs action") {
			t.Errorf("a line ends in a bare needs action: %q", line)
		}
	}
}

// The progress table and the daily status count the days of hypercare
// alike: the status's "Day N" is the table's row N for the same date (the
// go-live date is day 1, as a sponsor counts and as Report.Day does).
func TestDayNumbersAgree(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), options{store: t.TempDir()}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	status := regexp.MustCompile(`(?m)^Daily status: .*, \w{3} \d{4}-(\d\d-\d\d) .*\n=+\nDay (\d+) of`).FindStringSubmatch(text)
	if status == nil {
		t.Fatalf("no daily status with its day in:\n%s", text)
	}
	row := regexp.MustCompile(`(?m)^ *(\d+)  \w{3} ` + status[1] + ` `).FindStringSubmatch(text)
	if row == nil {
		t.Fatalf("no progress row for %s", status[1])
	}
	if row[1] != status[2] {
		t.Errorf("%s is day %s in the progress table but Day %s in the daily status", status[1], row[1], status[2])
	}
	if first := dayRow.FindString(text); !strings.HasPrefix(strings.TrimSpace(first), "1  ") {
		t.Errorf("the progress table starts with %q, want day 1 (the go-live date)", first)
	}
}

// dayRow is a row of the progress table: day number, then weekday and date.
var dayRow = regexp.MustCompile(`(?m)^ *\d+  (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d-\d\d `)

// A second run into the same store refuses rather than mixing two runs.
func TestRefusesAUsedStore(t *testing.T) {
	dir := t.TempDir()
	if err := run(context.Background(), options{store: dir}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), options{store: dir}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "give -store an empty directory") {
		t.Errorf("second run into %s: error %v, want one asking for an empty directory", dir, err)
	}
}

// With -html the walk writes the daily page and the weekly page beside it,
// says where on the log, and prints the same walk.
func TestHTMLPages(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "status.html")
	var out, log bytes.Buffer
	if err := run(context.Background(), options{store: filepath.Join(dir, "store"), html: page}, &out, &log); err != nil {
		t.Fatal(err)
	}
	weekly := filepath.Join(dir, "status-weekly.html")
	for file, title := range map[string]string{page: "<h1>Daily status: Acme CRM go-live", weekly: "<h1>Weekly status: Acme CRM go-live"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "<!DOCTYPE html>") || !strings.Contains(string(b), title) {
			t.Errorf("%s is not the page titled %q: %.200s", file, title, b)
		}
		if !strings.Contains(log.String(), file) {
			t.Errorf("the log does not say where %s went:\n%s", file, log.String())
		}
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "quickstart.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(golden) {
		t.Error("with -html the walk's output differs from the golden file")
	}
}

func TestWeeklyFile(t *testing.T) {
	for _, tc := range []struct{ daily, weekly string }{
		{daily: "status.html", weekly: "status-weekly.html"},
		{daily: "out/day.htm", weekly: "out/day-weekly.htm"},
		{daily: "status", weekly: "status-weekly"},
	} {
		if got := weeklyFile(tc.daily); got != tc.weekly {
			t.Errorf("weeklyFile(%q) = %q, want %q", tc.daily, got, tc.weekly)
		}
	}
}
