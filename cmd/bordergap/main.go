// Command bordergap is the integrated border management gap-assessment tool:
// frameworks, assessments, scorecards and (in later releases) strategy and
// action-plan documents and a web application.
//
// This file is the only place that knows the concrete types: it opens the
// SQLite store, builds the framework registry and hands them to the
// subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"bordergap/assessment"
	"bordergap/data"
	"bordergap/frameworks"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(os.Stderr, err))
}

// usageError marks a wrong command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// errHelp is returned after printing help on request: exit status 0.
var errHelp = errors.New("help requested")

func exitCode(stderr io.Writer, err error) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "bordergap: %s\nRun 'bordergap help' for usage.\n", ue.msg)
		return 2
	}
	printError(stderr, err)
	return 1
}

// printError writes a user-facing error, one field error per line.
func printError(w io.Writer, err error) {
	var de *assessment.Error
	if errors.As(err, &de) && de.Code != assessment.EINTERNAL {
		fmt.Fprintf(w, "bordergap: %s\n", de.Message)
		for _, f := range de.Fields {
			fmt.Fprintf(w, "  %s\n", f.String())
		}
		return
	}
	fmt.Fprintf(w, "bordergap: %v\n", err)
}

const mainUsage = `bordergap — integrated border management gap assessment

Usage:
  bordergap <command> [arguments] [flags]

Commands:
  framework list                     list installed frameworks
  framework validate FILE...         check framework files, reporting every error
  framework export [ID[@VERSION]]    print a framework (--format yaml|json, -o FILE)
  framework install FILE             install a framework file into the database
  demo                               create two fictional demo states (XAA, XAB)
  assessment list                    list assessments
  assessment show ID                 show an assessment: profile, team, progress
  assessment export ID [-o FILE]     write the portable JSON file of an assessment
  assessment import FILE             import a portable JSON file (all or nothing)
  scorecard ID                       pillar scores, national index and top gaps
  plan ID                            generate the action plan and print its summary
  plan adjust ID ACTION-ID --as EMAIL  change an action's priority, lead, dates, cost, funding, text or status
  report DOC ID [--format pdf|xlsx] [--edition public|restricted] [-o FILE]
                                     DOC: assessment, strategy or action-plan; --file PORTABLE.json instead of ID
  serve [--addr 127.0.0.1:8080] [--demo] start the web application
  user add|list|disable|reset-password  manage users
  version                            print the version

Flags common to every command (environment fallback in brackets):
  --db PATH         SQLite database file, created on first use [BORDERGAP_DB] (default ./bordergap.db)
  --log-level LVL   debug, info, warn or error [BORDERGAP_LOG_LEVEL] (default warn)

Exit status: 0 ok, 1 failed, 2 wrong usage.
Run 'bordergap <command> --help' for the flags of a command.
`

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "0.1.0-dev"

type command struct {
	name  string // "framework list"
	args  string // positional arguments, for usage
	help  string
	flags func(fs *flag.FlagSet, o *options)
	run   func(ctx context.Context, env *env, args []string) error
	// noDB commands do not open the database.
	noDB bool
	// check validates the command line before anything is opened, so a
	// wrong command line creates no database.
	check func(o *options, args []string) error
}

// oneID checks that the arguments are one assessment id.
func oneID(what string) func(*options, []string) error {
	return func(_ *options, args []string) error {
		_, err := parseID(args, what)
		return err
	}
}

// nargs checks the number of positional arguments (max < 0: no limit);
// want describes them for the message ("exactly one FILE").
func nargs(what string, min, max int, want string) func(*options, []string) error {
	return func(_ *options, args []string) error {
		switch {
		case max == 0 && len(args) > 0:
			return usagef("%s takes no arguments", what)
		case len(args) < min:
			return usagef("%s needs %s", what, want)
		case max >= 0 && len(args) > max:
			return usagef("%s takes %s", what, want)
		}
		return nil
	}
}

func checkFormat(o *options, args []string) error {
	if o.format != "yaml" && o.format != "json" {
		return usagef("--format %q: want yaml or json", o.format)
	}
	return nargs("framework export", 0, 1, "at most one ID[@VERSION]")(o, args)
}

// options holds every flag value; each command registers the ones it uses.
type options struct {
	db, logLevel, format, output string
	edition, file                string
	adj                          adjustFlags
	addr, name, organisation     string
	role, country                string
	demo, secureCookies          bool
	force                        bool
	top, startYear               int
}

// env is what a command runs with.
type env struct {
	stdout, stderr io.Writer
	log            *slog.Logger
	opts           *options
	registry       *frameworks.Registry
	db             *data.DB
}

// openDB opens the database if the command has not opened it yet; run
// closes it. Commands that may work without a database (report --file) call
// it only when they need it.
func (e *env) openDB(ctx context.Context) error {
	if e.db != nil {
		return nil
	}
	db, err := data.Open(ctx, e.opts.db, e.registry)
	if err != nil {
		return err
	}
	e.db = db
	if err := loadInstalledFrameworks(ctx, e); err != nil {
		return err
	}
	e.log.Debug("database open", "path", e.opts.db)
	return nil
}

// now is the current time, for generation stamps.
func (e *env) now() time.Time { return time.Now().UTC() }

func commands() []command {
	return []command{
		{name: "framework list", help: "List the installed frameworks.", run: frameworkList, check: nargs("framework list", 0, 0, "")},
		{name: "framework validate", args: "FILE...", help: "Check framework files and report every error with file, line and field.", run: frameworkValidate, noDB: true, check: nargs("framework validate", 1, -1, "at least one FILE")},
		{name: "framework export", args: "[ID[@VERSION]]", help: "Print a framework (default: the default framework) as YAML or JSON.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.format, "format", "yaml", "output format: yaml or json")
				fs.StringVar(&o.output, "o", "", "write to this file instead of standard output")
			}, run: frameworkExport, check: checkFormat},
		{name: "framework install", args: "FILE", help: "Validate a framework file and install it into the database.", run: frameworkInstall, check: nargs("framework install", 1, 1, "exactly one FILE")},
		{name: "demo", help: "Create the demo: two fictional states (XAA Meridia, XAB Valdoria) with teams, responses,\na baseline and a follow-up round. Refuses to run twice on the same database unless --force.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.BoolVar(&o.force, "force", false, "add the demo even if demo data already exists")
			}, run: demoCommand, check: nargs("demo", 0, 0, "")},
		{name: "assessment list", help: "List assessments, newest first.", run: assessmentList, check: nargs("assessment list", 0, 0, "")},
		{name: "assessment show", args: "ID", help: "Show an assessment: state, framework, scope, profile, team and progress.", run: assessmentShow, check: oneID("assessment show")},
		{name: "assessment export", args: "ID", help: "Write the portable JSON file of an assessment.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.output, "o", "", "write to this file instead of standard output")
			}, run: assessmentExport, check: oneID("assessment export")},
		{name: "assessment import", args: "FILE", help: "Import a portable JSON file. Everything is checked first; nothing is written unless all is valid.", run: assessmentImport, check: nargs("assessment import", 1, 1, "exactly one FILE")},
		{name: "scorecard", args: "ID", help: "Print the pillar scores, the national index, the top gaps and the unmet binding obligations.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.IntVar(&o.top, "top", 10, "number of gaps to list")
			}, run: scorecardCommand, check: oneID("scorecard")},
		{name: "plan", args: "ID", help: "Generate the action plan of an assessment and print its summary.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.IntVar(&o.startYear, "start-year", 0, "first year of the plan (default: the profile's strategy start, else next year)")
			}, run: planCommand, check: oneID("plan")},
		{name: "plan adjust", args: "ID ACTION-ID", help: "Record a lead assessor's adjustment to one action of the generated plan (AP-TRV-1.1-A1).\nOnly the fields given change; the adjustment survives regeneration while the action exists.",
			flags: func(fs *flag.FlagSet, o *options) {
				o.adj.register(fs)
				fs.IntVar(&o.startYear, "start-year", 0, "first year of the plan (default: the profile's strategy start, else next year)")
			}, run: planAdjust, check: checkAdjust},
		{name: "report", args: "assessment|strategy|action-plan ID", help: "Write a document: the assessment report (PDF), the national IBM strategy draft (PDF) or the\naction plan (PDF or XLSX), in the public or restricted edition. With --file, the assessment is read\nfrom a portable JSON file instead of the database. Without -o, the file is named after the state,\nround, document and edition, in the current folder.",
			flags: func(fs *flag.FlagSet, o *options) {
				fs.StringVar(&o.format, "format", "pdf", "pdf or xlsx (xlsx: action-plan only)")
				fs.StringVar(&o.edition, "edition", "public", "public (no restricted annex) or restricted")
				fs.StringVar(&o.file, "file", "", "read the assessment from this portable JSON file")
				fs.StringVar(&o.output, "o", "", "output file (- for standard output)")
				fs.IntVar(&o.startYear, "start-year", 0, "first year of the plan (default: the profile's strategy start, else next year)")
			}, run: reportCommand, check: checkReport, noDB: true},
		{name: "serve", help: "Start the web application. Without --demo, a database without users gets one administrator\nwhose one-time password is printed once. Stops cleanly on Ctrl-C or SIGTERM.",
			flags: serveFlags, run: serveCommand, check: nargs("serve", 0, 0, "")},
		{name: "user add", args: "EMAIL", help: "Create a user with a one-time password (printed once, to change at first login).",
			flags: userFlags, run: userAdd, check: nargs("user add", 1, 1, "exactly one EMAIL")},
		{name: "user list", help: "List the users.", run: userList, check: nargs("user list", 0, 0, "")},
		{name: "user disable", args: "EMAIL", help: "Disable a user and revoke their sessions and API tokens.", run: userDisable, check: nargs("user disable", 1, 1, "exactly one EMAIL")},
		{name: "user reset-password", args: "EMAIL", help: "Give a user a new one-time password (printed once).", run: userResetPassword, check: nargs("user reset-password", 1, 1, "exactly one EMAIL")},
		{name: "version", help: "Print the version.", noDB: true, run: func(_ context.Context, e *env, _ []string) error {
			fmt.Fprintf(e.stdout, "bordergap %s\n", Version)
			return nil
		}},
	}
}

// run is the whole program; tests drive it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			args = append(args[1:], "--help")
		} else {
			fmt.Fprint(stdout, mainUsage)
			if len(args) == 0 {
				return usagef("no command given")
			}
			return errHelp
		}
	}
	cmd, rest, err := findCommand(args)
	if err != nil {
		return err
	}
	o := &options{}
	fs := flag.NewFlagSet("bordergap "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.db, "db", "bordergap.db", "SQLite database file")
	fs.StringVar(&o.logLevel, "log-level", "warn", "log level: debug, info, warn or error")
	if cmd.flags != nil {
		cmd.flags(fs, o)
	}
	pos, err := parseInterspersed(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(stdout, cmd, fs)
		return errHelp
	}
	if err != nil {
		return usagef("%s: %v", cmd.name, err)
	}
	if err := envFallback(fs); err != nil {
		return usagef("%s: %v", cmd.name, err)
	}
	if cmd.check != nil {
		if err := cmd.check(o, pos); err != nil {
			return err
		}
	}
	logger, err := newLogger(stderr, o.logLevel)
	if err != nil {
		return usagef("%v", err)
	}
	reg, err := frameworks.NewRegistry()
	if err != nil {
		return err
	}
	e := &env{stdout: stdout, stderr: stderr, log: logger, opts: o, registry: reg}
	defer func() {
		if e.db != nil {
			e.db.Close()
		}
	}()
	if !cmd.noDB {
		if err := e.openDB(ctx); err != nil {
			return err
		}
	}
	return cmd.run(ctx, e, pos)
}

func findCommand(args []string) (command, []string, error) {
	cmds := commands()
	// The longest name wins: "plan adjust" before "plan".
	best := -1
	for i, c := range cmds {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name &&
			(best < 0 || len(words) > len(strings.Fields(cmds[best].name))) {
			best = i
		}
	}
	if best >= 0 {
		return cmds[best], args[len(strings.Fields(cmds[best].name)):], nil
	}
	// A group name alone ("framework") or an unknown subcommand.
	var group []string
	for _, c := range cmds {
		if strings.HasPrefix(c.name, args[0]+" ") {
			group = append(group, c.name)
		}
	}
	if len(group) > 0 {
		if len(args) > 1 && args[1] != "--help" && args[1] != "-h" {
			return command{}, nil, usagef("unknown command %q; %s takes: %s", strings.Join(args[:2], " "), args[0], strings.Join(group, ", "))
		}
		return command{}, nil, usagef("%s needs a subcommand: %s", args[0], strings.Join(group, ", "))
	}
	return command{}, nil, usagef("unknown command %q", args[0])
}

func printCommandHelp(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: bordergap %s %s [flags]\n\n%s\n\nFlags:\n", c.name, c.args, c.help)
	fs.VisitAll(func(f *flag.Flag) {
		name, env := "--"+f.Name, " ["+envName(f.Name)+"]"
		if len(f.Name) == 1 {
			name, env = "-"+f.Name, "" // -o has no environment fallback
		}
		def := ""
		if f.DefValue != "" {
			def = fmt.Sprintf(" (default %q)", f.DefValue)
		}
		fmt.Fprintf(w, "  %-12s %s%s%s\n", name, f.Usage, def, env)
	})
}

// parseInterspersed parses flags wherever they appear among the arguments
// and returns the positional arguments in order. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func envName(flagName string) string {
	return "BORDERGAP_" + strings.ToUpper(strings.NewReplacer("-", "_").Replace(flagName))
}

// envFallback sets every flag not given on the command line from its
// BORDERGAP_* environment variable, if set.
func envFallback(fs *flag.FlagSet) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil || len(f.Name) == 1 {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s=%q: %v", envName(f.Name), v, e)
			}
		}
	})
	return err
}

func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// loadInstalledFrameworks adds the frameworks stored in the database to the
// registry. A stored file that no longer loads is reported, not fatal.
func loadInstalledFrameworks(ctx context.Context, e *env) error {
	stored, err := e.db.FindFrameworks(ctx)
	if err != nil {
		return err
	}
	for _, s := range stored {
		f, err := frameworks.Load(s.SourceName, s.Source)
		if err != nil {
			e.log.Warn("installed framework does not load", "framework", s.ID+"@"+s.Version, "err", err)
			continue
		}
		if err := e.registry.Add(&frameworks.Source{Framework: f, Name: s.SourceName, Data: s.Source}); err != nil {
			e.log.Warn("installed framework skipped", "framework", s.ID+"@"+s.Version, "err", err)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
