package hypercare

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

// The fuzz targets below hold the decoders to their contracts on any input:
// no panic; every rejection wraps ErrInvalid; what is accepted is valid, so
// it encodes, and its encoding decodes to the same thing. Their seeds run
// in go test; run one with, say,
//
//	go test -run XXX -fuzz FuzzJSON -fuzztime 10m .

// FuzzCalendarSpec: NewCalendar accepts a spec or rejects it with
// ErrInvalid; an accepted calendar's Spec parses again to the same Spec,
// and its JSON round-trips.
func FuzzCalendarSpec(f *testing.F) {
	for _, seed := range []string{
		"Mon-Fri 09:00-17:00", "Mon-Fri 08:00-12:00,13:00-17:00; Sat 10:00-14:00", "Mon-Sun 00:00-24:00",
		"Mon-Fri 22:00-06:00", "mon,wed,FRI 9:00-10:00", "Fri-Mon 23:00-01:00", "", ";", "Mon", "Mon 09:00-09:00",
		"Xyz 09:00-17:00", "Mon 24:00-01:00", "Mon 09:00-17:00;;Tue 10:00-11:00",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		c, err := NewCalendar(time.UTC, spec)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("NewCalendar(%q): %v, want an error wrapping ErrInvalid", spec, err)
			}
			return
		}
		canonical := c.Spec()
		again, err := NewCalendar(time.UTC, canonical)
		if err != nil {
			t.Fatalf("NewCalendar(%q) has Spec %q, which does not parse: %v", spec, canonical, err)
		}
		if again.Spec() != canonical {
			t.Fatalf("NewCalendar(%q): Spec %q parses to Spec %q", spec, canonical, again.Spec())
		}
		roundTripJSON(t, reflect.ValueOf(c).Elem())
	})
}

// FuzzDate: ParseDate accepts a valid date, which prints and parses back to
// itself, or rejects the text with ErrInvalid; UnmarshalText agrees.
func FuzzDate(f *testing.F) {
	for _, seed := range []string{"2026-12-25", "0000-00-00", "2024-02-29", "2025-02-29", "9999-12-31", "0001-01-01", "2026-1-5", "26-12-25", "", "2026-12-25T00:00:00Z", "+2026-12-25"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		var text Date
		terr := text.UnmarshalText([]byte(s))
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseDate(%q): %v, want an error wrapping ErrInvalid", s, err)
			}
			if terr != nil && !errors.Is(terr, ErrInvalid) {
				t.Fatalf("Date.UnmarshalText(%q): %v, want an error wrapping ErrInvalid", s, terr)
			}
			if terr == nil && text != (Date{}) {
				t.Fatalf("Date.UnmarshalText(%q) accepts %v, which ParseDate rejects", s, text)
			}
			return
		}
		if terr != nil || text != d {
			t.Fatalf("ParseDate(%q) = %v, but Date.UnmarshalText gives %v, %v", s, d, text, terr)
		}
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = %v, which is not Valid", s, d)
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, which prints as %q and parses back to %v, %v", s, d, d.String(), back, err)
		}
		roundTripJSON(t, reflect.ValueOf(d))
	})
}

// FuzzTimeOfDay: ParseTimeOfDay accepts a valid time of day, which prints
// and parses back to itself, or rejects the text with ErrInvalid.
func FuzzTimeOfDay(f *testing.F) {
	for _, seed := range []string{"09:00", "9:00", "23:59", "24:00", "00:00", "-1:00", "+9:00", "09:0", "09:000", "0x1:00", "", ":", "12:60"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tod, err := ParseTimeOfDay(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseTimeOfDay(%q): %v, want an error wrapping ErrInvalid", s, err)
			}
			return
		}
		if !tod.Valid() {
			t.Fatalf("ParseTimeOfDay(%q) = %v, which is not Valid", s, tod)
		}
		back, err := ParseTimeOfDay(tod.String())
		if err != nil || back != tod {
			t.Fatalf("ParseTimeOfDay(%q) = %v, which prints as %q and parses back to %v, %v", s, tod, tod.String(), back, err)
		}
		roundTripJSON(t, reflect.ValueOf(tod))
	})
}

// FuzzJSON decodes any bytes as each type of jsonTypes (the type picked by
// the first argument): decoding validates, so what decodes without error
// must encode, and that encoding must decode and encode again to the same
// bytes. A bare null is left out: encoding/json decodes it into a value
// type as "no effect" without asking the type, so it cannot be rejected.
func FuzzJSON(f *testing.F) {
	for i, typ := range jsonTypes {
		for _, seed := range []string{`""`, `0`, `[]`, `"x"`, `{}`, `[{}]`, `{"":{}}`} {
			f.Add(uint(i), []byte(seed))
		}
		if js, err := json.Marshal(reflect.New(typ).Elem().Interface()); err == nil {
			f.Add(uint(i), js)
		}
	}
	f.Fuzz(func(t *testing.T, which uint, data []byte) {
		typ := jsonTypes[which%uint(len(jsonTypes))]
		if string(bytes.TrimSpace(data)) == "null" {
			return
		}
		v := reflect.New(typ)
		if err := json.Unmarshal(data, v.Interface()); err != nil {
			return
		}
		if _, err := json.Marshal(v.Elem().Interface()); err != nil {
			t.Fatalf("%s decodes from %s, but does not encode: %v", typ, data, err)
		}
		roundTripJSON(t, v.Elem())
	})
}

// roundTripJSON checks that v encodes, and that its encoding decodes and
// encodes again to the same bytes.
func roundTripJSON(t *testing.T, v reflect.Value) {
	t.Helper()
	first, err := json.Marshal(v.Interface())
	if err != nil {
		t.Fatalf("%s %v does not encode: %v", v.Type(), v, err)
	}
	back := reflect.New(v.Type())
	if err := json.Unmarshal(first, back.Interface()); err != nil {
		t.Fatalf("%s encodes as %s, which does not decode: %v", v.Type(), first, err)
	}
	second, err := json.Marshal(back.Elem().Interface())
	if err != nil {
		t.Fatalf("%s encodes as %s, which decodes to a value that does not encode: %v", v.Type(), first, err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("%s does not round-trip byte for byte:\n first %s\nsecond %s", v.Type(), first, second)
	}
}
