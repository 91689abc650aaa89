package web_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"image"
	"image/jpeg"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/complaint"
	"mutu/internal/store"
)

// phoneJPEG is a 16×12 photo with EXIF GPS, followed (as many phones
// write) by a second full JPEG with its own GPS and a vendor trailer.
func phoneJPEG(t *testing.T) []byte {
	enc := func(w, h int, exif string) []byte {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
			t.Fatal(err)
		}
		b := buf.Bytes()
		seg := []byte{0xFF, 0xE1, 0, 0}
		binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
		return append(append(append([]byte(nil), b[:2]...), append(seg, exif...)...), b[2:]...)
	}
	out := enc(16, 12, "Exif\x00\x00GPS -6.1184 106.9061")
	out = append(out, enc(8, 8, "Exif\x00\x00GPS -6.2001 106.8166")...)
	return append(out, "SEFHxx SEFT"...)
}

// TestAttachmentKeepsOnlyThePrimaryImage: what is stored and served is the
// primary picture only, whether or not the reporter shares the location
// (which keeps the primary EXIF only).
func TestAttachmentKeepsOnlyThePrimaryImage(t *testing.T) {
	a := newApp(t)
	for _, share := range []string{"", "1"} {
		fields := map[string]string{"unit": "PKM-31.72.01", "kind": "pengaduan", "privacy": "anonim", "title": "Atap bocor",
			"body": "Atap ruang tunggu bocor setiap hujan, lantai licin.", "share_location": share}
		res := fileWithFiles(t, a, fields, map[string][]byte{"atap.jpg": phoneJPEG(t)})
		if res.StatusCode != 303 {
			t.Fatalf("file: %d %s", res.StatusCode, res.Body)
		}
		code := codeRE.FindString(res.Header.Get("Location"))
		link := regexpFind(a.get(t, nil, "/lacak/"+code).Body, `/lacak/`+code+`/lampiran/[0-9a-f-]+`)
		got := a.get(t, nil, link)
		if got.StatusCode != 200 || got.Header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("share %q: download %d", share, got.StatusCode)
		}
		if strings.Contains(got.Body, "106.8166") || strings.Contains(got.Body, "SEF") || strings.Count(got.Body, "\xFF\xD8") != 1 {
			t.Errorf("share %q: the appended image or trailer was stored", share)
		}
		if strings.Contains(got.Body, "106.9061") != (share == "1") {
			t.Errorf("share %q: primary location kept %v", share, strings.Contains(got.Body, "106.9061"))
		}
		img, _, err := image.Decode(strings.NewReader(got.Body))
		if err != nil || img.Bounds().Dx() != 16 {
			t.Errorf("share %q: stored photo %v %v", share, err, img)
		}
	}
}

// TestPersonalDataRequests: an administrator finds a reporter's reports in
// their region, downloads the data and erases the contact data, with a
// confirmation; bad input changes nothing; the audit log and the access
// log never hold the searched value.
func TestPersonalDataRequests(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	email := "siti.uji@contoh.id"
	who := complaint.Reporter{Name: "Siti Uji", Phone: "0812-9999-0001", Email: email}
	file := func(unitCode string) *complaint.Report {
		u, err := a.DB.UnitByCode(ctx, unitCode)
		if err != nil {
			t.Fatal(err)
		}
		r := &complaint.Report{UnitID: u.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
			Title: "Antrean panjang", Body: "Antrean di loket sangat panjang setiap pagi.", Reporter: who}
		if err := a.DB.CreateComplaint(ctx, r, "", ""); err != nil {
			t.Fatal(err)
		}
		return r
	}
	mine := file("PKM-31.72.01") // Jakarta Utara: admin.jakut's region
	theirs := file("PTSP-31.74") // Jakarta Selatan
	c := a.login(t, "admin.jakut")
	if res := a.get(t, c, "/kelola/data-pribadi"); res.StatusCode != 200 || !strings.Contains(res.Body, `id="privacy-search"`) {
		t.Fatalf("form: %d", res.StatusCode)
	}
	form := func(kind, value string, extra ...string) url.Values {
		f := url.Values{"contact_kind": {kind}, "contact": {value}}
		for i := 0; i+1 < len(extra); i += 2 {
			f.Set(extra[i], extra[i+1])
		}
		return f
	}
	// Bad input: a clear message, nothing found or changed.
	for _, f := range []url.Values{form("email", "bukan-email"), form("email", ""), form("nama", "Siti"), form("nik", "123")} {
		for _, path := range []string{"/kelola/data-pribadi", "/kelola/data-pribadi/ekspor", "/kelola/data-pribadi/hapus"} {
			res := a.post(t, c, path, f)
			if res.StatusCode != 422 || !strings.Contains(res.Body, `class="errors"`) || !strings.Contains(res.Body, `id="privacy-search"`) {
				t.Errorf("%s %v: %d", path, f, res.StatusCode)
			}
		}
	}
	res := a.post(t, c, "/kelola/data-pribadi", form("phone", "+62 812 9999 0001"))
	if res.StatusCode != 200 || !strings.Contains(res.Body, `id="privacy-results"`) || !strings.Contains(res.Body, mine.Number) || strings.Contains(res.Body, theirs.Number) {
		t.Fatalf("search: %d, own report %v, other region's %v", res.StatusCode, strings.Contains(res.Body, mine.Number), strings.Contains(res.Body, theirs.Number))
	}
	res = a.post(t, c, "/kelola/data-pribadi", form("email", "tidak.ada@contoh.id"))
	if res.StatusCode != 200 || !strings.Contains(res.Body, `id="privacy-none"`) {
		t.Errorf("no match: %d", res.StatusCode)
	}

	res = a.post(t, c, "/kelola/data-pribadi/ekspor", form("email", "Siti.Uji@contoh.id"))
	var export struct {
		Region  string
		Reports []store.ReporterReport
	}
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	if err := json.Unmarshal([]byte(res.Body), &export); err != nil || export.Region != "31.72" || len(export.Reports) != 1 ||
		export.Reports[0].Number != mine.Number || export.Reports[0].Reporter != who || export.Reports[0].Body != mine.Body {
		t.Fatalf("export: %v %+v", err, export)
	}

	// Erasing needs the confirmation.
	res = a.post(t, c, "/kelola/data-pribadi/hapus", form("email", email))
	if res.StatusCode != 422 || !strings.Contains(res.Body, `id="e-erase_confirm"`) || !strings.Contains(res.Body, mine.Number) {
		t.Fatalf("unconfirmed erase: %d", res.StatusCode)
	}
	if got, _ := a.DB.Complaint(ctx, mine.UnitID, mine.ID); got.Reporter != who {
		t.Fatalf("unconfirmed erase changed the report: %+v", got.Reporter)
	}
	res = a.post(t, c, "/kelola/data-pribadi/hapus", form("email", email, "erase_confirm", "1"))
	if res.StatusCode != 303 {
		t.Fatalf("erase: %d %s", res.StatusCode, res.Body)
	}
	if got, _ := a.DB.Complaint(ctx, mine.UnitID, mine.ID); !got.Reporter.Empty() || got.Body != mine.Body {
		t.Errorf("erased report: %+v", got)
	}
	if got, _ := a.DB.Complaint(ctx, theirs.UnitID, theirs.ID); got.Reporter != who {
		t.Errorf("another region's report changed: %+v", got.Reporter)
	}
	if res := a.post(t, c, "/kelola/data-pribadi/hapus", form("email", email, "erase_confirm", "1")); res.StatusCode != 404 || !strings.Contains(res.Body, `id="privacy-none"`) {
		t.Errorf("erase again: %d", res.StatusCode)
	}

	entries, err := a.DB.AuditLog(ctx, store.AuditFilter{RegionCode: "31.72", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "privacy.") {
			actions = append(actions, e.Action+" "+e.ObjectID+" "+e.Detail)
		}
		if b, _ := json.Marshal(e); bytes.Contains(b, []byte("siti.uji")) || bytes.Contains(b, []byte("99990001")) || bytes.Contains(b, []byte("9999-0001")) {
			t.Errorf("audit entry holds the searched value: %s", b)
		}
	}
	if want := "privacy.erase e-mail ***@contoh.id 1 laporan|privacy.export e-mail ***@contoh.id 1 laporan"; strings.Join(actions, "|") != want {
		t.Errorf("audit %q, want %q", actions, want)
	}
	if logs := a.logs(); strings.Contains(logs, "siti.uji") || strings.Contains(logs, "9999 0001") || strings.Contains(logs, "9999+0001") || strings.Contains(logs, "99990001") {
		t.Errorf("the access log holds the searched value")
	}
}
