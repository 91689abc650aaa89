package calendar

import (
	"strings"
	"testing"
	"testing/fstest"
)

const goodFile = `{"year": 2030, "version": 1, "checked": "2026-11-24", "legal_basis": "SKB", "confidence": "verified",
 "sources": ["https://example.org/a", "https://example.org/b"], "notes": "",
 "days": [{"date": "2030-01-01", "name": "Tahun Baru 2030 Masehi", "kind": "libur_nasional"}]}`

func TestLoad(t *testing.T) {
	c, infos, err := load(fstest.MapFS{"data/2030.json": {Data: []byte(goodFile)}})
	if err != nil {
		t.Fatal(err)
	}
	if !c.Covers(2030) || len(infos) != 1 || infos[0].Year != 2030 || infos[0].Confidence != Verified {
		t.Errorf("load(good) = %v, %+v", c, infos)
	}
	projected := strings.NewReplacer(`"legal_basis": "SKB"`, `"legal_basis": ""`, `"verified"`, `"projected"`).Replace(goodFile)
	if _, _, err := load(fstest.MapFS{"data/2030.json": {Data: []byte(projected)}}); err != nil {
		t.Errorf("a projected year needs no legal basis: %v", err)
	}
}

func TestLoadRejects(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(goodFile, old) {
			t.Fatalf("%q not in the good file", old)
		}
		return strings.Replace(goodFile, old, new, 1)
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no files", map[string]string{}, "no data"},
		{"file named for another year", map[string]string{"data/2031.json": goodFile}, "named"},
		{"day in another year", map[string]string{"data/2030.json": edit(`"2030-01-01"`, `"2031-01-01"`)}, "not in 2030"},
		{"bad date", map[string]string{"data/2030.json": edit(`"2030-01-01"`, `"2030-13-01"`)}, "calendar.err"},
		{"bad kind", map[string]string{"data/2030.json": edit(`"libur_nasional"`, `"libur"`)}, "calendar.err"},
		{"unknown confidence", map[string]string{"data/2030.json": edit(`"verified"`, `"sure"`)}, "confidence"},
		{"no legal basis", map[string]string{"data/2030.json": edit(`"legal_basis": "SKB"`, `"legal_basis": ""`)}, "legal_basis"},
		{"no sources", map[string]string{"data/2030.json": edit(`["https://example.org/a", "https://example.org/b"]`, `[]`)}, "sources"},
		{"source not a URL", map[string]string{"data/2030.json": edit(`"https://example.org/a"`, `"kemenkopmk"`)}, "URL"},
		{"version 0", map[string]string{"data/2030.json": edit(`"version": 1`, `"version": 0`)}, "version"},
		{"bad checked date", map[string]string{"data/2030.json": edit(`"2026-11-24"`, `"24-11-2026"`)}, "checked"},
		{"no days", map[string]string{"data/2030.json": edit(`[{"date": "2030-01-01", "name": "Tahun Baru 2030 Masehi", "kind": "libur_nasional"}]`, `[]`)}, "no days"},
		{"unknown field", map[string]string{"data/2030.json": edit(`"notes": ""`, `"notes": "", "extra": 1`)}, "unknown field"},
		{"not JSON", map[string]string{"data/2030.json": "{"}, "2030.json"},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{}
		for name, s := range tt.files {
			fsys[name] = &fstest.MapFile{Data: []byte(s)}
		}
		_, _, err := load(fsys)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: load = %v; want an error mentioning %q", tt.name, err, tt.want)
		}
	}
}
