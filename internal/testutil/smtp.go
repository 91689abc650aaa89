package testutil

import (
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Mail is one message a test SMTP server received.
type Mail struct {
	From string
	To   []string
	Data string
}

// SMTPServer is a minimal SMTP server on loopback for tests: it accepts
// every message (no TLS, no authentication) and keeps it.
type SMTPServer struct {
	Addr string
	mu   sync.Mutex
	mail []Mail
	ln   net.Listener
}

// StartSMTP starts a test SMTP server, stopped at the end of the test.
func StartSMTP(t testing.TB) *SMTPServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTPServer{Addr: ln.Addr().String(), ln: ln}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

// Mail returns the messages received so far.
func (s *SMTPServer) Mail() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

func (s *SMTPServer) serve() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(conn)
	}
}

func (s *SMTPServer) session(conn net.Conn) {
	defer conn.Close()
	tp := textproto.NewConn(conn)
	tp.PrintfLine("220 mutu-test ESMTP")
	var m Mail
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			tp.PrintfLine("250-mutu-test")
			tp.PrintfLine("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m = Mail{From: strings.Trim(line[10:], " <>")}
			tp.PrintfLine("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.To = append(m.To, strings.Trim(line[8:], " <>"))
			tp.PrintfLine("250 OK")
		case cmd == "DATA":
			tp.PrintfLine("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m.Data = string(data)
			s.mu.Lock()
			s.mail = append(s.mail, m)
			s.mu.Unlock()
			tp.PrintfLine("250 OK")
		case cmd == "QUIT":
			tp.PrintfLine("221 bye")
			return
		case cmd == "RSET", cmd == "NOOP":
			tp.PrintfLine("250 OK")
		default:
			tp.PrintfLine("502 not implemented")
		}
	}
}
