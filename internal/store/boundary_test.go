package store_test

import (
	"context"
	"testing"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/region"
	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// TestBoundaries: DKI Jakarta's boundaries are stored and read back whole,
// a second import is a new version, an unknown region is refused with
// nothing stored, and the import is audited.
func TestBoundaries(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		if v, err := db.BoundaryVersion(ctx); err != nil || v != "0/0" {
			t.Fatalf("version before any: %q %v", v, err)
		}
		dki, err := geo.DKIJakarta()
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ImportBoundaries(ctx, admin, dki); err != nil {
			t.Fatal(err)
		}
		bs, v1, err := db.Boundaries(ctx)
		if err != nil || len(bs) != len(dki) || v1 != "1/318" {
			t.Fatalf("read back %d boundaries, version %q, %v", len(bs), v1, err)
		}
		if v, _ := db.BoundaryVersion(ctx); v != v1 {
			t.Errorf("version %q, Boundaries said %q", v, v1)
		}
		byCode := map[string]geo.Boundary{}
		for _, b := range bs {
			byCode[b.Code] = b
		}
		pluit := byCode["31.72.01.1005"]
		if pluit.Name != "Pluit" || pluit.Level != region.Village || len(pluit.Shape) != 4 {
			t.Errorf("Pluit read back as %s %s with %d polygons", pluit.Name, pluit.Level, len(pluit.Shape))
		}
		// A point is located the same from the stored shapes.
		if chain := geo.NewIndex(bs).Locate(geo.Point{Lat: -6.138414, Lng: 106.863956}.Orb()); len(chain) != 4 || chain[3].Code != "31.72.02.1006" {
			t.Errorf("located in %v", chain)
		}

		if err := db.ImportBoundaries(ctx, admin, dki[:7]); err != nil {
			t.Fatal(err)
		}
		if v, _ := db.BoundaryVersion(ctx); v != "2/318" {
			t.Errorf("version after a second import %q", v)
		}
		bad := []geo.Boundary{dki[0], {Code: "32", Name: "Jawa Barat", Level: region.Province, Shape: dki[0].Shape}}
		if err := db.ImportBoundaries(ctx, admin, bad); !errs.Is(err, errs.Invalid) {
			t.Errorf("unknown region: %v", err)
		}
		if v, _ := db.BoundaryVersion(ctx); v != "2/318" {
			t.Errorf("a refused import changed the data: %q", v)
		}
		entries, err := db.AuditLog(ctx, store.AuditFilter{Action: "region.boundaries"})
		if err != nil || len(entries) != 2 || entries[0].RegionCode != "31" {
			t.Errorf("audit %+v %v", entries, err)
		}
	})
}

// TestRoutingByPoint: a point at a known place reaches its kelurahan
// office; a kelurahan without one sends it up to the nearest desk; a point
// in a sliver between kelurahan goes to its kecamatan's office.
func TestRoutingByPoint(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := seed.Demo(ctx, db); err != nil {
			t.Fatal(err)
		}
		bs, _, err := db.Boundaries(ctx)
		if err != nil || len(bs) != 318 {
			t.Fatalf("the demo's boundaries: %d %v", len(bs), err)
		}
		ix := geo.NewIndex(bs)
		route := func(p geo.Point) string {
			chain := ix.Locate(p.Orb())
			if len(chain) == 0 {
				return ""
			}
			u, err := db.ReceiverAt(ctx, chain[len(chain)-1].Code)
			if err != nil {
				t.Fatal(err)
			}
			return u.Code
		}
		for _, tc := range []struct {
			name string
			p    geo.Point
			want string
		}{
			{"Monas", geo.Point{Lat: -6.175392, Lng: 106.827153}, "KEL-31.71.01.1001"},
			{"Sunter Agung", geo.Point{Lat: -6.138414, Lng: 106.863956}, "KEL-31.72.02.1006"},
			{"west of a border", geo.Point{Lat: -6.175392, Lng: 106.8024}, "KEL-31.73.02.1003"},
			{"east of it", geo.Point{Lat: -6.175392, Lng: 106.8025}, "KEL-31.73.07.1004"},
			{"Pulau Pramuka", geo.Point{Lat: -5.7457, Lng: 106.6137}, "KEL-31.01.01.1001"},
			{"a sliver in Ciracas", geo.Point{Lat: -6.37, Lng: 106.8825}, "KEC-31.75.09"},
			{"a sliver between cities", geo.Point{Lat: -6.37, Lng: 106.8818}, "ADU-31"},
			{"Bandung", geo.Point{Lat: -6.9175, Lng: 107.6191}, ""},
		} {
			if got := route(tc.p); got != tc.want {
				t.Errorf("%s: routed to %q, want %q", tc.name, got, tc.want)
			}
		}
		// Without its kelurahan office, Gambir's reports go up to the city's desk.
		office, err := db.UnitByCode(ctx, "KEL-31.71.01.1001")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetUnitActive(ctx, admin, office, false); err != nil {
			t.Fatal(err)
		}
		if got := route(geo.Point{Lat: -6.175392, Lng: 106.827153}); got != "ADU-31.71" {
			t.Errorf("Monas without its office: %q", got)
		}
	})
}

// TestPointsStored: a report's point and a unit's are kept to the
// microdegree; none stays none.
func TestPointsStored(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		p := &geo.Point{Lat: -6.138414, Lng: 106.863956}
		u := &unit.Unit{Code: "KEL-31.72.02.1006", Name: "Kantor Kelurahan Sunter Agung", TypeCode: "kantor_kelurahan", RegionCode: "31.72.02.1006", Point: p}
		other := &unit.Unit{Code: "KEL-31.72.02.1001", Name: "Kantor Kelurahan X", TypeCode: "kantor_kelurahan", RegionCode: "31.72.02.1001"}
		if err := db.CreateUnits(ctx, audit.CLI, []unit.Unit{*u, *other}); err != nil {
			t.Fatal(err)
		}
		got, err := db.UnitByCode(ctx, u.Code)
		if err != nil || got.Point == nil || *got.Point != *p {
			t.Fatalf("unit point %v %v", got.Point, err)
		}
		if o, _ := db.UnitByCode(ctx, other.Code); o.Point != nil {
			t.Errorf("a unit without a point read back with %v", o.Point)
		}
		got.Point = &geo.Point{Lat: -6.1, Lng: 106.9}
		if err := db.UpdateUnit(ctx, admin, got); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.UnitByCode(ctx, u.Code); again.Point == nil || *again.Point != *got.Point {
			t.Errorf("updated point %v", again.Point)
		}

		rep := &complaint.Report{UnitID: got.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelOpen311,
			Title: "Jalan berlubang", Body: "Jalan berlubang besar di depan sekolah.", Point: p, Reporter: complaint.Reporter{Email: "warga@example.com"}}
		if err := db.CreateComplaint(ctx, rep, "", ""); err != nil {
			t.Fatal(err)
		}
		back, err := db.Complaint(ctx, rep.UnitID, rep.ID)
		if err != nil || back.Point == nil || *back.Point != *p {
			t.Fatalf("report point %v %v", back.Point, err)
		}
		// The reporter's data export includes the point they gave.
		data, err := db.ExportReporter(ctx, admin, "31", complaint.ReporterQuery{Field: "email", Value: "warga@example.com"})
		if err != nil || len(data) != 1 || data[0].Point == nil || *data[0].Point != *p {
			t.Errorf("reporter export %+v %v", data, err)
		}
	})
}
