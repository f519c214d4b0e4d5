// Downloads: nothing is written unless the core accepts (see download.go).
#include "webkitgtk.h"

void gtn_download_connect(WebKitWebContext *ctx) {}
