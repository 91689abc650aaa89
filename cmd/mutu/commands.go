package main

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"os"
	"strings"
	"time"

	"mutu/internal/account"
	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/errs"
	"mutu/internal/geo"
	"mutu/internal/i18n"
	"mutu/internal/jobs"
	"mutu/internal/linkcheck"
	"mutu/internal/notify"
	"mutu/internal/region"
	"mutu/internal/scorecard"
	"mutu/internal/seed"
	"mutu/internal/store"
	"mutu/internal/unit"
	"mutu/internal/web"
)

// now is the clock of every command; tests replace it.
var now clock.Clock = clock.System

// openDB opens and migrates the database.
func openDB(ctx context.Context, dsn string) (*store.DB, error) {
	// MUTU_DB_POOLER=transaction: PostgreSQL through a pgbouncer in
	// transaction mode (no prepared statement outlives its transaction).
	dsn, err := store.PoolerDSN(dsn, os.Getenv("MUTU_DB_POOLER"))
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	db.Now = now
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadServe(args)
	if err != nil {
		return err
	}
	logOut := newLogWriter(ctx, stderr)
	defer logOut.Flush()
	log := slog.New(slog.NewJSONHandler(logOut, &slog.HandlerOptions{Level: cfg.LogLevel}))
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Holds = cfg.Holds
	if cfg.DBRead != "" {
		if err := db.OpenReplica(ctx, cfg.DBRead, cfg.DBReadMaxLag); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	defer ln.Close() // when New fails; Serve and Shutdown close it otherwise
	if cfg.Web.BaseURL == "" {
		cfg.Web.BaseURL = listenBaseURL(cfg.Addr, ln.Addr())
		log.Warn("MUTU_BASE_URL is not set: QR codes, posters, e-mails and Open311 links use the listen address; set it to the public address",
			"base_url", cfg.Web.BaseURL)
	}
	guard := &linkcheck.Guard{AllowPrivate: cfg.Web.LinkCheckPrivate}
	if cfg.Demo {
		// The demo's register points at its own pages (seed.Publications):
		// the link checker may reach this server's own address, and only it.
		guard.Allow = ownAddresses(ln.Addr())
		seeded, err := demoIfEmpty(ctx, db, stdout)
		if err == nil && seeded {
			err = seed.Publications(ctx, db, cfg.Web.BaseURL, cfg.Web.AttachmentDir, db.Now())
		}
		if err == nil && seeded {
			err = seed.SelfAssessments(ctx, db, cfg.Web.AttachmentDir, db.Now()) // sa14
		}
		if err != nil {
			return err
		}
		printDemoAccounts(stdout)
	}
	cfg.Web.ScorecardCache = true
	srv, err := web.New(db, cfg.Web, log)
	if err != nil {
		return err
	}
	// The provinces' scorecards (hundreds of units each) are read ahead of
	// their leaders: answers at most scorecard.CacheTTL old (docs/scaling.md).
	go srv.WarmScorecards(ctx, scorecard.CacheTTL/2)
	httpSrv := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go srv.RunMaintenance(ctx, 10*time.Minute)
	// nodes15: each background job runs on the one node that holds its
	// lease (job_leases); another takes over when that node dies.
	lease := &jobs.Lease{DB: db, Log: log, Node: jobs.NodeID()}
	sweeper := &jobs.Sweeper{DB: db, Log: log, Outbox: &notify.Outbox{Mailer: cfg.Web.Mailer, Log: log}, BaseURL: cfg.Web.BaseURL, Lease: lease}
	go sweeper.Run(ctx, 5*time.Minute, db.Now)
	// team13: reminders before a visit window closes (claimed per unit and window in the database)
	reminders := &jobs.Reminders{DB: db, Log: log, Outbox: sweeper.Outbox, BaseURL: cfg.Web.BaseURL, Lease: lease}
	go reminders.Run(ctx, time.Hour, db.Now)
	// finding13: overdue follow-ups of findings escalate (claimed per finding and round in the database)
	escalations := &jobs.FindingEscalations{DB: db, Log: log, Outbox: sweeper.Outbox, BaseURL: cfg.Web.BaseURL, Lease: lease}
	go escalations.Run(ctx, time.Hour, db.Now)
	privacy := &jobs.Privacy{DB: db, Log: log, Retention: cfg.Retention, ContactGrace: cfg.ContactGrace, AttachmentDir: cfg.Web.AttachmentDir, Lease: lease}
	go privacy.Run(ctx, time.Hour, db.Now)
	// assess14: evidence packs asked for on the assessment pages (state and progress in the database)
	packs := &jobs.EvidencePacks{DB: db, Log: log, AttachmentDir: cfg.Web.AttachmentDir, Lease: lease}
	go packs.Run(ctx, 10*time.Second, db.Now)
	links := &jobs.LinkChecker{DB: db, Log: log, Fetcher: linkcheck.NewFetcher(guard, 0), Every: cfg.LinkCheckEvery, Lease: lease}
	go links.Run(ctx, time.Minute, db.Now)
	if addr := os.Getenv("MUTU_PPROF_ADDR"); addr != "" {
		// Profiling endpoints on a separate listener (keep it on loopback).
		go func() { log.Warn("pprof", "err", http.ListenAndServe(addr, pprofMux())) }()
	}
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	fmt.Fprintf(stdout, "Mutu berjalan di / running at http://%s (basis data / database: %s)\n", displayAddr(ln.Addr()), db.Engine)
	log.Info("serving", "addr", ln.Addr().String(), "engine", string(db.Engine))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return httpSrv.Shutdown(shutdownCtx)
}

// demoIfEmpty loads the demo data into a database that has none yet and
// reports whether it did.
func demoIfEmpty(ctx context.Context, db *store.DB, stdout io.Writer) (bool, error) {
	empty, err := seed.IsEmpty(ctx, db)
	if err != nil || !empty {
		return false, err
	}
	fmt.Fprintln(stdout, "Memuat data demo DKI Jakarta… / loading demo data…")
	return true, seed.Demo(ctx, db)
}

// ownAddresses are the addresses on which this server accepts
// connections on bound: its IP, or the loopback addresses when it listens
// on every interface.
func ownAddresses(bound net.Addr) []netip.AddrPort {
	tcp, ok := bound.(*net.TCPAddr)
	if !ok {
		return nil
	}
	port := uint16(tcp.Port)
	if ip, ok := netip.AddrFromSlice(tcp.IP); ok && !ip.IsUnspecified() {
		return []netip.AddrPort{netip.AddrPortFrom(ip.Unmap(), port)}
	}
	return []netip.AddrPort{netip.AddrPortFrom(netip.MustParseAddr("127.0.0.1"), port), netip.AddrPortFrom(netip.IPv6Loopback(), port)}
}

func displayAddr(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

func printDemoAccounts(w io.Writer) {
	fmt.Fprintf(w, "Akun demo / demo accounts (kata sandi / password: %s):\n", seed.DemoPassword)
	for _, a := range seed.DemoAccounts {
		scope := a.Region
		if len(a.Units) > 0 {
			scope = strings.Join(a.Units, ", ")
		}
		fmt.Fprintf(w, "  %-16s %-10s %s\n", a.Username, a.Role, scope)
	}
}

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config
	if err := newFlags("migrate", &cfg).Parse(args); err != nil {
		return fmt.Errorf("%w (%v)", errUsage, err)
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d migrasi diterapkan / migrations applied (%s)\n", n, db.Engine)
	return nil
}

func cmdSeed(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config
	fs := newFlags("seed", &cfg)
	demo := fs.Bool("demo", false, "load demo data")
	if err := fs.Parse(args); err != nil || !*demo {
		return fmt.Errorf("%w: mutu seed --demo", errUsage)
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := seed.Demo(ctx, db); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Data demo dimuat / demo data loaded.")
	printDemoAccounts(stdout)
	return nil
}

// splitArgs separates flags from positional arguments so that flags may come
// after the file name ("mutu import units FILE --db …").
func splitArgs(args []string) (flags, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
			if !strings.Contains(a, "=") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") && a != "--demo" && a != "-demo" {
				flags = append(flags, args[i+1])
				i++
			}
			continue
		}
		positional = append(positional, a)
	}
	return flags, positional
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	flagArgs, pos := splitArgs(args)
	if err := newFlags("import", &cfg).Parse(flagArgs); err != nil || len(pos) != 2 {
		return fmt.Errorf("%w: mutu import units|regions|boundaries FILE", errUsage)
	}
	kind, path := pos[0], pos[1]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	l := i18n.ParseLang(os.Getenv("MUTU_LANG"))
	switch kind {
	case "units":
		res, err := unit.Import(ctx, db, audit.CLI, func(string) bool { return true }, f)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, i18n.T(l, "import.done", res.Units, res.Services))
		return nil
	case "regions":
		return importRegions(ctx, db, f, stdout, stderr, l)
	case "boundaries":
		return importBoundaries(ctx, db, f, stdout, l)
	}
	return fmt.Errorf("%w: mutu import units|regions|boundaries FILE", errUsage)
}

func importRegions(ctx context.Context, db *store.DB, f io.Reader, stdout, stderr io.Writer, l i18n.Lang) error {
	start := time.Now()
	fmt.Fprintln(stderr, "Membaca berkas / reading file…")
	known := func(code string) bool {
		ok, err := db.RegionsExist(ctx, []string{code})
		return err == nil && ok[code]
	}
	regions, err := region.ParseCSV(f, known)
	if err != nil {
		return err
	}
	// On a terminal the progress line rewrites itself; in a log, one line per 10 %.
	step, format := 10, "Wilayah / regions: %s / %s (%d%%)\n"
	if isTerminal(stderr) {
		step, format = 1, "\rWilayah / regions: %s / %s (%d%%)"
	}
	lastPct := -step
	progress := func(done, total int) {
		if pct := done * 100 / total; pct >= lastPct+step || done == total {
			lastPct = pct
			fmt.Fprintf(stderr, format, i18n.Int(l, int64(done)), i18n.Int(l, int64(total)), pct)
		}
	}
	err = db.UpsertRegions(ctx, audit.CLI, regions, progress)
	if isTerminal(stderr) {
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	counts, err := db.RegionCounts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s wilayah diimpor dalam %s / regions imported. Jumlah / totals: %s provinsi, %s kota/kabupaten, %s kecamatan, %s kelurahan/desa\n",
		i18n.Int(l, int64(len(regions))), time.Since(start).Round(time.Millisecond),
		i18n.Int(l, int64(counts[region.Province])), i18n.Int(l, int64(counts[region.City])),
		i18n.Int(l, int64(counts[region.District])), i18n.Int(l, int64(counts[region.Village])))
	return nil
}

// importBoundaries loads a GeoJSON file of region boundaries (any
// province's), checked whole against the region registry first.
func importBoundaries(ctx context.Context, db *store.DB, f io.Reader, stdout io.Writer, l i18n.Lang) error {
	bs, err := geo.ParseKnown(f, func(codes []string) (map[string]bool, error) { return db.RegionsExist(ctx, codes) })
	if err != nil {
		return err
	}
	if err := db.ImportBoundaries(ctx, audit.CLI, bs); err != nil {
		return err
	}
	counts := map[region.Level]int64{}
	for _, b := range bs {
		counts[b.Level]++
	}
	fmt.Fprintln(stdout, i18n.T(l, "boundary.imported", i18n.Int(l, int64(len(bs))), i18n.Int(l, counts[region.Province]),
		i18n.Int(l, counts[region.City]), i18n.Int(l, counts[region.District]), i18n.Int(l, counts[region.Village])))
	return nil
}

func cmdUser(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("%w: mutu user add …", errUsage)
	}
	var cfg config
	fs := newFlags("user add", &cfg)
	username := fs.String("username", "", "username")
	name := fs.String("name", "", "full name")
	email := fs.String("email", "", "e-mail")
	role := fs.String("role", "admin", "admin|evaluator|operator|leader|assessor")
	regionCode := fs.String("region", "", "region scope (e.g. 31.72)")
	units := fs.String("units", "", "unit codes of an operator, comma-separated")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%w (%v)", errUsage, err)
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	u := &account.User{Username: *username, Name: *name, Email: *email, Role: account.Role(*role), RegionCode: *regionCode, MustChangePassword: true}
	for _, code := range strings.FieldsFunc(*units, func(r rune) bool { return r == ',' || r == ' ' }) {
		un, err := db.UnitByCode(ctx, code)
		if err != nil {
			return err
		}
		u.UnitIDs = append(u.UnitIDs, un.ID)
	}
	if err := errs.Fields("err.form", u.Validate()); err != nil {
		return err
	}
	password := newPassword()
	if u.PasswordHash, err = account.HashPassword(password); err != nil {
		return err
	}
	if err := db.CreateUser(ctx, audit.CLI, u); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Pengguna %s dibuat / user created.\nKata sandi sementara / temporary password: %s\n(wajib diganti saat masuk pertama / must be changed at first sign-in)\n", u.Username, password)
	return nil
}

// newPassword returns a random 20-character temporary password.
func newPassword() string {
	b := make([]byte, 13)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:20]
}

// isTerminal reports whether w is a character device (an interactive terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// pprofMux serves net/http/pprof's handlers.
func pprofMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
