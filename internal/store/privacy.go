package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/geo"
)

// retentionActor is who erases contact data when the retention period ends.
var retentionActor = audit.Actor{Name: "sistem"}

// eraseReporter is the SET clause erasing a report's contact data; $1 is
// the time of erasure.
const eraseReporter = `reporter_name = '', reporter_nik = '', reporter_phone = '', reporter_email = '', reporter_erased_at = $1`

// EraseExpiredReporters erases the contact data (complaint.Reporter) of up
// to limit reports closed before cutoff whose data is still held, and
// writes one audit row for the batch (how many, the cutoff; never the
// data). It returns how many it erased: call it again until that is less
// than limit. Nothing the statistics count changes. Two nodes running it
// at once erase each report once: the UPDATE re-checks that the data is
// still held, and only rows it changed are counted.
func (db *DB) EraseExpiredReporters(ctx context.Context, cutoff time.Time, limit int) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var args []any
		arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
		// The range on closed_at alone walks the partial index
		// complaints_retention in order. A status condition, here or in
		// the UPDATE, lets SQLite choose a status index instead and visit
		// every closed report (seconds on a million, inside the write
		// transaction); none is needed: only the closing steps set
		// closed_at, and a closed report never reopens (complaint.Apply).
		q := `SELECT unit_id, id FROM complaints WHERE reporter_erased_at = '' AND closed_at > '' AND closed_at < ` + arg(ts(cutoff)) +
			` ORDER BY closed_at, id LIMIT ` + arg(limit)
		due, err := queryAll(ctx, tx, "reports due for erasure", q, args, func(row scanner, r *[2]string) error {
			return row.Scan(&r[0], &r[1])
		})
		if err != nil || len(due) == 0 {
			return err
		}
		// One UPDATE for the batch (ids are UUIDs; unit_id as well, so it
		// uses the primary key).
		units, ids := []string{}, make([]string, len(due))
		for i, r := range due {
			if !slices.Contains(units, r[0]) {
				units = append(units, r[0])
			}
			ids[i] = r[1]
		}
		args = []any{ts(db.Now())}
		where := inList("unit_id", units, arg) + ` AND ` + inList("id", ids, arg)
		regions, err := queryAll(ctx, tx, "erase reporter", `UPDATE complaints SET `+eraseReporter+` WHERE `+where+` AND reporter_erased_at = '' RETURNING region_code`,
			args, scanOne[string])
		if err != nil {
			return err
		}
		n = len(regions)
		if n == 0 {
			return nil // another node took this batch
		}
		return db.writeAudit(ctx, tx, retentionActor, audit.Entry{Action: "privacy.retention", ObjectType: "complaint", ObjectLabel: "Data pribadi pelapor",
			RegionCode: commonRegion(regions), Detail: fmt.Sprintf("%d laporan ditutup sebelum %s", n, ts(cutoff))})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// commonRegion is the deepest region containing all of codes ("31.72.01"
// and "31.72.03" → "31.72"), so that the administrators of that region
// see the audit row.
func commonRegion(codes []string) string {
	common := strings.Split(codes[0], ".")
	for _, c := range codes[1:] {
		parts := strings.Split(c, ".")
		i := 0
		for i < len(common) && i < len(parts) && common[i] == parts[i] {
			i++
		}
		common = common[:i]
	}
	return strings.Join(common, ".")
}

// reporterWhere selects the reports of q's reporter received in the region
// (or below); arg binds a value.
func reporterWhere(regionCode string, q complaint.ReporterQuery, arg func(any) string) string {
	scope := withinRegion("region_code", regionCode, arg)
	switch q.Field {
	case "email":
		return scope + ` AND LOWER(reporter_email) = ` + arg(q.Value)
	case "phone":
		// Stored as typed; compared as digits, in local (0…) or
		// international (62…) form.
		digits := `REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(reporter_phone, ' ', ''), '-', ''), '(', ''), ')', ''), '+', '')`
		return scope + ` AND reporter_phone <> '' AND ` + digits + ` IN (` + arg(q.Value) + `, ` + arg("62"+strings.TrimPrefix(q.Value, "0")) + `)`
	}
	return scope + ` AND reporter_nik = ` + arg(q.Value)
}

// MaxReporterReports bounds a subject request's list.
const MaxReporterReports = 500

// ReporterReports lists the reports of q's reporter received in the region
// (or below), oldest first, at most MaxReporterReports.
func (db *DB) ReporterReports(ctx context.Context, regionCode string, q complaint.ReporterQuery) ([]complaint.Report, error) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := reporterWhere(regionCode, q, arg) // before args is read
	var out []complaint.Report
	err := db.eachComplaint(ctx, where+` ORDER BY received_at, id LIMIT `+strconv.Itoa(MaxReporterReports), args,
		func(r *complaint.Report) error { out = append(out, *r); return nil })
	return out, err
}

// ReporterReport is one report in a reporter's data export: the contact
// data, the texts the reporter wrote and what happened to the report.
type ReporterReport struct {
	Number     string             `json:"report_number"`
	ReceivedAt time.Time          `json:"received_at"`
	Kind       complaint.Kind     `json:"kind"`
	Status     complaint.Status   `json:"status"`
	Reporter   complaint.Reporter `json:"reporter"`
	Title      string             `json:"title"`
	Body       string             `json:"body"`
	Location   string             `json:"location,omitempty"`
	Point      *geo.Point         `json:"point,omitempty"`            // the point the reporter gave (Open311, "Gunakan lokasi saya")
	Additions  []ReporterText     `json:"reporter_entries,omitempty"` // what the reporter added later
	Files      []string           `json:"attachments,omitempty"`      // file names
}

// ReporterText is a timeline entry the reporter wrote.
type ReporterText struct {
	At     time.Time        `json:"at"`
	Action complaint.Action `json:"action"`
	Body   string           `json:"body,omitempty"`
}

// ExportReporter collects q's reporter's data from the reports received in
// the region (or below) and audits the export (how many reports; the query
// only masked). No report is NotFound.
func (db *DB) ExportReporter(ctx context.Context, actor audit.Actor, regionCode string, q complaint.ReporterQuery) ([]ReporterReport, error) {
	reports, err := db.ReporterReports(ctx, regionCode, q)
	if err != nil {
		return nil, err
	}
	if len(reports) == 0 {
		return nil, errs.New(errs.NotFound, "privacy.err.none")
	}
	out := make([]ReporterReport, len(reports))
	byReport := map[[2]string]*ReporterReport{} // by unit and id
	var units, ids []string
	for i := range reports {
		r := &reports[i]
		out[i] = ReporterReport{Number: r.Number, ReceivedAt: r.ReceivedAt, Kind: r.Kind, Status: r.Status, Reporter: r.Reporter,
			Title: r.Title, Body: r.Body, Location: r.Location, Point: r.Point}
		byReport[[2]string{r.UnitID, r.ID}] = &out[i]
		if !slices.Contains(units, r.UnitID) {
			units = append(units, r.UnitID)
		}
		ids = append(ids, r.ID)
	}
	// Two queries for all the reports (at most MaxReporterReports): their
	// files, and the timeline entries their reporter wrote. unit_id as
	// well, so the lookups use the primary keys.
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := inList("unit_id", units, arg) + ` AND ` + inList("complaint_id", ids, arg)
	type file struct{ unitID, id, name string }
	files, err := queryAll(ctx, db.r, "reporter files", `SELECT unit_id, complaint_id, filename FROM complaint_attachments WHERE `+where+` ORDER BY created_at, id`,
		args, func(row scanner, f *file) error { return row.Scan(&f.unitID, &f.id, &f.name) })
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		x := byReport[[2]string{f.unitID, f.id}]
		x.Files = append(x.Files, f.name)
	}
	type text struct {
		unitID, id string
		ReporterText
	}
	where += ` AND actor = ` + arg(string(complaint.Citizen)) + ` AND body <> ''`
	texts, err := queryAll(ctx, db.r, "reporter texts", `SELECT unit_id, complaint_id, at, action, body FROM complaint_events WHERE `+where+` ORDER BY at, id`,
		args, func(row scanner, t *text) error {
			var at string
			err := row.Scan(&t.unitID, &t.id, &at, &t.Action, &t.Body)
			t.At = parseTS(at)
			return err
		})
	if err != nil {
		return nil, err
	}
	for _, t := range texts {
		x := byReport[[2]string{t.unitID, t.id}]
		x.Additions = append(x.Additions, t.ReporterText)
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "privacy.export", ObjectType: "reporter", ObjectID: q.Masked(), ObjectLabel: q.Masked(),
			RegionCode: regionCode, Detail: fmt.Sprintf("%d laporan", len(out))})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// EraseReporter erases the contact data of q's reporter from every report
// received in the region (or below), on the reporter's request, and audits
// it (how many reports; the query only masked). The reports, their texts
// and the statistics stay. No report is NotFound.
func (db *DB) EraseReporter(ctx context.Context, actor audit.Actor, regionCode string, q complaint.ReporterQuery) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		args := []any{ts(db.Now())}
		arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
		where := reporterWhere(regionCode, q, arg) // before args is read
		res, err := tx.ExecContext(ctx, `UPDATE complaints SET `+eraseReporter+` WHERE `+where, args...)
		if err != nil {
			return fmt.Errorf("erase reporter: %w", err)
		}
		k, _ := res.RowsAffected()
		if n = int(k); n == 0 {
			return errs.New(errs.NotFound, "privacy.err.none")
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "privacy.erase", ObjectType: "reporter", ObjectID: q.Masked(), ObjectLabel: q.Masked(),
			RegionCode: regionCode, Detail: fmt.Sprintf("%d laporan", n)})
	})
	return n, err
}

// KnownAttachments returns which of ids have a row in complaint_attachments.
func (db *DB) KnownAttachments(ctx context.Context, ids []string) (map[string]bool, error) {
	return db.knownIDs(ctx, "complaint_attachments", ids)
}

// knownIDs returns which of ids have a row in table (a constant of the
// callers, never input), in chunks of 500 so the query stays within every
// engine's limit on parameters.
func (db *DB) knownIDs(ctx context.Context, table string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		found, err := queryAll(ctx, db.r, "known "+table, `SELECT id FROM `+table+` WHERE id IN (`+placeholders(1, len(chunk))+`)`,
			anys(chunk), scanOne[string])
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}
