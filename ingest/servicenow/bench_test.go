//go:build unix

package servicenow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/hypercare-go/hypercare/ingest/internal/benchcpu"
)

// tableReader generates a Table API response of n results, each written by
// row as it is read, so the response never exists in memory whole.
type tableReader struct {
	n, next int
	row     func(buf *bytes.Buffer, k int)
	buf     bytes.Buffer
	closed  bool
}

func newTableReader(n int, row func(buf *bytes.Buffer, k int)) *tableReader {
	r := &tableReader{n: n, row: row}
	r.buf.WriteString(`{"result": [`)
	return r
}

func (r *tableReader) Read(p []byte) (int, error) {
	for r.buf.Len() < len(p) && !r.closed {
		if r.next == r.n {
			r.buf.WriteString(`]}`)
			r.closed = true
			break
		}
		if r.next > 0 {
			r.buf.WriteByte(',')
		}
		r.row(&r.buf, r.next)
		r.next++
	}
	n, _ := r.buf.Read(p)
	if n == 0 && r.closed {
		return 0, io.EOF
	}
	return n, nil
}

// incidents generates n incidents, resolved now, in Critical, grp-apps.
func incidents(n int) io.Reader {
	return newTableReader(n, func(buf *bytes.Buffer, k int) {
		fmt.Fprintf(buf, `{"sys_id":"inc%08d","number":"INC%07d","short_description":"Payroll run fails for part-timers in plant %d",`+
			`"sys_created_on":"2026-06-01 07:00:00","sys_created_by":"priya","sys_updated_on":"2026-06-02 15:00:00","state":"6","incident_state":"6",`+
			`"priority":"1","urgency":"1","impact":"1","category":"software","reopen_count":"0",`+
			`"assignment_group":{"link":"https://acme.service-now.com/api/now/table/sys_user_group/grp-apps","value":"grp-apps"},`+
			`"assigned_to":{"link":"https://acme.service-now.com/api/now/table/sys_user/usr-raj","value":"usr-raj"}}`, k, k, k)
	})
}

// audits generates the four audit rows of each of n incidents: in
// progress, on hold, Critical while on hold, resolved in grp-apps by raj;
// with the incidents' rows interleaved as sys_audit lists them, by time.
func audits(n int) io.Reader {
	rows := []string{
		`"fieldname":"state","oldvalue":"1","newvalue":"2","sys_created_on":"2026-06-01 08:00:00","user":"ana"`,
		`"fieldname":"state","oldvalue":"2","newvalue":"3","sys_created_on":"2026-06-01 09:00:00","user":"ana"`,
		`"fieldname":"priority","oldvalue":"3","newvalue":"1","sys_created_on":"2026-06-01 10:00:00","user":"ana"`,
		`"fieldname":"state","oldvalue":"3","newvalue":"6","sys_created_on":"2026-06-02 15:00:00","user":"raj"`,
	}
	return newTableReader(4*n, func(buf *bytes.Buffer, k int) {
		inc, row := k%n, k/n
		fmt.Fprintf(buf, `{"sys_id":"aud%d-%d","documentkey":"inc%08d","tablename":"incident",%s,"record_checkpoint":"%d"}`, inc, row, inc, rows[row], row+1)
	})
}

// BenchmarkImport builds 100,000 incidents from their records and 400,000
// audit rows: 5 updates each. The audit rows stream; the incidents are the
// output.
func BenchmarkImport(b *testing.B) {
	m := testMapping()
	b.ReportAllocs()
	start := benchcpu.Used()
	for b.Loop() {
		issues, err := Import(incidents(100_000), audits(100_000), m)
		if err != nil {
			b.Fatal(err)
		}
		if len(issues) != 100_000 || issues[0].Len() != 5 {
			b.Fatalf("%d issues, the first of %d events: %v", len(issues), issues[0].Len(), issues[0].Events())
		}
	}
	benchcpu.Report(b, start)
}

// BenchmarkImportWhole is the naive baseline: both responses read into
// memory and unmarshalled at once before the same replay.
func BenchmarkImportWhole(b *testing.B) {
	b.ReportAllocs()
	start := benchcpu.Used()
	for b.Loop() {
		var incs struct{ Result []incident }
		var auds struct{ Result []audit }
		for _, x := range []struct {
			r io.Reader
			v any
		}{{incidents(100_000), &incs}, {audits(100_000), &auds}} {
			data, err := io.ReadAll(x.r)
			if err != nil {
				b.Fatal(err)
			}
			if err := json.Unmarshal(data, x.v); err != nil {
				b.Fatal(err)
			}
		}
		if len(incs.Result) != 100_000 || len(auds.Result) != 400_000 {
			b.Fatal("short read")
		}
	}
	benchcpu.Report(b, start)
}

// BenchmarkGenerate measures the generators alone, to subtract from the
// benchmarks above.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	start := benchcpu.Used()
	for b.Loop() {
		for _, r := range []io.Reader{incidents(100_000), audits(100_000)} {
			if _, err := io.Copy(io.Discard, r); err != nil {
				b.Fatal(err)
			}
		}
	}
	benchcpu.Report(b, start)
}
