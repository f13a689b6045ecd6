// The review queue page: accept or dismiss an item through GraphQL with the token typed into
// the page.  The token lives in this script's memory only (never a URL, a cookie or storage);
// every message shown comes from the page's data-msg-* attributes (the server's catalogue).
(function () {
  "use strict";
  var root = document.querySelector(".pg-review[data-widget='review']");
  if (!root) { return; }
  var status = document.getElementById("pg-review-status");
  var counts = document.getElementById("pg-review-counts");
  var MUTATIONS = {
    accept: "mutation($input: DecideReviewItemInput!) { acceptReviewItem(input: $input) { item { id status } } }",
    dismiss: "mutation($input: DecideReviewItemInput!) { dismissReviewItem(input: $input) { item { id status } } }",
    correct: "mutation($input: CorrectReviewItemInput!) { correctReviewItem(input: $input) { item { id status } } }"
  };

  function say(text, ok) {
    status.textContent = text;
    status.className = "review-status " + (ok ? "ok" : "error");
  }

  function failed(message) {
    say(root.getAttribute("data-msg-failed").replace("{message}", message), false);
  }

  var STATUS = { accept: "accepted", dismiss: "dismissed", correct: "corrected" };

  function count(status, change) {
    var n = Math.max(0, parseInt(counts.getAttribute("data-" + status), 10) + change);
    counts.setAttribute("data-" + status, String(n));
  }

  function decided(row, action) {
    var table = row.parentNode;
    table.removeChild(row);
    count("open", -1);
    count(STATUS[action], 1);
    counts.textContent = counts.getAttribute("data-template").replace(
      /\{(open|accepted|dismissed|corrected)\}/g,
      function (_, status) { return counts.getAttribute("data-" + status); });
    if (!table.querySelector("tr.review-item")) {
      document.getElementById("pg-review-empty").hidden = false;
    }
    say(root.getAttribute("data-msg-done"), true);
  }

  function variables(button, reason) {
    var id = parseInt(button.getAttribute("data-id"), 10);
    if (button.getAttribute("data-action") !== "correct") { return { input: { id: id, reason: reason } }; }
    // the correction kinds are a GraphQL enum: set_deadline is SET_DEADLINE
    return { input: { id: id, reason: reason, kind: button.getAttribute("data-kind").toUpperCase(),
                      payload: button.getAttribute("data-payload") } };
  }

  function decide(button) {
    var token = document.getElementById("pg-review-token").value.trim();
    if (!token) { say(root.getAttribute("data-msg-need-token"), false); return; }
    var action = button.getAttribute("data-action");
    var row = button.closest("tr.review-item");
    var reason = document.getElementById("pg-review-reason").value;
    button.disabled = true;
    fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "Authorization": "Bearer " + token },
      body: JSON.stringify({ query: MUTATIONS[action], variables: variables(button, reason) }),
      credentials: "omit"
    }).then(function (response) {
      return response.json();
    }).then(function (body) {
      if (body.errors && body.errors.length) {
        button.disabled = false;
        failed(body.errors[0].message);
        return;
      }
      decided(row, action);
    }).catch(function (error) {
      button.disabled = false;
      failed(String(error));
    });
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (button && MUTATIONS[button.getAttribute("data-action")]) { decide(button); }
  });
  root.setAttribute("data-ready", "1");
})();
