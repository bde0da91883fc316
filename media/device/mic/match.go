package mic

import (
	"fmt"
	"strings"
)

// match picks the device that name designates: an exact name, description
// or ID first, then a case-insensitive substring of name or description;
// "" is the default device. It returns the index into devices.
func match(devices []Device, name string) (int, error) {
	if name == "" {
		for i, d := range devices {
			if d.Default {
				return i, nil
			}
		}
		return -1, nil // the backend's default, which List may not mark
	}
	if i := pick(devices, name, func(d Device) bool {
		return d.Name == name || d.Description == name || d.ID == name
	}); i != nil {
		return i.index, i.err
	}
	lower := strings.ToLower(name)
	if i := pick(devices, name, func(d Device) bool {
		return strings.Contains(strings.ToLower(d.Name), lower) ||
			strings.Contains(strings.ToLower(d.Description), lower)
	}); i != nil {
		return i.index, i.err
	}
	return 0, fmt.Errorf("%w named %q; lkbot devices lists them", ErrNoDevice, name)
}

type picked struct {
	index int
	err   error
}

// pick returns nil when nothing matches, the index when one device does,
// and an error listing them when several do.
func pick(devices []Device, name string, ok func(Device) bool) *picked {
	var hits []int
	for i, d := range devices {
		if ok(d) {
			hits = append(hits, i)
		}
	}
	switch len(hits) {
	case 0:
		return nil
	case 1:
		return &picked{index: hits[0]}
	}
	names := make([]string, len(hits))
	for j, i := range hits {
		names[j] = fmt.Sprintf("%q (%s)", devices[i].Name, devices[i].Description)
	}
	return &picked{err: fmt.Errorf("%w %q matches %s; give more of the name",
		ErrAmbiguousDevice, name, strings.Join(names, ", "))}
}
