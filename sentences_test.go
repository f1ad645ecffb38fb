package hypercare

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestSentencesReadAloud holds the sentence generators to hand-written
// sentences over the edge cases a reader trips on: one issue, none, a tie at
// the top, a segment with no name. Every limit says what it counts.
func TestSentencesReadAloud(t *testing.T) {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	from, to := Date{2026, 3, 9}, Date{2026, 3, 14}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"off shift, some", offShiftSentence(29, 40, 2),
			"handled 40 issues, 29 of them while not on shift (maximum 2 issues off shift)"},
		{"off shift, all", offShiftSentence(3, 3, 2),
			"handled 3 issues, all while not on shift (maximum 2 issues off shift)"},
		{"off shift, one issue", offShiftSentence(1, 1, 0),
			"handled 1 issue, while not on shift (none allowed)"},
		{"off shift, limit of one", offShiftSentence(2, 5, 1),
			"handled 5 issues, 2 of them while not on shift (maximum 1 issue off shift)"},
		{"sleep hours, one", sleepHoursSentence(1, 0, defaultSleep),
			"handled 1 issue between 22:00 and 08:00 while not at work on a shift (none allowed)"},
		{"sleep hours, many", sleepHoursSentence(3, 2, defaultSleep),
			"handled 3 issues between 22:00 and 08:00 while not at work on a shift (maximum 2 issues in sleep hours)"},
		{"sleep hours, another nightly window", sleepHoursSentence(3, 2, "Mon-Sun 23:30-06:30"),
			"handled 3 issues between 23:30 and 06:30 while not at work on a shift (maximum 2 issues in sleep hours)"},
		{"sleep hours, a window by day", sleepHoursSentence(3, 2, "Mon-Thu 23:00-07:00; Fri-Sun 00:00-09:00"),
			"handled 3 issues in the sleep window Mon-Thu 23:00-07:00; Fri-Sun 00:00-09:00 while not at work on a shift (maximum 2 issues in sleep hours)"},
		{"sleep hours, two spans a day", sleepHoursSentence(1, 2, "Mon-Sun 23:00-06:00,13:00-14:00"),
			"handled 1 issue in the sleep window Mon-Sun 23:00-06:00,13:00-14:00 while not at work on a shift (maximum 2 issues in sleep hours)"},
		{"burst", burstSentence(9, 8), "handled 9 issues within 12 hours (maximum 8 issues in 12 hours)"},
		{"burst, limit of one", burstSentence(2, 1), "handled 2 issues within 12 hours (maximum 1 issue in 12 hours)"},
		{"streak", streakSentence(6, from, to, 5),
			"handled issues 6 days in a row, 2026-03-09 to 2026-03-14 (maximum 5 days in a row)"},
		{"streak, limit of one", streakSentence(2, from, from.AddDays(1), 1),
			"handled issues 2 days in a row, 2026-03-09 to 2026-03-10 (maximum 1 day in a row)"},
		{"top share", topShareSentence(12, 20, nil, d("0.5")),
			"handled 12 of 20 issues (60%), the most of anyone (maximum 50% of the issues)"},
		{"top share, one issue", topShareSentence(1, 1, nil, d("0.5")),
			"handled 1 of 1 issue (100%), the most of anyone (maximum 50% of the issues)"},
		{"top share, a tie at the top", topShareSentence(6, 12, []PersonID{"bo"}, d("0.4")),
			"handled 6 of 12 issues (50%), as many as bo, the most of anyone (maximum 40% of the issues)"},
		{"Gini", giniSentence(40, 103, nil, 0.4123, 8, d("0.4")),
			"handled the most issues, 40 of 103, and the issues are spread unevenly over 8 people: Gini coefficient 0.41 (maximum 0.4, where 0 is an even spread and 1 all on one person)"},
		{"Gini, a three-way tie", giniSentence(5, 15, []PersonID{"bo", "cy"}, 0.5, 6, d("0.4")),
			"handled the most issues (as many as bo and cy), 5 of 15, and the issues are spread unevenly over 6 people: Gini coefficient 0.50 (maximum 0.4, where 0 is an even spread and 1 all on one person)"},
		{"Gini, one person", giniSentence(3, 3, nil, 0.5, 1, d("0.4")),
			"handled the most issues, 3 of 3, and the issues are spread unevenly over 1 person: Gini coefficient 0.50 (maximum 0.4, where 0 is an even spread and 1 all on one person)"},
		{"a segment with no name is all users", Segment{}.String(), "all users"},
		{"a named segment", Segment{Dimension: "team", Name: "Finance"}.String(), "team Finance"},
		{"plural, zero", plural(0, "issue", "issues"), "0 issues"},
		{"plural, one", plural(1, "issue", "issues"), "1 issue"},
		{"join, none", joinAnd(nil), ""},
		{"join, two", joinAnd([]string{"a", "b"}), "a and b"},
		{"join, three", joinAnd([]string{"a", "b", "c"}), "a, b and c"},
		{"ID list, eleven", idList([]IssueID{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}), "1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 1 more"},
		{"hours", hoursText(97*time.Hour + 30*time.Minute), "97.5 h"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("sentence\n got %q\nwant %q", tc.got, tc.want)
			}
		})
	}
}

// TestHeroSentencesOnATie runs the hero report where two people tie at the
// top (6 issues each of 12, a third handled none): the flag goes to the
// first of them and its sentence names the other.
func TestHeroSentencesOnATie(t *testing.T) {
	start := time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)
	var issues []Issue
	for i := range 12 {
		who := PersonID("ana")
		if i%2 == 1 {
			who = "bo"
		}
		issues = append(issues, handledIssue(t, "INC-"+string(rune('a'+i)), start.AddDate(0, 0, 3*i), who))
	}
	rep, err := Heroes(rotaTeam("ana", "bo", "cy"), Roster{}, issues, HeroRules{MaxTopShare: decimal.RequireFromString("0.4"), MaxGini: decimal.RequireFromString("0.3")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Flags {
		got = append(got, string(f.Person)+" "+f.Reason)
	}
	// Gini of 6, 6, 0: pairs |6−6| + |6−0| + |6−0| = 12, doubled 24, over
	// 2·3²·4 = 72: 0.33.
	want := []string{
		"ana handled 6 of 12 issues (50%), as many as bo, the most of anyone (maximum 40% of the issues)",
		"ana handled the most issues (as many as bo), 6 of 12, and the issues are spread unevenly over 3 people: Gini coefficient 0.33 (maximum 0.3, where 0 is an even spread and 1 all on one person)",
	}
	if len(got) != len(want) {
		t.Fatalf("flags %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("flag %d\n got %q\nwant %q", i, got[i], want[i])
		}
	}
}

// A whole percentage never rounds a count to all or none of it.
func TestPercentOfCount(t *testing.T) {
	for _, tc := range []struct {
		n, of int
		want  string
	}{
		{0, 200, "0%"}, {1, 1000, "<1%"}, {1, 200, "<1%"}, {1, 100, "1%"}, {183, 200, "92%"},
		{199, 200, ">99%"}, {995, 1000, ">99%"}, {99, 100, "99%"}, {200, 200, "100%"},
	} {
		if got := percentOfCount(tc.n, tc.of); got != tc.want {
			t.Errorf("percentOfCount(%d, %d) = %q, want %q", tc.n, tc.of, got, tc.want)
		}
	}
}
