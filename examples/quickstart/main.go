// Command quickstart opens a few hypercare issues and prints their SLA clocks.
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"log"
	"time"

	"github.com/hypercare-go/hypercare"
)

func main() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		log.Fatal(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00", hypercare.Date{Year: 2026, Month: time.June, Day: 4})
	if err != nil {
		log.Fatal(err)
	}
	policy := hypercare.DefaultPolicy(business)
	at := func(day, hour, min int) time.Time { return time.Date(2026, time.June, day, hour, min, 0, 0, berlin) }

	issues := []struct {
		id     hypercare.IssueID
		title  string
		events []hypercare.Event
	}{
		{"INC-1", "Invoices cannot be posted", []hypercare.Event{
			{Type: hypercare.EventOpened, At: at(1, 9, 40), Severity: hypercare.Sev1, Kind: hypercare.Defect},
			{Type: hypercare.EventResponded, At: at(1, 9, 48), Person: "ana"},
			{Type: hypercare.EventResolved, At: at(1, 12, 10), Person: "ana", Team: hypercare.Project},
		}},
		{"INC-2", "Report export times out", []hypercare.Event{
			{Type: hypercare.EventOpened, At: at(1, 10, 0), Severity: hypercare.Sev2, Kind: hypercare.Defect},
			{Type: hypercare.EventResponded, At: at(1, 11, 0), Person: "ben"},
			{Type: hypercare.EventPaused, At: at(1, 15, 0), Reason: "waiting on customer"},
			{Type: hypercare.EventResumed, At: at(3, 11, 0)},
		}},
		{"INC-3", "Where is my dashboard?", []hypercare.Event{
			{Type: hypercare.EventOpened, At: at(2, 8, 30), Severity: hypercare.Sev3, Kind: hypercare.TrainingGap},
		}},
		{"INC-4", "Approvals stuck after patch", []hypercare.Event{
			{Type: hypercare.EventOpened, At: at(3, 9, 0), Severity: hypercare.Sev3, Kind: hypercare.Defect},
			{Type: hypercare.EventReclassified, At: at(3, 10, 0), Severity: hypercare.Sev1},
		}},
	}

	now := at(3, 15, 30)
	fmt.Printf("SLA clocks at %s (policy %q)\n\n", now.Format("Mon 2006-01-02 15:04 MST"), policy.Name)
	fmt.Printf("%-6s %-4s %-14s %-10s %-17s %9s %6s\n", "issue", "sev", "metric", "state", "due", "remaining", "used")
	for _, x := range issues {
		is := hypercare.Issue{ID: x.id, Title: x.title}
		if err := is.Append(x.events...); err != nil {
			log.Fatal(err)
		}
		for _, m := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
			c, err := policy.Clock(is, m, now)
			if err != nil {
				log.Fatal(err)
			}
			flag := ""
			if c.AtRisk {
				flag = "  at risk"
			}
			fmt.Printf("%-6s %-4s %-14s %-10s %-17s %9s %5.0f%%%s\n", is.ID, c.Severity, m, c.State,
				c.Due.Format("Mon 01-02 15:04"), c.Remaining.Round(time.Minute), c.Percent, flag)
		}
	}
}
