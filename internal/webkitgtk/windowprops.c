// Window properties: title, visibility, focus, size limits, stacking,
// fullscreen, and the screens (monitors) of the display.
#include "webkitgtk.h"
#include <gdk/gdkx.h>

// The window's own title, when the app set one, wins over the page's
// (on_title in webkitgtk.c reads this mark).
#define FIXED_TITLE "gtn-fixed-title"

void gtn_set_title(GtkWidget *window, WebKitWebView *view, const char *title) {
	if (title[0]) {
		g_object_set_data(G_OBJECT(window), FIXED_TITLE, GINT_TO_POINTER(1));
		gtk_window_set_title(GTK_WINDOW(window), title);
		return;
	}
	g_object_set_data(G_OBJECT(window), FIXED_TITLE, NULL);
	const char *page = webkit_web_view_get_title(view);
	gtk_window_set_title(GTK_WINDOW(window), page ? page : "");
}

int gtn_title_fixed(GtkWidget *window) { return g_object_get_data(G_OBJECT(window), FIXED_TITLE) != NULL; }

// gtn_focus raises the window and gives it the focus, with the X server's
// time so that the window manager's focus-stealing prevention lets it.
void gtn_focus(GtkWidget *window) {
	GdkWindow *gw = gtk_widget_get_window(window);
	guint32 t = GDK_CURRENT_TIME;
	if (gw && GDK_IS_X11_WINDOW(gw)) t = gdk_x11_get_server_time(gw);
	gtk_window_present_with_time(GTK_WINDOW(window), t);
}

// gtn_monitor_of returns the index of the monitor holding most of the window.
int gtn_monitor_of(GtkWidget *window) {
	GdkDisplay *d = gtk_widget_get_display(window);
	GdkWindow *gw = gtk_widget_get_window(window);
	GdkMonitor *m = gw ? gdk_display_get_monitor_at_window(d, gw) : gdk_display_get_primary_monitor(d);
	for (int i = 0; i < gdk_display_get_n_monitors(d); i++)
		if (gdk_display_get_monitor(d, i) == m) return i;
	return 0;
}

// gtn_center moves the window's frame to the middle of its monitor's work area.
void gtn_center(GtkWidget *window) {
	GdkDisplay *d = gtk_widget_get_display(window);
	GdkMonitor *m = gdk_display_get_monitor(d, gtn_monitor_of(window));
	if (!m) return;
	GdkRectangle wa, frame = {0};
	gdk_monitor_get_workarea(m, &wa);
	GdkWindow *gw = gtk_widget_get_window(window);
	if (gw) gdk_window_get_frame_extents(gw, &frame);
	if (frame.width == 0) gtk_window_get_size(GTK_WINDOW(window), &frame.width, &frame.height);
	gtk_window_move(GTK_WINDOW(window), wa.x + (wa.width - frame.width) / 2, wa.y + (wa.height - frame.height) / 2);
}

// gtn_size_limits sets the smallest and largest size the window may have; 0
// is no limit.
void gtn_size_limits(GtkWidget *window, int min_w, int min_h, int max_w, int max_h) {
	GdkGeometry g = {0};
	GdkWindowHints hints = 0;
	if (min_w > 0 || min_h > 0) {
		g.min_width = min_w > 0 ? min_w : 1;
		g.min_height = min_h > 0 ? min_h : 1;
		hints |= GDK_HINT_MIN_SIZE;
	}
	if (max_w > 0 || max_h > 0) {
		g.max_width = max_w > 0 ? max_w : G_MAXSHORT;
		g.max_height = max_h > 0 ? max_h : G_MAXSHORT;
		hints |= GDK_HINT_MAX_SIZE;
	}
	gtk_window_set_geometry_hints(GTK_WINDOW(window), NULL, hints ? &g : NULL, hints);
}

int gtn_is_fullscreen(GtkWidget *window) {
	GdkWindow *gw = gtk_widget_get_window(window);
	return gw && (gdk_window_get_state(gw) & GDK_WINDOW_STATE_FULLSCREEN);
}

int gtn_n_monitors(void) { return gdk_display_get_n_monitors(gdk_display_get_default()); }

// gtn_monitor describes monitor i; the name is the model (GTK 3 has no
// connector name) and belongs to GDK.
void gtn_monitor(int i, GdkRectangle *geometry, GdkRectangle *workarea, int *scale, int *primary, const char **name) {
	GdkMonitor *m = gdk_display_get_monitor(gdk_display_get_default(), i);
	gdk_monitor_get_geometry(m, geometry);
	gdk_monitor_get_workarea(m, workarea);
	*scale = gdk_monitor_get_scale_factor(m);
	*primary = gdk_monitor_is_primary(m);
	*name = gdk_monitor_get_model(m);
}
