package encode

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"go.uber.org/zap"
)

// openh264Prefix starts every line OpenH264's default trace writes.
const openh264Prefix = "[OpenH264]"

// routeOpenH264Lines reads what was written to stderr while an OpenH264
// encoder was built: OpenH264's own lines go to log at debug, anything else
// (another goroutine's output in the same moment) goes on to stderr
// unchanged.
func routeOpenH264Lines(r io.Reader, log *zap.Logger, stderr io.Writer) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if bytes.HasPrefix(line, []byte(openh264Prefix)) {
			log.Debug("openh264: " + strings.TrimSpace(string(line[len(openh264Prefix):])))
			continue
		}
		_, _ = stderr.Write(append(line, '\n'))
	}
}
