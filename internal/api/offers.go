package api

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/tactcrm/tact/internal/delivery"
	"github.com/tactcrm/tact/internal/document"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

func (api *API) listOffers(r *http.Request) (reply, error) {
	f, err := catalogFilter(r)
	if err != nil {
		return reply{}, err
	}
	offers, err := api.app.Offers.List(r.Context(), offer.Filter{Jurisdiction: f.Jurisdiction, ActiveOnly: f.ActiveOnly})
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: list(offers, "")}, nil
}

func (api *API) getOffer(r *http.Request) (reply, error) {
	o, err := api.app.Offers.Get(r.Context(), pathID(r, "code"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: o}, nil
}

func (api *API) putOffer(r *http.Request) (reply, error) {
	return putByCode(r, func(o *offer.Offer) *string { return &o.Code }, api.app.Offers.Put)
}

func (api *API) customerOffers(r *http.Request) (reply, error) {
	out, err := api.app.Offers.ForCustomer(r.Context(), pathID(r, "id"))
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, body: out}, nil
}

// sendOfferBody is the body of an offer's send: how it goes.
type sendOfferBody struct {
	// Method is email, letter or bill_insert.
	Method delivery.Method `json:"method"`
}

func (api *API) sendOffer(r *http.Request) (reply, error) {
	var b sendOfferBody
	if err := decode(r, &b); err != nil {
		return reply{}, err
	}
	sent, created, err := api.app.Offers.Send(r.Context(), pathID(r, "id"), pathID(r, "code"), b.Method, strings.TrimSpace(r.Header.Get("Idempotency-Key")))
	if err != nil {
		return reply{}, err
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	return reply{status: status, body: sent, location: "/v1/deliveries/" + sent.Delivery.ID}, nil
}

// Document media types.
const (
	mediaHTML = "text/html; charset=utf-8"
	mediaPDF  = "application/pdf"
)

func (api *API) offerComparison(r *http.Request) (reply, error) {
	return renderDocument(r, func() (document.Comparison, error) {
		return api.app.Offers.Document(r.Context(), pathID(r, "id"), pathID(r, "code"))
	})
}

// renderable is what the API serves as HTML or as a PDF.
type renderable interface {
	HTML(w io.Writer) error
	PDF(w io.Writer) error
}

// renderDocument serves the document load returns in the type the Accept
// header asks for: HTML by default, or an A4 PDF.
func renderDocument[D renderable](r *http.Request, load func() (D, error)) (reply, error) {
	mt, err := negotiate(r, "text/html", mediaPDF)
	if err != nil {
		return reply{}, err
	}
	doc, err := load()
	if err != nil {
		return reply{}, err
	}
	var out bytes.Buffer
	if mt == mediaPDF {
		err = doc.PDF(&out)
	} else {
		mt, err = mediaHTML, doc.HTML(&out)
	}
	if err != nil {
		return reply{}, err
	}
	return reply{status: http.StatusOK, raw: out.Bytes(), contentType: mt}, nil
}

// negotiate picks the first of offered (the default first) that the Accept
// header admits; none admitted is 406. Quality values are not weighed: a
// client asks for one document type.
func negotiate(r *http.Request, offered ...string) (string, error) {
	accept := r.Header.Get("Accept")
	if strings.TrimSpace(accept) == "" {
		return offered[0], nil
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		for _, o := range offered {
			if mt == o || mt == "*/*" || (strings.HasSuffix(mt, "/*") && strings.HasPrefix(o, strings.TrimSuffix(mt, "*"))) {
				return o, nil
			}
		}
	}
	return "", tact.Errorf(tact.CodeNotAcceptable, "this document is served as %s", strings.Join(offered, " or "))
}
