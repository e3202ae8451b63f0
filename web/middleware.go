package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

const (
	sessionCookie = "bg_session"
	ctxUser       = "bg.user"
	ctxSession    = "bg.session"
	ctxSessionID  = "bg.session_id"
	ctxRequestID  = "bg.request_id"
	ctxAPI        = "bg.api" // authenticated with a token: no cookie, no CSRF
)

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's random source failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// requestID gives every request an id, echoed in a header and the log.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		c.Set(ctxRequestID, id)
		c.Header("X-Request-Id", id)
		c.Next()
	}
}

// requestLog writes one slog line per request.
func (s *Server) requestLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		level := slog.LevelInfo
		if c.Writer.Status() >= 500 {
			level = slog.LevelError
		}
		attrs := []any{"method", c.Request.Method, "path", c.Request.URL.Path, "status", c.Writer.Status(),
			"duration_ms", time.Since(start).Milliseconds(), "request_id", c.GetString(ctxRequestID)}
		if u := currentUser(c); u != nil {
			attrs = append(attrs, "user", u.ID)
		}
		s.log.Log(c.Request.Context(), level, "request", attrs...)
	}
}

// recovery turns a panic into a logged 500 with a generic page.
func (s *Server) recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic", "err", fmt.Sprint(r), "path", c.Request.URL.Path, "request_id", c.GetString(ctxRequestID), "stack", string(debug.Stack()))
				s.fail(c, assessment.Internal(fmt.Errorf("panic: %v", r)))
				c.Abort()
			}
		}()
		c.Next()
	}
}

// securityHeaders sets a strict content security policy (everything is
// served from this origin; no inline script) and the usual hardening.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if c.Request.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		c.Next()
	}
}

// authenticate loads the user from an API token (Authorization: Bearer) or
// the session cookie. It never rejects: handlers that need a user use
// requireUser.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		if h := c.GetHeader("Authorization"); strings.HasPrefix(h, "Bearer ") {
			if u, err := s.store.FindUserByAPIToken(ctx, strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))); err == nil {
				c.Set(ctxUser, u)
				c.Set(ctxAPI, true)
			}
			c.Next()
			return
		}
		cookie, err := c.Cookie(sessionCookie)
		if err != nil || cookie == "" {
			c.Next()
			return
		}
		now := s.cfg.Now()
		sess, u, err := s.store.FindSession(ctx, cookie, now)
		if err != nil || now.Sub(sess.CreatedAt) > s.cfg.SessionMax {
			s.clearSessionCookie(c)
			c.Next()
			return
		}
		c.Set(ctxUser, u)
		c.Set(ctxSession, sess)
		c.Set(ctxSessionID, cookie)
		if now.Sub(sess.LastSeen) > time.Minute {
			_ = s.store.TouchSession(ctx, cookie, now, now.Add(s.cfg.SessionIdle))
		}
		c.Next()
	}
}

// csrf refuses a state-changing request authenticated by cookie unless it
// carries the session's token (form field csrf_token or header
// X-CSRF-Token). Token-authenticated API calls carry no cookie and need none.
func (s *Server) csrf() gin.HandlerFunc {
	return func(c *gin.Context) {
		switch c.Request.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			c.Next()
			return
		}
		if c.GetBool(ctxAPI) {
			c.Next()
			return
		}
		sess, _ := c.Get(ctxSession)
		if sess == nil {
			// Not logged in: only the login form may be posted, and it
			// carries the pre-session token checked by its handler.
			c.Next()
			return
		}
		want := sess.(*assessment.Session).CSRFToken
		got := c.GetHeader("X-CSRF-Token")
		if got == "" {
			got = c.PostForm("csrf_token")
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "the form has expired or did not come from this site; reload the page and try again"))
			c.Abort()
			return
		}
		c.Next()
	}
}

func (s *Server) setSessionCookie(c *gin.Context, id string) {
	secure := s.cfg.SecureCookies || c.Request.TLS != nil
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionMax.Seconds())})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, MaxAge: -1, SameSite: http.SameSiteLaxMode})
}

func currentUser(c *gin.Context) *assessment.User {
	if v, ok := c.Get(ctxUser); ok {
		return v.(*assessment.User)
	}
	return nil
}

func csrfToken(c *gin.Context) string {
	if v, ok := c.Get(ctxSession); ok {
		return v.(*assessment.Session).CSRFToken
	}
	return ""
}

// requireUser sends anonymous visitors to the login page (HTML) or answers
// 401 (API).
func (s *Server) requireUser() gin.HandlerFunc {
	return func(c *gin.Context) {
		if currentUser(c) != nil {
			c.Next()
			return
		}
		if isAPI(c) {
			c.AbortWithStatusJSON(http.StatusUnauthorized, apiError{Error: "authentication required: log in or send Authorization: Bearer <token>", Code: "unauthenticated"})
			return
		}
		c.Redirect(http.StatusSeeOther, "/login?next="+urlQueryEscape(c.Request.URL.RequestURI()))
		c.Abort()
	}
}

// requirePasswordChanged keeps a user with a one-time password on the
// change-password page until they set their own.
func (s *Server) requirePasswordChanged() gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		if u == nil || c.GetBool(ctxAPI) {
			c.Next()
			return
		}
		_, must, err := s.store.PasswordHash(c.Request.Context(), u.ID)
		if err == nil && must && c.Request.URL.Path != "/account/password" && c.Request.URL.Path != "/logout" {
			c.Redirect(http.StatusSeeOther, "/account/password")
			c.Abort()
			return
		}
		c.Next()
	}
}

// requireAdmin refuses anyone but administrators (403).
func (s *Server) requireAdmin() gin.HandlerFunc {
	return func(c *gin.Context) {
		if u := currentUser(c); u == nil || u.Role != assessment.UserAdmin {
			s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "this page is for administrators"))
			c.Abort()
			return
		}
		c.Next()
	}
}
