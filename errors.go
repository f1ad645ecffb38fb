// Error policy.
//
// An exported function names itself once: its error reads
// "hypercare: <subject>: <problem>", as in
// `hypercare: calendar "Mon-Fri 9-5": bad time "9"` (the pattern of
// `strconv.ParseInt: parsing "x": invalid syntax`). Unexported helpers return
// bare messages ("bad time \"9\": ..."), and the exported caller adds the
// prefix. Where one exported function needs another's checks, both call an
// unexported core that returns the bare error (Policy.Validate and
// Engagement.Validate both call policy.validate), so the prefix is never said
// twice and no message is cut apart with strings.TrimPrefix. Nesting always
// wraps with %w, so errors.Is and errors.As see through every layer.
//
// Every error caused by the caller's input — a bad calendar spec, date or
// wall time, an unknown enum name or number in JSON, an event its timeline
// rejects, an invalid policy, engagement, rota, series, chart or monitor
// config, an as-of before go-live, and input so large that arithmetic
// overflows — wraps ErrInvalid, so a server can answer 400 with
// errors.Is(err, hypercare.ErrInvalid). Marking adds nothing to the message.
// The package does no I/O, so it has no other errors of its own. A custom
// criterion's Validate error is marked (it says the policy is invalid); an
// error from a custom Criterion's Check or an AdoptionRule, or a malformed
// flag such a rule returns, is the caller's code failing, not bad data: it
// is passed on, wrapped with %w, and not marked unless it marks itself.
//
// One error caused by input is not marked: an EventConflictError (an event
// whose ID the issue already holds with other content). The input is well
// formed; it contradicts what is stored, and a server answers 409, not 400.
//
// The exported error types are EventConflictError (see above),
// InfeasibleError (Rota.Plan: the slots cannot
// be filled under the rules, with a list of the unfillable slots) and the
// ErrInvalid sentinel. An InfeasibleError also wraps ErrInvalid: each part of
// the input may be well formed, but together they ask for the impossible,
// and the fix, as for any bad input, is the caller's (more people, fewer
// seats, looser rules); use errors.As to tell it apart and list the slots.

package hypercare

import (
	"errors"
	"fmt"
)

// ErrInvalid is wrapped by every error caused by the caller's input (see the
// error policy in errors.go): a malformed spec, date or time, an unknown enum
// value, an invalid policy, engagement, rota, series or config, an event its
// timeline rejects, an infeasible rota. Test for it with errors.Is.
var ErrInvalid = errors.New("hypercare: invalid input")

// invalidError is an input error: its message is its own, unchanged, and
// errors.Is reports it as ErrInvalid.
type invalidError struct{ err error }

func (e *invalidError) Error() string        { return e.err.Error() }
func (e *invalidError) Unwrap() error        { return e.err }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

// invalidf returns an input error formatted as fmt.Errorf does (%w wraps).
func invalidf(format string, args ...any) error {
	return &invalidError{fmt.Errorf(format, args...)}
}

// invalid marks err as an input error without changing its message; nil
// stays nil.
func invalid(err error) error {
	if err == nil || errors.Is(err, ErrInvalid) {
		return err
	}
	return &invalidError{err}
}

// prefixed returns a bare core error under the package prefix,
// "hypercare: <core message>", wrapped with %w; nil stays nil. It is how an
// exported function says "hypercare:" once over a core whose message
// already begins with its subject.
func prefixed(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("hypercare: %w", err)
}
