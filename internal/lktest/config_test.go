package lktest

import (
	"strings"
	"testing"
)

func TestMarshalConfig(t *testing.T) {
	b, err := marshalConfig(Config{Webhooks: []string{"http://127.0.0.1:9/hook"}}, Ports{HTTP: 1, RTCUDP: 2})
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		"port: 1\n",
		"devkey: secret",
		"udp_port: 2",
		"tcp_port: 0",
		"use_external_ip: false",
		"enable_loopback_candidate: true",
		"api_key: devkey",
		"- http://127.0.0.1:9/hook",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("config lacks %q:\n%s", want, got)
		}
	}
}
