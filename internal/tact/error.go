package tact

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error code. Clients branch on it; it never
// changes meaning once released. Each code maps to one HTTP status in the API's
// single table (internal/api/problem.go).
type Code string

// Error codes. Validation codes name the kind of fault; the field at fault travels
// in Error.Field.
const (
	// Request shape.
	CodeMalformedJSON Code = "malformed_json"
	CodeUnknownField  Code = "unknown_field"
	CodeBodyTooLarge  Code = "body_too_large"
	// CodeBatchTooLarge: a batch holds more items than one call may carry.
	CodeBatchTooLarge        Code = "batch_too_large"
	CodeUnsupportedMediaType Code = "unsupported_media_type"
	CodeMethodNotAllowed     Code = "method_not_allowed"

	// Validation of a value.
	CodeRequired            Code = "required"
	CodeInvalid             Code = "invalid"
	CodeTooLong             Code = "too_long"
	CodeInvalidPhone        Code = "invalid_phone"
	CodeInvalidEmail        Code = "invalid_email"
	CodeInvalidTimeZone     Code = "invalid_time_zone"
	CodeInvalidJurisdiction Code = "invalid_jurisdiction"
	CodeInvalidConsent      Code = "invalid_consent"
	CodeInvalidScope        Code = "invalid_scope"
	CodeInvalidCursor       Code = "invalid_cursor"

	// State of the world.
	CodeNotFound             Code = "not_found"
	CodeConflict             Code = "conflict"
	CodeIdempotencyMismatch  Code = "idempotency_mismatch"
	CodePreconditionFailed   Code = "precondition_failed"
	CodePreconditionRequired Code = "precondition_required"
	// CodeInvalidTransition: the record's state does not allow this step
	// (resolving a closed case, keeping a cancelled promise).
	CodeInvalidTransition Code = "invalid_transition"
	// CodeNeedsWrittenNotice: a case cannot be closed for lack of answer before
	// a written notice on a channel the customer can use, and 7 days (story 5).
	CodeNeedsWrittenNotice Code = "close_needs_written_notice"
	// CodeSubscriberOnlyNumber: a text for a former customer names a number
	// only subscribers can call (story 5).
	CodeSubscriberOnlyNumber Code = "subscriber_only_number"
	// CodeSupportNumberMissing: a text for a former customer does not give
	// the operator's free support number for his jurisdiction, the one line
	// he can still call (story 5).
	CodeSupportNumberMissing Code = "support_number_missing"
	// CodeFormerNoMatter: a text for a former customer names none of his
	// own matters (a case or a promise of his); he is written to only about
	// them (story 5).
	CodeFormerNoMatter Code = "former_customer_no_matter"
	// CodeFormerMarketing: an offer or other sales text for a former
	// customer who has not opted in to offers on its channel (story 5).
	CodeFormerMarketing Code = "former_customer_marketing"
	// CodeOfferNotFit: the offer's rules refuse this customer; it is neither
	// shown to him in writing nor sent (story 4).
	CodeOfferNotFit Code = "offer_not_fit"
	// CodeNotAcceptable: the Accept header names none of the types a
	// document is served as.
	CodeNotAcceptable Code = "not_acceptable"
	// CodeDeliveryFailed: the mail server or the print queue did not take a
	// delivery; it is recorded as failed, with the reason.
	CodeDeliveryFailed Code = "delivery_failed"

	// Access.
	CodeUnauthorized Code = "unauthorized"
	CodeForbidden    Code = "forbidden"
	// CodeNotOwner: only the case's owner (or a supervisor) may do this.
	CodeNotOwner Code = "not_owner"
	// CodeRateLimited: too many attempts (failed sign-ins) in a short time;
	// the caller waits before trying again.
	CodeRateLimited Code = "rate_limited"

	// Anything else: logged in full, shown to users only as "internal error".
	CodeInternal Code = "internal"
)

// Error is tact's one error type. Message is written for the person reading the
// API response; it must not leak internals. Field, when set, is the JSON path of
// the offending input (e.g. "phones[1].number").
type Error struct {
	Code    Code
	Message string
	Field   string
	// Err is an underlying cause, kept for logs and errors.Is; never shown.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	s := string(e.Code)
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns a validation *Error naming the field at fault.
func FieldError(code Code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns the error a store gives for a missing record of the given kind.
func NotFound(kind, id string) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf("%s %q not found", kind, id)}
}

// ErrorCode returns the code of err: its own if it is (or wraps) an *Error,
// CodeInternal otherwise, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorField returns the field at fault in err, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// ErrorMessage returns the user-facing message of err; for an error that is not
// an *Error (an internal one) it returns "internal error", never its text.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != CodeInternal {
		return e.Message
	}
	return "internal error"
}

// Prefix returns err with the field path prefixed, so a nested validator can
// report "phones[1].number" while knowing only "number". Errors that are not
// *Error pass unchanged.
func Prefix(prefix string, err error) error {
	var e *Error
	if err == nil || !errors.As(err, &e) {
		return err
	}
	c := *e
	switch {
	case c.Field == "":
		c.Field = prefix
	case c.Field[0] == '[':
		c.Field = prefix + c.Field
	default:
		c.Field = prefix + "." + c.Field
	}
	return &c
}

// First returns the first item of a store query's result, or not_found naming
// what was looked for: the shape of every "find one by key" in the stores.
func First[T any](list []T, err error, kind, key string) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(list) == 0 {
		return zero, NotFound(kind, key)
	}
	return list[0], nil
}
