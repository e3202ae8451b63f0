package portable_test

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"bordergap/assessment"
	"bordergap/assessment/portable"
)

// FuzzDecode checks that Decode never panics, that every error it returns
// is an EINVALID *assessment.Error with no bundle, and that a file it
// accepts can be written back: Encode of the bundle decodes again and a
// second Encode gives the same bytes.
func FuzzDecode(f *testing.F) {
	seeds, err := filepath.Glob("testdata/*.json")
	if err != nil {
		f.Fatal(err)
	}
	invalid, err := filepath.Glob("testdata/invalid/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range append(seeds, invalid...) {
		f.Add(readFile(f, s))
	}
	reg := registry(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := portable.Decode(bytes.NewReader(data), reg)
		if err != nil {
			if b != nil {
				t.Fatalf("Decode returned a bundle with its error %v", err)
			}
			var e *assessment.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is %T, want *assessment.Error", err, err)
			}
			if e.Code != assessment.EINVALID {
				t.Fatalf("code %q, want %q: %v", e.Code, assessment.EINVALID, err)
			}
			if e.Message == "" {
				t.Fatalf("error without a message: %#v", e)
			}
			return
		}
		if b == nil {
			t.Fatal("Decode returned neither a bundle nor an error")
		}
		once, err := encodeBundle(b)
		if err != nil {
			t.Fatalf("Encode of a decoded bundle: %v", err)
		}
		b2, err := portable.Decode(bytes.NewReader(once), reg)
		if err != nil {
			t.Fatalf("Decode of a re-encoded bundle: %v\n%s", err, once)
		}
		twice, err := encodeBundle(b2)
		if err != nil {
			t.Fatalf("second Encode: %v", err)
		}
		if !bytes.Equal(once, twice) {
			t.Fatalf("Encode is not stable:\n%s", lineDiff(string(once), string(twice)))
		}
	})
}
