// "Copy ID" on the thank-you page: the clipboard API where allowed, else select the text.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var target = document.querySelector(button.getAttribute("data-copy"));
  if (!target) return;
  var text = target.textContent.trim();
  var done = function () {
    button.textContent = button.getAttribute("data-copied");
  };
  var selectText = function () {
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      if (document.execCommand("copy")) done();
    } catch (e) {
      /* the text stays selected for a long press */
    }
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, selectText);
  } else {
    selectText();
  }
});
