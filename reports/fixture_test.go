package reports

import (
	"os"
	"testing"
	"time"

	"bordergap/assessment"
	"bordergap/assessment/portable"
	"bordergap/frameworks"
)

// testGenerated is the fixed generation time of every test document.
var testGenerated = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)

// loadFixture reads a portable demo file from testdata and returns its
// analysis, with team member names filled from the file's people.
func loadFixture(t testing.TB, name string) *assessment.Analysis {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := frameworks.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	b, err := portable.Decode(f, reg)
	if err != nil {
		t.Fatal(err)
	}
	a := b.Assessment
	a.ID = 1
	for i := range a.Team {
		for _, u := range b.Users {
			if u.ID == a.Team[i].UserID {
				a.Team[i].Name, a.Team[i].Email = u.Name, u.Email
			}
		}
	}
	fw, err := reg.Framework(a.FrameworkID, a.FrameworkVersion)
	if err != nil {
		t.Fatal(err)
	}
	return assessment.Analyse(fw, &a, b.Responses, b.Consensus)
}

// loadPlan generates the plan of a fixture, starting in 2027.
func loadPlan(t testing.TB, name string, adj ...assessment.Adjustment) *assessment.Plan {
	t.Helper()
	return assessment.GeneratePlan(loadFixture(t, name), adj, assessment.PlanOptions{StartYear: 2027})
}
