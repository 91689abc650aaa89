package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"mutu/internal/audit"
	"mutu/internal/instrument"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// demoCoaching are the coaching notes (pembinaan) of the demo visits.
var demoCoaching = []string{
	"Pembinaan penyusunan standar pelayanan bersama pengguna layanan; jadwalkan forum konsultasi publik sebelum revisi berikutnya.",
	"Pendampingan pengelolaan pengaduan: setiap pengaduan dicatat, dijawab dalam batas waktu, dan rekapnya dipajang setiap bulan.",
	"Arahan penataan ruang tunggu dan sarana bagi kelompok rentan; foto sebelum dan sesudah dilampirkan pada kunjungan berikutnya.",
	"Pembinaan tindak lanjut hasil SKM: rencana aksi disusun bersama petugas loket dan diumumkan kepada pengguna layanan.",
	"Pendampingan pemutakhiran informasi layanan pada laman unit dan papan informasi agar sama dengan standar yang berlaku.",
}

// demoAttendees are the unit's people who receive the team (name; title).
var demoAttendees = []monitor.Attendee{
	{Name: "Siti Rahmawati", Title: "Kepala Unit"}, {Name: "Agus Setiawan", Title: "Koordinator Pelayanan"},
	{Name: "Dewi Lestari", Title: "Petugas Loket"}, {Name: "Rudi Hartono", Title: "Pengelola Pengaduan"},
	{Name: "Nurul Hidayah", Title: "Kepala Subbagian Tata Usaha"},
}

// demoNote is the evaluators' note on an indicator scored low.
const demoNote = "Bukti dukung belum lengkap saat kunjungan; dilengkapi sebelum kunjungan berikutnya."

// pekppp returns the newest stored PEKPPP version, the one the demo
// visits are scored on.
func pekppp(ctx context.Context, db *store.DB) (*store.InstrumentVersion, error) {
	all, err := db.InstrumentVersions(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].Kind == instrument.KindPEKPPP {
			return &all[i], nil // newest first
		}
	}
	return nil, fmt.Errorf("seed: no PEKPPP version stored")
}

// demoLevel is a unit's level of an indicator in a window: the unit's
// own standing, better or worse per aspect, a step better after half a
// year of coaching, and a little noise, all fixed by the codes.
func demoLevel(unitCode, aspect, indicator, window string, cycle int) int {
	h := func(parts ...string) int {
		f := fnv.New32a()
		for _, p := range parts {
			f.Write([]byte(p + "|"))
		}
		return int(f.Sum32() % 1000)
	}
	level := 2 + h(unitCode)%3 + h(unitCode, aspect)%3 - 1 + cycle/3
	switch h(unitCode, window, indicator) % 6 {
	case 0:
		level--
	case 1:
		level++
	}
	return min(max(level, 0), 5)
}

// scoredVisit takes u's visit in window w to done on day on the way the
// team does: planned, every indicator scored on version iv, the coaching
// notes and attendance recorded, then submitted with its result. The
// store's clock stands at the visit's day for it. cycle is the window's
// number in the demo year (0 the first).
func scoredVisit(ctx context.Context, db *store.DB, u *unit.Unit, st store.VisitStep, on time.Time, iv *store.InstrumentVersion, cycle int) error {
	saved := db.Now
	defer func() { db.Now = saved }()
	at := on.Add(10 * time.Hour)
	db.Now = func() time.Time { return at }
	actor := audit.CLI
	st.Plan = on
	v, err := db.RecordVisit(ctx, actor, u, st)
	if err != nil {
		return err
	}
	levels := map[string]int{}
	var scores []monitor.Score
	for _, a := range iv.Aspects {
		for _, ind := range a.Indicators {
			if !ind.Scored {
				continue
			}
			sc := monitor.Score{Side: monitor.TeamSide, Indicator: ind.Code, Level: demoLevel(u.Code, a.Code, ind.Code, st.Window.Key(), cycle)}
			if sc.Level <= 1 {
				sc.Note = demoNote
			}
			levels[ind.Code] = sc.Level
			scores = append(scores, sc)
		}
	}
	if err := db.SaveTeamScores(ctx, actor, u, v.ID, iv.ID, scores); err != nil {
		return err
	}
	f := fnv.New32a()
	f.Write([]byte(u.Code + st.Window.Key()))
	k := int(f.Sum32())
	people := []monitor.Attendee{demoAttendees[k%len(demoAttendees)], demoAttendees[(k+1)%len(demoAttendees)]}
	if err := db.SaveVisitReport(ctx, actor, u, v.ID, demoCoaching[k%len(demoCoaching)], people); err != nil {
		return err
	}
	res, err := iv.Score(levels)
	if err != nil {
		return err
	}
	st.Plan, st.Done = time.Time{}, on
	return db.CompleteVisit(ctx, actor, u, v.ID, st, res)
}
