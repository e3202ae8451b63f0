// Package portable reads and writes the portable assessment file: one
// assessment with its framework reference, country profile, team, every
// response and the consensus, as versioned JSON (see README.md, "Portable
// assessment file"). It is pure: it imports the domain and the standard
// library only, and does no I/O beyond the reader or writer it is given.
//
// Decoding validates everything before anything is returned, and reports
// every problem at once with its JSON path (responses[12].level).
package portable

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"bordergap/assessment"
)

// Format and Version identify the file format.
const (
	Format  = "bordergap-assessment"
	Version = 1
)

// MaxSize bounds a portable file (a full assessment is ~200 KB).
const MaxSize = 32 << 20

// File is the JSON document.
type File struct {
	Format        string         `json:"format"`
	FormatVersion int            `json:"format_version"`
	ExportedAt    time.Time      `json:"exported_at"`
	Framework     FrameworkRef   `json:"framework"`
	Assessment    AssessmentPart `json:"assessment"`
	People        []Person       `json:"people"`
	Team          []TeamMember   `json:"team"`
	Responses     []Response     `json:"responses"`
	Consensus     []Consensus    `json:"consensus"`
}

// FrameworkRef pins the framework id and version.
type FrameworkRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// AssessmentPart holds the assessment's own fields.
type AssessmentPart struct {
	State     string             `json:"state"`
	StateName string             `json:"state_name"`
	Title     string             `json:"title"`
	Status    assessment.Status  `json:"status"`
	Round     int                `json:"round"`
	StartedOn string             `json:"started_on,omitempty"`
	Scope     assessment.Scope   `json:"scope"`
	Profile   assessment.Profile `json:"profile"`
	CreatedAt time.Time          `json:"created_at"`
	UpdatedAt time.Time          `json:"updated_at"`
}

// Person is someone the file refers to, by e-mail address.
type Person struct {
	Name         string              `json:"name"`
	Email        string              `json:"email"`
	Organisation string              `json:"organisation,omitempty"`
	Role         assessment.UserRole `json:"role"`
	Country      string              `json:"country,omitempty"`
}

// TeamMember puts a person on the team.
type TeamMember struct {
	Person string              `json:"person"` // e-mail
	Role   assessment.TeamRole `json:"role"`
}

// Response is one assessor's answer. Level and Target are 0–4, "N/A" or
// null; they are parsed during validation so that a bad value is reported
// with its path.
type Response struct {
	Indicator     string                `json:"indicator"`
	Assessor      string                `json:"assessor"` // e-mail
	Level         any                   `json:"level"`
	Target        any                   `json:"target"`
	Confidence    assessment.Confidence `json:"confidence,omitempty"`
	Note          string                `json:"note,omitempty"`
	Sources       []string              `json:"sources,omitempty"`
	RightsConcern bool                  `json:"rights_concern,omitempty"`
	Version       int                   `json:"version"`
	UpdatedBy     string                `json:"updated_by"` // e-mail
	UpdatedAt     time.Time             `json:"updated_at"`
}

// Consensus is the team's level for one indicator.
type Consensus struct {
	Indicator string    `json:"indicator"`
	Level     any       `json:"level"`
	Target    any       `json:"target"`
	Comment   string    `json:"comment,omitempty"`
	Version   int       `json:"version"`
	SetBy     string    `json:"set_by"` // e-mail
	SetAt     time.Time `json:"set_at"`
}

func levelValue(l assessment.Level) any {
	switch {
	case l == assessment.NA:
		return "N/A"
	case l.Scored():
		return int(l)
	}
	return nil
}

// Encode writes one assessment as a portable file. users must include every
// team member and every user the responses and consensus name.
func Encode(w io.Writer, a *assessment.Assessment, users []*assessment.User, rs []assessment.Response, cs []assessment.Consensus, exportedAt time.Time) error {
	byID := map[int64]*assessment.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	email := func(id int64) (string, error) {
		u, ok := byID[id]
		if !ok {
			return "", assessment.Internal(fmt.Errorf("portable: user %d missing from export", id))
		}
		return u.Email, nil
	}
	f := File{
		Format: Format, FormatVersion: Version, ExportedAt: exportedAt.UTC(),
		Framework: FrameworkRef{a.FrameworkID, a.FrameworkVersion},
		Assessment: AssessmentPart{State: a.State, StateName: a.StateName, Title: a.Title, Status: a.Status, Round: a.Round,
			StartedOn: a.StartedOn, Scope: a.Scope, Profile: a.Profile, CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()},
		People: []Person{}, Team: []TeamMember{}, Responses: []Response{}, Consensus: []Consensus{},
	}
	used := map[int64]bool{}
	var order []int64
	use := func(id int64) (string, error) {
		e, err := email(id)
		if err == nil && !used[id] {
			used[id] = true
			order = append(order, id)
		}
		return e, err
	}
	for _, m := range a.Team {
		e, err := use(m.UserID)
		if err != nil {
			return err
		}
		f.Team = append(f.Team, TeamMember{Person: e, Role: m.Role})
	}
	for _, r := range rs {
		ae, err := use(r.AssessorID)
		if err != nil {
			return err
		}
		ue, err := use(r.UpdatedBy)
		if err != nil {
			return err
		}
		f.Responses = append(f.Responses, Response{Indicator: r.IndicatorID, Assessor: ae, Level: levelValue(r.Level),
			Target: levelValue(r.Target), Confidence: r.Confidence, Note: r.Note, Sources: r.Sources,
			RightsConcern: r.RightsConcern, Version: r.Version, UpdatedBy: ue, UpdatedAt: r.UpdatedAt.UTC()})
	}
	for _, c := range cs {
		se, err := use(c.SetBy)
		if err != nil {
			return err
		}
		f.Consensus = append(f.Consensus, Consensus{Indicator: c.IndicatorID, Level: levelValue(c.Level), Target: levelValue(c.Target),
			Comment: c.Comment, Version: c.Version, SetBy: se, SetAt: c.SetAt.UTC()})
	}
	for _, id := range order {
		u := byID[id]
		f.People = append(f.People, Person{Name: u.Name, Email: u.Email, Organisation: u.Organisation, Role: u.Role, Country: u.Country})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(f)
}

// Decode reads a portable file, checks it against the installed frameworks
// and returns the bundle to import. Nothing is returned unless the whole file
// is valid; the error lists every problem with its JSON path.
func Decode(r io.Reader, frameworks assessment.FrameworkResolver) (*assessment.Bundle, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, assessment.Errorf(assessment.EINVALID, "cannot read the portable file: %v", err)
	}
	if len(data) > MaxSize {
		return nil, assessment.Errorf(assessment.EINVALID, "portable file too large (more than %d bytes)", MaxSize)
	}
	// First the syntax and the shape, with every problem and its path...
	var raw any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, jsonError(data, err)
	}
	if rest := bytes.TrimSpace(data[dec.InputOffset():]); len(rest) > 0 {
		line, col := position(data, dec.InputOffset()+int64(len(data[dec.InputOffset():])-len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"))))
		return nil, assessment.Invalid("not a valid portable assessment file",
			assessment.FieldError{Message: fmt.Sprintf("unexpected data after the JSON document at line %d, column %d", line, col)})
	}
	var errs []assessment.FieldError
	checkShape(raw, reflect.TypeOf(File{}), "", &errs)
	if len(errs) > 0 {
		return nil, assessment.Invalid("not a valid portable assessment file", errs...)
	}
	// ...then the typed decode, which the shape check has made safe.
	var f File
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(&f); err != nil {
		return nil, jsonError(data, err)
	}
	return f.bundle(frameworks)
}

func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	fe := assessment.FieldError{Message: err.Error()}
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset)
		fe.Message = fmt.Sprintf("JSON syntax error at line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		fe.Field = typ.Field
		fe.Message = fmt.Sprintf("want %s, got a JSON %s", typ.Type, typ.Value)
	case errors.Is(err, io.EOF):
		fe.Message = "the file is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		fe.Message = "the JSON document is cut short"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		fe.Message = strings.TrimPrefix(err.Error(), "json: ")
	}
	return assessment.Invalid("not a valid portable assessment file", fe)
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	// offset counts the bytes read, the offending one included.
	col = int(offset) - bytes.LastIndexByte(before, '\n') - 1
	return line, max(col, 1)
}

func parseLevel(v any) (assessment.Level, bool) {
	switch x := v.(type) {
	case nil:
		return assessment.Unscored, true
	case float64:
		if x == float64(int(x)) && x >= assessment.MinLevel && x <= assessment.MaxLevel {
			return assessment.Level(int(x)), true
		}
	case string:
		if l, err := assessment.ParseLevel(x); err == nil && x != "" {
			return l, true
		}
	}
	return assessment.Unscored, false
}

func (f *File) bundle(frameworks assessment.FrameworkResolver) (*assessment.Bundle, error) {
	var errs []assessment.FieldError
	add := func(field, format string, args ...any) {
		errs = append(errs, assessment.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if f.Format != Format {
		add("format", "%q: want %q", f.Format, Format)
	}
	if f.FormatVersion != Version {
		add("format_version", "%d: this bordergap reads version %d", f.FormatVersion, Version)
	}
	if len(errs) > 0 {
		return nil, assessment.Invalid("not a portable assessment file", errs...)
	}
	fw, err := frameworks.Framework(f.Framework.ID, f.Framework.Version)
	if err != nil {
		add("framework", "%s", assessment.ErrorMessage(err))
		return nil, assessment.Invalid("the portable file cannot be imported", errs...)
	}

	b := &assessment.Bundle{}
	ids := map[string]int64{}
	for i, p := range f.People {
		path := fmt.Sprintf("people[%d]", i)
		key := strings.ToLower(strings.TrimSpace(p.Email))
		if _, dup := ids[key]; dup {
			add(path+".email", "%s appears twice", p.Email)
			continue
		}
		u := assessment.User{ID: int64(i + 1), Name: p.Name, Email: strings.TrimSpace(p.Email), Organisation: p.Organisation, Role: p.Role, Country: p.Country}
		for _, fe := range assessment.ErrorFields(u.Validate()) {
			add(path+"."+fe.Field, "%s", fe.Message)
		}
		ids[key] = u.ID
		b.Users = append(b.Users, u)
	}
	person := func(email, path string) int64 {
		id, ok := ids[strings.ToLower(strings.TrimSpace(email))]
		if !ok {
			add(path, "%q is not listed under people", email)
		}
		return id
	}

	ap := f.Assessment
	a := assessment.Assessment{State: ap.State, StateName: ap.StateName, Title: ap.Title, FrameworkID: fw.ID,
		FrameworkVersion: fw.Version, Status: ap.Status, Scope: ap.Scope, Profile: ap.Profile, Round: ap.Round,
		StartedOn: ap.StartedOn, CreatedAt: ap.CreatedAt, UpdatedAt: ap.UpdatedAt}
	if a.Round < 1 {
		add("assessment.round", "%d: want 1 or more", a.Round)
	}
	for i, m := range f.Team {
		a.Team = append(a.Team, assessment.Member{UserID: person(m.Person, fmt.Sprintf("team[%d].person", i)), Role: m.Role})
	}
	for _, fe := range assessment.ErrorFields(a.Validate(fw)) {
		field := fe.Field
		if !strings.HasPrefix(field, "team") {
			field = "assessment." + field
		}
		add(field, "%s", fe.Message)
	}
	b.Assessment = a

	seen := map[string]int{}
	for i, pr := range f.Responses {
		path := fmt.Sprintf("responses[%d]", i)
		r := assessment.Response{IndicatorID: pr.Indicator, Confidence: pr.Confidence, Note: pr.Note, Sources: pr.Sources,
			RightsConcern: pr.RightsConcern, Version: pr.Version, UpdatedAt: pr.UpdatedAt}
		var ok bool
		if r.Level, ok = parseLevel(pr.Level); !ok {
			add(path+".level", "%v: want 0 to 4, \"N/A\" or null", pr.Level)
		}
		if r.Target, ok = parseLevel(pr.Target); !ok || r.Target == assessment.NA {
			add(path+".target", "%v: want 2 to 4 or null", pr.Target)
			r.Target = assessment.Unscored
		}
		r.AssessorID = person(pr.Assessor, path+".assessor")
		r.UpdatedBy = person(pr.UpdatedBy, path+".updated_by")
		if pr.Version < 1 {
			add(path+".version", "%d: want 1 or more", pr.Version)
		}
		if role := a.MemberRole(r.AssessorID); r.AssessorID != 0 && !role.Scores() {
			add(path+".assessor", "%s is not an assessor on the team", pr.Assessor)
		}
		key := pr.Indicator + "\x00" + strings.ToLower(strings.TrimSpace(pr.Assessor))
		if j, dup := seen[key]; dup {
			add(path, "duplicate response: responses[%d] has the same indicator and assessor", j)
		}
		seen[key] = i
		if r.Level != assessment.Unscored || pr.Level == nil {
			errs = append(errs, assessment.ValidateResponse(fw, &a, &r, path)...)
		}
		b.Responses = append(b.Responses, r)
	}
	seenC := map[string]int{}
	for i, pc := range f.Consensus {
		path := fmt.Sprintf("consensus[%d]", i)
		c := assessment.Consensus{IndicatorID: pc.Indicator, Comment: pc.Comment, Version: pc.Version, SetAt: pc.SetAt}
		var ok bool
		if c.Level, ok = parseLevel(pc.Level); !ok {
			add(path+".level", "%v: want 0 to 4, \"N/A\" or null", pc.Level)
		}
		if c.Target, ok = parseLevel(pc.Target); !ok || c.Target == assessment.NA {
			add(path+".target", "%v: want 2 to 4 or null", pc.Target)
			c.Target = assessment.Unscored
		}
		c.SetBy = person(pc.SetBy, path+".set_by")
		if j, dup := seenC[pc.Indicator]; dup {
			add(path, "duplicate consensus: consensus[%d] has the same indicator", j)
		}
		seenC[pc.Indicator] = i
		probe := assessment.Response{IndicatorID: c.IndicatorID, Level: c.Level, Target: c.Target}
		errs = append(errs, assessment.ValidateResponse(fw, &a, &probe, path)...)
		b.Consensus = append(b.Consensus, c)
	}
	if len(errs) > 0 {
		return nil, assessment.Invalid("the portable file cannot be imported", errs...)
	}
	return b, nil
}
