package portable_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bordergap/assessment"
)

// problem is one expected error: its field path ("" for errors about the
// whole file) and a fragment of its message.
type problem struct{ field, message string }

// TestDecodeInvalid reads every file of testdata/invalid. Each must be
// refused with an EINVALID error that lists every problem of the file at
// once, each with its JSON path, and nothing else.
func TestDecodeInvalid(t *testing.T) {
	tests := map[string][]problem{
		"unknown-indicator.json":        {{`responses[2].indicator`, `unknown indicator "ZZZ.9.9"`}},
		"level-out-of-range.json":       {{`responses[1].level`, `7: want 0 to 4`}},
		"level-fraction.json":           {{`responses[1].level`, `2.5: want 0 to 4`}},
		"level-word.json":               {{`responses[1].level`, `high: want 0 to 4`}},
		"target-5.json":                 {{`responses[0].target`, `5: want 2 to 4`}},
		"target-na.json":                {{`responses[0].target`, `N/A: want 2 to 4`}},
		"target-4-weight-2.json":        {{`responses[2].target`, `a target of 4 is only for weight-3 indicators; GOV.1.2 has weight 2`}},
		"framework-not-installed.json":  {{`framework`, `framework ibm-default version 9.9.9 is not installed`}},
		"framework-unknown.json":        {{`framework`, `framework xaa-private version 0.1.0 is not installed`}},
		"duplicate-responses.json":      {{`responses[4]`, `duplicate response: responses[1]`}},
		"duplicate-responses-case.json": {{`responses[4]`, `duplicate response: responses[2]`}},
		"assessor-not-in-people.json":   {{`responses[2].assessor`, `"zoe.nobody@example.org" is not listed under people`}},
		"assessor-is-reviewer.json":     {{`responses[2].assessor`, `dara.reviewer@example.org is not an assessor`}},
		"updated-by-not-in-people.json": {{`responses[0].updated_by`, `"zoe.nobody@example.org" is not listed under people`}},
		"unknown-field.json":            {{"comment", `unknown field; want one of: format,`}},
		"unknown-response-field.json":   {{"responses[0].score", `unknown field; want one of: indicator,`}},
		"wrong-format.json":             {{`format`, `"bordergap-plan": want "bordergap-assessment"`}, {`format_version`, `2: this bordergap reads version 1`}},
		"wrong-format-version.json":     {{`format_version`, `3: this bordergap reads version 1`}},
		"format-version-string.json":    {{`format_version`, `want a whole number, got the text "1"`}},
		"not-an-object.json":            {{"", `want an object, got a list`}},
		"na-applicable.json":            {{`responses[2].level`, `N/A is only for an indicator whose mode does not exist in the state; GOV.1.2 applies here`}},
		"version-zero.json":             {{`responses[3].version`, `0: want 1 or more`}},
		"team-unknown-person.json": { // Ben is no longer on the team, so neither are his responses
			{`team[1].person`, `"zoe.nobody@example.org" is not listed under people`},
			{`responses[1].assessor`, `ben.assessor@example.org is not an assessor on the team`},
			{`responses[2].assessor`, `ben.assessor@example.org is not an assessor on the team`},
			{`responses[3].assessor`, `ben.assessor@example.org is not an assessor on the team`},
		},
		"people-duplicate.json": {{`people[3].email`, `ADA.LEAD@example.org appears twice`}},
		"people-invalid.json":   {{`people[3].name`, `is required`}, {`people[3].email`, `"no-at-sign" is not an e-mail address`}, {`people[3].role`, `"emperor"`}},
		"two-leads.json":        {{`team`, `exactly one lead assessor is required, found 2`}},
		"bad-state.json":        {{`assessment.state`, `"Yonderland" is not an ISO 3166-1 alpha-3 code`}, {`assessment.round`, `0: want 1 or more`}},
		"consensus-invalid.json": {
			{`consensus[1].level`, `6: want 0 to 4`},
			{`consensus[1].target`, `1 is out of range`},
			{`consensus[1].set_by`, `"zoe.nobody@example.org" is not listed under people`},
			{`consensus[1]`, `duplicate consensus: consensus[0]`},
		},
		"several.json": {
			{`assessment.state`, `"xab" is not an ISO 3166-1 alpha-3 code`},
			{`responses[0].indicator`, `unknown indicator "ZZZ.9.9"`},
			{`responses[1].level`, `9: want 0 to 4`},
			{`responses[2].target`, `5: want 2 to 4`},
			{`responses[3].assessor`, `"zoe.nobody@example.org" is not listed under people`},
			{`responses[4]`, `duplicate response: responses[1]`},
			{`responses[5].level`, `N/A is only for an indicator whose mode does not exist`},
			{`responses[6].assessor`, `dara.reviewer@example.org is not an assessor`},
		},
		"syntax-error.json":  {{"", `JSON syntax error at line 13, column `}},
		"truncated.json":     {{"", `the JSON document is cut short`}},
		"empty.json":         {{"", `the file is empty`}},
		"blank.json":         {{"", `the file is empty`}},
		"trailing-data.json": {{"", `unexpected data after the JSON document`}},
	}

	files, err := filepath.Glob("testdata/invalid/*.json")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, path := range files {
		name := filepath.Base(path)
		seen[name] = true
		want, ok := tests[name]
		if !ok {
			t.Errorf("%s has no expected errors in this table", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			e := decodeErr(t, readFile(t, path))
			if len(e.Fields) != len(want) {
				t.Errorf("%d errors, want %d:\n%s", len(e.Fields), len(want), fieldList(e))
			}
			for _, w := range want {
				if !slices.ContainsFunc(e.Fields, func(f assessment.FieldError) bool {
					return f.Field == w.field && strings.Contains(f.Message, w.message)
				}) {
					t.Errorf("no error %q: %q; got\n%s", w.field, w.message, fieldList(e))
				}
			}
			for _, f := range e.Fields {
				if f.Message == "" {
					t.Errorf("field %q has no message", f.Field)
				}
			}
			if e.Message == "" || !strings.HasPrefix(e.Error(), e.Message) {
				t.Errorf("Error() = %q, Message = %q", e.Error(), e.Message)
			}
		})
	}
	for name := range tests {
		if !seen[name] {
			t.Errorf("testdata/invalid/%s is missing", name)
		}
	}
}
