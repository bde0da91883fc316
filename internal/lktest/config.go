package lktest

import (
	"cmp"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// Dev credentials every server started here accepts.
const (
	APIKey    = "devkey"
	APISecret = "secret"
	// DistinctKey and DistinctSecret are a second key pair whose secret is
	// a string that appears nowhere else, so that a test can prove it never
	// reaches a log line, an event or an error.
	DistinctKey    = "lkbot-distinct"
	DistinctSecret = "Zq8vK3distinctSECRET7f3b91c2e4a6d8f0x"
)

// Config describes one server. The zero value is a working server.
type Config struct {
	// Binary is the livekit-server path; empty means FindBinary.
	Binary string
	// Dir receives livekit.yaml and server.log. Empty means a new temporary
	// directory that Close removes.
	Dir string
	// Webhooks are URLs that receive the server's webhooks, signed with
	// APIKey.
	Webhooks []string
	// RTCTCP also opens a port for ICE over TCP. livekit-server binds that
	// port on every interface, not only loopback, so it is off by default.
	RTCTCP bool
	// LogLevel is the server's log level; empty means info. (Dev mode's
	// default, debug, logs every SDP and buries what matters.)
	LogLevel string
	// Output, if set, also receives the server's stdout and stderr.
	Output io.Writer
}

// serverConfig is the subset of livekit-server's YAML config written here.
type serverConfig struct {
	Port    int               `yaml:"port"`
	Keys    map[string]string `yaml:"keys"`
	RTC     rtcConfig         `yaml:"rtc"`
	Logging loggingConfig     `yaml:"logging"`
	Webhook *webhookConfig    `yaml:"webhook,omitempty"`
}

type rtcConfig struct {
	UDPPort       int  `yaml:"udp_port"`
	TCPPort       int  `yaml:"tcp_port"`
	UseExternalIP bool `yaml:"use_external_ip"`
	// Loopback candidates are off by default in LiveKit; without them the
	// UDP mux would listen on the machine's other addresses only.
	EnableLoopbackCandidate bool     `yaml:"enable_loopback_candidate"`
	IPs                     ipFilter `yaml:"ips"`
}

type ipFilter struct {
	Includes []string `yaml:"includes"`
}

type loggingConfig struct {
	Level string `yaml:"level"`
}

type webhookConfig struct {
	APIKey string   `yaml:"api_key"`
	URLs   []string `yaml:"urls"`
}

// marshalConfig renders the YAML config for c on ports p.
func marshalConfig(c Config, p Ports) ([]byte, error) {
	sc := serverConfig{
		Port: p.HTTP,
		Keys: map[string]string{APIKey: APISecret, DistinctKey: DistinctSecret},
		RTC: rtcConfig{
			UDPPort:                 p.RTCUDP,
			TCPPort:                 p.RTCTCP,
			EnableLoopbackCandidate: true,
			IPs:                     ipFilter{Includes: []string{"127.0.0.0/8"}},
		},
	}
	sc.Logging = loggingConfig{Level: cmp.Or(c.LogLevel, "info")}
	if len(c.Webhooks) > 0 {
		sc.Webhook = &webhookConfig{APIKey: APIKey, URLs: c.Webhooks}
	}
	b, err := yaml.Marshal(sc)
	if err != nil {
		return nil, fmt.Errorf("marshal livekit config: %w", err)
	}
	return b, nil
}
