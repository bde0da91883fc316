package lktest

import (
	"bufio"
	"net"
	"net/http"
	"sync"
	"testing"
)

// SilentServer accepts connections, reads the HTTP request that opens a
// WebSocket, and never answers, like a stuck server or a black-holing
// proxy.
type SilentServer struct {
	l         net.Listener
	requested chan struct{} // closed when the first request has arrived
	done      chan struct{} // closed when the accept loop has ended
	closeOnce sync.Once

	mu    sync.Mutex
	conns []net.Conn
}

// StartSilent starts a SilentServer on loopback; it is closed when t ends.
func StartSilent(t testing.TB) *SilentServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SilentServer{l: l, requested: make(chan struct{}), done: make(chan struct{})}
	var once sync.Once
	go func() { // owned by s: Close ends it and waits
		defer close(s.done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			go func() { // ends when Close closes c
				if _, err := http.ReadRequest(bufio.NewReader(c)); err == nil {
					once.Do(func() { close(s.requested) })
				}
			}()
		}
	}()
	t.Cleanup(s.Close)
	return s
}

// URL is the server's ws:// URL.
func (s *SilentServer) URL() string { return "ws://" + s.l.Addr().String() }

// Requested is closed once the first HTTP request has arrived.
func (s *SilentServer) Requested() <-chan struct{} { return s.requested }

// Close stops listening and drops every connection, which ends the
// readers. It is safe to call more than once.
func (s *SilentServer) Close() {
	s.closeOnce.Do(func() {
		s.l.Close()
		<-s.done
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, c := range s.conns {
			c.Close()
		}
	})
}
