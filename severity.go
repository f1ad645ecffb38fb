package hypercare

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// Severity ranks an issue's impact: lower numbers are more severe. The
// common scheme has three levels; a scheme may define more, up to MaxSeverity (see
// Scheme). The zero Severity is invalid.
type Severity int

// The three common severities.
const (
	Sev1 Severity = 1 // system down or critical workflow blocked: fix in hours
	Sev2 Severity = 2 // significant pain but a workaround exists: fix in days
	Sev3 Severity = 3 // minor or cosmetic: fix when convenient
)

// MaxSeverity is the least severe level a scheme may define.
const MaxSeverity Severity = 9

// String returns "Sev1", "Sev2", ... or "Severity(N)" for an invalid value.
func (s Severity) String() string {
	if !s.Valid() {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return "Sev" + strconv.Itoa(int(s))
}

// Valid reports whether 1 <= s <= MaxSeverity.
func (s Severity) Valid() bool { return s >= 1 && s <= MaxSeverity }

// AtLeast reports whether s is as severe as o or more: Sev1.AtLeast(Sev2) is
// true. "Sev1/2 issues" are those with s.AtLeast(Sev2).
func (s Severity) AtLeast(o Severity) bool { return s.Valid() && s <= o }

// MarshalText encodes s as "Sev1", "Sev2", ...; an invalid severity is an error.
func (s Severity) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, invalidf("hypercare: invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes "Sev2" (any case) or a bare level number such as "2".
func (s *Severity) UnmarshalText(b []byte) error {
	txt := string(b)
	if len(txt) > 3 && strings.EqualFold(txt[:3], "sev") {
		txt = txt[3:]
	}
	n, err := strconv.Atoi(txt)
	if err != nil || !Severity(n).Valid() || txt[0] == '+' || txt[0] == '-' {
		return invalidf("hypercare: unknown severity %q (want Sev1 to Sev%d)", b, int(MaxSeverity))
	}
	*s = Severity(n)
	return nil
}

// SeverityName is one rung of a severity scheme.
type SeverityName struct {
	Severity Severity `json:"severity"`
	Name     string   `json:"name"`    // as users see it, e.g. "P1" or "Sev1"
	Meaning  string   `json:"meaning"` // when to use it
}

// Scheme is a severity scheme: its levels, most severe first, numbered from
// Sev1 without gaps. Teams with their own scheme (P1–P4, say) describe it as a
// Scheme and use Severity 1..4 everywhere else; set as Engagement.Scheme, its
// names appear in every sentence, table and report about the engagement, and
// in its JSON (which accepts the canonical "Sev2" and "2" too). The nil
// Scheme names levels canonically, as Severity.String does.
type Scheme []SeverityName

// DefaultScheme returns the three common levels, Sev1 to Sev3.
func DefaultScheme() Scheme {
	return Scheme{
		{Sev1, "Sev1", "system down or critical workflow blocked; fix in hours"},
		{Sev2, "Sev2", "significant pain but a workaround exists; fix in days"},
		{Sev3, "Sev3", "minor or cosmetic; fix when convenient"},
	}
}

// Validate reports whether the levels are numbered 1, 2, ... in order, at most
// MaxSeverity of them, with distinct non-empty names.
// Each of its errors wraps ErrInvalid.
func (sc Scheme) Validate() error { return prefixed(sc.validate()) }

// validate is Validate's bare core, "scheme ...", for callers that nest it.
func (sc Scheme) validate() error {
	if len(sc) == 0 || len(sc) > int(MaxSeverity) {
		return invalidf("scheme has %d levels (want 1 to %d)", len(sc), int(MaxSeverity))
	}
	seen := map[string]bool{}
	for i, l := range sc {
		key := strings.ToLower(l.Name)
		switch {
		case l.Severity != Severity(i+1):
			return invalidf("scheme level %d (%q) has severity %d (want %d)", i, l.Name, int(l.Severity), i+1)
		case l.Name == "" || seen[key]:
			return invalidf("scheme level %d: name %q is empty or repeated", i, l.Name)
		}
		seen[key] = true
	}
	return nil
}

// Name returns the scheme's name for s, or s.String() if the scheme has none.
func (sc Scheme) Name(s Severity) string {
	if i := int(s) - 1; i >= 0 && i < len(sc) {
		return sc[i].Name
	}
	return s.String()
}

// Label names the severities from Sev1 to k together, as sentences do: the
// canonical names abbreviate ("Sev1/2"), a firm's are listed ("P1/P2").
func (sc Scheme) Label(k Severity) string {
	if !k.Valid() {
		return k.String()
	}
	canonical := true
	for s := Sev1; s <= k; s++ {
		canonical = canonical && sc.Name(s) == s.String()
	}
	if canonical {
		out := "Sev1"
		for s := Sev2; s <= k; s++ {
			out += "/" + strconv.Itoa(int(s))
		}
		return out
	}
	names := make([]string, 0, int(k))
	for s := Sev1; s <= k; s++ {
		names = append(names, sc.Name(s))
	}
	return strings.Join(names, "/")
}

// canonical reports whether sc names every level as Severity.String does
// (the nil and the default scheme do).
func (sc Scheme) canonical() bool {
	for _, l := range sc {
		if l.Name != l.Severity.String() {
			return false
		}
	}
	return true
}

// Parse returns the severity the scheme calls name (case-insensitive). Its
// error names the scheme's levels and wraps ErrInvalid.
func (sc Scheme) Parse(name string) (Severity, error) {
	s, err := sc.level(name)
	return s, prefixed(err)
}

// level returns the severity the scheme names name, with a bare message.
func (sc Scheme) level(name string) (Severity, error) {
	for _, l := range sc {
		if strings.EqualFold(l.Name, name) {
			return l.Severity, nil
		}
	}
	names := make([]string, len(sc))
	for i, l := range sc {
		names[i] = l.Name
	}
	return 0, invalidf("level %q is not one of %s", name, strings.Join(names, ", "))
}

// Symptoms are what triage asks about an issue.
type Symptoms struct {
	// Blocked: the system is down or a critical workflow cannot be completed.
	Blocked bool `json:"blocked,omitempty"`
	// Workaround: users can get the job done another way for now.
	Workaround bool `json:"workaround,omitempty"`
	// Cosmetic: it only looks wrong or is a minor nuisance; no work is impeded.
	Cosmetic bool `json:"cosmetic,omitempty"`
}

// Triage returns the common severity for the symptoms: blocked with no
// workaround is Sev1; cosmetic (and not blocked) is Sev3; everything else —
// significant pain, or blocked but with a workaround — is Sev2.
func Triage(s Symptoms) Severity {
	switch {
	case s.Blocked && !s.Workaround:
		return Sev1
	case s.Cosmetic && !s.Blocked:
		return Sev3
	}
	return Sev2
}

// Metric is what an SLA clock measures.
type Metric int

// The metrics. The zero Metric is invalid.
const (
	FirstResponse Metric = 1 + iota // from opening to the first response (or resolution)
	Resolution                      // from opening (or reopening) to resolution
)

var metricNames = []string{"", "first-response", "resolution"}

// String returns "first-response" or "resolution".
func (m Metric) String() string { return enumString("Metric", int(m), metricNames) }

// Valid reports whether m is a defined metric.
func (m Metric) Valid() bool { return validEnum(int(m), metricNames) }

// MarshalText encodes m by name; an invalid metric is an error.
func (m Metric) MarshalText() ([]byte, error) { return marshalEnum("metric", int(m), metricNames) }

// UnmarshalText decodes a metric by name (case-insensitive).
func (m *Metric) UnmarshalText(b []byte) error {
	return unmarshalEnum("metric", b, metricNames, (*int)(m))
}

// Reclassify says how a running clock treats a change of severity.
type Reclassify int

// The reclassification rules. In a Policy the zero value means Restart.
const (
	// ReclassifyRestart: the new target counts from the change (ServiceNow's default).
	ReclassifyRestart Reclassify = 1 + iota
	// ReclassifyRetroactive: the new target counts from the original start, so the clock
	// may be breached at once (Zammad; ServiceNow's retroactive start).
	ReclassifyRetroactive
	// ReclassifyProportional: the fraction of the target already used carries over.
	ReclassifyProportional
)

var reclassifyNames = []string{"", "restart", "retroactive", "proportional"}

// String returns the rule's name, such as "retroactive".
func (r Reclassify) String() string {
	return enumString("Reclassify", int(r), reclassifyNames)
}

// Valid reports whether r is one of the defined reclassification rules.
func (r Reclassify) Valid() bool { return validEnum(int(r), reclassifyNames) }

// MarshalText encodes r by name; an invalid rule is an error.
func (r Reclassify) MarshalText() ([]byte, error) {
	return marshalEnum("reclassify rule", int(r), reclassifyNames)
}

// UnmarshalText decodes a rule by name (case-insensitive).
func (r *Reclassify) UnmarshalText(b []byte) error {
	return unmarshalEnum("reclassify rule", b, reclassifyNames, (*int)(r))
}

// Reopen says how the resolution clock treats a reopened issue.
type Reopen int

// The reopen rules. In a Policy the zero value means NewCycle.
const (
	// ReopenNewCycle: a fresh resolution cycle from the reopen, with the full target
	// (Jira Service Management's cycles).
	ReopenNewCycle Reopen = 1 + iota
	// ReopenResume: the clock continues from what was used; the time spent resolved
	// does not count.
	ReopenResume
	// ReopenFromCreation: the clock counts from the original opening as if the issue
	// had never been resolved, so an old issue reopened may breach at once.
	ReopenFromCreation
)

var reopenNames = []string{"", "new-cycle", "resume", "from-creation"}

// String returns the rule's name, such as "new-cycle".
func (r Reopen) String() string { return enumString("Reopen", int(r), reopenNames) }

// Valid reports whether r is one of the defined reopen rules.
func (r Reopen) Valid() bool { return validEnum(int(r), reopenNames) }

// MarshalText encodes r by name; an invalid rule is an error.
func (r Reopen) MarshalText() ([]byte, error) {
	return marshalEnum("reopen rule", int(r), reopenNames)
}

// UnmarshalText decodes a rule by name (case-insensitive).
func (r *Reopen) UnmarshalText(b []byte) error {
	return unmarshalEnum("reopen rule", b, reopenNames, (*int)(r))
}

// Target is an SLA target: a metric for a severity must be met within an
// amount of open time on a calendar.
type Target struct {
	Severity Severity
	Metric   Metric
	Within   time.Duration
	// Calendar is when the clock runs; nil means Always (24x7 elapsed time).
	Calendar *Calendar
}

// DefaultWarnAt is the fraction of a target after which a clock is at risk.
const DefaultWarnAt = 0.75

// Policy is a set of SLA targets and the rules that say how clocks react to
// reclassification and reopening. Zero fields mean the defaults: WarnAt 0.75,
// OnReclassify Restart, OnReopen NewCycle.
//
// Targets come in three kinds, each in its own list (and JSON key): an
// amount of open time (Targets), a deadline rule (Deadlines), and a
// recurring update (Updates, judged by UpdateClock). A severity and metric
// has one target: an open-time one or a deadline one.
type Policy struct {
	Name         string           `json:"name,omitempty"`
	Targets      []Target         `json:"targets"`
	Deadlines    []DeadlineTarget `json:"deadlines,omitempty"`
	Updates      []UpdateTarget   `json:"updates,omitempty"`
	WarnAt       float64          `json:"warn_at,omitzero"`
	OnReclassify Reclassify       `json:"on_reclassify,omitzero"`
	OnReopen     Reopen           `json:"on_reopen,omitzero"`
}

// DefaultPolicy returns the default hypercare policy, with business hours on
// the given calendar (nil means Always):
//
//	       first response          resolution
//	Sev1   15 min, 24x7             4 h, 24x7                ("fix in hours")
//	Sev2   2 business hours         16 business hours (2 days on 09-17)
//	Sev3   8 business hours         40 business hours (5 days on 09-17: "when convenient")
//
// It warns at 75% of a target, restarts a clock on reclassification and starts
// a new cycle on reopen.
func DefaultPolicy(business *Calendar) Policy {
	return Policy{
		Name: "hypercare default",
		Targets: []Target{
			{Sev1, FirstResponse, 15 * time.Minute, nil},
			{Sev1, Resolution, 4 * time.Hour, nil},
			{Sev2, FirstResponse, 2 * time.Hour, business},
			{Sev2, Resolution, 16 * time.Hour, business},
			{Sev3, FirstResponse, 8 * time.Hour, business},
			{Sev3, Resolution, 40 * time.Hour, business},
		},
	}
}

// Validate reports the first problem with p: no targets at all (the zero
// Policy, which would run no clock), a target with an invalid
// severity or metric or a non-positive duration, two targets for the same
// severity and metric, a WarnAt outside (0, 1] (0 means the default), or an
// unknown rule. Every such error wraps ErrInvalid.
func (p Policy) Validate() error { return prefixed(p.validate()) }

// validate is Validate's bare core, "policy %q: ...", for callers that nest it.
func (p Policy) validate() error {
	if len(p.Targets) == 0 {
		return invalidf("policy %q: no targets: a policy needs at least one (see DefaultPolicy)", p.Name)
	}
	seen := map[[2]int]bool{}
	for i, t := range p.Targets {
		key := [2]int{int(t.Severity), int(t.Metric)}
		switch {
		case !t.Severity.Valid():
			return invalidf("policy %q: target %d: unknown severity %d", p.Name, i, int(t.Severity))
		case !t.Metric.Valid():
			return invalidf("policy %q: target %d: unknown metric %d", p.Name, i, int(t.Metric))
		case t.Within <= 0:
			return invalidf("policy %q: target %d (%s %s): duration %s is not positive", p.Name, i, t.Severity, t.Metric, t.Within)
		case seen[key]:
			return invalidf("policy %q: two %s targets for %s", p.Name, t.Metric, t.Severity)
		}
		seen[key] = true
	}
	for i, t := range p.Deadlines {
		key := [2]int{int(t.Severity), int(t.Metric)}
		switch {
		case !t.Severity.Valid():
			return invalidf("policy %q: deadline target %d: unknown severity %d", p.Name, i, int(t.Severity))
		case !t.Metric.Valid():
			return invalidf("policy %q: deadline target %d: unknown metric %d", p.Name, i, int(t.Metric))
		case seen[key]:
			return invalidf("policy %q: two %s targets for %s", p.Name, t.Metric, t.Severity)
		}
		if err := t.Deadline.validate(); err != nil {
			return invalidf("policy %q: deadline target %d (%s %s): %w", p.Name, i, t.Severity, t.Metric, err)
		}
		seen[key] = true
	}
	updates := map[Severity]bool{}
	for i, t := range p.Updates {
		switch {
		case !t.Severity.Valid():
			return invalidf("policy %q: update target %d: unknown severity %d", p.Name, i, int(t.Severity))
		case t.Every < MinUpdateEvery:
			return invalidf("policy %q: update target %d (%s): %s", p.Name, i, t.Severity, everyProblem(t.Every))
		case updates[t.Severity]:
			return invalidf("policy %q: two update targets for %s", p.Name, t.Severity)
		}
		updates[t.Severity] = true
	}
	switch {
	case p.WarnAt < 0 || p.WarnAt > 1 || p.WarnAt != p.WarnAt:
		return invalidf("policy %q: warn fraction %v is outside (0, 1]", p.Name, p.WarnAt)
	case p.OnReclassify != 0 && !p.OnReclassify.Valid():
		return invalidf("policy %q: unknown reclassify rule %d", p.Name, int(p.OnReclassify))
	case p.OnReopen != 0 && !p.OnReopen.Valid():
		return invalidf("policy %q: unknown reopen rule %d", p.Name, int(p.OnReopen))
	}
	return nil
}

// Target returns the target for severity s and metric m, and false if the
// policy has none.
func (p Policy) Target(s Severity, m Metric) (Target, bool) {
	for _, t := range p.Targets {
		if t.Severity == s && t.Metric == m {
			return t, true
		}
	}
	return Target{}, false
}

func (p Policy) warnAt() float64 {
	if p.WarnAt == 0 {
		return DefaultWarnAt
	}
	return p.WarnAt
}

// ClockState is where an SLA clock stands.
type ClockState int

// The clock states. The zero ClockState is invalid.
const (
	ClockRunning    ClockState = 1 + iota // counting, within target
	ClockPaused                           // stopped by a pause, within target
	ClockMet                              // the metric was achieved within target
	ClockBreached                         // the target passed before the metric was achieved
	ClockNotStarted                       // the issue was not opened yet at the asked instant
)

var clockStateNames = []string{"", "running", "paused", "met", "breached", "not-started"}

// String returns the state's name, such as "breached".
func (s ClockState) String() string { return enumString("ClockState", int(s), clockStateNames) }

// Valid reports whether s is one of the defined clock states.
func (s ClockState) Valid() bool { return validEnum(int(s), clockStateNames) }

// MarshalText encodes s by name; an invalid state is an error.
func (s ClockState) MarshalText() ([]byte, error) {
	return marshalEnum("clock state", int(s), clockStateNames)
}

// UnmarshalText decodes a state by name (case-insensitive).
func (s *ClockState) UnmarshalText(b []byte) error {
	return unmarshalEnum("clock state", b, clockStateNames, (*int)(s))
}

// Clock is an SLA clock at an instant, derived from an issue's timeline by
// Policy.Clock. For the resolution metric it describes the current cycle (a
// reopen under NewCycle starts cycle 2; Policy.Cycles lists the earlier ones).
//
// Elapsed + Remaining == Target always holds; Remaining is negative once the
// clock is overdue. A clock that breached stays Breached, even if the issue is
// later resolved or reclassified: a breach is counted once.
//
// Its instants are in the location of the target's calendar (for Always, as
// the timeline gave them; Engagement.Clock puts those in the engagement's
// location), so a customer's Tokyo calendar shows Tokyo times. The location
// changes how an instant prints, never which instant it is.
//
// A clock of an issue not opened at the asked instant has State
// ClockNotStarted, its Metric, and every other field zero.
type Clock struct {
	Metric   Metric     `json:"metric"`
	Severity Severity   `json:"severity,omitzero"` // whose target applies now; zero when not started
	State    ClockState `json:"state"`
	Cycle    int        `json:"cycle"`
	// Target is the open time allowed, counted on Calendar (nil: Always).
	Target   time.Duration `json:"target"`
	Calendar *Calendar     `json:"calendar,omitempty"`
	// Started is when the cycle started: the opening, or the reopen.
	Started time.Time `json:"started"`
	// Due is the planned end, the breach time: it moves with pauses and
	// reclassification. While paused it is the due time if the clock resumed
	// at the asked instant.
	Due time.Time `json:"due"`
	// OriginalDue is the due time set when the cycle started, before any pause
	// or reclassification.
	OriginalDue time.Time `json:"original_due"`
	// WarnAt is, for a running or paused clock, when its warning starts: the
	// instant Elapsed reaches the policy's warning fraction of Target if
	// nothing new happens, moved by pauses and reclassification as Due is
	// (while paused: if the clock resumed at the asked instant). Once the
	// fraction is used up it is the instant that happened, or the
	// reclassification that used it up. It is never after Due, and zero for
	// a clock that is met, breached or not started.
	WarnAt time.Time `json:"warn_at,omitzero"`
	// Stopped is when the metric was achieved (zero if not yet).
	Stopped time.Time `json:"stopped,omitzero"`
	// Elapsed is the open time used, in the current target's terms.
	Elapsed   time.Duration `json:"elapsed"`
	Remaining time.Duration `json:"remaining"`
	// Percent is Elapsed / Target * 100.
	Percent float64 `json:"percent"`
	// AtRisk: running or paused, not breached, with at least the policy's
	// warning fraction of the target used.
	AtRisk bool `json:"at_risk,omitempty"`
	// BreachedAt is when the clock became breached: the due time, or the
	// moment a retroactive change revealed an earlier due time had passed.
	// Zero if never breached.
	BreachedAt time.Time `json:"breached_at,omitzero"`
}

// Clock returns the SLA clock of metric m for the issue as it stood at asOf,
// from the events at or before asOf.
//
// Pauses stop the clock; the paused time is left out in the calendar's own
// terms. A change of severity follows p.OnReclassify, a reopen p.OnReopen.
// The first-response clock stops at the first response or resolution and is
// not affected by reopening.
//
// An issue not opened by asOf (a later opening, or no events at all) is not
// an error: its clock has State ClockNotStarted, so a batch over many issues
// needs no filter.
//
// Clock returns an error if m is not a metric, or if p has no target, or one
// of zero or negative time, for a severity the issue held while the clock
// ran. It does not otherwise
// validate p (see Policy.Validate): of two targets for one severity and
// metric, the first counts.
//
// Under NewCycle, a reopen starts a fresh clock: Clock describes that cycle
// only. Use Cycles to count every cycle, so a breach before a reopen is not
// forgotten.
func (p Policy) Clock(is Issue, m Metric, asOf time.Time) (Clock, error) {
	return p.replay(is, m, asOf, nil)
}

// Cycles returns every cycle of metric m's clock for the issue as it stood
// at asOf, oldest first: the cycles a reopen under NewCycle closed, each as it
// stood when it closed (Met or Breached), then the current one, as Clock
// returns it. Without NewCycle reopens there is one cycle. It returns the
// errors Clock returns.
func (p Policy) Cycles(is Issue, m Metric, asOf time.Time) ([]Clock, error) {
	var out []Clock
	last, err := p.replay(is, m, asOf, func(c Clock) { out = append(out, c) })
	if err != nil {
		return nil, err
	}
	return append(out, last), nil
}

// replay runs the clock over the timeline up to asOf; closed, when not nil,
// gets each cycle that a NewCycle reopen closes.
func (p Policy) replay(is Issue, m Metric, asOf time.Time, closed func(Clock)) (Clock, error) {
	if !m.Valid() {
		return Clock{}, invalidf("hypercare: clock: unknown metric %d", int(m))
	}
	if len(is.events) == 0 || is.events[0].At.After(asOf) {
		return Clock{Metric: m, State: ClockNotStarted}, nil
	}
	r := clockRun{metric: m, keepSegs: p.OnReclassify == ReclassifyRetroactive, warnAt: p.warnAt()}
	var st State
	var before Severity // the severity before a run of reclassifications at one instant
	for i, e := range is.events {
		if e.At.After(asOf) {
			break
		}
		// Judge the previous instant once all of its events are in, so that
		// a state undone at the same instant (a reclassification corrected
		// at once) never counts, just as StateAt never shows it.
		if i == 0 || e.At.After(is.events[i-1].At) {
			r.advance(e.At)
		}
		prev := st
		st, _ = st.apply(e) // the timeline was validated by Append
		var err error
		switch e.Type {
		case EventOpened:
			err = r.startCycle(p, st.Severity, e.At)
		case EventReclassified:
			// Once per instant, from the severity before its
			// reclassifications to the one after them: a change undone at
			// the same instant restarts nothing.
			if i == 0 || is.events[i-1].Type != EventReclassified || is.events[i-1].At.Before(e.At) {
				before = prev.Severity
			}
			if lastOfReclassifications(is.events, i) && st.Severity != before && r.stopped.IsZero() {
				err = r.reclassify(p, st.Severity, e.At)
			}
		case EventPaused:
			r.pause(e.At)
		case EventResumed:
			r.resume(e.At)
		case EventResponded:
			if m == FirstResponse {
				r.stop(e.At)
			}
		case EventResolved:
			r.stop(e.At)
			r.resolvedAt = e.At
		case EventReopened:
			if m == Resolution {
				if closed != nil && p.OnReopen != ReopenResume && p.OnReopen != ReopenFromCreation {
					closed(r.clock(e.At))
				}
				err = r.reopen(p, st.Severity, e.At)
			}
		}
		if err != nil {
			return Clock{}, invalidf("hypercare: clock for issue %q: %w", is.ID, err)
		}
	}
	r.advance(asOf)
	return r.clock(asOf), nil
}

// lastOfReclassifications reports whether events[i], a reclassification,
// ends a run of reclassifications at its instant: the clocks judge such a
// run once, by the severity after it (replay's rule for one instant: a
// state undone at the same instant never counts).
func lastOfReclassifications(events []Event, i int) bool {
	return i+1 == len(events) || events[i+1].Type != EventReclassified || events[i+1].At.After(events[i].At)
}

// clockRun replays one SLA clock over a timeline.
type clockRun struct {
	metric   Metric
	keepSegs bool    // remember the active segments, for Retroactive
	warnAt   float64 // the policy's warning fraction

	sev    Severity
	cal    *Calendar
	target time.Duration
	cycle  int

	used     time.Duration // open time used before segStart, in the current target's terms
	active   bool          // counting: not paused, not stopped
	paused   bool
	segStart time.Time
	// segSeen is when the running segment became known: segStart, except
	// under ReopenFromCreation, whose segment starts at the resolution and
	// is known at the reopen. A warning never starts before it.
	segSeen time.Time
	segs    []Interval // closed active segments of the cycle (keepSegs only)
	// overdue: due is an instant the clock counted past with its target used
	// up, so pauses and resumes no longer move it.
	overdue bool

	due, dueSetAt        time.Time
	started, originalDue time.Time
	// warned is when the warning fraction of the current target was used
	// up, once used >= warnBudget(); zero before.
	warned              time.Time
	stopped, breachedAt time.Time
	resolvedAt          time.Time
	// changeAt is the instant of the last reclassification, and
	// changeWarned and changeWasWarned the warning as it stood before the
	// first change at that instant: several changes at one instant count as
	// one, so an intermediate severity never moves the warning.
	changeAt, changeWarned time.Time
	changeWasWarned        bool
}

// setTarget applies the target for severity s; a deadline target's
// allowance is the open time from `from` to its deadline.
func (r *clockRun) setTarget(p Policy, s Severity, from time.Time) error {
	t, ok := p.Target(s, r.metric)
	if d, isDeadline := p.deadlineTarget(s, r.metric); !ok && isDeadline {
		due, err := d.Deadline.from(from, d.Calendar)
		if err != nil {
			return err
		}
		t, ok = Target{s, r.metric, d.Calendar.Between(from, due), d.Calendar}, true
	}
	if !ok {
		return invalidf("policy %q has no %s target for %s", p.Name, r.metric, s)
	}
	if t.Within <= 0 { // as Policy.Validate: a clock of no time has no due or percent
		return invalidf("policy %q: %s target for %s: duration %s is not positive", p.Name, r.metric, s, t.Within)
	}
	r.sev, r.cal, r.target = s, t.Calendar, t.Within
	return nil
}

func (r *clockRun) startCycle(p Policy, s Severity, at time.Time) error {
	if err := r.setTarget(p, s, at); err != nil {
		return err
	}
	r.cycle++
	r.used, r.active, r.paused, r.segStart, r.segSeen, r.segs, r.overdue = 0, true, false, at, at, r.segs[:0], false
	r.started, r.stopped, r.breachedAt, r.warned = at, time.Time{}, time.Time{}, time.Time{}
	r.setDue(at)
	r.originalDue = r.due
	return nil
}

// setDue sets the due time from the running segment, unless the clock is
// already overdue (then the due time found earlier stands).
func (r *clockRun) setDue(at time.Time) {
	if r.used <= r.target && !r.overdue {
		r.due = r.cal.Add(r.segStart, r.target-r.used)
	}
	r.dueSetAt = at
}

// advance records what happened before t: a clock that counted past its
// due time is overdue, and an overdue clock is breached.
func (r *clockRun) advance(t time.Time) {
	if r.active && r.due.Before(t) {
		r.overdue = true
	}
	if r.overdue && r.breachedAt.IsZero() {
		r.breachedAt = later(r.due, r.dueSetAt)
	}
}

// closeSeg ends the running segment at t, adding its open time to used.
func (r *clockRun) closeSeg(t time.Time) {
	if !r.active {
		return
	}
	before := r.used
	r.used += r.cal.Between(r.segStart, t)
	if wb := r.warnBudget(); before < wb && r.used >= wb {
		r.warned = later(r.cal.Add(r.segStart, wb-before), r.segSeen)
	}
	if r.keepSegs {
		r.segs = append(r.segs, Interval{r.segStart, t})
	}
	r.active = false
}

func (r *clockRun) pause(t time.Time) {
	if r.stopped.IsZero() {
		r.closeSeg(t)
		r.paused = true
	}
}

func (r *clockRun) resume(t time.Time) {
	if r.stopped.IsZero() && r.paused {
		r.paused, r.active, r.segStart, r.segSeen = false, true, t, t
		r.setDue(t)
	}
}

func (r *clockRun) stop(t time.Time) {
	if r.stopped.IsZero() {
		if r.paused && r.used <= r.target && !r.overdue { // the due time moved with the pause until now
			r.due = r.cal.Add(t, r.target-r.used)
		}
		r.closeSeg(t)
		r.paused = false
		r.stopped = t
	}
}

func (r *clockRun) reclassify(p Policy, s Severity, t time.Time) error {
	wasActive := r.active
	r.closeSeg(t)
	oldTarget := r.target
	if r.changeAt.IsZero() || !r.changeAt.Equal(t) {
		r.changeAt, r.changeWarned, r.changeWasWarned = t, r.warned, r.used >= r.warnBudget()
	}
	from := r.started // a deadline rule applies from the cycle's start...
	if p.OnReclassify != ReclassifyRetroactive && p.OnReclassify != ReclassifyProportional {
		from = t // ...or, under Restart, from the change
	}
	if err := r.setTarget(p, s, from); err != nil {
		return err
	}
	switch p.OnReclassify {
	case ReclassifyRetroactive:
		r.used = 0
		for _, sg := range r.segs {
			r.used += r.cal.Between(sg.Start, sg.End)
		}
		// Overdue if the recount used the target up at an instant the clock
		// counted past: inside a segment, not at its very end.
		r.overdue = false
		if r.used >= r.target {
			rem := r.target
			for _, sg := range r.segs {
				w := r.cal.Between(sg.Start, sg.End)
				if due := r.cal.Add(sg.Start, rem); w >= rem && due.Before(sg.End) {
					r.due, r.overdue = due, true
					break
				}
				rem -= w
			}
		}
	case ReclassifyProportional:
		r.used = scale(r.used, r.target, oldTarget)
	default: // Restart
		r.used, r.overdue = 0, false
	}
	if wasActive {
		r.active, r.segStart, r.segSeen = true, t, t
	}
	switch {
	case r.used < r.warnBudget():
		r.warned = time.Time{}
	case !r.changeWasWarned || r.changeWarned.IsZero():
		r.warned = t // the new target's warning starts with the change
	default:
		r.warned = r.changeWarned // warned before the change, and still
	}
	r.setDue(t) // if overdue, the next advance records the breach at t
	return nil
}

// warnBudget is the open time from which the clock warns: the least
// duration at least the warning fraction of the current target, as AtRisk
// compares.
func (r *clockRun) warnBudget() time.Duration {
	return time.Duration(math.Ceil(r.warnAt * float64(r.target)))
}

func (r *clockRun) reopen(p Policy, s Severity, t time.Time) error {
	switch p.OnReopen {
	case ReopenResume, ReopenFromCreation:
		if !r.stopped.IsZero() {
			r.stopped, r.active, r.segStart, r.segSeen = time.Time{}, true, t, t
			if p.OnReopen == ReopenFromCreation {
				r.segStart = r.resolvedAt // the time spent resolved counts
			}
			r.setDue(t)
			if r.due.Before(t) { // it counted past its due while resolved
				r.overdue = true
			}
		}
		if s != r.sev {
			return r.reclassify(p, s, t)
		}
		return nil
	default: // NewCycle
		return r.startCycle(p, s, t)
	}
}

func (r *clockRun) clock(asOf time.Time) Clock {
	elapsed := r.used
	if r.active {
		if b := r.cal.Between(r.segStart, asOf); b > math.MaxInt64-elapsed {
			elapsed = math.MaxInt64 // centuries past due: saturate rather than wrap
		} else {
			elapsed += b
		}
	}
	due := r.due
	if r.paused && r.used <= r.target && !r.overdue {
		due = r.cal.Add(asOf, r.target-r.used)
	}
	c := Clock{
		Metric: r.metric, Severity: r.sev, Cycle: r.cycle,
		Target: r.target, Calendar: r.cal,
		Started: r.started, Due: due, OriginalDue: r.originalDue, Stopped: r.stopped,
		Elapsed: elapsed, Remaining: r.target - elapsed,
		Percent:    100 * float64(elapsed) / float64(r.target),
		BreachedAt: r.breachedAt,
	}
	switch {
	case !r.breachedAt.IsZero():
		c.State = ClockBreached
	case !r.stopped.IsZero():
		c.State = ClockMet
	case r.paused:
		c.State = ClockPaused
	default:
		c.State = ClockRunning
	}
	c.AtRisk = (c.State == ClockRunning || c.State == ClockPaused) && float64(elapsed) >= r.warnAt*float64(r.target)
	if c.State == ClockRunning || c.State == ClockPaused {
		c.WarnAt = r.warnInstant(asOf)
		if c.WarnAt.After(due) {
			c.WarnAt = due
		}
	}
	if !r.cal.IsAlways() {
		c = c.In(r.cal.Location())
	}
	return c
}

// warnInstant returns when the warning of a running or paused clock starts
// (see Clock.WarnAt), before it is bounded by the due time.
func (r *clockRun) warnInstant(asOf time.Time) time.Time {
	wb := r.warnBudget()
	switch {
	case r.used >= wb:
		return r.warned
	case r.active:
		return later(r.cal.Add(r.segStart, wb-r.used), r.segSeen)
	}
	return r.cal.Add(asOf, wb-r.used) // paused: as if it resumed now
}

// In returns c with every instant in loc: the same instants, shown in
// another zone. A nil loc returns c unchanged.
func (c Clock) In(loc *time.Location) Clock {
	if loc == nil {
		return c
	}
	for _, t := range []*time.Time{&c.Started, &c.Due, &c.OriginalDue, &c.WarnAt, &c.Stopped, &c.BreachedAt} {
		if !t.IsZero() {
			*t = t.In(loc)
		}
	}
	return c
}

// scale returns used * to / from, rounded down, without overflow.
func scale(used, to, from time.Duration) time.Duration {
	if used <= 0 || from <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(used), uint64(to))
	if hi >= uint64(from) { // quotient would not fit: far overdue
		return time.Duration(1<<63 - 1)
	}
	q, _ := bits.Div64(hi, lo, uint64(from))
	if q > 1<<63-1 {
		return time.Duration(1<<63 - 1)
	}
	return time.Duration(q)
}
