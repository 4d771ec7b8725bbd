// Keeps a customer's session tab awake: a held Web Lock stops the browser from freezing a background tab,
// so the presence connection stays up and delivery goes on.
window.dynamicMail = {
    keepAwake: function () {
        if (navigator.locks && !window.dynamicMail._locked) {
            window.dynamicMail._locked = true;
            navigator.locks.request('dynamicmail-session-' + Math.random(), () => new Promise(() => { }));
        }
    },
    // The browser's IANA time zone, so the customer's page shows times as the customer reads them.
    timeZone: function () {
        try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
    },
    copy: function (text) {
        return navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, () => false) : false;
    }
};
