package jobs

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"mutu/internal/i18n"
	"mutu/internal/monitor"
	"mutu/internal/notify"
	"mutu/internal/store"
)

// FindingEscalations tells the unit's operators, the city's
// administrators and the monitoring team, in the app and by e-mail, of
// each finding whose follow-up is overdue (finding13). Each finding's
// escalation is claimed in the database per round (a reopening with a new
// due date is a new round: store.ClaimFindingEscalation), so it is sent
// once however many nodes run the job, and mailed only after the claim's
// transaction has committed.
type FindingEscalations struct {
	DB      *store.DB
	Log     *slog.Logger
	Outbox  *notify.Outbox // nil: in-app notifications only
	BaseURL string
	Lease   *Lease // nil: run here whatever other nodes do
}

// EscalateResult counts what one run did.
type EscalateResult struct {
	Escalated int // findings whose escalation this run claimed
	Mailed    int
}

// Escalate runs once at now.
func (j *FindingEscalations) Escalate(ctx context.Context, now time.Time) (EscalateResult, error) {
	var res EscalateResult
	rows, err := j.DB.OverdueFindings(ctx, monitor.Day(now))
	if err != nil || len(rows) == 0 {
		return res, err
	}
	teams, err := j.DB.AllTeams(ctx)
	if err != nil {
		return res, err
	}
	for i := range rows {
		mails, claimed, err := j.DB.ClaimFindingEscalation(ctx, &rows[i], teams, now)
		if err != nil {
			return res, err
		}
		if claimed {
			res.Escalated++
		}
		res.Mailed += j.mail(mails)
	}
	return res, nil
}

// mail sends the escalations' e-mails, in Indonesian, with a link to the finding.
func (j *FindingEscalations) mail(mails []store.FindingMail) int {
	if j.Outbox == nil || j.Outbox.Mailer == nil {
		return 0
	}
	for _, m := range mails {
		link := strings.TrimRight(j.BaseURL, "/") + "/kelola/temuan/" + m.UnitCode + "/" + m.FindingID
		j.Outbox.Post("finding.escalation", m.To, i18n.T(i18n.ID, "finding.mail_subject", m.UnitName),
			i18n.T(i18n.ID, "finding.mail_body", m.UnitName, m.UnitCode, m.Indicator, i18n.Date(i18n.ID, m.DueOn), link))
	}
	return len(mails)
}

// Run escalates every interval until ctx ends.
func (j *FindingEscalations) Run(ctx context.Context, interval time.Duration, now func() time.Time) {
	j.Lease.every(ctx, "finding-escalations", interval, now, func() {
		if res, err := j.Escalate(ctx, now()); err != nil {
			if ctx.Err() == nil {
				j.Log.Error("finding escalations", "err", err)
			}
		} else if res.Escalated > 0 {
			j.Log.Info("finding escalations", "findings", res.Escalated, "mailed", res.Mailed)
		}
	})
}
