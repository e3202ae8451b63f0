package web

import "github.com/gin-gonic/gin"

// routesAdmin registers the routes of this area (being built).
func (s *Server) routesAdmin(r gin.IRoutes) {}
