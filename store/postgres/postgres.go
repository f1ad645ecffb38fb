package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// ErrSchemaVersion: the database schema is not at the version this code
// needs. Behind: run Migrate (or open with Options.Migrate). Ahead: a newer
// release of this package migrated it, and this one must not touch it.
var ErrSchemaVersion = errors.New("postgres: schema version mismatch")

// Options are the choices of Open and Migrate. The zero value is the
// default: schema "hypercare", no migration on open, writes notify.
type Options struct {
	// Schema is the PostgreSQL schema that holds the tables: a lower-case
	// SQL identifier ([a-z_][a-z0-9_]*, at most 63 bytes). "" is
	// "hypercare". Stores on different schemas of one database are
	// independent.
	Schema string
	// Migrate makes Open bring the schema to the version this code knows
	// (as Migrate does) before it checks it. Without it, Open fails with
	// ErrSchemaVersion on a schema that is behind.
	Migrate bool
	// Quiet makes this store's writes send no notification, so watchers
	// (Store.Watch) do not learn of them, and saves the connection that
	// sends them. Set it only where nothing watches (a nightly import, a
	// benchmark), and then on every writer.
	Quiet bool
}

var identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

func (o Options) schema() (string, error) {
	s := o.Schema
	if s == "" {
		s = "hypercare"
	}
	if !identifier.MatchString(s) {
		return "", fmt.Errorf("%w: schema %q is not a lower-case SQL identifier", store.ErrInvalid, s)
	}
	return s, nil
}

// Store is a store.Store on a PostgreSQL database, shared by any number of
// processes: optimistic versions are checked by the database in the same
// statement that writes, so writers in different processes never lose an
// update. It is safe for concurrent use.
//
// Beyond store.Store it offers Watch, a feed of the changes every store on
// the same schema commits.
type Store struct {
	pool    *pgxpool.Pool
	schema  string
	watchCh string // the NOTIFY channel

	// notices queues the changes of committed writes for the notifier
	// goroutine, which closes notified when it is done; nil when Quiet.
	notices  chan store.Change
	notified chan struct{}
	channel  string

	cache issueCache

	mu     sync.RWMutex // held for reading by every call; Close takes it to write
	closed bool

	stopped context.Context // done when Close begins: watchers stop
	stop    context.CancelFunc
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at connString (a PostgreSQL URL or
// key=value string, as pgxpool.ParseConfig reads it, so pool settings such
// as pool_max_conns=16 go there too) and returns the store kept in
// opts.Schema. It fails with ErrSchemaVersion unless the schema is at the
// version this code knows (see Options.Migrate and Migrate), and with
// store.ErrInvalid for a bad schema name. Open pings the server: an
// unreachable server is an error now, not at the first call.
func Open(ctx context.Context, connString string, opts Options) (*Store, error) {
	schema, err := opts.schema()
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	pool, err := connect(ctx, connString, schema, nil)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if opts.Migrate {
		err = migrate(ctx, pool, schema)
	} else {
		err = checkVersion(ctx, pool, schema)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open schema %q: %w", schema, err)
	}
	s := &Store{pool: pool, schema: schema, watchCh: "hypercare." + schema}
	s.stopped, s.stop = context.WithCancel(context.Background())
	if !opts.Quiet {
		np, err := connect(ctx, connString, schema, func(cfg *pgxpool.Config) {
			cfg.MaxConns = 1
			cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "off"
		})
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("postgres: open: %w", err)
		}
		s.channel, s.notices, s.notified = s.watchCh, make(chan store.Change, 1024), make(chan struct{})
		go s.notifier(np)
	}
	return s, nil
}

// Migrate brings the schema opts.Schema of the database at connString to the
// version this code knows, creating the schema and its tables if need be.
// It is safe to run from several processes at once (they take turns) and
// does nothing on a schema that is up to date. It fails with
// ErrSchemaVersion on a schema newer than this code.
func Migrate(ctx context.Context, connString string, opts Options) error {
	schema, err := opts.schema()
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	pool, err := connect(ctx, connString, schema, nil)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer pool.Close()
	if err := migrate(ctx, pool, schema); err != nil {
		return fmt.Errorf("postgres: migrate schema %q: %w", schema, err)
	}
	return nil
}

// connect opens a pool on connString whose connections use schema, with
// tweak (if not nil) applied to its configuration, and pings the server.
func connect(ctx context.Context, connString, schema string, tweak func(*pgxpool.Config)) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	if tweak != nil {
		tweak(cfg)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// Close implements store.Store.Close: it waits for the calls under way and
// closes the connections. Watch channels close too.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return store.ErrClosed
	}
	s.closed = true
	s.stop()
	if s.notices != nil {
		close(s.notices) // no write is under way: none can announce
		<-s.notified
	}
	s.pool.Close()
	return nil
}

// begin starts a call: it returns ctx.Err() or ErrClosed, or a function
// that ends the call. Close waits for calls that began.
func (s *Store) begin(ctx context.Context) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, store.ErrClosed
	}
	return s.mu.RUnlock, nil
}

// Pool returns the connection pool, for a program that wants to run its own
// queries on the same database (reports, say). Writing to the store's
// tables through it bypasses the store's rules.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// pgCode returns the SQLSTATE of err, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

const (
	uniqueViolation     = "23505"
	foreignKeyViolation = "23503"
	deadlockDetected    = "40P01"
)

// compareKeys orders issues by key, engagement then ID, as PostgreSQL
// orders the text columns (collation "C", byte order) in ORDER BY
// engagement, id.
func compareKeys(a, b *hypercare.Issue) int {
	return cmp.Or(strings.Compare(toText(string(a.Engagement)), toText(string(b.Engagement))),
		strings.Compare(toText(string(a.ID)), toText(string(b.ID))))
}

// inTx runs fn in a transaction, committed if fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}
