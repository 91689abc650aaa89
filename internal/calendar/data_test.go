package calendar_test

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"mutu/internal/calendar"
)

// TestDataFiles checks the embedded tables as files, independently of the
// loader: the fields every year must have, every day, and the totals the
// decrees announce (a hand edit that drops or invents a day fails here).
func TestDataFiles(t *testing.T) {
	want := map[int]struct{ national, collective int }{
		2025: {17, 11}, // 17 + 10, and 18 August added by the August 2025 amendment
		2026: {17, 8},
		2027: {18, 8}, // Isra Mikraj twice (1448 H and 1449 H)
	}
	paths, err := filepath.Glob("data/*.json")
	if err != nil {
		t.Fatal(err)
	}
	_, infos := calendar.Builtin()
	if len(paths) != len(want) || len(infos) != len(want) {
		t.Fatalf("%d files, %d years from Builtin; want %d", len(paths), len(infos), len(want))
	}
	c, _ := calendar.Builtin()
	seen := map[string]string{}
	for i, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		fields := []string{"year", "version", "checked", "legal_basis", "confidence", "sources", "notes", "days"}
		for _, k := range fields {
			if _, ok := raw[k]; !ok {
				t.Errorf("%s: no %q field", path, k)
			}
		}
		for k := range raw {
			if !slices.Contains(fields, k) {
				t.Errorf("%s: unknown field %q", path, k)
			}
		}
		var f struct {
			calendar.YearInfo
			Days []calendar.Day `json:"days"`
		}
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if filepath.Base(path) != strconv.Itoa(f.Year)+".json" {
			t.Errorf("%s: year %d", path, f.Year)
		}
		if !slices.Contains(calendar.Confidences, f.Confidence) {
			t.Errorf("%s: confidence %q", path, f.Confidence)
		}
		if f.Confidence != calendar.Projected && strings.TrimSpace(f.LegalBasis) == "" {
			t.Errorf("%s: no legal basis", path)
		}
		if f.Confidence != calendar.Verified && strings.TrimSpace(f.Notes) == "" {
			t.Errorf("%s: a %s year must say in notes what is uncertain", path, f.Confidence)
		}
		if len(f.Sources) == 0 || (f.Confidence == calendar.Verified && len(f.Sources) < 2) {
			t.Errorf("%s: %d sources for a %s year", path, len(f.Sources), f.Confidence)
		}
		for _, s := range f.Sources {
			if u, err := url.Parse(s); err != nil || u.Scheme != "https" || u.Host == "" {
				t.Errorf("%s: source %q is not an https URL", path, s)
			}
		}
		if _, err := time.Parse(time.DateOnly, f.Checked); err != nil || f.Version < 1 {
			t.Errorf("%s: checked %q, version %d", path, f.Checked, f.Version)
		}

		counts := map[calendar.Kind]int{}
		for j, d := range f.Days {
			at, err := time.Parse(time.DateOnly, d.Date)
			switch {
			case err != nil || at.Format(time.DateOnly) != d.Date:
				t.Errorf("%s: day %d: bad date %q", path, j+1, d.Date)
				continue
			case at.Year() != f.Year:
				t.Errorf("%s: %s is not in %d", path, d.Date, f.Year)
			case seen[d.Date] != "":
				t.Errorf("%s: %s is listed twice (also in %s)", path, d.Date, seen[d.Date])
			case j > 0 && f.Days[j-1].Date >= d.Date:
				t.Errorf("%s: %s is out of order", path, d.Date)
			}
			seen[d.Date] = path
			if d.Name == "" || strings.TrimSpace(d.Name) != d.Name {
				t.Errorf("%s: %s: name %q", path, d.Date, d.Name)
			}
			if !slices.Contains(calendar.Kinds, d.Kind) {
				t.Errorf("%s: %s: kind %q", path, d.Date, d.Kind)
			}
			if wd := at.Weekday(); d.Kind == calendar.CollectiveLeave && (wd == time.Saturday || wd == time.Sunday) {
				t.Errorf("%s: cuti bersama on a %s (%s)", path, wd, d.Date)
			}
			counts[d.Kind]++
		}
		w, ok := want[f.Year]
		if !ok {
			t.Errorf("%s: unexpected year %d", path, f.Year)
		} else if counts[calendar.NationalHoliday] != w.national || counts[calendar.CollectiveLeave] != w.collective {
			t.Errorf("%s: %d libur nasional and %d cuti bersama; want %d and %d", path,
				counts[calendar.NationalHoliday], counts[calendar.CollectiveLeave], w.national, w.collective)
		}

		// Builtin serves the same data.
		if !reflect.DeepEqual(infos[i], f.YearInfo) {
			t.Errorf("%s: Builtin YearInfo = %+v; want %+v", path, infos[i], f.YearInfo)
		}
		if got := c.Days(f.Year); !reflect.DeepEqual(got, f.Days) {
			t.Errorf("%s: Days(%d) differs from the file", path, f.Year)
		}
	}
}

func TestBuiltinIsACopy(t *testing.T) {
	c1, infos := calendar.Builtin()
	infos[0].Sources[0] = "changed"
	infos[0].Year = 1900
	c2, again := calendar.Builtin()
	if again[0].Sources[0] == "changed" || again[0].Year == 1900 {
		t.Error("Builtin's YearInfo shares memory between calls")
	}
	if c1 != c2 {
		t.Error("Builtin parsed its data twice")
	}
}
