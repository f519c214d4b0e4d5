// Command echo is gotonium-bridgebench's bare-WebKitGTK baseline: one
// window, a script message handler with reply (the same API gotonium uses),
// answered on the GTK thread, no framework. It prints the sequential round
// trip times it measured and the page's figures, then exits.
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

static void reply_string(WebKitScriptMessageReply *reply, JSCContext *ctx, const char *s) {
	JSCValue *v = jsc_value_new_string(ctx, s);
	webkit_script_message_reply_return_value(reply, v);
	g_object_unref(v);
}

static gboolean on_message(WebKitUserContentManager *m, JSCValue *value, WebKitScriptMessageReply *reply, gpointer data) {
	char *s = jsc_value_to_string(value);
	JSCContext *ctx = jsc_value_get_context(value);
	if (s[0] == 's' && narrivals < maxarrivals) arrivals[narrivals++] = now_ns();
	if (s[0] == 'U') {
		char n[32];
		snprintf(n, sizeof n, "%zu", strlen(s));
		reply_string(reply, ctx, n);
	} else if (s[0] == 'D') {
		reply_string(reply, ctx, big);
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
	WebKitUserContentManager *ucm = webkit_user_content_manager_new();
	webkit_user_content_manager_register_script_message_handler_with_reply(ucm, "echo", NULL);
	g_signal_connect(ucm, "script-message-with-reply-received::echo", G_CALLBACK(on_message), NULL);
	WebKitUserScript *us = webkit_user_script_new(script, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
		WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END, NULL, NULL);
	webkit_user_content_manager_add_script(ucm, us);
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_default_size(GTK_WINDOW(win), 400, 300);
	GtkWidget *view = GTK_WIDGET(g_object_new(WEBKIT_TYPE_WEB_VIEW, "user-content-manager", ucm, NULL));
	gtk_container_add(GTK_CONTAINER(win), view);
	gtk_widget_show_all(win);
	webkit_web_view_load_uri(WEBKIT_WEB_VIEW(view), "data:text/html,<title>echo</title>");
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
