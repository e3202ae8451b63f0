package assessment

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
)

func TestErrorHelpers(t *testing.T) {
	invalid := Invalid("invalid response", FieldError{"level", "want 0 to 4"}, FieldError{"target", "want 2 to 4"})
	notFound := Errorf(ENOTFOUND, "assessment %d not found", 42)
	internal := Internal(io.ErrUnexpectedEOF)
	tests := []struct {
		name    string
		err     error
		code    string
		message string
		fields  []string
	}{
		{"nil", nil, "", "", nil},
		{"invalid", invalid, EINVALID, "invalid response: level: want 0 to 4; target: want 2 to 4", []string{"level", "target"}},
		{"wrapped invalid", fmt.Errorf("saving: %w", invalid), EINVALID, "invalid response: level: want 0 to 4; target: want 2 to 4", []string{"level", "target"}},
		{"not found", notFound, ENOTFOUND, "assessment 42 not found", nil},
		{"twice wrapped not found", fmt.Errorf("b: %w", fmt.Errorf("a: %w", notFound)), ENOTFOUND, "assessment 42 not found", nil},
		{"conflict", Errorf(ECONFLICT, "changed by someone else"), ECONFLICT, "changed by someone else", nil},
		{"forbidden", Errorf(EFORBIDDEN, "not on the team"), EFORBIDDEN, "not on the team", nil},
		{"internal hides its cause", internal, EINTERNAL, "internal error", nil},
		{"wrapped internal", fmt.Errorf("x: %w", internal), EINTERNAL, "internal error", nil},
		{"plain error", errors.New("disk on fire"), EINTERNAL, "internal error", nil},
		{"plain wrapped error", fmt.Errorf("open: %w", io.EOF), EINTERNAL, "internal error", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.message)
			}
			if got := fieldNames(ErrorFields(tt.err)); !slices.Equal(got, tt.fields) {
				t.Errorf("ErrorFields = %q, want %q", got, tt.fields)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"message only", &Error{Code: EINVALID, Message: "bad"}, "bad"},
		{"fields only", &Error{Code: EINVALID, Fields: []FieldError{{"a", "x"}, {"b", "y"}}}, "a: x; b: y"},
		{"field without a name", &Error{Code: EINVALID, Message: "bad", Fields: []FieldError{{"", "whole record"}}}, "bad: whole record"},
		{"internal shows its cause in logs", Internal(errors.New("sqlite: busy")), "internal error: sqlite: busy"},
		{"non-internal does not show its cause", &Error{Code: ECONFLICT, Message: "changed", Err: errors.New("rowcount 0")}, "changed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorUnwrap(t *testing.T) {
	cause := errors.New("sqlite: busy")
	err := fmt.Errorf("find: %w", Internal(cause))
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is(%v, cause) = false, want true", err)
	}
	if got := Invalid("x").Unwrap(); got != nil {
		t.Errorf("Invalid(...).Unwrap() = %v, want nil", got)
	}
}
