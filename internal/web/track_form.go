package web

import (
	"net/http"

	"mutu/internal/errs"
)

// trackNotFound answers a tracking code that finds no report with the
// tracking form again, the code as typed in it and the message beside it:
// a citizen who mistyped fixes it there instead of meeting an error page.
// The status stays 404.
func (s *Server) trackNotFound(w http.ResponseWriter, r *http.Request, typed string) {
	v := s.newView(r, "complaint.track_title", nil)
	formErrors(v, errs.InvalidField("kode", "complaint.err.not_found"))
	v.Form.Set("kode", typed)
	w.Header().Set("Referrer-Policy", "no-referrer") // the typed code may be one
	s.render(w, r, "complaint_track_form", http.StatusNotFound, v)
}
