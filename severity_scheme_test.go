package hypercare

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

// firmScheme is a P1–P4 scheme; serviceNow ServiceNow's five priorities.
var (
	firmScheme = Scheme{
		{Sev1, "P1", "down"}, {Sev2, "P2", "degraded"}, {Sev3, "P3", "minor"}, {4, "P4", "cosmetic"},
	}
	serviceNow = Scheme{
		{Sev1, "1 - Critical", ""}, {Sev2, "2 - High", ""}, {Sev3, "3 - Moderate", ""}, {4, "4 - Low", ""}, {5, "5 - Planning", ""},
	}
)

func TestSchemeLabel(t *testing.T) {
	cases := []struct {
		name   string
		scheme Scheme
		k      Severity
		want   string
	}{
		{"nil: canonical, abbreviated", nil, Sev2, "Sev1/2"},
		{"default: canonical, abbreviated", DefaultScheme(), Sev3, "Sev1/2/3"},
		{"a firm's names, listed", firmScheme, Sev2, "P1/P2"},
		{"one level", firmScheme, Sev1, "P1"},
		{"past the scheme: canonical for the rest", firmScheme, 5, "P1/P2/P3/P4/Sev5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.scheme.Label(c.k); got != c.want {
				t.Errorf("Label(%d) = %q, want %q", int(c.k), got, c.want)
			}
		})
	}
}

// With a P1–P4 scheme on the engagement, the verdict speaks P1/P2: the
// criteria's labels, the reasons, the summary.
func TestSchemeNamesInTheVerdict(t *testing.T) {
	e := exEngagement()
	e.Scheme = firmScheme
	issues := []Issue{exIssue(t, "INC-1", exOpened(exAt(2026, 6, 10, 11, 0), Sev2, Defect))}
	v := exEvaluate(t, e, issues, nil, exAt(2026, 6, 11, 12, 0))
	want := []string{
		"no new P1/P2 for 3 days: 1 P2 issue opened in the last 3 days: INC-1; met from Sat 2026-06-13 11:00 CEST if nothing new happens",
		"no open P1/P2: 1 P1/P2 issue open: INC-1; needs action: resolve it",
	}
	for i, w := range want {
		if got := v.Results[i].Criterion + ": " + v.Results[i].Reason; got != w {
			t.Errorf("result %d:\n got %q\nwant %q", i, got, w)
		}
	}
	if !strings.Contains(v.Summary, "no open P1/P2") {
		t.Errorf("summary %q does not name the firm's P1/P2", v.Summary)
	}
	if got := NameIn(All(NoNewIssues{}, SponsorSignOff{}), firmScheme); got != "all of (no new P1/P2 for 3 days; sponsor sign-off)" {
		t.Errorf("NameIn(All(...)) = %q", got)
	}
	if got := NameIn(SLACompliance{AtLeast: Sev1}, firmScheme); got != "SLA compliance for P1 at least 0.9 over 7 days" {
		t.Errorf("NameIn(SLACompliance) = %q", got)
	}
}

// JSON of an engagement with a scheme writes the scheme's names and reads
// them back, and the canonical names too; a name of neither is an error.
func TestSchemeNamesInJSON(t *testing.T) {
	e := exEngagement()
	e.Scheme = firmScheme
	e.Policy = Policy{Targets: []Target{{Sev1, Resolution, 4 * time.Hour, nil}, {4, Resolution, 80 * time.Hour, nil}}}
	e.Exit = ExitPolicy{Criteria: []Criterion{NoNewIssues{AtLeast: Sev2}, NoneOpen{AtLeast: Sev1}}}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"severity":"P1","metric"`, `"severity":"P4"`, `"at_least":"P2"`, `"at_least":"P1"`, `{"severity":"Sev1","name":"P1"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	var back Engagement
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Policy.Targets[1].Severity != 4 || back.Exit.Criteria[0].(NoNewIssues).AtLeast != Sev2 {
		t.Errorf("read back %+v, %+v", back.Policy.Targets, back.Exit.Criteria)
	}
	canonical := strings.Replace(string(b), `"at_least":"P2"`, `"at_least":"Sev2"`, 1)
	if err := json.Unmarshal([]byte(canonical), &back); err != nil || back.Exit.Criteria[0].(NoNewIssues).AtLeast != Sev2 {
		t.Errorf("canonical Sev2 under a scheme: %v, %+v", err, back.Exit.Criteria)
	}
	bad := strings.Replace(string(b), `"at_least":"P2"`, `"at_least":"P7"`, 1)
	if err := json.Unmarshal([]byte(bad), &back); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"P7"`) {
		t.Errorf("P7: error %v, want ErrInvalid naming it", err)
	}
	// Without a scheme, the canonical names, as before.
	e.Scheme = nil
	if b, err = json.Marshal(e); err != nil || !strings.Contains(string(b), `"at_least":"Sev2"`) {
		t.Errorf("no scheme: %v\n%s", err, b)
	}
}

// ServiceNow's five priorities, end to end: clocks for all five, criteria,
// the report, and JSON.
func TestFiveLevelSchemeEndToEnd(t *testing.T) {
	in := rptScenario(t)
	e := in.Engagement
	e.Scheme = serviceNow
	e.Policy = DefaultPolicy(chkBusiness(t))
	e.Policy.Targets = append(e.Policy.Targets,
		Target{4, FirstResponse, 16 * time.Hour, chkBusiness(t)}, Target{4, Resolution, 80 * time.Hour, chkBusiness(t)},
		Target{5, FirstResponse, 40 * time.Hour, chkBusiness(t)}, Target{5, Resolution, 400 * time.Hour, chkBusiness(t)})
	for i := range e.Phases {
		e.Phases[i].Policy = nil // the engagement's five-level policy throughout
	}
	e.Exit = ExitPolicy{Criteria: []Criterion{NoNewIssues{AtLeast: 4}, NoneOpen{AtLeast: Sev2}}}
	in.Engagement = e
	planning := chkIssue(t, "INC-50", Event{Type: EventOpened, At: chkAt(2026, 6, 9, 10, 0), Severity: 5, Kind: ChangeRequest})
	low := chkIssue(t, "INC-51", Event{Type: EventOpened, At: chkAt(2026, 6, 9, 11, 0), Severity: 4, Kind: Question})
	in.Issues = append(in.Issues, planning, low)
	in.AsOf = chkAt(2026, 6, 11, 9, 0)

	// Clocks: 5 - Planning has 400 business hours to resolve.
	c, err := e.Clock(planning, Resolution, in.AsOf)
	if err != nil || c.Severity != 5 || c.State != ClockRunning || c.Target != 400*time.Hour {
		t.Errorf("5 - Planning clock: %+v, %v", c, err)
	}
	v, err := Evaluate(ExitInput{Engagement: e, Issues: in.Issues, AsOf: in.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Results[0].Criterion; got != "no new 1 - Critical/2 - High/3 - Moderate/4 - Low for 3 days" {
		t.Errorf("criterion %q", got)
	}
	if !strings.Contains(v.Results[0].Reason, "INC-51 (opened as 4 - Low)") {
		t.Errorf("reason %q does not name INC-51 as 4 - Low", v.Results[0].Reason)
	}
	r := rptBuild(t, in, Daily)
	md := r.Markdown()
	for _, want := range []string{`\| 5 - Planning +\| +0 `, `\| 4 - Low +\| +0 `, "no new 1 - Critical/2 - High/3 - Moderate/4 - Low for 3 days"} {
		if !regexp.MustCompile(want).MatchString(md) {
			t.Errorf("the report lacks %q", want)
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"severity":"5 - Planning"`) {
		t.Errorf("report JSON does not write 5 - Planning:\n%s", b)
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Markdown() != md {
		t.Error("the report read back from JSON renders differently")
	}
	roundTripReportInput(t, in)
}

// roundTripReportInput checks that a report input survives JSON: the same
// report comes out of it.
func roundTripReportInput(t *testing.T, in ReportInput) {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back ReportInput
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, b)
	}
	if rptBuild(t, back, Daily).Markdown() != rptBuild(t, in, Daily).Markdown() {
		t.Error("the input read back from JSON gives another report")
	}
}
