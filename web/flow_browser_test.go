package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bordergap/assessment"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The end-to-end browser tests: TestBrowserFlow drives one assessment
// through the real UI, from its creation to the focal point's update of an
// action; TestBrowserAccessibility (a11y_browser_test.go) visits every page
// with axe-core and the keyboard. Both use the harness of browser_test.go
// and skip like it.

// bsession is one browser test: the fixture, one chromium, axe-core and
// the folder of the screenshots, which are numbered in the order taken.
type bsession struct {
	t      *testing.T
	f      *fixture
	b      context.Context
	axe    string
	dir    string
	prefix string
	n      int
	axed   map[string]bool
}

func newBSession(t *testing.T, prefix string) *bsession {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	axe := axeSource(t)
	b := browser(t)
	return &bsession{t: t, f: newFixture(t), b: b, axe: axe, dir: shotDir(t), prefix: prefix, axed: map[string]bool{}}
}

// tab opens a tab with its own cookies and logs in as the user of key.
func (s *bsession) tab(key string) context.Context {
	s.t.Helper()
	tab := newTab(s.t, s.b)
	login(s.t, tab, s.f.srv.URL, s.f.users[key].Email)
	return tab
}

// see saves a full-page screenshot of the tab and, the first time a page
// of this kind is seen, runs axe-core on it. An empty kind skips axe.
func (s *bsession) see(tab context.Context, kind, name string) {
	s.t.Helper()
	s.seeAt(tab, kind, name, "")
}

// viewport, given to seeAt, screenshots the top of the page.
const viewport = ":viewport"

// seeAt is see with a screenshot of the viewport scrolled so that the
// element the CSS selector names ends at its bottom, for long pages such as
// the questionnaire.
func (s *bsession) seeAt(tab context.Context, kind, name, css string) {
	s.t.Helper()
	if kind != "" && !s.axed[kind] {
		s.axed[kind] = true
		checkAxe(s.t, tab, s.axe, kind)
	}
	s.n++
	name = fmt.Sprintf("%s-%02d-%s", s.prefix, s.n, name)
	if css == "" {
		shot(s.t, tab, s.dir, name)
		return
	}
	scroll := fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "end"})`, css)
	if css == viewport {
		scroll = "window.scrollTo(0, 0)"
	}
	png, err := chromedp.Run(tab, func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		if _, err := chromedp.Evaluate[chromedp.Void](scroll)(ctx, t); err != nil {
			return nil, err
		}
		return chromedp.CaptureScreenshot()(ctx, t)
	})
	if err != nil {
		s.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, name+".png"), png, 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// pageTimeout bounds the wait for a page, so that a step that loads no
// page fails at once rather than at the end of the browser's time.
const pageTimeout = 30 * time.Second

// open navigates to a path of the server and waits for the page heading.
// It returns the HTTP status of the page.
func (s *bsession) open(tab context.Context, path string) int64 {
	s.t.Helper()
	tab, cancel := context.WithTimeout(tab, pageTimeout)
	defer cancel()
	res, err := chromedp.Run(tab, chromedp.NavigateResponse(s.f.srv.URL+path))
	if err != nil {
		s.t.Fatalf("open %s: %v", path, err)
	}
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		s.t.Fatalf("open %s: no heading: %v", path, err)
	}
	return res.Status
}

// submit runs steps that load a new page (a click on a link or a button),
// waits for it and returns its response.
func (s *bsession) submit(tab context.Context, what string, steps ...chromedp.Action[chromedp.Void]) *network.Response {
	s.t.Helper()
	tab, cancel := context.WithTimeout(tab, pageTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(tab, steps...)
	if err != nil {
		s.t.Fatalf("%s: %v", what, err)
	}
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		s.t.Fatalf("%s: no heading on the next page: %v", what, err)
	}
	return res
}

// do runs steps that stay on the page.
func (s *bsession) do(tab context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	if err := chromedp.Do(tab, steps...); err != nil {
		s.t.Fatalf("%s: %v", what, err)
	}
}

// text returns the text of the first element the CSS selector matches.
func (s *bsession) text(tab context.Context, css string) string {
	s.t.Helper()
	v, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		s.t.Fatalf("text of %s: %v", css, err)
	}
	return v
}

// location returns the path and query of the tab's page.
func (s *bsession) location(tab context.Context) string {
	s.t.Helper()
	loc, err := chromedp.Run(tab, chromedp.Location())
	if err != nil {
		s.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		s.t.Fatal(err)
	}
	return u.RequestURI()
}

// eval evaluates a JavaScript expression (awaiting a promise) in the tab.
func eval[T any](s *bsession, tab context.Context, js string) T {
	s.t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		s.t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return v
}

func wantContains(t *testing.T, what, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s: %q does not contain %q", what, got, w)
		}
	}
}

// response returns the stored answer of an assessor to an indicator.
func (s *bsession) response(id int64, indicator, who string) assessment.Response {
	s.t.Helper()
	rs, err := s.f.store.FindResponses(context.Background(), id)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, r := range rs {
		if r.IndicatorID == indicator && r.AssessorID == s.f.users[who].ID {
			return r
		}
	}
	s.t.Fatalf("no answer of %s to %s", who, indicator)
	return assessment.Response{}
}

// answer is what an assessor enters for one indicator.
type answer struct {
	key        string // GOV-1-1
	level      int
	target     string // "" keeps the default
	confidence string // H, M or L
	note       string
	sources    string
}

// score answers one indicator of the questionnaire page the tab shows, as a
// person does: a click on the level descriptor and on the confidence, the
// target chosen, the note and sources typed, then the Save button. Each
// change also starts an autosave (the target's too: chromedp.SetValue fires
// change); the Save button does not wait for them, and the server tells
// the saves of one tab from a conflict.
func (s *bsession) score(tab context.Context, who string, a answer) {
	s.t.Helper()
	k := a.key
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for="f-%s-level-%d"]`, k, a.level))),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for="%s"]`, confidenceID(k, a.confidence)))),
	}
	if a.target != "" {
		steps = append(steps, chromedp.SetValue(chromedp.ID("f-"+k+"-target"), a.target))
	}
	steps = append(steps, chromedp.SendKeys(chromedp.ID("f-"+k+"-note"), a.note))
	if a.sources != "" {
		steps = append(steps, chromedp.SendKeys(chromedp.ID("f-"+k+"-sources"), a.sources))
	}
	s.do(tab, "answer "+k, steps...)
	res := s.submit(tab, "save "+k, chromedp.Click(chromedp.CSS("#ind-"+k+` button[type="submit"]`)))
	if res.Status != 200 || !strings.Contains(res.URL, "done=saved") {
		s.t.Fatalf("save %s: %d %s", k, res.Status, res.URL)
	}
	wantContains(s.t, "flash after saving "+k, s.text(tab, "p.flash"), "Saved")
	s.seeAt(tab, "", who+"-saved-"+k, "#ind-"+k+" .q-actions")
	checked := eval[bool](s, tab, fmt.Sprintf(`document.getElementById("f-%s-level-%d").checked`, k, a.level))
	if !checked {
		s.t.Errorf("%s: level %d is not checked after the save", k, a.level)
	}
}

func confidenceID(key, c string) string {
	if c == "H" {
		return "f-" + key + "-confidence"
	}
	return "f-" + key + "-confidence-" + c
}

// waitSaved waits until the autosave of an indicator's form has finished
// and says so.
func (s *bsession) waitSaved(tab context.Context, key string) string {
	s.t.Helper()
	js := fmt.Sprintf(`(() => { const t = document.querySelector("#ind-%s .save-state").textContent.trim(); return /^Saved /.test(t) ? t : ""; })()`, key)
	v, err := chromedp.Run(tab, chromedp.Poll[string](js, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		s.t.Fatalf("autosave of %s: %v", key, err)
	}
	return v
}

var reAssessmentID = regexp.MustCompile(`^/assessments/(\d+)\?done=created$`)

// TestBrowserFlow drives one assessment through the real UI in chromium:
// created by the lead, scored by two assessors, a stale save resolved,
// reconciled and published by the lead, its documents downloaded, an
// action's status updated by the ministry's focal point, and refused to a
// consultant who is not on the team. Every step is screenshotted and every
// distinct page checked with axe-core.
func TestBrowserFlow(t *testing.T) {
	s := newBSession(t, "flow")
	f := s.f
	ctx := context.Background()
	start := time.Now()
	defer func() { t.Logf("flow took %s", time.Since(start).Round(time.Millisecond)) }()

	// a. The lead assessor creates the assessment.
	lead := s.tab(uLead)
	s.see(lead, "home", "lead-home")
	s.submit(lead, "open the new assessment form", chromedp.Click(chromedp.CSS(`nav[aria-label="Main"] a[href="/assessments/new"]`)))
	s.see(lead, "new assessment", "new-assessment")
	const title = "IBM gaps and needs assessment 2027 (browser)"
	team := func(i int, field string) chromedp.CSS {
		return chromedp.CSS(fmt.Sprintf(`[name="team[%d].%s"]`, i, field))
	}
	s.do(lead, "fill the new assessment form",
		chromedp.SendKeys(chromedp.ID("f-state"), "XAA"),
		chromedp.SendKeys(chromedp.ID("f-state_name"), "Republic of Xaa"),
		chromedp.SendKeys(chromedp.ID("f-title"), title),
		chromedp.Click(chromedp.CSS(`label[for="f-modes"]`)),     // air
		chromedp.Click(chromedp.CSS(`label[for="f-mode-land"]`)), // land
		chromedp.SendKeys(team(0, "email"), f.users[uAssessor].Email),
		chromedp.SendKeys(team(1, "email"), f.users[uAssessB].Email),
		chromedp.SendKeys(team(2, "email"), f.users[uReviewer].Email),
		chromedp.SetValue(team(2, "role"), "reviewer"),
		chromedp.SendKeys(chromedp.ID("f-coordination_body"), "National IBM Coordination Council"),
	)
	framework := eval[string](s, lead, `document.getElementById("f-framework").value`)
	modes := eval[string](s, lead, `[...document.querySelectorAll('input[name="modes"]:checked')].map(e => e.value).join(",")`)
	if framework == "" || modes != "air,land" {
		t.Fatalf("form before submit: framework %q, modes %q", framework, modes)
	}
	s.see(lead, "", "new-assessment-filled")
	res := s.submit(lead, "create the assessment", chromedp.Click(chromedp.CSS(`#f-form button[type="submit"]`)))
	m := reAssessmentID.FindStringSubmatch(s.location(lead))
	if res.Status != 200 || m == nil {
		t.Fatalf("after create: %d at %s", res.Status, s.location(lead))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	base := fmt.Sprintf("/assessments/%d", id)
	wantContains(t, "overview heading", s.text(lead, "main h1"), "Republic of Xaa", "XAA", title)
	wantContains(t, "overview team", s.text(lead, "#h-team + ul"), f.users[uLead].Name, f.users[uAssessor].Name, f.users[uAssessB].Name, f.users[uReviewer].Name)
	s.see(lead, "overview", "overview-created")
	a, err := f.store.FindAssessmentByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if a.State != "XAA" || a.Status != assessment.StatusDraft || fmt.Sprint(a.Scope.Modes) != "[air land]" || len(a.Team) != 4 ||
		a.MemberRole(f.users[uReviewer].ID) != assessment.RoleReviewer || a.MemberRole(f.users[uAssessB].ID) != assessment.RoleAssessor {
		t.Fatalf("created assessment: state %s, status %s, modes %v, team %+v", a.State, a.Status, a.Scope.Modes, a.Team)
	}

	// b. The first assessor answers three indicators of GOV.
	a1 := s.tab(uAssessor)
	s.open(a1, base)
	s.submit(a1, "open the questionnaire", chromedp.Click(chromedp.CSS(`nav[aria-label="Assessment"] a[href$="/questionnaire"]`)))
	s.see(a1, "questionnaire", "assessor1-questionnaire")
	// Autosave: one click on a level descriptor, no button.
	if got := s.text(a1, "#ind-GOV-1-3 .save-state"); !strings.Contains(got, "Not answered yet") {
		t.Errorf("GOV.1.3 before any answer: %q", got)
	}
	s.do(a1, "choose a level of GOV.1.3", chromedp.Click(chromedp.CSS(`label[for="f-GOV-1-3-level-3"]`)))
	t.Logf("autosave: %s", s.waitSaved(a1, "GOV-1-3"))
	s.seeAt(a1, "", "assessor1-autosaved", "#ind-GOV-1-3 .q-actions")
	if r := s.response(id, "GOV.1.3", uAssessor); r.Level != 3 {
		t.Errorf("autosaved GOV.1.3: level %d, want 3", r.Level)
	}
	s.score(a1, "assessor1", answer{key: "GOV-1-1", level: 1, target: "4", confidence: "M",
		note: "Strategy expired; draft successor.", sources: "Draft strategy\nMoI interview"})
	s.score(a1, "assessor1", answer{key: "GOV-1-2", level: 2, confidence: "H", note: "Meets twice a year."})
	if r := s.response(id, "GOV.1.1", uAssessor); r.Level != 1 || r.Target != 4 || r.Confidence != "M" || len(r.Sources) != 2 || !strings.Contains(r.Note, "draft successor") {
		t.Errorf("GOV.1.1 of assessor 1: %+v", r)
	}

	// c. The second assessor answers the same indicators differently.
	a2 := s.tab(uAssessB)
	s.open(a2, base+"/questionnaire?pillar=GOV")
	s.score(a2, "assessor2", answer{key: "GOV-1-1", level: 3, confidence: "L", note: "Applied by the police."})
	s.score(a2, "assessor2", answer{key: "GOV-1-2", level: 2, confidence: "M", note: "Minutes seen."})
	s.score(a2, "assessor2", answer{key: "GOV-1-3", level: 2, confidence: "M", note: "Two budget lines."})
	if r := s.response(id, "GOV.1.1", uAssessB); r.Level != 3 || r.Confidence != "L" {
		t.Errorf("GOV.1.1 of assessor 2: %+v", r)
	}

	// d. A stale save: the first assessor has GOV open in two tabs of the
	// same browser; tab A saves, then tab B, which still holds the older
	// version, changes the level. Its autosave meets the conflict and opens
	// the page that shows both versions; the assessor keeps tab B's version
	// ("Keep mine").
	tabA := a1
	s.open(tabA, base+"/questionnaire?pillar=GOV")
	tabB, cancelB := chromedp.NewContext(a1)
	t.Cleanup(cancelB)
	s.do(tabB, "open tab B") // on its own context: the first action binds the tab to its context
	s.open(tabB, base+"/questionnaire?pillar=GOV")
	s.do(tabB, "tab B is logged in as the same person", chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)))
	s.seeAt(tabB, "", "stale-tab-b-open", "#ind-GOV-1-2 .q-actions")
	before := s.response(id, "GOV.1.2", uAssessor)
	s.do(tabA, "tab A: level 1", chromedp.Click(chromedp.CSS(`label[for="f-GOV-1-2-level-1"]`)))
	s.submit(tabA, "tab A: save", chromedp.Click(chromedp.CSS(`#ind-GOV-1-2 button[type="submit"]`)))
	s.seeAt(tabA, "", "stale-tab-a-saved", "#ind-GOV-1-2 .q-actions")
	if r := s.response(id, "GOV.1.2", uAssessor); r.Level != 1 || r.Version <= before.Version {
		t.Fatalf("tab A's save: %+v (before: version %d)", r, before.Version)
	}
	s.do(tabB, "tab B: level 3 on the stale page",
		chromedp.Click(chromedp.CSS(`label[for="f-GOV-1-2-level-3"]`)),
		chromedp.WaitVisible(chromedp.CSS(".q-choose")),
	)
	if loc := s.location(tabB); !strings.HasSuffix(loc, "/responses/GOV.1.2/conflict") {
		t.Errorf("conflict page at %s", loc)
	}
	s.see(tabB, "conflict", "stale-conflict")
	wantContains(t, "conflict page heading", s.text(tabB, "main h1"), "GOV.1.2", "changed in another window")
	wantContains(t, "conflict page", s.text(tabB, "main"), "Your answer was not saved, and nothing was overwritten",
		"you saved another version of this answer in another window", "Their version", "Your version (not saved)")
	level := s.text(tabB, "table.q-compare tbody tr:first-child")
	wantContains(t, "level row of the conflict page", level, "1 · Initial", "3 · Established", "differs")
	res = s.submit(tabB, "keep mine", chromedp.Click(chromedp.CSS(`.q-choose button[type="submit"]`)))
	if !strings.Contains(res.URL, "done=resolved") {
		t.Errorf("after keep mine: %s", res.URL)
	}
	s.seeAt(tabB, "", "stale-kept-mine", "#ind-GOV-1-2 .q-actions")
	if on := eval[bool](s, tabB, `document.getElementById("f-GOV-1-2-level-3").checked`); !on {
		t.Error("after keep mine the page does not show level 3")
	}
	if r := s.response(id, "GOV.1.2", uAssessor); r.Level != 3 {
		t.Errorf("GOV.1.2 after keep mine: level %d, want tab B's 3", r.Level)
	}

	// e. The lead reconciles: the spread on GOV.1.1 (1 and 3) is flagged,
	// the consensus set with a comment, then the status moves on.
	s.open(lead, base)
	s.submit(lead, "open the review", chromedp.Click(chromedp.CSS(`nav[aria-label="Assessment"] a[href$="/review"]`)))
	s.see(lead, "review", "review")
	wantContains(t, "spread of GOV.1.1", s.text(lead, "#ind-GOV-1-1 .rv-spread"), "spread ≥ 2")
	wantContains(t, "review status", s.text(lead, ".rv-status"), "1 shows a spread of 2 or more")
	if n := eval[int](s, lead, `document.querySelectorAll("#ind-GOV-1-2 .rv-spread, #ind-GOV-1-3 .rv-spread").length`); n != 0 {
		t.Errorf("%d spread flags on GOV.1.2 and GOV.1.3 (spread 1)", n)
	}
	s.do(lead, "set the consensus of GOV.1.1",
		chromedp.SetValue(chromedp.ID("f-GOV-1-1-clevel"), "2"),
		chromedp.SendKeys(chromedp.ID("f-GOV-1-1-ccomment"), "Agreed at the team meeting."))
	s.seeAt(lead, "", "review-consensus-filled", "#ind-GOV-1-1 .rv-form")
	res = s.submit(lead, "save the consensus", chromedp.Click(chromedp.CSS(`#ind-GOV-1-1 .rv-form button[type="submit"]`)))
	if !strings.Contains(res.URL, "done=consensus") {
		t.Errorf("after the consensus: %s", res.URL)
	}
	wantContains(t, "consensus of GOV.1.1", s.text(lead, "#ind-GOV-1-1 .rv-summary"), "2 · Developing", "set by "+f.users[uLead].Name)
	s.seeAt(lead, "", "review-consensus-set", "#ind-GOV-1-1 .rv-form")
	cs, err := f.store.FindConsensus(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].IndicatorID != "GOV.1.1" || cs[0].Level != 2 || !strings.Contains(cs[0].Comment, "team meeting") {
		t.Errorf("consensus: %+v", cs)
	}
	res = s.submit(lead, "to in review", chromedp.Click(chromedp.CSS(`form.rv-transition:has(input[name="to"][value="in_review"]) button`)))
	if !strings.Contains(res.URL, "done=status") {
		t.Errorf("after in review: %s", res.URL)
	}
	s.see(lead, "", "overview-in-review")
	for _, to := range []string{"validated", "published"} {
		s.submit(lead, "to "+to, chromedp.Click(chromedp.CSS(fmt.Sprintf(`form.status-action:has(input[name="to"][value=%q]) button`, to))))
		wantContains(t, "current step after "+to, s.text(lead, `.lifecycle [aria-current="step"]`), to)
		s.see(lead, "", "overview-"+to)
	}
	if a, _ = f.store.FindAssessmentByID(ctx, id); a.Status != assessment.StatusPublished {
		t.Fatalf("status %s, want published", a.Status)
	}
	// Every change is in the audit log, the resolved conflict included.
	s.submit(lead, "open the audit log", chromedp.Click(chromedp.CSS(`nav[aria-label="Assessment"] a[href$="/audit"]`)))
	s.see(lead, "audit log", "audit-log")
	wantContains(t, "audit log", s.text(lead, "table.audit"), `"published"`, `"validated"`, `"in_review"`, "GOV.1.1", "GOV.1.2", "Agreed at the team meeting.",
		f.users[uLead].Name, f.users[uAssessor].Name, f.users[uAssessB].Name)

	// f. The lead downloads the documents, public and restricted editions.
	s.submit(lead, "open the documents", chromedp.Click(chromedp.CSS(`nav[aria-label="Assessment"] a[href$="/documents"]`)))
	s.see(lead, "documents", "documents")
	raw := eval[string](s, lead, `(async () => {
		const out = [];
		for (const a of document.querySelectorAll("a[download]")) {
			const r = await fetch(a.href);
			const b = new Uint8Array(await r.arrayBuffer());
			out.push({href: a.getAttribute("href"), shown: a.parentElement.querySelector(".file").textContent, status: r.status,
				type: r.headers.get("content-type"), disposition: r.headers.get("content-disposition"),
				size: b.length, magic: String.fromCharCode(...b.slice(0, 4))});
		}
		return JSON.stringify(out);
	})()`)
	var docs []struct {
		Href, Shown, Type, Disposition, Magic string
		Status, Size                          int
	}
	if err := json.Unmarshal([]byte(raw), &docs); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range docs {
		q, _ := url.ParseQuery(d.Href[strings.IndexByte(d.Href, '?')+1:])
		format, edition := q.Get("format"), q.Get("edition")
		seen[format+" "+edition] = true
		wantType, wantMagic := "application/pdf", "%PDF"
		if format == "xlsx" {
			wantType, wantMagic = docTypes["xlsx"], "PK\x03\x04"
		}
		if d.Status != 200 || d.Type != wantType || d.Magic != wantMagic || d.Size < 1000 {
			t.Errorf("%s: %d %s, %d bytes starting %q", d.Href, d.Status, d.Type, d.Size, d.Magic)
		}
		if !strings.Contains(d.Disposition, `filename="`+d.Shown+`"`) || !strings.Contains(d.Shown, "-"+edition+"."+format) {
			t.Errorf("%s: Content-Disposition %q, page shows %q", d.Href, d.Disposition, d.Shown)
		}
	}
	for _, want := range []string{"pdf public", "pdf restricted", "xlsx public", "xlsx restricted"} {
		if !seen[want] {
			t.Errorf("no %s document on the page (got %v)", want, seen)
		}
	}
	t.Logf("downloaded %d documents", len(docs))

	// g. The ministry's focal point follows the plan.
	mini := s.tab(uMinistry)
	s.see(mini, "ministry home", "ministry-home")
	s.submit(mini, "open the published assessment", chromedp.Click(chromedp.CSS(fmt.Sprintf(`main a[href=%q]`, base))))
	s.see(mini, "ministry overview", "ministry-overview")
	s.submit(mini, "open the plan", chromedp.Click(chromedp.CSS(`nav[aria-label="Assessment"] a[href$="/plan"]`)))
	s.see(mini, "plan", "ministry-plan")
	href := eval[string](s, mini, `document.querySelector("table.plan tbody a").getAttribute("href")`)
	actionID := href[strings.LastIndexByte(href, '/')+1:]
	s.submit(mini, "open action "+actionID, chromedp.Click(chromedp.CSS(fmt.Sprintf(`table.plan a[href=%q]`, href))))
	s.see(mini, "action", "ministry-action")
	const note = "Tender launched in March."
	s.do(mini, "set the implementation status",
		chromedp.Click(chromedp.CSS(`input[name="status"][value="ongoing"]`)),
		chromedp.SendKeys(chromedp.ID("s-note"), note))
	s.see(mini, "", "ministry-action-filled")
	res = s.submit(mini, "save the status", chromedp.Click(chromedp.CSS(`section[aria-labelledby="h-status"] button[type="submit"]`)))
	if !strings.Contains(res.URL, "done=impl") {
		t.Errorf("after the status: %s", res.URL)
	}
	s.see(mini, "", "ministry-action-saved")
	wantContains(t, "action after the status", s.text(mini, "main"), "ongoing — "+note)
	s.submit(mini, "back to the plan", chromedp.Click(chromedp.CSS(`main > p:last-child a[href$="/plan"]`)))
	row := eval[string](s, mini, fmt.Sprintf(`document.querySelector('table.plan a[href=%q]').closest("tr").textContent`, href))
	wantContains(t, "plan row of "+actionID, row, "ongoing")
	s.see(mini, "", "ministry-plan-updated")
	adjs, err := f.store.FindAdjustments(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var saved *assessment.Adjustment
	for i := range adjs {
		if adjs[i].ActionID == actionID {
			saved = &adjs[i]
		}
	}
	switch {
	case saved == nil:
		t.Errorf("no adjustment of %s in the store: %+v", actionID, adjs)
	case saved.Status != assessment.StatusOngoing || saved.Note != note || saved.UpdatedBy != f.users[uMinistry].ID:
		t.Errorf("adjustment of %s: %+v", actionID, *saved)
	}

	// h. A consultant who is not on the team learns nothing.
	out := s.tab(uOutsider)
	for _, path := range []string{base, base + "/plan", base + "/documents/assessment?format=pdf&edition=public"} {
		if st := s.open(out, path); st != 404 {
			t.Errorf("outsider on %s: status %d, want 404", path, st)
		}
		wantContains(t, "outsider on "+path, s.text(out, "main"), "Not found", "does not exist, or you do not have access to it")
	}
	s.see(out, "404", "outsider-404")
	if body := s.text(out, "body"); strings.Contains(body, title) || strings.Contains(body, "Republic of Xaa") {
		t.Errorf("the 404 page names the assessment: %q", body)
	}
}
