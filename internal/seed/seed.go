// Package seed loads the data Mutu ships: DKI Jakarta's regions, the sample
// Jakarta units and, for demonstrations, one office per kecamatan and
// kelurahan and an account for every role. Everything is embedded.
package seed

import (
	"bytes"
	"context"
	"embed"
	"fmt"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/geo"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

//go:embed data
var files embed.FS

func file(name string) []byte {
	b, err := files.ReadFile("data/" + name)
	if err != nil {
		panic(err)
	}
	return b
}

// DKIRegions returns the embedded DKI Jakarta region file.
func DKIRegions() []byte { return file("wilayah-dki-jakarta.csv") }

// SampleUnits returns the embedded sample unit file.
func SampleUnits() []byte { return file("jakarta-service-units-sample.csv") }

// DemoPassword is the password of every demo account.
const DemoPassword = "mutu-demo-2026"

// DemoAccount describes one demo login.
type DemoAccount struct {
	Username string
	Name     string
	Role     account.Role
	Region   string   // scope of region-scoped roles
	Units    []string // unit codes of operators
}

// DemoAccounts are created by Demo, one or more per role.
var DemoAccounts = []DemoAccount{
	{Username: "admin", Name: "Administrator Provinsi DKI Jakarta", Role: account.Admin, Region: "31"},
	{Username: "admin.jakut", Name: "Administrator Kota Jakarta Utara", Role: account.Admin, Region: "31.72"},
	{Username: "evaluator.jakut", Name: "Tim Pengendalian dan Evaluasi Jakarta Utara", Role: account.Evaluator, Region: "31.72"},
	{Username: "operator.ptsp", Name: "Operator PTSP Jakarta Utara", Role: account.Operator, Units: []string{"PTSP-31.72"}},
	{Username: "operator.pkm", Name: "Operator Puskesmas Penjaringan dan Tanjung Priok", Role: account.Operator, Units: []string{"PKM-31.72.01", "PKM-31.72.02"}},
	{Username: "pimpinan.jakut", Name: "Wali Kota Jakarta Utara", Role: account.Leader, Region: "31.72"},
	{Username: "pimpinan.dki", Name: "Sekretariat Daerah Provinsi DKI Jakarta", Role: account.Leader, Region: "31"},
	{Username: "asesor", Name: "Asesor Ombudsman RI Perwakilan Jakarta Raya", Role: account.Assessor, Region: "31"},
}

var (
	kecamatanServices = []string{"Pelayanan Administrasi Terpadu Kecamatan (PATEN)", "Surat keterangan ahli waris",
		"Legalisasi dokumen", "Rekomendasi izin keramaian"}
	kelurahanServices = []string{"Surat pengantar RT/RW", "Surat keterangan domisili", "Surat keterangan tidak mampu (SKTM)",
		"Surat pengantar nikah", "Surat keterangan usaha"}
)

// IsEmpty reports whether db holds no regions and no users yet.
func IsEmpty(ctx context.Context, db *store.DB) (bool, error) {
	n, err := db.CountUsers(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	counts, err := db.RegionCounts(ctx)
	if err != nil {
		return false, err
	}
	return len(counts) == 0, nil
}

// Demo loads DKI Jakarta's regions and their boundaries, the sample units, one office per
// kecamatan and kelurahan, and the demo accounts into an empty database.
func Demo(ctx context.Context, db *store.DB) error {
	empty, err := IsEmpty(ctx, db)
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("seed: the database is not empty; demo data goes only into a new database")
	}
	regions, err := region.ParseCSV(bytes.NewReader(DKIRegions()), nil)
	if err != nil {
		return fmt.Errorf("seed regions: %w", err)
	}
	if err := db.UpsertRegions(ctx, audit.CLI, regions, nil); err != nil {
		return err
	}
	boundaries, err := geo.DKIJakarta()
	if err != nil {
		return fmt.Errorf("seed boundaries: %w", err)
	}
	if err := db.ImportBoundaries(ctx, audit.CLI, boundaries); err != nil {
		return fmt.Errorf("seed boundaries: %w", err)
	}
	all := func(string) bool { return true }
	if _, err := unit.Import(ctx, db, audit.CLI, all, bytes.NewReader(SampleUnits())); err != nil {
		return fmt.Errorf("seed sample units: %w", err)
	}
	var offices []unit.Unit
	for _, r := range regions {
		switch r.Level {
		case region.Province, region.City:
			// The complaint desk (verifiers) of the province and each city.
			offices = append(offices, office("ADU-"+r.Code, "Pengelola Pengaduan "+r.Name, "pengelola_pengaduan", r.Code,
				[]string{"Pengaduan dan konsultasi pelayanan publik"}))
		case region.District:
			offices = append(offices, office("KEC-"+r.Code, "Kantor Kecamatan "+r.Name, "kantor_kecamatan", r.Code, kecamatanServices))
		case region.Village:
			offices = append(offices, office("KEL-"+r.Code, "Kantor Kelurahan "+r.Name, "kantor_kelurahan", r.Code, kelurahanServices))
		}
	}
	if err := db.CreateUnits(ctx, audit.CLI, offices); err != nil {
		return fmt.Errorf("seed offices: %w", err)
	}
	hash, err := account.HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	for _, a := range DemoAccounts {
		u := &account.User{Username: a.Username, Name: a.Name, Role: a.Role, RegionCode: a.Region, PasswordHash: hash}
		for _, code := range a.Units {
			un, err := db.UnitByCode(ctx, code)
			if err != nil {
				return fmt.Errorf("seed account %s: %w", a.Username, err)
			}
			u.UnitIDs = append(u.UnitIDs, un.ID)
		}
		if err := db.CreateUser(ctx, audit.CLI, u); err != nil {
			return fmt.Errorf("seed account %s: %w", a.Username, err)
		}
	}
	if _, err := History(ctx, db, db.Now()); err != nil {
		return err
	}
	if _, err := Complaints(ctx, db, db.Now()); err != nil {
		return err
	}
	if err := Standards(ctx, db, db.Now()); err != nil {
		return err
	}
	if err := Monitoring(ctx, db, db.Now()); err != nil {
		return err
	}
	if err := Findings(ctx, db, db.Now()); err != nil { // finding13
		return err
	}
	if err := Innovations(ctx, db, db.Now()); err != nil {
		return err
	}
	return Assessments(ctx, db, db.Now()) // assess14
}

func office(code, name, typ, regionCode string, services []string) unit.Unit {
	u := unit.Unit{Code: code, Name: name, TypeCode: typ, RegionCode: regionCode, Active: true,
		OpeningHours: "Senin–Jumat 08.00–16.00"}
	for i, s := range services {
		u.Services = append(u.Services, unit.Service{Code: unit.Slug(s), Name: s, Active: true, SortOrder: i})
	}
	return u
}
