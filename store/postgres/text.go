package postgres

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/hypercare-go/hypercare"
)

// escapeRune marks an escaped byte in a text column: U+FFFF, a noncharacter
// that text written by people does not contain, followed by the byte in two
// hex digits. It escapes itself, so the mapping is one to one.
const escapeRune = '\uFFFF'

// toText returns s as a text column keeps it: s itself unless it holds a NUL
// byte, invalid UTF-8 or escapeRune, which PostgreSQL's text cannot keep (or
// which would be ambiguous); those bytes are escaped.
func toText(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 0 || r == escapeRune || r == utf8.RuneError && n <= 1 {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 0 || r == escapeRune || r == utf8.RuneError && n <= 1 {
			for _, c := range []byte(s[i : i+n]) {
				b.WriteRune(escapeRune)
				b.WriteString(hex.EncodeToString([]byte{c}))
			}
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// fromText undoes toText.
func fromText(s string) string {
	const mark = string(escapeRune)
	if !strings.Contains(s, mark) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, mark)
		if i < 0 || len(s) < i+len(mark)+2 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		c, err := hex.DecodeString(s[i+len(mark) : i+len(mark)+2])
		if err != nil { // not written by toText: keep it as it is
			b.WriteString(s[i : i+len(mark)])
			s = s[i+len(mark):]
			continue
		}
		b.Write(c)
		s = s[i+len(mark)+2:]
	}
}

// enumNames maps an enum's text names to its values, for decoding rows.
type enumNames[E ~int] map[string]E

func namesOf[E interface {
	~int
	Valid() bool
	String() string
}]() enumNames[E] {
	m := enumNames[E]{}
	for i := 1; i < 64; i++ {
		if e := E(i); e.Valid() {
			m[e.String()] = e
		}
	}
	return m
}

var (
	eventTypes  = namesOf[hypercare.EventType]()
	kinds       = namesOf[hypercare.Kind]()
	teams       = namesOf[hypercare.Team]()
	metricKinds = namesOf[hypercare.MetricKind]()
)

// name returns e's name, or nil for the zero value (a NULL column).
func name[E interface {
	~int
	String() string
}](e E) *string {
	if e == 0 {
		return nil
	}
	s := e.String()
	return &s
}
