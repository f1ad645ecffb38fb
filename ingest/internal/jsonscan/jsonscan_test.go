package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unsafe"
)

// decodeAny reads the next value as encoding/json decodes it into an any
// with UseNumber: the oracle the scanner must agree with.
func decodeAny(s *Scanner) (any, error) {
	c, ok := s.peek()
	if !ok {
		return nil, s.failEnd()
	}
	switch {
	case c == '{':
		if err := s.Begin('{'); err != nil {
			return nil, err
		}
		m := map[string]any{}
		for {
			k, ok, err := s.Key()
			if err != nil || !ok {
				return m, err
			}
			key := string(k)
			if m[key], err = decodeAny(s); err != nil {
				return nil, err
			}
		}
	case c == '[':
		if err := s.Begin('['); err != nil {
			return nil, err
		}
		a := []any{}
		for {
			ok, err := s.Elem()
			if err != nil || !ok {
				return a, err
			}
			v, err := decodeAny(s)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == 't' || c == 'f':
		return s.Bool()
	case c == 'n':
		return nil, s.literal("null")
	case c == '"':
		return s.String()
	}
	num, err := s.Scalar()
	return json.Number(num), err
}

// check compares the scanner with encoding/json on data: the same verdict
// on validity and, for valid JSON, the same value; through a reader that
// gives one byte at a time too, so every value straddles a refill.
func check(t *testing.T, data []byte) {
	t.Helper()
	var want any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	werr := dec.Decode(&want)
	if werr == nil && dec.InputOffset() < int64(len(data)) && len(bytes.TrimSpace(data[dec.InputOffset():])) > 0 {
		werr = errors.New("data after the value")
	}
	if werr == nil && !json.Valid(data) {
		werr = errors.New("invalid")
	}
	readers := func() []io.Reader {
		return []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data))}
	}
	for k, r := range readers() {
		s := New(r)
		got, err := decodeAny(s)
		if err == nil {
			err = s.End()
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q: scanner error %v, encoding/json error %v", data, err, werr)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: scanner read %#v, encoding/json %#v", data, got, want)
		}
		s = New(readers()[k])
		if s.Skip() == nil && s.End() == nil && werr != nil {
			t.Fatalf("%q: Skip accepts what encoding/json rejects: %v", data, werr)
		}
	}
}

var seeds = []string{
	`{"a": 1, "b": [true, false, null, -0.5e+3, "x\u00e9\ud83d\ude00"], "c": {}}`,
	`[]`, `{}`, `""`, `0`, `-0`, `1.5E-2`, `"\ud800"`, `"\ud800\u0041"`, "\"\xff\xfe\"", `"a\/b\\c\"d\b\f\n\r\t"`,
	`{"a":1,}`, `[1,]`, `[,1]`, `{"a" 1}`, `{1: 2}`, `01`, `1.`, `.5`, `-`, `1e`, `tru`, `nul`, `"abc`, "\"a\x01\"",
	`"\x"`, `"\u12g4"`, `[1 2]`, `{"a":1 "b":2}`, `{"a":1}}`, `[[[]]]`, ` [ 1 , { "k" : "v" } ] `, `{"a":1,"a":2}`,
	`{"ID": 1, "id": 2}`, `123abc`, `[1]x`, ``, ` `,
}

func TestAgreesWithEncodingJSON(t *testing.T) {
	for _, s := range seeds {
		check(t, []byte(s))
	}
	deep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	check(t, []byte(deep))
}

func FuzzAgreesWithEncodingJSON(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { check(t, data) })
}

func TestMatch(t *testing.T) {
	for _, c := range []struct{ key, want string }{
		{"id", "id"}, {"ID", "id"}, {"ticket_id", "ticket_id"}, {"Ticket_ID", "ticket_id"}, {"other", ""},
	} {
		if got := Match([]byte(c.key), "id", "ticket_id"); got != c.want {
			t.Errorf("Match(%q) = %q, want %q", c.key, got, c.want)
		}
	}
}

func TestBeginSaysWhatCame(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`[]`, `got [, want "{"`}, {`"x"`, `got x, want "{"`}, {``, ErrEnd.Error()},
	} {
		err := New(strings.NewReader(c.in)).Begin('{')
		if err == nil || err.Error() != c.want {
			t.Errorf("Begin('{') on %q = %v, want %q", c.in, err, c.want)
		}
	}
}

func TestWrongTypeSaysWhatCame(t *testing.T) {
	s := New(strings.NewReader(`{"x": 1} , "y"`))
	_, err := s.Scalar()
	if want := `want a string, number or null, got {"x": 1}`; err == nil || err.Error() != want {
		t.Errorf("Scalar on an object = %v, want %q", err, want)
	}
}

func TestObjectAndArray(t *testing.T) {
	s := New(strings.NewReader(`{"A": [1, 2], "skip": {"a": [null]}, "b": null, "c": {"d": "x"}, "e": [null, "y"]}`))
	var a []string
	var b *string
	var d string
	var e []*string
	names := []string{"a", "b", "c", "e"}
	err := s.Object(names, func(name string) (err error) {
		switch name {
		case "a":
			err = s.Array(func() error { v, err := s.Scalar(); a = append(a, v); return err })
		case "b":
			b, err = s.StringPtr()
		case "c":
			err = s.Object([]string{"d"}, func(string) (err error) { d, err = s.String(); return err })
		case "e":
			err = s.Array(func() error { v, err := s.StringPtr(); e = append(e, v); return err })
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != 2 || a[0] != "1" || a[1] != "2" || b != nil || d != "x" || len(e) != 2 || e[0] != nil || *e[1] != "y" {
		t.Errorf("read a %v, b %v, d %q, e %v", a, b, d, e)
	}
	s = New(strings.NewReader(`{"a": {"b": 5}}`))
	err = s.Object([]string{"a"}, func(string) error {
		return s.Object([]string{"b"}, func(string) error { _, err := s.String(); return err })
	})
	if want := "a: b: want a string, got 5"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}

func TestWord(t *testing.T) {
	s := New(strings.NewReader(`["open", "open", "a\u00e9", null, 7, null]`))
	if err := s.Begin('['); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, scalar := range []bool{false, false, false, false, true, true} {
		if ok, err := s.Elem(); !ok || err != nil {
			t.Fatalf("Elem = %v, %v", ok, err)
		}
		v := "kept"
		if err := s.Word(&v, scalar); err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	want := []string{"open", "open", "aé", "kept", "7", ""}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Word read %q, want %q", got, want)
	}
	if unsafe.StringData(got[0]) != unsafe.StringData(got[1]) {
		t.Errorf("the same word twice is two strings")
	}
}

// TestRecordPutsSyntaxFirst: in a record with a value of the wrong type, a
// syntax error or the end of the input after it is the error, as
// encoding/json gives it; else the type error.
func TestRecordPutsSyntaxFirst(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`[{"a": 5, "b": {"c": [1}]`, `invalid character '}' after a value at offset 23`},
		{`[{"a": 5, "b": [`, io.ErrUnexpectedEOF.Error()},
		{`[{"a": 5, "b": [2]}]`, `a: want a string, got 5`},
		{`[{"a": "x", "b": [2]}]`, ``},
	} {
		s := New(strings.NewReader(c.in))
		if err := s.Begin('['); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.Elem(); !ok || err != nil {
			t.Fatal(ok, err)
		}
		err := s.Record(func() error {
			return s.Object([]string{"a"}, func(string) error { _, err := s.String(); return err })
		})
		if got := fmt.Sprint(err); c.want == "" && err != nil || c.want != "" && got != c.want {
			t.Errorf("Record on %s = %v, want %q", c.in, err, c.want)
		}
	}
}
