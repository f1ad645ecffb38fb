package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// urlEnv names the variable that points the tests at a server of your own
// (a URL or key=value string for a database the tests may create schemas
// in). Unset, the tests start a throwaway cluster.
const urlEnv = "HYPERCARE_PG_URL"

// serverURL is the server the tests use.
var serverURL string

func TestMain(m *testing.M) {
	serverURL = os.Getenv(urlEnv)
	stop := func() {}
	if serverURL == "" {
		var err error
		serverURL, stop, err = startCluster()
		if err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: no PostgreSQL for the tests: %v\n"+
				"Set %s to a database the tests may use, or install the server binaries "+
				"(Debian: apt-get install postgresql; or run .ci/postgres.sh).\n", err, urlEnv)
			os.Exit(1)
		}
	}
	if err := ping(serverURL); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: cannot reach the PostgreSQL server of the tests (%s, or the throwaway cluster when unset): %v\n", urlEnv, err)
		stop()
		os.Exit(1)
	}
	code := m.Run()
	dropTestSchemas()
	stop()
	os.Exit(code)
}

// ping connects to url once.
func ping(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// serverBin returns the directory of initdb, pg_ctl and postgres: the
// newest under /usr/lib/postgresql (Debian), or initdb's on PATH.
func serverBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	p, err := exec.LookPath("pg_ctl")
	if err != nil {
		return "", fmt.Errorf("no pg_ctl in /usr/lib/postgresql/*/bin or on PATH")
	}
	p, _ = filepath.EvalSymlinks(p)
	return filepath.Dir(p), nil
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// startCluster runs initdb and pg_ctl on a new temporary directory, the
// server listening only on a Unix socket there, and returns its connection
// string and a function that stops it and removes the directory. As root
// it runs them as the user postgres (or nobody): PostgreSQL refuses root.
func startCluster() (string, func(), error) {
	bin, err := serverBin()
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "hypercare-pg-")
	if err != nil {
		return "", nil, err
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			u, err = user.Lookup("nobody")
		}
		if err != nil {
			os.RemoveAll(dir)
			return "", nil, fmt.Errorf("running as root and no user postgres or nobody to run the server as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return "", nil, err
		}
	}
	run := func(name string, args ...string) error {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C", "TZ=UTC")
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s %v: %w\n%s", name, args, err, out)
		}
		return nil
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c max_connections=200 -c shared_buffers=256MB", dir)
	if err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	stop := func() {
		if err := run("pg_ctl", "-D", data, "-m", "fast", "-w", "stop"); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.RemoveAll(dir)
	}
	return fmt.Sprintf("host=%s port=5432 user=postgres dbname=postgres sslmode=disable", dir), stop, nil
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
