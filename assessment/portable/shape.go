package portable

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"bordergap/assessment"
)

// checkShape walks a decoded JSON value against the Go type it will be
// decoded into and reports every unknown field and wrong type with its JSON
// path, so that a user sees all of them at once (encoding/json stops at the
// first and loses list indexes).
func checkShape(v any, t reflect.Type, path string, errs *[]assessment.FieldError) {
	add := func(format string, args ...any) {
		*errs = append(*errs, assessment.FieldError{Field: path, Message: fmt.Sprintf(format, args...)})
	}
	if t == reflect.TypeOf(time.Time{}) {
		s, ok := v.(string)
		if !ok {
			add("want a date and time such as 2026-11-22T09:00:00Z, got %s", jsonKind(v))
		} else if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
			add("%q is not a date and time such as 2026-11-22T09:00:00Z", s)
		}
		return
	}
	if v == nil {
		return // null leaves the zero value; semantic checks decide
	}
	switch t.Kind() {
	case reflect.Interface:
		return
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			add("want an object, got %s", jsonKind(v))
			return
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			name := strings.Split(sf.Tag.Get("json"), ",")[0]
			if name == "" || name == "-" || !sf.IsExported() {
				continue
			}
			fields[name] = sf.Type
			names = append(names, name)
		}
		for _, k := range sortedKeys(m) {
			ft, ok := fields[k]
			child := join(path, k)
			if !ok {
				*errs = append(*errs, assessment.FieldError{Field: child, Message: fmt.Sprintf("unknown field; want one of: %s", strings.Join(names, ", "))})
				continue
			}
			checkShape(m[k], ft, child, errs)
		}
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			add("want a list, got %s", jsonKind(v))
			return
		}
		for i, e := range list {
			checkShape(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), errs)
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			add("want an object, got %s", jsonKind(v))
			return
		}
		for _, k := range sortedKeys(m) {
			checkShape(m[k], t.Elem(), join(path, k), errs)
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			add("want text, got %s", jsonKind(v))
		}
	case reflect.Int, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			add("want a whole number, got %s", jsonKind(v))
		} else if _, err := n.Int64(); err != nil {
			add("want a whole number, got %s", n)
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			add("want true or false, got %s", jsonKind(v))
		}
	}
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the text %q", x)
	case json.Number:
		return "the number " + x.String()
	case bool:
		return fmt.Sprint(x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Stable, readable order: alphabetical.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
