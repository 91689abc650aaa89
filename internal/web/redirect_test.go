package web

import "testing"

// TestLocalPath: redirect targets from requests stay on this site, in
// every spelling a browser (or a decoding proxy) could read as another.
func TestLocalPath(t *testing.T) {
	for _, p := range []string{
		"/", "/kelola/unit", "/kelola/unit?q=sunter+jaya&hal=2", "/kelola/unit?q=a%20b", "/lacak/ABC-123#riwayat",
		"/unit/PKM-31.72.01", "/s/PKM-31.72.01/imunisasi", "/wilayah/31.72?x=%2F%2Fok", "/@user", "/a:b",
	} {
		if got := localPath(p); got != p {
			t.Errorf("localPath(%q) = %q, want it kept", p, got)
		}
	}
	for _, p := range []string{
		"", "evil", "evil.example/x", "https://evil.example", "https:evil.example", "http:/evil", "javascript:alert(1)",
		"//evil", "//evil.example/x", "///evil", "/\\evil", "\\\\evil", "/\\/evil", "/a\\b",
		"/\t/evil", "/\n/evil", "/\r\n/evil", " //evil", "/ /evil", "/x\x00", "/\x00", "/\x7f", "/\u0085evil", "/\u00a0/evil", "/\u3000/evil",
		"/%2F%2Fevil", "/%2f%2fevil", "/%2F/evil", "/%5Cevil", "/%5cevil", "/%09/evil", "/%0A/evil", "/%00", "/%E2%80%A8evil",
		"/\xff", "/%ff", "/%zz", "/%",
	} {
		if got := localPath(p); got != "/" {
			t.Errorf("localPath(%q) = %q, want /", p, got)
		}
	}
}
