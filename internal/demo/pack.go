package demo

import "github.com/tactcrm/tact/internal/customer"

// rowCount is how many rows a record puts in each table the customer store
// writes: customers, contact points, consents, events, lines, devices, usage.
type rowCount [7]int

func rowsOf(r *customer.Record) rowCount {
	c := r.Customer
	return rowCount{1, len(c.Phones) + len(c.Emails), len(c.Consents), len(r.Events), len(r.Lines), len(r.Devices), len(r.Usage)}
}

func (n rowCount) fits(in rowCount, limit int) bool {
	for i := range n {
		if n[i]+in[i] > limit {
			return false
		}
	}
	return true
}

func (n *rowCount) add(in rowCount) {
	for i := range n {
		n[i] += in[i]
	}
}

// pack groups records into Import calls of at most limit rows in every
// table, in few calls: each call takes, in order, the records not yet written
// that still fit, until packWindow of them did not. Every call is a commit, so
// when calls must be small (see storeRows) fewer of them is most of the
// speed; staying near the order of the identifiers keeps each call's inserts
// at the right edge of the indexes, on pages the last calls already wrote.
func pack(records []*customer.Record, limit int) [][]*customer.Record {
	var calls [][]*customer.Record
	taken := make([]bool, len(records))
	for first := 0; first < len(records); {
		var call []*customer.Record
		var n rowCount
		misses := 0
		for i := first; i < len(records) && misses < packWindow; i++ {
			if taken[i] {
				continue
			}
			rn := rowsOf(records[i])
			if len(call) > 0 && !n.fits(rn, limit) {
				misses++
				continue
			}
			call = append(call, records[i])
			n.add(rn)
			taken[i] = true
		}
		calls = append(calls, call)
		for first < len(records) && taken[first] {
			first++
		}
	}
	return calls
}

// packWindow is how many records too big for a call pack passes over, looking
// for one small enough to fill it.
const packWindow = 24
