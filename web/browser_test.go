package web

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser tests drive the real UI in Debian's chromium from Go. Outside CI
// they skip when chromium (or axe-core, for the accessibility checks) is
// missing; with CI=true they fail instead.

func chromiumPath() string {
	for _, p := range []string{os.Getenv("BORDERGAP_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

func needOrSkip(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI (.ci/run installs it)", what)
	}
	t.Skipf("%s not found: browser test skipped (install it, or run .ci/run)", what)
}

// browser starts a headless chromium for the test and returns a tab
// context. Every tab has its own cookie jar when made with newTab.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		needOrSkip(t, "chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1000))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelA)
	tctx, cancelT := context.WithTimeout(actx, 3*time.Minute)
	t.Cleanup(cancelT)
	root, cancel := chromedp.NewContext(tctx)
	t.Cleanup(cancel)
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return root
}

// newTab opens a fresh tab in its own browser context (own cookies).
func newTab(t *testing.T, parent context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	return ctx
}

// shotDir is where screenshots go: $BORDERGAP_SCREENSHOTS, else a temporary
// folder of the test.
func shotDir(t *testing.T) string {
	if d := os.Getenv("BORDERGAP_SCREENSHOTS"); d != "" {
		_ = os.MkdirAll(d, 0o755)
		return d
	}
	return t.TempDir()
}

// shot saves a full-page PNG screenshot.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// axeSource finds axe-core's axe.min.js: $BORDERGAP_AXE, or node_modules
// installed by .ci/run under .ci/cache.
func axeSource(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("BORDERGAP_AXE"), "../.ci/cache/node_modules/axe-core/axe.min.js", "../node_modules/axe-core/axe.min.js"} {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			return string(b)
		}
	}
	needOrSkip(t, "axe-core (npm install --prefix .ci/cache axe-core)")
	return ""
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// checkAxe injects axe-core into the current page, runs it and fails on
// any serious or critical violation.
func checkAxe(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
		t.Fatalf("inject axe on %s: %v", page, err)
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe on %s: %v", page, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(raw), &vs); err != nil {
		t.Fatalf("axe result on %s: %v", page, err)
	}
	for _, v := range vs {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var where []string
		for i, n := range v.Nodes {
			if i == 3 {
				where = append(where, fmt.Sprintf("… and %d more", len(v.Nodes)-3))
				break
			}
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
		}
		t.Errorf("axe %s on %s: %s (%s)\n  %s", v.Impact, page, v.Help, v.ID, strings.Join(where, "\n  "))
	}
}

// login logs the tab in through the real form.
func login(t *testing.T, ctx context.Context, base, email string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.ID("f-email")),
		chromedp.SendKeys(chromedp.ID("f-email"), email),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.Submit(chromedp.ID("f-password")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"]`)),
	)
	if err != nil {
		t.Fatalf("login as %s: %v", email, err)
	}
}

func TestBrowserLoginAndHomeAccessible(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	f := newFixture(t)
	b := browser(t)
	axe := axeSource(t)
	dir := shotDir(t)
	tab := newTab(t, b)
	if err := chromedp.Do(tab, chromedp.Navigate(f.srv.URL+"/login"), chromedp.WaitVisible(chromedp.ID("f-email"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, tab, axe, "login")
	shot(t, tab, dir, "01-login")
	login(t, tab, f.srv.URL, f.users[uLead].Email)
	text, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS("main h1")))
	if err != nil || !strings.Contains(text, "My assessments") {
		t.Fatalf("home heading %q: %v", text, err)
	}
	checkAxe(t, tab, axe, "home")
	shot(t, tab, dir, "02-home")
}
