-- The step from one PostgreSQL primary to Citus (docs/scaling.md, "Step to
-- Citus"): what an operator runs on the coordinator, once, after
--
--   1. installing Citus (same PostgreSQL major version) on the coordinator and
--      every worker, shared_preload_libraries = 'citus', and
--      CREATE EXTENSION citus; on the mutu database of each;
--   2. SELECT citus_set_coordinator_host('coordinator-host', 5432); and
--      SELECT citus_add_node('worker-N', 5432); for every worker;
--   3. stopping every app node (the tables are rewritten into shards), with a
--      fresh backup (mutu backup) at hand.
--
-- Afterwards the app nodes point MUTU_DB at the coordinator (through
-- pgbouncer, as today) and start again; the app's SQL stays the same. This
-- file has not been run against Citus here (Debian has no Citus package):
-- rehearse it on a restored copy (mutu restore) before the real cut-over.
--
-- The lists follow the classification in internal/store/schema_test.go, and
-- TestCitusSQL (internal/store/citus_test.go) fails when a table is missing,
-- classified otherwise, or comes before a table its foreign keys point to
-- (Citus refuses a foreign key to a table that is still local).
--
-- Caveats, as of this schema:
--   * Unique keys and foreign keys. Every distributed table has unit_id in
--     its primary key and in every unique key, and every foreign key between
--     distributed tables includes unit_id (TestSchemaIsReadyForCitus): none
--     has to change today. What that means: uniqueness on a distributed table
--     holds per unit only. Where it must hold across units a reference table
--     carries it: complaints (unit_id, code) is unique per unit, the tracking
--     code is unique everywhere through complaint_codes (code primary key);
--     likewise complaint_idempotency for Open311 retry keys.
--     skm_responses (unit_id, idempotency_key) and kiosk_devices
--     (unit_id, token_hash) are per unit by design (the unit is in the URL).
--   * Foreign keys from distributed tables to reference tables (units,
--     skm_instruments, users) are allowed; none goes from a reference table
--     to a distributed one, which Citus would refuse. All are NO ACTION.
--   * goose_db_version and mutu_migration_lock (the migration lock) stay
--     plain tables on the coordinator; migrations keep running there, and
--     Citus propagates their DDL to the shards.
--   * Reference tables are copied to every worker and a write to one is a
--     write on every worker (two-phase commit). Most are small and rarely
--     written; rate_buckets (one upsert per limited request), sessions,
--     login_failures, complaint_idempotency, job_leases and audit_log are
--     written often. If that shows in the coordinator's commit latency, keep
--     them on the coordinator instead of copying them (no foreign key ties
--     them to a distributed table):
--       SELECT citus_add_local_table_to_metadata('rate_buckets');
--     and so on, in place of their create_reference_table line below.
--   * Queries: the joins between distributed tables in internal/store today
--     match on unit_id as well (co-located joins, one worker per shard; a new
--     join must too, or Citus refuses it without repartition joins);
--     cross-unit reads (the city ranking, dashboards) become parallel
--     aggregations over the shards.
--   * Existing rows are copied into the shards; Citus then asks to empty the
--     local copy: run SELECT truncate_local_data_after_distributing_table(
--     'public.TABLE'); for each table it names.
--   * Shard count: the default 32 shards co-located by unit_id suit 8 to 32
--     workers; set citus.shard_count before the first call to change it.

-- Reference tables: small, read by every query, copied to every worker; in
-- the order of their foreign keys.
SELECT create_reference_table('regions');
SELECT create_reference_table('unit_types');
SELECT create_reference_table('units');
SELECT create_reference_table('users');
SELECT create_reference_table('user_units');
SELECT create_reference_table('sessions');
SELECT create_reference_table('audit_log');
SELECT create_reference_table('skm_instruments');
SELECT create_reference_table('complaint_slas');
SELECT create_reference_table('holidays');
SELECT create_reference_table('complaint_codes');
SELECT create_reference_table('complaint_idempotency');
SELECT create_reference_table('api_keys');
SELECT create_reference_table('login_failures');
SELECT create_reference_table('deployment_secrets');
SELECT create_reference_table('region_logos');
SELECT create_reference_table('region_boundaries');
SELECT create_reference_table('instruments');
SELECT create_reference_table('instrument_versions');
SELECT create_reference_table('monitoring_cadences');
SELECT create_reference_table('monitoring_teams');
SELECT create_reference_table('monitoring_members');
SELECT create_reference_table('monitoring_scope');
SELECT create_reference_table('pekppp_user_shares');
SELECT create_reference_table('ombudsman_assessments');
SELECT create_reference_table('ombudsman_assessors');
SELECT create_reference_table('rate_buckets');
SELECT create_reference_table('job_leases');

-- Distributed tables: sharded by unit_id, all co-located with services, so a
-- unit's rows of every table live on one worker and a request about one unit
-- touches one worker.
SELECT create_distributed_table('services', 'unit_id');
SELECT create_distributed_table('skm_questions', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('skm_responses', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('skm_held', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('skm_client_counts', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('skm_daily', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('skm_monthly', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('skm_periods', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('skm_actions', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('kiosk_devices', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('complaints', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('complaint_events', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('complaint_attachments', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('complaint_fingerprints', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('complaint_counters', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('complaint_status_rollup', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('complaint_month_rollup', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('complaint_step_rollup', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('notifications', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('standard_versions', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('standard_publications', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('maklumat', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('standard_forums', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('evidence_files', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('monitoring_visits', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('monitoring_reminders', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('monitoring_findings', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('monitoring_finding_events', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('monitoring_finding_escalations', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('visit_scores', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('visit_reports', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('visit_attendees', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('visit_uploads', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('innovations', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('innovation_services', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('ombudsman_loci', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('ombudsman_locus_products', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('evidence_packs', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('service_contacts', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('self_assessments', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('self_assessment_items', 'unit_id', colocate_with => 'services');
SELECT create_distributed_table('self_assessment_interviews', 'unit_id', colocate_with => 'services');
