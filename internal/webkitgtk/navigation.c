// Navigation policy of the main frame and new-window requests (see navigation.go).
#include "webkitgtk.h"

void gtn_navigation_connect(WebKitWebView *view, int id) {}
