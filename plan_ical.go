package hypercare

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file exports the ceremony calendar (Engagement.Ceremonies) as
// iCalendar, through the same writer as the rota (ical.go).

// CeremonyCalendar returns the engagement's ceremonies (see
// Engagement.Ceremonies) as a calendar ready to Encode, one event per
// ceremony in the same order, keeping only the given kinds when any are
// given (a sponsor subscribes to CeremonySponsorUpdate and
// CeremonyLeadershipUpdate). Times are written in the engagement's location
// (a TZID and its VTIMEZONE), so a 09:00 stand-up shows at 09:00 in every
// client on both sides of a DST change. stamp is when the calendar is made
// (DTSTAMP); Encode rejects a zero one. The calendar's Name is the
// engagement's Name, or its ID, followed by " ceremonies".
//
// Each event has the ceremony's title as SUMMARY, its kind as CATEGORIES
// ("stand-up"), and its phase and a triage session's severities in
// DESCRIPTION ("Phase: week 1" and "Severities: Sev2, Sev3" on separate
// lines, each left out when empty). Its UID is made from the start in UTC,
// the kind, the title and the engagement ID, as in
// "20260326T080000Z-stand-up-Stand-up@erp.hypercare", so a client that
// subscribed updates the events of a recomputed plan instead of duplicating
// them, and UIDs never repeat (Ceremonies lists a start, kind and title
// once). The trap: changing a cadence's title or the engagement's ID changes
// the UIDs, so clients see those events removed and new ones added.
//
// It returns an error, and no calendar, for an invalid engagement (see
// Engagement.Validate) or an invalid kind in only.
func (e Engagement) CeremonyCalendar(stamp time.Time, only ...CeremonyKind) (ICalendar, error) {
	for _, k := range only {
		if !k.Valid() {
			return ICalendar{}, invalidf("hypercare: engagement %q: ceremony calendar: unknown ceremony kind %d", e.ID, int(k))
		}
	}
	ceremonies, err := e.Ceremonies()
	if err != nil {
		return ICalendar{}, err
	}
	cal := ICalendar{Name: cmp.Or(e.Name, string(e.ID)) + " ceremonies", Zone: e.Location, Stamp: stamp}
	for _, c := range ceremonies {
		if len(only) > 0 && !slices.Contains(only, c.Kind) {
			continue
		}
		cal.Events = append(cal.Events, c.event(e.ID))
	}
	return cal, nil
}

// event returns the ceremony as a calendar event of engagement id.
func (c Ceremony) event(id EngagementID) ICalEvent {
	var desc []string
	if c.Phase != "" {
		desc = append(desc, "Phase: "+c.Phase)
	}
	if len(c.Severities) > 0 {
		names := make([]string, len(c.Severities))
		for i, s := range c.Severities {
			names[i] = s.String()
		}
		desc = append(desc, "Severities: "+strings.Join(names, ", "))
	}
	return ICalEvent{
		UID:         c.Start.UTC().Format(icalUTC) + "-" + c.Kind.String() + "-" + uidPart(c.Title) + "@" + uidPart(string(id)) + ".hypercare",
		Start:       c.Start,
		End:         c.End,
		Summary:     c.Title,
		Description: strings.Join(desc, "\n"),
		Categories:  []string{c.Kind.String()},
	}
}

// uidPart escapes s for a UID: ASCII letters, digits and '-' stay, every
// other byte becomes '_' and two hex digits ("Triage Sev2" is
// "Triage_20Sev2"), so different strings give different parts.
func uidPart(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "_%02x", c)
		}
	}
	return b.String()
}
