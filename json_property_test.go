package hypercare

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// jsonTypes are the exported types that travel as JSON: every one must
// round-trip byte for byte (TestJSONRoundTripProperty). notJSON are the
// exported types that do not, and why. TestJSONTypesListed keeps both lists
// complete, so a new exported type cannot escape the property.
var (
	jsonTypes = []reflect.Type{
		reflect.TypeFor[MetricKind](), reflect.TypeFor[AdoptionMetric](), reflect.TypeFor[Segment](), reflect.TypeFor[Sample](),
		reflect.TypeFor[Series](), reflect.TypeFor[FlagRule](), reflect.TypeFor[Level](), reflect.TypeFor[Flag](),
		reflect.TypeFor[RateTarget](), reflect.TypeFor[MonitorConfig](), reflect.TypeFor[BelowTargetRule](),
		reflect.TypeFor[DecliningRule](), reflect.TypeFor[EWMARule](), reflect.TypeFor[CUSUMRule](), reflect.TypeFor[LaggingRule](),
		reflect.TypeFor[NeverUsedRule](), reflect.TypeFor[EWMAChart](), reflect.TypeFor[EWMAPoint](), reflect.TypeFor[CUSUMChart](),
		reflect.TypeFor[CUSUMPoint](), reflect.TypeFor[Direction](), reflect.TypeFor[RunTest](), reflect.TypeFor[RunRules](),
		reflect.TypeFor[RunSignal](), reflect.TypeFor[MannKendallResult](), reflect.TypeFor[SenFit](), reflect.TypeFor[LinearFit](),
		reflect.TypeFor[Date](), reflect.TypeFor[Interval](), reflect.TypeFor[Calendar](), reflect.TypeFor[TimeOfDay](),
		reflect.TypeFor[ExitInput](), reflect.TypeFor[Result](), reflect.TypeFor[Verdict](), reflect.TypeFor[ExitPolicy](),
		reflect.TypeFor[NoNewIssues](), reflect.TypeFor[DefectRate](), reflect.TypeFor[Takeover](), reflect.TypeFor[NoneOpen](),
		reflect.TypeFor[SLACompliance](), reflect.TypeFor[SponsorSignOff](), reflect.TypeFor[IssueID](), reflect.TypeFor[PersonID](),
		reflect.TypeFor[EngagementID](), reflect.TypeFor[Kind](), reflect.TypeFor[Team](), reflect.TypeFor[Role](),
		reflect.TypeFor[Person](), reflect.TypeFor[EventType](), reflect.TypeFor[Event](), reflect.TypeFor[Status](),
		reflect.TypeFor[State](), reflect.TypeFor[Issue](), reflect.TypeFor[SignOff](), reflect.TypeFor[Phase](),
		reflect.TypeFor[Engagement](), reflect.TypeFor[ICalendar](), reflect.TypeFor[ICalEvent](), reflect.TypeFor[Pitfall](),
		reflect.TypeFor[Finding](), reflect.TypeFor[PitfallRules](), reflect.TypeFor[PitfallInput](), reflect.TypeFor[ShiftShare](),
		reflect.TypeFor[Staffing](), reflect.TypeFor[CeremonyKind](), reflect.TypeFor[Cadence](), reflect.TypeFor[Ceremony](),
		reflect.TypeFor[Rates](), reflect.TypeFor[CostLine](), reflect.TypeFor[Cost](), reflect.TypeFor[Scenario](),
		reflect.TypeFor[ScenarioCost](), reflect.TypeFor[Audience](), reflect.TypeFor[ReportInput](), reflect.TypeFor[Report](),
		reflect.TypeFor[IssueLine](), reflect.TypeFor[OpenCount](), reflect.TypeFor[ClockLine](), reflect.TypeFor[Trend](),
		reflect.TypeFor[DayCount](), reflect.TypeFor[Period](), reflect.TypeFor[SegmentFlags](), reflect.TypeFor[RotaSummary](),
		reflect.TypeFor[Slot](), reflect.TypeFor[Shift](), reflect.TypeFor[Roster](), reflect.TypeFor[Load](),
		reflect.TypeFor[Fairness](), reflect.TypeFor[Bound](), reflect.TypeFor[RotaRules](), reflect.TypeFor[RotaLimits](),
		reflect.TypeFor[Rota](), reflect.TypeFor[RotaRule](), reflect.TypeFor[Violation](), reflect.TypeFor[UnfilledSlot](),
		reflect.TypeFor[Blocked](), reflect.TypeFor[Pattern](), reflect.TypeFor[PhaseShifts](), reflect.TypeFor[HeroSignal](),
		reflect.TypeFor[HeroRules](), reflect.TypeFor[Handling](), reflect.TypeFor[HeroStats](), reflect.TypeFor[HeroFlag](),
		reflect.TypeFor[HeroReport](), reflect.TypeFor[Severity](), reflect.TypeFor[SeverityName](), reflect.TypeFor[Scheme](),
		reflect.TypeFor[Symptoms](), reflect.TypeFor[Metric](), reflect.TypeFor[Reclassify](), reflect.TypeFor[Reopen](),
		reflect.TypeFor[Target](), reflect.TypeFor[Policy](), reflect.TypeFor[ClockState](), reflect.TypeFor[Clock](),
		reflect.TypeFor[History](), reflect.TypeFor[PhaseSpan](), reflect.TypeFor[HistoryDay](), reflect.TypeFor[SeverityCount](),
		reflect.TypeFor[SLACount](), reflect.TypeFor[HourOnShift](), reflect.TypeFor[AdoptionTrace](), reflect.TypeFor[TracePoint](),
		reflect.TypeFor[ReminderKind](), reflect.TypeFor[Reminder](), reflect.TypeFor[EventID](), reflect.TypeFor[HeldEvent](),
		reflect.TypeFor[Insertion](), reflect.TypeFor[WallChoice](), reflect.TypeFor[HeldLine](), reflect.TypeFor[Deadline](),
		reflect.TypeFor[DeadlineTarget](), reflect.TypeFor[UpdateTarget](), reflect.TypeFor[UpdateClock](),
		reflect.TypeFor[Pin](), reflect.TypeFor[RotaWarningKind](), reflect.TypeFor[RotaWarning](),
		reflect.TypeFor[LevelTerm](), reflect.TypeFor[StatusTerm](), reflect.TypeFor[KindTerm](), reflect.TypeFor[TeamTerm](),
		reflect.TypeFor[AgentTerm](), reflect.TypeFor[Mapping](), reflect.TypeFor[Change](), reflect.TypeFor[Update](),
	}
	notJSON = map[string]string{
		"Criterion":          "an interface; its built-in implementations are listed",
		"AdoptionRule":       "an interface; its built-in implementations are listed",
		"InfeasibleError":    "an error, not a value",
		"EventConflictError": "an error, not a value",
		"JSONError":          "an error, not a value",
	}
)

// TestJSONTypesListed reads the package's own source and fails for an
// exported type in neither jsonTypes nor notJSON.
func TestJSONTypesListed(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, typ := range jsonTypes {
		listed[typ.Name()] = true
	}
	for _, f := range pkgs["hypercare"].Files {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				name := s.(*ast.TypeSpec).Name.Name
				if ast.IsExported(name) && !listed[name] && notJSON[name] == "" {
					t.Errorf("exported type %s is not in jsonTypes (or in notJSON with a reason)", name)
				}
			}
		}
	}
}

// TestJSONRoundTripProperty: for every exported type, over generated
// values, what encodes decodes (unless decoding rejects an invalid value with
// an error wrapping ErrInvalid), and what decodes encodes again to the same
// bytes. Each type must round-trip at least some generated values, so the
// property cannot pass by refusing everything.
func TestJSONRoundTripProperty(t *testing.T) {
	for _, typ := range jsonTypes {
		t.Run(typ.Name(), func(t *testing.T) {
			trips := 0
			rapid.Check(t, func(rt *rapid.T) {
				v := genValue(rt, typ, 0, typ.Name())
				b, err := json.Marshal(v.Interface())
				if err != nil {
					return // an invalid value refuses to encode: nothing to read back
				}
				back := reflect.New(typ)
				if err := json.Unmarshal(b, back.Interface()); err != nil {
					if errors.Is(err, ErrInvalid) {
						return // decoding validates
					}
					rt.Fatalf("%s encodes as %s but does not decode: %v", typ, b, err)
				}
				again, err := json.Marshal(back.Elem().Interface())
				if err != nil {
					rt.Fatalf("%s decodes from %s but does not encode: %v", typ, b, err)
				}
				if !bytes.Equal(b, again) {
					rt.Fatalf("%s does not round-trip byte for byte:\n first %s\nsecond %s", typ, b, again)
				}
				trips++
			})
			if trips == 0 && !t.Failed() {
				t.Errorf("no generated %s round-tripped: the generator makes only values that refuse to encode", typ)
			}
		})
	}
}

// TestJSONValueAndPointerAlike: a value and a pointer to it encode alike
// (a Calendar value used to encode as {}).
func TestJSONValueAndPointerAlike(t *testing.T) {
	for _, typ := range jsonTypes {
		t.Run(typ.Name(), func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				v := genValue(rt, typ, 0, typ.Name())
				byValue, errV := json.Marshal(v.Interface())
				p := reflect.New(typ)
				p.Elem().Set(v)
				byPointer, errP := json.Marshal(p.Interface())
				if (errV == nil) != (errP == nil) || !bytes.Equal(byValue, byPointer) {
					rt.Fatalf("%s: value encodes as %s (%v), pointer as %s (%v)", typ, byValue, errV, byPointer, errP)
				}
			})
		})
	}
}

var (
	jsonZones     = []*time.Location{time.UTC, berlinZone, lordHoweZone}
	jsonCalendars = []*Calendar{nil, Always,
		mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 12, 25}),
		mustCalendarForTest(lordHoweZone, "Mon-Fri 22:00-06:00")}
	jsonTime = time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
)

// genValue draws a value of typ: enums mostly valid (sometimes zero or out
// of range), strings of any runes, instants in the zones above (sometimes
// zero), the package's calendars, exported fields only (the unexported
// state of Issue and Calendar comes from their constructors).
func genValue(t *rapid.T, typ reflect.Type, depth int, label string) reflect.Value {
	v := reflect.New(typ).Elem()
	switch typ {
	case reflect.TypeFor[time.Time]():
		if rapid.IntRange(0, 9).Draw(t, label+" zero?") == 0 {
			return v
		}
		sec := rapid.Int64Range(-400*24*3600, 400*24*3600).Draw(t, label+" seconds")
		zone := rapid.SampledFrom(jsonZones).Draw(t, label+" zone")
		return reflect.ValueOf(jsonTime.Add(time.Duration(sec) * time.Second).In(zone))
	case reflect.TypeFor[time.Duration]():
		return reflect.ValueOf(time.Duration(rapid.Int64Range(-1000, 100000).Draw(t, label)) * time.Minute)
	case reflect.TypeFor[*time.Location]():
		if rapid.Bool().Draw(t, label+" nil?") {
			return v
		}
		return reflect.ValueOf(rapid.SampledFrom(jsonZones).Draw(t, label))
	case reflect.TypeFor[*Calendar]():
		return reflect.ValueOf(rapid.SampledFrom(jsonCalendars).Draw(t, label))
	case reflect.TypeFor[Calendar]():
		c := rapid.SampledFrom(jsonCalendars[1:]).Draw(t, label)
		return reflect.ValueOf(*c)
	case reflect.TypeFor[decimal.Decimal]():
		return reflect.ValueOf(decimal.New(rapid.Int64Range(-1000, 100000).Draw(t, label), -int32(rapid.IntRange(0, 3).Draw(t, label+" exp"))))
	case reflect.TypeFor[Date]():
		return reflect.ValueOf(DateOf(jsonTime).AddDays(rapid.IntRange(-400, 400).Draw(t, label)))
	case reflect.TypeFor[TimeOfDay]():
		return reflect.ValueOf(TimeOfDay{rapid.IntRange(0, 23).Draw(t, label+" hour"), rapid.IntRange(0, 59).Draw(t, label+" minute")})
	case reflect.TypeFor[Engagement]():
		if rapid.IntRange(0, 4).Draw(t, label+" arbitrary?") > 0 {
			return reflect.ValueOf(genEngagement(t, depth, label))
		}
	case reflect.TypeFor[Criterion]():
		kinds := []reflect.Type{reflect.TypeFor[NoNewIssues](), reflect.TypeFor[DefectRate](), reflect.TypeFor[Takeover](),
			reflect.TypeFor[NoneOpen](), reflect.TypeFor[SLACompliance](), reflect.TypeFor[SponsorSignOff]()}
		k := rapid.SampledFrom(kinds).Draw(t, label+" kind")
		v.Set(genValue(t, k, depth+1, label))
		return v
	}
	return genAny(t, typ, depth, label)
}

// genEngagement draws an engagement that is valid (Engagement.Validate)
// unless an enum was drawn invalid: phases in order, people with distinct
// IDs, valid policies; the rest drawn freely.
func genEngagement(t *rapid.T, depth int, label string) Engagement {
	e := genAny(t, reflect.TypeFor[Engagement](), depth, label).Interface().(Engagement)
	e.ID = EngagementID("e-" + rapid.StringMatching(`[a-z0-9 ]{0,6}`).Draw(t, label+" id"))
	e.Location = rapid.SampledFrom(jsonZones).Draw(t, label+" location")
	if e.GoLive.IsZero() {
		e.GoLive = jsonTime
	}
	e.PlannedEnd = e.GoLive.AddDate(0, 0, rapid.IntRange(1, 60).Draw(t, label+" days"))
	e.Policy = Policy{}
	if rapid.Bool().Draw(t, label+" policy?") {
		e.Policy = DefaultPolicy(rapid.SampledFrom(jsonCalendars).Draw(t, label+" business"))
	}
	next := 0
	for i := range e.Phases {
		p := &e.Phases[i]
		p.Start, p.Days = next+rapid.IntRange(0, 3).Draw(t, label+" gap"), rapid.IntRange(1, 14).Draw(t, label+" phase days")
		next = p.Start + p.Days
		p.Staff, p.Cadences = nil, nil
		if p.Policy != nil {
			pol := DefaultPolicy(p.Coverage)
			p.Policy = &pol
		}
	}
	for i := range e.People {
		e.People[i].ID = PersonID(strings.Repeat("p", i+1))
	}
	e.Exit = ExitPolicy{}
	if rapid.Bool().Draw(t, label+" exit?") {
		e.Exit = DefaultExitPolicy()
	}
	return e // invalid only through a rare invalid enum
}

// genAny draws a value of typ by its kind.
func genAny(t *rapid.T, typ reflect.Type, depth int, label string) reflect.Value {
	v := reflect.New(typ).Elem()
	if typ.Kind() == reflect.Int && typ.PkgPath() == reflect.TypeFor[Kind]().PkgPath() {
		if valid, ok := reflect.Zero(typ).Interface().(interface{ Valid() bool }); ok {
			_ = valid
			var names []int64
			for i := int64(1); i <= 40; i++ {
				if reflect.ValueOf(i).Convert(typ).Interface().(interface{ Valid() bool }).Valid() {
					names = append(names, i)
				}
			}
			// rapid favours the ends of a range, so the rare cases sit inside it.
			switch rapid.IntRange(0, 999).Draw(t, label+" enum") {
			case 497:
				v.SetInt(0)
			case 613:
				v.SetInt(int64(len(names) + 1 + rapid.IntRange(0, 3).Draw(t, label+" bad")))
			default:
				v.SetInt(rapid.SampledFrom(names).Draw(t, label))
			}
			return v
		}
	}
	switch typ.Kind() {
	case reflect.String:
		v.SetString(rapid.StringN(0, 8, -1).Draw(t, label))
	case reflect.Bool:
		v.SetBool(rapid.Bool().Draw(t, label))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(rapid.IntRange(-2, 60).Draw(t, label)))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(rapid.IntRange(0, 60).Draw(t, label)))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(rapid.Float64Range(-1e6, 1e6).Draw(t, label))
	case reflect.Pointer:
		if depth < 4 && rapid.Bool().Draw(t, label+" set?") {
			p := reflect.New(typ.Elem())
			p.Elem().Set(genValue(t, typ.Elem(), depth+1, label))
			return p
		}
	case reflect.Slice:
		if depth >= 4 {
			return v
		}
		n := rapid.IntRange(0, 3).Draw(t, label+" len")
		if n == 0 {
			return v
		}
		s := reflect.MakeSlice(typ, n, n)
		for i := range n {
			s.Index(i).Set(genValue(t, typ.Elem(), depth+1, label+"[]"))
		}
		return s
	case reflect.Array:
		for i := range typ.Len() {
			v.Index(i).Set(genValue(t, typ.Elem(), depth+1, label+"[]"))
		}
	case reflect.Map:
		if depth >= 4 {
			return v
		}
		n := rapid.IntRange(0, 2).Draw(t, label+" len")
		if n == 0 {
			return v
		}
		m := reflect.MakeMap(typ)
		for range n {
			m.SetMapIndex(genValue(t, typ.Key(), depth+1, label+" key"), genValue(t, typ.Elem(), depth+1, label+" value"))
		}
		return m
	case reflect.Struct:
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() || slices.Contains([]string{"Custom"}, f.Name) && f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Interface {
				continue
			}
			v.Field(i).Set(genValue(t, f.Type, depth+1, label+"."+f.Name))
		}
	}
	return v
}

// The JSON traps a newcomer hit, each with the bytes or the error it gives
// now.
func TestJSONFirstHourTraps(t *testing.T) {
	t.Run("a Calendar value encodes as its pointer does", func(t *testing.T) {
		cal := mustCalendarForTest(berlinZone, "Mon-Fri 09:00-17:00", Date{2026, 12, 25})
		byValue, err := json.Marshal(*cal)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"location":"Europe/Berlin","spec":"Mon-Fri 09:00-17:00","holidays":["2026-12-25"]}`
		if string(byValue) != want {
			t.Errorf("Calendar value encodes as %s, want %s", byValue, want)
		}
	})
	t.Run("an open-ended interval leaves out its end", func(t *testing.T) {
		b, err := json.Marshal(Interval{Start: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"start":"2026-06-01T09:00:00Z"}`; string(b) != want {
			t.Errorf("open-ended interval encodes as %s, want %s", b, want)
		}
		var back Interval
		if err := json.Unmarshal([]byte(`{"start":"2026-06-01T09:00:00Z","end":null}`), &back); err != nil || !back.End.IsZero() {
			t.Errorf("a null end reads as %v (%v), want zero", back.End, err)
		}
	})
	for _, tc := range []struct {
		name string
		into any
		in   string
		want string
	}{
		{"a number for a duration", &Target{}, `{"severity":"Sev1","metric":"resolution","within":5}`,
			`hypercare: JSON field "within": got a number, want a duration string such as "16h0m0s"`},
		{"a number for an instant", &Engagement{}, `{"id":"e","location":"UTC","go_live":5}`,
			`hypercare: JSON field "go_live": got a number, want an RFC 3339 time string such as "2026-06-01T09:00:00+02:00"`},
		{"a bad instant", &Engagement{}, `{"id":"e","location":"UTC","go_live":"June 1st"}`,
			`hypercare: JSON field "go_live": "June 1st" is not an RFC 3339 time string such as "2026-06-01T09:00:00+02:00"`},
		{"a string for a count", &Staffing{}, `{"role":"lead","headcount":"two"}`,
			`hypercare: JSON field "headcount": got a string, want an integer`},
		{"a number for an enum", &Person{}, `{"id":"p","team":2}`,
			`hypercare: JSON field "team": got a number, want a string (a name)`},
		{"an engagement that would not encode", &Engagement{},
			`{"id":"e","location":"UTC","go_live":"2026-06-01T09:00:00Z","planned_end":"2026-06-15T09:00:00Z","people":[{"id":"p"}]}`,
			`hypercare: JSON field "people[0].team": invalid team 0`},
		{"an engagement ending before it starts", &Engagement{},
			`{"id":"e","location":"UTC","go_live":"2026-06-15T09:00:00Z","planned_end":"2026-06-01T09:00:00Z"}`,
			`hypercare: engagement "e": planned end 2026-06-01T09:00:00Z is not after go-live 2026-06-15T09:00:00Z`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(tc.in), tc.into)
			if err == nil || err.Error() != tc.want || !errors.Is(err, ErrInvalid) {
				t.Errorf("Unmarshal(%s) = %v\nwant %s, wrapping ErrInvalid", tc.in, err, tc.want)
			}
		})
	}
}

// TestJSONDecodersComplete: every type that travels as JSON decodes itself,
// so that none of its decode errors falls back to encoding/json's, which
// name Go types.
func TestJSONDecodersComplete(t *testing.T) {
	for _, typ := range jsonTypes {
		p := reflect.PointerTo(typ)
		if !p.Implements(reflect.TypeFor[json.Unmarshaler]()) && !p.Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
			t.Errorf("%s has no UnmarshalJSON (add it to json_decode.go)", typ)
		}
	}
}

// TestJSONDecodeErrorsNameFields feeds every exported struct type, field by
// field, a value of the wrong JSON kind, and wants an error that wraps
// ErrInvalid, names that field and names no Go type.
func TestJSONDecodeErrorsNameFields(t *testing.T) {
	goWords := regexp.MustCompile(`Go (value|struct)|hypercare\.|json[A-Z]|plain|\bint\b|\bstring\b into|time\.`)
	for _, typ := range jsonTypes {
		if typ.Kind() != reflect.Struct || hasScalarJSON(typ) {
			continue
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || f.Anonymous {
				continue
			}
			if name == "" {
				name = f.Name
			}
			wrong := `[]`
			if k := f.Type.Kind(); k == reflect.Slice || k == reflect.Array {
				wrong = `{}`
			}
			in := fmt.Sprintf(`{%q:%s}`, name, wrong)
			t.Run(typ.Name()+"."+name, func(t *testing.T) {
				err := json.Unmarshal([]byte(in), reflect.New(typ).Interface())
				switch {
				case err == nil:
					t.Errorf("Unmarshal(%s) into %s succeeded", in, typ)
				case !errors.Is(err, ErrInvalid):
					t.Errorf("Unmarshal(%s) into %s = %v, not wrapping ErrInvalid", in, typ, err)
				case !strings.Contains(err.Error(), fmt.Sprintf("%q", name)) && !strings.Contains(err.Error(), fmt.Sprintf("\"%s[", name)) && !strings.Contains(err.Error(), fmt.Sprintf("\"%s.", name)):
					t.Errorf("Unmarshal(%s) into %s = %v, not naming the field %q", in, typ, err, name)
				case goWords.MatchString(err.Error()):
					t.Errorf("Unmarshal(%s) into %s = %v, naming Go types", in, typ, err)
				}
			})
		}
	}
}

// TestJSONDecodeErrorsNamePaths: an error deep inside names the whole path,
// across the decoders of nested types.
func TestJSONDecodeErrorsNamePaths(t *testing.T) {
	for _, tc := range []struct {
		name string
		into any
		in   string
		want string
	}{
		{"an event's instant inside an issue", &Issue{},
			`{"id":"A","engagement":"e","events":[{"type":"opened","at":"2026-06-01T09:00:00Z","severity":"Sev2","kind":"defect"},{"type":"resolved","at":"yesterday"}]}`,
			`hypercare: JSON field "events[1].at": "yesterday" is not an RFC 3339 time string such as "2026-06-01T09:00:00+02:00"`},
		{"a verdict's flag", &Verdict{}, `{"ready":"yes"}`,
			`hypercare: JSON field "ready": got a string, want true or false`},
		{"a shift's start", &Shift{}, `{"start":"x"}`,
			`hypercare: JSON field "start": "x" is not an RFC 3339 time string such as "2026-06-01T09:00:00+02:00"`},
		{"a shift's people", &Shift{}, `{"people":[3]}`,
			`hypercare: JSON field "people[0]": got a number, want a string`},
		{"an issue inside an exit input", &ExitInput{},
			`{"issues":[{"id":"A","engagement":"e","events":[{"type":"opened","at":5}]}]}`,
			`hypercare: JSON field "issues[0].events[0].at": got a number, want an RFC 3339 time string such as "2026-06-01T09:00:00+02:00"`},
		{"a date in a series", &Series{}, `{"samples":[{"date":"2026-06-31"}]}`,
			`hypercare: JSON field "samples[0].date": date "2026-06-31": want a valid YYYY-MM-DD`},
		{"an object for a number", &Sample{}, `{"value":{}}`,
			`hypercare: JSON field "value": got an object, want a number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := json.Unmarshal([]byte(tc.in), tc.into)
			if err == nil || err.Error() != tc.want || !errors.Is(err, ErrInvalid) {
				t.Errorf("Unmarshal(%s) = %v\nwant %s, wrapping ErrInvalid", tc.in, err, tc.want)
			}
		})
	}
}

// hasScalarJSON reports whether values of the struct type typ travel as a
// JSON string (Date, TimeOfDay), not as an object with fields.
func hasScalarJSON(typ reflect.Type) bool {
	return reflect.PointerTo(typ).Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
}
