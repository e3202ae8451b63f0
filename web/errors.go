package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

// statusOf is the one table from domain error codes to HTTP statuses.
var statusOf = map[string]int{
	assessment.EINVALID:   http.StatusUnprocessableEntity,
	assessment.ENOTFOUND:  http.StatusNotFound,
	assessment.ECONFLICT:  http.StatusConflict,
	assessment.EFORBIDDEN: http.StatusForbidden,
	assessment.EINTERNAL:  http.StatusInternalServerError,
}

// apiError is the JSON error body: a message, the code and every invalid
// field.
type apiError struct {
	Error  string                  `json:"error"`
	Code   string                  `json:"code"`
	Fields []assessment.FieldError `json:"fields,omitempty"`
}

func isAPI(c *gin.Context) bool {
	return strings.HasPrefix(c.Request.URL.Path, "/api/") ||
		strings.Contains(c.GetHeader("Accept"), "application/json") && !strings.Contains(c.GetHeader("Accept"), "text/html")
}

// fail renders an error on the request's surface: JSON for the API and
// fetch calls, an error page otherwise. Internal errors are logged once here
// and shown as a generic message.
func (s *Server) fail(c *gin.Context, err error) {
	code := assessment.ErrorCode(err)
	status := statusOf[code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	msg := assessment.ErrorMessage(err)
	var de *assessment.Error
	if code == assessment.EINTERNAL {
		s.log.Error("internal error", "err", err, "path", c.Request.URL.Path, "request_id", c.GetString(ctxRequestID))
		msg = "Something went wrong on our side. The error has been logged (request " + c.GetString(ctxRequestID) + ")."
	} else if errors.As(err, &de) {
		msg = de.Message
	}
	if isAPI(c) {
		c.AbortWithStatusJSON(status, apiError{Error: msg, Code: code, Fields: assessment.ErrorFields(err)})
		return
	}
	title := map[int]string{403: "Not allowed", 404: "Not found", 409: "Changed by someone else", 422: "Please check the form", 500: "Server error"}[status]
	s.renderStatus(c, status, "error", title, errorPage{Status: status, Message: msg, Fields: assessment.ErrorFields(err)})
	c.Abort()
}

type errorPage struct {
	Status  int
	Message string
	Fields  []assessment.FieldError
}

// notFound is the error for anything a person may not know exists.
func notFound() error {
	return assessment.Errorf(assessment.ENOTFOUND, "This page does not exist, or you do not have access to it.")
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext accepts only local paths as a redirect target after login.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
