package complaint

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// HashCode is how a tracking code is stored: the SHA-256 of its normalised
// form, in hex. The code is the reporter's password (whoever holds it acts
// as the reporter), so only the reporter ever sees it in plaintext: in the
// response that filed the report and in their e-mail. 50 random bits need
// no salt or slow hash against a stolen table of hashes of this size: the
// lookup is by hash, so each guess costs the attacker a request.
func HashCode(code string) string {
	h := sha256.Sum256([]byte(NormalizeCode(code)))
	return hex.EncodeToString(h[:])
}

// FormatNumber is a report's public number, by which staff, notices,
// exports and documents refer to it: the receiving unit's code, the year
// received (WIB) and its serial in that unit's year, e.g.
// ADU-31.72-2026-00042. It is not a secret and grants nothing.
func FormatNumber(unitCode string, year, n int) string {
	return fmt.Sprintf("%s-%04d-%05d", unitCode, year, n)
}

// ParseNumber splits a report number into the receiving unit's code, the
// year and the serial; ok is false when s does not have that form. The
// unit code may contain dashes itself, so the split is from the right.
func ParseNumber(s string) (unitCode string, year, n int, ok bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	i := strings.LastIndexByte(s, '-')
	if i < 0 {
		return "", 0, 0, false
	}
	j := strings.LastIndexByte(s[:i], '-')
	if j < 1 {
		return "", 0, 0, false
	}
	year, err1 := strconv.Atoi(s[j+1 : i])
	n, err2 := strconv.Atoi(s[i+1:])
	if err1 != nil || err2 != nil || len(s[j+1:i]) != 4 || len(s[i+1:]) < 5 || len(s[i+1:]) > 9 || n < 1 || year < 2000 {
		return "", 0, 0, false
	}
	return s[:j], year, n, true
}
