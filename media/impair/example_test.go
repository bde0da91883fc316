package impair_test

import (
	"fmt"

	"github.com/pion/interceptor"

	"github.com/lkbot/lkbot/media/impair"
)

// A subscriber that loses 10% of what it receives and sends with 80 ms of
// delay. The factory goes first in the registry, before the interceptors
// that generate and answer NACKs.
func ExampleParseSpec() {
	spec, err := impair.ParseSpec("in:loss=10%,out:delay=80ms,seed=7")
	if err != nil {
		fmt.Println(err)
		return
	}
	var registry interceptor.Registry
	registry.Add(impair.NewFactory(spec))
	fmt.Println(spec)

	_, err = impair.ParseSpec("in:loss=10")
	fmt.Println(err)
	// Output:
	// in:loss=10%,out:delay=80ms,seed=7
	// "loss=10": want a percentage, as in loss=5%
}
