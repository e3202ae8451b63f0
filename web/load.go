package web

import (
	"strconv"

	"bordergap/assessment"

	"github.com/gin-gonic/gin"
)

// view is an assessment as a handler sees it: the record, its framework and
// what the current user may do with it.
type view struct {
	A   *assessment.Assessment
	F   *assessment.Framework
	Can map[assessment.Permission]bool
}

var allPermissions = []assessment.Permission{assessment.PermView, assessment.PermViewRestricted, assessment.PermQuestionnaire,
	assessment.PermScore, assessment.PermReview, assessment.PermConsensus, assessment.PermEdit, assessment.PermAdjustPlan,
	assessment.PermImplementation, assessment.PermAudit}

// loadView loads the assessment of the :id parameter and checks that the
// user may do p with it. It answers 404 when the user may not see the
// assessment at all (or the id is not a number), 403 when they may see it
// but not do p; it returns false after answering.
func (s *Server) loadView(c *gin.Context, p assessment.Permission) (*view, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, notFound())
		return nil, false
	}
	u := currentUser(c)
	a, err := s.store.FindAssessmentByID(c.Request.Context(), id)
	if err != nil {
		if assessment.ErrorCode(err) == assessment.ENOTFOUND {
			err = notFound()
		}
		s.fail(c, err)
		return nil, false
	}
	if !assessment.Visible(u, a) {
		s.fail(c, notFound())
		return nil, false
	}
	if !assessment.Can(u, a, p) {
		s.fail(c, assessment.Errorf(assessment.EFORBIDDEN, "Your role on this assessment does not allow this."))
		return nil, false
	}
	f, err := s.cfg.Frameworks.Framework(a.FrameworkID, a.FrameworkVersion)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	v := &view{A: a, F: f, Can: map[assessment.Permission]bool{}}
	for _, perm := range allPermissions {
		v.Can[perm] = assessment.Can(u, a, perm)
	}
	return v, true
}

// page returns a Page prepared for an assessment sub-page.
func (v *view) page(nav string, data any) Page {
	can := make(map[string]bool, len(v.Can))
	for p, ok := range v.Can {
		can[string(p)] = ok
	}
	return Page{Nav: nav, Assessment: v.A, Can: can, Data: data}
}

// analysis loads the responses and consensus and analyses them.
func (s *Server) analysis(c *gin.Context, v *view) (*assessment.Analysis, []assessment.Response, error) {
	ctx := c.Request.Context()
	rs, err := s.store.FindResponses(ctx, v.A.ID)
	if err != nil {
		return nil, nil, err
	}
	cs, err := s.store.FindConsensus(ctx, v.A.ID)
	if err != nil {
		return nil, nil, err
	}
	return assessment.Analyse(v.F, v.A, rs, cs), rs, nil
}

// plan generates the plan with the stored adjustments. The plan starts in
// the profile's strategy year, else next year.
func (s *Server) plan(c *gin.Context, v *view) (*assessment.Plan, error) {
	an, _, err := s.analysis(c, v)
	if err != nil {
		return nil, err
	}
	adj, err := s.store.FindAdjustments(c.Request.Context(), v.A.ID)
	if err != nil {
		return nil, err
	}
	start := v.A.Profile.StrategyStart
	if start == 0 {
		start = s.cfg.Now().Year() + 1
	}
	return assessment.GeneratePlan(an, adj, assessment.PlanOptions{StartYear: start}), nil
}
