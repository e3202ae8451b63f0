-- Initial schema. Times are RFC 3339 UTC text; JSON columns hold values
-- that are read and written whole (scope, profile, sources).

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL CHECK (name <> ''),
	email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
	organisation  TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL CHECK (role IN ('admin', 'consultant', 'ministry', 'donor')),
	country       TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at    TEXT NOT NULL
);

-- Frameworks installed by users; the embedded ones are not stored.
CREATE TABLE frameworks (
	id           TEXT NOT NULL,
	version      TEXT NOT NULL,
	title        TEXT NOT NULL,
	source_name  TEXT NOT NULL,
	source       BLOB NOT NULL,
	installed_at TEXT NOT NULL,
	installed_by INTEGER REFERENCES users (id),
	PRIMARY KEY (id, version)
);

CREATE TABLE assessments (
	id                INTEGER PRIMARY KEY,
	state             TEXT NOT NULL CHECK (length(state) = 3),
	state_name        TEXT NOT NULL,
	title             TEXT NOT NULL,
	framework_id      TEXT NOT NULL,
	framework_version TEXT NOT NULL,
	status            TEXT NOT NULL CHECK (status IN ('draft', 'in_review', 'validated', 'published')),
	scope             TEXT NOT NULL,
	profile           TEXT NOT NULL,
	baseline_id       INTEGER REFERENCES assessments (id),
	round             INTEGER NOT NULL DEFAULT 1,
	started_on        TEXT NOT NULL DEFAULT '',
	version           INTEGER NOT NULL DEFAULT 1,
	created_at        TEXT NOT NULL,
	updated_at        TEXT NOT NULL
);
CREATE INDEX assessments_state ON assessments (state);

CREATE TABLE members (
	assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	user_id       INTEGER NOT NULL REFERENCES users (id),
	role          TEXT NOT NULL CHECK (role IN ('lead', 'assessor', 'reviewer')),
	PRIMARY KEY (assessment_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

-- One row per assessor per indicator. level: NULL = not scored yet,
-- -1 = N/A, 0-4 = maturity level.
CREATE TABLE responses (
	assessment_id  INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	indicator_id   TEXT NOT NULL,
	assessor_id    INTEGER NOT NULL REFERENCES users (id),
	level          INTEGER CHECK (level BETWEEN -1 AND 4),
	target         INTEGER CHECK (target BETWEEN 2 AND 4),
	confidence     TEXT NOT NULL DEFAULT '' CHECK (confidence IN ('', 'H', 'M', 'L')),
	note           TEXT NOT NULL DEFAULT '',
	sources        TEXT NOT NULL DEFAULT '[]',
	rights_concern INTEGER NOT NULL DEFAULT 0 CHECK (rights_concern IN (0, 1)),
	version        INTEGER NOT NULL CHECK (version > 0),
	updated_by     INTEGER NOT NULL REFERENCES users (id),
	updated_at     TEXT NOT NULL,
	PRIMARY KEY (assessment_id, indicator_id, assessor_id)
);

CREATE TABLE consensus (
	assessment_id INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	indicator_id  TEXT NOT NULL,
	level         INTEGER CHECK (level BETWEEN -1 AND 4),
	target        INTEGER CHECK (target BETWEEN 2 AND 4),
	comment       TEXT NOT NULL DEFAULT '',
	version       INTEGER NOT NULL CHECK (version > 0),
	set_by        INTEGER NOT NULL REFERENCES users (id),
	set_at        TEXT NOT NULL,
	PRIMARY KEY (assessment_id, indicator_id)
);

-- Every change: who, when, what, old -> new (JSON).
CREATE TABLE audit_log (
	id            INTEGER PRIMARY KEY,
	at            TEXT NOT NULL,
	actor_id      INTEGER REFERENCES users (id),
	assessment_id INTEGER REFERENCES assessments (id) ON DELETE SET NULL,
	entity        TEXT NOT NULL,
	entity_key    TEXT NOT NULL,
	action        TEXT NOT NULL,
	old           TEXT NOT NULL DEFAULT '',
	new           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_assessment ON audit_log (assessment_id, id);
