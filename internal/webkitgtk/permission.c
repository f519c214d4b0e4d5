// Permission requests of pages, decided by the core (see permission.go).
#include "webkitgtk.h"

void gtn_permission_connect(WebKitWebView *view, int id) {}
