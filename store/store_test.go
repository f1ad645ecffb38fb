package store_test

import (
	"encoding/json"
	"reflect"
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
