package standard

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"mutu/internal/errs"
)

// PublicationKind is where a standard is published: the publication
// register (issue #12) that the Ombudsman's compliance check and PEKPPP
// ask for ("publikasi standar pelayanan secara langsung di unit pelayanan
// ataupun secara digital di media sosial ataupun pada website").
type PublicationKind string

// Places of publication.
const (
	Website PublicationKind = "website" // a page of the unit's website
	Social  PublicationKind = "social"  // a social-media post
	Board   PublicationKind = "board"   // the notice board at the unit, proven by a dated photo
)

// PublicationKinds in the order the form offers them.
var PublicationKinds = []PublicationKind{Website, Social, Board}

// Online reports whether the place is a URL the link checker visits.
func (k PublicationKind) Online() bool { return k == Website || k == Social }

// MaxURL bounds a registered address (browsers and servers commonly stop
// near 2,000 characters).
const MaxURL = 2000

// Publication is an entry of a standard's register: one place where a
// service's standard is published, whatever its version (the link
// checker tells whether the page names the version in force).
type Publication struct {
	ID, UnitID, ServiceID string
	Kind                  PublicationKind
	URL                   string    // website and social
	SeenOn                time.Time // the photo's date (board); the day recorded otherwise (a WIB date)
	CreatedBy             string
	CreatedAt             time.Time
	Check                 LinkCheck // the latest check of the URL (zero: not yet)
}

// Whether a checked page names the version in force.
const (
	NamesYes = "yes"
	NamesNo  = "no"
)

// LinkCheck is what the link checker found at a registered URL.
type LinkCheck struct {
	At      time.Time // zero: not checked yet
	Status  int       // the HTTP status of the last answer; 0: none
	Millis  int       // how long the answer took
	Error   string    // why there was no answer (timeout, refused address…)
	Version int       // the version number looked for; 0: none in force
	Names   string    // NamesYes, NamesNo, or "" (not an HTML page, or no version to look for)
}

// Answered reports whether the URL answered with a page (2xx, after
// redirects).
func (c LinkCheck) Answered() bool { return c.Status >= 200 && c.Status < 300 }

// PublicationInput is the form adding a register entry.
type PublicationInput struct {
	Kind, URL, SeenOn string
	Photo             bool // a photo file came with the form
}

// Validate returns the entry (without its service and IDs), or the field
// errors: a website or social entry needs a public-looking http(s) URL; a
// board entry needs its photo and the day it was taken, not in the future.
func (in *PublicationInput) Validate(now time.Time) (Publication, error) {
	var fs fields
	p := Publication{Kind: PublicationKind(strings.TrimSpace(in.Kind))}
	switch p.Kind {
	case Website, Social:
		u, key := ParsePublicationURL(in.URL)
		switch key {
		case "":
		case "err.too_long":
			fs.add("url", key, MaxURL)
		default:
			fs.add("url", key)
		}
		p.URL = u
		if in.Photo {
			fs.add("photo", "standard.err.photo_board_only")
		}
		p.SeenOn = now
	case Board:
		if strings.TrimSpace(in.URL) != "" {
			fs.add("url", "standard.err.url_board")
		}
		if !in.Photo {
			fs.add("photo", "standard.err.photo_required")
		}
		p.SeenOn = fs.pastDate("seen_on", in.SeenOn, now, "standard.err.seen_future")
	default:
		fs.add("place", "standard.err.publication_kind")
	}
	return p, errs.Fields("standard.err.invalid", fs)
}

// ParsePublicationURL checks a registered address and returns it
// normalised (trimmed, scheme and host lower case), or the catalog key of
// what is wrong: it must be an absolute http or https URL with a host, no
// user name or password (they would be sent to the site and shown on the
// page), no spaces or control characters, at most MaxURL characters.
// Whether the host is public is decided when it is fetched (internal/linkcheck).
func ParsePublicationURL(raw string) (string, string) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return "", "err.required"
	case utf8.RuneCountInString(raw) > MaxURL:
		return "", "err.too_long"
	case !utf8.ValidString(raw) || strings.IndexFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' }) >= 0:
		return "", "standard.err.url"
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", "standard.err.url"
	}
	u.Scheme = strings.ToLower(u.Scheme)
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", "standard.err.url_scheme"
	case u.Opaque != "": // http:host, without the slashes
		return "", "standard.err.url"
	case u.User != nil:
		return "", "standard.err.url_user"
	case u.Hostname() == "" || strings.HasPrefix(u.Host, ":"):
		return "", "standard.err.url"
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", "standard.err.url"
		}
	}
	u.Host = strings.ToLower(u.Host)
	return u.String(), ""
}

// NamesVersion is the rule by which the link checker decides that a page
// names the version v in force: its text (tags removed, case and runs of
// white space ignored) contains the number of the decree that set it, or
// "versi N" / "version N" (N the version's number, not followed by
// another digit). A page that only links a PDF of the standard does not
// name it: the register entry should then point at the PDF or the page
// should say which version it shows.
func NamesVersion(text string, v *Version) bool {
	text = normalise(text)
	if d := normalise(v.DecreeNumber); len(d) >= 3 && strings.Contains(text, d) {
		return true
	}
	re := regexp.MustCompile(`\b(versi|version) ` + strconv.Itoa(v.Number) + `(\D|$)`)
	return re.MatchString(text)
}

func normalise(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(s, "\u00a0", " "))), " ")
}
