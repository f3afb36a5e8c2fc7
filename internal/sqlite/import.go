package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
)

// bulkRows is how many rows one INSERT statement carries in a bulk load: many
// rows per statement cut the per-call cost of database/sql, which dominates an
// embedded engine's insert time.
const bulkRows = 100

// bulkInserter inserts rows into one table, many per statement, reusing the
// prepared statement for full batches.
type bulkInserter struct {
	tx      *sql.Tx
	table   string
	columns string
	width   int
	full    *sql.Stmt
	pending []any
}

func newBulkInserter(tx *sql.Tx, table, columns string) *bulkInserter {
	return &bulkInserter{tx: tx, table: table, columns: columns, width: strings.Count(columns, ",") + 1}
}

func (b *bulkInserter) add(ctx context.Context, row ...any) error {
	b.pending = append(b.pending, row...)
	if len(b.pending) == b.width*bulkRows {
		if b.full == nil {
			st, err := b.tx.PrepareContext(ctx, b.statement(bulkRows))
			if err != nil {
				return err
			}
			b.full = st
		}
		if _, err := b.full.ExecContext(ctx, b.pending...); err != nil {
			return err
		}
		b.pending = b.pending[:0]
	}
	return nil
}

// flush inserts the rows still pending.
func (b *bulkInserter) flush(ctx context.Context) error {
	if len(b.pending) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(ctx, b.statement(len(b.pending)/b.width), b.pending...)
	b.pending = b.pending[:0]
	return err
}

// close releases the prepared statement.
func (b *bulkInserter) close() {
	if b.full != nil {
		b.full.Close()
	}
}

func (b *bulkInserter) statement(rows int) string {
	row := "(" + placeholders(b.width) + ")"
	return "INSERT INTO " + b.table + " (" + b.columns + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

// ImportCustomers implements customer.Store. Each table is written whole
// before the tables that refer to it, so every foreign key is checked against
// rows already there: a check left pending until commit would make SQLite scan
// the child tables for every parent row it inserts.
func (s *CustomerStore) ImportCustomers(ctx context.Context, records []*customer.Record) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		tables := []struct {
			name, columns string
			rows          func(r *customer.Record, add func(row ...any) error) error
		}{
			{"customers", customerColumns + ", name_key", func(r *customer.Record, add func(...any) error) error {
				r.Customer.Version = 1
				args, err := customerArgs(r.Customer)
				if err != nil {
					return err
				}
				return add(args...)
			}},
			{"contact_points", "customer_id, kind, position, value, phone_type, label, is_primary", func(r *customer.Record, add func(...any) error) error {
				c := r.Customer
				for i, p := range c.Phones {
					if err := add(c.ID, "phone", i, p.Number, string(p.Type), p.Label, p.Primary); err != nil {
						return err
					}
				}
				for i, e := range c.Emails {
					if err := add(c.ID, "email", i, e.Address, nil, nil, e.Primary); err != nil {
						return err
					}
				}
				return nil
			}},
			{"consents", "customer_id, channel, purpose, granted, source, proof, given_at", func(r *customer.Record, add func(...any) error) error {
				for _, k := range r.Customer.Consents {
					if err := add(r.Customer.ID, string(k.Channel), string(k.Purpose), k.Granted, string(k.Source), k.Proof, micros(k.At)); err != nil {
						return err
					}
				}
				return nil
			}},
			{"customer_events", eventColumns, func(r *customer.Record, add func(...any) error) error {
				for _, e := range r.Events {
					if err := add(eventArgs(e)...); err != nil {
						return err
					}
				}
				return nil
			}},
			{"lines", lineColumns, func(r *customer.Record, add func(...any) error) error {
				for _, l := range r.Lines {
					l.Version = 1
					if err := add(lineArgs(l)...); err != nil {
						return err
					}
				}
				return nil
			}},
			{"devices", deviceColumns, func(r *customer.Record, add func(...any) error) error {
				for _, d := range r.Devices {
					if err := add(deviceArgs(d)...); err != nil {
						return err
					}
				}
				return nil
			}},
			{"usage", usageColumns, func(r *customer.Record, add func(...any) error) error {
				for _, u := range r.Usage {
					if err := add(usageArgs(u)...); err != nil {
						return err
					}
				}
				return nil
			}},
		}
		for _, t := range tables {
			if err := insertAll(ctx, tx, t.name, t.columns, records, t.rows); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertAll inserts the rows that each record gives for one table.
func insertAll(ctx context.Context, tx *sql.Tx, table, columns string, records []*customer.Record,
	rows func(*customer.Record, func(...any) error) error) error {
	b := newBulkInserter(tx, table, columns)
	defer b.close()
	add := func(row ...any) error { return b.add(ctx, row...) }
	for _, r := range records {
		if err := rows(r, add); err != nil {
			return err
		}
	}
	return b.flush(ctx)
}

// ImportInteractions implements interaction.Store.
func (s *InteractionStore) ImportInteractions(ctx context.Context, list []*interaction.Interaction) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		b := newBulkInserter(tx, "interactions", interactionColumns)
		defer b.close()
		for _, i := range list {
			if err := b.add(ctx, interactionArgs(i)...); err != nil {
				return err
			}
		}
		return b.flush(ctx)
	})
}
