// The SMS playground page. Everything it shows from a body or an answer goes in through
// textContent or a text attribute, never as markup, so a body renders as the text it is.
"use strict";

(() => {
  const DEBOUNCE_MS = 150;
  const $ = (id) => document.getElementById(id);
  const main = $("playground");
  const state = { timer: 0, seq: 0, controller: null, answer: null, names: {}, tipFor: null };
  // Characters that would act instead of show (bidi controls, other format and control
  // characters) are drawn as their code point; the joiner stays, emoji need it.
  const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]$/u;
  const INVISIBLE_ALL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/gu;

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function codePoint(ch) {
    return "U+" + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
  }

  function visible(ch) {
    if (ch === "\n" || ch === "\u200d" || !INVISIBLE.test(ch)) return null;
    return codePoint(ch);
  }

  function unitName(encoding) {
    return encoding === "GSM7" ? "septets" : "UTF-16 units";
  }

  function tableName(code) {
    return code ? (state.names[code] || code) : "default";
  }

  // A highlighted character: focusable (one tab stop a list, see rove) and described by
  // the one shared tooltip, which shows `tip` on focus and on hover alike.
  function highlight(node, tip) {
    node.dataset.tip = tip;
    node.tabIndex = -1;
    node.setAttribute("aria-describedby", "tip");
    return node;
  }

  // Appends `text` to `target`: runs of plain characters as text nodes, each character of
  // `special` (a Map) as a highlighted span with its tooltip, invisible ones as a badge.
  function drawText(target, text, special) {
    let run = "";
    const flush = () => { if (run) { target.append(document.createTextNode(run)); run = ""; } };
    for (const ch of text) {
      const info = special.get(ch);
      const badge = visible(ch);
      if (!info && badge === null) { run += ch; continue; }
      flush();
      const kind = (info ? "mark " + info.cost : "") + (badge === null ? "" : " badge");
      const span = make("span", kind.trim(), badge === null ? ch : badge);
      target.append(highlight(span, info ? tooltip(info) : codePoint(ch)));
    }
    flush();
  }

  function tooltip(info) {
    const cost = info.cost === "escape" ? "2 septets (escape)" : "forces UCS-2";
    const name = info.name || "(no name)";
    const instead = info.cost === "escape" ? "kept"
      : info.replacement === null ? "no GSM-7 replacement"
        : "transliterated to “" + info.replacement + "”";
    return name + " · " + info.codePoint + " · " + cost + " · " + instead;
  }

  function drawParts(list, split, encoding, perPart, special) {
    const blocks = [];
    split.forEach((part, index) => {
      const item = make("li", "part");
      const head = make("p", "part-head");
      head.append(make("strong", null, "Part " + (index + 1) + " of " + split.length));
      head.append(make("span", "part-units",
        part.units + " / " + perPart + " " + unitName(encoding)));
      const body = make("p", "part-text");
      drawText(body, part.text, special);
      item.append(head, body);
      if (part.userData !== undefined) {
        const hex = make("p", "hex");
        hex.append(make("span", "udh", part.udh), make("span", null, part.userData.slice(part.udh.length)));
        hex.title = "TP-UD: header then payload; DCS " + part.dataCoding + ", UDL " + part.udl;
        item.append(hex);
      }
      blocks.push(item);
    });
    list.replaceChildren(...blocks);
  }

  function drawSummary(answer) {
    $("out-encoding").textContent = answer.encoding;
    $("out-characters").textContent = answer.characters;
    $("out-units").textContent = answer.units;
    $("units-label").textContent = answer.encoding === "GSM7" ? "Septets" : "UTF-16 units";
    $("out-parts").textContent = answer.parts;
    $("out-remaining").textContent = answer.remaining;
    $("remaining-label").textContent = (answer.encoding === "GSM7" ? "Septets" : "UTF-16 units")
      + " left";
    $("out-per-part").textContent = answer.unitsPerPart;
    $("out-tables").textContent = "locking " + tableName(answer.lockingShift)
      + " · single " + tableName(answer.singleShift);
    $("language-tables").textContent = "Chosen: " + $("out-tables").textContent;
    const original = answer.original;
    $("out-original").textContent = original
      ? original.parts + " part(s), " + original.units + " " + unitName(original.encoding)
      : "links not shortened";
  }

  function drawSpecial(special) {
    const rows = special.map((info) => {
      const row = make("tr");
      const glyph = make("td", "glyph");
      drawText(glyph, info.character, new Map());
      row.append(glyph, make("td", null, info.codePoint), make("td", null, info.name || "(no name)"),
        make("td", null, info.cost === "escape" ? "2 septets" : "UCS-2, " + info.units + " unit(s)"),
        make("td", null, info.count),
        make("td", null, info.cost === "escape" ? "kept"
          : info.replacement === null ? "none" : info.replacement));
      return row;
    });
    $("special").tBodies[0].replaceChildren(...rows);
    $("special-none").hidden = special.length > 0;
  }

  function drawTranscode(detail, answer, special) {
    const panel = $("transcode-panel");
    panel.hidden = !detail;
    if (!detail) return;
    const summary = $("transcode-summary");
    $("transcode-title").textContent = "Transliterated, mode " + detail.mode;
    if (!detail.offered) {
      summary.textContent = "No GSM-7 version: " + detail.reason + ".";
      $("transcode-parts").replaceChildren();
      return;
    }
    summary.textContent = detail.parts + " part(s) instead of " + answer.parts
      + " (" + detail.partsSaved + " saved), " + detail.replacements.length + " replacement(s);"
      + " tables: locking " + tableName(detail.lockingShift)
      + " · single " + tableName(detail.singleShift) + ".";
    drawParts($("transcode-parts"), detail.split, "GSM7", detail.unitsPerPart, new Map());
    markReplacements(detail);
  }

  // The transliterated text again, each replacement marked with what it replaced.
  function markReplacements(detail) {
    const text = make("p", "part-text transcoded");
    let at = 0;
    for (const change of detail.replacements) {
      drawText(text, detail.message.slice(at, change.at), new Map());
      const mark = make("mark", null, change.replacement);
      const original = [...change.original].map((ch) => visible(ch) || ch).join("");
      text.append(highlight(mark, "“" + original + "” → “" + change.replacement + "” ("
        + change.source + ")"));
      at = change.at + change.length;
    }
    drawText(text, detail.message.slice(at), new Map());
    const item = make("li", "part whole");
    item.append(make("p", "part-head", "Replacements marked"), text);
    $("transcode-parts").prepend(item);
  }

  function draw(answer) {
    const special = new Map(answer.special.map((info) => [info.character, info]));
    drawSummary(answer);
    drawParts($("parts"), answer.split, answer.encoding, answer.unitsPerPart, special);
    $("segments-error").textContent = answer.segmentsError || "";
    drawSpecial(answer.special);
    drawTranscode(answer.transcodeDetail, answer, special);
    for (const id of ["parts", "transcode-parts"]) rove($(id));
    // The same JSON with invisible characters written as \u escapes: bidi controls in the
    // answer would reorder the text around them.
    // The newlines between fields are the only raw ones: JSON escapes those inside strings.
    $("json").textContent = JSON.stringify(answer, null, 2).replace(INVISIBLE_ALL, (ch) =>
      ch === "\n" ? ch : Array.from({ length: ch.length }, (_, i) => "\\u"
        + ch.charCodeAt(i).toString(16).padStart(4, "0")).join(""));
    $("copy-json").disabled = false;
    hideTip(null);
  }

  // Roving focus: the highlights of a list are one tab stop; the arrow keys, Home and End
  // move between them, and Tab comes back to the one last focused.
  function rove(list) {
    const marks = list.querySelectorAll("[data-tip]");
    marks.forEach((node, index) => { node.tabIndex = index === 0 ? 0 : -1; });
  }

  function onKey(event) {
    const node = event.target;
    if (event.key === "Escape") { hideTip(null); return; }
    if (!(node instanceof HTMLElement) || !node.dataset.tip) return;
    const list = node.closest("ol");
    if (!list) return;
    const marks = [...list.querySelectorAll("[data-tip]")];
    const at = marks.indexOf(node);
    const to = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1,
      Home: 0, End: marks.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = marks[Math.max(0, Math.min(marks.length - 1, to))];
    node.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }

  function showTip(node) {
    const tip = $("tip");
    tip.textContent = node.dataset.tip;
    tip.hidden = false;
    tip.style.left = "0px";
    const box = node.getBoundingClientRect();
    const room = document.documentElement.clientWidth - tip.offsetWidth - 4;
    tip.style.left = Math.max(4, Math.min(box.left, room)) + window.scrollX + "px";
    tip.style.top = box.bottom + window.scrollY + 4 + "px";
    state.tipFor = node;
  }

  function hideTip(node) {
    if (node !== null && node !== state.tipFor) return;
    $("tip").hidden = true;
    state.tipFor = null;
  }

  function tipTarget(event) {
    const node = event.target instanceof Element ? event.target.closest("[data-tip]") : null;
    return node instanceof HTMLElement ? node : null;
  }

  function clear(message) {
    for (const id of ["out-encoding", "out-characters", "out-units", "out-parts", "out-remaining",
      "out-per-part", "out-tables", "out-original"]) $(id).textContent = "–";
    $("parts").replaceChildren();
    $("special").tBodies[0].replaceChildren();
    $("transcode-panel").hidden = true;
    $("language-tables").textContent = "–";
    $("json").textContent = "";
    $("copy-json").disabled = true;
    hideTip(null);
    $("error").textContent = message;
  }

  function payload() {
    return {
      body: $("body").value,
      language: $("language").value,
      encoding: $("encoding").value,
      concat_reference: Number($("concat").value),
      transcode: $("transcode").checked ? $("transcode-mode").value : false,
      short_links: $("short-links").checked ? { base_url: $("base-url").value } : null,
      segments: $("segments").checked,
    };
  }

  async function analyse() {
    state.timer = 0;
    const seq = ++state.seq;
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    let answer;
    let problem = "";
    try {
      const reply = await fetch("/api/analyze", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload()), signal: controller.signal,
      });
      const data = await reply.json();
      if (reply.ok) answer = data;
      else problem = data.error.message;
    } catch (error) {
      if (error.name === "AbortError") return;
      problem = "The playground server did not answer (" + error.message + ").";
    }
    if (seq !== state.seq) return;
    state.answer = answer || null;
    if (answer) { $("error").textContent = ""; draw(answer); } else clear(problem);
    $("status").textContent = answer ? answer.parts + " part(s), " + answer.encoding : "";
    if (!state.timer) main.dataset.state = "ready";
  }

  function schedule() {
    main.dataset.state = "pending";
    clearTimeout(state.timer);
    state.timer = setTimeout(analyse, DEBOUNCE_MS);
  }

  async function copyJson() {
    const text = $("json").textContent;
    try {
      if (navigator.clipboard) await navigator.clipboard.writeText(text);
      else {
        // No Clipboard API outside a secure context (a page served on 0.0.0.0, say).
        const range = document.createRange();
        range.selectNodeContents($("json"));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        const copied = document.execCommand("copy");
        getSelection().removeAllRanges();
        if (!copied) throw new Error("copy refused");
      }
      $("status").textContent = "JSON copied.";
    } catch (error) {
      $("status").textContent = "Copy was refused; the JSON is under “JSON answer”.";
      $("json").closest("details").open = true;
    }
  }

  // A link may carry a body and options after "#": #body=Hi&language=tr&transcode=1.
  function fromLink() {
    const given = new URLSearchParams(location.hash.slice(1));
    if (given.has("body")) $("body").value = given.get("body");
    for (const id of ["language", "encoding", "concat", "transcode-mode"]) {
      const value = given.get(id);
      if (value !== null && [...$(id).options].some((option) => option.value === value)) {
        $(id).value = value;
      }
    }
    for (const id of ["transcode", "short-links", "segments"]) {
      if (given.get(id) === "1") $(id).checked = true;
    }
    if (given.has("base-url")) $("base-url").value = given.get("base-url");
  }

  async function start() {
    try {
      const meta = await (await fetch("/api/meta")).json();
      const select = $("language");
      for (const language of meta.languages) {
        state.names[language.code] = language.name;
        const option = make("option", null, language.name + " (" + language.code + ")"
          + (language.locking ? ", locking and single" : ", single shift"));
        option.value = language.code;
        select.append(option);
      }
      const modes = $("transcode-mode");
      modes.replaceChildren(...meta.transcodeModes.map((mode) => {
        const option = make("option", null, mode);
        option.value = mode;
        return option;
      }));
      modes.value = "ALL";
    } catch (error) {
      $("error").textContent = "Could not load the language list (" + error.message + ").";
    }
    fromLink();
    for (const id of ["body", "base-url"]) $(id).addEventListener("input", schedule);
    for (const id of ["language", "encoding", "concat", "transcode", "transcode-mode",
      "short-links", "segments"]) {
      $(id).addEventListener("change", schedule);
    }
    for (const [toggle, field] of [["short-links", "base-url"], ["transcode", "transcode-mode"]]) {
      $(field).disabled = !$(toggle).checked;
      $(toggle).addEventListener("change", () => { $(field).disabled = !$(toggle).checked; });
    }
    document.addEventListener("focusin", (event) => {
      const node = tipTarget(event);
      if (node) showTip(node); else hideTip(null);
    });
    document.addEventListener("focusout", (event) => { hideTip(tipTarget(event)); });
    document.addEventListener("mouseover", (event) => {
      const node = tipTarget(event);
      if (node) showTip(node);
    });
    document.addEventListener("mouseout", (event) => {
      const node = tipTarget(event);
      if (!node || node === document.activeElement) return;
      hideTip(node);
      const focused = document.activeElement;
      if (focused instanceof HTMLElement && focused.dataset.tip) showTip(focused);
    });
    document.addEventListener("keydown", onKey);
    $("copy-json").addEventListener("click", copyJson);
    analyse();
  }

  start();
})();
