package standard

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/errs"
)

// Limits of the text a standard holds.
const (
	MaxItems    = 40   // lines per list
	MaxLine     = 600  // characters per line
	MaxText     = 4000 // characters of a free text (maklumat, minutes)
	MaxTimeDays = 365  // a time limit beyond a year is a typing error
	MaxFeeRp    = 1_000_000_000_000
)

// Lines splits a multi-line text into its non-empty lines, trimmed, with a
// leading list mark ("-", "•", "1.") removed: the form edits every list as
// one line per item.
func Lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		l = strings.TrimSpace(strings.TrimLeft(l, "-•*"))
		if i := strings.IndexAny(l, ".)"); i > 0 && i <= 3 {
			if _, err := strconv.Atoi(l[:i]); err == nil {
				l = strings.TrimSpace(l[i+1:])
			}
		}
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Edit is the content of a draft as every channel hands it in (the staff
// form, the demo seed, later an import): lists as lines, the number, unit
// and fee as typed. Validate turns it into Content.
type Edit struct {
	Requirements, Steps, Complaints []string
	TimeValue, TimeUnit, TimeNote   string
	FeeKind, FeeAmount, FeeBasis    string
	Product                         string
	Internal                        Internal
}

// EditOf is the input that reproduces c (to edit a version).
func EditOf(c Content) Edit {
	e := Edit{Requirements: c.Requirements, Steps: c.Steps, Complaints: c.Complaints, TimeNote: c.TimeNote,
		TimeUnit: string(c.Time.Unit), FeeKind: string(c.Fee.Kind), FeeBasis: c.Fee.Basis, Product: c.Product, Internal: c.Internal}
	if c.Time.Value > 0 {
		e.TimeValue = strconv.Itoa(c.Time.Value)
	}
	if c.Fee.Kind == Fixed {
		e.FeeAmount = strconv.FormatInt(c.Fee.AmountRp, 10)
	}
	return e
}

// fields collects field errors.
type fields []errs.Field

func (fs *fields) add(name, key string, args ...any) {
	*fs = append(*fs, errs.Field{Name: name, Key: key, Args: args})
}

func (fs *fields) text(name string, v *string, required bool, max int) {
	*v = strings.TrimSpace(*v)
	switch {
	case *v == "" && required:
		fs.add(name, "err.required")
	case utf8.RuneCountInString(*v) > max:
		fs.add(name, "err.too_long", max)
	}
}

// pastDate reads the required date field name, which may not be after now
// (futureKey says so).
func (fs *fields) pastDate(name, v string, now time.Time, futureKey string) time.Time {
	d, ok := ParseDate(v)
	switch {
	case strings.TrimSpace(v) == "":
		fs.add(name, "err.required")
	case !ok:
		fs.add(name, "standard.err.date")
	case d.After(now):
		fs.add(name, futureKey)
	}
	return d
}

func (fs *fields) list(name string, v *[]string, required bool) {
	var out []string
	for _, l := range *v {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	*v = out
	switch {
	case len(out) == 0 && required:
		fs.add(name, "err.required")
	case len(out) > MaxItems:
		fs.add(name, "standard.err.too_many", MaxItems)
	default:
		for _, l := range out {
			if utf8.RuneCountInString(l) > MaxLine {
				fs.add(name, "standard.err.line_too_long", MaxLine)
				break
			}
		}
	}
}

// Validate normalises the input and returns the content, or an Invalid
// error naming each bad field. The six published components are required;
// the eight internal ones may stay empty while a draft is written (Ready
// says what publishing needs).
func (e *Edit) Validate() (Content, error) {
	var fs fields
	fs.list("requirements", &e.Requirements, true)
	fs.list("steps", &e.Steps, true)
	fs.list("complaints", &e.Complaints, true)
	fs.text("product", &e.Product, true, MaxLine)
	fs.text("time_note", &e.TimeNote, false, MaxLine)
	fs.text("fee_basis", &e.FeeBasis, false, MaxLine)
	in := &e.Internal
	for _, l := range []struct {
		name string
		v    *[]string
	}{{"legal_basis", &in.LegalBasis}, {"facilities", &in.Facilities}, {"competence", &in.Competence},
		{"supervision", &in.Supervision}, {"staffing", &in.Staffing}, {"assurance", &in.Assurance},
		{"security", &in.Security}, {"evaluation", &in.Evaluation}} {
		fs.list(l.name, l.v, false)
	}
	c := Content{Requirements: e.Requirements, Steps: e.Steps, Complaints: e.Complaints, Product: e.Product,
		TimeNote: e.TimeNote, Internal: e.Internal}

	e.TimeValue, e.TimeUnit = strings.TrimSpace(e.TimeValue), strings.TrimSpace(e.TimeUnit)
	c.Time.Unit = TimeUnit(e.TimeUnit)
	if !slices.Contains(TimeUnits, c.Time.Unit) {
		fs.add("time_unit", "standard.err.time_unit")
	}
	n, err := strconv.Atoi(e.TimeValue)
	limit := map[TimeUnit]int{Minutes: 60 * 24, Hours: 24 * 31, WorkingDays: MaxTimeDays, CalendarDays: MaxTimeDays}[c.Time.Unit]
	switch {
	case e.TimeValue == "":
		fs.add("time_value", "err.required")
	case err != nil || n < 1:
		fs.add("time_value", "standard.err.time_value")
	case limit > 0 && n > limit:
		fs.add("time_value", "standard.err.time_max", limit)
	}
	c.Time.Value = n

	e.FeeKind = strings.TrimSpace(e.FeeKind)
	c.Fee = Fee{Kind: FeeKind(e.FeeKind), Basis: e.FeeBasis}
	switch c.Fee.Kind {
	case Free, Regulated:
		if strings.TrimSpace(e.FeeAmount) != "" && c.Fee.Kind == Free {
			if a, err := ParseRupiah(e.FeeAmount); err != nil || a != 0 {
				fs.add("fee_amount", "standard.err.fee_free_amount")
			}
		}
	case Fixed:
		a, err := ParseRupiah(e.FeeAmount)
		switch {
		case strings.TrimSpace(e.FeeAmount) == "":
			fs.add("fee_amount", "err.required")
		case err != nil || a < 1 || a > MaxFeeRp:
			fs.add("fee_amount", "standard.err.fee_amount")
		}
		c.Fee.AmountRp = a
	default:
		fs.add("fee_kind", "standard.err.fee_kind")
	}
	// A charge needs its legal basis (UU 25/2009 Pasal 31: a fee is set by
	// regulation); a free service names the rule that makes it free.
	if c.Fee.Basis == "" && c.Fee.Kind != Free && c.Fee.Kind != "" && slices.Contains(FeeKinds, c.Fee.Kind) {
		fs.add("fee_basis", "standard.err.fee_basis")
	}
	if err := errs.Fields("standard.err.invalid", fs); err != nil {
		return Content{}, err
	}
	return c, nil
}

// ParseRupiah reads a whole Rupiah amount as people type it: "50000",
// "50.000", "Rp 50.000", "Rp50.000,00".
func ParseRupiah(s string) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "Rp"), "."))
	s = strings.TrimSuffix(s, ",00")
	s = strings.TrimSuffix(s, ",-")
	s = strings.ReplaceAll(s, ".", "")
	s = strings.ReplaceAll(s, " ", "")
	return strconv.ParseInt(s, 10, 64)
}

// Decree is the input of publishing: the decree (SK penetapan) that sets
// the standard and the day it takes effect.
type Decree struct {
	Number, Date, EffectiveFrom string // dates as YYYY-MM-DD
}

// ParseDate reads a YYYY-MM-DD date as the start of that day in WIB.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), clock.Jakarta)
	return t, err == nil
}

// Validate checks the decree against now: a decree is not dated in the
// future, and a standard takes effect on or after its decree's date.
func (d *Decree) Validate(now time.Time) (number string, date, effective time.Time, err error) {
	var fs fields
	fs.text("decree_number", &d.Number, true, 200)
	date = fs.pastDate("decree_date", d.Date, now, "standard.err.decree_future")
	effective, okEff := ParseDate(d.EffectiveFrom)
	switch {
	case strings.TrimSpace(d.EffectiveFrom) == "":
		fs.add("effective_from", "err.required")
	case !okEff:
		fs.add("effective_from", "standard.err.date")
	case !date.IsZero() && effective.Before(date): // a date that did not parse is zero
		fs.add("effective_from", "standard.err.effective_before_decree")
	}
	return d.Number, date, effective, errs.Fields("standard.err.invalid", fs)
}

// MaklumatText is the standard text of the maklumat pelayanan
// (methods.md §2), the default of every unit's maklumat.
const MaklumatText = "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan perundang-undangan yang berlaku."

// Maklumat is a unit's maklumat pelayanan: its text, signed by the head of
// the unit on a date.
type Maklumat struct {
	UnitID            string
	Text              string
	SignatoryName     string
	SignatoryNIP      string
	SignatoryPosition string
	SignedOn          time.Time // a WIB date; zero: not signed yet
	UpdatedBy         string
	UpdatedAt         time.Time
}

// MaklumatInput is the maklumat form.
type MaklumatInput struct {
	Text, SignatoryName, SignatoryNIP, SignatoryPosition, SignedOn string
}

// Validate returns the maklumat, or the field errors. validNIP checks a
// NIP (unit.ValidNIP), given by the caller to keep this package free of
// the unit package's rules.
func (in *MaklumatInput) Validate(now time.Time, validNIP func(string) bool) (Maklumat, error) {
	var fs fields
	fs.text("maklumat", &in.Text, true, MaxText)
	// The name may wait for the signature; a signed maklumat names its
	// signatory.
	fs.text("signatory_name", &in.SignatoryName, strings.TrimSpace(in.SignedOn) != "", 200)
	fs.text("signatory_position", &in.SignatoryPosition, true, 200)
	in.SignatoryNIP = strings.ReplaceAll(strings.TrimSpace(in.SignatoryNIP), " ", "")
	if in.SignatoryNIP != "" && !validNIP(in.SignatoryNIP) {
		fs.add("signatory_nip", "unit.err.nip")
	}
	m := Maklumat{Text: in.Text, SignatoryName: in.SignatoryName, SignatoryNIP: in.SignatoryNIP, SignatoryPosition: in.SignatoryPosition}
	if strings.TrimSpace(in.SignedOn) != "" {
		m.SignedOn = fs.pastDate("signed_on", in.SignedOn, now, "standard.err.signed_future")
	}
	return m, errs.Fields("standard.err.invalid", fs)
}

// Forum is a Forum Konsultasi Publik: a meeting with the community about
// the unit's standards.
type Forum struct {
	ID           string
	UnitID       string
	HeldOn       time.Time // a WIB date
	Topic        string
	Participants []string // one per line: names or the groups they represent
	Minutes      string   // notulen
	CreatedBy    string
	CreatedAt    time.Time
}

// ForumInput is the form recording a forum.
type ForumInput struct {
	HeldOn, Topic, Minutes string
	Participants           []string
}

// Validate returns the forum, or the field errors.
func (in *ForumInput) Validate(now time.Time) (Forum, error) {
	var fs fields
	fs.text("topic", &in.Topic, true, MaxLine)
	fs.text("minutes", &in.Minutes, true, MaxText)
	fs.list("participants", &in.Participants, true)
	f := Forum{Topic: in.Topic, Minutes: in.Minutes, Participants: in.Participants}
	f.HeldOn = fs.pastDate("held_on", in.HeldOn, now, "standard.err.held_future")
	return f, errs.Fields("standard.err.invalid", fs)
}

// Channels are a unit's complaint channels in Mutu, from which a new
// standard's complaint handling (penanganan pengaduan) is pre-filled.
type Channels struct {
	FormURL  string // the online complaint form for the unit
	TrackURL string // where a reporter follows a report
	Address  string // the counter (loket pengaduan) at the unit
	Phone    string
	Email    string
}

// ComplaintLines is the pre-filled complaint handling: Mutu's form and
// tracking page, the unit's counter, telephone and e-mail if it has them,
// and SP4N-LAPOR!, the national channel every unit is connected to.
func ComplaintLines(c Channels) []string {
	out := []string{"Formulir pengaduan daring: " + c.FormURL, "Pantau tindak lanjut pengaduan dengan kode pelacakan: " + c.TrackURL}
	if c.Address != "" {
		out = append(out, "Loket pengaduan di kantor unit: "+c.Address)
	}
	if c.Phone != "" {
		out = append(out, "Telepon: "+c.Phone)
	}
	if c.Email != "" {
		out = append(out, "Surel: "+c.Email)
	}
	return append(out, "SP4N-LAPOR! (lapor.go.id)")
}
