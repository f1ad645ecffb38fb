package hypercare

import (
	"fmt"
	"strings"
)

// This file gives every typed-int enum of the package the same text form: a
// lower-case name, an invalid zero value, and String, Valid, MarshalText and
// UnmarshalText built on the four helpers below.

// enumString, validEnum, marshalEnum and unmarshalEnum give every typed-int
// enum of the package the same text form: a lower-case name.
func enumString(typ string, v int, names []string) string {
	if validEnum(v, names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

func validEnum(v int, names []string) bool { return v >= 1 && v < len(names) }

func marshalEnum(what string, v int, names []string) ([]byte, error) {
	if !validEnum(v, names) {
		return nil, invalidf("hypercare: invalid %s %d", what, v)
	}
	return []byte(names[v]), nil
}

func unmarshalEnum(what string, b []byte, names []string, dst *int) error {
	s := strings.ToLower(string(b))
	for i := 1; i < len(names); i++ {
		if names[i] == s {
			*dst = i
			return nil
		}
	}
	return invalidf("hypercare: unknown %s %q (want one of %s)", what, b, strings.Join(names[1:], ", "))
}
