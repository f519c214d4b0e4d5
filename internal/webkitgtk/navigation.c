// Navigation policy (see navigation.go). WebKit asks about navigations of
// every frame without saying which frame, so the main frame is decided when
// its response arrives (webkit_response_policy_decision_is_main_frame_main_resource);
// URLs that never get a response (mailto:, tel:, …) and new-window requests are
// decided at once. Decisions are made asynchronously: the decision is kept
// referenced until Go answers.
#include "webkitgtk.h"

extern int goNavigationAction(int id, WebKitPolicyDecision *d, int new_window, char *uri, int gesture, int redirect);
extern int goNavigationResponse(int id, WebKitPolicyDecision *d, char *uri);
extern void goNavigationCreate(int id, char *uri, int gesture);
extern int goNavigationFailed(int id, char *uri);

// A main-frame navigation that failed before any response (an unreachable
// site, no network) never reached a decision: Go decides it now, and the
// app page stays instead of WebKit's error page, unless the app itself asked
// for the URL.
static gboolean on_load_failed(WebKitWebView *view, WebKitLoadEvent ev, gchar *uri, GError *error, gpointer data) {
	if (ev != WEBKIT_LOAD_STARTED || !error || error->domain == WEBKIT_POLICY_ERROR ||
	    g_error_matches(error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED))
		return FALSE;
	return goNavigationFailed(GPOINTER_TO_INT(data), uri ? uri : "");
}

// window.open asks for a new view without a new-window policy decision: no
// view is ever made; Go decides what to do with the URL instead.
static GtkWidget *on_create(WebKitWebView *view, WebKitNavigationAction *a, gpointer data) {
	const char *uri = webkit_uri_request_get_uri(webkit_navigation_action_get_request(a));
	goNavigationCreate(GPOINTER_TO_INT(data), (char *)(uri ? uri : ""), webkit_navigation_action_is_user_gesture(a));
	return NULL;
}

static gboolean on_decide_policy(WebKitWebView *view, WebKitPolicyDecision *d, WebKitPolicyDecisionType type, gpointer data) {
	int id = GPOINTER_TO_INT(data);
	switch (type) {
	case WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION:
	case WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION: {
		WebKitNavigationAction *a = webkit_navigation_policy_decision_get_navigation_action(WEBKIT_NAVIGATION_POLICY_DECISION(d));
		const char *uri = webkit_uri_request_get_uri(webkit_navigation_action_get_request(a));
		return goNavigationAction(id, d, type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION, (char *)(uri ? uri : ""),
		                          webkit_navigation_action_is_user_gesture(a), webkit_navigation_action_is_redirect(a));
	}
	case WEBKIT_POLICY_DECISION_TYPE_RESPONSE: {
		WebKitResponsePolicyDecision *r = WEBKIT_RESPONSE_POLICY_DECISION(d);
		if (!webkit_response_policy_decision_is_main_frame_main_resource(r)) return FALSE;
		const char *uri = webkit_uri_request_get_uri(webkit_response_policy_decision_get_request(r));
		return goNavigationResponse(id, d, (char *)(uri ? uri : ""));
	}
	default:
		return FALSE;
	}
}

void gtn_navigation_connect(WebKitWebView *view, int id) {
	g_signal_connect(view, "decide-policy", G_CALLBACK(on_decide_policy), GINT_TO_POINTER(id));
	g_signal_connect(view, "create", G_CALLBACK(on_create), GINT_TO_POINTER(id));
	g_signal_connect(view, "load-failed", G_CALLBACK(on_load_failed), GINT_TO_POINTER(id));
}

// gtn_decision_ref keeps a decision for an answer that comes later.
void gtn_decision_ref(WebKitPolicyDecision *d) {
	if (d) g_object_ref(d);
}

// gtn_decision_finish applies an answer and drops the reference:
// 0 use (for a response: display it, or download what cannot be shown),
// 1 ignore.
void gtn_decision_finish(WebKitPolicyDecision *d, int ignore) {
	if (!d) return;
	if (ignore) {
		webkit_policy_decision_ignore(d);
	} else if (WEBKIT_IS_RESPONSE_POLICY_DECISION(d) &&
	           !webkit_response_policy_decision_is_mime_type_supported(WEBKIT_RESPONSE_POLICY_DECISION(d))) {
		webkit_policy_decision_download(d);
	} else {
		webkit_policy_decision_use(d);
	}
	g_object_unref(d);
}
