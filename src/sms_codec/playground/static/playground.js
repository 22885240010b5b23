// The SMS playground page. Everything it shows from a body or an answer goes in through
// textContent or a text attribute, never as markup, so a body renders as the text it is.
"use strict";

(() => {
  const DEBOUNCE_MS = 150;
  const $ = (id) => document.getElementById(id);
  const main = $("playground");
  const state = { timer: 0, seq: 0, controller: null, answer: null, names: {} };
  // Characters that would act instead of show (bidi controls, other format and control
  // characters) are drawn as their code point; the joiner stays, emoji need it.
  const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]$/u;

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
      if (info) span.title = tooltip(info);
      else span.title = codePoint(ch);
      target.append(span);
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
    $("out-per-part").textContent = answer.unitsPerPart;
    $("out-tables").textContent = "locking " + tableName(answer.lockingShift)
      + " · single " + tableName(answer.singleShift);
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
      mark.title = change.original + " → " + change.replacement + " (" + change.source + ")";
      text.append(mark);
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
    $("json").textContent = JSON.stringify(answer, null, 2);
  }

  function clear(message) {
    for (const id of ["out-encoding", "out-characters", "out-units", "out-parts", "out-remaining",
      "out-per-part", "out-tables", "out-original"]) $(id).textContent = "–";
    $("parts").replaceChildren();
    $("special").tBodies[0].replaceChildren();
    $("transcode-panel").hidden = true;
    $("json").textContent = "";
    $("error").textContent = message;
  }

  function payload() {
    return {
      body: $("body").value,
      language: $("language").value,
      encoding: $("encoding").value,
      concat_reference: Number($("concat").value),
      transcode: $("transcode").checked,
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
      await navigator.clipboard.writeText(text);
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
    for (const id of ["language", "encoding", "concat"]) {
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
    } catch (error) {
      $("error").textContent = "Could not load the language list (" + error.message + ").";
    }
    fromLink();
    for (const id of ["body", "base-url"]) $(id).addEventListener("input", schedule);
    for (const id of ["language", "encoding", "concat", "transcode", "short-links", "segments"]) {
      $(id).addEventListener("change", schedule);
    }
    $("base-url").disabled = !$("short-links").checked;
    $("short-links").addEventListener("change", () => {
      $("base-url").disabled = !$("short-links").checked;
    });
    $("copy-json").addEventListener("click", copyJson);
    analyse();
  }

  start();
})();
