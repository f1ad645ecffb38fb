package bridge_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/bridge"
	"github.com/hypercare-go/hypercare/store"
)

// A Zendesk ticket event, signed as Zendesk signs it, becomes an issue; the
// same delivery again adds nothing, and a delivery signed with another
// secret is refused.
func Example() {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 9, 0, 30, 0, time.UTC)
	s := store.NewMemory()
	defer s.Close()
	goLive := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	if err := s.CreateEngagement(ctx, hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: goLive, PlannedEnd: goLive.AddDate(0, 0, 28)}); err != nil {
		panic(err)
	}
	h, err := bridge.New(bridge.Config{
		Store:      s,
		Engagement: "erp",
		Zendesk:    &bridge.Source{Secret: "zendesk-signing-secret", Mapping: hypercare.ZendeskMapping()},
		Now:        func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/hooks/", http.StripPrefix("/hooks", h)) // mounted in an existing service

	body := `{"ticket_events": [{"id": 5001, "ticket_id": 155, "created_at": "2026-06-01T09:00:00Z", "updater_id": 9001,
	  "child_events": [{"event_type": "Create", "status": "new"}, {"event_type": "Create", "priority": "urgent"},
	    {"event_type": "Create", "type": "incident"}, {"event_type": "Create", "subject": "Payroll\u0000 run fails"}]}]}`
	post := func(secret string) int {
		ts := now.Format(time.RFC3339)
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(ts + body))
		r := httptest.NewRequest(http.MethodPost, "/hooks/zendesk", strings.NewReader(body))
		r.Header.Set(bridge.ZendeskTimestampHeader, ts)
		r.Header.Set(bridge.ZendeskSignatureHeader, base64.StdEncoding.EncodeToString(m.Sum(nil)))
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Code
	}
	fmt.Println(post("zendesk-signing-secret"), post("zendesk-signing-secret"), post("guessed"))
	is, err := s.Issue(ctx, "erp", "155")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s %q: %s %s, %d event\n", is.ID, is.Title, is.State().Status, is.State().Severity, is.Len())
	// Output:
	// 200 200 401
	// 155 "Payroll run fails": open Sev1, 1 event
}
