package web_test

import (
	"strings"
	"testing"

	"mutu/internal/complaint"
	"mutu/internal/i18n"
	"mutu/internal/store"
)

// TestComplaintDashboardSelectors: the complaint dashboard offers a year
// and a unit; one unit's figures are those of its reports.
func TestComplaintDashboardSelectors(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	ptsp, err := a.DB.UnitByCode(ctx, "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	var reports []complaint.Report
	f := store.ComplaintFilter{RegionCode: "31.72", Unit: ptsp.ID, ReceivedFrom: "2026-01-01", ReceivedTo: "2026-12-31"}
	if err := a.DB.EachComplaint(ctx, f, func(r *complaint.Report) error { reports = append(reports, *r); return nil }); err != nil {
		t.Fatal(err)
	}
	want := complaint.Summarize(reports)
	s := a.login(t, "pimpinan.jakut")
	all := a.get(t, s, "/kelola/pengaduan-dasbor?tahun=2026")
	one := a.get(t, s, "/kelola/pengaduan-dasbor?tahun=2026&unit=PTSP-31.72")
	for _, res := range []response{all, one} {
		if res.StatusCode != 200 || !strings.Contains(res.Body, `<form class="filters" id="stats-filters"`) || !strings.Contains(res.Body, `<option value="2026" selected>2026</option>`) {
			t.Fatalf("complaint dashboard without its selectors: %d", res.StatusCode)
		}
	}
	if !strings.Contains(all.Body, `<option value="PTSP-31.72">`) {
		t.Error("the unit selector does not list the PTSP")
	}
	if want.Total == 0 || !strings.Contains(one.Body, `<option value="PTSP-31.72" selected>`) ||
		!strings.Contains(one.Body, `<div class="bigstat">`+i18n.Int(i18n.ID, int64(want.Total))+`</div>`) {
		t.Errorf("one unit's dashboard: want %d reports", want.Total)
	}
	if strings.Contains(one.Body, `<div class="bigstat">`+firstMatch(t, `<div class="bigstat">([^<]*)</div>`, all.Body, "all")+`</div>`) {
		t.Error("the unit's total is the whole city's")
	}
	if res := a.get(t, s, "/kelola/pengaduan-dasbor?tahun=2025"); !strings.Contains(res.Body, `<option value="2025" selected>2025</option>`) {
		t.Error("the year selector does not keep 2025")
	}
}
