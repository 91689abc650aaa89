package standard_test

import (
	"strings"
	"testing"
	"time"

	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/standard"
)

func wib(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, clock.Jakarta)
}

func TestTimeLimitDue(t *testing.T) {
	cal, _ := calendar.Builtin()
	// Wednesday 23 Dec 2026, 10:00 WIB: the 24th (cuti bersama) and the
	// 25th (Christmas) are holidays, the 26th and 27th a weekend.
	from := wib(2026, 12, 23, 10, 0)
	tests := []struct {
		limit standard.TimeLimit
		want  time.Time
	}{
		{standard.TimeLimit{Value: 15, Unit: standard.Minutes}, wib(2026, 12, 23, 10, 15)},
		{standard.TimeLimit{Value: 2, Unit: standard.Hours}, wib(2026, 12, 23, 12, 0)},
		// The first working day after the 23rd is Monday the 28th: the
		// limit ends at its close (00:00 WIB of the 29th).
		{standard.TimeLimit{Value: 1, Unit: standard.WorkingDays}, wib(2026, 12, 29, 0, 0)},
		{standard.TimeLimit{Value: 3, Unit: standard.WorkingDays}, wib(2026, 12, 31, 0, 0)},
		// Calendar days count the holidays and the weekend.
		{standard.TimeLimit{Value: 1, Unit: standard.CalendarDays}, wib(2026, 12, 25, 0, 0)},
		{standard.TimeLimit{Value: 10, Unit: standard.CalendarDays}, wib(2027, 1, 3, 0, 0)},
	}
	for _, tc := range tests {
		if got := tc.limit.Due(cal, from); !got.Equal(tc.want) {
			t.Errorf("%+v: due %v, want %v", tc.limit, got, tc.want)
		}
	}
}

func validEdit() standard.Edit {
	return standard.Edit{
		Requirements: []string{"Fotokopi KK", " "}, Steps: []string{"Datang ke loket", "Petugas memeriksa berkas"},
		Complaints: []string{"Loket pengaduan"}, TimeValue: "1", TimeUnit: "hari_kerja", FeeKind: "gratis",
		FeeBasis: "UU 24/2013 Pasal 79A", Product: "KTP-el",
	}
}

// fieldKeys lists "field=key" of an Invalid error.
func fieldKeys(t *testing.T, err error) string {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("want an Invalid error, got %v", err)
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name+"="+f.Key)
	}
	return strings.Join(out, " ")
}

func TestEditValidate(t *testing.T) {
	e := validEdit()
	c, err := e.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Requirements) != 1 || c.Time != (standard.TimeLimit{Value: 1, Unit: standard.WorkingDays}) || c.Fee.Kind != standard.Free {
		t.Errorf("content %+v", c)
	}
	tests := []struct {
		name string
		edit func(*standard.Edit)
		want string // the one field error expected
	}{
		{"no requirements", func(e *standard.Edit) { e.Requirements = []string{" "} }, "requirements=err.required"},
		{"no steps", func(e *standard.Edit) { e.Steps = nil }, "steps=err.required"},
		{"no product", func(e *standard.Edit) { e.Product = "  " }, "product=err.required"},
		{"no complaint channel", func(e *standard.Edit) { e.Complaints = nil }, "complaints=err.required"},
		{"time not a number", func(e *standard.Edit) { e.TimeValue = "satu" }, "time_value=standard.err.time_value"},
		{"time zero", func(e *standard.Edit) { e.TimeValue = "0" }, "time_value=standard.err.time_value"},
		{"time empty", func(e *standard.Edit) { e.TimeValue = "" }, "time_value=err.required"},
		{"too many working days", func(e *standard.Edit) { e.TimeValue = "366" }, "time_value=standard.err.time_max"},
		{"too many minutes", func(e *standard.Edit) { e.TimeValue, e.TimeUnit = "1441", "menit" }, "time_value=standard.err.time_max"},
		{"unknown time unit", func(e *standard.Edit) { e.TimeUnit = "minggu" }, "time_unit=standard.err.time_unit"},
		{"unknown fee kind", func(e *standard.Edit) { e.FeeKind = "sukarela" }, "fee_kind=standard.err.fee_kind"},
		{"fixed fee without amount", func(e *standard.Edit) { e.FeeKind = "tarif" }, "fee_amount=err.required"},
		{"fixed fee not a number", func(e *standard.Edit) { e.FeeKind, e.FeeAmount = "tarif", "lima ribu" }, "fee_amount=standard.err.fee_amount"},
		{"fixed fee without basis", func(e *standard.Edit) { e.FeeKind, e.FeeAmount, e.FeeBasis = "tarif", "50000", "" }, "fee_basis=standard.err.fee_basis"},
		{"free with an amount", func(e *standard.Edit) { e.FeeAmount = "5000" }, "fee_amount=standard.err.fee_free_amount"},
		{"retribution without basis", func(e *standard.Edit) { e.FeeKind, e.FeeBasis = "retribusi", "" }, "fee_basis=standard.err.fee_basis"},
		{"line too long", func(e *standard.Edit) { e.Steps = []string{strings.Repeat("a", 601)} }, "steps=standard.err.line_too_long"},
		{"too many lines", func(e *standard.Edit) {
			e.Requirements = make([]string, 41)
			for i := range e.Requirements {
				e.Requirements[i] = "x"
			}
		}, "requirements=standard.err.too_many"},
	}
	for _, tc := range tests {
		e := validEdit()
		tc.edit(&e)
		_, err := e.Validate()
		if got := fieldKeys(t, err); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestFee(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{{"50000", 50000}, {"50.000", 50000}, {"Rp 50.000", 50000}, {"Rp50.000,00", 50000}, {"Rp 1.250.000,-", 1250000}} {
		if got, err := standard.ParseRupiah(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseRupiah(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "lima", "50,5", "Rp"} {
		if _, err := standard.ParseRupiah(bad); err == nil {
			t.Errorf("ParseRupiah(%q) accepted", bad)
		}
	}
	e := validEdit()
	e.FeeKind, e.FeeAmount, e.FeeBasis = "tarif", "Rp 25.000", "Perda 1/2024"
	c, err := e.Validate()
	if err != nil || c.Fee != (standard.Fee{Kind: standard.Fixed, AmountRp: 25000, Basis: "Perda 1/2024"}) {
		t.Errorf("fixed fee: %+v, %v", c.Fee, err)
	}
	// The edit of a content gives back the same content.
	back := standard.EditOf(c)
	if c2, err := back.Validate(); err != nil || c2.Fee != c.Fee || c2.Time != c.Time {
		t.Errorf("round trip: %+v, %v", c2, err)
	}
}

func TestLines(t *testing.T) {
	got := standard.Lines("- KTP asli\r\n\r\n• Fotokopi KK\n1. Formulir F-1.02\n2) Pas foto\n  UU 24/2013  \n")
	want := []string{"KTP asli", "Fotokopi KK", "Formulir F-1.02", "Pas foto", "UU 24/2013"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Lines = %q", got)
	}
}

func TestWorkflow(t *testing.T) {
	tests := []struct {
		a    standard.Action
		from standard.Status
		ok   bool
	}{
		{standard.Approve, standard.Draft, true},
		{standard.Approve, standard.Approved, false},
		{standard.Approve, standard.Published, false},
		{standard.Publish, standard.Draft, false}, // a draft is approved first
		{standard.Publish, standard.Approved, true},
		{standard.Publish, standard.Published, false},
		{standard.Discard, standard.Draft, true},
		{standard.Discard, standard.Approved, true},
		{standard.Discard, standard.Published, false}, // a published version is kept
		{"delete", standard.Draft, false},
	}
	for _, tc := range tests {
		if got := standard.Allowed(tc.a, tc.from); got != tc.ok {
			t.Errorf("%s from %s: %v, want %v", tc.a, tc.from, got, tc.ok)
		}
	}
}

func TestCurrentAndReview(t *testing.T) {
	day := func(s string) time.Time { d, _ := standard.ParseDate(s); return d }
	vs := []standard.Version{
		{Number: 1, Status: standard.Published, EffectiveFrom: day("2025-01-02")},
		{Number: 2, Status: standard.Published, EffectiveFrom: day("2026-12-10")}, // not yet in force
		{Number: 3, Status: standard.Draft},
	}
	now := wib(2026, 12, 3, 9, 0)
	cur := standard.Current(vs, now)
	if cur == nil || cur.Number != 1 {
		t.Fatalf("current %+v, want version 1", cur)
	}
	if cur = standard.Current(vs, wib(2026, 12, 10, 0, 0)); cur.Number != 2 {
		t.Errorf("on its effective day version 2 is in force, got %d", cur.Number)
	}
	if standard.Current(vs[2:], now) != nil {
		t.Error("a draft is never in force")
	}
	c := standard.DefaultReviewCycle
	if !c.NeedsReview(&vs[0], now) {
		t.Error("a standard in force since January 2025 is due for review in December 2026")
	}
	if c.NeedsReview(&vs[0], wib(2026, 1, 1, 23, 0)) || !c.NeedsReview(&vs[0], day("2026-01-02")) {
		t.Error("due exactly one year after its effective date")
	}
	if c.NeedsReview(nil, now) {
		t.Error("no standard, no review")
	}
	for in, want := range map[string]standard.ReviewCycle{"12m": 12, "1y": 12, "18": 18, "2Y": 24} {
		if got, err := standard.ParseReviewCycle(in); err != nil || got != want {
			t.Errorf("ParseReviewCycle(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "0", "0y", "6y", "61m", "1 tahun", "-3m", "1.5y"} {
		if _, err := standard.ParseReviewCycle(bad); err == nil {
			t.Errorf("ParseReviewCycle(%q) accepted", bad)
		}
	}
}

func TestDecreeValidate(t *testing.T) {
	now := wib(2026, 12, 3, 9, 0)
	d := standard.Decree{Number: "e-0012/2026", Date: "2026-11-20", EffectiveFrom: "2026-12-01"}
	if _, date, eff, err := d.Validate(now); err != nil || date.Day() != 20 || eff.Day() != 1 {
		t.Fatalf("valid decree: %v %v %v", date, eff, err)
	}
	tests := []struct {
		d    standard.Decree
		want string
	}{
		{standard.Decree{Date: "2026-11-20", EffectiveFrom: "2026-12-01"}, "decree_number=err.required"},
		{standard.Decree{Number: "x", Date: "20-11-2026", EffectiveFrom: "2026-12-01"}, "decree_date=standard.err.date"},
		{standard.Decree{Number: "x", Date: "2026-12-04", EffectiveFrom: "2026-12-05"}, "decree_date=standard.err.decree_future"},
		{standard.Decree{Number: "x", Date: "2026-11-20", EffectiveFrom: "2026-11-19"}, "effective_from=standard.err.effective_before_decree"},
		{standard.Decree{Number: "x", Date: "2026-11-20"}, "effective_from=err.required"},
	}
	for _, tc := range tests {
		_, _, _, err := tc.d.Validate(now)
		if got := fieldKeys(t, err); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.d, got, tc.want)
		}
	}
}

func TestMaklumatAndForum(t *testing.T) {
	now := wib(2026, 12, 3, 9, 0)
	valid := func(s string) bool { return len(s) == 18 }
	in := standard.MaklumatInput{Text: standard.MaklumatText, SignatoryName: "dr. Ani", SignatoryPosition: "Kepala Puskesmas", SignatoryNIP: "1980 0101 200501 2 001", SignedOn: "2026-01-05"}
	m, err := in.Validate(now, valid)
	if err != nil || m.SignatoryNIP != "198001012005012001" || m.SignedOn.Day() != 5 {
		t.Fatalf("maklumat %+v, %v", m, err)
	}
	in.SignedOn, in.SignatoryName = "2027-01-01", ""
	if got := fieldKeys(t, func() error { _, err := in.Validate(now, valid); return err }()); got != "signatory_name=err.required signed_on=standard.err.signed_future" {
		t.Errorf("maklumat errors %s", got)
	}
	f := standard.ForumInput{HeldOn: "2026-02-10", Topic: "Revisi standar KTP-el", Minutes: "Peserta meminta…", Participants: []string{"Ketua RW 01", "LMK"}}
	if _, err := f.Validate(now); err != nil {
		t.Fatal(err)
	}
	f.HeldOn, f.Participants = "2026-12-04", nil
	if got := fieldKeys(t, func() error { _, err := f.Validate(now); return err }()); got != "participants=err.required held_on=standard.err.held_future" {
		t.Errorf("forum errors %s", got)
	}
}

func TestFlowSVG(t *testing.T) {
	svg := standard.FlowSVG("Alur <KTP-el>", []string{"Pemohon datang ke loket & mengambil nomor antrean", "Petugas memeriksa berkas", "Kartu diserahkan"})
	for _, want := range []string{`role="img"`, "<title>Alur &lt;KTP-el&gt;</title>", "1. Pemohon datang ke loket &amp; mengambil", "3. Kartu diserahkan"} {
		if !strings.Contains(svg, want) {
			t.Errorf("flow lacks %q:\n%s", want, svg)
		}
	}
	if n := strings.Count(svg, `class="flow-box"`); n != 3 {
		t.Errorf("%d boxes, want 3", n)
	}
	if n := strings.Count(svg, `class="flow-head"`); n != 2 {
		t.Errorf("%d arrows, want 2", n)
	}
}

func TestMaklumatUnsigned(t *testing.T) {
	// A maklumat may wait for its signatory's name until it is signed.
	in := standard.MaklumatInput{Text: standard.MaklumatText, SignatoryPosition: "Kepala Kelurahan Penjaringan"}
	if m, err := in.Validate(wib(2026, 12, 3, 9, 0), func(string) bool { return false }); err != nil || !m.SignedOn.IsZero() {
		t.Errorf("unsigned maklumat: %+v, %v", m, err)
	}
	in.SignatoryNIP = "123"
	if got := fieldKeys(t, func() error {
		_, err := in.Validate(wib(2026, 12, 3, 9, 0), func(string) bool { return false })
		return err
	}()); got != "signatory_nip=unit.err.nip" {
		t.Errorf("bad NIP: %s", got)
	}
}

func TestComplaintLines(t *testing.T) {
	got := standard.ComplaintLines(standard.Channels{FormURL: "https://mutu.example/pengaduan?unit=PKM-1", TrackURL: "https://mutu.example/lacak", Phone: "(021) 123"})
	want := []string{"Formulir pengaduan daring: https://mutu.example/pengaduan?unit=PKM-1", "Pantau tindak lanjut pengaduan dengan kode pelacakan: https://mutu.example/lacak",
		"Telepon: (021) 123", "SP4N-LAPOR! (lapor.go.id)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ComplaintLines = %q", got)
	}
}
