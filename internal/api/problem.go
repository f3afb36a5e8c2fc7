package api

import (
	"encoding/json"
	"net/http"

	"github.com/tactcrm/tact/internal/tact"
)

// statusOf is the one table from error codes to HTTP statuses. A code missing
// here is a bug, caught by a test that walks every code.
var statusOf = map[tact.Code]int{
	tact.CodeMalformedJSON:        http.StatusBadRequest,
	tact.CodeUnknownField:         http.StatusBadRequest,
	tact.CodeBodyTooLarge:         http.StatusRequestEntityTooLarge,
	tact.CodeBatchTooLarge:        http.StatusRequestEntityTooLarge,
	tact.CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,
	tact.CodeMethodNotAllowed:     http.StatusMethodNotAllowed,

	tact.CodeRequired:            http.StatusUnprocessableEntity,
	tact.CodeInvalid:             http.StatusUnprocessableEntity,
	tact.CodeTooLong:             http.StatusUnprocessableEntity,
	tact.CodeInvalidPhone:        http.StatusUnprocessableEntity,
	tact.CodeInvalidEmail:        http.StatusUnprocessableEntity,
	tact.CodeInvalidTimeZone:     http.StatusUnprocessableEntity,
	tact.CodeInvalidJurisdiction: http.StatusUnprocessableEntity,
	tact.CodeInvalidConsent:      http.StatusUnprocessableEntity,
	tact.CodeInvalidScope:        http.StatusUnprocessableEntity,
	tact.CodeInvalidCursor:       http.StatusBadRequest,

	tact.CodeNotFound:             http.StatusNotFound,
	tact.CodeConflict:             http.StatusConflict,
	tact.CodeIdempotencyMismatch:  http.StatusConflict,
	tact.CodePreconditionFailed:   http.StatusPreconditionFailed,
	tact.CodePreconditionRequired: http.StatusPreconditionRequired,
	tact.CodeInvalidTransition:    http.StatusConflict,
	tact.CodeNeedsWrittenNotice:   http.StatusConflict,
	tact.CodeSubscriberOnlyNumber: http.StatusUnprocessableEntity,
	tact.CodeSupportNumberMissing: http.StatusUnprocessableEntity,
	tact.CodeFormerNoMatter:       http.StatusUnprocessableEntity,
	tact.CodeFormerMarketing:      http.StatusUnprocessableEntity,
	tact.CodeOfferNotFit:          http.StatusConflict,
	tact.CodeDeliveryFailed:       http.StatusBadGateway,
	tact.CodeNotAcceptable:        http.StatusNotAcceptable,

	tact.CodeUnauthorized: http.StatusUnauthorized,
	tact.CodeForbidden:    http.StatusForbidden,
	tact.CodeNotOwner:     http.StatusForbidden,
	tact.CodeRateLimited:  http.StatusTooManyRequests,

	tact.CodeInternal: http.StatusInternalServerError,
}

// StatusOf returns the HTTP status of an error code.
func StatusOf(c tact.Code) int {
	if s, ok := statusOf[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// Codes returns every error code the API can answer with.
func Codes() []tact.Code {
	out := make([]tact.Code, 0, len(statusOf))
	for c := range statusOf {
		out = append(out, c)
	}
	return out
}

// Problem is an RFC 9457 problem details object, with tact's stable code and
// the field at fault as extension members.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	// Code is stable: clients branch on it.
	Code tact.Code `json:"code"`
	// Field is the JSON path of the offending input, when one is at fault.
	Field string `json:"field,omitempty"`
	// Instance is the request path.
	Instance  string `json:"instance,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// ProblemType returns the type URI of a code. A tag URI (RFC 4151) names the
// problem without pretending to be a page one can fetch.
func ProblemType(c tact.Code) string { return "tag:tact.dev,2026:problem:" + string(c) }

// WriteProblem answers err as problem+json. Internal errors are logged by the
// caller and shown only as "internal error".
func WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	code := tact.ErrorCode(err)
	status := StatusOf(code)
	p := Problem{
		Type:      ProblemType(code),
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    tact.ErrorMessage(err),
		Code:      code,
		Field:     tact.ErrorField(err),
		Instance:  r.URL.Path,
		RequestID: w.Header().Get("X-Request-Id"),
	}
	if code == tact.CodeUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="tact"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}
