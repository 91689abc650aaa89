package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mutu/internal/account"
	"mutu/internal/complaint"
	"mutu/internal/region"
)

// Notification is one notice to one staff user about a report. It names
// the report by its number only, never its reporter or tracking code.
type Notification struct {
	ID          string
	UnitID      string // the report's receiving unit
	ComplaintID string
	Number      string // the report's number
	Kind        complaint.NoticeKind
	Step        complaint.StepName
	Detail      string // escalation: the region it reached
	CreatedAt   time.Time
	ReadAt      time.Time
}

// Unread reports whether n has not been read yet.
func (n Notification) Unread() bool { return n.ReadAt.IsZero() }

// MaxUnread is how far UnreadCount counts: the header shows "99+" beyond.
const MaxUnread = 99

const notificationColumns = `unit_id, id, complaint_id, complaint_number, kind, step, detail, created_at, read_at`

// scanNotification reads notificationColumns, then the extra columns selected after them.
func scanNotification(row scanner, extra ...any) (Notification, error) {
	var n Notification
	var created, read string
	err := row.Scan(append([]any{&n.UnitID, &n.ID, &n.ComplaintID, &n.Number, &n.Kind, &n.Step, &n.Detail, &created, &read}, extra...)...)
	n.CreatedAt, n.ReadAt = parseTS(created), parseTS(read)
	return n, err
}

// recipient is a user a notice goes to.
type recipient struct{ id, email string }

// recipients returns the active users of a notice's audience (see
// complaint.Audience): a unit's operators; the administrators of the
// nearest region at or above the report's that has any (its verifiers);
// the administrators and evaluators of exactly one region.
func recipients(ctx context.Context, tx *sql.Tx, n complaint.Notice) ([]recipient, error) {
	var rows *sql.Rows
	var err error
	switch n.To {
	case complaint.ToUnit:
		rows, err = tx.QueryContext(ctx, `SELECT u.id, u.email, '' FROM user_units uu JOIN users u ON u.id = uu.user_id
			WHERE uu.unit_id = $1 AND u.role = $2 AND u.active = TRUE ORDER BY u.id`, n.Unit, string(account.Operator))
	case complaint.ToRegion:
		rows, err = tx.QueryContext(ctx, `SELECT id, email, region_code FROM users WHERE region_code = $1 AND role IN ($2, $3) AND active = TRUE ORDER BY id`,
			n.Region, string(account.Admin), string(account.Evaluator))
	case complaint.ToVerifiers:
		codes := append(region.Ancestors(n.Region), n.Region)
		rows, err = tx.QueryContext(ctx, `SELECT id, email, region_code FROM users WHERE role = $1 AND active = TRUE AND region_code IN (`+
			placeholders(2, len(codes))+`) ORDER BY id`, append([]any{string(account.Admin)}, anys(codes)...)...)
	default:
		return nil, fmt.Errorf("notice audience %q", n.To)
	}
	if err != nil {
		return nil, fmt.Errorf("notice recipients: %w", err)
	}
	defer rows.Close()
	var out []recipient
	nearest := ""
	for rows.Next() {
		var r recipient
		var regionCode string
		if err := rows.Scan(&r.id, &r.email, &regionCode); err != nil {
			return nil, err
		}
		if n.To == complaint.ToVerifiers {
			// Only the nearest level: a kelurahan's report goes to its
			// city's administrators, not also the province's.
			switch {
			case len(regionCode) < len(nearest):
				continue
			case len(regionCode) > len(nearest):
				nearest, out = regionCode, out[:0]
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// deliver creates the notifications of notice n about r for its
// recipients, except the user who caused it; a notice a user already has
// is skipped (the unique key). It returns the number created.
func deliver(ctx context.Context, tx *sql.Tx, r *complaint.Report, n complaint.Notice, at time.Time, exceptUserID string) (int, error) {
	to, err := recipients(ctx, tx, n)
	if err != nil {
		return 0, err
	}
	detail := ""
	if n.Kind == complaint.NoticeEscalated {
		detail = n.Region
	}
	created := 0
	for _, u := range to {
		if u.id == exceptUserID {
			continue
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO notifications (unit_id, id, user_id, complaint_id, complaint_number, kind, step, detail, occasion, created_at, mail_pending)
			VALUES (`+placeholders(1, 11)+`) ON CONFLICT DO NOTHING`,
			r.UnitID, NewID(), u.id, r.ID, r.Number, string(n.Kind), string(n.Step), detail, n.Occasion, ts(at), u.email != "" && n.Kind.Mailed())
		if err != nil {
			return created, fmt.Errorf("notification: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 1 {
			created++
		}
	}
	return created, nil
}

// notifyTx tells the staff who must hear about change c, which took the
// report from before to after (complaint.NoticesFor), in the transaction
// of the change. The user who made the change is not told.
func notifyTx(ctx context.Context, tx *sql.Tx, before, after *complaint.Report, c *complaint.Change, actorID string) error {
	for _, n := range complaint.NoticesFor(before, after, c) {
		if _, err := deliver(ctx, tx, after, n, c.At, actorID); err != nil {
			return err
		}
	}
	return nil
}

// AddNotices delivers notices about r raised by the background job at now
// (complaint.DueNotices) and returns how many notifications it created:
// none for a notice delivered before, so running it again is harmless.
func (db *DB) AddNotices(ctx context.Context, r *complaint.Report, notices []complaint.Notice, now time.Time) (int, error) {
	// Most notices of a sweep were delivered by an earlier sweep: check on
	// the read side before taking the write lock.
	var todo []complaint.Notice
	for _, n := range notices {
		var k int
		if err := db.reader(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE unit_id = $1 AND complaint_id = $2 AND kind = $3 AND step = $4 AND occasion = $5`,
			r.UnitID, r.ID, string(n.Kind), string(n.Step), n.Occasion).Scan(&k); err != nil {
			return 0, fmt.Errorf("notice delivered: %w", err)
		}
		if k == 0 {
			todo = append(todo, n)
		}
	}
	if len(todo) == 0 {
		return 0, nil
	}
	created := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		created = 0
		for _, n := range todo {
			k, err := deliver(ctx, tx, r, n, now, "")
			if err != nil {
				return err
			}
			created += k
		}
		return nil
	})
	return created, err
}

// Notifications returns a user's notifications, newest first (at most limit,
// 50 by default, 200 at most).
func (db *DB) Notifications(ctx context.Context, userID string, limit int) ([]Notification, error) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 200)
	return queryAll(ctx, db.reader(ctx), "notifications", `SELECT `+notificationColumns+` FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
		[]any{userID, limit}, func(row scanner, n *Notification) (err error) {
			*n, err = scanNotification(row)
			return err
		})
}

// UnreadCount counts a user's unread notifications, up to MaxUnread+1: it
// runs on every staff page, so it reads at most that many index entries.
func (db *DB) UnreadCount(ctx context.Context, userID string) (int, error) {
	var n int
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at = '' LIMIT $2) AS unread`,
		userID, MaxUnread+1).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("unread notifications: %w", err)
	}
	return n, nil
}

// MarkRead marks a user's notifications read and returns how many changed;
// IDs of other users' notifications change nothing.
func (db *DB) MarkRead(ctx context.Context, userID string, ids ...string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	ids = ids[:min(len(ids), 200)]
	res, err := db.w.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at = '' AND id IN (`+placeholders(3, len(ids))+`)`,
		append([]any{ts(db.Now()), userID}, anys(ids)...)...)
	if err != nil {
		return 0, fmt.Errorf("mark notifications read: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// MarkAllRead marks every unread notification of a user read.
func (db *DB) MarkAllRead(ctx context.Context, userID string) (int, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at = ''`, ts(db.Now()), userID)
	if err != nil {
		return 0, fmt.Errorf("mark notifications read: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// NotificationMail is an e-mail owed for a notification: To is the
// recipient's current address ("" if they no longer have one).
type NotificationMail struct {
	Notification
	To string
}

// ClaimNotificationMail returns up to limit notifications whose e-mail has
// not gone out yet — of one report (unitID, complaintID), or of every
// report when complaintID is "" — and marks them sent, so that each e-mail
// is sent once even when several app nodes or the job claim at the same time.
func (db *DB) ClaimNotificationMail(ctx context.Context, unitID, complaintID string, limit int) ([]NotificationMail, error) {
	if limit <= 0 {
		limit = 100
	}
	cols := "n." + strings.ReplaceAll(notificationColumns, ", ", ", n.")
	q := `SELECT ` + cols + `, COALESCE(u.email, '') FROM notifications n LEFT JOIN users u ON u.id = n.user_id WHERE n.mail_pending = TRUE`
	args := []any{}
	if complaintID != "" {
		q += ` AND n.unit_id = $1 AND n.complaint_id = $2`
		args = append(args, unitID, complaintID)
	}
	q += ` ORDER BY n.created_at, n.id LIMIT $` + strconv.Itoa(len(args)+1)
	found, err := queryAll(ctx, db.reader(ctx), "notification mail", q, append(args, limit), func(row scanner, m *NotificationMail) (err error) {
		m.Notification, err = scanNotification(row, &m.To)
		return err
	})
	if err != nil || len(found) == 0 {
		return nil, err
	}
	// Claim: whoever flips the flag first sends the e-mail.
	var out []NotificationMail
	err = db.tx(ctx, func(tx *sql.Tx) error {
		out = nil
		for _, m := range found {
			res, err := tx.ExecContext(ctx, `UPDATE notifications SET mail_pending = FALSE WHERE unit_id = $1 AND id = $2 AND mail_pending = TRUE`, m.UnitID, m.ID)
			if err != nil {
				return fmt.Errorf("claim notification mail: %w", err)
			}
			if k, _ := res.RowsAffected(); k == 1 {
				out = append(out, m)
			}
		}
		return nil
	})
	return out, err
}
