package store_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/store"
)

// fileReport files a report to a unit from a reporter, with atts.
func fileReport(t *testing.T, db *store.DB, unitCode string, who complaint.Reporter, atts ...store.Attachment) *complaint.Report {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByCode(ctx, unitCode)
	if err != nil {
		t.Fatal(err)
	}
	r := &complaint.Report{UnitID: u.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
		Title: "Antrean lama", Body: "Antrean di loket sangat lama sekali.", Location: "Loket 2", Reporter: who}
	if err := db.CreateComplaintWithAttachments(ctx, r, "", "", atts); err != nil {
		t.Fatal(err)
	}
	return r
}

func step(t *testing.T, db *store.DB, r *complaint.Report, a complaint.Action, actor complaint.Actor, at time.Time) {
	t.Helper()
	if _, err := db.ApplyComplaint(context.Background(), r.UnitID, r.ID, &complaint.Change{Action: a, Actor: actor, At: at, Reason: "alasan yang cukup"}, "", "uji"); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
}

// statsOf is every figure the dashboard reads from the rollups.
func statsOf(t *testing.T, db *store.DB) []any {
	t.Helper()
	ctx := context.Background()
	f := store.ComplaintFilter{RegionCode: "31"}
	s, err1 := db.ComplaintStats(ctx, f, 2024)
	m, err2 := db.ComplaintMonths(ctx, f, 2024)
	u, err3 := db.ComplaintsByUnit(ctx, f, 2024)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatal(err1, err2, err3)
	}
	return []any{s, m, u}
}

func auditCount(t *testing.T, db *store.DB, action string) []string {
	t.Helper()
	es, err := db.AuditLog(context.Background(), store.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.RegionCode+" "+e.ObjectID+" "+e.Detail)
	}
	return out
}

// TestReporterRetention: the job erases the contact data of reports closed
// longer ago than the retention period, in bounded batches, once each, one
// audit row per batch, leaving open and recently closed reports and every
// statistic as they were.
func TestReporterRetention(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		start := time.Date(2024, 3, 4, 3, 0, 0, 0, time.UTC)
		now := start
		db.Now = func() time.Time { return now }
		who := complaint.Reporter{Name: "Budi Santoso", NIK: "3172011234567890", Phone: "0812-3456-7890", Email: "budi@contoh.id"}
		var old, recent, open []*complaint.Report
		for i := range 5 {
			r := fileReport(t, db, []string{"PKM-31.72.01", "PKM-31.72.02"}[i%2], who)
			step(t, db, r, complaint.Archive, complaint.Verifier, now.Add(time.Hour))
			old = append(old, r)
		}
		// Closed a year later than the others: within the period at the run.
		r := fileReport(t, db, "PTSP-31.74", who)
		step(t, db, r, complaint.Archive, complaint.Verifier, now.AddDate(1, 0, 0))
		recent = append(recent, r)
		open = append(open, fileReport(t, db, "PTSP-31.74", who))
		before := statsOf(t, db)

		now = start.AddDate(2, 6, 0)
		cutoff := complaint.DefaultRetention.Cutoff(now)
		// Two nodes at once, batches of 2.
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i := range 2 {
			wg.Go(func() {
				for {
					n, err := db.EraseExpiredReporters(ctx, cutoff, 2)
					if err != nil {
						t.Error(err)
						return
					}
					counts[i] += n
					if n < 2 {
						return
					}
				}
			})
		}
		wg.Wait()
		if counts[0]+counts[1] != len(old) {
			t.Fatalf("erased %v, want %d in all", counts, len(old))
		}
		if n, err := db.EraseExpiredReporters(ctx, cutoff, 2); n != 0 || err != nil {
			t.Errorf("second run: %d %v", n, err)
		}
		for _, r := range old {
			got, _ := db.Complaint(ctx, r.UnitID, r.ID)
			if !got.Reporter.Empty() || got.Title != r.Title || got.Status != complaint.Archived {
				t.Errorf("old report: %+v", got)
			}
		}
		for _, r := range append(recent, open...) {
			if got, _ := db.Complaint(ctx, r.UnitID, r.ID); got.Reporter != who {
				t.Errorf("kept report lost its contact data: %+v", got.Reporter)
			}
		}
		if after := statsOf(t, db); !reflect.DeepEqual(after, before) {
			t.Errorf("statistics changed:\n%+v\n%+v", after, before)
		}
		rows := auditCount(t, db, "privacy.retention")
		if len(rows) != 3 { // 2 + 2 + 1
			t.Errorf("audit rows %q, want one per batch", rows)
		}
		for _, row := range rows {
			if !strings.HasPrefix(row, "31.72") || !strings.Contains(row, "laporan ditutup sebelum 2024-09") || strings.Contains(row, "budi") {
				t.Errorf("audit row %q", row)
			}
		}
	})
}

// TestReporterSubjectRequest: an administrator finds one reporter's reports
// in their region by e-mail, phone or NIK, exports them and erases the
// contact data; other regions' reports, the statistics and the audit log
// (which holds the query only masked) are as they should be.
func TestReporterSubjectRequest(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2024, 5, 6, 3, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		who := complaint.Reporter{Name: "Siti", NIK: "3172011234567890", Phone: "+62 812-3456-7890", Email: "Siti@Contoh.id"}
		a := fileReport(t, db, "PKM-31.72.01", who)
		b := fileReport(t, db, "PTSP-31.72", complaint.Reporter{Phone: "081234567890"})
		other := fileReport(t, db, "PTSP-31.74", who) // another city
		stranger := fileReport(t, db, "PKM-31.72.01", complaint.Reporter{Email: "lain@contoh.id", NIK: "3172011234567891"})
		anonymous := fileReport(t, db, "PKM-31.72.01", complaint.Reporter{})
		if _, err := db.ApplyComplaint(ctx, a.UnitID, a.ID, &complaint.Change{Action: complaint.AddInfo, Actor: complaint.Citizen, At: now.Add(time.Hour),
			Reason: "Foto tambahan dari saya"}, "", ""); err != nil {
			t.Fatal(err)
		}
		ids := func(rs []complaint.Report) []string {
			var out []string
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		for _, tc := range []struct {
			field, value string
			want         []string
		}{
			{"email", "siti@contoh.ID", []string{a.ID}},
			{"phone", "0812 3456 7890", []string{a.ID, b.ID}},
			{"nik", "3172011234567890", []string{a.ID}},
		} {
			q, err := complaint.ParseReporterQuery(tc.field, tc.value)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.ReporterReports(ctx, "31.72", q)
			if err != nil || !reflect.DeepEqual(ids(got), tc.want) {
				t.Errorf("%s: %v %v, want %v", tc.field, ids(got), err, tc.want)
			}
			for _, r := range got {
				if !q.Matches(r.Reporter) {
					t.Errorf("%s: the SQL matched %+v, the domain does not", tc.field, r.Reporter)
				}
			}
		}
		before := statsOf(t, db)
		q, _ := complaint.ParseReporterQuery("email", "siti@contoh.id")
		export, err := db.ExportReporter(ctx, admin, "31.72", q)
		if err != nil || len(export) != 1 || export[0].Reporter != who || export[0].Number != a.Number || export[0].Body != a.Body ||
			len(export[0].Additions) != 1 || export[0].Additions[0].Body != "Foto tambahan dari saya" {
			t.Fatalf("export %+v %v", export, err)
		}
		n, err := db.EraseReporter(ctx, admin, "31.72", q)
		if err != nil || n != 1 {
			t.Fatalf("erase: %d %v", n, err)
		}
		if got, _ := db.Complaint(ctx, a.UnitID, a.ID); !got.Reporter.Empty() || got.Body != a.Body {
			t.Errorf("erased report: %+v", got)
		}
		for _, r := range []*complaint.Report{b, other, stranger, anonymous} {
			if got, _ := db.Complaint(ctx, r.UnitID, r.ID); got.Reporter != r.Reporter {
				t.Errorf("report %s changed: %+v, want %+v", r.ID, got.Reporter, r.Reporter)
			}
		}
		if _, err := db.EraseReporter(ctx, admin, "31.72", q); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("second erase: %v, want NotFound", err)
		}
		if _, err := db.ExportReporter(ctx, admin, "31.72", q); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("export after erasure: %v, want NotFound", err)
		}
		if after := statsOf(t, db); !reflect.DeepEqual(after, before) {
			t.Errorf("statistics changed")
		}
		rows := append(auditCount(t, db, "privacy.export"), auditCount(t, db, "privacy.erase")...)
		if want := []string{"31.72 e-mail ***@contoh.id 1 laporan", "31.72 e-mail ***@contoh.id 1 laporan"}; !reflect.DeepEqual(rows, want) {
			t.Errorf("audit %q, want %q", rows, want)
		}
	})
}

// TestKnownAttachments tells files with a row from files without one.
func TestKnownAttachments(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		u, _ := db.UnitByCode(ctx, "PKM-31.72.01")
		r := &complaint.Report{UnitID: u.ID, Kind: complaint.Complaint, Privacy: complaint.Public, Channel: complaint.ChannelWeb,
			Title: "Antrean lama", Body: "Antrean di loket sangat lama sekali."}
		att := store.Attachment{ID: store.NewID(), Filename: "a.jpg", ContentType: "image/jpeg", Size: 3, SHA256: "x"}
		if err := db.CreateComplaintWithAttachments(ctx, r, "", "", []store.Attachment{att}); err != nil {
			t.Fatal(err)
		}
		ids := []string{att.ID}
		for range 600 { // more than one query's worth
			ids = append(ids, store.NewID())
		}
		known, err := db.KnownAttachments(ctx, ids)
		if err != nil || !reflect.DeepEqual(known, map[string]bool{att.ID: true}) {
			t.Errorf("%v %v", known, err)
		}
	})
}

// TestExportReporterSeveral: an export of several reports gives each its
// own files and its own reporter's entries (they are read for all the
// reports at once), in order.
func TestExportReporterSeveral(t *testing.T) {
	engines(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadUnits(t, db)
		now := time.Date(2024, 5, 6, 3, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		who := complaint.Reporter{Name: "Siti", Email: "siti@contoh.id"}
		var reports []*complaint.Report
		for i, unitCode := range []string{"PKM-31.72.01", "PTSP-31.72", "PKM-31.72.01"} {
			var atts []store.Attachment
			for j := range i {
				atts = append(atts, store.Attachment{ID: store.NewID(), Filename: fmt.Sprintf("r%d-%d.jpg", i, j), ContentType: "image/jpeg", Size: 3, SHA256: "x"})
			}
			reports = append(reports, fileReport(t, db, unitCode, who, atts...))
		}
		add := func(r *complaint.Report, actor complaint.Actor, at time.Duration, text string) {
			t.Helper()
			if _, err := db.ApplyComplaint(ctx, r.UnitID, r.ID, &complaint.Change{Action: complaint.AddInfo, Actor: actor, At: now.Add(at), Reason: text}, "", ""); err != nil {
				t.Fatal(err)
			}
		}
		add(reports[0], complaint.Citizen, time.Hour, "Foto tambahan satu")
		add(reports[2], complaint.Citizen, 2*time.Hour, "Foto tambahan dua")
		add(reports[2], complaint.Citizen, 3*time.Hour, "Foto tambahan tiga")
		q, _ := complaint.ParseReporterQuery("email", "siti@contoh.id")
		export, err := db.ExportReporter(ctx, audit.Actor{Name: "admin"}, "31.72", q)
		if err != nil || len(export) != 3 {
			t.Fatalf("export %+v %v", export, err)
		}
		wantFiles := [][]string{nil, {"r1-0.jpg"}, {"r2-0.jpg", "r2-1.jpg"}}
		wantTexts := [][]string{{"Foto tambahan satu"}, nil, {"Foto tambahan dua", "Foto tambahan tiga"}}
		for i, x := range export {
			var texts []string
			for _, a := range x.Additions {
				texts = append(texts, a.Body)
			}
			if x.Number != reports[i].Number || !reflect.DeepEqual(x.Files, wantFiles[i]) || !reflect.DeepEqual(texts, wantTexts[i]) {
				t.Errorf("report %d: %s files %q entries %q, want %s %q %q", i, x.Number, x.Files, texts, reports[i].Number, wantFiles[i], wantTexts[i])
			}
		}
	})
}
