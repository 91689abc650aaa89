package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"mutu/internal/account"
	"mutu/internal/errs"
	"mutu/internal/monitor"
	"mutu/internal/region"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// maxMembers is how many member rows the team form offers.
const maxMembers = 10

// teamsData is the list of teams and the cadence form (monitoring_teams.html).
type teamsData struct {
	Teams    []monitor.Team
	Cadence  monitor.Cadence
	Cities   []region.Region // where the administrator may set the cadence
	CanEdit  bool
	Cadences []int
}

// monitoringTeams: GET /kelola/pemantauan/tim — the teams in the user's
// region and the city's cadence, which its administrators set here.
func (s *Server) monitoringTeams(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	d := &teamsData{CanEdit: p.Is(account.Admin), Cadences: monitor.CadenceMonths}
	var err error
	if p.RegionCode != "" {
		d.Teams, err = s.db.Teams(r.Context(), p.RegionCode)
	}
	if err == nil && p.RegionCode != "" {
		d.Cities, err = s.monitoringCities(r)
	}
	if err == nil && len(d.Cities) > 0 {
		d.Cadence, err = s.db.Cadence(r.Context(), d.Cities[0].Code)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "monitor.teams", d)
	v.defaults(url.Values{"months": {strconv.Itoa(d.Cadence.Months)}, "reminder_days": {strconv.Itoa(d.Cadence.ReminderDays)}})
	s.render(w, r, "monitoring_teams", http.StatusOK, v)
}

// saveCadence: POST /kelola/pemantauan/siklus — region_code, months, reminder_days.
func (s *Server) saveCadence(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	code := f.Get("region_code")
	if lvl, _ := region.LevelOf(code); lvl != region.City && lvl != region.Province {
		s.formFailed(w, r, errs.InvalidField("region_code", "monitor.err.city"), s.monitoringTeams)
		return
	}
	if !principal(r).AdministersRegion(code) {
		s.fail(w, r, errs.New(errs.Forbidden, "err.out_of_scope"))
		return
	}
	c, err := monitor.CadenceInput{Months: f.Get("months"), ReminderDays: f.Get("reminder_days")}.Validate(code)
	if err == nil {
		err = s.db.SaveCadence(r.Context(), s.actor(r), c)
	}
	if err != nil {
		s.formFailed(w, r, err, s.monitoringTeams)
		return
	}
	s.flash(r, "monitor.cadence_saved")
	redirect(w, r, "/kelola/pemantauan/tim")
}

// teamData is a team's page and form (monitoring_team.html).
type teamData struct {
	Team       *monitor.Team // nil: a new team
	Files      []store.EvidenceFile
	CanEdit    bool
	Candidates []account.User // who may be a member: evaluators and administrators of the region
	Districts  []region.Region
	Units      []unit.Unit
	Rows       []int // the member rows of the form, numbered from 1
	Roles      []monitor.Role
	Names      map[string]string // users, regions and units by id or code
}

// seenTeam loads the team in the path if the user's region overlaps it.
func (s *Server) seenTeam(r *http.Request) (*monitor.Team, error) {
	t, err := s.db.Team(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := principal(r)
	if p.RegionCode == "" || !region.Within(t.RegionCode, p.RegionCode) && !region.Within(p.RegionCode, t.RegionCode) {
		return nil, errs.New(errs.Forbidden, "err.out_of_scope")
	}
	return t, nil
}

// teamFormData fills the choices of the team form for a team of regionCode.
func (s *Server) teamFormData(r *http.Request, d *teamData, regionCode string) error {
	users, err := s.db.Users(r.Context(), regionCode)
	if err != nil {
		return err
	}
	d.Names = map[string]string{}
	for _, u := range users {
		if u.Active && (u.Role == account.Evaluator || u.Role == account.Admin) && region.Within(u.RegionCode, regionCode) {
			d.Candidates = append(d.Candidates, u)
		}
	}
	if d.Districts, err = s.db.RegionsByLevelWithin(r.Context(), region.District, regionCode); err != nil {
		return err
	}
	if reg, err := s.db.Region(r.Context(), regionCode); err == nil {
		d.Districts = append([]region.Region{*reg}, d.Districts...)
	}
	if d.Units, _, err = s.db.Units(r.Context(), store.UnitFilter{RegionCode: regionCode, Sort: "code"}); err != nil {
		return err
	}
	for _, u := range d.Units {
		d.Names[u.ID] = u.Code + " — " + u.Name
	}
	for _, g := range d.Districts {
		d.Names[g.Code] = g.Name
	}
	for i := 1; i <= maxMembers; i++ {
		d.Rows = append(d.Rows, i)
	}
	d.Roles = monitor.Roles
	return nil
}

// teamValues are the form values of a stored team.
func teamValues(t *monitor.Team) url.Values {
	f := url.Values{"name": {t.Name}, "decree_number": {t.DecreeNumber}, "decree_date": {t.DecreeDate.Format(time.DateOnly)},
		"regions": t.Regions, "units": t.UnitIDs}
	for i, m := range t.Members {
		f.Set("member_"+strconv.Itoa(i+1), m.UserID)
		f.Set("role_"+strconv.Itoa(i+1), string(m.Role))
	}
	return f
}

// newTeamForm: GET /kelola/pemantauan/tim-baru.
func (s *Server) newTeamForm(w http.ResponseWriter, r *http.Request) {
	d := &teamData{CanEdit: true}
	if err := s.teamFormData(r, d, principal(r).RegionCode); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, "monitoring_team", http.StatusOK, s.newView(r, "monitor.new_team", d))
}

// teamPage: GET /kelola/pemantauan/tim/{id} — the team, its decree and
// scope; its form for the administrators of its region.
func (s *Server) teamPage(w http.ResponseWriter, r *http.Request) {
	t, err := s.seenTeam(r)
	d := &teamData{Team: t}
	if err == nil {
		d.CanEdit = principal(r).AdministersRegion(t.RegionCode)
		d.Files, err = s.db.TeamFiles(r.Context(), t.ID)
	}
	if err == nil {
		err = s.teamFormData(r, d, t.RegionCode)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "monitor.team", d)
	v.Title = t.Name
	v.defaults(teamValues(t))
	s.render(w, r, "monitoring_team", http.StatusOK, v)
}

// createTeam: POST /kelola/pemantauan/tim-baru.
func (s *Server) createTeam(w http.ResponseWriter, r *http.Request) {
	s.saveTeam(w, r, nil, principal(r).RegionCode, s.newTeamForm)
}

// updateTeam: POST /kelola/pemantauan/tim/{id}.
func (s *Server) updateTeam(w http.ResponseWriter, r *http.Request) {
	t, err := s.seenTeam(r)
	if err == nil && !principal(r).AdministersRegion(t.RegionCode) {
		err = errs.New(errs.Forbidden, "err.out_of_scope")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveTeam(w, r, t, t.RegionCode, s.teamPage)
}

// saveTeam validates the team form and stores the team (old nil: a new
// one) with the decree's scan.
func (s *Server) saveTeam(w http.ResponseWriter, r *http.Request, old *monitor.Team, regionCode string, show http.HandlerFunc) {
	if err := parseEvidenceForm(w, r); err != nil {
		s.formFailed(w, r, err, show)
		return
	}
	var d teamData
	if err := s.teamFormData(r, &d, regionCode); err != nil {
		s.fail(w, r, err)
		return
	}
	f := r.PostForm
	in := monitor.TeamInput{Name: f.Get("name"), DecreeNumber: f.Get("decree_number"), DecreeDate: f.Get("decree_date"),
		Regions: f["regions"], UnitIDs: f["units"]}
	for i := 1; i <= maxMembers; i++ {
		if id := f.Get("member_" + strconv.Itoa(i)); id != "" {
			in.Members = append(in.Members, monitor.Member{UserID: id, Role: monitor.Role(f.Get("role_" + strconv.Itoa(i)))})
		}
	}
	isUser := func(id string) bool {
		for _, u := range d.Candidates {
			if u.ID == id {
				return true
			}
		}
		return false
	}
	isUnit := func(id string) bool {
		for _, u := range d.Units {
			if u.ID == id {
				return true
			}
		}
		return false
	}
	t, err := in.Validate(regionCode, s.db.Now(), isUser, isUnit)
	if err != nil {
		s.formFailed(w, r, err, show)
		return
	}
	if old != nil {
		t.ID = old.ID
	} else {
		t.ID = store.NewID()
	}
	err = s.withEvidence(r, "decree_file", "decree", t.ID, func(files []store.EvidenceFile) error {
		return s.db.SaveTeam(r.Context(), s.actor(r), t, old == nil, files)
	})
	if err != nil {
		s.formFailed(w, r, err, show)
		return
	}
	s.flash(r, "monitor.team_saved")
	redirect(w, r, "/kelola/pemantauan/tim/"+t.ID)
}
