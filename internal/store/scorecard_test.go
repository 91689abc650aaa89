package store_test

import (
	"context"
	"mutu/internal/instrument"
	"strconv"
	"strings"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/finding"
	"mutu/internal/scorecard"
	"mutu/internal/seed"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/store"
)

// TestScorecardAdapter: on the demo data, every figure the store's
// scorecard adapter reads equals what the detail pages' functions give
// for the same unit (skm.Summarize, UnitResults, the complaint rollups
// with the late open reports, Findings with finding.StatsOf,
// InnovationCounts), and the units' on-time figures add up to the city's.
func TestScorecardAdapter(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		if err := seed.Demo(ctx, db); err != nil {
			t.Fatal(err)
		}
		// Two visits scored by a demo team (the demo plans visits; none is scored).
		teams, err := db.Teams(ctx, "31.72")
		if err != nil || len(teams) == 0 {
			t.Fatalf("teams %+v %v", teams, err)
		}
		visited, err := db.UnitByCode(ctx, "PKM-31.72.01")
		if err != nil {
			t.Fatal(err)
		}
		scoredVisit(t, db, &teams[0], visited.ID, time.Date(2025, 5, 12, 0, 0, 0, 0, time.UTC), 3)
		scoredVisit(t, db, &teams[0], visited.ID, time.Date(2025, 9, 10, 0, 0, 0, 0, time.UTC), 5)
		db.Now = func() time.Time { return now }
		cal, err := db.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		src := store.Scorecard{DB: db, Calendar: cal, Review: standard.DefaultReviewCycle}
		const city = "31.72"
		units, err := src.Units(ctx, scorecard.Scope{RegionCode: city})
		if err != nil || len(units) < 10 {
			t.Fatalf("units %d %v", len(units), err)
		}
		// One unit has begun its Ombudsman self-assessment: only such a
		// unit shows a projected opinion.
		ov, err := db.OmbudsmanVersion(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SaveSelfAssessmentItem(ctx, admin, &units[0], "", ov, store.NewID(), "IN-13", instrument.Item{Score: 4, Note: "ruang tunggu"}, nil); err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(units))
		groups := map[string][]string{"city": nil}
		for i, u := range units {
			ids[i] = u.ID
			groups[u.ID] = []string{u.ID}
			groups["city"] = append(groups["city"], u.ID)
		}
		sc := scorecard.Scope{RegionCode: city, UnitIDs: ids}
		rng, _, err := skm.ParsePeriod("2026-T4")
		if err != nil {
			t.Fatal(err)
		}
		survey, err := src.Survey(ctx, groups, rng)
		if err != nil {
			t.Fatal(err)
		}
		visits, err := src.Visits(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		years, err := src.Complaints(ctx, sc, 2026)
		if err != nil {
			t.Fatal(err)
		}
		findings, err := src.Findings(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		innovations, err := src.Innovations(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		coverage, err := src.Coverage(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		counts, err := db.InnovationCounts(ctx, city)
		if err != nil {
			t.Fatal(err)
		}
		opinions, err := src.Compliance(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		projected, err := db.ProjectedCompliance(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		var withIKM, withIPP, withFindings, withServices, withOpinion int
		for _, u := range units {
			sum, err := skm.Summarize(ctx, db, u.ID, "", rng)
			if err != nil {
				t.Fatal(err)
			}
			if got := survey[u.ID]; got.KonversiHundredths != sum.KonversiHundredths || got.Mutu != sum.Mutu || got.Respondents != sum.Respondents {
				t.Errorf("%s IKM %d %s (%d), unit page %d %s (%d)", u.Code, got.KonversiHundredths, got.Mutu, got.Respondents,
					sum.KonversiHundredths, sum.Mutu, sum.Respondents)
			}
			if sum.Complete {
				withIKM++
			}
			results, err := db.UnitResults(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if vs := visits[u.ID]; len(vs) != len(results) || len(vs) > 0 && vs[len(vs)-1].IPP != results[len(results)-1].Result.IPP {
				t.Errorf("%s visits %+v, results %+v", u.Code, vs, results)
			} else if len(vs) > 0 {
				withIPP++
			}
			fs, err := db.Findings(ctx, store.FindingFilter{UnitID: u.ID})
			if err != nil {
				t.Fatal(err)
			}
			var list []finding.Finding
			for _, f := range fs {
				list = append(list, f.Finding)
			}
			if want := finding.StatsOf(list, now); findings[u.ID] != want {
				t.Errorf("%s findings %+v, want %+v", u.Code, findings[u.ID], want)
			} else if want.Total > 0 {
				withFindings++
			}
			if c := counts[u.ID]; innovations[u.ID] != (scorecard.Innovations{Launched: c.Launched, Total: c.Total}) {
				t.Errorf("%s innovations %+v, want %+v", u.Code, innovations[u.ID], c)
			}
			if p, o := projected[u.ID], opinions[u.ID]; p.Entered == 0 && o != (scorecard.Opinion{}) {
				t.Errorf("%s has no self-assessment, yet an opinion %+v", u.Code, o)
			} else if p.Entered > 0 && (o.Score != float64(p.Rounded)/100 || !strings.HasSuffix(o.Label, p.Opinion.Label) || p.Opinion.Label == "") {
				t.Errorf("%s opinion %+v, readiness page's projection %d %+v", u.Code, o, p.Rounded, p.Opinion)
			} else if p.Entered > 0 {
				withOpinion++
			}
			if coverage[u.ID].Services > 0 {
				withServices++
			}
		}
		if withIKM == 0 || withIPP == 0 || withFindings == 0 || withServices == 0 || len(innovations) == 0 || withOpinion == 0 {
			t.Errorf("the demo should exercise every column: IKM %d IPP %d findings %d services %d innovations %d",
				withIKM, withIPP, withFindings, withServices, len(innovations))
		}
		// The city pooled is the ranking's pooled figure for the city.
		all, err := db.Tallies(ctx, store.TallyQuery{Range: rng, Instrument: skm.Current, RegionCode: city})
		if err != nil {
			t.Fatal(err)
		}
		in, err := db.Instrument(ctx, skm.Current)
		if err != nil {
			t.Fatal(err)
		}
		tally, _ := store.Pooled(all).Tally(len(in.Elements))
		whole, err := skm.Compute(in, tally, skm.Exact)
		if err != nil || survey["city"].KonversiHundredths != whole.KonversiHundredths || !whole.Complete {
			t.Errorf("city pooled %+v, region %+v %v", survey["city"], whole, err)
		}
		// Each year, the units' resolutions judged add up to the city's
		// statistics for the year (with its own OpenLate).
		for i, year := range []int{2026, 2025} {
			y := strconv.Itoa(year)
			f := store.ComplaintFilter{RegionCode: city, ReceivedFrom: y + "-01-01", ReceivedTo: y + "-12-31"}
			st, err := db.ComplaintStats(ctx, f, year)
			if err != nil {
				t.Fatal(err)
			}
			if st.Late, err = db.OpenLate(ctx, f, cal, now); err != nil {
				t.Fatal(err)
			}
			var sum scorecard.OnTime
			for _, o := range years[i] {
				sum.OnTime += o.OnTime
				sum.Judged += o.Judged
			}
			if sum.Judged != st.ResolutionDone+st.Late.Resolution || sum.Rate() != st.OnTimeRate(complaint.StepResolution) {
				t.Errorf("%d: units %+v (%v %%), city %d judged, %v %%", year, sum, sum.Rate(), st.ResolutionDone+st.Late.Resolution,
					st.OnTimeRate(complaint.StepResolution))
			}
			if year == 2026 && sum.Judged == 0 {
				t.Error("nothing judged this year")
			}
		}
		// A scope of some units reads only theirs.
		some := scorecard.Scope{RegionCode: city, UnitIDs: ids[:1]}
		if v, err := src.Visits(ctx, some); err != nil || len(v) > 1 {
			t.Errorf("narrowed visits %v %v", v, err)
		}
	})
}
