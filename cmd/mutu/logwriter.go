package main

import (
	"bufio"
	"context"
	"io"
	"sync"
	"time"
)

// logWriter buffers log lines and writes them out every flushEvery or when
// 64 KiB are waiting: at thousands of requests per second one write(2) per
// access-log line costs more than the request itself. On a crash at most
// flushEvery of log lines is lost; stored data never depends on the log.
type logWriter struct {
	mu sync.Mutex
	w  *bufio.Writer
}

const flushEvery = 200 * time.Millisecond

func newLogWriter(ctx context.Context, w io.Writer) *logWriter {
	lw := &logWriter{w: bufio.NewWriterSize(w, 64<<10)}
	go func() {
		t := time.NewTicker(flushEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				lw.Flush()
				return
			case <-t.C:
				lw.Flush()
			}
		}
	}()
	return lw
}

func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Flush writes out what is buffered.
func (l *logWriter) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Flush()
}
