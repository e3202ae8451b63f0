package main

import (
	"context"
	"flag"
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

// adjustFlags are the fields of 'plan adjust'; empty means unchanged.
type adjustFlags struct {
	as, priority, lead, start, end, cost, fundingSource, fundingStatus, status, text, note string
}

func (a *adjustFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&a.as, "as", "", "e-mail of the lead assessor making the change (required)")
	fs.StringVar(&a.priority, "priority", "", "High, Medium or Low")
	fs.StringVar(&a.lead, "lead", "", "lead institution")
	fs.StringVar(&a.start, "start", "", "start quarter, e.g. 2027-Q3")
	fs.StringVar(&a.end, "end", "", "end quarter (inclusive), e.g. 2028-Q2")
	fs.StringVar(&a.cost, "cost", "", "estimated cost in the plan currency")
	fs.StringVar(&a.fundingSource, "funding-source", "", `funding source, e.g. "State budget" or a donor`)
	fs.StringVar(&a.fundingStatus, "funding-status", "", "secured, pledged or gap")
	fs.StringVar(&a.status, "status", "", "not started, ongoing, completed, delayed or cancelled")
	fs.StringVar(&a.text, "text", "", "activity text adapted to the country")
	fs.StringVar(&a.note, "note", "", "a note on the change")
}

func checkAdjust(o *options, args []string) error {
	if len(args) != 2 {
		return usagef("plan adjust needs an assessment ID and an action id such as AP-TRV-1.1-A1")
	}
	if _, err := parseID(args[:1], "plan adjust"); err != nil {
		return err
	}
	if o.adj.as == "" {
		return usagef("plan adjust needs --as EMAIL (the lead assessor)")
	}
	return nil
}

// parseQuarter turns "2027-Q3" or "Q3 2027" into a month offset from the
// plan's first year.
func parseQuarter(s string, startYear int) (int, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	var y, q int
	if _, err := fmt.Sscanf(s, "%d-Q%d", &y, &q); err != nil {
		if _, err := fmt.Sscanf(s, "Q%d %d", &q, &y); err != nil {
			return 0, fmt.Errorf("%q: want a quarter such as 2027-Q3", s)
		}
	}
	if q < 1 || q > 4 || y < startYear {
		return 0, fmt.Errorf("%q: want a quarter Q1–Q4 from %d on", s, startYear)
	}
	return (y-startYear)*12 + (q-1)*3, nil
}

func planAdjust(ctx context.Context, e *env, args []string) error {
	id, _ := parseID(args[:1], "plan adjust")
	actionID := args[1]
	l, err := load(ctx, e, id)
	if err != nil {
		return err
	}
	actor, err := e.db.FindUserByEmail(ctx, e.opts.adj.as)
	if err != nil {
		return err
	}
	p, err := generatePlan(ctx, e, l)
	if err != nil {
		return err
	}
	if p.Action(actionID) == nil {
		return assessment.Errorf(assessment.ENOTFOUND, "action %s is not in the plan of assessment %d (see 'bordergap plan %d')", actionID, id, id)
	}
	existing, err := e.db.FindAdjustments(ctx, id)
	if err != nil {
		return err
	}
	x := assessment.Adjustment{AssessmentID: id, ActionID: actionID}
	for _, old := range existing {
		if old.ActionID == actionID {
			x = old
		}
	}
	f := e.opts.adj
	var errs []assessment.FieldError
	if f.priority != "" {
		x.Priority = assessment.Priority(strings.ToUpper(f.priority[:1]) + strings.ToLower(f.priority[1:]))
	}
	if f.lead != "" {
		x.Lead = f.lead
	}
	if f.start != "" {
		m, err := parseQuarter(f.start, p.StartYear)
		if err != nil {
			errs = append(errs, assessment.FieldError{Field: "--start", Message: err.Error()})
		}
		x.StartMonth = &m
	}
	if f.end != "" {
		m, err := parseQuarter(f.end, p.StartYear)
		if err != nil {
			errs = append(errs, assessment.FieldError{Field: "--end", Message: err.Error()})
		}
		m += 3 // the end quarter is inclusive
		x.EndMonth = &m
	}
	if f.cost != "" {
		var c float64
		if _, err := fmt.Sscanf(strings.ReplaceAll(f.cost, ",", ""), "%g", &c); err != nil {
			errs = append(errs, assessment.FieldError{Field: "--cost", Message: fmt.Sprintf("%q is not an amount", f.cost)})
		}
		x.Cost = &c
	}
	if f.fundingSource != "" {
		x.FundingSource = f.fundingSource
	}
	if f.fundingStatus != "" {
		x.FundingStatus = assessment.FundingStatus(strings.ToLower(f.fundingStatus))
	}
	if f.status != "" {
		x.Status = assessment.ImplStatus(strings.ToLower(f.status))
	}
	if f.text != "" {
		x.Text = f.text
	}
	if f.note != "" {
		x.Note = f.note
	}
	if len(errs) > 0 {
		return assessment.Invalid("invalid adjustment", errs...)
	}
	saved, err := e.db.SaveAdjustment(ctx, actor.ID, x)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "adjusted %s (version %d)\n", actionID, saved.Version)
	return nil
}
