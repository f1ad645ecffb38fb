// Package jsonscan reads JSON from an io.Reader one value at a time, by
// hand, for the hot record shapes of helpdesk exports: the caller walks the
// objects and arrays it expects and reads or skips each value, so nothing
// is decoded twice, nothing goes through reflection and the input is never
// held whole. It accepts exactly what encoding/json accepts (RFC 8259, at
// most 10,000 levels deep), and reads strings as it does: escapes decoded,
// invalid UTF-8 and lone surrogates replaced by U+FFFD.
package jsonscan

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrEnd says the input ended inside a value, or where one was expected.
var ErrEnd = errors.New("unexpected end of the page")

// ErrDataAfter says that something other than white space follows the
// page's value (see End).
var ErrDataAfter = errors.New("data after the page's object")

const maxDepth = 10000

// Scanner reads JSON values from a reader. The zero Scanner is not usable;
// use New. After an error every method returns it.
type Scanner struct {
	r     io.Reader
	buf   []byte
	pos   int   // next byte of buf to read
	end   int   // buf[:end] holds input
	off   int64 // input offset of buf[0]
	rerr  error // the reader's error once it has one
	err   error
	first bool              // just after a '{' or '['
	depth int               // containers open
	open  []byte            // their opening bytes, innermost last
	key   []byte            // the last key read
	str   []byte            // scratch for strings with escapes
	words map[string]string // see Word
}

// maxWords bounds the strings Word keeps.
const maxWords = 1024

// New returns a scanner reading r.
func New(r io.Reader) *Scanner { return &Scanner{r: r, buf: make([]byte, 32<<10)} }

// more reads more input, keeping buf[s.pos:]. It reports false at the end
// of the input (or a read error, then s.err is set).
func (s *Scanner) more() bool {
	if s.rerr != nil {
		if s.rerr != io.EOF && s.err == nil {
			s.err = s.rerr
		}
		return false
	}
	if s.pos > 0 {
		n := copy(s.buf, s.buf[s.pos:s.end])
		s.off += int64(s.pos)
		s.pos, s.end = 0, n
	}
	if s.end == len(s.buf) {
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.rerr = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return s.more()
		}
	}
}

// fail records and returns err, unless an error came first.
func (s *Scanner) fail(err error) error {
	if s.err == nil {
		s.err = err
	}
	return s.err
}

// failEnd records the end of the input (or the read error) as the error.
func (s *Scanner) failEnd() error {
	if s.err != nil {
		return s.err
	}
	return s.fail(ErrEnd)
}

func (s *Scanner) syntax(c byte, what string) error {
	return s.fail(fmt.Errorf("invalid character %q %s at offset %d", c, what, s.off+int64(s.pos)))
}

// peek skips white space and returns the next byte, or false at the end.
func (s *Scanner) peek() (byte, bool) {
	for {
		for s.pos < s.end {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				return c, true
			}
		}
		if !s.more() {
			return 0, false
		}
	}
}

// Err returns the scanner's error, if any.
func (s *Scanner) Err() error { return s.err }

// Begin reads the '{' or '[' (want) that opens an object or array; for
// anything else its error says what came: `got [, want "{"`.
func (s *Scanner) Begin(want byte) error {
	if s.err != nil {
		return s.err
	}
	c, ok := s.peek()
	if !ok {
		return s.failEnd()
	}
	if c != want {
		// Read the value that came, so that a syntax error in it comes
		// first, as in encoding/json; the error is not sticky (see Finish).
		got := string(c)
		if c == '"' {
			if got, _ = s.String(); s.err != nil {
				return s.err
			}
		} else if err := s.Skip(); err != nil {
			return err
		}
		return fmt.Errorf("got %s, want %q", got, string(want))
	}
	if s.depth++; s.depth > maxDepth {
		return s.fail(errors.New("exceeded max depth"))
	}
	s.open = append(s.open, want)
	s.pos++
	s.first = true
	return nil
}

// next moves to the next member of the object or array being read, whose
// closing byte is end: it reports false after reading the end.
func (s *Scanner) next(end byte) (bool, error) {
	if s.err != nil {
		return false, s.err
	}
	c, ok := s.peek()
	if !ok {
		return false, s.failEnd()
	}
	if c == end {
		s.pos++
		s.first = false
		s.depth--
		s.open = s.open[:len(s.open)-1]
		return false, nil
	}
	if !s.first {
		if c != ',' {
			return false, s.syntax(c, "after a value")
		}
		s.pos++
	}
	s.first = false
	return true, nil
}

// Key returns the next key of the object being read, having read the colon
// after it, or false after the object's '}'. The key is valid until the
// next call to Key.
func (s *Scanner) Key() ([]byte, bool, error) {
	ok, err := s.next('}')
	if !ok || err != nil {
		return nil, false, err
	}
	c, ok := s.peek()
	if !ok {
		return nil, false, s.failEnd()
	}
	if c != '"' {
		return nil, false, s.syntax(c, "looking for a key")
	}
	raw, err := s.rawString()
	if err != nil {
		return nil, false, err
	}
	s.key = s.appendUnquoted(s.key[:0], raw)
	if c, ok = s.peek(); !ok {
		return nil, false, s.failEnd()
	}
	if c != ':' {
		return nil, false, s.syntax(c, "after a key")
	}
	s.pos++
	return s.key, true, nil
}

// Elem reports whether another element of the array being read follows,
// or false after the array's ']'.
func (s *Scanner) Elem() (bool, error) { return s.next(']') }

// Null reads a null and reports true if one comes next; otherwise it
// reads nothing.
func (s *Scanner) Null() bool {
	if s.err != nil {
		return false
	}
	if c, ok := s.peek(); !ok || c != 'n' {
		return false
	}
	return s.literal("null") == nil
}

// literal reads the literal word (null, true, false).
func (s *Scanner) literal(word string) error {
	for s.end-s.pos < len(word) {
		if !s.more() {
			return s.failEnd()
		}
	}
	if string(s.buf[s.pos:s.pos+len(word)]) != word {
		return s.syntax(s.buf[s.pos], "in a literal")
	}
	s.pos += len(word)
	return nil
}

// rawString reads a string and returns its bytes between the quotes,
// escapes checked but not decoded; valid until the next read.
func (s *Scanner) rawString() ([]byte, error) {
	i := s.pos + 1
	for {
		if i >= s.end {
			start := s.pos
			if !s.more() {
				return nil, s.failEnd()
			}
			i -= start - s.pos
			continue
		}
		switch c := s.buf[i]; {
		case c == '"':
			raw := s.buf[s.pos+1 : i]
			s.pos = i + 1
			return raw, nil
		case c == '\\':
			for i+6 > s.end && s.rerr == nil { // room for \uXXXX
				start := s.pos
				s.more()
				i -= start - s.pos
			}
			if i+1 >= s.end {
				return nil, s.failEnd()
			}
			switch s.buf[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > s.end {
					return nil, s.failEnd()
				}
				for _, h := range s.buf[i+2 : i+6] {
					if !isHex(h) {
						s.pos = i
						return nil, s.syntax(h, "in a \\u escape")
					}
				}
				i += 6
			default:
				s.pos = i
				return nil, s.syntax(s.buf[i+1], "in a string escape")
			}
		case c < 0x20:
			s.pos = i
			return nil, s.syntax(c, "in a string")
		default:
			i++
		}
	}
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// simple reports whether raw needs no decoding: no escapes, valid UTF-8.
func simple(raw []byte) bool {
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			return utf8.Valid(raw) && !strings.ContainsRune(string(raw), '\\')
		}
	}
	return true
}

// appendUnquoted appends raw (checked by rawString) decoded as
// encoding/json decodes a string.
func (s *Scanner) appendUnquoted(dst, raw []byte) []byte {
	if simple(raw) {
		return append(dst, raw...)
	}
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			switch e := raw[i+1]; e {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r := hex4(raw[i+2 : i+6])
				i += 6
				if utf16.IsSurrogate(r) {
					if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
						if r2 := utf16.DecodeRune(r, hex4(raw[i+2:i+6])); r2 != utf8.RuneError {
							dst = utf8.AppendRune(dst, r2)
							i += 6
							continue
						}
					}
					r = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, r)
				continue
			default: // '"', '\\', '/'
				dst = append(dst, e)
			}
			i += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, n := utf8.DecodeRune(raw[i:])
			dst = utf8.AppendRune(dst, r) // RuneError for invalid UTF-8
			i += n
		}
	}
	return dst
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// String reads a string, or a null as "". For any other value its error
// says what came.
func (s *Scanner) String() (string, error) {
	if s.err != nil {
		return "", s.err
	}
	c, ok := s.peek()
	switch {
	case !ok:
		return "", s.failEnd()
	case c == '"':
		raw, err := s.rawString()
		if err != nil {
			return "", err
		}
		if simple(raw) {
			return string(raw), nil
		}
		s.str = s.appendUnquoted(s.str[:0], raw)
		return string(s.str), nil
	case c == 'n':
		return "", s.literal("null")
	}
	return "", s.WrongType("a string")
}

// Peek returns the first byte of the value that comes next, or 0 at the
// end of the input or after an error.
func (s *Scanner) Peek() byte {
	if s.err != nil {
		return 0
	}
	c, _ := s.peek()
	return c
}

// WrongType skips the value that comes and returns an error saying what it
// was instead of want: `want a string, got {"x": 1}` (at most 20 bytes of
// it).
func (s *Scanner) WrongType(want string) error {
	start := s.off + int64(s.pos)
	head := string(s.buf[s.pos:min(s.end, s.pos+20)])
	if err := s.Skip(); err != nil {
		return err
	}
	head = head[:min(len(head), int(s.off+int64(s.pos)-start))]
	return fmt.Errorf("want %s, got %s", want, head) // not sticky: see Finish
}

// Scalar reads a string, a number or a null as text: a string decoded, a
// number as written, a null as "". For any other value its error says what
// came: `want a string, number or null, got {"x": 1}`.
func (s *Scanner) Scalar() (string, error) {
	if s.err != nil {
		return "", s.err
	}
	c, ok := s.peek()
	switch {
	case !ok:
		return "", s.failEnd()
	case c == '"' || c == 'n':
		return s.String()
	case c == '-' || '0' <= c && c <= '9':
		num, err := s.number()
		return string(num), err
	}
	return "", s.WrongType("a string, number or null")
}

// Int64 reads an integer number, or a null (then null is true).
func (s *Scanner) Int64() (n int64, null bool, err error) {
	if s.err != nil {
		return 0, false, s.err
	}
	c, ok := s.peek()
	switch {
	case !ok:
		return 0, false, s.failEnd()
	case c == 'n':
		return 0, true, s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		num, err := s.number()
		if err != nil {
			return 0, false, err
		}
		n, perr := strconv.ParseInt(string(num), 10, 64)
		if perr != nil {
			return 0, false, fmt.Errorf("number %s is not an integer", num) // not sticky: see Finish
		}
		return n, false, nil
	}
	return 0, false, s.WrongType("an integer")
}

// Bool reads true, false, or a null as false.
func (s *Scanner) Bool() (bool, error) {
	if s.err != nil {
		return false, s.err
	}
	c, ok := s.peek()
	switch {
	case !ok:
		return false, s.failEnd()
	case c == 't':
		return true, s.literal("true")
	case c == 'f':
		return false, s.literal("false")
	case c == 'n':
		return false, s.literal("null")
	}
	return false, s.WrongType("true or false")
}

// number reads a number by the JSON grammar and returns its text, valid
// until the next read.
func (s *Scanner) number() ([]byte, error) {
	i := s.pos
	at := func() (byte, bool) { // the byte at i, reading more if needed
		for i >= s.end {
			start := s.pos
			ok := s.more()
			i -= start - s.pos // more moves what is kept to the front, even at the end
			if !ok {
				return 0, false
			}
		}
		return s.buf[i], true
	}
	digits := func() int {
		n := 0
		for c, ok := at(); ok && '0' <= c && c <= '9'; c, ok = at() {
			i++
			n++
		}
		return n
	}
	bad := func() ([]byte, error) {
		if c, ok := at(); ok {
			s.pos = i
			return nil, s.syntax(c, "in a number")
		}
		return nil, s.failEnd()
	}
	if c, _ := at(); c == '-' {
		i++
	}
	if c, ok := at(); ok && c == '0' {
		i++
	} else if digits() == 0 {
		return bad()
	}
	if c, ok := at(); ok && c == '.' {
		i++
		if digits() == 0 {
			return bad()
		}
	}
	if c, ok := at(); ok && (c == 'e' || c == 'E') {
		i++
		if c, ok := at(); ok && (c == '+' || c == '-') {
			i++
		}
		if digits() == 0 {
			return bad()
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	num := s.buf[s.pos:i]
	s.pos = i
	return num, nil
}

// Skip reads the next value, whatever it is, checking it.
func (s *Scanner) Skip() error {
	if s.err != nil {
		return s.err
	}
	c, ok := s.peek()
	if !ok {
		return s.failEnd()
	}
	switch {
	case c == '{':
		if err := s.Begin('{'); err != nil {
			return err
		}
		for {
			_, ok, err := s.Key()
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			if err := s.Skip(); err != nil {
				return err
			}
		}
	case c == '[':
		if err := s.Begin('['); err != nil {
			return err
		}
		for {
			ok, err := s.Elem()
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			if err := s.Skip(); err != nil {
				return err
			}
		}
	case c == '"':
		_, err := s.rawString()
		return err
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		_, err := s.number()
		return err
	}
	return s.syntax(c, "looking for a value")
}

// Record returns the error of a record read by decode (an element of an
// array the scanner is in, such as a page's ticket events), as
// encoding/json would give it: a syntax error in the record or the end of
// the input in it (io.ErrUnexpectedEOF) before an error about a value's
// type. It returns nil if decode does.
func (s *Scanner) Record(decode func() error) error {
	depth := s.depth
	err := decode()
	if err == nil {
		return nil
	}
	if ferr := s.Finish(depth); ferr != nil {
		err = ferr
	}
	if errors.Is(err, ErrEnd) {
		return io.ErrUnexpectedEOF
	}
	return s.fail(err)
}

// Depth returns the number of objects and arrays open.
func (s *Scanner) Depth() int { return s.depth }

// Finish reads the rest of the objects and arrays open deeper than depth,
// after an error about the type of a value in them (the only errors that
// do not stop the scanner), and returns the first syntax error or the end
// of the input it meets: encoding/json reads a whole value before it
// looks at types, so those come first. It returns nil when the value was
// well-formed.
func (s *Scanner) Finish(depth int) error {
	for s.depth > depth && s.err == nil {
		var more bool
		var err error
		if s.open[len(s.open)-1] == '{' {
			_, more, err = s.Key()
		} else {
			more, err = s.Elem()
		}
		if err == nil && more {
			err = s.Skip()
		}
		if err != nil {
			return err
		}
	}
	return s.err
}

// End reports an error unless the input ends here, after white space.
func (s *Scanner) End() error {
	if s.err != nil {
		return s.err
	}
	if _, ok := s.peek(); ok {
		return s.fail(ErrDataAfter)
	}
	return s.err // a read error, or nil at the end
}

// Match returns the name of names that key is: the one equal to it, else
// the first equal under Unicode case folding (as encoding/json matches
// struct fields), else "".
func Match(key []byte, names ...string) string {
	for _, n := range names {
		if string(key) == n {
			return n
		}
	}
	for _, n := range names {
		if strings.EqualFold(string(key), n) {
			return n
		}
	}
	return ""
}

// Object reads an object, or a null as an empty one: for each key that is
// one of names (see Match) it calls field with the name, which must read
// the value; the values of other keys are skipped. An error about a value
// is prefixed with its name: `status: want a string, got 5`.
func (s *Scanner) Object(names []string, field func(name string) error) error {
	if s.Null() {
		return nil
	}
	if err := s.Begin('{'); err != nil {
		return err
	}
	for {
		key, more, err := s.Key()
		if err != nil || !more {
			return err
		}
		name := Match(key, names...)
		if name == "" {
			err = s.Skip()
		} else if err = field(name); err != nil {
			err = fmt.Errorf("%s: %w", name, err)
		}
		if err != nil {
			return err
		}
	}
}

// Array reads an array, or a null as an empty one, calling elem for each
// element, which must read it.
func (s *Scanner) Array(elem func() error) error {
	if s.Null() {
		return nil
	}
	if err := s.Begin('['); err != nil {
		return err
	}
	for {
		more, err := s.Elem()
		if err != nil || !more {
			return err
		}
		if err := elem(); err != nil {
			return err
		}
	}
}

// Str reads a string into dst; a null leaves dst as it is, as
// encoding/json leaves a string field.
func (s *Scanner) Str(dst *string) error {
	if s.Null() {
		return nil
	}
	v, err := s.String()
	if err == nil {
		*dst = v
	}
	return err
}

// Word reads a string, or a number, into dst, as Str or Scalar would
// (scalar says which), for a field whose values come from a small set —
// a status, a field name, an agent — returning the same string for the
// same value without allocating it again. A null leaves dst as it is, or
// with scalar sets it to "".
func (s *Scanner) Word(dst *string, scalar bool) error {
	if s.Null() {
		if scalar {
			*dst = ""
		}
		return nil
	}
	c, ok := s.peek()
	if ok && c == '"' {
		raw, err := s.rawString()
		if err != nil {
			return err
		}
		if simple(raw) {
			if w, ok := s.words[string(raw)]; ok {
				*dst = w
				return nil
			}
			w := string(raw)
			if s.words == nil {
				s.words = map[string]string{}
			}
			if len(s.words) < maxWords {
				s.words[w] = w
			}
			*dst = w
			return nil
		}
		s.str = s.appendUnquoted(s.str[:0], raw)
		*dst = string(s.str)
		return nil
	}
	var v string
	var err error
	if scalar {
		v, err = s.Scalar()
	} else {
		v, err = s.String()
	}
	if err == nil {
		*dst = v
	}
	return err
}

// StringPtr reads a string, or a null as nil.
func (s *Scanner) StringPtr() (*string, error) {
	if s.Null() {
		return nil, nil
	}
	v, err := s.String()
	return &v, err
}
