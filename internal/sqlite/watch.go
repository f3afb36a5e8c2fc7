package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tactcrm/tact/internal/factbase"
)

// factsWatch tells a memory-resident fact base (internal/factbase) which
// customers each write changed, so that it never answers from facts older
// than an acknowledged write.
//
// Which changes matter is already said once, by the triggers that drop a
// customer's contact profile (migrations 0004 and 0016, proven complete by
// the tests that run with every profile checked against its rows). The watch
// derives from each of them a TEMP trigger on the writer connection that
// records the customer in temp.facts_changed instead: a temp trigger lives
// on one connection and costs the database file nothing, and the single
// writer connection is where every write is made. Each write transaction
// takes the customers recorded (DELETE … RETURNING, inside the transaction,
// so a rollback keeps nothing) and, once committed, hands them to changed
// before the write returns.
//
// Another process writing the same file (a `tact` command beside the server)
// is not seen by these triggers. SQLite's data_version, read on the writer
// connection, changes exactly when another connection commits: the watch
// reads it at every write transaction and once a second, and on a change
// calls reset, after which the base reads every customer from the file
// again. A change by another process is thus followed within a second; one
// serving process per database is the supported setup.
type factsWatch struct {
	changed func(ids []string)
	reset   func()

	mu      sync.Mutex
	version int64 // the writer connection's data_version last seen
	stop    chan struct{}
	done    chan struct{}
}

// profileTriggerPrefix names the triggers that drop contact profiles.
const profileTriggerPrefix = "contact_profiles_"

// WatchFacts has every write that changes a customer's contact facts call
// changed with the customers it changed, after it commits and before it
// returns; reset is called when another connection (another process)
// changed the database, whose changes cannot be told customer by customer.
// It must be called once, after Migrate and before the writes to watch.
func (db *DB) WatchFacts(ctx context.Context, changed func(ids []string), reset func()) error {
	rows, err := db.write.QueryContext(ctx, "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ORDER BY name",
		profileTriggerPrefix+"%")
	if err != nil {
		return err
	}
	var script strings.Builder
	script.WriteString("CREATE TEMP TABLE IF NOT EXISTS facts_changed (customer_id TEXT NOT NULL);\n")
	n := 0
	for rows.Next() {
		var name, table string
		if err := rows.Scan(&name, &table); err != nil {
			rows.Close()
			return err
		}
		op := name[strings.LastIndexByte(name, '_')+1:]
		col := "customer_id"
		if table == "customers" {
			col = "id"
		}
		var values string
		switch op {
		case "insert":
			values = "(NEW." + col + ")"
		case "delete":
			values = "(OLD." + col + ")"
		case "update":
			values = "(OLD." + col + "), (NEW." + col + ")"
		default:
			rows.Close()
			return fmt.Errorf("sqlite: trigger %s: cannot tell what it watches", name)
		}
		fmt.Fprintf(&script, "CREATE TEMP TRIGGER IF NOT EXISTS facts_%s AFTER %s ON main.%s BEGIN INSERT INTO temp.facts_changed (customer_id) VALUES %s; END;\n",
			strings.TrimPrefix(name, profileTriggerPrefix), strings.ToUpper(op), table, values)
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("sqlite: no contact profile triggers to follow: migrate first")
	}
	if _, err := db.write.ExecContext(ctx, script.String()); err != nil {
		return fmt.Errorf("sqlite: watch the contact facts: %w", err)
	}
	w := &factsWatch{changed: changed, reset: reset, stop: make(chan struct{}), done: make(chan struct{})}
	if err := db.write.QueryRowContext(ctx, "PRAGMA data_version").Scan(&w.version); err != nil {
		return err
	}
	db.watch = w
	go db.pollDataVersion(w)
	return nil
}

// harvest takes, inside tx, the customers the transaction changed, and checks
// whether another connection committed since the last look.
func (w *factsWatch) harvest(ctx context.Context, tx *sql.Tx) (ids []string, foreign bool, err error) {
	rows, err := tx.QueryContext(ctx, "DELETE FROM temp.facts_changed RETURNING customer_id")
	if err != nil {
		return nil, false, fmt.Errorf("sqlite: read the customers changed: %w", err)
	}
	seen := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, false, err
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	foreign, err = w.checkVersion(ctx, tx)
	return ids, foreign, err
}

// checkVersion reads data_version through q (on the writer connection) and
// reports whether it moved since the last look.
func (w *factsWatch) checkVersion(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (bool, error) {
	var v int64
	if err := q.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return false, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	moved := v != w.version
	w.version = v
	return moved, nil
}

// dataVersionEvery is how often the watch looks for another process's
// commits when this one writes nothing.
const dataVersionEvery = time.Second

func (db *DB) pollDataVersion(w *factsWatch) {
	defer close(w.done)
	t := time.NewTicker(dataVersionEvery)
	defer t.Stop()
	for {
		select {
		case <-w.stop:
			return
		case <-t.C:
			if moved, err := w.checkVersion(context.Background(), db.write); err == nil && moved {
				w.reset()
			}
		}
	}
}

func (w *factsWatch) close() {
	close(w.stop)
	<-w.done
}

// FactBase puts a memory-resident fact base (internal/factbase) in front of
// db's facts store, with profiles of bounds, and has every write keep it
// current. The base is empty: Load warms it up. Call it once, after Migrate,
// on a DB opened without Options.FactBase (which calls it in Migrate).
func (db *DB) FactBase(ctx context.Context, bounds factbase.Bounds) (*factbase.Base, error) {
	base := factbase.New(NewFactsStore(db), bounds)
	if err := db.WatchFacts(ctx, base.Changed, base.Reset); err != nil {
		return nil, err
	}
	return base, nil
}
