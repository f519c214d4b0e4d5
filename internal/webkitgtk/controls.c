// Window controls that need more than one GTK call, or X11 specifics.
#include "webkitgtk.h"
#include <gdk/gdkx.h>

int gtn_is_x11(void) { return GDK_IS_X11_DISPLAY(gdk_display_get_default()); }

unsigned long gtn_xid(GtkWidget *window) {
	GdkWindow *w = gtk_widget_get_window(window);
	if (!w || !GDK_IS_X11_WINDOW(w)) return 0;
	return gdk_x11_window_get_xid(w);
}

// gtn_restore undoes minimise, maximise and fullscreen, and shows the window.
void gtn_restore(GtkWidget *window) {
	GtkWindow *w = GTK_WINDOW(window);
	GdkWindow *gw = gtk_widget_get_window(window);
	GdkWindowState st = gw ? gdk_window_get_state(gw) : 0;
	if (st & GDK_WINDOW_STATE_FULLSCREEN) gtk_window_unfullscreen(w);
	if (st & GDK_WINDOW_STATE_MAXIMIZED) gtk_window_unmaximize(w);
	if (st & GDK_WINDOW_STATE_ICONIFIED) gtk_window_deiconify(w);
	gtk_window_present(w);
}

// gtn_button_down reports whether pointer button (1 to 5) is held now, as the
// X server sees it (a round trip). A move or resize begun after the release
// would make the window manager hold the pointer until the next click.
int gtn_button_down(GtkWidget *window, int button) {
	GdkWindow *gw = gtk_widget_get_window(window);
	if (!gw || button < 1 || button > 5) return 0;
	GdkDevice *ptr = gdk_seat_get_pointer(gdk_display_get_default_seat(gdk_window_get_display(gw)));
	GdkModifierType mask = 0;
	gdk_window_get_device_position(gw, ptr, NULL, NULL, &mask);
	return (mask & (GDK_BUTTON1_MASK << (button - 1))) != 0;
}

void gtn_begin_resize(GtkWidget *window, int edge, int button, int x, int y, guint32 timestamp) {
	static const GdkWindowEdge edges[] = {
	    GDK_WINDOW_EDGE_NORTH_WEST, GDK_WINDOW_EDGE_NORTH, GDK_WINDOW_EDGE_NORTH_EAST, GDK_WINDOW_EDGE_EAST,
	    GDK_WINDOW_EDGE_SOUTH_EAST, GDK_WINDOW_EDGE_SOUTH, GDK_WINDOW_EDGE_SOUTH_WEST, GDK_WINDOW_EDGE_WEST,
	};
	if (edge < 0 || edge > 7) return;
	gtk_window_begin_resize_drag(GTK_WINDOW(window), edges[edge], button, x, y, timestamp);
}

extern void goTimer(int id);

static gboolean timer_cb(gpointer data) {
	goTimer(GPOINTER_TO_INT(data));
	return G_SOURCE_REMOVE;
}

void gtn_timeout(guint ms, int id) { g_timeout_add(ms, timer_cb, GINT_TO_POINTER(id)); }
