// Context menus: to be written.
#include "webkitgtk.h"

void gtn_menu_connect(WebKitWebView *view, int id) {}
