package encode

// SimulcastCapable reports whether a codec is published as simulcast
// layers when simulcast is asked for.
//
// VP9 is not. LiveKit's server (1.13.5 included) maps every VP9 simulcast
// stream to spatial layer 0, so a viewer gets about one frame a second
// (livekit/livekit#4594); it expects VP9 as one SVC stream whose layers the
// AddTrackRequest announces. lksdk v2.19 has no public way to announce
// them: PublishTrack sends a single layer, and PublishSimulcastTrack marks
// its layers ONE_SPATIAL_LAYER_PER_STREAM. So VP9 goes as one full-size
// stream, which every viewer decodes at the full frame rate.
func SimulcastCapable(codecName string) bool { return codecName != VP9 }
