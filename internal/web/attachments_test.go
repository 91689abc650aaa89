package web_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// photoWithGPS is a small JPEG carrying a fake EXIF location.
func photoWithGPS(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 16, 12)), nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	payload := []byte("Exif\x00\x00GPS -6.1184 106.9061")
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(append(append([]byte(nil), b[:2]...), append(seg, payload...)...), b[2:]...)
}

func fileWithFiles(t *testing.T, a *app, fields map[string]string, files map[string][]byte) response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, b := range files {
		fw, _ := mw.CreateFormFile("files", name)
		fw.Write(b)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", a.URL+"/pengaduan", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return a.do(t, nil, req)
}

func TestComplaintAttachments(t *testing.T) {
	a := newApp(t)
	fields := map[string]string{"unit": "PKM-31.72.01", "kind": "pengaduan", "privacy": "anonim", "title": "Atap bocor",
		"body": "Atap ruang tunggu bocor setiap hujan, lantai licin."}
	photo := photoWithGPS(t)
	// A bad file refuses the whole report.
	res := fileWithFiles(t, a, fields, map[string][]byte{"atap.jpg": photo, "virus.exe": []byte("MZ\x90\x00 bukan foto")})
	if res.StatusCode != 422 || !strings.Contains(res.Body, "virus.exe bukan foto") {
		t.Fatalf("bad file: %d", res.StatusCode)
	}
	res = fileWithFiles(t, a, fields, map[string][]byte{"atap.jpg": photo})
	if res.StatusCode != 303 {
		t.Fatalf("file: %d %s", res.StatusCode, res.Body)
	}
	code := codeRE.FindString(res.Header.Get("Location"))
	page := a.get(t, nil, "/lacak/"+code)
	link := regexpFind(page.Body, `/lacak/`+code+`/lampiran/[0-9a-f-]+`)
	if link == "" {
		t.Fatalf("no attachment link on the tracking page")
	}
	got := a.get(t, nil, link)
	if got.StatusCode != 200 || got.Header.Get("Content-Type") != "image/jpeg" || strings.Contains(got.Body, "106.9061") || !strings.HasPrefix(got.Body, "\xFF\xD8") {
		t.Fatalf("reporter's download: %d %s, location kept: %v", got.StatusCode, got.Header.Get("Content-Type"), strings.Contains(got.Body, "106.9061"))
	}
	staffLink := strings.Replace(link, "/lacak/"+code, "/kelola/pengaduan/"+numberOf(t, a, code), 1)
	if res := a.get(t, a.login(t, "admin.jakut"), strings.Replace(link, "/lacak/", "/kelola/pengaduan/", 1)); res.StatusCode != 404 {
		t.Errorf("staff download by tracking code: %d", res.StatusCode)
	}
	if res := a.get(t, a.login(t, "operator.ptsp"), staffLink); res.StatusCode != 404 {
		t.Errorf("operator of another unit downloads it: %d", res.StatusCode)
	}
	if res := a.get(t, a.login(t, "admin.jakut"), staffLink); res.StatusCode != 200 || res.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("verifier's download: %d", res.StatusCode)
	}
	// Shared location: kept.
	fields["share_location"] = "1"
	res = fileWithFiles(t, a, fields, map[string][]byte{"atap.jpg": photo})
	code = codeRE.FindString(res.Header.Get("Location"))
	link = regexpFind(a.get(t, nil, "/lacak/"+code).Body, `/lacak/`+code+`/lampiran/[0-9a-f-]+`)
	if got := a.get(t, nil, link); !strings.Contains(got.Body, "106.9061") {
		t.Error("a shared location was removed")
	}
	if res := a.get(t, nil, "/lacak/"+code+"/lampiran/00000000-0000-0000-0000-000000000000"); res.StatusCode != 404 {
		t.Errorf("unknown attachment: %d", res.StatusCode)
	}
}
