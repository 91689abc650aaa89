package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/contact"
	"mutu/internal/jobs"
)

// TestPrivacyErasesContactsAfterTheirYear: the identities on a year's
// user-contact list are erased once the year is over plus the grace
// period (to the minute, WIB), not before; a later year's stay; the
// counts stay.
func TestPrivacyErasesContactsAfterTheirYear(t *testing.T) {
	ctx := context.Background()
	db, pkm := sweepDB(t)
	db.Now = func() time.Time { return time.Date(2025, 12, 1, 3, 0, 0, 0, time.UTC) }
	served := time.Date(2025, 11, 3, 0, 0, 0, 0, clock.Jakarta)
	svc := pkm.Services[0].ID
	for year, name := range map[int]string{2025: "Siti Aminah", 2026: "Rina Wulandari"} {
		c := contact.Contact{ServiceID: svc, Name: name, Phone: "081234567890", ServedOn: served, ConsentOn: served, ConsentHow: contact.Oral}
		if err := db.AddContacts(ctx, audit.CLI, pkm, year, []contact.Contact{c}); err != nil {
			t.Fatal(err)
		}
	}
	p := &jobs.Privacy{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Retention: jobs.DefaultContactGrace,
		ContactGrace: jobs.DefaultContactGrace, AttachmentDir: t.TempDir()}
	held := func(year int) bool {
		t.Helper()
		list, err := db.Contacts(ctx, pkm.ID, year)
		if err != nil || len(list) != 1 {
			t.Fatalf("%d: %+v %v", year, list, err)
		}
		return list[0].Name != ""
	}
	// 2025's period ends at 1 Jan 2026 00.00 WIB; 90 days later is
	// 1 Apr 2026 00.00 WIB.
	due := time.Date(2026, 4, 1, 0, 0, 0, 0, clock.Jakarta)
	if res, err := p.Sweep(ctx, due.Add(-time.Minute)); err != nil || res.Contacts != 0 || !held(2025) {
		t.Fatalf("a minute early: %+v %v", res, err)
	}
	if res, err := p.Sweep(ctx, due); err != nil || res.Contacts != 1 || held(2025) || !held(2026) {
		t.Fatalf("when due: %+v %v", res, err)
	}
	if res, err := p.Sweep(ctx, due.AddDate(0, 6, 0)); err != nil || res.Contacts != 0 || !held(2026) {
		t.Fatalf("again: %+v %v", res, err)
	}
	if c, _ := db.ContactCounts(ctx, pkm.ID, 2025); c[svc] != 1 {
		t.Errorf("the count went: %v", c)
	}
}
