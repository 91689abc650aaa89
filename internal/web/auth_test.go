package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/testutil"
	"mutu/internal/web"
)

// postFrom posts a form as if from the client address ip (the app trusts
// X-Forwarded-For).
func (a *app) postFrom(t *testing.T, c *http.Client, ip, path string, form url.Values) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", ip)
	return a.do(t, c, req)
}

// loginError is the error message of a sign-in page.
func loginError(body string) string {
	return regexpFind(body, `(?s)<div class="errors".*?</div>`)
}

// TestSignInThrottleNeverLocksTheOwnerOut: an attacker hammering a username
// gets growing waits, never a lock; an unknown username gets exactly the
// same answers; the owner signs in at once from a clean address.
func TestSignInThrottleNeverLocksTheOwnerOut(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.TrustProxy = true })
	wrong := func(username string) url.Values {
		return url.Values{"username": {username}, "password": {"bukan-sandinya"}}
	}
	var answers [2][]response
	for i, username := range []string{"admin.jakut", "tidak.ada"} {
		for range 5 {
			answers[i] = append(answers[i], a.postFrom(t, a.client(t), "203.0.113.9", "/masuk", wrong(username)))
		}
	}
	for n := range 5 {
		known, unknown := answers[0][n], answers[1][n]
		want := 401
		if n == 4 {
			want = 429
		}
		if known.StatusCode != want || unknown.StatusCode != want {
			t.Fatalf("attempt %d: known %d, unknown %d; want %d", n+1, known.StatusCode, unknown.StatusCode, want)
		}
		if !strings.Contains(known.Body, `<form method="post" action="/masuk"`) || loginError(known.Body) == "" || loginError(known.Body) != loginError(unknown.Body) {
			t.Fatalf("attempt %d: the answers differ:\n%s\n%s", n+1, loginError(known.Body), loginError(unknown.Body))
		}
		if known.Header.Get("Retry-After") != unknown.Header.Get("Retry-After") {
			t.Fatalf("attempt %d: Retry-After %q vs %q", n+1, known.Header.Get("Retry-After"), unknown.Header.Get("Retry-After"))
		}
	}
	if res := answers[0][4]; res.Header.Get("Retry-After") != "1" || !strings.Contains(res.Body, "Coba lagi dalam 1 detik") || strings.Contains(res.Body, "dikunci") {
		t.Fatalf("throttled answer: Retry-After %q, %s", res.Header.Get("Retry-After"), loginError(res.Body))
	}
	// The attacker goes on from many addresses.
	for i := range 10 {
		a.postFrom(t, a.client(t), fmt.Sprintf("198.51.100.%d", i+1), "/masuk", wrong("admin.jakut"))
	}
	// The owner, from an address with no failures, signs in at once.
	owner := a.client(t)
	right := url.Values{"username": {"admin.jakut"}, "password": {seed.DemoPassword}}
	if res := a.postFrom(t, owner, "192.0.2.1", "/masuk", right); res.StatusCode != 303 {
		t.Fatalf("the owner is kept out: %d %s", res.StatusCode, loginError(res.Body))
	}
	// An address that failed shares the username's wait, even with the
	// right password, until the wait is over: then it gets in (no lock).
	res := a.postFrom(t, a.client(t), "198.51.100.1", "/masuk", right)
	if res.StatusCode != 429 {
		t.Fatalf("failing address with the right password: %d", res.StatusCode)
	}
	a.advance(15 * time.Minute)
	if res := a.postFrom(t, a.client(t), "198.51.100.1", "/masuk", right); res.StatusCode != 303 {
		t.Fatalf("after the wait: %d %s", res.StatusCode, loginError(res.Body))
	}
	entries, _ := a.DB.AuditLog(t.Context(), store.AuditFilter{Action: "user.throttled"})
	if len(entries) != 1 || entries[0].ObjectID != "admin.jakut" {
		t.Errorf("throttling not audited once: %v", entries)
	}
}

// TestWrongCurrentPasswordIsThrottled: the change-password form counts a
// wrong current password like a wrong sign-in, under the same keys.
func TestWrongCurrentPasswordIsThrottled(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.TrustProxy = true })
	c := a.client(t)
	if res := a.postFrom(t, c, "192.0.2.5", "/masuk", url.Values{"username": {"pimpinan.jakut"}, "password": {seed.DemoPassword}}); res.StatusCode != 303 {
		t.Fatalf("login: %d", res.StatusCode)
	}
	change := url.Values{"current": {"bukan-sandinya"}, "password": {"kopi susu pagi hari"}, "confirm": {"kopi susu pagi hari"}}
	for i := 1; i <= 4; i++ {
		if res := a.postFrom(t, c, "192.0.2.5", "/akun/sandi", change); res.StatusCode != 422 || !strings.Contains(res.Body, "Kata sandi sekarang salah") {
			t.Fatalf("attempt %d: %d", i, res.StatusCode)
		}
	}
	res := a.postFrom(t, c, "192.0.2.5", "/akun/sandi", change)
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "1" || !strings.Contains(res.Body, "Coba lagi dalam 1 detik") {
		t.Fatalf("fifth wrong current password: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	// The same key as sign-in: a sign-in from this address waits too.
	if res := a.postFrom(t, a.client(t), "192.0.2.5", "/masuk", url.Values{"username": {"pimpinan.jakut"}, "password": {seed.DemoPassword}}); res.StatusCode != 429 {
		t.Fatalf("sign-in after wrong current passwords: %d", res.StatusCode)
	}
	a.advance(time.Second)
	change.Set("current", seed.DemoPassword)
	if res := a.postFrom(t, c, "192.0.2.5", "/akun/sandi", change); res.StatusCode != 303 {
		t.Fatalf("right current password after the wait: %d", res.StatusCode)
	}
}

// TestPasswordChangeEndsOtherSessions: on both engines and across two app
// nodes sharing the database, a password change ends the user's other
// sessions (the changing one stays), and an administrator's reset ends all.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testPasswordChangeEndsOtherSessions(t, demoDB(t)) })
	t.Run("postgres", func(t *testing.T) { testPasswordChangeEndsOtherSessions(t, seededDB(t, testutil.Postgres(t))) })
}

func testPasswordChangeEndsOtherSessions(t *testing.T, db *store.DB) {
	node1, node2 := newAppOn(t, db), newAppOn(t, db)
	signedIn := func(a *app, c *http.Client) bool {
		t.Helper()
		res := a.get(t, c, "/dasbor")
		if res.StatusCode == 200 && strings.Contains(res.Body, "Wali Kota Jakarta Utara") {
			return true
		}
		if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/masuk") {
			t.Fatalf("dashboard: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		return false
	}
	phone, laptop := node1.login(t, "pimpinan.jakut"), node2.login(t, "pimpinan.jakut")
	if !signedIn(node1, phone) || !signedIn(node2, laptop) {
		t.Fatal("not signed in on both")
	}
	res := node1.post(t, phone, "/akun/sandi", url.Values{"current": {seed.DemoPassword}, "password": {"kopi susu pagi hari"}, "confirm": {"kopi susu pagi hari"}})
	if res.StatusCode != 303 {
		t.Fatalf("change: %d", res.StatusCode)
	}
	if !signedIn(node1, phone) || !signedIn(node2, phone) {
		t.Error("the session that changed the password was signed out")
	}
	if signedIn(node2, laptop) || signedIn(node1, laptop) {
		t.Error("the other session survived the password change")
	}
	// The administrator resets the password: every session ends.
	admin := node2.login(t, "admin.jakut")
	res = node2.post(t, admin, "/kelola/pengguna/"+userID(t, node2, "pimpinan.jakut")+"/sandi", url.Values{"password": {"sementara-12345"}})
	if res.StatusCode != 303 {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if signedIn(node1, phone) {
		t.Error("a session survived the administrator's reset")
	}
	if res := node1.get(t, admin, "/kelola/pengguna"); res.StatusCode != 200 {
		t.Errorf("the administrator was signed out by the reset: %d", res.StatusCode)
	}
	entries, _ := db.AuditLog(t.Context(), store.AuditFilter{Action: "user.password"})
	if len(entries) != 2 || entries[0].Detail != "sessions ended" {
		t.Errorf("password changes not audited: %v", entries)
	}
}
