-- SKM: instruments (versioned data), responses, rollups per unit, service
-- and day and per unit, service and month (maintained in the same
-- transaction as each response), survey periods with their population,
-- follow-up plans, kiosk devices and the units' own questions.

-- +goose Up
CREATE TABLE skm_instruments (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    definition TEXT NOT NULL, -- JSON: elements (codes, questions, labels) and categories
    created_at TEXT NOT NULL
);

CREATE TABLE skm_responses (
    unit_id         TEXT NOT NULL REFERENCES units (id),
    id              TEXT NOT NULL,
    service_id      TEXT,
    instrument      TEXT NOT NULL REFERENCES skm_instruments (code),
    channel         TEXT NOT NULL,
    submitted_at    TEXT NOT NULL,
    local_date      TEXT NOT NULL,
    survey_time     TEXT NOT NULL DEFAULT '',
    age             INTEGER,
    sex             TEXT NOT NULL DEFAULT '',
    education       TEXT NOT NULL DEFAULT '',
    occupation      TEXT NOT NULL DEFAULT '',
    u1 INTEGER,
    u2 INTEGER,
    u3 INTEGER,
    u4 INTEGER,
    u5 INTEGER,
    u6 INTEGER,
    u7 INTEGER,
    u8 INTEGER,
    u9 INTEGER,
    u10 INTEGER,
    u11 INTEGER,
    u12 INTEGER,
    u13 INTEGER,
    u14 INTEGER,
    extra           TEXT NOT NULL DEFAULT '',
    saran           TEXT NOT NULL DEFAULT '',
    device          TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT,
    dedup_key       TEXT,
    PRIMARY KEY (unit_id, id),
    FOREIGN KEY (unit_id, service_id) REFERENCES services (unit_id, id)
);
CREATE INDEX skm_responses_day ON skm_responses (unit_id, local_date);
-- Partial: most responses carry no idempotency key, paper ones no dedup key.
CREATE UNIQUE INDEX skm_responses_idempotency ON skm_responses (unit_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX skm_responses_dedup ON skm_responses (unit_id, dedup_key) WHERE dedup_key IS NOT NULL;

-- service_key is the service id, or '' for responses without a service.
CREATE TABLE skm_daily (
    unit_id     TEXT NOT NULL REFERENCES units (id),
    service_key TEXT NOT NULL,
    local_date  TEXT NOT NULL,
    instrument  TEXT NOT NULL REFERENCES skm_instruments (code),
    respondents BIGINT NOT NULL DEFAULT 0,
    s1 BIGINT NOT NULL DEFAULT 0,
    s2 BIGINT NOT NULL DEFAULT 0,
    s3 BIGINT NOT NULL DEFAULT 0,
    s4 BIGINT NOT NULL DEFAULT 0,
    s5 BIGINT NOT NULL DEFAULT 0,
    s6 BIGINT NOT NULL DEFAULT 0,
    s7 BIGINT NOT NULL DEFAULT 0,
    s8 BIGINT NOT NULL DEFAULT 0,
    s9 BIGINT NOT NULL DEFAULT 0,
    s10 BIGINT NOT NULL DEFAULT 0,
    s11 BIGINT NOT NULL DEFAULT 0,
    s12 BIGINT NOT NULL DEFAULT 0,
    s13 BIGINT NOT NULL DEFAULT 0,
    s14 BIGINT NOT NULL DEFAULT 0,
    n1 BIGINT NOT NULL DEFAULT 0,
    n2 BIGINT NOT NULL DEFAULT 0,
    n3 BIGINT NOT NULL DEFAULT 0,
    n4 BIGINT NOT NULL DEFAULT 0,
    n5 BIGINT NOT NULL DEFAULT 0,
    n6 BIGINT NOT NULL DEFAULT 0,
    n7 BIGINT NOT NULL DEFAULT 0,
    n8 BIGINT NOT NULL DEFAULT 0,
    n9 BIGINT NOT NULL DEFAULT 0,
    n10 BIGINT NOT NULL DEFAULT 0,
    n11 BIGINT NOT NULL DEFAULT 0,
    n12 BIGINT NOT NULL DEFAULT 0,
    n13 BIGINT NOT NULL DEFAULT 0,
    n14 BIGINT NOT NULL DEFAULT 0,
    sex_l BIGINT NOT NULL DEFAULT 0,
    sex_p BIGINT NOT NULL DEFAULT 0,
    edu_sd BIGINT NOT NULL DEFAULT 0,
    edu_smp BIGINT NOT NULL DEFAULT 0,
    edu_sma BIGINT NOT NULL DEFAULT 0,
    edu_d3 BIGINT NOT NULL DEFAULT 0,
    edu_s1 BIGINT NOT NULL DEFAULT 0,
    edu_s2 BIGINT NOT NULL DEFAULT 0,
    edu_s3 BIGINT NOT NULL DEFAULT 0,
    occ_pns BIGINT NOT NULL DEFAULT 0,
    occ_tni BIGINT NOT NULL DEFAULT 0,
    occ_polri BIGINT NOT NULL DEFAULT 0,
    occ_swasta BIGINT NOT NULL DEFAULT 0,
    occ_wirausaha BIGINT NOT NULL DEFAULT 0,
    occ_pelajar BIGINT NOT NULL DEFAULT 0,
    occ_lainnya BIGINT NOT NULL DEFAULT 0,
    age_u20 BIGINT NOT NULL DEFAULT 0,
    age_20 BIGINT NOT NULL DEFAULT 0,
    age_30 BIGINT NOT NULL DEFAULT 0,
    age_40 BIGINT NOT NULL DEFAULT 0,
    age_50 BIGINT NOT NULL DEFAULT 0,
    age_60 BIGINT NOT NULL DEFAULT 0,
    ch_web BIGINT NOT NULL DEFAULT 0,
    ch_kiosk BIGINT NOT NULL DEFAULT 0,
    ch_paper BIGINT NOT NULL DEFAULT 0,
    ch_api BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, service_key, local_date, instrument)
);

CREATE TABLE skm_monthly (
    unit_id     TEXT NOT NULL REFERENCES units (id),
    service_key TEXT NOT NULL,
    month       TEXT NOT NULL,
    instrument  TEXT NOT NULL REFERENCES skm_instruments (code),
    respondents BIGINT NOT NULL DEFAULT 0,
    s1 BIGINT NOT NULL DEFAULT 0,
    s2 BIGINT NOT NULL DEFAULT 0,
    s3 BIGINT NOT NULL DEFAULT 0,
    s4 BIGINT NOT NULL DEFAULT 0,
    s5 BIGINT NOT NULL DEFAULT 0,
    s6 BIGINT NOT NULL DEFAULT 0,
    s7 BIGINT NOT NULL DEFAULT 0,
    s8 BIGINT NOT NULL DEFAULT 0,
    s9 BIGINT NOT NULL DEFAULT 0,
    s10 BIGINT NOT NULL DEFAULT 0,
    s11 BIGINT NOT NULL DEFAULT 0,
    s12 BIGINT NOT NULL DEFAULT 0,
    s13 BIGINT NOT NULL DEFAULT 0,
    s14 BIGINT NOT NULL DEFAULT 0,
    n1 BIGINT NOT NULL DEFAULT 0,
    n2 BIGINT NOT NULL DEFAULT 0,
    n3 BIGINT NOT NULL DEFAULT 0,
    n4 BIGINT NOT NULL DEFAULT 0,
    n5 BIGINT NOT NULL DEFAULT 0,
    n6 BIGINT NOT NULL DEFAULT 0,
    n7 BIGINT NOT NULL DEFAULT 0,
    n8 BIGINT NOT NULL DEFAULT 0,
    n9 BIGINT NOT NULL DEFAULT 0,
    n10 BIGINT NOT NULL DEFAULT 0,
    n11 BIGINT NOT NULL DEFAULT 0,
    n12 BIGINT NOT NULL DEFAULT 0,
    n13 BIGINT NOT NULL DEFAULT 0,
    n14 BIGINT NOT NULL DEFAULT 0,
    sex_l BIGINT NOT NULL DEFAULT 0,
    sex_p BIGINT NOT NULL DEFAULT 0,
    edu_sd BIGINT NOT NULL DEFAULT 0,
    edu_smp BIGINT NOT NULL DEFAULT 0,
    edu_sma BIGINT NOT NULL DEFAULT 0,
    edu_d3 BIGINT NOT NULL DEFAULT 0,
    edu_s1 BIGINT NOT NULL DEFAULT 0,
    edu_s2 BIGINT NOT NULL DEFAULT 0,
    edu_s3 BIGINT NOT NULL DEFAULT 0,
    occ_pns BIGINT NOT NULL DEFAULT 0,
    occ_tni BIGINT NOT NULL DEFAULT 0,
    occ_polri BIGINT NOT NULL DEFAULT 0,
    occ_swasta BIGINT NOT NULL DEFAULT 0,
    occ_wirausaha BIGINT NOT NULL DEFAULT 0,
    occ_pelajar BIGINT NOT NULL DEFAULT 0,
    occ_lainnya BIGINT NOT NULL DEFAULT 0,
    age_u20 BIGINT NOT NULL DEFAULT 0,
    age_20 BIGINT NOT NULL DEFAULT 0,
    age_30 BIGINT NOT NULL DEFAULT 0,
    age_40 BIGINT NOT NULL DEFAULT 0,
    age_50 BIGINT NOT NULL DEFAULT 0,
    age_60 BIGINT NOT NULL DEFAULT 0,
    ch_web BIGINT NOT NULL DEFAULT 0,
    ch_kiosk BIGINT NOT NULL DEFAULT 0,
    ch_paper BIGINT NOT NULL DEFAULT 0,
    ch_api BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, service_key, month, instrument)
);

CREATE TABLE skm_periods (
    unit_id    TEXT NOT NULL REFERENCES units (id),
    id         TEXT NOT NULL,
    label      TEXT NOT NULL,
    date_from  TEXT NOT NULL,
    date_to    TEXT NOT NULL,
    population BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, date_from, date_to)
);

CREATE TABLE skm_actions (
    unit_id      TEXT NOT NULL REFERENCES units (id),
    id           TEXT NOT NULL,
    element      TEXT NOT NULL,
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    programme    TEXT NOT NULL,
    timeline     TEXT NOT NULL DEFAULT '',
    responsible  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    evidence     TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (unit_id, id)
);

CREATE TABLE kiosk_devices (
    unit_id    TEXT NOT NULL REFERENCES units (id),
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    service_id TEXT,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL DEFAULT '',
    revoked_at TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (unit_id, id),
    UNIQUE (unit_id, token_hash),
    FOREIGN KEY (unit_id, service_id) REFERENCES services (unit_id, id)
);

CREATE TABLE skm_questions (
    unit_id    TEXT NOT NULL REFERENCES units (id),
    id         TEXT NOT NULL,
    text       TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (unit_id, id)
);

-- +goose Down
DROP TABLE skm_questions;
DROP TABLE kiosk_devices;
DROP TABLE skm_actions;
DROP TABLE skm_periods;
DROP TABLE skm_monthly;
DROP TABLE skm_daily;
DROP TABLE skm_responses;
DROP TABLE skm_instruments;
