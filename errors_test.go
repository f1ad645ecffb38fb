package hypercare

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// errCase is one bad input at a front door: the error it gives must wrap
// ErrInvalid, say "hypercare: " once, at the start, and name the bad value.
type errCase struct {
	name  string
	call  func(t *testing.T) error
	names string // a substring the message must hold: the bad value
}

func errCases() []errCase {
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	engagement := func() Engagement {
		return Engagement{ID: "E1", Location: time.UTC, GoLive: t0, PlannedEnd: t0.AddDate(0, 0, 14), Policy: DefaultPolicy(nil)}
	}
	return []errCase{
		{"NewCalendar bad time", func(*testing.T) error {
			_, err := NewCalendar(time.UTC, "Mon-Fri 9-5")
			return err
		}, `calendar "Mon-Fri 9-5": bad time "9"`},
		{"NewCalendar unknown day", func(*testing.T) error {
			_, err := NewCalendar(time.UTC, "Mon-Fry 09:00-17:00")
			return err
		}, `unknown day "Fry"`},
		{"ParseDate", func(*testing.T) error {
			_, err := ParseDate("2026-02-30")
			return err
		}, `"2026-02-30"`},
		{"ParseTimeOfDay", func(*testing.T) error {
			_, err := ParseTimeOfDay("25:00")
			return err
		}, `"25:00"`},
		{"Issue.Append", func(*testing.T) error {
			is := Issue{ID: "I1"}
			return is.Append(Event{Type: EventResolved, At: t0})
		}, `issue "I1": event 0: resolved event before the issue is opened`},
		{"Policy.Validate", func(*testing.T) error {
			return Policy{Name: "p", Targets: []Target{{Severity: Sev1, Metric: Resolution, Within: -time.Hour}}}.Validate()
		}, "duration -1h0m0s"},
		{"Engagement.Validate", func(*testing.T) error {
			e := engagement()
			e.PlannedEnd = t0.Add(-time.Hour)
			return e.Validate()
		}, "planned end 2026-06-01T08:00:00Z"},
		{"Engagement.Validate nests a policy", func(*testing.T) error {
			e := engagement()
			e.Policy.WarnAt = 2
			return e.Validate()
		}, `engagement "E1": policy "hypercare default": warn fraction 2`},
		{"Engagement.Validate nests an exit criterion", func(*testing.T) error {
			e := engagement()
			e.Exit = ExitPolicy{Criteria: []Criterion{All(NoNewIssues{Days: -3})}}
			return e.Validate()
		}, "negative days -3"},
		{"ExitPolicy.Validate", func(*testing.T) error {
			return ExitPolicy{Criteria: []Criterion{NoNewIssues{Days: -3}}}.Validate()
		}, "negative days -3"},
		{"NoNewIssues.Validate", func(*testing.T) error {
			return NoNewIssues{Days: -3}.Validate()
		}, "negative days -3"},
		{"Evaluate as-of before go-live", func(*testing.T) error {
			_, err := Evaluate(ExitInput{Engagement: engagement(), AsOf: t0.Add(-time.Hour)})
			return err
		}, "as-of 2026-06-01T08:00:00Z"},
		{"Engagement.Cost", func(*testing.T) error {
			_, err := engagement().Cost(Rates{Currency: "euro"})
			return err
		}, `currency "euro"`},
		{"CompareCosts nests Cost", func(*testing.T) error {
			_, err := CompareCosts(Rates{Currency: "euro"}, Scenario{Name: "sold", Plan: engagement()})
			return err
		}, `scenario "sold": rates: currency "euro"`},
		{"Monitor bad rule", func(*testing.T) error {
			_, err := Monitor(nil, MonitorConfig{Rules: []FlagRule{99}})
			return err
		}, "unknown rule 99"},
		{"Monitor nests an EWMA chart", func(*testing.T) error {
			_, err := Monitor(nil, MonitorConfig{EWMA: EWMARule{Lambda: 2}})
			return err
		}, "monitor config: EWMA chart: lambda 2"},
		{"EWMA", func(*testing.T) error {
			_, err := EWMA([]float64{1, 2}, EWMAChart{Sigma: -1})
			return err
		}, "sigma -1"},
		{"Pattern.Slots unknown day", func(*testing.T) error {
			_, err := Pattern{Name: "days", Days: "Mon-Fry"}.Slots(time.UTC, Date{2026, 6, 1}, 7)
			return err
		}, `pattern "days": unknown day "Fry"`},
		{"Rota.Plan repeated person", func(*testing.T) error {
			_, err := Rota{People: []Person{{ID: "ann", Team: Project}, {ID: "ann", Team: Project}}}.Plan()
			return err
		}, `"ann"`},
		{"Rota.Plan infeasible", func(t *testing.T) error {
			_, err := Rota{
				People: []Person{{ID: "ann", Team: Project}},
				Slots:  []Slot{{Name: "day", Start: t0, End: t0.Add(8 * time.Hour), Seats: 2}},
			}.Plan()
			if ie := (*InfeasibleError)(nil); !errors.As(err, &ie) {
				t.Errorf("Plan error %v is not an *InfeasibleError", err)
			}
			return err
		}, "day"},
		{"NewReport as-of before go-live", func(*testing.T) error {
			_, err := NewReport(ReportInput{Engagement: engagement(), AsOf: t0.Add(-time.Hour)}, Daily)
			return err
		}, "at 2026-06-01T08:00:00Z"},
		{"NewReport invalid engagement", func(*testing.T) error {
			e := engagement()
			e.Location = nil
			_, err := NewReport(ReportInput{Engagement: e, AsOf: t0}, Daily)
			return err
		}, "nil location"},
		{"Pitfalls bad rules", func(*testing.T) error {
			_, err := Pitfalls(PitfallInput{Engagement: engagement(), AsOf: t0, Rules: PitfallRules{UnownedFor: -time.Hour}})
			return err
		}, "-1h0m0s"},
		{"Pitfalls invalid engagement", func(*testing.T) error {
			e := engagement()
			e.People = []Person{{ID: "ann"}}
			_, err := Pitfalls(PitfallInput{Engagement: e, AsOf: t0})
			return err
		}, `person "ann": unknown team 0`},
		{"JSON enum", func(*testing.T) error {
			var m Metric
			return json.Unmarshal([]byte(`"latency"`), &m)
		}, `"latency"`},
		{"JSON severity", func(*testing.T) error {
			var s Severity
			return json.Unmarshal([]byte(`"Sev10"`), &s)
		}, `"Sev10"`},
		{"JSON engagement location", func(*testing.T) error {
			var e Engagement
			return json.Unmarshal([]byte(`{"id":"E1","location":"Mars/Olympus"}`), &e)
		}, `"Mars/Olympus"`},
		{"JSON engagement enum", func(*testing.T) error {
			var e Engagement
			return json.Unmarshal([]byte(`{"id":"E1","people":[{"id":"ann","team":"sales"}]}`), &e)
		}, `"sales"`},
		{"JSON issue timeline", func(*testing.T) error {
			var is Issue
			return json.Unmarshal([]byte(`{"id":"I1","events":[{"type":"resolved","at":"2026-06-01T09:00:00Z"}]}`), &is)
		}, "resolved event before the issue is opened"},
	}
}

func TestInputErrorsWrapErrInvalid(t *testing.T) {
	for _, c := range errCases() {
		t.Run(c.name, func(t *testing.T) {
			err := c.call(t)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "hypercare: ") {
				t.Errorf("error %q does not start with \"hypercare: \"", msg)
			}
			if !strings.Contains(msg, c.names) {
				t.Errorf("error %q does not name %q", msg, c.names)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(%q, ErrInvalid) = false", msg)
			}
		})
	}
}

// TestErrorsSayHypercareOnce scans every front-door error for a second
// "hypercare:", doubled or further in, as nesting used to produce.
func TestErrorsSayHypercareOnce(t *testing.T) {
	for _, c := range errCases() {
		err := c.call(t)
		if err == nil {
			continue // TestInputErrorsWrapErrInvalid reports it
		}
		if msg := err.Error(); strings.Count(msg, "hypercare:") != 1 || strings.Contains(msg, "hypercare: hypercare:") {
			t.Errorf("%s: %q says \"hypercare:\" %d times, want once", c.name, msg, strings.Count(msg, "hypercare:"))
		}
	}
}

func TestInvalidKeepsTheMessage(t *testing.T) {
	inner := errors.New("inner")
	err := invalidf("hypercare: thing %q: %w", "x", inner)
	if got, want := err.Error(), `hypercare: thing "x": inner`; got != want {
		t.Errorf("invalidf = %q, want %q", got, want)
	}
	if !errors.Is(err, ErrInvalid) || !errors.Is(err, inner) {
		t.Errorf("invalidf lost ErrInvalid or the wrapped error")
	}
	if got := invalid(inner); got.Error() != "inner" || !errors.Is(got, ErrInvalid) {
		t.Errorf("invalid(inner) = %q, Is ErrInvalid %v", got, errors.Is(got, ErrInvalid))
	}
	if invalid(nil) != nil || prefixed(nil) != nil {
		t.Error("invalid(nil) or prefixed(nil) is not nil")
	}
}
