package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"math"
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
//	opAddSamples        engagement, then series blocks to the end
//	opPutRoster         engagement, name, then the roster's JSON to the end
//	opMergeIssue        engagement, ID, details, then events to the end
//	opDeleteIssue       engagement, ID, version
//	opPurgeEngagement   engagement
//
// where a string is a uvarint length and bytes, a time is Unix seconds
// (varint) and nanoseconds (uvarint), in UTC, and details, each event, each
// series and each sample are blocks: a uvarint length, then the fields —
// details: title, workaround, fix-expected, updated (format 2); an event:
// type, time, severity, kind, team (varints), person, reason, ID (format 2); a series: a key block (metric kind
// as a varint, metric name, segment dimension, segment name), then sample
// blocks to its end; a sample: year, month, day (varints), value and base
// (IEEE 754 bits, uint64 little-endian). A reader reads the fields a block
// lacks as zero and skips those it does not know, so a field added to
// hypercare.Issue, Event, Series (in the key block) or Sample is added at the
// end of its block without a new format version (and TestCodecKnowsEveryField
// fails until it is). Engagements, sign-offs and rosters are few and travel
// as JSON, which picks up new fields by itself; issues and samples are the
// bulk and travel in binary, several times faster to replay than JSON.
//
// Op codes are appended, never renumbered: a journal outlives the code that
// wrote it.
const (
	opCreateEngagement byte = 1 + iota
	opUpdateEngagement
	opCreateIssue
	opAppendEvents
	opUpdateIssue
	opAddSignOff
	opCommit
	opAddSamples
	opPutRoster
	opMergeIssue      // format 2
	opDeleteIssue     // format 2
	opPurgeEngagement // format 2
)

var opNames = [...]string{"", "create-engagement", "update-engagement", "create-issue", "append-events", "update-issue", "add-sign-off", "commit", "add-samples", "put-roster", "merge-issue", "delete-issue", "purge-engagement"}

func opName(op byte) string {
	if int(op) < len(opNames) && op != 0 {
		return opNames[op]
	}
	return fmt.Sprintf("op(%d)", op)
}

// MaxRecordSize is the largest record payload, in bytes, the file backend
// writes or reads. A write that needs a larger record — an engagement or a
// roster whose JSON is larger, a single event, an issue's descriptive fields
// or a series' metric and segment names larger, give or take a few bytes —
// fails with ErrTooLarge; a longer timeline or a longer list of samples is
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
		return b[:start], fmt.Errorf("%w: %s record of %d bytes (the limit is %d)", ErrTooLarge, opName(b[start+frameHeaderSize]), n, maxWritePayload)
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

func appendDetails(b []byte, is *hypercare.Issue) []byte {
	b, start := beginBlock(b)
	b = appendString(b, is.Title)
	b = appendString(b, is.Workaround)
	b = appendTime(b, is.FixExpected)
	b = appendTime(b, is.Updated)
	return endBlock(b, start)
}

func appendEvent(b []byte, e *hypercare.Event) []byte {
	b, start := beginBlock(b)
	b = binary.AppendVarint(b, int64(e.Type))
	b = appendTime(b, e.At)
	b = binary.AppendVarint(b, int64(e.Severity))
	b = binary.AppendVarint(b, int64(e.Kind))
	b = binary.AppendVarint(b, int64(e.Team))
	b = appendString(b, string(e.Person))
	b = appendString(b, e.Reason)
	b = appendString(b, string(e.ID))
	return endBlock(b, start)
}

// beginBlock begins a block, a length-prefixed run of bytes: it appends
// one byte for the length, which endBlock fills in, and returns where it is.
func beginBlock(b []byte) ([]byte, int) { return append(b, 0), len(b) }

// endBlock ends the block begun at start: it writes the length of what
// follows the length byte as a uvarint there, moving the block up when
// the length needs more than one byte (a block of 128 bytes or more).
func endBlock(b []byte, start int) []byte {
	n := uint64(len(b) - start - 1)
	if n < 0x80 {
		b[start] = byte(n)
		return b
	}
	var u [binary.MaxVarintLen64]byte
	k := binary.PutUvarint(u[:], n)
	b = append(b, u[:k-1]...)
	copy(b[start+k:], b[start+1:start+1+int(n)])
	copy(b[start:], u[:k])
	return b
}

// allEvents returns the events an issue holds: its timeline, then its held
// events. Inserting them into an empty issue gives the issue again.
func allEvents(is hypercare.Issue) []hypercare.Event {
	held := is.Held()
	if len(held) == 0 {
		return is.Events()
	}
	out := append(make([]hypercare.Event, 0, is.Version()), is.Events()...)
	for _, h := range held {
		out = append(out, h.Event)
	}
	return out
}

// appendIssueRecords appends the records that create is: one record with
// its details and as many events as fit, then append-events records for the
// rest of a long timeline. All go in the same group commit, so they apply
// together or not at all. The events are the timeline and then the held
// events: replay inserts them all and derives which are held again.
func appendIssueRecords(b []byte, is *hypercare.Issue) ([]byte, error) {
	// The timeline is read in place: a copy of each timeline was most of
	// what an import allocated.
	w := beginIssueRecords(b, opCreateIssue, is)
	for e := range is.Timeline() {
		w.add(&e)
	}
	for _, h := range is.Held() {
		w.add(&h.Event)
	}
	return w.end()
}

// appendIssueEvents appends an op record (create-issue or merge-issue) with
// the key and details of is and as many of events as fit, then
// append-events records for the rest.
func appendIssueEvents(b []byte, op byte, is *hypercare.Issue, events []hypercare.Event) ([]byte, error) {
	w := beginIssueRecords(b, op, is)
	for i := range events {
		w.add(&events[i])
	}
	return w.end()
}

// issueRecords appends the records of one issue's op, event by event: the
// op record with the issue's key and details and as many events as fit,
// then records continuing it (merge-issue records for a merge,
// append-events records at the version reached otherwise).
type issueRecords struct {
	b     []byte
	is    *hypercare.Issue // for its key and details
	op    byte
	mark  int   // where the issue's records begin
	start int   // where the current record begins
	n     int   // events added
	err   error // the first record that failed to end
}

func beginIssueRecords(b []byte, op byte, is *hypercare.Issue) issueRecords {
	w := issueRecords{is: is, op: op, mark: len(b)}
	w.begin(b, op)
	return w
}

func (w *issueRecords) begin(b []byte, op byte) {
	w.b, w.start = beginRecord(b, op)
	w.b = appendString(w.b, string(w.is.Engagement))
	w.b = appendString(w.b, string(w.is.ID))
	if op == opAppendEvents {
		w.b = binary.AppendUvarint(w.b, uint64(w.n))
	} else {
		w.b = appendDetails(w.b, w.is)
	}
}

func (w *issueRecords) add(e *hypercare.Event) {
	if w.err != nil {
		return
	}
	end := len(w.b)
	w.b = appendEvent(w.b, e)
	if len(w.b)-w.start-frameHeaderSize > maxWritePayload {
		if w.b, w.err = endRecord(w.b[:end], w.start); w.err != nil {
			return
		}
		next := byte(opAppendEvents)
		if w.op == opMergeIssue {
			next = opMergeIssue // continuation records carry the events as merges too
		}
		w.begin(w.b, next)
		w.b = appendEvent(w.b, e)
	}
	w.n++
}

// end ends the last record and returns the records, or b as it was and
// the error of the record that could not end (ErrTooLarge).
func (w *issueRecords) end() ([]byte, error) {
	if w.err == nil {
		w.b, w.err = endRecord(w.b, w.start)
	}
	if w.err != nil {
		return w.b[:w.mark], fmt.Errorf("%s: %w", issueName(w.is.Engagement, w.is.ID), w.err)
	}
	return w.b, nil
}

// appendSampleRecords appends the records that add the series' samples to
// engagement eng: as many series as fit in each record, a series too long
// for the rest of a record continuing in the next. All go in the same group
// commit, so they apply together or not at all.
func appendSampleRecords(b []byte, eng hypercare.EngagementID, series []hypercare.Series) ([]byte, error) {
	if len(series) == 0 {
		return b, nil // nothing to make durable
	}
	mark := len(b)
	b, start := beginRecord(b, opAddSamples)
	b = appendString(b, string(eng))
	empty := len(b) // where the open record's first series would start
	for _, s := range series {
		for i := 0; i < len(s.Samples); {
			var block int
			b, block = beginBlock(b)
			b = appendSeriesKey(b, s)
			j := i
			for ; j < len(s.Samples); j++ {
				end := len(b)
				b = appendSample(b, s.Samples[j])
				// Leave room for the length of the series block.
				if len(b)-start-frameHeaderSize+binary.MaxVarintLen32 > maxWritePayload {
					b = b[:end]
					break
				}
			}
			if j == i {
				b = b[:block]
			} else {
				b, i = endBlock(b, block), j
			}
			if i == len(s.Samples) {
				continue
			}
			if len(b) == empty { // not even one sample fits an empty record
				return b[:mark], fmt.Errorf("%w: adoption series %q of engagement %q: its names leave no room for a sample in a record (the limit is %d bytes)", ErrTooLarge, s.String(), eng, maxWritePayload)
			}
			var err error
			if b, err = endRecord(b, start); err != nil {
				return b[:mark], err
			}
			b, start = beginRecord(b, opAddSamples)
			b = appendString(b, string(eng))
			empty = len(b)
		}
	}
	b, err := endRecord(b, start)
	if err != nil {
		return b[:mark], err
	}
	return b, nil
}

func appendSeriesKey(b []byte, s hypercare.Series) []byte {
	b, start := beginBlock(b)
	b = binary.AppendVarint(b, int64(s.Metric.Kind))
	b = appendString(b, s.Metric.Name)
	b = appendString(b, s.Segment.Dimension)
	b = appendString(b, s.Segment.Name)
	return endBlock(b, start)
}

func appendSample(b []byte, x hypercare.Sample) []byte {
	b, start := beginBlock(b)
	b = binary.AppendVarint(b, int64(x.Date.Year))
	b = binary.AppendVarint(b, int64(x.Date.Month))
	b = binary.AppendVarint(b, int64(x.Date.Day))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x.Value))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x.Base))
	return endBlock(b, start)
}

// appendRosterRecord appends the record that puts a roster, given as its
// JSON. The engagement and name go in binary, so they come back byte for
// byte (JSON would turn invalid UTF-8 into U+FFFD).
func appendRosterRecord(b []byte, eng hypercare.EngagementID, name string, js []byte) ([]byte, error) {
	b, err := appendRecord(b, opPutRoster, func(p []byte) []byte {
		p = appendString(p, string(eng))
		p = appendString(p, name)
		return append(p, js...)
	})
	if err != nil {
		return b, fmt.Errorf("roster %q of engagement %q: %w", name, eng, err)
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

func (d *decoder) float() float64 {
	if d.ended() {
		return 0
	}
	if len(d.b)-d.off < 8 {
		d.fail("float runs past the end")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.off:]))
	d.off += 8
	return v
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
	is.Updated = b.time()
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
		e.ID = hypercare.EventID(b.str())
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
	case opAddSamples:
		return decodeSamples(body)
	case opPutRoster:
		return decodeRosterRecord(body)
	case opPurgeEngagement:
		d := &decoder{b: body, s: string(body)}
		eng := hypercare.EngagementID(d.str())
		if d.err == nil && d.more() {
			d.fail("%d bytes left over", len(d.b)-d.off)
		}
		if d.err != nil {
			return nil, fmt.Errorf("%s: %w", opName(op), d.err)
		}
		return &purgeEngagement{eng: eng}, nil
	case opCreateIssue, opAppendEvents, opUpdateIssue, opMergeIssue, opDeleteIssue:
	default:
		return nil, fmt.Errorf("unknown op %d (written by a newer version of this library?)", op)
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
			if _, err := is.Insert(events...); err != nil {
				return nil, fmt.Errorf("%s: %w", opName(op), err)
			}
		}
		c = &createIssues{issues: []hypercare.Issue{is}, owned: true}
	case opMergeIssue:
		m := &mergeRecord{is: hypercare.Issue{Engagement: eng, ID: id}}
		d.details(&m.is)
		m.events = d.events()
		c = m
	case opDeleteIssue:
		c = &deleteIssue{eng: eng, id: id, version: d.version()}
		if d.more() {
			d.fail("%d bytes left over", len(d.b)-d.off)
		}
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

// decodeSamples reads an add-samples record, whose series must pass the
// checks AddSamples makes.
func decodeSamples(body []byte) (change, error) {
	d := &decoder{b: body, s: string(body)}
	eng := hypercare.EngagementID(d.str())
	var series []hypercare.Series
	// A sample takes 20 bytes, with its length: one array holds them all,
	// each series' samples a full slice of it.
	all := make([]hypercare.Sample, 0, len(body)/20)
	for d.more() {
		sb := d.block()
		kb := sb.block()
		s := hypercare.Series{
			Metric:  hypercare.AdoptionMetric{Kind: hypercare.MetricKind(kb.small()), Name: kb.str()},
			Segment: hypercare.Segment{Dimension: kb.str(), Name: kb.str()},
		}
		sb.done(&kb)
		first := len(all)
		for sb.more() {
			x := sb.block()
			year := x.varint()
			if year < 0 || year > 9999 {
				x.fail("year %d out of range", year)
			}
			date := hypercare.Date{Year: int(year), Month: time.Month(x.small()), Day: x.small()}
			all = append(all, hypercare.Sample{Date: date, Value: x.float(), Base: x.float()})
			sb.done(&x)
		}
		s.Samples = all[first:len(all):len(all)]
		d.done(&sb)
		series = append(series, s)
	}
	if d.err == nil && len(series) == 0 {
		d.fail("no series")
	}
	if d.err != nil {
		return nil, fmt.Errorf("%s: %w", opName(opAddSamples), d.err)
	}
	series, err := prepareSeriesInPlace(eng, series)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opName(opAddSamples), err)
	}
	return &addSamples{eng: eng, series: series}, nil
}

// decodeRosterRecord reads a put-roster record.
func decodeRosterRecord(body []byte) (change, error) {
	d := &decoder{b: body, s: string(body)}
	c := &putRoster{eng: hypercare.EngagementID(d.str()), name: d.str()}
	if d.err == nil && (c.eng == "" || c.name == "") {
		d.fail("roster %q of engagement %q: want an engagement and a name", c.name, c.eng)
	}
	if d.err != nil {
		return nil, fmt.Errorf("%s: %w", opName(opPutRoster), d.err)
	}
	c.json = append([]byte(nil), body[d.off:]...)
	if _, err := decodeRoster(c.json); err != nil {
		return nil, fmt.Errorf("%s: %w", opName(opPutRoster), err)
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
