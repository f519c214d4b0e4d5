// Offscreen windows: to be written.
#include "webkitgtk.h"

extern void goClosed(int id);

static void on_destroy(GtkWidget *window, gpointer data) { goClosed(GPOINTER_TO_INT(data)); }

GtkWidget *gtn_offscreen_window_new(int id, WebKitWebView *view, int width, int height, int transparent) {
	GtkWidget *win = gtk_offscreen_window_new();
	gtk_window_set_default_size(GTK_WINDOW(win), width, height);
	gtk_container_add(GTK_CONTAINER(win), GTK_WIDGET(view));
	g_signal_connect(win, "destroy", G_CALLBACK(on_destroy), GINT_TO_POINTER(id));
	gtk_widget_show_all(win);
	return win;
}
