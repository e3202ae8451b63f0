package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"bordergap/assessment"
)

func levelArg(l assessment.Level) any {
	if l == assessment.Unscored {
		return nil
	}
	return int(l)
}

func levelFrom(n sql.NullInt64) assessment.Level {
	if !n.Valid {
		return assessment.Unscored
	}
	return assessment.Level(n.Int64)
}

// responseAudit is what the audit log records of a response.
type responseAudit struct {
	Level         assessment.Level      `json:"level"`
	Target        assessment.Level      `json:"target"`
	Confidence    assessment.Confidence `json:"confidence,omitempty"`
	Note          string                `json:"note,omitempty"`
	Sources       []string              `json:"sources,omitempty"`
	RightsConcern bool                  `json:"rights_concern,omitempty"`
	Version       int                   `json:"version"`
}

func auditJSON(r *assessment.Response) string {
	b, _ := json.Marshal(responseAudit{r.Level, r.Target, r.Confidence, r.Note, r.Sources, r.RightsConcern, r.Version})
	return string(b)
}

const responseColumns = `assessment_id, indicator_id, assessor_id, level, target, confidence, note, sources, rights_concern,
	version, updated_by, updated_at`

func scanResponse(row interface{ Scan(...any) error }) (*assessment.Response, error) {
	var r assessment.Response
	var level, target sql.NullInt64
	var sources, updated string
	if err := row.Scan(&r.AssessmentID, &r.IndicatorID, &r.AssessorID, &level, &target, &r.Confidence, &r.Note, &sources,
		&r.RightsConcern, &r.Version, &r.UpdatedBy, &updated); err != nil {
		return nil, err
	}
	r.Level, r.Target = levelFrom(level), levelFrom(target)
	if err := json.Unmarshal([]byte(sources), &r.Sources); err != nil {
		return nil, err
	}
	r.UpdatedAt = parseTime(updated)
	return &r, nil
}

// editableAssessment loads an assessment for a write, checks that it can
// still be edited and resolves its framework.
func (db *DB) editableAssessment(ctx context.Context, tx *sql.Tx, id int64) (*assessment.Assessment, *assessment.Framework, error) {
	a, err := db.findAssessment(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if !a.Status.Editable() {
		return nil, nil, assessment.Errorf(assessment.EINVALID, "assessment %d is %s: responses can no longer change (move it back to review first)", id, a.Status.Label())
	}
	f, err := db.framework(a)
	if err != nil {
		return nil, nil, err
	}
	return a, f, nil
}

func (db *DB) userName(ctx context.Context, tx *sql.Tx, id int64) string {
	var n string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Sprintf("user %d", id)
	}
	return n
}

// SaveResponses implements assessment.AssessmentStore.
func (db *DB) SaveResponses(ctx context.Context, actor, assessmentID int64, rs []assessment.Response) ([]assessment.Response, error) {
	out := make([]assessment.Response, len(rs))
	copy(out, rs)
	err := db.write(ctx, func(tx *sql.Tx) error {
		a, f, err := db.editableAssessment(ctx, tx, assessmentID)
		if err != nil {
			return err
		}
		actorRole := a.MemberRole(actor)
		var errs []assessment.FieldError
		seen := map[string]int{}
		for i := range out {
			r := &out[i]
			r.AssessmentID = assessmentID
			prefix := fmt.Sprintf("responses[%d]", i)
			switch role := a.MemberRole(r.AssessorID); {
			case actorRole == "" || (actor != r.AssessorID && actorRole != assessment.RoleLead):
				return assessment.Errorf(assessment.EFORBIDDEN, "you may only save your own responses on assessment %d", assessmentID)
			case !role.Scores():
				errs = append(errs, assessment.FieldError{Field: prefix + ".assessor_id", Message: fmt.Sprintf("user %d is not an assessor on this assessment", r.AssessorID)})
			}
			key := fmt.Sprintf("%s/%d", r.IndicatorID, r.AssessorID)
			if j, dup := seen[key]; dup {
				errs = append(errs, assessment.FieldError{Field: prefix, Message: fmt.Sprintf("duplicate of responses[%d] (same indicator and assessor)", j)})
			}
			seen[key] = i
			errs = append(errs, assessment.ValidateResponse(f, a, r, prefix)...)
		}
		if len(errs) > 0 {
			return assessment.Invalid("invalid responses", errs...)
		}
		now := db.Now()
		var conflicts []string
		olds := make([]*assessment.Response, len(out))
		for i := range out {
			r := &out[i]
			old, err := scanResponse(tx.QueryRowContext(ctx, `SELECT `+responseColumns+` FROM responses
				WHERE assessment_id = ? AND indicator_id = ? AND assessor_id = ?`, assessmentID, r.IndicatorID, r.AssessorID))
			switch {
			case err == sql.ErrNoRows:
				if r.Version != 0 {
					conflicts = append(conflicts, fmt.Sprintf("%s: the response you edited (version %d) no longer exists", r.IndicatorID, r.Version))
				}
			case err != nil:
				return err
			case old.Version != r.Version:
				conflicts = append(conflicts, fmt.Sprintf("%s (%s): changed by %s on %s (now version %d, you had version %d)",
					r.IndicatorID, db.userName(ctx, tx, r.AssessorID), db.userName(ctx, tx, old.UpdatedBy),
					old.UpdatedAt.Format("2006-01-02 15:04 MST"), old.Version, r.Version))
			default:
				olds[i] = old
			}
		}
		if len(conflicts) > 0 {
			return assessment.Errorf(assessment.ECONFLICT, "not saved, someone changed these responses since you opened them: %s; reload to see their version",
				strings.Join(conflicts, "; "))
		}
		for i := range out {
			r := &out[i]
			r.Version++
			r.UpdatedBy, r.UpdatedAt = actor, now
			if err := db.upsertResponse(ctx, tx, r); err != nil {
				return err
			}
			oldJSON, action := "", "create"
			if olds[i] != nil {
				oldJSON, action = auditJSON(olds[i]), "update"
			}
			if err := db.audit(ctx, tx, now, actor, assessmentID, "response", fmt.Sprintf("%s/%d", r.IndicatorID, r.AssessorID), action, oldJSON, auditJSON(r)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE assessments SET updated_at = ? WHERE id = ?`, formatTime(now), assessmentID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (db *DB) upsertResponse(ctx context.Context, tx *sql.Tx, r *assessment.Response) error {
	sources := r.Sources
	if sources == nil {
		sources = []string{}
	}
	sj, _ := json.Marshal(sources)
	_, err := tx.ExecContext(ctx, `INSERT INTO responses (`+responseColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (assessment_id, indicator_id, assessor_id) DO UPDATE SET level = excluded.level, target = excluded.target,
		confidence = excluded.confidence, note = excluded.note, sources = excluded.sources, rights_concern = excluded.rights_concern,
		version = excluded.version, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		r.AssessmentID, r.IndicatorID, r.AssessorID, levelArg(r.Level), levelArg(r.Target), r.Confidence, r.Note, string(sj),
		r.RightsConcern, r.Version, r.UpdatedBy, formatTime(r.UpdatedAt))
	return err
}

// FindResponses implements assessment.AssessmentStore.
func (db *DB) FindResponses(ctx context.Context, assessmentID int64) ([]assessment.Response, error) {
	var out []assessment.Response
	var fw *assessment.Framework
	err := db.read(ctx, func(tx *sql.Tx) error {
		var id, version string
		if err := tx.QueryRowContext(ctx, `SELECT framework_id, framework_version FROM assessments WHERE id = ?`, assessmentID).Scan(&id, &version); err == nil && db.frameworks != nil {
			fw, _ = db.frameworks.Framework(id, version)
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+responseColumns+` FROM responses WHERE assessment_id = ?
			ORDER BY indicator_id, assessor_id`, assessmentID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanResponse(rows)
			if err != nil {
				return err
			}
			out = append(out, *r)
		}
		return rows.Err()
	})
	if err == nil && fw != nil {
		sortByFramework(fw, out)
	}
	return out, err
}

// sortByFramework orders responses by indicator in framework order, then
// by assessor.
func sortByFramework(fw *assessment.Framework, rs []assessment.Response) {
	pos := map[string]int{}
	for i, id := range fw.IndicatorIDs() {
		pos[id] = i
	}
	sort.SliceStable(rs, func(i, j int) bool {
		pi, pj := pos[rs[i].IndicatorID], pos[rs[j].IndicatorID]
		if pi != pj {
			return pi < pj
		}
		return rs[i].AssessorID < rs[j].AssessorID
	})
}

func consensusAudit(c *assessment.Consensus) string {
	b, _ := json.Marshal(struct {
		Level   assessment.Level `json:"level"`
		Target  assessment.Level `json:"target"`
		Comment string           `json:"comment,omitempty"`
		Version int              `json:"version"`
	}{c.Level, c.Target, c.Comment, c.Version})
	return string(b)
}

// SaveConsensus implements assessment.AssessmentStore.
func (db *DB) SaveConsensus(ctx context.Context, actor, assessmentID int64, cs []assessment.Consensus) ([]assessment.Consensus, error) {
	out := make([]assessment.Consensus, len(cs))
	copy(out, cs)
	err := db.write(ctx, func(tx *sql.Tx) error {
		a, f, err := db.editableAssessment(ctx, tx, assessmentID)
		if err != nil {
			return err
		}
		if a.MemberRole(actor) != assessment.RoleLead {
			return assessment.Errorf(assessment.EFORBIDDEN, "only the lead assessor sets the consensus of assessment %d", assessmentID)
		}
		errs := validateConsensus(f, a, out)
		if len(errs) > 0 {
			return assessment.Invalid("invalid consensus", errs...)
		}
		now := db.Now()
		for i := range out {
			c := &out[i]
			c.AssessmentID = assessmentID
			var oldVersion int
			var oldLevel, oldTarget sql.NullInt64
			var oldComment, oldAt string
			var oldBy int64
			err := tx.QueryRowContext(ctx, `SELECT version, level, target, comment, set_by, set_at FROM consensus WHERE assessment_id = ? AND indicator_id = ?`,
				assessmentID, c.IndicatorID).Scan(&oldVersion, &oldLevel, &oldTarget, &oldComment, &oldBy, &oldAt)
			if err != nil && err != sql.ErrNoRows {
				return err
			}
			if oldVersion == 0 && c.Version != 0 {
				return assessment.Errorf(assessment.ECONFLICT, "consensus on %s: the record you edited (version %d) no longer exists; reload it", c.IndicatorID, c.Version)
			}
			if oldVersion != c.Version {
				return assessment.Errorf(assessment.ECONFLICT, "consensus on %s was changed by %s on %s (now version %d, you had version %d); reload it",
					c.IndicatorID, db.userName(ctx, tx, oldBy), parseTime(oldAt).Format("2006-01-02 15:04 MST"), oldVersion, c.Version)
			}
			old := ""
			if oldVersion > 0 {
				old = consensusAudit(&assessment.Consensus{Level: levelFrom(oldLevel), Target: levelFrom(oldTarget), Comment: oldComment, Version: oldVersion})
			}
			c.Version++
			c.SetBy, c.SetAt = actor, now
			if err := upsertConsensus(ctx, tx, c); err != nil {
				return err
			}
			if err := db.audit(ctx, tx, now, actor, assessmentID, "consensus", c.IndicatorID, map[bool]string{true: "update", false: "create"}[old != ""], old, consensusAudit(c)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func validateConsensus(f *assessment.Framework, a *assessment.Assessment, cs []assessment.Consensus) []assessment.FieldError {
	var errs []assessment.FieldError
	seen := map[string]bool{}
	for i, c := range cs {
		p := fmt.Sprintf("consensus[%d]", i)
		// A consensus has the shape of a response without assessor fields.
		r := assessment.Response{IndicatorID: c.IndicatorID, Level: c.Level, Target: c.Target}
		errs = append(errs, assessment.ValidateResponse(f, a, &r, p)...)
		if seen[c.IndicatorID] {
			errs = append(errs, assessment.FieldError{Field: p + ".indicator", Message: "appears twice"})
		}
		seen[c.IndicatorID] = true
	}
	return errs
}

func upsertConsensus(ctx context.Context, tx *sql.Tx, c *assessment.Consensus) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO consensus (assessment_id, indicator_id, level, target, comment, version, set_by, set_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id, indicator_id) DO UPDATE SET level = excluded.level,
		target = excluded.target, comment = excluded.comment, version = excluded.version, set_by = excluded.set_by, set_at = excluded.set_at`,
		c.AssessmentID, c.IndicatorID, levelArg(c.Level), levelArg(c.Target), c.Comment, c.Version, c.SetBy, formatTime(c.SetAt))
	return err
}

// FindConsensus implements assessment.AssessmentStore.
func (db *DB) FindConsensus(ctx context.Context, assessmentID int64) ([]assessment.Consensus, error) {
	var out []assessment.Consensus
	err := db.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT assessment_id, indicator_id, level, target, comment, version, set_by, set_at
			FROM consensus WHERE assessment_id = ? ORDER BY indicator_id`, assessmentID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c assessment.Consensus
			var level, target sql.NullInt64
			var at string
			if err := rows.Scan(&c.AssessmentID, &c.IndicatorID, &level, &target, &c.Comment, &c.Version, &c.SetBy, &at); err != nil {
				return err
			}
			c.Level, c.Target, c.SetAt = levelFrom(level), levelFrom(target), parseTime(at)
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

// ImportBundle implements assessment.AssessmentStore. Users are matched by
// e-mail and created when missing; the assessment gets a new id; response
// and consensus versions and times are kept as they were exported.
func (db *DB) ImportBundle(ctx context.Context, actor int64, b *assessment.Bundle) (*assessment.Assessment, error) {
	a := b.Assessment
	f, err := db.framework(&a)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		ids := map[int64]int64{} // local → database
		for i := range b.Users {
			u := b.Users[i]
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, strings.TrimSpace(u.Email)).Scan(&id)
			switch {
			case err == sql.ErrNoRows:
				local := u.ID
				u.ID = 0
				if err := u.Validate(); err != nil {
					return err
				}
				if err := db.createUser(ctx, tx, actor, &u); err != nil {
					return err
				}
				ids[local] = u.ID
			case err != nil:
				return err
			default:
				ids[u.ID] = id
			}
		}
		mapID := func(local int64, field string) (int64, error) {
			if id, ok := ids[local]; ok {
				return id, nil
			}
			return 0, assessment.Invalid("invalid bundle", assessment.FieldError{Field: field, Message: fmt.Sprintf("refers to unknown user %d", local)})
		}
		a.ID, a.Version = 0, 0
		a.BaselineID = 0
		if a.Round == 0 {
			a.Round = 1
		}
		a.Team = append([]assessment.Member(nil), a.Team...) // the caller's bundle stays as it was
		for i := range a.Team {
			id, err := mapID(a.Team[i].UserID, fmt.Sprintf("team[%d]", i))
			if err != nil {
				return err
			}
			a.Team[i].UserID = id
		}
		if err := a.Validate(f); err != nil {
			return err
		}
		if err := db.insertAssessment(ctx, tx, actor, &a, "import"); err != nil {
			return err
		}
		var errs []assessment.FieldError
		seen := map[string]int{}
		for i := range b.Responses {
			r := b.Responses[i]
			p := fmt.Sprintf("responses[%d]", i)
			var err error
			if r.AssessorID, err = mapID(r.AssessorID, p+".assessor"); err != nil {
				return err
			}
			if !a.MemberRole(r.AssessorID).Scores() {
				errs = append(errs, assessment.FieldError{Field: p + ".assessor", Message: "is not an assessor on the team"})
			}
			key := fmt.Sprintf("%s/%d", r.IndicatorID, r.AssessorID)
			if j, dup := seen[key]; dup {
				errs = append(errs, assessment.FieldError{Field: p, Message: fmt.Sprintf("duplicate of responses[%d] (same indicator and assessor)", j)})
			}
			seen[key] = i
			if r.UpdatedBy, err = mapID(r.UpdatedBy, p+".updated_by"); err != nil {
				return err
			}
			r.AssessmentID = a.ID
			if r.Version < 1 {
				r.Version = 1
			}
			if r.UpdatedAt.IsZero() {
				r.UpdatedAt = db.Now()
			}
			if errs = append(errs, assessment.ValidateResponse(f, &a, &r, p)...); len(errs) > 0 {
				continue
			}
			if err := db.upsertResponse(ctx, tx, &r); err != nil {
				return err
			}
		}
		if errs = append(errs, validateConsensus(f, &a, b.Consensus)...); len(errs) > 0 {
			return assessment.Invalid("invalid bundle", errs...)
		}
		for i := range b.Consensus {
			c := b.Consensus[i]
			var err error
			if c.SetBy, err = mapID(c.SetBy, fmt.Sprintf("consensus[%d].set_by", i)); err != nil {
				return err
			}
			c.AssessmentID = a.ID
			if c.Version < 1 {
				c.Version = 1
			}
			if c.SetAt.IsZero() {
				c.SetAt = db.Now()
			}
			if err := upsertConsensus(ctx, tx, &c); err != nil {
				return err
			}
		}
		summary := fmt.Sprintf(`{"responses":%d,"consensus":%d,"users":%d}`, len(b.Responses), len(b.Consensus), len(b.Users))
		return db.audit(ctx, tx, db.Now(), actor, a.ID, "assessment", fmt.Sprint(a.ID), "import-contents", "", summary)
	})
	if err != nil {
		return nil, err
	}
	return db.FindAssessmentByID(ctx, a.ID)
}
