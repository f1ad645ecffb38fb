package main

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
	"github.com/hypercare-go/hypercare/store/postgres/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

const (
	token     = "helpdesk-token"
	jsmSecret = "jira-webhook-secret"
)

// worker is one running helpdesk server.
type worker struct {
	cmd  *exec.Cmd
	base string   // http://host:port
	said []string // its standard output up to "listening on"
}

// start runs the built program with args and waits until it listens. It
// may run on another goroutine than the test's: it returns its failure.
func start(t *testing.T, bin string, args ...string) (*worker, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HYPERCARE_JSM_SECRET="+jsmSecret)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	// A server that hangs before saying where it listens is killed, which
	// closes its output and ends the wait.
	hung := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	defer hung.Stop()
	w := &worker{cmd: cmd}
	lines := bufio.NewScanner(out)
	for w.base == "" && lines.Scan() {
		w.said = append(w.said, lines.Text())
		if _, rest, ok := strings.Cut(lines.Text(), "listening on "); ok {
			w.base, _, _ = strings.Cut(rest, " ")
		}
	}
	if w.base == "" {
		return nil, fmt.Errorf("the helpdesk server never said where it listens (killed after a minute if it hung):\n%s", strings.Join(w.said, "\n"))
	}
	go io.Copy(io.Discard, out)
	return w, nil
}

// post sends body to path with the header and returns the status and body.
func (w *worker) post(t *testing.T, path, body string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, w.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return w.do(t, req)
}

func (w *worker) do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// stop sends SIGTERM and wants a clean exit.
func (w *worker) stop(t *testing.T) {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := w.cmd.Wait(); err != nil {
		t.Errorf("the helpdesk server after SIGTERM: %v", err)
	}
}

func hubSignature(secret, body string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Two helpdesk servers on one PostgreSQL schema, as workers behind a load
// balancer: they start together and create the engagement once; a ticket
// opened through one is updated through the other, a signed Jira webhook
// is taken and a badly signed one refused; each server sees the other's
// writes, and a fresh store.Open finds every acknowledged event once.
func TestWorkersOnPostgres(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "helpdesk")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	url := pgtest.SchemaURL(t)
	args := []string{"-addr", "127.0.0.1:0", "-store", url, "-engagement", "erp", "-token", token}
	type started struct {
		w   *worker
		err error
	}
	both := make(chan started, 2)
	for range 2 {
		go func() {
			w, err := start(t, bin, args...)
			both <- started{w, err}
		}()
	}
	var ws []*worker
	for range 2 {
		s := <-both
		if s.err != nil {
			t.Fatal(s.err)
		}
		ws = append(ws, s.w)
	}
	a, b := ws[0], ws[1]
	said := strings.Join(append(a.said, b.said...), "\n")
	if n := strings.Count(said, `created engagement "erp"`); n != 1 {
		t.Errorf("the workers created the engagement %d times, want once:\n%s", n, said)
	}
	if n := strings.Count(said, "store postgres://"); n != 2 {
		t.Errorf("%d workers say they serve a postgres:// store, want 2:\n%s", n, said)
	}

	ctx := context.Background()
	s, err := store.Open(ctx, strings.Replace(url, "migrate=true", "migrate=false", 1))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := s.Engagement(ctx, "erp")
	if err != nil {
		t.Fatalf("the engagement the workers created: %v", err)
	}
	// Instants between the go-live (today's start) and now: in the first
	// seconds of a day, wait until there is room for both.
	if early := 3*time.Second - time.Since(e.GoLive); early > 0 {
		time.Sleep(early)
	}
	opened := e.GoLive.Add(time.Since(e.GoLive) / 2).Truncate(time.Second)
	replied := opened.Add(time.Second)
	stamp := func(t time.Time) string { return t.Format(time.RFC3339) }
	bearer := []string{"Authorization", "Bearer " + token}

	created := fmt.Sprintf(`{"id":"T-1/1","event":"created","ticket":"T-1","at":%q,"priority":"high","type":"incident","title":"Invoices fail"}`, stamp(opened))
	if code, body := a.post(t, "/webhooks", created, bearer...); code != http.StatusCreated {
		t.Fatalf("worker A, POST /webhooks created: %d, want 201: %s", code, body)
	}
	reply := fmt.Sprintf(`{"id":"T-1/2","event":"replied","ticket":"T-1","at":%q,"agent":"ana"}`, stamp(replied))
	if code, body := b.post(t, "/webhooks", reply, bearer...); code != http.StatusOK {
		t.Fatalf("worker B, POST /webhooks replied: %d, want 200: %s", code, body)
	}
	// The same delivery again, to the other worker: acknowledged, not doubled.
	if code, body := a.post(t, "/webhooks", reply, bearer...); code != http.StatusOK {
		t.Fatalf("worker A, the reply again: %d, want 200: %s", code, body)
	}
	jira := fmt.Sprintf(`{"timestamp": %d, "webhookEvent": "jira:issue_created", "user": {"accountId": "alice-acct"},
  "issue": {"key": "HD-11", "fields": {"summary": "Payroll run fails", "created": %q,
    "status": {"name": "Waiting for support"}, "priority": {"name": "Highest"}, "issuetype": {"name": "Incident"},
    "reporter": {"accountId": "alice-acct"}}}}`, opened.UnixMilli(), opened.Format("2006-01-02T15:04:05.000-0700"))
	if code, body := b.post(t, "/hooks/jsm", jira, "X-Hub-Signature", hubSignature("another secret", jira)); code != http.StatusUnauthorized {
		t.Errorf("worker B, a Jira webhook signed with another secret: %d, want 401: %s", code, body)
	}
	if code, body := b.post(t, "/hooks/jsm", jira, "X-Hub-Signature", hubSignature(jsmSecret, jira)); code != http.StatusOK && code != http.StatusCreated {
		t.Fatalf("worker B, a signed Jira webhook: %d, want it taken: %s", code, body)
	}

	// Worker A reads what B wrote.
	req, _ := http.NewRequest(http.MethodGet, a.base+"/issues/T-1", nil)
	code, body := a.do(t, req)
	var seen hypercare.Issue
	if code != http.StatusOK || json.Unmarshal([]byte(body), &seen) != nil || len(seen.Events()) != 2 {
		t.Errorf("worker A, GET /issues/T-1: %d, want the 2 events written through A and B:\n%s", code, body)
	}
	a.stop(t)
	b.stop(t)

	// A process of its own, after the workers are gone.
	is, err := s.Issue(ctx, "erp", "T-1")
	if err != nil {
		t.Fatalf("T-1 in PostgreSQL: %v", err)
	}
	var types []hypercare.EventType
	for _, ev := range is.Events() {
		types = append(types, ev.Type)
	}
	if len(types) != 2 || types[0] != hypercare.EventOpened || types[1] != hypercare.EventResponded {
		t.Errorf("T-1's events in PostgreSQL: %v, want opened then responded, once each", types)
	}
	if st := is.StateAt(replied); st.Severity != hypercare.Sev2 || st.Responded.IsZero() {
		t.Errorf("T-1 after the reply: %s, responded %v; want Sev2 and responded", st.Severity, st.Responded)
	}
	hd, err := s.Issue(ctx, "erp", "HD-11")
	if err != nil {
		t.Fatalf("the signed Jira webhook's issue in PostgreSQL: %v", err)
	}
	if st := hd.StateAt(replied); st.Severity != hypercare.Sev1 || hd.Title != "Payroll run fails" {
		t.Errorf("HD-11: %s %q, want Sev1 \"Payroll run fails\"", st.Severity, hd.Title)
	}
}
