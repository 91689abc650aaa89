package web

import (
	"net/http"

	"mutu/internal/account"
	"mutu/internal/finding"
)

// rule is who may call a route, and on which surface (surface.go): pages
// for people, the JSON API, Open311, operations, static files. Object-level
// scope (which units and regions a user may see or change) is checked again
// in the handler.
type rule struct {
	name    string
	roles   []account.Role // nil: no sign-in needed
	surface surface
}

var (
	public   = rule{name: "public", surface: pageSurface}
	staff    = rule{name: "staff", roles: account.Roles, surface: pageSurface}
	admins   = rule{name: "admin", roles: []account.Role{account.Admin}, surface: pageSurface}
	managers = rule{name: "manager", roles: []account.Role{account.Admin, account.Operator}, surface: pageSurface}
	// leaders and administrators: who prints a region's report (geo13)
	regionReaders = rule{name: "region-reader", roles: []account.Role{account.Admin, account.Leader}, surface: pageSurface}
	// the monitoring team's members (evaluators) and the administrators of
	// their region: who plans and records visits (team13)
	monitors = rule{name: "monitor", roles: []account.Role{account.Admin, account.Evaluator}, surface: pageSurface}
	// who reads the Ombudsman's assessments (assess14): everyone but the
	// units' operators; an assessor only the assessments they are on
	// (checked in the handler)
	assessmentReaders = rule{name: "assessment-reader", roles: []account.Role{account.Admin, account.Evaluator, account.Leader, account.Assessor}, surface: pageSurface}
	// Open to anyone, without a session: the JSON API (machines authenticate
	// per request with a kiosk token or an API key), Open311, static files
	// and the health check.
	publicAPI     = rule{name: "public", surface: apiSurface}
	publicOpen311 = rule{name: "public", surface: open311Surface}
	publicStatic  = rule{name: "public", surface: staticSurface}
	publicOps     = rule{name: "public", surface: opsSurface}
	publicWidget  = rule{name: "public", surface: widgetSurface}
	// operations endpoints: loopback clients, or a bearer token (MUTU_METRICS_TOKEN)
	ops = rule{name: "ops", surface: opsSurface}
)

// route is one entry of the route table.
type route struct {
	pattern string // net/http pattern: "METHOD /path/{param}"
	rule    rule
	handler http.HandlerFunc
	limited bool // subject to the per-IP public rate limit
}

// Routes is every route Mutu serves, in one place.
func (s *Server) Routes() []route {
	return []route{
		// Citizens and the public.
		{"GET /{$}", public, s.home, true},
		{"GET /wilayah", public, s.regionIndex, true},
		{"GET /wilayah/{code}", public, s.regionPage, true},
		{"GET /unit/{code}", public, s.unitPage, true},
		{"GET /bahasa/{lang}", public, s.setLanguage, true},
		{"GET /masuk", public, s.loginForm, true},
		{"POST /masuk", public, s.login, false}, // throttled in the database (account.LoginFailures)
		{"GET /static/", publicStatic, s.static, false},
		// phones and language (l9): the citizens' unit search from the home page
		{"GET /cari", public, s.unitSearch, true},

		// The survey (SKM): citizens answer by QR code, link or kiosk.
		{"GET /s/{code}", public, s.surveyForm, true},
		{"POST /s/{code}", public, s.submitSurvey, true},
		{"GET /s/{code}/terima-kasih", public, s.surveyThanks, true},
		{"GET /hasil/{code}", public, s.publicResults, true},

		// Complaints and consultation: citizens file without an account and
		// follow their report with its tracking code.
		{"GET /pengaduan", public, s.newComplaintForm, true},
		{"POST /pengaduan", public, s.createComplaint, true},
		{"GET /lacak", public, s.trackForm, true},
		{"GET /lacak/{code}", public, s.trackPage, true},
		{"POST /lacak/{code}", public, s.thenMailStaff(s.trackAction), true},
		{"GET /lacak/{code}/lampiran/{id}", public, s.trackAttachment, true},
		{"GET /qr/{code}", public, s.qrCode, true},
		{"GET /poster/{code}", public, s.poster, true},
		// kiosk routes (begin)
		{"GET /kiosk/sw.js", public, s.kioskServiceWorker, false},
		{"GET /kiosk/{code}", public, s.kioskPage, true},
		{"GET /kiosk/{code}/manifest.webmanifest", public, s.kioskManifest, true},
		{"POST /kelola/skm/unit/{code}/kiosk", managers, s.registerKiosk, false},
		{"POST /kelola/skm/unit/{code}/kiosk/{id}/cabut", managers, s.revokeKiosk, false},
		// kiosk routes (end)
		{"GET /s/{code}/{service}", public, s.surveyForm, true},
		{"POST /s/{code}/{service}", public, s.submitSurvey, true},

		// Public JSON API.
		{"GET /api/v1/regions/{code}/children", publicAPI, s.apiRegionChildren, true},
		{"GET /api/v1/units", publicAPI, s.apiUnits, true},
		{"GET /api/v1/units/{code}", publicAPI, s.apiUnit, true},
		{"POST /api/v1/units/{code}/responses", publicAPI, s.apiSubmitResponse, true},
		{"GET /api/v1/units/{code}/ikm", publicAPI, s.apiIKM, true},
		// The survey instrument, for clients that build their own form (api_instrument.go).
		{"GET /api/v1/units/{code}/instrument", publicAPI, s.apiInstrument, true},
		// The standards in force, their public components (api_standards.go).
		{"GET /api/v1/units/{code}/standards", publicAPI, s.apiUnitStandards, true},
		// geo11a: where (boundaries and points): the units nearest a point (nearby_pages.go)
		{"GET /unit-terdekat", public, s.unitsNearby, true},
		// open311 routes (begin)
		// Open311 GeoReport v2 (open311.go): {resource} is discovery, services
		// or requests with .xml or .json; the others name one item.
		{"GET /open311/v2/{resource}", publicOpen311, s.open311Get, true},
		{"POST /open311/v2/{resource}", publicOpen311, s.open311Post, true},
		{"GET /open311/v2/services/{file}", publicOpen311, s.open311Service, true},
		{"GET /open311/v2/requests/{file}", publicOpen311, s.open311Request, true},
		{"GET /open311/v2/tokens/{file}", publicOpen311, s.open311Token, true},
		{"GET /kelola/kunci-api", admins, s.apiKeys, false},
		{"POST /kelola/kunci-api", admins, s.createAPIKey, false},
		{"POST /kelola/kunci-api/{id}/cabut", admins, s.revokeAPIKey, false},
		// open311 routes (end)
		// public API contract (oas10, begin): the OpenAPI document of /api/v1
		// and /open311/v2, and the page people read it on.
		{"GET /api/openapi.json", publicAPI, s.openAPI, true},
		{"GET /api", public, s.apiDocs, true},
		// public API contract (oas10, end)

		// Every signed-in user.
		{"POST /keluar", staff, s.logout, false},
		{"GET /dasbor", staff, s.dashboard, false},
		{"GET /akun/sandi", staff, s.passwordForm, false},
		{"POST /akun/sandi", staff, s.changePassword, false},
		{"GET /kelola/unit", staff, s.manageUnits, false},
		{"GET /kelola/skm", staff, s.rankingPage, false},
		{"GET /kelola/pengaduan", staff, s.complaintQueue, false},
		{"GET /kelola/pengaduan-dasbor", staff, s.complaintStats, false},
		{"GET /kelola/pengaduan-baru", managers, s.staffIntakeForm, false},
		{"POST /kelola/pengaduan-baru", managers, s.staffIntake, false},
		{"GET /kelola/pengaduan/{number}", staff, s.staffComplaintPage, false},
		{"POST /kelola/pengaduan/{number}", staff, s.thenMailStaff(s.staffComplaintAction), false},
		{"GET /kelola/pengaduan/{number}/lampiran/{id}", staff, s.staffAttachment, false},
		{"GET /kelola/notifikasi", staff, s.notifications, false},
		{"POST /kelola/notifikasi", staff, s.markNotifications, false},
		{"GET /kelola/skm/unit/{code}", staff, s.unitSKMPage, false},
		{"GET /kelola/skm/unit/{code}/laporan", staff, s.surveyReport, false},

		// Unit profiles and services: administrators in their region, operators of the unit.
		{"GET /kelola/unit/{code}", managers, s.editUnitForm, false},
		{"POST /kelola/unit/{code}", managers, s.updateUnit, false},
		{"POST /kelola/unit/{code}/layanan", managers, s.addService, false},
		{"POST /kelola/unit/{code}/layanan/{service}", managers, s.updateService, false},
		{"POST /kelola/skm/unit/{code}/populasi", managers, s.setPopulation, false},
		{"GET /kelola/skm/unit/{code}/impor", managers, s.paperImportForm, false},
		{"POST /kelola/skm/unit/{code}/impor", managers, s.paperImport, false},
		{"POST /kelola/skm/unit/{code}/tindak-lanjut", managers, s.saveAction, false},
		{"POST /kelola/skm/unit/{code}/tindak-lanjut/{id}", managers, s.saveAction, false},
		{"POST /kelola/skm/unit/{code}/pertanyaan", managers, s.addQuestion, false},
		{"POST /kelola/skm/unit/{code}/pertanyaan/{id}", managers, s.toggleQuestion, false},
		// held survey responses (begin): review of responses the hold rules kept out of the IKM
		{"GET /kelola/skm/unit/{code}/ditahan", managers, s.heldPage, false},
		{"POST /kelola/skm/unit/{code}/ditahan", managers, s.heldAction, false},
		// held survey responses (end)

		// Administrators.
		{"GET /kelola/unit-baru", admins, s.newUnitForm, false},
		{"POST /kelola/unit-baru", admins, s.createUnit, false},
		{"POST /kelola/unit/{code}/status", admins, s.setUnitStatus, false},
		{"GET /kelola/impor", admins, s.importForm, false},
		{"POST /kelola/impor", admins, s.importUnits, false},
		{"GET /kelola/pengguna", admins, s.users, false},
		{"GET /kelola/pengguna-baru", admins, s.newUserForm, false},
		{"POST /kelola/pengguna-baru", admins, s.createUser, false},
		{"GET /kelola/pengguna/{id}", admins, s.editUserForm, false},
		{"POST /kelola/pengguna/{id}", admins, s.updateUser, false},
		{"POST /kelola/pengguna/{id}/sandi", admins, s.resetPassword, false},
		{"GET /kelola/audit", admins, s.auditLog, false},
		{"GET /kelola/libur", admins, s.holidays, false},
		{"POST /kelola/libur", admins, s.saveHoliday, false},
		{"GET /kelola/sla", admins, s.slas, false},
		{"POST /kelola/sla", admins, s.saveSLA, false},
		// privacy routes (begin): reporters' requests under UU 27/2022,
		// for administrators of the region that received the reports.
		{"GET /kelola/data-pribadi", admins, s.privacyForm, false},
		{"POST /kelola/data-pribadi", admins, s.privacySearch, false},
		{"POST /kelola/data-pribadi/ekspor", admins, s.privacyExport, false},
		{"POST /kelola/data-pribadi/hapus", admins, s.privacyErase, false},
		// privacy routes (end)
		// Laporan front matter (lapdoc, begin): the kop surat's logos, per
		// government (region), by administrators of the region.
		{"GET /kelola/logo", admins, s.logos, false},
		{"POST /kelola/logo", admins, s.uploadLogo, false},
		{"GET /kelola/logo/{code}", admins, s.logoImage, false},
		{"POST /kelola/logo/{code}/hapus", admins, s.deleteLogo, false},
		// Laporan front matter (lapdoc, end)
		// forms (f9, begin): the paper-survey template for download.
		{"GET /kelola/skm/unit/{code}/impor/templat", managers, s.paperTemplate, false},
		// forms (f9, end)
		// standards (std12, begin): a unit's service standards, maklumat and
		// forums; read by every role whose scope covers the unit, written by
		// its managers (checked again in the handlers). The public side is
		// the unit page and a page per service.
		{"GET /unit/{code}/layanan/{service}", public, s.publicServicePage, true},
		{"GET /kelola/standar/unit/{code}", staff, s.standards, false},
		{"POST /kelola/standar/unit/{code}/maklumat", managers, s.saveMaklumat, false},
		{"POST /kelola/standar/unit/{code}/forum", managers, s.addForum, false},
		{"GET /kelola/standar/unit/{code}/bukti/{id}", staff, s.evidenceFile, false},
		{"GET /kelola/standar/unit/{code}/layanan/{service}", staff, s.serviceStandardPage, false},
		{"POST /kelola/standar/unit/{code}/layanan/{service}", managers, s.saveStandard, false},
		{"GET /kelola/standar/unit/{code}/layanan/{service}/versi/{n}", staff, s.standardVersionPage, false},
		{"POST /kelola/standar/unit/{code}/layanan/{service}/versi/{n}", managers, s.standardStep, false},
		{"POST /kelola/standar/unit/{code}/layanan/{service}/versi/{n}/bukti", managers, s.addVersionEvidence, false},
		{"POST /kelola/standar/unit/{code}/bukti", managers, s.addUnitEvidence, false},
		// standards (std12, end)
		// digital kit (widget13, begin): the widget units embed in their own
		// websites (the only routes other sites may frame; no session, no
		// cookie: widget.go) and the social-media card of a standard.
		{"GET /widget/unit/{code}", publicWidget, s.widget, true},
		{"GET /widget.js", publicWidget, s.widgetScript, false},
		{"GET /unit/{code}/layanan/{service}/kartu.png", public, s.serviceCard, true},
		// digital kit (widget13, end)
		// publication register (register13): where each standard is published.
		{"POST /kelola/standar/unit/{code}/publikasi", managers, s.addPublication, false},
		{"POST /kelola/standar/unit/{code}/publikasi/{id}/hapus", managers, s.removePublication, false},
		// printed standards (poster13, begin): public PDFs for the counter
		// and the notice board, A4 or A3 (standard_posters.go).
		{"GET /unit/{code}/layanan/{service}/poster.pdf", public, s.servicePoster, true},
		{"GET /unit/{code}/maklumat.pdf", public, s.maklumatPoster, true},
		{"GET /unit/{code}/papan.pdf", public, s.standardBoard, true},
		// printed standards (poster13, end)
		// scored instruments (ins13, begin): PEKPPP and the cities' visit
		// checklists, versions in full; read by every staff role (a city's
		// checklist only within its scope, checked in the handler).
		{"GET /kelola/instrumen", staff, s.instruments, false},
		{"GET /kelola/instrumen/{id}", staff, s.instrumentVersion, false},
		// a city's own checklist, by administrators of the city (or above)
		{"GET /kelola/instrumen/ceklis", admins, s.checklistForm, false},
		{"POST /kelola/instrumen/ceklis", admins, s.saveChecklist, false},
		// scored instruments (ins13, end)
		// region report (geo13, begin): a region's maps and their tables as a
		// PDF, for its leaders and administrators (scope checked in the handler).
		{"GET /kelola/wilayah/{code}/laporan", regionReaders, s.regionReport, false},
		// region report (geo13, end)
		// directory and coverage (dir13, begin): the public directory of
		// services (directory_pages.go) and its JSON; the coverage of
		// standards for leaders and staff, in their scope (coverage_pages.go).
		{"GET /layanan", public, s.serviceDirectory, true},
		{"GET /api/v1/services", publicAPI, s.apiDirectorySearch, true},
		{"GET /kelola/standar/cakupan", staff, s.coveragePage, false},
		// directory and coverage (dir13, end)
		// monitoring team (team13, begin): the calendar of visits and the
		// coverage of each cycle, read by every role whose region it is; the
		// teams (by decree) and the city's cadence, set by its administrators;
		// visits planned and done by the team's members (evaluators) and the
		// region's administrators — membership checked again in the handler.
		{"GET /kelola/pemantauan", staff, s.monitoringCalendar, false},
		{"POST /kelola/pemantauan/unit/{code}", monitors, s.recordVisit, false},
		{"GET /kelola/pemantauan/tim", staff, s.monitoringTeams, false},
		{"POST /kelola/pemantauan/siklus", admins, s.saveCadence, false},
		{"GET /kelola/pemantauan/tim-baru", admins, s.newTeamForm, false},
		{"POST /kelola/pemantauan/tim-baru", admins, s.createTeam, false},
		{"GET /kelola/pemantauan/tim/{id}", staff, s.teamPage, false},
		{"POST /kelola/pemantauan/tim/{id}", admins, s.updateTeam, false},
		{"GET /kelola/pemantauan/tim/{id}/sk/{file}", staff, s.teamFile, false},
		// monitoring team (team13, end)
		// Ombudsman instrument (omb14): new category bounds of a national
		// version as its next version, by province administrators (checked
		// in the handler, as the holidays).
		{"GET /kelola/instrumen/{id}/batas", admins, s.boundsForm, false},
		{"POST /kelola/instrumen/{id}/batas", admins, s.saveBounds, false},
		// findings of the monitoring visits (finding13, begin): everyone in
		// scope reads; team members and the region's administrators record,
		// verify and reopen (membership checked in the handler); the
		// unit's managers answer.
		{"GET /kelola/temuan", staff, s.findingsList, false},
		{"GET /kelola/temuan/{code}", staff, s.unitFindings, false},
		{"POST /kelola/temuan/{code}", monitors, s.createFinding, false},
		{"GET /kelola/temuan/{code}/{id}", staff, s.findingPage, false},
		{"POST /kelola/temuan/{code}/{id}/tanggapan", managers, s.answerFinding, false},
		{"POST /kelola/temuan/{code}/{id}/tutup", monitors, s.teamStep(finding.Verify), false},
		{"POST /kelola/temuan/{code}/{id}/buka-kembali", monitors, s.teamStep(finding.Reopen), false},
		{"GET /kelola/temuan/{code}/{id}/berkas/{file}", staff, s.findingFile, false},
		// findings (finding13, end)
		// innovations (inov14, begin): the registry of a unit's service
		// innovations, read by every role whose scope covers the unit and
		// written by its managers (checked again in the handlers); the
		// public catalogue with a page per launched innovation.
		{"GET /inovasi", public, s.innovationCatalogue, true},
		{"GET /unit/{code}/inovasi/{id}", public, s.publicInnovation, true},
		{"GET /api/v1/units/{code}/innovations", publicAPI, s.apiUnitInnovations, true},
		{"GET /kelola/inovasi", staff, s.innovations, false},
		{"GET /kelola/inovasi/unit/{code}", staff, s.unitInnovations, false},
		{"POST /kelola/inovasi/unit/{code}", managers, s.createInnovation, false},
		{"GET /kelola/inovasi/unit/{code}/{id}", staff, s.innovationPage, false},
		{"POST /kelola/inovasi/unit/{code}/{id}", managers, s.updateInnovation, false},
		{"POST /kelola/inovasi/unit/{code}/{id}/bukti", managers, s.addInnovationEvidence, false},
		// innovations (inov14, end)
		// compliance readiness (sa14, begin): the Ombudsman self-assessment
		// per unit and service product, read by every role whose scope
		// covers the unit (assessors too), written by its managers; its
		// files are served by the standards' evidence route.
		{"GET /kelola/kepatuhan", staff, s.kepatuhanList, false},
		{"GET /kelola/kepatuhan/unit/{code}", staff, s.kepatuhanUnit, false},
		{"POST /kelola/kepatuhan/unit/{code}/butir", managers, s.saveKepatuhanItem, false},
		{"POST /kelola/kepatuhan/unit/{code}/butir/hapus", managers, s.removeKepatuhanItem, false},
		{"POST /kelola/kepatuhan/unit/{code}/wawancara", managers, s.addKepatuhanInterview, false},
		// compliance readiness (sa14, end)
		// the visit itself (visit13, begin): anyone who sees the unit reads
		// the visit; its operators fill the self-assessment; the team's
		// members and the region's administrators score and submit it
		// (the handlers check the team, as for the calendar).
		{"GET /kelola/pemantauan/sw.js", public, s.visitServiceWorker, false},
		{"GET /kelola/pemantauan/unit/{code}/kunjungan/{id}", staff, s.visitPage, false},
		{"GET /kelola/pemantauan/unit/{code}/kunjungan/{id}/bukti/{file}", staff, s.visitFile, false},
		{"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/mandiri", managers, s.selfScore, false},
		{"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/mandiri/kirim", managers, s.submitSelf, false},
		{"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/nilai", monitors, s.scoreVisit, false},
		{"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/laporan", monitors, s.saveVisitReport, false},
		{"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/selesai", monitors, s.completeVisit, false},
		// the visit itself (visit13, end)
		// the visit's instrument (journey13): PEKPPP or the city's checklist,
		// chosen by the team before the first score (visit_instrument.go)
		{"POST /kelola/pemantauan/unit/{code}/kunjungan/{id}/instrumen", monitors, s.chooseVisitInstrument, false},
		// the visit's berita acara (report13): read as the visit page is
		{"GET /kelola/pemantauan/unit/{code}/kunjungan/{id}/berita-acara.pdf", staff, s.visitReportPDF, false},
		// results over time (results13): anyone who sees the unit, and
		// for a city's page anyone whose calendar shows the city.
		{"GET /kelola/pemantauan/unit/{code}", staff, s.unitResults, false},
		{"GET /kelola/pemantauan/kota/{code}", staff, s.cityResults, false},
		// year results and the city recap (monres13): the recap is read as
		// the city's page is; the users' share of the final index is set by
		// the city's administrators (checked again in the handler).
		{"POST /kelola/pemantauan/kota/{code}/porsi-pengguna", admins, s.saveUserShare, false},
		{"GET /kelola/pemantauan/kota/{code}/rekap.pdf", staff, s.cityRecapPDF, false},
		{"GET /kelola/pemantauan/kota/{code}/rekap.xlsx", staff, s.cityRecapXLSX, false},
		// Ombudsman assessments (assess14, begin): the assessment of a city
		// per year, its results, Piagam and each locus's evidence pack;
		// written by the administrators of its region, read by its
		// leaders and evaluators and by the assessors on it (checked in
		// the handlers, as is the locus in the path).
		{"GET /kelola/penilaian-ombudsman", assessmentReaders, s.assessments, false},
		{"GET /kelola/penilaian-ombudsman/baru", admins, s.newAssessmentForm, false},
		{"POST /kelola/penilaian-ombudsman/baru", admins, s.createAssessment, false},
		{"GET /kelola/penilaian-ombudsman/{id}", assessmentReaders, s.assessmentPage, false},
		{"POST /kelola/penilaian-ombudsman/{id}", admins, s.updateAssessment, false},
		{"POST /kelola/penilaian-ombudsman/{id}/hasil", admins, s.saveAssessmentResults, false},
		{"POST /kelola/penilaian-ombudsman/{id}/piagam", admins, s.saveAward, false},
		{"GET /kelola/penilaian-ombudsman/{id}/piagam/{file}", assessmentReaders, s.awardFile, false},
		{"POST /kelola/penilaian-ombudsman/{id}/paket/{code}", admins, s.requestPack, false},
		{"GET /kelola/penilaian-ombudsman/{id}/paket/{code}", assessmentReaders, s.packFile, false},
		{"GET /kelola/penilaian-ombudsman/{id}/bukti/{code}", assessmentReaders, s.locusEvidence, false},
		{"GET /kelola/penilaian-ombudsman/{id}/bukti/{code}/{file}", assessmentReaders, s.locusEvidenceFile, false},
		// Ombudsman assessments (assess14, end)
		// user contacts (contacts14, begin): the user-contact list of the
		// Ombudsman's Output interviews, per unit and assessment year
		// (?tahun=): the counts for every role in scope; the identities
		// only for the unit's operators, the region's administrators and
		// assessors, each view audited (checked in contact_pages.go).
		{"GET /kelola/kepatuhan/kontak/{code}", staff, s.contactsPage, false},
		{"POST /kelola/kepatuhan/kontak/{code}", managers, s.addContact, false},
		{"POST /kelola/kepatuhan/kontak/{code}/impor", managers, s.importContacts, false},
		{"POST /kelola/kepatuhan/kontak/{code}/hapus", admins, s.eraseContacts, false},
		// user contacts (contacts14, end)
		// the city and province scorecard (scorecard14, scorecard_pages.go):
		// every signed-in role, within its scope (checked in the handler;
		// an operator sees only their own units).
		{"GET /kelola/rapor/{code}", staff, s.scorecardPage, false},

		// Operations.
		{"GET /healthz", publicOps, s.healthz, false},
		{"GET /metrics", ops, s.metricsHandler, false},
	}
}

// routes builds the root handler: the mux with every route wrapped in its
// rule, then the middleware every request passes through. What happens
// around a route (session, error format, cross-origin posts) is decided by
// its surface, found by matching the request against the same mux.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	s.rules = map[string]rule{}
	for _, rt := range s.Routes() {
		mux.Handle(rt.pattern, s.guard(rt))
		s.rules[rt.pattern] = rt.rule
	}
	mux.HandleFunc("/", s.notFound)
	// A path no route serves is not found, told in the format of the
	// surface its address belongs to.
	for prefix, rl := range map[string]rule{"/api/": publicAPI, "/open311/": publicOpen311} {
		mux.HandleFunc(prefix, s.notFound)
		s.rules[prefix] = rl
	}
	// Only pages run with sessions: the others skip the session store (and
	// its buffering).
	withSession := s.sessions.LoadAndSave(s.authenticate(mux))
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if surfaceOf(r).session {
			withSession.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	protected := csrf.Handler(inner)
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if surfaceOf(r).crossOrigin {
			inner.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
	h = s.checkText(h)     // path, query string and headers are plain text (input hardening)
	h = s.cors(mux)(h)     // other sites may read the public GET endpoints
	h = s.classify(mux)(h) // the route's surface, for everything above
	h = s.observe(h)       // request id, security headers, logging, metrics, panic recovery
	return h
}
