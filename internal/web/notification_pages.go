package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"mutu/internal/complaint"
	"mutu/internal/jobs"
	"mutu/internal/store"
)

// notifications: GET /kelola/notifikasi — the signed-in user's
// notifications, newest first, each linking to its report.
func (s *Server) notifications(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.Notifications(r.Context(), principal(r).UserID, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unread := 0
	for _, n := range list {
		if n.Unread() {
			unread++
		}
	}
	s.render(w, r, "notifications", http.StatusOK, s.newView(r, "notif.title", map[string]any{"List": list, "Unread": unread}))
}

// markNotifications: POST /kelola/notifikasi — id=… marks those read,
// all=1 every one. Only the user's own change: another user's id is ignored.
func (s *Server) markNotifications(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	var n int
	var err error
	if r.PostForm.Get("all") != "" {
		n, err = s.db.MarkAllRead(r.Context(), p.UserID)
	} else {
		n, err = s.db.MarkRead(r.Context(), p.UserID, r.PostForm["id"]...)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n > 0 {
		s.flash(r, "notif.marked")
	}
	redirect(w, r, "/kelola/notifikasi")
}

// unreadCount is the signed-in user's unread notifications, for the staff
// header; a failure shows none rather than failing the page.
func (s *Server) unreadCount(r *http.Request) int {
	p := principal(r)
	if p == nil {
		return 0
	}
	n, err := s.db.UnreadCount(r.Context(), p.UserID)
	if err != nil {
		s.log.Warn("unread notifications", "request_id", requestID(r), "err", err)
		return 0
	}
	return n
}

// UnreadLabel is the header's link text: "Notifikasi (3)", "Notifikasi (99+)".
func (v *view) UnreadLabel() string {
	switch {
	case v.Unread > store.MaxUnread:
		return v.T("notif.nav_unread", strconv.Itoa(store.MaxUnread)+"+")
	case v.Unread > 0:
		return v.T("notif.nav_unread", v.Int(v.Unread))
	}
	return v.T("notif.nav")
}

// NoticeText is a notification's message in the page's language.
func (v *view) NoticeText(n store.Notification) string {
	switch n.Kind {
	case store.NoticeVisitDue:
		return v.T("monitor.notice_due", n.Number, v.Day(n.Detail))
	case store.NoticeFindingOverdue:
		return v.T("finding.notice_overdue", n.Number, v.Day(string(n.Step)))
	}
	key, args := complaint.NoticeMessage(n.Kind, n.Step, n.Number, n.Detail)
	return v.T(key, args...)
}

// NoticeLink is where a notification leads: its report, or for a visit
// reminder the list of the window's visits (detail: the window's last day),
// for an overdue finding the finding.
func (v *view) NoticeLink(n store.Notification) string {
	if n.Kind == store.NoticeVisitDue && len(n.Detail) >= 7 {
		return "/kelola/pemantauan?" + url.Values{"bulan": {n.Detail[:7]}, "tampilan": {"daftar"}}.Encode() + "#v-" + n.Number
	}
	if n.Kind == store.NoticeFindingOverdue {
		return "/kelola/temuan/" + n.Number + "/" + n.Detail // finding13: the finding
	}
	return "/kelola/pengaduan/" + n.Number
}

// thenMailStaff runs h, a handler that changes the report in the path, and
// then e-mails the staff its change notified: after the change's
// transaction has committed, never for a change that failed. h names the
// report it changed with changedReport, so it is not read again here.
func (s *Server) thenMailStaff(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var changed *complaint.Report
		h(w, r.WithContext(context.WithValue(r.Context(), changedReportKey{}, &changed)))
		if changed == nil {
			return
		}
		mails, err := s.db.ClaimNotificationMail(r.Context(), changed.UnitID, changed.ID, 0)
		if err != nil {
			s.log.Warn("notification mail", "request_id", requestID(r), "err", err)
			return
		}
		jobs.MailNotifications(s.outbox, s.baseURL(r), mails)
	}
}

type changedReportKey struct{}

// changedReport tells thenMailStaff which report a handler has changed.
func changedReport(r *http.Request, rep *complaint.Report) {
	if p, ok := r.Context().Value(changedReportKey{}).(**complaint.Report); ok {
		*p = rep
	}
}
