package store_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/hypercare-go/hypercare"

	"github.com/hypercare-go/hypercare/store"
	"github.com/hypercare-go/hypercare/store/storetest"
)

func TestMemoryConformance(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		Open: func(string) (store.Store, error) { return store.NewMemory(), nil },
	})
}

func TestFileConformance(t *testing.T) {
	storetest.Run(t, storetest.Backend{
		Open:    func(dir string) (store.Store, error) { return store.OpenFile(dir) },
		Durable: true,
	})
}

// TestJSONRoundTrip: the package's exported types survive JSON, as every
// type of the module must.
func TestJSONRoundTrip(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{
		&store.IssueFilter{
			Engagement:   "erp",
			Severities:   []hypercare.Severity{hypercare.Sev1, hypercare.Sev2},
			Kinds:        []hypercare.Kind{hypercare.Defect},
			Statuses:     []hypercare.Status{hypercare.StatusOpen, hypercare.StatusPaused},
			OpenedFrom:   time.Date(2026, time.March, 2, 0, 0, 0, 0, berlin),
			OpenedBefore: time.Date(2026, time.March, 9, 0, 0, 0, 0, berlin),
		},
		&store.IssueFilter{},
		&store.Recovery{File: "/var/lib/hc/journal", Offset: 4096, Dropped: 37, Reason: "record at offset 4096: record checksum mismatch"},
		&store.Recovery{},
		&store.CorruptError{File: "/var/lib/hc/snapshot", Offset: 28, Reason: "record checksum mismatch"},
		&store.SeriesFilter{
			Metrics:  []hypercare.AdoptionMetric{{Kind: hypercare.LoginRate}, {Kind: hypercare.FeatureUse, Name: "Approvals"}},
			Segments: []hypercare.Segment{{}, {Dimension: "team", Name: "Finance"}},
			From:     hypercare.Date{Year: 2026, Month: time.March, Day: 2},
			Before:   hypercare.Date{Year: 2026, Month: time.March, Day: 9},
		},
		&store.SeriesFilter{},
		&store.NamedRoster{Engagement: "erp", Name: "week 1", Roster: hypercare.Roster{
			Shifts: []hypercare.Shift{{Slot: hypercare.Slot{Name: "night", Start: time.Date(2026, time.March, 2, 20, 0, 0, 0, berlin), End: time.Date(2026, time.March, 3, 8, 0, 0, 0, berlin), OnCall: true}, People: []hypercare.PersonID{"sam"}}},
			Loads:  []hypercare.Load{{Person: "sam", Shifts: 1, Total: 12 * time.Hour, Sleep: 10 * time.Hour, OnCall: 12 * time.Hour}},
			Bound:  hypercare.Bound{Total: 12 * time.Hour, Shifts: 1, Exact: true},
		}},
		&store.NamedRoster{},
	} {
		js, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("marshal %T: %v", v, err)
		}
		back := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		if err := json.Unmarshal(js, back); err != nil {
			t.Fatalf("unmarshal %T %s: %v", v, js, err)
		}
		if d := cmp.Diff(v, back, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("%T JSON round trip %s (-want +got):\n%s", v, js, d)
		}
	}
}

// TestIssueFilterMatch is IssueFilter.Match on worked cases, bounds
// included.
func TestIssueFilterMatch(t *testing.T) {
	at := time.Date(2026, time.March, 3, 10, 0, 0, 0, time.UTC)
	open := hypercare.Issue{ID: "INC-1", Engagement: "erp"}
	if err := open.Append(hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.TrainingGap}); err != nil {
		t.Fatal(err)
	}
	never := hypercare.Issue{ID: "INC-2", Engagement: "erp"}
	for _, tc := range []struct {
		name string
		f    store.IssueFilter
		is   hypercare.Issue
		want bool
	}{
		{"zero filter", store.IssueFilter{}, open, true},
		{"zero filter, never opened", store.IssueFilter{}, never, true},
		{"other engagement", store.IssueFilter{Engagement: "crm"}, open, false},
		{"severity in set", store.IssueFilter{Severities: []hypercare.Severity{hypercare.Sev1, hypercare.Sev2}}, open, true},
		{"severity not in set", store.IssueFilter{Severities: []hypercare.Severity{hypercare.Sev1}}, open, false},
		{"kind", store.IssueFilter{Kinds: []hypercare.Kind{hypercare.Defect}}, open, false},
		{"open is not paused", store.IssueFilter{Statuses: []hypercare.Status{hypercare.StatusPaused}}, open, false},
		{"from is inclusive", store.IssueFilter{OpenedFrom: at}, open, true},
		{"before is exclusive", store.IssueFilter{OpenedBefore: at}, open, false},
		{"just before the bound", store.IssueFilter{OpenedBefore: at.Add(time.Nanosecond)}, open, true},
		{"never opened has no opening time", store.IssueFilter{OpenedBefore: at}, never, false},
		{"never opened has no severity", store.IssueFilter{Severities: []hypercare.Severity{hypercare.Sev2}}, never, false},
	} {
		if got := tc.f.Match(tc.is); got != tc.want {
			t.Errorf("%s: Match = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestSeriesFilterApply is SeriesFilter.Apply on worked cases.
func TestSeriesFilterApply(t *testing.T) {
	d := func(day int) hypercare.Date { return hypercare.Date{Year: 2026, Month: time.March, Day: day} }
	login := hypercare.AdoptionMetric{Kind: hypercare.LoginRate}
	finance := hypercare.Segment{Dimension: "team", Name: "Finance"}
	// Samples out of order, as a caller may hold them.
	in := hypercare.Series{Metric: login, Segment: finance, Samples: []hypercare.Sample{
		{Date: d(4), Value: 3, Base: 4}, {Date: d(2), Value: 1, Base: 4}, {Date: d(3), Value: 2, Base: 4}}}
	s := func(days ...int) []hypercare.Sample {
		var out []hypercare.Sample
		for _, day := range days {
			out = append(out, hypercare.Sample{Date: d(day), Value: float64(day - 1), Base: 4})
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    store.SeriesFilter
		want []hypercare.Sample // nil: not kept
	}{
		{"zero filter: all, in date order", store.SeriesFilter{}, s(2, 3, 4)},
		{"its metric", store.SeriesFilter{Metrics: []hypercare.AdoptionMetric{{Kind: hypercare.ActiveRate}, login}}, s(2, 3, 4)},
		{"another metric", store.SeriesFilter{Metrics: []hypercare.AdoptionMetric{{Kind: hypercare.LoginRate, Name: "CRM"}}}, nil},
		{"its segment", store.SeriesFilter{Segments: []hypercare.Segment{finance}}, s(2, 3, 4)},
		{"all users is not every segment", store.SeriesFilter{Segments: []hypercare.Segment{{}}}, nil},
		{"from is inclusive", store.SeriesFilter{From: d(3)}, s(3, 4)},
		{"before is exclusive", store.SeriesFilter{Before: d(3)}, s(2)},
		{"one day", store.SeriesFilter{From: d(3), Before: d(4)}, s(3)},
		{"no day left", store.SeriesFilter{From: d(5)}, nil},
	} {
		got, ok := tc.f.Apply(in)
		if ok != (tc.want != nil) {
			t.Errorf("%s: kept = %v, want %v", tc.name, ok, tc.want != nil)
			continue
		}
		if !ok {
			continue
		}
		if got.Metric != login || got.Segment != finance {
			t.Errorf("%s: series %s, want %s", tc.name, got, in)
		}
		if diff := cmp.Diff(tc.want, got.Samples); diff != "" {
			t.Errorf("%s: samples (-want +got):\n%s", tc.name, diff)
		}
	}
	if in.Samples[0].Date != d(4) {
		t.Errorf("Apply reordered the samples passed in")
	}
}

// TestCollect: Collect returns the values, or those before the error and
// the error.
func TestCollect(t *testing.T) {
	boom := errors.New("boom")
	seq := func(yield func(int, error) bool) {
		for _, v := range []int{1, 2} {
			if !yield(v, nil) {
				return
			}
		}
		yield(0, boom)
	}
	got, err := store.Collect(seq)
	if !errors.Is(err, boom) || !slices.Equal(got, []int{1, 2}) {
		t.Errorf("Collect = %v, %v; want [1 2], boom", got, err)
	}
	got, err = store.Collect(func(yield func(int, error) bool) { yield(7, nil) })
	if err != nil || !slices.Equal(got, []int{7}) {
		t.Errorf("Collect = %v, %v; want [7], nil", got, err)
	}
}

// ValidateIssue refuses IDs that would forge a line in a log, a report or a
// file name, with an error naming the field that wraps both sentinels.
func TestValidateIssueIDs(t *testing.T) {
	for _, tc := range []struct {
		id   hypercare.IssueID
		want string // "" for valid
	}{
		{"INC-7", ""},
		{"Ünïcode-ID 7", ""},
		{"", "store: invalid: hypercare: empty issue ID"},
		{"INC-1\nINC-2", `store: invalid: hypercare: issue ID "INC-1\nINC-2": line break or control character U+000A at byte 5`},
		{"INC-1\r", `store: invalid: hypercare: issue ID "INC-1\r": line break or control character U+000D at byte 5`},
		{"INC-\x1b[31m1", `store: invalid: hypercare: issue ID "INC-\x1b[31m1": line break or control character U+001B at byte 4`},
		{"INC\u20281", `store: invalid: hypercare: issue ID "INC\u20281": line break or control character U+2028 at byte 3`},
		{"INC-\xff", `store: invalid: hypercare: issue ID "INC-\xff" is not valid UTF-8`},
	} {
		err := store.ValidateIssue(hypercare.Issue{ID: tc.id})
		if tc.want == "" {
			if err != nil {
				t.Errorf("ValidateIssue(%q) = %v, want nil", tc.id, err)
			}
			continue
		}
		if err == nil || err.Error() != tc.want || !errors.Is(err, store.ErrInvalid) || !errors.Is(err, hypercare.ErrInvalid) {
			t.Errorf("ValidateIssue(%q) = %v\nwant %s, wrapping store.ErrInvalid and hypercare.ErrInvalid", tc.id, err, tc.want)
		}
	}
}
