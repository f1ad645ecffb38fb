package hypercare_test

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/hypercare-go/hypercare"
)

// The daily status as a page to attach to an e-mail or save as a file: the
// charts' titles, and the numbers behind the arrivals chart as the page
// lists them.
func ExampleReport_HTML() {
	in := reportExample()
	in.History = true // the day-by-day data the charts draw
	r, err := hypercare.NewReport(in, hypercare.Daily)
	if err != nil {
		fmt.Println(err)
		return
	}
	page := r.HTML()
	fmt.Println(strings.HasPrefix(page, "<!DOCTYPE html>"), strings.Contains(page, "<script"))
	for _, m := range regexp.MustCompile(`<h3>(.*?)</h3>`).FindAllStringSubmatch(page, -1) {
		fmt.Println("chart:", html.UnescapeString(m[1]))
	}
	flow := regexp.MustCompile(`(?s)<table class="data" data-chart="flow">.*?</table>`).FindString(page)
	for _, row := range regexp.MustCompile(`<tr>(.*?)</tr>`).FindAllStringSubmatch(flow, -1) {
		cells := regexp.MustCompile(`<t[dh]>(.*?)</t[dh]>`).FindAllStringSubmatch(row[1], -1)
		var texts []string
		for _, c := range cells {
			texts = append(texts, c[1])
		}
		fmt.Println(strings.Join(texts, " | "))
	}
	// Output:
	// true false
	// chart: Open issues per day, by severity
	// chart: Arrivals and resolutions per day
	// chart: Defects and training gaps opened per day
	// chart: SLA clocks breached or at risk now
	// chart: SLA compliance per severity, from go-live
	// chart: Exit forecast, day by day
	// chart: Rota load per person against L*
	// chart: Who was on shift when
	// chart: Who handled the issues (hero report)
	// Date | Opened | Resolved
	// 2026-06-01 | 1 | 1
	// 2026-06-02 | 1 | 0
	// 2026-06-03 | 2 | 1
}
