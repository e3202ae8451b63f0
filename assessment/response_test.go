package assessment

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestValidateResponse(t *testing.T) {
	valid := func(id string, level Level) Response {
		return Response{IndicatorID: id, AssessorID: 2, Level: level, Target: Unscored, Confidence: ConfidenceHigh,
			Note: "seen at the airport", Sources: []string{"law", "demo"}}
	}
	tests := []struct {
		name   string
		r      Response
		prefix string
		want   []string // field paths, in order
	}{
		{"valid", valid("AAA.1.1", 2), "responses[3]", nil},
		{"valid unscored draft", valid("AAA.1.1", Unscored), "", nil},
		{"level 0 is a score", valid("AAA.1.1", 0), "", nil},
		{"level 4", valid("AAA.1.1", 4), "", nil},
		{"unknown indicator stops there", func() Response {
			r := valid("ZZZ.1.1", 9)
			r.Confidence = "Q"
			return r
		}(), "responses[3]", []string{"responses[3].indicator"}},
		{"level 5", valid("AAA.1.1", 5), "responses[3]", []string{"responses[3].level"}},
		{"level -3", valid("AAA.1.1", -3), "responses[3]", []string{"responses[3].level"}},
		{"N/A on an applicable indicator", valid("AAA.1.1", NA), "responses[0]", []string{"responses[0].level"}},
		{"N/A on an indicator outside the scope", valid("AAA.2.2", NA), "responses[0]", nil},
		{"bad confidence", func() Response { r := valid("AAA.1.1", 2); r.Confidence = "X"; return r }(), "r", []string{"r.confidence"}},
		{"lower-case confidence", func() Response { r := valid("AAA.1.1", 2); r.Confidence = "h"; return r }(), "", []string{"confidence"}},
		{"unrated confidence", func() Response { r := valid("AAA.1.1", 2); r.Confidence = ""; return r }(), "", nil},
		{"target 2", func() Response { r := valid("AAA.1.3", 2); r.Target = 2; return r }(), "", nil},
		{"target 3", func() Response { r := valid("AAA.1.3", 2); r.Target = 3; return r }(), "", nil},
		{"target 4 on weight 3", func() Response { r := valid("AAA.1.1", 2); r.Target = 4; return r }(), "", nil},
		{"target 4 on weight 2", func() Response { r := valid("AAA.1.2", 2); r.Target = 4; return r }(), "x", []string{"x.target"}},
		{"target 4 on weight 1", func() Response { r := valid("AAA.1.3", 2); r.Target = 4; return r }(), "x", []string{"x.target"}},
		{"target 1", func() Response { r := valid("AAA.1.1", 0); r.Target = 1; return r }(), "x", []string{"x.target"}},
		{"target 0", func() Response { r := valid("AAA.1.1", 0); r.Target = 0; return r }(), "x", []string{"x.target"}},
		{"target 5", func() Response { r := valid("AAA.1.1", 0); r.Target = 5; return r }(), "x", []string{"x.target"}},
		{"rights concern at 2", func() Response { r := valid("AAA.1.1", 2); r.RightsConcern = true; return r }(), "", nil},
		{"rights concern at 3", func() Response { r := valid("AAA.1.1", 3); r.RightsConcern = true; return r }(), "", []string{"level"}},
		{"rights concern at 4", func() Response { r := valid("AAA.1.1", 4); r.RightsConcern = true; return r }(), "", []string{"level"}},
		{"rights concern unscored", func() Response { r := valid("AAA.1.1", Unscored); r.RightsConcern = true; return r }(), "", nil},
		{"note too long", func() Response { r := valid("AAA.1.1", 2); r.Note = strings.Repeat("x", 20001); return r }(), "", []string{"note"}},
		{"note at the limit", func() Response { r := valid("AAA.1.1", 2); r.Note = strings.Repeat("x", 20000); return r }(), "", nil},
		{"every problem at once", Response{IndicatorID: "AAA.1.2", Level: 7, Target: 4, Confidence: "Q",
			Sources: []string{"", "ok", " \t"}, Version: -1}, "responses[5]",
			[]string{"responses[5].level", "responses[5].target", "responses[5].confidence",
				"responses[5].sources[0]", "responses[5].sources[2]", "responses[5].version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			got := ValidateResponse(testFramework(), testAssessment(), &r, tt.prefix)
			if names := fieldNames(got); !slices.Equal(names, tt.want) {
				t.Errorf("fields = %q, want %q (errors %v)", names, tt.want, got)
			}
			for _, fe := range got {
				if fe.Message == "" {
					t.Errorf("%s: empty message", fe.Field)
				}
			}
		})
	}
}

func TestValidateResponseMessages(t *testing.T) {
	f, a := testFramework(), testAssessment()
	r := Response{IndicatorID: "AAA.1.2", Level: 3, Target: 4, RightsConcern: true}
	got := ValidateResponse(f, a, &r, "")
	var msgs []string
	for _, fe := range got {
		msgs = append(msgs, fe.String())
	}
	joined := strings.Join(msgs, "\n")
	for _, want := range []string{"target: a target of 4 is only for weight-3 indicators", "level: cannot be 3", "capped at 2"} {
		if !strings.Contains(joined, want) {
			t.Errorf("messages %q do not contain %q", joined, want)
		}
	}
}

func TestLevelString(t *testing.T) {
	tests := []struct {
		l    Level
		want string
	}{
		{0, "0"}, {4, "4"}, {NA, "N/A"}, {Unscored, "–"}, {7, "–"},
	}
	for _, tt := range tests {
		if got := tt.l.String(); got != tt.want {
			t.Errorf("Level(%d).String() = %q, want %q", int(tt.l), got, tt.want)
		}
	}
}

func TestLevelMarshalJSON(t *testing.T) {
	tests := []struct {
		l    Level
		want string
	}{
		{0, `0`}, {1, `1`}, {2, `2`}, {3, `3`}, {4, `4`}, {NA, `"N/A"`}, {Unscored, `null`}, {9, `null`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.l)
		if err != nil || string(got) != tt.want {
			t.Errorf("json.Marshal(Level(%d)) = %s, %v, want %s, nil", int(tt.l), got, err, tt.want)
		}
	}
}

func TestLevelUnmarshalJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    Level
		wantErr bool
	}{
		{`0`, 0, false}, {`1`, 1, false}, {`2`, 2, false}, {`3`, 3, false}, {`4`, 4, false},
		{`"N/A"`, NA, false}, {`"NA"`, NA, false}, {`"n/a"`, NA, false},
		{`null`, Unscored, false}, {`""`, Unscored, false}, {`"2"`, 2, false},
		{`5`, 0, true}, {`-1`, 0, true}, {`2.5`, 0, true}, {`"x"`, 0, true}, {`"5"`, 0, true},
		{`true`, 0, true}, {`[]`, 0, true}, {`{}`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var v struct {
				Level Level `json:"level"`
			}
			v.Level = 1
			err := json.Unmarshal([]byte(`{"level":`+tt.in+`}`), &v)
			if tt.wantErr {
				if err == nil {
					t.Errorf("Unmarshal(%s) = %v, nil, want an error", tt.in, v.Level)
				}
				return
			}
			if err != nil || v.Level != tt.want {
				t.Errorf("Unmarshal(%s) = %v, %v, want %v, nil", tt.in, v.Level, err, tt.want)
			}
		})
	}
}

func TestLevelJSONRoundTrip(t *testing.T) {
	for _, l := range []Level{0, 1, 2, 3, 4, NA, Unscored} {
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatalf("Marshal(%v): %v", l, err)
		}
		var got Level
		if err := json.Unmarshal(b, &got); err != nil || got != l {
			t.Errorf("round trip of %v via %s = %v, %v", l, b, got, err)
		}
	}
}

func TestResponseJSON(t *testing.T) {
	var r Response
	in := `{"indicator":"AAA.1.1","assessor_id":2,"level":"N/A","target":null,"confidence":"H","sources":["law"],"rights_concern":true}`
	if err := json.Unmarshal([]byte(in), &r); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	if r.Level != NA || r.Target != Unscored || r.Confidence != ConfidenceHigh || !r.RightsConcern {
		t.Errorf("got Level %v Target %v Confidence %q RightsConcern %v, want N/A, unscored, H, true",
			r.Level, r.Target, r.Confidence, r.RightsConcern)
	}
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in      string
		want    Level
		wantErr bool
	}{
		{"0", 0, false}, {"1", 1, false}, {"2", 2, false}, {"3", 3, false}, {"4", 4, false},
		{"4 ", 4, false}, {"N/A", NA, false}, {"n/a", NA, false}, {"NA", NA, false}, {" na ", NA, false},
		{"", Unscored, false}, {"  ", Unscored, false},
		{"5", Unscored, true}, {"-1", Unscored, true}, {"10", Unscored, true}, {"x", Unscored, true},
		{"N/A/", Unscored, true}, {"2.0", Unscored, true},
	}
	for _, tt := range tests {
		got, err := ParseLevel(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseLevel(%q) = %v, %v, want %v (error %v)", tt.in, int(got), err, int(tt.want), tt.wantErr)
		}
	}
}

// TestParseLevelLeadingSpace shows that ParseLevel trims the input to
// recognise it but then converts the untrimmed first byte: " 3" becomes
// Level(' '-'0') = Level(240) with no error, and a JSON "level":" 3" stores
// 240.
func TestParseLevelLeadingSpace(t *testing.T) {

	for _, in := range []string{" 3", "\t0", " 4 "} {
		got, err := ParseLevel(in)
		want := Level(strings.TrimSpace(in)[0] - '0')
		if err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %d, %v, want %d, nil", in, int(got), err, int(want))
		}
	}
	var l Level
	if err := json.Unmarshal([]byte(`" 3"`), &l); err != nil || l != 3 {
		t.Errorf(`Unmarshal(" 3") = %d, %v, want 3, nil`, int(l), err)
	}
}

func TestLevelScored(t *testing.T) {
	tests := []struct {
		l    Level
		want bool
	}{
		{0, true}, {4, true}, {5, false}, {NA, false}, {Unscored, false},
	}
	for _, tt := range tests {
		if got := tt.l.Scored(); got != tt.want {
			t.Errorf("Level(%d).Scored() = %v, want %v", int(tt.l), got, tt.want)
		}
	}
}

func TestUserValidate(t *testing.T) {
	valid := func() User {
		return User{Name: "Ana Pereira", Email: "ana@example.org", Organisation: "UNOCT", Role: UserConsultant}
	}
	tests := []struct {
		name string
		edit func(*User)
		want []string
	}{
		{"valid consultant", func(*User) {}, nil},
		{"valid admin", func(u *User) { u.Role = UserAdmin }, nil},
		{"valid donor", func(u *User) { u.Role = UserDonor }, nil},
		{"valid ministry focal point", func(u *User) { u.Role, u.Country = UserMinistry, "XAA" }, nil},
		{"missing name", func(u *User) { u.Name = "  " }, []string{"name"}},
		{"email without @", func(u *User) { u.Email = "ana.example.org" }, []string{"email"}},
		{"email starting with @", func(u *User) { u.Email = "@example.org" }, []string{"email"}},
		{"email ending with @", func(u *User) { u.Email = "ana@" }, []string{"email"}},
		{"email with a space", func(u *User) { u.Email = "ana pereira@example.org" }, []string{"email"}},
		{"empty email", func(u *User) { u.Email = "" }, []string{"email"}},
		{"unknown role", func(u *User) { u.Role = "superuser" }, []string{"role"}},
		{"ministry without country", func(u *User) { u.Role = UserMinistry }, []string{"country"}},
		{"ministry with a bad country", func(u *User) { u.Role, u.Country = UserMinistry, "xa" }, []string{"country"}},
		{"everything at once", func(u *User) { *u = User{Email: "x", Role: "root"} }, []string{"name", "email", "role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := valid()
			tt.edit(&u)
			err := u.Validate()
			if tt.want == nil {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("ErrorCode = %q, want %q", ErrorCode(err), EINVALID)
			}
			if got := fieldNames(ErrorFields(err)); !slices.Equal(got, tt.want) {
				t.Errorf("fields = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestConfidenceValid(t *testing.T) {
	for _, c := range []Confidence{"", "H", "M", "L"} {
		if !c.Valid() {
			t.Errorf("Confidence(%q).Valid() = false, want true", c)
		}
	}
	for _, c := range []Confidence{"h", "X", "HM", " "} {
		if c.Valid() {
			t.Errorf("Confidence(%q).Valid() = true, want false", c)
		}
	}
}
