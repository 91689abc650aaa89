package open311

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/i18n"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct{ in, name, format string }{
		{"requests.json", "requests", "json"}, {"services.xml", "services", "xml"}, {"discovery", "discovery", "xml"},
	} {
		if name, format, ok := Split(tc.in); !ok || name != tc.name || format != tc.format {
			t.Errorf("Split(%q) = %q %q %v", tc.in, name, format, ok)
		}
	}
	if _, format, ok := Split("requests.csv"); ok || format != "xml" {
		t.Errorf("requests.csv: %q %v", format, ok)
	}
}

func TestCoordinatesRoundTrip(t *testing.T) {
	lat, long, ok, fs := Coordinates(" -6.125 ", "106.9")
	if !ok || fs != nil {
		t.Fatal(fs)
	}
	loc := WithCoordinates("Jl. Pluit Raya", lat, long, ok)
	if addr, la, lo := SplitCoordinates(loc); addr != "Jl. Pluit Raya" || la != json.Number("-6.125000") || lo != json.Number("106.900000") {
		t.Errorf("%q → %q %q %q", loc, addr, la, lo)
	}
	for _, bad := range [][2]string{{"91", "0"}, {"1", ""}, {"NaN", "1"}} {
		if _, _, ok, fs := Coordinates(bad[0], bad[1]); ok || len(fs) != 1 {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestTitleAndText(t *testing.T) {
	if got := Title("abc\nmore", "Pengaduan"); got != "Pengaduan" {
		t.Errorf("short line: %q", got)
	}
	if got := Title(strings.Repeat("kata ", 40), ""); len([]rune(got)) > 100 || !strings.HasSuffix(got, "…") {
		t.Errorf("long line: %q", got)
	}
	if got := Text(" a\x00b\r\nc\x7f "); got != "ab\nc" {
		t.Errorf("Text: %q", got)
	}
}

func TestRange(t *testing.T) {
	now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	if from, to, fs := Range("", "", now); fs != nil || !to.Equal(now) || to.Sub(from) != MaxSpan {
		t.Errorf("default: %v %v %v", from, to, fs)
	}
	// A window longer than 90 days is capped to its last 90 days (FixMyStreet may ask for more).
	if from, to, fs := Range("2026-01-01", "2026-12-31", now); fs != nil || to.Sub(from) != MaxSpan || to.Format(time.DateOnly) != "2026-12-31" {
		t.Errorf("span: %v %v %v", from, to, fs)
	}
	if _, _, fs := Range("2026-11-20", "2026-11-10", now); len(fs) != 1 || fs[0].Key != "georeport.err.date_order" {
		t.Errorf("order: %v", fs)
	}
	if _, _, fs := Range("kemarin", "", now); len(fs) != 1 || fs[0].Name != "start_date" {
		t.Errorf("bad date: %v", fs)
	}
}

// TestRequestOf: the status mapping and what the public reads of a report.
func TestRequestOf(t *testing.T) {
	at := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	rep := &complaint.Report{ID: "r1", Kind: complaint.Complaint, Channel: complaint.ChannelOpen311, Status: complaint.Received,
		Body: complaint.WithMedia("Lampu jalan mati sejak seminggu lalu", "https://example.com/a.jpg"), Location: "RW 05 (-6.125000, 106.900000)",
		Reporter: complaint.Reporter{Name: "Siti", Email: "siti@example.com"}}
	rep.ReceivedAt, rep.UpdatedAt = at, at
	q := RequestOf(i18n.EN, rep, "", "PTSP", at.Add(time.Hour))
	if q.Status != "open" || q.Description != "Lampu jalan mati sejak seminggu lalu" || q.MediaURL != "https://example.com/a.jpg" ||
		q.Address != "RW 05" || q.Lat != "-6.125000" || q.ExpectedDatetime != at.Add(time.Hour).In(clock.Jakarta).Format(TimeLayout) {
		t.Errorf("open: %+v", q)
	}
	b, _ := json.Marshal(q)
	if strings.Contains(string(b), "Siti") || strings.Contains(string(b), "siti@") {
		t.Errorf("identity in %s", b)
	}
	rep.Status, rep.ClosedAt = complaint.Closed, at.Add(2*time.Hour)
	if q := RequestOf(i18n.EN, rep, "Sudah diperbaiki", "PTSP", time.Time{}); q.Status != "closed" || q.ExpectedDatetime != "" || q.UpdatedDatetime != Time(rep.ClosedAt) {
		t.Errorf("closed: %+v", q)
	}
	for _, tc := range []struct {
		code errs.Code
		want int
	}{{errs.NotFound, 404}, {errs.Forbidden, 403}, {errs.Unauthorized, 403}, {errs.Invalid, 400}, {errs.Internal, 400}, {errs.RateLimited, 429}} {
		if got := HTTPStatus(tc.code); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.code, got, tc.want)
		}
	}
}
