package browsertest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium is Debian's Chromium, which .ci/chromium.sh installs;
// HYPERCARE_CHROMIUM names another binary.
func chromium(t *testing.T) string {
	t.Helper()
	path := cmpOr(os.Getenv("HYPERCARE_CHROMIUM"), "/usr/bin/chromium")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no Chromium at %s (%v): install it with bash .ci/chromium.sh, or set HYPERCARE_CHROMIUM", path, err)
	}
	return path
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// quickstartPages runs the quickstart with -html, as a user would, and
// returns the daily and weekly pages it wrote.
func quickstartPages(t *testing.T) (daily, weekly string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command to run the quickstart: %v", err)
	}
	dir := t.TempDir()
	daily = filepath.Join(dir, "status.html")
	cmd := exec.Command(goTool, "run", "./examples/quickstart", "-dir", filepath.Join(dir, "store"), "-html", daily)
	cmd.Dir = ".." // the root module
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run ./examples/quickstart -html: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "daily status page: "+daily) {
		t.Errorf("the quickstart does not say where the page went:\n%.2000s", out)
	}
	return daily, filepath.Join(dir, "status-weekly.html")
}

// browser starts headless Chromium with a new, empty profile and returns a
// context for one tab.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true), // so the layout width is the viewport's
		chromedp.UserDataDir(t.TempDir()),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancel)
	return ctx
}

// chart is what the page says about one of its SVG charts.
type chart struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Desc  string `json:"desc"`
	Label string `json:"label"` // the aria-labelledby ids resolve to this text
	Marks int    `json:"marks"`
}

const chartsJS = `[...document.querySelectorAll("svg.chart")].map(s => ({
	id: s.dataset.chart || "",
	title: (s.querySelector(":scope > title") || {}).textContent || "",
	desc: (s.querySelector(":scope > desc") || {}).textContent || "",
	label: (s.getAttribute("aria-labelledby") || "").split(" ").map(id => (document.getElementById(id) || {}).textContent || "").join(" ").trim(),
	marks: s.querySelectorAll(".marks rect, .marks path, .marks circle").length,
}))`

// findings are what inspect saw of a page.
type findings struct {
	requests []string // URLs the page asked for
	logged   []string // console errors, exceptions, error log entries
	widths   map[int64]int64
	charts   map[int64][]chart
	shots    []string
}

// inspect opens the file in a new headless Chromium at 375 and 1280 px and
// saves a full-page screenshot at each width in shots, named after name.
func inspect(t *testing.T, file, shots, name string) findings {
	t.Helper()
	ctx := browser(t)
	f := findings{widths: map[int64]int64{}, charts: map[int64][]chart{}}
	var mu sync.Mutex
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			f.requests = append(f.requests, ev.Request.URL)
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				f.logged = append(f.logged, fmt.Sprintf("console.%s", ev.Type))
			}
		case *runtime.EventExceptionThrown:
			f.logged = append(f.logged, "exception: "+ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				f.logged = append(f.logged, fmt.Sprintf("log %s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	})
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	fileURL := (&url.URL{Scheme: "file", Path: file}).String()
	for _, width := range []int64{375, 1280} {
		if err := chromedp.Do(tctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(fileURL)); err != nil {
			t.Fatalf("opening %s at %d px: %v", fileURL, width, err)
		}
		scroll, err := chromedp.Run(tctx, chromedp.Evaluate[int64]("document.documentElement.scrollWidth"))
		if err != nil {
			t.Fatal(err)
		}
		charts, err := chromedp.Run(tctx, chromedp.Evaluate[[]chart](chartsJS))
		if err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		shot := filepath.Join(shots, fmt.Sprintf("%s-%d.png", name, width))
		if err := os.WriteFile(shot, png, 0o644); err != nil {
			t.Fatal(err)
		}
		f.widths[width], f.charts[width], f.shots = scroll, charts, append(f.shots, shot)
	}
	// Let late events (a failed fetch's log entry) arrive before reading.
	_ = chromedp.Do(tctx, chromedp.Sleep(200*time.Millisecond))
	mu.Lock()
	defer mu.Unlock()
	f.requests, f.logged = slices.Clone(f.requests), slices.Clone(f.logged)
	return f
}

// problems judges the findings of the page at file: it must fetch nothing
// but itself, log no error, fit 375 px, and have at least minCharts charts,
// each with its text alternative and marks.
func (f findings) problems(file string, minCharts int) []string {
	var out []string
	fileURL := (&url.URL{Scheme: "file", Path: file}).String()
	if len(f.requests) == 0 {
		out = append(out, "saw no request at all: is the network domain listened to?")
	}
	for _, u := range f.requests {
		if u != fileURL {
			out = append(out, fmt.Sprintf("fetched %s; only %s may be loaded", u, fileURL))
		}
	}
	for _, l := range f.logged {
		out = append(out, "logged an error: "+l)
	}
	if w := f.widths[375]; w > 375 {
		out = append(out, fmt.Sprintf("at 375 px the page is %d px wide: it overflows", w))
	}
	for _, width := range []int64{375, 1280} {
		charts := f.charts[width]
		if len(charts) < minCharts {
			out = append(out, fmt.Sprintf("at %d px: %d charts, want at least %d", width, len(charts), minCharts))
		}
		for _, c := range charts {
			if c.ID == "" || c.Title == "" || c.Desc == "" || !strings.Contains(c.Label, c.Title) || !strings.Contains(c.Label, c.Desc) {
				out = append(out, fmt.Sprintf("chart %q lacks its text alternative: %+v", c.ID, c))
			}
			if c.Marks == 0 {
				out = append(out, fmt.Sprintf("chart %q (%s) has no marks", c.ID, c.Title))
			}
		}
	}
	return out
}

// screenshotDir is where screenshots go: the test's temporary directory, or
// HYPERCARE_SCREENSHOTS to keep them.
func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("HYPERCARE_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// The quickstart's pages in a real browser: nothing but the file is
// fetched, nothing is logged as an error, every chart has its text
// alternative and marks, and nothing overflows a 375 px phone. Screenshots at
// 375 and 1280 px go to the test's temporary directory.
func TestQuickstartPages(t *testing.T) {
	daily, weekly := quickstartPages(t)
	shots := screenshotDir(t)
	for _, page := range []struct{ name, file string }{{"daily", daily}, {"weekly", weekly}} {
		t.Run(page.name, func(t *testing.T) {
			f := inspect(t, page.file, shots, page.name)
			for _, p := range f.problems(page.file, 8) {
				t.Error(p)
			}
			for _, s := range f.shots {
				t.Logf("screenshot: %s", s)
			}
		})
	}
}

// The checks can fail: a page that fetches, logs an error, overflows and
// has a chart without a text alternative or marks is caught on each count.
func TestChecksCatchABadPage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "bad.html")
	bad := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<div style="width:600px">too wide</div>
<img src="http://127.0.0.1:9/pixel.png" alt="">
<svg class="chart" data-chart="bare" viewBox="0 0 10 10"><g class="marks"></g></svg>
<script>console.error("broken")</script>
</body></html>`
	if err := os.WriteFile(file, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(inspect(t, file, dir, "bad").problems(file, 2), "\n")
	for _, want := range []string{
		"fetched http://127.0.0.1:9/pixel.png",
		"logged an error: console.error",
		"at 375 px the page is",
		"at 375 px: 1 charts, want at least 2",
		`chart "bare" lacks its text alternative`,
		`chart "bare" () has no marks`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the checks missed %q; they said:\n%s", want, got)
		}
	}
}
