package seed

import (
	"context"
	"fmt"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/kepatuhan"
	"mutu/internal/store"
)

// demoSelfAssessments are the demo's compliance self-assessments: two
// Jakarta Utara and two Jakarta Selatan units, each with a few scores
// entered with a photo as evidence and an interview of a counter officer,
// the rest left to Mutu's own data or open, so that the gap list has
// something to say. Marked demo.
var demoSelfAssessments = []struct {
	unit    string
	entered map[string]int // indicator → score entered with a photo
	input   map[string]int // the Input interview's scores
}{
	{"DKP-31.72", map[string]int{"IN-13": 5, "IN-14": 3, "PG-01": 5, "PG-02": 4}, map[string]int{"IN-01": 4, "IN-02": 5, "IN-03": 3, "IN-04": 2}},
	{"PKM-31.72.01", map[string]int{"IN-13": 4, "IN-14": 4, "PG-01": 3}, map[string]int{"IN-01": 3, "IN-02": 4, "IN-06": 4}},
	{"DKP-31.74", map[string]int{"IN-13": 5, "IN-10": 4, "PG-01": 5, "PG-05": 4}, map[string]int{"IN-01": 5, "IN-02": 4, "IN-03": 4}},
	{"PKM-31.74.08", map[string]int{"IN-13": 3, "PG-01": 2}, map[string]int{"IN-01": 2, "IN-02": 3}},
}

// SelfAssessments seeds the demo's self-assessments under the latest
// four-dimension Ombudsman version, their photos written under
// attachmentDir like uploaded evidence.
func SelfAssessments(ctx context.Context, db *store.DB, attachmentDir string, now time.Time) error {
	v, err := db.OmbudsmanVersion(ctx, "")
	if err != nil {
		return err
	}
	photo, err := boardPhoto()
	if err != nil {
		return err
	}
	for _, d := range demoSelfAssessments {
		u, err := db.UnitByCode(ctx, d.unit)
		if err != nil {
			return fmt.Errorf("demo self-assessment %s: %w", d.unit, err)
		}
		if err := db.StartDemoSelfAssessment(ctx, u, "", v); err != nil {
			return err
		}
		for code, score := range d.entered {
			_, it, err := kepatuhan.ItemInput{Indicator: code, Score: fmt.Sprint(score), Note: "Diperiksa tim unit; foto terlampir (data demo)."}.Validate(v.Version)
			if err != nil {
				return fmt.Errorf("demo self-assessment %s: %w", d.unit, err)
			}
			id := store.NewID()
			f, err := writeEvidence(store.EvidenceDir(attachmentDir, id), "bukti-"+code+".jpg", "image/jpeg", photo)
			if err != nil {
				return err
			}
			if err := db.SaveSelfAssessmentItem(ctx, audit.CLI, u, "", v, id, code, it, []store.EvidenceFile{f}); err != nil {
				return err
			}
		}
		in := kepatuhan.InterviewInput{Dimension: "input", Role: "Petugas loket", HeldOn: now.In(clock.Jakarta).AddDate(0, 0, -14).Format(time.DateOnly),
			Scores: map[string]string{}, Answers: map[string]string{}}
		for code, score := range d.input {
			in.Scores[code], in.Answers[code] = fmt.Sprint(score), "Jawaban petugas dicatat pewawancara (data demo)."
		}
		iv, err := in.Validate(v.Version, now)
		if err != nil {
			return fmt.Errorf("demo interview %s: %w", d.unit, err)
		}
		iv.ID = store.NewID()
		if err := db.AddInterview(ctx, audit.CLI, u, "", v, &iv, nil); err != nil {
			return err
		}
	}
	return nil
}
