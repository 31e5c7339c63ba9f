// Runs in every page a browser test opens (tests/browser/conftest.py): quick checks on load, then axe.
(() => {
  const ENGLISH = __ENGLISH__;
  const report = (kind, data) => window.__lkpReport && window.__lkpReport({kind, url: location.href, ...data});
  function quick() {
    const html = document.documentElement;
    const lang = html.getAttribute("lang") || "";
    const texts = [document.body ? document.body.innerText : ""];
    document.querySelectorAll("[aria-label],[placeholder],[title],img[alt]").forEach(el => {
      ["aria-label", "placeholder", "title", "alt"].forEach(a => {
        if (el.getAttribute(a)) { texts.push(el.getAttribute(a)); }
      });
    });
    const text = texts.join("\n");
    const english = lang.startsWith("id") ? ENGLISH.filter(m => text.includes(m)) : [];
    report("quick", {lang, scrollWidth: html.scrollWidth, innerWidth: window.innerWidth, english,
                     isHtml: document.contentType === "text/html"});
  }
  async function runAxe(force) {
    if (!window.axe || document.contentType !== "text/html") { return; }
    // A page showing a form's errors is another kind of page than the same address without them.
    const state = document.querySelector(".is-invalid, .invalid-feedback, .alert-danger, .alert-warning") ? "errors" : "";
    if (!force && !(await window.__lkpAxeWanted(location.href, window.innerWidth, state))) { return; }
    try {
      const result = await window.axe.run(document, {resultTypes: ["violations"]});
      const bad = result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
      report("axe", {violations: bad});
    } catch (e) { report("axe-error", {error: String(e)}); }
  }
  window.__lkpRunAxe = () => runAxe(true);
  window.addEventListener("load", () => { quick(); setTimeout(runAxe, 0); });
})();
