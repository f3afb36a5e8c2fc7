-- The supervisor's view of the contacts the policy held back (issue 8): the
-- decisions that denied or deferred, across customers, over a period, newest
-- first. Allowed decisions, most of them, stay out of the index; queries
-- repeat its condition (verdict <> 'allow') so the planner may use it.
CREATE INDEX contact_decisions_refused ON contact_decisions (decided_at DESC, id DESC) WHERE verdict <> 'allow';
