package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	_ "modernc.org/sqlite"
)

// distributed are the high-volume tables that Citus would shard by unit_id
// (design.md, "Ready for Citus"); every other table is a reference table.
// A new table must be added to one of the two lists.
var (
	distributed = []string{"services", "skm_responses", "skm_daily", "skm_monthly", "skm_periods", "skm_actions", "kiosk_devices", "skm_questions",
		"complaints", "complaint_events", "complaint_attachments", "complaint_status_rollup", "complaint_month_rollup", "complaint_step_rollup",
		"notifications", "skm_held", "skm_client_counts", "complaint_fingerprints", "complaint_counters",
		"standard_versions", "maklumat", "standard_forums", "evidence_files", // std12: standards and their evidence
		"standard_publications",                     // register13: the publication register
		"monitoring_visits", "monitoring_reminders", // team13: visits and reminders per unit
		"monitoring_findings", "monitoring_finding_events", "monitoring_finding_escalations", // finding13: findings per unit
		"innovations", "innovation_services", // inov14: the innovation registry
		"service_contacts",                                                        // contacts14: the Output interviews' user contacts
		"self_assessments", "self_assessment_items", "self_assessment_interviews", // sa14: compliance self-assessments
		"visit_scores", "visit_reports", "visit_attendees", "visit_uploads", // visit13: a visit's scores, result and uploads
		"ombudsman_loci", "ombudsman_locus_products", "evidence_packs"} // assess14: the units an assessment visits and their evidence packs
	reference = []string{"regions", "unit_types", "units", "users", "user_units", "sessions", "audit_log", "skm_instruments",
		"complaint_slas", "holidays", "complaint_codes", "api_keys",
		"login_failures", "deployment_secrets",
		"region_logos",      // lapdoc: the kop surat's logos, few and small
		"region_boundaries", // geo11a: every region's boundary, read whole by every node
		// ins13: scored instruments and their versions, few and read by every node
		"instruments", "instrument_versions",
		// team13: the monitoring teams and cadences, few, per city
		"monitoring_cadences", "monitoring_teams", "monitoring_members", "monitoring_scope",
		// nodes15: rate buckets and job leases, small and shared by every node
		"rate_buckets", "job_leases",
		"pekppp_user_shares",                           // monres13: a city's users' share of the final index, versioned
		"complaint_idempotency",                        // idem15: a client's retry keys, looked up without a unit like complaint_codes
		"ombudsman_assessments", "ombudsman_assessors"} // assess14: a city's assessments per year, few
)

// TestSchemaIsReadyForCitus checks the rules on the migrated schema: every
// distributed table has unit_id in its primary key and in every unique key,
// and every foreign key between distributed tables includes unit_id.
func TestSchemaIsReadyForCitus(t *testing.T) {
	path := filepath.Join(t.TempDir(), "schema.db")
	open(t, path).Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`)
	for _, table := range tables {
		if !slices.Contains(distributed, table) && !slices.Contains(reference, table) {
			t.Errorf("table %s is neither distributed nor reference: classify it in schema_test.go", table)
		}
	}
	for _, table := range distributed {
		pk := queryStrings(t, db, `SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk`, table)
		if !slices.Contains(pk, "unit_id") {
			t.Errorf("%s: primary key %v lacks unit_id", table, pk)
		}
		for _, idx := range queryStrings(t, db, `SELECT name FROM pragma_index_list($1) WHERE "unique" = 1`, table) {
			cols := queryStrings(t, db, `SELECT name FROM pragma_index_info($1)`, idx)
			if !slices.Contains(cols, "unit_id") {
				t.Errorf("%s: unique key %s %v lacks unit_id", table, idx, cols)
			}
		}
		rows, err := db.Query(`SELECT id, "table", "from" FROM pragma_foreign_key_list($1) ORDER BY id, seq`, table)
		if err != nil {
			t.Fatal(err)
		}
		fks := map[string][]string{}
		for rows.Next() {
			var id int
			var target, from string
			if err := rows.Scan(&id, &target, &from); err != nil {
				t.Fatal(err)
			}
			key := fmt.Sprintf("%d→%s", id, target)
			fks[key] = append(fks[key], from)
			if slices.Contains(distributed, target) && target != table {
				defer func(key string) {
					if !slices.Contains(fks[key], "unit_id") {
						t.Errorf("%s: foreign key %s %v lacks unit_id", table, key, fks[key])
					}
				}(key)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
