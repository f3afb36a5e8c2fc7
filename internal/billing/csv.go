package billing

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tactcrm/tact/internal/tact"
)

// CSVColumns are the columns of a bill file, one row per bill line; the
// rows of one bill share its bill_ref and come together. Amounts are decimal
// in the currency's unit ("12.34", "-5.00"); dates are YYYY-MM-DD; in_plan is
// true or false (empty is false); the provider columns are set on
// third-party lines only.
var CSVColumns = []string{"bill_ref", "customer_id", "line_id", "period_from", "period_to", "due_on", "bill_total", "currency",
	"kind", "description", "amount", "date", "in_plan", "provider", "service", "complaints", "consent_ref"}

// CSVError is a fault in a bill file, at a row (1 is the header).
type CSVError struct {
	Row    int
	Column string
	Err    error
}

// Error says where and what.
func (e *CSVError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %v", e.Row, e.Err)
	}
	return fmt.Sprintf("row %d, %s: %v", e.Row, e.Column, e.Err)
}

// Unwrap returns the fault.
func (e *CSVError) Unwrap() error { return e.Err }

// BillRows is where each bill and each of its lines came from in a file.
type BillRows struct {
	Bill  int
	Lines []int
}

// ParseCSV reads a bill file into drafts, and where each came from, so that
// a review's error on bills[i].lines[j] can name its row. It checks the
// file's shape (columns, numbers, dates, a bill's rows together and alike),
// not the bills: Bill.Validate does.
func ParseCSV(r io.Reader) ([]Bill, []BillRows, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(CSVColumns)
	header, err := cr.Read()
	if err != nil {
		return nil, nil, &CSVError{Row: 1, Err: fmt.Errorf("a header row of %s: %w", strings.Join(CSVColumns, ","), err)}
	}
	for i, h := range header {
		if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) != CSVColumns[i] {
			return nil, nil, &CSVError{Row: 1, Err: fmt.Errorf("column %d is %q, want %q (columns: %s)", i+1, h, CSVColumns[i], strings.Join(CSVColumns, ","))}
		}
	}
	var bills []Bill
	var rows []BillRows
	seen := map[string]bool{}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, &CSVError{Row: row, Err: err}
		}
		col := func(name string) string {
			for i, c := range CSVColumns {
				if c == name {
					return strings.TrimSpace(rec[i])
				}
			}
			panic("billing: no column " + name)
		}
		fault := func(column string, format string, args ...any) error {
			return &CSVError{Row: row, Column: column, Err: fmt.Errorf(format, args...)}
		}
		cur := tact.Currency(col("currency"))
		if !cur.Valid() {
			return nil, nil, fault("currency", "%q is not EUR or CAD", col("currency"))
		}
		money := func(column string) (tact.Money, error) {
			cents, err := parseCents(col(column))
			if err != nil {
				return tact.Money{}, fault(column, "%v", err)
			}
			return tact.Money{Cents: cents, Currency: cur}, nil
		}
		date := func(column string, required bool) (tact.Date, error) {
			v := col(column)
			if v == "" && !required {
				return tact.Date{}, nil
			}
			d, err := tact.ParseDate(v)
			if err != nil {
				return tact.Date{}, fault(column, "%v", err)
			}
			return d, nil
		}
		ref := col("bill_ref")
		if ref == "" {
			return nil, nil, fault("bill_ref", "every row names its bill")
		}
		total, err := money("bill_total")
		if err != nil {
			return nil, nil, err
		}
		from, err := date("period_from", true)
		if err != nil {
			return nil, nil, err
		}
		to, err := date("period_to", true)
		if err != nil {
			return nil, nil, err
		}
		due, err := date("due_on", false)
		if err != nil {
			return nil, nil, err
		}
		head := Bill{CustomerID: col("customer_id"), LineID: col("line_id"), From: from, To: to, DueOn: due, Total: total}
		n := len(bills) - 1
		if n < 0 || bills[n].ID != ref {
			if seen[ref] {
				return nil, nil, fault("bill_ref", "the rows of bill %q are not together", ref)
			}
			seen[ref] = true
			head.ID = ref
			bills, rows = append(bills, head), append(rows, BillRows{Bill: row})
			n++
		} else {
			b := bills[n]
			if b.CustomerID != head.CustomerID || b.LineID != head.LineID || b.From != head.From || b.To != head.To || b.DueOn != head.DueOn || b.Total != head.Total {
				return nil, nil, fault("bill_ref", "a row of bill %q differs from its first row (row %d) in customer, line, period, due date or total", ref, rows[n].Bill)
			}
		}
		if col("kind") == "" {
			// A bill with no lines is one row with no kind: the review holds it.
			continue
		}
		amount, err := money("amount")
		if err != nil {
			return nil, nil, err
		}
		on, err := date("date", false)
		if err != nil {
			return nil, nil, err
		}
		inPlan := false
		switch col("in_plan") {
		case "", "false":
		case "true":
			inPlan = true
		default:
			return nil, nil, fault("in_plan", "true or false, not %q", col("in_plan"))
		}
		l := Line{Kind: Kind(col("kind")), Description: col("description"), Amount: amount, Date: on, InPlan: inPlan}
		if p := col("provider"); p != "" || col("service") != "" || col("complaints") != "" || col("consent_ref") != "" {
			l.Provider = &Provider{Name: p, Service: col("service"), Complaints: col("complaints"), ConsentRef: col("consent_ref")}
		}
		bills[n].Lines = append(bills[n].Lines, l)
		rows[n].Lines = append(rows[n].Lines, row)
	}
	for i := range bills {
		bills[i].ID = "" // the reference was the file's, not tact's id
	}
	return bills, rows, nil
}

// parseCents reads a decimal amount with at most two decimals.
func parseCents(s string) (int64, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	units, frac, _ := strings.Cut(s, ".")
	if units == "" || len(frac) > 2 {
		return 0, fmt.Errorf("%q is not an amount like 12.34", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	u, err1 := strconv.ParseInt(units, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || u < 0 || u > 1e13 {
		return 0, fmt.Errorf("%q is not an amount like 12.34", s)
	}
	c := u*100 + f
	if neg {
		c = -c
	}
	return c, nil
}

// RowOf finds the row of a file that a run's error names: "bills[i]…" is the
// first row of bill i, "bills[i].lines[j]…" the row of its line j. It returns
// 0 when the field names no bill of rows.
func RowOf(rows []BillRows, field string) int {
	var i, j int
	if n, _ := fmt.Sscanf(field, "bills[%d].lines[%d]", &i, &j); n == 2 && i >= 0 && i < len(rows) && j >= 0 && j < len(rows[i].Lines) {
		return rows[i].Lines[j]
	}
	if n, _ := fmt.Sscanf(field, "bills[%d]", &i); n == 1 && i >= 0 && i < len(rows) {
		return rows[i].Bill
	}
	return 0
}
