package data_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"bordergap/assessment"
	"bordergap/frameworks"
)

// applicable returns the indicators of the default framework that apply to
// an assessment's scope, in framework order.
func applicable(a *assessment.Assessment) []string {
	f := frameworks.Default()
	var out []string
	for _, id := range f.IndicatorIDs() {
		if f.Indicator(id).AppliesTo(a.Scope.Modes) {
			out = append(out, id)
		}
	}
	return out
}

// TestConcurrentSaves has eight assessors save their own responses at the
// same time, in several batches each, while readers read: the writer pool
// queues them and none fails.
func TestConcurrentSaves(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	const writers, batches, perBatch = 8, 6, 5
	var users []*assessment.User
	members := []assessment.Member{}
	for i := range writers {
		u := createUser(t, db, fmt.Sprintf("Assessor %c", 'A'+i), fmt.Sprintf("assessor.%d@example.org", i))
		users = append(users, u)
		role := assessment.RoleAssessor
		if i == 0 {
			role = assessment.RoleLead
		}
		members = append(members, assessment.Member{UserID: u.ID, Role: role})
	}
	a := draft(members)
	if err := db.CreateAssessment(ctx, users[0].ID, a); err != nil {
		t.Fatal(err)
	}
	ids := applicable(a)

	var failures atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for b := range batches {
				var rs []assessment.Response
				for i := range perBatch {
					rs = append(rs, resp(ids[b*perBatch+i], u, assessment.Level((w+i)%5)))
				}
				if _, err := db.SaveResponses(ctx, u.ID, a.ID, rs); err != nil {
					failures.Add(1)
					t.Errorf("assessor %d, batch %d: %v", w, b, err)
				}
			}
		}()
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			<-start
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.FindResponses(ctx, a.ID); err != nil {
					failures.Add(1)
					t.Errorf("FindResponses: %v", err)
					return
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(stop)
	readers.Wait()

	if n := failures.Load(); n != 0 {
		t.Fatalf("%d failed calls, want 0", n)
	}
	want := writers * batches * perBatch
	if n := count(t, db, `SELECT count(*) FROM responses WHERE assessment_id = ?`, a.ID); n != want {
		t.Errorf("responses = %d, want %d", n, want)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE entity = 'response'`); n != want {
		t.Errorf("audit rows = %d, want %d", n, want)
	}
}

// TestConcurrentSameResponse races two saves of the same response from the
// same version: exactly one wins, the other gets ECONFLICT.
func TestConcurrentSameResponse(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	ids := applicable(a)[:20]
	var base []assessment.Response
	for _, id := range ids {
		base = append(base, resp(id, tm.ben, 1))
	}
	base = save(t, db, tm.ben.ID, a, base...) // all at version 1

	for i, r := range base {
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 2)
		for g, actor := range []*assessment.User{tm.ben, tm.lead} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mine := r
				mine.Level = assessment.Level(2 + g)
				mine.Note = "saved by " + actor.Name
				<-start
				_, errs[g] = db.SaveResponses(ctx, actor.ID, a.ID, []assessment.Response{mine})
			}()
		}
		close(start)
		wg.Wait()

		var wins, conflicts int
		winner := -1
		for g, err := range errs {
			switch assessment.ErrorCode(err) {
			case "":
				wins++
				winner = g
			case assessment.ECONFLICT:
				conflicts++
			default:
				t.Errorf("%s, goroutine %d: %v", r.IndicatorID, g, err)
			}
		}
		if wins != 1 || conflicts != 1 {
			t.Fatalf("%s: %d wins and %d conflicts, want 1 and 1 (%v)", r.IndicatorID, wins, conflicts, errs)
		}
		got, _ := findResponse(t, db, a.ID, r.IndicatorID, tm.ben.ID)
		if got.Version != 2 || got.Level != assessment.Level(2+winner) {
			t.Errorf("%s (race %d): stored version %d level %v, want the winner's version 2 level %d", r.IndicatorID, i, got.Version, got.Level, 2+winner)
		}
	}
}
