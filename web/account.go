package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

// routesAccount registers the person's own account pages: personal API
// tokens (the password page lives in password.go).
func (s *Server) routesAccount(r gin.IRoutes) {
	r.GET("/account/tokens", s.sessionOnly, s.tokensPage)
	r.POST("/account/tokens", s.sessionOnly, s.createToken)
	r.POST("/account/tokens/:tid/delete", s.sessionOnly, s.deleteToken)
}

// sessionOnly refuses requests authenticated with an API token: a token
// must not mint tokens or manage accounts.
func (s *Server) sessionOnly(c *gin.Context) {
	if c.GetBool(ctxAPI) {
		s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "This page needs a browser session; an API token cannot manage tokens or accounts."))
		c.Abort()
		return
	}
	c.Next()
}

// tokenForm is the request of POST /account/tokens.
type tokenForm struct {
	Name string `form:"name" validate:"required,max=100"`
}

type tokenRow struct {
	ID       int64
	Name     string
	Created  time.Time
	LastUsed time.Time
}

// newToken is a token just created: its secret is shown once.
type newToken struct {
	Name, Secret string
}

type tokensData struct {
	Tokens  []tokenRow
	Form    tokenForm
	Created *newToken
	// APIBase is the address of the API on this server, for the example.
	APIBase string
}

func (s *Server) tokensPage(c *gin.Context) {
	s.renderTokens(c, http.StatusOK, tokenForm{}, nil, nil)
}

func (s *Server) renderTokens(c *gin.Context, status int, form tokenForm, created *newToken, errs []assessment.FieldError) {
	u := currentUser(c)
	list, err := s.store.FindAPITokens(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	scheme := "http"
	if c.Request.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	d := tokensData{Form: form, Created: created, APIBase: scheme + "://" + c.Request.Host + "/api/v1"}
	for _, t := range list {
		row := tokenRow{ID: t.ID, Name: t.Name, Created: t.CreatedAt}
		if t.LastUsed != "" {
			for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", time.DateOnly} {
				if at, err := time.Parse(layout, t.LastUsed); err == nil {
					row.LastUsed = at
					break
				}
			}
		}
		d.Tokens = append(d.Tokens, row)
	}
	p := Page{Nav: "account", Errors: errorMap(errs), Data: d, Title: "API tokens"}
	s.renderPage(c, status, "tokens", p)
}

func (s *Server) createToken(c *gin.Context) {
	u := currentUser(c)
	form := tokenForm{Name: strings.TrimSpace(c.PostForm("name"))}
	if errs := checkStruct(&form); len(errs) > 0 {
		for i := range errs {
			if errs[i].Field == "name" && errs[i].Message == "This field is required." {
				errs[i].Message = "Give the token a name, so that you know later what it is for."
			}
		}
		s.renderTokens(c, http.StatusUnprocessableEntity, form, nil, errs)
		return
	}
	secret := randomToken(32)
	if _, err := s.store.CreateAPIToken(c.Request.Context(), u.ID, form.Name, secret); err != nil {
		s.fail(c, err)
		return
	}
	// The secret is shown on this response only: it is not stored, and it
	// never goes into a URL.
	s.renderTokens(c, http.StatusOK, tokenForm{}, &newToken{Name: form.Name, Secret: secret}, nil)
}

func (s *Server) deleteToken(c *gin.Context) {
	u := currentUser(c)
	id, err := strconv.ParseInt(c.Param("tid"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, notFound())
		return
	}
	if err := s.store.DeleteAPIToken(c.Request.Context(), u.ID, id); err != nil {
		if assessment.ErrorCode(err) == assessment.ENOTFOUND {
			err = notFound()
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/account/tokens?done=%s", "token"))
}
