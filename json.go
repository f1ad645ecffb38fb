package hypercare

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// This file holds the package's JSON: the duration and zone forms, every
// shadow type and every MarshalJSON and UnmarshalJSON, so that the wire
// format of the whole package can be read in one place. Durations are Go
// duration strings ("16h0m0s"), locations IANA names, decimals strings.

// unmarshalFields decodes b into v as json.Unmarshal does, except that an
// error says where in the JSON it is and what JSON was wanted there (JSON
// field "events[2].at": "June 1st" is not an RFC 3339 time string such as
// ...) instead of naming Go types the caller never sees, and wraps
// ErrInvalid. A syntax error is returned as json.Unmarshal returns it. Every
// UnmarshalJSON of the package decodes through it, so the path of a field
// inside a nested value is joined to the path of that value.
func unmarshalFields(b []byte, v any) error {
	err := json.Unmarshal(b, v)
	var se *json.SyntaxError
	if err == nil || errors.As(err, &se) {
		return err
	}
	bad := locate(b, reflect.TypeOf(v).Elem(), "")
	if bad.err == nil { // not found again: say what json said, at the top
		bad = badPiece{raw: b, typ: reflect.TypeOf(v).Elem(), err: err}
	}
	return bad.fieldError()
}

// A JSONError is JSON that does not decode into one of the package's types,
// said in the words of the JSON: where the bad value is and what is wrong
// with it. Every decode error of the package other than a syntax error is a
// *JSONError, and it wraps ErrInvalid. A tool that knows more about where
// the JSON came from (a file and line) can show Path and Reason its own way.
type JSONError struct {
	// Path is the bad value's place in the decoded value, by JSON keys and
	// array indices ("events[2].at"); empty when it is the value itself.
	Path string
	// Reason says what is wrong, without the path: `"June 1st" is not an
	// RFC 3339 time string such as ...`, `got a number, want a string`, or
	// the message of the validation the value failed.
	Reason string
}

// Error returns `hypercare: JSON field "<path>": <reason>`, or
// "hypercare: JSON: <reason>" for the value itself.
func (e *JSONError) Error() string {
	if e.Path == "" {
		return "hypercare: JSON: " + e.Reason
	}
	return fmt.Sprintf("hypercare: JSON field %q: %s", e.Path, e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *JSONError) Unwrap() error { return ErrInvalid }

// badPiece is the innermost piece of a JSON document that does not decode:
// its path, its JSON, the Go type it was decoded into and the error.
type badPiece struct {
	path string
	raw  []byte
	typ  reflect.Type
	err  error
}

// fieldError words the piece's error for a reader of the JSON as a
// *JSONError: a nested decoder's error keeps its reason under the joined
// path; a validation error keeps its message; a value of the wrong kind
// says what was wanted.
func (p badPiece) fieldError() error {
	var fe *JSONError
	var reason string
	switch raw := bytes.TrimSpace(p.raw); {
	case errors.As(p.err, &fe):
		return &JSONError{Path: joinPath(p.path, fe.Path), Reason: fe.Reason}
	case errors.Is(p.err, ErrInvalid):
		reason = strings.TrimPrefix(p.err.Error(), "hypercare: ")
	case jsonKind(raw) == "a string" && strings.Contains(jsonWant(p.typ), "string"):
		reason = fmt.Sprintf("%s is not %s", raw, jsonWant(p.typ)) // a string of the wrong form
	default:
		reason = fmt.Sprintf("got %s, want %s", jsonKind(raw), jsonWant(p.typ))
	}
	return &JSONError{Path: p.path, Reason: reason}
}

func joinPath(outer, inner string) string {
	switch {
	case outer == "":
		return inner
	case inner == "" || inner[0] == '[':
		return outer + inner
	}
	return outer + "." + inner
}

// locate finds where decoding raw into a value of type t fails: it decodes
// raw piece by piece along t's fields, elements and map values and returns
// the innermost piece that fails on its own. Its err is nil if raw decodes.
// It runs only after a failed decode, so its cost is no concern.
func locate(raw []byte, t reflect.Type, path string) badPiece {
	err := json.Unmarshal(raw, reflect.New(t).Interface())
	if err == nil {
		return badPiece{}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var inner badPiece
	switch {
	case hasDecoder(t):
	case t.Kind() == reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			break
		}
		for _, f := range jsonFields(t) {
			if key, ok := lookupKey(obj, f.name); ok && inner.err == nil {
				inner = locate(obj[key], f.typ, joinPath(path, key))
			}
		}
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		var elems []json.RawMessage
		if json.Unmarshal(raw, &elems) != nil {
			break
		}
		for i, v := range elems {
			if inner.err == nil {
				inner = locate(v, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
			}
		}
	case t.Kind() == reflect.Map:
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			break
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if inner.err == nil {
				inner = locate(obj[k], t.Elem(), fmt.Sprintf("%s[%q]", path, k))
			}
		}
	}
	if inner.err != nil {
		return inner
	}
	return badPiece{path: path, raw: raw, typ: t, err: err}
}

// encodesItself reports whether t has an encoder of its own (MarshalJSON
// or MarshalText).
func encodesItself(t reflect.Type) bool {
	return t.Implements(reflect.TypeFor[json.Marshaler]()) || t.Implements(reflect.TypeFor[encoding.TextMarshaler]())
}

// hasDecoder reports whether t decodes itself (UnmarshalJSON or
// UnmarshalText): its errors already say where inside it they are.
func hasDecoder(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(reflect.TypeFor[json.Unmarshaler]()) || p.Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
}

type jsonField struct {
	name  string
	typ   reflect.Type
	index []int // for reflect.Value.FieldByIndexErr
	depth int
}

// jsonFields lists the fields encoding/json decodes into a struct of type
// t, by their JSON names, with the fields of embedded structs promoted and
// a shallower field hiding a deeper one of the same name.
func jsonFields(t reflect.Type) []jsonField {
	var all []jsonField
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		depth := len(index)
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, append(slices.Clip(index), i))
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			all = append(all, jsonField{name, f.Type, append(slices.Clip(index), i), depth})
		}
	}
	walk(t, nil)
	var out []jsonField
	for _, f := range all {
		hidden := false
		for _, g := range all {
			hidden = hidden || (g.name == f.name && g.depth < f.depth)
		}
		if !hidden {
			out = append(out, f)
		}
	}
	return out
}

// lookupKey finds a field's key in a JSON object as encoding/json does:
// the exact name, else one equal under case folding.
func lookupKey(obj map[string]json.RawMessage, name string) (string, bool) {
	if _, ok := obj[name]; ok {
		return name, true
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}

// jsonKind names the kind of the JSON value raw, with its article.
func jsonKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// jsonWant names the JSON a Go type reads from, in a reader's words.
func jsonWant(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[jsonDuration]():
		return `a duration string such as "16h0m0s"`
	case reflect.TypeFor[time.Time]():
		return `an RFC 3339 time string such as "2026-06-01T09:00:00+02:00"`
	case reflect.TypeFor[decimal.Decimal]():
		return `a decimal string such as "0.8"`
	case reflect.TypeFor[Date]():
		return `a date string such as "2026-06-01"`
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return "a string (a name)"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

type calendarJSON struct {
	Location string `json:"location,omitempty"`
	Spec     string `json:"spec"`
	Holidays []Date `json:"holidays,omitempty"`
}

// MarshalJSON encodes the calendar as its location name, spec and holidays;
// Always (and the zero Calendar, which means it) is {"spec":"always"}. A
// Calendar value and a *Calendar encode alike; a nil *Calendar is null.
func (c Calendar) MarshalJSON() ([]byte, error) {
	if c.IsAlways() {
		return json.Marshal(calendarJSON{Spec: alwaysSpec})
	}
	return json.Marshal(calendarJSON{Location: c.loc.String(), Spec: c.spec, Holidays: c.holDates})
}

// UnmarshalJSON decodes what MarshalJSON encodes. The location is loaded by
// name with time.LoadLocation, so it needs the system's (or an embedded) zone
// database, and a calendar in a time.FixedZone or another location that
// LoadLocation does not know cannot be read back.
//
// The trap: it overwrites *c, and encoding/json decodes into the Calendar a
// non-nil *Calendar field already points at, which may be shared. It returns
// an error rather than turn the package's Always into another calendar; set
// such a field to nil before decoding.
func (c *Calendar) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // as encoding/json asks: leave the value alone
		return nil
	}
	var v calendarJSON
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	if v.Spec == alwaysSpec {
		if c != Always { // never write to the shared Always, not even itself
			*c = *Always
		}
		return nil
	}
	if c == Always {
		return invalidf("hypercare: calendar %q: cannot decode into hypercare.Always, which is shared; decode into a nil *Calendar", v.Spec)
	}
	loc, err := loadLocation(v.Location)
	if err != nil {
		return err
	}
	n, err := NewCalendar(loc, v.Spec, v.Holidays...)
	if err != nil {
		return err
	}
	*c = *n
	return nil
}

// MarshalJSON encodes p as {"criteria": [...]}; see ExitPolicy.
func (p ExitPolicy) MarshalJSON() ([]byte, error) {
	raw, err := encodeCriteria(p.Criteria)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		Criteria []json.RawMessage `json:"criteria"`
	}{raw})
}

// UnmarshalJSON decodes what MarshalJSON encodes. An unknown kind is an
// error; a custom criterion becomes a placeholder (see Bind); null leaves p
// alone.
func (p *ExitPolicy) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // as encoding/json does: null leaves the value alone
		return nil
	}
	var v struct {
		Criteria []json.RawMessage `json:"criteria"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	cs, err := decodeCriteria(v.Criteria)
	if err != nil {
		return err
	}
	*p = ExitPolicy{Criteria: cs}
	return nil
}

func encodeCriteria(cs []Criterion) ([]json.RawMessage, error) {
	var out []json.RawMessage
	for _, c := range cs {
		var b []byte
		var err error
		switch c := c.(type) {
		case nil:
			err = invalidf("hypercare: exit policy: nil criterion")
		case builtin:
			b, err = json.Marshal(c)
		default: // written outside the package, or a placeholder for one
			b, err = marshalKind("custom", struct {
				Name string `json:"name"`
			}{c.Name()})
		}
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func decodeCriteria(raws []json.RawMessage) ([]Criterion, error) {
	var out []Criterion
	for _, raw := range raws {
		var head struct {
			Kind string            `json:"kind"`
			Name string            `json:"name"`
			Of   []json.RawMessage `json:"of"`
		}
		if err := unmarshalFields(raw, &head); err != nil {
			return nil, err
		}
		var c Criterion
		var err error
		switch head.Kind {
		case "no-new-issues":
			c, err = decodeAs[NoNewIssues](raw)
		case "defect-rate":
			c, err = decodeAs[DefectRate](raw)
		case "takeover":
			c, err = decodeAs[Takeover](raw)
		case "none-open":
			c, err = decodeAs[NoneOpen](raw)
		case "sla-compliance":
			c, err = decodeAs[SLACompliance](raw)
		case "sponsor-sign-off":
			c, err = decodeAs[SponsorSignOff](raw)
		case "all", "any":
			var parts []Criterion
			parts, err = decodeCriteria(head.Of)
			if head.Kind == "all" {
				c = allOf(parts)
			} else {
				c = anyOf(parts)
			}
		case "custom":
			c = unbound(head.Name)
		default:
			err = invalidf("hypercare: exit policy: unknown criterion kind %q", head.Kind)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func decodeAs[T Criterion](raw []byte) (Criterion, error) {
	var c T
	err := unmarshalFields(raw, &c)
	return c, err
}

// marshalKind encodes v (a struct) with "kind" as its first field.
func marshalKind(kind string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	head := []byte(`{"kind":"` + kind + `"`)
	if len(b) <= 2 {
		return append(head, '}'), nil
	}
	return append(append(head, ','), b[1:]...), nil
}

func (a allOf) MarshalJSON() ([]byte, error) { return marshalParts("all", a) }

func (a anyOf) MarshalJSON() ([]byte, error) { return marshalParts("any", a) }

// MarshalJSON encodes c with "kind": "no-new-issues".
func (c NoNewIssues) MarshalJSON() ([]byte, error) {
	type plain NoNewIssues
	return marshalKind(c.exitKind(), plain(c))
}

// MarshalJSON encodes c with "kind": "defect-rate".
func (c DefectRate) MarshalJSON() ([]byte, error) {
	type plain DefectRate
	return marshalKind(c.exitKind(), plain(c))
}

// MarshalJSON encodes c with "kind": "takeover".
func (c Takeover) MarshalJSON() ([]byte, error) {
	type plain Takeover
	return marshalKind(c.exitKind(), plain(c))
}

// MarshalJSON encodes c with "kind": "none-open".
func (c NoneOpen) MarshalJSON() ([]byte, error) {
	type plain NoneOpen
	return marshalKind(c.exitKind(), plain(c))
}

// MarshalJSON encodes c with "kind": "sla-compliance".
func (c SLACompliance) MarshalJSON() ([]byte, error) {
	type plain SLACompliance
	return marshalKind(c.exitKind(), plain(c))
}

// MarshalJSON encodes c with "kind": "sponsor-sign-off".
func (c SponsorSignOff) MarshalJSON() ([]byte, error) {
	type plain SponsorSignOff
	return marshalKind(c.exitKind(), plain(c))
}

// MarshalJSON encodes p with its zone as an IANA name under "zone".
func (p Person) MarshalJSON() ([]byte, error) {
	type plain Person
	return json.Marshal(struct {
		plain
		Zone string `json:"zone,omitempty"`
	}{plain(p), zoneName(p.Zone)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (p *Person) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // as encoding/json does: null leaves the value alone
		return nil
	}
	type plain Person
	var v struct {
		plain
		Zone string `json:"zone,omitempty"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*p = Person(v.plain)
	if v.Zone != "" {
		loc, err := loadLocation(v.Zone)
		if err != nil {
			return err
		}
		p.Zone = loc
	}
	return encodes(*p) // what decodes also encodes
}

func zoneName(loc *time.Location) string {
	if loc == nil {
		return ""
	}
	return loc.String()
}

// MarshalJSON encodes the issue with its timeline under "events" and the
// events it holds but cannot place yet under "held" (omitted when none).
func (is Issue) MarshalJSON() ([]byte, error) {
	type plain Issue
	return json.Marshal(struct {
		plain
		Events []Event     `json:"events"`
		Held   []HeldEvent `json:"held,omitempty"`
	}{plain(is), is.events, is.held})
}

// UnmarshalJSON decodes what MarshalJSON encodes: it appends the timeline
// through Append, so a timeline that is not valid is an error, then inserts
// the held events through Insert (their reasons are derived again, not
// read).
func (is *Issue) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // as encoding/json does: null leaves the value alone
		return nil
	}
	type plain Issue
	type plainEvent Event // Append validates each event: no need to encode it again
	var v struct {
		plain
		Events []plainEvent `json:"events"`
		Held   []HeldEvent  `json:"held"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	n := Issue(v.plain)
	n.events, n.held, n.state = nil, nil, State{}
	events := make([]Event, len(v.Events))
	for i, e := range v.Events {
		events[i] = Event(e)
	}
	if err := n.Append(events...); err != nil {
		return err
	}
	held := make([]Event, len(v.Held))
	for i, h := range v.Held {
		held[i] = h.Event
	}
	if _, err := n.Insert(held...); err != nil {
		return err
	}
	*is = n
	return nil
}

// MarshalJSON encodes e with its location as an IANA name under "location",
// and its severities by its Scheme's names (see Scheme).
func (e Engagement) MarshalJSON() ([]byte, error) {
	type plain Engagement
	b, err := json.Marshal(struct {
		plain
		Location string `json:"location"`
	}{plain(e), zoneName(e.Location)})
	if err != nil {
		return nil, err
	}
	return schemeNames(b, e.Scheme)
}

// UnmarshalJSON decodes what MarshalJSON encodes; the location is loaded with
// time.LoadLocation. It validates what it read (Engagement.Validate), so an
// engagement that decodes also encodes; on an error *e is unchanged. The
// one exception is exactly what the zero Engagement encodes to, which reads
// back as the zero Engagement (an input whose engagement was left out).
func (e *Engagement) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // as encoding/json does: null leaves the value alone
		return nil
	}
	type plain Engagement
	var v struct {
		plain
		Location string `json:"location"`
	}
	b, err := canonicalNames(b)
	if err != nil {
		return err
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	n := Engagement(v.plain)
	n.Location = nil
	if v.Location != "" {
		loc, err := loadLocation(v.Location)
		if err != nil {
			return err
		}
		n.Location = loc
	}
	// The zero Engagement (an input's engagement left out) reads back as
	// it was written; anything else must be valid.
	if zero, err := json.Marshal(Engagement{}); err != nil || !bytes.Equal(compactJSON(b), zero) {
		if err := n.Validate(); err != nil {
			return err
		}
	}
	*e = n
	return nil
}

// compactJSON returns b without insignificant space, or b if it is not JSON.
func compactJSON(b []byte) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}

// jsonDuration is how every time.Duration of the package reads in JSON: a Go
// duration string such as "16h0m0s" (negative ones too: "-1h30m0s"). The
// empty string reads as 0.
type jsonDuration time.Duration

// MarshalText encodes d as time.Duration.String does.
func (d jsonDuration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText decodes a Go duration string, naming it if it is bad.
func (d *jsonDuration) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return invalidf("hypercare: duration %q: want a Go duration such as \"16h0m0s\"", b)
	}
	*d = jsonDuration(v)
	return nil
}

// MarshalJSON encodes c with its zone as an IANA name under "location".
func (c ICalendar) MarshalJSON() ([]byte, error) {
	type plain ICalendar
	return jsonWithZone(plain(c), c.Zone)
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (c *ICalendar) UnmarshalJSON(b []byte) error {
	type plain ICalendar
	var v plain
	loc, err := jsonWithoutZone(b, &v)
	if err != nil {
		return err
	}
	*c = ICalendar(v)
	c.Zone = loc
	return nil
}

// MarshalJSON encodes s with PerDay as a Go duration string under "per_day".
func (s Staffing) MarshalJSON() ([]byte, error) {
	type plain Staffing
	return json.Marshal(struct {
		plain
		PerDay jsonDuration `json:"per_day,omitempty"`
	}{plain(s), jsonDuration(s.PerDay)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (s *Staffing) UnmarshalJSON(b []byte) error {
	type plain Staffing
	var v struct {
		plain
		PerDay jsonDuration `json:"per_day,omitempty"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*s = Staffing(v.plain)
	s.PerDay = time.Duration(v.PerDay)
	return encodes(*s) // what decodes also encodes
}

// MarshalJSON encodes c with Length as a Go duration string under "length".
func (c Cadence) MarshalJSON() ([]byte, error) {
	type plain Cadence
	return json.Marshal(struct {
		plain
		Length jsonDuration `json:"length,omitempty"`
	}{plain(c), jsonDuration(c.Length)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (c *Cadence) UnmarshalJSON(b []byte) error {
	type plain Cadence
	var v struct {
		plain
		Length jsonDuration `json:"length,omitempty"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*c = Cadence(v.plain)
	c.Length = time.Duration(v.Length)
	return encodes(*c) // what decodes also encodes
}

// MarshalJSON encodes r with UnownedFor as a Go duration string under
// "unowned_for".
func (r PitfallRules) MarshalJSON() ([]byte, error) {
	type plain PitfallRules
	return json.Marshal(struct {
		plain
		UnownedFor jsonDuration `json:"unowned_for,omitempty"`
	}{plain(r), jsonDuration(r.UnownedFor)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (r *PitfallRules) UnmarshalJSON(b []byte) error {
	type plain PitfallRules
	var v struct {
		plain
		UnownedFor jsonDuration `json:"unowned_for,omitempty"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*r = PitfallRules(v.plain)
	r.UnownedFor = time.Duration(v.UnownedFor)
	return nil
}

// MarshalJSON encodes l with Hours as a Go duration string under "hours".
func (l CostLine) MarshalJSON() ([]byte, error) {
	type plain CostLine
	return json.Marshal(struct {
		plain
		Hours jsonDuration `json:"hours"`
	}{plain(l), jsonDuration(l.Hours)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (l *CostLine) UnmarshalJSON(b []byte) error {
	type plain CostLine
	var v struct {
		plain
		Hours jsonDuration `json:"hours"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*l = CostLine(v.plain)
	l.Hours = time.Duration(v.Hours)
	return encodes(*l) // what decodes also encodes
}

// MarshalJSON encodes r with its location as an IANA name under
// "location", and its severities by its Scheme's names.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	b, err := jsonWithZone(plain(r), r.Location)
	if err != nil {
		return nil, err
	}
	return schemeNames(b, r.Scheme)
}

// UnmarshalJSON decodes what MarshalJSON encodes; the location is loaded
// with time.LoadLocation. Severities may be the scheme's names or
// canonical ones.
func (r *Report) UnmarshalJSON(b []byte) error {
	type plain Report
	var v plain
	b, err := canonicalNames(b)
	if err != nil {
		return err
	}
	loc, err := jsonWithoutZone(b, &v)
	if err != nil {
		return err
	}
	*r = Report(v)
	r.Location = loc
	return encodes(*r) // what decodes also encodes
}

type rulesJSON struct {
	MinRest            jsonDuration            `json:"min_rest,omitempty"`
	MaxConsecutiveDays int                     `json:"max_consecutive_days,omitempty"`
	MaxPer7Days        jsonDuration            `json:"max_per_7_days,omitempty"`
	MaxOnCallShare     decimal.Decimal         `json:"max_on_call_share,omitzero"`
	Limits             map[PersonID]RotaLimits `json:"limits,omitempty"`
	Carried            map[PersonID]Load       `json:"carried,omitempty"`
	Hours              string                  `json:"hours,omitempty"`
	Sleep              string                  `json:"sleep,omitempty"`
	History            []Shift                 `json:"history,omitempty"`
	Pinned             []Pin                   `json:"pinned,omitempty"`
	SustainableShare   decimal.Decimal         `json:"sustainable_share,omitzero"`
}

// MarshalJSON encodes r with its durations as Go duration strings ("11h0m0s")
// and its location as an IANA name under "location".
func (r RotaRules) MarshalJSON() ([]byte, error) {
	return jsonWithZone(rulesJSON{jsonDuration(r.MinRest), r.MaxConsecutiveDays, jsonDuration(r.MaxPer7Days),
		r.MaxOnCallShare, r.Limits, r.Carried, r.Hours, r.Sleep, r.History, r.Pinned, r.SustainableShare}, r.Location)
}

// UnmarshalJSON decodes what MarshalJSON encodes; the location is loaded with
// time.LoadLocation.
func (r *RotaRules) UnmarshalJSON(b []byte) error {
	var v rulesJSON
	loc, err := jsonWithoutZone(b, &v)
	if err != nil {
		return err
	}
	*r = RotaRules{MinRest: time.Duration(v.MinRest), MaxConsecutiveDays: v.MaxConsecutiveDays, MaxPer7Days: time.Duration(v.MaxPer7Days),
		MaxOnCallShare: v.MaxOnCallShare, Limits: v.Limits, Carried: v.Carried, Hours: v.Hours, Sleep: v.Sleep,
		History: v.History, Pinned: v.Pinned, SustainableShare: v.SustainableShare, Location: loc}
	return nil
}

type limitsJSON struct {
	MinRest            jsonDuration    `json:"min_rest,omitempty"`
	MaxConsecutiveDays int             `json:"max_consecutive_days,omitempty"`
	MaxPer7Days        jsonDuration    `json:"max_per_7_days,omitempty"`
	MaxOnCallShare     decimal.Decimal `json:"max_on_call_share,omitzero"`
	Hours              string          `json:"hours,omitempty"`
}

// MarshalJSON encodes l with its durations as Go duration strings.
func (l RotaLimits) MarshalJSON() ([]byte, error) {
	return json.Marshal(limitsJSON{jsonDuration(l.MinRest), l.MaxConsecutiveDays, jsonDuration(l.MaxPer7Days), l.MaxOnCallShare, l.Hours})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (l *RotaLimits) UnmarshalJSON(b []byte) error {
	var v limitsJSON
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*l = RotaLimits{MinRest: time.Duration(v.MinRest), MaxConsecutiveDays: v.MaxConsecutiveDays, MaxPer7Days: time.Duration(v.MaxPer7Days), MaxOnCallShare: v.MaxOnCallShare, Hours: v.Hours}
	return nil
}

type loadJSON struct {
	plainLoad
	Total   jsonDuration `json:"total"`
	Sleep   jsonDuration `json:"sleep"`
	Weekend jsonDuration `json:"weekend"`
	OnCall  jsonDuration `json:"on_call"`
}

type plainLoad Load

// MarshalJSON encodes l with its durations as Go duration strings.
func (l Load) MarshalJSON() ([]byte, error) {
	return json.Marshal(loadJSON{plainLoad(l), jsonDuration(l.Total), jsonDuration(l.Sleep), jsonDuration(l.Weekend), jsonDuration(l.OnCall)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (l *Load) UnmarshalJSON(b []byte) error {
	var v loadJSON
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*l = Load(v.plainLoad)
	l.Total, l.Sleep, l.Weekend, l.OnCall = time.Duration(v.Total), time.Duration(v.Sleep), time.Duration(v.Weekend), time.Duration(v.OnCall)
	return nil
}

type fairnessJSON struct {
	plainFairness
	Max          jsonDuration `json:"max"`
	Min          jsonDuration `json:"min"`
	Range        jsonDuration `json:"range"`
	SleepRange   jsonDuration `json:"sleep_range"`
	WeekendRange jsonDuration `json:"weekend_range"`
}

type plainFairness Fairness

// MarshalJSON encodes f with its durations as Go duration strings.
func (f Fairness) MarshalJSON() ([]byte, error) {
	return json.Marshal(fairnessJSON{plainFairness(f), jsonDuration(f.Max), jsonDuration(f.Min), jsonDuration(f.Range),
		jsonDuration(f.SleepRange), jsonDuration(f.WeekendRange)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (f *Fairness) UnmarshalJSON(b []byte) error {
	var v fairnessJSON
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*f = Fairness(v.plainFairness)
	f.Max, f.Min, f.Range = time.Duration(v.Max), time.Duration(v.Min), time.Duration(v.Range)
	f.SleepRange, f.WeekendRange = time.Duration(v.SleepRange), time.Duration(v.WeekendRange)
	return nil
}

type boundJSON struct {
	plainBound
	Total jsonDuration `json:"total"`
}

type plainBound Bound

// MarshalJSON encodes b with Total as a Go duration string.
func (b Bound) MarshalJSON() ([]byte, error) {
	return json.Marshal(boundJSON{plainBound(b), jsonDuration(b.Total)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (b *Bound) UnmarshalJSON(data []byte) error {
	var v boundJSON
	if err := unmarshalFields(data, &v); err != nil {
		return err
	}
	*b = Bound(v.plainBound)
	b.Total = time.Duration(v.Total)
	return nil
}

// jsonWithZone encodes the struct v (whose own location field is hidden
// from JSON) with loc's IANA name added under "location" when loc is set.
func jsonWithZone(v any, loc *time.Location) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || loc == nil {
		return b, err
	}
	name, err := json.Marshal(loc.String())
	if err != nil {
		return nil, err
	}
	out := append([]byte(`{"location":`), name...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}

// jsonWithoutZone decodes b into v and returns the location named under
// "location" (nil when absent), loaded with time.LoadLocation.
func jsonWithoutZone(b []byte, v any) (*time.Location, error) {
	if err := unmarshalFields(b, v); err != nil {
		return nil, err
	}
	var z struct {
		Location string `json:"location"`
	}
	if err := unmarshalFields(b, &z); err != nil || z.Location == "" {
		return nil, err
	}
	return loadLocation(z.Location)
}

// MarshalJSON encodes r with its location as an IANA name under "location".
func (r HeroRules) MarshalJSON() ([]byte, error) {
	type plain HeroRules
	return jsonWithZone(plain(r), r.Location)
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (r *HeroRules) UnmarshalJSON(b []byte) error {
	type plain HeroRules
	var v plain
	loc, err := jsonWithoutZone(b, &v)
	if err != nil {
		return err
	}
	*r = HeroRules(v)
	r.Location = loc
	return nil
}

type targetJSON struct {
	Severity Severity     `json:"severity"`
	Metric   Metric       `json:"metric"`
	Within   jsonDuration `json:"within"`
	Calendar *Calendar    `json:"calendar,omitempty"`
}

// MarshalJSON encodes the target with Within as a Go duration string ("16h0m0s").
func (t Target) MarshalJSON() ([]byte, error) {
	cal := t.Calendar
	if cal.IsAlways() {
		cal = nil
	}
	return json.Marshal(targetJSON{t.Severity, t.Metric, jsonDuration(t.Within), cal})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (t *Target) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var v targetJSON
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	if v.Calendar.IsAlways() {
		v.Calendar = nil
	}
	*t = Target{v.Severity, v.Metric, time.Duration(v.Within), v.Calendar}
	return encodes(*t) // what decodes also encodes
}

// clockJSON is Clock with its durations as Go duration strings.
type clockJSON struct {
	plainClock
	Target    jsonDuration `json:"target"`
	Elapsed   jsonDuration `json:"elapsed"`
	Remaining jsonDuration `json:"remaining"`
}

type plainClock Clock

// MarshalJSON encodes c with Target, Elapsed and Remaining as Go duration
// strings ("16h0m0s", "-1h30m0s").
func (c Clock) MarshalJSON() ([]byte, error) {
	return json.Marshal(clockJSON{plainClock(c), jsonDuration(c.Target), jsonDuration(c.Elapsed), jsonDuration(c.Remaining)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (c *Clock) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var v clockJSON
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*c = Clock(v.plainClock)
	c.Target, c.Elapsed, c.Remaining = time.Duration(v.Target), time.Duration(v.Elapsed), time.Duration(v.Remaining)
	return encodes(*c) // what decodes also encodes
}

// MarshalJSON encodes in with its severities by its Scheme's names (the
// engagement's by its own).
func (in ReportInput) MarshalJSON() ([]byte, error) {
	type plain ReportInput
	b, err := json.Marshal(plain(in))
	if err != nil {
		return nil, err
	}
	return schemeNames(b, in.Scheme)
}

// UnmarshalJSON decodes what MarshalJSON encodes; severities may be the
// scheme's names or canonical ones.
func (in *ReportInput) UnmarshalJSON(b []byte) error {
	type plain ReportInput
	b, err := canonicalNames(b)
	if err != nil {
		return err
	}
	var v plain
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*in = ReportInput(v)
	return nil
}

// MarshalJSON encodes in with its severities by its Scheme's names (the
// engagement's by its own).
func (in PitfallInput) MarshalJSON() ([]byte, error) {
	type plain PitfallInput
	b, err := json.Marshal(plain(in))
	if err != nil {
		return nil, err
	}
	return schemeNames(b, in.Scheme)
}

// UnmarshalJSON decodes what MarshalJSON encodes; severities may be the
// scheme's names or canonical ones.
func (in *PitfallInput) UnmarshalJSON(b []byte) error {
	type plain PitfallInput
	b, err := canonicalNames(b)
	if err != nil {
		return err
	}
	var v plain
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*in = PitfallInput(v)
	return nil
}

// Severities by a scheme's names. A JSON object that holds a "scheme" writes
// the severities under its "severity" and "at_least" keys by the scheme's
// names and reads them back by those names or the canonical ones. The
// scheme itself, and a nested "engagement" object (which carries its own
// scheme), are left as they are.

// schemeNames rewrites the canonical severities of b by sc's names; b is
// returned as it is when sc is canonical or invalid (an invalid scheme has
// no reliable names, so the canonical ones are written).
func schemeNames(b []byte, sc Scheme) ([]byte, error) {
	if sc.canonical() || sc.Validate() != nil {
		return b, nil
	}
	return rewriteSeverities(b, func(name string) string {
		var s Severity
		if s.UnmarshalText([]byte(name)) != nil {
			return name
		}
		return sc.Name(s)
	})
}

// canonicalNames reads the "scheme" of the JSON object b and rewrites the
// severities named by it canonically; b is returned as it is when it has no
// scheme.
func canonicalNames(b []byte) ([]byte, error) {
	var head struct {
		Scheme Scheme `json:"scheme"`
	}
	if err := unmarshalFields(b, &head); err != nil || head.Scheme.canonical() || head.Scheme.Validate() != nil {
		return b, err
	}
	return rewriteSeverities(b, func(name string) string {
		if s, err := head.Scheme.Parse(name); err == nil {
			return s.String()
		}
		return name // canonical, or unknown: Severity.UnmarshalText says so
	})
}

// rewriteSeverities returns b with each string under a "severity" or
// "at_least" key replaced by f, keeping everything else, order included.
func rewriteSeverities(b []byte, f func(string) string) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	type frame struct {
		object bool
		n      int    // keys and values seen
		key    string // the last key, in an object
		keep   bool   // inside a subtree left as it is
	}
	var out bytes.Buffer
	var stack []frame
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out.Bytes(), nil
		}
		if err != nil {
			return nil, err
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			out.WriteByte(byte(d))
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				stack[len(stack)-1].n++
			}
			continue
		}
		if top != nil {
			switch {
			case top.object && top.n%2 == 1:
				out.WriteByte(':')
			case top.n > 0:
				out.WriteByte(',')
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			keep := top != nil && (top.keep || top.object && (top.key == "scheme" || top.key == "engagement"))
			stack = append(stack, frame{object: t == '{', keep: keep})
			out.WriteByte(byte(t))
			continue
		case string:
			if top != nil && top.object && top.n%2 == 0 {
				top.key = t
			} else if top != nil && top.object && !top.keep && (top.key == "severity" || top.key == "at_least") {
				t = f(t)
			}
			q, err := json.Marshal(t)
			if err != nil {
				return nil, err
			}
			out.Write(q)
		case json.Number:
			out.WriteString(t.String())
		case bool:
			if t {
				out.WriteString("true")
			} else {
				out.WriteString("false")
			}
		case nil:
			out.WriteString("null")
		}
		if top != nil {
			top.n++
		}
	}
}

// MarshalJSON encodes the target with Always as no calendar.
func (t DeadlineTarget) MarshalJSON() ([]byte, error) {
	type plain DeadlineTarget
	if t.Calendar.IsAlways() {
		t.Calendar = nil
	}
	return json.Marshal(plain(t))
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (t *DeadlineTarget) UnmarshalJSON(b []byte) error {
	type plain DeadlineTarget
	var v plain
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	if v.Calendar.IsAlways() {
		v.Calendar = nil
	}
	*t = DeadlineTarget(v)
	return encodes(*t) // what decodes also encodes
}

// MarshalJSON encodes the target with Every as a Go duration string.
func (t UpdateTarget) MarshalJSON() ([]byte, error) {
	type plain UpdateTarget
	if t.Calendar.IsAlways() {
		t.Calendar = nil
	}
	return json.Marshal(struct {
		plain
		Every jsonDuration `json:"every"`
	}{plain(t), jsonDuration(t.Every)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (t *UpdateTarget) UnmarshalJSON(b []byte) error {
	type plain UpdateTarget
	var v struct {
		plain
		Every jsonDuration `json:"every"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*t = UpdateTarget(v.plain)
	t.Every = time.Duration(v.Every)
	if t.Calendar.IsAlways() {
		t.Calendar = nil
	}
	return encodes(*t) // what decodes also encodes
}

// MarshalJSON encodes the clock with Every as a Go duration string.
func (c UpdateClock) MarshalJSON() ([]byte, error) {
	type plain UpdateClock
	return json.Marshal(struct {
		plain
		Every jsonDuration `json:"every"`
	}{plain(c), jsonDuration(c.Every)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (c *UpdateClock) UnmarshalJSON(b []byte) error {
	type plain UpdateClock
	var v struct {
		plain
		Every jsonDuration `json:"every"`
	}
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*c = UpdateClock(v.plain)
	c.Every = time.Duration(v.Every)
	return encodes(*c) // what decodes also encodes
}

type warningJSON struct {
	plainWarning
	Gap jsonDuration `json:"gap,omitempty"`
}

type plainWarning RotaWarning

// MarshalJSON encodes w with its gap as a Go duration string.
func (w RotaWarning) MarshalJSON() ([]byte, error) {
	return json.Marshal(warningJSON{plainWarning(w), jsonDuration(w.Gap)})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (w *RotaWarning) UnmarshalJSON(b []byte) error {
	var v warningJSON
	if err := unmarshalFields(b, &v); err != nil {
		return err
	}
	*w = RotaWarning(v.plainWarning)
	w.Gap = time.Duration(v.Gap)
	return encodes(*w) // what decodes also encodes
}

// encodes returns nil if v encodes as JSON, and otherwise a *JSONError
// naming the innermost field that does not and why ("type": "event type 0
// is not valid"), so that a decoder can refuse what would not encode again.
func encodes(v any) error {
	if _, err := json.Marshal(v); err != nil {
		path, cause := unencodable(reflect.ValueOf(v), "")
		return &JSONError{Path: path, Reason: strings.TrimPrefix(cause.Error(), "hypercare: ")}
	}
	return nil
}

// unencodable finds the innermost field, element or map value of v that
// does not encode, with its path and the error of its own encoder.
func unencodable(v reflect.Value, path string) (string, error) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return path, nil
		}
		v = v.Elem()
	}
	_, err := json.Marshal(v.Interface())
	if err == nil {
		return path, nil
	}
	switch {
	case path != "" && encodesItself(v.Type()): // its fields are its encoder's business
	case v.Kind() == reflect.Struct:
		for _, f := range jsonFields(v.Type()) {
			fv, ferr := v.FieldByIndexErr(f.index)
			if ferr != nil || !fv.CanInterface() {
				continue
			}
			if p, e := unencodable(fv, joinPath(path, f.name)); e != nil {
				return p, e
			}
		}
	case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
		for i := range v.Len() {
			if p, e := unencodable(v.Index(i), fmt.Sprintf("%s[%d]", path, i)); e != nil {
				return p, e
			}
		}
	}
	for { // the innermost encoder's own error, without json's words
		var me *json.MarshalerError
		if !errors.As(err, &me) {
			return path, err
		}
		err = me.Unwrap()
	}
}
