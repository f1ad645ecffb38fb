package store

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync/atomic"
)

// chunkSize bounds what a group commit holds in memory: once the records
// encoded exceed it, they are written out (not yet synced) and the buffer
// is reused, so an import of any size needs a buffer of about this size
// (plus one issue's records), allocated once and kept between groups.
const chunkSize = 1 << 20

// groupWriter writes one group commit to the journal at the end of the
// last committed group: the records of its writes, streamed out in chunks
// as they are encoded, then the commit record with the group's length and
// running CRC, then one fsync.
//
// A write whose records fail to encode (ErrTooLarge) after some of them
// were written out is rewound: the writer goes back to where its records
// began, rereading the bytes before it to restore the CRC, and later
// records overwrite its bytes; what the commit leaves beyond its end is cut
// before the fsync.
type groupWriter struct {
	j     file
	start int64  // where the group starts: the end of the last committed group
	at    int64  // where b goes
	b     []byte // records encoded and not yet written out
	crc   uint32 // of the group's bytes before at
	high  int64  // the end of what was written out, rewound or not
	err   error  // the first write that failed: the group fails with it
	// stop, when set, is polled between the units of a batch: once it is
	// true, add rewinds the batch and returns errStopped. checkAndAdd sets
	// it when the batch's check, running meanwhile, refused it.
	stop *atomic.Bool
}

// errStopped is add's answer to a stop: the batch was rewound unfinished.
var errStopped = errors.New("store: encoding stopped: the write was refused")

// mark is where a write's records begin.
type mark struct {
	at  int64
	n   int // len(b)
	crc uint32
}

func (w *groupWriter) mark() mark { return mark{w.at, len(w.b), w.crc} }

// add appends the records of c. It returns the error of encoding them
// (ErrTooLarge), leaving the group as it was; an error writing out a chunk
// is kept in w.err instead, as it fails the whole group.
func (w *groupWriter) add(c change) error {
	if w.err != nil {
		return nil
	}
	bc, ok := c.(batchChange)
	if !ok {
		var err error
		if w.b, err = c.appendRecords(w.b); err != nil {
			return err
		}
		w.flushIfFull()
		return nil
	}
	m := w.mark()
	for i := range bc.units() {
		if w.stop != nil && w.stop.Load() {
			w.rewind(m)
			return errStopped
		}
		var err error
		if w.b, err = bc.appendUnit(w.b, i); err != nil {
			w.rewind(m)
			return err
		}
		if w.flushIfFull(); w.err != nil {
			return nil
		}
	}
	return nil
}

// flushIfFull writes b out once it holds a chunk.
func (w *groupWriter) flushIfFull() {
	if len(w.b) < chunkSize {
		return
	}
	if _, err := w.j.WriteAt(w.b, w.at); err != nil {
		w.err = fmt.Errorf("write %d bytes at offset %d: %w", len(w.b), w.at, err)
		return
	}
	if wb, ok := w.j.(interface{ startWriteback(off, n int64) }); ok {
		wb.startWriteback(w.at, int64(len(w.b)))
	}
	w.crc = crc32.Update(w.crc, castagnoli, w.b)
	w.at += int64(len(w.b))
	w.high = max(w.high, w.at)
	w.b = w.b[:0]
}

// rewind drops what was added since m.
func (w *groupWriter) rewind(m mark) {
	if w.at == m.at {
		w.b = w.b[:m.n] // nothing written out since m
		return
	}
	// Reread the bytes between the last chunk boundary before m and m.
	end := m.at + int64(m.n)
	crc := m.crc
	if m.n > 0 {
		buf := make([]byte, m.n)
		if _, err := w.j.ReadAt(buf, m.at); err != nil && err != io.EOF {
			w.err = fmt.Errorf("reread %d bytes at offset %d: %w", m.n, m.at, err)
			return
		}
		crc = crc32.Update(crc, castagnoli, buf)
	}
	w.at, w.crc, w.b = end, crc, w.b[:0]
}

// empty reports whether the group holds no record and no write failed: a
// group whose write of a chunk failed is not empty even if rewound to
// nothing, for its writes after the failure were not written (add skips
// them), and they must fail with it rather than be answered as stored.
func (w *groupWriter) empty() bool { return w.at == w.start && len(w.b) == 0 && w.err == nil }

// commit appends the commit record, writes out the rest, cuts what a
// rewind left beyond the end, and fsyncs. It returns the new end of the
// journal, or the step that failed and its cause.
func (w *groupWriter) commit() (end int64, err error) {
	if w.err != nil {
		return 0, w.err
	}
	w.crc = crc32.Update(w.crc, castagnoli, w.b)
	w.b = appendCommitRecord(w.b, w.at+int64(len(w.b))-w.start, w.crc)
	if _, err := w.j.WriteAt(w.b, w.at); err != nil {
		return 0, fmt.Errorf("write %d bytes at offset %d: %w", len(w.b), w.at, err)
	}
	end = w.at + int64(len(w.b))
	if w.high > end {
		if err := w.j.Truncate(end); err != nil {
			return 0, fmt.Errorf("cut at offset %d: %w", end, err)
		}
	}
	if err := w.j.Sync(); err != nil {
		return 0, fmt.Errorf("fsync: %w", err)
	}
	return end, nil
}
