package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"

	"mutu/internal/complaint"
	"mutu/internal/contact"
	"mutu/internal/store"
)

// Privacy is the background work that keeps personal data no longer than
// needed (UU 27/2022) and cleans up after crashes: it erases the contact
// data of reports closed longer ago than the retention period and the
// identities on the user-contact lists of assessment years that ended
// longer ago than the grace period, and removes
// attachment files that have no database row (written and synced by a
// request whose transaction then never committed), and deletes the
// Open311 clients' Idempotency-Keys older than store.IdempotencyRetention.
// All are safe to run on several nodes at once.
type Privacy struct {
	DB            *store.DB
	Log           *slog.Logger
	Retention     complaint.Retention
	ContactGrace  complaint.Retention // MUTU_CONTACT_GRACE: how long after its year a contact list is kept
	AttachmentDir string              // MUTU_ATTACHMENTS: one directory per report, one file per attachment
	Lease         *Lease              // several nodes: run on the lease's holder only; nil: here
}

// DefaultContactGrace is how long the identities on a user-contact list
// are kept after the end of its assessment year: time for the
// Ombudsman's opinion, published by December, to be questioned.
var DefaultContactGrace = complaint.Retention{Days: 90}

// OrphanGrace is how old a file without a row must be before it is
// removed: far longer than any request that writes files and then commits.
const OrphanGrace = 24 * time.Hour

// retentionBatch bounds one erasure transaction (and its audit row).
const retentionBatch = 500

// PrivacyResult counts what one run did.
type PrivacyResult struct {
	Erased   int // reports whose contact data was erased
	Contacts int // user contacts whose identity was erased
	Orphans  int // attachment and evidence files removed
	Keys     int // Idempotency-Keys older than store.IdempotencyRetention deleted
}

// Sweep runs once at now.
func (p *Privacy) Sweep(ctx context.Context, now time.Time) (PrivacyResult, error) {
	var res PrivacyResult
	cutoff := p.Retention.Cutoff(now)
	for {
		n, err := p.DB.EraseExpiredReporters(ctx, cutoff, retentionBatch)
		res.Erased += n
		if err != nil {
			return res, err
		}
		if n < retentionBatch {
			break
		}
	}
	last := contact.ClosedThrough(p.ContactGrace.Cutoff(now))
	for {
		n, err := p.DB.EraseExpiredContacts(ctx, last, retentionBatch)
		res.Contacts += n
		if err != nil {
			return res, err
		}
		if n < retentionBatch {
			break
		}
	}
	for {
		n, err := p.DB.DeleteOldIdempotency(ctx, now.Add(-store.IdempotencyRetention), retentionBatch)
		res.Keys += n
		if err != nil {
			return res, err
		}
		if n < retentionBatch {
			break
		}
	}
	n, err := p.RemoveOrphans(ctx, now)
	res.Orphans = n
	return res, err
}

// RemoveOrphans removes complaint attachments and evidence files older
// than OrphanGrace that have no row, and the directories they leave empty.
func (p *Privacy) RemoveOrphans(ctx context.Context, now time.Time) (int, error) {
	n, err := p.removeOrphans(ctx, now, p.AttachmentDir, p.DB.KnownAttachments, "orphan attachment removed")
	if err != nil {
		return n, err
	}
	m, err := p.removeOrphans(ctx, now, store.EvidenceDir(p.AttachmentDir, ""), p.DB.KnownEvidence, "orphan evidence file removed")
	return n + m, err
}

// removeOrphans sweeps one directory of record directories (a report's, a
// record's with evidence), whose files are known by their ids to known.
// It reads the directory a slice at a time (there is one per record with
// files, so there may be millions) and looks the files up in batches.
// Only names shaped like the IDs Mutu writes are considered: anything
// else in the directory is left alone.
func (p *Privacy) removeOrphans(ctx context.Context, now time.Time, dirPath string,
	known func(context.Context, []string) (map[string]bool, error), msg string) (int, error) {
	root, err := os.Open(dirPath)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil // no file yet
	}
	if err != nil {
		return 0, err
	}
	defer root.Close()
	old := now.Add(-OrphanGrace)
	removed := 0
	for {
		entries, readErr := root.ReadDir(256)
		var files []string // report/attachment paths old enough to judge
		var ids []string
		oldDirs := map[string]int{} // report directory → its file count, if old enough
		for _, e := range entries {
			if !e.IsDir() || uuid.Validate(e.Name()) != nil {
				continue
			}
			dir := filepath.Join(dirPath, e.Name())
			inner, err := os.ReadDir(dir)
			if err != nil {
				continue // removed meanwhile (another node)
			}
			if info, err := e.Info(); err == nil && info.ModTime().Before(old) {
				oldDirs[dir] = len(inner)
			}
			for _, f := range inner {
				info, err := f.Info()
				if err != nil || !info.Mode().IsRegular() || uuid.Validate(f.Name()) != nil || !info.ModTime().Before(old) {
					continue
				}
				files = append(files, filepath.Join(dir, f.Name()))
				ids = append(ids, f.Name())
			}
		}
		rows, err := known(ctx, ids)
		if err != nil {
			return removed, err
		}
		for i, path := range files {
			if rows[ids[i]] {
				continue
			}
			if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
				return removed, err
			}
			removed++
			oldDirs[filepath.Dir(path)]--
			p.Log.Info(msg, "record", filepath.Base(filepath.Dir(path)), "file", ids[i])
		}
		for dir, left := range oldDirs {
			if left == 0 {
				os.Remove(dir) // fails, harmlessly, if a file is there after all
			}
		}
		if errors.Is(readErr, io.EOF) || len(entries) == 0 {
			return removed, nil
		}
		if readErr != nil {
			return removed, readErr
		}
	}
}

// Run sweeps every interval until ctx ends.
func (p *Privacy) Run(ctx context.Context, interval time.Duration, now func() time.Time) {
	p.Lease.every(ctx, "privacy", interval, now, func() {
		if res, err := p.Sweep(ctx, now()); err != nil {
			if ctx.Err() == nil {
				p.Log.Error("privacy sweep", "err", err)
			}
		} else if res.Erased+res.Contacts+res.Orphans+res.Keys > 0 {
			p.Log.Info("privacy sweep", "erased", res.Erased, "contacts", res.Contacts, "orphans", res.Orphans, "idempotency_keys", res.Keys, "retention", p.Retention.String())
		}
	})
}
