package stats

import "testing"

// seqRun returns the sequence numbers from first to last inclusive,
// wrapping at 65535, skipping those in drop.
func seqRun(first uint16, n int, drop ...uint16) []uint16 {
	skip := map[uint16]bool{}
	for _, d := range drop {
		skip[d] = true
	}
	var out []uint16
	for i := 0; i < n; i++ {
		if s := first + uint16(i); !skip[s] {
			out = append(out, s)
		}
	}
	return out
}

func TestSequenceLoss(t *testing.T) {
	tests := []struct {
		name string
		seqs []uint16
		lost uint64
	}{
		{"in order", seqRun(100, 50), 0},
		{"one dropped", seqRun(100, 50, 120), 1},
		{"burst dropped", seqRun(100, 50, 110, 111, 112, 113), 4},
		{"in order across wrap", seqRun(65500, 100), 0},
		{"dropped across wrap", seqRun(65530, 20, 65534, 65535, 0, 3), 4},
		{"reordered across wrap", []uint16{65533, 65535, 65534, 1, 0, 2}, 0},
		{"reordered and dropped across wrap", []uint16{65533, 0, 65535, 2, 3}, 2}, // 65534, 1
		{"late packet fills a gap", []uint16{10, 11, 13, 14, 15, 12}, 0},
		{"late packet before the first", []uint16{10, 11, 9, 12}, 0},
		{"gap after a packet before the first", []uint16{10, 12, 9, 13}, 1},
		{"duplicates do not hide loss", []uint16{10, 11, 11, 11, 13}, 1},
		{"duplicate across wrap", []uint16{65535, 0, 65535, 2}, 1},
		{"gap of 2000 counts", append(seqRun(0, 10), seqRun(2010, 10)...), 2000},
		{"single wild jump is ignored", []uint16{10, 11, 40000, 12, 13}, 0},
		{"confirmed jump restarts", []uint16{10, 12, 40000, 40001, 40003}, 2}, // 11, 40002
		{"too late stays lost", append(seqRun(0, 600, 5), 5), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s sequence
			for _, q := range tt.seqs {
				s.push(q, false)
			}
			if got := s.lost(); got != tt.lost {
				t.Errorf("lost = %d, want %d", got, tt.lost)
			}
		})
	}
}

func TestSequenceInOrder(t *testing.T) {
	var s sequence
	for _, step := range []struct {
		seq  uint16
		want bool
	}{
		{65534, true}, {0, true}, {65535, false}, {0, false}, {1, true}, {30000, false},
	} {
		if _, kind := s.push(step.seq, false); (kind == arrivedNewest) != step.want {
			t.Errorf("push(%d) = %v, want newest %v", step.seq, kind, step.want)
		}
	}
}
