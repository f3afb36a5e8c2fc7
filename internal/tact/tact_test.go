package tact_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tactcrm/tact/internal/tact"
)

func TestIDsSortInCreationOrder(t *testing.T) {
	clock := tact.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	g := tact.NewIDGen(clock, nil)
	prev := g.New(tact.PrefixCustomer)
	for i := 0; i < 2000; i++ {
		if i%500 == 0 {
			clock.Advance(time.Millisecond)
		}
		id := g.New(tact.PrefixCustomer)
		if id <= prev {
			t.Fatalf("id %s does not sort after %s", id, prev)
		}
		if !tact.HasPrefix(id, tact.PrefixCustomer) || tact.HasPrefix(id, tact.PrefixLine) {
			t.Fatalf("HasPrefix wrong for %s", id)
		}
		prev = id
	}
}

func TestIDsRepeatableFromASeed(t *testing.T) {
	clock := tact.NewManualClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	a := tact.NewIDGen(clock, bytes.NewReader(bytes.Repeat([]byte{7, 1, 9}, 100)))
	b := tact.NewIDGen(clock, bytes.NewReader(bytes.Repeat([]byte{7, 1, 9}, 100)))
	if x, y := a.New("cus"), b.New("cus"); x != y {
		t.Fatalf("%s != %s", x, y)
	}
}

func TestHasPrefixRefusesMalformedIDs(t *testing.T) {
	for _, id := range []string{"", "cus_", "cus_01M80ARBWRGWDRJX8954AM25C", "cus_01M80ARBWRGWDRJX8954AM25CI", "cus-01M80ARBWRGWDRJX8954AM25CR", "cus_01m80arbwrgwdrjx8954am25cr"} {
		if tact.HasPrefix(id, "cus") {
			t.Errorf("HasPrefix(%q) = true", id)
		}
	}
}

func TestDateAndMonth(t *testing.T) {
	d, err := tact.ParseDate("2026-02-28")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(1).String(); got != "2026-03-01" {
		t.Errorf("AddDays = %s", got)
	}
	if !d.Before(d.AddDays(1)) || d.AddDays(1).Before(d) {
		t.Error("Before is wrong")
	}
	for _, bad := range []string{"2026-02-30", "26-02-01", "2026/02/01", ""} {
		if _, err := tact.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	var z struct{ D tact.Date }
	if b, _ := json.Marshal(z); string(b) != `{"D":null}` {
		t.Errorf("zero date marshals as %s", b)
	}
	if got := tact.Month("2026-01").AddMonths(-1); got != "2025-12" {
		t.Errorf("AddMonths = %s", got)
	}
	if _, err := tact.ParseMonth("2026-13"); err == nil {
		t.Error("month 13 accepted")
	}
}

func TestTimeOfDay(t *testing.T) {
	for in, want := range map[string]int{"00:00": 0, "19:59": 1199, "24:00": 1440} {
		got, err := tact.ParseTimeOfDay(in)
		if err != nil || int(got) != want {
			t.Errorf("ParseTimeOfDay(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"24:01", "7:00", "19:60", "1900", "ab:cd"} {
		if _, err := tact.ParseTimeOfDay(bad); err == nil {
			t.Errorf("ParseTimeOfDay(%q) accepted", bad)
		}
	}
}

func TestOptionalTellsAbsentFromNull(t *testing.T) {
	var v struct {
		A tact.Optional[string] `json:"a"`
		B tact.Optional[string] `json:"b"`
		C tact.Optional[string] `json:"c"`
	}
	if err := json.Unmarshal([]byte(`{"a":"x","b":null}`), &v); err != nil {
		t.Fatal(err)
	}
	if !v.A.Set || v.A.Null || v.A.Value != "x" {
		t.Errorf("a = %+v", v.A)
	}
	if !v.B.Set || !v.B.Null {
		t.Errorf("b = %+v", v.B)
	}
	if v.C.Set {
		t.Errorf("c = %+v", v.C)
	}
}

func TestCursorRoundTrip(t *testing.T) {
	c := tact.Cursor{At: time.Date(2026, 3, 29, 1, 30, 0, 123000, time.UTC), ID: "int_X"}
	got, err := tact.DecodeCursor(c.Encode())
	if err != nil || !got.At.Equal(c.At) || got.ID != c.ID {
		t.Fatalf("round trip: %+v %v", got, err)
	}
	for _, bad := range []string{"!!", "e30", "bm90IGpzb24"} {
		if _, err := tact.DecodeCursor(bad); tact.ErrorCode(err) != tact.CodeInvalidCursor {
			t.Errorf("DecodeCursor(%q) = %v", bad, err)
		}
	}
}

func TestErrorsKeepTheirCodeAndField(t *testing.T) {
	err := tact.Prefix("phones[1]", tact.Prefix("number", tact.FieldError(tact.CodeInvalidPhone, "", "bad")))
	wrapped := fmt.Errorf("create: %w", err)
	if tact.ErrorCode(wrapped) != tact.CodeInvalidPhone || tact.ErrorField(wrapped) != "phones[1].number" {
		t.Errorf("got %q %q", tact.ErrorCode(wrapped), tact.ErrorField(wrapped))
	}
	if tact.ErrorField(tact.Prefix("consents", tact.FieldError(tact.CodeInvalid, "[0].proof", "x"))) != "consents[0].proof" {
		t.Error("index prefix")
	}
	plain := errors.New("disk on fire")
	if tact.ErrorCode(plain) != tact.CodeInternal || tact.ErrorMessage(plain) != "internal error" {
		t.Error("an internal error must not show its text")
	}
	if tact.ErrorCode(nil) != "" {
		t.Error("nil has no code")
	}
}

func TestMoneyString(t *testing.T) {
	for m, want := range map[tact.Money]string{
		{Cents: 1, Currency: tact.EUR}:        "0.01 EUR",
		{Cents: -1250, Currency: tact.CAD}:    "-12.50 CAD",
		{Cents: 14900000, Currency: tact.EUR}: "149000.00 EUR",
	} {
		if got := m.String(); got != want {
			t.Errorf("%d → %s, want %s", m.Cents, got, want)
		}
	}
}

// TestDateCompare: dates compare by year, month, day (not as text: the
// months and days would have to be padded), and the zero Date ("no date")
// comes before every date.
func TestDateCompare(t *testing.T) {
	d := func(y int, m time.Month, day int) tact.Date { return tact.Date{Year: y, Month: m, Day: day} }
	for _, c := range []struct {
		a, b tact.Date
		want int
	}{
		{d(2026, 11, 9), d(2026, 11, 10), -1},
		{d(2026, 9, 30), d(2026, 10, 1), -1},
		{d(2025, 12, 31), d(2026, 1, 1), -1},
		{d(2026, 3, 4), d(2026, 3, 4), 0},
		{d(2026, 3, 5), d(2026, 3, 4), 1},
		{tact.Date{}, d(1, 1, 1), -1},
	} {
		if got := c.a.Compare(c.b); got != c.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := c.a.Before(c.b); got != (c.want < 0) {
			t.Errorf("%v.Before(%v) = %v", c.a, c.b, got)
		}
		if got := c.b.Compare(c.a); got != -c.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

// TestDateAddYears: the same month and day n years on; 29 February in a
// common year is 28 February (the last day of the month, CPC art. 641), never
// 1 March, and it is 29 February again in a leap year.
func TestDateAddYears(t *testing.T) {
	d := func(y int, m time.Month, day int) tact.Date { return tact.Date{Year: y, Month: m, Day: day} }
	for _, c := range []struct {
		from tact.Date
		n    int
		want tact.Date
	}{
		{d(2026, 3, 15), 3, d(2029, 3, 15)},
		{d(2026, 12, 31), 3, d(2029, 12, 31)},
		{d(2024, 2, 29), 3, d(2027, 2, 28)},
		{d(2024, 2, 29), 4, d(2028, 2, 29)},
		{d(2024, 2, 29), 1, d(2025, 2, 28)},
		{d(2024, 2, 28), 3, d(2027, 2, 28)},
		{d(2024, 3, 1), 3, d(2027, 3, 1)},
		{d(2027, 2, 28), -3, d(2024, 2, 28)},
		{d(2028, 2, 29), -3, d(2025, 2, 28)},
		{d(2026, 5, 14), 0, d(2026, 5, 14)},
	} {
		if got := c.from.AddYears(c.n); got != c.want {
			t.Errorf("%v.AddYears(%d) = %v, want %v", c.from, c.n, got, c.want)
		}
	}
}
