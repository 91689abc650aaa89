package open311

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/i18n"
)

// TestStatusOf: a report not yet public answers with its id, status and
// service only, in XML and JSON; nothing the reporter wrote.
func TestStatusOf(t *testing.T) {
	rep := &complaint.Report{ID: "01a2", Kind: complaint.Aspiration, Status: complaint.Received, Privacy: complaint.Public,
		Channel: complaint.ChannelOpen311, Title: "Taman kota", Body: "Taman kota perlu bangku tambahan untuk lansia.\n\nhttps://contoh.id/1.jpg",
		Location: "Jl. Sunter (-6.140000, 106.870000)", Milestones: complaint.Milestones{ReceivedAt: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)}}
	for _, tc := range []struct {
		status     complaint.Status
		open, note bool
	}{
		{complaint.Received, true, true},
		{complaint.OnHold, true, true},
		{complaint.Archived, false, false},
		{complaint.Merged, false, false},
	} {
		rep.Status = tc.status
		q := StatusOf(i18n.EN, rep)
		if q.ID != "01a2" || q.ServiceCode != "aspirasi" || q.ServiceName != "Suggestion" || (q.Status == "open") != tc.open || (q.StatusNotes != "") != tc.note {
			t.Errorf("%s: %+v", tc.status, q)
		}
		for _, format := range []string{"xml", "json"} {
			b, _, err := Marshal(format, []Request{q}, WrapXML("service_requests", []Request{q}))
			if err != nil {
				t.Fatal(err)
			}
			for _, leak := range []string{"Taman", "contoh.id", "Sunter", "106.87", "description", "address", "lat", "media_url", "requested_datetime", "agency"} {
				if strings.Contains(string(b), leak) {
					t.Errorf("%s %s shows %q: %s", tc.status, format, leak, b)
				}
			}
			if format == "xml" {
				var x struct {
					Requests []struct {
						ID string `xml:"service_request_id"`
					} `xml:"request"`
				}
				if err := xml.Unmarshal(b, &x); err != nil || len(x.Requests) != 1 || x.Requests[0].ID != "01a2" {
					t.Errorf("XML %v: %s", err, b)
				}
			}
		}
	}
}
