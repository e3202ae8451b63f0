package portable_test

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bordergap/assessment"
	"bordergap/assessment/portable"
	"bordergap/data"
)

func openDB(t *testing.T, name string) *data.DB {
	t.Helper()
	db, err := data.Open(context.Background(), filepath.Join(t.TempDir(), name), registry(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// export writes an assessment of db as a portable file, as the export
// command does: every user is offered, only those the assessment names are
// written.
func export(t *testing.T, db *data.DB, id int64, at time.Time) []byte {
	t.Helper()
	ctx := context.Background()
	a, err := db.FindAssessmentByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	users, err := db.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := db.FindResponses(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := db.FindConsensus(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := portable.Encode(&buf, a, users, rs, cs, at); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var exportedAtLine = regexp.MustCompile(`(?m)^  "exported_at": "[^"]*",$`)

func withoutExportedAt(t *testing.T, doc []byte) string {
	t.Helper()
	if n := len(exportedAtLine.FindAll(doc, -1)); n != 1 {
		t.Fatalf("%d exported_at lines in\n%s", n, doc)
	}
	return string(exportedAtLine.ReplaceAll(doc, []byte(`  "exported_at": "0001-01-01T00:00:00Z",`)))
}

// TestRoundTrip exports an assessment built through the store, imports the
// file into a second, fresh database and exports it again: apart from
// exported_at the two files are identical, so nothing is lost on the way.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openDB(t, "source.db")
	mk := func(name, email string, role assessment.UserRole, country string) *assessment.User {
		u := &assessment.User{Name: name, Email: email, Organisation: "Example Consulting", Role: role, Country: country}
		if err := src.CreateUser(ctx, 0, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	lead := mk("Ada Lead", "ada.lead@example.org", assessment.UserConsultant, "")
	ben := mk("Ben Assessor", "Ben.Assessor@example.org", assessment.UserMinistry, "XAA")
	cleo := mk("Cleo Assessor", "cleo.assessor@example.org", assessment.UserConsultant, "")
	dara := mk("Dara Reviewer", "dara.reviewer@example.org", assessment.UserDonor, "")
	mk("Eli Outsider", "eli.outsider@example.org", assessment.UserDonor, "") // on no team: not exported

	a := &assessment.Assessment{
		State: "XAA", StateName: "Xanadia", Title: "Xanadia baseline — \"round 1\"",
		FrameworkID: "ibm-default", FrameworkVersion: "0.1.0",
		Scope: assessment.Scope{Modes: []assessment.Mode{assessment.ModeSea, assessment.ModeLand, assessment.ModeRail}},
		Profile: assessment.Profile{
			CoordinationBody: "Xanadia IBM Board",
			BCPs:             map[assessment.Mode]int{assessment.ModeLand: 9, assessment.ModeSea: 2, assessment.ModeRail: 1},
			LandBorderKm:     1204, CoastlineKm: 310,
			Neighbours:      []string{"Yonderland", "Zembla"},
			Agencies:        map[string][]string{"BG": {"Xanadia Border Guard"}, "CUS": {"Xanadia Customs", "Port Authority"}, "PIU": {""}},
			CriticalPillars: []string{"SUR", "TRV"},
			Context:         "Two neighbours;\n\"quiet\" coast — ünïcödé ✓",
			StrategyStart:   2027,
		},
		Team: []assessment.Member{
			{UserID: lead.ID, Role: assessment.RoleLead}, {UserID: ben.ID, Role: assessment.RoleAssessor},
			{UserID: cleo.ID, Role: assessment.RoleAssessor}, {UserID: dara.ID, Role: assessment.RoleReviewer},
		},
		StartedOn: "2026-02-16",
	}
	if err := src.CreateAssessment(ctx, lead.ID, a); err != nil {
		t.Fatal(err)
	}
	r := func(ind string, u *assessment.User, level, target assessment.Level) assessment.Response {
		return assessment.Response{IndicatorID: ind, AssessorID: u.ID, Level: level, Target: target}
	}
	save := func(actor *assessment.User, rs ...assessment.Response) []assessment.Response {
		t.Helper()
		out, err := src.SaveResponses(ctx, actor.ID, a.ID, rs)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	noted := r("GOV.1.1", ben, 2, 4)
	noted.Confidence = assessment.ConfidenceHigh
	noted.Note = "Line one\nline \"two\" — ✓ <tag> & \\backslash\\\ttab"
	noted.Sources = []string{"IBM strategy 2024", "Interview, Xanadia Border Guard HQ"}
	concern := r("GOV.1.2", ben, 1, 3)
	concern.RightsConcern = true
	concern.Confidence = assessment.ConfidenceLow
	first := save(ben, noted, concern, r("TRV.1.1", ben, assessment.NA, assessment.Unscored), r("GOV.1.3", ben, assessment.Unscored, assessment.Unscored))
	save(cleo, r("GOV.1.1", cleo, 3, assessment.Unscored), r("BCP.4.4", cleo, 0, 2)) // rail
	save(lead, r("GOV.1.1", lead, 4, 3), r("GOV.2.1", cleo, 1, assessment.Unscored)) // the lead scores for Cleo
	// Versions beyond 1: Ben edits his GOV.1.1 twice, the lead once more.
	v := first[0]
	v.Level = 3
	v = save(ben, v)[0]
	v.Note += "\nrevised"
	v = save(lead, v)[0]
	if v.Version != 3 {
		t.Fatalf("version = %d, want 3", v.Version)
	}
	cs, err := src.SaveConsensus(ctx, lead.ID, a.ID, []assessment.Consensus{
		{IndicatorID: "GOV.1.1", Level: 3, Target: 4, Comment: "agreed — \"after\" the workshop\n✓"},
		{IndicatorID: "TRV.1.1", Level: assessment.NA, Target: assessment.Unscored},
	})
	if err != nil {
		t.Fatal(err)
	}
	cs[0].Level = 2
	if _, err := src.SaveConsensus(ctx, lead.ID, a.ID, cs[:1]); err != nil {
		t.Fatal(err)
	}
	if _, err := src.SetStatus(ctx, lead.ID, a.ID, a.Version, assessment.StatusInReview); err != nil {
		t.Fatal(err)
	}

	exported1 := export(t, src, a.ID, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
	for _, want := range []string{`"N/A"`, `"rights_concern": true`, `"version": 3`, `"version": 2`, `"confidence": "H"`,
		`"target": null`, `"level": null`, `"status": "in_review"`, `"PIU": [`, `"role": "reviewer"`, `\"two\" — ✓ <tag> & \\backslash\\\ttab`,
		`"Ben.Assessor@example.org"`, `"rail": 1`} {
		if !strings.Contains(string(exported1), want) {
			t.Errorf("the first export lacks %s", want)
		}
	}
	if strings.Contains(string(exported1), "eli.outsider") {
		t.Error("the export names a user who is on no team")
	}

	b, err := portable.Decode(bytes.NewReader(exported1), registry(t))
	if err != nil {
		t.Fatalf("Decode of our own export: %v", err)
	}
	dst := openDB(t, "destination.db")
	imported, err := dst.ImportBundle(ctx, 0, b)
	if err != nil {
		t.Fatalf("ImportBundle: %v", err)
	}
	second := export(t, dst, imported.ID, time.Date(2026, 3, 9, 16, 30, 0, 0, time.UTC))

	if got, want := withoutExportedAt(t, second), withoutExportedAt(t, exported1); got != want {
		t.Errorf("the export after import differs from the original export:\n%s", lineDiff(want, got))
	}
	if bytes.Equal(exported1, second) {
		t.Error("the two exports are byte-identical: exported_at should differ")
	}
}

// lineDiff lists the lines that differ between two documents.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out []string
	for i := 0; i < max(len(al), len(bl)); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			out = append(out, "line "+strconv.Itoa(i+1)+":\n- "+x+"\n+ "+y)
		}
		if len(out) > 20 {
			break
		}
	}
	return strings.Join(out, "\n")
}
