package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/geo"
	"mutu/internal/store"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

var demoReports = []struct {
	kind        complaint.Kind
	title, body string
}{
	{complaint.Complaint, "Antrean tidak tertib", "Nomor antrean saya dilewati dua kali oleh petugas loket pagi ini."},
	{complaint.Complaint, "Pungutan di luar tarif", "Petugas meminta uang tambahan untuk mempercepat berkas, padahal layanan ini gratis."},
	{complaint.Complaint, "Toilet ruang tunggu rusak", "Toilet umum di ruang tunggu tidak bisa dipakai sejak pekan lalu."},
	{complaint.Information, "Persyaratan akta kelahiran", "Apa saja persyaratan akta kelahiran untuk anak yang lahir di luar Jakarta?"},
	{complaint.Consultation, "Perubahan data KK", "Bagaimana cara mengubah data pekerjaan di Kartu Keluarga secara daring?"},
	{complaint.Aspiration, "Layanan Sabtu", "Mohon dibuka layanan pada hari Sabtu untuk warga yang bekerja."},
	{complaint.Complaint, "Situs pendaftaran tidak bisa diakses", "Situs pendaftaran antrean daring selalu gagal sejak kemarin sore."},
	{complaint.Complaint, "Petugas tidak ramah", "Petugas di loket dua membentak lansia yang bertanya tentang berkas."},
}

// Complaints adds demo reports in every state, with times in the past so
// that some are overdue: a queue and a dashboard that are alive on first start.
func Complaints(ctx context.Context, db *store.DB, now time.Time) (int, error) {
	var units []string
	points := map[string]*geo.Point{} // a place in each unit's region, for the reports that carry one
	for _, code := range []string{"PTSP-31.72", "DKP-31.72", "PKM-31.72.01", "PKM-31.72.02", "KEC-31.72.01", "PTSP-31.74", "DKP-31.74", "PKM-31.74.08"} {
		u, err := db.UnitByCode(ctx, code)
		if err != nil {
			return 0, err
		}
		units = append(units, u.ID)
		if points[u.ID], err = pointIn(u.RegionCode); err != nil {
			return 0, err
		}
	}
	rng := rand.New(rand.NewPCG(76, 2013))
	// Each path is the lifecycle a demo report goes through.
	paths := [][]complaint.Action{
		{},
		{complaint.Verify},
		{complaint.Verify, complaint.Dispatch},
		{complaint.Verify, complaint.Dispatch, complaint.Accept},
		{complaint.Verify, complaint.Dispatch, complaint.Respond},
		{complaint.Verify, complaint.Dispatch, complaint.Respond, complaint.Confirm, complaint.Rate},
		{complaint.Verify, complaint.Dispatch, complaint.Respond, complaint.Reject},
		{complaint.Hold},
		{complaint.Archive},
		{complaint.Verify, complaint.Dispatch, complaint.Accept, complaint.Respond, complaint.AutoClose},
	}
	reasons := map[complaint.Action]string{complaint.Hold: "Menunggu kelengkapan data dari pelapor.", complaint.Archive: "Laporan tidak berisi informasi yang dapat ditindaklanjuti.",
		complaint.Respond: "Terima kasih. Petugas terkait sudah kami tegur dan prosedur sudah kami perbaiki.", complaint.Reject: "Masalah yang sama terjadi lagi hari ini."}
	n := 0
	for i := range 40 {
		rep := demoReports[i%len(demoReports)]
		unitID := units[i%len(units)]
		r := &complaint.Report{UnitID: unitID, Kind: rep.kind, Privacy: complaint.Privacies[i%3], Channel: complaint.ChannelWeb,
			Title: rep.title, Body: rep.body}
		r.ReceivedAt = now.Add(-time.Duration(2+rng.IntN(40*24)) * time.Hour)
		if i%4 == 0 {
			r.Reporter = complaint.Reporter{Name: fmt.Sprintf("Warga %d", i+1), Email: fmt.Sprintf("warga%d@contoh.id", i+1)}
		}
		if i%3 == 1 {
			r.Point = points[unitID] // the reporter shared where it happened
		}
		if err := db.CreateComplaint(ctx, r, "", ""); err != nil {
			return n, err
		}
		at := r.ReceivedAt
		for _, action := range paths[i%len(paths)] {
			at = at.Add(time.Duration(4+rng.IntN(60)) * time.Hour)
			if at.After(now) {
				at = now
			}
			c := &complaint.Change{Action: action, Actor: actorOf(action), At: at, Reason: reasons[action], TargetUnit: unitID, Rating: 4}
			if _, err := db.ApplyComplaint(ctx, r.UnitID, r.ID, c, "", "demo"); err != nil {
				return n, fmt.Errorf("demo complaint %d %s: %w", i, action, err)
			}
		}
		n++
	}
	return n, nil
}

// actorOf is who takes action in the lifecycle (the first actor
// complaint.Transitions allows).
func actorOf(action complaint.Action) complaint.Actor {
	for _, t := range complaint.Transitions {
		if t.Action == action {
			return t.Actors[0]
		}
	}
	return ""
}

// pointIn is a point inside the boundary of the region with code, from the
// boundaries shipped with the binary: its centroid where that lies inside
// (a concave region's may not), else the first inside point of a grid over
// its extent.
func pointIn(code string) (*geo.Point, error) {
	bs, err := geo.DKIJakarta()
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		if b.Code != code {
			continue
		}
		if c, _ := planar.CentroidArea(b.Shape); planar.MultiPolygonContains(b.Shape, c) {
			return &geo.Point{Lat: c.Lat(), Lng: c.Lon()}, nil
		}
		box := b.Shape.Bound()
		for i := 1; i < 20; i++ {
			for j := 1; j < 20; j++ {
				p := orb.Point{box.Min.Lon() + (box.Max.Lon()-box.Min.Lon())*float64(i)/20, box.Min.Lat() + (box.Max.Lat()-box.Min.Lat())*float64(j)/20}
				if planar.MultiPolygonContains(b.Shape, p) {
					return &geo.Point{Lat: p.Lat(), Lng: p.Lon()}, nil
				}
			}
		}
	}
	return nil, fmt.Errorf("demo: no point inside region %s", code)
}
