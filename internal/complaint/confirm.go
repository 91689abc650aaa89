package complaint

import "slices"

// irreversible are the steps that cannot be taken back: an answer sent to
// the reporter, a report closed, archived or merged away, an answer the
// reporter rejects. Forms ask for a confirmation before taking them.
var irreversible = []Action{Respond, Close, Archive, Merge, Reject}

// Irreversible reports whether a step needs the user's confirmation.
func Irreversible(a Action) bool { return slices.Contains(irreversible, a) }
