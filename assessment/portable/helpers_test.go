package portable_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"bordergap/assessment"
	"bordergap/assessment/portable"
	"bordergap/frameworks"
)

// The test data uses fictional states (XAA Xanadia, XAB Yonderland) and
// fictional people at example.org.

func registry(t testing.TB) *frameworks.Registry {
	t.Helper()
	r, err := frameworks.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t testing.TB, data []byte) *assessment.Bundle {
	t.Helper()
	b, err := portable.Decode(bytes.NewReader(data), registry(t))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return b
}

// decodeErr decodes a file that must be refused and returns its error,
// after checking the shape every Decode error has.
func decodeErr(t testing.TB, data []byte) *assessment.Error {
	t.Helper()
	b, err := portable.Decode(bytes.NewReader(data), registry(t))
	if err == nil {
		t.Fatalf("Decode succeeded, want an error")
	}
	if b != nil {
		t.Errorf("Decode returned a bundle with its error")
	}
	var e *assessment.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is %T, want *assessment.Error", err, err)
	}
	if e.Code != assessment.EINVALID {
		t.Errorf("code = %q, want %q", e.Code, assessment.EINVALID)
	}
	return e
}

// encodeBundle writes a decoded bundle back as a portable file.
func encodeBundle(b *assessment.Bundle) ([]byte, error) {
	users := make([]*assessment.User, len(b.Users))
	for i := range b.Users {
		users[i] = &b.Users[i]
	}
	var buf bytes.Buffer
	err := portable.Encode(&buf, &b.Assessment, users, b.Responses, b.Consensus, exportedAt)
	return buf.Bytes(), err
}

func fieldList(e *assessment.Error) string {
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.String())
	}
	return strings.Join(out, "\n")
}
