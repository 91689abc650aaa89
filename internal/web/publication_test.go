package web_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/i18n"
	"mutu/internal/standard"
	"mutu/internal/store"
	"mutu/internal/web"
)

// TestPublicationRegisterForms: the unit's operator records where a
// standard is published; refused input comes back by field with nothing
// stored (no row, no file, no audit); entries show their latest link
// check in WIB; removal needs its confirmation and is audited; readers
// see the register without the forms; another unit's operator cannot
// remove an entry.
func TestPublicationRegisterForms(t *testing.T) {
	dir := t.TempDir()
	a := newApp(t, func(c *web.Config) { c.AttachmentDir = dir })
	ctx := t.Context()
	u, pbg := serviceCode(t, a, "PTSP-31.72", "Persetujuan Bangunan Gedung (PBG)")
	op := a.login(t, "operator.ptsp")
	page := "/kelola/standar/unit/PTSP-31.72"
	post := func(fields url.Values, file string, data []byte) response {
		ct, body := multipartForm(t, fields, "photo", file, data)
		if file == "" {
			ct, body = multipartForm(t, fields, "", "", nil)
		}
		req, _ := http.NewRequest(http.MethodPost, a.URL+page+"/publikasi", body)
		req.Header.Set("Content-Type", ct)
		return a.do(t, op, req)
	}
	doc := mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#standards-page")
	if len(findAll(doc, "form#publication-form")) != 1 || len(findAll(doc, "table.publications tbody tr.publication")) != 0 {
		t.Fatalf("the register's form is missing, or the register is not empty: %d %d", len(findAll(doc, "form#publication-form")), len(findAll(doc, "table.publications tbody tr.publication")))
	}
	today := a.DB.Now().In(clock.Jakarta).Format("2006-01-02")
	tomorrow := a.DB.Now().In(clock.Jakarta).AddDate(0, 0, 1).Format("2006-01-02")
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	for _, tc := range []struct {
		name   string
		fields url.Values
		file   string
		data   []byte
		errors []string
	}{
		{"no url", url.Values{"service": {pbg}, "place": {"website"}}, "", nil, []string{"url"}},
		{"ftp", url.Values{"service": {pbg}, "place": {"website"}, "url": {"ftp://ptsp.jakarta.go.id/pbg"}}, "", nil, []string{"url"}},
		{"not a url", url.Values{"service": {pbg}, "place": {"social"}, "url": {"instagram ptsp"}}, "", nil, []string{"url"}},
		{"loopback", url.Values{"service": {pbg}, "place": {"website"}, "url": {"http://127.0.0.1:8080/unit"}}, "", nil, []string{"url"}},
		{"localhost", url.Values{"service": {pbg}, "place": {"website"}, "url": {"http://localhost/unit"}}, "", nil, []string{"url"}},
		{"metadata", url.Values{"service": {pbg}, "place": {"website"}, "url": {"http://169.254.169.254/latest"}}, "", nil, []string{"url"}},
		{"private v6", url.Values{"service": {pbg}, "place": {"website"}, "url": {"http://[fd00::1]/"}}, "", nil, []string{"url"}},
		{"decimal ip", url.Values{"service": {pbg}, "place": {"website"}, "url": {"http://2130706433/"}}, "", nil, []string{"url"}},
		{"board without photo or date", url.Values{"service": {pbg}, "place": {"board"}}, "", nil, []string{"photo", "seen_on"}},
		{"board, pdf", url.Values{"service": {pbg}, "place": {"board"}, "seen_on": {today}}, "papan.pdf", pdf, []string{"photo"}},
		{"board, future", url.Values{"service": {pbg}, "place": {"board"}, "seen_on": {tomorrow}}, "papan.png", pngBytes(t), []string{"seen_on"}},
		{"website with photo", url.Values{"service": {pbg}, "place": {"website"}, "url": {"https://ptsp.jakarta.go.id/pbg"}}, "papan.png", pngBytes(t), []string{"photo"}},
		{"no place", url.Values{"service": {pbg}, "url": {"https://ptsp.jakarta.go.id/pbg"}}, "", nil, []string{"place"}},
		{"unknown service", url.Values{"service": {"XX"}, "place": {"website"}, "url": {"https://ptsp.jakarta.go.id/pbg"}}, "", nil, []string{"service"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := mustBePage(t, post(tc.fields, tc.file, tc.data), http.StatusUnprocessableEntity, "h1#standards-page")
			for _, f := range tc.errors {
				if len(findAll(doc, "#e-"+f)) != 1 {
					t.Errorf("no message for %s", f)
				}
			}
			if n := len(findAll(doc, "#kesalahan li")); n != len(tc.errors) {
				t.Errorf("%d messages, want %d", n, len(tc.errors))
			}
			if v := tc.fields.Get("url"); v != "" && valueOf(findAll(doc, "#f-url")[0]) != v {
				t.Errorf("the refused address is not shown again")
			}
		})
	}
	ps, _ := a.DB.UnitPublications(ctx, u.ID)
	entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{Action: "publication.add"})
	if files, _ := os.ReadDir(filepath.Join(dir, "bukti")); len(ps) != 0 || len(entries) != 0 || len(files) != 0 {
		t.Fatalf("refused input left %d entries, %d audit rows, %d evidence directories", len(ps), len(entries), len(files))
	}

	if res := post(url.Values{"service": {pbg}, "place": {"website"}, "url": {"https://ptsp.jakarta.go.id/standar/pbg"}}, "", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("website: %d %s", res.StatusCode, res.Body)
	}
	if res := post(url.Values{"service": {pbg}, "place": {"board"}, "seen_on": {today}}, "papan.png", pngBytes(t)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("board: %d %s", res.StatusCode, res.Body)
	}
	ps, _ = a.DB.UnitPublications(ctx, u.ID)
	if len(ps) != 2 {
		t.Fatalf("%d entries", len(ps))
	}
	var site, board standard.Publication
	for _, p := range ps {
		if p.Kind == standard.Website {
			site = p
		} else {
			board = p
		}
	}
	// The checker's result, as the staff see it.
	due, err := a.DB.ClaimDuePublications(ctx, "test", a.DB.Now(), time.Minute, 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due %v, %v", due, err)
	}
	at := a.DB.Now()
	if _, err := a.DB.RecordPublicationCheck(ctx, &due[0], "test", standard.LinkCheck{At: at, Status: 200, Millis: 87, Version: 1, Names: standard.NamesNo}, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	doc = mustBePage(t, a.get(t, op, page), http.StatusOK, "h1#standards-page")
	row := "table.publications tr[data-publication=" + site.ID + "]"
	if got := textOf(doc, row+" .check-answers"); got != "Dapat dibuka (HTTP 200, 87 ms)" {
		t.Errorf("answers %q", got)
	}
	if got := textOf(doc, row+" .check-misses"); got != "Tidak menyebut versi 1 yang berlaku" {
		t.Errorf("names %q", got)
	}
	if got := textOf(doc, row+" .link-check"); !strings.Contains(got, "Diperiksa "+i18n.DateTime(i18n.ID, at)) || !strings.Contains(got, "WIB") {
		t.Errorf("checked at: %q", got)
	}
	if got := textOf(doc, "table.publications tr[data-publication="+board.ID+"] ul.evidence a"); got != "papan.png" {
		t.Errorf("board photo %q", got)
	}

	// Readers see the register, not the forms.
	leader := a.login(t, "pimpinan.jakut")
	doc = mustBePage(t, a.get(t, leader, page), http.StatusOK, "h1#standards-page")
	if len(findAll(doc, "table.publications tr.publication")) != 2 || len(findAll(doc, "form#publication-form")) != 0 ||
		len(findAll(doc, "table.publications form")) != 0 {
		t.Error("a reader's register")
	}

	remove := page + "/publikasi/" + site.ID + "/hapus"
	mustBePage(t, a.post(t, op, remove, url.Values{}), http.StatusUnprocessableEntity, "#e-"+site.ID+"-confirmed")
	other := a.login(t, "operator.pkm")
	if res := a.post(t, other, remove, url.Values{"confirmed": {"1"}}); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("another unit's operator: %d", res.StatusCode)
	}
	if ps, _ := a.DB.UnitPublications(ctx, u.ID); len(ps) != 2 {
		t.Fatalf("%d entries after refused removals", len(ps))
	}
	if res := a.post(t, op, remove, url.Values{"confirmed": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if res := a.post(t, op, remove, url.Values{"confirmed": {"1"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("removing twice: %d", res.StatusCode)
	}
	if ps, _ := a.DB.UnitPublications(ctx, u.ID); len(ps) != 1 || ps[0].ID != board.ID {
		t.Errorf("after removal %+v", ps)
	}
	for action, want := range map[string]int{"publication.add": 2, "publication.remove": 1} {
		if entries, _ := a.DB.AuditLog(ctx, store.AuditFilter{Action: action}); len(entries) != want || entries[0].ActorName == "" {
			t.Errorf("%s: %d audit rows, want %d", action, len(entries), want)
		}
	}
}

// TestPublicationAllowPrivate: with the allowance for local test servers,
// a private address is accepted.
func TestPublicationAllowPrivate(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.LinkCheckPrivate = true })
	_, pbg := serviceCode(t, a, "PTSP-31.72", "Persetujuan Bangunan Gedung (PBG)")
	op := a.login(t, "operator.ptsp")
	ct, body := multipartForm(t, url.Values{"service": {pbg}, "place": {"website"}, "url": {"http://127.0.0.1:8080/unit/PTSP-31.72"}}, "", "", nil)
	req, _ := http.NewRequest(http.MethodPost, a.URL+"/kelola/standar/unit/PTSP-31.72/publikasi", body)
	req.Header.Set("Content-Type", ct)
	if res := a.do(t, op, req); res.StatusCode != http.StatusSeeOther {
		t.Errorf("local address with the allowance: %d %s", res.StatusCode, res.Body)
	}
}
