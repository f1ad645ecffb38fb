package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The migrations, applied in order: migrations/NNNN_name.sql brings the
// schema to version NNNN. A released migration is never edited; a change
// is a new file.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order, numbered 1,
// 2, 3... without gaps.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", n)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %d", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the schema version this code reads and writes: the
// number of its embedded migrations (a test checks they agree).
const SchemaVersion = 3

// versionTable creates the table of applied migrations: one row per
// version, with when it was applied.
const versionTable = `CREATE TABLE IF NOT EXISTS schema_version (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
)`

// migrate applies the missing migrations, each in its own transaction,
// under an advisory lock named for the schema so that concurrent migrators
// take turns.
func migrate(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	// An up-to-date schema needs nothing, not even the privilege to create
	// a schema, which PostgreSQL checks before it reads IF NOT EXISTS: a
	// role that may only use the tables opens it with Migrate set.
	if have, err := schemaVersion(ctx, pool, schema); err == nil && have >= SchemaVersion {
		if have > SchemaVersion {
			return tooNew(have)
		}
		return nil
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('hypercare migrate ' || $1))`, schema); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+pgx.Identifier{schema}.Sanitize()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, versionTable); err != nil {
			return err
		}
		have, err := currentVersion(ctx, tx)
		if err != nil {
			return err
		}
		if have > SchemaVersion {
			return tooNew(have)
		}
		for _, m := range ms[have:] {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, m.version); err != nil {
				return err
			}
		}
		return nil
	})
}

func currentVersion(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (int, error) {
	var v int
	err := q.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&v)
	return v, err
}

// schemaVersion returns the version of the schema: 0 if it has no
// table of versions.
func schemaVersion(ctx context.Context, pool *pgxpool.Pool, schema string) (int, error) {
	var exists bool
	if err := pool.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, pgx.Identifier{schema, "schema_version"}.Sanitize()).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	return currentVersion(ctx, pool)
}

func tooNew(have int) error {
	return fmt.Errorf("%w: the schema is at version %d, newer than version %d that this code knows: upgrade github.com/hypercare-go/hypercare/store/postgres", ErrSchemaVersion, have, SchemaVersion)
}

// checkVersion fails with ErrSchemaVersion unless the schema is at
// SchemaVersion.
func checkVersion(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	have, err := schemaVersion(ctx, pool, schema)
	if err != nil {
		return err
	}
	switch {
	case have > SchemaVersion:
		return tooNew(have)
	case have < SchemaVersion:
		return fmt.Errorf("%w: the schema is at version %d, this code needs version %d: run postgres.Migrate or open with Options.Migrate", ErrSchemaVersion, have, SchemaVersion)
	}
	return nil
}
