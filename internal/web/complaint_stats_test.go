package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/complaint"
	"mutu/internal/i18n"
	"mutu/internal/store"
	"mutu/internal/web"
)

// TestComplaintDashboardFigures checks the dashboard's figures, read from
// the rollups, against the reports themselves, for a city leader and for
// an operator (who sees the reports their units received or handle).
func TestComplaintDashboardFigures(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	for _, c := range []struct {
		user string
		f    store.ComplaintFilter
	}{
		{"pimpinan.jakut", store.ComplaintFilter{RegionCode: "31.72"}},
		{"operator.ptsp", store.ComplaintFilter{}},
	} {
		f := c.f
		if c.user == "operator.ptsp" {
			u, err := a.DB.UnitByCode(ctx, "PTSP-31.72")
			if err != nil {
				t.Fatal(err)
			}
			f.UnitIDs, f.AssignedTo = []string{u.ID}, []string{u.ID}
		}
		f.ReceivedFrom, f.ReceivedTo = "2026-01-01", "2026-12-31"
		var reports []complaint.Report
		if err := a.DB.EachComplaint(ctx, f, func(r *complaint.Report) error { reports = append(reports, *r); return nil }); err != nil {
			t.Fatal(err)
		}
		want := complaint.Summarize(reports)
		if want.Total == 0 {
			t.Fatalf("%s: no demo reports in scope", c.user)
		}
		s := a.login(t, c.user)
		res := a.get(t, s, "/kelola/pengaduan-dasbor?tahun=2026")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", c.user, res.StatusCode)
		}
		for _, fig := range []string{
			`<div class="bigstat">` + i18n.Int(i18n.ID, int64(want.Total)) + `</div>`,
			`(` + i18n.Int(i18n.ID, int64(want.Completed)) + `/` + i18n.Int(i18n.ID, int64(want.Counted)) + `)`,
			`<td class="num">` + i18n.Int(i18n.ID, int64(want.VerifyDone)) + `</td><td class="num">` + i18n.Int(i18n.ID, int64(want.VerifyOnTime)) + `</td>`,
			`<td class="num">` + i18n.Decimal(i18n.ID, want.MedianResolveHours, 0) + `</td>`,
			`aria-labelledby="months-t months-d"`,
		} {
			if !strings.Contains(res.Body, fig) {
				t.Errorf("%s: dashboard lacks %q", c.user, fig)
			}
		}
		res = a.get(t, s, "/kelola/pengaduan-dasbor?tahun=2026&format=xlsx")
		x, err := excelize.OpenReader(strings.NewReader(res.Body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("Pengaduan")
		if len(rows) != len(reports)+1 {
			t.Errorf("%s: export has %d rows for %d reports", c.user, len(rows)-1, len(reports))
		}
	}
}

// TestQueueFlagsDueSoonAndOverdue: a report filed on Tuesday must be
// verified by the end of Friday (three working days); on Thursday the
// queue says it is due the next working day, on Monday that it is late.
func TestQueueFlagsDueSoonAndOverdue(t *testing.T) {
	a := newApp(t) // Tuesday 24 Nov 2026, 10.00 WIB
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"pengaduan"}, "privacy": {"biasa"},
		"title": {"Antrean panjang"}, "body": {"Antrean di loket pendaftaran mengular sampai ke jalan."}})
	num := numberOf(t, a, code)
	s := a.login(t, "admin.jakut")
	row := func() string {
		t.Helper()
		res := a.get(t, s, "/kelola/pengaduan")
		i := strings.Index(res.Body, num)
		if res.StatusCode != 200 || i < 0 {
			t.Fatalf("queue: %d, report missing", res.StatusCode)
		}
		return res.Body[i : i+strings.Index(res.Body[i:], "</tr>")]
	}
	if r := row(); !strings.Contains(r, "tepat waktu") || strings.Contains(r, "jatuh tempo") {
		t.Errorf("fresh report: %s", r)
	}
	a.advance(48 * time.Hour) // Thursday
	if r := row(); !strings.Contains(r, "verifikasi jatuh tempo besok") || strings.Contains(r, "terlambat") {
		t.Errorf("Thursday: %s", r)
	}
	a.advance(4 * 24 * time.Hour) // Monday
	if r := row(); !strings.Contains(r, "verifikasi terlambat") || strings.Contains(r, "jatuh tempo") {
		t.Errorf("Monday: %s", r)
	}
}

// TestTrackingPageOffersShareLink: right after filing, the reporter gets
// the tracking page's full address to keep or share, with a warning that
// it is a key to the report.
func TestTrackingPageOffersShareLink(t *testing.T) {
	a := newApp(t, func(c *web.Config) { c.BaseURL = "https://mutu.example" })
	code := fileComplaint(t, a, url.Values{"unit": {"PKM-31.72.01"}, "kind": {"konsultasi"}, "privacy": {"anonim"},
		"title": {"Jadwal imunisasi"}, "body": {"Kapan jadwal imunisasi campak bulan depan?"}})
	res := a.get(t, nil, "/lacak/"+code+"?baru=1")
	if !strings.Contains(res.Body, `value="https://mutu.example/lacak/`+code+`"`) || !strings.Contains(res.Body, "hanya kepada orang yang Anda percaya") {
		t.Errorf("no share link on the filed page")
	}
}

// TestUnitQueuesAndPages: the dashboard lists the handling units, each
// linking to its queue; a unit's queue stays within the user's scope and
// pages through more than 100 reports.
func TestUnitQueuesAndPages(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	pkm, err := a.DB.UnitByCode(ctx, "PKM-31.72.02")
	if err != nil {
		t.Fatal(err)
	}
	var batch []*complaint.Report
	for range 130 {
		batch = append(batch, &complaint.Report{UnitID: pkm.ID, RegionCode: pkm.RegionCode, Kind: complaint.Complaint, Privacy: complaint.Public,
			Channel: complaint.ChannelWeb, Status: complaint.Received, Title: "Antrean", Body: "Antrean panjang sekali di loket.",
			Milestones: complaint.Milestones{ReceivedAt: a.DB.Now().Add(-time.Hour)}})
	}
	if err := a.DB.ImportComplaints(ctx, batch); err != nil {
		t.Fatal(err)
	}
	_, total, err := a.DB.Complaints(ctx, store.ComplaintFilter{RegionCode: "31.72", Unit: pkm.ID, Statuses: complaint.OpenStatuses})
	if err != nil || total < 130 {
		t.Fatalf("%d open reports, %v", total, err)
	}
	s := a.login(t, "admin.jakut")
	res := a.get(t, s, "/kelola/pengaduan?unit=PKM-31.72.02")
	rows := strings.Count(res.Body, `<td><a href="/kelola/pengaduan/PKM-31.72.02-`)
	if res.StatusCode != 200 || rows != 100 || !strings.Contains(res.Body, i18n.Int(i18n.ID, int64(total))+" laporan") ||
		!strings.Contains(res.Body, `href="?unit=PKM-31.72.02&amp;hal=2" rel="next"`) {
		t.Fatalf("page 1: %d, %d rows\n%s", res.StatusCode, rows, res.Body)
	}
	res = a.get(t, s, "/kelola/pengaduan?unit=PKM-31.72.02&hal=2")
	if rows := strings.Count(res.Body, `<td><a href="/kelola/pengaduan/PKM-31.72.02-`); rows != total-100 || !strings.Contains(res.Body, `rel="prev"`) {
		t.Errorf("page 2: %d rows, want %d", rows, total-100)
	}
	// Another unit's operator sees none of them, even when asking for it.
	res = a.get(t, a.login(t, "operator.ptsp"), "/kelola/pengaduan?unit=PKM-31.72.02")
	if mustBePage(t, res, 200, "select#f-status"); strings.Contains(res.Body, `<td><a href="/kelola/pengaduan/PKM-31.72.02-`) {
		t.Errorf("an operator lists another unit's reports")
	}
	if res := a.get(t, s, "/kelola/pengaduan?unit=NOPE"); res.StatusCode != 404 {
		t.Errorf("unknown unit: %d", res.StatusCode)
	}
	// The dashboard's table by unit, the busiest first.
	res = a.get(t, s, "/kelola/pengaduan-dasbor?tahun=2026")
	i := strings.Index(res.Body, `<a href="/kelola/pengaduan?unit=`)
	if i < 0 || !strings.HasPrefix(res.Body[i:], `<a href="/kelola/pengaduan?unit=PKM-31.72.02">`) {
		t.Errorf("the busiest unit does not lead the table")
	}
}

// TestComplaintDashboardCountsOpenLateSteps: a report left unverified past
// its deadline makes the verification on-time rate fall: the figure equals
// the steps done on time among those done and those open but late.
func TestComplaintDashboardCountsOpenLateSteps(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	pkm, err := a.DB.UnitByCode(ctx, "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	r := &complaint.Report{UnitID: pkm.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
		Title: "Belum diverifikasi", Body: "Isi laporan yang cukup panjang untuk diterima."}
	if err := a.DB.CreateComplaint(ctx, r, "", ""); err != nil {
		t.Fatal(err)
	}
	a.advance(10 * 24 * time.Hour) // well past three working days
	f := store.ComplaintFilter{RegionCode: "31.72", ReceivedFrom: "2026-01-01", ReceivedTo: "2026-12-31"}
	st, err := a.DB.ComplaintStats(ctx, f, 2026)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := a.DB.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Late, err = a.DB.OpenLate(ctx, f, cal, a.DB.Now()); err != nil || st.Late.Verify == 0 {
		t.Fatalf("open late steps: %+v %v", st.Late, err)
	}
	doc := mustBePage(t, a.get(t, a.login(t, "pimpinan.jakut"), "/kelola/pengaduan-dasbor?tahun=2026"), 200, "td#ontime-verifikasi")
	want := i18n.Decimal(i18n.ID, complaint.Share(st.VerifyOnTime, st.VerifyDone+st.Late.Verify), 1)
	if got := textOf(doc, "td#ontime-verifikasi"); got != want || want == i18n.Decimal(i18n.ID, 100, 1) {
		t.Errorf("verification on time: %s, want %s (%d on time of %d done and %d open and late)", got, want, st.VerifyOnTime, st.VerifyDone, st.Late.Verify)
	}
}
