package web_test

import (
	"net/url"
	"strings"
	"testing"

	"mutu/internal/complaint"
	"mutu/internal/store"
)

// readBack reads one request by id in a format, without a key, and checks
// that the answer by service_request_id is the same.
func readBack(t *testing.T, a *app, format, id string) specRequest {
	t.Helper()
	path := "/open311/v2/requests/" + id + "." + format
	var one []specRequest
	if format == "json" {
		o311(t, a, "GET", path, nil, &one)
	} else {
		var x specRequests
		o311(t, a, "GET", path, nil, &x)
		one = x.Requests
	}
	if len(one) != 1 || one[0].ID != id {
		t.Fatalf("%s: %+v", path, one)
	}
	// The same answer by service_request_id (lat and long compared by value).
	list := getRequests(t, a, "?service_request_id="+id)
	if len(list) != 1 || (list[0].Lat == nil) != (one[0].Lat == nil) || list[0].Lat != nil && *list[0].Lat != *one[0].Lat {
		t.Fatalf("by service_request_id: %+v, by path: %+v", list, one[0])
	}
	x, y := list[0], one[0]
	x.Lat, x.Long, y.Lat, y.Long = nil, nil, nil, nil
	if x != y {
		t.Errorf("by service_request_id: %+v, by path: %+v", x, y)
	}
	return one[0]
}

// TestOpen311ReadBack: the client that filed a request reads it back by its
// id at once, without a key (as FixMyStreet-style clients do after POST):
// status and service only until staff accept it, then the public fields;
// agency_responsible names the unit handling it now.
func TestOpen311ReadBack(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	key := newKey(t, a, "31.72")
	const description = "Lampu penerangan jalan mati sejak tiga malam, rawan kecelakaan."
	id, code := post311(t, a, "json", form311(key, "attribute[region]", "31.72", "lat", "-6.1184", "long", "106.9061", "media_url", "https://contoh.id/foto/3.jpg",
		"first_name", "Rina", "email", "rina@example.com"))
	xmlID, _ := post311(t, a, "xml", form311(key, "service_code", "aspirasi"))

	// Before verification: the id, the status and the service, nothing the reporter wrote.
	for _, f := range []string{"xml", "json"} {
		res := a.get(t, nil, "/open311/v2/requests/"+id+"."+f)
		for _, leak := range []string{"Lampu", "Yos Sudarso", "contoh.id", "106.9", "Rina", "rina@", "description", "address", "agency_responsible", "media_url", "lat", code} {
			if strings.Contains(res.Body, leak) {
				t.Errorf("%s before verification shows %q:\n%s", f, leak, res.Body)
			}
		}
		r := readBack(t, a, f, id)
		if r.Status != "open" || r.ServiceCode != "pengaduan" || r.ServiceName != "Pengaduan" || r.StatusNotes == "" || r.Description != "" || r.AgencyResponsible != "" {
			t.Errorf("%s before verification: %+v", f, r)
		}
	}
	if r := readBack(t, a, "xml", xmlID); r.ServiceCode != "aspirasi" || r.Status != "open" {
		t.Errorf("aspirasi: %+v", r)
	}
	// Others listing requests do not see it, nor does a jurisdiction it is not in.
	for _, r := range getRequests(t, a, "") {
		if r.ID == id {
			t.Error("an unverified request is listed")
		}
	}
	for _, path := range []string{"/open311/v2/requests/" + id + ".json?jurisdiction_id=31.74", "/open311/v2/requests/" + id + ".xml?jurisdiction_id=31.74"} {
		wantO311Error(t, path, a.get(t, nil, path), 404, "")
	}
	// Only Open311's own reports are read back so: not one filed on the web
	// form, and never a secret one, whose status stays hidden too.
	secret, _ := post311(t, a, "json", form311(key, "attribute[privacy]", "rahasia"))
	web, _, err := a.DB.Complaints(ctx, store.ComplaintFilter{RegionCode: "31", Statuses: []complaint.Status{complaint.Received}, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	webID := ""
	for _, r := range web {
		if r.Channel != complaint.ChannelOpen311 && r.Privacy != complaint.Secret {
			webID = r.ID
		}
	}
	if webID == "" {
		t.Fatal("no unverified demo report from another channel")
	}
	for _, other := range []string{secret, webID} {
		for _, f := range []string{"json", "xml"} {
			path := "/open311/v2/requests/" + other + "." + f
			wantO311Error(t, path, a.get(t, nil, path), 404, "")
			if list := getRequests(t, a, "?service_request_id="+other); len(list) != 0 {
				t.Errorf("%s listed by id: %+v", other, list)
			}
		}
	}

	// Verified: the public fields; the receiving desk handles it.
	admin, op := a.login(t, "admin.jakut"), a.login(t, "operator.ptsp")
	number := numberOf(t, a, code)
	desk := "Pengelola Pengaduan Kota Administrasi Jakarta Utara"
	ptsp, err := a.DB.UnitByCode(ctx, "PTSP-31.72")
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		c      string
		form   url.Values
		agency string
	}{
		{"admin", url.Values{"action": {"verifikasi"}}, desk},
		{"admin", url.Values{"action": {"disposisi"}, "unit": {"PTSP-31.72"}}, ptsp.Name},
		{"op", url.Values{"action": {"bukan_wewenang"}, "reason": {"Penerangan jalan bukan layanan PTSP."}}, desk},
	} {
		c := admin
		if step.c == "op" {
			c = op
		}
		if res := a.post(t, c, "/kelola/pengaduan/"+number, step.form); res.StatusCode != 303 {
			t.Fatalf("%v: %d %s", step.form, res.StatusCode, res.Body)
		}
		for _, f := range []string{"json", "xml"} {
			r := readBack(t, a, f, id)
			if r.Status != "open" || r.Description != description || r.Address != "Jl. Yos Sudarso, Koja" || r.MediaURL != "https://contoh.id/foto/3.jpg" ||
				r.RequestedDatetime == "" || r.AgencyResponsible != step.agency || r.StatusNotes != "" {
				t.Errorf("after %s, %s: %+v", step.form.Get("action"), f, r)
			}
		}
	}

	// Archived without verification: closed, and still nothing more.
	archivedID, archivedCode := post311(t, a, "json", form311(key, "service_code", "informasi"))
	if res := a.post(t, admin, "/kelola/pengaduan/"+numberOf(t, a, archivedCode), url.Values{"action": {"arsipkan"}, "confirmed": {"1"},
		"reason": {"Laporan uji coba dari aplikasi."}}); res.StatusCode != 303 {
		t.Fatalf("archive: %d %s", res.StatusCode, res.Body)
	}
	if r := readBack(t, a, "json", archivedID); r.Status != "closed" || r.ServiceCode != "informasi" || r.Description != "" || r.StatusNotes != "" {
		t.Errorf("archived: %+v", r)
	}
}
