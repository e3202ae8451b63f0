package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes registers every route. Each area registers its own pages in its
// file (routesAssessments in assessments.go, and so on), so that this list
// stays the table of contents of the application.
func (s *Server) routes() {
	r := s.engine
	r.Use(requestID(), s.requestLog(), s.recovery(), securityHeaders(), s.authenticate(), s.csrf())
	r.NoRoute(func(c *gin.Context) { s.fail(c, notFound()) })
	r.NoMethod(func(c *gin.Context) {
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, apiError{Error: "method not allowed", Code: "method_not_allowed"})
	})

	r.GET("/healthz", s.healthz)
	r.StaticFS("/static", staticFS())
	r.GET("/login", s.loginPage)
	r.POST("/login", s.login)

	// Pages for logged-in people.
	app := r.Group("/", s.requireUser(), s.requirePasswordChanged())
	app.POST("/logout", s.logout)
	app.GET("/account/password", s.passwordPage)
	app.POST("/account/password", s.changePassword)
	app.GET("/", s.home)
	s.routesAssessments(app)                             // assessments.go: new, overview, settings, status, audit
	s.routesQuestionnaire(app)                           // questionnaire.go: questionnaire, responses, review, consensus
	s.routesResults(app)                                 // results.go: scorecard, plan, adjustments, documents
	s.routesAccount(app)                                 // account.go: API tokens
	s.routesAdmin(app.Group("/admin", s.requireAdmin())) // admin.go: users

	// The JSON API: session or personal token, same access rules.
	api := r.Group("/api/v1", s.requireUser())
	s.routesAPI(api) // api.go, openapi.go
}

func (s *Server) healthz(c *gin.Context) {
	if _, err := s.store.FindUsers(c.Request.Context()); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}
