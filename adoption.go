package hypercare

// Adoption monitoring: daily samples per metric and segment, and the flag
// rules a change manager can trust. The statistics live in adoption_stats.go,
// the rules in adoption_rules.go.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// MetricKind is what an adoption metric measures. Every metric is a rate:
// a count of users over the users who could have counted (its base). The
// zero MetricKind is invalid.
//
// Each sample is one day's figure, but what it counts differs: a LoginRate
// sample is already a 7-day share (users seen in the 7 days to that date),
// an ActiveRate sample a daily share (users seen that day). The trap: feed
// a daily share as ActiveRate, not LoginRate. The day-by-day rules
// (declining, the drop charts, run tests) read the samples as they are, and
// their sentences name what a sample is: "login rate (7-day share)",
// "active-user rate (daily share)"; the 7-day rules (below target, lagging)
// pool the business-day samples of the 7 days to a date, and their
// sentences say "over the 7 days to".
type MetricKind int

// The metric kinds.
const (
	// LoginRate: a 7-day share: users who logged in during the 7 days to
	// the sample's date over licensed users.
	LoginRate MetricKind = 1 + iota
	// ActiveRate: a daily share: users active on the sample's date over the
	// users of the segment (DAU by team, region or role).
	ActiveRate
	// FeatureUse: a daily share: users who used a feature on the sample's
	// date over the users enabled for it. Only feature use can raise
	// RuleNeverUsed.
	FeatureUse
)

var metricKindNames = []string{"", "login-rate", "active-rate", "feature-use"}

// String returns "login-rate", "active-rate" or "feature-use".
func (k MetricKind) String() string { return enumString("MetricKind", int(k), metricKindNames) }

// Valid reports whether k is one of the defined metric kinds.
func (k MetricKind) Valid() bool { return validEnum(int(k), metricKindNames) }

// MarshalText encodes k as its String; the zero MetricKind is an error.
func (k MetricKind) MarshalText() ([]byte, error) {
	return marshalEnum("metric kind", int(k), metricKindNames)
}

// UnmarshalText decodes what MarshalText encodes, and rejects anything else.
func (k *MetricKind) UnmarshalText(b []byte) error {
	return unmarshalEnum("metric kind", b, metricKindNames, (*int)(k))
}

// AdoptionMetric names an adoption metric: its kind and, for FeatureUse, the feature
// (for the other kinds Name is an optional label, such as the application).
// Metrics are comparable with ==.
type AdoptionMetric struct {
	Kind MetricKind `json:"kind"`
	Name string     `json:"name,omitempty"`
}

// String describes the metric as the flag sentences do: "login rate",
// "login rate of CRM", "active-user rate", "use of Approvals".
func (m AdoptionMetric) String() string {
	switch m.Kind {
	case LoginRate:
		return withName("login rate", m.Name)
	case ActiveRate:
		return withName("active-user rate", m.Name)
	case FeatureUse:
		return "use of " + m.Name
	}
	return withName(m.Kind.String(), m.Name)
}

func withName(s, name string) string {
	if name == "" {
		return s
	}
	return s + " of " + name
}

func (m AdoptionMetric) check() error {
	switch {
	case m.Kind < LoginRate || m.Kind > FeatureUse:
		return invalidf("unknown metric kind %d", int(m.Kind))
	case m.Kind == FeatureUse && m.Name == "":
		return invalidf("feature use needs the feature's name")
	}
	return nil
}

func compareMetrics(a, b AdoptionMetric) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), strings.Compare(a.Name, b.Name))
}

// Segment is a group of users a series covers: a Dimension ("team",
// "region", "role" or any other) and a Name within it ("Finance"). The zero
// Segment means all users. Segments are comparable with ==.
type Segment struct {
	Dimension string `json:"dimension,omitempty"`
	Name      string `json:"name,omitempty"`
}

// IsZero reports whether s is the zero Segment, all users.
func (s Segment) IsZero() bool { return s == Segment{} }

// String returns "team Finance", or "all users" for the zero Segment.
func (s Segment) String() string {
	if s.IsZero() {
		return "all users"
	}
	return s.Dimension + " " + s.Name
}

func (s Segment) check() error {
	if (s.Dimension == "") != (s.Name == "") {
		return invalidf("segment %q/%q: want both a dimension and a name, or neither (all users)", s.Dimension, s.Name)
	}
	return nil
}

func compareSegments(a, b Segment) int {
	return cmp.Or(strings.Compare(a.Dimension, b.Dimension), strings.Compare(a.Name, b.Name))
}

// Sample is one day of a metric for a segment: Value users did the thing out
// of Base users who could (a login rate of 41 active out of 50 licensed is
// Value 41, Base 50). A day with no sample is missing, never zero.
type Sample struct {
	Date  Date    `json:"date"`
	Value float64 `json:"value"`
	Base  float64 `json:"base"`
}

// Rate returns Value/Base.
func (s Sample) Rate() float64 { return s.Value / s.Base }

func (s Sample) check() error {
	switch {
	case !s.Date.Valid():
		return invalidf("sample %s: invalid date", s.Date)
	case !isFinite(s.Base) || s.Base <= 0:
		return invalidf("sample %s: base %v, want a finite count > 0", s.Date, s.Base)
	case !isFinite(s.Value) || s.Value < 0:
		return invalidf("sample %s: value %v, want a finite count >= 0", s.Date, s.Value)
	case s.Value > s.Base:
		return invalidf("sample %s: value %v exceeds base %v; a rate is at most 100%%", s.Date, s.Value, s.Base)
	}
	return nil
}

// Series is the daily samples of one metric for one segment, in any order.
type Series struct {
	Metric  AdoptionMetric `json:"metric"`
	Segment Segment        `json:"segment"`
	Samples []Sample       `json:"samples"`
}

// String names the series as errors do: "login rate, team Finance".
func (s Series) String() string { return s.Metric.String() + ", " + s.Segment.String() }

// Validate reports the first problem with s: an unknown metric kind, a
// feature without a name, a segment with a dimension but no name (or the
// reverse), no samples, a sample with an invalid date, a base that is not a
// finite count > 0, a value that is negative, not finite or above its base,
// or two samples on one date. The error names the series and the sample.
// Each of its errors wraps ErrInvalid.
func (s Series) Validate() error {
	_, err := s.sorted()
	return err
}

// daySample is a sample with its date as a day number, for sorting and
// arithmetic without calendar conversions.
type daySample struct {
	day int64
	Sample
}

// sorted validates s and returns its samples in date order.
func (s Series) sorted() ([]daySample, error) {
	if err := s.Metric.check(); err != nil {
		return nil, invalidf("hypercare: series %q: %w", s.String(), err)
	}
	if err := s.Segment.check(); err != nil {
		return nil, invalidf("hypercare: series %q: %w", s.String(), err)
	}
	if len(s.Samples) == 0 {
		return nil, invalidf("hypercare: series %q: no samples", s.String())
	}
	out := make([]daySample, len(s.Samples))
	for i, x := range s.Samples {
		if err := x.check(); err != nil {
			return nil, invalidf("hypercare: series %q: %w", s.String(), err)
		}
		out[i] = daySample{x.Date.days(), x}
	}
	slices.SortFunc(out, func(a, b daySample) int { return cmp.Compare(a.day, b.day) })
	for i := 1; i < len(out); i++ {
		if out[i].day == out[i-1].day {
			return nil, invalidf("hypercare: series %q: two samples on %s", s.String(), out[i].Date)
		}
	}
	return out, nil
}

// FlagRule is the rule that raised a flag. The zero FlagRule is invalid.
type FlagRule int

const (
	// RuleBelowTarget: after the ramp-up, the rate over the 7 calendar days
	// to a business day is below the metric's target.
	RuleBelowTarget FlagRule = 1 + iota
	// RuleDeclining: a Mann–Kendall test over a trailing window of business
	// days finds a significant fall, and Sen's slope puts its size at or
	// above a minimum.
	RuleDeclining
	// RuleDropEWMA: the EWMA of the business-day rate falls below its lower
	// control limit around the baseline.
	RuleDropEWMA
	// RuleDropCUSUM: the lower tabular CUSUM of the business-day rate
	// exceeds its decision interval.
	RuleDropCUSUM
	// RuleRunTest: a Nelson run test signals a fall (the flag's Test says
	// which).
	RuleRunTest
	// RuleLagging: a segment's rate over the 7 days to a business day is at
	// least a gap below the overall rate of its dimension.
	RuleLagging
	// RuleNeverUsed: nobody in the segment has used a feature, some business
	// days after its first sample.
	RuleNeverUsed
	// RuleCustom: a rule from outside the package (see AdoptionRule); the
	// flag's Custom field names it. It is not listed in MonitorConfig.Rules.
	RuleCustom
)

var flagRuleNames = []string{"", "below-target", "declining", "drop-ewma", "drop-cusum", "run-test", "lagging", "never-used", "custom"}

// AllRules returns every built-in rule, in order (not RuleCustom).
func AllRules() []FlagRule {
	return []FlagRule{RuleBelowTarget, RuleDeclining, RuleDropEWMA, RuleDropCUSUM, RuleRunTest, RuleLagging, RuleNeverUsed}
}

// String returns the rule's name: "below-target", "declining", "drop-ewma",
// "drop-cusum", "run-test", "lagging", "never-used" or "custom".
func (r FlagRule) String() string { return enumString("FlagRule", int(r), flagRuleNames) }

// Valid reports whether r is one of the defined flag rules.
func (r FlagRule) Valid() bool { return validEnum(int(r), flagRuleNames) }

// MarshalText encodes r as its String; the zero FlagRule is an error.
func (r FlagRule) MarshalText() ([]byte, error) {
	return marshalEnum("flag rule", int(r), flagRuleNames)
}

// UnmarshalText decodes what MarshalText encodes, and rejects anything else.
func (r *FlagRule) UnmarshalText(b []byte) error {
	return unmarshalEnum("flag rule", b, flagRuleNames, (*int)(r))
}

// Level is how urgent a flag is. The zero Level is invalid; LevelWarn <
// LevelAlert.
type Level int

const (
	// LevelWarn: worth watching.
	LevelWarn Level = 1 + iota
	// LevelAlert: act now.
	LevelAlert
)

var levelNames = []string{"", "warn", "alert"}

// String returns "warn" or "alert".
func (l Level) String() string { return enumString("Level", int(l), levelNames) }

// Valid reports whether l is LevelWarn or LevelAlert.
func (l Level) Valid() bool { return validEnum(int(l), levelNames) }

// MarshalText encodes l as its String; the zero Level is an error.
func (l Level) MarshalText() ([]byte, error) { return marshalEnum("level", int(l), levelNames) }

// UnmarshalText decodes what MarshalText encodes, and rejects anything else.
func (l *Level) UnmarshalText(b []byte) error {
	return unmarshalEnum("level", b, levelNames, (*int)(l))
}

// Flag is a concerning adoption signal, dated on a business day.
//
// A rule raises a flag when its condition starts to hold for a series and
// again when it rises from warn to alert; a condition that goes on does not
// repeat its flag. The episode ends when the condition has been clear on
// MonitorConfig.Rearm evaluations in a row; only then can it flag again.
type Flag struct {
	Metric  AdoptionMetric `json:"metric"`
	Segment Segment        `json:"segment"`
	Date    Date           `json:"date"`
	Rule    FlagRule       `json:"rule"`
	// Test is the Nelson test of a RuleRunTest flag, zero for other rules.
	Test RunTest `json:"test,omitempty"`
	// Custom is the Name of the AdoptionRule of a RuleCustom flag.
	Custom string `json:"custom,omitempty"`
	Level  Level  `json:"level"`
	// Ongoing reports that the flag's episode had not ended at the series'
	// last evaluation: the condition still held (or had not yet been clear
	// on MonitorConfig.Rearm evaluations in a row). Only the episode's latest
	// flag is marked; custom rules never mark theirs. A re-baselining
	// (MonitorConfig.Rebaseline) ends the episodes of the control-chart
	// rules (EWMA, CUSUM, run tests), whose charts restart there.
	Ongoing bool `json:"ongoing,omitempty"`
	// Value is the rate the flag is about (the 7-day rate, the window's
	// last rate, the EWMA, the CUSUM's estimate of the new level, the
	// point), and Reference the rate it falls short of (the target, the
	// window's first rate, the baseline, the overall rate, the first point
	// of a falling run): Reference − Value is the shortfall, as a fraction.
	// Both are 0 for RuleNeverUsed.
	Value     float64 `json:"value"`
	Reference float64 `json:"reference"`
	// Message is one sentence with the numbers, e.g. "login rate (7-day
	// share) for team Sales fell from 82% to 61% over 14 business days;
	// Mann–Kendall p = 0.003, Sen slope −1.5 points/business day". The
	// day-by-day rules name the metric's definition in parentheses.
	Message string `json:"message"`
}

// String returns the flag as one line: date, level, rule (the Nelson test
// for a run test) and the sentence, as in "2026-03-20 warn declining: login
// rate (7-day share) fell from 82% to 74% ...".
func (f Flag) String() string {
	rule := f.Rule.String()
	switch f.Rule {
	case RuleRunTest:
		rule = f.Test.String()
	case RuleCustom:
		rule = f.Custom
	}
	return fmt.Sprintf("%s %s %s: %s", f.Date, f.Level, rule, f.Message)
}

func compareFlags(a, b Flag) int {
	return cmp.Or(
		a.Date.Compare(b.Date),
		compareMetrics(a.Metric, b.Metric),
		compareSegments(a.Segment, b.Segment),
		cmp.Compare(a.Rule, b.Rule),
		strings.Compare(a.Custom, b.Custom),
		cmp.Compare(a.Test, b.Test),
		cmp.Compare(a.Level, b.Level),
	)
}

// RateTarget is the rate a metric should reach after the ramp-up.
type RateTarget struct {
	Metric AdoptionMetric `json:"metric"`
	// Rate is the target as a fraction in (0, 1]: 0.8 is 80%.
	Rate float64 `json:"rate"`
}

// MonitorConfig configures Monitor. Every zero field means its documented
// default, so MonitorConfig{} is a working configuration (without targets,
// RuleBelowTarget raises nothing).
//
// Units: rates, gaps and falls are decimal fractions (0.10 is 10 points);
// σ multiples, smoothing weights and p-values are float64; durations are
// counts of business days or of business-day samples.
type MonitorConfig struct {
	// Calendar decides the business days: a date is a business day when the
	// calendar is open at some time on it, so weekends and holidays are
	// not. Nil means Monday to Friday with no holidays, not Always (pass
	// Always to count every day).
	Calendar *Calendar `json:"calendar,omitempty"`
	// Rules lists the rules to apply. Nil or empty means RuleBelowTarget,
	// RuleDeclining, RuleDropEWMA, RuleLagging and RuleNeverUsed: on
	// stationary noise they raise under 0.1 false flags per series a year
	// (see TestMonitorDefaultsRarelyFlagNoise). RuleRunTest and RuleDropCUSUM
	// are opt-in: run tests watch for any change in the process rather than
	// a fall big enough to matter (about 2 false flags per series a year on
	// noise), and CUSUM answers the same question as RuleDropEWMA.
	Rules []FlagRule `json:"rules,omitempty"`
	// Targets gives each metric's target for RuleBelowTarget; a metric
	// without one is not checked against a target.
	Targets []RateTarget `json:"targets,omitempty"`
	// RampUp is the number of business days from a series' first sample
	// during which RuleBelowTarget and RuleLagging stay quiet: 0 means 10
	// (two weeks); a negative value means none.
	RampUp int `json:"ramp_up,omitempty"`
	// Baseline is the number of first business-day samples of a series
	// that set its baseline level and σ for RuleDropEWMA, RuleDropCUSUM and
	// RuleRunTest, which then watch the samples after it: 0 means 10, at
	// least 3. The level is the mean of those samples after setting aside
	// gross outliers, so one outage day among them (5% logins) moves
	// neither the level nor σ, and without one nothing is set aside. An
	// outlier is more than 5 robust σ from the samples' median, σ being the
	// largest of 1.4826 × the median absolute deviation (Rousseeuw and
	// Croux 1993), the median moving range / 0.954 (Montgomery, Statistical
	// Quality Control) and the floor of SigmaFloor (the binomial σ at the
	// median, or SigmaFloor), so on a flat baseline a wobble of a point is
	// no outlier.
	Baseline int `json:"baseline,omitempty"`
	// BaselineMax is how many samples the baseline of RuleDropEWMA and
	// RuleDropCUSUM grows to: 0 means 20 (four weeks); at most Baseline
	// means a fixed baseline. After the first Baseline samples, each later
	// sample joins the baseline once Baseline further samples have been
	// watched after it, so a fall is watched against a baseline without it
	// for Baseline samples before it could join; the level and σ are
	// re-estimated as each sample joins (outliers set aside as above). A
	// longer baseline estimates the level better: on simulated daily
	// shares (weekday effects, overdispersion) a 10-point fall after eight
	// weeks is flagged within 5 business days in 94% of series instead of
	// 85%, with fewer false flags. The traps: a fall early in a series is
	// judged against a short baseline (the first Baseline samples, for a
	// fall within the first 2·Baseline), and a slow fall that goes
	// unflagged for Baseline samples starts to join the baseline (the
	// declining rule is the one for slow falls). RuleRunTest keeps the
	// first baseline.
	BaselineMax int `json:"baseline_max,omitempty"`
	// Rebaseline lists dates after which the level of every series is
	// expected to move for a known reason (an outage, a release, a
	// training wave): RuleDropEWMA, RuleDropCUSUM and RuleRunTest restart
	// at the first business-day sample on or after each date, with a new
	// baseline of the Baseline samples from there (growing as BaselineMax
	// says), and no longer compare
	// what follows with the old level. Before the new baseline is complete
	// they are quiet. Nil means one baseline, at the start of each series.
	Rebaseline []Date `json:"rebaseline,omitempty"`
	// SigmaFloor is the smallest σ the charts use, so a flat baseline does
	// not make every wobble a signal: 0 means 0.01 (1 point). The σ used
	// is the largest of the moving-range estimate over the samples kept
	// (mean moving range / 1.128), the binomial σ √(p(1−p)/n) at the
	// baseline's level and mean base, and this floor.
	SigmaFloor float64 `json:"sigma_floor"`
	// MinWeekSamples is the number of business-day samples a 7-day window
	// needs to be judged by RuleBelowTarget and RuleLagging: 0 means 3,
	// at most 7.
	MinWeekSamples int `json:"min_week_samples,omitempty"`
	// Rearm is the number of evaluations in a row (business days on which
	// the rule could judge the series) on which a rule's condition must be
	// clear before the rule can flag the series again (for run tests, per
	// test): 0 means 5, a week, so a rate that hovers at a threshold is not
	// flagged every other day.
	Rearm int `json:"rearm,omitempty"`
	// Recovery is the hysteresis of RuleLagging and RuleBelowTarget: after
	// one of their flags, the rule stays quiet for the series (one warning
	// per episode, though it still rises to an alert) until Rearm
	// evaluations in a row show a clear recovery — a gap to the overall
	// rate of at most LaggingRule.Gap − Recovery, a 7-day rate of at least
	// the target + Recovery (or 100%). A day merely under the threshold
	// does not count, so a segment truly 7.5 points behind is warned about
	// once, not each time noise pushes the gap past 10 points. 0 means
	// 0.05 (5 points); it must be below LaggingRule.Gap.
	Recovery float64 `json:"recovery"`

	BelowTarget BelowTargetRule `json:"below_target"`
	Declining   DecliningRule   `json:"declining"`
	EWMA        EWMARule        `json:"ewma"`
	CUSUM       CUSUMRule       `json:"cusum"`
	// Runs chooses the run tests and their counts (zero: Nelson's eight,
	// or use WesternElectric()). Only signals of a fall become flags:
	// tests 1, 2, 5 and 6 below the baseline and test 3 decreasing; tests
	// 4, 7 and 8 have no side and a flat series meets test 7, so they are
	// never adoption flags.
	Runs      RunRules      `json:"runs"`
	Lagging   LaggingRule   `json:"lagging"`
	NeverUsed NeverUsedRule `json:"never_used"`

	// Custom are rules written outside the package, run on every series
	// after the built-in ones. They are code, so they are not part of the
	// JSON form.
	Custom []AdoptionRule `json:"-"`
}

// AdoptionRule is a flag rule written outside the package: a firm's own
// check, plugged into Monitor through MonitorConfig.Custom.
type AdoptionRule interface {
	// Name names the rule in its flags (Flag.Custom). Names must be
	// non-empty and distinct among the custom rules.
	Name() string
	// Check returns the rule's flags for one series. The series holds only
	// its business-day samples, sorted by date, so a rule never sees a
	// weekend or holiday dip. Monitor fills in each flag's Metric, Segment,
	// Rule and Custom, clears its Test and Ongoing, and rejects a flag
	// dated on no sample of the series, with an invalid Level or with an
	// empty Message.
	Check(s Series) ([]Flag, error)
}

// BelowTargetRule sets RuleBelowTarget. The flag is a warning when the
// 7-day rate is below the target and an alert when it is AlertGap or more
// below.
type BelowTargetRule struct {
	AlertGap float64 `json:"alert_gap"` // 0 means 0.10
}

// DecliningRule sets RuleDeclining. On each business day, the samples of
// the last Window business days are tested with Mann–Kendall (at least two
// thirds of the window must be present). The fall is Sen's slope times the
// business days between the window's first and last sample, and the last
// sample must be below the first. The flag is a warning when S < 0,
// p < WarnP and the fall is at least MinFall, and an alert when also
// p < AlertP and the fall is at least AlertFall. Its sentence quotes the
// first and last observed rates of the window, the p-value and Sen's slope.
//
// The p-values are stricter than the textbook 0.05 because the test runs
// on every business day of every series, and daily adoption rates are
// autocorrelated (a 7-day login rate most of all), which makes Mann–Kendall
// p-values optimistic; no autocorrelation correction is applied.
type DecliningRule struct {
	Window    int     `json:"window,omitempty"`  // business days; 0 means 15 (three weeks), at least 4
	WarnP     float64 `json:"warn_p,omitempty"`  // 0 means 0.001
	AlertP    float64 `json:"alert_p,omitempty"` // 0 means 0.0001
	MinFall   float64 `json:"min_fall"`          // 0 means 0.05
	AlertFall float64 `json:"alert_fall"`        // 0 means 0.10 or MinFall if larger; at least MinFall
	// Seasonal uses the seasonal Mann–Kendall test with each weekday its
	// own season, for metrics with a weekday pattern (Mondays busy,
	// Fridays quiet); it needs a longer window to reach the same p. Sen's
	// slope is still taken over all pairs of the window.
	Seasonal bool `json:"seasonal,omitempty"`
}

// EWMARule sets RuleDropEWMA: an EWMA chart of the business-day rate after
// the baseline, with z_0 the baseline level and time-varying limits (the
// steady-state limits when SteadyState is set). The baseline level is the
// mean of a few points, not a known μ0, so the limits add its variance:
// μ0 ± Lσ√(λ/(2−λ)·[1−(1−λ)^{2t}] + 1/m) for m baseline points kept;
// without it, an unlucky baseline makes the chart cry wolf for weeks (the
// EWMA function is the textbook chart). The flag is a warning when
// the EWMA falls below the lower limit and is also MinFall or more below the
// baseline mean — a drop both significant and big enough to matter — and an
// alert when it is AlertFall or more below.
type EWMARule struct {
	Lambda      float64 `json:"lambda,omitempty"` // 0 means 0.2
	L           float64 `json:"l,omitempty"`      // 0 means 3
	SteadyState bool    `json:"steady_state,omitempty"`
	MinFall     float64 `json:"min_fall"`   // 0 means 0.05
	AlertFall   float64 `json:"alert_fall"` // 0 means 0.10 or MinFall if larger; at least MinFall
}

// CUSUMRule sets RuleDropCUSUM: a lower tabular CUSUM of the business-day
// rate after the baseline, with K and H in units of the baseline σ. The
// flag is a warning when S_lo exceeds H·σ and the estimated new level,
// μ0 − K·σ − S_lo/N (N the points since S_lo was last 0), is MinFall or more
// below the baseline mean, and an alert when it is AlertFall or more below.
type CUSUMRule struct {
	K         float64 `json:"k,omitempty"`          // 0 means 0.5
	H         float64 `json:"h,omitempty"`          // 0 means 5
	HeadStart float64 `json:"head_start,omitempty"` // in σ; 0 means none
	MinFall   float64 `json:"min_fall"`             // 0 means 0.05
	AlertFall float64 `json:"alert_fall"`           // 0 means 0.10 or MinFall if larger; at least MinFall
}

// LaggingRule sets RuleLagging. The overall rate of a dimension pools every
// segment of that dimension (ΣValue/ΣBase over the 7 days), so bigger
// segments weigh more; it needs at least two segments with samples in the
// window. The flag is a warning when a segment is Gap or more below the
// overall rate and an alert when AlertGap or more.
type LaggingRule struct {
	Gap      float64 `json:"gap"`       // 0 means 0.10
	AlertGap float64 `json:"alert_gap"` // 0 means 0.20 or Gap if larger; at least Gap
}

// NeverUsedRule sets RuleNeverUsed for FeatureUse series: a warning when no
// sample, weekend ones included, has a Value above 0 on a business day After
// business days or more after the first sample, an alert at AlertAfter.
type NeverUsedRule struct {
	After      int `json:"after,omitempty"`       // 0 means 10
	AlertAfter int `json:"alert_after,omitempty"` // 0 means 20, at least After
}

// settings is a MonitorConfig with defaults applied and decimals converted.
type settings struct {
	cal            *Calendar
	on             [8]bool
	targets        map[AdoptionMetric]float64
	rampUp         int
	baseline       int
	baselineMax    int
	sigmaFloor     float64
	minWeek        int
	rearm          int
	recovery       float64
	rebaseline     []Date
	belowAlertGap  float64
	decl           DecliningRule
	declMinFall    float64
	declAlertFall  float64
	ewma           EWMARule
	ewmaMinFall    float64
	ewmaAlertFall  float64
	cusum          CUSUMRule
	cusumMinFall   float64
	cusumAlertFall float64
	runs           RunRules
	lagGap         float64
	lagAlertGap    float64
	never          NeverUsedRule
}

// fraction returns v, or def when v is 0, checking 0 < v <= 1 (so NaN is
// rejected).
func fraction(name string, v, def float64) (float64, error) {
	if v == 0 {
		return def, nil
	}
	if !(v > 0 && v <= 1) {
		return 0, invalidf("monitor config: %s %v, want a fraction in (0, 1]", name, v)
	}
	return v, nil
}

func (c MonitorConfig) resolve() (*settings, error) {
	s := &settings{cal: c.Calendar, targets: map[AdoptionMetric]float64{}}
	if s.cal == nil {
		weekdays, err := NewCalendar(time.UTC, "Mon-Fri 00:00-24:00")
		if err != nil {
			return nil, err
		}
		s.cal = weekdays
	}
	if err := c.resolveRules(s); err != nil {
		return nil, err
	}
	if err := c.resolveTargets(s); err != nil {
		return nil, err
	}
	if err := c.resolveCounts(s); err != nil {
		return nil, err
	}
	if err := c.resolveFractions(s); err != nil {
		return nil, err
	}
	if err := c.resolveDetectors(s); err != nil {
		return nil, err
	}
	return s, nil
}

// resolveRules sets the rules turned on and checks the custom rules.
func (c MonitorConfig) resolveRules(s *settings) error {
	rules := c.Rules
	if len(rules) == 0 {
		rules = []FlagRule{RuleBelowTarget, RuleDeclining, RuleDropEWMA, RuleLagging, RuleNeverUsed}
	}
	for _, r := range rules {
		if r < RuleBelowTarget || r > RuleNeverUsed {
			return invalidf("monitor config: unknown rule %d", int(r))
		}
		s.on[r] = true
	}
	names := map[string]int{}
	for i, r := range c.Custom {
		if r == nil {
			return invalidf("monitor config: custom rule %d is nil", i)
		}
		name := r.Name()
		if name == "" {
			return invalidf("monitor config: custom rule %d has an empty name", i)
		}
		if j, dup := names[name]; dup {
			return invalidf("monitor config: custom rule %d is named %q, as custom rule %d is", i, name, j)
		}
		names[name] = i
	}
	return nil
}

// resolveTargets sets the target rate of each metric.
func (c MonitorConfig) resolveTargets(s *settings) error {
	for _, t := range c.Targets {
		if err := t.Metric.check(); err != nil {
			return invalidf("monitor config: target for %q: %w", t.Metric.String(), err)
		}
		if _, dup := s.targets[t.Metric]; dup {
			return invalidf("monitor config: two targets for %q", t.Metric.String())
		}
		v := t.Rate
		if !(v > 0 && v <= 1) {
			return invalidf("monitor config: target for %q: rate %v, want a fraction in (0, 1]", t.Metric.String(), t.Rate)
		}
		s.targets[t.Metric] = v
	}
	return nil
}

// resolveCounts sets the ramp-up, baseline, week and rearm counts.
func (c MonitorConfig) resolveCounts(s *settings) error {
	s.rampUp = max(cmp.Or(c.RampUp, 10), 0)
	s.baseline = cmp.Or(c.Baseline, 10)
	if s.baseline < 3 {
		return invalidf("monitor config: baseline %d samples, want at least 3", s.baseline)
	}
	s.baselineMax = max(cmp.Or(c.BaselineMax, 20), s.baseline)
	s.minWeek = cmp.Or(c.MinWeekSamples, 3)
	if s.minWeek < 1 || s.minWeek > 7 {
		return invalidf("monitor config: min week samples %d, want 1 to 7", s.minWeek)
	}
	for _, d := range c.Rebaseline {
		if !d.Valid() {
			return invalidf("monitor config: rebaseline date %s is not a calendar date", d)
		}
	}
	s.rebaseline = c.Rebaseline
	s.rearm = cmp.Or(c.Rearm, 5)
	if s.rearm < 1 {
		return invalidf("monitor config: rearm %d business days, want at least 1", s.rearm)
	}
	return nil
}

// resolveFractions sets the sigma floor and the rules' gaps and falls.
func (c MonitorConfig) resolveFractions(s *settings) error {
	var err error
	fr := func(name string, d, def float64) float64 {
		var v float64
		if err == nil {
			v, err = fraction(name, d, def)
		}
		return v
	}
	s.sigmaFloor = fr("sigma floor", c.SigmaFloor, 0.01)
	s.belowAlertGap = fr("below-target alert gap", c.BelowTarget.AlertGap, 0.10)
	// An alert threshold is at least its warning one: zero means the
	// default or the warning threshold, whichever is larger, and a smaller
	// one is an error (an alert below the warning would skip the warning).
	pair := func(name, alertName string, warn, alert, defWarn, defAlert float64) (float64, float64) {
		w := fr(name, warn, defWarn)
		a := fr(alertName, alert, max(defAlert, w))
		if err == nil && a < w {
			err = invalidf("monitor config: %s %v is below the %s %v", alertName, a, name, w)
		}
		return w, a
	}
	s.declMinFall, s.declAlertFall = pair("declining min fall", "declining alert fall", c.Declining.MinFall, c.Declining.AlertFall, 0.05, 0.10)
	s.ewmaMinFall, s.ewmaAlertFall = pair("EWMA min fall", "EWMA alert fall", c.EWMA.MinFall, c.EWMA.AlertFall, 0.05, 0.10)
	s.cusumMinFall, s.cusumAlertFall = pair("CUSUM min fall", "CUSUM alert fall", c.CUSUM.MinFall, c.CUSUM.AlertFall, 0.05, 0.10)
	s.lagGap, s.lagAlertGap = pair("lagging gap", "lagging alert gap", c.Lagging.Gap, c.Lagging.AlertGap, 0.10, 0.20)
	s.recovery = fr("recovery", c.Recovery, 0.05)
	if err == nil && s.recovery >= s.lagGap {
		err = invalidf("monitor config: recovery %v, want below the lagging gap %v", s.recovery, s.lagGap)
	}
	return err
}

// resolveDetectors sets the declining, EWMA, CUSUM, runs and never-used
// rules, with their defaults.
func (c MonitorConfig) resolveDetectors(s *settings) error {
	d := c.Declining
	d.Window = cmp.Or(d.Window, 15)
	d.WarnP = cmp.Or(d.WarnP, 0.001)
	d.AlertP = cmp.Or(d.AlertP, 0.0001)
	switch {
	case d.Window < 4:
		return invalidf("monitor config: declining window %d business days, want at least 4", d.Window)
	case !(d.WarnP > 0 && d.WarnP < 1):
		return invalidf("monitor config: declining warn p %v, want 0 < p < 1", d.WarnP)
	case !(d.AlertP > 0 && d.AlertP <= d.WarnP):
		return invalidf("monitor config: declining alert p %v, want 0 < p <= warn p %v", d.AlertP, d.WarnP)
	}
	s.decl = d

	e := c.EWMA
	e.Lambda = cmp.Or(e.Lambda, 0.2)
	e.L = cmp.Or(e.L, 3)
	if _, err := (EWMAChart{Sigma: 1, Lambda: e.Lambda, L: e.L}).withDefaults(); err != nil {
		return invalidf("monitor config: %w", err)
	}
	s.ewma = e

	u := c.CUSUM
	u.K = cmp.Or(u.K, 0.5)
	u.H = cmp.Or(u.H, 5)
	if err := (CUSUMChart{K: u.K, H: u.H, HeadStart: u.HeadStart}).check(); err != nil {
		return invalidf("monitor config: %w", err)
	}
	s.cusum = u

	var err error
	if s.runs, err = c.Runs.withDefaults(); err != nil {
		return invalidf("monitor config: %w", err)
	}

	n := c.NeverUsed
	n.After = cmp.Or(n.After, 10)
	n.AlertAfter = cmp.Or(n.AlertAfter, 20)
	if n.After < 1 || n.AlertAfter < n.After {
		return invalidf("monitor config: never used after %d and alert after %d business days, want 1 <= after <= alert after", n.After, n.AlertAfter)
	}
	s.never = n
	return nil
}

// Monitor applies the configured rules to every series and returns the
// flags sorted by date, then metric, segment, rule, test and level. The
// result depends only on the input (not on the order of the series or of
// their samples), and Monitor does not modify it.
//
// Weekends and holidays are never flags: Monitor drops every sample that is
// not on a business day of cfg.Calendar and works on business-day series
// (a missing business day stays missing, never zero). The day-by-day rules
// (declining, the charts, the run tests) step in business days; the 7-day
// rules (below target, lagging) pool the business days of the 7 calendar
// days to a date, a whole week, so each weekday counts once. Flags fall on
// business days with a sample. Only RuleNeverUsed also reads weekend
// samples, because a use on a Saturday is still a use.
//
// Monitor returns an error for an invalid configuration, an invalid series
// (see Series.Validate), or two series with the same metric and segment.
// Errors caused by the input wrap ErrInvalid; an error of a custom
// criterion or rule is passed on, wrapped, as it is.
func Monitor(series []Series, cfg MonitorConfig) ([]Flag, error) {
	return monitor(series, cfg, fastKernels())
}

// formatting helpers for the flag sentences.
