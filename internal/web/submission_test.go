package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"mutu/internal/clock"
	"mutu/internal/skm"
)

// TestSameSubmissionEveryChannel: the same answers sent through the survey
// form, a kiosk and the JSON API are stored as the same response (profile
// options given by their labels, spaces around the suggestion).
func TestSameSubmissionEveryChannel(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	_, kioskToken := registerKiosk(t, a, a.login(t, "operator.ptsp"), "PTSP-31.72", "Tablet loket", "")

	form := url.Values{"age": {"35"}, "sex": {"Perempuan"}, "education": {"D4/S1"}, "occupation": {"Swasta"}, "saran": {"  Antrean tertib  "}}
	for i, n := range []string{"4", "3", "2", "4", "3", "4", "4", "3", "1"} {
		form.Set("u"+string(rune('1'+i)), n)
	}
	if res := a.post(t, a.client(t), "/s/PTSP-31.72", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("form: %d\n%s", res.StatusCode, res.Body)
	}
	body := `{%s"answers":{"u1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":1},` +
		`"profile":{"age":35,"sex":"Perempuan","education":"D4/S1","occupation":"Swasta"},"saran":"  Antrean tertib  "}`
	if res := postJSON(t, a, "/api/v1/units/PTSP-31.72/responses", fmt.Sprintf(body, `"channel":"kiosk",`), map[string]string{"X-Kiosk-Token": kioskToken}); res.StatusCode != http.StatusCreated {
		t.Fatalf("kiosk: %d\n%s", res.StatusCode, res.Body)
	}
	if res := postJSON(t, a, "/api/v1/units/PTSP-31.72/responses", fmt.Sprintf(body, ""), responsesKey(t, a)); res.StatusCode != http.StatusCreated {
		t.Fatalf("api: %d\n%s", res.StatusCode, res.Body)
	}

	u, err := a.DB.UnitByCode(ctx, "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	today := clock.LocalDate(a.DB.Now())
	stored, err := a.DB.ResponsesInRange(ctx, u.ID, skm.Range{From: today, To: today})
	if err != nil {
		t.Fatal(err)
	}
	byChannel := map[skm.Channel]skm.Response{}
	for _, r := range stored {
		byChannel[r.Channel] = r
	}
	want := byChannel[skm.Web]
	if want.Sex != "P" || want.Education != "s1" || want.Occupation != "swasta" || want.Age != 35 || want.Saran != "Antrean tertib" || want.Answers[8] != 1 {
		t.Fatalf("form response stored as %+v", want)
	}
	for _, ch := range []skm.Channel{skm.Kiosk, skm.API} {
		got, ok := byChannel[ch]
		if !ok {
			t.Fatalf("no %s response among %+v", ch, stored)
		}
		if got.Sex != want.Sex || got.Education != want.Education || got.Occupation != want.Occupation || got.Age != want.Age ||
			got.Saran != want.Saran || !slices.Equal(got.Answers, want.Answers) {
			t.Errorf("%s stored %+v\nform stored %+v", ch, got, want)
		}
	}
}
