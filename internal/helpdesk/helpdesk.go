// Package helpdesk is the helpdesk program: it bridges a helpdesk to
// hypercare, mounting the webhook bridge (package ingest/bridge) on a store
// and serving the SLA clocks and the exit verdict as JSON. The reference is
// Handler (handler.go); Main wires it to a store and a port. It lives here,
// importable, so that examples/helpdesk (the root module, without
// PostgreSQL) and store/postgres/examples/helpdesk (with it, for several
// workers behind a load balancer) are the same program.
package helpdesk

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/internal/storeflag"
	"github.com/hypercare-go/hypercare/store"
)

// Main runs the helpdesk server with args (without the program name) until
// SIGINT or SIGTERM, writing what it does (the token it made up, the
// engagement it created, where it listens) to stdout and errors to stderr,
// and returns the exit code: 0 after a clean shutdown (and for -h), 1
// failure, 2 bad flags. name is how the user runs the program, for the
// usage line ("go run ./examples/helpdesk"). The flags:
//
//	-addr ADDR           the address to listen on (port 0 picks a free one)
//	-store STORE         the store, as store.Open takes it: a directory
//	                     (default: a new temporary one), memory:, or a URL of
//	                     a backend linked into the program (postgres://...),
//	                     which any number of these servers may share
//	-dir DIR             the same as -store DIR
//	-engagement ID       the engagement, created on first use: going live at
//	                     the start of today in -zone, four weeks planned, the
//	                     default SLA policy on -hours
//	-token TOKEN         bearer token of POST /webhooks (default: a random
//	                     one, printed)
//	-signoff-token TOKEN bearer token of POST /signoffs (default: refused)
//
// Zendesk, Jira and ServiceNow webhooks (POST /hooks/zendesk, /hooks/jsm,
// /hooks/servicenow) are served when the environment holds their secrets:
// HYPERCARE_ZENDESK_SECRET, HYPERCARE_JSM_SECRET, HYPERCARE_SERVICENOW_TOKEN.
func Main(name string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opt options
	fs.StringVar(&opt.addr, "addr", "localhost:8080", "address to listen on (port 0 picks a free one)")
	fs.StringVar(&opt.store, "store", "", "the `STORE`, as store.Open takes it: a directory (default: a fresh temporary one), memory:, or a URL (postgres://... where PostgreSQL is linked in)")
	dir := fs.String("dir", "", "the same as -store `DIR`")
	eng := fs.String("engagement", "hypercare", "engagement ID; created on first use")
	fs.StringVar(&opt.zone, "zone", "Europe/Berlin", "home time zone of an engagement created on first use")
	fs.StringVar(&opt.hours, "hours", "Mon-Fri 09:00-17:00", "business hours of an engagement created on first use")
	fs.StringVar(&opt.auth.Token, "token", "", "bearer token of POST /webhooks (default: a random one, printed)")
	fs.StringVar(&opt.auth.SignOffToken, "signoff-token", "", "bearer token of POST /signoffs (default: sign-offs are refused)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: "+name+" [-addr ADDR] [-store DIR|memory:|URL] [-engagement ID] [-zone ZONE]\n"+
			"       [-hours SPEC] [-token TOKEN] [-signoff-token TOKEN]\n\n"+
			"Takes a helpdesk's ticket webhooks over HTTP, keeps them as issue timelines in a\n"+
			"store, and serves the SLA clocks and the exit verdict as JSON. Zendesk, Jira\n"+
			"and ServiceNow webhooks are served when HYPERCARE_ZENDESK_SECRET,\n"+
			"HYPERCARE_JSM_SECRET or HYPERCARE_SERVICENOW_TOKEN is set.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "helpdesk: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if opt.store != "" && *dir != "" && opt.store != *dir {
		fmt.Fprintf(stderr, "helpdesk: -dir %s and -store %s: give one (-dir is the same as -store)\n", *dir, storeflag.Redact(opt.store))
		return 2
	}
	if opt.store == "" {
		opt.store = *dir
	}
	opt.eng = hypercare.EngagementID(*eng)
	opt.auth.Zendesk = os.Getenv("HYPERCARE_ZENDESK_SECRET")
	opt.auth.JSM = os.Getenv("HYPERCARE_JSM_SECRET")
	opt.auth.ServiceNow = os.Getenv("HYPERCARE_SERVICENOW_TOKEN")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, opt, stdout); err != nil {
		fmt.Fprintln(stderr, "helpdesk:", err)
		return 1
	}
	return 0
}

// options are the program's flags.
type options struct {
	addr        string
	store       string // as store.Open takes it; empty means a new temporary directory
	eng         hypercare.EngagementID
	zone, hours string
	auth        Auth
}

// run serves until ctx is done, then shuts the server down, giving the
// requests under way 5 s.
func run(ctx context.Context, opt options, out io.Writer) (err error) {
	auth := opt.auth
	if auth.Token == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		auth.Token = hex.EncodeToString(b)
		fmt.Fprintf(out, "helpdesk: POST /webhooks takes Authorization: Bearer %s\n", auth.Token)
	}
	target := opt.store
	if target == "" {
		if target, err = os.MkdirTemp("", "hypercare-helpdesk-"); err != nil {
			return err
		}
	}
	s, err := openStore(ctx, target)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	if err := ensureEngagement(ctx, out, s, opt.eng, opt.zone, opt.hours); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opt.addr)
	if err != nil {
		return err
	}
	h, err := NewHandler(s, opt.eng, time.Now, auth)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	fmt.Fprintf(out, "helpdesk: listening on http://%s (engagement %q, store %s)\n", ln.Addr(), opt.eng, storeflag.Redact(target))
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
			return
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openStore opens the store at target with store.Open. A URL of a backend
// this program is built without (postgres://) is an error that says which
// program has it.
func openStore(ctx context.Context, target string) (store.Store, error) {
	s, err := store.Open(ctx, target)
	if errors.Is(err, store.ErrUnknownScheme) {
		return nil, fmt.Errorf("%w\nThis helpdesk server is built without that backend: give -store a directory or memory:. "+
			"For PostgreSQL, run the one built with it, in a checkout of the repository: "+
			"cd store/postgres && go run ./examples/helpdesk -store 'postgres://...'", err)
	}
	return s, err
}

// ensureEngagement creates engagement id in s unless it is there: going live
// at the start of today in zone, four weeks planned, the default SLA policy
// on the given business hours; it says so on out. Another process creating
// it first (workers sharing a store, started together) is no error.
func ensureEngagement(ctx context.Context, out io.Writer, s store.Store, id hypercare.EngagementID, zone, hours string) error {
	_, err := s.Engagement(ctx, id)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return err
	}
	business, err := hypercare.NewCalendar(loc, hours)
	if err != nil {
		return err
	}
	y, m, d := time.Now().In(loc).Date()
	goLive := time.Date(y, m, d, 0, 0, 0, 0, loc)
	err = s.CreateEngagement(ctx, hypercare.Engagement{
		ID:         id,
		Name:       "hypercare",
		Location:   loc,
		GoLive:     goLive,
		PlannedEnd: goLive.AddDate(0, 0, 28),
		Policy:     hypercare.DefaultPolicy(business),
	})
	if errors.Is(err, store.ErrExists) {
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "helpdesk: created engagement %q going live %s\n", id, goLive.Format(time.RFC3339))
	return nil
}
