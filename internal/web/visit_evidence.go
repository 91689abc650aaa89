package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"mutu/internal/clock"
	"mutu/internal/i18n"
	"mutu/internal/monitor"
	"mutu/internal/skm"
	"mutu/internal/store"
	"mutu/internal/unit"
)

// mutuEvidence is a row of evidence for the self-assessment that Mutu
// already holds: a dated record with a link to the page that shows it.
// Each figure comes from the same function as that page's.
type mutuEvidence struct {
	Kind  string    // catalog key of the kind of record
	Label string    // what it is, as the record names it
	Date  time.Time // its date (zero: none)
	Link  string
}

// mutuEvidence lists what Mutu holds on u for its self-assessment: the
// standards in force, the signed maklumat, the publication register, the
// SKM results of the last two quarters and the follow-up actions, and
// this year's complaint figures.
func (s *Server) mutuEvidence(r *http.Request, u *unit.Unit) ([]mutuEvidence, error) {
	ctx := r.Context()
	l := lang(r)
	code := url.PathEscape(u.Code)
	stdLink := "/kelola/standar/unit/" + code
	var out []mutuEvidence
	rows, err := s.standardRows(r, u)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		if row.Current != nil {
			out = append(out, mutuEvidence{Kind: "visit.ev.standard", Label: row.Service.Name + " · v" + strconv.Itoa(row.Current.Number),
				Date: row.Current.EffectiveFrom, Link: stdLink})
		}
	}
	mk, err := s.db.Maklumat(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if mk != nil && !mk.SignedOn.IsZero() {
		out = append(out, mutuEvidence{Kind: "visit.ev.maklumat", Label: mk.SignatoryName, Date: mk.SignedOn, Link: stdLink})
	}
	pubs, err := s.db.UnitPublications(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range pubs {
		out = append(out, mutuEvidence{Kind: "visit.ev.publication", Label: i18n.T(l, "publication.kind."+string(p.Kind)),
			Date: p.SeenOn, Link: stdLink})
	}
	for _, pc := range skm.QuarterCodes(s.db.Now(), 2) {
		rng, label, _ := skm.ParsePeriod(pc)
		sum, err := skm.Summarize(ctx, s.db, u.ID, "", rng)
		if err != nil {
			return nil, err
		}
		if sum.Respondents == 0 {
			continue
		}
		to, _ := time.ParseInLocation(time.DateOnly, rng.To, clock.Jakarta)
		out = append(out, mutuEvidence{Kind: "visit.ev.skm", Date: to,
			Label: label + " · IKM " + i18n.Decimal(l, float64(sum.KonversiHundredths)/100, 2) + " · " + strconv.FormatInt(sum.Respondents, 10),
			Link:  "/kelola/skm/unit/" + code + "?p=" + url.QueryEscape(pc)})
	}
	acts, err := s.db.Actions(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		to, _ := time.ParseInLocation(time.DateOnly, a.Range.To, clock.Jakarta)
		out = append(out, mutuEvidence{Kind: "visit.ev.action", Label: a.Programme + " (" + i18n.T(l, "skm.status."+string(a.Status)) + ")",
			Date: to, Link: "/kelola/skm/unit/" + code})
	}
	year := s.db.Now().In(clock.Jakarta).Year()
	y := strconv.Itoa(year)
	f := store.ComplaintFilter{ReceivedFrom: y + "-01-01", ReceivedTo: y + "-12-31"}
	complaintScope(principal(r), &f)
	f.Unit = u.ID
	st, err := s.db.ComplaintStats(ctx, f, year)
	if err != nil {
		return nil, err
	}
	out = append(out, mutuEvidence{Kind: "visit.ev.complaints", Date: monitor.Day(s.db.Now()),
		Label: i18n.T(l, "visit.ev.complaints_n", y, st.Total, st.ResolutionOnTime, st.ResolutionDone),
		Link:  "/kelola/pengaduan-dasbor?" + url.Values{"unit": {u.Code}, "tahun": {y}}.Encode()})
	return out, nil
}
