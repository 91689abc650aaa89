package complaint

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"mutu/internal/errs"
	"mutu/internal/geo"
)

// Intake is a new report as any channel hands it in: the public form, a
// staff member recording a walk-in or a call, Open311. Every channel fills
// this one type; Validate checks it the same way for all of them, and
// Report turns it into the report that is stored.
type Intake struct {
	Kind     Kind
	Privacy  Privacy
	Channel  Channel
	LaporID  string // SP4N-LAPOR! tracking id (ChannelLapor)
	Title    string
	Body     string
	Location string
	MediaURL string     // a picture or document on the web (Open311's media_url), kept as the text's last line
	Point    *geo.Point // where it happened, when the reporter gave (and agreed to keep) a point
	Reporter Reporter

	UnitCode    string // the unit the report is about, or ""
	ServiceCode string // that unit's service, optional
	RegionCode  string // without a unit: the region whose complaint desk receives it

	Idem *Idempotency // a machine client's retry key (Open311), or nil
}

// Channels are every channel a report can come by.
var Channels = append([]Channel{ChannelWeb, ChannelOpen311}, StaffChannels...)

// Validate normalises the intake (surrounding spaces) and checks its
// content. Where the report goes (UnitCode, RegionCode) needs the unit list
// and is checked when it is filed.
func (in *Intake) Validate() []errs.Field {
	var fs []errs.Field
	in.Title, in.Body, in.Location = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body), strings.TrimSpace(in.Location)
	in.LaporID, in.UnitCode, in.ServiceCode, in.RegionCode = strings.TrimSpace(in.LaporID), strings.TrimSpace(in.UnitCode), strings.TrimSpace(in.ServiceCode), strings.TrimSpace(in.RegionCode)
	in.Reporter.Name, in.Reporter.NIK = strings.TrimSpace(in.Reporter.Name), strings.TrimSpace(in.Reporter.NIK)
	in.Reporter.Phone, in.Reporter.Email = strings.TrimSpace(in.Reporter.Phone), strings.TrimSpace(in.Reporter.Email)
	if !slices.Contains(Kinds, in.Kind) {
		fs = append(fs, errs.Field{Name: "kind", Key: "complaint.err.kind"})
	}
	if !slices.Contains(Channels, in.Channel) {
		fs = append(fs, errs.Field{Name: "channel", Key: "complaint.err.channel"})
	}
	if !slices.Contains(Privacies, in.Privacy) {
		fs = append(fs, errs.Field{Name: "privacy", Key: "complaint.err.privacy"})
	}
	text := func(name, v string, min, max int) {
		switch n := utf8.RuneCountInString(v); {
		case n < min:
			fs = append(fs, errs.Field{Name: name, Key: "complaint.err.too_short", Args: []any{min}})
		case n > max:
			fs = append(fs, errs.Field{Name: name, Key: "err.too_long", Args: []any{max}})
		}
	}
	text("title", in.Title, 5, 150)
	text("body", in.Body, 20, 5000)
	text("location", in.Location, 0, 300)
	text("name", in.Reporter.Name, 0, 120)
	if in.Reporter.NIK != "" && !nikRE.MatchString(in.Reporter.NIK) {
		fs = append(fs, errs.Field{Name: "nik", Key: "complaint.err.nik"})
	}
	if in.Reporter.Phone != "" && !phoneRE.MatchString(in.Reporter.Phone) {
		fs = append(fs, errs.Field{Name: "phone", Key: "err.phone"})
	}
	if in.Reporter.Email != "" && !validEmail(in.Reporter.Email) {
		fs = append(fs, errs.Field{Name: "email", Key: "err.email"})
	}
	if in.Channel == ChannelLapor && !laporRE.MatchString(in.LaporID) {
		fs = append(fs, errs.Field{Name: "lapor_id", Key: "complaint.err.lapor_id"})
	}
	if in.Point != nil && !in.Point.InIndonesia() {
		fs = append(fs, errs.Field{Name: "point", Key: "geo.err.point"}) // only points in Indonesia are stored (and drawn)
	}
	return fs
}

// Report is the report to store from a validated intake; the unit it goes
// to, its service and its number are set when it is filed.
func (in *Intake) Report() *Report {
	return &Report{Kind: in.Kind, Privacy: in.Privacy, Channel: in.Channel, LaporID: in.LaporID,
		Title: in.Title, Body: WithMedia(in.Body, in.MediaURL), Location: in.Location, Point: in.Point, Reporter: in.Reporter, Idem: in.Idem}
}

var mediaRE = regexp.MustCompile(`\n\nMedia: (https?://\S+)$`)

// WithMedia keeps a media URL as the last line of a report's text.
func WithMedia(body, mediaURL string) string {
	if mediaURL == "" {
		return body
	}
	return body + "\n\nMedia: " + mediaURL
}

// SplitMedia is the text and the media URL WithMedia joined.
func SplitMedia(body string) (string, string) {
	if m := mediaRE.FindStringSubmatchIndex(body); m != nil {
		return body[:m[0]], body[m[2]:m[3]]
	}
	return body, ""
}
