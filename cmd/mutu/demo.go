package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"mutu/internal/i18n"
	"mutu/internal/seed"
)

// cmdDemo runs "mutu demo generate [--responses N] [--complaints N]":
// synthetic survey and complaint history for load and scale tests (see
// bench/ and docs/performance.md).
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "generate" {
		return fmt.Errorf("%w: mutu demo generate [--responses N] [--complaints N]", errUsage)
	}
	var cfg config
	fs := newFlags("demo generate", &cfg)
	n := fs.Int("responses", 0, "number of survey responses")
	nc := fs.Int("complaints", 0, "number of complaint reports")
	if err := fs.Parse(args[1:]); err != nil || *n < 0 || *nc < 0 || *n+*nc == 0 {
		return fmt.Errorf("%w: mutu demo generate [--responses N] [--complaints N]", errUsage)
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := demoIfEmpty(ctx, db, stderr); err != nil {
		return err
	}
	report := func(what string, total int, run func(progress func(done, total int)) error) error {
		start := time.Now()
		last := -1
		err := run(func(done, total int) {
			if pct := done * 100 / total; pct/5 != last/5 {
				last = pct
				fmt.Fprintf(stderr, "%s / %s (%d%%)\n", i18n.Int(i18n.ID, int64(done)), i18n.Int(i18n.ID, int64(total)), pct)
			}
		})
		if err != nil {
			return err
		}
		el := time.Since(start)
		fmt.Fprintf(stdout, "%s %s dibuat dalam %s (%s/detik)\n", i18n.Int(i18n.ID, int64(total)), what, el.Round(time.Second),
			i18n.Int(i18n.ID, int64(float64(total)/el.Seconds())))
		return nil
	}
	if *n > 0 {
		if err := report("jawaban SKM / survey responses", *n, func(p func(int, int)) error { return seed.Generate(ctx, db, *n, db.Now(), p) }); err != nil {
			return err
		}
	}
	if *nc > 0 {
		return report("laporan pengaduan / complaint reports", *nc, func(p func(int, int)) error {
			return seed.GenerateComplaints(ctx, db, *nc, db.Now(), p)
		})
	}
	return nil
}
