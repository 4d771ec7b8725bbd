// Keeps a customer's session tab awake: a held Web Lock stops the browser from freezing a background tab,
// so the presence connection stays up and delivery goes on.
window.dynamicMail = {
    keepAwake: function () {
        if (navigator.locks && !window.dynamicMail._locked) {
            window.dynamicMail._locked = true;
            navigator.locks.request('dynamicmail-session-' + Math.random(), () => new Promise(() => { }));
        }
    }
};
