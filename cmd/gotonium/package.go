package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the deb packager
	"github.com/goreleaser/nfpm/v2/files"
	_ "github.com/goreleaser/nfpm/v2/rpm" // registers the rpm packager
)

// appConfig is gotonium.json: what packaging needs to know about the app.
type appConfig struct {
	Name        string `json:"name"`        // binary and package name
	ID          string `json:"id"`          // app id: .desktop file and icon names
	Title       string `json:"title"`       // the name menus show
	Version     string `json:"version"`     // e.g. 1.2.0
	Description string `json:"description"` // one line
	Maintainer  string `json:"maintainer"`  // "Name <mail>"
	Homepage    string `json:"homepage"`
	License     string `json:"license"`
	Icon        string `json:"icon"` // a PNG, relative to the app's folder
	Categories  string `json:"categories,omitempty"`
}

// iconSizes are the hicolor sizes packaged.
var iconSizes = []int{16, 24, 32, 48, 64, 128, 256}

// runtimeDepends are the packages an installed app needs, by format: the
// engine, GTK and Mesa's drivers (WebKit aborts without them).
var runtimeDepends = map[string][]string{
	"deb": {"libwebkit2gtk-4.1-0", "libgtk-3-0", "libgl1-mesa-dri"},
	"rpm": {"webkit2gtk4.1", "gtk3", "mesa-dri-drivers"},
}

func readConfig(dir string) (appConfig, error) {
	var c appConfig
	b, err := os.ReadFile(filepath.Join(dir, "gotonium.json"))
	if err != nil {
		return c, fmt.Errorf("no gotonium.json in %s (gotonium init writes one): %v", dir, err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("gotonium.json: %v", err)
	}
	switch {
	case !appName.MatchString(c.Name):
		return c, fmt.Errorf("gotonium.json: name %q: lower-case letters, digits and '-', starting with a letter", c.Name)
	case c.Version == "":
		return c, errors.New("gotonium.json: no version")
	case c.Maintainer == "":
		return c, errors.New("gotonium.json: no maintainer (packages need one: \"Name <mail>\")")
	}
	if err := checkAppID(c.ID); err != nil {
		return c, fmt.Errorf("gotonium.json: %v", err)
	}
	if c.Title == "" {
		c.Title = title(c.Name)
	}
	if c.Categories == "" {
		c.Categories = "Utility;"
	}
	return c, nil
}

func cmdPackage(ctx context.Context, args []string, p *progress, errOut io.Writer) error {
	fs := flags("package", "package [-C DIR] [-o DIR] [-version V] [-arch ARCH]", errOut)
	dir := fs.String("C", ".", "the app's folder (its main package and gotonium.json)")
	outDir := fs.String("o", "dist", "where the packages go (relative to the app's folder)")
	version := fs.String("version", "", "the version, instead of gotonium.json's")
	arch := fs.String("arch", runtime.GOARCH, "the GOARCH to build for")
	if err := fs.Parse(args); err != nil {
		return err
	}
	root, err := filepath.Abs(*dir)
	if err != nil {
		return err
	}
	c, err := readConfig(root)
	if err != nil {
		return fmt.Errorf("package: %v", err)
	}
	if *version != "" {
		c.Version = *version
	}
	out := *outDir
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	stage, err := os.MkdirTemp("", "gotonium-package-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)

	p.step("building %s %s for linux/%s", c.Name, c.Version, *arch)
	bin := filepath.Join(stage, c.Name)
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	build.Dir = root
	build.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+*arch, "CGO_ENABLED=1")
	build.Stdout, build.Stderr = errOut, errOut
	if err := build.Run(); err != nil {
		return fmt.Errorf("package: go build: %v", err)
	}

	p.step("writing the desktop entry and the icons")
	contents, err := stageFiles(root, stage, bin, c)
	if err != nil {
		return fmt.Errorf("package: %v", err)
	}
	for _, format := range []string{"deb", "rpm"} {
		path, err := writePackage(format, out, c, *arch, contents)
		if err != nil {
			return fmt.Errorf("package: %s: %v", format, err)
		}
		p.step("wrote %s", path)
	}
	tgz := filepath.Join(out, fmt.Sprintf("%s-%s-linux-%s.tar.gz", c.Name, c.Version, *arch))
	if err := writeTarball(tgz, fmt.Sprintf("%s-%s", c.Name, c.Version), contents); err != nil {
		return fmt.Errorf("package: tarball: %v", err)
	}
	p.step("wrote %s", tgz)
	p.step("no AppImage: appimagetool and the AppImage runtime are in no package registry gotonium can use (Debian has neither; electron-builder downloads them from GitHub)")
	return nil
}

// stageFiles writes the desktop entry and the icons into stage and returns
// every file of the package: source in stage, destination on the system.
func stageFiles(root, stage, bin string, c appConfig) (files.Contents, error) {
	contents := files.Contents{
		{Source: bin, Destination: "/usr/bin/" + c.Name, FileInfo: &files.ContentFileInfo{Mode: 0o755}},
	}
	desktop := filepath.Join(stage, c.ID+".desktop")
	entry := fmt.Sprintf("[Desktop Entry]\nType=Application\nName=%s\nComment=%s\nExec=%s\nIcon=%s\nTerminal=false\nCategories=%s\nStartupWMClass=%s\n",
		oneLine(c.Title), oneLine(c.Description), c.Name, c.ID, c.Categories, c.ID)
	if err := os.WriteFile(desktop, []byte(entry), 0o644); err != nil {
		return nil, err
	}
	contents = append(contents, &files.Content{Source: desktop, Destination: "/usr/share/applications/" + c.ID + ".desktop", FileInfo: &files.ContentFileInfo{Mode: 0o644}})
	if c.Icon == "" {
		return contents, nil
	}
	f, err := os.Open(filepath.Join(root, c.Icon))
	if err != nil {
		return nil, fmt.Errorf("icon: %v", err)
	}
	src, err := png.Decode(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("icon %s: not a PNG: %v", c.Icon, err)
	}
	for _, n := range iconSizes {
		var b bytes.Buffer
		if err := png.Encode(&b, scale(src, n)); err != nil {
			return nil, err
		}
		name := filepath.Join(stage, fmt.Sprintf("icon-%d.png", n))
		if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
			return nil, err
		}
		contents = append(contents, &files.Content{Source: name, Destination: fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/%s.png", n, n, c.ID), FileInfo: &files.ContentFileInfo{Mode: 0o644}})
	}
	return contents, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// writePackage writes one package with nfpm and returns its path.
func writePackage(format, out string, c appConfig, arch string, contents files.Contents) (string, error) {
	pkgr, err := nfpm.Get(format)
	if err != nil {
		return "", err
	}
	cs := make(files.Contents, len(contents))
	for i, f := range contents {
		cp := *f
		fi := *f.FileInfo
		cp.FileInfo = &fi
		cs[i] = &cp
	}
	info := nfpm.WithDefaults(&nfpm.Info{
		Name: c.Name, Arch: arch, Platform: "linux", Version: c.Version,
		Maintainer: c.Maintainer, Description: c.Description, Homepage: c.Homepage, License: c.License,
		Section: "utils", Priority: "optional", MTime: time.Now().UTC().Truncate(time.Second),
		Overridables: nfpm.Overridables{Depends: runtimeDepends[format], Contents: cs},
	})
	if err := nfpm.PrepareForPackager(info, format); err != nil {
		return "", err
	}
	path := filepath.Join(out, pkgr.ConventionalFileName(info))
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := pkgr.Package(info, f); err != nil {
		f.Close()
		os.Remove(path)
		return "", err
	}
	return path, f.Close()
}

// writeTarball writes the files under top/, laid out as they install
// (usr/bin, usr/share/...), into a .tar.gz.
func writeTarball(path, top string, contents files.Contents) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	now := time.Now()
	add := func(c *files.Content) error {
		b, err := os.ReadFile(c.Source)
		if err != nil {
			return err
		}
		name := top + c.Destination
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: int64(c.FileInfo.Mode), Size: int64(len(b)), ModTime: now, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err = tw.Write(b)
		return err
	}
	for _, c := range contents {
		if err := add(c); err != nil {
			f.Close()
			return err
		}
	}
	if err := tw.Close(); err != nil {
		f.Close()
		return err
	}
	if err := gz.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// scale resamples img to n×n by averaging the source pixels each target
// pixel covers (a box filter; for upscaling, the nearest source pixel).
func scale(img image.Image, n int) *image.NRGBA {
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, n, n))
	for y := 0; y < n; y++ {
		y0, y1 := b.Min.Y+y*b.Dy()/n, b.Min.Y+(y+1)*b.Dy()/n
		y1 = max(y1, y0+1)
		for x := 0; x < n; x++ {
			x0, x1 := b.Min.X+x*b.Dx()/n, b.Min.X+(x+1)*b.Dx()/n
			x1 = max(x1, x0+1)
			var r, g, bl, a, count uint64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					cr, cg, cb, ca := img.At(sx, sy).RGBA() // premultiplied
					r, g, bl, a, count = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca), count+1
				}
			}
			o := out.PixOffset(x, y)
			if a == 0 {
				continue
			}
			// Back from premultiplied to straight alpha.
			out.Pix[o+0] = uint8(r * 0xff / a)
			out.Pix[o+1] = uint8(g * 0xff / a)
			out.Pix[o+2] = uint8(bl * 0xff / a)
			out.Pix[o+3] = uint8(a / count >> 8)
		}
	}
	return out
}
