package complaint

// Viewer is who looks at a report, for the privacy rules of methods.md §3.
type Viewer string

const (
	ViewPublic    Viewer = "public"    // anyone, on public pages and the open API
	ViewReporter  Viewer = "reporter"  // the reporter, holding the tracking code
	ViewVerifier  Viewer = "verifier"  // the city's complaint managers (administrators in scope)
	ViewUnitStaff Viewer = "unit"      // staff of the unit handling it (operators, administrators of the unit's city)
	ViewReadOnly  Viewer = "read_only" // leaders, evaluators and assessors
	ViewExport    Viewer = "export"    // spreadsheets and other files that leave the system
)

// ShowsIdentity reports whether v may see the reporter's identity (name,
// NIK, phone, e-mail). The identity is confidential in every case: only the
// verifiers always see it, the handling unit only for a report filed
// openly (biasa); never the public, read-only roles, exports or logs.
func ShowsIdentity(p Privacy, v Viewer) bool {
	switch v {
	case ViewVerifier, ViewReporter:
		return true
	case ViewUnitStaff:
		return p == Public
	}
	return false
}

// ShowsContent reports whether v may read the report's text. A secret
// (rahasia) report is never public; the others may be.
func ShowsContent(p Privacy, v Viewer) bool {
	if v == ViewPublic {
		return p != Secret
	}
	return true
}

// Masked returns the reporter as v may see them: the identity blanked, with
// only the fact that one was given.
func (r Reporter) Masked(p Privacy, v Viewer) Reporter {
	if ShowsIdentity(p, v) {
		return r
	}
	if r.Empty() {
		return Reporter{}
	}
	return Reporter{Name: "•••"}
}
