package frameworks

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"bordergap/assessment"
)

// FuzzLoad checks that Load never panics and that it either returns a valid
// framework or an EINVALID *assessment.Error whose fields all name the file.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	seeds = append(seeds, "default/ibm-default.yaml")
	for _, s := range seeds {
		f.Add(readFile(f, s))
	}
	const name = "fuzz.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := Load(name, data)
		if err == nil {
			if fw == nil {
				t.Fatal("Load returned neither a framework nor an error")
			}
			if errs := Validate(fw); len(errs) > 0 {
				t.Fatalf("Load accepted a framework that Validate rejects: %v", errs)
			}
			return
		}
		if fw != nil {
			t.Fatalf("Load returned a framework with its error %v", err)
		}
		var e *assessment.Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is %T, want *assessment.Error", err, err)
		}
		if e.Code != assessment.EINVALID {
			t.Fatalf("error code %q, want %q: %v", e.Code, assessment.EINVALID, err)
		}
		if len(e.Fields) == 0 && len(data) <= MaxFileSize {
			t.Fatalf("error %v has no fields", err)
		}
		for _, fe := range e.Fields {
			if !strings.HasPrefix(fe.Field, name) {
				t.Fatalf("field %q does not start with %q", fe.Field, name)
			}
		}
	})
}
