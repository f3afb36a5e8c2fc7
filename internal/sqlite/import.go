package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
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

func (b *bulkInserter) flush(ctx context.Context) error {
	defer func() {
		if b.full != nil {
			b.full.Close()
		}
	}()
	if len(b.pending) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(ctx, b.statement(len(b.pending)/b.width), b.pending...)
	b.pending = b.pending[:0]
	return err
}

func (b *bulkInserter) statement(rows int) string {
	row := "(" + placeholders(b.width) + ")"
	return "INSERT INTO " + b.table + " (" + b.columns + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", rows), ", ")
}

// ImportCustomers implements customer.Store.
func (s *CustomerStore) ImportCustomers(ctx context.Context, records []*customer.Record) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		// Each table fills its batches at its own pace, so a contact point may
		// be inserted before its customer: check foreign keys at commit.
		if _, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		customers := newBulkInserter(tx, "customers", customerColumns+", name_key")
		contacts := newBulkInserter(tx, "contact_points", "customer_id, kind, position, value, phone_type, label, is_primary")
		consents := newBulkInserter(tx, "consents", "customer_id, channel, purpose, granted, source, proof, given_at")
		events := newBulkInserter(tx, "customer_events", "id, customer_id, at, actor_kind, actor_id, actor_name, kind, fields, detail")
		lines := newBulkInserter(tx, "lines", lineColumns)
		devices := newBulkInserter(tx, "devices", deviceColumns)
		usage := newBulkInserter(tx, "usage", usageColumns)
		for _, r := range records {
			c := r.Customer
			c.Version = 1
			args, err := customerArgs(c)
			if err != nil {
				return err
			}
			if err := customers.add(ctx, args...); err != nil {
				return err
			}
			for i, p := range c.Phones {
				if err := contacts.add(ctx, c.ID, "phone", i, p.Number, string(p.Type), p.Label, p.Primary); err != nil {
					return err
				}
			}
			for i, e := range c.Emails {
				if err := contacts.add(ctx, c.ID, "email", i, e.Address, nil, nil, e.Primary); err != nil {
					return err
				}
			}
			for _, k := range c.Consents {
				if err := consents.add(ctx, c.ID, string(k.Channel), string(k.Purpose), k.Granted, string(k.Source), k.Proof, micros(k.At)); err != nil {
					return err
				}
			}
			for _, e := range r.Events {
				var fields, detail any
				if len(e.Fields) > 0 {
					b, _ := json.Marshal(e.Fields)
					fields = string(b)
				}
				if len(e.Detail) > 0 {
					b, _ := json.Marshal(e.Detail)
					detail = string(b)
				}
				if err := events.add(ctx, e.ID, e.CustomerID, micros(e.At), string(e.Actor.Kind), e.Actor.ID, e.Actor.Name, string(e.Kind), fields, detail); err != nil {
					return err
				}
			}
			for _, l := range r.Lines {
				l.Version = 1
				if err := lines.add(ctx, lineArgs(l)...); err != nil {
					return err
				}
			}
			for _, d := range r.Devices {
				if err := devices.add(ctx, deviceArgs(d)...); err != nil {
					return err
				}
			}
			for _, u := range r.Usage {
				if err := usage.add(ctx, usageArgs(u)...); err != nil {
					return err
				}
			}
		}
		for _, b := range []*bulkInserter{customers, contacts, consents, events, lines, devices, usage} {
			if err := b.flush(ctx); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportInteractions implements interaction.Store.
func (s *InteractionStore) ImportInteractions(ctx context.Context, list []*interaction.Interaction) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		b := newBulkInserter(tx, "interactions", interactionColumns)
		for _, i := range list {
			if err := b.add(ctx, interactionArgs(i)...); err != nil {
				return err
			}
		}
		return b.flush(ctx)
	})
}
