package store_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestCitusSQL checks docs/citus.sql, the step to Citus an operator runs,
// against the classification in schema_test.go and the migrated schema:
// every table is made a reference table or distributed by unit_id and
// co-located with services, as classified, exactly once; and each comes
// after the tables its foreign keys point to, since Citus refuses a foreign
// key to a table that is still local.
func TestCitusSQL(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "citus.sql"))
	if err != nil {
		t.Fatal(err)
	}
	calls := regexp.MustCompile(`(?m)^SELECT (create_reference_table|create_distributed_table)\('([a-z_0-9]+)'(.*)\);$`).FindAllStringSubmatch(string(raw), -1)
	pos := map[string]int{}
	for i, c := range calls {
		fn, table, args := c[1], c[2], c[3]
		if _, twice := pos[table]; twice {
			t.Errorf("citus.sql: %s appears twice", table)
		}
		pos[table] = i
		switch {
		case slices.Contains(reference, table):
			if fn != "create_reference_table" || args != "" {
				t.Errorf("citus.sql: %s is a reference table, want SELECT create_reference_table('%s');", table, table)
			}
		case slices.Contains(distributed, table):
			want := ", 'unit_id', colocate_with => 'services'"
			if table == "services" {
				want = ", 'unit_id'"
			}
			if fn != "create_distributed_table" || args != want {
				t.Errorf("citus.sql: %s is distributed, want SELECT create_distributed_table('%s'%s);", table, table, want)
			}
		default:
			t.Errorf("citus.sql: %s is not classified in schema_test.go", table)
		}
	}
	if i, ok := pos["services"]; ok && slices.ContainsFunc(calls[:i], func(c []string) bool { return c[1] == "create_distributed_table" }) {
		t.Error("citus.sql: services must be the first distributed table: the others are co-located with it")
	}

	path := filepath.Join(t.TempDir(), "schema.db")
	open(t, path).Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`)
	for _, table := range tables {
		if _, ok := pos[table]; !ok {
			t.Errorf("citus.sql: table %s is missing", table)
		}
		for _, target := range queryStrings(t, db, `SELECT DISTINCT "table" FROM pragma_foreign_key_list($1)`, table) {
			if target != table && pos[target] >= pos[table] {
				t.Errorf("citus.sql: %s has a foreign key to %s and must come after it", table, target)
			}
		}
	}
	for table := range pos {
		if !slices.Contains(tables, table) {
			t.Errorf("citus.sql: %s is not a table of the schema", table)
		}
	}
}
