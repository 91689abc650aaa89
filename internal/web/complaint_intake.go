package web

import (
	"net/http"

	"mutu/internal/account"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/unit"
)

// fileIntake files a new report from any channel (the public form, staff
// intake, Open311): the channel's handler only parses its input into a
// complaint.Intake, and passes the problems only it can see (an upload
// refused, a channel staff may not record) as extra. The intake is checked
// in the domain, then routed: to the unit it is about, else to the
// complaint desk of its region. actor is the staff member recording it on
// a citizen's behalf (nil: the reporter); staff file only into units they
// see.
func (s *Server) fileIntake(r *http.Request, in *complaint.Intake, actor *account.Principal, extra []errs.Field, ups ...upload) (*complaint.Report, error) {
	content := in.Validate() // first: it normalises the codes looked up below
	var fs []errs.Field
	var about *unit.Unit
	switch {
	case in.UnitCode == "" && actor != nil:
		fs = append(fs, errs.Field{Name: "unit", Key: "complaint.err.target"})
	case in.UnitCode == "":
		if !region.ValidCode(in.RegionCode) {
			fs = append(fs, errs.Field{Name: "region", Key: "complaint.err.region"})
		}
	default:
		u, err := s.activeUnitByCode(r, in.UnitCode)
		if c := errs.CodeOf(err); c == errs.Internal || c == errs.Unavailable {
			return nil, err
		}
		switch {
		case err != nil && actor == nil:
			fs = append(fs, errs.Field{Name: "unit", Key: "unit.err.not_found", Args: []any{in.UnitCode}})
		case err != nil || actor != nil && !actor.SeesUnit(u.ID, u.RegionCode):
			fs = append(fs, errs.Field{Name: "unit", Key: "complaint.err.target"})
		default:
			about = u
		}
	}
	fs = append(append(fs, content...), extra...)
	if err := errs.Fields("err.form", fs); err != nil {
		return nil, err
	}
	return s.fileRouted(r, in, about, actor, ups...)
}

// fileRouted files an intake already checked (in.Validate) and routed:
// about is the unit it is about, or nil for the complaint desk of
// in.RegionCode. Open311, which checks and routes under its own rules and
// names its fields its own way, files through here directly.
func (s *Server) fileRouted(r *http.Request, in *complaint.Intake, about *unit.Unit, actor *account.Principal, ups ...upload) (*complaint.Report, error) {
	rep := in.Report()
	if about != nil {
		if svc := findService(about, in.ServiceCode); svc != nil {
			rep.ServiceID = svc.ID
		}
	}
	if err := s.fileComplaint(r, rep, about, in.RegionCode, actor, ups...); err != nil {
		return nil, err
	}
	return rep, nil
}
