// A GInputStream over the read end of a pipe that can end in an error: a
// scheme handler that panics after its first write must not leave the page
// a truncated body that looks complete. Go sets the shared flag before it
// closes the write end; the reader then sees end-of-file and reports the
// error instead.
#include "webkitgtk.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>

struct gtn_flag {
	int failed;
	int refs;
};

gtn_flag *gtn_flag_new(void) {
	gtn_flag *f = g_new0(gtn_flag, 1);
	f->refs = 2; // Go's and the stream's
	return f;
}

void gtn_flag_fail(gtn_flag *f) { __atomic_store_n(&f->failed, 1, __ATOMIC_SEQ_CST); }

void gtn_flag_unref(gtn_flag *f) {
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_SEQ_CST) == 0) g_free(f);
}

typedef struct {
	GInputStream parent;
	int fd;
	gtn_flag *flag;
} GtnPipeStream;

typedef struct {
	GInputStreamClass parent_class;
} GtnPipeStreamClass;

G_DEFINE_TYPE(GtnPipeStream, gtn_pipe_stream, G_TYPE_INPUT_STREAM)

static gssize pipe_read(GInputStream *stream, void *buffer, gsize count, GCancellable *cancellable, GError **error) {
	GtnPipeStream *s = (GtnPipeStream *)stream;
	for (;;) {
		gssize n = read(s->fd, buffer, count);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0) {
			int e = errno;
			g_set_error(error, G_IO_ERROR, g_io_error_from_errno(e), "read: %s", g_strerror(e));
			return -1;
		}
		if (n == 0 && __atomic_load_n(&s->flag->failed, __ATOMIC_SEQ_CST)) {
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "the scheme handler failed while writing its answer");
			return -1;
		}
		return n;
	}
}

static gboolean pipe_close(GInputStream *stream, GCancellable *cancellable, GError **error) {
	GtnPipeStream *s = (GtnPipeStream *)stream;
	if (s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	return TRUE;
}

static void pipe_finalize(GObject *obj) {
	GtnPipeStream *s = (GtnPipeStream *)obj;
	if (s->fd >= 0) close(s->fd);
	gtn_flag_unref(s->flag);
	G_OBJECT_CLASS(gtn_pipe_stream_parent_class)->finalize(obj);
}

static void gtn_pipe_stream_class_init(GtnPipeStreamClass *klass) {
	G_OBJECT_CLASS(klass)->finalize = pipe_finalize;
	G_INPUT_STREAM_CLASS(klass)->read_fn = pipe_read;
	G_INPUT_STREAM_CLASS(klass)->close_fn = pipe_close;
}

static void gtn_pipe_stream_init(GtnPipeStream *s) { s->fd = -1; }

GInputStream *gtn_pipe_stream_new(int fd, gtn_flag *flag) {
	GtnPipeStream *s = g_object_new(gtn_pipe_stream_get_type(), NULL);
	s->fd = fd;
	s->flag = flag;
	return G_INPUT_STREAM(s);
}
