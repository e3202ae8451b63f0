package frameworks_test

import (
	"fmt"

	"bordergap/assessment"
	"bordergap/frameworks"
)

// Load reports every problem of a file at once, each with the file name,
// the line and the path of the field.
func ExampleLoad() {
	data := []byte(`id: tiny
version: 0.1.0
title: Tiny framework
colour: blue
pillars: GOV
`)
	_, err := frameworks.Load("tiny.yaml", data)
	fmt.Println(assessment.ErrorCode(err))
	for _, f := range assessment.ErrorFields(err) {
		fmt.Println(f.Field)
		fmt.Println("   ", f.Message)
	}
	// Output:
	// invalid
	// tiny.yaml:4: colour
	//     unknown field "colour"; want one of: id, version, title, language, description, scale, roles, instruments, costs, strategy, risks, dependencies, pillars
	// tiny.yaml:5: pillars
	//     want a list, got "GOV"
}
