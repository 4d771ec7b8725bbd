// Starts Blazor (a file, not an inline script, so the Content-Security-Policy needs no 'unsafe-inline' for scripts).
// Presence: ping every 3 s, give up on a silent server after 10 s (matches the hub's timeouts);
// after a server restart the old circuit is rejected and the page reloads, resuming from its cookie.
Blazor.start({
    circuit: {
        configureSignalR: b => b.withServerTimeout(10000).withKeepAliveInterval(3000),
        reconnectionOptions: { maxRetries: 1000, retryIntervalMilliseconds: 1000 }
    }
}).then(() => Blazor.addEventListener('enhancedload', () => window.dynamicMail.darkTheme()));
