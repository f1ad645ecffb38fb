package postgres

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t.TempDir())
	opts := Options{Schema: schema}

	_, err := Open(ctx, fastURL(), opts)
	if !errors.Is(err, ErrSchemaVersion) || !strings.Contains(err.Error(), "version 0") {
		t.Fatalf("Open of an empty schema: got %v, want ErrSchemaVersion saying version 0", err)
	}
	// Several migrators at once take turns.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = Migrate(ctx, fastURL(), opts) }()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Migrate %d: %v", i, err)
		}
	}
	s, err := Open(ctx, fastURL(), opts)
	if err != nil {
		t.Fatalf("Open after Migrate: %v", err)
	}
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM schema_version`).Scan(&n); err != nil || n != SchemaVersion {
		t.Fatalf("schema_version has %d rows (%v), want %d", n, err, SchemaVersion)
	}

	// A newer release migrated the schema: this code refuses it.
	if _, err := s.pool.Exec(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for what, err := range map[string]error{
		"Open":              func() error { _, err := Open(ctx, fastURL(), opts); return err }(),
		"Open with Migrate": func() error { _, err := Open(ctx, fastURL(), Options{Schema: schema, Migrate: true}); return err }(),
		"Migrate":           Migrate(ctx, fastURL(), opts),
	} {
		if !errors.Is(err, ErrSchemaVersion) || !strings.Contains(err.Error(), "newer") {
			t.Errorf("%s of a newer schema: got %v, want ErrSchemaVersion saying it is newer", what, err)
		}
	}
}

func TestOptions(t *testing.T) {
	for _, schema := range []string{"Upper", "has-dash", "1digit", strings.Repeat("a", 64), `quote"`} {
		if _, err := Open(context.Background(), fastURL(), Options{Schema: schema}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Open with schema %q: got %v, want ErrInvalid", schema, err)
		}
	}
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || len(ms) != SchemaVersion {
		t.Fatalf("%d migrations, SchemaVersion %d", len(ms), SchemaVersion)
	}
}

func TestText(t *testing.T) {
	for _, s := range []string{"", "plain", "naïve ☕", "nul\x00byte", "bad\xffutf8", "\uFFFF", "\uFFFFff", "\xef\xbf", "tail\xe2\x82"} {
		stored := toText(s)
		if strings.ContainsRune(stored, 0) || !utf8Valid(stored) {
			t.Errorf("toText(%q) = %q: text cannot hold it", s, stored)
		}
		if back := fromText(stored); back != s {
			t.Errorf("fromText(toText(%q)) = %q", s, back)
		}
	}
	if toText("naïve ☕") != "naïve ☕" {
		t.Error("a clean string is changed")
	}
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.String(), rapid.StringOf(rapid.RuneFrom([]rune{0, 'a', '\uFFFF', 'f', '0'})),
			rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) })).Draw(t, "s")
		stored := toText(s)
		if strings.ContainsRune(stored, 0) || !utf8Valid(stored) || fromText(stored) != s {
			t.Fatalf("toText(%q) = %q, back %q", s, stored, fromText(stored))
		}
	})
}

// TestStrangeStrings stores strings that PostgreSQL's text cannot hold and
// lists them in byte order.
func TestStrangeStrings(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	at := time.Date(2026, time.March, 2, 8, 0, 0, 123456789, time.UTC)
	ids := []hypercare.IssueID{"b\x00", "a\xff", "a", "\uFFFF", "b"}
	for _, id := range ids {
		is := hypercare.Issue{ID: id, Title: "t\x00" + string(id), Workaround: "\xfe"}
		if err := is.Append(hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev1, Kind: hypercare.Defect, Person: "p\x00", Reason: "\xc3"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateIssue(ctx, is); err != nil {
			t.Fatalf("CreateIssue(%q): %v", id, err)
		}
		got, err := s.Issue(ctx, "", id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != is.Title || got.Workaround != is.Workaround || got.Events()[0] != (hypercare.Event{Type: hypercare.EventOpened, At: got.Events()[0].At, Severity: hypercare.Sev1, Kind: hypercare.Defect, Person: "p\x00", Reason: "\xc3"}) || !got.Events()[0].At.Equal(at) {
			t.Errorf("Issue(%q) = %+v %+v, want %+v %+v", id, got, got.Events(), is, is.Events())
		}
	}
	list, err := store.Collect(s.Issues(ctx, store.IssueFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	var got []hypercare.IssueID
	for _, is := range list {
		got = append(got, is.ID)
	}
	want := []hypercare.IssueID{"a", "a\xff", "b", "b\x00", "\uFFFF"}
	if strings.Join(toStrings(got), "|") != strings.Join(toStrings(want), "|") {
		t.Errorf("Issues lists %q, want %q", got, want)
	}
}

func toStrings(ids []hypercare.IssueID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

func TestWatch(t *testing.T) {
	ctx := context.Background()
	writer := openTest(t, Options{})
	reader := openTest(t, Options{Schema: writer.schema})
	quiet := openTest(t, Options{Schema: writer.schema, Quiet: true})
	wctx, cancel := context.WithCancel(ctx)
	changes, err := reader.Watch(wctx)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	e := hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}
	is := hypercare.Issue{Engagement: "erp", ID: "INC-7"}
	opened := hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect}
	steps := []struct {
		write   func() error
		want    Change // the zero Change: none
		wantErr error
	}{
		{func() error { return writer.CreateEngagement(ctx, e) }, Change{Kind: ChangeEngagement, Engagement: "erp"}, nil},
		{func() error { return quiet.UpdateEngagement(ctx, e) }, Change{}, nil}, // Quiet: nothing
		{func() error { return writer.CreateIssue(ctx, is) }, Change{Kind: ChangeIssue, Engagement: "erp", Issue: "INC-7"}, nil},
		{func() error { _, err := writer.AppendEvents(ctx, "erp", "INC-7", 1, opened); return err }, Change{}, store.ErrConflict}, // nothing written: nothing
		{func() error { _, err := writer.AppendEvents(ctx, "erp", "INC-7", 0, opened); return err }, Change{Kind: ChangeIssue, Engagement: "erp", Issue: "INC-7", Version: 1}, nil},
		{func() error { return writer.ImportIssues(ctx, []hypercare.Issue{{Engagement: "erp", ID: "INC-8"}}) }, Change{Kind: ChangeIssue, Engagement: "erp"}, nil},
		{func() error {
			return writer.AddSignOff(ctx, hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: at})
		}, Change{Kind: ChangeSignOff, Engagement: "erp"}, nil},
		{func() error {
			return writer.AddSamples(ctx, "erp", hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Samples: []hypercare.Sample{{Date: hypercare.DateOf(at), Value: 1, Base: 2}}})
		}, Change{Kind: ChangeSamples, Engagement: "erp"}, nil},
		{func() error { return writer.PutRoster(ctx, "erp", "week 1", hypercare.Roster{}) }, Change{Kind: ChangeRoster, Engagement: "erp", Roster: "week 1"}, nil},
	}
	var want []Change
	for i, st := range steps {
		if err := st.write(); !errors.Is(err, st.wantErr) {
			t.Fatalf("step %d: got error %v, want %v", i, err, st.wantErr)
		}
		if st.want != (Change{}) {
			want = append(want, st.want)
		}
	}
	for i, w := range want {
		select {
		case got := <-changes:
			if got != w {
				t.Errorf("change %d: got %+v, want %+v", i, got, w)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("change %d: nothing after 10 s, want %+v", i, w)
		}
	}
	select {
	case got := <-changes:
		t.Errorf("an extra change %+v", got)
	case <-time.After(200 * time.Millisecond):
	}
	cancel()
	for range changes { // the channel closes
	}

	// Close ends a watch.
	changes, err = reader.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reader.Close()
	select {
	case _, ok := <-changes:
		if ok {
			t.Error("a change after Close")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Watch's channel still open 10 s after Close")
	}
	if _, err := reader.Watch(ctx); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Watch after Close: got %v, want ErrClosed", err)
	}
}

func utf8Valid(s string) bool { return utf8.ValidString(s) }

// TestCascade checks that deleting an engagement deletes everything of it,
// and deleting an issue its events: what delete and purge will rely on.
func TestCascade(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	for _, id := range []hypercare.EngagementID{"erp", "crm"} {
		if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: id, Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}); err != nil {
			t.Fatal(err)
		}
		for _, iid := range []hypercare.IssueID{"INC-1", "INC-2"} {
			is := hypercare.Issue{Engagement: id, ID: iid}
			if err := is.Append(hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev1, Kind: hypercare.Defect},
				hypercare.Event{Type: hypercare.EventResponded, At: at}); err != nil {
				t.Fatal(err)
			}
			if err := s.CreateIssue(ctx, is); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddSignOff(ctx, hypercare.SignOff{Engagement: id, By: "sam", Role: hypercare.RoleSponsor, At: at}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddSamples(ctx, id, hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Samples: []hypercare.Sample{{Date: hypercare.DateOf(at), Value: 1, Base: 2}}}); err != nil {
			t.Fatal(err)
		}
		if err := s.PutRoster(ctx, id, "week 1", hypercare.Roster{}); err != nil {
			t.Fatal(err)
		}
	}
	count := func(table string) int {
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE engagement = 'erp'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM issues WHERE engagement = 'erp' AND id = 'INC-1'`); err != nil {
		t.Fatal(err)
	}
	if n := count("events"); n != 2 {
		t.Errorf("%d events of erp after deleting INC-1, want INC-2's 2", n)
	}
	// From another search_path, as an analyst would.
	if _, err := s.pool.Exec(ctx, `SET search_path = public; DELETE FROM `+s.schema+`.engagements WHERE id = 'erp'; RESET search_path`); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"issues", "events", "sign_offs", "samples", "rosters"} {
		if n := count(table); n != 0 {
			t.Errorf("%d rows of erp left in %s after deleting the engagement", n, table)
		}
	}
	if got, err := store.Collect(s.Issues(ctx, store.IssueFilter{Engagement: "crm"})); err != nil || len(got) != 2 || got[0].Len() != 2 {
		t.Errorf("crm's issues after erp's delete: %d (%v), want 2 with 2 events", len(got), err)
	}
}

// TestStaleCache checks that what a store remembers of an issue to append
// in one round trip never decides an append: another store's writes, and
// an issue deleted and created again with as many events, are seen.
func TestStaleCache(t *testing.T) {
	ctx := context.Background()
	a := openTest(t, Options{})
	b := openTest(t, Options{Schema: a.schema})
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	opened := hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect}
	resolved := hypercare.Event{Type: hypercare.EventResolved, At: at.Add(time.Hour)}
	paused := hypercare.Event{Type: hypercare.EventPaused, At: at.Add(time.Hour), Reason: "vendor"}
	resumed := hypercare.Event{Type: hypercare.EventResumed, At: at.Add(2 * time.Hour)}
	is := hypercare.Issue{ID: "INC-1"}
	if err := is.Append(opened); err != nil {
		t.Fatal(err)
	}
	if err := a.CreateIssue(ctx, is); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AppendEvents(ctx, "", "INC-1", 1, resolved); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AppendEvents(ctx, "", "INC-1", 1, paused); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("append at a version another store moved on: got %v, want ErrConflict", err)
	}
	if _, err := a.Issue(ctx, "", "INC-1"); err != nil { // a remembers [opened, resolved]
		t.Fatal(err)
	}
	// Deleted and created again, with a timeline of the same length.
	if _, err := b.pool.Exec(ctx, `DELETE FROM issues WHERE id = 'INC-1'`); err != nil {
		t.Fatal(err)
	}
	again := hypercare.Issue{ID: "INC-1", Title: "again"}
	if err := again.Append(opened, paused); err != nil {
		t.Fatal(err)
	}
	if err := b.CreateIssue(ctx, again); err != nil {
		t.Fatal(err)
	}
	// a's memory says resolved, so it would refuse a resumption; the issue
	// is paused, so the append succeeds.
	got, err := a.AppendEvents(ctx, "", "INC-1", 2, resumed)
	if err != nil {
		t.Fatalf("resume the issue created again: %v", err)
	}
	if got.Title != "again" || got.Len() != 3 || got.State().Status != hypercare.StatusOpen {
		t.Errorf("AppendEvents returned %q with %d events, status %v; want \"again\", 3, open", got.Title, got.Len(), got.State().Status)
	}
	// And the other way: a's memory would accept what the stored issue
	// refuses.
	if _, err := a.Issue(ctx, "", "INC-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.pool.Exec(ctx, `DELETE FROM issues WHERE id = 'INC-1'`); err != nil {
		t.Fatal(err)
	}
	third := hypercare.Issue{ID: "INC-1"}
	if err := third.Append(opened, resolved, hypercare.Event{Type: hypercare.EventReopened, At: at.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := b.CreateIssue(ctx, third); err != nil {
		t.Fatal(err)
	}
	// a remembers [opened, paused, resumed] (open): a pause is fine there,
	// and fine on the reopened issue too; a resumption is not, on either.
	if _, err := a.AppendEvents(ctx, "", "INC-1", 3, resumed); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("resume an open issue: got %v, want ErrInvalid", err)
	}
	// Details changed by another store come back from an append.
	upd := third
	upd.Title = "renamed by b"
	if err := b.UpdateIssue(ctx, upd); err != nil {
		t.Fatal(err)
	}
	got, err = a.AppendEvents(ctx, "", "INC-1", 3, hypercare.Event{Type: hypercare.EventPaused, At: at.Add(3 * time.Hour)})
	if err != nil || got.Title != "renamed by b" {
		t.Errorf("append after another store's update: %q, %v; want the title \"renamed by b\"", got.Title, err)
	}
}
