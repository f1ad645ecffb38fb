// Package pgtest gives the tests of this module's programs (examples/...,
// cmd/...) a PostgreSQL server: the one $HYPERCARE_PG_URL names, or a
// throwaway cluster that Main starts (initdb and pg_ctl on a temporary
// directory, listening only on a Unix socket there) and removes at the end.
// With neither, the tests FAIL, they do not skip. The package's own tests
// (store/postgres/main_test.go) start their server with StartCluster too.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
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

// URLEnv names the variable that points the tests at a server of your own:
// a postgres:// URL, or a key=value string, of a database the tests may
// create schemas in.
const URLEnv = "HYPERCARE_PG_URL"

var (
	server  string // the server's postgres:// URL, set by Main
	mu      sync.Mutex
	schemas []string // the schemas SchemaURL handed out, dropped by Main
)

// Main is a TestMain: it finds or starts the server, runs the tests, drops
// the schemas they used, stops a cluster it started, and exits with the
// tests' code — 1, saying why, when there is no server.
func Main(m *testing.M) {
	conn := os.Getenv(URLEnv)
	stop := func() {}
	if conn == "" {
		var err error
		if conn, stop, err = StartCluster(); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: no PostgreSQL for the tests: %v\n"+
				"Set %s to a database the tests may use, or install the server binaries "+
				"(Debian: apt-get install postgresql; or run .ci/postgres.sh).\n", err, URLEnv)
			os.Exit(1)
		}
	}
	var err error
	if server, err = AsURL(conn); err == nil {
		err = Ping(server)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: the PostgreSQL server of the tests (%s, or the throwaway cluster when unset): %v\n", URLEnv, err)
		stop()
		os.Exit(1)
	}
	code := m.Run()
	dropSchemas()
	stop()
	os.Exit(code)
}

// SchemaURL returns a postgres:// URL, as store.Open takes it, of a new
// schema on the tests' server, with migrate=true: the first store.Open
// creates its tables. Main drops the schema at the end.
func SchemaURL(t testing.TB) string {
	t.Helper()
	if server == "" {
		t.Fatal("pgtest: no server: call pgtest.Main from TestMain")
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	s := "hypercare_test_" + hex.EncodeToString(b)
	mu.Lock()
	schemas = append(schemas, s)
	mu.Unlock()
	sep := "?"
	if strings.Contains(server, "?") {
		sep = "&"
	}
	return server + sep + "schema=" + s + "&migrate=true"
}

// AsURL returns the connection string conn as a postgres:// URL, the form
// store.Open takes: itself if it is one, else its key=value pairs as query
// parameters. It fails, naming conn, if a value is quoted or escaped.
func AsURL(conn string) (string, error) {
	if strings.Contains(conn, "://") {
		return conn, nil
	}
	q := url.Values{}
	for _, kv := range strings.Fields(conn) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.ContainsAny(v, `'\`) {
			return "", fmt.Errorf("cannot turn %q into a URL: write %s as a postgres:// URL", conn, URLEnv)
		}
		q.Set(k, v)
	}
	return "postgres:///?" + q.Encode(), nil
}

// Ping connects to the server at url (a URL or key=value string) once,
// within 30 seconds.
func Ping(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// dropSchemas drops the schemas the tests used, which matters on a server
// of your own.
func dropSchemas() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	for _, s := range schemas {
		conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{s}.Sanitize()+" CASCADE")
	}
}

// serverBin returns the directory of initdb and pg_ctl: the newest under
// /usr/lib/postgresql (Debian), or pg_ctl's on PATH.
func serverBin() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(bin string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
		return n
	}
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

// StartCluster runs initdb and pg_ctl on a new temporary directory, the
// server listening only on a Unix socket there (200 connections, 256 MB of
// shared buffers), and returns its key=value connection string and a
// function that stops it and removes the directory. As root it runs them
// as the user postgres (or nobody): PostgreSQL refuses root.
func StartCluster() (conn string, stop func(), err error) {
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
	stop = func() {
		if err := run("pg_ctl", "-D", data, "-m", "fast", "-w", "stop"); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.RemoveAll(dir)
	}
	return fmt.Sprintf("host=%s port=5432 user=postgres dbname=postgres sslmode=disable", dir), stop, nil
}
