package gotonium

import "strings"

// PageNotification is an engine event: a page with the notification
// permission (see OnPermissionRequest) made a new Notification. It is shown
// as Notify shows the app's own, on the desktop's notification server; a
// click on it reaches the page's onclick and closes it, and the page's
// close() closes it. Without a notification server the page's notification
// closes at once (its onclose runs) and the error is logged.
func (b *browser) PageNotification(title, body string, done func(clicked bool)) (withdraw func()) {
	if strings.TrimSpace(title) == "" {
		title = "Notification"
	}
	var id NotificationID
	shown := make(chan struct{}) // closed once id is set (0: not shown)
	closeIt := func() {
		go func() {
			if <-shown; id != 0 {
				CloseNotification(id)
			}
		}()
	}
	go func() {
		defer close(shown)
		var err error
		id, err = NotifyID(Notification{
			Title:    title,
			Body:     body,
			OnClick:  func() { done(true); closeIt() },
			OnClosed: func(CloseReason) { done(false) },
		})
		if err != nil {
			log().Warn("gotonium: a page's notification could not be shown", "error", err)
			done(false)
		}
	}()
	return closeIt
}
