package assessment

import "time"

// Session is a logged-in browser session. Its secret id lives only in the
// browser's cookie; the store keeps a hash of it.
type Session struct {
	UserID    int64
	CSRFToken string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
}

// APIToken describes a personal API token (never its secret).
type APIToken struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	LastUsed  string    `json:"last_used,omitempty"`
}
