package hypercare_test

import (
	"fmt"
	"time"

	"github.com/hypercare-go/hypercare"
)

// Your first hour: a calendar, a policy, one issue, its clock and the exit
// verdict. The README's "Your first hour" shows this body; TestReadmeFirstHour
// keeps the two the same.
func Example_firstHour() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	goLive := time.Date(2026, 6, 1, 8, 0, 0, 0, berlin)
	eng, err := hypercare.ClassicPlan("erp", goLive, business, 2) // 2 weeks, DefaultPolicy(business)
	if err != nil {
		panic(err)
	}
	issue := hypercare.Issue{ID: "INC-1", Engagement: eng.ID, Title: "Invoices fail to post"}
	if err := issue.Append(hypercare.Event{Type: hypercare.EventOpened, At: goLive.Add(2 * time.Hour), Severity: hypercare.Sev2, Kind: hypercare.Defect}); err != nil {
		panic(err)
	}
	asOf := goLive.Add(6 * time.Hour) // Mon 14:00
	clock, err := eng.Clock(issue, hypercare.Resolution, asOf)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %s: %s, %v of %v used, due %s\n", issue.ID, clock.Severity, clock.State, clock.Elapsed, clock.Target, clock.Due.Format("Mon 15:04"))
	verdict, err := hypercare.Evaluate(hypercare.ExitInput{Engagement: eng, Issues: []hypercare.Issue{issue}, AsOf: asOf})
	if err != nil {
		panic(err)
	}
	fmt.Println(verdict)
	// Output:
	// INC-1 Sev2: running, 4h0m0s of 8h0m0s used, due Mon 18:00
	// Not ready, and no exit date until someone acts on: no open Sev1/2; steady-state takeover at least 0.8 over 7 days
	// [ ] no new Sev1/2 for 3 days: 1 Sev2 issue opened in the last 3 days: INC-1; met from Thu 2026-06-04 10:00 CEST if nothing new happens
	// [ ] no open Sev1/2: 1 Sev1/2 issue open: INC-1; needs action: resolve it
	// [ ] steady-state takeover at least 0.8 over 7 days: 0 issues resolved in the last 7 days, at least 5 needed: not enough evidence; needs action: more issues resolved by the steady-state team without escalation
	// [ ] sponsor sign-off: no sponsor sign-off recorded; needs action: the sponsor signs off
}
