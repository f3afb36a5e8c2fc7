package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

// errClosed answers a write handed to a committer after DB.Close.
var errClosed = errors.New("sqlite: database is closed")

// groupMaxRows bounds the rows one group commit gathers: enough to share an
// fsync among every request that waits under load, small enough that a
// single decision queued behind a group does not wait for a bulk load. A
// write is never split: one larger than this is committed alone.
const groupMaxRows = 1000

// committer gathers the inserts of many callers into one transaction: with
// synchronous=FULL each commit syncs the WAL, about a millisecond here, so a
// transaction per decision caps the single writer near 1,000 decisions/s
// whatever the CPU does. A group shares that sync, and every caller is
// answered only after the commit that holds its rows: an acknowledged write
// survives a crash exactly as before.
//
// There is no timer. The first write into an idle committer is committed at
// once, adding no latency at low load; the writes that arrive meanwhile form
// the next group, so groups grow by themselves with the load.
//
// A committer serves one table, so that a group is one multi-row INSERT. A
// failed insert must not fail the other callers of its group: the group is
// rolled back and each write retried in its own transaction. A failed commit
// fails the whole group, as nothing of it may be assumed stored.
type committer struct {
	db      *sql.DB
	table   string
	columns string

	// one is the one-row INSERT, prepared once on the writer connection:
	// small groups are the common case, and SQLite compiling a statement
	// costs more than running it. Only run's goroutine uses it.
	one *sql.Stmt

	mu     sync.Mutex
	queue  []*groupWrite
	closed bool

	wake chan struct{} // capacity 1: the queue may hold writes
	done chan struct{} // closed when run has returned
}

// States of a groupWrite: the committer takes it, or its caller gives up on
// it first; whichever comes first wins, so a caller that gave up is sure its
// rows were never written.
const (
	writePending int32 = iota
	writeTaken
	writeCanceled
)

// groupWrite is one caller's rows, waiting for a commit.
type groupWrite struct {
	rows  [][]any
	state atomic.Int32
	err   error         // set before done is closed
	done  chan struct{} // closed when err is the outcome
}

// newCommitter starts the committer of table on the writer pool db; close
// stops it.
func newCommitter(db *sql.DB, table, columns string) *committer {
	c := &committer{db: db, table: table, columns: columns, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go c.run()
	return c
}

// insert writes rows (the column values, ready for the driver, which insert
// does not keep past its return) in the next group commit and returns once
// that commit is done. When ctx ends first, it returns ctx's error if the rows
// were not yet taken into a transaction, and otherwise the commit's outcome.
func (c *committer) insert(ctx context.Context, rows [][]any) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := &groupWrite{rows: rows, done: make(chan struct{})}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return errClosed
	}
	c.queue = append(c.queue, w)
	c.mu.Unlock()
	c.signal()
	select {
	case <-w.done:
		return w.err
	case <-ctx.Done():
		if w.state.CompareAndSwap(writePending, writeCanceled) {
			return ctx.Err()
		}
		<-w.done
		return w.err
	}
}

func (c *committer) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// close commits what is queued, stops the committer, and makes later inserts
// fail. It may be called more than once.
func (c *committer) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.signal()
	<-c.done
}

func (c *committer) run() {
	defer close(c.done)
	defer func() {
		if c.one != nil {
			c.one.Close()
		}
	}()
	for {
		group, closed := c.take()
		if len(group) > 0 {
			c.commit(group)
			continue
		}
		if closed {
			return
		}
		<-c.wake
	}
}

// take removes from the queue the next group: writes in arrival order up to
// groupMaxRows (at least one), skipping those their callers gave up on.
func (c *committer) take() (group []*groupWrite, closed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, rows := 0, 0
	for _, w := range c.queue {
		if len(group) > 0 && rows+len(w.rows) > groupMaxRows {
			break
		}
		n++
		if w.state.CompareAndSwap(writePending, writeTaken) {
			group = append(group, w)
			rows += len(w.rows)
		}
	}
	clear(c.queue[:n])
	c.queue = c.queue[n:]
	if len(c.queue) == 0 {
		c.queue = nil // let the backing array go rather than creep along it
	}
	return group, c.closed
}

// commit writes group in one transaction and answers each of its callers.
func (c *committer) commit(group []*groupWrite) {
	inserted, err := c.tx(group)
	if err != nil && !inserted && len(group) > 1 {
		// One write's rows (a customer gone, say) spoiled the group: each
		// write alone, so that only its own caller sees its error.
		for _, w := range group {
			_, w.err = c.tx([]*groupWrite{w})
			close(w.done)
		}
		return
	}
	for _, w := range group {
		w.err = err
		close(w.done)
	}
}

// tx inserts the rows of group in one transaction and commits it. inserted
// reports whether every insert succeeded, so that an error is the commit's.
// It runs apart from any caller's context: a caller that leaves must not
// abort the writes of the others.
func (c *committer) tx(group []*groupWrite) (inserted bool, err error) {
	ctx := context.Background()
	if c.one == nil {
		// Before the transaction: it holds the writer pool's one connection.
		st, err := c.db.PrepareContext(ctx, "INSERT INTO "+c.table+" ("+c.columns+") VALUES ("+placeholders(strings.Count(c.columns, ",")+1)+")")
		if err != nil {
			return false, fmt.Errorf("sqlite: prepare: %w", err)
		}
		c.one = st
	}
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlite: begin: %w", err)
	}
	if rows(group) < bulkRows {
		err = c.insertEach(ctx, tx, group)
	} else {
		err = c.insertBulk(ctx, tx, group)
	}
	if err != nil {
		_ = tx.Rollback()
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return true, fmt.Errorf("sqlite: commit: %w", err)
	}
	return true, nil
}

func rows(group []*groupWrite) int {
	n := 0
	for _, w := range group {
		n += len(w.rows)
	}
	return n
}

// insertEach inserts the rows of group one by one with the prepared one-row
// statement.
func (c *committer) insertEach(ctx context.Context, tx *sql.Tx, group []*groupWrite) error {
	st := tx.StmtContext(ctx, c.one)
	for _, w := range group {
		for _, row := range w.rows {
			if _, err := st.ExecContext(ctx, row...); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertBulk inserts the rows of group many per statement: a large group
// pays for compiling a few long statements rather than running thousands.
func (c *committer) insertBulk(ctx context.Context, tx *sql.Tx, group []*groupWrite) error {
	b := newBulkInserter(tx, c.table, c.columns)
	defer b.close()
	for _, w := range group {
		for _, row := range w.rows {
			if err := b.add(ctx, row...); err != nil {
				return err
			}
		}
	}
	return b.flush(ctx)
}
