package frameworks

import (
	"strings"
	"sync"
	"testing"

	"bordergap/assessment"
)

// minimalSource loads testdata/valid/minimal.yaml under another version and,
// when extra is not empty, with a different description.
func minimalSource(t *testing.T, version, extra string) *Source {
	t.Helper()
	data := string(readFile(t, "testdata/valid/minimal.yaml"))
	data = strings.Replace(data, "version: 0.1.0\n", "version: "+version+"\n", 1)
	if extra != "" {
		data = strings.Replace(data, "language: en\n", "language: en\ndescription: "+extra+"\n", 1)
	}
	f, err := Load("minimal.yaml", []byte(data))
	if err != nil {
		t.Fatalf("Load(minimal %s): %v", version, err)
	}
	return &Source{Framework: f, Name: "minimal.yaml", Data: []byte(data)}
}

func newRegistry(t *testing.T) *Registry {
	t.Helper()
	r, err := NewRegistry()
	if err != nil {
		t.Fatalf("NewRegistry(): %v", err)
	}
	return r
}

func keys(list []*Source) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Framework.Key()
	}
	return out
}

func TestRegistryDefault(t *testing.T) {
	r := newRegistry(t)
	d := Default()
	s, err := r.Get(DefaultID, d.Version)
	if err != nil {
		t.Fatalf("Get(%s, %s): %v", DefaultID, d.Version, err)
	}
	if s.Framework != d || !s.Embedded || s.Name != "ibm-default.yaml" {
		t.Errorf("Get(default) = %+v, want the embedded ibm-default.yaml", s)
	}
	if got, want := keys(r.List()), []string{"ibm-default@0.1.0"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("List() = %v, want %v", got, want)
	}
	latest, err := r.Latest(DefaultID)
	if err != nil || latest != s {
		t.Errorf("Latest(%s) = %v, %v, want the default", DefaultID, latest, err)
	}
}

func TestRegistryNotFound(t *testing.T) {
	r := newRegistry(t)
	tests := []struct {
		name string
		call func() (*Source, error)
	}{
		{"unknown id", func() (*Source, error) { return r.Get("nope", "0.1.0") }},
		{"unknown version", func() (*Source, error) { return r.Get(DefaultID, "9.9.9") }},
		{"latest of unknown id", func() (*Source, error) { return r.Latest("nope") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := tt.call()
			if s != nil {
				t.Errorf("got source %s, want nil", s.Framework.Key())
			}
			if got := assessment.ErrorCode(err); got != assessment.ENOTFOUND {
				t.Errorf("ErrorCode(%v) = %q, want %q", err, got, assessment.ENOTFOUND)
			}
		})
	}
}

func TestRegistryAdd(t *testing.T) {
	r := newRegistry(t)
	first := minimalSource(t, "0.1.0", "")
	if err := r.Add(first); err != nil {
		t.Fatalf("Add(minimal): %v", err)
	}
	// The same bytes again, loaded separately, are accepted and change nothing.
	if err := r.Add(minimalSource(t, "0.1.0", "")); err != nil {
		t.Errorf("Add(same bytes again) = %v, want nil", err)
	}
	if got, _ := r.Get("minimal", "0.1.0"); got != first {
		t.Error("Add(same bytes again) replaced the first source")
	}
	// So is the embedded default.
	def, _ := r.Get(DefaultID, Default().Version)
	if err := r.Add(&Source{Framework: def.Framework, Name: "copy.yaml", Data: append([]byte(nil), def.Data...)}); err != nil {
		t.Errorf("Add(copy of the default) = %v, want nil", err)
	}
	// Different content under the same id and version is a conflict.
	err := r.Add(minimalSource(t, "0.1.0", "Changed"))
	if got := assessment.ErrorCode(err); got != assessment.ECONFLICT {
		t.Errorf("Add(different content, same version): code %q (%v), want %q", got, err, assessment.ECONFLICT)
	}
	if got, _ := r.Get("minimal", "0.1.0"); got != first {
		t.Error("a conflicting Add replaced the first source")
	}
	// Under a new version it is accepted.
	if err := r.Add(minimalSource(t, "0.1.1", "Changed")); err != nil {
		t.Errorf("Add(different content, new version) = %v, want nil", err)
	}
}

func TestRegistryLatestAndList(t *testing.T) {
	r := newRegistry(t)
	for _, v := range []string{"0.9.0", "0.10.0", "0.2", "0.9.1", "1.0"} {
		if err := r.Add(minimalSource(t, v, "")); err != nil {
			t.Fatalf("Add(minimal %s): %v", v, err)
		}
	}
	s, err := r.Latest("minimal")
	if err != nil {
		t.Fatalf("Latest(minimal): %v", err)
	}
	if got, want := s.Framework.Version, "1.0"; got != want {
		t.Errorf("Latest(minimal) version = %s, want %s", got, want)
	}
	got := strings.Join(keys(r.List()), " ")
	want := "ibm-default@0.1.0 minimal@0.2 minimal@0.9.0 minimal@0.9.1 minimal@0.10.0 minimal@1.0"
	if got != want {
		t.Errorf("List() = %s\nwant      %s", got, want)
	}

	// 0.10.0 is above 0.9.0: versions compare by number, not as text.
	r = newRegistry(t)
	for _, v := range []string{"0.10.0", "0.9.0"} {
		if err := r.Add(minimalSource(t, v, "")); err != nil {
			t.Fatalf("Add(minimal %s): %v", v, err)
		}
	}
	if s, err := r.Latest("minimal"); err != nil || s.Framework.Version != "0.10.0" {
		t.Errorf("Latest(minimal) = %v, %v, want version 0.10.0", s, err)
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"0.10.0", "0.9.0", 1},
		{"0.9.0", "0.10.0", -1},
		{"1.0", "1.0.0", 0},
		{"1.2.3", "1.2.3", 0},
		{"2.0.0", "1.99.99", 1},
		{"0.1.0", "0.1.1", -1},
	}
	for _, tt := range tests {
		if got := compareVersions(tt.a, tt.b); got != tt.want {
			t.Errorf("compareVersions(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestRegistryConcurrent is meant for -race: readers and writers at once.
func TestRegistryConcurrent(t *testing.T) {
	r := newRegistry(t)
	sources := []*Source{minimalSource(t, "0.1.0", ""), minimalSource(t, "0.2.0", ""), minimalSource(t, "0.3.0", "")}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			s := sources[i%len(sources)]
			if err := r.Add(s); err != nil {
				t.Errorf("Add(%s): %v", s.Framework.Key(), err)
			}
			r.List()
			if _, err := r.Latest("minimal"); err != nil {
				t.Errorf("Latest(minimal): %v", err)
			}
			if _, err := r.Get(DefaultID, "0.1.0"); err != nil {
				t.Errorf("Get(default): %v", err)
			}
		})
	}
	wg.Wait()
	if got := len(r.List()); got != 4 {
		t.Errorf("List() has %d sources, want 4", got)
	}
}

func TestRegistryFramework(t *testing.T) {
	r := newRegistry(t)
	f, err := r.Framework(DefaultID, "0.1.0")
	if err != nil || f != Default() {
		t.Errorf("Framework(%s, 0.1.0) = %v, %v, want the default", DefaultID, f, err)
	}
	f, err = r.Framework("nope", "0.1.0")
	if f != nil || assessment.ErrorCode(err) != assessment.ENOTFOUND {
		t.Errorf("Framework(nope) = %v, %v, want nil and %s", f, err, assessment.ENOTFOUND)
	}
}
