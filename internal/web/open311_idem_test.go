package web_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestOpen311Idempotency: an Open311 client retrying a POST with its
// Idempotency-Key gets the first report back and files nothing new, also
// when the retries race; the same key with other fields is a 409; a key
// belongs to its api_key. On SQLite and PostgreSQL, through the handler,
// every exchange checked against the OpenAPI document.
func TestOpen311Idempotency(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *app{
		"sqlite":   func(t testing.TB) *app { return newApp(t) },
		"postgres": newPostgresApp,
	} {
		t.Run(name, func(t *testing.T) { testOpen311Idempotency(t, open(t)) })
	}
}

func testOpen311Idempotency(t *testing.T, a *app) {
	h := checkContract(t, a.Srv.Handler())
	first, second := newKey(t, a, "31.72"), newKey(t, a, "31.72")
	post := func(format string, form url.Values, idemKey string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/open311/v2/requests."+format, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if idemKey != "" {
			req.Header.Set("Idempotency-Key", idemKey)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	created := func(rec *httptest.ResponseRecorder, format string) (id, notice string) {
		t.Helper()
		if rec.Code != http.StatusCreated {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		var list []specRequest
		if format == "json" {
			if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
				t.Fatal(err)
			}
		} else {
			var x specRequests
			if err := xml.Unmarshal(rec.Body.Bytes(), &x); err != nil {
				t.Fatal(err)
			}
			list = x.Requests
		}
		if len(list) != 1 || !uuidRE.MatchString(list[0].ID) {
			t.Fatalf("answer: %s", rec.Body)
		}
		return list[0].ID, list[0].ServiceNotice
	}
	count := func() int {
		t.Helper()
		_, total, err := a.DB.Complaints(context.Background(), storeFilterAll())
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	before := count()

	form := form311(first)
	rec := post("json", form, "retry-1")
	id, notice := created(rec, "json")
	if codeRE.FindString(notice) == "" || rec.Header().Get("Idempotent-Replayed") != "" {
		t.Fatalf("first answer: %q, replayed %q", notice, rec.Header().Get("Idempotent-Replayed"))
	}
	// The retry (in either format) is the first report, without its code.
	for _, format := range []string{"json", "xml"} {
		rec := post(format, form, "retry-1")
		again, notice := created(rec, format)
		if again != id || rec.Header().Get("Idempotent-Replayed") != "true" {
			t.Errorf("%s retry: id %s (first %s), replayed %q", format, again, id, rec.Header().Get("Idempotent-Replayed"))
		}
		if codeRE.FindString(notice) != "" || !strings.Contains(notice, "Idempotency-Key") {
			t.Errorf("%s retry notice: %q", format, notice)
		}
	}
	if n := count(); n != before+1 {
		t.Fatalf("%d reports filed, want 1", n-before)
	}

	// The same key with other fields is refused, naming the key.
	other := form311(first, "description", "Jalan berlubang besar di depan sekolah, membahayakan anak-anak.")
	wantO311Error(t, "/open311/v2/requests.json", recorded(post("json", other, "retry-1")), http.StatusConflict, "Idempotency-Key")
	// A key too long is refused; nothing is filed.
	wantO311Error(t, "/open311/v2/requests.json", recorded(post("json", other, strings.Repeat("k", 129))), http.StatusBadRequest, "Idempotency-Key")
	if n := count(); n != before+1 {
		t.Fatalf("refused requests filed %d reports", n-before-1)
	}

	// Another client's key of the same name is its own.
	if theirs, _ := created(post("json", form311(second), "retry-1"), "json"); theirs == id {
		t.Fatal("another api_key's request got the first client's report")
	}

	// Racing retries of one new request file one report, and all answer it.
	before = count()
	race := form311(first, "description", "Antrean loket kependudukan mengular sampai jalan raya setiap pagi.")
	ids := make([]string, 6)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := post("json", race, "race-1")
			var list []specRequest
			if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &list) != nil || len(list) != 1 {
				t.Errorf("racing request: %d %s", rec.Code, rec.Body)
				return
			}
			ids[i] = list[0].ID
		}()
	}
	wg.Wait()
	for _, x := range ids {
		if x != ids[0] {
			t.Errorf("racing requests answered different reports: %v", ids)
			break
		}
	}
	if n := count(); n != before+1 {
		t.Errorf("racing requests filed %d reports, want 1", n-before)
	}
}

// recorded turns a recorder into the response the helpers read.
func recorded(rec *httptest.ResponseRecorder) response {
	return response{StatusCode: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
}
