package account

import (
	"strings"
	"testing"
)

// TestDummyHash: the hash CheckNoUser checks against is a real one, with the
// current parameters, so that an unknown username costs a full check (a
// malformed hash would be rejected at once and tell the usernames apart).
func TestDummyHash(t *testing.T) {
	h := dummyHash()
	if !CheckPassword(h, "mutu-dummy-password") {
		t.Fatalf("dummy hash %q does not verify", h)
	}
	fresh, err := HashPassword("x")
	if err != nil {
		t.Fatal(err)
	}
	params := func(h string) string { return h[:strings.LastIndexByte(h[:strings.LastIndexByte(h, '$')], '$')] }
	if params(h) != params(fresh) {
		t.Errorf("dummy hash parameters %q, want %q", params(h), params(fresh))
	}
	if dummyHash() != h {
		t.Error("dummy hash made twice")
	}
}
