package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"mutu/internal/account"
	"mutu/internal/store"
)

// TestLoginThrottle: wrong passwords make later attempts wait, counted in
// the database under the username, the pair and the address; a clean
// address signs in while the username is under attack; nothing locks.
func TestLoginThrottle(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		attempt := func(username, ip string) time.Duration {
			t.Helper()
			wait, _, err := db.BeginLogin(ctx, username, ip)
			if err != nil {
				t.Fatal(err)
			}
			return wait
		}
		// The attacker's address: the pair's first four attempts go
		// through (the fourth failure is what makes the fifth wait).
		for i := 1; i <= 4; i++ {
			if w := attempt("admin", "203.0.113.9"); w != 0 {
				t.Fatalf("attempt %d waits %v", i, w)
			}
		}
		if w := attempt("Admin ", "203.0.113.9"); w != time.Second {
			t.Fatalf("fifth attempt: wait %v, want 1s", w)
		}
		// A waiting attempt changes nothing: the wait is the same.
		if w := attempt("admin", "203.0.113.9"); w != time.Second {
			t.Fatalf("repeated waiting attempt: %v", w)
		}
		now = now.Add(time.Second)
		if w := attempt("admin", "203.0.113.9"); w != 0 {
			t.Fatalf("after the wait: %v", w)
		}
		if w := attempt("admin", "203.0.113.9"); w != 2*time.Second {
			t.Fatalf("next wait %v, want 2s", w)
		}
		// Many more addresses guess; the username's count grows.
		for i := range 10 {
			if w := attempt("admin", fmt.Sprintf("198.51.100.%d", i+1)); w != 0 {
				t.Fatalf("first attempt of a new address waits %v", w)
			}
		}
		// A clean address still gets through at once…
		if w := attempt("admin", "192.0.2.1"); w != 0 {
			t.Fatalf("the owner's clean address waits %v", w)
		}
		if err := db.LoginSucceeded(ctx, "admin", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		// …while an address that failed once shares the username's wait.
		if w := attempt("admin", "198.51.100.1"); w < time.Minute {
			t.Fatalf("a failing address waits only %v", w)
		}
		// An unknown username is counted the same way.
		for range 4 {
			attempt("tidak.ada", "203.0.113.50")
		}
		if w := attempt("tidak.ada", "203.0.113.50"); w != time.Second {
			t.Fatalf("unknown username: wait %v", w)
		}
		// A correct password clears the pair: no wait next time.
		for range 4 {
			attempt("budi", "192.0.2.7")
		}
		if err := db.LoginSucceeded(ctx, "budi", "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		if w := attempt("budi", "192.0.2.7"); w != 0 {
			t.Fatalf("after a correct password: wait %v", w)
		}
		// Failures a day old are pruned; the attacker starts again.
		now = now.Add(account.FailureWindow + time.Second)
		if err := db.PruneLoginFailures(ctx); err != nil {
			t.Fatal(err)
		}
		if w := attempt("admin", "198.51.100.1"); w != 0 {
			t.Fatalf("after the window: %v", w)
		}
	})
}

// TestSetPasswordRaisesSessionEpoch: each password change raises the epoch
// that sessions are checked against.
func TestSetPasswordRaisesSessionEpoch(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadDKI(t, db)
		hash, _ := account.HashPassword("rahasia-sekali")
		u := &account.User{Username: "budi", Name: "Budi", Role: account.Admin, RegionCode: "31.72", PasswordHash: hash}
		if err := db.CreateUser(ctx, admin, u); err != nil {
			t.Fatal(err)
		}
		for want := 1; want <= 2; want++ {
			if err := db.SetPassword(ctx, admin, u, hash, false); err != nil {
				t.Fatal(err)
			}
			got, _ := db.UserByID(ctx, u.ID)
			if u.SessionEpoch != want || got.SessionEpoch != want {
				t.Fatalf("epoch %d / stored %d, want %d", u.SessionEpoch, got.SessionEpoch, want)
			}
		}
	})
}
