package frameworks

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"

	"bordergap/assessment"
)

//go:embed default/*.yaml
var embedded embed.FS

// DefaultID is the id of the default framework.
const DefaultID = "ibm-default"

// Source is a framework with the file it was read from, so that it can be
// exported byte for byte, comments included.
type Source struct {
	Framework *assessment.Framework
	Name      string
	Data      []byte
	Embedded  bool
}

var (
	embeddedOnce sync.Once
	embeddedList []*Source
	embeddedErr  error
)

// Embedded returns the frameworks built into the binary, parsed once. A
// broken embedded file is a build defect; the tests guard against it.
func Embedded() ([]*Source, error) {
	embeddedOnce.Do(func() {
		names, err := fs.Glob(embedded, "default/*.yaml")
		if err != nil {
			embeddedErr = err
			return
		}
		sort.Strings(names)
		for _, n := range names {
			data, err := embedded.ReadFile(n)
			if err != nil {
				embeddedErr = err
				return
			}
			f, err := Load(path.Base(n), data)
			if err != nil {
				embeddedErr = fmt.Errorf("embedded framework: %w", err)
				return
			}
			embeddedList = append(embeddedList, &Source{Framework: f, Name: path.Base(n), Data: data, Embedded: true})
		}
	})
	return embeddedList, embeddedErr
}

// Default returns the default framework. It panics if the embedded file is
// broken, which the test suite rules out.
func Default() *assessment.Framework {
	list, err := Embedded()
	if err != nil {
		panic(err)
	}
	for _, s := range list {
		if s.Framework.ID == DefaultID {
			return s.Framework
		}
	}
	panic("frameworks: default framework " + DefaultID + " is not embedded")
}

// Registry holds the frameworks available to an installation: the embedded
// ones and those installed by users. It is safe for concurrent use.
type Registry struct {
	mu      sync.RWMutex
	sources map[string]*Source // by id@version
}

// NewRegistry returns a registry holding the embedded frameworks.
func NewRegistry() (*Registry, error) {
	list, err := Embedded()
	if err != nil {
		return nil, err
	}
	r := &Registry{sources: map[string]*Source{}}
	for _, s := range list {
		r.sources[s.Framework.Key()] = s
	}
	return r, nil
}

// Add registers a framework; a different framework under the same id and
// version is a conflict, the same bytes again are accepted.
func (r *Registry) Add(s *Source) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := s.Framework.Key()
	if old, ok := r.sources[k]; ok {
		if string(old.Data) == string(s.Data) {
			return nil
		}
		return assessment.Errorf(assessment.ECONFLICT, "framework %s is already installed with different content; give the new file another version", k)
	}
	r.sources[k] = s
	return nil
}

// Get returns the framework id@version.
func (r *Registry) Get(id, version string) (*Source, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if s, ok := r.sources[id+"@"+version]; ok {
		return s, nil
	}
	return nil, assessment.Errorf(assessment.ENOTFOUND, "framework %s version %s is not installed", id, version)
}

// Latest returns the highest version of a framework id.
func (r *Registry) Latest(id string) (*Source, error) {
	var best *Source
	for _, s := range r.List() {
		if s.Framework.ID == id && (best == nil || compareVersions(s.Framework.Version, best.Framework.Version) > 0) {
			best = s
		}
	}
	if best == nil {
		return nil, assessment.Errorf(assessment.ENOTFOUND, "framework %q is not installed", id)
	}
	return best, nil
}

// List returns every framework, sorted by id and version.
func (r *Registry) List() []*Source {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]*Source, 0, len(r.sources))
	for _, s := range r.sources {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Framework, out[j].Framework
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return compareVersions(a.Version, b.Version) < 0
	})
	return out
}

func compareVersions(a, b string) int {
	pa, pb := splitVersion(a), splitVersion(b)
	for i := 0; i < 3; i++ {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func splitVersion(v string) [3]int {
	var out [3]int
	fmt.Sscanf(v, "%d.%d.%d", &out[0], &out[1], &out[2])
	return out
}

// Framework implements assessment.FrameworkResolver.
func (r *Registry) Framework(id, version string) (*assessment.Framework, error) {
	s, err := r.Get(id, version)
	if err != nil {
		return nil, err
	}
	return s.Framework, nil
}

var _ assessment.FrameworkResolver = (*Registry)(nil)
