package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"mutu/internal/clock"
	"mutu/internal/directory"
	"mutu/internal/errs"
	"mutu/internal/region"
	"mutu/internal/standard"
	"mutu/internal/store"
)

// The directory of services (issue #12): GET /layanan lists every active
// service of every active unit, filtered by region and searched by what a
// citizen needs (internal/directory); GET /api/v1/services is the same
// search as JSON. Both read an index held in memory, rebuilt only when
// something audited has changed since it was built (store.ChangeStamp:
// units, services, regions and standards are all audited, on whichever
// node) or a published version's effective date has come: a search costs
// the index, never the history.

// directoryMaxAge bounds how long an index serves without a rebuild even
// when the stamp has not moved: UUIDv7 ids are ordered by the clock of
// the node that wrote them, and a node whose clock lags could write a
// change under a smaller id than the newest.
const directoryMaxAge = 10 * time.Minute

// directoryPageSize is the results on one page of the directory.
const directoryPageSize = 20

// directoryCache is the index and what it was built from.
type directoryCache struct {
	mu       sync.Mutex
	built    *directoryIndex
	building bool // a request is building a new index
}

// directoryIndex is one build: read-only once made, shared by requests.
type directoryIndex struct {
	ix      *directory.Index
	stamp   string          // store.ChangeStamp when built
	until   time.Time       // the next effective date of a published version, or directoryMaxAge after the build
	regions []region.Region // the regions with units, top down: the filter's choices
	names   map[string]string
}

// directorySynonyms is the shipped synonym table, parsed once.
var directorySynonyms = sync.OnceValues(directory.DefaultSynonyms)

// directory returns the current index, building it when stale. While one
// request builds (a second or two for a province), the others are served
// the previous index rather than wait.
func (s *Server) directory(ctx context.Context) (*directoryIndex, error) {
	stamp, err := s.db.ChangeStamp(ctx)
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	s.dir.mu.Lock()
	b := s.dir.built
	if b != nil && (s.dir.building || b.stamp == stamp && now.Before(b.until)) {
		s.dir.mu.Unlock()
		return b, nil
	}
	s.dir.building = true
	s.dir.mu.Unlock()
	b, err = s.buildDirectory(ctx, stamp, now)
	s.dir.mu.Lock()
	defer s.dir.mu.Unlock()
	s.dir.building = false
	if err != nil {
		return nil, err
	}
	s.dir.built = b
	return b, nil
}

// buildDirectory reads the active units, their active services and the
// published standards (standard.Current picks the one in force, as the
// unit page does) and indexes them.
func (s *Server) buildDirectory(ctx context.Context, stamp string, now time.Time) (*directoryIndex, error) {
	syn, err := directorySynonyms()
	if err != nil {
		return nil, err
	}
	units, _, err := s.db.Units(ctx, store.UnitFilter{})
	if err != nil {
		return nil, err
	}
	services, err := s.db.Services(ctx, unitIDs(units))
	if err != nil {
		return nil, err
	}
	published, err := s.db.PublishedStandards(ctx)
	if err != nil {
		return nil, err
	}
	b := &directoryIndex{stamp: stamp, names: map[string]string{}, until: now.Add(directoryMaxAge)}
	versions := map[string][]standard.Version{}
	for _, v := range published {
		versions[v.UnitID+"/"+v.ServiceID] = append(versions[v.UnitID+"/"+v.ServiceID], v)
		if v.EffectiveFrom.After(now) && v.EffectiveFrom.Before(b.until) {
			b.until = v.EffectiveFrom
		}
	}
	seen := map[string]bool{}
	var codes []string
	chains := make([][]string, len(units)) // each unit's region and those above it
	for i, u := range units {
		chains[i] = append(region.Ancestors(u.RegionCode), u.RegionCode)
		for _, c := range chains[i] {
			if !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
	}
	if b.regions, err = s.db.RegionsByCode(ctx, codes); err != nil {
		return nil, err
	}
	for _, r := range b.regions {
		b.names[r.Code] = r.Name
	}
	var entries []directory.Entry
	for i, u := range units {
		names := make([]string, len(chains[i]))
		for j, c := range chains[i] {
			names[j] = b.names[c]
		}
		e := directory.Entry{UnitCode: u.Code, UnitName: u.Name, RegionCode: u.RegionCode, RegionNames: names}
		n := 0
		for _, svc := range services[u.ID] {
			if svc.Active {
				e.ServiceCode, e.ServiceName = svc.Code, svc.Name
				e.Standard = standard.Current(versions[u.ID+"/"+svc.ID], now)
				entries = append(entries, e)
				n++
			}
		}
		if n == 0 {
			entries = append(entries, e)
		}
	}
	b.ix = directory.NewIndex(entries, syn)
	return b, nil
}

// directoryQuery reads and checks a search: the words (at most
// searchMaxLen runes), a region among the directory's, and a page.
func directoryQuery(b *directoryIndex, q url.Values, regionField, pageField string) (directory.Query, int, error) {
	text := strings.Join(strings.Fields(q.Get("q")), " ")
	code := strings.TrimSpace(q.Get(regionField))
	page := max(1, atoi(q.Get(pageField)))
	dq := directory.Query{Text: text, Region: code, Offset: (page - 1) * directoryPageSize, Limit: directoryPageSize}
	var fs []errs.Field
	if utf8.RuneCountInString(text) > searchMaxLen {
		fs = append(fs, errs.Field{Name: "q", Key: "search.too_long", Args: []any{searchMaxLen}})
	}
	if _, ok := b.names[code]; code != "" && !ok {
		fs = append(fs, errs.Field{Name: regionField, Key: "directory.err.region"})
	}
	if len(fs) > 0 {
		return dq, page, errs.Fields("err.form", fs)
	}
	return dq, page, nil
}

// directoryPage is the data of directory.html.
type directoryPage struct {
	Query, Region string
	Regions       []directoryRegion
	Hits          []directoryHit
	Total         int
	Page, Pages   int
	PrevURL       string
	NextURL       string
	Searched      bool // words or a region were given
}

// directoryRegion is one choice of the region filter.
type directoryRegion struct {
	Code, Name string
	Depth      int // 0 for the top level shown
}

// directoryHit is a result with its region named.
type directoryHit struct {
	directory.Hit
	RegionName string
}

// serviceDirectory: GET /layanan — the public directory, a GET form that
// works without JavaScript.
func (s *Server) serviceDirectory(w http.ResponseWriter, r *http.Request) {
	b, err := s.directory(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &directoryPage{}
	v := s.newView(r, "directory.title", d)
	q := r.URL.Query()
	dq, page, err := directoryQuery(b, q, "wilayah", "hal")
	d.Query, d.Region, d.Page = dq.Text, dq.Region, page
	v.Form.Set("q", dq.Text)
	v.Form.Set("wilayah", dq.Region)
	top := 0
	if len(b.regions) > 0 {
		top = len(region.Ancestors(b.regions[0].Code))
	}
	for _, rg := range b.regions {
		d.Regions = append(d.Regions, directoryRegion{Code: rg.Code, Name: rg.Name, Depth: len(region.Ancestors(rg.Code)) - top})
	}
	if err != nil {
		formErrors(v, err)
		s.render(w, r, "directory", http.StatusBadRequest, v)
		return
	}
	hits, total := b.ix.Search(dq)
	d.Total, d.Pages, d.Searched = total, (total+directoryPageSize-1)/directoryPageSize, dq.Text != "" || dq.Region != ""
	for _, h := range hits {
		d.Hits = append(d.Hits, directoryHit{Hit: h, RegionName: b.names[h.RegionCode]})
	}
	link := func(p int) string {
		u := url.Values{}
		if dq.Text != "" {
			u.Set("q", dq.Text)
		}
		if dq.Region != "" {
			u.Set("wilayah", dq.Region)
		}
		u.Set("hal", strconv.Itoa(p))
		return "/layanan?" + u.Encode()
	}
	if page > 1 {
		d.PrevURL = link(page - 1)
	}
	if page < d.Pages {
		d.NextURL = link(page + 1)
	}
	s.render(w, r, "directory", http.StatusOK, v)
}

// apiDirectory is the body of GET /api/v1/services.
type apiDirectory struct {
	Total    int               `json:"total"`
	Page     int               `json:"page"`
	PerPage  int               `json:"per_page"`
	Services []apiDirectoryHit `json:"services"`
}

type apiDirectoryHit struct {
	Unit     apiDirectoryUnit     `json:"unit"`
	Service  *apiService          `json:"service"`  // null: a unit without active services
	Standard *apiDirectoryPromise `json:"standard"` // null: no standard in force
	Links    apiDirectoryLinks    `json:"links"`
}

type apiDirectoryUnit struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
}

// apiDirectoryPromise is what the standard in force promises: its time
// limit, fee and product (the rest is at /api/v1/units/{code}/standards).
type apiDirectoryPromise struct {
	Version       int                `json:"version"`
	EffectiveFrom string             `json:"effective_from"`
	Time          standard.TimeLimit `json:"time"`
	Fee           standard.Fee       `json:"fee"`
	Product       string             `json:"product"`
}

type apiDirectoryLinks struct {
	Page      string `json:"page"`
	Survey    string `json:"survey"`
	Complaint string `json:"complaint"`
}

// apiDirectorySearch: GET /api/v1/services?q=&region=&page= — the
// directory's search as JSON, for other portals.
func (s *Server) apiDirectorySearch(w http.ResponseWriter, r *http.Request) {
	b, err := s.directory(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	dq, page, err := directoryQuery(b, r.URL.Query(), "region", "page")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hits, total := b.ix.Search(dq)
	base := s.baseURL(r)
	out := apiDirectory{Total: total, Page: page, PerPage: directoryPageSize, Services: []apiDirectoryHit{}}
	for _, h := range hits {
		unitURL := base + "/unit/" + url.PathEscape(h.UnitCode)
		o := apiDirectoryHit{Unit: apiDirectoryUnit{Code: h.UnitCode, Name: h.UnitName, RegionCode: h.RegionCode, RegionName: b.names[h.RegionCode]},
			Links: apiDirectoryLinks{Page: unitURL, Survey: base + "/s/" + url.PathEscape(h.UnitCode),
				Complaint: base + "/pengaduan?unit=" + url.QueryEscape(h.UnitCode)}}
		if h.ServiceCode != "" {
			o.Service = &apiService{Code: h.ServiceCode, Name: h.ServiceName}
			o.Links.Page = unitURL + "/layanan/" + url.PathEscape(h.ServiceCode)
			o.Links.Survey += "/" + url.PathEscape(h.ServiceCode)
		}
		if v := h.Standard; v != nil {
			o.Standard = &apiDirectoryPromise{Version: v.Number, EffectiveFrom: clock.LocalDate(v.EffectiveFrom), Time: v.Content.Time,
				Fee: v.Content.Fee, Product: v.Content.Product}
		}
		out.Services = append(out.Services, o)
	}
	writeJSON(w, http.StatusOK, out)
}
