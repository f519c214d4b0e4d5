// The bare WebKitGTK program of gotonium-bench.
#ifndef GOTONIUM_BENCH_BASELINE_H
#define GOTONIUM_BENCH_BASELINE_H

#include <glib-unix.h>
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

// bl_run opens windows WebKitWebViews on uri (views 2..N related to the first
// when shared), prints LOADED/READY lines and runs gtk_main until stdin closes.
// A non-NULL script is injected into every view at document start.
int bl_run(int windows, int shared, const char *uri, const char *script);

#endif
