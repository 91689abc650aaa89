package linkcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Limits of one fetch: a slow or huge site costs one worker at most
// Timeout and reads at most MaxBody bytes.
const (
	DialTimeout  = 5 * time.Second
	Timeout      = 15 * time.Second // the whole fetch, redirects and body included
	MaxRedirects = 5
	MaxBody      = 1 << 20
)

// UserAgent names Mutu and why it calls, so a site's administrator who
// sees it in their logs knows.
const UserAgent = "Mutu-LinkCheck/1.0 (pemeriksa register publikasi standar pelayanan; publication register link checker)"

// Result is what a fetch found.
type Result struct {
	Status  int           // the final answer's HTTP status; 0: none
	Elapsed time.Duration // until the answer's headers (or the failure)
	Err     string        // why there was no answer
	HTML    bool          // the answer is an HTML page
	Text    string        // the page's visible text (HTML), from at most MaxBody bytes
}

// Fetcher fetches register URLs through a Guard.
type Fetcher struct {
	client *http.Client
}

// NewFetcher returns a fetcher that connects only to addresses g allows,
// never through a proxy (a proxy would connect on our behalf, past the
// guard), and follows at most MaxRedirects http(s) redirects.
func NewFetcher(g *Guard, timeout time.Duration) *Fetcher {
	if timeout <= 0 {
		timeout = Timeout
	}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           g.dialer().DialContext,
		TLSHandshakeTimeout:   DialTimeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          16,
		IdleConnTimeout:       30 * time.Second,
	}
	return &Fetcher{client: &http.Client{
		Transport: tr,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return fmt.Errorf("more than %d redirects", MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s: not http(s)", req.URL.Scheme)
			}
			return nil
		},
	}}
}

// Fetch gets raw and reads its text if it is an HTML page.
func (f *Fetcher) Fetch(ctx context.Context, raw string) Result {
	start := time.Now()
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return Result{Err: "not an http(s) URL"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Result{Err: "not an http(s) URL"}
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	resp, err := f.client.Do(req)
	res := Result{Elapsed: time.Since(start)}
	if err != nil {
		res.Err = describe(err)
		return res
	}
	defer resp.Body.Close()
	res.Status = resp.StatusCode
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt != "text/html" && mt != "application/xhtml+xml" {
		return res
	}
	res.HTML = true
	res.Text, err = text(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		res.Err = describe(err)
	}
	return res
}

// text is the visible text of an HTML page: text nodes outside script
// and style, and the title.
func text(r io.Reader) (string, error) {
	z := html.NewTokenizer(r)
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return b.String(), err
			}
			return b.String(), nil
		case html.StartTagToken:
			if name, _ := z.TagName(); string(name) == "script" || string(name) == "style" {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); (string(name) == "script" || string(name) == "style") && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
				b.WriteByte(' ')
			}
		}
	}
}

// describe says in a few words why a fetch failed, for the staff page.
func describe(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, ErrNotPublic):
		return "refused: not a public address"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return "name not found"
	}
	msg := err.Error()
	if ue, ok := err.(*url.Error); ok {
		msg = ue.Err.Error()
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}
