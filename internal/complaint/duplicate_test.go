package complaint_test

import (
	"testing"

	"mutu/internal/complaint"
)

func TestNormalizeText(t *testing.T) {
	for in, want := range map[string]string{
		"Lampu jalan MATI!!":         "lampu jalan mati",
		"  lampu\tjalan\n\nmati ":    "lampu jalan mati",
		"Antrean, antrean... 3 jam?": "antrean antrean 3 jam",
		"":                           "",
		"!!!":                        "",
		"Pelayanan KTP-el di Koja":   "pelayanan ktp el di koja",
		"Ümlaut ÇA":                  "ümlaut ça",
	} {
		if got := complaint.NormalizeText(in); got != want {
			t.Errorf("NormalizeText(%q) = %q, want %q", in, got, want)
		}
	}
}
