// Package web is bordergap's web application and JSON API: gin with our own
// middleware (request id, slog request log, recovery, security headers,
// sessions, CSRF), server-rendered html/template pages with everything
// embedded (no CDN: deployments are often air-gapped), and /api/v1.
//
// Handlers return errors; one table maps domain error codes to HTTP
// statuses, and one adapter per surface (HTML, JSON) renders them. Access is
// decided by assessment.Can; an assessment a person may not see answers 404,
// whatever the URL, so that guessed ids leak nothing.
package web

import (
	"context"
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

//go:embed templates static
var assets embed.FS

// Store is what the web application needs from storage. *data.DB
// implements it; cmd/bordergap wires them.
type Store interface {
	assessment.UserStore
	assessment.AssessmentStore
	assessment.PlanStore

	UpdateAssessment(ctx context.Context, actor int64, a *assessment.Assessment) error
	SaveActionStatus(ctx context.Context, actor, assessmentID int64, actionID string, status assessment.ImplStatus, note string, version int) (assessment.Adjustment, error)
	UpdateUser(ctx context.Context, actor int64, u *assessment.User) error
	SetPassword(ctx context.Context, actor, userID int64, hash string, mustChange bool) error
	PasswordHash(ctx context.Context, userID int64) (hash string, mustChange bool, err error)
	CreateSession(ctx context.Context, id string, s assessment.Session) error
	FindSession(ctx context.Context, id string, now time.Time) (*assessment.Session, *assessment.User, error)
	TouchSession(ctx context.Context, id string, seen, expires time.Time) error
	DeleteSession(ctx context.Context, id string) error
	CreateAPIToken(ctx context.Context, userID int64, name, secret string) (*assessment.APIToken, error)
	FindAPITokens(ctx context.Context, userID int64) ([]assessment.APIToken, error)
	DeleteAPIToken(ctx context.Context, userID, tokenID int64) error
	FindUserByAPIToken(ctx context.Context, secret string) (*assessment.User, error)
}

// Config holds the settings of a server.
type Config struct {
	Store      Store
	Frameworks assessment.FrameworkResolver
	// FrameworkList lists the installed frameworks for the new-assessment
	// form ("id@version" and title).
	FrameworkList func() []FrameworkChoice
	Logger        *slog.Logger
	// Now returns the current time; tests fix it.
	Now func() time.Time
	// SessionIdle and SessionMax bound a session's life.
	SessionIdle, SessionMax time.Duration
	// SecureCookies forces the Secure flag (behind TLS); it is also set
	// when the request arrived over TLS.
	SecureCookies bool
}

// FrameworkChoice is an installed framework offered in forms.
type FrameworkChoice struct {
	ID, Version, Title string
}

// Server is the web application.
type Server struct {
	cfg       Config
	store     Store
	log       *slog.Logger
	engine    *gin.Engine
	pages     map[string]*pageTemplate
	throttle  *throttle
	planCache sync.Map // not used for correctness; reserved
}

// New builds the server and its routes. Templates are parsed once here.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = func() time.Time { return time.Now().UTC() }
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 8 * time.Hour
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = 24 * time.Hour
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{cfg: cfg, store: cfg.Store, log: cfg.Logger, throttle: newThrottle(5, 15*time.Minute, cfg.Now)}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	s.engine = gin.New()
	s.engine.HandleMethodNotAllowed = true
	if err := s.engine.SetTrustedProxies(nil); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler returns the HTTP handler: gin behind the standard library's
// cross-origin protection (requests from other sites are refused before
// they reach a handler).
func (s *Server) Handler() http.Handler {
	return http.NewCrossOriginProtection().Handler(s.engine)
}

func staticFS() http.FileSystem {
	sub, _ := fs.Sub(assets, "static")
	return http.FS(sub)
}
