// Package offer decides which of the operator's offers fit a customer, and
// what each would cost him, computed from his own usage (DESIGN stories 2 and
// 4: no LG phone to an iPhone owner, no "bigger" plan to someone on the
// biggest, and an offer the customer can compare at leisure). It owns the
// offer, its eligibility expression, the relevance rules every offer passes
// besides its own expression, and the cost comparison. It does no I/O.
package offer

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"

	"github.com/tactcrm/tact/internal/tact"
)

// Kind is what an offer proposes.
type Kind string

// Kinds of offer.
const (
	// PlanChange moves a line to another plan.
	PlanChange Kind = "plan_change"
	// DeviceSale sells a handset, paid up front and in monthly instalments.
	DeviceSale Kind = "device"
	// OptionAdd adds an option to a line.
	OptionAdd Kind = "option"
	// Bundle is a plan change with a device.
	Bundle Kind = "bundle"
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	return k == PlanChange || k == DeviceSale || k == OptionAdd || k == Bundle
}

// Offer is a proposal of the catalogue, at a price guaranteed until
// ValidUntil, to the customers its Eligibility expression admits.
type Offer struct {
	Code         string            `json:"code"`
	Kind         Kind              `json:"kind"`
	Jurisdiction tact.Jurisdiction `json:"jurisdiction"`
	Name         tact.Text         `json:"name"`
	// PlanCode is the plan proposed (plan_change, bundle).
	PlanCode string `json:"plan_code,omitempty"`
	// DeviceCode is the catalogue device proposed (device, bundle).
	DeviceCode string `json:"device_code,omitempty"`
	// OptionCode is the option proposed (option).
	OptionCode string `json:"option_code,omitempty"`
	// MonthlyPrice is what the offer costs each month: the plan's price under
	// the offer (plan_change, bundle), the option's (option), or nothing
	// (device, whose price is Upfront and Instalment).
	MonthlyPrice tact.Money `json:"monthly_price"`
	// Upfront is paid once for a device; Instalment each month for
	// Instalments months.
	Upfront     tact.Money `json:"upfront"`
	Instalment  tact.Money `json:"instalment"`
	Instalments int        `json:"instalments"`
	// CommitmentMonths is the minimum term the offer brings (0 for none).
	CommitmentMonths int `json:"commitment_months"`
	// Upgrade marks a plan change sold as "more": it must be above the
	// customer's current tier (rule upgrade_not_above).
	Upgrade bool `json:"upgrade"`
	// AnyPlatform lets a device offer go to a customer on another platform
	// (rule device_platform).
	AnyPlatform bool `json:"any_platform"`
	// ValidUntil is the last day the price is guaranteed.
	ValidUntil tact.Date `json:"valid_until"`
	// Eligibility is an expression over Subject (see Env) that must be true;
	// empty admits everyone. For example:
	//   usage.max_data_mb > 50000 && tenure_months >= 12
	Eligibility string `json:"eligibility,omitempty"`
	Active      bool   `json:"active"`
}

// Limits on an offer's text.
const (
	maxCode       = 64
	maxExpression = 2000
)

// Normalize trims the offer's code and gives its zero prices the
// jurisdiction's currency, so that an offer without an upfront price, say,
// reads back with one of 0 in the right currency.
func (o *Offer) Normalize() {
	o.Code = strings.TrimSpace(o.Code)
	for _, m := range []*tact.Money{&o.MonthlyPrice, &o.Upfront, &o.Instalment} {
		if m.Cents == 0 && m.Currency == "" {
			m.Currency = o.Jurisdiction.Currency()
		}
	}
}

// Validate checks a normalized offer and compiles its eligibility expression: an
// expression that does not compile is refused with its line and column.
func (o *Offer) Validate() error {
	if o.Code == "" {
		return tact.FieldError(tact.CodeRequired, "code", "an offer has a code")
	}
	if utf8.RuneCountInString(o.Code) > maxCode || strings.Trim(o.Code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != "" {
		return tact.FieldError(tact.CodeInvalid, "code", "a code is up to 64 letters, digits, '-', '_' or '.'")
	}
	cur := o.Jurisdiction.Currency()
	switch {
	case !o.Kind.Valid():
		return tact.FieldError(tact.CodeInvalid, "kind", "kind %q is not one of plan_change, device, option, bundle", o.Kind)
	case !o.Jurisdiction.Valid():
		return tact.FieldError(tact.CodeInvalidJurisdiction, "jurisdiction", "jurisdiction %q is not FR or CA-QC", o.Jurisdiction)
	case strings.TrimSpace(o.Name.FR) == "" || strings.TrimSpace(o.Name.EN) == "":
		return tact.FieldError(tact.CodeRequired, "name", "an offer is named in French and English")
	case (o.Kind == PlanChange || o.Kind == Bundle) && o.PlanCode == "":
		return tact.FieldError(tact.CodeRequired, "plan_code", "a %s offer names the plan it proposes", o.Kind)
	case (o.Kind == DeviceSale || o.Kind == Bundle) && o.DeviceCode == "":
		return tact.FieldError(tact.CodeRequired, "device_code", "a %s offer names the device it proposes", o.Kind)
	case o.Kind == OptionAdd && o.OptionCode == "":
		return tact.FieldError(tact.CodeRequired, "option_code", "an option offer names the option it proposes")
	case o.Upgrade && o.Kind != PlanChange && o.Kind != Bundle:
		return tact.FieldError(tact.CodeInvalid, "upgrade", "only a plan change is an upgrade")
	case o.AnyPlatform && o.Kind != DeviceSale && o.Kind != Bundle:
		return tact.FieldError(tact.CodeInvalid, "any_platform", "only a device offer has a platform")
	case o.ValidUntil.IsZero():
		return tact.FieldError(tact.CodeRequired, "valid_until", "an offer's price is guaranteed until a date: say which")
	case o.Instalments < 0 || o.Instalments > 48:
		return tact.FieldError(tact.CodeInvalid, "instalments", "from 0 to 48 monthly instalments")
	case o.CommitmentMonths < 0 || o.CommitmentMonths > 24:
		// EECC Art. 105(1): a consumer contract binds for at most 24 months.
		return tact.FieldError(tact.CodeInvalid, "commitment_months", "a commitment lasts at most 24 months (EECC Art. 105(1))")
	}
	for name, m := range map[string]tact.Money{"monthly_price": o.MonthlyPrice, "upfront": o.Upfront, "instalment": o.Instalment} {
		if m.Cents < 0 || m.Currency != cur {
			return tact.FieldError(tact.CodeInvalid, name, "a price in %s, not negative", cur)
		}
	}
	_, err := Compile(o.Eligibility)
	return err
}

// Rule is a compiled eligibility expression.
type Rule struct {
	source  string
	program *vm.Program
}

// Compile compiles an eligibility expression over Env. An empty expression
// admits everyone. An error names the line and column at fault.
func Compile(source string) (*Rule, error) { return CompileField("eligibility", source) }

// CompileField compiles an expression over Env written in field (an
// offer's eligibility, a campaign's target): errors name that field.
func CompileField(field, source string) (*Rule, error) {
	if strings.TrimSpace(source) == "" {
		return &Rule{}, nil
	}
	if utf8.RuneCountInString(source) > maxExpression {
		return nil, tact.FieldError(tact.CodeTooLong, field, "at most %d characters", maxExpression)
	}
	p, err := expr.Compile(source, expr.Env(Env{}), expr.AsBool())
	if err != nil {
		var fe *file.Error
		if errors.As(err, &fe) {
			return nil, tact.FieldError(tact.CodeInvalid, field, "line %d, column %d: %s", fe.Line, fe.Column+1, fe.Message)
		}
		return nil, tact.FieldError(tact.CodeInvalid, field, "%v", err)
	}
	return &Rule{source: source, program: p}, nil
}

// Admits evaluates the rule on env.
func (r *Rule) Admits(env Env) (bool, error) {
	if r.program == nil {
		return true, nil
	}
	out, err := expr.Run(r.program, env)
	if err != nil {
		return false, fmt.Errorf("offer: eligibility %q: %w", r.source, err)
	}
	return out.(bool), nil
}
