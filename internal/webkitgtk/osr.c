// Offscreen windows: a GtkOffscreenWindow holds the view, its damage-event
// says what changed, the changed part of its surface is copied into the
// frame, and input arrives as synthesized GdkEvents. Everything here runs on
// the GTK thread; callbacks into Go carry the window id.
#include "webkitgtk.h"
#include <stdint.h>

extern void goClosed(int id);
extern void goOSRDamage(int id, int x, int y, int width, int height);
extern void goOSRTick(int id);
extern void goOSRClosed(int id);
extern void goSnapshotDone(long token, unsigned char *data, int width, int height, int stride, int format, char *error);

static void on_destroy(GtkWidget *window, gpointer data) {
	goOSRClosed(GPOINTER_TO_INT(data));
	goClosed(GPOINTER_TO_INT(data));
}

static gboolean on_damage(GtkWidget *window, GdkEventExpose *ev, gpointer data) {
	goOSRDamage(GPOINTER_TO_INT(data), ev->area.x, ev->area.y, ev->area.width, ev->area.height);
	return FALSE;
}

GtkWidget *gtn_offscreen_window_new(int id, WebKitWebView *view, int width, int height, int transparent) {
	GtkWidget *win = gtk_offscreen_window_new();
	gtk_window_set_default_size(GTK_WINDOW(win), width, height);
	if (transparent) {
		GdkVisual *rgba = gdk_screen_get_rgba_visual(gtk_widget_get_screen(win));
		if (rgba) gtk_widget_set_visual(win, rgba);
		gtk_widget_set_app_paintable(win, TRUE);
		GdkRGBA clear = {0, 0, 0, 0};
		webkit_web_view_set_background_color(view, &clear);
	}
	gtk_container_add(GTK_CONTAINER(win), GTK_WIDGET(view));
	g_signal_connect(win, "damage-event", G_CALLBACK(on_damage), GINT_TO_POINTER(id));
	g_signal_connect(win, "destroy", G_CALLBACK(on_destroy), GINT_TO_POINTER(id));
	gtk_widget_show_all(win);
	// Typed keys go to the focus widget; a click would make the view it.
	gtk_widget_grab_focus(GTK_WIDGET(view));
	gtn_fix_signal_stacks();
	return win;
}

static gboolean tick(gpointer data) {
	goOSRTick(GPOINTER_TO_INT(data));
	return G_SOURCE_REMOVE;
}

void gtn_osr_schedule(int id, int delay_ms) {
	g_timeout_add_full(G_PRIORITY_DEFAULT, delay_ms, tick, GINT_TO_POINTER(id), NULL);
}

// convert copies a width x height block of cairo pixels (native-endian
// 0xAARRGGBB words, premultiplied; RGB24 has no alpha) to RGBA bytes, which is
// the layout of Go's image.RGBA (premultiplied too).
static void convert(const unsigned char *src, int sstride, int format, unsigned char *dst, int dstride,
                    int width, int height) {
	for (int y = 0; y < height; y++) {
		const uint32_t *s = (const uint32_t *)(src + (size_t)y * sstride);
		unsigned char *d = dst + (size_t)y * dstride;
		for (int x = 0; x < width; x++, d += 4) {
			uint32_t p = s[x];
			d[0] = p >> 16;
			d[1] = p >> 8;
			d[2] = p;
			d[3] = format == CAIRO_FORMAT_ARGB32 ? p >> 24 : 255;
		}
	}
}

// gtn_osr_grab copies the rectangle (x, y, width, height) of the window's
// surface into dst, an RGBA buffer of the window's size with the given
// stride. It returns 0 when the window has no surface yet.
int gtn_osr_grab(GtkWidget *win, unsigned char *dst, int stride, int x, int y, int width, int height) {
	cairo_surface_t *src = gtk_offscreen_window_get_surface(GTK_OFFSCREEN_WINDOW(win));
	if (!src) return 0;
	// The surface may live on the X server; painting it into an image
	// surface reads back only the rectangle asked for.
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
	cairo_t *cr = cairo_create(img);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_surface(cr, src, -x, -y);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_flush(img);
	convert(cairo_image_surface_get_data(img), cairo_image_surface_get_stride(img), CAIRO_FORMAT_ARGB32,
	        dst + (size_t)y * stride + (size_t)x * 4, stride, width, height);
	cairo_surface_destroy(img);
	return 1;
}

void gtn_convert(const unsigned char *src, int sstride, int format, unsigned char *dst, int dstride, int width,
                 int height) {
	convert(src, sstride, format, dst, dstride, width, height);
}

static guint32 now_ms(void) { return (guint32)(g_get_monotonic_time() / 1000); }

static GdkDevice *pointer(GtkWidget *w) {
	return gdk_seat_get_pointer(gdk_display_get_default_seat(gtk_widget_get_display(w)));
}

// gtn_osr_mouse delivers one mouse event to the view: kind 0 move, 1 press,
// 2 release, 3 wheel (dx, dy in wheel steps). state holds the modifier and
// button masks before the event.
void gtn_osr_mouse(WebKitWebView *view, int kind, double x, double y, int button, double dx, double dy,
                   guint state) {
	GtkWidget *w = GTK_WIDGET(view);
	GdkWindow *gw = gtk_widget_get_window(w);
	if (!gw) return;
	GdkEvent *ev;
	switch (kind) {
	case 0:
		ev = gdk_event_new(GDK_MOTION_NOTIFY);
		ev->motion.x = x;
		ev->motion.y = y;
		ev->motion.x_root = x;
		ev->motion.y_root = y;
		ev->motion.state = state;
		ev->motion.time = now_ms();
		break;
	case 1:
	case 2:
		ev = gdk_event_new(kind == 1 ? GDK_BUTTON_PRESS : GDK_BUTTON_RELEASE);
		ev->button.x = x;
		ev->button.y = y;
		ev->button.x_root = x;
		ev->button.y_root = y;
		ev->button.button = button;
		ev->button.state = state;
		ev->button.time = now_ms();
		break;
	default:
		ev = gdk_event_new(GDK_SCROLL);
		ev->scroll.x = x;
		ev->scroll.y = y;
		ev->scroll.x_root = x;
		ev->scroll.y_root = y;
		ev->scroll.direction = GDK_SCROLL_SMOOTH;
		ev->scroll.delta_x = dx;
		ev->scroll.delta_y = dy;
		ev->scroll.state = state;
		ev->scroll.time = now_ms();
		break;
	}
	ev->any.window = g_object_ref(gw);
	ev->any.send_event = TRUE;
	gdk_event_set_device(ev, pointer(w));
	gdk_event_set_source_device(ev, pointer(w));
	gtk_main_do_event(ev);
	gdk_event_free(ev);
}

// gtn_osr_key delivers one key press or release of keyval to the view;
// modifier tells a modifier key (Shift, Control, …); state holds the
// modifiers held before the event.
void gtn_osr_key(WebKitWebView *view, guint keyval, int down, int modifier, guint state) {
	GtkWidget *w = GTK_WIDGET(view);
	GdkWindow *gw = gtk_widget_get_window(w);
	if (!gw) return;
	GdkDisplay *display = gtk_widget_get_display(w);
	GdkEvent *ev = gdk_event_new(down ? GDK_KEY_PRESS : GDK_KEY_RELEASE);
	ev->key.window = g_object_ref(gw);
	ev->key.send_event = TRUE;
	ev->key.time = now_ms();
	ev->key.state = state;
	ev->key.keyval = keyval;
	GdkKeymap *keymap = gdk_keymap_get_for_display(display);
	GdkKeymapKey *keys = NULL;
	gint n = 0;
	if (gdk_keymap_get_entries_for_keyval(keymap, keyval, &keys, &n) && n > 0) {
		ev->key.hardware_keycode = keys[0].keycode;
		ev->key.group = keys[0].group;
		// With Shift held, "a" types "A" and "1" types "!", as the keyboard
		// layout says.
		guint shifted;
		if ((state & GDK_SHIFT_MASK) && keys[0].level == 0 &&
		    gdk_keymap_translate_keyboard_state(keymap, keys[0].keycode, state, keys[0].group, &shifted, NULL,
		                                        NULL, NULL))
			keyval = ev->key.keyval = shifted;
	}
	g_free(keys);
	gunichar c = gdk_keyval_to_unicode(keyval);
	if (c >= 0x20 && c != 0x7f) {
		char buf[8] = {0};
		ev->key.length = g_unichar_to_utf8(c, buf);
		ev->key.string = g_strdup(buf);
	} else {
		ev->key.string = g_strdup("");
	}
	ev->key.is_modifier = modifier != 0;
	gdk_event_set_device(ev, gdk_seat_get_keyboard(gdk_display_get_default_seat(display)));
	gtk_main_do_event(ev);
	gdk_event_free(ev);
}

static void snapshot_done(GObject *src, GAsyncResult *res, gpointer data) {
	GError *err = NULL;
	cairo_surface_t *s = webkit_web_view_get_snapshot_finish(WEBKIT_WEB_VIEW(src), res, &err);
	long token = (long)(intptr_t)data;
	if (!s) {
		goSnapshotDone(token, NULL, 0, 0, 0, 0, err ? err->message : "snapshot failed");
		if (err) g_error_free(err);
		return;
	}
	cairo_surface_flush(s);
	if (cairo_surface_get_type(s) != CAIRO_SURFACE_TYPE_IMAGE ||
	    (cairo_image_surface_get_format(s) != CAIRO_FORMAT_ARGB32 &&
	     cairo_image_surface_get_format(s) != CAIRO_FORMAT_RGB24)) {
		goSnapshotDone(token, NULL, 0, 0, 0, 0, "snapshot in an unexpected pixel format");
	} else {
		goSnapshotDone(token, cairo_image_surface_get_data(s), cairo_image_surface_get_width(s),
		               cairo_image_surface_get_height(s), cairo_image_surface_get_stride(s),
		               cairo_image_surface_get_format(s), NULL);
	}
	cairo_surface_destroy(s);
}

// gtn_snapshot captures the visible part of the page; transparent keeps the
// page's transparent background instead of filling it with white.
void gtn_snapshot(WebKitWebView *view, long token) {
	GdkRGBA bg;
	webkit_web_view_get_background_color(view, &bg);
	WebKitSnapshotOptions opt =
	    bg.alpha < 1 ? WEBKIT_SNAPSHOT_OPTIONS_TRANSPARENT_BACKGROUND : WEBKIT_SNAPSHOT_OPTIONS_NONE;
	webkit_web_view_get_snapshot(view, WEBKIT_SNAPSHOT_REGION_VISIBLE, opt, NULL, snapshot_done,
	                             (gpointer)(intptr_t)token);
}
