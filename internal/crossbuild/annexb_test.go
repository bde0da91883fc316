package crossbuild

import "bytes"

// annexBNALs splits an Annex B stream (what pion's H264Packet.Unmarshal
// returns) at its start codes.
func annexBNALs(b []byte) [][]byte {
	var nals [][]byte
	for _, part := range bytes.Split(b, []byte{0, 0, 1}) {
		part = bytes.TrimRight(part, "\x00") // a 4-byte start code's leading zero
		if len(part) > 0 {
			nals = append(nals, part)
		}
	}
	return nals
}
