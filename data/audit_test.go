package data_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"bordergap/assessment"
)

func TestAudit(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	other := draft(tm.members())
	other.State, other.StateName = "XAB", "Yonderland"
	if err := db.CreateAssessment(ctx, tm.cleo.ID, other); err != nil {
		t.Fatal(err)
	}

	r := save(t, db, tm.ben.ID, a, resp("GOV.1.1", tm.ben, 2))[0]
	save(t, db, tm.cleo.ID, other, resp("GOV.1.1", tm.cleo, 0))
	r.Level, r.Note, r.Confidence = 3, "now funded", assessment.ConfidenceHigh
	save(t, db, tm.lead.ID, a, r)
	cs, err := db.SaveConsensus(ctx, tm.lead.ID, a.ID, []assessment.Consensus{{IndicatorID: "GOV.1.1", Level: 3, Target: assessment.Unscored}})
	if err != nil {
		t.Fatal(err)
	}
	cs[0].Level = 2
	if _, err := db.SaveConsensus(ctx, tm.lead.ID, a.ID, cs); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetStatus(ctx, tm.lead.ID, a.ID, a.Version, assessment.StatusInReview); err != nil {
		t.Fatal(err)
	}

	es := audit(t, db, a.ID)
	key := fmt.Sprintf("GOV.1.1/%d", tm.ben.ID)
	type row struct{ actor, entity, key, action string }
	var got []row
	for i, e := range es {
		got = append(got, row{e.ActorName, e.Entity, e.Key, e.Action})
		if e.AssessmentID != a.ID {
			t.Errorf("row %d belongs to assessment %d, want %d", i, e.AssessmentID, a.ID)
		}
		if i > 0 && (e.ID <= es[i-1].ID || e.At.Before(es[i-1].At)) {
			t.Errorf("row %d (id %d at %v) is out of order after id %d at %v", i, e.ID, e.At, es[i-1].ID, es[i-1].At)
		}
		if e.At.IsZero() {
			t.Errorf("row %d has no time", i)
		}
	}
	want := []row{
		{"Ada Lead", "assessment", fmt.Sprint(a.ID), "create"},
		{"Ben Assessor", "response", key, "create"},
		{"Ada Lead", "response", key, "update"},
		{"Ada Lead", "consensus", "GOV.1.1", "create"},
		{"Ada Lead", "consensus", "GOV.1.1", "update"},
		{"Ada Lead", "assessment", fmt.Sprint(a.ID), "status"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("audit rows =\n%v\nwant\n%v", got, want)
	}

	// The response update records old and new values as JSON.
	var oldR, newR map[string]any
	if err := json.Unmarshal([]byte(es[2].Old), &oldR); err != nil {
		t.Fatalf("old %q: %v", es[2].Old, err)
	}
	if err := json.Unmarshal([]byte(es[2].New), &newR); err != nil {
		t.Fatalf("new %q: %v", es[2].New, err)
	}
	if oldR["level"] != 2.0 || newR["level"] != 3.0 || oldR["version"] != 1.0 || newR["version"] != 2.0 ||
		newR["note"] != "now funded" || newR["confidence"] != "H" || oldR["confidence"] != "M" {
		t.Errorf("response update: old %s → new %s", es[2].Old, es[2].New)
	}
	if es[1].Old != "" || !json.Valid([]byte(es[1].New)) {
		t.Errorf("response create: old %q new %q, want no old and a JSON new", es[1].Old, es[1].New)
	}
	var oldC, newC map[string]any
	if json.Unmarshal([]byte(es[4].Old), &oldC) != nil || json.Unmarshal([]byte(es[4].New), &newC) != nil ||
		oldC["level"] != 3.0 || newC["level"] != 2.0 {
		t.Errorf("consensus update: old %s → new %s", es[4].Old, es[4].New)
	}
	if es[5].Old != `{"status":"draft"}` || es[5].New != `{"status":"in_review"}` || es[5].ActorID != tm.lead.ID {
		t.Errorf("status row = %+v", es[5])
	}

	// The other assessment has its own rows; 0 lists everything, users too.
	if n := len(audit(t, db, other.ID)); n != 2 {
		t.Errorf("other assessment: %d rows, want 2", n)
	}
	all := audit(t, db, 0)
	if len(all) != len(es)+2+5 { // + other assessment + 5 users
		t.Errorf("FindAudit(0): %d rows, want %d", len(all), len(es)+2+5)
	}
	for i := 1; i < len(all); i++ {
		if all[i].ID <= all[i-1].ID {
			t.Errorf("FindAudit(0) out of order at %d", i)
		}
	}
	if n := len(audit(t, db, 999)); n != 0 {
		t.Errorf("FindAudit(999): %d rows, want 0", n)
	}
}
