package web

import "github.com/gin-gonic/gin"

// routesAccount registers the routes of this area (being built).
func (s *Server) routesAccount(r gin.IRoutes) {}
