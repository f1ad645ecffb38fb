package hypercare

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// ExitInput is what an exit criterion is checked against: the engagement,
// its issues and sign-offs, and the as-of instant.
//
// A criterion must ignore events and sign-offs after AsOf: a timeline may
// already hold later events when an engagement is judged in hindsight. It is
// one struct, passed whole, so that it can grow without breaking criteria
// written outside the package.
type ExitInput struct {
	Engagement Engagement
	Issues     []Issue
	SignOffs   []SignOff
	AsOf       time.Time
}

// Criterion is one exit criterion. The built-ins are NoNewIssues,
// DefectRate, Takeover, NoneOpen, SLACompliance and SponsorSignOff, combined
// with All and Any; a firm's own rule is any type with these two methods (see
// the package examples).
//
// A criterion may also have a method Validate() error; ExitPolicy.Validate
// calls it.
type Criterion interface {
	// Name is a short label, unique within a policy, such as
	// "no new Sev1/2 for 3 days".
	Name() string
	// Check judges the criterion at in.AsOf. It returns an error only when
	// it cannot judge at all; Evaluate then fails, naming the criterion.
	Check(in ExitInput) (Result, error)
}

// Result is what a criterion found at an as-of instant.
//
// A criterion fills Met, Reason, Evidence and, to forecast, Holds (and Gate
// and Parts where they apply). Evaluate then finishes it: an empty Criterion
// becomes the criterion's Name; Holds is sorted and merged, and set to "from
// the as-of instant on" if Met and empty; NeedsAction is set when it is not
// met and Holds has no span reaching past the as-of instant, and a result
// not met that sets NeedsAction itself (not a gate, nor All or Any, whose
// spans are their parts') loses its spans after the as-of instant, so no
// exit is forecast past it; MetSince and MetAt are derived. So the least a
// custom criterion returns is Met and a Reason.
type Result struct {
	Criterion string `json:"criterion"`
	// Met reports whether the criterion holds at the as-of instant.
	Met bool `json:"met"`
	// MetSince is, when Met, the instant from which it has held
	// continuously (never before go-live for the built-ins, All and Any);
	// zero otherwise.
	MetSince time.Time `json:"met_since,omitzero"`
	// MetAt is, when not Met and not NeedsAction, the earliest instant at
	// or after the as-of instant at which it holds if nothing new happens;
	// zero otherwise.
	MetAt time.Time `json:"met_at,omitzero"`
	// NeedsAction reports that it is not met and waiting alone will not make
	// it hold: someone must act (resolve an open Sev1, sign off). The Reason
	// then says what is needed instead of forecasting, and MetAt is zero.
	NeedsAction bool `json:"needs_action,omitempty"`
	// Gate marks a decision someone takes, such as the sponsor's sign-off,
	// rather than a condition of the issues.
	Gate bool `json:"gate,omitempty"`
	// Reason is one sentence with the numbers and issue IDs, such as
	// "2 Sev2 issues opened in the last 3 days: INC-17, INC-21".
	Reason string `json:"reason"`
	// Evidence lists the issues the Reason is about, oldest first; for All
	// and Any, each part's evidence in the order of the parts, each issue
	// once.
	Evidence []IssueID `json:"evidence,omitempty"`
	// Holds is when the criterion holds: on the record up to the as-of
	// instant and, after it, if nothing new happens. Spans are disjoint and
	// in order; an End of zero means the span never ends (the trap:
	// Interval.Contains treats a zero End as an empty span). A gate not yet
	// passed is assumed passed at the as-of instant: its Holds starts there
	// while Met is false.
	Holds []Interval `json:"holds,omitempty"`
	// Parts are the results of the criteria that All or Any combine.
	Parts []Result `json:"parts,omitempty"`
}

// finish completes a result as Result describes.
func (r *Result) finish(asOf time.Time) {
	r.Holds = mergeHolds(r.Holds)
	if !r.Met && r.NeedsAction && !r.Gate && len(r.Holds) > 0 {
		// Waiting alone will not make it hold: no span after asOf. (A gate's
		// spans assume it passed when asked.)
		r.Holds = intersectHolds(r.Holds, []Interval{{Start: r.Holds[0].Start, End: asOf}})
	}
	r.derive(asOf)
}

// finishCombined completes the result of All or Any, whose spans are their
// parts' (already finished) combined: a pending gate among the parts makes
// it need action while its spans still forecast the exit.
func (r *Result) finishCombined(asOf time.Time) {
	r.Holds = mergeHolds(r.Holds)
	r.derive(asOf)
}

// derive sets NeedsAction, MetSince and MetAt from Met and Holds.
func (r *Result) derive(asOf time.Time) {
	if r.Met && len(r.Holds) == 0 {
		r.Holds = []Interval{{Start: asOf}}
	}
	next := firstFrom(r.Holds, asOf)
	r.NeedsAction = !r.Met && (r.NeedsAction || next.IsZero())
	r.MetSince, r.MetAt = time.Time{}, time.Time{}
	switch {
	case r.Met:
		r.MetSince = asOf
		if iv, ok := spanAt(r.Holds, asOf); ok {
			r.MetSince = iv.Start
		}
	case !r.NeedsAction:
		r.MetAt = next
	}
}

// firstFrom returns the first instant at or after t in spans, or zero.
func firstFrom(spans []Interval, t time.Time) time.Time {
	if iv, ok := spanFrom(spans, t); ok {
		return later(iv.Start, t)
	}
	return time.Time{}
}

// Verdict is the answer to "can this hypercare end?" at an instant: ready or
// not, why, criterion by criterion, and when it could end if nothing new
// happens.
type Verdict struct {
	AsOf time.Time `json:"as_of"`
	// Ready reports whether every criterion of the exit policy holds.
	Ready bool `json:"ready"`
	// ReadyForSignOff reports that only gates (the sponsor's sign-off) are
	// missing: every other criterion holds.
	ReadyForSignOff bool `json:"ready_for_sign_off,omitempty"`
	// Summary is one sentence: the verdict, the forecast and the extension.
	Summary string `json:"summary"`
	// Results holds one result per criterion of the policy, in its order.
	Results []Result `json:"results"`
	// EarliestExit is the first instant at or after AsOf at which every
	// criterion holds if nothing new happens, pending gates being passed
	// when asked: AsOf when Ready, zero when some criterion needs action
	// other than a sign-off (see Result.NeedsAction).
	EarliestExit time.Time `json:"earliest_exit,omitzero"`
	PlannedEnd   time.Time `json:"planned_end"`
	// ExtensionDays is, when not Ready and EarliestExit is after
	// PlannedEnd, the whole calendar days (in the engagement's location,
	// rounded up) to add to the planned end to reach it; ExtensionReason
	// says which criteria push the exit out.
	ExtensionDays   int    `json:"extension_days,omitempty"`
	ExtensionReason string `json:"extension_reason,omitempty"`
}

// String renders the verdict as plain text: the summary, then one line per
// criterion, "[x]" when met and "[ ]" when not, parts indented.
func (v Verdict) String() string {
	var b strings.Builder
	b.WriteString(v.Summary)
	if v.ExtensionReason != "" {
		b.WriteString("\nExtension: " + v.ExtensionReason)
	}
	var write func(rs []Result, indent string)
	write = func(rs []Result, indent string) {
		for _, r := range rs {
			mark := "[ ]"
			if r.Met {
				mark = "[x]"
			}
			fmt.Fprintf(&b, "\n%s%s %s: %s", indent, mark, r.Criterion, r.Reason)
			write(r.Parts, indent+"    ")
		}
	}
	write(v.Results, "")
	return b.String()
}

// Evaluate judges the engagement's exit policy (in.Engagement.Exit; the zero
// policy is DefaultExitPolicy) at in.AsOf, over the engagement's issues and
// sign-offs: the same input every Criterion sees. Events and sign-offs after
// in.AsOf are ignored, so a past instant can be judged with hindsight-free
// data.
//
// It returns an error if the engagement is invalid (see Engagement.Validate), if AsOf is
// before go-live, if an issue or sign-off names another engagement, or if a
// criterion's Check fails. Issues are counted as given: the same issue twice
// counts twice. The verdict does not depend on the order of issues.
func Evaluate(in ExitInput) (Verdict, error) {
	e, issues, signOffs, asOf := in.Engagement, in.Issues, in.SignOffs, in.AsOf
	if err := e.Validate(); err != nil {
		return Verdict{}, err
	}
	if asOf.Before(e.GoLive) {
		return Verdict{}, prefixed(invalidf("engagement %q: as-of %s is before go-live %s",
			e.ID, asOf.Format(time.RFC3339), e.GoLive.Format(time.RFC3339)))
	}
	for _, is := range issues {
		if is.Engagement != "" && is.Engagement != e.ID {
			return Verdict{}, prefixed(invalidf("engagement %q: issue %q belongs to engagement %q", e.ID, is.ID, is.Engagement))
		}
	}
	for _, s := range signOffs {
		if s.Engagement != "" && s.Engagement != e.ID {
			return Verdict{}, prefixed(invalidf("engagement %q: sign-off by %q belongs to engagement %q", e.ID, s.By, s.Engagement))
		}
	}
	root, err := allOf(e.Exit.criteria()).judge(in) // validated with the engagement
	if err != nil {
		return Verdict{}, err
	}
	v := Verdict{AsOf: asOf, Ready: root.Met, Results: root.Parts, PlannedEnd: e.PlannedEnd}
	loc := e.loc()
	gates := pendingGates(root.Parts)
	switch {
	case v.Ready:
		v.EarliestExit = asOf
	default: // the root's Holds assumes pending gates passed when asked
		v.EarliestExit = firstFrom(root.Holds, asOf)
		v.ReadyForSignOff = len(gates) > 0 && v.EarliestExit.Equal(asOf)
	}
	if !v.Ready && v.EarliestExit.After(e.PlannedEnd) {
		v.ExtensionDays = extensionDays(e.PlannedEnd, v.EarliestExit, loc)
		v.ExtensionReason = extensionReason(v, loc)
	}
	v.Summary = v.summary(gates, loc)
	return v, nil
}

// summary returns the verdict's one sentence, once Ready, ReadyForSignOff,
// EarliestExit and ExtensionDays are set; gates are the pending gates.
func (v Verdict) summary(gates []string, loc *time.Location) string {
	switch {
	case v.Ready:
		if len(v.Results) > 1 {
			return fmt.Sprintf("Ready to exit: all %d criteria are met", len(v.Results))
		}
		return "Ready to exit: the criterion is met"
	case v.ReadyForSignOff:
		return fmt.Sprintf("Ready for %s: every other criterion is met", strings.Join(gates, " and "))
	case !v.EarliestExit.IsZero():
		s := "Not ready: earliest exit " + stamp(v.EarliestExit, loc) + " if nothing new happens"
		if len(gates) > 0 {
			s += " and " + strings.Join(gates, " and ") + " is then given"
		}
		if v.ExtensionDays > 0 {
			s += fmt.Sprintf(", after the planned end %s: ask for a %d-day extension", stamp(v.PlannedEnd, loc), v.ExtensionDays)
		} else {
			s += ", within the planned end " + stamp(v.PlannedEnd, loc)
		}
		return s
	}
	var blocked []string
	for _, r := range v.Results {
		if r.NeedsAction && !r.Gate {
			blocked = append(blocked, r.Criterion)
		}
	}
	if len(blocked) == 0 {
		return "Not ready: the criteria never hold together if nothing new happens"
	}
	return "Not ready, and no exit date until someone acts on: " + strings.Join(blocked, "; ")
}

// pendingGates returns the names of the gates not passed in the results not
// met, in order.
func pendingGates(rs []Result) []string {
	var out []string
	for _, r := range rs {
		switch {
		case r.Met:
		case r.Gate:
			out = append(out, r.Criterion)
		default:
			out = append(out, pendingGates(r.Parts)...)
		}
	}
	return out
}

// extensionDays returns the least n with end + n days (AddDate in loc) at or
// after exit; exit is after end.
func extensionDays(end, exit time.Time, loc *time.Location) int {
	n := DateOf(exit.In(loc)).DaysSince(DateOf(end.In(loc)))
	if addDays(end, n, loc).Before(exit) {
		n++
	}
	return n
}

func extensionReason(v Verdict, loc *time.Location) string {
	var late []string
	for _, r := range v.Results {
		if r.MetAt.After(v.PlannedEnd) {
			s := r.Criterion + " is met only from " + stamp(r.MetAt, loc)
			if len(r.Evidence) > 0 {
				s += " (" + idList(r.Evidence) + ")"
			}
			late = append(late, s)
		}
	}
	if len(late) == 0 {
		late = []string{"the criteria can all hold only from " + stamp(v.EarliestExit, loc)}
	}
	return fmt.Sprintf("%s, after the planned end %s; extend by %s to %s",
		strings.Join(late, "; "), stamp(v.PlannedEnd, loc), plural(v.ExtensionDays, "day", "days"),
		stamp(addDays(v.PlannedEnd, v.ExtensionDays, loc), loc))
}

// check runs c and finishes its result.
func check(c Criterion, in ExitInput) (Result, error) {
	if c == nil {
		return Result{}, invalidf("hypercare: exit policy: nil criterion")
	}
	var r Result
	var err error
	if j, ok := c.(judged); ok {
		r, err = j.judge(in) // validated with the policy (Evaluate) or the whole criterion (Check)
	} else {
		r, err = c.Check(in)
	}
	if _, ok := c.(builtin); ok && err != nil {
		return Result{}, err // names the criterion, or the part of All or Any, already
	}
	if err != nil {
		return Result{}, fmt.Errorf("hypercare: exit criterion %q: %w", c.Name(), err)
	}
	if r.Criterion == "" || r.Criterion == c.Name() {
		r.Criterion = NameIn(c, in.Engagement.Scheme)
	}
	switch c.(type) {
	case allOf, anyOf:
		r.finishCombined(in.AsOf)
	default:
		r.finish(in.AsOf)
		for i := range r.Parts {
			r.Parts[i].finish(in.AsOf)
		}
	}
	return r, nil
}

// ExitPolicy is the set of criteria that must all hold for an engagement to
// exit hypercare. The zero ExitPolicy means DefaultExitPolicy.
//
// In JSON, each built-in criterion is an object with a "kind" ("no-new-issues",
// "defect-rate", "takeover", "none-open", "sla-compliance", "sponsor-sign-off",
// "all", "any") and its fields. A criterion written outside the package is
// encoded as {"kind":"custom","name":...} and decodes to a placeholder that is
// never met and says so; supply the real criterion again with Bind. So a
// decoded policy never silently drops a firm's rule.
type ExitPolicy struct {
	Criteria []Criterion
}

// DefaultExitPolicy returns the common exit criteria:
//
//	no new Sev1/2 for 3 days        NoNewIssues{AtLeast: Sev2, Days: 3}
//	no open Sev1/2                  NoneOpen{AtLeast: Sev2}: none open or paused
//	                                (a quiet 3 days is not zero Sev1/2 open)
//	steady-state takeover           Takeover{Days: 7, MinShare: 0.8, MinResolved: 5}:
//	                                of the issues resolved in the last 7 days (at
//	                                least 5), 80% resolved by the steady-state team
//	                                with no escalation to the project team
//	sponsor sign-off                SponsorSignOff{}: by any named sponsor
func DefaultExitPolicy() ExitPolicy {
	return ExitPolicy{Criteria: []Criterion{
		NoNewIssues{AtLeast: Sev2, Days: 3},
		NoneOpen{AtLeast: Sev2},
		Takeover{Days: 7, MinShare: decimal.New(8, -1), MinResolved: 5},
		SponsorSignOff{},
	}}
}

// IsZero reports whether p has no criteria (and so means DefaultExitPolicy).
func (p ExitPolicy) IsZero() bool { return len(p.Criteria) == 0 }

func (p ExitPolicy) criteria() []Criterion {
	if p.IsZero() {
		return DefaultExitPolicy().Criteria
	}
	return p.Criteria
}

// Validate reports the first problem with p: a nil criterion, a built-in
// criterion with a bad field (negative days or counts, a window over a
// century, a share outside [0, 1], a negative rate, an unknown severity or
// metric), an All or Any of nothing, two custom criteria at the top level
// with one name, or the error of a criterion's own Validate method.
//
// Every such error wraps ErrInvalid.
func (p ExitPolicy) Validate() error { return prefixed(p.validate()) }

// validate is Validate's bare core, for Engagement.validate to nest.
func (p ExitPolicy) validate() error {
	seen := map[string]bool{}
	for _, c := range p.Criteria {
		if err := validateCriterion(c); err != nil {
			return err
		}
		if _, ok := c.(builtin); ok {
			continue // two equal built-ins judge alike; only custom ones bind by name
		}
		if seen[c.Name()] {
			return invalidf("exit policy: two custom criteria named %q (Bind finds them by name)", c.Name())
		}
		seen[c.Name()] = true
	}
	return nil
}

// validateCriterion returns the bare error of c's validation: a built-in's
// core (whose errors name it), or a custom criterion's Validate error under
// its name, marked as invalid input.
func validateCriterion(c Criterion) error {
	if c == nil {
		return invalidf("exit policy: nil criterion")
	}
	if b, ok := c.(interface{ validate() error }); ok {
		return b.validate()
	}
	v, ok := c.(interface{ Validate() error })
	if !ok {
		return nil
	}
	if err := v.Validate(); err != nil {
		return invalidf("exit criterion %q: %w", c.Name(), err)
	}
	return nil
}

// Bind returns a copy of p in which each placeholder left by decoding a
// custom criterion (see ExitPolicy) is replaced by the criterion in cs with
// the same Name, inside All and Any too. It returns an error if cs holds a
// nil criterion, two criteria with one name, or a criterion that matches no
// placeholder; p is unchanged.
func (p ExitPolicy) Bind(cs ...Criterion) (ExitPolicy, error) {
	byName := map[string]Criterion{}
	for _, c := range cs {
		if c == nil {
			return p, invalidf("hypercare: exit policy: bind: nil criterion")
		}
		if _, dup := byName[c.Name()]; dup {
			return p, invalidf("hypercare: exit policy: bind: two criteria named %q", c.Name())
		}
		byName[c.Name()] = c
	}
	used := map[string]bool{}
	out := ExitPolicy{Criteria: bindAll(p.Criteria, byName, used)}
	for _, c := range cs {
		if !used[c.Name()] {
			return p, invalidf("hypercare: exit policy: bind: no custom criterion named %q to replace", c.Name())
		}
	}
	return out, nil
}

func bindAll(cs []Criterion, byName map[string]Criterion, used map[string]bool) []Criterion {
	out := slices.Clone(cs)
	for i, c := range out {
		switch c := c.(type) {
		case unbound:
			if b, ok := byName[string(c)]; ok {
				out[i], used[string(c)] = b, true
			}
		case allOf:
			out[i] = allOf(bindAll(c, byName, used))
		case anyOf:
			out[i] = anyOf(bindAll(c, byName, used))
		}
	}
	return out
}

// builtin marks the package's own criteria, which encode themselves with a
// "kind".
type builtin interface{ exitKind() string }

// unbound stands for a custom criterion decoded from JSON, named by its Name.
type unbound string

func (u unbound) Name() string { return string(u) }

func (u unbound) Check(ExitInput) (Result, error) {
	return Result{
		Reason: fmt.Sprintf("custom criterion %q was read from JSON and not supplied again in code (see ExitPolicy.Bind)", string(u)),
	}, nil
}

// All returns the criterion met when every one of cs is met. Its forecast
// holds where all of theirs do, and it needs action when any part does. All
// of nothing is rejected by ExitPolicy.Validate.
func All(cs ...Criterion) Criterion { return allOf(slices.Clone(cs)) }

// Any returns the criterion met when at least one of cs is met. Its forecast
// holds where any of theirs does, and it needs action when every part does.
// Any of nothing is rejected by ExitPolicy.Validate.
func Any(cs ...Criterion) Criterion { return anyOf(slices.Clone(cs)) }

type allOf []Criterion

type anyOf []Criterion

func (a allOf) exitKind() string { return "all" }
func (a anyOf) exitKind() string { return "any" }

func (a allOf) Name() string { return a.nameIn(nil) }
func (a anyOf) Name() string { return a.nameIn(nil) }

func (a allOf) nameIn(sc Scheme) string { return "all of (" + joinNames(a, sc) + ")" }
func (a anyOf) nameIn(sc Scheme) string { return "any of (" + joinNames(a, sc) + ")" }

func joinNames(cs []Criterion, sc Scheme) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = NameIn(c, sc)
	}
	return strings.Join(names, "; ")
}

func (a allOf) validate() error { return validateParts("all", a) }
func (a anyOf) validate() error { return validateParts("any", a) }

func validateParts(kind string, cs []Criterion) error {
	if len(cs) == 0 {
		return invalidf("exit criterion %q: %s of no criteria", kind+" of ()", kind)
	}
	for _, c := range cs {
		if err := validateCriterion(c); err != nil {
			return err
		}
	}
	return nil
}

func marshalParts(kind string, cs []Criterion) ([]byte, error) {
	raw, err := encodeCriteria(cs)
	if err != nil {
		return nil, err
	}
	return marshalKind(kind, struct {
		Of []json.RawMessage `json:"of"`
	}{raw})
}

func (a allOf) Check(in ExitInput) (Result, error) { return checkValid(a, in) }

func (a allOf) judge(in ExitInput) (Result, error) {
	parts, err := checkParts(a, in)
	if err != nil {
		return Result{}, err
	}
	r := Result{Criterion: a.nameIn(in.Engagement.Scheme), Met: true, Parts: parts}
	r.Holds = []Interval{{Start: in.Engagement.GoLive}}
	var missing []string
	action := false
	for _, p := range parts {
		r.Met = r.Met && p.Met
		r.Holds = intersectHolds(r.Holds, p.Holds)
		action = action || p.NeedsAction
		if !p.Met {
			missing = append(missing, p.Criterion)
		}
	}
	r.Evidence = unionEvidence(parts)
	r.NeedsAction = action
	r.finishCombined(in.AsOf)
	if r.Met {
		r.Reason = "all " + plural(len(parts), "criterion", "criteria") + " met"
	} else {
		r.Reason = fmt.Sprintf("%d of %d met; not met: %s", len(parts)-len(missing), len(parts), strings.Join(missing, "; "))
	}
	return r, nil
}

func (a anyOf) Check(in ExitInput) (Result, error) { return checkValid(a, in) }

func (a anyOf) judge(in ExitInput) (Result, error) {
	parts, err := checkParts(a, in)
	if err != nil {
		return Result{}, err
	}
	r := Result{Criterion: a.nameIn(in.Engagement.Scheme), Parts: parts}
	var met []string
	action := len(parts) > 0
	for _, p := range parts {
		r.Met = r.Met || p.Met
		r.Holds = unionHolds(r.Holds, p.Holds)
		action = action && p.NeedsAction
		if p.Met {
			met = append(met, p.Criterion)
		}
	}
	r.Holds = intersectHolds(r.Holds, []Interval{{Start: in.Engagement.GoLive}}) // as All's, never before go-live
	r.Evidence = unionEvidence(parts)
	r.NeedsAction = action
	r.finishCombined(in.AsOf)
	if r.Met {
		r.Reason = "met by " + strings.Join(met, "; ")
	} else {
		r.Reason = "none of " + plural(len(parts), "criterion", "criteria") + " met"
	}
	return r, nil
}

// judged is a built-in criterion that validates itself: Check is
// checkValid, and judge judges it once it is known to be valid, so a tree
// of All and Any is validated once, at its root, not again at each level.
type judged interface {
	validate() error
	judge(in ExitInput) (Result, error)
}

// checkValid is the Check of a judged criterion: a direct call, outside
// Evaluate, refuses what Validate refuses.
func checkValid(c judged, in ExitInput) (Result, error) {
	if err := c.validate(); err != nil {
		return Result{}, prefixed(err)
	}
	return c.judge(in)
}

func checkParts(cs []Criterion, in ExitInput) ([]Result, error) {
	out := make([]Result, 0, len(cs))
	for _, c := range cs {
		r, err := check(c, in)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// unionEvidence returns the parts' evidence, each issue once, in order.
func unionEvidence(parts []Result) []IssueID {
	var all []IssueID
	for _, p := range parts {
		all = append(all, p.Evidence...)
	}
	return uniqueIDs(all)
}

// hit is an issue a reason names, at the instant that makes it count.
type hit struct {
	at   time.Time
	id   IssueID
	note string
}

func sortHits(hs []hit) {
	slices.SortFunc(hs, func(a, b hit) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.id), string(b.id)); c != 0 {
			return c
		}
		return strings.Compare(a.note, b.note)
	})
}

func hitIDs(hs []hit) []IssueID {
	if len(hs) == 0 {
		return nil
	}
	ids := make([]IssueID, len(hs))
	for i, h := range hs {
		ids[i] = h.id
	}
	return ids
}

// hitList names the hits, each with its note in parentheses if withNotes.
func hitList(hs []hit, withNotes bool) string {
	return listed(len(hs), func(i int) string {
		if withNotes {
			return string(hs[i].id) + " (" + hs[i].note + ")"
		}
		return string(hs[i].id)
	})
}

// outlook ends a reason: when a not-met criterion holds if nothing new
// happens, or what is needed.
func outlook(r Result, loc *time.Location, action string) string {
	switch {
	case r.Met:
		return ""
	case !r.MetAt.IsZero():
		return "; met from " + stamp(r.MetAt, loc) + " if nothing new happens"
	}
	return "; needs action: " + action
}
