package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"mutu/internal/audit"
	"mutu/internal/skm"
	"mutu/internal/store"
)

// instrumentAnswer is GET /api/v1/units/{code}/instrument as a client reads it.
type instrumentAnswer struct {
	Unit       string `json:"unit"`
	Instrument string `json:"instrument"`
	Elements   []struct {
		Code     string            `json:"code"`
		Name     map[string]string `json:"name"`
		Question map[string]string `json:"question"`
		Answers  []struct {
			Score int               `json:"score"`
			Label map[string]string `json:"label"`
		} `json:"answers"`
	} `json:"elements"`
	Questions []struct{ Code, Text string } `json:"questions"`
	Services  []struct{ Code, Name string } `json:"services"`
	Profile   struct {
		AgeMin int `json:"age_min"`
		AgeMax int `json:"age_max"`
		Sex    []struct {
			Code  string            `json:"code"`
			Label map[string]string `json:"label"`
		} `json:"sex"`
		Education  []struct{ Code string } `json:"education"`
		Occupation []struct{ Code string } `json:"occupation"`
	} `json:"profile"`
	MaxSaran int `json:"max_saran"`
}

// ownQuestions gives DKP-31.72 three questions and hides the first, so
// that its questions are Q2 and Q3.
func ownQuestions(t *testing.T, a *app) *store.Question {
	t.Helper()
	ctx := t.Context()
	u, err := a.DB.UnitByCode(ctx, "DKP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"Apakah petugas memakai seragam?", "Berapa lama Anda menunggu?", "Dari mana Anda tahu layanan ini?"} {
		if err := a.DB.AddQuestion(ctx, audit.CLI, u.ID, u.RegionCode, text); err != nil {
			t.Fatal(err)
		}
	}
	qs, err := a.DB.Questions(ctx, u.ID, false)
	if err != nil || len(qs) != 3 {
		t.Fatalf("questions %+v %v", qs, err)
	}
	if err := a.DB.SetQuestionActive(ctx, audit.CLI, u.ID, u.RegionCode, qs[0].ID, false); err != nil {
		t.Fatal(err)
	}
	return &qs[0]
}

// TestInstrumentAPI: a client fetches the instrument of a unit, builds a
// response from it alone (element codes, answer scores, the unit's own
// questions by code, a service, profile codes) and posts it.
func TestInstrumentAPI(t *testing.T) {
	a := newApp(t)
	hidden := ownQuestions(t, a)
	res := a.get(t, nil, "/api/v1/units/DKP-31.72/instrument")
	var got instrumentAnswer
	if err := json.Unmarshal([]byte(res.Body), &got); err != nil || res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("instrument: %d %v %s", res.StatusCode, err, res.Body)
	}
	in := skm.BuiltinByCode(skm.Current)
	if got.Unit != "DKP-31.72" || got.Instrument != skm.Current || len(got.Elements) != 9 {
		t.Fatalf("instrument: %+v", got)
	}
	for i, e := range got.Elements {
		want := in.Elements[i]
		if e.Code != want.Code || e.Name["id"] != want.Name || e.Name["en"] != want.NameEN || e.Question["id"] != want.Question || e.Question["en"] == "" || len(e.Answers) != 4 {
			t.Errorf("element %d: %+v", i, e)
			continue
		}
		for j, ans := range e.Answers {
			if ans.Score != j+1 || ans.Label["id"] != want.Labels[j] || ans.Label["en"] != want.LabelsEN[j] || ans.Label["en"] == "" {
				t.Errorf("%s answer %d: %+v", e.Code, j, ans)
			}
		}
	}
	if got.Elements[0].Question["id"] != "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?" ||
		got.Elements[7].Code != "U8" || got.Elements[7].Answers[3].Label["id"] != "Dikelola dengan baik" {
		t.Errorf("U1/U8 as methods.md words them: %+v %+v", got.Elements[0], got.Elements[7])
	}
	// Hidden questions are not offered; the others keep their codes.
	if len(got.Questions) != 2 || got.Questions[0].Code != "Q2" || got.Questions[1].Code != "Q3" ||
		got.Questions[1].Text != "Dari mana Anda tahu layanan ini?" || hidden.Code != "Q1" {
		t.Errorf("questions: %+v (hidden %s)", got.Questions, hidden.Code)
	}
	if len(got.Services) == 0 || !slices.ContainsFunc(got.Services, func(s struct{ Code, Name string }) bool { return s.Code == "ktp-el" && s.Name != "" }) {
		t.Errorf("services: %+v", got.Services)
	}
	p := got.Profile
	if len(p.Sex) != 2 || p.Sex[0].Code != "L" || p.Sex[0].Label["id"] != "Laki-laki" || p.Sex[0].Label["en"] != "Male" ||
		len(p.Education) != len(skm.Educations) || len(p.Occupation) != len(skm.Occupations) || p.AgeMin != skm.MinAge || p.AgeMax != skm.MaxAge || got.MaxSaran != skm.MaxSaran {
		t.Errorf("profile: %+v", p)
	}

	// A response built from the instrument alone is accepted.
	answers := map[string]int{}
	for i, e := range got.Elements {
		answers[e.Code] = e.Answers[i%4].Score
	}
	body, _ := json.Marshal(map[string]any{"service": got.Services[0].Code, "answers": answers,
		"extra":   map[string]string{got.Questions[1].Code: "Dari spanduk", got.Questions[0].Code: "10 menit"},
		"profile": map[string]any{"sex": p.Sex[1].Code, "education": p.Education[0].Code, "occupation": p.Occupation[0].Code, "age": 30}})
	if res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", string(body), responsesKey(t, a)); res.StatusCode != http.StatusCreated {
		t.Errorf("response built from the instrument: %d %s", res.StatusCode, res.Body)
	}

	for _, path := range []string{"/api/v1/units/TIDAK-ADA/instrument", "/api/v1/units/%00/instrument"} {
		if res := a.get(t, nil, path); res.StatusCode/100 != 4 || !strings.Contains(res.Body, `"error"`) {
			t.Errorf("%s: %d %s", path, res.StatusCode, res.Body)
		}
	}
}

// TestResponsesAPIByCodes: answers are keyed by element code and the unit's
// own questions by their codes, whatever their position; a wrong code is a
// 422 that names the field, and nothing is stored.
func TestResponsesAPIByCodes(t *testing.T) {
	a := newApp(t)
	ownQuestions(t, a)
	key := responsesKey(t, a)
	const answers = `"answers":{"U1":4,"U2":3,"U3":2,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":3}`
	post := func(device, rest string) response {
		return postJSON(t, a, "/api/v1/units/DKP-31.72/responses", `{"device":"`+device+`",`+answers+rest+`}`, key)
	}
	before := countResponses(t, a, "DKP-31.72")
	for name, tc := range map[string]struct{ rest, field, says string }{
		"hidden question":       {`,"extra":{"Q1":"ya"}`, "extra.Q1", "Pertanyaan tambahan tidak dikenal"},
		"unknown question":      {`,"extra":{"Q9":"ya"}`, "extra.Q9", "Pertanyaan tambahan tidak dikenal"},
		"element as a question": {`,"extra":{"U1":"ya"}`, "extra.U1", "Pertanyaan tambahan tidak dikenal"},
		"answer not text":       {`,"extra":{"Q2":5}`, "extra", "objek kode pertanyaan"},
		"too many in a list":    {`,"extra":["a","b","c"]`, "extra", "(2)"},
	} {
		res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", `{`+answers+tc.rest+`}`, key)
		var e struct {
			Error struct {
				Fields []struct{ Field, Message string } `json:"fields"`
			} `json:"error"`
		}
		json.Unmarshal([]byte(res.Body), &e)
		if res.StatusCode != 422 || len(e.Error.Fields) != 1 || e.Error.Fields[0].Field != tc.field || !strings.Contains(e.Error.Fields[0].Message, tc.says) {
			t.Errorf("%s: %d %s", name, res.StatusCode, res.Body)
		}
	}
	// Elements are named by their place in the body, not by the form's inputs.
	for _, tc := range []struct{ body, field string }{
		{strings.Replace(answers, `"U3":2,`, ``, 1), `"field":"answers.U3"`},
		{strings.Replace(answers, `"U3":2,`, `"U10":2,`, 1), `"field":"answers.U10"`},
		{strings.Replace(answers, `"U3":2,`, `"U3":7,`, 1), `"field":"answers.U3"`},
	} {
		if res := postJSON(t, a, "/api/v1/units/DKP-31.72/responses", `{`+tc.body+`}`, key); res.StatusCode != 422 || !strings.Contains(res.Body, tc.field) {
			t.Errorf("%s: %d %s", tc.body, res.StatusCode, res.Body)
		}
	}
	if got := countResponses(t, a, "DKP-31.72"); got != before {
		t.Fatalf("refused responses stored: %d", got-before)
	}

	// By code in any order and case; the list of before (in the questions'
	// order) is read as the same answers: the second is a double submission.
	if res := post("hp-1", `,"extra":{"q3":"Dari spanduk","Q2":" 10 menit "}`); res.StatusCode != http.StatusCreated {
		t.Fatalf("by code: %d %s", res.StatusCode, res.Body)
	}
	if res := post("hp-1", `,"extra":["10 menit","Dari spanduk"]`); res.StatusCode != http.StatusConflict {
		t.Errorf("the same answers as a list: %d %s", res.StatusCode, res.Body)
	}
	if res := post("hp-1", `,"extra":["Dari spanduk","10 menit"]`); res.StatusCode != http.StatusCreated {
		t.Errorf("other answers as a list: %d %s", res.StatusCode, res.Body)
	}
	if got := countResponses(t, a, "DKP-31.72"); got != before+2 {
		t.Errorf("stored %d, want 2", got-before)
	}
}

// TestSurveyFormOwnQuestionsByCode: the survey form names the inputs of the
// unit's own questions by code, so a hidden question shifts no answer.
func TestSurveyFormOwnQuestionsByCode(t *testing.T) {
	a := newApp(t)
	ownQuestions(t, a)
	res := a.get(t, nil, "/s/DKP-31.72")
	doc := mustBePage(t, res, 200, "input#f-q3[name=q3]")
	if len(findAll(doc, "input#f-q2[name=q2]")) != 1 || len(findAll(doc, "input#f-q1")) != 0 ||
		!strings.Contains(res.Body, `<label for="f-q3">Dari mana Anda tahu layanan ini?`) {
		t.Errorf("own questions on the form:\n%s", res.Body)
	}
	form := url.Values{"q3": {"Dari spanduk"}, "q1": {"hidden meanwhile"}}
	for i := range 9 {
		form.Set(fmt.Sprintf("u%d", i+1), "4")
	}
	if res := a.post(t, a.client(t), "/s/DKP-31.72", form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("form: %d %s", res.StatusCode, res.Body)
	}
}
