package seed

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"mutu/internal/audit"
	"mutu/internal/finding"
	"mutu/internal/instrument"
	"mutu/internal/monitor"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// demoFinding is a finding's text in the demo.
type demoFinding struct{ description, recommendation, responsible string }

var demoFindings = []demoFinding{
	{"Standar pelayanan belum dipajang di ruang tunggu.", "Pajang standar pelayanan yang berlaku di ruang tunggu dan di laman unit.", "Kepala Subbagian Tata Usaha"},
	{"Maklumat pelayanan belum ditandatangani pimpinan yang menjabat.", "Perbarui maklumat dan tanda tangani oleh kepala unit.", "Kepala Unit"},
	{"Hasil SKM semester lalu belum ditindaklanjuti dan dipublikasikan.", "Susun rencana tindak lanjut SKM dan umumkan hasilnya.", "Koordinator Pelayanan"},
	{"Sarana untuk pengguna berkebutuhan khusus belum tersedia.", "Sediakan kursi roda dan jalur landai di pintu masuk.", "Kepala Subbagian Umum"},
	{"Pengaduan belum dijawab dalam batas waktu.", "Tunjuk petugas pengelola pengaduan dan jawab dalam 5 hari kerja.", "Petugas Pengelola Pengaduan"},
}

// Findings gives Jakarta Utara's demo visits their findings (finding13):
// PTSP-31.72, the demo operator's unit, has one in every state (open,
// overdue, answered, closed, reopened); the other units one or two, the
// state fixed by their code so every demo is the same. Each step is taken
// at its day in the past (the store's clock is set back for it).
func Findings(ctx context.Context, db *store.DB, now time.Time) error {
	saved := db.Now
	defer func() { db.Now = saved }()
	codes := instrument.Builtin()[0].ScoredIndicators()
	team, err := db.Teams(ctx, "31.72")
	if err != nil || len(team) == 0 {
		return fmt.Errorf("seed findings: no team: %v", err)
	}
	units, err := db.ScopeUnits(ctx, team)
	if err != nil {
		return err
	}
	today := monitor.Day(now)
	n := 0
	for i := range units {
		u := &units[i]
		visits, err := db.UnitVisits(ctx, u.ID)
		if err != nil {
			return err
		}
		var done []monitor.Visit // newest first
		for _, v := range visits {
			if v.Done() {
				done = append(done, v)
			}
		}
		if len(done) < 2 {
			continue
		}
		states := []string{"open", "overdue", "answered", "closed", "reopened"}
		if u.Code != "PTSP-31.72" {
			h := fnv.New32a()
			h.Write([]byte(u.Code))
			k := int(h.Sum32())
			states = []string{states[k%5], states[(k/5)%5]}[:1+k/25%2]
		}
		for _, st := range states {
			text := demoFindings[n%len(demoFindings)]
			f := &finding.Finding{Indicator: codes[n*7%len(codes)], Severity: finding.Severities[n%3], Description: text.description,
				Recommendation: text.recommendation, Responsible: text.responsible}
			n++
			if err := demoFindingAs(ctx, db, u, f, st, done[1].DoneOn, done[0].DoneOn, today); err != nil {
				return fmt.Errorf("seed finding %s %s: %w", u.Code, st, err)
			}
		}
	}
	return nil
}

// demoFindingAs records f at the earlier visit (on day older) and takes it
// to state st, the team's steps at the later visit (on day newer).
func demoFindingAs(ctx context.Context, db *store.DB, u *unit.Unit, f *finding.Finding, st string, older, newer, today time.Time) error {
	at := func(d time.Time) { t := d.Add(10 * time.Hour); db.Now = func() time.Time { return t } }
	visits, err := db.UnitVisits(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, v := range visits {
		if v.DoneOn.Equal(older) {
			f.VisitID = v.ID
		}
		if st == "open" && v.DoneOn.Equal(newer) {
			f.VisitID, older = v.ID, newer // a finding of the latest visit, not yet due
		}
	}
	switch st {
	case "open":
		f.DueOn = today.AddDate(0, 0, 21)
	case "overdue":
		f.DueOn = older.AddDate(0, 0, 14)
		if !f.DueOn.Before(today) {
			f.DueOn = today.AddDate(0, 0, -1)
		}
	default:
		f.DueOn = older.AddDate(0, 0, 30)
	}
	at(older)
	if err := db.CreateFinding(ctx, audit.CLI, u, f); err != nil || st == "open" || st == "overdue" {
		return err
	}
	answered := older.AddDate(0, 0, 7)
	if answered.After(today) {
		answered = today
	}
	at(answered)
	if _, err := db.StepFinding(ctx, audit.CLI, u, f.ID, store.FindingStep{Action: finding.Answer, Actor: finding.Unit,
		Text: "Sudah ditindaklanjuti: " + f.Recommendation}); err != nil || st == "answered" {
		return err
	}
	at(later(newer, answered))
	step := store.FindingStep{Action: finding.Verify, Actor: finding.Team, Text: "Terverifikasi pada kunjungan berikutnya."}
	if st == "reopened" {
		step = store.FindingStep{Action: finding.Reopen, Actor: finding.Team, Text: "Tindak lanjut belum sesuai rekomendasi.",
			DueOn: today.AddDate(0, 0, 14)}
	}
	_, err = db.StepFinding(ctx, audit.CLI, u, f.ID, step)
	return err
}

// later is the later of two days.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
