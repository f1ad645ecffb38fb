//go:build unix

package zendesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/hypercare-go/hypercare"
	"github.com/hypercare-go/hypercare/ingest/internal/benchcpu"
)

// exportReader generates a page of the export with tickets tickets of five
// ticket events each (created; replied and opened; on hold; urgent while on
// hold; back open and solved, an hour apart, the tickets created a minute
// apart), written as it is read, so the page never exists in memory whole.
type exportReader struct {
	tickets, next int
	buf           bytes.Buffer
	closed        bool
}

func newExportReader(tickets int) *exportReader {
	r := &exportReader{tickets: tickets}
	r.buf.WriteString(`{"count": 0, "end_of_stream": true, "end_time": 1780408800, "ticket_events": [`)
	return r
}

func (r *exportReader) Read(p []byte) (int, error) {
	for r.buf.Len() < len(p) && !r.closed {
		if r.next == r.tickets {
			r.buf.WriteString(`], "next_page": null}`)
			r.closed = true
			break
		}
		id, ts := r.next+1, 1780304400+int64(r.next)*60
		hour := func(h int64) string { return time.Unix(ts+h*3600, 0).UTC().Format(time.RFC3339) }
		if r.next > 0 {
			r.buf.WriteByte(',')
		}
		fmt.Fprintf(&r.buf, `{"id":%d1,"ticket_id":%d,"timestamp":%d,"updater_id":9001,"via":"Mail","event_type":"Audit","merged_ticket_ids":[],"child_events":[`+
			`{"id":%d11,"status":"new","event_type":"Create"},{"id":%d12,"priority":"normal","event_type":"Create"},{"id":%d13,"type":"incident","event_type":"Create"},{"id":%d14,"group_id":360,"event_type":"Create"}]},`,
			id, id, ts, id, id, id, id)
		fmt.Fprintf(&r.buf, `{"id":%d2,"ticket_id":%d,"created_at":%q,"updater_id":7,"via":"Web form","event_type":"Audit","child_events":[`+
			`{"id":%d21,"comment_present":true,"comment_public":true,"event_type":"Comment"},{"id":%d22,"status":"open","previous_value":"new","event_type":"Change"},{"id":%d23,"assignee_id":7,"previous_value":null,"event_type":"Change"}]},`,
			id, id, hour(1), id, id, id)
		fmt.Fprintf(&r.buf, `{"id":%d3,"ticket_id":%d,"created_at":%q,"updater_id":7,"event_type":"Audit","child_events":[{"id":%d31,"status":"hold","previous_value":"open","event_type":"Change"}]},`, id, id, hour(2), id)
		fmt.Fprintf(&r.buf, `{"id":%d4,"ticket_id":%d,"created_at":%q,"updater_id":7,"event_type":"Audit","child_events":[{"id":%d41,"priority":"urgent","previous_value":"normal","event_type":"Change"}]},`, id, id, hour(3), id)
		fmt.Fprintf(&r.buf, `{"id":%d5,"ticket_id":%d,"created_at":%q,"updater_id":8,"event_type":"Audit","child_events":[{"id":%d51,"status":"solved","previous_value":"hold","event_type":"Change"}]}`, id, id, hour(4), id)
		r.next++
	}
	n, _ := r.buf.Read(p)
	if n == 0 && r.closed {
		return 0, io.EOF
	}
	return n, nil
}

// BenchmarkDecode streams 100,000 tickets × 5 ticket events and maps each
// update to events, keeping nothing: its peak heap is what streaming costs,
// whatever the size of the page.
func BenchmarkDecode(b *testing.B) {
	for _, tickets := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("tickets=%d", tickets), func(b *testing.B) {
			m := testMapping()
			b.ReportAllocs()
			var peak uint64
			var ms runtime.MemStats
			start := benchcpu.Used()
			for b.Loop() {
				d := NewDecoder(newExportReader(tickets))
				n := 0
				for {
					rec, err := d.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if _, err := m.Events(rec.Ticket, rec.Update); err != nil {
						b.Fatal(err)
					}
					if n++; n%50_000 == 0 {
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapAlloc)
					}
				}
				if n != 5*tickets {
					b.Fatalf("read %d ticket events, want %d", n, 5*tickets)
				}
			}
			benchcpu.Report(b, start)
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// BenchmarkImport builds the issues of 100,000 tickets × 5 ticket events:
// the issues are the output, so its memory grows with the tickets.
func BenchmarkImport(b *testing.B) {
	m := testMapping()
	b.ReportAllocs()
	start := benchcpu.Used()
	defer benchcpu.Report(b, start)
	for b.Loop() {
		ex, err := Import(newExportReader(100_000), m)
		if err != nil {
			b.Fatal(err)
		}
		if len(ex.Issues) != 100_000 || len(ex.Issues[99_999].Held()) != 0 {
			b.Fatalf("%d issues, the last holding %v", len(ex.Issues), ex.Issues[99_999].Held())
		}
	}
}

// BenchmarkDecodeWhole is the naive baseline: the whole page read into
// memory and unmarshalled at once.
func BenchmarkDecodeWhole(b *testing.B) {
	b.ReportAllocs()
	start := benchcpu.Used()
	defer benchcpu.Report(b, start)
	for b.Loop() {
		data, err := io.ReadAll(newExportReader(100_000))
		if err != nil {
			b.Fatal(err)
		}
		var page struct {
			TicketEvents []ticketEvent `json:"ticket_events"`
		}
		if err := json.Unmarshal(data, &page); err != nil {
			b.Fatal(err)
		}
		for _, te := range page.TicketEvents {
			if _, err := te.record(); err != nil {
				b.Fatal(err)
			}
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-at-end-MiB")
		_ = hypercare.Update{}
	}
}

// BenchmarkGenerate measures the generator alone, to subtract from the
// benchmarks above: writing the JSON costs as much as some of reading it.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	start := benchcpu.Used()
	defer benchcpu.Report(b, start)
	for b.Loop() {
		if _, err := io.Copy(io.Discard, newExportReader(100_000)); err != nil {
			b.Fatal(err)
		}
	}
}
