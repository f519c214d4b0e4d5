// C side of the WebKitGTK 4.1 engine: signal wiring and the few calls that
// are awkward from cgo. Callbacks into Go carry an integer window id, never a
// Go pointer.
#include "webkitgtk.h"
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern void goDrain(void);
extern void goLoad(int id, int event);
extern void goClosed(int id);
extern void goMessage(int id, char *body, gtn_reply *reply);
extern void goEvalDone(long token, char *json, char *error);
extern void goTitle(int id, char *title);
extern void goURI(int id, char *uri);
extern void goFullscreen(int id, int on);
extern void goCrashed(int id, int reason);
extern gboolean goRequestClose(int id);
extern void goIsLoading(int id, int loading);

// gtn_gc_signal prepares SIGUSR1 for JavaScriptCore, whose garbage collector
// suspends threads with it: Go has a handler there, so JSC would print a
// warning and replace it anyway. Resetting it to the default first lets JSC
// install its handler silently. SIGUSR1 belongs to the engine from then on.
// (JSC_SIGNAL_FOR_GC picks another signal, but JSC's option parser then
// prints an error in every process.)
void gtn_gc_signal(void) {
	if (getenv("JSC_SIGNAL_FOR_GC")) return;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGUSR1, &sa, NULL);
}

int gtn_init(void) { return gtk_init_check(NULL, NULL); }

void gtn_main(void) { gtk_main(); }

static gboolean drain(gpointer data) {
	goDrain();
	return G_SOURCE_REMOVE;
}

// gtn_schedule may be called from any thread: g_idle_add_full is thread-safe
// and always runs the callback on the thread that iterates the main context.
void gtn_schedule(void) { g_idle_add_full(G_PRIORITY_DEFAULT, drain, NULL, NULL); }

// JavaScriptCore installs fault handlers without SA_ONSTACK; Go then aborts on
// any signal it must handle (even a recovered nil dereference). Add the flag.
void gtn_fix_signal_stacks(void) {
	int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction sa;
		if (sigaction(sigs[i], NULL, &sa) != 0) continue;
		if (sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN) continue;
		if (sa.sa_flags & SA_ONSTACK) continue;
		sa.sa_flags |= SA_ONSTACK;
		sigaction(sigs[i], &sa, NULL);
	}
}

WebKitWebContext *gtn_context_new(const char *data_dir) {
	char *cache = g_build_filename(data_dir, "cache", NULL);
	char *data = g_build_filename(data_dir, "data", NULL);
	WebKitWebsiteDataManager *dm = webkit_website_data_manager_new(
	    "base-cache-directory", cache, "base-data-directory", data, NULL);
	g_free(cache);
	g_free(data);
	WebKitWebContext *ctx = webkit_web_context_new_with_website_data_manager(dm);
	g_object_unref(dm);
	return ctx;
}

static void on_load_changed(WebKitWebView *view, WebKitLoadEvent ev, gpointer data) {
	int e = -1;
	switch (ev) {
	case WEBKIT_LOAD_STARTED: e = 0; break;
	case WEBKIT_LOAD_COMMITTED: e = 1; break;
	case WEBKIT_LOAD_FINISHED: e = 2; gtn_fix_signal_stacks(); break;
	default: break;
	}
	if (e >= 0) goLoad(GPOINTER_TO_INT(data), e);
}

static gboolean on_message(WebKitUserContentManager *m, JSCValue *value,
                           WebKitScriptMessageReply *reply, gpointer data) {
	static gboolean fixed = FALSE;
	char *body = jsc_value_to_string(value);
	if (!fixed) {
		// JSC sets its handlers up lazily, by now at the latest.
		gtn_fix_signal_stacks();
		fixed = TRUE;
	}
	gtn_reply *r = g_new(gtn_reply, 1);
	r->reply = webkit_script_message_reply_ref(reply);
	r->ctx = g_object_ref(jsc_value_get_context(value));
	goMessage(GPOINTER_TO_INT(data), body, r);
	g_free(body);
	return TRUE;
}

// window.close() from the page, and the window manager's close button: Go
// decides how to destroy the window.
static void on_close(WebKitWebView *view, gpointer data) { goRequestClose(GPOINTER_TO_INT(data)); }

static gboolean on_delete(GtkWidget *window, GdkEvent *event, gpointer data) {
	return goRequestClose(GPOINTER_TO_INT(data));
}

static void on_title(WebKitWebView *view, GParamSpec *pspec, gpointer window) {
	if (gtn_title_fixed(window)) return; // the app's SetTitle wins
	const char *title = webkit_web_view_get_title(view);
	gtk_window_set_title(GTK_WINDOW(window), title ? title : "");
}

static void on_title_event(WebKitWebView *view, GParamSpec *pspec, gpointer data) {
	const char *title = webkit_web_view_get_title(view);
	goTitle(GPOINTER_TO_INT(data), (char *)(title ? title : ""));
}

static void on_uri(WebKitWebView *view, GParamSpec *pspec, gpointer data) {
	const char *uri = webkit_web_view_get_uri(view);
	goURI(GPOINTER_TO_INT(data), (char *)(uri ? uri : ""));
}

static void on_is_loading(WebKitWebView *view, GParamSpec *pspec, gpointer data) {
	goIsLoading(GPOINTER_TO_INT(data), webkit_web_view_is_loading(view));
}

static gboolean on_enter_fullscreen(WebKitWebView *view, gpointer data) {
	goFullscreen(GPOINTER_TO_INT(data), 1);
	return FALSE; // let WebKit make the window fullscreen
}

static gboolean on_leave_fullscreen(WebKitWebView *view, gpointer data) {
	goFullscreen(GPOINTER_TO_INT(data), 0);
	return FALSE;
}

static void on_terminated(WebKitWebView *view, WebKitWebProcessTerminationReason reason, gpointer data) {
	int r = 0;
	switch (reason) {
	case WEBKIT_WEB_PROCESS_CRASHED: r = 0; break;
	case WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT: r = 1; break;
	default: r = 2; break;
	}
	goCrashed(GPOINTER_TO_INT(data), r);
}

static void on_destroy(GtkWidget *window, gpointer data) { goClosed(GPOINTER_TO_INT(data)); }

extern void goConfigure(int id);

// The window manager confirmed a move or a resize, or changed the window's
// state (maximised, fullscreen); Go reads the geometry after GTK has taken
// it in.
static gboolean on_configure_idle(gpointer data) {
	goConfigure(GPOINTER_TO_INT(data));
	return G_SOURCE_REMOVE;
}

static gboolean on_configure(GtkWidget *window, GdkEvent *event, gpointer data) {
	g_idle_add(on_configure_idle, data);
	return FALSE;
}

void gtn_clear_scripts(WebKitWebView *view) {
	webkit_user_content_manager_remove_all_scripts(webkit_web_view_get_user_content_manager(view));
}

void gtn_add_script(WebKitWebView *view, const char *source) {
	WebKitUserScript *s = webkit_user_script_new(source, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
	                                             WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_START, NULL, NULL);
	webkit_user_content_manager_add_script(webkit_web_view_get_user_content_manager(view), s);
	webkit_user_script_unref(s);
}

WebKitWebView *gtn_view_new(int id, WebKitWebContext *ctx, WebKitWebView *related, int automated) {
	WebKitUserContentManager *ucm = webkit_user_content_manager_new();
	webkit_user_content_manager_register_script_message_handler_with_reply(ucm, "gotonium", NULL);
	g_signal_connect(ucm, "script-message-with-reply-received::gotonium", G_CALLBACK(on_message),
	                 GINT_TO_POINTER(id));
	WebKitWebView *view;
	if (related)
		view = WEBKIT_WEB_VIEW(g_object_new(WEBKIT_TYPE_WEB_VIEW, "related-view", related,
		                                    "user-content-manager", ucm, "is-controlled-by-automation",
		                                    automated, NULL));
	else
		view = WEBKIT_WEB_VIEW(g_object_new(WEBKIT_TYPE_WEB_VIEW, "web-context", ctx,
		                                    "user-content-manager", ucm, "is-controlled-by-automation",
		                                    automated, NULL));
	g_object_unref(ucm);
	g_signal_connect(view, "load-changed", G_CALLBACK(on_load_changed), GINT_TO_POINTER(id));
	g_signal_connect(view, "close", G_CALLBACK(on_close), GINT_TO_POINTER(id));
	g_signal_connect(view, "notify::title", G_CALLBACK(on_title_event), GINT_TO_POINTER(id));
	g_signal_connect(view, "notify::uri", G_CALLBACK(on_uri), GINT_TO_POINTER(id));
	g_signal_connect(view, "notify::is-loading", G_CALLBACK(on_is_loading), GINT_TO_POINTER(id));
	g_signal_connect(view, "enter-fullscreen", G_CALLBACK(on_enter_fullscreen), GINT_TO_POINTER(id));
	g_signal_connect(view, "leave-fullscreen", G_CALLBACK(on_leave_fullscreen), GINT_TO_POINTER(id));
	g_signal_connect(view, "web-process-terminated", G_CALLBACK(on_terminated), GINT_TO_POINTER(id));
	gtn_menu_connect(view, id);
	gtn_navigation_connect(view, id);
	gtn_permission_connect(view, id);
	return view;
}

GtkWidget *gtn_window_new(int id, WebKitWebView *view, int width, int height, int frameless) {
	GtkWidget *win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
	gtk_window_set_default_size(GTK_WINDOW(win), width, height);
	gtk_window_set_decorated(GTK_WINDOW(win), !frameless);
	// A box, so that a menu bar (menubar.c) can go above the view.
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	gtk_box_pack_end(GTK_BOX(box), GTK_WIDGET(view), TRUE, TRUE, 0);
	gtk_container_add(GTK_CONTAINER(win), box);
	gtk_widget_show(box);
	g_signal_connect(view, "notify::title", G_CALLBACK(on_title), win);
	g_signal_connect(win, "destroy", G_CALLBACK(on_destroy), GINT_TO_POINTER(id));
	g_signal_connect(win, "delete-event", G_CALLBACK(on_delete), GINT_TO_POINTER(id));
	g_signal_connect(win, "configure-event", G_CALLBACK(on_configure), GINT_TO_POINTER(id));
	g_signal_connect(win, "window-state-event", G_CALLBACK(on_configure), GINT_TO_POINTER(id));
	gtk_widget_show_all(GTK_WIDGET(view));
	return win;
}

// gtn_window_show shows a new window, or only realizes it (it gets its X
// window) when it starts hidden.
void gtn_window_show(GtkWidget *win, int visible) {
	if (visible)
		gtk_widget_show(win);
	else
		gtk_widget_realize(win);
	gtn_fix_signal_stacks();
}

void gtn_load_uri(WebKitWebView *view, const char *uri) { webkit_web_view_load_uri(view, uri); }

// eval_body runs code as a global script would (indirect eval), awaits a
// promise it returns, and answers JSON text; values JSON cannot hold are an
// error naming their type.
static const char eval_body[] =
    "const v = await (0, eval)(code);\n"
    "const t = typeof v;\n"
    "if (t === 'function' || t === 'symbol' || t === 'bigint')\n"
    "  throw new TypeError('the result is a ' + t + ', which JSON cannot hold');\n"
    "const j = JSON.stringify(v);\n"
    "return j === undefined ? 'null' : j;";

static void eval_async_done(GObject *src, GAsyncResult *res, gpointer data) {
	GError *err = NULL;
	JSCValue *v = webkit_web_view_call_async_javascript_function_finish(WEBKIT_WEB_VIEW(src), res, &err);
	if (!v) {
		goEvalDone((long)(intptr_t)data, NULL, err ? err->message : "evaluation failed");
		if (err) g_error_free(err);
		return;
	}
	char *json = jsc_value_is_string(v) ? jsc_value_to_string(v) : NULL;
	goEvalDone((long)(intptr_t)data, json ? json : "null", NULL);
	g_free(json);
	g_object_unref(v);
}

void gtn_eval(WebKitWebView *view, const char *script, long token) {
	if (!token) {
		webkit_web_view_evaluate_javascript(view, script, -1, NULL, NULL, NULL, NULL, NULL);
		return;
	}
	GVariantDict d;
	g_variant_dict_init(&d, NULL);
	g_variant_dict_insert(&d, "code", "s", script);
	webkit_web_view_call_async_javascript_function(view, eval_body, -1, g_variant_dict_end(&d), NULL, NULL, NULL,
	                                               eval_async_done, (gpointer)(intptr_t)token);
}

static void reply_free(gtn_reply *r) {
	webkit_script_message_reply_unref(r->reply);
	g_object_unref(r->ctx);
	g_free(r);
}

void gtn_reply_return(gtn_reply *r, const char *value, size_t len) {
	// JSC copies the bytes into a string of its own before this returns:
	// value may be Go memory, and needs no NUL.
	GBytes *bytes = g_bytes_new_static(len ? value : "", len);
	JSCValue *v = jsc_value_new_string_from_bytes(r->ctx, bytes);
	g_bytes_unref(bytes);
	webkit_script_message_reply_return_value(r->reply, v);
	g_object_unref(v);
	reply_free(r);
}

void gtn_reply_fail(gtn_reply *r, const char *message) {
	webkit_script_message_reply_return_error_message(r->reply, message);
	reply_free(r);
}

