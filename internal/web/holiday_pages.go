package web

import (
	"net/http"
	"net/url"
	"strings"

	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/errs"
)

// The working-day calendar is national: only administrators of a whole
// province (or of every region) edit it.
func provinceAdmin(r *http.Request) bool {
	p := principal(r)
	return p != nil && len(p.RegionCode) <= 2
}

// holidays: GET /kelola/libur?tahun=YYYY — the non-working days of a year.
func (s *Server) holidays(w http.ResponseWriter, r *http.Request) {
	year := yearParam(r, s.db.Now().In(clock.Jakarta).Year())
	cal := s.currentCalendar()
	_, infos := calendar.Builtin()
	var info *calendar.YearInfo
	for i := range infos {
		if infos[i].Year == year {
			info = &infos[i]
		}
	}
	v := s.newView(r, "holiday.title", map[string]any{"Year": year, "Days": cal.Days(year), "Covered": cal.Covers(year), "Info": info,
		"Kinds": calendar.Kinds, "Editable": provinceAdmin(r)})
	s.render(w, r, "holidays", http.StatusOK, v)
}

// saveHoliday: POST /kelola/libur (date, name, kind) or with delete=1 (date).
func (s *Server) saveHoliday(w http.ResponseWriter, r *http.Request) {
	if !provinceAdmin(r) {
		s.fail(w, r, errs.New(errs.Forbidden, "holiday.err.province_only"))
		return
	}
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	date := strings.TrimSpace(f.Get("date"))
	if f.Get("delete") == "1" {
		// A removal is the form of the holiday's row in the table.
		err := errUnconfirmed()
		if f.Get("confirmed") == "1" {
			err = s.db.DeleteHoliday(r.Context(), s.actor(r), date)
		}
		if err != nil {
			s.formFailedRow(w, r, oneRow(err), date, s.holidaysAgain)
			return
		}
	} else if err := s.db.SaveHoliday(r.Context(), s.actor(r), calendar.Day{Date: date, Name: strings.TrimSpace(f.Get("name")), Kind: calendar.Kind(f.Get("kind"))}); err != nil {
		s.formFailed(w, r, oneRow(err), s.holidaysAgain)
		return
	}
	cal, err := s.db.Calendar(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.storeCalendar(cal)
	s.flash(r, "holiday.saved")
	year := date
	if len(year) >= 4 {
		year = year[:4]
	}
	redirect(w, r, "/kelola/libur?tahun="+year)
}

// holidaysAgain shows the calendar again for a refused change, in the year
// of the date posted when there is one.
func (s *Server) holidaysAgain(w http.ResponseWriter, r *http.Request) {
	r.URL.RawQuery = ""
	if d := r.PostForm.Get("date"); len(d) >= 4 {
		r.URL.RawQuery = url.Values{"tahun": {d[:4]}}.Encode()
	}
	s.holidays(w, r)
}
