package bot

import (
	"fmt"

	"github.com/lkbot/lkbot/media/file"
	"github.com/lkbot/lkbot/media/sample"
)

// checkMediaFile opens path as a video or audio file and reads what it
// takes to know the file will play: its format, header and first frame,
// and for an encoded video file its codec against --video-codec.
func checkMediaFile(path string, video bool, videoCodec string) error {
	format, err := file.Detect(path)
	if err != nil {
		return err
	}
	if format.Video() != video {
		return fmt.Errorf("file %q is %s, but this source needs %s (%s)", path, format, kindName(video), fileFormatsFor(video))
	}
	if format.Encoded() {
		f, err := sample.Open(path, sample.Options{})
		if err != nil {
			return err
		}
		defer f.Close()
		return checkSampleFile(f, path, video, videoCodec)
	}
	if video {
		src, err := file.OpenVideo(path, file.VideoOptions{})
		if err != nil {
			return err
		}
		return src.Close()
	}
	src, err := file.OpenAudio(path, file.AudioOptions{})
	if err != nil {
		return err
	}
	return src.Close()
}

// fileFormatsFor names the file formats a video or audio source takes.
func fileFormatsFor(video bool) string {
	if video {
		return "y4m, PNG, JPEG, IVF or H.264 Annex-B"
	}
	return "WAV or Ogg/Opus"
}
