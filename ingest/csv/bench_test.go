package csv

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"
)

// fileReader generates a file of tickets tickets × 5 rows (created;
// waiting for customer with a reply; High while waiting; in progress in
// Apps; resolved), written as it is read.
type fileReader struct {
	tickets, next int
	buf           bytes.Buffer
	done          bool
}

func newFileReader(tickets int) *fileReader {
	r := &fileReader{tickets: tickets}
	r.buf.WriteString("Issue key,History ID,Changed,Created,Status,Old status,Priority,Old priority,Issue Type,Old type,Assignment group,Old group,Assignee,Old assignee,Public reply,Author\n")
	return r
}

func (r *fileReader) Read(p []byte) (int, error) {
	for r.buf.Len() < len(p) && !r.done {
		if r.next == r.tickets {
			r.done = true
			break
		}
		k := r.next
		fmt.Fprintf(&r.buf, "HD-%d,%d-1,28/03/2026 16:00,true,Open,,Medium,,Incident,,Service Desk,,,,,alice\n", k, k)
		fmt.Fprintf(&r.buf, "HD-%d,%d-2,29/03/2026 01:30,,Waiting for customer,Open,,,,,,,,,true,ana\n", k, k)
		fmt.Fprintf(&r.buf, "HD-%d,%d-3,29/03/2026 03:30,,,,High,Medium,,,,,,,,ana\n", k, k)
		fmt.Fprintf(&r.buf, "HD-%d,%d-4,30/03/2026 09:00,,In Progress,Waiting for customer,,,,,Apps,Service Desk,raj,,,raj\n", k, k)
		fmt.Fprintf(&r.buf, "HD-%d,%d-5,30/03/2026 17:00,,Resolved,In Progress,,,,,,,,,,raj\n", k, k)
		r.next++
	}
	n, _ := r.buf.Read(p)
	if n == 0 && r.done {
		return 0, io.EOF
	}
	return n, nil
}

// BenchmarkDecode reads 10,000 and 100,000 tickets × 5 rows and maps each
// row, keeping nothing: the peak heap stays flat as the file grows.
func BenchmarkDecode(b *testing.B) {
	for _, tickets := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("tickets=%d", tickets), func(b *testing.B) {
			m := jsmMapping()
			b.ReportAllocs()
			var peak uint64
			var ms runtime.MemStats
			for b.Loop() {
				rd, err := NewReader(newFileReader(tickets), jsmConfig())
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for {
					rec, err := rd.Next()
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
					b.Fatalf("read %d rows, want %d", n, 5*tickets)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// BenchmarkGenerate measures the generator alone, to subtract from
// BenchmarkDecode.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := io.Copy(io.Discard, newFileReader(100_000)); err != nil {
			b.Fatal(err)
		}
	}
}
