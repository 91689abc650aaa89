package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// SampleStandards returns the embedded demo standards
// (data/standar-pelayanan-contoh.json; sources and gaps in data/README.md).
func SampleStandards() []byte { return file("standar-pelayanan-contoh.json") }

// sampleFile is the part of the sample file the demo reads.
type sampleFile struct {
	Services []struct {
		Code     string `json:"code"`
		UnitType string `json:"unit_type"`
		Delivery struct {
			Requirements []string `json:"persyaratan"`
			Steps        []string `json:"prosedur"`
			Time         struct {
				Value   int    `json:"value"`
				Unit    string `json:"unit"`
				SameDay *bool  `json:"same_day"`
			} `json:"jangka_waktu"`
			Fee struct {
				AmountRp *int64 `json:"amount_rp"`
				Basis    string `json:"basis"`
			} `json:"biaya"`
			Product    string   `json:"produk"`
			Complaints []string `json:"pengaduan"`
		} `json:"service_delivery"`
		Management map[string]lines `json:"management"`
	} `json:"services"`
	Maklumat []struct {
		UnitType string `json:"unit_type"`
		Text     string `json:"text"`
	} `json:"maklumat_samples"`
}

// lines reads a component written as one text or as a list.
type lines []string

func (l *lines) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*l = lines{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

// sampleUse says which demo units get a sample standard, under which of
// their services. Only Jakarta Utara's units get standards, and not all of
// them (Puskesmas Cilincing and Kelapa Gading, Jakarta Selatan's units and
// most kelurahan have none; Kelurahan Penjaringan has all, see
// kelurahanLetters), so that coverage figures mean something.
var sampleUse = map[string]struct {
	service string   // the unit's service name
	units   []string // unit codes, or a prefix ending in "*"
}{
	"akta-kelahiran":       {"Akta Kelahiran", []string{"DKP-31.72"}},
	"ktp-el":               {"KTP-el", []string{"DKP-31.72"}},
	"pemeriksaan-catin":    {"Pemeriksaan kesehatan calon pengantin (catin)", []string{"PKM-31.72.01", "PKM-31.72.02"}},
	"imunisasi-dasar":      {"Imunisasi", []string{"PKM-31.72.01"}},
	"pbg":                  {"Persetujuan Bangunan Gedung (PBG)", []string{"PTSP-31.72"}},
	"pengantar-perkawinan": {"Surat pengantar nikah", []string{"KEL-31.72.01.*"}},
	"sktm":                 {"Surat keterangan tidak mampu (SKTM)", []string{"KEL-31.72.01.1001"}},
}

// maklumatTypes maps the sample file's unit types to Mutu's.
var maklumatTypes = map[string]string{"sudin_dukcapil": "dukcapil", "puskesmas_kecamatan": "puskesmas", "up_pm_ptsp": "ptsp",
	"kantor_kelurahan": "kelurahan"}

func wibDate(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, clock.Jakarta)
	if err != nil {
		panic(err)
	}
	return t
}

// Standards seeds the demo's service standards, maklumat and forums.
// Every standard passes standard.Edit's validation, the way the form's
// input does. Versions are published under demo decree numbers marked
// "contoh" (the sample file has no real ones for these units).
func Standards(ctx context.Context, db *store.DB, now time.Time) error {
	var f sampleFile
	if err := json.Unmarshal(SampleStandards(), &f); err != nil {
		return fmt.Errorf("seed standards: %w", err)
	}
	units, _, err := db.Units(ctx, store.UnitFilter{RegionCode: "31.72"})
	if err != nil {
		return err
	}
	matches := func(code string, patterns []string) bool {
		for _, p := range patterns {
			if code == p || strings.HasSuffix(p, "*") && strings.HasPrefix(code, strings.TrimSuffix(p, "*")) {
				return true
			}
		}
		return false
	}
	serial := 0
	var sktm standard.Content
	for _, s := range f.Services {
		use, ok := sampleUse[s.Code]
		if !ok {
			continue
		}
		d := s.Delivery
		e := standard.Edit{Requirements: d.Requirements, Steps: d.Steps, Complaints: d.Complaints, Product: d.Product,
			TimeValue: strconv.Itoa(d.Time.Value), TimeUnit: strings.ReplaceAll(d.Time.Unit, " ", "_"), FeeBasis: d.Fee.Basis}
		if d.Time.SameDay != nil && *d.Time.SameDay && d.Time.Unit != "hari kerja" {
			e.TimeNote = "Selesai pada hari yang sama bila berkas lengkap"
		}
		switch {
		case d.Fee.AmountRp == nil:
			e.FeeKind = string(standard.Regulated)
		case *d.Fee.AmountRp == 0:
			e.FeeKind = string(standard.Free)
		default:
			e.FeeKind, e.FeeAmount = string(standard.Fixed), strconv.FormatInt(*d.Fee.AmountRp, 10)
		}
		m := s.Management
		e.Internal = standard.Internal{LegalBasis: m["dasar_hukum"], Facilities: m["sarana_prasarana"], Competence: m["kompetensi_pelaksana"],
			Supervision: m["pengawasan_internal"], Staffing: m["jumlah_pelaksana"], Assurance: m["jaminan_pelayanan"],
			Security: m["jaminan_keamanan"], Evaluation: m["evaluasi_kinerja"]}
		content, err := e.Validate()
		if err != nil {
			return fmt.Errorf("seed standard %s: %w", s.Code, err)
		}
		if s.Code == "sktm" {
			sktm = content
		}
		for i := range units {
			u := &units[i]
			if !matches(u.Code, use.units) {
				continue
			}
			u, err := db.UnitByCode(ctx, u.Code) // with its services
			if err != nil {
				return err
			}
			svc := serviceNamed(u, use.service)
			if svc == nil {
				return fmt.Errorf("seed standard %s: %s has no service %q", s.Code, u.Code, use.service)
			}
			serial++
			// Puskesmas Penjaringan's standards took effect in mid-2025 and
			// are due for review; the others early this year.
			effective := wibDate("2026-01-02")
			if u.Code == "PKM-31.72.01" {
				effective = wibDate("2025-06-02")
			}
			if s.Code == "ktp-el" {
				// KTP-el has a history: version 1 allowed the 14 working
				// days some regencies still publish, version 2 the one day.
				old := content
				old.Time = standard.TimeLimit{Value: 14, Unit: standard.WorkingDays}
				if err := publishSample(ctx, db, u, svc, old, fmt.Sprintf("e-%04d/2025 (contoh)", serial), wibDate("2024-12-16"), wibDate("2025-01-02")); err != nil {
					return err
				}
				serial++
				effective = wibDate("2026-07-01")
			}
			if err := publishSample(ctx, db, u, svc, content, fmt.Sprintf("e-%04d/%d (contoh)", serial, effective.Year()),
				effective.AddDate(0, 0, -14), effective); err != nil {
				return err
			}
		}
	}
	if err := kelurahanLetters(ctx, db, sktm, &serial); err != nil {
		return err
	}
	// A maklumat for the sample units of Jakarta Utara (but the two
	// Puskesmas left without standards) and the kelurahan of Penjaringan.
	texts := map[string]string{}
	for _, m := range f.Maklumat {
		texts[m.UnitType] = m.Text
	}
	for _, u := range units {
		if !strings.Contains(u.Code, "-31.72") || strings.HasPrefix(u.Code, "KEC-") || strings.HasPrefix(u.Code, "ADU-") ||
			strings.HasPrefix(u.Code, "KEL-") && !strings.HasPrefix(u.Code, "KEL-31.72.01.") || u.Code == "PKM-31.72.04" || u.Code == "PKM-31.72.06" {
			continue
		}
		text := texts[maklumatTypes[u.TypeCode]]
		if text == "" {
			text = standard.MaklumatText
		}
		in := standard.MaklumatInput{Text: text, SignatoryPosition: "Kepala " + u.Name}
		m, err := in.Validate(now, unit.ValidNIP)
		if err != nil {
			return fmt.Errorf("seed maklumat %s: %w", u.Code, err)
		}
		if err := db.SaveMaklumat(ctx, audit.CLI, &u, &m, nil); err != nil {
			return err
		}
	}
	for _, fr := range []struct {
		unit string
		in   standard.ForumInput
	}{
		{"DKP-31.72", standard.ForumInput{HeldOn: "2026-05-20", Topic: "Peninjauan standar pelayanan KTP-el: waktu penyelesaian satu hari kerja",
			Participants: []string{"Perwakilan Lembaga Musyawarah Kelurahan se-Kecamatan Penjaringan", "Ketua RW 01–05 Kelurahan Penjaringan",
				"Perwakilan penyandang disabilitas", "Suku Dinas Dukcapil Jakarta Utara"},
			Minutes: "Peserta meminta kepastian waktu pencetakan KTP-el dan informasi tertulis bila blangko habis. Disepakati jangka waktu satu hari kerja untuk berkas lengkap, pemberitahuan tertulis bila blangko habis, dan loket prioritas bagi lansia dan penyandang disabilitas."}},
		{"PKM-31.72.01", standard.ForumInput{HeldOn: "2025-05-12", Topic: "Penyusunan standar pelayanan pemeriksaan calon pengantin dan imunisasi",
			Participants: []string{"Kader PKK Kecamatan Penjaringan", "Perwakilan KUA Kecamatan Penjaringan", "Ketua RW 03 Kelurahan Pluit", "Petugas Puskesmas"},
			Minutes:      "Dibahas persyaratan pemeriksaan catin, kuota harian dan jadwal imunisasi. Peserta meminta jadwal layanan dipasang di papan informasi dan media sosial Puskesmas."}},
	} {
		u, err := db.UnitByCode(ctx, fr.unit)
		if err != nil {
			return err
		}
		forum, err := fr.in.Validate(now)
		if err != nil {
			return fmt.Errorf("seed forum %s: %w", fr.unit, err)
		}
		if err := db.AddForum(ctx, audit.CLI, u, &forum, nil); err != nil {
			return err
		}
	}
	return nil
}

// kelurahanLetters completes Kelurahan Penjaringan, so that the demo has a
// unit whose every active service has a standard (coverage: complete,
// partial, none). Its three other letters are the kelurahan's non-permit
// services (PTSP Kelurahan, Perda DKI 12/2013) and follow the SKTM
// standard's delivery, fee and internal components; their requirements and
// steps are the generic part of the SKTM standard, not taken from a
// source of their own (data/README.md).
func kelurahanLetters(ctx context.Context, db *store.DB, sktm standard.Content, serial *int) error {
	u, err := db.UnitByCode(ctx, "KEL-31.72.01.1001")
	if err != nil {
		return err
	}
	for _, name := range []string{"Surat pengantar RT/RW", "Surat keterangan domisili", "Surat keterangan usaha"} {
		i := slices.IndexFunc(u.Services, func(s unit.Service) bool { return s.Name == name })
		if i < 0 {
			return fmt.Errorf("seed standard: %s has no service %q", u.Code, name)
		}
		c := sktm
		c.Requirements = []string{"Surat pengantar RT/RW", "Fotokopi KTP-el dan Kartu Keluarga pemohon"}
		if name == "Surat pengantar RT/RW" {
			c.Requirements = c.Requirements[1:]
		}
		c.Steps = []string{"Pemohon menyerahkan berkas di loket kelurahan", "Petugas memeriksa kelengkapan berkas",
			"Lurah menandatangani; surat diberi nomor dan cap", "Surat diserahkan kepada pemohon dan salinannya diarsipkan"}
		c.Product = name + " yang ditandatangani lurah"
		*serial++
		effective := wibDate("2026-01-02")
		if err := publishSample(ctx, db, u, &u.Services[i], c, fmt.Sprintf("e-%04d/2026 (contoh)", *serial), effective.AddDate(0, 0, -14), effective); err != nil {
			return err
		}
	}
	return nil
}

// publishSample takes a standard through its workflow: draft, approved,
// published under the decree.
func publishSample(ctx context.Context, db *store.DB, u *unit.Unit, svc *unit.Service, c standard.Content, decree string, decreeDate, effective time.Time) error {
	v, err := db.SaveDraft(ctx, audit.CLI, u, svc, c)
	if err == nil {
		_, err = db.StandardStep(ctx, audit.CLI, u, svc, v.ID, standard.Approve, nil, nil)
	}
	if err == nil {
		_, err = db.StandardStep(ctx, audit.CLI, u, svc, v.ID, standard.Publish,
			&store.DecreeOf{Number: decree, Date: decreeDate, EffectiveFrom: effective}, nil)
	}
	if err != nil {
		return fmt.Errorf("seed standard %s/%s: %w", u.Code, svc.Code, err)
	}
	return nil
}
