package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"

	"mutu/internal/store"
)

// uploadLogo posts the logo form as a browser does.
func uploadLogo(t *testing.T, a *app, c *http.Client, regionCode string, file []byte) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("region_code", regionCode)
	if file != nil {
		fw, _ := mw.CreateFormFile("logo", "logo.png")
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", a.URL+"/kelola/logo", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return a.do(t, c, req)
}

func logoPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{0xb3, uint8(x), uint8(y), 0xff})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// firstPageText is the text of a PDF's first page, whitespace collapsed.
func firstPageText(t *testing.T, b []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read PDF: %v", err)
	}
	txt, err := r.Page(1).GetPlainText(nil)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(txt), " ")
}

// TestLogoPages: an administrator uploads, replaces and removes the logo of
// a government in their scope; bad files, regions outside the scope and
// regions that are not a government are refused with the reason beside the
// field and nothing stored; the Laporan's kop surat carries the logo.
func TestLogoPages(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	admin := a.login(t, "admin.jakut")
	doc := mustBePage(t, a.get(t, admin, "/kelola/logo"), 200, "form[action=/kelola/logo] input#f-logo")
	if !strings.Contains(textOf(doc, "table#logos"), "Belum ada logo") {
		t.Errorf("logos before any: %q", textOf(doc, "table#logos"))
	}
	count := func() int {
		t.Helper()
		ls, err := a.DB.RegionLogos(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		return len(ls)
	}

	var gifBytes bytes.Buffer
	gif.Encode(&gifBytes, image.NewPaletted(image.Rect(0, 0, 64, 64), []color.Color{color.White, color.Black}), nil)
	for _, tc := range []struct {
		name, region string
		file         []byte
		field, msg   string
	}{
		{"a GIF", "31.72", gifBytes.Bytes(), "logo", "PNG atau JPEG"},
		{"no file", "31.72", nil, "logo", "Pilih berkas logo"},
		{"too large", "31.72", append(logoPNG(t, 64, 64), make([]byte, 600<<10)...), "logo", "terlalu besar"},
		{"the province, outside the scope", "31", logoPNG(t, 64, 64), "region_code", "di luar cakupan"},
		{"a kecamatan", "31.72.01", logoPNG(t, 64, 64), "region_code", "provinsi atau kota/kabupaten"},
		{"not a code", "Jakarta", logoPNG(t, 64, 64), "region_code", ""},
	} {
		res := uploadLogo(t, a, admin, tc.region, tc.file)
		doc := mustBePage(t, res, http.StatusUnprocessableEntity, "form[action=/kelola/logo] #e-"+tc.field)
		if msg := textOf(doc, "#e-"+tc.field); !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: message %q, want %q", tc.name, msg, tc.msg)
		}
		if n := count(); n != 0 {
			t.Fatalf("%s: %d logos stored", tc.name, n)
		}
	}

	// A form that is not multipart is refused as bad input, not a fault.
	if res := a.post(t, admin, "/kelola/logo", url.Values{"region_code": {"31.72"}}); res.StatusCode != http.StatusUnprocessableEntity || count() != 0 {
		t.Errorf("urlencoded upload: %d", res.StatusCode)
	}
	for _, path := range []string{"/kelola/logo/31.72", "/kelola/logo/31.72/hapus"} {
		method := a.get
		if strings.HasSuffix(path, "hapus") {
			method = func(t testing.TB, c *http.Client, p string) response {
				return a.post(t, c, p, url.Values{"confirmed": {"1"}})
			}
		}
		if res := method(t, admin, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s without a logo: %d", path, res.StatusCode)
		}
	}

	if res := uploadLogo(t, a, admin, "31.72", logoPNG(t, 120, 140)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %.300s", res.StatusCode, res.Body)
	}
	doc = mustBePage(t, a.get(t, admin, "/kelola/logo"), 200, "table#logos img[src=/kelola/logo/31.72]")
	if !strings.Contains(textOf(doc, "table#logos"), "Kota Administrasi Jakarta Utara (31.72)") {
		t.Errorf("listed: %q", textOf(doc, "table#logos"))
	}
	img := a.get(t, admin, "/kelola/logo/31.72")
	if cfg, err := png.DecodeConfig(strings.NewReader(img.Body)); img.StatusCode != 200 || err != nil || cfg.Width != 120 {
		t.Fatalf("logo image: %d %v", img.StatusCode, err)
	}
	if res := uploadLogo(t, a, admin, "31.72", logoPNG(t, 200, 100)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("replace: %d", res.StatusCode)
	}
	if l, _ := a.DB.RegionLogo(ctx, "31.72"); l == nil || l.Logo.Width != 200 || count() != 1 {
		t.Fatalf("after replacing: %+v, %d logos", l, count())
	}
	// A city administrator may not read the province's logo.
	if res := a.get(t, a.login(t, "admin.jakut"), "/kelola/logo/31"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the province's logo for a city administrator: %d", res.StatusCode)
	}

	// The Laporan of a unit in the city prints the kop surat with the logo.
	pdfRes := a.get(t, admin, "/kelola/skm/unit/PKM-31.72.01/laporan?p=2026&format=pdf")
	if pdfRes.StatusCode != 200 || !strings.Contains(pdfRes.Body, "/Subtype /Image") {
		t.Fatalf("report: %d, image %v", pdfRes.StatusCode, strings.Contains(pdfRes.Body, "/Subtype /Image"))
	}
	if cover := firstPageText(t, []byte(pdfRes.Body)); !strings.HasPrefix(cover,
		"PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA KOTA ADMINISTRASI JAKARTA UTARA PUSKESMAS KECAMATAN PENJARINGAN") {
		t.Errorf("cover: %.200q", cover)
	}

	// Removing asks for a confirmation first.
	res := a.post(t, admin, "/kelola/logo/31.72/hapus", url.Values{})
	doc = mustBePage(t, res, http.StatusUnprocessableEntity, "table#logos form[action=/kelola/logo/31.72/hapus]")
	if msg := textOf(doc, "#kesalahan"); !strings.Contains(msg, "Centang") {
		t.Errorf("unconfirmed removal: %q", msg)
	}
	if count() != 1 {
		t.Fatal("removed without confirmation")
	}
	if res := a.post(t, admin, "/kelola/logo/31.72/hapus", url.Values{"confirmed": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if count() != 0 {
		t.Fatal("not removed")
	}
	entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{RegionCode: "31.72", Object: "Jakarta Utara"})
	var actions []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "region.logo") {
			actions = append(actions, e.Action+" by "+e.ActorName)
		}
	}
	if got := strings.Join(actions, ", "); got != "region.logo_delete by admin.jakut, region.logo by admin.jakut, region.logo by admin.jakut" {
		t.Errorf("audit: %s", got)
	}
	// The report still renders its kop surat without a logo.
	pdfRes = a.get(t, admin, "/kelola/skm/unit/PKM-31.72.01/laporan?p=2026&format=pdf")
	if pdfRes.StatusCode != 200 || strings.Contains(pdfRes.Body, "/Subtype /Image") ||
		!strings.HasPrefix(firstPageText(t, []byte(pdfRes.Body)), "PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA") {
		t.Errorf("report without a logo: %d", pdfRes.StatusCode)
	}
}

// TestUnitHeadForm: the head of the unit is edited on the unit form; a bad
// NIP comes back beside its field with nothing saved; the saved head signs
// the Laporan's approval page.
func TestUnitHeadForm(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	op := a.login(t, "operator.pkm")
	doc := mustBePage(t, a.get(t, op, "/kelola/unit/PKM-31.72.01"), 200, "fieldset#kepala input#f-head_nip")
	if len(findAll(doc, "fieldset#kepala input#f-head_name")) != 1 || len(findAll(doc, "fieldset#kepala input#f-head_position")) != 1 {
		t.Fatal("the head's fields are missing")
	}
	u, err := a.DB.UnitByCode(ctx, "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"name": {u.Name}, "address": {u.Address}, "phone": {u.Phone}, "email": {u.Email}, "website": {u.Website},
		"head_name": {"dr. Ratna Sari Dewi"}, "head_nip": {"19750312 200003 2 0021"}, "head_position": {"Kepala Puskesmas Kecamatan Penjaringan"}}
	doc = mustBePage(t, a.post(t, op, "/kelola/unit/PKM-31.72.01", form), http.StatusUnprocessableEntity, "fieldset#kepala #e-head_nip")
	if msg := textOf(doc, "#e-head_nip"); !strings.Contains(msg, "18 angka") {
		t.Errorf("NIP message %q", msg)
	}
	if got := textOf(doc, "#kesalahan"); !strings.Contains(got, "NIP kepala unit") {
		t.Errorf("the summary does not name the field: %q", got)
	}
	if u, _ := a.DB.UnitByID(ctx, u.ID); u.HeadName != "" {
		t.Fatalf("saved despite the bad NIP: %+v", u)
	}

	form.Set("head_nip", "19750312 200003 2 002")
	if res := a.post(t, op, "/kelola/unit/PKM-31.72.01", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %.300s", res.StatusCode, res.Body)
	}
	if u, _ := a.DB.UnitByID(ctx, u.ID); u.HeadNIP != "197503122000032002" || u.HeadName != "dr. Ratna Sari Dewi" {
		t.Fatalf("saved: %+v", u)
	}
	entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{RegionCode: "31.72", Action: "unit.update"})
	if len(entries) == 0 || entries[0].Detail != "kepala unit: dr. Ratna Sari Dewi" || entries[0].ActorName != "operator.pkm" {
		t.Errorf("audit: %+v", entries)
	}
	res := a.get(t, op, "/kelola/skm/unit/PKM-31.72.01/laporan?p=2026&format=pdf")
	text, _ := pdfText(t, []byte(res.Body))
	text = strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"LEMBAR PENGESAHAN", "Jakarta Utara, ", "Kepala Puskesmas Kecamatan Penjaringan", "dr. Ratna Sari Dewi",
		"NIP 19750312 200003 2 002"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}
