package main

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tactcrm/tact/internal/campaign"
	"github.com/tactcrm/tact/internal/contactpolicy"
	"github.com/tactcrm/tact/internal/offer"
	"github.com/tactcrm/tact/internal/tact"
)

// referenceSQL is the reference implementation: one query that returns, by
// id, the customers of a jurisdiction a sales phone campaign would contact —
// in the audience (a line not ended, on a plan of the jurisdiction's
// catalogue), an offer fits one of those lines (offer.Fit: the relevance
// rules of internal/offer/rules.go, the offer's eligibility, some usage to
// compare), and the contact policy does not deny the call at the campaign's
// first moment (the rules of internal/contactpolicy/rules.go that deny a
// sales call). The rules that only defer (hours, quiet hours, the cap, the
// refusal cooldown) remove nobody: a deferred contact is scheduled, or said
// unscheduled, never dropped.
//
// Parameters: $1 jurisdiction, $2 now, $3 today (UTC), $4 the campaign's
// first day, $5 and $6 the first usage month and this month (excluded), $7
// the offers' eligibility shapes as JSON [{code, field, op, n}], $8 the
// caller id shown, $9 the operator's caller-id pool, $10 the campaign's
// subject, $11 how long a do-not-call entry holds, in hours (0: for ever),
// $12 the opposition-list check's validity in hours (0: not required), $13
// the date from which prospects' provable consent is required (NULL: never).
var referenceSQL = `
WITH
rules AS (
	SELECT * FROM jsonb_to_recordset($7::jsonb) AS r(code text, field text, op text, n bigint)
),
-- The campaign's offers as offer.Assess reads them: on sale, of the
-- jurisdiction, naming nothing the catalogue lacks (offer_inactive,
-- offer_expired, other_jurisdiction, unknown_item).
o AS (
	SELECT r.field, r.op, r.n, x.data->>'plan_code' AS plan_code,
		coalesce((x.data->>'upgrade')::boolean, false) AS upgrade,
		coalesce((x.data->>'any_platform')::boolean, false) AS any_platform,
		p.code AS p_code, p.tier AS p_tier, p.data_mb AS p_data, p.voice_minutes AS p_voice, p.sms AS p_sms,
		d.code AS d_code, d.brand AS d_brand, d.model AS d_model, d.os AS d_os,
		k.code AS k_code
	FROM rules r
	JOIN offers x ON x.code = r.code
	LEFT JOIN plans p ON p.code = x.data->>'plan_code' AND p.jurisdiction = $1
	LEFT JOIN catalog_devices d ON d.code = x.data->>'device_code' AND d.jurisdiction = $1
	LEFT JOIN catalog_options k ON k.code = x.data->>'option_code' AND k.jurisdiction = $1
	WHERE (x.data->>'active')::boolean AND (x.data->>'valid_until')::date >= $3::date AND x.data->>'jurisdiction' = $1
		AND (coalesce(x.data->>'plan_code', '') = '' OR p.code IS NOT NULL)
		AND (coalesce(x.data->>'device_code', '') = '' OR d.code IS NOT NULL)
		AND (coalesce(x.data->>'option_code', '') = '' OR k.code IS NOT NULL)
),
-- The line's usage over the months assessed. Usage and devices are joined
-- to their line by its id alone: the app records them only on the
-- customer's own lines, and joining on the customer too makes PostgreSQL
-- misjudge the join (two correlated keys) into nested loops over whole
-- tables.
u AS (
	SELECT line_id, max(data_mb) AS max_data, max(voice_minutes) AS max_voice, max(sms) AS max_sms
	FROM usage WHERE month >= $5 AND month < $6
	GROUP BY line_id
),
-- The handset used with a line: the last recorded for it, else the
-- customer's latest acquired (offer.SubjectsOf).
line_device AS (
	SELECT DISTINCT ON (line_id) line_id, brand, model, os, catalog_code, acquired_on
	FROM devices WHERE line_id IS NOT NULL
	ORDER BY line_id, created_at DESC, id DESC
),
latest_device AS (
	SELECT DISTINCT ON (customer_id) customer_id, brand, model, os, catalog_code, acquired_on
	FROM devices
	ORDER BY customer_id, acquired_on DESC NULLS LAST, created_at, id
),
-- The data the line's options add to its plan (below_usage counts it).
extra AS (
	SELECT l.id AS line_id, sum(co.data_mb) AS data_mb
	FROM lines l, jsonb_array_elements_text(l.options) AS e(code), catalog_options co
	WHERE co.code = e.code AND co.jurisdiction = $1 AND l.status <> 'ended'
	GROUP BY l.id
),
-- The customers of the jurisdiction, and what the rules read of each.
c AS (
	SELECT c.id, c.status, c.dnc_since, c.opposition_checked_at, c.time_zone,
		coalesce(c.preferences->>'preferred_channel', '') AS preferred,
		CASE WHEN c.customer_since IS NULL THEN 0 ELSE ` + monthsSQL("c.customer_since") + ` END AS tenure,
		greatest($2::timestamptz, $4::date::timestamp AT TIME ZONE c.time_zone) AS at,
		ph.granted AS phone_granted, ph.proof AS phone_proof
	FROM customers c
	LEFT JOIN consents ph ON ph.customer_id = c.id AND ph.channel = 'phone' AND ph.purpose = 'sales'
	WHERE c.jurisdiction = $1
),
opted_in AS (
	SELECT DISTINCT customer_id FROM consents WHERE purpose = 'sales' AND granted
),
in_force AS (
	SELECT DISTINCT customer_id FROM lines WHERE status <> 'ended'
),
-- The subjects offers are assessed for: the lines not ended, on a plan of
-- the catalogue, with some usage (no_usage), of customers the offer rules
-- on the customer admit (cancelling_no_sales, former_customer).
s AS (
	SELECT l.customer_id, l.plan_code, l.options, p.tier, c.tenure, u.max_data, u.max_voice, u.max_sms,
		coalesce(x.data_mb, 0) AS extra_data,
		coalesce(ld.line_id, dd.customer_id) IS NOT NULL AS has_device,
		CASE WHEN ld.line_id IS NOT NULL THEN ld.brand ELSE dd.brand END AS brand,
		CASE WHEN ld.line_id IS NOT NULL THEN ld.model ELSE dd.model END AS model,
		CASE WHEN ld.line_id IS NOT NULL THEN ld.os ELSE dd.os END AS os,
		coalesce(CASE WHEN ld.line_id IS NOT NULL THEN ld.catalog_code ELSE dd.catalog_code END, '') AS catalog_code,
		CASE WHEN ld.line_id IS NOT NULL THEN ld.acquired_on ELSE dd.acquired_on END AS acquired_on
	FROM c
	JOIN lines l ON l.customer_id = c.id
	JOIN plans p ON p.code = l.plan_code AND p.jurisdiction = $1
	JOIN u ON u.line_id = l.id
	LEFT JOIN extra x ON x.line_id = l.id
	LEFT JOIN line_device ld ON ld.line_id = l.id
	LEFT JOIN latest_device dd ON dd.customer_id = l.customer_id
	LEFT JOIN opted_in oi ON oi.customer_id = c.id
	WHERE l.status <> 'ended' AND c.status <> 'cancelling' AND (c.status <> 'former' OR oi.customer_id IS NOT NULL)
),
-- The customers one of whose lines an offer fits.
fit AS (
	SELECT DISTINCT s.customer_id
	FROM s, o, LATERAL (SELECT CASE o.field
			WHEN 'tenure_months' THEN s.tenure
			WHEN 'usage.max_data_mb' THEN s.max_data
			WHEN 'device_age_months' THEN CASE WHEN s.acquired_on IS NULL THEN 0 ELSE ` + monthsSQL("s.acquired_on") + ` END
			WHEN 'plan.tier' THEN s.tier END AS x) AS v
	-- already_held, upgrade_not_above, below_usage
	WHERE NOT (o.p_code IS NOT NULL AND (o.p_code = s.plan_code OR (o.upgrade AND o.p_tier <= s.tier)
			OR (o.p_data IS NOT NULL AND s.max_data > o.p_data + s.extra_data)
			OR (o.p_voice IS NOT NULL AND s.max_voice > o.p_voice)
			OR (o.p_sms IS NOT NULL AND s.max_sms > o.p_sms)))
		AND NOT (o.k_code IS NOT NULL AND s.options ? o.k_code)
		-- already_held, device_platform
		AND NOT (o.d_code IS NOT NULL AND s.has_device AND (
			(s.catalog_code <> '' AND s.catalog_code = o.d_code)
			OR (s.catalog_code = '' AND lower(btrim(s.brand)) = lower(o.d_brand) AND lower(btrim(s.model)) = lower(o.d_model))
			OR (NOT o.any_platform AND s.os <> '' AND o.d_os <> s.os)))
		-- eligibility
		AND (o.field = '' OR CASE o.op WHEN '>=' THEN v.x >= o.n WHEN '>' THEN v.x > o.n WHEN '<=' THEN v.x <= o.n WHEN '<' THEN v.x < o.n END)
),
-- promise_pending: a promise open on the campaign's subject, or to send an
-- offer when it names none.
promised AS (
	SELECT DISTINCT customer_id FROM commitments
	WHERE status IN ('pending', 'overdue') AND (subject = $10 OR ($10 = '' AND kind = 'send_offer'))
),
-- caller_id_shown and caller_id_pool: the same for every customer.
caller AS (
	SELECT NOT (btrim($8) = '' OR lower(btrim($8)) IN ('withheld', 'anonymous'))
		AND (cardinality($9::text[]) = 0 OR EXISTS (
			SELECT 1 FROM unnest($9::text[]) AS pool(n),
				LATERAL (SELECT regexp_replace(pool.n, '[^0-9]', '', 'g') AS a, regexp_replace($8, '[^0-9]', '', 'g') AS b) AS x,
				LATERAL (SELECT ltrim(x.a, '0') AS a, ltrim(x.b, '0') AS b) AS t
			WHERE x.a = x.b OR (t.a <> '' AND t.b <> '' AND least(length(t.a), length(t.b)) >= 9
				AND (right(t.a, length(t.b)) = t.b OR right(t.b, length(t.a)) = t.a)))) AS ok
)
SELECT c.id
FROM c
JOIN fit ON fit.customer_id = c.id
CROSS JOIN caller
LEFT JOIN promised pr ON pr.customer_id = c.id
LEFT JOIN in_force f ON f.customer_id = c.id
-- the contact rules that deny a sales call
WHERE caller.ok
	AND pr.customer_id IS NULL
	-- do_not_call
	AND NOT (c.dnc_since IS NOT NULL AND ($11 = 0 OR c.at < c.dnc_since + make_interval(hours => $11)))
	-- consent: an objection to sales calls
	AND c.phone_granted IS NOT FALSE
	-- opposition_list: a prospect (no line in force, or a former customer) needs a fresh check
	AND NOT ((c.status = 'former' OR f.customer_id IS NULL) AND $12 > 0
		AND NOT coalesce(c.at < c.opposition_checked_at + make_interval(hours => $12), false))
	-- provable_consent
	AND NOT ((c.status = 'former' OR f.customer_id IS NULL) AND $13::date IS NOT NULL
		AND (c.at AT TIME ZONE c.time_zone)::date >= $13::date
		AND NOT (c.phone_granted IS TRUE AND btrim(coalesce(c.phone_proof, ''), E' \t\r\n') <> ''))
	-- preferred_channel
	AND c.preferred IN ('', 'phone')
	-- cancelling_no_sales
	AND c.status <> 'cancelling'
	-- former_customer: no sales call without his consent to them
	AND NOT (c.status = 'former' AND c.phone_granted IS NOT TRUE)
ORDER BY c.id`

// monthsSQL is offer's monthsBetween(a, $3) in SQL: whole months from a to
// today, 0 when today is before a.
func monthsSQL(a string) string {
	return "greatest(0, (date_part('year', $3::date) - date_part('year', " + a + ")) * 12 + date_part('month', $3::date) - date_part('month', " + a +
		") - CASE WHEN date_part('day', $3::date) < date_part('day', " + a + ") THEN 1 ELSE 0 END)"
}

// rule is an offer's eligibility shape as the query reads it.
type rule struct {
	Code string `json:"code"`
	shape
}

// referenceArgs are the query's parameters for c under pol at now.
func referenceArgs(c *campaign.Campaign, pol contactpolicy.Policy, now time.Time) ([]any, error) {
	var rs []rule
	for _, d := range offerDefs[c.Jurisdiction] {
		rs = append(rs, rule{Code: offerCode(c.Jurisdiction, d), shape: d.rule})
	}
	rulesJSON, err := json.Marshal(rs)
	if err != nil {
		return nil, err
	}
	r := pol.Jurisdictions[c.Jurisdiction]
	thisMonth := tact.MonthOf(now.UTC())
	var provable *string
	if !r.ProvableConsentFrom.IsZero() {
		from := r.ProvableConsentFrom.String()
		provable = &from
	}
	pool := pol.CallerIDs
	if pool == nil {
		pool = []string{}
	}
	return []any{string(c.Jurisdiction), now, tact.DateOf(now.UTC()).String(), c.Starts.String(),
		string(thisMonth.AddMonths(-offer.UsageMonths)), string(thisMonth), string(rulesJSON), c.CallerID, pool, c.Subject,
		int(r.DoNotCallKept) * 24, int(r.OppositionMaxAge) * 24, provable}, nil
}

// reference runs the reference query for c on conn and returns the ids, in
// order, and how long the query took, its rows read included.
func reference(ctx context.Context, conn *pgx.Conn, c *campaign.Campaign, pol contactpolicy.Policy, now time.Time) ([]string, time.Duration, error) {
	args, err := referenceArgs(c, pol, now)
	if err != nil {
		return nil, 0, err
	}
	start := time.Now()
	rows, err := conn.Query(ctx, referenceSQL, args...)
	if err != nil {
		return nil, 0, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return ids, time.Since(start), err
}

// explain returns the plan PostgreSQL runs the query of c with, measured
// (EXPLAIN ANALYZE): where the reference spends its time.
func explain(ctx context.Context, conn *pgx.Conn, c *campaign.Campaign, pol contactpolicy.Policy, now time.Time) (string, error) {
	args, err := referenceArgs(c, pol, now)
	if err != nil {
		return "", err
	}
	rows, err := conn.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+referenceSQL, args...)
	if err != nil {
		return "", err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return strings.Join(lines, "\n"), err
}
