package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPackage: gotonium package makes a .deb and an .rpm with the control
// fields, the binary, a valid desktop entry named after the app id and
// hicolor icons in every size, and a tarball of the same files. In CI the
// .deb is installed with apt-get and the installed binary opens its window.
func TestPackage(t *testing.T) {
	app := initApp(t, "pkg-app", "-id", "org.example.PkgApp")
	var out syncBuffer
	if err := run(context.Background(), []string{"package", "-C", app, "-version", "1.2.3"}, &out, &out); err != nil {
		t.Fatalf("gotonium package: %v\n%s", err, out.String())
	}
	t.Logf("progress:\n%s", out.String())
	dist := filepath.Join(app, "dist")
	deb := filepath.Join(dist, "pkg-app_1.2.3_amd64.deb")
	rpm := filepath.Join(dist, "pkg-app-1.2.3-1.x86_64.rpm")
	tgz := filepath.Join(dist, "pkg-app-1.2.3-linux-amd64.tar.gz")
	for _, f := range []string{deb, rpm, tgz} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("no %s: %v\n%s", f, err, out.String())
		}
	}
	cmd := func(name string, args ...string) string {
		t.Helper()
		b, err := exec.Command(name, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, b)
		}
		return string(b)
	}

	// The .deb's control fields and files.
	info := cmd("dpkg-deb", "-I", deb)
	for _, want := range []string{"Package: pkg-app", "Version: 1.2.3", "Architecture: amd64", "Maintainer: Your Name <you@example.com>",
		"Depends: libwebkit2gtk-4.1-0, libgtk-3-0, libgl1-mesa-dri", "Description: Pkg App, a gotonium app"} {
		if !strings.Contains(info, want) {
			t.Errorf("dpkg-deb -I: no %q in\n%s", want, info)
		}
	}
	want := []string{"/usr/bin/pkg-app", "/usr/share/applications/org.example.PkgApp.desktop"}
	for _, n := range iconSizes {
		want = append(want, fmt.Sprintf("/usr/share/icons/hicolor/%dx%d/apps/org.example.PkgApp.png", n, n))
	}
	list := cmd("dpkg-deb", "-c", deb)
	for _, f := range want {
		if !strings.Contains(list, "."+f+"\n") {
			t.Errorf("dpkg-deb -c: no %s in\n%s", f, list)
		}
	}
	if !strings.Contains(list, "-rwxr-xr-x root/root") {
		t.Errorf("the binary is not executable:\n%s", list)
	}
	// The desktop entry is valid, and the icons are PNGs of their size.
	x := t.TempDir()
	cmd("dpkg-deb", "-x", deb, x)
	cmd("desktop-file-validate", filepath.Join(x, "usr/share/applications/org.example.PkgApp.desktop"))
	entry, _ := os.ReadFile(filepath.Join(x, "usr/share/applications/org.example.PkgApp.desktop"))
	for _, w := range []string{"Name=Pkg App\n", "Exec=pkg-app\n", "Icon=org.example.PkgApp\n", "StartupWMClass=org.example.PkgApp\n"} {
		if !bytes.Contains(entry, []byte(w)) {
			t.Errorf("desktop entry has no %q:\n%s", w, entry)
		}
	}
	for _, n := range iconSizes {
		f, err := os.Open(filepath.Join(x, fmt.Sprintf("usr/share/icons/hicolor/%dx%d/apps/org.example.PkgApp.png", n, n)))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() != n || img.Bounds().Dy() != n {
			t.Errorf("icon %d: %v %v", n, err, img.Bounds())
		}
	}

	// The .rpm, read by rpm itself.
	rpmList := cmd("rpm", "-qpl", rpm)
	for _, f := range want {
		if !strings.Contains(rpmList, f+"\n") {
			t.Errorf("rpm -qpl: no %s in\n%s", f, rpmList)
		}
	}
	if req := cmd("rpm", "-qpR", rpm); !strings.Contains(req, "webkit2gtk4.1") || !strings.Contains(req, "gtk3") {
		t.Errorf("rpm -qpR:\n%s", req)
	}

	// The tarball.
	f, err := os.Open(tgz)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
	}
	for _, f := range want {
		if !strings.Contains(strings.Join(names, "\n")+"\n", "pkg-app-1.2.3"+f+"\n") {
			t.Errorf("tarball: no %s in %v", f, names)
		}
	}

	// A gotonium.json without what a package needs is an error.
	b, _ := os.ReadFile(filepath.Join(app, "gotonium.json"))
	os.WriteFile(filepath.Join(app, "gotonium.json"), bytes.Replace(b, []byte(`"maintainer": "Your Name <you@example.com>"`), []byte(`"maintainer": ""`), 1), 0o644)
	if err := run(context.Background(), []string{"package", "-C", app}, &out, &out); err == nil || !strings.Contains(err.Error(), "no maintainer") {
		t.Errorf("package without a maintainer: %v", err)
	}

	if os.Getenv("CI") != "true" {
		t.Logf("not installing the .deb: that runs in CI (CI=true)")
		return
	}
	// Installed with apt (as root, or through sudo as scripts/deps.sh does),
	// the app opens its window.
	apt := func(args ...string) *exec.Cmd {
		if os.Getuid() != 0 {
			return exec.Command("sudo", append([]string{"-n", "apt-get"}, args...)...)
		}
		return exec.Command("apt-get", args...)
	}
	if b, err := apt("install", "-y", "-q", "--no-install-recommends", deb).CombinedOutput(); err != nil {
		t.Fatalf("apt-get install %s: %v\n%s", deb, err, b)
	}
	t.Cleanup(func() { apt("remove", "-y", "-q", "pkg-app").Run() })
	if _, err := os.Stat("/usr/share/applications/org.example.PkgApp.desktop"); err != nil {
		t.Fatal(err)
	}
	startX(t)
	installed := exec.Command("/usr/bin/pkg-app")
	installed.Dir = t.TempDir() // not the app's folder: the binary has its pages inside
	var appOut syncBuffer
	installed.Stdout, installed.Stderr = &appOut, &appOut
	if err := installed.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { installed.Process.Kill(); installed.Wait() })
	waitUntil(t, 30*time.Second, "the installed app's window", func() bool { w, _ := windowGeometry("Pkg App"); return w == 520 },
		func() string { return "DISPLAY=" + os.Getenv("DISPLAY") + "\n" + appOut.String() })
}
