package postgres

// Tests from a review: each shows a way the PostgreSQL backend departs
// from the store.Store contract or from what the memory backend does for
// the same calls; each failed on the code before its fix (December 2026).
//
// Several of them need two transactions to interleave in one exact order.
// They get it without timers: a transaction of the test's own (standing in
// for another worker's write still in flight) holds a row lock or an
// uncommitted row, and the test waits until the store's statement is seen
// waiting for it in pg_locks before it goes on. Stores that must be told
// apart there get an application_name of their own.

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// openNamed opens a store on schema whose connections carry the
// application_name app, closed at the end of the test.
func openNamed(t *testing.T, schema, app string) *Store {
	t.Helper()
	s, err := Open(context.Background(), withParams(fastURL(), "application_name="+app), Options{Schema: schema, Migrate: true, Quiet: true})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// xactID returns the ID of tx's transaction (assigning one), as pg_locks
// shows it.
func xactID(t *testing.T, tx pgx.Tx) string {
	t.Helper()
	var id string
	if err := tx.QueryRow(context.Background(), `SELECT pg_current_xact_id()::text`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// waitBlocked waits until a connection named app waits for a lock: for
// transaction xid to end, or, with xid "", for any lock. It fails the test
// after 20 seconds, or at once if done is closed first (the call it waits
// for returned instead of blocking).
func waitBlocked(t *testing.T, s *Store, app, xid string, done <-chan struct{}) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		err := s.pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE a.application_name = $1 AND NOT l.granted
			  AND ($2 = '' OR l.locktype = 'transactionid' AND l.transactionid::text = $2)`, app, xid).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		select {
		case <-done:
			t.Fatalf("%s returned before it waited for a lock", app)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never waited for a lock", app)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// insertUncommitted begins a transaction on s's pool that inserts the row
// of an issue of no engagement with no events, and does not commit it: a
// create of another worker still in flight. The caller rolls it back.
func insertUncommitted(t *testing.T, s *Store, id hypercare.IssueID) pgx.Tx {
	t.Helper()
	ctx := context.Background()
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO issues (engagement, id, version, title, workaround) VALUES ('', $1, 0, '', '')`, string(id)); err != nil {
		tx.Rollback(ctx)
		t.Fatal(err)
	}
	return tx
}

var reviewAt = time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)

// reviewIssue returns an issue of no engagement opened at reviewAt, with
// the event ID "<id>-opened", then the events given.
func reviewIssue(t *testing.T, id hypercare.IssueID, more ...hypercare.Event) hypercare.Issue {
	t.Helper()
	is := hypercare.Issue{ID: id}
	opened := hypercare.Event{ID: hypercare.EventID(id + "-opened"), Type: hypercare.EventOpened, At: reviewAt, Severity: hypercare.Sev2, Kind: hypercare.Defect}
	if err := is.Append(append([]hypercare.Event{opened}, more...)...); err != nil {
		t.Fatal(err)
	}
	return is
}

// TestMergesCreatingInOtherOrders: two workers merge exports
// that both create issues X and Y, listed in different orders. MergeIssues
// locks the stored issues of a batch in key order, but inserts the issues
// it creates in batch order, so the two transactions can each hold the row
// of one new issue and wait for the other's: PostgreSQL breaks the
// deadlock by failing one merge with SQLSTATE 40P01, which MergeIssues
// returns as it is (it starts again only after a unique violation).
//
// The interleaving, forced: a create in flight elsewhere holds issue Z
// uncommitted; worker B merges [Y, Z, X]: it inserts Y and waits for Z.
// Worker A merges [X, Y]: it inserts X and waits for Y (B's). The create of
// Z is rolled back: B inserts Z, then X, and waits for A — which waits for
// B.
//
// Expected (store.Store.MergeIssues: all or none, "the order of merges
// does not matter"; the memory backend serialises them): both merges
// succeed, and X, Y and Z are stored with their openings.
func TestMergesCreatingInOtherOrders(t *testing.T) {
	x, y, z := reviewIssue(t, "X"), reviewIssue(t, "Y"), reviewIssue(t, "Z")
	a, errYZX, errXY := writeInOtherOrders(t, "review_merge", x, y, z, func(s *Store, batch []hypercare.Issue) error {
		_, err := s.MergeIssues(context.Background(), batch)
		return err
	})
	if errYZX != nil {
		t.Errorf("merge [Y, Z, X]: %v; want nil", errYZX)
	}
	if errXY != nil {
		t.Errorf("merge [X, Y]: %v; want nil", errXY)
	}
	for _, want := range []hypercare.Issue{x, y, z} {
		got, err := a.Issue(context.Background(), "", want.ID)
		if err != nil || got.Version() != 1 {
			t.Errorf("issue %s after both merges: version %d, %v; want version 1", want.ID, got.Version(), err)
		}
	}
}

// writeInOtherOrders forces the interleaving TestMergesCreatingInOtherOrders
// describes on two stores of a new schema, named name+"_a" and name+"_b":
// with a create of z in flight, b writes [y, z, x] and waits for z; a
// writes [x, y] and waits for y; the create of z is rolled back. It returns
// a, and the errors of b's and a's writes.
func writeInOtherOrders(t *testing.T, name string, x, y, z hypercare.Issue, write func(*Store, []hypercare.Issue) error) (a *Store, errYZX, errXY error) {
	t.Helper()
	ctx := context.Background()
	schema := testSchema(t.TempDir())
	a = openNamed(t, schema, name+"_a")
	b := openNamed(t, schema, name+"_b")

	inFlight := insertUncommitted(t, a, z.ID)
	defer inFlight.Rollback(ctx)
	zxid := xactID(t, inFlight)

	errB, doneB := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(doneB)
		errB <- write(b, []hypercare.Issue{y, z, x})
	}()
	waitBlocked(t, a, name+"_b", zxid, doneB) // b holds y, waits for z

	errA, doneA := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(doneA)
		errA <- write(a, []hypercare.Issue{x, y})
	}()
	waitBlocked(t, a, name+"_a", "", doneA) // a holds x, waits for y

	if err := inFlight.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	return a, <-errB, <-errA
}

// TestMergeIntoIssueCreatedWhileLocking: MergeIssues locks the
// stored issues of its batch in one statement and reads them in the next.
// An issue of the batch that another worker creates between the two is
// read, and merged into as stored, but not locked; if a worker appends to
// it before the merge writes it, the merge's version-checked write finds
// the row moved on and MergeIssues fails with "stale issue", an error that
// is not one of the store's sentinels (not even ErrConflict) and is not
// retried, although the merge takes no version.
//
// The interleaving, forced: a transaction holds issue W locked (as a
// worker's append in flight would); the merge of [W', B, X'] — W with a new
// event, B new, X' with an event of its own — waits for W. Worker 2 creates
// X. A create of B by another worker is in flight, uncommitted. W is
// released: the merge locks W (its statement started before X existed),
// reads W and X, writes W, and waits for B. Worker 2 appends to X (it is
// not locked, so that goes through). The create of B is rolled back, and
// the merge goes on to write X.
//
// Expected (store.Store.MergeIssues: "It takes no version: a merge never
// loses what another writer added"; ErrConflict only for an event whose ID
// is stored with other content): the merge succeeds, and X holds its
// opening, worker 2's response and the merge's escalation.
func TestMergeIntoIssueCreatedWhileLocking(t *testing.T) {
	ctx := context.Background()
	schema := testSchema(t.TempDir())
	m := openNamed(t, schema, "review_merge_m")
	w2 := openNamed(t, schema, "review_worker_2")

	if err := m.CreateIssue(ctx, reviewIssue(t, "W")); err != nil {
		t.Fatal(err)
	}
	responded := hypercare.Event{ID: "X-responded", Type: hypercare.EventResponded, At: reviewAt.Add(time.Minute)}
	escalated := hypercare.Event{ID: "X-escalated", Type: hypercare.EventEscalated, At: reviewAt.Add(2 * time.Minute)}
	wNew := reviewIssue(t, "W", hypercare.Event{ID: "W-responded", Type: hypercare.EventResponded, At: reviewAt.Add(time.Minute)})
	xNew := reviewIssue(t, "X", escalated)
	bNew := reviewIssue(t, "B")

	lockW, err := m.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lockW.Rollback(ctx)
	if _, err := lockW.Exec(ctx, `SELECT 1 FROM issues WHERE engagement = '' AND id = 'W' FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	wxid := xactID(t, lockW)

	errM, doneM := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(doneM)
		_, err := m.MergeIssues(ctx, []hypercare.Issue{wNew, bNew, xNew})
		errM <- err
	}()
	waitBlocked(t, m, "review_merge_m", wxid, doneM) // the merge waits for W

	if err := w2.CreateIssue(ctx, reviewIssue(t, "X")); err != nil {
		t.Fatal(err)
	}
	createB := insertUncommitted(t, m, "B")
	defer createB.Rollback(ctx)
	bxid := xactID(t, createB)
	if err := lockW.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	waitBlocked(t, m, "review_merge_m", bxid, doneM) // the merge read X and waits for B

	// Worker 2's append: it goes through at once on the current code; on a
	// store that locked X it would wait for the merge, and then fail with
	// ErrConflict, which is fine too.
	errW, doneW := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(doneW)
		_, err := w2.AppendEvents(ctx, "", "X", 1, responded)
		errW <- err
	}()
	select {
	case <-doneW:
	case <-time.After(2 * time.Second):
	}
	if err := createB.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-errM; err != nil {
		t.Errorf("merge of [W', B, X']: %v; want nil", err)
	}
	appended := <-errW == nil
	got, err := m.Issue(ctx, "", "X")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got.Event(escalated.ID); !ok {
		t.Errorf("X after the merge lacks the merge's escalation: %v", got.Events())
	}
	if _, ok := got.Event(responded.ID); appended && !ok {
		t.Errorf("X lacks worker 2's acknowledged response: %v", got.Events())
	}
}

// TestFarEventTimeRefused: an event time that a feed got
// wrong by a factor of a million (a Unix time in microseconds read as
// seconds, some 54 million years ahead) is a valid time.Time, and the
// memory and file backends store it as given. PostgreSQL's timestamptz
// cannot hold it; pgx encodes it as microseconds since 2000 by
// multiplying the Unix seconds by 1,000,000, which overflows int64 and
// wraps to an instant the server accepts. CreateIssue succeeds and the
// issue reads back with another time.
//
// Expected (store.Store: "Instants come back equal (time.Time.Equal) to
// those stored"): the opening reads back at the instant written, or the
// create fails with an error wrapping store.ErrInvalid and nothing is
// stored.
func TestFarEventTimeRefused(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Quiet: true})
	far := time.Unix(1_700_000_000_000_000, 0).UTC()
	is := hypercare.Issue{ID: "FAR"}
	if err := is.Append(hypercare.Event{Type: hypercare.EventOpened, At: far, Severity: hypercare.Sev2, Kind: hypercare.Defect}); err != nil {
		t.Fatal(err)
	}
	err := s.CreateIssue(ctx, is)
	if err != nil {
		if !errors.Is(err, store.ErrInvalid) {
			t.Errorf("CreateIssue with an event at %v: %v; want nil or an error wrapping ErrInvalid", far, err)
		}
		return
	}
	got, err := s.Issue(ctx, "", "FAR")
	if err != nil {
		t.Fatal(err)
	}
	if at := got.Events()[0].At; !at.Equal(far) {
		t.Errorf("the opening at %v reads back at %v", far, at)
	}
}

// TestErrorsNameTheValue: the memory backend's errors for an
// ImportIssues that names a stored issue or a missing engagement, and for
// AddSamples with a date already stored, say which issue, engagement or
// sample (issue "INC-1" of engagement "erp"; engagement "nope"; the metric
// and the date). PostgreSQL's say only "an issue is already stored", "an
// engagement is not stored", "a sample is already stored": a caller with a
// batch of thousands cannot tell which value to fix.
//
// Expected (house rule: a clear error naming the value): each error
// names the value, as the memory backend's do.
func TestErrorsNameTheValue(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, Options{Quiet: true})
	if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: reviewAt, PlannedEnd: reviewAt.AddDate(0, 0, 28)}); err != nil {
		t.Fatal(err)
	}
	stored := reviewIssue(t, "INC-1")
	stored.Engagement = "erp"
	if err := s.CreateIssue(ctx, stored); err != nil {
		t.Fatal(err)
	}
	err := s.ImportIssues(ctx, []hypercare.Issue{{Engagement: "erp", ID: "INC-2"}, stored})
	if !errors.Is(err, store.ErrExists) || !strings.Contains(err.Error(), `"INC-1"`) {
		t.Errorf("import of a stored issue: %v; want ErrExists naming \"INC-1\"", err)
	}
	err = s.ImportIssues(ctx, []hypercare.Issue{{Engagement: "erp", ID: "INC-2"}, {Engagement: "nope", ID: "INC-3"}})
	if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("import into a missing engagement: %v; want ErrNotFound naming \"nope\"", err)
	}
	day := hypercare.Date{Year: 2026, Month: time.March, Day: 3}
	series := hypercare.Series{Metric: hypercare.AdoptionMetric{Kind: hypercare.LoginRate}, Samples: []hypercare.Sample{{Date: day, Value: 1, Base: 2}}}
	if err := s.AddSamples(ctx, "erp", series); err != nil {
		t.Fatal(err)
	}
	err = s.AddSamples(ctx, "erp", series)
	if !errors.Is(err, store.ErrExists) || !strings.Contains(err.Error(), day.String()) {
		t.Errorf("a sample stored again: %v; want ErrExists naming %s", err, day)
	}
}

// TestMigrateUpToDateWithoutCreatePrivilege: Migrate (and Open with
// Options.Migrate, and store.Open with migrate=true, as the package doc
// shows it) runs CREATE SCHEMA IF NOT EXISTS and CREATE TABLE IF NOT
// EXISTS before it reads the schema's version. PostgreSQL checks the
// privilege to create before it looks whether the object exists, so a
// role that may read and write the store's tables but not create schemas
// in the database — any role but the database's owner, by PostgreSQL's
// defaults — cannot open a store that is up to date with Migrate set:
// every worker fails at start with "permission denied for database".
//
// Expected (Migrate's doc: it "does nothing on a schema that is up to
// date"): with the schema migrated by its owner, a role granted USAGE on
// the schema and SELECT, INSERT, UPDATE, DELETE on its tables opens it
// with Migrate set, and Migrate returns nil.
func TestMigrateUpToDateWithoutCreatePrivilege(t *testing.T) {
	ctx := context.Background()
	owner := openTest(t, Options{Quiet: true}) // migrated
	const role = "hypercare_review_app"
	run := func(q string) {
		t.Helper()
		if _, err := owner.pool.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	schema := pgx.Identifier{owner.schema}.Sanitize()
	owner.pool.Exec(ctx, `DROP OWNED BY `+role) // a role left by an earlier run
	owner.pool.Exec(ctx, `DROP ROLE IF EXISTS `+role)
	run(`CREATE ROLE ` + role + ` LOGIN`)
	t.Cleanup(func() {
		owner.pool.Exec(ctx, `DROP OWNED BY `+role)
		owner.pool.Exec(ctx, `DROP ROLE IF EXISTS `+role)
	})
	run(`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + role)
	run(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + role)

	asApp := withParams(fastURL(), "user="+role)
	s, err := Open(ctx, asApp, Options{Schema: owner.schema, Quiet: true})
	if err != nil {
		t.Fatalf("Open without Migrate as %s: %v (the grants do not suffice: the test is wrong)", role, err)
	}
	s.Close()
	if err := Migrate(ctx, asApp, Options{Schema: owner.schema}); err != nil {
		t.Errorf("Migrate of an up-to-date schema as %s: %v; want nil", role, err)
	}
	s, err = Open(ctx, asApp, Options{Schema: owner.schema, Migrate: true, Quiet: true})
	if err != nil {
		t.Errorf("Open with Migrate of an up-to-date schema as %s: %v; want nil", role, err)
	} else {
		s.Close()
	}
}

// TestImportsInOtherOrders: ImportIssues copies a batch's
// issues in batch order, so two workers importing batches that share
// issues, listed in other orders, can each insert one and wait for the
// other's: PostgreSQL fails one import with SQLSTATE 40P01, returned as
// it is, where the store's contract has it fail with ErrExists.
//
// The interleaving, forced as in TestMergesCreatingInOtherOrders:
// with a create of Z in flight, worker B imports [Y, Z, X] and waits for
// Z; worker A imports [X, Y] and waits for Y; the create of Z is rolled
// back and B waits for X, held by A.
//
// Expected (store.Store.ImportIssues: all or none, ErrExists for an issue
// already stored; the memory backend serialises the two): one import
// succeeds, the other fails with ErrExists, and X and Y are stored once.
func TestImportsInOtherOrders(t *testing.T) {
	x, y, z := reviewIssue(t, "X"), reviewIssue(t, "Y"), reviewIssue(t, "Z")
	a, eb, ea := writeInOtherOrders(t, "review_import", x, y, z, func(s *Store, batch []hypercare.Issue) error {
		return s.ImportIssues(context.Background(), batch)
	})
	switch {
	case eb == nil && errors.Is(ea, store.ErrExists), ea == nil && errors.Is(eb, store.ErrExists):
	default:
		t.Errorf("imports [Y, Z, X] and [X, Y]: %v and %v; want one nil and the other ErrExists", eb, ea)
	}
	for _, want := range []hypercare.Issue{x, y} {
		if got, err := a.Issue(context.Background(), "", want.ID); err != nil || got.Version() != 1 {
			t.Errorf("issue %s after both imports: version %d, %v; want version 1", want.ID, got.Version(), err)
		}
	}
}
