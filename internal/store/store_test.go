package store_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/testutil"
	"mutu/internal/unit"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// engines runs fn against a fresh, migrated database on SQLite and on
// PostgreSQL.
func engines(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, open(t, filepath.Join(t.TempDir(), "mutu.db")))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, open(t, testutil.Postgres(t)))
	})
}

func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

var admin = audit.Actor{UserID: "u1", Name: "tester"}

func loadDKI(t *testing.T, db *store.DB) []region.Region {
	t.Helper()
	rs, err := region.ParseCSV(bytes.NewReader(seed.DKIRegions()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.UpsertRegions(context.Background(), admin, rs, nil); err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestMigrateTwice(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		n, err := db.Migrate(context.Background())
		if err != nil || n != 0 {
			t.Fatalf("second migrate: n=%d err=%v, want 0 and nil", n, err)
		}
	})
}

func TestRegions(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var calls, last int
		rs, _ := region.ParseCSV(bytes.NewReader(seed.DKIRegions()), nil)
		if err := db.UpsertRegions(ctx, admin, rs, func(done, total int) { calls++; last = done }); err != nil {
			t.Fatal(err)
		}
		if last != 318 || calls != 1 {
			t.Errorf("progress: %d calls, last %d; want 1 call, 318", calls, last)
		}
		counts, err := db.RegionCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[region.Level]int{region.Province: 1, region.City: 6, region.District: 44, region.Village: 267}
		for l, n := range want {
			if counts[l] != n {
				t.Errorf("%s: %d, want %d", l, counts[l], n)
			}
		}
		cities, err := db.Children(ctx, "31")
		if err != nil || len(cities) != 6 || cities[0].Code != "31.01" || cities[2].Name != "Kota Administrasi Jakarta Utara" {
			t.Fatalf("children of 31: %v %v", cities, err)
		}
		path, err := db.RegionPath(ctx, "31.72.01.1001")
		if err != nil || len(path) != 4 || path[1].Code != "31.72" {
			t.Fatalf("path: %v %v", path, err)
		}
		if _, err := db.Region(ctx, "31.99"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown region: %v, want not found", err)
		}
		// Re-importing renames in place and keeps counts.
		rs[0].Name = "Provinsi DKI Jakarta"
		if err := db.UpsertRegions(ctx, admin, rs, nil); err != nil {
			t.Fatal(err)
		}
		if r, _ := db.Region(ctx, "31"); r.Name != "Provinsi DKI Jakarta" {
			t.Errorf("rename: %q", r.Name)
		}
		exist, err := db.RegionsExist(ctx, []string{"31.72", "31.72", "99.99"})
		if err != nil || !exist["31.72"] || exist["99.99"] {
			t.Errorf("exist: %v %v", exist, err)
		}
		entries, err := db.AuditLog(ctx, store.AuditFilter{Action: "region.import"})
		if err != nil || len(entries) != 2 || entries[0].ActorName != "tester" {
			t.Errorf("audit: %+v %v", entries, err)
		}
	})
}

func TestUnitImport(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		all := func(string) bool { return true }
		res, err := unit.Import(ctx, db, admin, all, bytes.NewReader(seed.SampleUnits()))
		if err != nil {
			t.Fatal(err)
		}
		if res.Units != 18 || res.Services < 18*4 {
			t.Errorf("import: %+v", res)
		}
		u, err := db.UnitByCode(ctx, "dkp-31.72")
		if err != nil {
			t.Fatal(err)
		}
		if u.TypeCode != "sudin_dukcapil" || len(u.Services) != 7 || u.Services[0].Code != "ktp-el" || u.Services[1].Code != "kartu-keluarga-kk" {
			t.Errorf("unit: %+v", u)
		}
		// A second import of the same file is refused whole, every row named.
		_, err = unit.Import(ctx, db, admin, all, bytes.NewReader(seed.SampleUnits()))
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || len(e.Fields) != 18 || e.Fields[0].Key != "unit.err.code_taken" || e.Fields[0].Row != 2 {
			t.Fatalf("re-import: %v", err)
		}
		// A file with one bad row stores nothing.
		bad := "unit_code,name,type,region_code,services\nNEW-1,Unit Baru,lainnya,31.72,A;B\nNEW-2,Unit Salah,lainnya,31.99,C\n"
		_, err = unit.Import(ctx, db, admin, all, strings.NewReader(bad))
		if e, ok := errs.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Row != 3 || e.Fields[0].Key != "region.err.unknown" {
			t.Fatalf("bad row: %v", err)
		}
		if _, err := db.UnitByCode(ctx, "NEW-1"); !errs.Is(err, errs.NotFound) {
			t.Errorf("NEW-1 stored despite a bad row: %v", err)
		}
		// Out of scope.
		jakut := func(c string) bool { return region.Within(c, "31.72") }
		other := "unit_code,name,type,region_code,services\nNEW-3,Unit Selatan,lainnya,31.74,A\n"
		_, err = unit.Import(ctx, db, admin, jakut, strings.NewReader(other))
		if e, ok := errs.As(err); !ok || e.Fields[0].Key != "err.out_of_scope" {
			t.Fatalf("out of scope: %v", err)
		}
	})
}

func TestUnitsListAndEdit(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		if _, err := unit.Import(ctx, db, admin, func(string) bool { return true }, bytes.NewReader(seed.SampleUnits())); err != nil {
			t.Fatal(err)
		}
		units, total, err := db.Units(ctx, store.UnitFilter{RegionCode: "31.72"})
		if err != nil || total != 9 || len(units) != 9 {
			t.Fatalf("units in 31.72: %d %d %v", total, len(units), err)
		}
		units, total, _ = db.Units(ctx, store.UnitFilter{RegionCode: "31.74", TypeCode: "puskesmas_kecamatan", Sort: "code", Limit: 2})
		if total != 4 || len(units) != 2 || units[0].Code != "PKM-31.74.03" {
			t.Fatalf("paged: %d %v", total, units)
		}
		units, _, _ = db.Units(ctx, store.UnitFilter{Query: "penjaringan"})
		if len(units) != 1 || units[0].Code != "PKM-31.72.01" {
			t.Fatalf("query: %v", units)
		}
		units, _, _ = db.Units(ctx, store.UnitFilter{Query: "100%_"})
		if len(units) != 0 {
			t.Fatalf("like metacharacters matched: %v", units)
		}
		counts, err := db.UnitCountsBelow(ctx, []string{"31.72", "31.74", "31.71", "31.72.01"})
		if err != nil || counts["31.72"] != 9 || counts["31.74"] != 9 || counts["31.71"] != 0 || counts["31.72.01"] != 1 {
			t.Fatalf("counts: %v %v", counts, err)
		}

		u, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		u.Phone, u.Website = "(021) 6691234", "https://puskesmas.example.go.id"
		if err := db.UpdateUnit(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		s := &unit.Service{Code: "pemeriksaan-gigi", Name: "Pemeriksaan gigi", Active: true}
		if err := db.SaveService(ctx, admin, u, s); err != nil {
			t.Fatal(err)
		}
		dup := &unit.Service{Code: "pemeriksaan-gigi", Name: "Lagi", Active: true}
		if err := db.SaveService(ctx, admin, u, dup); !errs.Is(err, errs.Conflict) {
			t.Fatalf("duplicate service code: %v", err)
		}
		if err := db.SetUnitActive(ctx, admin, u, false); err != nil {
			t.Fatal(err)
		}
		got, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		if got.Active || got.Phone != "(021) 6691234" || got.Services[len(got.Services)-1].Code != "pemeriksaan-gigi" {
			t.Fatalf("after edit: %+v", got)
		}
		_, total, _ = db.Units(ctx, store.UnitFilter{RegionCode: "31.72"})
		if total != 8 {
			t.Errorf("inactive unit still listed: %d", total)
		}
		dupUnit := unit.Unit{Code: "PTSP-31.72", Name: "x", TypeCode: "lainnya", RegionCode: "31.72"}
		if err := db.CreateUnit(ctx, admin, &dupUnit); !errs.Is(err, errs.Conflict) {
			t.Errorf("duplicate unit code: %v", err)
		}
		entries, _ := db.AuditLog(ctx, store.AuditFilter{RegionCode: "31.72.01"})
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if strings.Join(actions, ",") != "unit.deactivate,service.create,unit.update,unit.create" {
			t.Errorf("audit actions: %v", actions)
		}
	})
}

func TestAccounts(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		hash, _ := account.HashPassword("rahasia-sekali")
		u := &account.User{Username: "Budi", Name: "Budi", Role: account.Admin, RegionCode: "31.72", PasswordHash: hash}
		u.Validate()
		if err := db.CreateUser(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		again := &account.User{Username: "budi", Name: "B", Role: account.Leader, RegionCode: "31", PasswordHash: hash}
		if err := db.CreateUser(ctx, admin, again); !errs.Is(err, errs.Conflict) {
			t.Fatalf("duplicate username: %v", err)
		}
		got, err := db.UserByUsername(ctx, " BUDI ")
		if err != nil || got.ID != u.ID || !account.CheckPassword(got.PasswordHash, "rahasia-sekali") {
			t.Fatalf("by username: %+v %v", got, err)
		}
		if err := db.RecordLogin(ctx, got); err != nil {
			t.Fatal(err)
		}
		got, _ = db.UserByID(ctx, u.ID)
		if !got.LastLoginAt.Equal(now) || got.SessionEpoch != 0 {
			t.Fatalf("after login: %+v", got)
		}
		// Operators are scoped by units and listed under their units' region.
		if _, err := unit.Import(ctx, db, admin, func(string) bool { return true }, bytes.NewReader(seed.SampleUnits())); err != nil {
			t.Fatal(err)
		}
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.74")
		op := &account.User{Username: "op", Name: "Op", Role: account.Operator, UnitIDs: []string{ptsp.ID}, PasswordHash: hash}
		if err := db.CreateUser(ctx, admin, op); err != nil {
			t.Fatal(err)
		}
		users, _ := db.Users(ctx, "31.74")
		if len(users) != 1 || users[0].Username != "op" {
			t.Fatalf("users in 31.74: %v", users)
		}
		users, _ = db.Users(ctx, "")
		if len(users) != 2 {
			t.Fatalf("all users: %d", len(users))
		}
		back, _ := db.UserByID(ctx, op.ID)
		if len(back.UnitIDs) != 1 || back.UnitIDs[0] != ptsp.ID {
			t.Fatalf("unit scope: %v", back.UnitIDs)
		}
	})
}

func TestSessions(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
		s := db.Sessions()
		s.Now = func() time.Time { return now }
		if err := s.Commit("tok", []byte{0, 1, 2, 255}, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.Commit("tok", []byte{9}, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		b, ok, err := s.Find("tok")
		if err != nil || !ok || !bytes.Equal(b, []byte{9}) {
			t.Fatalf("find: %v %v %v", b, ok, err)
		}
		now = now.Add(2 * time.Hour)
		if _, ok, _ := s.Find("tok"); ok {
			t.Fatal("expired session found")
		}
		if err := s.DeleteExpired(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete("nope"); err != nil {
			t.Fatal(err)
		}
	})
}
