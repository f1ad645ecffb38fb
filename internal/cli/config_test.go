package cli

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseTime(t *testing.T) {
	lordHowe := mustLoad("Australia/Lord_Howe") // DST moves the clocks by 30 minutes
	for _, tc := range []struct {
		name string
		in   string
		loc  *time.Location
		want time.Time // zero when err is set
		err  string
	}{
		{name: "RFC 3339", in: "2026-03-09T08:00:00+01:00", loc: berlin, want: at(9, 8, 0)},
		{name: "RFC 3339 in another offset", in: "2026-03-09T07:00:00Z", loc: berlin, want: at(9, 8, 0)},
		{name: "local winter", in: "2026-03-09 08:00", loc: berlin, want: at(9, 8, 0)},
		{name: "local summer", in: "2026-07-01 08:00", loc: berlin, want: time.Date(2026, 7, 1, 6, 0, 0, 0, time.UTC)},
		{name: "just before the gap", in: "2026-03-29 01:59", loc: berlin, want: time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC)},
		{name: "in the gap", in: "2026-03-29 02:30", loc: berlin, err: `time "2026-03-29 02:30" does not exist in Europe/Berlin`},
		{name: "just after the gap", in: "2026-03-29 03:00", loc: berlin, want: time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)},
		{name: "twice", in: "2026-10-25 02:30", loc: berlin,
			err: `time "2026-10-25 02:30" happens twice in Europe/Berlin (the clocks go back): give it in RFC 3339 with its offset, 2026-10-25T02:30:00+02:00 or 2026-10-25T02:30:00+01:00`},
		{name: "after the fall-back hour", in: "2026-10-25 03:00", loc: berlin, want: time.Date(2026, 10, 25, 2, 0, 0, 0, time.UTC)},
		{name: "half-hour gap", in: "2026-10-04 02:15", loc: lordHowe, err: `does not exist in Australia/Lord_Howe`},
		{name: "half-hour fold", in: "2026-04-05 01:45", loc: lordHowe, err: `happens twice in Australia/Lord_Howe`},
		{name: "UTC", in: "2026-03-29 02:30", loc: time.UTC, want: time.Date(2026, 3, 29, 2, 30, 0, 0, time.UTC)},
		{name: "date only", in: "2026-03-09", loc: berlin, err: `bad time "2026-03-09"`},
		{name: "seconds", in: "2026-03-09 08:00:00", loc: berlin, err: `bad time "2026-03-09 08:00:00"`},
		{name: "no such day", in: "2026-02-30 08:00", loc: berlin, err: `bad time "2026-02-30 08:00"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseTime(tc.in, tc.loc)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("parseTime(%q) = %s, %v; want an error containing %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) {
				t.Fatalf("parseTime(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
			}
			if got.Location() != tc.loc {
				t.Errorf("parseTime(%q) is in %s, want %s", tc.in, got.Location(), tc.loc)
			}
		})
	}
}

func TestTimeFlag(t *testing.T) {
	now := time.Date(2026, 3, 10, 11, 0, 0, 0, time.UTC) // 12:00 in Berlin
	for _, tc := range []struct {
		name string
		args []string
		want time.Time // zero when err is set
		err  string
	}{
		{name: "not given: now", args: nil, want: at(10, 12, 0)},
		{name: "local time", args: []string{"-at", "2026-03-09 08:00"}, want: at(9, 8, 0)},
		{name: "RFC 3339", args: []string{"-at=2026-03-09T07:00:00Z"}, want: at(9, 8, 0)},
		{name: "given empty", args: []string{"-at", ""}, err: `invalid value "" for flag -at: empty TIME`},
		{name: "given empty with =", args: []string{"-at="}, err: `invalid value "" for flag -at: empty TIME`},
		{name: "bad time names the flag", args: []string{"-at", "noon"}, err: `-at: bad time "noon"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			f := timeFlag{name: "at"}
			fs.Var(&f, "at", "")
			err := fs.Parse(tc.args)
			var got time.Time
			if err == nil {
				got, err = f.at(now, berlin)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("-at from %q = %s, %v; want an error containing %q", tc.args, got, err, tc.err)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) || got.Location() != berlin {
				t.Fatalf("-at from %q = %s, %v; want %s in Berlin", tc.args, got, err, tc.want)
			}
		})
	}
}

func TestStripComments(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{name: "none", in: "{\n  \"a\": 1\n}\n", want: "{\n  \"a\": 1\n}\n"},
		{name: "full lines, indented", in: "// top\n{\n\t  // inner\n  \"a\": 1\n}", want: "      \n{\n" + strings.Repeat(" ", len("\t  // inner")) + "\n  \"a\": 1\n}"},
		{name: "CRLF kept", in: "// x\r\n{}\r\n", want: "    \r\n{}\r\n"},
		{name: "// inside a string stays", in: "{\"url\": \"http://example.com\"}", want: "{\"url\": \"http://example.com\"}"},
		{name: "a comment after a value stays, and is a syntax error", in: "{\"a\": 1 // one\n}", want: "{\"a\": 1 // one\n}"},
		{name: "last line without newline", in: "{}\n// end", want: "{}\n      "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, string(stripComments([]byte(tc.in)))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// lateLocationConfig has the engagement's location as its last key, where
// "hypercare init" writes it, so a search that blames the last key the
// engagement needs is caught out. Its line numbers are known.
const lateLocationConfig = `{
  "store": "store",
  "business": {"location": "Europe/Berlin", "spec": "Mon-Fri 09:00-17:00"},
  "engagement": {
    "id": "late",
    "go_live": "2026-03-09T08:00:00+01:00",
    "planned_end": "2026-03-23T08:00:00+01:00",
    "policy": {"name": "default", "targets": [
      {"severity": "Sev1", "metric": "resolution", "within": "4h"},
      {"severity": "Sev2", "metric": "resolution", "within": "16h"}
    ]},
    "phases": [
      {"name": "week 1", "start": 0, "days": 7, "staff": [{"role": "lead", "per_day": "8h"}]},
      {"name": "week 2", "start": 7, "days": 7}
    ],
    "exit": {"criteria": [{"kind": "takeover", "days": 7, "min_share": "0.8", "min_resolved": 5}]},
    "location": "Europe/Berlin"
  },
  "rates": {"currency": "EUR", "hourly": {"lead": "120"}},
  "roster": "main"
}
`

// TestConfigErrorPlace checks that a config error names the line and key
// of the value that is bad, wherever it is, and not the last key the
// engagement needs (its location).
func TestConfigErrorPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hypercare.json")
	if err := os.WriteFile(path, []byte(lateLocationConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(path); err != nil {
		t.Fatalf("the unedited config: %v", err)
	}
	for _, tc := range []struct {
		name     string
		old, new string // the edit to lateLocationConfig
		want     string // the start of the error, after the file name
	}{
		{name: "bad time in an early key", old: `"go_live": "2026-03-09T08:00:00+01:00"`, new: `"go_live": "2026-03-09 08:00"`,
			want: `:6: engagement.go_live: "2026-03-09 08:00" is not an RFC 3339 time string`},
		{name: "unknown severity name", old: `"Sev2"`, new: `"P2"`,
			want: `:10: engagement.policy.targets[1].severity: unknown severity "P2"`},
		{name: "duration that does not parse", old: `"within": "4h"`, new: `"within": "4 hours"`,
			want: `:9: engagement.policy.targets[0].within: duration "4 hours"`},
		{name: "planned end before go-live", old: `"planned_end": "2026-03-23T08:00:00+01:00"`, new: `"planned_end": "2026-03-01T08:00:00+01:00"`,
			want: `:7: engagement.planned_end: engagement "late": planned end 2026-03-01T08:00:00+01:00 is not after go-live`},
		{name: "negative target duration", old: `"within": "4h"`, new: `"within": "-4h"`,
			want: `:9: engagement.policy.targets[0].within: engagement "late": policy "default": target 0 (Sev1 resolution): duration -4h0m0s is not positive`},
		{name: "negative staffing hours", old: `"per_day": "8h"`, new: `"per_day": "-8h"`,
			want: `:13: engagement.phases[0].staff[0].per_day: engagement "late": phase 0 ("week 1"): staff 0:`},
		{name: "exit share above 1", old: `"min_share": "0.8"`, new: `"min_share": "1.5"`,
			want: `:16: engagement.exit.criteria[0].min_share: engagement "late": exit criterion`},
		{name: "overlapping phases", old: `"start": 7`, new: `"start": 5`,
			want: `:14: engagement.phases[1].start: engagement "late": phase 1 ("week 2") starts on day 5, before the previous phase ends (day 7)`},
		// A bad value equal to its type's zero value looks like a missing
		// one: the error names the engagement, not a value it depends on.
		{name: "zero target duration", old: `"within": "16h"`, new: `"within": "0s"`,
			want: `:4: engagement: engagement "late": policy "default": target 1 (Sev2 resolution): duration 0s is not positive`},
		{name: "phase of zero days", old: `"days": 7}`, new: `"days": 0}`,
			want: `:4: engagement: engagement "late": phase 1 ("week 2"): length 0 days is not positive`},
		{name: "phase ending beyond ten years", old: `"days": 7}`, new: `"days": 4000}`,
			want: `:4: engagement: engagement "late": phase 1 ("week 2") ends more than 3660 days (ten years) after go-live`},
		{name: "bad location itself", old: `"location": "Europe/Berlin"
  }`, new: `"location": "Mars/Olympus"
  }`,
			want: `:17: engagement.location: location "Mars/Olympus"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(lateLocationConfig, tc.old) {
				t.Fatalf("lateLocationConfig lacks %q", tc.old)
			}
			path := filepath.Join(t.TempDir(), "hypercare.json")
			if err := os.WriteFile(path, []byte(strings.Replace(lateLocationConfig, tc.old, tc.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := loadConfig(path)
			if err == nil || !strings.HasPrefix(err.Error(), path+tc.want) {
				t.Errorf("loadConfig: %v\nwant an error starting %q", err, path+tc.want)
			}
		})
	}
}
