package web_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mutu/internal/skm"
	"mutu/internal/store"
)

// TestEnglishPagesOfAnInstrumentStoredWithoutEnglish: a deployment whose
// standard instrument was stored before English answer labels existed
// shows English answers and grades on English pages all the same.
func TestEnglishPagesOfAnInstrumentStoredWithoutEnglish(t *testing.T) {
	demoDB(t) // the demo template, copied below and changed before opening
	b, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	def, _ := json.Marshal(skm.BuiltinByCode(skm.Current))
	var m map[string]any
	json.Unmarshal(def, &m)
	for _, e := range m["elements"].([]any) {
		delete(e.(map[string]any), "labels_en")
	}
	for _, c := range m["categories"].([]any) {
		delete(c.(map[string]any), "kinerja_en")
	}
	def, _ = json.Marshal(m)
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE skm_instruments SET definition = $1 WHERE code = $2`, string(def), skm.Current); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := newAppOn(t, db)

	res := getIn(t, a, nil, "en", "/s/PTSP-31.72")
	doc := mustBePage(t, res, http.StatusOK, "input[name=u1]")
	answers := textOf(doc, "main .choices span")
	for _, want := range []string{"Very appropriate", "Free", "Well managed"} {
		if !strings.Contains(answers, want) {
			t.Errorf("English survey lacks the answer %q: %q", want, answers)
		}
	}
	if strings.Contains(answers, "Sangat sesuai") || strings.Contains(answers, "Gratis") {
		t.Errorf("English survey shows Indonesian answer labels: %q", answers)
	}

	res = getIn(t, a, a.login(t, "admin.jakut"), "en", "/kelola/skm/unit/PTSP-31.72?p=2026")
	doc = mustBePage(t, res, http.StatusOK, "h2#profil")
	card := textOf(doc, "main .card")
	if !strings.Contains(card, "Service grade: Poor") {
		t.Errorf("English unit SKM page lacks the grade in English (C: Poor): %q", card)
	}
	for _, id := range []string{"Sangat Baik", "Kurang Baik", "Tidak Baik", ": Baik"} {
		if strings.Contains(card, id) {
			t.Errorf("English unit SKM page names the grade in Indonesian (%q): %q", id, card)
		}
	}
}
