package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/lkbot/lkbot/processors"
	"github.com/lkbot/lkbot/processors/segmentation"
)

func blurCommand() *cli.Command {
	return &cli.Command{
		Name:  "blur",
		Usage: "apply background blur or a virtual background to a still image, to see and tune the effect",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "in", Usage: "input JPEG or PNG `FILE`", Required: true},
			&cli.StringFlag{Name: "out", Usage: "output `FILE` (.png, .jpg or .jpeg)", Required: true},
			&cli.StringFlag{Name: "mask", Usage: "also write the person mask as a grayscale PNG `FILE`"},
			&cli.FloatFlag{Name: "radius", Usage: "blur radius in pixels, as the web SDK's BackgroundBlur(radius)", Value: processors.DefaultBlurRadius},
			&cli.StringFlag{Name: "background", Usage: "replace the background with this JPEG or PNG `FILE`"},
			&cli.FloatFlag{Name: "light-wrap", Usage: "light wrap strength for --background, 0 to 1"},
			&cli.StringFlag{Name: "model", Usage: "segmentation model: " + strings.Join(segmentation.ModelNames(), " or "), Value: segmentation.DefaultImageModel.String()},
		},
		Action: runBlur,
	}
}

func runBlur(_ context.Context, cmd *cli.Command) error {
	opts, err := blurOptions(cmd)
	if err != nil {
		return usageError{err}
	}
	in, err := readImage("in", cmd.String("in"))
	if err != nil {
		return err
	}
	e, err := processors.New(opts...)
	if err != nil {
		return usageError{err}
	}
	defer e.Close()
	frame := processors.I420From(in)
	orig := processors.I420From(in)
	e.Process(frame)
	if err := writeImage(cmd.String("out"), frame); err != nil {
		return err
	}
	if path := cmd.String("mask"); path != "" {
		mask := image.NewGray(frame.Rect)
		if err := e.AlphaInto(orig, mask); err != nil {
			return fmt.Errorf("mask: %w", err)
		}
		return writeImage(path, mask)
	}
	return nil
}

// blurOptions turns the flags into Effect options.
func blurOptions(cmd *cli.Command) ([]processors.Option, error) {
	kind, err := segmentation.ParseModelKind(cmd.String("model"))
	if err != nil {
		return nil, fmt.Errorf("--model: %w", err)
	}
	for _, flag := range []string{"out", "mask"} {
		if err := checkOutput(flag, cmd.String(flag)); err != nil {
			return nil, err
		}
	}
	opts := []processors.Option{processors.WithModel(kind), processors.WithLightWrap(cmd.Float("light-wrap"))}
	bgPath := cmd.String("background")
	if bgPath == "" {
		return append(opts, processors.WithBlur(cmd.Float("radius"))), nil
	}
	if cmd.IsSet("radius") {
		return nil, errors.New("--radius and --background exclude each other")
	}
	bg, err := readImage("background", bgPath)
	if err != nil {
		return nil, err
	}
	return append(opts, processors.WithBackground(bg)), nil
}

// readImage decodes a JPEG or PNG that the user named with --flag; a
// missing or unreadable file is bad input, as a bad flag is.
func readImage(flag, path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError{fmt.Errorf("--%s: cannot read %s: %w", flag, path, pathProblem(err))}
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if errors.Is(err, image.ErrFormat) {
		return nil, usageError{fmt.Errorf("--%s: %s is not a JPEG or PNG image", flag, path)}
	}
	if err != nil {
		return nil, usageError{fmt.Errorf("--%s: %s is not a readable JPEG or PNG image (%w)", flag, path, err)}
	}
	return img, nil
}

// pathProblem is what went wrong with a path, without repeating the path
// and the operation that os's errors carry.
func pathProblem(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkOutput refuses, before any work, an output file that cannot be
// written: an extension lkbot cannot encode, or a folder that is not there.
func checkOutput(flag, path string) error {
	if path == "" {
		return nil
	}
	if _, err := outputFormat(path); err != nil {
		return fmt.Errorf("--%s: %w", flag, err)
	}
	if dir := filepath.Dir(path); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("--%s: folder %s does not exist", flag, dir)
		}
	}
	return nil
}

// outputFormat names the encoder for path's extension.
func outputFormat(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return "png", nil
	case ".jpg", ".jpeg":
		return "jpeg", nil
	}
	return "", fmt.Errorf("%q must end in .png, .jpg or .jpeg", path)
}

func writeImage(path string, img image.Image) error {
	format, err := outputFormat(path)
	if err != nil {
		return usageError{err}
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, pathProblem(err))
	}
	if format == "png" {
		err = png.Encode(f, img)
	} else {
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: 90})
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("blur: write %s: %w", path, err)
	}
	return nil
}
