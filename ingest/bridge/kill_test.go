//go:build unix

package bridge

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/store"
)

// killChildEnv, when set to a directory, makes TestKillChild a bridge
// server on a file store there, which TestKill kills.
const killChildEnv = "HYPERCARE_BRIDGE_KILL_CHILD_DIR"

const (
	killSenders   = 8
	killPerSender = 400 // more than a round sends before its kill
)

// TestKillChild does nothing in a normal run. Run by TestKill as a child
// process, it serves the bridge on a loopback port, printing "addr ADDR",
// until it is killed.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killChildEnv)
	if dir == "" {
		return
	}
	f, err := store.OpenFile(dir)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	if err := f.CreateEngagement(bg, testEngagement()); err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	cfg := testConfig(f)
	cfg.Now = time.Now
	h, err := New(cfg)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	fmt.Println("addr", ln.Addr())
	http.Serve(ln, h) // until killed
}

// TestKill runs the bridge in a child process, sends it deliveries from
// several senders at once, kills it with SIGKILL at a random moment,
// reopens its store and checks that every delivery answered 2xx is stored.
func TestKill(t *testing.T) {
	if os.Getenv(killChildEnv) != "" {
		return
	}
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 0))
	t.Logf("seed %d", seed)
	base := testEngagement().GoLive
	for round := range 3 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		var addr string
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "addr "); ok {
				addr = a
				break
			}
			if strings.HasPrefix(sc.Text(), "error") {
				t.Fatalf("child: %s\n%s", sc.Text(), stderr.String())
			}
		}
		go io.Copy(io.Discard, out)
		if addr == "" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("child gave no address:\n%s", stderr.String())
		}
		url := "http://" + addr
		client := &http.Client{Timeout: 10 * time.Second}

		acked := make([]int, killSenders) // deliveries answered 2xx, in order, per sender
		var wg sync.WaitGroup
		for w := range killSenders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range killPerSender {
					body, _ := loadEvent(w, i, base)
					resp, err := client.Do(signedRequest(url, body, time.Now()))
					if err != nil {
						return // killed
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						t.Errorf("delivery %d of sender %d: %d", i, w, resp.StatusCode)
						return
					}
					acked[w] = i + 1
				}
			}()
		}
		killAfter := time.Duration(50+rng.IntN(400)) * time.Millisecond
		time.Sleep(killAfter)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		wg.Wait()

		f, err := store.OpenFile(dir)
		if err != nil {
			t.Fatalf("round %d: reopen after kill -9: %v\n%s", round, err, stderr.String())
		}
		total := 0
		for w, n := range acked {
			total += n
			for i := range n {
				_, ticket := loadEvent(w, i, base)
				is, err := f.Issue(bg, "erp", hypercare.IssueID(fmt.Sprint(ticket)))
				if err != nil {
					t.Fatalf("round %d: sender %d delivery %d was acknowledged: %v", round, w, i, err)
				}
				if _, ok := is.Event(hypercare.EventID(fmt.Sprint(int64(w)<<32|int64(i))) + "/" + hypercare.EventID(loadEventType(i).String())); !ok {
					t.Fatalf("round %d: sender %d delivery %d was acknowledged but is not stored", round, w, i)
				}
			}
		}
		if total == killSenders*killPerSender {
			t.Logf("round %d: every delivery was sent before the kill at %s", round, killAfter)
		}
		t.Logf("round %d: killed after %s with %d deliveries acknowledged, all stored; recovery %+v", round, killAfter, total, f.Recovery())
		f.Close()
	}
}
