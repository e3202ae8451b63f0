package portable_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"bordergap/assessment/portable"
)

// The tests of this file describe known bugs of Decode. Each is skipped;
// remove the t.Skip when the bug is fixed.

// baseFile returns testdata/valid.json as a File to edit.
func baseFile(t *testing.T) *portable.File {
	t.Helper()
	var f portable.File
	if err := json.Unmarshal(readFile(t, "testdata/valid.json"), &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

func marshal(t *testing.T, f *portable.File) []byte {
	t.Helper()
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// json.SyntaxError.Offset counts the bytes read including the offending
// one; position() treats it as the offset of that byte, so the column is
// one too far to the right.
func TestDecodeSyntaxErrorColumn(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`{"format" 1}`, "line 1, column 11"},
		{"{\n  \"format\": \"bordergap-assessment\"\n  \"format_version\": 1\n}", "line 3, column 3"},
		{string(readFile(t, "testdata/invalid/syntax-error.json")), "line 13, column 5"},
	}
	for _, tt := range tests {
		e := decodeErr(t, []byte(tt.doc))
		if !strings.Contains(e.Error(), tt.want) {
			t.Errorf("%q: error %q, want %q", tt.doc[:min(len(tt.doc), 20)], e.Error(), tt.want)
		}
	}
}

// Decode checks for data after the document with Decoder.More, which is
// false before a closing bracket or brace: a file followed by "]" or "}" is
// accepted.
func TestDecodeTrailingBracket(t *testing.T) {
	valid := readFile(t, "testdata/valid.json")
	for _, tail := range []string{"]", "}", "\n}\n", "]]"} {
		e := decodeErr(t, append(bytes.Clone(valid), tail...))
		if !strings.Contains(e.Error(), "unexpected data after the JSON document") {
			t.Errorf("tail %q: %v", tail, e)
		}
	}
}

// People are looked up by trimmed, lower-cased e-mail, but the duplicate
// check keys responses on the lower-cased e-mail without trimming: two
// responses of one assessor to one indicator pass when one address has a
// stray space, and on import the second silently replaces the first.
func TestDecodeDuplicateResponsesWithSpace(t *testing.T) {
	f := baseFile(t)
	dup := f.Responses[1]
	dup.Assessor = " " + dup.Assessor + " "
	dup.Level = 0.0
	f.Responses = append(f.Responses, dup)
	e := decodeErr(t, marshal(t, f))
	if !strings.Contains(e.Error(), "duplicate response") {
		t.Errorf("error %v does not report the duplicate", e)
	}
}

// The package promises JSON paths like responses[12].level, but errors
// found by encoding/json while decoding lose them: an unknown field inside
// a response is reported as `unknown field "score"` with no path, and a
// type error as "responses.version" without the index.
func TestDecodeStructureErrorPaths(t *testing.T) {
	valid := string(readFile(t, "testdata/valid.json"))
	tests := []struct{ doc, field string }{
		{string(readFile(t, "testdata/invalid/unknown-response-field.json")), "responses[0].score"},
		{strings.Replace(valid, `"version": 1,`+"\n      \"updated_by\": \"ada.lead@example.org\",\n      \"updated_at\": \"2026-02-18T12", `"version": "1",`+"\n      \"updated_by\": \"ada.lead@example.org\",\n      \"updated_at\": \"2026-02-18T12", 1), "responses[2].version"},
	}
	for _, tt := range tests {
		e := decodeErr(t, []byte(tt.doc))
		if len(e.Fields) != 1 || e.Fields[0].Field != tt.field {
			t.Errorf("fields = %+v, want one at %s", e.Fields, tt.field)
		}
	}
}
