// Package complaint is the integrated complaint and consultation channel of
// Perpres 76/2013 and SP4N-LAPOR!: reports of four kinds, three privacy
// levels, a lifecycle with an append-only timeline, and time limits in
// working days. Everything here is pure; storage is in internal/store.
package complaint

import (
	"crypto/rand"
	"mutu/internal/geo"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Kind is what a report is.
type Kind string

const (
	Complaint    Kind = "pengaduan"  // a complaint about a service
	Aspiration   Kind = "aspirasi"   // a suggestion or wish
	Information  Kind = "informasi"  // a request for information
	Consultation Kind = "konsultasi" // a question about a service
)

// Kinds in display order.
var Kinds = []Kind{Complaint, Aspiration, Information, Consultation}

// Privacy says who may see a report and its reporter (methods.md §3).
type Privacy string

const (
	// Public: the report may be shown publicly; the reporter's identity is
	// still confidential and shown only to the staff handling it.
	Public Privacy = "biasa"
	// Anonymous: the identity is hidden from the unit and the public; the
	// content may be public.
	Anonymous Privacy = "anonim"
	// Secret: the report is never public.
	Secret Privacy = "rahasia"
)

// Privacies in display order.
var Privacies = []Privacy{Public, Anonymous, Secret}

// Channel is how a report reached Mutu.
type Channel string

const (
	ChannelWeb      Channel = "web"      // the public form (also by a unit's page or QR code)
	ChannelWalkIn   Channel = "langsung" // at the counter
	ChannelPhone    Channel = "telepon"
	ChannelWhatsApp Channel = "whatsapp"
	ChannelEmail    Channel = "surel"
	ChannelLetter   Channel = "surat"
	ChannelSocial   Channel = "medsos"
	ChannelLapor    Channel = "lapor" // SP4N-LAPOR!, with its tracking id
	ChannelOpen311  Channel = "open311"
)

// StaffChannels are the channels staff record on a citizen's behalf.
var StaffChannels = []Channel{ChannelWalkIn, ChannelPhone, ChannelWhatsApp, ChannelEmail, ChannelLetter, ChannelSocial, ChannelLapor}

// Reporter is who filed a report. Every field is optional; all of it is
// confidential (see Visibility).
type Reporter struct {
	Name  string `json:"name,omitempty"`
	NIK   string `json:"nik,omitempty"` // national identity number, 16 digits
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Empty reports whether no identity was given.
func (r Reporter) Empty() bool { return r == Reporter{} }

// Report is one complaint, aspiration, information request or consultation.
type Report struct {
	ID             string
	UnitID         string // the unit whose queue received it: never changes (Citus shard key)
	AssignedUnitID string // the unit handling it now ("" while with the city's verifiers)
	RegionCode     string // region of the receiving unit (set by the store)
	ServiceID      string
	Number         string // the public report number staff and documents use (FormatNumber); set by the store
	Code           string // the tracking code, in plaintext only on the report just created (the store keeps its hash)
	Kind           Kind
	Privacy        Privacy
	Channel        Channel
	LaporID        string // SP4N-LAPOR! tracking id, for reports that came from there
	Title          string
	Body           string
	Location       string     // where it happened, as the reporter wrote it
	Point          *geo.Point // where it happened on the map, when the reporter gave a point (nil: none)
	Reporter       Reporter
	Status         Status
	Milestones               // when each step happened
	ClosedAt       time.Time // resolved, closed, archived or merged
	MergedInto     string    // the number of the report a duplicate was merged into, never its code
	Escalations    int       // how many levels up a late report has been escalated
	UpdatedAt      time.Time
	Rating         int          // the reporter's rating of the response, 1–5, 0 = none
	Verdicts                    // whether each completed step was on time (see Judge)
	Idem           *Idempotency // a machine client's retry key, stored with the report (nil: none)
}

// MaxIdempotencyKey bounds an Idempotency-Key (as for survey responses).
const MaxIdempotencyKey = 128

// Idempotency is a machine client's Idempotency-Key for one filing: a retry
// with the same key files nothing new. The key is the client's own, so it is
// scoped to the client (its API key); Hash fingerprints the request so that
// the same key with a different request can be refused.
type Idempotency struct {
	Client string // the API key's id
	Key    string
	Hash   string
}

var (
	nikRE   = regexp.MustCompile(`^[0-9]{16}$`)
	phoneRE = regexp.MustCompile(`^\+?[0-9 ()-]{6,20}$`)
	laporRE = regexp.MustCompile(`^[A-Za-z0-9-]{3,40}$`)
)

// validEmail reports whether s is a bare e-mail address (no display name,
// no surrounding text) of at most 254 bytes.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 254
}

// codeAlphabet is Crockford's base 32 without look-alikes (no I, L, O, U).
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode returns a tracking code such as "MT-7K3Q-9XPA-2B": 10 random
// symbols (50 bits), short enough to read over the phone, too many to guess.
func NewCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	var sb strings.Builder
	sb.WriteString("MT")
	for i, x := range b {
		if i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(x)%32])
	}
	return sb.String()
}

// NormalizeCode turns a code however a person typed it (lower case,
// without dashes or with spaces, dots or other dashes between the groups,
// look-alike letters O, I and L) into its one written form,
// MT-XXXX-XXXX-XX. Codes are hashed in this form, so every way of typing a
// code finds the same report. Anything that is not a code's letters comes
// back cleaned up but fails ValidCode.
func NormalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == 'O':
			b.WriteByte('0')
		case r == 'I' || r == 'L':
			b.WriteByte('1')
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	c := b.String()
	if len(c) != len("MTXXXXXXXXXX") || !strings.HasPrefix(c, "MT") {
		return c
	}
	return "MT-" + c[2:6] + "-" + c[6:10] + "-" + c[10:]
}

// ValidCode reports whether s (normalised) has the form of a tracking code.
func ValidCode(s string) bool {
	if len(s) != len("MT-XXXX-XXXX-XX") || !strings.HasPrefix(s, "MT-") || s[7] != '-' || s[12] != '-' {
		return false
	}
	for i, c := range s[3:] {
		if i == 4 || i == 9 {
			continue
		}
		if !strings.ContainsRune(codeAlphabet, c) {
			return false
		}
	}
	return true
}
