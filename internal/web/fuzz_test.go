package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"mutu/internal/complaint"
	"mutu/internal/store"
	"mutu/internal/web"
)

// fuzzApp is the app a fuzzer runs against: SQLite, or PostgreSQL when
// MUTU_FUZZ_DB=postgres (go test -fuzz … with that variable set), where
// text that SQLite stores silently makes queries fail.
func fuzzApp(f *testing.F) *app {
	if os.Getenv("MUTU_FUZZ_DB") == "postgres" {
		return newPostgresApp(f)
	}
	return newApp(f)
}

// FuzzSubmitResponseJSON sends arbitrary bodies to the ingestion API: the
// answer is always 201 or a 4xx, never a 5xx or a panic.
func FuzzSubmitResponseJSON(f *testing.F) {
	for _, seed := range []string{
		`{"service":"ktp-el","answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3},"profile":{"age":40,"sex":"L"}}`,
		`{"answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3},"saran":"a\u0000b"}`, // a 500 on PostgreSQL before the text check
		`{"answers":{"U1":5}}`, `{"channel":"kiosk"}`, `{"answered_at":"2026-11-23T09:00:00+07:00","answers":{}}`, `[]`, `null`, `{"extra":["a"],"saran":"\u0000"}`,
		`{"extra":{"Q1":"a","q9":"b"}}`, `{"extra":{"Q1":5}}`, `{"extra":"a"}`, `{"extra":[1]}`,
	} {
		f.Add(seed)
	}
	a := fuzzApp(f)
	key := responsesKey(f, a)
	f.Fuzz(func(t *testing.T, body string) {
		h := checkContract(t, a.Srv.Handler()) // the answer is one the OpenAPI document describes
		rec := serveAPI(h, "/api/v1/units/DKP-31.72/responses", key, body)
		if rec.Code >= 500 || rec.Code < 200 || rec.Code >= 300 && rec.Code < 400 {
			t.Fatalf("%q: status %d %s", body, rec.Code, rec.Body)
		}
	})
}

// FuzzSurveyForm posts arbitrary form bodies to the survey page.
func FuzzSurveyForm(f *testing.F) {
	f.Add("u1=4&u2=3&u3=3&u4=4&u5=3&u6=4&u7=4&u8=2&u9=3&sex=P&age=30&saran=ok")
	f.Add("u1=9&age=abc&sex=X&service=nope")
	f.Add("website=spam")
	f.Add("u1=4&u2=3&u3=3&u4=4&u5=3&u6=4&u7=4&u8=2&u9=3&saran=a%00b") // a 500 on PostgreSQL before the text check
	a := fuzzApp(f)
	h := a.Srv.Handler()
	f.Fuzz(func(t *testing.T, body string) {
		rec := serve(h, http.MethodPost, "/s/PKM-31.72.01", formType, strings.NewReader(body))
		if rec.Code >= 500 {
			t.Fatalf("%q: status %d", body, rec.Code)
		}
	})
}

// FuzzEveryPostRoute sends arbitrary form bodies to every POST route as a
// signed-in administrator: no input may cause a 5xx.
func FuzzEveryPostRoute(f *testing.F) {
	f.Add(uint8(0), "name=x&code=%zz")
	f.Add(uint8(3), "population=-1&p=2026-T9")
	f.Add(uint8(7), "a=1&a=2&&&=")
	f.Add(uint8(11), "kind=pengaduan&verify_days=3&first_response_days=5&resolution_days=60&auto_close_days=10")
	f.Add(uint8(12), "id=x&id=&all=1")
	f.Add(uint8(5), "name=a%00b&title=%ff%fe&body=ok%0D%0Aline&code=%1b")
	a := fuzzApp(f)
	h := a.Srv.Handler()
	// The province administrator reaches every POST route.
	cookies := serve(h, http.MethodPost, "/masuk", formType, strings.NewReader("username=admin&password=mutu-demo-2026")).Result().Cookies()
	var posts []string
	params := strings.NewReplacer("{code}", "PKM-31.72.01", "{service}", "imunisasi", "{id}", "x", "{lang}", "en")
	for _, rt := range a.Srv.Routes() {
		if pat := web.RoutePattern(rt); strings.HasPrefix(pat, "POST ") && pat != "POST /keluar" {
			posts = append(posts, params.Replace(strings.TrimPrefix(pat, "POST ")))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		path := posts[int(which)%len(posts)]
		// API and Open311 answers are ones the OpenAPI document describes.
		rec := serve(checkContract(t, h), http.MethodPost, path, formType, strings.NewReader(body), cookies...)
		if rec.Code >= 500 {
			t.Fatalf("POST %s %q: status %d", path, body, rec.Code)
		}
	})
}

// FuzzComplaintIntake files reports through the public form as multipart
// with fuzzed fields and a fuzzed attachment: never a 5xx, and a refused
// report stores nothing.
func FuzzComplaintIntake(f *testing.F) {
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9")
	f.Add("PKM-31.72.01", "", "pengaduan", "anonim", "Antrean panjang", "Antrean di loket mengular sampai ke jalan.", "a@b.id", "foto.jpg", jpeg)
	f.Add("", "31.72", "aspirasi", "biasa", "Jam layanan", "Mohon layanan dibuka pada hari Sabtu.", "", "surat.pdf", []byte("%PDF-1.4\n%%EOF"))
	f.Add("XX", "99", "x", "y", "", "", "bukan surel", "a.exe", []byte("MZ"))
	f.Add("PKM-31.72.01", "", "pengaduan", "anonim", "Judul\x00 laporan", "Isi laporan yang cukup panjang sekali.", "", "foto.jpg", jpeg)
	f.Add("PKM-31.72.01", "", "pengaduan", "anonim", "Judul laporan", "Isi \xff laporan yang cukup panjang sekali.", "", "fo\x1bto.jpg", jpeg)
	a := fuzzApp(f)
	h := a.Srv.Handler()
	count := func() int {
		_, n, err := a.DB.Complaints(context.Background(), store.ComplaintFilter{RegionCode: "31", Statuses: []complaint.Status{complaint.Received}})
		if err != nil {
			f.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, unitCode, regionCode, kind, privacy, title, body, email, filename string, file []byte) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"unit": unitCode, "region": regionCode, "kind": kind, "privacy": privacy, "title": title, "body": body, "email": email} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("files", filename)
		fw.Write(file)
		mw.Close()
		before := count()
		rec := serve(h, http.MethodPost, "/pengaduan", mw.FormDataContentType(), &buf)
		switch after := count(); {
		case rec.Code >= 500:
			t.Fatalf("status %d", rec.Code)
		case rec.Code != http.StatusSeeOther && after != before:
			t.Fatalf("refused (%d) but stored: %d → %d", rec.Code, before, after)
		case rec.Code == http.StatusSeeOther && after != before+1:
			t.Fatalf("accepted but %d → %d", before, after)
		}
	})
}
