// Command echo is gotonium-bridgebench's bare-WebKitGTK baseline: one
// window, a script message handler with reply (the same API gotonium uses),
// answered on the GTK thread, no framework. Events are scripts of 1000 each,
// evaluated one after another; bytes go through a custom URI scheme
// (bench://), the engine's own path for bodies, answered from memory. It
// prints the sequential round trip times it measured and the page's
// figures, then exits.
package main

/*
#cgo pkg-config: webkit2gtk-4.1 gtk+-3.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <webkit2/webkit2.h>

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long *arrivals;
static int narrivals, maxarrivals;
static char *big;
static GHashTable *store; // the baseline's synced store
static long long state_start, state_took;
static int state_count;
#define STATE 10000

static void on_state(WebKitUserContentManager *m, WebKitJavascriptResult *res, gpointer data) {
	JSCValue *value = webkit_javascript_result_get_js_value(res);
	JSCValue *k = jsc_value_object_get_property_at_index(value, 0), *v = jsc_value_object_get_property_at_index(value, 1);
	g_hash_table_replace(store, jsc_value_to_string(k), jsc_value_to_string(v));
	g_object_unref(k);
	g_object_unref(v);
	if (++state_count == STATE) state_took = now_ns() - state_start;
}
static WebKitWebView *view;
static char *bytes; // BYTES of them, for bench://x/down
#define BYTES (50 << 20)
#define BATCH 1000

// send_events evaluates __evts([...]) with BATCH numbers at a time, n in all.
static void send_events(long n) {
	GString *s = g_string_sized_new(BATCH * 8);
	for (long i = 0; i < n; i += BATCH) {
		g_string_assign(s, "__evts([");
		for (long j = i; j < i + BATCH && j < n; j++) g_string_append_printf(s, j == i ? "%ld" : ",%ld", j);
		g_string_append(s, "])");
		webkit_web_view_evaluate_javascript(view, s->str, s->len, NULL, NULL, NULL, NULL, NULL);
	}
	g_string_free(s, TRUE);
}

// on_scheme serves bench://x/page (the page), bench://x/down (BYTES bytes
// from memory) and bench://x/up (reads the body, answers its length).
static void on_scheme(WebKitURISchemeRequest *req, gpointer data) {
	const char *path = webkit_uri_scheme_request_get_path(req);
	GInputStream *out;
	gint64 len;
	const char *type = "text/plain";
	char n[32];
	if (strcmp(path, "/down") == 0) {
		out = g_memory_input_stream_new_from_data(bytes, BYTES, NULL);
		len = BYTES;
		type = "application/octet-stream";
	} else if (strcmp(path, "/up") == 0) {
		GInputStream *body = webkit_uri_scheme_request_get_http_body(req);
		gsize total = 0;
		if (body) {
			char *buf = g_malloc(1 << 20);
			gssize got;
			while ((got = g_input_stream_read(body, buf, 1 << 20, NULL, NULL)) > 0) total += got;
			g_free(buf);
			g_object_unref(body);
		}
		snprintf(n, sizeof n, "%zu", total);
		out = g_memory_input_stream_new_from_data(g_strdup(n), strlen(n), g_free);
		len = strlen(n);
	} else {
		const char *page = "<!doctype html><title>echo</title>";
		out = g_memory_input_stream_new_from_data(page, strlen(page), NULL);
		len = strlen(page);
		type = "text/html";
	}
	webkit_uri_scheme_request_finish(req, out, len, type);
	g_object_unref(out);
}

static void reply_string(WebKitScriptMessageReply *reply, JSCContext *ctx, const char *s) {
	JSCValue *v = jsc_value_new_string(ctx, s);
	webkit_script_message_reply_return_value(reply, v);
	g_object_unref(v);
}

static gboolean on_message(WebKitUserContentManager *m, JSCValue *value, WebKitScriptMessageReply *reply, gpointer data) {
	char *s = jsc_value_to_string(value);
	JSCContext *ctx = jsc_value_get_context(value);
	if (s[0] == 's' && s[1] == 0 && narrivals < maxarrivals) arrivals[narrivals++] = now_ns();
	if (s[0] == 'U') {
		char n[32];
		snprintf(n, sizeof n, "%zu", strlen(s));
		reply_string(reply, ctx, n);
	} else if (s[0] == 'D') {
		reply_string(reply, ctx, big);
	} else if (s[0] == 'S') {
		state_start = now_ns();
		state_count = 0;
		reply_string(reply, ctx, "ok");
	} else if (s[0] == 'T') {
		char n[32] = "";
		if (state_count >= STATE) snprintf(n, sizeof n, "%.3f", state_took / 1e6);
		reply_string(reply, ctx, n);
	} else if (s[0] == 'E') {
		reply_string(reply, ctx, "ok");
		send_events(atol(s + 1));
	} else if (s[0] == 'R') {
		printf("PAGE %s\n", s + 1);
		for (int i = 1; i < narrivals; i++) printf("RT %lld\n", arrivals[i] - arrivals[i - 1]);
		fflush(stdout);
		exit(0);
	} else {
		reply_string(reply, ctx, "ok");
	}
	g_free(s);
	return TRUE;
}

static int run(const char *script, int sequential) {
	setenv("WEBKIT_DISABLE_DMABUF_RENDERER", "1", 0);
	if (!gtk_init_check(NULL, NULL)) return 1;
	maxarrivals = sequential;
	arrivals = calloc(sequential, sizeof *arrivals);
	big = malloc((1 << 20) + 1);
	memset(big, 'y', 1 << 20);
	big[1 << 20] = 0;
	bytes = malloc(BYTES);
	memset(bytes, 'b', BYTES);
	webkit_web_context_register_uri_scheme(webkit_web_context_get_default(), "bench", on_scheme, NULL, NULL);
	WebKitUserContentManager *ucm = webkit_user_content_manager_new();
	webkit_user_content_manager_register_script_message_handler_with_reply(ucm, "echo", NULL);
	store = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	char fill[1025];
	memset(fill, 's', 1024);
	fill[1024] = 0;
	for (int i = 0; i < 1000; i++) g_hash_table_replace(store, g_strdup_printf("k%d", i), g_strdup(fill));
	webkit_user_content_manager_register_script_message_handler(ucm, "state");
	g_signal_connect(ucm, "script-message-received::state", G_CALLBACK(on_state), NULL);
	g_signal_connect(ucm, "script-message-with-reply-received::echo", G_CALLBACK(on_message), NULL);
	WebKitUserScript *us = webkit_user_script_new(script, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
		WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END, NULL, NULL);
	webkit_user_content_manager_add_script(ucm, us);
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_default_size(GTK_WINDOW(win), 400, 300);
	view = WEBKIT_WEB_VIEW(g_object_new(WEBKIT_TYPE_WEB_VIEW, "user-content-manager", ucm, NULL));
	gtk_container_add(GTK_CONTAINER(win), GTK_WIDGET(view));
	gtk_widget_show_all(win);
	webkit_web_view_load_uri(view, "bench://x/page");
	gtk_main();
	return 0;
}
*/
import "C"

import (
	"flag"
	"fmt"
	"os"
	"unsafe"
)

func main() {
	sequential := flag.Int("sequential", 2000, "sequential calls to time")
	scriptFile := flag.String("script", "", "the page script (gotonium-bridgebench writes it)")
	flag.Parse()
	script, err := os.ReadFile(*scriptFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	cs := C.CString(string(script))
	defer C.free(unsafe.Pointer(cs))
	os.Exit(int(C.run(cs, C.int(*sequential))))
}
