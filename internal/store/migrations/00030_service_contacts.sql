-- The user-contact list of the Ombudsman's Output interviews (issue #14):
-- per unit, service product and assessment year, people who used the
-- service and agreed to be called (consent: when, how, who recorded it).
-- Personal data like a reporter's identity (docs/privacy.md): name, phone
-- and e-mail are blanked once the assessment year is over plus the grace
-- period (erased_at set); the rows stay, so the counts stay. Distributed by
-- unit_id (schema_test.go).

-- +goose Up
CREATE TABLE service_contacts (
    unit_id     TEXT NOT NULL REFERENCES units (id),
    id          TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    year        INTEGER NOT NULL, -- the assessment year it is collected for
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,    -- digits, 0… form; '' when only an e-mail was given
    email       TEXT NOT NULL,
    served_on   TEXT NOT NULL,    -- YYYY-MM-DD (WIB)
    consent_on  TEXT NOT NULL,    -- YYYY-MM-DD (WIB)
    consent_how TEXT NOT NULL,    -- tertulis, lisan, daring
    recorded_by TEXT NOT NULL,    -- the staff member who recorded the consent
    created_at  TEXT NOT NULL,
    erased_at   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, id),
    FOREIGN KEY (unit_id, service_id) REFERENCES services (unit_id, id)
);
CREATE INDEX service_contacts_year ON service_contacts (unit_id, year, service_id);
-- The retention job walks the contacts still held, oldest year first.
CREATE INDEX service_contacts_held ON service_contacts (year) WHERE erased_at = '';

-- +goose Down
DROP TABLE service_contacts;
