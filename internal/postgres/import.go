package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/interaction"
)

// customerColumnList is customerColumns, then name_key, as COPY names them.
var customerColumnList = []string{"id", "account_number", "given_name", "family_name", "salutation", "form_of_address",
	"language", "jurisdiction", "time_zone", "status", "customer_since", "cancelling_since", "former_since", "postal_address",
	"preferences", "dnc_since", "dnc_source", "third_party_billing", "advisor_id", "version", "created_at", "updated_at", "opposition_checked_at",
	"marketing_erased_on", "name_key"}

// ImportCustomers implements customer.Store with COPY, the fastest way into
// PostgreSQL, one table after another in one transaction: a bad row fails its
// COPY, and the rollback takes every table back. Parents are copied before
// children, so foreign keys are checked as they are in any other write.
func (s *CustomerStore) ImportCustomers(ctx context.Context, records []*customer.Record) error {
	var customers, contacts, consents, events, lines, devices, usage [][]any
	for _, r := range records {
		c := r.Customer
		c.Version = 1
		args, err := customerArgs(c)
		if err != nil {
			return err
		}
		customers = append(customers, args)
		contacts = append(contacts, contactPointRows(c)...)
		consents = append(consents, consentRows(c)...)
		for _, e := range r.Events {
			events = append(events, eventRow(e))
		}
		for _, l := range r.Lines {
			l.Version = 1
			lines = append(lines, lineArgs(l))
		}
		for _, d := range r.Devices {
			devices = append(devices, deviceArgs(d))
		}
		for _, u := range r.Usage {
			usage = append(usage, usageArgs(u))
		}
	}
	return s.db.writeTx(ctx, func(tx pgx.Tx) error {
		for _, t := range []struct {
			table   string
			columns []string
			rows    [][]any
		}{
			{"customers", customerColumnList, customers},
			{"contact_points", contactPointColumns, contacts},
			{"consents", consentColumns, consents},
			{"customer_events", eventColumns, events},
			{"lines", lineColumnList, lines},
			{"devices", deviceColumnList, devices},
			{"usage", usageColumnList, usage},
		} {
			if len(t.rows) == 0 {
				continue
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.table}, t.columns, pgx.CopyFromRows(t.rows)); err != nil {
				return err
			}
		}
		return nil
	})
}

// ImportInteractions implements interaction.Store with COPY in one
// transaction: all or nothing.
func (s *InteractionStore) ImportInteractions(ctx context.Context, list []*interaction.Interaction) error {
	if len(list) == 0 {
		return nil
	}
	rows := make([][]any, len(list))
	for i, it := range list {
		rows[i] = interactionArgs(it)
	}
	return s.db.writeTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"interactions"}, interactionColumnList, pgx.CopyFromRows(rows))
		return err
	})
}
