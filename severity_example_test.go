package hypercare_test

import (
	"fmt"
	"time"
	_ "time/tzdata" // the examples must not depend on the machine's zone database

	"github.com/hypercare-go/hypercare"
)

// A Sev2 issue on business hours, paused while waiting on the customer: the
// pause moves the resolution due time, the response met its own clock.
func ExamplePolicy_Clock() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	policy := hypercare.DefaultPolicy(business)
	at := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			panic(err)
		}
		return t
	}

	issue := hypercare.Issue{ID: "INC-7", Title: "Invoices stuck in approval"}
	if err := issue.Append(
		hypercare.Event{Type: hypercare.EventOpened, At: at("2026-06-01 10:00"), Severity: hypercare.Sev2, Kind: hypercare.Defect},
		hypercare.Event{Type: hypercare.EventResponded, At: at("2026-06-01 10:40"), Person: "sam"},
		hypercare.Event{Type: hypercare.EventPaused, At: at("2026-06-01 15:00"), Reason: "waiting on the customer"},
		hypercare.Event{Type: hypercare.EventResumed, At: at("2026-06-03 11:00")},
	); err != nil {
		panic(err)
	}

	for _, m := range []hypercare.Metric{hypercare.FirstResponse, hypercare.Resolution} {
		c, err := policy.Clock(issue, m, at("2026-06-03 11:00"))
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-14s %-7s used %v of %v, due %s\n", m, c.State, c.Elapsed, c.Target, c.Due.Format("Mon 2006-01-02 15:04"))
	}
	c, _ := policy.Clock(issue, hypercare.Resolution, at("2026-06-04 12:00"))
	fmt.Printf("Thu 12:00: %.1f%% used, at risk %v, %v left\n", c.Percent, c.AtRisk, c.Remaining)
	c, _ = policy.Clock(issue, hypercare.Resolution, at("2026-06-04 15:00"))
	fmt.Printf("Thu 15:00: %s at %s\n", c.State, c.BreachedAt.Format("15:04"))
	// Output:
	// first-response met     used 40m0s of 2h0m0s, due Mon 2026-06-01 12:00
	// resolution     running used 5h0m0s of 16h0m0s, due Thu 2026-06-04 14:00
	// Thu 12:00: 87.5% used, at risk true, 2h0m0s left
	// Thu 15:00: breached at 14:00
}

// Triage reads the common definitions: blocked with no workaround is Sev1, a
// workaround makes it Sev2, cosmetic is Sev3.
func ExampleTriage() {
	reports := []struct {
		what     string
		symptoms hypercare.Symptoms
	}{
		{"payroll run fails, no way around it", hypercare.Symptoms{Blocked: true}},
		{"approval fails, approve from the list instead", hypercare.Symptoms{Blocked: true, Workaround: true}},
		{"search is slow but works", hypercare.Symptoms{Workaround: true}},
		{"logo is blurry on the login page", hypercare.Symptoms{Cosmetic: true}},
	}
	for _, r := range reports {
		fmt.Printf("%s: %s\n", hypercare.Triage(r.symptoms), r.what)
	}
	// Output:
	// Sev1: payroll run fails, no way around it
	// Sev2: approval fails, approve from the list instead
	// Sev2: search is slow but works
	// Sev3: logo is blurry on the login page
}

// The default hypercare policy: Sev1 around the clock in hours, Sev2 and
// Sev3 in business hours.
func ExampleDefaultPolicy() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	for _, t := range hypercare.DefaultPolicy(business).Targets {
		fmt.Printf("%s %-14s within %-7v on %s\n", t.Severity, t.Metric, t.Within, t.Calendar)
	}
	fmt.Printf("at risk from %.0f%% of a target\n", hypercare.DefaultWarnAt*100)
	// Output:
	// Sev1 first-response within 15m0s   on always
	// Sev1 resolution     within 4h0m0s  on always
	// Sev2 first-response within 2h0m0s  on Mon-Fri 09:00-17:00 in Europe/Berlin
	// Sev2 resolution     within 16h0m0s on Mon-Fri 09:00-17:00 in Europe/Berlin
	// Sev3 first-response within 8h0m0s  on Mon-Fri 09:00-17:00 in Europe/Berlin
	// Sev3 resolution     within 40h0m0s on Mon-Fri 09:00-17:00 in Europe/Berlin
	// at risk from 75% of a target
}

// A deadline target: "respond by 10:00 on the next business day". Opened on
// the Friday before Whit Monday, the issue is due on Tuesday at 10:00; a
// pause while waiting on the customer moves that out by the business time
// it covers, never earlier.
func ExamplePolicy_Clock_deadline() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00", hypercare.Date{Year: 2026, Month: 5, Day: 25})
	if err != nil {
		panic(err)
	}
	p := hypercare.Policy{Deadlines: []hypercare.DeadlineTarget{{
		Severity: hypercare.Sev2, Metric: hypercare.FirstResponse, Calendar: business,
		Deadline: hypercare.Deadline{Days: 1, By: hypercare.TimeOfDay{Hour: 10}},
	}}}
	at := func(day, hh, mm int) time.Time { return time.Date(2026, time.May, day, hh, mm, 0, 0, berlin) }
	is := hypercare.Issue{ID: "INC-8"}
	if err := is.Append(hypercare.Event{Type: hypercare.EventOpened, At: at(22, 15, 0), Severity: hypercare.Sev2, Kind: hypercare.Question}); err != nil {
		panic(err)
	}
	c, err := p.Clock(is, hypercare.FirstResponse, at(22, 16, 0))
	if err != nil {
		panic(err)
	}
	fmt.Printf("due %s, %s of business time allowed\n", c.Due.Format("Mon 01-02 15:04"), c.Target)
	err = is.Append(
		hypercare.Event{Type: hypercare.EventPaused, At: at(22, 16, 0), Reason: "waiting on the customer"},
		hypercare.Event{Type: hypercare.EventResumed, At: at(26, 9, 30)},
	)
	if err != nil {
		panic(err)
	}
	c, err = p.Clock(is, hypercare.FirstResponse, at(26, 9, 30))
	if err != nil {
		panic(err)
	}
	fmt.Printf("after the pause: due %s\n", c.Due.Format("Mon 01-02 15:04"))
	// Output:
	// due Tue 05-26 10:00, 3h0m0s of business time allowed
	// after the pause: due Tue 05-26 11:30
}

// A recurring update target: the customer hears from the team every 4
// business hours while the issue is open. A reply restarts the count; each
// interval that passes in silence is one missed update.
func ExamplePolicy_UpdateClock() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	p := hypercare.Policy{Updates: []hypercare.UpdateTarget{{Severity: hypercare.Sev2, Every: 4 * time.Hour, Calendar: business}}}
	at := func(day, hh, mm int) time.Time { return time.Date(2026, time.June, day, hh, mm, 0, 0, berlin) }
	is := hypercare.Issue{ID: "INC-9"}
	err = is.Append(
		hypercare.Event{Type: hypercare.EventOpened, At: at(1, 10, 0), Severity: hypercare.Sev2, Kind: hypercare.Defect},
		hypercare.Event{Type: hypercare.EventResponded, At: at(1, 13, 0), Person: "ana"},
	)
	if err != nil {
		panic(err)
	}
	c, err := p.UpdateClock(is, at(2, 12, 0))
	if err != nil {
		panic(err)
	}
	fmt.Printf("next update due %s; missed: %d", c.Due.Format("Mon 01-02 15:04"), len(c.Missed))
	for _, m := range c.Missed {
		fmt.Print(", ", m.Format("Mon 15:04"))
	}
	fmt.Println()
	// Output:
	// next update due Tue 06-02 13:00; missed: 1, Mon 17:00
}
