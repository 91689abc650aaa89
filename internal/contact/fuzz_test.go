package contact_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/contact"
	"mutu/internal/errs"
)

// FuzzParseCSV: any file is either contacts that pass Validate or an
// app error naming rows, never a panic.
func FuzzParseCSV(f *testing.F) {
	f.Add("layanan,nama,telepon,email,tanggal_layanan,persetujuan,cara_persetujuan,tanggal_persetujuan\ns1,Siti,0812345678,,2026-10-05,1,tertulis,2026-11-24\n")
	f.Add("a,b\n\"unterminated")
	f.Add("")
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, clock.Jakarta)
	f.Fuzz(func(t *testing.T, body string) {
		cs, err := contact.ParseCSV(strings.NewReader(body), now, services)
		var e *errs.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("not an app error: %v", err)
		}
		for _, c := range cs {
			if c.Name == "" || c.ServiceID == "" {
				t.Fatalf("a contact without name or service: %+v", c)
			}
		}
	})
}
