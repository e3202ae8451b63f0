package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs 'bordergap serve' on a free port until the test ends.
func startServe(t *testing.T, args ...string) (base string, out *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), out, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve stopped with %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("serve did not stop on cancel")
		}
	})
	re := regexp.MustCompile(`listening on (http://[0-9.:]+)/`)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1], out
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited: %v\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start:\n%s", out.String())
	return "", nil
}

func TestServeFirstAdminAndGracefulStop(t *testing.T) {
	db := newDB(t)
	base, out := startServe(t, "--db", db)
	mustContain(t, "serve output", out.String(), "Created the first administrator", "one-time password")
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, res)
	}
	res.Body.Close()
	// The admin exists with a one-time password: the user list shows it.
	r := want(t, 0, "user", "list", "--db", db)
	mustContain(t, "user list", r.stdout, "admin@localhost.localdomain", "admin")
}

func TestServeDemoPrintsLogins(t *testing.T) {
	db := newDB(t)
	base, out := startServe(t, "--db", db, "--demo")
	mustContain(t, "serve --demo", out.String(), "Demo logins (password for all: "+DemoPassword+")",
		"helene.marchetti@example.org", "focal.point@moi.xaa.example", "amal.rahimi@donor.example")
	res, err := http.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), `id="f-email"`) {
		t.Errorf("login page: %d", res.StatusCode)
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
}

func TestUserCommands(t *testing.T) {
	db := newDB(t)
	r := want(t, 0, "user", "add", "mira@moi.xaa.example", "--name", "Mira Focal", "--role", "ministry", "--country", "xaa", "--db", db)
	mustContain(t, "user add", r.stdout, "created mira@moi.xaa.example (ministry). One-time password")
	r = want(t, 1, "user", "add", "mira@moi.xaa.example", "--name", "Again", "--db", db)
	mustContain(t, "duplicate", r.stderr, "already exists")
	r = want(t, 1, "user", "add", "someone@example.org", "--name", "Min", "--role", "ministry", "--db", db)
	mustContain(t, "ministry without country", r.stderr, "country")
	r = want(t, 1, "user", "add", "x@example.org", "--role", "emperor", "--name", "X", "--db", db)
	mustContain(t, "bad role", r.stderr, "role")
	want(t, 2, "user", "add", "--db", db)
	r = want(t, 0, "user", "reset-password", "mira@moi.xaa.example", "--db", db)
	mustContain(t, "reset", r.stdout, "reset the password of mira@moi.xaa.example")
	r = want(t, 0, "user", "disable", "mira@moi.xaa.example", "--db", db)
	mustContain(t, "disable", r.stdout, "disabled mira@moi.xaa.example")
	r = want(t, 0, "user", "list", "--db", db)
	mustContain(t, "list", r.stdout, "mira@moi.xaa.example", "XAA", "disabled")
	want(t, 1, "user", "disable", "nobody@example.org", "--db", db)
}
