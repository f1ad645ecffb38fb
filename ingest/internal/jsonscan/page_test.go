package jsonscan

import (
	"errors"
	"strings"
	"testing"
)

// TestPage: the records are handed out in order wherever the array sits
// among the paging fields; unknown keys are skipped; a field's error is
// named by its key; the end of the object is reported, and again after.
func TestPage(t *testing.T) {
	s := New(strings.NewReader(`{"a": 1, "x": {"y": [1]}, "recs": [{"n": 1}, {"n": 2}], "b": "two"}`))
	p := NewPage(s, "recs")
	var fields []string
	field := func(key string) (bool, error) {
		switch key {
		case "a":
			_, _, err := s.Int64()
			fields = append(fields, key)
			return true, err
		case "b":
			v, err := s.String()
			fields = append(fields, key+"="+v)
			return true, err
		}
		return false, nil
	}
	var recs int
	for {
		more, err := p.Next(field)
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		recs++
		if err := s.Skip(); err != nil {
			t.Fatal(err)
		}
	}
	if recs != 2 || strings.Join(fields, ",") != "a,b=two" {
		t.Errorf("read %d records and fields %v, want 2 and [a b=two]", recs, fields)
	}
	if more, err := p.Next(field); more || err != nil {
		t.Errorf("after the end: %v, %v; want false, nil", more, err)
	}

	s = New(strings.NewReader(`{"a": "one"}`))
	_, err := NewPage(s, "recs").Next(func(string) (bool, error) { return true, errors.New("bad") })
	if err == nil || err.Error() != "a: bad" {
		t.Errorf("a field's error: %v, want \"a: bad\"", err)
	}
}
