package account_test

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"mutu/internal/account"
)

const password = "rahasia-sekali-2026"

// fixedHash is a hash of password made by HashPassword, fixed so that the
// fuzz corpus and the tampering cases are the same in every process.
const fixedHash = "$argon2id$v=19$m=19456,t=2,p=1$ORmCKBjR9BHb1EYNrGdI1g$dXeb1lIE+ui+dKXqoFY7EJSHG4kfvMNtcTDLW53HujM"

// hashOf hashes password once per test binary run (argon2id costs ~20 ms).
var hashOf = sync.OnceValues(func() (string, error) { return account.HashPassword(password) })

func TestHashPasswordFormat(t *testing.T) {
	h, err := hashOf()
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(h, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v=19" || parts[3] != "m=19456,t=2,p=1" {
		t.Fatalf("HashPassword = %q; want $argon2id$v=19$m=19456,t=2,p=1$salt$key", h)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) != 16 {
		t.Errorf("salt %q: %d bytes, %v; want 16", parts[4], len(salt), err)
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) != 32 {
		t.Errorf("key %q: %d bytes, %v; want 32", parts[5], len(key), err)
	}
}

func TestCheckPassword(t *testing.T) {
	fresh, err := hashOf()
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{fresh, fixedHash} {
		testCheckPassword(t, h)
	}
}

func testCheckPassword(t *testing.T, h string) {
	tests := []struct {
		password string
		want     bool
	}{
		{password, true},
		{"rahasia-sekali-2027", false},
		{"Rahasia-sekali-2026", false},
		{"rahasia-sekali-2026 ", false},
		{" rahasia-sekali-2026", false},
		{"rahasia-sekali-202", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := account.CheckPassword(h, tt.password); got != tt.want {
			t.Errorf("CheckPassword(hash, %q) = %v; want %v", tt.password, got, tt.want)
		}
	}
}

func TestHashPasswordRoundTrip(t *testing.T) {
	for _, p := range []string{"", "a", "kata sandi panjang dengan spasi", "ÄÖÜ-ß-€-日本-🙂", strings.Repeat("x", 200), "null\x00byte"} {
		h1, err := account.HashPassword(p)
		if err != nil {
			t.Fatal(err)
		}
		h2, err := account.HashPassword(p)
		if err != nil {
			t.Fatal(err)
		}
		if h1 == h2 {
			t.Errorf("two hashes of %q are equal: the salt is not random", p)
		}
		if !account.CheckPassword(h1, p) || !account.CheckPassword(h2, p) {
			t.Errorf("CheckPassword(HashPassword(%q)) = false", p)
		}
		if account.CheckPassword(h1, p+"x") {
			t.Errorf("CheckPassword accepts %q for %q", p+"x", p)
		}
	}
	// A prefix of the password does not match (no truncation at a NUL byte).
	h, _ := account.HashPassword("null\x00byte")
	if account.CheckPassword(h, "null") {
		t.Errorf("password truncated at NUL")
	}
}

// TestCheckPasswordMalformed: malformed, truncated or tampered hashes never
// match (and never panic), even with the right password.
func TestCheckPasswordMalformed(t *testing.T) {
	h := fixedHash
	parts := strings.Split(h, "$")
	with := func(i int, v string) string {
		p := slices.Clone(parts)
		p[i] = v
		return strings.Join(p, "$")
	}
	salt, _ := base64.RawStdEncoding.DecodeString(parts[4])
	key, _ := base64.RawStdEncoding.DecodeString(parts[5])
	flip := func(b []byte, i int) string {
		b = slices.Clone(b)
		b[i] ^= 0x01
		return base64.RawStdEncoding.EncodeToString(b)
	}
	enc := base64.RawStdEncoding.EncodeToString

	tests := []struct{ name, hash string }{
		{"empty", ""},
		{"plain text", password},
		{"dollars only", "$$$$$"},
		{"too few parts", "$argon2id$v=19$m=19456,t=2,p=1$" + parts[4]},
		{"too many parts", h + "$"},
		{"leading text", "x" + h},
		{"argon2i", with(1, "argon2i")},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"no version", with(2, "")},
		{"version 16", with(2, "v=16")},
		{"version garbage", with(2, "v=x")},
		{"version with junk", with(2, "v=19x")},
		{"version with a sign", with(2, "v=+19")},
		{"no params", with(3, "")},
		{"params reordered", with(3, "t=2,m=19456,p=1")},
		{"params with junk", with(3, "m=19456,t=2,p=1,x")},
		{"params with spaces", with(3, "m=19456, t=2, p=1")},
		{"memory 0", with(3, "m=0,t=2,p=1")},
		{"memory over 1 GiB", with(3, "m=1048577,t=2,p=1")},
		{"memory changed", with(3, "m=19457,t=2,p=1")},
		{"memory negative", with(3, "m=-1,t=2,p=1")},
		{"memory overflowing uint32", with(3, "m=4294967297,t=2,p=1")},
		{"time 0", with(3, "m=19456,t=0,p=1")},
		{"time 11", with(3, "m=19456,t=11,p=1")},
		{"time changed", with(3, "m=19456,t=1,p=1")},
		{"threads 0", with(3, "m=19456,t=2,p=0")},
		{"threads 256", with(3, "m=19456,t=2,p=256")},
		{"threads changed", with(3, "m=19456,t=2,p=2")},
		{"salt not base64", with(4, "!!!!")},
		{"salt padded", with(4, parts[4]+"==")},
		{"salt truncated", with(4, parts[4][:len(parts[4])-1])},
		{"salt empty", with(4, "")},
		{"salt byte flipped", with(4, flip(salt, 0))},
		{"salt last byte flipped", with(4, flip(salt, len(salt)-1))},
		{"key empty", with(5, "")},
		{"key not base64", with(5, "*")},
		{"key truncated by one char", h[:len(h)-1]},
		{"key truncated by one byte", with(5, enc(key[:31]))},
		{"key extended by one byte", with(5, enc(append(slices.Clone(key), 0)))},
		{"key first byte flipped", with(5, flip(key, 0))},
		{"key last byte flipped", with(5, flip(key, len(key)-1))},
		{"key of 65 bytes", with(5, enc(make([]byte, 65)))},
		// Non-canonical base64: the unused low bits of the last character
		// set. It decodes to the same bytes, but is not the stored string.
		{"key last char with unused bits set", with(5, parts[5][:len(parts[5])-1]+nonCanonical(parts[5]))},
		{"salt last char with unused bits set", with(4, parts[4][:len(parts[4])-1]+nonCanonical(parts[4]))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.hash == h {
				t.Fatal("test case does not change the hash")
			}
			if account.CheckPassword(tt.hash, password) {
				t.Errorf("CheckPassword(%q, password) = true", tt.hash)
			}
		})
	}
}

// nonCanonical returns a last character for s (raw base64) that differs from
// s's own only in the bits the encoding leaves unused.
func nonCanonical(s string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	if n := len(s) % 4; n != 2 && n != 3 { // 2 chars hold 1 byte, 3 hold 2: the lowest bit is unused
		panic(fmt.Sprintf("no unused bits in a raw base64 string of length %d", len(s)))
	}
	last := strings.IndexByte(alphabet, s[len(s)-1])
	return string(alphabet[last^1])
}

func TestCheckNoUser(t *testing.T) {
	if account.CheckNoUser("mutu-dummy-password") || account.CheckNoUser("") {
		t.Errorf("CheckNoUser returned true")
	}
}

func TestValidatePassword(t *testing.T) {
	r := strings.Repeat
	tests := []struct {
		name, password, username string
		want                     string // "" or the key
	}{
		{"9 runes", r("a", 9), "budi", "account.err.password_short"},
		{"10 runes", r("a", 10), "budi", ""},
		{"empty", "", "budi", "account.err.password_short"},
		{"9 two-byte runes (18 bytes)", r("é", 9), "budi", "account.err.password_short"},
		{"10 two-byte runes", r("é", 10), "budi", ""},
		{"9 four-byte runes (36 bytes)", r("🙂", 9), "budi", "account.err.password_short"},
		{"10 four-byte runes", r("🙂", 10), "budi", ""},
		{"200 runes", r("é", 200), "budi", ""},
		{"201 runes", r("a", 201), "budi", "err.too_long"},
		{"equal to username", "budi.santoso", "budi.santoso", "account.err.password_weak"},
		{"equal to username in other case", "Budi.Santoso", "budi.santoso", "account.err.password_weak"},
		{"contains the username", "budi.santoso1", "budi.santoso", ""},
		{"short and equal to username: short wins", "budi", "budi", "account.err.password_short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := account.ValidatePassword(tt.password, tt.username)
			var got string
			if len(fs) > 0 {
				got = fs[0].Key
				if len(fs) != 1 || fs[0].Name != "password" {
					t.Errorf("ValidatePassword = %+v; want one problem on password", fs)
				}
			}
			if got != tt.want {
				t.Errorf("ValidatePassword(%q) = %q; want %q", tt.password, got, tt.want)
			}
		})
	}
	if fs := account.ValidatePassword("x", ""); len(fs[0].Args) != 1 || fs[0].Args[0] != account.MinPasswordLength {
		t.Errorf("short password args = %v; want [%d]", fs[0].Args, account.MinPasswordLength)
	}
}

func FuzzCheckPassword(f *testing.F) {
	h := fixedHash
	parts := strings.Split(h, "$")
	f.Add(h)
	f.Add("")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$" + parts[5])
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$$")
	f.Add("$argon2id$v=19$m=64,t=1,p=4$" + parts[4] + "$" + parts[5][:10])
	f.Add("$argon2i$v=19$m=19456,t=2,p=1$" + parts[4] + "$" + parts[5])
	f.Add("$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")
	f.Fuzz(func(t *testing.T, hash string) {
		if hash == h {
			// The one real hash of password; it must match.
			if !account.CheckPassword(hash, password) {
				t.Fatal("real hash does not match")
			}
			return
		}
		// Bound the work the fuzzer may ask for: CheckPassword accepts up to
		// 1 GiB and 10 passes, which is legitimate but too slow to fuzz.
		if p := strings.Split(hash, "$"); len(p) == 6 {
			var m, tm, th uint64
			fmt.Sscanf(p[3], "m=%d,t=%d,p=%d", &m, &tm, &th)
			if m*max(tm, 1) > 64*1024 || th > 16 {
				t.Skip("parameters too costly to fuzz")
			}
		}
		// Only a hash made from this password can match it; the fuzzer cannot
		// forge argon2id, so any match other than the real hash is a bug
		// (e.g. an empty key compared as equal).
		if account.CheckPassword(hash, password) {
			t.Fatalf("CheckPassword(%q, password) = true", hash)
		}
	})
}
