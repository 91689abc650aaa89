package contact

import (
	"io"
	"strings"
	"time"

	"mutu/internal/errs"
	"mutu/internal/tabular"
)

// The columns of a contact file, in the operators' words. "telepon" and
// "email" may be left out of a file that has only the other.
const (
	ColService    = "layanan"
	ColName       = "nama"
	ColPhone      = "telepon"
	ColEmail      = "email"
	ColServedOn   = "tanggal layanan"
	ColConsent    = "persetujuan"
	ColConsentHow = "cara persetujuan"
	ColConsentOn  = "tanggal persetujuan"
)

// Columns are the columns of the file's template, in order.
var Columns = []string{ColService, ColName, ColPhone, ColEmail, ColServedOn, ColConsent, ColConsentHow, ColConsentOn}

var required = []string{ColService, ColName, ColServedOn, ColConsent, ColConsentHow, ColConsentOn}

// column names the file's column of each of Input's fields, for messages.
var column = map[string]string{"service": ColService, "name": ColName, "phone": ColPhone, "email": ColEmail,
	"served_on": ColServedOn, "consent": ColConsent, "consent_how": ColConsentHow, "consent_on": ColConsentOn}

// Limits of a file.
const (
	MaxFileRows   = 1000
	MaxFileErrors = 100 // row problems listed
	MaxFileBytes  = 1 << 20
)

// ParseCSV reads a contact file (see tabular for the accepted dialects):
// one contact a row, validated as the form's (Validate), each with its
// Line. The file is taken whole or not at all: any problem in any row
// returns an Invalid error "contact.err.rows" naming each row and column
// (at most MaxFileErrors), never the values, which are personal data.
// The same person twice for one service (by phone or e-mail) is refused.
func ParseCSV(r io.Reader, now time.Time, services map[string]string) ([]Contact, error) {
	t, err := tabular.ReadCSV(r, required, tabular.Limits{MaxRows: MaxFileRows, MaxCellBytes: 1024})
	if err != nil {
		return nil, err
	}
	var out []Contact
	var problems []errs.Field
	seen := map[string]int{} // service + phone or e-mail → its line
	for _, row := range t.Rows {
		in := Input{Service: row.Get(ColService), Name: row.Get(ColName), Phone: row.Get(ColPhone), Email: row.Get(ColEmail),
			ServedOn: row.Get(ColServedOn), Consent: row.Get(ColConsent), ConsentHow: row.Get(ColConsentHow), ConsentOn: row.Get(ColConsentOn)}
		c, err := in.Validate(now, services)
		if e, ok := errs.As(err); ok {
			for _, f := range e.Fields {
				problems = append(problems, errs.Field{Row: row.Line, Name: column[f.Name], Key: f.Key, Args: f.Args})
			}
		} else {
			for _, k := range c.keys() {
				if first, dup := seen[k]; dup {
					problems = append(problems, errs.Field{Row: row.Line, Name: ColName, Key: "contact.err.duplicate_row", Args: []any{first}})
					break
				}
				seen[k] = row.Line
			}
			c.Line = row.Line
			out = append(out, c)
		}
		if len(problems) >= MaxFileErrors {
			break
		}
	}
	if err := errs.Fields("contact.err.rows", problems); err != nil {
		return nil, err
	}
	return out, nil
}

// keys identify the person for one service: by phone and by e-mail.
func (c Contact) keys() []string {
	var k []string
	if c.Phone != "" {
		k = append(k, c.ServiceID+" p "+c.Phone)
	}
	if c.Email != "" {
		k = append(k, c.ServiceID+" e "+strings.ToLower(c.Email))
	}
	return k
}
