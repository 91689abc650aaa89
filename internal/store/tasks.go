package store

import (
	"context"
	"strconv"

	"mutu/internal/skm"
)

// UnitTasks is what waits in one unit for its managers: follow-up actions
// (Rencana Tindak Lanjut) not yet done, and held survey responses not yet
// reviewed.
type UnitTasks struct {
	UnitID      string
	OpenActions int
	Held        int
}

// Tasks counts the waiting work of the given units, one entry per unit
// with any, in the order of unitIDs; two grouped counts over indexed unit_id columns.
func (db *DB) Tasks(ctx context.Context, unitIDs []string) ([]UnitTasks, error) {
	if len(unitIDs) == 0 {
		return nil, nil // an empty list would select nothing anyway; skip the queries
	}
	type count struct {
		unit string
		n    int
	}
	scan := func(s scanner, c *count) error { return s.Scan(&c.unit, &c.n) }
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	units := inList("unit_id", unitIDs, arg)
	done := arg(string(skm.Done))
	actions, err := queryAll(ctx, db.reader(ctx), "open actions", `SELECT unit_id, COUNT(*) FROM skm_actions WHERE `+units+` AND status <> `+done+` GROUP BY unit_id`, args, scan)
	if err != nil {
		return nil, err
	}
	// The units' values are args' first ones (done's comes after them).
	held, err := queryAll(ctx, db.reader(ctx), "held responses", `SELECT unit_id, COUNT(*) FROM skm_held WHERE `+units+` GROUP BY unit_id`, args[:len(unitIDs)], scan)
	if err != nil {
		return nil, err
	}
	byUnit := make(map[string]*UnitTasks, len(unitIDs))
	for _, id := range unitIDs {
		byUnit[id] = &UnitTasks{UnitID: id}
	}
	for _, c := range actions {
		byUnit[c.unit].OpenActions = c.n
	}
	for _, c := range held {
		byUnit[c.unit].Held = c.n
	}
	var out []UnitTasks
	for _, id := range unitIDs {
		if t := byUnit[id]; t.OpenActions > 0 || t.Held > 0 {
			out = append(out, *t)
		}
	}
	return out, nil
}
