package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

// Page is what every template receives.
type Page struct {
	Title string
	User  *assessment.User
	CSRF  string
	// Flash is a one-line confirmation shown after a redirect (?done=...).
	Flash string
	// Nav marks the current section for the navigation.
	Nav string
	// Assessment is set on assessment pages, for the sub-navigation.
	Assessment *assessment.Assessment
	// Can lists the permissions the user has on Assessment, by name
	// ("questionnaire", "edit"...), for templates.
	Can map[string]bool
	// Errors holds field-level messages of a form that failed validation.
	Errors map[string]string
	Data   any
}

type pageTemplate struct {
	t *template.Template
}

var funcs = template.FuncMap{
	"lower": strings.ToLower,
	"upper": strings.ToUpper,
	"join":  strings.Join,
	"date":  func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2 Jan 2006, 15:04 UTC")
	},
	"score": func(v float64) string { return fmt.Sprintf("%.2f", v) },
	"pct":   func(v float64) string { return fmt.Sprintf("%.0f%%", v) },
	"money": func(v float64, cur string) string { return formatMoney(v, cur) },
	"add":   func(a, b int) int { return a + b },
	"label": func(s assessment.Status) string { return s.Label() },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"slug": func(s string) string {
		return strings.ToLower(strings.NewReplacer(" ", "-", ".", "-", "/", "-").Replace(s))
	},
}

// parsePages parses each page template with the layout and the partials,
// once, at start-up.
func parsePages() (map[string]*pageTemplate, error) {
	partials, err := fs.Glob(assets, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*pageTemplate{}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		files := append([]string{"templates/layout.html", n}, partials...)
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, files...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		out[base] = &pageTemplate{t: t}
	}
	return out, nil
}

// render writes a full page with status 200.
func (s *Server) render(c *gin.Context, name, title string, p Page) {
	p.Title = title
	s.renderPage(c, http.StatusOK, name, p)
}

// renderStatus writes a page with another status (errors, failed forms).
func (s *Server) renderStatus(c *gin.Context, status int, name, title string, data any) {
	s.renderPage(c, status, name, Page{Title: title, Data: data})
}

func (s *Server) renderPage(c *gin.Context, status int, name string, p Page) {
	if p.User == nil {
		p.User = currentUser(c)
	}
	if p.CSRF == "" {
		p.CSRF = csrfToken(c)
	}
	if p.Flash == "" {
		p.Flash = flashText(c.Query("done"))
	}
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	// Render to a buffer first: a template error never sends half a page.
	var buf bytes.Buffer
	if err := t.t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.Error("template", "name", name, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// flashes are the confirmations a redirect may ask for; free text from the
// URL is never shown.
var flashes = map[string]string{
	"saved":      "Saved.",
	"created":    "The assessment was created.",
	"status":     "The status was changed.",
	"password":   "Your password was changed.",
	"consensus":  "Consensus saved.",
	"adjusted":   "The action was updated.",
	"user":       "The user was saved.",
	"token":      "The token was revoked.",
	"loggedout":  "You are logged out.",
	"impl":       "The implementation status was saved.",
	"resolved":   "Your version was saved.",
	"kept-their": "Their version was kept.",
}

func flashText(key string) string { return flashes[key] }

func formatMoney(v float64, currency string) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	if currency != "" {
		return currency + " " + b.String()
	}
	return b.String()
}
