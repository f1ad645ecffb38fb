// Package postgres is a store.Store on PostgreSQL, for the deployments that
// outgrow one process on one machine: several webhook workers behind a load
// balancer, a report server and a nightly export, all on one hypercare.
// It lives in a module of its own (github.com/hypercare-go/hypercare/store/postgres)
// so that the hypercare module keeps its three dependencies; it uses
// github.com/jackc/pgx/v5 and its connection pool.
//
// # Usage
//
// Create the tables once (or open with Options.Migrate), then open the
// store wherever it is needed:
//
//	ctx := context.Background()
//	url := "postgres://hypercare@db.example.com/helpdesk"
//	if err := postgres.Migrate(ctx, url, postgres.Options{}); err != nil {
//		log.Fatal(err)
//	}
//	s, err := postgres.Open(ctx, url, postgres.Options{})
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer s.Close()
//	// s is a store.Store: use it as the file store.
//	is, err := s.AppendEvents(ctx, "erp", "INC-7", version, event)
//	if errors.Is(err, store.ErrConflict) {
//		// another worker, maybe in another process, wrote first: read and retry
//	}
//
// Importing the package also registers the URL schemes postgres and
// postgresql with store.Open, so that a program that takes its store as one
// string (a flag, a config file) opens PostgreSQL as it opens a directory:
//
//	import _ "github.com/hypercare-go/hypercare/store/postgres"
//	...
//	s, err := store.Open(ctx, "postgres://hypercare@db.example.com/helpdesk?schema=erp&migrate=true")
//
// There the query parameters schema and migrate are Options.Schema and
// Options.Migrate (true or false), removed before the URL goes to Open;
// the rest are pgx's. The hypercare command built with this package,
// github.com/hypercare-go/hypercare/store/postgres/cmd/hypercare, takes
// such a URL as its -store.
//
// The connection string is anything pgxpool.ParseConfig reads (a URL or
// key=value pairs, PG* environment variables, pool settings such as
// pool_max_conns). Size the pool for the concurrent callers: pgxpool's
// default is max(4, number of CPUs) connections.
//
// A report server learns about writes without polling through Watch:
//
//	changes, err := s.Watch(ctx)
//	for c := range changes {
//		// c.Kind, c.Engagement, c.Issue, c.Version: re-read what changed
//	}
//
// # Guarantees
//
// Everything store.Store promises holds here, checked by the same
// conformance suite (storetest.Run) as the memory and file backends; every
// write is validated by the store package's contract functions
// (store.EncodeEngagement, store.WithEvents, ...). Between processes:
//
//   - An issue's version (Issue.Version: the events on its timeline and
//     held) is checked in the statement that writes: AppendEvents inserts
//     the events with store.WithEvents into the issue as this store last
//     wrote or read it (or reads it), then updates the issue WHERE it is
//     still that issue (its uid) at that version. Events that only add
//     rows after the stored ones — in time order, nothing held — are
//     inserted in the same statement, at positions version+1...; an event
//     that lands earlier, or changes what is held, rewrites the rows after
//     the last one that stays, in one transaction. The primary key
//     (engagement, issue, seq) of the event rows and the unique index on
//     their source IDs make a second writer fail as well. A lost race is
//     store.ErrConflict, never a lost or doubled event, and any refusal is
//     decided on the issue as stored. Appending to the issue a store last
//     wrote takes one round trip.
//   - MergeIssues runs in one transaction, all or none: it locks the stored
//     issues of the batch (SELECT ... FOR UPDATE) and their engagements,
//     merges with store.MergeIssue and writes only the issues that changed.
//     If another writer creates an issue of the batch meanwhile, it starts
//     again (up to five times).
//   - DeleteIssue deletes in one statement WHERE the issue is at the
//     version; PurgeEngagement deletes the engagement row, and the rest
//     goes with it (see Tables).
//   - AddSignOff locks the engagement row, so that it validates against
//     the engagement as stored and an identical sign-off is stored once.
//   - ImportIssues copies issues and events in with COPY in one
//     transaction: all or none.
//   - A write is acknowledged after its transaction committed; with
//     PostgreSQL's default synchronous_commit = on that means flushed to
//     the server's disk.
//   - Listings see one snapshot: each reads in one statement, except
//     Issues, which reads the issues and then their events as two
//     statements in one read-only REPEATABLE READ transaction.
//
// Close waits for the calls under way and closes the pool. ErrLocked and
// ErrTooLarge are never returned: any number of stores may share a schema.
//
// # Schema and migrations
//
// The tables live in one PostgreSQL schema, "hypercare" unless
// Options.Schema says otherwise; the store sets search_path to it. Their
// definitions are embedded in the module (migrations/NNNN_name.sql) and
// applied in order by Migrate, or by Open with Options.Migrate, each
// recorded in the table schema_version (version, applied_at). Migrating
// is safe from several processes at once. A schema behind this code, or
// ahead of it (migrated by a newer release), makes Open fail with
// ErrSchemaVersion; a newer schema is never touched.
//
// # Tables
//
// The tables are meant to be read by people too: grant a reporting analyst
// SELECT on them. Times are timestamptz; an issue's timeline is one row per
// event with typed columns. Deleting an engagement deletes everything that
// belongs to it (sign-offs, samples and rosters by foreign keys ON DELETE
// CASCADE, issues by a statement trigger), and deleting an issue deletes
// its events (a statement trigger too). Issues and events have no foreign
// key, whose check on every row made most of the server's work of an
// import; the writes that create issues lock their engagements FOR KEY
// SHARE instead, as that check did, so a purge waits for them.
//
//	engagements  id (primary key), name, location (IANA zone), go_live,
//	             planned_end, doc (json: the whole engagement as
//	             store.EncodeEngagement encodes it; read this, not the
//	             columns, to get an Engagement back)
//	issues       engagement ('' for an issue of no engagement), id, uid (a
//	             number for this incarnation of the key), title,
//	             workaround, fix_expected (NULL if unknown), updated (when
//	             the source last changed those fields, Issue.Updated; NULL
//	             for none), version (the number of events, on the timeline
//	             and held), and the state after the last timeline event,
//	             derived: status (open, paused, resolved; NULL before the
//	             opening), severity (1 = Sev1), kind, team, opened_at,
//	             resolved_at. Primary key (engagement, id).
//	events       engagement, issue, seq (1 for the first event), type
//	             (opened, responded, reclassified, paused, resumed, assigned,
//	             escalated, resolved, reopened), at, severity, kind, team,
//	             person, reason (NULL when the event has none), source_id
//	             (the event's ID at its source, Event.ID; NULL for none),
//	             held (true for an event the timeline cannot place yet),
//	             held_reason (why, when held). The rows of an issue are its
//	             timeline in order, then its held events in time order.
//	             Primary key (engagement, issue, seq); source_id is unique
//	             within an issue; deleted with their issue.
//	sign_offs    engagement, seq (the order they were added), by_person,
//	             role, at, note, doc (json).
//	samples      engagement, metric_kind (login-rate, active-rate,
//	             feature-use), metric_name, dimension, segment ('' and ''
//	             for all users), day (date), value, base (double precision,
//	             as hypercare.Sample keeps them). Primary key: all but value
//	             and base.
//	rosters      engagement, name, doc (json: the roster). Primary key
//	             (engagement, name).
//	schema_version  version, applied_at.
//
// Names of enums (types, kinds, teams, statuses, roles, metric kinds) are
// their String values, so the rows read as the JSON does. Two details keep
// the rows exact: timestamptz holds microseconds, so the nanoseconds below
// them are in the smallint columns at_ns, fix_expected_ns and updated_ns (0 for
// times from any helpdesk); and a string that PostgreSQL's text cannot hold
// (a NUL byte, invalid UTF-8) is stored with each such byte escaped as
// U+FFFF followed by two hex digits (U+FFFF itself too), which no text
// written by people contains.
//
// Decimals of the domain (exit thresholds) live in the engagement's JSON;
// adoption values are float64 in the domain and double precision here, so
// they come back bit for bit.
//
// # Change feed
//
// After each write commits, the store that made it (unless Quiet) sends a
// NOTIFY on the channel "hypercare.<schema>" with a small JSON payload
// naming what changed (a store.Change); Watch listens on that channel, so a
// report server or a second worker learns of every write by any process
// without polling. The notifications go out from one connection per store,
// batched, with synchronous_commit off: after a write commits, its store
// waits about 5 ms for more writes of its own (from concurrent callers)
// and sends all their notifications in one transaction, so a change
// reaches watchers that much later, and concurrent writers cost the server
// one notifying transaction per batch rather than one each. Sending them
// inside the writes' transactions would be exact but slow: PostgreSQL
// holds a server-wide lock from a notifying transaction's commit until it
// is done, flush included, which serialised eight concurrent writers to
// the speed of one. The price: a process that dies between a commit and
// its notification takes the notification with it. A batch the server
// refuses is sent again, for about a second (a lost connection is
// replaced), then dropped. A notification is a
// hint to re-read, and a watcher that starts or restarts reads everything
// it keeps first.
//
// Watch is the store package's optional capability store.Watcher, which
// the memory and file backends implement in process: code that accepts any
// store.Store tests for it with a type assertion.
//
// # Tests
//
// The tests need a PostgreSQL server. With HYPERCARE_PG_URL set they use it
// (creating and dropping schemas named hypercare_test_*); without it they
// start a throwaway cluster with initdb and pg_ctl on a temporary directory,
// listening only on a Unix socket there (as user postgres when run as
// root), and remove it at the end. With neither, they fail. From the
// repository root:
//
//	.ci/postgres.sh   # installs Debian's postgresql package if the binaries are missing
//	cd store/postgres && go test ./...
//
// bench/pgbench.sh runs the benchmarks next to pgbench on one throwaway
// cluster.
package postgres
