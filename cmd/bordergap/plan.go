package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"bordergap/assessment"
)

func planCommand(ctx context.Context, e *env, args []string) error {
	id, err := parseID(args, "plan")
	if err != nil {
		return err
	}
	l, err := load(ctx, e, id)
	if err != nil {
		return err
	}
	p, err := generatePlan(ctx, e, l)
	if err != nil {
		return err
	}
	writePlanSummary(e.stdout, p)
	return nil
}

func generatePlan(ctx context.Context, e *env, l *loaded) (*assessment.Plan, error) {
	adj, err := e.db.FindAdjustments(ctx, l.a.ID)
	if err != nil {
		return nil, err
	}
	start := e.opts.startYear
	if start == 0 {
		start = l.a.Profile.StrategyStart
	}
	if start == 0 {
		start = e.db.Now().Year() + 1
	}
	return assessment.GeneratePlan(l.analyse(), adj, assessment.PlanOptions{StartYear: start}), nil
}

func money(v float64, currency string) string {
	s := fmt.Sprintf("%.0f", v)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return currency + " " + string(out)
}

func writePlanSummary(w io.Writer, p *assessment.Plan) {
	a := p.Analysis.Assessment
	t := p.Totals()
	cur := p.Costs.Currency
	fmt.Fprintf(w, "Action plan %d–%d — %s (%s): %s\n", p.StartYear, p.StartYear+assessment.PlanHorizon/12-1, a.StateName, a.State, a.Title)
	fmt.Fprintf(w, "%d actions under %d strategic objectives · indicative cost %s (national %s, donors %s, gap %s)\n\n",
		len(p.Actions), len(p.Objectives), money(t.Total, cur), money(t.National, cur), money(t.Donor, cur), money(t.Gap, cur))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECTIVE\tACTIONS\tHIGH\tPHASE 1/2/3\tCOST\t")
	for _, o := range p.Objectives {
		var n, high int
		var ph [4]int
		for _, s := range o.Specific {
			for _, pa := range s.Actions {
				n++
				ph[pa.Phase]++
				if pa.Priority == assessment.PriorityHigh {
					high++
				}
			}
		}
		fmt.Fprintf(tw, "%s  %s\t%d\t%d\t%d/%d/%d\t%s\t\n", o.Code, truncate(o.Text, 60), n, high, ph[1], ph[2], ph[3], money(o.Cost, cur))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nCost by year: ")
	var parts []string
	for _, y := range p.Years() {
		parts = append(parts, fmt.Sprintf("%d %s", y, money(t.ByYear[y], "")))
	}
	fmt.Fprintln(w, strings.Join(parts, " · "))

	fmt.Fprintln(w, "\nFirst actions (High priority, phase 1):")
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	shown := 0
	for _, pa := range p.Actions {
		if pa.Priority != assessment.PriorityHigh || pa.Phase != 1 || shown >= 12 {
			continue
		}
		shown++
		lead := pa.Lead
		if lead == "" {
			lead = "UNMAPPED: " + strings.Join(pa.Unmapped, ", ")
		}
		fmt.Fprintf(tw, "  %s\t%s–%s\t%s\t%s\n", pa.ID, p.Quarter(pa.Start), p.EndQuarter(pa.End), truncate(lead, 34), truncate(pa.Text, 70))
	}
	tw.Flush()
	var pending, safeguards, restricted int
	for _, pa := range p.Actions {
		if pa.PendingFunding {
			pending++
		}
		if pa.Safeguard != "" {
			safeguards++
		}
		if pa.Restricted {
			restricted++
		}
	}
	fmt.Fprintf(w, "\n%d L-cost actions pending funding; %d actions carry a safeguard sub-activity; %d actions go to the restricted annex.\n",
		pending, safeguards, restricted)
	if len(p.Unmapped) > 0 {
		fmt.Fprintf(w, "Role codes not mapped to a national institution (map them in the country profile): %s\n", strings.Join(p.Unmapped, ", "))
	}
	for _, o := range p.Orphans {
		fmt.Fprintf(w, "Adjustment to %s no longer applies: the action is not in the regenerated plan.\n", o.ActionID)
	}
}
