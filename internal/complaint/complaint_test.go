package complaint

import (
	"slices"
	"strings"
	"testing"
	"time"

	"mutu/internal/errs"
)

func TestStepEveryTransition(t *testing.T) {
	for _, tr := range Transitions {
		for _, from := range Statuses {
			for _, actor := range []Actor{Verifier, UnitStaff, Citizen, System} {
				got, err := Step(from, tr.Action, actor, "alasan yang cukup panjang")
				allowed := slices.Contains(tr.From, from) && slices.Contains(tr.Actors, actor)
				if allowed != (err == nil) {
					t.Errorf("%s by %s from %s: err %v, allowed %v", tr.Action, actor, from, err, allowed)
				}
				want := tr.To
				if want == "" {
					want = from
				}
				if err == nil && got != want {
					t.Errorf("%s from %s: %s, want %s", tr.Action, from, got, want)
				}
			}
		}
	}
}

func TestStepRules(t *testing.T) {
	cases := []struct {
		from   Status
		action Action
		actor  Actor
		reason string
		to     Status
		code   errs.Code
	}{
		{Received, Verify, Verifier, "", Verified, ""},
		{Received, Verify, UnitStaff, "", "", errs.Forbidden},
		{Received, Hold, Verifier, "", "", errs.Invalid}, // a hold needs a reason
		{Received, Hold, Verifier, "Data pelapor belum lengkap", OnHold, ""},
		{Verified, Dispatch, Verifier, "", Dispatched, ""},
		{Dispatched, NotOurs, UnitStaff, "Wewenang kelurahan lain", Verified, ""},
		{Dispatched, Respond, UnitStaff, "", "", errs.Invalid},
		{InProgress, Respond, UnitStaff, "Sudah kami perbaiki", Responded, ""},
		{Responded, Reject, Citizen, "Masih rusak", InProgress, ""}, // reopens
		{Responded, Confirm, Citizen, "", Resolved, ""},
		{Responded, AutoClose, System, "", Closed, ""},
		{Resolved, Reject, Citizen, "Terlambat", "", errs.Conflict},
		{Closed, AddInfo, Citizen, "Tambahan foto", "", errs.Conflict},
		{Closed, Note, UnitStaff, "Catatan arsip", Closed, ""},
		{Received, "terbang", Verifier, "", "", errs.Invalid},
	}
	for _, tc := range cases {
		got, err := Step(tc.from, tc.action, tc.actor, tc.reason)
		if errs.CodeOf(err) != tc.code || got != tc.to {
			t.Errorf("%s %s by %s: %s %v; want %s %s", tc.from, tc.action, tc.actor, got, err, tc.to, tc.code)
		}
	}
	if a := Allowed(Responded, Citizen); !slices.Contains(a, Confirm) || !slices.Contains(a, Reject) || slices.Contains(a, Verify) {
		t.Errorf("allowed to a reporter of a responded report: %v", a)
	}
}

func TestPrivacy(t *testing.T) {
	identity := map[Privacy]map[Viewer]bool{
		Public:    {ViewPublic: false, ViewReporter: true, ViewVerifier: true, ViewUnitStaff: true, ViewReadOnly: false, ViewExport: false},
		Anonymous: {ViewPublic: false, ViewReporter: true, ViewVerifier: true, ViewUnitStaff: false, ViewReadOnly: false, ViewExport: false},
		Secret:    {ViewPublic: false, ViewReporter: true, ViewVerifier: true, ViewUnitStaff: false, ViewReadOnly: false, ViewExport: false},
	}
	content := map[Privacy]bool{Public: true, Anonymous: true, Secret: false}
	r := Reporter{Name: "Siti", NIK: "3172010101900001", Phone: "0812345678", Email: "siti@example.com"}
	for p, byViewer := range identity {
		for v, want := range byViewer {
			if ShowsIdentity(p, v) != want {
				t.Errorf("identity of %s to %s: %v", p, v, !want)
			}
			m := r.Masked(p, v)
			if want != (m == r) || !want && (m.NIK != "" || m.Phone != "" || m.Email != "" || m.Name == "Siti") {
				t.Errorf("masked %s to %s: %+v", p, v, m)
			}
		}
		if ShowsContent(p, ViewPublic) != content[p] || !ShowsContent(p, ViewVerifier) {
			t.Errorf("content of %s", p)
		}
	}
	if (Reporter{}).Masked(Anonymous, ViewPublic) != (Reporter{}) {
		t.Error("an empty reporter masked to something")
	}
}

func TestValidate(t *testing.T) {
	good := func() Intake {
		return Intake{Kind: Complaint, Privacy: Anonymous, Channel: ChannelWeb, Title: "Lampu jalan mati",
			Body: "Lampu jalan di depan RW 05 mati sejak seminggu lalu.", Reporter: Reporter{Email: "warga@example.com"}}
	}
	r := good()
	if fs := r.Validate(); len(fs) != 0 {
		t.Fatalf("good report: %v", fs)
	}
	for name, mutate := range map[string]func(*Intake){
		"kind":     func(r *Intake) { r.Kind = "gosip" },
		"privacy":  func(r *Intake) { r.Privacy = "semua" },
		"title":    func(r *Intake) { r.Title = "abc" },
		"body":     func(r *Intake) { r.Body = "pendek" },
		"nik":      func(r *Intake) { r.Reporter.NIK = "12345" },
		"phone":    func(r *Intake) { r.Reporter.Phone = "telepon saya" },
		"email":    func(r *Intake) { r.Reporter.Email = "bukan surel" },
		"lapor_id": func(r *Intake) { r.Channel = ChannelLapor },
		"body ":    func(r *Intake) { r.Body = strings.Repeat("x", 5001) },
		"channel":  func(r *Intake) { r.Channel = "merpati" },
	} {
		r := good()
		mutate(&r)
		fs := r.Validate()
		if len(fs) != 1 || fs[0].Name != strings.TrimSpace(name) {
			t.Errorf("%s: %v", name, fs)
		}
	}
}

// TestIntakeReport: an intake is normalised once, whichever channel filled
// it, and becomes the report with its media link as the text's last line.
func TestIntakeReport(t *testing.T) {
	in := Intake{Kind: Complaint, Privacy: Public, Channel: ChannelOpen311, Title: "  Lampu jalan mati ",
		Body: " Lampu jalan di depan RW 05 mati sejak seminggu lalu. ", Location: " RW 05 ", MediaURL: "https://example.com/a.jpg",
		UnitCode: " PTSP-31.72 ", LaporID: " ", Reporter: Reporter{Name: " Siti ", Phone: " 0812 3456 789 "}}
	if fs := in.Validate(); len(fs) != 0 {
		t.Fatal(fs)
	}
	if in.UnitCode != "PTSP-31.72" || in.Reporter.Name != "Siti" || in.Reporter.Phone != "0812 3456 789" {
		t.Errorf("not normalised: %+v", in)
	}
	r := in.Report()
	if r.Title != "Lampu jalan mati" || r.Location != "RW 05" || r.Channel != ChannelOpen311 || r.Reporter.Name != "Siti" {
		t.Errorf("report: %+v", r)
	}
	if body, media := SplitMedia(r.Body); body != "Lampu jalan di depan RW 05 mati sejak seminggu lalu." || media != in.MediaURL {
		t.Errorf("body %q, media %q", body, media)
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewCode()
		if !ValidCode(c) || seen[c] {
			t.Fatalf("code %q invalid or repeated", c)
		}
		seen[c] = true
	}
	if NormalizeCode(" mt-7k3q-9xpa-2b ") != "MT-7K3Q-9XPA-2B" || NormalizeCode("mt-ok1l-0000-00") != "MT-0K11-0000-00" {
		t.Errorf("normalize: %s", NormalizeCode(" mt-7k3q-9xpa-2b "))
	}
	for _, bad := range []string{"", "MT-", "MT-7K3Q-9XPA-2", "XX-7K3Q-9XPA-2B", "MT-7K3Q-9XPA-UB", "MT-7K3Q99XPA-2B"} {
		if ValidCode(bad) {
			t.Errorf("%q valid", bad)
		}
	}
}

// weekdays is a calendar with weekends only, for deadline tests.
type weekdays struct{}

func (weekdays) Deadline(from time.Time, n int) time.Time {
	wib := time.FixedZone("WIB", 7*3600)
	d := from.In(wib)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, wib)
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if day.Weekday() != time.Saturday && day.Weekday() != time.Sunday {
			n--
		}
	}
	return day.AddDate(0, 0, 1)
}

func TestDeadlinesAndOverdue(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	received := time.Date(2026, 11, 20, 15, 0, 0, 0, wib) // a Friday
	m := Milestones{ReceivedAt: received}
	sla := DefaultSLAs()[0]
	d := ComputeDeadlines(sla, weekdays{}, m)
	// Mon, Tue, Wed → due at the end of Wednesday 25 Nov.
	if want := time.Date(2026, 11, 26, 0, 0, 0, 0, wib); !d.Verify.Equal(want) || !d.FirstResponse.IsZero() {
		t.Fatalf("deadlines: %+v", d)
	}
	if got := Overdue(Received, d, m, time.Date(2026, 11, 25, 23, 59, 0, 0, wib)); len(got) != 0 {
		t.Errorf("overdue before the deadline: %v", got)
	}
	if got := Overdue(Received, d, m, time.Date(2026, 11, 26, 0, 0, 1, 0, wib)); !slices.Equal(got, []StepName{StepVerify}) {
		t.Errorf("overdue after: %v", got)
	}
	if got := Overdue(Verified, d, m, time.Date(2026, 12, 1, 0, 0, 0, 0, wib)); len(got) != 0 {
		t.Errorf("verified late is not overdue verification any more: %v", got)
	}
	m.VerifiedAt = time.Date(2026, 11, 23, 9, 0, 0, 0, wib)
	m.DispatchedAt = m.VerifiedAt
	d = ComputeDeadlines(sla, weekdays{}, m)
	late := d.FirstResponse.Add(time.Minute)
	if got := Overdue(Dispatched, d, m, late); !slices.Equal(got, []StepName{StepFirstResponse}) {
		t.Errorf("first response: %v", got)
	}
	m.FirstResponseAt = late
	if got := Overdue(InProgress, d, m, late); len(got) != 0 {
		t.Errorf("answered: %v", got)
	}
	if !OnTime(m.VerifiedAt, d.Verify) || OnTime(late, d.FirstResponse) || OnTime(time.Time{}, d.Verify) {
		t.Error("OnTime")
	}
}

func TestApplyLifecycle(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	r := &Report{Number: "ADU-31.72-2026-00001", Status: Received, Milestones: Milestones{ReceivedAt: t0}}
	steps := []Change{
		{Action: Verify, Actor: Verifier, At: at(1)},
		{Action: Dispatch, Actor: Verifier, At: at(2), TargetUnit: "unit-a"},
		{Action: NotOurs, Actor: UnitStaff, At: at(3), Reason: "Wewenang unit lain"},
		{Action: Dispatch, Actor: Verifier, At: at(4), TargetUnit: "unit-b"},
		{Action: Accept, Actor: UnitStaff, At: at(5)},
		{Action: Respond, Actor: UnitStaff, At: at(6), Reason: "Sudah diperbaiki"},
		{Action: Reject, Actor: Citizen, At: at(7), Reason: "Masih rusak"},
		{Action: Respond, Actor: UnitStaff, At: at(8), Reason: "Sudah diganti baru"},
		{Action: Confirm, Actor: Citizen, At: at(9)},
		{Action: Rate, Actor: Citizen, At: at(9), Rating: 5},
	}
	for i := range steps {
		if err := r.Apply(&steps[i]); err != nil {
			t.Fatalf("step %d %s: %v", i, steps[i].Action, err)
		}
	}
	if r.Status != Resolved || r.AssignedUnitID != "unit-b" || !r.DispatchedAt.Equal(at(4)) || !r.FirstResponseAt.Equal(at(5)) ||
		!r.RespondedAt.Equal(at(8)) || !r.ResolvedAt.Equal(at(9)) || r.Rating != 5 || steps[6].From != Responded || steps[6].To != InProgress {
		t.Fatalf("after the lifecycle: %+v", r)
	}
	if err := r.Apply(&Change{Action: Rate, Actor: Citizen, Rating: 6}); !errs.Is(err, errs.Invalid) {
		t.Errorf("rating 6: %v", err)
	}
	r2 := &Report{Status: Verified}
	if err := r2.Apply(&Change{Action: Dispatch, Actor: Verifier}); !errs.Is(err, errs.Invalid) || r2.Status != Verified {
		t.Errorf("dispatch without a unit: %v %s", err, r2.Status)
	}
	r3 := &Report{Number: "ADU-31.72-2026-00002", Status: Received}
	for _, into := range []string{"ADU-31.72-2026-00002", "MT-0000-0000-01", ""} {
		if err := r3.Apply(&Change{Action: Merge, Actor: Verifier, Reason: "Laporan ganda", MergeInto: into}); !errs.Is(err, errs.Invalid) || r3.Status != Received {
			t.Errorf("merged into %q: %v", into, err)
		}
	}
	if err := r3.Apply(&Change{Action: Merge, Actor: Verifier, Reason: "Laporan ganda", MergeInto: "ADU-31.72-2026-00001"}); err != nil || r3.MergedInto != "ADU-31.72-2026-00001" {
		t.Errorf("merge: %v %q", err, r3.MergedInto)
	}
}

// TestOpenAndClosedStatuses: every status is open or closed, never both,
// and Open agrees with the lists.
func TestOpenAndClosedStatuses(t *testing.T) {
	all := append(slices.Clone(OpenStatuses), ClosedStatuses...)
	slices.Sort(all)
	want := slices.Clone(Statuses)
	slices.Sort(want)
	if !slices.Equal(all, want) {
		t.Fatalf("open + closed = %v, statuses %v", all, want)
	}
	for _, s := range OpenStatuses {
		if !s.Open() {
			t.Errorf("%s not open", s)
		}
	}
	for _, s := range ClosedStatuses {
		if s.Open() {
			t.Errorf("%s open", s)
		}
	}
}

func TestReportNumbers(t *testing.T) {
	if got := FormatNumber("ADU-31.72", 2026, 42); got != "ADU-31.72-2026-00042" {
		t.Errorf("format: %s", got)
	}
	for _, tc := range []struct {
		in   string
		unit string
		year int
		n    int
		ok   bool
	}{
		{"ADU-31.72-2026-00042", "ADU-31.72", 2026, 42, true},
		{" pkm-31.72.01-2025-123456 ", "PKM-31.72.01", 2025, 123456, true},
		{"X1-2026-00001", "X1", 2026, 1, true},
		{"MT-7K3Q-9XPA-2B", "", 0, 0, false},
		{"ADU-31.72-2026-0042", "", 0, 0, false},
		{"ADU-31.72-26-00042", "", 0, 0, false},
		{"ADU-31.72-2026-00000", "", 0, 0, false},
		{"-2026-00001", "", 0, 0, false},
		{"2026-00001", "", 0, 0, false},
		{"", "", 0, 0, false},
	} {
		u, y, n, ok := ParseNumber(tc.in)
		if u != tc.unit || y != tc.year || n != tc.n || ok != tc.ok {
			t.Errorf("ParseNumber(%q) = %q %d %d %v", tc.in, u, y, n, ok)
		}
	}
}

func TestHashCode(t *testing.T) {
	h := HashCode("MT-7K3Q-9XPA-2B")
	if len(h) != 64 || h != HashCode(" mt-7k3q-9xpa-2b ") || h == HashCode("MT-7K3Q-9XPA-2C") || strings.Contains(h, "7K3Q") {
		t.Errorf("hash %s", h)
	}
}

// TestEscalatable: the sweeper escalates only what the lifecycle lets it;
// a report on hold or answered is not retried at every sweep.
func TestEscalatable(t *testing.T) {
	want := map[Status]bool{Received: true, Verified: true, Dispatched: true, InProgress: true}
	for _, s := range Statuses {
		if Escalatable(s) != want[s] {
			t.Errorf("%s: %v", s, Escalatable(s))
		}
	}
}
