package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestCreateCustomerAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.send("POST", "/v1/customers", customerBody("Girard"))
	var c customer
	r.must(t, http.StatusCreated, &c)
	if got, want := r.header.Get("Location"), "/v1/customers/"+c.ID; got != want {
		t.Errorf("Location %q, want %q", got, want)
	}
	if got := r.header.Get("ETag"); got != `"1"` || c.Version != 1 {
		t.Errorf("ETag %s, version %d; want \"1\" and 1", got, c.Version)
	}
	if c.TimeZone != "Europe/Paris" {
		t.Errorf("time zone %q: the jurisdiction's default is Europe/Paris", c.TimeZone)
	}
	g := e.get("/v1/customers/"+c.ID).must(t, http.StatusOK, nil)
	if g.header.Get("ETag") != `"1"` {
		t.Errorf("GET ETag %q", g.header.Get("ETag"))
	}
	if cc := g.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q: customer records must not be cached", cc)
	}
}

// TestMarketingErasedOnIsReadOnly: a customer says when his marketing data
// was erased (null until it is), and no client can write it: only the
// erasure job marks a customer, once per ending.
func TestMarketingErasedOnIsReadOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Roy")
	var got map[string]any
	e.get("/v1/customers/"+c.ID).must(t, http.StatusOK, &got)
	if v, ok := got["marketing_erased_on"]; !ok || v != nil {
		t.Errorf("marketing_erased_on of a new customer: %v (present %v), want null", v, ok)
	}
	e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"marketing_erased_on": "2026-01-01"}).
		wantProblem(t, http.StatusBadRequest, "unknown_field", "marketing_erased_on")
}

// TestPatchIfMatch checks optimistic concurrency: the current ETag updates
// and gives the next one; a stale one is refused and the record kept.
func TestPatchIfMatch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Petit")
	path := "/v1/customers/" + c.ID
	etag := e.get(path).must(t, http.StatusOK, nil).header.Get("ETag")

	// An advisor and a back-office system both read version 1; the advisor
	// writes first.
	r := e.do(req{method: "PATCH", path: path, token: e.admin, body: map[string]any{"given_name": "Léa"}, header: map[string]string{"If-Match": etag}})
	var updated customer
	r.must(t, http.StatusOK, &updated)
	if updated.GivenName != "Léa" || updated.Version != 2 {
		t.Errorf("after the update: %+v", updated)
	}
	next := r.header.Get("ETag")
	if next == etag || next != `"2"` {
		t.Errorf("new ETag %q after %q", next, etag)
	}

	stale := e.do(req{method: "PATCH", path: path, token: e.admin, body: map[string]any{"given_name": "Lou"}, header: map[string]string{"If-Match": etag}})
	stale.wantProblem(t, http.StatusPreconditionFailed, "precondition_failed", "")
	var now customer
	e.get(path).must(t, http.StatusOK, &now)
	if now.GivenName != "Léa" || now.Version != 2 {
		t.Errorf("a stale update changed the record: %+v", now)
	}

	// The new ETag works, weak or strong, and as merge-patch+json.
	for i, tag := range []string{next, "W/" + `"3"`} {
		r := e.do(req{method: "PATCH", path: path, token: e.admin, body: map[string]any{"advisor_id": fmt.Sprint("usr_", i)},
			contentType: "application/merge-patch+json", header: map[string]string{"If-Match": tag}})
		r.must(t, http.StatusOK, nil)
		if want := strconv.Quote(strconv.Itoa(3 + i)); r.header.Get("ETag") != want {
			t.Errorf("ETag %q, want %s", r.header.Get("ETag"), want)
		}
	}
}

// TestPatchMergeSemantics checks RFC 7396: absent leaves, null clears.
func TestPatchMergeSemantics(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Moreau")
	path := "/v1/customers/" + c.ID
	e.send("PATCH", path, map[string]any{"advisor_id": "usr_9", "account_number": "A-77"}).must(t, http.StatusOK, nil)
	var got map[string]any
	e.send("PATCH", path, `{"advisor_id": null}`).must(t, http.StatusOK, &got)
	if _, ok := got["advisor_id"]; ok {
		t.Errorf("advisor_id %v after null", got["advisor_id"])
	}
	if got["account_number"] != "A-77" || got["family_name"] != "Moreau" {
		t.Errorf("absent members changed: %v", got)
	}
	// A patch that changes nothing keeps the version.
	var same customer
	e.send("PATCH", path, `{"family_name": "Moreau"}`).must(t, http.StatusOK, &same)
	if same.Version != 3 {
		t.Errorf("version %d after a no-op patch, want 3", same.Version)
	}
}

// TestTimelinePagination pages through a timeline two entries at a time and
// checks that every entry is seen once, newest first.
func TestTimelinePagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.createCustomer("Lambert")
	const contacts = 7
	for i := range contacts {
		// Two contacts share each start time, so ties are broken by id.
		start := epoch.Add(-time.Duration(contacts-i/2) * time.Hour)
		e.send("POST", "/v1/interactions", interactionBody(c.ID, fmt.Sprint("page-", i), start)).must(t, http.StatusCreated, nil)
	}
	e.send("PATCH", "/v1/customers/"+c.ID, map[string]any{"given_name": "Eva"}).must(t, http.StatusOK, nil)
	want := contacts + 2 // the contacts, the creation and the change

	var seen []entry
	cursor := ""
	pages := 0
	for {
		var page struct {
			Items      []entry `json:"items"`
			NextCursor string  `json:"next_cursor"`
		}
		e.get("/v1/customers/"+c.ID+"/timeline?limit=2&cursor="+cursor).must(t, http.StatusOK, &page)
		pages++
		if len(page.Items) > 2 {
			t.Fatalf("page of %d entries with limit=2", len(page.Items))
		}
		seen = append(seen, page.Items...)
		if page.NextCursor == "" {
			break
		}
		if pages > want {
			t.Fatal("the cursor never ends")
		}
		cursor = page.NextCursor
	}
	if len(seen) != want {
		t.Errorf("%d entries over %d pages, want %d", len(seen), pages, want)
	}
	ids := map[string]bool{}
	for i, en := range seen {
		if ids[en.ID] {
			t.Errorf("entry %s seen twice", en.ID)
		}
		ids[en.ID] = true
		if (en.Kind == "interaction") != (en.Interaction != nil) || (en.Kind == "event") != (en.Event != nil) {
			t.Errorf("entry %s of kind %s carries interaction %v event %v", en.ID, en.Kind, en.Interaction != nil, en.Event != nil)
		}
		if i > 0 {
			prev := seen[i-1]
			if en.At.After(prev.At) || en.At.Equal(prev.At) && en.ID > prev.ID {
				t.Errorf("entry %d (%s %s) is newer than the one before (%s %s)", i, en.At, en.ID, prev.At, prev.ID)
			}
		}
	}
	// One page of everything says the same.
	all := e.timeline(c.ID)
	if len(all) != len(seen) {
		t.Fatalf("one page holds %d entries, paging gave %d", len(all), len(seen))
	}
	for i := range all {
		if all[i].ID != seen[i].ID {
			t.Errorf("entry %d: %s in one page, %s paging", i, all[i].ID, seen[i].ID)
		}
	}

	e.get("/v1/customers/"+c.ID+"/timeline?cursor=garbage").wantProblem(t, http.StatusBadRequest, "invalid_cursor", "cursor")
	e.get("/v1/customers/"+c.ID+"/timeline?cursor=eyJpIjoiIn0").wantProblem(t, http.StatusBadRequest, "invalid_cursor", "cursor")
}

// TestSearchPagination pages through a search with a small limit.
func TestSearchPagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const n = 5
	for i := range n {
		e.createCustomer(fmt.Sprint("Bernard", string(rune('a'+i))))
	}
	seen := map[string]bool{}
	cursor := ""
	for range n + 1 {
		var page struct {
			Items      []customer `json:"items"`
			NextCursor string     `json:"next_cursor"`
		}
		e.get("/v1/customers?q=bernard&limit=2&cursor="+cursor).must(t, http.StatusOK, &page)
		for _, c := range page.Items {
			if seen[c.ID] {
				t.Errorf("%s seen twice", c.ID)
			}
			seen[c.ID] = true
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != n {
		t.Errorf("saw %d customers, want %d", len(seen), n)
	}
}

// TestConcurrentCreateAndSearch creates and searches customers with accented
// names at once, as advisors do while a batch loads: each must be found by
// its own name, folded (Hélène Lefèvre-Côté is found as "lefevre cote").
func TestConcurrentCreateAndSearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const n = 16
	families := make([]string, n)
	for i := range n {
		families[i] = fmt.Sprintf("Lefèvre-Côté%c", 'a'+i)
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			b := customerBody(families[i])
			b["given_name"] = "Hélène"
			e.send("POST", "/v1/customers", b)
		}()
		go func() {
			defer wg.Done()
			e.get("/v1/customers?q=" + url.QueryEscape("Écrivain Ñandú Çà"))
		}()
	}
	wg.Wait()
	for i := range n {
		var found struct{ Items []customer }
		e.get("/v1/customers?q="+url.QueryEscape(fmt.Sprintf("lefevre cote%c", 'a'+i))).must(t, http.StatusOK, &found)
		if len(found.Items) != 1 || found.Items[0].FamilyName != families[i] {
			t.Errorf("searching %s found %+v", families[i], found.Items)
		}
	}
}
