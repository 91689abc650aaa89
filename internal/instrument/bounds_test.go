package instrument

import (
	"strconv"
	"strings"
	"testing"

	"mutu/internal/errs"
)

func TestWithBounds(t *testing.T) {
	v := ombudsman(t, "ombudsman-2023")
	ok := map[string]string{"A": "90,00", "B": "80", "C": "56.01", "D": "44,01"}
	got, err := v.WithBounds(ok, map[string]bool{"A": true})
	if err != nil {
		t.Fatal(err)
	}
	var mins []string
	for _, c := range got.Categories {
		mins = append(mins, c.Kategori+"="+strconv.Itoa(c.Min))
		if c.Unconfirmed == (c.Kategori == "A") {
			t.Errorf("%s unconfirmed: %v", c.Kategori, c.Unconfirmed)
		}
	}
	if strings.Join(mins, " ") != "A=9000 B=8000 C=5601 D=4401 E=0" {
		t.Errorf("bounds: %v", mins)
	}
	// The copy leaves the version it came from alone, and scores with the
	// new bounds: 89,99 is B now.
	if v.Categories[0].Min != 8801 || !v.Categories[0].Unconfirmed {
		t.Errorf("the original changed: %+v", v.Categories[0])
	}
	if r, _ := got.ScoreAspects(equal(got, "89.99")); r.Category.Kategori != "B" {
		t.Errorf("89,99 under the new bounds: %s", r.Category.Kategori)
	}

	// Every problem, each by its field.
	_, err = v.WithBounds(map[string]string{"A": "88,001", "B": "100,5", "C": "90", "D": ""}, nil)
	e, isErr := errs.As(err)
	if !isErr || e.Code != errs.Invalid {
		t.Fatalf("%v", err)
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Name+":"+f.Key)
	}
	// C (90) is above B, but B is itself wrong: only C's own problem
	// against a valid neighbour is reported, so C passes here.
	if want := "min-A:instrument.err.bound min-B:instrument.err.bound min-D:instrument.err.bound"; strings.Join(fields, " ") != want {
		t.Errorf("fields: %s", strings.Join(fields, " "))
	}
	_, err = v.WithBounds(map[string]string{"A": "80", "B": "80", "C": "0", "D": "44,01"}, nil)
	e, _ = errs.As(err)
	fields = nil
	for _, f := range e.Fields {
		fields = append(fields, f.Name+":"+f.Key)
	}
	if want := "min-B:instrument.err.bound_order min-C:instrument.err.bound"; strings.Join(fields, " ") != want {
		t.Errorf("fields: %s", strings.Join(fields, " "))
	}
	// D above C is out of order too.
	if _, err := v.WithBounds(map[string]string{"A": "88,01", "B": "78,01", "C": "50", "D": "60"}, nil); !errs.Is(err, errs.Invalid) {
		t.Errorf("D above C: %v", err)
	}
}
