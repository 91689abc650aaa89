package directory

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"mutu/internal/standard"
)

// sample is a small directory shaped like the demo's: the same services at
// several units, standards (product, requirements) at some of them.
func sample() []Entry {
	std := func(product string, reqs ...string) *standard.Version {
		return &standard.Version{Status: standard.Published, Content: standard.Content{Product: product, Requirements: reqs}}
	}
	units := []struct{ code, name, region string }{
		{"PTSP-31.72", "UP PM-PTSP Kota Administrasi Jakarta Utara", "31.72"},
		{"DKP-31.72", "Suku Dinas Dukcapil Kota Administrasi Jakarta Utara", "31.72"},
		{"DKP-31.74", "Suku Dinas Dukcapil Kota Administrasi Jakarta Selatan", "31.74"},
		{"PKM-31.72.01", "Puskesmas Kecamatan Penjaringan", "31.72.01"},
		{"PKM-31.74.08", "Puskesmas Kecamatan Pancoran", "31.74.08"},
		{"KEL-31.72.01.1001", "Kelurahan Kamal Muara", "31.72.01.1001"},
		{"DIK1-31.72", "Suku Dinas Pendidikan Wilayah I Kota Administrasi Jakarta Utara", "31.72"},
	}
	services := map[string][]string{
		"PTSP": {"Perizinan berusaha berbasis risiko (OSS/NIB)", "Persetujuan Bangunan Gedung (PBG)", "Sertifikat Laik Fungsi (SLF)"},
		"DKP":  {"KTP-el", "Kartu Keluarga (KK)", "Akta Kelahiran", "Akta Kematian"},
		"PKM":  {"Pemeriksaan kesehatan calon pengantin (catin)", "Pemeriksaan kesehatan umum", "Imunisasi"},
		"KEL":  {"Surat pengantar nikah", "Surat keterangan tidak mampu (SKTM)"},
		"DIK1": {"Legalisir ijazah", "Surat keterangan pengganti ijazah hilang"},
	}
	standards := map[string]*standard.Version{
		"DKP-31.72/KTP-el": std("Kartu Tanda Penduduk elektronik (KTP-el)",
			"Penggantian karena hilang: surat keterangan kehilangan dari kepolisian dan fotokopi KK"),
		"DKP-31.72/Akta Kelahiran":                     std("Kutipan Akta Kelahiran", "Surat keterangan lahir dari rumah sakit", "KTP-el ayah dan ibu"),
		"PTSP-31.72/Persetujuan Bangunan Gedung (PBG)": std("Dokumen PBG", "KTP pemohon; bagi badan usaha juga akta pendirian"),
	}
	var out []Entry
	for _, u := range units {
		for _, s := range services[strings.Split(u.code, "-")[0]] {
			out = append(out, Entry{UnitCode: u.code, UnitName: u.name, RegionCode: u.region, RegionNames: []string{"Jakarta"},
				ServiceCode: strings.ToLower(strings.Fields(s)[0]), ServiceName: s, Standard: standards[u.code+"/"+s]})
		}
	}
	return out
}

func TestSearchFindsWhatCitizensNeed(t *testing.T) {
	syn, err := DefaultSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex(sample(), syn)
	for _, c := range []struct {
		q, region string
		want      []string // unit/service name, in order when order matters (first is best)
	}{
		{"akta kelahiran", "", []string{"DKP-31.72/Akta Kelahiran", "DKP-31.74/Akta Kelahiran"}},
		{"Akte lahir", "", []string{"DKP-31.72/Akta Kelahiran", "DKP-31.74/Akta Kelahiran"}},
		{"izin usaha", "", []string{"PTSP-31.72/Perizinan berusaha berbasis risiko (OSS/NIB)"}},
		{"mau urus SIUP", "", []string{"PTSP-31.72/Perizinan berusaha berbasis risiko (OSS/NIB)"}},
		{"IMB", "", []string{"PTSP-31.72/Persetujuan Bangunan Gedung (PBG)"}},
		{"KTP hilang", "", []string{"DKP-31.72/KTP-el", "DKP-31.74/KTP-el"}},
		{"ktp hilang", "31.74", []string{"DKP-31.74/KTP-el"}},
		{"periksa kesehatan calon pengantin", "", []string{"PKM-31.74.08/Pemeriksaan kesehatan calon pengantin (catin)",
			"PKM-31.72.01/Pemeriksaan kesehatan calon pengantin (catin)"}},
		{"catin", "31.72", []string{"PKM-31.72.01/Pemeriksaan kesehatan calon pengantin (catin)"}},
		{"nikah", "31.72.01", []string{"KEL-31.72.01.1001/Surat pengantar nikah", "PKM-31.72.01/Pemeriksaan kesehatan calon pengantin (catin)"}},
		{"surat miskin", "", []string{"KEL-31.72.01.1001/Surat keterangan tidak mampu (SKTM)"}},
		{"vaksin", "31.74.08", []string{"PKM-31.74.08/Imunisasi"}},
		{"ijazah hilang", "", []string{"DIK1-31.72/Surat keterangan pengganti ijazah hilang"}},
		// a requirement's words count only when nothing better is found
		{"surat keterangan lahir", "", []string{"DKP-31.72/Akta Kelahiran"}},
		{"fotokopi kk", "", []string{"DKP-31.72/KTP-el"}},
		{"kartu keluarga", "", []string{"DKP-31.74/Kartu Keluarga (KK)", "DKP-31.72/Kartu Keluarga (KK)"}}, // a tie: by unit name
		// nonsense, and what a form could be abused with, find nothing
		{"xyzzy qwerty", "", nil},
		{"' OR 1=1 --", "", nil},
		{"%", "", nil},
		{"saya mau", "", nil},
		{"<script>alert(1)</script>", "", nil},
		{"akta kelahiran", "31.75", nil},
	} {
		hits, total := ix.Search(Query{Text: c.q, Region: c.region})
		var got []string
		for _, h := range hits {
			got = append(got, h.UnitCode+"/"+h.ServiceName)
		}
		if total != len(c.want) || !slices.Equal(sorted(got), sorted(c.want)) {
			t.Errorf("%q in %q: got %q (%d), want %q", c.q, c.region, got, total, c.want)
			continue
		}
		if len(c.want) > 0 && got[0] != c.want[0] {
			t.Errorf("%q: best %q, want %q", c.q, got[0], c.want[0])
		}
	}
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

// An empty search lists every entry of the region in index order, a page
// at a time.
func TestSearchListsAndPages(t *testing.T) {
	ix := NewIndex(sample(), nil)
	all, total := ix.Search(Query{})
	if total != ix.Len() || len(all) != total {
		t.Fatalf("all: %d of %d, want %d", len(all), total, ix.Len())
	}
	page, total2 := ix.Search(Query{Text: "  ", Offset: 3, Limit: 2})
	if total2 != total || len(page) != 2 || page[0].Entry.ServiceName != all[3].ServiceName {
		t.Errorf("page: %v of %d", page, total2)
	}
	if past, n := ix.Search(Query{Offset: 1000, Limit: 10}); len(past) != 0 || n != total {
		t.Errorf("past the end: %d %d", len(past), n)
	}
	in, n := ix.Search(Query{Region: "31.72.01"})
	if n != 5 || in[0].UnitCode != "PKM-31.72.01" {
		t.Errorf("region: %d %v", n, in)
	}
}

func TestSynonymTable(t *testing.T) {
	s, err := DefaultSynonyms()
	if err != nil || s.Version == "" || len(s.Entries) < 20 {
		t.Fatalf("%v %+v", err, s)
	}
	for _, bad := range []string{`{}`, `{"version":"1","source":"x","entries":[{"phrase":"a","terms":["b"]}]}`,
		`{"version":"1","source":"x","entries":[{"phrase":"a","terms":["b"],"why":"c"},{"phrase":"A","terms":["d"],"why":"e"}]}`,
		`{"version":"1","source":"x","entries":[{"phrase":"a","terms":["--"],"why":"c"}]}`, `[`} {
		if _, err := ParseSynonyms([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// A search costs the index, not the number of entries times their words:
// measured on a city-sized directory in BenchmarkSearch.
func BenchmarkSearch(b *testing.B) {
	syn, _ := DefaultSynonyms()
	base := sample()
	var entries []Entry
	for i := range 1000 { // ~20,000 services
		for _, e := range base {
			e.UnitCode = fmt.Sprintf("%s-%d", e.UnitCode, i)
			entries = append(entries, e)
		}
	}
	ix := NewIndex(entries, syn)
	b.ResetTimer()
	for i := range b.N {
		q := []string{"akta kelahiran", "izin usaha", "KTP hilang", "periksa kesehatan calon pengantin"}[i%4]
		if _, n := ix.Search(Query{Text: q, Limit: 20}); n == 0 {
			b.Fatal(q)
		}
	}
}
