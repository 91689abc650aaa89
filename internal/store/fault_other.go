//go:build !linux

package store

// lowOnSpace is not measured outside Linux; a failed write still reports
// a full disk.
func lowOnSpace(string) bool { return false }
