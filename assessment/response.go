package assessment

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Level is a maturity level 0–4, or one of the two markers NA (not
// applicable) and Unscored (nothing chosen yet).
type Level int

// The markers outside the 0–4 scale.
const (
	NA       Level = -1
	Unscored Level = -2
)

// DefaultTarget is the default target level of every applicable indicator.
const DefaultTarget Level = 3

// Scored reports whether l is a level on the 0–4 scale.
func (l Level) Scored() bool { return l >= MinLevel && l <= MaxLevel }

// String renders 0–4, "N/A" or "–".
func (l Level) String() string {
	switch {
	case l == NA:
		return "N/A"
	case l.Scored():
		return fmt.Sprint(int(l))
	}
	return "–"
}

// MarshalJSON writes a number, "N/A" or null.
func (l Level) MarshalJSON() ([]byte, error) {
	switch {
	case l == NA:
		return []byte(`"N/A"`), nil
	case l.Scored():
		return []byte(fmt.Sprint(int(l))), nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON accepts 0–4, "N/A" (or "NA") and null.
func (l *Level) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*l = Unscored
		return nil
	}
	var str string
	if json.Unmarshal(b, &str) == nil {
		lv, err := ParseLevel(str)
		if err != nil {
			return err
		}
		*l = lv
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil || n < MinLevel || n > MaxLevel {
		return fmt.Errorf("level %s: want 0 to 4, \"N/A\" or null", s)
	}
	*l = Level(n)
	return nil
}

// ParseLevel parses "0"–"4", "N/A", "NA" or "" (unscored).
func ParseLevel(s string) (Level, error) {
	s = strings.TrimSpace(s)
	switch strings.ToUpper(s) {
	case "":
		return Unscored, nil
	case "N/A", "NA":
		return NA, nil
	case "0", "1", "2", "3", "4":
		return Level(s[0] - '0'), nil
	}
	return Unscored, fmt.Errorf("level %q: want 0 to 4 or N/A", s)
}

// Confidence rates the evidence behind a score: H (documents and
// observation or test), M (documents or consistent interviews), L (a single
// interview or self-assessment).
type Confidence string

// The confidence ratings.
const (
	ConfidenceHigh   Confidence = "H"
	ConfidenceMedium Confidence = "M"
	ConfidenceLow    Confidence = "L"
)

// Valid reports whether c is H, M, L or empty (not rated yet).
func (c Confidence) Valid() bool {
	return c == "" || c == ConfidenceHigh || c == ConfidenceMedium || c == ConfidenceLow
}

func (c Confidence) rank() int { return strings.Index("LMH", string(c)) }

// Response is one assessor's answer to one indicator.
type Response struct {
	AssessmentID int64      `json:"assessment_id"`
	IndicatorID  string     `json:"indicator"`
	AssessorID   int64      `json:"assessor_id"`
	Level        Level      `json:"level"`
	Target       Level      `json:"target"`
	Confidence   Confidence `json:"confidence"`
	Note         string     `json:"note"`
	Sources      []string   `json:"sources"`
	// RightsConcern records credible evidence that the capacity is used in a
	// way that violates human rights; the level is then capped at 2 (B.0.3
	// rule 9).
	RightsConcern bool `json:"rights_concern"`
	// Version counts saves; a save must name the version it replaces.
	Version   int       `json:"version"`
	UpdatedBy int64     `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
}

// RightsCap is the highest level an indicator may have while a human-rights
// concern is recorded.
const RightsCap Level = 2

// ValidateResponse checks a response against the framework and the
// assessment's scope. It returns every problem at once; prefix is put in
// front of field names (for example "responses[3]").
func ValidateResponse(f *Framework, a *Assessment, r *Response, prefix string) []FieldError {
	var errs []FieldError
	field := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	add := func(name, format string, args ...any) {
		errs = append(errs, FieldError{field(name), fmt.Sprintf(format, args...)})
	}
	ind := f.Indicator(r.IndicatorID)
	if ind == nil {
		add("indicator", "unknown indicator %q in framework %s", r.IndicatorID, f.Key())
		return errs
	}
	switch {
	case r.Level == NA:
		if ind.AppliesTo(a.Scope.Modes) {
			add("level", "N/A is only for an indicator whose mode does not exist in the state; %s applies here (score 0 if the capacity is absent)", ind.ID)
		}
	case r.Level == Unscored || r.Level.Scored():
	default:
		add("level", "%d is out of range: want 0 to 4 or N/A", int(r.Level))
	}
	switch {
	case r.Target == Unscored:
	case r.Target < 2 || r.Target > MaxLevel:
		add("target", "%d is out of range: want 2 to 4", int(r.Target))
	case r.Target == MaxLevel && ind.Weight < 3:
		add("target", "a target of 4 is only for weight-3 indicators; %s has weight %d", ind.ID, ind.Weight)
	}
	if !r.Confidence.Valid() {
		add("confidence", "%q: want H, M or L", r.Confidence)
	}
	if r.RightsConcern && r.Level.Scored() && r.Level > RightsCap {
		add("level", "cannot be %d while a human-rights concern is recorded: the level is capped at 2 (record the concern in RIG too)", int(r.Level))
	}
	if len(r.Note) > 20000 {
		add("note", "is too long: %d characters, at most 20000", len(r.Note))
	}
	for i, s := range r.Sources {
		if strings.TrimSpace(s) == "" {
			add(fmt.Sprintf("sources[%d]", i), "is empty")
		}
	}
	if r.Version < 0 {
		add("version", "must not be negative")
	}
	return errs
}

// Consensus is the level the team settles on for one indicator, set by the
// lead assessor.
type Consensus struct {
	AssessmentID int64     `json:"assessment_id"`
	IndicatorID  string    `json:"indicator"`
	Level        Level     `json:"level"`
	Target       Level     `json:"target"`
	Comment      string    `json:"comment"`
	Version      int       `json:"version"`
	SetBy        int64     `json:"set_by"`
	SetAt        time.Time `json:"set_at"`
}

// User is a person who uses bordergap.
type User struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Organisation string    `json:"organisation"`
	Role         UserRole  `json:"role"`
	Country      string    `json:"country,omitempty"` // for ministry focal points
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// UserRole is a person's global role; roles within an assessment come from
// team membership.
type UserRole string

// The global roles.
const (
	UserAdmin      UserRole = "admin"
	UserConsultant UserRole = "consultant" // assessors, leads and reviewers
	UserMinistry   UserRole = "ministry"   // national focal point, scoped to Country
	UserDonor      UserRole = "donor"
)

// Valid reports whether r is a known global role.
func (r UserRole) Valid() bool {
	return r == UserAdmin || r == UserConsultant || r == UserMinistry || r == UserDonor
}

// Validate checks a user record.
func (u *User) Validate() error {
	var errs []FieldError
	if strings.TrimSpace(u.Name) == "" {
		errs = append(errs, FieldError{"name", "is required"})
	}
	if at := strings.IndexByte(u.Email, '@'); at < 1 || at == len(u.Email)-1 || strings.ContainsAny(u.Email, " \t\r\n") {
		errs = append(errs, FieldError{"email", fmt.Sprintf("%q is not an e-mail address", u.Email)})
	}
	if !u.Role.Valid() {
		errs = append(errs, FieldError{"role", fmt.Sprintf("%q: want admin, consultant, ministry or donor", u.Role)})
	}
	if u.Role == UserMinistry && !IsAlpha3(u.Country) {
		errs = append(errs, FieldError{"country", "a ministry focal point needs the alpha-3 code of their country"})
	}
	if len(errs) > 0 {
		return Invalid("invalid user", errs...)
	}
	return nil
}

// AuditEntry records one change: who, when, what, old → new.
type AuditEntry struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"at"`
	ActorID      int64     `json:"actor_id"`
	ActorName    string    `json:"actor_name,omitempty"`
	AssessmentID int64     `json:"assessment_id,omitempty"`
	Entity       string    `json:"entity"` // assessment, response, consensus, user, framework
	Key          string    `json:"key"`    // e.g. "GOV.1.1/assessor 3"
	Action       string    `json:"action"` // create, update, delete, status, import
	Old          string    `json:"old,omitempty"`
	New          string    `json:"new,omitempty"`
}
