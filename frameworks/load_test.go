package frameworks

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"bordergap/assessment"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/invalid")

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// loadErr loads a file that must not load and returns its error, after
// checking the shape every Load error has.
func loadErr(t *testing.T, name string, data []byte) *assessment.Error {
	t.Helper()
	f, err := Load(name, data)
	if err == nil {
		t.Fatalf("Load(%s) succeeded, want an error", name)
	}
	if f != nil {
		t.Errorf("Load(%s) returned a framework with its error", name)
	}
	var e *assessment.Error
	if !errors.As(err, &e) {
		t.Fatalf("Load(%s) error is %T, want *assessment.Error", name, err)
	}
	if e.Code != assessment.EINVALID {
		t.Errorf("Load(%s) error code = %q, want %q", name, e.Code, assessment.EINVALID)
	}
	return e
}

// fieldLine returns the line number of a field such as
// "x.yaml:12: pillars[0].code", or 0 if it has none.
func fieldLine(name, field string) int {
	rest, ok := strings.CutPrefix(field, name+":")
	if !ok {
		return 0
	}
	if i := strings.IndexByte(rest, ':'); i >= 0 {
		rest = rest[:i]
	}
	n, _ := strconv.Atoi(rest)
	return n
}

func TestLoadMinimal(t *testing.T) {
	f, err := Load("minimal.yaml", readFile(t, "testdata/valid/minimal.yaml"))
	if err != nil {
		t.Fatalf("Load(minimal.yaml): %v", err)
	}
	p, c, i, a := f.Counts()
	if got, want := [4]int{p, c, i, a}, [4]int{2, 2, 3, 5}; got != want {
		t.Errorf("Counts() = %v, want %v", got, want)
	}
	if got, want := f.Key(), "minimal@0.1.0"; got != want {
		t.Errorf("Key() = %q, want %q", got, want)
	}
	ind := f.Indicator("TRV.1.1")
	if ind == nil {
		t.Fatal("Indicator(TRV.1.1) = nil")
	}
	if got, want := ind.Actions[0].Months, (assessment.MonthRange{Min: 12, Max: 18}); got != want {
		t.Errorf("TRV.1.1 A1 months = %v, want %v", got, want)
	}
	if got, want := ind.Actions[1].Cost, (assessment.CostRange{Low: assessment.CostL, High: assessment.CostL}); got != want {
		t.Errorf("TRV.1.1 A2 cost = %v, want %v", got, want)
	}
	if got, want := f.Strategy.Consolidation.Cost.String(), "S–M"; got != want {
		t.Errorf("consolidation cost = %q, want %q", got, want)
	}
	if !ind.References[0].Binding {
		t.Error("TRV.1.1 reference: Binding = false, want true")
	}
	g, errs := f.ResolveDependencies()
	if len(errs) > 0 {
		t.Fatalf("ResolveDependencies: %v", errs)
	}
	pre := g[assessment.ActionKey{Indicator: "TRV.1.1", Action: "A2"}]
	if len(pre) != 1 || pre[0].Action != (assessment.ActionKey{Indicator: "GOV.1.1", Action: "A1"}) {
		t.Errorf("prerequisites of TRV.1.1 A2 = %+v, want GOV.1.1 A1 (rule D01)", pre)
	}
}

// TestLoadInvalid loads every file of testdata/invalid and compares the
// error fields, one per line, with the golden file of the same name. Run
// with -update to rewrite the golden files, then read them.
func TestLoadInvalid(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("found %d files in testdata/invalid, want at least 20", len(files))
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			e := loadErr(t, name, readFile(t, file))
			if len(e.Fields) == 0 {
				t.Fatalf("error %q has no fields", e)
			}
			var b strings.Builder
			for _, fe := range e.Fields {
				b.WriteString(fe.String())
				b.WriteByte('\n')
			}
			got := b.String()
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := string(readFile(t, golden))
			if got != want {
				t.Errorf("Load(%s) errors:\n%s\nwant (%s):\n%s", name, got, golden, want)
			}
		})
	}
}

// TestLoadErrorShape checks properties every error of every invalid file
// has: the fields start with the file name and a line, and are in line
// order; the message counts them.
func TestLoadErrorShape(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			e := loadErr(t, name, readFile(t, file))
			wantMsg := name + ": " + strconv.Itoa(len(e.Fields)) + " error"
			if len(e.Fields) != 1 {
				wantMsg += "s"
			}
			if e.Message != wantMsg {
				t.Errorf("Message = %q, want %q", e.Message, wantMsg)
			}
			prev := 0
			for _, fe := range e.Fields {
				line := fieldLine(name, fe.Field)
				if line <= 0 {
					t.Errorf("field %q: want %q followed by a line number", fe.Field, name+":")
					continue
				}
				if line < prev {
					t.Errorf("field %q comes after line %d: want fields in line order", fe.Field, prev)
				}
				prev = line
				if fe.Message == "" {
					t.Errorf("field %q has no message", fe.Field)
				}
			}
		})
	}
}

// TestLoadSeveralErrors checks that Load does not stop at the first problem.
func TestLoadSeveralErrors(t *testing.T) {
	for _, name := range []string{"several-errors.yaml", "several-structural-errors.yaml"} {
		t.Run(name, func(t *testing.T) {
			e := loadErr(t, name, readFile(t, filepath.Join("testdata/invalid", name)))
			if len(e.Fields) < 5 {
				t.Fatalf("got %d errors, want the 5 the file holds:\n%v", len(e.Fields), e)
			}
			for i := 1; i < len(e.Fields); i++ {
				if a, b := fieldLine(name, e.Fields[i-1].Field), fieldLine(name, e.Fields[i].Field); a >= b {
					t.Errorf("errors %d and %d are on lines %d and %d, want ascending lines", i-1, i, a, b)
				}
			}
		})
	}
}

func TestLoadTooLarge(t *testing.T) {
	data := make([]byte, MaxFileSize+1)
	e := loadErr(t, "big.yaml", data)
	if !strings.HasPrefix(e.Message, "big.yaml: file too large") {
		t.Errorf("Message = %q, want it to start with %q", e.Message, "big.yaml: file too large")
	}
}

func BenchmarkLoadDefault(b *testing.B) {
	data := readFile(b, "default/ibm-default.yaml")
	for b.Loop() {
		if _, err := Load("ibm-default.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
