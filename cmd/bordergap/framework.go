package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"bordergap/assessment"
	"bordergap/frameworks"
)

func frameworkList(_ context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usagef("framework list takes no arguments")
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVERSION\tPILLARS\tCAPACITIES\tINDICATORS\tACTIONS\tSOURCE\tTITLE")
	for _, s := range e.registry.List() {
		p, c, i, a := s.Framework.Counts()
		src := "installed"
		if s.Embedded {
			src = "built in"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", s.Framework.ID, s.Framework.Version, p, c, i, a, src, s.Framework.Title)
	}
	return tw.Flush()
}

func readFrameworkFile(path string) (*frameworks.Source, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, assessment.Errorf(assessment.EINVALID, "%v", err)
	}
	if fi.Size() > frameworks.MaxFileSize {
		return nil, assessment.Errorf(assessment.EINVALID, "%s: file too large (%d bytes)", path, fi.Size())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, assessment.Errorf(assessment.EINVALID, "%v", err)
	}
	f, err := frameworks.Load(path, b)
	if err != nil {
		return nil, err
	}
	return &frameworks.Source{Framework: f, Name: filepath.Base(path), Data: b}, nil
}

func frameworkValidate(_ context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("framework validate needs at least one FILE")
	}
	failed := 0
	for _, path := range args {
		s, err := readFrameworkFile(path)
		if err != nil {
			failed++
			printError(e.stdout, err)
			continue
		}
		p, c, i, a := s.Framework.Counts()
		fmt.Fprintf(e.stdout, "%s: ok — %s %s, %d pillars, %d capacities, %d indicators, %d actions\n", path, s.Framework.ID, s.Framework.Version, p, c, i, a)
	}
	if failed > 0 {
		return assessment.Errorf(assessment.EINVALID, "%d of %d files invalid", failed, len(args))
	}
	return nil
}

func frameworkExport(_ context.Context, e *env, args []string) error {
	if len(args) > 1 {
		return usagef("framework export takes at most one ID[@VERSION]")
	}
	ref := frameworks.DefaultID
	if len(args) == 1 {
		ref = args[0]
	}
	var s *frameworks.Source
	var err error
	if id, version, ok := strings.Cut(ref, "@"); ok {
		s, err = e.registry.Get(id, version)
	} else {
		s, err = e.registry.Latest(id)
	}
	if err != nil {
		return err
	}
	return writeOutput(e, func(w io.Writer) error {
		switch e.opts.format {
		case "yaml":
			_, err := w.Write(s.Data)
			return err
		case "json":
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			return enc.Encode(s.Framework)
		}
		return usagef("--format %q: want yaml or json", e.opts.format) // checked before, kept for safety
	})
}

// writeOutput writes to -o FILE (atomically: a temporary file renamed into
// place, so a failure leaves no half-written file) or to standard output.
func writeOutput(e *env, fn func(w io.Writer) error) error {
	if e.opts.output == "" || e.opts.output == "-" {
		return fn(e.stdout)
	}
	dir := filepath.Dir(e.opts.output)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return assessment.Errorf(assessment.EINVALID, "cannot write %s: the folder %s does not exist", e.opts.output, dir)
	}
	tmp, err := os.CreateTemp(dir, ".bordergap-*")
	if err != nil {
		return assessment.Errorf(assessment.EINVALID, "cannot write %s: %v", e.opts.output, err)
	}
	defer os.Remove(tmp.Name())
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), e.opts.output); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s\n", e.opts.output)
	return nil
}

func frameworkInstall(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usagef("framework install needs exactly one FILE")
	}
	s, err := readFrameworkFile(args[0])
	if err != nil {
		return err
	}
	if old, err := e.registry.Get(s.Framework.ID, s.Framework.Version); err == nil && old.Embedded {
		return assessment.Errorf(assessment.ECONFLICT, "framework %s is built in; give your file another id or version", s.Framework.Key())
	}
	if err := e.db.InstallFramework(ctx, 0, s.Framework, s.Name, s.Data); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "installed %s %s (%s)\n", s.Framework.ID, s.Framework.Version, s.Framework.Title)
	return nil
}
