package web

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

// throttle limits failed logins per e-mail address and per client address.
type throttle struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

func newThrottle(max int, window time.Duration, now func() time.Time) *throttle {
	return &throttle{max: max, window: window, now: now, fails: map[string][]time.Time{}}
}

// blocked reports whether any key has reached the limit in the window, and
// until when.
func (t *throttle) blocked(keys ...string) (bool, time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		var recent []time.Time
		for _, at := range t.fails[k] {
			if now.Sub(at) < t.window {
				recent = append(recent, at)
			}
		}
		t.fails[k] = recent
		if len(recent) >= t.max {
			return true, recent[0].Add(t.window)
		}
	}
	return false, time.Time{}
}

func (t *throttle) fail(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.fails[k] = append(t.fails[k], t.now())
	}
}

func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

const loginCookie = "bg_login" // double-submit token of the login form

type loginForm struct {
	Email string
	Next  string
	Token string
	Error string
}

func (s *Server) loginPage(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	tok := randomToken(18)
	http.SetCookie(c.Writer, &http.Cookie{Name: loginCookie, Value: tok, Path: "/login", HttpOnly: true,
		Secure: s.cfg.SecureCookies || c.Request.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	s.render(c, "login", "Log in", Page{Data: loginForm{Next: safeNext(c.Query("next")), Token: tok}})
}

func (s *Server) login(c *gin.Context) {
	ctx := c.Request.Context()
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	next := safeNext(c.PostForm("next"))
	form := loginForm{Email: email, Next: next, Token: c.PostForm("login_token")}
	again := func(status int, msg string) {
		form.Error = msg
		p := Page{Data: form}
		p.Title = "Log in"
		s.renderPage(c, status, "login", p)
	}
	cookie, _ := c.Cookie(loginCookie)
	if cookie == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(form.Token)) != 1 {
		form.Token = randomToken(18)
		http.SetCookie(c.Writer, &http.Cookie{Name: loginCookie, Value: form.Token, Path: "/login", HttpOnly: true,
			Secure: s.cfg.SecureCookies || c.Request.TLS != nil, SameSite: http.SameSiteStrictMode, MaxAge: 3600})
		again(http.StatusForbidden, "The login form expired. Please try again.")
		return
	}
	keyEmail, keyIP := "email:"+strings.ToLower(email), "ip:"+c.ClientIP()
	if blocked, until := s.throttle.blocked(keyEmail, keyIP); blocked {
		c.Header("Retry-After", until.Sub(s.cfg.Now()).Round(time.Second).String())
		again(http.StatusTooManyRequests, "Too many failed attempts. Try again after "+until.Format("15:04 UTC")+".")
		return
	}
	u, err := s.store.FindUserByEmail(ctx, email)
	ok := false
	if err == nil && !u.Disabled {
		if hash, _, err := s.store.PasswordHash(ctx, u.ID); err == nil && hash != "" {
			ok, _ = VerifyPassword(password, hash)
		}
	} else {
		// Spend the same time as a real check, so timing does not tell
		// which addresses exist.
		_, _ = VerifyPassword(password, dummyHash)
	}
	if !ok {
		s.throttle.fail(keyEmail, keyIP)
		again(http.StatusUnauthorized, "The e-mail address or the password is not right.")
		return
	}
	s.throttle.reset(keyEmail)
	now := s.cfg.Now()
	id := randomToken(32)
	if err := s.store.CreateSession(ctx, id, assessment.Session{UserID: u.ID, CSRFToken: randomToken(24), CreatedAt: now,
		LastSeen: now, ExpiresAt: now.Add(s.cfg.SessionIdle)}); err != nil {
		s.fail(c, err)
		return
	}
	s.setSessionCookie(c, id)
	s.log.Info("login", "user", u.ID)
	c.Redirect(http.StatusSeeOther, next)
}

var dummyHash, _ = HashPassword("not a password of anyone")

func (s *Server) logout(c *gin.Context) {
	if id := c.GetString(ctxSessionID); id != "" {
		_ = s.store.DeleteSession(c.Request.Context(), id)
	}
	s.clearSessionCookie(c)
	c.Redirect(http.StatusSeeOther, "/login?done=loggedout")
}

type passwordForm struct {
	MustChange bool
}

func (s *Server) passwordPage(c *gin.Context) {
	u := currentUser(c)
	_, must, _ := s.store.PasswordHash(c.Request.Context(), u.ID)
	s.render(c, "password", "Change password", Page{Nav: "account", Data: passwordForm{MustChange: must}})
}

func (s *Server) changePassword(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	hash, must, err := s.store.PasswordHash(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	errs := map[string]string{}
	current, next, confirm := c.PostForm("current"), c.PostForm("new"), c.PostForm("confirm")
	if ok, _ := VerifyPassword(current, hash); !ok {
		errs["current"] = "This is not your current password."
	}
	if msg := CheckPasswordStrength(next, u.Email); msg != "" {
		errs["new"] = msg
	} else if next == current {
		errs["new"] = "Choose a password different from the current one."
	}
	if confirm != next {
		errs["confirm"] = "The two new passwords differ."
	}
	if len(errs) > 0 {
		p := Page{Nav: "account", Errors: errs, Data: passwordForm{MustChange: must}}
		p.Title = "Change password"
		s.renderPage(c, http.StatusUnprocessableEntity, "password", p)
		return
	}
	h, err := HashPassword(next)
	if err != nil {
		s.fail(c, assessment.Internal(err))
		return
	}
	if err := s.store.SetPassword(ctx, u.ID, u.ID, h, false); err != nil {
		s.fail(c, err)
		return
	}
	// SetPassword ended every session; start a fresh one for this browser.
	now := s.cfg.Now()
	id := randomToken(32)
	if err := s.store.CreateSession(ctx, id, assessment.Session{UserID: u.ID, CSRFToken: randomToken(24), CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(s.cfg.SessionIdle)}); err != nil {
		s.fail(c, err)
		return
	}
	s.setSessionCookie(c, id)
	c.Redirect(http.StatusSeeOther, "/?done=password")
}
