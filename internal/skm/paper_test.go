package skm

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/textcheck"
)

var (
	paperIn  = BuiltinByCode(Current)
	paperNow = time.Date(2026, 6, 15, 10, 0, 0, 0, clock.Jakarta)
	// services of the unit: code and name, both mapped to the ID.
	paperServices = map[string]string{
		"ktp-el": "svc-1", "KTP Elektronik": "svc-1",
		"kk": "svc-2", "Kartu Keluarga (KK)": "svc-2",
	}
)

const paperHeader = "date,time,age,sex,education,occupation,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,saran\n"

func parseCSV(t *testing.T, file string, order Order) ([]PaperRow, error) {
	t.Helper()
	return ParsePaperCSV(strings.NewReader(file), paperIn, order, paperServices, paperNow)
}

// problems lists an error's row problems as "row name key value".
func problems(t *testing.T, err error) []string {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid || e.Key != "import.err.rows" {
		t.Fatalf("want an import.err.rows error, got %v", err)
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, strings.TrimSpace(fmt.Sprintf("%d %s %s %s", f.Row, f.Name, f.Key, f.Value)))
	}
	return out
}

func wantKey(t *testing.T, err error, code errs.Code, key string) *errs.Error {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Code != code || e.Key != key {
		t.Fatalf("want %s %s, got %v", code, key, err)
	}
	return e
}

func TestPaperOrders(t *testing.T) {
	b, err := os.ReadFile("testdata/paper_questionnaire.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		order      Order
		pengaduan  int // Answers[7], U8
		sarana     int // Answers[8], U9
		pengaduan2 int
		sarana2    int
	}{
		// u8 column = 2, u9 column = 1 on line 2; 4 and blank on line 3.
		{PermenOrder, 2, 1, 4, 0},
		{"", 2, 1, 4, 0},
		{QuestionnaireOrder, 1, 2, 0, 4},
	} {
		rows, err := ParsePaperCSV(bytes.NewReader(b), paperIn, tc.order, paperServices, paperNow)
		if err != nil {
			t.Fatalf("%q: %v", tc.order, err)
		}
		if len(rows) != 2 {
			t.Fatalf("%q: %d rows", tc.order, len(rows))
		}
		r := rows[0].Response
		if r.Answers[7] != tc.pengaduan || r.Answers[8] != tc.sarana {
			t.Errorf("%q: U8=%d U9=%d, want %d %d", tc.order, r.Answers[7], r.Answers[8], tc.pengaduan, tc.sarana)
		}
		if r2 := rows[1].Response; r2.Answers[7] != tc.pengaduan2 || r2.Answers[8] != tc.sarana2 {
			t.Errorf("%q row 2: U8=%d U9=%d", tc.order, r2.Answers[7], r2.Answers[8])
		}
	}
	rows, _ := ParsePaperCSV(bytes.NewReader(b), paperIn, QuestionnaireOrder, paperServices, paperNow)
	want := Response{Instrument: Current, Channel: Paper, ServiceID: "svc-1", SurveyDate: "2026-03-05", SurveyTime: "08.00-12.00",
		Age: 35, Sex: "L", Education: "sma", Occupation: "swasta", Answers: []int{4, 3, 3, 4, 3, 3, 4, 1, 2}, Saran: "Ruang tunggu panas"}
	if rows[0].Line != 2 || rows[0].ServiceName != "KTP-el" || !reflect.DeepEqual(rows[0].Response, want) {
		t.Errorf("row 1 = %d %q %+v", rows[0].Line, rows[0].ServiceName, rows[0].Response)
	}
	want2 := Response{Instrument: Current, Channel: Paper, ServiceID: "svc-2", SurveyDate: "2026-03-05", SurveyTime: "13:30",
		Age: 41, Sex: "P", Education: "s1", Occupation: "pns", Answers: []int{3, 3, 3, 3, 3, 3, 3, 0, 4}}
	if rows[1].Line != 3 || !reflect.DeepEqual(rows[1].Response, want2) {
		t.Errorf("row 2 = %d %+v", rows[1].Line, rows[1].Response)
	}
}

func TestPaperHeadersByName(t *testing.T) {
	b, err := os.ReadFile("testdata/paper_names.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Named columns ignore the order option.
	for _, order := range []Order{PermenOrder, QuestionnaireOrder} {
		rows, err := ParsePaperCSV(bytes.NewReader(b), paperIn, order, paperServices, paperNow)
		if err != nil {
			t.Fatalf("%s: %v", order, err)
		}
		want := Response{Instrument: Current, Channel: Paper, ServiceID: "svc-2", SurveyDate: "2026-03-05", SurveyTime: "08:30",
			Sex: "P", Education: "d3", Occupation: "pelajar", Answers: []int{4, 4, 4, 4, 4, 4, 4, 2, 1}, Saran: "Petugas ramah, antrean cepat"}
		if len(rows) != 1 || !reflect.DeepEqual(rows[0].Response, want) {
			t.Errorf("%s: %+v", order, rows)
		}
	}
	// Mixed: u-numbers beside names, names in any case and spacing, English names.
	file := "Date,U1,u2,u3,u4,u5,u6,u7,  sarana   DAN prasarana ,Handling of complaints, suggestions and feedback\n"
	file = strings.Replace(file, "Handling of complaints, suggestions and feedback", `"Handling of complaints, suggestions and feedback"`, 1)
	rows, err := parseCSV(t, file+"2026-01-02,1,1,1,1,1,1,1,3,2\n", QuestionnaireOrder)
	if err != nil || rows[0].Response.Answers[7] != 2 || rows[0].Response.Answers[8] != 3 {
		t.Fatalf("%v %+v", err, rows)
	}
	// A semicolon file, upper-case headers.
	b, _ = os.ReadFile("testdata/paper_semicolon.csv")
	rows, err = ParsePaperCSV(bytes.NewReader(b), paperIn, PermenOrder, nil, paperNow)
	if err != nil || !slices.Equal(rows[0].Response.Answers, []int{1, 2, 3, 4, 1, 2, 3, 4, 1}) {
		t.Fatalf("%v %+v", err, rows)
	}
	// Two columns for one element.
	_, err = parseCSV(t, "date,u1,u2,u3,u4,u5,u6,u7,u8,u9,Sarana dan Prasarana\n2026-01-02,1,1,1,1,1,1,1,1,1,1\n", PermenOrder)
	wantKey(t, err, errs.Invalid, "import.err.duplicate_column")
	// Under questionnaire order u8 is Sarana: named Sarana is its second column.
	if _, err = parseCSV(t, "date,u1,u2,u3,u4,u5,u6,u7,u8,u9,Sarana dan Prasarana\n2026-01-02,1,1,1,1,1,1,1,1,1,1\n", QuestionnaireOrder); err == nil {
		t.Error("Sarana twice under questionnaire order accepted")
	}
}

func TestPaperHeaderProblems(t *testing.T) {
	// Missing columns are named in the file's order.
	_, err := parseCSV(t, "date,u1,u2,u3,u4,u5,u6,u7,u9\n2026-01-02,1,1,1,1,1,1,1,1\n", PermenOrder)
	e := wantKey(t, err, errs.Invalid, "import.err.missing_columns")
	if e.Args[0] != "u8" || e.Args[1] != strings.TrimSpace(paperHeader) {
		t.Errorf("args %v", e.Args)
	}
	_, err = parseCSV(t, "u1,u2,u3,u4,u5,u6,u7,u8\n1,1,1,1,1,1,1,1\n", PermenOrder)
	if e := wantKey(t, err, errs.Invalid, "import.err.missing_columns"); e.Args[0] != "date, u9" {
		t.Errorf("args %v", e.Args)
	}
	// Under questionnaire order, a missing Pengaduan (U8) is column u9.
	_, err = parseCSV(t, "date,u1,u2,u3,u4,u5,u6,u7,u8\n2026-01-02,1,1,1,1,1,1,1,1\n", QuestionnaireOrder)
	if e := wantKey(t, err, errs.Invalid, "import.err.missing_columns"); e.Args[0] != "u9" {
		t.Errorf("args %v", e.Args)
	}
	_, err = parseCSV(t, "date,tanggal,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-01-02,2026-01-02,1,1,1,1,1,1,1,1,1\n", PermenOrder)
	wantKey(t, err, errs.Invalid, "import.err.duplicate_column")
	_, err = parseCSV(t, "date,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-01-02,1,1,1,1,1,1,1,1,1\n", "kuesioner")
	wantKey(t, err, errs.Invalid, "skm.err.order")
	_, err = parseCSV(t, "", PermenOrder)
	wantKey(t, err, errs.Invalid, "import.err.empty")
	_, err = parseCSV(t, paperHeader, PermenOrder)
	wantKey(t, err, errs.Invalid, "import.err.no_rows")
	_, err = parseCSV(t, paperHeader+"\"2026-01-02,1\n", PermenOrder)
	wantKey(t, err, errs.Invalid, "import.err.csv")
	_, err = parseCSV(t, paperHeader+"2026-01-02,\xff\xfe,,,,,,1,1,1,1,1,1,1,1,1,\n", PermenOrder)
	wantKey(t, err, errs.Invalid, "import.err.encoding")
	_, err = parseCSV(t, paperHeader+"2026-01-02,,,,,,,1,1,1,1,1,1,1,1,1,saran\x00\n", PermenOrder)
	wantKey(t, err, errs.Invalid, "import.err.control")

	// Questionnaire order means nothing for the 14 elements of 2004;
	// named columns and Permen order still work.
	old := BuiltinByCode("kepmenpan-25-2004")
	head14 := "date,u1,u2,u3,u4,u5,u6,u7,u8,u9,u10,u11,u12,u13,u14\n"
	row14 := "2026-01-02,1,2,3,4,4,4,4,4,4,4,4,4,4,3\n"
	_, err = ParsePaperCSV(strings.NewReader(head14+row14), old, QuestionnaireOrder, nil, paperNow)
	wantKey(t, err, errs.Invalid, "skm.err.order_instrument")
	rows, err := ParsePaperCSV(strings.NewReader(head14+row14), old, PermenOrder, nil, paperNow)
	if err != nil || len(rows[0].Response.Answers) != 14 || rows[0].Response.Answers[13] != 3 || rows[0].Response.Instrument != "kepmenpan-25-2004" {
		t.Errorf("2004: %v %+v", err, rows)
	}
}

func TestPaperTooManyRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,u1,u2,u3,u4,u5,u6,u7,u8,u9\n")
	for range MaxPaperRows + 1 {
		b.WriteString("2026-01-02,4,4,4,4,4,4,4,4,4\n")
	}
	_, err := parseCSV(t, b.String(), PermenOrder)
	wantKey(t, err, errs.TooLarge, "import.err.too_many_rows")
}

func TestPaperDates(t *testing.T) {
	for _, tc := range []struct{ in, want, key string }{
		{"2026-03-05", "2026-03-05", ""},
		{"2026-3-5", "2026-03-05", ""},
		{"05/03/2026", "2026-03-05", ""},
		{"5/3/2026", "2026-03-05", ""},
		{"05-03-2026", "2026-03-05", ""},
		{"05.03.2026", "2026-03-05", ""},
		{"29/02/2024", "2024-02-29", ""},
		{"2026-06-15", "2026-06-15", ""}, // today in Jakarta
		{"", "", "err.required"},
		{"29/02/2026", "", "skm.err.date"},
		{"2026-13-01", "", "skm.err.date"},
		{"32/01/2026", "", "skm.err.date"},
		{"05/03-2026", "", "skm.err.date"},
		{"03/05/26", "", "skm.err.date"},
		{"5 Maret 2026", "", "skm.err.date"},
		{"1999-12-31", "", "skm.err.date"},
		{"46086", "", "skm.err.date"}, // a serial only counts in a workbook
		{"2026-03-05T08:00:00Z", "", "skm.err.date"},
		{"2026-06-16", "", "skm.err.date_future"},
		{"16/06/2026", "", "skm.err.date_future"},
	} {
		rows, err := parseCSV(t, "date,u1,u2,u3,u4,u5,u6,u7,u8,u9\n"+tc.in+",1,2,3,4,1,2,3,4,1\n", PermenOrder)
		if tc.key == "" {
			if err != nil || rows[0].Response.SurveyDate != tc.want {
				t.Errorf("%q: %v %+v", tc.in, err, rows)
			}
			continue
		}
		if got := problems(t, err); !slices.Equal(got, []string{strings.TrimSpace("2 date " + tc.key + " " + tc.in)}) {
			t.Errorf("%q: %q", tc.in, got)
		}
	}
	// "Today" is the Asia/Jakarta date: at 23:30 UTC on 15 June it is
	// already 16 June in Jakarta.
	late := time.Date(2026, 6, 15, 23, 30, 0, 0, time.UTC)
	if _, err := ParsePaperCSV(strings.NewReader("date,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-06-16,1,1,1,1,1,1,1,1,1\n"), paperIn, PermenOrder, nil, late); err != nil {
		t.Error(err)
	}
}

func TestPaperTimes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"08:30", "08:30"},
		{"8.30", "08:30"},
		{"08.30.00", "08:30"},
		{"13:05:59", "13:05"},
		{"08.00-12.00", "08.00-12.00"},
		{"13.00 - 17.00", "13.00-17.00"},
		{"08:00–12:00", "08.00-12.00"},
		{"8.00 s/d 12.00", "08.00-12.00"},
		{"07.30-24.00", "07.30-24.00"},
		{"24:00", "!"},
		{"08.60", "!"},
		{"12.00-08.00", "!"},
		{"pagi", "!"},
		{"0.5", "!"}, // a fraction of a day only counts in a workbook
		{"830", "!"},
	} {
		rows, err := parseCSV(t, "date,time,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-01-02,\""+tc.in+"\",1,2,3,4,1,2,3,4,1\n", PermenOrder)
		if tc.want == "!" {
			if got := problems(t, err); !slices.Equal(got, []string{"2 time skm.err.time " + tc.in}) {
				t.Errorf("%q: %q", tc.in, got)
			}
			continue
		}
		if err != nil || rows[0].Response.SurveyTime != tc.want {
			t.Errorf("%q: %v %+v", tc.in, err, rows)
		}
	}
}

func TestPaperProfile(t *testing.T) {
	for _, tc := range []struct {
		age, sex, edu, occ string
		want               [4]any // age, sex, education, occupation
	}{
		{"", "", "", "", [4]any{0, "", "", ""}},
		{"10", "L", "sd", "pns", [4]any{10, "L", "sd", "pns"}},
		{"120", "p", "SMP", "TNI", [4]any{120, "P", "smp", "tni"}},
		{"35", "Laki-laki", "D1-D3", "Polri", [4]any{35, "L", "d3", "polri"}},
		{"35", "LAKI-LAKI", "D1–D3", "swasta", [4]any{35, "L", "d3", "swasta"}},
		{"35", "perempuan", "D4/S1", "Pelajar/Mahasiswa", [4]any{35, "P", "s1", "pelajar"}},
		{"35", "Perempuan", "s2", "Pelajar", [4]any{35, "P", "s2", "pelajar"}},
		{"35", "Pria", "SMA/SMK", "Mahasiswa", [4]any{35, "L", "sma", "pelajar"}},
		{"35", "Wanita", "S1", "Wiraswasta", [4]any{35, "P", "s1", "wirausaha"}},
		{"35", "L", "S3", "Lainnya", [4]any{35, "L", "s3", "lainnya"}},
	} {
		file := "date,age,sex,education,occupation,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-01-02," +
			strings.Join([]string{tc.age, tc.sex, tc.edu, tc.occ}, ",") + ",1,2,3,4,1,2,3,4,1\n"
		rows, err := parseCSV(t, file, PermenOrder)
		if err != nil {
			t.Errorf("%v: %v", tc, err)
			continue
		}
		r := rows[0].Response
		if got := [4]any{r.Age, r.Sex, r.Education, r.Occupation}; got != tc.want {
			t.Errorf("%v: got %v", tc, got)
		}
	}
}

func TestPaperRowErrors(t *testing.T) {
	file := paperHeader +
		"2026-01-02,08:00,35,L,SMA,PNS,KTP-el,4,4,4,4,4,4,4,4,4,ok\n" + // line 2: fine
		"\n" + // line 3: blank, skipped (but counted)
		"2026/01/02,25:00,9,X,SLB,Petani,Paspor,0,5,a,4,4,4,4,4,4,\n" + // line 4: everything wrong
		"2026-01-02,,abc,,,,,,,,,,,,,,\n" + // line 5: bad age, no answer
		"2027-01-01,,121,,,,,,3.0,,,,,,,,\n" + // line 6: future, age, answer
		",,,,,,ktp elektronik,1,,,,,,,,,\"" + strings.Repeat("é", MaxSaran+1) + "\"\n" // line 7: date, saran
	_, err := parseCSV(t, file, PermenOrder)
	want := []string{
		"4 date skm.err.date 2026/01/02",
		"4 time skm.err.time 25:00",
		"4 age skm.err.age 9",
		"4 sex skm.err.option X",
		"4 education skm.err.option SLB",
		"4 occupation skm.err.option Petani",
		"4 service service.err.not_found Paspor",
		"4 u1 skm.err.answer_range 0",
		"4 u2 skm.err.answer_range 5",
		"4 u3 skm.err.answer_range a",
		"5 age skm.err.age abc",
		"5 answers skm.err.no_answers",
		"6 date skm.err.date_future 2027-01-01",
		"6 age skm.err.age 121",
		"6 u2 skm.err.answer_range 3.0",
		"7 date err.required",
		"7 saran err.too_long",
	}
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	e, _ := errs.As(err)
	for _, f := range e.Fields {
		if f.Key == "service.err.not_found" && (len(f.Args) != 1 || f.Args[0] != "Paspor") {
			t.Errorf("service args %v", f.Args)
		}
		if f.Key == "err.too_long" && (len(f.Args) != 1 || f.Args[0] != MaxSaran) {
			t.Errorf("saran args %v", f.Args)
		}
	}
	// The problem list is capped.
	var b strings.Builder
	b.WriteString(paperHeader)
	for range 150 {
		b.WriteString("x,,,,,,,9,9,,,,,,,,\n")
	}
	if got := problems(t, mustErr(parseCSV(t, b.String(), PermenOrder))); len(got) != MaxPaperErrors {
		t.Errorf("%d problems", len(got))
	}
}

func mustErr(_ []PaperRow, err error) error { return err }

func TestPaperBlankAnswers(t *testing.T) {
	rows, err := parseCSV(t, paperHeader+"2026-01-02,,,,,,,4,,3,,,,,,1,\n", PermenOrder)
	if err != nil || !slices.Equal(rows[0].Response.Answers, []int{4, 0, 3, 0, 0, 0, 0, 0, 1}) {
		t.Fatalf("%v %+v", err, rows)
	}
	if fs := rows[0].Response.Validate(paperIn, false); len(fs) != 0 {
		t.Errorf("validate: %v", fs)
	}
	_, err = parseCSV(t, paperHeader+"2026-01-02,,,,,,,,,,,,,,,,saran saja\n", PermenOrder)
	if got := problems(t, err); !slices.Equal(got, []string{"2 answers skm.err.no_answers"}) {
		t.Errorf("%q", got)
	}
}

func TestPaperServices(t *testing.T) {
	for in, want := range map[string]string{"KTP-EL": "svc-1", "ktp elektronik": "svc-1", " kk ": "svc-2", "KARTU KELUARGA (KK)": "svc-2", "": ""} {
		rows, err := parseCSV(t, "date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-01-02,\""+in+"\",1,1,1,1,1,1,1,1,1\n", PermenOrder)
		if err != nil || rows[0].Response.ServiceID != want || rows[0].ServiceName != strings.TrimSpace(in) {
			t.Errorf("%q: %v %+v", in, err, rows)
		}
	}
	// No services at all: any service named is unknown.
	_, err := ParsePaperCSV(strings.NewReader("date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-01-02,kk,1,1,1,1,1,1,1,1,1\n"), paperIn, PermenOrder, nil, paperNow)
	if got := problems(t, err); !slices.Equal(got, []string{"2 service service.err.not_found kk"}) {
		t.Errorf("%q", got)
	}
}

// workbook builds an .xlsx in memory.
func workbook(t testing.TB, fill func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f, "Sheet1")
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func setRow(t testing.TB, f *excelize.File, sheet string, row int, vals ...any) {
	t.Helper()
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
		t.Fatal(err)
	}
}

func paperHeaderRow() []any {
	var h []any
	for _, s := range strings.Split(strings.TrimSpace(paperHeader), ",") {
		h = append(h, strings.ToUpper(s[:1])+s[1:])
	}
	return h
}

func TestPaperXLSX(t *testing.T) {
	b := workbook(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, paperHeaderRow()...)
		// Row 2: a real date cell, a real time cell, numbers as numbers.
		setRow(t, f, sheet, 2, time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), nil, 35, "L", "SMA", "Swasta", "KTP-el", 4, 3, 3, 4, 3, 3, 4, 2, 1, "Ruang tunggu panas")
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 20}) // h:mm
		f.SetCellFloat(sheet, "B2", 8.5/24, -1, 64)
		f.SetCellStyle(sheet, "B2", "B2", style)
		// Row 3 blank; row 4 text cells; row 5 a US-formatted date cell
		// (the raw serial is read, not the display).
		setRow(t, f, sheet, 4, "05/03/2026", "08.00-12.00", "", "Perempuan", "D4/S1", "Pelajar/Mahasiswa", "kk", "3", "3", "3", "3", "3", "3", "3", "4", "", "")
		setRow(t, f, sheet, 5, time.Date(2026, 2, 1, 14, 15, 0, 0, time.UTC), "13.00-17.00", nil, nil, nil, nil, nil, 1, 1, 1, 1, 1, 1, 1, 1, 1)
		us, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("mm/dd/yyyy")})
		f.SetCellStyle(sheet, "A5", "A5", us)
		// A second sheet is ignored.
		f.NewSheet("Catatan")
		f.SetCellValue("Catatan", "A1", "tidak dibaca")
	})
	for _, tc := range []struct {
		order          Order
		u8row2, u9row2 int
	}{{PermenOrder, 2, 1}, {QuestionnaireOrder, 1, 2}} {
		rows, err := ParsePaperXLSX(bytes.NewReader(b), paperIn, tc.order, paperServices, paperNow)
		if err != nil {
			t.Fatalf("%s: %v", tc.order, err)
		}
		if len(rows) != 3 || rows[0].Line != 2 || rows[1].Line != 4 || rows[2].Line != 5 {
			t.Fatalf("%s: %+v", tc.order, rows)
		}
		r := rows[0].Response
		want := Response{Instrument: Current, Channel: Paper, ServiceID: "svc-1", SurveyDate: "2026-03-05", SurveyTime: "08:30",
			Age: 35, Sex: "L", Education: "sma", Occupation: "swasta", Answers: []int{4, 3, 3, 4, 3, 3, 4, tc.u8row2, tc.u9row2}, Saran: "Ruang tunggu panas"}
		if !reflect.DeepEqual(r, want) {
			t.Errorf("%s: row 2 = %+v", tc.order, r)
		}
		r = rows[1].Response
		if r.SurveyDate != "2026-03-05" || r.SurveyTime != "08.00-12.00" || r.Sex != "P" || r.Education != "s1" || r.Occupation != "pelajar" || r.ServiceID != "svc-2" {
			t.Errorf("%s: row 4 = %+v", tc.order, r)
		}
		if r := rows[2].Response; r.SurveyDate != "2026-02-01" || r.SurveyTime != "13.00-17.00" {
			t.Errorf("%s: row 5 = %+v", tc.order, r)
		}
	}

	// Row errors carry Excel row numbers; the header may sit below blank rows.
	b = workbook(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 3, paperHeaderRow()...)
		setRow(t, f, sheet, 4, time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), nil, 35, nil, nil, nil, nil, 4, 4, 4, 4, 4, 4, 4, 4, 4)
		setRow(t, f, sheet, 7, time.Date(2027, 3, 5, 0, 0, 0, 0, time.UTC), "pagi", 5, nil, nil, nil, nil, 4, 4, 4, 4, 4, 4, 4, 4, 7)
		setRow(t, f, sheet, 8, 3.5, nil, nil, nil, nil, nil, nil, 4, 4, 4, 4, 4, 4, 4, 4, 4)
	})
	_, err := ParsePaperXLSX(bytes.NewReader(b), paperIn, PermenOrder, paperServices, paperNow)
	want := []string{"7 date skm.err.date_future 46451", "7 time skm.err.time pagi", "7 age skm.err.age 5", "7 u9 skm.err.answer_range 7", "8 date skm.err.date 3.5"}
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Errorf("got %q", got)
	}

	// A header reaching the last column, short rows, a missing date named
	// by its header.
	b = workbook(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9", "Tanggal")
		f.SetCellStr(sheet, "XFD1", "catatan")
		for r := 2; r <= 1000; r++ {
			setRow(t, f, sheet, r, 4, 4, 4, 4, 4, 4, 4, 4, 4, "2026-01-02")
		}
		setRow(t, f, sheet, 1001, 1, 2)
	})
	_, err = ParsePaperXLSX(bytes.NewReader(b), paperIn, PermenOrder, paperServices, paperNow)
	if got := problems(t, err); !slices.Equal(got, []string{"1001 tanggal err.required"}) {
		t.Errorf("got %q", got)
	}

	// Headers by name, in a 1904 workbook.
	b = workbook(t, func(f *excelize.File, sheet string) {
		head := []any{"Tanggal"}
		for _, e := range paperIn.Elements {
			head = append(head, e.Name)
		}
		setRow(t, f, sheet, 1, head...)
		setRow(t, f, sheet, 2, "2026-03-05T00:00:00Z", 1, 2, 3, 4, 1, 2, 3, 4, 1)
		yes := true
		f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes})
		setRow(t, f, sheet, 3, nil, 4, 4, 4, 4, 4, 4, 4, 4, 4)
		f.SetCellFloat(sheet, "A3", 46086-1462, -1, 64) // 2026-03-05 in the 1904 system
	})
	rows, err := ParsePaperXLSX(bytes.NewReader(b), paperIn, QuestionnaireOrder, nil, paperNow)
	if err != nil || len(rows) != 2 || rows[0].Response.SurveyDate != "2026-03-05" || rows[1].Response.SurveyDate != "2026-03-05" ||
		!slices.Equal(rows[0].Response.Answers, []int{1, 2, 3, 4, 1, 2, 3, 4, 1}) {
		t.Errorf("%v %+v", err, rows)
	}
}

func ptr[T any](v T) *T { return &v }

func TestPaperXLSXFileProblems(t *testing.T) {
	parse := func(b []byte) error {
		_, err := ParsePaperXLSX(bytes.NewReader(b), paperIn, PermenOrder, paperServices, paperNow)
		return err
	}
	good := workbook(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, paperHeaderRow()...)
		setRow(t, f, sheet, 2, "2026-03-05", nil, nil, nil, nil, nil, nil, 4, 4, 4, 4, 4, 4, 4, 4, 4)
	})
	if err := parse(good); err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile("testdata/paper_questionnaire.csv")
	for name, b := range map[string][]byte{
		"csv":       csv,
		"random":    bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 1000),
		"truncated": good[:len(good)/2],
		"ole":       append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...),
		"flipped":   flip(good, len(good)/3),
		"zip":       zipOf(t, map[string]string{"hello.txt": "hi"}),
		"bad xml": zipOf(t, map[string]string{"[Content_Types].xml": "<x", "xl/workbook.xml": "<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"/>",
			"xl/_rels/workbook.xml.rels": "<Relationships/>", "xl/worksheets/sheet1.xml": "<worksheet><sheetData><row r=\"1\"><c r=\"ZZZZZ1\"><v>1</v></c>"}),
		"bad cell ref":      withSheet(t, good, `<worksheet><sheetData><row r="1"><c r="ZZZZZ1"><v>1</v></c></row></sheetData></worksheet>`),
		"bad string index":  withSheet(t, good, `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>`),
		"row beyond limit":  withSheet(t, good, `<worksheet><sheetData><row r="9999999"><c><v>1</v></c></row></sheetData></worksheet>`),
		"truncated sheet":   withSheet(t, good, `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c>`),
		"no header content": withSheet(t, good, `<worksheet><sheetData><row r="1"></row><row r="2"><c r="B2"><v>4</v></c></row></sheetData></worksheet>`),
		"bomb":              bombZip(t),
	} {
		err := parse(b)
		t.Logf("%s: %v", name, err)
		if e, ok := errs.As(err); !ok || e.Code != errs.Invalid || !strings.HasPrefix(e.Key, "import.err.") {
			t.Errorf("%s: %v", name, err)
		}
	}
	wantKey(t, parse(nil), errs.Invalid, "import.err.empty")
	wantKey(t, parse(make([]byte, MaxPaperXLSXBytes+1)), errs.TooLarge, "err.too_large")
	empty := workbook(t, func(*excelize.File, string) {})
	wantKey(t, parse(empty), errs.Invalid, "import.err.empty")
	headerOnly := workbook(t, func(f *excelize.File, sheet string) { setRow(t, f, sheet, 1, paperHeaderRow()...) })
	wantKey(t, parse(headerOnly), errs.Invalid, "import.err.no_rows")
	noU9 := workbook(t, func(f *excelize.File, sheet string) { setRow(t, f, sheet, 1, paperHeaderRow()[:15]...) })
	wantKey(t, parse(noU9), errs.Invalid, "import.err.missing_columns")
	long := workbook(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, paperHeaderRow()...)
		setRow(t, f, sheet, 2, "2026-03-05", nil, nil, nil, nil, nil, nil, 4, 4, 4, 4, 4, 4, 4, 4, 4, strings.Repeat("x", MaxPaperCellBytes+1))
	})
	if e := wantKey(t, parse(long), errs.Invalid, "import.err.cell_too_long"); e.Args[0] != 2 {
		t.Errorf("args %v", e.Args)
	}
	// A control character that XML allows (C1, here NEL) is a row error,
	// not text for the database.
	control := workbook(t, func(f *excelize.File, sheet string) {
		setRow(t, f, sheet, 1, paperHeaderRow()...)
		setRow(t, f, sheet, 2, "2026-03-05", nil, nil, nil, nil, nil, nil, 4, 4, 4, 4, 4, 4, 4, 4, 4, "ok")
		setRow(t, f, sheet, 3, "2026-03-05", nil, nil, nil, nil, nil, nil, 4, 4, 4, 4, 4, 4, 4, 4, 4, "bagus\u0085sekali")
	})
	if e := wantKey(t, parse(control), errs.Invalid, "import.err.control"); e.Args[0] != 3 {
		t.Errorf("args %v", e.Args)
	}
}

func TestPaperXLSXTooManyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 50,001-row workbook")
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"date", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"})
	row := []any{"2026-01-02", 4, 4, 4, 4, 4, 4, 4, 4, 4}
	for i := 2; i <= MaxPaperRows+2; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, row)
	}
	sw.Flush()
	var b bytes.Buffer
	f.Write(&b)
	_, err = ParsePaperXLSX(&b, paperIn, PermenOrder, nil, paperNow)
	wantKey(t, err, errs.TooLarge, "import.err.too_many_rows")
}

// withSheet replaces the first worksheet of a workbook.
func withSheet(t testing.TB, wb []byte, sheet string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(b)
	}
	files["xl/worksheets/sheet1.xml"] = sheet
	return zipOf(t, files)
}

func flip(b []byte, at int) []byte {
	c := slices.Clone(b)
	for i := at; i < at+64 && i < len(c); i++ {
		c[i] ^= 0x5a
	}
	return c
}

func zipOf(t testing.TB, files map[string]string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range files {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	z.Close()
	return b.Bytes()
}

// bombZip declares a worksheet of 1 GB; excelize's unzip limit must refuse
// it before inflating anything.
func bombZip(t testing.TB) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, body := range map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"} {
		w, _ := z.Create(name)
		w.Write([]byte(body))
	}
	w, err := z.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store, UncompressedSize64: 1 << 30, CompressedSize64: 1})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("<"))
	z.Close()
	return b.Bytes()
}

// TestPaperXLSXZipBomb inflates a real bomb: 200 MB of zeros in ~200 kB.
func TestPaperXLSXZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("compresses 200 MB")
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("xl/worksheets/sheet1.xml")
	zeros := make([]byte, 1<<20)
	for range 200 {
		w.Write(zeros)
	}
	z.Close()
	_, err := ParsePaperXLSX(&b, paperIn, PermenOrder, nil, paperNow)
	wantKey(t, err, errs.Invalid, "import.err.xlsx")
}

// checkPaperRows is the fuzz property: parsed rows are valid responses.
func checkPaperRows(t *testing.T, rows []PaperRow, err error) {
	if err != nil {
		if _, ok := errs.As(err); !ok {
			t.Fatalf("not an *errs.Error: %v", err)
		}
		if len(rows) != 0 {
			t.Fatal("rows beside an error")
		}
		return
	}
	if len(rows) == 0 {
		t.Fatal("no rows and no error")
	}
	for _, r := range rows {
		if textcheck.Text(r.Response.Saran) != textcheck.OK {
			t.Fatalf("line %d: suggestion %q is not text", r.Line, r.Response.Saran)
		}
		if fs := r.Response.Validate(paperIn, false); len(fs) != 0 {
			t.Fatalf("line %d: %+v invalid: %v", r.Line, r.Response, fs)
		}
		if r.Response.SurveyDate == "" || r.Response.SurveyDate > "2026-06-15" || r.Response.Channel != Paper || r.Response.Instrument != Current {
			t.Fatalf("line %d: %+v", r.Line, r.Response)
		}
	}
}

func FuzzParsePaperCSV(f *testing.F) {
	for _, name := range []string{"paper_questionnaire.csv", "paper_names.csv", "paper_semicolon.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		if _, err := ParsePaperCSV(bytes.NewReader(b), paperIn, PermenOrder, paperServices, paperNow); err != nil {
			f.Fatalf("seed %s: %v", name, err)
		}
		f.Add(b, false)
	}
	f.Add([]byte(paperHeader+"2026/01/02,25:00,9,X,SLB,Petani,Paspor,0,5,a,4,4,4,4,4,4,\n2026-01-02,,abc,,,,,,,,,,,,,,\n"), true)
	f.Add([]byte(paperHeader+"5.3.2026,8.00 s/d 12.00,120,pria,sma/smk,asn,KK,1,,,,,,,,4,\"a\"\"b\"\n"), true)
	f.Fuzz(func(t *testing.T, b []byte, questionnaire bool) {
		order := PermenOrder
		if questionnaire {
			order = QuestionnaireOrder
		}
		rows, err := ParsePaperCSV(bytes.NewReader(b), paperIn, order, paperServices, paperNow)
		checkPaperRows(t, rows, err)
	})
}

// FuzzParsePaperXLSX fuzzes whole files, and, for inputs that are not a zip
// archive, the first worksheet's XML inside a valid workbook (mutating
// compressed bytes alone rarely gets past the zip checksums).
func FuzzParsePaperXLSX(f *testing.F) {
	seed := workbook(f, func(ef *excelize.File, sheet string) {
		setRow(f, ef, sheet, 1, paperHeaderRow()...)
		setRow(f, ef, sheet, 2, time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), "08.00-12.00", 35, "L", "SMA", "Swasta", "KTP-el", 4, 3, 3, 4, 3, 3, 4, 2, 1, "ok")
		setRow(f, ef, sheet, 4, "05/03/2026", 0.5, nil, "P", nil, nil, nil, 1, nil, nil, nil, nil, nil, nil, nil, 4)
		setRow(f, ef, sheet, 5, nil, 46086.354, 120, "Wanita", "D1–D3", "Pelajar", "kk", nil, nil, nil, nil, nil, nil, nil, nil, 2)
		ef.SetCellFloat(sheet, "A5", 46086.75, -1, 64)
	})
	if rows, err := ParsePaperXLSX(bytes.NewReader(seed), paperIn, PermenOrder, paperServices, paperNow); err != nil || len(rows) != 3 || rows[2].Response.SurveyTime != "08:30" {
		f.Fatalf("seed: %v %+v", err, rows)
	}
	f.Add(seed, false)
	f.Add(workbook(f, func(ef *excelize.File, sheet string) {
		setRow(f, ef, sheet, 1, "Tanggal", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "Sarana dan Prasarana", "u9")
		setRow(f, ef, sheet, 2, 46086, 1, 2, 3, 4, 1, 2, 3, 4, 1)
	}), true)
	f.Add(zipOf(f, map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}), false)
	f.Add([]byte(sheetOf(f, seed)), false)
	f.Add([]byte(sheetOf(f, seed)), true)
	f.Add([]byte(`<worksheet><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>date</t></is></c><c r="B2" t="s"><v>7</v></c></row>`+
		`<row r="3"><c r="A3" t="d"><v>2026-03-05T00:00:00Z</v></c><c r="B3"><v>4</v></c></row></sheetData></worksheet>`), false)
	f.Fuzz(func(t *testing.T, b []byte, questionnaire bool) {
		order := PermenOrder
		if questionnaire {
			order = QuestionnaireOrder
		}
		if !bytes.HasPrefix(b, []byte("PK")) {
			b = withSheet(t, seed, string(b))
		}
		rows, err := ParsePaperXLSX(bytes.NewReader(b), paperIn, order, paperServices, paperNow)
		checkPaperRows(t, rows, err)
	})
}

// sheetOf returns the first worksheet's XML of a workbook.
func sheetOf(t testing.TB, wb []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(wb), int64(len(wb)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, _ := io.ReadAll(rc)
	return string(b)
}
