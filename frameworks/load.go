// Package frameworks reads, checks and writes framework files, and embeds the
// default frameworks in the binary.
//
// A framework file is YAML (see README.md, "Framework files"). Decoding is
// strict: an unknown field, a wrong type, a duplicate id, a missing level or
// an action whose levels make no sense is an error. Every error of a file is
// reported at once, each with the file name, the line and the field path:
//
//	default.yaml:812: pillars[3].capacities[1].indicators[0].levels: level 2 missing
//
// The package depends on the domain (assessment) and on the YAML decoder
// only.
package frameworks

import (
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"bordergap/assessment"

	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds the size of a framework file (the default is ~300 KB).
const MaxFileSize = 8 << 20

// Load decodes and validates a framework file. name is used in error
// messages (usually the file's base name). On any error it returns nil and an
// *assessment.Error of code EINVALID whose fields list every problem as
// "name:line: path" and a message.
func Load(name string, data []byte) (*assessment.Framework, error) {
	if len(data) > MaxFileSize {
		return nil, assessment.Invalid(fmt.Sprintf("%s: file too large (%d bytes, at most %d)", name, len(data), MaxFileSize))
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fileError(name, []issue{{line: 1, msg: "empty file: want a framework mapping (id, version, title, ...)"}})
		}
		return nil, fileError(name, []issue{syntaxIssue(err)})
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fileError(name, []issue{{line: extra.Line, msg: "more than one YAML document: a file holds one framework"}})
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	w := &walker{lines: map[string]int{}}
	w.check(doc, reflect.TypeOf(assessment.Framework{}), "", doc.Line)
	if len(w.issues) > 0 {
		return nil, fileError(name, w.issues)
	}
	var f assessment.Framework
	if err := doc.Decode(&f); err != nil {
		return nil, fileError(name, []issue{syntaxIssue(err)})
	}
	f.Index()
	if errs := Validate(&f); len(errs) > 0 {
		is := make([]issue, len(errs))
		for i, e := range errs {
			is[i] = issue{line: w.line(e.Field), path: e.Field, msg: e.Message}
		}
		return nil, fileError(name, is)
	}
	return &f, nil
}

type issue struct {
	line int
	path string
	msg  string
}

func fileError(name string, is []issue) error {
	sort.SliceStable(is, func(i, j int) bool { return is[i].line < is[j].line })
	fields := make([]assessment.FieldError, len(is))
	for i, x := range is {
		loc := name
		if x.line > 0 {
			loc += ":" + strconv.Itoa(x.line)
		}
		if x.path != "" {
			loc += ": " + x.path
		}
		fields[i] = assessment.FieldError{Field: loc, Message: x.msg}
	}
	msg := fmt.Sprintf("%s: %d error", name, len(is))
	if len(is) != 1 {
		msg += "s"
	}
	return &assessment.Error{Code: assessment.EINVALID, Message: msg, Fields: fields}
}

func syntaxIssue(err error) issue {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.IndexByte(rest, ':'); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, strings.TrimSpace(rest[i+1:])
				// The YAML parser (unlike its scanner) reports a zero-based
				// line for these errors.
				if strings.HasPrefix(msg, "did not find expected") || strings.HasPrefix(msg, "found a tab character that violates indentation") {
					line++
				}
			}
		}
	}
	return issue{line: line, msg: "YAML syntax: " + msg}
}

// walker checks a YAML node tree against the Go type it will decode into,
// so that unknown fields and wrong types are reported with their path, and
// records the line of every path for the semantic checks that follow.
type walker struct {
	lines  map[string]int
	issues []issue
}

var textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()

func (w *walker) add(line int, path, format string, args ...any) {
	w.issues = append(w.issues, issue{line: line, path: path, msg: fmt.Sprintf(format, args...)})
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", n.Value)
}

// check walks node n, to be decoded into t, at path; line is where errors
// about n as a whole point (the line of its key, for a field).
func (w *walker) check(n *yaml.Node, t reflect.Type, path string, line int) {
	w.lines[path] = line
	if n.Kind == yaml.AliasNode {
		w.add(line, path, "aliases are not supported in framework files")
		return
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		if n.Kind != yaml.ScalarNode {
			w.add(line, path, "want a single value, got %s", kindName(n))
			return
		}
		v := reflect.New(t).Interface().(encoding.TextUnmarshaler)
		if err := v.UnmarshalText([]byte(n.Value)); err != nil {
			w.add(line, path, "%v", err)
		}
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" && t.Kind() != reflect.Struct {
		return // an empty value; the semantic checks say whether it is required
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			w.add(line, path, "want a mapping of fields, got %s", kindName(n))
			return
		}
		fields := map[string]reflect.StructField{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			tag := strings.Split(sf.Tag.Get("yaml"), ",")[0]
			if tag == "" || tag == "-" || !sf.IsExported() {
				continue
			}
			fields[tag] = sf
			names = append(names, tag)
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			sf, ok := fields[k.Value]
			if !ok {
				w.add(k.Line, join(path, k.Value), "unknown field %q; want one of: %s", k.Value, strings.Join(names, ", "))
				continue
			}
			if seen[k.Value] {
				w.add(k.Line, join(path, k.Value), "field %q appears twice", k.Value)
				continue
			}
			seen[k.Value] = true
			w.check(v, sf.Type, join(path, k.Value), k.Line)
		}
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.add(line, path, "want a list, got %s", kindName(n))
			return
		}
		for i, c := range n.Content {
			w.check(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), c.Line)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			w.add(line, path, "want a mapping, got %s", kindName(n))
			return
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := k.Value
			if t.Key().Kind() == reflect.Int {
				var num int
				if k.Decode(&num) != nil {
					w.add(k.Line, join(path, k.Value), "key %q: want a whole number", k.Value)
					continue
				}
				key = strconv.Itoa(num) // 1 and 01 are the same key
			}
			if seen[key] {
				w.add(k.Line, join(path, k.Value), "key %q appears twice", k.Value)
				continue
			}
			seen[key] = true
			w.check(v, t.Elem(), join(path, key), k.Line)
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.Decode(new(string)) != nil {
			w.add(line, path, "want text, got %s", kindName(n))
		}
	case reflect.Int, reflect.Int64:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(new(int)) != nil {
			w.add(line, path, "want a whole number, got %s", kindName(n))
		}
	case reflect.Float64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(new(float64)) != nil {
			w.add(line, path, "want a number, got %s", kindName(n))
		}
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(new(bool)) != nil {
			w.add(line, path, "want true or false, got %s", kindName(n))
		}
	}
}

// line returns the line of path, or of its nearest ancestor that has one.
func (w *walker) line(path string) int {
	for p := path; ; {
		if l, ok := w.lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			return w.lines[""]
		}
		p = p[:i]
	}
}
