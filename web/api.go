package web

import "github.com/gin-gonic/gin"

// routesAPI registers the routes of this area (being built).
func (s *Server) routesAPI(r gin.IRoutes) {}
