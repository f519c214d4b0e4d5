// The desktop clipboard (CLIPBOARD selection). Reads are asynchronous: GTK's
// wait_for_* functions run a nested main loop, which would dispatch other
// windows' events in the middle of a caller's work.
#include "webkitgtk.h"
#include <string.h>

extern void goClipboardText(int token, char *text);
extern void goClipboardImage(int token, guchar *pixels, int width, int height, int stride, int has_alpha, int channels);

static GtkClipboard *clipboard(void) { return gtk_clipboard_get(GDK_SELECTION_CLIPBOARD); }

void gtn_clipboard_set_text(const char *text, int len) {
	gtk_clipboard_set_text(clipboard(), text, len);
	gtk_clipboard_set_can_store(clipboard(), NULL, 0);
}

static void text_received(GtkClipboard *c, const gchar *text, gpointer data) {
	goClipboardText(GPOINTER_TO_INT(data), (char *)text);
}

void gtn_clipboard_request_text(int token) {
	gtk_clipboard_request_text(clipboard(), text_received, GINT_TO_POINTER(token));
}

// gtn_clipboard_set_image puts RGBA pixels (not premultiplied) on the
// clipboard; GTK copies them.
void gtn_clipboard_set_image(const guchar *rgba, int width, int height, int stride) {
	GBytes *b = g_bytes_new(rgba, (gsize)stride * height);
	GdkPixbuf *pb = gdk_pixbuf_new_from_bytes(b, GDK_COLORSPACE_RGB, TRUE, 8, width, height, stride);
	g_bytes_unref(b);
	gtk_clipboard_set_image(clipboard(), pb);
	gtk_clipboard_set_can_store(clipboard(), NULL, 0);
	g_object_unref(pb);
}

static void image_received(GtkClipboard *c, GdkPixbuf *pb, gpointer data) {
	int token = GPOINTER_TO_INT(data);
	if (!pb || gdk_pixbuf_get_bits_per_sample(pb) != 8 || gdk_pixbuf_get_colorspace(pb) != GDK_COLORSPACE_RGB) {
		goClipboardImage(token, NULL, 0, 0, 0, 0, 0);
		return;
	}
	goClipboardImage(token, gdk_pixbuf_get_pixels(pb), gdk_pixbuf_get_width(pb), gdk_pixbuf_get_height(pb),
	                 gdk_pixbuf_get_rowstride(pb), gdk_pixbuf_get_has_alpha(pb), gdk_pixbuf_get_n_channels(pb));
}

void gtn_clipboard_request_image(int token) {
	gtk_clipboard_request_image(clipboard(), image_received, GINT_TO_POINTER(token));
}
