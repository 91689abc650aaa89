// Package notify sends e-mail to citizens and staff through SMTP
// (github.com/wneessen/go-mail). Messages go out in the background; a
// failure is logged without the recipient's address (personal data never
// reaches the log) and never fails the request that caused it.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"time"

	mail "github.com/wneessen/go-mail"
)

// Mailer sends one message.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// SMTP is a Mailer configured by a URL:
// smtp://user:password@host:587?from=pengaduan@kota.go.id[&tls=none|starttls|tls].
type SMTP struct {
	host, user, pass, from string
	port                   int
	tls                    string
}

// ParseURL reads an SMTP URL (MUTU_SMTP_URL).
func ParseURL(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, fmt.Errorf("MUTU_SMTP_URL: want smtp://[user:pass@]host:port?from=ADDRESS")
	}
	s := &SMTP{host: u.Hostname(), port: 587, from: u.Query().Get("from"), tls: u.Query().Get("tls")}
	if p := u.Port(); p != "" {
		if s.port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("MUTU_SMTP_URL: bad port %q", p)
		}
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	if s.from == "" {
		return nil, fmt.Errorf("MUTU_SMTP_URL: the from= parameter is required")
	}
	if s.tls == "" {
		s.tls = "starttls"
	}
	return s, nil
}

// Send delivers one plain-text message.
func (s *SMTP) Send(ctx context.Context, to, subject, body string) error {
	m := mail.NewMsg()
	if err := m.From(s.from); err != nil {
		return err
	}
	if err := m.To(to); err != nil {
		return err
	}
	m.Subject(subject)
	m.SetBodyString(mail.TypeTextPlain, body)
	opts := []mail.Option{mail.WithPort(s.port), mail.WithTimeout(15 * time.Second)}
	switch s.tls {
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case "tls":
		opts = append(opts, mail.WithSSL())
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if s.user != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(s.user), mail.WithPassword(s.pass))
	}
	c, err := mail.NewClient(s.host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, m)
}

// emailRE finds addresses in error texts, which must not reach the log.
var emailRE = regexp.MustCompile(`[^\s<>@"']+@[^\s<>@"']+`)

// Outbox sends messages in the background with a Mailer; with none (e-mail
// is off) it drops them.
type Outbox struct {
	Mailer Mailer
	Log    *slog.Logger
}

// Post queues a message; kind names it in logs ("complaint.filed").
func (o *Outbox) Post(kind, to, subject, body string) {
	if o == nil || o.Mailer == nil || to == "" {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := o.Mailer.Send(ctx, to, subject, body); err != nil {
			o.Log.Warn("e-mail not sent", "kind", kind, "err", emailRE.ReplaceAllString(err.Error(), "•••"))
		}
	}()
}
