-- Third-party billing consents (issue 6, story 1): a customer's double opt-in
-- to a provider's service, confirmed on the operator's payment page and then
-- by SMS or email, both timed. The bill review keeps a third-party charge only
-- with the customer's switch on and a consent its line cites by reference;
-- the rule is internal/billing's, judged in Go. A reference is unique per
-- customer and never reused: a withdrawn consent stays, as the proof of what
-- was agreed and when it ended.
CREATE TABLE third_party_consents (
	customer_id     TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
	ref             TEXT COLLATE "C" NOT NULL,
	provider        TEXT NOT NULL,
	service         TEXT NOT NULL,
	payment_page_at TIMESTAMPTZ NOT NULL,
	confirmed_at    TIMESTAMPTZ NOT NULL,
	confirmed_by    TEXT NOT NULL,
	withdrawn_at    TIMESTAMPTZ,
	created_at      TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (customer_id, ref)
);
