// Package reports writes bordergap's documents: the assessment report, the
// national IBM strategy draft and the action plan, as PDF (codeberg.org/
// go-pdf/fpdf) and XLSX (excelize). Every writer is a pure function of
// domain values to an io.Writer; nothing here reads a clock or a file.
//
// Each document exists in two editions. The public edition leaves out the
// restricted annex: findings and actions that reveal specific
// vulnerabilities (framework indicators marked restricted). The restricted
// edition includes it. Both carry their marking on every page or sheet.
package reports

import (
	"fmt"
	"strings"
	"time"
)

// Edition selects what a document may contain.
type Edition string

// The editions.
const (
	Public     Edition = "public"
	Restricted Edition = "restricted"
)

// ParseEdition accepts "public" or "restricted".
func ParseEdition(s string) (Edition, error) {
	switch Edition(strings.ToLower(strings.TrimSpace(s))) {
	case Public:
		return Public, nil
	case Restricted:
		return Restricted, nil
	}
	return "", fmt.Errorf("edition %q: want public or restricted", s)
}

// Marking is the text printed on every page or sheet of the edition.
func (e Edition) Marking() string {
	if e == Restricted {
		return "RESTRICTED — specific border vulnerabilities; limited distribution"
	}
	return "PUBLIC EDITION — restricted annex withheld"
}

// Short is the one-word marking.
func (e Edition) Short() string {
	if e == Restricted {
		return "RESTRICTED"
	}
	return "PUBLIC"
}

// Includes reports whether the edition may show an item marked restricted.
func (e Edition) Includes(restricted bool) bool { return e == Restricted || !restricted }

// Options are the settings every document takes.
type Options struct {
	Edition Edition
	// Generated is the generation time printed in the document and its
	// properties; fixed in tests so that output is reproducible.
	Generated time.Time
}

func (o Options) generatedText() string {
	return o.Generated.UTC().Format("2 January 2006, 15:04 UTC")
}

// FormatMoney formats an amount with thousands separators: "USD 1,250,000".
func FormatMoney(v float64, currency string) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	out := b.String()
	if neg {
		out = "-" + out
	}
	if currency != "" {
		out = currency + " " + out
	}
	return out
}
