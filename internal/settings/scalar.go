package settings

import (
	"fmt"
	"math"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// maxExactInt is the largest whole number a float64 holds exactly: a
// YAML float such as 3e6 is accepted for an integer only below it.
const maxExactInt = 1 << 53

// checkScalar refuses a YAML value that the YAML library would quietly
// bend to the field's type: 30.5 truncated to 30 for an integer, a number
// too large for one, or a missing value.
func checkScalar(ptr any, v *yaml.Node) error {
	switch ptr.(type) {
	case *int:
		return checkInt(v)
	case *float64:
		if isScalar(v, "!!int", "!!float") {
			return nil
		}
		return wrongValue("a number", v)
	case *bool:
		if isScalar(v, "!!bool") {
			return nil
		}
		return wrongValue("true or false", v)
	}
	return nil
}

func checkInt(v *yaml.Node) error {
	switch {
	case isScalar(v, "!!int"):
		var n int64
		if err := v.Decode(&n); err != nil || n > math.MaxInt || n < math.MinInt {
			return fmt.Errorf("%s is out of range for an integer", v.Value)
		}
		return nil
	case isScalar(v, "!!float"):
		f, err := strconv.ParseFloat(v.Value, 64)
		if err != nil || f != math.Trunc(f) {
			return wrongValue("an integer", v)
		}
		if math.Abs(f) >= maxExactInt {
			return fmt.Errorf("%s is out of range for an integer", v.Value)
		}
		return nil
	}
	return wrongValue("an integer", v)
}

func isScalar(v *yaml.Node, tags ...string) bool {
	if v.Kind != yaml.ScalarNode {
		return false
	}
	for _, t := range tags {
		if v.ShortTag() == t {
			return true
		}
	}
	return false
}

// wrongValue says what a key wants and what it got, in YAML's words for
// the value: the text itself, a list, a mapping, or nothing.
func wrongValue(want string, v *yaml.Node) error {
	return fmt.Errorf("want %s, got %s", want, describeNode(v))
}

func describeNode(v *yaml.Node) string {
	switch {
	case v.Kind == yaml.SequenceNode:
		return "a list"
	case v.Kind == yaml.MappingNode:
		return "a mapping"
	case v.Kind == yaml.AliasNode:
		return "an alias"
	case v.ShortTag() == "!!null":
		return "no value"
	case v.ShortTag() == "!!str":
		return strconv.Quote(v.Value)
	}
	return v.Value
}
