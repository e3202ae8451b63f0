package data_test

import (
	"context"
	"strings"
	"testing"

	"bordergap/assessment"
)

func TestCreateAndFindUser(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	admin := createUser(t, db, "Ada Admin", "ada.admin@example.org")
	u := &assessment.User{Name: "Bao Minister", Email: "  Bao.Minister@Example.org ", Organisation: "Xanadia Ministry of Interior",
		Role: assessment.UserMinistry, Country: "XAA"}
	if err := db.CreateUser(ctx, admin.ID, u); err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.ID == admin.ID {
		t.Errorf("ID = %d, want a new id", u.ID)
	}
	if u.Email != "Bao.Minister@Example.org" {
		t.Errorf("Email = %q, want it trimmed", u.Email)
	}
	if u.CreatedAt.IsZero() {
		t.Error("CreatedAt not set")
	}

	byID, err := db.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if *byID != *u {
		t.Errorf("FindUserByID = %+v, want %+v", byID, u)
	}
	for _, email := range []string{"Bao.Minister@Example.org", "bao.minister@example.org", "BAO.MINISTER@EXAMPLE.ORG", " bao.minister@example.org "} {
		got, err := db.FindUserByEmail(ctx, email)
		if err != nil {
			t.Errorf("FindUserByEmail(%q): %v", email, err)
			continue
		}
		if got.ID != u.ID {
			t.Errorf("FindUserByEmail(%q).ID = %d, want %d", email, got.ID, u.ID)
		}
	}

	all, err := db.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != admin.ID || all[1].ID != u.ID {
		t.Errorf("FindUsers() = %+v, want admin then the minister", all)
	}

	es := audit(t, db, 0)
	last := es[len(es)-1]
	if last.Entity != "user" || last.Action != "create" || last.ActorID != admin.ID || last.ActorName != "Ada Admin" ||
		last.Key != u.Email || !strings.Contains(last.New, `"Bao Minister"`) || last.Old != "" {
		t.Errorf("audit row = %+v", last)
	}
}

func TestCreateUserDuplicateEmail(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	createUser(t, db, "Ada Lead", "ada.lead@example.org")
	for _, email := range []string{"ada.lead@example.org", "ADA.Lead@Example.ORG", " ada.lead@example.org"} {
		u := &assessment.User{Name: "Another Ada", Email: email, Role: assessment.UserDonor}
		e := wantErr(t, db.CreateUser(ctx, 0, u), assessment.ECONFLICT)
		if !strings.Contains(e.Message, "already exists") {
			t.Errorf("%q: message %q", email, e.Message)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM users`); n != 1 {
		t.Errorf("users = %d, want 1", n)
	}
}

func TestCreateUserInvalid(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	tests := []struct {
		name   string
		u      assessment.User
		fields []string
	}{
		{"everything", assessment.User{Name: " ", Email: "nobody", Role: "king"}, []string{"email", "name", "role"}},
		{"ministry without country", assessment.User{Name: "Bao Minister", Email: "bao@example.org", Role: assessment.UserMinistry}, []string{"country"}},
		{"ministry with a lower-case country", assessment.User{Name: "Bao Minister", Email: "bao@example.org", Role: assessment.UserMinistry, Country: "xaa"}, []string{"country"}},
		{"e-mail with a space inside", assessment.User{Name: "Bao", Email: "bao minister@example.org", Role: assessment.UserDonor}, []string{"email"}},
		{"e-mail without domain", assessment.User{Name: "Bao", Email: "bao@", Role: assessment.UserDonor}, []string{"email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.u
			e := wantErr(t, db.CreateUser(ctx, 0, &u), assessment.EINVALID)
			if got := fieldNames(e); !sameStrings(got, tt.fields) {
				t.Errorf("fields = %q, want %q", got, tt.fields)
			}
			if u.ID != 0 {
				t.Errorf("ID = %d after a failed create", u.ID)
			}
		})
	}
	if n := count(t, db, `SELECT count(*) FROM users`); n != 0 {
		t.Errorf("users = %d, want 0", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log`); n != 0 {
		t.Errorf("audit rows = %d, want 0", n)
	}
}

func TestFindUserNotFound(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	createUser(t, db, "Ada Lead", "ada.lead@example.org")
	u, err := db.FindUserByID(ctx, 999)
	wantErr(t, err, assessment.ENOTFOUND)
	if u != nil {
		t.Errorf("FindUserByID(999) returned %+v with its error", u)
	}
	u, err = db.FindUserByEmail(ctx, "nobody@example.org")
	wantErr(t, err, assessment.ENOTFOUND)
	if u != nil {
		t.Errorf("FindUserByEmail returned %+v with its error", u)
	}
}
