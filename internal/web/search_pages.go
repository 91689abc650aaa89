package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"mutu/internal/errs"
	"mutu/internal/store"
	"mutu/internal/unit"
)

const (
	searchMaxLen  = 100 // runes in a search; a unit name is far shorter
	searchResults = 50  // units listed; a narrower search finds the rest
)

// searchPage is the data of the public unit search.
type searchPage struct {
	Query string
	Units []unit.Unit
	Total int
}

// unitSearch finds active units by name or code for citizens: a GET form
// from the home page that works without JavaScript. Each result leads to the
// unit's page and its survey.
func (s *Server) unitSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.Join(strings.Fields(r.URL.Query().Get("q")), " ")
	d := &searchPage{Query: q}
	v := s.newView(r, "search.title", d)
	v.Form.Set("q", q)
	if utf8.RuneCountInString(q) > searchMaxLen {
		formErrors(v, errs.InvalidField("q", "search.too_long", searchMaxLen))
		s.render(w, r, "search", http.StatusBadRequest, v)
		return
	}
	if q != "" {
		units, total, err := s.db.Units(r.Context(), store.UnitFilter{Query: q, Limit: searchResults})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Units, d.Total = units, total
	}
	s.render(w, r, "search", http.StatusOK, v)
}
