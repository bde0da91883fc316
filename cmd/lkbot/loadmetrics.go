package main

import (
	"context"
	"fmt"
	"io"

	"go.uber.org/zap"

	"github.com/lkbot/lkbot/load/metrics"
)

// serveMetrics serves the exporter's /metrics on addr until the returned
// stop is called. The server outlives a cancelled run until the summary
// is written, so that a last scrape can see the final figures.
func serveMetrics(ctx context.Context, addr string, exporter *metrics.Exporter, out io.Writer, log *zap.Logger) (stop func(), err error) {
	srv, err := metrics.Listen(addr, exporter)
	if err != nil {
		return nil, err
	}
	serveCtx, stopServing := context.WithCancel(context.WithoutCancel(ctx))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(serveCtx) }()
	fmt.Fprintf(out, "Prometheus metrics on http://%s%s\n", srv.Addr(), metrics.Path)
	return func() {
		stopServing()
		if err := <-served; err != nil {
			log.Warn("metrics server", zap.Error(err))
		}
	}, nil
}
