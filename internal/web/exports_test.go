package web_test

import (
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mutu/internal/audit"
	"mutu/internal/geo"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// exportRows reads a CSV export: it must be UTF-8 with a byte-order mark
// and ";" between cells (the dialect Indonesian Excel opens into columns).
func exportRows(t *testing.T, res response) [][]string {
	t.Helper()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv; charset=utf-8") {
		t.Fatalf("CSV export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	body, ok := strings.CutPrefix(res.Body, "\uFEFF")
	if !ok {
		t.Fatalf("CSV export without a byte-order mark: %.40q", res.Body)
	}
	r := csv.NewReader(strings.NewReader(body))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV export: %v\n%.300s", err, body)
	}
	return rows
}

// exportBook opens an XLSX export.
func exportBook(t *testing.T, res response) *excelize.File {
	t.Helper()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("XLSX export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(strings.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestExportsOfferCSVAndXLSX: every list that exports links to both
// formats; each answers the Indonesian CSV dialect and a workbook with
// typed cells (a number column holds numbers, a time column dates), as
// an attachment; any other format is refused with a message.
func TestExportsOfferCSVAndXLSX(t *testing.T) {
	a := newApp(t)
	admin := a.login(t, "admin.jakut")
	cases := []struct {
		page, pageMark, csvLink, xlsxLink, export string
		header                                    []string
		numberCell, dateCell                      string // in the workbook's first data row; "" for none
	}{
		{"/kelola/unit", `id="unit-results"`, "units-csv", "units-xlsx", "/kelola/unit?format=",
			[]string{"unit_code", "name", "type", "region_code", "services", "active", "address", "opening_hours", "phone", "email", "website"}, "", ""},
		{"/kelola/skm", `class="bigstat"`, "ranking-csv", "ranking-xlsx", "/kelola/skm?format=",
			[]string{"peringkat", "unit_code", "nama", "jenis", "wilayah", "responden", "ikm", "ikm_konversi", "mutu", "kinerja"}, "G2", ""},
		{"/kelola/pengaduan-dasbor?tahun=2026", `id="complaints-xlsx"`, "complaints-csv", "complaints-xlsx", "/kelola/pengaduan-dasbor?tahun=2026&format=",
			[]string{"Nomor", "Diterima (WIB)", "Jenis"}, "", "B2"},
		{"/kelola/audit", `id="audit-csv"`, "audit-csv", "audit-xlsx", "/kelola/audit?format=",
			[]string{"Waktu (WIB)", "Pelaku", "Aksi", "Objek", "Rincian", "Wilayah"}, "", "A2"},
	}
	for _, tc := range cases {
		t.Run(tc.page, func(t *testing.T) {
			page := a.get(t, admin, tc.page)
			if page.StatusCode != 200 || !strings.Contains(page.Body, tc.pageMark) {
				t.Fatalf("%s: %d, not the page", tc.page, page.StatusCode)
			}
			for _, id := range []string{tc.csvLink, tc.xlsxLink} {
				if !strings.Contains(page.Body, `id="`+id+`"`) {
					t.Errorf("no export link #%s", id)
				}
			}
			rows := exportRows(t, a.get(t, admin, tc.export+"csv"))
			if len(rows) < 2 || !slices.Equal(rows[0][:len(tc.header)], tc.header) {
				t.Fatalf("CSV: %d rows, header %q, want %q", len(rows), rows[0], tc.header)
			}
			res := a.get(t, admin, tc.export+"xlsx")
			if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.HasSuffix(cd, `.xlsx"`) {
				t.Errorf("XLSX Content-Disposition %q", cd)
			}
			f := exportBook(t, res)
			sheet := f.GetSheetName(0)
			got, err := f.GetRows(sheet)
			if err != nil || len(got) != len(rows) || !slices.Equal(got[0][:len(tc.header)], tc.header) {
				t.Fatalf("XLSX: %d rows (%v), header %q; CSV has %d", len(got), err, got[0], len(rows))
			}
			if tc.numberCell != "" {
				if typ, _ := f.GetCellType(sheet, tc.numberCell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
					t.Errorf("%s is of type %v, want a number", tc.numberCell, typ)
				}
			}
			if tc.dateCell != "" {
				id, _ := f.GetCellStyle(sheet, tc.dateCell)
				st, err := f.GetStyle(id)
				if err != nil || st.CustomNumFmt == nil || !strings.HasPrefix(*st.CustomNumFmt, "[$-421]d mmm yyyy") {
					t.Errorf("%s is not shown as an Indonesian date: %+v %v", tc.dateCell, st, err)
				}
			}
			bad := a.get(t, admin, tc.export+"ods")
			if bad.StatusCode != 422 || !strings.Contains(bad.Body, "Format unduhan harus csv atau xlsx.") {
				t.Errorf("format=ods: %d, want 422 with the message", bad.StatusCode)
			}
		})
	}
}

// nastyUnits are units whose texts a spreadsheet would take for formulas or
// numbers, or that need quoting in CSV.
func nastyUnits() []unit.Unit {
	mk := func(code, name, phone, address string, services ...string) unit.Unit {
		u := unit.Unit{Code: code, Name: name, TypeCode: "puskesmas_kecamatan", RegionCode: "31.72.01", Phone: phone, Address: address,
			OpeningHours: "Senin–Jumat 08.00–16.00", Email: "pkm@example.go.id", Website: "https://example.go.id/?a=1&b=2", Active: true}
		for i, s := range services {
			u.Services = append(u.Services, unit.Service{Code: unit.Slug(s), Name: s, Active: true, SortOrder: i})
		}
		return u
	}
	located := mk("RTX-01", "-2+3 Unit Minus", "+62 21 6693 1234", "=1+1 Jl. Formula", "Imunisasi, anak", `Poli "Umum"`)
	located.Point = &geo.Point{Lat: -6.138414, Lng: 106.863956} // a unit's point comes back too
	return []unit.Unit{
		located,
		mk("RTX-02", `=HYPERLINK("http://x","klik")`, "-021 6693 1234", "@rumah; Blok \"A\", No. 1\nRT 01/RW 02"),
		mk("RTX-03", "+62 Unit Plus", "(021) 6693-1234", "'Jl. Kutip", "@Layanan"),
		mk("RTX-04", "@Unit At", "021 6693 1234", "-"),
		mk("RTX-05", "'Aisyiyah Klinik", "", "''=Dua kutip"),
		mk("RTX-06", "''=Dua Kutip", "", "-5"),
		mk("RTX-07", `Unit "Kutip", Koma; Titik Koma`, "", "Jl. Ünïcödé — 東京, 12.345"),
		mk("RTX-08", "-5", "", "+"),
		mk("RTX-09", "Ünïcödé Ümlaut — Puskesmas 東京", "", ""),
	}
}

// TestUnitExportImportRoundTrip exports units with awkward texts as CSV and
// as XLSX and imports each file into another deployment: names, phones,
// addresses, hours, e-mail, website and services come back unchanged (the
// CSV formula guard is removed on import; XLSX text is never guarded).
func TestUnitExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	from := newApp(t)
	if err := from.DB.CreateUnits(ctx, audit.CLI, nastyUnits()); err != nil {
		t.Fatal(err)
	}
	admin := from.login(t, "admin")
	want := unitsByCode(t, from.DB)
	if len(want) != len(nastyUnits()) {
		t.Fatalf("%d units stored, want %d", len(want), len(nastyUnits()))
	}
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			res := from.get(t, admin, "/kelola/unit?q=RTX-&format="+format)
			if res.StatusCode != 200 {
				t.Fatalf("export: %d", res.StatusCode)
			}
			if format == "csv" {
				rows := exportRows(t, res)
				if len(rows) != len(nastyUnits())+1 {
					t.Fatalf("%d rows, want %d", len(rows), len(nastyUnits())+1)
				}
				for _, r := range rows[1:] {
					if r[0] == "RTX-01" && (r[1] != "'-2+3 Unit Minus" || r[8] != "'+62 21 6693 1234") {
						t.Errorf("CSV cells %q %q, want them guarded", r[1], r[8])
					}
					if r[0] == "RTX-08" && r[1] != "-5" {
						t.Errorf("CSV cell %q, want the number unguarded", r[1])
					}
				}
			} else {
				f := exportBook(t, res)
				rows, _ := f.GetRows(f.GetSheetName(0))
				for _, r := range rows[1:] {
					if r[0] == "RTX-01" && (r[1] != "-2+3 Unit Minus" || r[8] != "+62 21 6693 1234") {
						t.Errorf("XLSX cells %q %q, want them as typed", r[1], r[8])
					}
				}
			}
			to := newApp(t)
			imp := uploadForm(t, to, to.login(t, "admin"), "/kelola/impor", nil, "unit-layanan."+format, []byte(res.Body))
			if imp.StatusCode != 200 {
				t.Fatalf("import: %d %s", imp.StatusCode, imp.Body)
			}
			got := unitsByCode(t, to.DB)
			for code, w := range want {
				g, ok := got[code]
				if !ok {
					t.Errorf("%s not imported", code)
					continue
				}
				if g.Name != w.Name || g.Phone != w.Phone || g.Address != w.Address || g.OpeningHours != w.OpeningHours ||
					g.Email != w.Email || g.Website != w.Website || !slices.Equal(serviceNames(g), serviceNames(w)) ||
					(g.Point == nil) != (w.Point == nil) || (g.Point != nil && *g.Point != *w.Point) {
					t.Errorf("%s came back as\n%+v\nwant\n%+v", code, g, w)
				}
			}
		})
	}
}

// unitsByCode reads the RTX- units of a database with their services.
func unitsByCode(t *testing.T, db *store.DB) map[string]unit.Unit {
	t.Helper()
	ctx := context.Background()
	us, _, err := db.Units(ctx, store.UnitFilter{Query: "RTX-"})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	svcs, err := db.Services(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]unit.Unit{}
	for _, u := range us {
		u.Services = svcs[u.ID]
		out[u.Code] = u
	}
	return out
}

func serviceNames(u unit.Unit) []string {
	var out []string
	for _, s := range u.Services {
		out = append(out, s.Name)
	}
	return out
}
