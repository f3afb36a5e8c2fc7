package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/customer"
	"github.com/tactcrm/tact/internal/survey"
	"github.com/tactcrm/tact/internal/tact"
)

// DecisionStore implements contactpolicy.DecisionStore and survey.Store:
// decisions and the surveys they allowed are written together.
type DecisionStore struct{ db *DB }

var (
	_ contactpolicy.DecisionStore = (*DecisionStore)(nil)
	_ survey.Store                = (*DecisionStore)(nil)
)

// NewDecisionStore returns the decision store of db.
func NewDecisionStore(db *DB) *DecisionStore { return &DecisionStore{db: db} }

var decisionColumnList = []string{"id", "customer_id", "purpose", "channel", "requested_at", "source", "caller_id", "campaign",
	"subject", "event", "case_id", "actor_kind", "actor_id", "actor_name", "on_behalf_of", "verdict", "judged_at", "not_before",
	"reasons", "decided_at"}

var decisionColumns = strings.Join(decisionColumnList, ", ")

func decisionArgs(d *contactpolicy.Record) ([]any, error) {
	rs := d.Reasons
	if rs == nil {
		rs = []contactpolicy.Reason{}
	}
	reasons, err := json.Marshal(rs)
	if err != nil {
		return nil, err
	}
	var requested *time.Time
	if !d.Request.At.IsZero() {
		requested = &d.Request.At
	}
	q := d.Request
	return []any{d.ID, q.CustomerID, string(q.Purpose), string(q.Channel), requested, q.Source, q.CallerID, q.Campaign,
		q.Subject, q.Event, q.CaseID, string(d.Actor.Kind), d.Actor.ID, d.Actor.Name, nullString(d.Actor.OnBehalfOf),
		string(d.Verdict), d.At, d.NotBefore, reasons, d.DecidedAt}, nil
}

// copyThreshold is the batch size from which COPY beats one INSERT per row
// sent in a pipeline.
const copyThreshold = 20

// CreateDecisions implements contactpolicy.DecisionStore: one transaction,
// COPY for a large batch.
func (s *DecisionStore) CreateDecisions(ctx context.Context, recs []*contactpolicy.Record) error {
	if len(recs) == 0 {
		return nil
	}
	return decisionError(s.db.writeTx(ctx, func(tx pgx.Tx) error { return insertDecisions(ctx, tx, recs) }))
}

func insertDecisions(ctx context.Context, tx pgx.Tx, recs []*contactpolicy.Record) error {
	rows := make([][]any, len(recs))
	for i, d := range recs {
		args, err := decisionArgs(d)
		if err != nil {
			return err
		}
		rows[i] = args
	}
	if len(rows) >= copyThreshold {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"contact_decisions"}, decisionColumnList, pgx.CopyFromRows(rows))
		return err
	}
	b := &pgx.Batch{}
	for _, r := range rows {
		b.Queue("INSERT INTO contact_decisions ("+decisionColumns+") VALUES ("+params(1, len(decisionColumnList))+")", r...)
	}
	return tx.SendBatch(ctx, b).Close()
}

func decisionError(err error) error {
	if isForeignKeyOn(err, "contact_decisions") {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "a decision's customer does not exist")
	}
	return err
}

// FindDecisionByID implements contactpolicy.DecisionStore.
func (s *DecisionStore) FindDecisionByID(ctx context.Context, id string) (*contactpolicy.Record, error) {
	list, err := queryDecisions(ctx, s.db.pool, "SELECT "+decisionColumns+" FROM contact_decisions WHERE id = $1", id)
	return tact.First(list, err, "contact decision", id)
}

// FindDecisions implements contactpolicy.DecisionStore.
func (s *DecisionStore) FindDecisions(ctx context.Context, f contactpolicy.Filter) ([]*contactpolicy.Record, error) {
	if f.Before.IsZero() {
		return queryDecisions(ctx, s.db.pool, "SELECT "+decisionColumns+` FROM contact_decisions WHERE customer_id = $1
			ORDER BY decided_at DESC, id DESC LIMIT $2`, f.CustomerID, tact.PageSize(f.Limit))
	}
	return queryDecisions(ctx, s.db.pool, "SELECT "+decisionColumns+` FROM contact_decisions WHERE customer_id = $1
		AND (decided_at, id) < ($2, $3) ORDER BY decided_at DESC, id DESC LIMIT $4`, f.CustomerID, f.Before.At, f.Before.ID, tact.PageSize(f.Limit))
}

func queryDecisions(ctx context.Context, q querier, query string, args ...any) ([]*contactpolicy.Record, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scanDecision)
}

func scanDecision(row pgx.CollectableRow) (*contactpolicy.Record, error) {
	var d contactpolicy.Record
	q := &d.Request
	var requested *time.Time
	var onBehalf *string
	var reasons []byte
	if err := row.Scan(&d.ID, &q.CustomerID, &q.Purpose, &q.Channel, &requested, &q.Source, &q.CallerID, &q.Campaign,
		&q.Subject, &q.Event, &q.CaseID, &d.Actor.Kind, &d.Actor.ID, &d.Actor.Name, &onBehalf,
		&d.Verdict, &d.At, &d.NotBefore, &reasons, &d.DecidedAt); err != nil {
		return nil, err
	}
	if requested != nil {
		q.At = *requested
	}
	d.Actor.OnBehalfOf = deref(onBehalf)
	if err := json.Unmarshal(reasons, &d.Reasons); err != nil {
		return nil, fmt.Errorf("contact decision %s: reasons: %w", d.ID, err)
	}
	return &d, nil
}

var surveyColumnList = []string{"id", "customer_id", "event", "source", "channel", "at", "decision_id", "created_at"}

// CreateSurvey implements survey.Store: the decision, then the survey, in one
// transaction; the unique index on (customer_id, event) refuses a second.
func (s *DecisionStore) CreateSurvey(ctx context.Context, r *survey.Request, d *contactpolicy.Record) error {
	err := s.db.writeTx(ctx, func(tx pgx.Tx) error {
		if err := insertDecisions(ctx, tx, []*contactpolicy.Record{d}); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "INSERT INTO survey_requests ("+strings.Join(surveyColumnList, ", ")+") VALUES ("+params(1, 8)+")",
			r.ID, r.CustomerID, r.Event, r.Source, string(r.Channel), r.At, r.DecisionID, r.CreatedAt)
		return err
	})
	if isUniqueOn(err, "survey_requests") {
		return tact.FieldError(tact.CodeConflict, "event", "event %q of customer %s was already surveyed", r.Event, r.CustomerID)
	}
	return decisionError(err)
}

// FindSurveys implements survey.Store.
func (s *DecisionStore) FindSurveys(ctx context.Context, customerID string) ([]*survey.Request, error) {
	rows, err := s.db.pool.Query(ctx, "SELECT "+strings.Join(surveyColumnList, ", ")+
		" FROM survey_requests WHERE customer_id = $1 ORDER BY at DESC, id DESC", customerID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*survey.Request, error) {
		var r survey.Request
		err := row.Scan(&r.ID, &r.CustomerID, &r.Event, &r.Source, &r.Channel, &r.At, &r.DecisionID, &r.CreatedAt)
		return &r, err
	})
}

var _ survey.ResponseStore = (*DecisionStore)(nil)

// CreateResponse implements survey.ResponseStore.
func (s *DecisionStore) CreateResponse(ctx context.Context, r *survey.Response, events []customer.Event) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	err = s.db.writeTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO survey_responses (id, customer_id, event, created_at, data) VALUES ($1, $2, $3, $4, $5)",
			r.ID, r.CustomerID, r.Event, r.CreatedAt, data); err != nil {
			return err
		}
		return batch(ctx, tx, func(b *pgx.Batch) { queueEvents(b, events) })
	})
	switch {
	case isUniqueOn(err, "survey_responses"):
		return tact.FieldError(tact.CodeConflict, "event", "event %q of customer %s was already answered", r.Event, r.CustomerID)
	case isForeignKeyOn(err, "survey_responses"):
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", r.CustomerID)
	}
	return err
}

// UpdateResponse implements survey.ResponseStore. The version lives in the
// answer's JSON, the only copy of it; an answer stored before answers had
// versions is at version 0.
func (s *DecisionStore) UpdateResponse(ctx context.Context, r *survey.Response, events []customer.Event) error {
	return s.db.updateVersioned(ctx, &r.Version, "survey_responses", "survey response", r.ID, func(tx pgx.Tx, prev int) (int64, error) {
		data, err := json.Marshal(r)
		if err != nil {
			return 0, err
		}
		tag, err := tx.Exec(ctx, "UPDATE survey_responses SET data = $1 WHERE id = $2 AND coalesce((data->>'version')::int, 0) = $3", data, r.ID, prev)
		if err != nil {
			return 0, err
		}
		return tag.RowsAffected(), nil
	}, func(tx pgx.Tx) error { return batch(ctx, tx, func(b *pgx.Batch) { queueEvents(b, events) }) })
}

// FindResponses implements survey.ResponseStore.
func (s *DecisionStore) FindResponses(ctx context.Context, customerID string) ([]*survey.Response, error) {
	return queryJSON[survey.Response](ctx, s.db, "survey response",
		"SELECT data FROM survey_responses WHERE customer_id = $1 ORDER BY created_at DESC, id DESC", customerID)
}

// refusalWhere is the condition of f over contact_decisions d, its
// parameters numbered from $1: the decisions CountRefusals counts one by
// one. It starts with the condition of the index contact_decisions_refused
// (0020), as written there, so the planner may walk it.
func refusalWhere(f contactpolicy.RefusalFilter) (string, []any) {
	q, args := "d.verdict <> 'allow' AND d.decided_at >= $1 AND d.decided_at < $2", []any{f.From, f.To}
	add := func(cond string, arg any) {
		args = append(args, arg)
		q += " AND " + strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args)))
	}
	if f.Jurisdiction != "" {
		add("EXISTS (SELECT 1 FROM customers c WHERE c.id = d.customer_id AND c.jurisdiction = ?)", string(f.Jurisdiction))
	}
	if f.Verdict != "" {
		add("d.verdict = ?", string(f.Verdict))
	}
	if f.Rule != "" {
		rule, _ := json.Marshal([]map[string]string{{"rule": string(f.Rule)}})
		add("d.reasons @> ?::jsonb", string(rule))
	}
	if f.Purpose != "" {
		add("d.purpose = ?", string(f.Purpose))
	}
	if f.Channel != "" {
		add("d.channel = ?", string(f.Channel))
	}
	return q, args
}

// FindRefusals implements contactpolicy.DecisionStore. It walks the range
// of f's rule in contact_decision_reasons (migration 0023; the empty rule
// for every refusal), newest first, filtering on the columns it holds, and
// reads by id only the decisions of the page: a filter few refusals pass
// reads their compact rows, not every refused decision of the period.
func (s *DecisionStore) FindRefusals(ctx context.Context, f contactpolicy.RefusalFilter) ([]*contactpolicy.Record, error) {
	cols := make([]string, len(decisionColumnList))
	for i, c := range decisionColumnList {
		cols[i] = "d." + c
	}
	q, args := refusalColumns("r", f, "r.rule = $1 AND r.decided_at >= $2 AND r.decided_at < $3", string(f.Rule), f.From, f.To)
	if !f.Before.IsZero() {
		args = append(args, f.Before.At, f.Before.ID)
		q += fmt.Sprintf(" AND (r.decided_at, r.decision_id) < ($%d, $%d)", len(args)-1, len(args))
	}
	args = append(args, tact.PageSize(f.Limit))
	return queryDecisions(ctx, s.db.pool, "SELECT "+strings.Join(cols, ", ")+
		" FROM contact_decision_reasons r JOIN contact_decisions d ON d.id = r.decision_id WHERE "+q+
		fmt.Sprintf(" ORDER BY r.decided_at DESC, r.decision_id DESC LIMIT $%d", len(args)), args...)
}

// refusalColumns adds to q, a condition of parameters args, f's filters on
// the jurisdiction, verdict, purpose and channel columns of alias (a table
// of migration 0023, which holds them all).
func refusalColumns(alias string, f contactpolicy.RefusalFilter, q string, args ...any) (string, []any) {
	for _, c := range []struct{ column, value string }{
		{"jurisdiction", string(f.Jurisdiction)}, {"verdict", string(f.Verdict)}, {"purpose", string(f.Purpose)}, {"channel", string(f.Channel)},
	} {
		if c.value != "" {
			args = append(args, c.value)
			q += fmt.Sprintf(" AND %s.%s = $%d", alias, c.column, len(args))
		}
	}
	return q, args
}

// CountRefusals implements contactpolicy.DecisionStore. The whole UTC days
// and hours of the period are summed from contact_refusal_days (migration
// 0025) and contact_refusal_counts (0023), kind of refusal by kind
// (contactpolicy.CountSpans); what is left at either end, less than an hour
// each when a day's edge is not on a UTC hour, is counted from the
// decisions themselves, in the same snapshot.
func (s *DecisionStore) CountRefusals(ctx context.Context, f contactpolicy.RefusalFilter) (*contactpolicy.RefusalCounts, error) {
	spans, left := f.CountSpans()
	tx, err := s.db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	out := &contactpolicy.RefusalCounts{Rules: []contactpolicy.RuleCount{}}
	if len(spans) > 0 {
		// The kinds are summed across the spans (a subtracted span's
		// counts negated) and the backends. The rule filter is applied
		// to each kind's reasons (AddKind), the other filters are
		// columns. A kind whose decisions were all deleted, or all
		// outside the period, sums to zero and must name no rule.
		var parts []string
		var args []any
		for _, sp := range spans {
			table, column, n := "contact_refusal_counts", "hour", "k.n"
			if sp.Days {
				table, column = "contact_refusal_days", "day"
			}
			if sp.Subtract {
				n = "-k.n"
			}
			q, a := refusalColumns("k", f, fmt.Sprintf("k.%s >= $%d AND k.%s < $%d", column, len(args)+1, column, len(args)+2), append(args, sp.From, sp.To)...)
			parts, args = append(parts, "SELECT k.verdict, k.reasons, "+n+" AS n FROM "+table+" k WHERE "+q), a
		}
		rows, err := tx.Query(ctx, "SELECT verdict, reasons, sum(n) FROM ("+strings.Join(parts, " UNION ALL ")+") k GROUP BY verdict, reasons HAVING sum(n) <> 0", args...)
		if err != nil {
			return nil, err
		}
		var v contactpolicy.Verdict
		var reasons [][2]string
		var n int
		if _, err := pgx.ForEachRow(rows, []any{&v, &reasons, &n}, func() error {
			out.AddKind(f, v, reasons, n)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	for _, g := range left {
		if err := countRefusals(ctx, tx, g, out); err != nil {
			return nil, err
		}
	}
	return out, tx.Commit(ctx)
}

// countRefusals adds to out the counts of the decisions f selects, read one
// by one: the verdicts, then each reason's rule and verdict (those without a
// rule are not counted, as in contact_refusal_counts).
func countRefusals(ctx context.Context, tx pgx.Tx, f contactpolicy.RefusalFilter, out *contactpolicy.RefusalCounts) error {
	where, args := refusalWhere(f)
	for _, query := range []string{
		"SELECT d.verdict, '', count(*) FROM contact_decisions d WHERE " + where + " GROUP BY d.verdict",
		"SELECT coalesce(r->>'verdict', ''), r->>'rule', count(*) FROM contact_decisions d CROSS JOIN LATERAL jsonb_array_elements(d.reasons) r WHERE " +
			where + " AND r->>'rule' <> '' GROUP BY 1, 2",
	} {
		rows, err := tx.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		var v contactpolicy.Verdict
		var rule contactpolicy.RuleID
		var n int
		if _, err := pgx.ForEachRow(rows, []any{&v, &rule, &n}, func() error {
			out.Add(v, rule, n)
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}
