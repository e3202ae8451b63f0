package data_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"bordergap/assessment"
	"bordergap/data"
)

func TestSaveResponses(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)

	full := resp("GOV.1.1", tm.ben, 2)
	full.Target = 3
	full.Confidence = assessment.ConfidenceHigh
	full.Note = "Strategy adopted in 2024 \"on paper\";\nnot funded — see §4.\tÜbersicht ✓"
	full.Sources = []string{"Xanadia IBM strategy 2024", "interview with the XAA border guard"}
	notApplicable := resp("TRV.1.1", tm.ben, assessment.NA) // air only; Xanadia has no airport
	unscored := resp("GOV.1.3", tm.ben, assessment.Unscored)
	unscored.Sources = nil
	capped := resp("GOV.1.2", tm.ben, 2)
	capped.RightsConcern = true
	in := []assessment.Response{full, notApplicable, unscored, capped}

	out := save(t, db, tm.ben.ID, a, in...)
	if len(out) != len(in) {
		t.Fatalf("got %d responses back, want %d", len(out), len(in))
	}
	for i, r := range out {
		if r.Version != 1 || r.UpdatedBy != tm.ben.ID || r.UpdatedAt.IsZero() || r.AssessmentID != a.ID {
			t.Errorf("out[%d]: version %d, updated by %d at %v, assessment %d; want version 1 by %d",
				i, r.Version, r.UpdatedBy, r.UpdatedAt, r.AssessmentID, tm.ben.ID)
		}
		if in[i].Version != 0 || in[i].UpdatedBy != 0 {
			t.Errorf("in[%d] was modified: %+v", i, in[i])
		}
	}

	stored, err := db.FindResponses(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(in) {
		t.Fatalf("stored %d responses, want %d", len(stored), len(in))
	}
	for _, want := range out {
		got, ok := findResponse(t, db, a.ID, want.IndicatorID, tm.ben.ID)
		if !ok {
			t.Errorf("%s not stored", want.IndicatorID)
			continue
		}
		if want.Sources == nil {
			want.Sources = []string{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: stored %+v,\nwant %+v", want.IndicatorID, got, want)
		}
	}

	// Saving again with the version read moves it on.
	again := out[0]
	again.Level = 3
	again.Note = "Funded in the 2026 budget"
	out2 := save(t, db, tm.ben.ID, a, again)
	if out2[0].Version != 2 || out2[0].Level != 3 {
		t.Errorf("second save: version %d level %v, want version 2 level 3", out2[0].Version, out2[0].Level)
	}
	got, _ := findResponse(t, db, a.ID, "GOV.1.1", tm.ben.ID)
	if got.Version != 2 || got.Level != 3 || got.Note != "Funded in the 2026 budget" || !got.UpdatedAt.After(out[0].UpdatedAt) {
		t.Errorf("stored after the second save: %+v", got)
	}

	// The assessment records when its responses last changed.
	reread, err := db.FindAssessmentByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reread.UpdatedAt.Equal(out2[0].UpdatedAt) {
		t.Errorf("assessment updated_at = %v, want %v", reread.UpdatedAt, out2[0].UpdatedAt)
	}
}

// snapshot is everything a failed save must leave alone.
type snapshot struct {
	responses []assessment.Response
	audit     int
	updated   string
}

func takeSnapshot(t *testing.T, db *data.DB, a *assessment.Assessment) snapshot {
	t.Helper()
	rs, err := db.FindResponses(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.FindAssessmentByID(context.Background(), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return snapshot{rs, count(t, db, `SELECT count(*) FROM audit_log`), stored.UpdatedAt.String()}
}

func (s snapshot) check(t *testing.T, db *data.DB, a *assessment.Assessment) {
	t.Helper()
	now := takeSnapshot(t, db, a)
	if !reflect.DeepEqual(now.responses, s.responses) {
		t.Errorf("responses changed:\n got %+v\nwant %+v", now.responses, s.responses)
	}
	if now.audit != s.audit {
		t.Errorf("audit rows: %d, want %d (a failed save wrote to the audit log)", now.audit, s.audit)
	}
	if now.updated != s.updated {
		t.Errorf("assessment updated_at moved from %s to %s", s.updated, now.updated)
	}
}

func TestSaveResponsesStale(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)

	mine := save(t, db, tm.ben.ID, a, resp("GOV.1.1", tm.ben, 2))[0] // version 1
	// The lead corrects Ben's response meanwhile: version 2.
	theirs := mine
	theirs.Level, theirs.Note = 1, "corrected by the lead after the site visit"
	theirs = save(t, db, tm.lead.ID, a, theirs)[0]
	if theirs.Version != 2 || theirs.UpdatedBy != tm.lead.ID {
		t.Fatalf("lead's save: %+v", theirs)
	}
	before := takeSnapshot(t, db, a)

	t.Run("stale", func(t *testing.T) {
		stale := mine
		stale.Level, stale.Note = 4, "Ben's edit from an old page"
		_, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, []assessment.Response{stale})
		e := wantErr(t, err, assessment.ECONFLICT)
		if missing := containsAll(e.Message, "GOV.1.1", "Ada Lead", theirs.UpdatedAt.Format("2006-01-02 15:04"), "version 2", "version 1"); len(missing) > 0 {
			t.Errorf("message %q lacks %q", e.Message, missing)
		}
		before.check(t, db, a)
		got, _ := findResponse(t, db, a.ID, "GOV.1.1", tm.ben.ID)
		if got.Level != 1 || got.Note != theirs.Note || got.Version != 2 || got.UpdatedBy != tm.lead.ID {
			t.Errorf("stored = %+v, want the lead's version 2 untouched", got)
		}
	})

	t.Run("fresh and stale in one batch", func(t *testing.T) {
		fresh := resp("GOV.1.2", tm.ben, 3) // new: version 0
		stale := mine
		stale.Level = 4
		_, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, []assessment.Response{fresh, stale})
		wantErr(t, err, assessment.ECONFLICT)
		before.check(t, db, a)
		if r, ok := findResponse(t, db, a.ID, "GOV.1.2", tm.ben.ID); ok {
			t.Errorf("the fresh response of a refused batch was stored: %+v", r)
		}
	})

	t.Run("new response that exists already", func(t *testing.T) {
		dup := resp("GOV.1.1", tm.ben, 3) // version 0, but the row is at 2
		_, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, []assessment.Response{dup})
		e := wantErr(t, err, assessment.ECONFLICT)
		if !strings.Contains(e.Message, "Ada Lead") {
			t.Errorf("message %q does not name the lead", e.Message)
		}
		before.check(t, db, a)
	})

	t.Run("version of a response that does not exist", func(t *testing.T) {
		ghost := resp("GOV.2.1", tm.ben, 3)
		ghost.Version = 4
		_, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, []assessment.Response{ghost})
		e := wantErr(t, err, assessment.ECONFLICT)
		if !strings.Contains(e.Message, "GOV.2.1") || !strings.Contains(e.Message, "no longer exists") {
			t.Errorf("message %q", e.Message)
		}
		before.check(t, db, a)
	})

	t.Run("from the future", func(t *testing.T) {
		future := theirs
		future.Version = 3
		_, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, []assessment.Response{future})
		wantErr(t, err, assessment.ECONFLICT)
		before.check(t, db, a)
	})
}

func TestSaveResponsesInvalid(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	save(t, db, tm.ben.ID, a, resp("GOV.3.1", tm.ben, 2))
	before := takeSnapshot(t, db, a)

	target4 := resp("GOV.2.2", tm.ben, 2) // weight 2
	target4.Target = 4
	badConfidence := resp("GOV.3.2", tm.ben, 1)
	badConfidence.Confidence = "X"
	emptySource := resp("GOV.3.3", tm.ben, 1)
	emptySource.Sources = []string{"law", "  "}
	batch := []assessment.Response{
		resp("ZZZ.9.9", tm.ben, 2),                   // 0 unknown indicator
		resp("GOV.1.1", tm.ben, assessment.Level(7)), // 1 level out of range
		resp("GOV.1.2", tm.ben, assessment.NA),       // 2 N/A on an applicable indicator
		resp("GOV.1.3", tm.ben, 2),                   // 3
		resp("GOV.1.3", tm.ben, 3),                   // 4 duplicate of 3
		target4,                                      // 5 target 4 on a weight-2 indicator
		badConfidence,                                // 6
		emptySource,                                  // 7
		resp("GOV.2.1", tm.ben, 1),                   // 8 valid
	}
	_, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, batch)
	e := wantErr(t, err, assessment.EINVALID)
	want := []string{
		"responses[0].indicator",
		"responses[1].level",
		"responses[2].level",
		"responses[4]",
		"responses[5].target",
		"responses[6].confidence",
		"responses[7].sources[1]",
	}
	if got := fieldNames(e); !sameStrings(got, want) {
		t.Errorf("fields = %q,\nwant %q", got, want)
	}
	for _, f := range e.Fields {
		if f.Message == "" {
			t.Errorf("%s: no message", f.Field)
		}
	}
	before.check(t, db, a)

	t.Run("rights concern caps the level at 2", func(t *testing.T) {
		for _, level := range []assessment.Level{3, 4} {
			r := resp("GOV.1.1", tm.ben, level)
			r.RightsConcern = true
			_, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, []assessment.Response{r})
			e := wantErr(t, err, assessment.EINVALID)
			if got := fieldNames(e); !slices.Equal(got, []string{"responses[0].level"}) {
				t.Errorf("level %d: fields = %q", level, got)
			}
			before.check(t, db, a)
		}
	})
}

func TestSaveResponsesPermissions(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)

	refuse := func(name string, actor int64, r assessment.Response, code string, fields ...string) {
		t.Run(name, func(t *testing.T) {
			before := takeSnapshot(t, db, a)
			_, err := db.SaveResponses(ctx, actor, a.ID, []assessment.Response{r})
			e := wantErr(t, err, code)
			if got := fieldNames(e); !slices.Equal(got, fields) {
				t.Errorf("fields = %q, want %q", got, fields)
			}
			before.check(t, db, a)
		})
	}
	refuse("assessor for another assessor", tm.ben.ID, resp("GOV.1.1", tm.cleo, 2), assessment.EFORBIDDEN)
	refuse("assessor for the lead", tm.ben.ID, resp("GOV.1.1", tm.lead, 2), assessment.EFORBIDDEN)
	refuse("reviewer for an assessor", tm.dara.ID, resp("GOV.1.1", tm.ben, 2), assessment.EFORBIDDEN)
	refuse("outsider for himself", tm.eli.ID, resp("GOV.1.1", tm.eli, 2), assessment.EFORBIDDEN)
	refuse("outsider for an assessor", tm.eli.ID, resp("GOV.1.1", tm.ben, 2), assessment.EFORBIDDEN)
	refuse("reviewer scoring herself", tm.dara.ID, resp("GOV.1.1", tm.dara, 2), assessment.EINVALID, "responses[0].assessor_id")
	refuse("lead for the reviewer", tm.lead.ID, resp("GOV.1.1", tm.dara, 2), assessment.EINVALID, "responses[0].assessor_id")
	refuse("lead for an outsider", tm.lead.ID, resp("GOV.1.1", tm.eli, 2), assessment.EINVALID, "responses[0].assessor_id")

	t.Run("lead for an assessor", func(t *testing.T) {
		out := save(t, db, tm.lead.ID, a, resp("GOV.1.1", tm.cleo, 2), resp("GOV.1.1", tm.lead, 3))
		if out[0].AssessorID != tm.cleo.ID || out[0].UpdatedBy != tm.lead.ID {
			t.Errorf("saved %+v, want Cleo's response updated by the lead", out[0])
		}
		got, ok := findResponse(t, db, a.ID, "GOV.1.1", tm.cleo.ID)
		if !ok || got.UpdatedBy != tm.lead.ID || got.Version != 1 {
			t.Errorf("stored %+v", got)
		}
	})
	t.Run("assessor for himself", func(t *testing.T) {
		save(t, db, tm.ben.ID, a, resp("GOV.1.1", tm.ben, 2))
	})

	t.Run("mixed batch: own and another's", func(t *testing.T) {
		before := takeSnapshot(t, db, a)
		_, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, []assessment.Response{resp("GOV.1.2", tm.ben, 2), resp("GOV.1.2", tm.cleo, 2)})
		wantErr(t, err, assessment.EFORBIDDEN)
		before.check(t, db, a)
	})

	t.Run("missing assessment", func(t *testing.T) {
		_, err := db.SaveResponses(ctx, tm.ben.ID, 999, []assessment.Response{resp("GOV.1.1", tm.ben, 2)})
		wantErr(t, err, assessment.ENOTFOUND)
	})
}

func TestSaveOnValidatedAssessment(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	r := save(t, db, tm.ben.ID, a, resp("GOV.1.1", tm.ben, 2))[0]

	moved, err := db.SetStatus(ctx, tm.lead.ID, a.ID, a.Version, assessment.StatusInReview)
	if err != nil {
		t.Fatal(err)
	}
	// In review, responses may still change.
	r.Level = 3
	r = save(t, db, tm.ben.ID, a, r)[0]

	if moved, err = db.SetStatus(ctx, tm.lead.ID, a.ID, moved.Version, assessment.StatusValidated); err != nil {
		t.Fatal(err)
	}
	before := takeSnapshot(t, db, a)
	r.Level = 4
	_, err = db.SaveResponses(ctx, tm.ben.ID, a.ID, []assessment.Response{r})
	e := wantErr(t, err, assessment.EINVALID)
	if !strings.Contains(e.Message, "validated") {
		t.Errorf("message %q does not say the assessment is validated", e.Message)
	}
	_, err = db.SaveConsensus(ctx, tm.lead.ID, a.ID, []assessment.Consensus{{IndicatorID: "GOV.1.1", Level: 2, Target: assessment.Unscored}})
	wantErr(t, err, assessment.EINVALID)
	before.check(t, db, a)
	if n := count(t, db, `SELECT count(*) FROM consensus`); n != 0 {
		t.Errorf("consensus rows = %d, want 0", n)
	}

	// Back in review, the response can change again.
	if _, err = db.SetStatus(ctx, tm.lead.ID, a.ID, moved.Version, assessment.StatusInReview); err != nil {
		t.Fatal(err)
	}
	save(t, db, tm.ben.ID, a, r)
}

func TestSaveConsensus(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	save(t, db, tm.ben.ID, a, resp("GOV.1.1", tm.ben, 2))
	c := func(indicator string, level assessment.Level) assessment.Consensus {
		return assessment.Consensus{IndicatorID: indicator, Level: level, Target: assessment.Unscored, Comment: "agreed at the Xanadia workshop"}
	}

	for _, who := range []*assessment.User{tm.ben, tm.cleo, tm.dara, tm.eli} {
		_, err := db.SaveConsensus(ctx, who.ID, a.ID, []assessment.Consensus{c("GOV.1.1", 2)})
		e := wantErr(t, err, assessment.EFORBIDDEN)
		if !strings.Contains(e.Message, "lead") {
			t.Errorf("%s: message %q", who.Name, e.Message)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM consensus`); n != 0 {
		t.Fatalf("consensus rows = %d after refused saves", n)
	}

	first := c("GOV.1.1", 2)
	first.Target = 4 // weight 3
	out, err := db.SaveConsensus(ctx, tm.lead.ID, a.ID, []assessment.Consensus{first, c("TRV.1.1", assessment.NA)})
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range out {
		if got.Version != 1 || got.SetBy != tm.lead.ID || got.SetAt.IsZero() || got.AssessmentID != a.ID {
			t.Errorf("saved %+v, want version 1 set by the lead", got)
		}
	}
	stored, err := db.FindConsensus(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stored, out) {
		t.Errorf("FindConsensus = %+v,\nwant %+v", stored, out)
	}

	update := out[0]
	update.Level, update.Comment = 3, "revised after the document review"
	out2, err := db.SaveConsensus(ctx, tm.lead.ID, a.ID, []assessment.Consensus{update})
	if err != nil {
		t.Fatal(err)
	}
	if out2[0].Version != 2 {
		t.Errorf("version after update = %d, want 2", out2[0].Version)
	}

	consensusRows := func() []assessment.Consensus {
		cs, err := db.FindConsensus(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	before, auditBefore := consensusRows(), count(t, db, `SELECT count(*) FROM audit_log`)
	unchanged := func(t *testing.T) {
		t.Helper()
		if got := consensusRows(); !reflect.DeepEqual(got, before) {
			t.Errorf("consensus changed:\n got %+v\nwant %+v", got, before)
		}
		if n := count(t, db, `SELECT count(*) FROM audit_log`); n != auditBefore {
			t.Errorf("audit rows %d, want %d", n, auditBefore)
		}
	}

	t.Run("stale", func(t *testing.T) {
		stale := out[0] // version 1
		stale.Level = 0
		_, err := db.SaveConsensus(ctx, tm.lead.ID, a.ID, []assessment.Consensus{stale})
		e := wantErr(t, err, assessment.ECONFLICT)
		if missing := containsAll(e.Message, "GOV.1.1", "Ada Lead", out2[0].SetAt.Format("2006-01-02 15:04"), "version 2", "version 1"); len(missing) > 0 {
			t.Errorf("message %q lacks %q", e.Message, missing)
		}
		unchanged(t)
	})
	t.Run("fresh and stale in one batch", func(t *testing.T) {
		stale := out[0]
		_, err := db.SaveConsensus(ctx, tm.lead.ID, a.ID, []assessment.Consensus{c("GOV.1.2", 1), stale})
		wantErr(t, err, assessment.ECONFLICT)
		unchanged(t)
	})
	t.Run("invalid", func(t *testing.T) {
		target4 := c("GOV.1.2", 1) // weight 2
		target4.Target = 4
		_, err := db.SaveConsensus(ctx, tm.lead.ID, a.ID, []assessment.Consensus{
			c("ZZZ.1.1", 1), c("GOV.1.3", assessment.NA), c("GOV.2.1", assessment.Level(9)), target4, c("GOV.2.1", 1),
		})
		e := wantErr(t, err, assessment.EINVALID)
		want := []string{"consensus[0].indicator", "consensus[1].level", "consensus[2].level", "consensus[3].target", "consensus[4].indicator"}
		if got := fieldNames(e); !sameStrings(got, want) {
			t.Errorf("fields = %q, want %q", got, want)
		}
		unchanged(t)
	})
}
