package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
	"github.com/hypercare-go/hypercare/store/postgres/internal/pgtest"
)

// asURL returns the tests' server as a postgres:// URL, which is what
// store.Open takes.
func asURL(t testing.TB, conn string) string {
	t.Helper()
	u, err := pgtest.AsURL(conn)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestStoreOpen: importing the package registers postgres:// and
// postgresql:// with store.Open, whose query parameters schema and migrate
// are the store's.
func TestStoreOpen(t *testing.T) {
	ctx := context.Background()
	base := asURL(t, fastURL())
	schema := testSchema(t.TempDir())
	with := func(params string) string { return base + "&" + params }

	// A fresh schema without migrate=true is behind: ErrSchemaVersion.
	if _, err := store.Open(ctx, with("schema="+schema)); !errors.Is(err, ErrSchemaVersion) {
		t.Fatalf("Open of an unmigrated schema: got %v, want ErrSchemaVersion", err)
	}
	s, err := store.Open(ctx, with("schema="+schema+"&migrate=true"))
	if err != nil {
		t.Fatalf("Open with migrate=true: %v", err)
	}
	if _, ok := s.(*Store); !ok {
		t.Fatalf("Open: got a %T, want a *postgres.Store", s)
	}
	e := hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: mpStart, PlannedEnd: mpStart.AddDate(0, 0, 28)}
	if err := s.CreateEngagement(ctx, e); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The same schema, by the other scheme, without migrating: it is there.
	again, err := store.Open(ctx, "postgresql"+strings.TrimPrefix(with("schema="+schema+"&migrate=false"), "postgres"))
	if err != nil {
		t.Fatalf("Open again: %v", err)
	}
	defer again.Close()
	if _, err := again.Engagement(ctx, "erp"); err != nil {
		t.Errorf("the engagement written through the first Open: %v", err)
	}

	for _, tc := range []struct {
		name, target string
		msg          string
	}{
		{name: "bad migrate", target: with("migrate=soon"), msg: `migrate="soon"`},
		{name: "bad schema", target: with("schema=Bad-Name"), msg: `schema "Bad-Name"`},
		{name: "URL that does not parse", target: "postgres://ana:s3cret@db.example.com:port/x", msg: "does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := store.Open(ctx, tc.target)
			if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("Open(%q): got %v, want ErrInvalid saying %s", tc.target, err, tc.msg)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}
