package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"mutu/internal/audit"
	"mutu/internal/clock"
	"mutu/internal/store"
)

// cmdAPIKey manages the keys of machine clients (Open311 applications,
// systems posting survey responses):
//
//	mutu apikey create --name NAME [--region KODE] [--scope open311,responses]   prints the key (shown once)
//	mutu apikey list [--region KODE]
//	mutu apikey revoke ID
func cmdAPIKey(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: mutu apikey create|list|revoke …", errUsage)
	}
	var cfg config
	fs := newFlags("apikey "+args[0], &cfg)
	flags, positional := splitArgs(args[1:])
	switch args[0] {
	case "create":
		name := fs.String("name", "", "name of the client (application or partner)")
		regionCode := fs.String("region", "", "region the key may file reports in (e.g. 31.72); empty: anywhere")
		scopes := fs.String("scope", store.ScopeOpen311, "what the key may do, comma-separated: open311 (file reports), responses (post survey responses)")
		if err := fs.Parse(flags); err != nil || len(positional) > 0 {
			return fmt.Errorf("%w: mutu apikey create --name NAMA [--region KODE] [--scope open311,responses]", errUsage)
		}
		db, err := openDB(ctx, cfg.DB)
		if err != nil {
			return err
		}
		defer db.Close()
		k, key, err := db.CreateAPIKey(ctx, audit.CLI, *name, *regionCode, strings.Split(strings.ReplaceAll(*scopes, " ", ""), ","))
		if err != nil {
			return err
		}
		scope := k.RegionCode
		if scope == "" {
			scope = "semua wilayah / all regions"
		}
		fmt.Fprintf(stdout, "Kunci API „%s“ dibuat / API key created (id %s, wilayah / region: %s, cakupan / scopes: %s).\n%s\n"+
			"(hanya ditampilkan sekali; simpan di tempat aman / shown only once; keep it safe)\n", k.Name, k.ID, scope, strings.Join(k.Scopes, ","), key)
		return nil
	case "list":
		regionCode := fs.String("region", "", "only keys of this region and below")
		if err := fs.Parse(flags); err != nil || len(positional) > 0 {
			return fmt.Errorf("%w: mutu apikey list [--region KODE]", errUsage)
		}
		db, err := openDB(ctx, cfg.DB)
		if err != nil {
			return err
		}
		defer db.Close()
		keys, err := db.APIKeys(ctx, *regionCode)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAMA / NAME\tWILAYAH / REGION\tCAKUPAN / SCOPES\tDIBUAT / CREATED\tTERAKHIR / LAST USED\tSTATUS")
		orDash := func(k string) string {
			if k == "" {
				return "–"
			}
			return k
		}
		for _, k := range keys {
			status := "aktif / active"
			if k.Revoked() {
				status = "dicabut / revoked"
			}
			var used string
			if !k.LastUsedAt.IsZero() {
				used = k.LastUsedAt.In(clock.Jakarta).Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, orDash(k.RegionCode), strings.Join(k.Scopes, ","), k.CreatedAt.In(clock.Jakarta).Format("2006-01-02 15:04"), orDash(used), status)
		}
		return tw.Flush()
	case "revoke":
		if err := fs.Parse(flags); err != nil || len(positional) != 1 {
			return fmt.Errorf("%w: mutu apikey revoke ID", errUsage)
		}
		db, err := openDB(ctx, cfg.DB)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.RevokeAPIKey(ctx, audit.CLI, "", positional[0]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Kunci API %s dicabut / API key revoked.\n", positional[0])
		return nil
	}
	return fmt.Errorf("%w: mutu apikey create|list|revoke …", errUsage)
}
