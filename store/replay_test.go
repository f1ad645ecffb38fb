package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
)

// TestReplayLongAppendWithRedelivery: AppendEvents whose events do not fit
// in one record is split over several append-events records, each after the
// first at the version the ones before it reach. Insert skips an event whose
// ID the issue holds with the same content (a redelivery), so that version
// must count the events added, not the events given: counting the skipped
// one made the second record fail its version check on replay, and the
// store no longer opened (ErrCorrupt) after an acknowledged write.
//
// Sequence: issue at version 1 holding event "ev-0"; AppendEvents at version
// 1 of ev-0 again (same content) followed by ~1.3 MB of new events; the
// write succeeds; Close; OpenFile failed (now it opens, equal to a memory
// store given the same writes).
func TestReplayLongAppendWithRedelivery(t *testing.T) {
	opened := hypercare.Event{ID: "ev-0", Type: hypercare.EventOpened, At: t0, Severity: hypercare.Sev2, Kind: hypercare.Defect}
	is := hypercare.Issue{ID: "INC-1", Engagement: "erp", Title: "long"}
	must(t, is.Append(opened))
	events := []hypercare.Event{opened} // a redelivery: skipped by Insert
	paused := false
	for i := 1; i <= 12000; i++ {
		e := hypercare.Event{ID: hypercare.EventID(fmt.Sprintf("ev-%d", i)), At: t0.Add(time.Duration(i) * time.Second)}
		if paused {
			e.Type = hypercare.EventResumed
		} else {
			e.Type, e.Reason = hypercare.EventPaused, strings.Repeat("waiting on the customer ", 12)
		}
		paused = !paused
		events = append(events, e)
	}
	fill := func(t *testing.T, s Store) {
		t.Helper()
		must(t, s.CreateEngagement(bg, testEngagement("erp")))
		must(t, s.CreateIssue(bg, is))
		got, err := s.AppendEvents(bg, "erp", "INC-1", 1, events...)
		must(t, err)
		if got.Version() != len(events) { // the repeat is skipped
			t.Fatalf("version after append = %d, want %d", got.Version(), len(events))
		}
	}
	reopenLikeMemory(t, fill)
}

// TestReplayMergeOfRepeatedEventWithoutID: MergeIssues adds, for events
// without an ID, as many of each as the incoming issue holds beyond what the
// stored issue holds (MergeIssue). The merge-issue record keeps only the
// events the merge added, so replay must insert them (mergeRecord), not
// merge them again: merging counted the copy the issue already held and
// dropped the added one, so the acknowledged event was gone after reopen.
//
// Sequence: CreateIssue [opened, responded@t1]; MergeIssues of the same
// issue with [opened, responded@t1, responded@t1] (version 2 -> 3); Close;
// reopen: the issue is at version 2.
func TestReplayMergeOfRepeatedEventWithoutID(t *testing.T) {
	stored, incoming := repeatWithoutID(t)
	g, _, _ := reopenLikeMemory(t, func(t *testing.T, s Store) {
		t.Helper()
		must(t, s.CreateEngagement(bg, testEngagement("erp")))
		must(t, s.CreateIssue(bg, stored))
		if _, err := s.MergeIssues(bg, []hypercare.Issue{incoming}); err != nil {
			t.Fatal(err)
		}
	})
	got, err := g.Issue(bg, "erp", "INC-1")
	must(t, err)
	if got.Version() != 3 {
		t.Errorf("after reopen the issue is at version %d, want 3: the merged event was lost", got.Version())
	}
}

// repeatWithoutID returns an issue stored as [opened, responded@t1] and
// the same issue as an export gives it later, with another responded@t1
// (no ID: an ID-less repeat is kept).
func repeatWithoutID(t *testing.T) (stored, incoming hypercare.Issue) {
	t.Helper()
	responded := hypercare.Event{Type: hypercare.EventResponded, At: t0.Add(time.Minute)}
	stored = testIssue("erp", "INC-1", t0)
	must(t, stored.Append(responded))
	incoming = stored
	if _, err := incoming.Insert(responded); err != nil {
		t.Fatal(err)
	}
	if incoming.Version() != 3 {
		t.Fatalf("incoming issue at version %d, want 3 (an ID-less repeat is kept)", incoming.Version())
	}
	return stored, incoming
}

// TestReplayMergeRepeatThenAppend is the consequence of losing that event
// that mattered most: the version the merge acknowledged was not the one
// replay reached, so the next AppendEvents, written at the live version,
// did not apply on replay and the store no longer opened (ErrCorrupt).
//
// Sequence: as above, then AppendEvents at version 3 (acknowledged); Close;
// OpenFile failed with "record does not apply: ... is at version 2, not 3".
func TestReplayMergeRepeatThenAppend(t *testing.T) {
	stored, incoming := repeatWithoutID(t)
	reopenLikeMemory(t, func(t *testing.T, s Store) {
		t.Helper()
		must(t, s.CreateEngagement(bg, testEngagement("erp")))
		must(t, s.CreateIssue(bg, stored))
		if _, err := s.MergeIssues(bg, []hypercare.Issue{incoming}); err != nil {
			t.Fatal(err)
		}
		is, err := s.Issue(bg, "erp", "INC-1")
		must(t, err)
		if _, err := s.AppendEvents(bg, "erp", "INC-1", is.Version(), hypercare.Event{Type: hypercare.EventResolved, At: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	})
}
