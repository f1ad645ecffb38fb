package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"sync"
	"syscall"
)

// memFS is a simulated disk for the file backend's tests (the VFS seam of
// hashicorp/raft-wal). It keeps what was synced apart from what was only
// written, and it can
//   - fail the nth write, sync, rename or directory sync from now, as a
//     failing disk does (EIO; a failed write writes half of its bytes);
//   - fill up: with a capacity, a write that would grow the files past it
//     writes what fits and fails with ENOSPC;
//   - crash: from operation crashAt on, every operation fails (the process
//     is dead), and crash() then leaves what a power cut may: the synced
//     contents, plus, at random, part of what was appended but not synced,
//     with holes of zeros (pages that did not make it); and the directory as
//     of the last SyncDir, plus, at random, any of the creations, renames
//     and removals since (in order, each kept or lost).
//
// It holds one flat directory; names are full paths.
type memFS struct {
	mu        sync.Mutex
	files     map[string]*inode // the directory now
	durable   map[string]*inode // the directory as of the last SyncDir
	pending   []dirOp           // directory changes since
	locks     map[string]bool
	ops       int
	crashAt   int // 0: never
	dead      bool
	failWrite int // fail the nth write from now (1 = the next one); 0: never
	failSync  int
	// failTruncate fails the nth Truncate (with EIO, cutting nothing).
	failTruncate int
	// failRename and failSyncDir fail the nth Rename and SyncDir.
	failRename  int
	failSyncDir int
	capacity    int64 // bytes the files may hold in all; 0: no limit
	// beforeWrite, if set, is called before each WriteAt, without mu held.
	beforeWrite func()
}

// countdown counts an operation of a kind the test may fail: it reports
// whether this one is the nth (n counts down to it). Callers hold mu.
func countdown(n *int) bool {
	if *n > 0 {
		*n--
		return *n == 0
	}
	return false
}

// used returns the bytes the files hold. Callers hold mu.
func (m *memFS) used() int64 {
	var n int64
	for _, f := range m.files {
		n += int64(len(f.data))
	}
	return n
}

// dirOp is a change to the directory: to gets n (a creation or the end of
// a rename), from loses it (a removal or the start of a rename).
type dirOp struct {
	from, to string
	n        *inode
}

type inode struct {
	data   []byte
	synced []byte
}

var errCrashed = errors.New("memfs: crashed")

func newMemFS() *memFS {
	return &memFS{files: map[string]*inode{}, durable: map[string]*inode{}, locks: map[string]bool{}}
}

// op counts an operation and fails it if the disk has crashed. Callers hold mu.
func (m *memFS) op() error {
	m.ops++
	if m.crashAt > 0 && m.ops >= m.crashAt {
		m.dead = true
	}
	if m.dead {
		return errCrashed
	}
	return nil
}

// crash rewinds the disk to what survives a power cut and brings it back
// to life. choose(n), a number in [0, n), decides what unsynced data and
// directory changes survive; nil keeps none.
func (m *memFS) crash(choose func(n int) int) {
	if choose == nil {
		choose = func(int) int { return 0 }
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range m.pending {
		if choose(2) == 0 {
			continue
		}
		if d.from != "" {
			if m.durable[d.from] != d.n {
				continue // its creation was lost
			}
			delete(m.durable, d.from)
		}
		if d.to != "" {
			m.durable[d.to] = d.n
		}
	}
	m.pending = nil
	seen := map[*inode]bool{}
	for _, n := range m.durable {
		if seen[n] {
			continue
		}
		seen[n] = true
		keep := slices.Clone(n.synced)
		if extra, ok := bytes.CutPrefix(n.data, n.synced); ok && len(extra) > 0 {
			kept := slices.Clone(extra[:choose(len(extra)+1)])
			if len(kept) > 0 && choose(2) == 1 {
				from := choose(len(kept))
				clear(kept[from : from+choose(len(kept)-from)+1])
			}
			keep = append(keep, kept...)
		}
		n.data, n.synced = keep, slices.Clone(keep)
	}
	m.files = cloneMap(m.durable)
	m.locks = map[string]bool{}
	m.ops, m.crashAt, m.dead, m.failWrite, m.failSync = 0, 0, false, 0, 0
	m.failRename, m.failSyncDir, m.failTruncate, m.capacity = 0, 0, 0, 0
}

func cloneMap(in map[string]*inode) map[string]*inode {
	out := make(map[string]*inode, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

// bytesOf returns a copy of a file's current contents.
func (m *memFS) bytesOf(name string) []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := m.files[name]; n != nil {
		return slices.Clone(n.data)
	}
	return nil
}

// setBytes replaces a file's contents, durably (a test damaging the disk).
func (m *memFS) setBytes(name string, data []byte) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.files[name]
	n.data, n.synced = slices.Clone(data), slices.Clone(data)
}

func (m *memFS) MkdirAll(string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.op()
}

func (m *memFS) OpenFile(name string, flag int, _ fs.FileMode) (file, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.op(); err != nil {
		return nil, err
	}
	n := m.files[name]
	if n == nil {
		if flag&os.O_CREATE == 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		n = &inode{}
		m.files[name] = n
		m.pending = append(m.pending, dirOp{to: name, n: n})
	}
	if flag&os.O_TRUNC != 0 {
		n.data = nil
	}
	return &memFile{m: m, n: n, name: name}, nil
}

func (m *memFS) Rename(from, to string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.op(); err != nil {
		return err
	}
	if countdown(&m.failRename) {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: syscall.EIO}
	}
	n := m.files[from]
	if n == nil {
		return &fs.PathError{Op: "rename", Path: from, Err: fs.ErrNotExist}
	}
	m.files[to] = n
	delete(m.files, from)
	m.pending = append(m.pending, dirOp{from: from, to: to, n: n})
	return nil
}

func (m *memFS) Remove(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.op(); err != nil {
		return err
	}
	n := m.files[name]
	if n == nil {
		return &fs.PathError{Op: "remove", Path: name, Err: fs.ErrNotExist}
	}
	delete(m.files, name)
	m.pending = append(m.pending, dirOp{from: name, n: n})
	return nil
}

func (m *memFS) SyncDir(dir string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.op(); err != nil {
		return err
	}
	if countdown(&m.failSyncDir) {
		return &fs.PathError{Op: "sync", Path: dir, Err: syscall.EIO}
	}
	m.durable, m.pending = cloneMap(m.files), nil
	return nil
}

func (m *memFS) Lock(name string) (io.Closer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.op(); err != nil {
		return nil, err
	}
	if m.locks[name] {
		return nil, fmt.Errorf("%w: %s", ErrLocked, name)
	}
	m.locks[name] = true
	return closerFunc(func() error {
		m.mu.Lock()
		defer m.mu.Unlock()
		delete(m.locks, name)
		return nil
	}), nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

type memFile struct {
	m      *memFS
	n      *inode
	name   string
	closed bool
}

func (f *memFile) ReadAt(p []byte, off int64) (int, error) {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if off >= int64(len(f.n.data)) {
		return 0, io.EOF
	}
	n := copy(p, f.n.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	f.m.mu.Lock()
	hook := f.m.beforeWrite
	f.m.mu.Unlock()
	if hook != nil {
		hook()
	}
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if err := f.m.op(); err != nil {
		return 0, err
	}
	if countdown(&f.m.failWrite) {
		// A failing disk may still have written part of it.
		p = p[:len(p)/2]
		f.write(p, off)
		return len(p), &fs.PathError{Op: "write", Path: f.name, Err: syscall.EIO}
	}
	if f.m.capacity > 0 {
		grow := off + int64(len(p)) - int64(len(f.n.data))
		if free := f.m.capacity - f.m.used(); grow > free {
			p = p[:max(0, int64(len(p))-(grow-free))]
			f.write(p, off)
			return len(p), &fs.PathError{Op: "write", Path: f.name, Err: syscall.ENOSPC}
		}
	}
	f.write(p, off)
	return len(p), nil
}

func (f *memFile) write(p []byte, off int64) {
	if end := off + int64(len(p)); end > int64(len(f.n.data)) {
		f.n.data = append(f.n.data, make([]byte, end-int64(len(f.n.data)))...)
	}
	copy(f.n.data[off:], p)
}

func (f *memFile) Sync() error {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if err := f.m.op(); err != nil {
		return err
	}
	if countdown(&f.m.failSync) {
		return &fs.PathError{Op: "sync", Path: f.name, Err: syscall.EIO}
	}
	f.n.synced = slices.Clone(f.n.data)
	return nil
}

func (f *memFile) Truncate(size int64) error {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	if err := f.m.op(); err != nil {
		return err
	}
	if countdown(&f.m.failTruncate) {
		return &fs.PathError{Op: "truncate", Path: f.name, Err: syscall.EIO}
	}
	if size < int64(len(f.n.data)) {
		f.n.data = f.n.data[:size:size]
	}
	return nil
}

func (f *memFile) Size() (int64, error) {
	f.m.mu.Lock()
	defer f.m.mu.Unlock()
	return int64(len(f.n.data)), nil
}

func (f *memFile) Close() error {
	if f.closed {
		return os.ErrClosed
	}
	f.closed = true
	return nil
}
