//go:build !unix

package store

import (
	"errors"
	"fmt"
	"io"
	"runtime"
)

// lockFile fails: the file backend relies on flock to keep a second writer
// out, and this platform has none, so it refuses to run rather than risk
// two writers on one journal.
func lockFile(name string) (io.Closer, error) {
	return nil, fmt.Errorf("store: %s: the file backend needs flock, which %s does not have: %w", name, runtime.GOOS, errors.ErrUnsupported)
}
