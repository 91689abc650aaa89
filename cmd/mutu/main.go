// Command mutu runs Mutu: the web server and the administrative commands.
//
//	mutu serve [--demo] [--addr :8080] [--db mutu.db|postgres://…]
//	mutu migrate | seed --demo | import units|regions|boundaries FILE | user add …
//
// Every command takes --db (default mutu.db in the working directory;
// MUTU_DB likewise); a postgres:// URL selects PostgreSQL.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"mutu/internal/errs"
	"mutu/internal/i18n"
)

const usage = `Mutu — mutu pelayanan publik / public service quality

Penggunaan / usage:
  mutu serve [--demo] [--addr :8080] [--db FILE|URL]   jalankan server web / run the web server
  mutu migrate [--db …]                               terapkan migrasi / apply migrations
  mutu seed --demo [--db …]                           muat data demo ke basis data kosong / load demo data
  mutu import units FILE [--db …]                     impor unit dan layanan (CSV) / import units
  mutu import regions FILE [--db …]                   impor wilayah Kemendagri (CSV) / import regions
  mutu import boundaries FILE [--db …]                impor batas wilayah (GeoJSON) / import region boundaries
  mutu user add --username U --name N --role R [--region KODE] [--units KODE,…] [--db …]
                                                      buat pengguna / create a user (prints a temporary password)
  mutu apikey create --name NAMA [--region KODE] | list | revoke ID
                                                      kunci API Open311 / Open311 API keys (create prints the key once)
  mutu skm sample-size N                              sampel Krejcie–Morgan / Krejcie–Morgan sample
  mutu skm report --unit KODE [--period 2026-T4|2026-S2|2026 | --from TGL --to TGL] [--service KODE]
                  [--format json|xlsx|pdf] [--out BERKAS]
                                                      laporan SKM / survey report (JSON to standard output;
                                                      default: the current quarter)
  mutu pekppp score BERKAS.json                       hitung IPP PEKPPP dari skor, tanpa basis data /
                                                      PEKPPP index from scores, without a database
  mutu kepatuhan score BERKAS.json                    nilai dan opini kepatuhan Ombudsman dari nilai dimensi,
                                                      tanpa basis data / Ombudsman compliance score and opinion
                                                      from dimension scores, without a database
  mutu demo generate --responses N                    data sintetis untuk uji beban / synthetic data for load tests
  mutu skm import --unit KODE [--service KODE] [--order permen|questionnaire] BERKAS.csv|.xlsx
                                                      impor survei kertas / import paper surveys
  mutu backup --out BERKAS.tar.gz [--attachments DIR] cadangan saat server berjalan / backup while serving
  mutu backup verify BERKAS.tar.gz                    periksa cadangan / verify a backup
  mutu restore BERKAS.tar.gz [--attachments DIR] [--db …]
                                                      pulihkan ke basis data dan direktori kosong /
                                                      restore into an empty database and directory

Konfigurasi / configuration (flags override environment):
  MUTU_DB            --db      database: a SQLite file path or a postgres:// URL (default mutu.db)
  MUTU_DB_POOLER               transaction: PostgreSQL through pgbouncer in transaction mode
                               (no prepared statement outlives its transaction; default: direct)
  MUTU_DB_READ       --db-read (serve) postgres:// URL of a streaming replica for dashboards, reports,
                               rankings and public pages (PostgreSQL only; default: none)
  MUTU_DB_READ_MAX_LAG         how far the replica may lag before reads go to the primary and
                               /healthz says degraded (default 30s)
  MUTU_ADDR          --addr    listen address (default :8080)
  MUTU_ATTACHMENTS   --attachments (backup, restore) attachment and evidence files (default attachments)
  MUTU_LANG                    language of command output: id (default) or en
  MUTU_COOKIE_SECURE           1: session cookie only over HTTPS (set behind TLS)
  MUTU_RATE_LIMIT              public requests per second per IP (default 10; 0 = off)
  MUTU_TRUST_PROXY             1: client IP from X-Forwarded-For (behind a reverse proxy)
  MUTU_METRICS_TOKEN           bearer token for /metrics (default: loopback clients only)
  MUTU_LOG_LEVEL               debug, info (default), warn, error
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, message(err))
		os.Exit(1)
	}
}

// run dispatches a subcommand; tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, stdout)
	case "seed":
		return cmdSeed(ctx, rest, stdout)
	case "import":
		return cmdImport(ctx, rest, stdout, stderr)
	case "user":
		return cmdUser(ctx, rest, stdout)
	case "skm":
		return cmdSKM(ctx, rest, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, rest, stdout, stderr)
	case "apikey":
		return cmdAPIKey(ctx, rest, stdout)
	case "pekppp":
		return cmdPEKPPP(rest, stdout)
	case "kepatuhan":
		return cmdKepatuhan(rest, stdout)
	case "backup":
		return cmdBackup(ctx, rest, stdout)
	case "restore":
		return cmdRestore(ctx, rest, stdout)
	}
	return fmt.Errorf("perintah tidak dikenal / unknown command %q\n\n%s", cmd, usage)
}

// message renders an error for the terminal in MUTU_LANG, with every
// row-level problem on its own line.
func message(err error) string {
	l := i18n.ParseLang(os.Getenv("MUTU_LANG"))
	e, ok := errs.As(err)
	if !ok {
		return "mutu: " + err.Error()
	}
	msg := "mutu: " + i18n.T(l, e.Key, e.Args...)
	for _, f := range e.Fields {
		line := i18n.T(l, f.Key, f.Args...)
		if f.Value != "" {
			line += " (" + f.Value + ")"
		}
		if f.Row > 0 {
			line = i18n.T(l, "import.row", f.Row, f.Name) + ": " + line
		} else if f.Name != "" {
			line = f.Name + ": " + line
		}
		msg += "\n  " + line
	}
	if e.Code == errs.Internal && e.Err != nil {
		msg += "\n  " + e.Err.Error()
	}
	return msg
}

var errUsage = errors.New("lihat / see: mutu help")
