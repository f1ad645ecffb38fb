package cli

import (
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
