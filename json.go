package hypercare

import (
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"
)

// This file holds the package's JSON: the duration and zone forms, every
// shadow type and every MarshalJSON and UnmarshalJSON, so that the wire
// format of the whole package can be read in one place. Durations are Go
// duration strings ("16h0m0s"), locations IANA names, decimals strings.

type calendarJSON struct {
	Location string `json:"location,omitempty"`
	Spec     string `json:"spec"`
	Holidays []Date `json:"holidays,omitempty"`
}

// MarshalJSON encodes the calendar as its location name, spec and holidays;
// Always is {"spec":"always"}.
func (c *Calendar) MarshalJSON() ([]byte, error) {
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
	if err := json.Unmarshal(b, &v); err != nil {
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
	if err := json.Unmarshal(b, &v); err != nil {
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
		if err := json.Unmarshal(raw, &head); err != nil {
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
	err := json.Unmarshal(raw, &c)
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
	if err := json.Unmarshal(b, &v); err != nil {
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
	return nil
}

func zoneName(loc *time.Location) string {
	if loc == nil {
		return ""
	}
	return loc.String()
}

// MarshalJSON encodes the issue with its timeline under "events".
func (is Issue) MarshalJSON() ([]byte, error) {
	type plain Issue
	return json.Marshal(struct {
		plain
		Events []Event `json:"events"`
	}{plain(is), is.events})
}

// UnmarshalJSON decodes what MarshalJSON encodes, replaying the timeline
// through Append, so an invalid timeline is an error.
func (is *Issue) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // as encoding/json does: null leaves the value alone
		return nil
	}
	type plain Issue
	var v struct {
		plain
		Events []Event `json:"events"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n := Issue(v.plain)
	n.events, n.state = nil, State{}
	if err := n.Append(v.Events...); err != nil {
		return err
	}
	*is = n
	return nil
}

// MarshalJSON encodes e with its location as an IANA name under "location".
func (e Engagement) MarshalJSON() ([]byte, error) {
	type plain Engagement
	return json.Marshal(struct {
		plain
		Location string `json:"location"`
	}{plain(e), zoneName(e.Location)})
}

// UnmarshalJSON decodes what MarshalJSON encodes; the location is loaded with
// time.LoadLocation.
func (e *Engagement) UnmarshalJSON(b []byte) error {
	if string(b) == "null" { // as encoding/json does: null leaves the value alone
		return nil
	}
	type plain Engagement
	var v struct {
		plain
		Location string `json:"location"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*e = Engagement(v.plain)
	e.Location = nil
	if v.Location != "" {
		loc, err := loadLocation(v.Location)
		if err != nil {
			return err
		}
		e.Location = loc
	}
	return nil
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
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Staffing(v.plain)
	s.PerDay = time.Duration(v.PerDay)
	return nil
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
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Cadence(v.plain)
	c.Length = time.Duration(v.Length)
	return nil
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
	if err := json.Unmarshal(b, &v); err != nil {
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
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*l = CostLine(v.plain)
	l.Hours = time.Duration(v.Hours)
	return nil
}

// MarshalJSON encodes r with its location as an IANA name under
// "location".
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	return jsonWithZone(plain(r), r.Location)
}

// UnmarshalJSON decodes what MarshalJSON encodes; the location is loaded
// with time.LoadLocation.
func (r *Report) UnmarshalJSON(b []byte) error {
	type plain Report
	var v plain
	loc, err := jsonWithoutZone(b, &v)
	if err != nil {
		return err
	}
	*r = Report(v)
	r.Location = loc
	return nil
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
	if err := json.Unmarshal(b, &v); err != nil {
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
	if err := json.Unmarshal(b, &v); err != nil {
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
	if err := json.Unmarshal(b, &v); err != nil {
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
	if err := json.Unmarshal(data, &v); err != nil {
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
	if err := json.Unmarshal(b, v); err != nil {
		return nil, err
	}
	var z struct {
		Location string `json:"location"`
	}
	if err := json.Unmarshal(b, &z); err != nil || z.Location == "" {
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
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.Calendar.IsAlways() {
		v.Calendar = nil
	}
	*t = Target{v.Severity, v.Metric, time.Duration(v.Within), v.Calendar}
	return nil
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
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Clock(v.plainClock)
	c.Target, c.Elapsed, c.Remaining = time.Duration(v.Target), time.Duration(v.Elapsed), time.Duration(v.Remaining)
	return nil
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
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*w = RotaWarning(v.plainWarning)
	w.Gap = time.Duration(v.Gap)
	return nil
}
