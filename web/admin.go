package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

// routesAdmin registers the administrators' pages under /admin (the group
// is already guarded by requireAdmin): users, their roles and one-time
// passwords.
func (s *Server) routesAdmin(r gin.IRoutes) {
	r.GET("/users", s.sessionOnly, s.adminUsersPage)
	r.POST("/users", s.sessionOnly, s.adminCreateUser)
	r.GET("/users/:uid", s.sessionOnly, s.adminUserPage)
	r.POST("/users/:uid", s.sessionOnly, s.adminUpdateUser)
	r.POST("/users/:uid/reset-password", s.sessionOnly, s.adminResetPassword)
}

// userRoleNames names the global roles in forms and lists.
var userRoleNames = []struct{ Value, Label string }{
	{string(assessment.UserConsultant), "Consultant (lead assessor, assessor or reviewer)"},
	{string(assessment.UserMinistry), "Ministry focal point (one country)"},
	{string(assessment.UserDonor), "Donor or international partner"},
	{string(assessment.UserAdmin), "Administrator"},
}

func userRoleName(r assessment.UserRole) string {
	for _, n := range userRoleNames {
		if n.Value == string(r) {
			return n.Label
		}
	}
	return string(r)
}

// userForm is the request of POST /admin/users and POST /admin/users/:uid
// (where the e-mail address is the stored one: it does not change).
type userForm struct {
	Name         string `form:"name" validate:"required,max=200"`
	Email        string `form:"email" validate:"required,email,max=254"`
	Organisation string `form:"organisation" validate:"max=200"`
	Role         string `form:"role" validate:"required,oneof=admin consultant ministry donor"`
	Country      string `form:"country" validate:"omitempty,alpha3"`
	Disabled     bool   `form:"disabled"`
}

func parseUserForm(c *gin.Context) userForm {
	return userForm{
		Name:         strings.TrimSpace(c.PostForm("name")),
		Email:        strings.TrimSpace(c.PostForm("email")),
		Organisation: strings.TrimSpace(c.PostForm("organisation")),
		Role:         strings.TrimSpace(c.PostForm("role")),
		Country:      strings.ToUpper(strings.TrimSpace(c.PostForm("country"))),
		Disabled:     c.PostForm("disabled") != "",
	}
}

// check validates the form; a ministry focal point needs a country, the
// others have none.
func (f *userForm) check() []assessment.FieldError {
	errs := namedRequired(checkStruct(f))
	if f.Role == string(assessment.UserMinistry) && f.Country == "" {
		errs = append(errs, assessment.FieldError{Field: "country", Message: "A ministry focal point needs the three-letter code of their country, for example XAA."})
	}
	if f.Role != string(assessment.UserMinistry) {
		f.Country = ""
		for i := 0; i < len(errs); i++ {
			if errs[i].Field == "country" {
				errs = append(errs[:i], errs[i+1:]...)
				i--
			}
		}
	}
	return errs
}

func (f *userForm) apply(u *assessment.User) {
	u.Name, u.Organisation, u.Role, u.Country, u.Disabled = f.Name, f.Organisation, assessment.UserRole(f.Role), f.Country, f.Disabled
}

type roleOption struct {
	Value, Label string
	Selected     bool
}

func roleOptions(selected string) []roleOption {
	var out []roleOption
	for _, n := range userRoleNames {
		out = append(out, roleOption{Value: n.Value, Label: n.Label, Selected: n.Value == selected})
	}
	return out
}

type userRow struct {
	U        *assessment.User
	RoleName string
}

// oneTimePassword is a password just generated: shown once, on the
// response to the request that made it.
type oneTimePassword struct {
	Name, Email, Password string
}

type adminUsersData struct {
	Users   []userRow
	Form    userForm
	Roles   []roleOption
	Created *oneTimePassword
}

func (s *Server) adminUsersPage(c *gin.Context) {
	s.renderAdminUsers(c, http.StatusOK, userForm{Role: string(assessment.UserConsultant)}, nil, nil)
}

func (s *Server) renderAdminUsers(c *gin.Context, status int, form userForm, created *oneTimePassword, errs []assessment.FieldError) {
	users, err := s.store.FindUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	d := adminUsersData{Form: form, Roles: roleOptions(form.Role), Created: created}
	for _, u := range users {
		d.Users = append(d.Users, userRow{U: u, RoleName: userRoleName(u.Role)})
	}
	s.renderPage(c, status, "admin-users", Page{Nav: "admin", Title: "Users", Errors: errorMap(errs), Data: d})
}

func (s *Server) adminCreateUser(c *gin.Context) {
	ctx := c.Request.Context()
	admin := currentUser(c)
	form := parseUserForm(c)
	form.Disabled = false
	if errs := form.check(); len(errs) > 0 {
		s.renderAdminUsers(c, http.StatusUnprocessableEntity, form, nil, errs)
		return
	}
	u := &assessment.User{Email: form.Email}
	form.apply(u)
	if err := s.store.CreateUser(ctx, admin.ID, u); err != nil {
		switch assessment.ErrorCode(err) {
		case assessment.ECONFLICT:
			s.renderAdminUsers(c, http.StatusUnprocessableEntity, form, nil,
				[]assessment.FieldError{{Field: "email", Message: "A user with this e-mail address already exists."}})
		case assessment.EINVALID:
			s.renderAdminUsers(c, http.StatusUnprocessableEntity, form, nil, userStoreErrors(err))
		default:
			s.fail(c, err)
		}
		return
	}
	pw, err := s.setOneTimePassword(c, admin.ID, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	// Rendered, not redirected: the password must not travel in a URL,
	// and it is shown on this response only.
	s.renderAdminUsers(c, http.StatusOK, userForm{Role: string(assessment.UserConsultant)},
		&oneTimePassword{Name: u.Name, Email: u.Email, Password: pw}, nil)
}

// setOneTimePassword gives a user a new random password that they must
// change at their next login, and returns it.
func (s *Server) setOneTimePassword(c *gin.Context, actor, userID int64) (string, error) {
	pw := OneTimePassword()
	h, err := HashPassword(pw)
	if err != nil {
		return "", assessment.Internal(err)
	}
	if err := s.store.SetPassword(c.Request.Context(), actor, userID, h, true); err != nil {
		return "", err
	}
	return pw, nil
}

func userStoreErrors(err error) []assessment.FieldError {
	fields := assessment.ErrorFields(err)
	if len(fields) == 0 {
		return []assessment.FieldError{{Field: "form", Message: assessment.ErrorMessage(err)}}
	}
	out := make([]assessment.FieldError, len(fields))
	for i, f := range fields {
		out[i] = assessment.FieldError{Field: f.Field, Message: f.Message}
		switch f.Field {
		case "name", "email", "role", "country":
		default:
			out[i].Field = "form"
		}
	}
	return out
}

type membership struct {
	A    *assessment.Assessment
	Role string
}

type adminUserData struct {
	U           *assessment.User
	Form        userForm
	Roles       []roleOption
	Self        bool
	Memberships []membership
	Password    *oneTimePassword
	Message     string
}

// loadUser loads the user of the :uid parameter, answering 404 itself.
func (s *Server) loadUser(c *gin.Context) (*assessment.User, bool) {
	id, err := strconv.ParseInt(c.Param("uid"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, notFound())
		return nil, false
	}
	u, err := s.store.FindUserByID(c.Request.Context(), id)
	if err != nil {
		if assessment.ErrorCode(err) == assessment.ENOTFOUND {
			err = notFound()
		}
		s.fail(c, err)
		return nil, false
	}
	return u, true
}

func userFormOf(u *assessment.User) userForm {
	return userForm{Name: u.Name, Email: u.Email, Organisation: u.Organisation, Role: string(u.Role), Country: u.Country, Disabled: u.Disabled}
}

func (s *Server) adminUserPage(c *gin.Context) {
	u, ok := s.loadUser(c)
	if !ok {
		return
	}
	s.renderAdminUser(c, http.StatusOK, u, userFormOf(u), nil, nil, "")
}

func (s *Server) renderAdminUser(c *gin.Context, status int, u *assessment.User, form userForm, errs []assessment.FieldError, pw *oneTimePassword, msg string) {
	d := adminUserData{U: u, Form: form, Roles: roleOptions(form.Role), Self: u.ID == currentUser(c).ID, Password: pw, Message: msg}
	if list, err := s.store.FindAssessments(c.Request.Context(), assessment.AssessmentFilter{MemberID: u.ID}); err == nil {
		for _, a := range list {
			d.Memberships = append(d.Memberships, membership{A: a, Role: teamRoleNames[a.MemberRole(u.ID)]})
		}
	}
	s.renderPage(c, status, "admin-user", Page{Nav: "admin", Title: "User — " + u.Name, Errors: errorMap(errs), Data: d})
}

func (s *Server) adminUpdateUser(c *gin.Context) {
	u, ok := s.loadUser(c)
	if !ok {
		return
	}
	admin := currentUser(c)
	form := parseUserForm(c)
	form.Email = u.Email // the address does not change here
	errs := form.check()
	if u.ID == admin.ID {
		if form.Disabled {
			errs = append(errs, assessment.FieldError{Field: "disabled", Message: "You cannot disable your own account."})
		}
		if form.Role != string(assessment.UserAdmin) {
			errs = append(errs, assessment.FieldError{Field: "role", Message: "You cannot take away your own administrator role; ask another administrator."})
		}
	}
	if len(errs) > 0 {
		s.renderAdminUser(c, http.StatusUnprocessableEntity, u, form, errs, nil, "")
		return
	}
	changed := *u
	form.apply(&changed)
	if err := s.store.UpdateUser(c.Request.Context(), admin.ID, &changed); err != nil {
		if assessment.ErrorCode(err) == assessment.EINVALID {
			s.renderAdminUser(c, http.StatusUnprocessableEntity, u, form, userStoreErrors(err), nil, "")
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/users/%d?done=user", u.ID))
}

func (s *Server) adminResetPassword(c *gin.Context) {
	u, ok := s.loadUser(c)
	if !ok {
		return
	}
	admin := currentUser(c)
	if u.ID == admin.ID {
		s.renderAdminUser(c, http.StatusUnprocessableEntity, u, userFormOf(u), nil, nil,
			"You cannot reset your own password here: use Change password in your account.")
		return
	}
	if u.Disabled {
		s.renderAdminUser(c, http.StatusUnprocessableEntity, u, userFormOf(u), nil, nil,
			"This account is disabled. Enable it first, then reset the password.")
		return
	}
	pw, err := s.setOneTimePassword(c, admin.ID, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderAdminUser(c, http.StatusOK, u, userFormOf(u), nil, &oneTimePassword{Name: u.Name, Email: u.Email, Password: pw}, "")
}
