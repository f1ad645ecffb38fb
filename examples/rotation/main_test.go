package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hypercare-go/hypercare"
)

// wantSlots are the bundled team's slots, worked out by hand from
// team.json. Go-live Mon 2026-10-19 08:00 in Berlin. Week 1 runs around the
// clock with handoffs at 08:00 and 20:00: 14 shifts of 12 h, except the
// night of Sat 10-24, which contains the fall-back change of Sun 10-25
// (03:00 CEST becomes 02:00 CET) and lasts 13 h. Week 2 (from Mon 10-26
// 08:00) is covered on weekdays 08:00-18:00 (five 10 h day shifts); the
// rest is on call, cut at the 08:00 handoff: four 14 h weeknights, the 14 h
// Friday night, then Sat 08:00-Sun 08:00 and Sun 08:00-Mon 08:00 (24 h
// each, the phase ends Mon 11-02 08:00).
//
// Seats: 14 × 2 + 5 × 2 + 7 × 1 = 45. Time to staff: week 1 (13 × 12 + 13)
// × 2 = 338 h, week 2 days 5 × 10 × 2 = 100 h, on call 5 × 14 + 2 × 24 =
// 118 h: 556 h. With 7 people, L* is at least 556/7 = 79.43 h (skills and
// time off do not raise it here: the four people with "sap" can hold the
// 118 h on call and more).
var wantSlots = []string{
	"Mon 10-19 08:00 - Mon 20:00  12h  week 1",
	"Mon 10-19 20:00 - Tue 08:00  12h  week 1",
	"Tue 10-20 08:00 - Tue 20:00  12h  week 1",
	"Tue 10-20 20:00 - Wed 08:00  12h  week 1",
	"Wed 10-21 08:00 - Wed 20:00  12h  week 1",
	"Wed 10-21 20:00 - Thu 08:00  12h  week 1",
	"Thu 10-22 08:00 - Thu 20:00  12h  week 1",
	"Thu 10-22 20:00 - Fri 08:00  12h  week 1",
	"Fri 10-23 08:00 - Fri 20:00  12h  week 1",
	"Fri 10-23 20:00 - Sat 08:00  12h  week 1",
	"Sat 10-24 08:00 - Sat 20:00  12h  week 1",
	"Sat 10-24 20:00 - Sun 08:00  13h  week 1",
	"Sun 10-25 08:00 - Sun 20:00  12h  week 1",
	"Sun 10-25 20:00 - Mon 08:00  12h  week 1",
	"Mon 10-26 08:00 - Mon 18:00  10h  week 2",
	"Mon 10-26 18:00 - Tue 08:00  14h  week 2 on-call",
	"Tue 10-27 08:00 - Tue 18:00  10h  week 2",
	"Tue 10-27 18:00 - Wed 08:00  14h  week 2 on-call",
	"Wed 10-28 08:00 - Wed 18:00  10h  week 2",
	"Wed 10-28 18:00 - Thu 08:00  14h  week 2 on-call",
	"Thu 10-29 08:00 - Thu 18:00  10h  week 2",
	"Thu 10-29 18:00 - Fri 08:00  14h  week 2 on-call",
	"Fri 10-30 08:00 - Fri 18:00  10h  week 2",
	"Fri 10-30 18:00 - Sat 08:00  14h  week 2 on-call",
	"Sat 10-31 08:00 - Sun 08:00  24h  week 2 on-call",
	"Sun 11-01 08:00 - Mon 08:00  24h  week 2 on-call",
}

var (
	shiftLine = regexp.MustCompile(`^  (\w{3} \d\d-\d\d \d\d:\d\d - \w{3} \d\d:\d\d)  (\d+)h +(week 2 on-call|week 1|week 2) +(\S.*)$`)
	loadLine  = regexp.MustCompile(`^  (\w+) +(project|steady-state) +(\d+) +(\d+)h +(\d+)h +(\d+)h +(\d+)h$`)
)

// The bundled team planned: the slots as worked out by hand, every seat
// filled by someone allowed on it, loads that add up to what the printed
// shifts say, and fairness figures that follow from those loads.
func TestRunBundledTeam(t *testing.T) {
	out, ics := runBundled(t, filepath.Join(t.TempDir(), "rota.ics"))
	var f teamFile
	if err := json.Unmarshal(bundledTeam, &f); err != nil {
		t.Fatal(err)
	}
	team := map[string]hypercare.Person{}
	for _, p := range f.Engagement.People {
		team[string(p.ID)] = p
	}

	lines := strings.Split(out, "\n")
	if want := "7 people, 26 slots, 45 seats, 556h to staff"; lines[1] != want {
		t.Errorf("header %q, want %q", lines[1], want)
	}
	var slots []string
	total := map[string]int{}  // hours per person, from the shift lines
	shifts := map[string]int{} // shifts per person
	onCall := map[string]int{} // on-call hours per person
	var loads []string         // people in the order of the load table
	got := map[string][5]int{} // shifts, total, sleep, weekend, on call
	for _, line := range lines {
		if m := shiftLine.FindStringSubmatch(line); m != nil {
			h, _ := strconv.Atoi(m[2])
			slots = append(slots, fmt.Sprintf("%s  %dh  %s", m[1], h, m[3]))
			people := strings.Split(m[4], ", ")
			seats := 2
			if m[3] == "week 2 on-call" {
				seats = 1
			}
			if len(people) != seats || people[0] == people[len(people)-1] && seats == 2 {
				t.Errorf("%q: want %d different people", line, seats)
			}
			teams := map[hypercare.Team]bool{}
			for _, p := range people {
				person, ok := team[p]
				if !ok {
					t.Fatalf("%q: unknown person %q", line, p)
				}
				teams[person.Team] = true
				total[p] += h
				shifts[p]++
				if seats == 1 {
					onCall[p] += h
					if !person.HasSkill("sap") {
						t.Errorf("%q: %s is on call without the sap skill", line, p)
					}
				}
			}
			if m[3] == "week 2" && len(teams) != 2 {
				t.Errorf("%q: want a project and a steady-state member (pairing)", line)
			}
		}
		if m := loadLine.FindStringSubmatch(line); m != nil {
			var v [5]int
			for i := range 5 {
				v[i], _ = strconv.Atoi(m[3+i])
			}
			got[m[1]] = v
			loads = append(loads, m[1])
			if team[m[1]].Team.String() != m[2] {
				t.Errorf("%q: team of %s is %s", line, m[1], team[m[1]].Team)
			}
		}
	}
	if diff := cmp.Diff(wantSlots, slots); diff != "" {
		t.Errorf("shifts (-want +got):\n%s\n%s", diff, out)
	}
	if want := []string{"ana", "ben", "cem", "dia", "eli", "fay", "gus"}; !slices.Equal(loads, want) {
		t.Fatalf("load table lists %q, want %q\n%s", loads, want, out)
	}
	sum, most, least := 0, 0, math.MaxInt
	var totals []float64
	for _, p := range loads {
		v := got[p]
		if v[0] != shifts[p] || v[1] != total[p] || v[4] != onCall[p] {
			t.Errorf("%s: load table says %d shifts, %dh, %dh on call; the shifts say %d, %dh, %dh",
				p, v[0], v[1], v[4], shifts[p], total[p], onCall[p])
		}
		if v[2] > v[1] || v[3] > v[1] {
			t.Errorf("%s: sleep %dh or weekend %dh above the total %dh", p, v[2], v[3], v[1])
		}
		sum += v[1]
		most, least = max(most, v[1]), min(least, v[1])
		totals = append(totals, float64(v[1]))
	}
	if sum != 556 {
		t.Errorf("loads add up to %dh, want 556h", sum)
	}
	// Fairness from the printed loads: L* = 556/7 h, Gini = ΣΣ|xi−xj| / (2n²μ).
	bound := 556.0 / 7
	var diffs float64
	for _, a := range totals {
		for _, b := range totals {
			diffs += math.Abs(a - b)
		}
	}
	gini := diffs / (2 * 49 * (556.0 / 7))
	for _, want := range []string{
		"Fairness against L* = 79.43h (a lower bound: no roster can give its busiest person less):",
		fmt.Sprintf("  largest load %dh = %.2f × L*, smallest %dh, range %dh (", most, float64(most)/bound, least, most-least),
		fmt.Sprintf("Gini %.3f\n", gini),
		"  every rule kept (Validate finds nothing)\n",
		// No skill of a slot has two holders or fewer ("sap": ana, ben, dia,
		// eli) and nobody is at work a quarter of the fortnight (at most
		// 86h of 336h), so the bundled rota has no warnings.
		"Warnings (the roster keeps the rules, but):\n  none\n",
		// The what-if: 14 shifts of 12h (one of 13h across fall-back) for
		// 3 people over 169h: someone takes 5 shifts, at least 60h = 36%,
		// and 169h / (25% × 169h) = 4 people. Seven nights for three
		// people cannot be even: someone has a night (10 sleep hours at
		// least) more than someone else.
		"work-share: ana, ben, cem: at work up to 36% of the horizon, above the sustainable 25%; 4 people would bring the average to it (the rota has 3)\n",
		"night-imbalance: every roster under the rules gives someone at least 10h0m0s more sleep-hour time than someone else (all rosters tried)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// The iCalendar file: one event per shift, stamped as asked, in Berlin
	// time; the fall-back night keeps its wall-clock handoffs.
	if n := strings.Count(ics, "BEGIN:VEVENT\r\n"); n != 26 {
		t.Errorf("%d events in the iCalendar file, want 26", n)
	}
	for _, want := range []string{
		"X-WR-CALNAME:ERP go-live rota\r\n",
		"DTSTAMP:20261001T090000Z\r\n",
		"DTSTART;TZID=Europe/Berlin:20261024T200000\r\nDTEND;TZID=Europe/Berlin:20261025T080000\r\n",
		"DTSTART;TZID=Europe/Berlin:20261031T080000\r\nDTEND;TZID=Europe/Berlin:20261101T080000\r\n",
		"CATEGORIES:on-call\r\n",
	} {
		if !strings.Contains(ics, want) {
			t.Errorf("the iCalendar file lacks %q", want)
		}
	}
}

// The same file gives the same output and the same iCalendar file.
func TestRunDeterministic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rota.ics")
	out1, ics1 := runBundled(t, path)
	out2, ics2 := runBundled(t, path)
	if out1 != out2 {
		t.Errorf("output differs between runs (-first +second):\n%s", cmp.Diff(out1, out2))
	}
	if ics1 != ics2 {
		t.Errorf("iCalendar file differs between runs (-first +second):\n%s", cmp.Diff(ics1, ics2))
	}
}

// A broken team file is an error naming what is wrong, and no file is
// written.
func TestRunErrors(t *testing.T) {
	for _, c := range []struct {
		name, from, to, want string
	}{
		{"bad JSON", `"engagement": {`, `"engagement": [`, "team file my-team.json: line 3: invalid character ':' after array element"},
		{"unknown phase", `{"phase": "week 2",`, `{"phase": "week 3",`, `team file my-team.json: hypercare: engagement "erp": phase shifts "week 3": no phase of that name`},
		{"nobody with the skill", `"on_call_skills": ["sap"]`, `"on_call_skills": ["abap"]`, "team file my-team.json: hypercare: rota: "},
		{"bad rule", `"min_rest": "11h"`, `"min_rest": "11 hours"`, `team file my-team.json: `},
		{"unknown top-level key", `"rules": {`, `"rulez": {"x": 1}, "rules": {`, `team file my-team.json: unknown key "rulez"`},
		{"unknown key in a person", `"skills": ["sap", "db"]`, `"skils": ["sap", "db"]`, `team file my-team.json: unknown key "engagement.people[0].skils"`},
		{"unknown key in the rules", `"max_consecutive_days": 5`, `"max_consecutive_day": 5`, `team file my-team.json: unknown key "rules.max_consecutive_day"`},
		{"unknown key in a shift", `"seats": 2, "pair": true`, `"seats": 2, "paired": true`, `team file my-team.json: unknown key "shifts[1].paired"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := strings.Replace(string(bundledTeam), c.from, c.to, 1)
			if data == string(bundledTeam) {
				t.Fatalf("%q is not in team.json", c.from)
			}
			path := filepath.Join(t.TempDir(), "rota.ics")
			var out bytes.Buffer
			err := run(&out, "my-team.json", []byte(data), path, time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want one containing %q", err, c.want)
			}
			if _, err := os.Stat(path); !os.IsNotExist(err) {
				t.Errorf("the iCalendar file was written: %v", err)
			}
		})
	}
}

// runBundled runs the program on the bundled team.json, writing the
// iCalendar file to path, and returns what it printed and that file.
func runBundled(t *testing.T, path string) (out, ics string) {
	t.Helper()
	var b bytes.Buffer
	if err := run(&b, "team.json", bundledTeam, path, time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if last := "Wrote 26 shifts to " + path + "\n"; !strings.HasSuffix(b.String(), last) {
		t.Errorf("output does not end with %q:\n%s", last, b.String())
	}
	return b.String(), string(data)
}
