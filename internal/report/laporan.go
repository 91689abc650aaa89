package report

import (
	"fmt"
	"slices"
	"time"

	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/i18n"
	"mutu/internal/skm"
)

// SKMReport is everything the Laporan SKM of one unit and period shows. The
// caller fills it from the store; LaporanPDF and LaporanXLSX only format it.
type SKMReport struct {
	UnitName, UnitCode, RegionName, UnitType string
	PeriodLabel                              string // "Triwulan III 2026"
	Range                                    skm.Range
	Instrument                               *skm.Instrument
	Result                                   skm.Result      // unit-level IKM (pooled over services)
	Services                                 []ServiceResult // per service
	Population                               int64           // N of the period (0 = not recorded)
	SampleTarget                             int64           // skm.SampleSize(N); 0 with N > 0 is computed here
	// Profile counts respondents per profile field and option code:
	// "sex", "education", "occupation", "age" → code (skm.Sexes,
	// skm.Educations, skm.Occupations, skm.AgeBands) → count. Respondents who
	// left a field blank are the difference to Result.Respondents.
	Profile map[string]map[string]int64
	// Respondents are the rows of the processing sheet. When given they must
	// add up to Result (same respondents and answers), or the builders
	// refuse: the sheet and the chapters must not disagree. Empty means the
	// rows are not included (the XLSX then carries only the totals).
	Respondents []RespondentRow
	Trend       []TrendPoint // earlier periods of the same kind, oldest first
	// TrendKind names the kind of period Trend holds, in Indonesian:
	// "tahun", "semester", "triwulan", "bulan" or "periode" (also when
	// empty).
	TrendKind string
	Actions   []Action // Rencana Tindak Lanjut
	// Schedule is the Waktu Pelaksanaan table; nil derives it from Range
	// with Schedule(Range, Calendar).
	Schedule []Activity
	// Calendar decides which days are working days: the one the complaint
	// deadlines use (weekends and the holidays table). nil means the
	// shipped tables, calendar.Builtin.
	Calendar  *calendar.Calendar
	Generated time.Time // shown in Asia/Jakarta
	Front     Front     // kop surat and lembar pengesahan (laporan_front.go)
}

// ServiceResult is the IKM of one service of the unit.
type ServiceResult struct {
	Name   string
	Result skm.Result
}

// RespondentRow is one row of the processing sheet.
type RespondentRow struct {
	No         int
	Date       string // YYYY-MM-DD, Asia/Jakarta
	Service    string // service name, "" when not given
	Age        int    // years, 0 = not given
	Sex        string // code of skm.Sexes or ""
	Education  string // code of skm.Educations or ""
	Occupation string // code of skm.Occupations or ""
	Answers    []int  // per instrument element, 1–4; 0 = blank
	Saran      string
}

// TrendPoint is the result of an earlier period.
type TrendPoint struct {
	Label    string // "Triwulan II 2026"
	Konversi float64
	Mutu     string
}

// Action is one row of the Rencana Tindak Lanjut.
type Action struct {
	No          int
	Element     string // "U3 Waktu Penyelesaian"
	Programme   string // program/kegiatan
	Timeline    string // "Oktober–Desember 2026"
	Responsible string
	Status      string // "Direncanakan", "Berjalan", "Selesai"…
}

// Activity is one row of the Waktu Pelaksanaan table.
type Activity struct {
	Name        string
	From, To    string // YYYY-MM-DD
	WorkingDays int
}

func parseRange(r skm.Range) (from, to time.Time, err error) {
	from, err1 := time.Parse(time.DateOnly, r.From)
	to, err2 := time.Parse(time.DateOnly, r.To)
	if err1 != nil || err2 != nil || to.Before(from) {
		return from, to, fmt.Errorf("report: invalid range %s – %s", r.From, r.To)
	}
	return from, to, nil
}

// prepared is an SKMReport checked and completed for the builders.
type prepared struct {
	SKMReport
	sheet skm.Result // what the respondent rows compute to (= Result when rows are given)
	sums  []int64    // Σ nilai per element
	saran suggestionSummary
}

// prepare checks r and derives what both builders need.
func prepare(r SKMReport) (*prepared, error) {
	in := r.Instrument
	if in == nil || len(in.Elements) == 0 {
		return nil, fmt.Errorf("report: the report needs its instrument")
	}
	n := len(in.Elements)
	if len(r.Result.Elements) != n {
		return nil, fmt.Errorf("report: result has %d elements, instrument %s has %d", len(r.Result.Elements), in.Code, n)
	}
	for _, s := range r.Services {
		if len(s.Result.Elements) != n {
			return nil, fmt.Errorf("report: service %q has %d elements, instrument has %d", s.Name, len(s.Result.Elements), n)
		}
	}
	if _, _, err := parseRange(r.Range); err != nil {
		return nil, err
	}
	if r.Calendar == nil {
		r.Calendar, _ = calendar.Builtin()
	}
	if r.Schedule == nil {
		s, err := Schedule(r.Range, r.Calendar)
		if err != nil {
			return nil, err
		}
		r.Schedule = s
	}
	if r.SampleTarget == 0 && r.Population > 0 {
		r.SampleTarget = skm.SampleSize(r.Population)
	}
	if !r.Generated.IsZero() {
		r.Generated = r.Generated.In(clock.Jakarta)
	}
	p := &prepared{SKMReport: r, sheet: r.Result}
	p.saran = p.summarizeSuggestions() // read by three sections, and the PDF is drawn twice

	if len(r.Respondents) == 0 {
		// No rows: Σ nilai is NRR × answers, an integer up to float error.
		for _, e := range r.Result.Elements {
			p.sums = append(p.sums, int64(e.NRR*float64(e.Answers)+0.5))
		}
		return p, nil
	}
	t := skm.NewTally(n)
	for _, row := range r.Respondents {
		if len(row.Answers) > n {
			return nil, fmt.Errorf("report: respondent %d has %d answers, instrument has %d", row.No, len(row.Answers), n)
		}
		for _, a := range row.Answers {
			if a < 0 || a > 4 {
				return nil, fmt.Errorf("report: respondent %d: answer %d is not 0–4", row.No, a)
			}
		}
		t.Add(row.Answers)
	}
	sheet, err := skm.Compute(in, t, r.Result.Weighting)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if sheet.Respondents != r.Result.Respondents {
		return nil, fmt.Errorf("report: %d respondent rows, but the result counts %d", sheet.Respondents, r.Result.Respondents)
	}
	for i, e := range sheet.Elements {
		if re := r.Result.Elements[i]; e.Answers != re.Answers || e.NRR != re.NRR {
			return nil, fmt.Errorf("report: respondent rows give %s NRR %v over %d answers, the result %v over %d",
				e.Code, e.NRR, e.Answers, re.NRR, re.Answers)
		}
	}
	p.sheet, p.sums = sheet, t.Sum
	return p, nil
}

// weightLabel describes the weighting of a result for the method text.
func weightLabel(w skm.Weighting, n int) string {
	switch w {
	case skm.Legacy111:
		return "0,111 (bobot pembulatan yang dipakai sebagian laporan lama)"
	case skm.Legacy11:
		return "0,11 (bobot sebagaimana tercetak dalam lampiran Permen)"
	}
	return fmt.Sprintf("1/%d (bobot rata-rata tertimbang yang eksak, tanpa pembulatan)", n)
}

// Display formats, Indonesian: 87,28 and 1.234.
func dec(x float64, places int) string { return i18n.Decimal(i18n.ID, x, places) }
func num(n int64) string               { return i18n.Int(i18n.ID, n) }

// nrrText is an NRR for display, "–" when the element has no answers.
func nrrText(e skm.ElementResult, places int, weighted bool) string {
	if e.Answers == 0 {
		return "–"
	}
	if weighted {
		return dec(e.Weighted, places)
	}
	return dec(e.NRR, places)
}

// ikmText is the IKM (1–4, 3 decimals), "–" when not defined.
func ikmText(r skm.Result) string {
	if !r.Complete {
		return "–"
	}
	return dec(r.IKM, 3)
}

// konversiText is the IKM konversi (2 decimals) as classified: from the
// half-up hundredths, never from a re-rounded float.
func konversiText(r skm.Result) string {
	if !r.Complete {
		return "–"
	}
	return dec(float64(r.KonversiHundredths)/100, 2)
}

// mutuText is "B (Baik)", "–" when not defined.
func mutuText(r skm.Result) string {
	if !r.Complete || r.Mutu == "" {
		return "–"
	}
	return r.Mutu + " (" + r.Kinerja + ")"
}

// percent is n of total as "45,00 %", "–" for an empty total.
func percent(n, total int64) string {
	if total <= 0 {
		return "–"
	}
	return dec(float64(n)*100/float64(total), 2) + " %"
}

// rangeText is "1 Januari – 31 Desember 2026" (the year once when both
// dates share it), or one date.
func rangeText(from, to string) string {
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	switch {
	case err1 != nil || err2 != nil:
		return from + " – " + to
	case from == to:
		return longDate(f)
	case f.Year() == t.Year():
		return fmt.Sprintf("%d %s – %s", f.Day(), longMonths[f.Month()-1], longDate(t))
	}
	return longDate(f) + " – " + longDate(t)
}

// elementCategory is the grade of one element's NRR on the konversi scale
// (NRR × 25), used only to colour charts and to word the analysis.
func elementCategory(in *skm.Instrument, e skm.ElementResult) (skm.Category, bool) {
	if e.Answers == 0 {
		return skm.Category{}, false
	}
	return in.Classify(int64(e.NRR*2500 + 0.5))
}

// ranked returns the answered elements sorted by NRR, lowest first (ties by
// instrument order).
func ranked(r skm.Result) []skm.ElementResult { return skm.Weakest(r, len(r.Elements)) }

// profileDim is one respondent profile field with its options.
type profileDim struct {
	key, title string
	options    []skm.Option
}

var profileDims = []profileDim{
	{"sex", "Jenis Kelamin", skm.Sexes},
	{"education", "Pendidikan", skm.Educations},
	{"occupation", "Pekerjaan", skm.Occupations},
	{"age", "Umur (tahun)", skm.AgeBands},
}

// profileRow is one line of a profile table; code is "" for the
// respondents who left the field blank.
type profileRow struct {
	label string
	count int64
	code  string
}

// profileRows lists a field's options in their official order, codes the
// options do not know (sorted) and "Tidak mengisi" for the rest of the
// respondents.
func (p *prepared) profileRows(d profileDim) []profileRow {
	counts := p.Profile[d.key]
	var rows []profileRow
	var sum int64
	known := map[string]bool{}
	for _, o := range d.options {
		known[o.Code] = true
		rows = append(rows, profileRow{o.Label, counts[o.Code], o.Code})
		sum += counts[o.Code]
	}
	var extra []string
	for code := range counts {
		if !known[code] && counts[code] > 0 {
			extra = append(extra, code)
		}
	}
	slices.Sort(extra)
	for _, code := range extra {
		rows = append(rows, profileRow{code, counts[code], code})
		sum += counts[code]
	}
	if rest := p.Result.Respondents - sum; rest > 0 {
		rows = append(rows, profileRow{"Tidak mengisi", rest, ""})
	}
	return rows
}

// optionLabel is the label of a profile code, the code itself if unknown.
func optionLabel(opts []skm.Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label
		}
	}
	return code
}

// noService names the respondents who gave no service, in the processing
// sheet and the per-service recap alike.
const noService = "(tanpa layanan)"

// serviceKey is the row's service as the processing sheet shows it.
func (rr RespondentRow) serviceKey() string {
	if rr.Service == "" {
		return noService
	}
	return rr.Service
}
