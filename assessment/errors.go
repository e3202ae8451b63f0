// Package assessment is the domain of bordergap: the vocabulary (framework,
// pillar, indicator, assessment, response, consensus, gap), the pure scoring
// and priority rules, the error type and the interfaces that storage must
// satisfy.
//
// The package performs no I/O, reads no clock, logs nothing and imports only
// the standard library. Everything here is deterministic so that it can be
// tested without a database or a server.
package assessment

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. They are few on purpose: each surface (CLI, HTML, JSON) maps
// them to its own vocabulary (exit status, HTTP status) in one place.
const (
	EINVALID   = "invalid"   // the input breaks a rule; the message says which
	ENOTFOUND  = "not_found" // the thing asked for does not exist (or is hidden)
	ECONFLICT  = "conflict"  // the thing changed since the caller read it
	EFORBIDDEN = "forbidden" // the caller may not do this
	EINTERNAL  = "internal"  // a bug or an outage; the message is generic
)

// FieldError names one invalid field by its path (a JSON path, a form field
// or a file location) and says what was expected.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (f FieldError) String() string {
	if f.Field == "" {
		return f.Message
	}
	return f.Field + ": " + f.Message
}

// Error is the one error type of bordergap. Message is safe to show to users;
// Err, when set, holds the underlying cause for logs only.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Message)
	for i, f := range e.Fields {
		if i == 0 && e.Message != "" {
			b.WriteString(": ")
		} else if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	if e.Err != nil && e.Code == EINTERNAL {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error listing every field error at once.
func Invalid(message string, fields ...FieldError) *Error {
	return &Error{Code: EINVALID, Message: message, Fields: fields}
}

// Internal wraps a cause that users must not see.
func Internal(err error) *Error {
	return &Error{Code: EINTERNAL, Message: "internal error", Err: err}
}

// ErrorCode returns the code of err, EINTERNAL for any other non-nil error and
// "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Error()
	}
	return "internal error"
}

// ErrorFields returns the field errors carried by err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
