package event

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestEveryEventTypeIsRegistered: a type of this package with a Type
// method that is missing from the registry would be emitted but unknown to
// scripts and to the README check below.
func TestEveryEventTypeIsRegistered(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Recv == nil || fn.Name.Name != "Type" {
					continue
				}
				if id, ok := fn.Recv.List[0].Type.(*ast.Ident); ok {
					declared = append(declared, id.Name)
				}
			}
		}
	}
	var registeredNames []string
	for _, ev := range registered {
		registeredNames = append(registeredNames, reflect.TypeOf(ev).Name())
	}
	sort.Strings(declared)
	sort.Strings(registeredNames)
	if !slices.Equal(declared, registeredNames) {
		t.Fatalf("types with a Type method %v, registered %v: add new event types to registered in registry.go", declared, registeredNames)
	}
}

// TestREADMEEventTable: README's Events table lists every event type the
// bot emits, and each with exactly the fields its JSON line has, so that
// neither can change without the other.
func TestREADMEEventTable(t *testing.T) {
	readme := readmeEvents(t)
	for _, typ := range Types() {
		want, ok := readme[typ]
		if !ok {
			t.Errorf("%s is emitted but missing from README's Events table", typ)
			continue
		}
		ev := registered[slices.Index(Types(), typ)]
		if got := emittedFields(t, ev); !slices.Equal(got, want) {
			t.Errorf("%s: emits fields %v, README lists %v", typ, got, want)
		}
		delete(readme, typ)
	}
	for typ := range readme {
		t.Errorf("README's Events table lists %s, which is never emitted", typ)
	}
}

// emittedFields is the sorted list of the fields in ev's JSON line, without
// time and type.
func emittedFields(t *testing.T, ev Event) []string {
	t.Helper()
	line, err := MarshalJSONLine(Envelope{Time: time.Now(), Event: withEmptyCollections(ev)})
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatal(err)
	}
	fields := []string{}
	for k := range m {
		if k != "time" && k != "type" {
			fields = append(fields, k)
		}
	}
	sort.Strings(fields)
	return fields
}

var (
	tableRow    = regexp.MustCompile("^\\| (`[a-z_]+`(?: / `[a-z_]+`)*) \\|([^|]*)\\|")
	backticked  = regexp.MustCompile("`([^`]+)`")
	parenthesis = regexp.MustCompile(`\([^()]*\)`)
)

// readmeEvents reads README's Events table: the fields of each type,
// sorted. Text in parentheses describes a field and is skipped.
func readmeEvents(t *testing.T) map[string][]string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Events\n")
	if !ok {
		t.Fatal("README has no Events section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	out := map[string][]string{}
	for _, line := range strings.Split(section, "\n") {
		m := tableRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		fields := []string{}
		for _, f := range backticked.FindAllStringSubmatch(parenthesis.ReplaceAllString(m[2], ""), -1) {
			fields = append(fields, f[1])
		}
		sort.Strings(fields)
		for _, typ := range backticked.FindAllStringSubmatch(m[1], -1) {
			out[typ[1]] = fields
		}
	}
	if len(out) == 0 {
		t.Fatal("README's Events section has no table rows")
	}
	return out
}

// TestEmptyListsAreEmpty: a broadcast's data_sent lists no destinations
// as [], and nobody speaking is "speakers":[], never null.
func TestEmptyListsAreEmpty(t *testing.T) {
	s := NewStream()
	sub := s.Subscribe(4)
	s.Publish(DataSent{Topic: "chat", Size: 2})
	s.Publish(ActiveSpeakersChanged{})
	s.Publish(DataSent{Destinations: []string{"a"}})
	for _, want := range []string{`"destinations":[]`, `"speakers":[]`, `"destinations":["a"]`} {
		line, err := MarshalJSONLine(<-sub.C)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(line), want) {
			t.Errorf("%s: want %s", line, want)
		}
	}
}
