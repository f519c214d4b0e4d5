// Printing: the print dialog without a nested main loop (WebKit's own
// webkit_print_operation_run_dialog runs one), and PDF files through GTK's
// "Print to File" printer, found without waiting.
#include "extras.h"
#include <gtk/gtkunixprint.h>

extern void goPrintDone(int token, int printed, char *error);
extern gboolean goPagePrint(int id, WebKitPrintOperation *op);
extern void goPrintDialogGone(int token);

static void print_failed(WebKitPrintOperation *op, GError *err, gpointer data) {
	g_object_set_data_full(G_OBJECT(op), "gtn-error", g_strdup(err ? err->message : "printing failed"), g_free);
}

static void print_finished(WebKitPrintOperation *op, gpointer data) {
	char *err = g_object_get_data(G_OBJECT(op), "gtn-error");
	goPrintDone(GPOINTER_TO_INT(data), err == NULL, err);
	g_object_unref(op);
}

// print_start prints with op's settings; takes the reference to op.
static void print_start(WebKitPrintOperation *op, int token) {
	g_signal_connect(op, "failed", G_CALLBACK(print_failed), NULL);
	g_signal_connect(op, "finished", G_CALLBACK(print_finished), GINT_TO_POINTER(token));
	webkit_print_operation_print(op);
}

static void dialog_response(GtkDialog *d, gint response, gpointer data) {
	WebKitPrintOperation *op = g_object_steal_data(G_OBJECT(d), "gtn-op");
	int token = GPOINTER_TO_INT(data);
	goPrintDialogGone(token);
	if (response == GTK_RESPONSE_OK) {
		GtkPrintUnixDialog *ud = GTK_PRINT_UNIX_DIALOG(d);
		GtkPrintSettings *s = gtk_print_unix_dialog_get_settings(ud);
		GtkPrinter *printer = gtk_print_unix_dialog_get_selected_printer(ud);
		if (printer)
			gtk_print_settings_set_printer(s, gtk_printer_get_name(printer));
		webkit_print_operation_set_print_settings(op, s);
		webkit_print_operation_set_page_setup(op, gtk_print_unix_dialog_get_page_setup(ud));
		g_object_unref(s);
		gtk_widget_destroy(GTK_WIDGET(d));
		print_start(op, token);
		return;
	}
	gtk_widget_destroy(GTK_WIDGET(d));
	g_object_unref(op);
	goPrintDone(token, 0, NULL);
}

// gtn_print_dialog shows the print dialog for op (taking its reference)
// and returns it; the answer comes to goPrintDone.
GtkWidget *gtn_print_dialog(WebKitPrintOperation *op, GtkWidget *parent, int token) {
	GtkWidget *d = gtk_print_unix_dialog_new(NULL, parent ? GTK_WINDOW(parent) : NULL);
	gtk_window_set_modal(GTK_WINDOW(d), TRUE);
	gtk_window_set_destroy_with_parent(GTK_WINDOW(d), TRUE);
	gtk_print_unix_dialog_set_manual_capabilities(GTK_PRINT_UNIX_DIALOG(d),
	                                              GTK_PRINT_CAPABILITY_PAGE_SET | GTK_PRINT_CAPABILITY_COPIES |
	                                                  GTK_PRINT_CAPABILITY_COLLATE | GTK_PRINT_CAPABILITY_REVERSE |
	                                                  GTK_PRINT_CAPABILITY_SCALE);
	g_object_set_data_full(G_OBJECT(d), "gtn-op", op, g_object_unref);
	g_signal_connect(d, "response", G_CALLBACK(dialog_response), GINT_TO_POINTER(token));
	gtk_window_present(GTK_WINDOW(d));
	return d;
}

// gtn_print_dialog_end closes a print dialog without an answer.
void gtn_print_dialog_end(GtkWidget *d) {
	g_signal_handlers_disconnect_matched(d, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, G_CALLBACK(dialog_response), NULL);
	gtk_widget_destroy(d);
}

typedef struct {
	WebKitPrintOperation *op;
	char *uri;
	int token;
	gboolean found;
} file_job;

static gboolean find_file_printer(GtkPrinter *printer, gpointer data) {
	file_job *j = data;
	if (j->found || g_strcmp0(G_OBJECT_TYPE_NAME(gtk_printer_get_backend(printer)), "GtkPrintBackendFile") != 0)
		return FALSE;
	j->found = TRUE;
	GtkPrintSettings *s = gtk_print_settings_new();
	gtk_print_settings_set_printer(s, gtk_printer_get_name(printer));
	gtk_print_settings_set(s, GTK_PRINT_SETTINGS_OUTPUT_URI, j->uri);
	gtk_print_settings_set(s, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
	webkit_print_operation_set_print_settings(j->op, s);
	g_object_unref(s);
	print_start(j->op, j->token);
	return TRUE;
}

static void file_job_done(gpointer data) {
	file_job *j = data;
	if (!j->found) {
		goPrintDone(j->token, 0, "no \"Print to File\" printer: GTK's file print backend is missing");
		g_object_unref(j->op);
	}
	g_free(j->uri);
	g_free(j);
}

// gtn_print_pdf writes the page of op (taking its reference) to the PDF
// file at path; the result comes to goPrintDone.
void gtn_print_pdf(WebKitPrintOperation *op, const char *path, int token) {
	file_job *j = g_new0(file_job, 1);
	j->op = op;
	j->uri = g_filename_to_uri(path, NULL, NULL);
	j->token = token;
	gtk_enumerate_printers(find_file_printer, j, file_job_done, FALSE);
}

static gboolean on_print(WebKitWebView *view, WebKitPrintOperation *op, gpointer data) {
	return goPagePrint(GPOINTER_TO_INT(data), op);
}

// gtn_print_connect sends the page's window.print() to goPagePrint.
void gtn_print_connect(WebKitWebView *view, int id) {
	g_signal_connect(view, "print", G_CALLBACK(on_print), GINT_TO_POINTER(id));
}
