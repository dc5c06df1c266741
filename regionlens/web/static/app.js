/* regionlens coding workspace keyboard: served from /static so the CSP needs no inline scripts.
   Digits (then letters, for long lists) pick an option of the active variable; a single-choice
   answer moves on to the next variable, checkboxes stay. J/K (or arrows) move between variables,
   E focuses the active field, Esc returns, H toggles highlighting, Enter or Ctrl+Enter saves. */
(function () {
  "use strict";
  function init() {
    var form = document.getElementById("coding-form");
    if (!form) { return; }
    var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset.var"));
    var active = 0;

    function activate(i) {
      if (!groups.length) { return; }
      active = Math.max(0, Math.min(groups.length - 1, i));
      groups.forEach(function (g, j) { g.classList.toggle("active", j === active); });
      if (groups[active].scrollIntoView) { groups[active].scrollIntoView({ block: "nearest" }); }
    }

    function choose(key) {
      var g = groups[active];
      if (!g) { return; }
      if (g.dataset.widget === "select") {
        var sel = g.querySelector("select");
        var opt = sel.querySelector('option[data-key="' + key + '"]');
        if (opt) { sel.value = opt.value; activate(active + 1); }
        return;
      }
      var input = g.querySelector('input[data-key="' + key + '"]');
      if (!input) { return; }
      if (input.type === "radio") {
        input.checked = true;
        if (active < groups.length - 1) { activate(active + 1); }
      } else {
        input.checked = !input.checked;
      }
    }

    function typing(el) {
      if (!el || !el.tagName) { return false; }
      var tag = el.tagName.toUpperCase();
      if (tag === "TEXTAREA") { return true; }
      if (tag === "SELECT" && el.multiple) { return true; }
      return tag === "INPUT" && /^(text|password|search|number|email)$/i.test(el.type);
    }

    groups.forEach(function (g, j) {
      g.addEventListener("focusin", function () { activate(j); });
    });

    document.addEventListener("keydown", function (e) {
      var tag = e.target && e.target.tagName ? e.target.tagName.toUpperCase() : "";
      var outside = (tag === "A" || tag === "BUTTON") && !form.contains(e.target);
      if (e.key === "Enter" && (e.ctrlKey || (!typing(e.target) && !outside))) {
        e.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        return;
      }
      if (e.key === "Escape") {
        if (document.activeElement && document.activeElement.blur) { document.activeElement.blur(); }
        return;
      }
      if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey) { return; }
      var k = e.key;
      if (/^[0-9]$/.test(k)) { e.preventDefault(); choose(k); return; }
      if (k === "j" || k === "J" || k === "ArrowDown") { e.preventDefault(); activate(active + 1); return; }
      if (k === "k" || k === "K" || k === "ArrowUp") { e.preventDefault(); activate(active - 1); return; }
      if (k === "e" || k === "E") {
        var g = groups[active];
        var target = g && g.querySelector("select, input");
        if (target) { e.preventDefault(); target.focus(); }
        return;
      }
      if (k === "h" || k === "H") {
        var toggle = document.getElementById("hl-toggle");
        if (toggle) { e.preventDefault(); window.location.href = toggle.href; }
        return;
      }
      if (/^[a-z]$/i.test(k)) { e.preventDefault(); choose(k.toLowerCase()); }
    });
    activate(0);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
