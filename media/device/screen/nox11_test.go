//go:build !linux || !cgo || nox11

package screen

import (
	"context"
	"errors"
	"testing"
)

func TestNoX11(t *testing.T) {
	if _, err := List(); !errors.Is(err, ErrNoX11) {
		t.Errorf("List = %v, want ErrNoX11", err)
	}
	_, err := Open(context.Background(), "", Options{})
	if !errors.Is(err, ErrNoX11) || err.Error() != "screen capture is not in this build (built with -tags nox11)" {
		t.Errorf("Open = %v, want ErrNoX11", err)
	}
}
