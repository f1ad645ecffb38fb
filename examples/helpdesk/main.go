// Command helpdesk bridges a helpdesk to hypercare: it mounts the webhook
// bridge (package ingest/bridge) on a file store and serves the SLA clocks
// and the exit verdict as JSON. The reference is Handler (handler.go); this
// file only wires it to a store and a port.
//
//	go run ./examples/helpdesk -addr localhost:8080 -dir ./hypercare-data -token s3cret
//
// On first use it creates the engagement: going live today, four weeks
// planned, the default SLA policy on Mon–Fri 09:00–17:00 business hours. Then:
//
//	curl -X POST localhost:8080/webhooks -H 'Authorization: Bearer s3cret' \
//	  -d '{"event":"created","ticket":"T-1","at":"2026-06-01T10:00:00+02:00",
//	  "priority":"high","type":"incident","title":"Invoices fail"}'
//	curl localhost:8080/issues/T-1/clocks
//	curl 'localhost:8080/clocks?state=at-risk'
//	curl localhost:8080/exit
//
// Without -token it makes one up and prints it. Sign-offs (POST /signoffs)
// are accepted only with -signoff-token. Zendesk, Jira and ServiceNow
// webhooks (POST /hooks/zendesk, /hooks/jsm, /hooks/servicenow) are served
// when the environment holds their secrets: HYPERCARE_ZENDESK_SECRET,
// HYPERCARE_JSM_SECRET, HYPERCARE_SERVICENOW_TOKEN.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on (port 0 picks a free one)")
	dir := flag.String("dir", "", "store directory (default: a fresh temporary directory)")
	eng := flag.String("engagement", "hypercare", "engagement ID; created on first use")
	zone := flag.String("zone", "Europe/Berlin", "home time zone of an engagement created on first use")
	hours := flag.String("hours", "Mon-Fri 09:00-17:00", "business hours of an engagement created on first use")
	token := flag.String("token", "", "bearer token of POST /webhooks (default: a random one, printed)")
	signOffToken := flag.String("signoff-token", "", "bearer token of POST /signoffs (default: sign-offs are refused)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./examples/helpdesk [-addr ADDR] [-dir DIR] [-engagement ID] [-zone ZONE] [-hours SPEC]\n"+
			"                                 [-token TOKEN] [-signoff-token TOKEN]\n\n"+
			"Takes a helpdesk's ticket webhooks over HTTP, keeps them as issue timelines in a\n"+
			"file store, and serves the SLA clocks and the exit verdict as JSON. Zendesk, Jira\n"+
			"and ServiceNow webhooks are served when HYPERCARE_ZENDESK_SECRET,\n"+
			"HYPERCARE_JSM_SECRET or HYPERCARE_SERVICENOW_TOKEN is set.")
		flag.PrintDefaults()
	}
	flag.Parse()
	auth := Auth{Token: *token, SignOffToken: *signOffToken, Zendesk: os.Getenv("HYPERCARE_ZENDESK_SECRET"),
		JSM: os.Getenv("HYPERCARE_JSM_SECRET"), ServiceNow: os.Getenv("HYPERCARE_SERVICENOW_TOKEN")}
	if err := run(*addr, *dir, hypercare.EngagementID(*eng), *zone, *hours, auth); err != nil {
		log.Fatal(err)
	}
}

func run(addr, dir string, eng hypercare.EngagementID, zone, hours string, auth Auth) error {
	if auth.Token == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		auth.Token = hex.EncodeToString(b)
		fmt.Printf("helpdesk: POST /webhooks takes Authorization: Bearer %s\n", auth.Token)
	}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "hypercare-helpdesk-")
		if err != nil {
			return err
		}
		dir = tmp
	}
	s, err := store.OpenFile(dir)
	if err != nil {
		return err
	}
	defer s.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := ensureEngagement(ctx, os.Stdout, s, eng, zone, hours); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	h, err := NewHandler(s, eng, time.Now, auth)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	fmt.Printf("helpdesk: listening on http://%s (engagement %q, store %s)\n", ln.Addr(), eng, dir)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// ensureEngagement creates engagement id in s unless it is there: going live
// at the start of today in zone, four weeks planned, the default SLA policy
// on the given business hours; it says so on out.
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
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "helpdesk: created engagement %q going live %s\n", id, goLive.Format(time.RFC3339))
	return nil
}
