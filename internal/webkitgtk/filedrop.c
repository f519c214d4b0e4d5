// File drops: WebKit asks for a drag's data while it moves over the view;
// the text/uri-list answer is kept with the drag, and when that drag drops
// its file URLs go to the core. The handlers only look: WebKit goes on to
// give the page its own drag and drop events.
#include "extras.h"

extern void goFileDrop(int id, char **paths, int n, int x, int y);

static void on_drag_data(GtkWidget *view, GdkDragContext *ctx, gint x, gint y, GtkSelectionData *data, guint info,
                         guint time, gpointer id) {
	gchar **uris = gtk_selection_data_get_uris(data);
	if (!uris)
		return;
	g_object_set_data_full(G_OBJECT(view), "gtn-drop-uris", uris, (GDestroyNotify)g_strfreev);
	g_object_set_data(G_OBJECT(view), "gtn-drop-context", ctx);
}

static gboolean on_drag_drop(GtkWidget *view, GdkDragContext *ctx, gint x, gint y, guint time, gpointer id) {
	if (g_object_get_data(G_OBJECT(view), "gtn-drop-context") != ctx)
		return FALSE;
	gchar **uris = g_object_get_data(G_OBJECT(view), "gtn-drop-uris");
	guint n = uris ? g_strv_length(uris) : 0;
	char **paths = g_new0(char *, n + 1);
	int k = 0;
	for (guint i = 0; i < n; i++) {
		char *p = g_filename_from_uri(uris[i], NULL, NULL); // NULL for what is not a file: URL
		if (p)
			paths[k++] = p;
	}
	if (k > 0)
		goFileDrop(GPOINTER_TO_INT(id), paths, k, x, y);
	g_strfreev(paths);
	g_object_set_data(G_OBJECT(view), "gtn-drop-context", NULL);
	g_object_set_data(G_OBJECT(view), "gtn-drop-uris", NULL);
	return FALSE; // WebKit drops as usual
}

void gtn_filedrop_connect(WebKitWebView *view, int id) {
	g_signal_connect(view, "drag-data-received", G_CALLBACK(on_drag_data), GINT_TO_POINTER(id));
	g_signal_connect(view, "drag-drop", G_CALLBACK(on_drag_drop), GINT_TO_POINTER(id));
}
