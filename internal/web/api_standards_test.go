package web_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestUnitStandardsAPI: the standards in force with their six public
// components, never the internal ones; a unit without standards answers an
// empty list; an unknown unit is 404. Every answer is checked against the
// OpenAPI document by the test client.
func TestUnitStandardsAPI(t *testing.T) {
	a := newApp(t)
	res := a.get(t, nil, "/api/v1/units/DKP-31.72/standards")
	var got struct {
		Unit      string `json:"unit"`
		Standards []struct {
			Service struct{ Code, Name string } `json:"service"`
			Version int                         `json:"version"`
			Time    struct {
				Value int    `json:"value"`
				Unit  string `json:"unit"`
			} `json:"time"`
			Requirements []string `json:"requirements"`
			URL          string   `json:"url"`
		} `json:"standards"`
	}
	if err := json.Unmarshal([]byte(res.Body), &got); err != nil || res.StatusCode != 200 || got.Unit != "DKP-31.72" || len(got.Standards) == 0 {
		t.Fatalf("standards: %d %v %s", res.StatusCode, err, res.Body)
	}
	var ktp bool
	for _, s := range got.Standards {
		if s.Service.Name != "KTP-el" {
			continue
		}
		ktp = true
		// Version 2 (in force since July 2026) says one working day.
		if s.Version != 2 || s.Time.Value != 1 || s.Time.Unit != "hari_kerja" || len(s.Requirements) == 0 ||
			!strings.HasSuffix(s.URL, "/unit/DKP-31.72/layanan/"+s.Service.Code) {
			t.Errorf("KTP-el: %+v", s)
		}
		if page := a.get(t, nil, strings.TrimPrefix(s.URL, a.URL)); page.StatusCode != 200 {
			t.Errorf("%s: %d", s.URL, page.StatusCode)
		}
	}
	if !ktp {
		t.Errorf("no KTP-el standard: %s", res.Body)
	}
	for _, internal := range []string{"legal_basis", "facilities", "staffing", "internal"} {
		if strings.Contains(res.Body, `"`+internal+`"`) {
			t.Errorf("an internal component (%s) is published", internal)
		}
	}
	if res := a.get(t, nil, "/api/v1/units/PKM-31.72.04/standards"); res.StatusCode != 200 || !strings.Contains(res.Body, `"standards":[]`) {
		t.Errorf("a unit without standards: %d %s", res.StatusCode, res.Body)
	}
	if res := a.get(t, nil, "/api/v1/units/TIDAK-ADA/standards"); res.StatusCode != 404 {
		t.Errorf("unknown unit: %d", res.StatusCode)
	}
}
