package bot

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadConfigFile decodes the YAML file at path over cfg. Unknown keys and
// values of the wrong type are errors that name the key and the line.
func LoadConfigFile(path string, cfg *Config) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return DecodeConfig(path, data, cfg)
}

// DecodeConfig decodes YAML data over cfg; name is used in errors.
func DecodeConfig(name string, data []byte, cfg *Config) error {
	if err := DecodeYAML(data, cfg); err != nil {
		return fmt.Errorf("config %s: %w", name, err)
	}
	return nil
}

// DecodeYAML decodes data into dst strictly: an unknown key or a value of
// the wrong type is an error that names the key and its line.
func DecodeYAML(data []byte, dst any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(dst)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	return errors.New(describeYAMLError(err, &root))
}

var (
	yamlLineRe    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownRe = regexp.MustCompile(`^field (\S+) not found`)
	yamlTypeRe    = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
)

// describeYAMLError rewrites yaml.v3's messages as "line N: key K: problem".
func describeYAMLError(err error, root *yaml.Node) string {
	var msgs []string
	var typeErr *yaml.TypeError
	if errors.As(err, &typeErr) {
		msgs = typeErr.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, describeYAMLMessage(m, root))
	}
	return strings.Join(out, "; ")
}

func describeYAMLMessage(msg string, root *yaml.Node) string {
	m := yamlLineRe.FindStringSubmatch(msg)
	if m == nil {
		return strings.TrimPrefix(msg, "yaml: ")
	}
	line, _ := strconv.Atoi(m[1])
	problem := m[2]
	if u := yamlUnknownRe.FindStringSubmatch(problem); u != nil {
		return fmt.Sprintf("line %d: unknown key %q", line, u[1])
	}
	key := keyAtLine(root, line)
	if t := yamlTypeRe.FindStringSubmatch(problem); t != nil {
		problem = fmt.Sprintf("want %s, got %s", goTypeName(t[3]), yamlKindName(t[1]))
		if t[2] != "" {
			problem += fmt.Sprintf(" %q", t[2])
		}
	}
	if key == "" {
		return fmt.Sprintf("line %d: %s", line, problem)
	}
	return fmt.Sprintf("line %d: key %q: %s", line, key, problem)
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
	case t == "bool":
		return "true or false"
	case t == "string":
		return "a string"
	case t == "time.Duration":
		return "a duration such as 30s"
	case strings.HasPrefix(t, "map"):
		return "a mapping of key: value"
	}
	return t
}

func yamlKindName(tag string) string {
	switch tag {
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	}
	return tag
}
