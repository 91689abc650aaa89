package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"mutu/internal/errs"
	"mutu/internal/i18n"
	"mutu/internal/skm"
)

// cmdSKM runs "mutu skm sample-size|report|import".
func cmdSKM(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: mutu skm sample-size N | report … | import …", errUsage)
	}
	switch args[0] {
	case "sample-size":
		return cmdSampleSize(args[1:], stdout, stderr)
	case "report":
		return cmdSKMReport(ctx, args[1:], stdout)
	case "import":
		return cmdSKMImport(ctx, args[1:], stdout)
	}
	return fmt.Errorf("%w: mutu skm sample-size N | report … | import …", errUsage)
}

func cmdSampleSize(args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%w: mutu skm sample-size N", errUsage)
	}
	n, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || n < 1 {
		return errs.New(errs.Invalid, "skm.err.population")
	}
	l := i18n.ParseLang(os.Getenv("MUTU_LANG"))
	fmt.Fprintf(stdout, "%d\n", skm.SampleSize(n))
	fmt.Fprintf(stderr, "%s\n", i18n.T(l, "skm.cli_sample", i18n.Int(l, n), i18n.Int(l, skm.SampleSize(n))))
	return nil
}

// cmdSKMReport prints or writes the survey report of a unit for a period:
// --period (2026-T4, 2026-S2, 2026), --from and --to, or by default the
// current quarter in Asia/Jakarta, titled as the web titles it.
func cmdSKMReport(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config
	fs := newFlags("skm report", &cfg)
	unitCode := fs.String("unit", "", "unit code")
	serviceCode := fs.String("service", "", "service code (optional)")
	period := fs.String("period", "", "period: 2026-T4 (triwulan), 2026-S2 (semester) or 2026 (default: the current quarter)")
	from := fs.String("from", "", "first date, YYYY-MM-DD (instead of --period)")
	to := fs.String("to", "", "last date, YYYY-MM-DD (instead of --period)")
	format := fs.String("format", "json", "json, xlsx or pdf")
	out := fs.String("out", "", "output file (default: standard output)")
	if err := fs.Parse(args); err != nil || *unitCode == "" || (*period != "" && (*from != "" || *to != "")) {
		return fmt.Errorf("%w: mutu skm report --unit CODE [--period 2026-T4 | --from DATE --to DATE] [--format json|xlsx|pdf] [--out FILE]", errUsage)
	}
	rng, label, err := reportPeriod(*period, *from, *to, now())
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UnitByCode(ctx, *unitCode)
	if err != nil {
		return err
	}
	var body []byte
	switch *format {
	case "json":
		var svcID string
		if *serviceCode != "" {
			svc := u.ServiceByCode(*serviceCode)
			if svc == nil {
				return errs.New(errs.NotFound, "service.err.not_found", *serviceCode)
			}
			svcID = svc.ID
		}
		sum, err := skm.Summarize(ctx, db, u.ID, svcID, rng)
		if err != nil {
			return err
		}
		body, err = json.MarshalIndent(struct {
			Unit   string `json:"unit"`
			Period string `json:"period"`
			skm.Summary
		}{u.Code, label, sum}, "", "  ")
		if err != nil {
			return err
		}
		body = append(body, '\n')
	case "xlsx", "pdf":
		body, err = buildReport(ctx, db, u, rng, label, *format)
		if err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: --format json|xlsx|pdf", errUsage)
	}
	if *out == "" {
		_, err = stdout.Write(body)
		return err
	}
	return os.WriteFile(*out, body, 0o644)
}

// reportPeriod is the range and title of a report, chosen the way the web
// chooses them: a period code, two dates, or the quarter of now in
// Asia/Jakarta.
func reportPeriod(code, from, to string, now time.Time) (skm.Range, string, error) {
	switch {
	case code != "":
		return skm.ParsePeriod(code)
	case from != "" || to != "":
		rng, err := skm.ParseRange(from, to)
		if err != nil {
			return skm.Range{}, "", err
		}
		return rng, i18n.DateRange(i18n.ID, rng.From, rng.To), nil
	}
	rng, label := skm.CurrentQuarter(now)
	return rng, label, nil
}
