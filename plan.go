package hypercare

import (
	"math"
	"slices"
	"strings"
	"time"
)

// This file is the plan of a hypercare: what each phase staffs and which
// ceremonies it runs (Staffing, Cadence), the ceremony calendar those imply
// (Engagement.Ceremonies). The staffing cost is in plan_cost.go, the presets
// in plan_presets.go.

// Staffing is how many people of a role a phase pays for, in one of two ways:
//
//   - Headcount people on hand during every open hour of Calendar within the
//     phase (two triage developers around the clock: Headcount 2 on a 24x7
//     coverage), so person-hours = Headcount × open hours; or
//   - PerDay hours on each date of the phase on which Calendar is open at
//     all (a hypercare lead's 4 hours a day), so person-hours = PerDay × open
//     dates.
//
// Exactly one of Headcount and PerDay is set. Calendar nil means the phase's
// Coverage (which nil means Always). A role may have several Staffing entries
// in a phase (triage by day on one calendar, on call at night on another);
// their hours add up.
//
// The trap: Headcount counts people present at the same time, not people on
// the team. Two people around the clock for a week is 336 person-hours, which
// a real rota covers with eight or more people in shifts.
type Staffing struct {
	Role Role `json:"role"`
	// Headcount is how many people, 0 to 10,000 (so person-hours cannot
	// overflow).
	Headcount int           `json:"headcount,omitempty"`
	PerDay    time.Duration `json:"-"` // as "per_day": "4h0m0s"
	Calendar  *Calendar     `json:"calendar,omitempty"`
}

// maxHeadcount bounds Staffing.Headcount, so person-hours cannot overflow.
const maxHeadcount = 10000

func (s Staffing) check() error {
	switch {
	case !s.Role.Valid():
		return invalidf("staffing: unknown role %d", int(s.Role))
	case s.Headcount < 0 || s.Headcount > maxHeadcount:
		return invalidf("staffing %s: headcount %d is outside 0 to %d", s.Role, s.Headcount, maxHeadcount)
	case s.PerDay < 0 || s.PerDay > 24*time.Hour:
		return invalidf("staffing %s: %s per day is outside 0 to 24h", s.Role, s.PerDay)
	case s.Headcount == 0 && s.PerDay == 0:
		return invalidf("staffing %s: neither a headcount nor hours per day", s.Role)
	case s.Headcount > 0 && s.PerDay > 0:
		return invalidf("staffing %s: both a headcount (%d) and hours per day (%s); pick one", s.Role, s.Headcount, s.PerDay)
	}
	return nil
}

// CeremonyKind says what a ceremony is for.
type CeremonyKind int

// The ceremony kinds: the usual activities of a hypercare. The zero CeremonyKind is
// invalid.
const (
	CeremonyStandUp          CeremonyKind = 1 + iota // the project team's stand-up: daily for the first 1-2 weeks, weekly after
	CeremonyTriage                                   // a triage session over new issues: several a day, by severity
	CeremonyPatch                                    // a hypercare patch window: daily or every other day
	CeremonyUserUpdate                               // the update to users: known issues, fixes coming, workarounds
	CeremonySponsorUpdate                            // the daily status to the sponsor
	CeremonyLeadershipUpdate                         // the weekly status to broader leadership
)

var ceremonyNames = []string{"", "stand-up", "triage", "patch", "user-update", "sponsor-update", "leadership-update"}

// The default title and length of each kind's ceremonies.
var (
	ceremonyTitles  = []string{"", "Stand-up", "Triage", "Patch window", "User update", "Sponsor update", "Leadership update"}
	ceremonyLengths = []time.Duration{0, 15 * time.Minute, 30 * time.Minute, time.Hour, 15 * time.Minute, 15 * time.Minute, 30 * time.Minute}
)

// String returns the kind's name, such as "stand-up".
func (k CeremonyKind) String() string { return enumString("CeremonyKind", int(k), ceremonyNames) }

// Valid reports whether k is one of the defined kinds.
func (k CeremonyKind) Valid() bool { return validEnum(int(k), ceremonyNames) }

// MarshalText encodes k by name; an invalid kind is an error.
func (k CeremonyKind) MarshalText() ([]byte, error) {
	return marshalEnum("ceremony kind", int(k), ceremonyNames)
}

// UnmarshalText decodes a ceremony kind by name (case-insensitive).
func (k *CeremonyKind) UnmarshalText(b []byte) error {
	return unmarshalEnum("ceremony kind", b, ceremonyNames, (*int)(k))
}

// Cadence is a recurring ceremony of a phase: which kind, at which local
// times, on which days and for how long. Zero fields mean the defaults.
//
// A cadence runs on the engagement days n (0 = the go-live date) with
// n % Every == 0, counted from the go-live date rather than the phase's
// start so that "every other day" keeps its rhythm across phases, and
// "Every: 7" falls on the go-live weekday. On such a date it holds one
// ceremony at each time in At, unless Days is closed all that date: then
// the date is skipped, not moved (no weekend stand-ups in a business-hours
// phase; a holiday drops that day's ceremonies). For a weekday of your
// choice, use Every 1 (or 0) with a Days calendar open on that weekday only.
type Cadence struct {
	Kind CeremonyKind `json:"kind"`
	// Title names the ceremonies; empty means the kind's title ("Stand-up",
	// "Triage", "Patch window", "User update", "Sponsor update",
	// "Leadership update"), with the severities for triage ("Triage Sev2-Sev3").
	Title string `json:"title,omitempty"`
	// At are the local wall-clock start times on each day the cadence runs;
	// at least one, no repeats.
	At []TimeOfDay `json:"at"`
	// Every is the period in days: 0 or 1 daily, 2 every other day, 7 weekly;
	// at most 366.
	Every int `json:"every,omitempty"`
	// Length is how long each ceremony lasts, up to 24 h, in elapsed time;
	// 0 means the kind's default: 15 min for stand-ups and user and sponsor
	// updates, 30 min for triage and leadership updates, 1 h for patches.
	Length time.Duration `json:"-"` // as "length": "30m0s"
	// Days is the calendar whose open dates the cadence runs on; nil means
	// the phase's Coverage (nil, Always, runs every date). A date counts as
	// open if the calendar is open at any time of it, whatever the time in At.
	Days *Calendar `json:"days,omitempty"`
	// Severities are the severities a triage session looks at (Sev1s wait
	// for no session in most plans: they page someone on arrival); empty
	// means all. Only triage cadences may set it.
	Severities []Severity `json:"severities,omitempty"`
}

// maxEvery bounds Cadence.Every.
const maxEvery = 366

func (c Cadence) check() error {
	if !c.Kind.Valid() {
		return invalidf("cadence: unknown ceremony kind %d", int(c.Kind))
	}
	bad := func(format string, args ...any) error {
		return invalidf("%s cadence: "+format, append([]any{c.Kind}, args...)...)
	}
	switch {
	case len(c.At) == 0:
		return bad("no times (At is empty)")
	case c.Every < 0 || c.Every > maxEvery:
		return bad("every %d days is outside 0 to %d", c.Every, maxEvery)
	case c.Length < 0 || c.Length > 24*time.Hour:
		return bad("length %s is outside 0 to 24h", c.Length)
	case len(c.Severities) > 0 && c.Kind != CeremonyTriage:
		return bad("severities are for triage cadences only")
	}
	for i, t := range c.At {
		if !t.Valid() {
			return bad("invalid time %02d:%02d", t.Hour, t.Minute)
		}
		if slices.Contains(c.At[:i], t) {
			return bad("time %s given twice", t)
		}
	}
	for i, s := range c.Severities {
		if !s.Valid() {
			return bad("unknown severity %d", int(s))
		}
		if slices.Contains(c.Severities[:i], s) {
			return bad("severity %s given twice", s)
		}
	}
	return nil
}

func (c Cadence) every() int {
	if c.Every <= 0 {
		return 1
	}
	return c.Every
}

func (c Cadence) length() time.Duration {
	if c.Length == 0 {
		return ceremonyLengths[c.Kind]
	}
	return c.Length
}

func (c Cadence) title() string {
	if c.Title != "" {
		return c.Title
	}
	t := ceremonyTitles[c.Kind]
	if len(c.Severities) > 0 {
		sev := slices.Clone(c.Severities)
		slices.Sort(sev)
		if lo, hi := sev[0], sev[len(sev)-1]; int(hi-lo) == len(sev)-1 && len(sev) > 1 {
			t += " " + lo.String() + "-" + hi.String()
		} else {
			names := make([]string, len(sev))
			for i, s := range sev {
				names[i] = s.String()
			}
			t += " " + strings.Join(names, ", ")
		}
	}
	return t
}

// checkPlan reports the first problem with the phase's staffing and cadences.
func (p Phase) checkPlan() error {
	for i, s := range p.Staff {
		if err := s.check(); err != nil {
			return invalidf("staff %d: %w", i, err)
		}
	}
	for i, c := range p.Cadences {
		if err := c.check(); err != nil {
			return invalidf("cadence %d: %w", i, err)
		}
	}
	return nil
}

// Ceremony is one occurrence of a cadence: a stand-up, triage session, patch
// window or status update, in the engagement's location.
type Ceremony struct {
	Kind  CeremonyKind `json:"kind"`
	Title string       `json:"title"`
	// Phase is the name of the phase whose cadence it comes from.
	Phase string    `json:"phase"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Severities are what a triage session looks at, most severe first
	// (empty: all).
	Severities []Severity `json:"severities,omitempty"`
}

// Ceremonies returns every ceremony the phases' cadences imply, sorted by
// start, then kind, then title, with Start and End in the engagement's
// location. Start times are wall-clock: a 09:00 stand-up is at 09:00 local on
// both sides of a DST change (see TimeOfDay.On for the night of the change
// itself). A ceremony is kept only if it lies wholly within its phase's span,
// so one at 08:30 on go-live day is dropped when go-live is at 09:00, and the
// last day's stop where the next phase starts. Ceremonies of the same kind
// and title at the same start are listed once, with the latest end.
//
// It returns an error, and no ceremonies, if the engagement is invalid (see
// Engagement.Validate). An engagement without cadences has no ceremonies.
func (e Engagement) Ceremonies() ([]Ceremony, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	loc := e.loc()
	goLive := DateOf(e.GoLive.In(loc)).days()
	size := 0 // at most one ceremony per time per date a cadence runs
	for _, p := range e.Phases {
		for _, c := range p.Cadences {
			size += (p.Days/c.every() + 2) * len(c.At)
		}
	}
	out := make([]Ceremony, 0, size)
	for _, p := range e.Phases {
		span := e.Span(p)
		first, last := DateOf(span.Start.In(loc)), DateOf(span.End.In(loc))
		dates := last.DaysSince(first) + 1
		var open openDates
		for _, c := range p.Cadences {
			days := c.Days
			if days == nil {
				days = p.Coverage
			}
			isOpen := open.of(days, first, dates, loc)
			every, length, title := c.every(), c.length(), c.title()
			sev := slices.Clone(c.Severities)
			slices.Sort(sev)
			for k := range dates {
				day := first.days() + int64(k)
				if (day-goLive)%int64(every) != 0 || !isOpen[k] {
					continue
				}
				for _, at := range c.At {
					start := at.onDay(day, loc)
					end := start.Add(length)
					if start.Before(span.Start) || end.After(span.End) {
						continue
					}
					out = append(out, Ceremony{
						Kind: c.Kind, Title: title, Phase: p.Name, Start: start, End: end,
						Severities: slices.Clone(sev),
					})
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	// Sort an index rather than the ceremonies themselves: moving 100-byte
	// structs with pointers was most of the time.
	order := make([]int32, len(out))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int { return compareCeremonyPtrs(&out[i], &out[j]) })
	sorted := make([]Ceremony, 0, len(out))
	for _, i := range order {
		c := &out[i]
		if n := len(sorted); n > 0 && sorted[n-1].Start.Equal(c.Start) && sorted[n-1].Kind == c.Kind && sorted[n-1].Title == c.Title {
			continue
		}
		sorted = append(sorted, *c)
	}
	return sorted, nil
}

// compareCeremonies orders ceremonies by start, kind and title, then the
// latest end first, then severities: a total order on what tells two apart
// (phases do not overlap, so the phase follows from the start).
func compareCeremonies(a, b Ceremony) int { return compareCeremonyPtrs(&a, &b) }

func compareCeremonyPtrs(a, b *Ceremony) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	if a.Kind != b.Kind {
		return int(a.Kind - b.Kind)
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	if c := b.End.Compare(a.End); c != 0 {
		return c
	}
	return slices.Compare(a.Severities, b.Severities)
}

// openDates remembers, within a phase, which dates each calendar is open on:
// the cadences of a phase mostly share its coverage.
type openDates []struct {
	cal  *Calendar
	open []bool
}

// of returns whether cal is open on each of the n dates from first.
func (o *openDates) of(cal *Calendar, first Date, n int, loc *time.Location) []bool {
	for _, c := range *o {
		if c.cal == cal {
			return c.open
		}
	}
	open := make([]bool, n)
	for k := range open {
		open[k] = openOn(cal, first.AddDays(k), loc)
	}
	*o = append(*o, struct {
		cal  *Calendar
		open []bool
	}{cal, open})
	return open
}

// openOn reports whether cal is open at any time of the local date d.
func openOn(cal *Calendar, d Date, loc *time.Location) bool {
	return cal.IsAlways() || cal.Between(d.In(loc), d.AddDays(1).In(loc)) > 0
}

// mulDuration returns d × n, and false if it overflows.
func mulDuration(d time.Duration, n int) (time.Duration, bool) {
	if n == 0 || d == 0 {
		return 0, true
	}
	if d > time.Duration(math.MaxInt64)/time.Duration(n) {
		return 0, false
	}
	return d * time.Duration(n), true
}
