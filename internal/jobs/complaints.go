// Package jobs is Mutu's background work. The complaint sweeper flags
// overdue reports, escalates them up the region hierarchy and closes
// answered reports after the reporter's silence. It is idempotent: running
// it twice at the same instant changes nothing the second time.
package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"mutu/internal/complaint"
	"mutu/internal/region"
	"mutu/internal/store"
)

// Sweeper checks open complaints against their deadlines.
type Sweeper struct {
	DB       *store.DB
	Calendar complaint.WorkingCalendar
	Log      *slog.Logger
}

// SweepResult counts what one sweep did.
type SweepResult struct {
	Checked, Escalated, Closed int
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
	reports, err := s.DB.OpenComplaints(ctx)
	if err != nil {
		return res, err
	}
	for _, rep := range reports {
		res.Checked++
		d := complaint.ComputeDeadlines(slas[rep.Kind], s.Calendar, rep.Milestones)
		if rep.Status == complaint.Responded && !d.AutoClose.IsZero() && now.After(d.AutoClose) {
			c := &complaint.Change{Action: complaint.AutoClose, Actor: complaint.System, At: now,
				Reason: fmt.Sprintf("%d hari kerja tanpa tanggapan pelapor", slas[rep.Kind].AutoCloseDays)}
			if _, err := s.DB.ApplyComplaint(ctx, rep.UnitID, rep.ID, c, "", "sistem"); err != nil {
				s.Log.Warn("auto-close", "code", rep.Code, "err", err)
				continue
			}
			res.Closed++
			continue
		}
		late := complaint.Overdue(rep.Status, d, rep.Milestones, now)
		// One escalation per late step, at most MaxEscalations in all: a
		// report late on its first response climbs one level; late again on
		// resolution, one more.
		if len(late) > rep.Escalations && rep.Escalations < MaxEscalations {
			// The next level up: the parent of the receiving unit's region
			// for the first escalation, its parent for the second.
			to := rep.RegionCode
			for range rep.Escalations + 1 {
				if p := region.ParentOf(to); p != "" {
					to = p
				}
			}
			c := &complaint.Change{Action: complaint.Escalate, Actor: complaint.System, At: now,
				Reason: fmt.Sprintf("%s terlambat; diteruskan ke wilayah %s", late[len(late)-1], to)}
			if _, err := s.DB.ApplyComplaint(ctx, rep.UnitID, rep.ID, c, "", "sistem"); err != nil {
				s.Log.Warn("escalate", "code", rep.Code, "err", err)
				continue
			}
			res.Escalated++
		}
	}
	return res, nil
}

// Run sweeps every interval until ctx ends.
func (s *Sweeper) Run(ctx context.Context, interval time.Duration, now func() time.Time) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if res, err := s.Sweep(ctx, now()); err != nil {
			if ctx.Err() == nil {
				s.Log.Error("complaint sweep", "err", err)
			}
		} else if res.Escalated+res.Closed > 0 {
			s.Log.Info("complaint sweep", "checked", res.Checked, "escalated", res.Escalated, "closed", res.Closed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
