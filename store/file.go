package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/hypercare-go/hypercare"
)

// The files of a store directory.
const (
	lockName     = "LOCK"
	journalName  = "journal"
	snapshotName = "snapshot"
	tmpSuffix    = ".tmp"
)

// defaultMaxGroup bounds how many writes share one fsync.
const defaultMaxGroup = 256

// File is the embedded Store: a directory holding an append-only journal,
// and a snapshot once compacted. It is safe for concurrent use; one File at
// a time may hold a directory (see OpenFile).
//
// A write returns only after its record is on disk (fsync). Writes that
// arrive together share one fsync (group commit): one of their goroutines
// writes the group, each write checked against the state including the
// earlier writes of its group, and applies it to memory only once the fsync
// has returned, so a reader never sees a write that could still be lost. If a
// write or fsync fails, the writes of that group fail with an error naming
// each and wrapping the cause (syscall.ENOSPC, syscall.EIO...), the journal
// is cut back to where it ended before them, so a reopen does not find
// them, and the File refuses every later write; reopen it to recover. Trap:
// if even the cut fails (the disk is gone), the error says so, and a reopen
// may find those writes.
//
// Each call is written in one group commit, which a crash keeps whole or
// drops whole: ImportIssues and AddSamples cost one fsync for the whole
// batch, and a timeline or a list of events too long for one record is split
// over several records of the same group. A group is written out in chunks
// of about a megabyte as it is encoded, so an import of any size needs about
// that much buffer.
//
// Everything stored is also held in memory (the journal is replayed on open),
// so reads never touch the disk.
type File struct {
	base
	dir  string
	fs   fsys
	lock io.Closer

	// Writes queue here; the writer that finds no leader leads: it commits
	// what is queued, then hands the lead to the first writer that queued
	// meanwhile (see submit).
	wmu     sync.Mutex // guards the fields below
	stopped bool
	leading bool
	queue   []*request
	spare   []*request // the last batch's slice, for the next batch
	idle    sync.Cond  // signalled when leading turns false

	// Owned by the leader (by openFile before the first write).
	journal file
	gen     uint64
	off     int64
	// stale is the end of bytes a refused write left past off, which
	// the next group cuts (0: none).
	stale    int64
	broken   error
	buf      []byte
	passed   []*request
	maxGroup int

	recovery Recovery // set by openFile, read-only after
}

var _ Store = (*File)(nil)

// request is a write, or a job (compaction) that runs between group commits.
type request struct {
	c   change
	job func() error
	err error
	// done is made when the request has to wait for a leader, and closed
	// when it is committed, or when it is handed the lead (lead is set).
	done chan struct{}
	lead bool
}

// finish answers the writer of r, if it waits.
func (r *request) finish() {
	if r.done != nil {
		close(r.done)
	}
}

// Recovery says what OpenFile repaired: a torn tail of the journal — the
// part of a write that a crash interrupted before it was acknowledged — cut
// off. Its zero value means nothing was cut.
type Recovery struct {
	// File is the journal's path.
	File string `json:"file,omitempty"`
	// Offset is where the journal now ends: the end of the last complete
	// group commit.
	Offset int64 `json:"offset,omitempty"`
	// Dropped is how many bytes were cut off after Offset.
	Dropped int64 `json:"dropped,omitempty"`
	// Reason says what was wrong with the tail, and where.
	Reason string `json:"reason,omitempty"`
}

// Repaired reports whether a torn tail was cut off.
func (r Recovery) Repaired() bool { return r.Dropped > 0 }

// OpenFile opens the store kept in dir, creating dir (mode 0700) and an empty
// store if they do not exist; the files in it are mode 0600. Only one File
// may hold dir at a time: while it is open, OpenFile of the same dir, from
// this process or another, fails at once with ErrLocked (on platforms
// without flock, OpenFile fails with an error wrapping
// errors.ErrUnsupported).
//
// Opening replays the snapshot and the journal into memory. A torn tail of
// the journal — a write cut short by a crash, never acknowledged — is cut off
// and reported by Recovery. Damage anywhere else (a bad record followed by
// intact, acknowledged data, a damaged snapshot or header, a missing file) is
// an error wrapping ErrCorrupt, a *CorruptError naming the file and the
// offset, and nothing is changed on disk. Traps: a journal cut exactly at the
// boundary between two writes looks complete, and opens without complaint;
// and damage inside the last group of writes cannot be told from a torn
// write, so that group is cut even if it was acknowledged (bit rot, a lost
// page) — check Recovery after opening when that matters.
//
// Records hold at most MaxRecordSize bytes. Engagements are stored as their
// JSON, so their locations must load by name (time.LoadLocation).
func OpenFile(dir string) (*File, error) { return openFile(dir, osFS{}) }

func openFile(dir string, fsys fsys) (*File, error) {
	return openFileGroup(dir, fsys, defaultMaxGroup)
}

// openFileGroup opens with at most maxGroup writes per group commit.
func openFileGroup(dir string, fsys fsys, maxGroup int) (_ *File, err error) {
	if err := fsys.MkdirAll(dir); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	lock, err := fsys.Lock(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	f := &File{dir: dir, fs: fsys, lock: lock, maxGroup: maxGroup}
	f.t = newTables()
	defer func() {
		if err != nil {
			if f.journal != nil {
				f.journal.Close()
			}
			lock.Close()
		}
	}()
	for _, name := range []string{snapshotName + tmpSuffix, journalName + tmpSuffix} {
		if err := fsys.Remove(f.path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("store: %w", err)
		}
	}

	gen, haveSnapshot, err := f.readSnapshot()
	if err != nil {
		return nil, err
	}
	j, err := fsys.OpenFile(f.path(journalName), os.O_RDWR, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist) && haveSnapshot:
		return nil, &CorruptError{File: f.path(journalName), Reason: "missing, though there is a snapshot"}
	case errors.Is(err, fs.ErrNotExist):
		if err := f.startJournal(gen); err != nil {
			return nil, err
		}
	case err != nil:
		return nil, fmt.Errorf("store: %w", err)
	default:
		f.journal = j
		if err := f.readJournal(gen); err != nil {
			return nil, err
		}
	}
	f.commit = func(c change) error { return f.submit(&request{c: c}) }
	f.idle.L = &f.wmu
	return f, nil
}

func (f *File) path(name string) string { return filepath.Join(f.dir, name) }

// readSnapshot replays the snapshot, if there is one, and returns the
// generation of the journal that follows it (1 without a snapshot).
func (f *File) readSnapshot() (gen uint64, ok bool, err error) {
	path := f.path(snapshotName)
	s, err := f.fs.OpenFile(path, os.O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return 1, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: %w", err)
	}
	defer s.Close()
	gen, size, err := readHeader(s, path, kindSnapshot)
	if err != nil {
		return 0, false, err
	}
	if _, err := replay(s, path, size, false, &f.t); err != nil {
		return 0, false, err
	}
	return gen, true, nil
}

// readJournal replays the open journal, which should be of generation want.
// An older journal is what a compaction leaves when it crashes after the
// snapshot was made durable and before the journal was replaced: everything
// in it is in the snapshot, so the compaction is finished now.
func (f *File) readJournal(want uint64) error {
	path := f.path(journalName)
	gen, size, err := readHeader(f.journal, path, kindJournal)
	switch {
	case err != nil:
		return err
	case gen < want:
		f.journal.Close()
		f.journal = nil
		return f.startJournal(want)
	case gen > want:
		return &CorruptError{File: path, Reason: fmt.Sprintf("journal generation %d, but the snapshot is for generation %d: a snapshot is missing", gen, want)}
	}
	r, err := replay(f.journal, path, size, true, &f.t)
	if err != nil {
		return err
	}
	if r.end < r.size {
		if err := f.journal.Truncate(r.end); err != nil {
			return fmt.Errorf("store: cut the torn tail of %s: %w", path, err)
		}
		if err := f.journal.Sync(); err != nil {
			return fmt.Errorf("store: cut the torn tail of %s: %w", path, err)
		}
		f.recovery = Recovery{
			File:    path,
			Offset:  r.end,
			Dropped: r.size - r.end,
			Reason:  fmt.Sprintf("record at offset %d: %s", r.damage, r.damageWhy),
		}
	}
	f.gen, f.off = gen, r.end
	return nil
}

// startJournal makes an empty journal of generation gen durable in place of
// the current one (if any) — temp file, fsync, rename, directory fsync — and
// opens it for writing.
func (f *File) startJournal(gen uint64) error {
	tmp, path := f.path(journalName+tmpSuffix), f.path(journalName)
	err := writeFileSync(f.fs, tmp, appendHeader(nil, kindJournal, gen))
	if err == nil {
		err = f.fs.Rename(tmp, path)
	}
	if err == nil {
		err = f.fs.SyncDir(f.dir)
	}
	var j file
	if err == nil {
		j, err = f.fs.OpenFile(path, os.O_RDWR, 0)
	}
	if err != nil {
		return fmt.Errorf("store: start journal %s: %w", path, err)
	}
	if f.journal != nil {
		f.journal.Close()
	}
	f.journal, f.gen, f.off, f.stale = j, gen, headerSize, 0
	return nil
}

func writeFileSync(fsys fsys, path string, data []byte) error {
	w, err := fsys.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = w.WriteAt(data, 0)
	if err == nil {
		err = w.Sync()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}

// Recovery returns what OpenFile repaired; see Recovery.
func (f *File) Recovery() Recovery { return f.recovery }

// submit commits r and returns its error. Writes that arrive together
// share a group commit without a goroutine of the File's own: the writer
// that finds no commit under way leads — it commits the writes queued (its
// own among them) in one group, runs the jobs queued between groups, and
// then hands the lead to the first writer that queued meanwhile, or gives
// it up. A lone writer thus commits its write itself, with no handshake;
// concurrent writers wait on a channel while a leader commits for them.
func (f *File) submit(r *request) error {
	f.wmu.Lock()
	if f.stopped {
		f.wmu.Unlock()
		return ErrClosed
	}
	f.queue = append(f.queue, r)
	if f.leading {
		r.done = make(chan struct{})
		f.wmu.Unlock()
		<-r.done
		if !r.lead {
			return r.err
		}
		r.done = nil // r is queued still, and now leads
	} else {
		f.leading = true
		f.wmu.Unlock()
	}
	// Let the writers the last commit woke up queue their next write before
	// the group is cut: without this, on few CPUs, groups alternate between
	// one write and all the others. A lone writer yields to nobody.
	runtime.Gosched()
	f.wmu.Lock()
	var batch []*request
	if len(f.queue) <= f.maxGroup {
		batch, f.queue = f.queue, f.spare[:0]
	} else {
		batch = append(f.spare[:0], f.queue[:f.maxGroup]...)
		f.queue = append(f.queue[:0], f.queue[f.maxGroup:]...)
	}
	f.spare = nil
	f.wmu.Unlock()

	f.commitBatch(batch)

	f.wmu.Lock()
	clear(batch)
	f.spare = batch[:0]
	if len(f.queue) > 0 {
		next := f.queue[0]
		next.lead = true
		close(next.done)
	} else {
		f.leading = false
		f.idle.Broadcast()
	}
	f.wmu.Unlock()
	return r.err
}

// commitBatch commits the writes of batch as one group, the writes before
// and after each job as groups of their own, the jobs between them.
func (f *File) commitBatch(batch []*request) {
	start := 0
	for i, r := range batch {
		if r.job == nil {
			continue
		}
		f.commitGroup(batch[start:i])
		r.err = r.job()
		r.finish()
		start = i + 1
	}
	f.commitGroup(batch[start:])
}

// commitGroup checks the writes in order, each against the state the earlier
// ones leave, writes the records of those that pass as one group, fsyncs,
// and only then applies them to memory and answers the writers.
func (f *File) commitGroup(group []*request) {
	if len(group) == 0 {
		return
	}
	o := overlay{base: &f.t}
	w := groupWriter{j: f.journal, start: f.off, at: f.off, b: f.buf[:0], high: f.stale}
	passed := f.passed[:0]
	for i, r := range group {
		if f.broken != nil {
			r.err = f.brokenError(describe(r.c))
			continue
		}
		if r.err = checkAndAdd(&o, &w, r.c); r.err != nil {
			continue
		}
		if i < len(group)-1 { // only the later writes of the group look
			r.c.stage(&o)
		}
		passed = append(passed, r)
	}
	f.stale = 0
	switch {
	case !w.empty():
		if err := f.commitWrites(&w); err != nil {
			f.broken = err
			for _, r := range passed {
				r.err = fmt.Errorf("store: %s: not stored: %w", describe(r.c), err)
			}
			passed = nil
		}
	case w.high > f.off:
		// Only refused writes, one of which had written records out (an
		// import too large for a record, or refused by a check that ran
		// while it was written out): cut them, or a reopen would repair
		// a torn tail. Should the cut fail, the next group cuts them.
		if err := f.journal.Truncate(f.off); err != nil {
			f.stale = w.high
		}
	}
	if len(passed) > 0 {
		f.mu.Lock()
		for _, r := range passed {
			r.c.apply(&f.t)
		}
		f.mu.Unlock()
		for _, r := range passed {
			f.feed.publish(r.c)
		}
	}
	if cap(w.b) <= 4*chunkSize {
		f.buf = w.b[:0] // keep a modest buffer; drop one a huge issue grew
	} else {
		f.buf = nil
	}
	clear(passed)
	f.passed = passed[:0]
	for _, r := range group {
		r.finish()
	}
}

// parallelUnits is the number of issues from which an import is encoded
// while it is checked, on two goroutines: an import of 100,000 issues
// spends about as long on each.
const parallelUnits = 1024

// checkAndAdd checks c against o and adds its records to w: one after the
// other, or, for a large import, at the same time, the encoding stopped
// and its records cut off again if the check refuses it. Only imports run
// in parallel: their units do not depend on what check sets, which a
// merge's do.
func checkAndAdd(o *overlay, w *groupWriter, c change) error {
	if ci := issuesToCreate(c); ci == nil || ci.units() < parallelUnits {
		if err := c.check(o); err != nil {
			return err
		}
		return w.add(c)
	}
	m := w.mark()
	var refused atomic.Bool
	w.stop = &refused
	added := make(chan error, 1)
	go func() { added <- w.add(c) }() // w is the goroutine's until it answers
	checked := c.check(o)
	if checked != nil {
		refused.Store(true)
	}
	if testHookChecked != nil {
		testHookChecked()
	}
	err := <-added
	w.stop = nil
	if checked != nil {
		// The check's error, as if the check had run first; add left w
		// as it was only if it stopped or failed to encode.
		if err == nil {
			w.rewind(m)
		}
		return checked
	}
	return err // add left w as it was
}

// testHookChecked, if set (by a test), is called once the check of a large
// import running beside its encoding has answered.
var testHookChecked func()

// issuesToCreate returns the createIssues of CreateIssue's and
// ImportIssues' changes, nil for other changes.
func issuesToCreate(c change) *createIssues {
	switch c := c.(type) {
	case *createIssues:
		return c
	case importIssues:
		return c.createIssues
	}
	return nil
}

// commitWrites writes the group w holds and fsyncs it. If a write or the
// fsync fails, it cuts the journal back to where it ended before the group,
// and fsyncs that, so that no reopen finds a write its caller was told
// failed; the error says which step failed, where, why (it wraps the cause:
// syscall.ENOSPC, syscall.EIO...), and whether the cut succeeded.
func (f *File) commitWrites(w *groupWriter) error {
	end, err := w.commit()
	if err == nil {
		f.off = end
		return nil
	}
	err = fmt.Errorf("%s: %w", f.path(journalName), err)
	cut := f.journal.Truncate(f.off)
	if cut == nil {
		cut = f.journal.Sync()
	}
	if cut != nil {
		return fmt.Errorf("%w; cutting the journal back to offset %d failed too (%v), so a reopen may find this write", err, f.off, cut)
	}
	return err
}

// brokenError is the error of a write (or compaction) refused because an
// earlier one failed.
func (f *File) brokenError(what string) error {
	return fmt.Errorf("store: %s: refused: an earlier write failed, so this store takes no more writes; reopen it: %w", what, f.broken)
}

// Compact rewrites everything stored into a fresh snapshot and starts an
// empty journal, so the next open replays one compact file instead of the
// whole history. Writes wait while it runs. Each step is crash-safe: the
// snapshot is written to a temp file, fsynced, renamed into place and the
// directory fsynced before the old journal is replaced the same way, so a
// reopen after a crash at any step finds the same state.
//
// Compaction is also when deleted data leaves the disk: a DeleteIssue or
// PurgeEngagement is durable when it returns, but the journal still holds
// what it deleted until the next Compact; once Compact returns, no file of
// the directory holds it (the old snapshot and journal are replaced by
// renames; their blocks are freed by the file system, not overwritten —
// use disk encryption if the free blocks matter too).
//
// Compaction never happens by itself: call it now and then, say daily or
// when the journal has grown past the size of a snapshot. It returns
// ErrClosed after Close, and ctx.Err() if ctx is done before it starts. If it
// fails before the snapshot is in place, the store carries on with the old
// journal; after that, it refuses writes until reopened (which finishes the
// compaction).
func (f *File) Compact(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return f.submit(&request{job: f.compact})
}

func (f *File) compact() error {
	if f.broken != nil {
		return f.brokenError("compact")
	}
	gen := f.gen + 1
	tmp, path := f.path(snapshotName+tmpSuffix), f.path(snapshotName)
	if err := f.writeSnapshot(tmp, gen); err != nil {
		f.fs.Remove(tmp)
		return fmt.Errorf("store: compact: write %s: %w", tmp, err)
	}
	if err := f.fs.Rename(tmp, path); err != nil {
		f.fs.Remove(tmp)
		return fmt.Errorf("store: compact: %w", err)
	}
	// From here the snapshot may be the one a reopen finds, and it makes the
	// current journal obsolete: writes to it would be ignored, so none may be
	// acknowledged until the new journal is in place.
	if err := f.fs.SyncDir(f.dir); err != nil {
		f.broken = err
		return fmt.Errorf("store: compact: sync %s: %w", f.dir, err)
	}
	if err := f.startJournal(gen); err != nil {
		f.broken = err
		return fmt.Errorf("store: compact: %w", err)
	}
	return nil
}

// writeSnapshot writes the whole state to path as a snapshot of generation
// gen, in groups of about a megabyte, and fsyncs it. Engagements come first,
// as everything else needs its engagement to exist on replay.
func (f *File) writeSnapshot(path string, gen uint64) (err error) {
	w, err := f.fs.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}()
	var (
		b     = appendHeader(nil, kindSnapshot, gen)
		group = len(b) // where the open group starts in b
		off   int64    // where b goes in the file
	)
	// added closes the group once it is big enough, and writes it out.
	added := func(final bool) error {
		if !final && len(b)-group < 1<<20 {
			return nil
		}
		if len(b) > group {
			b = appendCommit(b, group)
		}
		if _, err := w.WriteAt(b, off); err != nil {
			return err
		}
		off += int64(len(b))
		b, group = b[:0], 0
		return nil
	}
	for _, id := range sortedKeys(f.t.engagements) {
		js := f.t.engagements[id]
		if b, err = appendRecord(b, opCreateEngagement, func(p []byte) []byte { return append(p, js...) }); err != nil {
			return err
		}
		if err := added(false); err != nil {
			return err
		}
	}
	for _, eng := range sortedKeys(f.t.issues) {
		m := f.t.issues[eng]
		for _, id := range sortedKeys(m) {
			if b, err = appendIssueRecords(b, m[id]); err != nil {
				return err
			}
			if err := added(false); err != nil {
				return err
			}
		}
	}
	for _, eng := range sortedKeys(f.t.signOffs) {
		for _, s := range f.t.signOffs[eng] {
			js, err := json.Marshal(s)
			if err != nil {
				return err
			}
			if b, err = appendRecord(b, opAddSignOff, func(p []byte) []byte { return append(p, js...) }); err != nil {
				return err
			}
			if err := added(false); err != nil {
				return err
			}
		}
	}
	for _, eng := range sortedKeys(f.t.samples) {
		m := f.t.samples[eng]
		keys := make([]seriesKey, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareSeriesKeys)
		for _, k := range keys {
			s := hypercare.Series{Metric: k.metric, Segment: k.segment, Samples: m[k]}
			if b, err = appendSampleRecords(b, eng, []hypercare.Series{s}); err != nil {
				return err
			}
			if err := added(false); err != nil {
				return err
			}
		}
	}
	for _, eng := range sortedKeys(f.t.rosters) {
		m := f.t.rosters[eng]
		for _, name := range sortedKeys(m) {
			if b, err = appendRosterRecord(b, eng, name, m[name]); err != nil {
				return err
			}
			if err := added(false); err != nil {
				return err
			}
		}
	}
	if err := added(true); err != nil {
		return err
	}
	return w.Sync()
}

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Close implements Store.Close: it waits for the writes under way, then
// closes the journal and releases the directory's lock.
func (f *File) Close() error {
	f.wmu.Lock()
	if f.stopped {
		f.wmu.Unlock()
		return ErrClosed
	}
	f.stopped = true
	for f.leading { // the leader commits what is queued before it stops
		f.idle.Wait()
	}
	f.wmu.Unlock()
	return f.shutdown()
}

func (f *File) shutdown() error {
	f.mu.Lock()
	f.closed, f.t = true, tables{}
	f.mu.Unlock()
	f.feed.close()
	var err error
	if f.stale > 0 {
		// A refused write's bytes whose cut failed: try once more, or the
		// next open repairs them as if from a crash.
		if err = f.journal.Truncate(f.off); err == nil {
			err = f.journal.Sync()
		}
	}
	if cerr := f.journal.Close(); err == nil {
		err = cerr
	}
	if lerr := f.lock.Close(); err == nil {
		err = lerr
	}
	if err != nil {
		return fmt.Errorf("store: close %s: %w", f.dir, err)
	}
	return nil
}
