// Opening URLs with the desktop's default handler.
#include "webkitgtk.h"

int gtn_open_external(const char *uri, char **error) { return 0; }
