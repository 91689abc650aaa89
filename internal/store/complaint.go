package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"mutu/internal/audit"
	"mutu/internal/calendar"
	"mutu/internal/clock"
	"mutu/internal/complaint"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/region"
	"mutu/internal/unit"
)

// Event is one entry of a report's timeline.
type Event struct {
	ID         string
	At         time.Time
	Actor      complaint.Actor
	ActorID    string
	ActorName  string
	Action     complaint.Action
	From, To   complaint.Status
	Body       string
	TargetUnit string
}

const complaintColumns = `unit_id, id, number, region_code, COALESCE(assigned_unit_id, ''), COALESCE(service_id, ''), kind, privacy, channel, lapor_id,
	title, body, location, reporter_name, reporter_nik, reporter_phone, reporter_email, status,
	received_at, verified_at, dispatched_at, first_response_at, responded_at, resolved_at, closed_at, merged_into, escalations, rating, updated_at,
	verify_on_time, first_response_on_time, resolution_on_time, lat_e6, lng_e6`

// scanComplaint reads complaintColumns, then the extra columns selected after them.
func scanComplaint(row scanner, extra ...any) (*complaint.Report, error) {
	var r complaint.Report
	var received, verified, dispatched, first, responded, resolved, closed, updated string
	var lat, lng sql.NullInt64
	err := row.Scan(append([]any{&r.UnitID, &r.ID, &r.Number, &r.RegionCode, &r.AssignedUnitID, &r.ServiceID, &r.Kind, &r.Privacy, &r.Channel, &r.LaporID,
		&r.Title, &r.Body, &r.Location, &r.Reporter.Name, &r.Reporter.NIK, &r.Reporter.Phone, &r.Reporter.Email, &r.Status,
		&received, &verified, &dispatched, &first, &responded, &resolved, &closed, &r.MergedInto, &r.Escalations, &r.Rating, &updated,
		&r.VerifyOnTime, &r.FirstResponseOnTime, &r.ResolutionOnTime, &lat, &lng}, extra...)...)
	if err != nil {
		return nil, err
	}
	if lat.Valid && lng.Valid {
		p := geo.FromE6(lat.Int64, lng.Int64)
		r.Point = &p
	}
	r.ReceivedAt, r.VerifiedAt, r.DispatchedAt, r.FirstResponseAt = parseTS(received), parseTS(verified), parseTS(dispatched), parseTS(first)
	r.RespondedAt, r.ResolvedAt, r.ClosedAt, r.UpdatedAt = parseTS(responded), parseTS(resolved), parseTS(closed), parseTS(updated)
	return &r, nil
}

// Attachment is a file attached to a report; its bytes live outside the
// database, under the attachment directory, named by ID.
type Attachment struct {
	ID          string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
}

// CreateComplaint stores a new report with its tracking code (hashed), its
// number and the first timeline entry, in one transaction. r.ID, r.Number
// and r.Code are assigned here; r.Code is the only plaintext copy of the
// code there will ever be: give it to the reporter, and to no one else.
func (db *DB) CreateComplaint(ctx context.Context, r *complaint.Report, actorID, actorName string) error {
	return db.CreateComplaintWithAttachments(ctx, r, actorID, actorName, nil)
}

// CreateComplaintWithAttachments is CreateComplaint with the metadata of
// files already written to disk; if r.ID is set it is kept.
func (db *DB) CreateComplaintWithAttachments(ctx context.Context, r *complaint.Report, actorID, actorName string, atts []Attachment) error {
	if r.ID == "" {
		r.ID = NewID()
	}
	r.Status = complaint.Received
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = db.Now()
	}
	r.UpdatedAt = r.ReceivedAt
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := claimIdempotency(ctx, tx, r); err != nil {
			return err
		}
		if err := reserveCode(ctx, tx, r); err != nil {
			return err
		}
		// The report's region is its receiving unit's.
		var unitCode string
		if err := tx.QueryRowContext(ctx, `SELECT region_code, code FROM units WHERE id = $1`, r.UnitID).Scan(&r.RegionCode, &unitCode); err != nil {
			return fmt.Errorf("complaint unit: %w", err)
		}
		if err := assignNumbers(ctx, tx, unitCode, []*complaint.Report{r}); err != nil {
			return err
		}
		if err := insertComplaint(ctx, tx, r); err != nil {
			return err
		}
		for _, a := range atts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_attachments (unit_id, id, complaint_id, filename, content_type, size, sha256, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.UnitID, a.ID, r.ID, a.Filename, a.ContentType, a.Size, a.SHA256, ts(r.ReceivedAt)); err != nil {
				return fmt.Errorf("attachment: %w", err)
			}
		}
		if err := addTallies(ctx, tx, nil, r); err != nil {
			return err
		}
		for _, n := range complaint.NoticesForNew(r) {
			if _, err := deliver(ctx, tx, r, n, r.ReceivedAt, actorID); err != nil {
				return err
			}
		}
		actor := complaint.Citizen
		if actorID != "" {
			actor = complaint.Verifier // staff recording a report on a citizen's behalf
		}
		return insertEvent(ctx, tx, r, Event{At: r.ReceivedAt, Actor: actor, ActorID: actorID, ActorName: actorName,
			Action: "terima_laporan", To: complaint.Received})
	})
}

// reserveCode gives r a new tracking code and stores its hash. A clash (50
// random bits) is astronomically rare; it tries again a few times.
func reserveCode(ctx context.Context, tx execer, r *complaint.Report) error {
	for range 5 {
		r.Code = complaint.NewCode()
		res, err := tx.ExecContext(ctx, `INSERT INTO complaint_codes (code, unit_id, complaint_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			complaint.HashCode(r.Code), r.UnitID, r.ID)
		if err != nil {
			return fmt.Errorf("complaint code: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
	}
	return errors.New("complaint code: no free code")
}

// insertComplaint writes every field of r (a new report has no milestones
// yet; an imported one may have a whole history).
func insertComplaint(ctx context.Context, tx execer, r *complaint.Report) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO complaints (unit_id, id, code, number, assigned_unit_id, service_id, kind, privacy, channel, lapor_id,
		title, body, location, reporter_name, reporter_nik, reporter_phone, reporter_email, status, received_at, local_date, updated_at, region_code,
		verified_at, dispatched_at, first_response_at, responded_at, resolved_at, closed_at, merged_into, escalations, rating,
		verify_on_time, first_response_on_time, resolution_on_time, lat_e6, lng_e6)
		VALUES (`+placeholders(1, 36)+`)`,
		r.UnitID, r.ID, complaint.HashCode(r.Code), r.Number, nullable(r.AssignedUnitID), nullable(r.ServiceID), string(r.Kind), string(r.Privacy), string(r.Channel), r.LaporID,
		r.Title, r.Body, r.Location, r.Reporter.Name, r.Reporter.NIK, r.Reporter.Phone, r.Reporter.Email, string(r.Status),
		ts(r.ReceivedAt), clock.LocalDate(r.ReceivedAt), ts(r.UpdatedAt), r.RegionCode,
		ts(r.VerifiedAt), ts(r.DispatchedAt), ts(r.FirstResponseAt), ts(r.RespondedAt), ts(r.ResolvedAt), ts(r.ClosedAt), r.MergedInto, r.Escalations, r.Rating,
		r.VerifyOnTime, r.FirstResponseOnTime, r.ResolutionOnTime, latE6(r.Point), lngE6(r.Point))
	if err != nil {
		if isFKViolation(err) {
			return &errs.Error{Code: errs.Invalid, Key: "complaint.err.service", Err: err}
		}
		return fmt.Errorf("create complaint: %w", err)
	}
	return nil
}

// ImportComplaints stores reports that already have a history (their
// status, milestones and verdicts set; RegionCode set to the receiving
// unit's region), each with its receipt in the timeline, and adds them to
// the rollups — all in one transaction. It is how synthetic history for
// scale tests is written ("mutu demo generate --complaints N").
func (db *DB) ImportComplaints(ctx context.Context, reports []*complaint.Report) error {
	return db.tx(ctx, func(sqlTx *sql.Tx) error {
		tx := db.batchTx(sqlTx)
		var statuses []complaint.StatusTally
		var steps []complaint.StepTally
		if err := numberByUnit(ctx, tx, reports); err != nil {
			return err
		}
		for _, r := range reports {
			if r.ID == "" {
				r.ID = NewID()
			}
			if err := reserveCode(ctx, tx, r); err != nil {
				return err
			}
			if err := insertComplaint(ctx, tx, r); err != nil {
				return err
			}
			if err := insertEvent(ctx, tx, r, Event{At: r.ReceivedAt, Actor: complaint.Citizen, Action: "terima_laporan", To: complaint.Received}); err != nil {
				return err
			}
			st, ss := r.Tallies()
			statuses = append(statuses, st)
			steps = append(steps, ss...)
		}
		return writeTallies(ctx, tx, statuses, steps) // it adds up equal cells
	})
}

// execer is what *sql.Tx and *batchTx share for writing.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func insertEvent(ctx context.Context, tx execer, r *complaint.Report, e Event) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO complaint_events (unit_id, id, complaint_id, at, local_date, actor, actor_id, actor_name, action, from_status, to_status, body, target_unit)
		VALUES (`+placeholders(1, 13)+`)`, r.UnitID, NewID(), r.ID, ts(e.At), clock.LocalDate(e.At), string(e.Actor), e.ActorID, e.ActorName,
		string(e.Action), string(e.From), string(e.To), e.Body, e.TargetUnit)
	if err != nil {
		return fmt.Errorf("complaint event: %w", err)
	}
	return nil
}

// ComplaintByCode finds a report by its tracking code (by the code's hash:
// the code itself is not stored).
func (db *DB) ComplaintByCode(ctx context.Context, code string) (*complaint.Report, error) {
	var unitID, id string
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT unit_id, complaint_id FROM complaint_codes WHERE code = $1`, complaint.HashCode(code)).Scan(&unitID, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "complaint.err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("complaint code: %w", err)
	}
	return db.Complaint(ctx, unitID, id)
}

// Complaint returns one report.
func (db *DB) Complaint(ctx context.Context, unitID, id string) (*complaint.Report, error) {
	r, err := scanComplaint(db.reader(ctx).QueryRowContext(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE unit_id = $1 AND id = $2`, unitID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "complaint.err.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("complaint: %w", err)
	}
	return r, nil
}

// Events returns a report's timeline, oldest first.
func (db *DB) Events(ctx context.Context, r *complaint.Report) ([]Event, error) {
	return queryAll(ctx, db.reader(ctx), "events", `SELECT id, at, actor, actor_id, actor_name, action, from_status, to_status, body, target_unit
		FROM complaint_events WHERE unit_id = $1 AND complaint_id = $2 ORDER BY at, id`, []any{r.UnitID, r.ID}, func(row scanner, e *Event) error {
		var at string
		err := row.Scan(&e.ID, &at, &e.Actor, &e.ActorID, &e.ActorName, &e.Action, &e.From, &e.To, &e.Body, &e.TargetUnit)
		e.At = parseTS(at)
		return err
	})
}

// ApplyComplaint takes a step on the stored report: it re-reads the report
// inside the transaction, applies the domain's lifecycle (complaint.Report.Apply),
// saves the new state and appends the timeline entry. A concurrent change
// to the same report makes the later one fail with Conflict.
func (db *DB) ApplyComplaint(ctx context.Context, unitID, id string, c *complaint.Change, actorID, actorName string) (*complaint.Report, error) {
	var out *complaint.Report
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var version int
		r, err := scanComplaint(tx.QueryRowContext(ctx, `SELECT `+complaintColumns+`, version FROM complaints WHERE unit_id = $1 AND id = $2`, unitID, id), &version)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.New(errs.NotFound, "complaint.err.not_found")
		}
		if err != nil {
			return fmt.Errorf("complaint: %w", err)
		}
		prev := *r
		if err := r.Apply(c); err != nil {
			return err
		}
		if c.Action == complaint.Merge {
			if err := db.checkMergeTarget(ctx, tx, c.MergeInto); err != nil {
				return err
			}
		}
		if err := judge(ctx, tx, &prev, r); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE complaints SET status = $1, assigned_unit_id = $2, verified_at = $3, dispatched_at = $4,
			first_response_at = $5, responded_at = $6, resolved_at = $7, closed_at = $8, merged_into = $9, escalations = $10, rating = $11, updated_at = $12,
			verify_on_time = $13, first_response_on_time = $14, resolution_on_time = $15,
			version = version + 1 WHERE unit_id = $16 AND id = $17 AND version = $18`,
			string(r.Status), nullable(r.AssignedUnitID), ts(r.VerifiedAt), ts(r.DispatchedAt), ts(r.FirstResponseAt), ts(r.RespondedAt),
			ts(r.ResolvedAt), ts(r.ClosedAt), r.MergedInto, r.Escalations, r.Rating, ts(r.UpdatedAt),
			r.VerifyOnTime, r.FirstResponseOnTime, r.ResolutionOnTime, unitID, id, version)
		if err != nil {
			if isFKViolation(err) {
				return &errs.Error{Code: errs.Invalid, Key: "complaint.err.target", Err: err}
			}
			return fmt.Errorf("update complaint: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.Conflict, "complaint.err.concurrent")
		}
		if err := addTallies(ctx, tx, &prev, r); err != nil {
			return err
		}
		body := c.Reason
		if c.Action == complaint.Rate {
			body = strconv.Itoa(c.Rating)
		}
		if c.Action == complaint.Merge {
			body = c.MergeInto + ": " + c.Reason
		}
		out = r
		if err := notifyTx(ctx, tx, &prev, r, c, actorID); err != nil {
			return err
		}
		return insertEvent(ctx, tx, r, Event{At: c.At, Actor: c.Actor, ActorID: actorID, ActorName: actorName, Action: c.Action,
			From: c.From, To: c.To, Body: body, TargetUnit: c.TargetUnit})
	})
	return out, err
}

// ComplaintFilter selects reports for a queue.
type ComplaintFilter struct {
	RegionCode   string   // received by units in this region or below (the verifiers' queues)
	UnitIDs      []string // received by these units
	AssignedTo   []string // or handled by these units
	Unit         string   // and, if set, received or handled by this unit (a unit's queue within the scope)
	Statuses     []complaint.Status
	Kind         complaint.Kind
	ReceivedFrom string // local dates, inclusive
	ReceivedTo   string
	Duplicates   bool   // only suspected duplicates (complaint_dup.go)
	Query        string // a report number, or words in the number, title or body (case-insensitive)
	Newest       bool   // newest first (the default is oldest first)
	Limit        int
	Offset       int
}

// complaintWhere is the WHERE clause selecting f's reports; "" when f has
// no scope (which selects nothing).
func complaintWhere(f ComplaintFilter) (string, []any) {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	scope := complaintScope(f, arg, "assigned_unit_id")
	if scope == "" {
		return "", nil
	}
	conds := []string{scope}
	if len(f.Statuses) > 0 {
		conds = append(conds, inList("status", f.Statuses, arg))
	}
	if f.Kind != "" {
		conds = append(conds, "kind = "+arg(string(f.Kind)))
	}
	if f.ReceivedFrom != "" {
		conds = append(conds, "local_date >= "+arg(f.ReceivedFrom))
	}
	if f.ReceivedTo != "" {
		conds = append(conds, "local_date <= "+arg(f.ReceivedTo))
	}
	if f.Duplicates {
		conds = append(conds, suspectedDuplicateCond)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds = append(conds, complaintSearch(q, arg))
	}
	return strings.Join(conds, " AND "), args
}

// complaintScope is the condition selecting the reports of f's scope: in
// its region (and below), or received by or handled by (handlerCol) its
// units; "" when f has no scope. arg binds a value and returns its
// placeholder.
func complaintScope(f ComplaintFilter, arg func(any) string, handlerCol string) string {
	var scope []string
	if f.RegionCode != "" {
		scope = append(scope, withinRegion("region_code", f.RegionCode, arg))
	}
	if len(f.UnitIDs) > 0 {
		scope = append(scope, inList("unit_id", f.UnitIDs, arg))
	}
	if len(f.AssignedTo) > 0 {
		scope = append(scope, inList(handlerCol, f.AssignedTo, arg))
	}
	if len(scope) == 0 {
		return ""
	}
	cond := "(" + strings.Join(scope, " OR ") + ")"
	if f.Unit != "" {
		u := arg(f.Unit)
		cond += " AND (unit_id = " + u + " OR " + handlerCol + " = " + u + ")"
	}
	return cond
}

// CountCap bounds the count of a queue: beyond it the page says "more than".
const CountCap = 10000

// Complaints lists reports matching f, oldest (or f.Newest) first, with their count up
// to CountCap+1 (counting stops there, so a page never reads the whole
// history).
func (db *DB) Complaints(ctx context.Context, f ComplaintFilter) ([]complaint.Report, int, error) {
	where, args := complaintWhere(f)
	if where == "" {
		return nil, 0, nil
	}
	var total int
	if err := db.reader(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM complaints WHERE `+where+` LIMIT `+strconv.Itoa(CountCap+1)+`) t`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count complaints: %w", err)
	}
	out, err := db.complaintPage(ctx, f, where, args)
	return out, total, err
}

// ComplaintList is one page of the reports matching f, without the count
// Complaints adds (for pickers, which show a bounded list).
func (db *DB) ComplaintList(ctx context.Context, f ComplaintFilter) ([]complaint.Report, error) {
	where, args := complaintWhere(f)
	if where == "" {
		return nil, nil
	}
	return db.complaintPage(ctx, f, where, args)
}

func (db *DB) complaintPage(ctx context.Context, f ComplaintFilter, where string, args []any) ([]complaint.Report, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	var out []complaint.Report
	order := ` ORDER BY received_at, id`
	if f.Newest {
		order = ` ORDER BY received_at DESC, id DESC`
	}
	err := db.eachComplaint(ctx, where+order+` LIMIT `+strconv.Itoa(f.Limit)+` OFFSET `+strconv.Itoa(max(f.Offset, 0)), args, func(r *complaint.Report) error {
		out = append(out, *r)
		return nil
	})
	return out, err
}

// EachComplaint calls fn with every report matching f, oldest first, in
// one pass (for exports); f.Limit and f.Offset are ignored.
func (db *DB) EachComplaint(ctx context.Context, f ComplaintFilter, fn func(*complaint.Report) error) error {
	where, args := complaintWhere(f)
	if where == "" {
		return nil
	}
	return db.eachComplaint(ctx, where+` ORDER BY received_at, id`, args, fn)
}

func (db *DB) eachComplaint(ctx context.Context, whereOrder string, args []any, fn func(*complaint.Report) error) error {
	rows, err := db.reader(ctx).QueryContext(ctx, `SELECT `+complaintColumns+` FROM complaints WHERE `+whereOrder, args...)
	if err != nil {
		return fmt.Errorf("complaints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanComplaint(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SLAs returns the time limits per kind (seeded with the defaults).
func (db *DB) SLAs(ctx context.Context) (map[complaint.Kind]complaint.SLA, error) {
	return querySLAs(ctx, db.r)
}

func querySLAs(ctx context.Context, q querier) (map[complaint.Kind]complaint.SLA, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, verify_days, first_response_days, resolution_days, auto_close_days FROM complaint_slas`)
	if err != nil {
		return nil, fmt.Errorf("slas: %w", err)
	}
	defer rows.Close()
	out := map[complaint.Kind]complaint.SLA{}
	for rows.Next() {
		var s complaint.SLA
		if err := rows.Scan(&s.Kind, &s.VerifyDays, &s.FirstResponseDays, &s.ResolutionDays, &s.AutoCloseDays); err != nil {
			return nil, err
		}
		out[s.Kind] = s
	}
	return out, rows.Err()
}

// seedSLAs stores the default time limits of kinds that have none yet.
func (db *DB) seedSLAs(ctx context.Context) error {
	for _, s := range complaint.DefaultSLAs() {
		if _, err := db.w.ExecContext(ctx, `INSERT INTO complaint_slas (kind, verify_days, first_response_days, resolution_days, auto_close_days, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind) DO NOTHING`, string(s.Kind), s.VerifyDays, s.FirstResponseDays, s.ResolutionDays, s.AutoCloseDays, ts(db.Now())); err != nil {
			return fmt.Errorf("seed sla: %w", err)
		}
	}
	return nil
}

// DeskFor returns the complaint desk (a unit of type pengelola_pengaduan)
// nearest above or at a region: the kelurahan's, else the kecamatan's, the
// city's, the province's.
func (db *DB) DeskFor(ctx context.Context, regionCode string) (*unit.Unit, error) {
	codes := append(region.Ancestors(regionCode), regionCode)
	var code string
	err := db.reader(ctx).QueryRowContext(ctx, `SELECT code FROM units WHERE type_code = 'pengelola_pengaduan' AND active = TRUE AND region_code IN (`+
		placeholders(1, len(codes))+`) ORDER BY LENGTH(region_code) DESC, code LIMIT 1`, anys(codes)...).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "complaint.err.no_desk", regionCode)
	}
	if err != nil {
		return nil, fmt.Errorf("complaint desk: %w", err)
	}
	return db.UnitByCode(ctx, code)
}

// OpenComplaints lists every open report (for the background sweeper).
func (db *DB) OpenComplaints(ctx context.Context) ([]complaint.Report, error) {
	var out []complaint.Report
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := inList("status", complaint.OpenStatuses, arg) + ` ORDER BY received_at`
	err := db.eachComplaint(ctx, where, args, func(r *complaint.Report) error { out = append(out, *r); return nil })
	return out, err
}

// seedHolidays stores the shipped holidays of every year that has none yet
// (a year an administrator has edited is left alone).
func (db *DB) seedHolidays(ctx context.Context) error {
	builtin, infos := calendar.Builtin()
	for _, y := range infos {
		var n int
		if err := db.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM holidays WHERE date LIKE $1`, strconv.Itoa(y.Year)+"-%").Scan(&n); err != nil {
			return fmt.Errorf("seed holidays: %w", err)
		}
		if n > 0 {
			continue
		}
		for _, d := range builtin.Days(y.Year) {
			if _, err := db.w.ExecContext(ctx, `INSERT INTO holidays (date, name, kind) VALUES ($1, $2, $3) ON CONFLICT (date) DO NOTHING`,
				d.Date, d.Name, string(d.Kind)); err != nil {
				return fmt.Errorf("seed holidays: %w", err)
			}
		}
	}
	return nil
}

// Calendar returns the working-day calendar in force: weekends and the
// holidays table.
func (db *DB) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	return loadCalendar(ctx, db.r)
}

func loadCalendar(ctx context.Context, q querier) (*calendar.Calendar, error) {
	days, err := queryAll(ctx, q, "holidays", `SELECT date, name, kind FROM holidays ORDER BY date`, nil, func(row scanner, d *calendar.Day) error {
		return row.Scan(&d.Date, &d.Name, &d.Kind)
	})
	if err != nil {
		return nil, err
	}
	return calendar.New(days)
}

// SaveHoliday adds or renames a non-working day.
func (db *DB) SaveHoliday(ctx context.Context, actor audit.Actor, d calendar.Day) error {
	if _, err := calendar.New([]calendar.Day{d}); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO holidays (date, name, kind) VALUES ($1, $2, $3)
			ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind`, d.Date, d.Name, string(d.Kind)); err != nil {
			return fmt.Errorf("save holiday: %w", err)
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "holiday.save", ObjectType: "holiday", ObjectID: d.Date, ObjectLabel: d.Name + " (" + d.Date + ")", Detail: string(d.Kind) + " " + d.Name})
	})
}

// DeleteHoliday makes a date a working day again.
func (db *DB) DeleteHoliday(ctx context.Context, actor audit.Actor, date string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM holidays WHERE date = $1`, date)
		if err != nil {
			return fmt.Errorf("delete holiday: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "err.not_found")
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "holiday.delete", ObjectType: "holiday", ObjectID: date, ObjectLabel: "Hari libur " + date})
	})
}

// Attachments lists a report's files.
func (db *DB) Attachments(ctx context.Context, r *complaint.Report) ([]Attachment, error) {
	return queryAll(ctx, db.reader(ctx), "attachments", `SELECT id, filename, content_type, size, sha256 FROM complaint_attachments
		WHERE unit_id = $1 AND complaint_id = $2 ORDER BY created_at, id`, []any{r.UnitID, r.ID}, func(row scanner, a *Attachment) error {
		return row.Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256)
	})
}
