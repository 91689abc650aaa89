package seed

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// saranSamples are plausible suggestions left by respondents.
var saranSamples = []string{
	"Antrean pagi terlalu panjang, mohon tambah loket.",
	"Petugas ramah dan membantu, terima kasih.",
	"Ruang tunggu panas, mohon perbaiki pendingin ruangan.",
	"Informasi persyaratan di papan pengumuman kurang jelas.",
	"Pelayanan cepat, pertahankan.",
	"Toilet perlu lebih bersih.",
	"Mohon sediakan kursi roda untuk lansia.",
	"Nomor WhatsApp pengaduan tidak dibalas.",
	"Parkir motor sempit.",
	"Sudah bagus, semoga terus ditingkatkan.",
}

// History adds a plausible year of survey history up to now: for every
// sample unit and the kecamatan offices of Jakarta Utara and Jakarta
// Selatan, a few hundred responses whose quality differs by unit and by
// element, the population of the last two quarters, and follow-up actions.
// The random source is fixed, so the demo is the same on every machine.
func History(ctx context.Context, db *store.DB, now time.Time) (int, error) {
	in, err := db.Instrument(ctx, skm.Current)
	if err != nil {
		return 0, err
	}
	var all, units, offices []unit.Unit // offices: the kelurahan's (kelurahanHistory)
	for _, f := range []store.UnitFilter{{RegionCode: "31.72"}, {RegionCode: "31.74"}} {
		us, _, err := db.Units(ctx, f)
		if err != nil {
			return 0, err
		}
		all = append(all, us...)
		for _, u := range us {
			if strings.HasPrefix(u.Code, "KEL-") {
				offices = append(offices, u)
			} else {
				units = append(units, u)
			}
		}
	}
	svcs, err := servicesOf(ctx, db, all)
	if err != nil {
		return 0, err
	}
	// The last two quarters, the latest first.
	type quarter struct {
		rng   skm.Range
		label string
	}
	var quarters []quarter
	codes := skm.QuarterCodes(now, 2)
	for _, code := range []string{codes[1], codes[0]} {
		r, label, _ := skm.ParsePeriod(code)
		quarters = append(quarters, quarter{r, label})
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	total := 0
	today := now.In(clock.Jakarta)
	for ui, u := range units {
		// Each unit has its own level and its own weak and strong elements.
		level := 2.75 + rng.Float64()*0.85
		bias := make([]float64, len(in.Elements))
		for i := range bias {
			bias[i] = rng.NormFloat64() * 0.25
		}
		bias[2] -= 0.25 // waiting time is a common weakness
		bias[3] += 0.35 // many services are free
		n := 120 + rng.IntN(180)
		if strings.HasPrefix(u.Code, "KEC-") {
			n /= 2
		}
		batch := demoResponses(rng, in, u, svcs[u.ID], level, bias, today, 365, n, fmt.Sprintf("demo-%d", ui))
		if err := db.SubmitResponses(ctx, batch); err != nil {
			return total, fmt.Errorf("demo history %s: %w", u.Code, err)
		}
		total += len(batch)
		// Population of the last two quarters, and one follow-up action.
		for _, q := range quarters {
			if err := db.SetPopulation(ctx, audit.CLI, u.ID, u.RegionCode, q.label, q.rng, int64(n*2+rng.IntN(400))); err != nil {
				return total, err
			}
		}
		if ui%2 == 0 {
			a := &skm.Action{UnitID: u.ID, Element: "U3", Range: quarters[1].rng, Programme: "Menambah satu loket dan sistem antrean daring",
				Timeline: "Triwulan berikutnya", Responsible: "Kepala Satuan Pelaksana Pelayanan", Status: skm.InProgress}
			if err := db.SaveAction(ctx, audit.CLI, u.RegionCode, a); err != nil {
				return total, err
			}
		}
	}
	n, err := kelurahanHistory(ctx, db, in, today, offices, svcs)
	return total + n, err
}

// demoResponses makes n responses to unit u over the days up to today,
// around level (1–4) with each element's bias, improving slowly over the
// year; their idempotency keys start with prefix.
func demoResponses(rng *rand.Rand, in *skm.Instrument, u unit.Unit, svcs []unit.Service, level float64, bias []float64,
	today time.Time, days, n int, prefix string) []*skm.Response {
	var batch []*skm.Response
	for k := range n {
		day := today.AddDate(0, 0, -rng.IntN(days))
		// Units improve slowly over the year.
		trend := 0.15 * float64(365-int(today.Sub(day).Hours()/24)) / 365
		at := time.Date(day.Year(), day.Month(), day.Day(), 8+rng.IntN(8), rng.IntN(60), 0, 0, clock.Jakarta)
		r := &skm.Response{UnitID: u.ID, Instrument: in.Code, SubmittedAt: at, SurveyDate: clock.LocalDate(at),
			SurveyTime: at.Format("15:04"), Channel: []skm.Channel{skm.Web, skm.Web, skm.Kiosk, skm.Paper}[rng.IntN(4)]}
		if len(svcs) > 0 && rng.IntN(5) > 0 {
			r.ServiceID = svcs[rng.IntN(len(svcs))].ID
		}
		for i := range in.Elements {
			v := level + bias[i] + trend + rng.NormFloat64()*0.55
			r.Answers = append(r.Answers, int(math.Max(1, math.Min(4, math.Round(v)))))
		}
		if rng.IntN(10) > 0 {
			r.Age = 17 + rng.IntN(55)
			r.Sex = skm.Sexes[rng.IntN(2)].Code
			r.Education = skm.Educations[rng.IntN(len(skm.Educations))].Code
			r.Occupation = skm.Occupations[rng.IntN(len(skm.Occupations))].Code
		}
		if rng.IntN(4) == 0 {
			r.Saran = saranSamples[rng.IntN(len(saranSamples))]
		}
		r.Idempotency = fmt.Sprintf("%s-%d", prefix, k)
		batch = append(batch, r)
	}
	return batch
}

// kelurahanHistory gives most kelurahan offices of Jakarta Utara and
// Jakarta Selatan (offices, with their services svcs, as History read
// them) a few responses over the last two quarters (those the
// dashboards and maps show first), so that the IKM maps by kelurahan show
// figures; one office in six has none, so that "no data" shows too. Its
// own random source leaves the other units' history as it was. All go in
// one batch: one transaction, so the demo starts about as fast as before.
func kelurahanHistory(ctx context.Context, db *store.DB, in *skm.Instrument, today time.Time, offices []unit.Unit,
	svcs map[string][]unit.Service) (int, error) {
	rng := rand.New(rand.NewPCG(2026, 12))
	var batch []*skm.Response
	for i, u := range offices {
		if i%6 == 5 {
			continue
		}
		level := 2.7 + rng.Float64()*0.9
		bias := make([]float64, len(in.Elements))
		for i := range bias {
			bias[i] = rng.NormFloat64() * 0.25
		}
		bias[3] += 0.35 // letters from the kelurahan are free
		batch = append(batch, demoResponses(rng, in, u, svcs[u.ID], level, bias, today, 183, 14+rng.IntN(14), "demo-kel-"+u.Code)...)
	}
	if err := db.SubmitResponses(ctx, batch); err != nil {
		return 0, fmt.Errorf("demo history of the kelurahan offices: %w", err)
	}
	return len(batch), nil
}
