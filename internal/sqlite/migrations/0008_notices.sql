-- Notices (internal/notice): the end-of-commitment job asks, every pass, for
-- the lines in force whose commitment ends in the coming weeks. Without this
-- index that question reads every line.
CREATE INDEX lines_by_commitment_end ON lines (commitment_ends_on, id)
	WHERE commitment_ends_on IS NOT NULL AND status <> 'ended';
