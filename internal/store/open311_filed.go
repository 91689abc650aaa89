package store

import (
	"context"
	"strconv"

	"mutu/internal/complaint"
)

// Open311Filed returns the reports among ids that came in through Open311,
// whatever their status, unless they are secret (rahasia: never shown, not
// even their status). Their ids were given only to the clients that filed
// them, which may follow them by id before staff accept them
// (PublicComplaints lists only accepted reports); the caller shows no more
// of such a report than its status and service.
func (db *DB) Open311Filed(ctx context.Context, ids []string) ([]complaint.Report, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := inList("id", ids, arg) + " AND channel = " + arg(string(complaint.ChannelOpen311)) + " AND " + inList("privacy", publicPrivacies(), arg) +
		" ORDER BY received_at DESC, id DESC"
	var out []complaint.Report
	err := db.eachComplaint(ctx, where, args, func(r *complaint.Report) error {
		out = append(out, *r)
		return nil
	})
	return out, err
}
