// Package i18n holds Mutu's message catalogs (Bahasa Indonesia first, English
// second) and the Indonesian conventions for numbers and dates. The catalogs are
// flat JSON files embedded in the binary; keys are dotted names such as
// "unit.import.title". Both the web pages and the command line use them.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"mutu/internal/clock"
)

// Lang is a supported language.
type Lang string

const (
	ID Lang = "id" // Bahasa Indonesia, the default
	EN Lang = "en"
)

// Langs lists the supported languages, default first.
var Langs = []Lang{ID, EN}

// ParseLang returns the language named by s, or ID.
func ParseLang(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "en") {
		return EN
	}
	return ID
}

//go:embed catalog/*.json
var catalogFS embed.FS

var catalogs = map[Lang]map[string]string{}

func init() {
	for _, l := range Langs {
		b, err := catalogFS.ReadFile("catalog/" + string(l) + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n: catalog %s: %v", l, err))
		}
		catalogs[l] = m
	}
}

// Catalog returns the catalog of lang (for tests).
func Catalog(l Lang) map[string]string { return catalogs[l] }

// T translates key into lang, filling fmt verbs with args. A missing key falls
// back to Indonesian, then to the key itself, so a gap is visible, not fatal.
func T(l Lang, key string, args ...any) string {
	msg, ok := catalogs[l][key]
	if !ok {
		msg, ok = catalogs[ID][key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether key exists in the Indonesian catalog.
func Has(key string) bool { _, ok := catalogs[ID][key]; return ok }

// separators returns the decimal and thousands separators of l.
func separators(l Lang) (dec, thou byte) {
	if l == EN {
		return '.', ','
	}
	return ',', '.'
}

// Int formats n with thousands separators: 1.234 (id), 1,234 (en).
func Int(l Lang, n int64) string {
	_, thou := separators(l)
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	s := group(strconv.FormatUint(u, 10), thou)
	if neg {
		return "-" + s
	}
	return s
}

// group inserts thou between groups of three digits of s.
func group(s string, thou byte) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(thou)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Decimal formats x rounded half away from zero to the given places:
// 87,28 (id), 87.28 (en). Rounding here is for display only.
func Decimal(l Lang, x float64, places int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	p := math.Pow10(places)
	r := x // so large that it has no fraction (and x*p may overflow)
	if math.Abs(x) < 1<<52 {
		r = math.Round(x*p) / p
	}
	s := strconv.FormatFloat(math.Abs(r), 'f', places, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	dec, thou := separators(l)
	out := group(intPart, thou) // not via int64: |x| may exceed it
	if r < 0 {
		out = "-" + out
	}
	if places > 0 {
		out += string(dec) + frac
	}
	return out
}

// Rupiah formats an amount in whole rupiah: Rp 50.000.
func Rupiah(l Lang, amount int64) string { return "Rp " + Int(l, amount) }

var monthsID = [...]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// monthName returns the short name of m in l: Agu (id), Aug (en).
func monthName(l Lang, m time.Month) string {
	if l == EN {
		return monthsEN[m-1]
	}
	return monthsID[m-1]
}

// Date formats t's Asia/Jakarta date: 23 Nov 2026.
func Date(l Lang, t time.Time) string {
	t = t.In(clock.Jakarta)
	return fmt.Sprintf("%d %s %d", t.Day(), monthName(l, t.Month()), t.Year())
}

// Month formats a month given as YYYY-MM: Nov 2026 (the input unchanged if
// it is not one).
func Month(l Lang, ym string) string {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	return fmt.Sprintf("%s %d", monthName(l, t.Month()), t.Year())
}

// DateTime formats t in Asia/Jakarta: 23 Nov 2026 14.05 WIB (id), 14:05 (en).
func DateTime(l Lang, t time.Time) string {
	t = t.In(clock.Jakarta)
	sep := "."
	if l == EN {
		sep = ":"
	}
	return fmt.Sprintf("%s %02d%s%02d WIB", Date(l, t), t.Hour(), sep, t.Minute())
}

// DateRange formats two dates given as YYYY-MM-DD in one style: 1 Okt – 31 Des
// 2026, the year once when both share it (1 Okt 2025 – 31 Mar 2026 when
// not). Text that is not a date is returned as it is.
func DateRange(l Lang, from, to string) string {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return from + " – " + to
	}
	end := fmt.Sprintf("%d %s %d", t.Day(), monthName(l, t.Month()), t.Year())
	if f.Year() == t.Year() {
		return fmt.Sprintf("%d %s – %s", f.Day(), monthName(l, f.Month()), end)
	}
	return fmt.Sprintf("%d %s %d – %s", f.Day(), monthName(l, f.Month()), f.Year(), end)
}

// FileSize formats a size in bytes as people read it: 850 B, 12,5 KB,
// 3,2 MB (1 KB = 1024 bytes, one decimal below 100).
func FileSize(l Lang, n int64) string {
	const k = 1024
	switch {
	case n < k:
		return Int(l, n) + " B"
	case n < k*k:
		return scaled(l, float64(n)/k) + " KB"
	}
	return scaled(l, float64(n)/(k*k)) + " MB"
}

func scaled(l Lang, x float64) string {
	if x >= 100 {
		return Decimal(l, x, 0)
	}
	return Decimal(l, x, 1)
}
