package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"mutu/internal/i18n"
	"mutu/internal/seed"
)

// cmdDemo runs "mutu demo generate --responses N": synthetic survey history
// for load and scale tests (see bench/ and docs/performance.md).
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "generate" {
		return fmt.Errorf("%w: mutu demo generate --responses N", errUsage)
	}
	var cfg config
	fs := newFlags("demo generate", &cfg)
	n := fs.Int("responses", 0, "number of responses")
	if err := fs.Parse(args[1:]); err != nil || *n <= 0 {
		return fmt.Errorf("%w: mutu demo generate --responses N", errUsage)
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	empty, err := seed.IsEmpty(ctx, db)
	if err != nil {
		return err
	}
	if empty {
		if err := seed.Demo(ctx, db); err != nil {
			return err
		}
	}
	start := time.Now()
	last := -1
	err = seed.Generate(ctx, db, *n, db.Now(), func(done, total int) {
		if pct := done * 100 / total; pct/5 != last/5 {
			last = pct
			fmt.Fprintf(stderr, "%s / %s (%d%%)\n", i18n.Int(i18n.ID, int64(done)), i18n.Int(i18n.ID, int64(total)), pct)
		}
	})
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "%s jawaban dibuat dalam %s (%s/detik) / responses generated\n", i18n.Int(i18n.ID, int64(*n)), el.Round(time.Second),
		strconv.Itoa(int(float64(*n)/el.Seconds())))
	return nil
}
