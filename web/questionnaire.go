package web

import "github.com/gin-gonic/gin"

// routesQuestionnaire registers the routes of this area (being built).
func (s *Server) routesQuestionnaire(r gin.IRoutes) {}
