//go:build !race

package processors

const raceEnabled = false
