package hypercare

import (
	"fmt"
	"strings"
)

// nestedError puts a package error under more context while keeping it
// reachable with errors.Is and errors.As, and says "hypercare:" once.
type nestedError struct {
	msg string
	err error
}

func (e *nestedError) Error() string { return e.msg }

func (e *nestedError) Unwrap() error { return e.err }

// nest returns err under the context the format gives, as in
// nest(err, "hypercare: scenario %q", name): "hypercare: scenario "x": ...".
func nest(err error, format string, args ...any) error {
	return &nestedError{fmt.Sprintf(format, args...) + ": " + strings.TrimPrefix(err.Error(), "hypercare: "), err}
}
