package report

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"mutu/internal/clock"
	"mutu/internal/skm"
)

// permen is the current instrument (9 elements).
var permen = skm.BuiltinByCode(skm.Current)

// generated is the fixed "now" of every sample report.
var generated = time.Date(2026, 10, 5, 9, 30, 0, 0, clock.Jakarta)

// sampleReport builds a deterministic report of n respondents over three
// services: answers drawn from a seeded generator with a per-element bias
// (so elements differ), a few blank answers and blank profile fields.
func sampleReport(t testing.TB, n int) SKMReport {
	t.Helper()
	rng := rand.New(rand.NewPCG(14, 2017))
	services := []string{"Poli Umum", "Poli Gigi", "Laboratorium"}
	// bias[i] is the chance, in percent, that element i scores 4 rather
	// than 3; low scores are rarer.
	bias := []int{55, 45, 20, 80, 50, 60, 70, 25, 40}
	ne := len(permen.Elements)
	pooled := skm.NewTally(ne)
	perService := map[string]*skm.Tally{}
	profile := map[string]map[string]int64{"sex": {}, "education": {}, "occupation": {}, "age": {}}
	var rows []RespondentRow
	for i := range n {
		row := RespondentRow{
			No:      i + 1,
			Date:    time.Date(2026, 7, 1+rng.IntN(92), 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
			Service: services[i%len(services)],
			Answers: make([]int, ne),
		}
		if rng.IntN(10) > 0 {
			row.Age = 17 + rng.IntN(55)
			profile["age"][skm.AgeBand(row.Age)]++
		}
		if rng.IntN(12) > 0 {
			row.Sex = skm.Sexes[rng.IntN(len(skm.Sexes))].Code
			profile["sex"][row.Sex]++
		}
		if rng.IntN(8) > 0 {
			row.Education = skm.Educations[rng.IntN(len(skm.Educations))].Code
			profile["education"][row.Education]++
		}
		if rng.IntN(8) > 0 {
			row.Occupation = skm.Occupations[rng.IntN(len(skm.Occupations))].Code
			profile["occupation"][row.Occupation]++
		}
		for e := range ne {
			switch r := rng.IntN(100); {
			case r < 2:
				row.Answers[e] = 0 // blank
			case r < 5:
				row.Answers[e] = 1
			case r < 15:
				row.Answers[e] = 2
			case rng.IntN(100) < bias[e]:
				row.Answers[e] = 4
			default:
				row.Answers[e] = 3
			}
		}
		if i%7 == 0 {
			row.Saran = fmt.Sprintf("Saran nomor %d: antrean perlu dipercepat.", i+1)
		}
		rows = append(rows, row)
		pooled.Add(row.Answers)
		st := perService[row.Service]
		if st == nil {
			nt := skm.NewTally(ne)
			st = &nt
			perService[row.Service] = st
		}
		st.Add(row.Answers)
	}
	res, err := skm.Compute(permen, pooled, skm.Exact)
	if err != nil {
		t.Fatal(err)
	}
	var svc []ServiceResult
	for _, s := range services {
		if perService[s] == nil {
			continue
		}
		r, err := skm.Compute(permen, *perService[s], skm.Exact)
		if err != nil {
			t.Fatal(err)
		}
		svc = append(svc, ServiceResult{Name: s, Result: r})
	}
	return SKMReport{
		UnitName:     "Puskesmas Kecamatan Koja",
		UnitCode:     "31.72.06-PKM",
		RegionName:   "Kota Administrasi Jakarta Utara",
		UnitType:     "Puskesmas",
		PeriodLabel:  "Triwulan III 2026",
		Range:        skm.Range{From: "2026-07-01", To: "2026-09-30"},
		Instrument:   permen,
		Result:       res,
		Services:     svc,
		Population:   100,
		SampleTarget: skm.SampleSize(100),
		Profile:      profile,
		Respondents:  rows,
		Trend: []TrendPoint{
			{"Triwulan III 2025", 79.4, "B"},
			{"Triwulan IV 2025", 81.25, "B"},
			{"Triwulan I 2026", 76.2, "C"},
			{"Triwulan II 2026", 83.9, "B"},
		},
		Actions: []Action{
			{1, "U3 Waktu Penyelesaian", "Menambah loket pendaftaran pada jam sibuk dan menerapkan antrean daring", "Okt–Des 2026", "Kepala Subbagian Tata Usaha", "Direncanakan"},
			{2, "U8 Penanganan Pengaduan, Saran dan Masukan", "Menanggapi setiap pengaduan dalam 5 hari kerja dan mengumumkan tindak lanjutnya", "Okt 2026", "Koordinator Pengaduan", "Berjalan"},
			{3, "U9 Sarana dan Prasarana", "Perbaikan ruang tunggu dan toilet ramah disabilitas", "Nov 2026 – Mar 2027", "Kepala Puskesmas", "Direncanakan"},
		},
		Generated: generated,
	}
}

// keep writes a built file to $MUTU_REPORT_OUT for a look with a viewer;
// without the variable it does nothing.
func keep(t *testing.T, name string, b []byte) {
	dir := os.Getenv("MUTU_REPORT_OUT")
	if dir == "" {
		return
	}
	name = strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return '-'
	}, name)
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
