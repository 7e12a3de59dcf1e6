// stmtl10n review: makes the plain forms work in place (fetch + the JSON API), checks a translation while it is
// typed, and adds keyboard shortcuts. Without this script every form still works by posting and reloading the page.
"use strict";

(function () {
  const review = document.querySelector("section.review");
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrfToken = csrfMeta ? csrfMeta.content : "";

  // A login link's page: take the token out of the address bar and the history
  // (the form below still carries it). Never submit for the reviewer: the click is the CSRF guard.
  if (document.body.classList.contains("login-link") && window.location.search) {
    window.history.replaceState(null, "", window.location.pathname);
    return;
  }
  if (!review) return;

  const slug = review.dataset.slug;
  const lang = review.dataset.lang;
  const filter = review.dataset.filter;
  const acceptLabels = JSON.parse(review.dataset.acceptLabels || "{}");
  // The page's words in the interface language (pages.SCRIPT_WORDS); English when missing.
  const words = JSON.parse(review.dataset.words || "{}");
  const checkNames = JSON.parse(review.dataset.checkNames || "{}");
  function say(key, fallback, values) {
    let text = words[key] || fallback;
    for (const [name, value] of Object.entries(values || {})) text = text.split("%(" + name + ")s").join(value);
    return text;
  }
  const CHECK_DELAY_MS = 400;
  const checkTimers = new WeakMap();
  const checkRounds = new WeakMap();

  function entries() {
    return Array.from(document.querySelectorAll("article.entry"));
  }

  function current() {
    return document.querySelector("article.entry.current");
  }

  function select(article, focusBox) {
    if (!article) return;
    const old = current();
    if (old) old.classList.remove("current");
    article.classList.add("current");
    suggest(article);
    article.scrollIntoView({ block: "nearest" });
    const box = article.querySelector("textarea.translation");
    if (focusBox && box) box.focus();
    else article.focus({ preventScroll: true });
  }

  function move(step) {
    const list = entries();
    if (!list.length) return;
    const at = list.indexOf(current());
    const next = at < 0 ? list[0] : list[Math.min(list.length - 1, Math.max(0, at + step))];
    select(next, false);
  }

  function apiUrl(id, kind) {
    return "/api/statements/" + encodeURIComponent(slug) + "/" + encodeURIComponent(lang) +
      "/entries/" + encodeURIComponent(id) + "/" + kind;
  }

  function updateProgress(progress) {
    if (!progress) return;
    for (const name of ["reviewed", "drafts", "untranslated", "problems"]) {
      const cell = document.querySelector('#progress [data-count="' + name + '"]');
      if (cell && progress[name] !== null && progress[name] !== undefined) cell.textContent = String(progress[name]);
    }
  }

  function fragment(html) {
    const holder = document.createElement("div");
    holder.innerHTML = html; // server-rendered and escaped; the CSP blocks any script in it anyway
    return holder.firstElementChild;
  }

  function showMessage(article, text) {
    let box = article.querySelector(".action-message");
    if (!box) {
      box = document.createElement("p");
      box.className = "notice error action-message";
      article.appendChild(box);
    }
    box.textContent = text;
  }

  // The same list pages.problem_list renders: each error gets an "Accept: …" button (one per check).
  function showProblems(article, problems) {
    const holder = article.querySelector(".check-problems");
    if (!holder) return;
    holder.replaceChildren();
    article.classList.toggle("has-problems", problems.length > 0);
    if (!problems.length) return;
    const list = document.createElement("ul");
    list.className = "problems";
    const offered = new Set();
    for (const problem of problems) {
      const item = document.createElement("li");
      item.className = "severity-" + problem.severity;
      const name = document.createElement("strong");
      name.textContent = checkNames[problem.check] || problem.check;
      // The API writes the message in the page's language (the session's).
      const message = document.createElement("span");
      message.className = "message";
      message.textContent = problem.message;
      item.append(name, ": ", message);
      if (problem.severity === "error" && !offered.has(problem.check)) {
        offered.add(problem.check);
        const button = document.createElement("button");
        button.type = "submit";
        button.name = "accept";
        button.value = problem.check;
        button.className = "accept";
        const what = acceptLabels[problem.check] ||
          say("right_here", "%(check)s is right here", { check: checkNames[problem.check] || problem.check });
        button.textContent = say("accept", "Accept: %(what)s", { what: what });
        item.append(" ", button);
      }
      list.appendChild(item);
    }
    holder.appendChild(list);
  }

  function showCheckMessage(article, text) {
    const holder = article.querySelector(".check-problems");
    if (!holder) return;
    const note = document.createElement("p");
    note.className = "notice error";
    note.textContent = text;
    holder.replaceChildren(note);
  }

  // Checks accepted on a refused approval are sent again with the next one, until the text changes.
  function accepted(form) {
    return Array.from(form.querySelectorAll('input[name="accepted"]'), (input) => input.value);
  }

  function keepAccepted(form, names) {
    const target = form.querySelector(".target") || form;
    for (const name of names) {
      if (accepted(form).includes(name)) continue;
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "accepted";
      input.value = name;
      target.appendChild(input);
    }
  }

  function forgetAccepted(form) {
    for (const input of form.querySelectorAll('input[name="accepted"]')) input.remove();
  }

  // Ask the server what problems the text in the box has (nothing is saved), and show them beside the box.
  async function checkText(article, area) {
    const round = (checkRounds.get(article) || 0) + 1;
    checkRounds.set(article, round);
    let response;
    let data;
    try {
      response = await fetch(apiUrl(article.dataset.id, "check"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
        body: JSON.stringify({ msgstr: area.value }),
      });
      data = await response.json();
    } catch (error) {
      return; // the next keystroke or the approval will tell
    }
    // A later keystroke's answer, or an entry replaced meanwhile, wins.
    if (checkRounds.get(article) !== round || !article.isConnected) return;
    if (response.ok) showProblems(article, data.problems || []);
    else if (response.status === 400 || response.status === 422) {
      showCheckMessage(article, data.message || "This text cannot be saved."); // 422: "too long"
    }
  }

  function scheduleCheck(area) {
    const article = area.closest("article.entry");
    if (!article) return;
    clearTimeout(checkTimers.get(article));
    checkTimers.set(article, setTimeout(function () { checkText(article, area); }, CHECK_DELAY_MS));
  }

  function showConflict(article, data, mine) {
    const fresh = data.html ? fragment(data.html) : null;
    if (!fresh) {
      showMessage(article, data.message || "Someone changed this entry; reload the page.");
      return;
    }
    article.replaceWith(fresh);
    const box = document.createElement("div");
    box.className = "conflict-box";
    const title = document.createElement("h3");
    title.textContent = say("conflict", "Not saved: someone changed this entry since you loaded it.");
    const theirs = document.createElement("p");
    const now = data.entry ? (data.entry.msgstr || say("untranslated", "(untranslated)")) : "";
    theirs.textContent = say("theirs", "Now in the catalog: %(text)s", { text: now });
    const yours = document.createElement("p");
    yours.textContent = say("yours", "Yours is in the box below: approve again to save it instead, or reload to keep theirs.");
    box.append(title, theirs, yours);
    fresh.insertBefore(box, fresh.querySelector("form"));
    const area = fresh.querySelector("textarea.translation");
    if (area && mine !== null) area.value = mine;
    select(fresh, true);
  }

  // POST to one of the entry's API endpoints: [response, its JSON], or null when the server could not be reached.
  async function post(article, endpoint, body) {
    try {
      const response = await fetch(apiUrl(article.dataset.id, endpoint), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken, "X-Review-Fragment": filter },
        body: JSON.stringify(body),
      });
      return [response, await response.json()];
    } catch (error) {
      return null;
    }
  }

  async function act(form, kind, accept) {
    const article = form.closest("article.entry");
    const area = form.querySelector("textarea");
    const mine = area ? area.value : null;
    // data-edited: the box was rendered with the reviewer's own text, not the catalog's.
    if (kind === "approve" && area && (area.value !== area.defaultValue || area.hasAttribute("data-edited"))) kind = "edit";
    const body = { version: form.querySelector('input[name="version"]').value };
    if (kind === "edit") body.msgstr = mine;
    const accepting = kind === "send-back" ? [] : accepted(form).concat(accept && !accepted(form).includes(accept) ? [accept] : []);
    if (accepting.length) body.accept = accepting;
    for (const button of form.querySelectorAll("button")) button.disabled = true;
    const answer = await post(article, kind, body);
    if (!answer) {
      for (const button of form.querySelectorAll("button")) button.disabled = false;
      showMessage(article, "Could not reach the server; your text is still in the box. Try again.");
      return;
    }
    const [response, data] = answer;
    updateProgress(data.progress);
    if (response.status === 409) {
      showConflict(article, data, mine);
      return;
    }
    if (response.status === 422) {
      // Errors that must not be published: nothing was saved; the text stays in the box.
      for (const button of form.querySelectorAll("button")) button.disabled = false;
      showProblems(article, data.problems || []);
      keepAccepted(form, accepting);
      showMessage(article, data.message || "Not saved: the translation has problems.");
      if (area) area.focus();
      return;
    }
    if (!response.ok) {
      for (const button of form.querySelectorAll("button")) button.disabled = false;
      forgetAccepted(form);
      showMessage(article, data.message || "Not saved.");
      return;
    }
    const fresh = fragment(data.html);
    article.replaceWith(fresh);
    fresh.classList.add("current");
    const list = entries();
    const next = list[list.indexOf(fresh) + 1];
    select(next || fresh, false);
  }

  // A comment: posted to the API, the entry's new HTML (with the comment in it) swapped in.
  async function comment(form) {
    const article = form.closest("article.entry");
    const area = form.querySelector("textarea");
    const body = { version: form.querySelector('input[name="version"]').value, text: area.value };
    const button = form.querySelector("button");
    button.disabled = true;
    const answer = await post(article, "comments", body);
    if (!answer) {
      button.disabled = false;
      showMessage(article, "Could not reach the server; your comment is still in the box. Try again.");
      return;
    }
    const [response, data] = answer;
    if (response.status === 201 && data.html) {
      const fresh = fragment(data.html);
      article.replaceWith(fresh);
      select(fresh, false);
      return;
    }
    button.disabled = false;
    if (response.status === 409 && data.html) {
      // The entry changed: show it as it is now, the comment still typed, to post again once read.
      const fresh = fragment(data.html);
      article.replaceWith(fresh);
      const box = fresh.querySelector(".comment-form textarea");
      if (box) box.value = body.text;
      showMessage(fresh, say("conflict", "Not saved: someone changed this entry since you loaded it."));
      return;
    }
    showMessage(article, data.message || "Not saved.");
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.classList.contains("comment-form")) {
      event.preventDefault();
      comment(form);
      return;
    }
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("entry-form")) return;
    event.preventDefault();
    const submitter = event.submitter;
    if (submitter && submitter.name === "accept") act(form, "approve", submitter.value);
    else act(form, submitter && submitter.value ? submitter.value : "approve");
  });

  // Translation-memory matches and glossary terms, asked for when an entry becomes the current one.
  const suggested = new WeakSet();
  async function suggest(article) {
    if (!article || suggested.has(article) || !article.querySelector("textarea.translation")) return;
    suggested.add(article);
    let data;
    try {
      const response = await fetch(apiUrl(article.dataset.id, "suggestions"), { credentials: "same-origin" });
      if (!response.ok) return;
      data = await response.json();
    } catch (error) {
      return;
    }
    if (!data.memory.length && !data.glossary.length) return;
    const box = document.createElement("div");
    box.className = "suggestions";
    // A labelled list in the box: the memory's matches, the glossary's terms.
    function section(label, listClass) {
      const title = document.createElement("p");
      title.className = "label";
      title.textContent = label;
      const list = document.createElement("ul");
      list.className = listClass;
      box.append(title, list);
      return list;
    }
    if (data.memory.length) {
      const list = section(say("memory", "Translation memory"), "memory");
      for (const match of data.memory) {
        const item = document.createElement("li");
        const score = document.createElement("span");
        score.className = "score";
        score.textContent = say("match", "%(score)s match", { score: match.score + "%" });
        const text = document.createElement("span");
        text.className = "match";
        text.lang = lang;
        text.dir = "auto";
        text.textContent = match.target;
        const use = document.createElement("button");
        use.type = "button";
        use.className = "use-match";
        use.textContent = say("use", "Use");
        use.addEventListener("click", function () {
          const area = article.querySelector("textarea.translation");
          area.value = match.target;
          area.focus();
          area.dispatchEvent(new Event("input", { bubbles: true }));
        });
        item.append(score, " ", text, " ", use);
        list.appendChild(item);
      }
    }
    if (data.glossary.length) {
      const list = section(say("glossary", "Glossary (keep these translations)"), "glossary");
      for (const term of data.glossary) {
        const item = document.createElement("li");
        item.textContent = term.source + " → " + term.target;
        list.appendChild(item);
      }
    }
    const target = article.querySelector(".target");
    if (target) target.prepend(box);
  }

  // "Copy the source into the box": a start for names, numbers and lists, and for languages no engine drafts.
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("button.copy-source");
    if (!button) return;
    const article = button.closest("article.entry");
    const area = article && article.querySelector("textarea.translation");
    if (!area) return;
    area.value = button.dataset.source || "";
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true })); // check it as if typed
    showMessage(article, say("copied", "Source copied into the box."));
  });

  document.addEventListener("input", function (event) {
    const area = event.target;
    if (!(area instanceof HTMLTextAreaElement) || !area.form || !area.form.classList.contains("entry-form")) return;
    forgetAccepted(area.form); // what was accepted was about the text before
    const said = area.form.closest("article.entry")?.querySelector(".action-message");
    if (said) said.remove();
    scheduleCheck(area);
  });

  document.addEventListener("focusin", function (event) {
    const article = event.target.closest && event.target.closest("article.entry");
    if (article && !article.classList.contains("current")) {
      const old = current();
      if (old) old.classList.remove("current");
      article.classList.add("current");
      suggest(article);
    }
  });

  document.addEventListener("keydown", function (event) {
    const typing = event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement;
    if (typing) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        const form = event.target.form;
        if (form && form.classList.contains("entry-form")) act(form, "approve");
      } else if (event.key === "Escape") {
        event.target.blur();
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const article = current();
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "e" && article) { select(article, true); event.preventDefault(); }
    else if (event.key === "a" && article) {
      const form = article.querySelector("form.entry-form");
      if (form) { act(form, "approve"); event.preventDefault(); }
    }
  });

  const saved = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  select(saved || entries()[0], false);
})();
