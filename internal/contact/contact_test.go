package contact_test

import (
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/contact"
	"mutu/internal/errs"
)

var (
	now      = time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC) // 24 Nov 2026 10.00 WIB
	services = map[string]string{"s1": "s1", "pbg": "s1", "persetujuan bangunan gedung": "s1", "s2": "s2"}
)

func good() contact.Input {
	return contact.Input{Service: "s1", Name: "  Siti   Aminah ", Phone: "+62 812-3456-7890", ServedOn: "2026-10-05",
		Consent: "1", ConsentHow: "tertulis", ConsentOn: "2026-11-24"}
}

// fieldsOf is "field:key" of each problem of err.
func fieldsOf(err error) []string {
	e, ok := errs.As(err)
	if !ok {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name+":"+f.Key)
	}
	return out
}

func TestValidate(t *testing.T) {
	c, err := good().Validate(now, services)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Siti Aminah" || c.Phone != "081234567890" || c.ServiceID != "s1" || c.ConsentHow != contact.Written ||
		!c.ServedOn.Equal(time.Date(2026, 10, 5, 0, 0, 0, 0, clock.Jakarta)) {
		t.Errorf("%+v", c)
	}
	for _, tc := range []struct {
		name string
		edit func(*contact.Input)
		want string
	}{
		{"service by code", func(in *contact.Input) { in.Service = "pbg" }, ""},
		{"service by name in capitals", func(in *contact.Input) { in.Service = "Persetujuan Bangunan Gedung" }, ""},
		{"consent as a file says it", func(in *contact.Input) { in.Consent = "Ya" }, ""},
		{"e-mail only", func(in *contact.Input) { in.Phone, in.Email = "", "siti@contoh.id" }, ""},
		{"served today", func(in *contact.Input) { in.ServedOn = "2026-11-24" }, ""},
		{"no consent", func(in *contact.Input) { in.Consent = "" }, "consent:contact.err.consent"},
		{"consent refused", func(in *contact.Input) { in.Consent = "tidak" }, "consent:contact.err.consent"},
		{"unknown way of consent", func(in *contact.Input) { in.ConsentHow = "telepati" }, "consent_how:contact.err.consent_how"},
		{"no consent date", func(in *contact.Input) { in.ConsentOn = "" }, "consent_on:err.required"},
		{"no service", func(in *contact.Input) { in.Service = " " }, "service:err.required"},
		{"another unit's service", func(in *contact.Input) { in.Service = "s9" }, "service:contact.err.service"},
		{"no name", func(in *contact.Input) { in.Name = "" }, "name:err.required"},
		{"long name", func(in *contact.Input) { in.Name = strings.Repeat("a", 121) }, "name:err.too_long"},
		{"no way to reach", func(in *contact.Input) { in.Phone = "" }, "phone:contact.err.reach"},
		{"letters in the phone", func(in *contact.Input) { in.Phone = "0812-CALL-ME" }, "phone:contact.err.phone"},
		{"short phone", func(in *contact.Input) { in.Phone = "0812345" }, "phone:contact.err.phone"},
		{"plus inside", func(in *contact.Input) { in.Phone = "0812+34567890" }, "phone:contact.err.phone"},
		{"bad e-mail", func(in *contact.Input) { in.Email = "Siti <siti@contoh.id>" }, "email:contact.err.email"},
		{"bad date", func(in *contact.Input) { in.ServedOn = "5 Okt 2026" }, "served_on:contact.err.date"},
		{"served tomorrow (WIB)", func(in *contact.Input) { in.ServedOn = "2026-11-25" }, "served_on:contact.err.future"},
		{"consent tomorrow", func(in *contact.Input) { in.ConsentOn = "2026-11-25" }, "consent_on:contact.err.future"},
	} {
		in := good()
		tc.edit(&in)
		_, err := in.Validate(now, services)
		got := strings.Join(fieldsOf(err), ",")
		if got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseYear(t *testing.T) {
	for s, want := range map[string]int{"2022": 2022, " 2026 ": 2026, "2027": 2027, "2021": 0, "2028": 0, "": 0, "dua ribu": 0} {
		y, err := contact.ParseYear(s, now)
		if y != want || (err == nil) != (want != 0) {
			t.Errorf("%q: %d %v", s, y, err)
		}
	}
}

// TestClosedThrough: a year's list is due once its year has ended in WIB.
func TestClosedThrough(t *testing.T) {
	newYear := time.Date(2026, 1, 1, 0, 0, 0, 0, clock.Jakarta) // 31 Dec 2025 17.00 UTC
	if got := contact.ClosedThrough(newYear.Add(-time.Second)); got != 2024 {
		t.Errorf("a second before the new year: %d", got)
	}
	if got := contact.ClosedThrough(newYear); got != 2025 {
		t.Errorf("at the new year: %d", got)
	}
}

func TestProgress(t *testing.T) {
	for _, tc := range []struct {
		n, pct int
		done   bool
	}{{0, 0, false}, {1, 6, false}, {14, 93, false}, {15, 100, true}, {40, 100, true}} {
		p := contact.Progress{Count: tc.n}
		if p.Percent() != tc.pct || p.Done() != tc.done {
			t.Errorf("%d: %d%% %v", tc.n, p.Percent(), p.Done())
		}
	}
}

func TestParseCSV(t *testing.T) {
	header := "Layanan;Nama;Telepon;Email;Tanggal Layanan;Persetujuan;Cara Persetujuan;Tanggal Persetujuan\r\n"
	cs, err := contact.ParseCSV(strings.NewReader("\ufeff"+header+
		"pbg;Siti;0812 3456 7890;;2026-10-01;ya;lisan;2026-10-01\r\n"+
		"s2;Siti;0812 3456 7890;;2026-10-01;ya;lisan;2026-10-01\r\n"), now, services)
	if err != nil || len(cs) != 2 || cs[0].Line != 2 || cs[1].ServiceID != "s2" {
		t.Fatalf("%+v %v", cs, err)
	}
	_, err = contact.ParseCSV(strings.NewReader(header+
		"pbg;Siti;081234567890;;2026-10-01;ya;lisan;2026-10-01\n"+
		"pbg;Siti A.;+62 812 3456 7890;;2026-10-01;ya;lisan;2026-10-01\n"+
		"s2;Budi;;;2026-13-01;;lisan;2026-10-01\n"), now, services)
	e, ok := errs.As(err)
	if !ok || e.Key != "contact.err.rows" {
		t.Fatalf("%v", err)
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Name+"@"+string(rune('0'+f.Row)))
	}
	if want := "nama@3,telepon@4,tanggal layanan@4,persetujuan@4"; strings.Join(got, ",") != want {
		t.Errorf("problems %v, want %s", got, want)
	}
	if _, err := contact.ParseCSV(strings.NewReader("nama;telepon\nSiti;0812\n"), now, services); err == nil {
		t.Error("a file without the required columns")
	}
}
