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
    // The dark palette rendered into <template id="dm-dark-theme"> becomes rules for a system in dark mode.
    darkTheme: function () {
        var template = document.getElementById('dm-dark-theme');
        if (!template || document.getElementById('dm-dark-style')) { return; }
        var css = Array.prototype.map.call(template.content.querySelectorAll('style'), function (s) { return s.textContent; }).join('\n');
        var style = document.createElement('style');
        style.id = 'dm-dark-style';
        style.textContent = '@media (prefers-color-scheme: dark) {' + css.replace(/:root/g, ':root:root') + '}';
        document.head.appendChild(style);
    },
    copy: function (text) {
        return navigator.clipboard ? navigator.clipboard.writeText(text).then(() => true, () => false) : false;
    }
};

window.dynamicMail.darkTheme();
