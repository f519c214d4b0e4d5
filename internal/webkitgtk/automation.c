// WebDriver automation (automation.go): the web context lets WebKitWebDriver
// start sessions, and each session gets its browsing contexts from Go.
#include "extras.h"

extern WebKitWebView *goAutomationView(int first);

static WebKitWebView *on_create_web_view(WebKitAutomationSession *session, gpointer data) {
	// The session's first browsing context is a window already open (the
	// app's first); later ones (WebDriver's New Window) are new windows.
	int first = g_object_get_data(G_OBJECT(session), "gtn-started") == NULL;
	g_object_set_data(G_OBJECT(session), "gtn-started", GINT_TO_POINTER(1));
	return goAutomationView(first);
}

static void on_automation_started(WebKitWebContext *ctx, WebKitAutomationSession *session, gpointer data) {
	WebKitApplicationInfo *info = (WebKitApplicationInfo *)data;
	webkit_automation_session_set_application_info(session, info);
	g_signal_connect(session, "create-web-view", G_CALLBACK(on_create_web_view), NULL);
}

void gtn_automation_allow(WebKitWebContext *ctx, const char *name, guint64 major, guint64 minor, guint64 micro) {
	WebKitApplicationInfo *info = webkit_application_info_new();
	webkit_application_info_set_name(info, name);
	webkit_application_info_set_version(info, major, minor, micro);
	webkit_web_context_set_automation_allowed(ctx, TRUE);
	g_signal_connect_data(ctx, "automation-started", G_CALLBACK(on_automation_started), info,
	                      (GClosureNotify)webkit_application_info_unref, 0);
}

void gtn_automation_forbid(WebKitWebContext *ctx) { webkit_web_context_set_automation_allowed(ctx, FALSE); }
