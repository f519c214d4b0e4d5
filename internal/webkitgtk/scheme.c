// Custom URI schemes: WebKit hands each request to Go with the id of the view
// that made it; Go answers with a status, headers and a pipe that streams the
// body, so a response of any size uses bounded memory.
#include "webkitgtk.h"
#include <gio/gunixinputstream.h>
#include <libsoup/soup.h>

extern void goSchemeRequest(int id, WebKitURISchemeRequest *req);

static void on_request(WebKitURISchemeRequest *req, gpointer data) {
	WebKitWebView *view = webkit_uri_scheme_request_get_web_view(req);
	int id = view ? GPOINTER_TO_INT(g_object_get_data(G_OBJECT(view), "gotonium-id")) : 0;
	goSchemeRequest(id, g_object_ref(req));
}

void gtn_register_scheme(WebKitWebContext *ctx, const char *name) {
	webkit_web_context_register_uri_scheme(ctx, name, on_request, NULL, NULL);
	WebKitSecurityManager *sm = webkit_web_context_get_security_manager(ctx);
	webkit_security_manager_register_uri_scheme_as_secure(sm, name);
	// CORS-enabled: other origins may read answers that carry
	// Access-Control-Allow-Origin, which the core sets for the instance's
	// trusted origins only. WebKitGTK 2.50.6 behaved the same without it
	// (measured: fetch, XHR, canvas, import, module scripts), older
	// releases needed it for cross-scheme fetch.
	webkit_security_manager_register_uri_scheme_as_cors_enabled(sm, name);
}

void gtn_view_set_id(WebKitWebView *view, int id) {
	g_object_set_data(G_OBJECT(view), "gotonium-id", GINT_TO_POINTER(id));
}

// gtn_request_headers returns the request headers as "name: value\n" lines.
char *gtn_request_headers(WebKitURISchemeRequest *req) {
	GString *s = g_string_new(NULL);
	SoupMessageHeaders *h = webkit_uri_scheme_request_get_http_headers(req);
	if (h) {
		SoupMessageHeadersIter it;
		const char *name, *value;
		soup_message_headers_iter_init(&it, h);
		while (soup_message_headers_iter_next(&it, &name, &value))
			g_string_append_printf(s, "%s: %s\n", name, value);
	}
	return g_string_free(s, FALSE);
}

GInputStream *gtn_request_body(WebKitURISchemeRequest *req) { return webkit_uri_scheme_request_get_http_body(req); }

WebKitURISchemeRequest *gtn_request_ref(WebKitURISchemeRequest *req) { return g_object_ref(req); }

gssize gtn_stream_read(GInputStream *in, void *buf, gsize n, char **error) {
	GError *err = NULL;
	gssize got = g_input_stream_read(in, buf, n, NULL, &err);
	if (got < 0) {
		*error = g_strdup(err ? err->message : "read failed");
		if (err) g_error_free(err);
	}
	return got;
}

// respond answers req with the body in, of length bytes (-1: unknown);
// headers are "name\nvalue\n" pairs. It takes the reference to req.
static void respond(WebKitURISchemeRequest *req, GInputStream *in, gint64 length, int status,
                    const char *reason, const char *content_type, const char *headers) {
	WebKitURISchemeResponse *resp = webkit_uri_scheme_response_new(in, length);
	webkit_uri_scheme_response_set_status(resp, status, reason);
	if (content_type && *content_type) webkit_uri_scheme_response_set_content_type(resp, content_type);
	SoupMessageHeaders *h = soup_message_headers_new(SOUP_MESSAGE_HEADERS_RESPONSE);
	const char *p = headers;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		if (!nl) break;
		const char *vend = strchr(nl + 1, '\n');
		if (!vend) break;
		char *name = g_strndup(p, nl - p);
		char *value = g_strndup(nl + 1, vend - nl - 1);
		soup_message_headers_append(h, name, value);
		g_free(name);
		g_free(value);
		p = vend + 1;
	}
	webkit_uri_scheme_response_set_http_headers(resp, h); // takes h
	webkit_uri_scheme_request_finish_with_response(req, resp);
	g_object_unref(resp);
	g_object_unref(req);
}

// gtn_scheme_respond answers req with a body that streams through a pipe. It
// takes ownership of fd, of one reference to flag and of the reference to req.
void gtn_scheme_respond(WebKitURISchemeRequest *req, int fd, gtn_flag *flag, gint64 length, int status,
                        const char *reason, const char *content_type, const char *headers) {
	GInputStream *in = gtn_pipe_stream_new(fd, flag); // takes fd and a reference to flag
	respond(req, in, length, status, reason, content_type, headers);
	g_object_unref(in);
}

// gtn_scheme_respond_bytes answers req with the whole body in memory, as a
// bare program serving bytes would. It takes ownership of data (g_malloc'd)
// and of the reference to req.
void gtn_scheme_respond_bytes(WebKitURISchemeRequest *req, void *data, gsize length, int status,
                              const char *reason, const char *content_type, const char *headers) {
	GBytes *bytes = g_bytes_new_take(data, length);
	GInputStream *in = g_memory_input_stream_new_from_bytes(bytes);
	g_bytes_unref(bytes);
	respond(req, in, (gint64)length, status, reason, content_type, headers);
	g_object_unref(in);
}

void gtn_scheme_fail(WebKitURISchemeRequest *req, const char *message) {
	GError *err = g_error_new_literal(G_IO_ERROR, G_IO_ERROR_FAILED, message);
	webkit_uri_scheme_request_finish_error(req, err);
	g_error_free(err);
	g_object_unref(req);
}
