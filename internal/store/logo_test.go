package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"mutu/internal/attach"
	"mutu/internal/errs"
	"mutu/internal/store"
)

// TestRegionLogos: a logo is stored per region, replaced in place, found
// for a unit from the nearest region above it, listed within a scope and
// removed; each change writes an audit row.
func TestRegionLogos(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		province := attach.Logo{ContentType: "image/png", Data: []byte("\x89PNG province"), Width: 100, Height: 120}
		city := attach.Logo{ContentType: "image/jpeg", Data: []byte("\xff\xd8 city"), Width: 80, Height: 80}

		if l, err := db.LogoFor(ctx, "31.72.01.1001"); err != nil || l != nil {
			t.Fatalf("logo before any: %v %v", l, err)
		}
		if err := db.SetRegionLogo(ctx, admin, "31", province); err != nil {
			t.Fatal(err)
		}
		l, err := db.LogoFor(ctx, "31.72.01.1001")
		if err != nil || l == nil || l.RegionCode != "31" || !bytes.Equal(l.Logo.Data, province.Data) {
			t.Fatalf("province logo for a kelurahan: %+v %v", l, err)
		}
		if err := db.SetRegionLogo(ctx, admin, "31.72", city); err != nil {
			t.Fatal(err)
		}
		if l, _ := db.LogoFor(ctx, "31.72.01.1001"); l == nil || l.RegionCode != "31.72" || l.Logo.ContentType != "image/jpeg" {
			t.Fatalf("the nearest logo is the city's: %+v", l)
		}
		if l, _ := db.LogoFor(ctx, "31.74.01"); l == nil || l.RegionCode != "31" {
			t.Fatalf("another city falls back to the province: %+v", l)
		}
		// Replacing keeps one row.
		city.Data, city.Width = []byte("\xff\xd8 city v2"), 90
		if err := db.SetRegionLogo(ctx, admin, "31.72", city); err != nil {
			t.Fatal(err)
		}
		list, err := db.RegionLogos(ctx, "31.72")
		if err != nil || len(list) != 1 || list[0].Logo.Width != 90 || list[0].RegionName != "Kota Administrasi Jakarta Utara" || list[0].Logo.Data != nil {
			t.Fatalf("logos in 31.72: %+v %v", list, err)
		}
		if all, _ := db.RegionLogos(ctx, ""); len(all) != 2 {
			t.Errorf("all logos: %+v", all)
		}
		if err := db.SetRegionLogo(ctx, admin, "99", city); !errs.Is(err, errs.Invalid) {
			t.Errorf("logo of an unknown region: %v", err)
		}
		if err := db.DeleteRegionLogo(ctx, admin, "31.72"); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteRegionLogo(ctx, admin, "31.72"); !errs.Is(err, errs.NotFound) {
			t.Errorf("second delete: %v", err)
		}
		if l, _ := db.LogoFor(ctx, "31.72.01"); l == nil || l.RegionCode != "31" {
			t.Errorf("after removing the city's logo: %+v", l)
		}
		entries, _ := db.AuditLog(ctx, store.AuditFilter{RegionCode: "31.72"})
		var got []string
		for _, e := range entries {
			got = append(got, e.Action+" "+e.ObjectID+" "+e.ObjectLabel)
		}
		want := "region.logo_delete 31.72 Kota Administrasi Jakarta Utara|region.logo 31.72 Kota Administrasi Jakarta Utara|region.logo 31.72 Kota Administrasi Jakarta Utara"
		if strings.Join(got, "|") != want {
			t.Errorf("audit:\n%s\nwant\n%s", strings.Join(got, "|"), want)
		}
	})
}

// TestUnitHead: the head of a unit is stored with the unit, read back, and
// a change of head is named in the audit row.
func TestUnitHead(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		u, err := db.UnitByCode(ctx, "PKM-31.72.01")
		if err != nil || u.HeadName != "" {
			t.Fatalf("%+v %v", u, err)
		}
		u.HeadName, u.HeadNIP, u.HeadPosition = "dr. Ratna Sari", "197503122000032002", "Kepala Puskesmas"
		if err := db.UpdateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		u.Phone = "(021) 6691234" // not the head
		if err := db.UpdateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		got, _ := db.UnitByID(ctx, u.ID)
		if got.HeadName != "dr. Ratna Sari" || got.HeadNIP != "197503122000032002" || got.HeadPosition != "Kepala Puskesmas" {
			t.Fatalf("head read back: %+v", got)
		}
		entries, _ := db.AuditLog(ctx, store.AuditFilter{RegionCode: "31.72.01", Action: "unit.update"})
		if len(entries) != 2 || entries[0].Detail != "" || entries[1].Detail != "kepala unit: dr. Ratna Sari" {
			t.Errorf("audit: %+v", entries)
		}
	})
}
