/* thidua: the form “Tạo hồ sơ đề nghị”. Runs in the browser only; no server, no library.
 *
 * Everything it shows comes from the JSON block #td-form-data, made at build time from the
 * schema, the registry and the checker's criterion objects (site_builder/site/form.py):
 * field titles, labels, rules, codes, citations, hints and every message. This file holds
 * the form's mechanics and its own words (buttons, notes), never a criterion's text.
 */
(function () {
  "use strict";

  var D, root, state = { kind: "individual", unit: "", values: {}, bad: {}, touched: {}, showAll: false,
    initiatives: [{}], docEdited: {} };
  var unitsById = {};

  // ---------------------------------------------------------------- small helpers

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function $(id) { return document.getElementById(id); }

  function chars(text) { return Array.from(text).length; }

  function nfc(text) { return String(text).normalize("NFC"); }

  function fill(template, value) {
    return template.replace("{value}", function () { return value; });
  }

  /* How the checker quotes a value back (fields.display): private values never. */
  function shown(text) {
    var all = Array.from(text);
    return "'" + (all.length > 60 ? all.slice(0, 60).join("") + "\u2026" : text) + "'";
  }

  /* The file name: ASCII-folded kebab case, as the checker's slugify. */
  function slugify(text) {
    return nfc(text).replace(/\u0111/g, "d").replace(/\u0110/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  /* A YAML double-quoted scalar: JSON, plus YAML escapes for what YAML will not take raw. */
  function q(text) {
    var json = JSON.stringify(nfc(text)), out = "";
    for (var i = 0; i < json.length; i++) {
      var code = json.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < json.length) {
        var low = json.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) { out += json[i] + json[i + 1]; i++; continue; }
      }
      if (code >= 0xd800 && code <= 0xdfff) { out += "\ufffd"; continue; }   // a lone surrogate
      var printable = code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0x7e) ||
        (code >= 0xa0 && code <= 0xfffd && code !== 0x2028 && code !== 0x2029 && code !== 0xfeff);
      out += printable ? json[i] : "\\u" + ("000" + code.toString(16)).slice(-4);
    }
    return out;
  }

  function spec() { return D.kinds[state.kind]; }

  function fieldsOf(kind) { return D.kinds[kind].fields; }

  function idFor(name) { return "td-f-" + name; }

  // ---------------------------------------------------------------- values

  var hidden = null;  // made from D once it is read

  function cleanText(v) {
    if (typeof v !== "string") return "";
    hidden = hidden || new RegExp(D.hidden, "gu");
    return nfc(v).replace(hidden, "").trim();
  }

  function text(name) { return cleanText(state.values[name]); }

  function listItems(name) {
    return text(name).split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function initiativeItems() {
    return state.initiatives.map(function (item, index) {
      var clean = {};
      ["title", "description", "applied_on"].forEach(function (key) {
        var v = cleanText(item[key]);
        if (v) clean[key] = v;
      });
      clean.index = index;
      clean.bad = !!item.bad;
      return clean;
    }).filter(function (item) { return item.title || item.description || item.applied_on || item.bad; });
  }

  function documentDefault(f) {
    return f["default"].replace("{slug}", slugify(text("name")) || "ho-so");
  }

  function documentValue(f) {
    if (!state.docEdited[f.name]) return documentDefault(f);
    return text(f.name);
  }

  function isEmpty(f) {
    if (f.group) return !documentValue(f);
    if (f.items) return initiativeItems().length === 0;
    if (f.list) return listItems(f.name).length === 0;
    return text(f.name) === "" && !state.bad[f.name];
  }

  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

  function numberText(name) { return text(name).replace(",", "."); }

  // ---------------------------------------------------------------- the check

  function problem(where, entry, extra) {
    return Object.assign({ code: entry.code, message: entry.message, hint: entry.hint || "", citation: "",
                           severity: "error", category: "schema", field: where, anchor: idFor(where) }, extra || {});
  }

  function anchorOf(name) {
    var f = fieldsOf(state.kind).filter(function (x) { return x.name === name; })[0];
    return idFor(name) + (f && f.type === "boolean" ? "-true" : "") + (f && f.items ? "-0-title" : "");
  }

  function check() {
    var out = [];
    if (!state.unit) {
      out.push({ code: "", message: "Chưa chọn đơn vị đề nghị.", hint: "Chọn đơn vị trong danh sách.",
                 citation: "", severity: "error", category: "form", field: "unit", anchor: "td-f-unit" });
    }
    fieldsOf(state.kind).forEach(function (f) {
      var m = f.messages, v = text(f.name);
      if (f.group) return;
      if (f.items) {
        initiativeItems().forEach(function (item) {
          var at = { anchor: idFor(f.name) + "-" + item.index + "-title" };
          if (!item.title) out.push(problem(f.name, m.item_title, at));
          if (item.bad || (item.applied_on && !ISO_DATE.test(item.applied_on))) {
            out.push(problem(f.name, m.item_date, { anchor: idFor(f.name) + "-" + item.index + "-applied_on" }));
          }
        });
        return;
      }
      if (isEmpty(f)) {
        if (f.required) out.push(problem(f.name, m.required, { anchor: anchorOf(f.name) }));
        return;
      }
      if (f.list) return;
      if (state.bad[f.name] || (f.type === "date" && !ISO_DATE.test(v)) ||
          (f.type === "number" && !NUMBER.test(numberText(f.name)))) {
        out.push(problem(f.name, { code: m.type.code, message: fill(m.type.message, shown(v)), hint: m.type.hint }));
        return;
      }
      if (f.type === "number") v = numberText(f.name);   // as written to the file
      if (f.enum && !f.enum.some(function (o) { return o.value === v; })) {
        out.push(problem(f.name, { code: m["enum"].code, message: fill(m["enum"].message, shown(v)), hint: m["enum"].hint }));
      }
      [["minLength", chars(v) < f.minLength], ["maxLength", chars(v) > f.maxLength],
       ["minimum", f.type === "number" && Number(numberText(f.name)) < f.minimum],
       ["maximum", f.type === "number" && Number(numberText(f.name)) > f.maximum]].forEach(function (pair) {
        if (f[pair[0]] !== undefined && pair[1]) {
          var e = m[pair[0]];
          out.push(problem(f.name, { code: e.code, message: fill(e.message, shown(v)), hint: e.hint }));
        }
      });
    });
    D.criteria.forEach(function (k) {
      if (k.kinds.indexOf(state.kind) === -1) return;
      if (k.when && k.when["in"].indexOf(text(k.when.field)) === -1) return;  // applies to other nominations
      var r = k.rule, extra = { citation: k.citation, category: "criterion" };
      function add(name, message, severity) {
        out.push(problem(name, { code: k.code, message: message, hint: k.hint },
                         Object.assign({ severity: severity || "error", anchor: anchorOf(name) }, extra)));
      }
      function blank(name) {  // `missing: pending`: a blank field waits for the value
        if (r.missing === "pending" && !text(name) && !state.bad[name]) {
          add(name, typeof r.pending === "string" ? r.pending : r.pending[name], "warning");
        }
      }
      function fieldNamed(name) {
        return fieldsOf(state.kind).filter(function (x) { return x.name === name; })[0];
      }
      if (r.type === "allowed") {
        var v = text(r.field);
        if (!v) blank(r.field);
        else if (r.unknown.indexOf(v) !== -1) add(r.field, r.pending, "warning");
        else if (r.allowed.indexOf(v) === -1) add(r.field, r.message);
      } else if (r.type === "equals") {
        r.fields.forEach(function (name) {
          var v = text(name);
          if (!v) blank(name);
          else if (v !== String(r.value)) add(name, r.messages[name]);
        });
      } else if (r.type === "range") {
        var n = numberText(r.field);
        if (!n) blank(r.field);
        else if (NUMBER.test(n) && ((r.min !== null && Number(n) < r.min) || (r.max !== null && Number(n) > r.max))) {
          add(r.field, r.message);
        }
      } else if (r.type === "any") {
        var count = 0;
        r.fields.forEach(function (name) {
          var f = fieldNamed(name);
          if (!f || isEmpty(f)) return;
          count += f.items ? initiativeItems().length : f.list ? listItems(name).length : 1;
        });
        if (count < (r.min || 1)) add(r.fields[0], r.message);
      } else if (r.type === "present") {
        r.fields.forEach(function (name) {
          var f = fieldNamed(name);
          if (!f || isEmpty(f)) add(name, r.messages[name]);
        });
      }
    });
    return out;
  }

  /* The checker's verdict rule (model.Nomination.verdict). */
  function verdictOf(problems) {
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    if (errors.some(function (p) { return p.category !== "criterion"; })) return "invalid";
    if (errors.length) return "ineligible";
    if (problems.some(function (p) { return p.severity === "warning"; })) return "pending";
    return "eligible";
  }

  // ---------------------------------------------------------------- the YAML file

  function yaml() {
    var s = spec(), cid = D.campaign.id, unit = state.unit;
    var out = ["# " + s.title + " \u2014 " + D.campaign.title,
               "# Tạo bằng biểu mẫu “Tạo hồ sơ đề nghị” trên trang thông tin.",
               "# Kiểm tra: thidua check submissions/" + cid + "/" + unit + "/",
               "", "kind: " + state.kind, "campaign: " + cid, "unit_id: " + unit, ""];
    var documents = [];
    s.fields.forEach(function (f) {
      if (f.group) { documents.push(f); return; }
      if (!f.required && !f.list && isEmpty(f)) return;
      out.push("# " + f.title + (f.required ? " (bắt buộc)" : "") + (f.private ? " \u2014 thông tin riêng, không công bố" : ""));
      var v = text(f.name);
      if (f.items) {
        var items = initiativeItems();
        if (!items.length) out.push(f.name + ": []");
        else {
          out.push(f.name + ":");
          items.forEach(function (item) {
            var first = true;
            f.items.forEach(function (part) {
              if (!item[part.name]) return;
              out.push((first ? "  - " : "    ") + part.name + ": " + q(item[part.name]));
              first = false;
            });
            if (first) out.push("  - {}");
          });
        }
      } else if (f.list) {
        var lines = listItems(f.name);
        if (!lines.length) out.push(f.name + ": []");
        else { out.push(f.name + ":"); lines.forEach(function (line) { out.push("  - " + q(line)); }); }
      } else if (f.type === "boolean" && (v === "true" || v === "false")) {
        out.push(f.name + ": " + v);
      } else if (f.type === "date" && ISO_DATE.test(v)) {
        out.push(f.name + ": " + v);
      } else if (f.type === "number" && NUMBER.test(numberText(f.name))) {
        out.push(f.name + ": " + q(numberText(f.name)));
      } else {
        out.push(f.name + ": " + q(v));
      }
      out.push("");
    });
    out.push("# Thành phần hồ sơ: tệp PDF trong thư mục của đơn vị");
    out.push("documents:");
    documents.forEach(function (f) { out.push("  " + f.name + ": " + q(documentValue(f)) + "  # " + f.title); });
    return out.join("\n") + "\n";
  }

  function fileName() { return (slugify(text("name")) || "ho-so") + ".yaml"; }

  function folder() { return "submissions/" + D.campaign.id + "/" + (state.unit || "<mã đơn vị>") + "/"; }

  function forgeUrl(content) {
    var path = folder().split("/").map(encodeURIComponent).join("/");
    var values = { path: path, filename: encodeURIComponent(fileName()), value: encodeURIComponent(content),
                   campaign: encodeURIComponent(D.campaign.id), unit: encodeURIComponent(state.unit) };
    return D.forge.new_file_url.replace(/\{(path|filename|value|campaign|unit)\}/g, function (_, key) { return values[key]; });
  }

  // ---------------------------------------------------------------- rendering the fields

  function help(f, id) {
    var parts = [f.description];
    var node = el("p", { "class": "td-form__help", id: id }, parts);
    if (f.private) node.appendChild(el("span", { "class": "td-form__private", text: "thông tin riêng, không công bố" }));
    return node;
  }

  function titleNodes(f) {
    return [f.title, f.required ? el("span", { "class": "td-form__req", "aria-hidden": "true", text: "*" }) : null,
            f.required ? el("span", { "class": "td-form__sr", text: " (bắt buộc)" }) : null];
  }

  function listen(input, name, kind) {
    input.addEventListener(kind || "input", function () {
      state.values[name] = input.value;
      state.bad[name] = !!(input.validity && input.validity.badInput);
      if (kind === "change") state.touched[name] = true;
      update();
    });
    input.addEventListener("blur", function () { state.touched[name] = true; update(); });
  }

  function controlFor(f) {
    var id = idFor(f.name), described = id + "-help " + id + "-err";
    var common = { id: id, name: f.name, "aria-describedby": described, required: f.required,
                   "aria-required": f.required ? "true" : null };
    var value = state.values[f.name] || "";
    var input;
    if (f.unit_ref) {
      input = el("select", common);
      fillUnitRef(input);
      listen(input, f.name, "change");
    } else if (f.enum) {
      input = el("select", common, [el("option", { value: "", text: "— Chọn —" })].concat(f.enum.map(function (o) {
        return el("option", { value: o.value, text: o.label });
      })));
      input.value = value;
      listen(input, f.name, "change");
    } else if (f.list) {
      input = el("textarea", Object.assign({ rows: 5 }, common));
      input.value = value;
      listen(input, f.name);
    } else if (f.type === "date") {
      input = el("input", Object.assign({ type: "date", "class": "td-form__narrow" }, common));
      input.value = value;
      listen(input, f.name);
      input.addEventListener("change", function () { state.touched[f.name] = true; update(); });
    } else if (f.type === "number") {
      input = el("input", Object.assign({ type: "text", inputmode: "decimal", autocomplete: "off", "class": "td-form__narrow",
                                         placeholder: "ví dụ 0.6" }, common));
      input.value = value;
      listen(input, f.name);
    } else {
      input = el("input", Object.assign({ type: "text", autocomplete: "off" }, common));
      input.value = value;
      listen(input, f.name);
    }
    return input;
  }

  function renderBoolean(f) {
    var id = idFor(f.name), described = id + "-help " + id + "-err";
    var box = el("fieldset", { "class": "td-form__field td-form__choice", id: id + "-group" },
                 [el("legend", {}, titleNodes(f)), help(f, id + "-help")]);
    ["true", "false"].forEach(function (value) {
      var radio = el("input", { type: "radio", id: id + "-" + value, name: "td-" + f.name, value: value,
                                required: f.required, "aria-describedby": described });
      radio.checked = state.values[f.name] === value;
      radio.addEventListener("change", function () {
        state.values[f.name] = value; state.touched[f.name] = true; update();
      });
      box.appendChild(el("label", {}, [radio, " " + D.booleans[value]]));
    });
    box.appendChild(el("p", { "class": "td-form__error", id: id + "-err", hidden: true }));
    return box;
  }

  function renderInitiatives(f) {
    var id = idFor(f.name);
    var box = el("fieldset", { "class": "td-form__field", id: id + "-group", "aria-describedby": id + "-help" },
                 [el("legend", {}, titleNodes(f)), help(f, id + "-help")]);
    var list = el("div", { id: id + "-list" });
    box.appendChild(list);
    var add = el("button", { type: "button", "class": "td-form__small", id: id + "-add", text: "Thêm sáng kiến" });
    add.addEventListener("click", function () {
      state.initiatives.push({});
      drawInitiatives(f, list);
      var first = $(id + "-" + (state.initiatives.length - 1) + "-title");
      if (first) first.focus();
      update();
    });
    box.appendChild(add);
    box.appendChild(el("p", { "class": "td-form__error", id: id + "-err", hidden: true }));
    drawInitiatives(f, list);
    return box;
  }

  function drawInitiatives(f, list) {
    var id = idFor(f.name);
    list.textContent = "";
    state.initiatives.forEach(function (item, index) {
      var base = id + "-" + index, number = index + 1;
      var group = el("fieldset", { "class": "td-form__group" }, [el("legend", { text: "Sáng kiến " + number })]);
      f.items.forEach(function (part) {
        var pid = base + "-" + part.name;
        var attrs = { id: pid, "aria-describedby": base + "-err" };
        var input = part.type === "textarea" ? el("textarea", Object.assign({ rows: 3 }, attrs))
          : el("input", Object.assign({ type: part.type === "date" ? "date" : "text", autocomplete: "off",
                                       "class": part.type === "date" ? "td-form__narrow" : null }, attrs));
        input.value = item[part.name] || "";
        input.addEventListener("input", function () {
          item[part.name] = input.value;
          if (part.type === "date") item.bad = !!input.validity.badInput;
          update();
        });
        input.addEventListener("blur", function () { state.touched[f.name] = true; update(); });
        group.appendChild(el("label", { "for": pid, text: part.title }));
        group.appendChild(input);
      });
      group.appendChild(el("p", { "class": "td-form__error", id: base + "-err", hidden: true }));
      var remove = el("button", { type: "button", "class": "td-form__small", text: "Xóa sáng kiến " + number });
      remove.addEventListener("click", function () {
        state.initiatives.splice(index, 1);
        drawInitiatives(f, list);
        $(id + "-add").focus();
        update();
      });
      group.appendChild(remove);
      list.appendChild(group);
    });
  }

  function renderField(f) {
    if (f.type === "boolean") return renderBoolean(f);
    if (f.items) return renderInitiatives(f);
    var id = idFor(f.name);
    return el("div", { "class": "td-form__field" }, [
      el("label", { "for": id }, titleNodes(f)), help(f, id + "-help"), controlFor(f),
      el("p", { "class": "td-form__error", id: id + "-err", hidden: true })]);
  }

  function renderDocument(f) {
    var id = idFor(f.name);
    var input = el("input", { type: "text", id: id, name: f.name, autocomplete: "off", spellcheck: "false",
                              "aria-describedby": id + "-help td-f-documents-note " + id + "-err" });
    input.value = documentValue(f);
    input.addEventListener("input", function () {
      state.docEdited[f.name] = true; state.values[f.name] = input.value; update();
    });
    input.addEventListener("blur", function () { state.touched[f.name] = true; update(); });
    return el("div", { "class": "td-form__field" }, [
      el("label", { "for": id }, [f.title]), help(f, id + "-help"), input,
      el("p", { "class": "td-form__error", id: id + "-err", hidden: true })]);
  }

  function fillUnitRef(select) {
    var current = state.values[select.name] || "";
    select.textContent = "";
    select.appendChild(el("option", { value: "", text: "Chính đơn vị đề nghị" }));
    var unit = unitsById[state.unit];
    (unit ? unit.sub : []).forEach(function (id) {
      select.appendChild(el("option", { value: id, text: unitsById[id] ? unitsById[id].name : id }));
    });
    var ok = unit && unit.sub.indexOf(current) !== -1;
    state.values[select.name] = ok ? current : "";
    select.value = state.values[select.name];
  }

  function renderAll() {
    var box = $("td-form-fields"), docs = $("td-form-documents");
    box.textContent = "";
    docs.textContent = "";
    spec().fields.forEach(function (f) {
      (f.group ? docs : box).appendChild(f.group ? renderDocument(f) : renderField(f));
    });
  }

  // ---------------------------------------------------------------- showing the result

  function problemItem(p) {
    var link = el("a", { href: "#" + p.anchor, text: p.message });
    link.addEventListener("click", function (event) {
      var target = $(p.anchor);
      if (!target) return;
      event.preventDefault();
      target.focus();
      target.scrollIntoView({ block: "center" });
    });
    var meta = el("span", { "class": "td-form__meta" });
    if (p.code) {
      meta.appendChild(p.category === "criterion"
        ? el("a", { href: "../tieu-chi/#" + p.code }, [el("code", { text: p.code })]) : el("code", { text: p.code }));
    }
    if (p.citation) meta.appendChild(document.createTextNode(" · Căn cứ: mục " + p.citation));
    if (p.hint) meta.appendChild(document.createTextNode((p.code || p.citation ? " · " : "") + "Cách khắc phục: " + p.hint));
    return el("li", { "data-code": p.code, "data-field": p.field }, [link, meta]);
  }

  var VERDICT_NOTES = {
    eligible: "Không phát hiện lỗi. Khi nộp, chương trình kiểm tra còn xem các tệp PDF có đúng và đủ không.",
    pending: "Hồ sơ nộp được; được xét khi bổ sung thông tin còn thiếu.",
    ineligible: "Hồ sơ không đạt tiêu chí của kế hoạch (xem lỗi bên dưới).",
    invalid: "Cần điền đủ và đúng các trường bắt buộc (xem lỗi bên dưới)."
  };

  function update() {
    var problems = check(), verdict = verdictOf(problems);
    var errors = problems.filter(function (p) { return p.severity === "error"; });
    var pending = problems.filter(function (p) { return p.severity === "warning"; });

    var line = $("td-form-verdict");
    if (line.dataset.verdict !== verdict) {   // the live region speaks only when the verdict changes
      line.dataset.verdict = verdict;
      line.className = "td-form__verdict td-form__verdict--" + verdict;
      line.textContent = "";
      line.appendChild(document.createTextNode("Kết quả kiểm tra: "));
      line.appendChild(el("span", { "class": "td-form__verdict-label", text: D.verdicts[verdict] }));
      line.appendChild(document.createTextNode(". " + VERDICT_NOTES[verdict]));
    }
    $("td-form-bar-link").textContent = "Kết quả kiểm tra: " + D.verdicts[verdict] +
      (errors.length ? " · " + errors.length + " lỗi" : "") + (pending.length ? " · " + pending.length + " chờ bổ sung" : "");
    $("td-form-errors-count").textContent = String(errors.length);
    $("td-form-pending-count").textContent = String(pending.length);
    [["td-form-errors", errors], ["td-form-pending", pending]].forEach(function (pair) {
      var list = $(pair[0]);
      // Rebuilt only when it changed: a link being clicked must survive the blur it causes.
      var key = JSON.stringify(pair[1].map(function (p) { return [p.code, p.message, p.anchor]; }));
      if (list.dataset.key === key) return;
      list.dataset.key = key;
      list.textContent = "";
      pair[1].forEach(function (p) { list.appendChild(problemItem(p)); });
      $(pair[0] + "-wrap").hidden = pair[1].length === 0;
    });

    // Messages beside the fields they concern, once the field was touched (or on download).
    var byAnchorBox = {};
    problems.forEach(function (p) {
      var box = p.field === "initiatives" && /-\d+-/.test(p.anchor)
        ? p.anchor.replace(/-(title|applied_on)$/, "-err") : idFor(p.field) + "-err";
      if (p.field === "unit") box = "td-f-unit-err";
      (byAnchorBox[box] = byAnchorBox[box] || []).push(p);
    });
    Array.prototype.forEach.call(root.querySelectorAll(".td-form__error"), function (node) {
      var field = node.id.replace(/^td-f-/, "").replace(/(-\d+)?-err$/, "");
      var items = byAnchorBox[node.id] || [];
      var visible = items.length > 0 && (state.showAll || state.touched[field]);
      var invalid = visible && items.some(function (p) { return p.severity === "error"; });
      node.hidden = !visible;
      node.textContent = visible ? items.map(function (p) { return p.message; }).join(" ") : "";
      node.classList.toggle("td-form__error--pending", visible && !invalid);
      var controls = root.querySelectorAll("[aria-describedby~='" + node.id + "']");
      Array.prototype.forEach.call(controls, function (c) {
        if (invalid) c.setAttribute("aria-invalid", "true"); else c.removeAttribute("aria-invalid");
      });
    });

    // Document defaults follow the name until edited.
    spec().fields.forEach(function (f) {
      if (f.group && !state.docEdited[f.name]) {
        var input = $(idFor(f.name));
        if (input && document.activeElement !== input) input.value = documentDefault(f);
      }
    });

    // Output.
    var ready = !!state.unit && !!slugify(text("name")) && !incomplete();
    var content = ready ? yaml() : "";
    $("td-form-path").textContent = folder() + fileName();
    ["td-form-folder", "td-f-dossier-folder"].forEach(function (id) {
      if ($(id)) $(id).textContent = folder() + (id === "td-f-dossier-folder" ? "dossier/" : "");
    });
    $("td-form-yaml").textContent = content;
    $("td-form-download").disabled = !ready;
    var note = $("td-form-output-note");
    note.textContent = !ready
      ? (incomplete() ? "Có ngày chưa nhập đủ: sửa trước khi tải tệp." : "Chọn đơn vị và nhập tên để tạo tệp hồ sơ.")
      : (verdict === "eligible" || verdict === "pending" ? "Tệp sẵn sàng để nộp."
        : "Hồ sơ còn lỗi: tệp vẫn tải được để lưu nháp, nhưng sẽ bị báo lỗi khi nộp.");
    var forge = $("td-form-forge");
    if (forge) {
      if (ready) { forge.href = forgeUrl(content); forge.removeAttribute("aria-disabled"); }
      else { forge.removeAttribute("href"); forge.setAttribute("aria-disabled", "true"); }
    }
    root.dataset.problems = String(problems.length);
  }

  function incomplete() {
    return Object.keys(state.bad).some(function (k) {
      return state.bad[k] && fieldsOf(state.kind).some(function (f) { return f.name === k; });
    }) || initiativeItems().some(function (i) { return i.bad; });
  }

  function download() {
    state.showAll = true;
    update();
    if ($("td-form-download").disabled) return;
    var blob = new Blob([yaml()], { type: "application/yaml;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: fileName(), hidden: true });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // ---------------------------------------------------------------- start

  function setup() {
    root = document.querySelector(".md-content") || document.body;
    var source = $("td-form-data");
    if (!source || !$("td-form-fields") || root.dataset.formReady) return;
    root.dataset.formReady = "1";
    D = JSON.parse(source.textContent);
    D.units.forEach(function (g) { g.units.forEach(function (u) { unitsById[u.id] = u; }); });
    var unit = $("td-f-unit");
    unit.addEventListener("change", function () {
      state.unit = unit.value;
      state.touched.unit = true;
      Array.prototype.forEach.call(root.querySelectorAll("select"), function (s) {
        var f = fieldsOf(state.kind).filter(function (x) { return x.name === s.name; })[0];
        if (f && f.unit_ref) fillUnitRef(s);
      });
      update();
    });
    unit.addEventListener("blur", function () { state.touched.unit = true; update(); });
    Array.prototype.forEach.call(document.querySelectorAll("input[name=td-kind]"), function (radio) {
      if (radio.checked) state.kind = radio.value;
      radio.addEventListener("change", function () {
        if (!radio.checked) return;
        state.kind = radio.value;
        renderAll();
        update();
      });
    });
    state.unit = unit.value;
    $("td-form-download").addEventListener("click", download);
    var forge = $("td-form-forge");
    if (forge) forge.addEventListener("click", function (event) {
      state.showAll = true;
      update();
      if (!forge.getAttribute("href")) event.preventDefault();
    });
    renderAll();
    update();
    root.dataset.formState = "ready";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
