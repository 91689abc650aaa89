package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mutu/internal/store"
)

// startServer runs "mutu serve" in a child process on a free port.
func startServer(t *testing.T, db string) (*exec.Cmd, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "serve", "--db", db, "--addr", addr)
	cmd.Env = append(os.Environ(), "MUTU_TEST_RUN_MAIN=1", "MUTU_RATE_LIMIT=0", "MUTU_LOG_LEVEL=warn")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	base := "http://" + addr
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd, base
			}
		}
	}
	cmd.Process.Kill()
	t.Fatal("server did not start")
	return nil, ""
}

// TestAcknowledgedResponsesSurviveKill9 posts responses from many clients,
// kills the server with SIGKILL while requests are in flight, and checks
// that every response acknowledged with 201 is in the database.
func TestAcknowledgedResponsesSurviveKill9(t *testing.T) {
	db := filepath.Join(t.TempDir(), "mutu.db")
	if _, _, err := mutu(t, "seed", "--demo", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _, err := mutu(t, "apikey", "create", "--name", "uji beban", "--scope", "responses", "--db", db)
	key := apiKeyRE.FindString(out)
	if err != nil || key == "" {
		t.Fatalf("apikey create: %v\n%s", err, out)
	}
	cmd, base := startServer(t, db)
	var mu sync.Mutex
	var acked []string
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 5 * time.Second}
	for c := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				body := fmt.Sprintf(`{"answers":{"U1":4,"U2":3,"U3":3,"U4":4,"U5":3,"U6":4,"U7":4,"U8":3,"U9":%d},"device":"kill-%d-%d"}`, 1+i%4, c, i)
				req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/units/PKM-31.72.01/responses", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+key)
				res, err := client.Do(req)
				if err != nil {
					continue // the server is gone: not acknowledged
				}
				var created struct{ ID string }
				if res.StatusCode == http.StatusCreated && json.NewDecoder(res.Body).Decode(&created) == nil {
					mu.Lock()
					acked = append(acked, created.ID)
					mu.Unlock()
				}
				res.Body.Close()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	stop()
	wg.Wait()
	if len(acked) < 100 {
		t.Fatalf("only %d responses acknowledged before the kill", len(acked))
	}
	s, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	u, err := s.UnitByCode(context.Background(), "PKM-31.72.01")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range acked {
		if _, err := s.Response(context.Background(), u.ID, id); err != nil {
			t.Fatalf("acknowledged response %s lost after kill -9: %v", id, err)
		}
	}
	t.Logf("%d acknowledged responses, all present after SIGKILL", len(acked))
	// The server starts again on the same file.
	cmd, _ = startServer(t, db)
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
}
