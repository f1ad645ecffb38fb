package hypercare

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// This file exports a roster's shifts as an iCalendar (RFC 5545), written by
// the generic writer in ical.go.

// Calendar returns the roster's shifts as a calendar ready to Encode, one
// event per shift in roster order, keeping only the shifts of the given
// people when any are given (so each person subscribes to their own). zone,
// when set, writes times as local times with its TZID and VTIMEZONE, so a
// 09:00 handoff shows at 09:00 in every client on both sides of a DST
// change; nil writes them in UTC. stamp is when the calendar is made
// (DTSTAMP); Encode rejects a zero one. The calendar's Name is "rota", or
// "rota: ana, ben" for the people in only; set it to taste.
//
// The UID of a shift is made from its start, its index in ro.Shifts and its
// name, so it stays the same when the roster is planned again from the same
// slots and only the people change: a client that subscribed updates those
// events instead of duplicating them. The summary names the slot and its
// people, in seat order; the description the primary and the others, "On
// call" and the skills; on-call shifts get the category "on-call", others
// "shift".
//
// It returns an error, and no calendar, for an empty person ID in only, or
// a shift kept for the calendar with a zero start or end or not ending after
// it starts (naming the shift).
func (ro Roster) Calendar(stamp time.Time, zone *time.Location, only ...PersonID) (ICalendar, error) {
	names := make([]string, len(only))
	for i, id := range only {
		if id == "" {
			return ICalendar{}, invalidf("hypercare: roster calendar: person %d of only has an empty ID", i)
		}
		names[i] = string(id)
	}
	cal := ICalendar{Name: "rota", Zone: zone, Stamp: stamp}
	if len(only) > 0 {
		cal.Name += ": " + strings.Join(names, ", ")
	}
	for i, sh := range ro.Shifts {
		if len(only) > 0 && !slices.ContainsFunc(sh.People, func(p PersonID) bool { return slices.Contains(only, p) }) {
			continue
		}
		if sh.Start.IsZero() || sh.End.IsZero() || !sh.End.After(sh.Start) {
			return ICalendar{}, invalidf("hypercare: roster calendar: shift %d (%s) has a zero start or end or does not end after it starts", i, sh.Slot)
		}
		cal.Events = append(cal.Events, sh.event(i))
	}
	return cal, nil
}

// event returns the shift, at index i of its roster, as a calendar event.
func (sh Shift) event(i int) ICalEvent {
	names := make([]string, len(sh.People))
	for k, p := range sh.People {
		names[k] = string(p)
	}
	name := cmp.Or(sh.Name, "shift")
	e := ICalEvent{
		UID:        fmt.Sprintf("%s-%d-%s@hypercare", sh.Start.UTC().Format(icalUTC), i, strings.Trim(uidUnsafe.ReplaceAllString(name, "-"), "-")),
		Start:      sh.Start,
		End:        sh.End,
		Summary:    name + ": " + strings.Join(names, ", "),
		Categories: []string{"shift"},
	}
	var desc []string
	if len(names) > 1 {
		desc = append(desc, "Primary: "+names[0], "Also on: "+strings.Join(names[1:], ", "))
	}
	if sh.OnCall {
		e.Categories = []string{"on-call"}
		desc = append(desc, "On call")
	}
	if len(sh.Skills) > 0 {
		desc = append(desc, "Skills: "+strings.Join(sh.Skills, ", "))
	}
	e.Description = strings.Join(desc, "\n")
	return e
}
