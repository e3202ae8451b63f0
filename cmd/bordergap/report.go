package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"bordergap/assessment"
	"bordergap/assessment/portable"
	"bordergap/reports"
)

// reportKinds maps a document name to its writers by format.
var reportKinds = map[string]map[string]func(w io.Writer, an *assessment.Analysis, p *assessment.Plan, o reports.Options) error{
	"assessment": {
		"pdf": func(w io.Writer, an *assessment.Analysis, _ *assessment.Plan, o reports.Options) error {
			return reports.WriteAssessmentPDF(w, an, o)
		},
	},
	"strategy": {
		"pdf": func(w io.Writer, _ *assessment.Analysis, p *assessment.Plan, o reports.Options) error {
			return reports.WriteStrategyPDF(w, p, o)
		},
	},
	"action-plan": {
		"pdf": func(w io.Writer, _ *assessment.Analysis, p *assessment.Plan, o reports.Options) error {
			return reports.WriteActionPlanPDF(w, p, o)
		},
		"xlsx": func(w io.Writer, _ *assessment.Analysis, p *assessment.Plan, o reports.Options) error {
			return reports.WriteActionPlanXLSX(w, p, o)
		},
	},
}

func checkReport(o *options, args []string) error {
	if len(args) == 0 {
		return usagef("report needs a document: assessment, strategy or action-plan")
	}
	kinds, ok := reportKinds[args[0]]
	if !ok {
		return usagef("report %q: want assessment, strategy or action-plan", args[0])
	}
	if _, ok := kinds[o.format]; !ok {
		return usagef("report %s: --format %q: want %s", args[0], o.format, strings.Join(sortedKeys(kinds), " or "))
	}
	if _, err := reports.ParseEdition(o.edition); err != nil {
		return usagef("--edition %q: want public or restricted", o.edition)
	}
	switch {
	case o.file != "" && len(args) > 1:
		return usagef("report: give an assessment ID or --file, not both")
	case o.file == "" && len(args) != 2:
		return usagef("report %s needs an assessment ID (or --file PORTABLE.json)", args[0])
	case o.file == "":
		_, err := parseID(args[1:], "report "+args[0])
		return err
	}
	return nil
}

func reportCommand(ctx context.Context, e *env, args []string) error {
	doc := args[0]
	edition, _ := reports.ParseEdition(e.opts.edition)
	var l *loaded
	var adj []assessment.Adjustment
	if e.opts.file != "" {
		f, err := os.Open(e.opts.file)
		if err != nil {
			return assessment.Errorf(assessment.EINVALID, "%v", err)
		}
		b, err := portable.Decode(f, e.registry)
		f.Close()
		if err != nil {
			return err
		}
		a := b.Assessment
		for i := range a.Team {
			for _, u := range b.Users {
				if u.ID == a.Team[i].UserID {
					a.Team[i].Name, a.Team[i].Email = u.Name, u.Email
				}
			}
		}
		fw, err := e.registry.Framework(a.FrameworkID, a.FrameworkVersion)
		if err != nil {
			return err
		}
		l = &loaded{a: &a, f: fw, responses: b.Responses, consensus: b.Consensus}
	} else {
		if err := e.openDB(ctx); err != nil {
			return err
		}
		id, _ := parseID(args[1:], "report")
		var err error
		if l, err = load(ctx, e, id); err != nil {
			return err
		}
		if adj, err = e.db.FindAdjustments(ctx, id); err != nil {
			return err
		}
	}
	an := l.analyse()
	start := e.opts.startYear
	if start == 0 {
		start = l.a.Profile.StrategyStart
	}
	if start == 0 {
		start = e.now().Year() + 1
	}
	p := assessment.GeneratePlan(an, adj, assessment.PlanOptions{StartYear: start})
	if e.opts.output == "" {
		e.opts.output = fmt.Sprintf("%s-round%d-%s-%s.%s", l.a.State, l.a.Round, doc, edition, e.opts.format)
	}
	o := reports.Options{Edition: edition, Generated: e.now()}
	return writeOutput(e, func(w io.Writer) error {
		return reportKinds[doc][e.opts.format](w, an, p, o)
	})
}
