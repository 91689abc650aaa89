package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"mutu/internal/skm"
	"mutu/internal/store"
)

// storedBeforeEnglish is the standard instrument as stored before English
// answer labels existed (no labels_en, no kinerja_en), with U9's answers
// reworded by an administrator.
func storedBeforeEnglish(t *testing.T) string {
	t.Helper()
	b, _ := json.Marshal(skm.BuiltinByCode(skm.Current))
	var def map[string]any
	if err := json.Unmarshal(b, &def); err != nil {
		t.Fatal(err)
	}
	for _, e := range def["elements"].([]any) {
		e := e.(map[string]any)
		delete(e, "labels_en")
		if e["code"] == "U9" {
			e["labels"] = []any{"Buruk", "Kurang", "Cukup", "Bagus"}
		}
	}
	for _, c := range def["categories"].([]any) {
		delete(c.(map[string]any), "kinerja_en")
	}
	out, _ := json.Marshal(def)
	return string(out)
}

// TestInstrumentStoredWithoutEnglishLabels: a copy of the standard
// instrument seeded before English labels existed reads with the English
// labels of the versioned data, so English pages are English throughout;
// an answer an administrator reworded keeps its own (Indonesian) wording.
func TestInstrumentStoredWithoutEnglishLabels(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.Exec(ctx, `UPDATE skm_instruments SET definition = $1 WHERE code = $2`, storedBeforeEnglish(t), skm.Current); err != nil {
			t.Fatal(err)
		}
		in, err := db.Instrument(ctx, skm.Current)
		if err != nil {
			t.Fatal(err)
		}
		ref := skm.BuiltinByCode(skm.Current)
		for i, e := range in.Elements {
			want := ref.Elements[i].LabelsEN
			if e.Code == "U9" {
				want = [4]string{"Buruk", "Kurang", "Cukup", "Bagus"}
			}
			if got := e.LabelsIn(true); got != want {
				t.Errorf("%s in English: %q, want %q", e.Code, got, want)
			}
		}
		for i, c := range in.Categories {
			if c.KinerjaEN == "" || c.KinerjaEN != ref.Categories[i].KinerjaEN {
				t.Errorf("category %s in English: %q, want %q", c.Mutu, c.KinerjaEN, ref.Categories[i].KinerjaEN)
			}
		}
	})
}
