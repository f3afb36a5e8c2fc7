package postgres

import (
	"context"
	"time"
)

// PurgeSessions implements session.Store.
func (s *SessionStore) PurgeSessions(ctx context.Context, before time.Time, limit int) (int, error) {
	return purgeExpired(ctx, s.db, "sessions", before, limit)
}

// PurgeSpaceSessions implements session.SpaceStore.
func (s *SpaceStore) PurgeSpaceSessions(ctx context.Context, before time.Time, limit int) (int, error) {
	return purgeExpired(ctx, s.db, "space_sessions", before, limit)
}

// PurgeCodes implements session.SpaceStore.
func (s *SpaceStore) PurgeCodes(ctx context.Context, before time.Time, limit int) (int, error) {
	return purgeExpired(ctx, s.db, "sign_in_codes", before, limit)
}

// purgeExpired deletes up to limit rows of table (one of ours, never a
// caller's word) whose expires_at is before before, oldest first, through
// the table's index on expires_at (migration 0022).
func purgeExpired(ctx context.Context, db *DB, table string, before time.Time, limit int) (int, error) {
	tag, err := db.pool.Exec(ctx, "DELETE FROM "+table+" WHERE id IN (SELECT id FROM "+table+
		" WHERE expires_at < $1 ORDER BY expires_at LIMIT $2)", before, limit)
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}
