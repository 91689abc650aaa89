package store

import "context"

// MigrateDownTo rolls the schema back to version (tests of migrations).
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := db.gooseProvider()
	if err != nil {
		return err
	}
	_, err = p.DownTo(ctx, version)
	return err
}

// Exec runs a statement on the writer (tests that set up old data).
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.w.ExecContext(ctx, query, args...)
	return err
}

// QueryStrings returns the first column of a query's rows (tests that read
// raw columns).
func (db *DB) QueryStrings(ctx context.Context, query string, args ...any) ([]string, error) {
	return queryAll(ctx, db.r, "test", query, args, scanOne[string])
}
