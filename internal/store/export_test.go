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
