package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"mutu/internal/complaint"
)

// TestSameIntakeEveryChannel: the same report filed through the public
// form, staff intake and Open311 is stored the same (normalised once, by
// complaint.Intake), apart from its channel.
func TestSameIntakeEveryChannel(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	const text = "Antrean di loket dua tidak tertib sejak pagi ini"

	public := url.Values{"kind": {"pengaduan"}, "privacy": {"anonim"}, "unit": {"PTSP-31.72"}, "title": {"  " + text + " "},
		"body": {" " + text + "  "}, "location": {" Loket 2 "}, "name": {"  Siti Aminah "}, "phone": {" 0812 3456 789 "}}
	res := a.post(t, a.client(t), "/pengaduan", public)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("public form: %d\n%s", res.StatusCode, res.Body)
	}
	codes := map[complaint.Channel]string{complaint.ChannelWeb: codeRE.FindString(res.Header.Get("Location"))}

	staff := url.Values{"channel": {"telepon"}}
	for k, v := range public {
		staff[k] = v
	}
	res = a.post(t, a.login(t, "operator.ptsp"), "/kelola/pengaduan-baru", staff)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("staff intake: %d\n%s", res.StatusCode, res.Body)
	}
	codes[complaint.ChannelPhone] = codeRE.FindString(res.Body)

	o311 := url.Values{"api_key": {newKey(t, a, "")}, "service_code": {"pengaduan"}, "attribute[privacy]": {"anonim"},
		"attribute[unit]": {"PTSP-31.72"}, "description": {" " + text + "  "}, "address_string": {" Loket 2 "},
		"first_name": {"  Siti"}, "last_name": {"Aminah "}, "phone": {" 0812 3456 789 "}}
	res = a.post(t, nil, "/open311/v2/requests.json", o311)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("open311: %d\n%s", res.StatusCode, res.Body)
	}
	codes[complaint.ChannelOpen311] = codeRE.FindString(res.Body)

	var want *complaint.Report
	for _, ch := range []complaint.Channel{complaint.ChannelWeb, complaint.ChannelPhone, complaint.ChannelOpen311} {
		got, err := a.DB.ComplaintByCode(ctx, codes[ch])
		if err != nil {
			t.Fatalf("%s (%q): %v", ch, codes[ch], err)
		}
		if got.Channel != ch {
			t.Errorf("%s stored as channel %s", ch, got.Channel)
		}
		if want == nil {
			want = got
			if want.Title != text || want.Body != text || want.Location != "Loket 2" || want.Reporter.Name != "Siti Aminah" || want.Reporter.Phone != "0812 3456 789" {
				t.Fatalf("public form stored %+v", want)
			}
			continue
		}
		if got.Kind != want.Kind || got.Privacy != want.Privacy || got.UnitID != want.UnitID || got.Title != want.Title ||
			strings.TrimSpace(got.Body) != want.Body || got.Location != want.Location || got.Reporter != want.Reporter {
			t.Errorf("%s stored %+v\nform stored %+v", ch, got, want)
		}
	}
}
