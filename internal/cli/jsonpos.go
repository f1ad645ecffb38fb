package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hypercare-go/hypercare"
)

// This file finds where in a JSON file a problem is, so that errors name the
// file, the line and the field: "hypercare.json:12: engagement.phases[1].coverage: ...".
// encoding/json gives an offset only for syntax errors and type errors it
// finds itself; errors from a type's own UnmarshalJSON (a bad calendar spec,
// an unknown severity, a bad time) carry none. For those, and for unknown
// keys inside types with their own UnmarshalJSON (which
// json.Decoder.DisallowUnknownFields cannot see), the decoder itself is asked:
// a value is the culprit when nulling it makes the error go away, and a key is
// unknown when a value of the wrong type under it still decodes.

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

// culprit returns the deepest value under v that holds the error decode
// gives on data (msg), or nil if no child of v does. The decoder reads in
// document order and stops at the first error, so the culprit among v's
// children is the first one such that, with every later sibling nulled, the
// error is still msg (null decodes into anything).
func culprit(data []byte, v *jsonValue, msg string, decode func([]byte) error) *jsonValue {
	for i, c := range v.children {
		cut := data
		for j := len(v.children) - 1; j > i; j-- { // from the end, so the earlier offsets hold
			cut = splice(cut, v.children[j], "null")
		}
		if err := decode(cut); err != nil && err.Error() == msg {
			if deeper := culprit(cut, c, msg, decode); deeper != nil {
				return deeper
			}
			return c
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
