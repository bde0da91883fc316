package file_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/lkbot/lkbot/media/file"
	"github.com/lkbot/lkbot/media/yuv"
)

// A y4m file plays by media time: at 25 fps, the frame captured one
// second after the first is frame 25, however often Next was called.
func ExampleOpenVideo() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "count.y4m")
	// 30 frames of 2x2 whose luma is the frame number.
	y4m := []byte("YUV4MPEG2 W2 H2 F25:1 C420jpeg\n")
	for n := range 30 {
		y4m = append(y4m, "FRAME\n"...)
		y4m = append(y4m, byte(n), byte(n), byte(n), byte(n), 128, 128)
	}
	if err := os.WriteFile(path, y4m, 0o644); err != nil {
		panic(err)
	}

	format, _ := file.Detect(path)
	src, err := file.OpenVideo(path, file.VideoOptions{FPS: 30})
	if err != nil {
		panic(err)
	}
	defer src.Close()
	frame := yuv.NewI420(2, 2)
	t0 := time.Now()
	for _, after := range []time.Duration{0, 500 * time.Millisecond, time.Second, time.Hour} {
		src.Next(frame, 0, t0.Add(after))
		fmt.Println(format, after, frame.Y[0])
	}
	<-src.Done() // played to its end, without Loop
	fmt.Println(src.Err())
	// Output:
	// y4m 0s 0
	// y4m 500ms 12
	// y4m 1s 25
	// y4m 1h0m0s 29
	// <nil>
}
