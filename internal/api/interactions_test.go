package api_test

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestInteractionIdempotentUnderConcurrency reports one contact ten times at
// once, as a dialer retrying on timeouts would: one report creates it, the
// others answer the stored one, and the timeline holds it once.
func TestInteractionIdempotentUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Fontaine")
	body := interactionBody(c.ID, "call-8812", epoch.Add(-time.Minute))

	const n = 10
	type answer struct {
		status   int
		id       string
		location string
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := e.send("POST", "/v1/interactions", body)
			var got struct{ ID string }
			_ = json.Unmarshal(r.body, &got) // checked below: an empty id fails
			answers[i] = answer{r.status, got.ID, r.header.Get("Location")}
		}()
	}
	close(start)
	wg.Wait()

	created := 0
	for _, a := range answers {
		switch a.status {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Errorf("status %d", a.status)
		}
		if a.id == "" || a.id != answers[0].id {
			t.Errorf("id %q, another answer says %q", a.id, answers[0].id)
		}
		if a.location != "/v1/interactions/"+a.id {
			t.Errorf("Location %q for %s", a.location, a.id)
		}
	}
	if created != 1 {
		t.Errorf("%d answers were 201, want exactly 1", created)
	}
	held := 0
	for _, en := range e.timeline(c.ID) {
		if en.Kind == "interaction" {
			held++
			if en.ID != answers[0].id {
				t.Errorf("timeline holds %s, the API answered %s", en.ID, answers[0].id)
			}
		}
	}
	if held != 1 {
		t.Errorf("the timeline holds the contact %d times", held)
	}
	e.get("/v1/interactions/"+answers[0].id).must(t, http.StatusOK, nil)
}

// TestInteractionIdempotencyMismatch: a key reused for another story is refused.
func TestInteractionIdempotencyMismatch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Chevalier")
	body := interactionBody(c.ID, "call-1", epoch.Add(-time.Minute))
	var first struct{ ID string }
	e.send("POST", "/v1/interactions", body).must(t, http.StatusCreated, &first)

	for _, c := range []struct {
		name   string
		change func(map[string]any)
	}{
		{"another summary", func(b map[string]any) { b["summary"] = "called about the bill" }},
		{"another outcome", func(b map[string]any) { b["outcome"] = "no_answer" }},
		{"another start", func(b map[string]any) { b["started_at"] = epoch.Add(-2 * time.Minute).Format(time.RFC3339) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := interactionBody(body["customer_id"].(string), "call-1", epoch.Add(-time.Minute))
			c.change(b)
			p := e.send("POST", "/v1/interactions", b).wantProblem(t, http.StatusConflict, "idempotency_mismatch", "external_id")
			if p.Detail == "" {
				t.Error("no detail")
			}
		})
	}
	// The same key from another source is another contact.
	other := interactionBody(c.ID, "call-1", epoch.Add(-time.Minute))
	other["source"] = "callcentre-b"
	var second struct{ ID string }
	e.send("POST", "/v1/interactions", other).must(t, http.StatusCreated, &second)
	if second.ID == first.ID {
		t.Error("another source's contact was taken for a retry")
	}
	// And the true retry still answers the first.
	var again struct{ ID string }
	e.send("POST", "/v1/interactions", body).must(t, http.StatusOK, &again)
	if again.ID != first.ID {
		t.Errorf("retry answered %s, want %s", again.ID, first.ID)
	}
}

func TestInteractionRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Garnier")
	with := func(change func(map[string]any)) map[string]any {
		b := interactionBody(c.ID, "", epoch.Add(-time.Minute))
		delete(b, "external_id")
		change(b)
		return b
	}
	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		code   string
		field  string
	}{
		{"no customer", with(func(b map[string]any) { delete(b, "customer_id") }), 422, "required", "customer_id"},
		{"unknown customer", with(func(b map[string]any) { b["customer_id"] = "cus_01KKBH9WE011HHP0SE100A34CD" }), 422, "invalid", "customer_id"},
		{"unknown channel", with(func(b map[string]any) { b["channel"] = "pigeon" }), 422, "invalid", "channel"},
		{"in the future", with(func(b map[string]any) { b["started_at"] = epoch.Add(time.Hour).Format(time.RFC3339) }), 422, "invalid", "started_at"},
		{"outbound call without caller id", with(func(b map[string]any) { delete(b, "caller_id") }), 422, "required", "caller_id"},
		{"bad caller id", with(func(b map[string]any) { b["caller_id"] = "12" }), 422, "invalid_phone", "caller_id"},
		{"started_at not a time", with(func(b map[string]any) { b["started_at"] = "yesterday" }), 422, "invalid", "started_at"},
		{"id sent by the client", with(func(b map[string]any) { b["idd"] = "int_x" }), 400, "unknown_field", "idd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e.send("POST", "/v1/interactions", tc.body).wantProblem(t, tc.status, tc.code, tc.field)
		})
	}
	// Nothing of the above reached the timeline: only the creation is there.
	if tl := e.timeline(c.ID); len(tl) != 1 {
		t.Errorf("timeline has %d entries after refused reports: %+v", len(tl), tl)
	}
}

// TestInteractionServerSetsItsMembers: ids and recording times a client sends
// are ignored (they are readOnly in the document).
func TestInteractionServerSetsItsMembers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Roussel")
	b := interactionBody(c.ID, "x-1", epoch.Add(-time.Minute))
	b["id"] = "int_chosenbytheclient"
	b["recorded_at"] = "2001-01-01T00:00:00Z"
	var got struct {
		ID         string    `json:"id"`
		RecordedAt time.Time `json:"recorded_at"`
	}
	e.send("POST", "/v1/interactions", b).must(t, http.StatusCreated, &got)
	if got.ID == "int_chosenbytheclient" || !got.RecordedAt.Equal(epoch) {
		t.Errorf("the client set id %s, recorded_at %s", got.ID, got.RecordedAt)
	}
}
