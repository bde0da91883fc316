package encode

// resumeKeyframes is how many keyframes in a row a layer sends when it
// resumes after a mute.
//
// One is enough for VP8 and H.264. LiveKit 1.13.5 resumes forwarding a VP9
// track (which it treats as SVC) at the first packet of the first keyframe
// after an unmute, but drops that very packet: viewers get the keyframe
// without its start, cannot decode, and ask for another, which costs about
// a second (measured with rtc-node: 1.0 s for VP9 against 0.08 s for VP8).
// A second keyframe right behind the first arrives whole.
func resumeKeyframes(codecName string) int32 {
	if codecName == VP9 {
		return 2
	}
	return 1
}
