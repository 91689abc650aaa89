package seed

import (
	"context"
	"fmt"
	"time"

	"mutu/internal/audit"
	"mutu/internal/kepatuhan"
	"mutu/internal/store"
)

// demoAssessment is one of the demo's Ombudsman assessments. Sourced: both
// cities are assessed every year and Jakarta Selatan received the award
// for 2023 (issue #14). Everything else — the visit days, the loci and
// products, every score and the award's wording — is invented for the
// demo, and the assessments are marked demo (shown as "data demo", never
// as the Ombudsman's official results).
type demoAssessment struct {
	city     string
	year     int
	days     [2]string
	loci     []string // unit codes; the first service of the first two is the product assessed
	score    string
	scores   []string // per locus
	award    string
	awardDay string
}

var demoAssessments = []demoAssessment{
	{"31.72", 2023, [2]string{"2023-08-14", "2023-08-16"}, []string{"PTSP-31.72", "DKP-31.72", "PKM-31.72.01", "KEC-31.72.01"},
		"84,12", []string{"86,40", "88,35", "81,02", "79,75"}, "", ""},
	{"31.72", 2024, [2]string{"2024-08-12", "2024-08-14"}, []string{"PTSP-31.72", "DKP-31.72", "SOS-31.72", "PKM-31.72.02"},
		"87,46", []string{"89,10", "90,05", "84,60", "85,92"}, "", ""},
	{"31.74", 2023, [2]string{"2023-08-21", "2023-08-23"}, []string{"PTSP-31.74", "DKP-31.74", "PKM-31.74.08", "KEC-31.74.08"},
		"90,03", []string{"91,20", "92,41", "88,70", "87,81"}, "Piagam Penghargaan Opini Kualitas Tertinggi Kepatuhan Penyelenggaraan Pelayanan Publik 2023", "2023-12-12"},
	{"31.74", 2024, [2]string{"2024-08-19", "2024-08-21"}, []string{"PTSP-31.74", "DKP-31.74", "SOS-31.74", "PKM-31.74.03"},
		"", nil, "", ""}, // results not entered yet: the page shows a dash
}

// Assessments records the demo's assessments of Jakarta Utara and Jakarta
// Selatan for 2023 and 2024 through the same validation as the form, with
// the demo assessor on each.
func Assessments(ctx context.Context, db *store.DB, now time.Time) error {
	versions, err := db.InstrumentVersions(ctx)
	if err != nil {
		return err
	}
	byLabel := map[string]string{}
	for _, v := range versions {
		byLabel[v.Label] = v.ID
	}
	assessor, err := db.UserByUsername(ctx, "asesor")
	if err != nil {
		return err
	}
	for _, d := range demoAssessments {
		version := byLabel[fmt.Sprintf("ombudsman-%d", d.year)]
		c := kepatuhan.Choices{Versions: map[string]int{version: d.year}, Services: map[string][]string{}, Assessors: []string{assessor.ID}}
		in := kepatuhan.Input{Year: fmt.Sprint(d.year), VersionID: version, StartsOn: d.days[0], EndsOn: d.days[1], Assessors: []string{assessor.ID}}
		for i, code := range d.loci {
			u, err := db.UnitByCode(ctx, code)
			if err != nil {
				return fmt.Errorf("seed assessment %s %d: %w", d.city, d.year, err)
			}
			c.Services[u.ID] = []string{}
			for _, s := range u.Services {
				c.Services[u.ID] = append(c.Services[u.ID], s.ID)
			}
			in.Loci = append(in.Loci, u.ID)
			if i < 2 && len(u.Services) > 0 {
				in.Products = append(in.Products, u.ID+"/"+u.Services[0].ID)
			}
		}
		a, err := in.Validate(now, c)
		if err != nil {
			return fmt.Errorf("seed assessment %s %d: %w", d.city, d.year, err)
		}
		a.RegionCode, a.Demo = d.city, true
		if err := db.SaveAssessment(ctx, audit.CLI, a, true); err != nil {
			return err
		}
		res := kepatuhan.Results{City: d.score, Loci: map[string]string{}}
		for i, s := range d.scores {
			res.Loci[a.Loci[i].UnitID] = s
		}
		if d.score != "" {
			a, err = db.Assessment(ctx, a.ID) // the loci as stored, by unit code
			if err != nil {
				return err
			}
			city, loci, err := res.Validate(a)
			if err != nil {
				return fmt.Errorf("seed assessment results %s %d: %w", d.city, d.year, err)
			}
			if err := db.SaveAssessmentResults(ctx, audit.CLI, a, city, loci); err != nil {
				return err
			}
		}
		if d.award != "" {
			aw, err := kepatuhan.AwardInput{Name: d.award, On: d.awardDay}.Validate()
			if err != nil {
				return err
			}
			if err := db.SaveAward(ctx, audit.CLI, a, aw, nil); err != nil {
				return err
			}
		}
	}
	return nil
}
