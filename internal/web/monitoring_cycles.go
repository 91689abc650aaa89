package web

import (
	"time"

	"mutu/internal/monitor"
)

// PastCycles are the cycles the coverage view may be switched to: every
// window of the cadence that has opened, from the year before the one
// shown (or before this year) to today, newest first. The calendar reads a
// window's visits whatever its age, so coverage per kecamatan and unit
// type of a past cycle is the same count as of the current one.
func (d *monitoringData) PastCycles() []monitor.Window {
	today, err := time.Parse(time.DateOnly, d.Today)
	if err != nil {
		return nil
	}
	var out []monitor.Window
	for y := today.Year(); y >= min(d.Window.Start.Year(), today.Year())-1; y-- {
		ws := monitor.Windows(d.Cadence, y)
		for i := len(ws) - 1; i >= 0; i-- {
			if !ws[i].Start.After(today) {
				out = append(out, ws[i])
			}
		}
	}
	return out
}
