package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"bordergap/assessment"
)

func scorecardCommand(ctx context.Context, e *env, args []string) error {
	id, err := parseID(args, "scorecard")
	if err != nil {
		return err
	}
	l, err := load(ctx, e, id)
	if err != nil {
		return err
	}
	writeScorecard(e.stdout, l.analyse(), e.opts.top)
	return nil
}

func bar(v float64, width int) string {
	n := int(v/assessment.MaxLevel*float64(width) + 0.5)
	n = max(0, min(width, n))
	return strings.Repeat("█", n) + strings.Repeat("·", width-n)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// writeScorecard prints the national scorecard for a terminal.
func writeScorecard(w io.Writer, an *assessment.Analysis, top int) {
	a, f := an.Assessment, an.Framework
	fmt.Fprintf(w, "%s — %s (%s)\n", a.Title, a.StateName, a.State)
	fmt.Fprintf(w, "Framework %s %s · round %d · %s · %d of %d applicable indicators scored\n\n",
		f.ID, f.Version, a.Round, a.Status.Label(), an.Scored, an.Applicable)

	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PILLAR\t\tSCORE\t%\t0 ─────── 4\tHIGH GAPS\tBINDING UNMET")
	for _, p := range an.Pillars {
		crit := ""
		if p.Critical {
			crit = " *"
		}
		score, pct := "  –", "  –"
		if p.Score.Valid() {
			score, pct = fmt.Sprintf("%.2f", p.Score.Value), fmt.Sprintf("%3.0f%%", p.Score.Percent())
		}
		fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\t%s\t%d\t%d\n", p.Pillar.Code, crit, truncate(p.Pillar.Title, 44), score, pct,
			bar(p.Score.Value, 10), p.HighGaps, p.BindingUnmet)
	}
	fmt.Fprintf(tw, "\tNational index\t%.2f\t%3.0f%%\t%s\t\t\n", an.National.Value, an.National.Percent(), bar(an.National.Value, 10))
	tw.Flush()
	if critical := a.Profile.CriticalPillars; len(critical) > 0 {
		fmt.Fprintln(w, "* pillar marked critical by the risk profile: gaps weigh 1.5 times")
	}

	gaps := an.Gaps()
	fmt.Fprintf(w, "\nTop gaps (%d indicators below target; priority index = gap × weight × threat factor)\n", len(gaps))
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tINDICATOR\tTITLE\tLEVEL → TARGET\tWEIGHT\tINDEX\tPRIORITY\tFLAGS")
	for i, g := range gaps {
		if top > 0 && i >= top {
			break
		}
		var flags []string
		if g.BindingUnmet {
			flags = append(flags, "binding unmet")
		}
		if g.SpreadFlag {
			flags = append(flags, fmt.Sprintf("spread %d", g.Spread))
		}
		if g.LowConfidence {
			flags = append(flags, "low confidence")
		}
		if g.RightsCapped {
			flags = append(flags, "capped: human rights")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s → %s\t%d\t%.1f\t%s\t%s\n", i+1, g.Indicator.ID, truncate(g.Indicator.Title, 46),
			g.Level, g.Target, g.Indicator.Weight, g.PriorityIndex, g.Priority, strings.Join(flags, ", "))
	}
	tw.Flush()

	unmet := an.BindingUnmet()
	fmt.Fprintf(w, "\nUnmet binding obligations (weight-3 indicators at level 0 or 1): %d\n", len(unmet))
	for _, r := range unmet {
		var refs []string
		for _, ref := range r.Indicator.References {
			if ref.Binding {
				refs = append(refs, f.Cite(ref))
			}
		}
		line := fmt.Sprintf("  %-8s %s (level %s)", r.Indicator.ID, r.Indicator.Title, r.Level)
		if len(refs) > 0 {
			line += " — " + strings.Join(refs, "; ")
		}
		fmt.Fprintln(w, line)
	}
	var lowConf, flagged int
	for _, r := range an.Indicators {
		if r.LowConfidence {
			lowConf++
		}
		if r.SpreadFlag {
			flagged++
		}
	}
	fmt.Fprintf(w, "\n%d indicators scored with low confidence; %d with a spread of %d or more between assessors.\n",
		lowConf, flagged, assessment.SpreadFlagAt)
}
