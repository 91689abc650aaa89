package web

import (
	"net/http"
	"net/url"
	"slices"

	"mutu/internal/errs"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// The review page of held survey responses (issue #8): anonymous web
// responses that the hold rules kept out of the IKM wait here until an
// operator of the unit or an administrator of its region releases them
// (they then count) or discards them.

type heldData struct {
	Unit         *unit.Unit
	Reason       skm.HoldReason // the filter; "" = every reason
	Reasons      []skm.HoldReason
	Counts       map[skm.HoldReason]int
	Total        int
	Responses    []store.HeldResponse
	Elements     []skm.Element
	Truncated    bool // more are held than the list shows
	MaxListed    int
	PerHour      int
	Burst        int
	BurstMinutes int
}

// heldReason reads the reason filter: "" or a known reason.
func heldReason(v string) (skm.HoldReason, error) {
	if v == "" || slices.Contains(skm.HoldReasons, skm.HoldReason(v)) {
		return skm.HoldReason(v), nil
	}
	return "", &errs.Error{Code: errs.Invalid, Key: "skm.held.err.reason", Fields: []errs.Field{{Name: "alasan", Key: "skm.held.err.reason", Value: v}}}
}

// heldPage: GET /kelola/skm/unit/{code}/ditahan[?alasan=rate|burst].
func (s *Server) heldPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reason, err := heldReason(r.URL.Query().Get("alasan"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	in, err := s.db.Instrument(ctx, skm.Current)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.db.HeldCounts(ctx, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.db.HeldResponses(ctx, u.ID, reason)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &heldData{Unit: u, Reason: reason, Reasons: skm.HoldReasons, Counts: counts, Responses: list, Elements: in.Elements,
		MaxListed: store.MaxHeldList, PerHour: s.db.Holds.PerHour, Burst: s.db.Holds.Burst, BurstMinutes: int(skm.BurstWindow.Minutes())}
	for _, n := range counts {
		d.Total += n
	}
	listed := d.Total
	if reason != "" {
		listed = counts[reason]
	}
	d.Truncated = listed > len(list)
	v := s.newView(r, "skm.held.title", d)
	v.Title = v.T("skm.held.title") + " — " + u.Name
	s.render(w, r, "skm_held", http.StatusOK, v)
}

// heldAction: POST /kelola/skm/unit/{code}/ditahan with action=lepas
// (release: the responses count from now on) or buang (discard), and the
// selected ids or all=1 (every held response with the reason filter alasan).
func (s *Server) heldAction(w http.ResponseWriter, r *http.Request) {
	u, ok := s.managedUnitForm(w, r)
	if !ok {
		return
	}
	f := r.PostForm
	if f.Get("action") == "buang" && f.Get("confirmed") != "1" {
		s.formFailed(w, r, errUnconfirmed(), s.heldPageAgain)
		return
	}
	reason, err := heldReason(f.Get("alasan"))
	if err != nil {
		s.formFailed(w, r, err, s.heldPageAgain)
		return
	}
	q := store.HeldSelection{UnitID: u.ID, Reason: reason, IDs: f["id"], All: f.Get("all") == "1"}
	if len(q.IDs) > store.MaxHeldList {
		s.formFailed(w, r, errs.New(errs.Invalid, "skm.held.err.too_many", store.MaxHeldList), s.heldPageAgain)
		return
	}
	var flash string
	switch f.Get("action") {
	case "lepas":
		_, err = s.db.ReleaseHeld(r.Context(), s.actor(r), u.RegionCode, q)
		flash = "skm.held.released"
	case "buang":
		_, err = s.db.DiscardHeld(r.Context(), s.actor(r), u.RegionCode, q)
		flash = "skm.held.discarded"
	default:
		err = errs.New(errs.Invalid, "skm.held.err.action")
	}
	if err != nil {
		s.formFailed(w, r, err, s.heldPageAgain)
		return
	}
	s.flash(r, flash)
	back := "/kelola/skm/unit/" + u.Code + "/ditahan"
	if reason != "" {
		back += "?" + url.Values{"alasan": {string(reason)}}.Encode()
	}
	redirect(w, r, back)
}

// Has reports whether the submitted form has value among the values of
// name (for groups of checkboxes).
func (v *view) Has(name, value string) bool { return slices.Contains(v.Form[name], value) }

// heldPageAgain shows the held responses again for a refused action, with
// the reason filter the form was posted with.
func (s *Server) heldPageAgain(w http.ResponseWriter, r *http.Request) {
	r.URL.RawQuery = ""
	if reason := r.PostForm.Get("alasan"); reason != "" {
		r.URL.RawQuery = url.Values{"alasan": {reason}}.Encode()
	}
	s.heldPage(w, r)
}
