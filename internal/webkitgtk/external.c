// Opening URLs with the desktop's default handler: GIO finds the application
// registered for the URL's scheme (x-scheme-handler/… in mimeapps.list).
#include "webkitgtk.h"

int gtn_open_external(const char *uri, char **error) {
	GError *err = NULL;
	if (!g_app_info_launch_default_for_uri(uri, NULL, &err)) {
		*error = g_strdup(err ? err->message : "no application handles this URL");
		if (err) g_error_free(err);
		return 0;
	}
	return 1;
}
