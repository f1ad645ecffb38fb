//go:build unix

// Package benchcpu measures the CPU time a benchmark's process spends,
// which on a machine shared with other work says more than the wall time
// the benchmark reports.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Used returns the user and system CPU time the process has used.
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Report reports the CPU seconds per operation since start as the metric
// cpu-s/op.
func Report(b *testing.B, start time.Duration) {
	b.ReportMetric((Used()-start).Seconds()/float64(b.N), "cpu-s/op")
}
