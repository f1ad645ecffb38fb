package store

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// fsys is the filesystem under the file backend: the OS in production; in
// tests, a simulated disk that fails or crashes on cue and forgets what was
// not synced (the VFS seam of hashicorp/raft-wal).
type fsys interface {
	// MkdirAll creates dir if it is missing, durably (its parent synced).
	MkdirAll(dir string) error
	OpenFile(name string, flag int, perm fs.FileMode) (file, error)
	// Rename replaces to with from atomically; it is durable only after
	// SyncDir.
	Rename(from, to string) error
	Remove(name string) error
	// SyncDir makes the directory's entries (creations, renames, removals)
	// durable.
	SyncDir(dir string) error
	// Lock takes an exclusive lock on the file name, creating it if needed,
	// or fails at once with an error wrapping ErrLocked. Closing the result
	// releases it.
	Lock(name string) (io.Closer, error)
}

// file is an open file of an fsys.
type file interface {
	io.ReaderAt
	io.WriterAt
	Sync() error
	Truncate(size int64) error
	Size() (int64, error)
	Close() error
}

// osFS is the operating system's filesystem.
type osFS struct{}

func (osFS) MkdirAll(dir string) error {
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return osFS{}.SyncDir(filepath.Dir(dir))
}

func (osFS) OpenFile(name string, flag int, perm fs.FileMode) (file, error) {
	f, err := os.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

func (osFS) Rename(from, to string) error { return os.Rename(from, to) }
func (osFS) Remove(name string) error     { return os.Remove(name) }

func (osFS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func (osFS) Lock(name string) (io.Closer, error) { return lockFile(name) }

type osFile struct{ *os.File }

func (f osFile) Size() (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}
