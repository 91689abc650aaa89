package scorecard_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"mutu/internal/errs"
	"mutu/internal/finding"
	"mutu/internal/region"
	"mutu/internal/scorecard"
	"mutu/internal/skm"
	"mutu/internal/standard"
	"mutu/internal/unit"
)

// fake answers from maps; Survey by the range's first day, then group key.
// Build reads side by side: what it asked is recorded under mu.
type fake struct {
	mu       sync.Mutex
	units    []unit.Unit
	regions  []region.Region
	survey   map[string]map[string]skm.Result
	groups   []map[string][]string // what Survey was asked
	visits   map[string][]scorecard.Visit
	onTime   map[int]map[string]scorecard.OnTime
	coverage map[string]standard.Coverage
	innov    map[string]scorecard.Innovations
	findings map[string]finding.Stats
	opinions map[string]scorecard.Opinion
	scopes   []scorecard.Scope
}

func (f *fake) Units(_ context.Context, s scorecard.Scope) ([]unit.Unit, error) {
	var out []unit.Unit
	for _, u := range f.units {
		if region.Within(u.RegionCode, s.RegionCode) && (s.UnitIDs == nil || slices.Contains(s.UnitIDs, u.ID)) {
			out = append(out, u)
		}
	}
	return out, nil
}

func (f *fake) Regions(_ context.Context, codes []string) ([]region.Region, error) {
	var out []region.Region
	for _, r := range f.regions {
		if slices.Contains(codes, r.Code) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (f *fake) Survey(_ context.Context, groups map[string][]string, r skm.Range) (map[string]skm.Result, error) {
	f.mu.Lock()
	f.groups = append(f.groups, groups)
	f.mu.Unlock()
	out := map[string]skm.Result{}
	for k := range groups {
		if res, ok := f.survey[r.From][k]; ok {
			out[k] = res
		}
	}
	return out, nil
}

func (f *fake) Visits(_ context.Context, s scorecard.Scope) (map[string][]scorecard.Visit, error) {
	f.mu.Lock()
	f.scopes = append(f.scopes, s)
	f.mu.Unlock()
	return f.visits, nil
}

func (f *fake) Complaints(_ context.Context, _ scorecard.Scope, year int) ([2]map[string]scorecard.OnTime, error) {
	return [2]map[string]scorecard.OnTime{f.onTime[year], f.onTime[year-1]}, nil
}

func (f *fake) Coverage(context.Context, []string) (map[string]standard.Coverage, error) {
	return f.coverage, nil
}

func (f *fake) Innovations(context.Context, scorecard.Scope) (map[string]scorecard.Innovations, error) {
	return f.innov, nil
}

func (f *fake) Findings(context.Context, scorecard.Scope) (map[string]finding.Stats, error) {
	return f.findings, nil
}

func (f *fake) Compliance(context.Context, []string) (map[string]scorecard.Opinion, error) {
	return f.opinions, nil
}

func result(hundredths int64) skm.Result {
	return skm.Result{Respondents: 10, Complete: true, KonversiHundredths: hundredths, Konversi: float64(hundredths) / 100}
}

// 15 Nov 2026 WIB: the fourth quarter of 2026 is current.
var now = time.Date(2026, 11, 15, 3, 0, 0, 0, time.UTC)

func newFake() *fake {
	return &fake{
		units: []unit.Unit{
			{ID: "a", Code: "PKM-31.72.01", Name: "Puskesmas Penjaringan", TypeCode: "puskesmas", RegionCode: "31.72.01"},
			{ID: "b", Code: "KEL-31.72.01.1001", Name: "Kelurahan Kamal Muara", TypeCode: "kelurahan", RegionCode: "31.72.01.1001"},
			{ID: "c", Code: "PKM-31.72.02", Name: "Puskesmas Tanjung Priok", TypeCode: "puskesmas", RegionCode: "31.72.02"},
			{ID: "d", Code: "DKP-31.72", Name: "Sudin Dukcapil", TypeCode: "dinas", RegionCode: "31.72"},
			{ID: "e", Code: "PKM-31.74.01", Name: "Puskesmas Tebet", TypeCode: "puskesmas", RegionCode: "31.74.01"},
		},
		regions: []region.Region{
			{Code: "31.72", Name: "Jakarta Utara", Level: region.City},
			{Code: "31.72.01", Name: "Penjaringan", Level: region.District},
			{Code: "31.72.02", Name: "Tanjung Priok", Level: region.District},
			{Code: "31.74", Name: "Jakarta Selatan", Level: region.City},
			{Code: "31.74.01", Name: "Tebet", Level: region.District},
		},
		survey: map[string]map[string]skm.Result{
			"2026-04-01": {"a": result(8000), "b": result(9000), "city:31.72": result(8500)},
			"2026-07-01": {"a": result(8200), "b": result(8800), "c": result(7000), "city:31.72": result(8400), "city:31.74": result(7700)},
			// this quarter: a has answers (not yet every element), b none
			"2026-10-01": {"a": {Respondents: 3}, "c": result(7600), "e": result(9100), "city:31.72": result(7800), "city:31.74": result(9100)},
		},
		visits: map[string][]scorecard.Visit{
			"a": {{IPP: 350, Category: "B"}, {IPP: 410, Category: "A-"}},
			"c": {{IPP: 300, Category: "C"}},
		},
		onTime: map[int]map[string]scorecard.OnTime{
			2026: {"a": {OnTime: 9, Judged: 10}, "c": {OnTime: 1, Judged: 4}},
			2025: {"a": {OnTime: 9, Judged: 10}, "c": {OnTime: 3, Judged: 4}},
		},
		coverage: map[string]standard.Coverage{"a": {Services: 4, Current: 3}, "c": {Services: 2, Current: 2}, "d": {Services: 5}},
		innov:    map[string]scorecard.Innovations{"d": {Launched: 2, Total: 3}},
		findings: map[string]finding.Stats{"a": {Open: 1, Overdue: 2, Answered: 4}},
		opinions: map[string]scorecard.Opinion{"c": {Score: 88.5, Label: "Kualitas Tertinggi"}},
	}
}

var jakut = region.Region{Code: "31.72", Name: "Jakarta Utara", Level: region.City}

func rowOf(t *testing.T, c *scorecard.Card, id string) scorecard.Row {
	t.Helper()
	for _, r := range c.Rows {
		if r.Unit.ID == id {
			return r
		}
	}
	t.Fatalf("no row %s", id)
	return scorecard.Row{}
}

func codes(rows []scorecard.Row) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Unit.ID)
	}
	return out
}

func TestBuildFigures(t *testing.T) {
	f := newFake()
	c, err := scorecard.Build(context.Background(), f, scorecard.Query{Region: jakut, Scope: scorecard.Scope{RegionCode: "31.72"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if c.Total != 4 || len(c.Rows) != 4 || c.Cities != nil {
		t.Fatalf("units %d rows %d cities %v", c.Total, len(c.Rows), c.Cities)
	}
	// a has answers this quarter but no complete result: this quarter is
	// its latest (as the unit page), with no IKM and so no trend.
	a := rowOf(t, c, "a")
	if a.IKM.Period != "2026-T4" || a.IKM.HasNow || a.IKM.Trend != scorecard.NoTrend || a.IKM.PrevPeriod != "2026-T3" {
		t.Errorf("a's IKM %+v", a.IKM)
	}
	// b has none this quarter: the last quarter's, against the one before.
	b := rowOf(t, c, "b")
	if b.IKM.Period != "2026-T3" || b.IKM.Now.KonversiHundredths != 8800 || b.IKM.Trend != scorecard.Down || b.IKM.PrevPeriod != "2026-T2" {
		t.Errorf("b's IKM %+v", b.IKM)
	}
	cc := rowOf(t, c, "c")
	if cc.IKM.Trend != scorecard.Up || cc.IPP.IPP != 300 || cc.PrevIPP != nil || cc.IPPTrend != scorecard.NoTrend {
		t.Errorf("c %+v", cc.Figures)
	}
	if a.IPP.IPP != 410 || a.PrevIPP.IPP != 350 || a.IPPTrend != scorecard.Up {
		t.Errorf("a's IPP %+v %+v %v", a.IPP, a.PrevIPP, a.IPPTrend)
	}
	if a.OnTimeTrend != scorecard.Same || cc.OnTimeTrend != scorecard.Down || cc.OnTime.Rate() != 25 {
		t.Errorf("on time a %v c %v %v", a.OnTimeTrend, cc.OnTimeTrend, cc.OnTime.Rate())
	}
	if a.OpenFindings != 3 || a.Overdue != 2 || cc.Opinion == nil || cc.Opinion.Label != "Kualitas Tertinggi" || a.Opinion != nil {
		t.Errorf("findings %d/%d opinion %+v", a.OpenFindings, a.Overdue, cc.Opinion)
	}
	d := rowOf(t, c, "d")
	if d.Innovations.Launched != 2 || d.District.Code != "" || d.City.Name != "Jakarta Utara" || a.District.Name != "Penjaringan" {
		t.Errorf("d %+v, a in %+v", d, a.District)
	}
	if len(c.Districts) != 2 || c.Districts[0].Name != "Penjaringan" || !slices.Equal(c.Types, []string{"dinas", "kelurahan", "puskesmas"}) {
		t.Errorf("choices %+v %v", c.Districts, c.Types)
	}
	// Default order: IKM, highest first; units without one last.
	if got := codes(c.Rows); !slices.Equal(got, []string{"b", "c", "d", "a"}) {
		t.Errorf("order %v", got)
	}
	// The quarter before last is read only for the units without answers
	// this quarter.
	if len(f.groups) != 3 {
		t.Fatalf("%d survey reads", len(f.groups))
	}
	older := f.groups[2]
	if _, ok := older["b"]; !ok || len(older) != 2 || older["d"] == nil {
		t.Errorf("the third read asked %v", older)
	}
	// Figures are read for the scope's units only.
	if s := f.scopes[0]; s.RegionCode != "31.72" || len(s.UnitIDs) != 4 {
		t.Errorf("scope %+v", s)
	}
}

func TestBuildFiltersAndSorts(t *testing.T) {
	ctx := context.Background()
	q := scorecard.Query{Region: jakut, Scope: scorecard.Scope{RegionCode: "31.72"}, Now: now}
	for _, tc := range []struct {
		district, typ, sort string
		desc                bool
		want                []string
	}{
		{district: "31.72.01", want: []string{"b", "a"}},
		{typ: "puskesmas", sort: "nama", want: []string{"a", "c"}},
		{typ: "puskesmas", sort: "nama", desc: true, want: []string{"c", "a"}},
		{sort: "ipp", desc: true, want: []string{"a", "c", "d", "b"}},
		{sort: "ipp", want: []string{"c", "a", "d", "b"}}, // without a figure: last either way, by code
		{sort: "tepat", want: []string{"c", "a", "d", "b"}},
		{sort: "standar", desc: true, want: []string{"c", "a", "d", "b"}},
		{sort: "inovasi", desc: true, want: []string{"d", "b", "a", "c"}},
		{sort: "temuan", desc: true, want: []string{"a", "d", "b", "c"}},
		{sort: "opini", want: []string{"c", "d", "b", "a"}},
	} {
		q := q
		q.District, q.Type, q.Sort, q.Desc = tc.district, tc.typ, tc.sort, tc.desc
		c, err := scorecard.Build(ctx, newFake(), q)
		if err != nil {
			t.Fatal(err)
		}
		if got := codes(c.Rows); !slices.Equal(got, tc.want) {
			t.Errorf("%+v: %v, want %v", tc, got, tc.want)
		}
		if c.Total != 4 || len(c.Districts) != 2 {
			t.Errorf("%+v: the choices follow the scope, not the filter: %d %v", tc, c.Total, c.Districts)
		}
	}
	for _, tc := range []struct {
		q     scorecard.Query
		field string
	}{
		{scorecard.Query{Sort: "warna"}, "urut"},
		{scorecard.Query{District: "31.74.01"}, "kecamatan"}, // outside the region
		{scorecard.Query{District: "31.72.01.1001"}, "kecamatan"},
		{scorecard.Query{Type: "sekolah"}, "jenis"}, // no such type in the scope
	} {
		tc.q.Region, tc.q.Scope, tc.q.Now = jakut, q.Scope, now
		_, err := scorecard.Build(ctx, newFake(), tc.q)
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Name != tc.field {
			t.Errorf("%+v: %v", tc.q, err)
		}
	}
}

func TestBuildComparesCities(t *testing.T) {
	f := newFake()
	dki := region.Region{Code: "31", Name: "DKI Jakarta", Level: region.Province}
	c, err := scorecard.Build(context.Background(), f, scorecard.Query{Region: dki, Scope: scorecard.Scope{RegionCode: "31"}, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Cities) != 2 || c.Cities[0].Region.Name != "Jakarta Utara" || c.Cities[1].Units != 1 {
		t.Fatalf("cities %+v", c.Cities)
	}
	ju := c.Cities[0]
	// The city's IKM is its units pooled (asked as one group), this quarter's.
	if ju.Units != 4 || ju.IKM.Now.KonversiHundredths != 7800 || ju.IKM.Trend != scorecard.Down {
		t.Errorf("Jakarta Utara IKM %+v", ju.IKM)
	}
	if g := f.groups[0]["city:31.72"]; len(g) != 4 {
		t.Errorf("pooled group %v", g)
	}
	// The rest add up; the IPP is the mean of the units' latest.
	if ju.OnTime != (scorecard.OnTime{OnTime: 10, Judged: 14}) || ju.Coverage != (standard.Coverage{Services: 11, Current: 5}) ||
		ju.Innovations.Launched != 2 || ju.OpenFindings != 3 || ju.IPPUnits != 2 || ju.IPPMean != 3.55 {
		t.Errorf("Jakarta Utara %+v", ju.Figures)
	}
	// Filtered, a province compares no cities.
	c, err = scorecard.Build(context.Background(), newFake(), scorecard.Query{Region: dki, Scope: scorecard.Scope{RegionCode: "31"}, Now: now, Type: "puskesmas"})
	if err != nil || c.Cities != nil || len(c.Rows) != 3 {
		t.Errorf("filtered province: %v %v", c, err)
	}
}

func TestOnTimeRate(t *testing.T) {
	for _, tc := range []struct {
		o    scorecard.OnTime
		want float64
	}{{scorecard.OnTime{}, 0}, {scorecard.OnTime{OnTime: 1, Judged: 3}, 100.0 / 3}, {scorecard.OnTime{OnTime: 4, Judged: 4}, 100}} {
		if got := tc.o.Rate(); got != tc.want {
			t.Errorf("%+v: %v", tc.o, got)
		}
	}
}
