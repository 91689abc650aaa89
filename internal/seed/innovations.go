package seed

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/innovation"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// demoInnovation is one of the demo's innovations. Sourced: Jakarta Utara
// counts these seven innovations of its units (issue #14). Everything else
// — the expansion of each acronym, the unit and service it belongs to,
// the problem, the description, the launch date and status — is invented
// for the demo, and the innovations are marked demo (shown as "data demo").
type demoInnovation struct {
	acronym, name, unit, service, problem, description string
	// launched this many months before the demo's current month, on day
	// (0: the last day of that month)
	monthsAgo, day int
	status         innovation.Status
	// answers added on the service around the launch (see Innovations)
	answers int
}

var demoInnovations = []demoInnovation{
	{"KOPILATE", "Konsultasi Pelayanan Lewat Telepon", "DKP-31.72", "KTP-el",
		"Warga datang berkali-kali karena persyaratan KTP-el belum lengkap.",
		"Konsultasi persyaratan melalui telepon dan WhatsApp sebelum warga datang ke loket.", 6, 1, innovation.Running, 160},
	{"REHSOLINE", "Rekomendasi Hasil Legalisir Online", "DIK1-31.72", "Legalisir ijazah",
		"Legalisir ijazah memerlukan dua kali kedatangan.", "Permohonan legalisir daring; dokumen diambil sekali saja.", 7, 15, innovation.Running, 160},
	{"SIKELINK", "Sistem Informasi Kesejahteraan Lingkungan", "SOS-31.72", "Pendampingan pendaftaran DTKS",
		"Warga tidak tahu status pendaftaran DTKS-nya.", "Pelacakan status pendaftaran DTKS dengan nomor permohonan.", 5, 0, innovation.Running, 160},
	{"SILADU", "Sistem Layanan Terpadu", "PTSP-31.72", "Layanan non-perizinan (surat keterangan)",
		"Surat keterangan non-perizinan diproses di beberapa meja.", "Satu loket dan satu nomor antrean untuk semua surat keterangan.", 8, 10, innovation.Running, 0},
	{"SIPERAH", "Sistem Informasi Pindah Rumah", "DKP-31.72", "Surat Pindah/Datang",
		"Surat pindah lama karena berkas diperiksa manual.", "Pemeriksaan berkas pindah/datang daring sebelum kedatangan.", 4, 20, innovation.Trial, 160},
	{"E-CATIN", "Elektronik Calon Pengantin", "PKM-31.72.01", "Pemeriksaan kesehatan calon pengantin (catin)",
		"Calon pengantin antre seharian untuk pemeriksaan kesehatan.", "Pendaftaran dan jadwal pemeriksaan catin daring, hasil dikirim elektronik.", 6, 5, innovation.Running, 160},
	{"KETAPANG KUNING", "Kesehatan Tanggap Pelayanan Ibu dan Anak Keliling", "PKM-31.72.02", "Kesehatan ibu dan anak (KIA) dan KB",
		"Ibu hamil di permukiman padat jarang memeriksakan kehamilan.", "Pemeriksaan KIA keliling terjadwal ke RW padat penduduk.", 9, 1, innovation.Stopped, 160},
}

// Innovations registers the seven Jakarta Utara innovations with launch
// dates set from now, so that the demo's year of survey and complaint
// history spans each launch, and adds survey answers to each innovation's
// service before and after it (a little better after), so that its page
// shows a before/after effect. The random source is fixed.
func Innovations(ctx context.Context, db *store.DB, now time.Time) error {
	in, err := db.Instrument(ctx, skm.Current)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(14, 2024))
	today := now.In(clock.Jakarta)
	month := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, clock.Jakarta)
	for k, d := range demoInnovations {
		u, err := db.UnitByCode(ctx, d.unit)
		if err != nil {
			return fmt.Errorf("demo innovation %s: %w", d.acronym, err)
		}
		svc := serviceNamed(u, d.service)
		if svc == nil {
			return fmt.Errorf("demo innovation %s: %s has no service %q", d.acronym, d.unit, d.service)
		}
		start := month.AddDate(0, -d.monthsAgo, 0)
		launch := start.AddDate(0, 1, -1) // the last day of the month
		if d.day > 0 {
			launch = start.AddDate(0, 0, d.day-1)
		}
		i, err := innovation.Input{Name: d.name, Acronym: d.acronym, Problem: d.problem, Description: d.description,
			LaunchedOn: launch.Format(time.DateOnly), Status: string(d.status), Services: []string{svc.ID}}.Validate(now, []string{svc.ID})
		if err != nil {
			return fmt.Errorf("demo innovation %s: %w", d.acronym, err)
		}
		i.Demo = true
		if err := db.CreateInnovation(ctx, audit.CLI, u, &i, nil); err != nil {
			return err
		}
		// Answers on the service: ~3.0 in the months before, ~3.35 after.
		// SILADU gets none: the PTSP office stays the demo's unit graded C
		// for the year, and its history already answers on both sides.
		var batch []*skm.Response
		for n := range d.answers {
			at := launch.AddDate(0, 0, -180+rng.IntN(360)).Add(time.Duration(8+rng.IntN(8)) * time.Hour)
			if !at.Before(today) {
				continue
			}
			level := 3.0
			if !at.Before(launch) {
				level = 3.35
			}
			r := &skm.Response{UnitID: u.ID, ServiceID: svc.ID, Instrument: in.Code, SubmittedAt: at, SurveyDate: clock.LocalDate(at),
				SurveyTime: at.Format("15:04"), Channel: skm.Web, Idempotency: fmt.Sprintf("demo-inov-%d-%d", k, n)}
			for range in.Elements {
				r.Answers = append(r.Answers, int(math.Max(1, math.Min(4, math.Round(level+rng.NormFloat64()*0.5)))))
			}
			batch = append(batch, r)
		}
		if len(batch) == 0 {
			continue
		}
		if err := db.SubmitResponses(ctx, batch); err != nil {
			return fmt.Errorf("demo innovation %s: %w", d.acronym, err)
		}
	}
	return nil
}

// serviceNamed is u's service of that name, nil if none.
func serviceNamed(u *unit.Unit, name string) *unit.Service {
	for k := range u.Services {
		if u.Services[k].Name == name {
			return &u.Services[k]
		}
	}
	return nil
}
