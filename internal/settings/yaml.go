package settings

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DecodeYAML decodes a YAML mapping of settings over the fields, which may
// come from several tables. An unknown key, a key given twice, or a value of
// the wrong type is an error that names the line and the key, on one line.
// A value the YAML library would bend (30.5 for an integer) is wrong too.
func DecodeYAML(data []byte, fields ...[]Field) error {
	return DecodeYAMLGroups(data, nil, fields...)
}

// DecodeYAMLGroups is DecodeYAML where some settings may also be given in
// a block: groups maps a block's key (such as "thresholds") to the keys
// it may hold. A setting given both in its block and at the top is given
// twice.
func DecodeYAMLGroups(data []byte, groups map[string][]string, fields ...[]Field) error {
	byKey := map[string]Field{}
	for _, fs := range fields {
		for _, f := range fs {
			byKey[f.Key] = f
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return errors.New(describe(err, nil, ""))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil // an empty file sets nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a mapping of key: value at the top", root.Line)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		members, isGroup := groups[k.Value]
		if !isGroup {
			if err := decodeSetting(k, v, byKey, seen); err != nil {
				return err
			}
			continue
		}
		if seen[k.Value] {
			return fmt.Errorf("line %d: key %q is given twice", k.Line, k.Value)
		}
		seen[k.Value] = true
		if v.Kind != yaml.MappingNode {
			return fmt.Errorf("line %d: key %q: want a mapping of %s", v.Line, k.Value, strings.Join(members, ", "))
		}
		inGroup := map[string]Field{}
		for _, m := range members {
			if f, ok := byKey[m]; ok {
				inGroup[m] = f
			}
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			gk, gv := v.Content[j], v.Content[j+1]
			if _, ok := inGroup[gk.Value]; !ok {
				return fmt.Errorf("line %d: unknown key %q in %s (want %s)", gk.Line, gk.Value, k.Value, strings.Join(members, ", "))
			}
			if err := decodeSetting(gk, gv, inGroup, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// decodeSetting decodes one key: value pair over its field.
func decodeSetting(k, v *yaml.Node, byKey map[string]Field, seen map[string]bool) error {
	f, ok := byKey[k.Value]
	if !ok {
		return fmt.Errorf("line %d: unknown key %q", k.Line, k.Value)
	}
	if seen[k.Value] {
		return fmt.Errorf("line %d: key %q is given twice", k.Line, k.Value)
	}
	seen[k.Value] = true
	if err := checkScalar(f.Ptr, v); err != nil {
		return fmt.Errorf("line %d: key %q: %w", v.Line, k.Value, err)
	}
	if err := v.Decode(f.Ptr); err != nil {
		return errors.New(describe(err, v, k.Value))
	}
	return nil
}

// DecodeStrict decodes data into the struct dst: an unknown key or a value
// of the wrong type is an error that names the key and its line.
func DecodeStrict(data []byte, dst any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(dst)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	return errors.New(describe(err, &root, ""))
}

var (
	yamlLineRe    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownRe = regexp.MustCompile(`^field (\S+) not found`)
	yamlTypeRe    = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
)

// describe rewrites the YAML library's messages as "line N: key K:
// problem". root is the node the error came from, and prefix its key.
func describe(err error, root *yaml.Node, prefix string) string {
	var msgs []string
	var typeErr *yaml.TypeError
	if errors.As(err, &typeErr) {
		msgs = typeErr.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, describeMessage(m, root, prefix))
	}
	return strings.ReplaceAll(strings.Join(out, "; "), "\n", " ")
}

func describeMessage(msg string, root *yaml.Node, prefix string) string {
	m := yamlLineRe.FindStringSubmatch(msg)
	if m == nil {
		return strings.TrimPrefix(msg, "yaml: ")
	}
	line, _ := strconv.Atoi(m[1])
	problem := m[2]
	if u := yamlUnknownRe.FindStringSubmatch(problem); u != nil {
		return fmt.Sprintf("line %d: unknown key %q", line, u[1])
	}
	t := yamlTypeRe.FindStringSubmatch(problem)
	key := prefix
	// Name a key inside the value only when the error is not about the
	// value as a whole (a mapping where a list belongs, say).
	if !(prefix != "" && root != nil && t != nil && root.Line == line && root.Tag == "!!"+t[1]) {
		key = joinKey(prefix, keyAtLine(root, line))
	}
	if t != nil {
		problem = fmt.Sprintf("want %s, got %s", goTypeName(t[3]), yamlValueName(t[1], t[2]))
	}
	if key == "" {
		return fmt.Sprintf("line %d: %s", line, problem)
	}
	return fmt.Sprintf("line %d: key %q: %s", line, key, problem)
}

func joinKey(prefix, key string) string {
	switch {
	case prefix == "":
		return key
	case key == "":
		return prefix
	}
	return prefix + "." + key
}

// keyAtLine finds the mapping key whose key or value starts on line.
func keyAtLine(n *yaml.Node, line int) string {
	if n == nil {
		return ""
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if inner := keyAtLine(v, line); inner != "" {
				return k.Value + "." + inner
			}
			if k.Line == line || v.Line == line {
				return k.Value
			}
		}
		return ""
	}
	for _, c := range n.Content {
		if k := keyAtLine(c, line); k != "" {
			return k
		}
	}
	return ""
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a string"
	case t == "time.Duration":
		return "a duration such as 30s"
	case strings.HasPrefix(t, "map"):
		return "a mapping of key: value"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	}
	// A struct or a named type: say what YAML can say, not Go's name.
	return "another kind of value"
}

// yamlValueName names the value the YAML library could not decode: the
// text itself (quoted if YAML read it as a string), a list or a mapping.
func yamlValueName(tag, value string) string {
	switch {
	case tag == "seq":
		return "a list"
	case tag == "map":
		return "a mapping"
	case value == "":
		return "a " + tag
	case tag == "str":
		return strconv.Quote(value)
	}
	return value
}
