package quickstart

import (
	"context"
	"fmt"
	"slices"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// deliveries is what reaching the store the helpdesk's way looked like.
type deliveries struct {
	events, batches, late, twice, held int
}

// deliver stores the issues as a helpdesk's nightly export feeds them: one
// batch per day, merged with MergeIssues. Each event carries the
// helpdesk's ID; 15% of them miss the export of their day and come a day or
// two late (after events that happened later), and 10% come again the next
// day. A batch is merged as it comes, so an issue holds what it cannot
// place yet until the late events arrive. Its own generator keeps the
// scenario's draws, and so the story, unchanged.
func deliver(ctx context.Context, s store.Store, e hypercare.Engagement, issues []hypercare.Issue) (deliveries, error) {
	r := rng(20260406)
	var sum deliveries
	byDay := map[int][]hypercare.Issue{} // the issues (with some of their events) of each day's export
	last := 0
	put := func(day int, is hypercare.Issue, ev hypercare.Event) {
		batch := byDay[day]
		k := slices.IndexFunc(batch, func(x hypercare.Issue) bool { return x.ID == is.ID })
		if k < 0 {
			shell := is.AsOf(is.Opened().Add(-1)) // the details, no events
			batch, k = append(batch, shell), len(batch)
		}
		if _, err := batch[k].Insert(ev); err != nil {
			panic(err) // the scenario's events are well formed
		}
		byDay[day], last = batch, max(last, day)
	}
	for _, is := range issues {
		for i, ev := range is.Events() {
			ev.ID = hypercare.EventID(fmt.Sprintf("%s/%d", is.ID, i+1))
			day := e.DayOf(ev.At)
			sum.events++
			if r.chance(0.15) {
				day += 1 + int(r.next()%2)
				sum.late++
			}
			put(day, is, ev)
			if r.chance(0.10) {
				put(day+1, is, ev)
				sum.twice++
			}
		}
	}
	for day := 0; day <= last; day++ {
		if len(byDay[day]) == 0 {
			continue
		}
		if _, err := s.MergeIssues(ctx, byDay[day]); err != nil {
			return sum, fmt.Errorf("day %d's export: %w", day, err)
		}
		sum.batches++
	}
	for is, err := range s.Issues(ctx, store.IssueFilter{Engagement: e.ID}) {
		if err != nil {
			return sum, err
		}
		sum.held += len(is.Held())
	}
	return sum, nil
}
