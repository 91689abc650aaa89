package store

import "syscall"

// lowOnSpace reports whether the file system holding path has less than
// minFreeBytes available to the server.
func lowOnSpace(path string) bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs(path, &st); err != nil {
		return false
	}
	return st.Bavail*uint64(st.Bsize) < minFreeBytes
}
