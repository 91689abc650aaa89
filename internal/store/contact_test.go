package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/contact"
	"mutu/internal/errs"
	"mutu/internal/store"
)

// TestServiceContacts: contacts are added all or none, the same person is
// refused twice for one service and year, the counts per service stay
// when the identities are erased (by an administrator now, or by the
// retention job once the year is over, in batches), and no audit row
// holds an identity.
func TestServiceContacts(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		db.Now = func() time.Time { return time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC) }
		dkp, err := db.UnitByCode(ctx, "DKP-31.72")
		if err != nil {
			t.Fatal(err)
		}
		selatan, err := db.UnitByCode(ctx, "DKP-31.74")
		if err != nil {
			t.Fatal(err)
		}
		served := time.Date(2025, 6, 2, 0, 0, 0, 0, clock.Jakarta)
		person := func(svc, name, phone, email string) contact.Contact {
			return contact.Contact{ServiceID: svc, Name: name, Phone: phone, Email: email, ServedOn: served, ConsentOn: served, ConsentHow: contact.Written}
		}
		s0, s1 := dkp.Services[0].ID, dkp.Services[1].ID
		if err := db.AddContacts(ctx, admin, dkp, 2025, []contact.Contact{
			person(s0, "Siti Aminah", "081234567890", ""), person(s0, "Budi Hartono", "", "budi@contoh.id"), person(s1, "Siti Aminah", "081234567890", ""),
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddContacts(ctx, admin, dkp, 2026, []contact.Contact{person(s0, "Rina Wulandari", "085711112222", "")}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddContacts(ctx, admin, selatan, 2025, []contact.Contact{person(selatan.Services[0].ID, "Agus Salim", "081399998888", "")}); err != nil {
			t.Fatal(err)
		}
		// The same person again for the same service and year (by e-mail,
		// in other capitals) is refused, and the new contact beside it too.
		dup := person(s0, "Budi H.", "", "Budi@Contoh.ID")
		dup.Line = 3
		err = db.AddContacts(ctx, admin, dkp, 2025, []contact.Contact{person(s0, "Dewi Lestari", "081211113333", ""), dup})
		if e, ok := errs.As(err); !ok || e.Code != errs.Conflict || len(e.Fields) != 1 || e.Fields[0].Row != 3 || e.Fields[0].Key != "contact.err.duplicate" {
			t.Fatalf("duplicate: %v", err)
		}
		counts := func(u string, year int) map[string]int {
			t.Helper()
			c, err := db.ContactCounts(ctx, u, year)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if c := counts(dkp.ID, 2025); c[s0] != 2 || c[s1] != 1 || len(c) != 2 {
			t.Fatalf("2025 counts %v", c)
		}
		list, err := db.Contacts(ctx, dkp.ID, 2025)
		if err != nil || len(list) != 3 || list[0].RecordedBy != "tester" || list[0].ConsentHow != contact.Written || !list[0].ServedOn.Equal(served) {
			t.Fatalf("list %+v %v", list, err)
		}
		if err := db.ContactsViewed(ctx, admin, dkp, 2025, 3); err != nil {
			t.Fatal(err)
		}

		// The retention job's batches: 2025 is over (cutoff in 2026).
		last := contact.ClosedThrough(db.Now())
		if last != 2025 {
			t.Fatalf("closed through %d", last)
		}
		total := 0
		for {
			n, err := db.EraseExpiredContacts(ctx, last, 2)
			if err != nil {
				t.Fatal(err)
			}
			total += n
			if n < 2 {
				break
			}
		}
		if total != 4 {
			t.Fatalf("erased %d, want the four of 2025", total)
		}
		if n, err := db.EraseExpiredContacts(ctx, last, 2); n != 0 || err != nil {
			t.Fatalf("again: %d %v", n, err)
		}
		list, _ = db.Contacts(ctx, dkp.ID, 2025)
		for _, c := range list {
			if c.Name != "" || c.Phone != "" || c.Email != "" || !c.Erased() {
				t.Errorf("not erased: %+v", c)
			}
		}
		if c := counts(dkp.ID, 2025); c[s0] != 2 || c[s1] != 1 {
			t.Fatalf("counts after erasure %v", c)
		}
		// 2026 is still held; an administrator erases it now.
		if list, _ := db.Contacts(ctx, dkp.ID, 2026); len(list) != 1 || list[0].Name != "Rina Wulandari" {
			t.Fatalf("2026 %+v", list)
		}
		if n, err := db.EraseContacts(ctx, admin, dkp, 2026); n != 1 || err != nil {
			t.Fatalf("erase now: %d %v", n, err)
		}
		if list, _ := db.Contacts(ctx, dkp.ID, 2026); len(list) != 1 || list[0].Name != "" || counts(dkp.ID, 2026)[s0] != 1 {
			t.Fatalf("2026 after erasure %+v", list)
		}
		// Once erased, the same person may be listed again.
		if err := db.AddContacts(ctx, admin, dkp, 2026, []contact.Contact{person(s0, "Rina Wulandari", "085711112222", "")}); err != nil {
			t.Fatal(err)
		}

		entries, err := db.AuditLog(ctx, store.AuditFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range entries {
			for _, secret := range []string{"Siti", "Budi", "Rina", "Agus", "0812", "0857", "contoh.id"} {
				if strings.Contains(e.ObjectLabel+e.Detail+e.ObjectID, secret) {
					t.Errorf("audit row %s holds %q: %+v", e.Action, secret, e)
				}
			}
			seen[e.Action]++
			if e.Action == "privacy.contact_retention" && e.RegionCode == "31" {
				seen["province"]++ // the batch with both cities' contacts
			}
			if e.Action == "privacy.contact_retention" && (e.ActorName != "sistem" || e.RegionCode != "31" && e.RegionCode != "31.72") {
				t.Errorf("retention row %+v", e)
			}
		}
		if seen["contact.add"] != 4 || seen["contact.view"] != 1 || seen["contact.erase"] != 1 || seen["privacy.contact_retention"] != 2 || seen["province"] != 1 {
			t.Errorf("audit %v", seen)
		}
	})
}
