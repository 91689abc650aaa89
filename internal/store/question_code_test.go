package store_test

import (
	"context"
	"testing"

	"mutu/internal/audit"
	"mutu/internal/store"
)

// TestQuestionCodes: a unit's own questions are coded Q1, Q2… in the order
// they were added; hiding one keeps every code, and a new one never takes
// a used code.
func TestQuestionCodes(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		ptsp, _ := db.UnitByCode(ctx, "PTSP-31.72")
		other, _ := db.UnitByCode(ctx, "PTSP-31.74")
		add := func(unitID, text string) {
			t.Helper()
			if err := db.AddQuestion(ctx, audit.CLI, unitID, "31.72", text); err != nil {
				t.Fatal(err)
			}
		}
		codes := func(unitID string, activeOnly bool) string {
			t.Helper()
			qs, err := db.Questions(ctx, unitID, activeOnly)
			if err != nil {
				t.Fatal(err)
			}
			out := ""
			for _, q := range qs {
				out += q.Code + ":" + q.Text + " "
			}
			return out
		}
		add(ptsp.ID, "a")
		add(ptsp.ID, "b")
		add(other.ID, "x")
		qs, _ := db.Questions(ctx, ptsp.ID, true)
		if err := db.SetQuestionActive(ctx, audit.CLI, ptsp.ID, "31.72", qs[0].ID, false); err != nil {
			t.Fatal(err)
		}
		add(ptsp.ID, "c")
		if got := codes(ptsp.ID, true); got != "Q2:b Q3:c " {
			t.Errorf("active: %q", got)
		}
		if got := codes(ptsp.ID, false); got != "Q1:a Q2:b Q3:c " {
			t.Errorf("all: %q", got)
		}
		if got := codes(other.ID, true); got != "Q1:x " {
			t.Errorf("another unit: %q", got)
		}
	})
}
