package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// BenchmarkDirectory serves directory searches in process on the demo
// grown to a province's size: 5,000 more units with six services each
// (30,000 services) and 3,000 more published standards. It reports the
// index's build (done once per change, measured here on the first
// request) apart from the searches that follow, which read only the
// index and the change stamp.
func BenchmarkDirectory(b *testing.B) {
	a := newApp(b)
	ctx := b.Context()
	names := []string{"Akta Kelahiran", "KTP-el", "Surat keterangan domisili", "Perizinan berusaha (OSS/NIB)", "Imunisasi", "Legalisir ijazah"}
	villages := []string{"31.72.01.1001", "31.72.02.1003", "31.74.08.1002", "31.71.01.1001", "31.73.05.1004", "31.75.02.1003"}
	var units []unit.Unit
	for i := range 5000 {
		u := unit.Unit{Code: fmt.Sprintf("BENCH-%04d", i), Name: fmt.Sprintf("Unit Layanan Uji %04d", i), TypeCode: "kantor_kelurahan",
			RegionCode: villages[i%len(villages)], Active: true}
		for j, n := range names {
			u.Services = append(u.Services, unit.Service{Code: fmt.Sprintf("s%d", j), Name: n, Active: true})
		}
		units = append(units, u)
	}
	if err := a.DB.CreateUnits(ctx, audit.CLI, units); err != nil {
		b.Fatal(err)
	}
	c := standard.Content{Requirements: []string{"Surat pengantar RT/RW", "Fotokopi KTP-el dan KK"}, Steps: []string{"Loket", "Selesai"},
		Time: standard.TimeLimit{Value: 1, Unit: standard.WorkingDays}, Fee: standard.Fee{Kind: standard.Free, Basis: "Perda"},
		Product: "Surat keterangan", Complaints: []string{"Loket pengaduan"}}
	eff := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range 3000 {
		u, svc := &units[i%len(units)], &units[i%len(units)].Services[i/len(units)]
		v, err := a.DB.SaveDraft(ctx, audit.CLI, u, svc, c)
		if err == nil {
			_, err = a.DB.StandardStep(ctx, audit.CLI, u, svc, v.ID, standard.Approve, nil, nil)
		}
		if err == nil {
			_, err = a.DB.StandardStep(ctx, audit.CLI, u, svc, v.ID, standard.Publish, &store.DecreeOf{Number: "1", Date: eff, EffectiveFrom: eff}, nil)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	h := a.Srv.Handler()
	get := func(q string) {
		if rec := serve(h, http.MethodGet, "/layanan?"+q, "", nil); rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", q, rec.Code)
		}
	}
	start := time.Now()
	get("q=akta+kelahiran")
	build := time.Since(start)
	queries := []string{"q=akta+kelahiran", "q=izin+usaha", "q=KTP+hilang&wilayah=31.72", "q=periksa+kesehatan+calon+pengantin", "", "wilayah=31.74&hal=3"}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			get(queries[i%len(queries)])
			i++
		}
	})
	b.ReportMetric(float64(build.Milliseconds()), "build-ms")
}
