package web

import (
	"net/http"
	"net/url"
)

// unitSKMPageAgain shows a unit's survey page again for a refused form
// posted from it (population, follow-up plan, extra question), in the
// period the form was posted from (and the page's address, for the
// language switch).
func (s *Server) unitSKMPageAgain(w http.ResponseWriter, r *http.Request) {
	r.URL.Path = "/kelola/skm/unit/" + r.PathValue("code")
	if p := r.PostForm.Get("p"); p != "" {
		r.URL.RawQuery = url.Values{"p": {p}}.Encode()
	}
	s.unitSKMPage(w, r)
}
