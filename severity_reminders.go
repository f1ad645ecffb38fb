package hypercare

import (
	"cmp"
	"container/heap"
	"strings"
	"time"
)

// ReminderKind says what happens to an SLA clock at a reminder's instant.
type ReminderKind int

// The reminder kinds. The zero ReminderKind is invalid.
const (
	ReminderWarn ReminderKind = 1 + iota // the clock's warning starts (Clock.WarnAt)
	ReminderDue                          // the clock falls due: it breaches right after (Clock.Due)
)

var reminderKindNames = []string{"", "warn", "due"}

// String returns "warn" or "due".
func (k ReminderKind) String() string { return enumString("ReminderKind", int(k), reminderKindNames) }

// Valid reports whether k is ReminderWarn or ReminderDue.
func (k ReminderKind) Valid() bool { return validEnum(int(k), reminderKindNames) }

// MarshalText encodes k by name; an invalid kind is an error.
func (k ReminderKind) MarshalText() ([]byte, error) {
	return marshalEnum("reminder kind", int(k), reminderKindNames)
}

// UnmarshalText decodes a kind by name (case-insensitive).
func (k *ReminderKind) UnmarshalText(b []byte) error {
	return unmarshalEnum("reminder kind", b, reminderKindNames, (*int)(k))
}

// Reminder is an instant a scheduler wakes up for: an issue's SLA clock
// starts to warn, or falls due.
type Reminder struct {
	Issue  IssueID      `json:"issue"`
	Metric Metric       `json:"metric"`
	Kind   ReminderKind `json:"kind"`
	// At is the instant, in the clock's location (see Clock).
	At time.Time `json:"at"`
}

// compare orders reminders by instant, then issue, metric and kind.
func (r Reminder) compare(o Reminder) int {
	return cmp.Or(r.At.Compare(o.At), strings.Compare(string(r.Issue), string(o.Issue)),
		cmp.Compare(r.Metric, o.Metric), cmp.Compare(r.Kind, o.Kind))
}

// Reminders returns the first n reminders at or after asOf across the
// issues, if nothing new happens: for each running first-response and
// resolution clock (as Engagement.Clock gives it at asOf), its WarnAt and its
// Due when they are not before asOf. They are ordered by instant, then issue
// ID, metric and kind (warn before due).
//
// Paused clocks give none: their instants move until they resume, so ask
// again after an event. Issues not opened at asOf, met or breached clocks,
// and clocks that cannot be computed (the policy has no target for a
// severity the issue held) give none either. It computes each clock once
// and keeps the best n on a heap, so it costs O(events + issues·log n).
//
// It returns an error for a negative n; n == 0 returns nothing. The trap: a
// reminder exactly at asOf is returned, so a scheduler that wakes at a
// reminder's instant and asks again gets it again.
func (e Engagement) Reminders(issues []Issue, asOf time.Time, n int) ([]Reminder, error) {
	if n < 0 {
		return nil, invalidf("hypercare: reminders: negative count %d", n)
	}
	if n == 0 {
		return nil, nil
	}
	h := make(reminderHeap, 0, min(n, 4*len(issues)))
	push := func(r Reminder) {
		switch {
		case len(h) < n:
			heap.Push(&h, r)
		case r.compare(h[0]) < 0: // earlier than the latest kept
			h[0] = r
			heap.Fix(&h, 0)
		}
	}
	for i := range issues {
		is := &issues[i]
		if len(is.events) == 0 || is.events[0].At.After(asOf) {
			continue
		}
		p := e.PolicyAt(is.Opened())
		for _, m := range []Metric{FirstResponse, Resolution} {
			c, err := p.replay(*is, m, asOf, nil)
			if err != nil || c.State != ClockRunning {
				continue
			}
			c = e.shown(c)
			if !c.WarnAt.Before(asOf) {
				push(Reminder{is.ID, m, ReminderWarn, c.WarnAt})
			}
			if !c.Due.Before(asOf) {
				push(Reminder{is.ID, m, ReminderDue, c.Due})
			}
		}
	}
	out := make([]Reminder, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&h).(Reminder)
	}
	return out, nil
}

// reminderHeap is a max-heap: the latest reminder kept is on top.
type reminderHeap []Reminder

func (h reminderHeap) Len() int           { return len(h) }
func (h reminderHeap) Less(i, j int) bool { return h[i].compare(h[j]) > 0 }
func (h reminderHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *reminderHeap) Push(x any)        { *h = append(*h, x.(Reminder)) }
func (h *reminderHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
