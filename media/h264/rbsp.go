package h264

// appendRBSP appends src to dst with every emulation prevention byte (the
// 0x03 in 0x00 0x00 0x03, H.264 7.4.1) removed.
func appendRBSP(dst, src []byte) []byte {
	zeros := 0
	for _, c := range src {
		if zeros >= 2 && c == 0x03 {
			zeros = 0
			continue
		}
		if c == 0 {
			zeros++
		} else {
			zeros = 0
		}
		dst = append(dst, c)
	}
	return dst
}
