// Permission requests of pages, decided by the core (see permission.go).
// Every request is held (a reference of ours) and answered later from Go;
// requests still waiting when the view goes are denied.
#include "webkitgtk.h"
#include <stdlib.h>
#include <string.h>

// Kinds, as bits of a mask (permission.go maps them to engine.Permission).
enum {
	GTN_PERM_GEOLOCATION = 1 << 0,
	GTN_PERM_NOTIFICATIONS = 1 << 1,
	GTN_PERM_CAMERA = 1 << 2,
	GTN_PERM_MICROPHONE = 1 << 3,
	GTN_PERM_SCREEN = 1 << 4,
	GTN_PERM_CLIPBOARD = 1 << 5,
	GTN_PERM_DEVICE_INFO = 1 << 6,
	GTN_PERM_POINTER_LOCK = 1 << 7,
	GTN_PERM_MEDIA_KEYS = 1 << 8,
	GTN_PERM_STORAGE_ACCESS = 1 << 9,
	GTN_PERM_OTHER = 1 << 10,
};

extern void goPermission(int id, int kinds, WebKitPermissionRequest *req);
extern int goPermissionState(int id, int kinds, const char *origin);
extern void goViewGone(int id);

static int kinds_of(WebKitPermissionRequest *req) {
	if (WEBKIT_IS_GEOLOCATION_PERMISSION_REQUEST(req)) return GTN_PERM_GEOLOCATION;
	if (WEBKIT_IS_NOTIFICATION_PERMISSION_REQUEST(req)) return GTN_PERM_NOTIFICATIONS;
	if (WEBKIT_IS_USER_MEDIA_PERMISSION_REQUEST(req)) {
		WebKitUserMediaPermissionRequest *m = WEBKIT_USER_MEDIA_PERMISSION_REQUEST(req);
		int k = 0;
		if (webkit_user_media_permission_is_for_display_device(m)) k |= GTN_PERM_SCREEN;
		else if (webkit_user_media_permission_is_for_video_device(m)) k |= GTN_PERM_CAMERA;
		if (webkit_user_media_permission_is_for_audio_device(m)) k |= GTN_PERM_MICROPHONE;
		return k ? k : GTN_PERM_OTHER;
	}
	if (WEBKIT_IS_CLIPBOARD_PERMISSION_REQUEST(req)) return GTN_PERM_CLIPBOARD;
	if (WEBKIT_IS_DEVICE_INFO_PERMISSION_REQUEST(req)) return GTN_PERM_DEVICE_INFO;
	if (WEBKIT_IS_POINTER_LOCK_PERMISSION_REQUEST(req)) return GTN_PERM_POINTER_LOCK;
	if (WEBKIT_IS_MEDIA_KEY_SYSTEM_PERMISSION_REQUEST(req)) return GTN_PERM_MEDIA_KEYS;
	if (WEBKIT_IS_WEBSITE_DATA_ACCESS_PERMISSION_REQUEST(req)) return GTN_PERM_STORAGE_ACCESS;
	return GTN_PERM_OTHER;
}

static gboolean on_permission(WebKitWebView *view, WebKitPermissionRequest *req, gpointer data) {
	goPermission(GPOINTER_TO_INT(data), kinds_of(req), g_object_ref(req));
	return TRUE;
}

// kinds_of_name maps a Permissions API name (navigator.permissions.query) to
// the kinds a request for it would ask about; 0 for names gotonium never grants.
static int kinds_of_name(const char *name) {
	static const struct { const char *name; int kinds; } names[] = {
		{"geolocation", GTN_PERM_GEOLOCATION},
		{"notifications", GTN_PERM_NOTIFICATIONS},
		{"push", GTN_PERM_NOTIFICATIONS},
		{"camera", GTN_PERM_CAMERA},
		{"microphone", GTN_PERM_MICROPHONE},
		{"display-capture", GTN_PERM_SCREEN},
		{"clipboard-read", GTN_PERM_CLIPBOARD},
		{"clipboard-write", GTN_PERM_CLIPBOARD},
		{"pointer-lock", GTN_PERM_POINTER_LOCK},
		{"storage-access", GTN_PERM_STORAGE_ACCESS},
	};
	for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i].name) == 0) return names[i].kinds;
	return GTN_PERM_OTHER;
}

static gboolean on_query(WebKitWebView *view, WebKitPermissionStateQuery *q, gpointer data) {
	WebKitSecurityOrigin *o = webkit_permission_state_query_get_security_origin(q);
	char *origin = o ? webkit_security_origin_to_string(o) : NULL;
	int state = goPermissionState(GPOINTER_TO_INT(data), kinds_of_name(webkit_permission_state_query_get_name(q)),
	                              origin ? origin : "");
	g_free(origin);
	webkit_permission_state_query_finish(q, state ? WEBKIT_PERMISSION_STATE_PROMPT : WEBKIT_PERMISSION_STATE_DENIED);
	return TRUE;
}

static void on_view_destroy(GtkWidget *view, gpointer data) { goViewGone(GPOINTER_TO_INT(data)); }

void gtn_permission_connect(WebKitWebView *view, int id) {
	// getUserMedia is off in WebKit by default: with it on, the app decides
	// through the permission hook (and denies by default). Mock capture
	// devices are for the tests only, which have no camera.
	WebKitSettings *s = webkit_web_view_get_settings(view);
	webkit_settings_set_enable_media_stream(s, TRUE);
	const char *mock = getenv("GOTONIUM_MOCK_CAPTURE");
	if (mock && strcmp(mock, "1") == 0) webkit_settings_set_enable_mock_capture_devices(s, TRUE);
	g_signal_connect(view, "permission-request", G_CALLBACK(on_permission), GINT_TO_POINTER(id));
	g_signal_connect(view, "query-permission-state", G_CALLBACK(on_query), GINT_TO_POINTER(id));
	g_signal_connect(view, "destroy", G_CALLBACK(on_view_destroy), GINT_TO_POINTER(id));
}

const char *gtn_view_uri(WebKitWebView *view) {
	const char *u = webkit_web_view_get_uri(view);
	return u ? u : "";
}

// gtn_permission_answer allows or denies req and drops our reference.
void gtn_permission_answer(WebKitPermissionRequest *req, int allow) {
	if (allow)
		webkit_permission_request_allow(req);
	else
		webkit_permission_request_deny(req);
	g_object_unref(req);
}
