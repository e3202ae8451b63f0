package data_test

import (
	"context"
	"testing"
	"time"

	"bordergap/assessment"
)

func TestSessionsLifecycle(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if err := db.CreateSession(ctx, "secret-1", assessment.Session{UserID: tm.lead.ID, CSRFToken: "c1", CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	s, u, err := db.FindSession(ctx, "secret-1", now.Add(time.Minute))
	if err != nil || u.ID != tm.lead.ID || s.CSRFToken != "c1" {
		t.Fatalf("FindSession: %v %+v %+v", err, s, u)
	}
	// Unknown secret, expired session.
	if _, _, err := db.FindSession(ctx, "secret-2", now); assessment.ErrorCode(err) != assessment.ENOTFOUND {
		t.Errorf("unknown session: %v", err)
	}
	if _, _, err := db.FindSession(ctx, "secret-1", now.Add(2*time.Hour)); assessment.ErrorCode(err) != assessment.ENOTFOUND {
		t.Errorf("expired session: %v", err)
	}
	// Touch moves the expiry.
	if err := db.TouchSession(ctx, "secret-1", now.Add(50*time.Minute), now.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FindSession(ctx, "secret-1", now.Add(2*time.Hour)); err != nil {
		t.Errorf("touched session: %v", err)
	}
	// A new password ends every session; so does disabling the user.
	if err := db.SetPassword(ctx, tm.lead.ID, tm.lead.ID, "$argon2id$x", false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FindSession(ctx, "secret-1", now); err == nil {
		t.Errorf("session survived a password change")
	}
	_ = db.CreateSession(ctx, "secret-3", assessment.Session{UserID: tm.ben.ID, CSRFToken: "c", CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)})
	ben := *tm.ben
	ben.Disabled = true
	if err := db.UpdateUser(ctx, tm.lead.ID, &ben); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FindSession(ctx, "secret-3", now); err == nil {
		t.Errorf("session of a disabled user still valid")
	}
	// Logout.
	_ = db.CreateSession(ctx, "secret-4", assessment.Session{UserID: tm.cleo.ID, CSRFToken: "c", CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(time.Hour)})
	if err := db.DeleteSession(ctx, "secret-4"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.FindSession(ctx, "secret-4", now); err == nil {
		t.Errorf("session survived logout")
	}
}

func TestPasswordHashAndMustChange(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	if h, must, err := db.PasswordHash(ctx, tm.lead.ID); err != nil || h != "" || must {
		t.Fatalf("new user: %q %v %v", h, must, err)
	}
	if err := db.SetPassword(ctx, 0, tm.lead.ID, "$argon2id$v=19$abc", true); err != nil {
		t.Fatal(err)
	}
	if h, must, err := db.PasswordHash(ctx, tm.lead.ID); err != nil || h != "$argon2id$v=19$abc" || !must {
		t.Fatalf("after set: %q %v %v", h, must, err)
	}
	if err := db.SetPassword(ctx, 0, 9999, "x", false); assessment.ErrorCode(err) != assessment.ENOTFOUND {
		t.Errorf("unknown user: %v", err)
	}
}

func TestAPITokens(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	tok, err := db.CreateAPIToken(ctx, tm.lead.ID, "laptop", "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.FindUserByAPIToken(ctx, "s3cret")
	if err != nil || u.ID != tm.lead.ID {
		t.Fatalf("FindUserByAPIToken: %v %+v", err, u)
	}
	list, _ := db.FindAPITokens(ctx, tm.lead.ID)
	if len(list) != 1 || list[0].Name != "laptop" || list[0].LastUsed == "" {
		t.Errorf("tokens = %+v", list)
	}
	if err := db.DeleteAPIToken(ctx, tm.ben.ID, tok.ID); assessment.ErrorCode(err) != assessment.ENOTFOUND {
		t.Errorf("someone else's token deleted: %v", err)
	}
	if err := db.DeleteAPIToken(ctx, tm.lead.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindUserByAPIToken(ctx, "s3cret"); assessment.ErrorCode(err) != assessment.ENOTFOUND {
		t.Errorf("revoked token still works: %v", err)
	}
}

func TestUpdateAssessment(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	edit := *a
	edit.Title = "Renamed"
	edit.Profile.Agencies = map[string][]string{"BG": {"Xanadia Border Police"}, "PIU": {"Passenger Information Unit"}}
	if err := db.UpdateAssessment(ctx, tm.ben.ID, &edit); assessment.ErrorCode(err) != assessment.EFORBIDDEN {
		t.Errorf("assessor updated the assessment: %v", err)
	}
	if err := db.UpdateAssessment(ctx, tm.lead.ID, &edit); err != nil {
		t.Fatal(err)
	}
	got, _ := db.FindAssessmentByID(ctx, a.ID)
	if got.Title != "Renamed" || got.Profile.Agencies["PIU"][0] != "Passenger Information Unit" || got.Version != a.Version+1 {
		t.Errorf("after update: %+v", got)
	}
	stale := *a // the old version
	stale.Title = "Stale"
	if err := db.UpdateAssessment(ctx, tm.lead.ID, &stale); assessment.ErrorCode(err) != assessment.ECONFLICT {
		t.Errorf("stale update: %v", err)
	}
	// A member with responses cannot be removed.
	save(t, db, tm.ben.ID, got, resp("GOV.1.1", tm.ben, 2))
	got, _ = db.FindAssessmentByID(ctx, a.ID)
	var keep []assessment.Member
	for _, m := range got.Team {
		if m.UserID != tm.ben.ID {
			keep = append(keep, m)
		}
	}
	got.Team = keep
	wantErr(t, db.UpdateAssessment(ctx, tm.lead.ID, got), assessment.EINVALID)
}

func TestSaveActionStatusRules(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tm := newTeam(t, db)
	a := newAssessment(t, db, tm)
	ministry := &assessment.User{Name: "Focal", Email: "focal@moi.xaa.example", Role: assessment.UserMinistry, Country: a.State}
	if err := db.CreateUser(ctx, 0, ministry); err != nil {
		t.Fatal(err)
	}
	// Before publication only the lead may.
	if _, err := db.SaveActionStatus(ctx, ministry.ID, a.ID, "AP-GOV-1.1-A1", assessment.StatusOngoing, "", 0); assessment.ErrorCode(err) != assessment.EFORBIDDEN {
		t.Errorf("ministry before publication: %v", err)
	}
	x, err := db.SaveActionStatus(ctx, tm.lead.ID, a.ID, "AP-GOV-1.1-A1", assessment.StatusOngoing, "kick-off held", 0)
	if err != nil || x.Version != 1 {
		t.Fatalf("lead: %v %+v", err, x)
	}
	for _, st := range []assessment.Status{assessment.StatusInReview, assessment.StatusValidated, assessment.StatusPublished} {
		cur, _ := db.FindAssessmentByID(ctx, a.ID)
		if _, err := db.SetStatus(ctx, tm.lead.ID, a.ID, cur.Version, st); err != nil {
			t.Fatal(err)
		}
	}
	x, err = db.SaveActionStatus(ctx, ministry.ID, a.ID, "AP-GOV-1.1-A1", assessment.StatusCompleted, "decree adopted", 1)
	if err != nil || x.Version != 2 || x.Status != assessment.StatusCompleted {
		t.Fatalf("ministry after publication: %v %+v", err, x)
	}
	if _, err := db.SaveActionStatus(ctx, ministry.ID, a.ID, "AP-GOV-1.1-A1", assessment.StatusDelayed, "", 1); assessment.ErrorCode(err) != assessment.ECONFLICT {
		t.Errorf("stale status: %v", err)
	}
	if _, err := db.SaveActionStatus(ctx, ministry.ID, a.ID, "AP-GOV-1.1-A1", "paused", "", 2); assessment.ErrorCode(err) != assessment.EINVALID {
		t.Errorf("bad status: %v", err)
	}
	if _, err := db.SaveActionStatus(ctx, tm.ben.ID, a.ID, "AP-GOV-1.1-A1", assessment.StatusDelayed, "", 2); assessment.ErrorCode(err) != assessment.EFORBIDDEN {
		t.Errorf("assessor: %v", err)
	}
	adj, _ := db.FindAdjustments(ctx, a.ID)
	if len(adj) != 1 || adj[0].Note != "decree adopted" {
		t.Errorf("adjustments = %+v", adj)
	}
}
