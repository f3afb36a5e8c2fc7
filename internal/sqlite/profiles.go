package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	gojson "github.com/goccy/go-json"

	"github.com/tactcrm/tact/internal/contactpolicy"
)

// ProfileMode says how contact profiles are written.
type ProfileMode int

// Profile modes.
const (
	// ProfilesAsync writes the profiles a read found missing in the
	// background, after that read has answered from the rows.
	ProfilesAsync ProfileMode = iota
	// ProfilesChecked writes them before that read returns, and compares
	// every profile read with the rows it was made from, failing the read on
	// any difference: tests run so, and thereby prove that every change drops
	// the profiles it makes stale.
	ProfilesChecked
)

// profiles keeps the contact profiles of migration 0004: one row per
// customer holding his contactpolicy.Profile, so that a decision reads its
// customer with one lookup instead of a dozen queries (the difference
// between about a thousand and ten thousand decisions a second). Triggers
// drop a profile in the same transaction as any change to its rows, so a
// profile present is never stale; one absent is read from the rows, and
// written again by the writer goroutine, whose write transaction reads the
// rows in the same serial order as every other write.
//
// Profiles are encoded with go-json: encoding/json took 68 µs to decode a
// demo customer's profile, go-json 24 µs, and both sides of the encoding are
// this file's.
type profiles struct {
	db   *DB
	mode ProfileMode

	mu     sync.Mutex
	read   *sql.Stmt // prepared on first use: the table exists after Migrate
	closed bool
	queue  chan profileRequest
	done   chan struct{}

	// failures counts background writes that failed; a failure costs only
	// speed (the customer is read from the rows until a later write).
	failures atomic.Int64
}

// profileRequest asks for the profiles of ids as q reads them.
type profileRequest struct {
	q   contactpolicy.FactsQuery
	ids []string
}

// profileQueue bounds the writes waiting: past it, a miss is not queued, and
// the next read of the customer asks again.
const profileQueue = 256

func newProfiles(db *DB, mode ProfileMode) *profiles {
	p := &profiles{db: db, mode: mode, queue: make(chan profileRequest, profileQueue), done: make(chan struct{})}
	go p.run()
	return p
}

// statement returns the lookup of profiles, prepared once on the reader pool
// (outside any transaction, so preparing never waits for a connection a
// transaction holds) and then once per connection by database/sql.
func (p *profiles) statement(ctx context.Context) (*sql.Stmt, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.read != nil {
		return p.read, nil
	}
	stmt, err := p.db.read.PrepareContext(ctx, "SELECT data FROM contact_profiles WHERE customer_id IN (SELECT value FROM json_each(?))")
	if err != nil {
		return nil, fmt.Errorf("sqlite: prepare the profile lookup: %w", err)
	}
	p.read = stmt
	return stmt, nil
}

// readProfiles assembles into a the customers of ids that have a profile able
// to answer a's query, and returns the others.
// When kept is not nil, each profile that served is put in it too.
func readProfiles(ctx context.Context, stmt *sql.Stmt, ids []string, a *contactpolicy.Assembly, kept map[string]*contactpolicy.Profile) (missing []string, err error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	served := make(map[string]bool, len(ids))
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		var pr contactpolicy.Profile
		if err := gojson.Unmarshal(data, &pr); err != nil {
			return nil, fmt.Errorf("sqlite: a contact profile does not decode: %w", err)
		}
		if a.AddProfile(&pr) {
			served[pr.Customer.ID] = true
			if kept != nil {
				kept[pr.Customer.ID] = &pr
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !served[id] {
			missing = append(missing, id)
		}
	}
	return missing, nil
}

// write has the profiles of ids written as q reads them: at once in checked
// mode, else in the background if the queue has room.
func (p *profiles) write(ctx context.Context, q contactpolicy.FactsQuery, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	if p.mode == ProfilesChecked {
		return p.writeNow(ctx, q, ids)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	select {
	case p.queue <- profileRequest{q: q, ids: ids}:
	default:
	}
	return nil
}

// run writes the profiles asked for until close.
func (p *profiles) run() {
	defer close(p.done)
	for r := range p.queue {
		if err := p.writeNow(context.Background(), r.q, r.ids); err != nil {
			p.failures.Add(1)
		}
	}
}

// close stops the writer after the writes queued.
func (p *profiles) close() {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
	p.mu.Unlock()
	<-p.done
}

// writeNow reads the rows of ids and writes their profiles, a chunk per write
// transaction: inside it the rows cannot change until the profiles are
// written, and any later change drops them.
func (p *profiles) writeNow(ctx context.Context, q contactpolicy.FactsQuery, ids []string) error {
	for chunk := range slices.Chunk(ids, factsChunk) {
		err := p.db.writeTx(ctx, func(tx *sql.Tx) error {
			a := q.Assemble()
			if err := readFacts(ctx, tx, chunk, q.LastContacts, a); err != nil {
				return err
			}
			put, err := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO contact_profiles (customer_id, data) VALUES (?, ?)")
			if err != nil {
				return err
			}
			defer put.Close()
			for id, pr := range a.Profiles() {
				data, err := gojson.Marshal(pr)
				if err != nil {
					return err
				}
				if _, err := put.ExecContext(ctx, id, data); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("sqlite: write contact profiles: %w", err)
		}
	}
	return nil
}

// WriteMissingProfiles implements contactpolicy.ProfileWriter: it writes the
// profile of every customer who has none, as q reads them, in customer order,
// and calls progress after each chunk with the number written so far.
func (s *FactsStore) WriteMissingProfiles(ctx context.Context, q contactpolicy.FactsQuery, progress func(written int)) (int, error) {
	written, after := 0, ""
	for {
		rows, err := s.db.read.QueryContext(ctx, `SELECT id FROM customers WHERE id > ?
			AND NOT EXISTS (SELECT 1 FROM contact_profiles WHERE customer_id = customers.id) ORDER BY id LIMIT ?`, after, factsChunk)
		if err != nil {
			return written, err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return written, err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return written, err
		}
		if err := s.db.profiles.writeNow(ctx, q, ids); err != nil {
			return written, err
		}
		written, after = written+len(ids), ids[len(ids)-1]
		if progress != nil {
			progress(written)
		}
	}
}
