package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"

	"mutu/internal/audit"
	"mutu/internal/contact"
	"mutu/internal/errs"
	"mutu/internal/unit"
)

// The user-contact list of the Ombudsman's Output interviews (issue #14):
// contacts per unit, service and assessment year. Their identities are
// personal data (docs/privacy.md): every write, every view of the list by
// a person and every erasure writes an audit row, and none of them holds
// a name, a phone number or an e-mail address: only counts.

// contactsObject is the audit rows' object type.
const contactsObject = "service_contacts"

// contactsLabel names a unit's list of a year in the audit log.
func contactsLabel(u *unit.Unit, year int) string {
	return u.Name + ", kontak pengguna layanan " + strconv.Itoa(year)
}

// AddContacts records contacts of u for the assessment year, all or none
// (a form's one, a file's rows), with one audit row. The same person (by
// phone or e-mail) already on the list of the same service and year is
// refused, naming the file's line (Contact.Line) or the form's field.
func (db *DB) AddContacts(ctx context.Context, actor audit.Actor, u *unit.Unit, year int, cs []contact.Contact) error {
	now := db.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		var dups []errs.Field
		for i := range cs {
			c := &cs[i]
			var n int
			err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM service_contacts WHERE unit_id = $1 AND year = $2 AND service_id = $3
				AND erased_at = '' AND ((phone <> '' AND phone = $4) OR (email <> '' AND LOWER(email) = LOWER($5)))`,
				u.ID, year, c.ServiceID, c.Phone, c.Email).Scan(&n)
			if err != nil {
				return fmt.Errorf("contact duplicate: %w", err)
			}
			if n > 0 {
				f := errs.Field{Row: c.Line, Name: "phone", Key: "contact.err.duplicate"}
				switch {
				case c.Line > 0:
					f.Name = contact.ColName
				case c.Phone == "":
					f.Name = "email"
				}
				dups = append(dups, f)
				continue
			}
			c.ID, c.UnitID, c.Year, c.RecordedBy, c.CreatedAt = NewID(), u.ID, year, actor.Name, now
			if _, err := tx.ExecContext(ctx, `INSERT INTO service_contacts (unit_id, id, service_id, year, name, phone, email, served_on,
				consent_on, consent_how, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
				u.ID, c.ID, c.ServiceID, year, c.Name, c.Phone, c.Email, day(c.ServedOn), day(c.ConsentOn), string(c.ConsentHow),
				c.RecordedBy, ts(now)); err != nil {
				return fmt.Errorf("contact: %w", err)
			}
		}
		if len(dups) > 0 {
			key := "contact.err.invalid"
			if cs[0].Line > 0 {
				key = "contact.err.rows"
			}
			return &errs.Error{Code: errs.Conflict, Key: key, Fields: dups}
		}
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "contact.add", ObjectType: contactsObject, ObjectID: strconv.Itoa(year),
			ObjectLabel: contactsLabel(u, year), RegionCode: u.RegionCode, UnitID: u.ID, Detail: fmt.Sprintf("%d kontak", len(cs))})
	})
}

// ContactCounts counts the contacts of u's services for year, erased ones
// included (erasure keeps the count): service id → count.
func (db *DB) ContactCounts(ctx context.Context, unitID string, year int) (map[string]int, error) {
	rows, err := queryAll(ctx, db.reader(ctx), "contact counts", `SELECT service_id, COUNT(*) FROM service_contacts WHERE unit_id = $1 AND year = $2
		GROUP BY service_id`, []any{unitID, year}, func(row scanner, p *contact.Progress) error { return row.Scan(&p.ServiceID, &p.Count) })
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(rows))
	for _, p := range rows {
		out[p.ServiceID] = p.Count
	}
	return out, nil
}

// Contacts lists the contacts of u for year with their identities, by
// service and name. Its callers show them only to those who may see them
// (contact.SeesIdentities) and record the view (ContactsViewed).
func (db *DB) Contacts(ctx context.Context, unitID string, year int) ([]contact.Contact, error) {
	return queryAll(ctx, db.reader(ctx), "contacts", `SELECT unit_id, id, service_id, year, name, phone, email, served_on, consent_on, consent_how,
		recorded_by, created_at, erased_at FROM service_contacts WHERE unit_id = $1 AND year = $2 ORDER BY service_id, erased_at, name, id`,
		[]any{unitID, year}, func(row scanner, c *contact.Contact) error {
			var served, consent, how, created, erased string
			err := row.Scan(&c.UnitID, &c.ID, &c.ServiceID, &c.Year, &c.Name, &c.Phone, &c.Email, &served, &consent, &how,
				&c.RecordedBy, &created, &erased)
			c.ServedOn, c.ConsentOn, c.ConsentHow = parseDay(served), parseDay(consent), contact.Consent(how)
			c.CreatedAt, c.ErasedAt = parseTS(created), parseTS(erased)
			return err
		})
}

// ContactsViewed records that actor was shown the n identities held on
// u's list of year: every view of the identities is audited.
func (db *DB) ContactsViewed(ctx context.Context, actor audit.Actor, u *unit.Unit, year, n int) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "contact.view", ObjectType: contactsObject, ObjectID: strconv.Itoa(year),
			ObjectLabel: contactsLabel(u, year), RegionCode: u.RegionCode, UnitID: u.ID, Detail: fmt.Sprintf("%d identitas ditampilkan", n)})
	})
}

// eraseContact is the SET clause erasing a contact's identity; $1 is the
// time of erasure.
const eraseContact = `name = '', phone = '', email = '', erased_at = $1`

// EraseContacts erases now the identities of u's list of year (an
// administrator's decision, confirmed), with an audit row; the count
// stays. It returns how many it erased.
func (db *DB) EraseContacts(ctx context.Context, actor audit.Actor, u *unit.Unit, year int) (int, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE service_contacts SET `+eraseContact+` WHERE unit_id = $2 AND year = $3 AND erased_at = ''`,
			ts(db.Now()), u.ID, year)
		if err != nil {
			return fmt.Errorf("erase contacts: %w", err)
		}
		n, _ = res.RowsAffected()
		return db.writeAudit(ctx, tx, actor, audit.Entry{Action: "contact.erase", ObjectType: contactsObject, ObjectID: strconv.Itoa(year),
			ObjectLabel: contactsLabel(u, year), RegionCode: u.RegionCode, UnitID: u.ID, Detail: fmt.Sprintf("%d identitas dihapus", n)})
	})
	return int(n), err
}

// EraseExpiredContacts erases the identities of up to limit contacts
// collected for assessment years up to lastYear (contact.ClosedThrough)
// that are still held, with one audit row for the batch (how many, up to
// which year; never the data). It returns how many it erased: call it
// again until that is less than limit. Two nodes running it at once erase
// each contact once: the UPDATE re-checks that the identity is still held.
func (db *DB) EraseExpiredContacts(ctx context.Context, lastYear, limit int) (int, error) {
	n := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		due, err := queryAll(ctx, tx, "contacts due for erasure", `SELECT unit_id, id FROM service_contacts
			WHERE erased_at = '' AND year <= $1 ORDER BY year, unit_id, id LIMIT $2`, []any{lastYear, limit},
			func(row scanner, r *[2]string) error { return row.Scan(&r[0], &r[1]) })
		if err != nil || len(due) == 0 {
			return err
		}
		units, ids := []string{}, make([]string, len(due))
		for i, r := range due {
			if !slices.Contains(units, r[0]) {
				units = append(units, r[0])
			}
			ids[i] = r[1]
		}
		// batch is the batch's condition on a table (alias) with its
		// values, after the values already in args.
		batch := func(alias string, args ...any) (string, []any) {
			arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
			return inList(alias+"unit_id", units, arg) + ` AND ` + inList(alias+"id", ids, arg) + ` AND ` + alias + `erased_at = ''`, args
		}
		// the regions of the units whose contacts this batch erases, for
		// the audit row, read before the UPDATE changes which are held
		where, args := batch("c.")
		regions, err := queryAll(ctx, tx, "contact regions", `SELECT DISTINCT u.region_code FROM service_contacts c JOIN units u ON u.id = c.unit_id
			WHERE `+where, args, scanOne[string])
		if err != nil {
			return err
		}
		where, args = batch("", ts(db.Now()))
		res, err := tx.ExecContext(ctx, `UPDATE service_contacts SET `+eraseContact+` WHERE `+where, args...)
		if err != nil {
			return fmt.Errorf("erase contacts: %w", err)
		}
		m, _ := res.RowsAffected()
		if n = int(m); n == 0 {
			return nil // another node took this batch
		}
		return db.writeAudit(ctx, tx, retentionActor, audit.Entry{Action: "privacy.contact_retention", ObjectType: contactsObject,
			ObjectLabel: "Kontak pengguna layanan", RegionCode: commonRegion(regions),
			Detail: fmt.Sprintf("%d kontak penilaian tahun %d atau sebelumnya", n, lastYear)})
	})
	return n, err
}
