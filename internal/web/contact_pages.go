package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"mutu/internal/account"
	"mutu/internal/clock"
	"mutu/internal/contact"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/unit"
)

// The user-contact list of the Ombudsman's Output interviews (issue #14)
// under /kelola/kepatuhan/kontak/{code}: per service product the count
// against the target, read by every role whose scope covers the unit; the
// identities (name, phone, e-mail) only for those who collect them or do
// the interviews (seesContactIdentities), each view audited; contacts
// added by the unit's managers, one by one or from a CSV file; erased now
// by an administrator, or by the privacy job after the assessment year.
// No export exists, and no log line or e-mail carries an identity.

// seesContactIdentities reports whether p may see the identities on u's
// list: the unit's operators (they collect them), the administrators of
// its region, and the assessors whose scope covers it (they call the
// users for the interviews). Never leaders, nor the monitoring team
// (evaluators): they see the counts.
func seesContactIdentities(p *account.Principal, u *unit.Unit) bool {
	switch {
	case p == nil:
		return false
	case p.Role == account.Operator:
		return p.UnitIDs[u.ID]
	case p.Role == account.Admin, p.Role == account.Assessor:
		return region.Within(u.RegionCode, p.RegionCode)
	}
	return false
}

// contactProgress is one service's line on the page.
type contactProgress struct {
	contact.Progress
	Service unit.Service
}

// contactsData is the page data of contacts.html.
type contactsData struct {
	Unit       *unit.Unit
	Year       int
	Years      []int // the years one may choose
	Target     int
	Rows       []contactProgress
	Identities bool              // the viewer sees the identities
	Contacts   []contact.Contact // only when Identities
	Held       int               // identities not yet erased
	Names      map[string]string // service id → name
	Manage     bool              // may add contacts
	Erase      bool              // may erase the identities now
	Services   []unit.Service    // active services, for the form
	Consents   []contact.Consent
	Columns    []string // the CSV file's columns
}

// contactYear is the assessment year of the page: ?tahun=, else this year.
func (s *Server) contactYear(r *http.Request) (int, error) {
	now := s.db.Now()
	if v := r.URL.Query().Get("tahun"); v != "" {
		return contact.ParseYear(v, now)
	}
	return now.In(clock.Jakarta).Year(), nil
}

// contactsPath is the page of u's list of year.
func contactsPath(u *unit.Unit, year int) string {
	return "/kelola/kepatuhan/kontak/" + u.Code + "?tahun=" + strconv.Itoa(year)
}

// contactsPage: GET /kelola/kepatuhan/kontak/{code}.
func (s *Server) contactsPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.seenUnit(r)
	var year int
	if err == nil {
		year, err = s.contactYear(r)
	}
	var counts map[string]int
	if err == nil {
		counts, err = s.db.ContactCounts(r.Context(), u.ID, year)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	now := s.db.Now()
	d := &contactsData{Unit: u, Year: year, Target: contact.Target, Identities: seesContactIdentities(p, u), Names: map[string]string{},
		Manage: p.ManagesUnit(u.ID, u.RegionCode), Erase: p.AdministersRegion(u.RegionCode), Consents: contact.Consents, Columns: contact.Columns}
	for y := contact.FirstYear; y <= now.In(clock.Jakarta).Year()+1; y++ {
		d.Years = append(d.Years, y)
	}
	for _, svc := range u.Services {
		d.Names[svc.ID] = svc.Name
		if svc.Active {
			d.Services = append(d.Services, svc)
		}
		if svc.Active || counts[svc.ID] > 0 {
			d.Rows = append(d.Rows, contactProgress{Progress: contact.Progress{ServiceID: svc.ID, Count: counts[svc.ID]}, Service: svc})
		}
	}
	if d.Identities {
		if d.Contacts, err = s.db.Contacts(r.Context(), u.ID, year); err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range d.Contacts {
			if !c.Erased() {
				d.Held++
			}
		}
		// Every view of identities is on the audit log, before they are sent.
		if d.Held > 0 {
			if err := s.db.ContactsViewed(r.Context(), s.actor(r), u, year, d.Held); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	v := s.newView(r, "contact.title", d)
	v.Title = v.T("contact.title") + " " + strconv.Itoa(year) + " — " + u.Name
	v.defaults(url.Values{"consent_how": {string(contact.Written)}, "consent_on": {clock.LocalDate(now)}})
	s.render(w, r, "contacts", http.StatusOK, v)
}

// contactServices maps the ids, codes and lower-case names of u's active
// services to their ids: a contact is collected for a service offered now.
func contactServices(u *unit.Unit) map[string]string {
	m := map[string]string{}
	for _, svc := range activeServices(u) {
		m[svc.ID], m[svc.Code], m[strings.ToLower(svc.Name)] = svc.ID, svc.ID, svc.ID
	}
	return m
}

// addContact: POST /kelola/kepatuhan/kontak/{code}?tahun=: one contact.
func (s *Server) addContact(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	year, err := s.contactYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	c, err := contact.Input{Service: f.Get("service"), Name: f.Get("name"), Phone: f.Get("phone"), Email: f.Get("email"),
		ServedOn: f.Get("served_on"), Consent: f.Get("consent"), ConsentHow: f.Get("consent_how"), ConsentOn: f.Get("consent_on")}.
		Validate(s.db.Now(), contactServices(u))
	if err == nil {
		err = s.db.AddContacts(r.Context(), s.actor(r), u, year, []contact.Contact{c})
	}
	if err != nil {
		s.formFailed(w, r, err, s.contactsPage)
		return
	}
	s.flash(r, "contact.saved")
	redirect(w, r, contactsPath(u, year))
}

// importContacts: POST /kelola/kepatuhan/kontak/{code}/impor?tahun=: a
// CSV file, all rows or none.
func (s *Server) importContacts(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	var year int
	if err == nil {
		year, err = s.contactYear(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, contact.MaxFileBytes+1<<16)
	if err := s.importContactFile(r, u, year); err != nil {
		s.formFailed(w, r, err, s.contactsPage)
		return
	}
	s.flash(r, "contact.imported")
	redirect(w, r, contactsPath(u, year))
}

func (s *Server) importContactFile(r *http.Request, u *unit.Unit, year int) error {
	file, _, err := r.FormFile("file")
	if err != nil {
		if e := appError(err); e.Code == errs.TooLarge {
			return e
		}
		return errs.InvalidField("file", "import.err.no_file")
	}
	defer file.Close()
	if err := checkForm(r); err != nil {
		return err
	}
	cs, err := contact.ParseCSV(file, s.db.Now(), contactServices(u))
	if err != nil {
		return err
	}
	return s.db.AddContacts(r.Context(), s.actor(r), u, year, cs)
}

// eraseContacts: POST /kelola/kepatuhan/kontak/{code}/hapus?tahun=: an
// administrator of the unit's region erases the year's identities now,
// after ticking the confirmation; the counts stay.
func (s *Server) eraseContacts(w http.ResponseWriter, r *http.Request) {
	u, ok := withForm(s, w, r, func(r *http.Request) (*unit.Unit, error) {
		return s.unitInPath(r, func(p *account.Principal, _, regionCode string) bool { return p.AdministersRegion(regionCode) })
	})
	if !ok {
		return
	}
	year, err := s.contactYear(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostForm.Get("confirmed") != "1" {
		s.formFailed(w, r, errUnconfirmed(), s.contactsPage)
		return
	}
	if _, err := s.db.EraseContacts(r.Context(), s.actor(r), u, year); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "contact.erased")
	redirect(w, r, contactsPath(u, year))
}
