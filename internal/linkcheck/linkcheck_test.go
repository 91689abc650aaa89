package linkcheck_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mutu/internal/linkcheck"
)

// TestPublic is the SSRF guard's table of addresses.
func TestPublic(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8":              true,
		"103.28.52.10":         true, // a .go.id host
		"2001:4860:4860::8888": true,
		"127.0.0.1":            false,
		"127.255.0.9":          false,
		"10.1.2.3":             false,
		"172.16.0.1":           false,
		"172.31.255.255":       false,
		"172.32.0.1":           true,
		"192.168.1.1":          false,
		"169.254.169.254":      false, // cloud metadata
		"100.64.0.1":           false, // CGNAT
		"100.127.255.254":      false,
		"100.128.0.1":          true,
		"0.0.0.0":              false,
		"224.0.0.1":            false,
		"239.255.255.250":      false,
		"255.255.255.255":      false,
		"198.18.0.1":           false,
		"::":                   false,
		"::1":                  false,
		"::ffff:127.0.0.1":     false, // IPv4-mapped loopback
		"::ffff:10.0.0.1":      false,
		"::ffff:8.8.8.8":       true,
		"::127.0.0.1":          false, // IPv4-compatible
		"fe80::1":              false,
		"fe80::1%eth0":         false,
		"fc00::1":              false,
		"fd12:3456::1":         false,
		"ff02::1":              false,
		"64:ff9b::7f00:1":      false, // NAT64 of 127.0.0.1
		"64:ff9b::808:808":     true,  // NAT64 of 8.8.8.8
		"2002:7f00:1::1":       false, // 6to4 of 127.0.0.1
		"2002:a00:1::1":        false, // 6to4 of 10.0.0.1
		"2002:808:808::1":      true,
		"2001:db8::1":          false,
		"2001:0:4136:e378::1":  false, // Teredo
		"64:ff9b:1::a00:1":     false,
	} {
		ip, err := netip.ParseAddr(addr)
		if err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		if got := linkcheck.Public(ip); got != want {
			t.Errorf("Public(%s) = %v, want %v", addr, got, want)
		}
	}
	if linkcheck.Public(netip.Addr{}) {
		t.Error("the zero address is public")
	}
}

// TestGuardCheck: the dial-time check with and without the allowances.
func TestGuardCheck(t *testing.T) {
	own := netip.MustParseAddrPort("127.0.0.1:8080")
	for _, tc := range []struct {
		guard   linkcheck.Guard
		address string
		ok      bool
	}{
		{linkcheck.Guard{}, "8.8.8.8:443", true},
		{linkcheck.Guard{}, "[2001:4860:4860::8888]:443", true},
		{linkcheck.Guard{}, "127.0.0.1:80", false},
		{linkcheck.Guard{}, "[::1]:80", false},
		{linkcheck.Guard{}, "[::ffff:169.254.169.254]:80", false},
		{linkcheck.Guard{}, "localhost:80", false}, // not resolved: refused
		{linkcheck.Guard{}, "", false},
		{linkcheck.Guard{AllowPrivate: true}, "127.0.0.1:80", true},
		{linkcheck.Guard{AllowPrivate: true}, "[fe80::1]:80", true},
		{linkcheck.Guard{Allow: []netip.AddrPort{own}}, "127.0.0.1:8080", true},
		{linkcheck.Guard{Allow: []netip.AddrPort{own}}, "[::ffff:127.0.0.1]:8080", true},
		{linkcheck.Guard{Allow: []netip.AddrPort{own}}, "127.0.0.1:8081", false}, // another port of the machine
		{linkcheck.Guard{Allow: []netip.AddrPort{own}}, "10.0.0.1:8080", false},
	} {
		err := tc.guard.Check(tc.address)
		if (err == nil) != tc.ok {
			t.Errorf("%+v.Check(%q) = %v, want ok=%v", tc.guard, tc.address, err, tc.ok)
		}
	}
}

// server is a test site counting its requests.
type server struct {
	*httptest.Server
	hits atomic.Int32
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func page(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}
}

// TestFetchRefusesPrivateAddresses: without the allowance nothing on
// this machine is fetched, by literal address, by a name that resolves to
// it, or by a redirect from an allowed site; the private site is never
// called.
func TestFetchRefusesPrivateAddresses(t *testing.T) {
	ctx := context.Background()
	private := newServer(t, page("<p>rahasia</p>"))
	port := private.URL[strings.LastIndex(private.URL, ":")+1:]
	strict := linkcheck.NewFetcher(&linkcheck.Guard{}, 2*time.Second)
	for _, raw := range []string{private.URL + "/", "http://localhost:" + port + "/", "http://[::1]:" + port + "/", "http://2130706433:" + port + "/"} {
		res := strict.Fetch(ctx, raw)
		if res.Status != 0 || !strings.Contains(res.Err, "not a public address") && res.Err != "name not found" {
			t.Errorf("%s: %+v, want refused", raw, res)
		}
	}
	// A site the guard allows (standing in for a public one) redirects
	// to the private one: the redirect is refused at its connection.
	redirector := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, private.URL+"/admin", http.StatusFound)
	})
	u, _ := url.Parse(redirector.URL)
	g := &linkcheck.Guard{Allow: []netip.AddrPort{netip.MustParseAddrPort(u.Host)}}
	res := linkcheck.NewFetcher(g, 2*time.Second).Fetch(ctx, redirector.URL+"/standar")
	if res.Status != 0 || !strings.Contains(res.Err, "not a public address") || redirector.hits.Load() != 1 {
		t.Errorf("redirect to a private address: %+v (redirector hit %d times)", res, redirector.hits.Load())
	}
	if n := private.hits.Load(); n != 0 {
		t.Errorf("the private site was called %d times", n)
	}
	for _, raw := range []string{"file:///etc/passwd", "gopher://x/", "::"} {
		if res := strict.Fetch(ctx, raw); res.Err == "" || res.Status != 0 {
			t.Errorf("%s: %+v", raw, res)
		}
	}
}

// TestFetch: with the allowance (local test servers) the fetcher reports
// the answer, its time and the page's text; it stops at the timeout, at
// too many redirects and after MaxBody bytes, and says who it is.
func TestFetch(t *testing.T) {
	ctx := context.Background()
	f := linkcheck.NewFetcher(&linkcheck.Guard{AllowPrivate: true}, 300*time.Millisecond)
	var agent atomic.Value
	ok := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		agent.Store(r.UserAgent())
		page(`<html><head><title>Standar KTP-el</title><script>var versi = "versi 9";</script></head><body><h1>Standar pelayanan</h1><p>SK nomor e-0042/2026</p></body></html>`)(w, r)
	})
	res := f.Fetch(ctx, ok.URL)
	if res.Status != 200 || !res.HTML || res.Err != "" || !strings.Contains(res.Text, "SK nomor e-0042/2026") || !strings.Contains(res.Text, "Standar KTP-el") ||
		strings.Contains(res.Text, "versi 9") {
		t.Errorf("page: %+v", res)
	}
	if a, _ := agent.Load().(string); a != linkcheck.UserAgent {
		t.Errorf("User-Agent %q", a)
	}

	notFound := newServer(t, http.NotFound)
	if res := f.Fetch(ctx, notFound.URL+"/hilang"); res.Status != 404 || res.Err != "" {
		t.Errorf("404: %+v", res)
	}

	pdf := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4 versi 2"))
	})
	if res := f.Fetch(ctx, pdf.URL); res.Status != 200 || res.HTML || res.Text != "" {
		t.Errorf("pdf: %+v", res)
	}

	release := make(chan struct{})
	slow := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	start := time.Now()
	if res := f.Fetch(ctx, slow.URL); res.Status != 0 || res.Err != "timeout" || time.Since(start) > 5*time.Second {
		t.Errorf("slow site: %+v after %s", res, time.Since(start))
	}

	loop := newServer(t, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path+"x", http.StatusFound) })
	if res := f.Fetch(ctx, loop.URL+"/"); res.Status != 0 || !strings.Contains(res.Err, "redirects") || loop.hits.Load() != linkcheck.MaxRedirects+1 {
		t.Errorf("redirect loop: %+v after %d requests", res, loop.hits.Load())
	}

	// The version named after the first MiB is not read.
	big := newServer(t, page("<p>"+strings.Repeat("isi ", linkcheck.MaxBody/4)+"</p><p>versi 2</p>"))
	if res := f.Fetch(ctx, big.URL); res.Status != 200 || strings.Contains(res.Text, "versi 2") || len(res.Text) > linkcheck.MaxBody+16 {
		t.Errorf("big page: status %d, %d bytes of text", res.Status, len(res.Text))
	}
}
