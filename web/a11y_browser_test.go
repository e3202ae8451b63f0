package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"bordergap/assessment"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focusedJS describes the focused element: its id, or its tag and class, and
// whether it shows a focus outline.
const focusedJS = `(() => {
	const e = document.activeElement;
	const name = e.id || (e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
	const st = getComputedStyle(e);
	return name + (st.outlineStyle !== "none" && parseFloat(st.outlineWidth) > 0 ? "" : " (no outline)");
})()`

// TestBrowserAccessibility visits every page of the application as the
// role that sees it, runs axe-core on each (no serious or critical
// violation) and saves a screenshot; it also logs in and answers a
// questionnaire item with the keyboard only.
func TestBrowserAccessibility(t *testing.T) {
	s := newBSession(t, "a11y")
	f := s.f
	ctx := context.Background()
	rev := fmt.Sprintf("/assessments/%d", f.inReview)
	pub := fmt.Sprintf("/assessments/%d", f.public)

	// page opens a path, checks its status and runs axe on it.
	page := func(tab context.Context, name, path string, status int64) {
		t.Helper()
		if got := s.open(tab, path); got != status {
			t.Errorf("%s (%s): status %d, want %d", name, path, got, status)
		}
		s.see(tab, name, fileName(name))
	}
	// long is page for long pages: the screenshot shows the first screen.
	long := func(tab context.Context, name, path string) {
		t.Helper()
		if got := s.open(tab, path); got != 200 {
			t.Errorf("%s (%s): status %d", name, path, got)
		}
		s.seeAt(tab, name, fileName(name), viewport)
	}

	// The login page, and logging in with the keyboard only: the skip link
	// is the first stop and moves the focus to the main content.
	lead := newTab(t, s.b)
	page(lead, "login", "/login", 200)
	s.do(lead, "Tab from the top of the page", chromedp.KeyEvent("\t"))
	if got := eval[string](s, lead, focusedJS); got != "a.skip" {
		t.Errorf("first focus stop: %q, want the skip link a.skip", got)
	}
	if left := eval[float64](s, lead, `document.activeElement.getBoundingClientRect().left`); left < 0 {
		t.Errorf("the focused skip link is off screen (left %v)", left)
	}
	s.seeAt(lead, "", "login-skip-link", viewport)
	s.do(lead, "follow the skip link with Enter", chromedp.KeyEvent("\r"),
		chromedp.Poll[chromedp.Void](`document.activeElement.id === "main"`))
	steps := []struct{ key, want string }{
		{"\t", "f-email"}, {f.users[uLead].Email, ""}, {"\t", "f-password"}, {testPassword, ""},
	}
	for _, st := range steps {
		s.do(lead, "type on the login page", chromedp.KeyEvent(st.key))
		if st.want != "" {
			if got := eval[string](s, lead, focusedJS); got != st.want {
				t.Errorf("after Tab: focus on %q, want %q", got, st.want)
			}
		}
	}
	s.seeAt(lead, "", "login-keyboard-filled", viewport)
	res := s.submit(lead, "log in with Enter", chromedp.KeyEvent("\r"))
	if res.Status != 200 || s.location(lead) != "/" {
		t.Fatalf("keyboard login: %d at %s", res.Status, s.location(lead))
	}

	// The lead assessor's pages.
	page(lead, "home", "/", 200)
	page(lead, "new assessment", "/assessments/new", 200)
	s.submit(lead, "submit the empty form", chromedp.Click(chromedp.CSS(`#f-form button[type="submit"]`)))
	wantContains(t, "new assessment with nothing entered", s.text(lead, ".error-summary"), "Please check the form", "Enter a title")
	s.see(lead, "new assessment 422", "new-assessment-422")
	page(lead, "overview", rev, 200)
	page(lead, "settings", rev+"/settings", 200)
	long(lead, "review", rev+"/review")
	long(lead, "review all flagged", rev+"/review?pillar=all&flagged=1")
	page(lead, "scorecard", rev+"/scorecard", 200)
	page(lead, "audit log", rev+"/audit", 200)
	long(lead, "plan", pub+"/plan")
	href := eval[string](s, lead, `document.querySelector("table.plan tbody a").getAttribute("href")`)
	page(lead, "action, lead", href, 200)
	page(lead, "documents", pub+"/documents", 200)
	long(lead, "questionnaire published", pub+"/questionnaire?pillar=BCP")
	page(lead, "tokens", "/account/tokens", 200)
	s.do(lead, "name a token", chromedp.SendKeys(chromedp.ID("f-name"), "monitoring export"))
	s.submit(lead, "create a token", chromedp.Click(chromedp.CSS(`section[aria-labelledby="h-new"] button[type="submit"]`)))
	s.see(lead, "token created", "token-created")
	page(lead, "change password", "/account/password", 200)
	page(lead, "404", "/assessments/999999", 404)
	page(lead, "404 route", "/no/such/page", 404)
	page(lead, "403 admin", "/admin/users", 403)

	// An assessor's questionnaire, pillar by pillar.
	as := s.tab(uAssessor)
	for _, p := range []string{"GOV", "BCP", "RIG"} {
		long(as, "questionnaire "+p, rev+"/questionnaire?pillar="+p)
	}
	// Choose a level with the arrow keys, reach the Save button with Tab
	// and save with Enter.
	s.open(as, rev+"/questionnaire?pillar=GOV")
	before := s.response(f.inReview, "GOV.1.2", uAssessor)
	key, want := kb.ArrowUp, int(before.Level)-1
	if before.Level < 1 {
		key, want = kb.ArrowDown, int(before.Level)+1
	}
	radio := fmt.Sprintf("f-GOV-1-2-level-%d", before.Level)
	if before.Level == 0 {
		radio = "f-GOV-1-2-level"
	}
	s.do(as, "focus the chosen level", chromedp.Focus(chromedp.ID(radio)), chromedp.KeyEvent(key))
	wantID := fmt.Sprintf("f-GOV-1-2-level-%d", want)
	if want == 0 {
		wantID = "f-GOV-1-2-level"
	}
	if got := eval[string](s, as, `document.activeElement.id + (document.activeElement.checked ? " checked" : "")`); got != wantID+" checked" {
		t.Errorf("after arrow key %q on %s: %q, want %q", key, radio, got, wantID+" checked")
	}
	s.seeAt(as, "", "questionnaire-keyboard-level", "#ind-GOV-1-2 .q-levels")
	var path []string
	for range 12 {
		s.do(as, "Tab", chromedp.KeyEvent("\t"))
		got := eval[string](s, as, focusedJS)
		path = append(path, got)
		if strings.HasPrefix(got, "button") {
			break
		}
	}
	if onSave := eval[bool](s, as, `document.activeElement === document.querySelector("#ind-GOV-1-2 button[type=submit]")`); !onSave {
		t.Fatalf("Tab from the level did not reach the Save button: %v", path)
	}
	for _, p := range path {
		if strings.Contains(p, "no outline") {
			t.Errorf("a focus stop without a visible outline: %s (path %v)", p, path)
		}
	}
	t.Logf("focus path from the level to Save: %v", path)
	s.seeAt(as, "", "questionnaire-keyboard-save-focused", "#ind-GOV-1-2 .q-actions")
	res = s.submit(as, "save with Enter", chromedp.KeyEvent("\r"))
	if !strings.Contains(res.URL, "done=saved") {
		t.Errorf("after Enter on Save: %s", res.URL)
	}
	if r := s.response(f.inReview, "GOV.1.2", uAssessor); int(r.Level) != want {
		t.Errorf("GOV.1.2 after the keyboard save: level %d, want %d", r.Level, want)
	}
	s.seeAt(as, "", "questionnaire-keyboard-saved", "#ind-GOV-1-2 .q-actions")

	// The conflict page after a form post, with JavaScript off (pages work
	// without it, and without autosave nothing is sent before Save): the
	// same answer was changed on another device while this page was open.
	s.do(as, "turn JavaScript off", jsEnabled(false))
	s.open(as, rev+"/questionnaire?pillar=GOV")
	other := s.response(f.inReview, "GOV.1.3", uAssessor)
	other.Note = "Changed on the laptop."
	if _, err := f.store.SaveResponses(ctx, f.users[uAssessor].ID, f.inReview, []assessment.Response{other}); err != nil {
		t.Fatal(err)
	}
	s.do(as, "change the note", chromedp.Clear(chromedp.ID("f-GOV-1-3-note")), chromedp.SendKeys(chromedp.ID("f-GOV-1-3-note"), "Changed on the phone."))
	// Clicks need scripts in chromedp; the keyboard does not: Tab past
	// the sources to Save, and Enter.
	s.do(as, "Tab to Save", chromedp.KeyEvent("\t\t"))
	res = s.submit(as, "save the stale answer", chromedp.KeyEvent("\r"))
	// chromedp reads the page with scripts: on again, for the checks.
	s.do(as, "turn JavaScript on", jsEnabled(true))
	if res.Status != 409 {
		t.Errorf("stale save: status %d, want 409", res.Status)
	}
	wantContains(t, "conflict page after a post", s.text(as, "table.q-compare"), "Changed on the laptop.", "Changed on the phone.")
	s.see(as, "conflict, form post", "conflict-form-post")
	s.submit(as, "keep theirs", chromedp.Click(chromedp.CSS(`.q-choose a.button`)))
	if r := s.response(f.inReview, "GOV.1.3", uAssessor); r.Note != "Changed on the laptop." {
		t.Errorf("after keep theirs: note %q", r.Note)
	}
	s.seeAt(as, "", "conflict-kept-theirs", "#ind-GOV-1-3 .q-actions")

	// The reviewer reads.
	rv := s.tab(uReviewer)
	long(rv, "questionnaire reviewer", rev+"/questionnaire?pillar=TRV")
	long(rv, "review reviewer", rev+"/review?pillar=RSK")

	// The administrator.
	ad := s.tab(uAdmin)
	page(ad, "admin users", "/admin/users", 200)
	page(ad, "admin user", fmt.Sprintf("/admin/users/%d", f.users[uMinistry].ID), 200)

	// The ministry's focal point.
	mi := s.tab(uMinistry)
	page(mi, "ministry home", "/", 200)
	page(mi, "ministry overview", pub, 200)
	page(mi, "ministry scorecard", pub+"/scorecard", 200)
	page(mi, "action, ministry", href, 200)
	page(mi, "403 new assessment", "/assessments/new", 403)

	// The donor.
	do := s.tab(uDonor)
	page(do, "donor home", "/", 200)
	wantContains(t, "donor home", s.text(do, "main h1"), "Nothing has been shared with you yet")
}

// jsEnabled turns the page's scripts on or off in the tab.
func jsEnabled(on bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	})
}

// fileName turns a page name into a file name: "action, lead" → "action-lead".
func fileName(name string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), "-")
}
