package main

import (
	"os"
	"testing"
	"time"
)

var sink int

// TestParseStat reads the fields by their place after the command name,
// which may itself hold spaces and parentheses.
func TestParseStat(t *testing.T) {
	for _, tc := range []struct {
		stat      string
		ppid      int
		ticks     int64
		ok        bool
		situation string
	}{
		{"1234 (postgres) S 99 1234 1234 0 -1 4194560 1 0 0 0 7 3 20 10 20 0 1 0 5 0 0", 99, 40, true, "plain"},
		{"77 (a) b (c)) R 5 77 77 0 -1 0 0 0 0 0 1 2 3 4 20 0 1 0 5 0 0", 5, 10, true, "spaces and parentheses in the name"},
		{"77 (short) R 5 77", 0, 0, false, "too few fields"},
		{"garbage", 0, 0, false, "no name"},
	} {
		p, ok := parseStat([]byte(tc.stat))
		if ok != tc.ok || p.ppid != tc.ppid || p.ticks != tc.ticks {
			t.Errorf("%s: got %+v %v, want ppid %d ticks %d %v", tc.situation, p, ok, tc.ppid, tc.ticks, tc.ok)
		}
	}
}

// TestTreeCPU counts a process tree from its root: this test's own process
// is found, with its parent as the root.
func TestTreeCPU(t *testing.T) {
	// Spin until the kernel has charged this process a tick (10 ms of CPU).
	deadline := time.Now().Add(5 * time.Second)
	for selfCPU() == 0 && time.Now().Before(deadline) {
		sink++
	}
	self := treeCPU(tiers{{name: "self", roots: []int{os.Getpid()}}})[0]
	parent := treeCPU(tiers{{name: "parent", roots: []int{os.Getppid()}}})[0]
	if self <= 0 || parent < self {
		t.Errorf("self %d ticks, its parent's tree %d: want 0 < self <= parent", self, parent)
	}
}
