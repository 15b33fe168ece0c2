/* Oxytocin, Stress and Trust: small accessibility fixes for the static pages.
 *
 * The widget renderer (@jupyter-widgets/html-manager) draws sliders with
 * noUiSlider, whose handles (role="slider") have no accessible name.  Once the
 * widgets are rendered, name each handle after its slider's visible
 * description and announce the readout (the value the reader sees) as the
 * handle's aria-valuetext.  Images without alt text get the nearest figure
 * caption (course figures always carry their own alt text).
 */
(function () {
  "use strict";

  function text(el) {
    return el ? (el.textContent || "").replace(/\s+/g, " ").trim() : "";
  }

  function fixSlider(handle) {
    var box = handle.closest(".widget-slider") || handle.closest(".widget-inline-hbox");
    if (!box) { return; }
    var name = text(box.querySelector(".widget-label")) || "Slider";
    if (handle.getAttribute("aria-label") !== name) { handle.setAttribute("aria-label", name); }
    var readout = box.querySelector(".widget-readout");
    var value = text(readout);
    if (value && handle.getAttribute("aria-valuetext") !== value) {
      handle.setAttribute("aria-valuetext", value);
    }
  }

  function fixImage(img) {
    if (img.hasAttribute("alt") && img.getAttribute("alt").trim()) { return; }
    var fig = img.closest("figure");
    var cap = fig ? text(fig.querySelector("figcaption")) : "";
    img.setAttribute("alt", cap || "Figure from the course notebook");
  }

  function fixAll() {
    document.querySelectorAll(".noUi-handle").forEach(fixSlider);
    document.querySelectorAll("img").forEach(fixImage);
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fixAll(); });
  }

  // Opening a worked solution also opens the folded output inside it (one click, not two).
  function openInner(event) {
    var outer = event.target;
    if (!outer.matches || !outer.matches("details.oxy-solution") || !outer.open) { return; }
    outer.querySelectorAll("details.oxy-solution-output").forEach(function (d) { d.open = true; });
  }

  function start() {
    fixAll();
    document.addEventListener("toggle", openInner, true);
    new MutationObserver(schedule).observe(document.body, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ["aria-valuenow", "alt", "src"]
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
