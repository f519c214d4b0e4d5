// Package scheme holds the pure logic behind serving a local folder through a
// custom URL scheme such as main://index.html or app://localhost/js/app.js.
//
// It has four parts, each usable on its own:
//
//   - URL normalisation ([Normalize], [RequestPath]): WebKit reads
//     main://index.html as host "index.html" and path "/", which breaks
//     relative URLs and same-origin checks. Normalize rewrites such URLs to
//     main://localhost/index.html; RequestPath maps any request URL, normalised
//     or not, to the path of the file inside the served folder.
//   - Path resolution ([Resolve]): turns a percent-encoded request path into an
//     absolute file path inside the served folder, or an error wrapping
//     [ErrForbidden] or [ErrNotFound]. Nothing outside the folder is ever
//     returned, whatever the path or the symlinks in the folder.
//   - MIME types ([MimeTable]): a fixed built-in table with per-table
//     overrides; it never reads the host's MIME database.
//   - Serving ([FileServer]): an [net/http.Handler] that serves the folder with
//     GET and HEAD, Range support and bounded memory, and never lists
//     directories.
//
// The package uses the standard library only and does not depend on WebKit:
// an engine adapter builds an *http.Request from the WebKit request and passes
// a ResponseWriter that streams back to WebKit.
package scheme
