// C side of the WebKitGTK 4.1 engine. Everything here runs on the GTK thread.
#ifndef GOTONIUM_WEBKITGTK_H
#define GOTONIUM_WEBKITGTK_H

#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

void gtn_gc_signal(void);
int gtn_init(void);
void gtn_main(void);
void gtn_schedule(void);
void gtn_fix_signal_stacks(void);

WebKitWebContext *gtn_context_new(const char *data_dir);
WebKitWebView *gtn_view_new(int id, WebKitWebContext *ctx, WebKitWebView *related, int automated);
void gtn_clear_scripts(WebKitWebView *view);
void gtn_add_script(WebKitWebView *view, const char *source);
GtkWidget *gtn_window_new(int id, WebKitWebView *view, int width, int height, int frameless);
void gtn_window_show(GtkWidget *win, int visible);
void gtn_load_uri(WebKitWebView *view, const char *uri);
void gtn_eval(WebKitWebView *view, const char *script, long token);
// A pending reply to a page message, with the JS context to build its value in.
typedef struct {
	WebKitScriptMessageReply *reply;
	JSCContext *ctx;
} gtn_reply;

void gtn_reply_return(gtn_reply *r, const char *value, size_t len);
void gtn_reply_fail(gtn_reply *r, const char *message);

#endif

// Custom URI schemes (scheme.c).
void gtn_register_scheme(WebKitWebContext *ctx, const char *name);
void gtn_view_set_id(WebKitWebView *view, int id);
char *gtn_request_headers(WebKitURISchemeRequest *req);
GInputStream *gtn_request_body(WebKitURISchemeRequest *req);
WebKitURISchemeRequest *gtn_request_ref(WebKitURISchemeRequest *req);
gssize gtn_stream_read(GInputStream *in, void *buf, gsize n, char **error);
// A pipe's read end as a stream that can end in an error (stream.c).
typedef struct gtn_flag gtn_flag;
gtn_flag *gtn_flag_new(void);
void gtn_flag_fail(gtn_flag *f);
void gtn_flag_unref(gtn_flag *f);
GInputStream *gtn_pipe_stream_new(int fd, gtn_flag *flag);
void gtn_scheme_respond(WebKitURISchemeRequest *req, int fd, gtn_flag *flag, gint64 length, int status,
                        const char *reason, const char *content_type, const char *headers);
void gtn_scheme_respond_bytes(WebKitURISchemeRequest *req, void *data, gsize length, int status,
                              const char *reason, const char *content_type, const char *headers);
void gtn_scheme_fail(WebKitURISchemeRequest *req, const char *message);



// Context menus (menu.c): connects the view's context-menu signal.
void gtn_menu_connect(WebKitWebView *view, int id);

// Offscreen windows (osr.c): a window that renders without being shown.
GtkWidget *gtn_offscreen_window_new(int id, WebKitWebView *view, int width, int height, int transparent);

// Window controls (controls.c).
int gtn_is_x11(void);
unsigned long gtn_xid(GtkWidget *window);
void gtn_restore(GtkWidget *window);
void gtn_timeout(guint ms, int id);
void gtn_set_title(GtkWidget *window, WebKitWebView *view, const char *title);
int gtn_title_fixed(GtkWidget *window);
void gtn_focus(GtkWidget *window);
int gtn_monitor_of(GtkWidget *window);
void gtn_center(GtkWidget *window);
void gtn_size_limits(GtkWidget *window, int min_w, int min_h, int max_w, int max_h);
int gtn_is_fullscreen(GtkWidget *window);
int gtn_n_monitors(void);
void gtn_monitor(int i, GdkRectangle *geometry, GdkRectangle *workarea, int *scale, int *primary, const char **name);
void gtn_clipboard_set_text(const char *text, int len);
void gtn_clipboard_request_text(int token);
void gtn_clipboard_set_image(const guchar *rgba, int width, int height, int stride);
void gtn_clipboard_request_image(int token);
void gtn_shortcuts_clear(GtkWidget *window);
int gtn_shortcut_valid(const char *accel);
void gtn_shortcut_add(GtkWidget *window, const char *accel, int token);
void gtn_begin_resize(GtkWidget *window, int edge, int button, int x, int y, guint32 timestamp);
int gtn_button_down(GtkWidget *window, int button);

// Navigation policy (navigation.c): connects the view's decide-policy signal.
void gtn_navigation_connect(WebKitWebView *view, int id);

// Downloads (download.c): connects a web context's download-started signal.
void gtn_download_connect(WebKitWebContext *ctx);

// Permission requests (permission.c): connects the view's permission-request signal.
void gtn_permission_connect(WebKitWebView *view, int id);

// Opening URLs with the desktop's default handler (external.c).
int gtn_open_external(const char *uri, char **error);
void gtn_decision_ref(WebKitPolicyDecision *d);
void gtn_decision_finish(WebKitPolicyDecision *d, int ignore);

// Downloads (download.c).
void gtn_download_info(WebKitDownload *d, const char **uri, const char **mime, gint64 *length);
void gtn_download_set_path(WebKitDownload *d, const char *path);

// Permissions (permission.c).
const char *gtn_view_uri(WebKitWebView *view);
void gtn_permission_answer(WebKitPermissionRequest *req, int allow);
