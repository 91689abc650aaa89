package skm

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/tabular"
)

// Order says how the u-numbered answer columns of a paper-survey file map to
// element codes (methods.md §1.1: the codes follow the Permen, the printed
// questionnaire asks Sarana 8th and Pengaduan 9th).
type Order string

const (
	PermenOrder        Order = "permen"        // u8 = Pengaduan (U8), u9 = Sarana (U9)
	QuestionnaireOrder Order = "questionnaire" // u8 column = Sarana (U9), u9 column = Pengaduan (U8)
)

// Limits of a paper-survey file.
const (
	MaxPaperRows      = 50_000               // data rows
	MaxPaperErrors    = 200                  // row problems listed
	MaxPaperCellBytes = 8192                 // one cell (a saran of MaxSaran runes fits)
	MaxPaperXLSXBytes = tabular.MaxXLSXBytes // the uploaded workbook itself (zip bombs: see tabular.OpenXLSX)
	// minPaperYear: earlier survey dates are typing mistakes (the oldest
	// instrument is of 2004).
	minPaperYear = 2000
)

// PaperRow is one parsed row: its file line and the response. UnitID is left
// for the caller; SubmittedAt too (the time of the import).
type PaperRow struct {
	Line        int
	Response    Response
	ServiceName string // the service cell as written, "" when none
}

// PaperHeader is the canonical header of a paper-survey file for in:
// date,time,age,sex,education,occupation,service,u1…uN,saran.
func PaperHeader(in *Instrument) []string {
	h := []string{"date", "time", "age", "sex", "education", "occupation", "service"}
	for i := range in.Elements {
		h = append(h, "u"+strconv.Itoa(i+1))
	}
	return append(h, "saran")
}

// PaperTemplateHeader is the header of the template offered for download,
// in the respondents' and operators' language: tanggal, jam, umur, jenis
// kelamin, pendidikan, pekerjaan, layanan, unsur 1…N, saran. The importer
// reads it like the canonical one.
func PaperTemplateHeader(in *Instrument) []string {
	h := []string{"tanggal", "jam", "umur", "jenis kelamin", "pendidikan", "pekerjaan", "layanan"}
	for i := range in.Elements {
		h = append(h, "unsur "+strconv.Itoa(i+1))
	}
	return append(h, "saran")
}

// ParsePaperCSV reads a paper-survey CSV file (see tabular for the accepted
// dialects). services maps a service code or name (any case) to its ID;
// survey dates after now's Asia/Jakarta date are refused. The file is taken
// whole or not at all: any problem in any row returns an Invalid error
// "import.err.rows" listing every problem (at most MaxPaperErrors) with its
// line and column.
func ParsePaperCSV(r io.Reader, in *Instrument, order Order, services map[string]string, now time.Time) ([]PaperRow, error) {
	t, err := tabular.ReadCSV(r, nil, tabular.Limits{MaxRows: MaxPaperRows, MaxCellBytes: MaxPaperCellBytes})
	if err != nil {
		return nil, err
	}
	p, err := newPaperParser(t.Columns, in, order, services, now, false, false)
	if err != nil {
		return nil, err
	}
	cells := make([]string, len(t.Columns))
	for _, tr := range t.Rows {
		for i, c := range t.Columns {
			cells[i] = tr.Get(c)
		}
		if !p.row(tr.Line, cells) {
			break
		}
	}
	return p.result()
}

// ParsePaperXLSX reads the first worksheet of an Excel workbook with the same
// columns and rules as ParsePaperCSV; the header is the first non-blank row
// and line numbers are Excel row numbers. Date cells may be real dates.
// A file that is not a readable .xlsx (or unpacks to more than 128 MB) is an
// Invalid error "import.err.xlsx".
func ParsePaperXLSX(r io.Reader, in *Instrument, order Order, services map[string]string, now time.Time) (rows []PaperRow, err error) {
	defer func() {
		// excelize parses untrusted XML; a bug there must not take the
		// server down.
		if p := recover(); p != nil {
			rows, err = nil, xlsxError(fmt.Errorf("panic: %v", p))
		}
	}()
	f, err := tabular.OpenXLSX(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	var p *paperParser
	data := 0
	err = tabular.EachXLSXRow(f, MaxPaperCellBytes, func(line int, cells []string) error {
		if p == nil {
			header := make([]string, len(cells))
			for i, c := range cells {
				header[i] = strings.ToLower(strings.TrimSpace(c))
			}
			var err error
			p, err = newPaperParser(header, in, order, services, now, true, date1904)
			return err
		}
		if data++; data > MaxPaperRows {
			return errs.New(errs.TooLarge, "import.err.too_many_rows", MaxPaperRows)
		}
		for i := range cells {
			cells[i] = tabular.Unguard(strings.TrimSpace(cells[i]))
		}
		p.row(line, cells)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, errs.New(errs.Invalid, "import.err.empty")
	}
	if data == 0 {
		return nil, errs.New(errs.Invalid, "import.err.no_rows")
	}
	return p.result()
}

func xlsxError(err error) error {
	return &errs.Error{Code: errs.Invalid, Key: "import.err.xlsx", Err: err}
}

// profile columns, with the Indonesian headers accepted beside the English ones.
var paperAliases = map[string]string{
	"date": "date", "tanggal": "date", "tgl": "date", "tanggal survei": "date",
	"time": "time", "jam": "time", "waktu": "time", "waktu survei": "time",
	"age": "age", "umur": "age", "usia": "age",
	"sex": "sex", "jenis kelamin": "sex", "jk": "sex",
	"education": "education", "pendidikan": "education", "pendidikan terakhir": "education",
	"occupation": "occupation", "pekerjaan": "occupation", "pekerjaan utama": "occupation",
	"service": "service", "layanan": "service", "jenis layanan": "service",
	"saran": "saran", "masukan": "saran", "saran dan masukan": "saran", "saran/masukan": "saran",
	"tanggal pengisian": "date", "tanggal survey": "date", "jam pelayanan": "time", "jam layanan": "time",
	"umur (tahun)": "age", "usia (tahun)": "age", "jenis kelamin (l/p)": "sex", "l/p": "sex",
	"kritik dan saran": "saran", "saran dan kritik": "saran",
}

// uColumnRE matches an answer column: "u3", "U 3" or "unsur 3".
var uColumnRE = regexp.MustCompile(`^(?:u|unsur) ?([1-9][0-9]?)$`)

// normHeader folds a header for matching: lower case, single spaces, "_" as
// a space, dashes as "-".
func normHeader(h string) string {
	h = strings.ToLower(h)
	h = strings.NewReplacer("_", " ", "–", "-", "—", "-").Replace(h)
	return strings.Join(strings.Fields(h), " ")
}

// hasPermenLayout reports whether questionnaire order applies: the nine
// elements U1…U9 of PermenPANRB 14/2017.
func hasPermenLayout(in *Instrument) bool {
	if len(in.Elements) != 9 {
		return false
	}
	for i, e := range in.Elements {
		if e.Code != "U"+strconv.Itoa(i+1) {
			return false
		}
	}
	return true
}

// columnCode maps answer column uN to an element code under an order.
func columnCode(n int, order Order) string {
	if order == QuestionnaireOrder {
		switch n {
		case 8:
			return "U9"
		case 9:
			return "U8"
		}
	}
	return "U" + strconv.Itoa(n)
}

// paperParser holds the column map of one file and collects its rows and
// problems.
type paperParser struct {
	in       *Instrument
	header   []string       // lower-cased headers, the names problems carry
	col      map[string]int // profile column → index
	elem     []int          // element index → column index
	services map[string]string
	today    string
	xlsx     bool
	date1904 bool
	rows     []PaperRow
	problems []errs.Field
}

func newPaperParser(header []string, in *Instrument, order Order, services map[string]string, now time.Time, xlsx, date1904 bool) (*paperParser, error) {
	switch order {
	case "":
		order = PermenOrder
	case PermenOrder, QuestionnaireOrder:
	default:
		return nil, errs.New(errs.Invalid, "skm.err.order")
	}
	p := &paperParser{in: in, header: header, col: map[string]int{}, elem: make([]int, len(in.Elements)),
		services: map[string]string{}, today: clock.LocalDate(now), xlsx: xlsx, date1904: date1904}
	for k, v := range services {
		p.services[strings.ToLower(strings.TrimSpace(k))] = v
	}
	for i := range p.elem {
		p.elem[i] = -1
	}
	names := map[string]int{}
	for i, e := range in.Elements {
		for _, n := range []string{e.Name, e.NameEN} {
			if n = normHeader(n); n != "" {
				if _, taken := names[n]; !taken {
					names[n] = i
				}
			}
		}
	}
	seen := map[string]bool{}
	for i, h := range header {
		key := normHeader(h)
		if key == "" {
			continue
		}
		if seen[key] {
			return nil, errs.New(errs.Invalid, "import.err.duplicate_column", h)
		}
		seen[key] = true
		if name, ok := paperAliases[key]; ok {
			if _, dup := p.col[name]; dup {
				return nil, errs.New(errs.Invalid, "import.err.duplicate_column", h)
			}
			p.col[name] = i
			continue
		}
		idx := -1
		if m := uColumnRE.FindStringSubmatch(key); m != nil {
			n, _ := strconv.Atoi(m[1])
			if order == QuestionnaireOrder && !hasPermenLayout(in) {
				return nil, errs.New(errs.Invalid, "skm.err.order_instrument")
			}
			idx = in.ElementIndex(columnCode(n, order))
		} else if j, ok := names[key]; ok {
			idx = j
		}
		if idx < 0 {
			continue // a column Mutu does not read (a number, the unit's own questions…)
		}
		if p.elem[idx] >= 0 {
			return nil, errs.New(errs.Invalid, "import.err.duplicate_column", h)
		}
		p.elem[idx] = i
	}
	var missing []string
	if _, ok := p.col["date"]; !ok {
		missing = append(missing, "date")
	}
	for i, c := range p.elem {
		if c < 0 {
			missing = append(missing, p.elemColumn(i, order))
		}
	}
	if len(missing) > 0 {
		return nil, errs.New(errs.Invalid, "import.err.missing_columns", strings.Join(missing, ", "), strings.Join(PaperHeader(in), ","))
	}
	return p, nil
}

// elemColumn names the u-column element i is expected in.
func (p *paperParser) elemColumn(i int, order Order) string {
	if order == QuestionnaireOrder && hasPermenLayout(p.in) {
		for n := 1; n <= 9; n++ {
			if columnCode(n, order) == p.in.Elements[i].Code {
				return "u" + strconv.Itoa(n)
			}
		}
	}
	return "u" + strconv.Itoa(i+1)
}

// row parses one data row; it reports false once the problem list is full.
func (p *paperParser) row(line int, cells []string) bool {
	get := func(name string) (string, string) {
		i, ok := p.col[name]
		switch {
		case !ok:
			return "", name
		case i >= len(cells): // a short row in a workbook
			return "", p.header[i]
		}
		return cells[i], p.header[i]
	}
	var fs []errs.Field
	bad := func(col, key string, value string, args ...any) {
		fs = append(fs, errs.Field{Row: line, Name: col, Key: key, Args: args, Value: value})
	}
	resp := Response{Instrument: p.in.Code, Channel: Paper, Answers: make([]int, len(p.in.Elements))}

	v, col := get("date")
	if date, key := p.date(v); key != "" {
		bad(col, key, v)
	} else {
		resp.SurveyDate = date
	}
	if v, col := get("time"); v != "" {
		if t, ok := p.time(v); ok {
			resp.SurveyTime = t
		} else {
			bad(col, "skm.err.time", v)
		}
	}
	if v, col := get("age"); v != "" {
		if age, err := strconv.Atoi(v); err == nil && age >= 10 && age <= 120 {
			resp.Age = age
		} else {
			bad(col, "skm.err.age", v)
		}
	}
	for _, f := range []struct {
		name string
		opts []Option
		dst  *string
	}{{"sex", Sexes, &resp.Sex}, {"education", Educations, &resp.Education}, {"occupation", Occupations, &resp.Occupation}} {
		v, col := get(f.name)
		if code, ok := normalizePaperOption(f.opts, v); ok {
			*f.dst = code
		} else {
			bad(col, "skm.err.option", v)
		}
	}
	var serviceName string
	if v, col := get("service"); v != "" {
		serviceName = v
		if id, ok := p.services[strings.ToLower(v)]; ok {
			resp.ServiceID = id
		} else {
			bad(col, "service.err.not_found", v, v)
		}
	}
	filled := 0 // answers given, valid or not
	for i, c := range p.elem {
		v := ""
		if c < len(cells) {
			v = cells[c]
		}
		switch v {
		case "":
			continue
		case "1", "2", "3", "4":
			resp.Answers[i] = int(v[0] - '0')
		default:
			bad(p.header[c], "skm.err.answer_range", v)
		}
		filled++
	}
	if filled == 0 {
		bad("answers", "skm.err.no_answers", "")
	}
	v, col = get("saran")
	if utf8.RuneCountInString(v) > MaxSaran {
		bad(col, "err.too_long", "", MaxSaran)
	} else {
		resp.Saran = v
	}
	if len(fs) == 0 {
		// The parser builds only valid responses; this keeps it so if
		// Validate ever grows a rule the parser misses.
		for _, f := range resp.Validate(p.in, false) {
			f.Row = line
			fs = append(fs, f)
		}
	}
	if len(fs) > 0 {
		p.problems = append(p.problems, fs[:min(len(fs), MaxPaperErrors-len(p.problems))]...)
		return len(p.problems) < MaxPaperErrors
	}
	p.rows = append(p.rows, PaperRow{Line: line, Response: resp, ServiceName: serviceName})
	return true
}

func (p *paperParser) result() ([]PaperRow, error) {
	if err := errs.Fields("import.err.rows", p.problems); err != nil {
		return nil, err
	}
	return p.rows, nil
}

var (
	isoDateRE   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	dmyDateRE   = regexp.MustCompile(`^(\d{1,2})([/.-])(\d{1,2})([/.-])(\d{4})$`)
	xlsxStampRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?Z?$`)
	serialRE    = regexp.MustCompile(`^\d{1,7}(\.\d+)?$`)
)

// date parses a survey date: YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or
// DD.MM.YYYY, and in a workbook also a date cell (a serial number or an ISO
// timestamp). It returns the date or the key of the problem.
func (p *paperParser) date(v string) (string, string) {
	if v == "" {
		return "", "err.required"
	}
	var y, m, d int
	switch {
	case p.xlsx && serialRE.MatchString(v):
		f, _ := strconv.ParseFloat(v, 64)
		if f < 1 || f > 2958465 { // 9999-12-31
			return "", "skm.err.date"
		}
		t, err := excelize.ExcelDateToTime(math.Floor(f), p.date1904)
		if err != nil {
			return "", "skm.err.date"
		}
		y, m, d = t.Year(), int(t.Month()), t.Day()
	case p.xlsx && xlsxStampRE.MatchString(v):
		return p.date(xlsxStampRE.FindStringSubmatch(v)[1])
	default:
		if s := isoDateRE.FindStringSubmatch(v); s != nil {
			y, m, d = atoi(s[1]), atoi(s[2]), atoi(s[3])
		} else if s := dmyDateRE.FindStringSubmatch(v); s != nil && s[2] == s[4] {
			d, m, y = atoi(s[1]), atoi(s[3]), atoi(s[5])
		} else {
			return "", "skm.err.date"
		}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d || y < minPaperYear {
		return "", "skm.err.date"
	}
	date := t.Format(time.DateOnly)
	if date > p.today {
		return "", "skm.err.date_future"
	}
	return date, ""
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

var (
	clockRE = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?$`)
	slotRE  = regexp.MustCompile(`^(\d{1,2})[:.](\d{2})\s*(?:-|–|—|s/d|s\.d\.?|sd|sampai)\s*(\d{1,2})[:.](\d{2})$`)
	fracRE  = regexp.MustCompile(`^\d*\.\d+$`)
)

// time parses a survey time: "HH:MM" or "HH.MM" (stored "HH:MM"), or a slot
// "08.00-12.00" (stored "HH.MM-HH.MM"); in a workbook also a time cell.
func (p *paperParser) time(v string) (string, bool) {
	v = strings.ToLower(v)
	if p.xlsx && fracRE.MatchString(v) {
		// A time cell is a fraction of a day; a date-time cell has the
		// date before the point.
		if f, err := strconv.ParseFloat(v, 64); err == nil && (f < 1 || f >= 366) {
			_, frac := math.Modf(f)
			mins := int(math.Round(frac * 24 * 60))
			if mins < 24*60 {
				return fmt.Sprintf("%02d:%02d", mins/60, mins%60), true
			}
		}
	}
	if s := clockRE.FindStringSubmatch(v); s != nil {
		h, m := atoi(s[1]), atoi(s[2])
		if h < 24 && m < 60 {
			return fmt.Sprintf("%02d:%02d", h, m), true
		}
		return "", false
	}
	if s := slotRE.FindStringSubmatch(v); s != nil {
		h1, m1, h2, m2 := atoi(s[1]), atoi(s[2]), atoi(s[3]), atoi(s[4])
		if h1 < 24 && m1 < 60 && (h2 < 24 && m2 < 60 || h2 == 24 && m2 == 0) && h1*60+m1 < h2*60+m2 {
			return fmt.Sprintf("%02d.%02d-%02d.%02d", h1, m1, h2, m2), true
		}
	}
	return "", false
}

// paperOptionAliases are the spellings of profile options found on paper
// forms and in spreadsheets, beyond the codes and labels NormalizeOption knows.
var paperOptionAliases = map[string]string{
	// sex
	"laki laki": "L", "lakilaki": "L", "pria": "L", "lk": "L",
	"wanita": "P", "pr": "P",
	// education
	"sltp": "smp", "sma/smk": "sma", "smk": "sma", "slta": "sma", "smu": "sma", "ma": "sma",
	"d1": "d3", "d2": "d3", "diii": "d3", "d-iii": "d3", "d1-d3": "d3", "d1 - d3": "d3", "diploma": "d3",
	"d4": "s1", "div": "s1", "d-iv": "s1", "s1/d4": "s1", "d4/s1": "s1", "sarjana": "s1",
	// occupation
	"asn": "pns", "mahasiswa": "pelajar", "pelajar/mahasiswa": "pelajar", "wiraswasta": "wirausaha",
	"pegawai swasta": "swasta", "lain-lain": "lainnya", "lain lain": "lainnya",
}

// normalizePaperOption maps a cell to an option code: a code or label (via
// NormalizeOption) or a known alias.
func normalizePaperOption(opts []Option, v string) (string, bool) {
	if code, ok := NormalizeOption(opts, v); ok {
		return code, true
	}
	key := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(v, "–", "-"))), " ")
	if code, ok := paperOptionAliases[key]; ok && hasOption(opts, code) {
		return code, true
	}
	return "", false
}
