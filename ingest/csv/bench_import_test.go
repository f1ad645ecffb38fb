//go:build unix

package csv

import (
	"testing"

	"github.com/hypercare-go/hypercare/ingest/internal/benchcpu"
)

// BenchmarkImport builds the issues of 100,000 tickets × 5 rows, end to
// end: reading, mapping and inserting. The issues are the output, so its
// memory grows with the tickets.
func BenchmarkImport(b *testing.B) {
	m := jsmMapping()
	b.ReportAllocs()
	start := benchcpu.Used()
	for b.Loop() {
		issues, err := Import(newFileReader(100_000), jsmConfig(), m)
		if err != nil {
			b.Fatal(err)
		}
		if len(issues) != 100_000 || len(issues[99_999].Held()) != 0 {
			b.Fatalf("%d issues, the last holding %v", len(issues), issues[99_999].Held())
		}
	}
	benchcpu.Report(b, start)
}
