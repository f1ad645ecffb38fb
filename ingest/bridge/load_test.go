package bridge

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// loadEnv, set to a duration ("5s"), runs TestLoad for that long per
// phase. It is a measurement, not a check of speed: it reports its figures
// with t.Log and fails only if a delivery is refused or lost.
//
//	HYPERCARE_BRIDGE_LOAD=5s go test -run TestLoad -v ./ingest/bridge
const loadEnv = "HYPERCARE_BRIDGE_LOAD"

const (
	loadSenders = 16 // concurrent HTTP senders
	loadWriters = 8  // concurrent writers of the store's own rate
	perTicket   = 10 // ticket events per ticket in the load
)

// loadEvent is ticket event i of sender w, as a Zendesk page of one ticket
// event: every perTicket events a ticket is created (new, normal,
// incident), then put on pending and back to open in turn; each gives one
// event.
func loadEvent(w, i int, base time.Time) (body string, ticket int) {
	ticket = w*1_000_000 + i/perTicket
	at := base.Add(time.Duration(i) * time.Second).Format(time.RFC3339)
	var children string
	switch k := i % perTicket; {
	case k == 0:
		children = `{"event_type": "Create", "status": "new"}, {"event_type": "Create", "priority": "normal"}, {"event_type": "Create", "type": "incident"}, {"event_type": "Create", "subject": "load"}`
	case k%2 == 1:
		children = `{"event_type": "Change", "status": "pending", "previous_value": "open"}`
	default:
		children = `{"event_type": "Change", "status": "open", "previous_value": "pending"}`
	}
	body = fmt.Sprintf(`{"ticket_events": [{"id": %d, "ticket_id": %d, "created_at": %q, "updater_id": 7, "child_events": [%s]}]}`,
		int64(w)<<32|int64(i), ticket, at, children)
	return body, ticket
}

// signedRequest returns a Zendesk delivery of body to url, signed now.
func signedRequest(url, body string, now time.Time) *http.Request {
	r, err := http.NewRequest(http.MethodPost, url+"/zendesk", bytes.NewReader([]byte(body)))
	if err != nil {
		panic(err)
	}
	ts := now.UTC().Format(time.RFC3339)
	r.Header.Set(ZendeskTimestampHeader, ts)
	r.Header.Set(ZendeskSignatureHeader, zendeskSignature(zendeskSecret, ts, body))
	return r
}

// openLoadStore opens a file store in a fresh directory with the test
// engagement.
func openLoadStore(t *testing.T) *store.File {
	t.Helper()
	f, err := store.OpenFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := f.CreateEngagement(bg, testEngagement()); err != nil {
		t.Fatal(err)
	}
	return f
}

// storeRate is the file store's own durable append rate, events/s, with
// loadWriters writers appending one event per call to issues of their own.
func storeRate(t *testing.T, d time.Duration) float64 {
	f := openLoadStore(t)
	base := testEngagement().GoLive
	var n atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	start := time.Now()
	for w := range loadWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(stop); i++ {
				id := hypercare.IssueID(fmt.Sprintf("w%d-%d", w, i/perTicket))
				at := base.Add(time.Duration(i) * time.Second)
				var err error
				switch k := i % perTicket; {
				case k == 0:
					is := hypercare.Issue{ID: id, Engagement: "erp", Title: "load"}
					if err = is.Append(hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev3, Kind: hypercare.Defect}); err == nil {
						err = f.CreateIssue(bg, is)
					}
				case k%2 == 1:
					_, err = f.AppendEvents(bg, "erp", id, k, hypercare.Event{Type: hypercare.EventPaused, At: at, Reason: "waiting"})
				default:
					_, err = f.AppendEvents(bg, "erp", id, k, hypercare.Event{Type: hypercare.EventResumed, At: at})
				}
				if err != nil {
					t.Error(err)
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds()
}

// TestLoad measures the bridge on loopback — loadSenders senders posting
// signed Zendesk deliveries of one event each, into a file store — against
// the store's own loadWriters-writer durable append rate, measured in the
// same run, and checks that every acknowledged event is stored.
func TestLoad(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv(loadEnv))
	if err != nil || d <= 0 {
		t.Logf("set %s to a duration (5s) to run the load test", loadEnv)
		return
	}
	base := testEngagement().GoLive
	own := storeRate(t, d)

	f := openLoadStore(t)
	cfg := testConfig(f)
	cfg.Now = time.Now
	srv := httptest.NewServer(newBridge(t, cfg))
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = loadSenders

	latencies := make([][]time.Duration, loadSenders)
	acked := make([]int, loadSenders)
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	start := time.Now()
	for w := range loadSenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(stop); i++ {
				body, _ := loadEvent(w, i, base)
				t0 := time.Now()
				resp, err := client.Do(signedRequest(srv.URL, body, t0))
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body) // drained, the connection is reused
				resp.Body.Close()
				latencies[w] = append(latencies[w], time.Since(t0))
				if resp.StatusCode != http.StatusOK {
					t.Errorf("delivery %d of sender %d: %d", i, w, resp.StatusCode)
					return
				}
				acked[w] = i + 1
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(latencies...)
	slices.Sort(all)
	total := len(all)
	if total == 0 {
		t.Fatal("no delivery answered")
	}
	rate := float64(total) / elapsed.Seconds()
	p := func(q float64) time.Duration { return all[min(total-1, int(q*float64(total)))] }
	t.Logf("store alone, %d writers, durable: %.0f events/s", loadWriters, own)
	t.Logf("bridge, %d senders on loopback: %.0f events/s (%.0f%% of the store's rate; goal >= 50%%), latency p50 %s, p99 %s (goal < 50ms), %d deliveries in %s",
		loadSenders, rate, 100*rate/own, p(0.50).Round(10*time.Microsecond), p(0.99).Round(10*time.Microsecond), total, elapsed.Round(time.Millisecond))

	// Every acknowledged event is stored.
	for w, n := range acked {
		for i := range n {
			_, ticket := loadEvent(w, i, base)
			is, err := f.Issue(bg, "erp", hypercare.IssueID(fmt.Sprint(ticket)))
			if err != nil {
				t.Fatalf("sender %d delivery %d: %v", w, i, err)
			}
			if _, ok := is.Event(hypercare.EventID(fmt.Sprint(int64(w)<<32|int64(i))) + "/" + hypercare.EventID(loadEventType(i).String())); !ok {
				t.Fatalf("sender %d delivery %d was acknowledged but is not stored", w, i)
			}
		}
	}
}

// loadEventType is the type of the event loadEvent i records.
func loadEventType(i int) hypercare.EventType {
	switch k := i % perTicket; {
	case k == 0:
		return hypercare.EventOpened
	case k%2 == 1:
		return hypercare.EventPaused
	}
	return hypercare.EventResumed
}
