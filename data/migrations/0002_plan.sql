-- Lead assessors' adjustments to generated action-plan rows, keyed by the
-- action id (AP-TRV-1.1-A1) so that they survive regeneration.
CREATE TABLE plan_adjustments (
	assessment_id  INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	action_id      TEXT NOT NULL,
	body           TEXT NOT NULL,
	version        INTEGER NOT NULL CHECK (version > 0),
	updated_by     INTEGER NOT NULL REFERENCES users (id),
	updated_at     TEXT NOT NULL,
	PRIMARY KEY (assessment_id, action_id)
);
