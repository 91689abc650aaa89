package jobs_test

import (
	"testing"

	"mutu/internal/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }
