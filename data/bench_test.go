package data_test

import (
	"context"
	"testing"

	"bordergap/assessment"
)

// benchAssessment is an assessment of a state with every mode, so that all
// 112 indicators of the default framework apply.
func benchAssessment(b *testing.B, tm team) *assessment.Assessment {
	b.Helper()
	a := draft(tm.members())
	a.Scope.Modes = assessment.Modes
	return a
}

func fullBatch(a *assessment.Assessment, assessor *assessment.User) []assessment.Response {
	var rs []assessment.Response
	for i, id := range applicable(a) {
		r := resp(id, assessor, assessment.Level(i%5))
		r.Note = "Observed at three BCPs; the procedure exists but is applied unevenly across shifts."
		r.Sources = []string{"interview", "SOP 12/2025"}
		rs = append(rs, r)
	}
	return rs
}

// BenchmarkSaveResponses saves one batch of 112 responses of one assessor
// in one transaction (validation, version check, upsert and audit row for
// each response).
//
//   - update: the same assessment throughout; each iteration sends the
//     versions the previous one returned, so every response is an update
//     (old row read, compared, replaced, old → new audited). The audit log
//     grows by 112 rows per iteration.
//   - create: a fresh assessment per iteration (created with the timer
//     stopped), so every response is an insert.
func BenchmarkSaveResponses(b *testing.B) {
	ctx := context.Background()
	b.Run("update", func(b *testing.B) {
		db := newDB(b)
		tm := newTeam(b, db)
		a := benchAssessment(b, tm)
		if err := db.CreateAssessment(ctx, tm.lead.ID, a); err != nil {
			b.Fatal(err)
		}
		rs := fullBatch(a, tm.ben)
		if len(rs) != 112 {
			b.Fatalf("batch of %d responses, want 112", len(rs))
		}
		rs = save(b, db, tm.ben.ID, a, rs...)
		b.ReportAllocs()
		for b.Loop() {
			out, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, rs)
			if err != nil {
				b.Fatal(err)
			}
			rs = out
		}
	})
	b.Run("create", func(b *testing.B) {
		db := newDB(b)
		tm := newTeam(b, db)
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			a := benchAssessment(b, tm)
			if err := db.CreateAssessment(ctx, tm.lead.ID, a); err != nil {
				b.Fatal(err)
			}
			rs := fullBatch(a, tm.ben)
			b.StartTimer()
			if _, err := db.SaveResponses(ctx, tm.ben.ID, a.ID, rs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFindResponses reads the 336 responses of an assessment scored by
// three assessors.
func BenchmarkFindResponses(b *testing.B) {
	ctx := context.Background()
	db := newDB(b)
	tm := newTeam(b, db)
	a := benchAssessment(b, tm)
	if err := db.CreateAssessment(ctx, tm.lead.ID, a); err != nil {
		b.Fatal(err)
	}
	for _, u := range []*assessment.User{tm.lead, tm.ben, tm.cleo} {
		save(b, db, u.ID, a, fullBatch(a, u)...)
	}
	b.ReportAllocs()
	for b.Loop() {
		rs, err := db.FindResponses(ctx, a.ID)
		if err != nil {
			b.Fatal(err)
		}
		if len(rs) != 336 {
			b.Fatalf("%d responses, want 336", len(rs))
		}
	}
}
