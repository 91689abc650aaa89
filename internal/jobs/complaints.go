// Package jobs is Mutu's background work. The complaint sweeper flags
// overdue reports, escalates them up the region hierarchy, closes answered
// reports after the reporter's silence, and tells the staff concerned of
// steps due soon and overdue, in the app and by e-mail. It is idempotent:
// running it twice at the same instant changes nothing the second time.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/i18n"
	"mutu/internal/notify"
	"mutu/internal/store"
)

// Sweeper checks open complaints against their deadlines.
type Sweeper struct {
	DB      *store.DB
	Log     *slog.Logger
	Outbox  *notify.Outbox // e-mail to staff; nil: in-app notifications only
	BaseURL string         // MUTU_BASE_URL, for the links in e-mails
	Lease   *Lease         // several nodes: run on the lease's holder only; nil: here
}

// SweepResult counts what one sweep did.
type SweepResult struct {
	Checked, Escalated, Closed int
	Notified                   int // notifications created (due soon, overdue)
	Mailed                     int // e-mails handed to the outbox
}

// MaxEscalations is how many levels a late report climbs: kelurahan →
// kecamatan → city (the report's region, its parent, its grandparent).
const MaxEscalations = 2

// Sweep runs once at now.
func (s *Sweeper) Sweep(ctx context.Context, now time.Time) (SweepResult, error) {
	var res SweepResult
	slas, err := s.DB.SLAs(ctx)
	if err != nil {
		return res, err
	}
	// Read each time: administrators edit the limits and the holidays.
	cal, err := s.DB.Calendar(ctx)
	if err != nil {
		return res, err
	}
	reports, err := s.DB.OpenComplaints(ctx)
	if err != nil {
		return res, err
	}
	for _, rep := range reports {
		res.Checked++
		d := complaint.ComputeDeadlines(slas[rep.Kind], cal, rep.Milestones)
		if rep.Status == complaint.Responded && !d.AutoClose.IsZero() && now.After(d.AutoClose) {
			c := &complaint.Change{Action: complaint.AutoClose, Actor: complaint.System, At: now,
				Reason: fmt.Sprintf("%d hari kerja tanpa tanggapan pelapor", slas[rep.Kind].AutoCloseDays)}
			if _, err := s.DB.ApplyComplaint(ctx, rep.UnitID, rep.ID, c, "", "sistem"); err != nil {
				s.Log.Warn("auto-close", "report", rep.Number, "err", err)
				continue
			}
			res.Closed++
			continue
		}
		late := complaint.Overdue(rep.Status, d, rep.Milestones, now)
		// One escalation per late step, at most MaxEscalations in all: a
		// report late on its first response climbs one level; late again on
		// resolution, one more. A report the lifecycle does not let the
		// system escalate (on hold: the clock waits for the reporter) is
		// not tried, or it would fail again at every sweep.
		if len(late) > rep.Escalations && rep.Escalations < MaxEscalations && complaint.Escalatable(rep.Status) {
			// The next level up: the parent of the receiving unit's region
			// for the first escalation, its parent for the second.
			to := complaint.EscalationRegion(rep.RegionCode, rep.Escalations+1)
			c := &complaint.Change{Action: complaint.Escalate, Actor: complaint.System, At: now,
				Reason: fmt.Sprintf("%s terlambat; diteruskan ke wilayah %s", late[len(late)-1], to)}
			if _, err := s.DB.ApplyComplaint(ctx, rep.UnitID, rep.ID, c, "", "sistem"); err != nil {
				s.Log.Warn("escalate", "report", rep.Number, "err", err)
				continue
			}
			res.Escalated++
		}
		n, err := s.DB.AddNotices(ctx, &rep, complaint.DueNotices(&rep, d, now, cal), now)
		if err != nil {
			s.Log.Warn("notify", "report", rep.Number, "err", err)
			continue
		}
		res.Notified += n
	}
	if s.Outbox == nil {
		return res, nil
	}
	// The e-mails of every notification created above, by this sweep's
	// escalations, or by a change whose request could not send them. One
	// older than a day (e-mail was off) stays in the app only.
	for {
		mails, err := s.DB.ClaimNotificationMail(ctx, "", "", 100)
		if err != nil {
			return res, err
		}
		fresh := slices.DeleteFunc(slices.Clone(mails), func(m store.NotificationMail) bool { return m.CreatedAt.Before(now.Add(-24 * time.Hour)) })
		res.Mailed += MailNotifications(s.Outbox, s.BaseURL, fresh)
		if len(mails) < 100 {
			break
		}
	}
	return res, nil
}

// MailNotifications sends staff the e-mails of claimed notifications (see
// store.ClaimNotificationMail), in Indonesian: the kind of notice, the
// report's number and a link to the report in the staff pages, never who
// reported it nor its tracking code. It returns how many it handed to the outbox.
func MailNotifications(out *notify.Outbox, baseURL string, mails []store.NotificationMail) int {
	if out == nil || out.Mailer == nil {
		return 0
	}
	sent := 0
	for _, m := range mails {
		if m.To == "" {
			continue
		}
		key, args := complaint.NoticeMessage(m.Kind, m.Step, m.Number, m.Detail)
		text := i18n.T(i18n.ID, key, args...)
		link := strings.TrimRight(baseURL, "/") + "/kelola/pengaduan/" + m.Number
		out.Post("notification."+string(m.Kind), m.To, i18n.T(i18n.ID, "notif.mail_subject", m.Number, text), i18n.T(i18n.ID, "notif.mail_body", text, m.Number, link))
		sent++
	}
	return sent
}

// Run sweeps every interval until ctx ends.
func (s *Sweeper) Run(ctx context.Context, interval time.Duration, now func() time.Time) {
	s.Lease.every(ctx, "complaint-sweep", interval, now, func() {
		if res, err := s.Sweep(ctx, now()); err != nil {
			if ctx.Err() == nil {
				s.Log.Error("complaint sweep", "err", err)
			}
		} else if res.Escalated+res.Closed+res.Notified > 0 {
			s.Log.Info("complaint sweep", "checked", res.Checked, "escalated", res.Escalated, "closed", res.Closed,
				"notified", res.Notified, "mailed", res.Mailed)
		}
	})
}
