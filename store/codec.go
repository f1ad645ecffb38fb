package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/hypercare-go/hypercare"
)

// A record is [length uint32][CRC32C uint32][payload], little-endian, where
// length counts the payload and the CRC (Castagnoli) covers the four length
// bytes and the payload. The payload's first byte is its op; the rest depends
// on the op:
//
//	opCreateEngagement  the engagement's JSON
//	opUpdateEngagement  the engagement's JSON
//	opCreateIssue       engagement, ID, details, then events to the end
//	opAppendEvents      engagement, ID, version, then events to the end
//	opUpdateIssue       engagement, ID, version, details
//	opAddSignOff        the sign-off's JSON
//	opCommit            group length uint64, group CRC32C uint32 (see journal.go)
//
// where a string is a uvarint length and bytes, a time is Unix seconds
// (varint) and nanoseconds (uvarint), in UTC, and details and each event are
// blocks: a uvarint length, then the fields — details: title, workaround,
// fix-expected; an event: type, time, severity, kind, team (varints), person,
// reason. A reader reads the fields a block lacks as zero and skips those it
// does not know, so a field added to hypercare.Issue or hypercare.Event is
// added at the end of its block without a new format version (and
// TestCodecKnowsEveryField fails until it is). Engagements and sign-offs are
// rare and travel as JSON, which picks up new fields by itself; issues are
// the bulk and travel in binary, several times faster to replay than JSON.
const (
	opCreateEngagement byte = 1 + iota
	opUpdateEngagement
	opCreateIssue
	opAppendEvents
	opUpdateIssue
	opAddSignOff
	opCommit
)

var opNames = [...]string{"", "create-engagement", "update-engagement", "create-issue", "append-events", "update-issue", "add-sign-off", "commit"}

func opName(op byte) string {
	if int(op) < len(opNames) && op != 0 {
		return opNames[op]
	}
	return fmt.Sprintf("op(%d)", op)
}

// MaxRecordSize is the largest record payload, in bytes, the file backend
// writes or reads. A write that needs a larger record — an engagement whose
// JSON is larger, a single event or an issue's descriptive fields larger,
// give or take a few bytes — fails with ErrTooLarge; a longer timeline is
// simply split over several records. On read, a larger length is damage.
const MaxRecordSize = 1 << 20

const (
	frameHeaderSize = 8
	// recordSlack keeps live writes a little below MaxRecordSize so that
	// compaction, which may re-split a timeline with longer version numbers,
	// never needs a record above it.
	recordSlack     = 16
	maxWritePayload = MaxRecordSize - recordSlack
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// frameCRC returns the CRC of a record: its length bytes, then its payload.
func frameCRC(lenBytes, payload []byte) uint32 {
	return crc32.Update(crc32.Update(0, castagnoli, lenBytes), castagnoli, payload)
}

// beginRecord appends a record header placeholder and op to b; endRecord
// fills the header in once the payload is appended.
func beginRecord(b []byte, op byte) (_ []byte, start int) {
	start = len(b)
	return append(b, 0, 0, 0, 0, 0, 0, 0, 0, op), start
}

func endRecord(b []byte, start int) ([]byte, error) {
	n := len(b) - start - frameHeaderSize
	if n > maxWritePayload {
		return b[:start], fmt.Errorf("%w: a %s record of %d bytes (the limit is %d)", ErrTooLarge, opName(b[start+frameHeaderSize]), n, maxWritePayload)
	}
	binary.LittleEndian.PutUint32(b[start:], uint32(n))
	binary.LittleEndian.PutUint32(b[start+4:], frameCRC(b[start:start+4], b[start+frameHeaderSize:]))
	return b, nil
}

// appendRecord appends one record whose payload after the op fill appends.
func appendRecord(b []byte, op byte, fill func([]byte) []byte) ([]byte, error) {
	b, start := beginRecord(b, op)
	return endRecord(fill(b), start)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendTime encodes the instant; Unix seconds wrap around int64 for the
// most extreme times, and decoding wraps them back, so every instant
// survives.
func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

func appendKey(b []byte, eng hypercare.EngagementID, id hypercare.IssueID, version int) []byte {
	b = appendString(b, string(eng))
	b = appendString(b, string(id))
	return binary.AppendUvarint(b, uint64(version))
}

func appendDetails(b []byte, is hypercare.Issue) []byte {
	start := len(b)
	b = appendString(b, is.Title)
	b = appendString(b, is.Workaround)
	b = appendTime(b, is.FixExpected)
	return prefixLength(b, start)
}

func appendEvent(b []byte, e hypercare.Event) []byte {
	start := len(b)
	b = binary.AppendVarint(b, int64(e.Type))
	b = appendTime(b, e.At)
	b = binary.AppendVarint(b, int64(e.Severity))
	b = binary.AppendVarint(b, int64(e.Kind))
	b = binary.AppendVarint(b, int64(e.Team))
	b = appendString(b, string(e.Person))
	b = appendString(b, e.Reason)
	return prefixLength(b, start)
}

// prefixLength makes b[start:] a block: it inserts the block's length, as a
// uvarint, at start.
func prefixLength(b []byte, start int) []byte {
	var n [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(n[:], uint64(len(b)-start))
	b = append(b, n[:k]...)
	copy(b[start+k:], b[start:len(b)-k])
	copy(b[start:], n[:k])
	return b
}

// appendIssueRecords appends the records that create is: one record with
// its details and as many events as fit, then append-events records for the
// rest of a long timeline. All go in the same group commit, so they apply
// together or not at all.
func appendIssueRecords(b []byte, is hypercare.Issue) ([]byte, error) {
	mark := len(b)
	b, start := beginRecord(b, opCreateIssue)
	b = appendString(b, string(is.Engagement))
	b = appendString(b, string(is.ID))
	b = appendDetails(b, is)
	var err error
	for i, e := range is.Events() {
		end := len(b)
		b = appendEvent(b, e)
		if len(b)-start-frameHeaderSize <= maxWritePayload {
			continue
		}
		if b, err = endRecord(b[:end], start); err != nil {
			return b[:mark], fmt.Errorf("%s: %w", issueName(is.Engagement, is.ID), err)
		}
		b, start = beginRecord(b, opAppendEvents)
		b = appendKey(b, is.Engagement, is.ID, i)
		b = appendEvent(b, e)
	}
	if b, err = endRecord(b, start); err != nil {
		return b[:mark], fmt.Errorf("%s: %w", issueName(is.Engagement, is.ID), err)
	}
	return b, nil
}

// decoder reads a payload, or a block of it. The first error sticks; reads
// after it return zero values.
type decoder struct {
	b    []byte
	s    string // the same bytes as b: strings are cut from it without copies
	off  int
	base int  // where b starts in the payload, for error messages
	soft bool // a block: reading past its end gives zero values
	err  error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("byte %d of the payload: "+format, append([]any{d.base + d.off}, args...)...)
	}
}

func (d *decoder) more() bool { return d.err == nil && d.off < len(d.b) }

// ended reports whether a read must return a zero value: after an error, or
// at the end of a block (a field added after the block was written).
func (d *decoder) ended() bool { return d.err != nil || d.soft && d.off == len(d.b) }

// block returns a decoder over the next block and moves past it.
func (d *decoder) block() decoder {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.b)-d.off) {
		d.fail("block of %d bytes runs past the end", n)
	}
	if d.err != nil {
		return decoder{err: d.err}
	}
	end := d.off + int(n)
	sub := decoder{b: d.b[d.off:end], s: d.s[d.off:end], base: d.base + d.off, soft: true}
	d.off = end
	return sub
}

// done takes the error of a block read with sub; the bytes left in it are
// fields this library does not know, and are skipped.
func (d *decoder) done(sub *decoder) {
	if d.err == nil {
		d.err = sub.err
	}
}

func (d *decoder) uvarint() uint64 {
	if d.ended() {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.fail("bad uvarint")
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) varint() int64 {
	if d.ended() {
		return 0
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.off += n
	return v
}

// small reads a varint that must fit an enum or a count (so also int on
// 32-bit platforms).
func (d *decoder) small() int {
	v := d.varint()
	if v < -1<<31 || v >= 1<<31 {
		d.fail("value %d out of range", v)
		return 0
	}
	return int(v)
}

func (d *decoder) version() int {
	v := d.uvarint()
	if v >= 1<<31 {
		d.fail("version %d out of range", v)
		return 0
	}
	return int(v)
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.b)-d.off) {
		d.fail("string of %d bytes runs past the end", n)
		return ""
	}
	s := d.s[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

func (d *decoder) time() time.Time {
	if d.ended() {
		return time.Time{}
	}
	sec := d.varint()
	nsec := d.uvarint()
	if nsec >= 1e9 {
		d.fail("nanoseconds %d out of range", nsec)
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

func (d *decoder) details(is *hypercare.Issue) {
	b := d.block()
	is.Title = b.str()
	is.Workaround = b.str()
	is.FixExpected = b.time()
	d.done(&b)
}

// events reads events up to the end of the payload.
func (d *decoder) events() []hypercare.Event {
	// An event takes 8 bytes at least, typically 10 to 16: guess the count
	// so that the slice rarely grows.
	out := make([]hypercare.Event, 0, min((len(d.b)-d.off)/10+1, 1024))
	for d.more() {
		b := d.block()
		e := hypercare.Event{Type: hypercare.EventType(b.small())}
		e.At = b.time()
		e.Severity = hypercare.Severity(b.small())
		e.Kind = hypercare.Kind(b.small())
		e.Team = hypercare.Team(b.small())
		e.Person = hypercare.PersonID(b.str())
		e.Reason = b.str()
		d.done(&b)
		out = append(out, e)
	}
	return out
}

// decodeChange turns a record payload back into the change that wrote it.
// It never panics, whatever the bytes; an error says what is wrong.
func decodeChange(payload []byte) (change, error) {
	if len(payload) == 0 {
		return nil, fmt.Errorf("empty payload")
	}
	op, body := payload[0], payload[1:]
	switch op {
	case opCreateEngagement, opUpdateEngagement:
		e, err := decodeEngagement(body)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", opName(op), err)
		}
		if e.ID == "" {
			return nil, fmt.Errorf("%s: engagement with an empty ID", opName(op))
		}
		js := append([]byte(nil), body...)
		if op == opCreateEngagement {
			return &createEngagement{id: e.ID, json: js}, nil
		}
		return &updateEngagement{id: e.ID, json: js}, nil
	case opAddSignOff:
		var s hypercare.SignOff
		if err := json.Unmarshal(body, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", opName(op), err)
		}
		if err := validSignOff(s); err != nil {
			return nil, fmt.Errorf("%s: %w", opName(op), err)
		}
		return &addSignOff{signOff: s, json: append([]byte(nil), body...)}, nil
	case opCreateIssue, opAppendEvents, opUpdateIssue:
	default:
		return nil, fmt.Errorf("unknown op %d", op)
	}
	d := &decoder{b: body, s: string(body)}
	eng := hypercare.EngagementID(d.str())
	id := hypercare.IssueID(d.str())
	var c change
	switch op {
	case opCreateIssue:
		is := hypercare.Issue{Engagement: eng, ID: id}
		d.details(&is)
		events := d.events()
		if d.err == nil {
			if err := is.Append(events...); err != nil {
				return nil, fmt.Errorf("%s: %w", opName(op), err)
			}
		}
		c = &createIssues{issues: []hypercare.Issue{is}}
	case opAppendEvents:
		a := &appendEvents{eng: eng, id: id, version: d.version()}
		a.events = d.events()
		if d.err == nil && len(a.events) == 0 {
			d.fail("no events")
		}
		c = a
	case opUpdateIssue:
		u := &updateIssue{details: hypercare.Issue{Engagement: eng, ID: id}, version: d.version()}
		d.details(&u.details)
		if d.more() {
			d.fail("%d bytes left over", len(d.b)-d.off)
		}
		c = u
	}
	if d.err != nil {
		return nil, fmt.Errorf("%s: %w", opName(op), d.err)
	}
	return c, nil
}

// validSignOff returns an error wrapping ErrInvalid if s cannot be stored:
// it names no engagement, or fails SignOff.Validate.
func validSignOff(s hypercare.SignOff) error {
	if s.Engagement == "" {
		return fmt.Errorf("%w: sign-off by %q names no engagement", ErrInvalid, s.By)
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}
