// Menu bars. A window's child is a vertical box holding the web view; a menu
// bar goes above the view. Items' "activate" calls goMenuBarActivate with
// the window id and the item's index; accelerators live in an accel group of
// their own, so that the window's shortcuts (shortcut.c) are kept apart.
#include "webkitgtk.h"

extern void goMenuBarActivate(int id, int index);

#define BAR "gtn-menubar"
#define BAR_ACCELS "gtn-menubar-accels"

// building is set while a bar is built: setting a check item's state
// activates it, which is not the user's choice.
static int building;

static void on_bar_item(GtkMenuItem *item, gpointer data) {
	if (building) return;
	// Choosing a radio item activates the one it unchecks too.
	if (GTK_IS_RADIO_MENU_ITEM(item) && !gtk_check_menu_item_get_active(GTK_CHECK_MENU_ITEM(item))) return;
	goMenuBarActivate(GPOINTER_TO_INT(g_object_get_data(G_OBJECT(item), "gtn-id")), GPOINTER_TO_INT(data));
}

// gtn_menubar_begin starts building a bar for window: it removes the old
// one and returns the new bar's accel group.
GtkAccelGroup *gtn_menubar_begin(GtkWidget *window) {
	building = 1;
	GtkWidget *old = g_object_get_data(G_OBJECT(window), BAR);
	if (old) {
		g_object_set_data(G_OBJECT(window), BAR, NULL);
		gtk_widget_destroy(old);
	}
	GtkAccelGroup *g = g_object_get_data(G_OBJECT(window), BAR_ACCELS);
	if (g) {
		gtk_window_remove_accel_group(GTK_WINDOW(window), g);
		g_object_set_data(G_OBJECT(window), BAR_ACCELS, NULL); // unrefs it
	}
	g = gtk_accel_group_new();
	gtk_window_add_accel_group(GTK_WINDOW(window), g);
	g_object_set_data_full(G_OBJECT(window), BAR_ACCELS, g, g_object_unref);
	return g;
}

// A fullscreen window shows no menu bar, as in other desktop frameworks.
static gboolean on_window_state(GtkWidget *window, GdkEventWindowState *e, gpointer data) {
	GtkWidget *bar = g_object_get_data(G_OBJECT(window), BAR);
	if (bar && (e->changed_mask & GDK_WINDOW_STATE_FULLSCREEN))
		gtk_widget_set_visible(bar, !(e->new_window_state & GDK_WINDOW_STATE_FULLSCREEN));
	return FALSE;
}

// on_can_accel keeps an item's accelerator working while the bar is hidden
// (GTK's own check wants the item on screen): it may fire when the item and
// the items and bar it hangs from are sensitive. Returning FALSE leaves the
// answer to GTK's check.
static gboolean on_can_accel(GtkWidget *item, guint signal_id, gpointer data) {
	GtkWidget *w = item;
	while (w) {
		if (!gtk_widget_get_sensitive(w)) return FALSE;
		GtkWidget *parent = gtk_widget_get_parent(w);
		if (GTK_IS_MENU_BAR(parent)) return gtk_widget_get_sensitive(parent);
		w = GTK_IS_MENU(parent) ? gtk_menu_get_attach_widget(GTK_MENU(parent)) : NULL;
	}
	return FALSE;
}

// gtn_menubar_end shows bar above the view (NULL: no bar).
void gtn_menubar_end(GtkWidget *window, GtkWidget *bar) {
	building = 0;
	if (!bar) return;
	GtkWidget *box = gtk_bin_get_child(GTK_BIN(window));
	gtk_box_pack_start(GTK_BOX(box), bar, FALSE, FALSE, 0);
	gtk_box_reorder_child(GTK_BOX(box), bar, 0);
	g_object_set_data(G_OBJECT(window), BAR, bar);
	gtk_widget_show_all(bar);
	if (!g_object_get_data(G_OBJECT(window), "gtn-menubar-state")) {
		g_signal_connect(window, "window-state-event", G_CALLBACK(on_window_state), NULL);
		g_object_set_data(G_OBJECT(window), "gtn-menubar-state", GINT_TO_POINTER(1));
	}
	GdkWindow *gw = gtk_widget_get_window(window);
	if (gw && (gdk_window_get_state(gw) & GDK_WINDOW_STATE_FULLSCREEN)) gtk_widget_hide(bar);
}

GtkWidget *gtn_menubar_new(void) { return gtk_menu_bar_new(); }

GtkWidget *gtn_menubar_menu(GtkWidget *item, GtkAccelGroup *g) {
	GtkWidget *menu = gtk_menu_new();
	gtk_menu_set_accel_group(GTK_MENU(menu), g);
	gtk_menu_item_set_submenu(GTK_MENU_ITEM(item), menu);
	return menu;
}

void gtn_menubar_separator(GtkWidget *shell) {
	gtk_menu_shell_append(GTK_MENU_SHELL(shell), gtk_separator_menu_item_new());
}

// gtn_menubar_item appends an item to shell (a bar or a menu) and returns
// it. kind 1 is a check item, 2 a radio item in the group of radio_prev
// (NULL starts a group). index < 0: the item does not call back.
GtkWidget *gtn_menubar_item(GtkWidget *shell, int id, int index, const char *label, int kind, int checked,
                            int disabled, GtkWidget *radio_prev, GtkAccelGroup *g, const char *accel) {
	GtkWidget *item;
	if (kind == 1)
		item = gtk_check_menu_item_new_with_mnemonic(label);
	else if (kind == 2 && radio_prev)
		item = gtk_radio_menu_item_new_with_mnemonic_from_widget(GTK_RADIO_MENU_ITEM(radio_prev), label);
	else if (kind == 2)
		item = gtk_radio_menu_item_new_with_mnemonic(NULL, label);
	else
		item = gtk_menu_item_new_with_mnemonic(label);
	gtk_menu_shell_append(GTK_MENU_SHELL(shell), item);
	if (kind) gtk_check_menu_item_set_active(GTK_CHECK_MENU_ITEM(item), checked);
	gtk_widget_set_sensitive(item, !disabled);
	if (accel && *accel) {
		guint key = 0;
		GdkModifierType mods = 0;
		gtk_accelerator_parse(accel, &key, &mods);
		if (key) {
			gtk_widget_add_accelerator(item, "activate", g, key, mods, GTK_ACCEL_VISIBLE);
			g_signal_connect(item, "can-activate-accel", G_CALLBACK(on_can_accel), NULL);
		}
	}
	g_object_set_data(G_OBJECT(item), "gtn-id", GINT_TO_POINTER(id));
	if (index >= 0) g_signal_connect(item, "activate", G_CALLBACK(on_bar_item), GINT_TO_POINTER(index));
	return item;
}
