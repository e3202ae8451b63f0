package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strings"
	"text/tabwriter"
	"time"

	"bordergap/assessment"
	"bordergap/web"
)

// DemoPassword is the password of every demo user (fictional accounts on a
// demo database only).
const DemoPassword = "bordergap-demo-2026"

func serveFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.BoolVar(&o.demo, "demo", false, "load the demo states and demo users, and print their logins")
	fs.BoolVar(&o.secureCookies, "secure-cookies", false, "mark session cookies Secure (set it behind a TLS proxy)")
}

func newWebServer(e *env) (*web.Server, error) {
	return web.New(web.Config{
		Store:      e.db,
		Frameworks: e.registry,
		FrameworkList: func() []web.FrameworkChoice {
			var out []web.FrameworkChoice
			for _, s := range e.registry.List() {
				out = append(out, web.FrameworkChoice{ID: s.Framework.ID, Version: s.Framework.Version, Title: s.Framework.Title})
			}
			return out
		},
		Logger:        e.log,
		SecureCookies: e.opts.secureCookies,
	})
}

func serveCommand(ctx context.Context, e *env, args []string) error {
	if e.opts.demo {
		if err := ensureDemo(ctx, e); err != nil {
			return err
		}
	} else if err := ensureAdmin(ctx, e); err != nil {
		return err
	}
	srv, err := newWebServer(e)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.opts.addr)
	if err != nil {
		return assessment.Errorf(assessment.EINVALID, "cannot listen on %s: %v", e.opts.addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 1 << 20}
	fmt.Fprintf(e.stdout, "bordergap is listening on http://%s/ (database %s). Stop with Ctrl-C.\n", ln.Addr(), e.opts.db)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	e.log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(shutdown)
}

// ensureAdmin gives a database without users one administrator, with a
// one-time password printed once.
func ensureAdmin(ctx context.Context, e *env) error {
	users, err := e.db.FindUsers(ctx)
	if err != nil || len(users) > 0 {
		return err
	}
	u := &assessment.User{Name: "Administrator", Email: "admin@localhost.localdomain", Organisation: "", Role: assessment.UserAdmin}
	if err := e.db.CreateUser(ctx, 0, u); err != nil {
		return err
	}
	pw := web.OneTimePassword()
	h, err := web.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := e.db.SetPassword(ctx, 0, u.ID, h, true); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Created the first administrator. Log in once with this one-time password and choose your own:\n  e-mail:   %s\n  password: %s\n(It is shown only now.)\n", u.Email, pw)
	return nil
}

// ensureDemo loads the demo if it is not there and gives every demo user the
// demo password.
func ensureDemo(ctx context.Context, e *env) error {
	existing, err := e.db.FindAssessments(ctx, assessment.AssessmentFilter{State: "XAA"})
	if err != nil {
		return err
	}
	if len(existing) == 0 {
		if _, err := createDemo(ctx, e); err != nil {
			return err
		}
	}
	h, err := web.HashPassword(DemoPassword)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Demo logins (password for all: %s)\n", DemoPassword)
	for _, p := range demoPeople() {
		u, err := e.db.FindUserByEmail(ctx, p.email)
		if err != nil {
			return err
		}
		if hash, _, _ := e.db.PasswordHash(ctx, u.ID); hash == "" {
			if err := e.db.SetPassword(ctx, 0, u.ID, h, false); err != nil {
				return err
			}
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.email, p.name, p.describe)
	}
	return tw.Flush()
}

type demoLogin struct{ email, name, describe string }

func demoPeople() []demoLogin {
	var out []demoLogin
	roles := []string{"lead assessor", "assessor", "assessor", "reviewer"}
	for _, s := range demoStates {
		for i, p := range s.team {
			out = append(out, demoLogin{p.email, p.name, roles[i] + ", " + s.code})
		}
	}
	for _, p := range demoOthers {
		d := string(p.role)
		if p.role == assessment.UserMinistry {
			d = "ministry focal point, " + p.country
		}
		out = append(out, demoLogin{p.email, p.name, d})
	}
	return out
}

func userFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.name, "name", "", "full name")
	fs.StringVar(&o.organisation, "organisation", "", "organisation")
	fs.StringVar(&o.role, "role", "consultant", "admin, consultant, ministry or donor")
	fs.StringVar(&o.country, "country", "", "alpha-3 code of the country (ministry focal points)")
}

func userAdd(ctx context.Context, e *env, args []string) error {
	u := &assessment.User{Name: e.opts.name, Email: args[0], Organisation: e.opts.organisation,
		Role: assessment.UserRole(e.opts.role), Country: strings.ToUpper(e.opts.country)}
	if err := e.db.CreateUser(ctx, 0, u); err != nil {
		return err
	}
	return setOneTimePassword(ctx, e, u, "created")
}

func setOneTimePassword(ctx context.Context, e *env, u *assessment.User, what string) error {
	pw := web.OneTimePassword()
	h, err := web.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := e.db.SetPassword(ctx, 0, u.ID, h, true); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %s (%s). One-time password, to change at first login: %s\n", what, u.Email, u.Role, pw)
	return nil
}

func userList(ctx context.Context, e *env, _ []string) error {
	users, err := e.db.FindUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tROLE\tCOUNTRY\tORGANISATION\tSTATE")
	for _, u := range users {
		st := "active"
		if u.Disabled {
			st = "disabled"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, u.Country, u.Organisation, st)
	}
	return tw.Flush()
}

func userDisable(ctx context.Context, e *env, args []string) error {
	u, err := e.db.FindUserByEmail(ctx, args[0])
	if err != nil {
		return err
	}
	u.Disabled = true
	if err := e.db.UpdateUser(ctx, 0, u); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "disabled %s: their sessions and API tokens are revoked\n", u.Email)
	return nil
}

func userResetPassword(ctx context.Context, e *env, args []string) error {
	u, err := e.db.FindUserByEmail(ctx, args[0])
	if err != nil {
		return err
	}
	return setOneTimePassword(ctx, e, u, "reset the password of")
}
