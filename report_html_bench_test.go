package hypercare

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// rptLargeInput is the issue's performance case: 100,000 issues over four
// weeks, 200 adoption series (every tenth declining, so a share of them is
// flagged), and a roster of 8 people in 12-hour shifts.
func rptLargeInput(tb testing.TB) ReportInput {
	e := chkClassic(tb, 4)
	in := ReportInput{Engagement: e, History: true, Issues: rptBenchIssues(tb, e, 100_000), AsOf: e.DayStart(21).Add(8 * time.Hour)}
	people := []PersonID{"ana", "ben", "cy", "dan", "eve", "fay", "gus", "hal"}
	for k := range 28 * 2 {
		start := e.GoLive.Add(time.Duration(k) * 12 * time.Hour)
		in.Roster.Shifts = append(in.Roster.Shifts, Shift{Slot: Slot{Name: "shift", Start: start, End: start.Add(12 * time.Hour)},
			People: []PersonID{people[k%len(people)], people[(k+3)%len(people)]}})
	}
	first := DateOf(e.GoLive.In(e.loc())).AddDays(-14)
	for s := range 200 {
		ser := Series{Metric: AdoptionMetric{Kind: LoginRate}, Segment: Segment{"team", fmt.Sprintf("T%03d", s)}}
		for d := range 14 + 28 {
			rate := 0.8 + 0.02*math.Sin(float64(d*(s+1)))
			if s%10 == 0 && d > 24 {
				rate -= 0.03 * float64(d-24)
			}
			ser.Samples = append(ser.Samples, Sample{Date: first.AddDays(d), Value: math.Round(rate * 200), Base: 200})
		}
		in.Adoption = append(in.Adoption, ser)
	}
	in.Monitor = MonitorConfig{Calendar: chkBusiness(tb)}
	return in
}

// BenchmarkReportHTMLLarge renders the page of the large case; the page
// size is reported as bytes/page. BenchmarkReportMarkdownLarge renders the
// same report as Markdown, the baseline: the page adds the charts.
func BenchmarkReportHTMLLarge(b *testing.B) {
	in := rptLargeInput(b)
	for _, a := range []Audience{Daily, Weekly} {
		r := rptBuild(b, in, a)
		b.Run(a.String(), func(b *testing.B) {
			var page string
			b.ReportAllocs()
			for b.Loop() {
				page = r.HTML()
			}
			b.ReportMetric(float64(len(page)), "bytes/page")
		})
	}
}

func BenchmarkReportMarkdownLarge(b *testing.B) {
	in := rptLargeInput(b)
	for _, a := range []Audience{Daily, Weekly} {
		r := rptBuild(b, in, a)
		b.Run(a.String(), func(b *testing.B) {
			var page string
			b.ReportAllocs()
			for b.Loop() {
				page = r.Markdown()
			}
			b.ReportMetric(float64(len(page)), "bytes/page")
		})
	}
}

// BenchmarkNewReportLarge builds the report of the large case, History
// included: what a tool pays before rendering.
func BenchmarkNewReportLarge(b *testing.B) {
	in := rptLargeInput(b)
	for _, a := range []Audience{Daily, Weekly} {
		b.Run(a.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewReport(in, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The large case stays within the issue's budget for the page: under 2 MB,
// with flagged adoption series charted.
func TestReportHTMLLargeSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a report of 100,000 issues")
	}
	in := rptLargeInput(t)
	r := rptBuild(t, in, Daily)
	page := r.HTML()
	if len(page) >= 2<<20 {
		t.Errorf("the page is %d bytes, want under 2 MB", len(page))
	}
	if len(r.History.Adoption) == 0 {
		t.Error("no adoption series flagged in the large case")
	}
	t.Logf("page %d bytes; %d flagged series", len(page), len(r.History.Adoption))
}
