package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/shopspring/decimal"
)

// This file is the firm's own rules, written against hypercare's public
// interfaces only: a severity scheme, an SLA policy, an exit criterion and
// an adoption rule. Copy it and change the numbers.

// FirmScheme returns the firm's four priorities, P1 to P4, on hypercare's
// severities Sev1 to Sev4. Everywhere else in hypercare (events, policies,
// criteria) the levels are Severity 1..4; the scheme names them for people.
func FirmScheme() hypercare.Scheme {
	return hypercare.Scheme{
		{Severity: 1, Name: "P1", Meaning: "production stopped, no workaround; fix in hours"},
		{Severity: 2, Name: "P2", Meaning: "a key process impaired for many users; fix within a business day"},
		{Severity: 3, Name: "P3", Meaning: "one user or a minor process impaired, with a workaround; fix in 3 business days"},
		{Severity: 4, Name: "P4", Meaning: "cosmetic, a question or a wish; fix in 10 business days"},
	}
}

// FirmPolicy returns the firm's SLA targets, business hours on the given
// calendar (Mon–Fri 09:00–17:00, 8 hours a business day):
//
//	      first response       resolution
//	P1    15 min, 24x7          4 h, 24x7
//	P2    1 business hour       8 business hours (1 business day)
//	P3    4 business hours      24 business hours (3 business days)
//	P4    8 business hours      80 business hours (10 business days)
//
// It warns at 80% of a target (hypercare's default is 75%), and counts a
// raised priority from the ticket's opening (Retroactive): a P3 found to be
// a P2 after four hours has four of its eight hours left, not a fresh eight.
// A reopened ticket starts a new resolution cycle (the default).
func FirmPolicy(business *hypercare.Calendar) hypercare.Policy {
	return hypercare.Policy{
		Name: "firm P1-P4",
		Targets: []hypercare.Target{
			{Severity: 1, Metric: hypercare.FirstResponse, Within: 15 * time.Minute},
			{Severity: 1, Metric: hypercare.Resolution, Within: 4 * time.Hour},
			{Severity: 2, Metric: hypercare.FirstResponse, Within: 1 * time.Hour, Calendar: business},
			{Severity: 2, Metric: hypercare.Resolution, Within: 8 * time.Hour, Calendar: business},
			{Severity: 3, Metric: hypercare.FirstResponse, Within: 4 * time.Hour, Calendar: business},
			{Severity: 3, Metric: hypercare.Resolution, Within: 24 * time.Hour, Calendar: business},
			{Severity: 4, Metric: hypercare.FirstResponse, Within: 8 * time.Hour, Calendar: business},
			{Severity: 4, Metric: hypercare.Resolution, Within: 80 * time.Hour, Calendar: business},
		},
		WarnAt:       0.8,
		OnReclassify: hypercare.ReclassifyRetroactive,
	}
}

// FirmExitPolicy returns the firm's exit criteria: two built-ins with the
// firm's numbers, the firm's own stale-issue rule, and the sponsor's
// sign-off as the last gate.
//
//	no new P1/P2 for 5 days              NoNewIssues{AtLeast: Sev2, Days: 5}
//	no open P1/P2                        NoneOpen{AtLeast: Sev2}
//	no open issue older than 5 business days   NoStaleIssues (below)
//	sponsor sign-off                     SponsorSignOff{}
//
// The built-ins name severities by the engagement's Scheme: set it to
// FirmScheme() and the verdict reads "no new P1/P2 for 5 days".
func FirmExitPolicy(stale NoStaleIssues) hypercare.ExitPolicy {
	return hypercare.ExitPolicy{Criteria: []hypercare.Criterion{
		hypercare.NoNewIssues{AtLeast: 2, Days: 5},
		hypercare.NoneOpen{AtLeast: 2},
		stale,
		hypercare.SponsorSignOff{},
	}}
}

// NoStaleIssues is the firm's exit criterion: no issue may stay open (or
// paused: waiting on the customer is still waiting) for Days business days.
// An issue turns stale Days business days after it was opened or last
// reopened, at the same time of day: opened Thursday 10:30, it is stale from
// the next Thursday 10:30 if there is no holiday between.
//
// It needs action when it is not met (an old issue only gets older), and
// otherwise holds until the oldest open issue turns stale.
type NoStaleIssues struct {
	// Days is how many business days an issue may stay open; must be > 0.
	Days int
	// Business decides the business days: a date on which it is open at
	// some time. Nil means every day.
	Business *hypercare.Calendar
	// Scheme names severities in reasons; nil means hypercare's "Sev1"...
	Scheme hypercare.Scheme
}

var _ hypercare.Criterion = NoStaleIssues{}

// Name returns "no open issue older than 5 business days". It is the key
// ExitPolicy.Bind matches, so it must not depend on anything but Days.
func (c NoStaleIssues) Name() string {
	return fmt.Sprintf("no open issue older than %d business days", c.Days)
}

// Validate rejects a Days that is not positive and an invalid Scheme;
// ExitPolicy.Validate (and so Engagement.Validate) calls it.
func (c NoStaleIssues) Validate() error {
	if c.Days <= 0 {
		return fmt.Errorf("days %d: want at least 1", c.Days)
	}
	if c.Scheme != nil {
		return c.Scheme.Validate()
	}
	return nil
}

// staleAt returns when an issue (re)opened at start turns stale.
func (c NoStaleIssues) staleAt(start time.Time, loc *time.Location) time.Time {
	local := start.In(loc)
	d := hypercare.DateOf(local)
	for n := 0; n < c.Days; {
		d = d.AddDays(1)
		if c.Business.Between(d.In(loc), d.AddDays(1).In(loc)) > 0 {
			n++
		}
	}
	h, m, s := local.Clock()
	return time.Date(d.Year, d.Month, d.Day, h, m, s, local.Nanosecond(), loc)
}

// Check judges the criterion at in.AsOf from the events up to then.
func (c NoStaleIssues) Check(in hypercare.ExitInput) (hypercare.Result, error) {
	loc := in.Engagement.Location
	if loc == nil { // Evaluate rejects it; a direct call gets UTC
		loc = time.UTC
	}
	stamp := func(t time.Time) string { return t.In(loc).Format("Mon 2006-01-02 15:04 MST") }
	type staleIssue struct {
		since time.Time
		id    hypercare.IssueID
		desc  string
	}
	var bad []hypercare.Interval // when some issue was or will be stale; End zero: for good
	var stale []staleIssue       // the issues stale at AsOf
	var next hypercare.IssueID   // the open issue that turns stale first
	var nextAt time.Time
	r := hypercare.Result{}
	for _, is := range in.Issues {
		var start time.Time // start of the open cycle; zero when resolved
		for _, e := range is.Events() {
			if e.At.After(in.AsOf) {
				break
			}
			switch e.Type {
			case hypercare.EventOpened, hypercare.EventReopened:
				start = e.At
			case hypercare.EventResolved:
				if s := c.staleAt(start, loc); s.Before(e.At) {
					bad = append(bad, hypercare.Interval{Start: s, End: e.At})
				}
				start = time.Time{}
			}
		}
		if start.IsZero() {
			continue
		}
		s := c.staleAt(start, loc)
		bad = append(bad, hypercare.Interval{Start: s}) // stale from s until someone acts
		st := is.StateAt(in.AsOf)
		switch {
		case !s.After(in.AsOf):
			desc := fmt.Sprintf("%s (%s %s, open since %s", is.ID, c.Scheme.Name(st.Severity), st.Kind, stamp(start))
			if st.Status == hypercare.StatusPaused {
				desc += ", now paused"
			}
			stale = append(stale, staleIssue{start, is.ID, desc + ")"})
		case nextAt.IsZero() || s.Before(nextAt):
			next, nextAt = is.ID, s
		}
	}
	slices.SortFunc(stale, func(a, b staleIssue) int { // oldest first
		return cmp.Or(a.since.Compare(b.since), strings.Compare(string(a.id), string(b.id)))
	})
	descs := make([]string, len(stale))
	for i, si := range stale {
		r.Evidence = append(r.Evidence, si.id)
		descs[i] = si.desc
	}
	r.Met = len(stale) == 0
	r.Holds = complement(bad, in.Engagement.GoLive)
	switch {
	case len(stale) == 1:
		r.Reason = "1 issue open too long: " + descs[0] + "; needs action: resolve it"
	case !r.Met:
		r.Reason = fmt.Sprintf("%d issues open too long: %s; needs action: resolve them", len(stale), strings.Join(descs, ", "))
	case next == "":
		r.Reason = "no issue open"
	default:
		r.Reason = fmt.Sprintf("no open issue is too old; the oldest, %s, turns stale on %s", next, stamp(nextAt))
	}
	return r, nil
}

// complement returns the spans from `from` on that no interval of bad
// covers, in order; an End of zero means for good, in both.
func complement(bad []hypercare.Interval, from time.Time) []hypercare.Interval {
	slices.SortFunc(bad, func(a, b hypercare.Interval) int { return a.Start.Compare(b.Start) })
	var out []hypercare.Interval
	start := from
	for _, b := range bad {
		if b.Start.After(start) {
			out = append(out, hypercare.Interval{Start: start, End: b.Start})
		}
		if b.End.IsZero() {
			return out
		}
		if b.End.After(start) {
			start = b.End
		}
	}
	return append(out, hypercare.Interval{Start: start})
}

// LoginStreak is the firm's adoption rule: a segment whose login rate is
// below Below on WarnAfter business days in a row gets a warning, and on
// AlertAfter days in a row an alert. A day at or above Below ends the
// streak. Monitor hands the rule business days only, so a quiet weekend
// neither starts nor breaks a streak; a missing business day does not break
// one either.
type LoginStreak struct {
	Below      decimal.Decimal // a fraction: 0.5 is 50%
	WarnAfter  int
	AlertAfter int
}

var _ hypercare.AdoptionRule = LoginStreak{}

// Name returns "low-login-streak", the name its flags carry.
func (LoginStreak) Name() string { return "low-login-streak" }

// Check returns the flags for one series; it ignores metrics other than
// the login rate.
func (r LoginStreak) Check(s hypercare.Series) ([]hypercare.Flag, error) {
	if s.Metric.Kind != hypercare.LoginRate {
		return nil, nil
	}
	below := r.Below.InexactFloat64()
	var flags []hypercare.Flag
	run := 0
	for _, x := range s.Samples {
		if x.Rate() >= below {
			run = 0
			continue
		}
		run++
		level := hypercare.LevelWarn
		switch run {
		case r.WarnAfter:
		case r.AlertAfter:
			level = hypercare.LevelAlert
		default:
			continue
		}
		flags = append(flags, hypercare.Flag{
			Date: x.Date, Level: level, Value: x.Rate(), Reference: below,
			Message: fmt.Sprintf("%s for %s below %s%% on %d business days in a row, latest %s%%",
				s.Metric, s.Segment, r.Below.Shift(2), run, decimal.NewFromFloat(100*x.Rate()).Round(1)),
		})
	}
	return flags, nil
}
