package web_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"mutu/internal/finding"
)

// TestFindingsExport: the findings list downloads as CSV and XLSX with the
// page's filters and nothing more; the only person named is the one
// responsible; an operator's file holds only their unit; a bad format is
// refused with 422.
func TestFindingsExport(t *testing.T) {
	a := newApp(t)
	ev := a.login(t, "evaluator.jakut")
	doc := mustBePage(t, a.get(t, ev, "/kelola/temuan?status=terbuka"), http.StatusOK, "h1#findings-page")
	links := findAll(doc, "#finding-exports a")
	if len(links) != 2 {
		t.Fatalf("%d export links", len(links))
	}
	href := attr(links[1], "href")
	if !strings.Contains(href, "status=terbuka") || !strings.Contains(href, "format=csv") {
		t.Fatalf("the CSV link loses the filter: %s", href)
	}
	shown := len(findAll(doc, "table.findings tbody tr"))
	res := a.get(t, ev, href)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\ufeff")))
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "unit_code,unit,wilayah,indikator,tingkat,status,terlambat,uraian,rekomendasi,penanggung_jawab,batas_waktu,tindak_lanjut,ditanggapi_pertama,ditutup,dicatat" {
		t.Errorf("header: %v", recs[0])
	}
	if shown == 0 || len(recs)-1 != shown {
		t.Errorf("%d rows in the file, %d on the page", len(recs)-1, shown)
	}
	for _, r := range recs[1:] {
		if r[5] != string(finding.Open) {
			t.Errorf("a row outside the filter: %v", r)
		}
	}
	if res := a.get(t, ev, "/kelola/temuan?format=xlsx"); res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Body, "PK") {
		t.Errorf("xlsx: %d", res.StatusCode)
	}
	if res := a.get(t, ev, "/kelola/temuan?format=pdf"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad format: %d", res.StatusCode)
	}

	op := a.login(t, "operator.ptsp")
	res = a.get(t, op, "/kelola/temuan?format=csv")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "PTSP-31.72;") {
		t.Fatalf("the operator's file: %d %.300s", res.StatusCode, res.Body)
	}
	for _, line := range strings.Split(strings.TrimSpace(strings.TrimPrefix(res.Body, "\ufeff")), "\r\n")[1:] {
		if !strings.HasPrefix(line, "PTSP-31.72;") {
			t.Errorf("another unit in the operator's file: %s", line)
		}
	}
}
