package hypercare

import (
	"errors"
	"testing"
)

// IDs go into reports, logs and file names: a line break or a control
// character in one would forge a line or a terminal escape. Each error names
// the field and wraps ErrInvalid.
func TestIDsRejectControlCharacters(t *testing.T) {
	t0 := berlinWall("2026-06-01 10:00")
	eng := func(id EngagementID, person PersonID) Engagement {
		return Engagement{ID: id, Location: berlinZone, GoLive: t0, PlannedEnd: t0.AddDate(0, 0, 14),
			People: []Person{{ID: person, Team: Project}}}
	}
	for _, tc := range []struct {
		name string
		err  error
		want string // "" for valid
	}{
		{"a plain issue ID", IssueID("INC-7").Validate(), ""},
		{"an empty issue ID", IssueID("").Validate(), "hypercare: empty issue ID"},
		{"a newline in an issue ID", IssueID("INC-1\nINC-2").Validate(),
			`hypercare: issue ID "INC-1\nINC-2": line break or control character U+000A at byte 5`},
		{"a tab in a person ID", PersonID("ana\t").Validate(),
			`hypercare: person ID "ana\t": line break or control character U+0009 at byte 3`},
		{"an escape in an engagement ID", EngagementID("erp\x1b").Validate(),
			`hypercare: engagement ID "erp\x1b": line break or control character U+001B at byte 3`},
		{"a valid engagement", eng("erp", "ana").Validate(), ""},
		{"an engagement ID with a line break", eng("erp\n2", "ana").Validate(),
			`hypercare: engagement ID "erp\n2": line break or control character U+000A at byte 3`},
		{"a person ID with a line separator", eng("erp", "ana\u2028").Validate(),
			`hypercare: engagement "erp": person ID "ana\u2028": line break or control character U+2028 at byte 3`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" {
				if tc.err != nil {
					t.Errorf("error %v, want nil", tc.err)
				}
				return
			}
			if tc.err == nil || tc.err.Error() != tc.want || !errors.Is(tc.err, ErrInvalid) {
				t.Errorf("error %v\nwant %s, wrapping ErrInvalid", tc.err, tc.want)
			}
		})
	}
}
