// Native dialogs: file choosers (GtkFileChooserNative: the desktop portal's
// picker where GTK uses one, else GTK's own dialog) and message dialogs.
// Both are shown without blocking; the answer comes through "response"
// (no gtk_dialog_run, whose nested main loop would run other windows'
// events in the middle of a caller's work).
#include "dialog.h"

extern void goFileDialogDone(int token, int accepted, char **paths, int n);
extern void goMessageDialogDone(int token, int response);

GtkFileChooserNative *gtn_file_dialog_new(GtkWidget *parent, int mode, const char *title, const char *accept) {
	static const GtkFileChooserAction actions[] = {GTK_FILE_CHOOSER_ACTION_OPEN, GTK_FILE_CHOOSER_ACTION_SAVE,
	                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER};
	GtkFileChooserNative *d = gtk_file_chooser_native_new(title, parent ? GTK_WINDOW(parent) : NULL, actions[mode],
	                                                      *accept ? accept : NULL, NULL);
	gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(d), TRUE);
	gtk_file_chooser_set_local_only(GTK_FILE_CHOOSER(d), TRUE);
	if (mode == 1)
		gtk_file_chooser_set_do_overwrite_confirmation(GTK_FILE_CHOOSER(d), TRUE);
	return d;
}

void gtn_file_dialog_add_filter(GtkFileChooserNative *d, const char *name, const char *const *patterns,
                                const char *const *mimes) {
	GtkFileFilter *f = gtk_file_filter_new();
	gtk_file_filter_set_name(f, name);
	for (; patterns && *patterns; patterns++)
		gtk_file_filter_add_pattern(f, *patterns);
	for (; mimes && *mimes; mimes++)
		gtk_file_filter_add_mime_type(f, *mimes);
	gtk_file_chooser_add_filter(GTK_FILE_CHOOSER(d), f); // takes the floating reference
}

int gtn_file_dialog_set_folder(GtkFileChooserNative *d, const char *folder) {
	return gtk_file_chooser_set_current_folder(GTK_FILE_CHOOSER(d), folder);
}

static void file_response(GtkNativeDialog *d, gint response, gpointer data) {
	int token = GPOINTER_TO_INT(data);
	if (response != GTK_RESPONSE_ACCEPT) {
		goFileDialogDone(token, 0, NULL, 0);
		return;
	}
	GSList *files = gtk_file_chooser_get_files(GTK_FILE_CHOOSER(d));
	char **paths = g_new0(char *, g_slist_length(files) + 1);
	int n = 0;
	for (GSList *l = files; l; l = l->next) {
		char *p = g_file_get_path(G_FILE(l->data)); // NULL for a file with no local path
		if (p)
			paths[n++] = p;
	}
	g_slist_free_full(files, g_object_unref);
	goFileDialogDone(token, 1, paths, n);
	g_strfreev(paths);
}

void gtn_file_dialog_show(GtkFileChooserNative *d, int token) {
	g_signal_connect(d, "response", G_CALLBACK(file_response), GINT_TO_POINTER(token));
	gtk_native_dialog_show(GTK_NATIVE_DIALOG(d));
}

// gtn_file_dialog_end closes a dialog that is still open (its window is
// going) without a response, and frees it.
void gtn_file_dialog_end(GtkFileChooserNative *d) {
	g_signal_handlers_disconnect_matched(d, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, G_CALLBACK(file_response), NULL);
	gtk_native_dialog_hide(GTK_NATIVE_DIALOG(d));
	gtk_native_dialog_destroy(GTK_NATIVE_DIALOG(d));
	g_object_unref(d);
}

GtkWidget *gtn_message_dialog_new(GtkWidget *parent, int kind, const char *title, const char *message,
                                  const char *detail) {
	static const GtkMessageType types[] = {GTK_MESSAGE_INFO, GTK_MESSAGE_WARNING, GTK_MESSAGE_ERROR, GTK_MESSAGE_QUESTION};
	GtkWidget *d = gtk_message_dialog_new(parent ? GTK_WINDOW(parent) : NULL,
	                                      GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, types[kind],
	                                      GTK_BUTTONS_NONE, "%s", message);
	if (*detail)
		gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(d), "%s", detail);
	gtk_window_set_title(GTK_WINDOW(d), title);
	return d;
}

static void message_response(GtkDialog *d, gint response, gpointer data) {
	goMessageDialogDone(GPOINTER_TO_INT(data), response);
}

void gtn_message_dialog_show(GtkWidget *d, int def, int token) {
	gtk_dialog_set_default_response(GTK_DIALOG(d), def);
	GtkWidget *b = gtk_dialog_get_widget_for_response(GTK_DIALOG(d), def);
	if (b)
		gtk_widget_grab_focus(b);
	g_signal_connect(d, "response", G_CALLBACK(message_response), GINT_TO_POINTER(token));
	gtk_window_present(GTK_WINDOW(d));
}

// gtn_message_dialog_end destroys a message dialog without a response.
void gtn_message_dialog_end(GtkWidget *d, int token) {
	g_signal_handlers_disconnect_by_func(d, G_CALLBACK(message_response), GINT_TO_POINTER(token));
	gtk_widget_destroy(d);
}
