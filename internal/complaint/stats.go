package complaint

// Stats summarises a set of reports for a dashboard.
type Stats struct {
	Total    int
	ByStatus map[Status]int
	ByKind   map[Kind]int
	// On time: steps done by their deadline, of the steps done.
	VerifyOnTime, VerifyDone               int
	FirstResponseOnTime, FirstResponseDone int
	ResolutionOnTime, ResolutionDone       int
	// Late: open steps already past due (filled by the store from the
	// open reports; the rollups hold only steps done).
	Late Late
	// Median hours from receipt to verification, from dispatch to the first
	// response, and from receipt to resolution.
	MedianVerifyHours, MedianFirstResponseHours, MedianResolveHours float64
	// Completed of Counted is the share of reports followed up to completion
	// (resolved or closed) among those that count (not archived or merged):
	// PEKPPP indicator 28, "persentase pengaduan yang diselesaikan".
	Completed, Counted int
}

// Share returns part/whole as a percentage, 0 for an empty whole.
func Share(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) * 100 / float64(whole)
}
