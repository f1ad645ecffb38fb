//go:build unix

package jsm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"testing"

	"github.com/hypercare-go/hypercare/ingest/internal/benchcpu"
)

// searchReader generates a page of search results with issues issues of
// five updates each (created; waiting for customer with ana; High while
// waiting; a public reply; resolved by raj), written as it is read, so the
// page never exists in memory whole.
type searchReader struct {
	issues, next int
	buf          bytes.Buffer
	closed       bool
}

func newSearchReader(issues int) *searchReader {
	r := &searchReader{issues: issues}
	fmt.Fprintf(&r.buf, `{"expand": "schema,names", "startAt": 0, "maxResults": %d, "total": %d, "issues": [`, issues, issues)
	return r
}

func (r *searchReader) Read(p []byte) (int, error) {
	for r.buf.Len() < len(p) && !r.closed {
		if r.next == r.issues {
			r.buf.WriteString(`]}`)
			r.closed = true
			break
		}
		k := r.next
		if k > 0 {
			r.buf.WriteByte(',')
		}
		fmt.Fprintf(&r.buf, `{"expand":"operations,changelog","id":"%d","self":"https://acme.atlassian.net/rest/api/3/issue/%d","key":"HD-%d","fields":{`+
			`"summary":"Payroll run fails for part-timers in plant %d","created":"2026-03-28T16:00:00.000+0100","updated":"2026-03-30T17:00:00.000+0200",`+
			`"status":{"self":"https://acme.atlassian.net/rest/api/3/status/5","name":"Resolved","id":"5"},"priority":{"name":"High","id":"2"},`+
			`"issuetype":{"name":"Incident","id":"10002"},"assignee":{"accountId":"raj-acct","displayName":"Raj"},"reporter":{"accountId":"alice-acct","displayName":"Alice"},`+
			`"comment":{"startAt":0,"maxResults":1,"total":1,"comments":[{"id":"%d","author":{"accountId":"ana-acct"},"body":"Which pay group?","created":"2026-03-29T02:00:00.000+0100","jsdPublic":true}]}},`+
			`"changelog":{"startAt":0,"maxResults":3,"total":3,"histories":[`+
			`{"id":"%d3","author":{"accountId":"raj-acct"},"created":"2026-03-30T17:00:00.000+0200","items":[{"field":"status","fieldtype":"jira","fieldId":"status","from":"3","fromString":"Waiting for customer","to":"5","toString":"Resolved"},{"field":"assignee","fieldtype":"jira","fieldId":"assignee","from":"ana-acct","fromString":"Ana","to":"raj-acct","toString":"Raj"}]},`+
			`{"id":"%d2","author":{"accountId":"ana-acct"},"created":"2026-03-29T03:30:00.000+0200","items":[{"field":"priority","fieldtype":"jira","fieldId":"priority","from":"3","fromString":"Medium","to":"2","toString":"High"}]},`+
			`{"id":"%d1","author":{"accountId":"ana-acct"},"created":"2026-03-29T01:30:00.000+0100","items":[{"field":"status","fieldtype":"jira","fieldId":"status","from":"10001","fromString":"Waiting for support","to":"10003","toString":"Waiting for customer"},{"field":"assignee","fieldtype":"jira","fieldId":"assignee","from":null,"fromString":null,"to":"ana-acct","toString":"Ana"}]}]}}`,
			10000+k, 10000+k, k, k, 20000+k, k, k, k)
		r.next++
	}
	n, _ := r.buf.Read(p)
	if n == 0 && r.closed {
		return 0, io.EOF
	}
	return n, nil
}

// BenchmarkDecode streams 100,000 issues × 5 updates and maps each update
// to events, keeping nothing: its peak heap is what streaming costs.
func BenchmarkDecode(b *testing.B) {
	m := testMapping()
	b.ReportAllocs()
	var peak uint64
	var ms runtime.MemStats
	start := benchcpu.Used()
	for b.Loop() {
		d := NewDecoder(newSearchReader(100_000))
		n := 0
		for {
			t, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			for _, u := range t.Updates {
				if _, err := m.Events(t.Key, u); err != nil {
					b.Fatal(err)
				}
			}
			if n++; n%20_000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
		if n != 100_000 {
			b.Fatalf("read %d issues", n)
		}
	}
	benchcpu.Report(b, start)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkImport builds the issues of 100,000 issues × 5 updates: the
// issues are the output, so its memory grows with them.
func BenchmarkImport(b *testing.B) {
	m := testMapping()
	b.ReportAllocs()
	start := benchcpu.Used()
	for b.Loop() {
		issues, _, err := Import(newSearchReader(100_000), m)
		if err != nil {
			b.Fatal(err)
		}
		if len(issues) != 100_000 || issues[0].Len() != 7 {
			b.Fatalf("%d issues, the first of %d events", len(issues), issues[0].Len())
		}
	}
	benchcpu.Report(b, start)
}

// BenchmarkDecodeWhole is the naive baseline: the whole page read into
// memory and unmarshalled at once.
func BenchmarkDecodeWhole(b *testing.B) {
	b.ReportAllocs()
	start := benchcpu.Used()
	for b.Loop() {
		data, err := io.ReadAll(newSearchReader(100_000))
		if err != nil {
			b.Fatal(err)
		}
		var page struct {
			Issues []issue `json:"issues"`
		}
		if err := json.Unmarshal(data, &page); err != nil {
			b.Fatal(err)
		}
		for _, is := range page.Issues {
			if _, err := is.ticket(); err != nil {
				b.Fatal(err)
			}
		}
	}
	benchcpu.Report(b, start)
}

// BenchmarkGenerate measures the generator alone, to subtract from the
// benchmarks above.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	start := benchcpu.Used()
	for b.Loop() {
		if _, err := io.Copy(io.Discard, newSearchReader(100_000)); err != nil {
			b.Fatal(err)
		}
	}
	benchcpu.Report(b, start)
}
