package report

import (
	"fmt"
	"testing"
)

// BenchmarkLaporan builds both files for 40, 200 and 5.000 respondents.
func BenchmarkLaporan(b *testing.B) {
	for _, n := range []int{40, 200, 5000} {
		r := sampleReport(b, n)
		b.Run(fmt.Sprintf("pdf/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := LaporanPDF(r); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("xlsx/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := LaporanXLSX(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
