// Context menus. The view's "context-menu" handler asks Go (goContextMenu,
// with the window id) what the menu should hold; Go edits WebKit's menu with
// the helpers below and says whether to show it. App entries are GActions
// whose "activate" calls goMenuActivate with the window id and the entry's
// index. Everything here runs on the GTK thread.
#include "webkitgtk.h"

extern int goContextMenu(int id, WebKitWebView *view, WebKitContextMenu *menu, int x, int y, char *link,
                         char *image, char *media, int editable);
extern void goMenuActivate(int id, int index);

static gboolean on_context_menu(WebKitWebView *view, WebKitContextMenu *menu, GdkEvent *event,
                                WebKitHitTestResult *hit, gpointer data) {
	gdouble ex = -1, ey = -1;
	int x = -1, y = -1;
	if (event && gdk_event_get_coords(event, &ex, &ey)) {
		gdouble zoom = webkit_web_view_get_zoom_level(view);
		if (zoom <= 0) zoom = 1;
		x = (int)(ex / zoom + 0.5);
		y = (int)(ey / zoom + 0.5);
	}
	// TRUE tells WebKit not to show a menu.
	return goContextMenu(GPOINTER_TO_INT(data), view, menu, x, y, (char *)webkit_hit_test_result_get_link_uri(hit),
	                     (char *)webkit_hit_test_result_get_image_uri(hit),
	                     (char *)webkit_hit_test_result_get_media_uri(hit),
	                     webkit_hit_test_result_context_is_editable(hit))
	           ? FALSE
	           : TRUE;
}

void gtn_menu_connect(WebKitWebView *view, int id) {
	g_signal_connect(view, "context-menu", G_CALLBACK(on_context_menu), GINT_TO_POINTER(id));
}

// keep_action reports whether a WebKit item stays in a menu without debug:
// items that edit, copy or check the text the user is working on. Items that
// navigate, reload, download, open windows, drive media or inspect go.
static gboolean keep_action(WebKitContextMenuAction a) {
	switch (a) {
	case WEBKIT_CONTEXT_MENU_ACTION_COPY:
	case WEBKIT_CONTEXT_MENU_ACTION_CUT:
	case WEBKIT_CONTEXT_MENU_ACTION_PASTE:
	case WEBKIT_CONTEXT_MENU_ACTION_PASTE_AS_PLAIN_TEXT:
	case WEBKIT_CONTEXT_MENU_ACTION_DELETE:
	case WEBKIT_CONTEXT_MENU_ACTION_SELECT_ALL:
	case WEBKIT_CONTEXT_MENU_ACTION_INPUT_METHODS:
	case WEBKIT_CONTEXT_MENU_ACTION_UNICODE:
	case WEBKIT_CONTEXT_MENU_ACTION_INSERT_EMOJI:
	case WEBKIT_CONTEXT_MENU_ACTION_SPELLING_GUESS:
	case WEBKIT_CONTEXT_MENU_ACTION_NO_GUESSES_FOUND:
	case WEBKIT_CONTEXT_MENU_ACTION_IGNORE_SPELLING:
	case WEBKIT_CONTEXT_MENU_ACTION_LEARN_SPELLING:
	case WEBKIT_CONTEXT_MENU_ACTION_IGNORE_GRAMMAR:
	case WEBKIT_CONTEXT_MENU_ACTION_FONT_MENU:
	case WEBKIT_CONTEXT_MENU_ACTION_BOLD:
	case WEBKIT_CONTEXT_MENU_ACTION_ITALIC:
	case WEBKIT_CONTEXT_MENU_ACTION_UNDERLINE:
	case WEBKIT_CONTEXT_MENU_ACTION_OUTLINE:
	case WEBKIT_CONTEXT_MENU_ACTION_COPY_LINK_TO_CLIPBOARD:
	case WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_TO_CLIPBOARD:
	case WEBKIT_CONTEXT_MENU_ACTION_COPY_IMAGE_URL_TO_CLIPBOARD:
	case WEBKIT_CONTEXT_MENU_ACTION_COPY_VIDEO_LINK_TO_CLIPBOARD:
	case WEBKIT_CONTEXT_MENU_ACTION_COPY_AUDIO_LINK_TO_CLIPBOARD:
		return TRUE;
	default:
		return FALSE;
	}
}

// gtn_menu_strip removes the items keep_action rejects, and the separators
// left at either end or next to each other.
void gtn_menu_strip(WebKitContextMenu *menu) {
	GList *items = g_list_copy(webkit_context_menu_get_items(menu));
	for (GList *l = items; l; l = l->next) {
		WebKitContextMenuItem *item = l->data;
		if (!webkit_context_menu_item_is_separator(item) &&
		    !keep_action(webkit_context_menu_item_get_stock_action(item)))
			webkit_context_menu_remove(menu, item);
	}
	g_list_free(items);
	items = g_list_copy(webkit_context_menu_get_items(menu));
	gboolean after_separator = TRUE; // the start counts as one
	WebKitContextMenuItem *last = NULL;
	for (GList *l = items; l; l = l->next) {
		WebKitContextMenuItem *item = l->data;
		gboolean sep = webkit_context_menu_item_is_separator(item);
		if (sep && after_separator) {
			webkit_context_menu_remove(menu, item);
			continue;
		}
		after_separator = sep;
		last = item;
	}
	if (last && webkit_context_menu_item_is_separator(last)) webkit_context_menu_remove(menu, last);
	g_list_free(items);
}

void gtn_menu_append_separator(WebKitContextMenu *menu) {
	if (webkit_context_menu_get_n_items(menu) > 0)
		webkit_context_menu_append(menu, webkit_context_menu_item_new_separator());
}

typedef struct {
	int id, index;
} entry_ref;

static void on_entry(GSimpleAction *action, GVariant *param, gpointer data) {
	entry_ref *r = data;
	goMenuActivate(r->id, r->index);
}

// gtn_menu_append adds an app entry; choosing it calls goMenuActivate(id,
// index). kind 1 is a check item, 2 a radio item (shown as a check item:
// WebKit's context menus take boolean action states only). index < 0: disabled.
void gtn_menu_append(WebKitContextMenu *menu, int id, int index, const char *label, int kind, int checked) {
	static int serial;
	char name[48];
	g_snprintf(name, sizeof name, "gotonium-entry-%d-%d", index, ++serial);
	GSimpleAction *action;
	GVariant *target = NULL;
	if (kind == 1)
		action = g_simple_action_new_stateful(name, NULL, g_variant_new_boolean(checked));
	else if (kind == 2) // WebKit takes boolean states only: a radio item shows as a check item
		action = g_simple_action_new_stateful(name, NULL, g_variant_new_boolean(checked));
	else
		action = g_simple_action_new(name, NULL);
	if (index >= 0) {
		entry_ref *r = g_new(entry_ref, 1);
		r->id = id;
		r->index = index;
		g_signal_connect_data(action, "activate", G_CALLBACK(on_entry), r, (GClosureNotify)g_free, 0);
	} else
		g_simple_action_set_enabled(action, FALSE);
	webkit_context_menu_append(menu, webkit_context_menu_item_new_from_gaction(G_ACTION(action), label, target));
	g_object_unref(action);
}

// gtn_menu_append_submenu adds an item opening a new submenu and returns
// the submenu, for its items.
WebKitContextMenu *gtn_menu_append_submenu(WebKitContextMenu *menu, const char *label) {
	WebKitContextMenu *sub = webkit_context_menu_new();
	webkit_context_menu_append(menu, webkit_context_menu_item_new_with_submenu(label, sub));
	return sub; // owned by the item
}

void gtn_menu_append_line(WebKitContextMenu *menu) {
	webkit_context_menu_append(menu, webkit_context_menu_item_new_separator());
}

static void on_show_devtools(GSimpleAction *action, GVariant *param, gpointer view) {
	webkit_web_inspector_show(webkit_web_view_get_inspector(WEBKIT_WEB_VIEW(view)));
}

static void on_close_devtools(GSimpleAction *action, GVariant *param, gpointer view) {
	webkit_web_inspector_close(webkit_web_view_get_inspector(WEBKIT_WEB_VIEW(view)));
}

static void append_view_action(WebKitContextMenu *menu, WebKitWebView *view, const char *name,
                               const char *label, GCallback cb) {
	GSimpleAction *action = g_simple_action_new(name, NULL);
	// Disconnected when the view goes, should the menu outlive it.
	g_signal_connect_object(action, "activate", cb, view, 0);
	webkit_context_menu_append(menu, webkit_context_menu_item_new_from_gaction(G_ACTION(action), label, NULL));
	g_object_unref(action);
}

// gtn_menu_devtools turns the view's developer extras on and makes sure the
// menu ends with Inspect Element and a Developer Tools item. WebKit builds
// the menu before this handler runs, so the first menu after the setting
// changes lacks its own Inspect Element; the stock item added here does the
// same.
void gtn_menu_devtools(WebKitWebView *view, WebKitContextMenu *menu) {
	WebKitSettings *s = webkit_web_view_get_settings(view);
	if (!webkit_settings_get_enable_developer_extras(s)) webkit_settings_set_enable_developer_extras(s, TRUE);
	gboolean inspect = FALSE;
	for (GList *l = webkit_context_menu_get_items(menu); l; l = l->next)
		if (webkit_context_menu_item_get_stock_action(l->data) == WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT)
			inspect = TRUE;
	if (!inspect) {
		gtn_menu_append_separator(menu);
		webkit_context_menu_append(
		    menu, webkit_context_menu_item_new_from_stock_action(WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT));
	}
	if (webkit_web_inspector_get_web_view(webkit_web_view_get_inspector(view)))
		append_view_action(menu, view, "gotonium-close-devtools", "Close Developer Tools",
		                   G_CALLBACK(on_close_devtools));
	else
		append_view_action(menu, view, "gotonium-show-devtools", "Developer Tools",
		                   G_CALLBACK(on_show_devtools));
}
