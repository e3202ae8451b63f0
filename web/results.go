package web

import "github.com/gin-gonic/gin"

// routesResults registers the routes of this area (being built).
func (s *Server) routesResults(r gin.IRoutes) {}
