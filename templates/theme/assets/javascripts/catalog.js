/* Catalog behaviour, served by the site itself:
 * - renders TeX math (elements with class "math") with the site's own KaTeX,
 *   loaded only on pages that have math;
 * - "Copy link" copies the paper's permanent address;
 * - on the "not found" page, sends versioned or short paper links
 *   (/abs/2311.08526v2/, /papers/hep-th/9901001v3) to the paper's page. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);

  function loadKatex(callback) {
    if (window.katex) { callback(); return; }
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL("assets/katex/katex.min.css", root).href;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = new URL("assets/katex/katex.min.js", root).href;
    js.onload = callback;
    document.head.appendChild(js);
  }

  function renderMath() {
    var spans = document.querySelectorAll("span.math:not([data-rendered])");
    if (!spans.length) return;
    loadKatex(function () {
      spans.forEach(function (span) {
        var tex = span.textContent;
        try {
          window.katex.render(tex, span, {
            displayMode: span.classList.contains("display"),
            throwOnError: false,
            trust: false,
            strict: "ignore"
          });
          span.setAttribute("data-rendered", "");
          span.setAttribute("data-tex", tex);
        } catch (error) {
          span.textContent = tex;
        }
      });
    });
  }

  function permalink() {
    var canonical = document.querySelector('link[rel="canonical"]');
    return canonical ? canonical.href : location.href.split("#")[0].split("?")[0];
  }

  function setUpCopyLink() {
    document.querySelectorAll("[data-copy-link]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(permalink()).then(function () {
          button.textContent = "Link copied";
          setTimeout(function () { button.textContent = "Copy link"; }, 2000);
        });
      });
    });
  }

  var NEW_STYLE = /^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$/i;
  var OLD_STYLE = /^(?:arxiv:)?([a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]{2})?\/(\d{7})(?:v\d+)?$/i;

  function paperPath(rest) {
    var id = decodeURIComponent(rest).replace(/\/+$/, "").replace(/\.pdf$/, "");
    var match = NEW_STYLE.exec(id);
    if (match) return "papers/" + match[1] + "/";
    match = OLD_STYLE.exec(id);
    if (match) return "papers/" + match[1].toLowerCase() + "/" + match[2] + "/";
    return null;
  }

  function redirectNotFound() {
    if (!document.getElementById("catalog-not-found")) return;
    var path = location.pathname;
    if (path.indexOf(root.pathname) !== 0) return;
    var match = /^(?:abs|papers|pdf)\/(.+)$/.exec(path.slice(root.pathname.length));
    var target = match && paperPath(match[1]);
    if (target && target !== path.slice(root.pathname.length)) {
      location.replace(new URL(target, root).href);
    }
  }

  /* Search: Material's worker runs lunr; queries are tuned on their way to it so
   * that a pasted arXiv ID in any form (arXiv:2405.12130, 2405.12130v2, an
   * arxiv.org URL) finds the paper, and a word with a one-letter typo still
   * matches (lunr's edit-distance search). */
  var QUERY = 2; // Material's message type for a search query
  var ID_IN_QUERY = /(?:https?:\/\/(?:www\.)?(?:export\.)?arxiv\.org\/(?:abs|pdf|html)\/|arxiv:\s*)?(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/gi;
  var OLD_ID_IN_QUERY = /(?:https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf|html)\/|arxiv:\s*)?([a-z]+(?:-[a-z]+)*)(?:\.[A-Za-z]{2})?\/(\d{7})(?:v\d+)?/gi;

  function tuneQuery(query) {
    var tuned = query
      .replace(ID_IN_QUERY, "$1")
      .replace(OLD_ID_IN_QUERY, "$1 $2")
      .replace(/\barxiv:/gi, "");
    var fuzzy = tuned.split(/\s+/).filter(function (word) {
      return /^[A-Za-z]{5,}$/.test(word);
    }).map(function (word) { return word + "~1"; });
    return fuzzy.length ? tuned + " " + fuzzy.join(" ") : tuned;
  }

  if (window.Worker && !Worker.prototype.__catalogTuned) {
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      if (message && message.type === QUERY && typeof message.data === "string") {
        message = { type: QUERY, data: tuneQuery(message.data) };
      }
      return post.apply(this, [message].concat(Array.prototype.slice.call(arguments, 1)));
    };
    Worker.prototype.__catalogTuned = true;
  }

  function labelSearchDialog() {
    // Material's search overlay is a dialog without a name; screen readers need one.
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Search");
    });
  }

  function ready() {
    labelSearchDialog();
    redirectNotFound();
    renderMath();
    setUpCopyLink();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
