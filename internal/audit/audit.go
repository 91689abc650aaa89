// Package audit describes who did a privileged action. The store writes an
// audit entry in the same transaction as every privileged change, so the log
// and the data cannot disagree.
package audit

import "time"

// Actor is who performs a change: a signed-in user, or the command line.
type Actor struct {
	UserID    string
	Name      string // username, or "cli" for command-line actions
	IP        string
	RequestID string
}

// CLI is the actor of command-line actions run on the server itself.
var CLI = Actor{Name: "cli"}

// Entry is one row of the audit log.
type Entry struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorName  string    `json:"actor"`
	Action     string    `json:"action"`      // e.g. "unit.create", "user.password"
	ObjectType string    `json:"object_type"` // e.g. "unit", "user"
	ObjectID   string    `json:"object_id"`
	// ObjectLabel names the object in words, decided when the row is
	// written: a unit's name, then what within it ("…, Triwulan III 2026"),
	// a user's name, a report's number.
	ObjectLabel string `json:"object_label,omitempty"`
	RegionCode  string `json:"region_code,omitempty"`
	UnitID      string `json:"unit_id,omitempty"`
	Detail      string `json:"detail,omitempty"` // short, never personal data of citizens
	IP          string `json:"ip,omitempty"`
	RequestID   string `json:"request_id,omitempty"`
}

// Object names the entry's object for people: its label, or (for rows
// written without one) its type and id.
func (e Entry) Object() string {
	if e.ObjectLabel != "" {
		return e.ObjectLabel
	}
	return e.ObjectType + " " + e.ObjectID
}
