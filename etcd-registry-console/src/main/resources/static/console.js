// Live updates: an element with data-sse gets its content replaced by each pushed fragment.
// The browser's EventSource reconnects by itself; the server sends the current state on (re)connect.
document.querySelectorAll('[data-sse]').forEach(function (el) {
  var source = new EventSource(el.getAttribute('data-sse'));
  source.addEventListener(el.getAttribute('data-event'), function (e) {
    el.innerHTML = e.data;
    el.setAttribute('data-pushes', String(Number(el.getAttribute('data-pushes') || 0) + 1));
  });
  window.addEventListener('beforeunload', function () { source.close(); });
});
