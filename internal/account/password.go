package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1).
// They are stored in each hash, so they can be raised later without breaking
// existing passwords.
var params = struct {
	memory  uint32
	time    uint32
	threads uint8
	keyLen  uint32
}{memory: 19 * 1024, time: 2, threads: 1, keyLen: 32}

// HashPassword returns a PHC-format argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, params.time, params.memory, params.threads, params.keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, params.memory, params.time, params.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash, in constant time.
// A malformed hash never matches; nor does any hash but the canonical form
// HashPassword writes (no text around it, no junk after the parameters, no
// non-zero padding bits in the base64), so a stored hash has one spelling.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", memory, time, threads) {
		return false
	}
	if memory == 0 || memory > 1<<20 || time == 0 || time > 10 || threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding.Strict()
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 64 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked against when a username does not exist, so that a
// wrong username costs as much time as a wrong password. It is made on first
// use, not when the package loads: every command and test binary imports
// this package, few of them sign anyone in.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("mutu-dummy-password")
	if err != nil {
		panic("account: dummy hash: " + err.Error())
	}
	return h
})

// CheckNoUser spends the time of one password check and returns false.
func CheckNoUser(password string) bool {
	CheckPassword(dummyHash(), password)
	return false
}
