package helpdesk

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// run serves on the store -store names: a webhook it acknowledged is in the
// directory when the store is opened afresh after the shutdown.
func TestRunStore(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	newFixture(t, s) // the engagement, going live in June, which run leaves alone
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, options{addr: "127.0.0.1:0", store: dir, eng: engID, zone: "Europe/Berlin",
			hours: "Mon-Fri 09:00-17:00", auth: Auth{Token: "s3cret"}}, pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	for base == "" && lines.Scan() {
		if _, rest, ok := strings.Cut(lines.Text(), "listening on "); ok {
			base, _, _ = strings.Cut(rest, " ")
			if want := "store " + dir + ")"; !strings.HasSuffix(rest, want) {
				t.Errorf("the listening line %q does not end in %q", lines.Text(), want)
			}
		}
	}
	if base == "" {
		t.Fatalf("run never said where it listens: %v", <-done)
	}
	go io.Copy(io.Discard, pr)
	req, _ := http.NewRequest("POST", base+"/webhooks", strings.NewReader(hook("created", "T-1", at(1, 10, 0), "priority", "high", "type", "incident", "title", "Invoices fail")))
	req.Header.Set("Authorization", "Bearer s3cret")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /webhooks: %s, want 201 Created: %s", res.Status, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run after the shutdown: %v", err)
	}
	s, err = store.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	is, err := s.Issue(context.Background(), engID, "T-1")
	if err != nil {
		t.Fatalf("the acknowledged webhook's issue: %v", err)
	}
	if got := is.StateAt(june(1, 11, 0)); got.Severity != hypercare.Sev2 || is.Title != "Invoices fail" {
		t.Errorf("T-1 at 11:00: got %s %q, want Sev2 \"Invoices fail\"", got.Severity, is.Title)
	}
}

// createdFirst is a store in which another process creates every
// engagement between ensureEngagement's look and its write.
type createdFirst struct{ store.Store }

func (createdFirst) Engagement(context.Context, hypercare.EngagementID) (hypercare.Engagement, error) {
	return hypercare.Engagement{}, store.ErrNotFound
}

func (createdFirst) CreateEngagement(context.Context, hypercare.Engagement) error {
	return store.ErrExists
}

// Workers sharing a store start together: the one that finds the
// engagement created under it goes on, saying nothing.
func TestEnsureEngagementRace(t *testing.T) {
	var out bytes.Buffer
	if err := ensureEngagement(context.Background(), &out, createdFirst{store.NewMemory()}, "erp", "Europe/Berlin", "Mon-Fri 09:00-17:00"); err != nil {
		t.Errorf("ensureEngagement when another worker created it first: %v", err)
	}
	if out.Len() > 0 {
		t.Errorf("ensureEngagement says it created what another worker did: %s", out.String())
	}
}

// Main: the flags and exit codes, and a store URL's password never shown.
func TestMainFlags(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		inErr    string
		notInErr string
	}{
		{name: "help", args: []string{"-h"}, code: 0, inErr: "usage: go run ./examples/helpdesk [-addr ADDR] [-store"},
		{name: "unknown flag", args: []string{"-stroe", "x"}, code: 2, inErr: "flag provided but not defined: -stroe"},
		{name: "an argument", args: []string{"memory:"}, code: 2, inErr: `unexpected argument "memory:"`},
		{name: "-dir and -store differ", args: []string{"-dir", "a", "-store", "postgres://ana:s3cret@db/x"}, code: 2,
			inErr: "-dir a and -store postgres://ana:xxxxx@db/x: give one", notInErr: "s3cret"},
		{name: "backend not linked in", args: []string{"-addr", "127.0.0.1:0", "-token", "t", "-store", "postgres://ana:s3cret@db/x"}, code: 1,
			inErr: "cd store/postgres && go run ./examples/helpdesk", notInErr: "s3cret"},
		{name: "bad hours", args: []string{"-addr", "127.0.0.1:0", "-token", "t", "-store", "memory:", "-hours", "Mon-Fri 9-17"}, code: 1,
			inErr: "9-17"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main("go run ./examples/helpdesk", tc.args, &out, &errOut)
			if code != tc.code || !strings.Contains(errOut.String(), tc.inErr) {
				t.Errorf("Main(%q): exit %d, want %d with %q on standard error:\n%s", tc.args, code, tc.code, tc.inErr, errOut.String())
			}
			if tc.notInErr != "" && strings.Contains(errOut.String()+out.String(), tc.notInErr) {
				t.Errorf("Main(%q) shows %q:\n%s%s", tc.args, tc.notInErr, out.String(), errOut.String())
			}
		})
	}
}
