package lktest

import (
	"errors"
	"fmt"
	"net"
)

// Ports are the loopback ports one server listens on. Zero RTCTCP disables
// ICE over TCP.
type Ports struct {
	HTTP   int // signalling (WebSocket) and Twirp API
	RTCUDP int // every WebRTC peer connection, multiplexed on one port
	RTCTCP int // ICE over TCP; optional
}

// freePorts asks the kernel for distinct free loopback ports. All of them are
// held open until every one is chosen, so the set has no duplicates; another
// process may still take one before the server binds it, which Start handles
// by retrying.
func freePorts(withTCP bool) (p Ports, err error) {
	var closers []func() error
	defer func() {
		for _, c := range closers {
			err = errors.Join(err, c())
		}
	}()
	tcpPort := func() (int, error) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, fmt.Errorf("pick free tcp port: %w", err)
		}
		closers = append(closers, l.Close)
		return l.Addr().(*net.TCPAddr).Port, nil
	}
	if p.HTTP, err = tcpPort(); err != nil {
		return Ports{}, err
	}
	if withTCP {
		if p.RTCTCP, err = tcpPort(); err != nil {
			return Ports{}, err
		}
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return Ports{}, fmt.Errorf("pick free udp port: %w", err)
	}
	closers = append(closers, pc.Close)
	p.RTCUDP = pc.LocalAddr().(*net.UDPAddr).Port
	return p, nil
}
