// Panel Papers' own addition to Decap CMS: a referral started in the browser gets its id when it is
// first saved: the prefix, the day and six random letters or digits (r-20261124-k3f9x2), all in lower
// case because Decap writes file names in lower case and the id must equal the file name. Two
// practitioners who start referrals at the same moment get different ids, and so different files,
// branches and merge requests; sequential ids from `panel new referral` (R-0142) are never reused.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="panel-referral-prefix"]');
  var prefix = (meta ? meta.getAttribute("content") : "R").toLowerCase();
  var alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

  function randomPart(length) {
    var out = "";
    var bytes = new Uint8Array(1);
    while (out.length < length) {
      window.crypto.getRandomValues(bytes);
      if (bytes[0] < 252) out += alphabet[bytes[0] % 36]; // 252 = 7 × 36: no letter is likelier than another
    }
    return out;
  }

  function newId(now) {
    var day = now.getFullYear().toString() +
      String(now.getMonth() + 1).padStart(2, "0") + String(now.getDate()).padStart(2, "0");
    return prefix + "-" + day + "-" + randomPart(6);
  }

  // A decision form writes meetings/<date>/decisions/<referral>.md: its meeting and referral are that
  // path's (Decap does not write a file collection's hidden defaults into a new file).
  var decisionPath = /^meetings\/([0-9]{4}-[0-9]{2}-[0-9]{2})\/decisions\/([^/]+)\.md$/;

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data");
      var collection = String(entry.get("collection") || "");
      if (collection === "decisions") {
        var found = decisionPath.exec(String(entry.get("path") || ""));
        if (!found) return data;
        return data.set("referral", found[2]).set("meeting", found[1]);
      }
      if (collection.indexOf("referral-") !== 0) return data;
      if (!entry.get("newRecord") || data.get("id")) return data;
      return data.set("id", newId(new Date()));
    },
  });
  window.panelNewReferralId = newId;

  // Accessibility fixes to Decap's own interface (WCAG 2.2 AA, checked with axe-core in the tests):
  // text colours with enough contrast, and a name for the text editor, taken from its field's label.
  var style = document.createElement("style");
  style.textContent =
    '[class*="textBadgeDanger"] { color: #8b0000 !important; }\n' +
    '[class*="AppHeaderSiteLink"] { color: #3a3a3a !important; }\n' +
    ".Toastify__toast--error { background: #a8071a !important; color: #fff !important; }\n" +
    ".Toastify__toast--success { background: #1e6b34 !important; color: #fff !important; }\n" +
    ".Toastify__toast--warning { background: #6b4500 !important; color: #fff !important; }\n" +
    ".Toastify__toast--info { background: #1f4e8c !important; color: #fff !important; }\n";
  document.head.appendChild(style);

  function nameTextboxes() {
    var boxes = document.querySelectorAll('[role="textbox"]:not([aria-label]):not([aria-labelledby])');
    for (var i = 0; i < boxes.length; i++) {
      var node = boxes[i].parentElement;
      while (node && !node.querySelector("label")) node = node.parentElement;
      var label = node ? node.querySelector("label") : null;
      boxes[i].setAttribute("aria-label", label ? label.textContent.trim() : "Text");
    }
  }
  new MutationObserver(nameTextboxes).observe(document.documentElement, { childList: true, subtree: true });
})();
