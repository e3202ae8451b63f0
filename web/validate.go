package web

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"bordergap/assessment"

	"github.com/go-playground/validator/v10"
)

// validate checks request structs (forms and API bodies) with `validate`
// tags. Field names in messages are the form or JSON names: the `form` tag,
// else the `json` tag.
var validate = func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		for _, tag := range []string{"form", "json"} {
			if name := strings.Split(f.Tag.Get(tag), ",")[0]; name != "" && name != "-" {
				return name
			}
		}
		return f.Name
	})
	_ = v.RegisterValidation("alpha3", func(fl validator.FieldLevel) bool { return assessment.IsAlpha3(fl.Field().String()) })
	_ = v.RegisterValidation("level", func(fl validator.FieldLevel) bool {
		_, err := assessment.ParseLevel(fl.Field().String())
		return err == nil
	})
	return v
}()

// messageFor turns one validation failure into words a person understands.
func messageFor(fe validator.FieldError) string {
	p := fe.Param()
	switch fe.Tag() {
	case "required", "required_with", "required_without":
		return "This field is required."
	case "email":
		return "Enter an e-mail address such as name@example.org."
	case "alpha3":
		return "Enter the three-letter ISO 3166-1 code of the state, in capitals (for example XAA)."
	case "level":
		return "Choose a level from 0 to 4, or N/A."
	case "min":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("Enter at least %s characters.", p)
		}
		if fe.Kind() == reflect.Slice {
			return fmt.Sprintf("Choose at least %s.", p)
		}
		return fmt.Sprintf("Enter %s or more.", p)
	case "max":
		if fe.Kind() == reflect.String {
			return fmt.Sprintf("Enter at most %s characters.", p)
		}
		if fe.Kind() == reflect.Slice {
			return fmt.Sprintf("Choose at most %s.", p)
		}
		return fmt.Sprintf("Enter %s or less.", p)
	case "gte":
		return fmt.Sprintf("Enter %s or more.", p)
	case "lte":
		return fmt.Sprintf("Enter %s or less.", p)
	case "oneof":
		return "Choose one of: " + strings.ReplaceAll(p, " ", ", ") + "."
	case "len":
		return fmt.Sprintf("Enter exactly %s characters.", p)
	case "dive":
		return "One of the values is not valid."
	}
	return "This value is not valid."
}

// fieldPath is the namespace of a failure without the struct name:
// "team[0].email".
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if i := strings.IndexByte(ns, '.'); i >= 0 {
		return ns[i+1:]
	}
	return ns
}

// checkStruct validates v and returns every failure as domain field errors
// (nil when valid).
func checkStruct(v any) []assessment.FieldError {
	err := validate.Struct(v)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return []assessment.FieldError{{Message: err.Error()}}
	}
	out := make([]assessment.FieldError, len(ves))
	for i, fe := range ves {
		out[i] = assessment.FieldError{Field: fieldPath(fe), Message: messageFor(fe)}
	}
	return out
}

// errorMap turns field errors into the map a form template shows beside
// each field (first message per field).
func errorMap(errs []assessment.FieldError) map[string]string {
	if len(errs) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, e := range errs {
		if _, ok := m[e.Field]; !ok {
			m[e.Field] = e.Message
		}
	}
	return m
}
