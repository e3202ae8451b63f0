package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"bordergap/assessment"
	"bordergap/assessment/portable"
)

func parseID(args []string, what string) (int64, error) {
	if len(args) != 1 {
		return 0, usagef("%s needs exactly one assessment ID (see 'bordergap assessment list')", what)
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s: %q is not an assessment ID (a positive number)", what, args[0])
	}
	return id, nil
}

// loaded is an assessment with everything needed to analyse it.
type loaded struct {
	a         *assessment.Assessment
	f         *assessment.Framework
	responses []assessment.Response
	consensus []assessment.Consensus
}

func load(ctx context.Context, e *env, id int64) (*loaded, error) {
	a, err := e.db.FindAssessmentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	f, err := e.registry.Framework(a.FrameworkID, a.FrameworkVersion)
	if err != nil {
		return nil, err
	}
	rs, err := e.db.FindResponses(ctx, id)
	if err != nil {
		return nil, err
	}
	cs, err := e.db.FindConsensus(ctx, id)
	if err != nil {
		return nil, err
	}
	return &loaded{a, f, rs, cs}, nil
}

func (l *loaded) analyse() *assessment.Analysis {
	return assessment.Analyse(l.f, l.a, l.responses, l.consensus)
}

func assessmentList(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("assessment list takes no arguments")
	}
	list, err := e.db.FindAssessments(ctx, assessment.AssessmentFilter{})
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "No assessments yet. Run 'bordergap demo' to create the demo states, or import a portable file.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tROUND\tSTATUS\tFRAMEWORK\tLEAD\tTITLE")
	for _, a := range list {
		lead := ""
		for _, m := range a.Team {
			if m.Role == assessment.RoleLead {
				lead = m.Name
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", a.ID, a.State, a.Round, a.Status.Label(), a.FrameworkID+"@"+a.FrameworkVersion, lead, a.Title)
	}
	return tw.Flush()
}

func assessmentShow(ctx context.Context, e *env, args []string) error {
	id, err := parseID(args, "assessment show")
	if err != nil {
		return err
	}
	l, err := load(ctx, e, id)
	if err != nil {
		return err
	}
	a, w := l.a, e.stdout
	fmt.Fprintf(w, "%s\n%s (%s) · round %d · %s\n", a.Title, a.StateName, a.State, a.Round, a.Status.Label())
	fmt.Fprintf(w, "Framework: %s %s — %s\n", l.f.ID, l.f.Version, l.f.Title)
	if a.BaselineID > 0 {
		fmt.Fprintf(w, "Follows up assessment %d\n", a.BaselineID)
	}
	if a.StartedOn != "" {
		fmt.Fprintf(w, "Mission started: %s\n", a.StartedOn)
	}
	modes := make([]string, len(a.Scope.Modes))
	for i, m := range a.Scope.Modes {
		modes[i] = string(m)
	}
	fmt.Fprintf(w, "Scope: %s\n", strings.Join(modes, ", "))
	p := a.Profile
	if len(p.BCPs) > 0 {
		var parts []string
		for _, m := range assessment.Modes {
			if n, ok := p.BCPs[m]; ok {
				parts = append(parts, fmt.Sprintf("%s %d", m, n))
			}
		}
		fmt.Fprintf(w, "Border crossing points: %s\n", strings.Join(parts, ", "))
	}
	if p.LandBorderKm > 0 || p.CoastlineKm > 0 {
		fmt.Fprintf(w, "Land border: %d km · coastline: %d km\n", p.LandBorderKm, p.CoastlineKm)
	}
	if len(p.CriticalPillars) > 0 {
		fmt.Fprintf(w, "Pillars marked critical by the risk profile (threat factor 1.5): %s\n", strings.Join(p.CriticalPillars, ", "))
	}
	fmt.Fprintln(w, "\nTeam:")
	for _, m := range a.Team {
		fmt.Fprintf(w, "  %-9s %s <%s>\n", m.Role, m.Name, m.Email)
	}
	fmt.Fprintln(w, "\nAgency mapping:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, r := range l.f.Roles {
		names := p.Agencies[r.Code]
		val := strings.Join(names, "; ")
		if val == "" {
			val = "— not mapped"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", r.Code, val)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nProgress (indicators scored by each assessor, of those applicable):")
	an := l.analyse()
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	header := "Pillar\t"
	assessors := a.Assessors()
	for _, m := range assessors {
		header += firstName(m.Name) + "\t"
	}
	fmt.Fprintln(tw, header+"Consensus\t")
	scored := map[int64]map[string]int{}
	for _, r := range l.responses {
		if r.Level.Scored() {
			if scored[r.AssessorID] == nil {
				scored[r.AssessorID] = map[string]int{}
			}
			scored[r.AssessorID][assessment.PillarCode(r.IndicatorID)]++
		}
	}
	for _, pr := range an.Pillars {
		line := pr.Pillar.Code + "\t"
		for _, m := range assessors {
			line += fmt.Sprintf("%d/%d\t", scored[m.UserID][pr.Pillar.Code], pr.Applicable)
		}
		set := 0
		for _, c := range pr.Capacities {
			for _, r := range c.Indicators {
				if r.ConsensusSet {
					set++
				}
			}
		}
		fmt.Fprintln(tw, line+fmt.Sprintf("%d/%d\t", set, pr.Applicable))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d of %d applicable indicators scored; %d flagged for a spread of %d or more between assessors.\n",
		an.Scored, an.Applicable, an.Flagged, assessment.SpreadFlagAt)
	return nil
}

func firstName(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

func assessmentExport(ctx context.Context, e *env, args []string) error {
	id, err := parseID(args, "assessment export")
	if err != nil {
		return err
	}
	l, err := load(ctx, e, id)
	if err != nil {
		return err
	}
	users, err := e.db.FindUsers(ctx)
	if err != nil {
		return err
	}
	now := e.db.Now()
	return writeOutput(e, func(w io.Writer) error {
		return portable.Encode(w, l.a, users, l.responses, l.consensus, now)
	})
}

func assessmentImport(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usagef("assessment import needs exactly one FILE")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return assessment.Errorf(assessment.EINVALID, "%v", err)
	}
	defer f.Close()
	b, err := portable.Decode(f, e.registry)
	if err != nil {
		return err
	}
	a, err := e.db.ImportBundle(ctx, 0, b)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %s as assessment %d: %d responses, %d consensus records, %d team members\n",
		args[0], a.ID, len(b.Responses), len(b.Consensus), len(a.Team))
	return nil
}
