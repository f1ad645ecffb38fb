//go:build unix

package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
)

// killChildEnv, when set to a directory, makes TestKillChild a writer the
// crash test kills.
const killChildEnv = "HYPERCARE_STORE_KILL_CHILD_DIR"

const (
	killWriters   = 4
	killPerWriter = 150
	killPerIssue  = 6
)

// killOp is the i-th write of writer w: every killPerIssue writes it opens
// a new issue, and in between it pauses and resumes it, delivering the
// events out of order (each resume before its pause, which holds it until
// the pause comes) and with the previous event again: each write adds
// exactly one event, and a writer's state is told by its number of events
// (Issue.Version, held ones included).
func killOp(s Store, w, i int) error {
	id := hypercare.IssueID(fmt.Sprintf("w%d-%03d", w, i/killPerIssue))
	first := i - i%killPerIssue
	if i%killPerIssue == 0 {
		return s.CreateIssue(bg, testIssue("crash", id, t0.Add(time.Duration(first)*time.Minute)))
	}
	is, err := s.Issue(bg, "crash", id)
	if err != nil {
		return err
	}
	order := []int{0, 2, 1, 4, 3, 5} // the k-th write delivers event order[k]
	event := func(k int) hypercare.Event {
		e := hypercare.Event{ID: hypercare.EventID(fmt.Sprint(k)), Type: hypercare.EventResumed, At: t0.Add(time.Duration(first+k) * time.Minute)}
		if k%2 == 1 {
			e.Type = hypercare.EventPaused
		}
		return e
	}
	k := i % killPerIssue
	events := []hypercare.Event{event(order[k])}
	if k > 1 {
		events = append(events, event(order[k-1])) // a repeat: no-op
	}
	_, err = s.AppendEvents(bg, "crash", id, is.Version(), events...)
	return err
}

// TestKillChild does nothing in a normal run. Run by TestKill as a child
// process, it writes from several goroutines, printing "ack W I" once write
// I of writer W has returned, until it is killed.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killChildEnv)
	if dir == "" {
		return
	}
	f, err := OpenFile(dir)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	if err := f.CreateEngagement(bg, testEngagement("crash")); err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	fmt.Println("ack engagement")
	var wg sync.WaitGroup
	for w := range killWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range killPerWriter {
				if err := killOp(f, w, i); err != nil {
					fmt.Println("error", err)
					os.Exit(2)
				}
				fmt.Printf("ack %d %d\n", w, i)
				if w == 0 && i%40 == 39 {
					if err := f.Compact(bg); err != nil {
						fmt.Println("error", err)
						os.Exit(2)
					}
				}
			}
		}()
	}
	wg.Wait()
	// Hold the store until the parent has seen everything and lets go.
	fmt.Println("done")
	io.Copy(io.Discard, os.Stdin)
	f.Close()
}

// TestKill kills a child process at random points while it writes, with
// group commits and compactions under way, reopens the store and checks
// that every acknowledged write is there and that each writer's state is
// exactly a prefix of the writes it issued.
func TestKill(t *testing.T) {
	if os.Getenv(killChildEnv) != "" {
		return
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)
	for round := range 4 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		must(t, err)
		in, err := cmd.StdinPipe() // the child holds the store until this closes
		must(t, err)
		must(t, cmd.Start())

		killAt := 1 + rng.IntN(killWriters*killPerWriter/2)
		acked := make([]int, killWriters) // writes acknowledged per writer
		engagement, acks, killed := false, 0, false
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var w, i int
			line := sc.Text()
			switch {
			case line == "ack engagement":
				engagement = true
				if f, err := OpenFile(dir); !errors.Is(err, ErrLocked) {
					t.Errorf("OpenFile while another process holds the store = %v, want ErrLocked", err)
					if err == nil {
						f.Close()
					}
				}
			case line == "done":
				in.Close()
			case func() bool { _, err := fmt.Sscanf(line, "ack %d %d", &w, &i); return err == nil }():
				acked[w] = max(acked[w], i+1)
				if acks++; acks == killAt {
					must(t, cmd.Process.Kill())
					killed = true
				}
			case bytes.HasPrefix([]byte(line), []byte("error")):
				t.Fatalf("child: %s\n%s", line, stderr.String())
			}
		}
		in.Close()
		cmd.Wait()

		f, err := OpenFile(dir)
		if err != nil {
			t.Fatalf("round %d: reopen after kill -9 at ack %d: %v\n%s", round, killAt, err, stderr.String())
		}
		events := make([]int, killWriters)
		for is, err := range f.Issues(bg, IssueFilter{}) {
			must(t, err)
			var w, k int
			if _, err := fmt.Sscanf(string(is.ID), "w%d-%d", &w, &k); err != nil || is.Engagement != "crash" {
				t.Fatalf("round %d: unexpected issue %s/%s", round, is.Engagement, is.ID)
			}
			events[w] += is.Version()
		}
		// The model: the same writes, up to what each writer got stored.
		ref := NewMemory()
		if _, err := f.Engagement(bg, "crash"); err == nil {
			must(t, ref.CreateEngagement(bg, testEngagement("crash")))
		} else if engagement {
			t.Fatalf("round %d: the acknowledged engagement is lost: %v", round, err)
		}
		for w, n := range events {
			if n < acked[w] {
				t.Fatalf("round %d: writer %d has %d writes stored, but %d were acknowledged", round, w, n, acked[w])
			}
			for i := range n {
				must(t, killOp(ref, w, i))
			}
		}
		if got, want := dump(t, f), dump(t, ref); got != want {
			t.Fatalf("round %d: the store is not a prefix of each writer's writes:\n%s\nwant\n%s", round, got, want)
		}
		t.Logf("round %d: killed %v after %d acks; stored per writer %v, acknowledged %v; recovery %+v", round, killed, acks, events, acked, f.Recovery())
		// The store takes writes after the kill.
		must(t, f.CreateEngagement(bg, testEngagement("after")))
		must(t, f.Close())
	}
}
