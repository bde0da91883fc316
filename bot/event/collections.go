package event

import "reflect"

// withEmptyCollections returns ev with its nil slices and maps made empty,
// so that a list with nothing in it reads [] in JSON, not null: a script
// can then test its length, or match it, the same way every time.
func withEmptyCollections(ev Event) Event {
	v := reflect.ValueOf(ev)
	if v.Kind() != reflect.Struct {
		return ev
	}
	var cp reflect.Value
	for i := range v.NumField() {
		f := v.Field(i)
		if !f.CanInterface() || !isNilCollection(f) {
			continue
		}
		if !cp.IsValid() {
			cp = reflect.New(v.Type()).Elem()
			cp.Set(v)
		}
		switch f.Kind() {
		case reflect.Slice:
			cp.Field(i).Set(reflect.MakeSlice(f.Type(), 0, 0))
		case reflect.Map:
			cp.Field(i).Set(reflect.MakeMap(f.Type()))
		}
	}
	if !cp.IsValid() {
		return ev
	}
	return cp.Interface().(Event)
}

func isNilCollection(f reflect.Value) bool {
	return (f.Kind() == reflect.Slice || f.Kind() == reflect.Map) && f.IsNil()
}
