// Package load runs many bots in one process, across many rooms: a
// deterministic plan of who joins where (Plan), split into shards that
// together make exactly the bots one process would make, and a Runner that
// joins them at a steady rate with no hidden cap, holds them in their rooms,
// makes them leave, and records how each join went (Result).
//
// Quality measurement and impairment attach to each bot through Hooks; the
// report formats live in load/report.
package load
