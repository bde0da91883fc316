//go:build race

package processors

// raceEnabled shortens the slowest tests under the race detector, which
// makes the model about ten times slower; they still run in full without it.
const raceEnabled = true
