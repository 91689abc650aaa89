package jobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/i18n"
	"mutu/internal/kepatuhan"
	"mutu/internal/report"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// EvidencePacks builds the evidence packs asked for on the assessment
// pages (assess14): per locus a ZIP of every evidence file of the unit
// with a PDF index and a summary of its figures. The state and progress
// of each pack are in the database (evidence_packs), so every node shows
// them; one node builds at a time (the job's lease), and a build cut off
// by a restart or a dead node is started again from the beginning by the
// next run, which finds its row still running. The ZIP is written beside
// its final name and renamed when complete, so a download never sees half
// a pack; file bytes stream from disk to the ZIP.
type EvidencePacks struct {
	DB            *store.DB
	Log           *slog.Logger
	AttachmentDir string // MUTU_ATTACHMENTS: evidence under bukti/, packs under paket-bukti/
	Lease         *Lease // nil: run here whatever other nodes do
	// afterFile, when set, is called after each file is written (tests
	// cut a build off there to stand for a restart).
	afterFile func(p *store.Pack, done int) error
}

// PackPath is where the finished pack of a locus lives.
func PackPath(attachmentDir, assessmentID, unitID string) string {
	return filepath.Join(attachmentDir, "paket-bukti", assessmentID, unitID+".zip")
}

// BuildPending builds every pack waiting, oldest request first, and
// returns how many it finished.
func (j *EvidencePacks) BuildPending(ctx context.Context, now time.Time) (int, error) {
	pending, err := j.DB.PendingPacks(ctx)
	if err != nil {
		return 0, err
	}
	built := 0
	for i := range pending {
		if err := j.build(ctx, &pending[i], now); err != nil {
			if ctx.Err() != nil {
				return built, ctx.Err() // cut off: the row stays running for the next run
			}
			j.Log.Warn("evidence pack", "assessment", pending[i].AssessmentID, "unit", pending[i].UnitID, "err", err)
			if err := j.DB.FinishPack(ctx, &pending[i], 0, packFailure(err)); err != nil {
				return built, err
			}
			continue
		}
		built++
	}
	return built, nil
}

// packFailure says why a build failed in words the page can show: the
// log has the error itself, with the paths on disk.
func packFailure(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "missing_file"
	}
	return "error"
}

// build writes one pack and marks it done.
func (j *EvidencePacks) build(ctx context.Context, p *store.Pack, now time.Time) error {
	a, err := j.DB.Assessment(ctx, p.AssessmentID)
	if err != nil {
		return err
	}
	u, err := j.DB.UnitByID(ctx, p.UnitID)
	if err != nil {
		return err
	}
	files, err := j.DB.UnitEvidence(ctx, u.ID)
	if err != nil {
		return err
	}
	pack, err := j.contents(ctx, a, u, files, now)
	if err != nil {
		return err
	}
	if err := j.DB.StartPack(ctx, p, len(files)); err != nil {
		return err
	}
	final := PackPath(j.AttachmentDir, a.ID, u.ID)
	if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
		return err
	}
	part := final + ".part"
	out, err := os.OpenFile(part, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	defer os.Remove(part) // gone once renamed; left over only when the build failed
	open := func(f report.PackFile) (io.ReadCloser, error) {
		return os.Open(filepath.Join(store.EvidenceDir(j.AttachmentDir, f.OwnerID), f.ID))
	}
	progress := func(done int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if j.afterFile != nil {
			if err := j.afterFile(p, done); err != nil {
				return err
			}
		}
		return j.DB.PackProgress(ctx, p, done)
	}
	err = report.WriteEvidencePack(out, pack, open, progress)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	info, err := os.Stat(part)
	if err != nil {
		return err
	}
	if err := os.Rename(part, final); err != nil {
		return err
	}
	return j.DB.FinishPack(ctx, p, info.Size(), "")
}

// contents fills the pack of u at assessment a: its files and figures.
func (j *EvidencePacks) contents(ctx context.Context, a *kepatuhan.Assessment, u *unit.Unit, files []store.EvidenceFile, now time.Time) (report.EvidencePack, error) {
	p := report.EvidencePack{Unit: u.Name, Code: u.Code, Year: a.Year, Demo: a.Demo, Generated: now, Files: report.PackFiles(files)}
	if reg, err := j.DB.Region(ctx, a.RegionCode); err == nil {
		p.City = reg.Name
	}
	if v, err := j.DB.InstrumentVersionByID(ctx, a.VersionID); err == nil {
		p.Instrument = v.Name + " (" + v.Label + ")"
	}
	p.Visit = i18n.Date(i18n.ID, a.StartsOn) + " – " + i18n.Date(i18n.ID, a.EndsOn)
	for _, l := range a.Loci {
		if l.UnitID != u.ID {
			continue
		}
		for _, id := range l.ServiceIDs {
			for _, s := range u.Services {
				if s.ID == id {
					p.Products = append(p.Products, s.Name)
				}
			}
		}
	}
	figures, err := j.figures(ctx, a, u)
	p.Figures = figures
	return p, err
}

// figures summarises the unit's figures in Mutu over the assessment year
// up to the first visit day: the IKM, the complaints and how many of its
// services have a standard in force — aggregates only, never a person.
func (j *EvidencePacks) figures(ctx context.Context, a *kepatuhan.Assessment, u *unit.Unit) ([]report.PackFigure, error) {
	from := time.Date(a.Year, 1, 1, 0, 0, 0, 0, clock.Jakarta)
	to := a.StartsOn
	if to.Before(from) {
		to = from
	}
	period := i18n.Date(i18n.ID, from) + " – " + i18n.Date(i18n.ID, to)
	r := skm.Range{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly)}
	sum, err := skm.Summarize(ctx, j.DB, u.ID, "", r)
	if err != nil {
		return nil, err
	}
	ikm := "belum ada responden"
	if sum.Respondents > 0 {
		ikm = fmt.Sprintf("%s (mutu %s, %d responden)", i18n.Decimal(i18n.ID, sum.KonversiRounded, 2), sum.Mutu, sum.Respondents)
	}
	st, err := j.DB.ComplaintStats(ctx, store.ComplaintFilter{UnitIDs: []string{u.ID}, ReceivedFrom: r.From, ReceivedTo: r.To}, 0)
	if err != nil {
		return nil, err
	}
	standards, err := j.DB.UnitStandards(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	inForce := 0
	for _, s := range u.Services {
		if standard.Current(standards[s.ID], to) != nil {
			inForce++
		}
	}
	pct := func(part, whole int) string {
		if whole == 0 {
			return "—"
		}
		return i18n.Decimal(i18n.ID, complaint.Share(part, whole), 1) + "% (" + fmt.Sprint(part) + " dari " + fmt.Sprint(whole) + ")"
	}
	return []report.PackFigure{
		{Label: "Periode angka", Value: period},
		{Label: "IKM (konversi)", Value: ikm},
		{Label: "Pengaduan diterima", Value: fmt.Sprint(st.Total)},
		{Label: "Pengaduan diselesaikan tepat waktu", Value: pct(st.ResolutionOnTime, st.ResolutionDone)},
		{Label: "Pengaduan ditindaklanjuti sampai selesai", Value: pct(st.Completed, st.Counted)},
		{Label: "Layanan dengan standar berlaku", Value: fmt.Sprintf("%d dari %d", inForce, len(u.Services))},
	}, nil
}

// Run builds pending packs every interval until ctx ends.
func (j *EvidencePacks) Run(ctx context.Context, interval time.Duration, now func() time.Time) {
	j.Lease.every(ctx, "evidence-packs", interval, now, func() {
		if n, err := j.BuildPending(ctx, now()); err != nil {
			if ctx.Err() == nil {
				j.Log.Error("evidence packs", "err", err)
			}
		} else if n > 0 {
			j.Log.Info("evidence packs", "built", n)
		}
	})
}
