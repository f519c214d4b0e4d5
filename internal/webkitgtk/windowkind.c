// Window kinds (the EWMH window type), reserved screen edges (struts),
// click-through windows (an empty input shape) and icons from bytes.
#include "extras.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>
#endif

void gtn_set_kind(GtkWidget *win, int kind) {
	static const GdkWindowTypeHint hints[] = {GDK_WINDOW_TYPE_HINT_NORMAL, GDK_WINDOW_TYPE_HINT_UTILITY,
	                                          GDK_WINDOW_TYPE_HINT_SPLASHSCREEN, GDK_WINDOW_TYPE_HINT_DOCK,
	                                          GDK_WINDOW_TYPE_HINT_DESKTOP};
	gtk_window_set_type_hint(GTK_WINDOW(win), hints[kind]);
}

// gtn_set_reserve sets _NET_WM_STRUT_PARTIAL and _NET_WM_STRUT: size pixels
// along one edge of the monitor the window is on, counted (as the EWMH
// asks) from the edge of the whole screen. Size 0 removes them.
void gtn_set_reserve(GtkWidget *win, int side, int size) {
#ifdef GDK_WINDOWING_X11
	gtk_widget_realize(win);
	GdkWindow *gw = gtk_widget_get_window(win);
	if (!GDK_IS_X11_WINDOW(gw))
		return;
	GdkAtom partial = gdk_atom_intern_static_string("_NET_WM_STRUT_PARTIAL");
	GdkAtom strut = gdk_atom_intern_static_string("_NET_WM_STRUT");
	if (size <= 0) {
		gdk_property_delete(gw, partial);
		gdk_property_delete(gw, strut);
		return;
	}
	GdkDisplay *dpy = gdk_window_get_display(gw);
	GdkMonitor *mon = gdk_display_get_monitor_at_window(dpy, gw);
	if (!mon)
		mon = gdk_display_get_monitor(dpy, 0);
	GdkRectangle m;
	gdk_monitor_get_geometry(mon, &m);
	int scale = gdk_window_get_scale_factor(gw);
	Screen *xs = gdk_x11_screen_get_xscreen(gdk_window_get_screen(gw));
	long screen_w = WidthOfScreen(xs), screen_h = HeightOfScreen(xs);
	long x = (long)m.x * scale, y = (long)m.y * scale, w = (long)m.width * scale, h = (long)m.height * scale;
	long n = (long)size * scale;
	long v[12] = {0};
	switch (side) {
	case 0: // top
		v[2] = y + n, v[8] = x, v[9] = x + w - 1;
		break;
	case 1: // bottom
		v[3] = screen_h - (y + h) + n, v[10] = x, v[11] = x + w - 1;
		break;
	case 2: // left
		v[0] = x + n, v[4] = y, v[5] = y + h - 1;
		break;
	default: // right
		v[1] = screen_w - (x + w) + n, v[6] = y, v[7] = y + h - 1;
	}
	GdkAtom cardinal = gdk_atom_intern_static_string("CARDINAL");
	gdk_property_change(gw, partial, cardinal, 32, GDK_PROP_MODE_REPLACE, (const guchar *)v, 12);
	gdk_property_change(gw, strut, cardinal, 32, GDK_PROP_MODE_REPLACE, (const guchar *)v, 4);
#endif
}

static void apply_click_through(GtkWidget *win) {
	if (g_object_get_data(G_OBJECT(win), "gtn-click-through")) {
		cairo_region_t *empty = cairo_region_create();
		gtk_widget_input_shape_combine_region(win, empty);
		cairo_region_destroy(empty);
	} else {
		gtk_widget_input_shape_combine_region(win, NULL);
	}
}

// A reparenting window manager (openbox) copies the input shape to its
// frame when the shape changes, not when it manages a window that already
// has one: shape it again once mapped.
static gboolean on_map_click_through(GtkWidget *win, GdkEvent *ev, gpointer data) {
	if (g_object_get_data(G_OBJECT(win), "gtn-click-through"))
		apply_click_through(win);
	return FALSE;
}

// gtn_set_click_through gives the window an empty input shape (pointer
// input goes to the windows below) or its whole area back.
void gtn_set_click_through(GtkWidget *win, int on) {
	if (!g_object_get_data(G_OBJECT(win), "gtn-click-through-hooked")) {
		g_object_set_data(G_OBJECT(win), "gtn-click-through-hooked", GINT_TO_POINTER(1));
		g_signal_connect_after(win, "map-event", G_CALLBACK(on_map_click_through), NULL);
	}
	g_object_set_data(G_OBJECT(win), "gtn-click-through", on ? GINT_TO_POINTER(1) : NULL);
	apply_click_through(win);
}

int gtn_set_icon_data(GtkWidget *win, const void *data, size_t len, char **error) {
	GError *err = NULL;
	GdkPixbufLoader *l = gdk_pixbuf_loader_new();
	gboolean ok = gdk_pixbuf_loader_write(l, data, len, &err);
	ok = gdk_pixbuf_loader_close(l, ok ? &err : NULL) && ok;
	GdkPixbuf *pb = ok ? gdk_pixbuf_loader_get_pixbuf(l) : NULL;
	if (pb)
		gtk_window_set_icon(GTK_WINDOW(win), pb);
	else
		*error = g_strdup(err ? err->message : "not an image the system can read");
	if (err)
		g_error_free(err);
	g_object_unref(l);
	return pb != NULL;
}
