// Native dialogs (dialog.c). Everything here runs on the GTK thread.
#ifndef GOTONIUM_DIALOG_H
#define GOTONIUM_DIALOG_H

#include <gtk/gtk.h>

GtkFileChooserNative *gtn_file_dialog_new(GtkWidget *parent, int mode, const char *title, const char *accept);
void gtn_file_dialog_add_filter(GtkFileChooserNative *d, const char *name, const char *const *patterns, const char *const *mimes);
int gtn_file_dialog_set_folder(GtkFileChooserNative *d, const char *folder);
void gtn_file_dialog_show(GtkFileChooserNative *d, int token);
void gtn_file_dialog_end(GtkFileChooserNative *d);
GtkWidget *gtn_message_dialog_new(GtkWidget *parent, int kind, const char *title, const char *message, const char *detail);
void gtn_message_dialog_show(GtkWidget *d, int def, int token);
void gtn_message_dialog_end(GtkWidget *d, int token);

#endif
