package assessment

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestCostRangeUnmarshalText(t *testing.T) {
	tests := []struct {
		in      string
		want    CostRange
		wantErr bool
	}{
		{"S", CostRange{CostS, CostS}, false},
		{"M", CostRange{CostM, CostM}, false},
		{"L", CostRange{CostL, CostL}, false},
		{"S–M", CostRange{CostS, CostM}, false},
		{"S-M", CostRange{CostS, CostM}, false},
		{"M–L", CostRange{CostM, CostL}, false},
		{"M—L", CostRange{CostM, CostL}, false},
		{" s – m ", CostRange{CostS, CostM}, false},
		{"", CostRange{}, true},
		{"  ", CostRange{}, true},
		{"–", CostRange{}, true},
		{"X", CostRange{}, true},
		{"SM", CostRange{}, true},
		{"XL", CostRange{}, true},
		{"M–S", CostRange{}, true},
		{"L-S", CostRange{}, true},
		{"S–M–L", CostRange{}, true},
		{"S– –M", CostRange{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := CostRange{CostL, CostL}
			err := got.UnmarshalText([]byte(tt.in))
			if tt.wantErr {
				if err == nil {
					t.Errorf("UnmarshalText(%q) = %v, nil, want an error", tt.in, got)
				}
				if got != (CostRange{CostL, CostL}) {
					t.Errorf("UnmarshalText(%q) changed the value to %v on error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("UnmarshalText(%q) = %v, %v, want %v, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestCostRangeString(t *testing.T) {
	tests := []struct {
		r    CostRange
		want string
	}{
		{CostRange{CostS, CostS}, "S"},
		{CostRange{CostL, CostL}, "L"},
		{CostRange{CostS, CostM}, "S–M"},
		{CostRange{CostM, CostL}, "M–L"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.r, got, tt.want)
		}
		b, err := tt.r.MarshalText()
		if err != nil || string(b) != tt.want {
			t.Errorf("%#v.MarshalText() = %q, %v, want %q, nil", tt.r, b, err, tt.want)
		}
		var back CostRange
		if err := back.UnmarshalText(b); err != nil || back != tt.r {
			t.Errorf("round trip of %q = %v, %v, want %v", b, back, err, tt.r)
		}
	}
}

func TestCostRangeJSON(t *testing.T) {
	a := Action{ID: "A1", Cost: CostRange{CostS, CostM}, Months: MonthRange{12, 24}}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Action
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if back.Cost != a.Cost || back.Months != a.Months {
		t.Errorf("round trip of %s = %v %v, want %v %v", b, back.Cost, back.Months, a.Cost, a.Months)
	}
}

func TestCostRangeContains(t *testing.T) {
	tests := []struct {
		r    CostRange
		c    CostClass
		want bool
	}{
		{CostRange{CostS, CostM}, CostS, true},
		{CostRange{CostS, CostM}, CostM, true},
		{CostRange{CostS, CostM}, CostL, false},
		{CostRange{CostM, CostL}, CostS, false},
		{CostRange{CostM, CostL}, CostL, true},
		{CostRange{CostL, CostL}, CostM, false},
		{CostRange{CostS, CostS}, CostS, true},
		{CostRange{CostS, CostL}, CostM, true},
		{CostRange{CostS, CostL}, "X", false},
	}
	for _, tt := range tests {
		if got := tt.r.Contains(tt.c); got != tt.want {
			t.Errorf("%v.Contains(%q) = %v, want %v", tt.r, tt.c, got, tt.want)
		}
	}
}

func TestMonthRangeUnmarshalText(t *testing.T) {
	tests := []struct {
		in      string
		want    MonthRange
		wantErr bool
	}{
		{"12", MonthRange{12, 12}, false},
		{"12–24", MonthRange{12, 24}, false},
		{"6-12", MonthRange{6, 12}, false},
		{" 6 – 12 ", MonthRange{6, 12}, false},
		{"1", MonthRange{1, 1}, false},
		{"120", MonthRange{120, 120}, false},
		{"12–12", MonthRange{12, 12}, false},
		{"", MonthRange{}, true},
		{"–", MonthRange{}, true},
		{"0", MonthRange{}, true},
		{"121", MonthRange{}, true},
		{"24–12", MonthRange{}, true},
		{"abc", MonthRange{}, true},
		{"6.5", MonthRange{}, true},
		{"1–2–3", MonthRange{}, true},
		{"6–x", MonthRange{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := MonthRange{99, 99}
			err := got.UnmarshalText([]byte(tt.in))
			if tt.wantErr {
				if err == nil {
					t.Errorf("UnmarshalText(%q) = %v, nil, want an error", tt.in, got)
				}
				if got != (MonthRange{99, 99}) {
					t.Errorf("UnmarshalText(%q) changed the value to %v on error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("UnmarshalText(%q) = %v, %v, want %v, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestMonthRangeStringAndTypical(t *testing.T) {
	tests := []struct {
		m       MonthRange
		str     string
		typical int
	}{
		{MonthRange{6, 6}, "6", 6},
		{MonthRange{12, 24}, "12–24", 18},
		{MonthRange{6, 12}, "6–12", 9},
		{MonthRange{1, 2}, "1–2", 2},
		{MonthRange{3, 8}, "3–8", 6},
		{MonthRange{24, 36}, "24–36", 30},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.str {
			t.Errorf("%#v.String() = %q, want %q", tt.m, got, tt.str)
		}
		if got := tt.m.Typical(); got != tt.typical {
			t.Errorf("%#v.Typical() = %d, want %d", tt.m, got, tt.typical)
		}
		b, _ := tt.m.MarshalText()
		var back MonthRange
		if err := back.UnmarshalText(b); err != nil || back != tt.m {
			t.Errorf("round trip of %q = %v, %v, want %v", b, back, err, tt.m)
		}
	}
}

func TestParseMode(t *testing.T) {
	tests := []struct {
		in   string
		want Mode
		ok   bool
	}{
		{"air", ModeAir, true}, {" AIR ", ModeAir, true}, {"sea", ModeSea, true}, {"maritime", ModeSea, true},
		{"land", ModeLand, true}, {"road", ModeLand, true}, {"Bus", ModeLand, true}, {"coach", ModeLand, true},
		{"rail", ModeRail, true}, {"", "", false}, {"space", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseMode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseMode(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIndicatorAppliesTo(t *testing.T) {
	tests := []struct {
		applies []Mode
		scope   []Mode
		want    bool
	}{
		{nil, nil, true},
		{nil, []Mode{ModeLand}, true},
		{[]Mode{ModeAir}, []Mode{ModeLand, ModeSea}, false},
		{[]Mode{ModeAir}, []Mode{ModeLand, ModeAir}, true},
		{[]Mode{ModeSea, ModeRail}, []Mode{ModeRail}, true},
		{[]Mode{ModeAir}, nil, false},
	}
	for _, tt := range tests {
		ind := Indicator{ID: "X.1.1", Applies: tt.applies}
		if got := ind.AppliesTo(tt.scope); got != tt.want {
			t.Errorf("Applies %v AppliesTo(%v) = %v, want %v", tt.applies, tt.scope, got, tt.want)
		}
	}
}

func TestActionStartsFrom(t *testing.T) {
	a := Action{ID: "A1", From: []int{0, 1}, To: 2}
	for level, want := range map[int]bool{0: true, 1: true, 2: false, 3: false} {
		if got := a.StartsFrom(level); got != want {
			t.Errorf("StartsFrom(%d) = %v, want %v", level, got, want)
		}
	}
}

func TestPillarCodeAndCapacityID(t *testing.T) {
	tests := []struct {
		id, pillar, capacity string
	}{
		{"TRV.1.2", "TRV", "TRV.1"},
		{"GOV.10.11", "GOV", "GOV.10"},
		{"TRV.1", "TRV", "TRV"},
		{"TRV", "TRV", "TRV"},
	}
	for _, tt := range tests {
		if got := PillarCode(tt.id); got != tt.pillar {
			t.Errorf("PillarCode(%q) = %q, want %q", tt.id, got, tt.pillar)
		}
		if got := CapacityID(tt.id); got != tt.capacity {
			t.Errorf("CapacityID(%q) = %q, want %q", tt.id, got, tt.capacity)
		}
	}
}

func TestFrameworkLookups(t *testing.T) {
	f := testFramework()
	if got := f.Indicator("AAA.2.2"); got == nil || got.Weight != 3 {
		t.Errorf("Indicator(AAA.2.2) = %v, want weight 3", got)
	}
	if got := f.Indicator("AAA.9.9"); got != nil {
		t.Errorf("Indicator(AAA.9.9) = %v, want nil", got)
	}
	if got := f.Pillar("BBB"); got == nil || got.Title != "Pillar B" {
		t.Errorf("Pillar(BBB) = %v, want Pillar B", got)
	}
	if got := f.Capacity("BBB.2"); got == nil || len(got.Indicators) != 1 {
		t.Errorf("Capacity(BBB.2) = %v, want one indicator", got)
	}
	if got := f.Role("CUS"); got == nil || got.Name != "Customs" {
		t.Errorf("Role(CUS) = %v, want Customs", got)
	}
	if f.Role("PIU") != nil || f.Pillar("ZZZ") != nil || f.Capacity("AAA.9") != nil || f.Instrument("A9") != nil {
		t.Errorf("lookups of unknown keys returned non-nil")
	}
	want := []string{"AAA.1.1", "AAA.1.2", "AAA.1.3", "AAA.2.1", "AAA.2.2", "BBB.1.1", "BBB.1.2", "BBB.2.1"}
	if got := f.IndicatorIDs(); !slices.Equal(got, want) {
		t.Errorf("IndicatorIDs() = %v, want %v", got, want)
	}
	p, c, i, a := f.Counts()
	if p != 2 || c != 4 || i != 8 || a != 16 {
		t.Errorf("Counts() = %d, %d, %d, %d, want 2, 4, 8, 16", p, c, i, a)
	}
	if got, want := f.Key(), "test@1.0.0"; got != want {
		t.Errorf("Key() = %q, want %q", got, want)
	}
}

func TestFrameworkIndexIsLazyAndRebuilt(t *testing.T) {
	f := testFramework()
	f.index = nil
	if f.Indicator("AAA.1.1") == nil {
		t.Fatalf("Indicator before Index() = nil, want the lazily built index")
	}
	f.Pillars[1].Capacities[1].Indicators[0].ID = "BBB.2.9"
	f.Index()
	if f.Indicator("BBB.2.9") == nil || f.Indicator("BBB.2.1") != nil {
		t.Errorf("Index() did not rebuild after a change")
	}
}

func TestFrameworkCite(t *testing.T) {
	f := testFramework()
	f.Instruments = []Instrument{{ID: "A9", Short: "ICAO Annex 9"}, {ID: "SBC"}}
	f.Index()
	tests := []struct {
		r    Reference
		want string
	}{
		{Reference{Instrument: "A9", Locator: "Std 9.5"}, "ICAO Annex 9 Std 9.5"},
		{Reference{Instrument: "A9"}, "ICAO Annex 9"},
		{Reference{Instrument: "SBC", Locator: "Art 8"}, "SBC Art 8"},
		{Reference{Instrument: "UNSCR 2396", Locator: "OP11"}, "UNSCR 2396 OP11"},
	}
	for _, tt := range tests {
		if got := f.Cite(tt.r); got != tt.want {
			t.Errorf("Cite(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestCostDefaultsAmount(t *testing.T) {
	c := CostDefaults{Currency: "USD", S: 50000, M: 400000, L: 2500000}
	tests := []struct {
		class CostClass
		want  float64
	}{
		{CostS, 50000}, {CostM, 400000}, {CostL, 2500000}, {"X", 0}, {"", 0},
	}
	for _, tt := range tests {
		if got := c.Amount(tt.class); got != tt.want {
			t.Errorf("Amount(%q) = %v, want %v", tt.class, got, tt.want)
		}
	}
}

func TestActionTypeValid(t *testing.T) {
	for _, at := range ActionTypes {
		if !at.Valid() {
			t.Errorf("ActionType(%q).Valid() = false, want true", at)
		}
	}
	for _, at := range []ActionType{"", "Legal", "party"} {
		if at.Valid() {
			t.Errorf("ActionType(%q).Valid() = true, want false", at)
		}
	}
}
