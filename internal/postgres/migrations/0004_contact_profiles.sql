-- Contact profiles are kept by the SQLite engine only (see its migration
-- 0004): there a decision's dozen small queries cost more than the lookup of
-- one row. PostgreSQL reads a batch's facts with one set-based query per kind
-- of fact, and has no profile table. This migration keeps the two engines'
-- numbers in step.
SELECT 1;
