package cli

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
)

// This file finds where in a JSON file a problem is, so that errors name the
// file, the line and the field: "hypercare.json:12: engagement.phases[1].coverage: ...".
// encoding/json gives an offset only for syntax errors and type errors it
// finds itself; errors from a type's own UnmarshalJSON (a bad calendar spec,
// an unknown severity, a bad time) carry none. For those, and for unknown
// keys inside types with their own UnmarshalJSON (which
// json.Decoder.DisallowUnknownFields cannot see), the decoder itself is asked:
// values are nulled one by one to see which the error is about (see culprit),
// and a key is unknown when a value of the wrong type under it still decodes.

// stripComments blanks out full-line // comments, keeping every byte offset
// and line number, so errors point at the line in the file as written.
func stripComments(data []byte) []byte {
	out := bytes.Clone(data)
	for start := 0; start < len(out); {
		end := bytes.IndexByte(out[start:], '\n')
		if end < 0 {
			end = len(out)
		} else {
			end += start
		}
		line := out[start:end]
		if trimmed := bytes.TrimLeft(line, " \t"); bytes.HasPrefix(trimmed, []byte("//")) {
			for i := range line {
				if line[i] != '\r' {
					line[i] = ' '
				}
			}
		}
		start = end + 1
	}
	return out
}

// lineOf returns the 1-based line of byte offset off in data.
func lineOf(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// jsonValue is a value in a JSON document: where it is and what is under it.
type jsonValue struct {
	path       string // "engagement.phases[1].coverage"; "" for the document
	key        string // the object key it is under ("" for array elements and the document)
	keyOff     int64  // offset of its key, or of the value for array elements
	start, end int64  // the value's bytes
	text       string // a string value's text, else ""
	isString   bool
	scalar     string // a number's, boolean's or null's JSON text, else ""
	children   []*jsonValue
}

// parseTree reads a syntactically valid JSON document into its tree of
// values with their offsets.
func parseTree(data []byte) (*jsonValue, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root := &jsonValue{}
	if err := walkValue(dec, data, root); err != nil {
		return nil, err
	}
	return root, nil
}

// valueStart returns the offset of the first byte of the next value after
// off: past white space, a colon or a comma.
func valueStart(data []byte, off int64) int64 {
	for off < int64(len(data)) && strings.IndexByte(" \t\r\n:,", data[off]) >= 0 {
		off++
	}
	return off
}

func walkValue(dec *json.Decoder, data []byte, v *jsonValue) error {
	v.start = valueStart(data, dec.InputOffset())
	if v.keyOff == 0 && v.key == "" {
		v.keyOff = v.start
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case string:
		v.text, v.isString = t, true
	case json.Number:
		v.scalar = t.String()
	case bool:
		v.scalar = strconv.FormatBool(t)
	case nil:
		v.scalar = "null"
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			keyOff := valueStart(data, dec.InputOffset())
			k, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := k.(string)
			c := &jsonValue{path: joinPath(v.path, key), key: key, keyOff: keyOff}
			if err := walkValue(dec, data, c); err != nil {
				return err
			}
			v.children = append(v.children, c)
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			c := &jsonValue{path: fmt.Sprintf("%s[%d]", v.path, i)}
			if err := walkValue(dec, data, c); err != nil {
				return err
			}
			v.children = append(v.children, c)
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
	}
	v.end = dec.InputOffset()
	return nil
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

// splice returns data with the bytes of v replaced by with.
func splice(data []byte, v *jsonValue, with string) []byte {
	out := make([]byte, 0, len(data)+len(with))
	out = append(out, data[:v.start]...)
	out = append(out, with...)
	return append(out, data[v.end:]...)
}

// culprit returns the value of the document data (whose tree is root) that
// holds the error decode gives on it (msg), or nil if it cannot be told.
//
// The document's own keys are decoded in document order, each into its
// field, and decoding stops at the first error: the key at fault is the
// first one such that, with every later key nulled, the error is still msg
// (null decodes into anything). Inside it that rule fails, because a type's
// own UnmarshalJSON may decode all its fields and then check them in an
// order of its own: the engagement's location, written last, is needed by
// every check. So inside it, a *hypercare.JSONError's Path says where a
// value did not decode, and otherwise lastCheck finds the value the error
// is about. When neither can tell, the key itself is the answer: too
// coarse, but never another key's fault.
func culprit(data []byte, root *jsonValue, msg string, decode func([]byte) error) *jsonValue {
	var top *jsonValue
	for i, c := range root.children {
		cut := data
		for j := len(root.children) - 1; j > i; j-- { // from the end, so the earlier offsets hold
			cut = splice(cut, root.children[j], "null")
		}
		if err := decode(cut); err != nil && err.Error() == msg {
			top = c
			break
		}
	}
	if top == nil {
		return nil
	}
	scope := top
	var je *hypercare.JSONError
	if err := decode(data); errors.As(err, &je) && je.Path != "" {
		if v := find(top, joinPath(top.path, je.Path)); v != nil {
			scope = v
		}
	}
	if v := lastCheck(data, scope, msg, decode); v != nil {
		return v
	}
	return scope
}

// lastCheck returns the value without children under scope that the error
// decode gives on data (msg) is about, or nil if it cannot be told. Each
// value is probed by nulling it:
//
//   - the error stays: the value is not at fault (nor is anything under it);
//   - the error changes or goes away: the value is involved. It is at
//     fault, or a check that runs before the failing one needs it (nulling
//     the location fails "nil location" first), or null does not decode
//     into it (an element of a list of structs). A value that is only named
//     in the message (a quoted name) is not involved.
//
// Of two involved values a and b, a is checked first when nulling both
// gives a's error; the value at fault is the one checked last, and it is
// the answer when its probe makes the error go away, gives msg with one
// word changed (the same check, on the nulled value) or another error in
// the same place (msg but for the words after its last ": ", below the
// engagement), or when msg quotes it.
//
// A bad value that equals its type's zero value ("days": 0, "0s") cannot be
// seen by nulling; the last value checked is then only one the failing
// check needs, such as the same field of the phase before. So when scope
// holds a zero value, nothing less is the answer; otherwise it is enough
// that the last value's probe error starts with more of msg's words than
// any other's (a calendar's spec, checked after its location).
func lastCheck(data []byte, scope *jsonValue, msg string, decode func([]byte) error) *jsonValue {
	errOf := func(b []byte) string {
		if err := decode(b); err != nil {
			return err.Error()
		}
		return ""
	}
	type probe struct {
		v   *jsonValue
		err string // the error with v nulled; "" for none
	}
	var involved []probe
	var walk func(v *jsonValue)
	walk = func(v *jsonValue) {
		e := errOf(nulled(data, v))
		if e == msg || (e != "" && quotedOnly(msg, e, v)) {
			return
		}
		if len(v.children) == 0 {
			involved = append(involved, probe{v, e})
		}
		for _, c := range v.children {
			walk(c)
		}
	}
	walk(scope)
	if len(involved) == 0 {
		return nil
	}
	before := func(a, b probe) bool { // a is checked before b
		return a.err != b.err && errOf(nulled(data, a.v, b.v)) == a.err
	}
	last := involved[0]
	for _, p := range involved[1:] {
		if before(last, p) {
			last = p
		}
	}
	for _, p := range involved {
		if p.v != last.v && before(last, p) {
			return nil // no order: the checks do not line up
		}
	}
	if last.err == "" || oneWordApart(last.err, msg) || sameContext(last.err, msg) ||
		(last.v.isString && strings.Contains(msg, strconv.Quote(last.v.text))) {
		return last.v
	}
	if holdsZero(scope) {
		return nil
	}
	words := sameWords(last.err, msg)
	for _, p := range involved {
		if p.v != last.v && sameWords(p.err, msg) >= words {
			return nil
		}
	}
	return last.v
}

// oneWordApart reports whether a and b have the same words but one.
func oneWordApart(a, b string) bool {
	wa, wb := strings.Split(a, " "), strings.Split(b, " ")
	if len(wa) != len(wb) {
		return false
	}
	diff := 0
	for i := range wa {
		if wa[i] != wb[i] {
			diff++
		}
	}
	return diff == 1
}

// sameContext reports whether a and b, past a "hypercare: " that begins
// both, differ only after their last ": ", which is at least their third:
// two reasons for the same part of a part ("engagement "x": phase 0: ...").
// One part alone (the engagement) is too much to call one place.
func sameContext(a, b string) bool {
	a, b = strings.TrimPrefix(a, "hypercare: "), strings.TrimPrefix(b, "hypercare: ")
	i, j := strings.LastIndex(a, ": "), strings.LastIndex(b, ": ")
	return i > 0 && i == j && a[:i] == b[:j] && strings.Count(a[:i], ": ") >= 1
}

// holdsZero reports whether a value without children under v is a zero
// value: null, false, a number that is 0, or a string such as "", "0" or
// "0s" (a zero duration).
func holdsZero(v *jsonValue) bool {
	if len(v.children) == 0 && v.end > v.start {
		if v.isString {
			if d, err := time.ParseDuration(v.text); v.text == "" || v.text == "0" || (err == nil && d == 0) {
				return true
			}
		} else if v.scalar == "null" || v.scalar == "false" {
			return true
		} else if f, err := strconv.ParseFloat(v.scalar, 64); err == nil && f == 0 {
			return true
		}
	}
	for _, c := range v.children {
		if holdsZero(c) {
			return true
		}
	}
	return false
}

// sameWords returns the number of words a and b start with alike.
func sameWords(a, b string) int {
	n := 0
	for {
		wa, ra, oka := strings.Cut(a, " ")
		wb, rb, okb := strings.Cut(b, " ")
		if wa != wb || !oka || !okb {
			return n
		}
		n++
		a, b = ra, rb
	}
}

// nulled returns data with the values vs, which do not overlap, replaced by null.
func nulled(data []byte, vs ...*jsonValue) []byte {
	vs = slices.SortedFunc(slices.Values(vs), func(a, b *jsonValue) int { return cmp.Compare(b.start, a.start) })
	for _, v := range vs { // from the end, so the earlier offsets hold
		data = splice(data, v, "null")
	}
	return data
}

// quotedOnly reports whether the error after nulling v (after) is the error
// before (before) with the strings under v it quotes emptied: v is named in
// the message (a phase's name, say), not checked.
func quotedOnly(before, after string, v *jsonValue) bool {
	quoted := false
	var walk func(v *jsonValue)
	walk = func(v *jsonValue) {
		if len(v.children) == 0 && v.text != "" {
			q := strconv.Quote(v.text)
			if strings.Contains(before, q) {
				before, quoted = strings.ReplaceAll(before, q, `""`), true
			}
		}
		for _, c := range v.children {
			walk(c)
		}
	}
	walk(v)
	return quoted && before == after
}

// find returns the value at path under v, or nil.
func find(v *jsonValue, path string) *jsonValue {
	if v.path == path {
		return v
	}
	for _, c := range v.children {
		if strings.HasPrefix(path, c.path) {
			if d := find(c, path); d != nil {
				return d
			}
		}
	}
	return nil
}

// unknownKey returns the first key, in document order, that decode ignores:
// one whose value can be replaced by one no field accepts and still decode.
// Keys at the paths in known (those a decoded value writes back) are not
// tried, nor are the keys under an unknown one.
func unknownKey(data []byte, v *jsonValue, known map[string]bool, decode func([]byte) error) *jsonValue {
	for _, c := range v.children {
		if c.key != "" && !known[c.path] {
			if decode(splice(data, c, `[[[{"":0}]]]`)) == nil {
				return c
			}
		}
		if u := unknownKey(data, c, known, decode); u != nil {
			return u
		}
	}
	return nil
}

// paths returns the paths of every value of the document data.
func paths(data []byte) (map[string]bool, error) {
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	var walk func(v *jsonValue)
	walk = func(v *jsonValue) {
		out[v.path] = true
		for _, c := range v.children {
			walk(c)
		}
	}
	walk(root)
	return out, nil
}

// fileError is an error in an input file, at a line and a field when known.
type fileError struct {
	file  string
	line  int    // 0 when unknown
	field string // "" when unknown
	err   error
}

func (e *fileError) Error() string {
	var b strings.Builder
	b.WriteString(e.file)
	if e.line > 0 {
		fmt.Fprintf(&b, ":%d", e.line)
	}
	if e.field != "" {
		b.WriteString(": " + e.field)
	}
	b.WriteString(": " + e.err.Error())
	return b.String()
}

func (e *fileError) Unwrap() error { return e.err }

// decodeFile decodes the JSON file data (comments already blanked) with
// decode, and returns its error, if any, as a *fileError naming file, the
// line and the field: from the offset of a syntax error, or else by finding
// the culprit value. It then checks for unknown keys the same way, using the
// encoded form of what was decoded (encoded) to skip the keys known to be
// used. decode is strict when it rejects unknown keys itself
// (json.Decoder.DisallowUnknownFields), which sees only the keys of structs
// the decoder fills field by field.
func decodeFile(file string, data []byte, decode func(data []byte, strict bool) error, encoded func() ([]byte, error)) error {
	strict := func(b []byte) error { return decode(b, true) }
	loose := func(b []byte) error { return decode(b, false) }
	err := strict(data)
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return &fileError{file: file, line: lineOf(data, syn.Offset), err: inputError{err}}
	}
	root, perr := parseTree(data)
	if perr != nil { // not valid JSON, yet decode did not say so
		return &fileError{file: file, err: inputError{perr}}
	}
	if err != nil && strings.HasPrefix(err.Error(), "json: unknown field ") {
		err = loose(data) // find it below, with its line and path
	}
	if err != nil {
		fe := &fileError{file: file, err: inputError{err}}
		if c := culprit(data, root, err.Error(), loose); c != nil {
			fe.line, fe.field = lineOf(data, c.keyOff), c.path
			// The line and field say where; the library's words say what.
			var je *hypercare.JSONError
			if errors.As(err, &je) {
				fe.err = inputError{errors.New(je.Reason)}
			} else {
				fe.err = inputError{errors.New(strings.TrimPrefix(err.Error(), "hypercare: "))}
			}
		}
		return fe
	}
	out, err := encoded()
	if err != nil {
		return &fileError{file: file, err: inputError{err}}
	}
	known, err := paths(out)
	if err != nil {
		return &fileError{file: file, err: inputError{err}}
	}
	if u := unknownKey(data, root, known, loose); u != nil {
		return &fileError{file: file, line: lineOf(data, u.keyOff), field: u.path,
			err: inputError{fmt.Errorf("unknown key %q", u.key)}}
	}
	return nil
}
