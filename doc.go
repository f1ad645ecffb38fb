// Package hypercare models hypercare, the heightened-support period right
// after a system goes live, as pure domain types and policies: SLA clocks on
// business calendars, exit criteria with a forecast, fair on-call rotas,
// adoption flags, the plan and its cost, and the status report.
//
// The package is pure: it does no I/O, starts no goroutines, keeps no global
// state and never reads the clock — every answer that depends on "now" takes
// now as a parameter. Storage lives in the store subpackage; runnable
// programs in examples/ (examples/quickstart is the whole walk below).
//
// # Time
//
// Instants are time.Time and spans time.Duration. Civil days (holidays,
// engagement days, adoption samples) are [Date]s. An [Engagement] has a home
// location, and "a day" is a calendar day there, so across DST a day is 23 or
// 25 hours. A [Calendar] is a set of weekly wall-clock windows minus holidays
// ("Mon-Fri 09:00-17:00"), with DST-correct arithmetic: [Calendar.Add] and
// [Calendar.Between] do constant work per week crossed and do not allocate.
// [Always] counts elapsed time.
//
// # Issues and SLA clocks
//
// An [Issue] is a timeline of [Event]s (opened, responded, reclassified,
// paused, resumed, assigned, escalated, resolved, reopened) ordered by their
// own time, not their arrival; its [State] at any instant is derived by
// replaying it. [Issue.Insert] takes events late, twice and in any order:
// an event with an ID the issue holds is a no-op (or an
// [EventConflictError]), and one the timeline cannot place yet is held
// ([Issue.Held]) until the events that make it valid arrive. A [Policy] holds
// per-[Severity] [Target]s for [FirstResponse] and [Resolution] on a
// calendar, and [Policy.Clock] derives a [Clock] (running, paused, met,
// breached; due, elapsed, remaining, at risk) from the timeline, with explicit
// rules for reclassification ([Reclassify]) and reopening ([Reopen]).
// [Engagement.Clock] is the front door: it picks the policy of the phase the
// issue was opened in (week 1 is faster than week 4). [DefaultPolicy] is the common Sev1/Sev2/Sev3 in hours, days and "when
// convenient"; [Triage] turns symptoms into a severity; a [Scheme] names the
// levels of a firm's own scheme.
//
// # Exit
//
// [Evaluate] judges an engagement's [ExitPolicy] — [NoNewIssues],
// [DefectRate], [Takeover], [NoneOpen], [SLACompliance], [SponsorSignOff],
// composed with [All] and [Any], or any [Criterion] of your own — and returns
// a [Verdict]: ready or not, a sentence with the numbers and the evidence
// per criterion, the earliest exit if nothing new happens, and the extension
// to ask for when that is after the planned end.
//
// # Rotation
//
// A [Rota] (people, [Slot]s from a [Pattern] or the engagement's phases via
// [PhaseSlots], hard [RotaRules]) is planned by [Rota.Plan] into a [Roster]
// that minimises the largest load and reports it against the lower bound L*,
// with working hours per person, the previous period's last shifts, pinned
// assignments and warnings ([RotaWarning]);
// [Rota.Violations] checks any roster; [Heroes] reports who actually carried
// the load; [Roster.Calendar] exports shifts as an RFC 5545 [ICalendar].
//
// # Adoption
//
// [Monitor] turns daily [Series] of rates (login rate, active users, feature
// use per segment) into [Flag]s a change manager can trust: below target,
// declining (Mann–Kendall and Sen's slope), sudden drops (EWMA, CUSUM), run
// rules, lagging segments and unused features, on business days only, so a
// weekend is never a drop. The statistics are exported too: [MannKendall],
// [SenSlope], [EWMA], [CUSUM], [RunRuleSignals], [LeastSquares].
//
// # Plan
//
// [ClassicPlan] and [TaperPlan] lay out phases of decreasing intensity with
// their coverage, staffing, SLA policy and ceremonies;
// [Engagement.Ceremonies] lists every stand-up, triage session, patch window
// and status update; [Engagement.Cost] prices the staffing with exact
// decimals and [CompareCosts] puts scenarios side by side. [Pitfalls] finds the
// classic pitfalls ([Pitfall]: no plan, unclear ownership, underestimated
// duration, hero culture, no hand-over), each a [Finding].
//
// # Status report
//
// [NewReport] builds the status report at an instant from the engagement,
// its issues, sign-offs, adoption series and roster ([ReportInput]): for
// the [Daily] audience (sponsor and users) what is new and resolved, open
// issues by severity and kind, SLA clocks at risk or breached, known issues
// with their workarounds and fixes, exit progress, pitfalls, adoption flags
// and who is on call; for the [Weekly] audience (leadership) the trends
// instead of the tickets. A [Report] is data: [Report.Markdown] and
// [Report.Text] render it, [Report.HTML] renders it as a self-contained page
// with charts of its [History], and tools can render its JSON their own way.
//
// # Errors
//
// Errors name the function's subject once, as in
// `hypercare: calendar "Mon-Fri 9-5": bad time "9": ...`, and wrap what
// they nest with %w. Every error caused by bad input — including an
// [InfeasibleError] — wraps [ErrInvalid], so a server answers 400 when
// errors.Is(err, hypercare.ErrInvalid).
//
// # Extending
//
// Users extend the package through small interfaces: [Criterion] for exit
// rules, [AdoptionRule] for adoption flags, a [Scheme] and a [Policy] for
// severities and targets, and store.Store for storage.
//
// # Vocabulary
//
// Each word has one meaning across the package. The instant a question is
// asked is AsOf. A Rule is a condition that raises something when it does
// not hold: an [AdoptionRule] raises a [Flag], a [RotaRule] a [Violation],
// and [HeroRules], [PitfallRules] and [RunRules] hold the thresholds of
// theirs. A [Level] (warn or alert) says how urgent a flag or a pitfall
// [Finding] is; a severity's name in a firm's scheme is a [SeverityName].
// Enum constants carry their type's name where the bare word would be
// ambiguous ([ClockPaused], [EventPaused], [StatusPaused]); domain nouns stay
// bare ([Sev1], [Defect], [LoginRate]). Valid reports whether a value is one
// of its type's; Validate returns why not.
//
// # Layers
//
// The files stack in layers, and a file names only identifiers of its own
// layer or below (TestLayers checks it):
//
//	plumbing     text.go, enum.go, json.go, json_decode.go, errors.go: sentences, enums, JSON, errors
//	calendar     calendar.go, ical.go: dates, wall times, business calendars, iCalendar
//	core         hypercare.go, timeline.go, severity*.go, ingest.go, exit*.go, plan*.go: the engagement, issues, SLA clocks, helpdesk mapping, exit, plan
//	leaves       rotation*.go and adoption*.go, independent of each other
//	top          pitfalls.go, report*.go: what is found and told from all of the above
//
// # Index
//
// The front doors, by layer.
//
// Calendar: [NewCalendar], [Calendar.Add], [Calendar.Between],
// [Calendar.Open], [Always], [Date], [ParseDate], [TimeOfDay],
// [ParseTimeOfDay], [TimeOfDay.Resolve] (a local time from input, with a
// [WallChoice] for DST gaps and overlaps), [ICalendar].
//
// Issues and SLA: [Issue.Append], [Issue.Insert], [Issue.Held], [Issue.StateAt], [Engagement.Clock] (the
// SLA front door: it picks the policy of the phase the issue was opened in),
// [Engagement.Cycles], [Engagement.Reminders] (the next warnings and due
// times across issues, for a scheduler), [Policy.Clock] (for a single
// policy), [Policy.UpdateClock] (the recurring update target), [Deadline],
// [DefaultPolicy],
// [WeekOnePolicy], [Triage], [DefaultScheme].
//
// Helpdesk data: [Mapping.Events] (a helpdesk update to events, through a
// [Mapping]), [ZendeskMapping], [JSMMapping], [ServiceNowMapping]; the
// adapters are the packages under ingest/.
//
// Exit: [Evaluate], [ExitPolicy], [DefaultExitPolicy], [Criterion], [All],
// [Any], [NoNewIssues], [DefectRate], [Takeover], [NoneOpen],
// [SLACompliance], [SponsorSignOff].
//
// Plan: [ClassicPlan], [TaperPlan], [Engagement.Ceremonies],
// [Engagement.CeremonyCalendar], [Engagement.Cost], [Engagement.Extend],
// [CompareCosts].
//
// Rotation: [Rota.Plan], [Rota.Measure], [Rota.Violations], [PhaseSlots],
// [Pattern.Slots], [Heroes], [Roster.Calendar], [RotaWarning].
//
// Adoption: [Monitor], [MannKendall], [SeasonalMannKendall], [SenSlope],
// [EWMA], [CUSUM], [RunRuleSignals], [LeastSquares].
//
// Top: [Pitfalls], [NewReport], [Report.Markdown], [Report.Text],
// [Report.HTML].
package hypercare
