// Downloads: nothing is written unless the core accepts (see download.go).
// WebKit writes a download without a decide-destination answer to the user's
// Downloads folder; here every download is held at decide-destination until
// Go sets a destination or cancels it, and one that no open window started is
// cancelled at once.
#include "webkitgtk.h"

extern int goDownloadStarted(WebKitDownload *d, int view_id);
extern void goDownloadDecide(int id, const char *suggested);
extern void goDownloadReceived(int id);
extern void goDownloadFailed(int id, const char *message, int cancelled);
extern void goDownloadFinished(int id);

static gboolean on_decide(WebKitDownload *d, gchar *suggested, gpointer data) {
	goDownloadDecide(GPOINTER_TO_INT(data), suggested ? suggested : "");
	return TRUE; // Go decides later (set_destination or cancel), see 2.40's async decide-destination
}

static void on_received(WebKitDownload *d, guint64 length, gpointer data) { goDownloadReceived(GPOINTER_TO_INT(data)); }

static void on_failed(WebKitDownload *d, GError *err, gpointer data) {
	int cancelled = err && g_error_matches(err, WEBKIT_DOWNLOAD_ERROR, WEBKIT_DOWNLOAD_ERROR_CANCELLED_BY_USER);
	goDownloadFailed(GPOINTER_TO_INT(data), err ? err->message : "download failed", cancelled);
}

static void on_finished(WebKitDownload *d, gpointer data) { goDownloadFinished(GPOINTER_TO_INT(data)); }

static void on_started(WebKitWebContext *ctx, WebKitDownload *d, gpointer data) {
	WebKitWebView *view = webkit_download_get_web_view(d);
	int view_id = view ? GPOINTER_TO_INT(g_object_get_data(G_OBJECT(view), "gotonium-id")) : 0;
	webkit_download_set_allow_overwrite(d, FALSE);
	int id = goDownloadStarted(d, view_id);
	if (!id) {
		webkit_download_cancel(d);
		return;
	}
	gpointer p = GINT_TO_POINTER(id);
	g_signal_connect(d, "decide-destination", G_CALLBACK(on_decide), p);
	g_signal_connect(d, "received-data", G_CALLBACK(on_received), p);
	g_signal_connect(d, "failed", G_CALLBACK(on_failed), p);
	g_signal_connect(d, "finished", G_CALLBACK(on_finished), p);
}

void gtn_download_connect(WebKitWebContext *ctx) {
	g_signal_connect(ctx, "download-started", G_CALLBACK(on_started), NULL);
}

// gtn_download_info returns the download's final URL, MIME type and length
// (-1 when unknown); the strings belong to the download.
void gtn_download_info(WebKitDownload *d, const char **uri, const char **mime, gint64 *length) {
	WebKitURIResponse *resp = webkit_download_get_response(d);
	*uri = NULL;
	*mime = NULL;
	*length = -1;
	if (resp) {
		*uri = webkit_uri_response_get_uri(resp);
		*mime = webkit_uri_response_get_mime_type(resp);
		guint64 n = webkit_uri_response_get_content_length(resp);
		if (n > 0) *length = (gint64)n;
	}
	if (!*uri || !**uri) {
		WebKitURIRequest *req = webkit_download_get_request(d);
		*uri = req ? webkit_uri_request_get_uri(req) : "";
	}
	if (!*mime) *mime = "";
}

// gtn_download_set_path lets the download go ahead, writing to path (absolute).
void gtn_download_set_path(WebKitDownload *d, const char *path) {
	char *uri = g_filename_to_uri(path, NULL, NULL);
	if (!uri) {
		webkit_download_cancel(d);
		return;
	}
	webkit_download_set_destination(d, uri);
	g_free(uri);
}
