package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bordergap/assessment"
)

var reOneTime = regexp.MustCompile(`<code class="secret">([^<]+)</code>`)

func TestAdminPagesByRole(t *testing.T) {
	f := newFixture(t)
	target := f.users[uAssessor]
	for _, key := range w1Everyone {
		t.Run("as "+key, func(t *testing.T) {
			c := f.w1Client(key)
			reqs := []struct {
				name string
				do   func() response
			}{
				{"GET /admin/users", func() response { return c.get("/admin/users") }},
				{"GET /admin/users/:uid", func() response { return c.get(fmt.Sprintf("/admin/users/%d", target.ID)) }},
				{"POST /admin/users", func() response {
					return c.post("/admin/users", url.Values{"name": {"Eve " + key}, "email": {"eve-" + key + "@example.org"}, "role": {"consultant"}})
				}},
				{"POST /admin/users/:uid", func() response {
					return c.post(fmt.Sprintf("/admin/users/%d", target.ID), url.Values{"name": {"Renamed by " + key}, "role": {"consultant"}})
				}},
				{"POST /admin/users/:uid/reset-password", func() response {
					return c.post(fmt.Sprintf("/admin/users/%d/reset-password", target.ID), nil)
				}},
			}
			for _, rq := range reqs {
				r := rq.do()
				switch key {
				case "":
					w1Login(t, rq.name, r)
				case uAdmin:
					if r.status != 200 && r.status != 303 {
						t.Errorf("%s: status %d, want 200 or 303", rq.name, r.status)
					}
				default:
					w1Status(t, rq.name, r, http.StatusForbidden)
				}
			}
			u, _ := f.store.FindUserByID(context.Background(), target.ID)
			if renamed := u.Name == "Renamed by "+key; renamed != (key == uAdmin) {
				t.Errorf("name %q after %s", u.Name, key)
			}
			if _, err := f.store.FindUserByEmail(context.Background(), "eve-"+key+"@example.org"); (err == nil) != (key == uAdmin) {
				t.Errorf("user created by %q: %v", key, err)
			}
		})
	}
	c := f.as(uAdmin)
	for _, path := range []string{"/admin/users/999999", "/admin/users/abc", "/admin/users/0"} {
		w1Status(t, path, c.get(path), http.StatusNotFound)
	}
	w1Status(t, "POST unknown user", c.post("/admin/users/999999", url.Values{"name": {"x"}, "role": {"donor"}}), http.StatusNotFound)
	w1Status(t, "reset unknown user", c.post("/admin/users/999999/reset-password", nil), http.StatusNotFound)
}

func TestAdminUsersList(t *testing.T) {
	f := newFixture(t)
	r := f.as(uAdmin).get("/admin/users")
	w1Status(t, "users", r, 200)
	w1Body(t, "users", r, "Mira Focal", "focal@moi.xaa.example", "Ministry focal point (one country)", "<td>XAA</td>",
		"Ministry of Interior", "Tomasz Wren", `<th scope="col">Role</th>`, "Add a user", `<label for="f-email">`)
}

func TestAdminCreateUser(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin := f.as(uAdmin)
	r := admin.post("/admin/users", url.Values{"name": {"Nadia Focal"}, "email": {" nadia@mod.xac.example "},
		"organisation": {"Ministry of Defence"}, "role": {"ministry"}, "country": {"xac"}})
	w1Status(t, "create", r, http.StatusOK)
	w1Body(t, "create", r, "Account created for Nadia Focal", "shown <strong>only once</strong>")
	m := reOneTime.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no one-time password on the page")
	}
	pw := m[1]
	u, err := f.store.FindUserByEmail(ctx, "nadia@mod.xac.example")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != assessment.UserMinistry || u.Country != "XAC" || u.Organisation != "Ministry of Defence" || u.Disabled {
		t.Errorf("user %+v", u)
	}
	if hash, must, _ := f.store.PasswordHash(ctx, u.ID); !must {
		t.Errorf("must change: %v", must)
	} else if ok, _ := VerifyPassword(pw, hash); !ok {
		t.Errorf("the shown password is not the stored one")
	}
	// The page does not keep it: a reload shows no password.
	if again := admin.get("/admin/users"); strings.Contains(again.body, pw) {
		t.Errorf("the one-time password is shown again")
	}
	// The new person logs in with it and must choose their own.
	c := f.anon()
	page := c.get("/login")
	tok := regexp.MustCompile(`name="login_token" value="([^"]+)"`).FindStringSubmatch(page.body)
	lr := c.post("/login", url.Values{"login_token": {tok[1]}, "email": {"nadia@mod.xac.example"}, "password": {pw}, "next": {"/"}})
	w1Status(t, "login with one-time password", lr, http.StatusSeeOther)
	if loc := c.get("/").header.Get("Location"); loc != "/account/password" {
		t.Errorf("after login: Location %q, want /account/password", loc)
	}

	// A consultant gets no country even if one was typed.
	r = admin.post("/admin/users", url.Values{"name": {"Carl Consultant"}, "email": {"carl@example.org"}, "role": {"consultant"}, "country": {"XAA"}})
	w1Status(t, "create consultant", r, http.StatusOK)
	if u, _ := f.store.FindUserByEmail(ctx, "carl@example.org"); u == nil || u.Country != "" {
		t.Errorf("consultant: %+v", u)
	}
}

func TestAdminCreateUserBadInput(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin := f.as(uAdmin)
	before, _ := f.store.FindUsers(ctx)
	good := func() url.Values {
		return url.Values{"name": {"Pat Partner"}, "email": {"pat@donor.example"}, "role": {"donor"}, "organisation": {"Fund"}}
	}
	cases := []struct {
		name, field, value, msg string
	}{
		{"no name", "name", "", "Enter a name."},
		{"bad e-mail", "email", "pat-at-donor", "Enter an e-mail address"},
		{"taken e-mail", "email", "tomasz.wren@example.org", "A user with this e-mail address already exists."},
		{"bad role", "role", "king", "Choose one of: admin, consultant, ministry, donor."},
		{"long organisation", "organisation", strings.Repeat("o", 201), "Enter at most 200 characters."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := good()
			v.Set(tc.field, tc.value)
			r := admin.post("/admin/users", v)
			w1Status(t, tc.name, r, http.StatusUnprocessableEntity)
			w1Body(t, tc.name, r, tc.msg, `aria-describedby="err-`+tc.field+`"`, `href="#f-`+tc.field+`"`)
			if reOneTime.MatchString(r.body) {
				t.Errorf("a refused form shows a password")
			}
		})
	}
	t.Run("ministry without country", func(t *testing.T) {
		v := good()
		v.Set("role", "ministry")
		r := admin.post("/admin/users", v)
		w1Status(t, "ministry", r, http.StatusUnprocessableEntity)
		w1Body(t, "ministry", r, "A ministry focal point needs the three-letter code", `id="err-country"`)
		v.Set("country", "X1")
		r = admin.post("/admin/users", v)
		w1Status(t, "ministry bad country", r, http.StatusUnprocessableEntity)
		w1Body(t, "ministry bad country", r, "three-letter ISO 3166-1 code")
	})
	t.Run("no CSRF", func(t *testing.T) {
		v := good()
		v.Set("csrf_token", "")
		w1Status(t, "no CSRF", admin.post("/admin/users", v), http.StatusForbidden)
	})
	after, _ := f.store.FindUsers(ctx)
	if len(after) != len(before) {
		t.Fatalf("bad input created %d users", len(after)-len(before))
	}
}

func TestAdminUpdateUser(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin := f.as(uAdmin)
	target := f.users[uAssessor]
	victim := f.as(uAssessor)
	path := fmt.Sprintf("/admin/users/%d", target.ID)

	page := admin.get(path)
	w1Status(t, "edit page", page, 200)
	w1Body(t, "edit page", page, `value="Tomasz Wren"`, "Assessment teams", "Republic of Meridia", "assessor", "Reset the password")

	r := admin.post(path, url.Values{"name": {"Tomasz Wren-Ali"}, "organisation": {"Border Advisory Ltd"}, "role": {"consultant"}, "country": {""}})
	w1Status(t, "update", r, http.StatusSeeOther)
	if loc := r.header.Get("Location"); loc != path+"?done=user" {
		t.Errorf("Location %q", loc)
	}
	u, _ := f.store.FindUserByID(ctx, target.ID)
	if u.Name != "Tomasz Wren-Ali" || u.Organisation != "Border Advisory Ltd" || u.Email != target.Email || u.Disabled {
		t.Errorf("user %+v", u)
	}
	w1Body(t, "after update", admin.get(path+"?done=user"), "The user was saved.")

	// Bad input.
	r = admin.post(path, url.Values{"name": {""}, "role": {"ministry"}})
	w1Status(t, "bad update", r, http.StatusUnprocessableEntity)
	w1Body(t, "bad update", r, `id="err-name"`, `id="err-country"`)

	// Disabling ends the person's sessions at once.
	r = admin.post(path, url.Values{"name": {"Tomasz Wren-Ali"}, "role": {"consultant"}, "disabled": {"1"}})
	w1Status(t, "disable", r, http.StatusSeeOther)
	if u, _ := f.store.FindUserByID(ctx, target.ID); !u.Disabled {
		t.Errorf("not disabled")
	}
	w1Login(t, "disabled person", victim.get("/"))
	w1Body(t, "disabled", admin.get(path), "state-disabled")

	// No CSRF, no change.
	r = admin.post(path, url.Values{"name": {"Forged"}, "role": {"consultant"}, "csrf_token": {""}})
	w1Status(t, "no CSRF", r, http.StatusForbidden)
	if u, _ := f.store.FindUserByID(ctx, target.ID); u.Name == "Forged" {
		t.Errorf("saved without CSRF")
	}
}

func TestAdminCannotLockThemselvesOut(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	me := f.users[uAdmin]
	admin := f.as(uAdmin)
	path := fmt.Sprintf("/admin/users/%d", me.ID)
	r := admin.post(path, url.Values{"name": {me.Name}, "role": {"admin"}, "disabled": {"1"}})
	w1Status(t, "disable self", r, http.StatusUnprocessableEntity)
	w1Body(t, "disable self", r, "You cannot disable your own account.")
	r = admin.post(path, url.Values{"name": {me.Name}, "role": {"consultant"}})
	w1Status(t, "demote self", r, http.StatusUnprocessableEntity)
	w1Body(t, "demote self", r, "You cannot take away your own administrator role")
	r = admin.post(path+"/reset-password", nil)
	w1Status(t, "reset own password", r, http.StatusUnprocessableEntity)
	w1Body(t, "reset own password", r, "use Change password")
	if u, _ := f.store.FindUserByID(ctx, me.ID); u.Disabled || u.Role != assessment.UserAdmin {
		t.Fatalf("admin changed: %+v", u)
	}
	w1Status(t, "still in", admin.get("/admin/users"), http.StatusOK)
}

func TestAdminResetPassword(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	admin := f.as(uAdmin)
	target := f.users[uReviewer]
	victim := f.as(uReviewer)
	r := admin.post(fmt.Sprintf("/admin/users/%d/reset-password", target.ID), nil)
	w1Status(t, "reset", r, http.StatusOK)
	w1Body(t, "reset", r, "New one-time password for "+target.Name)
	m := reOneTime.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no password shown")
	}
	hash, must, _ := f.store.PasswordHash(ctx, target.ID)
	if ok, _ := VerifyPassword(m[1], hash); !ok || !must {
		t.Errorf("stored password: matches %v, must change %v", ok, must)
	}
	if ok, _ := VerifyPassword(testPassword, hash); ok {
		t.Errorf("the old password still works")
	}
	w1Login(t, "old session", victim.get("/"))
	r = admin.post(fmt.Sprintf("/admin/users/%d/reset-password", target.ID), url.Values{"csrf_token": {""}})
	w1Status(t, "reset without CSRF", r, http.StatusForbidden)
}

func TestTokensByRole(t *testing.T) {
	f := newFixture(t)
	for _, key := range w1Everyone {
		t.Run("as "+key, func(t *testing.T) {
			c := f.w1Client(key)
			r := c.get("/account/tokens")
			p := c.post("/account/tokens", url.Values{"name": {"script of " + key}})
			d := c.post("/account/tokens/1/delete", nil)
			if key == "" {
				w1Login(t, "GET tokens", r)
				w1Login(t, "POST tokens", p)
				w1Login(t, "delete token", d)
				return
			}
			w1Status(t, "GET tokens", r, 200)
			w1Body(t, "tokens", r, "Personal API tokens", `href="/account/password"`, `<label for="f-name">`)
			w1Status(t, "POST tokens", p, 200)
			w1Body(t, "POST tokens", p, "Authorization: Bearer ", "shown <strong>only once</strong>", "script of "+key)
		})
	}
}

func TestTokenLifeCycle(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.as(uAssessor)
	r := c.post("/account/tokens", url.Values{"name": {"nightly export"}})
	w1Status(t, "create", r, http.StatusOK)
	m := regexp.MustCompile(`Authorization: Bearer ([A-Za-z0-9_-]+)`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no secret on the page")
	}
	secret := m[1]
	u, err := f.store.FindUserByAPIToken(ctx, secret)
	if err != nil || u.ID != f.users[uAssessor].ID {
		t.Fatalf("token owner: %v %v", u, err)
	}
	list := c.get("/account/tokens")
	w1Body(t, "list", list, "nightly export")
	if strings.Contains(list.body, secret) {
		t.Errorf("the secret is shown again")
	}
	if !strings.Contains(list.body, "Last used") {
		t.Errorf("no last-used column")
	}

	// A token cannot manage tokens or accounts.
	for _, path := range []string{"/account/tokens", "/admin/users"} {
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s with a token: status %d, want 403", path, res.StatusCode)
		}
	}

	tokens, _ := f.store.FindAPITokens(ctx, f.users[uAssessor].ID)
	if len(tokens) != 1 {
		t.Fatalf("tokens: %d", len(tokens))
	}
	id := tokens[0].ID
	// Somebody else's token is not found, nor is a bad id.
	other := f.as(uReviewer)
	w1Status(t, "delete another's token", other.post(fmt.Sprintf("/account/tokens/%d/delete", id), nil), http.StatusNotFound)
	w1Status(t, "delete bad id", c.post("/account/tokens/abc/delete", nil), http.StatusNotFound)
	w1Status(t, "delete without CSRF", c.post(fmt.Sprintf("/account/tokens/%d/delete", id), url.Values{"csrf_token": {""}}), http.StatusForbidden)
	if _, err := f.store.FindUserByAPIToken(ctx, secret); err != nil {
		t.Fatalf("refused deletes revoked the token")
	}
	d := c.post(fmt.Sprintf("/account/tokens/%d/delete", id), nil)
	w1Status(t, "delete", d, http.StatusSeeOther)
	if loc := d.header.Get("Location"); loc != "/account/tokens?done=token" {
		t.Errorf("Location %q", loc)
	}
	if _, err := f.store.FindUserByAPIToken(ctx, secret); err == nil {
		t.Fatalf("the token still works")
	}
	w1Body(t, "after delete", c.get("/account/tokens?done=token"), "The token was revoked.", "You have no API tokens.")
	w1Status(t, "delete again", c.post(fmt.Sprintf("/account/tokens/%d/delete", id), nil), http.StatusNotFound)
}

func TestTokenBadInput(t *testing.T) {
	f := newFixture(t)
	c := f.as(uMinistry)
	for name, v := range map[string]string{"empty": "  ", "too long": strings.Repeat("n", 101)} {
		r := c.post("/account/tokens", url.Values{"name": {v}})
		w1Status(t, name, r, http.StatusUnprocessableEntity)
		w1Body(t, name, r, `id="err-name"`, `aria-invalid="true"`)
		if strings.Contains(r.body, "Authorization: Bearer") {
			t.Errorf("%s: a refused form shows a token", name)
		}
	}
	w1Status(t, "no CSRF", c.post("/account/tokens", url.Values{"name": {"x"}, "csrf_token": {""}}), http.StatusForbidden)
	if ts, _ := f.store.FindAPITokens(context.Background(), f.users[uMinistry].ID); len(ts) != 0 {
		t.Fatalf("refused forms created %d tokens", len(ts))
	}
}
