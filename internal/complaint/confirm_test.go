package complaint

import "testing"

func TestIrreversible(t *testing.T) {
	for _, tc := range []struct {
		a    Action
		want bool
	}{
		{Respond, true}, {Close, true}, {Archive, true}, {Merge, true}, {Reject, true},
		{Verify, false}, {Hold, false}, {Resume, false}, {Dispatch, false}, {Accept, false}, {Note, false}, {AddInfo, false},
	} {
		if got := Irreversible(tc.a); got != tc.want {
			t.Errorf("Irreversible(%s) = %v, want %v", tc.a, got, tc.want)
		}
	}
}
