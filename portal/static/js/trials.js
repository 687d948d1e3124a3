/* On a phone the register's filters start folded, so the trials come first on screen.
   Without JavaScript they stay open. */
(function () {
    var panels = document.querySelectorAll("details[data-fold-below]");
    Array.prototype.forEach.call(panels, function (panel) {
        var wide = window.matchMedia("(min-width: " + panel.getAttribute("data-fold-below") + ")");
        if (!wide.matches) {
            panel.open = false;
        }
    });
})();
