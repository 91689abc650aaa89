package web

import (
	"net/http"
	"strings"

	"mutu/internal/errs"
	"mutu/internal/linkcheck"
	"mutu/internal/standard"
	"mutu/internal/store"
)

// The publication register (issue #12) on the staff standards page:
// where each service's standard is published (website, social-media
// post, a dated photo of the notice board), with the link checker's
// latest result (internal/jobs/linkcheck.go). The unit's managers add and
// remove entries; every role that sees the unit reads them.

// publicationRow is a register entry on the standards page.
type publicationRow struct {
	standard.Publication
	Service string // the service's name
	Files   []store.EvidenceFile
}

// publications fills the register of the standards page.
func (s *Server) publications(r *http.Request, d *standardsData) error {
	ps, err := s.db.UnitPublications(r.Context(), d.Unit.ID)
	if err != nil {
		return err
	}
	files, err := s.db.Evidence(r.Context(), d.Unit.ID, store.OwnerPublication)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, svc := range d.Unit.Services {
		names[svc.ID] = svc.Name
	}
	for _, p := range ps {
		d.Publications = append(d.Publications, publicationRow{Publication: p, Service: names[p.ServiceID], Files: files[p.ID]})
	}
	d.PublicationKinds = standard.PublicationKinds
	return nil
}

// addPublication: POST /kelola/standar/unit/{code}/publikasi.
func (s *Server) addPublication(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err == nil {
		err = parseEvidenceForm(w, r)
	}
	if err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	f := r.PostForm
	in := standard.PublicationInput{Kind: f.Get("place"), URL: f.Get("url"), SeenOn: f.Get("seen_on"),
		Photo: r.MultipartForm != nil && len(r.MultipartForm.File["photo"]) > 0}
	p, err := in.Validate(s.db.Now())
	var fs []errs.Field
	if e, ok := errs.As(err); ok {
		fs = e.Fields
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	svc := u.ServiceByCode(f.Get("service"))
	if svc == nil || !svc.Active {
		fs = append(fs, errs.Field{Name: "service", Key: "standard.err.publication_service"})
	}
	if p.URL != "" && !s.cfg.LinkCheckPrivate && !linkcheck.PublicHost(p.URL) {
		fs = append(fs, errs.Field{Name: "url", Key: "standard.err.url_private"})
	}
	if len(fs) > 0 {
		s.formFailed(w, r, errs.Fields("standard.err.invalid", fs), s.standards)
		return
	}
	p.ID = store.NewID()
	err = s.withEvidence(r, "photo", "photo", p.ID, func(files []store.EvidenceFile) error {
		for _, file := range files {
			if !strings.HasPrefix(file.ContentType, "image/") {
				return errs.InvalidField("photo", "standard.err.photo_image")
			}
		}
		return s.db.AddPublication(r.Context(), s.actor(r), u, svc, &p, files)
	})
	if err != nil {
		s.formFailed(w, r, err, s.standards)
		return
	}
	s.flash(r, "standard.publication_saved")
	redirect(w, r, "/kelola/standar/unit/"+u.Code+"#publikasi")
}

// removePublication: POST /kelola/standar/unit/{code}/publikasi/{id}/hapus.
func (s *Server) removePublication(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err == nil {
		err = parseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostForm.Get("confirmed") != "1" {
		s.formFailedRow(w, r, errUnconfirmed(), r.PathValue("id"), s.standards)
		return
	}
	if err := s.db.RemovePublication(r.Context(), s.actor(r), u, r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "standard.publication_removed")
	redirect(w, r, "/kelola/standar/unit/"+u.Code+"#publikasi")
}
