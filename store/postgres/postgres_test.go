package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
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

// TestStrangeStrings stores strings that PostgreSQL's text cannot hold (NUL,
// invalid UTF-8) in the fields that may carry them, and lists IDs in byte
// order; an ID itself may not carry them (hypercare.IssueID.Validate).
func TestStrangeStrings(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	at := time.Date(2026, time.March, 2, 8, 0, 0, 123456789, time.UTC)
	for _, bad := range []hypercare.IssueID{"b\x00", "a\xff"} {
		is := hypercare.Issue{ID: bad}
		if err := s.CreateIssue(ctx, is); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("CreateIssue(%q) = %v, want store.ErrInvalid", bad, err)
		}
	}
	ids := []hypercare.IssueID{"b~", "a\u00e9", "a", "\uFFFF", "b"}
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
	want := []hypercare.IssueID{"a", "a\u00e9", "b", "b~", "\uFFFF"}
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
		want    store.Change // the zero Change: none
		wantErr error
	}{
		{func() error { return writer.CreateEngagement(ctx, e) }, store.Change{Kind: store.ChangeEngagement, Engagement: "erp"}, nil},
		{func() error { return quiet.UpdateEngagement(ctx, e) }, store.Change{}, nil}, // Quiet: nothing
		{func() error { return writer.CreateIssue(ctx, is) }, store.Change{Kind: store.ChangeIssue, Engagement: "erp", Issue: "INC-7"}, nil},
		{func() error { _, err := writer.AppendEvents(ctx, "erp", "INC-7", 1, opened); return err }, store.Change{}, store.ErrConflict}, // nothing written: nothing
		{func() error { _, err := writer.AppendEvents(ctx, "erp", "INC-7", 0, opened); return err }, store.Change{Kind: store.ChangeIssue, Engagement: "erp", Issue: "INC-7", Version: 1}, nil},
		{func() error { return writer.ImportIssues(ctx, []hypercare.Issue{{Engagement: "erp", ID: "INC-8"}}) }, store.Change{Kind: store.ChangeIssue, Engagement: "erp"}, nil},
		{func() error {
			return writer.AddSignOff(ctx, hypercare.SignOff{Engagement: "erp", By: "sam", Role: hypercare.RoleSponsor, At: at})
		}, store.Change{Kind: store.ChangeSignOff, Engagement: "erp"}, nil},
		{func() error {
			return writer.AddSamples(ctx, "erp", hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Samples: []hypercare.Sample{{Date: hypercare.DateOf(at), Value: 1, Base: 2}}})
		}, store.Change{Kind: store.ChangeSamples, Engagement: "erp"}, nil},
		{func() error { return writer.PutRoster(ctx, "erp", "week 1", hypercare.Roster{}) }, store.Change{Kind: store.ChangeRoster, Engagement: "erp", Roster: "week 1"}, nil},
	}
	var want []store.Change
	for i, st := range steps {
		if err := st.write(); !errors.Is(err, st.wantErr) {
			t.Fatalf("step %d: got error %v, want %v", i, err, st.wantErr)
		}
		if st.want != (store.Change{}) {
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

// TestNotificationSurvivesALostConnection: the notifier's connection is
// terminated (as a server restart or an administrator would), and the next
// write's notification still reaches the watcher. It was sent once on the
// dead connection and lost, and the watcher never learned of the write.
func TestNotificationSurvivesALostConnection(t *testing.T) {
	ctx := context.Background()
	writer := openTest(t, Options{})
	reader := openTest(t, Options{Schema: writer.schema})
	changes, err := reader.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	e := hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}
	if err := writer.CreateEngagement(ctx, e); err != nil {
		t.Fatal(err)
	}
	next := func(want store.Change) {
		t.Helper()
		select {
		case got := <-changes:
			if got != want {
				t.Fatalf("got %+v, want %+v", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("nothing after 10 s, want %+v", want)
		}
	}
	next(store.Change{Kind: store.ChangeEngagement, Engagement: "erp"})
	var n int
	if err := writer.pool.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_notify(%' AND pid <> pg_backend_pid()`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminated %d notifier connections (%v), want 1", n, err)
	}
	if err := writer.CreateIssue(ctx, hypercare.Issue{Engagement: "erp", ID: "INC-1"}); err != nil {
		t.Fatal(err)
	}
	next(store.Change{Kind: store.ChangeIssue, Engagement: "erp", Issue: "INC-1"})
}

// TestPayload checks that a change survives the notifier's encoding, as
// JSON that encoding/json reads, for any strings, and that a batch splits
// on newlines into its payloads.
func TestPayload(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		str := rapid.OneOf(rapid.String(), rapid.StringOf(rapid.RuneFrom([]rune{0, '"', '\\', '\n', '\x1f', '\u2028', '<', '\uFFFF'})),
			rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }))
		var batch []byte
		var want []store.Change
		for i := range rapid.IntRange(1, 4).Draw(t, "n") {
			c := store.Change{
				Kind:       store.ChangeKind(rapid.IntRange(1, 6).Draw(t, "kind")),
				Engagement: hypercare.EngagementID(str.Draw(t, "engagement")),
				Issue:      hypercare.IssueID(str.Draw(t, "issue")),
				Version:    rapid.IntRange(0, 1<<30).Draw(t, "version"),
				Roster:     str.Draw(t, "roster"),
			}
			if i > 0 {
				batch = append(batch, '\n')
			}
			batch = appendPayload(batch, c)
			want = append(want, c)
		}
		parts := strings.Split(string(batch), "\n")
		if len(parts) != len(want) {
			t.Fatalf("batch %q splits into %d payloads, want %d", batch, len(parts), len(want))
		}
		for i, p := range parts {
			if !json.Valid([]byte(p)) {
				t.Fatalf("payload %q is not JSON", p)
			}
			if got := parsePayload(p); got != want[i] {
				t.Fatalf("payload %q reads as %+v, want %+v", p, got, want[i])
			}
		}
	})
	long := store.Change{Kind: store.ChangeIssue, Issue: hypercare.IssueID(strings.Repeat("x", maxPayload))}
	if got := parsePayload(string(appendPayload(nil, long))); got.Kind != store.ChangeUnknown {
		t.Errorf("a change too long to say reads as %+v, want kind unknown", got)
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
	// a remembers [opened, paused, resumed] (open), where a resumption at
	// 2h is held; on the stored issue, reopened at 2h, it is held too, and
	// the append says so as stored.
	late := hypercare.Event{Type: hypercare.EventResumed, At: at.Add(30 * time.Minute)}
	got, err = a.AppendEvents(ctx, "", "INC-1", 3, late)
	if err != nil {
		t.Fatalf("a resumption the timeline cannot place: %v", err)
	}
	if got.Version() != 4 || got.Len() != 3 || len(got.Held()) != 1 || !got.Held()[0].Event.Same(late) {
		t.Errorf("after a held resumption: version %d, %d on the timeline, held %v; want 4, 3 and the resumption", got.Version(), got.Len(), got.Held())
	}
	if back, err := b.Issue(ctx, "", "INC-1"); err != nil || back.Version() != 4 || len(back.Held()) != 1 {
		t.Errorf("the issue read back: version %d, held %v (%v); want 4 with the resumption held", back.Version(), back.Held(), err)
	}
	// Details changed by another store come back from an append.
	upd := got
	upd.Title = "renamed by b"
	if err := b.UpdateIssue(ctx, upd); err != nil {
		t.Fatal(err)
	}
	got, err = a.AppendEvents(ctx, "", "INC-1", 4, hypercare.Event{Type: hypercare.EventPaused, At: at.Add(3 * time.Hour)})
	if err != nil || got.Title != "renamed by b" {
		t.Errorf("append after another store's update: %q, %v; want the title \"renamed by b\"", got.Title, err)
	}
}

// TestHeldRows checks the rows of an issue that holds events: its timeline
// in order, then its held events with the reason, each with its source ID;
// an event that lands earlier rewrites the rows after it, and the issue
// read back is the one the appends returned.
func TestHeldRows(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	opened := hypercare.Event{ID: "a1", Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect}
	paused := hypercare.Event{ID: "a2", Type: hypercare.EventPaused, At: at.Add(time.Hour), Reason: "vendor"}
	resumed := hypercare.Event{ID: "a3", Type: hypercare.EventResumed, At: at.Add(2 * time.Hour)}
	if err := s.CreateIssue(ctx, hypercare.Issue{ID: "INC-1"}); err != nil {
		t.Fatal(err)
	}
	type row struct {
		Seq    int
		Source string
		Type   string
		Held   bool
		Reason string
	}
	rows := func() []row {
		t.Helper()
		rs, err := s.pool.Query(ctx, `SELECT seq, coalesce(source_id, ''), type, held, coalesce(held_reason, '') FROM events WHERE issue = 'INC-1' ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		out, err := pgx.CollectRows(rs, pgx.RowToStructByPos[row])
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// The resumption first: nothing to resume, held.
	is, err := s.AppendEvents(ctx, "", "INC-1", 0, resumed)
	if err != nil {
		t.Fatal(err)
	}
	if len(is.Held()) != 1 {
		t.Fatalf("held after a lone resumption: %v, want it", is.Held())
	}
	reason := is.Held()[0].Reason
	if reason == "" {
		t.Fatal("a held event without a reason")
	}
	if d := cmp.Diff([]row{{1, "a3", "resumed", true, reason}}, rows()); d != "" {
		t.Errorf("rows after a held resumption (-want +got):\n%s", d)
	}
	// The opening: the timeline gets a row before the held one.
	if is, err = s.AppendEvents(ctx, "", "INC-1", 1, opened); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]row{{1, "a1", "opened", false, ""}, {2, "a3", "resumed", true, is.Held()[0].Reason}}, rows()); d != "" {
		t.Errorf("rows after the opening (-want +got):\n%s", d)
	}
	// The pause, and again (a duplicate): the resumption is released.
	if is, err = s.AppendEvents(ctx, "", "INC-1", 2, paused, paused); err != nil {
		t.Fatal(err)
	}
	want := []row{{1, "a1", "opened", false, ""}, {2, "a2", "paused", false, ""}, {3, "a3", "resumed", false, ""}}
	if d := cmp.Diff(want, rows()); d != "" {
		t.Errorf("rows after the pause (-want +got):\n%s", d)
	}
	if is.Version() != 3 || len(is.Held()) != 0 {
		t.Errorf("after the pause: version %d, held %v; want 3, none", is.Version(), is.Held())
	}
	back, err := s.Issue(ctx, "", "INC-1")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(is.Events(), back.Events()); d != "" {
		t.Errorf("the issue read back (-appended +read):\n%s", d)
	}
	var version int
	if err := s.pool.QueryRow(ctx, `SELECT version FROM issues WHERE id = 'INC-1'`).Scan(&version); err != nil || version != 3 {
		t.Errorf("issues.version %d (%v), want 3", version, err)
	}
}

// TestDeleteAndPurgeRows checks that DeleteIssue and PurgeEngagement leave
// no rows behind (events go by trigger, the rest by cascade), and that a
// deleted issue is forgotten by the store that remembered it.
func TestDeleteAndPurgeRows(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{})
	at := time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)
	opened := hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev1, Kind: hypercare.Defect}
	for _, id := range []hypercare.EngagementID{"erp", "crm"} {
		if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: id, Location: time.UTC, GoLive: at, PlannedEnd: at.AddDate(0, 0, 28)}); err != nil {
			t.Fatal(err)
		}
		for _, iid := range []hypercare.IssueID{"INC-1", "INC-2"} {
			if err := s.CreateIssue(ctx, hypercare.Issue{Engagement: id, ID: iid}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AppendEvents(ctx, id, iid, 0, opened); err != nil {
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
	count := func(table string, eng hypercare.EngagementID) int {
		var n int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE engagement = $1`, string(eng)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if _, ok := s.cache.get("erp", "INC-1"); !ok {
		t.Fatal("the store does not remember the issue it wrote")
	}
	if err := s.DeleteIssue(ctx, "erp", "INC-1", 0); !errors.Is(err, store.ErrConflict) {
		t.Errorf("delete at a stale version: got %v, want ErrConflict", err)
	}
	if err := s.DeleteIssue(ctx, "erp", "INC-1", 1); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.cache.get("erp", "INC-1"); ok {
		t.Error("the store still remembers the deleted issue")
	}
	if n := count("events", "erp"); n != 1 {
		t.Errorf("%d events of erp after deleting INC-1, want INC-2's 1", n)
	}
	if err := s.DeleteIssue(ctx, "erp", "INC-1", 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete a deleted issue: got %v, want ErrNotFound", err)
	}
	if err := s.PurgeEngagement(ctx, "erp"); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"engagements", "issues", "events", "sign_offs", "samples", "rosters"} {
		eng := "engagement"
		if table == "engagements" {
			eng = "id"
		}
		var n, crm int
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE `+eng+` = 'erp'), count(*) FILTER (WHERE `+eng+` = 'crm') FROM `+table).Scan(&n, &crm); err != nil {
			t.Fatal(err)
		}
		if n != 0 || crm == 0 {
			t.Errorf("%s after purging erp: %d rows of erp, %d of crm; want 0 and some", table, n, crm)
		}
	}
	if _, ok := s.cache.get("erp", "INC-2"); ok {
		t.Error("the store still remembers an issue of the purged engagement")
	}
	if _, ok := s.cache.get("crm", "INC-2"); !ok {
		t.Error("the store forgot an issue of another engagement")
	}
	if err := s.PurgeEngagement(ctx, "erp"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("purge a purged engagement: got %v, want ErrNotFound", err)
	}
}
