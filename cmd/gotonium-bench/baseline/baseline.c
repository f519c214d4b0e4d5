// The bare WebKitGTK program: no framework, one GTK main loop.
#include "baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long started_ns;

static long long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Runs when the program is loaded, before the Go runtime starts.
__attribute__((constructor)) static void mark_start(void) { started_ns = now_ns(); }

static int total, loaded;

static void on_load_changed(WebKitWebView *view, WebKitLoadEvent ev, gpointer data) {
	if (ev != WEBKIT_LOAD_FINISHED) return;
	printf("LOADED %d %lld\n", GPOINTER_TO_INT(data), now_ns() - started_ns);
	if (++loaded == total) printf("READY\n");
	fflush(stdout);
}

// stdin closing (the driver going away) ends the program.
static gboolean on_stdin(gint fd, GIOCondition cond, gpointer data) {
	char buf[256];
	if (read(fd, buf, sizeof buf) > 0) return G_SOURCE_CONTINUE;
	gtk_main_quit();
	return G_SOURCE_REMOVE;
}

// on_message answers every message as gotonium answers a page's first one
// (the state catch-up, when nothing changed): the experiment's script then
// runs as far as it does in gotonium.
static gboolean on_message(WebKitUserContentManager *m, JSCValue *value, WebKitScriptMessageReply *reply, gpointer data) {
	JSCValue *answer = jsc_value_new_string(jsc_value_get_context(value), "{\"seq\":0,\"changes\":[]}");
	webkit_script_message_reply_return_value(reply, answer);
	g_object_unref(answer);
	return TRUE;
}

int bl_run(int windows, int shared, const char *uri, const char *script) {
	// Exactly what gotonium does: an explicit setting wins.
	setenv("WEBKIT_DISABLE_DMABUF_RENDERER", "1", 0);
	if (!gtk_init_check(NULL, NULL)) {
		fprintf(stderr, "baseline: cannot open the display\n");
		return 1;
	}
	total = windows;
	WebKitWebView *first = NULL;
	for (int i = 0; i < windows; i++) {
		WebKitWebView *view;
		// With a script: a user content manager per view holding it, as
		// gotonium has (an experiment: how much of gotonium's memory per
		// page is its injected script).
		WebKitUserContentManager *ucm = webkit_user_content_manager_new();
		if (script) {
			WebKitUserScript *us = webkit_user_script_new(script, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
				WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL);
			webkit_user_content_manager_add_script(ucm, us);
			webkit_user_script_unref(us);
			webkit_user_content_manager_register_script_message_handler_with_reply(ucm, "gotonium", NULL);
			g_signal_connect(ucm, "script-message-with-reply-received::gotonium", G_CALLBACK(on_message), NULL);
		}
		if (shared && first)
			view = WEBKIT_WEB_VIEW(g_object_new(WEBKIT_TYPE_WEB_VIEW, "related-view", first, "user-content-manager", ucm, NULL));
		else
			view = WEBKIT_WEB_VIEW(g_object_new(WEBKIT_TYPE_WEB_VIEW, "user-content-manager", ucm, NULL));
		g_object_unref(ucm);
		if (!first) first = view;
		g_signal_connect(view, "load-changed", G_CALLBACK(on_load_changed), GINT_TO_POINTER(i));
		GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
		gtk_window_set_default_size(GTK_WINDOW(win), 640, 480);
		gtk_container_add(GTK_CONTAINER(win), GTK_WIDGET(view));
		gtk_widget_show_all(win);
		webkit_web_view_load_uri(view, uri);
	}
	g_unix_fd_add(0, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin, NULL);
	gtk_main();
	return 0;
}
