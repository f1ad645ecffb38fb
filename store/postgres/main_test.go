package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare/store/postgres/internal/pgtest"
	"github.com/jackc/pgx/v5"
)

// urlEnv names the variable that points the tests at a server of your own
// (a URL or key=value string for a database the tests may create schemas
// in). Unset, the tests start a throwaway cluster.
const urlEnv = pgtest.URLEnv

// serverURL is the server the tests use.
var serverURL string

func TestMain(m *testing.M) {
	serverURL = os.Getenv(urlEnv)
	stop := func() {}
	if serverURL == "" {
		var err error
		serverURL, stop, err = pgtest.StartCluster()
		if err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: no PostgreSQL for the tests: %v\n"+
				"Set %s to a database the tests may use, or install the server binaries "+
				"(Debian: apt-get install postgresql; or run .ci/postgres.sh).\n", err, urlEnv)
			os.Exit(1)
		}
	}
	if err := pgtest.Ping(serverURL); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: cannot reach the PostgreSQL server of the tests (%s, or the throwaway cluster when unset): %v\n", urlEnv, err)
		stop()
		os.Exit(1)
	}
	code := m.Run()
	dropTestSchemas()
	stop()
	os.Exit(code)
}

var (
	schemasMu sync.Mutex
	schemas   = map[string]bool{}
)

// testSchema returns the schema of the store the tests keep "in" dir: the
// same for the same dir, so reopening finds what was written.
func testSchema(dir string) string {
	sum := sha256.Sum256([]byte(dir))
	s := "hypercare_test_" + hex.EncodeToString(sum[:8])
	schemasMu.Lock()
	schemas[s] = true
	schemasMu.Unlock()
	return s
}

// dropTestSchemas drops the schemas the tests made, which matters on a
// server of your own.
func dropTestSchemas() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	for s := range schemas {
		conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{s}.Sanitize()+" CASCADE")
	}
}

// fastURL is serverURL with commits that do not wait for the disk: for
// the conformance tests, which check semantics, not durability against
// power loss (a server crash still loses nothing that was acknowledged
// only if synchronous_commit is on; the benchmarks keep it on).
func fastURL() string { return withParams(serverURL, "synchronous_commit=off") }

// withParams returns the connection string url with the key=value
// parameters added, in URL or key=value form as url is.
func withParams(url string, params ...string) string {
	for _, p := range params {
		switch {
		case !strings.Contains(url, "://"):
			url += " " + p
		case strings.Contains(url, "?"):
			url += "&" + p
		default:
			url += "?" + p
		}
	}
	return url
}

// openTest opens a migrated store on a fresh schema, closed at the end.
func openTest(t testing.TB, opts Options) *Store {
	t.Helper()
	if opts.Schema == "" {
		opts.Schema = testSchema(t.TempDir())
	}
	opts.Migrate = true
	s, err := Open(context.Background(), fastURL(), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
