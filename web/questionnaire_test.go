package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"bordergap/assessment"
)

// The questionnaire, responses, conflicts, review and consensus routes.

// everyone lists the fixture's roles in a stable order.
var everyone = []string{uLead, uAssessor, uAssessB, uReviewer, uAdmin, uMinistry, uMinOther, uDonor, uOutsider}

// qFramework returns the framework of the fixture's assessments.
func (f *fixture) qFramework() *assessment.Framework {
	f.t.Helper()
	a, err := f.store.FindAssessmentByID(context.Background(), f.inReview)
	if err != nil {
		f.t.Fatal(err)
	}
	fw, err := f.reg.Framework(a.FrameworkID, a.FrameworkVersion)
	if err != nil {
		f.t.Fatal(err)
	}
	return fw
}

// qResponse returns the stored response of a user to an indicator (nil if
// none).
func (f *fixture) qResponse(assessmentID int64, indicator, key string) *assessment.Response {
	f.t.Helper()
	rs, err := f.store.FindResponses(context.Background(), assessmentID)
	if err != nil {
		f.t.Fatal(err)
	}
	for i := range rs {
		if rs[i].IndicatorID == indicator && rs[i].AssessorID == f.users[key].ID {
			return &rs[i]
		}
	}
	return nil
}

func (f *fixture) qConsensus(assessmentID int64, indicator string) *assessment.Consensus {
	f.t.Helper()
	cs, err := f.store.FindConsensus(context.Background(), assessmentID)
	if err != nil {
		f.t.Fatal(err)
	}
	for i := range cs {
		if cs[i].IndicatorID == indicator {
			return &cs[i]
		}
	}
	return nil
}

// qVersion is the version of a user's response, as a form value.
func (f *fixture) qVersion(indicator, key string) string {
	if r := f.qResponse(f.inReview, indicator, key); r != nil {
		return strconv.Itoa(r.Version)
	}
	return "0"
}

// postAccept posts a form the way app.js does: Accept: application/json
// and the CSRF token in a header.
func (c *client) postAccept(path string, v url.Values) response {
	req, _ := http.NewRequest(http.MethodPost, c.f.srv.URL+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	return c.do(req)
}

func wantStatus(t *testing.T, what string, r response, want int) {
	t.Helper()
	if r.status != want {
		body := r.body
		if len(body) > 600 {
			body = body[:600] + "…"
		}
		t.Errorf("%s: got status %d, want %d\n%s", what, r.status, want, body)
	}
}

func wantBody(t *testing.T, what string, r response, parts ...string) {
	t.Helper()
	body := html.UnescapeString(r.body)
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s: the page does not contain %q", what, p)
		}
	}
}

func wantNotBody(t *testing.T, what string, r response, parts ...string) {
	t.Helper()
	body := html.UnescapeString(r.body)
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Errorf("%s: the page contains %q", what, p)
		}
	}
}

func goodResponse(version string) url.Values {
	return url.Values{"indicator": {"GOV.1.1"}, "level": {"3"}, "target": {"3"}, "confidence": {"H"},
		"note": {"Strategy adopted by the Council of Ministers in 2025."}, "sources": {"Document: IBM strategy 2025\r\nInterview: IBM secretariat\r\n\r\n"},
		"version": {version}}
}

func TestQuestionnaireAccessByRole(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		id   int64
		name string
		want map[string]int
	}{
		{f.inReview, "in review", map[string]int{uLead: 200, uAssessor: 200, uAssessB: 200, uReviewer: 200, uAdmin: 200,
			uMinistry: 404, uMinOther: 404, uDonor: 404, uOutsider: 404}},
		{f.public, "published", map[string]int{uLead: 200, uAssessor: 200, uAssessB: 200, uReviewer: 200, uAdmin: 200,
			uMinistry: 403, uMinOther: 404, uDonor: 404, uOutsider: 404}},
	} {
		for _, who := range everyone {
			t.Run(tc.name+"/"+who, func(t *testing.T) {
				c := f.as(who)
				path := fmt.Sprintf("/assessments/%d/questionnaire", tc.id)
				wantStatus(t, "GET "+path, c.get(path), tc.want[who])
				wantStatus(t, "GET review", c.get(fmt.Sprintf("/assessments/%d/review", tc.id)), tc.want[who])
			})
		}
	}
	t.Run("anonymous", func(t *testing.T) {
		c := f.anon()
		for _, p := range []string{"questionnaire", "review", "responses/GOV.1.1/conflict"} {
			path := fmt.Sprintf("/assessments/%d/%s", f.inReview, p)
			r := c.get(path)
			wantStatus(t, "GET "+path, r, http.StatusSeeOther)
			if loc := r.header.Get("Location"); !strings.HasPrefix(loc, "/login?next=") {
				t.Errorf("GET %s: redirected to %q, want the login page", path, loc)
			}
		}
		r := c.postAccept(fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.inReview), goodResponse("1"))
		wantStatus(t, "anonymous autosave", r, http.StatusUnauthorized)
	})
	t.Run("guessed ids", func(t *testing.T) {
		c := f.as(uAssessor)
		for _, p := range []string{"/assessments/99999/questionnaire", "/assessments/abc/questionnaire", "/assessments/-1/review",
			fmt.Sprintf("/assessments/%d/responses/NOPE.1.1/conflict", f.inReview)} {
			wantStatus(t, "GET "+p, c.get(p), http.StatusNotFound)
		}
	})
}

func TestQuestionnairePageShowsTheIndicator(t *testing.T) {
	f := newFixture(t)
	fw := f.qFramework()
	ind := fw.Indicator("GOV.1.1")
	base := fmt.Sprintf("/assessments/%d/questionnaire", f.inReview)

	t.Run("assessor edits their own answers", func(t *testing.T) {
		r := f.as(uAssessor).get(base + "?pillar=GOV")
		wantStatus(t, "GET", r, 200)
		mine := f.qResponse(f.inReview, "GOV.1.1", uAssessor)
		wantBody(t, "questionnaire", r, ind.Question, ind.Guidance, ind.Evidence[0], ind.Levels[0], ind.Levels[4],
			"0 · Absent", "4 · Advanced", "weight 3", `id="ind-GOV-1-1"`, "data-autosave",
			fmt.Sprintf(`data-conflict-url="/assessments/%d/responses/GOV.1.1/conflict"`, f.inReview),
			`name="version" value="`+strconv.Itoa(mine.Version)+`"`, `class="save-state"`, "H · High", "documents and observation or test",
			"M · Medium", "documents or consistent interviews", "L · Low", "a single interview or self-assessment",
			"Human-rights concern", `<label for="f-GOV-1-1-note">`, `<label for="f-GOV-1-1-sources">`, `<label for="f-GOV-1-1-target">`,
			"<legend>Level", "<legend>Confidence", mine.Note, "N/A is not offered")
		// Their own level is checked, not a teammate's.
		if !regexp.MustCompile(`id="f-GOV-1-1-level[^"]*" name="level" value="` + mine.Level.String() + `" checked`).MatchString(r.body) {
			t.Errorf("the assessor's own level %s is not checked", mine.Level)
		}
		if other := f.qResponse(f.inReview, "GOV.1.1", uAssessB); other.Note != mine.Note && strings.Contains(r.body, html.EscapeString(other.Note)) {
			t.Errorf("an assessor sees a teammate's note in their questionnaire")
		}
		wantNotBody(t, "questionnaire", r, `value="N/A"`)
		// Progress per pillar for this person.
		wantBody(t, "progress", r, "you have scored", `aria-current="page"`)
	})

	t.Run("target 4 only for weight-3 indicators", func(t *testing.T) {
		var w2 *assessment.Indicator
		for _, id := range fw.IndicatorIDs() {
			if x := fw.Indicator(id); x.Weight < 3 && assessment.PillarCode(id) == "GOV" {
				w2 = x
				break
			}
		}
		if w2 == nil {
			t.Skip("no weight-2 indicator in GOV")
		}
		r := f.as(uAssessor).get(base + "?pillar=GOV")
		sel := regexp.MustCompile(`(?s)<select id="f-` + qKey(w2.ID) + `-target".*?</select>`).FindString(r.body)
		if sel == "" || strings.Contains(sel, `value="4"`) {
			t.Errorf("%s (weight %d): target select %q offers 4 or is missing", w2.ID, w2.Weight, sel)
		}
		sel = regexp.MustCompile(`(?s)<select id="f-GOV-1-1-target".*?</select>`).FindString(r.body)
		if !strings.Contains(sel, `value="4"`) {
			t.Errorf("GOV.1.1 (weight 3): target select does not offer 4: %q", sel)
		}
	})

	t.Run("reviewer reads everyone's answers", func(t *testing.T) {
		r := f.as(uReviewer).get(base + "?pillar=GOV")
		wantStatus(t, "GET", r, 200)
		wantNotBody(t, "reviewer", r, "data-autosave", `name="level"`, "<textarea")
		wantBody(t, "reviewer", r, "read-only", f.users[uLead].Name, f.users[uAssessor].Name, f.users[uAssessB].Name,
			f.qResponse(f.inReview, "GOV.1.1", uAssessor).Note, "the team has scored")
	})

	t.Run("admin reads, does not score", func(t *testing.T) {
		r := f.as(uAdmin).get(base)
		wantNotBody(t, "admin", r, "data-autosave")
		wantBody(t, "admin", r, "Only the assessors on the team answer")
	})

	t.Run("published is read-only", func(t *testing.T) {
		r := f.as(uLead).get(fmt.Sprintf("/assessments/%d/questionnaire?pillar=TRV", f.public))
		wantStatus(t, "GET", r, 200)
		wantNotBody(t, "published", r, "data-autosave", "<textarea")
		wantBody(t, "published", r, "This assessment is published: answers can no longer change", "TRV — ")
	})

	t.Run("unknown pillar falls back to the first", func(t *testing.T) {
		r := f.as(uAssessor).get(base + "?pillar=%3Cscript%3E")
		wantStatus(t, "GET", r, 200)
		wantBody(t, "fallback", r, "Questionnaire: "+fw.Pillars[0].Code)
		wantNotBody(t, "fallback", r, "<script>")
	})
}

func TestSaveResponseByRole(t *testing.T) {
	f := newFixture(t)
	want := map[string]int{uLead: 303, uAssessor: 303, uAssessB: 303, uReviewer: 403, uAdmin: 403,
		uMinistry: 404, uMinOther: 404, uDonor: 404, uOutsider: 404}
	for _, who := range everyone {
		t.Run(who, func(t *testing.T) {
			c := f.as(who)
			path := fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.inReview)
			r := c.post(path, goodResponse(f.qVersion("GOV.1.1", who)))
			wantStatus(t, "POST "+path, r, want[who])
			if want[who] == 303 {
				if got := r.header.Get("Location"); got != fmt.Sprintf("/assessments/%d/questionnaire?pillar=GOV&done=saved#ind-GOV-1-1", f.inReview) {
					t.Errorf("redirect to %q", got)
				}
				got := f.qResponse(f.inReview, "GOV.1.1", who)
				if got.Level != 3 || got.Confidence != "H" || len(got.Sources) != 2 || got.UpdatedBy != f.users[who].ID {
					t.Errorf("stored %+v", got)
				}
			}
			wantStatus(t, "GET conflict page", c.get(path+"/conflict"), map[int]int{303: 200, 403: 403, 404: 404}[want[who]])
		})
	}
	t.Run("published", func(t *testing.T) {
		for who, st := range map[string]int{uLead: 403, uAssessor: 403, uMinistry: 403, uReviewer: 403, uOutsider: 404} {
			r := f.as(who).post(fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.public), goodResponse("1"))
			wantStatus(t, who+" saves on a published assessment", r, st)
		}
		if got := f.qResponse(f.public, "GOV.1.1", uLead); got.Version != 1 {
			t.Errorf("a published response changed: %+v", got)
		}
	})
	t.Run("anonymous", func(t *testing.T) {
		r := f.anon().post(fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.inReview), goodResponse("1"))
		wantStatus(t, "anonymous post", r, http.StatusSeeOther)
		if !strings.HasPrefix(r.header.Get("Location"), "/login") {
			t.Errorf("anonymous post redirected to %q", r.header.Get("Location"))
		}
	})
	t.Run("CSRF", func(t *testing.T) {
		c := f.as(uAssessor)
		before := f.qResponse(f.inReview, "GOV.1.1", uAssessor).Version
		v := goodResponse(strconv.Itoa(before))
		v.Set("csrf_token", "")
		wantStatus(t, "form without token", c.post(fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.inReview), v), http.StatusForbidden)
		c.csrf = ""
		wantStatus(t, "autosave without token", c.postAccept(fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.inReview), goodResponse(strconv.Itoa(before))), http.StatusForbidden)
		if got := f.qResponse(f.inReview, "GOV.1.1", uAssessor).Version; got != before {
			t.Errorf("saved without a CSRF token: version %d → %d", before, got)
		}
	})
	t.Run("unknown indicator", func(t *testing.T) {
		wantStatus(t, "POST", f.as(uAssessor).post(fmt.Sprintf("/assessments/%d/responses/XXX.9.9", f.inReview), goodResponse("0")), 404)
	})
}

func TestSaveResponseHappyPath(t *testing.T) {
	f := newFixture(t)
	c := f.as(uAssessor)
	path := fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.inReview)
	v := goodResponse(f.qVersion("GOV.1.1", uAssessor))
	v.Set("level", "2")
	v.Set("rights_concern", "1")
	v.Set("target", "4")
	r := c.post(path, v)
	wantStatus(t, "save", r, http.StatusSeeOther)
	got := f.qResponse(f.inReview, "GOV.1.1", uAssessor)
	if got.Level != 2 || got.Target != 4 || !got.RightsConcern || got.Note != v.Get("note") ||
		strings.Join(got.Sources, "|") != "Document: IBM strategy 2025|Interview: IBM secretariat" {
		t.Errorf("stored %+v", got)
	}
	page := c.get(r.header.Get("Location"))
	wantStatus(t, "follow", page, 200)
	wantBody(t, "after save", page, "Saved.", " by "+f.users[uAssessor].Name+".")

	// The audit log has the change.
	log, err := f.store.FindAudit(context.Background(), f.inReview)
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Entity != "response" || !strings.HasPrefix(last.Key, "GOV.1.1/") || last.ActorID != f.users[uAssessor].ID {
		t.Errorf("last audit entry %+v", last)
	}

	t.Run("autosave answers JSON", func(t *testing.T) {
		v := goodResponse(strconv.Itoa(got.Version))
		v.Set("note", "Autosaved note")
		r := c.postAccept(path, v)
		wantStatus(t, "autosave", r, 200)
		var body struct {
			Version   int    `json:"version"`
			Indicator string `json:"indicator"`
		}
		if err := json.Unmarshal([]byte(r.body), &body); err != nil {
			t.Fatal(err)
		}
		if body.Version != got.Version+1 || body.Indicator != "GOV.1.1" {
			t.Errorf("autosave answered %s", r.body)
		}
		if now := f.qResponse(f.inReview, "GOV.1.1", uAssessor); now.Note != "Autosaved note" || now.Version != body.Version {
			t.Errorf("stored %+v", now)
		}
	})

	t.Run("the lead answers for themselves", func(t *testing.T) {
		// The lead answers for themselves; other people's answers stay.
		lead := f.as(uLead)
		before := f.qResponse(f.inReview, "GOV.1.1", uAssessB)
		r := lead.post(path, goodResponse(f.qVersion("GOV.1.1", uLead)))
		wantStatus(t, "lead", r, 303)
		if after := f.qResponse(f.inReview, "GOV.1.1", uAssessB); after.Version != before.Version {
			t.Errorf("the lead's save changed another assessor's answer")
		}
	})
}

func TestSaveResponseBadInput(t *testing.T) {
	f := newFixture(t)
	fw := f.qFramework()
	var w2 string
	for _, id := range fw.IndicatorIDs() {
		if fw.Indicator(id).Weight < 3 {
			w2 = id
			break
		}
	}
	c := f.as(uAssessor)
	for _, tc := range []struct {
		name, indicator string
		set             map[string]string
		field, message  string
	}{
		{"level out of range", "GOV.1.1", map[string]string{"level": "7"}, "level", "Choose a level from 0 to 4, or N/A."},
		{"N/A where the indicator applies", "GOV.1.1", map[string]string{"level": "N/A"}, "level", "N/A is only for an indicator whose mode does not exist"},
		{"target 5", "GOV.1.1", map[string]string{"target": "5"}, "target", "Choose one of: 2, 3, 4."},
		{"target 4 on a lighter indicator", w2, map[string]string{"target": "4"}, "target", "A target of 4 is only for weight-3 indicators"},
		{"confidence", "GOV.1.1", map[string]string{"confidence": "X"}, "confidence", "Choose one of: H, M, L."},
		{"rights cap", "GOV.1.1", map[string]string{"level": "3", "rights_concern": "1"}, "level", "capped at 2"},
		{"version missing", "GOV.1.1", map[string]string{"version": ""}, "version", "This field is required."},
		{"note too long", "GOV.1.1", map[string]string{"note": strings.Repeat("x", 20001)}, "note", "Enter at most 20000 characters."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.qResponse(f.inReview, tc.indicator, uAssessor)
			v := goodResponse(strconv.Itoa(before.Version))
			v.Set("indicator", tc.indicator)
			for k, x := range tc.set {
				v.Set(k, x)
			}
			path := fmt.Sprintf("/assessments/%d/responses/%s", f.inReview, tc.indicator)
			r := c.post(path, v)
			wantStatus(t, "form", r, http.StatusUnprocessableEntity)
			key := qKey(tc.indicator)
			wantBody(t, "form", r, tc.message, `id="err-`+key+`-`+tc.field+`"`, `href="#f-`+key+`-`+tc.field+`"`,
				"Not saved: please check the fields above.")
			if tc.field != "version" {
				wantBody(t, "form", r, `aria-invalid="true"`)
			}
			if tc.set["note"] == "" {
				wantBody(t, "form keeps the values", r, v.Get("note"))
			}
			r = c.postAccept(path, v)
			wantStatus(t, "autosave", r, http.StatusUnprocessableEntity)
			var body apiError
			if err := json.Unmarshal([]byte(r.body), &body); err != nil {
				t.Fatalf("%v: %s", err, r.body)
			}
			if len(body.Fields) == 0 || body.Fields[0].Field != tc.field || !strings.Contains(body.Error, tc.message) {
				t.Errorf("autosave error %s", r.body)
			}
			if after := f.qResponse(f.inReview, tc.indicator, uAssessor); after.Version != before.Version {
				t.Errorf("an invalid answer was saved")
			}
		})
	}
}

var reHidden = regexp.MustCompile(`name="(\w+)" value="([^"]*)"`)

// keepMineForm extracts the "Keep mine" form's hidden fields of a conflict
// page.
func keepMineForm(t *testing.T, page string) url.Values {
	t.Helper()
	i := strings.Index(page, `name="resolve"`)
	if i < 0 {
		t.Fatalf("no Keep mine form on the page")
	}
	start := strings.LastIndex(page[:i], "<form")
	end := strings.Index(page[i:], "</form>") + i
	v := url.Values{}
	for _, m := range reHidden.FindAllStringSubmatch(page[start:end], -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

func TestStaleSaveShowsBothVersions(t *testing.T) {
	f := newFixture(t)
	path := fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.inReview)
	stale := f.qVersion("GOV.1.1", uAssessor)

	// The same assessor on two devices: the tablet saves first.
	tablet, laptop := f.as(uAssessor), f.as(uAssessor)
	theirs := goodResponse(stale)
	theirs.Set("note", "Saved from the tablet at the airport.")
	wantStatus(t, "tablet", tablet.post(path, theirs), 303)
	saved := f.qResponse(f.inReview, "GOV.1.1", uAssessor)

	t.Run("form post renders the conflict", func(t *testing.T) {
		mine := goodResponse(stale)
		mine.Set("level", "1")
		mine.Set("note", "Written on the laptop: the strategy is only a draft.")
		mine.Set("sources", "Interview: deputy minister\nDraft strategy v3")
		r := laptop.post(path, mine)
		wantStatus(t, "stale save", r, http.StatusConflict)
		wantBody(t, "conflict page", r, "Your answer was not saved, and nothing was overwritten", "Their version", "Your version",
			"Saved from the tablet at the airport.", "Written on the laptop: the strategy is only a draft.", "1 · Initial", "3 · Established",
			"you saved another version of this answer in another window or on another device", "Keep mine", "Keep theirs",
			"done=kept-their", "differs", "Draft strategy v3")
		if now := f.qResponse(f.inReview, "GOV.1.1", uAssessor); now.Version != saved.Version || now.Note != saved.Note {
			t.Fatalf("a stale save overwrote the answer: %+v", now)
		}
		keep := keepMineForm(t, r.body)
		if keep.Get("version") != strconv.Itoa(saved.Version) || keep.Get("note") != mine.Get("note") || keep.Get("level") != "1" {
			t.Errorf("Keep mine form %v", keep)
		}
		r = laptop.post(path, keep)
		wantStatus(t, "keep mine", r, http.StatusSeeOther)
		if loc := r.header.Get("Location"); !strings.Contains(loc, "done=resolved") {
			t.Errorf("keep mine redirected to %q", loc)
		}
		now := f.qResponse(f.inReview, "GOV.1.1", uAssessor)
		if now.Level != 1 || now.Note != mine.Get("note") || strings.Join(now.Sources, "|") != "Interview: deputy minister|Draft strategy v3" {
			t.Errorf("after keep mine: %+v", now)
		}
		wantBody(t, "flash", laptop.get(r.header.Get("Location")), "Your version was saved.")
	})

	t.Run("someone else's change names them", func(t *testing.T) {
		// The store lets the lead correct an assessor's answer (the web
		// application does not, but an import or the API may).
		cur := f.qResponse(f.inReview, "GOV.1.1", uAssessor)
		changed := *cur
		changed.Note = "Corrected by the lead after the workshop."
		if _, err := f.store.SaveResponses(context.Background(), f.users[uLead].ID, f.inReview, []assessment.Response{changed}); err != nil {
			t.Fatal(err)
		}
		r := laptop.post(path, goodResponse(strconv.Itoa(cur.Version)))
		wantStatus(t, "stale save", r, http.StatusConflict)
		wantBody(t, "conflict page", r, f.users[uLead].Name+" saved another version of this answer", "Corrected by the lead after the workshop.",
			"saved by "+f.users[uLead].Name)
	})

	t.Run("autosave gets 409 with the server version, then the conflict page", func(t *testing.T) {
		cur := f.qResponse(f.inReview, "GOV.1.1", uAssessor)
		mine := goodResponse(stale) // long stale now
		mine.Set("note", "Autosaved on the old tab.")
		r := tablet.postAccept(path, mine)
		wantStatus(t, "stale autosave", r, http.StatusConflict)
		var body struct {
			Code        string `json:"code"`
			ConflictURL string `json:"conflict_url"`
			Current     struct {
				Version       int    `json:"version"`
				Note          string `json:"note"`
				UpdatedByName string `json:"updated_by_name"`
			} `json:"current"`
		}
		if err := json.Unmarshal([]byte(r.body), &body); err != nil {
			t.Fatalf("%v: %s", err, r.body)
		}
		if body.Code != "conflict" || body.Current.Version != cur.Version || body.Current.Note != cur.Note ||
			body.Current.UpdatedByName != f.users[uLead].Name || body.ConflictURL != path+"/conflict" {
			t.Errorf("409 body %s", r.body)
		}
		page := tablet.get(body.ConflictURL)
		wantStatus(t, "conflict page", page, 200)
		wantBody(t, "conflict page", page, cur.Note, "Autosaved on the old tab.", "Keep mine", "Keep theirs")
		// Another session has nothing to recover.
		other := laptop.get(body.ConflictURL)
		wantBody(t, "other session", other, "no longer available", cur.Note)
		wantNotBody(t, "other session", other, "Autosaved on the old tab.", "Keep mine")
		// Keep theirs: back to the questionnaire, nothing changed.
		i := strings.Index(page.body, "done=kept-their")
		href := page.body[strings.LastIndex(page.body[:i], `href="`)+6 : i+len("done=kept-their")]
		back := tablet.get(html.UnescapeString(href))
		wantStatus(t, "keep theirs", back, 200)
		wantBody(t, "keep theirs", back, "Their version was kept.", cur.Note)
		if now := f.qResponse(f.inReview, "GOV.1.1", uAssessor); now.Version != cur.Version {
			t.Errorf("keep theirs changed the answer")
		}
	})
}

func TestNotApplicableIndicators(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, err := f.store.FindAssessmentByID(ctx, f.inReview)
	if err != nil {
		t.Fatal(err)
	}
	a.Scope.Modes = []assessment.Mode{assessment.ModeLand, assessment.ModeSea}
	if err := f.store.UpdateAssessment(ctx, f.users[uLead].ID, a); err != nil {
		t.Fatal(err)
	}
	fw := f.qFramework()
	var air *assessment.Indicator
	for _, id := range fw.IndicatorIDs() {
		if x := fw.Indicator(id); len(x.Applies) == 1 && x.Applies[0] == assessment.ModeAir {
			air = x
			break
		}
	}
	if air == nil {
		t.Fatal("no air-only indicator")
	}
	c := f.as(uAssessor)
	pillar := assessment.PillarCode(air.ID)
	r := c.get(fmt.Sprintf("/assessments/%d/questionnaire?pillar=%s", f.inReview, pillar))
	wantStatus(t, "GET", r, 200)
	key := qKey(air.ID)
	wantBody(t, "N/A indicator", r, `<details class="q-ind q-na card" id="ind-`+key+`"`, "applies to air only", `id="f-`+key+`-level" name="level" value="N/A"`)

	v := goodResponse(f.qVersion(air.ID, uAssessor))
	v.Set("indicator", air.ID)
	v.Set("level", "N/A")
	v.Set("target", "3")
	r = c.post(fmt.Sprintf("/assessments/%d/responses/%s", f.inReview, air.ID), v)
	wantStatus(t, "save N/A", r, http.StatusSeeOther)
	if got := f.qResponse(f.inReview, air.ID, uAssessor); got.Level != assessment.NA {
		t.Errorf("stored level %v, want N/A", got.Level)
	}
}

func TestReviewPage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, _ := f.store.FindAssessmentByID(ctx, f.inReview)
	rs, _ := f.store.FindResponses(ctx, f.inReview)
	cs, _ := f.store.FindConsensus(ctx, f.inReview)
	an := assessment.Analyse(f.qFramework(), a, rs, cs)
	var spread *assessment.IndicatorResult
	for _, r := range an.Indicators {
		if r.SpreadFlag && r.Applicable {
			spread = r
			break
		}
	}
	if spread == nil {
		t.Fatal("the fixture has no indicator with a spread ≥ 2")
	}
	pillar := assessment.PillarCode(spread.Indicator.ID)
	base := fmt.Sprintf("/assessments/%d/review", f.inReview)

	t.Run("side by side", func(t *testing.T) {
		r := f.as(uReviewer).get(base + "?pillar=" + pillar)
		wantStatus(t, "GET", r, 200)
		wantBody(t, "review", r, spread.Indicator.ID, f.users[uLead].Name, f.users[uAssessor].Name, f.users[uAssessB].Name,
			"spread ≥ 2: discuss", "Proposed level", "(lower median)", `<th scope="col">`+html.EscapeString(f.users[uAssessor].Name)+`</th>`,
			"<details>", "Only flagged", "Only without consensus")
		wantNotBody(t, "reviewer", r, "Set consensus", `action="/assessments/`+strconv.FormatInt(f.inReview, 10)+`/status"`)
	})

	t.Run("filters", func(t *testing.T) {
		c := f.as(uLead)
		all := c.get(base + "?pillar=all")
		flaggedOnly := c.get(base + "?pillar=all&flagged=1")
		open := c.get(base + "?pillar=all&open=1")
		count := func(r response) int { return strings.Count(r.body, `<article class="card rv-ind`) }
		if count(all) != an.Applicable {
			t.Errorf("all pillars: %d indicators, want %d", count(all), an.Applicable)
		}
		nFlag := 0
		for _, r := range an.Indicators {
			if r.Applicable && rvFlagged(r) {
				nFlag++
			}
		}
		if count(flaggedOnly) != nFlag || strings.Count(flaggedOnly.body, "rv-flagged") < nFlag {
			t.Errorf("only flagged: %d indicators, want %d", count(flaggedOnly), nFlag)
		}
		if count(open) != an.Applicable-len(cs) {
			t.Errorf("only open: %d indicators, want %d", count(open), an.Applicable-len(cs))
		}
		wantNotBody(t, "open", open, `id="ind-`+qKey(cs[0].IndicatorID)+`"`)
	})

	t.Run("lead sees the status forms", func(t *testing.T) {
		r := f.as(uLead).get(base)
		wantBody(t, "lead", r, `action="/assessments/`+strconv.FormatInt(f.inReview, 10)+`/status"`, `name="to" value="validated"`,
			`name="to" value="draft"`, `name="version" value="`+strconv.Itoa(a.Version)+`"`, "Set consensus")
	})

	t.Run("published: no forms", func(t *testing.T) {
		r := f.as(uLead).get(fmt.Sprintf("/assessments/%d/review", f.public))
		wantStatus(t, "GET", r, 200)
		wantNotBody(t, "published", r, "Set consensus", `name="to"`)
		wantBody(t, "published", r, "the consensus can no longer change", "A published assessment is final")
	})
}

func TestSaveConsensus(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, _ := f.store.FindAssessmentByID(ctx, f.inReview)
	rs, _ := f.store.FindResponses(ctx, f.inReview)
	cs, _ := f.store.FindConsensus(ctx, f.inReview)
	an := assessment.Analyse(f.qFramework(), a, rs, cs)
	has := map[string]bool{}
	for _, c := range cs {
		has[c.IndicatorID] = true
	}
	// calm: no consensus yet, spread < 2, scored; wide: spread ≥ 2 (the
	// fixture has a consensus on each of those).
	var calm, wide *assessment.IndicatorResult
	for _, r := range an.Indicators {
		switch {
		case !r.Applicable || !r.Proposed.Scored():
		case calm == nil && r.Spread < 2 && r.Indicator.Weight == 3 && !has[r.Indicator.ID]:
			calm = r
		case wide == nil && r.Spread >= 2:
			wide = r
		}
	}
	if calm == nil || wide == nil {
		t.Fatal("fixture lacks indicators to test")
	}
	wideBefore := f.qConsensus(f.inReview, wide.Indicator.ID)
	if wideBefore == nil {
		t.Fatalf("no consensus on %s in the fixture", wide.Indicator.ID)
	}
	wideVersion := strconv.Itoa(wideBefore.Version)
	path := func(ind string) string { return fmt.Sprintf("/assessments/%d/consensus/%s", f.inReview, ind) }
	form := func(r *assessment.IndicatorResult, level, comment, version string) url.Values {
		return url.Values{"level": {level}, "target": {"3"}, "comment": {comment}, "version": {version}, "pillar": {assessment.PillarCode(r.Indicator.ID)}}
	}
	proposed := strconv.Itoa(int(calm.Proposed))

	t.Run("by role", func(t *testing.T) {
		want := map[string]int{uAssessor: 403, uAssessB: 403, uReviewer: 403, uAdmin: 403,
			uMinistry: 404, uMinOther: 404, uDonor: 404, uOutsider: 404}
		for who, st := range want {
			wantStatus(t, who, f.as(who).post(path(calm.Indicator.ID), form(calm, proposed, "", "0")), st)
		}
		if f.qConsensus(f.inReview, calm.Indicator.ID) != nil {
			t.Fatal("a consensus was set by someone who may not")
		}
		r := f.anon().post(path(calm.Indicator.ID), form(calm, proposed, "", "0"))
		wantStatus(t, "anonymous", r, http.StatusSeeOther)
		for who, st := range map[string]int{uLead: 403, uMinistry: 403, uAssessor: 403} {
			wantStatus(t, who+" on published", f.as(who).post(fmt.Sprintf("/assessments/%d/consensus/%s", f.public, calm.Indicator.ID),
				form(calm, proposed, "", "0")), st)
		}
	})

	lead := f.as(uLead)
	t.Run("CSRF", func(t *testing.T) {
		v := form(calm, proposed, "", "0")
		v.Set("csrf_token", "forged")
		wantStatus(t, "forged token", lead.post(path(calm.Indicator.ID), v), http.StatusForbidden)
	})

	t.Run("lead sets the proposed level without comment", func(t *testing.T) {
		r := lead.post(path(calm.Indicator.ID), form(calm, proposed, "", "0"))
		wantStatus(t, "POST", r, http.StatusSeeOther)
		if loc := r.header.Get("Location"); !strings.Contains(loc, "done=consensus") || !strings.HasSuffix(loc, "#ind-"+qKey(calm.Indicator.ID)) {
			t.Errorf("redirect %q", loc)
		}
		got := f.qConsensus(f.inReview, calm.Indicator.ID)
		if got == nil || got.Level != calm.Proposed || got.Target != 3 || got.Version != 1 || got.SetBy != f.users[uLead].ID {
			t.Errorf("stored %+v", got)
		}
		page := lead.get(r.header.Get("Location"))
		wantBody(t, "after", page, "Consensus saved.", "set by "+f.users[uLead].Name)
	})

	t.Run("bad input", func(t *testing.T) {
		other := (int(calm.Proposed) + 1) % 5
		for _, tc := range []struct {
			name  string
			r     *assessment.IndicatorResult
			v     url.Values
			field string
			msg   string
		}{
			{"level missing", wide, form(wide, "", "x", wideVersion), "level", "This field is required."},
			{"level 9", wide, form(wide, "9", "x", wideVersion), "level", "Choose one of: 0, 1, 2, 3, 4."},
			{"wide spread needs a comment", wide, form(wide, strconv.Itoa(int(wide.Proposed)), "", wideVersion), "comment", "the assessors' levels differ by"},
			{"other level needs a comment", calm, form(calm, strconv.Itoa(other), "", "1"), "comment", "it differs from the proposed level " + proposed},
			{"target", wide, url.Values{"level": {"1"}, "target": {"7"}, "comment": {"x"}, "version": {wideVersion}}, "target", "Choose one of: 2, 3, 4."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := lead.post(path(tc.r.Indicator.ID), tc.v)
				wantStatus(t, "POST", r, http.StatusUnprocessableEntity)
				key := qKey(tc.r.Indicator.ID)
				wantBody(t, "form", r, tc.msg, `id="err-`+key+`-c`+tc.field+`"`, `aria-invalid="true"`, `href="#f-`+key+`-c`+tc.field+`"`)
				r = lead.postAccept(path(tc.r.Indicator.ID), tc.v)
				wantStatus(t, "JSON", r, http.StatusUnprocessableEntity)
				if !strings.Contains(r.body, `"field":"`+tc.field+`"`) {
					t.Errorf("JSON error %s", r.body)
				}
			})
		}
		if now := f.qConsensus(f.inReview, wide.Indicator.ID); now.Version != wideBefore.Version {
			t.Errorf("an invalid consensus was saved")
		}
	})

	t.Run("wide spread with a comment", func(t *testing.T) {
		r := lead.postAccept(path(wide.Indicator.ID), form(wide, "1", "Retained 1 at the validation workshop.", wideVersion))
		wantStatus(t, "JSON", r, 200)
		if !strings.Contains(r.body, fmt.Sprintf(`"version":%d`, wideBefore.Version+1)) {
			t.Errorf("JSON answer %s", r.body)
		}
		if got := f.qConsensus(f.inReview, wide.Indicator.ID); got == nil || got.Comment != "Retained 1 at the validation workshop." {
			t.Errorf("stored %+v", got)
		}
	})

	t.Run("stale consensus is not overwritten", func(t *testing.T) {
		before := f.qConsensus(f.inReview, calm.Indicator.ID)
		r := lead.post(path(calm.Indicator.ID), form(calm, "0", "Lowered after the BCP visit.", "0"))
		wantStatus(t, "stale", r, http.StatusConflict)
		wantBody(t, "stale", r, "Not saved, nothing was overwritten", "was changed by "+f.users[uLead].Name, "Lowered after the BCP visit.",
			`name="version" value="`+strconv.Itoa(before.Version)+`"`)
		if now := f.qConsensus(f.inReview, calm.Indicator.ID); now.Version != before.Version || now.Level != before.Level {
			t.Errorf("a stale consensus overwrote: %+v", now)
		}
		r = lead.postAccept(path(calm.Indicator.ID), form(calm, "0", "x", "0"))
		wantStatus(t, "stale JSON", r, http.StatusConflict)
	})

	t.Run("unknown indicator", func(t *testing.T) {
		wantStatus(t, "POST", lead.post(path("NOPE.1.1"), form(calm, "1", "x", "0")), 404)
	})
}

func TestQuickAutosavesOfOneTabAreNotAConflict(t *testing.T) {
	f := newFixture(t)
	c := f.as(uAssessor)
	page := c.get(fmt.Sprintf("/assessments/%d/questionnaire?pillar=GOV", f.inReview))
	m := regexp.MustCompile(`name="form_token" value="([^"]+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("no form_token on the questionnaire")
	}
	path := fmt.Sprintf("/assessments/%d/responses/GOV.1.1", f.inReview)
	base := f.qVersion("GOV.1.1", uAssessor)
	send := func(seq, note, token string) response {
		v := goodResponse(base) // every request read the same version
		v.Set("form_token", token)
		v.Set("seq", seq)
		v.Set("note", note)
		return c.postAccept(path, v)
	}
	wantStatus(t, "first", send("1", "typed a note", m[1]), 200)
	wantStatus(t, "second, same tab", send("2", "typed a note, then clicked a level", m[1]), 200)
	got := f.qResponse(f.inReview, "GOV.1.1", uAssessor)
	if got.Note != "typed a note, then clicked a level" {
		t.Errorf("after two quick saves: note %q", got.Note)
	}
	// The older request arriving last does not undo the newer one.
	r := send("1", "typed a note", m[1])
	wantStatus(t, "older, late", r, 200)
	if !strings.Contains(r.body, fmt.Sprintf(`"version":%d`, got.Version)) {
		t.Errorf("late older save answered %s, want the current version %d", r.body, got.Version)
	}
	if now := f.qResponse(f.inReview, "GOV.1.1", uAssessor); now.Note != got.Note || now.Version != got.Version {
		t.Errorf("a late older save changed the answer: %+v", now)
	}
	// Another tab (another rendering) with the old version is a conflict.
	wantStatus(t, "other tab", send("5", "from another tab", "another-token"), http.StatusConflict)
	// So is a save without a token (no questionnaire page behind it).
	wantStatus(t, "no token", send("", "from a script", ""), http.StatusConflict)
	if now := f.qResponse(f.inReview, "GOV.1.1", uAssessor); now.Note != got.Note {
		t.Errorf("a conflicting save changed the answer: %+v", now)
	}
}
