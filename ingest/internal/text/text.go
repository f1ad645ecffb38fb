// Package text cleans the free text a helpdesk sends (titles, summaries)
// before it is stored and reaches a report.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean returns s with invalid UTF-8 replaced by U+FFFD, line breaks and
// tabs turned into spaces, every other control character (C0, DEL, C1)
// dropped, runs of spaces folded into one and the ends trimmed.
func Clean(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == ' ' || r == '\v' || r == '\f':
			space = b.Len() > 0
			continue
		case unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r) // utf8.RuneError for invalid UTF-8
	}
	return b.String()
}

// HasControl reports whether s holds a control character or invalid UTF-8:
// such a value cannot be an identifier.
func HasControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}
