// Global shortcuts: keys grabbed on the X root window, so that they fire
// whichever window has the focus. Every grab is made four times, with and
// without Caps Lock and Num Lock, which X counts as modifiers.
#include "extras.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/gdkx.h>

extern void goGlobalKey(int token);

typedef struct {
	int token;
	KeyCode code;
	unsigned int mods;
} grab;

static GArray *grabs;
static const unsigned int locks[] = {0, LockMask, Mod2Mask, LockMask | Mod2Mask};
#define MODS (ShiftMask | ControlMask | Mod1Mask | Mod4Mask)

static GdkFilterReturn filter(GdkXEvent *xev, GdkEvent *ev, gpointer data) {
	XEvent *x = xev;
	if (x->type != KeyPress || !grabs)
		return GDK_FILTER_CONTINUE;
	for (guint i = 0; i < grabs->len; i++) {
		grab *g = &g_array_index(grabs, grab, i);
		if (g->code == x->xkey.keycode && g->mods == (x->xkey.state & MODS)) {
			goGlobalKey(g->token);
			return GDK_FILTER_REMOVE;
		}
	}
	return GDK_FILTER_CONTINUE;
}

static void ungrab(Display *xd, KeyCode code, unsigned int mods) {
	for (int i = 0; i < 4; i++)
		XUngrabKey(xd, code, mods | locks[i], DefaultRootWindow(xd));
}

// gtn_global_grab grabs accel ("<Control><Alt>d") for token: 0 done, 1 not
// a key of this keyboard, 2 another application has it, 3 not on X11.
int gtn_global_grab(const char *accel, int token) {
	GdkDisplay *d = gdk_display_get_default();
	if (!GDK_IS_X11_DISPLAY(d))
		return 3;
	guint key = 0;
	GdkModifierType gm = 0;
	gtk_accelerator_parse(accel, &key, &gm);
	Display *xd = GDK_DISPLAY_XDISPLAY(d);
	KeyCode code = key ? XKeysymToKeycode(xd, key) : 0;
	if (!code)
		return 1;
	unsigned int mods = 0;
	if (gm & GDK_SHIFT_MASK) mods |= ShiftMask;
	if (gm & GDK_CONTROL_MASK) mods |= ControlMask;
	if (gm & GDK_MOD1_MASK) mods |= Mod1Mask;
	if (gm & (GDK_SUPER_MASK | GDK_MOD4_MASK)) mods |= Mod4Mask;
	gdk_x11_display_error_trap_push(d);
	for (int i = 0; i < 4; i++)
		XGrabKey(xd, code, mods | locks[i], DefaultRootWindow(xd), False, GrabModeAsync, GrabModeAsync);
	XSync(xd, False);
	if (gdk_x11_display_error_trap_pop(d)) {
		gdk_x11_display_error_trap_push(d);
		ungrab(xd, code, mods);
		XSync(xd, False);
		gdk_x11_display_error_trap_pop_ignored(d);
		return 2;
	}
	if (!grabs) {
		grabs = g_array_new(FALSE, FALSE, sizeof(grab));
		gdk_window_add_filter(NULL, filter, NULL);
	}
	grab g = {token, code, mods};
	g_array_append_val(grabs, g);
	return 0;
}

void gtn_global_ungrab(int token) {
	if (!grabs)
		return;
	Display *xd = GDK_DISPLAY_XDISPLAY(gdk_display_get_default());
	for (guint i = 0; i < grabs->len; i++) {
		grab *g = &g_array_index(grabs, grab, i);
		if (g->token == token) {
			ungrab(xd, g->code, g->mods);
			XFlush(xd);
			g_array_remove_index(grabs, i);
			return;
		}
	}
}
#else
int gtn_global_grab(const char *accel, int token) { return 3; }
void gtn_global_ungrab(int token) {}
#endif
