package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// A log file — the journal, or a snapshot — is a header, then records
// (codec.go) in groups. A group is what one write and one fsync put on disk:
// the records of one or more writes, closed by a commit record that holds
// the group's length and CRC32C. A group applies as a whole or not at all,
// which makes a batch atomic, and lets recovery tell a torn tail from damage:
//
//   - groups are written one after another, each only after the previous
//     one's fsync returned, so a valid commit record after a damaged byte
//     proves the damaged group was acknowledged: that is ErrCorrupt, and
//     nothing is cut;
//   - with no valid commit after it, the damage is the tail of a write that
//     never finished (torn, zero-filled, or persisted out of order: the
//     group CRC catches a missing page that the record CRCs would not): it
//     was never acknowledged, so it is cut off.
//
// The header is 28 bytes: magic "hcstore\x00", format version, kind (journal
// or snapshot) and generation as little-endian uint32, uint32, uint64, and a
// CRC32C of those 24 bytes. A snapshot of generation g holds everything
// written to the journals before generation g; it is read first, then the
// journal of generation g, if it is not older.
const (
	headerSize        = 28
	formatVersion     = 2 // written; 1 and 2 are read (see codec.go)
	kindJournal       = 1
	kindSnapshot      = 2
	commitPayloadSize = 13
	commitFrameSize   = frameHeaderSize + commitPayloadSize
)

var magic = [8]byte{'h', 'c', 's', 't', 'o', 'r', 'e', 0}

var kindNames = [...]string{"", "journal", "snapshot"}

func appendHeader(b []byte, kind uint32, gen uint64) []byte {
	start := len(b)
	b = append(b, magic[:]...)
	b = binary.LittleEndian.AppendUint32(b, formatVersion)
	b = binary.LittleEndian.AppendUint32(b, kind)
	b = binary.LittleEndian.AppendUint64(b, gen)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b[start:], castagnoli))
}

// readHeader returns the generation in the header of a log of the given
// kind, and the file's size.
func readHeader(f file, path string, kind uint32) (gen uint64, size int64, err error) {
	if size, err = f.Size(); err != nil {
		return 0, 0, err
	}
	var h [headerSize]byte
	if size < headerSize {
		return 0, 0, &CorruptError{File: path, Reason: fmt.Sprintf("%d bytes, shorter than the %d-byte header", size, headerSize)}
	}
	if _, err := f.ReadAt(h[:], 0); err != nil {
		return 0, 0, err
	}
	le := binary.LittleEndian
	switch {
	case [8]byte(h[:8]) != magic:
		return 0, 0, &CorruptError{File: path, Reason: "not a hypercare store file (bad magic)"}
	case le.Uint32(h[24:]) != crc32.Checksum(h[:24], castagnoli):
		return 0, 0, &CorruptError{File: path, Reason: "header checksum mismatch"}
	case le.Uint32(h[8:]) < 1 || le.Uint32(h[8:]) > formatVersion:
		return 0, 0, fmt.Errorf("store: %s: format version %d; this library reads versions 1 to %d", path, le.Uint32(h[8:]), formatVersion)
	case le.Uint32(h[12:]) != kind:
		return 0, 0, &CorruptError{File: path, Reason: fmt.Sprintf("header says kind %d, want %s", le.Uint32(h[12:]), kindNames[kind])}
	}
	return le.Uint64(h[16:]), size, nil
}

// appendCommit closes the group b[start:] with its commit record.
func appendCommit(b []byte, start int) []byte {
	return appendCommitRecord(b, int64(len(b)-start), crc32.Checksum(b[start:], castagnoli))
}

// appendCommitRecord appends the commit record of a group of size bytes
// whose CRC32C is crc.
func appendCommitRecord(b []byte, size int64, crc uint32) []byte {
	b, rec := beginRecord(b, opCommit)
	b = binary.LittleEndian.AppendUint64(b, uint64(size))
	b = binary.LittleEndian.AppendUint32(b, crc)
	b, _ = endRecord(b, rec) // 13 bytes: never too large
	return b
}

// replayed is what replay found in a log.
type replayed struct {
	// end is the offset just past the last complete group: where the log
	// ends once a torn tail is cut.
	end int64
	// size is the file's size; size > end means a torn tail.
	size int64
	// damage is where the torn tail's first bad record starts, and why.
	damage    int64
	damageWhy string
}

type pendingChange struct {
	c   change
	off int64
}

// replay reads the records of the log f (its header already read) and
// applies each complete group to t. With allowTorn (the journal), damage
// that only a torn write can explain ends the log at the last complete group;
// otherwise (a snapshot, always complete, or damage before a later commit) it
// is a *CorruptError. An error reading f is returned as is.
func replay(f file, path string, size int64, allowTorn bool, t *tables) (replayed, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(f, headerSize, size-headerSize), 1<<16)
	var (
		off        = int64(headerSize)
		groupStart = off
		groupCRC   uint32
		pending    []pendingChange
		hdr        [frameHeaderSize]byte
		payload    []byte
		why        string
	)
	le := binary.LittleEndian
	for off < size {
		if size-off < frameHeaderSize {
			why = "record header is incomplete"
			break
		}
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return replayed{}, fmt.Errorf("store: read %s: %w", path, err)
		}
		n := int64(le.Uint32(hdr[:4]))
		if n == 0 || n > MaxRecordSize {
			why = fmt.Sprintf("record length %d is out of range [1, %d]", n, MaxRecordSize)
			break
		}
		if n > size-off-frameHeaderSize {
			why = fmt.Sprintf("record of %d bytes runs past the end of the file", n)
			break
		}
		if int64(cap(payload)) < n {
			payload = make([]byte, n, max(n, 4096))
		}
		payload = payload[:n]
		if _, err := io.ReadFull(r, payload); err != nil {
			return replayed{}, fmt.Errorf("store: read %s: %w", path, err)
		}
		if frameCRC(hdr[:4], payload) != le.Uint32(hdr[4:]) {
			why = "record checksum mismatch"
			break
		}
		if payload[0] == opCommit {
			if n != commitPayloadSize {
				return replayed{}, &CorruptError{File: path, Offset: off, Reason: fmt.Sprintf("commit record of %d bytes", n)}
			}
			if le.Uint64(payload[1:]) != uint64(off-groupStart) || le.Uint32(payload[9:]) != groupCRC {
				why = "commit record does not match its group"
				break
			}
			for _, p := range pending {
				if err := p.c.check(t); err != nil {
					return replayed{}, &CorruptError{File: path, Offset: p.off, Reason: "record does not apply: " + err.Error()}
				}
				p.c.apply(t)
			}
			clear(pending)
			pending, groupCRC, groupStart = pending[:0], 0, off+frameHeaderSize+n
		} else {
			c, err := decodeChange(payload)
			if err != nil {
				return replayed{}, &CorruptError{File: path, Offset: off, Reason: "bad record: " + err.Error()}
			}
			pending = append(pending, pendingChange{c, off})
			groupCRC = crc32.Update(crc32.Update(groupCRC, castagnoli, hdr[:]), castagnoli, payload)
		}
		off += frameHeaderSize + n
	}
	res := replayed{end: groupStart, size: size}
	if why == "" && off == groupStart {
		return res, nil
	}
	if why == "" {
		off, why = groupStart, "last group has no commit record"
	}
	if !allowTorn {
		return replayed{}, &CorruptError{File: path, Offset: off, Reason: why}
	}
	later, err := commitAfter(f, off+1, size)
	if err != nil {
		return replayed{}, fmt.Errorf("store: read %s: %w", path, err)
	}
	if later >= 0 {
		return replayed{}, &CorruptError{File: path, Offset: off, Reason: fmt.Sprintf("%s, and the later group committed at offset %d is intact", why, later)}
	}
	res.damage, res.damageWhy = off, why
	return res, nil
}

// commitAfter returns the offset of the first valid commit record, with its
// group intact, at or after from; or -1 if there is none. It only runs on
// damage, so it favours simplicity: a window slides over the rest of the
// file, each position is tested as a commit frame, and a candidate's group
// is checked by reading it again.
func commitAfter(f file, from, size int64) (int64, error) {
	const window = 64 << 10
	buf := make([]byte, window+commitFrameSize)
	le := binary.LittleEndian
	for p := from; p+commitFrameSize <= size; {
		n := int(min(int64(len(buf)), size-p))
		if _, err := f.ReadAt(buf[:n], p); err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		for i := 0; i+commitFrameSize <= n; i++ {
			c := buf[i : i+commitFrameSize]
			if le.Uint32(c) != commitPayloadSize || c[frameHeaderSize] != opCommit ||
				le.Uint32(c[4:]) != frameCRC(c[:4], c[frameHeaderSize:]) {
				continue
			}
			at := p + int64(i)
			glen := le.Uint64(c[frameHeaderSize+1:])
			if glen == 0 || glen > uint64(at-headerSize) {
				continue
			}
			crc, err := crcOf(f, at-int64(glen), at)
			if err != nil {
				return 0, err
			}
			if crc == le.Uint32(c[frameHeaderSize+9:]) {
				return at, nil
			}
		}
		p += int64(n - commitFrameSize + 1)
	}
	return -1, nil
}

func crcOf(f file, from, to int64) (uint32, error) {
	h := crc32.New(castagnoli)
	if _, err := io.Copy(h, io.NewSectionReader(f, from, to-from)); err != nil {
		return 0, err
	}
	return h.Sum32(), nil
}
