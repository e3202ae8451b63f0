package web

import "github.com/gin-gonic/gin"

// routesAssessments registers the routes of this area (being built).
func (s *Server) routesAssessments(r gin.IRoutes) {}
