package api

import (
	"net/http"

	"github.com/tactcrm/tact/internal/app"
	"github.com/tactcrm/tact/internal/billing"
	"github.com/tactcrm/tact/internal/document"
)

// billRunBody is a run of drafts as a billing system submits it.
type billRunBody struct {
	// Source is the billing system.
	Source string         `json:"source"`
	Bills  []billing.Bill `json:"bills"`
}

// billRunPage is a run with a page of its bills.
type billRunPage struct {
	app.RunResult
	// NextCursor fetches the next page of bills; empty on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
}

// reasonBody is a supervisor's reason for releasing a held bill.
type reasonBody struct {
	Reason string `json:"reason"`
}

// adjustBody is a held bill's corrected lines and the reason.
type adjustBody struct {
	Lines  []billing.Line `json:"lines"`
	Reason string         `json:"reason"`
}

// billStatusBody is what the billing system reports of a bill.
type billStatusBody struct {
	// Status is sent, partially_paid or settled.
	Status billing.Status `json:"status"`
	// Paid is what has been paid of the total, in cents.
	Paid int64 `json:"paid"`
}

func (api *API) submitBillRun(r *http.Request) (reply, error) {
	body, err := readBody(r, MaxBatchBodyBytes)
	if err != nil {
		return reply{}, err
	}
	var b billRunBody
	if err := decodeBytes(body, &b); err != nil {
		return reply{}, err
	}
	res, err := api.app.Bills.Submit(r.Context(), b.Source, b.Bills)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: res, location: "/v1/bill-runs/" + res.Run.ID}, nil
}

func (api *API) getBillRun(r *http.Request) (reply, error) {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	res, next, err := api.app.Bills.Run(r.Context(), pathID(r, "id"), r.URL.Query().Get("cursor"), limit)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: billRunPage{RunResult: *res, NextCursor: next}}, nil
}

func (api *API) listBills(r *http.Request) (reply, error) {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return reply{}, err
	}
	q := r.URL.Query()
	bills, next, err := api.app.Bills.List(r.Context(), billing.Filter{CustomerID: q.Get("customer_id"), RunID: q.Get("run_id"),
		Status: billing.Status(q.Get("status")), After: q.Get("cursor"), Limit: limit})
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(bills, next)}, nil
}

func (api *API) getBill(r *http.Request) (reply, error) {
	b, err := api.app.Bills.Get(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: b, etag: etag(b.Version)}, nil
}

func (api *API) billEvents(r *http.Request) (reply, error) {
	evs, err := api.app.Bills.Events(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(evs, "")}, nil
}

func billStep[B any](r *http.Request, step func(id string, b B, version int) (*billing.Bill, error)) (reply, error) {
	return versionedStep(r, step, func(b *billing.Bill) (any, int) { return b, b.Version })
}

func (api *API) releaseBill(r *http.Request) (reply, error) {
	return billStep(r, func(id string, b reasonBody, v int) (*billing.Bill, error) {
		return api.app.Bills.Release(r.Context(), id, b.Reason, v)
	})
}

func (api *API) adjustBill(r *http.Request) (reply, error) {
	return billStep(r, func(id string, b adjustBody, v int) (*billing.Bill, error) {
		return api.app.Bills.Adjust(r.Context(), id, b.Lines, b.Reason, v)
	})
}

func (api *API) reportBill(r *http.Request) (reply, error) {
	return billStep(r, func(id string, b billStatusBody, _ int) (*billing.Bill, error) {
		return api.app.Bills.Report(r.Context(), id, b.Status, b.Paid)
	})
}

// disputeBody is a customer's dispute of a bill line.
type disputeBody struct {
	// Line is the index of the line in the bill's lines.
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// creditStatusBody settles a credit note.
type creditStatusBody struct {
	// Status is applied or refunded.
	Status billing.CreditStatus `json:"status"`
}

func (api *API) disputeBill(r *http.Request) (reply, error) {
	var b disputeBody
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	res, err := api.app.Bills.Dispute(r.Context(), pathID(r, "id"), b.Line, b.Reason)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: res}, nil
}

func (api *API) billDisputes(r *http.Request) (reply, error) {
	ds, err := api.app.Bills.Disputes(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(ds, "")}, nil
}

// resolutionBody ends a dispute.
type resolutionBody struct {
	// Resolution is how the dispute ended, in words the customer may read.
	Resolution string `json:"resolution"`
}

func (api *API) resolveDispute(r *http.Request) (reply, error) {
	var b resolutionBody
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	d, err := api.app.Bills.ResolveDispute(r.Context(), pathID(r, "id"), pathID(r, "dispute_id"), b.Resolution)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: d}, nil
}

func (api *API) issueCredit(r *http.Request) (reply, error) {
	var c billing.CreditNote
	if err := decode(r, &c); err != nil {
		return reply{}, err
	}
	stored, err := api.app.Bills.IssueCredit(r.Context(), c)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: stored, location: "/v1/credit-notes/" + stored.ID}, nil
}

func (api *API) listCredits(r *http.Request) (reply, error) {
	cs, err := api.app.Bills.CreditNotes(r.Context(), r.URL.Query().Get("customer_id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(cs, "")}, nil
}

func (api *API) getCredit(r *http.Request) (reply, error) {
	c, err := api.app.Bills.CreditNote(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: c}, nil
}

func (api *API) settleCredit(r *http.Request) (reply, error) {
	var b creditStatusBody
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	c, err := api.app.Bills.SettleCredit(r.Context(), pathID(r, "id"), b.Status)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: c}, nil
}

func (api *API) decideDunning(r *http.Request) (reply, error) {
	var ask app.DunningAsk
	if err := decode(r, &ask); err != nil {
		return reply{}, err
	}
	rec, err := api.app.Bills.DecideDunning(r.Context(), ask)
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusCreated, body: rec}, nil
}

func (api *API) listDunning(r *http.Request) (reply, error) {
	recs, err := api.app.Bills.DunningDecisions(r.Context(), r.URL.Query().Get("bill_id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(recs, "")}, nil
}

func (api *API) billDocument(r *http.Request) (reply, error) {
	return renderDocument(r, func() (document.Bill, error) { return api.app.Bills.Document(r.Context(), pathID(r, "id")) })
}

func (api *API) strippedLines(r *http.Request) (reply, error) {
	lines, err := api.app.Bills.Stripped(r.Context(), pathID(r, "id"), r.URL.Query().Get("provider"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(lines, "")}, nil
}
