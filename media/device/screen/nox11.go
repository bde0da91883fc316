//go:build !linux || !cgo || nox11

package screen

import "context"

// List returns ErrNoX11: this build has no screen driver.
func List() ([]Info, error) { return nil, ErrNoX11 }

// Open returns ErrNoX11: this build has no screen driver.
func Open(context.Context, string, Options) (*Source, error) { return nil, ErrNoX11 }
