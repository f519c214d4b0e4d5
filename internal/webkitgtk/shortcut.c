// Window keyboard shortcuts: a GtkAccelGroup per window. GtkWindow
// activates accelerators before the focused widget (the web view) sees the
// key, so they work while the page has the focus.
#include "webkitgtk.h"

extern void goShortcut(int token);

#define ACCELS "gtn-accels"

static gboolean on_accel(GtkAccelGroup *g, GObject *acceleratable, guint keyval, GdkModifierType mods, gpointer data) {
	goShortcut(GPOINTER_TO_INT(data));
	return TRUE;
}

void gtn_shortcuts_clear(GtkWidget *window) {
	GtkAccelGroup *g = g_object_get_data(G_OBJECT(window), ACCELS);
	if (!g) return;
	gtk_window_remove_accel_group(GTK_WINDOW(window), g);
	g_object_set_data(G_OBJECT(window), ACCELS, NULL); // unrefs it
}

// gtn_shortcut_valid reports whether GTK can parse accel ("<Control>s").
int gtn_shortcut_valid(const char *accel) {
	guint key = 0;
	GdkModifierType mods = 0;
	gtk_accelerator_parse(accel, &key, &mods);
	return key != 0;
}

void gtn_shortcut_add(GtkWidget *window, const char *accel, int token) {
	guint key = 0;
	GdkModifierType mods = 0;
	gtk_accelerator_parse(accel, &key, &mods);
	if (!key) return;
	GtkAccelGroup *g = g_object_get_data(G_OBJECT(window), ACCELS);
	if (!g) {
		g = gtk_accel_group_new();
		gtk_window_add_accel_group(GTK_WINDOW(window), g);
		g_object_set_data_full(G_OBJECT(window), ACCELS, g, g_object_unref);
	}
	gtk_accel_group_connect(g, key, mods, 0, g_cclosure_new(G_CALLBACK(on_accel), GINT_TO_POINTER(token), NULL));
}
