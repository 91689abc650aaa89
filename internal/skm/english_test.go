package skm_test

import (
	"testing"

	"mutu/internal/skm"
)

func TestFillEnglish(t *testing.T) {
	ref := skm.BuiltinByCode(skm.Current)
	u1 := ref.Elements[0]
	for _, c := range []struct {
		name         string
		stored       skm.Element
		wantName     string
		wantLabelsEN [4]string
	}{
		{"stored before English", skm.Element{Code: "U1", Name: u1.Name, Labels: u1.Labels}, u1.NameEN, u1.LabelsEN},
		{"own English kept", skm.Element{Code: "U1", Name: u1.Name, NameEN: "Mine", Labels: u1.Labels, LabelsEN: [4]string{"a", "b", "c", "d"}}, "Mine", [4]string{"a", "b", "c", "d"}},
		{"reworded stays Indonesian", skm.Element{Code: "U1", Name: "Syarat", Labels: [4]string{"1", "2", "3", "4"}}, "", [4]string{}},
		{"unknown element", skm.Element{Code: "X1", Name: u1.Name, Labels: u1.Labels}, "", [4]string{}},
	} {
		in := &skm.Instrument{Code: skm.Current, Elements: []skm.Element{c.stored}, Categories: []skm.Category{{Mutu: "A", Kinerja: ref.Categories[0].Kinerja}}}
		in.FillEnglish(ref)
		if e := in.Elements[0]; e.NameEN != c.wantName || e.LabelsEN != c.wantLabelsEN {
			t.Errorf("%s: %q %q, want %q %q", c.name, e.NameEN, e.LabelsEN, c.wantName, c.wantLabelsEN)
		}
		if in.Categories[0].KinerjaEN != ref.Categories[0].KinerjaEN {
			t.Errorf("%s: category A in English %q", c.name, in.Categories[0].KinerjaEN)
		}
	}
	// Another instrument's data never fills this one.
	other := &skm.Instrument{Code: "lain", Elements: []skm.Element{{Code: "U1", Name: u1.Name, Labels: u1.Labels}}}
	other.FillEnglish(ref)
	if other.Elements[0].LabelsEN != [4]string{} {
		t.Errorf("filled from another instrument: %q", other.Elements[0].LabelsEN)
	}
}
