package hypercare_test

import (
	"fmt"
	"time"

	"github.com/hypercare-go/hypercare"
)

// reportExample is the first week of a classic 2-week CRM hypercare in
// Berlin, as it stands on Wednesday 2026-06-03 at 17:00, the sponsor
// update: a Sev1 fixed on go-live day, a Sev2 with a workaround waiting for
// Thursday's patch, a training gap answered in the morning and a Sev2 from
// the afternoon nobody has responded to. Four people take 12-hour shifts in
// turn, 08:00 and 20:00, the steady-state agents cy and dan among them.
func reportExample() hypercare.ReportInput {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	business, err := hypercare.NewCalendar(berlin, "Mon-Fri 09:00-17:00")
	if err != nil {
		panic(err)
	}
	june := func(day, hh, mm int) time.Time { return time.Date(2026, time.June, day, hh, mm, 0, 0, berlin) }
	e, err := hypercare.ClassicPlan("crm", june(1, 9, 0), business, 2)
	if err != nil {
		panic(err)
	}
	e.Name = "CRM rollout"
	e.People = []hypercare.Person{
		{ID: "ana", Team: hypercare.Project}, {ID: "ben", Team: hypercare.Project},
		{ID: "cy", Team: hypercare.SteadyState}, {ID: "dan", Team: hypercare.SteadyState},
	}
	var roster hypercare.Roster
	for d := range 14 {
		day := june(1+d, 8, 0)
		roster.Shifts = append(roster.Shifts,
			hypercare.Shift{Slot: hypercare.Slot{Name: "day", Start: day, End: day.Add(12 * time.Hour)},
				People: []hypercare.PersonID{e.People[(2*d)%4].ID}},
			hypercare.Shift{Slot: hypercare.Slot{Name: "night", Start: day.Add(12 * time.Hour), End: june(2+d, 8, 0), OnCall: true},
				People: []hypercare.PersonID{e.People[(2*d+1)%4].ID}})
	}
	issue := func(id hypercare.IssueID, title string, events ...hypercare.Event) hypercare.Issue {
		is := hypercare.Issue{ID: id, Title: title}
		if err := is.Append(events...); err != nil {
			panic(err)
		}
		return is
	}
	export := issue("INC-2", "Report export times out",
		hypercare.Event{Type: hypercare.EventOpened, At: june(2, 10, 0), Severity: hypercare.Sev2, Kind: hypercare.Defect},
		hypercare.Event{Type: hypercare.EventAssigned, At: june(2, 10, 15), Team: hypercare.SteadyState, Person: "cy"},
		hypercare.Event{Type: hypercare.EventResponded, At: june(2, 10, 15), Person: "cy"})
	export.Workaround = "export one month at a time"
	export.FixExpected = june(4, 18, 0)
	return hypercare.ReportInput{
		Engagement: e,
		Roster:     roster,
		AsOf:       june(3, 17, 0),
		Issues: []hypercare.Issue{
			issue("INC-1", "Invoices cannot be posted",
				hypercare.Event{Type: hypercare.EventOpened, At: june(1, 9, 40), Severity: hypercare.Sev1, Kind: hypercare.Defect},
				hypercare.Event{Type: hypercare.EventAssigned, At: june(1, 9, 48), Team: hypercare.Project, Person: "ana"},
				hypercare.Event{Type: hypercare.EventResolved, At: june(1, 12, 10), Team: hypercare.Project, Person: "ana"}),
			export,
			issue("INC-3", "Where is my dashboard?",
				hypercare.Event{Type: hypercare.EventOpened, At: june(3, 8, 30), Severity: hypercare.Sev3, Kind: hypercare.TrainingGap},
				hypercare.Event{Type: hypercare.EventAssigned, At: june(3, 8, 45), Team: hypercare.SteadyState, Person: "dan"},
				hypercare.Event{Type: hypercare.EventResolved, At: june(3, 9, 10), Team: hypercare.SteadyState, Person: "dan"}),
			issue("INC-4", "Quotes lose their discount on save",
				hypercare.Event{Type: hypercare.EventOpened, At: june(3, 14, 0), Severity: hypercare.Sev2, Kind: hypercare.Defect}),
		},
	}
}

// The sponsor's daily status on the Wednesday of go-live week, as plain
// text (Markdown renders the same content).
func ExampleNewReport() {
	r, err := hypercare.NewReport(reportExample(), hypercare.Daily)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Text())
	// Output:
	// Daily status: CRM rollout, Wed 2026-06-03 17:00 CEST
	// ====================================================
	// Day 3 of 14, phase "week 1": 2 new and 1 resolved since Tue 2026-06-02 17:00 CEST; 2 open (2 Sev2);
	// SLA clocks: 2 breached, 0 at risk.
	//
	// Exit
	// ----
	// Not ready, and no exit date until someone acts on: no open Sev1/2; steady-state takeover at least
	// 0.8 over 7 days
	//
	// [ ] no new Sev1/2 for 3 days: 3 Sev1/2 issues new in the last 3 days: INC-1 (opened as Sev1), INC-2
	//     (opened as Sev2), INC-4 (opened as Sev2); met from Sat 2026-06-06 14:00 CEST if nothing new
	//     happens
	// [ ] no open Sev1/2: 2 Sev1/2 issues open: INC-2, INC-4; needs action: resolve them
	// [ ] steady-state takeover at least 0.8 over 7 days: 2 issues resolved in the last 7 days, at least
	//     5 needed: not enough evidence; escalated or resolved by another team: INC-1; needs action: more
	//     issues resolved by the steady-state team without escalation
	// [ ] sponsor sign-off: no sponsor sign-off recorded; needs action: the sponsor signs off
	//
	// New since the last report
	// -------------------------
	// Issue  Severity  Kind          Status    Team          Title
	// INC-4  Sev2      defect        open      none          Quotes lose their discount on save
	// INC-3  Sev3      training-gap  resolved  steady-state  Where is my dashboard?
	//
	// Resolved since the last report
	// ------------------------------
	// Issue  Severity  Kind          Resolved         By                  Title
	// INC-3  Sev3      training-gap  Wed 06-03 09:10  dan (steady-state)  Where is my dashboard?
	//
	// Open issues
	// -----------
	// Severity  Defects  Training gaps  Questions  Change requests  Data fixes  Total
	// Sev2      2        0              0          0                0           2
	// All       2        0              0          0                0           2
	//
	// SLA clocks at risk or breached
	// ------------------------------
	// Issue  Severity  Clock           State                     Due              Used  Title
	// INC-2  Sev2      resolution      breached Tue 06-02 18:00  Tue 06-02 18:00  388%  Report export
	//                                                                                   times out
	// INC-4  Sev2      first-response  breached Wed 06-03 15:00  Wed 06-03 15:00  300%  Quotes lose their
	//                                                                                   discount on save
	//
	// Known issues
	// ------------
	// - INC-2 Report export times out (Sev2 defect, open). Workaround: export one month at a time. Fix
	//   expected Thu 2026-06-04 18:00 CEST.
	//
	// Pitfalls
	// --------
	// None found.
	//
	// Adoption flags
	// --------------
	// None.
	//
	// On call, next 24 hours
	// ----------------------
	// From             To               Shift            People
	// Wed 06-03 08:00  Wed 06-03 20:00  day              ana
	// Wed 06-03 20:00  Thu 06-04 08:00  night (on call)  ben
	// Thu 06-04 08:00  Thu 06-04 20:00  day              cy
}

// The same daily status as Markdown, for a chat tool or a wiki page.
func ExampleReport_Markdown() {
	r, err := hypercare.NewReport(reportExample(), hypercare.Daily)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Markdown())
	// Output:
	// # Daily status: CRM rollout, Wed 2026-06-03 17:00 CEST
	//
	// Day 3 of 14, phase "week 1": 2 new and 1 resolved since Tue 2026-06-02 17:00 CEST; 2 open (2 Sev2); SLA clocks: 2 breached, 0 at risk.
	//
	// ## Exit
	//
	// Not ready, and no exit date until someone acts on: no open Sev1/2; steady-state takeover at least 0.8 over 7 days
	//
	// - [ ] no new Sev1/2 for 3 days: 3 Sev1/2 issues new in the last 3 days: INC-1 (opened as Sev1), INC-2 (opened as Sev2), INC-4 (opened as Sev2); met from Sat 2026-06-06 14:00 CEST if nothing new happens
	// - [ ] no open Sev1/2: 2 Sev1/2 issues open: INC-2, INC-4; needs action: resolve them
	// - [ ] steady-state takeover at least 0.8 over 7 days: 2 issues resolved in the last 7 days, at least 5 needed: not enough evidence; escalated or resolved by another team: INC-1; needs action: more issues resolved by the steady-state team without escalation
	// - [ ] sponsor sign-off: no sponsor sign-off recorded; needs action: the sponsor signs off
	//
	// ## New since the last report
	//
	// | Issue | Severity | Kind         | Status   | Team         | Title                              |
	// | ----- | -------- | ------------ | -------- | ------------ | ---------------------------------- |
	// | INC-4 | Sev2     | defect       | open     | none         | Quotes lose their discount on save |
	// | INC-3 | Sev3     | training-gap | resolved | steady-state | Where is my dashboard?             |
	//
	// ## Resolved since the last report
	//
	// | Issue | Severity | Kind         | Resolved        | By                 | Title                  |
	// | ----- | -------- | ------------ | --------------- | ------------------ | ---------------------- |
	// | INC-3 | Sev3     | training-gap | Wed 06-03 09:10 | dan (steady-state) | Where is my dashboard? |
	//
	// ## Open issues
	//
	// | Severity | Defects | Training gaps | Questions | Change requests | Data fixes | Total |
	// | -------- | ------: | ------------: | --------: | --------------: | ---------: | ----: |
	// | Sev2     |       2 |             0 |         0 |               0 |          0 |     2 |
	// | All      |       2 |             0 |         0 |               0 |          0 |     2 |
	//
	// ## SLA clocks at risk or breached
	//
	// | Issue | Severity | Clock          | State                    | Due             | Used | Title                              |
	// | ----- | -------- | -------------- | ------------------------ | --------------- | ---- | ---------------------------------- |
	// | INC-2 | Sev2     | resolution     | breached Tue 06-02 18:00 | Tue 06-02 18:00 | 388% | Report export times out            |
	// | INC-4 | Sev2     | first-response | breached Wed 06-03 15:00 | Wed 06-03 15:00 | 300% | Quotes lose their discount on save |
	//
	// ## Known issues
	//
	// - **INC-2** Report export times out (Sev2 defect, open). Workaround: export one month at a time. Fix expected Thu 2026-06-04 18:00 CEST.
	//
	// ## Pitfalls
	//
	// None found.
	//
	// ## Adoption flags
	//
	// None.
	//
	// ## On call, next 24 hours
	//
	// | From            | To              | Shift           | People |
	// | --------------- | --------------- | --------------- | ------ |
	// | Wed 06-03 08:00 | Wed 06-03 20:00 | day             | ana    |
	// | Wed 06-03 20:00 | Thu 06-04 08:00 | night (on call) | ben    |
	// | Thu 06-04 08:00 | Thu 06-04 20:00 | day             | cy     |
}

// Leadership's weekly status on the Friday of go-live week, at the 16:00
// leadership update: trends, not tickets.
func ExampleNewReport_weekly() {
	in := reportExample()
	in.AsOf = in.AsOf.AddDate(0, 0, 2).Add(-time.Hour) // Fri 2026-06-05 16:00
	r, err := hypercare.NewReport(in, hypercare.Weekly)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r.Text())
	// Output:
	// Weekly status: CRM rollout, Fri 2026-06-05 16:00 CEST
	// =====================================================
	// Day 5 of 14, phase "week 1": 4 opened and 2 resolved since Fri 2026-05-29 16:00 CEST (0 and 0 in
	// the 7 days before); backlog 2 (was 0); SLA clocks met 50%.
	//
	// Exit forecast
	// -------------
	// Not ready, and no exit date until someone acts on: no open Sev1/2; steady-state takeover at least
	// 0.8 over 7 days
	//
	// [ ] no new Sev1/2 for 3 days: 1 Sev2 issue opened in the last 3 days: INC-4; met from Sat
	//     2026-06-06 14:00 CEST if nothing new happens
	// [ ] no open Sev1/2: 2 Sev1/2 issues open: INC-2, INC-4; needs action: resolve them
	// [ ] steady-state takeover at least 0.8 over 7 days: 2 issues resolved in the last 7 days, at least
	//     5 needed: not enough evidence; escalated or resolved by another team: INC-1; needs action: more
	//     issues resolved by the steady-state team without escalation
	// [ ] sponsor sign-off: no sponsor sign-off recorded; needs action: the sponsor signs off
	//
	// This week and the week before
	// -----------------------------
	//                       Since Fri 05-29 16:00  The 7 days before
	// Opened                4                      0
	// Resolved              2                      0
	// Reopened              0                      0
	// Open at the end       2                      0
	// SLA clocks met        4 of 8 (50%)           none decided
	// Defects opened        3 (75%)                0
	// Training gaps opened  1 (25%)                0
	// Other issues opened   0 (0%)                 0
	//
	// Day by day
	// ----------
	// Day (to 16:00)  Opened  Resolved
	// Sat 05-30       0       0
	// Sun 05-31       0       0
	// Mon 06-01       1       1
	// Tue 06-02       1       0
	// Wed 06-03       2       1
	// Thu 06-04       0       0
	// Fri 06-05       0       0
	//
	// Open issues
	// -----------
	// Severity  Defects  Training gaps  Questions  Change requests  Data fixes  Total
	// Sev2      2        0              0          0                0           2
	// All       2        0              0          0                0           2
	//
	// Pitfalls
	// --------
	// - warn unclear-ownership: 1 open issue no team has owned for 24 h or more: INC-4 (Sev2), opened on
	//   Wed 2026-06-03 14:00 CEST
	//
	// Adoption by segment
	// -------------------
	// No adoption flags.
	//
	// Rota and load
	// -------------
	// 28 shifts from Mon 2026-06-01 08:00 CEST to Mon 2026-06-15 08:00 CEST; busiest: ana, 84 h on shift
	// (25.0% of the time); Gini of time on shift 0.00 over 4 people.
	//
	// Person  On shift  Share
	// ana     84 h      25.0%
	// ben     84 h      25.0%
	// cy      84 h      25.0%
	// dan     84 h      25.0%
	//
	// 3 issues handled: ana handled the most (33%); Gini of issues handled 0.25. Hero signals are among
	// the pitfalls.
}
