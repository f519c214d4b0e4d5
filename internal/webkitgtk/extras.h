// Window kinds, reserved screen edges, click-through and icons (windowkind.c),
// printing (print.c), file drops (filedrop.c) and global shortcuts
// (globalkey.c), WebDriver automation (automation.c). Everything here runs on the GTK thread.
#ifndef GOTONIUM_EXTRAS_H
#define GOTONIUM_EXTRAS_H

#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

void gtn_set_kind(GtkWidget *win, int kind);
void gtn_set_reserve(GtkWidget *win, int side, int size);
void gtn_set_click_through(GtkWidget *win, int on);
int gtn_set_icon_data(GtkWidget *win, const void *data, size_t len, char **error);

void gtn_print_connect(WebKitWebView *view, int id);
void gtn_filedrop_connect(WebKitWebView *view, int id);
int gtn_global_grab(const char *accel, int token);
void gtn_page_notify_connect(WebKitWebView *view, int id);
void gtn_page_notification_done(WebKitNotification *n, int clicked);
void gtn_global_ungrab(int token);
GtkWidget *gtn_print_dialog(WebKitPrintOperation *op, GtkWidget *parent, int token);
void gtn_print_dialog_end(GtkWidget *d);
void gtn_print_pdf(WebKitPrintOperation *op, const char *path, int token);

void gtn_automation_allow(WebKitWebContext *ctx, const char *name, guint64 major, guint64 minor, guint64 micro);
void gtn_automation_forbid(WebKitWebContext *ctx);

#endif
