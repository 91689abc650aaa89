package standard_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/standard"
)

// TestPublicationInput: each kind of entry needs what proves it, and each
// refusal names its field.
func TestPublicationInput(t *testing.T) {
	now := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		in   standard.PublicationInput
		want map[string]string // field → key; empty: accepted
	}{
		{"website", standard.PublicationInput{Kind: "website", URL: " https://Dukcapil.Jakarta.go.id/standar "}, nil},
		{"social", standard.PublicationInput{Kind: "social", URL: "https://www.instagram.com/p/Cx1/#x"}, nil},
		{"board", standard.PublicationInput{Kind: "board", SeenOn: "2026-11-30", Photo: true}, nil},
		{"no kind", standard.PublicationInput{URL: "https://a.go.id"}, map[string]string{"place": "standard.err.publication_kind"}},
		{"unknown kind", standard.PublicationInput{Kind: "radio"}, map[string]string{"place": "standard.err.publication_kind"}},
		{"website without url", standard.PublicationInput{Kind: "website"}, map[string]string{"url": "err.required"}},
		{"ftp", standard.PublicationInput{Kind: "website", URL: "ftp://a.go.id/x"}, map[string]string{"url": "standard.err.url_scheme"}},
		{"javascript", standard.PublicationInput{Kind: "social", URL: "javascript:alert(1)"}, map[string]string{"url": "standard.err.url_scheme"}},
		{"no scheme", standard.PublicationInput{Kind: "website", URL: "dukcapil.jakarta.go.id"}, map[string]string{"url": "standard.err.url_scheme"}},
		{"password", standard.PublicationInput{Kind: "website", URL: "https://u:p@a.go.id"}, map[string]string{"url": "standard.err.url_user"}},
		{"space", standard.PublicationInput{Kind: "website", URL: "https://a.go.id/a b"}, map[string]string{"url": "standard.err.url"}},
		{"no host", standard.PublicationInput{Kind: "website", URL: "https:///x"}, map[string]string{"url": "standard.err.url"}},
		{"bad port", standard.PublicationInput{Kind: "website", URL: "https://a.go.id:99999/"}, map[string]string{"url": "standard.err.url"}},
		{"too long", standard.PublicationInput{Kind: "website", URL: "https://a.go.id/" + strings.Repeat("a", standard.MaxURL)}, map[string]string{"url": "err.too_long"}},
		{"website with photo", standard.PublicationInput{Kind: "website", URL: "https://a.go.id", Photo: true}, map[string]string{"photo": "standard.err.photo_board_only"}},
		{"board without photo", standard.PublicationInput{Kind: "board", SeenOn: "2026-11-30"}, map[string]string{"photo": "standard.err.photo_required"}},
		{"board without date", standard.PublicationInput{Kind: "board", Photo: true}, map[string]string{"seen_on": "err.required"}},
		{"board, bad date", standard.PublicationInput{Kind: "board", SeenOn: "30/11/2026", Photo: true}, map[string]string{"seen_on": "standard.err.date"}},
		{"board, future", standard.PublicationInput{Kind: "board", SeenOn: "2026-12-04", Photo: true}, map[string]string{"seen_on": "standard.err.seen_future"}},
		{"board with url", standard.PublicationInput{Kind: "board", URL: "https://a.go.id", SeenOn: "2026-11-30", Photo: true}, map[string]string{"url": "standard.err.url_board"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.in.Validate(now)
			got := map[string]string{}
			if e, ok := errs.As(err); ok {
				for _, f := range e.Fields {
					got[f.Name] = f.Key
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("errors %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
			if err == nil && p.Kind.Online() && p.URL == "" {
				t.Error("accepted without its URL")
			}
		})
	}
	p, _ := (&standard.PublicationInput{Kind: "website", URL: " HTTPS://Dukcapil.Jakarta.go.id/Standar "}).Validate(now)
	if p.URL != "https://dukcapil.jakarta.go.id/Standar" {
		t.Errorf("normalised %q", p.URL)
	}
}

// TestNamesVersion is the rule the link checker applies to a page.
func TestNamesVersion(t *testing.T) {
	v := &standard.Version{Number: 2, DecreeNumber: "e-0042/2026 (contoh)"}
	for text, want := range map[string]bool{
		"Standar Pelayanan KTP-el, SK Nomor E-0042/2026  (contoh)": true,
		"Standar pelayanan versi 2 berlaku mulai 1 Juli 2026":      true,
		"Service standard, Version 2":                              true,
		"standar\u00a0pelayanan versi\n2.":                         true,
		"Standar pelayanan versi 1":                                false,
		"Standar pelayanan versi 21":                               false,
		"Standar pelayanan KTP-el (unduh PDF)":                     false,
		"":                                                         false,
	} {
		if got := standard.NamesVersion(text, v); got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
	// Without a decree number, only "versi N" counts.
	if standard.NamesVersion("SK nomor", &standard.Version{Number: 1}) {
		t.Error("an empty decree number matched")
	}
}

// FuzzParsePublicationURL: whatever is typed, the parser does not panic,
// and what it accepts is an absolute http(s) URL with a host and no user
// that parses back to itself.
func FuzzParsePublicationURL(f *testing.F) {
	for _, s := range []string{"https://a.go.id/x?y=1#z", "http://[::1]:80/", "javascript:alert(1)", "https://u@h", "//h/x", "http://h:0", "https://%zz", " http://H "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, key := standard.ParsePublicationURL(raw)
		if key != "" {
			if got != "" {
				t.Fatalf("%q refused (%s) but returned %q", raw, key, got)
			}
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil {
			t.Fatalf("%q accepted as %q (%v)", raw, got, err)
		}
		if again, key := standard.ParsePublicationURL(got); key != "" || again != got {
			t.Fatalf("%q: %q parses again as %q (%s)", raw, got, again, key)
		}
	})
}
