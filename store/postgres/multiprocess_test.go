package postgres

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// The multi-process test: several OS processes (this test binary, run
// again) deliver the same events to the same issues, each in its own
// random order and with duplicates, as webhook workers behind a load
// balancer would. Each process appends an event when the issue is at the
// version before it, skips it when it is stored already, puts it back when
// an earlier event is missing, and retries on ErrConflict. In the insert
// mode (TestMultiProcessInsert) the events carry IDs and each process
// appends every delivery as it comes, at the version it read: the store
// skips duplicates and holds what comes too early, and never refuses one.
const (
	modeEnv    = "HYPERCARE_PG_WORKER_MODE"   // "insert" for the insert mode
	workerEnv  = "HYPERCARE_PG_WORKER"        // the worker's number; set only in a worker
	schemaEnv  = "HYPERCARE_PG_WORKER_SCHEMA" // the schema the workers share
	acksEnv    = "HYPERCARE_PG_WORKER_ACKS"   // the file a worker writes its acknowledgements to
	mpIssues   = 6
	mpEvents   = 30 // per issue
	mpWorkers  = 4
	mpDuplicat = 3 // every delivery is made up to this many times per worker
)

var mpStart = time.Date(2026, time.March, 2, 8, 0, 0, 0, time.UTC)

// mpEvent is the j-th event (from 1) of issue i: opened, then pauses and
// resumptions whose reasons name their place.
func mpEvent(i, j int) hypercare.Event {
	at := mpStart.Add(time.Duration(j)*time.Minute + time.Duration(i)*time.Nanosecond*123)
	switch {
	case j == 1:
		return hypercare.Event{Type: hypercare.EventOpened, At: at, Severity: hypercare.Sev2, Kind: hypercare.Defect}
	case j%2 == 0:
		return hypercare.Event{Type: hypercare.EventPaused, At: at, Reason: fmt.Sprintf("delivery %d of issue %d", j, i)}
	default:
		return hypercare.Event{Type: hypercare.EventResumed, At: at, Person: hypercare.PersonID(fmt.Sprintf("agent-%d", j))}
	}
}

// mpEventWithID is mpEvent(i, j) with an ID, as a helpdesk sends it.
func mpEventWithID(i, j int) hypercare.Event {
	e := mpEvent(i, j)
	e.ID = hypercare.EventID(fmt.Sprintf("%d/%d", i, j))
	return e
}

func mpIssueID(i int) hypercare.IssueID { return hypercare.IssueID(fmt.Sprintf("INC-%d", i)) }

type delivery struct{ issue, seq int }

// deliver makes the deliveries to s in order, and returns the ones this
// process acknowledged (its append was the one that stored the event).
func deliver(ctx context.Context, s store.Store, queue []delivery) ([]delivery, error) {
	var acked []delivery
	for len(queue) > 0 {
		d := queue[0]
		queue = queue[1:]
		id := mpIssueID(d.issue)
		for {
			is, err := s.Issue(ctx, "erp", id)
			if err != nil {
				return acked, err
			}
			if is.Len() >= d.seq { // a duplicate: it is stored already
				if got := is.Events()[d.seq-1]; !got.At.Equal(mpEvent(d.issue, d.seq).At) || got.Reason != mpEvent(d.issue, d.seq).Reason {
					return acked, fmt.Errorf("%s event %d is %+v, want %+v", id, d.seq, got, mpEvent(d.issue, d.seq))
				}
				break
			}
			if is.Len() < d.seq-1 { // too early: deliver it again later
				queue = append(queue, d)
				break
			}
			_, err = s.AppendEvents(ctx, "erp", id, d.seq-1, mpEvent(d.issue, d.seq))
			if errors.Is(err, store.ErrConflict) {
				continue // someone else appended: read again
			}
			if err != nil {
				return acked, err
			}
			acked = append(acked, d)
			break
		}
	}
	return acked, nil
}

// deliverAny makes the deliveries to s in the order they come, events with
// IDs, each appended at the version read, and returns the ones this process
// acknowledged (its append added the event). Any error but ErrConflict,
// after which it reads again, fails it: an event that comes too early or
// twice is not an error.
func deliverAny(ctx context.Context, s store.Store, queue []delivery) ([]delivery, error) {
	var acked []delivery
	for _, d := range queue {
		id := mpIssueID(d.issue)
		for {
			is, err := s.Issue(ctx, "erp", id)
			if err != nil {
				return acked, err
			}
			got, err := s.AppendEvents(ctx, "erp", id, is.Version(), mpEventWithID(d.issue, d.seq))
			if errors.Is(err, store.ErrConflict) {
				continue // someone else appended: read again
			}
			if err != nil {
				return acked, fmt.Errorf("event %d of %s: %w", d.seq, id, err)
			}
			if got.Version() == is.Version()+1 {
				acked = append(acked, d)
			}
			break
		}
	}
	return acked, nil
}

// deliveries returns every delivery, shuffled by r, each made 1 to
// mpDuplicat times.
func deliveries(r *rand.Rand) []delivery {
	var out []delivery
	for i := range mpIssues {
		for j := 1; j <= mpEvents; j++ {
			for range 1 + r.IntN(mpDuplicat) {
				out = append(out, delivery{i, j})
			}
		}
	}
	r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}

// setUpIssues creates the engagement and its empty issues.
func setUpIssues(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	e := hypercare.Engagement{ID: "erp", Location: time.UTC, GoLive: mpStart, PlannedEnd: mpStart.AddDate(0, 0, 28)}
	if err := s.CreateEngagement(ctx, e); err != nil {
		t.Fatal(err)
	}
	for i := range mpIssues {
		if err := s.CreateIssue(ctx, hypercare.Issue{Engagement: "erp", ID: mpIssueID(i), Title: "shared"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestMultiProcess(t *testing.T) { testMultiProcess(t, "") }

func TestMultiProcessInsert(t *testing.T) { testMultiProcess(t, "insert") }

func testMultiProcess(t *testing.T, mode string) {
	ctx := context.Background()
	s := openTest(t, Options{})
	setUpIssues(t, s)
	dir := t.TempDir()
	procs := make([]*exec.Cmd, mpWorkers)
	outs := make([]*strings.Builder, mpWorkers)
	for w := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMultiProcessWorker$", "-test.count=1")
		cmd.Env = append(os.Environ(),
			urlEnv+"="+serverURL,
			workerEnv+"="+strconv.Itoa(w),
			modeEnv+"="+mode,
			schemaEnv+"="+s.schema,
			acksEnv+"="+filepath.Join(dir, fmt.Sprintf("acks-%d", w)))
		outs[w] = new(strings.Builder)
		cmd.Stdout, cmd.Stderr = outs[w], outs[w]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[w] = cmd
	}
	for w, cmd := range procs {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", w, err, outs[w])
		}
	}

	// Every event was acknowledged by exactly one process.
	ackedBy := map[delivery]int{}
	for w := range procs {
		f, err := os.Open(filepath.Join(dir, fmt.Sprintf("acks-%d", w)))
		if err != nil {
			t.Fatalf("worker %d wrote no acknowledgements: %v\n%s", w, err, outs[w])
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var d delivery
			if _, err := fmt.Sscanf(sc.Text(), "%d %d", &d.issue, &d.seq); err != nil {
				t.Fatal(err)
			}
			if prev, ok := ackedBy[d]; ok {
				t.Errorf("event %d of issue %d acknowledged by workers %d and %d", d.seq, d.issue, prev, w)
			}
			ackedBy[d] = w
		}
		f.Close()
	}
	perWorker := make([]int, mpWorkers)
	for _, w := range ackedBy {
		perWorker[w]++
	}
	t.Logf("events acknowledged per worker: %v", perWorker)
	if len(ackedBy) != mpIssues*mpEvents {
		t.Errorf("%d events acknowledged, want %d", len(ackedBy), mpIssues*mpEvents)
	}

	// The timelines are those of one process delivering in order.
	single := openTest(t, Options{})
	setUpIssues(t, single)
	var inOrder []delivery
	for i := range mpIssues {
		for j := 1; j <= mpEvents; j++ {
			inOrder = append(inOrder, delivery{i, j})
		}
	}
	deliverOne := deliver
	if mode == "insert" {
		deliverOne = deliverAny
	}
	if _, err := deliverOne(ctx, single, inOrder); err != nil {
		t.Fatal(err)
	}
	want, err := store.Collect(single.Issues(ctx, store.IssueFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.Collect(s.Issues(ctx, store.IssueFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(issueViews(want), issueViews(got)); d != "" {
		t.Errorf("timelines written by %d processes differ from one process's (-want +got):\n%s", mpWorkers, d)
	}

	// The versions agree with the event rows: 1..version, each once.
	rows, err := s.pool.Query(ctx, `SELECT i.id, i.version, count(e.seq), coalesce(min(e.seq), 0), coalesce(max(e.seq), 0)
		FROM issues i LEFT JOIN events e ON e.engagement = i.engagement AND e.issue = i.id GROUP BY i.id, i.version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var version, n, lo, hi int
		if err := rows.Scan(&id, &version, &n, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if version != mpEvents || n != version || lo != 1 || hi != version {
			t.Errorf("issue %s: version %d, %d event rows numbered %d to %d; want %d rows numbered 1 to %[2]d", id, version, n, lo, hi, mpEvents)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

type issueView struct {
	Engagement, ID, Title string
	Events                []hypercare.Event
	Held                  []hypercare.HeldEvent
}

func issueViews(issues []hypercare.Issue) []issueView {
	out := make([]issueView, len(issues))
	for i, is := range issues {
		out[i] = issueView{string(is.Engagement), string(is.ID), is.Title, is.Events(), is.Held()}
	}
	return out
}

// TestMultiProcessWorker is one worker of TestMultiProcess; it does nothing
// unless that test started it.
func TestMultiProcessWorker(t *testing.T) {
	w, err := strconv.Atoi(os.Getenv(workerEnv))
	if err != nil {
		t.Skip("run by TestMultiProcess in a process of its own")
	}
	ctx := context.Background()
	s, err := Open(ctx, serverURL, Options{Schema: os.Getenv(schemaEnv)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
	deliverOne := deliver
	if os.Getenv(modeEnv) == "insert" {
		deliverOne = deliverAny
	}
	acked, err := deliverOne(ctx, s, deliveries(r))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, d := range acked {
		fmt.Fprintf(&b, "%d %d\n", d.issue, d.seq)
	}
	if err := os.WriteFile(os.Getenv(acksEnv), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
