package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

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

const decisionColumns = `id, customer_id, purpose, channel, requested_at, source, caller_id, campaign, subject, event, case_id,
	actor_kind, actor_id, actor_name, on_behalf_of, verdict, judged_at, not_before, reasons, decided_at`

func decisionArgs(d *contactpolicy.Record) ([]any, error) {
	reasons, err := json.Marshal(nonNilReasons(d.Reasons))
	if err != nil {
		return nil, err
	}
	var requested any
	if !d.Request.At.IsZero() {
		requested = micros(d.Request.At)
	}
	q := d.Request
	return []any{d.ID, q.CustomerID, string(q.Purpose), string(q.Channel), requested, q.Source, q.CallerID, q.Campaign,
		q.Subject, q.Event, q.CaseID, string(d.Actor.Kind), d.Actor.ID, d.Actor.Name, nullString(d.Actor.OnBehalfOf),
		string(d.Verdict), micros(d.At), nullMicros(d.NotBefore), string(reasons), micros(d.DecidedAt)}, nil
}

func nonNilReasons(rs []contactpolicy.Reason) []contactpolicy.Reason {
	if rs == nil {
		return []contactpolicy.Reason{}
	}
	return rs
}

// CreateDecisions implements contactpolicy.DecisionStore, many rows per
// statement in one transaction. The transaction is a group commit shared
// with the decisions other requests store meanwhile (see committer): every
// request stores one, and a commit each would cost a WAL sync each. It
// returns once the commit holding recs is done, or failed holding none of
// them.
func (s *DecisionStore) CreateDecisions(ctx context.Context, recs []*contactpolicy.Record) error {
	if len(recs) == 0 {
		return nil
	}
	// The rows are encoded here, on the caller's goroutine, so that the
	// single committer goroutine only inserts, and so that it never reads
	// recs after a caller that gave up has returned.
	rows := make([][]any, len(recs))
	for i, d := range recs {
		args, err := decisionArgs(d)
		if err != nil {
			return err
		}
		rows[i] = args
	}
	return decisionError(s.db.decisions.insert(ctx, rows))
}

func insertDecisions(ctx context.Context, tx *sql.Tx, recs []*contactpolicy.Record) error {
	b := newBulkInserter(tx, "contact_decisions", decisionColumns)
	defer b.close()
	for _, d := range recs {
		args, err := decisionArgs(d)
		if err != nil {
			return err
		}
		if err := b.add(ctx, args...); err != nil {
			return decisionError(err)
		}
	}
	return decisionError(b.flush(ctx))
}

func decisionError(err error) error {
	if isForeignKey(err) {
		return tact.FieldError(tact.CodeNotFound, "customer_id", "a decision's customer does not exist")
	}
	return err
}

// FindDecisionByID implements contactpolicy.DecisionStore.
func (s *DecisionStore) FindDecisionByID(ctx context.Context, id string) (*contactpolicy.Record, error) {
	list, err := scanDecisions(s.db.read.QueryContext(ctx, "SELECT "+decisionColumns+" FROM contact_decisions WHERE id = ?", id))
	return tact.First(list, err, "contact decision", id)
}

// FindDecisions implements contactpolicy.DecisionStore.
func (s *DecisionStore) FindDecisions(ctx context.Context, f contactpolicy.Filter) ([]*contactpolicy.Record, error) {
	q, args := "SELECT "+decisionColumns+" FROM contact_decisions WHERE customer_id = ?", []any{f.CustomerID}
	if !f.Before.IsZero() {
		q, args = q+" AND (decided_at, id) < (?, ?)", append(args, micros(f.Before.At), f.Before.ID)
	}
	return scanDecisions(s.db.read.QueryContext(ctx, q+" ORDER BY decided_at DESC, id DESC LIMIT ?", append(args, tact.PageSize(f.Limit))...))
}

func scanDecisions(rows *sql.Rows, err error) ([]*contactpolicy.Record, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*contactpolicy.Record
	for rows.Next() {
		var d contactpolicy.Record
		q := &d.Request
		var requested, notBefore sql.NullInt64
		var onBehalf sql.NullString
		var judged, decided int64
		var reasons string
		if err := rows.Scan(&d.ID, &q.CustomerID, &q.Purpose, &q.Channel, &requested, &q.Source, &q.CallerID, &q.Campaign,
			&q.Subject, &q.Event, &q.CaseID, &d.Actor.Kind, &d.Actor.ID, &d.Actor.Name, &onBehalf,
			&d.Verdict, &judged, &notBefore, &reasons, &decided); err != nil {
			return nil, err
		}
		if requested.Valid {
			q.At = fromMicros(requested.Int64)
		}
		d.Actor.OnBehalfOf = onBehalf.String
		d.At, d.NotBefore, d.DecidedAt = fromMicros(judged), timePtr(notBefore), fromMicros(decided)
		if err := json.Unmarshal([]byte(reasons), &d.Reasons); err != nil {
			return nil, fmt.Errorf("contact decision %s: reasons: %w", d.ID, err)
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}

const surveyColumns = "id, customer_id, event, source, channel, at, decision_id, created_at"

// CreateSurvey implements survey.Store: the decision, then the survey, in one
// transaction; the unique index on (customer_id, event) refuses a second.
func (s *DecisionStore) CreateSurvey(ctx context.Context, r *survey.Request, d *contactpolicy.Record) error {
	return s.db.writeTx(ctx, func(tx *sql.Tx) error {
		if err := insertDecisions(ctx, tx, []*contactpolicy.Record{d}); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO survey_requests ("+surveyColumns+") VALUES ("+placeholders(8)+")",
			r.ID, r.CustomerID, r.Event, r.Source, string(r.Channel), micros(r.At), r.DecisionID, micros(r.CreatedAt))
		if isUnique(err) {
			return tact.FieldError(tact.CodeConflict, "event", "event %q of customer %s was already surveyed", r.Event, r.CustomerID)
		}
		return err
	})
}

// FindSurveys implements survey.Store.
func (s *DecisionStore) FindSurveys(ctx context.Context, customerID string) ([]*survey.Request, error) {
	rows, err := s.db.read.QueryContext(ctx, "SELECT "+surveyColumns+" FROM survey_requests WHERE customer_id = ? ORDER BY at DESC, id DESC", customerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*survey.Request
	for rows.Next() {
		var r survey.Request
		var at, created int64
		if err := rows.Scan(&r.ID, &r.CustomerID, &r.Event, &r.Source, &r.Channel, &at, &r.DecisionID, &created); err != nil {
			return nil, err
		}
		r.At, r.CreatedAt = fromMicros(at), fromMicros(created)
		out = append(out, &r)
	}
	return out, rows.Err()
}

var _ survey.ResponseStore = (*DecisionStore)(nil)

// CreateResponse implements survey.ResponseStore.
func (s *DecisionStore) CreateResponse(ctx context.Context, r *survey.Response, events []customer.Event) error {
	err := s.db.writeTx(ctx, func(tx *sql.Tx) error {
		if err := insertJSON(ctx, tx, "INSERT INTO survey_responses (id, customer_id, event, created_at, data) VALUES (?, ?, ?, ?, ?)",
			r, r.ID, r.CustomerID, r.Event, micros(r.CreatedAt)); err != nil {
			return err
		}
		return insertEvents(ctx, tx, events)
	})
	switch {
	case isUnique(err):
		return tact.FieldError(tact.CodeConflict, "event", "event %q of customer %s was already answered", r.Event, r.CustomerID)
	case isForeignKey(err):
		return tact.FieldError(tact.CodeNotFound, "customer_id", "customer %q does not exist", r.CustomerID)
	}
	return err
}

// UpdateResponse implements survey.ResponseStore. The version lives in the
// answer's JSON, the only copy of it; an answer stored before answers had
// versions is at version 0.
func (s *DecisionStore) UpdateResponse(ctx context.Context, r *survey.Response, events []customer.Event) error {
	return s.db.updateVersioned(ctx, &r.Version, "survey_responses", "survey response", r.ID, func(tx *sql.Tx, prev int) (int64, error) {
		data, err := json.Marshal(r)
		if err != nil {
			return 0, err
		}
		return touched(tx.ExecContext(ctx, "UPDATE survey_responses SET data = ? WHERE id = ? AND ifnull(json_extract(data, '$.version'), 0) = ?", string(data), r.ID, prev))
	}, func(tx *sql.Tx) error { return insertEvents(ctx, tx, events) })
}

// FindResponses implements survey.ResponseStore.
func (s *DecisionStore) FindResponses(ctx context.Context, customerID string) ([]*survey.Response, error) {
	return queryJSON[survey.Response](ctx, s.db.read, "survey response",
		"SELECT data FROM survey_responses WHERE customer_id = ? ORDER BY created_at DESC, id DESC", customerID)
}

// refusalWhere is the condition of f over contact_decisions d: the
// decisions CountRefusals counts one by one. It starts with the condition of
// the index contact_decisions_refused (0020), as written there, so the
// planner may walk it.
func refusalWhere(f contactpolicy.RefusalFilter) (string, []any) {
	q, args := "d.verdict <> 'allow' AND d.decided_at >= ? AND d.decided_at < ?", []any{micros(f.From), micros(f.To)}
	if f.Jurisdiction != "" {
		q, args = q+" AND EXISTS (SELECT 1 FROM customers c WHERE c.id = d.customer_id AND c.jurisdiction = ?)", append(args, string(f.Jurisdiction))
	}
	if f.Verdict != "" {
		q, args = q+" AND d.verdict = ?", append(args, string(f.Verdict))
	}
	if f.Rule != "" {
		q, args = q+" AND EXISTS (SELECT 1 FROM json_each(d.reasons) r WHERE json_extract(r.value, '$.rule') = ?)", append(args, string(f.Rule))
	}
	if f.Purpose != "" {
		q, args = q+" AND d.purpose = ?", append(args, string(f.Purpose))
	}
	if f.Channel != "" {
		q, args = q+" AND d.channel = ?", append(args, string(f.Channel))
	}
	return q, args
}

// FindRefusals implements contactpolicy.DecisionStore. It walks the range
// of f's rule in contact_decision_reasons (migration 0023; the empty rule
// for every refusal), newest first, filtering on the columns it holds, and
// reads by id only the decisions of the page: a filter few refusals pass
// reads their compact rows, not every refused decision of the period.
func (s *DecisionStore) FindRefusals(ctx context.Context, f contactpolicy.RefusalFilter) ([]*contactpolicy.Record, error) {
	q, args := refusalColumns("r", f, "r.rule = ? AND r.decided_at >= ? AND r.decided_at < ?", string(f.Rule), micros(f.From), micros(f.To))
	if !f.Before.IsZero() {
		q, args = q+" AND (r.decided_at, r.decision_id) < (?, ?)", append(args, micros(f.Before.At), f.Before.ID)
	}
	// CROSS JOIN keeps the planner to the order written: the rule's range
	// first, then each decision of the page by its id.
	return scanDecisions(s.db.read.QueryContext(ctx, "SELECT "+qualified("d", decisionColumns)+
		" FROM contact_decision_reasons r CROSS JOIN contact_decisions d ON d.id = r.decision_id WHERE "+q+
		" ORDER BY r.decided_at DESC, r.decision_id DESC LIMIT ?", append(args, tact.PageSize(f.Limit))...))
}

// refusalColumns adds to q, a condition of parameters args, f's filters on
// the jurisdiction, verdict, purpose and channel columns of alias (a table
// of migration 0023, which holds them all).
func refusalColumns(alias string, f contactpolicy.RefusalFilter, q string, args ...any) (string, []any) {
	for _, c := range []struct{ column, value string }{
		{"jurisdiction", string(f.Jurisdiction)}, {"verdict", string(f.Verdict)}, {"purpose", string(f.Purpose)}, {"channel", string(f.Channel)},
	} {
		if c.value != "" {
			q, args = q+" AND "+alias+"."+c.column+" = ?", append(args, c.value)
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
	out := &contactpolicy.RefusalCounts{Rules: []contactpolicy.RuleCount{}}
	err := s.db.readTx(ctx, func(tx *sql.Tx) error {
		if err := sumRefusals(ctx, tx, f, spans, out); err != nil {
			return err
		}
		for _, g := range left {
			if err := countRefusals(ctx, tx, g, out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sumRefusals adds to out the counts of spans that f selects, grouped by
// kind of refusal across the spans (a subtracted span's counts negated):
// the rule filter is applied to each kind's reasons (AddKind), the other
// filters are columns. A kind whose decisions were all deleted, or all
// outside the period, sums to nothing and must name no rule.
func sumRefusals(ctx context.Context, tx *sql.Tx, f contactpolicy.RefusalFilter, spans []contactpolicy.CountSpan, out *contactpolicy.RefusalCounts) error {
	if len(spans) == 0 {
		return nil
	}
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
		q, a := refusalColumns("k", f, "k."+column+" >= ? AND k."+column+" < ?", micros(sp.From), micros(sp.To))
		parts, args = append(parts, "SELECT k.verdict, k.reasons, "+n+" AS n FROM "+table+" k WHERE "+q), append(args, a...)
	}
	return eachRow(ctx, tx, "SELECT verdict, reasons, sum(n) FROM ("+strings.Join(parts, " UNION ALL ")+") GROUP BY verdict, reasons HAVING sum(n) <> 0", args, func(rows *sql.Rows) error {
		var v contactpolicy.Verdict
		var kind string
		var n int
		if err := rows.Scan(&v, &kind, &n); err != nil {
			return err
		}
		var reasons [][2]string
		if err := json.Unmarshal([]byte(kind), &reasons); err != nil {
			return fmt.Errorf("refusal counts: reasons %s: %w", kind, err)
		}
		out.AddKind(f, v, reasons, n)
		return nil
	})
}

// countRefusals adds to out the counts of the decisions f selects, read one
// by one: the verdicts, then each reason's rule and verdict (those without a
// rule are not counted, as in contact_refusal_counts).
func countRefusals(ctx context.Context, tx *sql.Tx, f contactpolicy.RefusalFilter, out *contactpolicy.RefusalCounts) error {
	where, args := refusalWhere(f)
	err := eachRow(ctx, tx, "SELECT d.verdict, count(*) FROM contact_decisions d WHERE "+where+" GROUP BY d.verdict", args, func(rows *sql.Rows) error {
		var v contactpolicy.Verdict
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return err
		}
		out.Add(v, "", n)
		return nil
	})
	if err != nil {
		return err
	}
	return eachRow(ctx, tx, "SELECT json_extract(r.value, '$.rule'), ifnull(json_extract(r.value, '$.verdict'), ''), count(*) FROM contact_decisions d, json_each(d.reasons) r WHERE "+
		where+" AND json_extract(r.value, '$.rule') <> '' GROUP BY 1, 2", args, func(rows *sql.Rows) error {
		var rule contactpolicy.RuleID
		var v contactpolicy.Verdict
		var n int
		if err := rows.Scan(&rule, &v, &n); err != nil {
			return err
		}
		out.Add(v, rule, n)
		return nil
	})
}

// eachRow runs query in tx and calls scan for each row.
func eachRow(ctx context.Context, tx *sql.Tx, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// qualified prefixes each of a comma-separated list of columns with alias.
func qualified(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
