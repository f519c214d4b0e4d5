// Page notifications (new Notification() once the app allowed them): the
// core shows them, so that they go the way of the app's own (Notify) and
// their clicks come back to the page.
#include "extras.h"

extern void goPageNotification(int id, WebKitNotification *n, char *title, char *body);
extern void goPageNotificationWithdrawn(WebKitNotification *n);

static void on_withdrawn(WebKitNotification *n, gpointer data) { goPageNotificationWithdrawn(n); }

static gboolean on_show(WebKitWebView *view, WebKitNotification *n, gpointer data) {
	g_object_ref(n);
	g_signal_connect(n, "closed", G_CALLBACK(on_withdrawn), NULL);
	goPageNotification(GPOINTER_TO_INT(data), n, (char *)webkit_notification_get_title(n),
	                   (char *)webkit_notification_get_body(n));
	return TRUE; // not WebKit's own
}

void gtn_page_notify_connect(WebKitWebView *view, int id) {
	g_signal_connect(view, "show-notification", G_CALLBACK(on_show), GINT_TO_POINTER(id));
}

// gtn_page_notification_done tells the page its notification was clicked
// (clicked) and is gone, and drops the reference.
void gtn_page_notification_done(WebKitNotification *n, int clicked) {
	g_signal_handlers_disconnect_by_func(n, G_CALLBACK(on_withdrawn), NULL);
	if (clicked)
		webkit_notification_clicked(n);
	webkit_notification_close(n);
	g_object_unref(n);
}
