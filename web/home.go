package web

import (
	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

type homeRow struct {
	A        *assessment.Assessment
	Role     string
	Scored   int
	Total    int
	Percent  int
	National assessment.Score
}

type homeData struct {
	Rows      []homeRow
	CanCreate bool
	Donor     bool
}

// home lists the assessments the person may see, with status and progress.
// Donors see that nothing has been shared with them yet.
func (s *Server) home(c *gin.Context) {
	u := currentUser(c)
	if u.Role == assessment.UserDonor {
		s.render(c, "donor", "Nothing shared yet", Page{Nav: "home"})
		return
	}
	ctx := c.Request.Context()
	var filter assessment.AssessmentFilter
	switch u.Role {
	case assessment.UserConsultant:
		filter.MemberID = u.ID
	case assessment.UserMinistry:
		filter.State, filter.Status = u.Country, assessment.StatusPublished
	}
	list, err := s.store.FindAssessments(ctx, filter)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := homeData{CanCreate: assessment.CanCreateAssessment(u)}
	for _, a := range list {
		if !assessment.Visible(u, a) {
			continue
		}
		row := homeRow{A: a, Role: string(a.MemberRole(u.ID))}
		if u.Role == assessment.UserAdmin && row.Role == "" {
			row.Role = "admin"
		}
		if u.Role == assessment.UserMinistry {
			row.Role = "ministry focal point"
		}
		if f, err := s.cfg.Frameworks.Framework(a.FrameworkID, a.FrameworkVersion); err == nil {
			v := &view{A: a, F: f}
			if an, _, err := s.analysis(c, v); err == nil {
				row.Scored, row.Total, row.National = an.Scored, an.Applicable, an.National
				if an.Applicable > 0 {
					row.Percent = an.Scored * 100 / an.Applicable
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(c, "home", "My assessments", Page{Nav: "home", Data: d})
}
