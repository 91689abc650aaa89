package complaint

import "testing"

// A code is found however it is typed: every spelling normalises to the
// one form it was hashed in.
func TestNormalizeCodeAnyTyping(t *testing.T) {
	const want = "MT-7K3Q-9XPA-2B"
	for _, typed := range []string{
		"MT-7K3Q-9XPA-2B", " mt-7k3q-9xpa-2b ", "mt7k3q9xpa2b", "MT 7K3Q 9XPA 2B", "mt – 7k3q – 9xpa – 2b",
		"MT.7K3Q.9XPA.2B", "Mt-7k3Q 9xpa2B\n",
	} {
		if got := NormalizeCode(typed); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", typed, got, want)
		}
		if HashCode(typed) != HashCode(want) {
			t.Errorf("HashCode(%q) differs from the code's", typed)
		}
	}
	// Look-alike letters: O is zero, I and L are one.
	if got := NormalizeCode("mtok1l000000"); got != "MT-0K11-0000-00" {
		t.Errorf("look-alikes: %q", got)
	}
	for i := 0; i < 200; i++ {
		if c := NewCode(); NormalizeCode(c) != c {
			t.Fatalf("a new code %q is not in its normal form", c)
		}
	}
	for _, bad := range []string{"", "MT", "MT-7K3Q-9XPA-2", "XX7K3Q9XPA2B", "MT-7K3Q-9XPA-2B-9"} {
		if ValidCode(NormalizeCode(bad)) {
			t.Errorf("%q accepted as a code", bad)
		}
	}
}
