package store

import "syscall"

// startWriteback asks the kernel to start writing the range out to the
// disk now, without waiting (sync_file_range with SYNC_FILE_RANGE_WRITE),
// so that the fsync closing a large group finds little left to write. It is
// a hint: its error is ignored, the fsync reports any failure.
func (f osFile) startWriteback(off, n int64) {
	const syncFileRangeWrite = 2 // SYNC_FILE_RANGE_WRITE
	_ = syscall.SyncFileRange(int(f.Fd()), off, n, syncFileRangeWrite)
}
