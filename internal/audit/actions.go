package audit

// Actions are the actions the store records, in the order the audit page's
// filter lists them (by area). Each has a label in both catalogs under
// "audit.act." + action (checked by a test).
var Actions = []string{
	"user.create", "user.update", "user.password", "user.throttled",
	"region.import", "unit.create", "unit.update", "unit.activate", "unit.deactivate", "service.create", "service.update",
	"kiosk.create", "kiosk.revoke", "apikey.create", "apikey.revoke",
	"skm.import", "skm.population", "skm.action.create", "skm.action.update", "skm.question.create", "skm.question.update",
	"skm.held.release", "skm.held.discard",
	"complaint_sla.update", "complaint_sla.reset", "holiday.save", "holiday.delete",
	"privacy.export", "privacy.erase", "privacy.retention",
	"region.logo", "region.logo_delete", // lapdoc: the kop surat's logos
	"region.boundaries", // geo11a: region boundaries imported
	// std12: service standards, maklumat, forums and their evidence
	"standard.create", "standard.draft", "standard.approve", "standard.publish", "standard.discard",
	"maklumat.save", "forum.create", "evidence.add",
	"publication.add", "publication.remove", // register13: the publication register
	"instrument.version", // ins13: a new version of a city's visit checklist
	// team13: the monitoring team, its cadence and visits
	"monitoring.team_create", "monitoring.team_update", "monitoring.cadence", "monitoring.visit_plan", "monitoring.visit_done",
	"backup.restore", // backup15: the database was restored from an archive
	// finding13: findings of the visits and their steps (finding.<action>, from the lifecycle table)
	"finding.create", "finding.tanggapi", "finding.tutup", "finding.buka_kembali",
	// inov14: the innovation registry
	"innovation.create", "innovation.update",
	// contacts14: the user-contact list of the Output interviews (counts only, never the identities)
	"contact.add", "contact.view", "contact.erase", "privacy.contact_retention",
	"visit.score", "visit.self_score", "visit.self_submit", "visit.report", // visit13: the visit's scores and report
	"monitoring.user_share", // monres13: a city's users' share of the final PEKPPP index
	"visit.instrument",      // visit13: the instrument a visit is scored on, chosen before scoring
	// assess14: the Ombudsman's assessment, its results, Piagam and evidence packs
	"kepatuhan.create", "kepatuhan.update", "kepatuhan.result", "kepatuhan.award", "kepatuhan.pack",
	// sa14: the compliance self-assessment
	"kepatuhan.item", "kepatuhan.item_remove", "kepatuhan.interview",
}
