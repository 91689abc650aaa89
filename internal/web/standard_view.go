package web

import (
	"mutu/internal/i18n"
	"mutu/internal/standard"
)

// TimeLimit is a time limit as people read it: "15 menit", "1 hari kerja".
func (v *view) TimeLimit(t standard.TimeLimit) string {
	key := "standard.unit."
	if t.Value == 1 {
		key = "standard.unit1." // English "1 working day"; Indonesian has no plural
	}
	return v.Int(t.Value) + " " + v.T(key+string(t.Unit))
}

// Fee is a fee as people read it: "Gratis", "Rp 50.000", or a charge set
// by regulation.
func (v *view) Fee(f standard.Fee) string {
	switch f.Kind {
	case standard.Fixed:
		return "Rp " + i18n.Int(v.Lang, f.AmountRp)
	case standard.Regulated:
		return v.T("standard.fee.retribusi")
	}
	return v.T("standard.fee.gratis")
}
