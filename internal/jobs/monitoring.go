package jobs

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"mutu/internal/i18n"
	"mutu/internal/monitor"
	"mutu/internal/notify"
	"mutu/internal/store"
)

// Reminders tells the monitoring teams, in the app and by e-mail, of the
// units in their scope not yet visited when a visit window is about to
// close (the cadence's ReminderDays before its last day). Each unit's
// reminder of a window is claimed in the database (store.ClaimReminder),
// so it is sent once however many nodes run the job, and mailed only after
// the claim's transaction has committed.
type Reminders struct {
	DB      *store.DB
	Log     *slog.Logger
	Outbox  *notify.Outbox // nil: in-app notifications only
	BaseURL string
	Lease   *Lease // several nodes: run on the lease's holder only; nil: here
}

// RemindResult counts what one run did.
type RemindResult struct {
	Reminded int // units whose reminder this run claimed
	Mailed   int
}

// Remind runs once at now.
func (j *Reminders) Remind(ctx context.Context, now time.Time) (RemindResult, error) {
	var res RemindResult
	teams, err := j.DB.AllTeams(ctx)
	if err != nil {
		return res, err
	}
	byRegion := map[string][]monitor.Team{}
	for _, t := range teams {
		byRegion[t.RegionCode] = append(byRegion[t.RegionCode], t)
	}
	for regionCode, own := range byRegion {
		c, err := j.DB.Cadence(ctx, regionCode)
		if err != nil {
			return res, err
		}
		w := monitor.WindowAt(c, now)
		if !c.ReminderDue(w, now) {
			continue
		}
		units, err := j.DB.ScopeUnits(ctx, own)
		if err != nil {
			return res, err
		}
		visits, err := j.DB.WindowVisits(ctx, w)
		if err != nil {
			return res, err
		}
		// Most units of a run were reminded by an earlier run: check on
		// the read side before claiming.
		sent, err := j.DB.RemindedUnits(ctx, w)
		if err != nil {
			return res, err
		}
		for i := range units {
			u := &units[i]
			if visits[u.ID].Done() || sent[u.ID] {
				continue
			}
			mails, err := j.DB.ClaimReminder(ctx, u, w, own, now)
			if err != nil {
				return res, err
			}
			res.Reminded++
			res.Mailed += j.mail(mails, w)
		}
	}
	return res, nil
}

// mail sends the reminders' e-mails, in Indonesian, with a link to the
// window's list of visits.
func (j *Reminders) mail(mails []store.ReminderMail, w monitor.Window) int {
	if j.Outbox == nil || j.Outbox.Mailer == nil {
		return 0
	}
	link := strings.TrimRight(j.BaseURL, "/") + "/kelola/pemantauan?" +
		url.Values{"bulan": {w.Start.Format("2006-01")}, "tampilan": {"daftar"}}.Encode()
	for _, m := range mails {
		closes := i18n.Date(i18n.ID, m.Closes)
		j.Outbox.Post("monitoring.reminder", m.To, i18n.T(i18n.ID, "monitor.mail_subject", m.UnitName),
			i18n.T(i18n.ID, "monitor.mail_body", m.UnitName, m.UnitCode, closes, link+"#v-"+m.UnitCode))
	}
	return len(mails)
}

// Run reminds every interval until ctx ends.
func (j *Reminders) Run(ctx context.Context, interval time.Duration, now func() time.Time) {
	j.Lease.every(ctx, "visit-reminders", interval, now, func() {
		if res, err := j.Remind(ctx, now()); err != nil {
			if ctx.Err() == nil {
				j.Log.Error("visit reminders", "err", err)
			}
		} else if res.Reminded > 0 {
			j.Log.Info("visit reminders", "units", res.Reminded, "mailed", res.Mailed)
		}
	})
}
