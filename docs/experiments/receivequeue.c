// The bare-engine experiment of docs/reliability.md: a WebKitGTK 4.1 program
// that opens and closes windows (one web process each) 250 times and counts
// WebKit's ReceiveQueue threads in its own process.
//
//   gcc -o rq receivequeue.c $(pkg-config --cflags --libs webkit2gtk-4.1 gtk+-3.0) && ./rq

#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include <stdio.h>
#include <dirent.h>
#include <string.h>
static int cycles = 0, total = 250;
static GtkWidget *win;
static int count_rq(void) {
  DIR *d = opendir("/proc/self/task"); struct dirent *e; int n = 0; char p[256], c[64];
  while ((e = readdir(d))) { if (e->d_name[0]=='.') continue; snprintf(p, sizeof p, "/proc/self/task/%s/comm", e->d_name);
    FILE *f = fopen(p, "r"); if (!f) continue; if (fgets(c, sizeof c, f) && strncmp(c, "ReceiveQueue", 12)==0) n++; fclose(f); }
  closedir(d); return n;
}
static void open_one(void);
static gboolean next(gpointer d) { open_one(); return G_SOURCE_REMOVE; }
static void on_load(WebKitWebView *v, WebKitLoadEvent ev, gpointer d) {
  if (ev != WEBKIT_LOAD_FINISHED) return;
  gtk_widget_destroy(win);
  cycles++;
  if (cycles % 40 == 10 || cycles == total) printf("after %d cycles: ReceiveQueue threads %d\n", cycles, count_rq()), fflush(stdout);
  if (cycles == total) { gtk_main_quit(); return; }
  g_idle_add(next, NULL);
}
static void open_one(void) {
  win = gtk_window_new(GTK_WINDOW_TOPLEVEL);
  GtkWidget *v = webkit_web_view_new();
  g_signal_connect(v, "load-changed", G_CALLBACK(on_load), NULL);
  gtk_container_add(GTK_CONTAINER(win), v);
  gtk_widget_show_all(win);
  webkit_web_view_load_uri(WEBKIT_WEB_VIEW(v), "data:text/html,<title>c</title>");
}
int main(int argc, char **argv) {
  setenv("WEBKIT_DISABLE_DMABUF_RENDERER", "1", 0);
  gtk_init(&argc, &argv);
  GtkWidget *aw = gtk_window_new(GTK_WINDOW_TOPLEVEL); GtkWidget *av = webkit_web_view_new();
  gtk_container_add(GTK_CONTAINER(aw), av); gtk_widget_show_all(aw);
  webkit_web_view_load_uri(WEBKIT_WEB_VIEW(av), "data:text/html,<title>anchor</title>");
  open_one();
  gtk_main();
  printf("end: ReceiveQueue threads %d\n", count_rq());
  return 0;
}
